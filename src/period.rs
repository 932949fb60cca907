//! ISO weeks, date ranges and "today"; and the one rule that turns a
//! wall-clock time into an instant ([`wall_to_instant`]).
//!
//! A week is Monday 00:00 to the next Monday 00:00 in the manager's zone, so
//! the week of a DST change has 167 or 169 hours.

use anyhow::{bail, Context, Result};
use chrono::{
    DateTime, Datelike, Days, IsoWeek, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeDelta,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    /// Its Monday.
    monday: NaiveDate,
}

impl Week {
    pub fn containing(date: NaiveDate) -> Week {
        let iso: IsoWeek = date.iso_week();
        Week {
            monday: NaiveDate::from_isoywd_opt(iso.year(), iso.week(), Weekday::Mon)
                .expect("an ISO week of a valid date has a Monday"),
        }
    }

    pub fn from_iso(year: i32, week: u32) -> Option<Week> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|monday| Week { monday })
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    pub fn year(self) -> i32 {
        self.monday.iso_week().year()
    }

    pub fn number(self) -> u32 {
        self.monday.iso_week().week()
    }

    pub fn next(self) -> Week {
        Week {
            monday: self.monday + Days::new(7),
        }
    }

    pub fn previous(self) -> Week {
        Week {
            monday: self.monday - Days::new(7),
        }
    }

    /// The week's bounds as instants: Monday 00:00 to the next Monday 00:00
    /// in `zone`.
    pub fn bounds(self, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.monday, zone),
            local_midnight(self.next().monday, zone),
        )
    }
}

/// The first instant of `date` in `zone`. Where midnight falls in a DST gap
/// (some zones change at 00:00), the day starts when the clock resumes.
pub fn local_midnight(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    local_to_utc(date.and_hms_opt(0, 0, 0).unwrap(), zone)
}

/// A zone as the wall-clock rule sees it: what its clock reads.
pub trait WallClock {
    /// The instants at which the clock reads `wall`: one; two in a fold
    /// (the hour repeated when clocks go back); none in a gap (the hour
    /// skipped when they go forward).
    fn readings(&self, wall: NaiveDateTime) -> LocalResult<DateTime<Utc>>;
    /// The offset from UTC in force at the instant `seconds` (Unix time),
    /// in seconds east of Greenwich.
    fn offset_at(&self, seconds: i64) -> i64;
}

impl WallClock for Tz {
    fn readings(&self, wall: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        self.from_local_datetime(&wall)
            .map(|t| t.with_timezone(&Utc))
    }

    fn offset_at(&self, seconds: i64) -> i64 {
        DateTime::from_timestamp(seconds, 0).map_or(0, |t| {
            i64::from(
                self.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
            )
        })
    }
}

/// A wall-clock time in `zone` as an instant in `Tz` (IANA) zones: see
/// [`wall_to_instant`].
pub fn local_to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    wall_to_instant(local, &zone)
}

/// The one wall-clock → instant rule, used by every reader of local times
/// (calendar times in any zone, `git log --date=local`, week bounds,
/// working hours). As RFC 5545 §3.3.5 says: a time that happens twice (a
/// fold) is its first occurrence; a time that does not happen (a gap) is
/// moved forward by the length of the gap, that is, read with the offset in
/// force before the gap (02:30 on the day Berlin skips 02:00-03:00 is
/// 01:30 UTC, shown as 03:30).
pub fn wall_to_instant(wall: NaiveDateTime, zone: &impl WallClock) -> DateTime<Utc> {
    match zone.readings(wall) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(a, b) => a.min(b),
        LocalResult::None => {
            let offset = TimeDelta::seconds(offset_before_gap(wall, zone));
            wall.and_utc()
                .checked_sub_signed(offset)
                .unwrap_or(wall.and_utc())
        }
    }
}

/// The offset in force just before the gap that `wall` falls in, found
/// exactly (not by looking some hours back, which fails for the day-long
/// gaps of Pacific/Apia in 2011 or Kwajalein in 1993). Instants are
/// bisected on whether the clock at them reads before `wall`; as no instant
/// reads `wall` itself, the second where the answer turns from yes to no
/// starts a gap holding it. Five days either side cover every offset a
/// VTIMEZONE can write (at most 99:59:59).
fn offset_before_gap(wall: NaiveDateTime, zone: &impl WallClock) -> i64 {
    const REACH: i64 = 5 * 86_400;
    let w = wall.and_utc().timestamp();
    let reads_before_wall = |t: i64| t + zone.offset_at(t) < w;
    // Invariant: `before` reads before `wall`, `after` does not.
    let (mut before, mut after) = (w - REACH, w + REACH);
    while after - before > 1 {
        let mid = before + (after - before) / 2;
        if reads_before_wall(mid) {
            before = mid;
        } else {
            after = mid;
        }
    }
    zone.offset_at(before)
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year(), self.number())
    }
}

impl FromStr for Week {
    type Err = anyhow::Error;

