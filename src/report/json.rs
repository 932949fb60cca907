//! `report.json`: the `twohats/v1` schema, as typed structs serialised in
//! field order. `docs/schema/twohats-v1.schema.json` describes the same document
//! for other tools; a test checks real output against it.
//!
//! Hours and percentages are rounded half-up (2 and 1 decimals); the limit
//! is given as configured.

use super::Exporter;
use crate::figures::coverage::Coverage;
use crate::figures::groups::{GroupFigures, GroupName};
use crate::figures::{
    hours, hours_of, pct, CodingItem, FiguresSource, ManagerFigures, Report, WeekFigures,
};
use crate::Warning;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value of `schema`.
pub const SCHEMA: &str = "twohats/v1";

pub struct Json;

impl Exporter for Json {
    fn file_name(&self) -> &'static str {
        "report.json"
    }

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        // Each manager is converted as it is written, never the whole
        // document at once.
        let doc = Document::of_report(report, Managers(&report.managers));
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// A whole `twohats/v1` document; `M` is how its managers are held: read
/// back as a `Vec<Manager>`, written from the figures one at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document<M = Vec<Manager>> {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The ISO weeks reported, e.g. "2026-W47".
    pub weeks: Vec<String>,
    pub managers: M,
    /// Each distinct warning once, with a count when repeated.
    pub warnings: Vec<WarningEntry>,
    /// The per-group summary, when some manager has a `group`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manager {
    pub name: String,
    /// Direct reports; null when the config gives none.
    pub reports: Option<u32>,
    pub band: String,
    pub limit_pct: f64,
    /// IANA name of the zone weeks are cut in.
    pub timezone: String,
    pub weeks: Vec<Week>,
    pub summary: Summary,
    /// The manager's `group`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// "share" when the week figures came from share files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Weeks asked for that no share holds (insufficient-data, no figures).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weeks_not_shared: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    pub week: String,
    /// The Monday, e.g. "2026-11-16".
    pub start: String,
    /// Null (as every figure below that can be) for a week no share holds:
    /// it has no data, and zeros would read as a week with nothing tracked.
    pub hours: Option<Hours>,
    pub coding_share_pct: Option<f64>,
    /// ok, watch, over or insufficient-data.
    pub verdict: String,
    /// complete, in-progress or ahead (the verdict then provisional).
    #[serde(default = "complete")]
    pub status: String,
    /// A week not complete: hours counted before now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Hours>,
    /// A week not complete: the calendar's hours after now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<Hours>,
    /// A week not complete: the coding hours that can still be added before
    /// the share reaches the limit (absent with a limit of 100%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coding_budget_hours: Option<f64>,
    /// Hours per category, only categories with time this week.
    pub categories: BTreeMap<String, f64>,
    pub after_hours_coding: Option<f64>,
    pub commits: Option<u32>,
    pub sessions: Option<u32>,
    pub events: Option<u32>,
    /// Review events (reviews, review comments) timed inside the week.
    pub reviews: Option<u32>,
    /// max(0, coding − limit × tracked); 0 with too little data, null for
    /// a week no share holds.
    pub coding_over_limit_hours: Option<f64>,
    /// Up to 3 items owning the most coding time, largest first.
    pub largest_coding: Vec<LargestItem>,
    /// A week not complete: up to 3 items owning the most planned coding
    /// time (after now), largest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub largest_planned_coding: Option<Vec<LargestItem>>,
    pub one_on_one_hours: Option<f64>,
    /// Null when the manager has no reports.
    pub one_on_one_hours_per_report: Option<f64>,
    pub people_hours_per_report: Option<f64>,
    pub one_on_ones_thin: bool,
    /// Over this week and the 3 before, weeks with data only.
    pub rolling_share_pct: Option<f64>,
    pub share_change_pp: Option<f64>,
    /// 1:1 coverage per team member, for a manager with a `team`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_on_ones: Option<OneOnOnes>,
}

/// `one_on_ones`: the counts, and the members only in a single manager's
/// own report without `--redact`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneOnOnes {
    pub team: u32,
    pub met: u32,
    pub overdue: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberEntry>,
}

/// One member's week, in `team` order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberEntry {
    /// The member's address.
    pub member: String,
    /// The display name, else the address.
    pub name: String,
    /// 1:1 hours inside the week.
    pub hours: f64,
    /// The date of the last 1:1 up to the week's end, within the weeks read.
    pub last: Option<String>,
    /// 0 when met this week, else whole weeks since the week of `last`.
    pub weeks_since: Option<u32>,
    pub overdue: bool,
}

impl OneOnOnes {
    pub fn of(c: &Coverage) -> OneOnOnes {
        OneOnOnes {
            team: c.team,
            met: c.met,
            overdue: c.overdue,
            members: (c.members.iter())
                .map(|m| MemberEntry {
                    member: m.address.to_string(),
                    name: m.name.to_string(),
                    hours: hours(m.seconds),
                    last: m.last.map(|d| d.to_string()),
                    weeks_since: m.weeks_since,
                    overdue: m.overdue,
                })
                .collect(),
        }
    }
}

