//! The calendar half: .ics → occurrences, through the library API
//! `twohats::calendar::read`. Every expected time below is worked out by
//! hand from the fixture (the comments show the arithmetic); none was
//! copied from the program's output.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use twohats::calendar::{read, CalendarOptions, Dropped, Occurrence, Participation};
use twohats::Warning;

mod common;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/calendar");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn opts(zone: &str, from: &str, to: &str) -> CalendarOptions {
    CalendarOptions {
        me: vec!["ada@example.com".into()],
        zone: zone.parse::<Tz>().unwrap(),
        from: utc(from),
        to: utc(to),
        count_tentative: true,
        count_transparent: false,
        max_event_hours: 12.0,
        rule_texts: true,
    }
}

fn z(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// (start, end, title, dropped) for comparing whole lists at a glance.
fn rows(occs: &[Occurrence]) -> Vec<(String, String, String, Option<Dropped>)> {
    occs.iter()
        .map(|o| (z(o.start), z(o.end), o.event.title.to_string(), o.dropped))
        .collect()
}

fn row(
    start: &str,
    end: &str,
    title: &str,
    dropped: Option<Dropped>,
) -> (String, String, String, Option<Dropped>) {
    (start.into(), end.into(), title.into(), dropped)
}

fn read_ok(paths: &[String], o: &CalendarOptions) -> (Vec<Occurrence>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let occs = read(paths, o, &mut warnings).unwrap();
    (occs, warnings)
}

/// Writes `text` to a temporary .ics and returns (dir guard, path).
fn temp_ics(text: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inline.ics");
    std::fs::write(&path, text).unwrap();
    let p = path.display().to_string();
    (dir, p)
}

const WINDOW: (&str, &str) = ("2026-10-05T00:00:00Z", "2026-11-30T00:00:00Z");

#[test]
fn google_export_reads_utc_series_as_local_times_of_x_wr_timezone() {
    // Europe/Berlin: CEST (+02:00) until Sunday 25 Oct 2026 03:00, then
    // CET (+01:00). The manager's own zone is London, which must not be
    // used for this file's floating times: X-WR-TIMEZONE says Berlin.
    let o = opts("Europe/London", WINDOW.0, WINDOW.1);
    let (occs, warnings) = read_ok(&[fixture("google-berlin.ics")], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    let standup = "Team standup";
    let one = "1:1 Ada / Bob";
    assert_eq!(
        rows(&occs),
        vec![
            // Written 08:00Z = 10:00 CEST: stays 10:00 Berlin every Monday.
            row("2026-10-12T08:00:00Z", "2026-10-12T08:15:00Z", standup, None),
            // 15:00 CEST = 13:00Z.
            row("2026-10-15T13:00:00Z", "2026-10-15T13:30:00Z", one, None),
            // 07:00-19:01 CEST: 12 h 1 min, longer than max_event_hours.
            row("2026-10-16T05:00:00Z", "2026-10-16T17:01:00Z", "Conference and travel", Some(Dropped::TooLong)),
            row("2026-10-19T08:00:00Z", "2026-10-19T08:15:00Z", standup, None),
            row("2026-10-20T12:00:00Z", "2026-10-20T13:00:00Z", "Architecture review: storage", Some(Dropped::Declined)),
            // Floating 09:00-11:00 read in Berlin (CEST): 07:00Z-09:00Z.
            row("2026-10-21T07:00:00Z", "2026-10-21T09:00:00Z", "Focus time", None),
            // Folded title; 14:00 CEST; Ada TENTATIVE still counts by default.
            row("2026-10-22T12:00:00Z", "2026-10-22T13:00:00Z", "Quarterly planning with the platform team and the product managers of the payments group", None),
            row("2026-10-22T13:00:00Z", "2026-10-22T13:30:00Z", one, None),
            // 08:00-20:00 CEST: exactly 12 h still counts.
            row("2026-10-23T06:00:00Z", "2026-10-23T18:00:00Z", "Team offsite", None),
            // After the change: 10:00 CET = 09:00Z (RFC 5545 alone would say 08:00Z).
            row("2026-10-26T09:00:00Z", "2026-10-26T09:15:00Z", standup, None),
            // 16:30 CET + DURATION PT45M.
            row("2026-10-27T15:30:00Z", "2026-10-27T16:15:00Z", "Hiring debrief: backend candidate", None),
            // 15:00 CET = 14:00Z.
            row("2026-10-29T14:00:00Z", "2026-10-29T14:30:00Z", one, None),
            // All-day 30 Oct: a day of the manager's week, London midnight
            // to midnight (GMT since 25 Oct).
            row("2026-10-30T00:00:00Z", "2026-10-31T00:00:00Z", "OOO", Some(Dropped::AllDay)),
            row("2026-11-02T09:00:00Z", "2026-11-02T09:15:00Z", standup, None),
            // UNTIL=20261105T140000Z is exactly this instance: included.
            row("2026-11-05T14:00:00Z", "2026-11-05T14:30:00Z", one, None),
            row("2026-11-09T09:00:00Z", "2026-11-09T09:15:00Z", standup, None),
            // COUNT=6 ends here.
            row("2026-11-16T09:00:00Z", "2026-11-16T09:15:00Z", standup, None),
        ]
    );
    let s = &occs[0];
    assert_eq!(
        &*s.event.attendees,
        ["ada@example.com", "bob@example.com", "carol@example.com"]
    );
    assert_eq!(s.event.organizer.as_deref(), Some("ada@example.com"));
    assert!(s.event.organizer_is_me);
    assert_eq!(s.event.participation, Participation::Accepted);
    assert_eq!(&*s.event.source.file, fixture("google-berlin.ics"));
    assert_eq!(s.event.source.line, 26);
    assert_eq!(&*s.event.source.uid, "standup-2026@google.com");
    assert_eq!(
        s.event.source.calendar_name.as_deref(),
        Some("ada@example.com")
    );
    assert_eq!(
        &*s.event.description,
        "Daily-ish check of what is blocked.\nJoin with Google Meet: https://meet.google.com/abc-defg-hij"
    );
    // The declined one: Ada wrote as Ada@Example.com.
    assert_eq!(occs[4].event.participation, Participation::Declined);
    assert!(!occs[4].event.organizer_is_me);
    assert_eq!(
        &*occs[4].event.attendees,
        ["ada@example.com", "dan@example.com"]
    );
    // A block with no attendees is the manager's own.
    assert_eq!(occs[5].event.participation, Participation::NotInvited);
    assert!(occs[5].event.attendees.is_empty());
    assert!(occs[12].all_day);
}

#[test]
fn tentative_answers_drop_only_when_configured() {
    let mut o = opts(
        "Europe/London",
        "2026-10-22T00:00:00Z",
        "2026-10-23T00:00:00Z",
    );
    o.count_tentative = false;
    let (occs, _) = read_ok(&[fixture("google-berlin.ics")], &o);
    let planning = occs
        .iter()
        .find(|x| x.event.title.starts_with("Quarterly"))
        .unwrap();
    assert_eq!(planning.event.participation, Participation::Tentative);
    assert_eq!(planning.dropped, Some(Dropped::Tentative));
    // Event-level STATUS:TENTATIVE is not a reason: with the default it counts.
    o.count_tentative = true;
    let (occs, _) = read_ok(&[fixture("google-berlin.ics")], &o);
    let planning = occs
        .iter()
        .find(|x| x.event.title.starts_with("Quarterly"))
        .unwrap();
    assert_eq!(planning.dropped, None);
}

#[test]
fn transparent_events_count_when_configured() {
    let ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:t1\r\nDTSTART:20261014T100000Z\r\nDTEND:20261014T110000Z\r\nTRANSP:TRANSPARENT\r\nSUMMARY:Office hours\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (_d, path) = temp_ics(ics);
    let mut o = opts("Europe/London", WINDOW.0, WINDOW.1);
    let (occs, _) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(occs[0].dropped, Some(Dropped::Transparent));
    o.count_transparent = true;
    let (occs, _) = read_ok(&[path], &o);
    assert_eq!(occs[0].dropped, None);
}

#[test]
fn google_export_in_new_york_keeps_10_00_across_the_us_change() {
    // America/New_York: EDT (-04:00) until Sunday 1 Nov 2026 02:00, then
    // EST (-05:00). 14:00Z on 21 Oct is 10:00 EDT; 10:00 EST is 15:00Z.
    let o = opts("Europe/Berlin", WINDOW.0, WINDOW.1);
    let (occs, warnings) = read_ok(&[fixture("google-newyork.ics")], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    let t = "Platform weekly sync";
    assert_eq!(
        rows(&occs),
        vec![
            row("2026-10-21T14:00:00Z", "2026-10-21T14:30:00Z", t, None),
            row("2026-10-28T14:00:00Z", "2026-10-28T14:30:00Z", t, None),
            row("2026-11-04T15:00:00Z", "2026-11-04T15:30:00Z", t, None),
            row("2026-11-11T15:00:00Z", "2026-11-11T15:30:00Z", t, None),
        ]
    );
    // Ada, the platform GROUP (one address), and the organizer calendar.
    assert_eq!(
        &*occs[0].event.attendees,
        [
            "ada@example.com",
            "platform@example.com",
            "c_platform@group.calendar.google.com"
        ]
    );
    assert_eq!(
        occs[0].event.source.calendar_name.as_deref(),
        Some("Platform team")
    );
}

#[test]
fn without_x_wr_timezone_a_utc_series_stays_in_utc() {
    // The same series with X-WR-TIMEZONE removed: RFC 5545 says 14:00Z
    // every week, whatever New York's clocks do.
    let text = std::fs::read_to_string(fixture("google-newyork.ics"))
        .unwrap()
        .replace("X-WR-TIMEZONE:America/New_York\r\n", "");
    let (_d, path) = temp_ics(text.as_bytes());
    let o = opts("Europe/Berlin", WINDOW.0, WINDOW.1);
    let (occs, _) = read_ok(&[path], &o);
    let starts: Vec<String> = occs.iter().map(|o| z(o.start)).collect();
    assert_eq!(
        starts,
        [
            "2026-10-21T14:00:00Z",
            "2026-10-28T14:00:00Z",
            "2026-11-04T14:00:00Z",
            "2026-11-11T14:00:00Z"
        ]
    );
}

#[test]
fn outlook_export_with_windows_zone_names_exdate_moved_and_cancelled() {
    // "W. Europe Standard Time" is Europe/Berlin (CEST +2 until 25 Oct,
    // then CET +1); "Pacific Standard Time" is America/Los_Angeles (PDT -7
    // until 1 Nov, then PST -8); "Customized Time Zone" exists only in the
    // file's VTIMEZONE: +01:00 from the 2nd Sunday of March to the 1st
    // Sunday of November (1 Nov 2026), +00:00 otherwise.
    let o = opts("Europe/London", WINDOW.0, WINDOW.1);
    let (occs, warnings) = read_ok(&[fixture("outlook-exchange.ics")], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    let sync = "Platform sync";
    assert_eq!(
        rows(&occs),
        vec![
            // Tuesdays 14:00-15:00 Berlin, COUNT=8 from 6 Oct; 13 Oct is an EXDATE.
            row("2026-10-06T12:00:00Z", "2026-10-06T13:00:00Z", sync, None),
            // 20 Oct moved to Wednesday 21 Oct 10:00 CEST.
            row(
                "2026-10-21T08:00:00Z",
                "2026-10-21T09:00:00Z",
                "Platform sync (moved to Wednesday)",
                None
            ),
            row("2026-10-27T13:00:00Z", "2026-10-27T14:00:00Z", sync, None),
            // 09:00 in the custom zone at +01:00 (London would be +00:00).
            row(
                "2026-10-28T08:00:00Z",
                "2026-10-28T09:30:00Z",
                "Customer workshop",
                None
            ),
            // 09:00 PDT.
            row(
                "2026-10-29T16:00:00Z",
                "2026-10-29T17:00:00Z",
                "Vendor call",
                None
            ),
            // The cancelled instance is listed, claiming no time.
            row(
                "2026-11-03T13:00:00Z",
                "2026-11-03T14:00:00Z",
                "Canceled: Platform sync",
                Some(Dropped::Cancelled)
            ),
            // 09:00 in the custom zone, now +00:00.
            row(
                "2026-11-04T09:00:00Z",
                "2026-11-04T10:30:00Z",
                "Customer workshop",
                None
            ),
            // 09:00 PST.
            row(
                "2026-11-05T17:00:00Z",
                "2026-11-05T18:00:00Z",
                "Vendor call",
                None
            ),
            row("2026-11-10T13:00:00Z", "2026-11-10T14:00:00Z", sync, None),
            row("2026-11-17T13:00:00Z", "2026-11-17T14:00:00Z", sync, None),
            row("2026-11-24T13:00:00Z", "2026-11-24T14:00:00Z", sync, None),
        ]
    );
    // Organizer Bob, Ada, Carol and the eng-leads group; the room is no one.
    assert_eq!(
        &*occs[0].event.attendees,
        [
            "ada@example.com",
            "carol@example.com",
            "eng-leads@example.com",
            "bob@example.com"
        ]
    );
    assert_eq!(occs[0].event.participation, Participation::Accepted);
    assert_eq!(&*occs[0].event.location, "Room Kepler (8)");
    // The moved instance remembers which one it replaces: 20 Oct 14:00 CEST.
    assert_eq!(occs[1].recurrence_id, Some(utc("2026-10-20T12:00:00Z")));
    assert_eq!(occs[1].event.source.line, 81);
    assert!(occs[3].event.organizer_is_me);
}

#[test]
fn an_override_without_its_series_still_counts_once() {
    let o = opts("Europe/London", WINDOW.0, WINDOW.1);
    let (occs, warnings) = read_ok(&[fixture("google-orphan-override.ics")], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    // Moved from 10:00 to 11:00-12:00 CEST on 22 Oct.
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-22T09:00:00Z",
            "2026-10-22T10:00:00Z",
            "Hiring sync",
            None
        )]
    );
    assert_eq!(occs[0].recurrence_id, Some(utc("2026-10-22T08:00:00Z")));
}

#[test]
fn this_and_future_override_and_rdate_periods() {
    // Berlin is on CET (+01:00) in November.
    let o = opts(
        "Europe/Berlin",
        "2026-11-16T00:00:00Z",
        "2026-11-23T00:00:00Z",
    );
    let (occs, warnings) = read_ok(&[fixture("apple-this-and-future.ics")], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    let early = "Stand-up";
    let late = "Stand-up (later slot)";
    let pair = "Pairing with Hal";
    assert_eq!(
        rows(&occs),
        vec![
            // Daily 09:00-09:15 CET, COUNT=5 from Monday 16 Nov...
            row("2026-11-16T08:00:00Z", "2026-11-16T08:15:00Z", early, None),
            row("2026-11-16T12:00:00Z", "2026-11-16T13:00:00Z", pair, None),
            row("2026-11-17T08:00:00Z", "2026-11-17T08:15:00Z", early, None),
            // ...from 18 Nov on, 09:30-09:45 (RANGE=THISANDFUTURE).
            row("2026-11-18T08:30:00Z", "2026-11-18T08:45:00Z", late, None),
            row("2026-11-19T08:30:00Z", "2026-11-19T08:45:00Z", late, None),
            // RDATE PERIOD 15:00Z/PT2H.
            row("2026-11-19T15:00:00Z", "2026-11-19T17:00:00Z", pair, None),
            // RDATE PERIOD with an explicit end.
            row("2026-11-20T08:00:00Z", "2026-11-20T08:30:00Z", pair, None),
            row("2026-11-20T08:30:00Z", "2026-11-20T08:45:00Z", late, None),
        ]
    );
}

#[test]
fn broken_event_is_skipped_with_a_warning_naming_its_line() {
    // The manager is in London: BST (+01:00) in mid-October.
    let o = opts(
        "Europe/London",
        "2026-10-12T00:00:00Z",
        "2026-10-19T00:00:00Z",
    );
    let path = fixture("broken-and-odd.ics");
    let (occs, mut warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(
        rows(&occs),
        vec![
            row(
                "2026-10-14T08:00:00Z",
                "2026-10-14T08:30:00Z",
                "Coffee with Ida",
                None
            ),
            // A line without a property name is left out and the event
            // kept (SPEC "Stray lines"): 09:00Z-10:00Z as written.
            row(
                "2026-10-14T09:00:00Z",
                "2026-10-14T10:00:00Z",
                "Lost meeting",
                None
            ),
            // Unknown zone: 10:00 read in London (BST) = 09:00Z.
            row(
                "2026-10-14T09:00:00Z",
                "2026-10-14T10:00:00Z",
                "Rover sync",
                None
            ),
            // DTEND before DTSTART: zero length.
            row(
                "2026-10-15T10:00:00Z",
                "2026-10-15T10:00:00Z",
                "Ends before it starts",
                None
            ),
            row(
                "2026-10-15T12:00:00Z",
                "2026-10-15T12:30:00Z",
                "Lunch & learn",
                None
            ),
        ]
    );
    warnings.sort_by_key(|w| w.line);
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!("{path}:14: UID broken@example.com: left out a line that is not a property (text that lost its folding?); the rest is read"),
            format!("{path}:17: unknown TZID 'Mars/Base'; used Europe/London"),
            format!("{path}:23: skipped a broken event: no DTSTART"),
            format!("{path}:28: DTEND is before DTSTART (UID backwards@example.com); counted as zero length"),
        ]
    );
}

/// The Berlin and New York Google fixtures.
fn google_pair() -> (Vec<u8>, Vec<u8>) {
    let read = |name: &str| std::fs::read(fixture(name)).unwrap();
    (read("google-berlin.ics"), read("google-newyork.ics"))
}

/// A zip of `entries` read as a calendar for the week of 19 Oct 2026 in
/// Berlin: its path as given, each occurrence's (start, file) and the
/// warnings.
fn read_zip(entries: &[(&str, &[u8])]) -> (String, Vec<(String, String)>, Vec<Warning>) {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("export.zip");
    std::fs::write(&zip_path, common::zip_of(entries)).unwrap();
    let given = zip_path.display().to_string();
    let o = opts(
        "Europe/Berlin",
        "2026-10-19T00:00:00Z",
        "2026-10-26T00:00:00Z",
    );
    let (occs, warnings) = read_ok(std::slice::from_ref(&given), &o);
    let got = (occs.iter())
        .map(|o| (z(o.start), o.event.source.file.to_string()))
        .collect();
    (given, got, warnings)
}

#[test]
fn google_export_zip_with_two_calendars() {
    let (berlin, newyork) = google_pair();
    let team_file = "Platform team_c_platform@group.calendar.google.com.ics";
    let (given, got, warnings) = read_zip(&[
        ("ada@example.com.ics", &berlin),
        (team_file, &newyork),
        ("README.txt", b"not a calendar"),
    ]);
    assert!(warnings.is_empty(), "{warnings:?}");
    // Only the week of 19 Oct: standup 19 Oct, declined review 20 Oct,
    // focus 21 Oct, NY sync 21 Oct, planning and 1:1 22 Oct, offsite 23 Oct.
    let ada = format!("{given}/ada@example.com.ics");
    let team = format!("{given}/{team_file}");
    assert_eq!(
        got,
        [
            ("2026-10-19T08:00:00Z".to_string(), ada.clone()),
            ("2026-10-20T12:00:00Z".to_string(), ada.clone()),
            ("2026-10-21T07:00:00Z".to_string(), ada.clone()),
            ("2026-10-21T14:00:00Z".to_string(), team.clone()),
            ("2026-10-22T12:00:00Z".to_string(), ada.clone()),
            ("2026-10-22T13:00:00Z".to_string(), ada.clone()),
            ("2026-10-23T06:00:00Z".to_string(), ada.clone()),
        ]
    );
}

#[test]
fn a_zip_inside_a_calendar_zip_is_a_warning_naming_both() {
    let (berlin, newyork) = google_pair();
    let inner = common::zip_of(&[("ada@example.com.ics", &berlin)]);
    // An upper-case extension is a calendar too, as in a folder.
    let (given, got, warnings) = read_zip(&[
        ("NY.ICS", &newyork),
        ("more-calendars.zip", &inner),
        ("README.txt", b"not a calendar"),
    ]);
    // Only the NY sync of 21 Oct: Ada's seven events are in the inner zip.
    assert_eq!(
        got,
        [(
            "2026-10-21T14:00:00Z".to_string(),
            format!("{given}/NY.ICS")
        )]
    );
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        [format!(
            "{given}/more-calendars.zip: skipped: a zip inside a zip is not opened; unzip it first"
        )]
    );
}

#[test]
fn a_folder_is_read_recursively_and_only_its_ics_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("team/archive")).unwrap();
    std::fs::copy(
        fixture("google-orphan-override.ics"),
        dir.path().join("a.ics"),
    )
    .unwrap();
    std::fs::copy(
        fixture("google-newyork.ics"),
        dir.path().join("team/archive/NY.ICS"),
    )
    .unwrap();
    std::fs::write(dir.path().join("team/notes.txt"), "BEGIN:VCALENDAR").unwrap();
    let o = opts(
        "Europe/Berlin",
        "2026-10-19T00:00:00Z",
        "2026-10-26T00:00:00Z",
    );
    let (occs, warnings) = read_ok(&[dir.path().display().to_string()], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    // NY sync 21 Oct 14:00Z, hiring sync 22 Oct 09:00Z.
    let got: Vec<(String, String)> = occs
        .iter()
        .map(|o| (z(o.start), o.event.title.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-10-21T14:00:00Z".to_string(),
                "Platform weekly sync".to_string()
            ),
            (
                "2026-10-22T09:00:00Z".to_string(),
                "Hiring sync".to_string()
            ),
        ]
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let o = opts("Europe/London", WINDOW.0, WINDOW.1);
    let mut warnings = Vec::new();
    let err = read(&["no/such/calendar.ics".to_string()], &o, &mut warnings).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read calendar 'no/such/calendar.ics': No such file or directory (os error 2)"
    );
}

