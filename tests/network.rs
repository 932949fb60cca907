//! Calendars read from URLs, through the binary, from servers these tests
//! start on 127.0.0.1 (tests/net_server): the figures equal the file's,
//! answers are cached and asked for again conditionally (304), failures are
//! one line naming the shown URL, and no URL's secret part reaches any
//! output. Figures: fixtures/network/README.md.

mod common;
mod net_server;

use common::{fixture, twohats, Run};
use net_server::{Req, Resp, Server, TestCa};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// The secret parts of every URL below; none may appear in any output.
const SECRETS: [&str; 3] = ["private-s3cr3t", "T0ken", "ada-user"];
const CAL_PATH: &str = "/private-s3cr3t/basic.ics?token=T0ken";
const ETAG: &str = "\"v1-5f2a\"";
const LAST_MODIFIED: &str = "Mon, 02 Mar 2026 07:00:00 GMT";

fn work_ics() -> Vec<u8> {
    std::fs::read(fixture("network/work.ics")).unwrap()
}

/// The calendar with ETag and Last-Modified, 304 when either matches; and
/// every failure a server can answer with.
fn calendar_server(handler_base: Option<u16>) -> Server {
    let body = work_ics();
    Server::http(move |req: &Req| route(req, &body, handler_base))
}

fn route(req: &Req, body: &[u8], http_port: Option<u16>) -> Resp {
    let path = req.path.as_str();
    if path == CAL_PATH {
        let fresh = req.header("if-none-match") == Some(ETAG)
            || req.header("if-modified-since") == Some(LAST_MODIFIED);
        let resp = if fresh {
            Resp::new(304, "")
        } else {
            Resp::new(200, body)
        };
        return resp
            .header("etag", ETAG)
            .header("last-modified", LAST_MODIFIED)
            .header("content-type", "text/calendar; charset=utf-8");
    }
    if let Some(n) = path.strip_prefix("/private-s3cr3t/hop/") {
        let n: u32 = n.parse().unwrap();
        let next = if n == 0 {
            CAL_PATH.to_string()
        } else {
            format!("/private-s3cr3t/hop/{}", n - 1)
        };
        return Resp::new(302, "").header("location", &next);
    }
    match path {
        "/private-s3cr3t/to-http" => {
            let port = http_port.unwrap_or(1);
            Resp::new(301, "").header("location", &format!("http://127.0.0.1:{port}{CAL_PATH}"))
        }
        "/private-s3cr3t/login" => Resp::new(
            200,
            "<!DOCTYPE html><html><body>Sign in to continue</body></html>",
        )
        .header("content-type", "text/html; charset=utf-8"),
        "/private-s3cr3t/slow" => Resp::new(200, body).delayed(Duration::from_secs(4)),
        "/private-s3cr3t/huge" => {
            let mut big = b"BEGIN:VCALENDAR\r\n".to_vec();
            big.resize(1024 * 1024 + 10, b'X');
            Resp::new(200, big)
        }
        "/private-s3cr3t/denied" => {
            Resp::new(401, "").header("www-authenticate", "Basic realm=\"cal\"")
        }
        "/private-s3cr3t/forbidden" => Resp::new(403, ""),
        "/private-s3cr3t/broken" => Resp::new(500, "boom"),
        "/private-s3cr3t/busy" => Resp::new(429, "slow down").header("retry-after", "120"),
        _ => Resp::new(404, "not here"),
    }
}

/// The port of a server that answers whatever comes (a TLS hello too) in
/// plain HTTP, as an http-only server does.
fn plain_http_answerer() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    port
}

/// twohats with its cache in `cache` (and HOME there, so no ~/.netrc).
fn cmd(cache: &Path) -> assert_cmd::Command {
    let mut c = twohats();
    c.env("XDG_CACHE_HOME", cache)
        .env("HOME", cache)
        .env_remove("TWOHATS_CALDAV_PASSWORD")
        .env_remove("TWOHATS_TEST_EXTRA_CA");
    c
}

