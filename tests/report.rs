//! The report folder, library side: every file is written and reads back
//! with the figures of a hand-written report (see `src/figures/sample.rs`
//! for the figures and how the expected values follow from them).

mod common;

use common::{file_names, files_under, png_size, repo_path, svg_size};
use polars::prelude::{DataType, ParquetReader, SerReader};
use std::fs;
use std::path::{Path, PathBuf};
use twohats::config::Band;
use twohats::figures::{
    Advice, CodingItem, ItemKind, ManagerFigures, Report, Summary, Verdict, WeekFigures,
};
use twohats::period::Week;
use twohats::report::{redact, write_folder};
use twohats::Warning;

#[path = "../src/figures/sample.rs"]
mod sample;

fn names(written: &[PathBuf], out: &Path) -> Vec<String> {
    written
        .iter()
        .map(|p| p.strip_prefix(out).unwrap().to_string_lossy().into_owned())
        .collect()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

#[test]
fn every_file_is_written_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports/2026-11-24");
    let report = sample::report();
    let written = write_folder(&out, &report, &[]).unwrap();
    // To look at the sample report (e.g. with scripts/check_html_in_browser.sh).
    if let Ok(preview) = std::env::var("TWOHATS_REPORT_PREVIEW") {
        write_folder(Path::new(&preview), &report, &[]).unwrap();
    }
    assert_eq!(
        names(&written, &out),
        [
            "report.md",
            "report.json",
            "weeks.csv",
            "weeks.parquet",
            "report.html",
            "charts/org.svg",
            "charts/org.png",
            "charts/ada-lovelace.svg",
            "charts/ada-lovelace.png",
            "charts/grace-hopper.svg",
            "charts/grace-hopper.png",
            "charts/linus-tee.svg",
            "charts/linus-tee.png",
            "charts/barbara-liskov.svg",
            "charts/barbara-liskov.png",
        ]
    );
    // No temporary file is left behind.
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // JSON: the twohats/v1 keys, Ada's figures.
    let json = read_json(&out.join("report.json"));
    assert_eq!(json["schema"], "twohats/v1");
    assert_eq!(
        json["weeks"],
        serde_json::json!(["2026-W45", "2026-W46", "2026-W47"])
    );
    let ada = &json["managers"][0];
    for key in [
        "name",
        "reports",
        "band",
        "limit_pct",
        "timezone",
        "weeks",
        "summary",
    ] {
        assert!(ada.get(key).is_some(), "manager key {key}");
    }
    // 31.5 h coding of 119.5 h tracked = 26.36% → 26.4.
    assert_eq!(ada["summary"]["coding_share_pct"], 26.4);
    assert_eq!(ada["weeks"][2]["hours"]["tracked"], 40.5);
    assert_eq!(ada["weeks"][2]["coding_share_pct"], 30.9);
    assert_eq!(json["warnings"][0]["line"], 120);

    // CSV: header, one row per manager-week (4 × 3).
    let csv = fs::read_to_string(out.join("weeks.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..4], ["manager", "week", "start", "timezone"]);
    assert!(header.contains(&"hours_tracked") && header.contains(&"category:one-on-ones"));
    assert_eq!(lines.count(), 12);

    // Parquet: typed columns read back with polars.
    let df = ParquetReader::new(fs::File::open(out.join("weeks.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(df.height(), 12);
    assert_eq!(df.column("start").unwrap().dtype(), &DataType::Date);
    assert_eq!(
        df.column("hours_tracked").unwrap().dtype(),
        &DataType::Float64
    );
    // Grace's three weeks are 40 h each; Ada's 39 + 40 + 40.5.
    let tracked: Vec<f64> = df
        .column("hours_tracked")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(&tracked[..6], [39.0, 40.0, 40.5, 40.0, 40.0, 40.0]);
    let start = df.column("start").unwrap().get(2).unwrap().to_string();
    assert_eq!(start, "2026-11-16");

    // Charts: well-formed SVG, PNG of the documented sizes.
    for name in names(&written, &out) {
        let path = out.join(&name);
        if name.ends_with(".svg") {
            svg_size(&path);
        } else if name.ends_with(".png") {
            let expected = if name == "charts/org.png" {
                (940, 480)
            } else {
                (760, 400)
            };
            assert_eq!(png_size(&path), expected, "{name}");
        }
    }

    // HTML: self-contained: the org chart, the figures and the script that
    // draws the managers' charts from them inline; nothing fetched.
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 1);
    assert_eq!(html.matches("<script").count(), 2);
    assert!(!html.contains("<link") && !html.contains("@import") && !html.contains(" src="));
}

/// Numbers of one Markdown table row, e.g. "| W | 2026-11-16 | 12.50 | …".
fn row_numbers(row: &str) -> Vec<f64> {
    row.split('|')
        .map(|c| c.trim().trim_end_matches('%'))
        .filter_map(|c| c.parse().ok())
        .collect()
}

#[test]
fn markdown_figures_equal_the_report() {
    let report = sample::report();
    let md = String::from_utf8(
        twohats::report::Exporter::render(&twohats::report::markdown::Markdown, &report).unwrap(),
    )
    .unwrap();
    for m in &report.managers {
        let section = md
            .split(&format!("## {}\n", m.name))
            .nth(1)
            .unwrap_or_else(|| panic!("no section for {}", m.name));
        for w in &m.weeks {
            let row = section
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", w.week)))
                .unwrap();
            let numbers = row_numbers(row);
            let expected = [
                w.coding as f64 / 3600.0,
                w.people as f64 / 3600.0,
                w.other as f64 / 3600.0,
                w.tracked as f64 / 3600.0,
                w.coding_share_pct,
                w.after_hours_coding as f64 / 3600.0,
                f64::from(w.commits),
                f64::from(w.sessions),
                f64::from(w.events),
                w.advice.coding_over_limit_hours,
            ];
            // Then the 1:1 hours per report and the 4-week share, where
            // there are figures ("–" otherwise); the change reads "+5.9 pp".
            let optional = [
                w.advice.one_on_one_hours_per_report,
                w.advice.rolling_share_pct,
            ];
            let given = optional.iter().flatten().count();
            assert_eq!(numbers.len(), expected.len() + given, "{row}");
            let expected = expected.into_iter().chain(optional.into_iter().flatten());
            for (shown, exact) in numbers.iter().zip(expected) {
                // Hours to 2 decimals, shares to 1.
                assert!((shown - exact).abs() <= 0.05, "{row}: {shown} vs {exact}");
            }
            assert!(row.contains(w.verdict.as_str()), "{row}");
        }
    }
}

/// Every name, address and path of the sample that must not leak.
const PERSONAL: [&str; 9] = [
    "Ada",
    "Lovelace",
    "Grace",
    "Hopper",
    "Linus",
    "Barbara",
    "Liskov",
    "example.com",
    "/home/",
];

#[test]
fn redaction_leaves_no_name_in_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let report = sample::report();
    // A first run with names, then the redacted one into the same folder:
    // the named charts of the first run must go.
    write_folder(&out, &report, &[]).unwrap();
    let written = write_folder(&out, &redact(&report), &[]).unwrap();
    let mut checked = 0;
    for (name, bytes) in files_under(&out) {
        for word in PERSONAL {
            assert!(
                !name.to_lowercase().contains(&word.to_lowercase()),
                "file name {name} contains {word}"
            );
        }
        let binary = name.ends_with(".parquet") || name.ends_with(".png");
        if binary {
            // Compressed and base64 metadata can hold any three letters by
            // chance; look for whole names (the strings are read back below).
            let raw = String::from_utf8_lossy(&bytes);
            for full in [
                "Ada Lovelace",
                "Grace Hopper",
                "Linus Tee",
                "Barbara Liskov",
            ] {
                assert!(!raw.contains(full), "{name} contains {full}");
            }
        } else {
            let text = String::from_utf8_lossy(&bytes);
            for word in PERSONAL {
                // As a word, in any case: "Ada" but not "readable".
                let boundary = if word.starts_with(char::is_alphanumeric) {
                    r"\b"
                } else {
                    ""
                };
                let pattern =
                    regex::Regex::new(&format!(r"(?i){boundary}{}", regex::escape(word))).unwrap();
                if let Some(found) = pattern.find(&text) {
                    let at = found.start();
                    let around = &text[at.saturating_sub(40)..(at + 40).min(text.len())];
                    panic!("{name} contains {word}: …{around}…");
                }
            }
        }
        checked += 1;
    }
    // 15 report files and the folder's own list of them.
    assert_eq!(checked, written.len() + 1);
    // Parquet may compress its strings: read the names back too.
    let df = ParquetReader::new(fs::File::open(out.join("weeks.parquet")).unwrap())
        .finish()
        .unwrap();
    let managers: Vec<String> = df
        .column("manager")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|name| name.unwrap().to_string())
        .collect();
    // SHA-1 of the names: `printf %s 'Ada Lovelace' | sha1sum` → a69a9f8a…
    assert_eq!(managers[0], "Manager A69A");
    assert_eq!(managers[3], "Manager D97E");
    for name in &managers {
        for word in PERSONAL {
            assert!(!name.contains(word));
        }
    }
}

#[test]
fn an_output_folder_that_is_or_holds_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("ada");
    fs::create_dir(&inputs).unwrap();
    let calendar = inputs.join("calendar.ics");
    fs::write(&calendar, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    let report = sample::report();

    // The folder is the input folder (named another way).
    let err = write_folder(
        &dir.path().join("ada/../ada"),
        &report,
        std::slice::from_ref(&inputs),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("refusing to write the report into"),
        "{err}"
    );
    assert!(err.contains("it is the input"), "{err}");
    assert!(!err.contains('\n'));
    // The folder holds an input file.
    let err = write_folder(dir.path(), &report, std::slice::from_ref(&calendar))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("it contains the input") && err.contains("calendar.ics"),
        "{err}"
    );
    // Nothing was written, the input is untouched.
    assert_eq!(fs::read_dir(&inputs).unwrap().count(), 1);
    assert!(!dir.path().join("report.md").exists());
    assert_eq!(
        fs::read_to_string(&calendar).unwrap(),
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    );
    // A report folder beside the inputs, or inside a repository that is an
    // input (the CI case: --repo . --out reports/DATE), is fine.
    write_folder(
        &dir.path().join("reports"),
        &report,
        std::slice::from_ref(&inputs),
    )
    .unwrap();
    write_folder(&inputs.join("reports"), &report, &[inputs]).unwrap();
}

#[test]
fn a_rerun_replaces_its_own_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_path_buf();
    let mut report = sample::report();
    write_folder(&out, &report, &[]).unwrap();
    fs::write(out.join("notes.md"), "my notes").unwrap();
    fs::write(out.join("charts/custom.svg"), "<svg/>").unwrap();
    let before = fs::read_to_string(out.join("report.md")).unwrap();

    // Linus leaves the config.
    report.managers.retain(|m| m.name != "Linus Tee");
    write_folder(&out, &report, &[]).unwrap();
    assert_eq!(
        fs::read_to_string(out.join("notes.md")).unwrap(),
        "my notes"
    );
    assert_eq!(
        fs::read_to_string(out.join("charts/custom.svg")).unwrap(),
        "<svg/>"
    );
    assert!(!out.join("charts/linus-tee.svg").exists());
    assert!(!out.join("charts/linus-tee.png").exists());
    assert!(out.join("charts/ada-lovelace.svg").exists());
    let after = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(before.contains("## Linus Tee") && !after.contains("## Linus Tee"));
}

