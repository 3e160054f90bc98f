//! The auth matrix: each private route with no token, a garbage token, an expired token, every
//! other tenant's token, and the owner's (the control).

use super::*;

/// A token no server issued, for the `garbage` case.
pub(super) const GARBAGE_TOKEN: &str = "launchgate-invalid-token-0000000000";

/// One planned cell of the matrix.
pub(super) struct Cell<'a> {
    route: String,
    method: Method,
    url: String,
    case: &'static str,
    credential: Option<Cred<'a>>,
    garbage: bool,
}

/// Each private route with no credential, a garbage one, every expired one, every other
/// tenant's, and the owner's (the control).
pub(super) async fn auth_matrix(
    http: &Http,
    origin: &str,
    api: &Api,
    creds: &[Cred<'_>],
) -> Vec<AuthCase> {
    let valid: Vec<Cred<'_>> = creds.iter().filter(|c| !c.expired).copied().collect();
    let mut plan: Vec<Cell<'_>> = Vec::new();
    for r in &api.private_routes {
        let owner = r
            .owner
            .as_deref()
            .and_then(|o| valid.iter().find(|c| c.name == o).copied())
            .or_else(|| valid.first().copied());
        let cell = |case, credential, garbage| Cell {
            route: r.route.label(),
            method: http_method(&r.route),
            url: route_url(&r.route, origin),
            case,
            credential,
            garbage,
        };
        plan.push(cell("none", None, false));
        if let Some(o) = owner {
            plan.push(cell("garbage", Some(o), true));
        }
        for c in creds.iter().filter(|c| c.expired).copied() {
            plan.push(cell("expired", Some(c), false));
        }
        // Another tenant's token only means something on a resource that belongs to someone:
        // a route with an owner or parameters (`/api/me` is everyone's own).
        let owned = r.owner.is_some() || r.route.path() != r.route.template;
        for c in valid
            .iter()
            .filter(|c| owned && owner.is_none_or(|o| o.name != c.name))
        {
            plan.push(cell("foreign", Some(*c), false));
        }
        if let Some(o) = owner {
            plan.push(cell("owner", Some(o), false));
        }
    }
    let cells = plan.iter().map(|c| async move {
        let headers: Vec<(String, String)> = c
            .credential
            .and_then(|cred| credential_header(&cred, c.garbage.then_some(GARBAGE_TOKEN)))
            .into_iter()
            .collect();
        let label = match (c.case, c.credential) {
            ("none", _) => "auth matrix: no credential".to_owned(),
            ("garbage", _) => "auth matrix: a token no server issued".to_owned(),
            (case, Some(cred)) => format!("auth matrix: {case}, `{}`", cred.name),
            (case, None) => format!("auth matrix: {case}"),
        };
        let r = http
            .send(Req {
                method: c.method.clone(),
                url: &c.url,
                headers: &header_refs(&headers),
                body: None,
                cap: API_BODY_CAP,
                verify: true,
                label: &label,
            })
            .await;
        AuthCase {
            route: c.route.clone(),
            url: c.url.clone(),
            case: c.case.to_owned(),
            credential: c.credential.filter(|_| !c.garbage).map(|c| c.name.clone()),
            status: r.status,
            error: r.error,
        }
    });
    join_all(cells).await
}
