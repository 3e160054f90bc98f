//! Probe checks: pure functions from one target's [`Observation`] to findings. A check is a
//! constant [`ProbeCheck`] (metadata, docs, and its function); checks of one family (TLS,
//! headers, cookies…) share a module because they share parsing, and each has its own docs page
//! in `docs/<id>.md`. The registry lists every one.

pub(crate) mod api;
pub(crate) mod auth;
pub(crate) mod bundle;
pub(crate) mod cookies;
pub(crate) mod cors;
pub(crate) mod dkim;
pub(crate) mod dmarc;
pub(crate) mod dns_hygiene;
pub(crate) mod exposure;
pub(crate) mod front_door;
pub(crate) mod headers;
pub(crate) mod latency;
pub(crate) mod mail_transport;
pub(crate) mod redirects;
pub(crate) mod spf;
pub(crate) mod tls;

use launchgate_core::{
    Area, CheckMeta, Confidence, Finding, Fingerprint, Location, Redacted, Severity,
};

use crate::model::Observation;
use launchgate_core::probe_options::{Api, Target};

use crate::{BodyScanner, ProbeConfig};

/// What a check may read besides the observation.
pub(crate) struct Ctx<'a> {
    pub(crate) target: &'a Target,
    pub(crate) cfg: &'a ProbeConfig,
    /// Unix seconds.
    pub(crate) now: i64,
    pub(crate) scanner: Option<&'a dyn BodyScanner>,
}

/// One probe check: its contract (id, docs…) and what it reads.
pub(crate) struct ProbeCheck {
    pub(crate) def: launchgate_core::CheckDef,
    /// What the policy must give the check for it to look at anything: only then does it
    /// claim its area (a scorecard PASS says what ran and found nothing).
    pub(crate) scope: Scope,
    pub(crate) run: Run,
}

/// What a check looks at, as the policy provides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every web target.
    Targets,
    /// Targets with a `health` route.
    Health,
    /// Targets with `api.private-routes` (the auth matrix).
    PrivateRoutes,
    /// Targets with `api.rate-limit` routes (bursts and the enumeration pair).
    RateLimitRoutes,
    /// Targets with `api.input-validation` routes.
    InputRoutes,
    /// Targets with an `api.latency` budget.
    Latency,
    /// Email domains.
    Domains,
    /// `probe.dns.must-not-resolve` hosts.
    MustNotResolve,
    /// The hosts of web targets, email domains and `probe.dns.hosts` (DNS hygiene).
    DnsHosts,
    /// Nothing of the site's own: reachability says nothing about an area.
    Reachability,
}

impl Scope {
    /// Whether checks of this scope send the API requests (tokens and bodies), which run only
    /// over a trusted certificate.
    pub(crate) fn is_api(self) -> bool {
        matches!(
            self,
            Scope::PrivateRoutes | Scope::RateLimitRoutes | Scope::InputRoutes | Scope::Latency
        )
    }

    /// Whether `cfg` gives a check of this scope something to look at.
    pub(crate) fn given(self, cfg: &ProbeConfig, dns_hosts: bool) -> bool {
        let api = |f: fn(&Api) -> bool| {
            cfg.options
                .targets
                .iter()
                .any(|t| t.api.as_ref().is_some_and(f))
        };
        match self {
            Scope::Targets => !cfg.options.targets.is_empty(),
            Scope::Health => cfg.options.targets.iter().any(|t| t.health.is_some()),
            Scope::PrivateRoutes => api(|a| !a.private_routes.is_empty()),
            Scope::RateLimitRoutes => api(|a| !a.rate_limit.is_empty()),
            Scope::InputRoutes => api(|a| !a.input_validation.is_empty()),
            Scope::Latency => api(|a| a.latency.is_some()),
            Scope::Domains => cfg.options.email.all_domains().next().is_some(),
            Scope::MustNotResolve => !cfg.options.dns.must_not_resolve.is_empty(),
            Scope::DnsHosts => dns_hosts,
            Scope::Reachability => false,
        }
    }
}

/// What a check reads: a web target's observation, an email domain's, or DNS hygiene's.
pub(crate) enum Run {
    Web(fn(&Observation, &Ctx<'_>, &mut Out<'_>)),
    Domain(fn(&crate::email::DomainObservation, &Ctx<'_>, &mut Out<'_>)),
    Hosts(fn(&crate::hosts::HostsObservation, &Ctx<'_>, &mut Out<'_>)),
}

impl ProbeCheck {
    pub(crate) fn meta(&self) -> CheckMeta {
        self.def.meta()
    }

    /// Runs the check on one target's observation. Checks other than `target-unreachable` see
    /// nothing of a target that could not be reached.
    pub(crate) fn evaluate(&'static self, obs: &Observation, ctx: &Ctx<'_>) -> Vec<Finding> {
        let mut out = self.out(ctx, false);
        if let Run::Web(run) = self.run {
            run(obs, ctx, &mut out);
        }
        out.findings
    }

