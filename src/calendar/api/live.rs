//! A manager's API calendars read: the saved responses, then the live
//! accounts (`outlook = { … }`, `google = { … }`), with their tokens
//! decided (SPEC: the config's `token` or `token_command`, then
//! `TWOHATS_OUTLOOK_TOKEN` / `TWOHATS_GOOGLE_TOKEN`, then the login's
//! refresh token).

use super::{ApiCounts, PageReader, Service, Sources};
use crate::calendar::{CalendarOptions, FileCounts, Occurrence};
use crate::config::CalendarAccountConfig;
use crate::net::api::encode;
use crate::net::api::{api_base, token_from, token_from_env, Api, Refused, Token};
use crate::net::http::Client;
use crate::net::redact::Url;
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// Graph's public API.
pub const GRAPH_API: &str = "https://graph.microsoft.com/v1.0";
/// Google Calendar API v3.
pub const GOOGLE_API: &str = "https://www.googleapis.com/calendar/v3";

/// Where a live read gets its token.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenSource {
    /// `token` in the config, or the environment's variable.
    Given(Token),
    /// `token_command`: the program and its arguments; it prints the token.
    Command(Vec<String>, String),
    /// The refresh token `twohats login` kept.
    Login,
}

/// One live API calendar of a manager.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub service: Service,
    /// An id, or a name as the app shows it; `primary` by default.
    pub calendar: String,
    /// The API base URL.
    pub api: String,
    /// What gives `api`, for its errors: `outlook.api` or its variable.
    pub api_named: String,
    pub token: TokenSource,
    /// The manager whose calendar it is: `/me/…` answers each with their
    /// own, so the cache keeps them apart.
    pub owner: String,
    /// Also read each event's text (Graph's `bodyPreview`, which needs
    /// `Calendars.Read`): only when a rule has a `description` condition.
    pub descriptions: bool,
}

/// A manager's API sources with their tokens and API bases decided;
/// `descriptions`: whether a rule looks at descriptions.
pub fn sources(
    (name, descriptions): (&str, bool),
    (outlook, google): (Option<CalendarAccountConfig>, Option<CalendarAccountConfig>),
    (outlook_files, google_files): (Vec<String>, Vec<String>),
) -> Sources {
    let account = |service: Service, a: CalendarAccountConfig| {
        let key = service.key();
        let upper = key.to_ascii_uppercase();
        let token = if let Some(t) = a.token {
            TokenSource::Given(Token::new(t, token_from(name, key, a.token_variable)))
        } else if !a.token_command.is_empty() {
            TokenSource::Command(
                a.token_command,
                format!("manager '{name}' {key}.token_command"),
            )
        } else if let Some(t) = token_from_env(&[service.token_variable()]) {
            TokenSource::Given(t)
        } else {
            TokenSource::Login
        };
        let public = match service {
            Service::Outlook => GRAPH_API,
            Service::Google => GOOGLE_API,
        };
        let variable = format!("TWOHATS_{upper}_API_URL");
        let (api, api_named) = api_base(a.api, &format!("{key}.api"), &variable, public);
        Account {
            service,
            calendar: a.calendar.unwrap_or_else(|| "primary".to_string()),
            api,
            api_named,
            token,
            owner: name.to_string(),
            descriptions,
        }
    };
    Sources {
        outlook: outlook.map(|a| account(Service::Outlook, a)),
        google: google.map(|a| account(Service::Google, a)),
        outlook_files,
        google_files,
    }
}

/// Everything read from a manager's API calendars.
#[derive(Debug, Default)]
pub struct Found {
    pub occurrences: Vec<Occurrence>,
    pub files: Vec<FileCounts>,
    pub counts: Vec<ApiCounts>,
}

