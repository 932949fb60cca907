//! One VEVENT block → [`Event`], its lines parsed with the `icalendar`
//! crate's property parser (`lines`: each distinct line once), or, for a
//! block out of the ordinary, whole with its component parser. Times stay
//! as written (date, floating, UTC or with a TZID); zones are resolved
//! later, once per file.

use super::participation::{Attendee, People};
use super::Participation;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use icalendar::parser::{Component, Property};
use std::sync::Arc;

/// A date or date-time as the file writes it. A TZID is shared by the
/// stamps that name it (see [`Shared`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Stamp {
    Date(NaiveDate),
    Floating(NaiveDateTime),
    Utc(NaiveDateTime),
    Zoned(NaiveDateTime, Arc<str>),
}

impl Stamp {
    pub fn is_date(&self) -> bool {
        matches!(self, Stamp::Date(_))
    }
}

/// An RDATE: a start, and for a PERIOD its own end or duration.
#[derive(Debug, Clone)]
pub(crate) struct RDate {
    pub start: Stamp,
    pub end: Option<PeriodEnd>,
}

#[derive(Debug, Clone)]
pub(crate) enum PeriodEnd {
    At(Stamp),
    Lasting(Span),
}

/// A DURATION: weeks and days are nominal (wall-clock days, 23 or 25 hours
/// across DST), the rest exact (RFC 5545 3.3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub days: i64,
    pub seconds: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    None,
    Confirmed,
    Tentative,
    Cancelled,
}

#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Physical line of BEGIN:VEVENT.
    pub line: u64,
    pub uid: Arc<str>,
    /// Texts shared with every occurrence of the event.
    pub summary: Arc<str>,
    pub description: Arc<str>,
    pub location: Arc<str>,
    pub categories: Arc<[String]>,
    pub start: Stamp,
    pub end: Option<Stamp>,
    pub duration: Option<Span>,
    pub rrules: Vec<String>,
    /// EXRULEs (removed from RFC 5545, still written by older Apple and
    /// libical exports, and honoured by their apps): instances taken out.
    pub exrules: Vec<String>,
    pub rdates: Vec<RDate>,
    pub exdates: Vec<Stamp>,
    pub recurrence_id: Option<Stamp>,
    pub this_and_future: bool,
    pub status: Status,
    pub transparent: bool,
    /// ATTENDEE and ORGANIZER as the model counts them, with the
    /// manager's answer: worked out once, as the block is read, and shared
    /// with every occurrence.
    pub people: People,
    pub sequence: i64,
    /// Of a file of several calendars, the one it is in
    /// (`components::Block::calendar`).
    pub calendar: u32,
}

impl Event {
    /// Every date and date-time the event names, in the order of its
    /// fields: DTSTART, DTEND, EXDATEs, RECURRENCE-ID, RDATEs and their ends.
    pub fn stamps(&self) -> impl Iterator<Item = &Stamp> {
        std::iter::once(&self.start)
            .chain(&self.end)
            .chain(&self.exdates)
            .chain(&self.recurrence_id)
            .chain(self.rdates.iter().map(|r| &r.start))
            .chain(self.rdates.iter().filter_map(|r| match &r.end {
                Some(PeriodEnd::At(end)) => Some(end),
                _ => None,
            }))
    }

    /// [`Event::stamps`], to change.
    pub fn stamps_mut(&mut self) -> impl Iterator<Item = &mut Stamp> {
        let rdates = self.rdates.iter_mut().flat_map(|r| {
            let end = match &mut r.end {
                Some(PeriodEnd::At(end)) => Some(end),
                _ => None,
            };
            std::iter::once(&mut r.start).chain(end)
        });
        std::iter::once(&mut self.start)
            .chain(&mut self.end)
            .chain(&mut self.exdates)
            .chain(&mut self.recurrence_id)
            .chain(rdates)
    }
}

/// What the events of one batch of blocks share instead of each making
/// its own copy: the empty text and list, and the TZIDs met (a calendar
/// names a handful, on every DTSTART, DTEND and EXDATE).
pub(crate) struct Shared {
    empty: Arc<str>,
    no_list: Arc<[String]>,
    tzids: Vec<Arc<str>>,
}

/// Past this many distinct TZIDs in a batch (only a strange file has
/// them), further ones are not shared, so the search stays short.
const SHARED_TZIDS: usize = 32;

impl Shared {
    pub fn new() -> Self {
        Shared {
            empty: Arc::from(""),
            no_list: Arc::from([]),
            tzids: Vec::new(),
        }
    }

