//! The week in progress and the week ahead (`docs/model.md`, "The week in
//! progress and the week ahead"): a week that has not ended by now is
//! counted from what happened before now (calendar time, commit and review
//! sessions) and from the calendar after now (the plan: no commit or review
//! is assumed), on one timeline, then cut at now into `done` and `planned`.
//! Its verdict is provisional, and it gets a coding budget: the coding hours
//! that can still be added before the share reaches the limit.

use super::advice::ranked_items;
use super::limits::band_for;
use super::week::{clip, judged_weeks, Activity, Counting, Identity};
use super::{Hours, Progress, WeekFigures};
use crate::git::Session;
use crate::period::Status;
use crate::timeline::{self, Interval, Kind, Piece};
use chrono::{DateTime, Utc};

impl Hours {
    fn add(&mut self, kind: Kind, seconds: i64) {
        match kind {
            Kind::Coding => self.coding += seconds,
            Kind::People => self.people += seconds,
            Kind::Other => self.other += seconds,
            Kind::Ignore => return,
        }
        self.tracked += seconds;
    }
}

/// A manager's activity as known at now: calendar intervals whole, each
/// commit or review session made only of the events before now (so it ends
/// at the last of them, and a session with none is gone), the timeline
/// resolved again over them.
#[derive(Debug, Clone, Default)]
pub struct AsOf {
    intervals: Vec<Interval>,
    pieces: Vec<Piece>,
    commit_times: Vec<DateTime<Utc>>,
    review_times: Vec<DateTime<Utc>>,
    sessions: Vec<Session>,
}

impl AsOf {
    /// `activity` as known at `now`. `session_ends[i]` is, for the session
    /// interval `activity.intervals[event_intervals + i]`, the time of its
    /// last commit or review event before now (None when it has none);
    /// `commit_session_ends` the same for `activity.sessions`.
    pub fn new(
        activity: &Activity,
        session_ends: &[Option<DateTime<Utc>>],
        commit_session_ends: &[Option<DateTime<Utc>>],
        now: DateTime<Utc>,
    ) -> AsOf {
        let events = activity.event_intervals;
        let mut intervals = activity.intervals.to_vec();
        for (iv, end) in intervals[events..].iter_mut().zip(session_ends) {
            // Kept in place, without length, so that indices stay those of
            // `activity` (its coding items); the timeline skips it.
            iv.end = end.unwrap_or(iv.start);
        }
        let before =
            |times: &[DateTime<Utc>]| times[..times.partition_point(|t| *t < now)].to_vec();
        let sessions = (activity.sessions.iter())
            .zip(commit_session_ends)
            .filter_map(|(s, end)| {
                end.map(|end| Session {
                    start: s.start,
                    end,
                    commits: Vec::new(),
                })
            })
            .collect();
        AsOf {
            pieces: timeline::resolve(&intervals),
            intervals,
            commit_times: before(activity.commit_times),
            review_times: before(activity.review_times),
            sessions,
        }
    }

    /// The intervals as known at now, at the indices of the whole
    /// activity's (a session with nothing before now has no length).
    pub fn intervals(&self) -> &[Interval] {
        &self.intervals
    }

    /// The timeline resolved from [`AsOf::intervals`].
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// What the figures are counted from, the coding items those of `base`.
    pub fn activity<'a>(&'a self, base: &Activity<'a>) -> Activity<'a> {
        Activity {
            intervals: &self.intervals,
            pieces: &self.pieces,
            commit_times: &self.commit_times,
            review_times: &self.review_times,
            sessions: &self.sessions,
            ..*base
        }
    }
}

/// The last of a session's event times before `now`, if any (`times` in
/// the session's order, which is time order).
pub fn session_end_before(
    times: impl IntoIterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    times.into_iter().take_while(|t| *t < now).last()
}

/// Each of `weeks` that has not ended by `now` counted again from
/// `as_of` (see [`AsOf`]), with its status, done and planned hours, coding
/// budget and largest planned coding items; complete weeks are left as
/// they are. The 1:1 coverage and the trends are added later, as for any
/// week.
pub fn judge_unfinished(
    weeks: &mut [WeekFigures],
    manager: Identity,
    as_of: &Activity,
    counting: Counting,
    now: DateTime<Utc>,
) {
    let limit = band_for(counting.thresholds, manager.reports.unwrap_or(0)).limit_pct / 100.0;
    for w in weeks.iter_mut() {
        let status = Status::of(w.week, manager.zone, now);
        if status == Status::Complete {
            continue;
        }
        let mut f = judged_weeks(manager, as_of, counting, &[w.week])
            .pop()
            .expect("one week asked, one given");
        f.status = status;
        f.progress = Some(progress(&f, manager, as_of, limit, now));
        *w = f;
    }
}

/// Done, planned, budget and largest planned items of one week `f` that
/// has not ended.
fn progress(
    f: &WeekFigures,
    manager: Identity,
    as_of: &Activity,
    limit: f64,
    now: DateTime<Utc>,
) -> Progress {
    let (from, to) = f.week.bounds(manager.zone);
    let cut = now.clamp(from, to);
    let (mut done, mut planned) = (Hours::default(), Hours::default());
    let mut items: Vec<(usize, i64)> = Vec::new();
    for p in clip(as_of.pieces, from, cut) {
        done.add(
            as_of.intervals[p.owner].kind,
            (p.end - p.start).num_seconds(),
        );
    }
    for p in clip(as_of.pieces, cut, to) {
        let seconds = (p.end - p.start).num_seconds();
        planned.add(as_of.intervals[p.owner].kind, seconds);
        if let Some(item) = as_of.item_of.get(p.owner).copied().flatten() {
            match items.iter_mut().find(|(i, _)| *i == item) {
                Some((_, total)) => *total += seconds,
                None => items.push((item, seconds)),
            }
        }
    }
    Progress {
        done,
        planned,
        coding_budget_hours: coding_budget_hours(f.coding, f.tracked, limit),
        largest_planned: ranked_items(items, as_of.coding_items),
    }
}

/// max(0, (limit × tracked − coding) / (1 − limit)) in hours: the coding
/// x that brings (coding + x) / (tracked + x) up to the limit. None for a
/// limit of 100%.
pub fn coding_budget_hours(coding: i64, tracked: i64, limit: f64) -> Option<f64> {
    if limit >= 1.0 {
        return None;
    }
    let seconds = (limit * tracked as f64 - coding as f64) / (1.0 - limit);
    Some(seconds.max(0.0) / 3600.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_brings_the_share_up_to_the_limit_and_no_further() {
        // 4 h coding of 20 h at 30%: (6 − 4) / 0.7 = 2.857 h; then
        // 6.857 / 22.857 = 30%.
        let b = coding_budget_hours(4 * 3600, 20 * 3600, 0.3).unwrap();
        assert!((b - 2.0 / 0.7).abs() < 1e-9, "{b}");
        assert!(((4.0 + b) / (20.0 + b) - 0.3).abs() < 1e-9);
        // Over already: nothing more.
        assert_eq!(coding_budget_hours(10 * 3600, 20 * 3600, 0.3), Some(0.0));
        assert_eq!(coding_budget_hours(0, 0, 1.0), None);
    }
}
