//! Property tests of the timeline sweep (`docs/model.md`, step 6).

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use twohats::timeline::{resolve, Interval, Kind, Piece};

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 16, 0, 0, 0).unwrap()
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Coding),
        Just(Kind::People),
        Just(Kind::Other),
        Just(Kind::Ignore)
    ]
}

/// Intervals inside one week, in 5-minute steps so that ties happen often.
fn intervals() -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::vec((0i64..2016, 0i64..60, kind(), 0u8..6), 0..40).prop_map(|v| {
        v.into_iter()
            .map(|(start, len, kind, key)| Interval {
                start: base() + Duration::minutes(start * 5),
                end: base() + Duration::minutes((start + len) * 5),
                kind,
                category: kind.to_string().into(),
                key: format!("uid-{key}").into(),
            })
            .collect()
    })
}

fn seconds_by_kind(ivs: &[Interval], pieces: &[Piece]) -> [i64; 3] {
    let mut out = [0i64; 3];
    for p in pieces {
        let s = (p.end - p.start).num_seconds();
        match ivs[p.owner].kind {
            Kind::Coding => out[0] += s,
            Kind::People => out[1] += s,
            Kind::Other => out[2] += s,
            Kind::Ignore => panic!("an ignore interval owns time"),
        }
    }
    out
}

/// The union of the non-ignored intervals, computed independently by
/// marking minutes.
fn union_seconds(ivs: &[Interval]) -> i64 {
    let mut minutes = std::collections::HashSet::new();
    for iv in ivs.iter().filter(|iv| iv.kind != Kind::Ignore) {
        let a = (iv.start - base()).num_minutes();
        let b = (iv.end - base()).num_minutes();
        minutes.extend(a..b);
    }
    minutes.len() as i64 * 60
}

proptest! {
    #[test]
    fn kind_hours_add_up_to_the_union(ivs in intervals()) {
        let pieces = resolve(&ivs);
        let by_kind = seconds_by_kind(&ivs, &pieces);
        prop_assert_eq!(by_kind.iter().sum::<i64>(), union_seconds(&ivs));
    }

    #[test]
    fn tracked_never_exceeds_the_week_or_the_sum_of_lengths(ivs in intervals()) {
        let pieces = resolve(&ivs);
        let tracked: i64 = pieces.iter().map(|p| (p.end - p.start).num_seconds()).sum();
        let sum: i64 = ivs.iter().filter(|iv| iv.kind != Kind::Ignore).map(|iv| (iv.end - iv.start).num_seconds()).sum();
        prop_assert!(tracked <= sum);
        // Intervals start inside the week and last at most 5 h.
        prop_assert!(tracked <= (7 * 24 + 5) * 3600);
        // Pieces are disjoint and in order.
        for w in pieces.windows(2) {
            prop_assert!(w[0].end <= w[1].start);
        }
    }

    #[test]
    fn the_result_does_not_depend_on_input_order(ivs in intervals(), seed in any::<u64>()) {
        let mut shuffled: Vec<(usize, Interval)> = ivs.iter().cloned().enumerate().collect();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let original = resolve(&ivs);
        let reordered_ivs: Vec<Interval> = shuffled.iter().map(|(_, iv)| iv.clone()).collect();
        let reordered = resolve(&reordered_ivs);
        prop_assert_eq!(original.len(), reordered.len());
        for (a, b) in original.iter().zip(&reordered) {
            prop_assert_eq!((a.start, a.end), (b.start, b.end));
            // The same interval (by content) owns each piece, unless two
            // intervals are identical in every way that matters.
            let (x, y) = (&ivs[a.owner], &reordered_ivs[b.owner]);
            prop_assert_eq!((x.kind, x.start, x.end, &x.key), (y.kind, y.start, y.end, &y.key));
        }
    }

    #[test]
    fn adding_an_ignore_interval_changes_nothing(ivs in intervals(), start in 0i64..2016, len in 1i64..200) {
        let before = resolve(&ivs);
        let mut more = ivs.clone();
        more.push(Interval {
            start: base() + Duration::minutes(start * 5),
            end: base() + Duration::minutes((start + len) * 5),
            kind: Kind::Ignore,
            category: "personal".into(),
            key: "lunch".into(),
        });
        prop_assert_eq!(before, resolve(&more));
    }
}
