//! Which commits and blobs the history scan reads: HEAD's ancestry first, then every other ref
//! (HEAD hidden), each blob once, with the commits and refs that reach it; PR ranges and shallow
//! clones.

use super::*;

/// One blob to scan.
pub(super) struct BlobEntry {
    pub(super) id: ObjectId,
    /// Index into the ordered commit list: the commit that introduced it.
    pub(super) commit: u32,
    /// The path it had there.
    pub(super) path: String,
}

/// What enumeration found.
#[derive(Default)]
pub(super) struct Enumeration {
    pub(super) commits: Vec<ObjectId>,
    /// Parents of each commit, as indices into `commits` (parents outside the walk left out).
    pub(super) parents: Vec<Vec<u32>>,
    /// Commits `0..head_commits` are reachable from HEAD; they come first.
    pub(super) head_commits: u32,
    /// Each ref tip as (index into `commits`, full ref name).
    pub(super) tips: Vec<(u32, String)>,
    pub(super) blobs: Vec<BlobEntry>,
    pub(super) errors: Vec<EngineError>,
    pub(super) warnings: Vec<Warning>,
    /// PR mode: the commits the range starts from.
    pub(super) base: Vec<ObjectId>,
}

pub(super) fn err(subject: impl Into<String>, message: impl std::fmt::Display) -> EngineError {
    EngineError {
        engine: Engine::Scan,
        subject: subject.into(),
        message: message.to_string(),
    }
}

/// The shallow-clone message, naming the fix for each CI.
pub(crate) const SHALLOW_FIX: &str = "this is a shallow clone, so part of history is missing: fetch full history (GitHub Actions: `fetch-depth: 0` on actions/checkout; GitLab CI: `GIT_DEPTH: 0`; locally: `git fetch --unshallow`), or set `scan.history: false` to scan the working tree only";

/// A ref as it points at an object: the object and the ref's full name.
pub(super) type Tip = (ObjectId, String);

/// The commits every ref points at (peeled through tags), and non-commit targets (a tag of a
/// tree or blob) as extra roots, each with the ref's short name. Symbolic refs
/// (`origin/HEAD`) are left out: they name a ref already listed.
pub(super) fn ref_tips(repo: &gix::Repository, out: &mut Enumeration) -> (Vec<Tip>, Vec<Tip>) {
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
pub(super) fn ordered_commits(
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

pub(super) fn is_shallow(repo: &gix::Repository, out: &mut Enumeration) -> bool {
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
pub(super) fn resolve_commit(repo: &gix::Repository, rev: &str) -> Result<ObjectId, String> {
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

pub(super) fn enumerate(
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

pub(super) fn commit_tree(repo: &gix::Repository, id: ObjectId) -> Result<ObjectId, String> {
    let commit = repo.find_commit(id).map_err(|e| e.to_string())?;
    commit
        .tree_id()
        .map(|t| t.detach())
        .map_err(|e| e.to_string())
}

/// Marks the boundary's trees, then walks `ordered`; returns each commit's index in
/// `out.commits`.
pub(super) fn collect(
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
    pub(super) fn push_commit(&mut self, id: ObjectId, parents: Vec<u32>) -> u32 {
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
    pub(super) fn refs_reaching(&self, wanted: &[u32]) -> HashMap<u32, (Vec<String>, usize)> {
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
pub(super) fn ref_rank(name: &str) -> u8 {
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
