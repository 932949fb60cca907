//! TZID resolution: an IANA name (chrono-tz), else a Windows name as
//! Outlook/Exchange write it (the CLDR windowsZones table, via
//! `windows-timezones`), else a Windows display name ("(UTC+01:00)
//! Amsterdam, …", through its Windows id), else the file's own VTIMEZONE, interpreted here
//! (custom TZIDs have nothing else); unknown → the manager's zone with a
//! warning.

use super::event::{parse_component, parse_stamp, Stamp};
use super::rrule;
use super::windows_display_names;
use crate::period::{local_to_utc, wall_to_instant, WallClock};
use crate::Warning;
use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use icalendar::parser::Component;
// foldhash: a calendar is hashed by UID, TZID and time at every event; std's
// SipHash took 4% of reading a dense 10-year calendar.
use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

/// A zone in which wall-clock times are turned into instants.
#[derive(Debug, Clone)]
pub(crate) enum Zone {
    Tz(Tz),
    Custom(Arc<CustomZone>),
}

impl Zone {
    /// Wall-clock time → instant, by the one rule of `period.rs` (in a
    /// fold the earlier instant, in a gap moved forward by the gap).
    pub fn to_utc(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Tz(tz) => local_to_utc(wall, *tz),
            Zone::Custom(z) => wall_to_instant(wall, &**z),
        }
    }

    /// Instant → wall-clock time.
    pub fn to_wall(&self, t: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Tz(tz) => t.with_timezone(tz).naive_local(),
            Zone::Custom(z) => t.naive_utc() + TimeDelta::seconds(z.offset_at(t.timestamp())),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Zone::Tz(tz) => tz.name(),
            Zone::Custom(z) => &z.name,
        }
    }
}

/// A zone known only from a VTIMEZONE block: its transitions, computed
/// up to the year after the window.
#[derive(Debug)]
pub(crate) struct CustomZone {
    name: String,
    /// (instant in seconds, offset after it), sorted.
    transitions: Vec<(i64, i64)>,
    /// Offset before the first transition.
    initial: i64,
    offsets: Vec<i64>,
}

impl WallClock for CustomZone {
    /// The instants whose offset maps back to this wall time (of more
    /// than two, the earliest and the latest).
    fn readings(&self, wall: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let w = wall.and_utc().timestamp();
        let mut found = self
            .offsets
            .iter()
            .map(|&o| w - o)
            .filter(|&t| self.offset_at(t) == w - t)
            .filter_map(|t| DateTime::from_timestamp(t, 0));
        match (found.next(), found.next_back()) {
            (None, _) => LocalResult::None,
            (Some(t), None) => LocalResult::Single(t),
            (Some(a), Some(b)) => LocalResult::Ambiguous(a.min(b), a.max(b)),
        }
    }

    fn offset_at(&self, seconds: i64) -> i64 {
        match self.transitions.partition_point(|&(at, _)| at <= seconds) {
            0 => self.initial,
            i => self.transitions[i - 1].1,
        }
    }
}

/// The furthest a zone is from UTC: ISO 8601's bound, as java.time and
/// others keep it. Real zones stay within it (local mean times included);
/// RFC 5545 would allow hours up to 23, which moves events by a day.
const MAX_OFFSET_SECONDS: i64 = 18 * 3600;

/// Parses `+0100`, `-0530`, `+013045`; the error says what is wrong. An
/// offset no zone can have (beyond ±18 h, minutes or seconds past 59)
/// makes its VTIMEZONE broken rather than move its events by days.
fn parse_offset(v: &str) -> Result<i64, String> {
    let v = v.trim();
    let not_like = || "missing or not like +0100".to_string();
    let (sign, d) = match v.as_bytes().first() {
        Some(b'+') => (1, &v[1..]),
        Some(b'-') => (-1, &v[1..]),
        _ => return Err(not_like()),
    };
    if !(d.len() == 4 || d.len() == 6) || !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_like());
    }
    // Two ASCII digits each (checked above); seconds may be left out.
    let two_digits = |at: usize| d.get(at..at + 2).map_or(0, |n| n.parse().unwrap_or(0));
    let (h, m, s): (i64, i64, i64) = (two_digits(0), two_digits(2), two_digits(4));
    let seconds = h * 3600 + m * 60 + s;
    if m > 59 || s > 59 || seconds > MAX_OFFSET_SECONDS {
        return Err(format!(
            "'{v}' is out of range (an offset is at most ±18:00, its minutes and seconds under 60)"
        ));
    }
    Ok(sign * seconds)
}

