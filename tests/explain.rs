//! `twohats explain`: every interval of a week, why it counted what it did.

mod common;

use common::{run_in_folder, Run};
use serde_json::Value;

const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
X-WR-CALNAME:Ada\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
DTSTART:20261116T120000Z\r
DTEND:20261116T130000Z\r
UID:one-on-one@google.com\r
ORGANIZER:mailto:ada@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:grace@example.com\r
SUMMARY:Ada / Grace\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20261117T090000Z\r
DTEND:20261117T100000Z\r
UID:declined@google.com\r
ORGANIZER:mailto:bob@example.com\r
ATTENDEE;PARTSTAT=DECLINED:mailto:ada@example.com\r
SUMMARY:Vendor demo\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Two commits 90 minutes apart on Monday 16 November (Berlin, UTC+1):
/// one session from 12:00 to 15:30 local.
const LOG: &str = "commit 2222222222222222222222222222222222222222
Author: Ada Lovelace <ada@example.com>
Date:   Mon Nov 16 15:30:00 2026 +0100

    Second

commit 1111111111111111111111111111111111111111
Author: Ada Lovelace <ada@example.com>
Date:   Mon Nov 16 14:00:00 2026 +0100

    First
";

fn explain(format: &str) -> Run {
    run_in_folder(
        &[
            ("cal.ics", CALENDAR.as_bytes()),
            ("git.log", LOG.as_bytes()),
        ],
        &[
            "explain",
            "--ics",
            "cal.ics",
            "--git-log",
            "git.log",
            "--me",
            "ada@example.com",
            "--tz",
            "Europe/Berlin",
            "--reports",
            "3",
            "--week",
            "2026-W47",
            "--format",
            format,
        ],
    )
}

#[test]
fn json_lists_every_interval_with_its_rule_source_and_counted_hours() {
    let json = explain("json").ok_json();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:#?}");

    // The session: 12:00-15:30 local, but the 1:1 (13:00-14:00) takes an hour.
    let session = &rows[0];
    assert_eq!(session["start"], "2026-11-16T12:00:00+01:00");
    assert_eq!(session["end"], "2026-11-16T15:30:00+01:00");
    assert_eq!(session["kind"], "coding");
    assert_eq!(session["category"], "commits");
    assert_eq!(session["counted_hours"], 2.5);
    assert_eq!(session["source"]["repo"], "git.log");
    assert_eq!(
        session["source"]["commits"],
        serde_json::json!([
            "1111111111111111111111111111111111111111",
            "2222222222222222222222222222222222222222"
        ])
    );

    // The 1:1: two attendees, no keyword → default one-on-ones.
    let one_on_one = &rows[1];
    assert_eq!(one_on_one["start"], "2026-11-16T13:00:00+01:00");
    assert_eq!(one_on_one["kind"], "people");
    assert_eq!(one_on_one["rule"], "default:one-on-ones");
    assert_eq!(one_on_one["counted_hours"], 1.0);
    assert_eq!(one_on_one["source"]["uid"], "one-on-one@google.com");
    assert_eq!(one_on_one["source"]["file"], "cal.ics");
    assert_eq!(one_on_one["manager"], "me");
    assert_eq!(one_on_one["week"], "2026-W47");

    // The declined demo is listed, with why it counts nothing.
    let declined = &rows[2];
    assert_eq!(declined["start"], "2026-11-17T10:00:00+01:00");
    assert_eq!(declined["dropped"], "declined");
    assert_eq!(declined["counted_hours"], 0.0);
    // It counts in no kind, category or rule: nulls, not the table's "-".
    assert_eq!(declined["kind"], Value::Null);
    assert_eq!(declined["category"], Value::Null);
    assert_eq!(declined["rule"], Value::Null);
}

#[test]
fn the_table_shows_local_times_titles_and_why_dropped() {
    let run = explain("table");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "me · 2026-W47 · Europe/Berlin");
    let row = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle}:\n{text}"))
            .to_string()
    };
    let session = row("2 commits");
    assert!(
        session.contains("Mon 16 12:00") && session.contains("15:30") && session.contains("2.50 h"),
        "{session}"
    );
    assert!(session.contains("11111111 22222222"), "{session}");
    let demo = row("Vendor demo");
    assert!(
        demo.contains("Tue 17 10:00") && demo.contains("dropped: declined"),
        "{demo}"
    );
}

/// Two weeks: a release night from Sunday 22:00 to Monday 02:00 (Berlin)
/// belongs to both, two hours in each; the 1:1 only to W47, the declined
/// review only to W48.
const TWO_WEEKS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
DTSTART:20261116T120000Z\r
DTEND:20261116T130000Z\r
UID:one-on-one@google.com\r
ORGANIZER:mailto:ada@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:grace@example.com\r
SUMMARY:Ada / Grace\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;TZID=Europe/Berlin:20261122T220000\r
DTEND;TZID=Europe/Berlin:20261123T020000\r
UID:release@google.com\r
SUMMARY:Release night\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20261124T090000Z\r
DTEND:20261124T100000Z\r
UID:review@google.com\r
ORGANIZER:mailto:bob@example.com\r
ATTENDEE;PARTSTAT=DECLINED:mailto:ada@example.com\r
SUMMARY:Vendor review\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn an_event_across_sunday_midnight_is_listed_in_both_weeks_with_its_hours_in_each() {
    let json = run_in_folder(
        &[("cal.ics", TWO_WEEKS.as_bytes())],
        &[
            "explain",
            "--ics",
            "cal.ics",
            "--me",
            "ada@example.com",
            "--tz",
            "Europe/Berlin",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-29",
            "--format",
            "json",
        ],
    )
    .ok_json();
    let rows: Vec<(String, String, f64)> = (json.as_array().unwrap().iter())
        .map(|r| {
            let uid = r["source"]["uid"].as_str().unwrap().to_string();
            let week = r["week"].as_str().unwrap().to_string();
            (week, uid, r["counted_hours"].as_f64().unwrap())
        })
        .collect();
    let row = |week: &str, uid: &str, hours: f64| (week.to_string(), uid.to_string(), hours);
    assert_eq!(
        rows,
        [
            row("2026-W47", "one-on-one@google.com", 1.0),
            // 22:00 to midnight on Sunday 22 November.
            row("2026-W47", "release@google.com", 2.0),
            // Midnight to 02:00 on Monday 23 November.
            row("2026-W48", "release@google.com", 2.0),
            row("2026-W48", "review@google.com", 0.0),
        ]
    );
}