    fn tzid(&mut self, name: &str) -> Arc<str> {
        if let Some(t) = self.tzids.iter().find(|t| ***t == *name) {
            return t.clone();
        }
        let t: Arc<str> = Arc::from(name);
        if self.tzids.len() < SHARED_TZIDS {
            self.tzids.push(t.clone());
        }
        t
    }
}

/// Parses one VEVENT block (unfolded text, CRLF line ends); `me` are the
/// manager's addresses. The error is one line saying what is wrong, for a
/// warning at the block's line.
pub(crate) fn parse_event<'t>(
    block: &'t str,
    line: u64,
    me: &[String],
    (shared, lines): (&mut Shared, &mut super::lines::Lines<'t>),
) -> Result<Event, String> {
    if lines.read(block) {
        return from_properties((lines.block(), false), line, me, shared);
    }
    // Anything out of the ordinary (a sub-component, a line the property
    // parser reads only in part) is left to the component parser, which
    // says which line is wrong.
    let component = parse_component(block)?;
    from_properties((&component.properties, true), line, me, shared)
}

/// icalendar's parser on one block, with its error cut down to the
/// offending line.
pub(crate) fn parse_component(block: &str) -> Result<Component<'_>, String> {
    match icalendar::parser::read_calendar_simple(block) {
        Ok(mut components) if components.len() == 1 => Ok(components.remove(0)),
        Ok(_) => Err("not one component".to_string()),
        Err(e) => {
            let offset = block.len() - e.input.len();
            let at = block[..offset].rfind('\n').map_or(0, |i| i + 1);
            let bad = block[at..].lines().next().unwrap_or("");
            let shown: String = bad.chars().take(60).collect();
            Err(format!("cannot parse line '{shown}'"))
        }
    }
}

fn param<'a>(prop: &'a Property<'_>, key: &str) -> Option<&'a str> {
    prop.params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// The properties the reader uses (any other is ignored, and left out of
/// the text before parsing: `components::Head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Name {
    Uid,
    Summary,
    Description,
    Location,
    Categories,
    DtStart,
    DtEnd,
    Duration,
    RRule,
    ExRule,
    RDate,
    ExDate,
    RecurrenceId,
    Status,
    Transp,
    Attendee,
    Organizer,
    Sequence,
}

impl Name {
    /// Texts only a rule's `description`, `location` or `categories`
    /// condition looks at.
    pub(crate) fn is_rule_text(self) -> bool {
        matches!(self, Name::Description | Name::Location | Name::Categories)
    }
}

/// The longest name [`Name`] knows: RECURRENCE-ID.
const LONGEST_NAME: usize = 13;

impl Name {
    /// A property's name in any case (ASCII case folding, as
    /// `eq_ignore_ascii_case`). Exporters write names in capitals: those
    /// are matched as written, others upper-cased first.
    pub(crate) fn of(name: &str) -> Option<Name> {
        let bytes = name.as_bytes();
        if let Some(known) = Name::of_upper(bytes) {
            return Some(known);
        }
        if bytes.len() > LONGEST_NAME || !bytes.iter().any(u8::is_ascii_lowercase) {
            return None;
        }
        let mut upper = [0u8; LONGEST_NAME];
        for (u, b) in upper.iter_mut().zip(bytes) {
            *u = b.to_ascii_uppercase();
        }
        Name::of_upper(&upper[..bytes.len()])
    }

    fn of_upper(name: &[u8]) -> Option<Name> {
        Some(match name {
            b"UID" => Name::Uid,
            b"SUMMARY" => Name::Summary,
            b"DESCRIPTION" => Name::Description,
            b"LOCATION" => Name::Location,
            b"CATEGORIES" => Name::Categories,
            b"DTSTART" => Name::DtStart,
            b"DTEND" => Name::DtEnd,
            b"DURATION" => Name::Duration,
            b"RRULE" => Name::RRule,
            b"EXRULE" => Name::ExRule,
            b"RDATE" => Name::RDate,
            b"EXDATE" => Name::ExDate,
            b"RECURRENCE-ID" => Name::RecurrenceId,
            b"STATUS" => Name::Status,
            b"TRANSP" => Name::Transp,
            b"ATTENDEE" => Name::Attendee,
            b"ORGANIZER" => Name::Organizer,
            b"SEQUENCE" => Name::Sequence,
            _ => return None,
        })
    }
}

/// An event as its properties are read: what is gathered before it is
/// whole (DTSTART, the lists, the people).
struct Reading<'s> {
    ev: Event,
    start: Option<Stamp>,
    categories: Vec<String>,
    attendees: Vec<Attendee>,
    organizer: Option<String>,
    shared: &'s mut Shared,
}

