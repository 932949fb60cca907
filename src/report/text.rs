//! The text every format shows alike: the period, a weekly row's cells,
//! shares, margins, limits, report counts, and file-name slugs.

use crate::figures::coverage::Coverage;
use crate::figures::groups::GroupFigures;
use crate::figures::{hours, hours_of, pct, ManagerAdvice, ManagerFigures, Report, WeekFigures};

/// "2026-W45 to 2026-W47", or the one week.
pub fn period_text(report: &Report) -> String {
    match (report.weeks.first(), report.weeks.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        (Some(only), _) => only.to_string(),
        _ => "no weeks".to_string(),
    }
}

/// " (provisional)" after the verdict of a week that has not ended (its
/// verdict is on a plan), else nothing.
pub fn provisional(w: &WeekFigures) -> &'static str {
    match w.status {
        crate::period::Status::Complete => "",
        _ => " (provisional)",
    }
}

/// The cells of a weekly table row, as every table shows them: week,
/// start, coding, people, other and tracked hours (2 decimals), coding
/// share (1 decimal, with %), verdict, after-hours coding hours, commits,
/// sessions, events. A week without figures (`known` false: no share
/// holds it) shows "–" for each, never zeros.
pub fn week_cells(w: &WeekFigures, known: bool) -> [String; 12] {
    let mut cells = [
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
    ];
    if !known {
        for figure in [2, 3, 4, 5, 6, 8, 9, 10, 11] {
            cells[figure] = "–".to_string();
        }
    }
    cells
}

/// The 1:1 coverage cells of a weekly row (team, met, overdue), for a
/// manager with a team: "–" in a week without figures.
pub fn coverage_cells(w: &WeekFigures) -> [String; 3] {
    match &w.coverage {
        Some(c) => [c.team.to_string(), c.met.to_string(), c.overdue.to_string()],
        None => ["–".to_string(), "–".to_string(), "–".to_string()],
    }
}

/// The overdue members and for how long, "Chen Wu (3 weeks), Ben (over 8
/// weeks)"; None when there are none, or their names are hidden. A member
/// with no 1:1 in the weeks read had none in the 8 weeks before
/// (`coverage::LOOK_BACK_WEEKS` are always read) either: "never" would
/// not be true of one met in the spring.
pub fn overdue_members_text(c: &Coverage) -> Option<String> {
    use crate::figures::coverage::LOOK_BACK_WEEKS;
    let overdue: Vec<String> = (c.members.iter().filter(|m| m.overdue))
        .map(|m| match m.weeks_since {
            Some(1) => format!("{} (1 week)", m.name),
            Some(n) => format!("{} ({n} weeks)", m.name),
            None => format!("{} (over {LOOK_BACK_WEEKS} weeks)", m.name),
        })
        .collect();
    (!overdue.is_empty()).then(|| overdue.join(", "))
}

/// The last week of `m` and who is overdue in it (as
/// [`overdue_members_text`]): what a manager's own report says under its
/// weeks. None when nobody is, or their names are hidden.
pub fn last_week_overdue(m: &ManagerFigures) -> Option<(crate::period::Week, String)> {
    let w = m.weeks.last()?;
    Some((w.week, overdue_members_text(w.coverage.as_ref()?)?))
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

/// The org chart's name in the report folder (`charts/org.svg`), which no
/// manager's chart may take.
pub const ORG_CHART: &str = "org";

/// One distinct slug per manager, in report order, none of them
/// [`ORG_CHART`]: a repeated slug (or a manager named "Org") gets `-2`,
/// `-3`, ….
pub fn slugs(report: &Report) -> Vec<String> {
    let mut seen = std::collections::HashSet::from([ORG_CHART.to_string()]);
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
        format!("{:.1}%", pct(m.summary.coding_share_pct))
    }
}

/// "+7.3 pp" / "−2.0 pp" against the limit, or "–" without data.
pub fn margin_text(m: &ManagerFigures) -> String {
    if m.summary.weeks_with_data == 0 {
        return "–".to_string();
    }
    // Round the displayed share and limit first, so the difference shown
    // equals the difference of the figures shown beside it.
    signed_points(pct(m.summary.coding_share_pct) - pct(m.limit_pct))
}

