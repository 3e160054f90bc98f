//! Security header checks on the site's HTML pages: HSTS, CSP (header or meta tag), nosniff,
//! framing, referrer and permissions policies, and version banners.

use launchgate_core::{Area, Confidence, Severity};

use super::{Out, ProbeCheck, Run, Scope, html_pages};
use crate::model::{Exchange, Observation};

/// One report per header problem: the first HTML page that shows it (every page usually shares
/// the same headers, and one finding per site is what a reader can act on).
fn first_page_where(obs: &Observation, missing: impl Fn(&Exchange) -> bool) -> Option<&Exchange> {
    html_pages(obs).find(|p| missing(p))
}

fn https(obs: &Observation) -> bool {
    obs.pages
        .first()
        .is_some_and(|p| p.url.starts_with("https://"))
}

/// `hsts-missing`.
pub(crate) const HSTS_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "hsts-missing",
        name: "HSTS header missing",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "HTTPS pages do not send Strict-Transport-Security, so the first visit can be downgraded",
        help: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response",
        docs: include_str!("docs/hsts-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if !https(obs) {
            return;
        }
        // Browsers honour HSTS on any HTTPS response, so a login wall (401) or an error page
        // counts as well as a 200.
        let p = html_pages(obs)
            .next()
            .or_else(|| obs.pages.first().filter(|p| p.ok()));
        if let Some(p) = p
            && p.header("strict-transport-security").is_none()
        {
            out.report(&p.url, "", "no Strict-Transport-Security header".to_owned());
        }
    }),
};

/// `max-age` in seconds, if present.
pub(crate) fn hsts_max_age(v: &str) -> Option<u64> {
    v.split(';').find_map(|d| {
        let (k, val) = d.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| val.trim().trim_matches('"').parse().ok())
            .flatten()
    })
}

/// `hsts-weak`.
pub(crate) const HSTS_WEAK: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "hsts-weak",
        name: "HSTS too short or without subdomains",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "Strict-Transport-Security has a max-age under one year, or omits includeSubDomains",
        help: "Use `max-age=31536000` (or more) and `includeSubDomains`",
        docs: include_str!("docs/hsts-weak.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if !https(obs) {
            return;
        }
        let Some(p) = html_pages(obs).find(|p| p.header("strict-transport-security").is_some())
        else {
            return;
        };
        let v = p.header("strict-transport-security").unwrap_or_default();
        match hsts_max_age(v) {
            Some(age) if age >= 31_536_000 => {}
            Some(age) => {
                out.report(
                    &p.url,
                    "max-age",
                    format!("`Strict-Transport-Security: {v}`: max-age is {age} s, under one year"),
                );
                return;
            }
            None => {
                out.report(
                    &p.url,
                    "max-age",
                    format!("`Strict-Transport-Security: {v}` has no valid max-age"),
                );
                return;
            }
        }
        if !v.to_ascii_lowercase().contains("includesubdomains") {
            out.report_as(
                &p.url,
                "includeSubDomains",
                format!("`Strict-Transport-Security: {v}` omits includeSubDomains, so a subdomain can still be reached over HTTP"),
                Severity::Low,
                None,
            );
        }
    }),
};

/// Every Content-Security-Policy a page enforces: each header (one may hold several policies,
/// comma-separated) and each `<meta http-equiv>` tag. A browser enforces all of them at once.
pub(crate) fn csp_policies(p: &Exchange) -> Vec<String> {
    let mut out = csp_header_policies(p);
    out.extend(csp_meta_policies(p));
    out
}

