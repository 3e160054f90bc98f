//! The decision: applies the policy (disabled checks, severity overrides, inline allows, ignore
//! entries, attestations) to what the engines found, and builds the report with its scorecard
//! and verdict. Engines find, this decides, renderers show.

use std::collections::BTreeSet;

use jiff::civil::Date;
use launchgate_core::{
    Area, AreaResult, AreaStatus, AttestationResult, AttestationStatus, CheckMeta, Engine,
    EngineOutput, EngineStatus, EngineSummary, Presence, Report, Severity, Suppressed,
    SuppressedBy, Verdict, Warning,
};

use crate::model::{IgnoreEntry, Policy};

/// Attestations expiring within this many days get a warning.
const ATTESTATION_EXPIRY_WARNING_DAYS: i32 = 14;

/// What one engine did in a run.
#[derive(Debug, Clone)]
pub struct EngineRun {
    /// Which engine.
    pub engine: Engine,
    /// Whether it ran.
    pub status: EngineStatus,
    /// What it produced (empty if it did not run).
    pub output: EngineOutput,
}

/// Facts about the run that are not findings.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// Start time, RFC 3339.
    pub started_at: String,
    /// End time, RFC 3339.
    pub finished_at: String,
    /// The scanned directory.
    pub root: Option<String>,
    /// The checked-out commit.
    pub commit: Option<String>,
    /// Today's date, for expiries.
    pub today: Option<Date>,
    /// `--fail-on`, overriding the policy.
    pub fail_on: Option<Severity>,
    /// `--no-fail`.
    pub report_only: bool,
    /// Accepted findings, by fingerprint.
    pub baseline: Option<crate::Baseline>,
    /// `--shard K/N`, when the scan covered one share of the repository.
    pub shard: Option<String>,
    /// The base revision in pull-request mode.
    pub since: Option<String>,
}

