//! Git history → the manager's commits → coding sessions.
//!
//! Reads repositories directly (no git binary) and `git log` text, keeps the
//! manager's commits (SPEC step 4), and builds sessions with the git-hours
//! method (step 5). Knows nothing of calendars or classification.

use crate::Warning;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Timestamp {
    #[default]
    Author,
    Committer,
}

/// What the git readers need to know of the manager and the config.
#[derive(Debug, Clone)]
pub struct GitOptions {
    /// The manager's addresses, lower-case.
    pub me: Vec<String>,
    /// Dates without an offset (`--date=local`) are in this zone.
    pub zone: Tz,
    pub include_merges: bool,
    pub timestamp: Timestamp,
}

/// One of the manager's commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full hash, lower-case hex.
    pub hash: String,
    /// Author email after .mailmap, lower-case.
    pub email: String,
    pub author_time: DateTime<Utc>,
    /// None where the format has no commit date (git's default format).
    pub committer_time: Option<DateTime<Utc>>,
    pub parents: u32,
    /// The repository or log file, as the user named it.
    pub source: Arc<str>,
    /// 1-based line of the record in a `git log` text.
    pub line: Option<u64>,
}

impl Commit {
    /// The instant the model uses: author or committer time (the author time
    /// where there is no committer time).
    pub fn time(&self, timestamp: Timestamp) -> DateTime<Utc> {
        match timestamp {
            Timestamp::Author => self.author_time,
            Timestamp::Committer => self.committer_time.unwrap_or(self.author_time),
        }
    }
}

/// A coding session: `[first commit − lead, last commit]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Indices into the commit slice given to [`sessions`], in time order.
    pub commits: Vec<usize>,
}

/// Reads every repository and log of one manager and returns their commits,
/// each hash once (the first record wins), merges left out unless asked for.
pub fn read(
    repos: &[String],
    logs: &[String],
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<Vec<Commit>> {
    let _ = (repos, logs, opts, warnings);
    anyhow::bail!("git reading is not built yet")
}

/// The git-hours method over all of the manager's commits.
pub fn sessions(
    commits: &[Commit],
    timestamp: Timestamp,
    gap: Duration,
    lead: Duration,
) -> Vec<Session> {
    let _ = (commits, timestamp, gap, lead);
    Vec::new()
}
