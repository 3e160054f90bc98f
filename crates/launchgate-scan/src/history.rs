//! The git history scan: every blob reachable from any ref (branches, tags, stashes, notes),
//! scanned exactly once, in parallel, with the commit that introduced it.
//!
//! Enumeration walks commits oldest first and each tree once (a tree seen before holds only blobs
//! seen before), so the first commit in which a blob appears is the commit that introduced it,
//! at no extra cost. Only the commits of blobs with findings are decoded for author and date.
//!
//! PR mode (`since`) walks only `since..HEAD` and first marks everything in the trees the range
//! starts from (its boundary commits) as seen: what is left is what the branch introduced.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use gix::ObjectId;
use gix::objs::{Find, FindHeader};
use launchgate_core::{
    CommitRef, Engine, EngineError, EngineOutput, Finding, Location, SecretHasher, SkipReason,
    SkippedItem, Warning,
};

use crate::blob::BlobScan;
use crate::content::{Content, classify};
use crate::matcher::RuleSet;
use crate::progress::Progress;

/// Hard cap on any single allocation gix makes for object data, whatever the repository claims.
/// Blobs larger than the policy's size cap are skipped by their header before being read.
const ALLOC_LIMIT: u64 = 1 << 30;

/// Which part of history to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryMode {
    /// The working tree only.
    Off,
    /// Every blob reachable from every ref.
    All,
    /// Only blobs introduced by `REV..HEAD` (pull-request mode).
    Since(String),
}

/// A split of the blob space: this job scans the blobs whose id falls in shard `index` of
/// `count` (1-based `index`, as in `--shard 2/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// Whether the object belongs to this shard.
    pub fn owns(&self, id: &gix::oid) -> bool {
        let b = id.as_bytes();
        let n = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        n % self.count == self.index - 1
    }
}

/// Opens the repository that contains `path`, whoever owns it.
///
/// A checkout owned by another user (the Docker action: the runner owns the workspace, the
/// container runs as root) is opened with reduced trust, and gix then caps allocations at 16 MiB,
/// so a large blob would fail to decode. We never run hooks or honour repository-configured
/// programs, so reduced trust is fine; the cap is replaced by our own, explicit one.
pub(crate) fn open(path: &Path) -> Result<gix::ThreadSafeRepository, String> {
    let opts = gix::open::Options::default()
        .config_overrides([format!("gitoxide.objects.allocLimit={ALLOC_LIMIT}")]);
    let trust = gix::sec::trust::Mapping {
        full: opts.clone(),
        reduced: opts,
    };
    // Discovery starts from a directory; for a single file, from the one holding it.
    let start = match path.parent() {
        Some(parent) if path.is_file() && !parent.as_os_str().is_empty() => parent,
        Some(_) if path.is_file() => Path::new("."),
        _ => path,
    };
    gix::ThreadSafeRepository::discover_opts(start, Default::default(), trust)
        .map_err(|e| e.to_string())
}

/// One blob to scan.
struct BlobEntry {
    id: ObjectId,
    /// Index into the ordered commit list: the commit that introduced it.
    commit: u32,
    /// The path it had there.
    path: String,
}

/// What enumeration found.
#[derive(Default)]
struct Enumeration {
    commits: Vec<ObjectId>,
    /// Parents of each commit, as indices into `commits` (parents outside the walk left out).
    parents: Vec<Vec<u32>>,
    /// Commits `0..head_commits` are reachable from HEAD; they come first.
    head_commits: u32,
    /// Each ref tip as (index into `commits`, full ref name).
    tips: Vec<(u32, String)>,
    blobs: Vec<BlobEntry>,
    errors: Vec<EngineError>,
    warnings: Vec<Warning>,
    /// PR mode: the commits the range starts from.
    base: Vec<ObjectId>,
}

fn err(subject: impl Into<String>, message: impl std::fmt::Display) -> EngineError {
    EngineError {
        engine: Engine::Scan,
        subject: subject.into(),
        message: message.to_string(),
    }
}

/// The shallow-clone message, naming the fix for each CI.
pub(crate) const SHALLOW_FIX: &str = "this is a shallow clone, so part of history is missing: fetch full history (GitHub Actions: `fetch-depth: 0` on actions/checkout; GitLab CI: `GIT_DEPTH: 0`; locally: `git fetch --unshallow`), or set `scan.history: false` to scan the working tree only";

/// A ref as it points at an object: the object and the ref's full name.
type Tip = (ObjectId, String);

