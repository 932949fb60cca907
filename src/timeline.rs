//! The sweep: overlapping intervals → who owns each instant (`docs/model.md`, step 6).
//!
//! Each instant covered by several intervals counts once, for the highest
//! kind in the order people > other > coding; within a kind, for the
//! interval that started first, then the shorter, then the smaller key (UID
//! or commit hash). `ignore` intervals claim no time and hide nothing. The
//! timeline knows nothing of calendars or git.

use chrono::{DateTime, Utc};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Coding,
    People,
    Other,
    Ignore,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Coding => "coding",
            Kind::People => "people",
            Kind::Other => "other",
            Kind::Ignore => "ignore",
        }
    }

    /// Higher wins an overlapping instant.
    fn rank(self) -> u8 {
        match self {
            Kind::People => 3,
            Kind::Other => 2,
            Kind::Coding => 1,
            Kind::Ignore => 0,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        match s {
            "coding" => Ok(Kind::Coding),
            "people" => Ok(Kind::People),
            "other" => Ok(Kind::Other),
            "ignore" => Ok(Kind::Ignore),
            _ => Err(format!(
                "'{s}' is not a kind: use coding, people, other or ignore"
            )),
        }
    }
}

/// What the timeline sees of an occurrence or a coding session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub kind: Kind,
    pub category: Arc<str>,
    /// Last tie-break: the UID or commit hash (shared with its source).
    pub key: Arc<str>,
}

/// A stretch of time owned by one interval (an index into the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub owner: usize,
}

/// Resolves overlapping intervals into disjoint pieces, in time order, each
/// owned by the interval that counts there. Adjacent pieces of one owner are
/// merged.
pub fn resolve(intervals: &[Interval]) -> Vec<Piece> {
    // Precedence rank: 0 is the strongest claim. The sort compares plain
    // numbers (kind, start, length) and looks at the keys only on a tie.
    let mut order: Vec<(u8, DateTime<Utc>, chrono::TimeDelta, usize)> = (0..intervals.len())
        .filter(|&i| {
            let iv = &intervals[i];
            iv.kind != Kind::Ignore && iv.end > iv.start
        })
        .map(|i| {
            let iv = &intervals[i];
            (u8::MAX - iv.kind.rank(), iv.start, iv.end - iv.start, i)
        })
        .collect();
    order.sort_unstable_by(|x, y| {
        (x.0, x.1, x.2)
            .cmp(&(y.0, y.1, y.2))
            .then_with(|| intervals[x.3].key.cmp(&intervals[y.3].key))
            .then(x.3.cmp(&y.3))
    });
    let mut precedence = vec![usize::MAX; intervals.len()];
    for (rank, &(.., i)) in order.iter().enumerate() {
        precedence[i] = rank;
    }

    // Intervals starting together are pushed together: their order here
    // does not matter.
    let mut by_start: Vec<usize> = order.iter().map(|&(.., i)| i).collect();
    by_start.sort_unstable_by_key(|&i| intervals[i].start);

    let mut pieces: Vec<Piece> = Vec::new();
    // Active intervals, strongest first; ended ones are removed lazily.
    let mut active: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut next = 0;
    let mut now: Option<DateTime<Utc>> = None;
    loop {
        // Drop what has ended by `now`.
        while let Some(&Reverse((_, i))) = active.peek() {
            if now.is_some_and(|t| intervals[i].end <= t) {
                active.pop();
            } else {
                break;
            }
        }
        let t = match (now, active.is_empty()) {
            (_, true) if next == by_start.len() => break,
            (_, true) => intervals[by_start[next]].start,
            (Some(t), false) => t,
            (None, false) => unreachable!("nothing is active before the first start"),
        };
        while next < by_start.len() && intervals[by_start[next]].start <= t {
            let i = by_start[next];
            active.push(Reverse((precedence[i], i)));
            next += 1;
        }
        let Some(&Reverse((_, owner))) = active.peek() else {
            continue;
        };
        // The owner holds until it ends or a new interval starts.
        let mut until = intervals[owner].end;
        if next < by_start.len() {
            until = until.min(intervals[by_start[next]].start);
        }
        match pieces.last_mut() {
            Some(p) if p.owner == owner && p.end == t => p.end = until,
            _ => pieces.push(Piece {
                start: t,
                end: until,
                owner,
            }),
        }
        now = Some(until);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 16, h, m, 0).unwrap()
    }

    fn iv(s: (u32, u32), e: (u32, u32), kind: Kind, key: &str) -> Interval {
        Interval {
            start: at(s.0, s.1),
            end: at(e.0, e.1),
            kind,
            category: kind.to_string().into(),
            key: key.into(),
        }
    }

    #[test]
    fn a_meeting_over_a_session_takes_its_hour() {
        let ivs = [
            iv((9, 0), (12, 0), Kind::Coding, "c"),
            iv((10, 0), (11, 0), Kind::People, "p"),
        ];
        let p = resolve(&ivs);
        assert_eq!(
            p,
            [
                Piece {
                    start: at(9, 0),
                    end: at(10, 0),
                    owner: 0
                },
                Piece {
                    start: at(10, 0),
                    end: at(11, 0),
                    owner: 1
                },
                Piece {
                    start: at(11, 0),
                    end: at(12, 0),
                    owner: 0
                },
            ]
        );
    }

    #[test]
    fn within_a_kind_the_earlier_start_wins_then_the_shorter() {
        let ivs = [
            iv((10, 0), (11, 0), Kind::Other, "b"),
            iv((9, 30), (10, 30), Kind::Other, "a"),
            iv((9, 30), (9, 45), Kind::Other, "z"),
        ];
        let p = resolve(&ivs);
        assert_eq!(
            p,
            [
                Piece {
                    start: at(9, 30),
                    end: at(9, 45),
                    owner: 2
                },
                Piece {
                    start: at(9, 45),
                    end: at(10, 30),
                    owner: 1
                },
                Piece {
                    start: at(10, 30),
                    end: at(11, 0),
                    owner: 0
                },
            ]
        );
    }

    #[test]
    fn ignore_claims_nothing_and_gaps_stay_empty() {
        let ivs = [
            iv((12, 0), (13, 0), Kind::Ignore, "lunch"),
            iv((12, 30), (13, 30), Kind::Coding, "c"),
            iv((15, 0), (16, 0), Kind::People, "p"),
        ];
        let p = resolve(&ivs);
        assert_eq!(
            p,
            [
                Piece {
                    start: at(12, 30),
                    end: at(13, 30),
                    owner: 1
                },
                Piece {
                    start: at(15, 0),
                    end: at(16, 0),
                    owner: 2
                },
            ]
        );
    }
}
