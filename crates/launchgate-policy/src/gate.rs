//! `gate-weakened`: in a pull request, the changes to the gate itself (policy files, extended
//! files, the baseline) that let more through. The policy crate owns this check because only it
//! can read two policies and say what one allows that the other did not.

use std::collections::BTreeMap;

use launchgate_core::{
    Area, CheckKind, CheckMeta, CheckStatus, Confidence, Engine, FileLocation, Finding,
    Fingerprint, Location, PolicyAnchor, Severity,
};

use crate::model::{IgnoreEntry, Policy};
use crate::{Baseline, LoadedPolicy};

/// The check's id.
pub const ID: &str = "gate-weakened";
const NAME: &str = "Pull request weakens its own gate";
const SEVERITY: Severity = Severity::High;

/// The check's contract, for the catalog.
pub fn meta() -> CheckMeta {
    CheckMeta {
        id: ID.to_owned(),
        name: NAME.to_owned(),
        engine: Engine::Scan,
        kind: CheckKind::Check,
        area: Area::Secrets,
        default_severity: SEVERITY,
        confidence: Confidence::High,
        summary: "Reports changes in a pull request to the policy, its extended files or the baseline that let more findings through".to_owned(),
        docs: include_str!("gate.md").to_owned(),
        help: "have an owner of the gate review this change (protect the policy and baseline files with CODEOWNERS); it passes once the change is on the target branch".to_owned(),
        tags: vec!["security".to_owned(), "policy".to_owned()],
        references: vec![
            "https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners".to_owned(),
            "https://docs.gitlab.com/user/project/codeowners/".to_owned(),
        ],
        status: CheckStatus::Preview,
        service: None,
    }
}

/// One change that weakens the gate, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateChange {
    /// What changed, in words (no secret: policies and baselines hold none).
    pub what: String,
    /// The line that makes the change.
    pub at: PolicyAnchor,
}

/// What `head` lets through that `base` did not. `catalog` gives default severities.
pub fn weakenings(base: &Policy, loaded: &LoadedPolicy, catalog: &[CheckMeta]) -> Vec<GateChange> {
    let head = &loaded.policy;
    let mut out = Vec::new();
    // Where a key is set, else the top of the policy file.
    let head_file = |key: &str| {
        loaded.anchor(key).unwrap_or_else(|| PolicyAnchor {
            file: head.sources.first().cloned().unwrap_or_default(),
            line: 1,
            column: 1,
        })
    };

    // Ignore entries: any entry the base does not hold, exactly, is new or widened.
    let mut known: BTreeMap<String, usize> = BTreeMap::new();
    for e in &base.ignores {
        *known.entry(ignore_key(e)).or_default() += 1;
    }
    for e in &head.ignores {
        let key = ignore_key(e);
        match known.get_mut(&key) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(GateChange {
                what: format!("adds an ignore entry ({})", describe_ignore(e)),
                at: e.anchor.clone(),
            }),
        }
    }

    for (id, setting) in &head.checks {
        let default = catalog
            .iter()
            .find(|m| &m.id == id)
            .map_or(Severity::Info, |m| m.default_severity);
        let was = base.checks.get(id);
        if !setting.enabled && was.is_none_or(|w| w.enabled) {
            out.push(GateChange {
                what: format!("turns off check `{id}`"),
                at: setting.anchor.clone(),
            });
            continue;
        }
        let before = was.and_then(|w| w.severity).unwrap_or(default);
        let after = setting.severity.unwrap_or(default);
        if setting.enabled && after < before {
            out.push(GateChange {
                what: format!("lowers check `{id}` from {before} to {after}"),
                at: setting.anchor.clone(),
            });
        }
    }

    if head.fail_on.severity > base.fail_on.severity {
        out.push(GateChange {
            what: format!(
                "raises `fail-on` from {} to {}",
                base.fail_on.severity, head.fail_on.severity
            ),
            at: head_file("fail-on"),
        });
    }
    if head.fail_on.confidence > base.fail_on.confidence {
        out.push(GateChange {
            what: format!(
                "raises the confidence `fail-on` needs from {} to {}",
                base.fail_on.confidence.as_str(),
                head.fail_on.confidence.as_str()
            ),
            at: head_file("fail-on"),
        });
    }
    let switches = [
        ("fail-on-errors", base.fail_on_errors, head.fail_on_errors),
        (
            "fail-on-stale-ignores",
            base.fail_on_stale_ignores,
            head.fail_on_stale_ignores,
        ),
        ("scan.enabled", base.scan.enabled, head.scan.enabled),
        ("scan.history", base.scan.history, head.scan.history),
        ("probe.enabled", base.probe.enabled, head.probe.enabled),
    ];
    for (key, before, after) in switches {
        if before && !after {
            out.push(GateChange {
                what: format!("turns off `{key}`"),
                at: head_file(key),
            });
        }
    }
    for x in &head.scan.exclude {
        if !base.scan.exclude.contains(x) {
            out.push(GateChange {
                what: format!("adds `{}` to `scan.exclude`", launchgate_core::printable(x)),
                at: head_file("scan.exclude"),
            });
        }
    }
    if head.scan.include != base.scan.include
        && head
            .scan
            .include
            .iter()
            .any(|i| !base.scan.include.contains(i))
    {
        out.push(GateChange {
            what: "narrows `scan.include`".to_owned(),
            at: head_file("scan.include"),
        });
    }
    for a in &head.attest {
        let same = base.attest.iter().any(|b| {
            b.id == a.id && b.date == a.date && b.expires == a.expires && b.evidence == a.evidence
        });
        if !same {
            out.push(GateChange {
                what: format!(
                    "attests `{}` (by {}, until {})",
                    launchgate_core::printable(&a.id),
                    launchgate_core::printable(&a.by),
                    a.expires
                ),
                at: a.anchor.clone(),
            });
        }
    }
    out
}