/// Interprets a VTIMEZONE block, with its transitions up to `to_year`.
pub(crate) fn parse_vtimezone(block: &str, to_year: i32) -> Result<(String, CustomZone), String> {
    let c = parse_component(block)?;
    let tzid = c
        .find_prop("TZID")
        // In quotes as some exporters write it: the events' TZID
        // parameters name it without them (a parameter's quotes are not
        // part of its value).
        .map(|p| p.val.as_str().trim().trim_matches('"').to_string())
        .ok_or("VTIMEZONE without TZID")?;
    // A TZID that names a known zone resolves to it, never to its
    // VTIMEZONE (Outlook writes one for every Windows zone, with rules from
    // 1601): such a block is only checked, its rules expanded no further
    // than their first year.
    let to_year = if known_zone(&tzid).is_some() {
        i32::MIN
    } else {
        to_year
    };
    let mut transitions: Vec<(i64, i64, i64)> = Vec::new(); // (at, from, to)
    for obs in &c.components {
        observance(obs, to_year, &mut transitions)
            .map_err(|e| format!("VTIMEZONE '{tzid}': {e}"))?;
    }
    if transitions.is_empty() {
        return Err(format!("VTIMEZONE '{tzid}' has no STANDARD or DAYLIGHT"));
    }
    transitions.sort();
    let initial = transitions[0].1;
    let mut offsets: Vec<i64> = transitions.iter().flat_map(|t| [t.1, t.2]).collect();
    offsets.sort();
    offsets.dedup();
    // Real zones have two to four; each conversion tries them all.
    if offsets.len() > 16 {
        return Err(format!(
            "VTIMEZONE '{tzid}' has {} different offsets",
            offsets.len()
        ));
    }
    Ok((
        tzid.clone(),
        CustomZone {
            name: tzid,
            transitions: transitions
                .into_iter()
                .map(|(at, _, to)| (at, to))
                .collect(),
            initial,
            offsets,
        },
    ))
}

fn observance(
    obs: &Component<'_>,
    to_year: i32,
    out: &mut Vec<(i64, i64, i64)>,
) -> Result<(), String> {
    let name = obs.name.as_str();
    if !(name.eq_ignore_ascii_case("STANDARD") || name.eq_ignore_ascii_case("DAYLIGHT")) {
        return Ok(());
    }
    let get = |k: &str| {
        obs.properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case(k))
            .map(|p| p.val.as_str().trim())
    };
    let offset =
        |key: &str| parse_offset(get(key).unwrap_or_default()).map_err(|e| format!("{key} {e}"));
    let (from, to) = (offset("TZOFFSETFROM")?, offset("TZOFFSETTO")?);
    let start = match parse_stamp(get("DTSTART").ok_or("DTSTART missing")?, None, false)? {
        Stamp::Floating(t) | Stamp::Utc(t) | Stamp::Zoned(t, _) => t,
        Stamp::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
    };
    // Transition instants: the local onset read with the offset before it.
    let mut push = |wall: NaiveDateTime| out.push((wall.and_utc().timestamp() - from, from, to));
    push(start);
    for p in obs
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("RDATE"))
    {
        for v in p.val.as_str().split(',') {
            if let Ok(Stamp::Floating(t) | Stamp::Utc(t) | Stamp::Zoned(t, _)) =
                parse_stamp(v.trim(), None, false)
            {
                push(t);
            }
        }
    }
    for p in obs
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("RRULE"))
    {
        let until_year = to_year.max(start.year());
        let walls = rrule::expand(
            p.val.as_str(),
            start,
            |utc| utc,
            false,
            rrule::Reach {
                after: None,
                stop: |wall| wall.year() > until_year,
                cap: 5_000,
            },
        )
        .map_err(|e| format!("RRULE: {e}"))?;
        for wall in walls.walls {
            push(wall);
        }
    }
    Ok(())
}

