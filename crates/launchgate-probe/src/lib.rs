//! The live-target prober. For each target in the policy it will gather observations once
//! (responses, redirect chains, TLS facts, DNS answers) and run pure checks over them.
//!
//! The registry is empty for now: the engine has its place in the pipeline (the policy's
//! `probe.targets`, the `probe` command, the report's engine line and scorecard areas) and every
//! target is reported as not probed rather than silently passed.

mod registry;

use std::time::Instant;

use launchgate_core::{CheckMeta, EngineOutput, EngineStats, PolicyAnchor, Warning};

/// A live deployment to probe, as declared in the policy.
#[derive(Debug, Clone)]
pub struct ProbeTarget {
    /// Short name used in reports.
    pub name: String,
    /// Base URL.
    pub url: String,
    /// The policy line that declared it (probe findings are anchored there).
    pub anchor: PolicyAnchor,
}

/// What to probe.
#[derive(Debug, Clone, Default)]
pub struct ProbeConfig {
    /// The targets.
    pub targets: Vec<ProbeTarget>,
}

/// Every check the prober knows.
pub fn catalog() -> Vec<CheckMeta> {
    registry::checks()
}

/// A prober with the checks the policy enables.
#[derive(Debug)]
pub struct Prober {
    checks: Vec<CheckMeta>,
}

impl Prober {
    /// Builds a prober with the checks for which `enabled(id)` is true.
    pub fn new(enabled: impl Fn(&str) -> bool) -> Prober {
        Prober {
            checks: registry::checks()
                .into_iter()
                .filter(|c| enabled(&c.id))
                .collect(),
        }
    }

    /// Probes every target.
    pub fn run(&self, config: &ProbeConfig) -> EngineOutput {
        let started = Instant::now();
        let mut out = EngineOutput {
            areas: self.checks.iter().map(|c| c.area).collect(),
            stats: EngineStats {
                targets: config.targets.len() as u64,
                checks_enabled: self.checks.len() as u64,
                ..Default::default()
            },
            ..Default::default()
        };
        out.areas.sort();
        out.areas.dedup();
        if self.checks.is_empty() {
            for t in &config.targets {
                tracing::info!(target = %t.name, "no probe checks are enabled");
                out.warnings.push(Warning {
                    message: format!("target `{}` ({}) was not probed: this launchgate has no live checks enabled yet", t.name, t.url),
                    policy: Some(t.anchor.clone()),
                    fails: false,
                });
            }
        }
        out.stats.duration_ms = started.elapsed().as_millis() as u64;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_without_checks_are_reported_not_silently_passed() {
        let prober = Prober::new(|_| true);
        let out = prober.run(&ProbeConfig {
            targets: vec![ProbeTarget {
                name: "app".into(),
                url: "https://app.example.com/".into(),
                anchor: PolicyAnchor {
                    file: "launchgate.yml".into(),
                    line: 4,
                    column: 7,
                },
            }],
        });
        assert!(out.areas.is_empty(), "no area is claimed as checked");
        assert_eq!(out.stats.targets, 1);
        assert_eq!(out.warnings.len(), 1);
        assert!(out.warnings[0].message.contains("was not probed"));
    }
}
