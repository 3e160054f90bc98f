//! Cookie checks over every `Set-Cookie` the probed pages send: Secure, HttpOnly for session
//! cookies, SameSite, the `__Host-`/`__Secure-` prefix rules, and over-broad Domain. Cookie
//! values are never shown.

use launchgate_core::{Area, Confidence, Severity};

use super::{Ctx, Out, ProbeCheck, Run, Scope};
use crate::model::Observation;

/// A parsed `Set-Cookie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cookie {
    pub(crate) name: String,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: Option<String>,
    pub(crate) domain: Option<String>,
    pub(crate) path: Option<String>,
    /// The page that set it.
    pub(crate) url: String,
}

pub(crate) fn parse(header: &str, url: &str) -> Option<Cookie> {
    let mut parts = header.split(';');
    let (name, _) = parts.next()?.split_once('=')?;
    let mut c = Cookie {
        name: name.trim().to_owned(),
        secure: false,
        http_only: false,
        same_site: None,
        domain: None,
        path: None,
        url: url.to_owned(),
    };
    if c.name.is_empty() {
        return None;
    }
    for attr in parts {
        let (k, v) = match attr.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.trim().to_owned())),
            None => (attr.trim().to_ascii_lowercase(), None),
        };
        match k.as_str() {
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "samesite" => c.same_site = v,
            "domain" => c.domain = v.map(|d| d.trim_start_matches('.').to_ascii_lowercase()),
            "path" => c.path = v,
            _ => {}
        }
    }
    Some(c)
}

/// Every cookie the site set, once per name: on redirect hops (where logins often set the
/// session) and on the pages.
pub(crate) fn cookies(obs: &Observation) -> Vec<Cookie> {
    let mut out: Vec<Cookie> = Vec::new();
    let hops = [&obs.chain, &obs.http_chain]
        .into_iter()
        .flatten()
        .flat_map(|c| c.hops.iter())
        .flat_map(|h| {
            h.set_cookie
                .iter()
                .map(move |v| (h.url.as_str(), v.as_str()))
        });
    let pages = obs.pages.iter().filter(|p| p.ok()).flat_map(|p| {
        p.headers_named("set-cookie")
            .map(move |v| (p.url.as_str(), v))
    });
    for (url, header) in hops.chain(pages) {
        if let Some(c) = parse(header, url)
            && !out.iter().any(|o| o.name == c.name)
        {
            out.push(c);
        }
    }
    out
}

/// A cookie that likely carries a session or credential. CSRF tokens are excluded: frameworks
/// (Angular's `XSRF-TOKEN`, Django's `csrftoken`) need scripts to read them.
pub(crate) fn session_like(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if n.contains("csrf") || n.contains("xsrf") {
        return false;
    }
    [
        "sess", "sid", "auth", "token", "jwt", "login", "remember", "identity",
    ]
    .iter()
    .any(|k| n.contains(k))
}

fn https(c: &Cookie) -> bool {
    c.url.starts_with("https://")
}

/// `cookie-without-secure`.
pub(crate) const COOKIE_WITHOUT_SECURE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cookie-without-secure",
        name: "Cookie without Secure",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "A cookie set over HTTPS lacks the Secure attribute, so it may travel over plain HTTP",
        help: "Add `Secure` to every cookie (and `__Host-` to session cookies)",
        docs: include_str!("docs/cookie-without-secure.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for c in cookies(obs).iter().filter(|c| https(c) && !c.secure) {
            let sev = if session_like(&c.name) {
                Severity::High
            } else {
                Severity::Medium
            };
            out.report_as(
                &c.url,
                &c.name,
                format!("cookie `{}` has no Secure attribute", c.name),
                sev,
                None,
            );
        }
    }),
};

/// `cookie-without-httponly`.
pub(crate) const COOKIE_WITHOUT_HTTPONLY: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cookie-without-httponly",
        name: "Session cookie readable by scripts",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        summary: "A session-like cookie lacks HttpOnly, so any injected script can steal it",
        help: "Add `HttpOnly` to session and authentication cookies",
        docs: include_str!("docs/cookie-without-httponly.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for c in cookies(obs)
            .iter()
            .filter(|c| session_like(&c.name) && !c.http_only)
        {
            out.report(
                &c.url,
                &c.name,
                format!("session-like cookie `{}` has no HttpOnly attribute", c.name),
            );
        }
    }),
};

