//! The JSON report, version 1. These DTOs are the public contract and are kept apart from the
//! internal types: within version 1, fields are only ever added. Documented in `docs/json-report.md`.

use std::io::{self, Write};

use launchgate_core::{Finding, Location, Report, SkipReason, SuppressedBy};
use serde::Serialize;

use crate::RenderOptions;

/// The `version` field of the JSON report.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool<'a>,
    run: Run<'a>,
    verdict: Verdict<'a>,
    scorecard: Vec<Area<'a>>,
    findings: Vec<JsonFinding<'a>>,
    suppressed: Vec<JsonSuppressed<'a>>,
    errors: Vec<JsonError<'a>>,
    skipped: Vec<JsonSkipped<'a>>,
    skipped_checks: Vec<JsonSkippedCheck<'a>>,
    attestations: Vec<JsonAttestation<'a>>,
    warnings: Vec<JsonWarning<'a>>,
    engines: Vec<JsonEngine<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Run<'a> {
    started_at: &'a str,
    finished_at: &'a str,
    root: Option<&'a str>,
    commit: Option<&'a str>,
    policy: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<&'a str>,
}

#[derive(Serialize)]
struct Verdict<'a> {
    passed: bool,
    fail_on: &'a str,
    fail_on_confidence: &'a str,
    reasons: &'a [String],
    report_only: bool,
}

#[derive(Serialize)]
struct Area<'a> {
    area: &'a str,
    title: &'a str,
    status: &'a str,
    findings: usize,
    failing: usize,
    suppressed: usize,
    attested: usize,
    /// What would check a `not-checked` area.
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

#[derive(Serialize, Default)]
struct JsonLocation<'a> {
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    introduced: Option<JsonCommit<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    presence: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    path_absent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<String>,
    /// `rotated`: the date the secret was revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    rotated: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonCommit<'a> {
    sha: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    refs: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    refs_total: Option<usize>,
}

#[derive(Serialize)]
struct Evidence<'a> {
    prefix: &'a str,
    length: usize,
    hmac: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'a str,
    confidence: &'a str,
    area: &'a str,
    message: &'a str,
    location: JsonLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence<'a>>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    docs_url: String,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    suppressed_by: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<String>,
    /// `rotated`: the date the secret was revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    rotated: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    engine: &'a str,
    subject: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    engine: &'a str,
    subject: &'a str,
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSkippedCheck<'a> {
    id: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonAttestation<'a> {
    id: &'a str,
    title: &'a str,
    area: &'a str,
    by: &'a str,
    date: &'a str,
    evidence: &'a str,
    expires: &'a str,
    status: &'static str,
    policy: String,
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<String>,
    fails: bool,
    /// `warning`, or `note` for a detail (what a passing check saw).
    level: &'static str,
}

#[derive(Serialize)]
struct JsonEngine<'a> {
    engine: &'a str,
    status: &'static str,
    files_scanned: u64,
    bytes_scanned: u64,
    binary_files_skipped: u64,
    commits_scanned: u64,
    blobs_scanned: u64,
    history_bytes_scanned: u64,
    targets: u64,
    requests: u64,
    checks_enabled: u64,
    duration_ms: u64,
}

fn finding<'a>(f: &'a Finding, opts: &RenderOptions<'a>) -> JsonFinding<'a> {
    let location = match &f.location {
        Location::File(l) => JsonLocation {
            kind: "file",
            path: Some(&l.path),
            line: Some(l.line),
            column: Some(l.column),
            end_line: Some(l.end_line),
            end_column: Some(l.end_column),
            commit: l.commit.as_ref().map(|c| c.sha.as_str()),
            introduced: l.commit.as_ref().map(|c| JsonCommit {
                sha: &c.sha,
                path: c.path.as_deref(),
                author: c.author.as_deref(),
                date: c.date.as_deref(),
                refs: &c.refs,
                refs_total: c.refs_total,
            }),
            presence: match l.presence {
                launchgate_core::Presence::WorkingTree => None,
                launchgate_core::Presence::WorkingTreeAndHistory => {
                    Some("working-tree-and-history")
                }
                launchgate_core::Presence::HistoryOnly => Some("history-only"),
                launchgate_core::Presence::OtherRefs => Some("other-refs"),
            },
            path_absent: l.path_absent,
            via: l.via.as_deref(),
            encoding: l.encoding.as_deref(),
            snippet: l.snippet.as_deref(),
            ..Default::default()
        },
        Location::Url {
            url,
            target,
            policy,
        } => JsonLocation {
            kind: "url",
            url: Some(url),
            target: target.as_deref(),
            policy: policy.as_ref().map(ToString::to_string),
            ..Default::default()
        },
        Location::Dns { name, policy } => JsonLocation {
            kind: "dns",
            name: Some(name),
            policy: policy.as_ref().map(ToString::to_string),
            ..Default::default()
        },
    };
    JsonFinding {
        id: &f.check,
        title: &f.title,
        severity: f.severity.as_str(),
        confidence: f.confidence.as_str(),
        area: f.area.as_str(),
        message: &f.message,
        location,
        evidence: f.evidence.as_ref().map(|e| Evidence {
            prefix: e.prefix(),
            length: e.length(),
            hmac: e.hash(),
        }),
        fingerprint: f.fingerprint.as_str(),
        help: opts
            .catalog
            .iter()
            .find(|m| m.id == f.check)
            .map(|m| m.help.as_str()),
        docs_url: launchgate_core::docs_url(&f.check),
    }
}

