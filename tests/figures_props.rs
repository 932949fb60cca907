//! The week figures, computed in one pass over a manager's pieces, sessions,
//! commits and events (`figures::judged_weeks`), against a plain week-by-week
//! reading of `docs/model.md`, steps 7-8 and "Advice figures", on random
//! inputs in Europe/Berlin over weeks that hold a DST change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;
use std::collections::BTreeMap;
use twohats::config::{PeopleConfig, Thresholds, WorkingHours};
use twohats::figures::{judged_weeks, Activity, Counting, Identity, ItemKind, ItemOrigin};
use twohats::figures::{Verdict, WeekFigures};
use twohats::git::Session;
use twohats::period::Week;
use twohats::timeline::{resolve, Interval, Kind, Piece};

const ZONE: Tz = chrono_tz::Europe::Berlin;
const WEEKS: usize = 6;
const CATEGORIES: [&str; 4] = ["one-on-ones", "meetings", "coding", "blocks"];
const TITLES: [&str; 3] = ["Focus", "Billing", "Focus"];

/// The first Monday of the weeks looked at: around the spring change
/// (2026-03-29) or the autumn one (2026-10-25).
fn first_monday(autumn: bool) -> NaiveDate {
    if autumn {
        NaiveDate::from_ymd_opt(2026, 10, 5).unwrap()
    } else {
        NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
    }
}

/// Local wall time → instant; none of the times used here falls in a gap
/// or a fold (midnight, 09:00, 18:00 in Berlin).
fn local(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    ZONE.from_local_datetime(&date.and_time(time))
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => Just(Kind::Coding),
        2 => Just(Kind::People),
        2 => Just(Kind::Other),
        1 => Just(Kind::Ignore)
    ]
}

/// A length in 15-minute steps: mostly short, sometimes days (across a
/// week's end), sometimes none.
fn length() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => 0i64..16,
        1 => 0i64..700,
        1 => Just(0i64),
    ]
}

#[derive(Debug, Clone)]
struct Input {
    autumn: bool,
    /// The weeks asked for, as offsets from the first, in any order.
    weeks: Vec<usize>,
    /// (start step, length in steps, kind, category, item) per event.
    events: Vec<(i64, i64, Kind, usize, usize)>,
    /// (start step, length in steps, item) per session; a negative length
    /// is never built by twohats, but must still be counted as documented.
    sessions: Vec<(i64, i64, usize)>,
    commits: Vec<i64>,
    reports: Option<u32>,
}

fn input() -> impl Strategy<Value = Input> {
    let steps = (WEEKS as i64 + 1) * 7 * 96;
    let start = -96i64..steps;
    let event = (
        start.clone(),
        length(),
        kind(),
        0..CATEGORIES.len(),
        0usize..4,
    );
    let session = (
        start.clone(),
        prop_oneof![8 => length(), 1 => -4i64..0],
        0usize..4,
    );
    (
        any::<bool>(),
        prop::collection::vec(0..WEEKS, 1..WEEKS + 2),
        prop::collection::vec(event, 0..60),
        prop::collection::vec(session, 0..20),
        prop::collection::vec(start, 0..40),
        prop::option::of(0u32..12),
    )
        .prop_map(
            |(autumn, weeks, events, sessions, commits, reports)| Input {
                autumn,
                weeks,
                events,
                sessions,
                commits,
                reports,
            },
        )
}

/// Everything `Activity` borrows.
struct Built {
    intervals: Vec<Interval>,
    event_intervals: usize,
    pieces: Vec<Piece>,
    commit_times: Vec<DateTime<Utc>>,
    sessions: Vec<Session>,
    items: Vec<ItemOrigin>,
    item_of: Vec<Option<usize>>,
    weeks: Vec<Week>,
}

