//! Corners of RFC 5545 the `rrule` crate gets wrong, worked around by
//! expanding with the crate from another start, or piece by piece, and
//! putting the pieces together.

use super::{get, parse_parts, run_rule, take, Expanded, Reach};
use chrono::{Datelike, Months, NaiveDateTime, TimeDelta, Weekday};

const DAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Mon),
    ("TU", Weekday::Tue),
    ("WE", Weekday::Wed),
    ("TH", Weekday::Thu),
    ("FR", Weekday::Fri),
    ("SA", Weekday::Sat),
    ("SU", Weekday::Sun),
];

/// A WEEKLY rule with BYSETPOS whose DTSTART is later in its week than
/// WKST: the start of DTSTART's week, at DTSTART's time of day. The crate
/// builds the first week's set from DTSTART on, so BYSETPOS counts from
/// the wrong end of it.
pub(super) fn bysetpos_week_start(
    parts: &[(String, String)],
    start: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if get(parts, "FREQ") != Some("WEEKLY") || get(parts, "BYSETPOS").is_none() {
        return None;
    }
    let wkst = match get(parts, "WKST") {
        Some(code) => DAYS.iter().find(|(c, _)| *c == code)?.1,
        None => Weekday::Mon,
    };
    let back = (start.weekday().num_days_from_monday() + 7 - wkst.num_days_from_monday()) % 7;
    (back > 0).then(|| start - TimeDelta::days(back.into()))
}

/// Expands from `week_start` with the weekday DTSTART implies written out
/// (BYDAY), then drops what comes before DTSTART and counts COUNT from it.
pub(super) fn from_week_start(
    mut parts: Vec<(String, String)>,
    week_start: NaiveDateTime,
    start: NaiveDateTime,
    until: Option<NaiveDateTime>,
    reach: Reach<impl Fn(NaiveDateTime) -> bool>,
) -> Result<Expanded, String> {
    if get(&parts, "BYDAY").is_none() {
        let code = DAYS.iter().find(|(_, d)| *d == start.weekday());
        parts.push(("BYDAY".into(), code.map_or("MO", |(c, _)| c).into()));
    }
    let count = count(&mut parts)?;
    let inner = Reach {
        after: if count.is_some() { None } else { reach.after },
        stop: &reach.stop,
        // A week's worth before DTSTART is dropped below.
        cap: reach.cap.saturating_add(7),
    };
    let mut out = run_rule(parse_parts(&parts)?, week_start, until, inner)?;
    out.walls.retain(|w| *w >= start);
    Ok(limit(out, count, reach.cap))
}

/// An INTERVAL above 65535. One period of the rule is expanded at a time
/// with INTERVAL=1, from DTSTART moved on by whole intervals (so what
/// DTSTART implies, its time of day or weekday, stays), up to the end of
/// that period. Periods of a MONTHLY or YEARLY rule are 5461 years apart
/// and more: only the first one is expanded.
pub(super) fn huge_interval(
    mut parts: Vec<(String, String)>,
    interval: u64,
    start: NaiveDateTime,
    until: Option<NaiveDateTime>,
    reach: Reach<impl Fn(NaiveDateTime) -> bool>,
) -> Result<Expanded, String> {
    take(&mut parts, "INTERVAL");
    let count = count(&mut parts)?;
    let freq = get(&parts, "FREQ").unwrap_or_default().to_string();
    let rule = parse_parts(&parts)?;
    let unit: Option<i64> = match freq.as_str() {
        "SECONDLY" => Some(1),
        "MINUTELY" => Some(60),
        "HOURLY" => Some(3_600),
        "DAILY" => Some(86_400),
        "WEEKLY" => Some(7 * 86_400),
        _ => None,
    };
    // Seconds between periods; None when past any date.
    let step = unit.and_then(|u| i64::try_from(interval).ok()?.checked_mul(u));
    let mut n: i64 = match (step, reach.after, count) {
        (Some(step), Some(after), None) => ((after - start).num_seconds() / step).max(0),
        _ => 0,
    };
    let mut out = Expanded {
        walls: Vec::new(),
        capped: false,
    };
    while let Some(from) = period_start(start, step, n) {
        if (reach.stop)(from) || until.is_some_and(|u| u < from) {
            break;
        }
        let end = period_end(from, unit, &freq);
        let bound = until.map_or(end, |u| u.min(end));
        let piece = Reach {
            after: None,
            stop: &reach.stop,
            cap: reach.cap,
        };
        out.walls
            .extend(run_rule(rule.clone(), from, Some(bound), piece)?.walls);
        let enough = count.is_some_and(|c| out.walls.len() >= c);
        if enough || out.walls.len() > reach.cap || step.is_none() {
            break;
        }
        n += 1;
    }
    Ok(limit(out, count, reach.cap))
}

/// DTSTART moved on by `n` periods of `step` seconds.
fn period_start(start: NaiveDateTime, step: Option<i64>, n: i64) -> Option<NaiveDateTime> {
    if n == 0 {
        return Some(start);
    }
    let seconds = step?.checked_mul(n)?;
    start.checked_add_signed(TimeDelta::try_seconds(seconds)?)
}

/// The last second of the period starting at `from`.
fn period_end(from: NaiveDateTime, unit: Option<i64>, freq: &str) -> NaiveDateTime {
    let next = match unit {
        Some(u) => from.checked_add_signed(TimeDelta::seconds(u)),
        None if freq == "MONTHLY" => from.checked_add_months(Months::new(1)),
        None => from.checked_add_months(Months::new(12)),
    };
    next.map_or(NaiveDateTime::MAX, |n| n - TimeDelta::seconds(1))
}

/// Takes COUNT out of the rule, to apply it here.
fn count(parts: &mut Vec<(String, String)>) -> Result<Option<usize>, String> {
    take(parts, "COUNT")
        .map(|c| {
            c.parse()
                .map_err(|_| format!("`{c}` is not a valid COUNT value"))
        })
        .transpose()
}

/// COUNT, then the cap.
fn limit(mut out: Expanded, count: Option<usize>, cap: usize) -> Expanded {
    if let Some(c) = count {
        out.walls.truncate(c);
    }
    if out.walls.len() > cap {
        out.walls.truncate(cap);
        out.capped = true;
    }
    out
}
