//! HTTP(S) requests: one pure-Rust client (ureq with rustls, Mozilla's
//! roots), a whole-request deadline, a size cap, redirects followed by hand
//! (at most 5, never from https to http; credentials never follow a
//! redirect to another origin), and errors turned into one line that names
//! the shown URL and what to do.

use super::redact::Url;
use super::Options;
use anyhow::{anyhow, bail, Result};
use std::io::ErrorKind;
use std::time::Instant;
use ureq::http;

/// Redirects followed at most.
pub const MAX_REDIRECTS: usize = 5;

/// A request to send (the body is resent on a redirect, as WebDAV wants).
pub struct Request<'a> {
    pub method: &'a str,
    pub url: Url,
    /// The URL as shown in errors.
    pub shown: &'a str,
    /// What is read, for errors: "calendar", "GitHub API", ...
    pub subject: &'a str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What came back, the body read in full (and decompressed) up to the cap.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    /// Where the answer finally came from, after redirects.
    pub url: Url,
    /// Every header of the answer (pagination, rate limits).
    pub headers: http::HeaderMap,
}

impl Response {
    /// A header's value as text, if present and readable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Headers that carry credentials: sent only to the origin they were meant
/// for, dropped when a redirect leads elsewhere.
const CREDENTIAL_HEADERS: [&str; 2] = ["authorization", "private-token"];

/// A client for one run: its agent and the limits from `[network]`.
pub struct Client {
    agent: ureq::Agent,
    pub options: Options,
}

impl Client {
    pub fn new(options: Options) -> Result<Client> {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(root_certs()?)
            .build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .allow_non_standard_methods(true)
            .user_agent(concat!("twohats/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .build();
        Ok(Client {
            agent: config.new_agent(),
            options,
        })
    }

    /// Sends `req`, following redirects, all within the timeout.
    pub fn send(&self, req: Request) -> Result<Response> {
        self.send_by(req, self.deadline())
    }

    /// The end of a timeout starting now: for a calendar read in several
    /// requests (CalDAV), the one deadline they all share.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.options.timeout
    }

    /// Sends `req`, following redirects, all before `deadline`.
    pub fn send_by(&self, mut req: Request, deadline: Instant) -> Result<Response> {
        for _ in 0..=MAX_REDIRECTS {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.timed_out(&req));
            }
            let mut builder = http::Request::builder()
                .method(req.method)
                .uri(req.url.request());
            for (name, value) in &req.headers {
                builder = builder.header(*name, value);
            }
            let request = builder.body(req.body.clone()).map_err(|_| {
                anyhow!("cannot read {} {}: not a valid URL", req.subject, req.shown)
            })?;
            let request = self
                .agent
                .configure_request(request)
                .timeout_global(Some(left))
                .build();
            let response = self.agent.run(request).map_err(|e| self.failure(e, &req))?;
            let status = response.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                // A form's body holds the sign-in's secrets (a refresh
                // token, a code and its verifier): it is never sent on.
                if req.method == "POST" {
                    bail!(
                        "cannot read {} {}: it answered with a redirect (HTTP {status}), and a sign-in is never sent on elsewhere; check its address",
                        req.subject,
                        req.shown
                    );
                }
                let target = self.redirect_target(&req, &response)?;
                if target.origin() != req.url.origin() {
                    req.headers
                        .retain(|(name, _)| !CREDENTIAL_HEADERS.contains(name));
                }
                req.url = target;
                if status == 303 {
                    req.method = "GET";
                    req.body.clear();
                }
                continue;
            }
            return self.read(response, req);
        }
        Err(anyhow!(
            "cannot read {} {}: more than {MAX_REDIRECTS} redirects; use the address they end at",
            req.subject,
            req.shown
        ))
    }

    /// Where a redirect points, refused when it leaves https.
    fn redirect_target(&self, req: &Request, response: &http::Response<ureq::Body>) -> Result<Url> {
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .and_then(|l| req.url.join(l))
            .ok_or_else(|| {
                anyhow!(
                    "cannot read {} {}: a redirect without a usable Location",
                    req.subject,
                    req.shown
                )
            })?;
        if req.url.https && !location.https {
            return Err(anyhow!(
                "cannot read {} {}: the server redirects from https to http; refused, as the answer would travel unencrypted",
                req.subject,
                req.shown
            ));
        }
        Ok(location)
    }

    /// The body, read up to the cap.
    fn read(&self, response: http::Response<ureq::Body>, req: Request) -> Result<Response> {
        let status = response.status().as_u16();
        let (parts, body) = response.into_parts();
        let body = body
            .into_with_config()
            .limit(self.options.max_bytes)
            .read_to_vec()
            .map_err(|e| self.failure(e, &req))?;
        Ok(Response {
            status,
            body,
            url: req.url,
            headers: parts.headers,
        })
    }

    fn timed_out(&self, req: &Request) -> anyhow::Error {
        anyhow!(
            "cannot read {} {}: no complete answer within {} s (timeout); try again, or raise [network] timeout_seconds",
            req.subject,
            req.shown,
            self.options.timeout.as_secs()
        )
    }

    /// One line for a failed request: what happened and what to check.
    fn failure(&self, e: ureq::Error, req: &Request) -> anyhow::Error {
        let shown = req.shown;
        let what = match &e {
            ureq::Error::Timeout(_) => return self.timed_out(req),
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => {
                return self.timed_out(req)
            }
            ureq::Error::BodyExceedsLimit(_) => format!(
                "the answer is larger than [network] max_megabytes = {}; raise it if the {} is that big",
                self.options.max_bytes / (1024 * 1024),
                req.subject
            ),
            ureq::Error::HostNotFound => format!(
                "host '{}' not found (DNS); check the host name and the network",
                req.url.host_name()
            ),
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
                "connection refused; is the server up, and the host and port right?".to_string()
            }
            // Not TLS at all: a plain-http server (a webcal:// address is
            // read as https), whichever layer noticed.
            e if req.url.https && e.to_string().contains("InvalidContentType") => {
                NOT_TLS.to_string()
            }
            ureq::Error::Io(io) if req.url.https && io.kind() == ErrorKind::InvalidData => {
                format!("TLS error ({}); the server's certificate is not trusted", scrub(&io.to_string(), &req.url))
            }
            ureq::Error::Tls(m) => format!("TLS error ({m}); the server's certificate is not trusted"),
            ureq::Error::Rustls(r) => {
                format!("TLS error ({r}); the server's certificate is not trusted")
            }
            other => scrub(&other.to_string(), &req.url),
        };
        anyhow!("cannot read {} {shown}: {what}", req.subject)
    }
}