    /// `2026-W47`, `2026w47` or any date inside the week (`2026-11-18`).
    fn from_str(s: &str) -> Result<Week> {
        let t = s.trim();
        if let Some((y, w)) = t.split_once(['W', 'w']) {
            let year: i32 = y
                .trim_end_matches('-')
                .parse()
                .with_context(|| format!("'{s}' is not an ISO week like 2026-W47"))?;
            let week: u32 = w
                .parse()
                .with_context(|| format!("'{s}' is not an ISO week like 2026-W47"))?;
            let week = Week::from_iso(year, week)
                .with_context(|| format!("'{s}': year {year} has no week {week}"))?;
            within_years(week.monday, s)?;
            return Ok(week);
        }
        let date = NaiveDate::parse_from_str(t, "%Y-%m-%d").with_context(|| {
            format!("'{s}' is not a week: give one like 2026-W47, a date inside it like 2026-11-18, this or next")
        })?;
        Ok(Week::containing(within_years(date, s)?))
    }
}

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .with_context(|| format!("'{s}' is not a date like 2026-11-24"))?;
    within_years(date, s)
}

/// Dates given by the user lie in the years 1 to 9999, as calendars' do:
/// weeks and windows around them are then always representable.
fn within_years(date: NaiveDate, given: &str) -> Result<NaiveDate> {
    if !(1..=9999).contains(&date.year()) {
        bail!(
            "'{given}': year {} is out of range (1 to 9999)",
            date.year()
        );
    }
    Ok(date)
}

/// The most weeks one run reports (192 years): a bound on `--weeks` and on
/// `--from`/`--to`, so a typo cannot make a run of hours.
pub const MAX_WEEKS: usize = 10_000;

/// "Now" as `--today` / `TWOHATS_TODAY` give it (reproducible runs): a
/// date (its 00:00), a wall-clock time in the manager's zone, or an instant
/// (RFC 3339 with an offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenNow {
    Date(NaiveDate),
    Wall(NaiveDateTime),
    Instant(DateTime<Utc>),
}

impl GivenNow {
    /// The instant it names for a manager in `zone` (a wall-clock time by
    /// [`wall_to_instant`]).
    pub fn instant(self, zone: Tz) -> DateTime<Utc> {
        match self {
            GivenNow::Date(d) => local_midnight(d, zone),
            GivenNow::Wall(w) => local_to_utc(w, zone),
            GivenNow::Instant(t) => t,
        }
    }

    /// The date it names in `zone`.
    pub fn date(self, zone: Tz) -> NaiveDate {
        match self {
            GivenNow::Date(d) => d,
            GivenNow::Wall(w) => w.date(),
            GivenNow::Instant(t) => t.with_timezone(&zone).date_naive(),
        }
    }
}

impl FromStr for GivenNow {
    type Err = anyhow::Error;

    /// `2026-12-09`, `2026-12-09T12:00` (or with seconds, or a space for
    /// the `T`), `2026-12-09T12:00:00+01:00` or `...Z`.
    fn from_str(s: &str) -> Result<GivenNow> {
        let given = GivenNow::parse(s)?;
        within_years(given.date(chrono_tz::UTC), s)?;
        Ok(given)
    }
}

impl GivenNow {
    fn parse(s: &str) -> Result<GivenNow> {
        let t = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(GivenNow::Date(d));
        }
        if let Some(i) = rfc3339_utc(t) {
            return Ok(GivenNow::Instant(i));
        }
        let t = t.replacen(' ', "T", 1);
        if let Ok(i) = DateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M%#z") {
            return Ok(GivenNow::Instant(i.with_timezone(&Utc)));
        }
        for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
            if let Ok(w) = NaiveDateTime::parse_from_str(&t, format) {
                return Ok(GivenNow::Wall(w));
            }
        }
        bail!("'{s}' is not a date like 2026-12-09, a time like 2026-12-09T12:00, or RFC 3339 like 2026-12-09T12:00:00+01:00")
    }
}

/// Where a week stands against now (`docs/model.md`, "The week in progress
/// and the week ahead").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// It ended at or before now.
    #[default]
    Complete,
    /// It contains now.
    InProgress,
    /// It starts after now.
    Ahead,
}

