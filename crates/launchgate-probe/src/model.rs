//! Observations: everything the prober saw of one target, gathered once and then read by every
//! check. Plain data with serde, so check tests run on recorded fixtures with no network.

use serde::{Deserialize, Serialize};

/// One target, as seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Observation {
    /// The target's base URL.
    pub url: String,
    /// Why nothing could be fetched (DNS, connect, TLS, timeout), when the base URL failed.
    pub unreachable: Option<String>,
    /// The TLS handshake with the target's host, for `https://` targets.
    pub tls: Option<TlsFacts>,
    /// Redirects from the base URL to its final page.
    pub chain: Option<Chain>,
    /// Redirects from the plain-`http://` form of the base URL.
    pub http_chain: Option<Chain>,
    /// Why the plain-HTTP entry was not probed (a custom port and no `http-url`).
    pub http_skipped: Option<String>,
    /// The final page of the base URL, then each extra page.
    pub pages: Vec<Exchange>,
    /// A random path that should not exist (the soft-404 baseline and an error page).
    pub not_found: Option<Exchange>,
    /// A malformed request (an invalid percent-encoding).
    pub malformed: Option<Exchange>,
    /// Cross-origin requests with chosen `Origin` headers.
    pub cors: Vec<CorsProbe>,
    /// Well-known files that must not be served.
    pub files: Vec<FileProbe>,
    /// Same-site scripts the pages load, and their source maps.
    pub scripts: Vec<Script>,
    /// The auth matrix: each private route with each kind of credential.
    pub auth: Vec<AuthCase>,
    /// Why the API checks were not run (an untrusted certificate, plain HTTP).
    pub api_skipped: Option<String>,
    /// Latency measurements of core read routes.
    pub latency: Vec<LatencyRun>,
    /// Invalid bodies sent to write routes, and the answers.
    pub input: Vec<InputCase>,
    /// A known and an unknown account on login and reset routes.
    pub enumeration: Vec<EnumerationProbe>,
    /// Bursts against routes that must be rate limited.
    pub rate_limits: Vec<RateLimitRun>,
    /// The target's health route.
    pub health: Option<Exchange>,
    /// Requests sent to this target.
    pub requests: u32,
    /// The request budget ran out, so some checks saw less than they should.
    pub budget_exhausted: bool,
    /// Limits reached and other things the checks cannot see (shown as warnings).
    pub notes: Vec<String>,
}

/// One HTTP request and what came back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Exchange {
    /// The URL requested.
    pub url: String,
    /// The status (0 when the request failed).
    pub status: u16,
    /// Response headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy), up to the body cap.
    pub body: String,
    /// Bytes received.
    pub body_bytes: u64,
    /// The body was longer than the cap.
    pub truncated: bool,
    /// Time to the full (capped) body.
    pub elapsed_ms: u64,
    /// Why the request failed.
    pub error: Option<String>,
}

impl Exchange {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (lower case).
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a response arrived.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.status != 0
    }
}

/// A redirect chain, followed by hand so each hop is seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Chain {
    /// Each response, the last one final (or where following stopped).
    pub hops: Vec<Hop>,
    /// How it ended.
    pub end: ChainEnd,
}

/// One response in a chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hop {
    /// The URL requested.
    pub url: String,
    /// Its status.
    pub status: u16,
    /// Its `Location`, resolved against `url`.
    pub location: Option<String>,
    /// Cookies it set (redirect hops often set the session).
    pub set_cookie: Vec<String>,
}

/// How following a chain ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChainEnd {
    /// A non-redirect response.
    #[default]
    Final,
    /// A URL came back a second time.
    Loop,
    /// More redirects than the cap.
    TooLong,
    /// A redirect to another site, not followed (the prober only talks to the target).
    OffSite,
    /// A request failed.
    Error(String),
}

impl Chain {
    /// The URL the chain ended on.
    pub fn final_url(&self) -> Option<&str> {
        self.hops.last().map(|h| h.url.as_str())
    }

    /// Number of redirects followed.
    pub fn redirects(&self) -> usize {
        self.hops.iter().filter(|h| h.location.is_some()).count()
    }
}

/// The TLS handshake and the chain as served.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsFacts {
    /// The host name verified.
    pub host: String,
    /// The negotiated protocol (`TLSv1_3`).
    pub version: String,
    /// The certificates as served, leaf first.
    pub chain: Vec<CertFacts>,
    /// Why the chain is not trusted for this host (none: trusted).
    pub trust_error: Option<String>,
    /// What the server accepted when offered each protocol version and cipher suite in turn
    /// (none: not scanned).
    pub scan: Option<SuiteScan>,
}

/// The protocol versions, cipher suites and key exchanges a server accepts, from hand-built
/// ClientHellos (one connection at a time, within a handshake cap and a deadline).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SuiteScan {
    /// Each version the server answered with a ServerHello at that version, oldest first.
    pub protocols: Vec<ProtocolSuites>,
    /// The smallest finite-field DH prime the server sent, in bits.
    pub dh_bits: Option<u32>,
    /// The groups the server chose for ECDHE when offered the usual ones.
    pub groups: Vec<String>,
    /// Groups under 128 bits of security the server took when offered only those.
    pub weak_groups: Vec<String>,
    /// Why the scan stopped before it was complete (handshake cap, deadline), if it did.
    pub incomplete: Option<String>,
}

