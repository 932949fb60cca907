//! The figures the page carries: one JSON document in a
//! `<script type="application/json">` element, from which the page's
//! script draws the ranked table, the heatmap and each manager's chart on
//! demand. Every figure, text, standing and rank is decided before (in
//! `figures/` and `report/text.rs`); this only lays them out.
//!
//! Weekly figures are columns (one array per figure, one entry per week of
//! the report, `null` where a manager has no such week), which keeps 500
//! managers × 52 weeks well under a megabyte.

use crate::figures::advice::ManagerAdvice;
use crate::figures::standing::{margin, ranking, Standing};
use crate::figures::{hours, hours_of, pct, ManagerFigures, Report, Verdict};
use crate::period::Status;
use crate::report::text::last_week_overdue;
use crate::report::{limit_text, margin_text, mean_share_text, period_text, reports_text, slugs};
use serde::Serialize;

#[derive(Serialize)]
pub struct PageData<'a> {
    pub period: String,
    /// The ISO weeks reported, e.g. "2026-W47", and their Mondays.
    pub weeks: Vec<String>,
    pub starts: Vec<String>,
    /// Band names in the config's order (the band filter's options).
    pub bands: Vec<String>,
    /// Standings in the order the ranking reads them.
    pub standings: Vec<&'static str>,
    /// Managers in rank order (`figures::standing::ranking`), each laid
    /// out as it is written.
    pub managers: RankedManagers<'a>,
}

/// The report's managers in rank order, serialised as [`PageManager`]s
/// made one at a time.
pub struct RankedManagers<'a> {
    report: &'a Report,
    ranking: Vec<usize>,
    slugs: Vec<String>,
}

impl Serialize for RankedManagers<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        serializer.collect_seq(
            self.ranking
                .iter()
                .enumerate()
                .map(|(rank, &i)| PageManager::of(r, &r.managers[i], rank + 1, &self.slugs[i])),
        )
    }
}

#[derive(Serialize)]
pub struct PageManager {
    /// 1 = furthest over the limit.
    pub rank: usize,
    /// The anchor (`#m-<id>`) and chart file name (`charts/<id>.svg`).
    pub id: String,
    pub name: String,
    pub standing: &'static str,
    /// Position of the standing in `PageData::standings` (sorts the column).
    pub standing_order: usize,
    /// The verdict whose colour the standing is shown in.
    pub standing_verdict: &'static str,
    /// Mean coding share over the weeks with data; null without one.
    pub share: Option<f64>,
    pub share_text: String,
    /// Share − limit in percentage points, unrounded (it sorts as the
    /// ranking does); null without data.
    pub margin: Option<f64>,
    pub margin_text: String,
    pub limit: f64,
    pub limit_text: String,
    pub weeks_over: u32,
    pub weeks_watch: u32,
    pub weeks_with_data: u32,
    pub reports: Option<u32>,
    pub reports_text: String,
    pub band: String,
    pub timezone: String,
    // Advice and group figures: the page shows a column for each of the
    // optional keys only when some manager has it (see COLUMNS in page.js).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coding_over_limit_hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_on_one_hours_per_report: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_share_pct: Option<f64>,
    pub one_on_ones_thin: bool,
    /// Who is overdue for a 1:1 in the last week, and for how long: only
    /// in a single manager's own report (elsewhere the members are gone
    /// before the page is made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_members: Option<String>,
    pub w: PageWeeks,
}

/// A manager's weeks as columns aligned with `PageData::weeks`.
#[derive(Serialize, Default)]
pub struct PageWeeks {
    pub coding: Vec<Option<f64>>,
    pub people: Vec<Option<f64>>,
    pub other: Vec<Option<f64>>,
    pub tracked: Vec<Option<f64>>,
    /// Coding share in percent, 1 decimal.
    pub share: Vec<Option<f64>>,
    /// One letter a week: x over, w watch, o ok, - too little data,
    /// space for no such week.
    pub verdict: String,
    pub after_hours: Vec<Option<f64>>,
    pub commits: Vec<Option<u32>>,
    pub sessions: Vec<Option<u32>>,
    pub events: Vec<Option<u32>>,
    // Weekly advice figures for the chart: the over-limit part of the
    // coding bar, the 1:1 line.
    pub coding_over_limit_hours: Vec<Option<f64>>,
    pub one_on_one_hours: Vec<Option<f64>>,
    // 1:1 coverage counts, for a manager with a team only (the weekly
    // table's columns and the heatmap's mark for weeks with an overdue
    // report); names never reach the page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<Option<u32>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub met: Vec<Option<u32>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overdue: Vec<Option<u32>>,
    // Weeks not complete (in progress or ahead), for a manager with one
    // only: one letter a week (c complete, p in progress, a ahead, space
    // for no such week; the heatmap hatches p and a) and the coding budget.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub budget: Vec<Option<f64>>,
}

