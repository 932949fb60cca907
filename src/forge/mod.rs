//! GitHub and GitLab → the manager's review events and authored commits
//! (SPEC "Code reviews and forge activity"), read live through their REST
//! APIs or from saved responses; then review events → review sessions, by
//! the same session rule as commits (`git::cut_sessions`).
//!
//! - `github`: the endpoints read and their JSON → events and commits;
//! - `gitlab`: the user's events → review events;
//! - `saved`: a file of saved responses, its kind told from its shape.
//!
//! Every answer is untrusted: each figure is checked, a malformed entry is
//! skipped with a warning naming the source, never guessed.

pub mod github;
pub mod gitlab;
pub mod saved;

use crate::config::ForgeAccountConfig;
use crate::git::{self, Commit, Session};
use crate::net::api::Token;
use crate::net::{self, Window};
use crate::Warning;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;
use std::sync::Arc;

/// The category of review sessions (coding).
pub const REVIEW_CATEGORY: &str = "code review";

/// What to check when a forge answers HTTP 404 (GitHub and GitLab alike).
const NOT_FOUND_HINT: &str = "check the user name and the API address (`api`)";

/// One forge account of a manager (`github = { … }`, `gitlab = { … }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The login (GitHub) or username (GitLab) whose reviews are read.
    pub user: String,
    pub token: Option<Token>,
    /// The API base URL (`https://api.github.com`, GHES `https://HOST/api/v3`).
    pub api: String,
    /// What gives `api`, for its errors: `github.api` or `GITHUB_API_URL`.
    pub api_named: String,
    /// Also read authored commits (GitHub's commit search).
    pub commits: bool,
    /// Read from the API. Not when saved files are given and no token
    /// (config or environment) is: the files are then the source and the
    /// account only says whose events they hold.
    pub live: bool,
}

/// A manager's forge sources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    pub github: Option<Account>,
    pub gitlab: Option<Account>,
    /// Saved API responses.
    pub files: Vec<String>,
}

impl Sources {
    pub fn is_empty(&self) -> bool {
        self.github.is_none() && self.gitlab.is_none() && self.files.is_empty()
    }
}

/// A review, or a comment on a pull (merge) request, by the manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewEvent {
    /// Unique per forge and kind: `github review 80`, `gitlab event 12`.
    pub id: String,
    pub time: DateTime<Utc>,
    /// `owner/repo#12` (GitHub) or `group/project!7` (GitLab).
    pub pull: Arc<str>,
    /// `owner/repo`: the coding item of the session.
    pub repo: Arc<str>,
}

/// What was read of one forge source, for doctor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceCounts {
    /// `GitHub rui-dev`, `GitLab rcosta`, or a saved file's path.
    pub source: String,
    pub pull_requests: u64,
    pub reviews: u64,
    pub comments: u64,
    pub commits: u64,
    /// The user's review events outside the weeks asked for.
    pub outside: u64,
    /// API pages read (from the server or the cache).
    pub pages: u32,
}

/// Everything read from a manager's forges.
#[derive(Debug, Default)]
pub struct ForgeRead {
    /// Each event once (by id), in time order.
    pub events: Vec<ReviewEvent>,
    pub commits: Vec<Commit>,
    pub counts: Vec<SourceCounts>,
}

/// Events and commits as one source gave them, before deduplication.
#[derive(Debug, Default)]
pub struct Found {
    pub events: Vec<ReviewEvent>,
    pub commits: Vec<Commit>,
    pub counts: SourceCounts,
}

impl Found {
    /// Nothing yet, from `source` (`GitHub rui-dev`, a file's path).
    pub fn of(source: impl Into<String>) -> Found {
        Found {
            counts: SourceCounts {
                source: source.into(),
                ..SourceCounts::default()
            },
            ..Found::default()
        }
    }
}

