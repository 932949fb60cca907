//! Calendars read through their own APIs (SPEC "Microsoft 365 and Google
//! Workspace calendars"): Microsoft Graph `calendarView` pages and Google
//! Calendar v3 `events.list` pages, saved in files or read live, mapped
//! onto the same occurrences a calendar file gives (docs/model.md, step
//! 2). The APIs return instances already expanded: nothing is expanded
//! here.
//!
//! - `graph`: a Graph `event` → an [`ApiEvent`];
//! - `google`: a Google `Event` → an [`ApiEvent`];
//! - `live`: the requests, their pages and the token.
//!
//! Every answer is untrusted: an event that cannot be read is skipped with
//! a warning naming the source and the event, never guessed.

pub mod google;
pub mod graph;
pub mod live;

use super::participation;
use super::{
    CalendarOptions, EventDetails, EventSource, FileCounts, Occurrence, Participation, TzidSeen,
};
use crate::Warning;
use anyhow::{anyhow, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The key of an API page's list of events.
fn list_key(service: Service) -> &'static str {
    match service {
        Service::Outlook => "value",
        Service::Google => "items",
    }
}

/// Larger saved files are refused: a heavy year is a few megabytes.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Which API a source speaks (defined beside the sign-in flows, which
/// serve the same two).
pub use crate::net::auth::Service;

/// A manager's API calendars: live accounts and saved responses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    pub outlook: Option<live::Account>,
    pub google: Option<live::Account>,
    /// Saved Graph `calendarView` responses.
    pub outlook_files: Vec<String>,
    /// Saved Google `events.list` responses.
    pub google_files: Vec<String>,
}

impl Sources {
    pub fn is_empty(&self) -> bool {
        self.outlook.is_none()
            && self.google.is_none()
            && self.outlook_files.is_empty()
            && self.google_files.is_empty()
    }

    /// The saved files, for the list of inputs a report may not overwrite.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.outlook_files.iter().chain(&self.google_files)
    }
}

/// What was read of one API source, for doctor, beside what every
/// calendar shows (events, drops by reason, zones): pages read, events by
/// type, series.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiCounts {
    /// The saved file, or `Microsoft Graph calendar 'primary'`.
    pub source: String,
    pub pages: u32,
    /// Events read, by event type (`busy`, `oof`, `default`, `focusTime`, …).
    pub by_type: BTreeMap<String, u64>,
    /// Distinct series the instances belong to.
    pub series: u64,
}

/// One event as an API gave it, in the model's terms: what `graph` and
/// `google` make of their own shapes, before the drop rules.
#[derive(Debug)]
pub(crate) struct ApiEvent {
    pub id: String,
    /// The series it is an instance of (`seriesMasterId`, `recurringEventId`).
    pub series: Option<String>,
    /// The instance's original start, when it is one of a series.
    pub original_start: Option<DateTime<Utc>>,
    pub title: String,
    pub description: String,
    pub location: String,
    pub categories: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub cancelled: bool,
    pub transparent: bool,
    pub participation: Participation,
    /// People (rooms and resources left out), lower-case, organizer included.
    pub attendees: Vec<String>,
    /// Of them, those whose own answer is declined (lower-case).
    pub declined: Vec<String>,
    pub organizer: Option<String>,
    pub event_type: Option<String>,
}

/// Zone names met in one source, each resolved once as a TZID is (IANA,
/// Windows name, Windows display name); an unknown one warns once and
/// stands for the manager's zone.
pub(crate) struct Zones {
    manager: Tz,
    resolved: HashMap<String, Tz>,
    pub seen: Vec<TzidSeen>,
}

impl Zones {
    pub fn new(manager: Tz) -> Zones {
        Zones {
            manager,
            resolved: HashMap::new(),
            seen: Vec::new(),
        }
    }

    pub fn manager(&self) -> Tz {
        self.manager
    }