#[test]
fn an_occurrence_starting_before_the_window_is_kept_whole() {
    // 23:00-01:00 London (BST) on Sunday 18 Oct; the window starts Monday
    // 00:00 London = 18 Oct 23:00Z.
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:late\nDTSTART;TZID=Europe/London:20261018T230000\nDTEND;TZID=Europe/London:20261019T010000\nSUMMARY:Incident call\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts(
        "Europe/London",
        "2026-10-18T23:00:00Z",
        "2026-10-25T23:00:00Z",
    );
    let (occs, _) = read_ok(&[path], &o);
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-18T22:00:00Z",
            "2026-10-19T00:00:00Z",
            "Incident call",
            None
        )]
    );
}

#[test]
fn odd_encodings_and_line_ends_are_read() {
    // Latin-1 "Café", CR-only line ends, a BOM, a NUL byte.
    let mut ics = b"\xEF\xBB\xBFBEGIN:VCALENDAR\rBEGIN:VEVENT\rUID:l1\rDTSTART:20261014T100000Z\rDTEND:20261014T103000Z\rSUMMARY:Caf\xe9 chat\0\rEND:VEVENT\rEND:VCALENDAR\r".to_vec();
    let (_d, path) = temp_ics(&ics);
    let o = opts("Europe/London", WINDOW.0, WINDOW.1);
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-14T10:00:00Z",
            "2026-10-14T10:30:00Z",
            "Café chat",
            None
        )]
    );
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!("{path}:6: not valid UTF-8; read as Latin-1"),
            format!("{path}: NUL bytes in the file were ignored"),
        ]
    );
    // The input is never modified.
    ics.truncate(0);
    assert!(std::fs::read(&path)
        .unwrap()
        .starts_with(b"\xEF\xBB\xBFBEGIN"));
}

