//! The latency budget of core read routes: p95 over the policy's budget, or too many errors,
//! fails. Too few successful samples to judge is could-not-check (lib.rs), never a pass.

use launchgate_core::{Area, Confidence, Severity};

use super::{ProbeCheck, Run, Scope, route_url};
use crate::model::LatencyRun;

/// Fewer successful samples than this are not judged.
pub(crate) const MIN_SAMPLES: u32 = 20;

/// Milliseconds with the precision that means something: hundredths below 10 ms.
fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

/// A one-line summary with a small histogram (log-spaced bands from 1 ms to 10 s).
pub(crate) fn summary(r: &LatencyRun) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = r.bands.iter().copied().max().unwrap_or(0).max(1);
    let spark: String = r
        .bands
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                BARS[((c * 7) / max) as usize]
            }
        })
        .collect();
    let mode = r.rate.map_or_else(String::new, |n| {
        format!(" at {n}/s (from each request's scheduled start)")
    });
    format!(
        "{}: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms over {} requests{mode} ({} errors) |{spark}| (1 ms … 10 s)",
        r.route,
        ms(r.p50_ms),
        ms(r.p95_ms),
        ms(r.p99_ms),
        ms(r.max_ms),
        r.requests,
        r.errors
    )
}

/// Runs with too few successful samples to judge.
pub(crate) fn could_not_check(obs: &crate::model::Observation) -> Vec<String> {
    obs.latency
        .iter()
        .filter(|r| r.requests.saturating_sub(r.errors) < MIN_SAMPLES)
        .map(|r| {
            format!(
                "could not judge `{}`: {} successful requests, fewer than the {} needed",
                r.route,
                r.requests.saturating_sub(r.errors),
                MIN_SAMPLES
            )
        })
        .collect()
}

fn slow(r: &LatencyRun, spec: &launchgate_core::probe_options::Latency) -> bool {
    r.p95_ms > f64::from(spec.p95_ms)
}

fn error_rate(r: &LatencyRun) -> f64 {
    f64::from(r.errors) * 100.0 / f64::from(r.requests.max(1))
}

/// Whether [`LATENCY_BUDGET_EXCEEDED`] fails this run: what decides whether its summary is a warning or a note.
pub(crate) fn over_budget(r: &LatencyRun, spec: &launchgate_core::probe_options::Latency) -> bool {
    r.requests.saturating_sub(r.errors) >= MIN_SAMPLES
        && (slow(r, spec) || error_rate(r) > spec.max_error_rate)
}

/// `latency-budget-exceeded`.
pub(crate) const LATENCY_BUDGET_EXCEEDED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "latency-budget-exceeded",
        name: "Core read route over its latency budget",
        engine: launchgate_core::Engine::Probe,
        area: Area::Performance,
        severity: Severity::High,
        confidence: Confidence::Medium,
        summary: "A core read route's p95 latency is over the budget (500 ms by default), or too many of its requests fail",
        help: "Profile the route (queries, N+1 calls, cold caches) and fix the slow path, or raise the budget on purpose",
        docs: include_str!("docs/latency-budget-exceeded.md"),
    },
    scope: Scope::Latency,
    run: Run::Web(|obs, ctx, out| {
        let Some(spec) = ctx.target.api.as_ref().and_then(|a| a.latency.as_ref()) else {
            return;
        };
        for r in &obs.latency {
            if r.requests.saturating_sub(r.errors) < MIN_SAMPLES {
                continue;
            }
            if slow(r, spec) {
                out.report(
                    route_url(&r.url, obs),
                    &r.route,
                    format!(
                        "`{}` p95 is {:.1} ms, over the {} ms budget ({})",
                        r.route,
                        r.p95_ms,
                        spec.p95_ms,
                        summary(r)
                    ),
                );
            }
            let rate = error_rate(r);
            if rate > spec.max_error_rate {
                out.report(
                    route_url(&r.url, obs),
                    &format!("{}|errors", r.route),
                    format!(
                        "`{}` failed {:.1}% of requests ({} of {}), over the {}% allowed",
                        r.route, rate, r.errors, r.requests, spec.max_error_rate
                    ),
                );
            }
        }
    }),
};