fn build(input: &Input) -> Built {
    let base = local(first_monday(input.autumn), NaiveTime::MIN);
    let at = |step: i64| base + Duration::minutes(15 * step);
    let items: Vec<ItemOrigin> = (0..4)
        .map(|i| ItemOrigin {
            kind: if i == 3 {
                ItemKind::Repository
            } else {
                ItemKind::Series
            },
            title: (*TITLES.get(i).unwrap_or(&"payments-api")).into(),
            category: "coding".into(),
        })
        .collect();
    let mut intervals = Vec::new();
    let mut item_of = Vec::new();
    for (n, &(start, len, kind, category, item)) in input.events.iter().enumerate() {
        intervals.push(Interval {
            start: at(start),
            end: at(start + len),
            kind,
            category: CATEGORIES[category].into(),
            key: format!("uid-{}", n % 7).into(),
        });
        item_of.push((kind == Kind::Coding).then_some(item.min(2)));
    }
    let event_intervals = intervals.len();
    let mut sessions = Vec::new();
    for (n, &(start, len, _)) in input.sessions.iter().enumerate() {
        sessions.push(Session {
            start: at(start),
            end: at(start + len),
            commits: Vec::new(),
        });
        intervals.push(Interval {
            start: at(start),
            end: at(start + len),
            kind: Kind::Coding,
            category: "commits".into(),
            key: format!("{n:040x}").into(),
        });
        item_of.push(Some(3));
    }
    let mut commit_times: Vec<DateTime<Utc>> = input.commits.iter().map(|&s| at(s)).collect();
    commit_times.sort();
    let first = Week::containing(first_monday(input.autumn));
    let weeks = (input.weeks.iter())
        .map(|&n| (0..n).fold(first, |w, _| w.next()))
        .collect();
    Built {
        pieces: resolve(&intervals),
        intervals,
        event_intervals,
        commit_times,
        sessions,
        items,
        item_of,
        weeks,
    }
}

fn overlap(a: DateTime<Utc>, b: DateTime<Utc>, c: DateTime<Utc>, d: DateTime<Utc>) -> i64 {
    (b.min(d) - a.max(c)).num_seconds().max(0)
}

/// What one week counts, read straight from the model: every piece, every
/// session, every event and commit looked at for this week alone.
struct Plain {
    coding: i64,
    people: i64,
    other: i64,
    categories: BTreeMap<std::sync::Arc<str>, i64>,
    after_hours: i64,
    commits: u32,
    sessions: u32,
    events: u32,
    /// (title, seconds), largest first, ties by title then item.
    largest: Vec<(std::sync::Arc<str>, i64)>,
}

fn plain(b: &Built, monday: NaiveDate, hours: &WorkingHours) -> Plain {
    let from = local(monday, NaiveTime::MIN);
    let to = local(monday + Duration::days(7), NaiveTime::MIN);
    let working: Vec<(DateTime<Utc>, DateTime<Utc>)> = (0..7)
        .map(|d| monday + Duration::days(d))
        .filter(|day| hours.days.contains(&day.weekday()))
        .map(|day| (local(day, hours.start), local(day, hours.end)))
        .collect();
    let mut p = Plain {
        coding: 0,
        people: 0,
        other: 0,
        categories: BTreeMap::new(),
        after_hours: 0,
        commits: 0,
        sessions: 0,
        events: 0,
        largest: Vec::new(),
    };
    let mut by_item: BTreeMap<usize, i64> = BTreeMap::new();
    for piece in &b.pieces {
        let seconds = overlap(piece.start, piece.end, from, to);
        if seconds == 0 {
            continue;
        }
        let iv = &b.intervals[piece.owner];
        *p.categories.entry(iv.category.clone()).or_default() += seconds;
        match iv.kind {
            Kind::Coding => {
                p.coding += seconds;
                let (s, e) = (piece.start.max(from), piece.end.min(to));
                let inside: i64 = working.iter().map(|&(a, z)| overlap(s, e, a, z)).sum();
                p.after_hours += seconds - inside;
                if let Some(item) = b.item_of[piece.owner] {
                    *by_item.entry(item).or_default() += seconds;
                }
            }
            Kind::People => p.people += seconds,
            Kind::Other => p.other += seconds,
            Kind::Ignore => panic!("an ignore interval owns time"),
        }
    }
    p.commits = b
        .commit_times
        .iter()
        .filter(|t| from <= **t && **t < to)
        .count() as u32;
    p.sessions = (b.sessions.iter())
        .filter(|s| {
            if s.start == s.end {
                from <= s.start && s.start < to
            } else {
                s.start < to && s.end > from
            }
        })
        .count() as u32;
    p.events = b.intervals[..b.event_intervals]
        .iter()
        .filter(|iv| iv.kind != Kind::Ignore && overlap(iv.start, iv.end, from, to) > 0)
        .count() as u32;
    let mut largest: Vec<(usize, i64)> = by_item.into_iter().collect();
    largest.sort_by(|x, y| {
        (y.1.cmp(&x.1))
            .then_with(|| b.items[x.0].title.cmp(&b.items[y.0].title))
            .then(x.0.cmp(&y.0))
    });
    p.largest = (largest.into_iter().take(3))
        .map(|(i, s)| (b.items[i].title.clone(), s))
        .collect();
    p
}

