//! Code reviews from GitHub and GitLab, through the binary, against API
//! servers these tests start on 127.0.0.1 (tests/net_server) answering
//! with responses in the shapes of GitHub's published REST description
//! (fixtures/forge/github, GitHub Enterprise style `/api/v3`) and of
//! GitLab's events API. Every figure is worked out by hand in
//! fixtures/forge/README.md.

mod common;
mod net_server;

use common::{fixture, twohats, Run};
use net_server::{Req, Resp, Server};
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};

const TOKEN: &str = "ghp_T3stT0kenF0rTwohats0000000000000000";
const GITLAB_TOKEN: &str = "glpat-T3stGitLabT0ken00000";

/// The fixture file a GitHub API path answers with, and the next page's
/// query, if any.
fn github_page(path: &str, query: &str) -> Option<(&'static str, Option<&'static str>)> {
    let page2 = query.contains("page=2");
    Some(match path {
        "/api/v3/search/issues" if !page2 => ("search-pulls-1.json", Some("page=2")),
        "/api/v3/search/issues" => ("search-pulls-2.json", None),
        "/api/v3/repos/acme/payments/pulls/41/reviews" if !page2 => {
            ("payments-41-reviews-1.json", Some("page=2"))
        }
        "/api/v3/repos/acme/payments/pulls/41/reviews" => ("payments-41-reviews-2.json", None),
        "/api/v3/repos/acme/payments/pulls/41/comments" => ("payments-41-comments.json", None),
        "/api/v3/repos/acme/web/pulls/7/reviews" => ("web-7-reviews.json", None),
        "/api/v3/repos/acme/web/pulls/7/comments" => ("web-7-comments.json", None),
        "/api/v3/search/commits" => ("search-commits.json", None),
        _ => return None,
    })
}

/// Where a test moves part of the API: the next page of the pull-request
/// search, or (by a redirect) the comments of acme/web#7.
#[derive(Clone, Default)]
struct Elsewhere {
    next_page: Option<String>,
    redirect: Option<String>,
    /// A path answered 404 (a pull request deleted since the search).
    gone: Option<&'static str>,
    /// A path answered 403 with GitHub's rate-limit headers.
    limited: Option<&'static str>,
}

/// A GitHub API: the token required, ETags and 304s, `Link` pagination
/// with absolute URLs on the host the request named, unless `elsewhere`
/// moves a page to another host.
fn github_server(elsewhere: Elsewhere) -> Server {
    Server::http(move |req: &Req| {
        if req.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
            return Resp::new(
                401,
                r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}"#,
            )
            .header("content-type", "application/json; charset=utf-8");
        }
        let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
        if let (Some(other), "/api/v3/repos/acme/web/pulls/7/comments") =
            (&elsewhere.redirect, path)
        {
            let to = format!("http://{other}{path}?{query}");
            return Resp::new(302, "").header("location", &to);
        }
        if elsewhere.gone == Some(path) {
            return Resp::new(404, r#"{"message":"Not Found","status":"404"}"#);
        }
        if elsewhere.limited == Some(path) {
            return rate_limited();
        }
        let Some((file, next)) = github_page(path, query) else {
            return Resp::new(404, r#"{"message":"Not Found","status":"404"}"#);
        };
        let body = std::fs::read(fixture(&format!("forge/github/{file}"))).unwrap();
        let etag = format!("W/\"{}-{}\"", file.len(), body.len());
        let resp = if req.header("if-none-match") == Some(etag.as_str()) {
            Resp::new(304, "")
        } else {
            Resp::new(200, body)
        };
        let mut resp = resp
            .header("etag", &etag)
            .header("content-type", "application/json; charset=utf-8")
            .header("x-ratelimit-limit", "5000")
            .header("x-ratelimit-remaining", "4990");
        if let Some(next) = next {
            let host = match (&elsewhere.next_page, path) {
                (Some(other), "/api/v3/search/issues") => other.clone(),
                _ => req.header("host").unwrap().to_string(),
            };
            let url = format!("http://{host}{path}?{query}&{next}");
            resp = resp.header(
                "link",
                &format!("<{url}>; rel=\"next\", <{url}>; rel=\"last\""),
            );
        }
        resp
    })
}

