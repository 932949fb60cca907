//! `twohats explain`, rendered: every interval of a week with its kind,
//! category, the rule that decided it, its source and the hours it finally
//! counted, as a table or as JSON. Dropped occurrences are listed too, with
//! the reason. The hours counted are cut from the timeline the figures
//! were counted from.

use crate::cli::ExplainFormat;
use crate::config::Timestamp;
use crate::figures::coverage::Team;
use crate::figures::{clip, hours, touches, Identity};
use crate::intervals::{ManagerData, Origin};
use crate::period::Week;
use crate::timeline::{Interval, Piece};
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// One manager's week, explained.
pub struct Explanation<'a> {
    pub manager: Identity<'a>,
    pub week: Week,
    pub rows: Vec<Row>,
    /// For a manager whose figures came from shares: the files, and no
    /// rows (a share holds no intervals).
    pub shared_from: Option<Vec<String>>,
}

/// One line of the explanation.
pub struct Row {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub kind: String,
    pub category: String,
    pub rule: String,
    /// Seconds this interval counted in the week (0 when dropped).
    pub counted: i64,
    pub title: String,
    /// Why the occurrence counts nothing, for dropped ones.
    pub dropped: Option<String>,
    pub source: Source,
    /// For a 1:1 of a manager with a team, the members it is with (maybe
    /// none) and how it matched them (`docs/model.md`, "1:1 coverage").
    pub with: Option<Vec<With>>,
    /// A calendar row that starts after now: in a week in progress or
    /// ahead, part of the plan, not of what was done.
    pub planned: bool,
}

/// A team member a 1:1 is with.
#[derive(Debug, Clone, Serialize)]
pub struct With {
    pub member: String,
    pub name: String,
    /// "attendee" or "title"; "declined" for a member invited who
    /// declined (not met).
    pub matched: &'static str,
}

/// Where a row came from.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Source {
    Calendar {
        file: String,
        line: u64,
        uid: String,
    },
    Git {
        repo: String,
        commits: Vec<String>,
    },
    /// A review session: its pull requests (`owner/repo#12`).
    Forge {
        pull_requests: Vec<String>,
    },
}

impl Source {
    /// "cal.ics:12 uid", "Microsoft Graph calendar 'primary' uid", or
    /// "repo 11111111 22222222".
    fn text(&self) -> String {
        match self {
            // Line 0: an API page read live has no file to point into.
            Source::Calendar { file, line: 0, uid } => format!("{file} {uid}"),
            Source::Calendar { file, line, uid } => format!("{file}:{line} {uid}"),
            Source::Git { repo, commits } => {
                let short: Vec<&str> = commits.iter().map(|h| &h[..h.len().min(8)]).collect();
                format!("{repo} {}", short.join(" "))
            }
            Source::Forge { pull_requests } => pull_requests.join(", "),
        }
    }
}

/// The intervals and the timeline a week's rows are cut from.
#[derive(Clone, Copy)]
pub struct Cut<'a> {
    pub intervals: &'a [Interval],
    pub pieces: &'a [Piece],
}

/// What is known at `now`: a week that has not ended is explained from
/// `as_of` (`figures::progress::AsOf`: each session made only of its
/// commits and reviews before now), as its figures are counted; with
/// `timestamp`, the commit time the sessions were made from.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub now: DateTime<Utc>,
    pub as_of: Option<Cut<'a>>,
    pub timestamp: Timestamp,
}