/// The commits every ref points at (peeled through tags), and non-commit targets (a tag of a
/// tree or blob) as extra roots, each with the ref's short name. Symbolic refs
/// (`origin/HEAD`) are left out: they name a ref already listed.
fn ref_tips(repo: &gix::Repository, out: &mut Enumeration) -> (Vec<Tip>, Vec<Tip>) {
    let mut commits = Vec::new();
    let mut others = Vec::new();
    let platform = match repo.references() {
        Ok(p) => p,
        Err(e) => {
            out.errors.push(err("refs", e));
            return (commits, others);
        }
    };
    let iter = match platform.all() {
        Ok(i) => i,
        Err(e) => {
            out.errors.push(err("refs", e));
            return (commits, others);
        }
    };
    for r in iter {
        let mut r = match r {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(err("refs", e));
                continue;
            }
        };
        if matches!(r.target(), gix::refs::TargetRef::Symbolic(_)) {
            continue;
        }
        let name = r.name().as_bstr().to_string();
        match r.peel_to_id() {
            Ok(id) => match id.header().map(|h| h.kind()) {
                Ok(gix::objs::Kind::Commit) => commits.push((id.detach(), name)),
                Ok(_) => others.push((id.detach(), name)),
                Err(e) => out.errors.push(err(name, e)),
            },
            Err(e) => out.errors.push(err(name, e)),
        }
    }
    // A detached HEAD is under no ref.
    if matches!(repo.head_name(), Ok(None))
        && let Ok(id) = repo.head_id()
    {
        commits.push((id.detach(), "HEAD".to_owned()));
    }
    commits.sort();
    commits.dedup();
    others.sort();
    others.dedup();
    (commits, others)
}

/// Commits reachable from `tips` and not from `hidden`, parents before children.
fn ordered_commits(
    repo: &gix::Repository,
    tips: &[ObjectId],
    hidden: &[ObjectId],
    out: &mut Enumeration,
) -> Vec<(ObjectId, Vec<ObjectId>)> {
    let walk = repo
        .rev_walk(tips.iter().copied())
        .with_hidden(hidden.iter().copied())
        .all();
    let walk = match walk {
        Ok(w) => w,
        Err(e) => {
            out.errors.push(err("history", e));
            return Vec::new();
        }
    };
    let mut infos: Vec<(ObjectId, Vec<ObjectId>)> = Vec::new();
    for info in walk {
        match info {
            Ok(info) => {
                let parents = info.parent_ids().map(|p| p.detach()).collect();
                infos.push((info.id, parents));
            }
            Err(e) => {
                out.errors.push(err("history", e));
                break;
            }
        }
    }
    // Kahn's algorithm: a commit comes after all of its parents that are in the set.
    let index: HashMap<ObjectId, usize> = infos
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut pending = vec![0usize; infos.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); infos.len()];
    for (i, (_, parents)) in infos.iter().enumerate() {
        for p in parents {
            if let Some(&pi) = index.get(p) {
                pending[i] += 1;
                children[pi].push(i);
            }
        }
    }
    // The walk yields newest first; starting from the end keeps roots in a stable order.
    let mut ready: Vec<usize> = (0..infos.len())
        .rev()
        .filter(|&i| pending[i] == 0)
        .collect();
    ready.reverse();
    let mut order = Vec::with_capacity(infos.len());
    while let Some(i) = ready.pop() {
        order.push(i);
        for &c in children[i].iter().rev() {
            pending[c] -= 1;
            if pending[c] == 0 {
                ready.push(c);
            }
        }
    }
    let mut slots: Vec<Option<(ObjectId, Vec<ObjectId>)>> = infos.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Which history paths are scanned, and which paths a blob must be scanned at separately.
///
/// A blob is scanned once per *path class*: the set of path-dependent decisions (rules that skip
/// tests or docs, the `.env` check, paths the policy ignores). A blob first committed under
/// `tests/` and later copied to `src/` is scanned at both, so a path-scoped rule or ignore entry
/// cannot hide a secret that also lives where it applies.
pub(crate) struct PathFilter<'a> {
    /// Only paths under this (the scanned subdirectory, `services/api/`); empty for all.
    pub(crate) prefix: &'a str,
    /// Only this path (a single scanned file).
    pub(crate) exact: Option<&'a str>,
    pub(crate) include: Option<&'a globset::GlobSet>,
    pub(crate) exclude: Option<&'a globset::GlobSet>,
    /// Globs the policy ignores some findings under.
    pub(crate) classes: Option<&'a globset::GlobSet>,
    pub(crate) rules: Option<&'a RuleSet>,
}

