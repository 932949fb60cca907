//! CalDAV (RFC 4791): a calendar collection, or a server or principal URL
//! whose calendars are discovered (current-user-principal →
//! calendar-home-set → the collections in it that are calendars; RFC 6764's
//! `/.well-known/caldav` when the URL is the bare server). Each calendar's
//! events are fetched with a calendar-query REPORT over the weeks asked for:
//! the server returns every object (a master with its overrides) with an
//! instance in the window, whenever the series started. Each object's
//! calendar-data is then read as a file is.
//!
//! A collection whose ctag (or sync-token) has not changed since it was
//! cached for the same window is not queried again. Answers are untrusted:
//! hrefs outside the collection and responses without calendar-data are
//! skipped with a warning; nothing from the answer that names a path is
//! ever shown.

use super::cache::{self, Cache};
use super::http::{self, Client};
use super::multistatus::{self, DavResponse, CALDAV, CALSERVER, DAV};
use super::redact::{self, percent_decode, Url};
use super::{Fetched, Window};
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};

/// One calendar collection found.
struct Collection {
    url: Url,
    /// getctag, else sync-token: changes whenever an event does.
    ctag: Option<String>,
}

/// What the cache keeps for a CalDAV URL: its collections' entries (keys
/// and shown URLs only), so that `--offline` needs no discovery.
#[derive(Serialize, Deserialize)]
struct IndexEntry {
    key: String,
    label: String,
}