    /// The zone `name` stands for; `event` names the event in a warning.
    pub fn get(&mut self, name: &str, source: &str, event: &str, w: &mut Vec<Warning>) -> Tz {
        if let Some(tz) = self.resolved.get(name) {
            return *tz;
        }
        let (tz, how) = match super::zone::named_zone(name) {
            Some(found) => found,
            None => {
                w.push(Warning::new(
                    source,
                    None,
                    format!(
                        "event {event}: unknown time zone '{name}'; used {}",
                        self.manager.name()
                    ),
                ));
                (self.manager, super::Resolution::Unknown)
            }
        };
        self.seen.push(TzidSeen {
            tzid: name.to_string(),
            resolution: how,
            zone: tz.name().to_string(),
        });
        self.resolved.insert(name.to_string(), tz);
        tz
    }
}

/// A wall-clock time (`2026-11-16T09:00:00.0000000`, fractions of any
/// length) in `tz`, by the one rule of `period.rs`.
pub(crate) fn wall_time(text: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let wall = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    Some(crate::period::local_to_utc(wall, tz))
}

/// A day's midnight in the manager's zone: an all-day event is floating,
/// as a VALUE=DATE one is.
pub(crate) fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    crate::period::local_to_utc(day.and_hms_opt(0, 0, 0).expect("midnight exists"), tz)
}

/// The warning for an event skipped because its `start` or `end` is not
/// there at all: what a response saved with `$select` or `fields` that
/// leave them out gives, for every event.
pub(crate) fn skipped_without(what: &str, source: &str, id: &str, warnings: &mut Vec<Warning>) {
    warnings.push(Warning::new(
        source,
        None,
        format!(
            "event {id} has no {what}; skipped (save the response with start and end selected)"
        ),
    ));
}

/// An event's end, an end before its start counted as zero length with a
/// warning, as a calendar file's DTEND before DTSTART is.
pub(crate) fn end_from(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    source: &str,
    id: &str,
    warnings: &mut Vec<Warning>,
) -> DateTime<Utc> {
    if end < start {
        warnings.push(Warning::new(
            source,
            None,
            format!("event {id}: end is before start; counted as zero length"),
        ));
        return start;
    }
    end
}

/// Reads saved responses of `service` from `paths`.
pub fn read_files(
    service: Service,
    paths: &[String],
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Occurrence>, Vec<FileCounts>, Vec<ApiCounts>)> {
    let mut all = Vec::new();
    let (mut files, mut counts) = (Vec::new(), Vec::new());
    for path in paths {
        let bytes = crate::saved_json::read(path, MAX_BYTES, warnings)?;
        let pages = split_pages(&bytes, path, service)?;
        warnings.extend(unsaved_next_page(&pages, path, service));
        let read = PageReader {
            service,
            label: Arc::from(path.as_str()),
            text: Some(&bytes),
        };
        let (occ, file, api) = read.pages(&pages, opts, warnings);
        all.extend(occ);
        files.push(file);
        counts.push(api);
    }
    Ok((all, files, counts))
}

/// The key of a page that names the next one: Graph's `@odata.nextLink`
/// (an address), Google's `nextPageToken`.
fn next_page_key(service: Service) -> &'static str {
    match service {
        Service::Outlook => "@odata.nextLink",
        Service::Google => "nextPageToken",
    }
}

/// A warning when a saved response's last page names a next page: the
/// pages after it were not saved, and their events are missing.
fn unsaved_next_page(pages: &[Value], path: &str, service: Service) -> Option<Warning> {
    let key = next_page_key(service);
    let next = pages.last()?.get(key)?;
    if next.is_null() || next.as_str() == Some("") {
        return None;
    }
    let message = format!(
        "its last page names a next page ({key}) that is not in the file: the events after it are missing; save every page"
    );
    Some(Warning::new(path, None, message))
}