/// A manager's forge accounts with their tokens and API bases decided
/// (SPEC "Code reviews and forge activity"): the config's token, else the
/// environment's (`GITHUB_TOKEN`, `GH_TOKEN`; `GITLAB_TOKEN`); the config's
/// API, else `GITHUB_API_URL` / `GITLAB_API_URL`, else the public host.
/// With saved files, an account without any token is not read live
/// (`forge::Account::live`); with one, both are read, each event once.
pub fn sources(
    name: &str,
    github: Option<ForgeAccountConfig>,
    gitlab: Option<ForgeAccountConfig>,
    files: Vec<String>,
) -> Sources {
    use crate::net::api::{api_base, token_from, token_from_env};
    let account = |a: ForgeAccountConfig,
                   key: &str,
                   variables: &[&'static str],
                   env_api: &str,
                   public: &str| {
        let (api, api_named) = api_base(a.api, &format!("{key}.api"), env_api, public);
        let from = token_from(name, key, a.token_variable);
        let token = (a.token)
            .map(|t| Token::new(t, from))
            .or_else(|| token_from_env(variables));
        Account {
            // Without a token, saved files stand for the API: unsigned
            // reads are limited to 60 an hour.
            live: files.is_empty() || token.is_some(),
            token,
            api,
            api_named,
            user: a.user,
            commits: a.commits,
        }
    };
    Sources {
        github: github.map(|a| {
            account(
                a,
                "github",
                &github::TOKEN_VARIABLES,
                "GITHUB_API_URL",
                github::PUBLIC_API,
            )
        }),
        gitlab: gitlab.map(|a| {
            account(
                a,
                "gitlab",
                &gitlab::TOKEN_VARIABLES,
                "GITLAB_API_URL",
                gitlab::PUBLIC_API,
            )
        }),
        files,
    }
}

/// Reads a manager's forge sources over `window`: saved files first, then
/// the APIs of the accounts read live; the events outside `reported` (the
/// weeks asked for) are counted for doctor. An API that cannot be read is
/// an error, or a warning when `other_sources` (calendars, repositories,
/// logs) or another forge source were read, as for a calendar URL.
pub fn read(
    sources: &Sources,
    network: &net::Options,
    (window, reported): (Window, Window),
    other_sources: bool,
    warnings: &mut Vec<Warning>,
) -> Result<ForgeRead> {
    let mut found = Vec::new();
    for path in &sources.files {
        found.push(saved::read(path, sources, warnings)?);
    }
    let accounts: Vec<(&Account, Reader)> = [
        (sources.github.as_ref(), github::read as Reader),
        (sources.gitlab.as_ref(), gitlab::read as Reader),
    ]
    .into_iter()
    .filter_map(|(account, read)| Some((account.filter(|a| a.live)?, read)))
    .collect();
    if accounts.is_empty() {
        return Ok(merged(found, reported));
    }
    let client = net::http::Client::new(network.clone())?;
    let mut failures = Vec::new();
    for (account, read) in accounts {
        match read(&client, account, window, warnings) {
            Ok(f) => found.push(f),
            Err(e) => failures.push(e),
        }
    }
    let read = other_sources || !found.is_empty();
    let missing = "this manager's figures miss those reviews";
    net::failures_as_warnings(failures, read, (net::UNREAD_FORGE, missing), warnings)?;
    Ok(merged(found, reported))
}

/// How one forge's API is read.
type Reader = fn(&net::http::Client, &Account, Window, &mut Vec<Warning>) -> Result<Found>;

/// Every source's events and commits, each id and sha once (the first
/// read wins), events in time order; each source's events outside
/// `reported` counted.
fn merged(found: Vec<Found>, (from, to): Window) -> ForgeRead {
    let mut read = ForgeRead::default();
    let mut ids = HashSet::new();
    let mut shas = HashSet::new();
    for mut f in found {
        f.counts.outside = (f.events.iter())
            .filter(|e| e.time < from || e.time >= to)
            .count() as u64;
        (read.events).extend(f.events.into_iter().filter(|e| ids.insert(e.id.clone())));
        (read.commits).extend(
            f.commits
                .into_iter()
                .filter(|c| shas.insert(c.hash.clone())),
        );
        read.counts.push(f.counts);
    }
    read.events
        .sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)));
    read
}

/// Review sessions (SPEC "Review sessions"): the events in time order, a
/// gap strictly longer than `gap` starts a new one, each covers
/// `[first − lead, last]`; `Session::commits` holds event indices.
pub fn sessions(events: &[ReviewEvent], gap: Duration, lead: Duration) -> Vec<Session> {
    let points = events.iter().enumerate().map(|(i, e)| (i, e.time));
    git::cut_sessions(points, gap, lead)
}

/// The pull requests of a session's review events (indices into
/// `events`), each once, in the order first met: `owner/repo#12,
/// owner/repo#15`.
pub fn pulls_of(session: impl IntoIterator<Item = usize>, events: &[ReviewEvent]) -> Vec<Arc<str>> {
    let mut pulls: Vec<Arc<str>> = Vec::new();
    for i in session {
        let pull = &events[i].pull;
        if !pulls.contains(pull) {
            pulls.push(pull.clone());
        }
    }
    pulls
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(id: &str, h: u32, m: u32, pull: &str) -> ReviewEvent {
        ReviewEvent {
            id: id.into(),
            time: Utc.with_ymd_and_hms(2026, 11, 18, h, m, 0).unwrap(),
            pull: pull.into(),
            repo: pull.split('#').next().unwrap().into(),
        }
    }

    #[test]
    fn events_an_hour_apart_are_one_session_with_the_lead_before() {
        let events = [
            event("a", 9, 0, "acme/api#1"),
            event("b", 10, 0, "acme/api#2"),
            event("c", 11, 1, "acme/web#3"),
        ];
        // Gap 60 min: 09:00→10:00 is exactly 60 (same session), 10:00→11:01 is 61.
        let s = sessions(&events, Duration::minutes(60), Duration::minutes(30));
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].start,
            Utc.with_ymd_and_hms(2026, 11, 18, 8, 30, 0).unwrap()
        );
        assert_eq!(
            s[0].end,
            Utc.with_ymd_and_hms(2026, 11, 18, 10, 0, 0).unwrap()
        );
        let pulls: Vec<String> = pulls_of(s[0].commits.iter().copied(), &events)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(pulls, ["acme/api#1", "acme/api#2"]);
    }

    #[test]
    fn the_same_review_from_two_sources_counts_once() {
        let one = Found {
            events: vec![event("github review 7", 9, 0, "acme/api#1")],
            ..Found::default()
        };
        let two = Found {
            events: vec![
                event("github review 7", 9, 0, "acme/api#1"),
                event("github comment 8", 9, 5, "acme/api#1"),
            ],
            ..Found::default()
        };
        let window = (
            Utc.with_ymd_and_hms(2026, 11, 16, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap(),
        );
        let read = merged(vec![one, two], window);
        let ids: Vec<&str> = read.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["github review 7", "github comment 8"]);
    }
}
