//! A repository read directly with gitoxide (no git binary needed): every
//! commit reachable from HEAD (or, given dates, those committed between
//! them),
//! author email mapped by the repository's .mailmap, only the manager's
//! commits kept.

use super::cache::{self, Cache, Cached, Entry, NewEntries};
use super::{is_me, Census, Commit, GitOptions};
use crate::Warning;
use anyhow::bail;
use gix::hashtable::HashSet;
use gix::objs::{commit::ref_iter::Token, CommitRefIter, Find};
use gix::ObjectId;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// How a walk of one repository ended.
#[derive(Debug, Default, Clone, Copy)]
pub struct Walked {
    /// A commit was left unread for its date (the history read is not
    /// the whole history).
    pub stopped_early: bool,
    /// Commits left unread for being committed after the horizon.
    pub after_horizon: u64,
    /// The newest commit date (seconds) at the edge of a shallow clone the
    /// walk reached: before it, the history this clone holds is cut.
    pub shallow_edge: Option<i64>,
}

/// Reads the repository at `path` from HEAD and hands each of the manager's
/// commits to `out` (merges left out unless asked for). With a cutoff (a
/// commit date, in seconds), a commit dated before it is read only for its
/// author date (counted when authored since the cutoff), and the walk ends
/// where more than `OLD_IN_A_ROW` such commits come in a row; with a
/// horizon, a commit dated after it is not read, its parents still
/// followed. Returns whether any commit was left unread for its
/// date, and where a shallow clone's history was reached.
///
/// The walk from HEAD takes the parents and commit dates of commits in the
/// commit-graph file from the graph, without inflating them, and decodes
/// those afterwards on all cores; commits newer than the graph are decoded
/// on the way.
pub fn read_repo(
    path: &str,
    opts: &GitOptions,
    dates: CommitDates,
    warnings: &mut Vec<Warning>,
    out: &mut dyn FnMut(Commit),
    census: &mut Census,
) -> anyhow::Result<Walked> {
    let repo = open(path)?;
    let Some(head_id) = head(&repo, path, warnings)? else {
        return Ok(Walked::default());
    };
    let mailmap = mailmap(&repo, path, warnings);
    warn_of_grafts(&repo, path, warnings);
    let source: Arc<str> = Arc::from(path);
    let context = Context {
        hash_kind: repo.object_hash(),
        mailmap: mailmap.as_ref(),
        opts,
        source: &source,
    };
    let shallow = shallow_commits(&repo);
    let graph = repo.commit_graph_if_enabled().ok().flatten();
    let walk = Walk {
        repo: &repo,
        graph: graph.as_ref(),
        shallow: &shallow,
        context: &context,
        path,
        dates,
        stopped_early: std::cell::Cell::new(false),
        after_horizon: std::cell::Cell::new(0),
        shallow_edge: std::cell::Cell::new(None),
    };
    let (mut found, in_graph) = walk.outside_graph(head_id)?;
    let (to_decode, old) = walk.in_graph(in_graph)?;
    if let Some(graph) = graph.as_ref() {
        let decoder = Decoder {
            repo: &repo,
            graph,
            context: &context,
            path,
        };
        found.merge(decoder.read_walked(&walk, to_decode)?);
        found.merge(decoder.authored_since(&old, dates)?);
    }
    census.merge(std::mem::take(&mut found.census));
    hand_over(found, path, warnings, out);
    Ok(Walked {
        stopped_early: walk.stopped_early.get(),
        after_horizon: walk.after_horizon.get(),
        shallow_edge: walk.shallow_edge.get(),
    })
}

/// The commit dates (seconds) a walk reads between; `None`, no bound.
#[derive(Debug, Default, Clone, Copy)]
pub struct CommitDates {
    /// Commits dated before this are read only for their author dates
    /// (see `OLD_IN_A_ROW`).
    pub cutoff: Option<i64>,
    /// Commits dated after this are not read; their parents are.
    pub horizon: Option<i64>,
}

