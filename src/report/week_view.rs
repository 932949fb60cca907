//! The terminal answer of `twohats week`: per manager, the week's verdict
//! with share and limit, the hours as bars, the top categories and the
//! counts, readable in five seconds. Colour is written as ANSI codes; the
//! command's stdout (anstream) strips them when it is not a terminal or
//! NO_COLOR is set.

use super::{colours, Exporter};
use crate::figures::coverage::Coverage;
use crate::figures::{
    hours, pct, tenths, tenths_of, CodingItem, ItemKind, ManagerFigures, Report, Verdict,
    WeekFigures,
};
use anstyle::Style;
use std::fmt::Write;

/// `week --format table`.
pub struct WeekView;

impl Exporter for WeekView {
    fn file_name(&self) -> &'static str {
        "week.txt"
    }

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Ok(out.write_all(render(report).as_bytes())?)
    }
}

/// Every manager's weeks, a blank line between managers.
pub fn render(report: &Report) -> String {
    let mut s = String::new();
    for (i, m) in report.managers.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        for w in &m.weeks {
            // Writing to a String cannot fail.
            let _ = write_week(&mut s, m, w);
        }
    }
    s
}

fn verdict_style(v: Verdict) -> Style {
    Style::new()
        .fg_color(Some(colours::of(v).ansi.into()))
        .bold()
}

fn write_week(s: &mut String, m: &ManagerFigures, w: &WeekFigures) -> std::fmt::Result {
    let bold = Style::new().bold();
    let sunday = w.week.monday() + chrono::Days::new(6);
    writeln!(
        s,
        "{bold}{}{bold:#} · {} ({} – {}) · {}",
        m.name,
        w.week,
        w.week.monday().format("%a %-d %b"),
        sunday.format("%a %-d %b %Y"),
        m.timezone
    )?;
    let vs = verdict_style(w.verdict);
    let provisional = super::text::provisional(w);
    if m.not_shared(w.week) {
        // Never zeros passed off as data: the share has no such week.
        let v = w.verdict.as_str().to_uppercase();
        // A share held such a week, but left it out: it has not ended.
        let why = match w.status {
            crate::period::Status::Complete => "no share holds this week",
            _ => "shares hold complete weeks only, and this one has not ended",
        };
        return writeln!(s, "  {vs}{v}{vs:#}  {why}: no figures{provisional}");
    }
    if let Some(p) = &w.progress {
        write_progress(s, m, w, p)?;
    }
    writeln!(
        s,
        "  {vs}{}{vs:#}  {}{provisional}",
        w.verdict.as_str().to_uppercase(),
        headline(m, w)
    )?;
    write_advice(s, m, w)?;
    write_bars(s, w)?;
    let team = match m.reports {
        Some(n) => format!("{n} report{}", if n == 1 { "" } else { "s" }),
        None => "reports unknown".to_string(),
    };
    writeln!(
        s,
        "  {bold}{:<8}{:>7.2} h{bold:#}  {team} · {} band · limit {}%",
        "tracked",
        hours(w.tracked),
        m.band,
        trim_float(m.limit_pct)
    )?;
    write_details(s, w)
}

/// The verdict in words: share, tracked hours and the limit.
fn headline(m: &ManagerFigures, w: &WeekFigures) -> String {
    match w.verdict {
        Verdict::InsufficientData => format!(
            "only {:.1} h tracked (under the minimum): no verdict this week",
            tenths(w.tracked)
        ),
        v => format!(
            "coding {:.1}% of {:.1} h; limit for a team of {} is {}%: {}",
            pct(w.coding_share_pct),
            tenths(w.tracked),
            m.reports.unwrap_or(0),
            trim_float(m.limit_pct),
            v
        ),
    }
}

