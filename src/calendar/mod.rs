//! Calendars (.ics) → occurrences.
//!
//! Reads files, folders, Google export zips and stdin; expands recurrences
//! only inside the window asked for; resolves time zones (IANA, Windows
//! names, VTIMEZONE); decides which occurrences are dropped (docs/model.md,
//! step 2). Knows nothing of classification.
//!
//! The stages, one submodule each:
//!
//! - `source`: paths → decoded texts (file, folder, zip, stdin);
//! - `components`: one pass that unfolds lines and cuts the text into
//!   VEVENT/VTIMEZONE blocks with their physical line numbers, so a broken
//!   event costs only itself;
//! - `event`: a block → an event, parsed with the `icalendar` crate
//!   (blocks are parsed on every core);
//! - `zone`: TZIDs → zones, including zones only a VTIMEZONE defines;
//! - `rrule`: one RRULE → wall times, with the `rrule` crate;
//! - `recurrence`: a UID's master and overrides → instances in the
//!   window, expanded in wall-clock time and placed in their zone;
//! - `participation`: attendees, the manager's answer, the drop rules.

pub mod api;
mod components;
pub(crate) mod event;
mod lines;
mod participation;
mod recurrence;
mod repair;
mod rrule;
mod source;
pub(crate) use source::decode as decode_text;
mod windows_display_names;
mod zone;

use crate::net::CalendarSource;
use crate::Warning;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
// foldhash: a calendar is hashed by UID, TZID and time at every event; std's
// SipHash took 4% of reading a dense 10-year calendar.
use foldhash::{HashMap, HashMapExt};
use std::fmt;
use std::sync::Arc;

pub use recurrence::INSTANCE_CAP;
pub use repair::Repair;
pub use zone::Resolution;

/// What was read of one calendar (a file, or a calendar inside a zip), for
/// `twohats doctor`: counted on the way, never by reading again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// The label occurrences and warnings carry.
    pub file: Arc<str>,
    /// VEVENT components read (broken ones, skipped with a warning, not
    /// among them).
    pub events: usize,
    /// Of them, the recurring ones: a master with RRULE or RDATE.
    pub series: usize,
    /// Of them, overrides of one instance (RECURRENCE-ID).
    pub overrides: usize,
    /// Each TZID the events name, in the order first met, and how it was
    /// resolved.
    pub tzids: Vec<TzidSeen>,
    /// What was repaired, by kind (components repaired; only kinds made).
    pub repairs: Vec<(Repair, usize)>,
}

/// A TZID, how it was resolved, and the zone it stands for (an IANA name;
/// for a VTIMEZONE its own TZID; for an unknown one the manager's zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TzidSeen {
    pub tzid: String,
    pub resolution: Resolution,
    pub zone: String,
}

/// What the calendar reader needs to know of the manager and the config.
#[derive(Debug, Clone)]
pub struct CalendarOptions {
    /// The manager's addresses, lower-case, without `mailto:`.
    pub me: Vec<String>,
    /// The manager's zone: floating times, unknown TZIDs.
    pub zone: Tz,
    /// Only occurrences overlapping `[from, to)` are returned.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub count_tentative: bool,
    pub count_transparent: bool,
    pub max_event_hours: f64,
    /// Whether DESCRIPTION, LOCATION and CATEGORIES are read. Only a rule
    /// with a `description`, `location` or `categories` condition looks at
    /// them, and DESCRIPTION is most of an Outlook or Teams event's text:
    /// without such a rule they are left out before parsing.
    pub rule_texts: bool,
}

/// Where an event came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSource {
    /// The path as the user gave it (for a zip: `export.zip/name.ics`).
    pub file: Arc<str>,
    /// 1-based line of the VEVENT's BEGIN line in the unfolded... physical file.
    pub line: u64,
    pub uid: Arc<str>,
    /// X-WR-CALNAME, where the file has one.
    pub calendar_name: Option<Arc<str>>,
}

/// The manager's own answer to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Participation {
    /// The manager is not among the attendees (their own block), or the
    /// event has no attendees.
    NotInvited,
    Accepted,
    Declined,
    Tentative,
    NeedsAction,
    Delegated,
}

/// Why an occurrence claims no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    Cancelled,
    Declined,
    Transparent,
    Tentative,
    AllDay,
    /// Longer than `max_event_hours`: treated as all-day.
    TooLong,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dropped::Cancelled => "cancelled",
            Dropped::Declined => "declined",
            Dropped::Transparent => "shown as free",
            Dropped::Tentative => "tentative",
            Dropped::AllDay => "all-day",
            Dropped::TooLong => "longer than max_event_hours",
        })
    }
}