/// The verdict of `docs/model.md`, step 8, with the default thresholds:
/// the band from the reports, then insufficient data, over, watch, ok.
fn plain_verdict(coding: i64, tracked: i64, reports: u32) -> Verdict {
    let limit = match reports {
        0..=5 => 30.0,
        6..=10 => 20.0,
        _ => 10.0,
    };
    let share = if tracked == 0 {
        0.0
    } else {
        100.0 * coding as f64 / tracked as f64
    };
    if (tracked as f64) < 10.0 * 3600.0 {
        Verdict::InsufficientData
    } else if share > limit {
        Verdict::Over
    } else if share > limit - 5.0 {
        Verdict::Watch
    } else {
        Verdict::Ok
    }
}

fn check(b: &Built, reports: Option<u32>, w: &WeekFigures, hours: &WorkingHours) {
    let p = plain(b, w.week.monday(), hours);
    let tracked = p.coding + p.people + p.other;
    assert_eq!(
        (w.coding, w.people, w.other, w.tracked),
        (p.coding, p.people, p.other, tracked),
        "{}",
        w.week
    );
    let categories: Vec<_> = w.categories.iter().collect();
    assert_eq!(
        categories,
        p.categories.iter().collect::<Vec<_>>(),
        "{}",
        w.week
    );
    assert_eq!(w.after_hours_coding, p.after_hours, "{}", w.week);
    assert_eq!(
        (w.commits, w.sessions, w.events),
        (p.commits, p.sessions, p.events),
        "{}",
        w.week
    );
    let share = if tracked == 0 {
        0.0
    } else {
        100.0 * p.coding as f64 / tracked as f64
    };
    assert_eq!(w.coding_share_pct.to_bits(), share.to_bits(), "{}", w.week);
    let verdict = plain_verdict(p.coding, tracked, reports.unwrap_or(0));
    assert_eq!(w.verdict, verdict, "{}", w.week);
    let largest: Vec<(std::sync::Arc<str>, i64)> = (w.advice.largest_coding.iter())
        .map(|i| (i.label.clone(), i.seconds))
        .collect();
    assert_eq!(largest, p.largest, "{}", w.week);
    let one_on_ones = p.categories.get("one-on-ones").copied().unwrap_or(0);
    assert_eq!(w.advice.one_on_ones, one_on_ones, "{}", w.week);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn one_pass_figures_are_the_week_by_week_figures(input in input()) {
        let b = build(&input);
        let activity = Activity {
            intervals: &b.intervals,
            event_intervals: b.event_intervals,
            pieces: &b.pieces,
            commit_times: &b.commit_times,
            review_times: &[],
            sessions: &b.sessions,
            coding_items: &b.items,
            item_of: &b.item_of,
        };
        let thresholds = Thresholds::default();
        // Saturday work counts as working time here, to vary the windows.
        let hours = WorkingHours {
            days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        };
        let people = PeopleConfig { one_on_one_hours_per_report: 0.5, one_on_one_max_gap_weeks: 2 };
        let counting = Counting { thresholds: &thresholds, working_hours: &hours, people: &people };
        let manager = Identity { name: "Ada", reports: input.reports, zone: ZONE };
        let weeks = judged_weeks(manager, &activity, counting, &b.weeks);
        prop_assert_eq!(weeks.len(), b.weeks.len());
        for (w, asked) in weeks.iter().zip(&b.weeks) {
            prop_assert_eq!(w.week, *asked);
            check(&b, input.reports, w, &hours);
        }
    }
}

/// The spring week really is 167 hours long and the autumn one 169: the
/// random weeks above do cross a DST change.
#[test]
fn the_weeks_looked_at_hold_both_changes() {
    let hours = |monday: NaiveDate| {
        let from = local(monday, NaiveTime::MIN);
        let to = local(monday + Duration::days(7), NaiveTime::MIN);
        (to - from).num_hours()
    };
    assert_eq!(hours(NaiveDate::from_ymd_opt(2026, 3, 23).unwrap()), 167);
    assert_eq!(hours(NaiveDate::from_ymd_opt(2026, 10, 19).unwrap()), 169);
    assert!(first_monday(false) <= NaiveDate::from_ymd_opt(2026, 3, 23).unwrap());
    assert!(first_monday(true) <= NaiveDate::from_ymd_opt(2026, 10, 19).unwrap());
}
