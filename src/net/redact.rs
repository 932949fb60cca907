//! A URL is a secret: only its scheme and host may be shown. Every place
//! that names a URL (warnings, errors, `explain`'s source column, report
//! files) shows `https://HOST/…#abcd1234`, the hash telling two URLs of one
//! host apart and staying the same from run to run.

use sha2::{Digest, Sha256};

/// The parts of an `http(s)://` URL twohats needs; `webcal://` reads as
/// https.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub https: bool,
    /// `host` or `host:port`, without the user part.
    pub host: String,
    /// The user part before `@` (up to a `:`), if any.
    pub user: Option<String>,
    /// Path and query, starting with `/`.
    pub path: String,
}

impl Url {
    /// Parses `http://`, `https://` and `webcal://` URLs; anything else is
    /// None. The fragment is dropped (it never reaches a server).
    pub fn parse(given: &str) -> Option<Url> {
        Url::read(given).ok()
    }

    /// [`Url::parse`], or why `given` is not a URL twohats can read, in
    /// words that quote nothing of it (it may hold a secret).
    pub fn read(given: &str) -> Result<Url, &'static str> {
        let given = given.trim();
        let (scheme, rest) = (given.split_once("://"))
            .filter(|(scheme, _)| is_scheme(scheme))
            .ok_or(MALFORMED)?;
        let scheme = scheme.to_ascii_lowercase();
        if !WEB_SCHEMES.contains(&scheme.as_str()) {
            return Err(NOT_HTTP);
        }
        let https = scheme != "http";
        let (authority, path) = split_authority(rest);
        if password_cut_short(authority, path) {
            return Err(UNESCAPED_PASSWORD);
        }
        let (user, host) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => {
                let name = userinfo.split(':').next().unwrap_or("");
                ((!name.is_empty()).then(|| percent_decode(name)), host)
            }
            None => (None, authority),
        };
        if !is_host(host) {
            return Err(MALFORMED);
        }
        let path = match path.split('#').next().unwrap_or("") {
            "" => "/".to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        };
        Ok(Url {
            https,
            host: host.to_ascii_lowercase(),
            user,
            path,
        })
    }

    /// Whether a secret (a token, a password, a sign-in's form) may travel
    /// to this URL: https, or http to this machine only.
    pub fn carries_secrets(&self) -> bool {
        self.https || is_loopback(self.host_name())
    }

    /// The URL a request goes to: no user part, webcal read as https.
    pub fn request(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// `https://host`.
    pub fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.host)
    }

    /// The host name without a port (for `~/.netrc`).
    pub fn host_name(&self) -> &str {
        match self.host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => &self.host,
        }
    }

    /// A `Location` header or an `href`, relative or absolute, read against
    /// this URL.
    pub fn join(&self, reference: &str) -> Option<Url> {
        let reference = reference.trim();
        if reference.contains("://") {
            return Url::parse(reference);
        }
        let path = if let Some(rest) = reference.strip_prefix("//") {
            return Url::parse(&format!(
                "{}://{rest}",
                if self.https { "https" } else { "http" }
            ));
        } else if reference.starts_with('/') {
            reference.to_string()
        } else {
            let base = self.path.split('?').next().unwrap_or("/");
            let folder = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            format!("{folder}{reference}")
        };
        Some(Url {
            path,
            ..self.clone()
        })
    }
}

/// Whether a host is this machine (a token may go there over http).
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.trim_matches(['[', ']']) == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// How a URL is shown everywhere: `https://HOST/…#abcd1234`, the hash being
/// the first 8 hex digits of the SHA-256 of the URL as given. Of text meant
/// as a URL that twohats cannot read, only a well-known scheme and a host
/// told apart from the user part are shown (`https:…#abcd1234`); other text
/// is shown as `url…#abcd1234`.
pub fn shown(given: &str) -> String {
    let given = given.trim();
    let tag = &hex_sha256(given.as_bytes())[..8];
    match Url::parse(given) {
        Some(url) => format!("{}/…#{tag}", url.origin()),
        None => format!("{}…#{tag}", safe_start(given)),
    }
}

/// Every URL in `text` (a parser's message quoting a config value) as
/// [`shown`] shows it.
pub fn urls_shown(text: &str) -> String {
    static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"[A-Za-z][A-Za-z0-9+.-]*://[^\s"'`]+"#).unwrap()
    });
    URL.replace_all(text, |c: &regex::Captures| shown(&c[0]))
        .into_owned()
}

/// Why text is not a URL: not `scheme://host`, or spaces, or no host.
const MALFORMED: &str = "not a valid URL: check it starts with https://HOST/ and holds no spaces";
/// An URL of another scheme (ftp, file, …).
const NOT_HTTP: &str =
    "not an http(s) URL: twohats reads https://, http:// and webcal:// addresses";