/// One expanded instance of a calendar event.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// DTSTART had VALUE=DATE.
    pub all_day: bool,
    /// Set when the occurrence claims no time, with the reason.
    pub dropped: Option<Dropped>,
    /// For an instance of a recurring series (or an override of one): the
    /// original start of the instance it is (RECURRENCE-ID).
    pub recurrence_id: Option<DateTime<Utc>>,
    /// What it shares with every other instance of its event.
    pub event: Arc<EventDetails>,
}

/// What every occurrence of one event (a series' master, an override, a
/// single event) shares: made once per event, not once per occurrence
/// (a dense calendar has tens of thousands of occurrences).
#[derive(Debug)]
pub struct EventDetails {
    pub title: Arc<str>,
    pub description: Arc<str>,
    pub location: Arc<str>,
    pub categories: Arc<[String]>,
    /// Distinct people: ATTENDEE addresses plus the ORGANIZER when not among
    /// them, lower-case without `mailto:`; rooms and resources left out.
    pub attendees: Arc<[String]>,
    /// Of the attendees, those who declined (their PARTSTAT=DECLINED): a
    /// team member who declined a 1:1 was not met.
    pub declined: Arc<[String]>,
    /// The ORGANIZER's address, lower-case without `mailto:`.
    pub organizer: Option<Arc<str>>,
    pub organizer_is_me: bool,
    pub participation: Participation,
    /// The API's event type (Graph `showAs`, Google `eventType`): the rule
    /// condition `event_type`; None for a calendar file's event.
    pub event_type: Option<Arc<str>>,
    pub source: EventSource,
}

