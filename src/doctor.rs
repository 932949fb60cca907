//! What was read and how far it can be trusted (docs/model.md, "Can the
//! inputs be trusted?").
//!
//! Two signals that `week` and `report` give as warnings too: a calendar
//! that looks like a free/busy export, and a manager whose tracked hours
//! mostly fell to the catch-all "blocks". And the findings of `twohats
//! doctor`: per calendar what was read, how each TZID was resolved, what
//! was dropped and why; the hours nothing classified; per git source the
//! commits matched per identity and the identities likely missing; team
//! members the calendars never show, and 1:1s with no member. The
//! counts come from what the readers return; nothing is parsed again.
//! Rendering is in `report::doctor`.

use crate::calendar::{Dropped, FileCounts, Occurrence};
use crate::classify::CATCH_ALL;
use crate::figures::coverage::Team;
use crate::figures::ManagerFigures;
use crate::git::{Author, SourceCounts};
use crate::intervals::{Manager, ManagerData, Origin};
use crate::period::Week;
use crate::Warning;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Titles a calendar published at the "free/busy" level carries instead
/// of the real ones (compared trimmed, in any case; no title counts too).
pub const FREE_BUSY_TITLES: &[&str] = &[
    "busy",
    "free",
    "private",
    "private appointment",
    "tentative",
    "out of office",
    "working elsewhere",
];

/// A calendar looks like a free/busy export when at least this share of
/// its kept occurrences in the weeks read carry such a title...
pub const FREE_BUSY_SHARE: f64 = 0.8;
/// ... and it has at least this many (one "Busy" block says nothing).
pub const FREE_BUSY_MIN_EVENTS: usize = 5;

/// A manager's weeks are "mostly unclassified" when more than this share
/// of their tracked hours fell to the catch-all category.
pub const UNCLASSIFIED_SHARE: f64 = 0.5;

/// Whether `title` is one a free/busy export writes instead of the real one.
pub fn is_placeholder_title(title: &str) -> bool {
    let t = title.trim();
    t.is_empty() || FREE_BUSY_TITLES.iter().any(|p| p.eq_ignore_ascii_case(t))
}

/// One calendar file's titles: of its kept occurrences, how many carry a
/// placeholder title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleCheck {
    pub file: String,
    pub kept: usize,
    pub placeholders: usize,
}

impl TitleCheck {
    /// The free/busy signal (the thresholds above).
    pub fn looks_free_busy(&self) -> bool {
        self.kept >= FREE_BUSY_MIN_EVENTS
            && self.placeholders as f64 >= FREE_BUSY_SHARE * self.kept as f64
    }
}

/// The title check of every calendar file among `occurrences`, in the
/// order first met.
pub fn title_checks(occurrences: &[&Occurrence]) -> Vec<TitleCheck> {
    let mut out: Vec<TitleCheck> = Vec::new();
    for o in occurrences.iter().filter(|o| o.dropped.is_none()) {
        let i = match out.iter().position(|c| *c.file == *o.event.source.file) {
            Some(i) => i,
            None => {
                out.push(TitleCheck {
                    file: o.event.source.file.to_string(),
                    kept: 0,
                    placeholders: 0,
                });
                out.len() - 1
            }
        };
        out[i].kept += 1;
        out[i].placeholders += usize::from(is_placeholder_title(&o.event.title));
    }
    out
}

/// The hours of the weeks reported that fell to the catch-all, of all
/// tracked hours (seconds).
pub fn catch_all_seconds(figures: &ManagerFigures) -> (i64, i64) {
    figures.weeks.iter().fold((0, 0), |(blocks, tracked), w| {
        let b = w.categories.get(CATCH_ALL).copied().unwrap_or(0);
        (blocks + b, tracked + w.tracked)
    })
}

/// Whether `blocks` of `tracked` seconds is "mostly unclassified".
pub fn mostly_unclassified(blocks: i64, tracked: i64) -> bool {
    tracked > 0 && blocks as f64 > UNCLASSIFIED_SHARE * tracked as f64
}

