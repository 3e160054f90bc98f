//! The validated policy: what `launchgate.yml` (after `extends`) asks the gate to do.

use std::collections::BTreeMap;

use globset::GlobMatcher;
use jiff::civil::Date;
use launchgate_core::options::{Kind, OptionValue, Value};
use launchgate_core::probe_options::ProbeOptions;
use launchgate_core::{Area, CheckMeta, PolicyAnchor, Severity};

/// Default size cap for scanned files: larger files are skipped and listed.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;
/// `scan.bundle-max-file-size`: build output is what ships, and one SPA bundle can be 10 MB+.
pub(crate) const DEFAULT_BUNDLE_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A validated policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The files that make up this policy, the user's own first.
    pub sources: Vec<String>,
    /// Findings at or above this severity and confidence fail the gate.
    pub fail_on: launchgate_core::FailOn,
    /// Whether files or targets that could not be checked fail the gate.
    pub fail_on_errors: bool,
    /// Whether expired or unused ignore entries fail the gate.
    pub fail_on_stale_ignores: bool,
    /// Per-check settings, by id.
    pub checks: BTreeMap<String, CheckSetting>,
    /// Exceptions.
    pub ignores: Vec<IgnoreEntry>,
    /// The repository scanner's settings.
    pub scan: ScanSection,
    /// The live prober's settings.
    pub probe: ProbeOptions,
    /// Manual checklist items.
    pub attest: Vec<Attestation>,
    /// The baseline file of accepted findings, relative to the policy file.
    pub baseline: Option<std::path::PathBuf>,
}

impl Policy {
    /// Whether the policy leaves a check on. Checks are on unless the policy turns them off.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.checks.get(id).is_none_or(|c| c.enabled)
    }

    /// The severity findings of `meta` get under this policy.
    pub fn severity_for(&self, meta: &CheckMeta) -> Severity {
        self.checks
            .get(&meta.id)
            .and_then(|c| c.severity)
            .unwrap_or(meta.default_severity)
    }
}

/// One entry under `checks:`.
#[derive(Debug, Clone)]
pub struct CheckSetting {
    /// On or off.
    pub enabled: bool,
    /// Severity override.
    pub severity: Option<Severity>,
    /// Where it is set.
    pub anchor: PolicyAnchor,
}

/// One entry under `ignore:`. Every selector given must match.
#[derive(Debug, Clone)]
pub struct IgnoreEntry {
    /// Check ids this entry applies to (empty: any check).
    pub checks: Vec<String>,
    /// Path glob, matched against repository-relative paths.
    pub path: Option<PathGlob>,
    /// A probe target: its `name` in `probe.targets`, or a URL prefix / host its findings are at.
    pub target: Option<String>,
    /// Exact fingerprint.
    pub fingerprint: Option<String>,
    /// Why this is acceptable. Required.
    pub reason: String,
    /// After this date the entry stops applying and warns.
    pub expires: Option<Date>,
    /// The secret was revoked on this date: the entry then applies only where the secret is in
    /// history alone (a rotated key still in the checked-out files is still a finding).
    pub rotated: Option<Date>,
    /// Where it is declared.
    pub anchor: PolicyAnchor,
}

/// A compiled path glob with its text.
#[derive(Debug, Clone)]
pub struct PathGlob {
    /// The glob as written.
    pub text: String,
    pub(crate) matcher: GlobMatcher,
}

impl PathGlob {
    /// Whether the repository-relative path matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.matcher.is_match(path)
    }
}