/// Reads a manager's API calendars over the window of `opts`: the saved
/// responses, then the live accounts.
pub fn read(
    sources: &Sources,
    opts: &CalendarOptions,
    network: &crate::net::Options,
    warnings: &mut Vec<Warning>,
) -> Result<Found> {
    let mut found = Found::default();
    for (service, paths) in [
        (Service::Outlook, &sources.outlook_files),
        (Service::Google, &sources.google_files),
    ] {
        let (occ, files, counts) = super::read_files(service, paths, opts, warnings)?;
        found.occurrences.extend(occ);
        found.files.extend(files);
        found.counts.extend(counts);
    }
    let accounts: Vec<&Account> = [&sources.outlook, &sources.google]
        .into_iter()
        .flatten()
        .collect();
    if accounts.is_empty() {
        return Ok(found);
    }
    let client = Client::new(network.clone())?;
    for account in accounts {
        let (occ, file, counts) = read_account(account, &client, opts, warnings)?;
        found.occurrences.extend(occ);
        found.files.push(file);
        found.counts.push(counts);
    }
    Ok(found)
}

/// One live calendar: its pages to the end, read with the token (a 401
/// with a login's token refreshes it once and tries again), then mapped
/// as saved pages are.
fn read_account(
    account: &Account,
    client: &Client,
    opts: &CalendarOptions,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Occurrence>, FileCounts, ApiCounts)> {
    let service = account.service;
    // Offline, the cache alone answers: no token is asked for.
    let mut token = match client.options.offline {
        true => None,
        false => Some(token(account, client)?),
    };
    let mut refreshed = false;
    let names = service.api_names();
    let values = loop {
        // Api::new refuses a token over http beyond this machine.
        let mut api = Api::new(
            client,
            &account.api,
            &account.api_named,
            token.as_ref(),
            names,
        )?;
        api.owner = account.owner.clone();
        let e = match pages(&api, account, opts) {
            Err(e) if account.token == TokenSource::Login => e,
            other => break other?,
        };
        let Some(refused) = e.downcast_ref::<Refused>().filter(|r| r.status == 401) else {
            return Err(e);
        };
        if refreshed {
            bail!(
                "{}: the sign-in's token was refused (HTTP 401), also just after a refresh; run `twohats login {}` again",
                refused.what,
                service.key()
            );
        }
        token = Some(token_refreshed(account, client)?);
        refreshed = true;
    };
    let label = format!("{} calendar '{}'", service.name(), account.calendar);
    let reader = PageReader {
        service,
        label: Arc::from(label),
        text: None,
    };
    Ok(reader.pages(&values, opts, warnings))
}

/// The account's pages over the window (the calendar named first
/// resolved to its id).
fn pages(api: &Api, account: &Account, opts: &CalendarOptions) -> Result<Vec<Value>> {
    let stamp = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let (from, to) = (stamp(opts.from), stamp(opts.to));
    match account.service {
        Service::Outlook => {
            let path = match account.calendar.as_str() {
                "primary" => "/me/calendarView".to_string(),
                named => format!(
                    "/me/calendars/{}/calendarView",
                    encode(&graph_calendar(api, named)?)
                ),
            };
            let body = if account.descriptions {
                ",bodyPreview"
            } else {
                ""
            };
            let query = format!(
                "{path}?startDateTime={from}&endDateTime={to}&$top=100&$select={GRAPH_SELECT}{body}"
            );
            api.get_all_json_by(&query, graph_next)
        }
        Service::Google => {
            let id = google_calendar(api, &account.calendar)?;
            let query = format!(
                "/calendars/{}/events?singleEvents=true&timeMin={from}&timeMax={to}&maxResults=2500",
                encode(&id)
            );
            api.get_all_json_by(&query, google_next)
        }
    }
}

/// The fields of a Graph event twohats reads (Calendars.ReadBasic gives
/// them all; `bodyPreview` is added for rules on descriptions).
const GRAPH_SELECT: &str = "id,subject,categories,start,end,originalStart,isAllDay,isCancelled,isOrganizer,responseStatus,showAs,type,seriesMasterId,location,attendees,organizer";

/// Graph's next page: `@odata.nextLink`, an absolute URL; one that is not
/// (the pages after it could not be read) is an error.
fn graph_next(_: &Url, page: &Value) -> anyhow::Result<Option<Url>> {
    let key = super::next_page_key(Service::Outlook);
    let Some(link) = page.get(key).filter(|l| !l.is_null()) else {
        return Ok(None);
    };
    match link.as_str().and_then(Url::parse) {
        Some(url) => Ok(Some(url)),
        None => anyhow::bail!(
            "its {key} is not an http(s) address, so the pages after it cannot be read"
        ),
    }
}

