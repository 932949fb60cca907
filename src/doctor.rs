//! What was read and how far it can be trusted (docs/model.md, "Can the
//! inputs be trusted?").
//!
//! Two signals that `week` and `report` give as warnings too: a calendar
//! that looks like a free/busy export, and a manager whose tracked hours
//! mostly fell to the catch-all "blocks". And the findings of `twohats
//! doctor`: per calendar what was read, how each TZID was resolved, what
//! was dropped and why; the hours nothing classified; per git source the
//! commits matched per identity and the identities likely missing. The
//! counts come from what the readers return; nothing is parsed again.
//! Rendering is in `report::doctor`.

use crate::calendar::{Dropped, Occurrence};
use crate::figures::ManagerFigures;
use crate::Warning;

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

/// The catch-all category of what no rule matched (`classify`).
pub const CATCH_ALL: &str = "blocks";

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
pub fn title_checks(occurrences: &[Occurrence]) -> Vec<TitleCheck> {
    let mut out: Vec<TitleCheck> = Vec::new();
    for o in occurrences.iter().filter(|o| o.dropped.is_none()) {
        let i = match out.iter().position(|c| *c.file == *o.source.file) {
            Some(i) => i,
            None => {
                out.push(TitleCheck {
                    file: o.source.file.to_string(),
                    kept: 0,
                    placeholders: 0,
                });
                out.len() - 1
            }
        };
        out[i].kept += 1;
        out[i].placeholders += usize::from(is_placeholder_title(&o.title));
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
    figures: &ManagerFigures,
) -> Vec<Warning> {
    let mut out: Vec<Warning> = title_checks(occurrences)
        .iter()
        .filter(|c| c.looks_free_busy())
        .map(|c| Warning::new(&c.file, None, free_busy_message(c)))
        .collect();
    let (blocks, tracked) = catch_all_seconds(figures);
    if mostly_unclassified(blocks, tracked) {
        out.push(Warning::new(
            format!("manager '{manager}'"),
            None,
            unclassified_message(blocks, tracked),
        ));
    }
    out
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
        blocks as f64 / 3600.0,
        tracked as f64 / 3600.0,
        100.0 * blocks as f64 / tracked as f64
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