/// When [`rate_limited`]'s limit resets: 20 minutes after the whole
/// minute the tests started in (a reset more than a day away is not
/// believed).
static RESET: std::sync::LazyLock<chrono::DateTime<chrono::Utc>> = std::sync::LazyLock::new(|| {
    let minute = chrono::Utc::now().timestamp() / 60 * 60;
    chrono::DateTime::from_timestamp(minute + 20 * 60, 0).unwrap()
});

/// GitHub's answer at its rate limit: 403, remaining 0, reset at [`RESET`].
fn rate_limited() -> Resp {
    Resp::new(403, r#"{"message":"API rate limit exceeded for user ID 1041.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"}"#)
        .header("x-ratelimit-limit", "5000")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", &RESET.timestamp().to_string())
}

/// The error line of a run that met [`rate_limited`]'s answer at `url`.
fn rate_limit_error(url: &str) -> String {
    let reset = RESET.format("%Y-%m-%d %H:%M");
    format!("error: cannot read GitHub API {url}: rate limit reached (HTTP 403); it resets at {reset} UTC, or use a token with a higher limit\n")
}

/// Rui's config: the calendar, a `git log` with one of the two commits
/// the commit search finds, and a GitHub Enterprise account.
fn rui_config(dir: &Path, forge: &str) -> std::path::PathBuf {
    let config = format!(
        r#"
timezone = "Europe/Lisbon"

[[manager]]
name = "Rui Costa"
emails = ["rui@acme.example"]
reports = 4
calendars = ["{ics}"]
git_logs = ["{log}"]
{forge}
"#,
        ics = fixture("forge/rui.ics"),
        log = fixture("forge/rui-git.log"),
    );
    let path = dir.join("twohats.toml");
    std::fs::write(&path, config).unwrap();
    path
}

/// `week --format json` of Rui's config (the calendar, the log, GitHub
/// at `server`) with the right token, in folders of its own.
fn rui_week(server: &Server, week_name: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = rui_config(dir.path(), &github_line(server));
    week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &config,
        week_name,
    )
}

fn github_line(server: &Server) -> String {
    format!(
        "github = {{ user = \"rui-dev\", api = \"{}\", commits = true }}",
        server.url("/api/v3")
    )
}

fn cmd(cache: &Path) -> assert_cmd::Command {
    let mut c = twohats();
    c.env("XDG_CACHE_HOME", cache)
        .env("HOME", cache)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("GITLAB_TOKEN")
        .env_remove("GITHUB_API_URL")
        .env_remove("GITLAB_API_URL");
    c
}

fn week(c: &mut assert_cmd::Command, config: &Path, week: &str) -> Run {
    Run::of(
        c.args(["week", "--config"])
            .arg(config)
            .args(["--week", week, "--format", "json"]),
    )
}

fn first_week(json: &Value) -> &Value {
    &json["managers"][0]["weeks"][0]
}

/// The figures fixtures/forge/README.md works out for 2026-W47.
fn assert_w47(w: &Value) {
    assert_eq!(w["hours"]["coding"], 7.42, "{w}");
    assert_eq!(w["hours"]["people"], 0.5);
    assert_eq!(w["hours"]["other"], 8.0);
    assert_eq!(w["hours"]["tracked"], 15.92);
    assert_eq!(w["categories"]["code review"], 1.42);
    assert_eq!(w["categories"]["coding"], 2.0);
    assert_eq!(w["categories"]["commits"], 4.0);
    assert_eq!(w["categories"]["one-on-ones"], 0.5);
    assert_eq!(w["coding_share_pct"], 46.6);
    assert_eq!(w["verdict"], "over");
    assert_eq!(w["reviews"], 5);
    assert_eq!(
        w["commits"], 2,
        "the commit read locally and by search counts once"
    );
    assert_eq!(w["sessions"], 1);
    assert_eq!(w["coding_over_limit_hours"], 2.64);
    let largest: Vec<(String, String, f64)> = (w["largest_coding"].as_array().unwrap().iter())
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap().to_string();
            (s("source"), s("label"), i["hours"].as_f64().unwrap())
        })
        .collect();
    assert_eq!(
        largest,
        [
            ("git".into(), "rui-git.log".into(), 4.0),
            ("calendar".into(), "Focus time".into(), 2.0),
            ("forge".into(), "acme/payments".into(), 1.42),
        ]
    );
}

