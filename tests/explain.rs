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

/// `explain --format json` against its schema,
/// `docs/schema/twohats-explain-v1.schema.json`: kept and dropped rows of
/// every source, planned rows, 1:1s with team members, and a check that
/// can fail.
mod json_schema {
    use super::*;
    use common::schema::{check_against, read};
    use serde_json::json;

    fn check(value: &Value) -> Vec<String> {
        check_against(&read("twohats-explain-v1.schema.json"), value)
    }

    /// `twohats explain ARGS --format json` from the repository root, exit 0.
    fn explain_at_root(args: &[&str]) -> Value {
        Run::of(
            common::twohats()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .arg("explain")
                .args(args)
                .args(["--format", "json"]),
        )
        .ok_json()
    }

    /// The demo's rows of one week.
    fn demo_week(week: &str) -> Value {
        explain_at_root(&["--config", common::DEMO_CONFIG, "--week", week])
    }

    /// The index of the first row `pick` holds for.
    fn first(rows: &Value, pick: impl Fn(&Value) -> bool) -> usize {
        (rows.as_array().unwrap().iter())
            .position(pick)
            .unwrap_or_else(|| panic!("no such row in {rows:#}"))
    }

    #[test]
    fn the_demo_week_with_dropped_events_matches_the_schema() {
        // 2026-W46: Jonas's meetup shown as free, Priya's and Eleanor's
        // declined meetings (W47 drops nothing).
        let rows = demo_week("2026-W46");
        let dropped: Vec<&str> = (rows.as_array().unwrap().iter())
            .filter_map(|r| r.get("dropped"))
            .map(|d| d.as_str().unwrap())
            .collect();
        assert!(dropped.contains(&"declined"), "{dropped:?}");
        assert!(dropped.contains(&"shown as free"), "{dropped:?}");
        first(&rows, |r| r["source"].get("repo").is_some());
        assert_eq!(check(&rows), Vec::<String>::new());
    }

    #[test]
    fn a_week_in_progress_with_planned_rows_matches_the_schema() {
        // Today is Wednesday 25 November: 2026-W48 is in progress.
        let rows = demo_week("2026-W48");
        let planned: Vec<&Value> = (rows.as_array().unwrap().iter())
            .filter(|r| r.get("planned").is_some())
            .collect();
        assert!(!planned.is_empty());
        assert!(planned.iter().all(|r| r["planned"] == true));
        assert_eq!(check(&rows), Vec::<String>::new());
    }

    #[test]
    fn one_on_ones_with_team_members_and_review_sessions_match_the_schema() {
        let team = explain_at_root(&[
            "--config",
            "fixtures/coverage/jonas.toml",
            "--week",
            "2026-W47",
        ]);
        let with: Vec<&Value> = (team.as_array().unwrap().iter())
            .filter_map(|r| r.get("one_on_one_with"))
            .collect();
        assert!(with.contains(&&json!([])), "{with:?}");
        assert!(with.iter().any(|w| w[0]["matched"] == "title"), "{with:?}");
        assert_eq!(check(&team), Vec::<String>::new());

        let reviews = explain_at_root(&[
            "--ics",
            "fixtures/forge/rui.ics",
            "--github",
            "rui-dev",
            "--forge-file",
            "fixtures/forge/github/payments-41-reviews-1.json",
            "--forge-file",
            "fixtures/forge/github/payments-41-comments.json",
            "--forge-file",
            "fixtures/forge/github/web-7-reviews.json",
            "--tz",
            "Europe/Lisbon",
            "--reports",
            "4",
            "--week",
            "2026-W47",
        ]);
        let i = first(&reviews, |r| r["source"].get("pull_requests").is_some());
        assert_eq!(reviews[i]["rule"], "forge");
        assert_eq!(check(&reviews), Vec::<String>::new());
    }

    #[test]
    fn the_check_fails_on_a_wrong_type_in_a_row() {
        let good = demo_week("2026-W46");
        assert_eq!(check(&good), Vec::<String>::new());
        let dropped = first(&good, |r| r.get("dropped").is_some());
        let git = first(&good, |r| r["source"].get("repo").is_some());
        // Each row is a kept or a dropped row (oneOf): a wrong value is
        // one problem, at the row.
        for (i, key, value) in [
            (git, "counted_hours", json!("1.5")),
            (dropped, "dropped", json!(true)),
            // A dropped row counts in no kind.
            (dropped, "kind", json!("people")),
        ] {
            let mut wrong = good.clone();
            wrong[i][key] = value;
            let found = check(&wrong);
            assert_eq!(found.len(), 1, "{key}: {found:#?}");
            assert!(found[0].starts_with(&format!("$[{i}]: ")), "{found:#?}");
            assert!(found[0].contains(&format!("$[{i}].{key}")), "{found:#?}");
        }
        // A source of none of the three shapes.
        let mut wrong = good.clone();
        wrong[git]["source"]["commits"] = json!("688b98a9");
        let found = check(&wrong);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("source.commits"), "{found:#?}");
    }
}