#[test]
fn runaway_rules_stop_instead_of_hanging() {
    // A MINUTELY rule from 2000 without end: only the window's hour is
    // walked (60 instances of 1 minute, 10:00-10:59Z).
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m\nDTSTART:20000101T000000Z\nDURATION:PT1M\nRRULE:FREQ=MINUTELY\nSUMMARY:Tick\nEND:VEVENT\nBEGIN:VEVENT\nUID:s\nDTSTART:19900101T000000Z\nDURATION:PT1S\nRRULE:FREQ=SECONDLY;COUNT=4000000000\nSUMMARY:Tock\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("UTC", "2026-10-14T10:00:00Z", "2026-10-14T11:00:00Z");
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    let ticks: Vec<&Occurrence> = occs.iter().filter(|o| &*o.event.title == "Tick").collect();
    assert_eq!(ticks.len(), 60);
    assert_eq!(z(ticks[0].start), "2026-10-14T10:00:00Z");
    assert_eq!(z(ticks[59].end), "2026-10-14T11:00:00Z");
    // The SECONDLY one with a COUNT must walk from 1990 and gives up at the cap.
    assert!(occs.iter().all(|o| &*o.event.title != "Tock"));
    assert_eq!(
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        [format!(
            "{path}:9: series UID s stopped after 100000 instances"
        )]
    );
}

