//! The prober's input, built from the policy and the flags: targets, limits, DNS settings, API
//! credentials read from the environment, the secret rules lent for bodies; and `--dry-run`,
//! which lists what that input would send.

use anyhow::{Context, bail};
use launchgate_core::SecretHasher;
use launchgate_policy::Policy;
use launchgate_probe::{Endpoint, ProbeConfig, ProbeTarget, Prober};
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
    for file in policy.probe.ca_file.iter().chain(args.ca_cert.iter()) {
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
    let l = &config.limits;
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

/// The prober's settings from the policy and the flags.
pub(crate) fn probe_config(
    policy: &Policy,
    args: &CommonArgs,
    dry: bool,
) -> anyhow::Result<ProbeConfig> {
    let p = &policy.probe;
    let mut ca_pem: Option<Vec<u8>> = None;
    for file in p.ca_file.iter().chain(args.ca_cert.iter()) {
        // A dry run sends nothing, so it needs no CA yet (a pipeline may create it later).
        if dry && !file.exists() {
            continue;
        }
        let pem = std::fs::read(file)
            .with_context(|| format!("reading the CA certificate file {}", file.display()))?;
        ca_pem.get_or_insert_with(Vec::new).extend(pem);
        if let Some(v) = ca_pem.as_mut() {
            v.push(b'\n');
        }
    }
    let mut targets = Vec::new();
    for t in &p.targets {
        targets.push(ProbeTarget {
            name: t.name.clone(),
            url: t.url.clone(),
            pages: t.pages.clone(),
            http_url: t.http_url.clone(),
            canonical_host: t.canonical_host.clone(),
            health: t.health.clone(),
            api: t
                .api
                .as_ref()
                .map(|a| api_config(&t.name, a, dry))
                .transpose()?,
            origin: t.origin.clone(),
        });
    }
    let mut config = ProbeConfig::with_targets(targets);
    config.ca_pem = ca_pem;
    config.expiry_fail_days = p.expiry_fail_days;
    config.expiry_warn_days = p.expiry_warn_days;
    config.cors_allowed_origins = p.cors_allowed_origins.clone();
    config.exposed_files = p.exposed_files.clone();
    config.staging_hosts = p.staging_hosts.clone();
    config.require_cdn = p.require_cdn;
    config.health_max = p.health_max;
    config.resolve = args.resolve.clone();
    config.domains = p
        .email_domains
        .iter()
        .map(|(d, a)| launchgate_probe::DomainTarget {
            domain: d.clone(),
            origin: a.clone(),
        })
        .collect();
    config.dkim_selectors = p.dkim_selectors.clone();
    config.dmarc_min_policy = p.dmarc_min_policy;
    config.spf_require_fail = p.spf_require_fail;
    config.nameservers = p.nameservers.clone();
    config.must_not_resolve = p.must_not_resolve.clone();
    config.dns_origin = p.dns_origin.clone();
    config.dns_hosts = p.dns_hosts.clone();
    config.limits = launchgate_probe::Limits {
        timeout: p.timeout,
        max_requests: p.max_requests,
        max_total_requests: p.max_total_requests,
        max_body: p.max_body,
        max_scripts: p.max_scripts,
        max_redirects: p.max_redirects,
    };
    Ok(config)
}

/// A target's API settings, with each credential read from its environment variable. A missing
/// variable stops the run (exit 2): a matrix without its tokens would test nothing.
fn api_config(
    target: &str,
    a: &launchgate_policy::ApiSpec,
    dry: bool,
) -> anyhow::Result<launchgate_probe::ApiConfig> {
    let mut credentials = Vec::new();
    for c in &a.credentials {
        let value = std::env::var(&c.env).ok().filter(|v| !v.is_empty());
        // A dry run sends nothing, so it needs no tokens (and never prints one).
        let value = value.or_else(|| dry.then(|| "launchgate-dry-run".to_owned()));
        let Some(value) = value else {
            bail!(
                "target `{target}`: credential `{}` needs the environment variable {} ({}), which is not set",
                c.name,
                c.env,
                c.origin
            );
        };
        credentials.push(launchgate_probe::ApiCredential {
            name: c.name.clone(),
            header: c.header.clone(),
            cookie: c.cookie.clone(),
            prefix: c.prefix.clone(),
            value: launchgate_probe::SecretValue(value),
            expired: c.expired,
        });
    }
    let credential = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| credentials.iter().find(|c| &c.name == n).cloned())
    };
    let latency = a.latency.as_ref().map(|l| launchgate_probe::ApiLatency {
        routes: l.routes.clone(),
        p95_ms: l.p95_ms,
        requests: l.requests,
        concurrency: l.concurrency,
        warmup: l.warmup,
        credential: credential(&l.as_credential),
        max_error_rate: l.max_error_rate,
        rate: l.rate,
    });
    let rate_limit = a
        .rate_limit
        .iter()
        .map(|r| launchgate_probe::ApiRateLimit {
            endpoint: Endpoint::new(&r.method, &r.path, &r.params),
            body: r.body.clone(),
            content_type: r.content_type.clone(),
            credential: credential(&r.as_credential),
            burst: r.burst,
            limit_within: r.limit_within.unwrap_or(r.burst),
            enumeration: r.enumeration,
            unknown_body: r.unknown_body.clone(),
        })
        .collect();
    let input_validation = a
        .input_validation
        .iter()
        .map(|r| launchgate_probe::ApiInput {
            endpoint: Endpoint::new(&r.method, &r.path, &r.params),
            body: r.body.clone(),
            credential: credential(&r.as_credential),
            max_body: r.max_body,
        })
        .collect();
    let private_routes = a
        .private_routes
        .iter()
        .map(|r| launchgate_probe::ApiRoute {
            endpoint: Endpoint::new(&r.method, &r.path, &r.params),
            owner: r.owner.clone(),
        })
        .collect();
    Ok(launchgate_probe::ApiConfig {
        credentials,
        private_routes,
        rate_limit,
        input_validation,
        latency,
    })
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
