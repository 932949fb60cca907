//! Calendars over the network (SPEC "Calendars over the network"): `.ics`
//! URLs read with a conditional GET, CalDAV calendars read with a
//! calendar-query over the weeks asked for, both cached on disk; the bodies
//! are then read by `calendar` exactly as files are.
//!
//! - `redact`: how a URL is shown (`https://HOST/…#abcd1234`), everywhere;
//! - `http`: the client, the deadline, the size cap, redirects, errors;
//! - `cache`: the on-disk cache, keyed by hashes, never a URL in clear;
//! - `multistatus`: WebDAV answers → plain data (untrusted input);
//! - `caldav`: discovery and the calendar-query REPORT.
//!
//! The reading stage fetches a manager's URLs first ([`fetch_manager`]): a
//! URL that cannot be read is then an error, or a warning when other
//! sources of the manager were read. The calendar reader is handed each
//! calendar as a [`CalendarSource`]: a path as given, or fetched bodies.

pub mod api;
pub mod auth;
pub mod cache;
pub mod caldav;
pub mod http;
pub mod multistatus;
pub mod redact;

use crate::Warning;
use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, Utc};
use std::time::Duration;

pub use redact::shown;

/// How a CalDAV URL travels in a manager's list of calendars (the config
/// and the flags keep them apart; the reader sees one list).
pub const CALDAV_PREFIX: &str = "caldav+";

/// `[network]` and the flags that steer fetching.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// For a whole request, redirects included.
    pub timeout: Duration,
    /// Larger answers are refused.
    pub max_bytes: u64,
    /// Read only the cache.
    pub offline: bool,
    /// `--caldav-user`.
    pub user: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(30),
            max_bytes: 256 * 1024 * 1024,
            offline: false,
            user: None,
        }
    }
}

impl Options {
    /// The config's `[network] timeout_seconds` and `max_megabytes`,
    /// online, no CalDAV user.
    pub fn of(timeout_seconds: u64, max_megabytes: u64) -> Options {
        Options {
            timeout: Duration::from_secs(timeout_seconds),
            max_bytes: max_megabytes.saturating_mul(1024 * 1024),
            ..Options::default()
        }
    }
}

/// One calendar body fetched, and the shown URL that names it.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub label: String,
    pub bytes: Vec<u8>,
}

/// Whether `given` is meant as a calendar URL rather than a path: a URL,
/// text that starts like one ([`redact::looks_like_url`]), or a CalDAV
/// value. Such text is never read as a file: one that is no URL twohats
/// can read is an error that does not quote it (it may hold a secret).
pub fn is_url(given: &str) -> bool {
    given.starts_with(CALDAV_PREFIX) || redact::looks_like_url(given)
}

/// The weeks asked for, as UTC instants (a CalDAV time-range).
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// A calendar as the reader takes it: as the user gave it (a path, a
/// folder, `-`, or a URL nobody fetched first), or the bodies fetched from
/// a URL or a CalDAV collection.
#[derive(Debug, Clone)]
pub enum CalendarSource {
    Given(String),
    Fetched(Vec<Fetched>),
}

/// The bodies of a URL given straight to the calendar reader (not fetched
/// first by [`fetch_manager`]), with default options; None when `given` is
/// not a URL.
pub fn open(given: &str, warnings: &mut Vec<Warning>) -> Option<Result<Vec<Fetched>>> {
    if !is_url(given) {
        return None;
    }
    let fetched = http::Client::new(Options::default())
        .and_then(|client| fetch_one(&client, given, None, warnings));
    Some(fetched)
}

