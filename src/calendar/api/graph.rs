//! A Microsoft Graph `event` (microsoftgraph/msgraph-metadata,
//! `schemas/v1.0-Prod.csdl`, entity type `event`) as `calendarView`
//! returns it → an [`ApiEvent`]: `start`/`end` are `dateTimeTimeZone`
//! (a wall time and its zone, IANA or Windows name), `isAllDay`,
//! `isCancelled`, `responseStatus` (the manager's own answer), `showAs`
//! (`free` is transparent; the value is the event type), `attendees`
//! (`type: resource` are rooms), `seriesMasterId` for an instance.

use super::{day_start, is_me, wall_time, ApiEvent, People, Zones};
use crate::calendar::Participation;
use crate::Warning;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    id: String,
    series_master_id: Option<String>,
    subject: Option<String>,
    body_preview: Option<String>,
    categories: Option<Vec<String>>,
    start: Option<DateTimeTimeZone>,
    end: Option<DateTimeTimeZone>,
    original_start: Option<String>,
    is_all_day: Option<bool>,
    is_cancelled: Option<bool>,
    is_organizer: Option<bool>,
    response_status: Option<ResponseStatus>,
    show_as: Option<String>,
    location: Option<Location>,
    attendees: Option<Vec<Attendee>>,
    organizer: Option<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DateTimeTimeZone {
    date_time: String,
    time_zone: Option<String>,
}

#[derive(Deserialize)]
struct ResponseStatus {
    response: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    display_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Attendee {
    #[serde(rename = "type")]
    kind: Option<String>,
    email_address: Option<EmailAddress>,
    status: Option<ResponseStatus>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: Option<EmailAddress>,
}

#[derive(Deserialize)]
struct EmailAddress {
    address: Option<String>,
}

/// One event of a page; None (with a warning) when it cannot be read.
pub(crate) fn event(
    item: &Value,
    me: &[String],
    zones: &mut Zones,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Option<ApiEvent> {
    let e: Event = super::read_event(item, source, warnings)?;
    let all_day = e.is_all_day.unwrap_or(false);
    let mut when = |t: &Option<DateTimeTimeZone>, what: &str| {
        let Some(t) = t else {
            super::skipped_without(what, source, &e.id, warnings);
            return None;
        };
        time(t, all_day, zones, (source, &e.id, what), warnings)
    };
    let start = when(&e.start, "start")?;
    let end = when(&e.end, "end")?;
    let end = super::end_from(start, end, source, &e.id, warnings);
    let (attendees, organizer, invited, declined) = people(&e);
    let organizer_is_me =
        e.is_organizer.unwrap_or(false) || organizer.as_deref().is_some_and(|o| is_me(me, o));
    let response = e
        .response_status
        .as_ref()
        .and_then(|r| r.response.as_deref());
    Some(ApiEvent {
        original_start: e
            .original_start
            .as_deref()
            .and_then(crate::period::rfc3339_utc),
        series: e.series_master_id.filter(|s| !s.is_empty()),
        title: e.subject.unwrap_or_default(),
        description: e.body_preview.unwrap_or_default(),
        location: (e.location.and_then(|l| l.display_name)).unwrap_or_default(),
        categories: e.categories.unwrap_or_default(),
        start,
        end,
        all_day,
        cancelled: e.is_cancelled.unwrap_or(false),
        transparent: e.show_as.as_deref() == Some("free"),
        participation: participation(response, invited && !organizer_is_me),
        attendees,
        declined,
        organizer,
        event_type: e.show_as,
        id: e.id,
    })
}

/// A `dateTimeTimeZone`: a wall time in its zone (UTC when none is
/// named), or for an all-day event its date at the manager's midnight.
/// None, with a warning naming the event, when it is unreadable.
fn time(
    t: &DateTimeTimeZone,
    all_day: bool,
    zones: &mut Zones,
    (source, id, what): (&str, &str, &str),
    warnings: &mut Vec<Warning>,
) -> Option<DateTime<Utc>> {
    let zone = t.time_zone.as_deref().unwrap_or("UTC");
    let tz = zones.get(zone, source, id, warnings);
    let at = if all_day {
        // An all-day event is a span of dates, floating like VALUE=DATE.
        (t.date_time.get(..10))
            .and_then(|day| day.parse().ok())
            .map(|day| day_start(day, zones.manager()))
    } else {
        wall_time(&t.date_time, tz)
    };
    if at.is_none() {
        warnings.push(Warning::new(
            source,
            None,
            format!("event {id}: unreadable {what} '{}'; skipped", t.date_time),
        ));
    }
    at
}

/// The people of an event (rooms left out, the organizer added), the
/// organizer, whether anyone was invited at all, and who declined.
fn people(e: &Event) -> (Vec<String>, Option<String>, bool, Vec<String>) {
    let organizer = (e.organizer.as_ref())
        .and_then(|o| o.email_address.as_ref()?.address.clone())
        .filter(|a| !a.trim().is_empty())
        .map(|a| a.trim().to_lowercase());
    let mut attendees = People::default();
    let mut declined = Vec::new();
    for a in e.attendees.iter().flatten() {
        if a.kind.as_deref() == Some("resource") {
            continue;
        }
        if let Some(address) = a.email_address.as_ref().and_then(|m| m.address.as_deref()) {
            attendees.add(address);
            let answer = a.status.as_ref().and_then(|s| s.response.as_deref());
            if answer == Some("declined") {
                declined.push(address.trim().to_lowercase());
            }
        }
    }
    let invited = !attendees.is_empty();
    if let Some(o) = &organizer {
        attendees.add(o);
    }
    (attendees.into_vec(), organizer, invited, declined)
}

/// `responseStatus.response` as the model's answer: the organizer's own
/// event, or one without attendees, is their own block, unless the
/// manager declined it or answered maybe (a response saved with a
/// narrowed `$select` has no attendees, and the answer is still theirs).
fn participation(response: Option<&str>, invited: bool) -> Participation {
    match response {
        Some("declined") => Participation::Declined,
        Some("tentativelyAccepted") => Participation::Tentative,
        _ if !invited => Participation::NotInvited,
        Some("notResponded") | Some("none") | None => Participation::NeedsAction,
        Some("organizer") => Participation::NotInvited,
        _ => Participation::Accepted,
    }
}
