//! A hand-written report for the exporter tests: four managers, three
//! weeks (2026-W45 to W47). Every figure here is chosen by hand and the
//! expected outputs in the tests are worked out from these numbers.
//!
//! A test fixture of `figures` (so the exporters' tests depend on figures,
//! never the other way), shared with `tests/report.rs`; the including
//! module imports `Report`, `ManagerFigures`, `WeekFigures`, `Summary`,
//! `Verdict`, `Band`, `Week` and `Warning` first.

use super::*;

const H: i64 = 3600;

/// Seconds from hours given in quarters, so 10.5 h is written `h(10.5)`.
fn h(hours: f64) -> i64 {
    (hours * H as f64).round() as i64
}

#[allow(clippy::too_many_arguments)]
fn week(
    iso: &str,
    (coding, people, other): (f64, f64, f64),
    categories: &[(&str, f64)],
    after_hours_coding: f64,
    (commits, sessions, events): (u32, u32, u32),
    verdict: Verdict,
) -> WeekFigures {
    let tracked = h(coding) + h(people) + h(other);
    WeekFigures {
        week: iso.parse::<Week>().unwrap(),
        coding: h(coding),
        people: h(people),
        other: h(other),
        tracked,
        categories: categories
            .iter()
            .map(|(name, hours)| (std::sync::Arc::from(*name), h(*hours)))
            .collect(),
        after_hours_coding: h(after_hours_coding),
        commits,
        sessions,
        events,
        reviews: 0,
        coding_share_pct: if tracked == 0 {
            0.0
        } else {
            100.0 * h(coding) as f64 / tracked as f64
        },
        verdict,
        advice: Advice::default(),
        coverage: None,
        // Complete.
        status: Default::default(),
        progress: None,
    }
}

/// Ada's 2026-W47 advice figures, by hand: 12.5 − 20% × 40.5 = 12.5 − 8.1
/// = 4.4 h over; commits 10.5 h = payments-api 8 h + infra 2.5 h, and the
/// "Focus time" series 2 h; 6 h of 1:1s for 7 reports = 0.857 h each (not
/// thin at 0.5 h); 20 h of people work / 7 = 2.857 h; rolling share over
/// W45-W47 (no W44 read) 31.5 / 119.5 = 26.36%; change 30.9 − 25.0 = 5.9.
fn ada_w47_advice() -> Advice {
    let item = |kind, label: &str, category: &str, hours: f64| CodingItem {
        kind,
        label: label.into(),
        category: category.into(),
        titled: true,
        seconds: h(hours),
    };
    Advice {
        coding_over_limit_hours: 12.5 - 0.2 * 40.5,
        largest_coding: vec![
            item(ItemKind::Repository, "payments-api", "commits", 8.0),
            item(ItemKind::Repository, "infra", "commits", 2.5),
            item(ItemKind::Series, "Focus time", "coding", 2.0),
        ],
        one_on_ones: h(6.0),
        one_on_one_hours_per_report: Some(6.0 / 7.0),
        people_hours_per_report: Some(20.0 / 7.0),
        one_on_ones_thin: false,
        one_on_one_norm_hours: 0.5,
        rolling_share_pct: Some(100.0 * 31.5 / 119.5),
        share_change_pp: Some(30.9 - 25.0),
    }
}

/// The sample's managers repeated to make `managers` of them, named
/// "Manager 0", "Manager 1", …: an org larger than the exporters' frames.
#[allow(dead_code)] // not every file that includes this one uses it
pub fn org_of(managers: usize) -> Report {
    let mut report = report();
    let sample = std::mem::take(&mut report.managers);
    report.managers = (0..managers)
        .map(|i| ManagerFigures {
            name: format!("Manager {i}"),
            ..sample[i % sample.len()].clone()
        })
        .collect();
    report
}

pub fn report() -> Report {
    let weeks: Vec<Week> = ["2026-W45", "2026-W46", "2026-W47"]
        .iter()
        .map(|w| w.parse().unwrap())
        .collect();
    Report {
        weeks,
        bands: default_bands(),
        // The managers' own categories: none more to give a column.
        categories: Vec::new(),
        managers: vec![ada(), grace(), linus(), barbara()],
        warnings: vec![
            Warning::new(
                "ada/calendar.ics",
                Some(120),
                "unknown TZID 'Mars/Base'; used Europe/London",
            ),
            Warning::new(
                "/home/grace/hopper-git.log",
                Some(7),
                "commit by grace.hopper@example.com (Grace Hopper) has no date; skipped",
            ),
        ],
    }
}

/// Over in every week: sustained over.
fn ada() -> ManagerFigures {
    use Verdict::*;
    let mut ada = ManagerFigures {
        name: "Ada Lovelace".into(),
        reports: Some(7),
        band: "medium".into(),
        limit_pct: 20.0,
        timezone: "Europe/London".into(),
        weeks: vec![
            // 9 / 39 = 23.08% > 20%
            week(
                "2026-W45",
                (9.0, 24.0, 6.0),
                &[
                    ("commits", 9.0),
                    ("one-on-ones", 8.0),
                    ("team rituals", 16.0),
                    ("meetings", 6.0),
                ],
                0.5,
                (9, 3, 21),
                Over,
            ),
            // 10 / 40 = 25.0%
            week(
                "2026-W46",
                (10.0, 22.0, 8.0),
                &[
                    ("commits", 8.0),
                    ("coding", 2.0),
                    ("one-on-ones", 6.0),
                    ("team rituals", 16.0),
                    ("meetings", 8.0),
                ],
                1.5,
                (12, 4, 20),
                Over,
            ),
            // 12.5 / 40.5 = 30.86%
            week(
                "2026-W47",
                (12.5, 20.0, 8.0),
                &[
                    ("commits", 10.5),
                    ("coding", 2.0),
                    ("one-on-ones", 6.0),
                    ("team rituals", 14.0),
                    ("meetings", 8.0),
                ],
                3.0,
                (14, 5, 23),
                Over,
            ),
        ],
        // 31.5 h coding of 119.5 h tracked = 26.36%
        summary: Summary {
            weeks: 3,
            weeks_with_data: 3,
            weeks_over: 3,
            weeks_watch: 0,
            coding_share_pct: 100.0 * 31.5 / 119.5,
            sustained_over: true,
        },
        group: None,
        source: Default::default(),
    };
    ada.weeks[2].advice = ada_w47_advice();
    ada
}

