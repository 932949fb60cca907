//! Per-group figures (`group = "..."` per manager): how many managers a
//! group has, how many are over their limit on average or sustained over,
//! the group's coding share and its weeks over, and the 1:1 coverage counts
//! of the last week reported (`docs/model.md`, "Groups").
//!
//! The skip-level view ([`folded`]) names no individual: groups with fewer
//! than [`MIN_GROUP_SIZE`] managers with data fold into one "other groups"
//! row, and when that row itself holds fewer, its figures are withheld (its
//! count of managers stays). Managers without data count for nothing: a
//! group of five of whom one has figures would show that one's.

use super::coverage::Coverage;
use super::limits::share;
use super::standing::over_on_average;
use super::{ManagerFigures, Report, Verdict, WeekFigures};
use polars::prelude::*;

/// The fewest managers a group row of the skip-level view may show.
pub const MIN_GROUP_SIZE: usize = 5;

/// What a row is named.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupName {
    Named(String),
    /// Managers without a `group`.
    NoGroup,
    /// The skip-level view's fold of the small groups.
    Other,
}

impl GroupName {
    pub fn text(&self) -> &str {
        match self {
            GroupName::Named(name) => name,
            GroupName::NoGroup => "no group",
            GroupName::Other => "other groups",
        }
    }
}

/// One group over the weeks reported.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    pub name: GroupName,
    pub managers: u32,
    /// Managers with at least one week of data.
    pub managers_with_data: u32,
    /// Managers whose mean coding share is over their limit (the sustained
    /// ones included).
    pub over_on_average: u32,
    /// Managers over in at least 3 of their last (up to) 4 weeks with data.
    pub sustained_over: u32,
    /// 100 × Σcoding / Σtracked over every manager-week with data (so a
    /// manager counts by their hours); 0 without such a week.
    pub coding_share_pct: f64,
    pub weeks_with_data: u32,
    pub weeks_over: u32,
    /// 1:1 coverage in the last week reported, summed over the group's
    /// managers with a team (counts only); None when none has a team.
    pub coverage: Option<Coverage>,
    /// Too few managers to show figures without pointing at someone: only
    /// `managers` may be shown.
    pub withheld: bool,
}

/// Every group of the report, by name (case-insensitive), then the
/// managers without a group; empty when no manager has a group.
pub fn groups(report: &Report) -> Vec<GroupFigures> {
    if !report.has_groups() {
        return Vec::new();
    }
    let df = manager_frame(report).expect("the manager frame has its columns");
    groups_of(report, &df)
}

/// [`groups`], from the report's manager frame.
fn groups_of(report: &Report, df: &DataFrame) -> Vec<GroupFigures> {
    let mut names: Vec<GroupName> = report.managers.iter().map(name_of).collect();
    names.sort_by_key(order_key);
    names.dedup();
    group_rows(report, df, names).expect("the manager frame has its columns")
}

/// One row per name of `names` (every manager's name among them, in
/// order): the manager frame keyed by the name's position, sorted by it
/// and partitioned by it, each partition summed.
fn group_rows(
    report: &Report,
    df: &DataFrame,
    names: Vec<GroupName>,
) -> PolarsResult<Vec<GroupFigures>> {
    let keys: Vec<u32> = report
        .managers
        .iter()
        .map(|m| {
            let name = name_of(m);
            let key = names.iter().position(|n| *n == name).unwrap_or(0);
            u32::try_from(key).unwrap_or(u32::MAX)
        })
        .collect();
    let mut df = df.clone();
    df.with_column(Column::new("group".into(), keys))?;
    let df = df.sort(
        ["group"],
        SortMultipleOptions::default().with_maintain_order(true),
    )?;
    let parts = df.partition_by_stable(["group"], true)?;
    names
        .into_iter()
        .zip(&parts)
        .map(|(name, part)| figures(name, part))
        .collect()
}

