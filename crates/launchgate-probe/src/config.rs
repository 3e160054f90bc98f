//! What the prober is asked to probe: targets, their API routes and credentials, DNS settings,
//! limits. Plain data, built by the CLI from the policy.

use std::net::IpAddr;
use std::time::Duration;

use launchgate_core::{PolicyAnchor, Redacted};

/// A live deployment to probe, as declared in the policy.
#[derive(Debug, Clone)]
pub struct ProbeTarget {
    /// Short name used in reports.
    pub name: String,
    /// Base URL.
    pub url: String,
    /// Extra pages to fetch (paths or URLs), besides the base URL.
    pub pages: Vec<String>,
    /// The plain-HTTP URL whose redirect to HTTPS is checked (default: the base URL with
    /// `http://`, when it uses the default port).
    pub http_url: Option<String>,
    /// The one host the site should end up on (`www.example.com` or the apex).
    pub canonical_host: Option<String>,
    /// A route that must answer 2xx quickly.
    pub health: Option<String>,
    /// API behaviour checks (the auth matrix).
    pub api: Option<ApiConfig>,
    /// The policy line that declared it (probe findings are anchored there).
    pub origin: PolicyAnchor,
}

/// A target's API checks.
#[derive(Debug, Clone, Default)]
pub struct ApiConfig {
    /// Credentials, with their values read from the environment.
    pub credentials: Vec<ApiCredential>,
    /// Routes of the auth matrix.
    pub private_routes: Vec<ApiRoute>,
    /// Routes that must start refusing a burst.
    pub rate_limit: Vec<ApiRateLimit>,
    /// Write routes sent malformed, mistyped and oversized bodies.
    pub input_validation: Vec<ApiInput>,
    /// The latency budget of core read routes.
    pub latency: Option<ApiLatency>,
}

/// An API route: its method, its path template as the policy wrote it, and the path called
/// (the template with its parameters filled in).
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// `GET`, `POST`, …
    pub method: String,
    /// `/api/orgs/{org}/members`.
    pub template: String,
    /// `/api/orgs/1/members`.
    pub path: String,
}

impl Endpoint {
    /// The route with `params` filled into `template`'s `{placeholders}`.
    pub fn new(method: &str, template: &str, params: &[(String, String)]) -> Endpoint {
        let mut path = template.to_owned();
        for (k, v) in params {
            path = path.replace(&format!("{{{k}}}"), v);
        }
        Endpoint {
            method: method.to_owned(),
            template: template.to_owned(),
            path,
        }
    }

    /// `GET /api/orgs/{org}/members`, as reports name it.
    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    /// The URL called on `origin`.
    pub(crate) fn url(&self, origin: &str) -> String {
        format!("{origin}{}", self.path)
    }

    /// The method for the HTTP client.
    pub(crate) fn http_method(&self) -> reqwest::Method {
        reqwest::Method::from_bytes(self.method.as_bytes()).unwrap_or(reqwest::Method::GET)
    }
}

/// A route that must start refusing a burst of requests (login, password reset, signup…).
#[derive(Debug, Clone)]
pub struct ApiRateLimit {
    /// The route.
    pub endpoint: Endpoint,
    /// The harmless body sent each time.
    pub body: Option<String>,
    /// Its content type (none: JSON when the body parses as JSON, else a form).
    pub content_type: Option<String>,
    /// The credential to call it with.
    pub credential: Option<ApiCredential>,
    /// Requests sent at most.
    pub burst: u32,
    /// Limiting must begin by this request.
    pub limit_within: u32,
    /// Compare a known and an unknown account's answers first.
    pub enumeration: bool,
    /// The unknown account's body (none: derived from `body`).
    pub unknown_body: Option<String>,
}

/// A write route whose input validation is tested.
#[derive(Debug, Clone)]
pub struct ApiInput {
    /// The route.
    pub endpoint: Endpoint,
    /// A valid example body (a JSON object).
    pub body: Option<String>,
    /// The credential to call it with.
    pub credential: Option<ApiCredential>,
    /// The route's body limit.
    pub max_body: u64,
}

/// How core read routes are measured.
#[derive(Debug, Clone)]
pub struct ApiLatency {
    /// Paths, called with GET.
    pub routes: Vec<String>,
    /// The p95 budget in milliseconds.
    pub p95_ms: u64,
    /// Measured requests per route.
    pub requests: u32,
    /// Requests in flight.
    pub concurrency: u32,
    /// Unmeasured requests first.
    pub warmup: u32,
    /// The credential to call them with.
    pub credential: Option<ApiCredential>,
    /// Failed requests allowed, in percent.
    pub max_error_rate: f64,
    /// Requests per second at a fixed rate (none: a closed loop of `concurrency` workers).
    pub rate: Option<u32>,
}

/// A credential value: never shown, logged or serialized.
#[derive(Clone)]
pub struct SecretValue(pub String);

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("«redacted»")
    }
}

/// A credential and where it goes.
#[derive(Debug, Clone)]
pub struct ApiCredential {
    /// Its name in the policy.
    pub name: String,
    /// Header to send it in (or none for a cookie).
    pub header: Option<String>,
    /// Cookie to send it in.
    pub cookie: Option<String>,
    /// Prepended to the value.
    pub prefix: String,
    /// The value.
    pub value: SecretValue,
    /// An expired token.
    pub expired: bool,
}

