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

mod enumerate;
mod tree;

pub(crate) use enumerate::*;
pub(crate) use tree::*;

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
            let scan = crate::checks::scan_file(rules, &b.path, &text, cfg.hasher, false);
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