impl PathFilter<'_> {
    /// No filtering and a single class: every blob once (HEAD's blob set).
    const ALL: PathFilter<'static> = PathFilter {
        prefix: "",
        exact: None,
        include: None,
        exclude: None,
        classes: None,
        rules: None,
    };

    fn admits(&self, path: &str) -> bool {
        path.starts_with(self.prefix)
            && self.exact.is_none_or(|e| e == path)
            && self.include.is_none_or(|inc| inc.is_match(path))
            && self.exclude.is_none_or(|ex| !ex.is_match(path))
    }

    /// Whether tagged blobs (which have no path) belong to the scan.
    fn admits_pathless(&self) -> bool {
        self.prefix.is_empty() && self.exact.is_none() && self.include.is_none()
    }

    /// A hash of the path-dependent decisions at `path`.
    pub(crate) fn class(&self, path: &str) -> u64 {
        let mut h: u64 = 0;
        let mut mix = |tag: u64, i: usize| {
            h = (h.rotate_left(7) ^ (tag << 32 | i as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        };
        if let Some(rules) = self.rules {
            rules.path_class(path, &mut mix);
        }
        if crate::checks::env_file_committed::is_env_file(path) {
            mix(2, 0);
        }
        if let Some(c) = self.classes {
            for i in c.matches(path) {
                mix(3, i);
            }
        }
        h
    }
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(s)
}

/// Where a blob was seen: the first path (hashed) and the path classes it was recorded under.
struct Seen {
    path: u64,
    classes: Vec<u64>,
}

/// Walks trees, each once per path, recording blobs not seen before in their path class.
struct TreeWalker<'r, 'f> {
    repo: &'r gix::Repository,
    filter: &'f PathFilter<'f>,
    /// (tree, hash of the path it sits at): a tree moved to another directory is walked again,
    /// since its paths, and so the rules that apply to them, changed.
    seen_trees: std::collections::HashSet<(ObjectId, u64)>,
    seen_blobs: gix::hashtable::HashMap<ObjectId, Seen>,
    buf: Vec<u8>,
}

impl<'r, 'f> TreeWalker<'r, 'f> {
    fn new(repo: &'r gix::Repository, filter: &'f PathFilter<'f>) -> Self {
        TreeWalker {
            repo,
            filter,
            seen_trees: Default::default(),
            seen_blobs: Default::default(),
            buf: Vec::new(),
        }
    }

    /// Records `id` at `path`; true if it is new there (a new blob, or a known blob in a path
    /// class it was not scanned in).
    fn record(&mut self, id: ObjectId, path: &str) -> bool {
        let path_hash = hash_str(path);
        match self.seen_blobs.get_mut(&id) {
            None => {
                let class = self.filter.class(path);
                self.seen_blobs.insert(
                    id,
                    Seen {
                        path: path_hash,
                        classes: vec![class],
                    },
                );
                true
            }
            // The common case: the same file at the same place in another commit.
            Some(seen) if seen.path == path_hash => false,
            Some(seen) => {
                let class = self.filter.class(path);
                if seen.classes.contains(&class) {
                    false
                } else {
                    seen.classes.push(class);
                    true
                }
            }
        }
    }

    /// Visits `root`; new blobs are pushed to `blobs` unless `mark_only`.
    fn visit(
        &mut self,
        root: ObjectId,
        commit: u32,
        mark_only: bool,
        blobs: &mut Vec<BlobEntry>,
        errors: &mut Vec<EngineError>,
    ) {
        let hash_kind = self.repo.object_hash();
        let mut stack: Vec<(ObjectId, String)> = vec![(root, String::new())];
        while let Some((tree, prefix)) = stack.pop() {
            if !self.seen_trees.insert((tree, hash_str(&prefix))) {
                continue;
            }
            let data = match self.repo.objects.try_find(&tree, &mut self.buf) {
                Ok(Some(d)) if d.kind == gix::objs::Kind::Tree => d.data,
                Ok(Some(d)) => {
                    errors.push(err(
                        format!("tree {tree}"),
                        format!("expected a tree, found a {}", d.kind),
                    ));
                    continue;
                }
                Ok(None) => {
                    errors.push(err(format!("tree {tree}"), "object is missing"));
                    continue;
                }
                Err(e) => {
                    errors.push(err(format!("tree {tree}"), e));
                    continue;
                }
            };
            let mut new_blobs: Vec<(ObjectId, String)> = Vec::new();
            for entry in gix::objs::TreeRefIter::from_bytes(data, hash_kind) {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        errors.push(err(format!("tree {tree}"), format!("malformed: {e}")));
                        break;
                    }
                };
                let name = String::from_utf8_lossy(entry.filename);
                let path = format!("{prefix}{name}");
                let id = entry.oid.to_owned();
                if entry.mode.is_tree() {
                    stack.push((id, format!("{path}/")));
                } else if entry.mode.is_blob() && self.filter.admits(&path) {
                    new_blobs.push((id, path));
                }
                // Symbolic links and submodule commits are not content of this repository.
            }
            for (id, path) in new_blobs {
                if self.record(id, &path) && !mark_only {
                    blobs.push(BlobEntry { id, commit, path });
                }
            }
        }
    }
}

