//! The prober's input, built from the policy and the flags: targets, limits, DNS settings, API
//! credentials read from the environment, the secret rules lent for bodies; and `--dry-run`,
//! which lists what that input would send.

use anyhow::{Context, bail};
use launchgate_core::SecretHasher;
use launchgate_policy::Policy;
use launchgate_probe::{ProbeConfig, Prober, SecretValue};
use launchgate_scan::Scanner;

use crate::EXIT_PASS;
use crate::cli::CommonArgs;
use crate::ui::Ui;

/// `--dry-run`: every request the probe would send; nothing is sent, scanned or reported.
pub(crate) fn dry_run(ui: &Ui, policy: &Policy, args: &CommonArgs) -> anyhow::Result<u8> {
    let config = probe_config(policy, args, true)?;
    let plan = Prober::plan(&config).context("planning the probe")?;
    let mut text = String::from(
        "launchgate --dry-run: nothing was sent. The probe would send these requests (×N: up to N times):\n\n",
    );
    for file in policy.probe.tls.ca_file.iter().chain(args.ca_cert.iter()) {
        if !file.exists() {
            text.push_str(&format!(
                "  note: the CA file {} does not exist yet; a real run needs it\n",
                file.display()
            ));
        }
    }
    if plan.is_empty() {
        text.push_str("  nothing: the policy has no probe targets, email domains or DNS names\n");
    }
    for (line, n) in &plan {
        if *n > 1 {
            text.push_str(&format!("  {line}  ×{n}\n"));
        } else {
            text.push_str(&format!("  {line}\n"));
        }
    }
    let l = &config.options.limits;
    text.push_str(&format!(
        "\nNot listed, because they depend on the answers: redirects (at most {} per chain), same-site scripts the pages load and their source maps (at most {} per target), SPF includes and MX hosts. \
         At most {} requests per target besides the API checks, {} per run in all; each with a {} s timeout. Credentials are shown by name only.\n",
        l.max_redirects,
        l.max_scripts,
        l.max_requests,
        l.max_total_requests,
        l.timeout.as_secs()
    ));
    ui.print(&text)?;
    Ok(EXIT_PASS)
}

/// The prober's settings: the policy's `probe:` options as validated, the CA files' bytes,
/// `--resolve`, and each credential's value from its environment variable. A missing variable
/// stops the run (exit 2): a matrix without its tokens would test nothing.
pub(crate) fn probe_config(
    policy: &Policy,
    args: &CommonArgs,
    dry: bool,
) -> anyhow::Result<ProbeConfig> {
    let p = &policy.probe;
    let mut config = ProbeConfig::new(p.clone());
    for file in p.tls.ca_file.iter().chain(args.ca_cert.iter()) {
        // A dry run sends nothing, so it needs no CA yet (a pipeline may create it later).
        if dry && !file.exists() {
            continue;
        }
        let pem = std::fs::read(file)
            .with_context(|| format!("reading the CA certificate file {}", file.display()))?;
        let ca = config.ca_pem.get_or_insert_with(Vec::new);
        ca.extend(pem);
        ca.push(b'\n');
    }
    config.resolve = args.resolve.clone();
    for t in &p.targets {
        for c in t.api.iter().flat_map(|a| &a.credentials) {
            let value = std::env::var(&c.env).ok().filter(|v| !v.is_empty());
            // A dry run sends nothing, so it needs no tokens (and never prints one).
            let value = value.or_else(|| dry.then(|| "launchgate-dry-run".to_owned()));
            let Some(value) = value else {
                bail!(
                    "target `{}`: credential `{}` needs the environment variable {} ({}), which is not set",
                    t.name,
                    c.name,
                    c.env,
                    c.anchor
                );
            };
            config.secrets.insert(c.env.clone(), SecretValue(value));
        }
    }
    Ok(config)
}

/// The secret rules, lent to the prober for scripts and error pages.
pub(crate) struct BodyRules<'a> {
    pub(crate) scanner: &'a Scanner,
    pub(crate) hasher: &'a SecretHasher,
}

impl launchgate_probe::BodyScanner for BodyRules<'_> {
    fn scan(&self, name: &str, body: &[u8]) -> Vec<launchgate_probe::BodySecret> {
        self.scanner
            .scan_bytes(name, body, self.hasher)
            .findings
            .into_iter()
            .filter_map(|f| {
                let (line, column) = match &f.location {
                    launchgate_core::Location::File(l) => (l.line, l.column),
                    _ => (0, 0),
                };
                Some(launchgate_probe::BodySecret {
                    rule: f.check,
                    rule_name: f.title,
                    line,
                    column,
                    evidence: f.evidence?,
                    severity: f.severity,
                })
            })
            .collect()
    }
}
