//! The example report of the bundled demo, checked the way a user would
//! check it.
//!
//! - The text files (report.md, report.json, weeks.csv, report.html) are
//!   reviewed snapshots in `tests/snapshots/`: a change to them shows as a
//!   `.snap.new` file beside the snapshot, to be read and accepted by hand
//!   (`INSTA_UPDATE=always cargo test --test example_report`, or
//!   `cargo insta review`). The figures in them are those of
//!   fixtures/demo/expected.csv (NOTES.md derives them).
//! - The PNG and SVG charts and the Parquet table are checked for what they
//!   are, not byte for byte (their bytes change with a dependency bump):
//!   each PNG decodes to its size, each SVG parses with its size, and the
//!   Parquet table reads back with one row per manager-week and typed
//!   columns.
//! - `reports/` is the README's promise: "the real output of its first
//!   command". Its text files must equal a fresh run; after a change that
//!   alters them, rerun that command and commit `reports/`. Its charts and
//!   table pass the same structural checks as a fresh run's.

mod common;

use common::{file_names, png_size, repo_path, svg_size, twohats, DEMO_CONFIG, DEMO_FROM, DEMO_TO};
use polars::prelude::{DataType, ParquetReader, SerReader};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The text files of a report folder, as the user reads them.
const TEXT_FILES: [&str; 5] = [
    "report.md",
    "report.json",
    "weeks.csv",
    "report.html",
    ".twohats-files",
];

/// The README's first command, run once for all tests of this file into a
/// folder of the build's temporary space (kept after a failure, to look at).
fn fresh_report() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-report");
        match fs::remove_dir_all(&out) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("{e}"),
            _ => {}
        }
        twohats()
            .args(["report", "--config", DEMO_CONFIG])
            .args(["--from", DEMO_FROM, "--to", DEMO_TO, "--out"])
            .arg(&out)
            .assert()
            .success();
        out
    })
}

fn text(folder: &Path, name: &str) -> String {
    fs::read_to_string(folder.join(name)).unwrap()
}

#[test]
fn the_committed_example_report_is_what_the_readme_command_writes() {
    let committed = repo_path("reports");
    let fresh = fresh_report();
    assert_eq!(
        file_names(fresh),
        file_names(&committed),
        "the set of files differs: rerun the README's first command"
    );
    for name in TEXT_FILES {
        assert!(
            text(fresh, name) == text(&committed, name),
            "reports/{name} is stale: rerun the README's first command and commit reports/"
        );
    }
}

#[test]
fn report_md_reads_as_reviewed() {
    insta::assert_snapshot!("report.md", text(fresh_report(), "report.md"));
}

#[test]
fn report_json_reads_as_reviewed() {
    insta::assert_snapshot!("report.json", text(fresh_report(), "report.json"));
}

#[test]
fn weeks_csv_reads_as_reviewed() {
    insta::assert_snapshot!("weeks.csv", text(fresh_report(), "weeks.csv"));
}

/// The page as a reviewer reads it: the stylesheet, the script and the
/// drawing of the inline org chart are elided (the stylesheet and script
/// are not figures; the chart is checked as an SVG below); the chart's
/// words are kept, but not its axis ticks (numbers and week labels); the
/// figures the page carries are pretty-printed. The exact page is still
/// compared with reports/report.html above.
fn html_for_review(html: &str) -> String {
    const DATA: &str = "<script type=\"application/json\" id=\"twohats-data\">";
    let mut out = String::new();
    let mut lines = html.lines();
    while let Some(line) = lines.next() {
        if line == "<style>" {
            let css = lines.by_ref().take_while(|l| *l != "</style>").count();
            out.push_str(&format!("<style>/* {css} lines of CSS */</style>\n"));
            continue;
        }
        if line == "<script>" {
            let js = lines.by_ref().take_while(|l| *l != "</script>").count();
            out.push_str(&format!("<script>/* {js} lines of script */</script>\n"));
            continue;
        }
        if let Some(json) = line
            .strip_prefix(DATA)
            .and_then(|l| l.strip_suffix("</script>"))
        {
            let figures: serde_json::Value = serde_json::from_str(json).unwrap();
            let pretty = serde_json::to_string_pretty(&figures).unwrap();
            out.push_str(&format!("{DATA}\n{pretty}\n</script>\n"));
            continue;
        }
        let Some(at) = line.find("<svg ") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let tag_end = at + line[at..].find('>').unwrap() + 1;
        out.push_str(&line[..tag_end]);
        out.push_str("\n  [drawing elided; its text:]\n");
        let mut in_text = false;
        for l in lines.by_ref() {
            if l == "</svg>" {
                break;
            }
            if l.starts_with("<text") {
                in_text = true;
            } else if l == "</text>" {
                in_text = false;
            } else if in_text && !is_tick(l) {
                out.push_str(&format!("  {l}\n"));
            }
        }
        out.push_str("</svg>\n");
    }
    out
}