/// Google's next page: the same request with `pageToken`; a token that is
/// not text is an error.
fn google_next(at: &Url, page: &Value) -> anyhow::Result<Option<Url>> {
    let key = super::next_page_key(Service::Google);
    let Some(token) = page.get(key).filter(|t| !t.is_null()) else {
        return Ok(None);
    };
    let Some(token) = token.as_str() else {
        anyhow::bail!("its {key} is not text, so the pages after it cannot be read");
    };
    if token.is_empty() {
        return Ok(None);
    }
    let path = match at.path.find("&pageToken=") {
        Some(i) => &at.path[..i],
        None => &at.path,
    };
    Ok(Some(Url {
        path: format!("{path}&pageToken={}", encode(token)),
        ..at.clone()
    }))
}

#[derive(Deserialize)]
struct Listed {
    #[serde(alias = "items")]
    value: Vec<ListedCalendar>,
}

#[derive(Deserialize)]
struct ListedCalendar {
    id: String,
    #[serde(alias = "summary")]
    name: Option<String>,
    #[serde(rename = "summaryOverride")]
    name_override: Option<String>,
}

/// The id of a Graph calendar given by id or by name (`/me/calendars`).
fn graph_calendar(api: &Api, named: &str) -> Result<String> {
    let listed = api.get_all_json_by("/me/calendars?$select=id,name&$top=100", graph_next)?;
    find_calendar(api, &listed, named)
}

/// A Google calendar: `primary` or an id (an address) as it is; a name
/// looked up in the user's calendar list.
fn google_calendar(api: &Api, named: &str) -> Result<String> {
    if named == "primary" || named.contains('@') {
        return Ok(named.to_string());
    }
    let listed = api.get_all_json_by("/users/me/calendarList?maxResults=250", google_next)?;
    find_calendar(api, &listed, named)
}

fn find_calendar(api: &Api, pages: &[Value], named: &str) -> Result<String> {
    let mut names = Vec::new();
    for page in pages {
        let list = Listed::deserialize(page).map_err(|e| {
            anyhow!(
                "cannot read {}: the calendar list is not readable ({e})",
                api.service
            )
        })?;
        for c in list.value {
            let shown = c.name_override.or(c.name).unwrap_or_default();
            if c.id == named || shown.eq_ignore_ascii_case(named) {
                return Ok(c.id);
            }
            names.push(shown);
        }
    }
    bail!(
        "{}: no calendar named '{named}'; the account has: {}",
        api.service,
        names.join(", ")
    )
}

/// The account's token: the config's or the environment's, a command's
/// output, or a fresh one from the login's refresh token.
fn token(account: &Account, client: &Client) -> Result<Token> {
    match &account.token {
        TokenSource::Given(t) => Ok(t.clone()),
        TokenSource::Command(command, from) => token_from_command(command, from),
        TokenSource::Login => crate::net::auth::access_token(account.service, client, false),
    }
}

/// A fresh token after a 401, from the login's refresh token.
fn token_refreshed(account: &Account, client: &Client) -> Result<Token> {
    let mut t = crate::net::auth::access_token(account.service, client, true)?;
    t.from = format!("{} (refreshed)", t.from);
    Ok(t)
}

/// Runs `token_command`; its output, trimmed, is the token. Neither the
/// output nor the command's errors are ever shown (they may hold it).
fn token_from_command(command: &[String], from: &str) -> Result<Token> {
    let (program, args) = command
        .split_first()
        .expect("checked when the config was read");
    let out = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| anyhow!("{from}: cannot run '{program}': {e}"))?;
    if !out.status.success() {
        bail!(
            "{from}: '{program}' failed ({}); run it by hand to see why",
            out.status
        );
    }
    let value = String::from_utf8(out.stdout)
        .map_err(|_| anyhow!("{from}: '{program}' printed something that is not text"))?;
    let value = value.trim();
    if value.is_empty() || value.contains(char::is_whitespace) {
        bail!("{from}: '{program}' did not print one token");
    }
    Ok(Token::new(value, from))
}
