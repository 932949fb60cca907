//! Inputs a user can trust: `twohats doctor`, and the signals `week` and
//! `report` give without it (warnings grouped by kind, free/busy exports,
//! mostly unclassified weeks). Every figure is worked out by hand in the
//! comments or in the fixture's notes.

mod common;

use common::{run_in_folder, Run};
use serde_json::{json, Value};

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
    // Header: lines 1-3; each event 6 lines, the first BEGIN:VEVENT on line
    // 4, the others on 10, 16, ... 118: the first ten of those are named.
    assert_eq!(
        lines,
        ["warning: cal.ics:4: skipped a broken event: DTSTART: '2026-11-16T09:00' is not a date or date-time; also at lines 10, 16, 22, 28, 34, 40, 46, 52, 58, 64, … (and 19 more like it)"]
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

/// `twohats doctor ARGS --format json`, exit 0.
fn doctor_json(args: &[&str]) -> Value {
    let all = [&["doctor"][..], args, &["--format", "json"]].concat();
    common::ok_json(&all)
}

/// (tzid, how it was resolved, zone) of a calendar's JSON.
fn tzids(calendar: &Value) -> Vec<(String, String, String)> {
    (calendar["tzids"].as_array().unwrap().iter())
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap().to_string();
            (s("tzid"), s("resolved_as"), s("zone"))
        })
        .collect()
}

#[test]
fn doctor_on_the_demo_counts_what_the_notes_count_by_hand() {
    // Every figure below is in fixtures/demo/NOTES.md, "doctor".
    let json = doctor_json(&[
        "--config",
        common::DEMO_CONFIG,
        "--from",
        common::DEMO_FROM,
        "--to",
        common::DEMO_TO,
    ]);
    let weeks: Vec<&str> = (json["weeks"].as_array().unwrap().iter())
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(weeks.first(), Some(&"2026-W41"));
    assert_eq!(weeks.len(), 7);
    let managers = json["managers"].as_array().unwrap();
    let names: Vec<&str> = managers
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Jonas Weber", "Priya Natarajan", "Eleanor Hughes"]);
    // (events, series, overrides, instances, kept, dropped)
    let want = [
        (
            28,
            19,
            1,
            192,
            189,
            json!({"declined": 1, "transparent": 1, "all-day": 1}),
        ),
        (
            53,
            27,
            2,
            223,
            218,
            json!({"cancelled": 2, "declined": 1, "transparent": 1, "too long": 1}),
        ),
        (59, 29, 17, 250, 232, json!({"declined": 17, "all-day": 1})),
    ];
    for (m, (events, series, overrides, instances, kept, dropped)) in managers.iter().zip(want) {
        let c = &m["calendars"][0];
        let got = (
            &c["events"],
            &c["series"],
            &c["overrides"],
            &c["instances"],
            &c["kept"],
        );
        assert_eq!(
            got,
            (
                &json!(events),
                &json!(series),
                &json!(overrides),
                &json!(instances),
                &json!(kept)
            ),
            "{}",
            m["name"]
        );
        assert_eq!(c["dropped"], dropped, "{}", m["name"]);
        assert_eq!(c["placeholder_titles"], 0);
        assert_eq!(c["looks_free_busy"], false);
    }
    let tz = |i: usize| tzids(&managers[i]["calendars"][0]);
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        tz(0),
        [t(
            "W. Europe Standard Time",
            "Windows name",
            "Europe/Berlin"
        )]
    );
    assert_eq!(
        tz(1),
        [t("America/Los_Angeles", "IANA", "America/Los_Angeles")]
    );
    assert_eq!(tz(2), [t("Europe/London", "IANA", "Europe/London")]);
    // "blocks": (hours, tracked hours, the one title holding them).
    for (m, (blocks, tracked, title)) in managers.iter().zip([
        (3.0, 168.92, "Expenses + admin"),
        (3.5, 175.83, "School pickup"),
        (14.5, 146.08, "Inbox + admin"),
    ]) {
        let u = &m["unclassified"];
        assert_eq!(u["blocks_hours"], blocks, "{}", m["name"]);
        assert_eq!(u["tracked_hours"], tracked, "{}", m["name"]);
        assert_eq!(u["mostly_unclassified"], false);
        assert_eq!(u["top_titles"], json!([{"title": title, "hours": blocks}]));
    }
    // Git: records read, the manager's commits per address.
    let git = |i: usize, j: usize| &managers[i]["git"][j];
    assert_eq!(git(0, 0)["commits_read"], 196);
    assert_eq!(
        git(0, 0)["matched"],
        json!({"jonas.weber@example.com": 49, "88120345+jweber@users.noreply.github.com": 8})
    );
    assert_eq!(git(1, 0)["commits_read"], 150);
    assert_eq!(
        git(1, 0)["matched"],
        json!({"priya.natarajan@example.com": 25, "priyan@users.noreply.github.com": 5})
    );
    assert_eq!(git(1, 1)["commits_read"], 95);
    assert_eq!(
        git(1, 1)["matched"],
        json!({"priya.natarajan@example.com": 17, "priyan@users.noreply.github.com": 4})
    );
    assert_eq!(git(1, 1)["already_read"], 21);
    assert_eq!(git(1, 1)["no_commit_of_the_manager"], false);
    assert_eq!(git(2, 0)["commits_read"], 129);
    assert_eq!(
        git(2, 0)["matched"],
        json!({"eleanor.hughes@example.com": 8})
    );
    for m in managers {
        assert_eq!(m["likely_missing"], json!([]), "{}", m["name"]);
    }
}

