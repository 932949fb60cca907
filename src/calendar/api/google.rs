//! A Google Calendar v3 `Event` (the API's discovery document, schema
//! `Event`) as `events.list?singleEvents=true` returns it → an
//! [`ApiEvent`]: `start`/`end` are `EventDateTime` (`dateTime` with its
//! offset, or `date` for an all-day event), `status: cancelled`,
//! `transparency`, `eventType`, `attendees` (`self: true` is the manager,
//! `resource: true` a room), `recurringEventId` and `originalStartTime`
//! for an instance.

use super::{day_start, is_me, ApiEvent, People, Zones};
use crate::calendar::Participation;
use crate::Warning;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    id: String,
    status: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    location: Option<String>,
    start: Option<EventDateTime>,
    end: Option<EventDateTime>,
    recurring_event_id: Option<String>,
    original_start_time: Option<EventDateTime>,
    transparency: Option<String>,
    event_type: Option<String>,
    attendees: Option<Vec<Attendee>>,
    organizer: Option<Person>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventDateTime {
    date: Option<String>,
    date_time: Option<String>,
    time_zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Attendee {
    email: Option<String>,
    #[serde(rename = "self")]
    is_self: Option<bool>,
    resource: Option<bool>,
    response_status: Option<String>,
}

#[derive(Deserialize)]
struct Person {
    email: Option<String>,
}

/// One event of a page; None (with a warning) when it cannot be read.
/// A cancelled instance of a series may carry no start or end: it is
/// placed at its original start (it claims no time either way).
pub(crate) fn event(
    item: &Value,
    me: &[String],
    zones: &mut Zones,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Option<ApiEvent> {
    let e: Event = super::read_event(item, source, warnings)?;
    let cancelled = e.status.as_deref() == Some("cancelled");
    let original_start =
        (e.original_start_time.as_ref()).and_then(|t| time(t, zones, source, &e.id, warnings));
    let start = match e.start.as_ref() {
        None if cancelled => original_start?,
        t => required(t, "start", zones, (source, &e.id), warnings)?,
    };
    let end = match e.end.as_ref() {
        None if cancelled => start,
        t => {
            let end = required(t, "end", zones, (source, &e.id), warnings)?;
            super::end_from(start, end, source, &e.id, warnings)
        }
    };
    let all_day = e
        .start
        .as_ref()
        .is_some_and(|s| s.date_time.is_none() && s.date.is_some());
    let (attendees, organizer, participation, declined) =
        people(e.attendees.as_deref(), e.organizer, me);
    Some(ApiEvent {
        series: e.recurring_event_id.filter(|s| !s.is_empty()),
        original_start,
        title: e.summary.unwrap_or_default(),
        description: e.description.unwrap_or_default(),
        location: e.location.unwrap_or_default(),
        categories: Vec::new(),
        start,
        end,
        all_day,
        cancelled,
        transparent: e.transparency.as_deref() == Some("transparent"),
        participation,
        attendees,
        declined,
        organizer,
        event_type: Some(e.event_type.unwrap_or_else(|| "default".to_string())),
        id: e.id,
    })
}

/// The people of an event (rooms left out, the organizer added), the
/// organizer, and the manager's answer (their entry: `self`, or one of
/// their addresses).
fn people(
    list: Option<&[Attendee]>,
    organizer: Option<Person>,
    me: &[String],
) -> (Vec<String>, Option<String>, Participation, Vec<String>) {
    let mut attendees = People::default();
    let mut declined = Vec::new();
    let mut participation = Participation::NotInvited;
    for a in list.unwrap_or_default() {
        let email = a.email.as_deref().unwrap_or("");
        if participation == Participation::NotInvited
            && (a.is_self == Some(true) || is_me(me, email))
        {
            participation = answer(a.response_status.as_deref());
        }
        if a.resource != Some(true) {
            attendees.add(email);
            if a.response_status.as_deref() == Some("declined") {
                declined.push(email.trim().to_lowercase());
            }
        }
    }
    let organizer = (organizer.and_then(|o| o.email))
        .filter(|a| !a.trim().is_empty())
        .map(|a| a.trim().to_lowercase());
    if let Some(o) = &organizer {
        attendees.add(o);
    }
    (attendees.into_vec(), organizer, participation, declined)
}

/// `responseStatus` of the manager's own attendee entry.
fn answer(status: Option<&str>) -> Participation {
    match status {
        Some("declined") => Participation::Declined,
        Some("tentative") => Participation::Tentative,
        Some("needsAction") | None => Participation::NeedsAction,
        _ => Participation::Accepted,
    }
}

/// An event's `start` or `end` (`what`); None, with a warning naming the
/// event, when it is not there or cannot be read.
fn required(
    t: Option<&EventDateTime>,
    what: &str,
    zones: &mut Zones,
    (source, id): (&str, &str),
    warnings: &mut Vec<Warning>,
) -> Option<DateTime<Utc>> {
    let Some(t) = t else {
        super::skipped_without(what, source, id, warnings);
        return None;
    };
    let at = time(t, zones, source, id, warnings);
    if at.is_none() {
        warnings.push(Warning::new(
            source,
            None,
            format!("event {id} has no readable {what}; skipped"),
        ));
    }
    at
}

/// An `EventDateTime`: `dateTime` with its offset (without one, a wall
/// time in `timeZone`, else the manager's zone), or `date` at the
/// manager's midnight.
fn time(
    t: &EventDateTime,
    zones: &mut Zones,
    source: &str,
    id: &str,
    warnings: &mut Vec<Warning>,
) -> Option<DateTime<Utc>> {
    if let Some(text) = &t.date_time {
        if let Some(at) = crate::period::rfc3339_utc(text) {
            return Some(at);
        }
        let tz = match &t.time_zone {
            Some(name) => zones.get(name, source, id, warnings),
            None => zones.manager(),
        };
        let at = super::wall_time(text, tz);
        if at.is_none() {
            warnings.push(Warning::new(
                source,
                None,
                format!("event {id}: unreadable time '{text}'"),
            ));
        }
        return at;
    }
    let day: NaiveDate = t.date.as_deref()?.trim().parse().ok()?;
    Some(day_start(day, zones.manager()))
}
