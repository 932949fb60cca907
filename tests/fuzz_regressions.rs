//! Every input the fuzzers (`scripts/fuzz.sh`) found to crash or hang
//! twohats, replayed through the same path the fuzz target ran (the harness
//! in `fuzz/src/lib.rs`, included here), with what the user must see
//! instead: a warning or an error naming the place, never a panic.
//!
//! The seeds in `fuzz/seeds/` are replayed too, so the harness itself stays
//! in step with the library.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn finding(name: &str) -> Vec<u8> {
    let path = root().join("fixtures/fuzz").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `f` and fails if it took longer than `limit`. The fuzzers give an
/// input 10 s in an optimised build; a test build is unoptimised and may
/// share the machine, so the limits here are looser. A true hang is not
/// cut short: the test never ends, and cargo test reports it as running
/// for over 60 s.
fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}, more than {limit:?}");
    out
}

const HANG_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn seeds_replay_through_the_harness() {
    for (target, dir) in [
        ("ics", "ics"),
        ("gitlog", "gitlog"),
        ("config", "config"),
        ("caldav", "caldav"),
        ("forge", "forge"),
        ("calendar_api", "calendar_api"),
    ] {
        let files = files_in(&root().join("fuzz/seeds").join(dir));
        assert!(!files.is_empty(), "fuzz/seeds/{dir} has seeds");
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let shown = f.display().to_string();
            within(HANG_LIMIT, &shown, || match target {
                "ics" => {
                    let out = harness::ics(&data);
                    assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
                }
                "gitlog" => {
                    let out = harness::gitlog(&data);
                    assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
                }
                "caldav" => {
                    let out = harness::caldav(&data);
                    assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
                }
                "calendar_api" => {
                    let out = harness::calendar_api(&data);
                    // A seed is one API's response: the other reader refuses it.
                    assert!(
                        out.results.iter().any(|r| r.as_ref().is_ok_and(|n| *n > 0)),
                        "{shown}: {:?}",
                        out.results
                    );
                    // A first page saved alone names the page after it.
                    let partial = shown.ends_with("page-1.json");
                    let unexpected: Vec<_> = (out.warnings.iter())
                        .filter(|w| {
                            !(partial && w.message.starts_with("its last page names a next page"))
                        })
                        .collect();
                    assert!(unexpected.is_empty(), "{shown}: {:?}", out.warnings);
                    assert_eq!(partial, !out.warnings.is_empty(), "{shown}");
                }
                "forge" => {
                    let out = harness::forge(&data);
                    assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
                    assert!(out.warnings.is_empty(), "{shown}: {:?}", out.warnings);
                }
                _ => {
                    let out = harness::config(&data);
                    assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
                }
            });
        }
    }
}

#[test]
fn share_seeds_replay_through_the_harness() {
    let files = files_in(&root().join("fuzz/seeds/share"));
    assert!(!files.is_empty(), "fuzz/seeds/share has seeds");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let shown = f.display().to_string();
        within(HANG_LIMIT, &shown, || {
            let out = harness::share(&data);
            assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
        });
    }
}

#[test]
fn every_kept_finding_has_a_named_test() {
    // A finding added to fixtures/fuzz without its own test would replay
    // nowhere: each file must be named in this file, and by its target.
    let source = include_str!("fuzz_regressions.rs");
    for f in files_in(&root().join("fixtures/fuzz")) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        assert!(
            ["ics-", "gitlog-", "config-", "caldav-", "share-"]
                .iter()
                .any(|p| name.starts_with(p)),
            "fixtures/fuzz/{name}: name it ics-*, gitlog-*, config-*, caldav-* or share-* after its target"
        );
        assert!(
            source.contains(&format!("\"{name}\"")),
            "fixtures/fuzz/{name} has no test in tests/fuzz_regressions.rs"
        );
    }
}

fn has_warning(warnings: &[twohats::Warning], part: &str) -> bool {
    warnings.iter().any(|w| w.message.contains(part))
}

/// ics, found in the first minute: a line whose 4th byte falls inside a
/// character (`Café` in a Latin-1 export: `Caf\xe9`) panicked in
/// `calendar::components::finish_line` ("end byte index 4 is not a char
/// boundary", `head[..4]`). The stray unfolded line must give a warning or
/// be ignored; the event and the Latin-1 warning must survive.
#[test]
fn ics_non_ascii_at_byte_four_of_a_line() {
    let out = harness::ics(&finding("ics-latin1-non-ascii-at-byte-four.ics"));
    let occurrences = out.result.expect("the calendar is read");
    assert!(
        has_warning(&out.warnings, "read as Latin-1"),
        "{:?}",
        out.warnings
    );
    let kept = occurrences.iter().any(|o| &*o.event.title == "Coffee chat");
    let warned = out
        .warnings
        .iter()
        .any(|w| w.line.is_some() && w.message.contains("Caf"));
    assert!(
        kept || warned,
        "the event is read, or skipped with a warning naming the line: {:?} {:?}",
        occurrences,
        out.warnings
    );
}

