//! One manager's sources → classified intervals: the calendar occurrences
//! (classified by the rules) and the coding sessions (from all of their
//! commits), each remembering where it came from for `explain`.

use crate::calendar::{self, CalendarOptions, Occurrence};
use crate::classify::{Classification, Classifier};
use crate::config::{Config, GitConfig, TeamMember};
use crate::figures::advice::ONE_ON_ONES;
use crate::figures::coverage::{OneOnOne, Team};
use crate::figures::{Activity, Identity, ItemKind, ItemOrigin};
use crate::forge::{self, ForgeRead, ReviewEvent};
use crate::git::{self, Commit, GitOptions, Session};
use crate::net::CalendarSource;
use crate::timeline::{self, Interval, Kind, Piece};
use crate::Warning;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
// foldhash: the coding items are looked up by key for every coding interval.
use foldhash::{HashMap, HashMapExt};
use std::path::Path;
use std::sync::Arc;

/// A manager with everything resolved: flags and config merged.
#[derive(Debug, Clone)]
pub struct Manager {
    pub name: String,
    /// Lower-case, without `mailto:`.
    pub emails: Vec<String>,
    pub reports: Option<u32>,
    pub zone: Tz,
    pub calendars: Vec<String>,
    pub repos: Vec<String>,
    pub git_logs: Vec<String>,
    /// Share files holding this manager's figures (instead of sources).
    pub figures: Vec<String>,
    /// Those shares, read once when the managers are settled (their zone
    /// decides the weeks).
    pub shared: Option<Arc<crate::share::SharedManager>>,
    pub group: Option<String>,
    /// GitHub / GitLab accounts and saved responses.
    pub forge: forge::Sources,
    /// Microsoft 365 / Google Workspace calendars: live and saved.
    pub api_calendars: calendar::api::Sources,
    /// The direct reports followed for 1:1 coverage.
    pub team: Vec<TeamMember>,
}

impl Manager {
    /// The manager as the figures name them.
    pub fn identity(&self) -> Identity<'_> {
        Identity {
            name: &self.name,
            reports: self.reports,
            zone: self.zone,
        }
    }
}

/// Where an interval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Occurrence(usize),
    Session(usize),
    /// A review session: an index into `ManagerData::review_sessions`.
    Review(usize),
}

/// Everything read for one manager over a window (nothing, for a manager
/// whose figures came from shares).
#[derive(Debug, Default)]
pub struct ManagerData {
    /// Every occurrence overlapping the window, dropped ones included.
    pub occurrences: Vec<Occurrence>,
    /// The rule that decided each occurrence (None for dropped ones).
    pub classes: Vec<Option<Classification>>,
    /// All of the manager's commits (sessions need them all).
    pub commits: Vec<Commit>,
    /// Every commit's time (author or committer, as configured), sorted.
    pub commit_times: Vec<DateTime<Utc>>,
    pub sessions: Vec<Session>,
    /// The manager's review events (each once, in time order) and the
    /// review sessions cut from them.
    pub reviews: Vec<ReviewEvent>,
    pub review_sessions: Vec<Session>,
    /// Every review event's time, sorted.
    pub review_times: Vec<DateTime<Utc>>,
    /// What the timeline sees: kept occurrences, then the commit sessions
    /// and the review sessions that overlap the window.
    pub intervals: Vec<Interval>,
    /// `origins[i]` is where `intervals[i]` came from.
    pub origins: Vec<Origin>,
    /// The timeline resolved from `intervals`, once, for the figures and
    /// for `explain`.
    pub pieces: Vec<Piece>,
    /// What was read of each calendar and git source (`twohats doctor`).
    pub calendar_counts: Vec<calendar::FileCounts>,
    pub git_counts: Vec<git::SourceCounts>,
    pub forge_counts: Vec<forge::SourceCounts>,
    /// What was read of each Graph / Google Calendar source.
    pub api_counts: Vec<calendar::api::ApiCounts>,
    /// The coding items: each calendar series (UID) or single event, and
    /// each repository or log file, with coding time.
    pub coding_items: Vec<ItemOrigin>,
    /// `item_of[i]` is the coding item of `intervals[i]` (None when not
    /// coding).
    pub item_of: Vec<Option<usize>>,
}

/// What the reading stage fetched over the network before the files are
/// read: the manager's calendars (paths as given, URLs' bodies), the
/// occurrences of their API calendars, and what their forges gave.
pub struct Fetched {
    pub calendars: Vec<CalendarSource>,
    /// Microsoft 365 and Google calendars (saved or live): occurrences.
    pub api: calendar::api::live::Found,
    pub forge: ForgeRead,
}

