//! Records the observation of the demo target (configured well, or with the misconfigurations
//! named as arguments) as a check fixture, normalised so it does not change between runs: the
//! host becomes `app.example.com`, random paths and dates are fixed.
//!
//! ```text
//! cargo run -p launchgate-probe --example record > crates/launchgate-probe/tests/fixtures/good-site.json
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use demo_target::{Config, Misconfig};
use launchgate_core::PolicyAnchor;
use launchgate_core::probe_options::{CorsOptions, ProbeOptions, Target};
use launchgate_probe::{ProbeConfig, Prober};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let misconfig = std::env::args()
        .skip(1)
        .map(|a| a.parse::<Misconfig>())
        .collect::<Result<_, _>>()?;
    let d = demo_target::spawn(Config {
        misconfig,
        ..Config::default()
    })?;
    let target = Target {
        pages: vec!["/login".to_owned()],
        http_url: Some(d.http_url("localhost")),
        health: Some("/healthz".to_owned()),
        ..Target::new(
            "app",
            &d.https_url("localhost"),
            PolicyAnchor {
                file: "launchgate.yml".to_owned(),
                line: 1,
                column: 1,
            },
        )
    };
    let mut cfg = ProbeConfig::new(ProbeOptions {
        cors: CorsOptions {
            allowed_origins: vec!["https://app.example.com".to_owned()],
        },
        ..ProbeOptions::with_targets(vec![target])
    });
    cfg.ca_pem = Some(d.ca_pem.into_bytes());
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let obs = Prober::observe(&cfg)?.remove(0);
    let mut json = serde_json::to_value(&obs)?;
    scrub(
        &mut json,
        &d.https.port().to_string(),
        &d.http.port().to_string(),
    );
    let fixture = serde_json::json!({ "now": now, "observation": json });
    let text = serde_json::to_string_pretty(&fixture)?;
    std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())?;
    Ok(())
}

fn scrub(v: &mut serde_json::Value, https_port: &str, http_port: &str) {
    match v {
        serde_json::Value::String(s) => {
            *s = s
                .replace(&format!("localhost:{https_port}"), "app.example.com")
                .replace(&format!("localhost:{http_port}"), "app.example.com");
            if let Some(i) = s.find("launchgate-probe-") {
                let end = (i + 17 + 16).min(s.len());
                s.replace_range(i + 17..end, "0000000000000000");
            }
            if let Some(i) = s.find("%%") {
                let end = (i + 2 + 16).min(s.len());
                s.replace_range(i + 2..end, "0000000000000000");
            }
        }
        serde_json::Value::Array(items) => {
            // Drop `date` headers: they change every run.
            items.retain(|i| {
                i.as_array()
                    .is_none_or(|pair| pair.first().and_then(|n| n.as_str()) != Some("date"))
            });
            // Cookie values are never recorded.
            if items.len() == 2
                && items[0].as_str() == Some("set-cookie")
                && let Some(v) = items[1].as_str()
            {
                let rest = v.split_once(';').map_or("", |(_, r)| r);
                let name = v.split('=').next().unwrap_or_default();
                items[1] = format!("{name}=…;{rest}").into();
            }
            for i in items {
                scrub(i, https_port, http_port);
            }
        }
        serde_json::Value::Object(map) => {
            if let Some(e) = map.get_mut("elapsed_ms") {
                *e = 3.into();
            }
            for (_, i) in map.iter_mut() {
                scrub(i, https_port, http_port);
            }
        }
        _ => {}
    }
}
