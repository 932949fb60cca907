//! Calendars read through their own APIs: Microsoft Graph (Microsoft 365)
//! and the Google Calendar API (Google Workspace), from saved responses
//! and from servers these tests start on 127.0.0.1 (tests/net_server)
//! answering in the shapes of Graph's `event` and Google's `events.list`.
//! Every figure is worked out by hand in fixtures/api/README.md.

mod common;
mod net_server;

use common::{fixture, twohats, Run};
use net_server::{Req, Resp, Server};
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};

const GRAPH_TOKEN: &str = "eyJ0eXAiOiJKV1QiGraphT3stAccessT0ken0001";
const GOOGLE_TOKEN: &str = "ya29.a0GoogleT3stAccessT0ken0001";

/// Ada's flags: who she is, her team size and zone.
const ADA: [&str; 6] = [
    "--me",
    "ada@contoso.com",
    "--reports",
    "6",
    "--tz",
    "Europe/Berlin",
];

fn cmd(home: &Path) -> assert_cmd::Command {
    let mut c = twohats();
    c.env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HOME", home)
        .env_remove("TWOHATS_OUTLOOK_TOKEN")
        .env_remove("TWOHATS_GOOGLE_TOKEN")
        .env_remove("TWOHATS_OUTLOOK_API_URL")
        .env_remove("TWOHATS_GOOGLE_API_URL")
        .env_remove("TWOHATS_OUTLOOK_AUTH_URL")
        .env_remove("TWOHATS_GOOGLE_AUTH_URL");
    c
}

fn week_json(c: &mut assert_cmd::Command, sources: &[&str]) -> Value {
    let run = Run::of(
        c.args(["week", "--week", "2026-W47", "--format", "json"])
            .args(ADA)
            .args(sources),
    );
    run.ok_json()["managers"][0]["weeks"][0].clone()
}

