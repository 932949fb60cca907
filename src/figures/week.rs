//! One manager's week figures: hours per kind and category from the
//! resolved timeline, after-hours coding, and the counts of commits,
//! sessions and events (`docs/model.md`, steps 7 and 9). The limit and the
//! verdict come from [`super::limits`].
//!
//! Figures take only what they count from: the intervals and the timeline
//! resolved from them, the commit times, the sessions, and the thresholds
//! and working hours of the config.

use super::advice::{self, ItemOrigin};
use super::limits::{band_for, share, verdict};
use super::{ManagerFigures, Summary, Verdict, WeekFigures};
use crate::config::{PeopleConfig, Thresholds, WorkingHours};
use crate::git::Session;
use crate::period::{local_to_utc, Week};
use crate::timeline::{Interval, Kind, Piece};
use chrono::{DateTime, Datelike, Days, Utc};
use chrono_tz::Tz;

/// The manager the figures are for.
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    pub name: &'a str,
    /// Direct reports; none given counts as 0 for the band.
    pub reports: Option<u32>,
    /// Weeks and working hours are cut in this zone.
    pub zone: Tz,
}

/// What one manager's figures are counted from.
#[derive(Debug, Clone, Copy)]
pub struct Activity<'a> {
    /// The classified intervals: calendar events first, then coding
    /// sessions.
    pub intervals: &'a [Interval],
    /// How many of `intervals`, from the first, are calendar events.
    pub event_intervals: usize,
    /// The timeline resolved from `intervals` (`timeline::resolve`).
    pub pieces: &'a [Piece],
    /// Every commit's time (author or committer, as configured), sorted.
    pub commit_times: &'a [DateTime<Utc>],
    /// Every review event's time, sorted.
    pub review_times: &'a [DateTime<Utc>],
    pub sessions: &'a [Session],
    /// The coding items (series, single events, repositories) that
    /// `largest_coding` ranks.
    pub coding_items: &'a [ItemOrigin],
    /// `item_of[i]` is the coding item of `intervals[i]`, if it has one.
    pub item_of: &'a [Option<usize>],
}

/// What the config says about counting: the bands and verdict thresholds,
/// the working hours (for after-hours coding) and the people-work norms
/// (for the advice figures).
#[derive(Debug, Clone, Copy)]
pub struct Counting<'a> {
    pub thresholds: &'a Thresholds,
    pub working_hours: &'a WorkingHours,
    pub people: &'a PeopleConfig,
}

/// One manager's figures for each week asked for.
pub fn manager_figures(
    manager: Identity,
    activity: &Activity,
    counting: Counting,
    weeks: &[Week],
) -> ManagerFigures {
    let band = band_for(counting.thresholds, manager.reports.unwrap_or(0));
    let weeks = judged_weeks(manager, activity, counting, weeks);
    let summary = summarise(&weeks);
    ManagerFigures {
        name: manager.name.to_string(),
        reports: manager.reports,
        band: band.name.clone(),
        limit_pct: band.limit_pct,
        timezone: manager.zone.name().to_string(),
        weeks,
        summary,
        group: None,
        source: super::FiguresSource::Sources,
    }
}

/// Each week's figures, verdict and own advice figures (the trends across
/// weeks are added later, by `advice::add_trends`).
///
/// One pass: the events and sessions are indexed once (their bounds
/// sorted), so a week's counts are binary searches, and a week visits only
/// the pieces inside it; the cost is O((intervals + weeks) log n), not
/// weeks × intervals. `tests/figures_props.rs` checks it against the
/// week-by-week reading of `docs/model.md`, steps 7-8.
pub fn judged_weeks(
    manager: Identity,
    activity: &Activity,
    counting: Counting,
    weeks: &[Week],
) -> Vec<WeekFigures> {
    use rayon::prelude::*;
    let band = band_for(counting.thresholds, manager.reports.unwrap_or(0));
    let index = CountIndex::of(activity);
    // Weeks are independent: on every core (ten years are 521 weeks).
    weeks
        .par_iter()
        .map(|&week| {
            let bounds = week.bounds(manager.zone);
            let (mut f, item_seconds) =
                week_figures(week, manager.zone, activity, counting.working_hours);
            (f.commits, f.sessions, f.events) = index.counts(bounds);
            f.reviews = count_u32(in_range(activity.review_times, bounds.0, bounds.1));
            f.verdict = verdict(
                f.tracked,
                f.coding_share_pct,
                band.limit_pct,
                counting.thresholds,
            );
            let largest = advice::ranked_items(item_seconds, activity.coding_items);
            f.advice = advice::week_advice(
                &f,
                manager.reports,
                band.limit_pct,
                counting.people.one_on_one_hours_per_report,
                largest,
            );
            f
        })
        .collect()
}