#[test]
fn absurd_dates_and_durations_never_panic() {
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:y0\nDTSTART:00000101T000000Z\nRRULE:FREQ=YEARLY\nDURATION:PT1H\nSUMMARY:Year zero\nEND:VEVENT\nBEGIN:VEVENT\nUID:y9\nDTSTART:99991231T230000Z\nRRULE:FREQ=DAILY\nDURATION:PT2H\nSUMMARY:Year 9999\nEND:VEVENT\nBEGIN:VEVENT\nUID:neg\nDTSTART:20261014T100000Z\nDURATION:-PT1H\nSUMMARY:Negative\nEND:VEVENT\nBEGIN:VEVENT\nUID:huge\nDTSTART:20261014T100000Z\nDURATION:P99999999W\nSUMMARY:Huge\nEND:VEVENT\nBEGIN:VEVENT\nUID:ok\nDTSTART:20261014T120000Z\nDURATION:PT1H\nSUMMARY:Fine\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("UTC", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(
        rows(&occs),
        vec![
            // Year zero, yearly on 1 Jan 00:00-01:00.
            row(
                "2026-01-01T00:00:00Z",
                "2026-01-01T01:00:00Z",
                "Year zero",
                None
            ),
            row(
                "2026-10-14T10:00:00Z",
                "2026-10-14T10:00:00Z",
                "Negative",
                None
            ),
            row("2026-10-14T12:00:00Z", "2026-10-14T13:00:00Z", "Fine", None),
        ]
    );
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!("{path}:16: DURATION is negative (UID neg); counted as zero length"),
            format!("{path}:22: skipped event UID huge: it lasts more than 10 years"),
        ]
    );
}

#[test]
fn a_single_utc_event_in_the_repeated_hour_keeps_its_instant() {
    // Berlin repeats 02:00-03:00 on 25 Oct 2026: 00:30Z and 01:30Z are
    // both 02:30 on the wall. A one-off event written in UTC is an exact
    // instant, X-WR-TIMEZONE or not.
    let ics = b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Berlin\r\nBEGIN:VEVENT\r\nUID:fold\r\nDTSTART:20261025T013000Z\r\nDTEND:20261025T020000Z\r\nSUMMARY:Failover drill\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("Europe/Berlin", WINDOW.0, WINDOW.1);
    let (occs, _) = read_ok(&[path], &o);
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-25T01:30:00Z",
            "2026-10-25T02:00:00Z",
            "Failover drill",
            None
        )]
    );
}

