//! 1:1 coverage per report (`docs/model.md`, "1:1 coverage"), through the
//! binary: who on a manager's team had a 1:1 each week, when last, and who
//! is overdue. Every expected figure is worked out by hand in
//! `fixtures/coverage/NOTES.md`.

mod common;

use common::{ok_json, run_in_folder, twohats, Run};
use serde_json::{json, Value};

const JONAS: &str = "fixtures/coverage/jonas.toml";
const MEI: &str = "fixtures/coverage/mei.toml";
const ORG: &str = "fixtures/coverage/org.toml";

/// Jonas's report of ISO weeks 2026-W44 to 2026-W47, as JSON.
fn jonas_report(extra: &[&str]) -> Value {
    let mut args = vec![
        "report",
        "--config",
        JONAS,
        "--from",
        "2026-10-26",
        "--to",
        "2026-11-22",
        "--format",
        "json",
    ];
    args.extend(extra);
    ok_json(&args)
}

/// The `one_on_ones` of Jonas's week `n` (0 = W44 … 3 = W47).
fn coverage(doc: &Value, n: usize) -> &Value {
    &doc["managers"][0]["weeks"][n]["one_on_ones"]
}

/// A member's week, by address.
fn member<'a>(c: &'a Value, address: &str) -> &'a Value {
    (c["members"].as_array().unwrap().iter())
        .find(|m| m["member"] == address)
        .unwrap_or_else(|| panic!("no member {address} in {c}"))
}

/// (hours, last, weeks_since, overdue) of a member's week.
fn figures(m: &Value) -> (f64, Value, Value, bool) {
    (
        m["hours"].as_f64().unwrap(),
        m["last"].clone(),
        m["weeks_since"].clone(),
        m["overdue"].as_bool().unwrap(),
    )
}