/// The skip-level view: the groups of at least [`MIN_GROUP_SIZE`]
/// managers with data, then one "other groups" row for the rest (managers
/// without a group among them). Every manager is in exactly one row.
pub fn folded(report: &Report) -> Vec<GroupFigures> {
    if report.managers.is_empty() {
        return Vec::new();
    }
    // One manager frame for every row.
    let df = manager_frame(report).expect("the manager frame has its columns");
    let all = if !report.has_groups() {
        vec![figures(GroupName::NoGroup, &df).expect("the manager frame has its columns")]
    } else {
        groups_of(report, &df)
    };
    let (kept, small): (Vec<GroupFigures>, Vec<GroupFigures>) = all.into_iter().partition(|g| {
        g.managers_with_data as usize >= MIN_GROUP_SIZE && g.name != GroupName::NoGroup
    });
    let mut rows = kept;
    if !small.is_empty() {
        let names: Vec<GroupName> = small.into_iter().map(|g| g.name).collect();
        let mut other = other_row(report, &df, &names).expect("the manager frame has its columns");
        other.withheld = (other.managers_with_data as usize) < MIN_GROUP_SIZE;
        rows.push(other);
    }
    rows
}

/// The "other groups" row: the managers of the groups `names`.
fn other_row(report: &Report, df: &DataFrame, names: &[GroupName]) -> PolarsResult<GroupFigures> {
    let members: BooleanChunked = report
        .managers
        .iter()
        .map(|m| names.contains(&name_of(m)))
        .collect();
    figures(GroupName::Other, &df.filter(&members)?)
}

fn name_of(m: &ManagerFigures) -> GroupName {
    match &m.group {
        Some(g) => GroupName::Named(g.clone()),
        None => GroupName::NoGroup,
    }
}

fn order_key(name: &GroupName) -> (u8, String, String) {
    match name {
        GroupName::Named(n) => (0, n.to_lowercase(), n.clone()),
        GroupName::NoGroup => (1, String::new(), String::new()),
        GroupName::Other => (2, String::new(), String::new()),
    }
}

/// The columns of [`manager_frame`] a group row sums, 0/1 flags or counts.
const COUNTS: [&str; 6] = [
    "managers",
    "managers_with_data",
    "over_on_average",
    "sustained_over",
    "weeks_with_data",
    "weeks_over",
];

/// One row per manager, in config order: the [`COUNTS`] (each manager a
/// 1 in `managers`, a flag a 0 or 1) and `coding_seconds` and
/// `tracked_seconds` over the manager's weeks with data.
fn manager_frame(report: &Report) -> PolarsResult<DataFrame> {
    let managers = &report.managers;
    let counts =
        |f: &dyn Fn(&ManagerFigures) -> u32| -> Vec<u32> { managers.iter().map(f).collect() };
    let of_data = |f: &dyn Fn(&WeekFigures) -> i64| -> Vec<i64> {
        managers
            .iter()
            .map(|m| {
                (m.weeks.iter())
                    .filter(|w| w.verdict != Verdict::InsufficientData)
                    .map(f)
                    .sum()
            })
            .collect()
    };
    let columns: [Vec<u32>; 6] = [
        counts(&|_| 1),
        counts(&|m| u32::from(m.summary.weeks_with_data > 0)),
        counts(&|m| u32::from(over_on_average(m))),
        counts(&|m| u32::from(m.summary.sustained_over)),
        counts(&|m| m.summary.weeks_with_data),
        counts(&|m| m.summary.weeks_over),
    ];
    let mut columns: Vec<Column> = (COUNTS.iter().zip(columns))
        .map(|(name, values)| Column::new((*name).into(), values))
        .collect();
    columns.push(Column::new("coding_seconds".into(), of_data(&|w| w.coding)));
    columns.push(Column::new(
        "tracked_seconds".into(),
        of_data(&|w| w.tracked),
    ));
    // 1:1 coverage as of the last week reported.
    let last = |f: &dyn Fn(&Coverage) -> u32| -> Vec<u32> {
        (managers.iter())
            .map(|m| {
                m.weeks
                    .last()
                    .and_then(|w| w.coverage.as_ref())
                    .map_or(0, f)
            })
            .collect()
    };
    for (name, values) in [
        ("with_team", last(&|_| 1)),
        ("team", last(&|c| c.team)),
        ("met", last(&|c| c.met)),
        ("overdue", last(&|c| c.overdue)),
    ] {
        columns.push(Column::new(name.into(), values));
    }
    DataFrame::new_infer_height(columns)
}

