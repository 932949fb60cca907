//! A repository read back from HEAD only as far as the weeks need
//! (`src/git/mod.rs`, `read_counted`), through the binary: the figures are
//! those of the whole history.
//!
//! The repository (all times UTC, `--tz UTC`), in the order committed:
//!
//! - a developer's commit every day at 12:00 from 2025-01-01 to
//!   2027-02-28, so the walk has a long history to leave behind;
//! - Ada's commits every 2 hours exactly, from Tue 2026-09-01 00:00 to
//!   Mon 2026-11-16 10:00: 76 days and 10 hours, 917 gaps of 2 h (not more
//!   than the 2-hour session gap), so **918 commits in one session**
//!   running from 2026-08-31 22:00 (the 2-hour lead) to 2026-11-16 10:00.
//!   It begins 55 days before the first look-back week (W44, from Mon
//!   2026-10-26), further back than the walk's first reach;
//! - on top, a commit Ada wrote on Wed 2026-11-18 at 14:00 and rebased on
//!   2027-03-01 12:00 (author date in W47, commit date 103 days later),
//!   made with `git commit` and GIT_AUTHOR_DATE / GIT_COMMITTER_DATE.
//!
//! Every run is on 2027-03-02 (`--today`), after the last commit, unless
//! it says otherwise: commits committed more than 28 days after now are
//! not read.
//!
//! Week 2026-W47 (Mon 16 Nov to Sun 22 Nov) by author time: the long
//! session's part from 00:00 to 10:00 on Monday (10 h, the commits at 00,
//! 02, 04, 06, 08 and 10 h: 6) and the rebased commit's session 12:00 to
//! 14:00 on Wednesday (2 h, 1 commit): **12 h of coding, 7 commits,
//! 2 sessions**.

mod common;

use common::{twohats, Run};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// 2025-01-01T12:00:00Z.
const DEV_FIRST: i64 = 1_735_732_800;
/// 2027-02-28T12:00:00Z.
const DEV_LAST: i64 = 1_803_816_000;
/// 2026-09-01T00:00:00Z.
const ADA_FIRST: i64 = 1_788_220_800;
/// 2026-11-16T10:00:00Z.
const ADA_LAST: i64 = 1_794_823_200;