/// An axis tick label of a chart: a number, or a week such as "W47".
fn is_tick(label: &str) -> bool {
    let digits = label.strip_prefix('W').unwrap_or(label);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[test]
fn report_html_reads_as_reviewed() {
    let page = text(fresh_report(), "report.html");
    insta::assert_snapshot!("report.html", html_for_review(&page));
}

/// (chart, width, height) of every chart of the demo report.
const CHARTS: [(&str, u32, u32); 4] = [
    ("charts/org", 940, 480),
    ("charts/jonas-weber", 760, 400),
    ("charts/priya-natarajan", 760, 400),
    ("charts/eleanor-hughes", 760, 400),
];

fn assert_charts(folder: &Path) {
    for (chart, width, height) in CHARTS {
        let png = folder.join(format!("{chart}.png"));
        assert_eq!(png_size(&png), (width, height), "{}", png.display());
        let svg = folder.join(format!("{chart}.svg"));
        assert_eq!(
            svg_size(&svg),
            (width.to_string(), height.to_string()),
            "{}",
            svg.display()
        );
    }
}

#[test]
fn every_chart_decodes_with_its_size() {
    assert_charts(fresh_report());
    assert_charts(&repo_path("reports"));
}

/// weeks.parquet: one row per manager-week (3 managers × 7 weeks), every
/// column typed, and the figures of expected.csv in the typed columns.
fn assert_weeks_table(path: &Path) {
    let file = fs::File::open(path).unwrap();
    let table = ParquetReader::new(file).finish().unwrap();
    assert_eq!(table.height(), 21, "{}", path.display());
    let types: Vec<(String, DataType)> = table
        .schema()
        .iter()
        .map(|(name, dtype)| (name.to_string(), dtype.clone()))
        .collect();
    let column = |name: &str| {
        types
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{}: no column {name}", path.display()))
            .1
            .clone()
    };
    for name in ["manager", "week", "timezone", "band", "verdict"] {
        assert_eq!(column(name), DataType::String, "{name}");
    }
    assert_eq!(column("start"), DataType::Date);
    for name in ["reports", "commits", "sessions", "events"] {
        assert!(column(name).is_integer(), "{name}: {:?}", column(name));
    }
    let hours = [
        "limit_pct",
        "hours_coding",
        "hours_people",
        "hours_other",
        "hours_tracked",
        "coding_share_pct",
        "after_hours_coding",
    ];
    for name in hours {
        assert_eq!(column(name), DataType::Float64, "{name}");
    }
    let categories: Vec<_> = types
        .iter()
        .filter(|(n, _)| n.starts_with("category:"))
        .collect();
    // The demo's eleven categories with time, and "code review", which its
    // managers could count (a forge source) but do not: every category the
    // config knows has a column, so each week's file has one shape.
    assert_eq!(categories.len(), 12, "the demo's twelve categories");
    for (name, dtype) in categories {
        assert_eq!(*dtype, DataType::Float64, "{name}");
    }
    // The tracked hours of every manager-week, in order, as in expected.csv.
    let tracked: Vec<f64> = table
        .column("hours_tracked")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    let expected: Vec<f64> = fs::read_to_string(repo_path("fixtures/demo/expected.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|row| row.split(',').nth(9).unwrap().parse().unwrap())
        .collect();
    assert_eq!(tracked, expected, "{}", path.display());
}

#[test]
fn the_weeks_table_reads_back_typed() {
    assert_weeks_table(&fresh_report().join("weeks.parquet"));
    assert_weeks_table(&repo_path("reports/weeks.parquet"));
}