/// Over on average (12.5% against 10%), but over in only 2 of 3 weeks.
fn grace() -> ManagerFigures {
    use Verdict::*;
    ManagerFigures {
        name: "Grace Hopper".into(),
        reports: Some(12),
        band: "large".into(),
        limit_pct: 10.0,
        timezone: "America/New_York".into(),
        weeks: vec![
            // 5 / 40 = 12.5% > 10%
            week(
                "2026-W45",
                (5.0, 30.0, 5.0),
                &[
                    ("commits", 5.0),
                    ("one-on-ones", 20.0),
                    ("hiring", 10.0),
                    ("meetings", 5.0),
                ],
                0.0,
                (6, 2, 30),
                Over,
            ),
            // 3 / 40 = 7.5%: above 10 − 5, watch
            week(
                "2026-W46",
                (3.0, 32.0, 5.0),
                &[
                    ("commits", 3.0),
                    ("one-on-ones", 22.0),
                    ("hiring", 10.0),
                    ("meetings", 5.0),
                ],
                0.0,
                (4, 1, 31),
                Watch,
            ),
            // 7 / 40 = 17.5%
            week(
                "2026-W47",
                (7.0, 28.0, 5.0),
                &[
                    ("commits", 7.0),
                    ("one-on-ones", 18.0),
                    ("hiring", 10.0),
                    ("meetings", 5.0),
                ],
                1.0,
                (8, 3, 29),
                Over,
            ),
        ],
        // 15 h of 120 h = 12.5%
        summary: Summary {
            weeks: 3,
            weeks_with_data: 3,
            weeks_over: 2,
            weeks_watch: 1,
            coding_share_pct: 12.5,
            sustained_over: false,
        },
        group: None,
        source: Default::default(),
    }
}

/// Within his limit; one week with too little data.
fn linus() -> ManagerFigures {
    use Verdict::*;
    ManagerFigures {
        name: "Linus Tee".into(),
        reports: Some(3),
        band: "small".into(),
        limit_pct: 30.0,
        timezone: "Europe/Helsinki".into(),
        weeks: vec![
            // 4 / 40 = 10%
            week(
                "2026-W45",
                (4.0, 20.0, 16.0),
                &[
                    ("commits", 4.0),
                    ("one-on-ones", 8.0),
                    ("team rituals", 12.0),
                    ("technical leadership", 16.0),
                ],
                0.0,
                (5, 2, 18),
                Ok,
            ),
            // 8 h tracked < 10 h minimum
            week(
                "2026-W46",
                (2.0, 4.0, 2.0),
                &[
                    ("commits", 2.0),
                    ("one-on-ones", 4.0),
                    ("technical leadership", 2.0),
                ],
                0.25,
                (2, 1, 3),
                InsufficientData,
            ),
            // 6 / 40 = 15%
            week(
                "2026-W47",
                (6.0, 24.0, 10.0),
                &[
                    ("commits", 6.0),
                    ("one-on-ones", 10.0),
                    ("team rituals", 14.0),
                    ("technical leadership", 10.0),
                ],
                0.0,
                (7, 2, 22),
                Ok,
            ),
        ],
        // weeks with data: 10 h of 80 h = 12.5%
        summary: Summary {
            weeks: 3,
            weeks_with_data: 2,
            weeks_over: 0,
            weeks_watch: 0,
            coding_share_pct: 12.5,
            sustained_over: false,
        },
        group: None,
        source: Default::default(),
    }
}

/// No week with enough data, and no report count.
fn barbara() -> ManagerFigures {
    use Verdict::*;
    ManagerFigures {
        name: "Barbara Liskov".into(),
        reports: None,
        band: "small".into(),
        limit_pct: 30.0,
        timezone: "Europe/Berlin".into(),
        weeks: vec![
            week(
                "2026-W45",
                (0.0, 0.0, 0.0),
                &[],
                0.0,
                (0, 0, 0),
                InsufficientData,
            ),
            week(
                "2026-W46",
                (1.0, 2.0, 0.0),
                &[("commits", 1.0), ("one-on-ones", 2.0)],
                0.0,
                (1, 1, 2),
                InsufficientData,
            ),
            week(
                "2026-W47",
                (0.0, 0.0, 0.0),
                &[],
                0.0,
                (0, 0, 0),
                InsufficientData,
            ),
        ],
        summary: Summary {
            weeks: 3,
            weeks_with_data: 0,
            weeks_over: 0,
            weeks_watch: 0,
            coding_share_pct: 0.0,
            sustained_over: false,
        },
        group: None,
        source: Default::default(),
    }
}

/// The default bands of `docs/model.md`.
fn default_bands() -> Vec<Band> {
    let band = |name: &str, max_reports, limit_pct| Band {
        name: name.to_string(),
        max_reports,
        limit_pct,
    };
    vec![
        band("small", Some(5), 30.0),
        band("medium", Some(10), 20.0),
        band("large", None, 10.0),
    ]
}