/// Reads every calendar in `paths` (files, folders, zips, `-` for stdin) and
/// returns the occurrences overlapping the window, dropped ones included
/// (with their reason), sorted by start.
///
/// A broken event is skipped with a warning; a missing or unreadable path,
/// or a file named directly that holds no calendar, is an error naming it.
pub fn read(
    paths: &[String],
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<Vec<Occurrence>> {
    read_counted(paths, opts, warnings).map(|(all, _)| all)
}

/// [`read`], with what was read of each calendar.
pub fn read_counted(
    paths: &[String],
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<(Vec<Occurrence>, Vec<FileCounts>)> {
    let sources = paths.iter().cloned().map(CalendarSource::Given);
    read_sources(sources, opts, warnings)
}

/// [`read_counted`] of calendars as the reading stage has them: paths as
/// given, and the bodies of URLs fetched before.
pub fn read_sources(
    sources: impl IntoIterator<Item = CalendarSource>,
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<(Vec<Occurrence>, Vec<FileCounts>)> {
    let mut all = Vec::new();
    let mut counts: Vec<FileCounts> = Vec::new();
    let mut uids = UidFiles::default();
    source::for_each_input(sources, warnings, |input, warnings| {
        let file = (counts.len(), &mut uids);
        counts.push(read_one(input, opts, (warnings, file), &mut all)?);
        Ok(())
    })?;
    warnings.extend(uids.warnings(&counts));
    Ok((sorted_by_start(all), counts))
}

/// Each UID's first file (by its index in the files read) and what that
/// file says of it. Each file is read as a calendar of its own: copies of
/// an event in two files (an invitation and its update or cancellation
/// saved apart) are not merged, and both count; a warning says so.
#[derive(Default)]
struct UidFiles {
    /// The first file's UIDs and what it says of each, as read: looked up
    /// only once a second file comes (most managers have one).
    first_file: Vec<(Arc<str>, u64)>,
    first: HashMap<Arc<str>, (usize, u64)>,
    /// (first file, later file) → UIDs the later one says otherwise.
    differ: std::collections::BTreeMap<(usize, usize), usize>,
}

impl UidFiles {
    /// Notes the UIDs of file `index`'s groups (its copies of one event
    /// already merged): what each says is its master's and overrides'
    /// SEQUENCE, STATUS and the manager's answer, and how many overrides.
    /// Times are left out: one instant is written several ways (UTC in a
    /// feed, a TZID in an export), and an organizer's change of time
    /// raises the SEQUENCE.
    fn note(&mut self, index: usize, groups: &[Group<'_>]) {
        let said = groups.iter().filter_map(|g| {
            let uid = &g.master.or(g.overrides.first().copied())?.uid;
            (!uid.is_empty()).then(|| (uid, what_a_group_says(g)))
        });
        if index == 0 {
            self.first_file = said.map(|(uid, s)| (uid.clone(), s)).collect();
            return;
        }
        for (uid, s) in std::mem::take(&mut self.first_file) {
            self.first.entry(uid).or_insert((0, s));
        }
        for (uid, says) in said {
            match self.first.get(uid) {
                Some(&(first, before)) if first != index && before != says => {
                    *self.differ.entry((first, index)).or_default() += 1;
                }
                Some(_) => {}
                None => {
                    self.first.insert(uid.clone(), (index, says));
                }
            }
        }
    }

    fn warnings(&self, counts: &[FileCounts]) -> Vec<Warning> {
        let label = |i: usize| counts.get(i).map_or(String::new(), |c| c.file.to_string());
        (self.differ.iter()).map(move |(&(first, later), n)| {
            Warning::new(
                label(later),
                None,
                format!(
                    "{n} event(s) here are also in '{}' with another SEQUENCE, status, answer or overrides; files are not merged, so both copies count: join them into one file (an update or a cancellation saved apart from its invitation)",
                    label(first)
                ),
            )
        })
        .collect()
    }
}

/// The occurrences sorted by start, end, file and line, stably. A dense
/// calendar has tens of thousands: their keys are sorted, not the
/// occurrences themselves (each is moved once, not at every step).
pub(crate) fn sorted_by_start(mut all: Vec<Occurrence>) -> Vec<Occurrence> {
    // Files compared by rank (their labels in order), not text by text; a
    // file's occurrences come together, so few labels are looked at.
    let mut files: Vec<Arc<str>> = Vec::new();
    for o in &all {
        if files
            .last()
            .is_none_or(|f| !Arc::ptr_eq(f, &o.event.source.file))
        {
            files.push(o.event.source.file.clone());
        }
    }
    files.sort_unstable();
    files.dedup();
    let rank = |f: &Arc<str>| files.binary_search(f).unwrap_or(0);
    // In place, not into a second list (5 ms of a 10-year calendar's 90),
    // on every core. (Stable: ties keep their order, as each key is sorted
    // with its place.)
    all.par_sort_by_cached_key(|o| {
        (
            o.start,
            o.end,
            rank(&o.event.source.file),
            o.event.source.line,
        )
    });
    all
}

enum Parsed {
    Event(Box<event::Event>),
    /// A VTIMEZONE's TZID and its block's text.
    Zone(String, String),
}

/// One calendar's text → its occurrences in the window, stage by stage:
/// split into blocks, parse them, resolve zones, repair, group by UID,
/// expand. A file named directly that holds no calendar is an error; one
/// found in a folder or a zip is skipped with a warning.
fn read_one(
    input: source::Input,
    opts: &CalendarOptions,
    (warnings, (index, uids)): (&mut Vec<Warning>, (usize, &mut UidFiles)),
    out: &mut Vec<Occurrence>,
) -> anyhow::Result<FileCounts> {
    let file = input.label;
    let mut counts = FileCounts {
        file: file.clone(),
        ..FileCounts::default()
    };
    if let Some(problem) = not_a_calendar(&input.text) {
        if input.named {
            anyhow::bail!(
                "cannot read calendar '{}': {problem}",
                crate::warning::one_line(&*file)
            );
        }
        warnings.push(Warning::new(&*file, None, format!("skipped: {problem}")));
        return Ok(counts);
    }
    let split = components::split(&input.text, (&file, opts.rule_texts), warnings);
    drop(input.text);
    let mut tally = repair::Tally::default();
    tally.add(Repair::Indented, split.indented);
    let mut zones = zone::Zones::new(opts.zone);
    // Custom zones' transitions are worked out up to the year after the window.
    let to_year = opts.to.year() + 1;
    let events = parse_blocks(
        &split,
        (to_year, &opts.me),
        &mut zones,
        (&file, warnings),
        &mut tally,
    );
    let mut events = without_answers(events, &split.answers, (&file, warnings));
    scope_zones(&mut events, &mut zones);
    // Events own what they hold: the unfolded text is not needed any more.
    drop(split.blocks);
    drop(split.texts);
    resolve_zones(
        &split.x_wr_timezones,
        &mut events,
        &mut zones,
        &file,
        warnings,
    );
    for e in &mut events {
        if let Some(message) = repair::floating_in_event_zone(e, zones.x_wr.is_some()) {
            warnings.push(Warning::new(&*file, Some(e.line), message));
            tally.add(Repair::MixedZones, 1);
        }
    }
    counts.events = events.len();
    counts.series = (events.iter())
        .filter(|e| e.recurrence_id.is_none() && !(e.rrules.is_empty() && e.rdates.is_empty()))
        .count();
    counts.overrides = events.iter().filter(|e| e.recurrence_id.is_some()).count();
    counts.tzids = std::mem::take(&mut zones.seen);
    let groups = group_by_uid(&events, &file, warnings, &mut tally);
    uids.note(index, &groups);
    counts.repairs = tally.made();
    let cx = recurrence::Context {
        zones: &zones,
        from: opts.from,
        to: opts.to,
        label: &file,
    };
    let origin = Origin::of(file.clone(), &split.x_wr_calnames);
    let first = out.len();
    expand_groups(&groups, (&cx, opts, &origin), warnings, out);
    warnings.extend(owner_not_me(
        &split.x_wr_calnames,
        &opts.me,
        &out[first..],
        &file,
    ));
    Ok(counts)
}

/// Each group's occurrences, added to `out`, and its warnings.
fn expand_groups(
    groups: &[Group<'_>],
    (cx, opts, origin): (&recurrence::Context<'_>, &CalendarOptions, &Origin),
    warnings: &mut Vec<Warning>,
    out: &mut Vec<Occurrence>,
) {
    // Small pieces: a file's series come together (often first), and one
    // costs a hundred singles; in halves, one thread got every series.
    let results: Vec<(Vec<Occurrence>, Vec<Warning>)> = groups
        .par_iter()
        .with_max_len(16)
        .map(|g| occurrences_of(g, cx, opts, origin))
        .collect();
    // Room for all at once: each occurrence is copied once.
    out.reserve(results.iter().map(|(o, _)| o.len()).sum());
    for (occurrences, w) in results {
        out.extend(occurrences);
        warnings.extend(w);
    }
}

/// A calendar whose X-WR-CALNAME is an address (Google names a user's own
/// calendar so) that is not among the manager's, and that declined some
/// of `occurrences`: those count as attended, since whose calendar it is
/// was not said. Most likely the manager's own address, not given.
fn owner_not_me(
    calnames: &[(u32, String)],
    me: &[String],
    occurrences: &[Occurrence],
    file: &str,
) -> Option<Warning> {
    let owner = (calnames.iter())
        .map(|(_, name)| name.trim().to_lowercase())
        .filter(|name| name.contains('@') && !name.contains(char::is_whitespace))
        .find(|name| !me.contains(name))?;
    let declined = (occurrences.iter())
        .filter(|o| o.dropped.is_none() && o.event.declined.contains(&owner))
        .count();
    (declined > 0).then(|| {
        Warning::new(
            file,
            None,
            format!(
                "X-WR-CALNAME says this is {owner}'s calendar, who declined {declined} of its events; {owner} is not among the manager's addresses (--me, `emails`), so they count as attended: add it if the calendar is theirs"
            ),
        )
    })
}

/// Why `text` holds no calendar at all, if it does not (neither a
/// VCALENDAR nor a VEVENT): such a file would otherwise count nothing
/// without a word. A VCALENDAR without events is a calendar.
fn not_a_calendar(text: &str) -> Option<&'static str> {
    let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.is_empty() {
        return Some("empty file: no calendar data");
    }
    let has = |what: &str| {
        memchr::memmem::find(head.as_bytes(), what.as_bytes()).is_some()
            || head.to_ascii_uppercase().contains(what)
    };
    if has("BEGIN:VCALENDAR") || has("BEGIN:VEVENT") {
        return None;
    }
    let start = head.get(..64).unwrap_or(head).to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Some("not an iCalendar file: no BEGIN:VCALENDAR, it is a web page (HTML); export the calendar as .ics");
    }
    Some("not an iCalendar file: no BEGIN:VCALENDAR; export the calendar as .ics")
}

/// Parses the blocks on every core (they are independent), then takes them
/// in file order: events are returned, VTIMEZONEs go into `zones`, broken
/// blocks become warnings at their line, and what `components` repaired in
/// a block is named with its UID.
fn parse_blocks(
    split: &components::Split,
    (to_year, me): (i32, &[String]),
    zones: &mut zone::Zones,
    (file, warnings): (&str, &mut Vec<Warning>),
    tally: &mut repair::Tally,
) -> Vec<event::Event> {
    let parsed: Vec<Result<Parsed, String>> = (split.blocks.par_iter())
        .map_init(
            || (event::Shared::new(), lines::Lines::new()),
            |(shared, lines), b| {
                let text = &split.texts[b.chunk][b.range.clone()];
                parse_block(text, b, me, (shared, lines))
            },
        )
        .collect();
    let mut events = Vec::with_capacity(parsed.len());
    for (p, b) in parsed.into_iter().zip(&split.blocks) {
        match p {
            Ok(Parsed::Event(mut e)) => {
                block_repairs(b, || format!("UID {}", e.uid), (file, warnings), tally);
                e.calendar = b.calendar;
                events.push(*e);
            }
            Ok(Parsed::Zone(id, text)) => {
                block_repairs(b, || format!("VTIMEZONE '{id}'"), (file, warnings), tally);
                zones.add_custom(id, text, to_year, b.calendar);
            }
            Err(e) => warnings.push(Warning::new(file, Some(b.line), e)),
        }
    }
    events
}

/// The warnings for what was repaired in a block as it was cut out of the
/// text (stray lines, a VEVENT outside VCALENDAR); `what` names it (made
/// only for a block that was repaired: most never are).
fn block_repairs(
    b: &components::Block,
    what: impl Fn() -> String,
    (file, warnings): (&str, &mut Vec<Warning>),
    tally: &mut repair::Tally,
) {
    if let Some((n, line)) = b.stray {
        let what = what();
        let lines = if n == 1 {
            "a line that is not a property".to_string()
        } else {
            format!("{n} lines that are not properties")
        };
        warnings.push(Warning::new(
            file,
            Some(line),
            format!("{what}: left out {lines} (text that lost its folding?); the rest is read"),
        ));
        tally.add(Repair::StrayLines, 1);
    }
    if b.outside_calendar && b.kind == components::BlockKind::Event {
        let what = what();
        warnings.push(Warning::new(
            file,
            Some(b.line),
            format!("{what}: VEVENT outside BEGIN:VCALENDAR … END:VCALENDAR; read all the same"),
        ));
        tally.add(Repair::OutsideCalendar, 1);
    }
}

/// One VEVENT or VTIMEZONE block. As in expansion, a panic inside a
/// dependency costs this block only.
fn parse_block<'t>(
    text: &'t str,
    block: &components::Block,
    me: &[String],
    (shared, lines): (&mut event::Shared, &mut lines::Lines<'t>),
) -> Result<Parsed, String> {
    let parsed = crate::contained::contained(|| match block.kind {
        components::BlockKind::Event => event::parse_event(text, block.line, me, (shared, lines))
            .map(|e| Parsed::Event(Box::new(e)))
            .map_err(|e| format!("skipped a broken event: {e}")),
        components::BlockKind::Timezone => zone::check_vtimezone(text)
            .map(|id| Parsed::Zone(id, text.to_string()))
            .map_err(|e| format!("ignored a broken VTIMEZONE: {e}")),
    });
    parsed.unwrap_or_else(|| Err("skipped a block that could not be parsed".to_string()))
}

/// Resolves X-WR-TIMEZONE, then every TZID the events name, in file order:
/// each once, so an unknown one warns once, at its first use.
fn resolve_zones(
    x_wr_timezones: &[(u32, String, u64)],
    events: &mut [event::Event],
    zones: &mut zone::Zones,
    file: &str,
    warnings: &mut Vec<Warning>,
) {
    // Each with the name its zone goes by when a calendar's times are
    // written in it (one of twohats' own, so that doctor lists no TZID the
    // file does not name), made once, shared as TZIDs are.
    let mut known: Vec<(u32, chrono_tz::Tz, Arc<str>)> = Vec::new();
    for (calendar, name, line) in x_wr_timezones {
        match zone::known_zone(name) {
            Some(tz) => {
                let id = Arc::from(format!("X-WR-TIMEZONE:{}", tz.name()));
                known.push((*calendar, tz, id));
            }
            None => warnings.push(Warning::new(
                file,
                Some(*line),
                format!("unknown X-WR-TIMEZONE '{name}'; ignored"),
            )),
        }
    }
    let x_wr_of = |calendar: u32| (known.iter().rev()).find(|(c, _, _)| *c == calendar);
    let mut zones_of_events = events.iter().map(|e| x_wr_of(e.calendar).map(|k| k.1));
    match zones_of_events.next() {
        // One zone for every calendar with events (a file as Google
        // exports it): the file's.
        Some(first) if zones_of_events.all(|z| z == first) => {
            zones.x_wr = first.map(zone::Zone::Tz);
        }
        // Calendars of their own, joined into one file: each event in its
        // calendar's zone.
        Some(_) => {
            for (_, tz, id) in &known {
                zones.add_unlisted(id, zone::Zone::Tz(*tz));
            }
            for e in events.iter_mut() {
                if let Some((_, tz, id)) = x_wr_of(e.calendar) {
                    in_x_wr_zone(e, *tz, id);
                }
            }
        }
        None => {}
    }
    for e in events.iter() {
        for s in e.stamps() {
            if let event::Stamp::Zoned(_, id) = s {
                zones.resolve(id, file, e.line, warnings);
            }
        }
    }
}

/// An event of a calendar with X-WR-TIMEZONE `tz`, read as Google means
/// it, with its times written in that zone: floating times are its local
/// times, and so are the UTC times of a recurring series (the same
/// instants, repeating on its wall clock). What the file-wide
/// [`zone::Zones::x_wr`] does for a file of one such calendar. `id` is the
/// name the zone goes by.
fn in_x_wr_zone(e: &mut event::Event, tz: chrono_tz::Tz, id: &Arc<str>) {
    let recurring = !(e.rrules.is_empty() && e.rdates.is_empty()) || e.recurrence_id.is_some();
    for s in e.stamps_mut() {
        *s = match s {
            event::Stamp::Floating(t) => event::Stamp::Zoned(*t, id.clone()),
            event::Stamp::Utc(t) if recurring => {
                let wall = t.and_utc().with_timezone(&tz).naive_local();
                event::Stamp::Zoned(wall, id.clone())
            }
            _ => continue,
        };
    }
}

/// The events of the calendars of a file that answer an invitation
/// (`components::Split::answers`), left out: an answer is no event of its
/// own, and would otherwise replace the meeting it answers as its later
/// copy. The manager's own answer is read into that meeting first. One
/// warning for those read, one for those left out.
fn without_answers(
    events: Vec<event::Event>,
    answers: &[u32],
    (file, warnings): (&str, &mut Vec<Warning>),
) -> Vec<event::Event> {
    if answers.is_empty() {
        return events;
    }
    let (answers, mut events): (Vec<_>, Vec<_>) =
        (events.into_iter()).partition(|e| answers.contains(&e.calendar));
    // The manager's own answer is theirs to the meeting it answers: the
    // copies of its UID and RECURRENCE-ID up to its SEQUENCE (a meeting
    // moved after the answer asks again), as their calendar app shows it.
    let mut by_key: HashMap<(&str, Option<&event::Stamp>), Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate().filter(|(_, e)| !e.uid.is_empty()) {
        by_key
            .entry((&*e.uid, e.recurrence_id.as_ref()))
            .or_default()
            .push(i);
    }
    let mut answered: Vec<(usize, Participation)> = Vec::new();
    let mut applied = Vec::new();
    let mut left_out = Vec::new();
    for a in &answers {
        let own = a.people.participation != Participation::NotInvited;
        let key = (&*a.uid, a.recurrence_id.as_ref());
        let copies = (by_key.get(&key).into_iter().flatten())
            .filter(|&&i| own && events[i].sequence <= a.sequence);
        let before = answered.len();
        answered.extend(copies.map(|&i| (i, a.people.participation)));
        match answered.len() > before {
            true => applied.push(a.line),
            false => left_out.push(a.line),
        }
    }
    drop(by_key);
    for (i, answer) in answered {
        events[i].people.participation = answer;
    }
    let said = [
        (applied, "read {} answer(s) of the manager's own (METHOD:REPLY) into the meetings they answer"),
        (left_out, "left out {} answer(s) to an invitation (METHOD:REPLY or the like): an answer is no event of its own"),
    ];
    for (lines, message) in said {
        if let Some(&first) = lines.first() {
            let message = message.replace("{}", &lines.len().to_string());
            warnings.push(Warning::new(file, Some(first), message));
        }
    }
    events
}

/// What one group says of its event, for [`UidFiles`]: a hash of each
/// copy's SEQUENCE, STATUS, the manager's answer and whether it is an
/// override, summed (overrides are distinct instances: a sum is the same
/// in any order, and two equal ones do not cancel out).
fn what_a_group_says(g: &Group<'_>) -> u64 {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0);
    (g.master.iter().chain(&g.overrides))
        .map(|e| {
            let facts = (e.sequence, e.status, e.people.participation);
            state.hash_one((facts, e.recurrence_id.is_some()))
        })
        .fold(0u64, u64::wrapping_add)
}

/// Each event's TZIDs made its own calendar's where the calendars of the
/// file define one otherwise (`zone::Zones::scoped`).
fn scope_zones(events: &mut [event::Event], zones: &mut zone::Zones) {
    if !zones.defined_twice() {
        return;
    }
    // Looked up once per TZID and calendar, and shared as the parser
    // shares TZIDs.
    let mut names: HashMap<(Arc<str>, u32), Option<Arc<str>>> = HashMap::new();
    for e in events {
        let calendar = e.calendar;
        for s in e.stamps_mut() {
            if let event::Stamp::Zoned(_, id) = s {
                let name = (names.entry((id.clone(), calendar)))
                    .or_insert_with(|| zones.scoped(id, calendar).map(Arc::from));
                if let Some(name) = name {
                    *id = name.clone();
                }
            }
        }
    }
}

/// One UID's components: its master (of copies without RECURRENCE-ID,
/// the one kept) and its overrides. Events without a UID are a group each.
struct Group<'a> {
    master: Option<&'a event::Event>,
    overrides: Vec<&'a event::Event>,
}

/// Copies of one event (an updated invitation exported next to its old
/// copy, a feed that repeats it): the one with the highest SEQUENCE, then
/// the later, is kept; the lines of the others are noted for the warning.
struct Copies<'a> {
    kept: &'a event::Event,
    replaced: Vec<u64>,
}

impl<'a> Copies<'a> {
    fn of(e: &'a event::Event) -> Self {
        Copies {
            kept: e,
            replaced: Vec::new(),
        }
    }

    fn add(&mut self, e: &'a event::Event) {
        let older = if e.sequence >= self.kept.sequence {
            std::mem::replace(&mut self.kept, e)
        } else {
            e
        };
        self.replaced.push(older.line);
    }

    /// The copy kept, after one warning naming the others, if any (`which`
    /// tells the copies apart from the event's other components; made only
    /// for a warning).
    fn kept(
        mut self,
        which: impl FnOnce() -> String,
        (file, warnings): (&str, &mut Vec<Warning>),
        tally: &mut repair::Tally,
    ) -> &'a event::Event {
        if !self.replaced.is_empty() {
            self.replaced.sort_unstable();
            let (uid, line) = (&self.kept.uid, self.kept.line);
            let message = repair::copies_message(uid, &which(), line, &self.replaced);
            warnings.push(Warning::new(file, Some(self.replaced[0]), message));
            tally.add(Repair::Copies, 1);
        }
        self.kept
    }
}

/// One UID's components as they are read: copies of the master, and the
/// overrides in the order seen.
#[derive(Default)]
struct Gathered<'a> {
    master: Option<Copies<'a>>,
    overrides: Vec<&'a event::Event>,
}

