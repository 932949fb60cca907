//! A repository read directly with gitoxide (no git binary needed): every
//! commit reachable from HEAD, author email mapped by the repository's
//! .mailmap, only the manager's commits kept.

use super::{is_me, Commit, GitOptions};
use crate::Warning;
use anyhow::bail;
use gix::hashtable::HashSet;
use gix::objs::{commit::ref_iter::Token, CommitRefIter, Find};
use gix::ObjectId;
use std::path::Path;
use std::sync::Arc;

/// Reads the repository at `path` from HEAD and hands each of the manager's
/// commits to `out` (merges left out unless asked for).
pub fn read_repo(
    path: &str,
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
    out: &mut dyn FnMut(Commit),
) -> anyhow::Result<()> {
    let repo = open(path)?;
    let source: Arc<str> = Arc::from(path);

    let head = repo
        .head()
        .map_err(|e| anyhow::anyhow!("{path}: cannot read HEAD: {e}"))?;
    if head.is_unborn() {
        warnings.push(Warning::new(
            path,
            None,
            "HEAD has no commits yet; nothing to read",
        ));
        return Ok(());
    }
    let head_id = head
        .into_peeled_id()
        .map_err(|e| anyhow::anyhow!("{path}: cannot read HEAD: {e}"))?
        .detach();

    let mut mailmap = gix::mailmap::Snapshot::default();
    if let Err(e) = repo.open_mailmap_into(&mut mailmap) {
        warnings.push(Warning::new(
            path,
            None,
            format!(".mailmap not fully read: {e}"),
        ));
    }
    let mailmap = (!mailmap.entries().is_empty()).then_some(mailmap);

    // Commits at the edge of a shallow clone: their parents are not here.
    let shallow: Vec<ObjectId> = match repo.shallow_commits() {
        Ok(Some(list)) => list.iter().copied().collect(),
        _ => Vec::new(),
    };

    let hash_kind = repo.object_hash();
    let mut seen: HashSet<ObjectId> = HashSet::default();
    let mut stack = vec![head_id];
    seen.insert(head_id);
    let mut buf = Vec::new();
    let mut missing = 0u64;
    let mut first_missing = None;
    while let Some(id) = stack.pop() {
        let data = match repo.objects.try_find(&id, &mut buf) {
            Ok(Some(data)) if data.kind == gix::object::Kind::Commit => data,
            Ok(Some(data)) if id == head_id => {
                bail!("{path}: HEAD points to a {}, not a commit", data.kind)
            }
            Ok(_) => {
                missing += 1;
                first_missing.get_or_insert(id);
                continue;
            }
            Err(e) => bail!("{path}: cannot read commit {id}: {e}; is the repository damaged? (`git fsck` tells)"),
        };
        let follow_parents = shallow.is_empty() || !shallow.contains(&id);
        let mut parents = 0u32;
        let mut author = None;
        let mut committer = None;
        for token in CommitRefIter::from_bytes(data.data, hash_kind) {
            match token {
                Ok(Token::Parent { id: parent }) => {
                    parents += 1;
                    if follow_parents && seen.insert(parent) {
                        stack.push(parent);
                    }
                }
                Ok(Token::Author { signature }) => author = Some(signature),
                Ok(Token::Committer { signature }) => {
                    committer = Some(signature);
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        let Some(author) = author else {
            warnings.push(Warning::new(
                path,
                None,
                format!("commit {id} has no readable author; skipped"),
            ));
            continue;
        };
        let resolved = mailmap.as_ref().and_then(|m| m.try_resolve_ref(author));
        let email: &[u8] = resolved
            .and_then(|r| r.email)
            .unwrap_or(author.email)
            .trim_ascii();
        if !is_me(email, &opts.me) {
            continue;
        }
        if parents >= 2 && !opts.include_merges {
            continue;
        }
        let author_time = author
            .time()
            .ok()
            .and_then(|t| chrono::DateTime::from_timestamp(t.seconds, 0));
        let Some(author_time) = author_time else {
            warnings.push(Warning::new(
                path,
                None,
                format!(
                    "commit {id}: unreadable author date '{}'; skipped",
                    author.time
                ),
            ));
            continue;
        };
        let committer_time = committer
            .and_then(|c| c.time().ok())
            .and_then(|t| chrono::DateTime::from_timestamp(t.seconds, 0));
        out(Commit {
            hash: id.to_string(),
            email: String::from_utf8_lossy(email).to_lowercase(),
            author_time,
            committer_time,
            parents,
            source: source.clone(),
            line: None,
        });
    }
    if let Some(first) = first_missing {
        warnings.push(Warning::new(
            path,
            None,
            format!("{missing} commit(s) missing, first {first} (a partial or damaged clone?); history behind them not read"),
        ));
    }
    Ok(())
}

fn open(path: &str) -> anyhow::Result<gix::Repository> {
    let dir = Path::new(path);
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{path}: no such folder; give the folder of a git repository (the one holding .git) or of a bare repository"
        ),
        Err(e) => bail!("{path}: cannot read: {e}"),
        Ok(m) if !m.is_dir() => bail!(
            "{path}: is a file, not a repository; for text written by `git log` use --git-log"
        ),
        Ok(_) => {}
    }
    match gix::open(dir) {
        Ok(repo) => Ok(repo),
        Err(open_error) => {
            let empty = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none());
            if let Ok(outer) = gix::discover(dir) {
                let root = outer
                    .workdir()
                    .unwrap_or_else(|| outer.git_dir())
                    .display()
                    .to_string();
                if empty {
                    bail!("{path}: empty folder inside the repository at {root} (a submodule not checked out? run `git submodule update --init`, or give {root})");
                }
                bail!("{path}: is a folder inside the repository at {root}; give {root}");
            }
            if empty {
                bail!("{path}: empty folder, not a git repository");
            }
            if dir.join(".git").exists() || dir.join("HEAD").is_file() {
                bail!("{path}: cannot open the repository: {open_error}");
            }
            bail!(
                "{path}: not a git repository (no .git here, and not a bare repository); give the repository's top folder"
            )
        }
    }
}
