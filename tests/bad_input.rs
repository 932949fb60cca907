//! The bad-input catalogue: every case a user's files can throw at twohats,
//! each asserting the exit code, the exact message, and that the input files
//! are byte-identical afterwards. Nothing may panic, hang, or drop silently.

mod common;

use common::{run_in_folder, Run};

/// `week` for one manager over 2026-W47 with a calendar `cal.ics`.
fn week_ics(bytes: &[u8], extra: &[&str]) -> Run {
    let mut args = vec![
        "week",
        "--ics",
        "cal.ics",
        "--me",
        "ada@example.com",
        "--tz",
        "Europe/Berlin",
    ];
    args.extend(["--reports", "3", "--week", "2026-W47", "--format", "json"]);
    args.extend(extra);
    run_in_folder(&[("cal.ics", bytes)], &args)
}

/// `week` for one manager over 2026-W47 with a git log `git.log`.
fn week_log(bytes: &[u8]) -> Run {
    let args = [
        "week",
        "--git-log",
        "git.log",
        "--me",
        "ada@example.com",
        "--tz",
        "Europe/Berlin",
        "--reports",
        "3",
    ];
    run_in_folder(
        &[("git.log", bytes)],
        &[&args[..], &["--week", "2026-W47", "--format", "json"]].concat(),
    )
}

fn hours(r: &Run, kind: &str) -> f64 {
    r.json()["managers"][0]["weeks"][0]["hours"][kind]
        .as_f64()
        .unwrap()
}

fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n{body}END:VCALENDAR\r\n")
}

/// One event, 10:00-11:00 UTC on Monday 16 November 2026, with extra lines.
fn event(uid: &str, lines: &str) -> String {
    format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\n{lines}SUMMARY:Team standup\r\nEND:VEVENT\r\n")
}

const ONE_HOUR: &str = "DTSTART:20261116T100000Z\r\nDTEND:20261116T110000Z\r\n";

// --- Errors: exit 2, one line naming the place -----------------------------