/// A VTIMEZONE block, checked as the file was read; its transitions are
/// worked out only when an event names its TZID. (Outlook writes one for
/// every zone it uses and for its "Customized Time Zone", with rules from
/// 1601: working out four centuries of transitions of each cost more than
/// the rest of a year's calendar, for zones mostly never named.)
#[derive(Clone)]
struct Pending {
    text: String,
    to_year: i32,
}

/// What ends a TZID that one calendar of a file of several defines
/// otherwise than another: `Customized Time Zone\u{1f}2` (never shown).
const SCOPE: char = '\u{1f}';

/// A TZID as written, without its scope.
fn unscoped(tzid: &str) -> &str {
    tzid.split(SCOPE).next().unwrap_or(tzid)
}

/// Checks a VTIMEZONE block as [`parse_vtimezone`] would read it, without
/// working out its transitions past its first year: its TZID, or the
/// error `parse_vtimezone` gives. (Whether a rule is understood and which
/// offsets a zone has do not depend on how far its rules are expanded.)
pub(crate) fn check_vtimezone(block: &str) -> Result<String, String> {
    parse_vtimezone(block, i32::MIN).map(|(tzid, _)| tzid)
}

/// The zones of one file: its VTIMEZONE blocks, X-WR-TIMEZONE, and the
/// manager's zone for floating times and unknown names.
pub(crate) struct Zones {
    /// Each TZID's VTIMEZONE blocks, each different one once, with the
    /// calendar of the file it is in, in file order.
    custom: HashMap<String, Vec<(u32, Pending)>>,
    resolved: HashMap<String, Zone>,
    pub manager: Tz,
    /// X-WR-TIMEZONE, where the file has a usable one.
    pub x_wr: Option<Zone>,
    /// Each TZID resolved, in the order first met, with how and to what.
    pub seen: Vec<super::TzidSeen>,
}

impl Zones {
    pub fn new(manager: Tz) -> Self {
        Zones {
            custom: HashMap::new(),
            resolved: HashMap::new(),
            manager,
            x_wr: None,
            seen: Vec::new(),
        }
    }

    /// A VTIMEZONE block that [`check_vtimezone`] accepted, in `calendar`
    /// of the file; its transitions will be worked out up to `to_year` if
    /// it is named.
    pub fn add_custom(&mut self, tzid: String, text: String, to_year: i32, calendar: u32) {
        let blocks = self.custom.entry(tzid).or_default();
        if !blocks.iter().any(|(_, p)| p.text == text) {
            blocks.push((calendar, Pending { text, to_year }));
        }
    }

    /// Whether some TZID has two different VTIMEZONE blocks in the file.
    pub fn defined_twice(&self) -> bool {
        self.custom.values().any(|blocks| blocks.len() > 1)
    }

    /// The TZID an event of `calendar` means by `tzid`, when calendars of
    /// the file define it otherwise (Outlook names every zone of its own
    /// "Customized Time Zone"): its calendar's, else the last before it,
    /// else the first; registered under a name of its own. None when the
    /// file defines it once.
    pub fn scoped(&mut self, tzid: &str, calendar: u32) -> Option<String> {
        let blocks = self.custom.get(tzid).filter(|b| b.len() > 1)?;
        let i = (blocks.iter())
            .rposition(|(c, _)| *c <= calendar)
            .unwrap_or(0);
        let name = format!("{tzid}{SCOPE}{i}");
        let block = blocks[i].clone();
        self.custom
            .entry(name.clone())
            .or_insert_with(|| vec![block]);
        Some(name)
    }