impl CommitDates {
    /// Whether one of the manager's commits, passed for an old commit
    /// date, counts: authored at or after the cutoff (a commit whose clock
    /// ran behind, or applied keeping its old date).
    fn authored_since_cutoff(&self, commit: &Commit) -> bool {
        self.cutoff
            .is_none_or(|cutoff| commit.author_time.timestamp() >= cutoff)
    }
}

/// The commit HEAD points to; `None` (with a warning) before the first commit.
fn head(
    repo: &gix::Repository,
    path: &str,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<Option<ObjectId>> {
    let head = repo.head().map_err(|e| {
        unsupported_format(repo.git_dir(), path)
            .unwrap_or_else(|| anyhow::anyhow!("{path}: cannot read HEAD: {e}"))
    })?;
    if head.is_unborn() {
        let message = match other_branches(repo).as_slice() {
            [] => "HEAD has no commits yet; nothing to read".to_string(),
            branches => format!(
                "HEAD names branch '{}', which has no commits, and the history is on {}: point HEAD there (`git -C {path} symbolic-ref HEAD refs/heads/{}`); nothing read",
                head.referent_name().map(|n| n.shorten().to_string()).unwrap_or_default(),
                branches.iter().map(|b| format!("'{b}'")).collect::<Vec<_>>().join(", "),
                branches[0]
            ),
        };
        warnings.push(Warning::new(path, None, message));
        return Ok(None);
    }
    let id = head
        .into_peeled_id()
        .map_err(|e| anyhow::anyhow!("{path}: cannot read HEAD: {e}"))?
        .detach();
    Ok(Some(id))
}

/// Up to three local branches (a bare repository whose HEAD names a branch
/// never pushed to it still holds the others).
fn other_branches(repo: &gix::Repository) -> Vec<String> {
    let Ok(references) = repo.references() else {
        return Vec::new();
    };
    let Ok(branches) = references.local_branches() else {
        return Vec::new();
    };
    (branches.flatten())
        .map(|r| r.name().shorten().to_string())
        .take(3)
        .collect()
}

/// git still applies a `.git/info/grafts` file (deprecated since 2.18),
/// and gitoxide does not: the history read may differ from `git log`'s.
fn warn_of_grafts(repo: &gix::Repository, path: &str, warnings: &mut Vec<Warning>) {
    let grafts = repo.common_dir().join("info").join("grafts");
    if std::fs::metadata(&grafts).is_ok_and(|m| m.len() > 0) {
        warnings.push(Warning::new(
            path,
            None,
            "info/grafts is not applied (git deprecated grafts); run `git replace --convert-graft-file` to read the history as git log shows it",
        ));
    }
}

/// The repository's .mailmap, where it has entries.
fn mailmap(
    repo: &gix::Repository,
    path: &str,
    warnings: &mut Vec<Warning>,
) -> Option<gix::mailmap::Snapshot> {
    let mut mailmap = gix::mailmap::Snapshot::default();
    if let Err(e) = repo.open_mailmap_into(&mut mailmap) {
        warnings.push(Warning::new(
            path,
            None,
            format!(".mailmap not fully read: {e}"),
        ));
    }
    let has_entries = mailmap.iter().next().is_some();
    has_entries.then_some(mailmap)
}

/// Commits at the edge of a shallow clone (their parents are not here),
/// sorted.
fn shallow_commits(repo: &gix::Repository) -> Vec<ObjectId> {
    let mut shallow: Vec<ObjectId> = match repo.shallow_commits() {
        Ok(Some(list)) => list.iter().copied().collect(),
        _ => Vec::new(),
    };
    shallow.sort_unstable();
    shallow
}

/// How many commits in a row along a path may be dated before the cutoff
/// and still be followed. A commit whose clock ran far behind (dated 1970),
/// or a series of patches applied with their old dates (`git am
/// --committer-date-is-author-date`, 120 of them in a review's test), then
/// hides nothing committed below it; git's own `--since` goes on 5 commits
/// past one it does not want. Old commits are inflated for their author
/// dates only (at most this many per path below the cutoff).
const OLD_IN_A_ROW: u16 = 1000;

/// Commits of the commit-graph reached so far: which were seen, and those
/// whose parents are still to follow, each with the number of commits
/// before the cutoff in a row on the path that reached it.
struct InGraph {
    seen: Vec<bool>,
    stack: Vec<(gix::commitgraph::Position, u16)>,
}

impl InGraph {
    fn reach(&mut self, pos: gix::commitgraph::Position, old_run: u16) {
        if !std::mem::replace(&mut self.seen[pos.0 as usize], true) {
            self.stack.push((pos, old_run));
        }
    }
}

/// What becomes of a commit on a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Committed within the dates: it is read, and its parents followed.
    Read,
    /// Committed before the cutoff, `old_run`-th such in a row on the
    /// path: read only for its author date; its parents followed.
    Old { old_run: u16 },
    /// Committed after the horizon: not read; its parents followed.
    Future,
    /// Too many old commits in a row: this path of the walk ends here.
    Stop,
}