/// The figures fixtures/api/README.md works out for 2026-W47.
fn assert_w47(w: &Value) {
    assert_eq!(w["hours"]["coding"], 6.5, "{w}");
    assert_eq!(w["hours"]["people"], 4.25);
    assert_eq!(w["hours"]["other"], 1.0);
    assert_eq!(w["hours"]["tracked"], 11.75);
    assert_eq!(w["categories"]["coding"], 6.5);
    assert_eq!(w["categories"]["one-on-ones"], 2.0);
    assert_eq!(w["categories"]["hiring"], 2.0);
    assert_eq!(w["categories"]["technical leadership"], 1.0);
    assert_eq!(w["categories"]["team rituals"], 0.25);
    assert_eq!(w["categories"].as_object().unwrap().len(), 5, "{w}");
    assert_eq!(w["coding_share_pct"], 55.3);
    assert_eq!(w["verdict"], "over");
    assert_eq!(w["events"], 8);
    let largest: Vec<(String, f64)> = (w["largest_coding"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["hours"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        largest,
        [
            ("Deep work".to_string(), 4.0),
            ("Focus time".to_string(), 2.5)
        ]
    );
}

#[test]
fn a_saved_graph_calendar_view_gives_the_hand_computed_week() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture("api/ada-calendarView.json");
    assert_w47(&week_json(
        &mut cmd(home.path()),
        &["--outlook-file", &file],
    ));
}

#[test]
fn a_saved_google_events_list_gives_the_hand_computed_week() {
    let home = tempfile::tempdir().unwrap();
    let file = fixture("api/ada-events.json");
    assert_w47(&week_json(&mut cmd(home.path()), &["--google-file", &file]));
}

/// Each row of the mapping table, as `explain` shows it: the rule that
/// decided, or the reason for the drop.
#[test]
fn explain_shows_each_row_of_the_mapping_table() {
    let home = tempfile::tempdir().unwrap();
    for (flag, file) in [
        ("--outlook-file", "api/ada-calendarView.json"),
        ("--google-file", "api/ada-events.json"),
    ] {
        let rows = Run::of(
            cmd(home.path())
                .args(["explain", "--week", "2026-W47", "--format", "json"])
                .args(ADA)
                .args([flag, &fixture(file)]),
        )
        .ok_json();
        let of = |title: &str| -> Value {
            (rows.as_array().unwrap().iter())
                .find(|r| r["title"] == title)
                .unwrap_or_else(|| panic!("{title} in {rows}"))
                .clone()
        };
        assert_eq!(of("Vendor demo")["dropped"], "declined", "{flag}");
        assert_eq!(of("Conference talk (optional)")["dropped"], "shown as free");
        assert_eq!(of("Team offsite planning")["dropped"], "all-day");
        assert_eq!(of("Away")["rule"], "default:personal");
        assert_eq!(of("Away")["kind"], "ignore");
        assert_eq!(of("Roadmap chat")["category"], "one-on-ones");
        // The moved instance counts where it was moved to, in Berlin time.
        assert_eq!(of("Ada / Ben 1:1")["start"], "2026-11-17T14:00:00+01:00");
        // Pacific Standard Time: 04:00 in Los Angeles is 13:00 in Berlin.
        assert_eq!(of("Hiring debrief")["start"], "2026-11-19T13:00:00+01:00");
        let cancelled = (rows.as_array().unwrap().iter())
            .filter(|r| r["dropped"] == "cancelled")
            .count();
        assert_eq!(cancelled, 1, "{flag}: {rows}");
    }
}

#[test]
fn a_working_location_claims_no_time_and_a_focus_time_block_is_coding_whatever_its_title() {
    let home = tempfile::tempdir().unwrap();
    let page = r#"{"kind":"calendar#events","summary":"ada@contoso.com","timeZone":"Europe/Berlin","items":[
      {"kind":"calendar#event","id":"wl1","status":"confirmed","summary":"Home",
       "start":{"dateTime":"2026-11-16T08:00:00+01:00"},"end":{"dateTime":"2026-11-16T18:00:00+01:00"},
       "eventType":"workingLocation","workingLocationProperties":{"type":"homeOffice","homeOffice":{}}},
      {"kind":"calendar#event","id":"ft1","status":"confirmed","summary":"Do not book",
       "start":{"dateTime":"2026-11-17T09:00:00+01:00"},"end":{"dateTime":"2026-11-17T11:00:00+01:00"},
       "eventType":"focusTime"},
      {"kind":"calendar#event","id":"bd1","status":"confirmed","summary":"Ben's birthday",
       "start":{"dateTime":"2026-11-18T09:00:00+01:00"},"end":{"dateTime":"2026-11-18T10:00:00+01:00"},
       "eventType":"birthday"}]}"#;
    let file = home.path().join("events.json");
    std::fs::write(&file, page).unwrap();
    let w = week_json(
        &mut cmd(home.path()),
        &["--google-file", file.to_str().unwrap()],
    );
    // Only the 2 h of focus time: 10 h at home and the birthday claim none.
    assert_eq!(w["hours"]["tracked"], 2.0, "{w}");
    assert_eq!(w["hours"]["coding"], 2.0);
}

#[test]
fn a_user_rule_on_event_type_comes_first() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("twohats.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[[rule]]
category = "covering"
kind = "people"
event_type = "^oof$"

[[manager]]
name = "Ada"
emails = ["ada@contoso.com"]
reports = 6
timezone = "Europe/Berlin"
outlook_files = ["{}"]
"#,
            fixture("api/ada-calendarView.json")
        ),
    )
    .unwrap();
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--week", "2026-W47", "--format", "json", "--config"])
            .arg(&config),
    );
    let w = &run.ok_json()["managers"][0]["weeks"][0];
    // "Away" (Fri 08:00-10:00, showAs oof) is now 2 h of people.
    assert_eq!(w["categories"]["covering"], 2.0, "{w}");
    assert_eq!(w["hours"]["people"], 6.25);
}

#[test]
fn a_file_that_is_not_a_saved_response_is_one_line_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("bad.json");
    std::fs::write(&bad, "{\"value\": [\n  {\"id\": \"x\",\n").unwrap();
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--week", "2026-W47"])
            .args(ADA)
            .args(["--outlook-file", bad.to_str().unwrap()]),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let line = run.stderr.trim();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.contains("bad.json:3: not JSON") && line.contains("calendarView"),
        "{line}"
    );
    // A Google file given as a Graph one.
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--week", "2026-W47"])
            .args(ADA)
            .args(["--outlook-file", &fixture("api/ada-events.json")]),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a saved Microsoft Graph response"),
        "{}",
        run.stderr
    );
}

