//! Week figures, bands, verdicts and per-manager summaries (SPEC steps 7-9).
//!
//! Everything is kept in whole seconds; rounding happens only at output.

pub mod frame;

use crate::period::Week;
use crate::Warning;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// tracked < min_tracked_hours. Never fails CI.
    InsufficientData,
    Ok,
    Watch,
    Over,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::InsufficientData => "insufficient-data",
            Verdict::Ok => "ok",
            Verdict::Watch => "watch",
            Verdict::Over => "over",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One manager, one ISO week. Durations in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekFigures {
    pub week: Week,
    pub coding: i64,
    pub people: i64,
    pub other: i64,
    /// The union of all intervals: coding + people + other.
    pub tracked: i64,
    /// Seconds per category, only categories with time this week.
    pub categories: BTreeMap<String, i64>,
    pub after_hours_coding: i64,
    pub commits: u32,
    pub sessions: u32,
    pub events: u32,
    /// 100 × coding / tracked, unrounded (0 when nothing is tracked).
    pub coding_share_pct: f64,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub weeks: u32,
    pub weeks_with_data: u32,
    pub weeks_over: u32,
    pub weeks_watch: u32,
    /// 100 × Σcoding / Σtracked over weeks with data, unrounded.
    pub coding_share_pct: f64,
    pub sustained_over: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManagerFigures {
    pub name: String,
    pub reports: Option<u32>,
    pub band: String,
    pub limit_pct: f64,
    pub timezone: String,
    pub weeks: Vec<WeekFigures>,
    pub summary: Summary,
}

/// Everything a report shows: the weeks asked for, every manager's figures
/// in config order, and the warnings met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub weeks: Vec<Week>,
    /// The configured bands, in order: the charts draw their limits.
    pub bands: Vec<crate::config::Band>,
    pub managers: Vec<ManagerFigures>,
    pub warnings: Vec<Warning>,
}

/// Hours from seconds, rounded half-up to 2 decimals (for output only).
pub fn hours(seconds: i64) -> f64 {
    round_half_up(seconds as f64 / 3600.0, 2)
}

/// A percentage rounded half-up to 1 decimal (for output only).
pub fn pct(value: f64) -> f64 {
    round_half_up(value, 1)
}

fn round_half_up(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    // The small epsilon keeps 0.125 (stored as 0.12499999...) rounding up.
    ((value * scale) + 0.5 + 1e-9).floor() / scale
}

// ---------------------------------------------------------------------------
// Computing the figures.

use crate::config::{Config, Thresholds, WorkingHours};
use crate::intervals::{Manager, ManagerData, Origin};
use crate::period::local_to_utc;
use crate::timeline::{self, Kind, Piece};
use chrono::{DateTime, Datelike, Days, Utc};
use chrono_tz::Tz;

/// The verdict of one week (SPEC step 8). The unrounded share is compared:
/// a share exactly at the limit is `watch`.
pub fn verdict(tracked_seconds: i64, share_pct: f64, limit_pct: f64, t: &Thresholds) -> Verdict {
    if (tracked_seconds as f64) < t.min_tracked_hours * 3600.0 {
        Verdict::InsufficientData
    } else if share_pct > limit_pct {
        Verdict::Over
    } else if share_pct > limit_pct - t.watch_margin_pct {
        Verdict::Watch
    } else {
        Verdict::Ok
    }
}