impl Step {
    /// The run of commits before the cutoff its parents are reached
    /// with; `None` when the path ends.
    fn old_run(self) -> Option<u16> {
        match self {
            Step::Read | Step::Future => Some(0),
            Step::Old { old_run } => Some(old_run),
            Step::Stop => None,
        }
    }
}

/// One walk of one repository from HEAD.
struct Walk<'w> {
    repo: &'w gix::Repository,
    graph: Option<&'w gix::commitgraph::Graph>,
    shallow: &'w [ObjectId],
    context: &'w Context<'w>,
    path: &'w str,
    dates: CommitDates,
    /// Whether a commit was left unread for being dated before the cutoff
    /// (the history read is not the whole history).
    stopped_early: std::cell::Cell<bool>,
    /// How many commits were left unread for being dated after the horizon.
    after_horizon: std::cell::Cell<u64>,
    /// The newest date of a shallow edge reached.
    shallow_edge: std::cell::Cell<Option<i64>>,
}

impl Walk<'_> {
    /// What becomes of a commit dated `time`, reached after `old_run`
    /// commits in a row dated before the cutoff. A commit without a
    /// readable date is read.
    fn step(&self, time: Option<i64>, old_run: u16) -> Step {
        let CommitDates { cutoff, horizon } = self.dates;
        if matches!((horizon, time), (Some(horizon), Some(t)) if t > horizon) {
            self.after_horizon.set(self.after_horizon.get() + 1);
            return Step::Future;
        }
        let old = matches!((cutoff, time), (Some(cutoff), Some(t)) if t < cutoff);
        if !old {
            return Step::Read;
        }
        // A commit left unread for its date: a reach further back must
        // read again (the whole history was not read, even if this path
        // goes on to the root).
        self.stopped_early.set(true);
        if old_run >= OLD_IN_A_ROW {
            return Step::Stop;
        }
        Step::Old {
            old_run: old_run + 1,
        }
    }

    /// Notes a shallow edge reached, dated `time`.
    fn at_shallow_edge(&self, time: Option<i64>) {
        if let Some(t) = time {
            self.shallow_edge.set(self.shallow_edge.get().max(Some(t)));
        }
    }

    /// Walks from HEAD through the commits outside the commit-graph,
    /// decoding each; stops at those in the graph, returned for later.
    fn outside_graph(&self, head_id: ObjectId) -> anyhow::Result<(Found, InGraph)> {
        let mut in_graph = InGraph {
            seen: vec![false; self.graph.map_or(0, |g| g.num_commits() as usize)],
            stack: Vec::new(),
        };
        let mut seen: HashSet<ObjectId> = HashSet::default();
        let mut stack = vec![(head_id, 0)];
        seen.insert(head_id);
        let mut buf = Vec::new();
        let mut parents = Vec::new();
        let mut found = Found::default();
        while let Some((id, old_run)) = stack.pop() {
            if let Some(pos) = self.graph.and_then(|g| g.lookup(id)) {
                in_graph.reach(pos, old_run);
                continue;
            }
            let data = match self.find(&id, &mut buf)? {
                Some(data) if data.kind == gix::object::Kind::Commit => data,
                Some(data) if id == head_id => {
                    bail!(
                        "{}: HEAD points to a {}, not a commit",
                        self.path,
                        data.kind
                    )
                }
                _ => {
                    found.missing(id);
                    continue;
                }
            };
            parents.clear();
            let fields = self.context.fields(data.data, &mut |p| parents.push(p));
            let time = fields.as_ref().and_then(|f| f.committer_time);
            let step = self.step(time, old_run);
            match step.old_run() {
                Some(_) if self.shallow.binary_search(&id).is_ok() => self.at_shallow_edge(time),
                Some(old_run) => {
                    let unseen = parents.drain(..).filter(|&p| seen.insert(p));
                    stack.extend(unseen.map(|p| (p, old_run)));
                }
                None => {}
            }
            // Judged as in the graph (`Decoder::authored_since`): the
            // figures must not depend on whether a commit-graph spared the
            // inflating of the commits not read.
            if matches!(step, Step::Future | Step::Stop) {
                continue;
            }
            let decoded = self.context.judge(id, fields, &mut found.census);
            let uncounted = matches!(&decoded, Decoded::Mine(c)
                if step != Step::Read && !self.dates.authored_since_cutoff(c));
            if !uncounted {
                found.add(decoded);
            }
        }
        Ok((found, in_graph))
    }

    /// The positions of every commit-graph commit reachable from those
    /// reached so far, parents read from the graph (not followed past a
    /// shallow edge): those to read, and those passed for being old (read
    /// only for their author dates).
    fn in_graph(&self, mut in_graph: InGraph) -> anyhow::Result<(Vec<u32>, Vec<u32>)> {
        let Some(graph) = self.graph else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (mut positions, mut old) = (Vec::new(), Vec::new());
        while let Some((pos, old_run)) = in_graph.stack.pop() {
            let commit = graph.commit_at(pos);
            let time = i64::try_from(commit.committer_timestamp()).ok();
            let step = self.step(time, old_run);
            let Some(old_run) = step.old_run() else {
                continue;
            };
            match step {
                Step::Read => positions.push(pos.0),
                Step::Old { .. } => old.push(pos.0),
                Step::Future | Step::Stop => {}
            }
            // Ids are looked at later, in their order; here only at a
            // shallow edge.
            let shallow_edge = !self.shallow.is_empty()
                && (self.shallow)
                    .binary_search_by(|s| s.as_ref().cmp(commit.id()))
                    .is_ok();
            if shallow_edge {
                self.at_shallow_edge(time);
                continue;
            }
            for parent in commit.iter_parents() {
                let parent = parent.map_err(|e| {
                    anyhow::anyhow!("{}: damaged commit-graph file ({e}); run `git commit-graph write --reachable`", self.path)
                })?;
                in_graph.reach(parent, old_run);
            }
        }
        Ok((positions, old))
    }

    /// The object `id`; `None` when it is not in the repository.
    fn find<'b>(
        &self,
        id: &ObjectId,
        buf: &'b mut Vec<u8>,
    ) -> anyhow::Result<Option<gix::objs::Data<'b>>> {
        find_object(self.repo, id, buf, self.path)
    }
}