fn is_shallow(repo: &gix::Repository, out: &mut Enumeration) -> bool {
    match repo.is_shallow() {
        Ok(s) => s,
        Err(e) => {
            out.errors.push(err(
                "history",
                format!("cannot tell whether this clone is shallow: {e}"),
            ));
            false
        }
    }
}

/// The commit `rev` names, peeling annotated tags.
fn resolve_commit(repo: &gix::Repository, rev: &str) -> Result<ObjectId, String> {
    let spec = format!("{rev}^{{commit}}");
    repo.rev_parse_single(spec.as_str())
        .map(|id| id.detach())
        .map_err(|e| e.to_string())
}

/// Whether `rev..HEAD` holds no commit: HEAD is `rev` or already part of it (a push to the
/// base branch itself). PR mode then has nothing to scan, so the caller scans all of history.
pub(crate) fn since_is_empty(ts: &gix::ThreadSafeRepository, rev: &str) -> Result<bool, String> {
    let repo = ts.to_thread_local();
    let head = repo
        .head_id()
        .map_err(|e| format!("--since needs a commit checked out: {e}"))?
        .detach();
    let base = match resolve_commit(&repo, rev) {
        Ok(b) => b,
        // `enumerate` reports this with the shallow-clone advice where it applies.
        Err(_) => return Ok(false),
    };
    if head == base {
        return Ok(true);
    }
    let mut walk = repo
        .rev_walk([head])
        .with_hidden([base])
        .all()
        .map_err(|e| e.to_string())?;
    Ok(walk.next().is_none())
}

