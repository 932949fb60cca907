//! `report.html`: one self-contained page for a director of hundreds of
//! managers (no request leaves it: styles, script, figures and the org
//! chart are inline). The header cards and the org chart are written here;
//! the heatmap of weeks by verdict, the ranked table (sorted and filtered
//! in the page) and each manager's weekly chart (drawn on demand) are
//! drawn by the page's script from the figures it carries as one JSON
//! document (`html/data.rs`), so a 500-manager page stays small.

mod data;

use super::escape::{html as esc, ScriptJson};
use super::{charts, colours, period_text, Exporter};
use crate::figures::standing::StandingCounts;
use crate::figures::Report;
use anyhow::Result;
use data::PageData;
use std::fmt::Write;
use std::io;

pub struct Html;

impl Exporter for Html {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn write(&self, report: &Report, out: &mut dyn io::Write) -> Result<()> {
        write_with_chart(report, &charts::org_svg(report)?, out)
    }
}

/// The page with the org chart already drawn: the report folder's
/// exporter, which draws it once for its own file and the page.
pub struct HtmlWithCharts<'a> {
    pub org_svg: &'a str,
}

impl Exporter for HtmlWithCharts<'_> {
    fn file_name(&self) -> &'static str {
        Html.file_name()
    }

    fn write(&self, report: &Report, out: &mut dyn io::Write) -> Result<()> {
        write_with_chart(report, self.org_svg, out)
    }
}

/// The page, with the org chart already drawn. The figures it carries are
/// written a manager at a time, never whole in memory.
fn write_with_chart(report: &Report, org_svg: &str, out: &mut dyn io::Write) -> Result<()> {
    let mut page = String::new();
    // Writing to a String cannot fail.
    let _ = write_page(&mut page, report, org_svg);
    out.write_all(page.as_bytes())?;
    out.write_all(b"<script type=\"application/json\" id=\"twohats-data\">")?;
    let mut data = ScriptJson::new(&mut *out);
    serde_json::to_writer(&mut data, &PageData::of(report))?;
    data.finish()?;
    writeln!(
        out,
        "</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>"
    )?;
    Ok(())
}

