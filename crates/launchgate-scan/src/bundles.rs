//! Finding build-output directories: `dist`, `build`, `.next/static`… at the root of the scanned
//! path or inside a workspace package (`apps/web/dist`). They are usually ignored by `.gitignore`,
//! which is exactly why they must be scanned on purpose: they are what gets deployed.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSetBuilder};

/// The default `scan.bundles`.
pub const DEFAULT_BUNDLES: &[&str] = &[
    "dist",
    "build",
    "out",
    ".next/static",
    ".svelte-kit/output",
    "public/build",
];

/// Directories that hold other people's packages. Their own build output (`node_modules/x/dist`,
/// `vendor/…`) is not this project's bundle: no `source-map-shipped` there, though secret rules
/// still read every file.
const DEPENDENCY_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    ".yarn",
    ".pnpm-store",
];
/// The same, but only at the top of the repository (`vendor/` of Composer, Go and Bundler;
/// a `dist/vendor/` chunk directory is the app's own output).
const TOP_DEPENDENCY_DIRS: &[&str] = &["vendor", "third_party", "third-party"];

/// Whether a `/`-separated path lies inside a dependency directory.
pub(crate) fn is_dependency_path(path: &str) -> bool {
    let mut segs = path.split(['/', '\\']).filter(|s| !s.is_empty());
    let first = segs.next();
    first.is_some_and(|f| TOP_DEPENDENCY_DIRS.contains(&f) || DEPENDENCY_DIRS.contains(&f))
        || segs.any(|seg| DEPENDENCY_DIRS.contains(&seg))
}

/// Whether the directory `root` itself lies inside a dependency directory (a scan of
/// `node_modules/x`): judged on its canonical path, so `.` works too.
fn inside_dependency(root: &Path) -> bool {
    root.canonicalize().is_ok_and(|p| {
        p.components()
            .any(|c| DEPENDENCY_DIRS.contains(&c.as_os_str().to_string_lossy().as_ref()))
    })
}

/// How deep to look for workspace packages holding build output (`apps/web/dist` is depth 3).
const MAX_PACKAGE_DEPTH: usize = 3;
/// Directories never looked into while searching.
const NEVER: &[&str] = &["node_modules", ".git", "target", "vendor", ".venv", "venv"];

/// The existing directories under `root` matching one of `patterns`, either at the root or under
/// up to [`MAX_PACKAGE_DEPTH`] levels of packages. A directory inside another match is dropped.
pub(crate) fn find(root: &Path, patterns: &[String]) -> Vec<PathBuf> {
    let Some(set) = matcher(patterns) else {
        return Vec::new();
    };
    // Scanning inside a dependency (`launchgate scan node_modules/x`): none of it is ours.
    if inside_dependency(root) {
        return Vec::new();
    }
    let max_depth = MAX_PACKAGE_DEPTH
        + patterns
            .iter()
            .map(|p| p.trim_matches('/').split('/').count())
            .max()
            .unwrap_or(1);
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, rel, depth)) = stack.pop() {
        // An unreadable directory is reported by the walk that follows, if it is not ignored.
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            // Not following links: a link out of the tree is not this project's output.
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            if NEVER.contains(&name.as_str())
                || DEPENDENCY_DIRS.contains(&name.as_str())
                || (rel.is_empty() && TOP_DEPENDENCY_DIRS.contains(&name.as_str()))
            {
                continue;
            }
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if set.is_match(&child) {
                found.push(e.path());
                continue;
            }
            if depth + 1 < max_depth {
                stack.push((e.path(), child, depth + 1));
            }
        }
    }
    found.sort();
    found
}

/// Whether the scanned directory is itself build output (`launchgate scan dist`): its path in
/// the repository (`repo_path`, empty outside one) or its own name matches a pattern.
pub(crate) fn is_bundle_root(root: &Path, repo_path: &str, patterns: &[String]) -> bool {
    let Some(set) = matcher(patterns) else {
        return false;
    };
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let repo_path = repo_path.trim_end_matches('/');
    if is_dependency_path(repo_path) || inside_dependency(root) {
        return false;
    }
    root.is_dir()
        && ((!repo_path.is_empty() && set.is_match(repo_path))
            || name.is_some_and(|n| set.is_match(n)))
}

/// Each pattern at the root or under up to three package levels.
fn matcher(patterns: &[String]) -> Option<globset::GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim_matches('/');
        for prefix in ["", "*/", "*/*/", "*/*/*/"] {
            if let Ok(g) = GlobBuilder::new(&format!("{prefix}{p}"))
                .literal_separator(true)
                .build()
            {
                b.add(g);
            }
        }
    }
    b.build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_output_is_found_at_the_root_and_in_packages() {
        let t = tempfile::tempdir().unwrap();
        for d in [
            "dist/assets",
            "apps/web/.next/static/chunks",
            "packages/ui/build",
            "node_modules/x/dist",
            "src/components",
        ] {
            std::fs::create_dir_all(t.path().join(d)).unwrap();
        }
        let patterns: Vec<String> = DEFAULT_BUNDLES.iter().map(|s| s.to_string()).collect();
        let found: Vec<String> = find(t.path(), &patterns)
            .iter()
            .map(|p| p.strip_prefix(t.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            found,
            ["apps/web/.next/static", "dist", "packages/ui/build"]
        );
        // Inside a dependency, nothing is build output of ours.
        let dep = t.path().join("node_modules/x");
        std::fs::create_dir_all(dep.join("dist")).unwrap();
        assert!(find(&dep, &patterns).is_empty());
        assert!(is_dependency_path("vendor/b/dist/x.js.map"));
        assert!(is_dependency_path("apps/web/node_modules/b/dist/x.js.map"));
        assert!(!is_dependency_path("dist/vendor/chunk.js.map"));
        assert!(!is_dependency_path("src/vendors.js"));
    }
}