fn week_json(c: &mut assert_cmd::Command, ics: &str, week: &str) -> Value {
    let run = Run::of(c.args([
        "week",
        "--ics",
        ics,
        "--week",
        week,
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn hours(json: &Value) -> (f64, f64, f64) {
    let h = &json["managers"][0]["weeks"][0]["hours"];
    (
        h["tracked"].as_f64().unwrap(),
        h["coding"].as_f64().unwrap(),
        json["managers"][0]["weeks"][0]["categories"]["one-on-ones"]
            .as_f64()
            .unwrap_or(0.0),
    )
}

fn assert_no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} shows the secret '{s}':\n{text}");
    }
}

/// The shown form of a URL on `server`: scheme, host, port, `/…#` and 8 hex digits.
fn assert_shown(text: &str, server: &Server) {
    let prefix = server.url("/…#");
    let at = text
        .find(&prefix)
        .unwrap_or_else(|| panic!("no {prefix} in: {text}"));
    let tag = &text[at + prefix.len()..];
    assert!(
        tag.len() >= 8 && tag[..8].chars().all(|c| c.is_ascii_hexdigit()),
        "{text}"
    );
}

#[test]
fn a_url_reads_like_the_file_then_only_conditionally_then_offline() {
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    let url = server.url(CAL_PATH);

    // W10 by hand: standup 1.0 + moved 1:1 1.0 + focus 3.0 + review 1.5.
    let first = week_json(&mut cmd(cache.path()), &url, "2026-W10");
    assert_eq!(hours(&first), (6.5, 3.0, 1.0));
    let from_file = week_json(
        &mut cmd(cache.path()),
        &fixture("network/work.ics"),
        "2026-W10",
    );
    assert_eq!(
        first["managers"][0]["weeks"],
        from_file["managers"][0]["weeks"]
    );
    assert_eq!(server.log(), [("GET".into(), CAL_PATH.into(), 200)]);

    // The second run asks conditionally and reads the cached body.
    server.clear_log();
    let second = week_json(&mut cmd(cache.path()), &url, "2026-W10");
    assert_eq!(
        second["managers"][0]["weeks"],
        first["managers"][0]["weeks"]
    );
    assert_eq!(server.log(), [("GET".into(), CAL_PATH.into(), 304)]);

    // Offline: the cache alone, another week expanded from it (W11: 4.5 h).
    server.clear_log();
    let offline = Run::of(cmd(cache.path()).args([
        "week",
        "--ics",
        &url,
        "--week",
        "2026-W11",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
        "--offline",
    ]));
    assert_eq!(offline.code, 0, "{}", offline.stderr);
    assert_eq!(hours(&offline.json()), (4.5, 3.0, 0.0));
    assert!(
        server.log().is_empty(),
        "offline reached the server: {:?}",
        server.log()
    );

    // No cache file holds the URL or its secret parts.
    for (name, bytes) in common::files_under(cache.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert_no_secret(&format!("cache file {name}"), &format!("{name}\n{text}"));
        assert!(
            !text.contains("127.0.0.1"),
            "cache file {name} names the host"
        );
    }

    // Offline, an uncached URL is an error naming it.
    let other = server.url("/private-s3cr3t/never-fetched.ics");
    let run = Run::of(cmd(cache.path()).args(["week", "--ics", &other, "--offline"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--offline") && run.stderr.contains("not in the cache"),
        "{}",
        run.stderr
    );
    assert_shown(&run.stderr, &server);
    assert_no_secret("stderr", &run.stderr);
}

#[test]
fn each_failure_is_one_line_naming_the_shown_url_and_what_to_do() {
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    let config = cache.path().join("twohats.toml");
    std::fs::write(
        &config,
        "[network]\ntimeout_seconds = 1\nmax_megabytes = 1\n\n[[manager]]\nname = \"Ada\"\n",
    )
    .unwrap();
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            server.url("/private-s3cr3t/missing.ics?token=T0ken"),
            "not found (HTTP 404)",
        ),
        (
            server.url("/private-s3cr3t/denied"),
            "access denied (HTTP 401)",
        ),
        (
            server.url("/private-s3cr3t/forbidden"),
            "access denied (HTTP 403)",
        ),
        (
            server.url("/private-s3cr3t/broken"),
            "the server failed (HTTP 500)",
        ),
        (
            server.url("/private-s3cr3t/login"),
            "web page (HTML), not a calendar",
        ),
        (server.url("/private-s3cr3t/slow"), "within 1 s (timeout)"),
        (
            server.url("/private-s3cr3t/huge"),
            "larger than [network] max_megabytes = 1",
        ),
        (server.url("/private-s3cr3t/hop/5"), "more than 5 redirects"),
        (
            server.url("/private-s3cr3t/busy"),
            "too many requests (HTTP 429); try again later",
        ),
        // https (or webcal) to a server that answers in plain http.
        (
            format!("https://127.0.0.1:{}{CAL_PATH}", plain_http_answerer()),
            "the server does not answer in TLS (https) there: if it serves plain http, give an http:// address",
        ),
        (
            format!("http://ada-user@127.0.0.1:{refused}{CAL_PATH}"),
            "connection refused",
        ),
    ];
    for (url, expected) in cases {
        let run = Run::of(
            cmd(cache.path())
                .args(["week", "--config"])
                .arg(&config)
                .args(["--ics", &url]),
        );
        assert_eq!(run.code, 2, "{url}: {}", run.stderr);
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(errors[0].contains(expected), "{expected}: {}", errors[0]);
        assert!(errors[0].contains("/…#"), "{}", errors[0]);
        assert_no_secret("stderr", &run.stderr);
        assert_no_secret("stdout", &run.stdout);
    }
    // Four redirects are followed.
    let json = week_json(
        &mut cmd(cache.path()),
        &server.url("/private-s3cr3t/hop/3"),
        "2026-W10",
    );
    assert_eq!(hours(&json), (6.5, 3.0, 1.0));
}

/// The tag of a shown URL: the first 8 hex digits of the SHA-256 of the
/// text as given.
fn tag(given: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(given.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn an_address_twohats_cannot_read_is_one_line_showing_only_scheme_and_host() {
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    let host = server.url("").replace("http://", "");
    // A password holding '#', '/' or '?' unescaped: what the user means is
    // a password, so the user and the password are never shown as a host,
    // nor asked of the server.
    let cut_short = "its user part holds a '/', '?' or '#' (a password in the address?), and twohats takes no password from an address (for a calendar: the user as https://USER@HOST/… or --caldav-user, the password in TWOHATS_CALDAV_PASSWORD or ~/.netrc)";
    let malformed = "not a valid URL: check it starts with https://HOST/ and holds no spaces";
    let not_http = "not an http(s) URL: twohats reads https://, http:// and webcal:// addresses";
    let cases: Vec<(&str, String, String, &str)> = vec![
        (
            "--ics",
            "https://ada-user:Summer2024#@cal.example.com/remote.php/dav/calendars/ada-user/private-s3cr3t?token=T0ken".into(),
            "https://cal.example.com/".into(),
            cut_short,
        ),
        (
            "--ics",
            format!("http://ada-user:p/ss@{host}{CAL_PATH}"),
            format!("http://{host}/"),
            cut_short,
        ),
        (
            "--caldav",
            format!("http://ada-user:p?ss@{host}/private-s3cr3t/"),
            format!("http://{host}/"),
            cut_short,
        ),
        // Digits before the '/' read as a port: still the user's password.
        (
            "--ics",
            format!("http://ada-user:2024/Summer@{host}{CAL_PATH}"),
            format!("http://{host}/"),
            cut_short,
        ),
        // Not URLs the parser reads: never read as a file path and quoted.
        (
            "--ics",
            "https:/calendar.google.com/calendar/ical/ada-user%40example.com/private-s3cr3t/basic.ics".into(),
            "https:".into(),
            malformed,
        ),
        (
            "--ics",
            "https://ada-user:hunter2@exa mple.com/private-s3cr3t".into(),
            "https:".into(),
            malformed,
        ),
        (
            "--ics",
            "https://ada-user:hunter2@/private-s3cr3t?token=T0ken".into(),
            "https:".into(),
            malformed,
        ),
        (
            "--ics",
            "ftp://ada-user:hunter2@files.example.com/private-s3cr3t/basic.ics".into(),
            "ftp://files.example.com/".into(),
            not_http,
        ),
        (
            "--caldav",
            "ada-user:hunter2@cal.example.com/private-s3cr3t".into(),
            "url".into(),
            malformed,
        ),
    ];
    for (flag, url, start, why) in cases {
        let run = Run::of(cmd(cache.path()).args(["week", "--tz", "UTC", flag, &url]));
        assert_eq!(run.code, 2, "{url}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "error: cannot read calendar {start}…#{}: {why}\n",
                tag(&url)
            ),
            "{url}"
        );
        for secret in SECRETS
            .iter()
            .chain(&["Summer", "hunter2", "p/ss", "p?ss", "2024"])
        {
            assert!(!run.stderr.contains(secret), "{url}: {}", run.stderr);
            assert!(!run.stdout.contains(secret), "{url}: {}", run.stdout);
        }
    }
    assert_eq!(server.log(), [], "no request was sent");
    // In the config, a manager with other sources gets the same as a warning.
    let config = cache.path().join("twohats.toml");
    std::fs::write(
        &config,
        "[[manager]]\nname = \"Ada\"\nreports = 3\ncalendars = [\"hiring.ics\", \"${ADA_CALENDAR_URL}\"]\n",
    )
    .unwrap();
    std::fs::copy(
        fixture("network/hiring.ics"),
        cache.path().join("hiring.ics"),
    )
    .unwrap();
    let url =
        "https:/calendar.google.com/calendar/ical/ada-user%40example.com/private-s3cr3t/basic.ics";
    let run = Run::of(
        cmd(cache.path())
            .env("ADA_CALENDAR_URL", url)
            .args(["week", "--week", "2026-W10", "--tz", "UTC", "--config"])
            .arg(&config),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "warning: network: cannot read calendar https:…#{}: {malformed}; this manager's figures miss that calendar's events\n",
            tag(url)
        )
    );
    assert_no_secret("stdout", &run.stdout);
}

/// The calendar server of [`route`], and the Authorization header of each
/// request it answered (None where there was none).
fn recording_calendar_server() -> (
    Server,
    std::sync::Arc<std::sync::Mutex<Vec<Option<String>>>>,
) {
    let authorizations = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = authorizations.clone();
    let body = work_ics();
    let server = Server::http(move |req: &Req| {
        seen.lock()
            .unwrap()
            .push(req.header("authorization").map(str::to_string));
        route(req, &body, None)
    });
    (server, authorizations)
}

#[test]
fn a_password_in_the_address_is_not_sent_and_the_user_is_told() {
    // A calendar URL takes a password from its host's ~/.netrc entry only
    // (TWOHATS_CALDAV_PASSWORD is CalDAV's); one written in the address is
    // never sent, and never shown.
    let (server, authorizations) = recording_calendar_server();
    let cache = tempfile::tempdir().unwrap();
    let url = server
        .url(CAL_PATH)
        .replacen("://", "://ada-user:Hunter22@", 1);
    let json = week_json(&mut cmd(cache.path()), &url, "2026-W10");
    // (The other warning is the missing --reports.)
    let shown = format!("{}/…#{}", server.url(""), tag(&url));
    let warnings: Vec<&Value> = (json["warnings"].as_array().unwrap().iter())
        .filter(|w| w["source"] == shown.as_str())
        .collect();
    assert_eq!(
        warnings,
        [&serde_json::json!({
            "source": shown,
            "message": "the password in the address is not used; give it in a ~/.netrc entry for the host (`machine HOST login USER password …`)"
        })]
    );
    assert_no_secret("the JSON", &json.to_string());
    assert!(!json.to_string().contains("Hunter22"));
    // No password to send: the calendar was asked for without credentials.
    let asked: Vec<String> = server.log().into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(asked, [CAL_PATH]);
    assert_eq!(*authorizations.lock().unwrap(), [None]);
}

#[test]
fn caldav_credentials_never_go_to_a_plain_calendar_url() {
    // --caldav-user and TWOHATS_CALDAV_PASSWORD are for a CalDAV server; a
    // published calendar on another host must not receive them. Only a URL
    // that names its user asks for its password.
    let (server, authorizations) = recording_calendar_server();
    let cache = tempfile::tempdir().unwrap();
    let url = server.url(CAL_PATH);
    let run = Run::of(
        cmd(cache.path())
            .env("TWOHATS_CALDAV_PASSWORD", "pw-9f3k")
            .args([
                "week",
                "--ics",
                &url,
                "--caldav-user",
                "ada",
                "--week",
                "2026-W10",
            ]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(*authorizations.lock().unwrap(), [None]);

    // Naming the user in the URL does not bring the CalDAV password
    // either, nor does a netrc `default` entry; a `machine` entry for the
    // host does, with its own password.
    let named = server.url(CAL_PATH).replacen("://", "://ada@", 1);
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(
        cache.path().join(".netrc"),
        "default login ada password pw-default\n",
    )
    .unwrap();
    let mut c = cmd(cache.path());
    week_json(
        c.env("TWOHATS_CALDAV_PASSWORD", "pw-9f3k"),
        &named,
        "2026-W10",
    );
    assert_eq!(authorizations.lock().unwrap()[1], None);
    let netrc =
        "machine 127.0.0.1 login ada password pw-netrc\ndefault login ada password pw-default\n";
    std::fs::write(cache.path().join(".netrc"), netrc).unwrap();
    let mut c = cmd(cache.path());
    week_json(
        c.env("TWOHATS_CALDAV_PASSWORD", "pw-9f3k"),
        &named,
        "2026-W10",
    );
    // base64 of "ada:pw-netrc".
    let sent = authorizations.lock().unwrap()[2].clone();
    assert_eq!(sent.as_deref(), Some("Basic YWRhOnB3LW5ldHJj"));
}

#[test]
fn a_url_body_is_judged_as_a_file_is() {
    // A stray line before the calendar, and VEVENTs without a VCALENDAR:
    // a file like that is read (with a warning for the second), so is a
    // URL's body. The 2-hour focus block counts either way.
    let event = "BEGIN:VEVENT\r\nUID:f@test\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260303T090000Z\r\nDTEND:20260303T110000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\n";
    let stray = format!(
        "Generated by CalExport 2.1\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\n{event}END:VCALENDAR\r\n"
    );
    let bare = event.to_string();
    let server = Server::http(move |req: &Req| {
        let body = if req.path.starts_with("/stray") {
            stray.clone()
        } else {
            bare.clone()
        };
        Resp::new(200, body).header("content-type", "text/calendar")
    });
    for path in ["/stray.ics", "/bare.ics"] {
        let cache = tempfile::tempdir().unwrap();
        let json = week_json(&mut cmd(cache.path()), &server.url(path), "2026-W10");
        assert_eq!(
            json["managers"][0]["weeks"][0]["hours"]["coding"], 2.0,
            "{path}"
        );
    }
}

#[test]
fn an_at_in_the_path_is_no_user_part() {
    // Nextcloud's calendar paths name the user, often by address.
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    for path in [
        "/remote.php/dav/calendars/ada-user@example.com/private-s3cr3t/",
        "/private-s3cr3t/ada-user@example.com?token=T0ken",
    ] {
        let url = server.url(path);
        let run = Run::of(cmd(cache.path()).args(["week", "--tz", "UTC", "--ics", &url]));
        assert_eq!(
            run.stderr,
            format!(
                "error: cannot read calendar {}/…#{}: not found (HTTP 404); the link may have been reset or the calendar unpublished: copy the address again\n",
                server.url(""),
                tag(&url)
            )
        );
    }
    let asked: Vec<String> = server.log().into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(
        asked,
        [
            "/remote.php/dav/calendars/ada-user@example.com/private-s3cr3t/",
            "/private-s3cr3t/ada-user@example.com?token=T0ken"
        ]
    );
}

#[test]
fn https_is_trusted_only_with_the_test_ca_and_never_falls_back_to_http() {
    let ca = TestCa::new();
    let plain = calendar_server(None);
    let body = work_ics();
    let plain_port = plain.port;
    let tls = Server::https(&ca, move |req: &Req| route(req, &body, Some(plain_port)));
    let cache = tempfile::tempdir().unwrap();
    let ca_file = ca.write_ca(cache.path());
    let url = tls.url(CAL_PATH);

    let json = week_json(
        cmd(cache.path()).env("TWOHATS_TEST_EXTRA_CA", &ca_file),
        &url,
        "2026-W10",
    );
    assert_eq!(hours(&json), (6.5, 3.0, 1.0));
    // webcal:// is read as https.
    let webcal = url.replacen("https://", "webcal://", 1);
    let json = week_json(
        cmd(cache.path()).env("TWOHATS_TEST_EXTRA_CA", &ca_file),
        &webcal,
        "2026-W10",
    );
    assert_eq!(hours(&json), (6.5, 3.0, 1.0));

    // Without the test CA, the certificate is not trusted.
    let run = Run::of(cmd(cache.path()).args(["week", "--ics", &url]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("TLS error"), "{}", run.stderr);
    assert_shown(&run.stderr, &tls);
    assert_no_secret("stderr", &run.stderr);

    // A redirect from https to http is refused.
    let run = Run::of(
        cmd(cache.path())
            .env("TWOHATS_TEST_EXTRA_CA", &ca_file)
            .args(["week", "--ics", &tls.url("/private-s3cr3t/to-http")]),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("from https to http; refused"),
        "{}",
        run.stderr
    );
    assert!(
        plain.log().is_empty(),
        "the http server was reached: {:?}",
        plain.log()
    );
}

#[test]
fn an_unreadable_url_only_warns_when_the_managers_other_sources_were_read() {
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    let missing = server.url("/private-s3cr3t/missing.ics?token=T0ken");
    let hiring = fixture("network/hiring.ics");
    let both = |command: &str, more: &[&str]| {
        let week = ["--week", "2026-W10", "--tz", "Europe/Berlin"];
        let sources = ["--ics", &hiring, "--ics", &missing];
        Run::of(
            cmd(cache.path())
                .arg(command)
                .args(sources)
                .args(week)
                .args(more),
        )
    };
    let run = both("week", &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // hiring.ics alone: the interview, 1.0 h.
    assert_eq!(hours(&run.json()), (1.0, 0.0, 0.0));
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("HTTP 404"))
        .expect(&run.stderr);
    assert!(
        warning.starts_with("warning:") && warning.contains("miss that calendar's events"),
        "{warning}"
    );
    assert_shown(warning, &server);
    let warnings = run.json()["warnings"].to_string();
    assert!(warnings.contains("HTTP 404"), "{warnings}");
    assert_no_secret("stderr", &run.stderr);
    assert_no_secret("stdout", &run.stdout);

    // doctor shows what was read, and its exit says a source was not.
    let run = both("doctor", &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("HTTP 404"), "{}", run.stdout);
    assert_no_secret("doctor", &run.stdout);
}

/// Every command and format, a URL from `${TEAM_CALENDAR_URL}` in a config:
/// no output, warning, explain row or report file shows its path, query or
/// user part, and everywhere it is shown the same way.
#[test]
fn no_output_of_any_command_shows_a_urls_secret_parts() {
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    let secret_url = server.url(CAL_PATH).replacen("://", "://ada-user@", 1);
    let bad_url = server.url("/private-s3cr3t/broken?token=T0ken");
    let config = cache.path().join("twohats.toml");
    std::fs::write(
        &config,
        "timezone = \"Europe/Berlin\"\n\n[[rule]]\ncategory = \"from the url\"\nkind = \"people\"\ncalendar = 'Work'\ntitle = 'review'\n\n\
         [[manager]]\nname = \"Ada\"\nreports = 4\ncalendars = [\"${TEAM_CALENDAR_URL}\", \"${BROKEN_URL}\", \"hiring.ics\"]\n",
    )
    .unwrap();
    std::fs::copy(
        fixture("network/hiring.ics"),
        cache.path().join("hiring.ics"),
    )
    .unwrap();
    let out = cache.path().join("out");
    let runs: Vec<Vec<String>> = [
        vec!["week", "--week", "2026-W10"],
        vec!["week", "--week", "2026-W10", "--format", "json"],
        vec!["week", "--week", "2026-W10", "--format", "markdown"],
        vec!["week", "--week", "2026-W10", "--format", "csv"],
        vec!["report", "--from", "2026-03-02", "--to", "2026-03-15"],
        vec![
            "report",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-15",
            "--format",
            "json",
        ],
        vec![
            "report",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-15",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["explain", "--week", "2026-W10"],
        vec!["explain", "--week", "2026-W10", "--format", "json"],
        vec!["week", "--week", "2026-W10", "--strict"],
        vec!["week", "--week", "2026-W10", "--offline"],
    ]
    .iter()
    .map(|a| a.iter().map(|s| s.to_string()).collect())
    .collect();
    let mut shown = std::collections::BTreeSet::new();
    for args in runs {
        let run = Run::of(
            cmd(cache.path())
                .env("TEAM_CALENDAR_URL", &secret_url)
                .env("BROKEN_URL", &bad_url)
                .args(&args)
                .arg("--config")
                .arg(&config),
        );
        assert!(
            run.code == 0 || args.iter().any(|a| a == "--strict" || a == "--offline"),
            "{args:?}: {}",
            run.stderr
        );
        assert_no_secret(&format!("{args:?} stdout"), &run.stdout);
        assert_no_secret(&format!("{args:?} stderr"), &run.stderr);
        for word in run
            .stdout
            .split(|c: char| c.is_whitespace() || c == '"' || c == '|' || c == ',')
        {
            if word.contains("/…#") {
                shown.insert(
                    word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '…')
                        .to_string(),
                );
            }
        }
    }
    // explain names the URL's events by the shown URL; the same in every output.
    assert!(!shown.is_empty());
    let files = common::files_under(&out);
    assert!(files.len() > 3, "{:?}", files.keys());
    for (name, bytes) in files {
        assert_no_secret(
            &format!("report file {name}"),
            &String::from_utf8_lossy(&bytes),
        );
    }
    // The figures: W10 from the URL (6.5 h) and hiring.ics (1.0 h), and the
    // 500 only warned about, as the other two sources were read.
    let run = Run::of(
        cmd(cache.path())
            .env("TEAM_CALENDAR_URL", &secret_url)
            .env("BROKEN_URL", &bad_url)
            .args(["week", "--week", "2026-W10", "--format", "json", "--config"])
            .arg(&config),
    );
    let json = run.json();
    assert_eq!(json["managers"][0]["weeks"][0]["hours"]["tracked"], 7.5);
    // The rule on the calendar name (X-WR-CALNAME "Work") still matches.
    assert_eq!(
        json["managers"][0]["weeks"][0]["categories"]["from the url"],
        1.5
    );
}

#[test]
fn an_unset_variable_in_the_config_is_an_error_naming_key_and_variable() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("twohats.toml");
    std::fs::write(
        &config,
        "[[manager]]\nname = \"Ada\"\ncalendars = [\"a.ics\", \"${ADA_CALENDAR_URL}\"]\n",
    )
    .unwrap();
    let run = Run::of(
        cmd(dir.path())
            .env_remove("ADA_CALENDAR_URL")
            .args(["week", "--config"])
            .arg(&config),
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("twohats.toml:3: manager[1].calendars[2]: ${ADA_CALENDAR_URL} is not set"),
        "{}",
        run.stderr
    );
    // Set, it is used: here a name instead of a file.
    std::fs::write(
        &config,
        "[[manager]]\nname = \"${ADA_NAME}\"\nreports = 2\ngit_logs = [\"${NO_SUCH_VAR_X}x\"]\n",
    )
    .unwrap();
    let run = Run::of(
        cmd(dir.path())
            .env("ADA_NAME", "Ada L.")
            .args(["week", "--config"])
            .arg(&config),
    );
    assert!(
        run.stderr
            .contains("manager[1].git_logs[1]: ${NO_SUCH_VAR_X} is not set"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_refusal_of_an_address_holding_a_password_says_the_password_was_not_sent() {
    // The password written in the address is never sent, and the server
    // refuses the calendar: the one error line says both.
    let server = calendar_server(None);
    let cache = tempfile::tempdir().unwrap();
    let url = server
        .url("/private-s3cr3t/denied")
        .replacen("://", "://ada:Hunter22@", 1);
    let run =
        Run::of(cmd(cache.path()).args(["week", "--ics", &url, "--reports", "3", "--tz", "UTC"]));
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: ")
            && run.stderr.contains("access denied (HTTP 401)")
            && run.stderr.contains("; the password in the address is not used; give it in a ~/.netrc entry for the host"),
        "{}",
        run.stderr
    );
    assert_no_secret("stderr", &run.stderr);
    assert!(!run.stderr.contains("Hunter22"));
}
