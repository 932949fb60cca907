//! 1:1 coverage per report (`docs/model.md`, "1:1 coverage"): with the
//! manager's `team` listed, each member is followed week by week — met this
//! week or not, when last, overdue after `one_on_one_max_gap_weeks` without
//! a 1:1.
//!
//! A 1:1 is a kept occurrence of category "one-on-ones"; it is with the
//! members among its attendees, or, when it has no attendees but the
//! manager (their own block), with the members its title names. Which
//! occurrences those are is decided by the caller (`intervals`); here are
//! the matching rule ([`Team::matches`]) and the figures ([`weekly`]).

use super::Report;
use crate::classify::keyword_regex;
use crate::config::TeamMember;
use crate::period::Week;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use regex::Regex;
use std::collections::HashMap;
use std::sync::Arc;

/// How a 1:1 was matched to a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// The member's address is among the attendees.
    Attendee,
    /// An own block whose title names the member.
    Title,
}

impl Matched {
    pub fn as_str(self) -> &'static str {
        match self {
            Matched::Attendee => "attendee",
            Matched::Title => "title",
        }
    }
}

/// A manager's team, ready to match 1:1s against.
#[derive(Debug)]
pub struct Team<'a> {
    members: &'a [TeamMember],
    /// The manager's own addresses: not members, and not what makes a
    /// meeting more than an own block.
    me: &'a [String],
    /// Per member, the title words that name them (display name, first
    /// name, the address's local part) as one whole-word regex.
    titles: Vec<Option<Regex>>,
    /// Each member's index by address: an all-hands's attendees are looked
    /// up once each, not compared with every member.
    by_address: HashMap<&'a str, usize>,
}

impl<'a> Team<'a> {
    pub fn new(members: &'a [TeamMember], me: &'a [String]) -> Team<'a> {
        let titles = members.iter().map(title_regex).collect();
        let by_address = (members.iter().enumerate())
            .flat_map(|(i, m)| m.addresses().map(move |a| (a, i)))
            .collect();
        Team {
            members,
            me,
            titles,
            by_address,
        }
    }

    pub fn members(&self) -> &'a [TeamMember] {
        self.members
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The member whose address this is (lower-case, without `mailto:`).
    pub fn index_of(&self, address: &str) -> Option<usize> {
        self.by_address.get(address).copied()
    }

    /// The members among `declined` (an occurrence's attendees who
    /// declined it), in the order given.
    pub fn declined<'s>(&'s self, declined: &'s [String]) -> impl Iterator<Item = usize> + 's {
        declined.iter().filter_map(|a| self.index_of(a))
    }

    /// The members a 1:1 with this title and these attendees (lower-case
    /// addresses, the organizer included) is with, and how, in team order;
    /// a member among `declined` was invited but not met.
    pub fn matches(
        &self,
        title: &str,
        attendees: &[String],
        declined: &[String],
    ) -> Vec<(usize, Matched)> {
        let others = attendees.iter().any(|a| !self.me.contains(a));
        if others {
            let mut with: Vec<(usize, Matched)> = (attendees.iter())
                .filter(|a| !declined.contains(a))
                .filter_map(|a| self.by_address.get(a.as_str()))
                .map(|&i| (i, Matched::Attendee))
                .collect();
            // In team order, each member once (a member invited under two
            // of their addresses).
            with.sort_unstable_by_key(|(i, _)| *i);
            with.dedup_by_key(|(i, _)| *i);
            return with;
        }
        (self.titles.iter().enumerate())
            .filter(|(_, re)| re.as_ref().is_some_and(|re| re.is_match(title)))
            .map(|(i, _)| (i, Matched::Title))
            .collect()
    }
}

/// The display name, its first word, and the address's local part, as
/// whole words, case-insensitively (a space matching any run of white
/// space, as the built-in keywords do). Words that do not start and end
/// with a letter or digit cannot be whole words and are left out.
fn title_regex(member: &TeamMember) -> Option<Regex> {
    let locals = member
        .addresses()
        .map(|a| a.split('@').next().unwrap_or(""));
    let name = member.name.as_deref().unwrap_or("");
    let first = name.split_whitespace().next().unwrap_or("");
    let mut words: Vec<String> = [name, first]
        .into_iter()
        .chain(locals)
        .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|w| {
            let edge = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            edge(w.chars().next()) && edge(w.chars().last())
        })
        .collect();
    words.dedup();
    if words.is_empty() {
        return None;
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    Regex::new(&keyword_regex(&words)).ok()
}