/// The event `properties` make. `across_lines`: they were parsed from the
/// whole block, so a parameter may have run on into the next line.
fn from_properties<'p, 't: 'p>(
    (properties, across_lines): (impl IntoIterator<Item = &'p Property<'t>>, bool),
    line: u64,
    me: &[String],
    shared: &mut Shared,
) -> Result<Event, String> {
    let mut r = Reading {
        ev: Event::empty(line, shared),
        start: None,
        categories: Vec::new(),
        attendees: Vec::new(),
        organizer: None,
        shared,
    };
    for prop in properties {
        if across_lines {
            check_parameters(prop)?;
        }
        let Some(name) = Name::of(prop.name.as_str()) else {
            continue;
        };
        if !read_text(&mut r, name, prop) && !read_time(&mut r, name, prop)? {
            read_status_and_people(&mut r, name, prop);
        }
    }
    let mut ev = r.ev;
    // An instance cancelled in an iTIP CANCEL may name it by RECURRENCE-ID
    // alone (RFC 5546 3.2.5): it starts when it would have.
    let cancelled_instance = (ev.status == Status::Cancelled)
        .then(|| ev.recurrence_id.clone())
        .flatten();
    ev.start = r.start.or(cancelled_instance).ok_or("no DTSTART")?;
    if !r.categories.is_empty() {
        ev.categories = Arc::from(r.categories);
    }
    ev.people = super::participation::people(r.attendees, r.organizer, me, &r.shared.no_list);
    Ok(ev)
}

impl Event {
    /// An event with nothing read yet (its DTSTART is set last).
    fn empty(line: u64, shared: &Shared) -> Self {
        Event {
            line,
            uid: shared.empty.clone(),
            summary: shared.empty.clone(),
            description: shared.empty.clone(),
            location: shared.empty.clone(),
            categories: shared.no_list.clone(),
            start: Stamp::Date(NaiveDate::MIN),
            end: None,
            duration: None,
            rrules: Vec::new(),
            exrules: Vec::new(),
            rdates: Vec::new(),
            exdates: Vec::new(),
            recurrence_id: None,
            this_and_future: false,
            status: Status::None,
            transparent: false,
            people: People::nobody(&shared.no_list),
            sequence: 0,
            calendar: 0,
        }
    }
}

/// Lines are unfolded before parsing, so a line break inside a parameter
/// means its line had no ':' and the parser ran on into the next line
/// (`DTSTART;TZID=Europe/London 20261109T100000`): that line is the error.
fn check_parameters(prop: &Property<'_>) -> Result<(), String> {
    let Some(p) = prop.params.iter().find(|p| {
        p.val
            .as_ref()
            .is_some_and(|v| memchr::memchr2(b'\r', b'\n', v.as_str().as_bytes()).is_some())
    }) else {
        return Ok(());
    };
    let val = p.val.as_ref().map_or("", |v| v.as_str());
    let shown: String = format!("{};{}={}", prop.name.as_str(), p.key.as_str(), val)
        .split(['\r', '\n'])
        .next()
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    Err(format!("cannot parse line '{shown}'"))
}

/// UID, SUMMARY, DESCRIPTION, LOCATION, CATEGORIES; false for another name.
fn read_text(r: &mut Reading<'_>, name: Name, prop: &Property<'_>) -> bool {
    let val = prop.val.as_str();
    let ev = &mut r.ev;
    match name {
        Name::Uid => ev.uid = Arc::from(val.trim()),
        Name::Summary => ev.summary = Arc::from(val),
        Name::Description => {
            ev.description = if left_escaped(prop) && val.contains('\\') {
                Arc::from(unescape(val))
            } else {
                Arc::from(val)
            }
        }
        Name::Location => ev.location = Arc::from(val),
        Name::Categories => r.categories.extend(
            split_list(val)
                .map(|s| unescape(s.trim()))
                .filter(|s| !s.is_empty()),
        ),
        _ => return false,
    }
    true
}

