//! GitLab reports: Code Quality (every finding, for the merge-request widget) and Secret
//! Detection (secret findings, for the security dashboard), shaped to GitLab's schemas.

use std::io::{self, Write};

use launchgate_core::{CheckKind, Location, Report, Severity};
use serde_json::{Value, json};

use crate::{NO_COMMIT, RenderOptions};

/// The Secret Detection schema version we declare. GitLab 17.1 and later refuse 15.2.x reports
/// ("Version 15.2.1 … is unsupported", gitlab-org/gitlab#497405); 15.0.7 is what third-party
/// integrations declare and what GitLab 16.0 through 18.x ingest. The report's shape also
/// validates against the 15.2.4 schema the tests read.
pub(crate) const SECRET_DETECTION_VERSION: &str = "15.0.7";

fn codequality_severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Low => "minor",
        Severity::Medium => "major",
        Severity::High => "critical",
        Severity::Critical => "blocker",
    }
}

/// GitLab Code Quality JSON: an array of issues.
pub(crate) fn codequality(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Value> = report
        .findings
        .iter()
        .filter_map(|f| {
            let (path, line) = match &f.location {
                // A history-only secret is on no current line: the file's first line, or the
                // repository root when the file is gone (the description names the commit).
                Location::File(l) if l.path_absent => (".".to_owned(), 1),
                Location::File(l) if l.presence.is_history_only() => (l.path.clone(), 1),
                Location::File(l) => (l.path.clone(), l.line),
                Location::Url {
                    policy: Some(a), ..
                }
                | Location::Dns {
                    policy: Some(a), ..
                } => (a.file.clone(), a.line),
                _ => return None,
            };
            Some(json!({
                "type": "issue",
                "description": format!("{}: {}", f.check, crate::headline(f)),
                "check_name": f.check,
                "fingerprint": f.fingerprint.as_str(),
                "severity": codequality_severity(f.severity),
                "categories": ["Security"],
                "location": { "path": path, "lines": { "begin": line.max(1) } },
            }))
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &issues)?;
    writeln!(w)
}

/// `2026-11-22T07:42:07` from an RFC 3339 timestamp: GitLab wants no zone and no fraction.
fn gitlab_time(rfc3339: &str) -> String {
    rfc3339.chars().take(19).collect()
}

/// A UUID-shaped id from a fingerprint; a collision counter (`-2`) goes into the last digits so
/// the ids stay unique within a report.
fn uuid_from(fp: &str) -> String {
    let (base, counter) = match fp.split_once('-') {
        Some((b, n)) => (b, n.parse::<u16>().ok()),
        None => (fp, None),
    };
    let mut hex: String = base
        .chars()
        .filter(char::is_ascii_hexdigit)
        .chain(std::iter::repeat('0'))
        .take(32)
        .collect();
    if let Some(n) = counter {
        hex.replace_range(28..32, &format!("{n:04x}"));
    }
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// GitLab Secret Detection report for the secret findings.
pub(crate) fn secret_detection(
    report: &Report,
    opts: &RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let head = report
        .commit
        .clone()
        .unwrap_or_else(|| NO_COMMIT.to_owned());
    let vulnerabilities: Vec<Value> = report
        .findings
        .iter()
        .filter_map(|f| {
            let meta = opts.catalog.iter().find(|m| m.id == f.check);
            if meta.is_some_and(|m| m.kind != CheckKind::SecretRule) {
                return None;
            }
            let Location::File(l) = &f.location else { return None };
            let commit = l.commit.as_ref().map(|c| c.sha.clone()).unwrap_or_else(|| head.clone());
            let severity = match f.severity {
                Severity::Critical => "Critical",
                Severity::High => "High",
                Severity::Medium => "Medium",
                Severity::Low => "Low",
                Severity::Info => "Info",
            };
            let mut identifier = json!({
                "type": "launchgate_rule_id",
                "name": format!("launchgate rule {}", f.check),
                "value": f.check,
                "url": launchgate_core::docs_url(&f.check),
            });
            if let Some(obj) = identifier.as_object_mut()
                && meta.is_none()
            {
                obj.remove("url");
            }
            let mut v = json!({
                "id": uuid_from(f.fingerprint.as_str()),
                "name": f.title,
                "description": crate::with_evidence(f),
                "severity": severity,
                "identifiers": [identifier],
                "location": {
                    "file": l.path,
                    "start_line": l.line,
                    "end_line": l.end_line,
                    "commit": { "sha": commit },
                },
                // Redacted evidence only: GitLab shows this as the code extract.
                "raw_source_code_extract": f.evidence.as_ref().map(ToString::to_string).unwrap_or_default(),
            });
            if let (Some(obj), Some(m)) = (v.as_object_mut(), meta) {
                obj.insert("solution".to_owned(), json!(m.help));
            }
            Some(v)
        })
        .collect();
    let status = if report.errors.is_empty() {
        "success"
    } else {
        "failure"
    };
    let vendor = json!({ "name": "launchgate" });
    let doc = json!({
        "version": SECRET_DETECTION_VERSION,
        "scan": {
            "analyzer": { "id": "launchgate", "name": "launchgate", "version": report.version, "vendor": vendor },
            "scanner": { "id": "launchgate", "name": "launchgate", "version": report.version, "vendor": vendor,
                         "url": "https://github.com/launchgate/launchgate" },
            "start_time": gitlab_time(&report.started_at),
            "end_time": gitlab_time(&report.finished_at),
            "status": status,
            "type": "secret_detection",
            "messages": report.errors.iter().map(|e| json!({ "level": "warn", "value": format!("{}: {}", e.subject, e.message) })).collect::<Vec<_>>(),
        },
        "vulnerabilities": vulnerabilities,
    });
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_ids_have_gitlabs_shapes() {
        assert_eq!(
            gitlab_time("2026-11-22T07:42:07.123+00:00"),
            "2026-11-22T07:42:07"
        );
        assert_eq!(
            uuid_from("0123456789abcdef0123456789abcdef"),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
        assert_eq!(uuid_from("ab-2").len(), 36);
        assert_ne!(
            uuid_from("0123456789abcdef0123456789abcdef"),
            uuid_from("0123456789abcdef0123456789abcdef-2")
        );
    }
}
