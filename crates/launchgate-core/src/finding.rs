//! A finding: one problem one check saw at one place, with redacted evidence and a fingerprint.

use serde::{Deserialize, Serialize};

use crate::{Area, Confidence, Fingerprint, Redacted, Severity};

/// One problem found by one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule or check id.
    pub check: String,
    /// The rule's or check's title.
    pub title: String,
    /// Severity after policy overrides.
    pub severity: Severity,
    /// False-positive risk.
    pub confidence: Confidence,
    /// The scorecard area.
    pub area: Area,
    /// What was seen, in one sentence. Never contains a secret value.
    pub message: String,
    /// Where it was seen.
    pub location: Location,
    /// Redacted evidence, for secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Redacted>,
    /// Stable identity for baselines and ignores.
    pub fingerprint: Fingerprint,
    /// The reason given by an inline `launchgate:allow` comment next to the finding, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_allow: Option<String>,
}

impl Finding {
    /// The path of a file finding, if it is one.
    pub fn path(&self) -> Option<&str> {
        match &self.location {
            Location::File(f) => Some(&f.path),
            _ => None,
        }
    }
}

/// Where a finding was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Location {
    /// A place in a file of the scanned repository.
    File(FileLocation),
    /// A live URL (probe findings), anchored to the policy entry that declared it.
    Url {
        /// The URL probed (never one carrying credentials).
        url: String,
        /// The policy line that declared the target.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        policy: Option<PolicyAnchor>,
    },
    /// A DNS name (email-authentication and DNS findings).
    Dns {
        /// The name queried.
        name: String,
        /// The policy line that declared the domain.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        policy: Option<PolicyAnchor>,
    },
}

/// A range in a repository file. Lines and columns are 1-based; columns count Unicode scalar
/// values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLocation {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// First line.
    pub line: u32,
    /// First column.
    pub column: u32,
    /// Last line.
    pub end_line: u32,
    /// Column just past the end.
    pub end_column: u32,
    /// The commit that introduced it, for findings also or only in git history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitRef>,
    /// Where the secret lives now: the working tree, history too, or history only.
    #[serde(default, skip_serializing_if = "Presence::is_working_tree")]
    pub presence: Presence,
    /// The shipped artifact that carried it, when the path is an original source recovered from
    /// it (a source map's `sourcesContent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// How the secret was encoded where it sits (`base64`, `escaped`, `url-encoded`): the range
    /// is then that of the encoded text, and the secret was found by decoding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// A short context around the match with every detected secret redacted, for lines too long
    /// to be useful by number (minified bundles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// Where a secret was seen, relative to git.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// In the files on disk (and, when history was not scanned, nothing more is known).
    #[default]
    WorkingTree,
    /// In the files on disk and in history.
    WorkingTreeAndHistory,
    /// Only in history: removed in a later commit, still retrievable by anyone with a clone.
    HistoryOnly,
}

impl Presence {
    /// Whether this is the default.
    pub fn is_working_tree(&self) -> bool {
        *self == Presence::WorkingTree
    }
}

/// A commit that introduced a finding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRef {
    /// Full hex object id.
    pub sha: String,
    /// The path in that commit, when it differs from the finding's path (a renamed file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Author name and email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Author date, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A position in a policy file, so findings and warnings can point at the line that caused them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PolicyAnchor {
    /// The policy file as the user named it (or `builtin:<name>`).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl std::fmt::Display for PolicyAnchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
