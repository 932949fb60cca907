//! The week model as users meet it (docs/model.md, steps 3 and 6-9):
//! stories through the binary, each with its hours worked out by hand in the test.
//!
//! Unless a test says otherwise the manager is ada@example.com in
//! Europe/Berlin (UTC+1 in November) with 4 reports: band small, limit 30%.
//! Week 2026-W47 runs from Monday 16 November to Sunday 22 November.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const ME: &str = "ada@example.com";

/// The shared invocation, without a fixed "today": every story names its week.
fn twohats() -> Command {
    let mut cmd = common::twohats();
    cmd.env_remove("TWOHATS_TODAY");
    cmd
}

/// A calendar of the given VEVENT bodies (each without BEGIN/END).
fn ics(events: &[&str]) -> String {
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//twohats tests//EN\r\n");
    for (i, e) in events.iter().enumerate() {
        s.push_str("BEGIN:VEVENT\r\n");
        if !e.contains("UID:") {
            s.push_str(&format!("UID:event-{i}@tests\r\n"));
        }
        s.push_str("DTSTAMP:20261101T000000Z\r\n");
        for line in e.trim().lines() {
            s.push_str(line.trim());
            s.push_str("\r\n");
        }
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

/// An event in Berlin time: `event("20261116T100000", "20261116T110000", "1:1 Bob")`.
fn event(start: &str, end: &str, title: &str) -> String {
    format!("DTSTART;TZID=Europe/Berlin:{start}\nDTEND;TZID=Europe/Berlin:{end}\nSUMMARY:{title}")
}

/// `git log` text in git's default format, one commit per (hash digit, date).
fn git_log(commits: &[(char, &str)]) -> String {
    commits
        .iter()
        .map(|(c, date)| {
            format!(
                "commit {}\nAuthor: Ada Lovelace <{ME}>\nDate:   {date}\n\n    Work on the parser\n\n",
                c.to_string().repeat(40)
            )
        })
        .collect()
}

struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn new(calendar: &str, log: &str) -> Inputs {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("cal.ics"), calendar).unwrap();
        fs::write(dir.path().join("git.log"), log).unwrap();
        Inputs { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `twohats week --format json` for one week; returns the week object.
    fn week(&self, week: &str, extra: &[&str]) -> Value {
        let out = twohats()
            .current_dir(self.path())
            .args([
                "week",
                "--ics",
                "cal.ics",
                "--git-log",
                "git.log",
                "--me",
                ME,
            ])
            .args([
                "--tz",
                "Europe/Berlin",
                "--reports",
                "4",
                "--week",
                week,
                "--format",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["managers"][0]["weeks"][0].clone()
    }
}

fn h(week: &Value, kind: &str) -> f64 {
    week["hours"][kind].as_f64().unwrap()
}

#[test]
fn a_double_booked_hour_counts_once() {
    let cal = ics(&[
        &event("20261116T100000", "20261116T110000", "1:1 Bob / Ada"),
        &event(
            "20261116T100000",
            "20261116T113000",
            "Interview: backend candidate",
        ),
    ]);
    let w = Inputs::new(&cal, "").week("2026-W47", &[]);
    // 10:00-11:30 covered; the first hour by both.
    assert_eq!(h(&w, "people"), 1.5);
    assert_eq!(h(&w, "tracked"), 1.5);
    assert_eq!(w["events"], 2);
    // Within a kind the interval that started first (then the shorter) wins:
    // the 1:1 owns 10:00-11:00, the interview only 11:00-11:30.
    assert_eq!(w["categories"]["one-on-ones"], 1.0);
    assert_eq!(w["categories"]["hiring"], 0.5);
}

#[test]
fn a_one_on_one_over_a_coding_session_takes_the_hour() {
    // Commits at 14:00 and 15:00 → session 12:00-15:00 (2 h lead).
    let log = git_log(&[
        ('b', "Mon Nov 16 15:00:00 2026 +0100"),
        ('a', "Mon Nov 16 14:00:00 2026 +0100"),
    ]);
    let cal = ics(&[&event(
        "20261116T130000",
        "20261116T140000",
        "Ada <> Grace 1:1",
    )]);
    let w = Inputs::new(&cal, &log).week("2026-W47", &[]);
    assert_eq!(h(&w, "coding"), 2.0);
    assert_eq!(h(&w, "people"), 1.0);
    assert_eq!(h(&w, "tracked"), 3.0);
    assert_eq!(w["categories"]["commits"], 2.0);
    assert_eq!(
        (w["commits"].as_u64(), w["sessions"].as_u64()),
        (Some(2), Some(1))
    );
    // 2 of 3 hours: 66.7%.
    assert_eq!(w["coding_share_pct"], 66.7);
}

#[test]
fn a_declined_meeting_frees_the_hour_for_the_session_under_it() {
    let log = git_log(&[
        ('a', "Mon Nov 16 14:00:00 2026 +0100"),
        ('b', "Mon Nov 16 15:00:00 2026 +0100"),
    ]);
    let declined = format!(
        "{}\nORGANIZER;CN=Grace:mailto:grace@example.com\nATTENDEE;PARTSTAT=ACCEPTED:mailto:grace@example.com\nATTENDEE;PARTSTAT=DECLINED:mailto:Ada@Example.com",
        event("20261116T130000", "20261116T140000", "Roadmap sync")
    );
    let w = Inputs::new(&ics(&[&declined]), &log).week("2026-W47", &[]);
    assert_eq!(h(&w, "coding"), 3.0);
    assert_eq!(h(&w, "people") + h(&w, "other"), 0.0);
    assert_eq!(w["events"], 0);
}

#[test]
fn a_focus_block_and_a_session_on_top_of_each_other_count_once() {
    let log = git_log(&[('a', "Tue Nov 17 11:00:00 2026 +0100")]);
    // Session 09:00-11:00; focus block 09:00-12:00.
    let cal = ics(&[&event("20261117T090000", "20261117T120000", "Focus time")]);
    let w = Inputs::new(&cal, &log).week("2026-W47", &[]);
    assert_eq!(h(&w, "coding"), 3.0);
    assert_eq!(h(&w, "tracked"), 3.0);
    // Same start: the shorter session owns 09:00-11:00, the block the rest.
    assert_eq!(w["categories"]["commits"], 2.0);
    assert_eq!(w["categories"]["coding"], 1.0);
}

#[test]
fn the_week_of_the_dst_change_counts_real_hours() {
    // Clocks go back from 03:00 to 02:00 on Sunday 25 October 2026 (W43):
    // an incident from 00:00 to 06:00 on the wall clock lasted 7 hours.
    let cal = ics(&[&event(
        "20261025T000000",
        "20261025T060000",
        "Incident: storage outage",
    )]);
    let w = Inputs::new(&cal, "").week("2026-W43", &[]);
    assert_eq!(h(&w, "other"), 7.0);
    assert_eq!(w["categories"]["technical leadership"], 7.0);
}

#[test]
fn a_session_across_sunday_midnight_is_split_between_the_weeks() {
    // Commits Sunday 22 Nov 23:30 and Monday 23 Nov 00:45 (Berlin):
    // one session, Sunday 21:30 to Monday 00:45.
    let log = git_log(&[
        ('a', "Sun Nov 22 23:30:00 2026 +0100"),
        ('b', "Mon Nov 23 00:45:00 2026 +0100"),
    ]);
    let inputs = Inputs::new(&ics(&[]), &log);
    let w47 = inputs.week("2026-W47", &[]);
    let w48 = inputs.week("2026-W48", &[]);
    assert_eq!(h(&w47, "coding"), 2.5);
    assert_eq!(h(&w48, "coding"), 0.75);
    assert_eq!(
        (w47["sessions"].as_u64(), w48["sessions"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (w47["commits"].as_u64(), w48["commits"].as_u64()),
        (Some(1), Some(1))
    );
    // All of it is outside Monday-Friday 09:00-18:00.
    assert_eq!(w47["after_hours_coding"], 2.5);
    assert_eq!(w48["after_hours_coding"], 0.75);
}

#[test]
fn a_user_rule_overrides_a_default() {
    let cal = ics(&[&event("20261116T093000", "20261116T100000", "Team standup")]);
    let inputs = Inputs::new(&cal, "");
    let config = "[[rule]]\ncategory = \"status\"\nkind = \"other\"\ntitle = '(?i)standup'\n\n[[manager]]\nname = \"Ada\"\n";
    fs::write(inputs.path().join("twohats.toml"), config).unwrap();
    let w = inputs.week("2026-W47", &["--config", "twohats.toml"]);
    assert_eq!(h(&w, "other"), 0.5);
    assert_eq!(h(&w, "people"), 0.0);
    assert_eq!(w["categories"]["status"], 0.5);
    // Without the rule, the default "team rituals" (people) decides.
    let w = inputs.week("2026-W47", &[]);
    assert_eq!(w["categories"]["team rituals"], 0.5);
}

/// DESCRIPTION, LOCATION and CATEGORIES are left out of the text before
/// parsing unless a rule reads them: a rule that does still sees them,
/// folded lines and all.
#[test]
fn rules_on_description_location_and_categories_still_match() {
    let cal = ics(&[
        // 10:00-11:00: the description, folded, names the on-call handover.
        &format!(
            "{}\nDESCRIPTION:Weekly sync. Agenda: the on-call hand@@over and open incidents",
            event("20261116T100000", "20261116T110000", "Weekly sync")
        ),
        // 11:00-11:30: in the war room.
        &format!(
            "{}\nLOCATION:War Room 2",
            event("20261116T110000", "20261116T113000", "Sync")
        ),
        // 12:00-12:45: Outlook's category.
        &format!(
            "{}\nCATEGORIES:Blue Category,Recruiting",
            event("20261116T120000", "20261116T124500", "Chat")
        ),
    ])
    // A folded line (the helper trims each line it is given).
    .replace("@@", "\r\n ");
    let inputs = Inputs::new(&cal, "");
    let config =
        "[[rule]]\ncategory = \"on-call\"\nkind = \"other\"\ndescription = 'on-call handover'\n\n\
        [[rule]]\ncategory = \"incidents\"\nkind = \"other\"\nlocation = '(?i)war room'\n\n\
        [[rule]]\ncategory = \"hiring\"\nkind = \"people\"\ncategories = '^Recruiting$'\n\n\
        [[manager]]\nname = \"Ada\"\n";
    fs::write(inputs.path().join("twohats.toml"), config).unwrap();
    let w = inputs.week("2026-W47", &["--config", "twohats.toml"]);
    assert_eq!(w["categories"]["on-call"], 1.0);
    assert_eq!(w["categories"]["incidents"], 0.5);
    assert_eq!(w["categories"]["hiring"], 0.75);
    // Without the rules, all three are blocks (other): 2.25 h.
    let w = inputs.week("2026-W47", &[]);
    assert_eq!(w["categories"], serde_json::json!({"blocks": 2.25}));
}

/// A week of `people` hours of interviews and `coding` hours of focus time,
/// laid end to end from Monday 08:00.
fn week_of(people_minutes: u32, coding_minutes: u32) -> String {
    let at = |m: u32| format!("20261116T{:02}{:02}00", 8 + m / 60, m % 60);
    let people = event(&at(0), &at(people_minutes), "Interview loop");
    let coding = event(
        &at(people_minutes),
        &at(people_minutes + coding_minutes),
        "Focus time",
    );
    ics(&[&people, &coding])
}

#[test]
fn every_verdict_including_a_share_exactly_at_the_limit() {
    // Limit 30% (4 reports), watch from 25%, min tracked 10 h.
    let cases = [
        (7 * 60, 3 * 60, 30.0, "watch"),          // exactly at the limit
        (6 * 60 + 30, 3 * 60 + 30, 35.0, "over"), // 3.5 of 10 h
        (8 * 60, 2 * 60, 20.0, "ok"),
        (7 * 60 + 24, 2 * 60 + 36, 26.0, "watch"), // 2.6 of 10 h
        (6 * 60, 3 * 60 + 30, 36.8, "insufficient-data"), // 9.5 h tracked
        (7 * 60 + 30, 2 * 60 + 30, 25.0, "ok"),    // exactly at limit - margin
    ];
    for (people, coding, share, verdict) in cases {
        let w = Inputs::new(&week_of(people, coding), "").week("2026-W47", &[]);
        assert_eq!(w["coding_share_pct"], share, "{people} + {coding} minutes");
        assert_eq!(w["verdict"], verdict, "{people} + {coding} minutes");
    }
}

#[test]
fn sustained_over_needs_three_of_the_last_four_weeks_with_data() {
    // Four weeks W44-W47: over, over, ok, over → sustained. Each week has 10 h:
    // coding 4 h (40%) when over, 2 h (20%) when ok.
    let weeks = [
        ("20261026", 4),
        ("20261102", 4),
        ("20261109", 2),
        ("20261116", 4),
    ];
    let mut events = Vec::new();
    for (day, coding) in weeks {
        events.push(format!(
            "DTSTART;TZID=Europe/Berlin:{day}T080000\nDTEND;TZID=Europe/Berlin:{day}T{:02}0000\nSUMMARY:Interview loop",
            18 - coding
        ));
        events.push(format!(
            "DTSTART;TZID=Europe/Berlin:{day}T{:02}0000\nDTEND;TZID=Europe/Berlin:{day}T180000\nSUMMARY:Focus time",
            18 - coding
        ));
    }
    let refs: Vec<&str> = events.iter().map(String::as_str).collect();
    let inputs = Inputs::new(&ics(&refs), "");
    let out = twohats()
        .current_dir(inputs.path())
        .args([
            "report",
            "--ics",
            "cal.ics",
            "--me",
            ME,
            "--tz",
            "Europe/Berlin",
            "--reports",
            "4",
        ])
        .args([
            "--from",
            "2026-10-26",
            "--to",
            "2026-11-22",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["managers"][0];
    let verdicts: Vec<&str> = m["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["over", "over", "ok", "over"]);
    let s = &m["summary"];
    assert_eq!(s["weeks"], 4);
    assert_eq!(s["weeks_with_data"], 4);
    assert_eq!(s["weeks_over"], 3);
    // 14 of 40 hours.
    assert_eq!(s["coding_share_pct"], 35.0);
    assert_eq!(s["sustained_over"], true);
}

#[test]
fn fail_on_over_exits_with_1_and_a_broken_config_with_2() {
    let inputs = Inputs::new(&week_of(6 * 60, 4 * 60), "");
    let run = |fail_on: &str| {
        twohats()
            .current_dir(inputs.path())
            .args([
                "week",
                "--ics",
                "cal.ics",
                "--me",
                ME,
                "--tz",
                "Europe/Berlin",
                "--reports",
                "4",
            ])
            .args(["--week", "2026-W47", "--fail-on", fail_on])
            .assert()
    };
    // 4 of 10 h = 40% > 30%; the CI log says which week failed and why.
    run("over").code(1).stderr(
        "--fail-on over: 1 week at over or worse:\n  me 2026-W47: over, coding 40.0% (limit 30%)\n",
    );
    run("watch").code(1);
    fs::write(inputs.path().join("broken.toml"), "[thresholds\n").unwrap();
    twohats()
        .current_dir(inputs.path())
        .args(["week", "--config", "broken.toml", "--week", "2026-W47"])
        .assert()
        .code(2);
}

#[test]
fn an_ok_week_does_not_fail() {
    let inputs = Inputs::new(&week_of(8 * 60, 2 * 60), "");
    twohats()
        .current_dir(inputs.path())
        .args([
            "week",
            "--ics",
            "cal.ics",
            "--me",
            ME,
            "--tz",
            "Europe/Berlin",
            "--reports",
            "4",
        ])
        .args(["--week", "2026-W47", "--fail-on", "watch"])
        .assert()
        .code(0);
}
