//! GitHub's REST API (github.com and GitHub Enterprise Server), as the
//! SPEC names it: the pull requests the user reviewed (issue search,
//! `reviewed-by:`), each one's reviews and review comments, and with
//! `commits = true` the user's authored commits (commit search). The JSON
//! shapes are those of github/rest-api-description: `pull-request-review`,
//! `pull-request-review-comment`, `issue-search-result-item`,
//! `commit-search-result-item`.

use super::{instant, Account, Found, ReviewEvent, SourceCounts};
use crate::git::Commit;
use crate::net::api::{Api, Token};
use crate::net::cache::Cache;
use crate::net::http::Client;
use crate::net::redact::Url;
use crate::net::Window;
use crate::Warning;
use anyhow::{anyhow, Result};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use std::cell::Cell;
use std::sync::Arc;

pub const PUBLIC_API: &str = "https://api.github.com";

#[derive(Deserialize)]
struct User {
    login: String,
}

/// `pull-request-review`: PENDING reviews have no `submitted_at`.
#[derive(Deserialize)]
struct Review {
    id: u64,
    user: Option<User>,
    state: String,
    submitted_at: Option<String>,
    pull_request_url: String,
}

/// `pull-request-review-comment`.
#[derive(Deserialize)]
struct ReviewComment {
    id: u64,
    user: Option<User>,
    created_at: String,
    pull_request_url: String,
}

/// `issue-search-result-item`: only those with `pull_request` are pulls.
#[derive(Deserialize)]
struct IssueItem {
    number: u64,
    repository_url: String,
    pull_request: Option<IgnoredAny>,
}

/// `commit-search-result-item`.
#[derive(Deserialize)]
struct CommitItem {
    sha: String,
    commit: CommitDetail,
    #[serde(default)]
    parents: Vec<IgnoredAny>,
    repository: Option<Repository>,
}

#[derive(Deserialize)]
struct CommitDetail {
    author: Option<GitPerson>,
    committer: Option<GitPerson>,
}

#[derive(Deserialize)]
struct GitPerson {
    email: Option<String>,
    date: Option<String>,
}

#[derive(Deserialize)]
struct Repository {
    full_name: String,
}

/// A pull request: `owner/repo` and its number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pull {
    pub repo: String,
    pub number: u64,
}

/// Reads the account's reviews (and commits) over `window`.
pub fn read(
    client: &Client,
    account: &Account,
    (from, to): Window,
    warnings: &mut Vec<Warning>,
) -> Result<Found> {
    let api = api(client, account)?;
    let source = format!("GitHub {}", account.user);
    let first = from.date_naive();
    let last = (to - chrono::Duration::days(1)).date_naive();
    let user = encode(&account.user);
    let mut found = Found {
        counts: SourceCounts {
            source: source.clone(),
            ..SourceCounts::default()
        },
        ..Found::default()
    };
    let query =
        format!("/search/issues?q=type:pr+reviewed-by:{user}+updated:%3E%3D{first}&per_page=100");
    let mut pulls: Vec<Pull> = Vec::new();
    for page in api.get_all(&query)? {
        for pull in search_pulls(&json(&page, &api, &query)?, &source, warnings) {
            if !pulls.contains(&pull) {
                pulls.push(pull);
            }
        }
    }
    found.counts.pull_requests = pulls.len() as u64;
    for pull in &pulls {
        let base = format!("/repos/{}/pulls/{}", encode_repo(&pull.repo), pull.number);
        for page in api.get_all(&format!("{base}/reviews?per_page=100"))? {
            let v = json(&page, &api, &base)?;
            let events = reviews(&v, &account.user, &source, warnings);
            found.counts.reviews += events.len() as u64;
            found.events.extend(events);
        }
        let since = format!("{first}T00:00:00Z");
        for page in api.get_all(&format!("{base}/comments?since={since}&per_page=100"))? {
            let v = json(&page, &api, &base)?;
            let events = comments(&v, &account.user, &source, warnings);
            found.counts.comments += events.len() as u64;
            found.events.extend(events);
        }
    }
    if account.commits {
        let query =
            format!("/search/commits?q=author:{user}+author-date:{first}..{last}&per_page=100");
        for page in api.get_all(&query)? {
            let commits = search_commits(&json(&page, &api, &query)?, &source, warnings);
            found.counts.commits += commits.len() as u64;
            found.commits.extend(commits);
        }
    }
    found.counts.pages = api.pages.get();
    Ok(found)
}