#[test]
fn doctor_names_a_free_busy_export_and_its_unclassified_hours() {
    let json = doctor_json(&[
        "--ics",
        FREE_BUSY,
        "--tz",
        "Europe/London",
        "--week",
        "2026-W47",
    ]);
    let m = &json["managers"][0];
    let c = &m["calendars"][0];
    // 20 events, none recurring; all 20 kept and all 20 placeholders.
    assert_eq!(
        (&c["events"], &c["instances"], &c["kept"]),
        (&json!(20), &json!(20), &json!(20))
    );
    assert_eq!(c["placeholder_titles"], 20);
    assert_eq!(c["looks_free_busy"], true);
    // Outlook's VTIMEZONE is named by a Windows id: that id decides.
    assert_eq!(
        tzids(c),
        [(
            "GMT Standard Time".into(),
            "Windows name".into(),
            "Europe/London".into()
        )]
    );
    let u = &m["unclassified"];
    assert_eq!(
        (&u["blocks_hours"], &u["tracked_hours"]),
        (&json!(20.0), &json!(20.0))
    );
    assert_eq!(u["mostly_unclassified"], true);
    // 18 one-hour "Busy" and 2 "Tentative" (Monday's and Wednesday's last).
    assert_eq!(
        u["top_titles"],
        json!([{"title": "Busy", "hours": 18.0}, {"title": "Tentative", "hours": 2.0}])
    );
    assert_eq!(
        u["starter_rule"],
        "[[rule]]\n# kind: coding, people, other or ignore; split the titles over several rules as needed\ncategory = \"CHOOSE\"\nkind = \"other\"\ntitle = '(?i)^(?:Busy|Tentative)$'\n"
    );
    // The table says it in words.
    let run = Run::of(common::twohats().args([
        "doctor",
        "--ics",
        FREE_BUSY,
        "--tz",
        "Europe/London",
        "--week",
        "2026-W47",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("LOOKS LIKE A FREE/BUSY EXPORT"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("MOSTLY UNCLASSIFIED"), "{}", run.stdout);
}

const EXCHANGE: &str = "fixtures/calendar/exchange-display-names.ics";

#[test]
fn doctor_and_explain_on_an_exchange_export_with_display_name_zones() {
    let json = doctor_json(&[
        "--ics",
        EXCHANGE,
        "--tz",
        "America/New_York",
        "--week",
        "2026-W46",
    ]);
    let c = &json["managers"][0]["calendars"][0];
    let t = |a: &str, c: &str| {
        (
            a.to_string(),
            "Windows display name".to_string(),
            c.to_string(),
        )
    };
    assert_eq!(
        tzids(c),
        [
            t(
                "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
                "Europe/Berlin"
            ),
            t(
                "(UTC-08:00) Pacific Time (US & Canada)",
                "America/Los_Angeles"
            ),
            t(
                "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London",
                "Europe/London"
            ),
        ]
    );
    // 5 VEVENTs, one a weekly series; in W46 (Mon 9 - Sun 15 Nov) one
    // instance each of four of them (the October one is outside).
    assert_eq!(
        (&c["events"], &c["series"], &c["instances"]),
        (&json!(5), &json!(1), &json!(4))
    );
    assert_eq!(c["warnings"], json!([]));
    // The times, in New York (EST, -05:00 since 1 Nov):
    let explain = common::ok_json(&[
        "explain",
        "--ics",
        EXCHANGE,
        "--tz",
        "America/New_York",
        "--reports",
        "3",
        "--week",
        "2026-W46",
        "--format",
        "json",
    ]);
    let rows: Vec<(&str, &str)> = (explain.as_array().unwrap().iter())
        .map(|r| (r["start"].as_str().unwrap(), r["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            // 09:00 Pacific (PST -08:00) = 17:00 UTC = 12:00 New York.
            ("2026-11-09T12:00:00-05:00", "Vendor call"),
            // 10:00 Amsterdam (CET +01:00) = 09:00 UTC = 04:00 New York.
            ("2026-11-10T04:00:00-05:00", "Architecture review"),
            // 15:00 London (GMT) = 15:00 UTC = 10:00 New York.
            ("2026-11-11T10:00:00-05:00", "London office hours"),
            // 14:00 Amsterdam = 13:00 UTC = 08:00 New York.
            ("2026-11-12T08:00:00-05:00", "Hiring sync"),
        ]
    );
}

#[test]
fn doctor_finds_the_managers_second_address_and_a_log_without_their_commits() {
    // app.git.log: 10 records: Ada Lovelace <ada@example.com> 4, Ada
    // Lovelace <ada.lovelace@gmail.com> 3, Grace Hopper 2, "A. Lovelace"
    // <ada@oldcorp.example> 1 (another name: not flagged). infra.git.log:
    // 3 records, none Ada's. No --name: her name is read off her own
    // commits.
    let json = doctor_json(&[
        "--git-log",
        "fixtures/doctor/app.git.log",
        "--git-log",
        "fixtures/doctor/infra.git.log",
        "--me",
        "ada@example.com",
        "--tz",
        "UTC",
        "--week",
        "2026-W47",
    ]);
    let m = &json["managers"][0];
    assert_eq!(m["git"][0]["commits_read"], 10);
    assert_eq!(m["git"][0]["matched"], json!({"ada@example.com": 4}));
    assert_eq!(m["git"][0]["no_commit_of_the_manager"], false);
    assert_eq!(m["git"][1]["commits_read"], 3);
    assert_eq!(m["git"][1]["matched"], json!({"ada@example.com": 0}));
    assert_eq!(m["git"][1]["no_commit_of_the_manager"], true);
    assert_eq!(
        m["likely_missing"],
        json!([{"name": "Ada Lovelace", "email": "ada.lovelace@gmail.com", "commits": 3}])
    );
    let run = Run::of(common::twohats().args([
        "doctor",
        "--git-log",
        "fixtures/doctor/app.git.log",
        "--me",
        "ada@example.com",
        "--tz",
        "UTC",
        "--week",
        "2026-W47",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("likely missing --me (same name, another address):\n    Ada Lovelace <ada.lovelace@gmail.com>: 3 commits\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn doctor_exits_2_when_a_source_cannot_be_read() {
    let run = Run::of(common::twohats().args(["doctor", "--ics", "no/such.ics", "--tz", "UTC"]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such.ics"), "{}", run.stderr);
}

#[test]
fn a_file_named_like_an_unread_source_is_not_one() {
    // A calendar file named "network" (the name doctor gives a calendar URL
    // it could not read) with a warning: the inputs were read, exit 0.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;TZID=Mars/Base:20261104T100000\r\nDTEND;TZID=Mars/Base:20261104T110000\r\nSUMMARY:Sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let args = [
        "doctor", "--ics", "network", "--tz", "UTC", "--week", "2026-W45",
    ];
    let run = run_in_folder(&[("network", ics.as_bytes())], &args);
    assert!(
        run.stdout.contains("network:4: unknown TZID 'Mars/Base'"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn doctor_with_strict_exits_2_on_a_warning() {
    // An event in an unknown zone, no --reports, and its hour unclassified:
    // three warnings, shown in the findings.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;TZID=Mars/Base:20261104T100000\r\nDTEND;TZID=Mars/Base:20261104T110000\r\nSUMMARY:Sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let args = [
        "doctor", "--ics", "cal.ics", "--tz", "UTC", "--week", "2026-W45",
    ];
    let run = run_in_folder(&[("cal.ics", ics.as_bytes())], &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("unknown TZID 'Mars/Base'"),
        "{}",
        run.stdout
    );
    let run = run_in_folder(
        &[("cal.ics", ics.as_bytes())],
        &[&args[..], &["--strict"]].concat(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("unknown TZID 'Mars/Base'"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "error: --strict: 3 warning(s) above\n");
}

#[test]
fn doctor_of_several_managers_shows_those_it_could_read_then_the_others_errors() {
    let config = "[[manager]]\nname = \"Ada\"\nemails = [\"ada@example.com\"]\nreports = 3\ntimezone = \"UTC\"\ncalendars = [\"gone.ics\"]\n\n[[manager]]\nname = \"Grace\"\nemails = [\"grace@example.com\"]\nreports = 3\ntimezone = \"UTC\"\ncalendars = [\"grace.ics\"]\n";
    let ics = iso_dates_calendar(0);
    let run = run_in_folder(
        &[
            ("twohats.toml", config.as_bytes()),
            ("grace.ics", ics.as_bytes()),
        ],
        &["doctor", "--config", "twohats.toml", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 2);
    // Grace's calendar is diagnosed; Ada's missing file is one line.
    assert!(run.stdout.contains("Grace"), "{}", run.stdout);
    assert!(run.stdout.contains("grace.ics"), "{}", run.stdout);
    assert!(!run.stdout.contains("Ada"), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("error: manager 'Ada': cannot read calendar 'gone.ics': "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// A raw deflate stream of `mib` MiB of zeros, built from one compressed
/// MiB repeated (a sync flush ends each MiB on a byte boundary, and a MiB
/// of zeros after zeros compresses alike wherever it is), so the test does
/// not spend seconds compressing a gigabyte.
fn deflated_zeros(mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    let mut c = Compress::new(Compression::best(), false);
    // One call each: the output (a few KiB) fits the room given.
    let piece = |c: &mut Compress, input: &[u8], flush| {
        let mut out = Vec::with_capacity(4 << 20);
        let before = c.total_in();
        c.compress_vec(input, &mut out, flush).unwrap();
        assert_eq!(c.total_in() - before, input.len() as u64);
        out
    };
    let first = piece(&mut c, &zeros, FlushCompress::Sync);
    let next = piece(&mut c, &zeros, FlushCompress::Sync);
    let end = piece(&mut c, &[], FlushCompress::Finish);
    let mut stream = first;
    for _ in 1..mib {
        stream.extend_from_slice(&next);
    }
    stream.extend_from_slice(&end);
    stream
}

/// A zip holding `name`, whose data is the raw deflate `stream` unzipping to
/// `size` bytes: written as a stored entry by the `zip` crate, then marked
/// deflated with its real size (its CRC is not that of the content: the
/// reader must refuse it long before it could check).
fn zip_of_deflated(name: &str, stream: &[u8], size: u32) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(name, stored).unwrap();
    zip.write_all(stream).unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    // Local header: method at 8, uncompressed size at 22.
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    bytes[8..10].copy_from_slice(&8u16.to_le_bytes());
    bytes[22..26].copy_from_slice(&size.to_le_bytes());
    // Central directory entry: method at 10, uncompressed size at 24.
    let cd = (0..bytes.len() - 4)
        .rev()
        .find(|&i| &bytes[i..i + 4] == b"PK\x01\x02")
        .unwrap();
    bytes[cd + 10..cd + 12].copy_from_slice(&8u16.to_le_bytes());
    bytes[cd + 24..cd + 28].copy_from_slice(&size.to_le_bytes());
    bytes
}

#[test]
fn a_google_export_zip_inside_a_folder_is_read() {
    // The folder holds takeout.zip (one calendar: 20 "Busy" events) and a
    // note; the zip's calendar is found and read.
    let calendar = std::fs::read(common::repo_path(FREE_BUSY)).unwrap();
    let bytes = common::zip_of(&[("Takeout/Calendar/ada@example.com.ics", &calendar)]);
    let files: [(&str, &[u8]); 2] = [
        ("exports/takeout.zip", &bytes),
        ("exports/notes.txt", b"not a calendar"),
    ];
    let args = [
        "doctor",
        "--ics",
        "exports",
        "--tz",
        "Europe/London",
        "--week",
        "2026-W47",
        "--format",
        "json",
    ];
    let json = run_in_folder(&files, &args).ok_json();
    let c = &json["managers"][0]["calendars"];
    assert_eq!(c.as_array().unwrap().len(), 1, "{c}");
    assert_eq!(
        c[0]["file"],
        "exports/takeout.zip/Takeout/Calendar/ada@example.com.ics"
    );
    assert_eq!(c[0]["events"], 20);
}

#[test]
fn a_zip_bomb_is_refused_naming_the_zip() {
    // 1 GiB of zeros in a zip of about a megabyte, as a calendar.
    let stream = deflated_zeros(1024);
    assert!(stream.len() < 4 << 20, "{}", stream.len());
    let bomb = zip_of_deflated("calendar.ics", &stream, 1 << 30);
    let files: [(&str, &[u8]); 1] = [("in/export.zip", &bomb)];
    // How fast the refusal comes is measured in scripts/bench-refusals.sh.
    let run = run_in_folder(
        &files,
        &["week", "--ics", "in", "--tz", "UTC", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        "error: cannot read calendar 'in/export.zip': refused: entry 'calendar.ics' unzips to more than 200 times its compressed size (a zip bomb?)"
    );
}

#[test]
fn a_zip_listing_more_than_ten_thousand_entries_is_refused() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_001 {
        zip.start_file(format!("c{i}.ics"), stored).unwrap();
        zip.write_all(b"").unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let files: [(&str, &[u8]); 1] = [("many.zip", &bytes)];
    let run = run_in_folder(&files, &["week", "--ics", "many.zip", "--tz", "UTC"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        "error: cannot read calendar 'many.zip': refused: the zip lists 10001 entries, more than 10000 (a zip bomb?)"
    );
}

/// `doctor --format json` against its schema,
/// `docs/schema/twohats-doctor-v1.schema.json`: real output of every kind
/// of source, and a check that can fail.
mod json_schema {
    use super::*;
    use common::schema::{check_against, read};

    fn check(value: &Value) -> Vec<String> {
        check_against(&read("twohats-doctor-v1.schema.json"), value)
    }

    /// `twohats doctor ARGS --format json` from the repository root, exit 0.
    fn doctor_at_root(args: &[&str]) -> Value {
        Run::of(
            common::twohats()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .arg("doctor")
                .args(args)
                .args(["--format", "json"]),
        )
        .ok_json()
    }

    fn demo() -> Value {
        doctor_at_root(&[
            "--config",
            common::DEMO_CONFIG,
            "--from",
            common::DEMO_FROM,
            "--to",
            common::DEMO_TO,
        ])
    }

    #[test]
    fn the_demo_matches_the_schema() {
        let json = demo();
        let managers = json["managers"].as_array().unwrap();
        assert_eq!(managers.len(), 3);
        for m in managers {
            // No team in the demo: the key is there, null.
            assert_eq!(m["team"], Value::Null, "{}", m["name"]);
            assert_eq!(m["calendars"][0]["api"], Value::Null, "{}", m["name"]);
            assert!(!m["git"][0]["authors"].as_array().unwrap().is_empty());
        }
        assert_eq!(check(&json), Vec::<String>::new());
    }

    #[test]
    fn a_manager_with_a_team_matches_the_schema() {
        let json = doctor_at_root(&[
            "--config",
            "fixtures/coverage/jonas.toml",
            "--from",
            "2026-10-26",
            "--to",
            "2026-11-22",
        ]);
        let team = &json["managers"][0]["team"];
        assert_eq!(team["members"], 4, "{team}");
        assert!(
            !team["one_on_ones_with_no_member"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{team}"
        );
        assert_eq!(check(&json), Vec::<String>::new());
    }

    #[test]
    fn real_exports_with_repairs_and_warnings_match_the_schema() {
        // The folder: each export one calendar, the login page one with
        // a warning and no events.
        let json = doctor_at_root(&[
            "--ics",
            "fixtures/calendar/real-exports",
            "--me",
            "ada@example.com",
            "--tz",
            "Europe/Berlin",
            "--week",
            "2026-W47",
        ]);
        let calendars = json["managers"][0]["calendars"].as_array().unwrap();
        let mut repairs: Vec<&str> = (calendars.iter())
            .flat_map(|c| c["repairs"].as_object().unwrap().keys())
            .map(|k| k.as_str())
            .collect();
        repairs.sort();
        repairs.dedup();
        assert_eq!(
            repairs,
            [
                "copies",
                "mixed_floating_and_zoned",
                "outside_vcalendar",
                "stray_lines"
            ]
        );
        let warnings: Vec<&Value> = (calendars.iter())
            .flat_map(|c| c["warnings"].as_array().unwrap())
            .collect();
        assert!(warnings.iter().any(|w| w.get("line").is_some()));
        assert!(warnings.iter().any(|w| w.get("count").is_some()));
        assert!(warnings.iter().any(|w| w.get("line").is_none()));
        let resolved: Vec<&Value> = (calendars.iter())
            .flat_map(|c| c["tzids"].as_array().unwrap())
            .map(|t| &t["resolved_as"])
            .collect();
        assert!(resolved.contains(&&json!("VTIMEZONE")), "{resolved:?}");
        // A manager without `reports`: a warning of the manager's own.
        assert!(!json["managers"][0]["warnings"]
            .as_array()
            .unwrap()
            .is_empty());
        assert_eq!(check(&json), Vec::<String>::new());
    }

    #[test]
    fn api_calendars_forges_and_a_missing_address_match_the_schema() {
        let json = doctor_at_root(&[
            "--outlook-file",
            "fixtures/api/ada-calendarView.json",
            "--google-file",
            "fixtures/api/ada-events.json",
            "--git-log",
            "fixtures/doctor/app.git.log",
            "--github",
            "rui-dev",
            "--forge-file",
            "fixtures/forge/github/payments-41-reviews-1.json",
            "--forge-file",
            "fixtures/forge/github/payments-41-comments.json",
            "--forge-file",
            "fixtures/forge/github/web-7-reviews.json",
            "--forge-file",
            "fixtures/forge/github/search-pulls-1.json",
            "--me",
            "ada@contoso.com",
            "--me",
            "ada@example.com",
            "--tz",
            "Europe/Berlin",
            "--reports",
            "6",
            "--week",
            "2026-W47",
        ]);
        let m = &json["managers"][0];
        let by_type: Vec<&Value> = (m["calendars"].as_array().unwrap().iter())
            .map(|c| &c["api"]["by_type"])
            .collect();
        assert_eq!(by_type.len(), 2);
        assert!(by_type.iter().all(|t| t.is_object()), "{by_type:?}");
        assert_eq!(m["forges"].as_array().unwrap().len(), 4);
        assert_eq!(m["likely_missing"][0]["email"], "ada.lovelace@gmail.com");
        assert_eq!(check(&json), Vec::<String>::new());
    }

    #[test]
    fn the_check_fails_on_a_wrong_type_or_an_undescribed_key() {
        let good = demo();
        assert_eq!(check(&good), Vec::<String>::new());
        // One value of the wrong type: exactly that one problem.
        let mut wrong = good.clone();
        wrong["managers"][1]["calendars"][0]["kept"] = json!("218");
        assert_eq!(
            check(&wrong),
            ["$.managers[1].calendars[0].kept: \"218\" is not of type [\"integer\"]"]
        );
        let mut wrong = good.clone();
        wrong["managers"][0]["team"] = json!(false);
        let found = check(&wrong);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("$.managers[0].team:"), "{found:#?}");
        // A drop reason or a repair the schema does not name.
        let mut unknown = good.clone();
        unknown["managers"][2]["calendars"][0]["dropped"]["postponed"] = json!(1);
        assert_eq!(
            check(&unknown),
            ["$.managers[2].calendars[0].dropped: undescribed key 'postponed'"]
        );
    }
}
