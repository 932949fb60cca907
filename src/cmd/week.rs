//! `twohats week`: one week's figures and verdict per manager, readable in
//! five seconds on a terminal.

use crate::cli::{Format, WeekArgs};
use crate::figures::{hours, pct, ManagerFigures, Report, Verdict, WeekFigures};
use crate::settings::{exit_code, Setup};
use anstyle::{AnsiColor, Style};
use anyhow::Result;
use std::io::Write;

pub fn run(args: WeekArgs) -> Result<i32> {
    let setup = Setup::from_sources(&args.sources)?;
    let weeks = setup.weeks(args.period())?;
    let (report, _) = setup.gather(&weeks, false)?;
    let bytes = match args.format {
        Format::Table => render_table(&report).into_bytes(),
        other => super::report::exporter(other).render(&report)?,
    };
    let mut out = anstream::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(exit_code(&report, args.fail_on))
}

fn verdict_style(v: Verdict) -> Style {
    let color = match v {
        Verdict::Over => AnsiColor::Red,
        Verdict::Watch => AnsiColor::Yellow,
        Verdict::Ok => AnsiColor::Green,
        Verdict::InsufficientData => AnsiColor::BrightBlack,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

/// The terminal answer. Colour is written as ANSI codes; anstream strips
/// them when stdout is not a terminal or NO_COLOR is set.
pub fn render_table(report: &Report) -> String {
    let mut s = String::new();
    for (i, m) in report.managers.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        for w in &m.weeks {
            render_week(&mut s, m, w);
        }
    }
    s
}

fn render_week(s: &mut String, m: &ManagerFigures, w: &WeekFigures) {
    use std::fmt::Write;
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let sunday = w.week.monday() + chrono::Days::new(6);
    let team = match m.reports {
        Some(n) => format!("{n} report{}", if n == 1 { "" } else { "s" }),
        None => "reports unknown".to_string(),
    };
    let _ = writeln!(
        s,
        "{bold}{}{bold:#} · {} ({} – {}) · {}",
        m.name,
        w.week,
        w.week.monday().format("%a %-d %b"),
        sunday.format("%a %-d %b %Y"),
        m.timezone
    );
    let vs = verdict_style(w.verdict);
    let headline = match w.verdict {
        Verdict::InsufficientData => format!(
            "only {:.1} h tracked (under the minimum): no verdict this week",
            hours(w.tracked)
        ),
        v => format!(
            "coding {:.1}% of {:.1} h; limit for a team of {} is {}%: {}",
            pct(w.coding_share_pct),
            hours(w.tracked),
            m.reports.unwrap_or(0),
            trim_float(m.limit_pct),
            v
        ),
    };
    let _ = writeln!(
        s,
        "  {vs}{}{vs:#}  {headline}",
        w.verdict.as_str().to_uppercase()
    );
    let bar_width = 30usize;
    for (label, secs) in [
        ("coding", w.coding),
        ("people", w.people),
        ("other", w.other),
    ] {
        let filled = if w.tracked > 0 {
            ((secs as f64 / w.tracked as f64) * bar_width as f64).round() as usize
        } else {
            0
        };
        let _ = writeln!(
            s,
            "  {label:<8}{:>7.2} h  {}{dim}{}{dim:#}",
            hours(secs),
            "█".repeat(filled),
            "░".repeat(bar_width - filled.min(bar_width))
        );
    }
    let _ = writeln!(
        s,
        "  {bold}{:<8}{:>7.2} h{bold:#}  {team} · {} band · limit {}%",
        "tracked",
        hours(w.tracked),
        m.band,
        trim_float(m.limit_pct)
    );
    let mut top: Vec<(&String, &i64)> = w.categories.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !top.is_empty() {
        let list: Vec<String> = top
            .iter()
            .take(4)
            .map(|(c, secs)| format!("{c} {:.1} h", hours(**secs)))
            .collect();
        let _ = writeln!(s, "  {dim}top:{dim:#} {}", list.join(" · "));
    }
    let _ = writeln!(
        s,
        "  {dim}after-hours coding:{dim:#} {:.1} h · {} commits in {} sessions · {} events",
        hours(w.after_hours_coding),
        w.commits,
        w.sessions,
        w.events
    );
}

/// 20.0 → "20", 12.5 → "12.5".
fn trim_float(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}