/// The API client of an account.
fn api<'a>(client: &'a Client, account: &'a Account) -> Result<Api<'a>> {
    let base = Url::parse(&account.api)
        .ok_or_else(|| anyhow!("github.api: '{}' is not an http(s) URL", account.api))?;
    Ok(Api {
        client,
        cache: Cache::from_env(),
        base,
        token: account.token.as_ref(),
        service: "GitHub API",
        token_variable: "GITHUB_TOKEN",
        pages: Cell::new(0),
    })
}

/// A page's JSON, or one line saying the answer was not JSON.
fn json(page: &[u8], api: &Api, path: &str) -> Result<Value> {
    serde_json::from_slice(page).map_err(|e| {
        anyhow!(
            "cannot read {} {}: the answer is not JSON ({e})",
            api.service,
            crate::net::api::shown(&api.url(path))
        )
    })
}

/// The pulls of an issue-search page (issues that are not pulls left out).
pub fn search_pulls(v: &Value, source: &str, warnings: &mut Vec<Warning>) -> Vec<Pull> {
    let items: Vec<IssueItem> = entries(search_items(v), source, "search result", warnings);
    items
        .into_iter()
        .filter(|i| i.pull_request.is_some())
        .filter_map(|i| {
            let repo = repo_of(&i.repository_url).or_else(|| {
                warnings.push(Warning::new(
                    source,
                    None,
                    format!(
                        "a pull request with an unreadable repository_url '{}'; skipped",
                        i.repository_url
                    ),
                ));
                None
            })?;
            Some(Pull {
                repo,
                number: i.number,
            })
        })
        .collect()
}

