//! The week-figures table as a polars frame: one row per manager-week, every
//! figure a typed column, for `weeks.csv`, `weeks.parquet` and analysts'
//! tools (pandas, DuckDB, Spark).
//!
//! Hours and percentages are rounded as in the JSON (half-up, 2 and 1
//! decimals), so every file of a report shows the same figures. Hours per
//! category follow as one `category:NAME` column each, for every category
//! that has time in some week of the report (0 where it has none).
//!
//! [`trend_frame`] is the same table as the figures keep it (seconds, the
//! weeks before the range in front): what `advice::add_trends` computes the
//! rolling shares and week-over-week changes on.

use super::coverage::Coverage;
use super::{hours, hours_of, pct, Report, Verdict, WeekFigures};
use polars::prelude::*;
use std::collections::BTreeSet;

/// The fixed columns, in order, before the category columns (`group`
/// joins them after `manager` when the config gives groups).
pub const COLUMNS: [&str; 25] = [
    "manager",
    "week",
    "start",
    "timezone",
    "reports",
    "band",
    "limit_pct",
    "hours_coding",
    "hours_people",
    "hours_other",
    "hours_tracked",
    "coding_share_pct",
    "verdict",
    "after_hours_coding",
    "commits",
    "sessions",
    "events",
    "reviews",
    "coding_over_limit_hours",
    "one_on_one_hours",
    "one_on_one_hours_per_report",
    "people_hours_per_report",
    "one_on_ones_thin",
    "rolling_share_pct",
    "share_change_pp",
];

/// Prefix of the per-category hour columns.
pub const CATEGORY_PREFIX: &str = "category:";

/// Managers per frame of [`weeks_frames`]: a few thousand rows, so an org
/// of any size is written a slice at a time.
const MANAGERS_PER_FRAME: usize = 64;

/// The 1:1 coverage columns, after the advice columns, in a report where
/// some manager has a team (null in the weeks of a manager without one).
pub const COVERAGE_COLUMNS: [&str; 3] = ["team", "met", "overdue"];

/// The columns of weeks not complete, after the coverage columns, in every
/// report (so a job appending each week's rows keeps one shape): the
/// status, the coding budget, and the done and planned hours (null in
/// complete weeks).
pub const PROGRESS_COLUMNS: [&str; 6] = [
    "status",
    "coding_budget_hours",
    "hours_done_coding",
    "hours_done_tracked",
    "hours_planned_coding",
    "hours_planned_tracked",
];

/// One row per manager-week, managers in report order, weeks in order.
pub fn weeks_frame(report: &Report) -> PolarsResult<DataFrame> {
    let shape = Shape::of(report);
    frame_of(&report.managers, &categories(report), shape)
}

/// The optional columns a report's frames have, decided by the config
/// (teams, groups), never by when the report is made: a job appending each
/// week's rows keeps one shape.
#[derive(Debug, Clone, Copy)]
struct Shape {
    coverage: bool,
    group: bool,
}

impl Shape {
    fn of(report: &Report) -> Shape {
        Shape {
            coverage: report.has_coverage(),
            group: report.has_groups(),
        }
    }
}

/// The [`PROGRESS_COLUMNS`] of `rows`.
fn progress_columns(rows: &[(&super::ManagerFigures, &WeekFigures)]) -> Vec<Column> {
    use super::{Hours, Progress};
    let of = |f: &dyn Fn(&Progress) -> Option<f64>| -> Vec<Option<f64>> {
        (rows.iter())
            .map(|(_, w)| w.progress.as_ref().and_then(f))
            .collect()
    };
    let h = |f: fn(&Progress) -> &Hours, g: fn(&Hours) -> i64| of(&move |p| Some(hours(g(f(p)))));
    vec![
        Column::new(
            PROGRESS_COLUMNS[0].into(),
            (rows.iter())
                .map(|(_, w)| w.status.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            PROGRESS_COLUMNS[1].into(),
            of(&|p| p.coding_budget_hours.map(hours_of)),
        ),
        Column::new(PROGRESS_COLUMNS[2].into(), h(|p| &p.done, |h| h.coding)),
        Column::new(PROGRESS_COLUMNS[3].into(), h(|p| &p.done, |h| h.tracked)),
        Column::new(PROGRESS_COLUMNS[4].into(), h(|p| &p.planned, |h| h.coding)),
        Column::new(PROGRESS_COLUMNS[5].into(), h(|p| &p.planned, |h| h.tracked)),
    ]
}

/// The rows of [`weeks_frame`] as consecutive frames of a few managers
/// each, with the same columns (every category of the whole report); one
/// empty frame for a report of no managers.
pub fn weeks_frames(report: &Report) -> impl Iterator<Item = PolarsResult<DataFrame>> + '_ {
    let categories = categories(report);
    let shape = Shape::of(report);
    let none = report.managers.is_empty().then_some(&report.managers[..]);
    (report.managers.chunks(MANAGERS_PER_FRAME))
        .chain(none)
        .map(move |chunk| frame_of(chunk, &categories, shape))
}