/// The pages of a saved response: JSON values one after another (as a
/// paginated save prints them), each a page, or an array of pages or of
/// events. Not JSON, or no page of this API: an error naming the file.
pub fn split_pages(bytes: &[u8], path: &str, service: Service) -> Result<Vec<Value>> {
    let how = match service {
        Service::Outlook => {
            "save `GET /me/calendarView` responses (Graph Explorer, Invoke-MgGraphRequest)"
        }
        Service::Google => "save `events.list` responses (singleEvents=true)",
    };
    let list_key = list_key(service);
    let mut pages = Vec::new();
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<Value>() {
        let value = value.map_err(|e| anyhow!("{path}:{}: not JSON ({e}); {how}", e.line()))?;
        match value {
            Value::Object(ref o) if o.contains_key(list_key) => pages.push(value),
            Value::Array(items) if items.iter().all(|i| i.get(list_key).is_some()) => {
                pages.extend(items)
            }
            // A bare list of events, as `Invoke-MgGraphRequest … -All` keeps them.
            Value::Array(items) => {
                let mut page = serde_json::Map::new();
                page.insert(list_key.to_string(), Value::Array(items));
                pages.push(Value::Object(page));
            }
            _ => anyhow::bail!(
                "{path}: not a saved {} response (no \"{list_key}\" list of events); {how}",
                service.name()
            ),
        }
    }
    if pages.is_empty() {
        anyhow::bail!("{path}: empty file; {how}");
    }
    Ok(pages)
}

/// One source's pages being read.
pub(crate) struct PageReader<'a> {
    pub service: Service,
    pub label: Arc<str>,
    /// The saved file's text, to tell each event's line.
    pub text: Option<&'a [u8]>,
}

impl PageReader<'_> {
    /// Pages → occurrences in the window, with what doctor shows.
    pub fn pages(
        &self,
        pages: &[Value],
        opts: &CalendarOptions,
        warnings: &mut Vec<Warning>,
    ) -> (Vec<Occurrence>, FileCounts, ApiCounts) {
        let mut zones = Zones::new(opts.zone);
        let mut counts = ApiCounts {
            source: self.label.to_string(),
            pages: pages.len() as u32,
            ..ApiCounts::default()
        };
        let mut lines = LineFinder::new(self.text);
        let mut series = HashSet::new();
        // An event id met again (a page saved twice): counted once.
        let mut ids = HashSet::new();
        let mut repeated = 0;
        let mut out = Vec::new();
        let mut events = 0;
        // Google's pages name the calendar; Graph's do not.
        let calendar_name = (pages.first())
            .and_then(|p| p.get("summary")?.as_str())
            .map(Arc::from);
        let list_key = list_key(self.service);
        for page in pages {
            let Some(items) = page.get(list_key).and_then(Value::as_array) else {
                warnings.push(Warning::new(
                    &*self.label,
                    None,
                    format!("a page without a \"{list_key}\" list of events; skipped"),
                ));
                continue;
            };
            for item in items {
                let event = match self.service {
                    Service::Outlook => {
                        graph::event(item, &opts.me, &mut zones, &self.label, warnings)
                    }
                    Service::Google => {
                        google::event(item, &opts.me, &mut zones, &self.label, warnings)
                    }
                };
                let Some(e) = event else { continue };
                // The event's id, borrowed from its page.
                let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
                if !id.is_empty() && !ids.insert(id) {
                    repeated += 1;
                    continue;
                }
                events += 1;
                let kind = e.event_type.as_deref().unwrap_or("default");
                *counts.by_type.entry(kind.to_string()).or_default() += 1;
                if let Some(s) = &e.series {
                    series.insert(s.clone());
                }
                let line = lines.line_of(&e.id);
                if !(e.start < opts.to && (e.end > opts.from || e.start >= opts.from)) {
                    continue;
                }
                let origin = (&self.label, &calendar_name, line);
                out.push(occurrence(e, origin, opts));
            }
        }
        if repeated > 0 {
            let message = format!("{repeated} event(s) appear again with the same id (a page saved twice?); each is counted once");
            warnings.push(Warning::new(&*self.label, None, message));
        }
        // The APIs give instances: a series is no VEVENT of its own here.
        counts.series = series.len() as u64;
        let file = FileCounts {
            file: self.label.clone(),
            events,
            series: 0,
            overrides: 0,
            tzids: zones.seen,
            repairs: Default::default(),
        };
        (out, file, counts)
    }
}

