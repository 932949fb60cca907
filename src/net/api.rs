//! JSON APIs read over HTTP(S) with a token (GitHub, GitLab, Microsoft
//! Graph, Google Calendar): every page of an answer followed through
//! `Link: <…>; rel="next"` (or a next page the body names:
//! [`Api::get_all_json_by`]), each page a
//! conditional request against the cache (an unchanged page costs a 304,
//! which GitHub does not count against the rate limit), `--offline` from
//! the cache alone, and the API's refusals as one line: a rejected token,
//! a rate limit with its reset time.
//!
//! The token is a secret: it is sent only to the API's own origin (a next
//! page elsewhere is refused; the client drops it on a redirect elsewhere),
//! never over plain http beyond this machine, and never shown, cached or
//! written.

use super::cache::{self, Cache};
use super::http;
use super::redact::Url;
use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;

/// Pages are followed to the end (SPEC); more than this for one request
/// is refused as a runaway `next` chain: 1,000,000 Graph occurrences at
/// 100 a page, a century of a full calendar.
pub const MAX_PAGES: usize = 10_000;

/// An API token; its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    value: String,
    /// Where it came from, for the message when it is refused: a variable
    /// (`GITHUB_TOKEN`) or a config key (`manager[2].github.token`).
    pub from: String,
}

/// What a config's token is named by when refused: the variable it was
/// put in from (the one to renew), with the key that names it.
pub fn token_from(manager: &str, key: &str, variable: Option<String>) -> String {
    let at = format!("manager '{manager}' {key}.token");
    match variable {
        Some(name) => format!("{name} ({at})"),
        None => at,
    }
}

impl Token {
    pub fn new(value: impl Into<String>, from: impl Into<String>) -> Token {
        Token {
            value: value.into(),
            from: from.into(),
        }
    }

    /// The token itself, for the one header that carries it and for tests
    /// that make sure it appears nowhere else.
    pub fn expose(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token(from {}, hidden)", self.from)
    }
}

/// What an API is called in what twohats says of it.
#[derive(Debug, Clone, Copy)]
pub struct ApiNames {
    /// "GitHub API", "Microsoft Graph": what errors say was being read.
    pub service: &'static str,
    /// The variable to set when no token was given (`GITHUB_TOKEN`).
    pub token_variable: &'static str,
    /// Where the API lives on a host, for an answer that was a web page
    /// (a base address without its API path).
    pub path_hint: &'static str,
    /// What to check when a path is not found (HTTP 404).
    pub not_found_hint: &'static str,
}

/// One API: its base URL, the token for it, and what it is called.
pub struct Api<'a> {
    pub client: &'a http::Client,
    pub cache: Cache,
    /// `https://api.github.com`, `https://HOST/api/v3`, `https://gitlab.com/api/v4`.
    pub base: Url,
    pub token: Option<&'a Token>,
    /// "GitHub API", "GitLab API": what errors say was being read.
    pub service: &'static str,
    /// The variable to set when no token was given (`GITHUB_TOKEN`).
    pub token_variable: &'static str,
    path_hint: &'static str,
    not_found_hint: &'static str,
    /// Pages read so far (from the server or the cache), for doctor.
    pub pages: Cell<u32>,
    /// Whose view of the API this is, when the same URL answers each
    /// account with its own data (`/me/calendarView`): its cache entries
    /// are theirs. Empty where the answers are the same for everyone.
    pub owner: String,
}

