//! `launchgate rules --json`: the catalog of rules and checks, version 1. Like the JSON report,
//! these DTOs are the public contract, kept apart from the internal `CheckMeta` (which may change
//! shape freely): within version 1, fields are only ever added. Documented in
//! `docs/json-report.md`.

use launchgate_core::{CheckKind, CheckMeta, CheckStatus};
use serde::Serialize;

/// The `version` field of the catalog.
pub const CATALOG_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Catalog<'a> {
    version: u32,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    engine: &'static str,
    /// `secret-rule` or `check`.
    kind: &'static str,
    area: &'static str,
    default_severity: &'static str,
    confidence: &'static str,
    summary: &'a str,
    help: &'a str,
    /// `preview` or `stable`.
    status: &'static str,
    /// The version it has been stable since.
    #[serde(skip_serializing_if = "Option::is_none")]
    stable_since: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<&'a str>,
    tags: &'a [String],
    references: &'a [String],
    docs_url: String,
    /// Full Markdown documentation.
    docs: &'a str,
}

impl<'a> Rule<'a> {
    fn new(m: &'a CheckMeta) -> Rule<'a> {
        let (status, stable_since) = match &m.status {
            CheckStatus::Preview => ("preview", None),
            CheckStatus::Stable(v) => ("stable", Some(v.as_str())),
        };
        Rule {
            id: &m.id,
            name: &m.name,
            engine: m.engine.as_str(),
            kind: match m.kind {
                CheckKind::SecretRule => "secret-rule",
                CheckKind::Check => "check",
            },
            area: m.area.as_str(),
            default_severity: m.default_severity.as_str(),
            confidence: m.confidence.as_str(),
            summary: &m.summary,
            help: &m.help,
            status,
            stable_since,
            service: m.service.as_deref(),
            tags: &m.tags,
            references: &m.references,
            docs_url: m.docs_url(),
            docs: &m.docs,
        }
    }
}

/// The catalog (or one entry of it) as pretty JSON, with a trailing newline.
pub fn catalog_json<'a>(rules: impl IntoIterator<Item = &'a CheckMeta>) -> String {
    let catalog = Catalog {
        version: CATALOG_FORMAT_VERSION,
        rules: rules.into_iter().map(Rule::new).collect(),
    };
    let mut text = serde_json::to_string_pretty(&catalog).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use launchgate_core::{Area, Confidence, Engine, Severity};

    #[test]
    fn the_catalog_is_versioned_and_spells_its_enums_as_reports_do() {
        let meta = CheckMeta {
            id: "cdn-missing".into(),
            name: "No CDN".into(),
            engine: Engine::Probe,
            kind: CheckKind::Check,
            area: Area::Deployment,
            default_severity: Severity::Medium,
            confidence: Confidence::High,
            summary: "s".into(),
            docs: "d".into(),
            help: "h".into(),
            tags: vec![],
            references: vec![],
            status: CheckStatus::Stable("0.1.0".into()),
            service: None,
        };
        let v: serde_json::Value = serde_json::from_str(&catalog_json([&meta])).unwrap();
        assert_eq!(v["version"], 1);
        let r = &v["rules"][0];
        assert_eq!(r["engine"], "probe");
        assert_eq!(r["kind"], "check");
        assert_eq!(r["default_severity"], "medium");
        assert_eq!(
            (&r["status"], &r["stable_since"]),
            (&"stable".into(), &"0.1.0".into())
        );
        assert!(r["docs_url"].as_str().unwrap().ends_with("cdn-missing.md"));
    }
}
