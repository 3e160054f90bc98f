//! The auth matrix: each private route, called with no credential, a garbage token, every
//! expired token, every other tenant's token and the owner's (the control). A 2xx where a
//! refusal is due is critical. When the owner's own call fails, the route could not be checked
//! (an engine error, see lib.rs), so a broken setup is never a pass.

use launchgate_core::{Area, Confidence, Severity};

use super::{ProbeCheck, Run, Scope, route_url};
use crate::model::{AuthCase, Observation};

fn accepted(c: &AuthCase) -> bool {
    c.error.is_none() && (200..300).contains(&c.status)
}

/// Whether `route` already answers anyone (then expired and foreign tokens are the same hole,
/// reported once as `private-route-unauthenticated`).
fn open_to_all(obs: &Observation, route: &str) -> bool {
    obs.auth
        .iter()
        .any(|c| c.route == route && c.case == "none" && accepted(c))
}

/// Cells of `case` answered 2xx on a route not already open to anyone.
fn wrongly_accepted<'a>(obs: &'a Observation, case: &'a str) -> impl Iterator<Item = &'a AuthCase> {
    obs.auth
        .iter()
        .filter(move |c| c.case == case && accepted(c) && !open_to_all(obs, &c.route))
}

fn who(c: &AuthCase) -> String {
    c.credential
        .as_deref()
        .map_or_else(String::new, |n| format!(" `{n}`"))
}

/// `private-route-unauthenticated`.
pub(crate) const PRIVATE_ROUTE_UNAUTHENTICATED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "private-route-unauthenticated",
        name: "Private route answers without valid credentials",
        engine: launchgate_core::Engine::Probe,
        area: Area::Auth,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "A private route answers 2xx to a request with no credential or a token no server issued",
        help: "Require authentication on the route (in the handler or a middleware that covers it) and return 401",
        docs: include_str!("docs/private-route-unauthenticated.md"),
    },
    scope: Scope::PrivateRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for c in obs
            .auth
            .iter()
            .filter(|c| matches!(c.case.as_str(), "none" | "garbage") && accepted(c))
        {
            let what = if c.case == "none" {
                "no credential"
            } else {
                "a token no server issued"
            };
            out.report(
                route_url(&c.url, obs),
                &format!("{}|{}", c.route, c.case),
                format!("`{}` answers {} with {what}", c.route, c.status),
            );
        }
    }),
};

/// `expired-token-accepted`.
pub(crate) const EXPIRED_TOKEN_ACCEPTED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "expired-token-accepted",
        name: "Expired token accepted",
        engine: launchgate_core::Engine::Probe,
        area: Area::Auth,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "A private route answers 2xx to an expired token, so a stolen or leaked token never stops working",
        help: "Validate `exp` (and the signature) on every request; reject with 401",
        docs: include_str!("docs/expired-token-accepted.md"),
    },
    scope: Scope::PrivateRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for c in wrongly_accepted(obs, "expired") {
            out.report(
                route_url(&c.url, obs),
                &format!("{}|{}", c.route, who(c)),
                format!(
                    "`{}` answers {} to the expired token{}",
                    c.route,
                    c.status,
                    who(c)
                ),
            );
        }
    }),
};

/// `cross-tenant-access`.
pub(crate) const CROSS_TENANT_ACCESS: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "cross-tenant-access",
        name: "One tenant can read another's resource",
        engine: launchgate_core::Engine::Probe,
        area: Area::Auth,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "A private route answers 2xx to another tenant's valid token on the owner's resource (broken object-level authorization, OWASP API1)",
        help: "Check that the authenticated principal owns (or may see) the object in every handler; answer 403 or 404",
        docs: include_str!("docs/cross-tenant-access.md"),
    },
    scope: Scope::PrivateRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for c in wrongly_accepted(obs, "foreign") {
            out.report(
                route_url(&c.url, obs),
                &format!("{}|{}", c.route, who(c)),
                format!(
                    "`{}` answers {} to{} on another tenant's resource",
                    c.route,
                    c.status,
                    who(c)
                ),
            );
        }
    }),
};

/// Routes whose control failed: the owner's own call was refused, so the refusals prove nothing.
pub(crate) fn could_not_check(obs: &Observation) -> Vec<String> {
    obs.auth
        .iter()
        .filter(|c| c.case == "owner" && !accepted(c))
        .map(|c| {
            format!(
                "could not check `{}`: the owner's own credential{} got {}, so the refusals prove nothing (check the token and the route)",
                c.route,
                who(c),
                c.error.clone().unwrap_or_else(|| c.status.to_string())
            )
        })
        .collect()
}

/// The matrix as lines of text, one per route (`case status ✓/✗`), for the report's notes.
pub(crate) fn table(cases: &[AuthCase]) -> Vec<(String, bool)> {
    let mut routes: Vec<&str> = Vec::new();
    for c in cases {
        if !routes.contains(&c.route.as_str()) {
            routes.push(&c.route);
        }
    }
    routes
        .iter()
        .map(|r| {
            // A route that answers anyone is one hole, reported once for the `none` cell: the
            // other cells say so instead of a FAIL no finding stands behind.
            let open = cases
                .iter()
                .any(|c| c.route == *r && c.case == "none" && accepted(c));
            let mut failing = false;
            let cells: Vec<String> = cases
                .iter()
                .filter(|c| c.route == *r)
                .map(|c| {
                    let ok = if c.case == "owner" {
                        accepted(c)
                    } else {
                        !accepted(c) && c.error.is_none()
                    };
                    let status = if c.error.is_some() {
                        "error".to_owned()
                    } else {
                        c.status.to_string()
                    };
                    let mark = match (ok, open && c.case != "none" && c.case != "owner") {
                        (true, _) => "ok",
                        (false, true) => "(open to anyone, see none)",
                        (false, false) => {
                            failing = true;
                            "FAIL"
                        }
                    };
                    format!("{}{} {status} {mark}", c.case, who(c))
                })
                .collect();
            (format!("{r}: {}", cells.join(", ")), failing)
        })
        .collect()
}