fn enumerate(
    repo: &gix::Repository,
    mode: &HistoryMode,
    shard: Option<Shard>,
    filter: &PathFilter<'_>,
) -> Result<Enumeration, String> {
    let mut out = Enumeration::default();
    if *mode == HistoryMode::Off {
        return Ok(out);
    }
    let shallow = is_shallow(repo, &mut out);
    let (tips, hidden) = match mode {
        HistoryMode::Off => return Ok(out),
        HistoryMode::All => {
            let (commits, others) = ref_tips(repo, &mut out);
            if shallow {
                out.errors.push(err("history", SHALLOW_FIX));
            }
            let mut walker = TreeWalker::new(repo, filter);
            // HEAD's history first, then what only other refs reach: a blob both hold is then
            // attributed to a commit of the checked-out branch, and the two parts stay apart.
            let head: Vec<ObjectId> = repo.head_id().map(|id| id.detach()).into_iter().collect();
            let mut ordered = ordered_commits(repo, &head, &[], &mut out);
            out.head_commits = ordered.len() as u32;
            let rest: Vec<ObjectId> = commits.iter().map(|(id, _)| *id).collect();
            ordered.extend(ordered_commits(repo, &rest, &head, &mut out));
            let index = collect(&mut walker, repo, &ordered, &[], &mut out);
            out.tips = commits
                .into_iter()
                .filter_map(|(id, name)| index.get(&id).map(|&i| (i, name)))
                .collect();
            // Tags of trees or blobs.
            for (id, name) in others {
                match repo.find_header(id).map(|h| h.kind()) {
                    Ok(gix::objs::Kind::Tree) => {
                        let c = out.push_commit(id, Vec::new());
                        out.tips.push((c, name));
                        walker.visit(id, c, false, &mut out.blobs, &mut out.errors);
                    }
                    Ok(gix::objs::Kind::Blob) => {
                        let path = format!("(tagged blob {})", id.to_hex_with_len(12));
                        if filter.admits_pathless() && walker.record(id, &path) {
                            let c = out.push_commit(id, Vec::new());
                            out.tips.push((c, name));
                            out.blobs.push(BlobEntry {
                                id,
                                commit: c,
                                path,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(e) => out.errors.push(err(format!("tagged object {id}"), e)),
                }
            }
            if let Some(s) = shard {
                out.blobs.retain(|b| s.owns(&b.id));
            }
            return Ok(out);
        }
        HistoryMode::Since(rev) => {
            let head = repo
                .head_id()
                .map_err(|e| format!("--since needs a commit checked out: {e}"))?
                .detach();
            let base = match resolve_commit(repo, rev) {
                Ok(id) => id,
                // gix's own words name its internals; the user needs what to do.
                Err(e) if shallow => {
                    tracing::debug!(error = %e, "resolving the base revision");
                    return Err(format!(
                        "cannot find the base revision `{rev}` in this shallow clone; {SHALLOW_FIX}"
                    ));
                }
                Err(e) => {
                    tracing::debug!(error = %e, "resolving the base revision");
                    return Err(format!(
                        "cannot find the base revision `{rev}`: no commit, branch or tag of that name here (check the spelling; in CI, fetch it first: `git fetch origin {rev}`)"
                    ));
                }
            };
            (vec![head], vec![base])
        }
    };
    let mut walker = TreeWalker::new(repo, filter);
    let ordered = ordered_commits(repo, &tips, &hidden, &mut out);
    if shallow {
        let cut: Vec<ObjectId> = match repo.shallow_commits() {
            Ok(c) => c.map(|c| c.iter().copied().collect()).unwrap_or_default(),
            Err(e) => return Err(format!("cannot read the shallow-clone boundary: {e}")),
        };
        if ordered.iter().any(|(id, _)| cut.contains(id)) {
            return Err(format!(
                "the history between the base revision and HEAD is cut off; {SHALLOW_FIX}"
            ));
        }
    }
    // Everything in the trees the range starts from is old; mark it before walking the range.
    let in_range: gix::hashtable::HashSet<ObjectId> = ordered.iter().map(|(id, _)| *id).collect();
    let mut boundary: Vec<ObjectId> = ordered
        .iter()
        .flat_map(|(_, parents)| parents.iter().copied())
        .filter(|p| !in_range.contains(p))
        .chain(hidden.iter().copied())
        .collect();
    boundary.sort();
    boundary.dedup();
    collect(&mut walker, repo, &ordered, &boundary, &mut out);
    // Every commit of the range is HEAD's.
    out.head_commits = out.commits.len() as u32;
    if out.head_commits > 0 {
        let name = match repo.head_name() {
            Ok(Some(name)) => name.as_bstr().to_string(),
            _ => "HEAD".to_owned(),
        };
        // Parents come first, so the range's tip is its last commit.
        out.tips.push((out.head_commits - 1, name));
    }
    out.base = boundary;
    if let Some(s) = shard {
        out.blobs.retain(|b| s.owns(&b.id));
    }
    Ok(out)
}

fn commit_tree(repo: &gix::Repository, id: ObjectId) -> Result<ObjectId, String> {
    let commit = repo.find_commit(id).map_err(|e| e.to_string())?;
    commit
        .tree_id()
        .map(|t| t.detach())
        .map_err(|e| e.to_string())
}

/// Marks the boundary's trees, then walks `ordered`; returns each commit's index in
/// `out.commits`.
fn collect(
    walker: &mut TreeWalker<'_, '_>,
    repo: &gix::Repository,
    ordered: &[(ObjectId, Vec<ObjectId>)],
    boundary: &[ObjectId],
    out: &mut Enumeration,
) -> HashMap<ObjectId, u32> {
    for b in boundary {
        match commit_tree(repo, *b) {
            Ok(tree) => walker.visit(tree, 0, true, &mut out.blobs, &mut out.errors),
            Err(e) => out.errors.push(err(format!("commit {b}"), e)),
        }
    }
    let mut index: HashMap<ObjectId, u32> = HashMap::with_capacity(ordered.len());
    for (id, parents) in ordered {
        let parents = parents
            .iter()
            .filter_map(|p| index.get(p).copied())
            .collect();
        let idx = out.push_commit(*id, parents);
        index.insert(*id, idx);
        match commit_tree(repo, *id) {
            Ok(tree) => walker.visit(tree, idx, false, &mut out.blobs, &mut out.errors),
            Err(e) => out.errors.push(err(format!("commit {id}"), e)),
        }
    }
    index
}

impl Enumeration {
    /// Appends a commit (or a tagged tree or blob) and returns its index.
    fn push_commit(&mut self, id: ObjectId, parents: Vec<u32>) -> u32 {
        let idx = self.commits.len() as u32;
        self.commits.push(id);
        self.parents.push(parents);
        idx
    }

    /// The names of the refs whose history holds each of `wanted` (commit indices), branches
    /// before tags, capped at [`CommitRef::MAX_REFS`] with the total.
    ///
    /// One pass in commit order (parents first) carries, for each commit, the set of wanted
    /// commits among its ancestors; a ref reaches what its tip's set holds. The sets are bit
    /// vectors over at most 256 wanted commits at a time, so memory stays at 32 bytes a commit.
    fn refs_reaching(&self, wanted: &[u32]) -> HashMap<u32, (Vec<String>, usize)> {
        const BATCH_WORDS: usize = 4;
        let mut found: HashMap<u32, Vec<&str>> = HashMap::new();
        for batch in wanted.chunks(BATCH_WORDS * 64) {
            let bit: HashMap<u32, usize> = batch.iter().enumerate().map(|(b, &c)| (c, b)).collect();
            let words = batch.len().div_ceil(64);
            let mut sets = vec![0u64; self.commits.len() * words];
            for c in 0..self.commits.len() {
                for &p in &self.parents[c] {
                    let (p, c) = (p as usize * words, c * words);
                    for w in 0..words {
                        sets[c + w] |= sets[p + w];
                    }
                }
                if let Some(&b) = bit.get(&(c as u32)) {
                    sets[c * words + b / 64] |= 1 << (b % 64);
                }
            }
            for (tip, name) in &self.tips {
                let set = &sets[*tip as usize * words..][..words];
                for (b, &c) in batch.iter().enumerate() {
                    if set[b / 64] >> (b % 64) & 1 == 1 {
                        found.entry(c).or_default().push(name);
                    }
                }
            }
        }
        found
            .into_iter()
            .map(|(c, mut names)| {
                names.sort_by_key(|n| (ref_rank(n), *n));
                names.dedup();
                let total = names.len();
                let names = names
                    .into_iter()
                    .take(CommitRef::MAX_REFS)
                    .map(|n| short_ref(n).to_owned())
                    .collect();
                (c, (names, total))
            })
            .collect()
    }
}

/// Sort rank of a full ref name: `HEAD`, local branches, remote branches, tags, the rest.
fn ref_rank(name: &str) -> u8 {
    const ORDER: [&str; 3] = ["refs/heads/", "refs/remotes/", "refs/tags/"];
    if name == "HEAD" {
        return 0;
    }
    ORDER
        .iter()
        .position(|p| name.starts_with(p))
        .map_or(4, |i| i as u8 + 1)
}

/// A ref's name as people say it: `main`, `origin/feature/x`, `v1.2.0`, `stash`.
pub(crate) fn short_ref(name: &str) -> &str {
    ["refs/heads/", "refs/remotes/", "refs/tags/", "refs/"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name)
}

/// A history finding before it is merged with the working tree's.
pub(crate) struct HistoryFinding {
    pub(crate) finding: Finding,
    /// The blob it was found in.
    pub(crate) blob: ObjectId,
    /// Position of the introducing commit in oldest-first order (lower is older), HEAD's
    /// history before what only other refs hold.
    pub(crate) order: u32,
    /// Whether the checked-out branch (HEAD) reaches the introducing commit.
    pub(crate) on_head: bool,
}

/// What the history scan produced.
#[derive(Default)]
pub(crate) struct HistoryOutput {
    pub(crate) findings: Vec<HistoryFinding>,
    pub(crate) output: EngineOutput,
}

/// Settings the history scan shares with the working-tree scan.
pub(crate) struct HistoryConfig<'a> {
    pub(crate) mode: &'a HistoryMode,
    pub(crate) shard: Option<Shard>,
    pub(crate) max_file_size: u64,
    pub(crate) threads: usize,
    pub(crate) hasher: &'a SecretHasher,
    /// Which paths are scanned, and at which a blob must be scanned again.
    pub(crate) filter: PathFilter<'a>,
    pub(crate) progress: &'a Progress,
}

/// Scans history. `Err` is a run that cannot start (a bad `--since`, a shallow clone in PR
/// mode); problems with single objects are recorded as errors and the rest is scanned.
pub(crate) fn scan(
    rules: &RuleSet,
    ts: &gix::ThreadSafeRepository,
    cfg: &HistoryConfig<'_>,
) -> Result<HistoryOutput, String> {
    let repo = ts.to_thread_local();
    let mut e = enumerate(&repo, cfg.mode, cfg.shard, &cfg.filter)?;
    let mut out = HistoryOutput::default();
    out.output.errors.append(&mut e.errors);
    out.output.warnings.append(&mut e.warnings);
    out.output.stats.commits_scanned = e.commits.len() as u64;
    cfg.progress.start_history(e.blobs.len() as u64);

    let next = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let results: Mutex<Vec<(usize, BlobScan)>> = Mutex::new(Vec::new());
    let problems: Mutex<EngineOutput> = Mutex::new(EngineOutput::default());
    let threads = match cfg.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    // Blobs vary from bytes to megabytes: hand them out a few at a time so no thread is left
    // with a tail of large ones.
    const CHUNK: usize = 4;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let repo = ts.to_thread_local();
                let mut buf = Vec::new();
                let mut local: Vec<(usize, BlobScan)> = Vec::new();
                let mut local_out = EngineOutput::default();
                loop {
                    let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                    if start >= e.blobs.len() {
                        break;
                    }
                    for i in start..(start + CHUNK).min(e.blobs.len()) {
                        let b = &e.blobs[i];
                        let n = scan_one(rules, &repo, b, cfg, &mut buf, &mut local_out);
                        if let Some(scan) = n.1
                            && (!scan.findings.is_empty() || !scan.warnings.is_empty())
                        {
                            local.push((i, scan));
                        }
                        bytes.fetch_add(n.0, Ordering::Relaxed);
                        cfg.progress.blob_done(n.0);
                    }
                }
                results
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(local);
                let mut p = problems.lock().unwrap_or_else(|p| p.into_inner());
                p.errors.extend(local_out.errors);
                p.skipped.extend(local_out.skipped);
                p.stats.binary_files_skipped += local_out.stats.binary_files_skipped;
                p.stats.blobs_scanned += local_out.stats.blobs_scanned;
            });
        }
    });
    let problems = problems.into_inner().unwrap_or_else(|p| p.into_inner());
    out.output.errors.extend(problems.errors);
    out.output.skipped.extend(problems.skipped);
    out.output.stats.binary_files_skipped += problems.stats.binary_files_skipped;
    out.output.stats.blobs_scanned = problems.stats.blobs_scanned;
    out.output.stats.history_bytes_scanned = bytes.load(Ordering::Relaxed);

    // Attribution, only for blobs with findings.
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let mut base_cache: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
    // PR mode: a secret the base already had at this path (the branch edited another line of
    // the file) is not the branch's doing.
    if !e.base.is_empty() {
        for (i, scan) in &mut results {
            let b = &e.blobs[*i];
            let old = base_cache
                .entry(b.path.clone())
                .or_insert_with(|| base_fingerprints(rules, &repo, &e.base, &b.path, cfg));
            scan.findings
                .retain(|f| !old.contains(f.fingerprint.as_str()));
            if scan.findings.is_empty() {
                scan.warnings.clear();
            }
        }
    }
    let mut wanted: Vec<u32> = results
        .iter()
        .filter(|(_, s)| !s.findings.is_empty())
        .map(|(i, _)| e.blobs[*i].commit)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut reach = e.refs_reaching(&wanted);
    let mut commit_refs: HashMap<u32, CommitRef> = HashMap::new();
    for (i, scan) in results {
        out.output.warnings.extend(scan.warnings);
        if scan.findings.is_empty() {
            continue;
        }
        let b = &e.blobs[i];
        let cref = commit_refs
            .entry(b.commit)
            .or_insert_with(|| {
                let mut c = commit_ref(&repo, e.commits[b.commit as usize]);
                if let Some((refs, total)) = reach.remove(&b.commit) {
                    c.refs_total = (total > refs.len()).then_some(total);
                    c.refs = refs;
                }
                c
            })
            .clone();
        for mut f in scan.findings {
            if let Location::File(l) = &mut f.location {
                l.commit = Some(cref.clone());
            }
            out.findings.push(HistoryFinding {
                finding: f,
                blob: b.id,
                order: b.commit,
                on_head: b.commit < e.head_commits,
            });
        }
    }
    Ok(out)
}