/// The policies of the Content-Security-Policy headers alone: `frame-ancestors`, `sandbox` and
/// reporting are ignored in a `<meta>` tag (CSP Level 3, §3.3), so only these can restrict framing.
fn csp_header_policies(p: &Exchange) -> Vec<String> {
    p.headers_named("content-security-policy")
        .flat_map(|h| h.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The policies of the page's `<meta http-equiv="Content-Security-Policy">` tags.
fn csp_meta_policies(p: &Exchange) -> Vec<String> {
    let mut out = Vec::new();
    let lower = p.body.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<meta") {
        let start = at + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if tag.contains("http-equiv") && tag.contains("content-security-policy") {
            let original = &p.body[start..end];
            if let Some(c) = original.to_ascii_lowercase().find("content=") {
                let v = original[c + 8..].trim_start();
                let q = v.chars().next().filter(|c| *c == '"' || *c == '\'');
                let body = if q.is_some() { &v[1..] } else { v };
                let stop = body.find(|ch| Some(ch) == q).unwrap_or(body.len());
                out.push(body[..stop].to_owned());
            }
        }
        at = end.max(start + 1);
    }
    out
}

/// The sources of `name`, or of `default-src` when `name` is absent.
fn directive<'a>(csp: &'a str, name: &str) -> Option<Vec<&'a str>> {
    let find = |n: &str| {
        csp.split(';').find_map(|d| {
            let mut parts = d.split_whitespace();
            parts
                .next()
                .filter(|k| k.eq_ignore_ascii_case(n))
                .map(|_| parts.collect::<Vec<_>>())
        })
    };
    find(name).or_else(|| find("default-src"))
}

/// What defeats a CSP, in words; empty when it holds.
pub(crate) fn csp_weaknesses(csp: &str) -> Vec<String> {
    let mut out = Vec::new();
    match directive(csp, "script-src") {
        None => out.push("no script-src or default-src, so any script may run".to_owned()),
        Some(src) => {
            let lower: Vec<String> = src.iter().map(|s| s.to_ascii_lowercase()).collect();
            let has = |s: &str| lower.iter().any(|x| x == s);
            let nonce_or_hash = lower.iter().any(|x| {
                x.starts_with("'nonce-")
                    || x.starts_with("'sha256-")
                    || x.starts_with("'sha384-")
                    || x.starts_with("'sha512-")
            });
            if has("'unsafe-inline'") && !nonce_or_hash && !has("'strict-dynamic'") {
                out.push("script-src allows 'unsafe-inline'".to_owned());
            }
            if has("'unsafe-eval'") {
                out.push("script-src allows 'unsafe-eval'".to_owned());
            }
            // With 'strict-dynamic', browsers ignore host and scheme sources (they are there for
            // old browsers): the nonce or hash decides.
            if !has("'strict-dynamic'") {
                for wide in ["*", "http:", "https:", "data:"] {
                    if has(wide) {
                        out.push(format!("script-src allows any `{wide}` source"));
                    }
                }
            }
        }
    }
    let none_default = directive(csp, "default-src")
        .is_some_and(|d| d.len() == 1 && d[0].eq_ignore_ascii_case("'none'"));
    let has_directive = |n: &str| {
        csp.split(';').any(|d| {
            d.split_whitespace()
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case(n))
        })
    };
    if !has_directive("object-src") && !none_default {
        out.push("no object-src (plugins may load from anywhere default-src allows)".to_owned());
    }
    if !has_directive("base-uri") {
        out.push("no base-uri (an injected <base> tag can redirect relative scripts)".to_owned());
    }
    out
}

/// `csp-missing`.
pub(crate) const CSP_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "csp-missing",
        name: "Content-Security-Policy missing",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "HTML pages have no Content-Security-Policy (header or meta tag) to contain injected scripts",
        help: "Send a Content-Security-Policy with script-src, object-src 'none' and base-uri",
        docs: include_str!("docs/csp-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(p) = first_page_where(obs, |p| csp_policies(p).is_empty()) {
            out.report(
                &p.url,
                "",
                "no Content-Security-Policy header or meta tag".to_owned(),
            );
        }
    }),
};

