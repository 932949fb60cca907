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

mod corners;

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
/// read as written. `date_valued`: the series' DTSTART is a DATE, whose
/// BYHOUR, BYMINUTE and BYSECOND are ignored (RFC 5545 3.3.10). The error
/// is one line saying what is wrong.
///
/// Two corners the `rrule` crate gets wrong are worked around here: a
/// WEEKLY rule with BYSETPOS whose DTSTART is not on the week's first day
/// (the set BYSETPOS picks from is the whole week, DTSTART's week
/// included), and an INTERVAL above 65535 (which the crate refuses).
pub(crate) fn expand(
    rule: &str,
    start: NaiveDateTime,
    utc_as_wall: impl Fn(NaiveDateTime) -> NaiveDateTime,
    date_valued: bool,
    reach: Reach<impl Fn(NaiveDateTime) -> bool>,
) -> Result<Expanded, String> {
    let mut parts = rule_parts(rule)?;
    gregorian_only(&mut parts)?;
    plain_weekdays_below_monthly(&mut parts);
    if date_valued {
        parts.retain(|(k, _)| !matches!(k.as_str(), "BYHOUR" | "BYMINUTE" | "BYSECOND"));
    }
    let until = match take(&mut parts, "UNTIL") {
        Some(raw) => Some(until_wall(&raw, utc_as_wall)?),
        None => None,
    };
    // RFC 5545: INTERVAL is a positive integer. 0 is refused as a negative
    // one is (the caller keeps the first instance, with a warning), not
    // read as 1: no calendar app is known to write it, so there is no
    // app's reading to repair towards (calendar/repair.rs).
    let interval: u64 = match get(&parts, "INTERVAL") {
        Some(v) => (v.parse().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("`{v}` is not a valid INTERVAL value"))?,
        None => 1,
    };
    if interval > u64::from(u16::MAX) {
        return corners::huge_interval(parts, interval, start, until, reach);
    }
    if let Some(week_start) = corners::bysetpos_week_start(&parts, start) {
        return corners::from_week_start(parts, week_start, start, until, reach);
    }
    run_rule(parse_parts(&parts)?, start, until, reach)
}

/// The rule's `KEY=value` parts, keys upper-case, values as written
/// (upper-case too but UNTIL's).
fn rule_parts(rule: &str) -> Result<Vec<(String, String)>, String> {
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
    Ok((rule.split(';').filter(|p| !p.trim().is_empty()))
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let k = k.trim().to_ascii_uppercase();
            let v = v.trim();
            let v = if k == "UNTIL" {
                v.to_string()
            } else {
                v.to_ascii_uppercase()
            };
            (k, v)
        })
        .collect())
}

/// RFC 7529's RSCALE, which Apple's and Google's calendars write as
/// `RSCALE=GREGORIAN` (the crate refuses the part): the Gregorian scale is
/// RFC 5545's own, so the part is dropped, with its SKIP (which moves a
/// date a month lacks, the 31st, to a day before or after; RFC 5545 leaves
/// it out, as here). Another scale (Hebrew, Chinese) is not read.
fn gregorian_only(parts: &mut Vec<(String, String)>) -> Result<(), String> {
    match take(parts, "RSCALE").as_deref() {
        None | Some("GREGORIAN") => {
            take(parts, "SKIP");
            Ok(())
        }
        Some(other) => Err(format!(
            "RSCALE={other} (a calendar other than the Gregorian) is not supported"
        )),
    }
}

/// A numbered BYDAY (`1TU`, `-1FR`) means "the first Tuesday of the month
/// or year": RFC 5545 allows it only in MONTHLY and YEARLY rules. In a
/// WEEKLY or finer one the crate expanded every day of the week; the
/// number is dropped, as calendar apps read it (every Tuesday).
fn plain_weekdays_below_monthly(parts: &mut [(String, String)]) {
    if matches!(get(parts, "FREQ"), Some("MONTHLY" | "YEARLY") | None) {
        return;
    }
    for (_, v) in parts.iter_mut().filter(|(k, _)| k == "BYDAY") {
        let days: Vec<&str> = (v.split(','))
            .map(|d| d.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-'))
            .collect();
        *v = days.join(",");
    }
}

fn get<'p>(parts: &'p [(String, String)], key: &str) -> Option<&'p str> {
    parts
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Removes `key`'s part, returning its value.
fn take(parts: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let i = parts.iter().position(|(k, _)| k == key)?;
    Some(parts.remove(i).1)
}

