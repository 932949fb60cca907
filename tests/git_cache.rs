//! The commit cache of large repositories (`src/git/cache.rs`), through the
//! binary: a second run gives the same figures from the cache, and a
//! rewritten history is read as it now is.
//!
//! The repository: one commit every 10 minutes from Monday 2026-01-05 00:00
//! UTC (commit n at n × 10 min), 20,400 commits (above the 20,000 from
//! which the cache is used). Ada wrote every 100th (n = 0, 100, 200, …),
//! every other one of those under her old address, which the .mailmap maps.
//! Week 2026-W10 (Monday 2 March, day 56) runs from n = 56 × 144 = 8064 to
//! n = 9072: her commits there are n = 8100, 8200, …, 9000, **10 commits**,
//! 1,000 minutes apart, so 10 sessions of the 2-hour lead alone: **20 h of
//! coding**.
//!
//! The runs report weeks 2026-W02 to W10, so that the walk back from HEAD
//! reaches the first commit: the cache is used by walks that read 20,000
//! commits or more (a single week near HEAD reads far fewer).

mod common;

use common::{twohats, Run};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const START: i64 = 1_767_571_200; // 2026-01-05T00:00:00Z

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Commits `from..to` on `branch` (after `parent`, if given), Ada's every
/// `ada_every`th, fed to `git fast-import`.
fn import(dir: &Path, branch: &str, parent: Option<&str>, (from, to): (i64, i64), ada_every: i64) {
    let mut stream = Vec::new();
    for n in from..to {
        let (name, email) = if n % ada_every == 0 {
            if n % (2 * ada_every) == 0 {
                ("Ada Lovelace", "ada@example.com".to_string())
            } else {
                ("Ada Lovelace", "ada@oldcorp.example".to_string())
            }
        } else {
            ("Developer", format!("dev{}@example.com", n % 7))
        };
        let t = START + n * 600;
        let message = format!("change {n}\n");
        writeln!(stream, "commit refs/heads/{branch}").unwrap();
        writeln!(stream, "author {name} <{email}> {t} +0000").unwrap();
        writeln!(stream, "committer {name} <{email}> {t} +0000").unwrap();
        write!(stream, "data {}\n{message}", message.len()).unwrap();
        if n == from {
            if let Some(parent) = parent {
                writeln!(stream, "from {parent}").unwrap();
            } else {
                let mailmap = "Ada Lovelace <ada@example.com> <ada@oldcorp.example>\n";
                writeln!(stream, "M 100644 inline .mailmap").unwrap();
                write!(stream, "data {}\n{mailmap}", mailmap.len()).unwrap();
            }
        }
        writeln!(stream).unwrap();
    }
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet", "--force"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
}

/// `report --repo` for Ada's weeks 2026-W02 to W10, as JSON, with its
/// cache folder.
fn week(repo: &Path, cache: &Path) -> Value {
    let run = Run::of(
        twohats()
            .env("XDG_CACHE_HOME", cache)
            .arg("report")
            .arg("--repo")
            .arg(repo)
            .args(["--me", "ada@example.com", "--reports", "4", "--tz", "UTC"])
            .args([
                "--from",
                "2026-01-05",
                "--to",
                "2026-03-08",
                "--format",
                "json",
            ]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Week 2026-W10's commits, sessions and coding hours.
fn figures(report: &Value) -> (u64, u64, f64) {
    assert_eq!(report["weeks"][8], "2026-W10");
    let w = &report["managers"][0]["weeks"][8];
    (
        w["commits"].as_u64().unwrap(),
        w["sessions"].as_u64().unwrap(),
        w["hours"]["coding"].as_f64().unwrap(),
    )
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(cache.join("twohats").join("git")) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn a_second_run_reads_the_cache_and_a_rewritten_history_is_read_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("monorepo");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    import(&repo, "main", None, (0, 20_400), 100);
    // Checked out, as a clone is: the .mailmap is read from the work tree.
    git(&repo, &["checkout", "-q", "-f", "main"]);
    git(&repo, &["commit-graph", "write", "--reachable"]);

    let cold = week(&repo, &cache);
    assert_eq!(figures(&cold), (10, 10, 20.0));
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1, "one cache file for the repository");
    // Every commit's id (20 bytes) and 24 bytes of metadata, at least.
    assert!(std::fs::metadata(&files[0]).unwrap().len() >= 20_400 * 44);

    let warm = week(&repo, &cache);
    assert_eq!(warm, cold, "the cache gives the same report");

    // History rewritten from n = 8064 on: Ada now wrote every 50th commit
    // (n = 8100, 8150, …, 9050 in W10: 20 commits, 500 minutes apart, 20
    // sessions, 40 h). The old commits are no longer reachable.
    let base = git(&repo, &["rev-list", "--skip=12336", "-n1", "HEAD"]);
    let base = base.trim();
    let subject = git(&repo, &["log", "-1", "--format=%s", base]);
    assert_eq!(subject.trim(), "change 8063");
    import(&repo, "main", Some(base), (8064, 20_464), 50);
    git(&repo, &["commit-graph", "write", "--reachable"]);

    let rewritten = week(&repo, &cache);
    assert_eq!(figures(&rewritten), (20, 20, 40.0));
    let again = week(&repo, &cache);
    assert_eq!(again, rewritten);

    // Without the cache (an empty folder) the figures are the same.
    let fresh = week(&repo, &tmp.path().join("fresh-cache"));
    assert_eq!(fresh, rewritten);
}

#[test]
fn a_damaged_cache_file_is_ignored_and_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("monorepo");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    import(&repo, "main", None, (0, 20_400), 100);
    // Checked out, as a clone is: the .mailmap is read from the work tree.
    git(&repo, &["checkout", "-q", "-f", "main"]);
    git(&repo, &["commit-graph", "write", "--reachable"]);
    let cold = week(&repo, &cache);
    let file = cache_files(&cache).pop().unwrap();
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(week(&repo, &cache), cold);
    assert_eq!(std::fs::read(&file).unwrap().len(), bytes.len());
}

#[test]
fn doctor_counts_every_author_the_same_from_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("monorepo");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    import(&repo, "main", None, (0, 20_400), 100);
    git(&repo, &["checkout", "-q", "-f", "main"]);
    git(&repo, &["commit-graph", "write", "--reachable"]);
    let doctor = || {
        let run = Run::of(
            twohats()
                .env("XDG_CACHE_HOME", &cache)
                .arg("doctor")
                .arg("--repo")
                .arg(&repo)
                .args(["--me", "ada@example.com", "--reports", "4", "--tz", "UTC"])
                .args(["--week", "2026-W10", "--format", "json"]),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let cold = doctor();
    assert!(!cache_files(&cache).is_empty());
    let warm = doctor();
    assert_eq!(warm, cold);
    // 20,400 commits read; Ada's 204 (n = 0, 100, …, 20,300), mapped to one
    // address by the .mailmap; the others 20,196 over dev0…dev6.
    let doctor: Value = serde_json::from_str(&cold).unwrap();
    let git = &doctor["managers"][0]["git"][0];
    assert_eq!(git["commits_read"], 20_400);
    assert_eq!(git["matched"]["ada@example.com"], 204);
    let authors = git["authors"].as_array().unwrap();
    assert_eq!(authors.len(), 8);
    let ada = authors
        .iter()
        .find(|a| a["email"] == "ada@example.com")
        .unwrap();
    assert_eq!(ada["commits"], 204);
    let total: u64 = authors.iter().map(|a| a["commits"].as_u64().unwrap()).sum();
    assert_eq!(total, 20_400);
}