/// The whole page as text (tests).
#[cfg(test)]
fn render_with_chart(report: &Report, org_svg: &str) -> Result<String> {
    let mut out = Vec::new();
    write_with_chart(report, org_svg, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// The style sheet (after the `:root` colours) and the script.
const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// The page up to the figures it carries.
fn write_page(out: &mut String, report: &Report, org_svg: &str) -> std::fmt::Result {
    let period = period_text(report);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    // Nothing on the page may reach the network: its own inline style and
    // script only.
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(out, "<title>twohats report: {}</title>", esc(&period))?;
    writeln!(
        out,
        "<style>\n:root {{ {} --coding:{}; --people:{}; --other:{}; --muted:#666; --line:#e3e3e3; }}\n{STYLE}</style>\n</head>\n<body>\n<main>",
        colours::css_variables(),
        colours::CODING.hex(),
        colours::PEOPLE.hex(),
        colours::OTHER.hex(),
    )?;
    writeln!(out, "<h1>Coding and people work, {}</h1>", esc(&period))?;
    writeln!(
        out,
        "<p class=\"lead\">Coding share = coding hours ÷ tracked hours, over the weeks with enough tracked time. \
         Managers are ranked by how far their mean share is over the limit for their team size.</p>"
    )?;
    write_counts(out, report)?;
    writeln!(
        out,
        "<noscript><p class=\"note\">The heatmap, the ranked table and the weekly charts are drawn by this page's script. \
         Without it, read report.md, weeks.csv or the charts folder beside this page.</p></noscript>"
    )?;
    write_heatmap(out, report)?;
    write_summary(out, report)?;
    out.push_str(&super::groups::html_section(report));
    writeln!(
        out,
        "<section id=\"org\">\n<h2>Team size and coding share</h2>"
    )?;
    writeln!(
        out,
        "<figure role=\"img\" aria-label=\"Mean coding share of each manager against direct reports, with the band limits\">{}</figure>\n</section>",
        strip_xml_declaration(org_svg)
    )?;
    write_warnings(out, report)?;
    writeln!(
        out,
        "<footer><p>Made by twohats from calendars and git history. Only categories and figures are shown: \
         no event titles, descriptions or attendees.</p></footer>\n</main>"
    )?;
    Ok(())
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

/// The heatmap's frame: the script draws one row per manager shown in the
/// table, one column per week, each cell in its verdict's colour, its
/// corner marked when a report is overdue for a 1:1 that week, hatched
/// when the week is in progress or ahead.
fn write_heatmap(out: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"heatmap\">\n<h2>Weeks by verdict</h2>\n\
         <p class=\"meta\">One row per manager, in the order and filter of the ranked summary below; one column per week. \
         Point at a week for its figures; click or tap it to open that manager's chart.</p>"
    )?;
    writeln!(
        out,
        "<ul class=\"legend\"><li><i class=\"sw over\"></i>over</li><li><i class=\"sw watch\"></i>watch</li>\
         <li><i class=\"sw ok\"></i>ok</li><li><i class=\"sw insufficient-data\"></i>too little data</li>{}</ul>",
        // Only where some manager has a team to follow.
        if report.has_coverage() {
            "<li><i class=\"sw overdue\"></i>a report overdue for a 1:1</li>"
        } else {
            ""
        }
    )?;
    if report.has_unfinished() {
        // Hatched in the heatmap: a verdict on a plan.
        writeln!(
            out,
            "<p class=\"meta\"><i class=\"sw provisional\"></i> hatched: a week in progress or ahead, its verdict provisional (done so far plus the calendar's plan)</p>"
        )?;
    }
    if report.has_weeks_not_shared() {
        // Blank in the heatmap: no figures at all, not a week of none.
        writeln!(
            out,
            "<p class=\"meta\">blank: a week no share holds, so no figures for it (ask that manager for the share)</p>"
        )?;
    }
    writeln!(
        out,
        "<div id=\"heat\" class=\"heat\"></div>\n<p id=\"heat-readout\" class=\"meta readout\" aria-live=\"polite\"></p>\n</section>"
    )
}

/// The ranked summary's frame and filters; the script fills the table.
fn write_summary(out: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"summary\">\n<h2>Ranked summary</h2>\n<form id=\"filters\" class=\"filters\" role=\"search\">"
    )?;
    writeln!(
        out,
        "<label>Name <input type=\"search\" id=\"f-name\" autocomplete=\"off\" placeholder=\"any\"></label>"
    )?;
    let bands: Vec<&str> = report.bands.iter().map(|b| b.name.as_str()).collect();
    write_select(out, "f-band", "Band", &bands)?;
    let standings = data::STANDINGS.map(|s| s.text());
    write_select(out, "f-standing", "Standing", &standings)?;
    // Shown by the script when managers have a group.
    writeln!(
        out,
        "<label id=\"f-group-label\" hidden>Group <select id=\"f-group\"><option value=\"\">all</option></select></label>\n</form>"
    )?;
    writeln!(
        out,
        "<p id=\"shown\" class=\"meta\" aria-live=\"polite\"></p>\n\
         <div class=\"scroll\"><table id=\"ranked\"><thead></thead><tbody></tbody></table></div>\n\
         <p class=\"meta\">Click a column's header to sort by it, a name to open that manager's weekly chart and figures.</p>\n</section>"
    )
}

fn write_select(out: &mut String, id: &str, label: &str, options: &[&str]) -> std::fmt::Result {
    write!(
        out,
        "<label>{label} <select id=\"{id}\"><option value=\"\">all</option>"
    )?;
    for option in options {
        write!(out, "<option>{}</option>", esc(option))?;
    }
    writeln!(out, "</select></label>")
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
    use crate::figures::{sample, ManagerFigures};
    use serde_json::Value;

    fn page(report: &Report) -> String {
        String::from_utf8(Html.render(report).unwrap()).unwrap()
    }

    /// The figures the page carries, read back as any JSON reader would.
    fn carried(html: &str) -> Value {
        let open = "<script type=\"application/json\" id=\"twohats-data\">";
        let start = html.find(open).unwrap() + open.len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn a_self_contained_page_without_a_chart_per_manager() {
        let html = page(&sample::report());
        // Nothing is fetched: no links, sources or imports; the only URL is
        // the SVG namespace (in the org chart and the script), a name.
        for fetch in ["<link", " src=", "@import", "url(http", "<iframe"] {
            assert!(!html.contains(fetch), "{fetch}");
        }
        assert_eq!(
            html.matches("http://").count() + html.matches("https://").count(),
            html.matches("http://www.w3.org/2000/svg").count()
        );
        assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\""));
        // The figures and the script, inline; one chart drawn here (the
        // org's), the managers' drawn in the page on demand.
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(!SCRIPT.to_lowercase().contains("</script"));
        assert!(!SCRIPT.contains("innerHTML"));
    }

    #[test]
    fn the_page_carries_the_figures_in_rank_order() {
        let data = carried(&page(&sample::report()));
        assert_eq!(
            data["weeks"],
            serde_json::json!(["2026-W45", "2026-W46", "2026-W47"])
        );
        assert_eq!(data["starts"][2], "2026-11-16");
        let names: Vec<&str> = data["managers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "Ada Lovelace",
                "Grace Hopper",
                "Linus Tee",
                "Barbara Liskov"
            ]
        );
        // Ada: 31.5 h coding of 119.5 h tracked = 26.36%, 6.36 pp over her
        // 20% limit (7 reports, medium band), over in all 3 weeks.
        let ada = &data["managers"][0];
        assert_eq!(ada["rank"], 1);
        assert_eq!(ada["id"], "ada-lovelace");
        assert_eq!(ada["standing"], "sustained over");
        assert_eq!(ada["standing_verdict"], "over");
        assert_eq!(
            (ada["share"].as_f64(), ada["share_text"].as_str()),
            (Some(26.4), Some("26.4%"))
        );
        assert!((ada["margin"].as_f64().unwrap() - (100.0 * 31.5 / 119.5 - 20.0)).abs() < 1e-9);
        assert_eq!(ada["margin_text"], "+6.4 pp");
        assert_eq!(
            (ada["limit_text"].as_str(), ada["weeks_over"].as_u64()),
            (Some("20%"), Some(3))
        );
        assert_eq!(
            (ada["reports"].as_u64(), ada["band"].as_str()),
            (Some(7), Some("medium"))
        );
        // Her weeks: 9, 10 and 12.5 h coding of 39, 40 and 40.5 h tracked:
        // 23.1%, 25.0%, 30.9%, all over.
        let w = &ada["w"];
        assert_eq!(w["coding"], serde_json::json!([9.0, 10.0, 12.5]));
        assert_eq!(w["tracked"], serde_json::json!([39.0, 40.0, 40.5]));
        assert_eq!(w["share"], serde_json::json!([23.1, 25.0, 30.9]));
        assert_eq!(w["verdict"], "xxx");
        assert_eq!(w["after_hours"], serde_json::json!([0.5, 1.5, 3.0]));
        // Grace 12.5% against 10%; Barbara without a week of data.
        assert_eq!(data["managers"][1]["margin_text"], "+2.5 pp");
        assert_eq!(data["managers"][1]["standing"], "over on average");
        let barbara = &data["managers"][3];
        assert_eq!(
            (barbara["share"].clone(), barbara["share_text"].as_str()),
            (Value::Null, Some("–"))
        );
        assert_eq!(barbara["standing_order"], 3);
        // Ada's advice figures (the sample gives them for W47 only): 12.5 −
        // 0.20 × 40.5 = 4.4 h over in W47, 0 in W45 and W46: 1.47 h a week;
        // 6 h of 1:1s in 3 weeks for 7 reports: 0.29 h, under the 0.5 h
        // norm: thin. No group: its column stays hidden.
        assert_eq!(ada["coding_over_limit_hours"], 1.47);
        assert_eq!(ada["one_on_one_hours_per_report"], 0.29);
        assert_eq!(ada["rolling_share_pct"], 26.4);
        assert_eq!(ada["one_on_ones_thin"], true);
        assert!(ada.get("group").is_none());
    }

    #[test]
    fn a_name_cannot_end_the_figures_script() {
        let mut report = sample::report();
        let name = "Eve </script><script>alert(1)</script> & \"Mallory\"";
        report.managers[0].name = name.to_string();
        let html = page(&report);
        // Only the two script elements end; the name is data.
        assert_eq!(html.matches("</script>").count(), 2);
        assert!(!html.contains("<script>alert"));
        assert_eq!(carried(&html)["managers"][0]["name"], name);
    }

    #[test]
    fn the_cards_count_each_manager_once_by_standing() {
        let html = page(&sample::report());
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
        // One grey for too little data, the charts' too; the heatmap's
        // cells take the same verdict colours.
        assert!(html.contains("--nodata:#757575;"));
        assert!(html.contains(".badge.insufficient-data { background: var(--nodata); }"));
        assert!(html.contains(".v-over { fill: var(--over); }"));
    }

    #[test]
    fn the_filters_offer_the_bands_and_standings() {
        let html = page(&sample::report());
        assert!(html.contains(
            "<label>Band <select id=\"f-band\"><option value=\"\">all</option><option>small</option><option>medium</option><option>large</option></select></label>"
        ));
        assert!(html.contains(
            "<option>sustained over</option><option>over on average</option><option>within limit</option><option>no data</option>"
        ));
    }

    #[test]
    fn a_large_org_stays_small() {
        // 500 managers × 52 weeks (Ada's three weeks repeated): the
        // figures the page carries, without the org chart.
        let mut report = sample::report();
        let ada = report.managers[0].clone();
        let mut weeks = vec![ada.weeks[2].week];
        while weeks.len() < 52 {
            let before = weeks.last().unwrap().previous();
            weeks.push(before);
        }
        weeks.reverse();
        report.managers = (0..500)
            .map(|i| ManagerFigures {
                name: format!("Manager {i}"),
                weeks: weeks
                    .iter()
                    .zip(ada.weeks.iter().cycle())
                    .map(|(&week, f)| crate::figures::WeekFigures { week, ..f.clone() })
                    .collect(),
                ..ada.clone()
            })
            .collect();
        report.weeks = weeks;
        let html = render_with_chart(&report, "<svg></svg>").unwrap();
        assert!(html.len() < 2_000_000, "{} bytes", html.len());
        assert_eq!(
            carried(&html)["managers"][499]["w"]["verdict"]
                .as_str()
                .unwrap()
                .len(),
            52
        );
    }
}