/// Every Authorization header a server saw.
type Seen = Arc<Mutex<Vec<String>>>;

/// A fixture page with its next link pointing at `next_base` instead of
/// graph.microsoft.com.
fn graph_page(n: u32, next_base: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(&format!("api/graph-page-{n}.json"))).unwrap();
    text.replace("https://graph.microsoft.com/v1.0", next_base)
        .into_bytes()
}

fn json(status: u16, body: impl Into<Vec<u8>>) -> Resp {
    Resp::new(status, body).header("content-type", "application/json; charset=utf-8")
}

/// Microsoft Graph: `/v1.0/me/calendarView`, page 2 behind
/// `@odata.nextLink` (on `next_host`, when given, instead of itself);
/// `token` required; each Authorization header seen recorded.
fn graph_server(token: &'static str, next_host: Option<String>, seen: Seen) -> Server {
    Server::http(move |req: &Req| {
        if let Some(auth) = req.header("authorization") {
            seen.lock().unwrap().push(auth.to_string());
        }
        let authorised = req.header("authorization") == Some(&format!("Bearer {token}"));
        let host = req.header("host").unwrap().to_string();
        let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
        match path {
            "/v1.0/me/calendarView" if query.contains("skiptoken") => json(200, graph_page(2, "")),
            _ if !authorised => json(
                401,
                r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid.","innerError":{"date":"2026-11-23T08:00:00","request-id":"b3c9f0c2-3a31-4c41-9d0c-2f0f6c0a4d11"}}}"#,
            ),
            "/v1.0/me/calendarView" => {
                let next = next_host.clone().unwrap_or(host);
                json(200, graph_page(1, &format!("http://{next}/v1.0")))
            }
            _ => json(
                404,
                r#"{"error":{"code":"ResourceNotFound","message":"Resource not found."}}"#,
            ),
        }
    })
}

const GOOGLE_PAGE_TOKEN: &str = "CigKGjVzNHRlMGZjZTRmcWw4dDYzZ2VlcWo5bWw0GAEggIDA8dLg8gI=";