/// `report --out symout` where `symout/charts` links to the folder of an
/// input: writing the charts would replace the input.
#[cfg(unix)]
#[test]
fn a_symlinked_charts_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::create_dir(&victim).unwrap();
    let input = victim.join("org.svg");
    fs::write(&input, "a share, not a chart").unwrap();
    let out = dir.path().join("symout");
    fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink("../victim", out.join("charts")).unwrap();

    let err = write_folder(&out, &sample::report(), std::slice::from_ref(&input))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}/charts is a symbolic link; twohats writes only inside the report folder",
            out.display()
        )
    );
    // The input and its folder as they were; nothing in the report folder
    // but the link (no manifest, no report.md).
    assert_eq!(file_names(&victim), ["org.svg"]);
    assert_eq!(fs::read_to_string(&input).unwrap(), "a share, not a chart");
    let in_out: Vec<_> = (fs::read_dir(&out).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(in_out, ["charts"]);
}

/// The manifest is a file in the folder anyone can edit: its stale names
/// never remove anything outside the folder, through a link or by path.
#[cfg(unix)]
#[test]
fn stale_files_are_removed_inside_the_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    for name in ["x.svg", "up.svg", "abs.svg", "target.svg"] {
        fs::write(elsewhere.join(name), name).unwrap();
    }
    let out = dir.path().join("out");
    let report = sample::report();
    write_folder(&out, &report, &[]).unwrap();
    std::os::unix::fs::symlink("../elsewhere", out.join("linked")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("target.svg"), out.join("charts/link.svg")).unwrap();
    fs::write(out.join("charts/old.svg"), "a stale chart").unwrap();
    let mut manifest = fs::read_to_string(out.join(".twohats-files")).unwrap();
    manifest.push_str(&format!(
        "linked/x.svg\n../elsewhere/up.svg\n{}\ncharts/link.svg\ncharts/old.svg\n",
        elsewhere.join("abs.svg").display()
    ));
    fs::write(out.join(".twohats-files"), manifest).unwrap();

    write_folder(&out, &report, &[]).unwrap();
    // Outside the folder: all four files as they were.
    assert_eq!(
        file_names(&elsewhere),
        ["abs.svg", "target.svg", "up.svg", "x.svg"]
    );
    // Inside: the stale chart removed, the link (not ours) left alone.
    assert!(!out.join("charts/old.svg").exists());
    assert!(fs::symlink_metadata(out.join("charts/link.svg")).is_ok());
    // The manifest lists this run's files, none of the names above: 5
    // reports, the org chart and 4 managers' charts, as .svg and .png.
    let listed = fs::read_to_string(out.join(".twohats-files")).unwrap();
    assert_eq!(listed.lines().count(), 15, "{listed}");
    assert!(!listed.contains("elsewhere") && !listed.contains("link"));
}

