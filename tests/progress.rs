//! The week in progress and the week ahead (docs/model.md, "The week in
//! progress and the week ahead"), through the binary. Every figure is
//! worked out by hand in `fixtures/progress/README.md`: Ada in
//! Europe/Berlin with 4 reports (limit 30%), her December calendar and
//! commits; "now" is given with `--today`.

mod common;

use common::{repo_path, twohats, Run};
use serde_json::{json, Value};

const WEDNESDAY_NOON: &str = "2026-12-09T12:00";

/// Ada's sources and identity, then `args`.
fn ada(args: &[&str]) -> Run {
    let fixture = |name: &str| repo_path("fixtures/progress").join(name);
    Run::of(
        twohats()
            .arg(args[0])
            .arg("--ics")
            .arg(fixture("ada-google.ics"))
            .arg("--git-log")
            .arg(fixture("git.log"))
            .args(["--me", "ada@example.com", "--reports", "4"])
            .args(["--tz", "Europe/Berlin", "--name", "Ada"])
            .args(&args[1..]),
    )
}

/// `twohats week` as JSON: Ada's one week.
fn week_json(today: &str, week: &str) -> Value {
    let doc = ada(&["week", "--today", today, "--week", week, "--format", "json"]).ok_json();
    assert_eq!(doc["managers"][0]["weeks"].as_array().unwrap().len(), 1);
    doc["managers"][0]["weeks"][0].clone()
}

/// `twohats explain --format json` of Ada's `week` as of `today`: its rows.
fn explain_rows(today: &str, week: &str) -> Vec<Value> {
    let rows = ada(&[
        "explain", "--today", today, "--week", week, "--format", "json",
    ]);
    rows.ok_json().as_array().unwrap().clone()
}

/// The hours the `rows` that `which` picks counted.
fn counted<'a>(rows: impl IntoIterator<Item = &'a Value>, which: impl Fn(&Value) -> bool) -> f64 {
    (rows.into_iter().filter(|r| which(r)))
        .map(|r| r["counted_hours"].as_f64().unwrap())
        .sum()
}

fn hours(coding: f64, people: f64, other: f64, tracked: f64) -> Value {
    json!({"coding": coding, "people": people, "other": other, "tracked": tracked})
}

#[test]
fn a_week_split_at_wednesday_noon_counts_the_meeting_across_now_in_both_parts() {
    let w = week_json(WEDNESDAY_NOON, "this");
    assert_eq!(w["week"], "2026-W50");
    assert_eq!(w["status"], "in-progress");
    // Done: Monday's session 3.5 + Wednesday's 1.75; standups and the 1:1;
    // the architecture review's 11:00-12:00. Planned: the blocks of
    // Thursday and Friday, the debrief, Friday's standup, the review's
    // 12:00-12:45.
    assert_eq!(w["done"], hours(5.25, 1.25, 1.0, 7.5));
    assert_eq!(w["planned"], hours(4.0, 1.25, 0.75, 6.0));
    assert_eq!(w["hours"], hours(9.25, 2.5, 1.75, 13.5));
    assert_eq!(w["categories"]["technical leadership"], 1.75);
    // 9.25 / 13.5 = 68.5%: over the 30% limit, on a plan.
    assert_eq!(w["coding_share_pct"], 68.5);
    assert_eq!(w["verdict"], "over");
    // Standups Mon, Tue, Wed and Fri (Thursday's cancelled), the 1:1, the
    // review, the code review block, the debrief, the focus block; the
    // declined demo is not one of them.
    assert_eq!(w["events"], 9);
}

#[test]
fn commits_before_now_count_and_none_are_assumed_after() {
    let w = week_json(WEDNESDAY_NOON, "2026-W50");
    // Mon 15:00, 16:30 and Wed 10:00 are before noon; Wed 13:30 and Thu
    // 11:00 are not, and neither is the 13:30 commit's lead time
    // (11:30-12:00).
    assert_eq!(w["commits"], 3);
    assert_eq!(w["sessions"], 2);
    assert_eq!(w["categories"]["commits"], 5.25);
    assert_eq!(w["done"]["coding"], 5.25);
    // After now, only the calendar's coding blocks (1 + 3 h).
    assert_eq!(w["planned"]["coding"], 4.0);
    assert_eq!(w["categories"]["coding"], 4.0);
}

