//! GitHub's REST API (github.com and GitHub Enterprise Server), as the
//! SPEC names it: the pull requests the user reviewed (issue search,
//! `reviewed-by:`), each one's reviews and review comments, and with
//! `commits = true` the user's authored commits (commit search). The JSON
//! shapes are those of github/rest-api-description: `pull-request-review`,
//! `pull-request-review-comment`, `issue-search-result-item`,
//! `commit-search-result-item`.

use super::{Account, Found, ReviewEvent};
use crate::git::Commit;
use crate::net::api::{encode, Api, ApiNames};
use crate::net::http::Client;
use crate::net::Window;
use crate::period::rfc3339_utc;
use crate::Warning;
use anyhow::Result;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;

pub const PUBLIC_API: &str = "https://api.github.com";

/// What errors call the API, and the variables its token comes from.
pub const SERVICE: ApiNames = ApiNames {
    service: "GitHub API",
    token_variable: "GITHUB_TOKEN",
    path_hint: "GitHub Enterprise Server's is https://HOST/api/v3",
    not_found_hint: super::NOT_FOUND_HINT,
};
pub const TOKEN_VARIABLES: [&str; 2] = ["GITHUB_TOKEN", "GH_TOKEN"];

/// GitHub's search finds at most 1,000 results; more pull requests than
/// that in the weeks read are not read.
pub const MAX_PULLS: usize = 1000;

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
    /// The GitHub account the author's address belongs to (null when it
    /// belongs to none).
    author: Option<User>,
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

/// Reads the account's reviews (and commits) over `window`. A pull request
/// whose reviews cannot be read is left out with a warning; a search that
/// fails is an error.
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
    let mut found = Found::of(format!("GitHub {}", account.user));
    let source = found.counts.source.clone();
    // Dates in UTC: the first may be a day early, the last a day late;
    // sessions are cut to the window later.
    let (first, last) = (from.date_naive(), to.date_naive());
    let user = encode(&account.user);
    let search =
        format!("/search/issues?q=type:pr+reviewed-by:{user}+updated:%3E%3D{first}&per_page=100");
    let pages = api
        .get_all_json(&search)
        .map_err(|e| unknown_user(e, &account.user))?;
    let pulls = reviewed_pulls(&pages, &source, warnings);
    found.counts.pull_requests = pulls.len() as u64;
    for pull in &pulls {
        if let Err(e) = read_pull(
            &api,
            pull,
            &account.user,
            &first.to_string(),
            &mut found,
            warnings,
        ) {
            // Every further request would be refused too: the read ends
            // here, as an error (a warning when other sources were read).
            if crate::net::api::is_rate_limit(&e) {
                return Err(e);
            }
            // The search just found it: a 404 is a deleted pull, or a
            // repository the token cannot see, not a wrong user or address.
            let why = match e.downcast_ref::<crate::net::api::Refused>() {
                Some(r) if r.status == 404 => format!(
                    "{}: not found (HTTP 404): deleted, or in a repository the token cannot read",
                    r.what
                ),
                _ => format!("{e:#}"),
            };
            warnings.push(Warning::new(
                &source,
                None,
                format!(
                    "{why}; the reviews of '{}#{}' are left out",
                    pull.repo, pull.number
                ),
            ));
        }
    }
    if account.commits {
        let query =
            format!("/search/commits?q=author:{user}+author-date:{first}..{last}&per_page=100");
        for page in api.get_all_json(&query)? {
            let commits = search_commits(&page, &account.user, &source, warnings);
            found.counts.commits += commits.len() as u64;
            found.commits.extend(commits);
        }
    }
    found.counts.pages = api.pages.get();
    Ok(found)
}