impl<'a> Gathered<'a> {
    fn add(&mut self, e: &'a event::Event) {
        match (&e.recurrence_id, &mut self.master) {
            (Some(_), _) => self.overrides.push(e),
            (None, Some(copies)) => copies.add(e),
            (None, None) => self.master = Some(Copies::of(e)),
        }
    }

    /// One copy of each component, a warning for each set of copies.
    fn group(
        self,
        file: &str,
        warnings: &mut Vec<Warning>,
        tally: &mut repair::Tally,
    ) -> Group<'a> {
        let master = (self.master).map(|m| {
            let which = || "without RECURRENCE-ID".to_string();
            m.kept(which, (file, &mut *warnings), tally)
        });
        if self.overrides.len() < 2 {
            let overrides = self.overrides;
            return Group { master, overrides };
        }
        // Copies of an override share its RECURRENCE-ID.
        let mut by_id: HashMap<&event::Stamp, usize> = HashMap::new();
        let mut copies: Vec<Copies<'a>> = Vec::with_capacity(self.overrides.len());
        for o in self.overrides {
            let id = o.recurrence_id.as_ref().expect("an override");
            match by_id.get(id) {
                Some(&i) => copies[i].add(o),
                None => {
                    by_id.insert(id, copies.len());
                    copies.push(Copies::of(o));
                }
            }
        }
        let overrides = (copies.into_iter())
            .map(|o| {
                let id = o.kept.recurrence_id.as_ref();
                let which = || {
                    format!(
                        "with RECURRENCE-ID {}",
                        id.map_or(String::new(), repair::written)
                    )
                };
                o.kept(which, (file, &mut *warnings), tally)
            })
            .collect();
        Group { master, overrides }
    }
}

