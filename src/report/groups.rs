//! The per-group summary as each format shows it (the figures come from
//! `figures::groups`): a section that full reports append, and the
//! exporters of `report --groups-only`, which see only the folded groups
//! and so cannot name a manager.

use super::escape::markdown as escape;
use super::json::GroupEntry;
use super::text::{group_cells as cells, group_header, GROUP_WITHHELD_NOTE as WITHHELD_NOTE};
use super::{period_text, table, Exporter};
use crate::cli::Format;
use crate::figures::groups::{folded, groups, GroupFigures, MIN_GROUP_SIZE};
use crate::figures::Report;
use std::fmt::Write;

/// The groups as a section of the HTML page (empty when no manager has a
/// group).
pub fn html_section(report: &Report) -> String {
    let rows = groups(report);
    if rows.is_empty() {
        return String::new();
    }
    let html = super::escape::html;
    let mut out = String::from(
        "<section id=\"groups\">\n<h2>Groups</h2>\n<div class=\"scroll\"><table>\n<thead><tr>",
    );
    let header = group_header(&rows);
    for h in header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", html(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for g in &rows {
        let c = cells(g);
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", html(&c[0]));
        for cell in &c[1..header.len()] {
            let _ = write!(out, "<td class=\"n\">{}</td>", html(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n</section>\n");
    out
}

/// The groups as a Markdown table under `## Groups` (empty without rows).
fn markdown_table(rows: &[GroupFigures]) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        return out;
    }
    // Writing to a String cannot fail.
    let _ = writeln!(out, "## Groups\n");
    let _ = writeln!(
        out,
        "Mean coding share = Σ coding ÷ Σ tracked over the group's weeks with data. \
         Over on average counts the sustained over too.\n"
    );
    let header = group_header(rows);
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(header.len() - 1));
    for g in rows {
        let mut c = cells(g);
        c[0] = escape(&c[0]);
        let _ = writeln!(out, "| {} |", c[..header.len()].join(" | "));
    }
    if rows.iter().any(|g| g.withheld) {
        let _ = writeln!(out, "\n– {WITHHELD_NOTE} ({MIN_GROUP_SIZE} needed).");
    }
    out
}

/// `report.md`'s per-group section, after the rest (empty when no manager
/// has a group).
pub fn markdown_section(report: &Report) -> String {
    let table = markdown_table(&groups(report));
    if table.is_empty() {
        table
    } else {
        format!("\n{table}")
    }
}

/// `report --groups-only`: the exporter of a format. It reads only the
/// folded groups of a report.
pub fn groups_only(format: Format, style: table::Style) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(GroupsOnly::Table(style)),
        Format::Markdown => Box::new(GroupsOnly::Markdown),
        Format::Json => Box::new(GroupsOnly::Json),
        Format::Csv => Box::new(GroupsOnly::Csv),
    }
}

/// The files of a `--groups-only` report folder.
pub fn groups_only_folder() -> [Box<dyn Exporter>; 3] {
    [
        Box::new(GroupsOnly::Markdown),
        Box::new(GroupsOnly::Json),
        Box::new(GroupsOnly::Csv),
    ]
}

pub enum GroupsOnly {
    Table(table::Style),
    Markdown,
    Json,
    Csv,
}

impl Exporter for GroupsOnly {
    fn file_name(&self) -> &'static str {
        match self {
            GroupsOnly::Table(_) => "groups.txt",
            GroupsOnly::Markdown => "report.md",
            GroupsOnly::Json => "report.json",
            GroupsOnly::Csv => "groups.csv",
        }
    }

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let rows = folded(report);
        let text = match self {
            GroupsOnly::Table(style) => format!("{}\n", table::groups_table(&rows, *style)),
            GroupsOnly::Markdown => {
                let mut md = format!(
                    "# twohats groups: {}\n\n{}",
                    period_text(report),
                    markdown_table(&rows)
                )
                .into_bytes();
                super::escape::markdown_warnings(&mut md, &report.warnings)?;
                String::from_utf8(md)?
            }
            GroupsOnly::Json => super::json::groups_only(report, &rows)?,
            GroupsOnly::Csv => csv(&rows)?,
        };
        Ok(out.write_all(text.as_bytes())?)
    }
}

/// `groups.csv` of a full report folder: every group, none folded (the
/// skip-level folder has its own, folded).
pub struct AllGroupsCsv;

impl Exporter for AllGroupsCsv {
    fn file_name(&self) -> &'static str {
        "groups.csv"
    }

    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let rows = crate::figures::groups::groups(report);
        Ok(out.write_all(csv(&rows)?.as_bytes())?)
    }
}

fn csv(rows: &[GroupFigures]) -> anyhow::Result<String> {
    use polars::prelude::*;
    let e: Vec<GroupEntry> = rows.iter().map(GroupEntry::of).collect();
    let counts = |f: &dyn Fn(&GroupEntry) -> Option<u32>| e.iter().map(f).collect::<Vec<_>>();
    let mut df = DataFrame::new_infer_height(vec![
        Column::new(
            "group".into(),
            e.iter().map(|g| g.group.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "kind".into(),
            e.iter().map(|g| g.kind.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "managers".into(),
            e.iter().map(|g| g.managers).collect::<Vec<_>>(),
        ),
        Column::new(
            "managers_with_data".into(),
            counts(&|g| g.managers_with_data),
        ),
        Column::new("over_on_average".into(), counts(&|g| g.over_on_average)),
        Column::new("sustained_over".into(), counts(&|g| g.sustained_over)),
        Column::new(
            "coding_share_pct".into(),
            e.iter().map(|g| g.coding_share_pct).collect::<Vec<_>>(),
        ),
        Column::new("weeks_with_data".into(), counts(&|g| g.weeks_with_data)),
        Column::new("weeks_over".into(), counts(&|g| g.weeks_over)),
        Column::new(
            "team".into(),
            counts(&|g| g.one_on_ones.as_ref().map(|c| c.team)),
        ),
        Column::new(
            "met".into(),
            counts(&|g| g.one_on_ones.as_ref().map(|c| c.met)),
        ),
        Column::new(
            "overdue".into(),
            counts(&|g| g.one_on_ones.as_ref().map(|c| c.overdue)),
        ),
    ])?;
    let mut out = Vec::new();
    CsvWriter::new(&mut out)
        .include_header(true)
        .finish(&mut df)?;
    Ok(String::from_utf8(out)?)
}