/// `csp-unsafe`.
pub(crate) const CSP_UNSAFE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "csp-unsafe",
        name: "Content-Security-Policy defeated",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The Content-Security-Policy allows inline or eval'd script, wildcard sources, or omits object-src/base-uri",
        help: "Drop 'unsafe-inline' and 'unsafe-eval' (use nonces or hashes), list exact script hosts, add object-src 'none' and base-uri 'self'",
        docs: include_str!("docs/csp-unsafe.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let Some((p, policies)) = html_pages(obs)
            .map(|p| (p, csp_policies(p)))
            .find(|(_, c)| !c.is_empty())
        else {
            return;
        };
        // Policies combine: a hole matters only if every enforced policy leaves it open.
        let mut weak = csp_weaknesses(&policies[0]);
        for other in &policies[1..] {
            let w = csp_weaknesses(other);
            weak.retain(|x| w.contains(x));
        }
        if !weak.is_empty() {
            out.report(
                &p.url,
                &weak.join("|"),
                format!("{}: `{}`", weak.join("; "), policies.join("` + `")),
            );
        }
    }),
};

/// A `frame-ancestors` directive that names who may frame, not everyone (`*`, `https:`).
fn frame_ancestors_restricted(csp: &str) -> bool {
    csp.split(';').any(|d| {
        let mut parts = d.split_whitespace();
        parts
            .next()
            .is_some_and(|k| k.eq_ignore_ascii_case("frame-ancestors"))
            && parts.all(|s| !matches!(s, "*" | "http:" | "https:" | "data:"))
    })
}

/// `nosniff-missing`.
pub(crate) const NOSNIFF_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "nosniff-missing",
        name: "X-Content-Type-Options missing",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "Responses lack `X-Content-Type-Options: nosniff`, so browsers may guess content types",
        help: "Send `X-Content-Type-Options: nosniff` on every response",
        docs: include_str!("docs/nosniff-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(p) = first_page_where(obs, |p| {
            !p.header("x-content-type-options")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"))
        }) {
            out.report(
                &p.url,
                "",
                "no `X-Content-Type-Options: nosniff`".to_owned(),
            );
        }
    }),
};

/// `clickjacking-protection-missing`.
pub(crate) const CLICKJACKING_PROTECTION_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "clickjacking-protection-missing",
        name: "Framing not restricted",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "Pages set neither CSP frame-ancestors nor X-Frame-Options, so any site can frame them",
        help: "Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self') and `X-Frame-Options: DENY`",
        docs: include_str!("docs/clickjacking-protection-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(p) = first_page_where(obs, |p| {
            let fa = csp_header_policies(p)
                .iter()
                .any(|c| frame_ancestors_restricted(c));
            let xfo = p.header("x-frame-options").is_some_and(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "deny" || v == "sameorigin"
            });
            !fa && !xfo
        }) {
            // A `<meta>` CSP may say `frame-ancestors`, but browsers ignore it there.
            let in_meta = csp_meta_policies(p)
                .iter()
                .any(|c| frame_ancestors_restricted(c));
            out.report(
                &p.url,
                "",
                if in_meta {
                    "neither a restrictive CSP frame-ancestors header nor X-Frame-Options DENY/SAMEORIGIN: the frame-ancestors in the page's <meta> CSP is ignored by browsers (it only works as a header)".to_owned()
                } else {
                    "neither a restrictive CSP frame-ancestors nor X-Frame-Options DENY/SAMEORIGIN"
                        .to_owned()
                },
            );
        }
    }),
};

/// `referrer-policy-missing`.
pub(crate) const REFERRER_POLICY_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "referrer-policy-missing",
        name: "Referrer-Policy missing or leaky",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "Pages send no Referrer-Policy, or one that leaks full URLs to other sites",
        help: "Send `Referrer-Policy: strict-origin-when-cross-origin` (or stricter)",
        docs: include_str!("docs/referrer-policy-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(p) = first_page_where(obs, |p| {
            p.header("referrer-policy").is_none_or(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("unsafe-url") || v.trim() == "no-referrer-when-downgrade"
            })
        }) {
            let shown = p
                .header("referrer-policy")
                .map_or("no Referrer-Policy header".to_owned(), |v| {
                    format!("`Referrer-Policy: {v}` sends full URLs to other sites")
                });
            out.report(&p.url, "", shown);
        }
    }),
};

