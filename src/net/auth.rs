//! Signing in to Microsoft 365 and Google Workspace (SPEC "Microsoft 365
//! and Google Workspace calendars"), and the token store.
//!
//! - Microsoft: the device authorization grant (RFC 8628) by default; with
//!   `--browser`, the authorization code with PKCE (RFC 7636) on a
//!   one-shot listener on 127.0.0.1 (RFC 8252).
//! - Google: the loopback flow with PKCE (its device flow does not allow
//!   calendar scopes).
//!
//! The refresh token is kept in `STATE/twohats/{outlook,google}-sign-in.json`,
//! readable by the user alone (0600), written atomically and replaced at
//! every refresh (Microsoft rotates it). Each form POST goes through the
//! shared client (`http::Client`: timeouts, size cap); no token, code or
//! verifier is ever printed, logged or cached.

use super::api::Token;
use super::http::{Client, Request};
use super::redact::Url;
use anyhow::{anyhow, bail, Context, Result};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which API a calendar source speaks, and which sign-in serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Microsoft Graph (Microsoft 365, Exchange Online).
    Outlook,
    /// Google Calendar API v3 (Google Workspace).
    Google,
}

impl Service {
    /// The config key and the `login` argument.
    pub fn key(self) -> &'static str {
        match self {
            Service::Outlook => "outlook",
            Service::Google => "google",
        }
    }

    /// What errors say was being read.
    pub fn name(self) -> &'static str {
        match self {
            Service::Outlook => "Microsoft Graph",
            Service::Google => "Google Calendar API",
        }
    }

    /// What the calendar API is called in what twohats says of it.
    pub fn api_names(self) -> crate::net::api::ApiNames {
        crate::net::api::ApiNames {
            service: self.name(),
            token_variable: self.token_variable(),
            path_hint: match self {
                Service::Outlook => "Microsoft Graph's is https://graph.microsoft.com/v1.0",
                Service::Google => "Google Calendar's is https://www.googleapis.com/calendar/v3",
            },
            not_found_hint: "check the calendar (its id or name) and the API address (`api`)",
        }
    }

    /// The variable that gives an access token instead of a sign-in.
    pub fn token_variable(self) -> &'static str {
        match self {
            Service::Outlook => "TWOHATS_OUTLOOK_TOKEN",
            Service::Google => "TWOHATS_GOOGLE_TOKEN",
        }
    }
}

/// Microsoft's sign-in host.
pub const MICROSOFT_AUTH: &str = "https://login.microsoftonline.com";
/// Google's consent page and token endpoint.
pub const GOOGLE_AUTHORIZE: &str = "https://accounts.google.com/o/oauth2/v2/auth";
pub const GOOGLE_TOKEN: &str = "https://oauth2.googleapis.com/token";

/// How long a browser sign-in may take.
const BROWSER_WAIT: Duration = Duration::from_secs(300);

/// The OAuth client and endpoints of one sign-in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OAuthClient {
    pub client_id: String,
    /// Google's Desktop clients come with a secret that is, by Google's
    /// own account, not secret; it is needed at the token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    pub authorize_url: String,
    pub token_url: String,
    /// Microsoft's device-code endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_url: Option<String>,
    pub scope: String,
}

/// What the store keeps: the client, to refresh with, and the refresh token.
#[derive(Serialize, Deserialize)]
struct Stored {
    client: OAuthClient,
    refresh_token: String,
}

/// The OAuth client of Microsoft's sign-in for `tenant`, under `auth` (the
/// config's `[outlook] auth`), else `TWOHATS_OUTLOOK_AUTH_URL`, else
/// Microsoft's global cloud.
pub fn microsoft(
    client_id: &str,
    tenant: &str,
    full_read: bool,
    auth: Option<&str>,
) -> OAuthClient {
    let base =
        base_url(auth, "TWOHATS_OUTLOOK_AUTH_URL").unwrap_or_else(|| MICROSOFT_AUTH.to_string());
    let at = |end: &str| format!("{base}/{tenant}/oauth2/v2.0/{end}");
    let read = if full_read {
        "Calendars.Read"
    } else {
        "Calendars.ReadBasic"
    };
    OAuthClient {
        client_id: client_id.to_string(),
        client_secret: None,
        authorize_url: at("authorize"),
        token_url: at("token"),
        device_url: Some(at("devicecode")),
        scope: format!("offline_access https://graph.microsoft.com/{read}"),
    }
}

