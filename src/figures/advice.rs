//! Advice figures (`docs/model.md`, "Advice figures"): what a verdict does
//! not say. How many coding hours are over the limit, which items own the
//! most coding time, how much 1:1 time each report gets, and how the share
//! moves over the weeks.
//!
//! The week's own figures come from its pieces ([`week_advice`],
//! [`ranked_items`]); the trends across weeks (the 4-week rolling share,
//! the week-over-week change) are table operations on the frame of week
//! figures ([`add_trends`]), with the 3 weeks before the range read for them
//! and then left out of the report.

use super::{frame, Report, Verdict, WeekFigures};
use crate::period::Week;
use polars::prelude::*;
use std::sync::Arc;

/// The category whose hours are the 1:1 hours.
pub const ONE_ON_ONES: &str = "one-on-ones";

/// How many items `largest_coding` lists at most.
pub const LARGEST_ITEMS: usize = 3;

/// The rolling share covers this week and the 3 before it.
pub const TREND_WEEKS: usize = 4;

/// Weeks read before the range so that its first week has its trends.
pub const LEAD_WEEKS: usize = TREND_WEEKS - 1;

/// What a coding item is: a calendar series (one UID), a single calendar
/// event, the sessions of one repository or `git log` file, or the review
/// sessions in one forge repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Series,
    Event,
    Repository,
    Reviews,
}

impl ItemKind {
    /// The `source` of a `largest_coding` entry.
    pub fn source(self) -> &'static str {
        match self {
            ItemKind::Series | ItemKind::Event => "calendar",
            ItemKind::Repository => "git",
            ItemKind::Reviews => "forge",
        }
    }
}

/// One coding item as read: what it is, its title (the event's title or the
/// repository's folder name) and its category ("commits" for git).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemOrigin {
    pub kind: ItemKind,
    pub title: Arc<str>,
    pub category: Arc<str>,
}

/// One entry of `largest_coding`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodingItem {
    pub kind: ItemKind,
    /// The title, or the category where titles must not be shown.
    pub label: Arc<str>,
    /// The category, shown instead of the title by [`hide_titles`].
    pub category: Arc<str>,
    /// Whether `label` is the title.
    pub titled: bool,
    /// Counted coding seconds that week.
    pub seconds: i64,
}

/// The advice figures of one manager-week; hours unrounded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Advice {
    /// max(0, coding − limit × tracked), in hours; 0 without data.
    pub coding_over_limit_hours: f64,
    /// Largest first, at most [`LARGEST_ITEMS`].
    pub largest_coding: Vec<CodingItem>,
    /// Counted seconds of the "one-on-ones" category.
    pub one_on_ones: i64,
    /// None when the manager has no reports.
    pub one_on_one_hours_per_report: Option<f64>,
    pub people_hours_per_report: Option<f64>,
    pub one_on_ones_thin: bool,
    /// The norm `one_on_ones_thin` compares with (`[people]
    /// one_on_one_hours_per_report`), for display.
    pub one_on_one_norm_hours: f64,
    /// 100 × Σcoding / Σtracked over the weeks with data among this week
    /// and the 3 before; None when none has data.
    pub rolling_share_pct: Option<f64>,
    /// This week's share minus the previous week's, both exact (only the
    /// difference is rounded, when printed); None when either has
    /// insufficient data.
    pub share_change_pp: Option<f64>,
}

/// The week's own advice figures (the trends are added by [`add_trends`]).
pub fn week_advice(
    f: &WeekFigures,
    reports: Option<u32>,
    limit_pct: f64,
    one_on_one_norm_hours: f64,
    largest_coding: Vec<CodingItem>,
) -> Advice {
    let has_data = f.verdict != Verdict::InsufficientData;
    let over_seconds = f.coding as f64 - limit_pct / 100.0 * f.tracked as f64;
    let one_on_ones = f.categories.get(ONE_ON_ONES).copied().unwrap_or(0);
    let per_report = |seconds: i64| match reports {
        Some(n) if n > 0 => Some(seconds as f64 / 3600.0 / f64::from(n)),
        _ => None,
    };
    let one_on_one_hours_per_report = per_report(one_on_ones);
    Advice {
        coding_over_limit_hours: if has_data {
            over_seconds.max(0.0) / 3600.0
        } else {
            0.0
        },
        largest_coding,
        one_on_ones,
        one_on_one_hours_per_report,
        people_hours_per_report: per_report(f.people),
        one_on_ones_thin: has_data
            && one_on_one_hours_per_report.is_some_and(|h| h < one_on_one_norm_hours),
        one_on_one_norm_hours,
        rolling_share_pct: None,
        share_change_pp: None,
    }
}