/// The warnings `week` and `report` give of the two signals: one per
/// calendar that looks like a free/busy export, one per manager whose
/// hours mostly fell to "blocks".
pub fn signals(
    manager: &str,
    occurrences: &[Occurrence],
    window: (DateTime<Utc>, DateTime<Utc>),
    figures: &ManagerFigures,
) -> Vec<Warning> {
    let mut out: Vec<Warning> = title_checks(&in_window(occurrences, window))
        .iter()
        .filter(|c| c.looks_free_busy())
        .map(|c| Warning::new(&c.file, None, free_busy_message(c)))
        .collect();
    let (blocks, tracked) = catch_all_seconds(figures);
    if mostly_unclassified(blocks, tracked) {
        out.push(Warning::new(
            crate::warning::manager_source(manager),
            None,
            unclassified_message(blocks, tracked),
        ));
    }
    out
}

/// The occurrences of the weeks reported: the sources are read from 3 weeks
/// earlier for the trends (docs/model.md, "Advice figures"), and those
/// weeks are not the user's question.
fn in_window(
    occurrences: &[Occurrence],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Vec<&Occurrence> {
    (occurrences.iter())
        .filter(|o| crate::figures::touches(o.start, o.end, from, to))
        .collect()
}

fn free_busy_message(c: &TitleCheck) -> String {
    format!(
        "looks like a free/busy export: {} of {} events read are titled Busy, Free, Private, Tentative, Out of Office or nothing, so none of them can be classified; publish or export the calendar with its titles (Outlook: \"can view all details\"), or run twohats doctor",
        c.placeholders, c.kept
    )
}

fn unclassified_message(blocks: i64, tracked: i64) -> String {
    format!(
        "mostly unclassified: {:.1} of {:.1} tracked hours ({:.0}%) matched no rule and fell to the catch-all \"blocks\", so the verdict rests on guesses; add [[rule]]s for those titles (twohats doctor lists them with a starter rule)",
        crate::figures::tenths(blocks),
        crate::figures::tenths(tracked),
        // Whole percent, half-up as every figure shown.
        crate::figures::round_half_up(100.0 * blocks as f64 / tracked as f64, 0)
    )
}

/// Why an occurrence was dropped, as doctor counts it.
pub fn drop_reason(d: Dropped) -> &'static str {
    match d {
        Dropped::Cancelled => "cancelled",
        Dropped::Declined => "declined",
        Dropped::Transparent => "transparent",
        Dropped::Tentative => "tentative",
        Dropped::AllDay => "all-day",
        Dropped::TooLong => "too long",
    }
}

/// Everything `twohats doctor` found, per manager, over the weeks asked for.
#[derive(Debug, Clone)]
pub struct Findings {
    pub weeks: Vec<Week>,
    pub managers: Vec<ManagerFindings>,
}

#[derive(Debug, Clone)]
pub struct ManagerFindings {
    pub name: String,
    /// The addresses given (`--me`, `emails`).
    pub emails: Vec<String>,
    /// The share files a manager's figures come from (`--figures`), who
    /// has no sources and needs no address.
    pub shares: Vec<String>,
    pub calendars: Vec<CalendarFindings>,
    pub unclassified: Unclassified,
    pub git: Vec<GitFindings>,
    /// What was read of each GitHub / GitLab account and saved file.
    pub forges: Vec<ForgeFindings>,
    /// Authors whose name is the manager's (the config's name, or a name
    /// on their own commits) but whose address is not listed: a likely
    /// missing `--me`. Over all git sources, most commits first.
    pub likely_missing: Vec<Author>,
    /// Warnings naming no source read here (the manager, the config),
    /// grouped by kind.
    pub other_warnings: Vec<(Warning, usize)>,
    /// For a manager with a team: what 1:1 coverage can be trusted on.
    pub team: Option<TeamFindings>,
}