impl<'a> Api<'a> {
    /// The API at `base` (`key` names it in errors: `github.api`). A token
    /// never travels unencrypted: with one, an `http://` base must be this
    /// machine.
    pub fn new(
        client: &'a http::Client,
        base: &str,
        key: &str,
        token: Option<&'a Token>,
        names: ApiNames,
    ) -> Result<Api<'a>> {
        let base = (Url::read(base))
            .map_err(|why| anyhow!("{key}: {}: {why}", super::redact::shown(base)))?;
        // A token pasted with its line break, or with a character no
        // header carries, would fail as a bad request far from its cause.
        if let Some(t) = token.filter(|t| !t.value.bytes().all(|b| b.is_ascii_graphic())) {
            bail!(
                "the token from {} holds a space, a line break or a character an HTTP header cannot carry; copy it again",
                t.from
            );
        }
        if token.is_some() && !base.carries_secrets() {
            bail!(
                "{key}: {} is http, not https: the token would travel unencrypted; use https",
                base.origin()
            );
        }
        Ok(Api {
            client,
            cache: Cache::from_env(),
            base,
            token,
            service: names.service,
            token_variable: names.token_variable,
            path_hint: names.path_hint,
            not_found_hint: names.not_found_hint,
            pages: Cell::new(0),
            owner: String::new(),
        })
    }

    /// The URL of `path_and_query` under the base (`/search/issues?q=…`).
    pub fn url(&self, path_and_query: &str) -> Url {
        let base = self.base.path.trim_end_matches('/');
        Url {
            path: format!("{base}{path_and_query}"),
            ..self.base.clone()
        }
    }

    /// Every page of `path_and_query`, each as JSON, in order, each
    /// leading to the next through its `Link` header.
    pub fn get_all_json(&self, path_and_query: &str) -> Result<Vec<Value>> {
        self.get_all_json_by(path_and_query, |_, _| Ok(None))
    }

    /// [`Api::get_all_json`], the next page being the one `next_in_body`
    /// finds in a page (Graph's `@odata.nextLink`, Google's
    /// `nextPageToken`; an error when a page names one that cannot be
    /// followed), else the `Link` header's. Each page is parsed once. A
    /// next page on another origin is fetched without the token. All pages
    /// share one timeout: a server that names a new page on every page
    /// ends there.
    pub fn get_all_json_by(
        &self,
        path_and_query: &str,
        next_in_body: impl Fn(&Url, &Value) -> Result<Option<Url>>,
    ) -> Result<Vec<Value>> {
        let deadline = self.client.deadline();
        let mut url = Some(self.url(path_and_query));
        let mut pages = Vec::new();
        let mut read = std::collections::HashSet::new();
        while let Some(at) = url {
            if !read.insert(at.request()) {
                bail!(
                    "cannot read {} {}: its next page leads back to a page already read",
                    self.service,
                    shown(&at)
                );
            }
            if pages.len() == MAX_PAGES {
                bail!(
                    "cannot read {} {}: more than {MAX_PAGES} pages; ask for fewer weeks",
                    self.service,
                    shown(&at)
                );
            }
            let (body, next) = self.get_by(&at, deadline)?;
            let page = self.json(&body, path_and_query)?;
            let in_body = next_in_body(&at, &page)
                .map_err(|e| anyhow!("cannot read {} {}: {e}", self.service, shown(&at)))?;
            url = in_body.or(next);
            pages.push(page);
        }
        Ok(pages)
    }

    /// One answer (its first page) as JSON.
    pub fn get_json(&self, path_and_query: &str) -> Result<Value> {
        let (page, _) = self.get(&self.url(path_and_query))?;
        self.json(&page, path_and_query)
    }

    /// A page's JSON, or one line saying the answer was not JSON.
    fn json(&self, page: &[u8], path_and_query: &str) -> Result<Value> {
        serde_json::from_slice(page).map_err(|e| {
            let what = format!("cannot read {} {}", self.service, shown(&self.url(path_and_query)));
            let start = page.trim_ascii_start();
            if start.first() == Some(&b'<') {
                // A web page where the API was expected: most often a base
                // address without its API path.
                return anyhow!(
                    "{what}: the answer is a web page, not the API's JSON; check the API address (`api`): {}",
                    self.path_hint
                );
            }
            anyhow!("{what}: the answer is not JSON (line {}, column {})", e.line(), e.column())
        })
    }

    /// One page and the next one's URL: from the cache when unchanged
    /// (304) or `--offline`, else from the server, then cached.
    pub fn get(&self, url: &Url) -> Result<(Vec<u8>, Option<Url>)> {
        self.get_by(url, self.client.deadline())
    }

    /// [`Api::get`], answered before `deadline`.
    fn get_by(&self, url: &Url, deadline: std::time::Instant) -> Result<(Vec<u8>, Option<Url>)> {
        self.pages.set(self.pages.get() + 1);
        // Keyed by the URL and the owner, not the token: `--offline` needs
        // no token, and the cache folder is the user's own.
        let request = url.request();
        let key = match self.owner.as_str() {
            "" => cache::key(&["api", &request]),
            owner => cache::key(&["api", owner, &request]),
        };
        let cached = self.cache.read(&key);
        if self.client.options.offline {
            return (cached.map(|c| (c.body, c.meta.next)))
                .map(|(body, next)| Ok((body, self.next_page(url, next)?)))
                .unwrap_or_else(|| {
                    Err(
                    anyhow!(
                        "cannot read {} {}: --offline, and it is not in the cache yet; run once without --offline",
                        self.service,
                        shown(url)
                    ))
                });
        }
        let label = shown(url);
        let response = self
            .client
            .send_by(self.request(url, &label, cached.as_ref()), deadline)?;
        if response.status == 304 {
            if let Some(c) = cached {
                let next = self.next_page(url, c.meta.next)?;
                return Ok((c.body, next));
            }
        }
        // Only a refusal is looked at for a rate limit's marks.
        let rate_limited = match response.status {
            429 => true,
            403 => is_limited(&response),
            _ => false,
        };
        if let Some(problem) = self.refusal(&response, rate_limited) {
            return Err(anyhow::Error::new(Refused {
                status: response.status,
                rate_limited,
                what: format!("cannot read {} {label}", self.service),
                problem,
            }));
        }
        // A relative link reads against where the answer came from.
        let next = (response.header("link").and_then(next_link))
            .and_then(|n| response.url.join(&n))
            .map(|n| n.request())
            .or_else(|| next_page_number(&response));
        let meta = cache::Meta {
            next: next.clone(),
            ..cache::Meta::of(&response)
        };
        // A cache that cannot be written only costs a download next time.
        let _ = self.cache.write(&key, &meta, &response.body);
        Ok((response.body, self.next_page(url, next)?))
    }

    /// The next page, which must be on the API's own origin: GitHub and
    /// GitLab never page elsewhere, and a page elsewhere is refused rather
    /// than read without the token.
    fn next_page(&self, url: &Url, next: Option<String>) -> Result<Option<Url>> {
        let Some(next) = next.as_deref().and_then(|n| url.join(n)) else {
            return Ok(None);
        };
        if next.origin() != self.base.origin() {
            bail!(
                "cannot read {} {}: its next page is on another host ({}); refused",
                self.service,
                shown(url),
                next.origin()
            );
        }
        Ok(Some(next))
    }

    /// A GET of `url`, conditional when cached, with the token only when
    /// `url` is on the API's own origin.
    fn request<'r>(
        &self,
        url: &Url,
        label: &'r str,
        cached: Option<&cache::Entry>,
    ) -> http::Request<'r> {
        let mut headers = vec![("accept", "application/json".to_string())];
        if let Some(token) = self.token.filter(|_| url.origin() == self.base.origin()) {
            headers.push(("authorization", format!("Bearer {}", token.expose())));
        }
        headers.extend(cached.map(cache::Entry::conditions).unwrap_or_default());
        http::Request {
            method: "GET",
            url: url.clone(),
            shown: label,
            subject: self.service,
            headers,
            body: Vec::new(),
        }
    }

    /// Why an answer is not the data asked for, as the user should read
    /// it; None for a success.
    fn refusal(&self, response: &http::Response, rate_limited: bool) -> Option<String> {
        let status = response.status;
        Some(match status {
            200..=299 => return None,
            // A 429, or a 403 with a limit's marks.
            _ if rate_limited => limit_text(response, Utc::now()),
            401 => match self.token {
                Some(t) => format!(
                    "the token from {} was refused (HTTP 401); it may have expired or been revoked: make a new one",
                    t.from
                ),
                None => format!(
                    "a token is needed (HTTP 401); set {} (or `token` in the config)",
                    self.token_variable
                ),
            },
            403 => match self.token {
                Some(t) => format!(
                    "access denied (HTTP 403); the token from {} cannot read this (missing scope, or SSO not authorised for it)",
                    t.from
                ),
                None => format!(
                    "access denied (HTTP 403); without a token only public data can be read: set {}",
                    self.token_variable
                ),
            },
            404 => format!("not found (HTTP 404); {}", self.not_found_hint),
            304 => "HTTP 304 to a request that was not conditional".to_string(),
            500..=599 => format!("the server failed (HTTP {status}); try again later"),
            _ => format!("the server answered HTTP {status}"),
        })
    }
}