/// Every category the report's config knows, and any other with time in
/// some week of the report (from a share), sorted.
fn categories(report: &Report) -> Vec<&str> {
    let with_time = (report.managers.iter())
        .flat_map(|m| &m.weeks)
        .flat_map(|w| w.categories.keys().map(|k| &**k));
    let all: BTreeSet<&str> = (report.categories.iter().map(String::as_str))
        .chain(with_time)
        .collect();
    all.into_iter().collect()
}

/// The rows of `managers`, with one column per category of `categories`,
/// the [`COVERAGE_COLUMNS`] and `group` as `shape` says, and the
/// [`PROGRESS_COLUMNS`].
fn frame_of(
    managers: &[super::ManagerFigures],
    categories: &[&str],
    shape: Shape,
) -> PolarsResult<DataFrame> {
    let rows: Vec<(&super::ManagerFigures, &super::WeekFigures)> = managers
        .iter()
        .flat_map(|m| m.weeks.iter().map(move |w| (m, w)))
        .collect();
    // A week no share holds has no figures: empty cells, never zeros.
    let known: Vec<bool> = rows.iter().map(|(m, w)| !m.not_shared(w.week)).collect();
    let text = |f: &dyn Fn(usize) -> String| -> Vec<String> { (0..rows.len()).map(f).collect() };
    let floats = |f: &dyn Fn(usize) -> f64| -> Vec<Option<f64>> {
        (0..rows.len()).map(|i| known[i].then(|| f(i))).collect()
    };
    let counts = |f: &dyn Fn(usize) -> u32| -> Vec<Option<u32>> {
        (0..rows.len()).map(|i| known[i].then(|| f(i))).collect()
    };

    let mut columns = who_and_when(&rows, shape);
    columns.extend([
        Column::new("hours_coding".into(), floats(&|i| hours(rows[i].1.coding))),
        Column::new("hours_people".into(), floats(&|i| hours(rows[i].1.people))),
        Column::new("hours_other".into(), floats(&|i| hours(rows[i].1.other))),
        Column::new(
            "hours_tracked".into(),
            floats(&|i| hours(rows[i].1.tracked)),
        ),
        Column::new(
            "coding_share_pct".into(),
            floats(&|i| pct(rows[i].1.coding_share_pct)),
        ),
        Column::new(
            "verdict".into(),
            text(&|i| rows[i].1.verdict.as_str().to_string()),
        ),
        Column::new(
            "after_hours_coding".into(),
            floats(&|i| hours(rows[i].1.after_hours_coding)),
        ),
        Column::new("commits".into(), counts(&|i| rows[i].1.commits)),
        Column::new("sessions".into(), counts(&|i| rows[i].1.sessions)),
        Column::new("events".into(), counts(&|i| rows[i].1.events)),
        Column::new("reviews".into(), counts(&|i| rows[i].1.reviews)),
    ]);
    columns.extend(advice_columns(&rows, &known));
    if shape.coverage {
        let count = |f: &dyn Fn(&Coverage) -> u32| -> Vec<Option<u32>> {
            (rows.iter())
                .map(|(_, w)| w.coverage.as_ref().map(f))
                .collect()
        };
        let values = [count(&|c| c.team), count(&|c| c.met), count(&|c| c.overdue)];
        for (name, values) in COVERAGE_COLUMNS.iter().zip(values) {
            columns.push(Column::new((*name).into(), values));
        }
    }
    columns.extend(progress_columns(&rows));
    for &category in categories {
        columns.push(Column::new(
            format!("{CATEGORY_PREFIX}{category}").into(),
            floats(&|i| hours(rows[i].1.categories.get(category).copied().unwrap_or(0))),
        ));
    }
    DataFrame::new_infer_height(columns)
}

/// The columns that say whose week it is and which: manager (and group),
/// week, its start, the manager's zone, reports, band and limit.
fn who_and_when(rows: &[(&super::ManagerFigures, &WeekFigures)], shape: Shape) -> Vec<Column> {
    let text = |f: &dyn Fn(&super::ManagerFigures, &WeekFigures) -> String| -> Vec<String> {
        rows.iter().map(|(m, w)| f(m, w)).collect()
    };
    let mut columns = vec![Column::new("manager".into(), text(&|m, _| m.name.clone()))];
    if shape.group {
        let group: Vec<Option<&str>> = rows.iter().map(|(m, _)| m.group.as_deref()).collect();
        columns.push(Column::new("group".into(), group));
    }
    let mondays = rows.iter().map(|(_, w)| w.week.monday());
    let reports: Vec<Option<u32>> = rows.iter().map(|(m, _)| m.reports).collect();
    let limits: Vec<f64> = rows.iter().map(|(m, _)| pct(m.limit_pct)).collect();
    columns.extend([
        Column::new("week".into(), text(&|_, w| w.week.to_string())),
        DateChunked::from_naive_date("start".into(), mondays).into_column(),
        Column::new("timezone".into(), text(&|m, _| m.timezone.clone())),
        Column::new("reports".into(), reports),
        Column::new("band".into(), text(&|m, _| m.band.clone())),
        Column::new("limit_pct".into(), limits),
    ]);
    columns
}