/// For an over or watch week, by how much and where the coding time went;
/// for thin 1:1s, how thin (`docs/model.md`, "Advice figures").
fn write_advice(s: &mut String, m: &ManagerFigures, w: &WeekFigures) -> std::fmt::Result {
    let a = &w.advice;
    // A week not complete has its own line (`write_progress`).
    if w.progress.is_none() && matches!(w.verdict, Verdict::Over | Verdict::Watch) {
        let items: Vec<String> = a.largest_coding.iter().map(item_text).collect();
        let mut line = String::new();
        if w.verdict == Verdict::Over {
            line = format!("over by {:.1} h", tenths_of(a.coding_over_limit_hours));
        }
        if !items.is_empty() {
            let sep = if line.is_empty() { "" } else { " — " };
            line = format!("{line}{sep}largest coding: {}", items.join(", "));
        }
        if !line.is_empty() {
            writeln!(s, "  {line}")?;
        }
    }
    if let (true, Some(each), Some(n)) =
        (a.one_on_ones_thin, a.one_on_one_hours_per_report, m.reports)
    {
        writeln!(
            s,
            "  1:1s: {:.1} h for {n} report{} ({:.1} h each; norm {} h)",
            tenths(a.one_on_ones),
            if n == 1 { "" } else { "s" },
            tenths_of(each),
            trim_float(a.one_on_one_norm_hours)
        )?;
    }
    if let Some(c) = &w.coverage {
        let planned = w.status != crate::period::Status::Complete;
        writeln!(s, "  {}", coverage_text(c, planned))?;
    }
    Ok(())
}

/// A week in progress or ahead says so first (`docs/model.md`, "The week
/// in progress and the week ahead"): `this week so far: 11.0 h done, 6.0 h
/// planned · coding 58.8% (provisional)`, then the coding budget, or, when
/// the plan is already over the limit, by how much and the largest planned
/// coding items. A budget of less than 0.1 h (a plan at the limit, or
/// over it in a week with too little tracked time for a verdict) is none;
/// a week with nothing done or planned yet has no budget to tell.
fn write_progress(
    s: &mut String,
    m: &ManagerFigures,
    w: &WeekFigures,
    p: &crate::figures::Progress,
) -> std::fmt::Result {
    let when = match w.status {
        crate::period::Status::Ahead => "week ahead",
        _ => "this week so far",
    };
    writeln!(
        s,
        "  {when}: {:.1} h done, {:.1} h planned · coding {:.1}% (provisional)",
        tenths(p.done.tracked),
        tenths(p.planned.tracked),
        pct(w.coding_share_pct)
    )?;
    let over = w.advice.coding_over_limit_hours;
    let items: Vec<String> = p.largest_planned.iter().map(item_text).collect();
    let with_items = |line: String| match items.is_empty() {
        true => line,
        false => format!("{line} — largest planned coding: {}", items.join(", ")),
    };
    // Down, not half-up: a rounded-up budget would cross the limit.
    let budget = p
        .coding_budget_hours
        .map(|b| (b * 10.0 + 1e-9).floor() / 10.0);
    let limit = trim_float(m.limit_pct);
    match budget {
        _ if over > 0.0 => {
            let line = with_items(format!("over by {:.1} h on the plan", tenths_of(over)));
            writeln!(s, "  {line}")
        }
        Some(budget) if budget > 0.0 => writeln!(
            s,
            "  budget: {budget:.1} h more coding keeps you under {limit}%"
        ),
        Some(_) if w.tracked > 0 => {
            let line = with_items(format!(
                "budget: no more coding fits under {limit}% on the plan"
            ));
            writeln!(s, "  {line}")
        }
        Some(_) | None => Ok(()),
    }
}

/// `1:1s: 2 of 3 reports this week; overdue: Chen Wu (3 weeks), Ben (over 8 weeks)`,
/// or with the members hidden `...; 1 overdue` (`docs/model.md`, "1:1
/// coverage"). In a week in progress or ahead, the 1:1s counted include
/// those planned, and it says so.
fn coverage_text(c: &Coverage, planned: bool) -> String {
    let mut line = format!("1:1s: {} of {} reports this week", c.met, c.team);
    if planned {
        line.push_str(", planned ones included");
    }
    if let Some(overdue) = super::text::overdue_members_text(c) {
        line.push_str(&format!("; overdue: {overdue}"));
    } else if c.overdue > 0 {
        line.push_str(&format!("; {} overdue", c.overdue));
    }
    line
}

