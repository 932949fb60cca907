//! Where inputs come from, through the binary: stdin for a calendar and for
//! a git log, and one more manager added to a config by flags.

mod common;

use common::{twohats, Run, DEMO_CONFIG};
use serde_json::Value;

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:standup\r\n\
DTSTART;TZID=Europe/Berlin:20261116T093000\r\nDTEND;TZID=Europe/Berlin:20261116T100000\r\n\
RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Team standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn week(args: &[&str], stdin: &str) -> Value {
    let mut cmd = twohats();
    cmd.args([
        "week",
        "--tz",
        "Europe/Berlin",
        "--reports",
        "2",
        "--week",
        "2026-W47",
        "--format",
        "json",
    ])
    .args(args)
    .write_stdin(stdin);
    Run::of(&mut cmd).ok_json()
}

#[test]
fn a_calendar_from_stdin() {
    let v = week(&["--ics", "-"], CALENDAR);
    // Five daily standups of 30 minutes, Monday to Friday.
    assert_eq!(v["managers"][0]["weeks"][0]["hours"]["people"], 2.5);
    assert_eq!(v["managers"][0]["weeks"][0]["events"], 5);
}

#[test]
fn a_git_log_from_stdin() {
    let log = "commit 0123456789abcdef0123456789abcdef01234567\nAuthor: Ada <ada@example.com>\nDate:   Wed Nov 18 16:00:00 2026 +0100\n\n    Fix\n";
    let v = week(&["--git-log", "-", "--me", "ADA@example.com"], log);
    // One commit: the 2-hour lead, 14:00-16:00.
    assert_eq!(v["managers"][0]["weeks"][0]["hours"]["coding"], 2.0);
    assert_eq!(v["managers"][0]["weeks"][0]["commits"], 1);
}

#[test]
fn standard_input_given_twice_is_refused() {
    // The calendar would take all of it, and the log read nothing.
    let run = Run::of(
        twohats()
            .args(["week", "--week", "2026-W47", "--ics", "-", "--git-log", "-"])
            .write_stdin(CALENDAR),
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: standard input ('-') is given 2 times, and can be read once: give '-' to one source, and files to the others\n"
    );
}

#[test]
fn flags_add_a_manager_to_a_config_of_several() {
    let v = week(
        &["--config", DEMO_CONFIG, "--ics", "-", "--name", "Grace"],
        CALENDAR,
    );
    let names: Vec<&str> = v["managers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Jonas Weber", "Priya Natarajan", "Eleanor Hughes", "Grace"]
    );
    assert_eq!(v["managers"][3]["weeks"][0]["hours"]["people"], 2.5);
}

#[test]
fn flags_override_the_single_manager_of_a_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cal.ics"), CALENDAR).unwrap();
    std::fs::write(
        dir.path().join("twohats.toml"),
        "[[manager]]\nname = \"Ada\"\nreports = 12\ntimezone = \"Europe/London\"\ncalendars = [\"missing.ics\"]\n",
    )
    .unwrap();
    let config = dir.path().join("twohats.toml");
    let cal = dir.path().join("cal.ics");
    // --reports 2 (from week()) replaces 12; --ics replaces the calendar list.
    let v = week(
        &[
            "--config",
            config.to_str().unwrap(),
            "--ics",
            cal.to_str().unwrap(),
        ],
        "",
    );
    let m = &v["managers"][0];
    assert_eq!(
        (
            m["name"].as_str(),
            m["reports"].as_u64(),
            m["band"].as_str()
        ),
        (Some("Ada"), Some(2), Some("small"))
    );
    assert_eq!(m["timezone"], "Europe/Berlin");
    assert_eq!(v["managers"].as_array().unwrap().len(), 1);
}
