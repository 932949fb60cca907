//! Per-group figures (`group = "..."` per manager): how many managers a
//! group has, how many are over their limit on average or sustained over,
//! the group's coding share and its weeks over (`docs/model.md`, "Groups").
//!
//! The skip-level view ([`folded`]) names no individual: groups of fewer
//! than [`MIN_GROUP_SIZE`] managers fold into one "other groups" row, and
//! when that row itself holds fewer, its figures are withheld (its count of
//! managers stays).

use super::limits::share;
use super::standing::over_on_average;
use super::{ManagerFigures, Report, Verdict};

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
    /// Too few managers to show figures without pointing at someone: only
    /// `managers` may be shown.
    pub withheld: bool,
}

/// Every group of the report, by name (case-insensitive), then the
/// managers without a group; empty when no manager has a group.
pub fn groups(report: &Report) -> Vec<GroupFigures> {
    if report.managers.iter().all(|m| m.group.is_none()) {
        return Vec::new();
    }
    let mut names: Vec<GroupName> = report.managers.iter().map(name_of).collect();
    names.sort_by_key(order_key);
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let members: Vec<&ManagerFigures> = report
                .managers
                .iter()
                .filter(|m| name_of(m) == name)
                .collect();
            figures(name, members.into_iter())
        })
        .collect()
}

/// The skip-level view: the groups of at least [`MIN_GROUP_SIZE`]
/// managers, then one "other groups" row for the rest (managers without a
/// group among them). Every manager is in exactly one row.
pub fn folded(report: &Report) -> Vec<GroupFigures> {
    let all = groups_or_one(report);
    let (kept, small): (Vec<GroupFigures>, Vec<GroupFigures>) = all
        .into_iter()
        .partition(|g| g.managers as usize >= MIN_GROUP_SIZE && g.name != GroupName::NoGroup);
    let mut rows = kept;
    if !small.is_empty() {
        let names: Vec<GroupName> = small.into_iter().map(|g| g.name).collect();
        let members = report
            .managers
            .iter()
            .filter(|m| names.contains(&name_of(m)));
        let mut other = figures(GroupName::Other, members);
        other.withheld = (other.managers as usize) < MIN_GROUP_SIZE;
        rows.push(other);
    }
    rows
}

/// [`groups`], or one "no group" row when no manager has a group.
fn groups_or_one(report: &Report) -> Vec<GroupFigures> {
    let rows = groups(report);
    if rows.is_empty() && !report.managers.is_empty() {
        return vec![figures(GroupName::NoGroup, report.managers.iter())];
    }
    rows
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

fn figures<'a>(name: GroupName, members: impl Iterator<Item = &'a ManagerFigures>) -> GroupFigures {
    let mut g = GroupFigures {
        name,
        managers: 0,
        managers_with_data: 0,
        over_on_average: 0,
        sustained_over: 0,
        coding_share_pct: 0.0,
        weeks_with_data: 0,
        weeks_over: 0,
        withheld: false,
    };
    let (mut coding, mut tracked) = (0i64, 0i64);
    for m in members {
        g.managers += 1;
        g.managers_with_data += u32::from(m.summary.weeks_with_data > 0);
        g.over_on_average += u32::from(over_on_average(m));
        g.sustained_over += u32::from(m.summary.sustained_over);
        g.weeks_with_data += m.summary.weeks_with_data;
        g.weeks_over += m.summary.weeks_over;
        for w in m
            .weeks
            .iter()
            .filter(|w| w.verdict != Verdict::InsufficientData)
        {
            coding += w.coding;
            tracked += w.tracked;
        }
    }
    g.coding_share_pct = share(coding, tracked);
    g
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