/// Every interval and dropped occurrence touching each of `weeks` (sorted,
/// as a period gives them), one list per week, each in time order.
///
/// With a `team`, each 1:1 says which members it is with and how; a row
/// that starts at or after `now` is marked planned.
pub fn rows_by_week(
    manager: Identity,
    d: &ManagerData,
    (weeks, known): (&[Week], Known),
    team: Option<&Team>,
) -> Vec<Vec<Row>> {
    let with = members_met(d, team);
    let bounds: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        weeks.iter().map(|w| w.bounds(manager.zone)).collect();
    // The weeks that have not ended come last.
    let ended = bounds.partition_point(|&(_, to)| to <= known.now);
    let whole = Cut {
        intervals: &d.intervals,
        pieces: &d.pieces,
    };
    let mut rows = cut_rows(d, whole, &bounds[..ended], (&with, None));
    let as_of = known.as_of.unwrap_or(whole);
    let before = Some((known.now, known.timestamp));
    rows.extend(cut_rows(d, as_of, &bounds[ended..], (&with, before)));
    for (i, occ) in d.occurrences.iter().enumerate() {
        let Some(reason) = occ.dropped else { continue };
        for w in weeks_touched(&bounds, occ.start, occ.end) {
            rows[w].push(dropped_row(d, i, reason.to_string()));
        }
    }
    for week in &mut rows {
        week.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        // Only the calendar plans: no commit or review is assumed after now.
        for row in week.iter_mut() {
            row.planned = row.start >= known.now && matches!(row.source, Source::Calendar { .. });
        }
    }
    rows
}

/// The rows of `cut`'s intervals in each of the weeks `bounds`, with the
/// seconds each counted there. One pass: each interval is placed in the
/// weeks it touches (found by binary search), and a week's counted
/// seconds come from its own pieces, so ten years cost little more than
/// one. With `before` (now, and the commit time), a session lists only
/// its commits and reviews before now, and one with none is left out.
fn cut_rows(
    d: &ManagerData,
    cut: Cut,
    bounds: &[(DateTime<Utc>, DateTime<Utc>)],
    (with, before): (&HashMap<usize, Vec<With>>, Before),
) -> Vec<Vec<Row>> {
    let mut intervals_of: Vec<Vec<usize>> = vec![Vec::new(); bounds.len()];
    if !bounds.is_empty() {
        for (i, iv) in cut.intervals.iter().enumerate() {
            let emptied = before.is_some()
                && iv.start == iv.end
                && !matches!(d.origins[i], Origin::Occurrence(_));
            for w in weeks_touched(bounds, iv.start, iv.end).filter(|_| !emptied) {
                intervals_of[w].push(i);
            }
        }
    }
    // Seconds per interval in the week at hand; only the week's intervals
    // (every owner of one of its pieces is one) are set, and reset after.
    let mut counted = vec![0i64; cut.intervals.len()];
    let mut rows = Vec::with_capacity(bounds.len());
    for (&(from, to), intervals) in bounds.iter().zip(&intervals_of) {
        for p in clip(cut.pieces, from, to) {
            counted[p.owner] += (p.end - p.start).num_seconds();
        }
        let row = |&i: &usize| interval_row(d, (i, &cut.intervals[i]), counted[i], (with, before));
        rows.push(intervals.iter().map(row).collect());
        for &i in intervals {
            counted[i] = 0;
        }
    }
    rows
}

/// Now and the commit time, for rows of a week that has not ended.
type Before = Option<(DateTime<Utc>, Timestamp)>;

/// The weeks (indices into `bounds`, sorted and disjoint) that
/// `[start, end)` touches (`figures::touches`).
fn weeks_touched(
    bounds: &[(DateTime<Utc>, DateTime<Utc>)],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> std::ops::Range<usize> {
    let first = bounds.partition_point(|&(_, to)| to <= start);
    let touched = (bounds[first..].iter())
        .take_while(|&&(from, to)| touches(start, end, from, to))
        .count();
    first..first + touched
}

/// Per occurrence (by index), the team members each 1:1 is with, then
/// those invited who declined it (`matched` "declined": not met, and not
/// a 1:1 with no member either).
fn members_met(d: &ManagerData, team: Option<&Team>) -> HashMap<usize, Vec<With>> {
    let Some(team) = team.filter(|t| !t.is_empty()) else {
        return HashMap::new();
    };
    let with = |m: usize, matched: &'static str| {
        let member = &team.members()[m];
        With {
            member: member.address.clone(),
            name: member.shown().to_string(),
            matched,
        }
    };
    (d.one_on_ones(team).into_iter())
        .map(|(i, o)| {
            let declined = team.declined(&d.occurrences[i].event.declined);
            let all = (o.with.iter().map(|&(m, how)| with(m, how.as_str())))
                .chain(declined.map(|m| with(m, "declined")))
                .collect();
            (i, all)
        })
        .collect()
}