/// The user's submitted reviews in a page of `pull-request-review`s.
pub fn reviews(
    v: &Value,
    user: &str,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<ReviewEvent> {
    let reviews: Vec<Review> = entries(v.as_array(), source, "review", warnings);
    reviews
        .into_iter()
        .filter(|r| is_user(&r.user, user) && !r.state.eq_ignore_ascii_case("PENDING"))
        .filter_map(|r| {
            let time = r.submitted_at.as_deref().and_then(instant);
            let event = time
                .zip(pull_of(&r.pull_request_url))
                .map(|(time, (repo, pull))| ReviewEvent {
                    id: format!("github review {}", r.id),
                    time,
                    pull,
                    repo,
                });
            if event.is_none() {
                warnings.push(Warning::new(
                    source,
                    None,
                    format!(
                        "review {}: no readable submitted_at or pull_request_url; skipped",
                        r.id
                    ),
                ));
            }
            event
        })
        .collect()
}

/// The user's comments in a page of `pull-request-review-comment`s.
pub fn comments(
    v: &Value,
    user: &str,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<ReviewEvent> {
    let comments: Vec<ReviewComment> = entries(v.as_array(), source, "review comment", warnings);
    comments
        .into_iter()
        .filter(|c| is_user(&c.user, user))
        .filter_map(|c| {
            let time = instant(&c.created_at);
            let event = time
                .zip(pull_of(&c.pull_request_url))
                .map(|(time, (repo, pull))| ReviewEvent {
                    id: format!("github comment {}", c.id),
                    time,
                    pull,
                    repo,
                });
            if event.is_none() {
                warnings.push(Warning::new(
                    source,
                    None,
                    format!(
                        "review comment {}: no readable created_at or pull_request_url; skipped",
                        c.id
                    ),
                ));
            }
            event
        })
        .collect()
}

/// The commits of a commit-search page, as the git readers make them.
pub fn search_commits(v: &Value, source: &str, warnings: &mut Vec<Warning>) -> Vec<Commit> {
    let items: Vec<CommitItem> = entries(search_items(v), source, "commit", warnings);
    items
        .into_iter()
        .filter_map(|c| {
            let author = c.commit.author.as_ref();
            let time = author.and_then(|a| a.date.as_deref()).and_then(instant);
            let sha_ok = c.sha.len() == 40 && c.sha.bytes().all(|b| b.is_ascii_hexdigit());
            let Some(author_time) = time.filter(|_| sha_ok) else {
                warnings.push(Warning::new(
                    source,
                    None,
                    format!(
                        "commit '{}': no full sha or readable author date; skipped",
                        c.sha
                    ),
                ));
                return None;
            };
            let committer = c.commit.committer.as_ref();
            let repo = c
                .repository
                .map_or_else(|| "GitHub".to_string(), |r| r.full_name);
            Some(Commit {
                hash: c.sha.to_ascii_lowercase(),
                email: (author.and_then(|a| a.email.clone()))
                    .unwrap_or_default()
                    .to_lowercase(),
                author_time,
                committer_time: committer.and_then(|c| c.date.as_deref()).and_then(instant),
                parents: c.parents.len().try_into().unwrap_or(u32::MAX),
                source: Arc::from(repo),
                line: None,
            })
        })
        .collect()
}

/// The `items` of a search answer (`{"total_count", "incomplete_results",
/// "items"}`).
fn search_items(v: &Value) -> Option<&Vec<Value>> {
    v.get("items").and_then(Value::as_array)
}

/// Each entry of `list` read as `T`; one that is not is skipped with a
/// warning (a missing list is one warning).
fn entries<T: for<'de> Deserialize<'de>>(
    list: Option<&Vec<Value>>,
    source: &str,
    what: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<T> {
    let Some(list) = list else {
        warnings.push(Warning::new(
            source,
            None,
            format!("an answer without a list of {what}s; skipped"),
        ));
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| match T::deserialize(v) {
            Ok(t) => Some(t),
            Err(e) => {
                warnings.push(Warning::new(
                    source,
                    None,
                    format!("a {what} that cannot be read ({e}); skipped"),
                ));
                None
            }
        })
        .collect()
}

fn is_user(user: &Option<User>, login: &str) -> bool {
    user.as_ref()
        .is_some_and(|u| u.login.eq_ignore_ascii_case(login))
}

/// `owner/repo` of `…/repos/OWNER/REPO` (github.com or GHES's `/api/v3`).
pub fn repo_of(url: &str) -> Option<String> {
    let rest = &url[url.find("/repos/")? + "/repos/".len()..];
    let mut parts = rest.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    let fine = |s: &str| !s.is_empty() && s.len() <= 100 && !s.contains(['?', '#', '%', '\\']);
    (fine(owner) && fine(repo)).then(|| format!("{owner}/{repo}"))
}

/// `(owner/repo, owner/repo#N)` of `…/repos/OWNER/REPO/pulls/N`.
fn pull_of(url: &str) -> Option<(Arc<str>, Arc<str>)> {
    let repo = repo_of(url)?;
    let number: u64 = url.rsplit('/').next()?.parse().ok()?;
    url.contains(&format!("/{repo}/pulls/")).then(|| {
        (
            Arc::from(repo.as_str()),
            Arc::from(format!("{repo}#{number}")),
        )
    })
}

/// `owner/repo` with each part percent-encoded for a path.
fn encode_repo(repo: &str) -> String {
    let (owner, name) = repo.split_once('/').unwrap_or((repo, ""));
    format!("{}/{}", encode(owner), encode(name))
}

/// Percent-encodes all but RFC 3986's unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The token for an account: the config's, else `GITHUB_TOKEN`, else `GH_TOKEN`.
pub fn token_from_env() -> Option<Token> {
    ["GITHUB_TOKEN", "GH_TOKEN"].iter().find_map(|name| {
        let value = std::env::var(name).ok().filter(|v| !v.trim().is_empty())?;
        Some(Token::new(value.trim(), *name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_and_pulls_from_api_urls() {
        assert_eq!(
            repo_of("https://api.github.com/repos/octocat/Hello-World").as_deref(),
            Some("octocat/Hello-World")
        );
        assert_eq!(
            repo_of("https://ghe.example.com/api/v3/repos/acme/api/pulls/12").as_deref(),
            Some("acme/api")
        );
        let (repo, pull) = pull_of("https://api.github.com/repos/acme/api/pulls/12").unwrap();
        assert_eq!((&*repo, &*pull), ("acme/api", "acme/api#12"));
        assert_eq!(
            pull_of("https://api.github.com/repos/acme/api/issues/12"),
            None
        );
        assert_eq!(repo_of("https://api.github.com/users/acme"), None);
    }

    #[test]
    fn a_pending_review_and_another_users_review_are_not_the_managers() {
        let page: Value = serde_json::from_str(r#"[
          {"id": 1, "user": {"login": "Rui-Dev"}, "state": "APPROVED", "submitted_at": "2026-11-18T09:00:00Z",
           "pull_request_url": "https://api.github.com/repos/acme/api/pulls/3"},
          {"id": 2, "user": {"login": "rui-dev"}, "state": "PENDING",
           "pull_request_url": "https://api.github.com/repos/acme/api/pulls/3"},
          {"id": 3, "user": {"login": "someone"}, "state": "COMMENTED", "submitted_at": "2026-11-18T10:00:00Z",
           "pull_request_url": "https://api.github.com/repos/acme/api/pulls/3"}
        ]"#).unwrap();
        let mut warnings = Vec::new();
        let events = reviews(&page, "rui-dev", "test", &mut warnings);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].id, "github review 1");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