#[test]
fn a_manager_named_org_has_a_chart_beside_the_org_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = sample::report();
    report.managers[2].name = "Org".to_string();
    let written = write_folder(dir.path(), &report, &[]).unwrap();
    // "Org" takes org-2, as a second manager of one name would.
    assert_eq!(
        names(&written, dir.path())[5..],
        [
            "charts/org.svg",
            "charts/org.png",
            "charts/ada-lovelace.svg",
            "charts/ada-lovelace.png",
            "charts/grace-hopper.svg",
            "charts/grace-hopper.png",
            "charts/org-2.svg",
            "charts/org-2.png",
            "charts/barbara-liskov.svg",
            "charts/barbara-liskov.png",
        ]
    );
    let chart = |name: &str| fs::read_to_string(dir.path().join("charts").join(name)).unwrap();
    // The org chart is the org's scatter; Org's weekly chart is captioned
    // with their name.
    assert!(!chart("org.svg").contains("Org: coding"));
    assert!(chart("org-2.svg").contains("Org: coding"));
    assert_ne!(
        fs::read(dir.path().join("charts/org.png")).unwrap(),
        fs::read(dir.path().join("charts/org-2.png")).unwrap()
    );
    // The manifest names each file once: 5 reports and 5 charts × 2.
    let listed = fs::read_to_string(dir.path().join(".twohats-files")).unwrap();
    let unique: std::collections::BTreeSet<&str> = listed.lines().collect();
    assert_eq!((listed.lines().count(), unique.len()), (15, 15), "{listed}");
}