/// Reads and scans one blob. Returns the bytes read and the scan, if it was scanned.
fn scan_one(
    rules: &RuleSet,
    repo: &gix::Repository,
    b: &BlobEntry,
    cfg: &HistoryConfig<'_>,
    buf: &mut Vec<u8>,
    out: &mut EngineOutput,
) -> (u64, Option<BlobScan>) {
    let subject = || format!("{} (blob {})", b.path, b.id.to_hex_with_len(12));
    match repo.objects.try_header(&b.id) {
        Ok(Some(h)) if h.size > cfg.max_file_size => {
            out.skipped.push(SkippedItem {
                engine: Engine::Scan,
                subject: subject(),
                reason: SkipReason::TooLarge {
                    size: h.size,
                    limit: cfg.max_file_size,
                },
            });
            return (0, None);
        }
        Ok(Some(_)) => {}
        Ok(None) => {
            out.errors.push(err(subject(), "object is missing"));
            return (0, None);
        }
        Err(e) => {
            out.errors.push(err(subject(), e));
            return (0, None);
        }
    }
    let data = match repo.objects.try_find(&b.id, buf) {
        Ok(Some(d)) => d.data,
        Ok(None) => {
            out.errors.push(err(subject(), "object is missing"));
            return (0, None);
        }
        Err(e) => {
            out.errors.push(err(subject(), e));
            return (0, None);
        }
    };
    let n = data.len() as u64;
    match classify(data) {
        Content::Binary => {
            out.stats.binary_files_skipped += 1;
            (n, None)
        }
        Content::Text(text) => {
            out.stats.blobs_scanned += 1;
            // History is not build output: a map there is read for the sources it embeds.
            let scan = crate::checks::source_map_shipped::scan_text(
                rules, &b.path, &text, cfg.hasher, false,
            );
            (n, Some(scan))
        }
    }
}