/// The events by UID, in the order their UIDs first appear; of copies of
/// one event one is kept, with one warning giving their number.
fn group_by_uid<'a>(
    events: &'a [event::Event],
    file: &str,
    warnings: &mut Vec<Warning>,
    tally: &mut repair::Tally,
) -> Vec<Group<'a>> {
    let mut groups: Vec<Gathered<'_>> = Vec::new();
    let mut by_uid: HashMap<&str, usize> = HashMap::new();
    for e in events {
        let index = match e.uid.is_empty() {
            true => groups.len(),
            false => *by_uid.entry(&e.uid).or_insert(groups.len()),
        };
        if index == groups.len() {
            groups.push(Gathered::default());
        }
        groups[index].add(e);
    }
    (groups.into_iter())
        .map(|g| g.group(file, warnings, tally))
        .collect()
}

/// What every occurrence of one file says of where it came from.
struct Origin {
    file: Arc<str>,
    /// Each calendar's X-WR-CALNAME (the last, where one names two).
    calendar_names: Vec<(u32, Arc<str>)>,
}

impl Origin {
    fn of(file: Arc<str>, names: &[(u32, String)]) -> Origin {
        let names = names.iter().map(|(c, name)| (*c, Arc::from(name.as_str())));
        Origin {
            file,
            calendar_names: names.collect(),
        }
    }

