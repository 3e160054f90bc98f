//! The terminal report: a launch-readiness scorecard by area, the findings grouped by file or
//! target in rustc style, what was suppressed, skipped or broken, and one verdict line.

use std::io::{self, Write};

use launchgate_core::{
    AreaStatus, AttestationStatus, EngineStatus, Finding, Location, Presence, Report, Severity,
    SkipReason, printable,
};

use crate::{RenderOptions, plural, severity_counts};

/// Suppressed findings listed without `-v`.
const SUPPRESSED_SHOWN: usize = 5;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn blue(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
            Severity::Info => "1",
        };
        self.wrap(code, s)
    }
    fn status(&self, st: AreaStatus) -> String {
        let label = format!("{:<12}", st.label());
        let code = match st {
            AreaStatus::Pass => "1;32",
            AreaStatus::Fail => "1;31",
            AreaStatus::Warn => "1;33",
            AreaStatus::Attested => "1;36",
            AreaStatus::NotChecked => "2",
        };
        self.wrap(code, &label)
    }
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

pub(crate) fn render(
    report: &Report,
    opts: &RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let p = Paint { on: opts.color };

    writeln!(
        w,
        "{} {} · policy {} · fails on {} and above",
        p.bold("launchgate"),
        report.version,
        report.policy_sources.join(" ← "),
        report.verdict.fail_on
    )?;
    if let Some(base) = &report.since {
        writeln!(
            w,
            "pull-request mode: only what {}..HEAD adds was scanned (the rest is the base branch's)",
            printable(base)
        )?;
    }
    if let Some(shard) = &report.shard {
        writeln!(
            w,
            "shard {}: one share of the repository; the other shards' jobs report the rest",
            printable(shard)
        )?;
    }
    writeln!(w)?;

    // Scorecard.
    writeln!(w, "{}", p.bold("Launch readiness"))?;
    for row in &report.scorecard {
        let detail = match row.status {
            AreaStatus::NotChecked => row.area.how_to_check().to_owned(),
            AreaStatus::Attested => plural(row.attested, "attestation", "attestations"),
            // Failing or warning with nothing found: an error (something could not be checked)
            // or an expired attestation, both listed below.
            AreaStatus::Fail | AreaStatus::Warn if row.findings == 0 => {
                String::from("no findings; see below")
            }
            _ if row.findings == 0 && row.failing == 0 => String::from("no findings"),
            _ => {
                let mut d = plural(row.findings, "finding", "findings");
                if row.failing > 0 {
                    d.push_str(&format!(", {} failing", row.failing));
                }
                d
            }
        };
        let suppressed = if row.suppressed > 0 {
            format!(" ({} suppressed)", row.suppressed)
        } else {
            String::new()
        };
        let line = format!(
            "  {} {:<28} {}{}",
            p.status(row.status),
            row.area.title(),
            detail,
            p.dim(&suppressed)
        );
        writeln!(w, "{}", line.trim_end())?;
    }
    if !report.attestations.is_empty() {
        writeln!(w)?;
        writeln!(w, "{}", p.bold("Attested by people"))?;
        for a in &report.attestations {
            let st = match a.status {
                AttestationStatus::Attested => p.status(AreaStatus::Attested),
                AttestationStatus::Expired => p.wrap("1;31", &format!("{:<12}", "EXPIRED")),
            };
            writeln!(
                w,
                "  {st} {} — {} on {}, expires {}",
                a.title, a.by, a.date, a.expires
            )?;
            writeln!(w, "               {}", p.dim(&a.evidence))?;
        }
    }

    // Findings, grouped by file or target, worst group first.
    if !report.findings.is_empty() {
        writeln!(w)?;
        writeln!(w, "{}", p.bold("Findings"))?;
        let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
        for f in &report.findings {
            let key = group_key(f);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(f),
                None => groups.push((key, vec![f])),
            }
        }
        for (_, findings) in &mut groups {
            findings.sort_by_key(|f| match &f.location {
                Location::File(l) => (l.line, l.column),
                _ => (0, 0),
            });
        }
        for (_, findings) in groups {
            for f in findings {
                writeln!(w)?;
                let level = p.severity(f.severity, &format!("{}[{}]", f.severity, f.check));
                writeln!(
                    w,
                    "{level}{} {}",
                    p.bold(":"),
                    p.bold(&printable(&crate::with_evidence(f)))
                )?;
                match &f.location {
                    Location::File(l) => {
                        // A history-only finding is located in its commit, not on today's file.
                        writeln!(w, "  {} {}", p.blue("-->"), printable(&crate::place(f)))?;
                        if let Some(via) = &l.via {
                            writeln!(
                                w,
                                "  {} shipped in {} (original source recovered from it)",
                                p.blue("="),
                                printable(via)
                            )?;
                        }
                        if let Some(snippet) = &l.snippet {
                            writeln!(w, "  {} context: {snippet}", p.blue("="))?;
                        }
                        if let Some(c) = &l.commit {
                            let mut line = format!("introduced in {}", c.short());
                            if let Some(path) = &c.path {
                                line.push_str(&format!(" as {}", printable(path)));
                            }
                            if let Some(a) = &c.author {
                                line.push_str(&format!(" by {}", printable(a)));
                            }
                            if let Some(d) = &c.date {
                                line.push_str(&format!(" on {}", &d[..d.len().min(10)]));
                            }
                            if !c.refs.is_empty() && l.presence != Presence::OtherRefs {
                                line.push_str(&format!(
                                    "; in the history of {}",
                                    printable(&c.refs_phrase(3))
                                ));
                            }
                            line.push_str(&match l.presence {
                                Presence::HistoryOnly => {
                                    "; not in the checked-out files".to_owned()
                                }
                                Presence::OtherRefs => format!(
                                    "; only on {}, not on the checked-out branch",
                                    printable(&c.refs_phrase(3))
                                ),
                                Presence::WorkingTreeAndHistory => {
                                    "; still in the checked-out files".to_owned()
                                }
                                Presence::WorkingTree => String::new(),
                            });
                            writeln!(w, "  {} {}: {line}", p.blue("="), p.bold("history"))?;
                        }
                    }
                    Location::Url {
                        url,
                        target,
                        policy,
                    } => {
                        writeln!(w, "  {} {url}", p.blue("-->"))?;
                        match (target, policy) {
                            (Some(t), Some(a)) => writeln!(
                                w,
                                "  {} target `{}` declared at {a}",
                                p.blue("="),
                                printable(t)
                            )?,
                            (Some(t), None) => {
                                writeln!(w, "  {} target `{}`", p.blue("="), printable(t))?
                            }
                            (None, Some(a)) => {
                                writeln!(w, "  {} target declared at {a}", p.blue("="))?
                            }
                            (None, None) => {}
                        }
                    }
                    Location::Dns { name, policy } => {
                        writeln!(w, "  {} {name}", p.blue("-->"))?;
                        if let Some(a) = policy {
                            writeln!(w, "  {} domain declared at {a}", p.blue("="))?;
                        }
                    }
                }
                if let Some(meta) = opts.catalog.iter().find(|m| m.id == f.check) {
                    writeln!(w, "  {} {}: {}", p.blue("="), p.bold("help"), meta.help)?;
                    writeln!(
                        w,
                        "  {} {}: {}",
                        p.blue("="),
                        p.bold("docs"),
                        meta.docs_url()
                    )?;
                }
                // What an `ignore:` entry (or a rotation record) names it by.
                writeln!(
                    w,
                    "  {} {}: {}",
                    p.blue("="),
                    p.bold("fingerprint"),
                    f.fingerprint.as_str()
                )?;
                if let Location::File(l) = &f.location
                    && l.presence.is_history_only()
                {
                    writeln!(
                        w,
                        "  {} {}: after revoking the key, record it under `ignore:` with this `fingerprint:`, `rotated: <date>` and a `reason:`",
                        p.blue("="),
                        p.bold("rotated?"),
                    )?;
                }
            }
        }
    }

    // What was not counted, and why.
    if !report.suppressed.is_empty() {
        writeln!(w)?;
        let count = |kind: &str| {
            report
                .suppressed
                .iter()
                .filter(|s| s.suppressed_by.kind() == kind)
                .count()
        };
        let parts: Vec<String> = [
            ("policy", "by policy ignores"),
            ("rotated", "recorded as rotated"),
            ("inline", "by inline allow comments"),
            ("baseline", "by the baseline"),
            ("other-refs", "only on other refs (scan.refs: head)"),
        ]
        .into_iter()
        .filter_map(|(kind, what)| match count(kind) {
            0 => None,
            n => Some(format!("{n} {what}")),
        })
        .collect();
        writeln!(
            w,
            "{} {} ({}):",
            p.bold("Suppressed:"),
            plural(report.suppressed.len(), "finding", "findings"),
            parts.join(", ")
        )?;
        // Which ones: a suppression is a decision someone can review, never just a count.
        let shown = if opts.verbose {
            report.suppressed.len()
        } else {
            SUPPRESSED_SHOWN
        };
        for s in report.suppressed.iter().take(shown) {
            writeln!(
                w,
                "  {} ({}) at {}: {}",
                s.finding.check,
                s.finding.severity,
                printable(&crate::place(&s.finding)),
                printable(&s.suppressed_by.justification())
            )?;
        }
        if report.suppressed.len() > shown {
            writeln!(
                w,
                "  … and {} more (-v lists all)",
                report.suppressed.len() - shown
            )?;
        }
    }
    if !report.skipped.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "{} {} not scanned:",
            p.bold("Skipped:"),
            plural(report.skipped.len(), "file", "files")
        )?;
        for s in report.skipped.iter().take(20) {
            let why = match &s.reason {
                SkipReason::TooLarge { size, limit } => format!(
                    "{} is over the {} cap (scan.max-file-size)",
                    human_size(*size),
                    human_size(*limit)
                ),
                SkipReason::Other { detail } => detail.clone(),
            };
            writeln!(w, "  {}: {}", printable(&s.subject), printable(&why))?;
        }
        if report.skipped.len() > 20 {
            writeln!(w, "  … and {} more (see --json)", report.skipped.len() - 20)?;
        }
    }
    if !report.skipped_checks.is_empty() {
        writeln!(w)?;
        writeln!(w, "{}", p.bold("Checks not run:"))?;
        for c in &report.skipped_checks {
            writeln!(w, "  {}: {}", c.id, c.reason)?;
        }
    }
    if !report.errors.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "{} {} could not be checked:",
            p.wrap("1;31", "Errors:"),
            plural(report.errors.len(), "item", "items")
        )?;
        for e in &report.errors {
            writeln!(
                w,
                "  {} {}: {}",
                e.engine,
                printable(&e.subject),
                printable(&e.message)
            )?;
        }
    }
    if !report.warnings.is_empty() {
        writeln!(w)?;
        for warn in &report.warnings {
            let word = match (warn.fails, warn.level) {
                (true, _) => p.wrap("1;31", "error"),
                (false, launchgate_core::WarningLevel::Warning) => p.wrap("1;33", "warning"),
                (false, launchgate_core::WarningLevel::Info) => p.wrap("1;36", "note"),
            };
            write!(w, "{word}: {}", printable(&warn.message))?;
            if let Some(a) = &warn.policy {
                write!(w, " ({a})")?;
            }
            writeln!(w)?;
        }
    }

    // Engines and counts.
    writeln!(w)?;
    for e in &report.engines {
        let line = match (e.engine, e.status) {
            (launchgate_core::Engine::Scan, EngineStatus::Ran) => format!(
                "scan: {} ({}){} with {} in {}{}",
                plural(e.stats.files_scanned as usize, "file", "files"),
                human_size(e.stats.bytes_scanned),
                if e.stats.commits_scanned > 0 || e.stats.blobs_scanned > 0 {
                    format!(
                        " + history: {}, {} ({}, {}/s)",
                        plural(e.stats.commits_scanned as usize, "commit", "commits"),
                        plural(e.stats.blobs_scanned as usize, "blob", "blobs"),
                        human_size(e.stats.history_bytes_scanned),
                        human_size(
                            e.stats.history_bytes_scanned * 1000 / e.stats.duration_ms.max(1)
                        )
                    )
                } else {
                    String::new()
                },
                plural(e.stats.checks_enabled as usize, "rule", "rules"),
                duration(e.stats.duration_ms),
                if e.stats.binary_files_skipped > 0 {
                    format!(", {} binary skipped", e.stats.binary_files_skipped)
                } else {
                    String::new()
                }
            ),
            (launchgate_core::Engine::Probe, EngineStatus::Ran) => format!(
                "probe: {} with {} ({}) in {}",
                plural(e.stats.targets as usize, "target", "targets"),
                plural(e.stats.checks_enabled as usize, "check", "checks"),
                plural(e.stats.requests as usize, "request", "requests"),
                duration(e.stats.duration_ms)
            ),
            (engine, EngineStatus::Disabled) => format!("{engine}: disabled"),
            (launchgate_core::Engine::Probe, EngineStatus::NotConfigured) => {
                "probe: not configured (no probe.targets in the policy)".to_owned()
            }
            (engine, EngineStatus::NotConfigured) => format!("{engine}: not configured"),
        };
        writeln!(w, "{}", p.dim(&line))?;
    }
    let counts = severity_counts(&report.findings);
    let mut count_line = plural(report.findings.len(), "finding", "findings");
    if !counts.is_empty() {
        count_line.push_str(&format!(
            " ({})",
            counts
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    count_line.push_str(&format!(
        ", {} suppressed, {}",
        report.suppressed.len(),
        plural(report.errors.len(), "error", "errors")
    ));
    writeln!(w, "{count_line}")?;

    // The verdict.
    writeln!(w)?;
    if report.verdict.passed {
        writeln!(w, "{} {}", p.wrap("1;32", "PASS:"), report.pass_summary())?;
    } else {
        let suffix = if report.verdict.report_only {
            " (report only: --no-fail, exit 0)"
        } else {
            ""
        };
        writeln!(
            w,
            "{} {}{}",
            p.wrap("1;31", "FAIL:"),
            report.verdict.reasons.join("; "),
            suffix
        )?;
    }
    Ok(())
}

fn duration(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

fn group_key(f: &Finding) -> String {
    match &f.location {
        Location::File(l) => l.path.clone(),
        Location::Url { url, .. } => url.clone(),
        Location::Dns { name, .. } => name.clone(),
    }
}

/// One line per finding and error, then the verdict: what a pre-commit hook or an editor's
/// problem matcher wants (`path:line:col: severity rule: message`).
pub(crate) fn lines(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(
            w,
            "{}: {} {}: {}",
            printable(&crate::place(f)),
            f.severity,
            f.check,
            printable(&crate::with_evidence(f))
        )?;
    }
    for e in &report.errors {
        writeln!(
            w,
            "{}: error: {}",
            printable(&e.subject),
            printable(&e.message)
        )?;
    }
    if report.verdict.passed {
        writeln!(w, "launchgate: PASS: {}", report.pass_summary())?;
    } else {
        writeln!(
            w,
            "launchgate: FAIL: {}",
            printable(&report.verdict.reasons.join("; "))
        )?;
    }
    if !report.suppressed.is_empty() {
        writeln!(
            w,
            "launchgate: {} suppressed (baseline, ignore entries, inline allows)",
            report.suppressed.len()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }
}
