//! `report.md`: for a pull request or a wiki. A ranked summary (one line per
//! manager), then one weekly table per manager, then the warnings. GitHub
//! flavoured: pipe tables, right-aligned numbers. Also the output of
//! `week --format markdown`.

use super::escape::markdown as escape;
use super::{
    advice_cells, limit_text, margin_text, mean_share_text, period_text, reports_text,
    week_advice_cells, Exporter,
};
use crate::figures::{hours_of, ranked, ManagerFigures, Report, Verdict, WeekFigures};
use std::io::Write;

pub struct Markdown;

impl Exporter for Markdown {
    fn file_name(&self) -> &'static str {
        "report.md"
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        Ok(write_report(out, report)?)
    }
}

/// The document as text (tests).
#[cfg(test)]
fn render(report: &Report) -> String {
    String::from_utf8(Markdown.render(report).expect("writes to memory")).expect("UTF-8")
}

fn write_report(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(out, "# twohats report: {}", period_text(report))?;
    writeln!(out)?;
    writeln!(
        out,
        "Coding share = coding hours ÷ tracked hours, over the weeks with at least \
         the minimum tracked time. Ranked by how far the mean share is over the limit."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| Manager | Reports | Band | Limit | Mean coding share | vs limit | Weeks over | Weeks watch | Sustained over | Over-limit h/week | 1:1 h/report | 4-week share |"
    )?;
    writeln!(
        out,
        "|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"
    )?;
    for m in ranked(report) {
        let s = &m.summary;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} of {} | {} | {} | {} |",
            escape(&m.name),
            reports_text(m),
            escape(&m.band),
            limit_text(m.limit_pct),
            mean_share_text(m),
            margin_text(m),
            s.weeks_over,
            s.weeks_with_data,
            s.weeks_watch,
            if s.sustained_over { "**yes**" } else { "no" },
            advice_cells(m).join(" | "),
        )?;
    }
    for m in &report.managers {
        writeln!(out)?;
        write_manager(out, m)?;
    }
    super::escape::markdown_warnings(out, &report.warnings)?;
    out.write_all(super::groups::markdown_section(report).as_bytes())?;
    Ok(())
}

fn write_manager(out: &mut dyn Write, m: &ManagerFigures) -> std::io::Result<()> {
    writeln!(out, "## {}", escape(&m.name))?;
    writeln!(out)?;
    writeln!(
        out,
        "{} reports · {} band · limit {} · {}",
        reports_text(m),
        escape(&m.band),
        limit_text(m.limit_pct),
        escape(&m.timezone),
    )?;
    writeln!(out)?;
    // A manager with a team has the 1:1 coverage columns too.
    let team = m.has_coverage();
    let (team_head, team_rule) = if team {
        (" Team | 1:1s met | 1:1 overdue |", "---:|---:|---:|")
    } else {
        ("", "")
    };
    // A manager with a week in progress or ahead has its status and budget.
    let unfinished = m.has_unfinished();
    let (status_head, status_rule) = if unfinished {
        (" Status | Coding budget h |", "---|---:|")
    } else {
        ("", "")
    };
    writeln!(
        out,
        "| Week | Start | Coding h | People h | Other h | Tracked h | Coding share | Verdict | After-hours coding h | Commits | Sessions | Events | Over-limit h | 1:1 h/report | 4-week share | Change |{team_head}{status_head}"
    )?;
    writeln!(
        out,
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|{team_rule}{status_rule}"
    )?;
    for w in &m.weeks {
        write_week(out, w, !m.not_shared(w.week), (team, unfinished))?;
    }
    // In the manager's own report, who is overdue as of the last week.
    if let Some((week, overdue)) = super::text::last_week_overdue(m) {
        writeln!(out)?;
        writeln!(out, "1:1s overdue in {week}: {}", escape(&overdue))?;
    }
    Ok(())
}

