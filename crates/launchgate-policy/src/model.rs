//! The validated policy: what `launchgate.yml` (after `extends`) asks the gate to do.

use std::collections::BTreeMap;

use globset::GlobMatcher;
use jiff::civil::Date;
use launchgate_core::{Area, CheckMeta, PolicyAnchor, Severity};

/// Default size cap for scanned files: larger files are skipped and listed.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;
/// `scan.bundle-max-file-size`: build output is what ships, and one SPA bundle can be 10 MB+.
pub(crate) const DEFAULT_BUNDLE_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A validated policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The files that make up this policy, the user's own first.
    pub sources: Vec<String>,
    /// Findings at or above this severity and confidence fail the gate.
    pub fail_on: launchgate_core::FailOn,
    /// Whether files or targets that could not be checked fail the gate.
    pub fail_on_errors: bool,
    /// Whether expired or unused ignore entries fail the gate.
    pub fail_on_stale_ignores: bool,
    /// Per-check settings, by id.
    pub checks: BTreeMap<String, CheckSetting>,
    /// Exceptions.
    pub ignores: Vec<IgnoreEntry>,
    /// The repository scanner's settings.
    pub scan: ScanSection,
    /// The live prober's settings.
    pub probe: ProbeSection,
    /// Manual checklist items.
    pub attest: Vec<Attestation>,
    /// The baseline file of accepted findings, relative to the policy file.
    pub baseline: Option<std::path::PathBuf>,
}

impl Policy {
    /// Whether the policy leaves a check on. Checks are on unless the policy turns them off.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.checks.get(id).is_none_or(|c| c.enabled)
    }

    /// The severity findings of `meta` get under this policy.
    pub fn severity_for(&self, meta: &CheckMeta) -> Severity {
        self.checks
            .get(&meta.id)
            .and_then(|c| c.severity)
            .unwrap_or(meta.default_severity)
    }
}

/// One entry under `checks:`.
#[derive(Debug, Clone)]
pub struct CheckSetting {
    /// On or off.
    pub enabled: bool,
    /// Severity override.
    pub severity: Option<Severity>,
    /// Where it is set.
    pub origin: PolicyAnchor,
}

/// One entry under `ignore:`. Every selector given must match.
#[derive(Debug, Clone)]
pub struct IgnoreEntry {
    /// Check ids this entry applies to (empty: any check).
    pub checks: Vec<String>,
    /// Path glob, matched against repository-relative paths.
    pub path: Option<PathGlob>,
    /// A probe target: its `name` in `probe.targets`, or a URL prefix / host its findings are at.
    pub target: Option<String>,
    /// Exact fingerprint.
    pub fingerprint: Option<String>,
    /// Why this is acceptable. Required.
    pub reason: String,
    /// After this date the entry stops applying and warns.
    pub expires: Option<Date>,
    /// The secret was revoked on this date: the entry then applies only where the secret is in
    /// history alone (a rotated key still in the checked-out files is still a finding).
    pub rotated: Option<Date>,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// A compiled path glob with its text.
#[derive(Debug, Clone)]
pub struct PathGlob {
    /// The glob as written.
    pub text: String,
    pub(crate) matcher: GlobMatcher,
}

impl PathGlob {
    /// Whether the repository-relative path matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.matcher.is_match(path)
    }
}

/// `scan:` settings.
#[derive(Debug, Clone)]
pub struct ScanSection {
    /// Whether `check` runs the scanner.
    pub enabled: bool,
    /// Only paths matching one of these globs are scanned (empty: everything).
    pub include: Vec<String>,
    /// Paths matching these globs are not scanned.
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are skipped and listed.
    pub max_file_size: u64,
    /// Files in build output (`bundles`) larger than this are skipped and listed.
    pub bundle_max_file_size: u64,
    /// Whether `.gitignore` rules are honoured.
    pub gitignore: bool,
    /// Whether git history is scanned too (inside a git repository).
    pub history: bool,
    /// Scan only what `since..HEAD` introduced (pull-request mode).
    pub since: Option<String>,
    /// Which refs' history the verdict judges.
    pub refs: Refs,
    /// Build-output directories (globs); `None` means the scanner's defaults.
    pub bundles: Option<Vec<String>>,
    /// gitleaks-format TOML rule files to load besides the built-in rules, relative to the
    /// policy file.
    pub rule_imports: Vec<std::path::PathBuf>,
}

impl Default for ScanSection {
    fn default() -> Self {
        ScanSection {
            enabled: true,
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            bundle_max_file_size: DEFAULT_BUNDLE_MAX_FILE_SIZE,
            gitignore: true,
            history: true,
            since: None,
            refs: Refs::Head,
            bundles: None,
            rule_imports: Vec::new(),
        }
    }
}

