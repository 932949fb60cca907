//! One manager's sources → classified intervals: the calendar occurrences
//! (classified by the rules) and the coding sessions (from all of their
//! commits), each remembering where it came from for `explain`.

use crate::calendar::{self, CalendarOptions, Occurrence};
use crate::classify::{Classification, Classifier};
use crate::config::{CalendarConfig, Config, GitConfig};
use crate::figures::{Activity, Identity};
use crate::git::{self, Commit, GitOptions, Session};
use crate::timeline::{self, Interval, Kind, Piece};
use crate::Warning;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

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
    pub group: Option<String>,
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
    /// What the timeline sees: kept occurrences, then the sessions that
    /// overlap the window.
    pub intervals: Vec<Interval>,
    /// `origins[i]` is where `intervals[i]` came from.
    pub origins: Vec<Origin>,
    /// The timeline resolved from `intervals`, once, for the figures and
    /// for `explain`.
    pub pieces: Vec<Piece>,
}

/// Reads one manager's calendars and git history and turns them into
/// classified intervals overlapping `[from, to)`, and resolves their
/// timeline.
pub fn gather(
    manager: &Manager,
    config: &Config,
    classifier: &Classifier,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    warnings: &mut Vec<Warning>,
) -> Result<ManagerData> {
    let occurrences = read_calendars(manager, &config.calendar, (from, to), warnings)?;
    let (commits, sessions) = read_git(manager, &config.git, warnings)?;
    let mut commit_times: Vec<DateTime<Utc>> = commits
        .iter()
        .map(|c| c.time(config.git.timestamp))
        .collect();
    commit_times.sort();

    let mut classes = Vec::with_capacity(occurrences.len());
    let mut intervals = Vec::new();
    let mut origins = Vec::new();
    for (i, occ) in occurrences.iter().enumerate() {
        if occ.dropped.is_some() {
            classes.push(None);
            continue;
        }
        let class = classifier.classify(occ);
        intervals.push(Interval {
            start: occ.start,
            end: occ.end,
            kind: class.kind,
            category: class.category.clone(),
            key: occ.source.uid.to_string(),
        });
        origins.push(Origin::Occurrence(i));
        classes.push(Some(class));
    }
    for (i, s) in sessions.iter().enumerate() {
        if s.start < to && s.end >= from {
            intervals.push(session_interval(s, &commits));
            origins.push(Origin::Session(i));
        }
    }
    let pieces = timeline::resolve(&intervals);
    Ok(ManagerData {
        occurrences,
        classes,
        commits,
        commit_times,
        sessions,
        intervals,
        origins,
        pieces,
    })
}

/// The manager's calendar occurrences overlapping `[from, to)`.
fn read_calendars(
    manager: &Manager,
    config: &CalendarConfig,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Occurrence>> {
    if manager.calendars.is_empty() {
        return Ok(Vec::new());
    }
    let opts = CalendarOptions {
        me: manager.emails.clone(),
        zone: manager.zone,
        from,
        to,
        count_tentative: config.count_tentative,
        count_transparent: config.count_transparent,
        max_event_hours: config.max_event_hours,
    };
    calendar::read(&manager.calendars, &opts, warnings)
}

/// All of the manager's commits, and the coding sessions cut from them.
fn read_git(
    manager: &Manager,
    config: &GitConfig,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Commit>, Vec<Session>)> {
    if manager.repos.is_empty() && manager.git_logs.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let opts = GitOptions {
        me: manager.emails.clone(),
        zone: manager.zone,
        include_merges: config.include_merges,
        timestamp: config.timestamp,
    };
    let commits = git::read(&manager.repos, &manager.git_logs, &opts, warnings)?;
    let sessions = git::sessions(
        &commits,
        config.timestamp,
        Duration::minutes(config.session_gap_minutes.into()),
        Duration::minutes(config.session_lead_minutes.into()),
    );
    Ok((commits, sessions))
}

/// A coding session as the timeline sees it; its key is its first commit.
fn session_interval(s: &Session, commits: &[Commit]) -> Interval {
    Interval {
        start: s.start,
        end: s.end,
        kind: Kind::Coding,
        category: "commits".to_string(),
        key: s
            .commits
            .first()
            .map(|&c| commits[c].hash.clone())
            .unwrap_or_default(),
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
            sessions: &self.sessions,
        }
    }

    /// The rule shown for an interval in `explain`.
    pub fn rule_of(&self, origin: Origin) -> String {
        match origin {
            Origin::Occurrence(i) => self.classes[i]
                .as_ref()
                .map(|c| c.rule.to_string())
                .unwrap_or_default(),
            Origin::Session(_) => SESSION_RULE.to_string(),
        }
    }
}

/// Sessions are not classified by rules; `explain` names them this way.
pub const SESSION_RULE: &str = "git";