#[test]
fn missing_calendar_file() {
    let r = run_in_folder(&[], &["week", "--ics", "nope.ics", "--week", "2026-W47"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot read calendar 'nope.ics': No such file or directory\n"
    );
}

#[test]
fn missing_git_log() {
    let r = run_in_folder(
        &[],
        &[
            "week",
            "--git-log",
            "nope.log",
            "--me",
            "a@example.com",
            "--week",
            "2026-W47",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: nope.log: no such file; give a file written by `git log` (e.g. git log --pretty=fuller --date=iso-strict > git.log)\n");
}

#[test]
fn missing_repository() {
    let r = run_in_folder(
        &[],
        &[
            "week",
            "--repo",
            "nope",
            "--me",
            "a@example.com",
            "--week",
            "2026-W47",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: nope: no such folder; give the folder of a git repository (the one holding .git) or of a bare repository\n");
}

#[test]
fn a_folder_that_is_not_a_repository() {
    let r = run_in_folder(
        &[("plain/notes.txt", b"hello")],
        &[
            "week",
            "--repo",
            "plain",
            "--me",
            "a@example.com",
            "--week",
            "2026-W47",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: plain: not a git repository (no .git here, and not a bare repository); give the repository's top folder\n");
}

#[test]
fn an_unreadable_repository() {
    // A .git file pointing nowhere, as a moved worktree leaves behind.
    let r = run_in_folder(
        &[(
            "broken/.git",
            b"gitdir: ../elsewhere/.git/worktrees/broken\n",
        )],
        &[
            "week",
            "--repo",
            "broken",
            "--me",
            "a@example.com",
            "--week",
            "2026-W47",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: broken: cannot open the repository: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn an_invalid_config_key() {
    let r = run_in_folder(
        &[("twohats.toml", b"[calendar]\ncount_declined = true\n")],
        &["week", "--config", "twohats.toml", "--week", "2026-W47"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: twohats.toml:2: unknown field `count_declined`, expected one of `count_tentative`, `count_transparent`, `max_event_hours`\n"
    );
}

#[test]
fn a_bad_regex_in_a_rule() {
    let r = run_in_folder(
        &[(
            "twohats.toml",
            b"[[rule]]\nkind = \"people\"\ntitle = '(?i)1:1('\n",
        )],
        &["week", "--config", "twohats.toml", "--week", "2026-W47"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: twohats.toml:3: rule[1].title: bad regex: regex parse error:"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn an_unknown_time_zone_flag() {
    let r = run_in_folder(
        &[("cal.ics", calendar("").as_bytes())],
        &[
            "week",
            "--ics",
            "cal.ics",
            "--tz",
            "Mars/Base",
            "--week",
            "2026-W47",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --tz: unknown time zone 'Mars/Base': use an IANA name like \"Europe/Berlin\"\n"
    );
}

#[test]
fn a_config_that_is_not_utf8() {
    let r = run_in_folder(
        &[("twohats.toml", b"timezone = \"Europe/Berlin\"\n# caf\xe9\n")],
        &["week", "--config", "twohats.toml", "--week", "2026-W47"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: twohats.toml:2: the config is not UTF-8 text\n"
    );
}

#[test]
fn an_output_folder_that_cannot_be_created() {
    let cal = calendar(&event("a", ONE_HOUR));
    let r = run_in_folder(
        &[("cal.ics", cal.as_bytes()), ("notes.txt", b"x")],
        &[
            "report",
            "--ics",
            "cal.ics",
            "--reports",
            "3",
            "--weeks",
            "1",
            "--today",
            "2026-11-24",
            "--out",
            "notes.txt/report",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot create the report folder 'notes.txt/report': Not a directory\n"
    );
}

#[test]
fn an_output_folder_on_a_read_only_file_system() {
    // /proc refuses new folders even to root: the same path as a full or
    // read-only disk, the write fails and nothing is left half-written.
    let cal = calendar(&event("a", ONE_HOUR));
    let r = run_in_folder(
        &[("cal.ics", cal.as_bytes())],
        &[
            "report",
            "--ics",
            "cal.ics",
            "--reports",
            "3",
            "--weeks",
            "1",
            "--today",
            "2026-11-24",
            "--out",
            "/proc/twohats-report",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: cannot create the report folder '/proc/twohats-report': "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn an_output_folder_that_holds_an_input() {
    let cal = calendar(&event("a", ONE_HOUR));
    let r = run_in_folder(
        &[("data/cal.ics", cal.as_bytes())],
        &[
            "report",
            "--ics",
            "data/cal.ics",
            "--reports",
            "3",
            "--weeks",
            "1",
            "--today",
            "2026-11-24",
            "--out",
            "data",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: refusing to write the report into 'data': it contains the input"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_output_folder_equal_to_an_input_file() {
    let cal = calendar(&event("a", ONE_HOUR));
    let r = run_in_folder(
        &[("cal.ics", cal.as_bytes())],
        &[
            "report",
            "--ics",
            "cal.ics",
            "--reports",
            "3",
            "--weeks",
            "1",
            "--today",
            "2026-11-24",
            "--out",
            "cal.ics",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: refusing to write the report into 'cal.ics'"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_git_log_that_is_not_a_git_log() {
    let r = week_log(b"Dear team,\nplease find attached the report.\n");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: git.log:1: not `git log` text: expected a line `commit <hash>`, found 'Dear team,'; export with: git log --pretty=fuller --date=iso-strict > git.log\n"
    );
}

// --- Warnings: exit 0, the rest still counts --------------------------------

#[test]
fn an_empty_calendar_in_a_folder_warns() {
    // Named directly, an empty file is an error (SPEC "Not a calendar", and
    // tests/real_exports.rs); found in a folder it is skipped with a warning.
    let r = run_in_folder(
        &[("cals/cal.ics", b"")],
        &[
            "week",
            "--ics",
            "cals",
            "--me",
            "ada@example.com",
            "--tz",
            "Europe/Berlin",
            "--reports",
            "3",
            "--week",
            "2026-W47",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "warning: cals/cal.ics: skipped: empty file: no calendar data\n"
    );
    assert_eq!(
        r.json()["warnings"][0]["message"],
        "skipped: empty file: no calendar data"
    );
}

#[test]
fn binary_junk_warns_and_does_not_crash() {
    // Deterministic junk: a xorshift byte stream.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let junk: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    // Named directly, a file that holds no calendar is an error naming it
    // (SPEC "Not a calendar"), not a week of zeros.
    let r = week_ics(&junk, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "error: cannot read calendar 'cal.ics': not an iCalendar file: no BEGIN:VCALENDAR"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_truncated_calendar_keeps_what_is_whole() {
    let whole = calendar(&format!(
        "{}{}",
        event("a", ONE_HOUR),
        event(
            "b",
            "DTSTART:20261117T100000Z\r\nDTEND:20261117T110000Z\r\n"
        )
    ));
    let cut = &whole.as_bytes()[..whole
        .find("SUMMARY:Team standup\r\nEND:VEVENT\r\nEND:VCAL")
        .unwrap()];
    let r = week_ics(cut, &[]);
    assert_eq!(r.code, 0);
    // Event b starts on line 11, after the 3-line header and a's 7 lines.
    assert!(r.stderr.contains("warning: cal.ics:11: skipped a broken VEVENT: no END:VEVENT before the end of the file"), "{}", r.stderr);
    assert_eq!(hours(&r, "people"), 1.0);
}

#[test]
fn absurd_dates_are_refused_or_outside_the_window() {
    let body = [
        event("year-zero", "DTSTART:00000101T100000Z\r\nDURATION:PT1H\r\n"),
        event(
            "forever",
            "DTSTART:00010101T000000Z\r\nDTEND:99991231T000000Z\r\n",
        ),
        event("month-13", "DTSTART:20261316T100000Z\r\nDURATION:PT1H\r\n"),
        event("ok", ONE_HOUR),
    ]
    .concat();
    let r = week_ics(calendar(&body).as_bytes(), &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("skipped event UID forever: it lasts more than 10 years"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "skipped a broken event: DTSTART: '20261316T100000Z' is not a date or date-time"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(hours(&r, "people"), 1.0);
}

#[test]
fn an_unbounded_daily_series_from_ten_years_ago_counts_only_this_week() {
    let r = week_ics(
        calendar(&event(
            "daily",
            "DTSTART:20161116T100000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY\r\n",
        ))
        .as_bytes(),
        &[],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
    // Seven days × 30 minutes.
    assert_eq!(hours(&r, "people"), 3.5);
    assert_eq!(r.json()["managers"][0]["weeks"][0]["events"], 7);
}

#[test]
fn a_secondly_series_is_capped_with_a_warning() {
    let r = week_ics(
        calendar(&event(
            "secondly",
            "DTSTART:20261116T100000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\n",
        ))
        .as_bytes(),
        &[],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("warning: cal.ics:4: series UID secondly stopped after 100000 instances"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_minutely_series_finishes() {
    // Every 15 minutes for 10 minutes, from Monday 10:00 UTC to the end of
    // the week (Sunday 23:00 UTC, Berlin midnight): 157 h = 628 instances
    // × 10 minutes.
    let r = week_ics(
        calendar(&event(
            "minutely",
            "DTSTART:20261116T100000Z\r\nDURATION:PT10M\r\nRRULE:FREQ=MINUTELY;INTERVAL=15\r\n",
        ))
        .as_bytes(),
        &[],
    );
    assert_eq!(r.code, 0);
    let minutes = hours(&r, "people") * 60.0;
    assert!((minutes - 6280.0).abs() < 1.0, "{minutes}");
}

#[test]
fn negative_and_huge_durations_and_an_end_before_the_start() {
    let body = [
        event("negative", "DTSTART:20261116T100000Z\r\nDURATION:-PT1H\r\n"),
        event(
            "backwards",
            "DTSTART:20261117T100000Z\r\nDTEND:20261117T090000Z\r\n",
        ),
        event(
            "huge",
            "DTSTART:20261118T100000Z\r\nDURATION:P99999999W\r\n",
        ),
        event("ok", ONE_HOUR),
    ]
    .concat();
    let r = week_ics(calendar(&body).as_bytes(), &[]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "warning: cal.ics:4: DURATION is negative (UID negative); counted as zero length",
            "warning: cal.ics:11: DTEND is before DTSTART (UID backwards); counted as zero length",
            "warning: cal.ics:18: skipped event UID huge: it lasts more than 10 years",
        ]
    );
    assert_eq!(hours(&r, "tracked"), 1.0);
}

#[test]
fn latin1_text_is_read_with_a_warning() {
    let mut bytes = calendar(&event("a", &format!("{ONE_HOUR}LOCATION:Caf\u{1}\r\n"))).into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xe9; // é in Latin-1
    let r = week_ics(&bytes, &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("warning: cal.ics:9: not valid UTF-8; read as Latin-1"),
        "{}",
        r.stderr
    );
    assert_eq!(hours(&r, "people"), 1.0);
}

#[test]
fn nul_bytes_are_ignored_with_a_warning() {
    let text = calendar(&event("a", ONE_HOUR)).replace("Team standup", "Team\0 standup");
    let r = week_ics(text.as_bytes(), &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("warning: cal.ics: NUL bytes in the file were ignored"),
        "{}",
        r.stderr
    );
    assert_eq!(hours(&r, "people"), 1.0);
}

#[test]
fn crlf_lf_and_cr_line_endings_and_a_bom_read_the_same() {
    let crlf = calendar(&event("a", ONE_HOUR));
    let lf = crlf.replace("\r\n", "\n");
    let cr = crlf.replace("\r\n", "\r");
    let bom = format!("\u{feff}{crlf}");
    for text in [crlf, lf, cr, bom] {
        let r = week_ics(text.as_bytes(), &[]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""));
        assert_eq!(hours(&r, "people"), 1.0);
    }
}

#[test]
fn unbalanced_and_nested_begin_end() {
    let body = format!(
        "END:VEVENT\r\nBEGIN:VEVENT\r\nBEGIN:VEVENT\r\nUID:inner\r\n{ONE_HOUR}END:VEVENT\r\n{}",
        event(
            "ok",
            "DTSTART:20261117T100000Z\r\nDTEND:20261117T110000Z\r\n"
        )
    );
    let r = week_ics(calendar(&body).as_bytes(), &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("warning: cal.ics:4: END:VEVENT without BEGIN:VEVENT; ignored"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("cal.ics:5:"),
        "the unclosed BEGIN:VEVENT is named: {}",
        r.stderr
    );
    assert!(hours(&r, "people") >= 1.0);
}

#[test]
fn a_ten_megabyte_line_is_read() {
    let description = format!("DESCRIPTION:{}\r\n", "x".repeat(10 * 1024 * 1024));
    let r = week_ics(
        calendar(&event("long", &format!("{ONE_HOUR}{description}"))).as_bytes(),
        &[],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(hours(&r, "people"), 1.0);
}

#[test]
fn a_million_line_calendar_is_read() {
    // 200,000 five-line events, one a day at 10:00 UTC cycling through 2026.
    let mut body = String::with_capacity(40 << 20);
    for i in 0..200_000u32 {
        let day = i % 365;
        let date = chrono::NaiveDate::from_yo_opt(2026, day + 1)
            .unwrap()
            .format("%Y%m%d");
        body.push_str(&format!("BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:{date}T100000Z\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n"));
    }
    let text = calendar(&body);
    assert!(text.lines().count() > 1_000_000);
    let r = week_ics(text.as_bytes(), &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // Zero-length events (no DTEND): nothing tracked, but each is an event.
    assert_eq!(hours(&r, "tracked"), 0.0);
}

#[test]
fn an_unknown_tzid_falls_back_to_the_managers_zone_with_a_warning() {
    let r = week_ics(
        calendar(&event(
            "mars",
            "DTSTART;TZID=Mars/Base:20261116T100000\r\nDURATION:PT1H\r\n",
        ))
        .as_bytes(),
        &[],
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "warning: cal.ics:4: unknown TZID 'Mars/Base'; used Europe/Berlin\n"
    );
    let w = &r.json()["warnings"][0];
    assert_eq!(
        (w["source"].as_str(), w["line"].as_u64()),
        (Some("cal.ics"), Some(4))
    );
}

#[test]
fn a_broken_commit_record_is_skipped_and_the_rest_counts() {
    let log = "commit 1111111111111111111111111111111111111111\nAuthor: Ada <ada@example.com>\nDate:   Mon Nov 16 15:00:00 2026 +0100\n\n    First\n\n\
               commit 2222222222222222222222222222222222222222\nAuthor: Ada <ada@example.com>\nDate:   someday\n\n    Second\n";
    let r = week_log(log.as_bytes());
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "warning: git.log:9: commit 2222222222222222222222222222222222222222: unreadable date 'someday'; skipped\n");
    // One commit: a 2-hour session.
    assert_eq!(hours(&r, "coding"), 2.0);
}

#[test]
fn a_truncated_git_log_warns_about_the_cut_record() {
    let log = "commit 1111111111111111111111111111111111111111\nAuthor: Ada <ada@example.com>\nDate:   Mon Nov 16 15:00:00 2026 +0100\n\n    First\n\ncommit 2222222222";
    let r = week_log(log.as_bytes());
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("warning: git.log:7:"), "{}", r.stderr);
    assert_eq!(hours(&r, "coding"), 2.0);
}

#[test]
fn an_empty_git_log_warns() {
    let r = week_log(b"");
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "warning: git.log: no commits in this git log (empty file?); export with: git log --pretty=fuller --date=iso-strict > git.log\n");
}

#[test]
fn strict_turns_a_warning_into_exit_2() {
    let r = week_ics(
        calendar(&event(
            "mars",
            "DTSTART;TZID=Mars/Base:20261116T100000\r\nDURATION:PT1H\r\n",
        ))
        .as_bytes(),
        &["--strict"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cal.ics:4: unknown TZID 'Mars/Base'; used Europe/Berlin\nerror: --strict: 1 warning(s) above\n"
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn repeated_warnings_reach_stderr_once() {
    // The same unknown zone in three events is said once...
    let body: String = (0..3)
        .map(|i| {
            event(
                &format!("m{i}"),
                "DTSTART;TZID=Mars/Base:20261116T100000\r\nDURATION:PT1H\r\n",
            )
        })
        .collect();
    let r = week_ics(calendar(&body).as_bytes(), &[]);
    assert_eq!(
        r.stderr,
        "warning: cal.ics:4: unknown TZID 'Mars/Base'; used Europe/Berlin\n"
    );
    // All three at the same hour: it counts once.
    assert_eq!(hours(&r, "people"), 1.0);
    // ... and so is a series' problem, however many instances it has.
    let series = event(
        "daily",
        "DTSTART:20261102T100000Z\r\nDURATION:-PT1H\r\nRRULE:FREQ=DAILY;COUNT=20\r\n",
    );
    let r = week_ics(calendar(&series).as_bytes(), &[]);
    assert_eq!(
        r.stderr,
        "warning: cal.ics:4: DURATION is negative (UID daily); counted as zero length\n"
    );
}

/// Ada's calendar with a title that lost its folding (read as part of
/// DTEND, so the event is broken and the warning quotes the value), and
/// her git log with a record by a team member without an address.
const LEAKY_ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\n SUMMARY:1:1 Ana Lima about her divorce\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
const LEAKY_LOG: &str = "commit 1111111111111111111111111111111111111111\nAuthor: Ben Stone\nDate:   Tue Nov 17 10:00:00 2026 +0000\n\n    fix\n";
const TWO_MANAGERS: &str = "timezone = \"Europe/Berlin\"\n[[manager]]\nname = \"Ada Lovelace\"\nemails = [\"ada@example.com\"]\nteam = [\"Ana Lima <ana@example.com>\", \"Ben Stone <ben@example.com>\"]\ncalendars = [\"ada.ics\"]\ngit_logs = [\"ada.log\"]\nreports = 2\n[[manager]]\nname = \"Grace Hopper\"\nemails = [\"grace@example.com\"]\ncalendars = [\"ada.ics\"]\nreports = 3\n";
/// What the inputs above hold of people: a title, a member's name.
const PRIVATE: [&str; 3] = ["Ana Lima", "divorce", "Ben Stone"];

#[test]
fn warnings_of_several_managers_quote_no_title_or_member_anywhere() {
    let files: [(&str, &[u8]); 3] = [
        ("org.toml", TWO_MANAGERS.as_bytes()),
        ("ada.ics", LEAKY_ICS.as_bytes()),
        ("ada.log", LEAKY_LOG.as_bytes()),
    ];
    let dir = tempfile::tempdir().unwrap();
    common::write_files(dir.path(), &files);
    let run = |args: &[&str]| Run::of(common::twohats().current_dir(dir.path()).args(args));
    let range = ["--from", "2026-11-16", "--to", "2026-11-22"];
    let report = run(&[
        &["report", "--config", "org.toml", "--out", "out"],
        &range[..],
    ]
    .concat());
    let week = run(&[
        "week", "--config", "org.toml", "--week", "2026-W47", "--format", "json",
    ]);
    let groups = run(&[
        &["report", "--config", "org.toml", "--groups-only"],
        &range[..],
    ]
    .concat());
    let groups_json = run(&[
        &[
            "report",
            "--config",
            "org.toml",
            "--groups-only",
            "--format",
            "json",
        ],
        &range[..],
    ]
    .concat());
    let mut texts = vec![report.stderr.clone(), week.stdout, week.stderr.clone()];
    texts.extend([groups.stdout, groups.stderr.clone()]);
    texts.push(groups_json.stdout.clone());
    for (name, bytes) in common::files_under(&dir.path().join("out")) {
        texts.push(format!("{name}: {}", String::from_utf8_lossy(&bytes)));
    }
    for text in &texts {
        for word in PRIVATE {
            assert!(!text.contains(word), "{word} in: {text}");
        }
    }
    // Each warning still says where (the broken event's BEGIN:VEVENT, line
    // 4) and what; the quoted value is left out.
    let broken = "ada.ics:4: skipped a broken event: DTEND: '…' is not a date or date-time (and 1 more like it)";
    let author = "ada.log:1: commit 1111111111111111111111111111111111111111: author '…' has no <email>; skipped";
    for stderr in [&report.stderr, &week.stderr] {
        assert_eq!(*stderr, format!("warning: {broken}\nwarning: {author}\n"));
    }
    // A skip-level view names no manager's file either.
    assert!(groups
        .stderr
        .starts_with("warning: input 1 (.ics):4: skipped a broken event"));
    assert!(!groups.stderr.contains("ada."), "{}", groups.stderr);
    // Its JSON keeps them too, as scrubbed: a job reading it sees what the
    // figures rest on.
    let warnings = &groups_json.json()["warnings"];
    assert_eq!(warnings[0]["source"], "input 1 (.ics)", "{warnings}");
    assert_eq!(warnings[0]["line"], 4);
    assert_eq!(warnings.as_array().unwrap().len(), 2, "{warnings}");
    assert!(!warnings.to_string().contains("ada."), "{warnings}");

    // Ada's own view quotes what she has to mend.
    let own = run(&[
        "week",
        "--ics",
        "ada.ics",
        "--git-log",
        "ada.log",
        "--me",
        "ada@example.com",
        "--reports",
        "2",
        "--week",
        "2026-W47",
    ]);
    assert!(
        own.stderr.contains(
            "DTEND: '20261117T100000ZSUMMARY:1:1 Ana Lima about her divorce' is not a date"
        ),
        "{}",
        own.stderr
    );
    assert!(
        own.stderr.contains("author 'Ben Stone' has no <email>"),
        "{}",
        own.stderr
    );
}

/// `args` (a command and its options) for Ada with one hour of focus
/// time on Tuesday 17 November 2026 in `cal.ics`, 3 reports.
fn ada_focus_hour(args: &[&str]) -> Run {
    let ics = calendar(&event(
        "a",
        "DTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\nSUMMARY:Focus time\r\n",
    ));
    let ada = [
        "--ics",
        "cal.ics",
        "--me",
        "ada@example.com",
        "--reports",
        "3",
    ];
    run_in_folder(&[("cal.ics", ics.as_bytes())], &[args, &ada[..]].concat())
}

#[test]
fn weeks_and_years_beyond_what_a_run_can_hold_are_one_line_errors() {
    // 4294967295 weeks would reach before the year 1; 10,000 is the most a
    // range may span (`--from`/`--to` say the same).
    for (args, error) in [
        (
            &["report", "--weeks", "4294967295"][..],
            "error: --weeks 4294967295: at most 10,000 weeks\n",
        ),
        (
            &["share", "--weeks", "10001"][..],
            "error: --weeks 10001: at most 10,000 weeks\n",
        ),
        (
            &["week", "--week", "262142-W52"][..],
            "error: --week: '262142-W52': year 262142 is out of range (1 to 9999)\n",
        ),
        (
            &["week", "--week", "0000-W10"][..],
            "error: --week: '0000-W10': year 0 is out of range (1 to 9999)\n",
        ),
        (
            &["week", "--week", "last"][..],
            "error: --week: 'last' is not a week: give one like 2026-W47, a date inside it like 2026-11-18, this or next\n",
        ),
        (
            &["report", "--from", "0001-01-01", "--to", "9999-12-31"][..],
            "error: the range 0001-01-01 to 9999-12-31 spans more than 10,000 weeks\n",
        ),
    ] {
        let r = ada_focus_hour(args);
        assert_eq!((r.code, r.stderr.as_str()), (2, error), "{args:?}");
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn a_summary_without_a_week_of_data_has_no_share_not_zero() {
    // One hour tracked is under the 10-hour minimum: no week has data, so
    // there is no coding share to give (the table prints "–").
    let args = [
        "report",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--format",
        "json",
    ];
    let doc = ada_focus_hour(&args).ok_json();
    let summary = &doc["managers"][0]["summary"];
    assert_eq!(summary["weeks_with_data"], 0);
    assert_eq!(summary["coding_share_pct"], serde_json::Value::Null);
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // `twohats report --format json | head -1`: 250 KB of JSON, more than
    // a pipe holds, and the reader gone after one line. The run ends
    // quietly with 0, not "error: Broken pipe" and the exit code of bad
    // input.
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_twohats"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "report",
            "--config",
            common::DEMO_CONFIG,
            "--from",
            "2025-01-06",
            "--to",
            "2026-11-22",
        ])
        .args(["--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "{\n");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn an_output_path_that_cannot_be_one_says_what_to_do() {
    let ics = std::fs::read(common::fixture("network/work.ics")).unwrap();
    // A file where --out wants a folder: left as it was (run_in_folder
    // checks), and said so.
    let run = run_in_folder(
        &[("work.ics", &ics), ("afile", b"mine")],
        &[
            "report",
            "--ics",
            "work.ics",
            "--reports",
            "3",
            "--weeks",
            "1",
            "--out",
            "afile",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: afile is a file; --out takes a folder (the report's files go inside it)\n"
    );
    // A file in a folder that does not exist: the folder is named.
    let run = run_in_folder(&[], &["init", "x/y/twohats.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot write 'x/y/twohats.toml': the folder 'x/y' does not exist; create it first\n"
    );
}