/// Reads one manager's calendars and git history and turns them into
/// classified intervals overlapping `[from, to)`, with the review sessions
/// of what the forges gave, and resolves their timeline. Repositories are
/// read from what `[from, to)` needs up to `git_now` (their history as it
/// stood then), or whole without it.
pub fn gather(
    manager: &Manager,
    (config, classifier): (&Config, &Classifier),
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    Fetched {
        calendars,
        api,
        forge,
    }: Fetched,
    git_now: Option<DateTime<Utc>>,
    warnings: &mut Vec<Warning>,
) -> Result<ManagerData> {
    let (mut occurrences, mut calendar_counts) =
        read_calendars(manager, calendars, config, (from, to), warnings)?;
    if !api.occurrences.is_empty() {
        occurrences.extend(api.occurrences);
        occurrences = crate::calendar::sorted_by_start(occurrences);
    }
    calendar_counts.extend(api.files);
    let git_reach = git_now.map(|now| (from, now));
    let (commits, sessions, git_counts) =
        read_git(manager, &config.git, git_reach, forge.commits, warnings)?;
    let reviews = forge.events;
    let review_sessions = forge::sessions(
        &reviews,
        Duration::minutes(config.forge.session_gap_minutes.into()),
        Duration::minutes(config.forge.review_lead_minutes.into()),
    );
    let review_times: Vec<DateTime<Utc>> = reviews.iter().map(|e| e.time).collect();
    let mut commit_times: Vec<DateTime<Utc>> = (commits.iter())
        .map(|c| c.time(config.git.timestamp))
        .collect();
    commit_times.sort();

    let (classes, mut intervals, mut origins) = classified(&occurrences, classifier);
    let overlaps = |s: &Session| s.start < to && s.end >= from;
    let commits_category: Arc<str> = Arc::from(COMMITS_CATEGORY);
    for (i, s) in sessions.iter().enumerate().filter(|(_, s)| overlaps(s)) {
        intervals.push(session_interval(s, |c| &commits[c].hash, &commits_category));
        origins.push(Origin::Session(i));
    }
    let review_category: Arc<str> = Arc::from(forge::REVIEW_CATEGORY);
    for (i, s) in review_sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| overlaps(s))
    {
        intervals.push(session_interval(s, |e| &reviews[e].id, &review_category));
        origins.push(Origin::Review(i));
    }
    let pieces = timeline::resolve(&intervals);
    let read = Read {
        occurrences: &occurrences,
        sessions: &sessions,
        commits: &commits,
        review_sessions: &review_sessions,
        reviews: &reviews,
    };
    let (coding_items, item_of) = coding_items(&intervals, &origins, &read);
    Ok(ManagerData {
        occurrences,
        classes,
        commits,
        commit_times,
        sessions,
        reviews,
        review_sessions,
        review_times,
        intervals,
        origins,
        pieces,
        calendar_counts,
        git_counts,
        forge_counts: forge.counts,
        api_counts: api.counts,
        coding_items,
        item_of,
    })
}

/// The kept occurrences classified: each occurrence's rule (None when
/// dropped), and their intervals with where each came from.
fn classified(
    occurrences: &[Occurrence],
    classifier: &Classifier,
) -> (Vec<Option<Classification>>, Vec<Interval>, Vec<Origin>) {
    // The rules look only at what an occurrence shares with every other
    // of its event: occurrences that look alike (all of a series) are
    // classified once (`Classifier::classify_each`).
    let kept: Vec<&calendar::EventDetails> = (occurrences.iter())
        .filter(|occ| occ.dropped.is_none())
        .map(|occ| &*occ.event)
        .collect();
    let mut kept_classes = classifier.classify_each(&kept).into_iter();
    let classes: Vec<Option<Classification>> = (occurrences.iter())
        .map(|occ| occ.dropped.is_none().then(|| kept_classes.next()).flatten())
        .collect();
    let mut intervals = Vec::new();
    let mut origins = Vec::new();
    for (i, (occ, class)) in occurrences.iter().zip(&classes).enumerate() {
        let Some(class) = class else { continue };
        intervals.push(Interval {
            start: occ.start,
            end: occ.end,
            kind: class.kind,
            category: class.category.clone(),
            key: occ.event.source.uid.clone(),
        });
        origins.push(Origin::Occurrence(i));
    }
    (classes, intervals, origins)
}

/// What the intervals were made from, for grouping them into items.
struct Read<'a> {
    occurrences: &'a [Occurrence],
    sessions: &'a [Session],
    commits: &'a [Commit],
    review_sessions: &'a [Session],
    reviews: &'a [ReviewEvent],
}

