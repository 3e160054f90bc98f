//! Finding, reading and merging policy files: `--policy FILE`, `launchgate.yml`, or the built-in
//! default; `extends` chains of built-in names and relative files, with cycle detection.

use std::path::{Path, PathBuf};

use launchgate_core::CheckMeta;

use crate::PolicyError;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Policy;
use crate::node::{self, Kind, Node};
use crate::source::{Source, SourceId, Sources, Span};
use crate::validate::{POLICY_DOCS, Validator, did_you_mean};

/// Built-in policies, by name. Their files live in the repository's `policies/` directory.
pub const BUILTIN_POLICIES: &[(&str, &str)] = &[
    (
        "launch-ready",
        include_str!("../../../policies/launch-ready.yml"),
    ),
    ("strict", include_str!("../../../policies/strict.yml")),
];

/// The policy used when no file is given or found.
pub const DEFAULT_POLICY: &str = "launch-ready";

/// File names looked for, in order, when no `--policy` is given.
pub const POLICY_FILE_NAMES: &[&str] = &["launchgate.yml", "launchgate.yaml", ".launchgate.yml"];

/// Largest policy file read. Real policies are a few kilobytes; the cap keeps a mistaken path
/// (`/dev/zero`, a log file) from being read without bound.
const MAX_POLICY_BYTES: u64 = 1 << 20;

/// Reads a policy file: a regular file (not a FIFO or device, which could block or never end),
/// at most [`MAX_POLICY_BYTES`], valid UTF-8.
fn read_policy_file(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    if meta.len() > MAX_POLICY_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {} KiB", MAX_POLICY_BYTES / 1024),
        ));
    }
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_POLICY_BYTES + 1)
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_POLICY_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidData,
            "file grew past the size limit",
        ));
    }
    String::from_utf8(buf).map_err(|_| Error::new(ErrorKind::InvalidData, "not valid UTF-8"))
}

/// Deepest `extends` chain accepted (guards against runaway chains).
const MAX_EXTENDS_DEPTH: usize = 8;

/// Where a policy comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyLocation {
    /// A file on disk.
    File(PathBuf),
    /// A built-in policy, by name.
    Builtin(String),
}

impl std::fmt::Display for PolicyLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyLocation::File(p) => write!(f, "{}", p.display()),
            PolicyLocation::Builtin(n) => write!(f, "builtin:{n}"),
        }
    }
}

/// Picks the policy: the explicit one, else the first policy file found in `dirs` (in order),
/// else the built-in default. An explicit value that names a built-in policy selects it.
pub fn discover(explicit: Option<&Path>, dirs: &[&Path]) -> PolicyLocation {
    if let Some(p) = explicit {
        if let Some(name) = p.to_str().and_then(|s| s.strip_prefix("builtin:")) {
            return PolicyLocation::Builtin(name.to_owned());
        }
        return PolicyLocation::File(p.to_path_buf());
    }
    for dir in dirs {
        for name in POLICY_FILE_NAMES {
            // `./launchgate.yml` reads better as `launchgate.yml` in every message.
            let candidate = if *dir == Path::new(".") {
                PathBuf::from(name)
            } else {
                dir.join(name)
            };
            if candidate.is_file() {
                return PolicyLocation::File(candidate);
            }
        }
    }
    PolicyLocation::Builtin(DEFAULT_POLICY.to_owned())
}

/// A loaded, validated policy with the merged tree it came from.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    /// The validated policy.
    pub policy: Policy,
    /// Non-fatal diagnostics (deprecations, suspicious values).
    pub warnings: Diagnostics,
    merged: Node,
    sources: Sources,
}

impl LoadedPolicy {
    /// The policy file in force, when it is a file (not a built-in policy).
    pub fn root_file(&self) -> Option<&Path> {
        self.sources.iter().next().and_then(|s| s.path.as_deref())
    }

    /// Where the merged policy sets a dotted key (`scan.exclude`), in the file it came from.
    pub fn anchor(&self, dotted: &str) -> Option<launchgate_core::PolicyAnchor> {
        let mut node = &self.merged;
        for part in dotted.split('.') {
            node = node.get(part)?;
        }
        (node.span.line > 0).then(|| self.sources.anchor(node.span))
    }