/// Each event's line in a saved file: events come in file order, so one
/// forward search for each id, counting the lines passed.
struct LineFinder<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineFinder<'a> {
    fn new(text: Option<&'a [u8]>) -> Self {
        LineFinder {
            text: text.unwrap_or_default(),
            at: 0,
            line: 1,
        }
    }

    /// The line of `"id"` after the previous one found; 0 when not found
    /// (or no text: a live page).
    fn line_of(&mut self, id: &str) -> u64 {
        let quoted = format!("\"{id}\"");
        let rest = &self.text[self.at..];
        let Some(found) = memchr::memmem::find(rest, quoted.as_bytes()) else {
            return 0;
        };
        self.line += memchr::memchr_iter(b'\n', &rest[..found]).count() as u64;
        self.at += found + quoted.len();
        self.line
    }
}

/// An API event as an occurrence, with its drop decision. Instances of a
/// series share the series id as their UID: one item for largest items.
fn occurrence(
    e: ApiEvent,
    (file, calendar_name, line): (&Arc<str>, &Option<Arc<str>>, u64),
    opts: &CalendarOptions,
) -> Occurrence {
    let dropped = participation::decide(
        participation::Facts {
            cancelled: e.cancelled,
            transparent: e.transparent,
            participation: e.participation,
            all_day: e.all_day,
        },
        e.start,
        e.end,
        opts,
    );
    let organizer_is_me =
        (e.organizer.as_deref()).is_some_and(|o| opts.me.iter().any(|m| m.eq_ignore_ascii_case(o)));
    let recurrence_id = e
        .series
        .as_ref()
        .map(|_| e.original_start.unwrap_or(e.start));
    Occurrence {
        start: e.start,
        end: e.end,
        all_day: e.all_day,
        dropped,
        recurrence_id,
        event: Arc::new(EventDetails {
            title: Arc::from(e.title),
            description: Arc::from(e.description),
            location: Arc::from(e.location),
            categories: Arc::from(e.categories),
            attendees: Arc::from(e.attendees),
            declined: Arc::from(e.declined),
            organizer: e.organizer.map(Arc::from),
            organizer_is_me,
            participation: e.participation,
            event_type: e.event_type.map(Arc::from),
            source: EventSource {
                file: file.clone(),
                line,
                uid: Arc::from(e.series.unwrap_or(e.id)),
                calendar_name: calendar_name.clone(),
            },
        }),
    }
}

/// An event's people, each once (`participation::Addresses`), each
/// address as the model compares it: trimmed, lower-case, without
/// `mailto:`.
#[derive(Default)]
pub(crate) struct People(participation::Addresses);

impl People {
    pub fn add(&mut self, address: &str) {
        let a = address.trim().trim_start_matches("mailto:").to_lowercase();
        if !a.is_empty() {
            self.0.add_owned(a);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0.into_vec()
    }
}

/// One event of an API page in its API's shape; None, with a warning
/// naming its id, when it is not.
pub(crate) fn read_event<T: serde::de::DeserializeOwned>(
    item: &Value,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Option<T> {
    match T::deserialize(item) {
        Ok(e) => Some(e),
        Err(err) => {
            let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
            warnings.push(Warning::new(
                source,
                None,
                format!("event {id} cannot be read ({err}); skipped"),
            ));
            None
        }
    }
}

/// Whether `address` is one of the manager's.
pub(crate) fn is_me(me: &[String], address: &str) -> bool {
    me.iter().any(|m| m.eq_ignore_ascii_case(address.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_counted_once_whatever_their_case_in_a_meeting_or_an_all_hands() {
        for size in [3, 40] {
            let mut people = People::default();
            for i in 0..size {
                people.add(&format!("P{i}@Contoso.com"));
                people.add(&format!("mailto:p{i}@contoso.com"));
            }
            people.add(" ");
            let list = people.into_vec();
            assert_eq!(list.len(), size);
            assert_eq!(list[size - 1], format!("p{}@contoso.com", size - 1));
        }
    }

    #[test]
    fn a_graph_wall_time_has_seven_digits_of_fraction() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let t = wall_time("2026-11-16T09:00:00.0000000", berlin).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-16T08:00:00+00:00");
        assert!(wall_time("16/11/2026 09:00", berlin).is_none());
    }
}