/// One 1:1 as coverage counts it: when it took place (the occurrence's own
/// times, whatever the timeline gave it) and the members it is with.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOnOne {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Team indices, each once, with how they matched.
    pub with: Vec<(usize, Matched)>,
}

/// The coverage of one manager-week. `members` is empty wherever names
/// must not be shown ([`hide_members`]), and in figures read from shares.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    /// Members in the team.
    pub team: u32,
    /// Members with a 1:1 this week.
    pub met: u32,
    /// Members with none this week nor in the `gap − 1` weeks before.
    pub overdue: u32,
    pub members: Vec<MemberWeek>,
}

/// One member's week.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberWeek {
    pub address: Arc<str>,
    /// The display name, else the address.
    pub name: Arc<str>,
    /// 1:1 seconds inside the week.
    pub seconds: i64,
    /// The (manager's local) date of the last 1:1 starting before the
    /// week's end, within the weeks read.
    pub last: Option<NaiveDate>,
    /// 0 when met this week, else whole weeks since the week of `last`.
    pub weeks_since: Option<u32>,
    pub overdue: bool,
}

/// The coverage of each of `weeks` (in order; the weeks before the first
/// reported one included, so that its overdue members are known), for a
/// team met in `one_on_ones`; a member is overdue in a week when none of
/// their 1:1s touches it or the `gap − 1` weeks before it.
///
/// Each 1:1 is placed once in the weeks it touches; a week then looks its
/// members up (and finds `last` by binary search), so the cost grows with
/// the 1:1s and the weeks, not their product.
pub fn weekly(
    team: &[TeamMember],
    one_on_ones: &[OneOnOne],
    zone: Tz,
    weeks: &[Week],
    gap: u32,
) -> Vec<Coverage> {
    let mut spans: Vec<Vec<(DateTime<Utc>, DateTime<Utc>)>> = vec![Vec::new(); team.len()];
    for o in one_on_ones {
        for &(member, _) in &o.with {
            spans[member].push((o.start, o.end));
        }
    }
    let mut met: Vec<MemberMeetings> = vec![MemberMeetings::default(); team.len()];
    for (m, spans) in met.iter_mut().zip(spans) {
        // The same 1:1 twice (an invitation and an own block, two copies of
        // a calendar) is one meeting: overlapping times count once.
        for (start, end) in merged(spans) {
            m.add(start, end, zone);
        }
        m.starts.sort_unstable();
    }
    let names: Vec<(Arc<str>, Arc<str>)> = (team.iter())
        .map(|m| (Arc::from(m.address.as_str()), Arc::from(m.shown())))
        .collect();
    weeks
        .iter()
        .map(|&week| {
            let members: Vec<MemberWeek> = (met.iter().zip(&names))
                .map(|(met, (address, name))| MemberWeek {
                    address: address.clone(),
                    name: name.clone(),
                    ..met.week(zone, week, gap)
                })
                .collect();
            Coverage {
                team: members.len() as u32,
                met: members.iter().filter(|m| m.weeks_since == Some(0)).count() as u32,
                overdue: members.iter().filter(|m| m.overdue).count() as u32,
                members,
            }
        })
        .collect()
}

/// One member's 1:1s: the seconds of each week they touch (a week with a
/// zero-length 1:1 is there with 0), and every start, sorted.
#[derive(Debug, Clone, Default)]
struct MemberMeetings {
    weeks: HashMap<Week, i64>,
    starts: Vec<DateTime<Utc>>,
}

