//! RRULE expansion in wall-clock time, around the `rrule` crate.
//!
//! A rule is expanded from a DTSTART given as a wall time (handed to the
//! crate as if it were UTC), so DST never shifts a series: the caller turns
//! each wall time into an instant in the series' real zone. UNTIL is split
//! off and applied here, as a wall time of the series. Knows nothing of
//! zones: a UTC UNTIL is turned into a wall time by the caller's function.

use super::event::{parse_stamp, Stamp};
use chrono::{NaiveDateTime, TimeDelta, TimeZone};
use rrule::{Frequency, RRule, Unvalidated};

/// How far one expansion goes.
pub(crate) struct Reach<F: Fn(NaiveDateTime) -> bool> {
    /// A rule without COUNT skips whole periods before this wall time, so a
    /// MINUTELY rule from years ago does not walk through every minute.
    pub after: Option<NaiveDateTime>,
    /// Generation stops at the first wall time for which this is true.
    pub stop: F,
    /// Most wall times generated; past it the expansion says it was capped.
    pub cap: usize,
}

/// The wall times of one expansion, and whether it stopped at the cap.
pub(crate) struct Expanded {
    pub walls: Vec<NaiveDateTime>,
    pub capped: bool,
}

/// Expands the RRULE `rule` (with or without its `RRULE:` prefix) from the
/// wall time `start`. `utc_as_wall` turns an UNTIL written in UTC into a
/// wall time of the series; a date UNTIL means the whole day, any other is
/// read as written. The error is one line saying what is wrong.
pub(crate) fn expand(
    rule: &str,
    start: NaiveDateTime,
    utc_as_wall: impl Fn(NaiveDateTime) -> NaiveDateTime,
    reach: Reach<impl Fn(NaiveDateTime) -> bool>,
) -> Result<Expanded, String> {
    let (parsed, until_raw) = parse_rule(rule)?;
    let until = match until_raw {
        Some(raw) => Some(until_wall(&raw, utc_as_wall)?),
        None => None,
    };
    run_rule(parsed, start, until, reach)
}

/// Splits UNTIL off (handled here, in wall time) and parses the rest.
fn parse_rule(rule: &str) -> Result<(RRule<Unvalidated>, Option<String>), String> {
    let rule = rule.trim();
    // A rule is plain ASCII; the rrule crate slices other text inside
    // characters and panics.
    if !rule.is_ascii() {
        return Err("it is not plain ASCII".to_string());
    }
    let rule = rule
        .strip_prefix("RRULE:")
        .or_else(|| rule.strip_prefix("rrule:"))
        .unwrap_or(rule);
    let mut until = None;
    let mut rest = Vec::new();
    for part in rule.split(';').filter(|p| !p.trim().is_empty()) {
        match part.split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("UNTIL") => {
                until = Some(v.trim().to_string())
            }
            _ => rest.push(part.trim().to_ascii_uppercase()),
        }
    }
    let parsed: RRule<Unvalidated> = rest
        .join(";")
        .parse()
        .map_err(|e: rrule::RRuleError| e.to_string())?;
    Ok((parsed, until))
}

/// UNTIL as a wall time of the series: a date means the whole day; a UTC
/// time goes through `utc_as_wall`.
fn until_wall(
    raw: &str,
    utc_as_wall: impl Fn(NaiveDateTime) -> NaiveDateTime,
) -> Result<NaiveDateTime, String> {
    Ok(match parse_stamp(raw, None, false)? {
        Stamp::Date(d) => d.and_hms_opt(23, 59, 59).unwrap_or_default(),
        Stamp::Utc(t) => utc_as_wall(t),
        Stamp::Floating(t) | Stamp::Zoned(t, _) => t,
    })
}

/// Where a rule without COUNT may start instead of `start` and yield the
/// same wall times from `after` on: a whole number of its periods later.
/// Only SECONDLY to WEEKLY periods have a fixed length.
fn skip_ahead(
    parsed: &RRule<Unvalidated>,
    start: NaiveDateTime,
    after: NaiveDateTime,
) -> NaiveDateTime {
    let unit = match parsed.get_freq() {
        Frequency::Secondly => 1,
        Frequency::Minutely => 60,
        Frequency::Hourly => 3_600,
        Frequency::Daily => 86_400,
        Frequency::Weekly => 7 * 86_400,
        _ => return start,
    };
    let step = unit * i64::from(parsed.get_interval().max(1));
    let gap = (after - start).num_seconds();
    if gap > step {
        start + TimeDelta::seconds(gap / step * step)
    } else {
        start
    }
}

fn run_rule(
    parsed: RRule<Unvalidated>,
    start: NaiveDateTime,
    until: Option<NaiveDateTime>,
    reach: Reach<impl Fn(NaiveDateTime) -> bool>,
) -> Result<Expanded, String> {
    let from = match (reach.after, parsed.get_count()) {
        (Some(after), None) => skip_ahead(&parsed, start, after),
        _ => start,
    };
    let mut out = Expanded {
        walls: Vec::new(),
        capped: false,
    };
    if until.is_some_and(|u| u < from) {
        return Ok(out);
    }
    let dt = rrule::Tz::UTC.from_utc_datetime(&from);
    let parsed = match until {
        Some(u) => parsed.until(rrule::Tz::UTC.from_utc_datetime(&u)),
        None => parsed,
    };
    let set = parsed.build(dt).map_err(|e| e.to_string())?.limit();
    for t in &set {
        let wall = t.naive_utc();
        if (reach.stop)(wall) {
            break;
        }
        if out.walls.len() >= reach.cap {
            out.capped = true;
            break;
        }
        out.walls.push(wall);
    }
    Ok(out)
}
