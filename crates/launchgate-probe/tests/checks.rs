//! Every registered probe check on its recorded fixtures, no network: each `fail/` observation
//! yields findings of that check (snapshotted), each `pass/` one and the recorded well-configured
//! demo site (`good-site.json`) yield none.
//!
//! Fixtures are JSON: `{"now": <unix seconds>, "config": {…}, "observation": {…}}`, with the
//! observation in the shape of `launchgate_probe::model::Observation`. `good-site.json` is
//! recorded with `cargo run -p launchgate-probe --example record`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use launchgate_core::PolicyAnchor;
use launchgate_probe::{BodyScanner, BodySecret, Observation, ProbeConfig, ProbeTarget};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    #[serde(default)]
    now: i64,
    #[serde(default)]
    config: FixtureConfig,
    #[serde(default)]
    observation: Observation,
    /// For the domain checks: what DNS said about one domain.
    #[serde(default)]
    domain: Option<launchgate_probe::email::DomainObservation>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct FixtureConfig {
    require_cdn: bool,
    staging_hosts: Vec<String>,
    exposed_files: Vec<String>,
    canonical_host: Option<String>,
    dmarc_min_policy: Option<launchgate_core::DmarcPolicy>,
    spf_require_fail: bool,
    /// The target's latency budget (p95 ms, allowed error percent).
    latency: Option<(u64, f64)>,
}

/// Stands in for the repository scanner's rules: finds `TEST_SECRET_MARKER_` tokens. The real
/// rules run in the CLI tests against the demo target.
struct MarkerScanner;

impl BodyScanner for MarkerScanner {
    fn scan(&self, _name: &str, body: &[u8]) -> Vec<BodySecret> {
        let text = String::from_utf8_lossy(body);
        let secret = text
            .match_indices("TEST_SECRET_MARKER_")
            .map(|(i, m)| (i, m, launchgate_core::Severity::Critical));
        let public = text
            .match_indices("TEST_PUBLIC_MARKER_")
            .map(|(i, m)| (i, m, launchgate_core::Severity::Low));
        secret
            .chain(public)
            .map(|(i, _, severity)| {
                let token: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                BodySecret {
                    rule: "test-marker".to_owned(),
                    rule_name: "Test marker".to_owned(),
                    line: 1,
                    column: i as u32 + 1,
                    evidence: launchgate_core::Redacted::new(&token, &Default::default()),
                    severity,
                }
            })
            .collect()
    }
}

fn load(path: &Path) -> (Fixture, ProbeConfig) {
    let text = std::fs::read_to_string(path).unwrap();
    let f: Fixture =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut cfg = ProbeConfig::with_targets(vec![ProbeTarget {
        name: "app".to_owned(),
        url: f.observation.url.clone(),
        pages: Vec::new(),
        http_url: None,
        canonical_host: f.config.canonical_host.clone(),
        health: None,
        api: f
            .config
            .latency
            .map(|(p95_ms, max_error_rate)| launchgate_probe::ApiConfig {
                latency: Some(launchgate_probe::ApiLatency {
                    routes: vec!["/api/feed".to_owned()],
                    p95_ms,
                    requests: 200,
                    concurrency: 10,
                    warmup: 10,
                    credential: None,
                    max_error_rate,
                    rate: None,
                }),
                ..Default::default()
            }),
        origin: PolicyAnchor {
            file: "launchgate.yml".to_owned(),
            line: 3,
            column: 7,
        },
    }]);
    cfg.require_cdn = f.config.require_cdn;
    cfg.staging_hosts = f.config.staging_hosts.clone();
    cfg.exposed_files = f.config.exposed_files.clone();
    cfg.cors_allowed_origins = vec!["https://app.example.com".to_owned()];
    if let Some(p) = &f.config.dmarc_min_policy {
        cfg.dmarc_min_policy = *p;
    }
    cfg.spf_require_fail = f.config.spf_require_fail;
    (f, cfg)
}

/// Runs `id` on a fixture: its domain observation for domain checks, else the web one.
fn run(id: &str, path: &Path) -> Vec<launchgate_core::Finding> {
    let (f, cfg) = load(path);
    match &f.domain {
        Some(d) => launchgate_probe::run_domain_check(id, d, &cfg).unwrap(),
        None => launchgate_probe::run_check(id, &f.observation, &cfg, f.now, Some(&MarkerScanner))
            .unwrap(),
    }
}

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_check_fires_on_its_fail_fixtures_and_only_there() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let good = root.join("good-site.json");
    let catalog = launchgate_probe::catalog();
    assert!(catalog.len() >= 40);
    for meta in &catalog {
        let id = meta.id.as_str();
        let fails = fixtures(&root.join(id).join("fail"));
        assert!(!fails.is_empty(), "{id} has no fail fixture");
        let mut snapshot = String::new();
        for f in &fails {
            let found = run(id, f);
            assert!(!found.is_empty(), "{id}: {} found nothing", f.display());
            snapshot.push_str(&format!("{}:\n", f.file_name().unwrap().to_string_lossy()));
            for x in found {
                assert_eq!(x.check, id);
                assert!(
                    !x.message.contains("TEST_SECRET_MARKER_0123"),
                    "{id}: secret in message"
                );
                snapshot.push_str(&format!("  {} {}\n", x.severity.as_str(), x.message));
            }
        }
        insta::assert_snapshot!(id, snapshot);
        let mut passes = fixtures(&root.join(id).join("pass"));
        passes.push(good.clone());
        passes.push(root.join("good-domain.json"));
        for f in passes {
            let found = run(id, &f);
            assert!(
                found.is_empty(),
                "{id} fired on {}: {:?}",
                f.display(),
                found.iter().map(|x| &x.message).collect::<Vec<_>>()
            );
        }
    }
}
