//! GitLab's REST API (gitlab.com or self-managed): the user's id
//! (`GET /users?username=`), then their events over the weeks
//! (`GET /users/:id/events?after=&before=`); `approved` merge requests and
//! comments (`Note`, `DiffNote`) on merge requests are review events. The
//! projects named in them are looked up once each for their path.

use super::{Account, Found, ReviewEvent};
use crate::net::api::{encode, Api, ApiNames};
use crate::net::http::Client;
use crate::net::Window;
use crate::period::rfc3339_utc;
use crate::Warning;
use anyhow::{bail, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub const PUBLIC_API: &str = "https://gitlab.com/api/v4";

/// What errors call the API, and the variable its token comes from.
pub const SERVICE: ApiNames = ApiNames {
    service: "GitLab API",
    token_variable: "GITLAB_TOKEN",
    path_hint: "GitLab's is https://HOST/api/v4",
    not_found_hint: super::NOT_FOUND_HINT,
};
pub const TOKEN_VARIABLES: [&str; 1] = ["GITLAB_TOKEN"];

/// Projects looked up by id at most; those beyond are named "project N".
pub const MAX_PROJECTS: usize = 200;

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
    let api = Api::new(
        client,
        &account.api,
        &account.api_named,
        account.token.as_ref(),
        SERVICE,
    )?;
    let mut found = Found::of(format!("GitLab {}", account.user));
    let source = found.counts.source.clone();
    let id = user_id(&api, &account.user)?;
    // Dates, both exclusive: a day before the first and after the last.
    let after = (from - chrono::Duration::days(1)).date_naive();
    let before = (to + chrono::Duration::days(1)).date_naive();
    let path = format!("/users/{id}/events?after={after}&before={before}&per_page=100");
    let mut names = ProjectNames::default();
    for page in api.get_all_json(&path)? {
        let events = events(
            &page,
            &account.user,
            &source,
            &mut |p| names.get(&api, p),
            warnings,
        );
        add(&mut found, events);
    }
    if names.unread > 0 {
        warnings.push(Warning::new(
            &source,
            None,
            format!(
                "the path of {} project(s) could not be read; they are named \"project N\"",
                names.unread
            ),
        ));
    }
    found.counts.pages = api.pages.get();
    Ok(found)
}

/// Adds review events and counts them: approvals as reviews, notes as
/// comments, and the distinct merge requests.
pub fn add(found: &mut Found, events: Vec<(ReviewEvent, bool)>) {
    let mut pulls: HashSet<Arc<str>> = found.events.iter().map(|e| e.pull.clone()).collect();
    for (e, approval) in events {
        if approval {
            found.counts.reviews += 1;
        } else {
            found.counts.comments += 1;
        }
        if pulls.insert(e.pull.clone()) {
            found.counts.pull_requests += 1;
        }
        found.events.push(e);
    }
}

/// The numeric id of a username.
fn user_id(api: &Api, user: &str) -> Result<u64> {
    let users = api.get_json(&format!("/users?username={}", encode(user)))?;
    let first = users.as_array().and_then(|u| u.first());
    match first.and_then(|u| UserEntry::deserialize(u).ok()) {
        Some(u) => Ok(u.id),
        None => bail!(
            "GitLab API {}: no user named '{user}'; check gitlab.user",
            api.base.origin()
        ),
    }
}

/// Project paths by id, each asked for once, at most [`MAX_PROJECTS`];
/// "project N" for one that cannot be read (counted, for one warning).
#[derive(Default)]
struct ProjectNames {
    names: HashMap<u64, Arc<str>>,
    unread: usize,
}

impl ProjectNames {
    fn get(&mut self, api: &Api, id: u64) -> Arc<str> {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        let read = (self.names.len() < MAX_PROJECTS)
            .then(|| api.get_json(&format!("/projects/{id}")).ok())
            .flatten()
            .and_then(|v| Project::deserialize(&v).ok())
            .map(|p| p.path_with_namespace)
            .filter(|p| is_plain_path(p));
        self.unread += usize::from(read.is_none());
        let name: Arc<str> = Arc::from(read.unwrap_or_else(|| project_label(id)));
        self.names.insert(id, name.clone());
        name
    }
}

/// What a project is called when its path is unknown.
pub fn project_label(id: u64) -> String {
    format!("project {id}")
}

/// A GitLab path (`group/sub/project`): a label only, kept plain.
pub fn is_plain_path(path: &str) -> bool {
    (1..=255).contains(&path.len())
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
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
    let (mut unreadable, mut untimed) = (0, Vec::new());
    for entry in list {
        let Ok(e) = Event::deserialize(entry) else {
            unreadable += 1;
            continue;
        };
        if (e.author_username.as_deref()).is_some_and(|a| !a.eq_ignore_ascii_case(user)) {
            continue;
        }
        let Some((iid, approval)) = review_of(&e) else {
            continue;
        };
        let (Some(time), Some(project_id)) = (rfc3339_utc(&e.created_at), e.project_id) else {
            untimed.push(e.id);
            continue;
        };
        let repo = project(project_id);
        let pull = Arc::from(format!("{repo}!{iid}"));
        let id = format!("gitlab event {}", e.id);
        out.push((
            ReviewEvent {
                id,
                time,
                pull,
                repo,
            },
            approval,
        ));
    }
    if unreadable > 0 {
        let message = format!("{unreadable} event(s) not in GitLab's shape; skipped");
        warnings.push(Warning::new(source, None, message));
    }
    if !untimed.is_empty() {
        let ids: Vec<String> = untimed.iter().take(5).map(u64::to_string).collect();
        let message = format!(
            "{} review event(s) without a readable created_at or project_id (id {}); skipped",
            untimed.len(),
            ids.join(", ")
        );
        warnings.push(Warning::new(source, None, message));
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
