//! What engines hand to the policy ([`EngineOutput`]) and what the policy hands to the renderers
//! ([`Report`]): findings, suppressed findings, errors, skipped work, attestations, the scorecard
//! and the verdict.

use serde::{Deserialize, Serialize};

use crate::{Area, Engine, FailOn, Finding, PolicyAnchor};

/// Everything one engine produced in one run.
#[derive(Debug, Clone, Default)]
pub struct EngineOutput {
    /// Findings, before the policy's ignores and overrides.
    pub findings: Vec<Finding>,
    /// Files or targets that could not be checked.
    pub errors: Vec<EngineError>,
    /// Files or targets deliberately not checked.
    pub skipped: Vec<SkippedItem>,
    /// Checks that could not load (offline, missing option).
    pub skipped_checks: Vec<SkippedCheck>,
    /// Non-fatal notes for the user (e.g. an inline allow without a reason).
    pub warnings: Vec<Warning>,
    /// The areas at least one enabled check of this engine covered.
    pub areas: Vec<Area>,
    /// Counters for the report.
    pub stats: EngineStats,
}

/// A file or target that could not be checked. The policy decides whether this fails the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineError {
    /// The engine that hit it.
    pub engine: Engine,
    /// The file path or target that failed.
    pub subject: String,
    /// What went wrong (lowercase, no trailing period).
    pub message: String,
}

/// Why an item was not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum SkipReason {
    /// Bigger than the policy's size cap.
    TooLarge {
        /// Size in bytes.
        size: u64,
        /// The cap in bytes.
        limit: u64,
    },
    /// Anything else, in words.
    Other {
        /// Why.
        detail: String,
    },
}

/// An item deliberately not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedItem {
    /// The engine that skipped it.
    pub engine: Engine,
    /// The path or target.
    pub subject: String,
    /// Why.
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// A check that could not load, listed in the report instead of failing the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedCheck {
    /// The check id.
    pub id: String,
    /// Why it did not run.
    pub reason: String,
}

/// A non-fatal note for the user, optionally pointing at a policy line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What to look at.
    pub message: String,
    /// The policy line concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyAnchor>,
    /// Whether the policy makes this warning fail the gate.
    #[serde(default)]
    pub fails: bool,
    /// Something to act on, or only a detail worth knowing (what a passing check saw).
    #[serde(default)]
    pub level: WarningLevel,
}

/// How much a [`Warning`] asks of the reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WarningLevel {
    /// A detail: the auth matrix of a passing check, a latency histogram, how the run went.
    Info,
    /// Something to look at or fix.
    #[default]
    Warning,
}

impl WarningLevel {
    /// The word reports use: `note` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningLevel::Info => "note",
            WarningLevel::Warning => "warning",
        }
    }
}

impl Warning {
    /// A note that points at no policy line and does not fail the gate.
    pub fn note(message: impl Into<String>) -> Self {
        Warning {
            message: message.into(),
            policy: None,
            fails: false,
            level: WarningLevel::Info,
        }
    }
}

/// Counters an engine reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineStats {
    /// Files read and scanned.
    pub files_scanned: u64,
    /// Bytes read and scanned.
    pub bytes_scanned: u64,
    /// Files skipped as binary.
    pub binary_files_skipped: u64,
    /// Commits walked in git history (0 when history was not scanned).
    pub commits_scanned: u64,
    /// Distinct history blobs scanned.
    pub blobs_scanned: u64,
    /// Bytes of history blobs read and scanned.
    pub history_bytes_scanned: u64,
    /// Targets probed.
    pub targets: u64,
    /// HTTP requests sent to targets.
    #[serde(default)]
    pub requests: u64,
    /// Enabled rules and checks.
    pub checks_enabled: u64,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
}

/// Whether an engine ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EngineStatus {
    /// It ran.
    Ran,
    /// The policy or the command turned it off.
    Disabled,
    /// Nothing to run it on (e.g. no probe targets).
    NotConfigured,
}

impl EngineStatus {
    /// The one spelling every report uses: `ran`, `disabled`, `not-configured`.
    pub fn as_str(self) -> &'static str {
        match self {
            EngineStatus::Ran => "ran",
            EngineStatus::Disabled => "disabled",
            EngineStatus::NotConfigured => "not-configured",
        }
    }
}

/// One engine's line in the report header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineSummary {
    /// Which engine.
    pub engine: Engine,
    /// Whether it ran.
    pub status: EngineStatus,
    /// Its counters.
    pub stats: EngineStats,
}

/// How a suppressed finding was suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum SuppressedBy {
    /// A `launchgate:allow` comment in the source.
    Inline {
        /// The reason written in the comment.
        reason: String,
    },
    /// An `ignore:` entry in the policy.
    Policy {
        /// The reason of the entry.
        reason: String,
        /// Where the entry is.
        policy: PolicyAnchor,
    },
    /// An `ignore:` entry recording that a history-only secret was revoked.
    Rotated {
        /// The rotation date, YYYY-MM-DD.
        date: String,
        /// The entry's reason.
        reason: String,
        /// Where the entry is.
        policy: PolicyAnchor,
    },
    /// The baseline file.
    Baseline,
    /// Only refs the checked-out branch does not reach hold it, and `scan.refs: head` judges
    /// the branch (reported, not counted; a nightly `--refs all` counts it).
    OtherRefs,
}