#[test]
fn review_sessions_are_coding_on_the_one_timeline_and_read_again_only_conditionally() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = rui_config(dir.path(), &github_line(&server));

    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &config,
        "2026-W47",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_w47(first_week(&run.json()));
    let log = server.log();
    // Two pages of search, two of #41's reviews, then one each.
    assert_eq!(log.len(), 8, "{log:?}");
    assert!(log.iter().all(|(_, _, status)| *status == 200), "{log:?}");
    let search = &log[0].1;
    assert!(
        search.starts_with(
            "/api/v3/search/issues?q=type:pr+reviewed-by:rui-dev+updated:%3E%3D2026-10-26"
        ),
        "the weeks and the three look-back weeks: {search}"
    );

    // Again: every page asked for conditionally, none sent again.
    server.clear_log();
    let again = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &config,
        "2026-W47",
    );
    assert_w47(first_week(&again.ok_json()));
    let log = server.log();
    assert_eq!(log.len(), 8, "{log:?}");
    assert!(log.iter().all(|(_, _, status)| *status == 304), "{log:?}");

    // Offline: the cache alone.
    server.clear_log();
    let offline = Run::of(
        cmd(cache.path())
            .args(["week", "--offline", "--config"])
            .arg(&config)
            .args(["--week", "2026-W47", "--format", "json"]),
    );
    assert_w47(first_week(&offline.ok_json()));
    assert!(server.log().is_empty());
}

#[test]
fn the_terminal_names_the_reviewed_repository_and_explain_the_pull_requests() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = rui_config(dir.path(), &github_line(&server));
    let run = Run::of(
        cmd(cache.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args(["week", "--config"])
            .arg(&config)
            .args(["--week", "2026-W47"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("reviews in acme/payments 1.4 h"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("5 review events"), "{}", run.stdout);

    let explain = Run::of(
        cmd(cache.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args(["explain", "--config"])
            .arg(&config)
            .args(["--week", "2026-W47", "--format", "json"]),
    )
    .ok_json();
    let reviews: Vec<&Value> = (explain.as_array().unwrap().iter())
        .filter(|r| r["category"] == "code review")
        .collect();
    assert_eq!(reviews.len(), 2, "{explain}");
    // 08:35-10:10, cut at 10:00 by the 1:1 (people wins): 1 h 25 min.
    assert_eq!(reviews[0]["start"], "2026-11-18T08:35:00+00:00");
    assert_eq!(reviews[0]["end"], "2026-11-18T10:10:00+00:00");
    assert_eq!(reviews[0]["counted_hours"], 1.42);
    assert_eq!(reviews[0]["rule"], "forge");
    assert_eq!(
        reviews[0]["source"]["pull_requests"],
        serde_json::json!(["acme/payments#41", "acme/web#7"])
    );
    // 11:10-11:40 lies inside "Focus time" (11:00-13:00), which started first.
    assert_eq!(reviews[1]["start"], "2026-11-18T11:10:00+00:00");
    assert_eq!(reviews[1]["counted_hours"], 0.0);
    assert_eq!(
        reviews[1]["source"]["pull_requests"],
        serde_json::json!(["acme/web#7"])
    );
}

#[test]
fn a_review_outside_the_week_counts_in_its_own_week() {
    let server = github_server(Elsewhere::default());
    let run = rui_week(&server, "2026-W46");
    let w = first_week(&run.ok_json()).clone();
    // Review 7101, Tue 10 Nov 15:00: a session of 14:30-15:00.
    assert_eq!(w["reviews"], 1);
    assert_eq!(w["categories"]["code review"], 0.5);
    assert_eq!(w["hours"]["tracked"], 0.5);
    assert_eq!(w["verdict"], "insufficient-data");
}

#[test]
fn saved_responses_give_the_same_figures_as_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    // As `gh api --paginate` prints pages: one JSON value after another.
    let mut saved = Vec::new();
    for file in [
        "search-pulls-1.json",
        "search-pulls-2.json",
        "payments-41-reviews-1.json",
        "payments-41-reviews-2.json",
        "payments-41-comments.json",
        "web-7-reviews.json",
        "web-7-comments.json",
        "search-commits.json",
    ] {
        saved.extend(std::fs::read(fixture(&format!("forge/github/{file}"))).unwrap());
    }
    let file = dir.path().join("rui-reviews.json");
    std::fs::write(&file, &saved).unwrap();
    let line = format!(
        "github = {{ user = \"rui-dev\" }}\nforge_files = [\"{}\"]",
        file.display()
    );
    let config = rui_config(dir.path(), &line);
    let run = week(&mut cmd(cache.path()), &config, "2026-W47");
    assert_w47(first_week(&run.ok_json()));

    let server = github_server(Elsewhere::default());
    let live = rui_config(dir.path(), &github_line(&server));
    let from_server = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &live,
        "2026-W47",
    );
    assert_eq!(first_week(&from_server.ok_json()), first_week(&run.json()));
}

/// A config of Rui with GitHub as the only source.
fn forge_only_config(dir: &Path, server: &Server) -> std::path::PathBuf {
    let path = dir.join("forge-only.toml");
    let config = format!(
        "[[manager]]\nname = \"Rui Costa\"\nreports = 4\ntimezone = \"Europe/Lisbon\"\n{}\n",
        github_line(server)
    );
    std::fs::write(&path, config).unwrap();
    path
}

#[test]
fn a_refused_token_and_a_rate_limit_are_one_line_each() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let refused = format!(
        "cannot read GitHub API {}: the token from GITHUB_TOKEN was refused (HTTP 401); it may have expired or been revoked: make a new one",
        server.url("/api/v3/search/issues")
    );
    // GitHub the only source: an error.
    let only = forge_only_config(dir.path(), &server);
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", "ghp_expired"),
        &only,
        "2026-W47",
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, format!("error: {refused}\n"));
    // With the calendar and the log read too: a warning, and their figures.
    let config = rui_config(dir.path(), &github_line(&server));
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", "ghp_expired"),
        &config,
        "2026-W47",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("warning: forge: {refused}; this manager's figures miss those reviews\n")
    );
    assert_eq!(first_week(&run.json())["reviews"], 0);
    // A token the config puts in from a variable of its own: that is the
    // one to renew.
    let line = format!(
        "github = {{ user = \"rui-dev\", api = \"{}\", token = \"${{RUI_GH}}\" }}",
        server.url("/api/v3")
    );
    let run = week(
        cmd(cache.path()).env("RUI_GH", "ghp_expired"),
        &rui_config(dir.path(), &line),
        "2026-W47",
    );
    assert!(
        run.stderr.contains(
            "the token from RUI_GH (manager 'Rui Costa' github.token) was refused (HTTP 401)"
        ),
        "{}",
        run.stderr
    );

    // A token pasted across two lines: said so, and never sent.
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", "ghp_first\r\nhalf"),
        &only,
        "2026-W47",
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the token from GITHUB_TOKEN holds a space, a line break or a character an HTTP header cannot carry; copy it again\n"
    );

    let limited = Server::http(|_: &Req| rate_limited());
    let only = forge_only_config(dir.path(), &limited);
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &only,
        "2026-W47",
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        rate_limit_error(&limited.url("/api/v3/search/issues"))
    );
    assert!(!run.stderr.contains(TOKEN));
}

