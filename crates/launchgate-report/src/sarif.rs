//! SARIF 2.1.0, shaped for GitHub code scanning: one run per engine with its own
//! `automationDetails` category, rules from the catalog (descriptions, help, `helpUri`,
//! `security-severity`, tags), results with level, region and `partialFingerprints`, and
//! suppressed findings carried with their `suppressions` so they show as dismissed.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::io::{self, Write};

use launchgate_core::{
    CheckMeta, Confidence, Engine, EngineStatus, FileLocation, Finding, Location, Report, Severity,
    SuppressedBy,
};
use serde_json::{Value, json};
use serde_sarif::sarif;

use crate::RenderOptions;

/// The key of our fingerprint in `partialFingerprints`. Versioned: a change to how fingerprints
/// are computed gets a new key instead of silently re-opening every alert.
pub(crate) const FINGERPRINT_KEY: &str = "launchgate/v1";

const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn result_level(sev: Severity) -> sarif::ResultLevel {
    match sev {
        Severity::Critical | Severity::High => sarif::ResultLevel::Error,
        Severity::Medium => sarif::ResultLevel::Warning,
        Severity::Low | Severity::Info => sarif::ResultLevel::Note,
    }
}

fn precision(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "very-high",
        Confidence::Medium => "high",
        Confidence::Low => "medium",
    }
}

fn props(tags: Option<Vec<String>>, extra: Vec<(&str, Value)>) -> sarif::PropertyBag {
    sarif::PropertyBag {
        tags,
        additional_properties: extra.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    }
}

fn text(s: impl Into<String>) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(s.into())
        .build()
}

fn message(s: impl Into<String>) -> sarif::Message {
    sarif::Message::builder().text(s.into()).build()
}

/// `AwsAccessKeyId` from `aws-access-key-id`: SARIF's `name` is an identifier, not a title.
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and the
/// path punctuation is percent-encoded, so a file named `a b#1.env` stays one valid URI.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The severity a check reports at in this run: its findings carry the policy's override, so the
/// first one's severity wins; without findings, the catalog default.
/// The rule's severity is the policy's for the check (its override, else the default), never a
/// guess from whichever finding came first.
fn effective_severity(meta: &CheckMeta, report: &Report) -> Severity {
    report
        .check_severities
        .get(&meta.id)
        .copied()
        .unwrap_or(meta.default_severity)
}

fn rule(meta: &CheckMeta, severity: Severity) -> sarif::ReportingDescriptor {
    let first_paragraph = meta
        .docs
        .split("## Why it matters")
        .nth(1)
        .and_then(|s| s.trim().split("\n\n").next())
        .unwrap_or(&meta.summary)
        .trim()
        .to_owned();
    sarif::ReportingDescriptor::builder()
        .id(meta.id.clone())
        .name(camel(&meta.id))
        .short_description(text(meta.summary.clone()))
        .full_description(text(first_paragraph))
        .help(
            sarif::MultiformatMessageString::builder()
                .text(meta.help.clone())
                .markdown(meta.docs.clone())
                .build(),
        )
        .help_uri(meta.docs_url())
        .default_configuration(sarif::ReportingConfiguration {
            level: Some(json!(result_level(severity))),
            ..Default::default()
        })
        .properties(props(
            Some(meta.tags.clone()),
            vec![
                ("security-severity", json!(severity.security_severity())),
                ("precision", json!(precision(meta.confidence))),
                (
                    "problem.severity",
                    json!(if severity >= Severity::High {
                        "error"
                    } else {
                        "warning"
                    }),
                ),
                ("launchgate/area", json!(meta.area.as_str())),
            ],
        ))
        .build()
}

/// A region of a repository file.
fn in_repo(path: &str, region: sarif::Region) -> sarif::PhysicalLocation {
    sarif::PhysicalLocation {
        artifact_location: Some(sarif::ArtifactLocation {
            uri: Some(uri_path(path)),
            uri_base_id: Some("%SRCROOT%".to_owned()),
            ..Default::default()
        }),
        region: Some(region),
        ..Default::default()
    }
}

