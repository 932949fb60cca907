//! Groups: `group = "..."` per manager gives a per-group summary in every
//! report, and `report --groups-only` (the skip-level view) shows only
//! group figures, folds groups of fewer than 5 managers into "other
//! groups", and names no manager anywhere.

mod common;

use common::{files_under, twohats, write_files, Run};
use serde_json::Value;
use std::path::Path;

/// Twelve managers, each with 7 reports (medium band, 20% limit) and 40 h
/// tracked in each of 2026-W45..W47, and the coding hours of every week:
///
/// - Payments (5): Ada 12 h (30%: over every week, sustained), Grace 8 h
///   (20%: at the limit, watch), Linus, Barbara, Edsger 4 h (10%: ok);
/// - Search (2): Donald 10 h (25%: over every week), Frances 4 h;
/// - Infra (3): Ken, Dennis, Radia 4 h;
/// - no group (2): Margaret, Alan 4 h.
const MANAGERS: [(&str, Option<&str>, u32); 12] = [
    ("Ada Lovelace", Some("Payments"), 12),
    ("Grace Hopper", Some("Payments"), 8),
    ("Linus Torvalds", Some("Payments"), 4),
    ("Barbara Liskov", Some("Payments"), 4),
    ("Edsger Dijkstra", Some("Payments"), 4),
    ("Donald Knuth", Some("Search"), 10),
    ("Frances Allen", Some("Search"), 4),
    ("Ken Thompson", Some("Infra"), 4),
    ("Dennis Ritchie", Some("Infra"), 4),
    ("Radia Perlman", Some("Infra"), 4),
    ("Margaret Hamilton", None, 4),
    ("Alan Kay", None, 4),
];

fn share(name: &str, coding: u32) -> String {
    let people = 40 - coding;
    let weeks: Vec<String> = [("2026-W45", "2026-11-02"), ("2026-W46", "2026-11-09"), ("2026-W47", "2026-11-16")]
        .iter()
        .map(|(week, start)| {
            format!(
                r#"{{"week": "{week}", "start": "{start}", "hours": {{"coding": {coding}, "people": {people}, "other": 0, "tracked": 40}},
 "categories": {{"commits": {coding}, "one-on-ones": {people}}}, "after_hours_coding": 0, "commits": 3, "sessions": 2, "events": 12}}"#
            )
        })
        .collect();
    format!(
        r#"{{"schema": "twohats-share/v1", "tool": "twohats 0.1.0", "generated": "2026-11-23T08:00:00Z",
 "manager": {{"name": "{name}", "reports": 7, "timezone": "Europe/Berlin", "group": null}},
 "weeks": [{}], "warnings": {{}}}}
"#,
        weeks.join(",\n")
    )
}

/// A director's folder: one share per manager (named after them) and a
/// config giving each their group.
fn director_folder(dir: &Path) {
    let mut config = String::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, group, coding) in MANAGERS {
        let file = format!("shares/{}.json", name.to_lowercase().replace(' ', "-"));
        config.push_str(&format!(
            "[[manager]]\nname = \"{name}\"\nfigures = [\"{file}\"]\n"
        ));
        if let Some(g) = group {
            config.push_str(&format!("group = \"{g}\"\n"));
        }
        config.push('\n');
        files.push((file, share(name, coding).into_bytes()));
    }
    files.push(("director.toml".into(), config.into_bytes()));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    write_files(dir, &refs);
}

/// `twohats report` of the director's folder over W45-W47, then `extra`.
fn run_report(dir: &Path, extra: &[&str]) -> Run {
    let range = ["--from", "2026-11-02", "--to", "2026-11-22"];
    Run::of(
        twohats()
            .current_dir(dir)
            .args(["report", "--config", "director.toml"])
            .args(range)
            .args(extra),
    )
}