/// Every request a server saw with an Authorization header.
type Seen = Arc<Mutex<Vec<String>>>;

fn recording_server(seen: Seen) -> Server {
    Server::http(move |req: &Req| {
        if let Some(auth) = req.header("authorization") {
            seen.lock().unwrap().push(auth.to_string());
        }
        let file = if req.path.starts_with("/api/v3/search/issues") {
            "search-pulls-2.json"
        } else {
            "web-7-comments.json"
        };
        Resp::new(
            200,
            std::fs::read(fixture(&format!("forge/github/{file}"))).unwrap(),
        )
    })
}

#[test]
fn the_token_goes_to_the_api_host_only_and_appears_in_no_output_or_file() {
    let seen: Seen = Arc::default();
    let other = recording_server(seen.clone());
    let server = github_server(Elsewhere {
        redirect: Some(format!("127.0.0.1:{}", other.port)),
        ..Elsewhere::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let config = rui_config(dir.path(), &github_line(&server));
    let command = || {
        let mut c = cmd(cache.path());
        c.env("GITHUB_TOKEN", TOKEN);
        c
    };
    let outputs = common::outputs_of_every_command(command, &config, &out);
    // #7's comments are redirected to another origin: followed, no token.
    let followed: Vec<String> = other.log().into_iter().map(|(_, p, _)| p).collect();
    assert!(
        followed
            .iter()
            .any(|p| p.starts_with("/api/v3/repos/acme/web/pulls/7/comments")),
        "{followed:?}"
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
    let folders = [cache.path(), out.as_path()];
    common::assert_no_secret(&outputs, &folders, &[TOKEN, "T3stT0ken"]);
}

#[test]
fn a_next_page_on_another_host_is_refused_and_never_gets_the_token() {
    let seen: Seen = Arc::default();
    let other = recording_server(seen.clone());
    let server = github_server(Elsewhere {
        next_page: Some(format!("127.0.0.1:{}", other.port)),
        ..Elsewhere::default()
    });
    let run = rui_week(&server, "2026-W47");
    // The calendar and the log were read: the reviews are missing, with a warning.
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = format!(
        "warning: forge: cannot read GitHub API {}: its next page is on another host (http://127.0.0.1:{}); refused; this manager's figures miss those reviews",
        server.url("/api/v3/search/issues"),
        other.port
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert_eq!(first_week(&run.json())["reviews"], 0);
    assert!(
        other.log().is_empty(),
        "nothing was asked of the other host"
    );
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn a_pull_request_that_cannot_be_read_is_left_out_with_a_warning() {
    let server = github_server(Elsewhere {
        gone: Some("/api/v3/repos/acme/web/pulls/7/reviews"),
        ..Elsewhere::default()
    });
    let run = rui_week(&server, "2026-W47");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: GitHub rui-dev: cannot read GitHub API {}: not found (HTTP 404): deleted, or in a repository the token cannot read; the reviews of 'acme/web#7' are left out",
            server.url("/api/v3/repos/acme/web/pulls/7/reviews")
        )),
        "{}",
        run.stderr
    );
    // #41's events only: 9001, 9002, 7002 at 09:05-09:20, one session of
    // 08:35-09:20 (nothing of the 1:1 at 10:00): 45 min.
    let w = first_week(&run.json()).clone();
    assert_eq!(w["reviews"], 3);
    assert_eq!(w["categories"]["code review"], 0.75);
}

#[test]
fn a_rate_limit_on_a_pull_request_ends_the_read_and_is_an_error_when_github_is_all() {
    // The search succeeds, then acme/payments#41's reviews meet the limit:
    // every further request would too, so none is made, and with GitHub
    // the only source the run fails rather than report zero reviews.
    let server = github_server(Elsewhere {
        limited: Some("/api/v3/repos/acme/payments/pulls/41/reviews"),
        ..Elsewhere::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let only = forge_only_config(dir.path(), &server);
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &only,
        "2026-W47",
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        rate_limit_error(&server.url("/api/v3/repos/acme/payments/pulls/41/reviews"))
    );
    let asked: Vec<String> = server.log().into_iter().map(|(_, p, _)| p).collect();
    assert!(!asked.iter().any(|p| p.contains("/pulls/7/")), "{asked:?}");
}

#[test]
fn an_unknown_login_and_a_web_page_for_the_api_say_what_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    // GitHub's search answers 422 for a reviewed-by: user it does not know.
    let unknown = Server::http(|_: &Req| {
        Resp::new(422, r#"{"message":"Validation Failed","errors":[{"message":"The listed users cannot be searched either because the users do not exist or you do not have permission to view the users.","resource":"Search","field":"q","code":"invalid"}],"documentation_url":"https://docs.github.com/v3/search/","status":"422"}"#)
            .header("content-type", "application/json; charset=utf-8")
    });
    // W47 for a config whose only source is GitHub at `server`.
    let only = |server: &Server| {
        week(
            cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
            &forge_only_config(dir.path(), server),
            "2026-W47",
        )
    };
    let run = only(&unknown);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot read GitHub API {}: GitHub knows no user 'rui-dev' (HTTP 422); check github.user (a login, not a name or an address)\n",
            unknown.url("/api/v3/search/issues")
        )
    );
    // An Enterprise server's web site where its API was meant.
    let site = Server::http(|_: &Req| {
        Resp::new(
            200,
            "<!DOCTYPE html><html><head><title>GitHub</title></head></html>",
        )
        .header("content-type", "text/html; charset=utf-8")
    });
    let run = only(&site);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot read GitHub API {}: the answer is a web page, not the API's JSON; check the API address (`api`): GitHub Enterprise Server's is https://HOST/api/v3\n",
            site.url("/api/v3/search/issues")
        )
    );
}