/// Applies `policy` to the engines' output and decides.
pub fn evaluate(
    policy: &Policy,
    runs: Vec<EngineRun>,
    catalog: &[CheckMeta],
    info: RunInfo,
) -> Report {
    let today = info.today.unwrap_or_else(|| jiff::Zoned::now().date());
    // `--fail-on` moves the severity; the policy's confidence threshold stays.
    let fail_on = launchgate_core::FailOn {
        severity: info.fail_on.unwrap_or(policy.fail_on.severity),
        confidence: policy.fail_on.confidence,
    };

    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut skipped_checks = Vec::new();
    let mut warnings = Vec::new();
    let baseline_index: std::collections::HashMap<&str, usize> = info
        .baseline
        .iter()
        .flat_map(|b| b.findings.iter().enumerate())
        .map(|(i, e)| (e.fingerprint.as_str(), i))
        .collect();
    let mut baseline_hits = vec![false; info.baseline.as_ref().map_or(0, |b| b.findings.len())];
    let mut engines = Vec::new();
    let mut checked_areas: BTreeSet<Area> = BTreeSet::new();
    let mut ran_engines: BTreeSet<Engine> = BTreeSet::new();
    let mut error_areas: BTreeSet<Area> = BTreeSet::new();
    let mut ignore_hits = vec![0usize; policy.ignores.len()];

    for run in runs {
        engines.push(EngineSummary {
            engine: run.engine,
            status: run.status,
            stats: run.output.stats.clone(),
        });
        if run.status != EngineStatus::Ran {
            continue;
        }
        ran_engines.insert(run.engine);
        checked_areas.extend(run.output.areas.iter().copied());
        if !run.output.errors.is_empty() {
            error_areas.extend(run.output.areas.iter().copied());
        }
        errors.extend(run.output.errors);
        skipped.extend(run.output.skipped);
        skipped_checks.extend(run.output.skipped_checks);
        warnings.extend(run.output.warnings);

        for mut finding in run.output.findings {
            // A change to the gate is judged by the policy before the change (the finding
            // carries that policy's severity), and nothing in the changed policy can excuse it.
            if finding.check == crate::gate::ID {
                findings.push(finding);
                continue;
            }
            if !policy.is_enabled(&finding.check) {
                continue;
            }
            if let Some(sev) = policy.checks.get(&finding.check).and_then(|c| c.severity) {
                finding.severity = sev;
            }
            if policy.scan.refs == crate::Refs::Head && finding.presence() == Presence::OtherRefs {
                suppressed.push(Suppressed {
                    finding,
                    suppressed_by: SuppressedBy::OtherRefs,
                });
                continue;
            }
            if let Some(reason) = finding.inline_allow.clone() {
                suppressed.push(Suppressed {
                    finding,
                    suppressed_by: SuppressedBy::Inline { reason },
                });
                continue;
            }
            if let Some(i) = baseline_index.get(finding.fingerprint.as_str()) {
                baseline_hits[*i] = true;
                suppressed.push(Suppressed {
                    finding,
                    suppressed_by: SuppressedBy::Baseline,
                });
                continue;
            }
            // A rotation excuses the copy in history, never a copy still checked out.
            let history_only = finding.presence().is_history_only();
            let mut rotated_but_present = None;
            let hit = policy.ignores.iter().enumerate().find(|(i, e)| {
                let applies = e.expires.is_none_or(|d| d >= today)
                    && ignore_matches(e, &finding, &policy.probe.targets);
                if applies && e.rotated.is_some() && !history_only {
                    rotated_but_present = Some((*i, e.anchor.clone()));
                    return false;
                }
                applies
            });
            if let Some((i, entry)) = hit {
                ignore_hits[i] += 1;
                let reason = entry.reason.clone();
                let policy = entry.anchor.clone();
                suppressed.push(Suppressed {
                    finding,
                    suppressed_by: match entry.rotated {
                        Some(date) => SuppressedBy::Rotated {
                            date: date.to_string(),
                            reason,
                            policy,
                        },
                        None => SuppressedBy::Policy { reason, policy },
                    },
                });
                continue;
            }
            if let Some((i, anchor)) = rotated_but_present {
                // It matched: the warning below says why it did not apply, not that it is stale.
                ignore_hits[i] += 1;
                warnings.push(Warning {
                    message: format!(
                        "the `rotated:` entry at {anchor} names a secret that is still in the checked-out files ({}): a rotation excuses only the copy in history; delete it from the files",
                        launchgate_core::printable(finding.path().unwrap_or_default())
                    ),
                    policy: Some(anchor),
                    fails: false,
                    level: launchgate_core::WarningLevel::Warning,
                });
            }
            findings.push(finding);
        }
    }

    // A shard or a pull request sees part of the repository: an entry that matched nothing
    // there may match elsewhere, so staleness is only judged on whole scans.
    let partial = info.shard.is_some() || info.since.is_some();

    // Stale baseline entries: accepted findings that are gone (fixed, or their file moved).
    if let Some(b) = &info.baseline
        && ran_engines.contains(&launchgate_core::Engine::Scan)
        && !partial
    {
        let stale: Vec<&crate::BaselineEntry> = b
            .findings
            .iter()
            .zip(&baseline_hits)
            .filter(|(_, hit)| !**hit)
            .map(|(e, _)| e)
            .collect();
        if !stale.is_empty() {
            let sample: Vec<String> = stale
                .iter()
                .take(5)
                .map(|e| match &e.path {
                    Some(p) => format!("{} in {p}", e.check),
                    None => e.check.clone(),
                })
                .collect();
            warnings.push(Warning {
                message: format!(
                    "{} baseline entr{} in {} matched nothing ({}{}): run `launchgate baseline` to refresh it",
                    stale.len(),
                    if stale.len() == 1 { "y" } else { "ies" },
                    b.file,
                    sample.join(", "),
                    if stale.len() > 5 { ", …" } else { "" }
                ),
                policy: None,
                fails: policy.fail_on_stale_ignores,
                level: launchgate_core::WarningLevel::Warning,
            });
        }
    }

    // Stale ignore entries: expired ones, and ones that matched nothing in a run that could have.
    for (entry, hits) in policy.ignores.iter().zip(&ignore_hits) {
        if let Some(expired) = entry.expires.filter(|d| *d < today) {
            warnings.push(Warning {
                message: format!(
                    "ignore entry expired on {expired}: the findings it covered count again ({})",
                    entry.reason
                ),
                policy: Some(entry.anchor.clone()),
                fails: policy.fail_on_stale_ignores,
                level: launchgate_core::WarningLevel::Warning,
            });
        } else if *hits == 0 && !partial && ignore_could_match(entry, catalog, &ran_engines) {
            warnings.push(Warning {
                message: "ignore entry matched no finding: remove it, or fix its scope".to_owned(),
                policy: Some(entry.anchor.clone()),
                fails: policy.fail_on_stale_ignores,
                level: launchgate_core::WarningLevel::Warning,
            });
        }
    }

    let attestations: Vec<AttestationResult> = policy
        .attest
        .iter()
        .map(|a| {
            let status = if a.expires < today {
                AttestationStatus::Expired
            } else {
                AttestationStatus::Attested
            };
            if status == AttestationStatus::Attested
                && (a.expires - today).get_days() < ATTESTATION_EXPIRY_WARNING_DAYS
            {
                warnings.push(Warning {
                    message: format!(
                        "attestation `{}` expires on {}: check it again soon",
                        a.id, a.expires
                    ),
                    policy: Some(a.anchor.clone()),
                    fails: false,
                    level: launchgate_core::WarningLevel::Warning,
                });
            }
            AttestationResult {
                id: a.id.clone(),
                title: a.title.clone(),
                area: a.area,
                by: a.by.clone(),
                date: a.date.to_string(),
                evidence: a.evidence.clone(),
                expires: a.expires.to_string(),
                status,
                policy: a.anchor.clone(),
            }
        })
        .collect();

    sort_findings(&mut findings);
    suppressed.sort_by(|a, b| finding_key(&a.finding).cmp(&finding_key(&b.finding)));

    let errors_fail = policy.fail_on_errors && !errors.is_empty();
    let scorecard: Vec<AreaResult> = Area::ALL
        .iter()
        .map(|&area| {
            let in_area = findings.iter().filter(|f| f.area == area);
            let count = in_area.clone().count();
            let failing = in_area
                .filter(|f| fail_on.fails(f.severity, f.confidence))
                .count();
            let expired = attestations
                .iter()
                .any(|a| a.area == area && a.status == AttestationStatus::Expired);
            let attested = attestations
                .iter()
                .filter(|a| a.area == area && a.status == AttestationStatus::Attested)
                .count();
            let area_errors = error_areas.contains(&area);
            let status = if failing > 0 || expired || (area_errors && policy.fail_on_errors) {
                AreaStatus::Fail
            } else if count > 0 || area_errors {
                AreaStatus::Warn
            } else if checked_areas.contains(&area) && (attested > 0 || !area.needs_attestation()) {
                AreaStatus::Pass
            } else if attested > 0 {
                AreaStatus::Attested
            } else {
                AreaStatus::NotChecked
            };
            AreaResult {
                area,
                status,
                findings: count,
                failing,
                suppressed: suppressed.iter().filter(|s| s.finding.area == area).count(),
                attested,
            }
        })
        .collect();

    let mut reasons = Vec::new();
    let failing = findings
        .iter()
        .filter(|f| fail_on.fails(f.severity, f.confidence))
        .count();
    if failing > 0 {
        reasons.push(format!(
            "{failing} finding{} at or above `{}`{}",
            if failing == 1 { "" } else { "s" },
            fail_on.severity,
            fail_on.qualifier()
        ));
    }
    for a in attestations
        .iter()
        .filter(|a| a.status == AttestationStatus::Expired)
    {
        reasons.push(format!("attestation `{}` expired on {}", a.id, a.expires));
    }
    if errors_fail {
        reasons.push(format!(
            "{} item{} could not be checked (`fail-on-errors: true`)",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ));
    }
    let failing_warnings = warnings.iter().filter(|w| w.fails).count();
    if failing_warnings > 0 {
        reasons.push(format!(
            "{failing_warnings} stale ignore entr{} (`fail-on-stale-ignores: true`)",
            if failing_warnings == 1 { "y" } else { "ies" }
        ));
    }

    Report {
        shard: info.shard.clone(),
        since: info.since.clone(),
        version: launchgate_core::TOOL_VERSION.to_owned(),
        started_at: info.started_at,
        finished_at: info.finished_at,
        root: info.root,
        commit: info.commit,
        policy_sources: policy.sources.clone(),
        engines,
        findings,
        suppressed,
        errors,
        skipped,
        skipped_checks,
        attestations,
        warnings,
        scorecard,
        verdict: Verdict {
            passed: reasons.is_empty(),
            fail_on,
            reasons,
            report_only: info.report_only,
        },
        check_severities: catalog
            .iter()
            .filter(|m| policy.is_enabled(&m.id))
            .map(|m| (m.id.clone(), policy.severity_for(m)))
            .collect(),
    }
}

