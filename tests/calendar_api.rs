//! Calendars read through their own APIs: Microsoft Graph (Microsoft 365)
//! and the Google Calendar API (Google Workspace), from saved responses
//! and from servers these tests start on 127.0.0.1 (tests/net_server)
//! answering in the shapes of Graph's `event` and Google's `events.list`.
//! Every figure is worked out by hand in fixtures/api/README.md.

mod common;
mod net_server;

use common::{fixture, twohats, Run};
use serde_json::Value;
use std::path::Path;

/// Ada's flags: who she is, her team size and zone.
const ADA: [&str; 6] = [
    "--me",
    "ada@contoso.com",
    "--reports",
    "6",
    "--tz",
    "Europe/Berlin",
];

fn cmd(home: &Path) -> assert_cmd::Command {
    let mut c = twohats();
    c.env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HOME", home)
        .env_remove("TWOHATS_OUTLOOK_TOKEN")
        .env_remove("TWOHATS_GOOGLE_TOKEN")
        .env_remove("TWOHATS_OUTLOOK_API_URL")
        .env_remove("TWOHATS_GOOGLE_API_URL")
        .env_remove("TWOHATS_OUTLOOK_AUTH_URL")
        .env_remove("TWOHATS_GOOGLE_AUTH_URL");
    c
}

fn week_json(c: &mut assert_cmd::Command, sources: &[&str]) -> Value {
    let run = Run::of(
        c.args(["week", "--week", "2026-W47", "--format", "json"])
            .args(ADA)
            .args(sources),
    );
    run.ok_json()["managers"][0]["weeks"][0].clone()
}

/// The figures fixtures/api/README.md works out for 2026-W47.
fn assert_w47(w: &Value) {
    assert_eq!(w["hours"]["coding"], 6.5, "{w}");
    assert_eq!(w["hours"]["people"], 4.25);
    assert_eq!(w["hours"]["other"], 1.0);
    assert_eq!(w["hours"]["tracked"], 11.75);
    assert_eq!(w["categories"]["coding"], 6.5);
    assert_eq!(w["categories"]["one-on-ones"], 2.0);
    assert_eq!(w["categories"]["hiring"], 2.0);
    assert_eq!(w["categories"]["technical leadership"], 1.0);
    assert_eq!(w["categories"]["team rituals"], 0.25);
    assert_eq!(w["categories"].as_object().unwrap().len(), 5, "{w}");
    assert_eq!(w["coding_share_pct"], 55.3);
    assert_eq!(w["verdict"], "over");
    assert_eq!(w["events"], 8);
    let largest: Vec<(String, f64)> = (w["largest_coding"].as_array().unwrap().iter())
        .map(|i| (i["label"].as_str().unwrap().to_string(), i["hours"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        largest,
        [("Deep work".to_string(), 4.0), ("Focus time".to_string(), 2.5)]
    );
}

#[test]
fn a_saved_graph_calendar_view_gives_the_hand_computed_week() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture("api/ada-calendarView.json");
    assert_w47(&week_json(&mut cmd(home.path()), &["--outlook-file", &file]));
}

#[test]
fn a_saved_google_events_list_gives_the_hand_computed_week() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture("api/ada-events.json");
    assert_w47(&week_json(&mut cmd(home.path()), &["--google-file", &file]));
}