#[test]
fn explain_marks_the_calendar_rows_after_now_as_planned() {
    // Wednesday noon: 6.0 h are planned (README), of which 0.75 h are the
    // architecture review's part after noon, in a row that began at 11:00
    // and so is not marked. The rows marked planned add up to 5.25 h; no
    // commit row is (no commit is assumed after now).
    let rows = explain_rows(WEDNESDAY_NOON, "this");
    let planned: Vec<&Value> = rows.iter().filter(|r| r["planned"] == true).collect();
    assert_eq!(counted(planned.iter().copied(), |_| true), 5.25);
    assert!(planned
        .iter()
        .all(|r| r["source"].get("file").is_some() && r["source"].get("commits").is_none()));
    assert!(planned
        .iter()
        .all(|r| r["start"].as_str().unwrap() >= "2026-12-09T12:00:00+01:00"));
    let text = ada(&["explain", "--today", WEDNESDAY_NOON, "--week", "this"]).stdout;
    assert!(text.contains("3.00 h planned"), "{text}");
}

#[test]
fn explain_of_the_week_in_progress_counts_what_week_counts() {
    // Wednesday noon: the sessions are those of the commits before now
    // (README): Mon 13:00-16:30 (2 commits, 3.5 h) and Wed 08:00-10:00 (1
    // commit, 1.75 h: the standup takes 0.25). The Wed 13:30 and Thu 11:00
    // commits do not exist yet: no row of theirs. Coding 5.25 + the blocks
    // 1.0 + 3.0 = 9.25, people 2.5, other 1.75, as `week` counts.
    let rows = explain_rows(WEDNESDAY_NOON, "this");
    let sum = |kind: &str| counted(&rows, |r| r["kind"] == kind);
    assert_eq!(
        (sum("coding"), sum("people"), sum("other")),
        (9.25, 2.5, 1.75)
    );
    let sessions: Vec<(&str, &str, usize)> = (rows.iter())
        .filter(|r| r["source"].get("commits").is_some())
        .map(|r| {
            let commits = r["source"]["commits"].as_array().unwrap().len();
            (
                r["start"].as_str().unwrap(),
                r["end"].as_str().unwrap(),
                commits,
            )
        })
        .collect();
    assert_eq!(
        sessions,
        [
            ("2026-12-07T13:00:00+01:00", "2026-12-07T16:30:00+01:00", 2),
            ("2026-12-09T08:00:00+01:00", "2026-12-09T10:00:00+01:00", 1),
        ]
    );
    // Once the week is over, every commit counts: coding 11.0 (README).
    let rows = explain_rows("2026-12-14", "2026-W50");
    assert_eq!(counted(&rows, |r| r["kind"] == "coding"), 11.0);
}

#[test]
fn a_plan_over_the_limit_with_too_little_data_has_no_budget_left() {
    // The week ahead (W51, seen from Wednesday noon of W50): "Focus time"
    // Mon 09:00-12:00 (coding 3 h) and "1:1 Bob" Tue 10:00-11:00 (people
    // 1 h). Tracked 4 h < 10: insufficient data, so no over-limit hours;
    // yet the plan is at 3 / 4 = 75%, over 30%: the budget is max(0, (0.3 ×
    // 4 − 3) / 0.7) = 0, and "0.0 h more coding keeps you under 30%" would
    // be untrue.
    let dir = tempfile::tempdir().unwrap();
    let event = |uid: &str, start: &str, end: &str, title: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Europe/Berlin:{start}\r\nDTEND;TZID=Europe/Berlin:{end}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n{}{}END:VCALENDAR\r\n",
        event("focus", "20261214T090000", "20261214T120000", "Focus time"),
        event("bob", "20261215T100000", "20261215T110000", "1:1 Bob"),
    );
    std::fs::write(dir.path().join("cal.ics"), ics).unwrap();
    let run = Run::of(
        twohats()
            .current_dir(dir.path())
            .args(["week", "--ics", "cal.ics", "--me", "ada@example.com"])
            .args(["--reports", "4", "--tz", "Europe/Berlin"])
            .args(["--today", WEDNESDAY_NOON, "--week", "next"]),
    );
    assert!(
        run.stdout
            .contains("week ahead: 0.0 h done, 4.0 h planned · coding 75.0% (provisional)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "budget: no more coding fits under 30% on the plan — largest planned coding: \"Focus time\" 3.0 h (event)"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("keeps you under"), "{}", run.stdout);
    // A week with nothing planned yet (W05 of 2027) has no budget to tell.
    let empty = Run::of(
        twohats()
            .current_dir(dir.path())
            .args(["week", "--ics", "cal.ics", "--me", "ada@example.com"])
            .args(["--reports", "4", "--tz", "Europe/Berlin"])
            .args(["--today", WEDNESDAY_NOON, "--week", "2027-W05"]),
    );
    assert!(
        empty
            .stdout
            .contains("week ahead: 0.0 h done, 0.0 h planned"),
        "{}",
        empty.stdout
    );
    assert!(!empty.stdout.contains("budget"), "{}", empty.stdout);
}