/// What reading the commit-graph's commits needs.
struct Decoder<'a> {
    repo: &'a gix::Repository,
    graph: &'a gix::commitgraph::Graph,
    context: &'a Context<'a>,
    path: &'a str,
}

impl Decoder<'_> {
    /// The id of the commit at commit-graph position `at`.
    fn id_at(&self, at: u32) -> &gix::oid {
        self.graph.id_at(gix::commitgraph::Position(at))
    }

    /// The commits a walk read in the graph (`positions`): through the
    /// cache when they are many.
    fn read_walked(&self, walk: &Walk, positions: Vec<u32>) -> anyhow::Result<Found> {
        if positions.is_empty() {
            return Ok(Found::default());
        }
        let cache = (positions.len() >= cache::MIN_COMMITS)
            .then(|| Cache::open(self.path, self.repo.object_hash().len_in_bytes()))
            .flatten();
        match cache {
            Some(cache) => {
                // A walk that left commits unread cannot tell which cached
                // commits are no longer reachable: it keeps them all.
                let pruning = !walk.stopped_early.get() && walk.after_horizon.get() == 0;
                self.through_cache(&cache, positions, pruning)
            }
            None => self.decode_all(&positions, false),
        }
    }

    /// Of the commits a walk passed for their commit dates (`old`), the
    /// manager's that count (`CommitDates::authored_since_cutoff`).
    fn authored_since(&self, old: &[u32], dates: CommitDates) -> anyhow::Result<Found> {
        let mut found = self.decode_all(old, false)?;
        found.commits.retain(|c| dates.authored_since_cutoff(c));
        Ok(found)
    }

    /// The commits at `positions`: those cached taken from the cache, the
    /// others decoded (and the cache rewritten with them, without the
    /// commits no longer reached when `pruning`).
    fn through_cache(
        &self,
        cache: &Cache,
        mut positions: Vec<u32>,
        pruning: bool,
    ) -> anyhow::Result<Found> {
        let id_at = &|at| self.id_at(at);
        let hits = cache.split(&mut positions, id_at);
        let mut found = self.context.cached(cache, &hits);
        let mut decoded = self.decode_all(&positions, true)?;
        drop(positions);
        let entries = std::mem::take(&mut decoded.entries);
        found.merge(decoded);
        if !entries.entries.is_empty() {
            if pruning {
                cache.write(&hits, entries, id_at);
            } else {
                cache.write(&cache.all(), entries, id_at);
            }
        }
        Ok(found)
    }

    /// Decodes the commits at `positions` on all cores, a few pieces per
    /// core, and finds the manager's among them; with `for_cache`, keeps
    /// every commit's metadata for the cache.
    ///
    /// A commit is inflated and its header read up to the committer line;
    /// its author is kept as written, once per distinct name and email.
    /// Mapping by .mailmap, counting for the census and matching the
    /// manager's addresses then happen once per author, not once per
    /// commit.
    fn decode_all(&self, positions: &[u32], for_cache: bool) -> anyhow::Result<Found> {
        if positions.is_empty() {
            return Ok(Found::default());
        }
        let shared = self.repo.clone().into_sync();
        // What the threads share (the repository itself is not `Sync`).
        let (graph, context, path) = (self.graph, self.context, self.path);
        // Pieces big enough that each has few authors to repeat, small
        // enough to keep every core busy to the end.
        let piece = (positions.len())
            .div_ceil(rayon::current_num_threads() * 8)
            .max(1024);
        let parts: Vec<anyhow::Result<Part>> = positions
            .par_chunks(piece)
            .map(|positions| {
                let repo = shared.to_thread_local();
                let mut buf = Vec::new();
                let mut part = Part::default();
                for &at in positions {
                    let id = graph.id_at(gix::commitgraph::Position(at)).to_owned();
                    match find_object(&repo, &id, &mut buf, path)? {
                        Some(data) if data.kind == gix::object::Kind::Commit => {
                            context.read(at, id, data.data, &mut part);
                        }
                        _ => part.found.missing(id),
                    }
                }
                Ok(part)
            })
            .collect();
        let parts = parts.into_iter().collect::<anyhow::Result<Vec<Part>>>()?;
        let mut read = NewEntries::default();
        // One allocation for every commit's metadata, not a doubling per part.
        (read.entries).reserve_exact(parts.iter().map(|p| p.read.entries.len()).sum());
        let mut found = Found::default();
        for part in parts {
            read.merge(part.read);
            found.merge(part.found);
        }
        let entries = (read.entries.iter()).map(|e| (e.at, e.metadata()));
        let id_at = |at| self.id_at(at).to_owned();
        found.merge(self.context.judge_authors(&read.identities, entries, id_at));
        if for_cache {
            found.entries = read;
        }
        Ok(found)
    }
}