/// Each row of the mapping table, as `explain` shows it: the rule that
/// decided, or the reason for the drop.
#[test]
fn explain_shows_each_row_of_the_mapping_table() {
    let home = tempfile::tempdir().unwrap();
    for (flag, file) in [
        ("--outlook-file", "api/ada-calendarView.json"),
        ("--google-file", "api/ada-events.json"),
    ] {
        let rows = Run::of(
            cmd(home.path())
                .args(["explain", "--week", "2026-W47", "--format", "json"])
                .args(ADA)
                .args([flag, &fixture(file)]),
        )
        .ok_json();
        let of = |title: &str| -> Value {
            (rows.as_array().unwrap().iter())
                .find(|r| r["title"] == title)
                .unwrap_or_else(|| panic!("{title} in {rows}"))
                .clone()
        };
        assert_eq!(of("Vendor demo")["dropped"], "declined", "{flag}");
        assert_eq!(of("Conference talk (optional)")["dropped"], "shown as free");
        assert_eq!(of("Team offsite planning")["dropped"], "all-day");
        assert_eq!(of("Away")["rule"], "default:personal");
        assert_eq!(of("Away")["kind"], "ignore");
        assert_eq!(of("Roadmap chat")["category"], "one-on-ones");
        // The moved instance counts where it was moved to, in Berlin time.
        assert_eq!(of("Ada / Ben 1:1")["start"], "2026-11-17T14:00:00+01:00");
        // Pacific Standard Time: 04:00 in Los Angeles is 13:00 in Berlin.
        assert_eq!(of("Hiring debrief")["start"], "2026-11-19T13:00:00+01:00");
        let cancelled = (rows.as_array().unwrap().iter())
            .filter(|r| r["dropped"] == "cancelled")
            .count();
        assert_eq!(cancelled, 1, "{flag}: {rows}");
    }
}

#[test]
fn a_working_location_claims_no_time_and_a_focus_time_block_is_coding_whatever_its_title() {
    let home = tempfile::tempdir().unwrap();
    let page = r#"{"kind":"calendar#events","summary":"ada@contoso.com","timeZone":"Europe/Berlin","items":[
      {"kind":"calendar#event","id":"wl1","status":"confirmed","summary":"Home",
       "start":{"dateTime":"2026-11-16T08:00:00+01:00"},"end":{"dateTime":"2026-11-16T18:00:00+01:00"},
       "eventType":"workingLocation","workingLocationProperties":{"type":"homeOffice","homeOffice":{}}},
      {"kind":"calendar#event","id":"ft1","status":"confirmed","summary":"Do not book",
       "start":{"dateTime":"2026-11-17T09:00:00+01:00"},"end":{"dateTime":"2026-11-17T11:00:00+01:00"},
       "eventType":"focusTime"},
      {"kind":"calendar#event","id":"bd1","status":"confirmed","summary":"Ben's birthday",
       "start":{"dateTime":"2026-11-18T09:00:00+01:00"},"end":{"dateTime":"2026-11-18T10:00:00+01:00"},
       "eventType":"birthday"}]}"#;
    let file = home.path().join("events.json");
    std::fs::write(&file, page).unwrap();
    let w = week_json(
        &mut cmd(home.path()),
        &["--google-file", file.to_str().unwrap()],
    );
    // Only the 2 h of focus time: 10 h at home and the birthday claim none.
    assert_eq!(w["hours"]["tracked"], 2.0, "{w}");
    assert_eq!(w["hours"]["coding"], 2.0);
}

#[test]
fn a_user_rule_on_event_type_comes_first() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("twohats.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[[rule]]
category = "covering"
kind = "people"
event_type = "^oof$"

[[manager]]
name = "Ada"
emails = ["ada@contoso.com"]
reports = 6
timezone = "Europe/Berlin"
outlook_files = ["{}"]
"#,
            fixture("api/ada-calendarView.json")
        ),
    )
    .unwrap();
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--week", "2026-W47", "--format", "json", "--config"])
            .arg(&config),
    );
    let w = &run.ok_json()["managers"][0]["weeks"][0];
    // "Away" (Fri 08:00-10:00, showAs oof) is now 2 h of people.
    assert_eq!(w["categories"]["covering"], 2.0, "{w}");
    assert_eq!(w["hours"]["people"], 6.25);
}

#[test]
fn a_file_that_is_not_a_saved_response_is_one_line_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("bad.json");
    std::fs::write(&bad, "{\"value\": [\n  {\"id\": \"x\",\n").unwrap();
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--week", "2026-W47"])
            .args(ADA)
            .args(["--outlook-file", bad.to_str().unwrap()]),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run.stderr.trim();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.contains("bad.json:3: not JSON") && line.contains("calendarView"),
        "{line}"
    );
    // A Google file given as a Graph one.
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--week", "2026-W47"])
            .args(ADA)
            .args(["--outlook-file", &fixture("api/ada-events.json")]),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a saved Microsoft Graph response"),
        "{}",
        run.stderr
    );
}
