//! The `probe:` section of a policy: what to probe and how, declared once. The policy validates
//! it into these types, the prober reads them as they are, and the CLI adds only what a policy
//! cannot hold (credential values from the environment, `--resolve`, the CA file's bytes).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::options::{Kind, Method, OptionValue, Route, Value};
use crate::{DmarcPolicy, PolicyAnchor};

/// The most requests one rate-limit burst may send.
pub const MAX_BURST: u32 = 200;

/// An anchor for a value no policy line declared (a test's or a default's).
fn no_anchor() -> PolicyAnchor {
    PolicyAnchor {
        file: String::new(),
        line: 0,
        column: 0,
    }
}

crate::options! {
    /// `probe:`.
    pub struct ProbeOptions in "probe" {
        /// Whether `check` runs the prober.
        "enabled" => enabled: bool = true, Kind::Bool;
        /// Paths probed as exposed files, besides the built-in list.
        "exposed-files" => exposed_files: Vec<String> = Vec::new(), Kind::UrlPaths;
        /// Hosts production bundles must not reference (staging APIs).
        "staging-hosts" => staging_hosts: Vec<String> = Vec::new(), Kind::Hosts;
    }
    by_hand {
        /// The live deployments to probe.
        "targets" => targets: Vec<Target> = Vec::new(), Kind::List(&Target::SECTION);
        /// Certificates.
        "tls" => tls: TlsOptions = TlsOptions::default(), Kind::Section(&TlsOptions::SECTION);
        /// Cross-origin calls.
        "cors" => cors: CorsOptions = CorsOptions::default(), Kind::Section(&CorsOptions::SECTION);
        /// The domains whose email authentication is checked.
        "email" => email: EmailOptions = EmailOptions::default(), Kind::Section(&EmailOptions::SECTION);
        /// DNS hygiene: hosts that must not resolve, dangling CNAMEs, CAA.
        "dns" => dns: DnsOptions = DnsOptions::default(), Kind::Section(&DnsOptions::SECTION);
        /// The CDN or WAF in front, and the health route.
        "front-door" => front_door: FrontDoorOptions = FrontDoorOptions::default(), Kind::Section(&FrontDoorOptions::SECTION);
        /// Request limits.
        "limits" => limits: Limits = Limits::default(), Kind::Section(&Limits::SECTION);
    }
}

impl ProbeOptions {
    /// The documented defaults with these targets.
    pub fn with_targets(targets: Vec<Target>) -> ProbeOptions {
        ProbeOptions {
            targets,
            ..ProbeOptions::default()
        }
    }
}

crate::options! {
    /// `probe.tls`.
    pub struct TlsOptions in "probe.tls" {
        /// A PEM file of CA certificates trusted besides the public roots, relative to the policy file (also `--ca-cert`).
        "ca-file" => ca_file: Option<PathBuf> = None, Kind::File;
        /// A certificate expiring within this many days fails.
        "expiry-fail-days" => expiry_fail_days: u32 = 14, Kind::Count { min: 0, max: 3650 };
        /// A certificate expiring within this many days warns.
        "expiry-warn-days" => expiry_warn_days: u32 = 30, Kind::Count { min: 0, max: 3650 };
        /// The Mozilla server-side TLS configuration every target must keep to: protocols, cipher suites and key exchange outside it are findings.
        "profile" => profile: TlsProfile = TlsProfile::Intermediate, Kind::Choice(&["modern", "intermediate", "old"]);
    }
}

/// `probe.tls.profile`: one of Mozilla's server-side TLS configurations
/// (<https://wiki.mozilla.org/Security/Server_Side_TLS>).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TlsProfile {
    /// TLS 1.3 only.
    Modern,
    /// TLS 1.2 with forward-secret AEAD suites, and TLS 1.3.
    #[default]
    Intermediate,
    /// Down to TLS 1.0, static RSA and 3DES, for very old clients.
    Old,
}

impl TlsProfile {
    /// Its name in the policy.
    pub fn name(self) -> &'static str {
        match self {
            TlsProfile::Modern => "modern",
            TlsProfile::Intermediate => "intermediate",
            TlsProfile::Old => "old",
        }
    }
}

impl OptionValue for TlsProfile {
    fn from_value(v: Value) -> Option<Self> {
        [
            TlsProfile::Modern,
            TlsProfile::Intermediate,
            TlsProfile::Old,
        ]
        .into_iter()
        .find(|p| matches!(&v, Value::Text(s) if s == p.name()))
    }
    fn to_value(&self) -> Value {
        Value::Text(self.name().to_owned())
    }
}