#[test]
fn a_week_ahead_is_all_plan_with_its_coding_budget_worked_out() {
    let w = week_json(WEDNESDAY_NOON, "next");
    assert_eq!(w["week"], "2026-W51");
    assert_eq!(w["status"], "ahead");
    assert_eq!(w["done"], hours(0.0, 0.0, 0.0, 0.0));
    assert_eq!(w["planned"], hours(2.0, 5.25, 4.5, 11.75));
    assert_eq!(w["hours"], w["planned"]);
    assert_eq!(w["verdict"], "ok");
    // (0.3 × 11.75 − 2.0) / (1 − 0.3) = 1.525 / 0.7 = 2.178… h.
    let budget: f64 = (0.3 * 11.75 - 2.0) / 0.7;
    assert_eq!(w["coding_budget_hours"], (budget * 100.0).round() / 100.0);
    assert_eq!(w["coding_budget_hours"], 2.18);
    // So much more coding brings the share to the limit (the budget as
    // given, to two decimals: within 0.01 percentage points).
    let given = w["coding_budget_hours"].as_f64().unwrap();
    assert!(((2.0 + given) / (11.75 + given) - 0.3).abs() < 1e-4);
    assert_eq!(w["coding_over_limit_hours"], 0.0);

    let text = ada(&["week", "--today", WEDNESDAY_NOON, "--week", "next"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "Ada · 2026-W51 (Mon 14 Dec – Sun 20 Dec 2026) · Europe/Berlin",
            // 2.0 / 11.75 = 17.02%.
            "  week ahead: 0.0 h done, 11.8 h planned · coding 17.0% (provisional)",
            // Down to 2.1, not 2.2: 4.2 / 13.95 would be 30.1%.
            "  budget: 2.1 h more coding keeps you under 30%",
            "  OK  coding 17.0% of 11.8 h; limit for a team of 4 is 30%: ok (provisional)",
        ]
    );
}

#[test]
fn a_week_over_on_its_plan_has_no_budget_and_names_its_largest_planned_coding() {
    let w = week_json(WEDNESDAY_NOON, "this");
    assert_eq!(w["coding_budget_hours"], 0.0);
    // 9.25 − 0.3 × 13.5 = 5.2 h.
    assert_eq!(w["coding_over_limit_hours"], 5.2);
    assert_eq!(
        w["largest_planned_coding"],
        json!([
            {"source": "calendar", "label": "Focus time", "hours": 3.0},
            {"source": "calendar", "label": "Code review", "hours": 1.0},
        ])
    );
    let text = ada(&["week", "--today", WEDNESDAY_NOON, "--week", "this"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "Ada · 2026-W50 (Mon 7 Dec – Sun 13 Dec 2026) · Europe/Berlin",
            "  this week so far: 7.5 h done, 6.0 h planned · coding 68.5% (provisional)",
            "  over by 5.2 h on the plan — largest planned coding: \"Focus time\" 3.0 h (event), \"Code review\" 1.0 h (event)",
            "  OVER  coding 68.5% of 13.5 h; limit for a team of 4 is 30%: over (provisional)",
        ]
    );
    // The report's table says so too.
    let args = [
        "report",
        "--today",
        WEDNESDAY_NOON,
        "--from",
        "2026-12-07",
        "--to",
        "2026-12-13",
    ];
    let table = ada(&args).stdout;
    let row = table.lines().find(|l| l.contains("2026-W50")).unwrap();
    assert!(
        row.contains("68.5%") && row.contains("over (provisional)"),
        "{table}"
    );
}