fn ignore_matches(
    entry: &IgnoreEntry,
    finding: &launchgate_core::Finding,
    targets: &[launchgate_core::probe_options::Target],
) -> bool {
    (entry.checks.is_empty() || entry.checks.contains(&finding.check))
        && entry
            .path
            .as_ref()
            .is_none_or(|g| finding.path().is_some_and(|p| g.is_match(p)))
        && entry
            .target
            .as_ref()
            .is_none_or(|t| at_target(t, finding, targets))
        && entry
            .fingerprint
            .as_ref()
            .is_none_or(|fp| fp == finding.fingerprint.as_str())
}

/// Whether a probe finding is at the target `t` names: a target's `name` (its findings point at
/// that target's policy line), a URL prefix (`https://staging.example.com/admin`), or a host (its
/// URLs, and DNS findings for it or a name under it).
fn at_target(
    t: &str,
    finding: &launchgate_core::Finding,
    targets: &[launchgate_core::probe_options::Target],
) -> bool {
    use launchgate_core::Location;
    let host_of = |u: &str| {
        url::Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    };
    let t_lower = t.to_ascii_lowercase();
    match &finding.location {
        Location::Url { url, policy, .. } => {
            let named = targets
                .iter()
                .any(|x| x.name == t && policy.as_ref() == Some(&x.anchor));
            named
                || (t.contains("://") && url.starts_with(t))
                || host_of(url).is_some_and(|h| h == t_lower)
        }
        Location::Dns { name, policy } => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            let named = targets
                .iter()
                .any(|x| x.name == t && policy.as_ref() == Some(&x.anchor));
            let host = if t.contains("://") {
                host_of(t)
            } else {
                Some(t_lower.clone())
            };
            named || host.is_some_and(|h| name == h || name.ends_with(&format!(".{h}")))
        }
        Location::File(_) => false,
    }
}