/// What one piece of [`Decoder::decode_all`] read: every commit with a readable
/// author and date, its author as written; and the rest, judged already.
#[derive(Default)]
struct Part {
    read: NewEntries,
    found: Found,
}

/// The object `id` of `repo`; `None` when it is not there.
fn find_object<'b>(
    repo: &gix::Repository,
    id: &ObjectId,
    buf: &'b mut Vec<u8>,
    path: &str,
) -> anyhow::Result<Option<gix::objs::Data<'b>>> {
    repo.objects.try_find(id, buf).map_err(|e| {
        anyhow::anyhow!(
            "{path}: cannot read commit {id}: {e}; is the repository damaged? (`git fsck` tells)"
        )
    })
}

/// Hands the manager's commits to `out`, then warns of what could not be
/// read.
fn hand_over(found: Found, path: &str, warnings: &mut Vec<Warning>, out: &mut dyn FnMut(Commit)) {
    for commit in found.commits {
        out(commit);
    }
    for (id, message) in found.broken {
        warnings.push(Warning::new(
            path,
            None,
            format!("commit {id}: {message}; skipped"),
        ));
    }
    if let Some(first) = found.first_missing {
        warnings.push(Warning::new(
            path,
            None,
            format!("{} commit(s) missing, first {first} (a partial or damaged clone?); history behind them not read", found.missing),
        ));
    }
}