/// `spans` sorted, overlapping ones merged.
fn merged(mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    spans.sort_unstable();
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match out.last_mut() {
            Some(last) if start < last.1 || start == last.0 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

impl MemberMeetings {
    fn add(&mut self, start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) {
        self.starts.push(start);
        let mut week = Week::containing(start.with_timezone(&zone).date_naive());
        loop {
            let (from, to) = week.bounds(zone);
            if !super::touches(start, end, from, to) {
                break;
            }
            let inside = (end.min(to) - start.max(from)).num_seconds().max(0);
            *self.weeks.entry(week).or_insert(0) += inside;
            week = week.next();
        }
    }

    /// The member's figures for `week`.
    fn week(&self, zone: Tz, week: Week, gap: u32) -> MemberWeek {
        let to = week.bounds(zone).1;
        let before_end = self.starts.partition_point(|s| *s < to);
        let last = before_end
            .checked_sub(1)
            .map(|i| self.starts[i].with_timezone(&zone).date_naive());
        let weeks_since = if self.weeks.contains_key(&week) {
            Some(0)
        } else {
            last.map(|d| ((week.monday() - Week::containing(d).monday()).num_days() / 7) as u32)
        };
        let recent = std::iter::successors(Some(week), |w| Some(w.previous())).take(gap as usize);
        MemberWeek {
            address: Arc::from(""),
            name: Arc::from(""),
            seconds: self.weeks.get(&week).copied().unwrap_or(0),
            last,
            weeks_since,
            overdue: !recent.into_iter().any(|w| self.weeks.contains_key(&w)),
        }
    }
}

/// Every week's `members` emptied: for reports of more than one manager,
/// `--redact`, shares and groups, which carry the counts only
/// (`docs/model.md`, "1:1 coverage").
pub fn hide_members(report: &mut Report) {
    let weeks = report.managers.iter_mut().flat_map(|m| &mut m.weeks);
    for c in weeks.filter_map(|w| w.coverage.as_mut()) {
        c.members = Vec::new();
    }
}

/// The weeks read before the range for a manager with a team, at least:
/// `last` and `weeks_since` reach this far back (more when
/// `one_on_one_max_gap_weeks` asks for more).
pub const LOOK_BACK_WEEKS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn member(entry: (&str, Option<&str>)) -> TeamMember {
        TeamMember {
            address: entry.0.to_string(),
            name: entry.1.map(str::to_string),
            also: Vec::new(),
        }
    }

    #[test]
    fn an_own_block_is_matched_by_name_first_name_or_local_part() {
        let team = [
            member(("ana@example.com", Some("Ana Lima"))),
            member(("ben@example.com", None)),
            member(("chen.wu@example.com", Some("Chen Wu"))),
        ];
        let me = ["jonas@example.com".to_string()];
        let t = Team::new(&team, &me);
        let own = |title: &str| -> Vec<usize> {
            let with = t.matches(title, &["jonas@example.com".to_string()], &[]);
            assert!(with.iter().all(|(_, how)| *how == Matched::Title));
            with.into_iter().map(|(i, _)| i).collect()
        };
        assert_eq!(own("1:1 with Chen"), [2]);
        assert_eq!(own("1:1 ana  lima"), [0]);
        assert_eq!(own("Ben / Jonas 1:1"), [1]);
        assert_eq!(own("1:1 chen.wu"), [2]);
        // Whole words only: "Benedikt" is not Ben, "Anastasia" not Ana.
        assert!(own("1:1 Benedikt, Anastasia").is_empty());
        // With other attendees, the title does not count.
        let invited = [
            "jonas@example.com".to_string(),
            "ana@example.com".to_string(),
        ];
        let with = t.matches("1:1 Chen", &invited, &[]);
        assert_eq!(with, [(0, Matched::Attendee)]);
        // Ana declined: invited, not met.
        let declined = ["ana@example.com".to_string()];
        assert!(t.matches("1:1 Chen", &invited, &declined).is_empty());
    }

    #[test]
    fn a_1_1_across_midnight_on_sunday_is_met_in_both_weeks() {
        use chrono::TimeZone;
        let team = [member(("ana@example.com", Some("Ana Lima")))];
        let zone = chrono_tz::Europe::Berlin;
        // Sun 22 Nov 23:30 to Mon 23 Nov 00:30 Berlin (CET, +01:00).
        let one_on_one = OneOnOne {
            start: Utc.with_ymd_and_hms(2026, 11, 22, 22, 30, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 11, 22, 23, 30, 0).unwrap(),
            with: vec![(0, Matched::Attendee)],
        };
        let weeks: Vec<Week> = ["2026-W47", "2026-W48", "2026-W49"]
            .iter()
            .map(|w| w.parse().unwrap())
            .collect();
        let c = weekly(&team, &[one_on_one], zone, &weeks, 1);
        let ana: Vec<(i64, Option<u32>, bool)> = (c.iter())
            .map(|c| {
                (
                    c.members[0].seconds,
                    c.members[0].weeks_since,
                    c.members[0].overdue,
                )
            })
            .collect();
        // 30 minutes in each week; W49: last met in W47 (its start), two
        // weeks before, overdue with a gap of 1.
        assert_eq!(
            ana,
            [
                (1800, Some(0), false),
                (1800, Some(0), false),
                (0, Some(2), true)
            ]
        );
        assert_eq!(
            c[2].members[0].last,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
        );
    }
}
