//! `twohats share` and reading shares: a director's report from the
//! managers' share files gives what the managers' own sources give; a share
//! holds figures and nothing that identifies an event, a person, a file or
//! a commit; and a bad share is a one-line error naming the file, with the
//! file left as it was.

mod common;

use common::{
    repo_path, run_in_folder, twohats, write_files, Run, DEMO_CONFIG, DEMO_FROM, DEMO_TO,
};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

const DEMO_MANAGERS: [(&str, &str); 3] = [
    ("Jonas Weber", "jonas"),
    ("Priya Natarajan", "priya"),
    ("Eleanor Hughes", "eleanor"),
];

/// Each demo manager runs `share` over the demo's weeks (or `from..to`),
/// writing `dir/<slug>.json`.
/// `twohats report` of the config at `config` over the demo's weeks, then
/// `extra`.
fn demo_report(config: &std::path::Path, extra: &[&str]) -> Run {
    let config = config.to_str().unwrap();
    let range = ["--from", DEMO_FROM, "--to", DEMO_TO];
    Run::of(
        twohats()
            .args(["report", "--config", config])
            .args(range)
            .args(extra),
    )
}

fn share_demo(dir: &Path, from: &str, to: &str) -> Vec<PathBuf> {
    DEMO_MANAGERS
        .iter()
        .map(|(name, slug)| {
            let out = dir.join(format!("{slug}.json"));
            let run = Run::of(
                twohats()
                    .args(["share", "--config", DEMO_CONFIG, "--manager", name])
                    .args(["--from", from, "--to", to, "--out", out.to_str().unwrap()]),
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
            assert_eq!(run.stderr, "", "the demo shares without warnings");
            out
        })
        .collect()
}

/// A director's config reading only share files (the demo's thresholds are
/// the defaults).
fn director_config(dir: &Path, extra: &str) -> PathBuf {
    let mut text = String::new();
    for (name, slug) in DEMO_MANAGERS {
        text.push_str(&format!(
            "[[manager]]\nname = \"{name}\"\nfigures = [\"{slug}.json\"]\n"
        ));
        if slug == "jonas" {
            text.push_str(extra);
        }
        text.push('\n');
    }
    let path = dir.join("director.toml");
    fs::write(&path, text).unwrap();
    path
}

fn report_json(config: &Path) -> Value {
    let run = Run::of(twohats().args([
        "report",
        "--config",
        config.to_str().unwrap(),
        "--from",
        DEMO_FROM,
        "--to",
        DEMO_TO,
        "--format",
        "json",
    ]));
    run.ok_json()
}

/// The keys a share carries, per week, and the verdict the reader decides.
const WEEK_KEYS: [&str; 8] = [
    "hours",
    "categories",
    "after_hours_coding",
    "commits",
    "sessions",
    "events",
    "coding_share_pct",
    "verdict",
];

#[test]
fn a_directors_report_from_the_three_shares_equals_the_report_from_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let from_sources = report_json(&repo_path(DEMO_CONFIG));
    let from_shares = report_json(&director_config(dir.path(), ""));
    let (a, b) = (
        from_sources["managers"].as_array().unwrap(),
        from_shares["managers"].as_array().unwrap(),
    );
    assert_eq!(a.len(), 3);
    assert_eq!(b.len(), 3);
    for (a, b) in a.iter().zip(b) {
        for key in [
            "name",
            "reports",
            "band",
            "limit_pct",
            "timezone",
            "summary",
        ] {
            assert_eq!(a[key], b[key], "{} {key}", a["name"]);
        }
        assert_eq!(b["source"], "share");
        let (wa, wb) = (
            a["weeks"].as_array().unwrap(),
            b["weeks"].as_array().unwrap(),
        );
        assert_eq!(wa.len(), 7, "W41 to W47");
        assert_eq!(wa.len(), wb.len());
        for (wa, wb) in wa.iter().zip(wb) {
            assert_eq!(wa["week"], wb["week"]);
            for key in WEEK_KEYS {
                assert_eq!(wa[key], wb[key], "{} {} {key}", a["name"], wa["week"]);
            }
        }
    }
    // And what fixtures/demo/expected.csv works out by hand: Jonas, W47,
    // 13.75 h coding of 27.00 h = 50.9%, over his small band's 30%;
    // Eleanor's W45 has 2.75 h: insufficient data.
    let jonas_w47 = &b[0]["weeks"][6];
    assert_eq!(jonas_w47["hours"]["coding"], 13.75);
    assert_eq!(jonas_w47["hours"]["tracked"], 27.0);
    assert_eq!(jonas_w47["coding_share_pct"], 50.9);
    assert_eq!(jonas_w47["verdict"], "over");
    assert_eq!(b[2]["weeks"][4]["verdict"], "insufficient-data");
}

#[test]
fn a_share_holds_figures_and_no_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let files = share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let share: Value = serde_json::from_slice(&fs::read(&files[0]).unwrap()).unwrap();
    assert_eq!(share["schema"], "twohats-share/v1");
    assert_eq!(
        share["tool"],
        format!("twohats {}", env!("CARGO_PKG_VERSION"))
    );
    let generated = share["generated"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(generated).is_ok(),
        "{generated}"
    );
    assert_eq!(
        share["manager"],
        serde_json::json!({"name": "Jonas Weber", "reports": 4, "timezone": "Europe/Berlin", "group": null})
    );
    let weeks = share["weeks"].as_array().unwrap();
    // The 7 weeks asked for, and the 3 before them for the trends.
    assert_eq!(weeks.len(), 10);
    assert_eq!(weeks[0]["week"], "2026-W38");
    // W47 as NOTES.md derives it: 13:45 coding, 7:30 people, 5:45 other,
    // 27:00 tracked; 10 commits, 5 sessions, 23 events; 0:25 after hours.
    let w47 = &weeks[9];
    assert_eq!(w47["week"], "2026-W47");
    assert_eq!(w47["start"], "2026-11-16");
    assert_eq!(
        w47["hours"],
        serde_json::json!({"coding": 13.75, "people": 7.5, "other": 5.75, "tracked": 27.0})
    );
    assert_eq!(
        (
            w47["commits"].as_u64(),
            w47["sessions"].as_u64(),
            w47["events"].as_u64()
        ),
        (Some(10), Some(5), Some(23))
    );
    // 25 min = 0.416666… h, to 4 decimals.
    assert_eq!(w47["after_hours_coding"], 0.4167);
    assert_eq!(w47["categories"]["on-call"], 0.5);
    for w in weeks {
        for key in ["verdict", "band", "limit_pct"] {
            assert!(w.get(key).is_none(), "the reader decides {key}");
        }
    }
    assert!(share.get("band").is_none() && share["manager"].get("band").is_none());
}

