//! The working-tree scan: a parallel walk (ripgrep's `ignore` walker) that honours `.gitignore`,
//! the policy's include/exclude globs and its size cap, skips binaries, and scans every other
//! file. A file that cannot be read is recorded as an error and the walk goes on.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use launchgate_core::{
    Area, Engine, EngineError, EngineOutput, EngineStats, SecretHasher, SkipReason, SkippedItem,
};

use crate::ScanError;
use crate::content::{Content, classify};
use crate::matcher::RuleSet;

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// The directory (or single file) to scan.
    pub root: PathBuf,
    /// Prepended to paths in findings, so they are relative to the repository root when `root`
    /// is a subdirectory of it (e.g. `services/api/`). Empty for the repository root.
    pub path_prefix: String,
    /// Only paths matching one of these globs are scanned (empty: all).
    pub include: Vec<String>,
    /// Paths matching one of these globs are not scanned.
    pub exclude: Vec<String>,
    /// Files larger than this are skipped and listed.
    pub max_file_size: u64,
    /// The cap for files in build output (`bundles`): what ships is often one big bundle.
    pub max_bundle_file_size: u64,
    /// Honour `.gitignore` and `.git/info/exclude`.
    pub gitignore: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Keyed hash for fingerprints and evidence.
    pub hasher: SecretHasher,
    /// Which part of git history to scan as well.
    pub history: crate::HistoryMode,
    /// Scan only this share of the blobs (CI matrix jobs).
    pub shard: Option<crate::Shard>,
    /// Build-output directories (globs relative to `root`), scanned even when `.gitignore`
    /// hides them; `.map` files in them are findings and their sources are scanned.
    pub bundles: Vec<String>,
    /// Draw a progress line on stderr.
    pub progress: bool,
    /// Globs that change how findings are treated (the policy's `ignore` paths). A history blob
    /// committed at a matching path and at another is scanned at both, so an ignore entry for
    /// one place cannot hide the secret at the other.
    pub path_classes: Vec<String>,
}

pub(crate) fn globset(globs: &[String]) -> Result<Option<GlobSet>, ScanError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| ScanError::Glob {
                glob: g.clone(),
                message: e.to_string(),
            })?;
        b.add(glob);
    }
    b.build().map(Some).map_err(|e| ScanError::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

/// The path shown in findings for a file under `root`.
pub(crate) fn display_path(root: &Path, path: &Path, prefix: &str) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut s = String::from(prefix);
    if rel.as_os_str().is_empty() {
        // The root itself is a file.
        s.push_str(
            &path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        return s;
    }
    let mut first = true;
    for c in rel.components() {
        if !first {
            s.push('/');
        }
        first = false;
        s.push_str(&c.as_os_str().to_string_lossy());
    }
    s
}

/// One walk: the scan root, or one bundle directory under it.
pub(crate) struct WalkSpec<'a> {
    /// Directory (or file) to walk.
    pub(crate) root: &'a Path,
    /// Prepended to paths under `root`.
    pub(crate) prefix: String,
    /// Honour `.gitignore` (off for build output, which is ignored by design).
    pub(crate) gitignore: bool,
    /// Directories not to descend into (walked separately).
    pub(crate) skip_dirs: &'a [PathBuf],
    /// This is shipped build output: `.map` files are findings.
    pub(crate) bundle: bool,
}

/// What a walk produced: the engine output, and the git blob id of each file with findings so
/// history can recognise the same content.
pub(crate) struct WalkOutput {
    pub(crate) output: EngineOutput,
    pub(crate) blob_ids: Vec<(String, gix::ObjectId)>,
}