/// An answer the API refused, as one line; its status tells a caller
/// that can do something about it (a 401 with a refresh token) apart.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    /// A rate limit: every further request would be refused too.
    pub rate_limited: bool,
    /// What was being read: "cannot read GitHub API https://…".
    pub what: String,
    /// Why not, as the user should read it.
    pub problem: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.problem)
    }
}

impl std::error::Error for Refused {}

/// The HTTP status of a refusal (a [`Refused`]), if `e` is one.
pub fn refused_status(e: &anyhow::Error) -> Option<u16> {
    e.downcast_ref::<Refused>().map(|r| r.status)
}

/// Whether `e` is an API's rate limit (a [`Refused`] saying so).
pub fn is_rate_limit(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Refused>().is_some_and(|r| r.rate_limited)
}

/// A 403 that is a rate limit: GitHub's remaining count at 0, a
/// `Retry-After`, or Google's reasons.
fn is_limited(response: &http::Response) -> bool {
    response.header("x-ratelimit-remaining") == Some("0")
        || response.header("retry-after").is_some()
        || google_rate_limit(&response.body)
}

/// Google's way of saying 429: a 403 whose error reason is
/// `rateLimitExceeded` or `userRateLimitExceeded`.
fn google_rate_limit(body: &[u8]) -> bool {
    body.len() < 64 * 1024
        && (memchr::memmem::find(body, b"\"rateLimitExceeded\"").is_some()
            || memchr::memmem::find(body, b"\"userRateLimitExceeded\"").is_some())
}

