//! Check metadata: what each rule or check is, where it runs, how bad its findings are by default
//! and where its documentation lives. Both engines publish a catalog of these; the policy
//! validates ids against it and the renderers describe rules from it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Area, Confidence, Severity};

/// Which half of the gate runs a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// The repository scanner.
    Scan,
    /// The live-target prober.
    Probe,
}

impl Engine {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Scan => "scan",
            Engine::Probe => "probe",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an id names a secret rule (data, one per token format) or a check (code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// A secret-detection rule loaded from the scanner's rule files.
    SecretRule,
    /// A check implemented in code.
    Check,
}

/// Whether a check's behaviour is settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "since")]
pub enum CheckStatus {
    /// May still change its findings between releases.
    Preview,
    /// Stable since the given version.
    Stable(String),
}

/// Everything the policy, the catalog listing and the renderers need to know about one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckMeta {
    /// Public, stable id in kebab-case, e.g. `aws-access-key-id`.
    pub id: String,
    /// Short title, e.g. "AWS access key ID".
    pub name: String,
    /// The engine that runs it.
    pub engine: Engine,
    /// Whether this is a secret rule or a coded check.
    pub kind: CheckKind,
    /// The scorecard area its findings count towards.
    pub area: Area,
    /// Severity before any policy override.
    pub default_severity: Severity,
    /// False-positive risk.
    pub confidence: Confidence,
    /// One line, present tense, no trailing period.
    pub summary: String,
    /// Full Markdown documentation.
    pub docs: String,
    /// One line telling the user how to fix a finding.
    pub help: String,
    /// Tags for SARIF consumers (e.g. `security`, `secret`, the provider).
    pub tags: Vec<String>,
    /// Links to the provider's or standard's documentation.
    pub references: Vec<String>,
    /// Preview or stable.
    pub status: CheckStatus,
    /// For secret rules: the service whose credential it finds ("Slack").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

impl CheckMeta {
    /// The documentation URL, derived from the id so it is never typed by hand.
    pub fn docs_url(&self) -> String {
        docs_url(&self.id)
    }
}

/// Where the generated documentation page of a check lives.
pub fn docs_url(id: &str) -> String {
    format!("https://github.com/launchgate/launchgate/blob/main/docs/checks/{id}.md")
}

/// A coded check's contract (a probe check, a coded scan check), declared once beside its code:
/// its id, how bad its findings are, one-line summary and help, and its Markdown docs, from which
/// the catalog entry is made (the references come from the docs' `## References` list, so a
/// link is written once).
#[derive(Debug)]
pub struct CheckDef {
    /// Public, stable id in kebab-case.
    pub id: &'static str,
    /// Short title.
    pub name: &'static str,
    /// The engine that runs it.
    pub engine: Engine,
    /// The scorecard area its findings count towards.
    pub area: Area,
    /// Severity before any policy override.
    pub severity: Severity,
    /// False-positive risk.
    pub confidence: Confidence,
    /// One line, present tense, no trailing period.
    pub summary: &'static str,
    /// One line telling the user how to fix a finding.
    pub help: &'static str,
    /// Full Markdown documentation (`## Why it matters`, `## What fails`, `## How to fix`,
    /// `## References`).
    pub docs: &'static str,
}

impl CheckDef {
    /// Its catalog entry.
    pub fn meta(&self) -> CheckMeta {
        let kind_tag = if self.area == Area::Secrets {
            "secret"
        } else {
            self.area.as_str()
        };
        CheckMeta {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            engine: self.engine,
            kind: CheckKind::Check,
            area: self.area,
            default_severity: self.severity,
            confidence: self.confidence,
            summary: self.summary.to_owned(),
            docs: self.docs.to_owned(),
            help: self.help.to_owned(),
            tags: vec!["security".to_owned(), kind_tag.to_owned()],
            references: doc_references(self.docs),
            status: CheckStatus::Preview,
            service: None,
        }
    }
}

/// The links of a docs page's `## References` section (`- <https://…>` or `- [text](https://…)`).
pub fn doc_references(docs: &str) -> Vec<String> {
    let Some(start) = docs.find("\n## References") else {
        return Vec::new();
    };
    let section = &docs[start + 1..];
    let section = section[2..]
        .find("\n## ")
        .map_or(section, |end| &section[..end + 2]);
    section
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .filter_map(|item| {
            let at = item.find("https://").or_else(|| item.find("http://"))?;
            let url: String = item[at..]
                .chars()
                .take_while(|c| !matches!(c, '>' | ')' | ' '))
                .collect();
            Some(url)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_come_from_the_docs_references_section() {
        let docs = "# X\n\n## How to fix\n\n- <https://not.example/fix>\n\n## References\n\n- <https://a.example/x>\n- [RFC 7208](https://www.rfc-editor.org/rfc/rfc7208) §5\n- plain text\n";
        assert_eq!(
            doc_references(docs),
            vec![
                "https://a.example/x",
                "https://www.rfc-editor.org/rfc/rfc7208"
            ]
        );
        assert!(doc_references("# none").is_empty());
    }
}