/// `scan.refs`: which refs' history the verdict judges. Every ref is scanned either way, so a
/// secret on another branch is always reported; `head` just does not fail this branch's gate
/// for it (a deploy gate on `main` judges what `main` ships), `all` does (a nightly leak scan).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Refs {
    /// What the checked-out branch (HEAD) reaches.
    #[default]
    Head,
    /// Every branch, remote branch, tag and stash.
    All,
}

impl Refs {
    /// Every value, as written in a policy.
    pub const ALL: [Refs; 2] = [Refs::Head, Refs::All];

    /// The policy spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Refs::Head => "head",
            Refs::All => "all",
        }
    }
}

impl std::str::FromStr for Refs {
    type Err = String;
    fn from_str(s: &str) -> Result<Refs, String> {
        Refs::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("expected `head` or `all`, got `{s}`"))
    }
}

/// `probe:` settings.
#[derive(Debug, Clone)]
pub struct ProbeSection {
    /// Whether `check` runs the prober.
    pub enabled: bool,
    /// Live targets.
    pub targets: Vec<Target>,
    /// Extra CA certificates (PEM file), relative to the policy file.
    pub ca_file: Option<std::path::PathBuf>,
    /// A certificate expiring within this many days fails.
    pub expiry_fail_days: u32,
    /// A certificate expiring within this many days warns.
    pub expiry_warn_days: u32,
    /// Origins allowed to make credentialed cross-origin calls.
    pub cors_allowed_origins: Vec<String>,
    /// Paths probed as exposed files, besides the built-in list.
    pub exposed_files: Vec<String>,
    /// Hosts production bundles must not reference.
    pub staging_hosts: Vec<String>,
    /// Fail when no CDN or WAF fronts a target.
    pub require_cdn: bool,
    /// Slowest acceptable health route.
    pub health_max: std::time::Duration,
    /// Per-request timeout.
    pub timeout: std::time::Duration,
    /// Requests per target.
    pub max_requests: u32,
    /// Requests per run, all targets and API checks together.
    pub max_total_requests: u32,
    /// Bytes read from a script or source map.
    pub max_body: u64,
    /// Scripts fetched per target.
    pub max_scripts: u32,
    /// Redirects followed per chain.
    pub max_redirects: u32,
    /// Domains whose email authentication is checked, with the line naming each.
    pub email_domains: Vec<(String, PolicyAnchor)>,
    /// DKIM selectors looked up on each domain.
    pub dkim_selectors: Vec<String>,
    /// The weakest acceptable DMARC policy.
    pub dmarc_min_policy: launchgate_core::DmarcPolicy,
    /// SPF must end in `-all` (`spf-all: fail`), not `~all`.
    pub spf_require_fail: bool,
    /// Nameservers for domain checks (empty: the system's).
    pub nameservers: Vec<std::net::SocketAddr>,
    /// Hosts that must not resolve.
    pub must_not_resolve: Vec<String>,
    /// More hosts whose DNS hygiene (dangling CNAMEs, CAA) is checked.
    pub dns_hosts: Vec<String>,
    /// Where `probe.dns` is declared.
    pub dns_origin: Option<PolicyAnchor>,
}

impl Default for ProbeSection {
    fn default() -> Self {
        ProbeSection {
            enabled: true,
            targets: Vec::new(),
            ca_file: None,
            expiry_fail_days: 14,
            expiry_warn_days: 30,
            cors_allowed_origins: Vec::new(),
            exposed_files: Vec::new(),
            staging_hosts: Vec::new(),
            require_cdn: false,
            health_max: std::time::Duration::from_secs(2),
            timeout: std::time::Duration::from_secs(10),
            max_requests: 200,
            max_total_requests: 5_000,
            max_body: 5 << 20,
            max_scripts: 20,
            max_redirects: 10,
            email_domains: Vec::new(),
            dkim_selectors: Vec::new(),
            dmarc_min_policy: launchgate_core::DmarcPolicy::Quarantine,
            spf_require_fail: false,
            nameservers: Vec::new(),
            must_not_resolve: Vec::new(),
            dns_hosts: Vec::new(),
            dns_origin: None,
        }
    }
}

/// A live deployment to probe.
#[derive(Debug, Clone)]
pub struct Target {
    /// Short name used in reports.
    pub name: String,
    /// Base URL.
    pub url: String,
    /// Extra pages (paths or URLs).
    pub pages: Vec<String>,
    /// The plain-HTTP entry whose redirect is checked.
    pub http_url: Option<String>,
    /// The one host the site should end on.
    pub canonical_host: Option<String>,
    /// A route that must answer 2xx quickly.
    pub health: Option<String>,
    /// API behaviour checks (auth matrix…).
    pub api: Option<ApiSpec>,
    /// Where it is declared (probe findings are anchored here).
    pub origin: PolicyAnchor,
}