/// A team's members as the calendars see them (`docs/model.md`, "1:1
/// coverage").
#[derive(Debug, Clone, PartialEq)]
pub struct TeamFindings {
    pub members: usize,
    /// Members in no occurrence of the weeks read (not an attendee, not
    /// named by an own block's 1:1): a mistyped address? As (address,
    /// name shown).
    pub never_seen: Vec<(String, String)>,
    /// The 1:1s of the weeks asked for that matched no member: (start,
    /// title), in time order.
    pub unmatched: Vec<(DateTime<Utc>, String)>,
    /// The manager's zone, to show when those 1:1s were.
    pub zone: chrono_tz::Tz,
}

/// One calendar (a file, or a calendar inside a zip).
#[derive(Debug, Clone)]
pub struct CalendarFindings {
    pub counts: FileCounts,
    /// Occurrences overlapping the weeks asked for, dropped ones included.
    pub instances: usize,
    /// Of them, those that claim time.
    pub kept: usize,
    /// Dropped occurrences by reason ([`drop_reason`]), in a fixed order,
    /// only reasons that occur.
    pub dropped: Vec<(&'static str, usize)>,
    pub titles: TitleCheck,
    /// For a Microsoft Graph or Google Calendar source: pages read, events
    /// by type, series.
    pub api: Option<crate::calendar::api::ApiCounts>,
    /// Its warnings, grouped by kind.
    pub warnings: Vec<(Warning, usize)>,
}

/// The hours nothing classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Unclassified {
    /// Seconds the catch-all "blocks" owned, of all tracked seconds.
    pub blocks: i64,
    pub tracked: i64,
    pub mostly: bool,
    /// The titles holding the most "blocks" seconds (at most 10), most
    /// first; an empty title is an event without one.
    pub top: Vec<(String, i64)>,
    /// A `[[rule]]` matching the top titles, to start from.
    pub starter_rule: Option<String>,
}

/// One repository or `git log` text.
#[derive(Debug, Clone)]
pub struct GitFindings {
    pub source: String,
    pub commits_read: u64,
    /// Each of the manager's addresses and the commits it matched here
    /// (merges left out unless asked for).
    pub matched: Vec<(String, u64)>,
    /// Of those, commits a source read before already held: they count once.
    pub already_read: u64,
    /// Every author met, most commits first.
    pub authors: Vec<Author>,
    pub warnings: Vec<(Warning, usize)>,
}

impl GitFindings {
    /// No commit of the manager here.
    pub fn none_of_the_manager(&self) -> bool {
        self.matched.iter().all(|(_, n)| *n == 0)
    }
}

/// One forge account or saved file: what was read, and its warnings.
#[derive(Debug, Clone)]
pub struct ForgeFindings {
    pub counts: crate::forge::SourceCounts,
    pub warnings: Vec<(Warning, usize)>,
}

/// The titles the top list holds.
pub const TOP_TITLES: usize = 10;

/// What doctor finds of one manager, from what was read for the figures.
pub fn examine(
    manager: &Manager,
    data: &ManagerData,
    figures: &ManagerFigures,
    warnings: &[Warning],
    window: (DateTime<Utc>, DateTime<Utc>),
) -> ManagerFindings {
    let grouped = crate::warning::deduplicate(warnings);
    let of_source = |source: &str| -> Vec<(Warning, usize)> {
        (grouped.iter())
            .filter(|(w, _)| w.source == source)
            .cloned()
            .collect()
    };
    let occurrences = in_window(&data.occurrences, window);
    let calendars: Vec<CalendarFindings> = (data.calendar_counts.iter())
        .map(|c| {
            let mut found = calendar_findings(c, &occurrences, of_source(&c.file));
            found.api = (data.api_counts.iter())
                .find(|a| a.source == *c.file)
                .cloned();
            found
        })
        .collect();
    let git: Vec<GitFindings> = (data.git_counts.iter())
        .map(|c| git_findings(c, &manager.emails, of_source(&c.source)))
        .collect();
    let forges: Vec<ForgeFindings> = (data.forge_counts.iter())
        .map(|c| ForgeFindings {
            counts: c.clone(),
            warnings: of_source(&c.source),
        })
        .collect();
    let named: Vec<&str> = (calendars.iter().map(|c| &*c.counts.file))
        .chain(git.iter().map(|g| g.source.as_str()))
        .chain(forges.iter().map(|f| f.counts.source.as_str()))
        .collect();
    let other_warnings = (grouped.iter())
        .filter(|(w, _)| !named.contains(&w.source.as_str()))
        .cloned()
        .collect();
    ManagerFindings {
        name: manager.name.clone(),
        emails: manager.emails.clone(),
        shares: manager.figures.clone(),
        unclassified: unclassified(data, figures, window),
        likely_missing: likely_missing(&manager.name, &manager.emails, &data.git_counts),
        calendars,
        git,
        forges,
        other_warnings,
        team: team_findings(manager, data, window),
    }
}