pub const STANDINGS: [Standing; 4] = [
    Standing::SustainedOver,
    Standing::OverOnAverage,
    Standing::WithinLimit,
    Standing::NoData,
];

impl PageData<'_> {
    pub fn of(report: &Report) -> PageData<'_> {
        PageData {
            period: period_text(report),
            weeks: report.weeks.iter().map(|w| w.to_string()).collect(),
            starts: report
                .weeks
                .iter()
                .map(|w| w.monday().to_string())
                .collect(),
            bands: report.bands.iter().map(|b| b.name.clone()).collect(),
            standings: STANDINGS.iter().map(|s| s.text()).collect(),
            managers: RankedManagers {
                report,
                ranking: ranking(report),
                slugs: slugs(report),
            },
        }
    }
}

impl PageManager {
    fn of(report: &Report, m: &ManagerFigures, rank: usize, id: &str) -> PageManager {
        let standing = Standing::of(m);
        let advice = ManagerAdvice::of(m);
        let with_data = m.summary.weeks_with_data > 0;
        PageManager {
            rank,
            id: id.to_string(),
            name: m.name.clone(),
            standing: standing.text(),
            standing_order: STANDINGS.iter().position(|s| *s == standing).unwrap_or(0),
            standing_verdict: standing.colour_of().as_str(),
            share: with_data.then(|| pct(m.summary.coding_share_pct)),
            share_text: mean_share_text(m),
            margin: with_data.then(|| margin(m)),
            margin_text: margin_text(m),
            limit: m.limit_pct,
            limit_text: limit_text(m.limit_pct),
            weeks_over: m.summary.weeks_over,
            weeks_watch: m.summary.weeks_watch,
            weeks_with_data: m.summary.weeks_with_data,
            reports: m.reports,
            reports_text: reports_text(m),
            band: m.band.clone(),
            timezone: m.timezone.clone(),
            group: m.group.clone(),
            coding_over_limit_hours: advice.over_limit_hours_per_week.map(hours_of),
            one_on_one_hours_per_report: advice.one_on_one_hours_per_report.map(hours_of),
            rolling_share_pct: advice.rolling_share_pct.map(pct),
            one_on_ones_thin: advice.one_on_ones_thin,
            overdue_members: (last_week_overdue(m)).map(|(week, who)| format!("{week}: {who}")),
            w: PageWeeks::of(report, m),
        }
    }
}

impl PageWeeks {
    fn of(report: &Report, m: &ManagerFigures) -> PageWeeks {
        let mut w = PageWeeks::default();
        let has_team = m.has_coverage();
        let unfinished = m.has_unfinished();
        // Both lists are in week order: one walk, not a search per week.
        let mut figures = m.weeks.iter().peekable();
        for week in &report.weeks {
            while figures.next_if(|f| f.week < *week).is_some() {}
            // A week no share holds is no week on the page: never zeros.
            let f = figures
                .next_if(|f| f.week == *week)
                .filter(|f| !m.not_shared(f.week));
            let h = |s: fn(&crate::figures::WeekFigures) -> i64| f.map(|f| hours(s(f)));
            w.coding.push(h(|f| f.coding));
            w.people.push(h(|f| f.people));
            w.other.push(h(|f| f.other));
            w.tracked.push(h(|f| f.tracked));
            w.after_hours.push(h(|f| f.after_hours_coding));
            w.share.push(f.map(|f| pct(f.coding_share_pct)));
            w.verdict.push(f.map_or(' ', |f| verdict_letter(f.verdict)));
            w.commits.push(f.map(|f| f.commits));
            w.sessions.push(f.map(|f| f.sessions));
            w.events.push(f.map(|f| f.events));
            (w.coding_over_limit_hours).push(f.map(|f| hours_of(f.advice.coding_over_limit_hours)));
            w.one_on_one_hours
                .push(f.map(|f| hours(f.advice.one_on_ones)));
            if has_team {
                let c = f.and_then(|f| f.coverage.as_ref());
                w.team.push(c.map(|c| c.team));
                w.met.push(c.map(|c| c.met));
                w.overdue.push(c.map(|c| c.overdue));
            }
            if unfinished {
                w.status.push(f.map_or(' ', |f| status_letter(f.status)));
                let budget = f.and_then(|f| f.progress.as_ref()?.coding_budget_hours);
                w.budget.push(budget.map(hours_of));
            }
        }
        w
    }
}

fn status_letter(s: Status) -> char {
    match s {
        Status::Complete => 'c',
        Status::InProgress => 'p',
        Status::Ahead => 'a',
    }
}

fn verdict_letter(v: Verdict) -> char {
    match v {
        Verdict::Over => 'x',
        Verdict::Watch => 'w',
        Verdict::Ok => 'o',
        Verdict::InsufficientData => '-',
    }
}