/// What a walk found: the manager's commits and what could not be read.
#[derive(Default)]
struct Found {
    commits: Vec<Commit>,
    /// Every author met.
    census: Census,
    broken: Vec<(ObjectId, String)>,
    missing: u64,
    first_missing: Option<ObjectId>,
    /// Every commit's metadata, for the cache (only when asked for).
    entries: NewEntries,
}

impl Found {
    fn add(&mut self, decoded: Decoded) {
        match decoded {
            Decoded::Skipped => {}
            Decoded::Mine(commit) => self.commits.push(commit),
            Decoded::Broken(id, message) => self.broken.push((id, message)),
        }
    }

    fn missing(&mut self, id: ObjectId) {
        self.missing += 1;
        self.first_missing.get_or_insert(id);
    }

    fn merge(&mut self, other: Found) {
        self.commits.extend(other.commits);
        self.census.merge(other.census);
        self.broken.extend(other.broken);
        self.missing += other.missing;
        if let Some(id) = other.first_missing {
            self.first_missing.get_or_insert(id);
        }
        self.entries.merge(other.entries);
    }
}

enum Decoded {
    /// Someone else's commit, or a merge left out.
    Skipped,
    Mine(Commit),
    Broken(ObjectId, String),
}

/// What decoding needs, shared by all threads.
struct Context<'a> {
    hash_kind: gix::hash::Kind,
    mailmap: Option<&'a gix::mailmap::Snapshot>,
    opts: &'a GitOptions,
    source: &'a Arc<str>,
}