/// The row of interval `i`, which counted `counted` seconds in the week.
fn interval_row(
    d: &ManagerData,
    (i, iv): (usize, &Interval),
    counted: i64,
    (with, before): (&HashMap<usize, Vec<With>>, Before),
) -> Row {
    let origin = d.origins[i];
    let with = match origin {
        Origin::Occurrence(o) => with.get(&o).cloned(),
        Origin::Session(_) | Origin::Review(_) => None,
    };
    let (title, source) = describe(d, origin, before);
    Row {
        start: iv.start,
        end: iv.end,
        kind: iv.kind.to_string(),
        category: iv.category.to_string(),
        rule: d.rule_of(origin),
        counted,
        title,
        dropped: None,
        source,
        with,
        planned: false,
    }
}

/// The row of occurrence `i`, dropped for `reason`.
fn dropped_row(d: &ManagerData, i: usize, reason: String) -> Row {
    let occ = &d.occurrences[i];
    let (title, source) = describe(d, Origin::Occurrence(i), None);
    Row {
        start: occ.start,
        end: occ.end,
        kind: "-".into(),
        category: "-".into(),
        rule: "-".into(),
        counted: 0,
        title,
        dropped: Some(reason),
        source,
        with: None,
        planned: false,
    }
}

/// An interval's title and source; with `before`, a session's commits and
/// reviews before now only.
fn describe(d: &ManagerData, origin: Origin, before: Before) -> (String, Source) {
    match origin {
        Origin::Occurrence(i) => {
            let o = &d.occurrences[i];
            let s = &o.event.source;
            let source = Source::Calendar {
                file: s.file.to_string(),
                line: s.line,
                uid: s.uid.to_string(),
            };
            (o.event.title.to_string(), source)
        }
        Origin::Session(i) => {
            let known = |c: &usize| before.is_none_or(|(now, t)| d.commits[*c].time(t) < now);
            let s = &d.sessions[i];
            let commits: Vec<String> = (s.commits.iter().filter(|c| known(c)))
                .map(|&c| d.commits[c].hash.clone())
                .collect();
            let repo = s
                .commits
                .first()
                .map(|&c| d.commits[c].source.to_string())
                .unwrap_or_default();
            let n = commits.len();
            let title = format!("{n} commit{}", if n == 1 { "" } else { "s" });
            (title, Source::Git { repo, commits })
        }
        Origin::Review(i) => {
            // Before now only, in a week that has not ended.
            let known = (d.review_sessions[i].commits.iter().copied())
                .filter(|&e| before.is_none_or(|(now, _)| d.reviews[e].time < now));
            let pulls = crate::forge::pulls_of(known.clone(), &d.reviews);
            let n = known.count();
            let title = format!(
                "{n} review event{} on {} pull request{}",
                if n == 1 { "" } else { "s" },
                pulls.len(),
                if pulls.len() == 1 { "" } else { "s" }
            );
            let pull_requests = pulls.iter().map(|p| p.to_string()).collect();
            (title, Source::Forge { pull_requests })
        }
    }
}

/// The explanations as a table per manager-week, or as one JSON list.
pub fn render(explanations: &[Explanation], format: ExplainFormat) -> Result<Vec<u8>> {
    match format {
        ExplainFormat::Table => {
            let mut out = String::new();
            for e in explanations {
                write_table(&mut out, e);
            }
            Ok(out.into_bytes())
        }
        ExplainFormat::Json => {
            let rows: Vec<JsonRow> = explanations.iter().flat_map(JsonRow::all).collect();
            let mut out = serde_json::to_vec_pretty(&rows)?;
            out.push(b'\n');
            Ok(out)
        }
    }
}

