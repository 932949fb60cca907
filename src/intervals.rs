//! One manager's sources → classified intervals: the calendar occurrences
//! (classified by the rules) and the coding sessions (from all of their
//! commits), each remembering where it came from for `explain`.

use crate::calendar::{self, CalendarOptions, Occurrence};
use crate::classify::{Classification, Classifier};
use crate::config::Config;
use crate::git::{self, Commit, GitOptions, Session};
use crate::timeline::{Interval, Kind};
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
}

/// Where an interval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Occurrence(usize),
    Session(usize),
}

/// Everything read for one manager over a window.
#[derive(Debug)]
pub struct ManagerData {
    /// Every occurrence overlapping the window, dropped ones included.
    pub occurrences: Vec<Occurrence>,
    /// The rule that decided each occurrence (None for dropped ones).
    pub classes: Vec<Option<Classification>>,
    /// All of the manager's commits (sessions need them all).
    pub commits: Vec<Commit>,
    pub sessions: Vec<Session>,
    /// What the timeline sees: kept occurrences and the sessions that
    /// overlap the window.
    pub intervals: Vec<Interval>,
    /// `origins[i]` is where `intervals[i]` came from.
    pub origins: Vec<Origin>,
}

/// Reads one manager's calendars and git history and turns them into
/// classified intervals overlapping `[from, to)`.
pub fn gather(
    manager: &Manager,
    config: &Config,
    classifier: &Classifier,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    warnings: &mut Vec<Warning>,
) -> Result<ManagerData> {
    let occurrences = if manager.calendars.is_empty() {
        Vec::new()
    } else {
        let opts = CalendarOptions {
            me: manager.emails.clone(),
            zone: manager.zone,
            from,
            to,
            count_tentative: config.calendar.count_tentative,
            count_transparent: config.calendar.count_transparent,
            max_event_hours: config.calendar.max_event_hours,
        };
        calendar::read(&manager.calendars, &opts, warnings)?
    };

    let (commits, sessions) = if manager.repos.is_empty() && manager.git_logs.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let opts = GitOptions {
            me: manager.emails.clone(),
            zone: manager.zone,
            include_merges: config.git.include_merges,
            timestamp: config.git.timestamp,
        };
        let commits = git::read(&manager.repos, &manager.git_logs, &opts, warnings)?;
        let sessions = git::sessions(
            &commits,
            config.git.timestamp,
            Duration::minutes(config.git.session_gap_minutes.into()),
            Duration::minutes(config.git.session_lead_minutes.into()),
        );
        (commits, sessions)
    };

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
            intervals.push(Interval {
                start: s.start,
                end: s.end,
                kind: Kind::Coding,
                category: "commits".to_string(),
                key: s
                    .commits
                    .first()
                    .map(|&c| commits[c].hash.clone())
                    .unwrap_or_default(),
            });
            origins.push(Origin::Session(i));
        }
    }
    Ok(ManagerData {
        occurrences,
        classes,
        commits,
        sessions,
        intervals,
        origins,
    })
}

impl ManagerData {
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
