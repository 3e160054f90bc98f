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

    /// Where the secret lives relative to git; live findings are in no file, so `WorkingTree`.
    pub fn presence(&self) -> Presence {
        match &self.location {
            Location::File(f) => f.presence,
            _ => Presence::WorkingTree,
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
        /// The target's name in the policy (renderers name the finding by it; the message says
        /// only what was seen).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<String>,
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
    /// Where the secret lives now: the working tree, history too, history only, or only on
    /// other refs.
    #[serde(default, skip_serializing_if = "Presence::is_working_tree")]
    pub presence: Presence,
    /// The path does not exist in the checkout (a history-only finding in a file deleted since,
    /// or one only another branch has): reports then locate it at its commit, not on a file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub path_absent: bool,
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
    /// Only in the checked-out branch's history: removed in a later commit, still retrievable by
    /// anyone with a clone.
    HistoryOnly,
    /// Only on refs the checked-out branch does not reach (an unmerged branch, a tag, a stash):
    /// not part of what this branch ships, still retrievable by anyone who can fetch that ref.
    OtherRefs,
}

impl Presence {
    /// Whether this is the default.
    pub fn is_working_tree(&self) -> bool {
        *self == Presence::WorkingTree
    }

    /// Whether the secret is in no checked-out file (history only, or other refs only).
    pub fn is_history_only(&self) -> bool {
        matches!(self, Presence::HistoryOnly | Presence::OtherRefs)
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
    /// The refs whose history holds the commit, short names (`main`, `origin/feature/x`,
    /// `v1.2.0`): branches first, then tags, at most [`CommitRef::MAX_REFS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// How many refs hold it in all, when that is more than `refs` lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refs_total: Option<usize>,
}

impl CommitRef {
    /// Most refs named on one finding.
    pub const MAX_REFS: usize = 20;

    /// The first 12 hex digits of the commit.
    pub fn short(&self) -> &str {
        &self.sha[..self.sha.len().min(12)]
    }

    /// The refs, for a sentence: `main, origin/main and 3 more`.
    pub fn refs_phrase(&self, shown: usize) -> String {
        let total = self
            .refs_total
            .unwrap_or(self.refs.len())
            .max(self.refs.len());
        let names: Vec<&str> = self.refs.iter().take(shown).map(String::as_str).collect();
        match total - names.len() {
            0 => match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                Some((last, _)) => (*last).to_owned(),
                None => String::new(),
            },
            more => format!("{} and {more} more", names.join(", ")),
        }
    }
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

impl PolicyAnchor {
    /// The anchor, unless it is a default's (line 0: no policy line declared the value), which
    /// a report must not show as if a line had.
    pub fn declared(&self) -> Option<&PolicyAnchor> {
        (self.line > 0).then_some(self)
    }
}

impl std::fmt::Display for PolicyAnchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