#[test]
fn a_report_without_weeks_or_managers_still_writes() {
    // `report` over an empty config: files with headers and no rows.
    let dir = tempfile::tempdir().unwrap();
    let empty = Report {
        weeks: vec!["2026-W47".parse::<Week>().unwrap()],
        bands: twohats::config::Config::default().thresholds.bands,
        categories: Vec::new(),
        managers: vec![],
        warnings: vec![],
    };
    let written = write_folder(dir.path(), &empty, &[]).unwrap();
    assert_eq!(written.len(), 7);
    svg_size(&dir.path().join("charts/org.svg"));
    let json = read_json(&dir.path().join("report.json"));
    assert_eq!(json["managers"], serde_json::json!([]));
}

mod redaction_properties {
    use super::*;
    use proptest::prelude::*;
    use twohats::report::{charts, csv::Csv, html::Html, json::Json, markdown::Markdown, Exporter};

    fn name() -> impl Strategy<Value = String> {
        ("[A-Z][a-z]{5,9}", "[A-Z][a-z]{5,9}").prop_map(|(first, last)| format!("{first} {last}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// Whatever the names, no word of them survives in any text output
        /// of a redacted report, and the pseudonyms stay distinct.
        #[test]
        fn no_name_survives(names in proptest::collection::vec(name(), 4)) {
            let mut report = sample::report();
            for (m, name) in report.managers.iter_mut().zip(&names) {
                m.name = name.clone();
            }
            report.warnings.push(Warning::new(
                format!("{}/calendar.ics", names[0].to_lowercase().replace(' ', ".")),
                Some(3),
                format!("event '{}'s 1:1' has no DTSTART", names[1]),
            ));
            let redacted = redact(&report);
            let pseudonyms: std::collections::HashSet<&str> =
                redacted.managers.iter().map(|m| m.name.as_str()).collect();
            prop_assert_eq!(pseudonyms.len(), 4);
            let mut outputs: Vec<String> = [&Markdown as &dyn Exporter, &Json, &Csv, &Html]
                .iter()
                .map(|e| String::from_utf8(e.render(&redacted).unwrap()).unwrap())
                .collect();
            outputs.push(charts::manager_svg(&redacted.managers[0]).unwrap());
            let words: Vec<String> = names
                .iter()
                .flat_map(|n| n.split(' ').map(str::to_lowercase))
                .collect();
            for text in &outputs {
                for word in &words {
                    // As a whole word: a random "Sessio" is no leak in "sessions".
                    let pattern = regex::Regex::new(&format!(r"(?i)\b{word}\b")).unwrap();
                    prop_assert!(!pattern.is_match(text), "{} leaked", word);
                }
            }
        }
    }
}

/// `report.json` against its schema, `docs/schema/twohats-v1.schema.json`:
/// the sample report and the demo's real output of `report` and `week`.
mod json_schema {
    use super::*;
    use common::schema::check_against;
    use common::{twohats, Run, DEMO_CONFIG, DEMO_FROM, DEMO_TO};
    use serde_json::{json, Value};
    use twohats::report::{json::Json, Exporter};

    fn schema() -> Value {
        read_json(&repo_path("docs/schema/twohats-v1.schema.json"))
    }

    fn check(value: &Value) -> Vec<String> {
        check_against(&schema(), value)
    }

    fn share_schema() -> Value {
        read_json(&repo_path("docs/schema/twohats-share-v1.schema.json"))
    }

    /// `twohats share` of a demo manager, and of Rui's saved reviews
    /// (fixtures/forge): real share output, as a director receives it.
    fn real_shares() -> Vec<Value> {
        let demo = Run::of(twohats().current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "share",
            "--config",
            DEMO_CONFIG,
            "--from",
            DEMO_FROM,
            "--to",
            DEMO_TO,
            "--manager",
            "Jonas Weber",
        ]))
        .ok_json();
        let dir = tempfile::tempdir().unwrap();
        let mut saved = Vec::new();
        for file in [
            "payments-41-reviews-1.json",
            "payments-41-comments.json",
            "web-7-reviews.json",
        ] {
            saved.extend(
                std::fs::read(repo_path(&format!("fixtures/forge/github/{file}"))).unwrap(),
            );
        }
        std::fs::write(dir.path().join("saved.json"), saved).unwrap();
        let forge = Run::of(
            twohats()
                .current_dir(dir.path())
                .args([
                    "share",
                    "--github",
                    "rui-dev",
                    "--forge-file",
                    "saved.json",
                    "--ics",
                ])
                .arg(repo_path("fixtures/forge/rui.ics"))
                .args([
                    "--tz",
                    "Europe/Lisbon",
                    "--reports",
                    "4",
                    "--from",
                    "2026-11-16",
                    "--to",
                    "2026-11-22",
                ]),
        )
        .ok_json();
        vec![demo, forge]
    }