/// Who on the team the calendars never show, and the 1:1s with no member.
fn team_findings(
    manager: &Manager,
    data: &ManagerData,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Option<TeamFindings> {
    if manager.team.is_empty() {
        return None;
    }
    let team = Team::new(&manager.team, &manager.emails);
    let one_on_ones = data.one_on_ones(&team);
    let mut seen = vec![false; manager.team.len()];
    for o in &one_on_ones {
        for &(m, _) in &o.1.with {
            seen[m] = true;
        }
    }
    for a in data
        .occurrences
        .iter()
        .flat_map(|o| o.event.attendees.iter())
    {
        if let Some(m) = team.index_of(a) {
            seen[m] = true;
        }
    }
    let never_seen = (manager.team.iter().zip(&seen))
        .filter(|(_, seen)| !**seen)
        .map(|(m, _)| (m.address.clone(), m.shown().to_string()))
        .collect();
    // A 1:1 a member declined is not one with no member (a wrong address).
    let declined_by_member = |i: usize| {
        team.declined(&data.occurrences[i].event.declined)
            .next()
            .is_some()
    };
    let mut unmatched: Vec<(DateTime<Utc>, String)> = (one_on_ones.iter())
        .filter(|(i, o)| o.with.is_empty() && !declined_by_member(*i))
        .filter(|(_, o)| crate::figures::touches(o.start, o.end, from, to))
        .map(|(i, o)| (o.start, data.occurrences[*i].event.title.to_string()))
        .collect();
    unmatched.sort();
    Some(TeamFindings {
        members: manager.team.len(),
        never_seen,
        unmatched,
        zone: manager.zone,
    })
}

fn calendar_findings(
    counts: &FileCounts,
    occurrences: &[&Occurrence],
    warnings: Vec<(Warning, usize)>,
) -> CalendarFindings {
    let mine: Vec<&Occurrence> = (occurrences.iter().copied())
        .filter(|o| o.event.source.file == counts.file)
        .collect();
    let order = [
        Dropped::Cancelled,
        Dropped::Declined,
        Dropped::Transparent,
        Dropped::Tentative,
        Dropped::AllDay,
        Dropped::TooLong,
    ];
    let dropped = (order.iter())
        .map(|&d| {
            let n = mine.iter().filter(|o| o.dropped == Some(d)).count();
            (drop_reason(d), n)
        })
        .filter(|&(_, n)| n > 0)
        .collect();
    let titles = (title_checks(&mine).into_iter().next()).unwrap_or(TitleCheck {
        file: counts.file.to_string(),
        kept: 0,
        placeholders: 0,
    });
    CalendarFindings {
        counts: counts.clone(),
        instances: mine.len(),
        kept: mine.iter().filter(|o| o.dropped.is_none()).count(),
        dropped,
        titles,
        api: None,
        warnings,
    }
}

/// The catch-all's share, and the titles holding its hours: each
/// interval's seconds as the timeline counted them (docs/model.md, step 6).
fn unclassified(
    data: &ManagerData,
    figures: &ManagerFigures,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Unclassified {
    let (blocks, tracked) = catch_all_seconds(figures);
    let counted = crate::figures::counted_seconds(&data.pieces, data.intervals.len(), from, to);
    let mut by_title: HashMap<&str, i64> = HashMap::new();
    for (i, iv) in data.intervals.iter().enumerate() {
        if let (Origin::Occurrence(k), true) = (data.origins[i], &*iv.category == CATCH_ALL) {
            *by_title
                .entry(&data.occurrences[k].event.title)
                .or_default() += counted[i];
        }
    }
    let mut top: Vec<(String, i64)> = (by_title.into_iter())
        .filter(|&(_, s)| s > 0)
        .map(|(t, s)| (t.trim().to_string(), s))
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP_TITLES);
    Unclassified {
        blocks,
        tracked,
        mostly: mostly_unclassified(blocks, tracked),
        starter_rule: starter_rule(&top),
        top,
    }
}

/// A `[[rule]]` whose title pattern matches exactly the titles given
/// (without an empty one), for the user to give a kind and a category.
pub fn starter_rule(top: &[(String, i64)]) -> Option<String> {
    let titles: Vec<String> = (top.iter())
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, _)| regex::escape(t))
        .collect();
    if titles.is_empty() {
        return None;
    }
    let pattern = format!("(?i)^(?:{})$", titles.join("|"));
    Some(format!(
        "[[rule]]\n# kind: coding, people, other or ignore; split the titles over several rules as needed\ncategory = \"CHOOSE\"\nkind = \"other\"\ntitle = {}\n",
        toml_string(&pattern)
    ))
}