/// The Desktop-app client JSON Google gives (`{"installed": {…}}`); its
/// endpoints under `auth` (the config's `[google] auth`), else
/// `TWOHATS_GOOGLE_AUTH_URL`, else those the file names.
pub fn google(client_file: &str, any_calendar: bool, auth: Option<&str>) -> Result<OAuthClient> {
    #[derive(Deserialize)]
    struct File {
        installed: Option<Installed>,
        web: Option<Installed>,
    }
    #[derive(Deserialize)]
    struct Installed {
        client_id: String,
        client_secret: Option<String>,
        auth_uri: Option<String>,
        token_uri: Option<String>,
    }
    let bytes =
        std::fs::read(client_file).map_err(|e| anyhow!("cannot read '{client_file}': {e}"))?;
    let file: File = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!("{client_file}: not the OAuth client JSON Google gives ({e}); download it from Google Cloud → Credentials → your Desktop app")
    })?;
    let Some(c) = file.installed.or(file.web) else {
        bail!("{client_file}: no \"installed\" client; create a Desktop-app OAuth client in Google Cloud");
    };
    let (authorize_url, token_url) = match base_url(auth, "TWOHATS_GOOGLE_AUTH_URL") {
        Some(base) => (format!("{base}/o/oauth2/v2/auth"), format!("{base}/token")),
        None => (
            c.auth_uri.unwrap_or_else(|| GOOGLE_AUTHORIZE.to_string()),
            c.token_uri.unwrap_or_else(|| GOOGLE_TOKEN.to_string()),
        ),
    };
    let scope = if any_calendar {
        "calendar.readonly"
    } else {
        "calendar.events.owned.readonly"
    };
    Ok(OAuthClient {
        client_id: c.client_id,
        client_secret: c.client_secret,
        authorize_url,
        token_url,
        device_url: None,
        scope: format!("https://www.googleapis.com/auth/{scope}"),
    })
}

/// A sign-in base URL: the config's, else the variable `name`'s.
fn base_url(config: Option<&str>, name: &str) -> Option<String> {
    (config.map(str::to_string))
        .or_else(|| std::env::var(name).ok())
        .map(|v| v.trim().trim_end_matches('/').to_string())
        .filter(|v| !v.is_empty())
}

/// Codes, secrets and tokens never travel unencrypted: a sign-in address
/// that is http must be this machine.
fn checked_url(url: &str) -> Result<Url> {
    let parsed = (Url::read(url))
        .map_err(|why| anyhow!("the sign-in address {}: {why}", super::redact::shown(url)))?;
    if !parsed.carries_secrets() {
        bail!(
            "the sign-in at {} is http, not https: codes and tokens would travel unencrypted; use https",
            parsed.origin()
        );
    }
    Ok(parsed)
}

/// The token endpoint's answer.
#[derive(Deserialize)]
struct Tokens {
    access_token: String,
    refresh_token: Option<String>,
}

/// An OAuth error answer (RFC 6749, 5.2).
#[derive(Deserialize)]
struct OAuthError {
    error: String,
    error_description: Option<String>,
}

