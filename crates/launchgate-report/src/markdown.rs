//! Markdown report: the scorecard, findings and verdict as GitHub-flavoured Markdown, written to
//! `$GITHUB_STEP_SUMMARY` in Actions or to a file with `--markdown`.

use std::io::{self, Write};

use launchgate_core::{AreaStatus, Report};

use crate::{RenderOptions, place, plural};

/// Rows of findings shown before "and N more" (the job summary is limited to 1 MiB).
const MAX_ROWS: usize = 200;

/// Escapes text for a table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

/// Wraps text in a code span that survives backticks inside it.
fn code(s: &str) -> String {
    let s = cell(s);
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

fn badge(st: AreaStatus) -> &'static str {
    match st {
        AreaStatus::Pass => "✅ PASS",
        AreaStatus::Fail => "❌ FAIL",
        AreaStatus::Warn => "⚠️ WARN",
        AreaStatus::Attested => "📝 ATTESTED",
        AreaStatus::NotChecked => "➖ NOT CHECKED",
    }
}

pub(crate) fn render(
    report: &Report,
    opts: &RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let verdict = if report.verdict.passed {
        "✅ PASS"
    } else {
        "❌ FAIL"
    };
    writeln!(w, "## launchgate: {verdict}\n")?;
    if report.verdict.passed {
        let summary = report.pass_summary();
        let mut chars = summary.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        writeln!(w, "{}{}.\n", first.unwrap_or_default(), chars.as_str())?;
    } else {
        for r in &report.verdict.reasons {
            writeln!(w, "- {}", cell(r))?;
        }
        if report.verdict.report_only {
            writeln!(w, "- report only (`--no-fail`): the job was not failed")?;
        }
        writeln!(w)?;
    }
    writeln!(w, "| Area | Status | Findings |")?;
    writeln!(w, "|---|---|---|")?;
    for row in &report.scorecard {
        let n = if row.status == AreaStatus::NotChecked {
            row.area.how_to_check().to_owned()
        } else if row.status == AreaStatus::Attested {
            String::new()
        } else {
            row.findings.to_string()
        };
        writeln!(
            w,
            "| {} | {} | {} |",
            row.area.title(),
            badge(row.status),
            cell(&n)
        )?;
    }
    writeln!(w)?;

    if !report.findings.is_empty() {
        writeln!(w, "### Findings\n")?;
        writeln!(w, "| Severity | Check | Where | What |")?;
        writeln!(w, "|---|---|---|---|")?;
        for f in report.findings.iter().take(MAX_ROWS) {
            let check = match opts.catalog.iter().find(|m| m.id == f.check) {
                Some(m) => format!("[{}]({})", code(&f.check), m.docs_url()),
                None => code(&f.check),
            };
            writeln!(
                w,
                "| {} | {check} | {} | {} |",
                f.severity,
                code(&place(f)),
                cell(&crate::headline(f))
            )?;
        }
        if report.findings.len() > MAX_ROWS {
            writeln!(
                w,
                "\n…and {} more; download the SARIF or JSON report for all of them.",
                report.findings.len() - MAX_ROWS
            )?;
        }
        writeln!(w)?;
    }
    if !report.attestations.is_empty() {
        writeln!(w, "### Attested by people\n")?;
        writeln!(w, "| Item | Status | By | Date | Expires | Evidence |")?;
        writeln!(w, "|---|---|---|---|---|---|")?;
        for a in &report.attestations {
            let st = match a.status {
                launchgate_core::AttestationStatus::Attested => "📝 ATTESTED",
                launchgate_core::AttestationStatus::Expired => "❌ EXPIRED",
            };
            writeln!(
                w,
                "| {} | {st} | {} | {} | {} | {} |",
                cell(&a.title),
                cell(&a.by),
                a.date,
                a.expires,
                cell(&a.evidence)
            )?;
        }
        writeln!(w)?;
    }
    if !report.suppressed.is_empty() {
        writeln!(
            w,
            "<details><summary>{} suppressed</summary>\n",
            plural(report.suppressed.len(), "finding", "findings")
        )?;
        writeln!(w, "| Check | Where | Why |")?;
        writeln!(w, "|---|---|---|")?;
        for s in report.suppressed.iter().take(MAX_ROWS) {
            let why = s.suppressed_by.justification();
            writeln!(
                w,
                "| {} | {} | {} |",
                code(&s.finding.check),
                code(&place(&s.finding)),
                cell(&why)
            )?;
        }
        writeln!(w, "\n</details>\n")?;
    }
    if !report.errors.is_empty() {
        writeln!(w, "### Could not check\n")?;
        for e in &report.errors {
            writeln!(
                w,
                "- {} {}: {}",
                e.engine,
                code(&e.subject),
                cell(&e.message)
            )?;
        }
        writeln!(w)?;
    }
    if !report.warnings.is_empty() {
        writeln!(w, "### Warnings\n")?;
        for wa in &report.warnings {
            let at = wa
                .policy
                .as_ref()
                .map(|a| format!(" ({})", code(&a.to_string())))
                .unwrap_or_default();
            let word = match (wa.fails, wa.level) {
                (true, _) => "**error**: ",
                (false, launchgate_core::WarningLevel::Warning) => "",
                (false, launchgate_core::WarningLevel::Info) => "note: ",
            };
            writeln!(w, "- {word}{}{at}", cell(&wa.message))?;
        }
        writeln!(w)?;
    }
    writeln!(
        w,
        "<sub>launchgate {} · policy {}</sub>",
        report.version,
        cell(&report.policy_sources.join(" ← "))
    )?;
    Ok(())
}