impl Context<'_> {
    /// One commit, its fields read: the manager's, someone else's (in
    /// `census`), or broken.
    fn judge(&self, id: ObjectId, fields: Option<Fields<'_>>, census: &mut Census) -> Decoded {
        let Some(fields) = fields else {
            return Decoded::Broken(id, "no readable author".into());
        };
        let author = fields.author;
        let (name, email) = self.identity(author.name, author.email);
        census.add(name, email);
        if !self.counts(email, fields.parents) {
            return Decoded::Skipped;
        }
        let Some(author_time) = author
            .time()
            .ok()
            .and_then(|t| chrono::DateTime::from_timestamp(t.seconds, 0))
        else {
            return Decoded::Broken(id, format!("unreadable author date '{}'", author.time));
        };
        Decoded::Mine(self.commit(
            id,
            email,
            author_time,
            fields.committer_time,
            fields.parents,
        ))
    }

    /// The author, committer time and number of parents of a commit
    /// object, its parents handed to `parent`; `None` without a readable
    /// author.
    fn fields<'d>(&self, data: &'d [u8], parent: &mut dyn FnMut(ObjectId)) -> Option<Fields<'d>> {
        let mut parents = 0u32;
        let mut author = None;
        let mut committer = None;
        for token in CommitRefIter::from_bytes(data, self.hash_kind) {
            match token {
                Ok(Token::Parent { id }) => {
                    parents += 1;
                    parent(id);
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
        Some(Fields {
            author: author?,
            committer_time: committer.and_then(|c| c.time().ok()).map(|t| t.seconds),
            parents,
        })
    }

    /// The author's name and email after .mailmap, the email trimmed.
    fn identity<'s>(&'s self, name: &'s [u8], email: &'s [u8]) -> (&'s [u8], &'s [u8]) {
        let signature = gix::actor::SignatureRef {
            name: name.into(),
            email: email.into(),
            time: "",
        };
        let resolved = self.mailmap.and_then(|m| m.try_resolve_ref(signature));
        let email: &[u8] = (resolved.as_ref())
            .and_then(|r| r.email)
            .unwrap_or(email.into())
            .trim_ascii();
        let name: &[u8] = (resolved.as_ref())
            .and_then(|r| r.name)
            .unwrap_or(name.into());
        (name, email)
    }

    /// Whether a commit of this (mapped) author email counts: the
    /// manager's, and not a merge unless merges are asked for.
    fn counts(&self, email: &[u8], parents: u32) -> bool {
        is_me(email, &self.opts.me) && (parents < 2 || self.opts.include_merges)
    }

    /// The manager's commit as handed over.
    fn commit(
        &self,
        id: ObjectId,
        email: &[u8],
        author_time: chrono::DateTime<chrono::Utc>,
        committer_time: Option<i64>,
        parents: u32,
    ) -> Commit {
        Commit {
            hash: id.to_string(),
            email: String::from_utf8_lossy(email).to_lowercase(),
            author_time,
            committer_time: committer_time.and_then(|t| chrono::DateTime::from_timestamp(t, 0)),
            parents,
            source: self.source.clone(),
            line: None,
        }
    }

    /// Reads one commit object, at commit-graph position `at`, into
    /// `part`: its metadata with its author as written, or, when its author
    /// or author date cannot be read, judged alone (rare).
    fn read(&self, at: u32, id: ObjectId, data: &[u8], part: &mut Part) {
        let fields = self.fields(data, &mut |_| {});
        match fields
            .as_ref()
            .and_then(|f| Some((entry(at, f)?, f.author)))
        {
            Some((entry, author)) => part.read.push(entry, author.name, author.email),
            None => {
                let judged = self.judge(id, fields, &mut part.found.census);
                part.found.add(judged);
            }
        }
    }

    /// The commits cached at `hits`, as decoding would have found them.
    fn cached(&self, cache: &Cache, hits: &[usize]) -> Found {
        let commits = hits.iter().map(|&i| (i, cache.at(i)));
        self.judge_authors(&cache.identities, commits, |i| cache.id(i))
    }

    /// The manager's commits among `commits` (a key, and the metadata of a
    /// commit whose author is in `identities`), and the census of their
    /// authors: each identity mapped and matched once, counted per identity.
    /// `id_of` gives the id of the manager's commits only.
    fn judge_authors<K>(
        &self,
        identities: &[cache::Identity],
        commits: impl Iterator<Item = (K, Cached)>,
        id_of: impl Fn(K) -> ObjectId,
    ) -> Found {
        let mut found = Found::default();
        let who: Vec<(&[u8], &[u8], bool)> = (identities.iter())
            .map(|(name, email)| {
                let (name, email) = self.identity(name, email);
                (name, email, is_me(email, &self.opts.me))
            })
            .collect();
        let mut per_identity = vec![0u64; who.len()];
        for (key, c) in commits {
            let (_, email, me) = who[c.identity as usize];
            per_identity[c.identity as usize] += 1;
            if me && (c.parents < 2 || self.opts.include_merges) {
                let time = chrono::DateTime::from_timestamp(c.author_time, 0);
                // Only dates that decode are kept; a damaged cache may hold others.
                let Some(time) = time else { continue };
                let commit = self.commit(id_of(key), email, time, c.committer_time, c.parents);
                found.commits.push(commit);
            }
        }
        for (&(name, email, _), &n) in who.iter().zip(&per_identity) {
            if n > 0 {
                found.census.add_many(name, email, n);
            }
        }
        found
    }
}