launchgate_core::options! {
    /// `scan:` settings.
    pub struct ScanSection in "scan" {
        /// Whether `check` runs the scanner.
        "enabled" => enabled: bool = true, Kind::Bool;
        /// Only paths matching one of these globs are scanned (default: everything).
        "include" => include: Vec<String> = Vec::new(), Kind::Globs;
        /// Paths matching these globs are never scanned (directories are pruned).
        "exclude" => exclude: Vec<String> = Vec::new(), Kind::Globs;
        /// Larger files are skipped and listed.
        "max-file-size" => max_file_size: u64 = DEFAULT_MAX_FILE_SIZE, Kind::Size { max: 1 << 40 };
        /// The cap for build output (`bundles`): one SPA bundle can be 10 MB and more.
        "bundle-max-file-size" => bundle_max_file_size: u64 = DEFAULT_BUNDLE_MAX_FILE_SIZE, Kind::Size { max: 1 << 40 };
        /// Honour `.gitignore` and `.git/info/exclude` (hidden files are scanned either way).
        "gitignore" => gitignore: bool = true, Kind::Bool;
        /// Scan all of git history inside a repository.
        "history" => history: bool = true, Kind::Bool;
        /// Scan only what `since..HEAD` introduced (pull-request mode; flags and CI detection usually set it).
        "since" => since: Option<String> = None, Kind::NonEmpty;
        /// Which refs' history the verdict judges: `head` (the checked-out branch) or `all` (every branch, tag and stash).
        "refs" => refs: Refs = Refs::Head, Kind::Choice(&["head", "all"]);
    }
    by_hand {
        /// Build-output directories (globs; default: dist, build, out, .next/static, .svelte-kit/output, public/build).
        "bundles" => bundles: Option<Vec<String>> = None, Kind::Globs;
        /// Rule files loaded besides the built-in rules.
        "rules" => rules: RuleSources = RuleSources::default(), Kind::Section(&RuleSources::SECTION);
    }
}

launchgate_core::options! {
    /// `scan.rules`.
    pub struct RuleSources in "scan.rules" {
        /// gitleaks/Betterleaks-format TOML rule files, relative to the policy file.
        "import" => import: Vec<std::path::PathBuf> = Vec::new(), Kind::Files;
    }
}

/// `scan.refs`: which refs' history the verdict judges. Every ref is scanned either way, so a
/// secret on another branch is always reported; `head` just does not fail this branch's gate
/// for it (a deploy gate on `main` judges what `main` ships), `all` does (a nightly leak scan).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Refs {
    /// What the checked-out branch (HEAD) reaches.
    #[default]
    Head,
    /// Every branch, remote branch, tag and stash.
    All,
}

impl Refs {
    /// Every value, as written in a policy.
    pub const ALL: [Refs; 2] = [Refs::Head, Refs::All];

    /// The policy spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Refs::Head => "head",
            Refs::All => "all",
        }
    }
}

impl OptionValue for Refs {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Text(s) => s.parse().ok(),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Text(self.as_str().to_owned())
    }
}

impl std::str::FromStr for Refs {
    type Err = String;
    fn from_str(s: &str) -> Result<Refs, String> {
        Refs::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("expected `head` or `all`, got `{s}`"))
    }
}

/// A manual checklist item attested by a person.
#[derive(Debug, Clone)]
pub struct Attestation {
    /// Id, e.g. `rollback-tested`.
    pub id: String,
    /// What was checked.
    pub title: String,
    /// Scorecard area.
    pub area: Area,
    /// Who checked it.
    pub by: String,
    /// When.
    pub date: Date,
    /// Link to the evidence.
    pub evidence: String,
    /// When it must be checked again.
    pub expires: Date,
    /// Where it is declared.
    pub anchor: PolicyAnchor,
}

/// Checklist items launchgate knows by id, so a policy only needs who, when, evidence and expiry.
pub const KNOWN_ATTESTATIONS: &[(&str, Area, &str)] = &[
    ("rollback-tested", Area::Deployment, "Rollback path tested"),
    (
        "backups-restored",
        Area::Deployment,
        "Backup restore tested",
    ),
    (
        "uptime-monitor",
        Area::Monitoring,
        "Uptime monitor configured",
    ),
    (
        "error-alerting",
        Area::Monitoring,
        "Error alerts reach a person",
    ),
    (
        "on-call",
        Area::Monitoring,
        "On-call owner named for launch",
    ),
    ("admin-mfa", Area::Auth, "MFA enforced on admin accounts"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_declarations_agree_with_their_structs() {
        assert_eq!(launchgate_core::options::verify::<ScanSection>(), Ok(()));
        assert_eq!(launchgate_core::options::verify::<RuleSources>(), Ok(()));
    }
}