/// Fetches every URL among a manager's `calendars` (CalDAV ones carry
/// [`CALDAV_PREFIX`]) and returns each calendar as the reader takes it. A
/// URL that cannot be read is an error, unless `other_sources` (files,
/// repositories, logs) or another URL were read: then it is left out with a
/// warning saying which data is missing.
pub fn fetch_manager(
    calendars: &[String],
    options: &Options,
    window: Window,
    other_sources: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<CalendarSource>> {
    if !calendars.iter().any(|c| is_url(c)) {
        return Ok(calendars
            .iter()
            .cloned()
            .map(CalendarSource::Given)
            .collect());
    }
    let client = http::Client::new(options.clone())?;
    let mut list = Vec::new();
    let mut failures = Vec::new();
    for given in calendars {
        if !is_url(given) {
            list.push(CalendarSource::Given(given.clone()));
            continue;
        }
        match fetch_one(&client, given, Some(window), warnings) {
            Ok(bodies) => list.push(CalendarSource::Fetched(bodies)),
            Err(e) => failures.push(e),
        }
    }
    let read = other_sources || !list.is_empty();
    let missing = "this manager's figures miss that calendar's events";
    failures_as_warnings(failures, read, (UNREAD_CALENDAR, missing), warnings)?;
    Ok(list)
}

/// The source of the warning for a calendar URL that could not be read.
pub const UNREAD_CALENDAR: &str = "network";
/// The source of the warning for a forge API that could not be read.
pub const UNREAD_FORGE: &str = "forge";

/// Sources of a manager that could not be read: with nothing else read,
/// the first is the error; else each is a warning from `source` saying
/// which figures are `missing`.
pub fn failures_as_warnings(
    failures: Vec<anyhow::Error>,
    something_read: bool,
    (source, missing): (&str, &str),
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    if let (false, Some(first)) = (something_read, failures.first()) {
        bail!("{first:#}");
    }
    for e in failures {
        warnings.push(Warning::unread(source, format!("{e:#}; {missing}")));
    }
    Ok(())
}

/// One URL: an `.ics` URL read with a conditional GET, or a CalDAV URL
/// (with `window`; without one, every event).
fn fetch_one(
    client: &http::Client,
    given: &str,
    window: Option<Window>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Fetched>> {
    let cache = cache::Cache::from_env();
    let caldav = given.strip_prefix(CALDAV_PREFIX);
    let url = caldav.unwrap_or(given);
    // Said, not silently dropped: the user believes it is sent.
    let unused_password = redact::holds_password(url).then(|| {
        let instead = match caldav {
            Some(_) => "give it in TWOHATS_CALDAV_PASSWORD or ~/.netrc",
            // ics_credentials: a calendar URL gets only its host's netrc entry.
            None => {
                "give it in a ~/.netrc entry for the host (`machine HOST login USER password …`)"
            }
        };
        format!("the password in the address is not used; {instead}")
    });
    if let Some(message) = &unused_password {
        warnings.push(Warning::new(shown(url), None, message));
    }
    let fetched = match caldav {
        Some(url) => caldav::fetch(client, &cache, url, window, warnings),
        None => fetch_ics(client, &cache, given, warnings).map(|bytes| {
            vec![Fetched {
                label: shown(given),
                bytes,
            }]
        }),
    };
    // A refusal ends the run before its warnings are shown: the one that
    // explains it goes with it.
    match unused_password {
        Some(message) => fetched.map_err(|e| match api::refused_status(&e) {
            Some(401 | 403) => anyhow::anyhow!("{e:#}; {message}"),
            _ => e,
        }),
        None => fetched,
    }
}

/// An `.ics` URL: from the cache when the server says it has not changed
/// (304), else downloaded and cached.
pub fn fetch_ics(
    client: &http::Client,
    cache: &cache::Cache,
    given: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<u8>> {
    let label = shown(given);
    let url =
        redact::Url::read(given).map_err(|why| anyhow!("cannot read calendar {label}: {why}"))?;
    let key = cache::key(&["ics", given.trim()]);
    let cached = cache.read(&key);
    if client.options.offline {
        return cached.map(|c| c.body).ok_or_else(|| not_cached(&label));
    }
    let auth = sendable(ics_credentials(&url), &url, &label)?;
    let mut headers = auth.map(|a| vec![("authorization", a)]).unwrap_or_default();
    headers.extend(
        cached
            .as_ref()
            .map(cache::Entry::conditions)
            .unwrap_or_default(),
    );
    let request = http::Request {
        method: "GET",
        url,
        shown: &label,
        subject: "calendar",
        headers,
        body: Vec::new(),
    };
    let response = client.send(request)?;
    if response.status == 304 {
        if let Some(c) = cached {
            return Ok(c.body);
        }
    }
    if let Some(problem) = http::status_problem(response.status) {
        // Typed, as CalDAV's: a refused sign-in is told apart by its status.
        return Err(anyhow::Error::new(api::Refused {
            status: response.status,
            rate_limited: false,
            what: format!("cannot read calendar {label}"),
            problem,
        }));
    }
    if response.status == 304 {
        bail!("cannot read calendar {label}: HTTP 304 to a request that was not conditional");
    }
    if let Some(problem) = not_a_calendar(
        &response.body,
        response.header("content-type").unwrap_or_default(),
    ) {
        bail!("cannot read calendar {label}: {problem}");
    }
    let meta = cache::Meta::of(&response);
    if let Err(e) = cache.write(&key, &meta, &response.body) {
        warnings.push(Warning::new(&label, None, format!("not cached: {e}")));
    }
    Ok(response.body)
}

fn not_cached(label: &str) -> anyhow::Error {
    anyhow!("cannot read calendar {label}: --offline, and it is not in the cache yet; run once without --offline")
}

/// Why a body that came back is not a calendar (an HTML login page, most
/// often), if it is not.
pub fn not_a_calendar(body: &[u8], content_type: &str) -> Option<String> {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = String::from_utf8_lossy(&body[start..body.len().min(start + 512)])
        .trim_start_matches('\u{feff}')
        .to_ascii_lowercase();
    let html = head.starts_with("<!doctype html") || head.starts_with("<html");
    // As for a file: a calendar somewhere in the text (a stray line before
    // it, or VEVENTs without their VCALENDAR) is read, with the reader's
    // warnings; a web page is not.
    let text = &body[start..body.len().min(start + 64 * 1024)];
    let holds = |what: &[u8]| {
        text.windows(what.len())
            .any(|w| w.eq_ignore_ascii_case(what))
    };
    if !html && (holds(b"begin:vcalendar") || holds(b"begin:vevent")) {
        return None;
    }
    let html = html || content_type.to_ascii_lowercase().contains("html");
    Some(if html {
        "the server sent a web page (HTML), not a calendar: a login page? Use the calendar's secret (private) iCal address or its published link, not the address of its web page, and check it is still published".to_string()
    } else {
        "the answer is not a calendar (no BEGIN:VCALENDAR); check the address is the calendar's iCal (.ics) link".to_string()
    })
}

/// `Authorization: Basic …` for a URL that names a user (or with
/// `--caldav-user`): the password from `TWOHATS_CALDAV_PASSWORD`, else
/// `~/.netrc`. None without a user and password.
pub fn credentials(url: &redact::Url, flag_user: Option<&str>) -> Option<String> {
    let netrc = netrc_entry(url.host_name());
    let user = flag_user
        .map(str::to_string)
        .or_else(|| url.user.clone())
        .or_else(|| netrc.as_ref().and_then(|(login, ..)| login.clone()))?;
    let password = std::env::var("TWOHATS_CALDAV_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
        .or_else(|| {
            let (login, password, _) = netrc?;
            (login.is_none() || login.as_deref() == Some(user.as_str())).then_some(password)
        })?;
    Some(basic(&user, &password))
}

/// Credentials for a plain calendar URL, a secret address that usually
/// needs none: only those of the `~/.netrc` entry naming its host (the
/// URL's user, if it names one, must be that entry's). The CalDAV
/// password (`TWOHATS_CALDAV_PASSWORD`) and a netrc `default` entry belong
/// to CalDAV servers and are never sent to a calendar URL.
fn ics_credentials(url: &redact::Url) -> Option<String> {
    let (login, password, machine) = netrc_entry(url.host_name())?;
    if !machine {
        return None;
    }
    let user = match (&url.user, login) {
        (Some(user), Some(login)) if *user != login => return None,
        (Some(user), _) => user.clone(),
        (None, login) => login?,
    };
    Some(basic(&user, &password))
}

/// `Basic …` of a user and password.
fn basic(user: &str, password: &str) -> String {
    let pair = format!("{user}:{password}");
    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pair);
    format!("Basic {encoded}")
}

/// The credentials `auth` for `url`, which a password never leaves in
/// clear: with one, an `http://` URL must be this machine.
pub(crate) fn sendable(
    auth: Option<String>,
    url: &redact::Url,
    label: &str,
) -> Result<Option<String>> {
    if auth.is_some() && !url.carries_secrets() {
        bail!("cannot read calendar {label}: http is not encrypted, and the password would travel in clear; use https");
    }
    Ok(auth)
}

/// `(login, password, whether it names the machine)` of the `machine HOST`
/// entry of `$HOME/.netrc`, else of its `default` entry.
fn netrc_entry(host: &str) -> Option<(Option<String>, String, bool)> {
    let home = crate::user_dirs::env_path("HOME")?;
    let text = std::fs::read_to_string(home.join(".netrc")).ok()?;
    // (machine, or None for `default`; login; password)
    let mut entries: Vec<(Option<String>, Option<String>, Option<String>)> = Vec::new();
    let mut tokens = text.split_whitespace();
    while let Some(token) = tokens.next() {
        match token {
            "machine" => entries.push((Some(tokens.next().unwrap_or("").to_string()), None, None)),
            "default" => entries.push((None, None, None)),
            "login" | "password" => {
                let value = tokens.next().map(str::to_string);
                if let Some(e) = entries.last_mut() {
                    if token == "login" {
                        e.1 = value;
                    } else {
                        e.2 = value;
                    }
                }
            }
            _ => {}
        }
    }
    let machine =
        |e: &&(Option<String>, _, _)| e.0.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(host));
    let entry =
        (entries.iter().find(machine)).or_else(|| entries.iter().find(|e| e.0.is_none()))?;
    Some((entry.1.clone(), entry.2.clone()?, entry.0.is_some()))
}