/// One entry of `largest_coding`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LargestItem {
    /// "calendar" or "git".
    pub source: String,
    /// The title or folder name, or the category where titles are hidden.
    pub label: String,
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hours {
    pub coding: f64,
    pub people: f64,
    pub other: f64,
    pub tracked: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub weeks: u32,
    pub weeks_with_data: u32,
    pub weeks_over: u32,
    pub weeks_watch: u32,
    /// Null without a week with data (no share to speak of, not 0%).
    pub coding_share_pct: Option<f64>,
    pub sustained_over: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarningEntry {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub message: String,
    /// How many times it was met, when more than once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

/// A report's managers, serialised as a sequence of [`Manager`]s made one
/// at a time.
struct Managers<'a>(&'a [ManagerFigures]);

impl Serialize for Managers<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Manager::of))
    }
}

impl Document {
    /// The whole document in memory.
    pub fn of(report: &Report) -> Document {
        Document::of_report(report, report.managers.iter().map(Manager::of).collect())
    }
}

impl<M> Document<M> {
    fn of_report(report: &Report, managers: M) -> Document<M> {
        Document {
            schema: SCHEMA.to_string(),
            weeks: report.weeks.iter().map(|w| w.to_string()).collect(),
            managers,
            warnings: warning_entries(report),
            groups: entries(report),
        }
    }
}

impl Manager {
    fn of(m: &ManagerFigures) -> Manager {
        let s = &m.summary;
        Manager {
            name: m.name.clone(),
            reports: m.reports,
            band: m.band.clone(),
            limit_pct: m.limit_pct,
            timezone: m.timezone.clone(),
            weeks: (m.weeks.iter())
                .map(|w| Week::of(w, !m.not_shared(w.week)))
                .collect(),
            summary: Summary {
                weeks: s.weeks,
                weeks_with_data: s.weeks_with_data,
                weeks_over: s.weeks_over,
                weeks_watch: s.weeks_watch,
                coding_share_pct: (s.weeks_with_data > 0).then(|| pct(s.coding_share_pct)),
                sustained_over: s.sustained_over,
            },
            group: m.group.clone(),
            source: match &m.source {
                FiguresSource::Sources => None,
                FiguresSource::Shares { .. } => Some("share".to_string()),
            },
            weeks_not_shared: match &m.source {
                FiguresSource::Sources => Vec::new(),
                FiguresSource::Shares { missing } => {
                    missing.iter().map(|w| w.to_string()).collect()
                }
            },
        }
    }
}

impl Week {
    /// A week's figures; without `known` (a week no share holds), those
    /// that would be zeros are null, as in `weeks.csv`.
    fn of(w: &WeekFigures, known: bool) -> Week {
        let a = &w.advice;
        Week {
            week: w.week.to_string(),
            start: w.week.monday().to_string(),
            hours: known.then_some(Hours {
                coding: hours(w.coding),
                people: hours(w.people),
                other: hours(w.other),
                tracked: hours(w.tracked),
            }),
            coding_share_pct: known.then_some(pct(w.coding_share_pct)),
            verdict: w.verdict.as_str().to_string(),
            status: w.status.as_str().to_string(),
            done: w.progress.as_ref().map(|p| Hours::of(&p.done)),
            planned: w.progress.as_ref().map(|p| Hours::of(&p.planned)),
            coding_budget_hours: (w.progress.as_ref())
                .and_then(|p| p.coding_budget_hours)
                .map(hours_of),
            categories: w
                .categories
                .iter()
                .map(|(k, v)| (k.to_string(), hours(*v)))
                .collect(),
            after_hours_coding: known.then_some(hours(w.after_hours_coding)),
            commits: known.then_some(w.commits),
            sessions: known.then_some(w.sessions),
            reviews: known.then_some(w.reviews),
            events: known.then_some(w.events),
            coding_over_limit_hours: known.then_some(hours_of(a.coding_over_limit_hours)),
            largest_coding: a.largest_coding.iter().map(LargestItem::of).collect(),
            largest_planned_coding: (w.progress.as_ref())
                .map(|p| p.largest_planned.iter().map(LargestItem::of).collect()),
            one_on_one_hours: known.then_some(hours(a.one_on_ones)),
            one_on_one_hours_per_report: a.one_on_one_hours_per_report.map(hours_of),
            people_hours_per_report: a.people_hours_per_report.map(hours_of),
            one_on_ones_thin: a.one_on_ones_thin,
            rolling_share_pct: a.rolling_share_pct.map(pct),
            share_change_pp: a.share_change_pp.map(pct),
            one_on_ones: w.coverage.as_ref().map(OneOnOnes::of),
        }
    }
}

/// The `status` of a week that does not say (written before it existed).
fn complete() -> String {
    crate::period::Status::Complete.as_str().to_string()
}

impl Hours {
    fn of(h: &crate::figures::Hours) -> Hours {
        Hours {
            coding: hours(h.coding),
            people: hours(h.people),
            other: hours(h.other),
            tracked: hours(h.tracked),
        }
    }
}