/// See [`password_cut_short`].
const UNESCAPED_PASSWORD: &str = "its user part holds a '/', '?' or '#' (a password in the address?), and twohats takes no password from an address (for a calendar: the user as https://USER@HOST/… or --caldav-user, the password in TWOHATS_CALDAV_PASSWORD or ~/.netrc)";

/// The schemes of the calendar URLs twohats reads (`webcal` is https).
const WEB_SCHEMES: [&str; 4] = ["http", "https", "webcal", "webcals"];

/// Schemes shown of text that is not a readable URL: any other word before
/// a `:` could be a user name (`ada:secret@host`).
const KNOWN_SCHEMES: [&str; 12] = [
    "http", "https", "webcal", "webcals", "caldav", "caldavs", "ftp", "ftps", "sftp", "file",
    "dav", "davs",
];

/// Whether `given` is meant as a URL, not a path: a URL twohats reads, or
/// text that starts with a scheme (two characters or more: `C:` is a drive)
/// followed by `/` or `\`, or by a user part (`@` before the first `/`),
/// or that starts with `http:`, `https:` or `webcal:`.
pub fn looks_like_url(given: &str) -> bool {
    let given = given.trim();
    if Url::parse(given).is_some() {
        return true;
    }
    let Some((scheme, rest)) = given.split_once(':').filter(|(s, _)| is_scheme(s)) else {
        return false;
    };
    let web = WEB_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
    let user_part = rest.split('/').next().unwrap_or("").contains('@');
    web || user_part || rest.starts_with(['/', '\\'])
}

/// Whether the user part of URL `given` holds a password
/// (`https://ada:secret@host/`). twohats never sends it: a password comes
/// from `TWOHATS_CALDAV_PASSWORD` or `~/.netrc` only.
pub fn holds_password(given: &str) -> bool {
    let Some((_, rest)) = given.trim().split_once("://") else {
        return false;
    };
    let (authority, _) = split_authority(rest);
    (authority.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .is_some_and(|(_, password)| !password.is_empty())
}

/// What may be shown of `given`, which is not a URL twohats reads: a known
/// scheme and, after `//`, a host told apart from the user part; else `url`.
fn safe_start(given: &str) -> String {
    let Some((scheme, rest)) = given.split_once(':') else {
        return "url".to_string();
    };
    let scheme = scheme.to_ascii_lowercase();
    if !KNOWN_SCHEMES.contains(&scheme.as_str()) {
        return "url".to_string();
    }
    let host = rest.strip_prefix("//").and_then(|rest| {
        let (authority, path) = split_authority(rest);
        let host = match authority.rsplit_once('@') {
            Some((_, host)) => host,
            None if password_cut_short(authority, path) => host_after_at(path)?,
            None => authority,
        };
        is_host(host).then(|| host.to_ascii_lowercase())
    });
    match host {
        Some(host) => format!("{scheme}://{host}/"),
        None => format!("{scheme}:"),
    }
}

/// Whether `authority` (up to the first `/`, `?` or `#`) is the start of a
/// user part cut short by one of those in its password, `path` holding the
/// rest and the `@` (`https://ada:Summer2024#@host/…`): no `@` in it, one
/// after it, and it is no `host[:port]`; or it is a dotless name and a port
/// (`https://ada:2024/x@host/`) with the `@` before any other `/`. Read as
/// RFC 3986 says, the user and the start of the password would be the host:
/// shown, and asked of the DNS.
fn password_cut_short(authority: &str, path: &str) -> bool {
    let Some(at) = path.find('@') else {
        return false;
    };
    if authority.is_empty() || authority.contains('@') {
        return false;
    }
    if !is_host(authority) {
        return true;
    }
    let Some((name, _port)) = authority.split_once(':') else {
        return false;
    };
    let local = name.eq_ignore_ascii_case("localhost") || name.starts_with('[');
    let one_segment = !path[1..at].contains('/');
    !name.contains('.') && !local && one_segment && host_after_at(path).is_some_and(is_host)
}

/// The authority after the first `@` of `path`, up to the next `/`, `?` or
/// `#`.
fn host_after_at(path: &str) -> Option<&str> {
    Some(split_authority(&path[path.find('@')? + 1..]).0)
}

/// What follows `scheme://`, cut where RFC 3986 ends the authority (the
/// first `/`, `?` or `#`): the authority, and the rest.
fn split_authority(rest: &str) -> (&str, &str) {
    rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()))
}