    /// The name of calendar `calendar` of the file, if it has one.
    fn calendar_name(&self, calendar: u32) -> Option<Arc<str>> {
        (self.calendar_names.iter().rev())
            .find(|(c, _)| *c == calendar)
            .map(|(_, name)| name.clone())
    }
}

/// One group's occurrences in the window, with the drop decisions, and its
/// warnings. A panic inside a dependency (the rrule crate) on some odd rule
/// costs that series, with a warning, not the whole run.
fn occurrences_of(
    g: &Group<'_>,
    cx: &recurrence::Context<'_>,
    opts: &CalendarOptions,
    origin: &Origin,
) -> (Vec<Occurrence>, Vec<Warning>) {
    let expanded = crate::contained::contained(|| {
        let mut w = Vec::new();
        let i = recurrence::expand(g.master, &g.overrides, cx, &mut w);
        (i, w)
    });
    let (instances, w) = expanded.unwrap_or_else(|| {
        let first = g.master.or(g.overrides.first().copied());
        let warning = Warning::new(
            &*origin.file,
            first.map(|e| e.line),
            format!(
                "skipped UID {}: its recurrence could not be expanded",
                first.map_or("", |e| &*e.uid)
            ),
        );
        (Vec::new(), vec![warning])
    });
    // Each event of the group's details, made once and found by address.
    let mut made: Vec<(*const event::Event, Arc<EventDetails>)> = (g.master.iter())
        .chain(&g.overrides)
        .map(|e| (*e as *const _, Arc::new(details(e, origin))))
        .collect();
    made.sort_unstable_by_key(|(e, _)| *e);
    let details_of = |e: &event::Event| {
        match made.binary_search_by_key(&(e as *const _), |(e, _)| *e) {
            Ok(at) => made[at].1.clone(),
            // Not one of the group's (never so): its own.
            Err(_) => Arc::new(details(e, origin)),
        }
    };
    let occurrences = instances
        .into_iter()
        .map(|i| occurrence(&i, details_of(i.event), opts))
        .collect();
    (occurrences, w)
}