/// POSTs `form` to `url`: the JSON answer on success, else the OAuth
/// error as (code, one line).
fn post(
    client: &Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<Result<Vec<u8>, (String, String)>> {
    let parsed = checked_url(url)?;
    let shown = super::api::shown(&parsed);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish()
        .into_bytes();
    let response = client.send(Request {
        method: "POST",
        url: parsed,
        shown: &shown,
        subject: "sign-in",
        headers: vec![
            (
                "content-type",
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("accept", "application/json".to_string()),
        ],
        body,
    })?;
    if (200..300).contains(&response.status) {
        return Ok(Ok(response.body));
    }
    let (code, text) = match serde_json::from_slice::<OAuthError>(&response.body) {
        Ok(e) => {
            // Microsoft's descriptions run over lines, with a trace id.
            let first = (e.error_description.as_deref().unwrap_or_default().lines())
                .next()
                .unwrap_or_default()
                .to_string();
            let line = match first.is_empty() {
                true => format!("{} (HTTP {})", e.error, response.status),
                false => format!("{} (HTTP {}: {first})", e.error, response.status),
            };
            (e.error, line)
        }
        Err(_) => (String::new(), format!("HTTP {}", response.status)),
    };
    Ok(Err((
        code,
        format!(
            "the sign-in at {shown} was refused: {}",
            crate::warning::one_line(text)
        ),
    )))
}

/// The tokens of a successful answer.
fn tokens(body: &[u8]) -> Result<Tokens> {
    serde_json::from_slice(body).map_err(|e| anyhow!("the sign-in's answer is not readable ({e})"))
}

/// Signs in with the device authorization grant: prints the code and the
/// address, then polls until the user has signed in (through
/// `authorization_pending`, slowing down when asked).
pub fn device_code(client: &Client, c: &OAuthClient) -> Result<String> {
    #[derive(Deserialize)]
    struct Device {
        device_code: String,
        user_code: String,
        verification_uri: String,
        expires_in: u64,
        interval: Option<u64>,
    }
    let url = c
        .device_url
        .as_deref()
        .expect("a Microsoft client has a device endpoint");
    let body = post(
        client,
        url,
        &[("client_id", &c.client_id), ("scope", &c.scope)],
    )?
    .map_err(|(_, line)| {
        anyhow!("{line}; if the tenant blocks device codes, use `twohats login outlook --browser`")
    })?;
    let d: Device = serde_json::from_slice(&body)
        .map_err(|e| anyhow!("the device-code answer is not readable ({e})"))?;
    eprintln!(
        "To sign in, open {} and enter the code {}",
        d.verification_uri, d.user_code
    );
    let deadline = Instant::now() + Duration::from_secs(d.expires_in);
    let mut interval = d.interval.unwrap_or(5).max(1);
    loop {
        if Instant::now() >= deadline {
            bail!("the code expired before the sign-in was finished; run `twohats login outlook` again");
        }
        std::thread::sleep(Duration::from_secs(interval));
        let form = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", &c.client_id),
            ("device_code", &d.device_code),
        ];
        match post(client, &c.token_url, &form)? {
            Ok(body) => return refresh_token_of(&body),
            Err((code, _)) if code == "authorization_pending" => {}
            Err((code, _)) if code == "slow_down" => interval += 5,
            Err((_, line)) => bail!(line),
        }
    }
}

/// The refresh token of a token answer: without one (no
/// `offline_access`), every run would need a sign-in.
fn refresh_token_of(body: &[u8]) -> Result<String> {
    tokens(body)?
        .refresh_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            anyhow!(
                "the sign-in gave no refresh token; the app registration must allow offline_access"
            )
        })
}

/// Signs in with the authorization code and PKCE: the consent page is
/// opened (or its address printed), and a one-shot listener on 127.0.0.1
/// takes the answer; an answer whose `state` is not ours is refused.
pub fn browser(client: &Client, c: &OAuthClient, service: Service) -> Result<String> {
    // Refused before the user consents, not after.
    checked_url(&c.authorize_url)?;
    checked_url(&c.token_url)?;
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot listen on 127.0.0.1")?;
    let redirect = format!("http://127.0.0.1:{}/", listener.local_addr()?.port());
    let verifier = random_text(32)?;
    let state = random_text(16)?;
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", c.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", &redirect),
            ("scope", &c.scope),
            ("state", &state),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("access_type", "offline"),
            ("prompt", "consent"),
        ])
        .finish();
    let address = format!("{}?{query}", c.authorize_url);
    eprintln!("To sign in, open this address in your browser:\n{address}");
    open_browser(&address);
    let code = callback(&listener, &state, service)?;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("client_id", c.client_id.as_str()),
        ("code", &code),
        ("redirect_uri", &redirect),
        ("code_verifier", &verifier),
    ];
    if let Some(secret) = &c.client_secret {
        form.push(("client_secret", secret));
    }
    let body = post(client, &c.token_url, &form)?.map_err(|(_, line)| anyhow!(line))?;
    refresh_token_of(&body)
}

/// The browser's answer on the listener: the code, once the state matches.
/// Requests that are not the answer (a favicon) are turned away and
/// waited past.
fn callback(listener: &TcpListener, state: &str, service: Service) -> Result<String> {
    let deadline = Instant::now() + BROWSER_WAIT;
    listener.set_nonblocking(true)?;
    loop {
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    bail!(
                        "no answer from the browser within 5 minutes; run `twohats login {}` again",
                        service.key()
                    );
                }
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let Some(params) = request_params(&stream) else {
            respond(stream, 404, "Not found.");
            continue;
        };
        if params.get("state").map(String::as_str) != Some(state) {
            respond(
                stream,
                400,
                "Sign-in refused: this answer is not for the sign-in twohats started.",
            );
            bail!("the sign-in's answer did not carry the state twohats sent; refused (another page may have called the listener); run `twohats login {}` again", service.key());
        }
        if let Some(error) = params.get("error") {
            respond(stream, 400, "Sign-in refused. You can close this tab.");
            bail!(
                "the sign-in was refused: {}",
                crate::warning::one_line(error)
            );
        }
        let Some(code) = params.get("code").filter(|c| !c.is_empty()) else {
            respond(stream, 400, "No code in the answer.");
            bail!(
                "the sign-in's answer has no code; run `twohats login {}` again",
                service.key()
            );
        };
        respond(stream, 200, "Signed in to twohats. You can close this tab.");
        return Ok(code.clone());
    }
}