/// An RFC 3986 scheme of two characters or more.
fn is_scheme(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `host` or `host:port`: a name of letters (any script), digits, `-`, `.`
/// and `_`, or an IP v6 address in brackets; a port of digits up to 65535.
fn is_host(s: &str) -> bool {
    let (name_ok, port) = match s.strip_prefix('[') {
        Some(v6) => {
            let Some((address, after)) = v6.split_once(']') else {
                return false;
            };
            let address_ok = !address.is_empty()
                && (address.chars()).all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'));
            match after.strip_prefix(':') {
                Some(port) => (address_ok, Some(port)),
                None => (address_ok && after.is_empty(), None),
            }
        }
        None => {
            let (name, port) = match s.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (s, None),
            };
            let name_ok = !name.is_empty()
                && (name.chars()).all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
            (name_ok, port)
        }
    };
    name_ok
        && port.is_none_or(|p| p.chars().all(|c| c.is_ascii_digit()) && p.parse::<u16>().is_ok())
}

/// The SHA-256 of `bytes` in lower-case hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `%40` → `@` and the like: a user name or a path written in a URL.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok();
        match hex().and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) if bytes[i] == b'%' => {
                out.push(b);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_scheme_and_host_only() {
        let given = "https://ada%40example.com@calendar.example.com/private-abc/basic.ics?k=1";
        let s = shown(given);
        assert!(s.starts_with("https://calendar.example.com/…#"), "{s}");
        assert_eq!(s.len(), "https://calendar.example.com/…#".len() + 8);
        assert!(!s.contains("private") && !s.contains("ada") && !s.contains("k=1"));
        assert_eq!(s, shown(given), "stable");
        assert_ne!(s, shown("https://calendar.example.com/other.ics"));
    }

    #[test]
    fn webcal_reads_as_https_and_user_is_kept_apart() {
        let url = Url::parse("webcal://Bob@P.example.com:8443/a/b.ics").unwrap();
        assert!(url.https);
        assert_eq!(url.host, "p.example.com:8443");
        assert_eq!(url.host_name(), "p.example.com");
        assert_eq!(url.user.as_deref(), Some("Bob"));
        assert_eq!(url.request(), "https://p.example.com:8443/a/b.ics");
        assert!(Url::parse("ftp://x/y").is_none());
        assert!(Url::parse("calendar.ics").is_none());
    }

    #[test]
    fn text_that_starts_like_a_url_is_never_a_path() {
        for url in [
            "https://h.example/a.ics",
            "https:/calendar.google.com/x/basic.ics",
            "https:calendar.google.com/x",
            "ftp://h/x",
            "file:///home/ada/cal.ics",
            "ada:secret@h.example/x",
        ] {
            assert!(looks_like_url(url), "{url}");
        }
        for path in [
            "calendar.ics",
            "team/ada.ics",
            r"C:\Users\ada\cal.ics",
            "C:/Users/ada/cal.ics",
            "notes:v2/cal.ics",
            "-",
        ] {
            assert!(!looks_like_url(path), "{path}");
        }
    }

    #[test]
    fn a_password_cut_short_is_refused_and_a_path_with_an_at_is_not() {
        for cut in [
            "https://ada:Summer2024#@cal.example.com/dav/",
            "https://ada:p/ss@127.0.0.1:1/cal",
            "https://ada:p?ss@cal.example.com/cal",
            "https://ada:2024/x@cal.example.com/cal",
        ] {
            assert_eq!(Url::read(cut), Err(UNESCAPED_PASSWORD), "{cut}");
            assert!(shown(cut).starts_with("https://"), "{cut}");
            assert!(!shown(cut).contains("ada"), "{cut}");
        }
        for fine in [
            "https://calendar.google.com/calendar/ical/ada@example.com/private/basic.ics",
            "http://nextcloud:8080/remote.php/dav/calendars/ada@example.com/personal/",
            "http://localhost:8080/ada@example.com/",
            "https://ada@cal.example.com:8443/x@y/",
        ] {
            assert!(Url::read(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn of_a_url_not_read_only_a_known_scheme_and_a_clear_host_show() {
        let start = |given: &str| shown(given).split('…').next().unwrap().to_string();
        assert_eq!(
            start("ftp://ada:pw@files.example.com/x"),
            "ftp://files.example.com/"
        );
        assert_eq!(start("https://ada:pw@exa mple.com/x"), "https:");
        assert_eq!(start("https://ada:pw@/x"), "https:");
        assert_eq!(start("HTTPS:/calendar.google.com/x"), "https:");
        assert_eq!(start("ada:pw@h.example/x"), "url");
        assert_eq!(start("https://h.example:99999/x"), "https:");
        assert_eq!(start("https://[::1]:8080/x"), "https://[::1]:8080/");
    }

    #[test]
    fn joins_references() {
        let url = Url::parse("https://h/a/b/c.ics").unwrap();
        assert_eq!(url.join("d.ics").unwrap().path, "/a/b/d.ics");
        assert_eq!(url.join("/x/").unwrap().path, "/x/");
        assert!(!url.join("http://o/p").unwrap().https);
    }
}
