//! Where the coding-share limit is decided: a manager's team size picks a
//! band (and with it the limit, e.g. 30% for a small team), and each week's
//! coding share against that limit gives the verdict. See `docs/model.md`,
//! "bands and verdicts".
//!
//! Shares are compared unrounded; rounding happens only at output.

use super::Verdict;
use crate::config::{Band, Thresholds};

/// The band of a team size: the first whose `max_reports` ≥ reports; a band
/// without `max_reports` takes the rest. The band's `limit_pct` is the
/// manager's coding-share limit.
pub fn band_for(thresholds: &Thresholds, reports: u32) -> &Band {
    band_within(thresholds, reports)
        .unwrap_or_else(|| (thresholds.bands.last()).expect("validation keeps at least one band"))
}

/// The band whose `max_reports` holds a team of `reports`; None when every
/// band has a maximum below it (then [`band_for`] takes the last one).
pub fn band_within(thresholds: &Thresholds, reports: u32) -> Option<&Band> {
    (thresholds.bands.iter()).find(|b| b.max_reports.is_none_or(|max| reports <= max))
}

/// The verdict of one week. Too little tracked time gives no verdict
/// (`insufficient-data`); a share over the limit is `over`; within
/// `watch_margin_pct` below it (a share exactly at the limit included) is
/// `watch`; the rest is `ok`.
pub fn verdict(tracked_seconds: i64, share_pct: f64, limit_pct: f64, t: &Thresholds) -> Verdict {
    if (tracked_seconds as f64) < t.min_tracked_hours * 3600.0 {
        Verdict::InsufficientData
    } else if share_pct > limit_pct {
        Verdict::Over
    } else if share_pct >= limit_pct || share_pct > limit_pct - t.watch_margin_pct {
        // (The first test for a margin of 0: the limit itself is `watch`.)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn team_size_picks_the_band_and_its_limit() {
        let t = Config::default().thresholds;
        let limit = |reports| band_for(&t, reports).limit_pct;
        // Default bands: up to 5 reports 30%, up to 10 20%, more 10%.
        assert_eq!((limit(0), limit(5)), (30.0, 30.0));
        assert_eq!((limit(6), limit(10)), (20.0, 20.0));
        assert_eq!(limit(11), 10.0);
    }

    #[test]
    fn a_share_at_the_limit_is_watch_and_above_it_over() {
        let t = Config::default().thresholds;
        let week = 40 * 3600;
        assert_eq!(verdict(week, 20.0, 20.0, &t), Verdict::Watch);
        assert_eq!(verdict(week, 20.01, 20.0, &t), Verdict::Over);
        assert_eq!(verdict(week, 15.0, 20.0, &t), Verdict::Ok);
        assert_eq!(verdict(9 * 3600, 90.0, 20.0, &t), Verdict::InsufficientData);
        assert_eq!(share(1, 4), 25.0);
        assert_eq!(share(1, 0), 0.0);
        // Without a margin, the limit itself is still `watch` (SPEC step 8:
        // "a share exactly at the limit is `watch`"), just below it `ok`.
        let t = Thresholds {
            watch_margin_pct: 0.0,
            ..t
        };
        assert_eq!(verdict(week, 30.0, 30.0, &t), Verdict::Watch);
        assert_eq!(verdict(week, 29.99, 30.0, &t), Verdict::Ok);
    }
}
