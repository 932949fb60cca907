//! CalDAV through the binary against a real Radicale on 127.0.0.1 (from
//! PyPI, in a venv that scripts/radicale.sh installs), with a temporary
//! storage folder. fixtures/network/work.ics and hiring.ics are put one
//! object per UID (a master with its overrides), as a CalDAV client would;
//! the week figures read over CalDAV must equal those read from the files,
//! hour for hour. Figures by hand: fixtures/network/README.md.

mod common;
mod net_server;

use net_server::{Req, Resp, Server};

use common::{fixture, repo_path, twohats, Run};
use serde_json::Value;
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "ada";
const PASSWORD: &str = "pw-9f3k";

/// A Radicale process, stopped when dropped.
struct Radicale {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Radicale {
    /// Starts Radicale, installing it first when missing. A machine where
    /// it cannot start fails the test: a CalDAV test never passes untested.
    fn start() -> Radicale {
        let python = python().unwrap_or_else(|e| {
            panic!("Radicale cannot be installed ({e}); run scripts/radicale.sh")
        });
        let dir = tempfile::tempdir().unwrap();
        let users = dir.path().join("users");
        std::fs::write(&users, format!("{USER}:{PASSWORD}\n")).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = dir.path().join("radicale.log");
        let child = Command::new(&python)
            .args(["-m", "radicale", "--config", ""])
            .arg("--server-hosts")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--storage-filesystem-folder")
            .arg(dir.path().join("collections"))
            .args([
                "--auth-type",
                "htpasswd",
                "--auth-htpasswd-encryption",
                "plain",
            ])
            .arg("--auth-htpasswd-filename")
            .arg(&users)
            .args(["--rights-type", "owner_only", "--logging-level", "info"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("python runs");
        let radicale = Radicale {
            child,
            port,
            log,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&radicale.log).unwrap_or_default();
                panic!("Radicale did not start within 30 s:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        radicale
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// How many requests of `method` the server logged.
    fn count(&self, method: &str) -> usize {
        let log = std::fs::read_to_string(&self.log).unwrap();
        log.matches(&format!("{method} request for")).count()
    }

    fn send(&self, method: &str, path: &str, body: &str) -> u16 {
        let agent = ureq::Agent::config_builder()
            .allow_non_standard_methods(true)
            .http_status_as_error(false)
            .build()
            .new_agent();
        let auth = format!("Basic {}", base64(&format!("{USER}:{PASSWORD}")));
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("authorization", auth)
            .header("content-type", "text/calendar; charset=utf-8")
            .body(body.to_string())
            .unwrap();
        agent.run(request).unwrap().status().as_u16()
    }

    /// A calendar collection holding `ics` split into one object per UID.
    fn calendar(&self, name: &str, ics: &str) {
        let mk = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"#
        );
        assert_eq!(
            self.send("MKCALENDAR", &format!("/{USER}/{name}/"), &mk),
            201
        );
        for (uid, object) in split_by_uid(ics) {
            let path = format!("/{USER}/{name}/{}.ics", uid.replace('@', "-"));
            let status = self.send("PUT", &path, &object);
            assert!(status == 201 || status == 204, "PUT {uid}: {status}");
        }
    }
}

/// The venv's python with Radicale, installed by scripts/radicale.sh when missing.
fn python() -> Result<PathBuf, String> {
    let out = Command::new("bash")
        .arg(repo_path("scripts/radicale.sh"))
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// An export cut into CalDAV objects: the header, every VTIMEZONE, and the
/// VEVENTs of one UID (master and overrides), in file order.
fn split_by_uid(ics: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = ics.split("\r\n").collect();
    let (mut head, mut zones) = (Vec::new(), Vec::new());
    let mut events: Vec<(String, Vec<&str>)> = Vec::new();
    let mut block: Option<(String, Vec<&str>)> = None;
    for line in lines {
        match (&mut block, line) {
            (None, "BEGIN:VEVENT") | (None, "BEGIN:VTIMEZONE") => {
                block = Some((line.into(), vec![line]))
            }
            (Some((_, b)), "END:VEVENT") | (Some((_, b)), "END:VTIMEZONE") => {
                b.push(line);
                let (kind, b) = block.take().unwrap();
                if kind == "BEGIN:VTIMEZONE" {
                    zones.extend(b);
                } else {
                    let uid = b
                        .iter()
                        .find_map(|l| l.strip_prefix("UID:"))
                        .unwrap()
                        .to_string();
                    match events.iter_mut().find(|(u, _)| *u == uid) {
                        Some((_, all)) => all.extend(b),
                        None => events.push((uid, b)),
                    }
                }
            }
            (Some((_, b)), _) => b.push(line),
            (None, "END:VCALENDAR") | (None, "") => {}
            (None, _) => head.push(line),
        }
    }
    events
        .into_iter()
        .map(|(uid, body)| {
            let all: Vec<&str> = head
                .iter()
                .chain(&zones)
                .chain(&body)
                .copied()
                .chain(["END:VCALENDAR", ""])
                .collect();
            (uid, all.join("\r\n"))
        })
        .collect()
}

fn base64(s: &str) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    s.as_bytes()
        .chunks(3)
        .flat_map(|c| {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
            (0..4).map(move |i| {
                if i <= c.len() {
                    ABC[(n >> (18 - 6 * i) & 63) as usize] as char
                } else {
                    '='
                }
            })
        })
        .collect()
}

fn cmd(home: &Path) -> assert_cmd::Command {
    let mut c = twohats();
    c.env("XDG_CACHE_HOME", home.join("cache"))
        .env("HOME", home)
        .env("TWOHATS_CALDAV_PASSWORD", PASSWORD)
        .env_remove("TWOHATS_TEST_EXTRA_CA");
    c
}

fn weeks(c: &mut assert_cmd::Command, sources: &[&str], from: &str, to: &str) -> Value {
    let run = Run::of(c.arg("report").args(sources).args([
        "--from",
        from,
        "--to",
        to,
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
        "--reports",
        "3",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    run.json()["managers"][0]["weeks"].clone()
}

fn week_hours(weeks: &Value, i: usize) -> (f64, f64) {
    let h = &weeks[i]["hours"];
    (
        h["tracked"].as_f64().unwrap(),
        h["coding"].as_f64().unwrap(),
    )
}

#[test]
fn caldav_figures_equal_the_files_then_conditional_then_offline() {
    let radicale = Radicale::start();
    let work = std::fs::read_to_string(fixture("network/work.ics")).unwrap();
    let hiring = std::fs::read_to_string(fixture("network/hiring.ics")).unwrap();
    radicale.calendar("work", &work);
    radicale.calendar("hiring", &hiring);
    let home = tempfile::tempdir().unwrap();
    let (from, to) = ("2026-03-02", "2026-03-15");

    // One collection: W10 6.5 h (3.0 coding), W11 4.5 h (3.0 coding), as the file.
    let collection = radicale.url(&format!("/{USER}/work/"));
    let over_caldav = weeks(
        &mut cmd(home.path()),
        &["--caldav", &collection, "--caldav-user", USER],
        from,
        to,
    );
    let from_file = weeks(
        &mut cmd(home.path()),
        &["--ics", &fixture("network/work.ics")],
        from,
        to,
    );
    assert_eq!(
        (week_hours(&over_caldav, 0), week_hours(&over_caldav, 1)),
        ((6.5, 3.0), (4.5, 3.0))
    );
    assert_eq!(over_caldav, from_file);

    // Discovered from the bare server (user from the URL): both calendars,
    // W10 7.5 h, equal to both files read together.
    let server = radicale.url("/").replacen("://", &format!("://{USER}@"), 1);
    let reports_before = radicale.count("REPORT");
    let discovered = weeks(&mut cmd(home.path()), &["--caldav", &server], from, to);
    let both_files = weeks(
        &mut cmd(home.path()),
        &[
            "--ics",
            &fixture("network/work.ics"),
            "--ics",
            &fixture("network/hiring.ics"),
        ],
        from,
        to,
    );
    assert_eq!(week_hours(&discovered, 0), (7.5, 3.0));
    assert_eq!(discovered, both_files);
    // work/ was cached by the run above (same ctag, same weeks): only
    // hiring/ is queried.
    assert_eq!(
        radicale.count("REPORT"),
        reports_before + 1,
        "one query, for hiring/"
    );

    // The same run again: the calendars have not changed (same ctag), so no
    // calendar-query is sent; the figures are the same.
    let propfinds = radicale.count("PROPFIND");
    let again = weeks(&mut cmd(home.path()), &["--caldav", &server], from, to);
    assert_eq!(again, discovered);
    assert_eq!(
        radicale.count("REPORT"),
        reports_before + 1,
        "no REPORT on the second run"
    );
    assert!(radicale.count("PROPFIND") > propfinds);

    // A changed calendar is queried again: cancel the architecture review.
    let review = split_by_uid(&work)
        .into_iter()
        .find(|(u, _)| u.starts_with("arch-review"))
        .unwrap()
        .1;
    let cancelled = review.replace(
        "SUMMARY:Architecture review",
        "SUMMARY:Architecture review\r\nSTATUS:CANCELLED",
    );
    assert_eq!(
        radicale.send(
            "PUT",
            &format!("/{USER}/work/arch-review-0304-example.com.ics"),
            &cancelled
        ),
        204,
        "replaced"
    );
    let changed = weeks(&mut cmd(home.path()), &["--caldav", &server], from, to);
    assert_eq!(week_hours(&changed, 0), (6.0, 3.0));
    assert_eq!(
        radicale.count("REPORT"),
        reports_before + 2,
        "only the changed calendar"
    );

    // Offline, with the server gone: the cache alone.
    drop(radicale);
    let offline = weeks(
        &mut cmd(home.path()),
        &["--caldav", &server, "--offline"],
        from,
        to,
    );
    assert_eq!(offline, changed);
}

#[test]
fn caldav_credentials_come_from_netrc_and_a_wrong_password_is_one_line() {
    let radicale = Radicale::start();
    radicale.calendar(
        "work",
        &std::fs::read_to_string(fixture("network/work.ics")).unwrap(),
    );
    let home = tempfile::tempdir().unwrap();
    let collection = radicale.url(&format!("/{USER}/work/"));
    std::fs::write(
        home.path().join(".netrc"),
        format!("machine example.org login x password y\nmachine 127.0.0.1 login {USER} password {PASSWORD}\n"),
    )
    .unwrap();
    let mut c = cmd(home.path());
    c.env_remove("TWOHATS_CALDAV_PASSWORD");
    let w = weeks(
        &mut c,
        &["--caldav", &collection],
        "2026-03-02",
        "2026-03-08",
    );
    assert_eq!(week_hours(&w, 0), (6.5, 3.0));

    let run = Run::of(
        cmd(home.path())
            .env("TWOHATS_CALDAV_PASSWORD", "wrong")
            .args([
                "week",
                "--week",
                "2026-W10",
                "--caldav",
                &collection,
                "--caldav-user",
                USER,
            ]),
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("access denied (HTTP 401)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("http://127.0.0.1:{}/…#", radicale.port)),
        "{}",
        run.stderr
    );
    for secret in [USER, "wrong", PASSWORD, "/work"] {
        assert!(!run.stderr.contains(secret), "{secret}: {}", run.stderr);
    }
}

/// A server's answers are untrusted: a multistatus with an href outside the
/// collection and a response without calendar data costs only those (with
/// a warning naming the shown URL); malformed XML is one error line.
#[test]
fn untrusted_caldav_answers_warn_or_fail_by_the_shown_url_never_panic() {
    let hiring = std::fs::read_to_string(fixture("network/hiring.ics")).unwrap();
    let server = Server::http(move |req: &Req| {
        match (req.method.as_str(), req.path.as_str()) {
            ("PROPFIND", p) => multistatus(&calendar_at(p)),
            ("REPORT", "/s3cr3t-cal/bad/") => Resp::new(207, "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>x</d:multistatus>"),
            ("REPORT", p) => multistatus(&format!(
                "<d:response><d:href>/elsewhere/x.ics</d:href><d:propstat><d:prop><c:calendar-data>{hiring}</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\
                 <d:response><d:href>{p}empty.ics</d:href><d:propstat><d:prop><d:getetag>\"1\"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\
                 {}",
                object_at(&format!("{p}ok.ics"), &hiring)
            )),
            _ => Resp::new(404, ""),
        }
    });
    let home = tempfile::tempdir().unwrap();
    let run = Run::of(cmd(home.path()).args([
        "week",
        "--week",
        "2026-W10",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
        "--caldav",
        &server.url("/s3cr3t-cal/good/"),
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Only ok.ics: the interview, 1.0 h.
    assert_eq!(
        run.json()["managers"][0]["weeks"][0]["hours"]["tracked"],
        1.0
    );
    assert!(
        run.stderr
            .contains("skipped 1 answer(s) for addresses outside the calendar"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("skipped 1 event(s) the server sent without calendar data"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("s3cr3t") && !run.stdout.contains("s3cr3t"),
        "{}",
        run.stderr
    );

    let run = Run::of(cmd(home.path()).args(["week", "--caldav", &server.url("/s3cr3t-cal/bad/")]));
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the CalDAV answer is unreadable"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
}

#[test]
fn a_floating_event_late_on_sunday_east_of_utc_is_fetched() {
    // Sunday 8 March 2026, 22:00-24:00 with no zone: in Auckland (UTC+13)
    // that is still week 2026-W10, but as UTC (how the server tests a
    // floating time) it falls after the week's end, Sunday 11:00 UTC. The
    // query's range is wider than the week, so the block is fetched and
    // counted: 2 h of coding, as from the file.
    let radicale = Radicale::start();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:late@test\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260308T220000\r\nDTEND:20260309T000000\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    radicale.calendar("late", ics);
    let home = tempfile::tempdir().unwrap();
    let collection = radicale.url(&format!("/{USER}/late/"));
    let run = Run::of(
        cmd(home.path())
            .args(["week", "--caldav", &collection, "--caldav-user", USER])
            .args([
                "--tz",
                "Pacific/Auckland",
                "--week",
                "2026-W10",
                "--reports",
                "3",
                "--format",
                "json",
            ]),
    );
    let w = &run.ok_json()["managers"][0]["weeks"][0];
    assert_eq!(w["hours"]["coding"], 2.0, "{w}");
}

/// `week` over the CalDAV URL `url` as Ada (her password in the
/// environment), with a home of its own.
fn week_as_ada(url: &str) -> Run {
    let home = tempfile::tempdir().unwrap();
    Run::of(cmd(home.path()).args(["week", "--caldav", url, "--caldav-user", USER]))
}

#[test]
fn a_refused_password_at_the_well_known_address_is_what_the_error_says() {
    // The server's root is a web page (as Nextcloud's is), so discovery
    // asks /.well-known/caldav, which refuses the password: the error is
    // that refusal, not "a web page".
    let server = Server::http(|req: &Req| match req.path.as_str() {
        "/.well-known/caldav" => {
            Resp::new(401, "").header("www-authenticate", "Basic realm=\"cal\"")
        }
        _ => Resp::new(200, "<!DOCTYPE html><html><body>Welcome</body></html>")
            .header("content-type", "text/html; charset=utf-8"),
    });
    let run = week_as_ada(&server.url("/"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("access denied (HTTP 401)"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// Each request's path and Authorization header, as a server saw them.
type Requests = std::sync::Arc<std::sync::Mutex<Vec<(String, Option<String>)>>>;

#[test]
fn the_password_goes_only_to_the_origin_given_never_to_a_host_an_answer_names() {
    // The server's root names a principal on another host ("localhost"
    // is not "127.0.0.1" to a browser or to twohats): the password went
    // there too. It goes to the origin given only.
    let seen: Requests = Default::default();
    let log = seen.clone();
    let server = Server::http(move |req: &Req| {
        let auth = req.header("authorization").map(str::to_string);
        log.lock().unwrap().push((req.path.clone(), auth));
        let port = req.port();
        match req.path.as_str() {
            "/" => Resp::new(
                207,
                format!(
                    r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:current-user-principal><d:href>http://localhost:{port}/principals/ada/</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"#
                ),
            ),
            _ => Resp::new(401, "").header("www-authenticate", "Basic realm=\"cal\""),
        }
    });
    let run = week_as_ada(&server.url("/"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let seen = seen.lock().unwrap().clone();
    let basic = format!("Basic {}", base64(&format!("{USER}:{PASSWORD}")));
    assert_eq!(seen[0], ("/".to_string(), Some(basic)));
    assert_eq!(seen[1], ("/principals/ada/".to_string(), None));
}

#[test]
fn a_password_is_never_sent_in_clear_beyond_this_machine() {
    // An http CalDAV server elsewhere: refused before any request (the
    // address does not resolve here, and is never asked for).
    let run = week_as_ada("http://caldav.example.net/dav/");
    assert_eq!(run.code, 2);
    let shown = run
        .stderr
        .split_whitespace()
        .nth(4)
        .unwrap_or_default()
        .to_string();
    assert!(
        shown.starts_with("http://caldav.example.net/…#"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            ": http is not encrypted, and the password would travel in clear; use https\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_calendar_the_server_denies_or_lacks_is_an_error_not_every_calendar() {
    let radicale = Radicale::start();
    let work = std::fs::read_to_string(fixture("network/work.ics")).unwrap();
    radicale.calendar("work", &work);
    let home = tempfile::tempdir().unwrap();
    // Someone else's calendar (owner_only: 403) and one that is gone
    // (404): each must fail, where discovery from the server's root read
    // Ada's own work/ instead, without a word.
    for (path, status) in [("/bob/team/", "403"), ("/ada/gone/", "404")] {
        let run = Run::of(cmd(home.path()).args([
            "week",
            "--week",
            "2026-W10",
            "--caldav",
            &radicale.url(path),
            "--caldav-user",
            USER,
        ]));
        assert_eq!(run.code, 2, "{path}: {}", run.stdout);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("HTTP {status}")),
            "{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(path),
            "the path is a secret: {}",
            run.stderr
        );
    }
}

#[test]
fn a_collection_written_with_an_at_sign_keeps_the_servers_percent_encoded_objects() {
    // Nextcloud and Radicale name a user's collections after their address
    // and answer with `%40` in the hrefs; the README's address has `@`.
    let hiring = std::fs::read_to_string(fixture("network/hiring.ics")).unwrap();
    let server = Server::http(move |req: &Req| {
        let href = "/calendars/ada%40example.com/work/";
        match req.method.as_str() {
            "PROPFIND" => multistatus(&calendar_at(href)),
            "REPORT" => multistatus(&object_at(&format!("{href}interview.ics"), &hiring)),
            _ => Resp::new(404, ""),
        }
    });
    let run = w10_of_hiring(&server.url("/calendars/ada@example.com/work/"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    // hiring.ics: the interview, 1.0 h (fixtures/network/README.md).
    assert_eq!(
        run.json()["managers"][0]["weeks"][0]["hours"]["tracked"],
        1.0
    );
}

#[test]
fn doctor_reads_a_caldav_calendar_as_one_calendar_named_as_given() {
    let radicale = Radicale::start();
    let work = std::fs::read_to_string(fixture("network/work.ics")).unwrap();
    radicale.calendar("work", &work);
    let home = tempfile::tempdir().unwrap();
    let doctor = |source: &[&str]| {
        let run = Run::of(cmd(home.path()).arg("doctor").args(source).args([
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-15",
            "--tz",
            "Europe/Berlin",
            "--format",
            "json",
        ]));
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()["managers"][0]["calendars"].clone()
    };
    // The user in the address, as a user may write it.
    let given = radicale
        .url(&format!("/{USER}/work/"))
        .replacen("://", &format!("://{USER}@"), 1);
    let over_caldav = doctor(&["--caldav", &given]);
    let from_file = doctor(&["--ics", &fixture("network/work.ics")]);
    // One calendar, its instances in the weeks counted as its file's
    // are, where each object of the collection was a calendar of its own
    // (the server sends only the objects in the weeks: fewer events).
    let calendars = over_caldav.as_array().unwrap();
    assert_eq!(calendars.len(), 1, "{over_caldav}");
    for key in ["instances", "kept"] {
        assert_eq!(calendars[0][key], from_file[0][key], "{key}");
    }
    // Named as the address given is named in its errors: the first 8 hex
    // digits of its SHA-256.
    let digest: String = sha2::Sha256::digest(given.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    let origin = format!("http://127.0.0.1:{}", radicale.port);
    assert_eq!(calendars[0]["file"], format!("{origin}/…#{digest}"));
}

#[test]
fn the_timeout_bounds_the_whole_calendar_not_each_request() {
    // Each answer takes 0.7 s, within a 1 s timeout, but the calendar's
    // two requests (PROPFIND, REPORT) take 1.4 s: too long.
    let server = Server::http(|req: &Req| {
        let inner = match req.method.as_str() {
            "PROPFIND" => format!(
                "<d:response><d:href>{}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>",
                req.path
            ),
            _ => String::new(),
        };
        Resp::new(
            207,
            format!(
                r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">{inner}</d:multistatus>"#
            ),
        )
        .delayed(Duration::from_millis(700))
    });
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("twohats.toml");
    std::fs::write(
        &config,
        "[network]\ntimeout_seconds = 1\n\n[[manager]]\nname = \"Ada\"\nreports = 3\n",
    )
    .unwrap();
    let run = Run::of(cmd(home.path()).args([
        "week",
        "--config",
        config.to_str().unwrap(),
        "--week",
        "2026-W10",
        "--caldav",
        &server.url("/s3cr3t/work/"),
    ]));
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("no complete answer within 1 s (timeout)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_web_apps_own_address_is_discovered_from_the_well_known_one() {
    // `https://host/nextcloud/` answers with the app's web page (200), not
    // CalDAV: discovery goes on from /.well-known/caldav, which names the
    // calendar. (A refused or missing path does not: see above.)
    let hiring = std::fs::read_to_string(fixture("network/hiring.ics")).unwrap();
    let server = Server::http(move |req: &Req| {
        let cal = "/remote.php/dav/calendars/ada/work/";
        match (req.method.as_str(), req.path.as_str()) {
            ("PROPFIND", "/nextcloud/") => {
                Resp::new(200, "<!DOCTYPE html><html><body>Nextcloud</body></html>")
                    .header("content-type", "text/html; charset=utf-8")
            }
            ("PROPFIND", "/.well-known/caldav") => Resp::new(301, "").header("location", cal),
            ("PROPFIND", _) => multistatus(&calendar_at(cal)),
            ("REPORT", _) => multistatus(&object_at(&format!("{cal}interview.ics"), &hiring)),
            _ => Resp::new(404, ""),
        }
    });
    let run = w10_of_hiring(&server.url("/nextcloud/"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    // hiring.ics: the interview, 1.0 h.
    assert_eq!(
        run.json()["managers"][0]["weeks"][0]["hours"]["tracked"],
        1.0
    );
}

/// A 207 Multi-Status answer holding `responses`.
fn multistatus(responses: &str) -> Resp {
    Resp::new(
        207,
        format!(
            r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">{responses}</d:multistatus>"#
        ),
    )
}

/// A Multi-Status response saying `href` is a calendar collection.
fn calendar_at(href: &str) -> String {
    format!(
        "<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    )
}

/// A Multi-Status response holding the calendar object `ics` at `href`.
fn object_at(href: &str, ics: &str) -> String {
    format!(
        "<d:response><d:href>{href}</d:href><d:propstat><d:prop><c:calendar-data><![CDATA[{ics}]]></c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    )
}

/// `week` 2026-W10 in Berlin of the CalDAV calendar at `url`, which serves
/// fixtures/network/hiring.ics: its interview is 1.0 h.
fn w10_of_hiring(url: &str) -> Run {
    let home = tempfile::tempdir().unwrap();
    Run::of(cmd(home.path()).args([
        "week",
        "--week",
        "2026-W10",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
        "--reports",
        "3",
        "--caldav",
        url,
    ]))
}