/// The crate's rule of `parts` (UNTIL already taken out).
fn parse_parts(parts: &[(String, String)]) -> Result<RRule<Unvalidated>, String> {
    let text: Vec<String> = parts.iter().map(|(k, v)| format!("{k}={v}")).collect();
    text.join(";")
        .parse()
        .map_err(|e: rrule::RRuleError| e.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    /// The walls of `rule` from `start` up to the end of 2026, date-valued
    /// or not.
    fn walls(rule: &str, start: NaiveDateTime, date_valued: bool) -> Vec<NaiveDateTime> {
        let end = at(12, 31, 23, 59);
        let reach = Reach {
            after: None,
            stop: |w| w > end,
            cap: 1000,
        };
        expand(rule, start, |u| u, date_valued, reach)
            .unwrap()
            .walls
    }

    #[test]
    fn weekly_bysetpos_picks_from_the_whole_week_of_dtstart() {
        // DTSTART Wed 4 Nov 2026 10:00; WKST=MO. Week of Mon 2 Nov: the set
        // is {Mon 2, Wed 4, Fri 6}: the 2nd is Wed 4 (DTSTART itself), not
        // Fri 6 (the 2nd counted from DTSTART). Then Wed 11, Wed 18.
        let got = walls(
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=2;COUNT=3",
            at(11, 4, 10, 0),
            false,
        );
        assert_eq!(
            got,
            [at(11, 4, 10, 0), at(11, 11, 10, 0), at(11, 18, 10, 0)]
        );
        // The last of each week: Fri 6, 13, 20 (UNTIL Fri 20 inclusive).
        let got = walls(
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=-1;UNTIL=20261120T100000",
            at(11, 4, 10, 0),
            false,
        );
        assert_eq!(
            got,
            [at(11, 6, 10, 0), at(11, 13, 10, 0), at(11, 20, 10, 0)]
        );
        // WKST=SU, DTSTART Tue 3 Nov: week of Sun 1 Nov = {Sun 1, Tue 3,
        // Thu 5}; the 1st is Sun 1, before DTSTART: dropped. Next weeks:
        // Sun 8, Sun 15.
        let got = walls(
            "FREQ=WEEKLY;WKST=SU;BYDAY=SU,TU,TH;BYSETPOS=1;COUNT=2",
            at(11, 3, 9, 0),
            false,
        );
        assert_eq!(got, [at(11, 8, 9, 0), at(11, 15, 9, 0)]);
    }

    #[test]
    fn byhour_byminute_bysecond_of_a_date_series_are_ignored() {
        // RFC 5545 3.3.10: on a DATE DTSTART these parts are ignored, so
        // DAILY;COUNT=3 from Wed 4 Nov gives Wed 4, Thu 5, Fri 6 (midnight
        // walls), once each; not 08:00 and 12:00 of each day.
        let got = walls(
            "FREQ=DAILY;BYHOUR=8,12;BYMINUTE=30;BYSECOND=15;COUNT=3",
            at(11, 4, 0, 0),
            true,
        );
        assert_eq!(got, [at(11, 4, 0, 0), at(11, 5, 0, 0), at(11, 6, 0, 0)]);
        // On a date-time series they expand: Wed 4 12:30 (08:30 is before
        // DTSTART 10:00), Thu 5 08:30, Thu 5 12:30.
        let got = walls(
            "FREQ=DAILY;BYHOUR=8,12;BYMINUTE=30;COUNT=3",
            at(11, 4, 10, 0),
            false,
        );
        assert_eq!(
            got,
            [at(11, 4, 12, 30), at(11, 5, 8, 30), at(11, 5, 12, 30)]
        );
    }

    #[test]
    fn a_gregorian_rscale_is_the_rule_without_it() {
        // RFC 7529 as Apple writes it: weekly on Tuesdays from Tue 6 Jan,
        // three times: 6, 13 and 20 Jan.
        let got = walls(
            "RRULE:RSCALE=GREGORIAN;FREQ=WEEKLY;BYDAY=TU;COUNT=3",
            at(1, 6, 10, 0),
            false,
        );
        assert_eq!(got, [at(1, 6, 10, 0), at(1, 13, 10, 0), at(1, 20, 10, 0)]);
        let reach = Reach {
            after: None,
            stop: |_| false,
            cap: 10,
        };
        let hebrew = expand(
            "RSCALE=HEBREW;FREQ=YEARLY",
            at(1, 6, 10, 0),
            |u| u,
            false,
            reach,
        );
        assert_eq!(
            hebrew.err().unwrap(),
            "RSCALE=HEBREW (a calendar other than the Gregorian) is not supported"
        );
    }

    #[test]
    fn a_numbered_weekday_in_a_weekly_rule_is_that_weekday() {
        // FREQ=WEEKLY;BYDAY=1TU from Tue 3 Nov: every Tuesday, 3, 10, 17
        // Nov (COUNT=3), not every day.
        let got = walls("FREQ=WEEKLY;BYDAY=1TU;COUNT=3", at(11, 3, 10, 0), false);
        assert_eq!(
            got,
            [at(11, 3, 10, 0), at(11, 10, 10, 0), at(11, 17, 10, 0)]
        );
        // MONTHLY keeps its number: the first Tuesday, 3 Nov and 1 Dec.
        let got = walls("FREQ=MONTHLY;BYDAY=1TU;COUNT=2", at(11, 3, 10, 0), false);
        assert_eq!(got, [at(11, 3, 10, 0), at(12, 1, 10, 0)]);
    }

    #[test]
    fn an_interval_above_65535_is_accepted() {
        // MINUTELY every 70000 minutes = 48 days 14 h 40 min: from Mon 5 Oct
        // 09:00, then Sun 22 Nov 23:40, then Sat 9 Jan 2027 (past the end).
        let got = walls("FREQ=MINUTELY;INTERVAL=70000", at(10, 5, 9, 0), false);
        assert_eq!(got, [at(10, 5, 9, 0), at(11, 22, 23, 40)]);
        // SECONDLY every 100000 s = 1 day 3 h 46 min 40 s, COUNT=3: Mon 5
        // Oct 09:00:00, Tue 6 12:46:40, Wed 7 16:33:20.
        let got = walls(
            "FREQ=SECONDLY;INTERVAL=100000;COUNT=3",
            at(10, 5, 9, 0),
            false,
        );
        let s = |d, h, m, sec| {
            NaiveDate::from_ymd_opt(2026, 10, d)
                .unwrap()
                .and_hms_opt(h, m, sec)
                .unwrap()
        };
        assert_eq!(got, [s(5, 9, 0, 0), s(6, 12, 46, 40), s(7, 16, 33, 20)]);
        // DAILY every 70000 days (191 years): the first period only; with
        // BYHOUR=9,17 that day's 17:00 too.
        let got = walls(
            "FREQ=DAILY;INTERVAL=70000;BYHOUR=9,17",
            at(10, 5, 9, 0),
            false,
        );
        assert_eq!(got, [at(10, 5, 9, 0), at(10, 5, 17, 0)]);
        // WEEKLY every 100000 weeks with BYDAY=MO,WE: Mon 5 and Wed 7 Oct.
        let got = walls(
            "FREQ=WEEKLY;INTERVAL=100000;BYDAY=MO,WE",
            at(10, 5, 9, 0),
            false,
        );
        assert_eq!(got, [at(10, 5, 9, 0), at(10, 7, 9, 0)]);
        // YEARLY every 70000 years, BYMONTH=10,11: 5 Oct and 5 Nov 2026.
        let got = walls(
            "FREQ=YEARLY;INTERVAL=70000;BYMONTH=10,11",
            at(10, 5, 9, 0),
            false,
        );
        assert_eq!(got, [at(10, 5, 9, 0), at(11, 5, 9, 0)]);
    }
}
