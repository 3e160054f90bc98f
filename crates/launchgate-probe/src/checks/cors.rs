//! CORS checks over active cross-origin requests: an attacker origin, `null`, suffix and prefix
//! tricks on the site's own host, a subdomain, and an `http://` downgrade of each allowed origin,
//! each sent as a simple GET and as a preflight.

use launchgate_core::{Area, Confidence, Severity};

use super::{Out, ProbeCheck, Run, Scope};
use crate::model::{CorsProbe, Observation};

fn allow_origin(p: &CorsProbe) -> Option<&str> {
    p.response
        .header("access-control-allow-origin")
        .map(str::trim)
}

fn credentials(p: &CorsProbe) -> bool {
    p.response
        .header("access-control-allow-credentials")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Origins the probe made up (everything but the policy's allowed list).
fn untrusted(p: &CorsProbe) -> bool {
    p.kind != "allowed" && p.kind != "null"
}

/// One finding per (check, origin kind): the GET and the preflight usually agree.
fn each(obs: &Observation, pred: impl Fn(&CorsProbe) -> bool) -> Vec<&CorsProbe> {
    let mut out: Vec<&CorsProbe> = Vec::new();
    for p in obs.cors.iter().filter(|p| p.response.ok() && pred(p)) {
        if !out.iter().any(|o| o.kind == p.kind) {
            out.push(p);
        }
    }
    out
}

fn describe(p: &CorsProbe) -> String {
    let what = match p.kind.as_str() {
        "attacker" => "an unrelated origin",
        "suffix" => "an origin that merely starts with the site's host",
        "prefix" => "an origin that merely ends with the site's host",
        "subdomain" => "an arbitrary subdomain",
        "downgrade" => "the http:// form of an allowed origin",
        _ => "an origin",
    };
    format!(
        "{} to `Origin: {}` ({what})",
        if p.method == "OPTIONS" {
            "a preflight"
        } else {
            "a request"
        },
        p.origin
    )
}

/// One finding per root cause: the untrusted origins echoed at one URL, listed together (a
/// server that reflects any origin answers every trick the same way).
fn report_reflected(obs: &Observation, out: &mut Out<'_>, hits: &[&CorsProbe], credentialed: bool) {
    let tail = if credentialed {
        " and `Access-Control-Allow-Credentials: true`"
    } else {
        ""
    };
    let mut urls: Vec<&str> = Vec::new();
    for p in hits {
        if !urls.contains(&p.response.url.as_str()) {
            urls.push(&p.response.url);
        }
    }
    for url in urls {
        let at: Vec<&&CorsProbe> = hits.iter().filter(|p| p.response.url == url).collect();
        let [first, ..] = at.as_slice() else { continue };
        let message = if let [one] = at.as_slice() {
            format!(
                "{} is answered with `Access-Control-Allow-Origin: {}`{tail}",
                describe(one),
                one.origin
            )
        } else {
            let mut tried: Vec<&str> = obs
                .cors
                .iter()
                .filter(|p| p.response.url == url && untrusted(p))
                .map(|p| p.kind.as_str())
                .collect();
            tried.sort_unstable();
            tried.dedup();
            let how_many = if at.len() == tried.len() {
                format!("every untrusted origin tried ({})", at.len())
            } else {
                format!("{} of {} untrusted origins tried", at.len(), tried.len())
            };
            let each: Vec<String> = at.iter().map(|p| describe(p)).collect();
            format!(
                "{how_many} is echoed in `Access-Control-Allow-Origin`{tail}: {}",
                each.join("; ")
            )
        };
        // Keyed by the first variant, as a single one always was.
        out.report(url, &first.kind, message);
    }
}

/// `cors-origin-reflected-with-credentials`.
pub(crate) const CORS_ORIGIN_REFLECTED_WITH_CREDENTIALS: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cors-origin-reflected-with-credentials",
        name: "CORS trusts any origin with credentials",
        engine: launchgate_core::Engine::Probe,
        area: Area::Cors,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "The site echoes an untrusted Origin in Access-Control-Allow-Origin and allows credentials, so any site can read users' data",
        help: "Compare the Origin against an exact allow-list (scheme, host and port) before echoing it",
        docs: include_str!("docs/cors-origin-reflected-with-credentials.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let hits = each(obs, |p| {
            untrusted(p) && allow_origin(p) == Some(p.origin.as_str()) && credentials(p)
        });
        report_reflected(obs, out, &hits, true);
    }),
};

/// `cors-untrusted-origin-allowed`.
pub(crate) const CORS_UNTRUSTED_ORIGIN_ALLOWED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cors-untrusted-origin-allowed",
        name: "CORS allows untrusted origins",
        engine: launchgate_core::Engine::Probe,
        area: Area::Cors,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The site echoes an untrusted Origin (without credentials), so other sites can read its responses",
        help: "Allow only the origins in `probe.cors.allowed-origins`, matched exactly",
        docs: include_str!("docs/cors-untrusted-origin-allowed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let hits = each(obs, |p| {
            untrusted(p) && allow_origin(p) == Some(p.origin.as_str()) && !credentials(p)
        });
        report_reflected(obs, out, &hits, false);
    }),
};

/// `cors-wildcard-with-credentials`.
pub(crate) const CORS_WILDCARD_WITH_CREDENTIALS: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cors-wildcard-with-credentials",
        name: "CORS wildcard with credentials",
        engine: launchgate_core::Engine::Probe,
        area: Area::Cors,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "Access-Control-Allow-Origin is `*` while credentials are allowed: a broken policy one step from reflecting every origin",
        help: "List exact origins; never combine `*` with Access-Control-Allow-Credentials",
        docs: include_str!("docs/cors-wildcard-with-credentials.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out: &mut Out<'_>| {
        if let Some(p) = each(obs, |p| allow_origin(p) == Some("*") && credentials(p)).first() {
            out.report(
                &p.response.url,
                "*",
                format!("{} is answered with `Access-Control-Allow-Origin: *` and `Access-Control-Allow-Credentials: true`", describe(p)),
            );
        }
    }),
};

/// `cors-null-origin-allowed`.
pub(crate) const CORS_NULL_ORIGIN_ALLOWED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cors-null-origin-allowed",
        name: "CORS allows the null origin",
        engine: launchgate_core::Engine::Probe,
        area: Area::Cors,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "Access-Control-Allow-Origin is `null`, which sandboxed iframes and data: pages of any site can send",
        help: "Never allow the `null` origin",
        docs: include_str!("docs/cors-null-origin-allowed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        if let Some(p) = each(obs, |p| p.kind == "null" && allow_origin(p) == Some("null")).first()
        {
            let sev = if credentials(p) {
                Severity::Critical
            } else {
                Severity::High
            };
            out.report_as(
                &p.response.url,
                "null",
                format!(
                    "`Origin: null` is answered with `Access-Control-Allow-Origin: null`{}",
                    if credentials(p) {
                        " and credentials"
                    } else {
                        ""
                    }
                ),
                sev,
                None,
            );
        }
    }),
};
