//! Calendars (.ics) → occurrences.
//!
//! Reads files, folders, Google export zips and stdin; expands recurrences
//! only inside the window asked for; resolves time zones (IANA, Windows
//! names, VTIMEZONE); decides which occurrences are dropped (step 2 of the
//! SPEC's model). Knows nothing of classification.
//!
//! The stages, one submodule each:
//!
//! - `source`: paths → decoded texts (file, folder, zip, stdin);
//! - `components`: one pass that unfolds lines and cuts the text into
//!   VEVENT/VTIMEZONE blocks with their physical line numbers, so a broken
//!   event costs only itself;
//! - `event`: a block → an event, parsed with the `icalendar` crate
//!   (blocks are parsed on every core);
//! - `zone`: TZIDs → zones, including zones only a VTIMEZONE defines;
//! - `recurrence`: a UID's master and overrides → instances in the
//!   window, expanded in wall-clock time with the `rrule` crate;
//! - `participation`: attendees, the manager's answer, the drop rules.

mod components;
pub(crate) mod event;
mod participation;
mod recurrence;
mod source;
mod windows_display_names;
mod zone;

use crate::Warning;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use recurrence::INSTANCE_CAP;

/// What the calendar reader needs to know of the manager and the config.
#[derive(Debug, Clone)]
pub struct CalendarOptions {
    /// The manager's addresses, lower-case, without `mailto:`.
    pub me: Vec<String>,
    /// The manager's zone: floating times, unknown TZIDs.
    pub zone: Tz,
    /// Only occurrences overlapping `[from, to)` are returned.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub count_tentative: bool,
    pub count_transparent: bool,
    pub max_event_hours: f64,
}

/// Where an occurrence came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSource {
    /// The path as the user gave it (for a zip: `export.zip/name.ics`).
    pub file: Arc<str>,
    /// 1-based line of the VEVENT's BEGIN line in the unfolded... physical file.
    pub line: u64,
    pub uid: Arc<str>,
    /// X-WR-CALNAME, where the file has one.
    pub calendar_name: Option<Arc<str>>,
    /// For an instance of a recurring series (or an override of one): the
    /// original start of the instance it is (RECURRENCE-ID).
    pub recurrence_id: Option<DateTime<Utc>>,
}

/// The manager's own answer to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participation {
    /// The manager is not among the attendees (their own block), or the
    /// event has no attendees.
    NotInvited,
    Accepted,
    Declined,
    Tentative,
    NeedsAction,
    Delegated,
}

/// Why an occurrence claims no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    Cancelled,
    Declined,
    Transparent,
    Tentative,
    AllDay,
    /// Longer than `max_event_hours`: treated as all-day.
    TooLong,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dropped::Cancelled => "cancelled",
            Dropped::Declined => "declined",
            Dropped::Transparent => "shown as free",
            Dropped::Tentative => "tentative",
            Dropped::AllDay => "all-day",
            Dropped::TooLong => "longer than max_event_hours",
        })
    }
}

/// One expanded instance of a calendar event.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// DTSTART had VALUE=DATE.
    pub all_day: bool,
    ///
    /// The texts and lists are shared by every instance of a series (and
    /// so cost one copy per event, not one per occurrence).
    pub title: Arc<str>,
    pub description: Arc<str>,
    pub location: Arc<str>,
    pub categories: Arc<[String]>,
    /// Distinct people: ATTENDEE addresses plus the ORGANIZER when not among
    /// them, lower-case without `mailto:`; rooms and resources left out.
    pub attendees: Arc<[String]>,
    /// The ORGANIZER's address, lower-case without `mailto:`.
    pub organizer: Option<Arc<str>>,
    pub organizer_is_me: bool,
    pub participation: Participation,
    /// Set when the occurrence claims no time, with the reason.
    pub dropped: Option<Dropped>,
    pub source: EventSource,
}