    #[test]
    fn weeks_in_progress_and_ahead_match_the_schema() {
        // fixtures/progress: from Wednesday noon, W50 in progress, W51 ahead.
        let progress = repo_path("fixtures/progress");
        let doc = Run::of(
            twohats()
                .args(["report", "--ics"])
                .arg(progress.join("ada-google.ics"))
                .arg("--git-log")
                .arg(progress.join("git.log"))
                .args(["--me", "ada@example.com", "--reports", "4"])
                .args(["--tz", "Europe/Berlin", "--today", "2026-12-09T12:00"])
                .args([
                    "--from",
                    "2026-11-30",
                    "--to",
                    "2026-12-20",
                    "--format",
                    "json",
                ]),
        )
        .ok_json();
        let statuses: Vec<&Value> = (doc["managers"][0]["weeks"].as_array().unwrap().iter())
            .map(|w| &w["status"])
            .collect();
        assert_eq!(statuses, ["complete", "in-progress", "ahead"]);
        assert_eq!(check(&doc), Vec::<String>::new());
        // A plan's figures are hours like any others.
        let mut bad = doc.clone();
        bad["managers"][0]["weeks"][1]["planned"]["coding"] = json!(-1.0);
        bad["managers"][0]["weeks"][2]["status"] = json!("later");
        assert_eq!(check(&bad).len(), 2, "{:?}", check(&bad));
    }

