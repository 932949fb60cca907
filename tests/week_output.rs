//! What `twohats week` prints for a person: the five-second answer, without
//! colour codes when stdout is not a terminal.

mod common;

use common::{twohats, write_files, Run};

const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
BEGIN:VEVENT\r
UID:interviews\r
DTSTART;TZID=Europe/London:20261116T090000\r
DTEND;TZID=Europe/London:20261116T160000\r
SUMMARY:Interview loop\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:focus\r
DTSTART;TZID=Europe/London:20261117T090000\r
DTEND;TZID=Europe/London:20261117T123000\r
SUMMARY:Focus time\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn the_terminal_answer_names_share_limit_and_verdict() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("cal.ics", CALENDAR.as_bytes())]);
    // Colour is what is tested: NO_COLOR must not be what turns it off.
    let run = Run::of(
        twohats()
            .env_remove("NO_COLOR")
            .current_dir(dir.path())
            .args([
                "week",
                "--ics",
                "cal.ics",
                "--tz",
                "Europe/London",
                "--reports",
                "7",
                "--name",
                "Ada",
            ])
            .args(["--today", "2026-11-24"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.text();
    // Not a terminal: no escape codes.
    assert!(!text.contains('\u{1b}'), "{text:?}");
    // 7 h of interviews + 3.5 h of focus = 10.5 h; 3.5 / 10.5 = 33.3% > 20%.
    assert!(
        text.starts_with("Ada · 2026-W47 (Mon 16 Nov – Sun 22 Nov 2026) · Europe/London\n"),
        "{text}"
    );
    assert!(
        text.contains("OVER  coding 33.3% of 10.5 h; limit for a team of 7 is 20%: over"),
        "{text}"
    );
    assert!(text.contains("  coding     3.50 h"), "{text}");
    assert!(text.contains("  people     7.00 h"), "{text}");
    assert!(
        text.contains("7 reports · medium band · limit 20%"),
        "{text}"
    );
    assert!(text.contains("top: hiring 7.0 h · coding 3.5 h"), "{text}");
    // 3.5 − 20% × 10.5 = 3.5 − 2.1 = 1.4 h over, all of it the one
    // "Focus time" event.
    assert!(
        text.contains("  over by 1.4 h — largest coding: \"Focus time\" 3.5 h (event)\n"),
        "{text}"
    );
}