/// `permissions-policy-missing`.
pub(crate) const PERMISSIONS_POLICY_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "permissions-policy-missing",
        name: "Permissions-Policy missing",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Low,
        confidence: Confidence::Medium,
        summary: "Pages send no Permissions-Policy limiting camera, microphone, geolocation and other powerful features",
        help: "Send a Permissions-Policy that disables features the site does not use",
        docs: include_str!("docs/permissions-policy-missing.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(p) = first_page_where(obs, |p| p.header("permissions-policy").is_none()) {
            out.report(&p.url, "", "no Permissions-Policy header".to_owned());
        }
    }),
};

/// Headers that announce software and versions.
pub(crate) fn version_banners(p: &Exchange) -> Vec<String> {
    let mut out = Vec::new();
    // `nginx/1.18.0`, `Apache/2.4.41 (Ubuntu)`, `Microsoft-IIS/10.0`: a product and a version.
    if let Some(s) = p.header("server")
        && s.split_whitespace().any(|w| {
            w.split_once('/').is_some_and(|(name, v)| {
                !name.is_empty() && v.starts_with(|c: char| c.is_ascii_digit())
            })
        })
    {
        out.push(format!("Server: {s}"));
    }
    for h in [
        "x-powered-by",
        "x-aspnet-version",
        "x-aspnetmvc-version",
        "x-generator",
        "x-runtime-version",
    ] {
        // `X-Powered-By: Express` names the framework and no version: not what this check is
        // about (`PHP/7.4.3`, `ASP.NET 4.0.30319` are).
        if let Some(v) = p.header(h)
            && v.contains(|c: char| c.is_ascii_digit())
        {
            out.push(format!("{h}: {v}"));
        }
    }
    out
}

/// `server-version-disclosed`.
pub(crate) const SERVER_VERSION_DISCLOSED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "server-version-disclosed",
        name: "Server software version disclosed",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "Response headers name the server software and its version (Server, X-Powered-By, X-AspNet-Version)",
        help: "Drop X-Powered-By and version numbers from Server (nginx `server_tokens off`, Express `app.disable('x-powered-by')`)",
        docs: include_str!("docs/server-version-disclosed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out: &mut Out<'_>| {
        let pages = obs
            .pages
            .iter()
            .chain(obs.not_found.iter())
            .filter(|p| p.ok());
        let mut seen: Vec<String> = Vec::new();
        for p in pages {
            for b in version_banners(p) {
                if !seen.contains(&b) {
                    out.report(&p.url, &b, format!("`{b}`"));
                    seen.push(b);
                }
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_weaknesses_are_named() {
        assert!(
            csp_weaknesses("default-src 'self'; object-src 'none'; base-uri 'self'").is_empty()
        );
        assert!(
            csp_weaknesses("default-src 'none'; script-src 'self'; base-uri 'none'").is_empty()
        );
        let w =
            csp_weaknesses("default-src 'self' *; script-src 'self' 'unsafe-inline' 'unsafe-eval'");
        assert_eq!(
            w,
            [
                "script-src allows 'unsafe-inline'",
                "script-src allows 'unsafe-eval'",
                "no object-src (plugins may load from anywhere default-src allows)",
                "no base-uri (an injected <base> tag can redirect relative scripts)"
            ]
        );
        // A nonce makes 'unsafe-inline' a fallback for old browsers, not a hole.
        assert!(
            csp_weaknesses(
                "script-src 'nonce-abc' 'unsafe-inline'; object-src 'none'; base-uri 'none'"
            )
            .is_empty()
        );
    }

    #[test]
    fn meta_tag_csp_counts() {
        let p = Exchange {
            body: r#"<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head>"#.to_owned(),
            ..Default::default()
        };
        assert_eq!(csp_policies(&p), ["default-src 'self'"]);
    }

    #[test]
    fn hsts_max_age_parses() {
        assert_eq!(
            hsts_max_age("max-age=63072000; includeSubDomains"),
            Some(63_072_000)
        );
        assert_eq!(hsts_max_age("includeSubDomains; max-age=\"10\""), Some(10));
        assert_eq!(hsts_max_age("includeSubDomains"), None);
    }
}