/// 100 × part / whole, 0 when nothing is tracked.
pub fn share(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// One manager's figures for each week asked for.
pub fn manager_figures(
    manager: &Manager,
    data: &ManagerData,
    config: &Config,
    weeks: &[Week],
) -> ManagerFigures {
    // Merge note: `figures::limits::band_for` (helper B) replaces this lookup
    // of the band that was `Thresholds::band_for` in config.rs.
    let reports = manager.reports.unwrap_or(0);
    let bands = &config.thresholds.bands;
    let band = (bands
        .iter()
        .find(|b| b.max_reports.is_none_or(|max| reports <= max)))
    .unwrap_or_else(|| bands.last().expect("validation keeps at least one band"));
    let pieces = timeline::resolve(&data.intervals);
    let timestamp = config.git.timestamp;
    let mut commit_times: Vec<DateTime<Utc>> =
        data.commits.iter().map(|c| c.time(timestamp)).collect();
    commit_times.sort();

    let weeks: Vec<WeekFigures> = weeks
        .iter()
        .map(|&week| {
            let (from, to) = week.bounds(manager.zone);
            let mut f = WeekFigures {
                week,
                coding: 0,
                people: 0,
                other: 0,
                tracked: 0,
                categories: BTreeMap::new(),
                after_hours_coding: 0,
                commits: 0,
                sessions: 0,
                events: 0,
                coding_share_pct: 0.0,
                verdict: Verdict::InsufficientData,
            };
            let working = working_windows(week, manager.zone, &config.working_hours);
            for p in clip(&pieces, from, to) {
                let seconds = (p.end - p.start).num_seconds();
                let iv = &data.intervals[p.owner];
                match iv.kind {
                    Kind::Coding => {
                        f.coding += seconds;
                        let inside: i64 = working
                            .iter()
                            .map(|&(a, b)| overlap(p.start, p.end, a, b))
                            .sum();
                        f.after_hours_coding += seconds - inside;
                    }
                    Kind::People => f.people += seconds,
                    Kind::Other => f.other += seconds,
                    Kind::Ignore => unreachable!("ignore intervals own no time"),
                }
                *f.categories.entry(iv.category.clone()).or_default() += seconds;
            }
            f.tracked = f.coding + f.people + f.other;
            f.commits = count_u32(
                commit_times.partition_point(|t| *t < to)
                    - commit_times.partition_point(|t| *t < from),
            );
            f.sessions = count_u32(
                data.sessions
                    .iter()
                    .filter(|s| touches(s.start, s.end, from, to))
                    .count(),
            );
            f.events = count_u32(
                data.intervals
                    .iter()
                    .zip(&data.origins)
                    .filter(|(iv, o)| {
                        matches!(o, Origin::Occurrence(_))
                            && iv.kind != Kind::Ignore
                            && overlap(iv.start, iv.end, from, to) > 0
                    })
                    .count(),
            );
            f.coding_share_pct = share(f.coding, f.tracked);
            f.verdict = verdict(
                f.tracked,
                f.coding_share_pct,
                band.limit_pct,
                &config.thresholds,
            );
            f
        })
        .collect();

    let summary = summarise(&weeks);
    ManagerFigures {
        name: manager.name.clone(),
        reports: manager.reports,
        band: band.name.clone(),
        limit_pct: band.limit_pct,
        timezone: manager.zone.name().to_string(),
        weeks,
        summary,
    }
}

/// The per-manager summary over the weeks reported (SPEC step 9).
pub fn summarise(weeks: &[WeekFigures]) -> Summary {
    let with_data: Vec<&WeekFigures> = weeks
        .iter()
        .filter(|w| w.verdict != Verdict::InsufficientData)
        .collect();
    let coding: i64 = with_data.iter().map(|w| w.coding).sum();
    let tracked: i64 = with_data.iter().map(|w| w.tracked).sum();
    let recent_over = with_data
        .iter()
        .rev()
        .take(4)
        .filter(|w| w.verdict == Verdict::Over)
        .count();
    Summary {
        weeks: count_u32(weeks.len()),
        weeks_with_data: count_u32(with_data.len()),
        weeks_over: count_u32(weeks.iter().filter(|w| w.verdict == Verdict::Over).count()),
        weeks_watch: count_u32(weeks.iter().filter(|w| w.verdict == Verdict::Watch).count()),
        coding_share_pct: share(coding, tracked),
        sustained_over: recent_over >= 3,
    }
}

/// The pieces inside `[from, to)`, cut at its bounds.
fn clip(
    pieces: &[Piece],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> impl Iterator<Item = Piece> + '_ {
    let first = pieces.partition_point(|p| p.end <= from);
    pieces[first..]
        .iter()
        .take_while(move |p| p.start < to)
        .map(move |p| Piece {
            start: p.start.max(from),
            end: p.end.min(to),
            owner: p.owner,
        })
}

/// Each working day's window `[start, end)` in the manager's zone.
fn working_windows(
    week: Week,
    zone: Tz,
    hours: &WorkingHours,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    (0..7)
        .map(|d| week.monday() + Days::new(d))
        .filter(|day| hours.days.contains(&day.weekday()))
        .map(|day| {
            (
                local_to_utc(day.and_time(hours.start), zone),
                local_to_utc(day.and_time(hours.end), zone),
            )
        })
        .collect()
}

fn overlap(a: DateTime<Utc>, b: DateTime<Utc>, c: DateTime<Utc>, d: DateTime<Utc>) -> i64 {
    (b.min(d) - a.max(c)).num_seconds().max(0)
}

/// An interval touches a week when it overlaps it, or, having no length,
/// lies inside it.
pub fn touches(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> bool {
    if start == end {
        from <= start && start < to
    } else {
        start < to && end > from
    }
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