    /// Runs the check on one domain's observation (`ctx.target` names the domain).
    pub(crate) fn evaluate_domain(
        &'static self,
        obs: &crate::email::DomainObservation,
        ctx: &Ctx<'_>,
    ) -> Vec<Finding> {
        let mut out = self.out(ctx, true);
        match self.run {
            Run::Domain(run) => run(obs, ctx, &mut out),
            // The domain's own host (its CNAME and CAA) is a host like any other.
            Run::Hosts(run) => run(&obs.hygiene, ctx, &mut out),
            Run::Web(_) => {}
        }
        out.findings
    }

    /// Runs a DNS-hygiene check on the hosts observation (`ctx.target` names where the policy
    /// listed them; the engine re-anchors each finding to the line of its own host).
    pub(crate) fn evaluate_hosts(
        &'static self,
        obs: &crate::hosts::HostsObservation,
        ctx: &Ctx<'_>,
    ) -> Vec<Finding> {
        let mut out = self.out(ctx, true);
        if let Run::Hosts(run) = self.run {
            run(obs, ctx, &mut out);
        }
        out.findings
    }

    /// Where this check's findings go (`dns`: about names, not URLs).
    fn out<'a>(&'static self, ctx: &Ctx<'a>, dns: bool) -> Out<'a> {
        Out {
            check: self,
            target: ctx.target,
            dns,
            findings: Vec::new(),
        }
    }

    /// Whether this check reads DNS (a domain or hosts) rather than web targets.
    pub(crate) fn is_dns(&self) -> bool {
        !matches!(self.run, Run::Web(_))
    }

    /// Whether this check reads the hosts observation.
    pub(crate) fn is_hosts(&self) -> bool {
        matches!(self.run, Run::Hosts(_))
    }
}

/// Where a check puts its findings.
pub(crate) struct Out<'a> {
    check: &'static ProbeCheck,
    target: &'a Target,
    /// Findings about DNS names (the domain checks) rather than URLs.
    dns: bool,
    findings: Vec<Finding>,
}

impl Out<'_> {
    /// A finding at `url`. `identity` tells apart findings of this check on one target (a header,
    /// a cookie name, a path) and goes into the fingerprint with the target's origin.
    pub(crate) fn report(&mut self, url: &str, identity: &str, message: String) {
        self.report_as(url, identity, message, self.check.def.severity, None);
    }

    /// A finding with its own severity and evidence.
    pub(crate) fn report_as(
        &mut self,
        url: &str,
        identity: &str,
        message: String,
        severity: Severity,
        evidence: Option<Redacted>,
    ) {
        let origin = if self.dns {
            url.to_ascii_lowercase()
        } else {
            url::Url::parse(url)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_else(|_| self.target.url.clone())
        };
        let evidence_identity = match &evidence {
            Some(e) => format!("{identity}\0{}", e.hash()),
            None => identity.to_owned(),
        };
        self.findings.push(Finding {
            check: self.check.def.id.to_owned(),
            title: self.check.def.name.to_owned(),
            severity,
            confidence: self.check.def.confidence,
            area: self.check.def.area,
            // What was seen; the target, URL and evidence are fields of their own.
            message,
            location: if self.dns {
                Location::Dns {
                    name: url.to_owned(),
                    policy: self.target.anchor.declared().cloned(),
                }
            } else {
                Location::Url {
                    url: url.to_owned(),
                    target: Some(self.target.name.clone()),
                    policy: self.target.anchor.declared().cloned(),
                }
            },
            evidence,
            // Keyed by what was probed (the origin, and the path or name in `identity`), never
            // by the policy's name for the target: renaming it must not re-open its ignores.
            fingerprint: Fingerprint::compute(
                self.check.def.id,
                &origin,
                evidence_identity.as_bytes(),
            ),
            inline_allow: None,
        });
    }
}

/// Where an API finding is located: the route's URL, or the target's for an observation
/// recorded before routes carried one.
pub(crate) fn route_url<'a>(url: &'a str, obs: &'a Observation) -> &'a str {
    if url.is_empty() { &obs.url } else { url }
}

/// The first page (the base URL's final response), if the target answered.
pub(crate) fn main_page(obs: &Observation) -> Option<&crate::model::Exchange> {
    obs.pages.first().filter(|p| p.ok())
}

/// HTML pages among the responses that arrived (headers and cookies matter on these).
pub(crate) fn html_pages(obs: &Observation) -> impl Iterator<Item = &crate::model::Exchange> {
    obs.pages.iter().filter(|p| {
        p.ok()
            && (200..300).contains(&p.status)
            && p.header("content-type").is_none_or(|c| c.contains("html"))
    })
}

/// `target-unreachable`: the base URL could not be fetched at all.
pub(crate) const TARGET_UNREACHABLE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "target-unreachable",
        name: "Target unreachable",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The target's base URL cannot be fetched, so nothing about it could be checked",
        help: "Check the URL, DNS, the firewall and the certificate; a gate that cannot see the site does not pass it",
        docs: include_str!("docs/target-unreachable.md"),
    },
    scope: Scope::Reachability,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(why) = &obs.unreachable {
            out.report(&obs.url, "", format!("cannot be reached: {why}"));
        }
    }),
};