/// The longest wait a rate-limit answer is believed about: a server's
/// figure beyond it (a reset in the year 5138, a negative one) is not
/// repeated.
const LONGEST_WAIT_SECONDS: i64 = 86_400;

/// What a rate-limit answer says: when to try again, from `Retry-After` (seconds) or
/// `X-RateLimit-Reset` (a Unix time), believed within a day of `now`.
fn limit_text(response: &http::Response, now: DateTime<Utc>) -> String {
    let reset = (response.header("x-ratelimit-reset"))
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0));
    // Retry-After is seconds, or an HTTP date (RFC 9110): the reset then.
    let retry = response.header("retry-after").map(str::trim);
    let seconds = retry.and_then(|s| s.parse::<u64>().ok());
    let retry_at = retry
        .and_then(|s| DateTime::parse_from_rfc2822(s).ok())
        .map(|t| t.with_timezone(&Utc));
    let seconds = seconds.filter(|&s| s <= LONGEST_WAIT_SECONDS as u64);
    let at = retry_at
        .or(reset)
        .filter(|at| (*at - now).num_seconds().abs() <= LONGEST_WAIT_SECONDS);
    let when = match (seconds, at) {
        (Some(seconds), _) => format!("try again in {seconds} s"),
        (None, Some(at)) => format!("it resets at {} UTC", at.format("%Y-%m-%d %H:%M")),
        (None, None) => "try again later".to_string(),
    };
    // GitHub and GitLab tell the limit: a token can raise it.
    let raise = match response.header("x-ratelimit-limit") {
        Some(_) => ", or use a token with a higher limit",
        None => "",
    };
    format!(
        "rate limit reached (HTTP {}); {when}{raise}",
        response.status
    )
}

