//! The on-disk cache of calendars and API pages read over the network, in
//! `$XDG_CACHE_HOME/twohats/net` (else `~/.cache/twohats/net`; the
//! platform's cache folder on macOS and Windows). Each entry is two files
//! named by a SHA-256 key: `KEY.meta` (JSON: ETag, Last-Modified, CalDAV
//! ctag, an API page's next page) and `KEY.body`. No file holds a
//! calendar URL in clear, nor a token.

use super::redact::hex_sha256;
use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What a later request needs to be conditional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// A CalDAV collection's getctag (or sync-token) when it was read.
    #[serde(default)]
    pub ctag: Option<String>,
    /// An API page's next page (its `Link: <…>; rel="next"`), so that an
    /// unchanged page (304) still leads on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub meta: Meta,
    pub body: Vec<u8>,
}

impl Entry {
    /// The headers that make a request conditional on this entry: an
    /// unchanged answer is then a 304 without a body.
    pub fn conditions(&self) -> Vec<(&'static str, String)> {
        let etag = self.meta.etag.clone().map(|e| ("if-none-match", e));
        let modified = (self.meta.last_modified.clone()).map(|m| ("if-modified-since", m));
        etag.into_iter().chain(modified).collect()
    }
}

impl Meta {
    /// What a later request needs of an answer to be conditional.
    pub fn of(response: &super::http::Response) -> Meta {
        Meta {
            etag: response.header("etag").map(str::to_string),
            last_modified: response.header("last-modified").map(str::to_string),
            ..Meta::default()
        }
    }
}

/// The cache folder, or none when no folder can be told (nothing cached).
pub struct Cache {
    dir: Option<PathBuf>,
}

/// The key of an entry: the hash of its parts (a URL among them).
pub fn key(parts: &[&str]) -> String {
    hex_sha256(parts.join("\u{0}").as_bytes())
}

impl Cache {
    pub fn from_env() -> Cache {
        let base = crate::user_dirs::cache_folder();
        Cache {
            dir: base.map(|b| b.join("twohats").join("net")),
        }
    }

    pub fn read(&self, key: &str) -> Option<Entry> {
        let dir = self.dir.as_ref()?;
        let meta = std::fs::read(dir.join(format!("{key}.meta"))).ok()?;
        let meta: Meta = serde_json::from_slice(&meta).ok()?;
        let body = std::fs::read(dir.join(format!("{key}.body"))).ok()?;
        Some(Entry { meta, body })
    }

    /// Writes the body, then the meta (a reader that finds the meta finds
    /// its body); each file atomically, in a folder only the user can open.
    pub fn write(&self, key: &str, meta: &Meta, body: &[u8]) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Err(anyhow!(
                "no cache folder (neither XDG_CACHE_HOME nor HOME is set)"
            ));
        };
        create_private_dir(dir)
            .map_err(|e| anyhow!("cannot create the cache folder {}: {e}", dir.display()))?;
        crate::atomic_write::write_atomically(&dir.join(format!("{key}.body")), body)?;
        let meta = serde_json::to_vec(meta)?;
        crate::atomic_write::write_atomically(&dir.join(format!("{key}.meta")), &meta)
    }
}

fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
