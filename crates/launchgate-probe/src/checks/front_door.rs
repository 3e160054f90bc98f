//! Front-door checks: whether a CDN or WAF fronts the site (when the policy requires one), and
//! whether the health route answers 2xx quickly.

use launchgate_core::{Area, Confidence, Severity};

use super::{Ctx, Out, ProbeCheck, Run, Scope, main_page};
use crate::model::{Exchange, Observation};

/// The CDN or WAF whose headers a response carries.
pub(crate) fn cdn(p: &Exchange) -> Option<&'static str> {
    let h = |n: &str| p.header(n);
    let server = h("server").unwrap_or_default().to_ascii_lowercase();
    let via = h("via").unwrap_or_default().to_ascii_lowercase();
    if h("cf-ray").is_some() || server == "cloudflare" {
        Some("Cloudflare")
    } else if h("x-amz-cf-id").is_some() || via.contains("cloudfront") {
        Some("Amazon CloudFront")
    } else if h("x-fastly-request-id").is_some()
        || h("x-served-by").is_some_and(|v| v.starts_with("cache-"))
    {
        Some("Fastly")
    } else if h("akamai-grn").is_some()
        || server.contains("akamai")
        || p.headers.iter().any(|(n, _)| n.starts_with("x-akamai"))
    {
        Some("Akamai")
    } else if h("x-azure-ref").is_some() {
        Some("Azure Front Door")
    } else if h("x-vercel-id").is_some() {
        Some("Vercel")
    } else if h("x-nf-request-id").is_some() {
        Some("Netlify")
    } else if h("fly-request-id").is_some() {
        Some("Fly.io")
    } else if h("x-sucuri-id").is_some() {
        Some("Sucuri")
    } else if via.contains("varnish") || h("x-varnish").is_some() {
        Some("Varnish")
    } else if via.contains("google") || server == "google frontend" {
        Some("Google Cloud CDN")
    } else {
        None
    }
}

/// `cdn-missing`.
pub(crate) const CDN_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cdn-missing",
        name: "No CDN or WAF in front",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        summary: "The policy requires a CDN or WAF in front of the site, and no known one's headers are present",
        help: "Put the site behind your CDN/WAF (and do not expose the origin directly)",
        docs: include_str!("docs/cdn-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        if !ctx.cfg.options.front_door.require_cdn {
            return;
        }
        if let Some(p) = main_page(obs)
            && cdn(p).is_none()
        {
            out.report(&p.url, "", "no CDN or WAF headers (Cloudflare, CloudFront, Fastly, Akamai, Azure, Vercel, Netlify…)".to_owned());
        }
    }),
};

/// `health-route-failing`.
pub(crate) const HEALTH_ROUTE_FAILING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "health-route-failing",
        name: "Health route failing or slow",
        engine: launchgate_core::Engine::Probe,
        area: Area::Monitoring,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The target's health route does not answer 2xx within the policy's time",
        help: "Fix what the health route reports, or make it cheap (no heavy dependencies) so it answers fast",
        docs: include_str!("docs/health-route-failing.md"),
    },
    scope: Scope::Health,
    run: Run::Web(|obs: &Observation, ctx: &Ctx<'_>, out: &mut Out<'_>| {
        let Some(h) = &obs.health else { return };
        let max = ctx.cfg.options.front_door.health_max.as_millis() as u64;
        if let Some(e) = &h.error {
            out.report(&h.url, "", format!("the health route failed: {e}"));
        } else if !(200..300).contains(&h.status) {
            out.report(&h.url, "", format!("the health route answers {}", h.status));
        } else if h.elapsed_ms > max {
            out.report(
                &h.url,
                "",
                format!(
                    "the health route took {} ms (at most {max} ms)",
                    h.elapsed_ms
                ),
            );
        }
    }),
};
