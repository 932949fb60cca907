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

/// Runs `f` and fails if it takes longer than the fuzzers' per-input
/// timeout (10 s), so that a hang found by the fuzzer stays a failure.
fn within_timeout<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "{what} took {took:?}, more than the fuzzers' 10 s timeout"
    );
    out
}

#[test]
fn seeds_replay_through_the_harness() {
    for (target, dir) in [("ics", "ics"), ("gitlog", "gitlog"), ("config", "config")] {
        let files = files_in(&root().join("fuzz/seeds").join(dir));
        assert!(!files.is_empty(), "fuzz/seeds/{dir} has seeds");
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let shown = f.display().to_string();
            within_timeout(&shown, || match target {
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
fn every_kept_finding_replays_without_panic() {
    // Named tests below say what each finding must give; this one makes sure
    // no file in fixtures/fuzz is forgotten.
    for f in files_in(&root().join("fixtures/fuzz")) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(&f).unwrap();
        within_timeout(&name, || {
            if name.starts_with("ics-") {
                harness::ics(&data);
            } else if name.starts_with("gitlog-") {
                harness::gitlog(&data);
            } else if name.starts_with("config-") {
                harness::config(&data);
            } else if name != "README.md" {
                panic!("fixtures/fuzz/{name}: name it ics-*, gitlog-* or config-*");
            }
        });
    }
}