impl SuppressedBy {
    /// The short name reports use: `inline`, `policy`, `baseline`, `other-refs`.
    pub fn kind(&self) -> &'static str {
        match self {
            SuppressedBy::Inline { .. } => "inline",
            SuppressedBy::Policy { .. } => "policy",
            SuppressedBy::Rotated { .. } => "rotated",
            SuppressedBy::Baseline => "baseline",
            SuppressedBy::OtherRefs => "other-refs",
        }
    }

    /// Why, in a sentence fragment: the written reason and where it is.
    pub fn justification(&self) -> String {
        match self {
            SuppressedBy::Inline { reason } => format!("inline: {reason}"),
            SuppressedBy::Policy { reason, policy } => format!("{reason} ({policy})"),
            SuppressedBy::Rotated {
                date,
                reason,
                policy,
            } => format!("rotated on {date}: {reason} ({policy})"),
            SuppressedBy::Baseline => "in the launchgate baseline".to_owned(),
            SuppressedBy::OtherRefs => {
                "only on other refs; `scan.refs: head` judges the checked-out branch".to_owned()
            }
        }
    }
}

/// A finding the policy did not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// Why it was not counted.
    pub suppressed_by: SuppressedBy,
}

/// The state of a manual checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttestationStatus {
    /// Attested and not expired.
    Attested,
    /// The attestation expired: the item must be checked again.
    Expired,
}

/// A manual checklist item as attested in the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationResult {
    /// The attestation id, e.g. `rollback-tested`.
    pub id: String,
    /// What was attested.
    pub title: String,
    /// The scorecard area.
    pub area: Area,
    /// Who attested.
    pub by: String,
    /// When (YYYY-MM-DD).
    pub date: String,
    /// Link to the evidence.
    pub evidence: String,
    /// Expiry (YYYY-MM-DD).
    pub expires: String,
    /// Attested or expired.
    pub status: AttestationStatus,
    /// Where it is declared.
    pub policy: PolicyAnchor,
}

/// A scorecard row's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AreaStatus {
    /// Checked, nothing at or above the threshold, nothing below it either.
    Pass,
    /// Something in this area fails the policy.
    Fail,
    /// Findings below the failure threshold.
    Warn,
    /// Not checked by a machine, but attested by a person.
    Attested,
    /// Neither checked nor attested.
    NotChecked,
}

impl AreaStatus {
    /// The label shown in the scorecard.
    pub fn label(self) -> &'static str {
        match self {
            AreaStatus::Pass => "PASS",
            AreaStatus::Fail => "FAIL",
            AreaStatus::Warn => "WARN",
            AreaStatus::Attested => "ATTESTED",
            AreaStatus::NotChecked => "NOT CHECKED",
        }
    }
}

/// One scorecard row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaResult {
    /// The area.
    pub area: Area,
    /// Its state.
    pub status: AreaStatus,
    /// Active findings in the area.
    pub findings: usize,
    /// Active findings at or above the failure threshold.
    pub failing: usize,
    /// Suppressed findings in the area.
    pub suppressed: usize,
    /// Valid attestations in the area.
    pub attested: usize,
}

/// The gate's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Whether the policy passed.
    pub passed: bool,
    /// The failure threshold in effect.
    pub fail_on: FailOn,
    /// Why it failed (empty when it passed).
    pub reasons: Vec<String>,
    /// Whether `--no-fail` turned a failure into a zero exit code.
    pub report_only: bool,
}

/// The whole result of a run, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// launchgate's version.
    pub version: String,
    /// The share of the repository this run scanned (`2/4`), when split across CI jobs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// The base revision, in pull-request mode (only what `BASE..HEAD` adds was scanned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Start time, RFC 3339.
    pub started_at: String,
    /// End time, RFC 3339.
    pub finished_at: String,
    /// The scanned directory as given on the command line.
    pub root: Option<String>,
    /// The commit checked out in the scanned repository, if it is one.
    pub commit: Option<String>,
    /// The policy files in effect, outermost first.
    pub policy_sources: Vec<String>,
    /// One line per engine.
    pub engines: Vec<EngineSummary>,
    /// Findings that count.
    pub findings: Vec<Finding>,
    /// Findings the policy, an inline comment or the baseline suppressed.
    pub suppressed: Vec<Suppressed>,
    /// Files or targets that could not be checked.
    pub errors: Vec<EngineError>,
    /// Items deliberately not checked.
    pub skipped: Vec<SkippedItem>,
    /// Checks that could not load.
    pub skipped_checks: Vec<SkippedCheck>,
    /// Manual checklist items.
    pub attestations: Vec<AttestationResult>,
    /// Policy warnings (expired or unused ignores, …) and engine notes.
    pub warnings: Vec<Warning>,
    /// One row per area.
    pub scorecard: Vec<AreaResult>,
    /// The decision.
    pub verdict: Verdict,
    /// Each check's severity under the policy (its override, else its default), for renderers
    /// that describe a rule rather than a finding (SARIF's `security-severity`).
    #[serde(default)]
    pub check_severities: std::collections::BTreeMap<String, crate::Severity>,
}

impl Report {
    /// What a passing verdict can truthfully claim: the threshold, and how many findings of that
    /// severity it did not count for being less certain than the policy asks (so a listed
    /// critical guess is not contradicted by a bare "no finding at or above `high`").
    pub fn pass_summary(&self) -> String {
        let t = self.verdict.fail_on;
        let held = self
            .findings
            .iter()
            .filter(|f| f.severity >= t.severity && !t.fails(f.severity, f.confidence))
            .count();
        if held == 0 {
            format!("no finding at or above `{}`{}", t.severity, t.qualifier())
        } else {
            format!(
                "no finding at or above `{}` with confidence ≥ {} ({held} of lower confidence, listed for review)",
                t.severity, t.confidence
            )
        }
    }

    /// Active findings at or above the failure threshold.
    pub fn failing_findings(&self) -> impl Iterator<Item = &Finding> {
        let t = self.verdict.fail_on;
        self.findings
            .iter()
            .filter(move |f| t.fails(f.severity, f.confidence))
    }
}