#[test]
fn east_of_utc_the_commit_search_still_covers_sunday() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = rui_config(dir.path(), &github_line(&server))
        .display()
        .to_string();
    let tokyo = std::fs::read_to_string(&config)
        .unwrap()
        .replace("Europe/Lisbon", "Asia/Tokyo");
    std::fs::write(&config, tokyo).unwrap();
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        Path::new(&config),
        "2026-W47",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // W47 in Tokyo ends Monday 23 Nov 00:00 +09:00 = Sunday 22 Nov 15:00 UTC:
    // the search (by UTC dates) must reach 2026-11-22, and from the first
    // look-back week (W44 starts Monday 26 Oct 00:00 +09:00 = 25 Oct UTC).
    let log: Vec<String> = server.log().into_iter().map(|(_, p, _)| p).collect();
    let search = log
        .iter()
        .find(|p| p.starts_with("/api/v3/search/commits"))
        .unwrap();
    assert!(
        search.contains("author-date:2026-10-25..2026-11-22"),
        "{search}"
    );
}

#[test]
fn gh_token_and_github_api_url_are_read_when_the_config_gives_none() {
    let server = github_server(Elsewhere::default());
    let cache = tempfile::tempdir().unwrap();
    let run = Run::of(
        cmd(cache.path())
            .env("GH_TOKEN", TOKEN)
            .env("GITHUB_API_URL", server.url("/api/v3"))
            .args(["week", "--github", "rui-dev", "--ics"])
            .arg(fixture("forge/rui.ics"))
            .args([
                "--tz",
                "Europe/Lisbon",
                "--reports",
                "4",
                "--week",
                "2026-W47",
            ])
            .args(["--format", "json"]),
    );
    let json = run.ok_json();
    let w = first_week(&json);
    assert_eq!(w["reviews"], 5);
    assert_eq!(w["categories"]["code review"], 1.42);
}