/// The entries `head` accepts that `base` did not, as one change located at the first of them.
/// `head_text` is the file's text, to find that entry's line.
pub fn baseline_additions(
    base: Option<&Baseline>,
    head: &Baseline,
    head_text: &str,
) -> Option<GateChange> {
    let known: std::collections::HashSet<&str> = base
        .iter()
        .flat_map(|b| b.findings.iter().map(|e| e.fingerprint.as_str()))
        .collect();
    let added: Vec<_> = head
        .findings
        .iter()
        .filter(|e| !known.contains(e.fingerprint.as_str()))
        .collect();
    let first = added.first()?;
    let line = head_text
        .lines()
        .position(|l| l.contains(first.fingerprint.as_str()))
        .map_or(1, |i| i as u32 + 1);
    let sample: Vec<String> = added
        .iter()
        .take(3)
        .map(|e| match &e.path {
            Some(p) => format!("{} in {}", e.check, launchgate_core::printable(p)),
            None => e.check.clone(),
        })
        .collect();
    Some(GateChange {
        what: format!(
            "accepts {} new finding{} in the baseline ({}{})",
            added.len(),
            if added.len() == 1 { "" } else { "s" },
            sample.join(", "),
            if added.len() > 3 { ", …" } else { "" }
        ),
        at: PolicyAnchor {
            file: head.file.clone(),
            line,
            column: 1,
        },
    })
}

/// The findings for `changes`, judged by the policy the pull request started from (`base`), so
/// the branch cannot turn the check off or down for itself. `repo_path` turns a policy file name
/// into the repository-relative path findings carry.
pub fn findings(
    changes: &[GateChange],
    base: &Policy,
    range: &str,
    repo_path: &dyn Fn(&str) -> String,
) -> Vec<Finding> {
    if !base.is_enabled(ID) {
        return Vec::new();
    }
    let severity = base
        .checks
        .get(ID)
        .and_then(|c| c.severity)
        .unwrap_or(SEVERITY);
    changes
        .iter()
        .map(|c| {
            let path = repo_path(&c.at.file);
            Finding {
                check: ID.to_owned(),
                title: NAME.to_owned(),
                severity,
                confidence: Confidence::High,
                area: Area::Secrets,
                message: format!(
                    "this pull request {} ({range}): the gate's own exceptions changed in the change it judges",
                    c.what
                ),
                location: Location::File(FileLocation {
                    path: path.clone(),
                    line: c.at.line,
                    column: c.at.column,
                    end_line: c.at.line,
                    end_column: c.at.column,
                    ..Default::default()
                }),
                evidence: None,
                fingerprint: Fingerprint::compute(ID, &path, c.what.as_bytes()),
                inline_allow: None,
            }
        })
        .collect()
}

/// An ignore entry's identity: everything that decides what it suppresses and for how long.
fn ignore_key(e: &IgnoreEntry) -> String {
    let mut checks = e.checks.clone();
    checks.sort();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        checks,
        e.path.as_ref().map(|p| &p.text),
        e.fingerprint,
        e.expires,
        e.rotated
    )
}

fn describe_ignore(e: &IgnoreEntry) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &e.path {
        parts.push(format!("path `{}`", launchgate_core::printable(&p.text)));
    }
    if let Some(fp) = &e.fingerprint {
        parts.push(format!("fingerprint {fp}"));
    }
    parts.push(if e.checks.is_empty() {
        "every check".to_owned()
    } else {
        format!("checks {}", e.checks.join(", "))
    });
    if let Some(d) = e.rotated {
        parts.push(format!("rotated {d}"));
    }
    if let Some(d) = e.expires {
        parts.push(format!("until {d}"));
    }
    parts.join(", ")
}