/// A secret no checked-out file holds is located where it is: in its commit. When the path still
/// exists, the result sits on the file (its first line: today's lines are not the ones that
/// held it) so code scanning shows it; when it does not, the location is the commit and path as
/// a logical location, never an unrelated file. The message names commit, path and line.
fn history_location(l: &FileLocation) -> (sarif::Location, Vec<(&'static str, Value)>) {
    let sha = l.commit.as_ref().map_or("", |c| c.sha.as_str());
    let at = format!("{sha}:{}:{}", l.path, l.line);
    let location = if l.path_absent {
        sarif::Location {
            logical_locations: Some(vec![
                sarif::LogicalLocation::builder()
                    .name(format!("{}:{}", &sha[..sha.len().min(12)], l.path))
                    .fully_qualified_name(at.clone())
                    .kind("resource")
                    .build(),
            ]),
            message: Some(message(format!(
                "in commit {at}; the file is not in the checkout"
            ))),
            ..Default::default()
        }
    } else {
        sarif::Location {
            physical_location: Some(in_repo(
                &l.path,
                sarif::Region {
                    start_line: Some(1),
                    ..Default::default()
                },
            )),
            message: Some(message(format!(
                "in an earlier version of this file: commit {at}"
            ))),
            ..Default::default()
        }
    };
    let mut extra = vec![("commit", json!(sha)), ("historyLine", json!(l.line))];
    if let Some(c) = &l.commit
        && !c.refs.is_empty()
    {
        extra.push(("refs", json!(c.refs)));
    }
    if let Some(e) = &l.encoding {
        extra.push(("encoding", json!(e)));
    }
    (location, extra)
}

fn result(f: &Finding, rules: &[&CheckMeta], suppression: Option<&SuppressedBy>) -> sarif::Result {
    let (location, mut extra) = match &f.location {
        Location::File(l) if l.presence.is_history_only() => history_location(l),
        Location::File(l) => (
            sarif::Location {
                physical_location: Some(in_repo(
                    &l.path,
                    sarif::Region {
                        start_line: Some(i64::from(l.line)),
                        start_column: Some(i64::from(l.column)),
                        end_line: Some(i64::from(l.end_line)),
                        end_column: Some(i64::from(l.end_column)),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            l.commit
                .as_ref()
                .map(|c| ("commit", json!(c.sha)))
                .into_iter()
                .chain(l.encoding.as_ref().map(|e| ("encoding", json!(e))))
                .collect(),
        ),
        // Live findings have no source file: anchor them to the policy line that declared the
        // target, and carry the URL or host as a property.
        Location::Url { url, policy, .. } | Location::Dns { name: url, policy } => (
            sarif::Location {
                physical_location: policy.as_ref().map(|a| sarif::PhysicalLocation {
                    artifact_location: Some(sarif::ArtifactLocation {
                        uri: Some(uri_path(&a.file)),
                        uri_base_id: Some("%SRCROOT%".to_owned()),
                        ..Default::default()
                    }),
                    region: Some(sarif::Region {
                        start_line: Some(i64::from(a.line)),
                        start_column: Some(i64::from(a.column)),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                message: Some(message(url.clone())),
                ..Default::default()
            },
            vec![("target", json!(url))],
        ),
    };
    extra.push(("severity", json!(f.severity.as_str())));
    extra.push(("confidence", json!(f.confidence.as_str())));
    if let Some(e) = &f.evidence {
        extra.push(("evidence", json!(e.to_string())));
    }
    let suppressions = suppression.map(|s| {
        let (kind, justification) = match s {
            SuppressedBy::Inline { reason } => ("inSource", reason.clone()),
            other => ("external", other.justification()),
        };
        vec![
            sarif::Suppression::builder()
                .kind(json!(kind))
                .status(json!("accepted"))
                .justification(justification)
                .build(),
        ]
    });
    let mut r = sarif::Result::builder()
        .message(message(crate::headline(f)))
        .rule_id(f.check.clone())
        .level(result_level(f.severity))
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_owned(),
            f.fingerprint.as_str().to_owned(),
        )]))
        .properties(props(None, extra))
        .build();
    r.rule_index = rules.iter().position(|m| m.id == f.check).map(|i| i as i64);
    r.suppressions = suppressions;
    r
}

/// GitHub code scanning refuses a run with more results than this.
const MAX_RESULTS_PER_RUN: usize = 25_000;

pub(crate) fn render(
    report: &Report,
    opts: &RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut runs = Vec::new();
    for engine in [Engine::Scan, Engine::Probe] {
        let Some(summary) = report.engines.iter().find(|e| e.engine == engine) else {
            continue;
        };
        let ids: std::collections::HashSet<&str> = opts
            .catalog
            .iter()
            .filter(|m| m.engine == engine)
            .map(|m| m.id.as_str())
            .collect();
        let of_engine = |id: &str| ids.contains(id);
        // Open findings first, then suppressed ones, each worst first: what a cap leaves out is
        // the least important.
        let mut kept: Vec<(&launchgate_core::Finding, Option<&SuppressedBy>)> = report
            .findings
            .iter()
            .filter(|f| of_engine(&f.check))
            .map(|f| (f, None))
            .chain(
                report
                    .suppressed
                    .iter()
                    .filter(|s| of_engine(&s.finding.check))
                    .map(|s| (&s.finding, Some(&s.suppressed_by))),
            )
            .collect();
        kept.sort_by_key(|(f, s)| (s.is_some(), Reverse(f.severity)));
        let left_out = kept.len().saturating_sub(MAX_RESULTS_PER_RUN);
        kept.truncate(MAX_RESULTS_PER_RUN);
        // Only the rules something refers to: the whole catalog with its docs is half a megabyte.
        let used: std::collections::BTreeSet<&str> =
            kept.iter().map(|(f, _)| f.check.as_str()).collect();
        let rules: Vec<&CheckMeta> = opts
            .catalog
            .iter()
            .filter(|m| m.engine == engine && used.contains(m.id.as_str()))
            .collect();
        let results: Vec<sarif::Result> = kept.iter().map(|(f, s)| result(f, &rules, *s)).collect();
        let errors: Vec<&launchgate_core::EngineError> = report
            .errors
            .iter()
            .filter(|e| e.engine == engine)
            .collect();
        let mut notifications: Vec<sarif::Notification> = errors
            .iter()
            .map(|e| {
                sarif::Notification::builder()
                    .level(json!("error"))
                    .message(message(format!("{}: {}", e.subject, e.message)))
                    .build()
            })
            .collect();
        if left_out > 0 {
            notifications.push(
                sarif::Notification::builder()
                    .level(json!("warning"))
                    .message(message(format!(
                        "{left_out} more result{} left out: GitHub accepts at most {MAX_RESULTS_PER_RUN} per run (the least severe, suppressed ones first, were dropped; the JSON report has every finding)",
                        if left_out == 1 { " was" } else { "s were" }
                    )))
                    .build(),
            );
        }
        // The scorecard's NOT CHECKED areas, once (on the first run): no result is not a pass.
        if runs.is_empty() {
            notifications.extend(
                report
                    .scorecard
                    .iter()
                    .filter(|r| r.status == launchgate_core::AreaStatus::NotChecked)
                    .map(|r| {
                        sarif::Notification::builder()
                            .level(json!("note"))
                            .message(message(format!(
                                "{}: NOT CHECKED ({})",
                                r.area.title(),
                                r.area.how_to_check()
                            )))
                            .build()
                    }),
            );
        }
        let driver = sarif::ToolComponent::builder()
            .name(launchgate_core::TOOL_NAME)
            .full_name(format!("launchgate {} ({engine})", report.version))
            .semantic_version(report.version.clone())
            .version(report.version.clone())
            .information_uri("https://github.com/launchgate/launchgate")
            .rules(
                rules
                    .iter()
                    .map(|m| rule(m, effective_severity(m, report)))
                    .collect::<Vec<_>>(),
            )
            .build();
        let mut invocation = sarif::Invocation::builder()
            .execution_successful(summary.status != EngineStatus::Ran || errors.is_empty())
            .start_time_utc(report.started_at.clone())
            .end_time_utc(report.finished_at.clone())
            .properties(props(
                None,
                vec![("status", json!(summary.status.as_str()))],
            ))
            .build();
        invocation.tool_execution_notifications =
            (!notifications.is_empty()).then_some(notifications);
        let mut run = sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .automation_details(sarif::RunAutomationDetails {
                // One category per shard, so matrix jobs' uploads sit side by side instead of
                // replacing each other in code scanning.
                id: Some({
                    let base = match opts.sarif_category {
                        Some(c) => format!("{}/{engine}/", c.trim_end_matches('/')),
                        None => format!("launchgate/{engine}/"),
                    };
                    match &report.shard {
                        Some(s) => format!("{base}shard-{}/", s.replace('/', "-of-")),
                        None => base,
                    }
                }),
                ..Default::default()
            })
            .column_kind(json!("unicodeCodePoints"))
            .invocations(vec![invocation])
            .results(results)
            .build();
        run.properties = report
            .commit
            .as_ref()
            .map(|sha| props(None, vec![("commit", json!(sha))]));
        runs.push(run);
    }
    let log = sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(runs)
        .build();
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_valid_uri_references() {
        assert_eq!(uri_path("src/app.ts"), "src/app.ts");
        assert_eq!(uri_path("a b#1%.env"), "a%20b%231%25.env");
        assert_eq!(uri_path("é\n"), "%C3%A9%0A");
    }

    #[test]
    fn rule_names_are_camel_case_identifiers() {
        assert_eq!(camel("aws-access-key-id"), "AwsAccessKeyId");
        assert_eq!(camel("x"), "X");
    }
}