pub(crate) fn render(
    report: &Report,
    opts: &RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let doc = JsonReport {
        version: JSON_FORMAT_VERSION,
        tool: Tool {
            name: launchgate_core::TOOL_NAME,
            version: &report.version,
        },
        run: Run {
            started_at: &report.started_at,
            finished_at: &report.finished_at,
            root: report.root.as_deref(),
            commit: report.commit.as_deref(),
            policy: &report.policy_sources,
            shard: report.shard.as_deref(),
            since: report.since.as_deref(),
        },
        verdict: Verdict {
            passed: report.verdict.passed,
            fail_on: report.verdict.fail_on.severity.as_str(),
            fail_on_confidence: report.verdict.fail_on.confidence.as_str(),
            reasons: &report.verdict.reasons,
            report_only: report.verdict.report_only,
        },
        scorecard: report
            .scorecard
            .iter()
            .map(|r| Area {
                area: r.area.as_str(),
                title: r.area.title(),
                status: match r.status {
                    launchgate_core::AreaStatus::Pass => "pass",
                    launchgate_core::AreaStatus::Fail => "fail",
                    launchgate_core::AreaStatus::Warn => "warn",
                    launchgate_core::AreaStatus::Attested => "attested",
                    launchgate_core::AreaStatus::NotChecked => "not-checked",
                },
                findings: r.findings,
                failing: r.failing,
                suppressed: r.suppressed,
                attested: r.attested,
                hint: (r.status == launchgate_core::AreaStatus::NotChecked)
                    .then(|| r.area.how_to_check()),
            })
            .collect(),
        findings: report.findings.iter().map(|f| finding(f, opts)).collect(),
        suppressed: report
            .suppressed
            .iter()
            .map(|s| {
                let (reason, policy, rotated) = match &s.suppressed_by {
                    SuppressedBy::Inline { reason } => (Some(reason.as_str()), None, None),
                    SuppressedBy::Policy { reason, policy } => {
                        (Some(reason.as_str()), Some(policy.to_string()), None)
                    }
                    SuppressedBy::Rotated {
                        date,
                        reason,
                        policy,
                    } => (
                        Some(reason.as_str()),
                        Some(policy.to_string()),
                        Some(date.as_str()),
                    ),
                    SuppressedBy::Baseline | SuppressedBy::OtherRefs => (None, None, None),
                };
                let by = s.suppressed_by.kind();
                JsonSuppressed {
                    finding: finding(&s.finding, opts),
                    suppressed_by: by,
                    reason,
                    policy,
                    rotated,
                }
            })
            .collect(),
        errors: report
            .errors
            .iter()
            .map(|e| JsonError {
                engine: e.engine.as_str(),
                subject: &e.subject,
                message: &e.message,
            })
            .collect(),
        skipped: report
            .skipped
            .iter()
            .map(|s| match &s.reason {
                SkipReason::TooLarge { size, limit } => JsonSkipped {
                    engine: s.engine.as_str(),
                    subject: &s.subject,
                    reason: "too-large",
                    size: Some(*size),
                    limit: Some(*limit),
                    detail: None,
                },
                SkipReason::Other { detail } => JsonSkipped {
                    engine: s.engine.as_str(),
                    subject: &s.subject,
                    reason: "other",
                    size: None,
                    limit: None,
                    detail: Some(detail),
                },
            })
            .collect(),
        skipped_checks: report
            .skipped_checks
            .iter()
            .map(|c| JsonSkippedCheck {
                id: &c.id,
                reason: &c.reason,
            })
            .collect(),
        attestations: report
            .attestations
            .iter()
            .map(|a| JsonAttestation {
                id: &a.id,
                title: &a.title,
                area: a.area.as_str(),
                by: &a.by,
                date: &a.date,
                evidence: &a.evidence,
                expires: &a.expires,
                status: match a.status {
                    launchgate_core::AttestationStatus::Attested => "attested",
                    launchgate_core::AttestationStatus::Expired => "expired",
                },
                policy: a.policy.to_string(),
            })
            .collect(),
        warnings: report
            .warnings
            .iter()
            .map(|w| JsonWarning {
                message: &w.message,
                policy: w.policy.as_ref().map(ToString::to_string),
                fails: w.fails,
                level: w.level.as_str(),
            })
            .collect(),
        engines: report
            .engines
            .iter()
            .map(|e| JsonEngine {
                engine: e.engine.as_str(),
                status: e.status.as_str(),
                files_scanned: e.stats.files_scanned,
                bytes_scanned: e.stats.bytes_scanned,
                binary_files_skipped: e.stats.binary_files_skipped,
                commits_scanned: e.stats.commits_scanned,
                blobs_scanned: e.stats.blobs_scanned,
                history_bytes_scanned: e.stats.history_bytes_scanned,
                targets: e.stats.targets,
                requests: e.stats.requests,
                checks_enabled: e.stats.checks_enabled,
                duration_ms: e.stats.duration_ms,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
