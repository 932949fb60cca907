//! An on-disk cache of commit metadata for large repositories, so that a
//! second run decodes only the commits it has not seen.
//!
//! What it holds, per repository (one file under the user's cache folder,
//! named after the repository's absolute path): for each commit decoded
//! before, its id, its author's name and email as written in the commit
//! (before .mailmap), its author and committer times and its number of
//! parents. Nothing else: no message, no file, and nothing that depends on
//! the config or the manager (.mailmap and the manager's addresses are
//! applied on every run).
//!
//! Why it stays correct: a commit id names the commit's content, so what is
//! cached for an id can never be stale. Which commits count is decided on
//! every run by the walk from HEAD (through the commit-graph); the cache is
//! only asked about the ids that walk reached. A rewritten history (rebase,
//! amend, filter-repo) has new ids: they are decoded and added. The ids no
//! longer reachable are dropped when a walk of the whole history (doctor,
//! or a range reaching the first commit) writes the file; a walk that left
//! older commits unread cannot tell them from unreachable ones, and keeps
//! them.
//! A file that cannot be read whole (another version, cut short) is
//! ignored and rewritten; a cache that cannot be written is only slower.

use gix::{oid, ObjectId};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

/// Below this many commits to decode, decoding is quicker than the cache.
pub const MIN_COMMITS: usize = 20_000;

const MAGIC: &[u8; 16] = b"twohats-gitmeta1";

/// Committer time absent (or unreadable).
const NO_TIME: i64 = i64::MIN;

/// An author's name and email, as written in a commit.
pub type Identity = (Vec<u8>, Vec<u8>);

/// The id of the commit at a commit-graph position.
pub type IdAt<'g> = &'g dyn Fn(u32) -> &'g oid;

/// One commit's metadata (for commits decoded this run). Every commit
/// cached is in the commit-graph: it is named by its position there (4
/// bytes, not a 20-byte id, for each of a million commits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Position in the commit-graph.
    pub at: u32,
    /// Index into [`NewEntries::identities`].
    pub identity: u32,
    pub author_time: i64,
    pub committer_time: Option<i64>,
    pub parents: u32,
}

impl Entry {
    /// What the cache would give for this commit.
    pub fn metadata(&self) -> Cached {
        Cached {
            identity: self.identity,
            author_time: self.author_time,
            committer_time: self.committer_time,
            parents: self.parents,
        }
    }
}

/// The metadata of commits decoded this run, each identity held once (an
/// allocation per identity, not two per commit).
#[derive(Debug, Default)]
pub struct NewEntries {
    pub entries: Vec<Entry>,
    pub identities: Vec<Identity>,
    /// Identity key (see [`identity_key`]) → index.
    index: HashMap<Vec<u8>, u32>,
    key: Vec<u8>,
}

impl NewEntries {
    /// Adds a commit's metadata, its author as written.
    pub fn push(&mut self, mut entry: Entry, name: &[u8], email: &[u8]) {
        entry.identity = self.identity(name, email);
        self.entries.push(entry);
    }

    /// The index of an author as written, added when new.
    fn identity(&mut self, name: &[u8], email: &[u8]) -> u32 {
        identity_key(&mut self.key, name, email);
        if let Some(&i) = self.index.get(self.key.as_slice()) {
            return i;
        }
        let i = self.identities.len() as u32;
        self.identities.push((name.to_vec(), email.to_vec()));
        self.index.insert(self.key.clone(), i);
        i
    }

    /// Takes in `other`'s entries, their identities mapped to these.
    pub fn merge(&mut self, other: NewEntries) {
        let map: Vec<u32> = (other.identities.iter())
            .map(|(name, email)| self.identity(name, email))
            .collect();
        self.entries.reserve(other.entries.len());
        self.entries.extend(other.entries.into_iter().map(|mut e| {
            e.identity = map[e.identity as usize];
            e
        }));
    }
}

/// A name and email as one unambiguous key: the name's length, the name,
/// the email.
fn identity_key(key: &mut Vec<u8>, name: &[u8], email: &[u8]) {
    key.clear();
    key.extend_from_slice(&(name.len() as u32).to_le_bytes());
    key.extend_from_slice(name);
    key.extend_from_slice(email);
}

