//! Coding sessions by the git-hours method (docs/model.md, step 5).

use super::{Commit, Session, Timestamp};
use chrono::{DateTime, Duration, Utc};

/// The git-hours method over all of the manager's commits: sorted by the
/// chosen time, a gap strictly longer than `gap` starts a new session, and
/// each session covers `[first − lead, last]`. Ties keep a stable order (by hash) so that the
/// commit lists are the same on every run.
pub fn sessions(
    commits: &[Commit],
    timestamp: Timestamp,
    gap: Duration,
    lead: Duration,
) -> Vec<Session> {
    let mut order: Vec<usize> = (0..commits.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&commits[a], &commits[b]);
        a.time(timestamp)
            .cmp(&b.time(timestamp))
            .then_with(|| a.hash.cmp(&b.hash))
    });

    let points = order.into_iter().map(|i| (i, commits[i].time(timestamp)));
    cut(points, gap, lead)
}

/// The one session rule, shared by commits and review events: `points`
/// (an index and its time) in time order; a gap strictly longer than `gap`
/// starts a new session, and each session covers `[first − lead, last]`.
pub fn cut(
    points: impl IntoIterator<Item = (usize, DateTime<Utc>)>,
    gap: Duration,
    lead: Duration,
) -> Vec<Session> {
    let mut out: Vec<Session> = Vec::new();
    let mut last_time = None;
    for (index, time) in points {
        match (out.last_mut(), last_time) {
            (Some(session), Some(last)) if time - last <= gap => {
                session.end = time;
                session.commits.push(index);
            }
            _ => out.push(Session {
                start: time - lead,
                end: time,
                commits: vec![index],
            }),
        }
        last_time = Some(time);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::sync::Arc;

    fn commit(hash: &str, author: DateTime<Utc>, committer: Option<DateTime<Utc>>) -> Commit {
        Commit {
            hash: hash.into(),
            email: "ada@example.com".into(),
            author_time: author,
            committer_time: committer,
            parents: 1,
            source: Arc::from("test"),
            line: None,
        }
    }

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 17, h, m, s).unwrap()
    }

    #[test]
    fn no_commits_no_sessions() {
        let s = sessions(
            &[],
            Timestamp::Author,
            Duration::hours(2),
            Duration::hours(2),
        );
        assert!(s.is_empty());
    }

    #[test]
    fn unsorted_input_is_sorted_and_indices_point_back() {
        let commits = [
            commit("c", at(15, 0, 0), None),
            commit("a", at(9, 0, 0), None),
            commit("b", at(10, 0, 0), None),
        ];
        let s = sessions(
            &commits,
            Timestamp::Author,
            Duration::hours(2),
            Duration::hours(2),
        );
        // 09:00 and 10:00 are one session (1 h gap); 15:00 is 5 h later.
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].commits, vec![1, 2]);
        assert_eq!((s[0].start, s[0].end), (at(7, 0, 0), at(10, 0, 0)));
        assert_eq!(s[1].commits, vec![0]);
        assert_eq!((s[1].start, s[1].end), (at(13, 0, 0), at(15, 0, 0)));
    }

    #[test]
    fn committer_time_falls_back_to_author_time() {
        // a: author 09:00, committed 16:00 (rebased); b: author 10:00, no commit date.
        let commits = [
            commit("a", at(9, 0, 0), Some(at(16, 0, 0))),
            commit("b", at(10, 0, 0), None),
        ];
        let s = sessions(
            &commits,
            Timestamp::Committer,
            Duration::hours(2),
            Duration::minutes(30),
        );
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].start, s[0].end), (at(9, 30, 0), at(10, 0, 0)));
        assert_eq!((s[1].start, s[1].end), (at(15, 30, 0), at(16, 0, 0)));
    }
}
