//! Git history → the manager's commits → coding sessions.
//!
//! Reads repositories directly (no git binary) and `git log` text, keeps
//! the manager's commits (docs/model.md, step 4), and builds sessions with
//! the git-hours method (step 5). Knows nothing of calendars or
//! classification.

mod cache;
mod log_text;
mod repo;
mod session;

pub use log_text::EXPORT_HINT;
pub use session::{cut as cut_sessions, sessions};

use crate::Warning;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};
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

/// A coding session: `[first commit − lead, last commit]` (or, for a
/// review session, `[first review event − lead, last event]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Indices into the commit slice given to [`sessions`] (the review
    /// events, for a review session), in time order.
    pub commits: Vec<usize>,
}

/// What was read of one repository or log, for `twohats doctor`: counted
/// on the way, never by reading again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceCounts {
    /// The repository or log, as the user named it.
    pub source: Arc<str>,
    /// Every commit read, whoever wrote it (merges included).
    pub commits: u64,
    /// Every author met (after .mailmap), most commits first.
    pub authors: Vec<Author>,
    /// The manager's commits here (merges left out unless asked for) per
    /// address, in the order first met, whether or not another source
    /// read first also held them.
    pub matched: Vec<(String, u64)>,
    /// Of those, commits an earlier source already held (counted once).
    pub already_read: u64,
}

/// An author identity and how many commits it wrote in one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    /// Lower-case.
    pub email: String,
    pub commits: u64,
}

/// The authors met while reading: email → name → commits, as written (an
/// allocation per new identity, none per commit).
#[derive(Debug, Default)]
pub(crate) struct Census {
    commits: u64,
    by_email: HashMap<Vec<u8>, HashMap<Vec<u8>, u64>>,
}

impl Census {
    pub(crate) fn add(&mut self, name: &[u8], email: &[u8]) {
        self.add_many(name, email, 1);
    }

    /// `n` commits of one identity.
    pub(crate) fn add_many(&mut self, name: &[u8], email: &[u8], n: u64) {
        self.commits += n;
        let names = match self.by_email.get_mut(email) {
            Some(names) => names,
            None => self.by_email.entry(email.to_vec()).or_default(),
        };
        match names.get_mut(name) {
            Some(count) => *count += n,
            None => {
                names.insert(name.to_vec(), n);
            }
        }
    }

    pub(crate) fn merge(&mut self, other: Census) {
        self.commits += other.commits;
        for (email, names) in other.by_email {
            let mine = self.by_email.entry(email).or_default();
            for (name, n) in names {
                *mine.entry(name).or_default() += n;
            }
        }
    }

    /// The counts of `source`: emails in lower case (their commits added
    /// up), most commits first, then by email and name.
    fn finish(self, source: &Arc<str>) -> SourceCounts {
        let mut merged: HashMap<(String, String), u64> = HashMap::new();
        for (email, names) in self.by_email {
            let email = String::from_utf8_lossy(&email).trim().to_lowercase();
            for (name, n) in names {
                let name = String::from_utf8_lossy(&name).trim().to_string();
                *merged.entry((name, email.clone())).or_default() += n;
            }
        }
        let mut authors: Vec<Author> = merged
            .into_iter()
            .map(|((name, email), commits)| Author {
                name,
                email,
                commits,
            })
            .collect();
        authors.sort_by(|a, b| (b.commits, &a.email, &a.name).cmp(&(a.commits, &b.email, &b.name)));
        SourceCounts {
            source: source.clone(),
            commits: self.commits,
            authors,
            matched: Vec::new(),
            already_read: 0,
        }
    }
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
    read_counted(repos, logs, opts, warnings).map(|(commits, _)| commits)
}

/// [`read`], with what was read of each source.
pub fn read_counted(
    repos: &[String],
    logs: &[String],
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<(Vec<Commit>, Vec<SourceCounts>)> {
    let mut kept = Kept::default();
    let mut counts = Vec::new();
    let sources = (repos.iter().map(|p| (p, true))).chain(logs.iter().map(|p| (p, false)));
    for (path, is_repo) in sources {
        let mut census = Census::default();
        let mut keep = |commit: Commit| kept.keep(commit);
        if is_repo {
            repo::read_repo(path, opts, warnings, &mut keep, &mut census)?;
        } else {
            log_text::read_log(path, opts, warnings, &mut keep, &mut census)?;
        }
        let mut c = census.finish(&Arc::from(path.as_str()));
        c.matched = std::mem::take(&mut kept.matched);
        c.already_read = std::mem::take(&mut kept.already_read);
        counts.push(c);
    }
    let commits = kept.commits;
    Ok((commits, counts))
}

/// The manager's commits kept so far, each hash once; and of the source
/// being read, its commits per address and how many were already kept.
#[derive(Default)]
struct Kept {
    commits: Vec<Commit>,
    seen: HashSet<String>,
    matched: Vec<(String, u64)>,
    already_read: u64,
}

impl Kept {
    fn keep(&mut self, commit: Commit) {
        match self.matched.iter_mut().find(|(e, _)| *e == commit.email) {
            Some((_, n)) => *n += 1,
            None => self.matched.push((commit.email.clone(), 1)),
        }
        if self.seen.contains(&commit.hash) {
            self.already_read += 1;
        } else {
            self.seen.insert(commit.hash.clone());
            self.commits.push(commit);
        }
    }
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
