//! A manager's figures → the bytes of a `twohats-share/v1` file.
//!
//! The week struct mirrors the `twohats/v1` week keys; a figure added to
//! the week figures (the advice figures, say) becomes one more field here,
//! and the reader ignores keys it does not know.

use super::{HOUR_DECIMALS, SCHEMA};
use crate::figures::{pct, FiguresSource, ManagerFigures, WeekFigures};
use crate::Warning;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Document {
    pub schema: &'static str,
    /// "twohats X.Y.Z".
    pub tool: String,
    /// When the share was written (RFC 3339, UTC).
    pub generated: String,
    pub manager: Manager,
    pub weeks: Vec<Week>,
    /// Warnings met while reading the manager's sources, counted per kind.
    pub warnings: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Serialize)]
pub struct Manager {
    pub name: String,
    pub reports: Option<u32>,
    pub timezone: String,
    pub group: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Week {
    pub week: String,
    pub start: String,
    pub hours: Hours,
    pub coding_share_pct: f64,
    pub categories: BTreeMap<String, f64>,
    pub after_hours_coding: f64,
    pub commits: u32,
    pub sessions: u32,
    pub events: u32,
    pub reviews: u32,
    /// The week's largest coding items, labelled by category ("commits" for
    /// git), never by title.
    pub largest_coding: Vec<Item>,
    /// 1:1 coverage as counts (`team`, `met`, `overdue`): no member's name
    /// or address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_on_ones: Option<Coverage>,
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub team: u32,
    pub met: u32,
    pub overdue: u32,
}

#[derive(Debug, Serialize)]
pub struct Item {
    pub source: &'static str,
    pub label: String,
    pub hours: f64,
}

#[derive(Debug, Serialize)]
pub struct Hours {
    pub coding: f64,
    pub people: f64,
    pub other: f64,
    pub tracked: f64,
}

/// The share of one manager's figures, written at `now`. Weeks that came
/// from no share (when re-sharing shared figures) are left out: a share
/// holds only weeks with figures.
pub fn render(m: &ManagerFigures, warnings: &[Warning], now: DateTime<Utc>) -> Vec<u8> {
    let missing: &[crate::period::Week] = match &m.source {
        FiguresSource::Shares { missing } => missing,
        FiguresSource::Sources => &[],
    };
    let doc = Document {
        schema: SCHEMA,
        tool: format!("twohats {}", env!("CARGO_PKG_VERSION")),
        generated: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        manager: Manager {
            name: m.name.clone(),
            reports: m.reports,
            timezone: m.timezone.clone(),
            group: m.group.clone(),
        },
        weeks: (m.weeks.iter())
            .filter(|w| !missing.contains(&w.week))
            .map(week)
            .collect(),
        warnings: warning_kinds(warnings),
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("figures serialise");
    out.push(b'\n');
    out
}

fn week(w: &WeekFigures) -> Week {
    Week {
        week: w.week.to_string(),
        start: w.week.monday().to_string(),
        hours: Hours {
            coding: hours(w.coding),
            people: hours(w.people),
            other: hours(w.other),
            tracked: hours(w.tracked),
        },
        coding_share_pct: pct(w.coding_share_pct),
        categories: (w.categories.iter())
            .map(|(k, v)| (k.to_string(), hours(*v)))
            .collect(),
        after_hours_coding: hours(w.after_hours_coding),
        commits: w.commits,
        sessions: w.sessions,
        reviews: w.reviews,
        events: w.events,
        largest_coding: (w.advice.largest_coding.iter())
            .map(|item| Item {
                source: item.kind.source(),
                label: item.category.to_string(),
                hours: hours(item.seconds),
            })
            .collect(),
        one_on_ones: w.coverage.as_ref().map(|c| Coverage {
            team: c.team,
            met: c.met,
            overdue: c.overdue,
        }),
    }
}

/// Seconds as hours to [`HOUR_DECIMALS`] decimals.
fn hours(seconds: i64) -> f64 {
    let scale = 10f64.powi(HOUR_DECIMALS);
    (seconds as f64 / 3600.0 * scale).round() / scale
}

/// Each warning's kind, from a fixed list (a kind never quotes the input),
/// and how many of each.
fn warning_kinds(warnings: &[Warning]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for w in warnings {
        *counts.entry(kind_of(&w.message)).or_insert(0) += 1;
    }
    counts
}

/// Every kind a share counts warnings by, the only keys of its `warnings`:
/// the kinds of [`KINDS`] and "other", sorted.
pub const WARNING_KINDS: [&str; 7] = [
    "archive",
    "calendar-structure",
    "encoding",
    "git",
    "no-reports",
    "other",
    "time-zone",
];

/// The words a warning's message starts or is known by → its kind.
const KINDS: [(&str, &str); 12] = [
    ("TZID", "time-zone"),
    ("X-WR-TIMEZONE", "time-zone"),
    ("zip", "archive"),
    ("UTF-8", "encoding"),
    ("NUL bytes", "encoding"),
    ("BEGIN:", "calendar-structure"),
    ("END:", "calendar-structure"),
    ("`reports`", "no-reports"),
    ("commit", "git"),
    ("git log", "git"),
    ("mailmap", "git"),
    ("HEAD", "git"),
];

fn kind_of(message: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(words, _)| message.contains(words))
        .map_or("other", |(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_keep_whole_seconds() {
        // 12 h 30 min 15 s = 12.504166… h → 12.5042 → 45015 s again.
        let h = hours(45015);
        assert_eq!(h, 12.5042);
        assert_eq!((h * 3600.0).round() as i64, 45015);
    }

    #[test]
    fn every_kind_written_is_one_the_reader_accepts() {
        assert!(KINDS.iter().all(|(_, kind)| WARNING_KINDS.contains(kind)));
        assert!(WARNING_KINDS.contains(&kind_of("something new")));
    }

    #[test]
    fn warnings_are_counted_by_kind_never_quoted() {
        let w = |m: &str| Warning::new("/home/ada/cal.ics", Some(3), m);
        let kinds = warning_kinds(&[
            w("unknown TZID 'Interview with Sam'; used Europe/Berlin"),
            w("unknown TZID 'X'; used Europe/Berlin"),
            w("something new about 'Oncologist'"),
        ]);
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            [("other", 1), ("time-zone", 2)]
        );
    }
}