crate::options! {
    /// `probe.cors`.
    pub struct CorsOptions in "probe.cors" {
        /// Exact origins allowed to make credentialed cross-origin calls.
        "allowed-origins" => allowed_origins: Vec<String> = Vec::new(), Kind::Origins;
    }
}

/// `probe.email.spf-all`: how an SPF record must end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SpfAll {
    /// `-all` only.
    Fail,
    /// `~all` is accepted too.
    #[default]
    Softfail,
}

impl OptionValue for SpfAll {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Text(s) if s == "fail" => Some(SpfAll::Fail),
            Value::Text(s) if s == "softfail" => Some(SpfAll::Softfail),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::Text(
            match self {
                SpfAll::Fail => "fail",
                SpfAll::Softfail => "softfail",
            }
            .to_owned(),
        )
    }
}

/// A domain whose email authentication is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// The domain, lowercased.
    pub name: String,
    /// The policy line that names it.
    pub anchor: PolicyAnchor,
}

crate::options! {
    /// `probe.email`.
    pub struct EmailOptions in "probe.email" {
        /// DKIM selectors looked up on each domain.
        "dkim-selectors" => dkim_selectors: Vec<String> = Vec::new(), Kind::Strings;
        /// The weakest acceptable DMARC policy.
        "dmarc-min-policy" => dmarc_min_policy: DmarcPolicy = DmarcPolicy::Quarantine, Kind::Choice(&["none", "quarantine", "reject"]);
        /// `fail`: SPF must end in `-all`; `softfail`: `~all` is accepted.
        "spf-all" => spf_all: SpfAll = SpfAll::Softfail, Kind::Choice(&["fail", "softfail"]);
    }
    by_hand {
        /// A domain whose SPF, DKIM, DMARC, MX, MTA-STS, TLS-RPT and CAA are checked.
        "domain" => domain: Option<Domain> = None, Kind::Domain;
        /// More such domains.
        "domains" => domains: Vec<Domain> = Vec::new(), Kind::Domains;
    }
}

impl EmailOptions {
    /// Every domain checked, `domain` first.
    pub fn all_domains(&self) -> impl Iterator<Item = &Domain> {
        self.domain.iter().chain(&self.domains)
    }
}

crate::options! {
    /// `probe.dns`.
    pub struct DnsOptions in "probe.dns" {
        /// Nameservers for the domain checks: IP addresses, optionally with a port (default: the system's).
        "nameservers" => nameservers: Vec<SocketAddr> = Vec::new(), Kind::Nameservers;
        /// Hosts that must not resolve (retired staging hosts).
        "must-not-resolve" => must_not_resolve: Vec<String> = Vec::new(), Kind::Domains;
        /// More hosts whose DNS hygiene (dangling CNAMEs, CAA) is checked, besides the targets' hosts.
        "hosts" => hosts: Vec<String> = Vec::new(), Kind::Domains;
    }
    not_keys {
        /// Where `probe.dns` is declared (the anchor of its findings).
        anchor: Option<PolicyAnchor> = None;
    }
}

crate::options! {
    /// `probe.front-door`.
    pub struct FrontDoorOptions in "probe.front-door" {
        /// Fail when no CDN or WAF headers are seen.
        "require-cdn" => require_cdn: bool = false, Kind::Bool;
        /// A health route slower than this fails.
        "health-max" => health_max: Duration = Duration::from_secs(2), Kind::Duration { max_secs: 600 };
    }
}

crate::options! {
    /// `probe.limits`: what one run may send.
    #[derive(Copy)]
    pub struct Limits in "probe.limits" {
        /// Per request: connect, headers and body together (a target gets six).
        "timeout" => timeout: Duration = Duration::from_secs(10), Kind::Duration { max_secs: 60 };
        /// Requests per target (the API checks have their own, from their counts).
        "max-requests" => max_requests: u32 = 200, Kind::Count { min: 20, max: 10_000 };
        /// Requests per run, all targets and API checks together.
        "max-total-requests" => max_total_requests: u32 = 5_000, Kind::Count { min: 20, max: 1_000_000 };
        /// Bytes read from a script or source map.
        "max-body" => max_body: u64 = 5 << 20, Kind::Size { max: 64 << 20 };
        /// Bytes read from a page (script tags past it are not seen; a page cut short is noted).
        "max-page-body" => max_page_body: u64 = 512 << 10, Kind::Size { max: 16 << 20 };
        /// Same-site scripts fetched per target.
        "max-scripts" => max_scripts: u32 = 20, Kind::Count { min: 0, max: 500 };
        /// Redirects followed per chain.
        "max-redirects" => max_redirects: u32 = 10, Kind::Count { min: 1, max: 50 };
    }
}