#[test]
fn the_github_flag_names_the_user_and_keeps_the_configs_token_and_api() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let line = format!(
        "github = {{ user = \"someone-else\", token = \"${{RUI_GH}}\", api = \"{}\" }}",
        server.url("/api/v3")
    );
    let config = rui_config(dir.path(), &line);
    let run = Run::of(
        cmd(cache.path())
            .env("RUI_GH", TOKEN)
            .args(["week", "--github", "rui-dev", "--config"])
            .arg(&config)
            .args(["--week", "2026-W47", "--format", "json"]),
    );
    let json = run.ok_json();
    assert_eq!(first_week(&json)["reviews"], 5);
    let search = &server.log()[0].1;
    assert!(search.contains("reviewed-by:rui-dev"), "{search}");
}

#[test]
fn saved_files_are_read_alone_without_a_token_and_with_the_api_with_one() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.json");
    std::fs::write(
        &saved,
        std::fs::read(fixture("forge/github/web-7-reviews.json")).unwrap(),
    )
    .unwrap();
    let line = format!(
        "{}\nforge_files = [\"{}\"]",
        github_line(&server),
        saved.display()
    );
    let config = rui_config(dir.path(), &line);
    let run = week(&mut cmd(cache.path()), &config, "2026-W47");
    // No token anywhere: 7102 and 7103 only (the file); the server was
    // never asked.
    assert_eq!(first_week(&run.ok_json())["reviews"], 2);
    assert!(server.log().is_empty(), "{:?}", server.log());
    // A token in the environment (as `gh` users and CI runners have): the
    // API is read too, and the file's two reviews, which it also gives,
    // count once: the week is the server's own.
    let run = week(
        cmd(cache.path()).env("GITHUB_TOKEN", TOKEN),
        &config,
        "2026-W47",
    );
    assert_w47(first_week(&run.ok_json()));
    assert!(!server.log().is_empty());
}

#[test]
fn a_config_error_never_shows_a_value_put_in_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("t.toml");
    std::fs::write(
        &config,
        "[[manager]]\nname = \"Rui\"\ngithub = \"${RUI_GH}\"\n",
    )
    .unwrap();
    let run = Run::of(
        twohats()
            .env("RUI_GH", TOKEN)
            .args(["week", "--config"])
            .arg(&config),
    );
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    assert!(run.stderr.contains("${RUI_GH}"), "{}", run.stderr);
}

