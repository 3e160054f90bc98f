//! What a file's path says about how to read it (documentation, tests, lockfiles, minified
//! output), and which rules skip it.

use super::*;

/// What the path of a file says about how to read it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PathInfo {
    /// Documentation, examples, fixtures or tests: heuristic findings have low confidence.
    pub(crate) docs_or_tests: bool,
    /// A package manager's lockfile: digests and versions, no hand-written values; context rules
    /// and the generic detector do not run there (provider formats still do).
    pub(crate) lockfile: bool,
    /// Source code: a bare value after `=` is an expression.
    pub(crate) code: bool,
    /// A `.netrc`: `password` is followed by its value without an operator.
    pub(crate) netrc: bool,
    /// Inside another package (`node_modules/`, a top-level `vendor/`).
    pub(crate) dependency: bool,
}

pub(super) const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "Cargo.lock",
    "go.sum",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "Gemfile.lock",
    "composer.lock",
    "packages.lock.json",
    "flake.lock",
    "mix.lock",
    "pubspec.lock",
    "Podfile.lock",
    "gradle.lockfile",
    "deno.lock",
    ".terraform.lock.hcl",
];

impl PathInfo {
    /// Every field, as bits: what a cache of scan results by path class must tell apart.
    pub(super) fn bits(&self) -> u64 {
        u64::from(self.docs_or_tests)
            | u64::from(self.lockfile) << 1
            | u64::from(self.code) << 2
            | u64::from(self.netrc) << 3
            | u64::from(self.dependency) << 4
    }

    pub(crate) fn of(path: &str) -> PathInfo {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let dirs = &lower[..lower.len() - name.len()];
        // One pass over the directories (a dependency's path is a dozen deep; this runs per file).
        let dir_hit = dirs.split('/').any(|seg| {
            matches!(
                seg,
                "test"
                    | "tests"
                    | "__tests__"
                    | "spec"
                    | "specs"
                    | "fixture"
                    | "fixtures"
                    | "example"
                    | "examples"
                    | "doc"
                    | "docs"
                    | "sample"
                    | "samples"
                    | "testdata"
                    | "mock"
                    | "mocks"
                    | "__mocks__"
                    | "e2e"
                    | "cypress"
                    | "demo"
            )
        });
        // Type declarations hold no runtime values: a literal there is in a doc comment.
        let ext_hit = [
            ".md", ".mdx", ".rst", ".adoc", ".snap", ".d.ts", ".d.mts", ".d.cts",
        ]
        .iter()
        .any(|e| name.ends_with(e));
        let name_hit = name.split(['.', '_', '-']).any(|part| {
            matches!(
                part,
                "test"
                    | "spec"
                    | "example"
                    | "examples"
                    | "fixture"
                    | "fixtures"
                    | "sample"
                    | "mock"
                    | "stories"
                    | "story"
            )
        });
        PathInfo {
            docs_or_tests: dir_hit || ext_hit || name_hit,
            lockfile: LOCKFILES.iter().any(|l| name.eq_ignore_ascii_case(l)),
            // A source map's `sourcesContent` is code, escaped into JSON strings.
            code: crate::assignment::is_code_path(path) || name.ends_with(".map"),
            netrc: name == ".netrc" || name == "_netrc" || name == "netrc",
            dependency: crate::bundles::is_dependency_path(path),
        }
    }
}

/// Whether `rule` does not run on the file at `path`.
pub(super) fn skips(rule: &Rule, path: &str, info: &PathInfo) -> bool {
    if rule
        .skip_paths
        .as_ref()
        .is_some_and(|re| re.is_match(path.as_bytes()))
    {
        return true;
    }
    // Lockfiles are digests and versions: context and heuristics would read them as keys.
    info.lockfile && (rule.spec.generic || rule.is_anchored())
}

/// Whether a keyword is a capitalised token prefix whose case is part of the format: at most
/// six characters, a capital, no lower-case letter (`AKIA`, `EAA`, `SEC`, `GR1348941` is
/// longer and stays as it is).
pub(super) fn exact_case(kw: &str) -> bool {
    kw.len() <= 6
        && kw.bytes().any(|b| b.is_ascii_uppercase())
        && !kw.bytes().any(|b| b.is_ascii_lowercase())
}
