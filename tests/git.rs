//! Git history → the manager's commits → coding sessions (docs/model.md,
//! steps 4-5), through the library API. Expected times are worked out by hand in
//! fixtures/git/README.md (the "story" of week 2026-W47) or in the test.
//! Repositories are built in a temporary folder with the `git` binary and
//! fixed dates.

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::process::Command;
use twohats::git::{self, Commit, GitOptions, Session, Timestamp};
use twohats::Warning;

const ADA: &str = "ada@example.com";

fn opts(me: &[&str]) -> GitOptions {
    GitOptions {
        me: me.iter().map(|m| m.to_lowercase()).collect(),
        zone: chrono_tz::Europe::Berlin,
        include_merges: false,
        timestamp: Timestamp::Author,
        reach: None,
    }
}

fn utc(d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, mi, 0).unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/git/week47")
        .join(name)
        .display()
        .to_string()
}

fn read_logs(logs: &[String], opts: &GitOptions) -> (Vec<Commit>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let commits = git::read(&[], logs, opts, &mut warnings).expect("readable");
    (commits, warnings)
}

fn default_sessions(commits: &[Commit], timestamp: Timestamp) -> Vec<Session> {
    git::sessions(
        commits,
        timestamp,
        Duration::minutes(120),
        Duration::minutes(120),
    )
}

fn spans(sessions: &[Session]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    sessions.iter().map(|s| (s.start, s.end)).collect()
}

fn hours(session: &Session) -> f64 {
    (session.end - session.start).num_seconds() as f64 / 3600.0
}

/// Ada's 9 commits of the story that are not merges, with their author time
/// in UTC (fixtures/git/README.md).
fn story() -> Vec<(&'static str, DateTime<Utc>)> {
    vec![
        ("411fa68ab2e6a2ae9e466d22c8142f4b6eee0150", utc(16, 8, 30)),
        ("683065a033e010ce2acd05e8286ddea526ccbb9d", utc(16, 9, 15)),
        ("c9ccc3c319f2202cbd631864c5203d34fa0f4bb5", utc(16, 10, 45)),
        ("3e81c5a1b0a7234bf6c854a134c573b90b8c6694", utc(17, 19, 0)),
        ("c114d0a8edb98c440541fedb4bc7590d78b7fa06", utc(18, 7, 0)),
        ("ad4eaeb10bc69ffc8f23c562ecd24d4b8944cb04", utc(18, 8, 0)),
        ("97be6c662ff5b07b4dd1caea154a690261b1cc17", utc(19, 8, 0)),
        ("d04ca5fceab3ca7bbb99bc7c5fcc8454bf4ef952", utc(22, 22, 30)),
        ("ea903b0128252eca846ac2f01b4388c3d9e22854", utc(22, 23, 45)),
    ]
}

fn by_time(commits: &[Commit]) -> Vec<(&str, DateTime<Utc>)> {
    let mut out: Vec<_> = commits
        .iter()
        .map(|c| (c.hash.as_str(), c.author_time))
        .collect();
    out.sort_by_key(|&(_, t)| t);
    out
}

const REBASED: &str = "97be6c662ff5b07b4dd1caea154a690261b1cc17";
const MERGE: &str = "e5c67f07ca901e260beaa96521b3d9d0fb93ce35";

// ---------------------------------------------------------------- sessions

fn commit_at(hash: &str, time: DateTime<Utc>) -> Commit {
    Commit {
        hash: hash.into(),
        email: ADA.into(),
        author_time: time,
        committer_time: Some(time),
        parents: 1,
        source: "test".into(),
        line: None,
    }
}

#[test]
fn a_single_commit_is_a_session_of_the_lead_time_only() {
    let commits = [commit_at("a", utc(18, 10, 0))];
    let s = default_sessions(&commits, Timestamp::Author);
    assert_eq!(spans(&s), vec![(utc(18, 8, 0), utc(18, 10, 0))]);
    assert_eq!(hours(&s[0]), 2.0);
}

#[test]
fn a_burst_of_commits_is_one_session() {
    // 09:00, 09:20, 09:50, 10:30: gaps of 20, 30, 40 min.
    let commits = [
        commit_at("a", utc(18, 9, 0)),
        commit_at("b", utc(18, 9, 20)),
        commit_at("c", utc(18, 9, 50)),
        commit_at("d", utc(18, 10, 30)),
    ];
    let s = default_sessions(&commits, Timestamp::Author);
    assert_eq!(spans(&s), vec![(utc(18, 7, 0), utc(18, 10, 30))]);
    assert_eq!(hours(&s[0]), 3.5);
    assert_eq!(s[0].commits, vec![0, 1, 2, 3]);
}

