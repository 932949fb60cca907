//! Terminal tables (comfy-table) for `report` without `--out`: the ranked
//! summary, then one row per manager-week.

use super::text::{group_cells, group_header, week_cells, GROUP_WITHHELD_NOTE};
use super::{
    advice_cells, colours, limit_text, margin_text, mean_share_text, reports_text, Exporter,
};
use crate::figures::groups::{GroupFigures, MIN_GROUP_SIZE};
use crate::figures::{ranked, Report, Standing, Verdict};
use comfy_table::{presets, Attribute, Cell, CellAlignment, ContentArrangement, Table};
use std::io::IsTerminal;

/// How to draw: `color` for a terminal that shows it; `width` to fit
/// (None: the terminal's width when stdout is one, else the content's).
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    pub width: Option<u16>,
}

impl Style {
    /// Colour on a terminal, unless NO_COLOR says otherwise; the
    /// terminal's width.
    pub fn for_stdout() -> Style {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Style { color, width: None }
    }
}

/// `report --format table`: the tables in a style.
pub struct Tables(pub Style);

impl Exporter for Tables {
    fn file_name(&self) -> &'static str {
        "report.txt"
    }

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Ok(out.write_all(render(report, self.0).as_bytes())?)
    }
}

/// The ranked summary and the weekly figures, as text.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = summary(report, style);
    out.push_str("\n\n");
    out.push_str(&weeks(report, style));
    out.push('\n');
    out.push_str(&overdue_section(report));
    out.push_str(&groups_section(report, style));
    out
}

/// In a manager's own report, who is overdue for a 1:1 as of the last
/// week (as the Markdown says it); empty when nobody is, or when the
/// members' names are hidden.
fn overdue_section(report: &Report) -> String {
    let mut out = String::new();
    for (week, overdue) in report
        .managers
        .iter()
        .filter_map(super::text::last_week_overdue)
    {
        out.push_str(&format!("\n1:1s overdue in {week}: {overdue}\n"));
    }
    out
}

/// The per-group table appended to `report`'s tables (empty when no
/// manager has a group).
fn groups_section(report: &Report, style: Style) -> String {
    let rows = crate::figures::groups::groups(report);
    if rows.is_empty() {
        String::new()
    } else {
        format!("\n{}\n", groups_table(&rows, style))
    }
}

/// Groups as a terminal table (also `report --groups-only`'s).
pub fn groups_table(rows: &[GroupFigures], style: Style) -> String {
    let aligned = |text: &str, column: usize| {
        let cell = Cell::new(text);
        if column == 0 {
            cell
        } else {
            cell.set_alignment(CellAlignment::Right)
        }
    };
    let mut t = new_table(style);
    let header = group_header(rows);
    t.set_header(header.iter().enumerate().map(|(i, h)| aligned(h, i)));
    for g in rows {
        let cells = group_cells(g);
        t.add_row(
            (cells[..header.len()].iter())
                .enumerate()
                .map(|(i, c)| aligned(c, i)),
        );
    }
    let mut out = t.to_string();
    if rows.iter().any(|g| g.withheld) {
        out.push_str(&format!(
            "\n– {GROUP_WITHHELD_NOTE} ({MIN_GROUP_SIZE} needed)."
        ));
    }
    out
}

fn new_table(style: Style) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    // Dynamic: fits the given width, else the terminal's when stdout is
    // one (comfy-table asks it), else as wide as the content.
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = style.width {
        table.set_width(width);
    }
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

fn number(text: impl ToString) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

fn verdict_cell(verdict: Verdict, text: &str, color: bool) -> Cell {
    let cell = Cell::new(text);
    if !color {
        return cell;
    }
    let cell = cell.fg(colours::of(verdict).table);
    // Bold for "over", so a reader's eye lands on it.
    if verdict == Verdict::Over {
        cell.add_attribute(Attribute::Bold)
    } else {
        cell
    }
}

