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
use chrono::{DateTime, Duration, Utc};
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
    /// How far back repositories are read; `None` reads their whole
    /// history (what `doctor` counts).
    pub reach: Option<Reach>,
}

/// What the figures from `since` on need of a repository's history: the
/// sessions that reach `since` whole (docs/model.md, step 5), so every
/// commit back to a gap of more than `session_gap` before `since`.
#[derive(Debug, Clone)]
pub struct Reach {
    /// The first instant whose figures are asked for (the first look-back
    /// week's start).
    pub since: DateTime<Utc>,
    /// A gap strictly longer than this starts a new session.
    pub session_gap: Duration,
    /// The times of the manager's commits read elsewhere (a forge's commit
    /// search): they join sessions with the repositories' commits.
    pub other_times: Vec<DateTime<Utc>>,
    /// Now (`--today`, else the clock): commits committed more than
    /// `AFTER_NOW_SECONDS` after it are not read.
    pub now: DateTime<Utc>,
}

/// How far a commit's author date may run ahead of its commit date (a
/// clock running fast) and still be found by a walk that stops at commit
/// dates: git/git's largest, over 82,000 commits, is 1.7 days.
const AUTHOR_AHEAD_SECONDS: i64 = 14 * 86_400;

/// How far a parent's commit date may run ahead of its child's (a clock
/// running fast) and the parent still be reached: git/git's largest is
/// 3.1 days.
const PARENT_AHEAD_SECONDS: i64 = 14 * 86_400;

/// How long after now a commit may have been committed and still be read:
/// a CI job whose `--today` names the day its weeks end and runs days
/// later, a commit rebased in the meantime, a clock running fast. A run
/// with `--today` long past leaves out what came later, and costs what the
/// history up to then costs.
const AFTER_NOW_SECONDS: i64 = 28 * 86_400;