/// A cache file as read: identities, then fixed-size entries sorted by id.
pub struct Cache {
    pub file: PathBuf,
    id_len: usize,
    /// (name, email) per identity, as written in the commits.
    pub identities: Vec<Identity>,
    /// The entries' bytes: `id_len` id bytes, then identity u32, author
    /// time i64, committer time i64, parents u32 (little-endian).
    entries: Vec<u8>,
}

/// One cached commit, read in place.
#[derive(Debug, Clone, Copy)]
pub struct Cached {
    pub identity: u32,
    pub author_time: i64,
    pub committer_time: Option<i64>,
    pub parents: u32,
}

impl Cache {
    /// The cache of the repository at `repo`, empty when there is none yet
    /// or the file cannot be read whole; `None` when no cache folder is
    /// known.
    pub fn open(repo: &str, id_len: usize) -> Option<Cache> {
        Some(Cache::in_file(file_for(repo)?, id_len))
    }

    /// The cache in `file` (empty when missing or not whole).
    pub fn in_file(file: PathBuf, id_len: usize) -> Cache {
        let mut cache = Cache {
            file,
            id_len,
            identities: Vec::new(),
            entries: Vec::new(),
        };
        if let Ok(mut bytes) = std::fs::read(&cache.file) {
            if let Some((identities, entries)) = parse(&bytes, id_len) {
                cache.identities = identities;
                bytes.drain(..entries);
                cache.entries = bytes;
            }
        }
        cache
    }

    fn entry_len(&self) -> usize {
        self.id_len + 24
    }

    fn len(&self) -> usize {
        self.entries.len() / self.entry_len()
    }

    fn id_at(&self, i: usize) -> &[u8] {
        let at = i * self.entry_len();
        &self.entries[at..at + self.id_len]
    }

    /// The id of the entry at `i`.
    pub fn id(&self, i: usize) -> ObjectId {
        ObjectId::from_bytes_or_panic(self.id_at(i))
    }

    /// Every entry's index, to keep them all.
    pub fn all(&self) -> Vec<usize> {
        (0..self.len()).collect()
    }

    /// The entry at `i`.
    pub fn at(&self, i: usize) -> Cached {
        let at = i * self.entry_len() + self.id_len;
        let e = &self.entries[at..at + 24];
        let committer = i64::from_le_bytes(e[12..20].try_into().expect("8 bytes"));
        Cached {
            identity: u32::from_le_bytes(e[0..4].try_into().expect("4 bytes")),
            author_time: i64::from_le_bytes(e[4..12].try_into().expect("8 bytes")),
            committer_time: (committer != NO_TIME).then_some(committer),
            parents: u32::from_le_bytes(e[20..24].try_into().expect("4 bytes")),
        }
    }

    /// The entries cached for the commits at `positions` (commit-graph
    /// positions, their ids given by `id_at`), in one merge of two lists
    /// sorted by id; `positions` keeps those not cached, sorted by id.
    pub fn split(&self, positions: &mut Vec<u32>, id_at: IdAt<'_>) -> Vec<usize> {
        // Positions in one commit-graph file are in id order; a chain of
        // files is sorted again.
        positions.sort_unstable();
        if !positions.is_sorted_by_key(|&p| id_at(p)) {
            positions.sort_unstable_by_key(|&p| id_at(p));
        }
        let mut hits = Vec::with_capacity(positions.len().min(self.len()));
        let mut at = 0;
        positions.retain(|&p| {
            let key = id_at(p).as_bytes();
            while at < self.len() && self.id_at(at) < key {
                at += 1;
            }
            let hit = at < self.len() && self.id_at(at) == key;
            if hit {
                hits.push(at);
            }
            !hit
        });
        hits
    }

    /// Writes the entries `kept` (indices, as [`Cache::split`] gave them)
    /// and `new` ones atomically, sorted by id; what is not reachable any
    /// more is left out; `id_at` names the new entries' commits. Errors are
    /// ignored: the cache only saves time.
    pub fn write(&self, kept: &[usize], mut new: NewEntries, id_at: IdAt<'_>) {
        new.entries.sort_unstable_by_key(|e| id_at(e.at));
        if let Some(folder) = self.file.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        // Written as it is made: a million commits' entries are 40 MB.
        let _ = crate::atomic_write::write_atomically_with(&self.file, |out| {
            Ok(self.serialise(kept, &new, id_at, out)?)
        });
    }