/// One week's row; `known` false for a week no share holds (its figures
/// are "–"), `team` and `unfinished` for the optional columns.
fn write_week(
    out: &mut dyn Write,
    w: &WeekFigures,
    known: bool,
    (team, unfinished): (bool, bool),
) -> std::io::Result<()> {
    let mut cells = super::week_cells(w, known).to_vec();
    cells[7] = format!("{}{}", verdict_text(w.verdict), super::text::provisional(w));
    let mut advice = week_advice_cells(w);
    if !known {
        advice[0] = "–".to_string();
    }
    if w.advice.one_on_ones_thin {
        // Thin 1:1s stand out like an "over".
        advice[1] = format!("**{}** (thin)", advice[1]);
    }
    cells.extend(advice);
    if team {
        cells.extend(super::text::coverage_cells(w));
    }
    if unfinished {
        let budget = (w.progress.as_ref()).and_then(|p| p.coding_budget_hours);
        cells.push(w.status.to_string());
        cells.push(budget.map_or("–".to_string(), |b| format!("{:.2}", hours_of(b))));
    }
    writeln!(out, "| {} |", cells.join(" | "))
}

/// Bold for "over", so a reader's eye lands on it.
fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Over => "**over**",
        other => other.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn ranked_summary_then_weekly_tables() {
        let md = render(&sample::report());
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "# twohats report: 2026-W45 to 2026-W47");
        let summary: Vec<&str> = lines
            .iter()
            .skip_while(|l| !l.starts_with("|---"))
            .skip(1)
            .take_while(|l| l.starts_with('|'))
            .copied()
            .collect();
        // Ada: 31.5 h of 119.5 h = 26.36% → 26.4%, 6.4 points over 20%.
        // Grace: 15 of 120 = 12.5%; Linus: 10 of 80 = 12.5% (W46 has too
        // little data); Barbara has no week with data. Only Ada's W47
        // has advice figures: 4.4 h over / 3 weeks = 1.47 h a week; 6 h of
        // 1:1s / 3 weeks / 7 reports = 0.29 h; W47's 4-week share 26.4%.
        assert_eq!(
            summary,
            [
                "| Ada Lovelace | 7 | medium | 20% | 26.4% | +6.4 pp | 3 of 3 | 0 | **yes** | 1.47 | 0.29 | 26.4% |",
                "| Grace Hopper | 12 | large | 10% | 12.5% | +2.5 pp | 2 of 3 | 1 | no | 0.00 | 0.00 | – |",
                "| Linus Tee | 3 | small | 30% | 12.5% | −17.5 pp | 0 of 2 | 0 | no | 0.00 | 0.00 | – |",
                "| Barbara Liskov | – | small | 30% | – | – | 0 of 0 | 0 | no | – | – | – |",
            ]
        );
        // Per-manager tables in config order.
        let sections: Vec<&str> = lines
            .iter()
            .filter(|l| l.starts_with("## "))
            .copied()
            .collect();
        assert_eq!(
            sections,
            [
                "## Ada Lovelace",
                "## Grace Hopper",
                "## Linus Tee",
                "## Barbara Liskov",
                "## Warnings"
            ]
        );
        assert!(md.contains(
            "| 2026-W47 | 2026-11-16 | 12.50 | 20.00 | 8.00 | 40.50 | 30.9% | **over** | 3.00 | 14 | 5 | 23 | 4.40 | 0.86 | 26.4% | +5.9 pp |"
        ));
        // Linus's thin week: 2 + 4 + 2 = 8 h; 2 / 8 = 25%.
        assert!(md.contains(
            "| 2026-W46 | 2026-11-09 | 2.00 | 4.00 | 2.00 | 8.00 | 25.0% | insufficient-data | 0.25 | 2 | 1 | 3 | 0.00 | – | – | – |"
        ));
        assert!(md.contains("- ada/calendar.ics:120: unknown TZID 'Mars/Base'; used Europe/London"));
    }
}
