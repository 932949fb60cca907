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
        let given = given.trim();
        let (scheme, rest) = given.split_once("://")?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "https" | "webcal" | "webcals" => true,
            "http" => false,
            _ => return None,
        };
        let rest = rest.split('#').next().unwrap_or("");
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let (user, host) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => {
                let name = userinfo.split(':').next().unwrap_or("");
                ((!name.is_empty()).then(|| percent_decode(name)), host)
            }
            None => (None, authority),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return None;
        }
        let path = match path {
            "" => "/".to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        };
        Some(Url {
            https,
            host: host.to_ascii_lowercase(),
            user,
            path,
        })
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

/// How a URL is shown everywhere: `https://HOST/…#abcd1234`, the hash being
/// the first 8 hex digits of the SHA-256 of the URL as given. Text that is
/// not a URL is shown as a hash only.
pub fn shown(given: &str) -> String {
    let given = given.trim();
    let tag = &hex_sha256(given.as_bytes())[..8];
    match Url::parse(given) {
        Some(url) => format!("{}/…#{tag}", url.origin()),
        None => format!("url…#{tag}"),
    }
}

/// The SHA-256 of `bytes` in lower-case hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `%40` → `@` and the like, for a user name written in a URL.
fn percent_decode(s: &str) -> String {
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
    fn joins_references() {
        let url = Url::parse("https://h/a/b/c.ics").unwrap();
        assert_eq!(url.join("d.ics").unwrap().path, "/a/b/d.ics");
        assert_eq!(url.join("/x/").unwrap().path, "/x/");
        assert!(!url.join("http://o/p").unwrap().https);
    }
}