/// One week's hours (the counts and the verdict are left for the caller),
/// and each coding item's counted seconds, from the week's pieces only.
fn week_figures(
    week: Week,
    zone: Tz,
    activity: &Activity,
    working_hours: &WorkingHours,
) -> (WeekFigures, Vec<(usize, i64)>) {
    let (from, to) = week.bounds(zone);
    let mut f = WeekFigures::empty(week);
    let working = working_windows(week, zone, working_hours);
    let mut items: Vec<(usize, i64)> = Vec::new();
    for p in clip(activity.pieces, from, to) {
        let seconds = (p.end - p.start).num_seconds();
        let iv = &activity.intervals[p.owner];
        match iv.kind {
            Kind::Coding => {
                f.coding += seconds;
                let inside: i64 = working
                    .iter()
                    .map(|&(a, b)| overlap(p.start, p.end, a, b))
                    .sum();
                f.after_hours_coding += seconds - inside;
                if let Some(item) = activity.item_of.get(p.owner).copied().flatten() {
                    add_to(&mut items, item, seconds);
                }
            }
            Kind::People => f.people += seconds,
            Kind::Other => f.other += seconds,
            Kind::Ignore => unreachable!("ignore intervals own no time"),
        }
        f.categories.add(&iv.category, seconds);
    }
    f.categories.shrink_to_fit();
    f.tracked = f.coding + f.people + f.other;
    f.coding_share_pct = share(f.coding, f.tracked);
    (f, items)
}

/// Adds `seconds` to `item`'s entry (a week holds few items: a list is
/// cheaper than a map).
fn add_to(items: &mut Vec<(usize, i64)>, item: usize, seconds: i64) {
    match items.iter_mut().find(|(i, _)| *i == item) {
        Some((_, total)) => *total += seconds,
        None => items.push((item, seconds)),
    }
}

/// The bounds of what a week counts (`docs/model.md`, step 7), sorted once
/// per manager so that each week's counts are binary searches.
///
/// For intervals with start < end and a week `[from, to)`, "overlaps" is
/// start < to and end > from; those that do not overlap either start at or
/// after `to` or end at or before `from`, never both, so the count is
/// #(start < to) − #(end ≤ from).
struct CountIndex<'a> {
    commit_times: &'a [DateTime<Utc>],
    /// Kept, non-ignored calendar events with length.
    event_starts: Vec<DateTime<Utc>>,
    event_ends: Vec<DateTime<Utc>>,
    /// Sessions with length.
    session_starts: Vec<DateTime<Utc>>,
    session_ends: Vec<DateTime<Utc>>,
    /// Sessions without length (one commit, no lead): counted where they lie.
    session_points: Vec<DateTime<Utc>>,
    /// Sessions ending before they start (never built so; counted one by
    /// one all the same).
    odd_sessions: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

