//! `report.html`: one self-contained page (styles and SVG charts inline; no
//! scripts, fonts or requests), readable on a phone. Ranked summary first,
//! then the org chart, then one section per manager.

use super::escape::html as esc;
use super::{
    charts, colours, limit_text, margin_text, mean_share_text, period_text, reports_text, slugs,
    Exporter,
};
use crate::figures::standing::{over_on_average, ranking, Standing, StandingCounts};
use crate::figures::{ManagerFigures, Report, Verdict};
use anyhow::Result;
use std::fmt::Write;

pub struct Html;

impl Exporter for Html {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, report: &Report) -> Result<Vec<u8>> {
        let org = charts::org_svg(report)?;
        let managers = report
            .managers
            .iter()
            .map(charts::manager_svg)
            .collect::<Result<Vec<String>>>()?;
        Ok(render_with_charts(report, &org, &managers).into_bytes())
    }
}

/// The page with charts already drawn: the report folder's exporter, which
/// draws each chart once for its own file and the page.
pub struct HtmlWithCharts<'a> {
    pub org_svg: &'a str,
    pub manager_svgs: &'a [String],
}

impl Exporter for HtmlWithCharts<'_> {
    fn file_name(&self) -> &'static str {
        Html.file_name()
    }

    fn render(&self, report: &Report) -> Result<Vec<u8>> {
        Ok(render_with_charts(report, self.org_svg, self.manager_svgs).into_bytes())
    }
}

/// The page, with charts already drawn (the folder writer draws each chart
/// once for its own file and the page).
pub fn render_with_charts(report: &Report, org_svg: &str, manager_svgs: &[String]) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_page(&mut out, report, org_svg, manager_svgs);
    out
}

/// The style sheet after the `:root` colours (`colours::css_variables`).
const STYLE: &str = r#"
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fafafa; }
main { max-width: 1120px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: .2em 0 .1em; }
h2 { font-size: 1.2rem; margin: 0 0 .4em; }
.lead, .meta, footer { color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px; margin: 14px 0; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; }
tr.insufficient-data td { color: var(--nodata); }
a { color: inherit; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85rem; font-weight: 600; color: #fff; }
.badge.over { background: var(--over); } .badge.watch { background: var(--watch); }
.badge.ok { background: var(--ok); } .badge.insufficient-data { background: var(--nodata); }
.plus { color: var(--over); font-weight: 600; } .minus { color: var(--ok); }
figure { margin: 8px 0; overflow-x: auto; }
summary { cursor: pointer; color: var(--muted); padding: 4px 0; }
figure svg { width: 100%; height: auto; display: block; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 0; padding: 0; list-style: none; }
.counts li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; }
.counts b { font-size: 1.25rem; display: block; }
@media (max-width: 600px) {
  main { padding: 8px; }
  body { font-size: 15px; }
  table { font-size: .875rem; }
  th, td { padding: 4px 4px; }
  .badge { padding: 1px 6px; }
  .wide { display: none; }
  section { padding: 10px; }
  td.name { white-space: normal; }
}
"#;

fn write_page(
    out: &mut String,
    report: &Report,
    org_svg: &str,
    svgs: &[String],
) -> std::fmt::Result {
    let period = period_text(report);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    // Nothing on the page may reach the network.
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(out, "<title>twohats report: {}</title>", esc(&period))?;
    writeln!(
        out,
        "<style>\n:root {{ {} --muted:#666; --line:#e3e3e3; }}{STYLE}</style>\n</head>\n<body>\n<main>",
        colours::css_variables()
    )?;
    writeln!(out, "<h1>Coding and people work, {}</h1>", esc(&period))?;
    writeln!(
        out,
        "<p class=\"lead\">Coding share = coding hours ÷ tracked hours, over the weeks with enough tracked time. \
         Managers are ranked by how far their mean share is over the limit for their team size.</p>"
    )?;
    write_counts(out, report)?;
    write_summary(out, report)?;
    writeln!(
        out,
        "<section id=\"org\">\n<h2>Team size and coding share</h2>"
    )?;
    writeln!(
        out,
        "<figure role=\"img\" aria-label=\"Mean coding share of each manager against direct reports, with the band limits\">{}</figure>\n</section>",
        strip_xml_declaration(org_svg)
    )?;
    let slugs = slugs(report);
    for (i, m) in report.managers.iter().enumerate() {
        let fold_chart = report.managers.len() > FOLD_CHARTS_OVER_MANAGERS;
        write_manager(
            out,
            m,
            &slugs[i],
            svgs.get(i).map(String::as_str),
            fold_chart,
        )?;
    }
    write_warnings(out, report)?;
    writeln!(
        out,
        "<footer><p>Made by twohats from calendars and git history. Only categories and figures are shown: \
         no event titles, descriptions or attendees.</p></footer>"
    )?;
    writeln!(out, "</main>\n</body>\n</html>")
}