/// `cookie-samesite-weak`.
pub(crate) const COOKIE_SAMESITE_WEAK: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cookie-samesite-weak",
        name: "Cookie SameSite missing or unsafe",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "A cookie has no SameSite attribute, or SameSite=None without Secure",
        help: "Set `SameSite=Lax` (or Strict); use None only with Secure, for cookies that must cross sites",
        docs: include_str!("docs/cookie-samesite-weak.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for c in cookies(obs) {
            match c
                .same_site
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                None => out.report(
                    &c.url,
                    &c.name,
                    format!("cookie `{}` has no SameSite attribute", c.name),
                ),
                Some("none") if !c.secure => out.report_as(
                    &c.url,
                    &c.name,
                    format!(
                        "cookie `{}` is SameSite=None without Secure (browsers reject it)",
                        c.name
                    ),
                    Severity::Medium,
                    None,
                ),
                _ => {}
            }
        }
    }),
};

/// `cookie-prefix-violated`.
pub(crate) const COOKIE_PREFIX_VIOLATED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cookie-prefix-violated",
        name: "Cookie prefix rules broken",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "A `__Host-` or `__Secure-` cookie breaks its prefix's rules, so browsers drop it",
        help: "`__Host-` needs Secure, Path=/ and no Domain; `__Secure-` needs Secure",
        docs: include_str!("docs/cookie-prefix-violated.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for c in cookies(obs) {
            let mut broken = Vec::new();
            if c.name.starts_with("__Host-") {
                if !c.secure {
                    broken.push("no Secure");
                }
                if c.path.as_deref() != Some("/") {
                    broken.push("Path is not /");
                }
                if c.domain.is_some() {
                    broken.push("a Domain is set");
                }
            } else if c.name.starts_with("__Secure-") && !c.secure {
                broken.push("no Secure");
            }
            if !broken.is_empty() {
                out.report(
                    &c.url,
                    &c.name,
                    format!("cookie `{}`: {}", c.name, broken.join(", ")),
                );
            }
        }
    }),
};

/// `cookie-domain-too-broad`.
pub(crate) const COOKIE_DOMAIN_TOO_BROAD: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cookie-domain-too-broad",
        name: "Cookie shared with sibling subdomains",
        engine: launchgate_core::Engine::Probe,
        area: Area::Headers,
        severity: Severity::Low,
        confidence: Confidence::Medium,
        summary: "A session-like cookie's Domain is a parent of the host, so every sibling subdomain receives it",
        help: "Leave Domain unset (host-only) for session cookies",
        docs: include_str!("docs/cookie-domain-too-broad.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx: &Ctx<'_>, out: &mut Out<'_>| {
        for c in cookies(obs).iter().filter(|c| session_like(&c.name)) {
            let host = url::Url::parse(&c.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
            if let (Some(d), Some(h)) = (&c.domain, host)
                && *d != h
                && h.ends_with(&format!(".{d}"))
            {
                out.report(
                    &c.url,
                    &c.name,
                    format!("cookie `{}` is sent to every subdomain of {d}", c.name),
                );
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_attributes_parse() {
        let c = parse(
            "__Host-s=v=1; Path=/; Secure; HttpOnly; SameSite=Lax",
            "https://a.test/",
        )
        .unwrap_or_else(|| unreachable!());
        assert_eq!(c.name, "__Host-s");
        assert!(c.secure && c.http_only);
        assert_eq!(c.same_site.as_deref(), Some("Lax"));
        assert_eq!(c.path.as_deref(), Some("/"));
        let d = parse("sid=1; Domain=.Example.com", "https://app.example.com/")
            .unwrap_or_else(|| unreachable!());
        assert_eq!(d.domain.as_deref(), Some("example.com"));
        assert!(parse("novalue", "https://a.test/").is_none());
    }
}