    /// The effective policy after `extends`, as YAML, each value annotated with the file and line
    /// it came from.
    pub fn effective_yaml(&self) -> String {
        let mut out = String::from("# effective policy, merged from:\n");
        for s in self.sources.iter() {
            out.push_str(&format!("#   {}\n", s.name));
        }
        out.push_str("version: 1\n");
        let body = self.merged.without_keys(&["version", "extends"]);
        out.push_str(&node::to_yaml(&body, &|span: Span| {
            Some(format!(
                "{}:{}",
                self.sources.get(span.source).name,
                span.line
            ))
        }));
        out
    }
}

/// Reads a policy file's text: from disk for the policy in force, from a commit for the policy a
/// pull request started from.
pub type ReadPolicy<'r> = &'r dyn Fn(&Path) -> std::io::Result<String>;

struct Loader<'a> {
    read: ReadPolicy<'a>,
    /// Where `extends` may reach: the repository holding the policy (found by its `.git`), else
    /// the policy's own directory.
    boundary: Option<PathBuf>,
    sources: Sources,
    diags: Vec<Diagnostic>,
    stack: Vec<String>,
    catalog: &'a [CheckMeta],
}

/// Loads, merges and validates a policy. All problems in all files are collected into one
/// [`PolicyError::Invalid`].
pub fn load(location: &PolicyLocation, catalog: &[CheckMeta]) -> Result<LoadedPolicy, PolicyError> {
    load_with(location, catalog, &read_policy_file)
}

/// [`load`], with every file read through `read`.
pub fn load_with(
    location: &PolicyLocation,
    catalog: &[CheckMeta],
    read: ReadPolicy<'_>,
) -> Result<LoadedPolicy, PolicyError> {
    let boundary = match location {
        PolicyLocation::File(path) => extends_boundary(path),
        PolicyLocation::Builtin(_) => None,
    };
    let mut loader = Loader {
        read,
        boundary,
        sources: Sources::default(),
        diags: Vec::new(),
        stack: Vec::new(),
        catalog,
    };
    let root = match location {
        PolicyLocation::File(path) => {
            let text = read(path).map_err(|source| PolicyError::Read {
                path: path.clone(),
                source,
            })?;
            loader.load_text(path.display().to_string(), text, Some(path.clone()), 0)
        }
        PolicyLocation::Builtin(name) => match builtin(name) {
            Some(text) => loader.load_text(format!("builtin:{name}"), text.to_owned(), None, 0),
            None => {
                return Err(PolicyError::UnknownBuiltin {
                    name: name.clone(),
                    suggestion: did_you_mean(name, BUILTIN_POLICIES.iter().map(|(n, _)| *n))
                        .map(str::to_owned),
                });
            }
        },
    };
    let root = root.unwrap_or(Node {
        kind: Kind::Map(Vec::new()),
        span: Span {
            source: SourceId(0),
            line: 0,
            column: 0,
            len: 0,
        },
    });

    let names: Vec<String> = loader.sources.iter().map(|s| s.name.clone()).collect();
    let mut validator = Validator {
        sources: &loader.sources,
        catalog: loader.catalog,
        diags: Vec::new(),
    };
    let policy = validator.policy(&root, names);
    let mut diags = loader.diags;
    diags.extend(validator.diags);

    let (errors, warnings): (Vec<_>, Vec<_>) = diags
        .into_iter()
        .partition(|d| d.level == crate::diag::Level::Error);
    match policy {
        Some(policy) if errors.is_empty() => Ok(LoadedPolicy {
            policy,
            warnings: Diagnostics {
                sources: loader.sources.clone(),
                items: warnings,
            },
            merged: root,
            sources: loader.sources,
        }),
        _ => {
            let mut items = errors;
            items.extend(warnings);
            Err(PolicyError::Invalid(Box::new(Diagnostics {
                sources: loader.sources,
                items,
            })))
        }
    }
}