/// A TOML string: literal ('…') when it can be, else basic with escapes.
fn toml_string(s: &str) -> String {
    if !s.contains(['\'', '\n', '\r']) && !s.contains(char::is_control) {
        return format!("'{s}'");
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn git_findings(
    counts: &SourceCounts,
    emails: &[String],
    warnings: Vec<(Warning, usize)>,
) -> GitFindings {
    let matched = (emails.iter())
        .map(|e| {
            let n = (counts.matched.iter())
                .filter(|(m, _)| m.eq_ignore_ascii_case(e))
                .map(|(_, n)| n)
                .sum();
            (e.clone(), n)
        })
        .collect();
    GitFindings {
        source: counts.source.to_string(),
        commits_read: counts.commits,
        matched,
        already_read: counts.already_read,
        authors: counts.authors.clone(),
        warnings,
    }
}

/// Authors named as the manager (their configured name, or a name on
/// their own commits) under an address not listed, over all sources.
fn likely_missing(name: &str, emails: &[String], sources: &[SourceCounts]) -> Vec<Author> {
    let authors = sources.iter().flat_map(|s| &s.authors);
    let listed = |e: &str| emails.iter().any(|m| m.eq_ignore_ascii_case(e));
    let mut names: Vec<String> = (authors.clone())
        .filter(|a| listed(&a.email))
        .map(|a| a.name.to_lowercase())
        .collect();
    if !name.is_empty() && name != "me" {
        names.push(name.to_lowercase());
    }
    let mut out: Vec<Author> = Vec::new();
    for a in authors.filter(|a| !listed(&a.email) && names.contains(&a.name.to_lowercase())) {
        match out
            .iter_mut()
            .find(|o| o.email == a.email && o.name == a.name)
        {
            Some(o) => o.commits += a.commits,
            None => out.push(a.clone()),
        }
    }
    out.sort_by(|a, b| {
        b.commits
            .cmp(&a.commits)
            .then_with(|| a.email.cmp(&b.email))
    });
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_unclassified_warning_rounds_half_up_as_the_tables_do() {
        // 12 h of 23.25 h: "23.3", as the week's table prints it (a float's
        // own rounding gave 23.2); 12 / 23.25 = 51.6%, shown 52%.
        let message = super::unclassified_message(12 * 3600, 23 * 3600 + 900);
        assert!(
            message.starts_with("mostly unclassified: 12.0 of 23.3 tracked hours (52%)"),
            "{message}"
        );
    }
}