/// The header cards: every manager counted once, under the standing the
/// ranked summary shows.
fn write_counts(out: &mut String, report: &Report) -> std::fmt::Result {
    let counts = StandingCounts::of(report);
    writeln!(out, "<ul class=\"counts\">")?;
    writeln!(out, "<li><b>{}</b>managers</li>", report.managers.len())?;
    writeln!(
        out,
        "<li><b class=\"plus\">{}</b>sustained over</li>",
        counts.sustained_over
    )?;
    writeln!(
        out,
        "<li><b class=\"plus\">{}</b>over on average</li>",
        counts.over_on_average
    )?;
    writeln!(out, "<li><b>{}</b>within limit</li>", counts.within_limit)?;
    if counts.no_data > 0 {
        writeln!(out, "<li><b>{}</b>without enough data</li>", counts.no_data)?;
    }
    writeln!(out, "</ul>")?;
    writeln!(
        out,
        "<p class=\"meta\">Each manager is counted once, under their standing in the ranked summary: \
         sustained over is over the limit in at least 3 of the last 4 weeks with data; \
         over on average has a mean share over the limit without that.</p>"
    )
}

fn write_summary(out: &mut String, report: &Report) -> std::fmt::Result {
    let slugs = slugs(report);
    writeln!(
        out,
        "<section id=\"summary\">\n<h2>Ranked summary</h2>\n<div class=\"scroll\"><table>"
    )?;
    writeln!(
        out,
        "<thead><tr><th>Manager</th><th>Standing</th><th class=\"n\">Mean share</th><th class=\"n wide\">vs limit</th>\
         <th class=\"n wide\">Limit</th><th class=\"n wide\">Weeks over</th><th class=\"n wide\">Weeks watch</th>\
         <th class=\"n wide\">Reports</th><th class=\"wide\">Band</th></tr></thead>\n<tbody>"
    )?;
    for i in ranking(report) {
        let m = &report.managers[i];
        let standing = Standing::of(m);
        let (class, text) = (standing.colour_of().as_str(), standing.text());
        let margin_class = if m.summary.weeks_with_data == 0 {
            ""
        } else if over_on_average(m) {
            "plus"
        } else {
            "minus"
        };
        writeln!(
            out,
            "<tr><td class=\"name\"><a href=\"#m-{}\">{}</a></td><td><span class=\"badge {}\">{}</span></td>\
             <td class=\"n\">{}</td><td class=\"n wide {}\">{}</td><td class=\"n wide\">{}</td>\
             <td class=\"n wide\">{} of {}</td><td class=\"n wide\">{}</td><td class=\"n wide\">{}</td>\
             <td class=\"wide\">{}</td></tr>",
            slugs[i],
            esc(&m.name),
            class,
            text,
            mean_share_text(m),
            margin_class,
            margin_text(m),
            limit_text(m.limit_pct),
            m.summary.weeks_over,
            m.summary.weeks_with_data,
            m.summary.weeks_watch,
            reports_text(m),
            esc(&m.band),
        )?;
    }
    writeln!(out, "</tbody></table></div>\n</section>")
}