    /// The zone of a VTIMEZONE block (the last of a TZID's), its
    /// transitions worked out now.
    fn custom_zone(&self, tzid: &str) -> Option<CustomZone> {
        let (_, p) = self.custom.get(tzid)?.last()?;
        // The block was checked, and expanding further cannot make it
        // broken; were it so, its first year's transitions still serve.
        let (_, zone) = parse_vtimezone(&p.text, p.to_year)
            .or_else(|_| parse_vtimezone(&p.text, i32::MIN))
            .ok()?;
        Some(zone)
    }

    /// The zone floating times are read in.
    pub fn floating(&self) -> Zone {
        self.x_wr.clone().unwrap_or(Zone::Tz(self.manager))
    }

    /// Resolves `tzid` once per file (then [`Zones::get`] gives it); an
    /// unknown one warns once.
    pub fn resolve(&mut self, tzid: &str, label: &str, line: u64, warnings: &mut Vec<Warning>) {
        if self.resolved.contains_key(tzid) {
            return;
        }
        let (zone, how) = match named_zone(unscoped(tzid)) {
            Some((tz, how)) => (Zone::Tz(tz), how),
            None => match self.custom_zone(tzid) {
                Some(c) => (Zone::Custom(Arc::new(c)), Resolution::Vtimezone),
                None => {
                    warnings.push(Warning::new(
                        label,
                        Some(line),
                        format!("unknown TZID '{tzid}'; used {}", self.manager.name()),
                    ));
                    (Zone::Tz(self.manager), Resolution::Unknown)
                }
            },
        };
        self.seen.push(super::TzidSeen {
            tzid: unscoped(tzid).to_string(),
            resolution: how,
            zone: zone.name().to_string(),
        });
        self.resolved.insert(tzid.to_string(), zone);
    }

    /// A zone under a name of twohats' own (not a TZID of the file): found
    /// by [`Zones::get`], never listed as a TZID seen.
    pub fn add_unlisted(&mut self, name: &str, zone: Zone) {
        self.resolved.entry(name.to_string()).or_insert(zone);
    }

    /// The resolved zone of a TZID already passed through `resolve`.
    pub fn get(&self, tzid: &str) -> Zone {
        self.resolved
            .get(tzid)
            .cloned()
            .unwrap_or(Zone::Tz(self.manager))
    }
}

/// How a TZID was resolved (`twohats doctor` shows it per TZID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resolution {
    /// An IANA name, also inside a `/mozilla.org/…/Europe/Berlin` prefix.
    Iana,
    /// A Windows zone id ("W. Europe Standard Time").
    WindowsName,
    /// A Windows display name ("(UTC+01:00) Amsterdam, Berlin, …"), whole
    /// or cut short at a comma.
    DisplayName,
    /// Only the file's own VTIMEZONE defines it.
    Vtimezone,
    /// None of these: the manager's zone was used.
    Unknown,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Iana => "IANA",
            Resolution::WindowsName => "Windows name",
            Resolution::DisplayName => "Windows display name",
            Resolution::Vtimezone => "VTIMEZONE",
            Resolution::Unknown => "unknown",
        }
    }
}

/// An IANA name (also inside the `/mozilla.org/20050126_1/Europe/Berlin`
/// prefixes some exporters write), else a Windows name or display name.
pub(crate) fn known_zone(tzid: &str) -> Option<Tz> {
    named_zone(tzid).map(|(tz, _)| tz)
}

/// [`known_zone`], with how the name was recognised.
pub(crate) fn named_zone(tzid: &str) -> Option<(Tz, Resolution)> {
    let name = tzid.trim().trim_matches('"');
    if let Ok(tz) = name.parse::<Tz>() {
        return Some((tz, Resolution::Iana));
    }
    if let Ok(win) = name.parse::<windows_timezones::WindowsTimezone>() {
        return Some((win.into(), Resolution::WindowsName));
    }
    if let Some(tz) = display_name_zone(name) {
        return Some((tz, Resolution::DisplayName));
    }
    // Outlook.com and Exchange feeds: `tzone://Microsoft/Utc`.
    let microsoft = name
        .get(..18)
        .filter(|p| p.eq_ignore_ascii_case("tzone://Microsoft/"));
    if let Some(rest) = microsoft.map(|p| &name[p.len()..]) {
        if rest.eq_ignore_ascii_case("utc") {
            return Some((chrono_tz::UTC, Resolution::Iana));
        }
        return named_zone(rest);
    }
    if name.starts_with('/') {
        // Try ever shorter suffixes: ".../Tzfile/America/New_York".
        let mut rest = name;
        while let Some(i) = rest.find('/') {
            rest = &rest[i + 1..];
            if let Ok(tz) = rest.parse::<Tz>() {
                return Some((tz, Resolution::Iana));
            }
        }
    }
    None
}