/// Groups the coding intervals into items (`docs/model.md`, "Advice
/// figures"): the occurrences of one UID are one item (a series when any is
/// an instance of a recurrence), a session belongs to the repository or log
/// file of its first commit, a review session to the repository of its
/// first event.
fn coding_items(
    intervals: &[Interval],
    origins: &[Origin],
    read: &Read,
) -> (Vec<ItemOrigin>, Vec<Option<usize>>) {
    let mut items: Vec<ItemOrigin> = Vec::new();
    let mut index: HashMap<ItemKey, usize> = HashMap::new();
    let mut item_of = Vec::with_capacity(intervals.len());
    for (iv, origin) in intervals.iter().zip(origins) {
        if iv.kind != Kind::Coding {
            item_of.push(None);
            continue;
        }
        let (key, kind) = item_key(*origin, read);
        let next = items.len();
        let at = *index.entry(key).or_insert(next);
        if at == next {
            // Titles are made once per item, not per interval.
            let title = match *origin {
                Origin::Occurrence(i) => read.occurrences[i].event.title.clone(),
                Origin::Session(i) => {
                    folder_name(session_source(&read.sessions[i], read.commits)).into()
                }
                Origin::Review(i) => review_repo(&read.review_sessions[i], read.reviews).into(),
            };
            let category = iv.category.clone();
            items.push(ItemOrigin {
                kind,
                title,
                category,
            });
        } else if kind == ItemKind::Series {
            items[at].kind = ItemKind::Series;
        }
        item_of.push(Some(at));
    }
    (items, item_of)
}

/// The item an interval belongs to, and what kind of item it is.
fn item_key<'a>(origin: Origin, read: &Read<'a>) -> (ItemKey<'a>, ItemKind) {
    match origin {
        Origin::Occurrence(i) => {
            let occ = &read.occurrences[i];
            let s = &occ.event.source;
            let key = if s.uid.is_empty() {
                ItemKey::Event(&s.file, s.line)
            } else {
                ItemKey::Uid(&s.uid)
            };
            let kind = if occ.recurrence_id.is_some() {
                ItemKind::Series
            } else {
                ItemKind::Event
            };
            (key, kind)
        }
        Origin::Session(i) => (
            ItemKey::Git(session_source(&read.sessions[i], read.commits)),
            ItemKind::Repository,
        ),
        Origin::Review(i) => (
            ItemKey::Reviews(review_repo(&read.review_sessions[i], read.reviews)),
            ItemKind::Reviews,
        ),
    }
}

/// The repository or log file of a session's first commit.
fn session_source<'a>(session: &Session, commits: &'a [Commit]) -> &'a str {
    (session.commits.first()).map_or("", |&c| &commits[c].source)
}

/// The repository (`owner/repo`) of a review session's first event.
fn review_repo<'a>(session: &Session, reviews: &'a [ReviewEvent]) -> &'a str {
    (session.commits.first()).map_or("", |&e| &reviews[e].repo)
}

/// What makes coding intervals one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ItemKey<'a> {
    /// The occurrences of one UID.
    Uid(&'a str),
    /// An event without a UID: its file and the line of its BEGIN.
    Event(&'a str, u64),
    /// The sessions of one repository or log file.
    Git(&'a str),
    /// The review sessions in one repository.
    Reviews(&'a str),
}

/// A repository's folder name ("payments-api" for `~/src/payments-api` or
/// `~/src/payments-api/.git`), or a log file's name.
fn folder_name(source: &str) -> String {
    let path = Path::new(source);
    let path = match (path.file_name(), path.parent()) {
        // `.git` given from inside the repository: its folder is here.
        (Some(n), Some(p)) if n == ".git" && p.as_os_str().is_empty() => Path::new("."),
        (Some(n), Some(p)) if n == ".git" => p,
        _ => path,
    };
    let named = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            let full = std::fs::canonicalize(path).ok()?;
            Some(full.file_name()?.to_string_lossy().into_owned())
        });
    named.unwrap_or_else(|| source.to_string())
}

/// The manager's calendar occurrences overlapping `[from, to)`.
fn read_calendars(
    manager: &Manager,
    calendars: Vec<CalendarSource>,
    config: &Config,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Occurrence>, Vec<calendar::FileCounts>)> {
    if calendars.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let opts = calendar_options(manager, config, (from, to));
    calendar::read_sources(calendars, &opts, warnings)
}

/// What the calendar readers need of the manager, `[calendar]` and the
/// rules.
pub fn calendar_options(
    manager: &Manager,
    config: &Config,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> CalendarOptions {
    let rule_texts = (config.rules.iter())
        .any(|r| r.description.is_some() || r.location.is_some() || r.categories.is_some());
    let config = &config.calendar;
    CalendarOptions {
        me: manager.emails.clone(),
        zone: manager.zone,
        from,
        to,
        count_tentative: config.count_tentative,
        count_transparent: config.count_transparent,
        max_event_hours: config.max_event_hours,
        rule_texts,
    }
}

/// The manager's commits (with `reach`, `(since, now)`: from `since` back
/// as far as its sessions reach, up to now; all of them without), the
/// coding sessions cut from them, and what was read of each source.
/// The commits a forge read (`forge_commits`) join them, each sha once:
/// those also read from a repository or log count as that record.
fn read_git(
    manager: &Manager,
    config: &GitConfig,
    reach: Option<(DateTime<Utc>, DateTime<Utc>)>,
    forge_commits: Vec<Commit>,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Commit>, Vec<Session>, Vec<git::SourceCounts>)> {
    let opts = GitOptions {
        me: manager.emails.clone(),
        zone: manager.zone,
        include_merges: config.include_merges,
        timestamp: config.timestamp,
        reach: reach.map(|(since, now)| git::Reach {
            since,
            session_gap: Duration::minutes(config.session_gap_minutes.into()),
            other_times: (forge_commits.iter())
                .map(|c| c.time(config.timestamp))
                .collect(),
            now,
        }),
    };
    let (mut commits, counts) = if manager.repos.is_empty() && manager.git_logs.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        git::read_counted(&manager.repos, &manager.git_logs, &opts, warnings)?
    };
    if !forge_commits.is_empty() {
        // A commit also in the local history counts once.
        let seen: std::collections::HashSet<&str> = commits.iter().map(|c| &*c.hash).collect();
        let new: Vec<Commit> = (forge_commits.into_iter())
            .filter(|c| config.include_merges || c.parents < 2)
            .filter(|c| !seen.contains(&*c.hash))
            .collect();
        commits.extend(new);
    }
    let sessions = git::sessions(
        &commits,
        config.timestamp,
        Duration::minutes(config.session_gap_minutes.into()),
        Duration::minutes(config.session_lead_minutes.into()),
    );
    Ok((commits, sessions, counts))
}

/// A session as the timeline sees it: coding, its key the first member's
/// (a commit's hash, a review event's id).
fn session_interval<'a>(
    s: &Session,
    key_of: impl Fn(usize) -> &'a str,
    category: &Arc<str>,
) -> Interval {
    Interval {
        start: s.start,
        end: s.end,
        kind: Kind::Coding,
        category: category.clone(),
        key: Arc::from(s.commits.first().map_or("", |&i| key_of(i))),
    }
}