/// Weekly tables longer than this are folded (`<details>`).
const FOLD_WEEKS_OVER: usize = 8;
/// With more managers than this, their charts are folded too.
const FOLD_CHARTS_OVER_MANAGERS: usize = 40;

fn write_manager(
    out: &mut String,
    m: &ManagerFigures,
    slug: &str,
    svg: Option<&str>,
    fold_chart: bool,
) -> std::fmt::Result {
    writeln!(out, "<section id=\"m-{slug}\">\n<h2>{}</h2>", esc(&m.name))?;
    writeln!(
        out,
        "<p class=\"meta\">{} reports · {} band · limit {} · mean coding share {} · {}</p>",
        reports_text(m),
        esc(&m.band),
        limit_text(m.limit_pct),
        mean_share_text(m),
        esc(&m.timezone),
    )?;
    // In a large org every section folds, chart included: a closed
    // <details> is not laid out, so the page opens fast even on a phone.
    if fold_chart {
        writeln!(out, "<details><summary>Chart</summary>")?;
    }
    if let Some(svg) = svg {
        writeln!(
            out,
            "<figure role=\"img\" aria-label=\"Weekly hours of coding, people and other work, with the coding share against the limit\">{}</figure>",
            strip_xml_declaration(svg)
        )?;
    }
    if fold_chart {
        writeln!(out, "</details>")?;
    }
    write_weeks(out, m)?;
    writeln!(out, "</section>")
}

