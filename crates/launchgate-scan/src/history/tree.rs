//! Walking a commit's tree: each blob once across all of history, filtered by path before it is
//! read.

use super::*;

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
    pub(super) const ALL: PathFilter<'static> = PathFilter {
        prefix: "",
        exact: None,
        include: None,
        exclude: None,
        classes: None,
        rules: None,
    };

    pub(super) fn admits(&self, path: &str) -> bool {
        path.starts_with(self.prefix)
            && self.exact.is_none_or(|e| e == path)
            && self.include.is_none_or(|inc| inc.is_match(path))
            && self.exclude.is_none_or(|ex| !ex.is_match(path))
    }

    /// Whether tagged blobs (which have no path) belong to the scan.
    pub(super) fn admits_pathless(&self) -> bool {
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
        for (i, c) in crate::checks::FILE_CHECKS.iter().enumerate() {
            if (c.applies)(path) {
                mix(2, i);
            }
        }
        if let Some(c) = self.classes {
            for i in c.matches(path) {
                mix(3, i);
            }
        }
        h
    }
}

pub(super) fn hash_str(s: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(s)
}

/// Where a blob was seen: the first path (hashed) and the path classes it was recorded under.
pub(super) struct Seen {
    pub(super) path: u64,
    pub(super) classes: Vec<u64>,
}

/// Walks trees, each once per path, recording blobs not seen before in their path class.
pub(super) struct TreeWalker<'r, 'f> {
    pub(super) repo: &'r gix::Repository,
    pub(super) filter: &'f PathFilter<'f>,
    /// (tree, hash of the path it sits at): a tree moved to another directory is walked again,
    /// since its paths, and so the rules that apply to them, changed.
    pub(super) seen_trees: std::collections::HashSet<(ObjectId, u64)>,
    pub(super) seen_blobs: gix::hashtable::HashMap<ObjectId, Seen>,
    pub(super) buf: Vec<u8>,
}

impl<'r, 'f> TreeWalker<'r, 'f> {
    pub(super) fn new(repo: &'r gix::Repository, filter: &'f PathFilter<'f>) -> Self {
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
    pub(super) fn record(&mut self, id: ObjectId, path: &str) -> bool {
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
    pub(super) fn visit(
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