    fn serialise(
        &self,
        kept: &[usize],
        new: &NewEntries,
        id_at: IdAt<'_>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        // The identities read, then those new this run, each once, in the
        // order of the new entries (sorted by id).
        let mut identities: Vec<(&[u8], &[u8])> = (self.identities.iter())
            .map(|(n, e)| (n.as_slice(), e.as_slice()))
            .collect();
        let mut index: HashMap<(&[u8], &[u8]), u32> = (identities.iter().enumerate())
            .map(|(i, &key)| (key, i as u32))
            .collect();
        let mut global: Vec<Option<u32>> = vec![None; new.identities.len()];
        let new_identity: Vec<u32> = (new.entries.iter())
            .map(|e| {
                *global[e.identity as usize].get_or_insert_with(|| {
                    let (name, email) = &new.identities[e.identity as usize];
                    let key = (name.as_slice(), email.as_slice());
                    *index.entry(key).or_insert_with(|| {
                        identities.push(key);
                        (identities.len() - 1) as u32
                    })
                })
            })
            .collect();
        let new = &new.entries;
        out.write_all(MAGIC)?;
        out.write_all(&(self.id_len as u32).to_le_bytes())?;
        out.write_all(&(identities.len() as u32).to_le_bytes())?;
        for (name, email) in &identities {
            out.write_all(&(name.len() as u32).to_le_bytes())?;
            out.write_all(name)?;
            out.write_all(&(email.len() as u32).to_le_bytes())?;
            out.write_all(email)?;
        }
        out.write_all(&((kept.len() + new.len()) as u64).to_le_bytes())?;
        // Both lists are sorted by id: merge them.
        let (mut k, mut n) = (0, 0);
        while k < kept.len() || n < new.len() {
            let take_kept = n == new.len()
                || (k < kept.len() && self.id_at(kept[k]) < id_at(new[n].at).as_bytes());
            if take_kept {
                let at = kept[k] * self.entry_len();
                out.write_all(&self.entries[at..at + self.entry_len()])?;
                k += 1;
            } else {
                let e = &new[n];
                out.write_all(id_at(e.at).as_bytes())?;
                out.write_all(&new_identity[n].to_le_bytes())?;
                out.write_all(&e.author_time.to_le_bytes())?;
                out.write_all(&e.committer_time.unwrap_or(NO_TIME).to_le_bytes())?;
                out.write_all(&e.parents.to_le_bytes())?;
                n += 1;
            }
        }
        Ok(())
    }
}

/// The identities and where the entries start, when `bytes` is a whole
/// cache file for ids of `id_len` bytes.
fn parse(bytes: &[u8], id_len: usize) -> Option<(Vec<Identity>, usize)> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? as usize != id_len {
        return None;
    }
    let count = r.u32()? as usize;
    let mut identities = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let n = r.u32()? as usize;
        let name = r.take(n)?.to_vec();
        let n = r.u32()? as usize;
        let email = r.take(n)?.to_vec();
        identities.push((name, email));
    }
    let entries = usize::try_from(r.u64()?).ok()?;
    let entry_len = id_len + 24;
    let whole = entries.checked_mul(entry_len)? == bytes.len() - r.at;
    // Every identity index must point into the table, every author date
    // be one that decodes.
    let start = r.at;
    let valid = whole
        && (0..entries).all(|i| {
            let at = start + i * entry_len + id_len;
            let identity = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
            let author = i64::from_le_bytes(bytes[at + 4..at + 12].try_into().expect("8 bytes"));
            (identity as usize) < identities.len()
                && chrono::DateTime::from_timestamp(author, 0).is_some()
        });
    valid.then_some((identities, start))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

/// The cache file of the repository at `repo`: under the user's cache
/// folder, `twohats/git/`, named by a hash of the repository's absolute
/// path.
fn file_for(repo: &str) -> Option<PathBuf> {
    let folder = crate::user_dirs::cache_folder()?;
    let full = std::fs::canonicalize(repo).unwrap_or_else(|_| PathBuf::from(repo));
    Some(folder.join("twohats").join("git").join(format!(
        "{:016x}.bin",
        fnv1a(full.as_os_str().as_encoded_bytes())
    )))
}

/// FNV-1a, 64 bits: a stable name for a path (not a security measure).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