#[test]
fn a_week_that_became_complete_counts_every_commit_and_has_no_plan() {
    // Monday 14 December, 00:00 in Berlin: W50 has just ended.
    let w = week_json("2026-12-14", "2026-W50");
    assert_eq!(w["status"], "complete");
    assert_eq!(w.get("done"), None);
    assert_eq!(w.get("planned"), None);
    assert_eq!(w.get("coding_budget_hours"), None);
    // Wednesday's 13:30 session adds 12:45-13:30 (the review keeps
    // 11:30-12:45); Thursday's adds 10:00-11:00 beside the code review block.
    assert_eq!(w["hours"], hours(11.0, 2.5, 1.75, 15.25));
    assert_eq!(w["coding_share_pct"], 72.1);
    assert_eq!(
        (w["commits"].as_u64(), w["sessions"].as_u64()),
        (Some(5), Some(4))
    );
    // A date alone is its 00:00: the week it starts is in progress, with
    // nothing done yet.
    let next = week_json("2026-12-14", "this");
    assert_eq!(next["week"], "2026-W51");
    assert_eq!(next["status"], "in-progress");
    assert_eq!(next["done"]["tracked"], 0.0);
    assert_eq!(next["planned"]["tracked"], 11.75);
}

#[test]
fn fail_on_over_waits_for_the_week_to_end() {
    let midweek = ada(&["week", "--today", WEDNESDAY_NOON, "--week", "2026-W50"]);
    let args = [
        "--week",
        "2026-W50",
        "--fail-on",
        "over",
        "--format",
        "json",
    ];
    let midweek_fail = ada(&[&["week", "--today", WEDNESDAY_NOON], &args[..]].concat());
    assert!(midweek.stdout.contains("OVER"), "{}", midweek.stdout);
    assert_eq!(midweek_fail.code, 0, "{}", midweek_fail.stderr);
    let ended = ada(&[&["week", "--today", "2026-12-14"], &args[..]].concat());
    assert_eq!(ended.code, 1, "{}", ended.stderr);
    assert_eq!(ended.json()["managers"][0]["weeks"][0]["verdict"], "over");
}

#[test]
fn dst_on_the_day_of_now_splits_the_night_where_now_really_is() {
    let run = |today: &str| {
        Run::of(
            twohats()
                .args(["week", "--ics"])
                .arg(repo_path("fixtures/progress/outlook-dst.ics"))
                .args([
                    "--me",
                    "ada@example.com",
                    "--reports",
                    "4",
                    "--tz",
                    "Europe/Berlin",
                    "--week",
                    "this",
                    "--today",
                    today,
                    "--format",
                    "json",
                ]),
        )
        .ok_json()["managers"][0]["weeks"][0]
            .clone()
    };
    // 02:30 happens twice on 25 October; the wall time is the first
    // (CEST, 00:30 UTC): 23:00-00:30 UTC of the 4-hour window is done.
    let first = run("2026-10-25T02:30");
    assert_eq!(first["week"], "2026-W43");
    assert_eq!(first["status"], "in-progress");
    assert_eq!(first["done"], hours(4.0, 0.0, 1.5, 5.5));
    assert_eq!(first["planned"], hours(0.0, 0.0, 2.5, 2.5));
    assert_eq!(first["hours"], hours(4.0, 0.0, 4.0, 8.0));
    // With its offset, the second 02:30 (CET, 01:30 UTC).
    let second = run("2026-10-25T02:30:00+01:00");
    assert_eq!(second["done"], hours(4.0, 0.0, 2.5, 6.5));
    assert_eq!(second["planned"], hours(0.0, 0.0, 1.5, 1.5));
}