/// A group's row: the column sums of its managers' rows of
/// [`manager_frame`].
fn figures(name: GroupName, df: &DataFrame) -> PolarsResult<GroupFigures> {
    let sum = |column: &str| -> PolarsResult<u32> {
        df.column(column)?.as_materialized_series().sum::<u32>()
    };
    let seconds = |column: &str| -> PolarsResult<i64> {
        df.column(column)?.as_materialized_series().sum::<i64>()
    };
    Ok(GroupFigures {
        name,
        managers: sum("managers")?,
        managers_with_data: sum("managers_with_data")?,
        over_on_average: sum("over_on_average")?,
        sustained_over: sum("sustained_over")?,
        coding_share_pct: share(seconds("coding_seconds")?, seconds("tracked_seconds")?),
        weeks_with_data: sum("weeks_with_data")?,
        weeks_over: sum("weeks_over")?,
        coverage: match sum("with_team")? {
            0 => None,
            _ => Some(Coverage {
                team: sum("team")?,
                met: sum("met")?,
                overdue: sum("overdue")?,
                members: Vec::new(),
            }),
        },
        withheld: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn groups_sum_their_managers() {
        let mut report = sample::report();
        // Ada and Grace in Payments, Linus in Search, Barbara in none.
        for (m, g) in report.managers.iter_mut().zip([
            Some("Payments"),
            Some("Payments"),
            Some("Search"),
            None,
        ]) {
            m.group = g.map(str::to_string);
        }
        let rows = groups(&report);
        let names: Vec<&str> = rows.iter().map(|g| g.name.text()).collect();
        assert_eq!(names, ["Payments", "Search", "no group"]);
        let payments = &rows[0];
        // Ada over on average and sustained; Grace over on average only.
        assert_eq!(
            (
                payments.managers,
                payments.over_on_average,
                payments.sustained_over
            ),
            (2, 2, 1)
        );
        // Ada 31.5 h coding of 119.5 h, Grace 15 of 120 (every week has
        // data): 46.5 / 239.5 = 19.42%.
        assert!((payments.coding_share_pct - 100.0 * 46.5 / 239.5).abs() < 1e-9);
        // Ada over 3 weeks, Grace 2.
        assert_eq!((payments.weeks_over, payments.weeks_with_data), (5, 6));
        // Barbara has no week of data.
        assert_eq!((rows[2].managers, rows[2].managers_with_data), (1, 0));
    }

    #[test]
    fn names_differing_in_case_are_rows_of_their_own_in_name_order() {
        let mut report = sample::report();
        for (m, g) in report.managers.iter_mut().zip([
            Some("search"),
            Some("Payments"),
            Some("Search"),
            Some("payments"),
        ]) {
            m.group = g.map(str::to_string);
        }
        let rows = groups(&report);
        let names: Vec<&str> = rows.iter().map(|g| g.name.text()).collect();
        assert_eq!(names, ["Payments", "payments", "Search", "search"]);
        let managers: Vec<u32> = rows.iter().map(|g| g.managers).collect();
        assert_eq!(managers, [1, 1, 1, 1]);
        // Grace (Payments) 15 h coding of 120 h; Barbara (payments) none.
        assert!((rows[0].coding_share_pct - 12.5).abs() < 1e-9);
        assert_eq!(
            (rows[1].managers_with_data, rows[1].coding_share_pct),
            (0, 0.0)
        );
    }

    #[test]
    fn the_skip_level_view_folds_small_groups_and_withholds_a_small_fold() {
        let mut report = sample::report();
        let ada = report.managers[0].clone();
        // Six in Payments, then the sample's four in three small groups.
        let mut managers: Vec<ManagerFigures> = (0..6)
            .map(|i| ManagerFigures {
                name: format!("P{i}"),
                group: Some("Payments".into()),
                ..ada.clone()
            })
            .collect();
        managers.extend(
            report
                .managers
                .drain(..)
                .zip([Some("A"), Some("B"), Some("B"), None])
                .map(|(mut m, g)| {
                    m.group = g.map(str::to_string);
                    m
                }),
        );
        report.managers = managers;
        let rows = folded(&report);
        let names: Vec<&str> = rows.iter().map(|g| g.name.text()).collect();
        assert_eq!(names, ["Payments", "other groups"]);
        assert_eq!((rows[0].managers, rows[0].withheld), (6, false));
        // Four managers: fewer than five, so no figures.
        assert_eq!((rows[1].managers, rows[1].withheld), (4, true));
    }
}