#[test]
fn a_weekly_series_starting_in_a_dst_gap_moves_forward_only_that_day() {
    // 02:30 does not exist in Berlin on Sunday 29 Mar 2026: RFC 5545 reads
    // it as 03:30 CEST (01:30Z). The next Sunday 02:30 CEST is 00:30Z.
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:gap\nDTSTART;TZID=Europe/Berlin:20260329T023000\nDTEND;TZID=Europe/Berlin:20260329T040000\nRRULE:FREQ=WEEKLY;COUNT=2\nSUMMARY:Backup check\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts(
        "Europe/Berlin",
        "2026-03-23T00:00:00Z",
        "2026-04-13T00:00:00Z",
    );
    let (occs, warnings) = read_ok(&[path], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    let starts: Vec<String> = occs.iter().map(|o| z(o.start)).collect();
    assert_eq!(starts, ["2026-03-29T01:30:00Z", "2026-04-05T00:30:00Z"]);
}

#[test]
fn odd_rules_never_panic_or_hang() {
    // Each rule is odd in its own way; whatever they yield, the reader
    // must return (with warnings where it gives up) and keep the plain
    // event after them.
    let rules = [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
        "FREQ=SECONDLY;BYHOUR=3",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=MONTHLY;BYSETPOS=400;BYDAY=MO",
        "FREQ=FORTNIGHTLY",
        "FREQ=WEEKLY;UNTIL=garbage",
        "FREQ=WEEKLY;UNTIL=19990101T000000Z",
        "FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU",
        "FREQ=MONTHLY;BYMONTHDAY=-31,31,0",
        "",
    ];
    let mut ics = String::from("BEGIN:VCALENDAR\n");
    for (i, r) in rules.iter().enumerate() {
        ics.push_str(&format!(
            "BEGIN:VEVENT\nUID:odd{i}\nDTSTART:20260105T090000Z\nDURATION:PT30M\nRRULE:{r}\nSUMMARY:Odd {i}\nEND:VEVENT\n"
        ));
    }
    ics.push_str("BEGIN:VEVENT\nUID:plain\nDTSTART:20261014T120000Z\nDURATION:PT1H\nSUMMARY:Plain\nEND:VEVENT\nEND:VCALENDAR\n");
    let (_d, path) = temp_ics(ics.as_bytes());
    let o = opts("UTC", "2026-10-12T00:00:00Z", "2026-10-19T00:00:00Z");
    let (occs, warnings) = read_ok(&[path], &o);
    assert!(occs.iter().any(|o| &*o.event.title == "Plain"));
    // SECONDLY;BYHOUR=3 is every second of 03:00-03:59 each day: 7 × 3600.
    assert_eq!(
        occs.iter().filter(|o| &*o.event.title == "Odd 2").count(),
        7 * 3600
    );
    // Rules that cannot be read say so, at their event's line (7 lines each).
    let said: Vec<(Option<u64>, bool)> = warnings
        .iter()
        .map(|w| {
            (
                w.line,
                w.message.ends_with("; only its first instance counts"),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (Some(23), true),
            (Some(30), true),
            (Some(37), true),
            (Some(44), true),
            (Some(72), true)
        ]
    );
    assert!(warnings[2]
        .message
        .starts_with("RRULE 'FREQ=FORTNIGHTLY' of UID odd5 not understood"));
}

#[test]
fn unbalanced_begin_and_end_are_reported_and_the_rest_counts() {
    // Line 2: a stray END; line 3: an event with no END before the next
    // BEGIN:VEVENT, ended there (its DTSTART alone: it lasts no time); line
    // 12: a download cut off mid-event.
    let ics = b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:cut-1\r\nDTSTART:20261014T080000Z\r\nSUMMARY:Never ends\r\nBEGIN:VEVENT\r\nUID:whole\r\nDTSTART:20261014T090000Z\r\nDTEND:20261014T093000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:cut-2\r\nDTSTART:20261014T100000Z\r\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("UTC", "2026-10-12T00:00:00Z", "2026-10-19T00:00:00Z");
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(
        occs.iter()
            .map(|o| &*o.event.source.uid)
            .collect::<Vec<_>>(),
        ["cut-1", "whole"]
    );
    assert_eq!(occs[0].start, occs[0].end);
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        [
            format!("{path}:2: END:VEVENT without BEGIN:VEVENT; ignored"),
            format!("{path}:3: no END:VEVENT before the next BEGIN:VEVENT; read as ended there"),
            format!("{path}:12: skipped a broken VEVENT: no END:VEVENT before the end of the file"),
        ]
    );
}

#[test]
fn windows_zone_names_resolve_without_a_vtimezone() {
    // Exchange sometimes leaves the VTIMEZONE out. "Tokyo Standard Time" is
    // Asia/Tokyo (+09:00, no DST); "Russia Time Zone 3" is Europe/Samara
    // (+04:00); "Mountain Standard Time (Mexico)" is America/Mazatlan
    // (-07:00, no DST since 2022).
    let ics = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:tokyo\r\nDTSTART;TZID=\"Tokyo Standard Time\":20261014T180000\r\nDTEND;TZID=\"Tokyo Standard Time\":20261014T190000\r\nSUMMARY:Tokyo sync\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:samara\r\nDTSTART;TZID=Russia Time Zone 3:20261014T100000\r\nDTEND;TZID=Russia Time Zone 3:20261014T110000\r\nSUMMARY:Samara sync\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:mazatlan\r\nDTSTART;TZID=Mountain Standard Time (Mexico):20261014T080000\r\nDTEND;TZID=Mountain Standard Time (Mexico):20261014T083000\r\nSUMMARY:Mazatlan sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (_d, path) = temp_ics(ics);
    let o = opts(
        "Europe/London",
        "2026-10-12T00:00:00Z",
        "2026-10-19T00:00:00Z",
    );
    let (occs, warnings) = read_ok(&[path], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        vec![
            row(
                "2026-10-14T06:00:00Z",
                "2026-10-14T07:00:00Z",
                "Samara sync",
                None
            ),
            row(
                "2026-10-14T09:00:00Z",
                "2026-10-14T10:00:00Z",
                "Tokyo sync",
                None
            ),
            row(
                "2026-10-14T15:00:00Z",
                "2026-10-14T15:30:00Z",
                "Mazatlan sync",
                None
            ),
        ]
    );
}

#[test]
fn a_vtimezone_offset_no_zone_can_have_makes_it_broken_and_the_managers_zone_is_used() {
    // A custom zone "Weird" (VTIMEZONE at line 3) and a 1 h event at Tue 17
    // Nov 09:00 in it (line 11). Berlin is +01:00 in November.
    let ics = |offset: &str| {
        format!("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:Weird\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:u1\nDTSTART;TZID=Weird:20261117T090000\nDTEND;TZID=Weird:20261117T100000\nSUMMARY:Focus time\nEND:VEVENT\nEND:VCALENDAR\n")
    };
    let o = opts(
        "Europe/Berlin",
        "2026-11-16T00:00:00Z",
        "2026-11-23T00:00:00Z",
    );
    // Beyond ±18 h, or minutes past 59: the VTIMEZONE is ignored and the
    // event read in Berlin, 09:00 +01:00 = 08:00Z.
    for offset in ["+9959", "+2500", "-1801", "+0160", "+010060"] {
        let (_d, path) = temp_ics(ics(offset).as_bytes());
        let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
        assert_eq!(
            rows(&occs),
            vec![row(
                "2026-11-17T08:00:00Z",
                "2026-11-17T09:00:00Z",
                "Focus time",
                None
            )],
            "{offset}"
        );
        assert_eq!(
            warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            [
                format!("{path}:3: ignored a broken VTIMEZONE: VTIMEZONE 'Weird': TZOFFSETFROM '{offset}' is out of range (an offset is at most ±18:00, its minutes and seconds under 60)"),
                format!("{path}:11: unknown TZID 'Weird'; used Europe/Berlin"),
            ]
        );
    }
    // Kiribati's +14:00 and the bound itself are offsets: 09:00 +14:00 is
    // 19:00Z the day before; 09:00 -18:00 is 03:00Z the day after.
    for (offset, start, end) in [
        ("+1400", "2026-11-16T19:00:00Z", "2026-11-16T20:00:00Z"),
        ("-1800", "2026-11-18T03:00:00Z", "2026-11-18T04:00:00Z"),
    ] {
        let (_d, path) = temp_ics(ics(offset).as_bytes());
        let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(rows(&occs), vec![row(start, end, "Focus time", None)]);
    }
}

#[test]
fn an_unknown_x_wr_timezone_is_reported_and_floating_times_use_the_managers_zone() {
    let ics = b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Mars/Olympus\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20261014T100000\r\nDTEND:20261014T110000\r\nSUMMARY:Floating\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (_d, path) = temp_ics(ics);
    // London is on BST (+01:00) on 14 Oct.
    let o = opts(
        "Europe/London",
        "2026-10-12T00:00:00Z",
        "2026-10-19T00:00:00Z",
    );
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-14T09:00:00Z",
            "2026-10-14T10:00:00Z",
            "Floating",
            None
        )]
    );
    assert_eq!(
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        [format!(
            "{path}:2: unknown X-WR-TIMEZONE 'Mars/Olympus'; ignored"
        )]
    );
}