/// What twohats reads of a commit object.
struct Fields<'d> {
    author: gix::actor::SignatureRef<'d>,
    committer_time: Option<i64>,
    parents: u32,
}

/// The metadata of the commit at commit-graph position `at` for the cache,
/// its identity to be set; `None` when its author date cannot be read (such
/// a commit is decoded on every run).
fn entry(at: u32, fields: &Fields) -> Option<Entry> {
    Some(Entry {
        at,
        identity: 0,
        // Only dates the decoding would accept.
        author_time: (fields.author.time().ok())
            .filter(|t| chrono::DateTime::from_timestamp(t.seconds, 0).is_some())?
            .seconds,
        committer_time: fields.committer_time,
        parents: fields.parents,
    })
}

/// A repository in a format gitoxide cannot read yet (its config names the
/// extension): what it is, and how to give its history all the same.
fn unsupported_format(git_dir: &Path, path: &str) -> Option<anyhow::Error> {
    let config = std::fs::read_to_string(git_dir.join("config")).ok()?;
    let set = |key: &str, value: &str| {
        config.lines().any(|l| {
            let l = l.trim().to_ascii_lowercase();
            l.split_once('=')
                .is_some_and(|(k, v)| k.trim() == key && v.trim() == value)
        })
    };
    let what = if set("objectformat", "sha256") {
        "a SHA-256 repository"
    } else if set("refstorage", "reftable") {
        "a repository with reftable references"
    } else {
        return None;
    };
    Some(anyhow::anyhow!(
        "{path}: {what}, which twohats cannot read directly yet; give its history as text: `git -C {path} log --pretty=fuller --date=iso-strict > history.log`, then --git-log history.log"
    ))
}

fn open(path: &str) -> anyhow::Result<gix::Repository> {
    let given = Path::new(path);
    // A linked worktree's or a submodule's `.git` is a file naming the
    // repository (`gitdir: …`): its folder is the worktree.
    let is_gitdir_file = given.file_name().is_some_and(|n| n == ".git") && given.is_file();
    let dir = match given.parent() {
        Some(worktree) if is_gitdir_file => match worktree.as_os_str().is_empty() {
            true => Path::new("."),
            false => worktree,
        },
        _ => given,
    };
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
                let git_dir = match dir.join(".git") {
                    d if d.is_dir() => d,
                    _ => dir.to_path_buf(),
                };
                if let Some(e) = unsupported_format(&git_dir, path) {
                    return Err(e);
                }
                bail!("{path}: cannot open the repository: {open_error}");
            }
            bail!(
                "{path}: not a git repository (no .git here, and not a bare repository); give the repository's top folder"
            )
        }
    }
}