/// DTSTART (into `start`), DTEND, DURATION, RRULE, RDATE, EXDATE,
/// RECURRENCE-ID; false for another name, an error for a bad value.
fn read_time(r: &mut Reading<'_>, name: Name, prop: &Property<'_>) -> Result<bool, String> {
    let val = prop.val.as_str();
    let (ev, shared) = (&mut r.ev, &mut *r.shared);
    match name {
        Name::DtStart => {
            r.start = Some(stamp(prop, shared).map_err(|e| format!("DTSTART: {e}"))?);
        }
        Name::DtEnd => ev.end = Some(stamp(prop, shared).map_err(|e| format!("DTEND: {e}"))?),
        Name::Duration => {
            ev.duration = Some(
                parse_duration(val.trim())
                    .ok_or_else(|| format!("DURATION: '{}' is not a duration", val.trim()))?,
            );
        }
        Name::RRule => ev.rrules.push(val.trim().to_string()),
        Name::ExRule => ev.exrules.push(val.trim().to_string()),
        Name::RDate => rdates(prop, &mut ev.rdates, shared).map_err(|e| format!("RDATE: {e}"))?,
        Name::ExDate => {
            stamps(prop, &mut ev.exdates, shared).map_err(|e| format!("EXDATE: {e}"))?;
        }
        Name::RecurrenceId => {
            let id = stamp(prop, shared).map_err(|e| format!("RECURRENCE-ID: {e}"))?;
            ev.recurrence_id = Some(id);
            ev.this_and_future =
                param(prop, "RANGE").is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// STATUS, TRANSP, ATTENDEE, ORGANIZER, SEQUENCE; other names are ignored.
fn read_status_and_people(r: &mut Reading<'_>, name: Name, prop: &Property<'_>) {
    let val = prop.val.as_str();
    match name {
        Name::Status => {
            let v = val.trim();
            let is = |s: &str| v.eq_ignore_ascii_case(s);
            r.ev.status = if is("CANCELLED") {
                Status::Cancelled
            } else if is("TENTATIVE") {
                Status::Tentative
            } else if is("CONFIRMED") {
                Status::Confirmed
            } else {
                Status::None
            };
        }
        Name::Transp => r.ev.transparent = val.trim().eq_ignore_ascii_case("TRANSPARENT"),
        Name::Attendee => r.attendees.extend(attendee(prop)),
        Name::Organizer => {
            let address = person_address(prop);
            if !address.is_empty() {
                r.organizer = Some(address);
            }
        }
        Name::Sequence => r.ev.sequence = val.trim().parse().unwrap_or(0),
        _ => {}
    }
}

/// An ATTENDEE's or the ORGANIZER's address: its EMAIL parameter (RFC
/// 7986) when it has one, else its value. iCloud writes a relay or a
/// `urn:uuid:` as the value and the person's own address in EMAIL.
fn person_address(prop: &Property<'_>) -> String {
    let email = param(prop, "EMAIL").map(address).filter(|a| !a.is_empty());
    let found = email.unwrap_or_else(|| address(prop.val.as_str()));
    // Outlook's value for a person with no address: one placeholder for
    // all of them, who are told apart by their names.
    match (found.as_str(), param(prop, "CN")) {
        (NO_ADDRESS, Some(name)) if !name.trim().is_empty() => {
            format!("{NO_ADDRESS}#{}", name.trim().to_lowercase())
        }
        _ => found,
    }
}

/// What Outlook writes as the address of an attendee who has none.
const NO_ADDRESS: &str = "invalid:nomail";

/// An ATTENDEE line, unless it has no address.
fn attendee(prop: &Property<'_>) -> Option<Attendee> {
    let address = person_address(prop);
    if address.is_empty() {
        return None;
    }
    let partstat = match param(prop, "PARTSTAT") {
        Some(p) if p.eq_ignore_ascii_case("ACCEPTED") => Participation::Accepted,
        Some(p) if p.eq_ignore_ascii_case("DECLINED") => Participation::Declined,
        Some(p) if p.eq_ignore_ascii_case("TENTATIVE") => Participation::Tentative,
        Some(p) if p.eq_ignore_ascii_case("DELEGATED") => Participation::Delegated,
        _ => Participation::NeedsAction,
    };
    let is_room = param(prop, "CUTYPE")
        .is_some_and(|c| c.eq_ignore_ascii_case("ROOM") || c.eq_ignore_ascii_case("RESOURCE"));
    Some(Attendee {
        address,
        partstat,
        is_room,
    })
}

/// `mailto:Ada@Example.com` → `ada@example.com`.
pub(crate) fn address(val: &str) -> String {
    let v = val.trim();
    let v = match v.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &v[7..],
        _ => v,
    };
    let v = v.trim();
    // The same as `to_lowercase` for ASCII (nearly every address), without
    // going through Unicode's tables character by character.
    if v.is_ascii() {
        v.to_ascii_lowercase()
    } else {
        v.to_lowercase()
    }
}

/// Splits a comma-separated list, keeping escaped commas (`\,`).
fn split_list(val: &str) -> impl Iterator<Item = &str> {
    let mut parts = Vec::new();
    let bytes = val.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b',' => {
                parts.push(&val[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&val[start..]);
    parts.into_iter()
}

/// Whether icalendar left this TEXT value escaped: it unescapes by the
/// value type, which it finds from an upper-case property name (so not for
/// the lower-case `description` that `components` writes) unless a VALUE
/// parameter names a type.
fn left_escaped(prop: &Property<'_>) -> bool {
    prop.name.as_str().chars().any(char::is_lowercase)
        && prop
            .params
            .iter()
            .find(|p| p.key.as_str() == "VALUE")
            .and_then(|p| p.val.as_ref())
            .is_none_or(|v| v.as_str().parse::<icalendar::ValueType>().is_err())
}

/// RFC 5545 TEXT unescaping exactly as icalendar does it for the values it
/// unescapes itself (an unknown escape is kept as written), copying the runs
/// between backslashes whole. The one unescaper, for the values icalendar
/// leaves raw: DESCRIPTION (see `left_escaped`), list items, calendar-level
/// properties.
pub(crate) fn unescape(val: &str) -> String {
    let bytes = val.as_bytes();
    let mut out = String::with_capacity(val.len());
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\\', &bytes[from..]) {
        let at = from + i;
        out.push_str(&val[from..at]);
        match bytes.get(at + 1) {
            Some(b'\\') => out.push('\\'),
            Some(b',') => out.push(','),
            Some(b';') => out.push(';'),
            Some(b':') => out.push(':'),
            Some(b'n' | b'N') => out.push('\n'),
            // An unknown escape (the next character may be multi-byte) or
            // a trailing backslash: kept as written.
            Some(_) => {
                out.push('\\');
                from = at + 1;
                continue;
            }
            None => {
                out.push('\\');
                return out;
            }
        }
        from = at + 2;
    }
    if from < val.len() {
        out.push_str(&val[from..]);
    }
    out
}

fn stamp(prop: &Property<'_>, shared: &mut Shared) -> Result<Stamp, String> {
    let (tzid, val) = zoned_value(prop, shared);
    let value_date = param(prop, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    parse_stamp(val.trim(), tzid.as_ref(), value_date)
}

/// The TZID and the value of a date property. An unquoted Windows display
/// name (`TZID=(UTC+01:00) Amsterdam, Berlin:20261109T100000`) is cut by
/// the parser at its first colon, into a TZID `(UTC+01` and a value
/// `00) Amsterdam, Berlin:20261109T100000` (and "(GMT) Greenwich Mean
/// Time : Dublin, …" at its second), as Outlook's unquoted
/// `TZID=tzone://Microsoft/Utc` is at its scheme: the two are joined again
/// and cut at the value's last colon (a date-time has none).
/// The TZID is trimmed, and shared through `shared`.
fn zoned_value<'a>(prop: &'a Property<'_>, shared: &mut Shared) -> (Option<Arc<str>>, &'a str) {
    // `TZID=` (icalendar reads its value as none) names the empty TZID.
    let tzid = param(prop, "TZID").or_else(|| {
        (prop.params.iter())
            .any(|p| p.key.as_str().eq_ignore_ascii_case("TZID"))
            .then_some("")
    });
    let val = prop.val.as_str();
    if let Some(t) = tzid {
        let cut = t.trim_start().starts_with('(') || val.starts_with("//");
        if let Some((rest, value)) = val.rsplit_once(':').filter(|_| cut) {
            return (Some(shared.tzid(format!("{t}:{rest}").trim())), value);
        }
    }
    (tzid.map(|t| shared.tzid(t.trim())), val)
}

fn stamps(prop: &Property<'_>, into: &mut Vec<Stamp>, shared: &mut Shared) -> Result<(), String> {
    let (tzid, val) = zoned_value(prop, shared);
    let value_date = param(prop, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    for v in val.split(',') {
        let v = v.trim();
        if !v.is_empty() {
            into.push(parse_stamp(v, tzid.as_ref(), value_date)?);
        }
    }
    Ok(())
}

fn rdates(prop: &Property<'_>, into: &mut Vec<RDate>, shared: &mut Shared) -> Result<(), String> {
    let (tzid, val) = zoned_value(prop, shared);
    let tzid = tzid.as_ref();
    let kind = param(prop, "VALUE").map(|v| v.to_ascii_uppercase());
    for v in val.split(',') {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        if let Some((a, b)) = v.split_once('/') {
            let start = parse_stamp(a, tzid, false)?;
            let end = if b.starts_with(['P', '+', '-']) {
                PeriodEnd::Lasting(
                    parse_duration(b).ok_or_else(|| format!("'{b}' is not a duration"))?,
                )
            } else {
                PeriodEnd::At(parse_stamp(b, tzid, false)?)
            };
            into.push(RDate {
                start,
                end: Some(end),
            });
        } else {
            into.push(RDate {
                start: parse_stamp(v, tzid, kind.as_deref() == Some("DATE"))?,
                end: None,
            });
        }
    }
    Ok(())
}

/// `20261025`, `20261025T100000`, `20261025T100000Z`, with an optional TZID
/// (already trimmed).
pub(crate) fn parse_stamp(
    v: &str,
    tzid: Option<&Arc<str>>,
    value_date: bool,
) -> Result<Stamp, String> {
    let bad = || format!("'{v}' is not a date or date-time");
    if v.len() == 8 || value_date {
        let d = ymd(v.get(..8).ok_or_else(bad)?).ok_or_else(bad)?;
        return Ok(Stamp::Date(d));
    }
    let (body, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(b) => (b, true),
        None => (v, false),
    };
    if body.len() != 15 || !body.is_char_boundary(8) || !body[8..].starts_with(['T', 't']) {
        return Err(bad());
    }
    let date = ymd(&body[..8]).ok_or_else(bad)?;
    let digits = &body[9..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<u32>().unwrap_or(99);
    // A leap second (60) is read as the end of its minute.
    let (h, m, s) = (n(0..2), n(2..4), n(4..6).min(59));
    let time = NaiveTime::from_hms_opt(h, m, s).ok_or_else(bad)?;
    let dt = date.and_time(time);
    Ok(if utc {
        Stamp::Utc(dt)
    } else if let Some(tz) = tzid {
        // An empty TZID is a name too: Exchange 2010 writes `TZID=` with a
        // VTIMEZONE whose TZID is empty.
        Stamp::Zoned(dt, tz.clone())
    } else {
        Stamp::Floating(dt)
    })
}

/// `YYYYMMDD`: eight digits read directly (this runs for every date of
/// every event); anything else as chrono's `%Y%m%d` reads it.
fn ymd(v: &str) -> Option<NaiveDate> {
    let b = v.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let n =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
        return NaiveDate::from_ymd_opt(n(0..4) as i32, n(4..6), n(6..8));
    }
    NaiveDate::parse_from_str(v, "%Y%m%d").ok()
}

/// RFC 5545 3.3.6: `[+-]P[nW][nD][T[nH][nM][nS]]`, also the `P1DT2H` and
/// `P2W1D` mixes real files write. Negative durations are returned as such.
pub(crate) fn parse_duration(v: &str) -> Option<Span> {
    let (neg, rest) = match v.as_bytes().first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut span = Span::default();
    let mut in_time = false;
    let mut num: Option<i64> = None;
    let mut any = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                let d = c as i64 - '0' as i64;
                num = Some(num.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            }
            'T' | 't' => in_time = true,
            _ => {
                let n = num.take()?;
                any = true;
                match (c.to_ascii_uppercase(), in_time) {
                    ('W', false) => span.days = span.days.checked_add(n.checked_mul(7)?)?,
                    ('D', false) => span.days = span.days.checked_add(n)?,
                    ('H', true) => span.seconds = span.seconds.checked_add(n.checked_mul(3600)?)?,
                    ('M', true) => span.seconds = span.seconds.checked_add(n.checked_mul(60)?)?,
                    ('S', true) => span.seconds = span.seconds.checked_add(n)?,
                    _ => return None,
                }
            }
        }
    }
    if num.is_some() || !any {
        return None;
    }
    if neg {
        span.days = -span.days;
        span.seconds = -span.seconds;
    }
    Some(span)
}

impl Span {
    pub fn is_negative(self) -> bool {
        self.days < 0 || self.seconds < 0
    }

    /// Roughly how long, for limits (a day counted as 24 h).
    pub fn approx(self) -> TimeDelta {
        TimeDelta::try_seconds(
            self.days
                .saturating_mul(86_400)
                .saturating_add(self.seconds),
        )
        .unwrap_or(TimeDelta::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::Lines;
    use super::*;

    fn block(uid: &str, attendee_lines: &[&str]) -> String {
        let mut b = format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20261109T100000Z\r\n");
        for a in attendee_lines {
            b.push_str(a);
            b.push_str("\r\n");
        }
        b + "TRANSP:OPAQUE\r\nEND:VEVENT\r\n"
    }

    #[test]
    fn a_line_two_events_share_is_parsed_once_and_read_into_each() {
        let ada = "ATTENDEE;CN=Ada;PARTSTAT=ACCEPTED:mailto:Ada@Example.com";
        let bob = "ATTENDEE;CN=Bob;PARTSTAT=DECLINED:mailto:bob@example.com";
        let first = block("one", &[ada, bob]);
        let second = block("two", &[bob]);
        let (mut shared, mut lines) = (Shared::new(), Lines::new());
        let me = ["bob@example.com".to_string()];
        let a = parse_event(&first, 1, &me, (&mut shared, &mut lines)).unwrap();
        let b = parse_event(&second, 9, &me, (&mut shared, &mut lines)).unwrap();
        // UID one, DTSTART, Ada, Bob, TRANSP; then UID two is new, the
        // same DTSTART, Bob's line and TRANSP are not: 6 distinct lines.
        assert_eq!(lines.parsed.len(), 6);
        assert_eq!(&*a.uid, "one");
        assert_eq!(&*b.uid, "two");
        let addresses = |e: &Event| e.people.attendees.to_vec();
        assert_eq!(addresses(&a), ["ada@example.com", "bob@example.com"]);
        assert_eq!(addresses(&b), ["bob@example.com"]);
        assert_eq!(&*b.people.declined, ["bob@example.com"]);
    }

    #[test]
    fn a_date_time_line_with_a_known_head_keeps_its_own_value() {
        // The second block's DTSTART and UID are new lines with known
        // heads: each takes its parameters from the first block's and keeps
        // its own value (the UID unescaped, the TZID's quoted colon not
        // taken for the end of the parameters).
        let zone = r#"DTSTART;TZID="GMT+01:00":"#;
        let first = format!("BEGIN:VEVENT\r\nUID:one\r\n{zone}20261109T100000\r\nEND:VEVENT\r\n");
        let second =
            format!("BEGIN:VEVENT\r\nUID:two\\,b\r\n{zone}20261116T113000\r\nEND:VEVENT\r\n");
        let (mut shared, mut lines) = (Shared::new(), Lines::new());
        let a = parse_event(&first, 1, &[], (&mut shared, &mut lines)).unwrap();
        let b = parse_event(&second, 5, &[], (&mut shared, &mut lines)).unwrap();
        assert_eq!(lines.heads.len(), 2, "UID and DTSTART;TZID=\"GMT+01:00\"");
        let at = |d: u32, h: u32, m: u32| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        assert_eq!(a.start, Stamp::Zoned(at(9, 10, 0), Arc::from("GMT+01:00")));
        assert_eq!(
            b.start,
            Stamp::Zoned(at(16, 11, 30), Arc::from("GMT+01:00"))
        );
        assert_eq!(&*b.uid, "two,b");
    }

    /// A content line of one of the kinds exports write, odd ones
    /// included: quoted parameters with `:` and `;`, escapes, `VALUE=`
    /// types, names in lower case, a line read only in part, a line with
    /// no `:`.
    fn content_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let day = (1u32..=31, 0u32..=23).prop_map(|(d, h)| format!("202611{d:02}T{h:02}0000"));
        let text = "[a-zA-Z0-9 ,;:\\\\]{0,12}";
        prop_oneof![
            text.prop_map(|t| format!("UID:{t}")),
            text.prop_map(|t| format!("UID;X-P=1:{t}")),
            text.prop_map(|t| format!("SUMMARY:{t}")),
            day.clone().prop_map(|d| format!("DTSTART:{d}Z")),
            day.clone()
                .prop_map(|d| format!(r#"DTSTART;TZID="GMT+01:00":{d}"#)),
            day.clone()
                .prop_map(|d| format!("DTSTART;TZID=Europe/Berlin:{d}")),
            day.clone()
                .prop_map(|d| format!("dtstart;tzid=Europe/Berlin:{d}")),
            day.clone()
                .prop_map(|d| format!("DTSTART;VALUE=DATE:{}", &d[..8])),
            text.prop_map(|t| format!("DTSTART;VALUE=TEXT:{t}")),
            day.clone()
                .prop_map(|d| format!("DTEND;TZID=W. Europe Standard Time:{d}")),
            day.clone()
                .prop_map(|d| format!("RECURRENCE-ID;RANGE=THISANDFUTURE:{d}Z")),
            (day.clone(), day.clone()).prop_map(|(a, b)| format!("EXDATE:{a}Z,{b}Z")),
            day.clone()
                .prop_map(|d| format!("DTSTART;TZID=Europe/London {d}")),
            text.prop_map(|t| format!(r#"ATTENDEE;CN="{t}";PARTSTAT=DECLINED:mailto:a@b.c"#)),
            text.prop_map(|t| format!(r#"ATTENDEE;CN="Ada"{t}:mailto:a@b.c"#)),
            Just("ORGANIZER;CN=Bob:mailto:bob@b.c".to_string()),
            Just("TRANSP:TRANSPARENT".to_string()),
            Just("X-FOO;BAR".to_string()),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Whatever lines a block holds, and whatever lines and heads the
        /// reader met before, it gives what icalendar's component parser
        /// gives for the block: the same event, or the same error.
        #[test]
        fn the_line_reader_reads_blocks_as_the_component_parser_does(
            blocks in proptest::collection::vec(
                proptest::collection::vec(content_line(), 0..8), 1..6),
        ) {
            let (mut shared, mut lines) = (Shared::new(), Lines::new());
            let texts: Vec<String> = (blocks.iter())
                .map(|b| format!("BEGIN:VEVENT\r\n{}END:VEVENT\r\n", b.iter().map(|l| format!("{l}\r\n")).collect::<String>()))
                .collect();
            for text in &texts {
                let me = ["a@b.c".to_string()];
                let read = parse_event(text, 1, &me, (&mut shared, &mut lines));
                let whole = parse_component(text)
                    .and_then(|c| from_properties((&c.properties, true), 1, &me, &mut Shared::new()));
                proptest::prop_assert_eq!(format!("{read:?}"), format!("{whole:?}"), "{}", text);
            }
        }
    }

    #[test]
    fn a_line_read_only_in_part_fails_its_event_naming_the_line() {
        // A quoted CN with text after its closing quote: the property
        // parser reads `ATTENDEE` alone and leaves the rest.
        let bad = r#"ATTENDEE;CN="Ada"x:mailto:ada@example.com"#;
        let text = block("one", &[bad]);
        let (mut shared, mut lines) = (Shared::new(), Lines::new());
        let err = parse_event(&text, 1, &[], (&mut shared, &mut lines)).unwrap_err();
        assert_eq!(err, format!("cannot parse line '{bad}'"));
    }

    #[test]
    fn an_event_with_a_sub_component_is_read_as_a_component() {
        let text = "BEGIN:VEVENT\r\nUID:one\r\nDTSTART:20261109T100000Z\r\nBEGIN:X-NOTE\r\nSUMMARY:not the event's\r\nEND:X-NOTE\r\nSUMMARY:Planning\r\nEND:VEVENT\r\n";
        let (mut shared, mut lines) = (Shared::new(), Lines::new());
        let e = parse_event(text, 1, &[], (&mut shared, &mut lines)).unwrap();
        assert_eq!(&*e.summary, "Planning");
    }

    #[test]
    fn dates_read_directly_are_those_chrono_reads() {
        for year in [0, 1, 999, 1601, 1900, 2000, 2016, 2024, 2100, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let v = format!("{year:04}{month:02}{day:02}");
                    assert_eq!(ymd(&v), NaiveDate::parse_from_str(&v, "%Y%m%d").ok(), "{v}");
                }
            }
        }
        for v in [
            "2016-1-4",
            "+2016010",
            "2016010a",
            "20160104x",
            "",
            "２０１６０１０４",
        ] {
            assert_eq!(ymd(v), NaiveDate::parse_from_str(v, "%Y%m%d").ok(), "{v}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("PT1H30M"),
            Some(Span {
                days: 0,
                seconds: 5400
            })
        );
        assert_eq!(
            parse_duration("P1W2DT1S"),
            Some(Span {
                days: 9,
                seconds: 1
            })
        );
        assert_eq!(
            parse_duration("-PT15M"),
            Some(Span {
                days: 0,
                seconds: -900
            })
        );
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("PT1H2"), None);
        assert_eq!(parse_duration("P99999999999999999999W"), None);
    }

    #[test]
    fn unescaping_as_icalendar_does() {
        for raw in [
            "",
            "plain",
            r"a\,b\;c\:d\\e\nf\Ng",
            r"unknown \x and \é kept",
            r"trailing \",
            r"\\n is a backslash and n",
            "Zoë\\nMüller",
        ] {
            let icalendar = icalendar::parser::read_calendar_simple(&format!(
                "BEGIN:VEVENT\r\nDESCRIPTION:{raw}\r\nEND:VEVENT\r\n"
            ))
            .unwrap()[0]
                .properties[0]
                .val
                .as_str()
                .to_string();
            assert_eq!(unescape(raw), icalendar, "{raw}");
        }
    }

    #[test]
    fn addresses() {
        assert_eq!(address("MAILTO:Ada@Example.com"), "ada@example.com");
        assert_eq!(address("mailto:ada@example.com "), "ada@example.com");
        // No scheme, a multi-byte character over byte 7.
        assert_eq!(address("Zoë Müller"), "zoë müller");
    }

    #[test]
    fn stamps() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(parse_stamp("20261025", None, false), Ok(Stamp::Date(d)));
        assert_eq!(
            parse_stamp("20261025T093000Z", None, false),
            Ok(Stamp::Utc(d.and_hms_opt(9, 30, 0).unwrap()))
        );
        assert_eq!(
            parse_stamp("20261025T093000", Some(&Arc::from("Europe/Berlin")), false),
            Ok(Stamp::Zoned(
                d.and_hms_opt(9, 30, 0).unwrap(),
                "Europe/Berlin".into()
            ))
        );
        assert!(parse_stamp("20261325T093000", None, false).is_err());
        assert!(parse_stamp("2026-10-25", None, false).is_err());
    }
}
