//! `reports/` holds the example report of the bundled demo, as the README's
//! first command writes it. This test regenerates it and compares every
//! file, so the example never goes stale: after a change that alters the
//! report, rerun the README's command and commit `reports/`.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn files(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            names.extend(
                files(&entry.path())
                    .into_iter()
                    .map(|n| format!("{name}/{n}")),
            );
        } else {
            names.push(name);
        }
    }
    names.sort();
    names
}

#[test]
fn the_committed_example_report_is_what_the_readme_command_writes() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("twohats")
        .unwrap()
        .args([
            "report",
            "--config",
            "fixtures/demo/twohats.toml",
            "--from",
            "2026-10-05",
            "--to",
            "2026-11-22",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let committed = Path::new("reports");
    assert_eq!(
        files(out.path()),
        files(committed),
        "the set of files differs: rerun the README's first command"
    );
    for name in files(committed) {
        let fresh = fs::read(out.path().join(&name)).unwrap();
        let old = fs::read(committed.join(&name)).unwrap();
        assert!(
            fresh == old,
            "reports/{name} is stale: rerun the README's first command and commit reports/"
        );
    }
}
