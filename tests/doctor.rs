//! Inputs a user can trust: `twohats doctor`, and the signals `week` and
//! `report` give without it (warnings grouped by kind, free/busy exports,
//! mostly unclassified weeks). Every figure is worked out by hand in the
//! comments or in the fixture's notes.

mod common;

use common::{run_in_folder, Run};

/// A calendar of `n` events, one a day from Monday 16 Nov 2026, whose
/// DTSTART is written the ISO way ("2026-11-16T09:00"), which iCalendar
/// does not allow: each event is skipped.
fn iso_dates_calendar(n: usize) -> String {
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hand//EN\r\n");
    for i in 0..n {
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:ev-{i}\r\nDTSTART:2026-11-{:02}T09:00\r\nDURATION:PT1H\r\nSUMMARY:Review\r\nEND:VEVENT\r\n",
            16 + i % 5
        ));
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

#[test]
fn twenty_broken_events_of_one_kind_are_one_warning_line_with_a_count() {
    let ics = iso_dates_calendar(20);
    let args = ["week", "--ics", "cal.ics", "--tz", "UTC", "--reports", "4"];
    let run = run_in_folder(&[("cal.ics", ics.as_bytes())], &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("cal.ics"))
        .collect();
    // Header: lines 1-3; each event 6 lines, the first BEGIN:VEVENT on line 4.
    assert_eq!(
        lines,
        ["warning: cal.ics:4: skipped a broken event: DTSTART: '2026-11-16T09:00' is not a date or date-time (and 19 more like it)"]
    );
    let json_args = [&args[..], &["--format", "json"]].concat();
    let json = run_in_folder(&[("cal.ics", ics.as_bytes())], &json_args).ok_json();
    let warnings: Vec<&serde_json::Value> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["source"] == "cal.ics")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["line"], 4);
    assert_eq!(warnings[0]["count"], 20);
}

/// An Outlook calendar published at "can view when I'm busy": 20 events in
/// 2026-W47, Monday to Friday 09:00-10:00, 10:30-11:30, 13:00-14:00 and
/// 15:00-16:00 London time, titled "Busy" (Monday's and Wednesday's last
/// one "Tentative"). 20 one-hour events, none overlapping: 20 h tracked,
/// all of it in "blocks" (no rule matches "Busy").
const FREE_BUSY: &str = "fixtures/doctor/freebusy-published.ics";

#[test]
fn a_free_busy_export_and_an_unclassified_week_are_one_warning_each() {
    let run = Run::of(common::twohats().args([
        "week",
        "--ics",
        FREE_BUSY,
        "--tz",
        "Europe/London",
        "--reports",
        "4",
        "--week",
        "2026-W47",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        warnings,
        [
            "warning: fixtures/doctor/freebusy-published.ics: looks like a free/busy export: 20 of 20 events read are titled Busy, Free, Private, Tentative, Out of Office or nothing, so none of them can be classified; publish or export the calendar with its titles (Outlook: \"can view all details\"), or run twohats doctor",
            "warning: manager 'me': mostly unclassified: 20.0 of 20.0 tracked hours (100%) matched no rule and fell to the catch-all \"blocks\", so the verdict rests on guesses; add [[rule]]s for those titles (twohats doctor lists them with a starter rule)",
        ]
    );
    let json = common::ok_json(&[
        "week",
        "--ics",
        FREE_BUSY,
        "--tz",
        "Europe/London",
        "--reports",
        "4",
        "--week",
        "2026-W47",
        "--format",
        "json",
    ]);
    let messages: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("looks like a free/busy export: 20 of 20"));
    assert!(messages[1].starts_with("mostly unclassified: 20.0 of 20.0"));
}