    #[test]
    fn real_share_output_matches_the_share_schema() {
        let shares = real_shares();
        assert!(shares[0]["weeks"].as_array().unwrap().len() >= 7);
        let weeks = shares[1]["weeks"].as_array().unwrap();
        let items = &weeks.last().unwrap()["largest_coding"];
        assert!(
            items
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["source"] == "forge" && i["label"] == "code review"),
            "{items}"
        );
        for share in &shares {
            assert_eq!(check_against(&share_schema(), share), Vec::<String>::new());
        }
    }

    #[test]
    fn the_share_check_fails_on_a_key_a_share_may_not_hold() {
        let mut share = real_shares().swap_remove(0);
        let last = share["weeks"].as_array().unwrap().len() - 1;
        share["weeks"][0]["verdict"] = json!("over");
        share["weeks"][last]["largest_coding"][0]["source"] = json!("jira");
        // Warnings are counted by the kinds of a fixed list, never by text.
        share["warnings"] = json!({"time-zone": 1, "Ana Lima": 2});
        let found = check_against(&share_schema(), &share);
        assert_eq!(found.len(), 3, "{found:#?}");
        let at = format!("$.weeks[{last}].largest_coding[0].source:");
        assert!(found.iter().any(|p| p.starts_with(&at)), "{found:#?}");
        assert!(found.iter().any(|p| p.contains("'verdict'")), "{found:#?}");
        assert!(
            found.contains(&"$.warnings: unknown key 'Ana Lima'".to_string()),
            "{found:#?}"
        );
    }

    #[test]
    fn the_sample_report_matches_the_schema() {
        let bytes = Json.render(&sample::report()).unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(check(&value), Vec::<String>::new());
    }

    #[test]
    fn the_check_fails_on_a_missing_key_or_a_wrong_type() {
        let bytes = Json.render(&sample::report()).unwrap();
        let good: Value = serde_json::from_slice(&bytes).unwrap();

        let mut missing = good.clone();
        missing["managers"][1]["weeks"][0]["hours"]
            .as_object_mut()
            .unwrap()
            .remove("tracked");
        assert_eq!(
            check(&missing),
            ["$.managers[1].weeks[0].hours: the required key 'tracked' is missing"]
        );

        let mut wrong = good.clone();
        wrong["managers"][0]["summary"]["sustained_over"] = json!("yes");
        wrong["managers"][0]["weeks"][2]["verdict"] = json!("fine");
        wrong["schema"] = json!("twohats/v2");
        wrong["warnings"][0]["extra"] = json!(1);
        let found = check(&wrong);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found
            .iter()
            .any(|p| p.starts_with("$.managers[0].summary.sustained_over:")));
        assert!(found
            .iter()
            .any(|p| p.starts_with("$.managers[0].weeks[2].verdict:")));
        assert!(found.iter().any(|p| p.starts_with("$.schema:")));
        assert!(found.contains(&"$.warnings[0]: undescribed key 'extra'".to_string()));
    }

    fn demo_json(args: &[&str]) -> Value {
        Run::of(
            twohats()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(args)
                .args(["--config", DEMO_CONFIG, "--format", "json"]),
        )
        .ok_json()
    }

    #[test]
    fn the_demo_report_matches_the_schema() {
        let value = demo_json(&["report", "--from", DEMO_FROM, "--to", DEMO_TO]);
        assert_eq!(value["managers"].as_array().unwrap().len(), 3);
        assert_eq!(value["weeks"].as_array().unwrap().len(), 7);
        assert_eq!(check(&value), Vec::<String>::new());
    }

    #[test]
    fn the_demo_week_matches_the_schema() {
        let value = demo_json(&["week", "--week", "2026-W47"]);
        assert_eq!(value["weeks"], json!(["2026-W47"]));
        assert_eq!(check(&value), Vec::<String>::new());
    }
    #[test]
    fn a_report_with_1_1_coverage_per_member_matches_the_schema() {
        let value = Run::of(twohats().current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "report",
            "--config",
            "fixtures/coverage/jonas.toml",
            "--from",
            "2026-10-26",
            "--to",
            "2026-11-22",
            "--format",
            "json",
        ]))
        .ok_json();
        let members = &value["managers"][0]["weeks"][0]["one_on_ones"]["members"];
        assert_eq!(members.as_array().unwrap().len(), 4);
        assert_eq!(check(&value), Vec::<String>::new());
    }
}

