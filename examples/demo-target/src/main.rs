//! `demo-target`: runs the demo web app until interrupted, for the README walkthrough.
//!
//! ```text
//! cargo run -p demo-target -- --https-port 8443 --http-port 8080 --ca-out demo-ca.pem \
//!     --misconfig cors-reflect,exposed-env
//! ```

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use demo_target::{Config, Misconfig};

/// A local HTTPS web app with switchable misconfigurations, for launchgate's prober.
#[derive(Debug, Parser)]
struct Args {
    /// HTTPS port on 127.0.0.1.
    #[arg(long, default_value_t = 8443)]
    https_port: u16,
    /// Plain-HTTP port on 127.0.0.1 (redirects to HTTPS).
    #[arg(long, default_value_t = 8080)]
    http_port: u16,
    /// Host names the certificate is for.
    #[arg(long = "host", default_value = "localhost")]
    hosts: Vec<String>,
    /// Where to write the test CA's certificate (trust it with `launchgate --ca-cert`).
    #[arg(long, default_value = "demo-ca.pem")]
    ca_out: PathBuf,
    /// Misconfigurations to serve, comma-separated (`--misconfig list` names them).
    #[arg(long, value_delimiter = ',')]
    misconfig: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.misconfig.iter().any(|m| m == "list") {
        for (name, _) in Misconfig::ALL {
            anstream_free_print(name);
        }
        return Ok(());
    }
    let misconfig: BTreeSet<Misconfig> = args
        .misconfig
        .iter()
        .map(|m| m.parse::<Misconfig>().map_err(anyhow::Error::msg))
        .collect::<Result<_, _>>()?;
    let running = demo_target::spawn(Config {
        misconfig,
        hosts: args.hosts.clone(),
        https_port: args.https_port,
        http_port: args.http_port,
        ..Config::default()
    })?;
    std::fs::write(&args.ca_out, &running.ca_pem)
        .with_context(|| format!("writing {}", args.ca_out.display()))?;
    anstream_free_print(&format!(
        "demo target on {} and {} (CA in {})",
        running.https_url(&args.hosts[0]),
        running.http_url(&args.hosts[0]),
        args.ca_out.display()
    ));
    loop {
        std::thread::park();
    }
}

/// The demo's only output: one line on stdout.
fn anstream_free_print(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}
