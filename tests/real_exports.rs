//! Real exports read as their calendar apps show them (SPEC, "Bad input",
//! "Real exports: read what the calendar app shows"; docs/model.md, step 2,
//! "What twohats repairs"), through the binary. The fixtures in
//! `fixtures/calendar/real-exports/` are written the way Exchange 2010,
//! ical.net, khal, a bare-VEVENT dump, iTIP message streams (one with an
//! attendee's reply), two Outlook invitations saved into one file and a
//! saved login page write them; every hour below is worked out by hand.
//!
//! The independent oracle (`scripts/oracle/compare.py`: Python icalendar +
//! recurring-ical-events) finds the same occurrences in the ical.net and
//! khal files, for a Berlin and a New York manager (both are in its
//! manifest). It refuses the other shapes outright: Exchange's empty TZID
//! ("mandatory TZID not found"), bare VEVENTs and an iTIP stream of several
//! VCALENDARs ("found multiple components"). There twohats' reading is the
//! right one because it is the one the exporting app shows (Outlook shows
//! the Exchange meeting at 09:00 +0000; every copy of an invitation is one
//! meeting); a reader that shows nothing is no reference.
//!
//! Zone facts (November 2026): Europe/Berlin is CET (+01:00),
//! America/New_York EST (-05:00, since 1 Nov). ISO week 2026-W47 is Mon 16
//! to Sun 22 Nov.

mod common;

use common::{run_in_folder, Run};
use serde_json::{json, Value};