#[test]
fn this_and_future_moving_a_week_later_reaches_into_the_window() {
    // Weekly Mondays 10:00 UTC from 5 Oct; from 12 Oct on, every instance
    // moves 7 days later (to the next Monday). The window is the week of
    // 19 Oct: the 19 Oct slot itself moved out to 26 Oct, but the 12 Oct
    // slot moved in, as the override itself.
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nDTSTART:20261005T100000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=6\nSUMMARY:Sync\nEND:VEVENT\nBEGIN:VEVENT\nUID:s\nRECURRENCE-ID;RANGE=THISANDFUTURE:20261012T100000Z\nDTSTART:20261019T100000Z\nDURATION:PT1H\nSUMMARY:Sync (a week later)\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("UTC", "2026-10-19T00:00:00Z", "2026-10-26T00:00:00Z");
    let (occs, warnings) = read_ok(&[path], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-19T10:00:00Z",
            "2026-10-19T11:00:00Z",
            "Sync (a week later)",
            None
        )]
    );
    // The week of 26 Oct gets the 19 Oct instance, moved.
    let o = opts("UTC", "2026-10-26T00:00:00Z", "2026-11-02T00:00:00Z");
    let (_d2, path) = temp_ics(ics);
    let (occs, _) = read_ok(&[path], &o);
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-26T10:00:00Z",
            "2026-10-26T11:00:00Z",
            "Sync (a week later)",
            None
        )]
    );
    assert_eq!(occs[0].recurrence_id, Some(utc("2026-10-19T10:00:00Z")));
}

#[test]
fn a_non_ascii_rule_is_reported_not_fatal() {
    // The rrule crate would slice inside 'Â'; the reader says what is wrong.
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r\nDTSTART:20261012T090000Z\nDURATION:PT30M\nRRULE:FREQ=WEEKLY;BYDAY=MÂO\nSUMMARY:Odd rule\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics.as_bytes());
    let o = opts("UTC", "2026-10-12T00:00:00Z", "2026-10-19T00:00:00Z");
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    // Only DTSTART itself counts.
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-10-12T09:00:00Z",
            "2026-10-12T09:30:00Z",
            "Odd rule",
            None
        )]
    );
    assert_eq!(
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        [format!("{path}:2: RRULE 'FREQ=WEEKLY;BYDAY=MÂO' of UID r not understood (it is not plain ASCII); only its first instance counts")]
    );
}

#[test]
fn an_interval_of_zero_is_not_understood_as_a_negative_one_is() {
    // RFC 5545: INTERVAL is a positive integer. Daily from Mon 2 Nov 09:00
    // (1 h): only that first instance counts in the week of 2–8 Nov.
    for interval in ["0", "-3"] {
        let ics = format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:i0\nDTSTART:20261102T090000Z\nDTEND:20261102T100000Z\nRRULE:FREQ=DAILY;INTERVAL={interval}\nSUMMARY:Focus time\nEND:VEVENT\nEND:VCALENDAR\n");
        let (_d, path) = temp_ics(ics.as_bytes());
        let o = opts("UTC", "2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z");
        let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
        assert_eq!(
            rows(&occs),
            vec![row(
                "2026-11-02T09:00:00Z",
                "2026-11-02T10:00:00Z",
                "Focus time",
                None
            )]
        );
        assert_eq!(
            warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            [format!("{path}:2: RRULE 'FREQ=DAILY;INTERVAL={interval}' of UID i0 not understood (`{interval}` is not a valid INTERVAL value); only its first instance counts")]
        );
    }
}

#[test]
fn of_two_copies_of_one_event_the_newer_counts() {
    // An updated invitation exported next to its old copy: SEQUENCE 1 wins.
    // Paris is on CET (+01:00) in January.
    let ics = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:dup\r\nDTSTART;TZID=Europe/Paris:20260107T100000\r\nDTEND;TZID=Europe/Paris:20260107T110000\r\nSEQUENCE:0\r\nSUMMARY:Vendor demo\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:dup\r\nDTSTART;TZID=Europe/Paris:20260108T100000\r\nDTEND;TZID=Europe/Paris:20260108T110000\r\nSEQUENCE:1\r\nSUMMARY:Vendor demo (rescheduled)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (_d, path) = temp_ics(ics);
    let o = opts(
        "Europe/Paris",
        "2026-01-04T23:00:00Z",
        "2026-01-11T23:00:00Z",
    );
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(
        rows(&occs),
        vec![row(
            "2026-01-08T09:00:00Z",
            "2026-01-08T10:00:00Z",
            "Vendor demo (rescheduled)",
            None
        )]
    );
    assert_eq!(
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        [format!("{path}:2: UID dup appears twice without RECURRENCE-ID; the copy at line 9 replaces this one")]
    );
}