/// `"Focus time" 6.0 h (series)`, `commits in payments-api 5.2 h`,
/// `reviews in acme/api 2.5 h`, or with titles hidden `coding 6.0 h
/// (series)`, `commits 5.2 h`, `code review 2.5 h`.
fn item_text(item: &CodingItem) -> String {
    let h = tenths(item.seconds);
    match (item.kind, item.titled) {
        (ItemKind::Repository, true) => format!("commits in {} {h:.1} h", item.label),
        (ItemKind::Repository, false) => format!("{} {h:.1} h", item.label),
        (ItemKind::Reviews, true) => format!("reviews in {} {h:.1} h", item.label),
        (ItemKind::Reviews, false) => format!("{} {h:.1} h", item.label),
        (kind, titled) => {
            let what = if kind == ItemKind::Series {
                "series"
            } else {
                "event"
            };
            let label = if titled {
                format!("\"{}\"", item.label)
            } else {
                item.label.to_string()
            };
            format!("{label} {h:.1} h ({what})")
        }
    }
}

/// Coding, people and other hours, each with a bar of its share.
fn write_bars(s: &mut String, w: &WeekFigures) -> std::fmt::Result {
    let dim = Style::new().dimmed();
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
        writeln!(
            s,
            "  {label:<8}{:>7.2} h  {}{dim}{}{dim:#}",
            hours(secs),
            "█".repeat(filled),
            "░".repeat(bar_width - filled.min(bar_width))
        )?;
    }
    Ok(())
}

/// The top categories, after-hours coding and the counts.
fn write_details(s: &mut String, w: &WeekFigures) -> std::fmt::Result {
    let dim = Style::new().dimmed();
    let mut top: Vec<(&std::sync::Arc<str>, &i64)> = w.categories.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !top.is_empty() {
        let list: Vec<String> = top
            .iter()
            .take(4)
            .map(|(c, secs)| format!("{c} {:.1} h", tenths(**secs)))
            .collect();
        writeln!(s, "  {dim}top:{dim:#} {}", list.join(" · "))?;
    }
    // Review events are named only in a week that has some.
    let reviews = match w.reviews {
        0 => String::new(),
        n => format!(" · {}", counted(n, "review event")),
    };
    writeln!(
        s,
        "  {dim}after-hours coding:{dim:#} {:.1} h · {} in {} · {}{reviews}",
        tenths(w.after_hours_coding),
        counted(w.commits, "commit"),
        counted(w.sessions, "session"),
        counted(w.events, "event")
    )
}

/// "1 commit", "10 commits".
fn counted(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// 20.0 → "20", 12.5 → "12.5".
fn trim_float(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn one_block_per_manager_week() {
        let text = render(&sample::report());
        let plain = anstream::adapter::strip_str(&text).to_string();
        assert!(plain
            .starts_with("Ada Lovelace · 2026-W45 (Mon 2 Nov – Sun 8 Nov 2026) · Europe/London\n"));
        assert!(plain.contains("OVER  coding 30.9% of 40.5 h; limit for a team of 7 is 20%: over"));
        assert!(plain.contains("INSUFFICIENT-DATA  only 8.0 h tracked (under the minimum)"));
        assert!(plain.contains("  tracked   40.50 h  7 reports · medium band · limit 20%"));
        // Ada's W47 (see `sample::ada_w47_advice`): 4.4 h over; the largest
        // items 8, 2.5 and 2 h.
        assert!(plain.contains(
            "  over by 4.4 h — largest coding: commits in payments-api 8.0 h, \
             commits in infra 2.5 h, \"Focus time\" 2.0 h (series)\n"
        ));
    }

    #[test]
    fn every_line_rounds_hours_half_up() {
        // 16.25 h tracked and 3.25 h of a category, exactly: half-up gives
        // 16.3 and 3.3 on every line (formatting alone would give 16.2 and
        // 3.2, half to even).
        let mut report = sample::report();
        let w = &mut report.managers[0].weeks[0];
        w.tracked = 58_500;
        w.after_hours_coding = 11_700;
        w.categories = Default::default();
        w.categories.add(&std::sync::Arc::from("hiring"), 11_700);
        let plain = anstream::adapter::strip_str(&render(&report)).to_string();
        assert!(plain.contains("% of 16.3 h; limit"), "{plain}");
        assert!(plain.contains("  top: hiring 3.3 h\n"), "{plain}");
        assert!(plain.contains("after-hours coding: 3.3 h"), "{plain}");
    }
}