/// GitHub's search answers 422 for a `reviewed-by:` user it does not know.
fn unknown_user(e: anyhow::Error, user: &str) -> anyhow::Error {
    match e.downcast_ref::<crate::net::api::Refused>() {
        Some(r) if r.status == 422 => anyhow::anyhow!(
            "{}: GitHub knows no user '{}' (HTTP 422); check github.user (a login, not a name or an address)",
            r.what,
            crate::warning::one_line(user)
        ),
        _ => e,
    }
}

/// The pulls of every page of the issue search, each once, at most
/// [`MAX_PULLS`] (GitHub's own limit, which it flags as incomplete).
fn reviewed_pulls(pages: &[Value], source: &str, warnings: &mut Vec<Warning>) -> Vec<Pull> {
    let mut seen = HashSet::new();
    let mut pulls = Vec::new();
    for page in pages {
        if page.get("incomplete_results") == Some(&Value::Bool(true)) {
            warnings.push(Warning::new(
                source,
                None,
                "GitHub's search timed out and gave incomplete results; some reviewed pull requests may be missing: try again",
            ));
        }
        let new = search_pulls(page, source, warnings).into_iter();
        pulls.extend(new.filter(|p| seen.insert(p.clone())));
    }
    if pulls.len() > MAX_PULLS {
        warnings.push(Warning::new(
            source,
            None,
            format!("more than {MAX_PULLS} reviewed pull requests; only the first {MAX_PULLS} are read: ask for fewer weeks"),
        ));
        pulls.truncate(MAX_PULLS);
    }
    pulls
}

/// One pull request's reviews and review comments by `user`.
fn read_pull(
    api: &Api,
    pull: &Pull,
    user: &str,
    first: &str,
    found: &mut Found,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let (owner, name) = pull.repo.split_once('/').unwrap_or((&pull.repo, ""));
    let base = format!(
        "/repos/{}/{}/pulls/{}",
        encode(owner),
        encode(name),
        pull.number
    );
    let source = found.counts.source.clone();
    for page in api.get_all_json(&format!("{base}/reviews?per_page=100"))? {
        let events = reviews(&page, user, &source, warnings);
        found.counts.reviews += events.len() as u64;
        found.events.extend(events);
    }
    let comments_path = format!("{base}/comments?since={first}T00:00:00Z&per_page=100");
    for page in api.get_all_json(&comments_path)? {
        let events = comments(&page, user, &source, warnings);
        found.counts.comments += events.len() as u64;
        found.events.extend(events);
    }
    Ok(())
}

/// The pulls of an issue-search page (issues that are not pulls left out).
pub fn search_pulls(v: &Value, source: &str, warnings: &mut Vec<Warning>) -> Vec<Pull> {
    let items: Vec<IssueItem> = entries(search_items(v), source, "search result", warnings);
    let mut unreadable = 0;
    let pulls = (items.into_iter())
        .filter(|i| i.pull_request.is_some())
        .filter_map(|i| match repo_of(&i.repository_url) {
            Some(repo) => Some(Pull {
                repo,
                number: i.number,
            }),
            None => {
                unreadable += 1;
                None
            }
        })
        .collect();
    if unreadable > 0 {
        let message =
            format!("{unreadable} pull request(s) without a readable repository_url; skipped");
        warnings.push(Warning::new(source, None, message));
    }
    pulls
}