/// One protocol version and the suites the server accepted under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProtocolSuites {
    /// `SSLv3`, `TLSv1.0` … `TLSv1.3`.
    pub version: String,
    /// IANA names of the suites it chose, in the order it chose them.
    pub suites: Vec<String>,
}

/// One certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CertFacts {
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Validity start, Unix seconds.
    pub not_before: i64,
    /// Validity end, Unix seconds.
    pub not_after: i64,
    /// `RSA`, `EC`, `Ed25519`, or the algorithm's OID.
    pub key_algorithm: String,
    /// Key size in bits (RSA modulus, EC field).
    pub key_bits: u32,
    /// DNS names it covers.
    pub dns_names: Vec<String>,
    /// A CA certificate.
    pub is_ca: bool,
}

/// A cross-origin request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsProbe {
    /// The `Origin` sent.
    pub origin: String,
    /// What the origin is (`attacker`, `null`, `suffix`, `prefix`, `downgrade`, `subdomain`,
    /// `allowed`).
    pub kind: String,
    /// `GET` or a preflight `OPTIONS`.
    pub method: String,
    /// The response.
    pub response: Exchange,
}

/// One route's latency measurement (closed loop: `concurrency` workers, each sending its next
/// request when the previous answer is complete).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LatencyRun {
    /// `GET /api/feed`.
    pub route: String,
    /// The URL called (its findings are located there).
    pub url: String,
    /// Requests measured.
    pub requests: u32,
    /// Requests that failed or answered 5xx.
    pub errors: u32,
    /// Percentiles of the successful requests, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile.
    pub p95_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
    /// Counts per latency band (log-spaced), for the terminal's small histogram.
    pub bands: Vec<u64>,
    /// Requests per second when run at a fixed rate (open loop; each latency is measured from
    /// the request's scheduled start, which corrects for coordinated omission).
    pub rate: Option<u32>,
}

/// One invalid body sent to a write route.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputCase {
    /// `POST /api/posts`.
    pub route: String,
    /// `malformed-json`, `wrong-types`, `oversized` or `huge-string`.
    pub case: String,
    /// Body bytes sent.
    pub sent_bytes: u64,
    /// The answer (body capped small).
    pub response: Exchange,
}

/// The same route asked about an account that exists and one that does not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnumerationProbe {
    /// `POST /api/login`.
    pub route: String,
    /// The URL called (its findings are located there).
    pub url: String,
    /// The account named in the policy's body (not secret: a probe account).
    pub known_account: String,
    /// A random account that does not exist.
    pub unknown_account: String,
    /// The answer for the known account.
    pub known: Exchange,
    /// The answer for the unknown account.
    pub unknown: Exchange,
    /// Why the comparison was not made (no account field in the body).
    pub skipped: Option<String>,
}

/// A bounded burst against one route.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitRun {
    /// `POST /api/login`.
    pub route: String,
    /// The URL called (its findings are located there).
    pub url: String,
    /// The most requests the burst could send.
    pub burst: u32,
    /// Limiting had to begin by this request.
    pub limit_within: u32,
    /// Requests sent to the route (the enumeration pair included).
    pub sent: u32,
    /// The request at which limiting began (1-based), if it did.
    pub limited_at: Option<u32>,
    /// What showed it (`429`, `503 with Retry-After`, `403 from a WAF`).
    pub signal: Option<String>,
    /// The `Retry-After` that came with it.
    pub retry_after: Option<String>,
    /// Answers by status (0: the request failed), in order of first appearance.
    pub statuses: Vec<(u16, u32)>,
    /// A limit the route advertises (`RateLimit-Limit`, `X-RateLimit-Limit`, `RateLimit-Policy`).
    pub advertised: Option<String>,
    /// Why the burst stopped before it could judge (errors, the budget).
    pub stopped: Option<String>,
}

impl Eq for LatencyRun {}

/// One cell of the auth matrix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthCase {
    /// `GET /api/orgs/{org}/members`.
    pub route: String,
    /// The URL called (its findings are located there).
    pub url: String,
    /// `none`, `garbage`, `expired`, `foreign` or `owner`.
    pub case: String,
    /// The credential used (its policy name), if any.
    pub credential: Option<String>,
    /// The status (0 when the request failed).
    pub status: u16,
    /// Why the request failed.
    pub error: Option<String>,
}

/// A well-known path that must not be served.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileProbe {
    /// The path asked for.
    pub path: String,
    /// The response (body capped small).
    pub response: Exchange,
}

/// A script a page loads (or a source map).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Script {
    /// The page that loads it, or the script a map belongs to.
    pub from: String,
    /// A source map rather than a script.
    pub is_map: bool,
    /// The response, with the body up to the script cap.
    pub response: Exchange,
}