/// A Windows display name, whole, else cut short where a producer's list
/// splitting cut it ("(UTC+01:00) Amsterdam") when only one zone's names
/// start that way; through its Windows id to the IANA zone.
fn display_name_zone(name: &str) -> Option<Tz> {
    let head = name.trim_start().trim_start_matches('(').get(..3)?;
    if !(head.eq_ignore_ascii_case("UTC") || head.eq_ignore_ascii_case("GMT")) {
        return None;
    }
    let id = windows_display_names::windows_id_for_display_name(name)
        .or_else(|| windows_display_names::windows_id_for_display_prefix(name))?;
    let win: windows_timezones::WindowsTimezone = id.parse().ok()?;
    Some(win.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn windows_and_prefixed_names() {
        assert_eq!(
            known_zone("Pacific Standard Time"),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            known_zone("W. Europe Standard Time"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(
            known_zone("/mozilla.org/20050126_1/Europe/Berlin"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(known_zone("Mars/Base"), None);
    }

    #[test]
    fn display_names_whole_quoted_or_cut_at_a_comma() {
        let berlin = Some((chrono_tz::Europe::Berlin, Resolution::DisplayName));
        let amsterdam = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";
        assert_eq!(named_zone(amsterdam), berlin);
        assert_eq!(named_zone(&format!("\"{amsterdam}\"")), berlin);
        // Cut at its first comma by a producer's list splitting.
        assert_eq!(named_zone("(UTC+01:00) Amsterdam"), berlin);
        // "(UTC+01:00)" starts several zones' names: no guess.
        assert_eq!(named_zone("(UTC+01:00)"), None);
        assert_eq!(
            named_zone("Europe/Berlin"),
            Some((chrono_tz::Europe::Berlin, Resolution::Iana))
        );
        assert_eq!(
            named_zone("W. Europe Standard Time"),
            Some((chrono_tz::Europe::Berlin, Resolution::WindowsName))
        );
    }

    #[test]
    fn custom_vtimezone_with_dst() {
        let block = "BEGIN:VTIMEZONE\nTZID:Office Time\nBEGIN:STANDARD\nDTSTART:16011028T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010325T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n";
        let (name, z) = parse_vtimezone(block, 2026).unwrap();
        assert_eq!(name, "Office Time");
        let zone = Zone::Custom(Arc::new(z));
        let d = |m, day, h, min| {
            NaiveDate::from_ymd_opt(2026, m, day)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap()
        };
        for (wall, instant) in [
            // Summer: +02:00.
            (d(7, 1, 10, 0), "2026-07-01T08:00:00+00:00"),
            // Winter: +01:00.
            (d(12, 1, 10, 0), "2026-12-01T09:00:00+00:00"),
            // 25 Oct 2026 02:30 happens twice: the first (still +02:00).
            (d(10, 25, 2, 30), "2026-10-25T00:30:00+00:00"),
            // 29 Mar 2026 02:30 does not exist: moved forward to 03:30 +02:00.
            (d(3, 29, 2, 30), "2026-03-29T01:30:00+00:00"),
        ] {
            assert_eq!(zone.to_utc(wall).to_rfc3339(), instant, "{wall}");
        }
        assert_eq!(
            zone.to_wall("2026-10-25T01:30:00Z".parse().unwrap()),
            d(10, 25, 2, 30)
        );
    }
}
