//! Week figures, bands, verdicts, standings and per-manager summaries
//! (`docs/model.md`, steps 7-9). Every verdict, rank and flag a report
//! shows is decided here; exporters only format.
//!
//! - [`week`]: hours per kind and category, after-hours coding, counts;
//! - [`limits`]: the band and coding-share limit of a team size, and the
//!   verdict of a week (where the 30% rule lives);
//! - [`standing`]: each manager's standing and the ranking;
//! - [`advice`]: over-limit hours, the largest coding items, 1:1s per
//!   report, rolling shares and week-over-week changes;
//! - [`frame`]: the figures as a typed table;
//! - [`groups`]: the per-group summary and the skip-level fold;
//! - [`shared`]: a manager's weeks from share files, judged here;
//! - [`coverage`]: 1:1 coverage per team member.
//!
//! Everything is kept in whole seconds; rounding happens only at output.

pub mod advice;
pub mod coverage;
pub mod frame;
pub mod groups;
pub mod limits;
pub mod progress;
pub mod shared;
pub mod standing;
pub mod week;

pub use advice::{Advice, CodingItem, ItemKind, ItemOrigin, ManagerAdvice};
pub use limits::share;
pub use standing::{ranked, Standing};
pub use week::{
    clip, counted_seconds, judged_weeks, manager_figures, touches, Activity, Counting, Identity,
};

use crate::period::Week;
use crate::Warning;
use std::fmt;
use std::sync::Arc;

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
    pub categories: CategorySeconds,
    pub after_hours_coding: i64,
    pub commits: u32,
    pub sessions: u32,
    pub events: u32,
    /// Review events (reviews, review comments) timed inside the week.
    pub reviews: u32,
    /// 100 × coding / tracked, unrounded (0 when nothing is tracked).
    pub coding_share_pct: f64,
    pub verdict: Verdict,
    /// Over-limit hours, largest coding items, 1:1s, trends.
    pub advice: Advice,
    /// 1:1 coverage per team member; None without a `team`.
    pub coverage: Option<coverage::Coverage>,
    /// Complete, or in progress or ahead at now (its verdict then
    /// provisional).
    pub status: crate::period::Status,
    /// Done and planned hours and the coding budget of a week that has not
    /// ended; None for a complete week (and for a week from shares).
    pub progress: Option<Progress>,
}

impl WeekFigures {
    /// A week with nothing in it: no time, no counts, no data.
    pub fn empty(week: Week) -> WeekFigures {
        WeekFigures {
            week,
            coding: 0,
            people: 0,
            other: 0,
            tracked: 0,
            categories: CategorySeconds::default(),
            after_hours_coding: 0,
            commits: 0,
            sessions: 0,
            events: 0,
            reviews: 0,
            coding_share_pct: 0.0,
            verdict: Verdict::InsufficientData,
            advice: Advice::default(),
            coverage: None,
            status: crate::period::Status::Complete,
            progress: None,
        }
    }
}

/// Hours by kind, in seconds: a part of a week (`done` or `planned`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hours {
    pub coding: i64,
    pub people: i64,
    pub other: i64,
    /// coding + people + other.
    pub tracked: i64,
}

/// What a week that has not ended adds to its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Counted before now.
    pub done: Hours,
    /// Counted after now: calendar occurrences only.
    pub planned: Hours,
    /// max(0, (limit × tracked − coding) / (1 − limit)) in hours, with the
    /// week's tracked and coding (done + planned); None when the limit is
    /// 100% (no amount of coding reaches past it).
    pub coding_budget_hours: Option<f64>,
    /// The coding items that own the most planned coding time, largest
    /// first (what could be moved when the plan is over the limit).
    pub largest_planned: Vec<CodingItem>,
}

/// Seconds per category in one week, sorted by name: a short list (a week
/// has a handful of categories), whose names are shared with the rules
/// that gave them, so an org's year of weeks stays small in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategorySeconds(Vec<(Arc<str>, i64)>);

impl CategorySeconds {
    pub fn get(&self, name: &str) -> Option<&i64> {
        let at = self.0.binary_search_by(|(n, _)| (**n).cmp(name)).ok()?;
        Some(&self.0[at].1)
    }

    /// Adds `seconds` to the category `name`.
    pub fn add(&mut self, name: &Arc<str>, seconds: i64) {
        match self.0.binary_search_by(|(n, _)| n.cmp(name)) {
            Ok(at) => self.0[at].1 += seconds,
            Err(at) => self.0.insert(at, (name.clone(), seconds)),
        }
    }

