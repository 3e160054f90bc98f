//! The engine: observe every target and domain once (concurrently, within the budget), run the
//! enabled checks over the observations, and say what could not be checked.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use launchgate_core::{EngineError, EngineOutput, EngineStats, PolicyAnchor};

use launchgate_core::probe_options::Target;

use crate::{
    BodyScanner, Observation, ProbeConfig, ProbeError, api, checks, collect, dns, email, hosts,
    registry, spf, transport,
};

/// A prober with the checks the policy enables.
pub struct Prober {
    checks: Vec<&'static checks::ProbeCheck>,
}

impl std::fmt::Debug for Prober {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prober")
            .field(
                "checks",
                &self.checks.iter().map(|c| c.def.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Prober {
    /// Builds a prober with the checks for which `enabled(id)` is true.
    pub fn new(enabled: impl Fn(&str) -> bool) -> Prober {
        Prober {
            checks: registry::ALL
                .iter()
                .copied()
                .filter(|c| enabled(c.def.id))
                .collect(),
        }
    }

    /// Probes every target (concurrently) and runs the checks over what was seen.
    pub fn run(
        &self,
        config: &ProbeConfig,
        scanner: Option<&dyn BodyScanner>,
    ) -> Result<EngineOutput, ProbeError> {
        let started = Instant::now();
        let mut out = EngineOutput {
            stats: EngineStats {
                targets: config.options.targets.len() as u64,
                checks_enabled: self.checks.len() as u64,
                ..Default::default()
            },
            ..Default::default()
        };
        let roots = transport::roots(config.ca_pem.as_deref())?;
        let resolver = transport::Resolver {
            overrides: config.resolve.clone(),
        };
        let budget = transport::RunBudget::new(config.options.limits.max_total_requests, false);
        let (observations, domains, hosts) = observe_all(config, &roots, &resolver, &budget)?;
        // An area is claimed only by checks that had something to look at: a web check only
        // when a target answered (an unreachable target's areas stay NOT CHECKED, its finding
        // and error say why). Secrets are the repository scan's to pass: a bundle without a
        // secret does not make "zero exposed secrets" true, though a secret in one fails it.
        let reached = observations.iter().any(|o| o.unreachable.is_none());
        let has_hygiene = hosts.as_ref().is_some_and(|h| !h.hosts.is_empty());
        out.areas = self
            .checks
            .iter()
            .filter(|c| c.scope.given(config, has_hygiene) && (c.is_dns() || reached))
            .map(|c| c.def.area)
            .filter(|a| *a != launchgate_core::Area::Secrets)
            .collect();
        out.areas.sort();
        out.areas.dedup();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        for (t, obs) in config.options.targets.iter().zip(&observations) {
            let _span = tracing::info_span!("target", name = %t.name).entered();
            let ctx = checks::Ctx {
                target: t,
                cfg: config,
                now,
                scanner,
            };
            for c in &self.checks {
                let _check = tracing::debug_span!("check", id = c.def.id).entered();
                out.findings.extend(c.evaluate(obs, &ctx));
            }
            // Notes (the auth matrix, latency figures, bursts, input answers) and what could
            // not be checked, which is an error (the policy's `fail-on-errors` decides), never a
            // quiet pass of the checks that saw nothing.
            let name = &t.name;
            // What the run could not see fully is a warning; what the API checks saw is a
            // detail (a note) unless it is what made them fail.
            use launchgate_core::WarningLevel::{Info, Warning};
            let level = |failing: bool| if failing { Warning } else { Info };
            let mut notes: Vec<(String, launchgate_core::WarningLevel)> = obs
                .notes
                .iter()
                .map(|n| (format!("target `{name}`: {n}"), Warning))
                .collect();
            notes.extend(
                checks::auth::table(&obs.auth)
                    .into_iter()
                    .map(|(line, failing)| {
                        (
                            format!("target `{name}` auth matrix: {line}"),
                            level(failing),
                        )
                    }),
            );
            let latency = t.api.as_ref().and_then(|a| a.latency.as_ref());
            notes.extend(obs.latency.iter().map(|r| {
                (
                    format!("target `{name}` latency: {}", checks::latency::summary(r)),
                    level(latency.is_some_and(|spec| checks::latency::over_budget(r, spec))),
                )
            }));
            notes.extend(
                checks::api::summaries(obs)
                    .into_iter()
                    .map(|(line, failing)| (format!("target `{name}` {line}"), level(failing))),
            );
            let mut unchecked = checks::auth::could_not_check(obs);
            unchecked.extend(checks::latency::could_not_check(obs));
            unchecked.extend(checks::api::could_not_check(obs));
            if let Some(why) = &obs.api_skipped {
                unchecked.push(format!("could not run the API checks: {why}"));
                // Each API check this target asked for is listed as skipped, with the reason.
                if t.api.is_some() {
                    out.skipped_checks
                        .extend(self.checks.iter().filter(|c| c.scope.is_api()).map(|c| {
                            launchgate_core::SkippedCheck {
                                id: c.def.id.to_owned(),
                                reason: format!("target `{name}`: {why}"),
                            }
                        }));
                }
            }
            // The redirect to HTTPS could not be tried: said, never a quiet pass.
            if let Some(why) = &obs.http_skipped {
                notes.push((format!("target `{name}`: {why}"), Warning));
                out.skipped_checks.extend(
                    [
                        &checks::redirects::HTTP_NOT_REDIRECTED_TO_HTTPS,
                        &checks::redirects::HTTP_REDIRECT_NOT_PERMANENT,
                    ]
                    .into_iter()
                    .filter(|c| self.checks.iter().any(|e| e.def.id == c.def.id))
                    .map(|c| launchgate_core::SkippedCheck {
                        id: c.def.id.to_owned(),
                        reason: format!("target `{name}`: {why}"),
                    }),
                );
            }
            if obs.budget_exhausted {
                unchecked.push(format!(
                    "the request budget ({} requests) ran out, so some checks saw less than they should; raise probe.limits.max-requests",
                    config.options.limits.max_requests
                ));
            }
            // Nothing about an unreachable target was checked: an engine error keeps its areas
            // from showing PASS (the `target-unreachable` finding carries the decision).
            if let Some(why) = &obs.unreachable {
                unchecked.push(format!("not probed: {why}"));
            }
            out.warnings
                .extend(
                    notes
                        .into_iter()
                        .map(|(message, level)| launchgate_core::Warning {
                            message,
                            policy: Some(t.anchor.clone()),
                            fails: false,
                            level,
                        }),
                );
            out.errors
                .extend(unchecked.into_iter().map(|message| EngineError {
                    engine: launchgate_core::Engine::Probe,
                    subject: name.clone(),
                    message,
                }));
        }
        for obs in &domains {
            self.domain_checks(config, obs, now, &mut out);
        }
        if let Some(hosts) = &hosts {
            self.hosts_checks(config, hosts, now, &mut out);
        }
        out.stats.requests = u64::from(budget.sent());
        if budget.exhausted() {
            out.errors.push(EngineError {
                engine: launchgate_core::Engine::Probe,
                subject: "probe".to_owned(),
                message: format!(
                    "the run's request budget ({} requests) ran out, so some checks saw less than they should; raise probe.limits.max-total-requests",
                    config.options.limits.max_total_requests
                ),
            });
        }
        launchgate_core::disambiguate_fingerprints(&mut out.findings);
        out.stats.duration_ms = started.elapsed().as_millis() as u64;
        Ok(out)
    }

    /// Gathers the web observations alone (for recording fixtures and debugging).
    pub fn observe(config: &ProbeConfig) -> Result<Vec<Observation>, ProbeError> {
        let roots = transport::roots(config.ca_pem.as_deref())?;
        let resolver = transport::Resolver {
            overrides: config.resolve.clone(),
        };
        let budget = transport::RunBudget::new(config.options.limits.max_total_requests, false);
        Ok(observe_all(config, &roots, &resolver, &budget)?.0)
    }

    /// A dry run: every request the probe would send, in order of first appearance, with how
    /// many times (a burst, a latency run). Nothing is sent; redirects, scripts and source maps
    /// the pages would lead to, and DNS answers' follow-up lookups, depend on real answers and
    /// are summarized instead.
    pub fn plan(config: &ProbeConfig) -> Result<Vec<(String, u32)>, ProbeError> {
        let roots = transport::roots(config.ca_pem.as_deref())?;
        let resolver = transport::Resolver {
            overrides: config.resolve.clone(),
        };
        let budget = transport::RunBudget::new(config.options.limits.max_total_requests, true);
        observe_all(config, &roots, &resolver, &budget)?;
        let mut out: Vec<(String, u32)> = Vec::new();
        for line in budget.planned() {
            match out.iter_mut().find(|(l, _)| *l == line) {
                Some((_, n)) => *n += 1,
                None => out.push((line, 1)),
            }
        }
        Ok(out)
    }

    /// Runs the DNS-hygiene checks on the hosts of the targets and of `probe.dns`, each finding
    /// anchored to the policy line that contributed its host, and records failed lookups.
    fn hosts_checks(
        &self,
        config: &ProbeConfig,
        obs: &hosts::HostsObservation,
        now: i64,
        out: &mut EngineOutput,
    ) {
        let anchor = config
            .options
            .dns
            .anchor
            .clone()
            // No policy line put it there: its findings carry no policy anchor.
            .unwrap_or_else(|| Target::default().anchor);
        let target = Target::new("dns", "", anchor);
        let ctx = checks::Ctx {
            target: &target,
            cfg: config,
            now,
            scanner: None,
        };
        for c in self.checks.iter().filter(|c| c.is_hosts()) {
            let mut found = c.evaluate_hosts(obs, &ctx);
            for f in &mut found {
                if let launchgate_core::Location::Dns { name, policy } = &mut f.location {
                    *policy = host_anchor(config, name);
                }
            }
            out.findings.extend(found);
        }
        for message in obs.failures() {
            out.errors.push(EngineError {
                engine: launchgate_core::Engine::Probe,
                subject: "dns".to_owned(),
                message: format!("could not check: {message}"),
            });
        }
    }

    /// Runs the domain checks on one email domain (its own host's hygiene included) and records
    /// lookups that failed as errors.
    fn domain_checks(
        &self,
        config: &ProbeConfig,
        obs: &email::DomainObservation,
        now: i64,
        out: &mut EngineOutput,
    ) {
        let anchor = config
            .options
            .email
            .all_domains()
            .find(|d| d.name.eq_ignore_ascii_case(&obs.domain))
            .map(|d| d.anchor.clone())
            .unwrap_or_else(|| Target::default().anchor);
        if let Some(why) = &obs.unusable {
            out.errors.push(EngineError {
                engine: launchgate_core::Engine::Probe,
                subject: obs.domain.clone(),
                message: why.clone(),
            });
            return;
        }
        let target = Target::new(&obs.domain, &obs.domain, anchor);
        let ctx = checks::Ctx {
            target: &target,
            cfg: config,
            now,
            scanner: None,
        };
        for c in self.checks.iter().filter(|c| c.is_dns()) {
            out.findings.extend(c.evaluate_domain(obs, &ctx));
        }
        // What DMARC aligns on, shown so a reader can judge it (relaxed is the default).
        if let [record] = obs.dmarc.as_slice() {
            let tags = checks::dmarc::dmarc_tags(record);
            let mode = |k: &str| match tags.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()) {
                Some("s") => "strict",
                _ => "relaxed",
            };
            out.warnings.push(launchgate_core::Warning {
                message: format!(
                    "{}: DMARC alignment is {} for DKIM and {} for SPF (at {}); SPF walked {} DNS lookup{} of {}",
                    obs.domain,
                    mode("adkim"),
                    mode("aspf"),
                    obs.dmarc_name,
                    obs.spf.as_ref().map_or(0, |s| s.lookups),
                    if obs.spf.as_ref().is_some_and(|s| s.lookups == 1) { "" } else { "s" },
                    spf::SPF_LOOKUP_LIMIT
                ),
                policy: target.anchor.declared().cloned(),
                fails: false,
                level: launchgate_core::WarningLevel::Info,
            });
        }
        // Valid SPF that does nothing (mechanisms after `all`): a note, not a finding.
        for note in obs.spf.iter().flat_map(|s| &s.notes) {
            out.warnings.push(launchgate_core::Warning {
                message: format!("{}: SPF {note}", obs.domain),
                policy: target.anchor.declared().cloned(),
                fails: false,
                level: launchgate_core::WarningLevel::Info,
            });
        }
        // A lookup that failed is "could not check", never an absence.
        let mut failed: Vec<String> = Vec::new();
        failed.extend(
            obs.spf_failed
                .iter()
                .map(|e| format!("SPF of {}: {e}", obs.domain)),
        );
        if let Some(spf) = &obs.spf {
            failed.extend(spf.failures.iter().map(|e| format!("SPF lookup {e}")));
        }
        failed.extend(
            obs.dmarc_failed
                .iter()
                .map(|e| format!("DMARC of {}: {e}", obs.domain)),
        );
        for (sel, a) in &obs.dkim {
            failed.extend(a.failure().map(|e| format!("DKIM selector {sel}: {e}")));
        }
        failed.extend(
            obs.mx
                .failure()
                .map(|e| format!("MX of {}: {e}", obs.domain)),
        );
        failed.extend(
            obs.tls_rpt
                .failure()
                .map(|e| format!("TLS-RPT of {}: {e}", obs.domain)),
        );
        failed.extend(
            obs.mta_sts
                .failure()
                .map(|e| format!("MTA-STS of {}: {e}", obs.domain)),
        );
        failed.extend(obs.hygiene.failures());
        for message in failed {
            out.errors.push(EngineError {
                engine: launchgate_core::Engine::Probe,
                subject: obs.domain.clone(),
                message: format!("could not check: {message}"),
            });
        }
    }
}

/// Runs one check on a recorded observation, as the check tests do with their fixtures
/// (`None` for an unknown id). The target is the config's first, or a stand-in.
#[doc(hidden)]
pub fn run_check(
    id: &str,
    obs: &Observation,
    config: &ProbeConfig,
    now: i64,
    scanner: Option<&dyn BodyScanner>,
) -> Option<Vec<launchgate_core::Finding>> {
    let check = registry::ALL.iter().find(|c| c.def.id == id)?;
    let stand_in = Target::new("app", &obs.url, fixture_anchor(1, 1));
    let ctx = checks::Ctx {
        target: config.options.targets.first().unwrap_or(&stand_in),
        cfg: config,
        now,
        scanner,
    };
    Some(check.evaluate(obs, &ctx))
}

/// The anchor the fixture runners give their stand-in targets (`launchgate.yml:line:column`).
fn fixture_anchor(line: u32, column: u32) -> PolicyAnchor {
    PolicyAnchor {
        file: "launchgate.yml".to_owned(),
        line,
        column,
    }
}

type Observed = (
    Vec<Observation>,
    Vec<email::DomainObservation>,
    Option<hosts::HostsObservation>,
);

/// Hosts whose DNS hygiene (dangling CNAMEs, CAA) is checked: the web targets' hosts and
/// `probe.dns.hosts`. Names that cannot be in public DNS (RFC 6761 special-use names, IP
/// addresses, hosts pinned with `--resolve`) are left out.
/// The policy line that put `name` on the hygiene list: the target whose URL has that host (or
/// a host under it), else the `probe.dns` section.
fn host_anchor(config: &ProbeConfig, name: &str) -> Option<PolicyAnchor> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let target_where = |host_matches: &dyn Fn(&str) -> bool| {
        config
            .options
            .targets
            .iter()
            .find(|t| url_host(&t.url).is_some_and(|h| host_matches(&h)))
            .map(|t| t.anchor.clone())
    };
    let listed = config
        .options
        .dns
        .hosts
        .iter()
        .chain(&config.options.dns.must_not_resolve)
        .any(|h| h.eq_ignore_ascii_case(&name));
    target_where(&|h| h == name)
        .or_else(|| listed.then(|| config.options.dns.anchor.clone()).flatten())
        .or_else(|| target_where(&|h| h.ends_with(&format!(".{name}"))))
        .or_else(|| config.options.dns.anchor.clone())
}

/// A URL's host, lowercased.
fn url_host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

fn hygiene_hosts(config: &ProbeConfig) -> Vec<String> {
    let mut hosts: Vec<String> = config.options.dns.hosts.clone();
    hosts.extend(
        config
            .options
            .targets
            .iter()
            .filter_map(|t| url_host(&t.url)),
    );
    hosts.retain(|h| {
        let special = [
            ".test",
            ".localhost",
            ".invalid",
            ".example",
            ".local",
            ".internal",
        ]
        .iter()
        .any(|s| h.ends_with(s))
            || h == "localhost";
        !special
            && h.parse::<IpAddr>().is_err()
            && !h.starts_with('[')
            && !config.resolve.iter().any(|(r, _)| r == h)
    });
    // Explicit hosts are checked whatever their name (tests serve `.test` zones).
    for h in &config.options.dns.hosts {
        if !hosts.contains(h) {
            hosts.push(h.clone());
        }
    }
    hosts.sort();
    hosts.dedup();
    hosts
}

/// Runs one domain check on a recorded domain observation, as the check tests do.
#[doc(hidden)]
pub fn run_domain_check(
    id: &str,
    obs: &email::DomainObservation,
    config: &ProbeConfig,
) -> Option<Vec<launchgate_core::Finding>> {
    let check = registry::ALL.iter().find(|c| c.def.id == id)?;
    let target = Target::new(&obs.domain, &obs.domain, fixture_anchor(4, 13));
    let ctx = checks::Ctx {
        target: &target,
        cfg: config,
        now: 0,
        scanner: None,
    };
    Some(check.evaluate_domain(obs, &ctx))
}

/// Runs one DNS-hygiene check on a recorded hosts observation, as the check tests do.
#[doc(hidden)]
pub fn run_hosts_check(
    id: &str,
    obs: &hosts::HostsObservation,
    config: &ProbeConfig,
) -> Option<Vec<launchgate_core::Finding>> {
    let check = registry::ALL.iter().find(|c| c.def.id == id)?;
    let target = Target::new("dns", "", fixture_anchor(4, 13));
    let ctx = checks::Ctx {
        target: &target,
        cfg: config,
        now: 0,
        scanner: None,
    };
    Some(check.evaluate_hosts(obs, &ctx))
}

fn observe_all(
    config: &ProbeConfig,
    roots: &rustls::RootCertStore,
    resolver: &transport::Resolver,
    run: &std::sync::Arc<transport::RunBudget>,
) -> Result<Observed, ProbeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ProbeError::Client(e.to_string()))?;
    // However a server behaves (a slow drip on every request), one target gets this long.
    let deadline = config.options.limits.timeout * 6;
    let result = rt.block_on(async {
        let mut clients = Vec::new();
        for _ in &config.options.targets {
            clients.push(transport::Http::new(roots, resolver, config.options.limits, run)?);
        }
        let env = api::Env {
            roots,
            resolver,
            config,
            run,
        };
        let env = &env;
        let futures = config.options.targets.iter().zip(&clients).map(|(t, http)| async move {
            let observe = collect::observe(t, config, http, roots, resolver);
            // The API phases after, outside the deadline: their work is bounded by their counts
            // (every request by the timeout), and a latency run may rightly take longer.
            match tokio::time::timeout(deadline, observe).await {
                Ok(mut obs) => {
                    api::observe(t, http, env, &mut obs).await;
                    // The auth matrix shares the target's budget.
                    obs.requests = http.sent();
                    obs.budget_exhausted = obs.requests >= config.options.limits.max_requests;
                    obs
                }
                Err(_) => Observation {
                    url: t.url.clone(),
                    unreachable: Some(format!(
                        "the probe did not finish within {} s (six request timeouts): the site answers too slowly",
                        deadline.as_secs()
                    )),
                    requests: http.sent(),
                    ..Default::default()
                },
            }
        });
        let web = futures_util::future::join_all(futures);
        let hygiene = hygiene_hosts(config);
        let domains = async {
            if config.options.email.all_domains().next().is_none() && config.options.dns.must_not_resolve.is_empty() && hygiene.is_empty()
            {
                return Ok((Vec::new(), None));
            }
            if run.is_dry() {
                for d in config.options.email.all_domains() {
                    run.plan(email::planned_lookups(d, &config.options.email.dkim_selectors));
                }
                if !config.options.dns.must_not_resolve.is_empty() || !hygiene.is_empty() {
                    run.plan(format!(
                        "DNS: A/AAAA of {} (must not resolve); CNAME and CAA of {}",
                        if config.options.dns.must_not_resolve.is_empty() { "none".to_owned() } else { config.options.dns.must_not_resolve.join(", ") },
                        if hygiene.is_empty() { "none".to_owned() } else { hygiene.join(", ") }
                    ));
                }
                return Ok((Vec::new(), None));
            }
            let dns_timeout = config.options.limits.timeout.min(Duration::from_secs(5));
            let dns = dns::Dns::new(&config.options.dns.nameservers, dns_timeout)?;
            // One deadline per domain: two rounds of concurrent lookups (two attempts each) and
            // room for nested SPF includes; a slow resolver cannot stretch a run past it.
            let deadline = dns_timeout * 6;
            // MTA-STS policy files are fetched over verified HTTPS, within the same limits.
            let http = transport::Http::new(roots, resolver, config.options.limits, run)?;
            let all = futures_util::future::join_all(config.options.email.all_domains().map(|d| async {
                let observe = email::observe(&dns, Some(&http), &d.name, &config.options.email.dkim_selectors);
                match tokio::time::timeout(deadline, observe).await {
                    Ok(obs) => obs,
                    Err(_) => email::DomainObservation {
                        domain: d.name.trim_end_matches('.').to_ascii_lowercase(),
                        unusable: Some(format!(
                            "the DNS lookups for {} did not finish within {} s",
                            d.name,
                            deadline.as_secs()
                        )),
                        ..Default::default()
                    },
                }
            }))
            .await;
            let mut hosts = None;
            if !config.options.dns.must_not_resolve.is_empty() || !hygiene.is_empty() {
                hosts = Some(
                    hosts::observe_hosts(&dns, &config.options.dns.must_not_resolve, &hygiene)
                        .await,
                );
            }
            Ok::<_, ProbeError>((all, hosts))
        };
        let (web, dns) = tokio::join!(web, domains);
        let (domains, hosts) = dns?;
        Ok((web, domains, hosts))
    });
    // Lookups that timed out may still hold blocking threads; do not wait for them.
    rt.shutdown_timeout(Duration::from_millis(200));
    result
}