#[test]
fn a_gap_exactly_at_the_limit_keeps_one_session_one_second_more_makes_two() {
    let at_limit = [
        commit_at("a", utc(18, 9, 0)),
        commit_at("b", utc(18, 11, 0)),
    ];
    let s = default_sessions(&at_limit, Timestamp::Author);
    assert_eq!(spans(&s), vec![(utc(18, 7, 0), utc(18, 11, 0))]);
    assert_eq!(hours(&s[0]), 4.0);

    let over = utc(18, 11, 0) + Duration::seconds(1);
    let one_more = [commit_at("a", utc(18, 9, 0)), commit_at("b", over)];
    let s = default_sessions(&one_more, Timestamp::Author);
    assert_eq!(
        spans(&s),
        vec![
            (utc(18, 7, 0), utc(18, 9, 0)),
            (utc(18, 9, 0) + Duration::seconds(1), over)
        ]
    );
    assert_eq!(hours(&s[0]) + hours(&s[1]), 4.0);
}

#[test]
fn the_week_of_the_story_makes_five_sessions() {
    let (commits, warnings) = read_logs(&[fixture("fuller-iso-strict-stat.log")], &opts(&[ADA]));
    assert!(warnings.is_empty(), "{warnings:?}");
    let s = default_sessions(&commits, Timestamp::Author);
    assert_eq!(
        spans(&s),
        vec![
            (utc(16, 6, 30), utc(16, 10, 45)),
            (utc(17, 17, 0), utc(17, 19, 0)),
            (utc(18, 5, 0), utc(18, 8, 0)),
            (utc(19, 6, 0), utc(19, 8, 0)),
            (utc(22, 20, 30), utc(22, 23, 45)),
        ]
    );
    let total: f64 = s.iter().map(hours).sum();
    assert_eq!(total, 4.25 + 2.0 + 3.0 + 2.0 + 3.25);
    let first: Vec<&str> = s[0]
        .commits
        .iter()
        .map(|&i| commits[i].hash.as_str())
        .collect();
    assert_eq!(first, vec![story()[0].0, story()[1].0, story()[2].0]);
}

#[test]
fn a_session_across_midnight_sunday_is_one_session_for_the_timeline_to_cut() {
    let (commits, _) = read_logs(&[fixture("fuller-iso-strict-stat.log")], &opts(&[ADA]));
    let s = default_sessions(&commits, Timestamp::Author);
    let last = s.last().unwrap();
    let berlin = chrono_tz::Europe::Berlin;
    // Sun 22 Nov 23:30 and Mon 23 Nov 00:45 in Berlin, 75 min apart.
    assert_eq!(
        last.start.with_timezone(&berlin).to_rfc3339(),
        "2026-11-22T21:30:00+01:00"
    );
    assert_eq!(
        last.end.with_timezone(&berlin).to_rfc3339(),
        "2026-11-23T00:45:00+01:00"
    );
    assert_eq!(last.commits.len(), 2);
}

// ------------------------------------------------------------ log text

#[test]
fn every_log_style_with_a_time_of_day_gives_the_same_commits() {
    for name in [
        "default.log",
        "default-stat.log",
        "fuller.log",
        "fuller-iso-strict-stat.log",
        "iso-numstat.log",
        "fuller-rfc-shortstat.log",
        "fuller-local.log",
        "raw-date.log",
        "fuller-unix.log",
        "decorate-parents.log",
        "source-all-iso-local.log",
    ] {
        let (commits, warnings) = read_logs(&[fixture(name)], &opts(&[ADA]));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        assert_eq!(by_time(&commits), story(), "{name}");
        assert!(commits.iter().all(|c| c.email == ADA), "{name}");
        assert!(commits.iter().all(|c| c.source.ends_with(name)), "{name}");
    }
}

#[test]
fn fuller_logs_carry_the_commit_date_default_logs_do_not() {
    for name in [
        "fuller.log",
        "fuller-iso-strict-stat.log",
        "fuller-rfc-shortstat.log",
        "fuller-local.log",
        "fuller-unix.log",
        "pretty-raw.log",
    ] {
        let (commits, _) = read_logs(&[fixture(name)], &opts(&[ADA]));
        let rebased = commits.iter().find(|c| c.hash == REBASED).unwrap();
        // Authored Thu 19 Nov 09:00 +01:00, rebased Fri 20 Nov 16:00 +01:00.
        assert_eq!(rebased.author_time, utc(19, 8, 0), "{name}");
        assert_eq!(rebased.committer_time, Some(utc(20, 15, 0)), "{name}");
    }
    let (commits, _) = read_logs(&[fixture("default-stat.log")], &opts(&[ADA]));
    assert!(commits.iter().all(|c| c.committer_time.is_none()));
}