fn git(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The developer's and Ada's commits in time order, fed to `git
/// fast-import` on `main`.
fn import_history(dir: &Path) {
    let mut commits: Vec<(i64, &str)> = (0..)
        .map(|d| DEV_FIRST + d * DAY)
        .take_while(|&t| t <= DEV_LAST)
        .map(|t| (t, "dev@example.com"))
        .collect();
    commits.extend(
        (0..)
            .map(|k| ADA_FIRST + k * 2 * HOUR)
            .take_while(|&t| t <= ADA_LAST)
            .map(|t| (t, "ada@example.com")),
    );
    commits.sort();
    let mut stream = Vec::new();
    for (n, (t, email)) in commits.iter().enumerate() {
        let message = format!("change {n}\n");
        writeln!(stream, "commit refs/heads/main").unwrap();
        writeln!(stream, "author Someone <{email}> {t} +0000").unwrap();
        writeln!(stream, "committer Someone <{email}> {t} +0000").unwrap();
        write!(stream, "data {}\n{message}", message.len()).unwrap();
        writeln!(stream).unwrap();
    }
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
}

/// The repository of the module notes, checked out on `main`.
fn repository(root: &Path) -> std::path::PathBuf {
    let dir = root.join("monorepo");
    std::fs::create_dir(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"], &[]);
    import_history(&dir);
    git(&dir, &["checkout", "-q", "-f", "main"], &[]);
    let rebased = [
        ("GIT_AUTHOR_NAME", "Ada Lovelace"),
        ("GIT_AUTHOR_EMAIL", "ada@example.com"),
        ("GIT_AUTHOR_DATE", "2026-11-18T14:00:00+00:00"),
        ("GIT_COMMITTER_NAME", "Ada Lovelace"),
        ("GIT_COMMITTER_EMAIL", "ada@example.com"),
        ("GIT_COMMITTER_DATE", "2027-03-01T12:00:00+00:00"),
    ];
    let args = ["commit", "-q", "--allow-empty", "-m", "rebased"];
    git(&dir, &args, &rebased);
    dir
}

/// `twohats COMMAND --repo` for Ada's week 2026-W47, as JSON, run on
/// 2027-03-02: after every commit of the module's repository.
fn run(command: &str, repo: &Path, cache: &Path) -> Value {
    let run = run_on("2027-03-02", command, repo, cache);
    serde_json::from_str(&run.stdout).unwrap()
}

/// `twohats COMMAND --repo` for Ada's week 2026-W47 with `--today TODAY`.
fn run_on(today: &str, command: &str, repo: &Path, cache: &Path) -> Run {
    let run = Run::of(
        twohats()
            .env("XDG_CACHE_HOME", cache)
            .arg(command)
            .arg("--repo")
            .arg(repo)
            .args(["--me", "ada@example.com", "--reports", "4", "--tz", "UTC"])
            .args(["--week", "2026-W47", "--format", "json", "--today", today]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// Week 2026-W47's commits, sessions and coding hours.
fn figures(report: &Value) -> (u64, u64, f64) {
    let w = &report["managers"][0]["weeks"][0];
    (
        w["commits"].as_u64().unwrap(),
        w["sessions"].as_u64().unwrap(),
        w["hours"]["coding"].as_f64().unwrap(),
    )
}

/// The number of commits of each git session `explain` lists for the week,
/// in time order.
fn session_sizes(explain: &Value) -> Vec<usize> {
    (explain.as_array().expect("rows").iter())
        .filter_map(|row| row["source"]["commits"].as_array())
        .map(|commits| commits.len())
        .collect()
}

#[test]
fn a_week_read_back_from_head_finds_rebased_commits_and_whole_sessions() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    let cache = tmp.path().join("cache");
    let history = git(&repo, &["rev-list", "--count", "HEAD"], &[]);
    // 789 days of the developer, 918 commits of Ada, the rebased one.
    assert_eq!(history.trim(), "1708");

    // Without a commit-graph file: every commit walked is decoded.
    let report = run("week", &repo, &cache);
    assert_eq!(figures(&report), (7, 2, 12.0));
    let explain = run("explain", &repo, &cache);
    assert_eq!(session_sizes(&explain), vec![918, 1]);

    // With one: the walk reads commit dates from the graph.
    git(&repo, &["commit-graph", "write", "--reachable"], &[]);
    assert_eq!(run("week", &repo, &cache), report);
    assert_eq!(run("explain", &repo, &cache), explain);
}

#[test]
fn a_run_dated_long_before_the_rebase_leaves_it_out() {
    // The rebased commit was committed on 2027-03-01 12:00 UTC. A run on
    // 2027-02-01 (now at 00:00) reads commits committed up to 28 days
    // later, to 2027-03-01 00:00: the developer's of 28 February 12:00,
    // not the rebased one, and W47 keeps the long session's part, 00:00 to
    // 10:00 on Monday, 6 commits. A run on 2027-02-02 reads it.
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    let cache = tmp.path().join("cache");
    let warning = "1 commit committed more than 28 days after now (2027-02-01 00:00) not read";
    for graph in [false, true] {
        if graph {
            git(&repo, &["commit-graph", "write", "--reachable"], &[]);
        }
        let early = run_on("2027-02-01", "week", &repo, &cache);
        let report: Value = serde_json::from_str(&early.stdout).unwrap();
        assert_eq!(figures(&report), (6, 1, 10.0), "graph: {graph}");
        let stderr = &early.stderr;
        assert!(stderr.contains(warning), "graph: {graph}: {stderr}");
        // A day later, on the cache the earlier run left, it is read.
        let later = run_on("2027-02-02", "week", &repo, &cache);
        let report: Value = serde_json::from_str(&later.stdout).unwrap();
        assert_eq!(figures(&report), (7, 2, 12.0), "graph: {graph}");
        assert!(!later.stderr.contains("after now"), "{}", later.stderr);
    }
    // The same history as `git log` text: the same commits are read.
    let log = tmp.path().join("history.log");
    let text = git(&repo, &["log", "--pretty=fuller", "--date=iso-strict"], &[]);
    std::fs::write(&log, text).unwrap();
    let early = Run::of(
        twohats()
            .env("XDG_CACHE_HOME", &cache)
            .args(["week", "--git-log", log.to_str().unwrap()])
            .args(["--me", "ada@example.com", "--reports", "4", "--tz", "UTC"])
            .args([
                "--week",
                "2026-W47",
                "--format",
                "json",
                "--today",
                "2027-02-01",
            ]),
    );
    let report: Value = serde_json::from_str(&early.stdout).unwrap();
    assert_eq!(figures(&report), (6, 1, 10.0));
    assert!(early.stderr.contains(warning), "{}", early.stderr);
}

/// A commit with `author` at `author_date`, committed at `commit_date`.
fn commit_at(dir: &Path, author: &str, author_date: &str, commit_date: &str) {
    let env = [
        ("GIT_AUTHOR_NAME", author),
        ("GIT_AUTHOR_EMAIL", author),
        ("GIT_AUTHOR_DATE", author_date),
        ("GIT_COMMITTER_NAME", "Bot"),
        ("GIT_COMMITTER_EMAIL", "bot@example.com"),
        ("GIT_COMMITTER_DATE", commit_date),
    ];
    git(dir, &["commit", "-q", "--allow-empty", "-m", "c"], &env);
}

#[test]
fn a_commit_whose_commit_date_ran_behind_its_author_date_counts() {
    // Ada's commit of Mon 16 Nov 10:00, committed as written; one of Tue
    // 17 Nov 10:00 committed on a machine whose clock read 1 September
    // (months before the walk's cutoff); one of Wed 18 Nov 10:00 committed
    // with the clock at 1970. Walking from HEAD, the two old commit dates
    // are passed, but read for their author dates: each commit is a
    // session of its own with the 2-hour lead, 3 commits, 3 sessions, 6 h,
    // as `git log` text of the same history gives.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], &[]);
    let ada = "ada@example.com";
    let monday = "2026-11-16T10:00:00+00:00";
    commit_at(&repo, ada, monday, monday);
    commit_at(
        &repo,
        ada,
        "2026-11-17T10:00:00+00:00",
        "2026-09-01T10:00:00+00:00",
    );
    commit_at(
        &repo,
        ada,
        "2026-11-18T10:00:00+00:00",
        "1970-01-02T00:00:00+00:00",
    );
    let cache = tmp.path().join("cache");
    assert_eq!(figures(&run("week", &repo, &cache)), (3, 3, 6.0));
    git(&repo, &["commit-graph", "write", "--reachable"], &[]);
    assert_eq!(figures(&run("week", &repo, &cache)), (3, 3, 6.0));
}

#[test]
fn commits_dated_long_before_the_week_hide_nothing_committed_below_them() {
    // Ada's three W47 commits, then three patches applied keeping their
    // 2025 dates (`git am --committer-date-is-author-date`) and a generated
    // commit dated 1970, then Bob's of 25 November. Walking from HEAD, the
    // four old commits come before Ada's: the walk must go on past them.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], &[]);
    let ada = "ada@example.com";
    for day in ["16T09", "17T10", "18T10"] {
        let at = format!("2026-11-{day}:00:00+00:00");
        commit_at(&repo, ada, &at, &at);
    }
    for day in ["01", "02", "03"] {
        let at = format!("2025-06-{day}T10:00:00+00:00");
        commit_at(&repo, "carol@example.com", &at, &at);
    }
    let epoch = "1970-01-01T00:00:00+00:00";
    commit_at(&repo, "bot@example.com", epoch, epoch);
    let bob = "2026-11-25T10:00:00+00:00";
    commit_at(&repo, "bob@example.com", bob, bob);
    // Each of Ada's commits is a session of its own (a day apart), credited
    // the 2-hour lead: 3 commits, 3 sessions, 6 h.
    let cache = tmp.path().join("cache");
    assert_eq!(figures(&run("week", &repo, &cache)), (3, 3, 6.0));
    git(&repo, &["commit-graph", "write", "--reachable"], &[]);
    assert_eq!(figures(&run("week", &repo, &cache)), (3, 3, 6.0));
}

#[test]
fn a_long_series_applied_with_old_dates_hides_nothing_committed_below_it() {
    // Ada's three W47 commits, then 150 patches applied keeping their 2025
    // dates (`git am --committer-date-is-author-date`). Walking from HEAD,
    // the 150 old commits come first: more than a short allowance of old
    // commits in a row would pass.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], &[]);
    for day in ["16T09", "18T10", "19T10"] {
        let at = format!("2026-11-{day}:00:00+00:00");
        commit_at(&repo, "ada@example.com", &at, &at);
    }
    for i in 0..150 {
        let at = format!("2025-06-01T{:02}:{:02}:00+00:00", i / 60, i % 60);
        commit_at(&repo, "carol@example.com", &at, &at);
    }
    // Ada's commits a day or more apart: 3 sessions of the 2-hour lead,
    // 6 h; the same with the commit dates read from a commit-graph.
    let cache = tmp.path().join("cache");
    assert_eq!(figures(&run("week", &repo, &cache)), (3, 3, 6.0));
    git(&repo, &["commit-graph", "write", "--reachable"], &[]);
    assert_eq!(figures(&run("week", &repo, &cache)), (3, 3, 6.0));
}