/// [`run_report`], which must succeed.
fn report(dir: &Path, extra: &[&str]) -> Run {
    let run = run_report(dir, extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn a_full_report_appends_every_group() {
    let dir = tempfile::tempdir().unwrap();
    director_folder(dir.path());
    let json: Value = report(dir.path(), &["--format", "json"]).json();
    assert_eq!(json["managers"][0]["group"], "Payments");
    let groups = json["groups"].as_array().unwrap();
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Infra", "Payments", "Search", "no group"]);
    // Payments: 5 managers; Ada over on average and sustained; coding
    // (3 × 12 + 3 × 8 + 9 × 4) = 96 h of 15 × 40 = 600 h: 16.0%; Ada's 3
    // weeks over of 15 with data.
    let payments = &groups[1];
    assert_eq!(payments["managers"], 5);
    assert_eq!(payments["over_on_average"], 1);
    assert_eq!(payments["sustained_over"], 1);
    assert_eq!(payments["coding_share_pct"], 16.0);
    assert_eq!(
        (
            payments["weeks_over"].as_u64(),
            payments["weeks_with_data"].as_u64()
        ),
        (Some(3), Some(15))
    );
    // Search: Donald 30 h + Frances 12 h of 240 h = 17.5%.
    assert_eq!(groups[2]["coding_share_pct"], 17.5);

    let md = report(dir.path(), &["--format", "markdown"]).stdout;
    assert!(md.contains("## Groups"), "{md}");
    assert!(
        md.contains("| Payments | 5 | 1 | 1 | 16.0% | 3 of 15 |"),
        "{md}"
    );
    assert!(
        md.contains("| no group | 2 | 0 | 0 | 10.0% | 0 of 6 |"),
        "{md}"
    );
    let table = report(dir.path(), &[]).stdout;
    let search = table.lines().find(|l| l.contains("Search")).unwrap();
    let cells: Vec<&str> = search
        .split(['│', '┆'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells, ["Search", "2", "1", "1", "17.5%", "3 of 6"]);

    // The page of the report folder has the same rows, and its weeks.csv
    // a group column beside the manager, empty for one without a group.
    report(dir.path(), &["--out", "full"]);
    let csv = std::fs::read_to_string(dir.path().join("full/weeks.csv")).unwrap();
    assert!(csv.starts_with("manager,group,week,start,"), "{csv}");
    let group_of = |name: &str| {
        let line = csv.lines().find(|l| l.starts_with(name)).unwrap();
        line.split(',').nth(1).unwrap().to_string()
    };
    assert_eq!(group_of("Ada Lovelace"), "Payments");
    assert_eq!(group_of("Alan Kay"), "");
    // And every group, none folded, in groups.csv (the figures above).
    let groups = std::fs::read_to_string(dir.path().join("full/groups.csv")).unwrap();
    let payments = groups.lines().find(|l| l.starts_with("Payments,")).unwrap();
    assert!(
        payments.starts_with("Payments,group,5,5,1,1,16.0,"),
        "{groups}"
    );
    assert_eq!(groups.lines().count(), 1 + 4, "{groups}");
    let html = std::fs::read_to_string(dir.path().join("full/report.html")).unwrap();
    assert!(
        html.contains("<section id=\"groups\">"),
        "no groups section"
    );
    assert!(
        html.contains("<tr><th scope=\"row\">Payments</th><td class=\"n\">5</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">16.0%</td><td class=\"n\">3 of 15</td></tr>"),
        "Payments row"
    );
}

#[test]
fn the_skip_level_view_names_no_one_and_folds_small_groups() {
    let dir = tempfile::tempdir().unwrap();
    director_folder(dir.path());
    let out = dir.path().join("skip-level");
    // A full report first: the skip-level run must not leave its files.
    report(dir.path(), &["--out", "skip-level"]);
    assert!(out.join("charts/ada-lovelace.svg").exists());
    let mut printed = report(dir.path(), &["--groups-only", "--out", "skip-level"]).stdout;
    for format in ["table", "markdown", "json", "csv"] {
        printed.push_str(&report(dir.path(), &["--groups-only", "--format", format]).stdout);
    }
    let written = files_under(&out);
    let names: Vec<&String> = written.keys().collect();
    assert_eq!(
        names,
        [".twohats-files", "groups.csv", "report.json", "report.md"]
    );
    let mut everything = printed.clone();
    for bytes in written.values() {
        everything.push_str(&String::from_utf8_lossy(bytes));
    }
    for (name, _, _) in MANAGERS {
        for part in name.split(' ').chain([name]) {
            assert!(
                !everything.to_lowercase().contains(&part.to_lowercase()),
                "{part} appears:\n{everything}"
            );
        }
    }
    assert!(!everything.contains("shares/"), "no share file is named");

    // Payments (5) stays; Search (2), Infra (3) and the 2 without a group
    // fold into "other groups": 7 managers, Donald over on average and
    // sustained; 30 + 6 × 12 = 102 h coding of 7 × 120 = 840 h: 12.1%.
    let json: Value = serde_json::from_slice(&written["report.json"]).unwrap();
    assert_eq!(json["managers"], serde_json::json!([]));
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["group"], "Payments");
    let other = &groups[1];
    assert_eq!(
        (other["group"].as_str(), other["kind"].as_str()),
        (Some("other groups"), Some("other groups"))
    );
    assert_eq!(other["managers"], 7);
    assert_eq!(
        (
            other["over_on_average"].as_u64(),
            other["sustained_over"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(other["coding_share_pct"], 12.1);
    let md = String::from_utf8_lossy(&written["report.md"]).into_owned();
    assert!(
        md.contains("| other groups | 7 | 1 | 1 | 12.1% | 3 of 21 |"),
        "{md}"
    );
    let csv = String::from_utf8_lossy(&written["groups.csv"]).into_owned();
    assert_eq!(csv.lines().next().unwrap(), "group,kind,managers,managers_with_data,over_on_average,sustained_over,coding_share_pct,weeks_with_data,weeks_over,team,met,overdue");
    assert!(
        csv.contains("\nPayments,group,5,5,1,1,16.0,15,3,,,\n"),
        "{csv}"
    );
}

#[test]
fn a_fold_of_fewer_than_five_managers_withholds_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    director_folder(dir.path());
    // Only Payments and Search: the fold holds Donald and Frances alone.
    let config = std::fs::read_to_string(dir.path().join("director.toml")).unwrap();
    let kept: Vec<&str> = config
        .split("\n\n")
        .filter(|m| m.contains("Payments") || m.contains("Search"))
        .collect();
    std::fs::write(dir.path().join("director.toml"), kept.join("\n\n")).unwrap();
    let json: Value = report(dir.path(), &["--groups-only", "--format", "json"]).json();
    let other = &json["groups"][1];
    assert_eq!(other["managers"], 2);
    assert_eq!(other["withheld"], true);
    assert_eq!(other["coding_share_pct"], Value::Null);
    assert_eq!(other["weeks_over"], Value::Null);
    let table = report(dir.path(), &["--groups-only"]).stdout;
    assert!(
        table.contains("figures withheld: fewer than 5 managers with data"),
        "{table}"
    );
}

#[test]
fn managers_without_data_do_not_make_a_group_big_enough_to_show() {
    let dir = tempfile::tempdir().unwrap();
    director_folder(dir.path());
    // Six of the seven managers the fold holds shared no week: its figures
    // would be Donald's alone (25%, 3 weeks over).
    let empty = |name: &str| {
        let text = share(name, 4);
        let (from, to) = (text.find("[{").unwrap(), text.find("}]").unwrap() + 2);
        format!("{}[]{}", &text[..from], &text[to..])
    };
    for name in [
        "Frances Allen",
        "Ken Thompson",
        "Dennis Ritchie",
        "Radia Perlman",
        "Margaret Hamilton",
        "Alan Kay",
    ] {
        let file = format!("shares/{}.json", name.to_lowercase().replace(' ', "-"));
        std::fs::write(dir.path().join(file), empty(name)).unwrap();
    }
    let json: Value = report(dir.path(), &["--groups-only", "--format", "json"]).json();
    let other = &json["groups"][1];
    assert_eq!(other["managers"], 7);
    assert_eq!(other["withheld"], true);
    assert_eq!(other["coding_share_pct"], Value::Null);
    // Payments (5 with data) keeps its row; Ada's 3 weeks over are in it,
    // and Donald's 3 would be the rest of a count: none is given.
    assert_eq!(json["groups"][0]["weeks_over"], 3);
    let run = run_report(dir.path(), &["--groups-only", "--fail-on", "over"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "--fail-on over: weeks at over or worse\n");
}

#[test]
fn the_skip_level_view_says_a_manager_not_which() {
    // Two managers read from calendars, neither with `reports`: each gets
    // a warning of their own, which the skip-level view gives as "a
    // manager" (a pseudonym is a hash of the name a roster holds).
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\n\
        DTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\nSUMMARY:Planning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let config = "timezone = \"UTC\"\n\
        [[manager]]\nname = \"Ada Lovelace\"\ncalendars = [\"a.ics\"]\ngroup = \"P\"\n\
        [[manager]]\nname = \"Grace Hopper\"\ncalendars = [\"a.ics\"]\ngroup = \"P\"\n";
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("a.ics", ics.as_bytes()), ("c.toml", config.as_bytes())],
    );
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "report",
        "--config",
        "c.toml",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--groups-only",
        "--format",
        "json",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let sources: Vec<&str> = (json["warnings"].as_array().unwrap().iter())
        .map(|w| w["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"a manager"), "{sources:?}");
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("Manager "), "{text}");
        assert!(!text.contains("Ada") && !text.contains("Grace"), "{text}");
    }
}