#[test]
fn pretty_raw_shows_authors_without_the_mailmap() {
    // --pretty=raw prints c114d0a under ada@oldcorp.example.
    let (commits, _) = read_logs(&[fixture("pretty-raw.log")], &opts(&[ADA]));
    let mut want = story();
    want.retain(|(h, _)| !h.starts_with("c114d0a"));
    assert_eq!(by_time(&commits), want);
    // Root commit: no `parent` line.
    let root = commits
        .iter()
        .find(|c| c.hash.starts_with("411fa68"))
        .unwrap();
    assert_eq!(root.parents, 0);

    let (commits, _) = read_logs(
        &[fixture("pretty-raw.log")],
        &opts(&[ADA, "ada@oldcorp.example"]),
    );
    assert_eq!(by_time(&commits), story());
    let old = commits
        .iter()
        .find(|c| c.hash.starts_with("c114d0a"))
        .unwrap();
    assert_eq!(old.email, "ada@oldcorp.example");
}

#[test]
fn emails_match_whatever_their_case() {
    // ad4eaeb was committed as ADA@Example.COM; the manager wrote ADA@EXAMPLE.com.
    let (commits, _) = read_logs(&[fixture("fuller.log")], &opts(&["ADA@EXAMPLE.com"]));
    assert_eq!(commits.len(), 9);
    let shouting = commits
        .iter()
        .find(|c| c.hash.starts_with("ad4eaeb"))
        .unwrap();
    assert_eq!(shouting.email, ADA);
    assert_eq!(shouting.author_time, utc(18, 8, 0));
}

#[test]
fn other_authors_are_left_out() {
    let (commits, _) = read_logs(&[fixture("fuller.log")], &opts(&["grace@example.com"]));
    let mut got = by_time(&commits);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("9bfa6f4e8748aa0f026f97779498790afbb4e62d", utc(16, 9, 20)),
            ("a32879c356eefddb9e25c7a5c4942a26edecc1d4", utc(17, 14, 0)),
        ]
    );
    let (commits, _) = read_logs(&[fixture("fuller.log")], &opts(&["nobody@example.com"]));
    assert!(commits.is_empty());
}

#[test]
fn a_merge_is_skipped_unless_merges_are_included() {
    for name in [
        "fuller.log",
        "default.log",
        "pretty-raw.log",
        "decorate-parents.log",
    ] {
        let (commits, _) = read_logs(&[fixture(name)], &opts(&[ADA]));
        assert!(commits.iter().all(|c| c.hash != MERGE), "{name}");

        let mut with_merges = opts(&[ADA]);
        with_merges.include_merges = true;
        let (commits, _) = read_logs(&[fixture(name)], &with_merges);
        let merge = commits.iter().find(|c| c.hash == MERGE).expect(name);
        assert_eq!(merge.parents, 2, "{name}");
        // Tue 17 Nov 20:30 +01:00, 30 min after 3e81c5a: session 2 grows to 2.5 h.
        assert_eq!(merge.author_time, utc(17, 19, 30));
        let s = default_sessions(&commits, Timestamp::Author);
        assert_eq!(
            (s[1].start, s[1].end),
            (utc(17, 17, 0), utc(17, 19, 30)),
            "{name}"
        );
        assert_eq!(hours(&s[1]), 2.5);
    }
}

#[test]
fn committer_time_after_a_rebase_moves_the_session() {
    let mut by_committer = opts(&[ADA]);
    by_committer.timestamp = Timestamp::Committer;
    let (commits, warnings) = read_logs(&[fixture("fuller.log")], &by_committer);
    assert!(warnings.is_empty());
    let s = default_sessions(&commits, Timestamp::Committer);
    // 97be6c6 committed Fri 20 Nov 16:00 +01:00 = 15:00 UTC.
    assert_eq!((s[3].start, s[3].end), (utc(20, 13, 0), utc(20, 15, 0)));
    let by_author = default_sessions(&commits, Timestamp::Author);
    assert_eq!(
        (by_author[3].start, by_author[3].end),
        (utc(19, 6, 0), utc(19, 8, 0))
    );
}

#[test]
fn committer_time_from_a_default_log_falls_back_with_one_warning() {
    let mut by_committer = opts(&[ADA]);
    by_committer.timestamp = Timestamp::Committer;
    let (commits, warnings) = read_logs(&[fixture("default.log")], &by_committer);
    assert_eq!(commits.len(), 9);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].source.ends_with("default.log"));
    assert_eq!(warnings[0].line, Some(1));
    assert!(
        warnings[0].message.contains("no commit dates"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].message.contains("--pretty=fuller"));
    let s = default_sessions(&commits, Timestamp::Committer);
    assert_eq!((s[3].start, s[3].end), (utc(19, 6, 0), utc(19, 8, 0)));
}