#[test]
fn a_share_written_mid_week_holds_only_complete_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ada.json");
    let run = ada(&[
        "share",
        "--today",
        WEDNESDAY_NOON,
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-13",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("left out 1 week(s) not complete yet (from 2026-W50)"),
        "{}",
        run.stdout
    );
    let share: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let weeks: Vec<&str> = (share["weeks"].as_array().unwrap().iter())
        .map(|w| w["week"].as_str().unwrap())
        .collect();
    // W49, and the 3 weeks before it for the trends; not W50.
    assert_eq!(weeks, ["2026-W46", "2026-W47", "2026-W48", "2026-W49"]);
    // Only weeks still ahead: nothing to share.
    let ahead = ada(&[
        "share",
        "--today",
        WEDNESDAY_NOON,
        "--from",
        "2026-12-10",
        "--to",
        "2026-12-20",
    ]);
    assert_eq!(ahead.code, 2);
    assert_eq!(
        ahead.stderr,
        "error: no complete week to share: 2026-W50 to 2026-W51 has not ended yet (a share holds complete weeks only)\n"
    );
}

#[test]
fn a_report_without_a_range_covers_complete_weeks_only() {
    let doc = ada(&["report", "--today", WEDNESDAY_NOON, "--format", "json"]).ok_json();
    assert_eq!(
        doc["weeks"],
        json!(["2026-W46", "2026-W47", "2026-W48", "2026-W49"])
    );
    let statuses: Vec<&str> = (doc["managers"][0]["weeks"].as_array().unwrap().iter())
        .map(|w| w["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["complete"; 4]);
}

/// A config entry for `name` in `zone`, with Ada's addresses and calendar.
fn manager(name: &str, zone: &str) -> String {
    let fixture = repo_path("fixtures/progress").join("ada-google.ics");
    format!(
        "[[manager]]\nname = \"{name}\"\nemails = [\"ada@example.com\"]\nreports = 4\ntimezone = \"{zone}\"\ncalendars = [{:?}]\n",
        fixture.display().to_string()
    )
}

#[test]
fn the_last_complete_week_has_ended_for_every_manager_of_the_config() {
    // Monday 14 December 2026, 06:00 UTC: 07:00 in Berlin, where W50 has
    // ended, but still Sunday 22:00 in Los Angeles, where it has not. A
    // CI job asking for the last week at that hour must get W49, complete
    // for both, or it would skip Lin's W50 now (in progress) and never
    // judge it (next Monday the last week is W51).
    let config = manager("Ada", "Europe/Berlin") + &manager("Lin", "America/Los_Angeles");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("org.toml"), config).unwrap();
    let run = |args: &[&str]| {
        let mut c = twohats();
        c.current_dir(dir.path()).args(args);
        c.args(["--config", "org.toml", "--today", "2026-12-14T06:00:00Z"]);
        Run::of(c.args(["--format", "json"]))
    };
    for args in [
        &["report", "--weeks", "1"][..],
        &["report"][..],
        &["week"][..],
    ] {
        let doc = run(args).ok_json();
        let last = doc["weeks"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last, "2026-W49", "{args:?}");
        for m in doc["managers"].as_array().unwrap() {
            for w in m["weeks"].as_array().unwrap() {
                assert_eq!(w["status"], "complete", "{args:?} {}", m["name"]);
            }
        }
    }
}

#[test]
fn this_week_of_several_managers_is_that_of_the_configs_zone_in_any_order() {
    // Sunday 13 December 2026, 21:00 UTC: already Monday 10:00 of W51 in
    // Auckland, still Sunday 13:00 of W50 in Los Angeles. For several
    // managers, "this week" is the week containing now in the config's
    // `timezone` (whoever runs their view), whichever manager comes first.
    let (kiri, lee) = (
        manager("Kiri", "Pacific/Auckland"),
        manager("Lee", "America/Los_Angeles"),
    );
    let dir = tempfile::tempdir().unwrap();
    for (zone, week) in [
        ("Europe/Berlin", "2026-W50"),
        ("Pacific/Auckland", "2026-W51"),
    ] {
        for managers in [kiri.clone() + &lee, lee.clone() + &kiri] {
            let config = format!("timezone = \"{zone}\"\n\n{managers}");
            std::fs::write(dir.path().join("org.toml"), config).unwrap();
            let doc = Run::of(twohats().current_dir(dir.path()).args([
                "week",
                "--config",
                "org.toml",
                "--today",
                "2026-12-13T21:00:00Z",
                "--week",
                "this",
                "--format",
                "json",
            ]))
            .ok_json();
            assert_eq!(doc["weeks"], json!([week]), "{zone}: {managers}");
        }
    }
}

#[test]
fn a_complete_week_keeps_its_hours_whenever_it_is_asked() {
    // The demo's weeks seen just after the last of them ended (Monday 23
    // November, 00:00 in each manager's zone), two days later (the tests'
    // today) and half a year later: the same hours.
    let hours_at = |today: &str| -> Vec<Value> {
        let doc = Run::of(twohats().args([
            "report",
            "--config",
            common::DEMO_CONFIG,
            "--from",
            common::DEMO_FROM,
            "--to",
            common::DEMO_TO,
            "--today",
            today,
            "--format",
            "json",
        ]))
        .ok_json();
        (doc["managers"].as_array().unwrap().iter())
            .flat_map(|m| m["weeks"].as_array().unwrap().clone())
            .map(|w| json!([w["week"], w["hours"], w["status"], w["commits"]]))
            .collect()
    };
    let just_ended = hours_at("2026-11-23");
    assert_eq!(just_ended.len(), 21);
    assert_eq!(hours_at(common::TODAY), just_ended);
    assert_eq!(hours_at("2027-06-01T09:00:00Z"), just_ended);
}

#[test]
fn a_now_that_is_not_a_time_is_refused_in_one_line() {
    let run = ada(&["week", "--today", "2026-12-09T25:00"]);
    assert_eq!(run.code, 2);
    // clap's usage error, its first line naming the flag and the forms.
    assert_eq!(
        run.stderr.lines().next(),
        Some("error: invalid value '2026-12-09T25:00' for '--today <DATE>': '2026-12-09T25:00' is not a date like 2026-12-09, a time like 2026-12-09T12:00, or RFC 3339 like 2026-12-09T12:00:00+01:00"),
        "{}",
        run.stderr
    );
    // Given in the environment, as a CI job would, the variable is named.
    let run = Run::of(twohats().env("TWOHATS_TODAY", "tomorrow").args([
        "week",
        "--me",
        "ada@example.com",
    ]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .lines()
            .next()
            .unwrap_or("")
            .ends_with("(the value of TWOHATS_TODAY)"),
        "{}",
        run.stderr
    );
    // Set but empty, as `${{ inputs.today }}` is on a scheduled run: not
    // given, so the clock decides; a week is read, no error.
    let run = Run::of(twohats().env("TWOHATS_TODAY", "").args([
        "week",
        "--me",
        "ada@example.com",
        "--reports",
        "3",
        "--ics",
        &common::fixture("network/hiring.ics"),
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}

#[test]
fn every_file_of_a_report_folder_says_which_weeks_are_provisional() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let run = ada(&[
        "report",
        "--today",
        WEDNESDAY_NOON,
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-20",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();

    // weeks.csv: the status, the budget and the done and planned hours
    // (empty for the complete week).
    let csv = read("weeks.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let cells = |name: &str| -> Vec<&str> { rows.iter().map(|r| r[column(name)]).collect() };
    assert_eq!(cells("status"), ["complete", "in-progress", "ahead"]);
    assert_eq!(cells("coding_budget_hours"), ["", "0.0", "2.18"]);
    assert_eq!(cells("hours_done_tracked"), ["", "7.5", "0.0"]);
    assert_eq!(cells("hours_planned_tracked"), ["", "6.0", "11.75"]);
    assert_eq!(cells("hours_planned_coding"), ["", "4.0", "2.0"]);

    // report.md: the verdict marked provisional, status and budget columns.
    let md = read("report.md");
    assert!(md.contains("| 68.5% | **over** (provisional) |"), "{md}");
    assert!(md.contains("| in-progress | 0.00 |\n"), "{md}");
    assert!(md.contains("| 17.0% | ok (provisional) |"), "{md}");
    assert!(md.contains("| ahead | 2.18 |\n"), "{md}");

    // report.html: the page's data gives each week's status (c, p, a: the
    // heatmap hatches p and a) and the budget.
    let html = read("report.html");
    let data = html
        .split("<script type=\"application/json\" id=\"twohats-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    let data: Value = serde_json::from_str(data).unwrap();
    let w = &data["managers"][0]["w"];
    assert_eq!(w["status"], "cpa");
    assert_eq!(w["budget"], json!([null, 0.0, 2.18]));
    assert!(
        html.contains("hatched: a week in progress or ahead"),
        "legend"
    );
}