/// What every occurrence of `e` shares.
fn details(e: &event::Event, origin: &Origin) -> EventDetails {
    let p = e.people.clone();
    EventDetails {
        title: e.summary.clone(),
        description: e.description.clone(),
        location: e.location.clone(),
        categories: e.categories.clone(),
        attendees: p.attendees,
        declined: p.declined,
        organizer: p.organizer,
        organizer_is_me: p.organizer_is_me,
        participation: p.participation,
        event_type: None,
        source: EventSource {
            file: origin.file.clone(),
            line: e.line,
            uid: e.uid.clone(),
            calendar_name: origin.calendar_name(e.calendar),
        },
    }
}

/// An expanded instance as an occurrence, with its drop decision.
fn occurrence(
    i: &recurrence::Instance<'_>,
    event: Arc<EventDetails>,
    opts: &CalendarOptions,
) -> Occurrence {
    let facts = participation::Facts {
        cancelled: i.event.status == event::Status::Cancelled,
        transparent: i.event.transparent,
        participation: event.participation,
        all_day: i.all_day,
    };
    Occurrence {
        start: i.start,
        end: i.end,
        all_day: i.all_day,
        dropped: participation::decide(facts, i.start, i.end, opts),
        recurrence_id: i.recurrence_id,
        event,
    }
}