/// Limits print without a needless decimal: "20%", "12.5%".
pub fn limit_text(limit_pct: f64) -> String {
    let rounded = pct(limit_pct);
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

/// The advice columns of a ranked summary, as every table shows them:
/// over-limit hours per week with data (2 decimals), 1:1 hours per report
/// per week (2 decimals), the last week's 4-week share (1 decimal, with %);
/// "–" where there is no figure.
pub fn advice_cells(m: &ManagerFigures) -> [String; 3] {
    let a = ManagerAdvice::of(m);
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_string());
    [
        or_dash(
            a.over_limit_hours_per_week
                .map(|h| format!("{:.2}", hours_of(h))),
        ),
        or_dash(
            a.one_on_one_hours_per_report
                .map(|h| format!("{:.2}", hours_of(h))),
        ),
        or_dash(a.rolling_share_pct.map(|p| format!("{:.1}%", pct(p)))),
    ]
}

/// The advice cells of a weekly row: over-limit hours, 1:1 hours per
/// report, the 4-week share and the change from the week before ("–"
/// where null).
pub fn week_advice_cells(w: &WeekFigures) -> [String; 4] {
    let a = &w.advice;
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_string());
    [
        format!("{:.2}", hours_of(a.coding_over_limit_hours)),
        or_dash(
            a.one_on_one_hours_per_report
                .map(|h| format!("{:.2}", hours_of(h))),
        ),
        or_dash(a.rolling_share_pct.map(|p| format!("{:.1}%", pct(p)))),
        or_dash(a.share_change_pp.map(signed_points)),
    ]
}

/// "+5.9 pp", "−1.0 pp", "±0.0 pp".
fn signed_points(d: f64) -> String {
    let d = pct(d);
    if d > 0.0 {
        format!("+{d:.1} pp")
    } else if d < 0.0 {
        format!("−{:.1} pp", -d)
    } else {
        "±0.0 pp".to_string()
    }
}

/// The cells of a group row: group, managers, over on average, sustained
/// over, mean coding share, weeks over ("5 of 40"), the last week's 1:1s
/// of the managers with a team ("10 of 35 met, 20 overdue"); "–" for what
/// `report.json` gives as null or leaves out (withheld figures, no share
/// without data, no team).
pub fn group_cells(g: &GroupFigures) -> [String; 7] {
    let e = super::json::GroupEntry::of(g);
    let dash = || "–".to_string();
    let count = |v: Option<u32>| v.map_or_else(dash, |v| v.to_string());
    let weeks = match (e.weeks_over, e.weeks_with_data) {
        (Some(over), Some(with_data)) => format!("{over} of {with_data}"),
        _ => dash(),
    };
    [
        e.group,
        e.managers.to_string(),
        count(e.over_on_average),
        count(e.sustained_over),
        (e.coding_share_pct).map_or_else(dash, |p| format!("{p:.1}%")),
        weeks,
        (e.one_on_ones.as_ref()).map_or_else(dash, |c| {
            format!("{} of {} met, {} overdue", c.met, c.team, c.overdue)
        }),
    ]
}

/// The group tables' columns: the last, the 1:1s, only when some group's
/// managers have a team.
pub fn group_header(rows: &[GroupFigures]) -> &'static [&'static str] {
    let teams = rows.iter().any(|g| g.coverage.is_some());
    &GROUP_HEADER[..if teams { 7 } else { 6 }]
}

const GROUP_HEADER: [&str; 7] = [
    "Group",
    "Managers",
    "Over on average",
    "Sustained over",
    "Mean coding share",
    "Weeks over",
    "1:1s last week",
];

pub const GROUP_WITHHELD_NOTE: &str = "figures withheld: fewer than 5 managers with data";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn slugs_are_safe_and_distinct() {
        assert_eq!(slug("Ada Lovelace"), "ada-lovelace");
        assert_eq!(slug("  Grace  O'Hopper! "), "grace-o-hopper");
        assert_eq!(slug("Ünal"), "nal");
        assert_eq!(slug("李"), "manager");
    }

    #[test]
    fn shares_and_margins_as_printed() {
        let report = sample::report();
        let ada = &report.managers[0];
        assert_eq!(margin_text(ada), "+6.4 pp");
        assert_eq!(mean_share_text(ada), "26.4%");
        assert_eq!(margin_text(&report.managers[2]), "−17.5 pp");
        assert_eq!(mean_share_text(&report.managers[3]), "–");
        assert_eq!(period_text(&report), "2026-W45 to 2026-W47");
    }
}
