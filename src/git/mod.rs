//! Git history → the manager's commits → coding sessions.
//!
//! Reads repositories directly (no git binary) and `git log` text, keeps
//! the manager's commits (docs/model.md, step 4), and builds sessions with
//! the git-hours method (step 5). Knows nothing of calendars or
//! classification.

mod log_text;
mod repo;
mod session;

pub use log_text::EXPORT_HINT;
pub use session::sessions;

use crate::Warning;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashSet;
use std::sync::Arc;

/// Author or committer time: a config choice the readers and sessions follow.
pub use crate::config::Timestamp;

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
/// each hash once (the first record wins, repositories before logs, each in
/// the order given), merges left out unless asked for.
///
/// A missing path, a folder that is not a repository, or text that is not
/// `git log` output is an `Err` naming the path; a malformed record is
/// skipped with a [`Warning`] naming the file and line.
pub fn read(
    repos: &[String],
    logs: &[String],
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<Vec<Commit>> {
    let mut commits = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut keep = |commit: Commit| {
        if !seen.contains(&commit.hash) {
            seen.insert(commit.hash.clone());
            commits.push(commit);
        }
    };
    for path in repos {
        repo::read_repo(path, opts, warnings, &mut keep)?;
    }
    for path in logs {
        log_text::read_log(path, opts, warnings, &mut keep)?;
    }
    Ok(commits)
}

/// Whether an author email is one of the manager's, whatever the case of
/// either. Compares without allocating for ASCII addresses, since most
/// commits are someone else's.
fn is_me(email: &[u8], me: &[String]) -> bool {
    let email = email.trim_ascii();
    if email.is_ascii() {
        me.iter().any(|m| m.as_bytes().eq_ignore_ascii_case(email))
    } else {
        let lower = String::from_utf8_lossy(email).to_lowercase();
        me.iter().any(|m| m.to_lowercase() == lower)
    }
}

#[cfg(test)]
mod tests {
    use super::is_me;

    #[test]
    fn emails_compare_without_regard_to_case_even_beyond_ascii() {
        let me = vec!["Ada@Example.com".to_string(), "ÅSA@exämple.se".to_string()];
        assert!(is_me(b"ada@example.COM", &me));
        assert!(is_me(b" ada@example.com ", &me));
        assert!(is_me("åsa@EXÄMPLE.se".as_bytes(), &me));
        assert!(!is_me(b"ada@example.org", &me));
        assert!(!is_me(b"", &me));
    }
}
