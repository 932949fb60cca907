//! A manager whose week figures came from share files (`twohats share`):
//! the reader's thresholds decide band, limit and verdict exactly as for a
//! manager read from sources (`docs/model.md`, "Shared figures"). A week no
//! share holds is a week with no data: `insufficient-data`, whatever the
//! thresholds, never zeros passed off as data.

use super::advice::week_advice;
use super::limits::{band_for, share, verdict};
use super::week::{summarise, Identity};
use super::{FiguresSource, ManagerFigures, WeekFigures};
use crate::config::Thresholds;
use crate::period::Week;

/// The figures of `weeks` from the shared weeks, `shared` giving a week's
/// (none: no data). Their verdicts are not read: they are decided here, and
/// so are the advice figures that depend on the reader's limit, reports
/// and 1:1 norm `one_on_one_norm_hours`.
pub fn manager_figures<'s>(
    manager: Identity,
    shared: impl Fn(Week) -> Option<&'s WeekFigures>,
    (thresholds, one_on_one_norm_hours): (&Thresholds, f64),
    weeks: &[Week],
) -> ManagerFigures {
    let band = band_for(thresholds, manager.reports.unwrap_or(0));
    let mut missing = Vec::new();
    let figures: Vec<WeekFigures> = weeks
        .iter()
        .map(|&week| match shared(week) {
            Some(w) => {
                let mut f = w.clone();
                f.coding_share_pct = share(f.coding, f.tracked);
                f.verdict = verdict(f.tracked, f.coding_share_pct, band.limit_pct, thresholds);
                let items = std::mem::take(&mut f.advice.largest_coding);
                f.advice = week_advice(
                    &f,
                    manager.reports,
                    band.limit_pct,
                    one_on_one_norm_hours,
                    items,
                );
                f
            }
            None => {
                missing.push(week);
                WeekFigures::empty(week)
            }
        })
        .collect();
    ManagerFigures {
        name: manager.name.to_string(),
        reports: manager.reports,
        band: band.name.clone(),
        limit_pct: band.limit_pct,
        timezone: manager.zone.name().to_string(),
        summary: summarise(&figures),
        weeks: figures,
        group: None,
        source: FiguresSource::Shares { missing },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::figures::Verdict;

    fn week(s: &str, coding: i64, tracked: i64) -> WeekFigures {
        let mut w = WeekFigures::empty(s.parse().unwrap());
        (w.coding, w.people, w.tracked) = (coding, tracked - coding, tracked);
        w
    }

    #[test]
    fn the_readers_thresholds_decide_and_missing_weeks_have_no_data() {
        let mut t = Config::default().thresholds;
        // Even with no minimum, a week no share holds has no verdict.
        t.min_tracked_hours = 0.0;
        let shared: std::collections::BTreeMap<Week, WeekFigures> = [
            // 9 h of 30 h = 30%: over the 20% of a team of 7.
            week("2026-W45", 9 * 3600, 30 * 3600),
            // 0 h tracked, shared as such: with no minimum, ok at 0%.
            week("2026-W47", 0, 0),
        ]
        .into_iter()
        .map(|w| (w.week, w))
        .collect();
        let weeks: Vec<Week> = ["2026-W45", "2026-W46", "2026-W47"]
            .iter()
            .map(|w| w.parse().unwrap())
            .collect();
        let zone = chrono_tz::Europe::Berlin;
        let who = Identity {
            name: "Ada",
            reports: Some(7),
            zone,
        };
        let m = manager_figures(who, |w| shared.get(&w), (&t, 0.5), &weeks);
        let verdicts: Vec<Verdict> = m.weeks.iter().map(|w| w.verdict).collect();
        assert_eq!(
            verdicts,
            [Verdict::Over, Verdict::InsufficientData, Verdict::Ok]
        );
        assert_eq!((m.band.as_str(), m.limit_pct), ("medium", 20.0));
        assert_eq!(
            m.source,
            FiguresSource::Shares {
                missing: vec![weeks[1]]
            }
        );
        assert_eq!(m.summary.weeks_with_data, 2);
    }
}