#[test]
fn the_team_implies_the_reports_and_every_week_counts_the_members() {
    let doc = jonas_report(&[]);
    let m = &doc["managers"][0];
    // Four members listed, no `reports`: 4 reports, the small band.
    assert_eq!(
        (m["reports"].clone(), m["band"].clone()),
        (json!(4), json!("small"))
    );
    let counts: Vec<(Value, Value, Value)> = (0..4)
        .map(|n| {
            let c = coverage(&doc, n);
            (c["team"].clone(), c["met"].clone(), c["overdue"].clone())
        })
        .collect();
    // NOTES.md, "Counts": W44 Ana and Chen met, Dana overdue; W45 nobody
    // met, Ben and Dana overdue; W46 (vacation) all four overdue; W47 Chen
    // met, the other three overdue.
    assert_eq!(
        counts,
        [
            (json!(4), json!(2), json!(1)),
            (json!(4), json!(0), json!(2)),
            (json!(4), json!(0), json!(4)),
            (json!(4), json!(1), json!(3)),
        ]
    );
    // Members in `team` order, named as the team names them.
    let names: Vec<&str> = (coverage(&doc, 0)["members"].as_array().unwrap().iter())
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Ana Lima", "ben@example.com", "Chen Wu", "Dana Ortiz"]
    );
    assert!(doc["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn a_weekly_series_with_a_moved_instance_an_exdate_and_a_declined_instance() {
    let doc = jonas_report(&[]);
    let ana = |n| figures(member(coverage(&doc, n), "ana@example.com"));
    // W44: the 27 Oct instance moved to Thu 29 Oct 15:00-15:45 counts its
    // own 45 minutes, on its new date.
    assert_eq!(ana(0), (0.75, json!("2026-10-29"), json!(0), false));
    // W45: Jonas declined the 3 Nov instance: not met; met the week
    // before, so not overdue with a gap of 2 weeks.
    assert_eq!(ana(1), (0.0, json!("2026-10-29"), json!(1), false));
    // W46: the 10 Nov instance is an EXDATE: two weeks without, overdue.
    assert_eq!(ana(2), (0.0, json!("2026-10-29"), json!(2), true));
    assert_eq!(ana(3), (0.0, json!("2026-10-29"), json!(3), true));
}

#[test]
fn a_member_met_only_in_a_look_back_week_is_not_overdue_in_the_first_week() {
    let doc = jonas_report(&[]);
    let ben = |n| figures(member(coverage(&doc, n), "ben@example.com"));
    // Ben's one 1:1 is Wed 21 Oct (W43), before the range: W44 knows it.
    assert_eq!(ben(0), (0.0, json!("2026-10-21"), json!(1), false));
    assert_eq!(ben(1), (0.0, json!("2026-10-21"), json!(2), true));
    assert_eq!(ben(3), (0.0, json!("2026-10-21"), json!(4), true));
}

#[test]
fn an_own_block_titled_with_a_first_name_is_a_1_1_with_that_member() {
    let doc = jonas_report(&[]);
    let chen = |n| figures(member(coverage(&doc, n), "chen.wu@example.com"));
    // W44: a check-in Chen organised (attendee), Mon 26 Oct, 30 minutes.
    assert_eq!(chen(0), (0.5, json!("2026-10-26"), json!(0), false));
    // W46: two weeks without (vacation): overdue.
    assert_eq!(chen(2), (0.0, json!("2026-10-26"), json!(2), true));
    // W47: "1:1 with Chen", Jonas's own block (no guests), Thu 19 Nov.
    assert_eq!(chen(3), (0.5, json!("2026-11-19"), json!(0), false));
}

#[test]
fn a_member_seen_only_at_the_team_standup_was_never_met() {
    let doc = jonas_report(&[]);
    // Dana attends every Monday's standup (with the whole team): a team
    // ritual, not a 1:1.
    for n in 0..4 {
        let dana = figures(member(coverage(&doc, n), "dana@example.com"));
        assert_eq!(dana, (0.0, Value::Null, Value::Null, true), "week {n}");
    }
}

#[test]
fn the_week_view_names_who_is_overdue_and_for_how_long() {
    let run = Run::of(twohats().args(["week", "--config", JONAS, "--week", "2026-W47"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.text().contains(
            "  1:1s: 1 of 4 reports this week; overdue: Ana Lima (3 weeks), \
             ben@example.com (4 weeks), Dana Ortiz (over 8 weeks)\n"
        ),
        "{}",
        run.stdout
    );
    // The second week of the vacation: nobody met, everyone overdue.
    let run = Run::of(twohats().args(["week", "--config", JONAS, "--week", "2026-W46"]));
    assert!(
        run.text().contains(
            "  1:1s: 0 of 4 reports this week; overdue: Ana Lima (2 weeks), \
             ben@example.com (3 weeks), Chen Wu (2 weeks), Dana Ortiz (over 8 weeks)\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn an_outlook_export_with_cn_and_upper_case_mailto_matches_the_addresses() {
    let doc = ok_json(&[
        "week", "--config", MEI, "--week", "2026-W47", "--format", "json",
    ]);
    let c = &doc["managers"][0]["weeks"][0]["one_on_ones"];
    assert_eq!(
        (c["team"].clone(), c["met"].clone(), c["overdue"].clone()),
        (json!(2), json!(1), json!(0))
    );
    // Tom: "1:1 Tom / Mei", Wed 18 Nov 10:00-10:30, attendee written
    // `CN="Tom Berg"...:MAILTO:Tom.Berg@Example.com`.
    let tom = figures(member(c, "tom.berg@example.com"));
    assert_eq!(tom, (0.5, json!("2026-11-18"), json!(0), false));
    // Lena: "Lena / Mei sync" (two people: one-on-ones by the attendee
    // rule), Thu 12 Nov; the Platform sync with both of them is a meeting.
    let lena = figures(member(c, "lena.fischer@example.com"));
    assert_eq!(lena, (0.0, json!("2026-11-12"), json!(1), false));
    let run = Run::of(twohats().args(["week", "--config", MEI, "--week", "2026-W47"]));
    assert!(
        run.text().contains("  1:1s: 1 of 2 reports this week\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_reports_count_that_differs_from_the_team_decides_the_band_with_a_warning() {
    let calendar = std::fs::read(common::repo_path("fixtures/coverage/jonas-google.ics")).unwrap();
    let config = br#"
[[manager]]
name = "Jonas Weber"
emails = ["jonas@example.com"]
reports = 7
team = ["Ana Lima <ana@example.com>", "ben@example.com"]
calendars = ["cal.ics"]
timezone = "Europe/Berlin"
"#;
    let run = run_in_folder(
        &[("t.toml", config), ("cal.ics", &calendar)],
        &[
            "week", "--config", "t.toml", "--week", "2026-W44", "--format", "json",
        ],
    );
    let doc = run.ok_json();
    let m = &doc["managers"][0];
    // 7 reports: the medium band, whatever the team of 2 says.
    assert_eq!(
        (m["reports"].clone(), m["band"].clone()),
        (json!(7), json!("medium"))
    );
    assert_eq!(m["weeks"][0]["one_on_ones"]["team"], json!(2));
    assert!(
        run.stderr.contains(
            "warning: manager 'Jonas Weber': reports = 7, but the team lists 2; 7 decides the band"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_team_entry_that_is_not_an_address_is_an_error_naming_the_line() {
    let config = b"[[manager]]\nname = \"Jonas\"\nteam = [\n  \"Ana Lima <ana@example.com>\",\n  \"Ben Okafor\",\n]\n";
    let run = run_in_folder(&[("t.toml", config)], &["week", "--config", "t.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        "error: t.toml:5: manager[1].team: 'Ben Okafor' is not a member like \"Ana Lima <ana@example.com>\" or \"ana@example.com\""
    );
    let twice =
        b"[[manager]]\nname = \"Jonas\"\nteam = [\"ana@example.com\", \"Ana <ANA@example.com>\"]\n";
    let run = run_in_folder(&[("t.toml", twice)], &["week", "--config", "t.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("t.toml:3: manager[1].team: 'ana@example.com' is listed twice"),
        "{}",
        run.stderr
    );
    let gap = b"[people]\none_on_one_max_gap_weeks = 0\n";
    let run = run_in_folder(&[("t.toml", gap)], &["week", "--config", "t.toml"]);
    assert!(
        run.stderr.contains(
            "t.toml:2: people.one_on_one_max_gap_weeks: 0 is not a number of weeks from 1 to 52"
        ),
        "{}",
        run.stderr
    );
}

/// Mia's week 2026-W47 (UTC): a 1:1 with Bob under his alias robert@ (Tue
/// 10:00-11:00), focus time (Wed 08:00-11:00) and sprint planning (Thu
/// 08:00-16:00).
const MIA_W47: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n\
BEGIN:VEVENT\r\nUID:bob-1@example.com\r\nDTSTART:20261117T100000Z\r\nDTEND:20261117T110000Z\r\nSUMMARY:1:1 Bob\r\n\
ORGANIZER:mailto:mia@x.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:mia@x.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:robert@x.com\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:focus-1@example.com\r\nDTSTART:20261118T080000Z\r\nDTEND:20261118T110000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:plan-1@example.com\r\nDTSTART:20261119T080000Z\r\nDTEND:20261119T160000Z\r\nSUMMARY:Sprint planning\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn a_member_listed_under_two_addresses_is_one_report() {
    // Six entries, Bob Stone twice: five people, the small band, 30%.
    // Coding 3 h of 1 + 3 + 8 = 12 h tracked: 25.0%, not above 30 − 5 =
    // 25: ok. The 1:1 with robert@ is with Bob: 1 of 5 met, 4 overdue
    // (no 1:1 in the 8 weeks read before).
    let config = "timezone = \"UTC\"\n[[manager]]\nname = \"Mia\"\nemails = [\"mia@x.com\"]\ncalendars = [\"a.ics\"]\n\
        team = [\"Ana <ana@x.com>\", \"Bob Stone <bob@x.com>\", \"bob stone <robert@x.com>\", \"Cy <cy@x.com>\", \"Di <di@x.com>\", \"Ed <ed@x.com>\"]\n";
    let files: [(&str, &[u8]); 2] = [("a.toml", config.as_bytes()), ("a.ics", MIA_W47.as_bytes())];
    let args = [
        "week",
        "--config",
        "a.toml",
        "--week",
        "2026-W47",
        "--today",
        "2026-12-07",
        "--format",
        "json",
    ];
    let doc = run_in_folder(&files, &args).ok_json();
    let m = &doc["managers"][0];
    assert_eq!(
        (m["reports"].clone(), m["limit_pct"].clone()),
        (json!(5), json!(30.0))
    );
    let w = &m["weeks"][0];
    assert_eq!(w["coding_share_pct"], 25.0);
    assert_eq!(w["verdict"], "ok");
    let c = &w["one_on_ones"];
    assert_eq!(
        (c["team"].clone(), c["met"].clone(), c["overdue"].clone()),
        (json!(5), json!(1), json!(4))
    );
    let bob = member(c, "bob@x.com");
    assert_eq!(figures(bob), (1.0, json!("2026-11-17"), json!(0), false));
    // Said, without naming the member.
    let said: Vec<&str> = (doc["warnings"].as_array().unwrap().iter())
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert!(
        said.contains(&"1 team entry repeats an earlier entry's display name: read as that member's other address (one report); two people of one name need names told apart"),
        "{said:?}"
    );
}

#[test]
fn the_manager_s_own_address_in_the_team_is_a_warning() {
    let config = "timezone = \"UTC\"\n[[manager]]\nname = \"Mia\"\nemails = [\"mia@x.com\"]\ncalendars = [\"a.ics\"]\n\
        team = [\"MIA@x.com\", \"Ana <ana@x.com>\"]\n";
    let files: [(&str, &[u8]); 2] = [("a.toml", config.as_bytes()), ("a.ics", MIA_W47.as_bytes())];
    let run = run_in_folder(
        &files,
        &[
            "week",
            "--config",
            "a.toml",
            "--week",
            "2026-W47",
            "--today",
            "2026-12-07",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: manager 'Mia': the team lists 'mia@x.com', one of the manager's own addresses: it counts as a report, met at every 1:1 of theirs; take it out of `team`"),
        "{}",
        run.stderr
    );
}

/// Every team member's name, first name and address (local part) of both
/// fixtures' teams, as whole words.
fn member_words() -> regex::Regex {
    regex::Regex::new(
        r"(?i)\b(ana|lima|ben|chen|wu|dana|ortiz|tom|berg|lena|fischer|ana@example\.com|ben@example\.com|chen\.wu|tom\.berg|lena\.fischer)\b",
    )
    .unwrap()
}

/// What `text` (from `what`) shows of any team member.
fn assert_names_no_member(what: &str, text: &str) {
    let found: Vec<&str> = member_words().find_iter(text).map(|m| m.as_str()).collect();
    assert!(
        found.is_empty(),
        "{what} names team members: {found:?}\n{text}"
    );
}

#[test]
fn no_member_is_named_by_redact_a_director_s_report_a_share_or_groups_only() {
    let range = ["--from", "2026-10-26", "--to", "2026-11-22"];
    let run = |args: &[&str]| {
        let run = Run::of(twohats().args(args).args(range));
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run
    };
    // The check finds them where they belong: Jonas's own report.
    let own = run(&["report", "--config", JONAS, "--format", "json"]);
    assert!(member_words().is_match(&own.stdout));

    for format in ["json", "table", "markdown", "csv"] {
        let redacted = run(&["report", "--config", JONAS, "--redact", "--format", format]);
        assert_names_no_member(&format!("--redact --format {format}"), &redacted.stdout);
        let org = run(&["report", "--config", ORG, "--format", format]);
        assert_names_no_member(&format!("two managers, --format {format}"), &org.stdout);
        let groups = run(&[
            "report",
            "--config",
            ORG,
            "--groups-only",
            "--format",
            format,
        ]);
        assert_names_no_member(&format!("--groups-only --format {format}"), &groups.stdout);
    }
    let redacted = run(&["report", "--config", JONAS, "--redact", "--format", "json"]).json();
    let c = &redacted["managers"][0]["weeks"][3]["one_on_ones"];
    assert_eq!(c, &json!({"team": 4, "met": 1, "overdue": 3}));

    let share = run(&["share", "--config", JONAS]);
    assert_names_no_member("the share", &share.stdout);

    // A report folder of both managers: every file, the charts and the
    // Parquet file included.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("org");
    run(&["report", "--config", ORG, "--out", out.to_str().unwrap()]);
    for (name, bytes) in common::files_under(&out) {
        assert_names_no_member(&name, &String::from_utf8_lossy(&bytes));
    }
    let week = Run::of(twohats().args(["week", "--config", ORG, "--week", "2026-W47"]));
    assert_names_no_member("week of two managers", week.text());
    assert!(week
        .text()
        .contains("  1:1s: 1 of 4 reports this week; 3 overdue\n"));
}

#[test]
fn a_share_carries_the_counts_and_a_director_s_report_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("jonas.json");
    let run = Run::of(
        twohats()
            .args([
                "share",
                "--config",
                JONAS,
                "--from",
                "2026-11-16",
                "--to",
                "2026-11-22",
                "--out",
            ])
            .arg(&share),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shared: Value = serde_json::from_slice(&std::fs::read(&share).unwrap()).unwrap();
    // The share holds W44-W47 (W47 and the 3 weeks before, for the trends).
    let weeks = shared["weeks"].as_array().unwrap();
    let w47 = weeks.iter().find(|w| w["week"] == "2026-W47").unwrap();
    assert_eq!(
        w47["one_on_ones"],
        json!({"team": 4, "met": 1, "overdue": 3})
    );
    let w46 = weeks.iter().find(|w| w["week"] == "2026-W46").unwrap();
    assert_eq!(
        w46["one_on_ones"],
        json!({"team": 4, "met": 0, "overdue": 4})
    );

    let director =
        "[[manager]]\nname = \"Jonas Weber\"\nfigures = [\"jonas.json\"]\ngroup = \"Payments\"\n";
    std::fs::write(dir.path().join("director.toml"), director).unwrap();
    let doc = Run::of(twohats().current_dir(dir.path()).args([
        "report",
        "--config",
        "director.toml",
        "--from",
        "2026-11-09",
        "--to",
        "2026-11-22",
        "--format",
        "json",
    ]))
    .ok_json();
    let m = &doc["managers"][0];
    assert_eq!(
        m["weeks"][0]["one_on_ones"],
        json!({"team": 4, "met": 0, "overdue": 4})
    );
    assert_eq!(
        m["weeks"][1]["one_on_ones"],
        json!({"team": 4, "met": 1, "overdue": 3})
    );
    // The group sums its managers' last week, and its row in every table
    // says so.
    assert_eq!(
        doc["groups"][0]["one_on_ones"],
        json!({"team": 4, "met": 1, "overdue": 3})
    );
    for format in ["table", "markdown"] {
        let text = Run::of(
            twohats()
                .current_dir(dir.path())
                .env("COLUMNS", "250")
                .args([
                    "report",
                    "--config",
                    "director.toml",
                    "--from",
                    "2026-11-09",
                    "--to",
                    "2026-11-22",
                    "--format",
                    format,
                ]),
        )
        .stdout;
        let row = text.lines().find(|l| l.contains("Payments")).unwrap();
        assert!(row.contains("1 of 4 met, 3 overdue"), "{format}: {text}");
        assert!(text.contains("1:1s last week"), "{format}: {text}");
    }
}

#[test]
fn a_share_that_names_team_members_or_counts_more_than_the_team_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("jonas.json");
    let run = Run::of(
        twohats()
            .args([
                "share",
                "--config",
                JONAS,
                "--from",
                "2026-11-16",
                "--to",
                "2026-11-22",
                "--out",
            ])
            .arg(&share),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let good: Value = serde_json::from_slice(&std::fs::read(&share).unwrap()).unwrap();
    let last = good["weeks"].as_array().unwrap().len() - 1;
    let refused = |edit: &dyn Fn(&mut Value)| {
        let mut bad = good.clone();
        edit(&mut bad["weeks"][last]["one_on_ones"]);
        std::fs::write(&share, serde_json::to_vec(&bad).unwrap()).unwrap();
        let run = Run::of(twohats().arg("report").arg("--figures").arg(&share).args([
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
        ]));
        assert_eq!(run.code, 2, "{}", run.stdout);
        run.stderr
    };
    let named = refused(&|c| c["members"] = json!([{"member": "ana@example.com"}]));
    assert!(
        named.contains(&format!(
            "weeks[{last}].one_on_ones.members: a share carries the counts team, met and overdue only"
        )),
        "{named}"
    );
    let too_many = refused(&|c| c["met"] = json!(3));
    assert!(
        too_many.contains(&format!(
            "weeks[{last}].one_on_ones: 3 met and 3 overdue are more than the team of 4"
        )),
        "{too_many}"
    );
}

#[test]
fn the_report_folder_carries_team_met_and_overdue_in_every_format() {
    use polars::prelude::{ParquetReader, SerReader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("jonas");
    let run = Run::of(
        twohats()
            .args([
                "report",
                "--config",
                JONAS,
                "--from",
                "2026-10-26",
                "--to",
                "2026-11-22",
            ])
            .arg("--out")
            .arg(&out),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // NOTES.md, "Counts": (team, met, overdue) for W44-W47.
    let expected = [(4, 2, 1), (4, 0, 2), (4, 0, 4), (4, 1, 3)];

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("| Team | 1:1s met | 1:1 overdue |\n"), "{md}");
    // W47: the weekly row ends with its counts; then, in Jonas's own
    // report, who is overdue.
    assert!(md.contains("| 0.25 | – | – | 4 | 1 | 3 |\n"), "{md}");
    assert!(md.contains(
        "1:1s overdue in 2026-W47: Ana Lima (3 weeks), ben@example.com (4 weeks), Dana Ortiz (over 8 weeks)\n"
    ));

    let csv = std::fs::read_to_string(out.join("weeks.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (team, met, overdue) = (at("team"), at("met"), at("overdue"));
    let rows: Vec<(u32, u32, u32)> = (csv.lines().skip(1))
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let n = |i: usize| cells[i].parse::<u32>().unwrap();
            (n(team), n(met), n(overdue))
        })
        .collect();
    assert_eq!(rows, expected);

    let df = ParquetReader::new(std::fs::File::open(out.join("weeks.parquet")).unwrap())
        .finish()
        .unwrap();
    let column = |name: &str| -> Vec<u32> {
        let c = df.column(name).unwrap().u32().unwrap().clone();
        c.into_no_null_iter().collect()
    };
    let (t, m, o) = (column("team"), column("met"), column("overdue"));
    let parquet: Vec<(u32, u32, u32)> = (0..4).map(|i| (t[i], m[i], o[i])).collect();
    assert_eq!(parquet, expected);

    // The page carries the counts for the weekly table and the heatmap's
    // mark (weeks with a report overdue: all four), and no member.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let start = html.find("<script type=\"application/json\"").unwrap();
    let data = &html[start..];
    let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
    let mut page: Value = serde_json::from_str(data).unwrap();
    let w = &page["managers"][0]["w"];
    assert_eq!(w["overdue"], json!([1, 2, 4, 3]));
    assert_eq!(w["met"], json!([2, 0, 0, 1]));
    assert!(html.contains("a report overdue for a 1:1"));
    // Jonas's own page names who is overdue in the last week (his chart's
    // panel shows it); nothing else on it names a member.
    assert_eq!(
        page["managers"][0]["overdue_members"],
        "2026-W47: Ana Lima (3 weeks), ben@example.com (4 weeks), Dana Ortiz (over 8 weeks)"
    );
    page["managers"][0]
        .as_object_mut()
        .unwrap()
        .remove("overdue_members");
    assert_names_no_member("the page's figures", &page.to_string());
}

#[test]
fn the_report_table_carries_met_and_overdue_and_names_who_is_overdue() {
    // NOTES.md, "Counts": (team, met, overdue) for W44-W47: (4, 2, 1),
    // (4, 0, 2), (4, 0, 4), (4, 1, 3).
    let run = Run::of(twohats().env("COLUMNS", "200").args([
        "report",
        "--config",
        JONAS,
        "--from",
        "2026-10-26",
        "--to",
        "2026-11-22",
        "--format",
        "table",
    ]));
    let text = run.text();
    let counts: Vec<(String, String)> = (text.lines())
        .filter(|l| l.contains("Jonas Weber") && l.contains("2026-W4"))
        .map(|l| {
            let cells: Vec<&str> = l.split(['│', '┆']).map(str::trim).collect();
            (
                cells[cells.len() - 3].to_string(),
                cells[cells.len() - 2].to_string(),
            )
        })
        .collect();
    let expected = [
        ("2 of 4", "1"),
        ("0 of 4", "2"),
        ("0 of 4", "4"),
        ("1 of 4", "3"),
    ];
    let expected: Vec<(String, String)> = (expected.iter())
        .map(|(m, o)| (m.to_string(), o.to_string()))
        .collect();
    assert_eq!(counts, expected, "{text}");
    assert!(
        text.contains(
            "1:1s overdue in 2026-W47: Ana Lima (3 weeks), ben@example.com (4 weeks), Dana Ortiz (over 8 weeks)\n"
        ),
        "{text}"
    );
    // A director's report of several managers counts, and names no one.
    let org = Run::of(twohats().env("COLUMNS", "200").args([
        "report",
        "--config",
        ORG,
        "--from",
        "2026-10-26",
        "--to",
        "2026-11-22",
        "--format",
        "table",
    ]));
    assert!(org.text().contains("1:1s met"), "{}", org.text());
    assert_names_no_member("the org's report table", org.text());
}

#[test]
fn a_week_in_progress_says_its_1_1s_include_those_planned() {
    let line = |today: &str| -> String {
        let run = Run::of(twohats().args([
            "week", "--config", JONAS, "--week", "2026-W47", "--today", today,
        ]));
        let text = run.text();
        let line = text.lines().find(|l| l.contains("reports this week"));
        line.unwrap_or_else(|| panic!("{text}")).trim().to_string()
    };
    // Wednesday 18 November, noon: W47 is in progress.
    assert!(
        line("2026-11-18T12:00")
            .starts_with("1:1s: 1 of 4 reports this week, planned ones included;"),
        "{}",
        line("2026-11-18T12:00")
    );
    // Once it has ended, W47's 1:1 is one that took place (NOTES.md: met 1).
    assert!(
        line("2026-11-30").starts_with("1:1s: 1 of 4 reports this week;"),
        "{}",
        line("2026-11-30")
    );
}

#[test]
fn explain_says_whom_each_1_1_was_with_and_how_it_matched() {
    let doc = ok_json(&[
        "explain", "--config", JONAS, "--week", "2026-W47", "--format", "json",
    ]);
    let row = |title: &str| -> Value {
        (doc.as_array().unwrap().iter())
            .find(|r| r["title"] == title)
            .unwrap_or_else(|| panic!("no row {title}"))["one_on_one_with"]
            .clone()
    };
    assert_eq!(
        row("1:1 with Chen"),
        json!([{"member": "chen.wu@example.com", "name": "Chen Wu", "matched": "title"}])
    );
    assert_eq!(row("1:1 with recruiter"), json!([]));
    // Not a 1:1: the standup says nothing of members.
    assert_eq!(row("Team standup"), Value::Null);
    let w44 = ok_json(&[
        "explain", "--config", JONAS, "--week", "2026-W44", "--format", "json",
    ]);
    let ana: Vec<&Value> = (w44.as_array().unwrap().iter())
        .filter(|r| r["title"] == "Ana / Jonas 1:1")
        .collect();
    // The moved instance, Thu 29 Oct 15:00-15:45, by attendee.
    assert_eq!(ana.len(), 1);
    assert_eq!(ana[0]["start"], "2026-10-29T15:00:00+01:00");
    assert_eq!(ana[0]["one_on_one_with"][0]["matched"], "attendee");

    let table = Run::of(twohats().args(["explain", "--config", JONAS, "--week", "2026-W47"]));
    assert!(
        table.text().contains("1:1 with Chen [Chen Wu by title]"),
        "{}",
        table.stdout
    );
    assert!(table.text().contains("1:1 with recruiter [no team member]"));
    // Two managers explained at once: no member is named.
    let org = Run::of(twohats().args(["explain", "--config", ORG, "--week", "2026-W47"]));
    assert!(!org.text().contains("[Chen Wu"), "{}", org.stdout);
}

#[test]
fn doctor_names_a_member_never_seen_and_a_1_1_with_no_member() {
    // Dana's address mistyped in the config: no event has it.
    let config = std::fs::read_to_string(common::repo_path(JONAS))
        .unwrap()
        .replace("dana@example.com", "dana@exmaple.com");
    let calendar = std::fs::read(common::repo_path("fixtures/coverage/jonas-google.ics")).unwrap();
    let args = [
        "doctor",
        "--config",
        "t.toml",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
    ];
    let files: [(&str, &[u8]); 2] = [
        ("t.toml", config.as_bytes()),
        ("jonas-google.ics", &calendar),
    ];
    let run = run_in_folder(&files, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.text().contains(
            "  team        4 members; 1 never seen, 1 1:1s with no member\n\
             \x20   never seen  Dana Ortiz <dana@exmaple.com>: in no event of the weeks read; is the address right?\n\
             \x20   no member   Wed 18 Nov 16:00 \"1:1 with recruiter\" (a 1:1 with no team member)\n"
        ),
        "{}",
        run.stdout
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let doc = run_in_folder(&files, &json_args).ok_json();
    let team = &doc["managers"][0]["team"];
    assert_eq!(
        team["never_seen"],
        json!([{"member": "dana@exmaple.com", "name": "Dana Ortiz"}])
    );
    assert_eq!(
        team["one_on_ones_with_no_member"],
        json!([{"start": "2026-11-18T16:00:00+01:00", "title": "1:1 with recruiter"}])
    );
    // With the right address, Dana is seen (at the standups) though never met.
    let run = Run::of(twohats().args(["doctor", "--config", JONAS, "--week", "2026-W47"]));
    assert!(
        run.text()
            .contains("  team        4 members; 0 never seen, 1 1:1s with no member\n"),
        "{}",
        run.stdout
    );
}

/// A Google export with one 1:1 (Wed 18 Nov 2026 10:00-10:30 Berlin) between
/// Jonas and Ana, in which Ana's answer is `partstat`.
fn one_1_1(partstat: &str) -> String {
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "X-WR-TIMEZONE:Europe/Berlin",
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/Berlin:20261118T100000",
        "DTEND;TZID=Europe/Berlin:20261118T103000",
        "DTSTAMP:20261101T090000Z",
        "ORGANIZER;CN=Jonas Weber:mailto:jonas@example.com",
        "UID:ana-1on1-w47@google.com",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Jonas",
        " Weber;X-NUM-GUESTS=0:mailto:jonas@example.com",
        &format!("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN=Ana"),
        " Lima;X-NUM-GUESTS=0:mailto:ana@example.com",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Ana / Jonas 1:1",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n")
}

/// Jonas's config with a team of one (`ana`, as written in the config),
/// his calendars in the folder `cal`.
fn jonas_with(ana: &str) -> String {
    format!("[[manager]]\nname = \"Jonas Weber\"\nemails = [\"jonas@example.com\"]\nteam = [\"{ana}\"]\ncalendars = [\"cal\"]\ntimezone = \"Europe/Berlin\"\n")
}

/// `week --format json` of W47 for Jonas with a team of Ana (written as
/// `ana`), over the calendars in `files`.
fn ana_week(files: &[(&str, &[u8])], ana: &str) -> Value {
    let config = jonas_with(ana);
    let mut all: Vec<(&str, &[u8])> = files.to_vec();
    all.push(("t.toml", config.as_bytes()));
    let args = [
        "week", "--config", "t.toml", "--week", "2026-W47", "--format", "json",
    ];
    let run = run_in_folder(&all, &args);
    run.ok_json()["managers"][0]["weeks"][0]["one_on_ones"].clone()
}

#[test]
fn a_1_1_the_member_declined_is_not_a_meeting_with_them() {
    let accepted = one_1_1("ACCEPTED");
    let c = ana_week(
        &[("cal/cal.ics", accepted.as_bytes())],
        "Ana Lima <ana@example.com>",
    );
    assert_eq!(
        (c["met"].clone(), c["overdue"].clone()),
        (json!(1), json!(0))
    );
    let declined = one_1_1("DECLINED");
    let c = ana_week(
        &[("cal/cal.ics", declined.as_bytes())],
        "Ana Lima <ana@example.com>",
    );
    // Ana declined: invited, not met; with no 1:1 in W46 either, overdue.
    assert_eq!(
        (c["met"].clone(), c["overdue"].clone()),
        (json!(0), json!(1))
    );
    assert_eq!(member(&c, "ana@example.com")["last"], Value::Null);
    // explain says Ana declined it, and doctor does not count it among the
    // 1:1s with no member (which point at a wrong address).
    let config = jonas_with("Ana Lima <ana@example.com>");
    let files: [(&str, &[u8]); 2] = [
        ("cal/cal.ics", declined.as_bytes()),
        ("t.toml", config.as_bytes()),
    ];
    let explain = run_in_folder(
        &files,
        &["explain", "--config", "t.toml", "--week", "2026-W47"],
    );
    assert!(
        explain
            .stdout
            .contains("Ana / Jonas 1:1 [Ana Lima declined]"),
        "{}",
        explain.stdout
    );
    let doctor = run_in_folder(
        &files,
        &["doctor", "--config", "t.toml", "--week", "2026-W47"],
    );
    assert!(
        doctor
            .stdout
            .contains("  team        1 members; 0 never seen, 0 1:1s with no member\n"),
        "{}",
        doctor.stdout
    );
}

#[test]
fn the_same_1_1_in_two_calendars_is_half_an_hour_not_an_hour() {
    let ics = one_1_1("ACCEPTED");
    let c = ana_week(
        &[
            ("cal/work.ics", ics.as_bytes()),
            ("cal/copy.ics", ics.as_bytes()),
        ],
        "Ana Lima <ana@example.com>",
    );
    assert_eq!(member(&c, "ana@example.com")["hours"], 0.5);
}

#[test]
fn a_member_written_last_name_first_is_met_by_first_name_and_shown_first_name_first() {
    // Outlook's To: line writes "Lima, Ana": her first name is Ana, and
    // Jonas's own block "1:1 Ana" (no attendees) is a 1:1 with her.
    let block = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/Berlin:20261118T100000",
        "DTEND;TZID=Europe/Berlin:20261118T103000",
        "DTSTAMP:20261101T090000Z",
        "UID:own-block-ana",
        "SUMMARY:1:1 Ana",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n");
    // Her address's local part (a.lima) is not in the title. A name with
    // a suffix after its comma ("Ana Lima, PhD") is a name as written.
    for (ana, shown) in [
        ("\\\"Lima, Ana\\\" <a.lima@example.com>", "Ana Lima"),
        ("Lima, Ana <a.lima@example.com>", "Ana Lima"),
        ("Ana Lima, PhD <a.lima@example.com>", "Ana Lima, PhD"),
        ("Ana Lima, Jr. <a.lima@example.com>", "Ana Lima, Jr."),
    ] {
        let c = ana_week(&[("cal/cal.ics", block.as_bytes())], ana);
        assert_eq!(c["met"], 1, "{ana}: {c}");
        let ana = member(&c, "a.lima@example.com");
        assert_eq!(
            (ana["name"].clone(), ana["hours"].clone()),
            (json!(shown), json!(0.5))
        );
    }
}

#[test]
fn a_member_written_with_mailto_in_any_case_is_matched() {
    let ics = one_1_1("ACCEPTED");
    let c = ana_week(
        &[("cal/cal.ics", ics.as_bytes())],
        "Ana Lima <Mailto:Ana@Example.com>",
    );
    assert_eq!(c["met"], 1, "{c}");
}