/// GitLab: the user's id, then their events; the project's path looked
/// up. The second page of events is announced by `Link` and
/// `X-Next-Page`, or (`link` false, as behind a proxy that strips it) by
/// `X-Next-Page` alone.
fn gitlab_server_paging(link: bool) -> Server {
    Server::http(move |req: &Req| {
        if req.header("authorization") != Some(&format!("Bearer {GITLAB_TOKEN}")) {
            return Resp::new(401, r#"{"message":"401 Unauthorized"}"#);
        }
        let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
        let file = match path {
            "/api/v4/users" if query.starts_with("username=rcosta") => "users.json",
            // W47 and its three look-back weeks, in UTC: 26 Oct to 22 Nov,
            // both bounds exclusive.
            "/api/v4/users/3141/events"
                if !query.contains("after=2026-10-25&before=2026-11-24") =>
            {
                return Resp::new(400, r#"{"message":"wrong window"}"#)
            }
            "/api/v4/users/3141/events" if !query.contains("page=2") => "events-1.json",
            "/api/v4/users/3141/events" => "events-2.json",
            "/api/v4/projects/278964" => "project-278964.json",
            _ => return Resp::new(404, r#"{"message":"404 Not Found"}"#),
        };
        let body = std::fs::read(fixture(&format!("forge/gitlab/{file}"))).unwrap();
        let mut resp = Resp::new(200, body).header("content-type", "application/json");
        if file == "events-1.json" {
            let host = req.header("host").unwrap();
            let next = format!("http://{host}{path}?{query}&page=2");
            resp = resp.header("x-next-page", "2");
            if link {
                resp = resp.header("link", &format!("<{next}>; rel=\"next\""));
            }
        }
        resp
    })
}

#[test]
fn gitlab_approvals_and_merge_request_comments_are_review_sessions() {
    for link in [true, false] {
        gitlab_week_of_reviews(gitlab_server_paging(link));
    }
}

fn gitlab_week_of_reviews(server: Server) {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = dir.path().join("twohats.toml");
    std::fs::write(
        &config,
        format!(
            "timezone = \"UTC\"\n[forge]\nsession_gap_minutes = 45\nreview_lead_minutes = 15\n\n[[manager]]\nname = \"Rui Costa\"\nreports = 4\ngitlab = {{ user = \"rcosta\", api = \"{}\" }}\n",
            server.url("/api/v4")
        ),
    )
    .unwrap();
    let run = week(
        cmd(cache.path()).env("GITLAB_TOKEN", GITLAB_TOKEN),
        &config,
        "2026-W47",
    );
    let json = run.ok_json();
    let w = first_week(&json);
    // Approval 09:00 and a DiffNote 09:40 (40 min apart: one session,
    // 08:45-09:40); a note on an issue and a push are not reviews; a note
    // on a merge request at 14:00 (page 2) is a session of 13:45-14:00.
    assert_eq!(w["reviews"], 3, "{w}");
    assert_eq!(w["categories"]["code review"], 1.17);
    assert_eq!(w["hours"]["coding"], 1.17);
    assert_eq!(w["largest_coding"][0]["label"], "acme/infra/terraform");
    assert_eq!(w["largest_coding"][0]["source"], "forge");
}

#[test]
fn doctor_counts_what_each_forge_source_gave() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = rui_config(dir.path(), &github_line(&server));
    let run = Run::of(
        cmd(cache.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args([
                "doctor", "--format", "json", "--week", "2026-W47", "--config",
            ])
            .arg(&config),
    );
    let json = run.ok_json();
    let forge = &json["managers"][0]["forges"][0];
    assert_eq!(forge["source"], "GitHub rui-dev");
    // #41 and #7; Rui's submitted reviews 7002, 7101, 7102, 7103 (7003 is
    // pending, 7001 Ana's); comments 9001 and 9002 (9003 is Ana's); the two
    // commits of the search; review 7101 (10 Nov) lies before 2026-W47.
    assert_eq!(forge["pull_requests"], 2, "{forge}");
    assert_eq!(forge["reviews"], 4);
    assert_eq!(forge["review_comments"], 2);
    assert_eq!(forge["commits"], 2);
    assert_eq!(forge["events_outside_weeks"], 1);
    assert_eq!(forge["pages"], 8);
    let table = Run::of(
        cmd(cache.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args(["doctor", "--week", "2026-W47", "--config"])
            .arg(&config),
    );
    assert!(
        table.stdout.contains(
            "  forge GitHub rui-dev\n    read        2 pull requests, 4 reviews, 2 review comments, 2 commits\n"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn org_reports_redacted_output_and_shares_show_the_category_not_the_repository() {
    let server = github_server(Elsewhere::default());
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let second = format!(
        "{}\n\n[[manager]]\nname = \"Ana Lima\"\nreports = 2\ncalendars = [\"{}\"]\n",
        github_line(&server),
        fixture("forge/rui.ics")
    );
    let org = rui_config(dir.path(), &second);
    let out = dir.path().join("org-report");
    let run = Run::of(
        cmd(cache.path())
            .env("GITHUB_TOKEN", TOKEN)
            .args([
                "report",
                "--from",
                "2026-11-16",
                "--to",
                "2026-11-22",
                "--out",
            ])
            .arg(&out)
            .arg("--config")
            .arg(&org),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = common::files_under(&out);
    let json: Value = serde_json::from_slice(&files["report.json"]).unwrap();
    let items = &json["managers"][0]["weeks"][0]["largest_coding"];
    assert_eq!(items[2]["source"], "forge", "{items}");
    assert_eq!(items[2]["label"], "code review");
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("acme/"), "a repository named in {name}");
    }

    let config = rui_config(dir.path(), &github_line(&server));
    for args in [
        vec![
            "report",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
            "--format",
            "json",
            "--redact",
        ],
        vec!["share", "--from", "2026-11-16", "--to", "2026-11-22"],
    ] {
        let run = Run::of(
            cmd(cache.path())
                .env("GITHUB_TOKEN", TOKEN)
                .args(&args)
                .arg("--config")
                .arg(&config),
        );
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(!run.stdout.contains("acme/"), "{args:?}: {}", run.stdout);
        assert!(
            run.stdout.contains("\"code review\""),
            "{args:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_saved_commit_search_counts_only_the_users_own_commits() {
    // The fixture's two commits by rui-dev, Thursday 14:00 and 16:00 UTC,
    // are one session, [12:00, 16:00] = 4 h with the 120-minute lead. A
    // saved search of the whole repository holds Bob's 16:00 commit
    // instead: Rui's alone is [12:00, 14:00] = 2 h.
    let text = std::fs::read_to_string(fixture("forge/github/search-commits.json")).unwrap();
    let mut search: Value = serde_json::from_str(&text).unwrap();
    search["items"][1]["author"]["login"] = "bob".into();
    search["items"][1]["commit"]["author"]["email"] = "bob@acme.example".into();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("commits.json"), search.to_string()).unwrap();
    let run = Run::of(twohats().current_dir(dir.path()).args([
        "week",
        "--github",
        "rui-dev",
        "--forge-file",
        "commits.json",
        "--me",
        "rui@acme.example",
        "--tz",
        "UTC",
        "--reports",
        "3",
        "--week",
        "2026-W47",
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]));
    let json = run.ok_json();
    let w = first_week(&json);
    assert_eq!(
        (w["commits"].as_u64(), w["hours"]["coding"].as_f64()),
        (Some(1), Some(2.0))
    );
    assert_eq!(
        json["warnings"][0]["message"],
        "1 commit(s) by other authors than rui-dev; left out"
    );
}

#[test]
fn doctor_counts_the_pull_request_a_saved_file_of_reviews_is_of() {
    // payments-41-reviews-1.json holds reviews of acme/payments#41 (Rui's
    // 7002), web-7-reviews.json Rui's reviews of acme/web#7: each file is
    // of one pull request.
    let run = Run::of(twohats().current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "doctor",
        "--github",
        "rui-dev",
        "--forge-file",
        "fixtures/forge/github/payments-41-reviews-1.json",
        "--forge-file",
        "fixtures/forge/github/web-7-reviews.json",
        "--me",
        "rui@acme.example",
        "--tz",
        "UTC",
        "--week",
        "2026-W47",
        "--format",
        "json",
    ]));
    let json = run.ok_json();
    let forges = json["managers"][0]["forges"].as_array().unwrap();
    let counts: Vec<(u64, u64)> = (forges.iter())
        .map(|f| {
            (
                f["pull_requests"].as_u64().unwrap(),
                f["reviews"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts[0].0, 1, "{forges:?}");
    assert_eq!(counts[1].0, 1, "{forges:?}");
}
