//! Live bundle checks: the scripts a production page loads (and their reachable source maps),
//! scanned with the repository scanner's secret rules, and searched for API endpoints that only
//! make sense off production (localhost, private addresses, the policy's staging hosts).

use launchgate_core::{Area, Confidence, Severity};

use super::{Ctx, Out, ProbeCheck, Run, Scope, html_pages};

/// `secret-in-live-bundle`.
pub(crate) const SECRET_IN_LIVE_BUNDLE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "secret-in-live-bundle",
        name: "Secret in a deployed script",
        engine: launchgate_core::Engine::Probe,
        area: Area::Secrets,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "A script (or source map) the live site serves contains a secret: every visitor has it",
        help: "Rotate the key now, move the call server-side, and keep secret env vars out of client prefixes",
        docs: include_str!("docs/secret-in-live-bundle.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(scanner) = ctx.scanner else { return };
        // Scripts and maps, then the pages' own HTML (inline `window.ENV = {…}`,
        // `__NEXT_DATA__`).
        let scripts = obs
            .scripts
            .iter()
            .filter(|s| s.response.ok() && s.response.status == 200)
            .map(|s| (&s.response, if s.is_map { "source map" } else { "script" }));
        let pages = html_pages(obs).map(|p| (p, "page's HTML"));
        for (r, what) in scripts.chain(pages) {
            for f in scanner.scan(&r.url, r.body.as_bytes()) {
                out.report_as(
                    &r.url,
                    &f.rule,
                    format!(
                        "{} found at line {}, column {} of the {what}",
                        f.rule_name, f.line, f.column
                    ),
                    // The rule knows what its secret is worth: a live secret key is critical,
                    // a publishable or browser key (meant to ship) keeps its own lower rating.
                    f.severity,
                    Some(f.evidence),
                );
            }
        }
    }),
};

/// The first URL-ish reference in `text` to a host that is not production.
pub(crate) fn internal_refs(text: &str, staging: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["http://", "https://", "ws://", "wss://"] {
        let mut at = 0;
        while let Some(i) = text[at..].find(scheme) {
            let start = at + i + scheme.len();
            let end = text[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':'))
                .map_or(text.len(), |e| start + e);
            let hostport = &text[start..end];
            let host = hostport
                .split(':')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            // A bare `http://localhost` is a library's placeholder base (`new URL(p,
            // "http://localhost")`); an endpoint has a port or a path.
            let loopback = host == "localhost"
                || host.ends_with(".localhost")
                || host == "0.0.0.0"
                || host.starts_with("127.");
            let endpoint = hostport.contains(':')
                || text[end..]
                    .strip_prefix('/')
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()));
            let internal = (loopback && endpoint)
                || host.starts_with("10.")
                || host.starts_with("192.168.")
                || (host.starts_with("172.")
                    && host
                        .split('.')
                        .nth(1)
                        .and_then(|o| o.parse::<u8>().ok())
                        .is_some_and(|o| (16..=31).contains(&o)))
                || host.ends_with(".internal")
                || host.ends_with(".local")
                || staging.iter().any(|s| {
                    host == s.to_ascii_lowercase()
                        || host.ends_with(&format!(".{}", s.to_ascii_lowercase()))
                });
            let shown = format!("{scheme}{hostport}");
            if internal && !host.is_empty() && !out.contains(&shown) {
                out.push(shown);
            }
            at = end.max(start);
        }
    }
    out
}

/// `internal-endpoint-in-bundle`.
pub(crate) const INTERNAL_ENDPOINT_IN_BUNDLE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "internal-endpoint-in-bundle",
        name: "Production bundle points at a non-production host",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        summary: "A deployed script references localhost, a private address or a staging host: production still points at a dev or staging API",
        help: "Set the API base URL per environment at build time and rebuild for production",
        docs: include_str!("docs/internal-endpoint-in-bundle.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx: &Ctx<'_>, out: &mut Out<'_>| {
        for s in obs
            .scripts
            .iter()
            .filter(|s| !s.is_map && s.response.ok() && s.response.status == 200)
        {
            for r in internal_refs(&s.response.body, &ctx.cfg.options.staging_hosts) {
                let staging = ctx
                    .cfg
                    .options
                    .staging_hosts
                    .iter()
                    .any(|h| r.contains(h.as_str()));
                out.report_as(
                    &s.response.url,
                    &r,
                    format!("the script references {r}"),
                    if staging {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    None,
                );
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_hosts_are_recognised() {
        assert!(internal_refs(r#"new URL(p,"http://localhost")"#, &[]).is_empty());
        let js = r#"a="http://localhost:4000/api";b="https://api.example.com";c="http://192.168.1.4/x";d="https://api.staging.acme.dev/v1";e="http://172.40.0.1""#;
        assert_eq!(
            internal_refs(js, &["staging.acme.dev".to_owned()]),
            [
                "http://localhost:4000",
                "http://192.168.1.4",
                "https://api.staging.acme.dev"
            ]
        );
    }
}