/// `api:` of a target.
#[derive(Debug, Clone, Default)]
pub struct ApiSpec {
    /// Named credentials; their values come from the environment only.
    pub credentials: Vec<Credential>,
    /// Routes that must refuse missing, garbage, expired and foreign credentials.
    pub private_routes: Vec<PrivateRoute>,
    /// Routes that must start refusing a burst (login, reset, signup…).
    pub rate_limit: Vec<RateLimitRoute>,
    /// Write routes that must reject malformed and oversized input.
    pub input_validation: Vec<InputRoute>,
    /// The latency budget of core read routes.
    pub latency: Option<LatencySpec>,
}

/// `api.rate-limit[]`: a route called up to `burst` times in a row until it starts refusing.
#[derive(Debug, Clone)]
pub struct RateLimitRoute {
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Values for the template's parameters.
    pub params: Vec<(String, String)>,
    /// The harmless body sent each time (a wrong password for a probe account).
    pub body: Option<String>,
    /// Its content type (default: JSON when the body parses as JSON, else a form).
    pub content_type: Option<String>,
    /// The credential to call it with.
    pub as_credential: Option<String>,
    /// Requests sent at most (default 30, at most 200).
    pub burst: u32,
    /// Limiting must begin by this request (default: `burst`).
    pub limit_within: Option<u32>,
    /// Compare a known and an unknown account's answers (default on for login and reset
    /// routes that have a body).
    pub enumeration: bool,
    /// The body for an account that does not exist (default: `body` with its email or user
    /// name replaced by a random one).
    pub unknown_body: Option<String>,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// `api.input-validation[]`: a write route sent malformed, mistyped and oversized bodies.
#[derive(Debug, Clone)]
pub struct InputRoute {
    /// `POST`, `PUT` or `PATCH`.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Values for the template's parameters.
    pub params: Vec<(String, String)>,
    /// A valid example body (a JSON object) the cases are made from.
    pub body: Option<String>,
    /// The credential to call it with.
    pub as_credential: Option<String>,
    /// The route's body limit; the oversized case sends 1 MiB more.
    pub max_body: u64,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// `api.latency`.
#[derive(Debug, Clone)]
pub struct LatencySpec {
    /// Read routes (`GET /api/feed`).
    pub routes: Vec<String>,
    /// The budget for p95, in milliseconds.
    pub p95_ms: u64,
    /// Measured requests per route.
    pub requests: u32,
    /// Requests in flight.
    pub concurrency: u32,
    /// Unmeasured requests first.
    pub warmup: u32,
    /// The credential to call them with, if any.
    pub as_credential: Option<String>,
    /// Failed requests allowed, in percent.
    pub max_error_rate: f64,
    /// Requests per second at a fixed rate (open loop, corrected for coordinated omission);
    /// none: a closed loop of `concurrency` workers.
    pub rate: Option<u32>,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// A credential: where it goes and which environment variable holds it.
#[derive(Debug, Clone)]
pub struct Credential {
    /// Its name (`tenant-a`).
    pub name: String,
    /// Header name (`Authorization`), or none for a cookie.
    pub header: Option<String>,
    /// Cookie name, for cookie-style sessions.
    pub cookie: Option<String>,
    /// Prepended to the value (`Bearer `).
    pub prefix: String,
    /// The environment variable holding the value.
    pub env: String,
    /// An expired token (must be refused everywhere).
    pub expired: bool,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// A private route of the auth matrix.
#[derive(Debug, Clone)]
pub struct PrivateRoute {
    /// HTTP method.
    pub method: String,
    /// Path template (`/api/orgs/{org}/members`).
    pub path: String,
    /// The credential that owns the resource (default: the first valid credential).
    pub owner: Option<String>,
    /// Values for the template's parameters.
    pub params: Vec<(String, String)>,
    /// The policy allows calling this mutating route.
    pub safe: bool,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// A manual checklist item attested by a person.
#[derive(Debug, Clone)]
pub struct Attestation {
    /// Id, e.g. `rollback-tested`.
    pub id: String,
    /// What was checked.
    pub title: String,
    /// Scorecard area.
    pub area: Area,
    /// Who checked it.
    pub by: String,
    /// When.
    pub date: Date,
    /// Link to the evidence.
    pub evidence: String,
    /// When it must be checked again.
    pub expires: Date,
    /// Where it is declared.
    pub origin: PolicyAnchor,
}

/// Checklist items launchgate knows by id, so a policy only needs who, when, evidence and expiry.
pub const KNOWN_ATTESTATIONS: &[(&str, Area, &str)] = &[
    ("rollback-tested", Area::Deployment, "Rollback path tested"),
    (
        "backups-restored",
        Area::Deployment,
        "Backup restore tested",
    ),
    (
        "uptime-monitor",
        Area::Monitoring,
        "Uptime monitor configured",
    ),
    (
        "error-alerting",
        Area::Monitoring,
        "Error alerts reach a person",
    ),
    (
        "on-call",
        Area::Monitoring,
        "On-call owner named for launch",
    ),
    ("admin-mfa", Area::Auth, "MFA enforced on admin accounts"),
];