impl LargestItem {
    fn of(item: &CodingItem) -> LargestItem {
        LargestItem {
            source: item.kind.source().to_string(),
            label: item.label.to_string(),
            hours: hours(item.seconds),
        }
    }
}

impl WarningEntry {
    fn of(w: Warning, count: usize) -> WarningEntry {
        WarningEntry {
            source: w.source,
            line: w.line,
            message: w.message,
            count: (count > 1).then_some(count),
        }
    }
}

// ---------------------------------------------------------------------------
// Groups (docs/model.md, "Groups").

/// One group in `report.json`'s `groups`. Figures are null when withheld.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupEntry {
    /// The group's name, "no group" or "other groups".
    pub group: String,
    /// "group", "no group" (managers without one) or "other groups" (the
    /// skip-level view's fold of groups under 5 managers).
    pub kind: String,
    pub managers: u32,
    pub managers_with_data: Option<u32>,
    pub over_on_average: Option<u32>,
    pub sustained_over: Option<u32>,
    pub coding_share_pct: Option<f64>,
    pub weeks_with_data: Option<u32>,
    pub weeks_over: Option<u32>,
    /// 1:1 coverage counts in the last week reported, summed over the
    /// group's managers with a team; absent when none has one or withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_on_ones: Option<OneOnOnes>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withheld: bool,
}

impl GroupEntry {
    pub fn of(g: &GroupFigures) -> GroupEntry {
        let shown = |v: u32| (!g.withheld).then_some(v);
        GroupEntry {
            group: g.name.text().to_string(),
            kind: match g.name {
                GroupName::Named(_) => "group",
                GroupName::NoGroup => "no group",
                GroupName::Other => "other groups",
            }
            .to_string(),
            managers: g.managers,
            managers_with_data: shown(g.managers_with_data),
            over_on_average: shown(g.over_on_average),
            sustained_over: shown(g.sustained_over),
            coding_share_pct: (!g.withheld && g.weeks_with_data > 0)
                .then(|| pct(g.coding_share_pct)),
            weeks_with_data: shown(g.weeks_with_data),
            weeks_over: shown(g.weeks_over),
            one_on_ones: (g.coverage.as_ref())
                .filter(|_| !g.withheld)
                .map(OneOnOnes::of),
            withheld: g.withheld,
        }
    }
}

/// `report.json`'s `groups`: every group (empty when no manager has one).
pub fn entries(report: &Report) -> Vec<GroupEntry> {
    crate::figures::groups::groups(report)
        .iter()
        .map(GroupEntry::of)
        .collect()
}

/// The report's warnings, each kind once with its count.
fn warning_entries(report: &Report) -> Vec<WarningEntry> {
    (crate::warning::deduplicate(&report.warnings).into_iter())
        .map(|(w, count)| WarningEntry::of(w, count))
        .collect()
}

/// A `twohats/v1` document with no managers, the folded groups, and the
/// warnings as the skip-level view has them (scrubbed of managers and
/// inputs by `cmd::report`).
pub fn groups_only(report: &Report, rows: &[GroupFigures]) -> anyhow::Result<String> {
    let doc = Document {
        schema: SCHEMA.to_string(),
        weeks: report.weeks.iter().map(|w| w.to_string()).collect(),
        managers: Vec::<Manager>::new(),
        warnings: warning_entries(report),
        groups: rows.iter().map(GroupEntry::of).collect(),
    };
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn reads_back_as_the_same_document() {
        let report = sample::report();
        let bytes = Json.render(&report).unwrap();
        let back: Document = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, Document::of(&report));
        assert_eq!(back.schema, "twohats/v1");
        // Ada's W47: 12.5 h of 40.5 h, 30.9%, over.
        let w47 = &back.managers[0].weeks[2];
        let h = w47.hours.as_ref().unwrap();
        assert_eq!((h.coding, h.tracked), (12.5, 40.5));
        assert_eq!(
            (w47.coding_share_pct, w47.verdict.as_str()),
            (Some(30.9), "over")
        );
        assert_eq!(back.managers[3].reports, None);
        assert_eq!(back.warnings[0].line, Some(120));
        // Her advice figures (see `sample::ada_w47_advice`): 4.4 h over,
        // 6 / 7 = 0.857 → 0.86 h of 1:1s per report, 20 / 7 → 2.86 h of
        // people work, 26.36 → 26.4% over 4 weeks, +5.9 points.
        assert_eq!(w47.coding_over_limit_hours, Some(4.4));
        assert_eq!(
            (
                w47.largest_coding[0].source.as_str(),
                w47.largest_coding[0].label.as_str()
            ),
            ("git", "payments-api")
        );
        assert_eq!(w47.largest_coding[2].hours, 2.0);
        assert_eq!(w47.one_on_one_hours, Some(6.0));
        assert_eq!(w47.one_on_one_hours_per_report, Some(0.86));
        assert_eq!(w47.people_hours_per_report, Some(2.86));
        assert_eq!(
            (w47.rolling_share_pct, w47.share_change_pp),
            (Some(26.4), Some(5.9))
        );
        // Barbara gives no report count: per-report figures are null.
        assert_eq!(back.managers[3].weeks[0].one_on_one_hours_per_report, None);
    }
}