#[test]
fn each_weeks_file_has_the_same_columns_whatever_the_week_held() {
    // A weekly job appending rows: W10 holds a 1:1 only, W11 also an event
    // no rule knows ("blocks") and a focus block ("coding"). Both files
    // have a column for every category the config can count.
    let dir = tempfile::tempdir().unwrap();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n\
        BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260303T100000Z\r\nDTEND:20260303T110000Z\r\nSUMMARY:1:1 Ben\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T120000Z\r\nSUMMARY:Quarterly planning\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260311T100000Z\r\nDTEND:20260311T120000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";
    fs::write(dir.path().join("cal.ics"), ics).unwrap();
    let header = |monday: &str| {
        let out = dir.path().join(monday);
        let run = common::Run::of(common::twohats().current_dir(dir.path()).args([
            "report",
            "--ics",
            "cal.ics",
            "--reports",
            "3",
            "--tz",
            "UTC",
            "--from",
            monday,
            "--to",
            monday,
            "--out",
            out.to_str().unwrap(),
        ]));
        assert_eq!(run.code, 0, "{}", run.stderr);
        let csv = fs::read_to_string(out.join("weeks.csv")).unwrap();
        csv.lines().next().unwrap().to_string()
    };
    let (w10, w11) = (header("2026-03-02"), header("2026-03-09"));
    assert_eq!(w10, w11);
    for category in [
        "blocks",
        "coding",
        "commits",
        "code review",
        "one-on-ones",
        "hiring",
    ] {
        assert!(
            w10.contains(&format!("category:{category}")),
            "{category}: {w10}"
        );
    }
    // No column for a rule that counts no time (`ignore`).
    assert!(!w10.contains("category:personal"), "{w10}");
}