/// A CalDAV URL's events over `window` (every event without one).
pub fn fetch(
    client: &Client,
    cache: &Cache,
    given: &str,
    window: Option<Window>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Fetched>> {
    let label = redact::shown(given);
    let url = Url::read(given).map_err(|why| anyhow!("cannot read calendar {label}: {why}"))?;
    let user = client.options.user.clone().or_else(|| url.user.clone());
    let range = window.map_or("all".to_string(), |(from, to)| {
        format!("{}/{}", stamp(from), stamp(to))
    });
    let user_key = user.clone().unwrap_or_default();
    let index_key = cache::key(&["caldav-index", given.trim(), &user_key, &range]);
    if client.options.offline {
        return from_cache(cache, &index_key, &label);
    }
    let auth = super::sendable(super::credentials(&url, user.as_deref()), &url, &label)?;
    let auth = auth.map(|a| (a, url.origin()));
    let dav = Dav {
        client,
        label: &label,
        auth,
        // `timeout_seconds` bounds the whole calendar, not each request.
        deadline: client.deadline(),
    };
    let collections = dav.discover(&url)?;
    let mut fetched = Vec::new();
    let mut index = Vec::new();
    for c in collections {
        let key = cache::key(&["caldav", &c.url.request(), &user_key, &range]);
        // The address given is shown as given, here as in its errors; a
        // calendar found from it by its own address.
        let shown = match c.url.request() == url.request() {
            true => label.clone(),
            false => redact::shown(&c.url.request()),
        };
        let objects = dav.objects(cache, &key, &c, window, &shown, warnings)?;
        fetched.extend(one_body(&shown, objects));
        index.push(IndexEntry { key, label: shown });
    }
    let index = serde_json::to_vec(&index)?;
    if let Err(e) = cache.write(&index_key, &cache::Meta::default(), &index) {
        warnings.push(Warning::new(&label, None, format!("not cached: {e}")));
    }
    Ok(fetched)
}

/// `--offline`: the objects cached for this URL and window.
fn from_cache(cache: &Cache, index_key: &str, label: &str) -> Result<Vec<Fetched>> {
    let not_cached = || super::not_cached(label);
    let index = cache.read(index_key).ok_or_else(not_cached)?;
    let index: Vec<IndexEntry> = serde_json::from_slice(&index.body).map_err(|_| not_cached())?;
    let mut fetched = Vec::new();
    for entry in index {
        let body = cache.read(&entry.key).ok_or_else(not_cached)?.body;
        let objects: Vec<String> = serde_json::from_slice(&body).map_err(|_| not_cached())?;
        fetched.extend(one_body(&entry.label, objects));
    }
    Ok(fetched)
}

/// A calendar's objects (one VCALENDAR each) as one body, read as a file
/// of several calendars is: `doctor` then counts the calendar once, not
/// once per object. None for a calendar with nothing in the window.
fn one_body(label: &str, objects: Vec<String>) -> Option<Fetched> {
    if objects.is_empty() {
        return None;
    }
    let size = objects.iter().map(|o| o.len() + 2).sum();
    let mut bytes = Vec::with_capacity(size);
    // Each object freed as soon as it is in: never two whole copies.
    for (i, object) in objects.into_iter().enumerate() {
        if i > 0 {
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(object.as_bytes());
    }
    Some(Fetched {
        label: label.to_string(),
        bytes,
    })
}

/// `20260105T000000Z`, as CalDAV's time-range wants.
fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Requests to one CalDAV server, named in errors by the URL given.
struct Dav<'a> {
    client: &'a Client,
    label: &'a str,
    /// The credentials, and the one origin (scheme, host and port of the
    /// URL given) they may go to: links in the server's answers may name
    /// any host.
    auth: Option<(String, String)>,
    /// When the calendar's read must be over.
    deadline: std::time::Instant,
}

const PROPS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">
  <d:prop><d:resourcetype/><cs:getctag/><d:sync-token/><d:current-user-principal/><c:calendar-home-set/></d:prop>
</d:propfind>"#;

impl Dav<'_> {
    /// The calendars behind `url`: itself when it is one, else those found
    /// from it (or from `/.well-known/caldav` on its host, when it is the
    /// server's root or a page that is no CalDAV answer, as a web app's
    /// own address is). A path the server refuses or lacks is an error: a
    /// calendar it denies or no longer has must not turn into every
    /// calendar of the user.
    fn discover(&self, url: &Url) -> Result<Vec<Collection>> {
        let (at, responses) = match self.request("PROPFIND", url, "0", PROPS) {
            Ok(found) => found,
            Err(first) if url.path != WELL_KNOWN && (is_root(url) || !is_refusal(&first)) => {
                let well_known = url.join(WELL_KNOWN).expect("an absolute path");
                // The first refusal tells what went wrong, unless the
                // well-known address refused the sign-in: then that does.
                (self.request("PROPFIND", &well_known, "0", PROPS)).map_err(|second| {
                    if matches!(super::api::refused_status(&second), Some(401 | 403)) {
                        second
                    } else {
                        first
                    }
                })?
            }
            Err(e) => return Err(e),
        };
        let Some(own) = responses.first() else {
            bail!(
                "cannot read calendar {}: the server described nothing at that address; check it",
                self.label
            );
        };
        if is_calendar(own) {
            return Ok(vec![Collection {
                url: at,
                ctag: ctag(own),
            }]);
        }
        let home = match href(own, DAV, "current-user-principal")
            .filter(|_| href(own, CALDAV, "calendar-home-set").is_none())
        {
            Some(principal) => {
                let principal = at
                    .join(&principal)
                    .ok_or_else(|| self.unreadable("a bad href"))?;
                let (at, found) = self.request("PROPFIND", &principal, "0", PROPS)?;
                (found.first())
                    .and_then(|r| href(r, CALDAV, "calendar-home-set"))
                    .and_then(|h| at.join(&h))
            }
            None => href(own, CALDAV, "calendar-home-set").and_then(|h| at.join(&h)),
        };
        let home = home.unwrap_or(at);
        let (at, listed) = self.request("PROPFIND", &home, "1", PROPS)?;
        let calendars: Vec<Collection> = listed
            .iter()
            .filter(|r| is_calendar(r))
            .filter_map(|r| {
                let url = at.join(&r.href)?;
                (url.host == at.host).then(|| Collection { url, ctag: ctag(r) })
            })
            .collect();
        if calendars.is_empty() {
            bail!(
                "cannot read calendar {}: no calendar found there; check the address and the user (--caldav-user)",
                self.label
            );
        }
        Ok(calendars)
    }

    /// One collection's objects: from the cache when its ctag is the one
    /// cached for this window, else from a calendar-query REPORT.
    fn objects(
        &self,
        cache: &Cache,
        key: &str,
        c: &Collection,
        window: Option<Window>,
        shown: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<String>> {
        if let (Some(ctag), Some(cached)) = (&c.ctag, cache.read(key)) {
            if cached.meta.ctag.as_ref() == Some(ctag) {
                if let Ok(objects) = serde_json::from_slice(&cached.body) {
                    return Ok(objects);
                }
            }
        }
        let (_, responses) = self.request("REPORT", &c.url, "1", &query(window))?;
        let objects = calendar_data(&c.url, responses, shown, warnings);
        let meta = cache::Meta {
            ctag: c.ctag.clone(),
            ..cache::Meta::default()
        };
        if let Err(e) = cache.write(key, &meta, &serde_json::to_vec(&objects)?) {
            warnings.push(Warning::new(shown, None, format!("not cached: {e}")));
        }
        Ok(objects)
    }

    /// A WebDAV request that must answer 207 Multi-Status.
    fn request(
        &self,
        method: &str,
        url: &Url,
        depth: &str,
        body: &str,
    ) -> Result<(Url, Vec<DavResponse>)> {
        let mut headers = vec![
            ("depth", depth.to_string()),
            ("content-type", "application/xml; charset=utf-8".to_string()),
        ];
        if let Some((auth, origin)) = &self.auth {
            if url.origin() == *origin {
                headers.push(("authorization", auth.clone()));
            }
        }
        let request = http::Request {
            method,
            url: url.clone(),
            shown: self.label,
            subject: "calendar",
            headers,
            body: body.as_bytes().to_vec(),
        };
        let response = self.client.send_by(request, self.deadline)?;
        if response.status != 207 {
            let problem = http::status_problem(response.status)
                .or_else(|| {
                    super::not_a_calendar(
                        &response.body,
                        response.header("content-type").unwrap_or_default(),
                    )
                })
                .unwrap_or_else(|| format!("HTTP {}", response.status));
            return Err(anyhow::Error::new(super::api::Refused {
                status: response.status,
                rate_limited: false,
                what: format!("cannot read calendar {}", self.label),
                problem: format!("not a CalDAV answer: {problem}"),
            }));
        }
        let responses = multistatus::parse(&response.body).map_err(|e| self.unreadable(&e))?;
        Ok((response.url, responses))
    }

    fn unreadable(&self, what: &str) -> anyhow::Error {
        anyhow!(
            "cannot read calendar {}: the CalDAV answer is unreadable ({what})",
            self.label
        )
    }
}

/// Where a server says where its CalDAV lives (RFC 6764).
const WELL_KNOWN: &str = "/.well-known/caldav";

/// A server's root address.
fn is_root(url: &Url) -> bool {
    url.path.is_empty() || url.path == "/"
}

/// An answer that refuses or lacks the address asked for (401, 403, 404,
/// 410), not one that is merely no CalDAV answer (a web page).
fn is_refusal(e: &anyhow::Error) -> bool {
    matches!(super::api::refused_status(e), Some(401 | 403 | 404 | 410))
}

fn is_calendar(r: &DavResponse) -> bool {
    r.prop(DAV, "resourcetype")
        .is_some_and(|p| p.has_child(CALDAV, "calendar"))
}

fn ctag(r: &DavResponse) -> Option<String> {
    (r.prop(CALSERVER, "getctag"))
        .or_else(|| r.prop(DAV, "sync-token"))
        .map(|p| p.text.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn href(r: &DavResponse, ns: &str, name: &str) -> Option<String> {
    r.prop(ns, name)?.hrefs.first().cloned()
}

/// The calendar-query: VEVENTs with an instance in the window (RFC 4791
/// §9.9: the server expands recurrences to test the range, and returns the
/// whole object). The range is a day wider on each side: a server tests
/// a floating time (no zone) as UTC, while twohats reads it in the
/// manager's zone, up to 14 hours away; the reader cuts to the window.
fn query(window: Option<Window>) -> String {
    let range = window.map_or(String::new(), |(from, to)| {
        let day = chrono::Duration::days(1);
        format!(
            r#"<c:time-range start="{}" end="{}"/>"#,
            stamp(from - day),
            stamp(to + day)
        )
    });
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">{range}</c:comp-filter></c:comp-filter></c:filter>
</c:calendar-query>"#
    )
}

/// The calendar-data of every response inside the collection; others are
/// skipped with a warning (counted, never quoted: an href is a secret).
pub fn calendar_data(
    collection: &Url,
    responses: Vec<DavResponse>,
    shown: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<String> {
    let (mut outside, mut without) = (0, 0);
    let mut objects = Vec::new();
    // Compared decoded: a user writes `/ada@example.com/work/`, a server
    // answers `/ada%40example.com/work/x.ics`.
    let within = percent_decode(&collection.path);
    for r in responses {
        let inside = collection.join(&r.href).is_some_and(|u| {
            u.host == collection.host && percent_decode(&u.path).starts_with(&within)
        });
        if !inside {
            outside += 1;
            continue;
        }
        if r.status.is_some_and(|s| s == 404) {
            continue;
        }
        match r.prop(CALDAV, "calendar-data") {
            Some(data) if !data.text.trim().is_empty() => objects.push(data.text.clone()),
            _ => without += 1,
        }
    }
    if outside > 0 {
        warnings.push(Warning::new(
            shown,
            None,
            format!("skipped {outside} answer(s) for addresses outside the calendar"),
        ));
    }
    if without > 0 {
        warnings.push(Warning::new(
            shown,
            None,
            format!("skipped {without} event(s) the server sent without calendar data"),
        ));
    }
    objects
}
