//! The API behaviour requests: the auth matrix, latency runs, input validation, account
//! enumeration and rate-limit bursts. They run after a target's other observations, only over a
//! trusted certificate (credentials and bodies are never sent anywhere else), each phase with its
//! own request budget taken from its counts, and in an order that keeps one from spoiling the
//! next: the matrix, latency, input validation, then enumeration and the bursts, which trip rate
//! limiters on purpose.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::Method;

use crate::ProbeConfig;
use crate::model::{
    AuthCase, EnumerationProbe, Exchange, InputCase, LatencyRun, Observation, RateLimitRun,
};
use crate::transport::{Dedicated, Http, Req, Resolver, RunBudget, verifying_config};
use launchgate_core::options::Route;
use launchgate_core::probe_options::{
    Api, Credential, InputRoute, Latency, Limits, MAX_BURST, RateLimitRoute, Target,
};

mod abuse;
mod auth;
mod input;
mod latency;

pub(crate) use abuse::*;
use auth::*;
pub(crate) use input::*;
pub(crate) use latency::*;

/// Answers read from API routes: enough for an error message and a stack trace's first frames.
const API_BODY_CAP: u64 = 16 * 1024;
/// The longest `Retry-After` the probe waits for before comparing accounts or starting the
/// next burst.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// What the API phases need besides the target.
pub(crate) struct Env<'a> {
    pub(crate) roots: &'a rustls::RootCertStore,
    pub(crate) resolver: &'a Resolver,
    pub(crate) config: &'a ProbeConfig,
    pub(crate) run: &'a Arc<RunBudget>,
}

impl Env<'_> {
    /// The run's request limits.
    fn limits(&self) -> Limits {
        self.config.options.limits
    }

    /// A client whose budget is exactly `requests`.
    fn client(&self, requests: u32) -> Option<Http> {
        let limits = Limits {
            max_requests: requests,
            ..self.limits()
        };
        Http::new(self.roots, self.resolver, limits, self.run).ok()
    }
}

/// A credential as the policy declares it, with its value: what goes on the wire.
#[derive(Clone, Copy)]
pub(crate) struct Cred<'a> {
    spec: &'a Credential,
    value: &'a str,
}

impl std::ops::Deref for Cred<'_> {
    type Target = Credential;
    fn deref(&self) -> &Credential {
        self.spec
    }
}

/// A target's credentials with their values.
fn creds<'a>(api: &'a Api, config: &'a ProbeConfig) -> Vec<Cred<'a>> {
    api.credentials
        .iter()
        .map(|spec| Cred {
            spec,
            value: config.secret(spec),
        })
        .collect()
}

/// The credential named by an `as:` key.
fn named<'a>(creds: &[Cred<'a>], name: Option<&str>) -> Option<Cred<'a>> {
    let name = name?;
    creds.iter().find(|c| c.name == name).copied()
}

/// The header that carries `c` (with `value` instead of the real one, for the garbage case).
pub(crate) fn credential_header(c: &Cred<'_>, value: Option<&str>) -> Option<(String, String)> {
    let v = value.unwrap_or(c.value);
    match (&c.header, &c.cookie) {
        (_, Some(cookie)) => Some(("cookie".to_owned(), format!("{cookie}={v}"))),
        (Some(h), None) => Some((h.clone(), format!("{}{v}", c.prefix))),
        (None, None) => None,
    }
}

/// The header for `c`, if any, as a list.
fn credential_headers(c: Option<Cred<'_>>) -> Vec<(String, String)> {
    c.and_then(|c| credential_header(&c, None))
        .into_iter()
        .collect()
}

/// The URL a route calls on `origin`.
fn route_url(r: &Route, origin: &str) -> String {
    format!("{origin}{}", r.path())
}

/// A route's method for the HTTP client.
fn http_method(r: &Route) -> Method {
    Method::from_bytes(r.method.as_str().as_bytes()).unwrap_or(Method::GET)
}

fn header_refs(h: &[(String, String)]) -> Vec<(&str, &str)> {
    h.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn as_label(c: Option<Cred<'_>>) -> String {
    c.map_or_else(String::new, |c| format!(", as `{}`", c.name))
}

/// Whether an origin is this machine (`http://localhost:8080`), where plain HTTP carries no risk.
fn loopback(origin: &str) -> bool {
    url::Url::parse(origin).is_ok_and(|u| match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    })
}

/// Runs the target's API phases and records them in `obs`.
pub(crate) async fn observe(t: &Target, http: &Http, env: &Env<'_>, obs: &mut Observation) {
    let Some(api) = &t.api else { return };
    if obs.unreachable.is_some() {
        return;
    }
    let Some(origin) = obs
        .pages
        .first()
        .and_then(|p| url::Url::parse(&p.url).ok())
        .map(|u| u.origin().ascii_serialization())
    else {
        return;
    };
    // Credentials and bodies go only over verified HTTPS (or to this machine).
    let why = if obs.tls.as_ref().is_some_and(|t| t.trust_error.is_some()) {
        Some("the certificate is not trusted")
    } else if !origin.starts_with("https://") && !loopback(&origin) {
        Some("the site is served over plain HTTP")
    } else {
        None
    };
    if let Some(why) = why {
        obs.api_skipped = Some(format!(
            "{why}, and credentials and request bodies are never sent over such a connection"
        ));
        return;
    }
    let creds = creds(api, env.config);
    obs.auth = auth_matrix(http, &origin, api, &creds).await;
    if let Some(l) = &api.latency {
        let cred = named(&creds, l.as_credential.as_deref());
        obs.latency = latency(&origin, l, cred, env).await;
    }
    for r in &api.input_validation {
        let cred = named(&creds, r.as_credential.as_deref());
        obs.input
            .extend(input_validation(&origin, r, cred, env).await);
    }
    let mut wait = None;
    for r in &api.rate_limit {
        if let Some(w) = wait.take() {
            tokio::time::sleep(w).await;
        }
        let cred = named(&creds, r.as_credential.as_deref());
        let (run, enumeration) = rate_limit(&origin, r, cred, env).await;
        // Honour the limit: the next burst starts after its Retry-After (up to a cap), so it
        // measures its own route's limit, not this one's.
        wait = run.retry_after.as_deref().and_then(wait_for);
        obs.rate_limits.push(run);
        obs.enumeration.extend(enumeration);
    }
}