fn real_export(name: &str) -> Vec<u8> {
    let path = common::repo_path("fixtures/calendar/real-exports").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Ada, 3 reports, as JSON: what every run here adds.
const ADA_JSON: [&str; 6] = [
    "--me",
    "ada@example.com",
    "--reports",
    "3",
    "--format",
    "json",
];

/// `twohats week` of one calendar `cal.ics` (holding the fixture `name`)
/// for Ada in `zone`, as JSON.
fn week(name: &str, zone: &str, week: &str) -> Run {
    of_export("week", name, zone, week)
}

/// `twohats COMMAND` of one calendar `cal.ics` (holding the fixture
/// `name`) for Ada in `zone`, as JSON.
fn of_export(command: &str, name: &str, zone: &str, week: &str) -> Run {
    let bytes = real_export(name);
    in_week(
        &[("cal.ics", &bytes)],
        command,
        "cal.ics",
        zone,
        week,
        &ADA_JSON,
    )
}

/// `twohats COMMAND --ics ICS --tz ZONE --week WEEK MORE…` in a folder
/// holding `files`.
fn in_week(
    files: &[(&str, &[u8])],
    command: &str,
    ics: &str,
    zone: &str,
    week: &str,
    more: &[&str],
) -> Run {
    let mut args = vec![command, "--ics", ics, "--tz", zone, "--week", week];
    args.extend_from_slice(more);
    run_in_folder(files, &args)
}

/// [`in_week`] for the week most calendars here are read for: Mon 16 Nov
/// 2026.
fn w47(files: &[(&str, &[u8])], command: &str, ics: &str, zone: &str, more: &[&str]) -> Run {
    in_week(files, command, ics, zone, "2026-W47", more)
}

/// (coding, people, other, tracked) hours of the run's only week.
fn hours(v: &Value) -> (f64, f64, f64, f64) {
    let h = &v["managers"][0]["weeks"][0]["hours"];
    let f = |k: &str| h[k].as_f64().unwrap();
    (f("coding"), f("people"), f("other"), f("tracked"))
}

/// The calendar's warnings as the user reads them on stderr: "source:line:
/// message", warnings of one kind once with how many more there were.
fn warnings(v: &Value) -> Vec<String> {
    (v["warnings"].as_array().unwrap().iter())
        .filter(|w| w["source"].as_str().unwrap().starts_with("cal"))
        .map(|w| {
            let line = w["line"]
                .as_u64()
                .map_or(String::new(), |l| format!(":{l}"));
            let more = match w["count"].as_u64() {
                Some(n) if n > 1 => format!(" (and {} more like it)", n - 1),
                _ => String::new(),
            };
            format!(
                "{}{line}: {}{more}",
                w["source"].as_str().unwrap(),
                w["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// `twohats doctor` of one calendar, as JSON: its calendar entry.
fn doctor_calendar(name: &str, zone: &str) -> Value {
    let bytes = real_export(name);
    let run = w47(
        &[("cal.ics", &bytes)],
        "doctor",
        "cal.ics",
        zone,
        &["--me", "ada@example.com", "--format", "json"],
    );
    run.ok_json()["managers"][0]["calendars"][0].clone()
}

#[test]
fn prose_in_an_unfolded_description_that_looks_like_a_property_stays_text() {
    // "Status: Cancelled" and "Summary: focus on the migration" in the text
    // Exchange did not fold would, read as properties, cancel the meeting
    // or rename it to a coding block. They are text: the Team Meeting keeps
    // its 1 h of team rituals on Mon 16 Nov, and the warning counts them
    // with the 6 other stray lines (8).
    let text = String::from_utf8(real_export("exchange-2010-empty-tzid.ics")).unwrap();
    let edited = text.replacen(
        "Please join the weekly team meeting.\r\n",
        "Please join the weekly team meeting.\r\nStatus: Cancelled for those on leave\r\nSummary: focus on the migration\r\n",
        1,
    );
    assert_ne!(edited, text, "the fixture has the line");
    let run = w47(
        &[("cal.ics", edited.as_bytes())],
        "week",
        "cal.ics",
        "Europe/Berlin",
        &ADA_JSON,
    );
    let v = run.ok_json();
    assert_eq!(hours(&v), (0.0, 1.0, 0.0, 1.0));
    assert_eq!(
        v["managers"][0]["weeks"][0]["categories"],
        json!({"team rituals": 1.0})
    );
    assert!(
        warnings(&v)[0].contains("left out 8 lines"),
        "{:?}",
        warnings(&v)
    );
}

#[test]
fn exchange_2010_empty_tzid_is_its_own_vtimezone_and_the_unfolded_description_is_left_out() {
    // The VTIMEZONE with the empty TZID says +0000. "Team Meeting" (weekly
    // on Mondays) 09:00-10:00 +0000 = 10:00-11:00 CET on Mon 16 Nov: 1 h of
    // team rituals. "Release call" Sun 22 Nov 23:00-23:45 +0000 = Mon 23 Nov
    // 00:00-00:45 CET: in W48, not W47 (read in Berlin's zone, as before, it
    // was Sunday 23:00 and in W47).
    let run = week("exchange-2010-empty-tzid.ics", "Europe/Berlin", "2026-W47");
    let v = run.ok_json();
    assert_eq!(hours(&v), (0.0, 1.0, 0.0, 1.0));
    assert_eq!(
        v["managers"][0]["weeks"][0]["categories"],
        json!({"team rituals": 1.0})
    );
    // W48: Team Meeting Mon 23 Nov 10:00-11:00 (1 h) and the release call
    // 00:00-00:45 (0.75 h, three people: "meetings", other).
    let w48 = week("exchange-2010-empty-tzid.ics", "Europe/Berlin", "2026-W48").ok_json();
    assert_eq!(hours(&w48), (0.0, 1.0, 0.75, 1.75));
    // Lines 26, 28, 31-34 of the DESCRIPTION Exchange did not fold are
    // left out (line 29, `https://zoom.us/...`, reads as a property named
    // "https" and is left out as every unused property is); the series is
    // kept. One warning for the component, at the first stray line.
    assert_eq!(
        warnings(&v),
        ["cal.ics:26: UID 040000008200E00074C5B7101A82E00800000000B0C3D6A0F1D4D201000000000000000010000000B3AB2C6E6E0F1A4B9A4F1D0B3E7C2A11: left out 6 lines that are not properties (text that lost its folding?); the rest is read"]
    );
    assert_eq!(run.stderr, format!("warning: {}\n", warnings(&v)[0]));
    // explain shows the meeting at 10:00 Berlin time (09:00 +0000).
    let explain = of_export(
        "explain",
        "exchange-2010-empty-tzid.ics",
        "Europe/Berlin",
        "2026-W47",
    )
    .ok_json();
    let rows: Vec<(&str, &str, &str)> = (explain.as_array().unwrap().iter())
        .map(|r| {
            (
                r["start"].as_str().unwrap(),
                r["end"].as_str().unwrap(),
                r["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [(
            "2026-11-16T10:00:00+01:00",
            "2026-11-16T11:00:00+01:00",
            "Team Meeting"
        )]
    );
}

#[test]
fn doctor_lists_the_empty_tzid_as_quotes_and_counts_the_repair() {
    let c = doctor_calendar("exchange-2010-empty-tzid.ics", "Europe/Berlin");
    assert_eq!(
        c["tzids"],
        json!([{"tzid": "", "resolved_as": "VTIMEZONE", "zone": ""}])
    );
    assert_eq!(c["repairs"], json!({"stray_lines": 1}));
    let bytes = real_export("exchange-2010-empty-tzid.ics");
    let text = w47(
        &[("cal.ics", &bytes)],
        "doctor",
        "cal.ics",
        "Europe/Berlin",
        &["--me", "ada@example.com"],
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("    TZID        '' → '' (VTIMEZONE)\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("    repaired    1 stray lines left out\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn an_empty_tzid_without_its_vtimezone_falls_back_with_a_warning() {
    // No VTIMEZONE names the empty TZID: the manager's zone, said out loud.
    // 10:00-11:00 Berlin (CET) = 09:00-10:00Z: 1 h.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\nBEGIN:VEVENT\r\nUID:no-zone\r\nDTSTART;TZID=:20261117T100000\r\nDTEND;TZID=:20261117T110000\r\nSUMMARY:Vendor demo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let v = w47(
        &[("cal.ics", ics.as_bytes())],
        "week",
        "cal.ics",
        "Europe/Berlin",
        &["--reports", "3", "--format", "json"],
    )
    .ok_json();
    assert_eq!(hours(&v).3, 1.0);
    assert_eq!(
        warnings(&v),
        ["cal.ics:4: unknown TZID ''; used Europe/Berlin"]
    );
    let doctor = w47(
        &[("cal.ics", ics.as_bytes())],
        "doctor",
        "cal.ics",
        "Europe/Berlin",
        &[],
    );
    assert!(
        doctor
            .stdout
            .contains("    TZID        '' → Europe/Berlin (unknown)\n"),
        "{}",
        doctor.stdout
    );
}

#[test]
fn icalnet_zoned_start_with_floating_end_lasts_the_same_for_berlin_and_new_york() {
    // "Design review" 09:00-10:00 US-Eastern (the file's VTIMEZONE: EST,
    // -05:00, in November) = 14:00-15:00Z, daily COUNT=3 from Tue 17 Nov,
    // the floating EXDATE 18 Nov 09:00 read in US-Eastern too: Tue 17 and
    // Thu 19, 2 h of technical leadership ("design review", other). Before,
    // a Berlin manager read DTEND as 10:00 CET = 09:00Z, before DTSTART: 0 h.
    for zone in ["Europe/Berlin", "America/New_York"] {
        let v = week("icalnet-zoned-start-floating-end.ics", zone, "2026-W47").ok_json();
        assert_eq!(hours(&v), (0.0, 0.0, 2.0, 2.0), "{zone}");
        assert_eq!(
            warnings(&v),
            ["cal.ics:22: DTEND, EXDATE have no zone; read in DTSTART's zone 'US-Eastern' (UID 0d1a3c2e-5f7b-4c8e-9a6d-2b4f8e1c7a93)"],
            "{zone}"
        );
    }
}

#[test]
fn khal_file_mixing_both_ways_counts_the_same_for_berlin_and_new_york() {
    // Focus time: 09:00 New York, floating end 13:00 read in New York:
    // Wed 18 Nov 14:00-18:00Z, 4 h coding. Sprint planning: floating start
    // 09:00 read in the end's New York: Thu 19 Nov 14:00-18:00Z, 4 h people.
    // Code review: 15:00Z, floating end 16:00 read as UTC: Fri 20 Nov, 1 h
    // coding. 4 + 4 + 1 = 9 h, whatever the manager's zone. (Before, a
    // Berlin manager got 0 h + 10 h + 0 h, a New York one 4 + 4 + 6 h.)
    for zone in ["Europe/Berlin", "America/New_York"] {
        let v = week("khal-mixed-floating-and-zoned.ics", zone, "2026-W47").ok_json();
        assert_eq!(hours(&v), (5.0, 4.0, 0.0, 9.0), "{zone}");
        assert_eq!(
            warnings(&v),
            [
                "cal.ics:4: DTEND has no zone; read in DTSTART's zone 'America/New_York' (UID V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU)",
                "cal.ics:11: DTSTART has no zone; read in DTEND's zone 'America/New_York' (UID K5H0BXP8Q2RFJ4TLCN7YW1ADZ9EV3GSMUO6I)",
                "cal.ics:18: DTEND has no zone; read in DTSTART's zone UTC (UID Q8ZL2M4N6P0R1S3T5U7V9W1X3Y5Z7A9B1C3D)",
            ],
            "{zone}"
        );
    }
    let c = doctor_calendar("khal-mixed-floating-and-zoned.ics", "Europe/Berlin");
    assert_eq!(c["repairs"], json!({"mixed_floating_and_zoned": 3}));
}

#[test]
fn a_file_of_bare_vevents_is_read_with_a_warning_each() {
    // Interview Tue 17 Nov 10:00-11:30Z (1.5 h hiring) and a 1:1 Wed 18 Nov
    // 14:00-14:30Z (0.5 h): 2 h of people work.
    let v = week("bare-vevents.ics", "Europe/Berlin", "2026-W47").ok_json();
    assert_eq!(hours(&v), (0.0, 2.0, 0.0, 2.0));
    assert_eq!(
        warnings(&v),
        // One warning per component; the two (lines 1 and 8) are of one
        // kind, shown once with the other's line and the count (as every
        // repeated warning is).
        ["cal.ics:1: UID bare-1@example.com: VEVENT outside BEGIN:VCALENDAR … END:VCALENDAR; read all the same; also at line 8 (and 1 more like it)"]
    );
    let c = doctor_calendar("bare-vevents.ics", "Europe/Berlin");
    assert_eq!(c["repairs"], json!({"outside_vcalendar": 2}));
}

#[test]
fn a_vevent_between_two_calendars_is_read_and_named() {
    // Two calendars pasted together with an event left between them: three
    // 1 h events, Mon 16, Tue 17, Wed 18 Nov at 09:00Z.
    let event = |uid: &str, day: u32| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:202611{day}T090000Z\r\nDTEND:202611{day}T100000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n{}BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n",
        event("a", 16),
        event("between", 17),
        event("c", 18)
    );
    let v = w47(
        &[("cal.ics", ics.as_bytes())],
        "week",
        "cal.ics",
        "UTC",
        &["--reports", "3", "--format", "json"],
    )
    .ok_json();
    assert_eq!(hours(&v), (3.0, 0.0, 0.0, 3.0));
    // The stray VEVENT begins on line 10 (lines 1-9: the first calendar).
    assert_eq!(
        warnings(&v),
        ["cal.ics:10: UID between: VEVENT outside BEGIN:VCALENDAR … END:VCALENDAR; read all the same"]
    );
}

#[test]
fn five_copies_of_one_invitation_keep_the_highest_sequence_and_say_five() {
    // SEQUENCE 0, 1, 2, 2, 1 at lines 5, 20, 35, 50, 65: the later of the
    // two SEQUENCE 2 copies (line 50) is kept, Thu 19 Nov 13:00-15:00Z, 2 h
    // of technical leadership ("architecture").
    let v = week("itip-stream-five-copies.ics", "Europe/Berlin", "2026-W47").ok_json();
    assert_eq!(hours(&v), (0.0, 0.0, 2.0, 2.0));
    assert_eq!(
        warnings(&v),
        ["cal.ics:5: UID 8F6E3C1A-2B4D-4E5F-9A8B-7C6D5E4F3A2B appears 5 times without RECURRENCE-ID (5 copies); the copy at line 50 (the highest SEQUENCE, then the later) replaces the other 4 (lines 5, 20, 35, 65)"]
    );
    let c = doctor_calendar("itip-stream-five-copies.ics", "Europe/Berlin");
    assert_eq!(c["repairs"], json!({"copies": 1}));
    // Each copy is on another day: the one kept is Thursday's.
    let bytes = real_export("itip-stream-five-copies.ics");
    let explain = w47(
        &[("cal.ics", &bytes)],
        "explain",
        "cal.ics",
        "Europe/Berlin",
        &["--reports", "3", "--format", "json"],
    )
    .ok_json();
    let starts: Vec<&str> = (explain.as_array().unwrap().iter())
        .filter(|r| r["title"] == "Architecture review")
        .map(|r| r["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2026-11-19T14:00:00+01:00"]);
}

#[test]
fn a_login_page_named_directly_is_an_error_and_in_a_folder_a_warning() {
    let page = real_export("login-page.ics");
    let direct = w47(
        &[("cal.ics", &page)],
        "week",
        "cal.ics",
        "UTC",
        &["--reports", "3"],
    );
    assert_eq!(direct.code, 2);
    assert_eq!(
        direct.stderr,
        "error: cannot read calendar 'cal.ics': not an iCalendar file: no BEGIN:VCALENDAR, it is a web page (HTML); export the calendar as .ics\n"
    );
    // The same page in a folder next to a real calendar (the bare VEVENTs,
    // 2 h): skipped with a warning, the rest counts, exit 0.
    let bare = real_export("bare-vevents.ics");
    let v = w47(
        &[("cals/login-page.ics", &page), ("cals/team.ics", &bare)],
        "week",
        "cals",
        "UTC",
        &["--reports", "3", "--format", "json"],
    )
    .ok_json();
    assert_eq!(hours(&v).3, 2.0);
    assert_eq!(
        warnings(&v)[0],
        "cals/login-page.ics: skipped: not an iCalendar file: no BEGIN:VCALENDAR, it is a web page (HTML); export the calendar as .ics"
    );
}

#[test]
fn a_calendar_without_events_is_a_calendar() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nX-WR-CALNAME:Empty\r\nEND:VCALENDAR\r\n";
    let run = w47(
        &[("cal.ics", ics.as_bytes())],
        "week",
        "cal.ics",
        "UTC",
        &["--reports", "3", "--format", "json"],
    );
    let v = run.ok_json();
    assert_eq!(hours(&v).3, 0.0);
    assert_eq!(v["warnings"], json!([]));
    assert_eq!(run.stderr, "");
}

#[test]
fn an_indented_begin_vcalendar_is_read_with_a_warning_saying_so() {
    // Before, the calendar never opened and its END gave "END:VCALENDAR
    // without BEGIN". One 1 h event, Mon 16 Nov 09:00Z.
    let ics = "  BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261116T090000Z\r\nDTEND:20261116T100000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let v = w47(
        &[("cal.ics", ics.as_bytes())],
        "week",
        "cal.ics",
        "UTC",
        &["--reports", "3", "--format", "json"],
    )
    .ok_json();
    assert_eq!(hours(&v), (1.0, 0.0, 0.0, 1.0));
    assert_eq!(
        warnings(&v),
        ["cal.ics:1: 'BEGIN:VCALENDAR' is indented; read as if it were not"]
    );
}

#[test]
fn explain_shows_the_month_of_an_interval_across_days() {
    // Sat 31 Oct 20:00 to Sun 1 Nov 02:00 UTC (6 h, in W44): the start and
    // the end fall on different days, and months.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:night\r\nDTSTART:20261031T200000Z\r\nDTEND:20261101T020000Z\r\nSUMMARY:Release night\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:day\r\nDTSTART:20261027T090000Z\r\nDTEND:20261027T100000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let run = run_in_folder(
        &[("cal.ics", ics.as_bytes())],
        &[
            "explain",
            "--ics",
            "cal.ics",
            "--tz",
            "UTC",
            "--reports",
            "3",
            "--week",
            "2026-W44",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |title: &str| {
        run.stdout
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title}: {}", run.stdout))
            .to_string()
    };
    let night = line("Release night");
    assert!(
        night.contains("Sat 31 Oct 20:00")
            && night.contains("Sun 01 Nov 02:00")
            && night.contains("6.00 h"),
        "{night}"
    );
    // On one day: the day and the times only, as before.
    let day = line("Focus time");
    assert!(
        day.contains("Tue 27 09:00") && day.contains("10:00") && !day.contains("Oct"),
        "{day}"
    );
}

#[test]
fn copies_of_one_override_keep_the_highest_sequence_then_the_later() {
    // A daily stand-up 09:00-09:15Z, Mon 16 to Fri 20 Nov. Tuesday's instance
    // was moved three times and the feed kept every version (8 lines each,
    // after the master's lines 3-9): SEQUENCE 1 to 14:00 (line 10),
    // SEQUENCE 0 to 16:00 (line 18), SEQUENCE 1 to 11:00 (line 26). The
    // later of the two SEQUENCE 1 copies wins: 11:00.
    let moved = |seq: u32, hour: u32| {
        format!("BEGIN:VEVENT\r\nUID:standup\r\nRECURRENCE-ID:20261117T090000Z\r\nSEQUENCE:{seq}\r\nDTSTART:20261117T{hour}0000Z\r\nDTEND:20261117T{hour}1500Z\r\nSUMMARY:Stand-up\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:standup\r\nDTSTART:20261116T090000Z\r\nDTEND:20261116T091500Z\r\nRRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Stand-up\r\nEND:VEVENT\r\n{}END:VEVENT\r\n{}END:VEVENT\r\n{}END:VEVENT\r\nEND:VCALENDAR\r\n",
        moved(1, 14),
        moved(0, 16),
        moved(1, 11)
    );
    let run = w47(
        &[("cal.ics", ics.as_bytes())],
        "explain",
        "cal.ics",
        "UTC",
        &["--reports", "3", "--format", "json"],
    );
    let rows = run.ok_json();
    let starts: Vec<&str> = (rows.as_array().unwrap().iter())
        .map(|r| r["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-11-16T09:00:00+00:00",
            "2026-11-17T11:00:00+00:00",
            "2026-11-18T09:00:00+00:00",
            "2026-11-19T09:00:00+00:00",
            "2026-11-20T09:00:00+00:00",
        ]
    );
    assert_eq!(
        run.stderr,
        "warning: cal.ics:10: UID standup appears 3 times with RECURRENCE-ID 20261117T090000Z (3 copies); the copy at line 26 (the highest SEQUENCE, then the later) replaces the other 2 (lines 10, 18)\n"
    );
}

#[test]
fn with_x_wr_timezone_a_floating_end_already_has_the_calendars_zone() {
    // Google's X-WR-TIMEZONE gives floating times a zone (docs/model.md,
    // step 2): DTSTART 14:00Z, floating DTEND 10:00 New York (EST) = 15:00Z,
    // 1 h for a manager anywhere, nothing to repair.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nX-WR-TIMEZONE:America/New_York\r\nBEGIN:VEVENT\r\nUID:g1@google.com\r\nDTSTART:20261117T140000Z\r\nDTEND:20261117T100000\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    for zone in ["Europe/Berlin", "America/New_York"] {
        let v = w47(
            &[("cal.ics", ics.as_bytes())],
            "week",
            "cal.ics",
            zone,
            &["--reports", "3", "--format", "json"],
        )
        .ok_json();
        assert_eq!(hours(&v), (1.0, 0.0, 0.0, 1.0), "{zone}");
        assert_eq!(warnings(&v), Vec::<String>::new(), "{zone}");
    }
}

#[test]
fn two_calendars_of_one_file_each_keep_their_own_customized_time_zone() {
    // Two Outlook invitations saved into one file, each with a VTIMEZONE
    // named "Customized Time Zone" (Outlook's name for every zone of its
    // own): -05:00 in the first, +05:30 in the second. Bogota 09:00-10:00
    // -05:00 = 14:00Z = Mon 16 Nov 15:00 Berlin; Pune 15:30-16:30 +05:30 =
    // 10:00Z = Tue 17 Nov 11:00 Berlin. (Before, both took the second
    // zone: the Bogota review at 04:30.)
    let explain = of_export(
        "explain",
        "outlook-two-customized-zones.ics",
        "Europe/Berlin",
        "2026-W47",
    );
    let rows = explain.ok_json();
    let starts: Vec<&str> = (rows.as_array().unwrap().iter())
        .map(|r| r["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2026-11-16T15:00:00+01:00", "2026-11-17T11:00:00+01:00"]
    );
    assert!(explain.stderr.is_empty(), "{}", explain.stderr);
}

#[test]
fn an_attendees_reply_in_an_itip_stream_is_no_event_and_leaves_the_meeting_whole() {
    // Ada's invitation (METHOD:REQUEST) to Bob, Carol and Dan, then Bob's
    // reply (METHOD:REPLY, "Accepted: Platform sync", same UID and
    // SEQUENCE, only Bob as attendee). The reply is no event: the meeting
    // stays "Platform sync" with 4 people, a meeting (other), Wed 18 Nov
    // 14:00-15:00Z, 1 h. (Before, the reply replaced it as its later copy:
    // 2 people, a 1:1, people work.)
    let v = week("itip-request-then-reply.ics", "Europe/Berlin", "2026-W47").ok_json();
    assert_eq!(hours(&v), (0.0, 0.0, 1.0, 1.0));
    assert_eq!(
        v["managers"][0]["weeks"][0]["categories"],
        json!({"meetings": 1.0})
    );
    assert_eq!(
        warnings(&v),
        ["cal.ics:23: left out 1 answer(s) to an invitation (METHOD:REPLY or the like): an answer is no event of its own"]
    );
}

/// Two exports joined into one file (`cat google.ics proton.ics`): a
/// Google calendar of a New York team and a Proton calendar of the
/// manager's own, without X-WR-TIMEZONE.
const JOINED: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
X-WR-CALNAME:NY team\r\nX-WR-TIMEZONE:America/New_York\r\n\
BEGIN:VEVENT\r\nDTSTART:20261103T090000\r\nDTEND:20261103T100000\r\nUID:ny-float@google.com\r\nSUMMARY:Standup NY\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART:20261005T130000Z\r\nDTEND:20261005T140000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nUID:ny-retro@google.com\r\nSUMMARY:Retro NY\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n\
BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Proton AG//WebCalendar 5.0//EN\r\n\
BEGIN:VEVENT\r\nDTSTART:20261105T090000\r\nDTEND:20261105T100000\r\nUID:proton-float@proton.me\r\nSUMMARY:Focus local\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn calendars_joined_in_one_file_keep_their_own_x_wr_zone_and_name() {
    // By hand, in Berlin (CET, UTC+1, in W45):
    // - Standup NY, floating 09:00 in the NY calendar: 09:00 EST = 14:00Z
    //   = 15:00 CET;
    // - Retro NY, a weekly series from 13:00Z on Mon 5 Oct (09:00 EDT),
    //   kept at 09:00 New York time: Mon 2 Nov 09:00 EST = 15:00 CET;
    // - Focus local, floating 09:00 in the Proton calendar, which has no
    //   X-WR-TIMEZONE: the manager's zone, 09:00 CET.
    // A rule on the calendar's name takes the two NY events only.
    let rule = "[[rule]]\ncategory = \"ny-calendar\"\nkind = \"other\"\ncalendar = \"^NY team$\"\n";
    let files: [(&str, &[u8]); 2] = [
        ("joined.ics", JOINED.as_bytes()),
        ("rule.toml", rule.as_bytes()),
    ];
    let with_rule = [&ADA_JSON[..], &["--config", "rule.toml"]].concat();
    let in_w45 = |command: &str, more: &[&str]| {
        in_week(
            &files,
            command,
            "joined.ics",
            "Europe/Berlin",
            "2026-W45",
            more,
        )
        .ok_json()
    };
    let rows = in_w45("explain", &with_rule);
    let got: Vec<(&str, &str, &str)> = (rows.as_array().unwrap().iter())
        .map(|r| {
            (
                r["title"].as_str().unwrap(),
                r["start"].as_str().unwrap(),
                r["category"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Retro NY", "2026-11-02T15:00:00+01:00", "ny-calendar"),
            ("Standup NY", "2026-11-03T15:00:00+01:00", "ny-calendar"),
            ("Focus local", "2026-11-05T09:00:00+01:00", "coding"),
        ]
    );
    // The file names no TZID, and doctor lists none.
    let doctor = in_w45("doctor", &ADA_JSON);
    assert_eq!(doctor["managers"][0]["calendars"][0]["tzids"], json!([]));
}

#[test]
fn an_exrule_takes_its_instances_out_as_the_apps_that_write_it_do() {
    // A daily 15-minute stand-up from Mon 2 Nov 2026, weekends taken out by
    // an EXRULE (older Apple and libical exports): Mon-Fri of W45 only,
    // 5 × 0.25 = 1.25 h, where every day would be 7 × 0.25 = 1.75 h.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//Mac OS X 10.6//EN\r\n\
BEGIN:VEVENT\r\nUID:exrule-1\r\nSUMMARY:Standup\r\nDTSTART;TZID=US/Eastern:20261102T090000\r\n\
DTEND;TZID=US/Eastern:20261102T091500\r\nRRULE:FREQ=DAILY\r\nEXRULE:FREQ=WEEKLY;BYDAY=SA,SU\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 1] = [("apple.ics", ics.as_bytes())];
    let run = in_week(
        &files,
        "week",
        "apple.ics",
        "Europe/Berlin",
        "2026-W45",
        &ADA_JSON,
    );
    let json = run.ok_json();
    assert_eq!(json["managers"][0]["weeks"][0]["hours"]["people"], 1.25);
    assert_eq!(json["warnings"], json!([]));
}

/// Ada's own Google calendar (X-WR-CALNAME is her address, as Google
/// writes it), W47 in Berlin: a team sync she accepted (Tue 10:00-11:00)
/// and an architecture review she declined (Wed 14:00-16:00).
const ADAS_GOOGLE_CALENDAR: &str = "BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
X-WR-CALNAME:ada@example.com\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
DTSTART:20261117T090000Z\r
DTEND:20261117T100000Z\r
DTSTAMP:20261201T080000Z\r
ORGANIZER;CN=Ben:mailto:ben@example.com\r
UID:sync-1@google.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=ada@ex\r
 ample.com;X-NUM-GUESTS=0:mailto:ada@example.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ben;X-\r
 NUM-GUESTS=0:mailto:ben@example.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Chen;X\r
 -NUM-GUESTS=0:mailto:chen@example.com\r
SUMMARY:Team sync\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20261118T130000Z\r
DTEND:20261118T150000Z\r
DTSTAMP:20261201T080000Z\r
ORGANIZER;CN=Ben:mailto:ben@example.com\r
UID:arch-1@google.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN=ada@ex\r
 ample.com;X-NUM-GUESTS=0:mailto:ada@example.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ben;X-\r
 NUM-GUESTS=0:mailto:ben@example.com\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Chen;X\r
 -NUM-GUESTS=0:mailto:chen@example.com\r
SUMMARY:Architecture review\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn declined_events_of_a_calendar_named_for_another_address_are_a_warning() {
    let files: [(&str, &[u8]); 1] = [("cal.ics", ADAS_GOOGLE_CALENDAR.as_bytes())];
    let run = |me: &str| {
        w47(
            &files,
            "week",
            "cal.ics",
            "Europe/Berlin",
            &["--me", me, "--format", "json"],
        )
        .ok_json()
    };
    // Given her work address only, the declined review counts: 1 h + 2 h
    // of meetings, and a warning says why.
    let doc = run("ada@work.example.com");
    assert_eq!(hours(&doc).3, 3.0);
    assert_eq!(
        warnings(&doc),
        ["cal.ics: X-WR-CALNAME says this is ada@example.com's calendar, who declined 1 of its events; ada@example.com is not among the manager's addresses (--me, `emails`), so they count as attended: add it if the calendar is theirs"]
    );
    // Given the calendar's own address, the review is dropped: 1 h, no
    // warning.
    let doc = run("ada@example.com");
    assert_eq!(hours(&doc).3, 1.0);
    assert_eq!(warnings(&doc), Vec::<String>::new());
}

/// An Outlook 16 invitation to Ada (W47, Tue 17 Nov 10:00-11:00 Berlin)
/// whose three other guests have no address: Outlook writes each as
/// `invalid:nomail`, told apart by CN.
const OUTLOOK_NO_ADDRESSES: &str = "BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
ATTENDEE;CN=\"Ada Lovelace\";RSVP=TRUE:mailto:ada@example.com\r
ATTENDEE;CN=\"Ana Lima\";RSVP=TRUE:invalid:nomail\r
ATTENDEE;CN=\"Ben Okafor\";RSVP=TRUE:invalid:nomail\r
ATTENDEE;CN=\"Chen Wu\";RSVP=TRUE:invalid:nomail\r
CLASS:PUBLIC\r
CREATED:20261110T090000Z\r
DTEND:20261117T100000Z\r
DTSTAMP:20261110T090000Z\r
DTSTART:20261117T090000Z\r
ORGANIZER;CN=\"Ada Lovelace\":mailto:ada@example.com\r
SEQUENCE:0\r
SUMMARY;LANGUAGE=en-us:Platform sync\r
UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5@example.com\r
X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn guests_without_addresses_are_each_a_person() {
    // Ada and three guests: four people, "meetings" (other), not a 1:1
    // (two people, people time).
    let files: [(&str, &[u8]); 1] = [("cal.ics", OUTLOOK_NO_ADDRESSES.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc), (0.0, 0.0, 1.0, 1.0));
}

#[test]
fn a_crlf_export_saved_again_as_cr_cr_lf_keeps_its_folds() {
    // Ada's Google calendar with every CRLF written as CR CR LF (a CRLF
    // download saved in text mode on Windows): the same week, 1 h of the
    // team sync, the declined review dropped, nothing skipped.
    let doubled = ADAS_GOOGLE_CALENDAR.replace("\r\n", "\r\r\n");
    let files: [(&str, &[u8]); 1] = [("cal.ics", doubled.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 1.0);
    assert_eq!(warnings(&doc), Vec::<String>::new());
}

#[test]
fn a_vtimezone_whose_tzid_is_in_quotes_is_the_zone_its_events_name() {
    // "Office Zone" is -05:00 all year; the meeting at 10:00 there is 15:00
    // UTC, 16:00 in Berlin (CET) on Tue 17 Nov.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Scheduler 4.2//EN\r\n\
        BEGIN:VTIMEZONE\r\nTZID:\"Office Zone\"\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
        TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500\r\nTZNAME:OZ\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
        BEGIN:VEVENT\r\nUID:oz-1@example.com\r\nDTSTAMP:20261101T000000Z\r\n\
        DTSTART;TZID=\"Office Zone\":20261117T100000\r\nDTEND;TZID=\"Office Zone\":20261117T110000\r\n\
        SUMMARY:Planning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 1] = [("cal.ics", ics.as_bytes())];
    let rows = w47(&files, "explain", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(rows[0]["start"], "2026-11-17T16:00:00+01:00");
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(warnings(&doc), Vec::<String>::new());
}

#[test]
fn a_quoted_name_with_escaped_quotes_keeps_its_event() {
    // A 1:1 of Ada and Matt (Tue 17 Nov 10:00-11:00 Berlin) whose CN holds
    // \"-escaped quotes, as some generators write: the 1:1 counts, 1 h of
    // people time, and the description's own \" stays text.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//CRM Sync 3.1//EN\r\n\
        BEGIN:VEVENT\r\nUID:matt-1@example.com\r\nDTSTAMP:20261101T000000Z\r\n\
        DTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\nSUMMARY:1:1 Ada / Matt\r\n\
        DESCRIPTION:Agenda: \\\"pipeline\\\" review\r\n\
        ORGANIZER;CN=Ada Lovelace:mailto:ada@example.com\r\n\
        ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ada@example.com\r\n\
        ATTENDEE;CN=\"Smith, Matt; (\\\"Sales\\\")\";PARTSTAT=ACCEPTED:mailto:matt@example.com\r\n\
        END:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 1] = [("cal.ics", ics.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc), (0.0, 1.0, 0.0, 1.0));
    assert_eq!(warnings(&doc), Vec::<String>::new());
}

#[test]
fn an_itip_cancel_naming_the_instance_by_recurrence_id_alone_cancels_it() {
    // A weekly team sync on Tuesdays 10:00-11:00 Berlin from 6 Oct, then
    // the organizer's CANCEL of the 17 Nov instance, without DTSTART (RFC
    // 5546 allows it): W47 has nothing, W46 its hour.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Groupware 9//EN\r\nMETHOD:REQUEST\r\n\
        BEGIN:VEVENT\r\nUID:sync-series@example.com\r\nDTSTAMP:20261001T000000Z\r\nSEQUENCE:0\r\n\
        DTSTART;TZID=Europe/Berlin:20261006T100000\r\nDTEND;TZID=Europe/Berlin:20261006T110000\r\n\
        RRULE:FREQ=WEEKLY;BYDAY=TU\r\nSUMMARY:Team sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n\
        BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Groupware 9//EN\r\nMETHOD:CANCEL\r\n\
        BEGIN:VEVENT\r\nUID:sync-series@example.com\r\nDTSTAMP:20261110T000000Z\r\nSEQUENCE:1\r\n\
        RECURRENCE-ID;TZID=Europe/Berlin:20261117T100000\r\nSTATUS:CANCELLED\r\nSUMMARY:Team sync\r\n\
        END:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 1] = [("cal.ics", ics.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 0.0);
    assert_eq!(warnings(&doc), Vec::<String>::new());
    let w46 = in_week(
        &files,
        "week",
        "cal.ics",
        "Europe/Berlin",
        "2026-W46",
        &ADA_JSON,
    );
    assert_eq!(hours(&w46.ok_json()).3, 1.0);
}

#[test]
fn the_manager_s_own_reply_declining_is_read_into_the_meeting() {
    // Ben's invitation to a design review (Wed 18 Nov 14:00-15:00 Berlin),
    // then Ada's own reply declining it, saved in the same stream: her
    // calendar app shows it declined, so it counts nothing. The warning
    // points at the reply's BEGIN:VEVENT, line 21.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REQUEST\r\n\
        BEGIN:VEVENT\r\nUID:review-7@example.com\r\nDTSTAMP:20261110T000000Z\r\nSEQUENCE:0\r\n\
        DTSTART:20261118T130000Z\r\nDTEND:20261118T140000Z\r\nSUMMARY:Design review\r\n\
        ORGANIZER;CN=Ben:mailto:ben@example.com\r\n\
        ATTENDEE;CN=Ada;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ada@example.com\r\n\
        ATTENDEE;CN=Chen;PARTSTAT=ACCEPTED:mailto:chen@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n\
        BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REPLY\r\n\
        BEGIN:VEVENT\r\nUID:review-7@example.com\r\nDTSTAMP:20261111T000000Z\r\nSEQUENCE:0\r\n\
        DTSTART:20261118T130000Z\r\nDTEND:20261118T140000Z\r\nSUMMARY:Declined: Design review\r\n\
        ORGANIZER;CN=Ben:mailto:ben@example.com\r\n\
        ATTENDEE;CN=Ada;PARTSTAT=DECLINED:mailto:ada@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 1] = [("cal.ics", ics.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 0.0);
    assert_eq!(
        warnings(&doc),
        ["cal.ics:21: read 1 answer(s) of the manager's own (METHOD:REPLY) into the meetings they answer"]
    );
}

#[test]
fn a_date_recurrence_id_on_a_timed_series_moves_that_day_s_instance() {
    // Weekly Tuesdays 10:00-11:00 Berlin from 6 Oct; the 17 Nov instance,
    // named by RECURRENCE-ID;VALUE=DATE, moved to 14:00-15:00: W47 has
    // that one hour, not 10:00 as well.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Groupware 9//EN\r\n\
        BEGIN:VEVENT\r\nUID:sync-weekly@example.com\r\nDTSTAMP:20261001T000000Z\r\n\
        DTSTART;TZID=Europe/Berlin:20261006T100000\r\nDTEND;TZID=Europe/Berlin:20261006T110000\r\n\
        RRULE:FREQ=WEEKLY;BYDAY=TU\r\nSUMMARY:Team sync\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:sync-weekly@example.com\r\nDTSTAMP:20261110T000000Z\r\nSEQUENCE:1\r\n\
        RECURRENCE-ID;VALUE=DATE:20261117\r\n\
        DTSTART;TZID=Europe/Berlin:20261117T140000\r\nDTEND;TZID=Europe/Berlin:20261117T150000\r\n\
        SUMMARY:Team sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 1] = [("cal.ics", ics.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 1.0);
    let rows = w47(&files, "explain", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["start"], "2026-11-17T14:00:00+01:00");
}

#[test]
fn an_invitation_and_its_cancellation_saved_apart_are_a_warning() {
    // A folder of invitations saved from mail: the weekly team sync
    // (Tuesdays 10:00-11:00 Berlin), and apart from it the organizer's
    // cancellation of 17 Nov. Files are read as calendars of their own,
    // so the instance still counts (1 h); a warning names both files.
    let series = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REQUEST\r\n\
        BEGIN:VEVENT\r\nUID:sync-series@example.com\r\nDTSTAMP:20261001T000000Z\r\nSEQUENCE:0\r\n\
        DTSTART;TZID=Europe/Berlin:20261006T100000\r\nDTEND;TZID=Europe/Berlin:20261006T110000\r\n\
        RRULE:FREQ=WEEKLY;BYDAY=TU\r\nSUMMARY:Team sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let cancel = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:CANCEL\r\n\
        BEGIN:VEVENT\r\nUID:sync-series@example.com\r\nDTSTAMP:20261110T000000Z\r\nSEQUENCE:1\r\n\
        RECURRENCE-ID;TZID=Europe/Berlin:20261117T100000\r\nDTSTART;TZID=Europe/Berlin:20261117T100000\r\n\
        DTEND;TZID=Europe/Berlin:20261117T110000\r\nSTATUS:CANCELLED\r\nSUMMARY:Canceled: Team sync\r\n\
        END:VEVENT\r\nEND:VCALENDAR\r\n";
    let files: [(&str, &[u8]); 2] = [
        ("inv/series.ics", series.as_bytes()),
        ("inv/cancel.ics", cancel.as_bytes()),
    ];
    let doc = w47(&files, "week", "inv", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 1.0);
    let said: Vec<&Value> = (doc["warnings"].as_array().unwrap().iter())
        .filter(|w| w["source"] == "inv/series.ics")
        .collect();
    assert_eq!(said.len(), 1, "{}", doc["warnings"]);
    assert_eq!(
        said[0]["message"],
        "1 event(s) here are also in 'inv/cancel.ics' with another SEQUENCE, status, answer or overrides; files are not merged, so both copies count: join them into one file (an update or a cancellation saved apart from its invitation)"
    );
    // The same meeting twice in one file and once in another, or written
    // in UTC in one and in Berlin time in the other: nothing to say.
    let utc = series
        .replace(
            "DTSTART;TZID=Europe/Berlin:20261006T100000",
            "DTSTART:20261006T080000Z",
        )
        .replace(
            "DTEND;TZID=Europe/Berlin:20261006T110000",
            "DTEND:20261006T090000Z",
        );
    let twice = format!("{series}{series}");
    for other in [&twice, &utc] {
        let files: [(&str, &[u8]); 2] = [
            ("inv/a.ics", series.as_bytes()),
            ("inv/b.ics", other.as_bytes()),
        ];
        let doc = w47(&files, "week", "inv", "Europe/Berlin", &ADA_JSON).ok_json();
        let said = doc["warnings"].to_string();
        assert!(!said.contains("files are not merged"), "{said}");
    }
    // Ada's answer differs (she declined it in the second): said.
    let declined = series.replace(
        "SUMMARY:Team sync\r\n",
        "SUMMARY:Team sync\r\nATTENDEE;PARTSTAT=DECLINED:mailto:ada@example.com\r\n",
    );
    let files: [(&str, &[u8]); 2] = [
        ("inv/a.ics", series.as_bytes()),
        ("inv/b.ics", declined.as_bytes()),
    ];
    let doc = w47(&files, "week", "inv", "Europe/Berlin", &ADA_JSON).ok_json();
    assert!(doc["warnings"].to_string().contains("files are not merged"));
    // The same two invitations in one file: one calendar, merged, 0 h.
    let joined = format!("{series}{cancel}");
    let files: [(&str, &[u8]); 1] = [("cal.ics", joined.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 0.0);
}

#[test]
fn a_reply_answers_only_the_copies_it_saw_and_one_without_uid_none() {
    // The design review (SEQUENCE 0, Wed 18 Nov), Ada's reply declining it,
    // then Ben's new invitation moving it to Thu 19 Nov 14:00-15:00 Berlin
    // (SEQUENCE 1, her answer asked again): the moved meeting counts, 1 h.
    let invite = |seq: u32, day: u32, partstat: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REQUEST\r\n\
             BEGIN:VEVENT\r\nUID:review-7@example.com\r\nDTSTAMP:20261110T000000Z\r\nSEQUENCE:{seq}\r\n\
             DTSTART:202611{day}T130000Z\r\nDTEND:202611{day}T140000Z\r\nSUMMARY:Design review\r\n\
             ORGANIZER;CN=Ben:mailto:ben@example.com\r\n\
             ATTENDEE;CN=Ada;PARTSTAT={partstat};RSVP=TRUE:mailto:ada@example.com\r\n\
             ATTENDEE;CN=Chen;PARTSTAT=ACCEPTED:mailto:chen@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let reply = |uid: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REPLY\r\n\
             BEGIN:VEVENT\r\n{uid}DTSTAMP:20261111T000000Z\r\nSEQUENCE:0\r\n\
             DTSTART:20261118T130000Z\r\nDTEND:20261118T140000Z\r\nSUMMARY:Declined: Design review\r\n\
             ORGANIZER;CN=Ben:mailto:ben@example.com\r\n\
             ATTENDEE;CN=Ada;PARTSTAT=DECLINED:mailto:ada@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let moved = [
        invite(0, 18, "NEEDS-ACTION"),
        reply("UID:review-7@example.com\r\n"),
        invite(1, 19, "NEEDS-ACTION"),
    ]
    .concat();
    let files: [(&str, &[u8]); 1] = [("cal.ics", moved.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 1.0);
    // A reply with no UID answers no meeting, not every meeting without
    // one: the invitation without UID still counts.
    let no_uid = [
        invite(0, 18, "NEEDS-ACTION").replace("UID:review-7@example.com\r\n", ""),
        reply(""),
    ]
    .concat();
    let files: [(&str, &[u8]); 1] = [("cal.ics", no_uid.as_bytes())];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(hours(&doc).3, 1.0);
}

#[test]
fn a_cr_cr_lf_latin_1_file_names_the_line_of_its_first_bad_byte() {
    // Line 9 is SUMMARY:Caf\xe9 (Latin-1), every line end CR CR LF.
    let mut ics: Vec<u8> = Vec::new();
    for line in [
        &b"BEGIN:VCALENDAR"[..],
        b"VERSION:2.0",
        b"PRODID:-//Example Corp//Old Outlook//EN",
        b"BEGIN:VEVENT",
        b"UID:cafe-1@example.com",
        b"DTSTAMP:20261101T000000Z",
        b"DTSTART:20261117T090000Z",
        b"DTEND:20261117T100000Z",
        b"SUMMARY:Caf\xe9",
        b"END:VEVENT",
        b"END:VCALENDAR",
    ] {
        ics.extend_from_slice(line);
        ics.extend_from_slice(b"\r\r\n");
    }
    let files: [(&str, &[u8]); 1] = [("cal.ics", &ics)];
    let doc = w47(&files, "week", "cal.ics", "Europe/Berlin", &ADA_JSON).ok_json();
    assert_eq!(
        warnings(&doc),
        ["cal.ics:9: not valid UTF-8; read as Latin-1"]
    );
    assert_eq!(hours(&doc).3, 1.0);
}