#[test]
fn local_dates_are_read_in_the_managers_zone() {
    // fuller-local.log was printed with TZ=Europe/Berlin: "Mon Nov 16 09:30:00 2026".
    let mut in_new_york = opts(&[ADA]);
    in_new_york.zone = chrono_tz::America::New_York;
    let (commits, _) = read_logs(&[fixture("fuller-local.log")], &in_new_york);
    let first = commits
        .iter()
        .find(|c| c.hash.starts_with("411fa68"))
        .unwrap();
    // Read as 09:30 in New York (−05:00): 14:30 UTC, 6 h later than Berlin's reading.
    assert_eq!(first.author_time, utc(16, 14, 30));
}

#[test]
fn malformed_records_are_skipped_with_a_warning_naming_file_and_line() {
    let (commits, warnings) = read_logs(&[fixture("malformed.log")], &opts(&[ADA]));
    let mut want = story();
    want.retain(|(h, _)| !h.starts_with("d04ca5f") && !h.starts_with("ad4eaeb"));
    assert_eq!(by_time(&commits), want);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].source.ends_with("malformed.log"));
    assert_eq!(warnings[0].line, Some(12));
    assert!(warnings[0]
        .message
        .contains("d04ca5fceab3ca7bbb99bc7c5fcc8454bf4ef952"));
    assert!(warnings[0].message.contains("no Author line"));
    assert_eq!(warnings[1].line, Some(35));
    assert!(warnings[1]
        .message
        .contains("unreadable date '18/11/2026 09:00'"));
}

#[test]
fn date_only_styles_are_refused_with_one_warning() {
    let (commits, warnings) = read_logs(&[fixture("short.log")], &opts(&[ADA]));
    assert!(commits.is_empty());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(3));
    assert!(warnings[0].message.contains("--date=short"));
    // The 9 commits of Ada plus the merge are all dated by day only.
    assert!(warnings[0]
        .message
        .contains("9 of the manager's commits skipped"));
    assert!(warnings[0].message.contains("--date=iso-strict"));
}

#[test]
fn a_log_without_dates_warns_for_each_of_the_managers_records() {
    // --pretty=full prints Author and Commit lines but no dates.
    let (commits, warnings) = read_logs(&[fixture("full.log")], &opts(&[ADA]));
    assert!(commits.is_empty());
    assert_eq!(warnings.len(), 9, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(1));
    assert_eq!(
        warnings[0].message,
        format!(
            "commit ea903b0128252eca846ac2f01b4388c3d9e22854 has no author date (written with --pretty=full?); skipped; export with: {}",
            git::EXPORT_HINT
        )
    );
}

#[test]
fn graph_output_is_refused_with_one_error() {
    let mut warnings = Vec::new();
    let err = git::read(&[], &[fixture("graph.log")], &opts(&[ADA]), &mut warnings).unwrap_err();
    let text = err.to_string();
    assert!(text.ends_with(&format!(
        "graph.log:1: this is `git log --graph` output, which twohats does not read; export without --graph: {}",
        git::EXPORT_HINT
    )), "{text}");
}

#[test]
fn text_that_is_not_a_git_log_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oneline.log");
    std::fs::write(&path, "ea903b0 After midnight\nd04ca5f Sunday night fix\n").unwrap();
    let mut warnings = Vec::new();
    let logs = [path.display().to_string()];
    let err = git::read(&[], &logs, &opts(&[ADA]), &mut warnings).unwrap_err();
    assert!(
        err.to_string()
            .contains("oneline.log:1: not `git log` text"),
        "{err}"
    );

    let empty = dir.path().join("empty.log");
    std::fs::write(&empty, "").unwrap();
    let (commits, warnings) = read_logs(&[empty.display().to_string()], &opts(&[ADA]));
    assert!(commits.is_empty());
    assert!(warnings[0].message.contains("no commits"), "{warnings:?}");
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let mut warnings = Vec::new();
    let err = git::read(&[], &["no/such.log".into()], &opts(&[ADA]), &mut warnings).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "no/such.log: no such file; give a file written by `git log` (e.g. {})",
            git::EXPORT_HINT
        )
    );
    let err = git::read(&["no/such/repo".into()], &[], &opts(&[ADA]), &mut warnings).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no/such/repo: no such folder; give the folder of a git repository (the one holding .git) or of a bare repository"
    );
}

#[test]
fn the_same_commit_in_two_logs_counts_once_first_source_wins() {
    let logs = [fixture("default.log"), fixture("fuller.log")];
    let (commits, _) = read_logs(&logs, &opts(&[ADA]));
    assert_eq!(by_time(&commits), story());
    assert!(commits.iter().all(|c| c.source.ends_with("default.log")));
}

// ------------------------------------------------------------ repositories