/// ics: an ATTENDEE written as a name rather than `mailto:` with a
/// multi-byte character over byte 7 (`ATTENDEE:Zoë Müller`) panicked in
/// `calendar::event::address` ("end byte index 7 is not a char boundary",
/// `v[..7]`). The event must still be read.
#[test]
fn ics_attendee_without_mailto_non_ascii_at_byte_seven() {
    let out = harness::ics(&finding(
        "ics-attendee-without-mailto-non-ascii-at-byte-seven.ics",
    ));
    let occurrences = out.result.expect("the calendar is read");
    assert_eq!(occurrences.len(), 1, "{occurrences:?} {:?}", out.warnings);
    assert_eq!(&*occurrences[0].event.title, "1:1 Ada / Zoë");
}

/// ics: a non-ASCII character in an RRULE's BYDAY (`BYDAY=MO,TÜE`)
/// panicked inside the rrule crate (`rrule-0.14.0/src/core/rrule.rs:162`,
/// `NWeekday::from_str` slices `value[len - 2..]`), reached from
/// `calendar::recurrence::parse_rule`. The series must be skipped with a
/// warning naming its line (or read), and the other event kept.
#[test]
fn ics_rrule_byday_non_ascii() {
    let out = harness::ics(&finding("ics-rrule-byday-non-ascii.ics"));
    let occurrences = out.result.expect("the calendar is read");
    assert!(
        occurrences.iter().any(|o| &*o.event.title == "Planning"),
        "{occurrences:?}"
    );
    let series = occurrences.iter().any(|o| &*o.event.title == "Jour fixe");
    let warned = out.warnings.iter().any(|w| w.line == Some(3));
    assert!(
        series || warned,
        "the series is read, or skipped with a warning at its BEGIN:VEVENT line: {:?}",
        out.warnings
    );
}

/// ics: a property line missing its colon (`DTSTART;TZID=Europe/London
/// 20261109T100000`) swallows the next line into its TZID parameter (the
/// icalendar parser lets a parameter run across the line break), and the
/// warning "unknown TZID 'Europe/London 20261109T100000\nDTEND'" then spans
/// two lines on stderr; the event's DTEND is lost with it. Every warning
/// must be one line (the harness checks), and this event must be named by
/// a warning at its BEGIN:VEVENT line.
#[test]
fn ics_tzid_swallowing_the_next_line_warns_on_one_line() {
    let out = harness::ics(&finding("ics-tzid-swallows-the-next-line.ics"));
    out.result.expect("the calendar is read");
    assert!(
        out.warnings.iter().any(|w| w.line == Some(3)),
        "{:?}",
        out.warnings
    );
}

/// gitlog: text that is not a `git log` (here with an old Mac's CR line
/// break) is refused with an error quoting its first line, CR and all, so
/// the "one line" error spans two on a terminal. The error must be one
/// line (the harness checks) and still say how to export.
#[test]
fn gitlog_error_echoing_a_carriage_return_is_one_line() {
    let out = harness::gitlog(&finding("gitlog-not-a-log-with-a-carriage-return.log"));
    let error = out.result.expect_err("not a git log");
    assert!(error.contains("not `git log` text"), "{error}");
    assert!(error.contains(twohats::git::EXPORT_HINT), "{error}");
}

/// gitlog: an `Author:` line with a CR inside (`Ada\rLovelace`, no email)
/// is skipped with a warning that quotes the author raw, so the warning is
/// not one line. It must be (the harness checks), and the next record must
/// still be read.
#[test]
fn gitlog_warning_echoing_a_carriage_return_is_one_line() {
    let out = harness::gitlog(&finding("gitlog-author-with-a-carriage-return.log"));
    let commits = out.result.expect("the log is read");
    assert_eq!(commits.len(), 1, "{commits:?}");
    assert!(
        out.warnings.iter().any(|w| w.line == Some(1)),
        "{:?}",
        out.warnings
    );
}

/// config: a value with a line break echoed into its error (`timezone`
/// given as a multi-line string) makes a two-line error. The error must be
/// one line (the harness checks) and name the key.
#[test]
fn config_error_with_a_newline_in_the_value_is_one_line() {
    let out = harness::config(&finding("config-timezone-with-a-newline.toml"));
    let error = out.result.expect_err("not a time zone");
    assert!(error.starts_with("fuzz.toml:1: timezone: "), "{error}");
}

/// caldav, found in the first minutes: quick-xml's error for a broken end
/// tag quotes the raw tag, which had swallowed the next lines: the error
/// spanned lines and showed an href (`/dav/principals/ada/`), a secret
/// part of the server's URL. It must be one line quoting nothing.
#[test]
fn caldav_malformed_xml_error_is_one_line_and_quotes_nothing() {
    let out = harness::caldav(&finding("caldav-error-quotes-the-answer.xml"));
    let error = out.result.expect_err("malformed XML is an error");
    assert!(error.starts_with("malformed XML at byte "), "{error}");
    assert!(!error.contains('\n') && !error.contains("/dav/"), "{error}");
}

/// A share that is only a JSON string holding a carriage return: the
/// refusal quoted it raw, so the error was not one line.
#[test]
fn share_error_quoting_a_carriage_return_is_one_line() {
    let out = harness::share(&finding("share-a-string-with-a-carriage-return.json"));
    let error = out.result.expect_err("a string is not a share");
    assert!(
        error.ends_with(r#"is "\rh", not a twohats share"#),
        "{error}"
    );
    assert!(!error.contains(['\n', '\r']), "{error}");
}
