//! The advice figures (`docs/model.md`, "Advice figures"), through the
//! binary: by how much a week is over, which items own the coding time,
//! how much 1:1 time each report gets, and how the share moves. Every
//! expected figure is worked out by hand here or in `fixtures/demo/NOTES.md`.

mod common;

use common::{ok_json, run_in_folder, twohats, Run, DEMO_CONFIG};
use serde_json::Value;

/// One manager's week of a JSON document.
fn week<'a>(doc: &'a Value, manager: &str, week: &str) -> &'a Value {
    let m = doc["managers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == manager)
        .unwrap_or_else(|| panic!("no manager {manager}"));
    m["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["week"] == week)
        .unwrap_or_else(|| panic!("no week {week} for {manager}"))
}

/// Jonas's own sources, as he would give them on the command line.
const JONAS: [&str; 14] = [
    "--ics",
    "fixtures/demo/jonas/calendar.ics",
    "--git-log",
    "fixtures/demo/jonas/git.log",
    "--me",
    "jonas.weber@example.com",
    "--me",
    "88120345+jweber@users.noreply.github.com",
    "--reports",
    "4",
    "--tz",
    "Europe/Berlin",
    "--name",
    "Jonas Weber",
];

#[test]
fn jonas_w47_is_five_point_six_five_hours_over() {
    // docs/model.md's worked example: 13:45 coding of 27:00 tracked, limit
    // 30% → 13.75 − 0.30 × 27.0 = 13.75 − 8.10 = 5.65 h over.
    let doc = ok_json(&[
        "week",
        "--config",
        DEMO_CONFIG,
        "--week",
        "2026-W47",
        "--format",
        "json",
    ]);
    let w = week(&doc, "Jonas Weber", "2026-W47");
    assert_eq!(w["hours"]["coding"], 13.75);
    assert_eq!(w["hours"]["tracked"], 27.0);
    assert_eq!(w["coding_over_limit_hours"], 5.65);
    // Priya's W47 is ok (13.2% of a 20% limit): nothing over.
    assert_eq!(
        week(&doc, "Priya Natarajan", "2026-W47")["coding_over_limit_hours"],
        0.0
    );
}

#[test]
fn the_week_view_says_by_how_much_and_where() {
    // 5.65 h rounds half-up to 5.7; the sessions of jonas/git.log keep
    // 1:35 + 0:45 + 1:40 + 0:50 + 2:55 = 7:45 (7.75 → 7.8 h), the "Focus
    // time" series 3:00 + 3:00 = 6:00 (NOTES.md, Jonas W47).
    let run = Run::of(twohats().args(["week", "--week", "2026-W47"]).args(JONAS));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "  over by 5.7 h — largest coding: commits in git.log 7.8 h, \"Focus time\" 6.0 h (series)\n"
        ),
        "{}",
        run.stdout
    );
    // A director's view of all three managers names no title or log: the
    // items by category ("Focus time" is "coding" by the default title
    // rule) or "commits".
    let run = Run::of(twohats().args(["week", "--config", DEMO_CONFIG, "--week", "2026-W47"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  over by 5.7 h — largest coding: commits 7.8 h, coding 6.0 h (series)\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Focus time") && !run.stdout.contains("git.log"));
}

#[test]
fn the_largest_coding_items_of_priya_w44() {
    // NOTES.md, Priya W44: "Focus time" (weekly series, Fri) 2:00, "Code
    // review" (weekly series, Tue) 1:00, and the one session of
    // priya/git.log, Wed 09:25-11:25, which keeps 0:45. In this view of
    // three managers each is named by its category: both titles are
    // "coding" by the default title rule, the session "commits".
    let doc = ok_json(&[
        "week",
        "--config",
        DEMO_CONFIG,
        "--week",
        "2026-W44",
        "--format",
        "json",
    ]);
    let w = week(&doc, "Priya Natarajan", "2026-W44");
    assert_eq!(
        w["largest_coding"],
        serde_json::json!([
            {"source": "calendar", "label": "coding", "hours": 2.0},
            {"source": "calendar", "label": "coding", "hours": 1.0},
            {"source": "git", "label": "commits", "hours": 0.75},
        ])
    );
    // 1:1s 3:30 for 8 reports = 0.4375 → 0.44 h each, under 0.5: thin;
    // people 8:45 / 8 = 1.09375 → 1.09 h.
    assert_eq!(w["one_on_one_hours"], 3.5);
    assert_eq!(w["one_on_one_hours_per_report"], 0.44);
    assert_eq!(w["people_hours_per_report"], 1.09);
    assert_eq!(w["one_on_ones_thin"], true);
}

/// A week of 2026-W47 in London: 10 h of interviews and three 30-minute
/// 1:1s, 1.5 h.
const ONE_ON_ONES: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
X-WR-TIMEZONE:Europe/London\r
BEGIN:VEVENT\r
UID:loop-1@example.com\r
DTSTART;TZID=Europe/London:20261116T090000\r
DTEND;TZID=Europe/London:20261116T160000\r
SUMMARY:Interview loop\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:loop-2@example.com\r
DTSTART;TZID=Europe/London:20261117T090000\r
DTEND;TZID=Europe/London:20261117T120000\r
SUMMARY:Interview loop\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:one-1@example.com\r
DTSTART;TZID=Europe/London:20261118T100000\r
DTEND;TZID=Europe/London:20261118T103000\r
SUMMARY:1:1 Ada / Bob\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:one-2@example.com\r
DTSTART;TZID=Europe/London:20261118T110000\r
DTEND;TZID=Europe/London:20261118T113000\r
SUMMARY:1:1 Ada / Cyd\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:one-3@example.com\r
DTSTART;TZID=Europe/London:20261119T100000\r
DTEND;TZID=Europe/London:20261119T103000\r
SUMMARY:1:1 Ada / Dee\r
END:VEVENT\r
END:VCALENDAR\r
";

const ADA: [&str; 9] = [
    "--ics",
    "cal.ics",
    "--tz",
    "Europe/London",
    "--reports",
    "8",
    "--name",
    "Ada",
    "--week",
];

#[test]
fn one_and_a_half_hours_of_one_on_ones_for_eight_reports_is_thin() {
    let files: [(&str, &[u8]); 1] = [("cal.ics", ONE_ON_ONES.as_bytes())];
    let mut args = vec!["week"];
    args.extend(ADA);
    args.extend(["2026-W47", "--format", "json"]);
    let doc = run_in_folder(&files, &args).ok_json();
    let w = week(&doc, "Ada", "2026-W47");
    // Tracked 7 + 3 + 1.5 = 11.5 h, all people work.
    assert_eq!(w["hours"]["tracked"], 11.5);
    // 1.5 / 8 = 0.1875 → 0.19 h each, under the 0.5 h norm.
    assert_eq!(w["one_on_one_hours"], 1.5);
    assert_eq!(w["one_on_one_hours_per_report"], 0.19);
    // 11.5 / 8 = 1.4375 → 1.44 h of people work each.
    assert_eq!(w["people_hours_per_report"], 1.44);
    assert_eq!(w["one_on_ones_thin"], true);
    // No coding: nothing over, no items.
    assert_eq!(w["coding_over_limit_hours"], 0.0);
    assert_eq!(w["largest_coding"], serde_json::json!([]));

    let mut args = vec!["week"];
    args.extend(ADA);
    args.push("2026-W47");
    let run = run_in_folder(&files, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  1:1s: 1.5 h for 8 reports (0.2 h each; norm 0.5 h)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_norm_comes_from_the_config() {
    // With a norm of 0.15 h, 0.1875 h each is enough.
    let config = "[people]\none_on_one_hours_per_report = 0.15\n";
    let files: [(&str, &[u8]); 2] = [
        ("cal.ics", ONE_ON_ONES.as_bytes()),
        ("twohats.toml", config.as_bytes()),
    ];
    let mut args = vec!["week", "--config", "twohats.toml"];
    args.extend(ADA);
    args.extend(["2026-W47", "--format", "json"]);
    let doc = run_in_folder(&files, &args).ok_json();
    assert_eq!(week(&doc, "Ada", "2026-W47")["one_on_ones_thin"], false);

    // A negative norm is refused, naming the file, line and key.
    let bad = "[people]\none_on_one_hours_per_report = -1.0\n";
    let files: [(&str, &[u8]); 2] = [
        ("cal.ics", ONE_ON_ONES.as_bytes()),
        ("twohats.toml", bad.as_bytes()),
    ];
    let run = run_in_folder(&files, &args);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("twohats.toml:2: people.one_on_one_hours_per_report"),
        "{}",
        run.stderr
    );
}

/// A Google export of `(uid, start, end, title)` events, in London time
/// (`20260302T090000`).
fn london_calendar(events: &[(&str, &str, &str, &str)]) -> String {
    let mut ics = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n",
    );
    for (uid, start, end, title) in events {
        ics += &format!(
            "BEGIN:VEVENT\r\nUID:{uid}@example.com\r\nDTSTART;TZID=Europe/London:{start}\r\n\
             DTEND;TZID=Europe/London:{end}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        );
    }
    ics + "END:VCALENDAR\r\n"
}

#[test]
fn the_share_change_is_the_difference_of_exact_shares() {
    // Two weeks of 40:00 tracked each. W10: 4:01 of focus time = 241/2400
    // = 10.0417% (printed 10.0). W11: 8:02 = 482/2400 = 20.0833% (printed
    // 20.1). The change is 10.0417 points → 10.0; the printed shares would
    // give 10.1.
    let day = |d: u32, from: &str, to: &str| {
        (
            format!("202603{d:02}T{from}00"),
            format!("202603{d:02}T{to}00"),
        )
    };
    let mut events = Vec::new();
    let mut add = |uid: String, (start, end): (String, String), title: &'static str| {
        events.push((uid, start, end, title))
    };
    add("a1".into(), day(2, "0900", "1301"), "Focus time");
    add("a2".into(), day(2, "1301", "1700"), "Project sync");
    add("b1".into(), day(9, "0900", "1700"), "Focus time");
    add("b2".into(), day(10, "0900", "0902"), "Focus time");
    add("b3".into(), day(10, "0902", "1700"), "Project sync");
    for d in [3, 4, 5, 6, 11, 12, 13] {
        add(format!("m{d}"), day(d, "0900", "1700"), "Project sync");
    }
    let events: Vec<(&str, &str, &str, &str)> = (events.iter())
        .map(|(u, s, e, t)| (u.as_str(), s.as_str(), e.as_str(), *t))
        .collect();
    let ics = london_calendar(&events);
    let files: [(&str, &[u8]); 1] = [("cal.ics", ics.as_bytes())];
    let mut args = vec!["week"];
    args.extend(ADA);
    args.extend(["2026-W11", "--format", "json"]);
    let doc = run_in_folder(&files, &args).ok_json();
    let w11 = week(&doc, "Ada", "2026-W11");
    assert_eq!(w11["hours"]["tracked"], 40.0);
    assert_eq!(w11["coding_share_pct"], 20.1);
    assert_eq!(w11["share_change_pp"], 10.0);
}

#[test]
fn the_rolling_share_skips_a_week_without_data() {
    // Eleanor, only W47 reported; W44-W46 are read for the trend. W45 is her
    // vacation (2:45 tracked: insufficient data), so the 4-week share is
    // W44 + W46 + W47: (2:00 + 1:05 + 1:50) / (23:15 + 28:35 + 24:35)
    // = 4:55 / 76:25 = 4.9167 / 76.4167 = 6.43% → 6.4.
    // Change: W47 1:50 / 24:35 = 7.458% − W46 1:05 / 28:35 = 3.790%
    // = 3.668 → 3.7 points.
    let doc = ok_json(&[
        "report",
        "--config",
        DEMO_CONFIG,
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--format",
        "json",
    ]);
    assert_eq!(doc["weeks"], serde_json::json!(["2026-W47"]));
    let eleanor = doc["managers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Eleanor Hughes")
        .unwrap();
    // The weeks read before the range are not reported.
    assert_eq!(eleanor["weeks"].as_array().unwrap().len(), 1);
    assert_eq!(eleanor["summary"]["weeks"], 1);
    let w47 = &eleanor["weeks"][0];
    assert_eq!(w47["rolling_share_pct"], 6.4);
    assert_eq!(w47["share_change_pp"], 3.7);

    // W46 alone: its previous week, W45, has insufficient data, so no
    // change; its 4-week share is W43 + W44 + W46:
    // (1:00 + 2:00 + 1:05) / (22:45 + 23:15 + 28:35) = 4:05 / 74:35
    // = 4.0833 / 74.5833 = 5.47% → 5.5.
    let doc = ok_json(&[
        "report",
        "--config",
        DEMO_CONFIG,
        "--from",
        "2026-11-09",
        "--to",
        "2026-11-15",
        "--format",
        "json",
    ]);
    let w46 = week(&doc, "Eleanor Hughes", "2026-W46");
    assert_eq!(w46["rolling_share_pct"], 5.5);
    assert_eq!(w46["share_change_pp"], Value::Null);
    // W45 itself: no verdict, so no change and nothing over; its 4-week
    // share is W42-W44: (1:40 + 1:00 + 2:00) / (21:55 + 22:45 + 23:15)
    // = 4:40 / 67:55 = 4.6667 / 67.9167 = 6.87% → 6.9.
    let doc = ok_json(&[
        "week",
        "--config",
        DEMO_CONFIG,
        "--week",
        "2026-W45",
        "--format",
        "json",
    ]);
    let w45 = week(&doc, "Eleanor Hughes", "2026-W45");
    assert_eq!(w45["verdict"], "insufficient-data");
    assert_eq!(w45["rolling_share_pct"], 6.9);
    assert_eq!(w45["share_change_pp"], Value::Null);
    assert_eq!(w45["one_on_ones_thin"], false);
}

/// Every title the demo's coding items have, and the log files' names.
const TITLES: [&str; 4] = ["Focus time", "Code review", "git.log", "release.git.log"];

#[test]
fn a_report_of_several_managers_names_no_item() {
    let run = Run::of(twohats().args([
        "report",
        "--config",
        DEMO_CONFIG,
        "--from",
        common::DEMO_FROM,
        "--to",
        common::DEMO_TO,
        "--format",
        "json",
    ]));
    let doc = run.ok_json();
    let mut labels = std::collections::BTreeSet::new();
    for m in doc["managers"].as_array().unwrap() {
        for w in m["weeks"].as_array().unwrap() {
            for item in w["largest_coding"].as_array().unwrap() {
                labels.insert(item["label"].as_str().unwrap().to_string());
            }
        }
    }
    // Calendar items by category, git items as "commits".
    assert_eq!(
        labels.into_iter().collect::<Vec<_>>(),
        ["coding", "commits"]
    );
    for title in TITLES {
        assert!(!run.stdout.contains(title), "{title} in the JSON");
    }
    let md = Run::of(twohats().args([
        "report",
        "--config",
        DEMO_CONFIG,
        "--weeks",
        "4",
        "--format",
        "markdown",
    ]));
    assert_eq!(md.code, 0, "{}", md.stderr);
    for title in TITLES {
        assert!(!md.stdout.contains(title), "{title} in the Markdown");
    }
}

#[test]
fn a_single_managers_own_report_names_items_but_not_when_redacted() {
    let mut args = vec!["report"];
    args.extend(JONAS);
    args.extend(["--weeks", "1", "--format", "json"]);
    let own = ok_json(&args);
    let w47 = week(&own, "Jonas Weber", "2026-W47");
    assert_eq!(w47["largest_coding"][0]["label"], "git.log");
    assert_eq!(w47["largest_coding"][1]["label"], "Focus time");

    args.push("--redact");
    let run = Run::of(twohats().args(&args));
    let redacted = run.ok_json();
    let items = &redacted["managers"][0]["weeks"][0]["largest_coding"];
    assert_eq!(
        items,
        &serde_json::json!([
            {"source": "git", "label": "commits", "hours": 7.75},
            {"source": "calendar", "label": "coding", "hours": 6.0},
        ])
    );
    for title in TITLES {
        assert!(!run.stdout.contains(title), "{title} in the redacted JSON");
    }
}
