//! Exporters: one file per format behind one small trait, as hyperfine's
//! `src/export/` does. Exporters only format; the figures are computed
//! before them.

mod bitmap_text;
pub mod charts;
pub mod csv;
pub mod folder;
pub mod html;
pub mod json;
pub mod markdown;
pub mod parquet;
pub mod redact;
pub mod table;

pub use folder::write_folder;
pub use redact::redact;

use crate::figures::{hours, pct, ManagerFigures, Report, Verdict, WeekFigures};

/// Turns a report into the bytes of one output format.
pub trait Exporter {
    /// The file name in a report folder, e.g. `report.json`.
    fn file_name(&self) -> &'static str;
    fn render(&self, report: &Report) -> anyhow::Result<Vec<u8>>;
}

/// The managers ranked for a director: those with data first, by how far
/// their mean coding share is over their limit (share − limit, descending);
/// ties keep config order. Managers without a week of data come last.
pub fn ranked(report: &Report) -> Vec<&ManagerFigures> {
    let mut managers: Vec<&ManagerFigures> = report.managers.iter().collect();
    managers.sort_by(|a, b| {
        let has_data = |m: &ManagerFigures| m.summary.weeks_with_data > 0;
        has_data(b)
            .cmp(&has_data(a))
            .then_with(|| margin(b).total_cmp(&margin(a)))
    });
    managers
}

/// Mean coding share minus the limit, in percentage points (unrounded).
pub fn margin(m: &ManagerFigures) -> f64 {
    m.summary.coding_share_pct - m.limit_pct
}

/// Where a manager stands over the weeks reported, for the summaries.
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

/// The cells of a weekly table row, as every table shows them: week,
/// start, coding, people, other and tracked hours (2 decimals), coding
/// share (1 decimal, with %), verdict, after-hours coding hours, commits,
/// sessions, events.
pub fn week_cells(w: &WeekFigures) -> [String; 12] {
    [
        w.week.to_string(),
        w.week.monday().to_string(),
        format!("{:.2}", hours(w.coding)),
        format!("{:.2}", hours(w.people)),
        format!("{:.2}", hours(w.other)),
        format!("{:.2}", hours(w.tracked)),
        format!("{:.1}%", pct(w.coding_share_pct)),
        w.verdict.as_str().to_string(),
        format!("{:.2}", hours(w.after_hours_coding)),
        w.commits.to_string(),
        w.sessions.to_string(),
        w.events.to_string(),
    ]
}

/// A file-name-safe form of a manager's name: lower-case ASCII letters and
/// digits, other runs as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("manager");
    }
    out
}

/// One distinct slug per manager, in report order: a repeated slug gets
/// `-2`, `-3`, ….
pub fn slugs(report: &Report) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    report
        .managers
        .iter()
        .map(|m| {
            let base = slug(&m.name);
            let mut candidate = base.clone();
            let mut n = 1;
            while !seen.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            candidate
        })
        .collect()
}

/// A manager's share for display: "27.3%", or "–" without a week of data.
pub fn mean_share_text(m: &ManagerFigures) -> String {
    if m.summary.weeks_with_data == 0 {
        "–".to_string()
    } else {
        format!("{:.1}%", crate::figures::pct(m.summary.coding_share_pct))
    }
}

/// "+7.3 pp" / "−2.0 pp" against the limit, or "–" without data.
pub fn margin_text(m: &ManagerFigures) -> String {
    if m.summary.weeks_with_data == 0 {
        return "–".to_string();
    }
    // Round the displayed share and limit first, so the difference shown
    // equals the difference of the figures shown beside it.
    let d = crate::figures::pct(m.summary.coding_share_pct) - crate::figures::pct(m.limit_pct);
    let d = (d * 10.0).round() / 10.0;
    if d > 0.0 {
        format!("+{d:.1} pp")
    } else if d < 0.0 {
        format!("−{:.1} pp", -d)
    } else {
        "±0.0 pp".to_string()
    }
}

/// Limits print without a needless decimal: "20%", "12.5%".
pub fn limit_text(limit_pct: f64) -> String {
    let rounded = crate::figures::pct(limit_pct);
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}%")
    } else {
        format!("{rounded:.1}%")
    }
}

/// The direct-report count for display ("–" when the config gives none).
pub fn reports_text(m: &ManagerFigures) -> String {
    m.reports.map_or_else(|| "–".to_string(), |r| r.to_string())
}

// The hand-written sample report is shared with `tests/report.rs`; it names
// the figure types through its parent module's imports.
#[cfg(test)]
#[path = "../../tests/report_support/sample.rs"]
pub(crate) mod sample;
#[cfg(test)]
use {
    crate::config::Band, crate::figures::Summary, crate::period::Week, crate::Warning,
    std::collections::BTreeMap,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_distinct() {
        assert_eq!(slug("Ada Lovelace"), "ada-lovelace");
        assert_eq!(slug("  Grace  O'Hopper! "), "grace-o-hopper");
        assert_eq!(slug("Ünal"), "nal");
        assert_eq!(slug("李"), "manager");
    }

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
        let ada = &report.managers[0];
        assert_eq!(margin_text(ada), "+6.4 pp");
        assert_eq!(mean_share_text(ada), "26.4%");
        assert_eq!(margin_text(&report.managers[2]), "−17.5 pp");
        assert_eq!(mean_share_text(&report.managers[3]), "–");
    }
}