    /// (name, seconds) in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &i64)> {
        self.0.iter().map(|(n, s)| (n, s))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Arc<str>> {
        self.0.iter().map(|(n, _)| n)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Gives back the room a week's list grew into.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl FromIterator<(Arc<str>, i64)> for CategorySeconds {
    /// Seconds of the same name are added up.
    fn from_iter<I: IntoIterator<Item = (Arc<str>, i64)>>(iter: I) -> Self {
        let mut all = CategorySeconds::default();
        for (name, seconds) in iter {
            all.add(&name, seconds);
        }
        all
    }
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
    /// The team or org unit (`group`), for the per-group summary.
    pub group: Option<String>,
    /// Where the week figures came from: the manager's sources, or share
    /// files (`docs/model.md`, "Shared figures").
    pub source: FiguresSource,
}

/// Where a manager's week figures came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum FiguresSource {
    /// Counted here from calendars and git history.
    #[default]
    Sources,
    /// Read from share files; `missing` are the weeks asked for that no
    /// share holds (no data, never zeros).
    Shares { missing: Vec<Week> },
}

/// Everything a report shows: the weeks asked for, every manager's figures
/// in config order, and the warnings met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub weeks: Vec<Week>,
    /// The configured bands, in order: the charts draw their limits.
    pub bands: Vec<crate::config::Band>,
    /// Every category the config's rules and sources can count time in,
    /// with time this run or not: `weeks.csv` has a column for each, so a
    /// job appending each week's rows keeps one shape.
    pub categories: Vec<String>,
    pub managers: Vec<ManagerFigures>,
    pub warnings: Vec<Warning>,
}

impl ManagerFigures {
    /// Whether the manager has a team: the weeks carry 1:1 coverage.
    pub fn has_coverage(&self) -> bool {
        self.weeks.iter().any(|w| w.coverage.is_some())
    }

    /// Whether a week has not ended (in progress or ahead).
    pub fn has_unfinished(&self) -> bool {
        (self.weeks.iter()).any(|w| w.status != crate::period::Status::Complete)
    }

    /// Whether `week` is one the manager's shares do not hold: no figures
    /// at all, to be shown empty, never as zeros.
    pub fn not_shared(&self, week: crate::period::Week) -> bool {
        matches!(&self.source, FiguresSource::Shares { missing } if missing.contains(&week))
    }
}

impl Report {
    /// Whether some manager has a team (1:1 coverage).
    pub fn has_coverage(&self) -> bool {
        self.managers.iter().any(ManagerFigures::has_coverage)
    }

    /// Whether some manager-week has not ended.
    pub fn has_unfinished(&self) -> bool {
        self.managers.iter().any(ManagerFigures::has_unfinished)
    }

    /// Whether some manager has a group (the per-group summary).
    pub fn has_groups(&self) -> bool {
        self.managers.iter().any(|m| m.group.is_some())
    }

    /// Whether some manager's shares leave one of the weeks out.
    pub fn has_weeks_not_shared(&self) -> bool {
        (self.managers.iter()).any(|m| m.weeks.iter().any(|w| m.not_shared(w.week)))
    }
}

/// Hours from seconds, rounded half-up to 2 decimals (for output only).
pub fn hours(seconds: i64) -> f64 {
    round_half_up(seconds as f64 / 3600.0, 2)
}

/// Unrounded hours rounded half-up to 2 decimals (for output only).
pub fn hours_of(value: f64) -> f64 {
    round_half_up(value, 2)
}

/// Hours from seconds, rounded half-up to 1 decimal: the terminal's short
/// form ("6.0 h").
pub fn tenths(seconds: i64) -> f64 {
    round_half_up(seconds as f64 / 3600.0, 1)
}

/// A number of hours rounded half-up to 1 decimal (for output only).
pub fn tenths_of(value: f64) -> f64 {
    round_half_up(value, 1)
}

/// A percentage rounded half-up to 1 decimal (for output only).
pub fn pct(value: f64) -> f64 {
    round_half_up(value, 1)
}

pub(crate) fn round_half_up(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    // The small epsilon keeps 0.125 (stored as 0.12499999...) rounding up.
    ((value * scale) + 0.5 + 1e-9).floor() / scale
}

// The hand-written sample report, shared with `tests/report.rs`; it names
// the figure types through this module's imports.
#[cfg(test)]
pub(crate) mod sample;
#[cfg(test)]
use crate::config::Band;