#[test]
fn the_report_folder_from_shares_is_the_report_folder_from_sources() {
    let dir = tempfile::tempdir().unwrap();
    share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let config = director_config(dir.path(), "");
    let (a, b) = (
        dir.path().join("from-sources"),
        dir.path().join("from-shares"),
    );
    for (config, out) in [(repo_path(DEMO_CONFIG), &a), (config, &b)] {
        let run = demo_report(&config, &["--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let (fa, fb) = (common::files_under(&a), common::files_under(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    // Every manager has a chart.
    for slug in ["jonas-weber", "priya-natarajan", "eleanor-hughes"] {
        assert!(fb.contains_key(&format!("charts/{slug}.svg")), "{slug}");
        assert!(fb.contains_key(&format!("charts/{slug}.png")), "{slug}");
    }
    for (name, bytes) in &fa {
        if name == "report.json" {
            continue; // says which figures came from shares
        }
        assert!(&fb[name] == bytes, "{name} differs");
    }
}

#[test]
fn week_and_explain_read_shared_managers() {
    let dir = tempfile::tempdir().unwrap();
    share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let config = director_config(dir.path(), "");
    let config = config.to_str().unwrap();
    let week = Run::of(twohats().args([
        "week", "--config", config, "--week", "2026-W47", "--format", "json",
    ]))
    .ok_json();
    // expected.csv: Priya W47 3.33 h of 25.33 h = 13.2%, ok against 20%.
    let priya = &week["managers"][1];
    assert_eq!(priya["weeks"][0]["coding_share_pct"], 13.2);
    assert_eq!(priya["weeks"][0]["verdict"], "ok");
    let explain = Run::of(twohats().args([
        "explain",
        "--config",
        config,
        "--week",
        "2026-W47",
        "--manager",
        "Priya Natarajan",
    ]));
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    let shown = dir.path().join("priya.json").display().to_string();
    assert_eq!(
        explain.stdout,
        format!(
            "Priya Natarajan · 2026-W47 · America/Los_Angeles\n  figures from a share ({shown}): a share holds no intervals to list\n"
        )
    );
}

#[test]
fn the_last_complete_week_of_shares_is_read_in_their_zones() {
    // Sunday 22 November 2026, 23:30 in Los Angeles: W47 has ended in
    // Berlin (Jonas, Eleanor) but not for Priya (America/Los_Angeles). The
    // last complete week for all is W46, from the shares as from the
    // sources, whatever the director's own zone.
    let dir = tempfile::tempdir().unwrap();
    share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let director = director_config(dir.path(), "");
    let last_week = |config: &str| {
        let run = Run::of(
            twohats()
                .args(["report", "--config", config, "--weeks", "1"])
                .args(["--today", "2026-11-22T23:30:00-08:00", "--format", "json"]),
        );
        let doc = run.ok_json();
        let statuses: Vec<Value> = (doc["managers"].as_array().unwrap().iter())
            .map(|m| m["weeks"][0]["status"].clone())
            .collect();
        (doc["weeks"].clone(), statuses)
    };
    let complete = (
        serde_json::json!(["2026-W46"]),
        vec![Value::from("complete"); 3],
    );
    assert_eq!(last_week(director.to_str().unwrap()), complete);
    assert_eq!(last_week(DEMO_CONFIG), complete);
}

#[test]
fn a_week_missing_from_the_shares_has_no_data_never_zeros() {
    let dir = tempfile::tempdir().unwrap();
    // Shares of W46 (9 Nov) to W47, with the 3 weeks before them (W43-W45)
    // for the trends: W41 and W42 are in no share.
    share_demo(dir.path(), "2026-11-09", DEMO_TO);
    // Even with no minimum of tracked time, a missing week has no verdict.
    let text = fs::read_to_string(director_config(dir.path(), "")).unwrap();
    let config = dir.path().join("director.toml");
    fs::write(
        &config,
        format!("[thresholds]\nmin_tracked_hours = 0.0\n\n{text}"),
    )
    .unwrap();
    let json = report_json(&config);
    let jonas = &json["managers"][0];
    let verdicts: Vec<&str> = jonas["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["verdict"].as_str().unwrap())
        .collect();
    // expected.csv: W43-W47 over.
    assert_eq!(
        verdicts,
        [
            "insufficient-data",
            "insufficient-data",
            "over",
            "over",
            "over",
            "over",
            "over"
        ]
    );
    assert_eq!(
        jonas["weeks_not_shared"],
        serde_json::json!(["2026-W41", "2026-W42"])
    );
    assert_eq!(jonas["summary"]["weeks_with_data"], 5);
    // Its figures are null in the JSON, as blank as in the CSV below.
    let w41 = &jonas["weeks"][0];
    for key in ["hours", "coding_share_pct", "commits", "one_on_one_hours"] {
        assert_eq!(w41[key], Value::Null, "{key}");
    }
    assert!(jonas["weeks"][2]["hours"]["tracked"].as_f64().unwrap() > 0.0);

    // CSV, Markdown and the table leave its figures empty, not 0.00.
    let other = |format: &str| {
        let run = demo_report(&config, &["--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let csv = other("csv");
    let w41 = csv
        .lines()
        .find(|l| l.starts_with("Jonas Weber,2026-W41,"))
        .unwrap();
    // manager, week, start, timezone, reports, band, limit, then the hours.
    let cells: Vec<&str> = w41.split(',').collect();
    assert_eq!(cells[7..12], ["", "", "", "", ""], "{w41}");
    assert_eq!(cells[12], "insufficient-data");
    // W48, after the shares end: no figures, but its 4-week share is the
    // JSON's, over the shared weeks with data before it.
    let w48 = |format: &str| {
        let args = [
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--today",
            "2026-12-07",
        ];
        let run = Run::of(
            twohats()
                .args(["report", "--config", config.to_str().unwrap()])
                .args(args)
                .args(["--format", format]),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let json: Value = serde_json::from_str(&w48("json")).unwrap();
    let rolling_json = json["managers"][0]["weeks"][0]["rolling_share_pct"]
        .as_f64()
        .unwrap();
    let csv48 = w48("csv");
    let header: Vec<&str> = csv48.lines().next().unwrap().split(',').collect();
    let at = header
        .iter()
        .position(|h| *h == "rolling_share_pct")
        .unwrap();
    let row: Vec<&str> = csv48.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[at].parse::<f64>().unwrap(), rolling_json, "{csv48}");
    let md = other("markdown");
    let w41 = md.lines().find(|l| l.starts_with("| 2026-W41 |")).unwrap();
    assert!(
        w41.starts_with("| 2026-W41 | 2026-10-05 | – | – | – | – | – | insufficient-data | – |"),
        "{w41}"
    );
    let table = other("table");
    let w41 = table
        .lines()
        .find(|l| l.contains("Jonas") && l.contains("2026-W41"))
        .unwrap();
    assert!(!w41.contains("0.00") && w41.contains("–"), "{w41}");
    // The week view says so too, with no 0.0 h of tracked time.
    let run = Run::of(twohats().args([
        "week",
        "--config",
        config.to_str().unwrap(),
        "--week",
        "2026-W41",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let jonas = run.stdout.split("\n\n").next().unwrap();
    assert_eq!(
        jonas.lines().nth(1),
        Some("  INSUFFICIENT-DATA  no share holds this week: no figures"),
        "{jonas}"
    );
    assert!(!jonas.contains("0.0"), "{jonas}");
    // The page draws no cell for it, and its legend says why.
    let out = dir.path().join("folder");
    let run = demo_report(&config, &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("blank: a week no share holds, so no figures for it"),
        "no legend line"
    );
}

#[test]
fn shares_of_one_manager_merge_by_week_and_a_conflict_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let early = dir.path().join("early");
    let late = dir.path().join("late");
    fs::create_dir_all(&early).unwrap();
    fs::create_dir_all(&late).unwrap();
    share_demo(&early, DEMO_FROM, "2026-10-31"); // W41-W44
    share_demo(&late, "2026-10-26", DEMO_TO); // W44-W47: W44 in both
    let jonas = dir.path().join("jonas");
    fs::create_dir_all(&jonas).unwrap();
    fs::copy(early.join("jonas.json"), jonas.join("1-early.json")).unwrap();
    fs::copy(late.join("jonas.json"), jonas.join("2-late.json")).unwrap();
    let run = Run::of(twohats().args([
        "report",
        "--figures",
        jonas.to_str().unwrap(),
        "--from",
        DEMO_FROM,
        "--to",
        DEMO_TO,
        "--format",
        "json",
    ]));
    let json = run.ok_json();
    // Named by the share; every week W41-W47 has figures (expected.csv:
    // watch, then six weeks over).
    let m = &json["managers"][0];
    assert_eq!(m["name"], "Jonas Weber");
    assert_eq!(m["summary"]["weeks_over"], 6);
    assert_eq!(m["summary"]["weeks_watch"], 1);
    assert!(m.get("weeks_not_shared").is_none());

    // The late file's W44 changed: the same week, different figures.
    let late_file = jonas.join("2-late.json");
    let text = fs::read_to_string(&late_file).unwrap();
    let changed = text.replacen("\"commits\": 10,", "\"commits\": 11,", 1);
    assert_ne!(text, changed);
    fs::write(&late_file, &changed).unwrap();
    let run = Run::of(twohats().args([
        "report",
        "--figures",
        jonas.to_str().unwrap(),
        "--from",
        DEMO_FROM,
        "--to",
        DEMO_TO,
    ]));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {} and {} both hold 2026-W44 with different figures: keep the newer file only\n",
            jonas.join("1-early.json").display(),
            late_file.display()
        )
    );
    assert_eq!(fs::read_to_string(&late_file).unwrap(), changed);
}

#[test]
fn the_directors_reports_override_the_shares() {
    let dir = tempfile::tempdir().unwrap();
    share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    // Jonas's share says 4 reports (small band, 30%); the director knows 12.
    let json = report_json(&director_config(
        dir.path(),
        "reports = 12\ngroup = \"Payments\"\n",
    ));
    let jonas = &json["managers"][0];
    assert_eq!(
        (
            jonas["reports"].as_u64(),
            jonas["band"].as_str(),
            jonas["limit_pct"].as_f64()
        ),
        (Some(12), Some("large"), Some(10.0))
    );
    assert_eq!(jonas["group"], "Payments");
    assert!(
        json["warnings"].as_array().unwrap().is_empty(),
        "the names agree"
    );
    // W41: 29.6% is now over the 10% limit (it was watch against 30%).
    assert_eq!(jonas["weeks"][0]["verdict"], "over");
}

#[test]
fn the_chart_draws_no_1_1_point_for_a_week_no_share_holds() {
    // Shares of W46-W47 with W43-W45 before them: of the report's seven
    // weeks (W41-W47), W41 and W42 are in no share. Jonas's chart has a
    // 1:1 point (radius 3) for each of the five others, none at 0 h for
    // the two.
    let dir = tempfile::tempdir().unwrap();
    share_demo(dir.path(), "2026-11-09", DEMO_TO);
    let out = dir.path().join("out");
    let config = director_config(dir.path(), "");
    let run = demo_report(&config, &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = fs::read_to_string(out.join("charts/jonas-weber.svg")).unwrap();
    assert_eq!(svg.matches(r#"r="3""#).count(), 5, "{svg}");
}

#[test]
fn a_share_of_shares_says_the_weeks_it_holds() {
    // Jonas's share of W41-W47 (and W38-W40 before them) without W44:
    // shared again, it holds 6 of the 7 weeks, and says which it lacks.
    let dir = tempfile::tempdir().unwrap();
    let shares = share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let jonas = shares.iter().find(|p| p.ends_with("jonas.json")).unwrap();
    let mut share: Value = serde_json::from_str(&fs::read_to_string(jonas).unwrap()).unwrap();
    let weeks = share["weeks"].as_array_mut().unwrap();
    weeks.retain(|w| w["week"] != "2026-W44");
    let gap = dir.path().join("gap").join("jonas.json");
    fs::create_dir(gap.parent().unwrap()).unwrap();
    fs::write(&gap, serde_json::to_string(&share).unwrap()).unwrap();
    let out = dir.path().join("again.json");
    let run = Run::of(
        twohats()
            .args(["share", "--figures", gap.to_str().unwrap()])
            .args([
                "--from",
                DEMO_FROM,
                "--to",
                DEMO_TO,
                "--out",
                out.to_str().unwrap(),
            ]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "wrote Jonas Weber's figures for 6 week(s), and the 3 before them for the trends, to {}\nleft out 1 week(s) no share held: 2026-W44\n",
            out.display()
        )
    );
    let again: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(again["weeks"].as_array().unwrap().len(), 9);
}

#[test]
fn doctor_names_the_shares_of_a_manager_read_from_them() {
    // A director has no address of a manager read from shares to give.
    let dir = tempfile::tempdir().unwrap();
    let shares = share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let jonas = shares.iter().find(|p| p.ends_with("jonas.json")).unwrap();
    let jonas = jonas.to_str().unwrap();
    let run = Run::of(twohats().args([
        "doctor",
        "--figures",
        jonas,
        "--from",
        DEMO_FROM,
        "--to",
        DEMO_TO,
    ]));
    assert!(
        run.stdout
            .contains(&format!("Jonas Weber · figures from {jonas}\n")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("no address given"), "{}", run.stdout);
}

#[test]
fn a_share_given_by_flag_for_a_manager_of_the_config_is_refused() {
    // Priya is in the director's config; her share given again with
    // --figures would be a fourth manager of her name, counted twice in
    // the groups and in --fail-on.
    let dir = tempfile::tempdir().unwrap();
    let shares = share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    let config = director_config(dir.path(), "");
    let priya = shares.iter().find(|p| p.ends_with("priya.json")).unwrap();
    let run = demo_report(&config, &["--figures", priya.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: two managers are named 'Priya Natarajan', one in the config and one from the flags: names must be unique (give the flags' manager another --name, or leave the flags out)\n"
    );
    // Under a name of their own, both are read.
    let renamed = [
        "--figures",
        priya.to_str().unwrap(),
        "--name",
        "Priya (again)",
    ];
    assert_eq!(demo_report(&config, &renamed).code, 0);
}

// ---------------------------------------------------------------------------
// Privacy

/// Every value of the given properties in an .ics (unfolded), and every CN.
fn ics_values(text: &str, properties: &[&str]) -> Vec<String> {
    let unfolded = text.replace("\r\n ", "").replace("\n ", "");
    let mut out = Vec::new();
    for line in unfolded.lines() {
        let (head, value) = match line.split_once(':') {
            Some(x) => x,
            None => continue,
        };
        let name = head.split(';').next().unwrap();
        if properties.contains(&name) {
            out.push(value.trim_start_matches("mailto:").to_string());
        }
        for param in head.split(';').skip(1) {
            if let Some(cn) = param.strip_prefix("CN=") {
                out.push(cn.trim_matches('"').to_string());
            }
        }
    }
    out
}

fn commit_hashes(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.strip_prefix("commit "))
        .map(|h| h[..40].to_string())
        .collect()
}

/// Nothing of `secrets` appears in `share` (case-insensitive), except the
/// manager's own name.
fn assert_holds_none(share: &str, secrets: &[String], manager: &str) {
    let lower = share.to_lowercase();
    for s in secrets {
        let s = s.trim();
        if s.is_empty() || s == manager {
            continue;
        }
        assert!(
            !lower.contains(&s.to_lowercase()),
            "the share holds {s:?}:\n{share}"
        );
    }
}

#[test]
fn shares_of_the_demo_hold_no_title_attendee_uid_path_or_hash() {
    let dir = tempfile::tempdir().unwrap();
    let files = share_demo(dir.path(), DEMO_FROM, DEMO_TO);
    for ((name, slug), file) in DEMO_MANAGERS.iter().zip(&files) {
        let share = fs::read_to_string(file).unwrap();
        let folder = repo_path("fixtures/demo").join(slug);
        let ics = fs::read_to_string(folder.join("calendar.ics")).unwrap();
        let mut secrets = ics_values(
            &ics,
            &[
                "SUMMARY",
                "DESCRIPTION",
                "LOCATION",
                "UID",
                "ATTENDEE",
                "ORGANIZER",
            ],
        );
        // Titles that are a category's own name ("Coding") are figures' labels.
        let categories: Vec<String> = serde_json::from_str::<Value>(&share).unwrap()["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|w| {
                w["categories"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect();
        secrets.retain(|s| !categories.iter().any(|c| c.eq_ignore_ascii_case(s.trim())));
        assert!(
            secrets.len() > 20,
            "{slug}: the calendar has titles to look for"
        );
        for log in fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "log"))
        {
            secrets.extend(commit_hashes(&fs::read_to_string(&log).unwrap()));
            secrets.push(log.display().to_string());
        }
        secrets.push(folder.display().to_string());
        secrets.extend(["calendar.ics", "git.log", "fixtures", ".ics", "@"].map(String::from));
        assert_holds_none(&share, &secrets, name);
    }
}

const SENSITIVE_ICS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E008-pip-sam\r
DTSTAMP:20261110T090000Z\r
DTSTART;TZID=Europe/Berlin:20261117T100000\r
DTEND;TZID=Europe/Berlin:20261117T110000\r
SUMMARY:Performance improvement plan – Sam\r
DESCRIPTION:Second warning. Agenda: missed deadlines\\, HR present.\r
LOCATION:HR meeting room 2\\, 4th floor\r
ORGANIZER;CN=Ada Manager:mailto:ada@example.com\r
ATTENDEE;CN=Sam Doe;PARTSTAT=ACCEPTED:mailto:sam.doe@example.com\r
ATTENDEE;CN=Helga HR;PARTSTAT=ACCEPTED:mailto:helga.hr@example.com\r
ATTENDEE;CN=Ada Manager;PARTSTAT=ACCEPTED:mailto:ada@example.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:candidate-interview-jane-4711@example.com\r
DTSTAMP:20261110T090000Z\r
DTSTART;TZID=Europe/Berlin:20261118T140000\r
DTEND;TZID=Europe/Berlin:20261118T150000\r
SUMMARY:Interview: Jane Candidate (Staff Engineer)\r
DESCRIPTION:CV: https://recruiting.example.com/c/jane-candidate-cv.pdf\r
LOCATION:Zoom https://zoom.example.com/j/99887766\r
ORGANIZER;CN=Ada Manager:mailto:ada@example.com\r
ATTENDEE;CN=Jane Candidate;PARTSTAT=ACCEPTED:mailto:jane.candidate@gmail.com\r
ATTENDEE;CN=Ada Manager;PARTSTAT=ACCEPTED:mailto:ada@example.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:oncology-2026-11-19@private.example.org\r
DTSTAMP:20261110T090000Z\r
DTSTART;TZID=Europe/Berlin:20261119T080000\r
DTEND;TZID=Europe/Berlin:20261119T093000\r
SUMMARY:Oncologist\r
DESCRIPTION:Dr. Müller\\, bring the scans\r
LOCATION:Klinikum Mitte\\, Station 4B\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:layoffs-planning-q1@example.com\r
DTSTAMP:20261110T090000Z\r
DTSTART;TZID=Europe/Berlin:20261116T090000\r
DTEND;TZID=Europe/Berlin:20261116T170000\r
SUMMARY:Reorg planning: layoffs list (confidential)\r
LOCATION:CEO office\r
ORGANIZER;CN=Carla CEO:mailto:carla.ceo@example.com\r
ATTENDEE;CN=Ada Manager;PARTSTAT=ACCEPTED:mailto:ada@example.com\r
ATTENDEE;CN=Carla CEO;PARTSTAT=ACCEPTED:mailto:carla.ceo@example.com\r
ATTENDEE;CN=Bob CFO;PARTSTAT=ACCEPTED:mailto:bob.cfo@example.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:broken-zone-1@example.com\r
DTSTAMP:20261110T090000Z\r
DTSTART;TZID=Custom Zone Named After Sam Doe:20261120T100000\r
DTEND;TZID=Custom Zone Named After Sam Doe:20261120T110000\r
SUMMARY:Focus time: salary bands spreadsheet\r
END:VEVENT\r
END:VCALENDAR\r
";

const SENSITIVE_LOG: &str = "commit 9f2c4e81d0a7b3c5e6f8091a2b3c4d5e6f708192
Author:     Ada Manager <ada@example.com>
AuthorDate: 2026-11-18 17:05:00 +0100
Commit:     Ada Manager <ada@example.com>
CommitDate: 2026-11-18 17:05:00 +0100

    Remove Sam Doe from the payroll export (PIP)

commit 1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e
Author:     Ada Manager <ada@example.com>
AuthorDate: 2026-11-18 15:30:00 +0100
Commit:     Ada Manager <ada@example.com>
CommitDate: 2026-11-18 15:30:00 +0100

    Hotfix: leaked salary data in /srv/hr-secrets/export.csv
";

#[test]
fn a_share_of_a_sensitive_calendar_holds_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("private/ada-work.ics", SENSITIVE_ICS.as_bytes()),
            ("private/hr-tools.git.log", SENSITIVE_LOG.as_bytes()),
        ],
    );
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "share",
        "--ics",
        "private/ada-work.ics",
        "--git-log",
        "private/hr-tools.git.log",
        "--me",
        "ada@example.com",
        "--name",
        "Ada Manager",
        "--reports",
        "6",
        "--tz",
        "Europe/Berlin",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let share = run.stdout;
    // The figures are there: the 1 h PIP meeting is people work, the 1 h
    // interview too; the 8 h reorg meeting has 3 people: other.
    let json: Value = serde_json::from_str(&share).unwrap();
    // The last of the shared weeks (the 3 before it are there for trends).
    let w = &json["weeks"][3];
    assert_eq!(w["week"], "2026-W47");
    assert_eq!(w["categories"]["growth & performance"], 1.0);
    assert_eq!(w["categories"]["hiring"], 1.0);
    assert_eq!(w["categories"]["meetings"], 8.0);
    // The unknown zone was a warning: counted by kind, not quoted.
    assert_eq!(json["warnings"]["time-zone"], 1);
    let mut secrets = ics_values(
        SENSITIVE_ICS,
        &[
            "SUMMARY",
            "DESCRIPTION",
            "LOCATION",
            "UID",
            "ATTENDEE",
            "ORGANIZER",
        ],
    );
    secrets.extend(commit_hashes(SENSITIVE_LOG));
    secrets.extend(
        [
            "Sam",
            "Jane",
            "Oncolog",
            "Müller",
            "Klinikum",
            "layoffs",
            "salary",
            "PIP",
            "payroll",
            "Custom Zone",
            "private/",
            "ada-work",
            "hr-tools",
            "hr-secrets",
            "9f2c4e81",
            "1b2c3d4e",
            "zoom",
            "https",
            "@",
            "Carla",
            "Helga",
            "Bob",
        ]
        .map(String::from),
    );
    secrets.push(dir.path().display().to_string());
    assert_holds_none(&share, &secrets, "Ada Manager");
}

// ---------------------------------------------------------------------------
// Bad shares: untrusted input

/// A valid share of 2026-W47 (Europe/Berlin, 168 h): 10 h coding, 20 h
/// people, 10 h other of 40 h; 7 reports → medium band, 20% limit; 25%:
/// over. `edit` changes the text before it is written.
fn share_text(edit: impl Fn(String) -> String) -> String {
    edit(
        r#"{
  "schema": "twohats-share/v1",
  "tool": "twohats 0.1.0",
  "generated": "2026-11-23T08:00:00Z",
  "manager": {"name": "Grace Hopper", "reports": 7, "timezone": "Europe/Berlin", "group": "Compilers"},
  "weeks": [
    {"week": "2026-W47", "start": "2026-11-16",
     "hours": {"coding": 10.0, "people": 20.0, "other": 10.0, "tracked": 40.0},
     "coding_share_pct": 25.0,
     "categories": {"commits": 10.0, "one-on-ones": 20.0, "meetings": 10.0},
     "after_hours_coding": 1.5, "commits": 5, "sessions": 2, "events": 20}
  ],
  "warnings": {}
}
"#
        .to_string(),
    )
}

#[test]
fn a_valid_share_read_with_figures() {
    let text = share_text(|t| t);
    let run = run_in_folder(
        &[("grace.json", text.as_bytes())],
        &[
            "week",
            "--figures",
            "grace.json",
            "--week",
            "2026-W47",
            "--format",
            "json",
        ],
    );
    let json = run.ok_json();
    let m = &json["managers"][0];
    assert_eq!(m["name"], "Grace Hopper");
    assert_eq!(
        (m["band"].as_str(), m["limit_pct"].as_f64()),
        (Some("medium"), Some(20.0))
    );
    assert_eq!(m["group"], "Compilers");
    let w = &m["weeks"][0];
    assert_eq!(
        (w["coding_share_pct"].as_f64(), w["verdict"].as_str()),
        (Some(25.0), Some("over"))
    );
    assert_eq!(w["after_hours_coding"], 1.5);
}

/// Runs `week --figures share.json` on `bytes`: exit 2, exactly `message`
/// (after "error: "), and the file unchanged (`run_in_folder` checks it).
fn refused(bytes: &[u8], message: &str) {
    let run = run_in_folder(
        &[("share.json", bytes)],
        &["week", "--figures", "share.json", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stderr, format!("error: {message}\n"));
    assert_eq!(run.stdout, "");
}

fn refused_edit(edit: impl Fn(String) -> String, message: &str) {
    let text = share_text(edit);
    refused(text.as_bytes(), message);
}

#[test]
fn a_file_that_is_not_json() {
    refused(
        b"not json",
        "share.json: not JSON: expected ident at line 1 column 2",
    );
    refused(
        b"",
        "share.json: not JSON: EOF while parsing a value at line 1 column 0",
    );
    refused(b"[1, 2]", "share.json: is a list, not a twohats share");
}

#[test]
fn a_wrong_schema_or_version() {
    refused_edit(
        |t| t.replace("twohats-share/v1", "twohats-share/v2"),
        "share.json: schema is 'twohats-share/v2'; this twohats reads twohats-share/v1: update twohats, or ask for a twohats-share/v1 file",
    );
    refused_edit(
        |t| t.replace("twohats-share/v1", "twohats/v1"),
        "share.json: schema is 'twohats/v1': a report, not a share; write one with `twohats share`",
    );
    refused_edit(
        |t| t.replace("\"schema\": \"twohats-share/v1\",", ""),
        "share.json: no schema: not a twohats share (twohats-share/v1)",
    );
}

#[test]
fn negative_or_non_finite_hours() {
    refused_edit(
        |t| t.replace("\"people\": 20.0", "\"people\": -20.0"),
        "share.json: weeks[0].hours.people: -20 h is negative",
    );
    refused_edit(
        |t| t.replace("\"coding\": 10.0", "\"coding\": \"NaN\""),
        "share.json: weeks[0].hours.coding: \"NaN\" is not a number of hours",
    );
    refused_edit(
        |t| t.replace("\"coding\": 10.0", "\"coding\": null"),
        "share.json: weeks[0].hours.coding: null is not a number of hours",
    );
    // JSON has no infinity: a number too large for a float is not JSON.
    refused_edit(
        |t| t.replace("\"commits\": 10.0", "\"commits\": 1e999"),
        "share.json: not JSON: number out of range at line 10 column 36",
    );
    refused_edit(
        |t| t.replace("\"commits\": 5", "\"commits\": -5"),
        "share.json: weeks[0].commits: -5 is not a count (a whole number from 0)",
    );
}

#[test]
fn hours_that_do_not_add_up() {
    // 10 + 20 + 10 = 40, not 41.
    refused_edit(
        |t| t.replace("\"tracked\": 40.0", "\"tracked\": 41.0"),
        "share.json: weeks[0].hours: coding + people + other = 40 h, not tracked (41 h)",
    );
    // Within rounding (0.01 h per term) is fine: 39.98 + 0.01 × 3 ≥ 40.
    let text = share_text(|t| {
        t.replace("\"tracked\": 40.0", "\"tracked\": 39.98")
            .replace("\"meetings\": 10.0", "\"meetings\": 9.98")
    });
    let run = run_in_folder(
        &[("share.json", text.as_bytes())],
        &["week", "--figures", "share.json", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Categories: 10 + 20 + 5 = 35, not 40.
    refused_edit(
        |t| t.replace("\"meetings\": 10.0", "\"meetings\": 5.0"),
        "share.json: weeks[0].categories: the categories = 35 h, not tracked (40 h)",
    );
    // A category with no time is never written, and padding with tiny
    // ones does not stretch the rounding: 3,000 of 0.001 h beside commits
    // 10 h and 1:1s 20 h make 33 h of categories against 40 h tracked, 7 h
    // off, which 3,002 terms × 0.01 h would have forgiven.
    refused_edit(
        |t| t.replace("\"meetings\": 10.0", "\"meetings\": 10.0, \"x\": 0"),
        "share.json: weeks[0].categories[\"x\"]: 0 h is no time; a share lists only categories with time",
    );
    // Less than a second (0.0001 h is 0.36 s) is no time either: read as
    // 0 s, it would be written back as 0 and refused then.
    refused_edit(
        |t| t.replace("\"meetings\": 10.0", "\"meetings\": 10.0, \"x\": 0.0001"),
        "share.json: weeks[0].categories[\"x\"]: 0.0001 h is no time; a share lists only categories with time",
    );
    let padding: String = (0..3000).map(|i| format!("\"c{i}\": 0.001, ")).collect();
    refused_edit(
        |t| {
            t.replace(
                "\"one-on-ones\": 20.0, \"meetings\": 10.0",
                &format!("{padding}\"one-on-ones\": 20.0"),
            )
        },
        "share.json: weeks[0].categories: the categories = 33 h, not tracked (40 h)",
    );
    refused_edit(
        |t| {
            t.replace(
                "\"after_hours_coding\": 1.5",
                "\"after_hours_coding\": 12.0",
            )
        },
        "share.json: weeks[0].after_hours_coding: 12 h is more than the week's coding (10 h)",
    );
}

#[test]
fn more_than_a_week_holds() {
    // 2026-W47 in Europe/Berlin has no clock change: 168 h.
    refused_edit(
        |t| {
            t.replace("\"people\": 20.0", "\"people\": 150.0")
                .replace("\"tracked\": 40.0", "\"tracked\": 170.0")
                .replace("\"one-on-ones\": 20.0", "\"one-on-ones\": 150.0")
        },
        "share.json: weeks[0].hours.tracked: 170 h is more than the 168 h in 2026-W47",
    );
    // 2026-W43 holds the end of summer time in Berlin (Sunday 25 October):
    // 169 h, so 168.5 is possible there.
    let text = share_text(|t| {
        t.replace("2026-W47", "2026-W43")
            .replace("2026-11-16", "2026-10-19")
            .replace("\"people\": 20.0", "\"people\": 148.5")
            .replace("\"tracked\": 40.0", "\"tracked\": 168.5")
            .replace("\"one-on-ones\": 20.0", "\"one-on-ones\": 148.5")
    });
    let run = run_in_folder(
        &[("share.json", text.as_bytes())],
        &["week", "--figures", "share.json", "--week", "2026-W43"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn duplicate_weeks_and_bad_week_names() {
    refused_edit(
        |t| {
            let start = t.find("    {\"week\"").unwrap();
            let end = t.find("\n  ],").unwrap();
            let week = t[start..end].to_string();
            t.replace(&week, &format!("{week},\n{week}"))
        },
        "share.json: weeks[1]: 2026-W47 appears twice (also weeks[0])",
    );
    refused_edit(
        |t| t.replace("\"2026-W47\"", "\"2026-47\""),
        "share.json: weeks[0].week: '2026-47' is not an ISO week like 2026-W47",
    );
    refused_edit(
        |t| t.replace("2026-11-16", "2026-11-17"),
        "share.json: weeks[0].start: \"2026-11-17\" is not the Monday of 2026-W47 (2026-11-16)",
    );
    refused_edit(
        |t| t.replace("\"events\": 20", "\"evenements\": 20"),
        "share.json: weeks[0].events: missing",
    );
}

#[test]
fn a_bad_manager() {
    refused_edit(
        |t| t.replace("Europe/Berlin", "Mars/Olympus"),
        "share.json: manager.timezone: unknown time zone 'Mars/Olympus': use an IANA name like \"Europe/Berlin\"",
    );
    refused_edit(
        |t| t.replace("\"Grace Hopper\"", "\"  \""),
        "share.json: manager.name: is empty",
    );
    refused_edit(
        |t| t.replace("\"reports\": 7", "\"reports\": -7"),
        "share.json: manager.reports: -7 is not a count (a whole number from 0)",
    );
}

#[test]
fn a_two_gigabyte_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // Sparse: 2 GiB long, no disk used.
    fs::File::create(&path).unwrap().set_len(2 << 30).unwrap();
    let before = fs::metadata(&path).unwrap();
    // How fast the refusal comes is measured in scripts/bench-refusals.sh;
    // here, that the size alone refuses it (the message says why).
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "report",
        "--figures",
        "huge.json",
        "--weeks",
        "2",
    ]));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: huge.json: 2048 MiB is more than a share can be (64 MiB); is it the right file?\n"
    );
    let after = fs::metadata(&path).unwrap();
    assert_eq!(
        (after.len(), after.modified().unwrap()),
        (before.len(), before.modified().unwrap())
    );
    // Just over the cap reads as over it, rounded up.
    fs::File::create(dir.path().join("big.json"))
        .unwrap()
        .set_len((64 << 20) + 1)
        .unwrap();
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "report",
        "--figures",
        "big.json",
        "--weeks",
        "2",
    ]));
    assert_eq!(
        run.stderr,
        "error: big.json: 65 MiB is more than a share can be (64 MiB); is it the right file?\n"
    );
}

#[test]
#[cfg(unix)]
fn a_link_to_nothing_in_a_shares_folder_is_an_error_not_skipped() {
    // Its weeks would otherwise show as not shared, with nothing saying why.
    let dir = tempfile::tempdir().unwrap();
    let shares = dir.path().join("shares");
    fs::create_dir(&shares).unwrap();
    fs::write(shares.join("grace.json"), share_text(|t| t)).unwrap();
    std::os::unix::fs::symlink("/nonexistent/grace-2.json", shares.join("second.json")).unwrap();
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "week",
        "--figures",
        "shares",
        "--week",
        "2026-W47",
    ]));
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: cannot read share 'shares/second.json': No such file or directory\n"
    );
}

#[test]
fn a_missing_share_file_or_an_empty_folder() {
    let run = run_in_folder(
        &[("notes.txt", b"hi")],
        &["report", "--figures", "nope.json"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot read share 'nope.json': No such file or directory\n"
    );
    let run = run_in_folder(
        &[("shares/notes.txt", b"hi")],
        &["report", "--figures", "shares"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: shares: no share (*.json) in this folder\n"
    );
}

#[test]
fn a_share_under_another_name_is_read_with_a_warning() {
    let text = share_text(|t| t);
    let config = "[[manager]]\nname = \"Ada Lovelace\"\nfigures = [\"grace.json\"]\n";
    let run = run_in_folder(
        &[
            ("grace.json", text.as_bytes()),
            ("org.toml", config.as_bytes()),
        ],
        &["week", "--config", "org.toml", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Ada Lovelace"), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "warning: grace.json: a share of 'Grace Hopper', read as 'Ada Lovelace' as the config names them\n"
    );
}

#[test]
fn a_manager_with_both_sources_and_figures_is_refused() {
    let config = "[[manager]]\nname = \"Ada\"\ncalendars = [\"a.ics\"]\nfigures = [\"a.json\"]\n";
    let run = run_in_folder(
        &[("t.toml", config.as_bytes())],
        &["report", "--config", "t.toml"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: t.toml:1: manager[1] ('Ada') has both sources and figures: give calendars/repos/git_logs/github/gitlab/forge_files or figures, not both\n"
    );
}

#[test]
fn advice_figures_are_decided_by_the_reader_and_items_carry_categories() {
    let text = share_text(|t| {
        t.replace(
            "\"events\": 20}",
            "\"events\": 20, \"largest_coding\": [{\"source\": \"git\", \"label\": \"commits\", \"hours\": 10.0}]}",
        )
    });
    let run = run_in_folder(
        &[("grace.json", text.as_bytes())],
        &[
            "week",
            "--figures",
            "grace.json",
            "--week",
            "2026-W47",
            "--format",
            "json",
        ],
    );
    let w = &run.ok_json()["managers"][0]["weeks"][0];
    // 10 h coding of 40 h tracked, limit 20% for 7 reports: 10 − 8 = 2 h.
    assert_eq!(w["coding_over_limit_hours"], 2.0);
    // 20 h of 1:1s for 7 reports: 2.857… → 2.86 h each, not thin.
    assert_eq!(w["one_on_one_hours_per_report"], 2.86);
    assert_eq!(w["one_on_ones_thin"], false);
    assert_eq!(
        w["largest_coding"],
        serde_json::json!([{"source": "git", "label": "commits", "hours": 10.0}])
    );
}

#[test]
fn a_largest_coding_item_labelled_by_a_title_is_refused() {
    refused_edit(
        |t| {
            t.replace(
                "\"events\": 20}",
                "\"events\": 20, \"largest_coding\": [{\"source\": \"calendar\", \"label\": \"Interview: Jane Doe\", \"hours\": 1.0}]}",
            )
        },
        "share.json: weeks[0].largest_coding[0].label: 'Interview: Jane Doe' is not a category of the week (a share labels items by category, \"commits\" for git, \"code review\" for forge)",
    );
}

#[test]
fn a_name_or_category_with_a_control_character_is_refused() {
    // It would break the lines of every report that shows it.
    refused_edit(
        |t| t.replace("\"Grace Hopper\"", "\"Grace\\nHopper\""),
        "share.json: manager.name: holds a control character",
    );
    refused_edit(
        |t| t.replace("\"meetings\": 10.0", "\"meet\\rings\": 10.0"),
        "share.json: weeks[0].categories: a category name: holds a control character",
    );
}

#[test]
fn warnings_of_the_kinds_a_share_counts_are_read_as_counts() {
    let text = share_text(|t| {
        t.replace(
            "\"warnings\": {}",
            "\"warnings\": {\"time-zone\": 2, \"git\": 1, \"other\": 0}",
        )
    });
    let run = run_in_folder(
        &[("grace.json", text.as_bytes())],
        &["week", "--figures", "grace.json", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 2 + 1 warnings; a kind counted 0 times is not shown.
    assert_eq!(
        run.stderr,
        "warning: grace.json: the manager's sources gave 3 warning(s) when this share was written (git: 1, time-zone: 2)\n"
    );
}

#[test]
fn a_warning_kind_that_is_not_on_the_list_is_refused() {
    // A share counts warnings by kind; a key of its own choosing would be
    // text (a name, a title) in the director's report.
    refused_edit(
        |t| t.replace("\"warnings\": {}", "\"warnings\": {\"git\": 1, \"Ana Lima\": 3}"),
        "share.json: warnings: \"Ana Lima\" is not a kind of warning (a share counts warnings as archive, calendar-structure, encoding, git, no-reports, other, time-zone)",
    );
    // Escape sequences, a line break, a name and an address: refused
    // before any report is written, and quoted nowhere.
    let injected =
        r#""warnings": {"\u001b[31mEVIL\u001b[0m\nline2 Ana Lima <ana@example.com>": 3}"#;
    let text = share_text(|t| t.replace("\"warnings\": {}", injected));
    let other = share_text(|t| t.replace("Grace Hopper", "Ada Lovelace"));
    let config = "[[manager]]\nname = \"Grace Hopper\"\nfigures = [\"grace.json\"]\n\n\
                  [[manager]]\nname = \"Ada Lovelace\"\nfigures = [\"ada.json\"]\n";
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("grace.json", text.as_bytes()),
            ("ada.json", other.as_bytes()),
            ("org.toml", config.as_bytes()),
        ],
    );
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "report",
        "--config",
        "org.toml",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--out",
        "out",
    ]));
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: grace.json: warnings: long text is not a kind of warning (a share counts warnings as archive, calendar-structure, encoding, git, no-reports, other, time-zone)\n"
    );
    assert_eq!(run.stdout, "");
    assert!(!dir.path().join("out").exists(), "no report folder");
    for injected in ["EVIL", "Ana Lima", "ana@example.com", "\u{1b}"] {
        assert!(!run.stderr.contains(injected), "{injected}: {}", run.stderr);
    }
}

#[test]
fn a_share_is_never_written_over_an_input_or_into_a_folder_read() {
    let grace = share_text(|t| t);
    let ada = share_text(|t| t.replace("Grace Hopper", "Ada Lovelace"));
    // The other manager's share: left out by --manager, still an input.
    let config = "[[manager]]\nname = \"Ada Lovelace\"\nfigures = [\"ada.json\"]\n\
                  [[manager]]\nname = \"Grace Hopper\"\nfigures = [\"grace.json\"]\n";
    let files: [(&str, &[u8]); 3] = [
        ("ada.json", ada.as_bytes()),
        ("grace.json", grace.as_bytes()),
        ("org.toml", config.as_bytes()),
    ];
    let week = ["--from", "2026-11-16", "--to", "2026-11-22"];
    let args = ["share", "--config", "org.toml", "--manager", "Ada Lovelace"];
    let run = run_in_folder(
        &files,
        &[&args[..], &week, &["--out", "grace.json"]].concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: refusing to write the share over the input 'grace.json'; choose another --out file\n"
    );
    // A new file in a folder of shares would be read as one next time.
    let run = run_in_folder(
        &[("shares/grace.json", grace.as_bytes())],
        &[
            &["share", "--figures", "shares"][..],
            &week,
            &["--out", "shares/new.json"],
        ]
        .concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: refusing to write the share into 'shares': that folder is read as input; choose an --out file outside it\n"
    );
    // Beside the inputs it is written.
    let run = run_in_folder(
        &files,
        &[&args[..], &week, &["--out", "ada-share.json"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_week_not_over_when_the_share_was_written_is_refused() {
    // W47 ends on Monday 23 November 00:00 in Berlin (22 Nov 23:00 UTC).
    refused_edit(
        |t| t.replace("2026-11-23T08:00:00Z", "2026-11-20T08:00:00Z"),
        "share.json: 2026-W47 had not ended when the share was written (2026-11-20T08:00:00Z); a share holds complete weeks only",
    );
    refused_edit(
        |t| t.replace("2026-11-23T08:00:00Z", "last Monday"),
        "share.json: generated: 'last Monday' is not an RFC 3339 time",
    );
}

#[test]
fn a_shared_week_not_over_at_now_has_no_data_yet() {
    // Read on Wednesday 18 November, W47 is in progress: the share's
    // figures for it (written by a clock ahead) are not counted.
    let text = share_text(|t| t);
    let week = |extra: &[&str]| {
        let mut args = vec!["week", "--figures", "grace.json", "--week", "2026-W47"];
        args.extend(["--today", "2026-11-18"]);
        args.extend_from_slice(extra);
        run_in_folder(&[("grace.json", text.as_bytes())], &args)
    };
    let run = week(&["--format", "json"]);
    let json = run.ok_json();
    let w = &json["managers"][0]["weeks"][0];
    assert_eq!(w["hours"], Value::Null);
    assert_eq!(w["verdict"], "insufficient-data");
    assert_eq!(w["status"], "in-progress");
    assert_eq!(
        run.stderr,
        "warning: grace.json: holds 2026-W47, which has not ended at now; weeks from it on are left out\n"
    );
    // The terminal view says why there are no figures: not a missing week.
    let run = week(&[]);
    assert!(
        run.stdout.contains(
            "  INSUFFICIENT-DATA  shares hold complete weeks only, and this one has not ended: no figures (provisional)\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_director_sees_which_managers_a_misfiled_share_mixes_up() {
    // Grace's share filed under Ada too: the director's report names
    // managers, so the warning keeps both names (a member's would go).
    let text = share_text(|t| t);
    let config = "[[manager]]\nname = \"Ada Lovelace\"\nfigures = [\"ada.json\"]\n\
                  [[manager]]\nname = \"Grace Hopper\"\nfigures = [\"grace.json\"]\n";
    let run = run_in_folder(
        &[
            ("ada.json", text.as_bytes()),
            ("grace.json", text.as_bytes()),
            ("org.toml", config.as_bytes()),
        ],
        &[
            "report",
            "--config",
            "org.toml",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: ada.json: a share of 'Grace Hopper', read as 'Ada Lovelace' as the config names them\n"
    );
}

#[test]
fn a_directors_weekly_files_keep_one_shape_across_the_shares_categories() {
    // W46 holds "on-call", W47 "offsite": reported one week at a time, both
    // files have a column for each (categories of the weeks the share holds).
    let week = |name: &str, start: &str, category: &str| {
        format!(
            r#"{{"week": "{name}", "start": "{start}",
     "hours": {{"coding": 10.0, "people": 20.0, "other": 10.0, "tracked": 40.0}},
     "coding_share_pct": 25.0,
     "categories": {{"commits": 10.0, "one-on-ones": 20.0, "{category}": 10.0}},
     "after_hours_coding": 0.0, "commits": 5, "sessions": 2, "events": 20}}"#
        )
    };
    let text = share_text(|t| {
        let one = &t[t.find("{\"week\"").unwrap()..t.find("}\n  ],").unwrap() + 1];
        t.replace(
            one,
            &format!(
                "{},\n{}",
                week("2026-W46", "2026-11-09", "on-call"),
                week("2026-W47", "2026-11-16", "offsite")
            ),
        )
    });
    let header = |monday: &str| {
        let run = run_in_folder(
            &[("grace.json", text.as_bytes())],
            &[
                "report",
                "--figures",
                "grace.json",
                "--from",
                monday,
                "--to",
                monday,
                "--format",
                "csv",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().next().unwrap().to_string()
    };
    let (w46, w47) = (header("2026-11-09"), header("2026-11-16"));
    assert_eq!(w46, w47);
    assert!(
        w46.contains("category:on-call") && w46.contains("category:offsite"),
        "{w46}"
    );
}