/// Runs git in `dir` with no user or system config, so tests are the same
/// on every machine.
fn git_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", ADA)
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", ADA)
        .envs(env.iter().copied())
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Commits one line to `file` as `email` at `date` (author and committer).
fn commit(dir: &Path, email: &str, date: &str, file: &str) -> String {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str(date);
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    git_in(dir, &["add", file], &[]);
    let env = [
        ("GIT_AUTHOR_EMAIL", email),
        ("GIT_AUTHOR_DATE", date),
        ("GIT_COMMITTER_DATE", date),
    ];
    git_in(dir, &["commit", "-q", "-m", file], &env);
    git_in(dir, &["rev-parse", "HEAD"], &[])
}

/// A repository with Ada's commits on Mon 16 Nov 2026 at 09:00 and 10:00
/// (+01:00), one by Grace at 09:30, and one by Ada's old address at 11:00,
/// which the committed .mailmap maps to ada@example.com.
fn small_repo(root: &Path) -> (PathBuf, Vec<String>) {
    let dir = root.join("engine");
    std::fs::create_dir(&dir).unwrap();
    git_in(&dir, &["init", "-q", "-b", "main"], &[]);
    std::fs::write(
        dir.join(".mailmap"),
        "Ada Lovelace <ada@example.com> <ada@oldcorp.example>\n",
    )
    .unwrap();
    git_in(&dir, &["add", ".mailmap"], &[]);
    let a = commit(&dir, ADA, "2026-11-16T09:00:00+01:00", "a.rs");
    commit(
        &dir,
        "grace@example.com",
        "2026-11-16T09:30:00+01:00",
        "b.rs",
    );
    let b = commit(&dir, ADA, "2026-11-16T10:00:00+01:00", "a.rs");
    let c = commit(
        &dir,
        "ada@oldcorp.example",
        "2026-11-16T11:00:00+01:00",
        "a.rs",
    );
    (dir, vec![a, b, c])
}

fn read_repos(repos: &[&Path], opts: &GitOptions) -> (Vec<Commit>, Vec<Warning>) {
    let repos: Vec<String> = repos.iter().map(|p| p.display().to_string()).collect();
    let mut warnings = Vec::new();
    let commits = git::read(&repos, &[], opts, &mut warnings).expect("readable");
    (commits, warnings)
}

fn hashes_and_times(commits: &[Commit]) -> Vec<(String, DateTime<Utc>)> {
    let mut out: Vec<_> = commits
        .iter()
        .map(|c| (c.hash.clone(), c.author_time))
        .collect();
    out.sort_by_key(|(_, t)| *t);
    out
}

#[test]
fn a_repository_is_read_from_head_with_its_mailmap() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, ada) = small_repo(tmp.path());
    let (commits, warnings) = read_repos(&[&dir], &opts(&[ADA]));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        hashes_and_times(&commits),
        vec![
            (ada[0].clone(), utc(16, 8, 0)),
            (ada[1].clone(), utc(16, 9, 0)),
            (ada[2].clone(), utc(16, 10, 0)),
        ]
    );
    assert!(commits.iter().all(|c| c.email == ADA && c.parents <= 1));
    assert!(commits
        .iter()
        .all(|c| c.committer_time == Some(c.author_time)));
    // 08:00, 09:00, 10:00 UTC: one session from 06:00.
    let s = default_sessions(&commits, Timestamp::Author);
    assert_eq!(spans(&s), vec![(utc(16, 6, 0), utc(16, 10, 0))]);
}

#[test]
fn a_bare_repository_reads_the_mailmap_from_head() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, ada) = small_repo(tmp.path());
    git_in(
        tmp.path(),
        &["clone", "-q", "--bare", "engine", "engine.git"],
        &[],
    );
    let (commits, warnings) = read_repos(&[&tmp.path().join("engine.git")], &opts(&[ADA]));
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut got: Vec<String> = commits.into_iter().map(|c| c.hash).collect();
    got.sort();
    let mut want = ada.clone();
    want.sort();
    assert_eq!(got, want);
    drop(dir);
}

#[test]
fn two_repositories_sharing_a_commit_count_it_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, ada) = small_repo(tmp.path());
    git_in(tmp.path(), &["clone", "-q", "engine", "fork"], &[]);
    let fork = tmp.path().join("fork");
    let extra = commit(&fork, ADA, "2026-11-16T15:00:00+01:00", "c.rs");
    let (commits, _) = read_repos(&[&dir, &fork], &opts(&[ADA]));
    assert_eq!(commits.len(), 4);
    let times = hashes_and_times(&commits);
    assert_eq!(times[3], (extra, utc(16, 14, 0)));
    // The shared commits are credited to the first repository given.
    for c in &commits {
        let from_first = ada.contains(&c.hash);
        assert_eq!(c.source.ends_with("engine"), from_first, "{}", c.hash);
    }
}