/// The scalar advice figures, rounded as in the JSON; null where the
/// figure is null there.
fn advice_columns(rows: &[(&super::ManagerFigures, &WeekFigures)], known: &[bool]) -> Vec<Column> {
    let maybe = |f: &dyn Fn(&WeekFigures) -> Option<f64>| -> Vec<Option<f64>> {
        (rows.iter().zip(known))
            .map(|((_, w), &known)| f(w).filter(|_| known))
            .collect()
    };
    let floats = |f: &dyn Fn(&WeekFigures) -> f64| maybe(&|w| Some(f(w)));
    vec![
        Column::new(
            "coding_over_limit_hours".into(),
            floats(&|w| hours_of(w.advice.coding_over_limit_hours)),
        ),
        Column::new(
            "one_on_one_hours".into(),
            floats(&|w| hours(w.advice.one_on_ones)),
        ),
        Column::new(
            "one_on_one_hours_per_report".into(),
            maybe(&|w| w.advice.one_on_one_hours_per_report.map(hours_of)),
        ),
        Column::new(
            "people_hours_per_report".into(),
            maybe(&|w| w.advice.people_hours_per_report.map(hours_of)),
        ),
        Column::new(
            "one_on_ones_thin".into(),
            rows.iter()
                .map(|(_, w)| w.advice.one_on_ones_thin)
                .collect::<Vec<bool>>(),
        ),
        Column::new(
            "rolling_share_pct".into(),
            // Over the weeks with data among this one and the 3 before: a
            // week no share holds may still have one, as in the JSON.
            (rows.iter())
                .map(|(_, w)| w.advice.rolling_share_pct.map(pct))
                .collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "share_change_pp".into(),
            maybe(&|w| w.advice.share_change_pp.map(pct)),
        ),
    ]
}

/// One row per manager-week in seconds, each manager's weeks before the
/// range (`lead[m]`) in front of the reported ones: `manager` (its
/// position), `coding_seconds`, `tracked_seconds`, `has_data` (not
/// insufficient-data) and `coding_share_pct` (exact, not rounded: the
/// SPEC computes every printed figure from exact seconds).
pub fn trend_frame(report: &Report, lead: &[Vec<WeekFigures>]) -> PolarsResult<DataFrame> {
    let rows: Vec<(u32, &WeekFigures)> = (report.managers.iter().zip(lead))
        .enumerate()
        .flat_map(|(i, (m, lead))| {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            lead.iter().chain(&m.weeks).map(move |w| (i, w))
        })
        .collect();
    DataFrame::new_infer_height(vec![
        Column::new(
            "manager".into(),
            rows.iter().map(|(i, _)| *i).collect::<Vec<u32>>(),
        ),
        Column::new(
            "coding_seconds".into(),
            rows.iter().map(|(_, w)| w.coding).collect::<Vec<i64>>(),
        ),
        Column::new(
            "tracked_seconds".into(),
            rows.iter().map(|(_, w)| w.tracked).collect::<Vec<i64>>(),
        ),
        Column::new(
            "has_data".into(),
            rows.iter()
                .map(|(_, w)| w.verdict != Verdict::InsufficientData)
                .collect::<Vec<bool>>(),
        ),
        Column::new(
            "coding_share_pct".into(),
            rows.iter()
                .map(|(_, w)| w.coding_share_pct)
                .collect::<Vec<f64>>(),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn one_typed_row_per_manager_week() {
        let df = weeks_frame(&sample::report()).unwrap();
        // 4 managers × 3 weeks.
        assert_eq!(df.height(), 12);
        assert_eq!(df.column("start").unwrap().dtype(), &DataType::Date);
        assert_eq!(
            df.column("hours_coding").unwrap().dtype(),
            &DataType::Float64
        );
        assert_eq!(df.column("commits").unwrap().dtype(), &DataType::UInt32);
        // The progress columns (every report has them), then categories
        // across the report, sorted: commits, coding, hiring, meetings,
        // one-on-ones, team rituals, technical leadership.
        assert_eq!(df.width(), COLUMNS.len() + PROGRESS_COLUMNS.len() + 7);
        // Row 2 is Ada's 2026-W47: 12.5 h coding of 40.5 h, 30.9%.
        let row = df.get(2).unwrap();
        assert_eq!(row[0], AnyValue::String("Ada Lovelace"));
        assert_eq!(row[1], AnyValue::String("2026-W47"));
        assert_eq!(row[7], AnyValue::Float64(12.5));
        assert_eq!(row[10], AnyValue::Float64(40.5));
        assert_eq!(row[11], AnyValue::Float64(30.9));
        // Barbara has no report count: a null, not a made-up 0.
        let barbara = df.get(9).unwrap();
        assert_eq!(barbara[4], AnyValue::Null);
        let hiring = df.column("category:hiring").unwrap();
        // Grace's W45 (row 3) had 10 h of hiring; Ada's W45 none.
        assert_eq!(hiring.get(3).unwrap(), AnyValue::Float64(10.0));
        assert_eq!(hiring.get(0).unwrap(), AnyValue::Float64(0.0));
    }
}