pub(crate) fn scan_tree(
    rules: &RuleSet,
    cfg: &ScanConfig,
    spec: &WalkSpec<'_>,
) -> Result<WalkOutput, ScanError> {
    let started = Instant::now();
    let meta = std::fs::metadata(spec.root).map_err(|source| ScanError::Root {
        path: spec.root.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() && !meta.is_file() {
        return Err(ScanError::Root {
            path: spec.root.to_path_buf(),
            source: std::io::Error::other("not a file or directory"),
        });
    }
    // Probe readability up front: an unreadable root is a run that cannot start, not a finding.
    if meta.is_dir() {
        std::fs::read_dir(spec.root).map_err(|source| ScanError::Root {
            path: spec.root.to_path_buf(),
            source,
        })?;
    }
    let include = globset(&cfg.include)?;
    let exclude = globset(&cfg.exclude)?;

    let threads = if cfg.threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        cfg.threads
    };
    let gitignore = spec.gitignore;
    let mut builder = WalkBuilder::new(spec.root);
    builder
        .hidden(false)
        .ignore(false)
        .git_global(false)
        .git_ignore(gitignore)
        .git_exclude(gitignore)
        .parents(gitignore)
        .require_git(false)
        .follow_links(false)
        .threads(threads);
    {
        let root = spec.root.to_path_buf();
        let prefix = spec.prefix.clone();
        let exclude = exclude.clone();
        let skip: Vec<PathBuf> = spec.skip_dirs.to_vec();
        let bundle = spec.bundle;
        builder.filter_entry(move |e| {
            if e.depth() > 0 && e.file_name() == ".git" {
                return false;
            }
            if bundle && e.file_name() == "node_modules" {
                return false;
            }
            if !skip.is_empty() && skip.iter().any(|s| s == e.path()) {
                return false;
            }
            match &exclude {
                Some(ex) if e.depth() > 0 => !ex.is_match(display_path(&root, e.path(), &prefix)),
                _ => true,
            }
        });
    }

    let shared = Mutex::new(EngineOutput {
        areas: vec![Area::Secrets],
        stats: EngineStats {
            checks_enabled: rules.rules.len() as u64,
            ..Default::default()
        },
        ..Default::default()
    });
    let blob_ids = Mutex::new(Vec::new());
    let mut vb = VisitorBuilder {
        rules,
        cfg,
        spec,
        include: include.as_ref(),
        shared: &shared,
        blob_ids: &blob_ids,
    };
    builder.build_parallel().visit(&mut vb);

    let mut out = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    out.findings.sort_by(|a, b| {
        let key = |f: &launchgate_core::Finding| match &f.location {
            launchgate_core::Location::File(l) => {
                (l.path.clone(), l.line, l.column, f.check.clone())
            }
            _ => (String::new(), 0, 0, f.check.clone()),
        };
        key(a).cmp(&key(b))
    });
    out.stats.duration_ms = started.elapsed().as_millis() as u64;
    Ok(WalkOutput {
        output: out,
        blob_ids: blob_ids.into_inner().unwrap_or_else(|p| p.into_inner()),
    })
}

struct VisitorBuilder<'a> {
    rules: &'a RuleSet,
    cfg: &'a ScanConfig,
    spec: &'a WalkSpec<'a>,
    include: Option<&'a GlobSet>,
    shared: &'a Mutex<EngineOutput>,
    blob_ids: &'a Mutex<Vec<(String, gix::ObjectId)>>,
}

impl<'s> ParallelVisitorBuilder<'s> for VisitorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            rules: self.rules,
            cfg: self.cfg,
            spec: self.spec,
            include: self.include,
            shared: self.shared,
            blob_ids: self.blob_ids,
            local: EngineOutput::default(),
            local_ids: Vec::new(),
        })
    }
}

struct Visitor<'a> {
    rules: &'a RuleSet,
    cfg: &'a ScanConfig,
    spec: &'a WalkSpec<'a>,
    include: Option<&'a GlobSet>,
    shared: &'a Mutex<EngineOutput>,
    blob_ids: &'a Mutex<Vec<(String, gix::ObjectId)>>,
    local: EngineOutput,
    local_ids: Vec<(String, gix::ObjectId)>,
}

