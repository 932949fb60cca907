//! A manager's API calendars read: the saved responses, then the live
//! accounts (`outlook = { … }`, `google = { … }`), with their tokens
//! decided (SPEC: the config's `token` or `token_command`, then
//! `TWOHATS_OUTLOOK_TOKEN` / `TWOHATS_GOOGLE_TOKEN`, then the login's
//! refresh token).

use super::{ApiCounts, Service, Sources};
use crate::calendar::{CalendarOptions, FileCounts, Occurrence};
use crate::config::CalendarAccountConfig;
use crate::net::api::Token;
use crate::Warning;
use anyhow::Result;

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
    pub token: TokenSource,
}

/// A manager's API sources with their tokens and API bases decided.
pub fn sources(
    name: &str,
    (outlook, google): (Option<CalendarAccountConfig>, Option<CalendarAccountConfig>),
    (outlook_files, google_files): (Vec<String>, Vec<String>),
) -> Sources {
    let account = |service: Service, a: CalendarAccountConfig| {
        let key = service.key();
        let upper = key.to_ascii_uppercase();
        let env = |suffix: &str| {
            std::env::var(format!("TWOHATS_{upper}_{suffix}"))
                .ok()
                .filter(|v| !v.trim().is_empty())
        };
        let token = if let Some(t) = a.token {
            TokenSource::Given(Token::new(t, format!("manager '{name}' {key}.token")))
        } else if !a.token_command.is_empty() {
            TokenSource::Command(a.token_command, format!("manager '{name}' {key}.token_command"))
        } else if let Some(t) = env("TOKEN") {
            TokenSource::Given(Token::new(t.trim(), format!("TWOHATS_{upper}_TOKEN")))
        } else {
            TokenSource::Login
        };
        let public = match service {
            Service::Outlook => GRAPH_API,
            Service::Google => GOOGLE_API,
        };
        Account {
            service,
            calendar: a.calendar.unwrap_or_else(|| "primary".to_string()),
            api: (a.api).or_else(|| env("API_URL")).unwrap_or_else(|| public.to_string()),
            token,
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
    _network: &crate::net::Options,
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
    Ok(found)
}