#[test]
fn a_repository_and_its_exported_log_count_each_commit_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = small_repo(tmp.path());
    let log = git_in(
        &dir,
        &["log", "--pretty=fuller", "--date=iso-strict", "--stat"],
        &[],
    );
    let log_path = tmp.path().join("engine.log");
    std::fs::write(&log_path, log + "\n").unwrap();
    let mut warnings = Vec::new();
    let commits = git::read(
        &[dir.display().to_string()],
        &[log_path.display().to_string()],
        &opts(&[ADA]),
        &mut warnings,
    )
    .unwrap();
    assert_eq!(commits.len(), 3);
    assert!(commits.iter().all(|c| c.line.is_none()));
}

#[test]
fn a_merge_in_a_repository_is_skipped_unless_included() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = small_repo(tmp.path());
    git_in(&dir, &["checkout", "-q", "-b", "side", "HEAD~1"], &[]);
    let side = commit(
        &dir,
        "grace@example.com",
        "2026-11-16T12:00:00+01:00",
        "s.rs",
    );
    git_in(&dir, &["checkout", "-q", "main"], &[]);
    let date = [
        ("GIT_AUTHOR_DATE", "2026-11-16T12:30:00+01:00"),
        ("GIT_COMMITTER_DATE", "2026-11-16T12:30:00+01:00"),
    ];
    git_in(
        &dir,
        &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
        &date,
    );
    let merge = git_in(&dir, &["rev-parse", "HEAD"], &[]);

    let (commits, _) = read_repos(&[&dir], &opts(&[ADA]));
    assert_eq!(commits.len(), 3);
    assert!(commits.iter().all(|c| c.hash != merge && c.hash != side));

    let mut with_merges = opts(&[ADA]);
    with_merges.include_merges = true;
    let (commits, _) = read_repos(&[&dir], &with_merges);
    assert_eq!(commits.len(), 4);
    let m = commits.iter().find(|c| c.hash == merge).unwrap();
    assert_eq!((m.parents, m.author_time), (2, utc(16, 11, 30)));
}

#[test]
fn author_and_committer_time_after_a_rebase() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    std::fs::create_dir(&dir).unwrap();
    git_in(&dir, &["init", "-q", "-b", "main"], &[]);
    std::fs::write(dir.join("x"), "x\n").unwrap();
    git_in(&dir, &["add", "x"], &[]);
    let env = [
        ("GIT_AUTHOR_DATE", "2026-11-19T09:00:00+01:00"),
        ("GIT_COMMITTER_DATE", "2026-11-20T16:00:00+01:00"),
    ];
    git_in(&dir, &["commit", "-q", "-m", "rebased"], &env);
    let (commits, _) = read_repos(&[&dir], &opts(&[ADA]));
    assert_eq!(commits[0].author_time, utc(19, 8, 0));
    assert_eq!(commits[0].committer_time, Some(utc(20, 15, 0)));
    let s = default_sessions(&commits, Timestamp::Committer);
    assert_eq!(spans(&s), vec![(utc(20, 13, 0), utc(20, 15, 0))]);
}

#[test]
fn a_linked_worktree_is_read_from_its_own_head() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = small_repo(tmp.path());
    git_in(
        &dir,
        &["worktree", "add", "-q", "-b", "spike", "../spike"],
        &[],
    );
    let spike = tmp.path().join("spike");
    let extra = commit(&spike, ADA, "2026-11-17T09:00:00+01:00", "spike.rs");
    let (commits, _) = read_repos(&[&spike], &opts(&[ADA]));
    assert_eq!(commits.len(), 4);
    assert!(commits.iter().any(|c| c.hash == extra));
    let (commits, _) = read_repos(&[&dir], &opts(&[ADA]));
    assert_eq!(commits.len(), 3);
}

#[test]
fn folders_that_are_not_repositories_get_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = small_repo(tmp.path());
    let mut warnings = Vec::new();
    let read_one = |path: &Path, warnings: &mut Vec<Warning>| {
        git::read(&[path.display().to_string()], &[], &opts(&[ADA]), warnings)
            .unwrap_err()
            .to_string()
    };

    std::fs::create_dir(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    let err = read_one(&dir.join("src"), &mut warnings);
    assert!(
        err.contains("src: is a folder inside the repository at"),
        "{err}"
    );

    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    std::fs::write(plain.join("notes.txt"), "hi\n").unwrap();
    let err = read_one(&plain, &mut warnings);
    assert!(err.ends_with("plain: not a git repository (no .git here, and not a bare repository); give the repository's top folder"), "{err}");

    // A SHA-256 repository (git 2.29 and later): said, with what to do.
    let sha = tmp.path().join("sha");
    std::fs::create_dir(&sha).unwrap();
    git_in(&sha, &["init", "-q", "--object-format=sha256"], &[]);
    git_in(&sha, &["commit", "-q", "--allow-empty", "-m", "x"], &[]);
    let shown = sha.display();
    assert_eq!(
        read_one(&sha, &mut warnings),
        format!("{shown}: a SHA-256 repository, which twohats cannot read directly yet; give its history as text: `git -C {shown} log --pretty=fuller --date=iso-strict > history.log`, then --git-log history.log")
    );

    let err = read_one(&dir.join("a.rs"), &mut warnings);
    assert!(
        err.ends_with(
            "a.rs: is a file, not a repository; for text written by `git log` use --git-log"
        ),
        "{err}"
    );
}