/// The items of `seconds` (item, counted coding seconds that week; each
/// item once) with time, largest first (ties by title), at most
/// [`LARGEST_ITEMS`].
pub fn ranked_items(seconds: Vec<(usize, i64)>, items: &[ItemOrigin]) -> Vec<CodingItem> {
    let mut ranked: Vec<(usize, i64)> = seconds.into_iter().filter(|(_, s)| *s > 0).collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| items[a.0].title.cmp(&items[b.0].title))
            .then(a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .take(LARGEST_ITEMS)
        .map(|(i, seconds)| CodingItem {
            kind: items[i].kind,
            label: items[i].title.clone(),
            category: items[i].category.clone(),
            titled: true,
            seconds,
        })
        .collect()
}

/// Every `largest_coding` label becomes its category ("commits" for git):
/// for `--redact`, share files and reports of more than one manager, which
/// never show a title (`docs/model.md`, "Advice figures").
pub fn hide_titles(report: &mut Report) {
    let items = report
        .managers
        .iter_mut()
        .flat_map(|m| &mut m.weeks)
        .flat_map(|w| {
            let planned = w.progress.as_mut().map(|p| &mut p.largest_planned);
            (w.advice.largest_coding.iter_mut()).chain(planned.into_iter().flatten())
        });
    for item in items {
        item.label = item.category.clone();
        item.titled = false;
    }
}

/// A manager's advice over the weeks reported, for the ranked summaries:
/// the columns a director sorts by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ManagerAdvice {
    /// Mean coding_over_limit_hours over the weeks with data; None without
    /// such a week.
    pub over_limit_hours_per_week: Option<f64>,
    /// Σ 1:1 hours ÷ weeks with data ÷ reports; None without data or
    /// reports.
    pub one_on_one_hours_per_report: Option<f64>,
    /// The last reported week's 4-week rolling share.
    pub rolling_share_pct: Option<f64>,
    /// Weeks with thin 1:1s.
    pub thin_weeks: u32,
    /// Thin over the weeks reported: the 1:1 hours per report per week with
    /// data are below the norm (`[people] one_on_one_hours_per_report`).
    pub one_on_ones_thin: bool,
}

impl ManagerAdvice {
    pub fn of(m: &super::ManagerFigures) -> ManagerAdvice {
        let with_data: Vec<&WeekFigures> = (m.weeks.iter())
            .filter(|w| w.verdict != Verdict::InsufficientData)
            .collect();
        let n = with_data.len() as f64;
        let over: f64 = with_data
            .iter()
            .map(|w| w.advice.coding_over_limit_hours)
            .sum();
        let one_on_ones: i64 = with_data.iter().map(|w| w.advice.one_on_ones).sum();
        let has_data = !with_data.is_empty();
        let one_on_one_hours_per_report = match m.reports {
            Some(r) if r > 0 && has_data => Some(one_on_ones as f64 / 3600.0 / n / f64::from(r)),
            _ => None,
        };
        let norm = with_data.last().map(|w| w.advice.one_on_one_norm_hours);
        ManagerAdvice {
            over_limit_hours_per_week: has_data.then(|| over / n),
            one_on_one_hours_per_report,
            rolling_share_pct: m.weeks.last().and_then(|w| w.advice.rolling_share_pct),
            thin_weeks: m.weeks.iter().filter(|w| w.advice.one_on_ones_thin).count() as u32,
            one_on_ones_thin: matches!(
                (one_on_one_hours_per_report, norm),
                (Some(h), Some(norm)) if h < norm
            ),
        }
    }
}

/// The [`LEAD_WEEKS`] weeks before `first`, in order.
pub fn lead_weeks(first: Week) -> Vec<Week> {
    crate::period::weeks_before(first, LEAD_WEEKS)
}