/// Reads every calendar in `paths` (files, folders, zips, `-` for stdin) and
/// returns the occurrences overlapping the window, dropped ones included
/// (with their reason), sorted by start.
///
/// A broken event is skipped with a warning; a missing or unreadable path is
/// an error naming it.
pub fn read(
    paths: &[String],
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<Vec<Occurrence>> {
    let mut all = Vec::new();
    let before = warnings.len();
    let read = source::for_each_input(paths, warnings, |input, warnings| {
        read_one(input, opts, warnings, &mut all)
    });
    // Warnings echo what the file says (a TZID, a rule); each stays one
    // line whatever the file holds.
    for w in &mut warnings[before..] {
        w.message = source::one_line(&w.message);
        w.source = source::one_line(&w.source);
    }
    read?;
    all.sort_by(|a, b| {
        (a.start, a.end, &a.source.file, a.source.line).cmp(&(
            b.start,
            b.end,
            &b.source.file,
            b.source.line,
        ))
    });
    Ok(all)
}

enum Parsed {
    Event(Box<event::Event>),
    Zone(String, zone::CustomZone),
}

/// One calendar's text → its occurrences in the window.
fn read_one(
    input: source::Input,
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
    out: &mut Vec<Occurrence>,
) {
    let label = input.label;
    // A file that holds no calendar at all would otherwise count nothing
    // without a word.
    let head = input
        .text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.is_empty() {
        warnings.push(Warning::new(&*label, None, "empty file: no calendar data"));
        return;
    }
    if memchr::memmem::find(head.as_bytes(), b"BEGIN:VCALENDAR").is_none()
        && !head.to_ascii_uppercase().contains("BEGIN:VCALENDAR")
    {
        warnings.push(Warning::new(
            &*label,
            None,
            "not an iCalendar file: no BEGIN:VCALENDAR; export the calendar as .ics",
        ));
        return;
    }
    let split = components::split(&input.text, &label, warnings);
    drop(input.text);
    // Custom zones' transitions are worked out up to the year after the window.
    let to_year = opts.to.year() + 1;
    let texts = &split.texts;
    // Blocks are independent: parse them on every core.
    let parsed: Vec<Result<Parsed, String>> = split
        .blocks
        .par_iter()
        .map(|b| {
            let block = &texts[b.chunk][b.range.clone()];
            // As in expansion below: a panic inside a dependency costs
            // this block only.
            let parsed = std::panic::catch_unwind(|| match b.kind {
                components::BlockKind::Event => event::parse_event(block, b.line)
                    .map(|e| Parsed::Event(Box::new(e)))
                    .map_err(|e| format!("skipped a broken event: {e}")),
                components::BlockKind::Timezone => zone::parse_vtimezone(block, to_year)
                    .map(|(id, z)| Parsed::Zone(id, z))
                    .map_err(|e| format!("ignored a broken VTIMEZONE: {e}")),
            });
            parsed.unwrap_or_else(|_| Err("skipped a block that could not be parsed".to_string()))
        })
        .collect();
    let mut zones = zone::Zones::new(opts.zone);
    let mut events = Vec::with_capacity(parsed.len());
    for (p, b) in parsed.into_iter().zip(&split.blocks) {
        match p {
            Ok(Parsed::Event(e)) => events.push(*e),
            Ok(Parsed::Zone(id, z)) => zones.add_custom(id, z),
            Err(e) => warnings.push(Warning::new(&*label, Some(b.line), e)),
        }
    }
    // Events own what they hold: the unfolded text is not needed any more.
    drop(split.blocks);
    drop(split.texts);
    if let Some((name, line)) = &split.x_wr_timezone {
        match zone::known_zone(name) {
            Some(tz) => zones.x_wr = Some(zone::Zone::Tz(tz)),
            None => warnings.push(Warning::new(
                &*label,
                Some(*line),
                format!("unknown X-WR-TIMEZONE '{name}'; ignored"),
            )),
        }
    }
    for e in &events {
        let stamps = std::iter::once(&e.start)
            .chain(&e.end)
            .chain(&e.exdates)
            .chain(&e.recurrence_id)
            .chain(e.rdates.iter().map(|r| &r.start))
            .chain(e.rdates.iter().filter_map(|r| match &r.end {
                Some(event::PeriodEnd::At(end)) => Some(end),
                _ => None,
            }));
        for s in stamps {
            if let event::Stamp::Zoned(_, id) = s {
                zones.resolve(id, &label, e.line, warnings);
            }
        }
    }
    let calendar_name: Option<Arc<str>> = split.x_wr_calname.as_deref().map(Arc::from);

    // Group by UID: the first component without RECURRENCE-ID is the master.
    struct Group<'a> {
        master: Option<&'a event::Event>,
        overrides: Vec<&'a event::Event>,
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut by_uid: HashMap<&str, usize> = HashMap::new();
    for e in &events {
        let index = if e.uid.is_empty() {
            None
        } else {
            by_uid.get(&*e.uid).copied()
        };
        match (index, e.recurrence_id.is_some()) {
            (Some(i), true) => groups[i].overrides.push(e),
            (Some(i), false) => match groups[i].master {
                None => groups[i].master = Some(e),
                // Two versions of one event (an updated invitation exported
                // next to its old copy): the higher SEQUENCE, else the later.
                Some(kept) => {
                    let (newer, older) = if e.sequence >= kept.sequence {
                        (e, kept)
                    } else {
                        (kept, e)
                    };
                    warnings.push(Warning::new(
                        &*label,
                        Some(older.line),
                        format!(
                            "UID {} appears twice without RECURRENCE-ID; the copy at line {} replaces this one",
                            e.uid, newer.line
                        ),
                    ));
                    groups[i].master = Some(newer);
                }
            },
            (None, is_override) => {
                if !e.uid.is_empty() {
                    by_uid.insert(&e.uid, groups.len());
                }
                groups.push(Group {
                    master: (!is_override).then_some(e),
                    overrides: if is_override { vec![e] } else { Vec::new() },
                });
            }
        }
    }

    let cx = recurrence::Context {
        zones: &zones,
        from: opts.from,
        to: opts.to,
        label: &label,
    };
    let results: Vec<(Vec<Occurrence>, Vec<Warning>)> = groups
        .par_iter()
        .map(|g| {
            let mut w = Vec::new();
            // A panic inside a dependency (the rrule crate) on some odd
            // rule costs that series, with a warning, not the whole run.
            let expanded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut w = Vec::new();
                let i = recurrence::expand(g.master, &g.overrides, &cx, &mut w);
                (i, w)
            }));
            let instances = match expanded {
                Ok((i, more)) => {
                    w.extend(more);
                    i
                }
                Err(_) => {
                    let first = g.master.or(g.overrides.first().copied());
                    w.push(Warning::new(
                        &*label,
                        first.map(|e| e.line),
                        format!(
                            "skipped UID {}: its recurrence could not be expanded",
                            first.map_or("", |e| &*e.uid)
                        ),
                    ));
                    Vec::new()
                }
            };
            let mut people: Vec<(*const event::Event, participation::People)> = Vec::new();
            let occurrences = instances
                .into_iter()
                .map(|i| {
                    let p = match people.iter().find(|(e, _)| std::ptr::eq(*e, i.event)) {
                        Some((_, p)) => p.clone(),
                        None => {
                            let p = participation::people(i.event, &opts.me);
                            people.push((i.event, p.clone()));
                            p
                        }
                    };
                    let dropped = participation::dropped(
                        i.event,
                        p.participation,
                        i.all_day,
                        i.start,
                        i.end,
                        opts,
                    );
                    Occurrence {
                        start: i.start,
                        end: i.end,
                        all_day: i.all_day,
                        title: i.event.summary.clone(),
                        description: i.event.description.clone(),
                        location: i.event.location.clone(),
                        categories: i.event.categories.clone(),
                        attendees: p.attendees,
                        organizer: p.organizer,
                        organizer_is_me: p.organizer_is_me,
                        participation: p.participation,
                        dropped,
                        source: EventSource {
                            file: label.clone(),
                            line: i.event.line,
                            uid: i.event.uid.clone(),
                            calendar_name: calendar_name.clone(),
                            recurrence_id: i.recurrence_id,
                        },
                    }
                })
                .collect();
            (occurrences, w)
        })
        .collect();
    for (occurrences, w) in results {
        out.extend(occurrences);
        warnings.extend(w);
    }
}
