//! Benchmark of the git reader on a generated repository of realistic size,
//! side by side with git's own `git log` on the same repository.
//!
//! ```text
//! scripts/gen-git-bench-repo.py ~/.cache/twohats-bench/repo
//! git -C ~/.cache/twohats-bench/repo log --pretty=fuller --stat > ~/.cache/twohats-bench/repo.log
//! TWOHATS_BENCH_REPO=~/.cache/twohats-bench/repo TWOHATS_BENCH_LOG=~/.cache/twohats-bench/repo.log \
//!     cargo bench --bench git
//! ```
//!
//! Each round runs, one after the other: twohats reading the repository
//! (one author's commits and their sessions), `git log --format=… HEAD`
//! into /dev/null, and twohats reading the log text. Minimum and median of
//! the rounds are printed (`TWOHATS_BENCH_ROUNDS`, default 7).
//! `TWOHATS_BENCH_SKIP_GIT=1` leaves git out, so that the binary can be
//! timed by hyperfine beside `git log` itself (see scripts/bench-git.sh).
//!
//! Measured by scripts/bench-git.sh on 2026-11-24, on 2 cores shared with
//! other builds (load average ~8, so wall times are inflated; CPU times are
//! the fairer comparison): 200,000 commits, 2,000 authors, 1,861 of them
//! Ada's (1,664 sessions):
//!
//! | what                                         | wall (mean) | CPU (user+sys) |
//! |----------------------------------------------|-------------|----------------|
//! | twohats: read repository + sessions          | 1.88 s      | 0.99 s         |
//! | `git log --format=%H%x09%aE%x09%at%x09%P HEAD` | 2.86 s    | 1.32 s         |
//! | same, commit-graph file removed: twohats     | 2.55 s      | 1.10 s         |
//! | same, commit-graph file removed: git log     | 3.31 s      | 1.55 s         |
//! | twohats: 85.8 MB `git log --pretty=fuller --stat` text + sessions | 0.072 s median (1.2 GB/s) | |

use chrono::Duration;
use std::process::{Command, Stdio};
use std::time::Instant;
use twohats::git::{self, GitOptions, Timestamp};

fn main() {
    let repo = std::env::var("TWOHATS_BENCH_REPO").ok();
    let log = std::env::var("TWOHATS_BENCH_LOG").ok();
    if repo.is_none() && log.is_none() {
        eprintln!("set TWOHATS_BENCH_REPO and/or TWOHATS_BENCH_LOG (see benches/git.rs); nothing measured");
        return;
    }
    let rounds: usize = std::env::var("TWOHATS_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let me = std::env::var("TWOHATS_BENCH_EMAIL").unwrap_or_else(|_| "ada@example.com".into());
    let opts = GitOptions {
        me: vec![me.to_lowercase()],
        zone: chrono_tz::Europe::Berlin,
        include_merges: false,
        timestamp: Timestamp::Author,
        reach: None,
    };

    let skip_git = std::env::var_os("TWOHATS_BENCH_SKIP_GIT").is_some();
    let mut ours_repo = Vec::new();
    let mut git_cli = Vec::new();
    let mut ours_log = Vec::new();
    let mut found = (0, 0, 0, 0);
    for _ in 0..rounds {
        if let Some(repo) = &repo {
            let start = Instant::now();
            let (commits, sessions) = read_and_sessions(std::slice::from_ref(repo), &[], &opts);
            ours_repo.push(start.elapsed().as_secs_f64());
            found.0 = commits;
            found.1 = sessions;

            if !skip_git {
                let start = Instant::now();
                let status = Command::new("git")
                    .args(["-C", repo, "log", "--format=%H%x09%aE%x09%at%x09%P", "HEAD"])
                    .stdout(Stdio::null())
                    .status()
                    .expect("git runs");
                assert!(status.success());
                git_cli.push(start.elapsed().as_secs_f64());
            }
        }
        if let Some(log) = &log {
            let start = Instant::now();
            let (commits, sessions) = read_and_sessions(&[], std::slice::from_ref(log), &opts);
            ours_log.push(start.elapsed().as_secs_f64());
            found.2 = commits;
            found.3 = sessions;
        }
    }

    if let Some(repo) = &repo {
        println!(
            "repository {repo}: {} commits of {me}, {} sessions",
            found.0, found.1
        );
        report("twohats read + sessions", &mut ours_repo, None);
        if !git_cli.is_empty() {
            report(
                "git log --format=%H%x09%aE%x09%at%x09%P HEAD",
                &mut git_cli,
                None,
            );
        }
    }
    if let Some(log) = &log {
        let bytes = std::fs::metadata(log).map(|m| m.len()).unwrap_or(0);
        println!(
            "log text {log} ({:.1} MB): {} commits of {me}, {} sessions",
            bytes as f64 / 1e6,
            found.2,
            found.3
        );
        report("twohats read log + sessions", &mut ours_log, Some(bytes));
    }
}

fn read_and_sessions(repos: &[String], logs: &[String], opts: &GitOptions) -> (usize, usize) {
    let mut warnings = Vec::new();
    let commits = git::read(repos, logs, opts, &mut warnings).expect("readable");
    let sessions = git::sessions(
        &commits,
        opts.timestamp,
        Duration::minutes(120),
        Duration::minutes(120),
    );
    (commits.len(), sessions.len())
}

fn report(name: &str, times: &mut [f64], bytes: Option<u64>) {
    times.sort_by(f64::total_cmp);
    let min = times[0];
    let median = times[times.len() / 2];
    match bytes {
        Some(b) => println!(
            "  {name:<48} min {min:.3} s  median {median:.3} s  ({:.0} MB/s at the median)",
            b as f64 / 1e6 / median
        ),
        None => println!("  {name:<48} min {min:.3} s  median {median:.3} s"),
    }
}