/// Where a policy file's `extends` may reach: the nearest directory above it that holds `.git`
/// (its repository), else its own directory; resolved through links.
fn extends_boundary(policy: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(policy).ok()?.parent()?.to_path_buf();
    let dir = dir.canonicalize().unwrap_or(dir);
    Some(
        dir.ancestors()
            .find(|a| a.join(".git").exists())
            .unwrap_or(&dir)
            .to_path_buf(),
    )
}

/// `a/b/../c` as `a/c`, without touching the file system (the file may not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The text of a built-in policy.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN_POLICIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

impl Loader<'_> {
    /// Parses one file, resolves its `extends`, and returns it merged over its parents.
    fn load_text(
        &mut self,
        name: String,
        text: String,
        path: Option<PathBuf>,
        depth: usize,
    ) -> Option<Node> {
        let identity = path
            .as_ref()
            .and_then(|p| p.canonicalize().ok())
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| name.clone());
        let id = self.sources.add(Source {
            name,
            text,
            path: path.clone(),
        });
        let text = &self.sources.get(id).text;
        let doc = match node::parse(text, id) {
            Ok(doc) => doc,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    format!("invalid YAML: {}", e.message),
                    (e.line > 0).then_some(Span {
                        source: id,
                        line: e.line,
                        column: e.column,
                        len: 1,
                    }),
                    "the file could not be parsed here",
                ));
                return None;
            }
        };
        if !matches!(doc.kind, Kind::Map(_)) {
            let span = if doc.span.line == 0 {
                Span {
                    line: 1,
                    column: 1,
                    ..doc.span
                }
            } else {
                doc.span
            };
            self.diags.push(
                Diagnostic::error(
                    format!("a policy must be a mapping, found {}", doc.describe()),
                    Some(span),
                    "expected `version: 1` and policy keys",
                )
                .with_help("`launchgate init` writes a commented starter policy"),
            );
            return None;
        }
        self.check_version(&doc, id);

        self.stack.push(identity);
        let mut base: Option<Node> = None;
        if let Some(ext) = doc.get("extends") {
            let entries: Vec<&Node> = match &ext.kind {
                Kind::Str(_) => vec![ext],
                Kind::Seq(items) => items.iter().collect(),
                _ => {
                    self.diags.push(Diagnostic::error(
                        format!("wrong type for `extends`: expected a policy name or a list of them, found {}", ext.describe()),
                        Some(ext.span),
                        "expected a built-in policy name or a relative path",
                    ));
                    Vec::new()
                }
            };
            for entry in entries {
                if let Some(parent) = self.load_parent(entry, path.as_deref(), depth) {
                    base = Some(match base {
                        Some(b) => node::merge(b, parent, &mut Vec::new(), APPEND_LISTS),
                        None => parent,
                    });
                }
            }
        }
        self.stack.pop();

        let own = doc.without_keys(&["extends"]);
        Some(match base {
            Some(b) => node::merge(b, own, &mut Vec::new(), APPEND_LISTS),
            None => own,
        })
    }

    fn check_version(&mut self, doc: &Node, id: SourceId) {
        match doc.get("version") {
            None => self.diags.push(
                Diagnostic::error(
                    "missing `version`",
                    Some(Span {
                        source: id,
                        line: 1,
                        column: 1,
                        len: 1,
                    }),
                    "every policy file starts with `version: 1`",
                )
                .with_help("add `version: 1` at the top of the file"),
            ),
            Some(v) if v.kind == Kind::Int(1) => {}
            Some(v) => self.diags.push(
                Diagnostic::error(
                    "unsupported policy version",
                    Some(v.span),
                    "this launchgate reads `version: 1`",
                )
                .with_help(format!("see {POLICY_DOCS}")),
            ),
        }
    }

    fn load_parent(&mut self, entry: &Node, from: Option<&Path>, depth: usize) -> Option<Node> {
        let Some(name) = entry.as_str() else {
            self.diags.push(Diagnostic::error(
                format!(
                    "wrong type for `extends`: expected a policy name, found {}",
                    entry.describe()
                ),
                Some(entry.span),
                "expected a built-in policy name or a relative path",
            ));
            return None;
        };
        if depth + 1 > MAX_EXTENDS_DEPTH {
            self.diags.push(Diagnostic::error(
                "`extends` chain is too deep",
                Some(entry.span),
                format!("at most {MAX_EXTENDS_DEPTH} levels"),
            ));
            return None;
        }
        let looks_like_path =
            name.contains('/') || name.ends_with(".yml") || name.ends_with(".yaml");
        if !looks_like_path {
            let Some(text) = builtin(name) else {
                let mut d = Diagnostic::error(
                    format!("unknown built-in policy `{name}`"),
                    Some(entry.span),
                    format!(
                        "built-in policies are {}",
                        BUILTIN_POLICIES
                            .iter()
                            .map(|(n, _)| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                if let Some(s) = did_you_mean(name, BUILTIN_POLICIES.iter().map(|(n, _)| *n)) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diags.push(
                    d.with_help("to extend a file, write a relative path such as `./base.yml`"),
                );
                return None;
            };
            let identity = format!("builtin:{name}");
            if self.stack.contains(&identity) {
                self.cycle(entry, &identity);
                return None;
            }
            return self.load_text(identity, text.to_owned(), None, depth + 1);
        }
        let Some(from) = from else {
            self.diags.push(Diagnostic::error(
                "built-in policies can only extend other built-in policies",
                Some(entry.span),
                "not a built-in policy name",
            ));
            return None;
        };
        // A policy may extend files inside its repository (or, outside one, beside or below
        // it), never elsewhere: a pull request that edits `launchgate.yml` must not be able to
        // make the gate read (and quote, in its diagnostics) `/proc/self/environ` or a file
        // outside the repository.
        let in_repo = self
            .boundary
            .as_ref()
            .is_some_and(|b| b.join(".git").exists());
        let (scope, inside) = if in_repo {
            ("the repository", "inside the repository")
        } else {
            (
                "the policy's directory",
                "inside the directory of this policy file",
            )
        };
        let rel = Path::new(name);
        let base = from.parent().unwrap_or(Path::new("."));
        let path = base.join(name);
        let lexical = base
            .canonicalize()
            .or_else(|_| std::path::absolute(base))
            .ok()
            .map(|b| normalize(&b.join(name)));
        let leaves = rel.is_absolute()
            || rel
                .components()
                .any(|c| matches!(c, std::path::Component::Prefix(_)))
            || match (&lexical, &self.boundary) {
                (Some(p), Some(b)) => !p.starts_with(b),
                _ => rel
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir)),
            };
        if leaves {
            self.diags.push(
                Diagnostic::error(
                    format!("`extends: {name}` leaves {scope}"),
                    Some(entry.span),
                    format!("expected a relative path {inside}"),
                )
                .with_help(
                    "absolute paths and `..` out of it are refused; move the shared policy inside it",
                ),
            );
            return None;
        }
        // A symbolic link on the way could still lead out.
        if let (Ok(real), Some(b)) = (path.canonicalize(), &self.boundary)
            && !real.starts_with(b)
        {
            self.diags.push(Diagnostic::error(
                format!("`extends: {name}` resolves outside {scope}"),
                Some(entry.span),
                format!("expected a file {inside}, not a link out of it"),
            ));
            return None;
        }
        let identity = path
            .canonicalize()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| path.display().to_string());
        if self.stack.contains(&identity) {
            self.cycle(entry, &identity);
            return None;
        }
        match (self.read)(&path) {
            Ok(text) => self.load_text(path.display().to_string(), text, Some(path), depth + 1),
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    format!("cannot read extended policy `{}`: {e}", path.display()),
                    Some(entry.span),
                    "paths are relative to the file that extends them",
                ));
                None
            }
        }
    }

    fn cycle(&mut self, entry: &Node, identity: &str) {
        self.diags.push(Diagnostic::error(
            format!("`extends` cycle: {identity} extends itself"),
            Some(entry.span),
            "remove one link of the cycle",
        ));
    }
}

/// Lists that accumulate across `extends` instead of being replaced.
const APPEND_LISTS: &[&[&str]] = &[&["ignore"]];