#[test]
fn an_override_without_an_end_has_zero_length() {
    // docs/model.md: neither DTEND nor DURATION is zero length for a timed event,
    // overrides included (they do not borrow the series' hour).
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nDTSTART:20260105T130000Z\nDTEND:20260105T140000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:Design sync\nEND:VEVENT\nBEGIN:VEVENT\nUID:s\nRECURRENCE-ID:20260112T130000Z\nDTSTART:20260112T150000Z\nSUMMARY:Design sync (moved)\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("UTC", "2026-01-05T00:00:00Z", "2026-01-26T00:00:00Z");
    let (occs, warnings) = read_ok(&[path], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        vec![
            row(
                "2026-01-05T13:00:00Z",
                "2026-01-05T14:00:00Z",
                "Design sync",
                None
            ),
            row(
                "2026-01-12T15:00:00Z",
                "2026-01-12T15:00:00Z",
                "Design sync (moved)",
                None
            ),
            row(
                "2026-01-19T13:00:00Z",
                "2026-01-19T14:00:00Z",
                "Design sync",
                None
            ),
        ]
    );
}

#[test]
fn a_property_line_without_colon_does_not_swallow_the_next_line() {
    // Line 5 lacks its ':'; icalendar's parser would read the TZID on into
    // line 6 (the DTEND) and give the event line 6's time.
    let ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:colon@fuzz\r\nDTSTART;TZID=Europe/London 20261109T100000\r\nDTEND;TZID=Europe/London:20261109T110000\r\nSUMMARY:Missing colon\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (_d, path) = temp_ics(ics);
    let o = opts(
        "Europe/London",
        "2026-11-09T00:00:00Z",
        "2026-11-16T00:00:00Z",
    );
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert!(occs.is_empty());
    assert_eq!(
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        [format!("{path}:3: skipped a broken event: cannot parse line 'DTSTART;TZID=Europe/London 20261109T100000'")]
    );
}

#[test]
fn warnings_quoting_the_file_stay_one_line() {
    // A tab and a vertical tab inside a TZID, echoed escaped.
    let ics = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:t\nDTSTART;TZID=Mars\tBase\x0b2:20261110T100000\nDURATION:PT1H\nSUMMARY:Rover\nEND:VEVENT\nEND:VCALENDAR\n";
    let (_d, path) = temp_ics(ics);
    let o = opts("UTC", "2026-11-09T00:00:00Z", "2026-11-16T00:00:00Z");
    let (occs, warnings) = read_ok(std::slice::from_ref(&path), &o);
    assert_eq!(occs.len(), 1);
    assert_eq!(
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        [format!(
            "{path}:2: unknown TZID 'Mars\\tBase\\u{{b}}2'; used UTC"
        )]
    );
}

#[test]
fn windows_display_name_zones_quoted_or_not_resolve_without_a_vtimezone() {
    // An Exchange export without VTIMEZONE blocks whose TZIDs are Windows
    // display names, some quoted, some not (the parser cuts an unquoted one
    // at its first colon). The manager is in New York; each time below is
    // the zone's wall time read in that zone, then shown in UTC.
    let o = opts("America/New_York", WINDOW.0, WINDOW.1);
    let (occs, warnings) = read_ok(&[fixture("exchange-display-names.ics")], &o);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        [
            // 6 Oct, Amsterdam on CEST (+02:00): 10:00-12:00 = 08:00-10:00 UTC
            // (04:00 in New York, on EDT -04:00).
            row(
                "2026-10-06T08:00:00Z",
                "2026-10-06T10:00:00Z",
                "Quarterly planning",
                None
            ),
            // 9 Nov, Pacific on PST (-08:00), unquoted: 09:00 = 17:00 UTC.
            row(
                "2026-11-09T17:00:00Z",
                "2026-11-09T18:00:00Z",
                "Vendor call",
                None
            ),
            // 10 Nov, Amsterdam on CET (+01:00), quoted: 10:00 = 09:00 UTC
            // = 04:00 in New York (EST -05:00), not 10:00 New York time.
            row(
                "2026-11-10T09:00:00Z",
                "2026-11-10T10:00:00Z",
                "Architecture review",
                None
            ),
            // 11 Nov, "(GMT) Greenwich Mean Time : Dublin, …" unquoted (a
            // colon after the offset too): London on GMT, 15:00 = 15:00 UTC.
            row(
                "2026-11-11T15:00:00Z",
                "2026-11-11T16:00:00Z",
                "London office hours",
                None
            ),
            // Thursdays 12, 19, 26 Nov at 14:00 Amsterdam (CET) = 13:00 UTC,
            // unquoted; the EXDATE (also unquoted) removes 19 Nov.
            row(
                "2026-11-12T13:00:00Z",
                "2026-11-12T13:30:00Z",
                "Hiring sync",
                None
            ),
            row(
                "2026-11-26T13:00:00Z",
                "2026-11-26T13:30:00Z",
                "Hiring sync",
                None
            ),
        ]
    );
}

/// Leaving DESCRIPTION, LOCATION and CATEGORIES out (no rule reads them)
/// must change nothing else: for every calendar among the fixtures, and
/// one whose descriptions lost their folding before prose that looks like
/// properties ("Location: …", then "Status: cancelled" or "Summary: focus
/// time"), the same occurrences (times, titles, people, drops, sources)
/// and the same warnings as when they are read, over 2015-2027 so every
/// series expands.
#[test]
fn leaving_rule_texts_out_changes_nothing_else() {
    let prose = |uid: &str, last: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20260303T090000Z\r\nDTEND:20260303T120000Z\r\nSUMMARY:Planning\r\nDESCRIPTION:Agenda for the week\r\nLocation: HQ, room 4\r\n{last}\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}END:VCALENDAR\r\n",
        prose("a", "Status: cancelled"),
        prose("b", "Summary: focus time for the ledger")
    );
    let (_dir, inline) = temp_ics(ics.as_bytes());
    let mut files = vec![inline];
    let mut dirs = vec![std::path::PathBuf::from("fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ics") {
                files.push(path.display().to_string());
            }
        }
    }
    assert!(files.len() > 20, "{files:?}");
    let shown = |occs: &[Occurrence]| -> Vec<String> {
        (occs.iter())
            .map(|o| {
                let people = (
                    &o.event.attendees,
                    &o.event.declined,
                    &o.event.organizer,
                    o.event.organizer_is_me,
                );
                let at = (
                    &o.event.source.file,
                    o.event.source.line,
                    &o.event.source.uid,
                );
                let when = (z(o.start), z(o.end), o.all_day);
                format!(
                    "{when:?} {} {people:?} {:?} {:?} {at:?}",
                    o.event.title, o.event.participation, o.dropped
                )
            })
            .collect()
    };
    for file in &files {
        let read = |o: &CalendarOptions| {
            let mut warnings = Vec::new();
            let occs = read(std::slice::from_ref(file), o, &mut warnings);
            let texts_empty = (occs.as_ref().ok().into_iter().flatten()).all(|o| {
                o.event.description.is_empty()
                    && o.event.location.is_empty()
                    && o.event.categories.is_empty()
            });
            let occs = occs.map(|o| shown(&o)).map_err(|e| e.to_string());
            (occs, warnings, texts_empty)
        };
        let mut o = opts(
            "Europe/Berlin",
            "2015-01-01T00:00:00Z",
            "2028-01-01T00:00:00Z",
        );
        let (with_texts, warnings, _) = read(&o);
        o.rule_texts = false;
        let (without, warnings_without, texts_empty) = read(&o);
        assert_eq!(with_texts, without, "{file}");
        assert_eq!(warnings, warnings_without, "{file}");
        assert!(texts_empty, "{file}");
    }
}

