//! A file of saved API responses (`forge_files`, `--forge-file`): the JSON
//! of any response twohats reads live, an array or arrays one after
//! another as `gh api --paginate` prints them, or a search result. Each
//! value's kind is told from its shape; anything else is an error naming
//! the file.

use super::{github, gitlab, Found, Sources};
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Larger files are refused: a year of an active reviewer's responses is a
/// few megabytes, and a file is read whole into memory (several times its
/// size as parsed JSON).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What a saved value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Reviews,
    ReviewComments,
    PullSearch,
    CommitSearch,
    GitLabEvents,
    /// `GET /projects/:id`: names the project's events.
    GitLabProject,
    /// `GET /users?username=`: nothing to read.
    GitLabUsers,
    /// An empty list or search: nothing to read.
    Empty,
}

/// Reads one saved file for the users named in `sources`.
pub fn read(path: &str, sources: &Sources, warnings: &mut Vec<Warning>) -> Result<Found> {
    let bytes = crate::saved_json::read(path, MAX_BYTES, warnings)?;
    read_bytes(&bytes, path, sources, warnings)
}

/// [`read`] on bytes already read; `path` names them.
pub fn read_bytes(
    bytes: &[u8],
    path: &str,
    sources: &Sources,
    warnings: &mut Vec<Warning>,
) -> Result<Found> {
    let mut found = Found::of(path);
    let mut values = Vec::new();
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<Value>() {
        let value = value.map_err(|e| {
            anyhow!("{path}:{}: not JSON ({e}); save API responses with `gh api --paginate` or `glab api`", e.line())
        })?;
        let shape = shape_of(&value).ok_or_else(|| {
            anyhow!("{path}: not a saved GitHub or GitLab response (expected pull request reviews, review comments, an issue or commit search, or GitLab user events)")
        })?;
        values.push((shape, value));
    }
    if values.is_empty() {
        bail!("{path}: empty; expected saved GitHub or GitLab API responses");
    }
    // Projects saved in the file name the events of theirs, wherever they are.
    let projects: HashMap<u64, String> = (values.iter())
        .filter(|(shape, _)| *shape == Shape::GitLabProject)
        .filter_map(|(_, v)| {
            Some((
                v.get("id")?.as_u64()?,
                v.get("path_with_namespace")?.as_str()?,
            ))
        })
        .filter(|(_, p)| gitlab::is_plain_path(p))
        .map(|(id, p)| (id, p.to_string()))
        .collect();
    for (shape, value) in &values {
        add(
            &mut found,
            value,
            *shape,
            (path, &projects),
            sources,
            warnings,
        )?;
    }
    Ok(found)
}

/// One value's events, commits and counts added to `found`.
fn add(
    found: &mut Found,
    value: &Value,
    shape: Shape,
    (path, projects): (&str, &HashMap<u64, String>),
    sources: &Sources,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let github_user = || -> Result<&str> {
        (sources.github.as_ref()).map(|a| a.user.as_str()).ok_or_else(|| {
            anyhow!("{path}: holds GitHub responses; say whose reviews they are with github = {{ user = \"LOGIN\" }} or --github LOGIN")
        })
    };
    match shape {
        Shape::Empty | Shape::GitLabProject | Shape::GitLabUsers => {}
        Shape::Reviews => {
            let events = github::reviews(value, github_user()?, path, warnings);
            found.counts.reviews += events.len() as u64;
            found.counts.pull_requests += pulls_of(&events);
            found.events.extend(events);
        }
        Shape::ReviewComments => {
            let events = github::comments(value, github_user()?, path, warnings);
            found.counts.comments += events.len() as u64;
            found.counts.pull_requests += pulls_of(&events);
            found.events.extend(events);
        }
        Shape::PullSearch => {
            found.counts.pull_requests += github::search_pulls(value, path, warnings).len() as u64;
        }
        Shape::CommitSearch => {
            let commits = github::search_commits(value, github_user()?, path, warnings);
            found.counts.commits += commits.len() as u64;
            found.commits.extend(commits);
        }
        Shape::GitLabEvents => {
            let user = (sources.gitlab.as_ref()).map(|a| a.user.as_str()).ok_or_else(|| {
                anyhow!("{path}: holds GitLab events; say whose they are with gitlab = {{ user = \"USERNAME\" }} or --gitlab USERNAME")
            })?;
            // Events name projects by id only.
            let mut project = |id: u64| -> Arc<str> {
                match projects.get(&id) {
                    Some(p) => Arc::from(p.as_str()),
                    None => Arc::from(gitlab::project_label(id)),
                }
            };
            let events = gitlab::events(value, user, path, &mut project, warnings);
            gitlab::add(found, events);
        }
    }
    Ok(())
}

/// The pull requests `events` review (a file of one pull request's
/// reviews reviews one), for doctor's count of what a file holds.
fn pulls_of(events: &[super::ReviewEvent]) -> u64 {
    let pulls: std::collections::HashSet<&str> = events.iter().map(|e| &*e.pull).collect();
    pulls.len() as u64
}

/// What a value is, from its shape; None when it is none of the responses.
fn shape_of(value: &Value) -> Option<Shape> {
    if value.get("path_with_namespace").is_some() && value.get("id").is_some() {
        return Some(Shape::GitLabProject);
    }
    if let Some(items) = value.get("items").and_then(Value::as_array) {
        return Some(match items.first() {
            None => Shape::Empty,
            Some(i) if i.get("sha").is_some() && i.get("commit").is_some() => Shape::CommitSearch,
            Some(i) if i.get("number").is_some() && i.get("repository_url").is_some() => {
                Shape::PullSearch
            }
            Some(_) => return None,
        });
    }
    let first = match value.as_array()?.first() {
        None => return Some(Shape::Empty),
        Some(first) => first,
    };
    let has = |key: &str| first.get(key).is_some();
    Some(if has("action_name") && has("created_at") {
        Shape::GitLabEvents
    } else if has("username") && has("id") {
        Shape::GitLabUsers
    } else if has("diff_hunk") || has("pull_request_review_id") {
        Shape::ReviewComments
    } else if has("state") && has("pull_request_url") {
        Shape::Reviews
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forge::Account;

    fn rui() -> Sources {
        Sources {
            github: Some(Account {
                user: "rui-dev".into(),
                token: None,
                api: github::PUBLIC_API.into(),
                api_named: "github.api".into(),
                commits: false,
                live: false,
            }),
            ..Sources::default()
        }
    }

    #[test]
    fn pages_one_after_another_as_gh_paginate_prints_them() {
        let text = br#"[{"id":1,"user":{"login":"rui-dev"},"state":"APPROVED","submitted_at":"2026-11-18T09:00:00Z","pull_request_url":"https://api.github.com/repos/acme/api/pulls/3"}][{"id":2,"user":{"login":"rui-dev"},"state":"COMMENTED","submitted_at":"2026-11-18T09:40:00Z","pull_request_url":"https://api.github.com/repos/acme/api/pulls/4"}]"#;
        let found = read_bytes(text, "rui.json", &rui(), &mut Vec::new()).unwrap();
        assert_eq!(found.events.len(), 2);
        assert_eq!(found.counts.reviews, 2);
    }

    #[test]
    fn something_else_is_an_error_naming_the_file() {
        let e = read_bytes(
            br#"{"login":"rui-dev"}"#,
            "me.json",
            &rui(),
            &mut Vec::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("me.json: not a saved GitHub or GitLab response"),
            "{e}"
        );
        let e = read_bytes(b"[1, 2", "cut.json", &rui(), &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cut.json:1: not JSON"), "{e}");
    }
}
