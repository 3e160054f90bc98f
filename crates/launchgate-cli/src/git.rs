//! What the CLI needs to know about the repository being scanned: its work tree root (so finding
//! paths are repository-relative, as code scanning expects) and the commit checked out.

use std::path::{Path, PathBuf};

/// The repository around a scanned path.
#[derive(Debug, Clone, Default)]
pub(crate) struct RepoInfo {
    /// The work tree root, canonicalized.
    pub(crate) workdir: Option<PathBuf>,
    /// HEAD's commit id, if HEAD points at a commit.
    pub(crate) head: Option<String>,
}

/// Looks for a git repository at or above `path`. Not being in a repository is fine; being in
/// one that cannot be opened is an error, so history is never skipped silently.
pub(crate) fn discover(path: &Path) -> Result<RepoInfo, String> {
    use gix::discover::upwards::Error as Up;
    // Discovery starts from a directory; for a single file, from the one holding it.
    let start = if path.is_file() {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    } else {
        path
    };
    let repo = match gix::discover(start) {
        Ok(r) => r,
        Err(e) => {
            let not_found = matches!(
                e.downcast_any_ref::<Up>(),
                Some(
                    Up::NoGitRepository { .. }
                        | Up::NoGitRepositoryWithinCeiling { .. }
                        | Up::NoGitRepositoryWithinFs { .. }
                )
            );
            // A `.git` that discovery passed over is a repository too broken to recognise.
            let dot_git = start
                .canonicalize()
                .ok()
                .and_then(|abs| abs.ancestors().map(|a| a.join(".git")).find(|g| g.exists()));
            return match (not_found, dot_git) {
                (true, None) => {
                    tracing::debug!(path = %path.display(), error = %e, "not in a git repository");
                    Ok(RepoInfo::default())
                }
                (_, Some(g)) => Err(format!(
                    "{} is not a readable git repository: {e}",
                    g.display()
                )),
                (false, None) => Err(e.to_string()),
            };
        }
    };
    let workdir = repo.workdir().and_then(|w| w.canonicalize().ok());
    let head = match repo.head_id() {
        Ok(id) => Some(id.to_string()),
        Err(e) => {
            tracing::debug!(error = %e, "HEAD does not point at a commit");
            None
        }
    };
    Ok(RepoInfo { workdir, head })
}

/// The prefix that makes paths under `scan_root` relative to the work tree (`sub/dir/`).
pub(crate) fn path_prefix(scan_root: &Path, workdir: Option<&Path>) -> String {
    let (Ok(root), Some(workdir)) = (scan_root.canonicalize(), workdir) else {
        return String::new();
    };
    // A single file: its parent is what the walk strips.
    let dir = if root.is_file() {
        root.parent().map(Path::to_path_buf).unwrap_or(root)
    } else {
        root
    };
    match dir.strip_prefix(workdir) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let mut s: String = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            s.push('/');
            s
        }
        _ => String::new(),
    }
}

/// Largest policy or baseline file read from a commit (the on-disk readers cap theirs too).
const MAX_GATE_FILE: usize = 16 << 20;

/// The tree a pull request started from: the merge base of `rev` and HEAD (the base branch may
/// have moved on since), or `rev` itself when they share no history. One repository handle for
/// every file read from it.
pub(crate) struct BaseTree {
    repo: gix::Repository,
    /// The merge base's commit id.
    pub(crate) commit: String,
    tree: gix::ObjectId,
}

impl BaseTree {
    pub(crate) fn open(workdir: &Path, rev: &str) -> Result<BaseTree, String> {
        let repo = gix::open(workdir).map_err(|e| e.to_string())?;
        let base = repo
            .rev_parse_single(format!("{rev}^{{commit}}").as_str())
            .map_err(|_| format!("cannot find the base revision `{rev}`"))?
            .detach();
        let head = repo.head_id().map_err(|e| e.to_string())?.detach();
        let commit = match repo.merge_base(base, head) {
            Ok(Some(id)) => id.detach(),
            _ => base,
        };
        let tree = repo
            .find_commit(commit)
            .map_err(|e| e.to_string())?
            .tree_id()
            .map_err(|e| e.to_string())?
            .detach();
        Ok(BaseTree {
            commit: commit.to_string(),
            repo,
            tree,
        })
    }

    /// The bytes of `rel` (a repository-relative path) there; `None` if it is not there.
    pub(crate) fn file(&self, rel: &str) -> Result<Option<Vec<u8>>, String> {
        let tree = self.repo.find_tree(self.tree).map_err(|e| e.to_string())?;
        let Some(entry) = tree.lookup_entry_by_path(rel).map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        if !entry.mode().is_blob() {
            return Ok(None);
        }
        let blob = entry.object().map_err(|e| e.to_string())?;
        if blob.data.len() > MAX_GATE_FILE {
            return Err(format!(
                "{rel} at {} is larger than 16 MiB",
                &self.commit[..12]
            ));
        }
        Ok(Some(blob.data.clone()))
    }
}

/// `path` (as the user or a policy named it) relative to the work tree, `/`-separated; `None`
/// outside it. The file need not exist: a pull request may have deleted or added it.
pub(crate) fn repo_relative(workdir: &Path, path: &Path) -> Option<String> {
    let abs = std::path::absolute(path).ok()?;
    // Resolve links in the part that exists, so `/tmp` vs `/private/tmp` style aliases agree.
    let (dir, name) = (abs.parent()?, abs.file_name()?);
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let rel = dir.join(name);
    let rel = rel.strip_prefix(workdir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