crate::options! {
    /// `probe.targets[]`: a live deployment.
    pub struct Target in "probe.targets[]" {
        /// Short name used in reports (unique).
        "name" => name: String = String::new(), Kind::NonEmpty;
        /// Base URL; credentials never go in it.
        "url" => url: String = String::new(), Kind::Url;
        /// Pages fetched besides the base URL (paths or URLs).
        "pages" => pages: Vec<String> = Vec::new(), Kind::Strings;
        /// The plain-HTTP entry whose redirect to HTTPS is checked (default: the URL with `http://`, on port 80).
        "http-url" => http_url: Option<String> = None, Kind::HttpUrl;
        /// The one host the site must end on (`www.example.com` or the apex).
        "canonical-host" => canonical_host: Option<String> = None, Kind::Host;
        /// A route that must answer 2xx within `front-door.health-max`.
        "health" => health: Option<String> = None, Kind::NonEmpty;
    }
    by_hand {
        /// API behaviour checks: auth matrix, rate limits, input validation, latency.
        "api" => api: Option<Api> = None, Kind::Section(&Api::SECTION);
    }
    not_keys {
        /// Where it is declared (probe findings are anchored here).
        anchor: PolicyAnchor = no_anchor();
    }
}

impl Target {
    /// A target with only a name, a URL and an anchor.
    pub fn new(name: &str, url: &str, anchor: PolicyAnchor) -> Target {
        Target {
            name: name.to_owned(),
            url: url.to_owned(),
            anchor,
            ..Target::default()
        }
    }
}

crate::options! {
    /// A target's `api:`.
    pub struct Api in "probe.targets[].api" {
    }
    by_hand {
        /// Named credentials; their values come from the environment only.
        "credentials" => credentials: Vec<Credential> = Vec::new(), Kind::Map(&Credential::SECTION);
        /// Routes that must refuse missing, garbage, expired and other tenants' credentials.
        "private-routes" => private_routes: Vec<PrivateRoute> = Vec::new(), Kind::Routes { section: &PrivateRoute::SECTION, methods: Method::ALL };
        /// Routes that must start refusing a burst (login, reset, signup, invite).
        "rate-limit" => rate_limit: Vec<RateLimitRoute> = Vec::new(), Kind::Routes { section: &RateLimitRoute::SECTION, methods: &[Method::Get, Method::Post] };
        /// Write routes that must reject malformed, mistyped and oversized input.
        "input-validation" => input_validation: Vec<InputRoute> = Vec::new(), Kind::Routes { section: &InputRoute::SECTION, methods: &[Method::Post, Method::Put, Method::Patch] };
        /// The latency budget of core read routes.
        "latency" => latency: Option<Latency> = None, Kind::Section(&Latency::SECTION);
    }
}

impl Api {
    /// The credential named `name`.
    pub fn credential(&self, name: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.name == name)
    }
}

crate::options! {
    /// `api.credentials.<name>`: where a credential goes and which environment variable holds it.
    pub struct Credential in "probe.targets[].api.credentials.<name>" {
        /// The header it goes in (default `Authorization`, unless `cookie` is set).
        "header" => header: Option<String> = None, Kind::NonEmpty;
        /// The cookie it goes in, for cookie-style sessions.
        "cookie" => cookie: Option<String> = None, Kind::NonEmpty;
        /// Prepended to the value (`Bearer `).
        "prefix" => prefix: String = String::new(), Kind::Text;
        /// The environment variable holding the value (required; the value never goes in the policy).
        "env" => env: String = String::new(), Kind::EnvName;
        /// An expired token, which every route must refuse.
        "expired" => expired: bool = false, Kind::Bool;
    }
    not_keys {
        /// Its name (`tenant-a`).
        name: String = String::new();
        /// Where it is declared.
        anchor: PolicyAnchor = no_anchor();
    }
}

crate::options! {
    /// `api.private-routes[]`: a route of the auth matrix.
    pub struct PrivateRoute in "probe.targets[].api.private-routes[]" {
        /// Calling this mutating route is harmless (required for anything but GET, HEAD, OPTIONS).
        "safe" => safe: bool = false, Kind::Bool;
    }
    by_hand {
        /// The credential that owns the resource (default: the first valid one).
        "owner" => owner: Option<String> = None, Kind::Special("the name of a valid credential");
    }
    not_keys {
        /// The route.
        route: Route = Route::default();
        /// Where it is declared.
        anchor: PolicyAnchor = no_anchor();
    }
}