/// The user's submitted reviews in a page of `pull-request-review`s.
pub fn reviews(
    v: &Value,
    user: &str,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<ReviewEvent> {
    let reviews: Vec<Review> = entries(v.as_array(), source, "review", warnings);
    let mine = (reviews.into_iter())
        .filter(|r| is_user(&r.user, user) && !r.state.eq_ignore_ascii_case("PENDING"))
        .map(|r| {
            let time = r.submitted_at.as_deref().and_then(rfc3339_utc);
            event("review", r.id, time, &r.pull_request_url)
        });
    kept_events(mine, "review", source, warnings)
}

/// The user's comments in a page of `pull-request-review-comment`s.
pub fn comments(
    v: &Value,
    user: &str,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<ReviewEvent> {
    let comments: Vec<ReviewComment> = entries(v.as_array(), source, "review comment", warnings);
    let mine = (comments.into_iter())
        .filter(|c| is_user(&c.user, user))
        .map(|c| {
            event(
                "comment",
                c.id,
                rfc3339_utc(&c.created_at),
                &c.pull_request_url,
            )
        });
    kept_events(mine, "review comment", source, warnings)
}

/// A review or comment as an event, or its id when its time or pull
/// request cannot be read.
fn event(
    kind: &str,
    id: u64,
    time: Option<chrono::DateTime<chrono::Utc>>,
    pull_request_url: &str,
) -> Result<ReviewEvent, u64> {
    let (repo, pull) = pull_of(pull_request_url).ok_or(id)?;
    Ok(ReviewEvent {
        id: format!("github {kind} {id}"),
        time: time.ok_or(id)?,
        pull,
        repo,
    })
}

/// The events read; those that could not be are named by id in one warning.
fn kept_events(
    events: impl Iterator<Item = Result<ReviewEvent, u64>>,
    what: &str,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<ReviewEvent> {
    let mut skipped = Vec::new();
    let kept = events
        .filter_map(|e| e.map_err(|id| skipped.push(id)).ok())
        .collect();
    if !skipped.is_empty() {
        let ids: Vec<String> = skipped.iter().take(5).map(u64::to_string).collect();
        warnings.push(Warning::new(
            source,
            None,
            format!(
                "{} {what}(s) without a readable time or pull request (id {}); skipped",
                skipped.len(),
                ids.join(", ")
            ),
        ));
    }
    kept
}

/// The commits of a commit-search answer authored by `login`, as the git
/// readers make them: the search asks for `author:LOGIN`, and a saved
/// search (of an org, of a repository) may hold everyone's.
pub fn search_commits(
    v: &Value,
    login: &str,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Commit> {
    let items: Vec<CommitItem> = entries(search_items(v), source, "commit", warnings);
    let (mut skipped, mut others) = (0, 0);
    let commits = (items.into_iter())
        .filter(|c| {
            let mine = is_user(&c.author, login);
            others += usize::from(!mine);
            mine
        })
        .filter_map(|c| {
            let commit = commit_of(c);
            skipped += usize::from(commit.is_none());
            commit
        })
        .collect();
    if skipped > 0 {
        let message =
            format!("{skipped} commit(s) without a full sha or a readable author date; skipped");
        warnings.push(Warning::new(source, None, message));
    }
    if others > 0 {
        let message = format!("{others} commit(s) by other authors than {login}; left out");
        warnings.push(Warning::new(source, None, message));
    }
    commits
}

/// A commit-search item as a commit, when its sha and author date hold.
fn commit_of(c: CommitItem) -> Option<Commit> {
    let author = c.commit.author.as_ref();
    let author_time = author
        .and_then(|a| a.date.as_deref())
        .and_then(rfc3339_utc)?;
    if c.sha.len() != 40 || !c.sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let committer = c.commit.committer.as_ref();
    let repo = (c.repository.map(|r| r.full_name))
        .filter(|r| repo_is_plain(r))
        .unwrap_or_else(|| "GitHub".to_string());
    Some(Commit {
        hash: c.sha.to_ascii_lowercase(),
        email: (author.and_then(|a| a.email.clone()))
            .unwrap_or_default()
            .to_lowercase(),
        author_time,
        committer_time: committer
            .and_then(|c| c.date.as_deref())
            .and_then(rfc3339_utc),
        parents: c.parents.len().try_into().unwrap_or(u32::MAX),
        source: Arc::from(repo),
        line: None,
    })
}

/// The `items` of a search answer (`{"total_count", "incomplete_results",
/// "items"}`).
fn search_items(v: &Value) -> Option<&Vec<Value>> {
    v.get("items").and_then(Value::as_array)
}

/// Each entry of `list` read as `T`; those that are not are counted in one
/// warning, which quotes nothing of the answer (a missing list is one
/// warning).
fn entries<T: for<'de> Deserialize<'de>>(
    list: Option<&Vec<Value>>,
    source: &str,
    what: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<T> {
    let Some(list) = list else {
        let message = format!("an answer without a list of {what}s; skipped");
        warnings.push(Warning::new(source, None, message));
        return Vec::new();
    };
    let read: Vec<T> = list.iter().filter_map(|v| T::deserialize(v).ok()).collect();
    if read.len() < list.len() {
        let message = format!(
            "{} {what}(s) not in GitHub's shape; skipped",
            list.len() - read.len()
        );
        warnings.push(Warning::new(source, None, message));
    }
    read
}

fn is_user(user: &Option<User>, login: &str) -> bool {
    (user.as_ref()).is_some_and(|u| u.login.eq_ignore_ascii_case(login))
}

/// `owner/repo` of `…/repos/OWNER/REPO` (github.com or GHES's `/api/v3`),
/// when both are plain names (they become part of later request paths).
pub fn repo_of(url: &str) -> Option<String> {
    let rest = &url[url.find("/repos/")? + "/repos/".len()..];
    let mut parts = rest.split('/');
    let repo = format!("{}/{}", parts.next()?, parts.next()?);
    repo_is_plain(&repo).then_some(repo)
}

/// `owner/repo`, each part a GitHub name: letters, digits, `-`, `_`, `.`,
/// and neither `.` nor `..`.
fn repo_is_plain(repo: &str) -> bool {
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    [owner, name].iter().all(|part| {
        (1..=100).contains(&part.len())
            && *part != "."
            && *part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    })
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
    fn a_repository_that_would_move_a_request_path_is_refused() {
        for url in [
            "https://evil.example/repos/../..",
            "https://evil.example/repos/acme/..",
            "https://evil.example/repos/./x",
            "https://evil.example/repos/acme/a%2F..",
            "https://evil.example/repos/acme/a?x=1",
            "https://evil.example/repos/acme/",
        ] {
            assert_eq!(repo_of(url), None, "{url}");
        }
    }

    #[test]
    fn a_pending_review_and_another_users_review_are_not_the_managers() {
        let page: Value = serde_json::from_str(
            r#"[
          {"id": 1, "user": {"login": "Rui-Dev"}, "state": "APPROVED", "submitted_at": "2026-11-18T09:00:00Z",
           "pull_request_url": "https://api.github.com/repos/acme/api/pulls/3"},
          {"id": 2, "user": {"login": "rui-dev"}, "state": "PENDING",
           "pull_request_url": "https://api.github.com/repos/acme/api/pulls/3"},
          {"id": 3, "user": {"login": "someone"}, "state": "COMMENTED", "submitted_at": "2026-11-18T10:00:00Z",
           "pull_request_url": "https://api.github.com/repos/acme/api/pulls/3"}
        ]"#,
        )
        .unwrap();
        let mut warnings = Vec::new();
        let events = reviews(&page, "rui-dev", "test", &mut warnings);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].id, "github review 1");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn warnings_count_what_they_skip_and_quote_nothing_of_the_answer() {
        let page: Value = serde_json::from_str(
            r#"[{"id": "acme-secret-title", "user": {"login": "rui-dev"}},
                {"id": 9, "user": {"login": "rui-dev"}, "state": "APPROVED", "submitted_at": "yesterday",
                 "pull_request_url": "https://api.github.com/repos/acme/secret-repo/pulls/3"}]"#,
        )
        .unwrap();
        let mut warnings = Vec::new();
        assert!(reviews(&page, "rui-dev", "GitHub rui-dev", &mut warnings).is_empty());
        let text: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(
            text,
            [
                "1 review(s) not in GitHub's shape; skipped",
                "1 review(s) without a readable time or pull request (id 9); skipped"
            ]
        );
    }
}