/// Adds each reported week's rolling share and share change, computed on
/// the frame of week figures with `lead[m]` (manager `m`'s weeks before the
/// range, in order) in front of its reported weeks: per manager, sums over
/// a window of [`TREND_WEEKS`] rows and the share one row before.
pub fn add_trends(report: &mut Report, lead: &[Vec<WeekFigures>]) -> PolarsResult<()> {
    let df = frame::trend_frame(report, lead)?;
    // Each manager's rows are together, in order (`trend_frame`): a slice
    // each. (Partitioning by the column would also start polars' thread
    // pool, two more threads, for a frame this small.)
    let mut offset = 0;
    for (m, lead) in report.managers.iter_mut().zip(lead) {
        let rows = lead.len() + m.weeks.len();
        let part = df.slice(i64::try_from(offset).unwrap_or(i64::MAX), rows);
        offset += rows;
        let (mut rolling, mut change) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
        manager_trends(&part, (&mut rolling, &mut change))?;
        let reported = rolling.into_iter().zip(change).skip(lead.len());
        for (w, (rolling, change)) in m.weeks.iter_mut().zip(reported) {
            w.advice.rolling_share_pct = rolling;
            w.advice.share_change_pp = change;
        }
    }
    Ok(())
}

/// One manager's rows (in week order): the rolling share and the change,
/// added to `rolling` and `change`. The sums are the frame's; a row without
/// data is left out of them, and its figures are none. (Which rows have
/// none is decided here, not with polars' null masks: combining an
/// all-null mask makes polars fill an 8 MiB buffer of zeros, more than
/// all the trends cost.)
fn manager_trends(
    df: &DataFrame,
    (rolling, change): (&mut Vec<Option<f64>>, &mut Vec<Option<f64>>),
) -> PolarsResult<()> {
    let has_data = df.column("has_data")?.as_materialized_series();
    let counted = has_data.cast(&DataType::Int64)?;
    let of_data = |name: &str| -> PolarsResult<Series> {
        let s = df.column(name)?.as_materialized_series();
        &s.cast(&DataType::Int64)? * &counted
    };
    let coding = window_sum(&of_data("coding_seconds")?)?;
    let tracked = window_sum(&of_data("tracked_seconds")?)?;
    let weeks = window_sum(&counted)?;
    let sums = coding
        .i64()?
        .into_no_null_iter()
        .zip(tracked.i64()?.into_no_null_iter());
    rolling.extend(
        sums.zip(weeks.i64()?.into_no_null_iter())
            .map(|((coding, tracked), weeks)| {
                (weeks > 0).then(|| coding as f64 * 100.0 / tracked as f64)
            }),
    );
    let share = df.column("coding_share_pct")?.as_materialized_series();
    let share: Vec<Option<f64>> = (share.f64()?.iter())
        .zip(has_data.bool()?.iter())
        .map(|(share, has_data)| share.filter(|_| has_data == Some(true)))
        .collect();
    change.extend((0..share.len()).map(|i: usize| {
        let before = i.checked_sub(1).and_then(|b| share[b]);
        Some(share[i]? - before?)
    }));
    Ok(())
}

/// Each row's sum over itself and the rows before it, [`TREND_WEEKS`] in
/// all: a cumulative sum minus the cumulative sum [`TREND_WEEKS`] rows up.
fn window_sum(s: &Series) -> PolarsResult<Series> {
    let total = cum_sum(s, false)?.cast(&DataType::Int64)?;
    let zeros = Series::new(total.name().clone(), [0i64; TREND_WEEKS]);
    &total - &lagged(&total, zeros)?
}

/// `s` moved down by as many rows as `fill` has, those at the top taken
/// from `fill`.
fn lagged(s: &Series, fill: Series) -> PolarsResult<Series> {
    let rows = fill.len().min(s.len());
    let mut out = fill.slice(0, rows);
    out.append(&s.slice(0, s.len() - rows))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn thirteen_and_three_quarter_hours_of_twenty_seven_at_thirty_percent() {
        // 13.75 − 0.30 × 27.0 = 13.75 − 8.10 = 5.65 h over.
        let mut f = sample::report().managers[0].weeks[2].clone();
        f.coding = 13 * 3600 + 45 * 60;
        f.tracked = 27 * 3600;
        f.verdict = Verdict::Over;
        let a = week_advice(&f, Some(4), 30.0, 0.5, Vec::new());
        assert_eq!(crate::figures::hours_of(a.coding_over_limit_hours), 5.65);
    }
}