/// An https address whose server answered in plain http.
const NOT_TLS: &str = "the server does not answer in TLS (https) there: if it serves plain http, give an http:// address";

/// What an HTTP error status means to the user, or None for success.
pub fn status_problem(status: u16) -> Option<String> {
    Some(match status {
        200..=299 | 304 => return None,
        401 | 403 => format!(
            "access denied (HTTP {status}); the link may have been reset, or the calendar needs a user and password (CalDAV: --caldav-user, with TWOHATS_CALDAV_PASSWORD or ~/.netrc)"
        ),
        404 | 410 => format!(
            "not found (HTTP {status}); the link may have been reset or the calendar unpublished: copy the address again"
        ),
        429 => "too many requests (HTTP 429); try again later".to_string(),
        500..=599 => format!("the server failed (HTTP {status}); try again later"),
        _ => format!("the server answered HTTP {status}"),
    })
}

/// Any text from a library with the URL's secret parts taken out.
fn scrub(text: &str, url: &Url) -> String {
    let mut text = text.replace(&url.request(), &url.origin());
    if url.path.len() > 1 {
        text = text.replace(&url.path, "/…");
    }
    crate::warning::one_line(text)
}

/// Mozilla's roots; for tests only, `TWOHATS_TEST_EXTRA_CA` names a PEM
/// file whose certificates are then the only ones trusted (a test
/// certificate authority, so that tests reach nothing but their own
/// server).
fn root_certs() -> Result<ureq::tls::RootCerts> {
    let Some(path) = std::env::var_os("TWOHATS_TEST_EXTRA_CA") else {
        return Ok(ureq::tls::RootCerts::WebPki);
    };
    let pem = std::fs::read(&path).map_err(|e| {
        anyhow!(
            "TWOHATS_TEST_EXTRA_CA: cannot read {}: {e}",
            path.to_string_lossy()
        )
    })?;
    let certs: Vec<_> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect();
    Ok(ureq::tls::RootCerts::new_with_certs(&certs))
}