/// A private route.
#[derive(Debug, Clone)]
pub struct ApiRoute {
    /// The route.
    pub endpoint: Endpoint,
    /// The credential that owns it (none: the first valid one).
    pub owner: Option<String>,
}

/// A domain whose email authentication is checked.
#[derive(Debug, Clone)]
pub struct DomainTarget {
    /// The domain.
    pub domain: String,
    /// The policy line that names it.
    pub origin: PolicyAnchor,
}

impl ProbeTarget {
    /// A target with only a name, a URL and an anchor: the stand-in the domain checks and the
    /// fixture runners report against.
    pub(crate) fn named(name: &str, url: &str, origin: PolicyAnchor) -> ProbeTarget {
        ProbeTarget {
            name: name.to_owned(),
            url: url.to_owned(),
            pages: Vec::new(),
            http_url: None,
            canonical_host: None,
            health: None,
            api: None,
            origin,
        }
    }
}

/// An anchor at `line:column` of launchgate.yml, for findings no policy line declared.
pub(crate) fn default_anchor(line: u32, column: u32) -> PolicyAnchor {
    PolicyAnchor {
        file: "launchgate.yml".to_owned(),
        line,
        column,
    }
}

/// Per-target limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Timeout for each request (connect, headers and body together).
    pub timeout: Duration,
    /// Requests per target, at most (the API checks have their own, from their counts).
    pub max_requests: u32,
    /// Requests per run, all targets and API checks together.
    pub max_total_requests: u32,
    /// Body bytes read from a script or source map.
    pub max_body: u64,
    /// Scripts fetched per target.
    pub max_scripts: u32,
    /// Redirects followed in one chain.
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(10),
            max_requests: 200,
            max_total_requests: 5_000,
            max_body: 5 << 20,
            max_scripts: 20,
            max_redirects: 10,
        }
    }
}

/// What to probe and how.
#[derive(Debug, Clone, Default)]
pub struct ProbeConfig {
    /// The targets.
    pub targets: Vec<ProbeTarget>,
    /// Extra trusted CA certificates (PEM), for internal staging.
    pub ca_pem: Option<Vec<u8>>,
    /// A certificate expiring within this many days fails.
    pub expiry_fail_days: u32,
    /// A certificate expiring within this many days warns.
    pub expiry_warn_days: u32,
    /// Origins allowed to call with credentials.
    pub cors_allowed_origins: Vec<String>,
    /// Paths probed as exposed files, besides the built-in list.
    pub exposed_files: Vec<String>,
    /// Hosts that must not appear in production bundles (staging APIs).
    pub staging_hosts: Vec<String>,
    /// Fail when no CDN or WAF fronts the target.
    pub require_cdn: bool,
    /// A health route slower than this fails.
    pub health_max: Duration,
    /// Host-name overrides (`--resolve`).
    pub resolve: Vec<(String, IpAddr)>,
    /// Domains whose email authentication is checked.
    pub domains: Vec<DomainTarget>,
    /// DKIM selectors to look up on each domain.
    pub dkim_selectors: Vec<String>,
    /// The weakest acceptable DMARC policy (`none`, `quarantine`, `reject`).
    pub dmarc_min_policy: launchgate_core::DmarcPolicy,
    /// Require SPF `-all` (not `~all`).
    pub spf_require_fail: bool,
    /// Nameservers for the domain checks (empty: the system's).
    pub nameservers: Vec<std::net::SocketAddr>,
    /// Hosts that must not resolve, and the policy line that lists them.
    pub must_not_resolve: Vec<String>,
    /// Where `probe.dns` is declared (anchor of must-not-resolve findings).
    pub dns_origin: Option<PolicyAnchor>,
    /// More hosts whose DNS hygiene is checked (`probe.dns.hosts`).
    pub dns_hosts: Vec<String>,
    /// Request limits.
    pub limits: Limits,
}

impl ProbeConfig {
    /// The documented defaults with these targets.
    pub fn with_targets(targets: Vec<ProbeTarget>) -> Self {
        ProbeConfig {
            targets,
            expiry_fail_days: 14,
            expiry_warn_days: 30,
            dmarc_min_policy: launchgate_core::DmarcPolicy::Quarantine,
            health_max: Duration::from_secs(2),
            ..Default::default()
        }
    }
}

/// A secret found in a response body by the repository scanner's rules.
#[derive(Debug, Clone)]
pub struct BodySecret {
    /// The secret rule's id.
    pub rule: String,
    /// Its name.
    pub rule_name: String,
    /// 1-based line and column in the body.
    pub line: u32,
    /// Column.
    pub column: u32,
    /// Redacted evidence.
    pub evidence: Redacted,
    /// The rule's severity (a publishable key rule is low, a live secret key critical).
    pub severity: launchgate_core::Severity,
}

/// The repository scanner's rules, lent to the prober for scripts and error pages (the two
/// engines do not depend on each other; the CLI wires them).
pub trait BodyScanner: Sync {
    /// Secrets in `body`, named `name` in messages.
    fn scan(&self, name: &str, body: &[u8]) -> Vec<BodySecret>;
}