/// One line per manager, ranked by how far over the limit they are.
pub fn summary(report: &Report, style: Style) -> String {
    let mut table = new_table(style);
    table.set_header(vec![
        Cell::new("Manager"),
        number("Reports"),
        Cell::new("Band"),
        number("Limit"),
        number("Mean share"),
        number("vs limit"),
        number("Weeks over"),
        number("Over h/week"),
        number("1:1 h/report"),
        number("4-week share"),
        Cell::new("Standing"),
    ]);
    for m in ranked(report) {
        let standing = Standing::of(m);
        let (verdict, standing) = (standing.colour_of(), standing.text());
        let [over, one_on_ones, rolling] = advice_cells(m);
        table.add_row(vec![
            Cell::new(&m.name),
            number(reports_text(m)),
            Cell::new(&m.band),
            number(limit_text(m.limit_pct)),
            number(mean_share_text(m)),
            number(margin_text(m)),
            number(format!(
                "{} of {}",
                m.summary.weeks_over, m.summary.weeks_with_data
            )),
            number(over),
            number(one_on_ones),
            number(rolling),
            verdict_cell(verdict, standing, style.color),
        ]);
    }
    table.to_string()
}

/// One row per manager-week, managers in report order; with a team, the
/// 1:1s met of the team and how many are overdue.
pub fn weeks(report: &Report, style: Style) -> String {
    let mut table = new_table(style);
    let teams = report.has_coverage();
    let mut header = vec![
        Cell::new("Manager"),
        Cell::new("Week"),
        number("Coding h"),
        number("People h"),
        number("Other h"),
        number("Tracked h"),
        number("Share"),
        number("Limit"),
        Cell::new("Verdict"),
    ];
    if teams {
        header.extend([number("1:1s met"), number("Overdue")]);
    }
    table.set_header(header);
    for m in &report.managers {
        for w in &m.weeks {
            let known = !m.not_shared(w.week);
            let [week, _, coding, people, other, tracked, share, ..] = week_cells(w, known);
            let verdict = format!("{}{}", w.verdict.as_str(), super::text::provisional(w));
            let mut row = vec![
                Cell::new(&m.name),
                Cell::new(week),
                number(coding),
                number(people),
                number(other),
                number(tracked),
                number(share),
                number(limit_text(m.limit_pct)),
                verdict_cell(w.verdict, &verdict, style.color),
            ];
            if teams {
                let [team, met, overdue] = super::text::coverage_cells(w);
                let met = if w.coverage.is_some() {
                    format!("{met} of {team}")
                } else {
                    met
                };
                row.extend([number(met), number(overdue)]);
            }
            table.add_row(row);
        }
    }
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn ranked_rows_with_the_figures() {
        let text = summary(&sample::report(), Style::default());
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('│')).collect();
        // Header, then Ada, Grace, Linus, Barbara.
        assert_eq!(rows.len(), 5);
        let cells = |row: &str| -> Vec<String> {
            row.split(['│', '┆'])
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        };
        assert_eq!(
            cells(rows[1]),
            [
                "Ada Lovelace",
                "7",
                "medium",
                "20%",
                "26.4%",
                "+6.4 pp",
                "3 of 3",
                // Only W47 has advice figures in the sample: 4.4 h over of
                // 3 weeks with data = 1.47 h a week; 1:1s 6 h of 3 weeks
                // for 7 reports = 0.29 h; W47's 4-week share 26.4%.
                "1.47",
                "0.29",
                "26.4%",
                "sustained over"
            ]
        );
        assert_eq!(cells(rows[4])[0], "Barbara Liskov");
        assert_eq!(cells(rows[4])[10], "no data");
        assert!(!text.contains('\x1b'), "no colour codes unless asked");
        let weekly = weeks(&sample::report(), Style::default());
        // Grace's W46: 3 of 40 h, 7.5%, watch.
        let grace = weekly
            .lines()
            .find(|l| l.contains("Grace Hopper") && l.contains("2026-W46"))
            .unwrap();
        assert_eq!(
            cells(grace),
            [
                "Grace Hopper",
                "2026-W46",
                "3.00",
                "32.00",
                "5.00",
                "40.00",
                "7.5%",
                "10%",
                "watch"
            ]
        );
    }

    #[test]
    fn a_narrow_width_wraps_instead_of_overflowing() {
        // 80 columns: a standard terminal, narrower than the 11 columns.
        let text = summary(
            &sample::report(),
            Style {
                color: false,
                width: Some(80),
            },
        );
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        assert!(text.contains("Grace"));
    }

    #[test]
    fn colour_only_when_asked() {
        let coloured = summary(
            &sample::report(),
            Style {
                color: true,
                width: None,
            },
        );
        assert!(coloured.contains('\x1b'));
    }
}
