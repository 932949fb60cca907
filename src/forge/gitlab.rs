//! GitLab's REST API (gitlab.com or self-managed): the user's id
//! (`GET /users?username=`), then their events over the weeks
//! (`GET /users/:id/events?after=&before=`); `approved` merge requests and
//! comments (`Note`, `DiffNote`) on merge requests are review events. The
//! projects named in them are looked up once each for their path.

use super::{instant, Account, Found, ReviewEvent, SourceCounts};
use crate::forge::github::encode;
use crate::net::api::{Api, Token};
use crate::net::cache::Cache;
use crate::net::http::Client;
use crate::net::redact::Url;
use crate::net::Window;
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use serde_json::Value;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

pub const PUBLIC_API: &str = "https://gitlab.com/api/v4";

/// An event of `GET /users/:id/events`.
#[derive(Deserialize)]
struct Event {
    id: u64,
    project_id: Option<u64>,
    action_name: String,
    target_type: Option<String>,
    target_iid: Option<u64>,
    created_at: String,
    author_username: Option<String>,
    note: Option<Note>,
}

#[derive(Deserialize)]
struct Note {
    noteable_type: Option<String>,
    noteable_iid: Option<u64>,
}

#[derive(Deserialize)]
struct UserEntry {
    id: u64,
}

#[derive(Deserialize)]
struct Project {
    path_with_namespace: String,
}

/// Reads the account's review events over `window`.
pub fn read(
    client: &Client,
    account: &Account,
    (from, to): Window,
    warnings: &mut Vec<Warning>,
) -> Result<Found> {
    let base = Url::parse(&account.api)
        .ok_or_else(|| anyhow!("gitlab.api: '{}' is not an http(s) URL", account.api))?;
    let api = Api {
        client,
        cache: Cache::from_env(),
        base,
        token: account.token.as_ref(),
        service: "GitLab API",
        token_variable: "GITLAB_TOKEN",
        pages: Cell::new(0),
    };
    let source = format!("GitLab {}", account.user);
    let id = user_id(&api, &account.user)?;
    // `after` and `before` are dates, both exclusive.
    let after = (from - chrono::Duration::days(1)).date_naive();
    let before = to.date_naive().succ_opt().unwrap_or(to.date_naive());
    let path = format!("/users/{id}/events?after={after}&before={before}&per_page=100");
    let mut found = Found {
        counts: SourceCounts {
            source: source.clone(),
            ..SourceCounts::default()
        },
        ..Found::default()
    };
    let mut names = ProjectNames::default();
    for page in api.get_all(&path)? {
        let v: Value = serde_json::from_slice(&page).map_err(|e| {
            anyhow!(
                "cannot read GitLab API {}: the answer is not JSON ({e})",
                crate::net::api::shown(&api.url(&path))
            )
        })?;
        let events = events(
            &v,
            &account.user,
            &source,
            &mut |p| names.get(&api, p),
            warnings,
        );
        add(&mut found, events);
    }
    found.counts.pages = api.pages.get();
    Ok(found)
}

/// Adds review events and counts them: approvals as reviews, notes as
/// comments, distinct merge requests.
pub fn add(found: &mut Found, events: Vec<(ReviewEvent, bool)>) {
    for (e, approval) in events {
        if approval {
            found.counts.reviews += 1;
        } else {
            found.counts.comments += 1;
        }
        if !found.events.iter().any(|f| f.pull == e.pull) {
            found.counts.pull_requests += 1;
        }
        found.events.push(e);
    }
}

/// The numeric id of a username.
fn user_id(api: &Api, user: &str) -> Result<u64> {
    let path = format!("/users?username={}", encode(user));
    let (page, _) = api.get(&api.url(&path))?;
    let users: Vec<UserEntry> = serde_json::from_slice(&page).map_err(|e| {
        anyhow!(
            "cannot read GitLab API {}: the answer is not a list of users ({e})",
            crate::net::api::shown(&api.url(&path))
        )
    })?;
    match users.first() {
        Some(u) => Ok(u.id),
        None => bail!(
            "GitLab API {}: no user named '{user}'; check gitlab.user",
            api.base.origin()
        ),
    }
}

/// Project paths by id, each asked for once; "project N" when it cannot be read.
#[derive(Default)]
struct ProjectNames(HashMap<u64, Arc<str>>);

impl ProjectNames {
    fn get(&mut self, api: &Api, id: u64) -> Arc<str> {
        self.0
            .entry(id)
            .or_insert_with(|| {
                let path = format!("/projects/{id}");
                let name = api.get(&api.url(&path)).ok().and_then(|(page, _)| {
                    serde_json::from_slice::<Project>(&page)
                        .ok()
                        .map(|p| p.path_with_namespace)
                });
                Arc::from(name.unwrap_or_else(|| format!("project {id}")))
            })
            .clone()
    }
}

/// The review events in a page of the user's events, each with whether it
/// is an approval (else a comment); `project` names a project id.
pub fn events(
    v: &Value,
    user: &str,
    source: &str,
    project: &mut dyn FnMut(u64) -> Arc<str>,
    warnings: &mut Vec<Warning>,
) -> Vec<(ReviewEvent, bool)> {
    let Some(list) = v.as_array() else {
        warnings.push(Warning::new(
            source,
            None,
            "an answer that is not a list of events; skipped",
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in list {
        let e = match Event::deserialize(entry) {
            Ok(e) => e,
            Err(err) => {
                warnings.push(Warning::new(
                    source,
                    None,
                    format!("an event that cannot be read ({err}); skipped"),
                ));
                continue;
            }
        };
        if (e.author_username.as_deref()).is_some_and(|a| !a.eq_ignore_ascii_case(user)) {
            continue;
        }
        let Some((iid, approval)) = review_of(&e) else {
            continue;
        };
        let (Some(time), Some(project_id)) = (instant(&e.created_at), e.project_id) else {
            warnings.push(Warning::new(
                source,
                None,
                format!(
                    "event {}: no readable created_at or project_id; skipped",
                    e.id
                ),
            ));
            continue;
        };
        let repo = project(project_id);
        out.push((
            ReviewEvent {
                id: format!("gitlab event {}", e.id),
                time,
                pull: Arc::from(format!("{repo}!{iid}")),
                repo,
            },
            approval,
        ));
    }
    out
}

/// A merge request's iid and whether the event approves it, when the
/// event is a review: an approval, or a comment on a merge request.
fn review_of(e: &Event) -> Option<(u64, bool)> {
    let target = e.target_type.as_deref().unwrap_or("");
    if e.action_name == "approved" && target == "MergeRequest" {
        return Some((e.target_iid?, true));
    }
    let note = e.note.as_ref()?;
    let on_mr = note.noteable_type.as_deref() == Some("MergeRequest");
    let is_note = matches!(target, "Note" | "DiffNote" | "DiscussionNote");
    (e.action_name.starts_with("commented") && on_mr && is_note)
        .then_some((note.noteable_iid?, false))
}

/// The token for an account: the config's, else `GITLAB_TOKEN`.
pub fn token_from_env() -> Option<Token> {
    let value = std::env::var("GITLAB_TOKEN")
        .ok()
        .filter(|v| !v.trim().is_empty())?;
    Some(Token::new(value.trim(), "GITLAB_TOKEN"))
}
