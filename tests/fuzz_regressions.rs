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

/// Runs `f` and fails if it takes longer than `limit`. The fuzzers give an
/// input 10 s in an optimised build; a test build is unoptimised and may
/// share the machine, so the limits here are looser, but a hang (what the
/// fuzzers' timeout catches) still fails.
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
    for (target, dir) in [("ics", "ics"), ("gitlog", "gitlog"), ("config", "config")] {
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
                _ => {
                    let out = harness::config(&data);
                    assert!(out.result.is_ok(), "{shown}: {:?}", out.result.err());
                }
            });
        }
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
            ["ics-", "gitlog-", "config-"]
                .iter()
                .any(|p| name.starts_with(p)),
            "fixtures/fuzz/{name}: name it ics-*, gitlog-* or config-* after its target"
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
    let kept = occurrences.iter().any(|o| &*o.title == "Coffee chat");
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
    assert_eq!(&*occurrences[0].title, "1:1 Ada / Zoë");
}