/// Whether an unmatched entry is worth a warning: some engine that could produce its findings ran.
fn ignore_could_match(entry: &IgnoreEntry, catalog: &[CheckMeta], ran: &BTreeSet<Engine>) -> bool {
    if entry.checks.is_empty() {
        return if entry.path.is_some() {
            ran.contains(&Engine::Scan)
        } else {
            !ran.is_empty()
        };
    }
    entry.checks.iter().any(|id| {
        catalog
            .iter()
            .find(|c| c.id == *id)
            .is_some_and(|c| ran.contains(&c.engine))
    })
}

type FindingKey<'a> = (std::cmp::Reverse<Severity>, String, u32, u32, &'a str);

fn finding_key(f: &launchgate_core::Finding) -> FindingKey<'_> {
    let (place, line, col) = match &f.location {
        launchgate_core::Location::File(l) => (l.path.clone(), l.line, l.column),
        launchgate_core::Location::Url { url, .. } => (url.clone(), 0, 0),
        launchgate_core::Location::Dns { name, .. } => (name.clone(), 0, 0),
    };
    (std::cmp::Reverse(f.severity), place, line, col, &f.check)
}

/// Worst first, then by place, so every format lists findings in the same order.
fn sort_findings(findings: &mut [launchgate_core::Finding]) {
    findings.sort_by(|a, b| finding_key(a).cmp(&finding_key(b)));
}
