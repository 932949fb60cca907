//! The bundled demo (fixtures/demo): `twohats week` gives the figures a
//! reader of the fixtures computes. The expected figures are in
//! fixtures/demo/expected.csv, worked out by hand (NOTES.md shows the
//! derivations) and cross-checked by an independent script
//! (fixtures/demo/cross_check.py), which the last test runs.

mod common;

use common::{ok_json, repo_path, twohats, Run, DEMO_CONFIG, DEMO_FROM, DEMO_TO};
use serde_json::Value;

fn week_json(week: &str) -> Value {
    let run = Run::of(twohats().args([
        "week",
        "--config",
        DEMO_CONFIG,
        "--week",
        week,
        "--format",
        "json",
    ]));
    let json = run.ok_json();
    assert!(
        run.stderr.is_empty(),
        "the demo reads without warnings: {}",
        run.stderr
    );
    json
}

#[test]
fn every_demo_week_matches_the_figures_worked_out_by_hand() {
    let expected = std::fs::read_to_string("fixtures/demo/expected.csv").unwrap();
    let mut lines = expected.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col =
        |row: &[&str], name: &str| row[header.iter().position(|h| *h == name).unwrap()].to_string();
    let mut by_week: std::collections::BTreeMap<String, Vec<Vec<String>>> = Default::default();
    for line in lines {
        let row: Vec<&str> = line.split(',').collect();
        by_week
            .entry(col(&row, "week"))
            .or_default()
            .push(row.iter().map(|s| s.to_string()).collect());
    }
    assert_eq!(by_week.len(), 7, "W41 to W47");
    for (week, rows) in by_week {
        let json = week_json(&week);
        let managers = json["managers"].as_array().unwrap();
        assert_eq!(managers.len(), 3);
        for row in rows {
            let row: Vec<&str> = row.iter().map(String::as_str).collect();
            let name = col(&row, "manager");
            let m = managers
                .iter()
                .find(|m| m["name"] == name.as_str())
                .unwrap();
            let w = &m["weeks"][0];
            let ctx = format!("{name} {week}");
            for kind in ["coding", "people", "other", "tracked"] {
                let minutes: f64 = col(&row, &format!("{kind}_min")).parse().unwrap();
                let hours = w["hours"][kind].as_f64().unwrap();
                assert_eq!(
                    hours,
                    (minutes / 60.0 * 100.0).round() / 100.0,
                    "{ctx} {kind}"
                );
            }
            assert_eq!(
                w["coding_share_pct"].as_f64().unwrap(),
                col(&row, "coding_share_pct").parse::<f64>().unwrap(),
                "{ctx}"
            );
            assert_eq!(w["verdict"], col(&row, "verdict").as_str(), "{ctx}");
            for count in ["commits", "sessions", "events"] {
                assert_eq!(
                    w[count].as_u64().unwrap().to_string(),
                    col(&row, count),
                    "{ctx} {count}"
                );
            }
            let after: f64 = col(&row, "after_hours_coding_min").parse().unwrap();
            assert_eq!(
                w["after_hours_coding"].as_f64().unwrap(),
                (after / 60.0 * 100.0).round() / 100.0,
                "{ctx} after hours"
            );
        }
    }
}

#[test]
fn jonas_week_47_by_category_as_derived_in_the_notes() {
    let json = week_json("2026-W47");
    let jonas = &json["managers"][0];
    assert_eq!(jonas["name"], "Jonas Weber");
    assert_eq!(
        (jonas["band"].as_str(), jonas["limit_pct"].as_f64()),
        (Some("small"), Some(30.0))
    );
    let c = &jonas["weeks"][0]["categories"];
    // Focus time 2 × 3:00; sessions 1:35 + 0:45 + 1:40 + 0:50 + 2:55 = 7:45.
    assert_eq!(c["coding"], 6.0);
    assert_eq!(c["commits"], 7.75);
    // Interview Wed 13:30-14:30 and Hiring sync Wed 16:30-17:00.
    assert_eq!(c["hiring"], 1.5);
}

#[test]
fn the_demo_summaries_name_the_sustained_manager() {
    let v = ok_json(&[
        "report",
        "--config",
        DEMO_CONFIG,
        "--from",
        DEMO_FROM,
        "--to",
        DEMO_TO,
        "--format",
        "json",
    ]);
    let summary = |i: usize| v["managers"][i]["summary"].clone();
    // NOTES.md "Expected verdicts".
    assert_eq!(summary(0)["sustained_over"], true);
    assert_eq!(summary(0)["weeks_over"], 6);
    assert_eq!(summary(1)["sustained_over"], false);
    assert_eq!(summary(1)["weeks_over"], 4);
    assert_eq!(summary(2)["weeks_with_data"], 6);
    assert_eq!(summary(2)["weeks_watch"], 3);
}

/// expected.csv is not only twohats agreeing with itself: a separate Python
/// implementation of docs/model.md, reading the same inputs with its own
/// parsers, computes the same figures (see the script's docstring for what
/// it implements).
#[test]
fn an_independent_script_computes_the_same_expected_figures() {
    let script = repo_path("fixtures/demo/cross_check.py");
    // Never skipped: without python3 this check would pass unchecked.
    let out = (std::process::Command::new("python3").arg(&script).output())
        .unwrap_or_else(|e| panic!("cannot run python3 for {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("all 21 manager-weeks"), "{stdout}");
}