/// Percent-encodes all but RFC 3986's unreserved characters: a user name
/// or a path segment in a request.
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

/// A token from the first of `variables` set (and not blank).
pub fn token_from_env(variables: &[&'static str]) -> Option<Token> {
    (variables.iter()).find_map(|name| Some(Token::new(env_value(name)?.trim(), *name)))
}

/// An environment variable's value, when it is set and not blank.
fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// An API's base URL: the config's (named `key`), else the environment
/// `variable`'s, else the public service's; and what names it in errors.
pub fn api_base(
    given: Option<String>,
    key: &str,
    variable: &str,
    public: &str,
) -> (String, String) {
    match (given, env_value(variable)) {
        (Some(url), _) => (url, key.to_string()),
        (None, Some(url)) => (url, variable.to_string()),
        (None, None) => (public.to_string(), key.to_string()),
    }
}

/// GitLab's `X-Next-Page: N` without a `Link` header (a proxy may strip
/// it): the same request with `page=N`.
fn next_page_number(response: &http::Response) -> Option<String> {
    let page = response.header("x-next-page")?.trim();
    let is_number = (1..=6).contains(&page.len()) && page.bytes().all(|b| b.is_ascii_digit());
    if !is_number {
        return None;
    }
    let url = &response.url;
    let (path, query) = url.path.split_once('?').unwrap_or((&url.path, ""));
    let mut pairs: Vec<&str> = (query.split('&'))
        .filter(|kv| !kv.is_empty() && !kv.starts_with("page="))
        .collect();
    let page = format!("page={page}");
    pairs.push(&page);
    Some(format!("{}{path}?{}", url.origin(), pairs.join("&")))
}

/// The `rel="next"` target of a `Link` header.
pub fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().to_ascii_lowercase().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_string())
    })
}

/// An API URL as errors show it: origin and path, without the query.
pub fn shown(url: &Url) -> String {
    let path = url.path.split('?').next().unwrap_or("/");
    format!("{}{path}", url.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_among_several() {
        let link = r#"<https://api.github.com/search/issues?q=x&page=2>; rel="next", <https://api.github.com/search/issues?q=x&page=5>; rel="last""#;
        assert_eq!(
            next_link(link).as_deref(),
            Some("https://api.github.com/search/issues?q=x&page=2")
        );
        let last_page = r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=1>; rel="first""#;
        assert_eq!(next_link(last_page), None);
    }

    #[test]
    fn retry_after_as_seconds_or_as_a_date() {
        let answer = |retry: &str| {
            let mut headers = ureq::http::HeaderMap::new();
            headers.insert("retry-after", retry.parse().unwrap());
            let response = http::Response {
                status: 429,
                body: Vec::new(),
                url: Url::parse("https://graph.microsoft.com/v1.0/me").unwrap(),
                headers,
            };
            let now = DateTime::parse_from_rfc3339("2026-12-07T05:00:00Z").unwrap();
            limit_text(&response, now.with_timezone(&Utc))
        };
        assert_eq!(
            answer("120"),
            "rate limit reached (HTTP 429); try again in 120 s"
        );
        assert_eq!(
            answer("Mon, 07 Dec 2026 05:30:00 GMT"),
            "rate limit reached (HTTP 429); it resets at 2026-12-07 05:30 UTC"
        );
        // Figures no server means: a wait of three years, a date in 5138.
        assert_eq!(
            answer("99999999"),
            "rate limit reached (HTTP 429); try again later"
        );
        assert_eq!(
            answer("Thu, 16 Nov 5138 09:46:39 GMT"),
            "rate limit reached (HTTP 429); try again later"
        );
    }

    #[test]
    fn a_token_never_shows_in_debug() {
        let t = Token::new("ghp_secret123", "GITHUB_TOKEN");
        assert_eq!(format!("{t:?}"), "Token(from GITHUB_TOKEN, hidden)");
    }
}