/// Google Calendar: `/calendar/v3/calendars/primary/events`, page 2 with
/// `pageToken`; `token` required.
fn google_server(token: &'static str, seen: Seen) -> Server {
    Server::http(move |req: &Req| {
        if let Some(auth) = req.header("authorization") {
            seen.lock().unwrap().push(auth.to_string());
        }
        if req.header("authorization") != Some(&format!("Bearer {token}")) {
            return json(
                401,
                r#"{"error":{"code":401,"message":"Request had invalid authentication credentials.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}"#,
            );
        }
        let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
        if path != "/calendar/v3/calendars/primary/events" || !query.contains("singleEvents=true") {
            return json(404, r#"{"error":{"code":404,"message":"Not Found"}}"#);
        }
        let page = match query.contains("pageToken=") {
            false => 1,
            true if query.contains(&common_encode(GOOGLE_PAGE_TOKEN)) => 2,
            true => {
                return json(
                    400,
                    r#"{"error":{"code":400,"message":"Invalid pageToken"}}"#,
                )
            }
        };
        json(
            200,
            std::fs::read(fixture(&format!("api/google-page-{page}.json"))).unwrap(),
        )
    })
}

/// A page token as a query carries it.
fn common_encode(text: &str) -> String {
    text.replace('=', "%3D")
}

fn config(home: &Path, manager_lines: &str) -> std::path::PathBuf {
    let path = home.join("twohats.toml");
    std::fs::write(
        &path,
        format!(
            "[[manager]]\nname = \"Ada Lovelace\"\nemails = [\"ada@contoso.com\"]\nreports = 6\ntimezone = \"Europe/Berlin\"\n{manager_lines}\n"
        ),
    )
    .unwrap();
    path
}

fn week_of(c: &mut assert_cmd::Command, config: &Path) -> Run {
    Run::of(
        c.args(["week", "--week", "2026-W47", "--format", "json", "--config"])
            .arg(config),
    )
}

#[test]
fn graph_pages_are_followed_to_the_end_and_read_again_offline() {
    let seen = Seen::default();
    let server = graph_server(GRAPH_TOKEN, None, seen.clone());
    let home = tempfile::tempdir().unwrap();
    let config = config(
        home.path(),
        &format!("outlook = {{ api = \"{}\" }}", server.url("/v1.0")),
    );
    let run = week_of(
        cmd(home.path()).env("TWOHATS_OUTLOOK_TOKEN", GRAPH_TOKEN),
        &config,
    );
    assert_w47(&run.ok_json()["managers"][0]["weeks"][0]);
    let log = server.log();
    assert_eq!(log.len(), 2, "{log:?}");
    // The weeks and the three look-back weeks, in UTC; no Prefer header
    // needed: each event's own zone is read.
    assert!(
        log[0].1.starts_with(
            "/v1.0/me/calendarView?startDateTime=2026-10-25T23:00:00Z&endDateTime=2026-11-22T23:00:00Z&$top=100&$select="
        ),
        "{log:?}"
    );
    assert!(
        log[1].1.contains("%24skiptoken=R0usmcCM996atia_s"),
        "{log:?}"
    );

    server.clear_log();
    let offline = Run::of(
        cmd(home.path())
            .args([
                "week",
                "--offline",
                "--week",
                "2026-W47",
                "--format",
                "json",
                "--config",
            ])
            .arg(&config),
    );
    assert_w47(&offline.ok_json()["managers"][0]["weeks"][0]);
    assert!(server.log().is_empty(), "{:?}", server.log());
}

#[test]
fn google_pages_are_followed_by_page_token_and_give_the_same_week() {
    let seen = Seen::default();
    let server = google_server(GOOGLE_TOKEN, seen.clone());
    let home = tempfile::tempdir().unwrap();
    let config = config(
        home.path(),
        &format!(
            "google = {{ api = \"{}\", token = \"${{GOOGLE_TOKEN_FOR_TEST}}\" }}",
            server.url("/calendar/v3")
        ),
    );
    let run = week_of(
        cmd(home.path()).env("GOOGLE_TOKEN_FOR_TEST", GOOGLE_TOKEN),
        &config,
    );
    assert_w47(&run.ok_json()["managers"][0]["weeks"][0]);
    let log = server.log();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log[0].1.starts_with(
            "/calendar/v3/calendars/primary/events?singleEvents=true&timeMin=2026-10-25T23:00:00Z&timeMax=2026-11-22T23:00:00Z&maxResults=2500"
        ),
        "{log:?}"
    );
    assert!(log[1].1.contains("&pageToken="), "{log:?}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn a_token_command_gives_the_token() {
    let server = google_server(GOOGLE_TOKEN, Seen::default());
    let home = tempfile::tempdir().unwrap();
    let config = config(
        home.path(),
        &format!(
            "google = {{ api = \"{}\", token_command = [\"sh\", \"-c\", \"echo {GOOGLE_TOKEN}\"] }}",
            server.url("/calendar/v3")
        ),
    );
    let run = week_of(&mut cmd(home.path()), &config);
    assert_w47(&run.ok_json()["managers"][0]["weeks"][0]);
    assert!(!run.stderr.contains(GOOGLE_TOKEN));
}

/// A next page on another origin (another port of 127.0.0.1: another
/// host to the rules) is read without the token, and nothing anywhere
/// shows the token.
#[test]
fn the_token_goes_to_the_api_host_only_and_appears_in_no_output_or_file() {
    let elsewhere_seen = Seen::default();
    let elsewhere = graph_server(GRAPH_TOKEN, None, elsewhere_seen.clone());
    let seen = Seen::default();
    let server = graph_server(
        GRAPH_TOKEN,
        Some(format!("127.0.0.1:{}", elsewhere.port)),
        seen.clone(),
    );
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("report");
    let config = config(
        home.path(),
        &format!("outlook = {{ api = \"{}\" }}", server.url("/v1.0")),
    );
    let mut outputs = Vec::new();
    for args in [
        vec!["week", "--week", "2026-W47"],
        vec!["week", "--week", "2026-W47", "--format", "json"],
        vec!["explain", "--week", "2026-W47"],
        vec!["doctor", "--week", "2026-W47"],
        vec!["share", "--from", "2026-11-16", "--to", "2026-11-22"],
        vec![
            "report",
            "--from",
            "2026-11-09",
            "--to",
            "2026-11-22",
            "--out",
        ],
    ] {
        let mut c = cmd(home.path());
        c.env("TWOHATS_OUTLOOK_TOKEN", GRAPH_TOKEN).args(&args);
        if args[0] == "report" {
            c.arg(&out);
        }
        let run = Run::of(c.arg("--config").arg(&config));
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        outputs.push(run.stdout + &run.stderr);
    }
    let followed: Vec<String> = elsewhere.log().into_iter().map(|(_, p, _)| p).collect();
    assert!(
        followed.iter().all(|p| p.contains("skiptoken")),
        "{followed:?}"
    );
    assert!(!followed.is_empty());
    assert!(
        elsewhere_seen.lock().unwrap().is_empty(),
        "{:?}",
        elsewhere_seen.lock().unwrap()
    );
    assert!(!seen.lock().unwrap().is_empty());
    assert_no_secret(&outputs, &[home.path()], &[GRAPH_TOKEN]);
}

/// No secret in any output, nor in any file under `folders`.
fn assert_no_secret(outputs: &[String], folders: &[&Path], secrets: &[&str]) {
    for secret in secrets {
        for text in outputs {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        for folder in folders {
            for (file, bytes) in common::files_under(folder) {
                if file.ends_with("twohats.toml") {
                    continue;
                }
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains(secret), "{secret} is in {file}");
            }
        }
    }
}

#[test]
fn a_rate_limit_and_a_refused_token_are_one_line_each() {
    let limited = Server::http(|_: &Req| {
        json(
            429,
            r#"{"error":{"code":"TooManyRequests","message":"Please retry again later."}}"#,
        )
        .header("retry-after", "30")
    });
    let home = tempfile::tempdir().unwrap();
    let config = config(
        home.path(),
        &format!("outlook = {{ api = \"{}\" }}", limited.url("/v1.0")),
    );
    let run = week_of(
        cmd(home.path()).env("TWOHATS_OUTLOOK_TOKEN", GRAPH_TOKEN),
        &config,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot read Microsoft Graph {}: rate limit reached (HTTP 429); try again in 30 s\n",
            limited.url("/v1.0/me/calendarView")
        )
    );

    let google_limited = Server::http(|_: &Req| {
        json(
            403,
            r#"{"error":{"errors":[{"domain":"usageLimits","reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}],"code":403,"message":"Rate Limit Exceeded"}}"#,
        )
        .header("retry-after", "12")
    });
    let config = self::config(
        home.path(),
        &format!(
            "google = {{ api = \"{}\" }}",
            google_limited.url("/calendar/v3")
        ),
    );
    let run = week_of(
        cmd(home.path()).env("TWOHATS_GOOGLE_TOKEN", GOOGLE_TOKEN),
        &config,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot read Google Calendar API {}: rate limit reached (HTTP 403); try again in 12 s\n",
            google_limited.url("/calendar/v3/calendars/primary/events")
        )
    );

    let server = graph_server(GRAPH_TOKEN, None, Seen::default());
    let config = self::config(
        home.path(),
        &format!("outlook = {{ api = \"{}\" }}", server.url("/v1.0")),
    );
    let run = week_of(
        cmd(home.path()).env("TWOHATS_OUTLOOK_TOKEN", "expired-token-value"),
        &config,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot read Microsoft Graph {}: the token from TWOHATS_OUTLOOK_TOKEN was refused (HTTP 401); it may have expired or been revoked: make a new one\n",
            server.url("/v1.0/me/calendarView")
        )
    );
    assert!(!run.stderr.contains("expired-token-value"));
}