impl Visitor<'_> {
    fn error(&mut self, subject: String, message: String) {
        tracing::warn!(path = %subject, %message, "could not scan");
        self.local.errors.push(EngineError {
            engine: Engine::Scan,
            subject,
            message,
        });
    }

    fn file(&mut self, entry: &DirEntry) {
        let path = display_path(self.spec.root, entry.path(), &self.spec.prefix);
        if self.include.is_some_and(|inc| !inc.is_match(&path)) {
            return;
        }
        let size = match entry.metadata() {
            Ok(m) => m.len(),
            Err(e) => return self.error(path, e.to_string()),
        };
        let cap = if self.spec.bundle {
            self.cfg.max_bundle_file_size.max(self.cfg.max_file_size)
        } else {
            self.cfg.max_file_size
        };
        if size > cap {
            self.local.skipped.push(SkippedItem {
                engine: Engine::Scan,
                subject: path,
                reason: SkipReason::TooLarge { size, limit: cap },
            });
            return;
        }
        let buf = match read_capped(entry.path(), size, cap) {
            Ok(b) => b,
            Err(e) => return self.error(path, e.to_string()),
        };
        // With sharding, a file belongs to the shard of its blob id, as history blobs do, so
        // the same content is scanned by exactly one job.
        let id = if self.cfg.shard.is_some() {
            crate::history::blob_id(&buf)
        } else {
            None
        };
        if let (Some(shard), Some(id)) = (self.cfg.shard, id.as_ref())
            && !shard.owns(id)
        {
            return;
        }
        let text = match classify(&buf) {
            Content::Text(text) => text,
            Content::Binary => {
                self.local.stats.binary_files_skipped += 1;
                self.local.skipped.extend(opaque_skip(path, &buf));
                return;
            }
        };
        self.local.stats.files_scanned += 1;
        self.local.stats.bytes_scanned += text.len() as u64;
        let mut scan =
            crate::checks::scan_file(self.rules, &path, &text, &self.cfg.hasher, self.spec.bundle);
        if !scan.findings.is_empty()
            && let Some(id) = id.or_else(|| crate::history::blob_id(&buf))
        {
            self.local_ids.push((path, id));
        }
        self.local.findings.append(&mut scan.findings);
        self.local.warnings.append(&mut scan.warnings);
    }
}

/// Reads the `size` bytes the walk saw, at most `cap`: a file that grows between the size check
/// and the read (a log being written) cannot make us read without bound. The buffer is made that
/// size first (grown from empty it cost a `read` per doubling, eight per file over npm trees), and
/// reading stops at `size` without the extra `read` that would only report the end.
fn read_capped(path: &Path, size: u64, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(path)?;
    let want = size.min(cap);
    let mut buf = Vec::with_capacity(usize::try_from(want).unwrap_or(0));
    f.take(want).read_to_end(&mut buf)?;
    Ok(buf)
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => self.file(&e),
            Ok(_) => {}
            Err(err) => {
                let subject = walk_error_path(&err)
                    .map(|p| display_path(self.spec.root, &p, &self.spec.prefix))
                    .unwrap_or_else(|| self.spec.root.display().to_string());
                self.error(subject, err.to_string());
            }
        }
        WalkState::Continue
    }
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let ids = std::mem::take(&mut self.local_ids);
        self.blob_ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(ids);
        let local = std::mem::take(&mut self.local);
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        shared.findings.extend(local.findings);
        shared.errors.extend(local.errors);
        shared.skipped.extend(local.skipped);
        shared.warnings.extend(local.warnings);
        shared.stats.files_scanned += local.stats.files_scanned;
        shared.stats.bytes_scanned += local.stats.bytes_scanned;
        shared.stats.binary_files_skipped += local.stats.binary_files_skipped;
    }
}

/// A binary file that can hold secrets the rules cannot see, listed as skipped so it is named.
pub(crate) fn opaque_skip(path: String, buf: &[u8]) -> Option<SkippedItem> {
    let kind = opaque_container(&path, buf)?;
    Some(SkippedItem {
        engine: Engine::Scan,
        subject: path,
        reason: SkipReason::Other {
            detail: format!(
                "{kind}: binary, so what it holds (a packed `.env`, a key) is not scanned; unpack it and scan the files, or remove it"
            ),
        },
    })
}

/// What a binary file is, when it can hold secrets the text rules cannot see (an archive, a key
/// store, a database); `None` for media, fonts and compiled code, which are only counted.
fn opaque_container(path: &str, buf: &[u8]) -> Option<&'static str> {
    let magic: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "zip archive"),
        (b"\x1f\x8b", "gzip archive"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"Rar!\x1a\x07", "RAR archive"),
        (b"BZh", "bzip2 archive"),
        (b"\xfd7zXZ\x00", "xz archive"),
        (b"SQLite format 3\x00", "SQLite database"),
    ];
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let by_ext = match ext {
        "jks" | "keystore" | "p12" | "pfx" | "bks" => Some("key store"),
        "kdbx" | "kdb" => Some("password database"),
        "gpg" | "pgp" | "age" => Some("encrypted file"),
        _ => None,
    };
    // Office documents and Java archives are zip files too, but rarely where keys hide.
    let ignored_zip = matches!(
        ext,
        "jar" | "war" | "aar" | "apk" | "docx" | "xlsx" | "pptx" | "odt" | "epub" | "whl" | "nupkg"
    );
    by_ext.or_else(|| {
        magic
            .iter()
            .find(|(m, _)| buf.starts_with(m))
            .map(|(_, kind)| *kind)
            .filter(|_| !ignored_zip)
    })
}