impl Status {
    /// The status of `week` in `zone` at `now`.
    pub fn of(week: Week, zone: Tz, now: DateTime<Utc>) -> Status {
        let (from, to) = week.bounds(zone);
        if to <= now {
            Status::Complete
        } else if from <= now {
            Status::InProgress
        } else {
            Status::Ahead
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::InProgress => "in-progress",
            Status::Ahead => "ahead",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The last complete ISO week: the one before the week containing `today`.
pub fn last_complete_week(today: NaiveDate) -> Week {
    Week::containing(today).previous()
}

/// The last `n` complete weeks, oldest first.
pub fn last_weeks(today: NaiveDate, n: u32) -> Result<Vec<Week>> {
    if n == 0 {
        bail!("--weeks must be at least 1");
    }
    if n as usize > MAX_WEEKS {
        bail!("--weeks {n}: at most 10,000 weeks");
    }
    Ok(weeks_before(Week::containing(today), n as usize))
}

/// An RFC 3339 time as APIs write it (`2026-11-18T14:00:00Z`,
/// `…+01:00`), as an instant; `None` when it is not one.
pub fn rfc3339_utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The `n` weeks just before `first`, oldest first.
pub fn weeks_before(first: Week, n: usize) -> Vec<Week> {
    let mut weeks: Vec<Week> =
        std::iter::successors(Some(first.previous()), |w| Some(w.previous()))
            .take(n)
            .collect();
    weeks.reverse();
    weeks
}

/// Every ISO week containing a day of the inclusive range `from..=to`.
pub fn weeks_between(from: NaiveDate, to: NaiveDate) -> Result<Vec<Week>> {
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    let (first, last) = (Week::containing(from), Week::containing(to));
    // Counted before the weeks are listed: a range of millennia is refused.
    let n = (last.monday - first.monday).num_days() / 7 + 1;
    if n > MAX_WEEKS as i64 {
        bail!("the range {from} to {to} spans more than 10,000 weeks");
    }
    Ok(std::iter::successors(Some(first), |w| Some(w.next()))
        .take(n as usize)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_weeks_and_dates() {
        let w: Week = "2026-W47".parse().unwrap();
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 16).unwrap());
        let d: Week = "2026-11-22".parse().unwrap();
        assert_eq!(d, w);
        assert_eq!(w.to_string(), "2026-W47");
        assert!("2026-W54".parse::<Week>().is_err());
        // 2027-01-01 is a Friday in ISO week 2026-W53.
        assert_eq!(
            "2027-01-01".parse::<Week>().unwrap().to_string(),
            "2026-W53"
        );
    }

    #[test]
    fn dst_weeks_have_167_or_169_hours() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        // Clocks go back on Sunday 25 October 2026.
        let (a, b) = "2026-W43".parse::<Week>().unwrap().bounds(tz);
        assert_eq!((b - a).num_hours(), 169);
        // Clocks go forward on Sunday 29 March 2026.
        let (a, b) = "2026-W13".parse::<Week>().unwrap().bounds(tz);
        assert_eq!((b - a).num_hours(), 167);
    }

    #[test]
    fn default_week_is_the_one_before_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(last_complete_week(today).to_string(), "2026-W47");
        let four: Vec<String> = last_weeks(today, 4)
            .unwrap()
            .iter()
            .map(|w| w.to_string())
            .collect();
        assert_eq!(four, ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]);
        let range = weeks_between(
            NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        )
        .unwrap();
        assert_eq!(range.len(), 7);
    }

    #[test]
    fn now_is_a_date_a_wall_time_or_an_instant() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let at = |s: &str| s.parse::<GivenNow>().unwrap().instant(berlin).to_rfc3339();
        // Berlin is UTC+1 in December.
        assert_eq!(at("2026-12-09"), "2026-12-08T23:00:00+00:00");
        assert_eq!(at("2026-12-09T12:00"), "2026-12-09T11:00:00+00:00");
        assert_eq!(at("2026-12-09 12:00:30"), "2026-12-09T11:00:30+00:00");
        assert_eq!(at("2026-12-09T12:00:00-05:00"), "2026-12-09T17:00:00+00:00");
        assert_eq!(at("2026-12-09T12:00Z"), "2026-12-09T12:00:00+00:00");
        assert!("2026-12-09T25:00".parse::<GivenNow>().is_err());
        assert!("next tuesday".parse::<GivenNow>().is_err());
    }

    #[test]
    fn a_week_is_complete_in_progress_or_ahead() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let w50: Week = "2026-W50".parse().unwrap();
        let now = |s: &str| s.parse::<GivenNow>().unwrap().instant(berlin);
        // Monday 00:00 belongs to the week it starts; the week before has ended.
        assert_eq!(
            Status::of(w50, berlin, now("2026-12-07")),
            Status::InProgress
        );
        assert_eq!(
            Status::of(w50.previous(), berlin, now("2026-12-07")),
            Status::Complete
        );
        assert_eq!(
            Status::of(w50, berlin, now("2026-12-06T23:59")),
            Status::Ahead
        );
        assert_eq!(Status::of(w50, berlin, now("2026-12-14")), Status::Complete);
    }

    #[test]
    fn gap_times_move_forward() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let local = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        // 02:30 does not exist; RFC 5545 reads it as 03:30 CEST = 01:30 UTC.
        assert_eq!(
            local_to_utc(local, tz).to_rfc3339(),
            "2026-03-29T01:30:00+00:00"
        );
    }

    #[test]
    fn a_day_long_gap_moves_forward_by_a_day_and_a_fold_takes_the_first() {
        let at = |tz: Tz, y, m, d, h| {
            let wall = NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap();
            local_to_utc(wall, tz).to_rfc3339()
        };
        // Samoa skipped 30 December 2011 (from -10:00 to +14:00): noon that
        // day is read at -10:00, shown as noon on the 31st.
        assert_eq!(
            at(chrono_tz::Pacific::Apia, 2011, 12, 30, 12),
            "2011-12-30T22:00:00+00:00"
        );
        // Berlin 25 October 2026: 02:00 happens twice, first at +02:00.
        assert_eq!(
            at(chrono_tz::Europe::Berlin, 2026, 10, 25, 2),
            "2026-10-25T00:00:00+00:00"
        );
    }
}
