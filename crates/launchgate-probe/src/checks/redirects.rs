//! Redirect checks: plain HTTP must move to HTTPS on the first hop, permanently; chains must end
//! (no loops), stay on the site, and reach the one canonical host quickly.

use launchgate_core::{Area, Confidence, Severity};
use url::Url;

use super::{Ctx, ProbeCheck, Run, Scope};
use crate::model::{Chain, ChainEnd, Observation};

/// A URL as shown in a message: no query, fragment or `;` path parameters, which can carry
/// session ids and tokens (`;jsessionid=`, `?token=`).
fn shown(u: &str) -> String {
    match Url::parse(u) {
        Ok(mut url) => {
            url.set_query(None);
            url.set_fragment(None);
            let path = url.path().split(';').next().unwrap_or("/").to_owned();
            url.set_path(&path);
            url.to_string()
        }
        Err(_) => u.split(['?', '#', ';']).next().unwrap_or(u).to_owned(),
    }
}

fn host_of(u: &str) -> Option<String> {
    Url::parse(u).ok()?.host_str().map(str::to_ascii_lowercase)
}

/// The hosts a chain may visit: the target's, its www/apex twin, and the canonical host.
fn allowed_hosts(obs: &Observation, ctx: &Ctx<'_>) -> Vec<String> {
    let canonical = ctx.target.canonical_host.as_deref();
    [Some(obs.url.as_str()), ctx.target.http_url.as_deref()]
        .into_iter()
        .flatten()
        .flat_map(|u| crate::collect::site_hosts(u, canonical))
        .collect()
}

/// `http-not-redirected-to-https`.
pub(crate) const HTTP_NOT_REDIRECTED_TO_HTTPS: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "http-not-redirected-to-https",
        name: "HTTP not redirected to HTTPS",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A plain-HTTP request is answered without a first-hop redirect to HTTPS",
        help: "Answer every http:// request with a 301 or 308 to the same path on https://",
        docs: include_str!("docs/http-not-redirected-to-https.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let Some(chain) = &obs.http_chain else { return };
        // Nothing listening on plain HTTP is not a downgrade.
        if matches!(chain.end, ChainEnd::Error(_)) && chain.hops.is_empty() {
            return;
        }
        let Some(first) = chain.hops.first() else {
            return;
        };
        match &first.location {
            Some(l) if l.starts_with("https://") => {}
            Some(l) => out.report(
                &first.url,
                "",
                format!("the first redirect goes to {}, not to https://", shown(l)),
            ),
            None => out.report(
                &first.url,
                "",
                format!(
                    "plain HTTP answers {} instead of redirecting to https://",
                    first.status
                ),
            ),
        }
    }),
};

/// `http-redirect-not-permanent`.
pub(crate) const HTTP_REDIRECT_NOT_PERMANENT: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "http-redirect-not-permanent",
        name: "HTTP to HTTPS redirect is temporary",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "The HTTP to HTTPS redirect uses 302, 303 or 307, so browsers and crawlers keep asking over plain HTTP",
        help: "Use 301 or 308 for the redirect to HTTPS",
        docs: include_str!("docs/http-redirect-not-permanent.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let Some(first) = obs.http_chain.as_ref().and_then(|c| c.hops.first()) else {
            return;
        };
        if first
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("https://"))
            && !matches!(first.status, 301 | 308)
        {
            out.report(
                &first.url,
                "",
                format!("the redirect to HTTPS is a {}", first.status),
            );
        }
    }),
};

fn chain_problem(chain: &Chain) -> Option<String> {
    match chain.end {
        ChainEnd::Loop => Some(format!(
            "redirects loop: {}",
            chain
                .hops
                .iter()
                .map(|h| shown(&h.url))
                .collect::<Vec<_>>()
                .join(" -> ")
        )),
        ChainEnd::TooLong => Some(format!(
            "more than {} redirects without reaching a page",
            chain.hops.len().saturating_sub(1)
        )),
        _ => None,
    }
}

/// `redirect-loop`.
pub(crate) const REDIRECT_LOOP: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "redirect-loop",
        name: "Redirect loop",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "Following the site's redirects never reaches a page",
        help: "Fix the redirect rules so each URL redirects at most once or twice to a page that answers",
        docs: include_str!("docs/redirect-loop.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for chain in [&obs.chain, &obs.http_chain].into_iter().flatten() {
            if let Some(p) = chain_problem(chain) {
                let start = chain
                    .hops
                    .first()
                    .map_or(obs.url.as_str(), |h| h.url.as_str());
                out.report(start, start, p);
            }
        }
    }),
};

/// `redirect-off-site`.
pub(crate) const REDIRECT_OFF_SITE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "redirect-off-site",
        name: "Redirect leaves the site or downgrades",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::Medium,
        summary: "A redirect sends visitors to another host, or from https:// back to http://",
        help: "Redirect only within your own hosts and always to https://; name the canonical host in the policy",
        docs: include_str!("docs/redirect-off-site.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let allowed = allowed_hosts(obs, ctx);
        for chain in [&obs.chain, &obs.http_chain].into_iter().flatten() {
            for hop in &chain.hops {
                let Some(to) = &hop.location else { continue };
                let off_host = host_of(to).is_some_and(|h| !allowed.contains(&h));
                let downgrade = hop.url.starts_with("https://") && to.starts_with("http://");
                if off_host {
                    out.report(
                        &hop.url,
                        to,
                        format!("redirects ({}) to another host: {}", hop.status, shown(to)),
                    );
                } else if downgrade {
                    out.report(
                        &hop.url,
                        to,
                        format!("redirects from https:// to {}", shown(to)),
                    );
                }
            }
        }
    }),
};

/// `canonical-host-not-reached`.
pub(crate) const CANONICAL_HOST_NOT_REACHED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "canonical-host-not-reached",
        name: "Canonical host not reached",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The site does not end on its one canonical HTTPS host within two redirects",
        help: "Redirect the other host (www or apex) and plain HTTP straight to https://<canonical host>/",
        docs: include_str!("docs/canonical-host-not-reached.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(canonical) = &ctx.target.canonical_host else {
            return;
        };
        for chain in [&obs.chain, &obs.http_chain].into_iter().flatten() {
            if chain.end != ChainEnd::Final {
                continue;
            }
            let Some(end) = chain.final_url() else {
                continue;
            };
            let start = chain.hops.first().map_or(end, |h| h.url.as_str());
            if !host_of(end).is_some_and(|h| h.eq_ignore_ascii_case(canonical))
                || !end.starts_with("https://")
            {
                out.report(
                    start,
                    start,
                    format!("ends on {}, not on https://{canonical}/", shown(end)),
                );
            } else if chain.redirects() > 2 {
                out.report(
                    start,
                    start,
                    format!(
                        "takes {} redirects to reach {canonical} (two at most)",
                        chain.redirects()
                    ),
                );
            }
        }
    }),
};