impl<'a> CountIndex<'a> {
    fn of(activity: &Activity<'a>) -> CountIndex<'a> {
        let events = activity.intervals[..activity.event_intervals]
            .iter()
            .filter(|iv| iv.kind != Kind::Ignore && iv.end > iv.start);
        let (mut event_starts, mut event_ends): (Vec<_>, Vec<_>) =
            events.map(|iv| (iv.start, iv.end)).unzip();
        let mut index = CountIndex {
            commit_times: activity.commit_times,
            event_starts: Vec::new(),
            event_ends: Vec::new(),
            session_starts: Vec::new(),
            session_ends: Vec::new(),
            session_points: Vec::new(),
            odd_sessions: Vec::new(),
        };
        for s in activity.sessions {
            match s.start.cmp(&s.end) {
                std::cmp::Ordering::Less => {
                    index.session_starts.push(s.start);
                    index.session_ends.push(s.end);
                }
                std::cmp::Ordering::Equal => index.session_points.push(s.start),
                std::cmp::Ordering::Greater => index.odd_sessions.push((s.start, s.end)),
            }
        }
        event_starts.sort_unstable();
        event_ends.sort_unstable();
        index.event_starts = event_starts;
        index.event_ends = event_ends;
        index.session_starts.sort_unstable();
        index.session_ends.sort_unstable();
        index.session_points.sort_unstable();
        index
    }

    /// Commits, sessions and calendar events in `[from, to)`.
    fn counts(&self, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> (u32, u32, u32) {
        let commits = in_range(self.commit_times, from, to);
        let sessions = overlapping(&self.session_starts, &self.session_ends, from, to)
            + in_range(&self.session_points, from, to)
            + (self.odd_sessions.iter())
                .filter(|&&(s, e)| touches(s, e, from, to))
                .count();
        let events = overlapping(&self.event_starts, &self.event_ends, from, to);
        (count_u32(commits), count_u32(sessions), count_u32(events))
    }
}

/// How many of the sorted `times` lie in `[from, to)`.
fn in_range(times: &[DateTime<Utc>], from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
    times.partition_point(|t| *t < to) - times.partition_point(|t| *t < from)
}

/// How many intervals (each with start < end; `starts` and `ends` each
/// sorted) overlap `[from, to)`: #(start < to) − #(end ≤ from).
fn overlapping(
    starts: &[DateTime<Utc>],
    ends: &[DateTime<Utc>],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> usize {
    starts.partition_point(|t| *t < to) - ends.partition_point(|t| *t <= from)
}

/// The per-manager summary over the weeks reported (`docs/model.md`,
/// step 9).
pub fn summarise(weeks: &[WeekFigures]) -> Summary {
    let with_data: Vec<&WeekFigures> = weeks
        .iter()
        .filter(|w| w.verdict != Verdict::InsufficientData)
        .collect();
    let coding: i64 = with_data.iter().map(|w| w.coding).sum();
    let tracked: i64 = with_data.iter().map(|w| w.tracked).sum();
    let recent_over = with_data
        .iter()
        .rev()
        .take(4)
        .filter(|w| w.verdict == Verdict::Over)
        .count();
    Summary {
        weeks: count_u32(weeks.len()),
        weeks_with_data: count_u32(with_data.len()),
        weeks_over: count_u32(weeks.iter().filter(|w| w.verdict == Verdict::Over).count()),
        weeks_watch: count_u32(weeks.iter().filter(|w| w.verdict == Verdict::Watch).count()),
        coding_share_pct: share(coding, tracked),
        sustained_over: recent_over >= 3,
    }
}

/// The pieces inside `[from, to)`, cut at its bounds. `pieces` are in time
/// order and disjoint, as `timeline::resolve` gives them.
pub fn clip(
    pieces: &[Piece],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> impl Iterator<Item = Piece> + '_ {
    let first = pieces.partition_point(|p| p.end <= from);
    pieces[first..]
        .iter()
        .take_while(move |p| p.start < to)
        .map(move |p| Piece {
            start: p.start.max(from),
            end: p.end.min(to),
            owner: p.owner,
        })
}

/// The seconds each of `interval_count` intervals finally counts in
/// `[from, to)`: what `explain` shows beside each interval.
pub fn counted_seconds(
    pieces: &[Piece],
    interval_count: usize,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<i64> {
    let mut counted = vec![0i64; interval_count];
    for p in clip(pieces, from, to) {
        counted[p.owner] += (p.end - p.start).num_seconds();
    }
    counted
}

/// Each working day's window `[start, end)` in the manager's zone.
fn working_windows(
    week: Week,
    zone: Tz,
    hours: &WorkingHours,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    (0..7)
        .map(|d| week.monday() + Days::new(d))
        .filter(|day| hours.days.contains(&day.weekday()))
        .map(|day| {
            (
                local_to_utc(day.and_time(hours.start), zone),
                local_to_utc(day.and_time(hours.end), zone),
            )
        })
        .collect()
}

fn overlap(a: DateTime<Utc>, b: DateTime<Utc>, c: DateTime<Utc>, d: DateTime<Utc>) -> i64 {
    (b.min(d) - a.max(c)).num_seconds().max(0)
}

/// An interval touches a week when it overlaps it, or, having no length,
/// lies inside it.
pub fn touches(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> bool {
    if start == end {
        from <= start && start < to
    } else {
        start < to && end > from
    }
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