crate::options! {
    /// `api.rate-limit[]`: a route called up to `burst` times in a row until it starts refusing.
    pub struct RateLimitRoute in "probe.targets[].api.rate-limit[]" {
        /// The harmless body sent each time (a wrong password for a probe account).
        "body" => body: Option<String> = None, Kind::Body;
        /// Its content type (default: JSON when the body parses as JSON, else a form).
        "content-type" => content_type: Option<String> = None, Kind::NonEmpty;
        /// Requests sent at most.
        "burst" => burst: u32 = 30, Kind::Count { min: 1, max: MAX_BURST };
        /// Limiting must begin by this request (default: `burst`).
        "limit-within" => limit_within: Option<u32> = None, Kind::Count { min: 1, max: MAX_BURST };
        /// The body for an account that does not exist (default: `body` with its email or user name replaced by a random one).
        "unknown-body" => unknown_body: Option<String> = None, Kind::Body;
    }
    by_hand {
        /// The credential to call it with.
        "as" => as_credential: Option<String> = None, Kind::Special("the name of a valid credential");
        /// Compare a known and an unknown account's answers first (default: on for login and reset routes with a body).
        "enumeration" => enumeration: bool = false, Kind::Bool;
    }
    not_keys {
        /// The route.
        route: Route = Route::default();
        /// Where it is declared.
        anchor: PolicyAnchor = no_anchor();
    }
}

impl RateLimitRoute {
    /// The request by which limiting must begin.
    pub fn limit_within(&self) -> u32 {
        self.limit_within.unwrap_or(self.burst)
    }
}

crate::options! {
    /// `api.input-validation[]`: a write route sent malformed, mistyped and oversized bodies.
    pub struct InputRoute in "probe.targets[].api.input-validation[]" {
        /// A valid example body (a JSON object) the cases are made from.
        "body" => body: Option<String> = None, Kind::JsonObject;
        /// The route's body limit; the oversized case sends 1 MiB more.
        "max-body" => max_body: u64 = 1 << 20, Kind::Size { max: 64 << 20 };
    }
    by_hand {
        /// The credential to call it with.
        "as" => as_credential: Option<String> = None, Kind::Special("the name of a valid credential");
    }
    not_keys {
        /// The route.
        route: Route = Route::default();
        /// Where it is declared.
        anchor: PolicyAnchor = no_anchor();
    }
}

crate::options! {
    /// `api.latency`: how core read routes are measured.
    pub struct Latency in "probe.targets[].api.latency" {
        /// Read routes measured (`GET /api/feed`).
        "routes" => routes: Vec<String> = Vec::new(), Kind::ReadRoutes;
        /// The budget for p95, in milliseconds.
        "p95-ms" => p95_ms: u32 = 500, Kind::Count { min: 1, max: 600_000 };
        /// Measured requests per route.
        "requests" => requests: u32 = 200, Kind::Count { min: 20, max: 10_000 };
        /// Requests in flight.
        "concurrency" => concurrency: u32 = 10, Kind::Count { min: 1, max: 100 };
        /// Unmeasured requests first.
        "warmup" => warmup: u32 = 10, Kind::Count { min: 0, max: 1_000 };
        /// Failed requests allowed, in percent.
        "max-error-rate" => max_error_rate: f64 = 1.0, Kind::Percent;
        /// Requests per second at a fixed rate (open loop, corrected for coordinated omission; default: a closed loop of `concurrency` workers).
        "rate" => rate: Option<u32> = None, Kind::Count { min: 1, max: 10_000 };
    }
    by_hand {
        /// The credential to call them with.
        "as" => as_credential: Option<String> = None, Kind::Special("the name of a valid credential");
    }
    not_keys {
        /// Where it is declared.
        anchor: PolicyAnchor = no_anchor();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    /// Each declaration agrees with its struct (defaults, choices, docs).
    #[test]
    fn every_declaration_agrees_with_its_struct() {
        fn check<T: Options + std::fmt::Debug + PartialEq>() {
            if let Err(e) = crate::options::verify::<T>() {
                panic!("{e}");
            }
        }
        check::<Limits>();
        check::<TlsOptions>();
        check::<EmailOptions>();
        check::<DnsOptions>();
        check::<FrontDoorOptions>();
        check::<Target>();
        check::<Credential>();
        check::<RateLimitRoute>();
        check::<InputRoute>();
        check::<Latency>();
        check::<ProbeOptions>();
        check::<CorsOptions>();
        check::<Api>();
        check::<PrivateRoute>();
    }
}