impl ManagerData {
    /// What the figures are counted from.
    pub fn activity(&self) -> Activity<'_> {
        Activity {
            intervals: &self.intervals,
            event_intervals: self
                .origins
                .iter()
                .take_while(|o| matches!(o, Origin::Occurrence(_)))
                .count(),
            pieces: &self.pieces,
            commit_times: &self.commit_times,
            review_times: &self.review_times,
            sessions: &self.sessions,
            coding_items: &self.coding_items,
            item_of: &self.item_of,
        }
    }

    /// Every kept occurrence of category "one-on-ones", by index, with the
    /// members of `team` it is with (`docs/model.md`, "1:1 coverage"); an
    /// occurrence with none is listed too, for `doctor`.
    pub fn one_on_ones(&self, team: &Team) -> Vec<(usize, OneOnOne)> {
        let kept =
            (self.occurrences.iter().zip(&self.classes).enumerate()).filter(|(_, (occ, class))| {
                occ.dropped.is_none() && class.as_ref().is_some_and(|c| &*c.category == ONE_ON_ONES)
            });
        kept.map(|(i, (occ, _))| {
            let one_on_one = OneOnOne {
                start: occ.start,
                end: occ.end,
                with: team.matches(&occ.event.title, &occ.event.attendees, &occ.event.declined),
            };
            (i, one_on_one)
        })
        .collect()
    }

    /// The rule shown for an interval in `explain`.
    pub fn rule_of(&self, origin: Origin) -> String {
        match origin {
            Origin::Occurrence(i) => self.classes[i]
                .as_ref()
                .map(|c| c.rule.to_string())
                .unwrap_or_default(),
            Origin::Session(_) => SESSION_RULE.to_string(),
            Origin::Review(_) => REVIEW_RULE.to_string(),
        }
    }
}

/// The category of coding sessions made of commits.
pub const COMMITS_CATEGORY: &str = "commits";

/// Review sessions are not classified by rules either.
pub const REVIEW_RULE: &str = "forge";

/// Sessions are not classified by rules; `explain` names them this way.
pub const SESSION_RULE: &str = "git";

#[cfg(test)]
mod tests {
    use super::folder_name;

    #[test]
    fn a_repository_is_named_by_its_folder_also_as_dot_git() {
        assert_eq!(folder_name("/src/payments-api"), "payments-api");
        assert_eq!(folder_name("/src/payments-api/.git"), "payments-api");
        assert_eq!(folder_name("history.log"), "history.log");
        // `--repo .git` from inside the repository: this folder's name.
        let here = std::env::current_dir().unwrap();
        let name = here.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(folder_name(".git"), name);
        assert_eq!(folder_name("./.git"), name);
    }
}