/// One event of a calendar: Mon 16 Nov 2026 10:00-11:00 Berlin, titled
/// `title` (already folded as the test wants).
fn one_event(title_line: &str) -> String {
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/Berlin:20261116T100000",
        "DTEND;TZID=Europe/Berlin:20261116T110000",
        "UID:split@example.com",
        title_line,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n")
}

#[test]
fn a_fold_that_splits_a_character_in_two_is_mended_not_read_as_latin_1() {
    // "Mitarbeitergespräch": the exporter folded by bytes, between the two
    // bytes of "ä" (C3 A4). Unfolded first, as RFC 5545 reads it, the file
    // is UTF-8: the title is whole, and nothing is warned of.
    let mut bytes = one_event("SUMMARY:Mitarbeitergespr\u{e4}ch Lena").into_bytes();
    let at = bytes.windows(2).position(|w| w == [0xC3, 0xA4]).unwrap() + 1;
    bytes.splice(at..at, *b"\r\n ");
    let (_dir, path) = temp_ics(&bytes);
    let (occs, warnings) = read_ok(&[path], &opts("Europe/Berlin", WINDOW.0, WINDOW.1));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(&*occs[0].event.title, "Mitarbeitergespräch Lena");
}

#[test]
fn a_calendar_saved_as_utf16_by_windows_powershell_is_read() {
    // PowerShell 5.1's `>` writes UTF-16LE with a byte-order mark.
    let text = one_event("SUMMARY:Caf\u{e9} sync");
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (_dir, path) = temp_ics(&bytes);
    let (occs, warnings) = read_ok(&[path], &opts("Europe/Berlin", WINDOW.0, WINDOW.1));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        [row(
            "2026-11-16T09:00:00Z",
            "2026-11-16T10:00:00Z",
            "Café sync",
            None
        )]
    );
}

#[test]
fn a_begin_or_end_line_with_a_trailing_space_is_read() {
    // A template-made feed writes "END:VEVENT " (a trailing space): the
    // event it ends is read, as its calendar app shows it.
    let ics = one_event("SUMMARY:Retro")
        .replace("BEGIN:VEVENT\r\n", "BEGIN:VEVENT \r\n")
        .replace("END:VEVENT\r\n", "END:VEVENT \r\n");
    let (_dir, path) = temp_ics(ics.as_bytes());
    let (occs, warnings) = read_ok(&[path], &opts("Europe/Berlin", WINDOW.0, WINDOW.1));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        [row(
            "2026-11-16T09:00:00Z",
            "2026-11-16T10:00:00Z",
            "Retro",
            None
        )]
    );
}

#[test]
fn icloud_names_a_person_in_the_email_parameter_when_the_value_is_no_address() {
    // iCloud writes a relay (…@imip.me.com), a principal path or a
    // urn:uuid as the value, and the person's own address in EMAIL (RFC
    // 7986): Ada declined the planning, and organizes the 1:1 with Tim.
    let ics = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Apple Inc.//macOS 14.5//EN",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "UID:planning@icloud.com",
        "DTSTART;TZID=Europe/Berlin:20261116T100000",
        "DTEND;TZID=Europe/Berlin:20261116T110000",
        "SUMMARY:Budget planning",
        "ORGANIZER;CN=Jonas Weber;EMAIL=jonas@example.com:mailto:2_GQ3TMNZQ@imip.me.com",
        "ATTENDEE;CN=Ada Lovelace;EMAIL=ada@example.com;PARTSTAT=DECLINED:urn:uuid:5F1C0F63-1D3A-4B8E-9C2A-7E0F3B9D1A22",
        "ATTENDEE;CN=Grace Hopper;EMAIL=grace@example.com;PARTSTAT=ACCEPTED:mailto:grace@example.com",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:tim@icloud.com",
        "DTSTART;TZID=Europe/Berlin:20261117T100000",
        "DTEND;TZID=Europe/Berlin:20261117T110000",
        "SUMMARY:Tim",
        "ORGANIZER;CN=Ada Lovelace;EMAIL=ada@example.com:/1234567890/principal/",
        "ATTENDEE;CN=Ada Lovelace;EMAIL=ada@example.com;PARTSTAT=ACCEPTED:/1234567890/principal/",
        "ATTENDEE;CN=Tim;EMAIL=tim@example.com;PARTSTAT=ACCEPTED:mailto:tim@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n");
    let (_dir, path) = temp_ics(ics.as_bytes());
    let (occs, _) = read_ok(&[path], &opts("Europe/Berlin", WINDOW.0, WINDOW.1));
    assert_eq!(
        rows(&occs),
        [
            row(
                "2026-11-16T09:00:00Z",
                "2026-11-16T10:00:00Z",
                "Budget planning",
                Some(Dropped::Declined)
            ),
            row("2026-11-17T09:00:00Z", "2026-11-17T10:00:00Z", "Tim", None),
        ]
    );
    // Two people (Ada and Tim), Ada its organizer: a 1:1.
    assert_eq!(
        &*occs[1].event.attendees,
        ["ada@example.com", "tim@example.com"]
    );
    assert!(occs[1].event.organizer_is_me);
}

#[test]
fn outlooks_tzone_microsoft_utc_is_utc_quoted_or_not() {
    // Outlook.com and Exchange feeds name UTC `tzone://Microsoft/Utc`, with
    // no VTIMEZONE, quoted or not (unquoted, the parser cuts the TZID at
    // its scheme's colon). 09:00 UTC = 10:00 in Berlin.
    let event = |uid: &str, tzid: &str, day: u32| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID={tzid}:202611{day}T090000\r\nDTEND;TZID={tzid}:202611{day}T100000\r\nSUMMARY:{uid}\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n{}{}END:VCALENDAR\r\n",
        event("quoted", "\"tzone://Microsoft/Utc\"", 16),
        event("unquoted", "tzone://Microsoft/Utc", 17),
    );
    let (_dir, path) = temp_ics(ics.as_bytes());
    let (occs, warnings) = read_ok(&[path], &opts("Europe/Berlin", WINDOW.0, WINDOW.1));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        rows(&occs),
        [
            row(
                "2026-11-16T09:00:00Z",
                "2026-11-16T10:00:00Z",
                "quoted",
                None
            ),
            row(
                "2026-11-17T09:00:00Z",
                "2026-11-17T10:00:00Z",
                "unquoted",
                None
            ),
        ]
    );
}