/// The query of a `GET /?…` request line; None for any other request.
fn request_params(stream: &TcpStream) -> Option<HashMap<String, String>> {
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).ok()?;
    let target = line.strip_prefix("GET ")?.split(' ').next()?;
    let query = target.strip_prefix("/?")?;
    Some(
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
    )
}

fn respond(mut stream: TcpStream, status: u16, text: &str) {
    let reason = if status == 200 { "OK" } else { "Refused" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
}

/// Opens `address` in the user's browser, where one can be told;
/// `TWOHATS_NO_BROWSER` (tests, remote shells) only prints it.
fn open_browser(address: &str) {
    if std::env::var_os("TWOHATS_NO_BROWSER").is_some() {
        return;
    }
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["rundll32", "url.dll,FileProtocolHandler"]
    } else {
        &["xdg-open"]
    };
    let _ = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(address)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// `bytes` random bytes from the system, base64url without padding.
fn random_text(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| anyhow!("no randomness from the system: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

/// The store's file for `service`: `STATE/twohats/SERVICE-sign-in.json`.
pub fn store_path(service: Service) -> Result<PathBuf> {
    let folder = crate::user_dirs::state_folder()
        .ok_or_else(|| anyhow!("no state folder: set XDG_STATE_HOME or HOME"))?;
    Ok(folder
        .join("twohats")
        .join(format!("{}-sign-in.json", service.key())))
}

/// Keeps the refresh token (and the client to refresh with).
pub fn store(service: Service, c: &OAuthClient, refresh_token: &str) -> Result<PathBuf> {
    let path = store_path(service)?;
    let stored = Stored {
        client: c.clone(),
        refresh_token: refresh_token.to_string(),
    };
    let bytes = serde_json::to_vec_pretty(&stored).expect("the store serialises");
    let folder = path.parent().expect("a file in a folder");
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create '{}'", folder.display()))?;
    // Readable by the user alone.
    crate::atomic_write::write_private(&path, &bytes)?;
    Ok(path)
}

/// Removes the stored sign-in; whether there was one.
pub fn forget(service: Service) -> Result<Option<PathBuf>> {
    let path = store_path(service)?;
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(Some(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow!("cannot remove '{}': {e}", path.display())),
    }
}

/// Access tokens got in this run, by service: every manager's read uses
/// one refresh, not one each.
static ACCESS: Mutex<Vec<(Service, Token)>> = Mutex::new(Vec::new());

/// An access token from the stored sign-in: the one this run already got,
/// unless `again` (after a 401), else a fresh one by a refresh, whose new
/// refresh token replaces the stored one.
pub fn access_token(service: Service, client: &Client, again: bool) -> Result<Token> {
    let mut access = ACCESS.lock().unwrap_or_else(|e| e.into_inner());
    if !again {
        if let Some((_, t)) = access.iter().find(|(s, _)| *s == service) {
            return Ok(t.clone());
        }
    }
    let path = store_path(service)?;
    let not_signed_in = || {
        anyhow!(
            "not signed in to the {}: run `twohats login {}` (or set {})",
            service.name(),
            service.key(),
            service.token_variable()
        )
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_signed_in()),
        Err(e) => bail!("cannot read '{}': {e}", path.display()),
    };
    let stored: Stored = serde_json::from_slice(&bytes).map_err(|_| {
        anyhow!(
            "'{}' is not a twohats sign-in; run `twohats login {}` again",
            path.display(),
            service.key()
        )
    })?;
    let c = &stored.client;
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("client_id", c.client_id.as_str()),
        ("refresh_token", stored.refresh_token.as_str()),
        ("scope", c.scope.as_str()),
    ];
    if let Some(secret) = &c.client_secret {
        form.push(("client_secret", secret));
    }
    let body = post(client, &c.token_url, &form)?.map_err(|(code, line)| match code.as_str() {
        "invalid_grant" => anyhow!(
            "{line}; the sign-in has expired or was revoked: run `twohats login {}`",
            service.key()
        ),
        _ => anyhow!(line),
    })?;
    let t = tokens(&body)?;
    // Microsoft rotates the refresh token: the new one replaces the old.
    let refresh = t
        .refresh_token
        .filter(|r| !r.is_empty())
        .unwrap_or(stored.refresh_token);
    store(service, c, &refresh)?;
    let token = Token::new(
        t.access_token,
        format!("the sign-in of `twohats login {}`", service.key()),
    );
    access.retain(|(s, _)| *s != service);
    access.push((service, token.clone()));
    Ok(token)
}