/// Fingerprints of what the base commits hold at `path` (scanned the same way).
fn base_fingerprints(
    rules: &RuleSet,
    repo: &gix::Repository,
    base: &[ObjectId],
    path: &str,
    cfg: &HistoryConfig<'_>,
) -> std::collections::HashSet<String> {
    let mut fps = std::collections::HashSet::new();
    for commit in base {
        let Ok(tree) = repo.find_commit(*commit).map(|c| c.tree()) else {
            continue;
        };
        let Ok(tree) = tree else {
            continue;
        };
        let Ok(Some(entry)) = tree.lookup_entry_by_path(path) else {
            continue;
        };
        if !entry.mode().is_blob() {
            continue;
        }
        let b = BlobEntry {
            id: entry.object_id(),
            commit: 0,
            path: path.to_owned(),
        };
        let mut sink = EngineOutput::default();
        if let (_, Some(scan)) = scan_one(rules, repo, &b, cfg, &mut Vec::new(), &mut sink) {
            fps.extend(
                scan.findings
                    .into_iter()
                    .map(|f| f.fingerprint.as_str().to_owned()),
            );
        }
    }
    fps
}

/// Author and date of a commit; the id alone if it cannot be read.
fn commit_ref(repo: &gix::Repository, id: ObjectId) -> CommitRef {
    let mut r = CommitRef {
        sha: id.to_string(),
        ..Default::default()
    };
    if let Ok(c) = repo.find_commit(id)
        && let Ok(a) = c.author()
    {
        let a = a.trim();
        r.author = Some(format!("{} <{}>", a.name, a.email));
        if let Ok(t) = a.time() {
            r.date = jiff::Timestamp::from_second(t.seconds)
                .ok()
                .map(|ts| ts.to_string());
        }
    }
    r
}

/// The blobs of HEAD's tree: a history finding in one of them is still in the checkout.
pub(crate) fn head_blobs(repo: &gix::Repository) -> gix::hashtable::HashSet<ObjectId> {
    let mut walker = TreeWalker::new(repo, &PathFilter::ALL);
    if let Ok(id) = repo.head_id()
        && let Ok(tree) = commit_tree(repo, id.detach())
    {
        walker.visit(tree, 0, true, &mut Vec::new(), &mut Vec::new());
    }
    walker.seen_blobs.into_keys().collect()
}

/// The git blob id of `data`, to recognise a working-tree file that is also a history blob.
pub(crate) fn blob_id(data: &[u8]) -> Option<ObjectId> {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, data).ok()
}