#[test]
fn a_submodule_not_checked_out_says_how_to_fix_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (lib, _) = small_repo(tmp.path());
    let app = tmp.path().join("app");
    std::fs::create_dir(&app).unwrap();
    git_in(&app, &["init", "-q", "-b", "main"], &[]);
    let lib_url = lib.display().to_string();
    git_in(
        &app,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &lib_url,
            "lib",
        ],
        &[],
    );
    let date = [
        ("GIT_AUTHOR_DATE", "2026-11-16T13:00:00+01:00"),
        ("GIT_COMMITTER_DATE", "2026-11-16T13:00:00+01:00"),
    ];
    git_in(&app, &["commit", "-q", "-m", "add lib"], &date);

    // Checked out, the submodule is a repository of its own.
    let (commits, _) = read_repos(&[&app.join("lib")], &opts(&[ADA]));
    assert_eq!(commits.len(), 3);

    // A fresh clone without --recurse-submodules leaves `lib` empty.
    git_in(tmp.path(), &["clone", "-q", "app", "app2"], &[]);
    let mut warnings = Vec::new();
    let err = git::read(
        &[tmp.path().join("app2/lib").display().to_string()],
        &[],
        &opts(&[ADA]),
        &mut warnings,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("run `git submodule update --init`"), "{err}");
}

#[test]
fn an_empty_repository_has_no_commits_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    git_in(tmp.path(), &["init", "-q", "fresh"], &[]);
    let (commits, warnings) = read_repos(&[&tmp.path().join("fresh")], &opts(&[ADA]));
    assert!(commits.is_empty());
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].message,
        "HEAD has no commits yet; nothing to read"
    );

    // A bare repository made with `-b master`, pushed only `main`: its
    // history is there, under another name than HEAD's.
    let (dir, _) = small_repo(tmp.path());
    let bare = tmp.path().join("bare.git");
    let bare_arg = bare.display().to_string();
    git_in(
        tmp.path(),
        &["init", "-q", "--bare", "-b", "master", &bare_arg],
        &[],
    );
    git_in(
        &dir,
        &["push", "-q", &bare_arg, "HEAD:refs/heads/main"],
        &[],
    );
    let (commits, warnings) = read_repos(&[&bare], &opts(&[ADA]));
    assert!(commits.is_empty());
    assert_eq!(
        warnings[0].message,
        format!("HEAD names branch 'master', which has no commits, and the history is on 'main': point HEAD there (`git -C {bare_arg} symbolic-ref HEAD refs/heads/main`); nothing read")
    );
}

#[test]
fn commits_in_the_commit_graph_and_newer_ones_are_all_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, mut ada) = small_repo(tmp.path());
    // The commit-graph file covers the first four commits; two newer ones
    // (one of Ada, one of Grace) are only in the object store.
    git_in(&dir, &["commit-graph", "write", "--reachable"], &[]);
    assert!(dir.join(".git/objects/info/commit-graph").is_file());
    ada.push(commit(&dir, ADA, "2026-11-16T16:00:00+01:00", "a.rs"));
    commit(
        &dir,
        "grace@example.com",
        "2026-11-16T16:30:00+01:00",
        "b.rs",
    );
    let (commits, warnings) = read_repos(&[&dir], &opts(&[ADA]));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        hashes_and_times(&commits),
        vec![
            (ada[0].clone(), utc(16, 8, 0)),
            (ada[1].clone(), utc(16, 9, 0)),
            (ada[2].clone(), utc(16, 10, 0)),
            (ada[3].clone(), utc(16, 15, 0)),
        ]
    );
    // The root commit (parents 0) comes from the commit-graph side too.
    assert_eq!(commits.iter().filter(|c| c.parents == 0).count(), 1);
}

