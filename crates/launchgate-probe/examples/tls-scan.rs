//! Prints what the prober learns about one server's TLS (protocol versions, cipher suites, key
//! exchange) as JSON, for comparing with other scanners (`bench/tls-compare.sh`).
//!
//! ```text
//! cargo run --release -p launchgate-probe --example tls-scan -- https://localhost:8443/ [ca.pem]
//! ```

use launchgate_core::PolicyAnchor;
use launchgate_core::probe_options::{ProbeOptions, Target};
use launchgate_probe::{ProbeConfig, Prober};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: tls-scan URL [CA-PEM]")?;
    let anchor = PolicyAnchor {
        file: "(command line)".to_owned(),
        line: 0,
        column: 0,
    };
    let target = Target::new("server", &url, anchor);
    let mut cfg = ProbeConfig::new(ProbeOptions::with_targets(vec![target]));
    if let Some(ca) = args.next() {
        cfg.ca_pem = Some(std::fs::read(ca)?);
    }
    let obs = Prober::observe(&cfg)?.remove(0);
    let scan = obs
        .tls
        .and_then(|t| t.scan)
        .ok_or("no TLS scan (unreachable?)")?;
    let text = serde_json::to_string_pretty(&scan)? + "\n";
    std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())?;
    Ok(())
}
