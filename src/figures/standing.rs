//! Where each manager stands over the weeks reported, and the order a
//! director reads them in. Every summary (table, page, chart) takes these
//! from here, so a manager has one standing and one rank everywhere.

use super::{ManagerFigures, Report, Verdict};

/// Where a manager stands over the weeks reported: exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No week with enough tracked time.
    NoData,
    /// Over in at least 3 of the last (up to) 4 weeks with data.
    SustainedOver,
    /// The mean share is over the limit, but not sustained.
    OverOnAverage,
    WithinLimit,
}

impl Standing {
    pub fn of(m: &ManagerFigures) -> Standing {
        if m.summary.weeks_with_data == 0 {
            Standing::NoData
        } else if m.summary.sustained_over {
            Standing::SustainedOver
        } else if margin(m) > 0.0 {
            Standing::OverOnAverage
        } else {
            Standing::WithinLimit
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Standing::NoData => "no data",
            Standing::SustainedOver => "sustained over",
            Standing::OverOnAverage => "over on average",
            Standing::WithinLimit => "within limit",
        }
    }

    /// The verdict whose colour the standing is shown in.
    pub fn colour_of(self) -> Verdict {
        match self {
            Standing::NoData => Verdict::InsufficientData,
            Standing::SustainedOver => Verdict::Over,
            Standing::OverOnAverage => Verdict::Watch,
            Standing::WithinLimit => Verdict::Ok,
        }
    }
}

/// How many managers have each standing; every manager is counted once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandingCounts {
    pub no_data: usize,
    pub sustained_over: usize,
    pub over_on_average: usize,
    pub within_limit: usize,
}

impl StandingCounts {
    pub fn of(report: &Report) -> StandingCounts {
        let mut counts = StandingCounts::default();
        for m in &report.managers {
            *match Standing::of(m) {
                Standing::NoData => &mut counts.no_data,
                Standing::SustainedOver => &mut counts.sustained_over,
                Standing::OverOnAverage => &mut counts.over_on_average,
                Standing::WithinLimit => &mut counts.within_limit,
            } += 1;
        }
        counts
    }
}

/// Mean coding share minus the limit, in percentage points (unrounded).
pub fn margin(m: &ManagerFigures) -> f64 {
    m.summary.coding_share_pct - m.limit_pct
}

/// Whether the mean share over the weeks with data is over the limit
/// (sustained or not); false without a week of data.
pub fn over_on_average(m: &ManagerFigures) -> bool {
    m.summary.weeks_with_data > 0 && margin(m) > 0.0
}

/// The managers' positions in `report.managers`, ranked for a director:
/// those with data first, by how far their mean coding share is over their
/// limit (share − limit, descending); ties keep config order. Managers
/// without a week of data come last.
pub fn ranking(report: &Report) -> Vec<usize> {
    let managers = &report.managers;
    let has_data = |i: usize| managers[i].summary.weeks_with_data > 0;
    let mut order: Vec<usize> = (0..managers.len()).collect();
    // A stable sort: ties keep config order. (A polars frame sorted these
    // before; for a few thousand rows its thread pool cost more than the
    // sort, and every summary asks for the ranking.)
    order.sort_by(|&a, &b| {
        has_data(b)
            .cmp(&has_data(a))
            .then_with(|| margin(&managers[b]).total_cmp(&margin(&managers[a])))
    });
    order
}

/// The managers in the order of [`ranking`].
pub fn ranked(report: &Report) -> Vec<&ManagerFigures> {
    ranking(report)
        .into_iter()
        .map(|i| &report.managers[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn ranking_puts_the_furthest_over_first_and_no_data_last() {
        let report = sample::report();
        let names: Vec<&str> = ranked(&report).iter().map(|m| m.name.as_str()).collect();
        // Ada 26.4% − 20% = +6.4; Grace 12.5% − 10% = +2.5;
        // Linus 12.5% − 30% = −17.5; Barbara has no week with data.
        assert_eq!(
            names,
            [
                "Ada Lovelace",
                "Grace Hopper",
                "Linus Tee",
                "Barbara Liskov"
            ]
        );
        assert_eq!(ranking(&report), [0, 1, 2, 3]);
    }

    #[test]
    fn ties_keep_config_order_and_no_data_comes_last() {
        let sample = sample::report();
        let (ada, barbara) = (&sample.managers[0], &sample.managers[3]);
        // Limits give margins +6.4, +6.4, −3.6, +6.4 for Ada's figures;
        // two managers without data in between.
        let mut report = sample.clone();
        report.managers = [20.0_f64, 20.0, 30.0, -1.0, 20.0, -1.0]
            .iter()
            .enumerate()
            .map(|(i, &limit)| {
                let m = if limit < 0.0 { barbara } else { ada };
                ManagerFigures {
                    name: format!("M{i}"),
                    limit_pct: limit.max(m.limit_pct),
                    ..m.clone()
                }
            })
            .collect();
        let mut expected: Vec<usize> = (0..report.managers.len()).collect();
        let managers = &report.managers;
        let has_data = |i: usize| managers[i].summary.weeks_with_data > 0;
        expected.sort_by(|&a, &b| {
            has_data(b)
                .cmp(&has_data(a))
                .then_with(|| margin(&managers[b]).total_cmp(&margin(&managers[a])))
        });
        assert_eq!(ranking(&report), expected);
        assert_eq!(ranking(&report), [0, 1, 4, 2, 3, 5]);
    }

    #[test]
    fn each_manager_has_one_standing() {
        let report = sample::report();
        let standings: Vec<Standing> = report.managers.iter().map(Standing::of).collect();
        assert_eq!(
            standings,
            [
                Standing::SustainedOver,
                Standing::OverOnAverage,
                Standing::WithinLimit,
                Standing::NoData
            ]
        );
        // Ada is over on average too, but counted once: as sustained over.
        assert!(over_on_average(&report.managers[0]));
        assert_eq!(
            StandingCounts::of(&report),
            StandingCounts {
                no_data: 1,
                sustained_over: 1,
                over_on_average: 1,
                within_limit: 1
            }
        );
    }
}