/// A row of `explain --format json`.
#[derive(Serialize)]
struct JsonRow<'a> {
    manager: &'a str,
    week: String,
    start: String,
    end: String,
    /// None (null) for a dropped row, which counts in no kind, category
    /// or rule (the table shows "-").
    kind: Option<&'a str>,
    category: Option<&'a str>,
    rule: Option<&'a str>,
    source: &'a Source,
    counted_hours: f64,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped: Option<&'a str>,
    /// In a week in progress or ahead: the row starts after now.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    planned: bool,
    /// For a 1:1 of a manager with a team: the members it is with (maybe
    /// none), and how each was matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    one_on_one_with: Option<&'a [With]>,
}

impl<'a> JsonRow<'a> {
    fn all(e: &'a Explanation) -> impl Iterator<Item = JsonRow<'a>> + 'a {
        let zone = e.manager.zone;
        e.rows.iter().map(move |r| JsonRow {
            manager: e.manager.name,
            week: e.week.to_string(),
            start: r.start.with_timezone(&zone).to_rfc3339(),
            end: r.end.with_timezone(&zone).to_rfc3339(),
            kind: r.dropped.is_none().then_some(&*r.kind),
            category: r.dropped.is_none().then_some(&*r.category),
            rule: r.dropped.is_none().then_some(&*r.rule),
            source: &r.source,
            counted_hours: hours(r.counted),
            title: &r.title,
            dropped: r.dropped.as_deref(),
            planned: r.planned,
            one_on_one_with: r.with.as_deref(),
        })
    }
}

fn write_table(out: &mut String, e: &Explanation) {
    use std::fmt::Write;
    let zone = e.manager.zone;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{} · {} · {}", e.manager.name, e.week, zone.name());
    if let Some(files) = &e.shared_from {
        let _ = writeln!(
            out,
            "  figures from a share ({}): a share holds no intervals to list",
            files.join(", ")
        );
        return;
    }
    if e.rows.is_empty() {
        out.push_str("  (nothing in this week)\n");
        return;
    }
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.set_header([
        "start", "end", "kind", "category", "rule", "counted", "title", "source",
    ]);
    for r in &e.rows {
        let (s, end) = (r.start.with_timezone(&zone), r.end.with_timezone(&zone));
        // Across days the month is shown too: an interval may span months
        // ("Mon 15 Jun 09:00", "Sun 15 Nov 11:00"), not only days.
        let (start, end) = if s.date_naive() == end.date_naive() {
            (s.format("%a %d %H:%M"), end.format("%H:%M"))
        } else {
            (s.format("%a %d %b %H:%M"), end.format("%a %d %b %H:%M"))
        };
        let counted = match (&r.dropped, r.planned) {
            (Some(reason), _) => format!("dropped: {reason}"),
            (None, false) => format!("{:.2} h", hours(r.counted)),
            (None, true) => format!("{:.2} h planned", hours(r.counted)),
        };
        table.add_row([
            start.to_string(),
            end.to_string(),
            r.kind.clone(),
            r.category.clone(),
            r.rule.clone(),
            counted,
            title_with_members(r),
            r.source.text(),
        ]);
    }
    let _ = writeln!(out, "{table}");
}

/// The title, and for a 1:1 of a manager with a team the members it is
/// with: `1:1 with Chen [Chen Wu by title]`, `Chen / Jonas 1:1 [Chen Wu
/// declined]`, `1:1 Sam [no team member]`.
fn title_with_members(r: &Row) -> String {
    match r.with.as_deref() {
        None => r.title.clone(),
        Some([]) => format!("{} [no team member]", r.title),
        Some(with) => {
            let with: Vec<String> = (with.iter())
                .map(|w| match w.matched {
                    "declined" => format!("{} declined", w.name),
                    how => format!("{} by {how}", w.name),
                })
                .collect();
            format!("{} [{}]", r.title, with.join(", "))
        }
    }
}