/// The weekly table, folded when long, so the page stays a list of
/// managers.
fn write_weeks(out: &mut String, m: &ManagerFigures) -> std::fmt::Result {
    let fold = m.weeks.len() > FOLD_WEEKS_OVER;
    if fold {
        writeln!(
            out,
            "<details><summary>Weekly figures ({} weeks)</summary>",
            m.weeks.len()
        )?;
    }
    writeln!(out, "<div class=\"scroll\"><table>")?;
    writeln!(
        out,
        "<thead><tr><th>Week</th><th class=\"wide\">Start</th><th class=\"n\">Coding h</th><th class=\"n\">People h</th>\
         <th class=\"n wide\">Other h</th><th class=\"n wide\">Tracked h</th><th class=\"n\">Share</th><th>Verdict</th>\
         <th class=\"n wide\" title=\"coding outside working hours\">After hours h</th><th class=\"n wide\">Commits</th><th class=\"n wide\">Sessions</th>\
         <th class=\"n wide\">Events</th></tr></thead>\n<tbody>"
    )?;
    // Cell classes in the order of `week_cells`; "wide" ones hide on a phone.
    const CLASSES: [&str; 12] = [
        "", "wide", "n", "n", "n wide", "n wide", "n", "", "n wide", "n wide", "n wide", "n wide",
    ];
    for w in &m.weeks {
        write!(out, "<tr class=\"{}\">", w.verdict.as_str())?;
        for (i, (cell, class)) in super::week_cells(w).iter().zip(CLASSES).enumerate() {
            let content = if i == 7 {
                format!(
                    "<span class=\"badge {}\">{}</span>",
                    w.verdict.as_str(),
                    verdict_text(w.verdict)
                )
            } else {
                esc(cell)
            };
            if class.is_empty() {
                write!(out, "<td>{content}</td>")?;
            } else {
                write!(out, "<td class=\"{class}\">{content}</td>")?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")?;
    if fold {
        writeln!(out, "</details>")?;
    }
    Ok(())
}

fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::InsufficientData => "too little data",
        other => other.as_str(),
    }
}

fn write_warnings(out: &mut String, report: &Report) -> std::fmt::Result {
    let warnings = crate::warning::deduplicate(&report.warnings);
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul>")?;
    for (w, count) in warnings {
        let line = crate::warning::with_count(&w, count);
        writeln!(out, "<li>{}</li>", esc(&line))?;
    }
    writeln!(out, "</ul>\n</section>")
}

fn strip_xml_declaration(svg: &str) -> &str {
    let trimmed = svg.trim_start();
    match trimmed.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or(trimmed, |(_, body)| body.trim_start()),
        None => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn a_self_contained_page_ranked_first() {
        let html = String::from_utf8(Html.render(&sample::report()).unwrap()).unwrap();
        assert!(!html.contains("<script"));
        // The only URL is the SVG namespace, which is a name, not a request.
        assert_eq!(
            html.matches("http://").count() + html.matches("https://").count(),
            html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );
        // Ranked summary before the per-manager sections.
        let summary = html.find("Ranked summary").unwrap();
        assert!(summary < html.find("id=\"m-ada-lovelace\"").unwrap());
        // Ada first, sustained over; Grace second, over on average.
        let ada = html.find("<a href=\"#m-ada-lovelace\">").unwrap();
        let grace = html.find("<a href=\"#m-grace-hopper\">").unwrap();
        assert!(ada < grace);
        assert!(html.contains(
            "<td><span class=\"badge over\">sustained over</span></td><td class=\"n\">26.4%</td>\
             <td class=\"n wide plus\">+6.4 pp</td><td class=\"n wide\">20%</td><td class=\"n wide\">3 of 3</td>"
        ));
        // One org chart and four manager charts, inline.
        assert_eq!(html.matches("<svg").count(), 5);
    }

    #[test]
    fn the_cards_count_each_manager_once_by_standing() {
        let html = String::from_utf8(Html.render(&sample::report()).unwrap()).unwrap();
        // Ada is sustained over (and over on average too, but counted once,
        // as in the table); Grace is over on average; Linus within his
        // limit; Barbara has no week with data.
        assert!(html.contains(
            "<ul class=\"counts\">\n<li><b>4</b>managers</li>\n\
             <li><b class=\"plus\">1</b>sustained over</li>\n\
             <li><b class=\"plus\">1</b>over on average</li>\n\
             <li><b>1</b>within limit</li>\n\
             <li><b>1</b>without enough data</li>\n</ul>\n\
             <p class=\"meta\">Each manager is counted once, under their standing in the ranked summary"
        ));
        // The badges in the table agree.
        assert_eq!(
            html.matches("<span class=\"badge over\">sustained over</span>")
                .count(),
            1
        );
        assert_eq!(
            html.matches("<span class=\"badge watch\">over on average</span>")
                .count(),
            1
        );
        // One grey for too little data, the charts' too.
        assert!(html.contains("--nodata:#757575;"));
        assert!(html.contains(".badge.insufficient-data { background: var(--nodata); }"));
    }

    #[test]
    fn long_weekly_tables_fold() {
        let mut report = sample::report();
        // Ada with 9 weeks of figures, the others with 3.
        let three = report.managers[0].weeks.clone();
        report.managers[0].weeks = three.iter().cycle().take(9).cloned().collect();
        let html = String::from_utf8(Html.render(&report).unwrap()).unwrap();
        assert_eq!(html.matches("<details>").count(), 1);
        assert!(!html.contains("<summary>Chart</summary>"));
        assert!(html.contains("<details><summary>Weekly figures (9 weeks)</summary>"));
        let ada = html.find("id=\"m-ada-lovelace\"").unwrap();
        let grace = html.find("id=\"m-grace-hopper\"").unwrap();
        let details = html.find("<details>").unwrap();
        assert!(ada < details && details < grace);
    }

    #[test]
    fn a_large_org_folds_every_chart() {
        let mut report = sample::report();
        let ada = report.managers[0].clone();
        report.managers = (0..41)
            .map(|i| ManagerFigures {
                name: format!("Manager {i}"),
                ..ada.clone()
            })
            .collect();
        let html = String::from_utf8(Html.render(&report).unwrap()).unwrap();
        assert_eq!(
            html.matches("<details><summary>Chart</summary>").count(),
            41
        );
        // The org chart stays open.
        assert!(html.contains("<section id=\"org\">\n<h2>Team size and coding share</h2>\n<figure"));
    }
}