#[test]
fn a_shallow_clone_reads_the_history_it_has() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, ada) = small_repo(tmp.path());
    let url = format!("file://{}", dir.display());
    git_in(
        tmp.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
        &[],
    );
    // The last two commits: Ada's 10:00 (09:00 UTC) and her old address at 11:00.
    let shallow = tmp.path().join("shallow");
    let (commits, warnings) = read_repos(&[&shallow], &opts(&[ADA]));
    assert_eq!(
        hashes_and_times(&commits),
        vec![
            (ada[1].clone(), utc(16, 9, 0)),
            (ada[2].clone(), utc(16, 10, 0))
        ]
    );
    // The whole history was asked for, and the clone ends at the 10:00
    // commit (Monday 16 November): the earlier ones (09:00, 09:30) are not
    // here, and the user is told.
    let edge = format!(
        "{}: a shallow clone: its history ends at 2026-11-16, and commits before it are not here to count; fetch the whole history (`git fetch --unshallow`; in CI, `fetch-depth: 0`)",
        shallow.display()
    );
    let texts: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(texts, [edge.as_str()]);
    // The same edge when the commits come from a commit-graph file.
    git_in(&shallow, &["commit-graph", "write", "--reachable"], &[]);
    let (commits, warnings) = read_repos(&[&shallow], &opts(&[ADA]));
    assert_eq!(commits.len(), 2);
    let texts: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(texts, [edge.as_str()]);

    // Weeks from Monday 16 November on: the walk reaches the edge, and the
    // day before the first week is missing too.
    let from_week = |day: u32| GitOptions {
        reach: Some(git::Reach {
            since: utc(day, 0, 0) - Duration::hours(1),
            session_gap: Duration::minutes(120),
            other_times: Vec::new(),
            now: utc(30, 0, 0),
        }),
        ..opts(&[ADA])
    };
    let (_, warnings) = read_repos(&[&shallow], &from_week(16));
    let texts: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(texts, [edge.as_str()]);
    // Weeks from Monday 23 November: the clone holds all they need (the day
    // before them and on), though the walk, reading four weeks back for
    // sessions, meets the edge.
    let (commits, warnings) = read_repos(&[&shallow], &from_week(23));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(commits.len(), 2);
}

/// Reads `-` (stdin) when run as the child of the test below; does nothing
/// in a normal test run.
#[test]
fn stdin_child() {
    if std::env::var_os("TWOHATS_GIT_STDIN_CHILD").is_none() {
        return;
    }
    let (commits, warnings) = read_logs(&["-".to_string()], &opts(&[ADA]));
    let times: Vec<String> = by_time(&commits)
        .iter()
        .map(|(h, t)| format!("{} {}", &h[..7], t.to_rfc3339()))
        .collect();
    println!("STDIN-RESULT {} | {:?}", times.join(", "), warnings);
}

#[test]
fn a_dash_reads_the_log_from_stdin() {
    use std::io::Write;
    let log = std::fs::read(fixture("iso-numstat.log")).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "stdin_child",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env("TWOHATS_GIT_STDIN_CHILD", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&log).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("STDIN-RESULT ").map(|(_, r)| r))
        .unwrap_or_else(|| panic!("no result in: {stdout}"));
    // Ada's 9 commits of the story, in UTC (fixtures/git/README.md), no warnings.
    assert_eq!(
        line,
        "411fa68 2026-11-16T08:30:00+00:00, 683065a 2026-11-16T09:15:00+00:00, \
         c9ccc3c 2026-11-16T10:45:00+00:00, 3e81c5a 2026-11-17T19:00:00+00:00, \
         c114d0a 2026-11-18T07:00:00+00:00, ad4eaeb 2026-11-18T08:00:00+00:00, \
         97be6c6 2026-11-19T08:00:00+00:00, d04ca5f 2026-11-22T22:30:00+00:00, \
         ea903b0 2026-11-22T23:45:00+00:00 | []"
    );
}

#[test]
fn a_linked_worktrees_git_file_reads_its_repository() {
    // A linked worktree's `.git` is a file (`gitdir: …`), as a submodule's
    // is: given it, twohats reads the worktree's repository.
    let tmp = tempfile::tempdir().unwrap();
    let (dir, ada) = small_repo(tmp.path());
    let worktree = tmp.path().join("linked");
    git_in(
        &dir,
        &["worktree", "add", "-q", worktree.to_str().unwrap()],
        &[],
    );
    assert!(worktree.join(".git").is_file());
    let (commits, warnings) = read_repos(&[&worktree.join(".git")], &opts(&[ADA]));
    assert!(warnings.is_empty(), "{warnings:?}");
    // Ada's three commits of the small repository (one under her old
    // address, mapped by .mailmap).
    let hashes: Vec<String> = hashes_and_times(&commits)
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    assert_eq!(hashes, ada);
}

#[test]
fn a_grafts_file_is_named_in_a_warning() {
    // git still applies .git/info/grafts; twohats reads the commits as
    // recorded and says that the history may differ from git log's.
    let tmp = tempfile::tempdir().unwrap();
    let (dir, ada) = small_repo(tmp.path());
    std::fs::write(dir.join(".git/info/grafts"), format!("{}\n", ada[2])).unwrap();
    let (commits, warnings) = read_repos(&[&dir], &opts(&[ADA]));
    assert_eq!(commits.len(), 3);
    let texts: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        texts,
        [format!(
            "{}: info/grafts is not applied (git deprecated grafts); run `git replace --convert-graft-file` to read the history as git log shows it",
            dir.display()
        )]
    );
}
