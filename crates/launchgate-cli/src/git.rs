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