/// The first look-back before `since` whose commits are known whole: a day,
/// enough unless the manager committed every session gap or more often
/// through the whole day before.
const FIRST_LOOK_BACK_SECONDS: i64 = 86_400;

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
///
/// With [`GitOptions::reach`], repositories are read back from HEAD only
/// to commit dates a margin before a look-back instant (a day before
/// `since` at first): every commit authored (or committed) since that
/// instant is then read. While the manager's commits show no gap of more
/// than the session gap between that instant and `since`, a session could
/// reach further back, and the repositories whose walk ended early are
/// read again, twice as far back (docs/model.md, step 5).
pub fn read_counted(
    repos: &[String],
    logs: &[String],
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<(Vec<Commit>, Vec<SourceCounts>)> {
    let mut back_to = first_look_back(opts);
    let mut repos_read = (repos.iter())
        .map(|path| read_repo(path, opts, back_to))
        .collect::<anyhow::Result<Vec<SourceRead>>>()?;
    let logs_read = (logs.iter())
        .map(|path| read_log(path, opts))
        .collect::<anyhow::Result<Vec<SourceRead>>>()?;
    while let (Some(reach), Some(from)) = (&opts.reach, back_to) {
        let read = repos_read.iter().chain(&logs_read);
        if sessions_whole(reach, from, read, opts.timestamp) {
            break;
        }
        // Past the dates chrono can hold: the whole history.
        back_to =
            ((reach.since - from).checked_mul(2)).and_then(|d| reach.since.checked_sub_signed(d));
        // A walk that left no commit unread for its date has all there is.
        for (path, read) in repos.iter().zip(&mut repos_read) {
            if read.stopped_early {
                *read = read_repo(path, opts, back_to)?;
            }
        }
    }
    let mut kept = Kept::default();
    let mut counts = Vec::new();
    let sources = repos
        .iter()
        .zip(repos_read)
        .chain(logs.iter().zip(logs_read));
    for (path, read) in sources {
        warnings.extend(read.warnings);
        for commit in read.commits {
            kept.keep(commit);
        }
        let mut c = read.census.finish(&Arc::from(path.as_str()));
        c.matched = std::mem::take(&mut kept.matched);
        c.already_read = std::mem::take(&mut kept.already_read);
        counts.push(c);
    }
    Ok((kept.commits, counts))
}

/// What one source gave: the manager's commits, every author met, its
/// warnings, and whether a repository's walk left commits unread for
/// their dates.
#[derive(Default)]
struct SourceRead {
    commits: Vec<Commit>,
    census: Census,
    warnings: Vec<Warning>,
    stopped_early: bool,
}

/// The instant repositories are first read back to: a day before
/// `since` (none, and the whole history, without a reach).
fn first_look_back(opts: &GitOptions) -> Option<DateTime<Utc>> {
    (opts.reach.as_ref()).and_then(|r| {
        r.since
            .checked_sub_signed(Duration::seconds(FIRST_LOOK_BACK_SECONDS))
    })
}

/// One `git log` text: its commits, those committed long after now left
/// out as a repository's walk leaves them (where the text gives commit
/// dates).
fn read_log(path: &str, opts: &GitOptions) -> anyhow::Result<SourceRead> {
    let mut read = SourceRead::default();
    let horizon = horizon(opts);
    let mut after_horizon = 0;
    let mut keep = |commit: Commit| match (horizon, commit.committer_time) {
        (Some(h), Some(t)) if t.timestamp() > h => after_horizon += 1,
        _ => read.commits.push(commit),
    };
    log_text::read_log(path, opts, &mut read.warnings, &mut keep, &mut read.census)?;
    read.warnings
        .extend(after_now_warning(path, opts, after_horizon));
    Ok(read)
}

/// Commits committed after this (seconds) are not read: a margin after now.
fn horizon(opts: &GitOptions) -> Option<i64> {
    (opts.reach.as_ref()).map(|r| r.now.timestamp() + AFTER_NOW_SECONDS)
}

/// One repository read back to the commits dated a margin before
/// `back_to` (the whole history without it), and with a reach up to a
/// margin after now.
fn read_repo(
    path: &str,
    opts: &GitOptions,
    back_to: Option<DateTime<Utc>>,
) -> anyhow::Result<SourceRead> {
    let dates = repo::CommitDates {
        cutoff: back_to.map(|t| t.timestamp() - AUTHOR_AHEAD_SECONDS - PARENT_AHEAD_SECONDS),
        horizon: horizon(opts),
    };
    let mut read = SourceRead::default();
    let mut keep = |commit: Commit| read.commits.push(commit);
    let (warnings, census) = (&mut read.warnings, &mut read.census);
    let walked = repo::read_repo(path, opts, dates, warnings, &mut keep, census)?;
    read.stopped_early = walked.stopped_early;
    read.warnings
        .extend(shallow_warning(path, opts, walked.shallow_edge));
    read.warnings
        .extend(after_now_warning(path, opts, walked.after_horizon));
    Ok(read)
}

/// A warning when commits were left unread for being committed long after
/// now: a run with `--today` long past, or a committer's clock running fast.
fn after_now_warning(path: &str, opts: &GitOptions, unread: u64) -> Option<Warning> {
    let now = opts.reach.as_ref().filter(|_| unread > 0)?.now;
    let date = now.with_timezone(&opts.zone).format("%Y-%m-%d %H:%M");
    let commits = match unread {
        1 => "1 commit".to_string(),
        n => format!("{n} commits"),
    };
    let message = format!(
        "{commits} committed more than 28 days after now ({date}) not read (a later --today reads them; without --today, a committer's clock ran fast)"
    );
    Some(Warning::new(path, None, message))
}

/// A warning when a shallow clone's history stops after the first day
/// read (a CI checkout's default depth of 1): commits before its edge are
/// not there, and weeks before it would show no coding without a word.
fn shallow_warning(path: &str, opts: &GitOptions, edge: Option<i64>) -> Option<Warning> {
    let edge = DateTime::from_timestamp(edge?, 0)?;
    if first_look_back(opts).is_some_and(|first| edge < first) {
        return None;
    }
    let date = edge.with_timezone(&opts.zone).format("%Y-%m-%d");
    let message = format!(
        "a shallow clone: its history ends at {date}, and commits before it are not here to count; fetch the whole history (`git fetch --unshallow`; in CI, `fetch-depth: 0`)"
    );
    Some(Warning::new(path, None, message))
}

/// Whether the sessions reaching `reach.since` are whole when the
/// repositories' commits are known from `from` on: no repository walk
/// stopped early, or some stretch of more than the session gap within
/// `[from, since)` holds none of the manager's commits (from any source).
/// No session crosses such a stretch, so every session with a commit at or
/// after `since` has all of its commits after it, where all are known.
/// The stretch may begin at `from` (a commit before it is earlier still)
/// or end at `since` (the next commit is at or after it).
fn sessions_whole<'a>(
    reach: &Reach,
    from: DateTime<Utc>,
    read: impl Iterator<Item = &'a SourceRead> + Clone,
    timestamp: Timestamp,
) -> bool {
    if !read.clone().any(|r| r.stopped_early) {
        return true;
    }
    let times = (read.flat_map(|r| &r.commits).map(|c| c.time(timestamp)))
        .chain(reach.other_times.iter().copied());
    let mut inside: Vec<DateTime<Utc>> = times.filter(|t| from <= *t && *t < reach.since).collect();
    inside.sort_unstable();
    let points = std::iter::once(from)
        .chain(inside)
        .chain(std::iter::once(reach.since));
    let mut previous = None;
    for t in points {
        if previous.is_some_and(|p| t - p > reach.session_gap) {
            return true;
        }
        previous = Some(t);
    }
    false
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
