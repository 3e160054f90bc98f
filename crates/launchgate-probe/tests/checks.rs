//! Every registered probe check on its recorded fixtures, no network: each `fail/` observation
//! yields findings of that check (snapshotted), each `pass/` one and the recorded well-configured
//! demo site (`good-site.json`) yield none.
//!
//! Fixtures are JSON: `{"now": <unix seconds>, "policy": "<YAML>", "observation": {…}}`, with the
//! observation in the shape of `launchgate_probe::model::Observation`. `good-site.json` is
//! recorded with `cargo run -p launchgate-probe --example record`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use launchgate_probe::{BodyScanner, BodySecret, Observation, ProbeConfig};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    #[serde(default)]
    now: i64,
    /// The policy the check runs under, as YAML, loaded by the real policy loader; `{url}` is
    /// the observation's URL (default: `DEFAULT_POLICY`).
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    observation: Observation,
    /// For the domain checks: what DNS said about one domain.
    #[serde(default)]
    domain: Option<launchgate_probe::email::DomainObservation>,
    /// For the DNS-hygiene checks: what DNS said about the hosts.
    #[serde(default)]
    hosts: Option<launchgate_probe::hosts::HostsObservation>,
}

/// The policy of a fixture that gives none: one target, one allowed origin.
const DEFAULT_POLICY: &str = "version: 1
probe:
  targets:
    - name: app
      url: \"{url}\"
  cors:
    allowed-origins: [https://app.example.com]
";

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
    let url = if f.observation.url.is_empty() {
        "https://app.example.com/"
    } else {
        f.observation.url.as_str()
    };
    let yaml = f
        .policy
        .as_deref()
        .unwrap_or(DEFAULT_POLICY)
        .replace("{url}", url);
    let read = move |_: &Path| Ok(yaml.clone());
    let loaded = launchgate_policy::load_with(
        &launchgate_policy::PolicyLocation::File("launchgate.yml".into()),
        &launchgate_probe::catalog(),
        &read,
    )
    .unwrap_or_else(|e| panic!("{}: its policy: {e:?}", path.display()));
    (f, ProbeConfig::new(loaded.policy.probe))
}

/// Runs `id` on a fixture: its domain observation for domain checks, else the web one.
fn run(id: &str, path: &Path) -> Vec<launchgate_core::Finding> {
    let (f, cfg) = load(path);
    match (&f.domain, &f.hosts) {
        (_, Some(h)) => launchgate_probe::run_hosts_check(id, h, &cfg).unwrap(),
        (Some(d), None) => launchgate_probe::run_domain_check(id, d, &cfg).unwrap(),
        (None, None) => {
            launchgate_probe::run_check(id, &f.observation, &cfg, f.now, Some(&MarkerScanner))
                .unwrap()
        }
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
                let at = match &x.location {
                    launchgate_core::Location::Url { url, target, .. } => {
                        assert_eq!(target.as_deref(), Some("app"), "{id}: the target is named");
                        url.clone()
                    }
                    launchgate_core::Location::Dns { name, .. } => name.clone(),
                    launchgate_core::Location::File(_) => panic!("{id}: a probe finding in a file"),
                };
                // The message says what was seen; where is the location's.
                assert!(!x.message.starts_with("app ("), "{id}: {}", x.message);
                let evidence = x
                    .evidence
                    .as_ref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default();
                snapshot.push_str(&format!(
                    "  {} {at}: {}{evidence}\n",
                    x.severity.as_str(),
                    x.message
                ));
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
