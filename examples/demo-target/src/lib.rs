//! A small web app to point launchgate's prober at: HTTPS on 127.0.0.1 with a certificate from
//! a throwaway CA, a plain-HTTP listener that redirects, and a set of switchable
//! misconfigurations, each one a thing the prober must find. Configured well (no
//! misconfigurations), it must pass every web check.
//!
//! Used by the integration tests (in-process, real sockets) and by the README walkthrough
//! (`cargo run -p demo-target -- --misconfig cors-reflect,exposed-env`).
//!
//! Nothing here is a real secret: the values that look like keys are assembled at runtime from
//! fragments, so the repository's own secret scan does not flag this source.

pub mod dns;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio::net::TcpListener;

/// One thing the demo can get wrong on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Misconfig {
    /// The leaf certificate expired yesterday.
    CertExpired,
    /// The leaf certificate expires in 10 days.
    CertExpiring,
    /// The leaf certificate names another host.
    CertWrongHost,
    /// Plain HTTP serves the page instead of redirecting.
    NoHttpsRedirect,
    /// Plain HTTP redirects with 302 (temporary).
    TemporaryRedirect,
    /// `/` redirects to itself.
    RedirectLoop,
    /// `/` redirects to another site.
    OffsiteRedirect,
    /// No Strict-Transport-Security header.
    NoHsts,
    /// HSTS with a one-day max-age.
    WeakHsts,
    /// No Content-Security-Policy.
    NoCsp,
    /// A CSP with `unsafe-inline` and a wildcard source.
    UnsafeCsp,
    /// No X-Content-Type-Options.
    NoNosniff,
    /// Neither frame-ancestors nor X-Frame-Options.
    NoFrameProtection,
    /// No Referrer-Policy.
    NoReferrerPolicy,
    /// No Permissions-Policy.
    NoPermissionsPolicy,
    /// `Server: nginx/1.18.0` and `X-Powered-By: Express`.
    VersionLeak,
    /// The session cookie lacks Secure, HttpOnly and SameSite.
    InsecureCookie,
    /// CORS reflects any Origin, with credentials.
    CorsReflect,
    /// `Access-Control-Allow-Origin: *` with credentials.
    CorsWildcard,
    /// The `null` origin is allowed, with credentials.
    CorsNull,
    /// `/.env` is served.
    ExposedEnv,
    /// `/.git/HEAD` and `/.git/config` are served.
    ExposedGit,
    /// `/.DS_Store` is served.
    ExposedDsStore,
    /// The bundle's source map is served.
    ExposedSourceMap,
    /// A debug endpoint answers.
    DebugEndpoint,
    /// Errors render a stack trace.
    StackTrace,
    /// The bundle carries a secret key.
    BundleSecret,
    /// The bundle calls a localhost API.
    BundleLocalhost,
    /// Unknown paths answer 200 with the app shell (a single-page app); not a problem by itself.
    SpaFallback,
    /// Responses carry a CDN's headers; not a problem by itself.
    Cdn,
    /// The health route answers 503.
    HealthFailing,
    /// `/api/me` answers without a token.
    UnprotectedRoute,
    /// Tenant B reads tenant A's organization.
    CrossTenant,
    /// An expired token is accepted.
    ExpiredAccepted,
    /// `/api/feed` takes 600 ms.
    SlowFeed,
    /// `POST /api/login` never limits failed attempts.
    NoRateLimit,
    /// `POST /api/login` answers unknown accounts differently from known ones.
    AccountEnumeration,
    /// `POST /api/posts` answers malformed JSON with a 500 and a stack trace.
    InputServerError,
    /// `POST /api/posts` stores whatever it gets (no types, no size limit).
    InputAccepted,
    /// Hostile: the bundle never ends (an endless body).
    EndlessBody,
    /// Hostile: the health route answers after 3 seconds.
    SlowHealth,
    /// Hostile: the API routes (`/api/…`) never answer.
    HangingApi,
    /// Hostile: pages carry invalid UTF-8 and an 8 KiB header.
    BrokenUtf8,
}

impl Misconfig {
    /// Every misconfiguration, with its command-line name.
    pub const ALL: &[(&str, Misconfig)] = &[
        ("cert-expired", Misconfig::CertExpired),
        ("cert-expiring", Misconfig::CertExpiring),
        ("cert-wrong-host", Misconfig::CertWrongHost),
        ("no-https-redirect", Misconfig::NoHttpsRedirect),
        ("temporary-redirect", Misconfig::TemporaryRedirect),
        ("redirect-loop", Misconfig::RedirectLoop),
        ("offsite-redirect", Misconfig::OffsiteRedirect),
        ("no-hsts", Misconfig::NoHsts),
        ("weak-hsts", Misconfig::WeakHsts),
        ("no-csp", Misconfig::NoCsp),
        ("unsafe-csp", Misconfig::UnsafeCsp),
        ("no-nosniff", Misconfig::NoNosniff),
        ("no-frame-protection", Misconfig::NoFrameProtection),
        ("no-referrer-policy", Misconfig::NoReferrerPolicy),
        ("no-permissions-policy", Misconfig::NoPermissionsPolicy),
        ("version-leak", Misconfig::VersionLeak),
        ("insecure-cookie", Misconfig::InsecureCookie),
        ("cors-reflect", Misconfig::CorsReflect),
        ("cors-wildcard", Misconfig::CorsWildcard),
        ("cors-null", Misconfig::CorsNull),
        ("exposed-env", Misconfig::ExposedEnv),
        ("exposed-git", Misconfig::ExposedGit),
        ("exposed-ds-store", Misconfig::ExposedDsStore),
        ("exposed-source-map", Misconfig::ExposedSourceMap),
        ("debug-endpoint", Misconfig::DebugEndpoint),
        ("stack-trace", Misconfig::StackTrace),
        ("bundle-secret", Misconfig::BundleSecret),
        ("bundle-localhost", Misconfig::BundleLocalhost),
        ("spa-fallback", Misconfig::SpaFallback),
        ("cdn", Misconfig::Cdn),
        ("health-failing", Misconfig::HealthFailing),
        ("unprotected-route", Misconfig::UnprotectedRoute),
        ("cross-tenant", Misconfig::CrossTenant),
        ("expired-accepted", Misconfig::ExpiredAccepted),
        ("slow-feed", Misconfig::SlowFeed),
        ("no-rate-limit", Misconfig::NoRateLimit),
        ("account-enumeration", Misconfig::AccountEnumeration),
        ("input-server-error", Misconfig::InputServerError),
        ("input-accepted", Misconfig::InputAccepted),
        ("endless-body", Misconfig::EndlessBody),
        ("slow-health", Misconfig::SlowHealth),
        ("hanging-api", Misconfig::HangingApi),
        ("broken-utf8", Misconfig::BrokenUtf8),
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        Misconfig::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("?", |(n, _)| n)
    }
}

impl FromStr for Misconfig {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Misconfig::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                let names: Vec<&str> = Misconfig::ALL.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown misconfiguration `{s}`; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// How to run the demo.
#[derive(Debug, Clone)]
pub struct Config {
    /// What to get wrong.
    pub misconfig: BTreeSet<Misconfig>,
    /// Host names the certificate is for (and the canonical host is the first).
    pub hosts: Vec<String>,
    /// HTTPS port (0: any free port).
    pub https_port: u16,
    /// Plain-HTTP port (0: any free port).
    pub http_port: u16,
    /// The origin that may call the API with credentials.
    pub allowed_origin: String,
    /// A certificate chain made elsewhere (PEM), instead of the throwaway CA's: how tests serve
    /// what rcgen cannot make, such as an RSA-1024 CA from openssl.
    pub pki: Option<Pki>,
}

/// A server certificate chain and key, and the CA to trust it with, all PEM.
#[derive(Debug, Clone)]
pub struct Pki {
    /// Leaf first, then intermediates.
    pub chain_pem: String,
    /// The leaf's private key.
    pub key_pem: String,
    /// The root to trust.
    pub ca_pem: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            misconfig: BTreeSet::new(),
            hosts: vec!["localhost".to_owned()],
            https_port: 0,
            http_port: 0,
            allowed_origin: "https://app.example.com".to_owned(),
            pki: None,
        }
    }
}

impl Config {
    fn has(&self, m: Misconfig) -> bool {
        self.misconfig.contains(&m)
    }
}

/// A running demo.
#[derive(Debug, Clone)]
pub struct Running {
    /// Where HTTPS listens.
    pub https: SocketAddr,
    /// Where plain HTTP listens.
    pub http: SocketAddr,
    /// The test CA's certificate, PEM: trust it with `--ca-cert`.
    pub ca_pem: String,
}

impl Running {
    /// `https://HOST:PORT/` for the first host name.
    pub fn https_url(&self, host: &str) -> String {
        format!("https://{host}:{}/", self.https.port())
    }

    /// `http://HOST:PORT/` for the first host name.
    pub fn http_url(&self, host: &str) -> String {
        format!("http://{host}:{}/", self.http.port())
    }
}

fn make_pki(cfg: &Config) -> anyhow::Result<Pki> {
    if let Some(p) = &cfg.pki {
        return Ok(p.clone());
    }
    let now = time::OffsetDateTime::now_utc();
    let day = time::Duration::days(1);

    let mut ca = CertificateParams::new(Vec::<String>::new())?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "launchgate demo test CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.not_before = now - day * 30;
    ca.not_after = now + day * 3650;
    let ca_key = KeyPair::generate()?;
    let ca_cert = ca.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca, ca_key);

    let names = if cfg.has(Misconfig::CertWrongHost) {
        vec!["wrong.example.net".to_owned()]
    } else {
        cfg.hosts.clone()
    };
    let mut leaf = CertificateParams::new(names.clone())?;
    leaf.distinguished_name.push(DnType::CommonName, &names[0]);
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    (leaf.not_before, leaf.not_after) = if cfg.has(Misconfig::CertExpired) {
        (now - day * 90, now - day)
    } else if cfg.has(Misconfig::CertExpiring) {
        (now - day * 80, now + day * 10)
    } else {
        (now - day, now + day * 90)
    };
    let leaf_key = KeyPair::generate()?;
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer)?;
    Ok(Pki {
        ca_pem: ca_cert.pem(),
        chain_pem: leaf_cert.pem(),
        key_pem: leaf_key.serialize_pem(),
    })
}

fn tls_config(pki: &Pki) -> anyhow::Result<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs =
        CertificateDer::pem_slice_iter(pki.chain_pem.as_bytes()).collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_slice(pki.key_pem.as_bytes())?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// Starts the demo on a background runtime and returns once both listeners are bound.
pub fn spawn(cfg: Config) -> anyhow::Result<Running> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("demo-target".to_owned())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(anyhow::Error::from(e)));
                    return;
                }
            };
            rt.block_on(async move {
                match start(cfg).await {
                    Ok((running, serve)) => {
                        let _ = tx.send(Ok(running));
                        serve.await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                    }
                }
            });
        })?;
    rx.recv().context("the demo target's thread ended")?
}

/// Binds both listeners; the returned future serves until the process ends.
pub async fn start(
    cfg: Config,
) -> anyhow::Result<(Running, impl std::future::Future<Output = ()>)> {
    let pki = make_pki(&cfg)?;
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls_config(&pki)?));
    let https = TcpListener::bind(("127.0.0.1", cfg.https_port)).await?;
    let http = TcpListener::bind(("127.0.0.1", cfg.http_port)).await?;
    let running = Running {
        https: https.local_addr()?,
        http: http.local_addr()?,
        ca_pem: pki.ca_pem.clone(),
    };
    let state = Arc::new(AppState {
        cfg,
        https_port: running.https.port(),
        logins: std::sync::Mutex::new((std::time::Instant::now(), 0)),
    });
    let app = app(state.clone());
    let plain = plain_app(state);
    let serve = async move {
        let tls_loop = async move {
            loop {
                let Ok((tcp, _)) = https.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let app = app.clone();
                tokio::spawn(async move {
                    let handshake = tokio::time::timeout(
                        std::time::Duration::from_secs(5),
                        acceptor.accept(tcp),
                    );
                    let Ok(Ok(tls)) = handshake.await else {
                        return;
                    };
                    let _ = Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), TowerToHyperService::new(app))
                        .await;
                });
            }
        };
        let plain_loop = async move {
            loop {
                let Ok((tcp, _)) = http.accept().await else {
                    continue;
                };
                let plain = plain.clone();
                tokio::spawn(async move {
                    let _ = Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tcp), TowerToHyperService::new(plain))
                        .await;
                });
            }
        };
        tokio::join!(tls_loop, plain_loop);
    };
    Ok((running, serve))
}

struct AppState {
    cfg: Config,
    https_port: u16,
    /// Failed logins in the current minute, and when it began.
    logins: std::sync::Mutex<(std::time::Instant, u32)>,
}

/// The demo's one account (the probe's "known account").
pub const PROBE_ACCOUNT: &str = "probe@example.com";
/// Failed logins allowed per minute before a 429.
pub const LOGIN_LIMIT: u32 = 5;
/// The well-configured posts route's body limit.
pub const POSTS_MAX_BODY: usize = 100 * 1024;

fn json(s: &AppState, req_headers: &HeaderMap, status: StatusCode, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    security_headers(s, r.headers_mut());
    cors_headers(s, req_headers, r.headers_mut());
    r
}

/// `POST /api/login`: limited to five failures a minute (unless `no-rate-limit`), with one
/// generic answer for every failure (unless `account-enumeration`).
async fn login(s: &AppState, req: Request) -> Response {
    let cfg = &s.cfg;
    let headers = req.headers().clone();
    if !cfg.has(Misconfig::NoRateLimit) {
        let limited = match s.logins.lock() {
            Ok(mut l) => {
                if l.0.elapsed() > std::time::Duration::from_secs(60) {
                    *l = (std::time::Instant::now(), 0);
                }
                l.1 >= LOGIN_LIMIT
            }
            Err(_) => true,
        };
        if limited {
            let mut r = json(
                s,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                "{\"error\":\"too many attempts\"}".to_owned(),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            return r;
        }
    }
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), 64 * 1024).await else {
        return json(s, &headers, StatusCode::PAYLOAD_TOO_LARGE, "{}".to_owned());
    };
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let email = v["email"].as_str().unwrap_or_default();
    if email == PROBE_ACCOUNT && v["password"] == "correct-horse-battery" {
        return json(
            s,
            &headers,
            StatusCode::OK,
            "{\"token\":\"demo-token-a\"}".to_owned(),
        );
    }
    if let Ok(mut l) = s.logins.lock() {
        l.1 += 1;
    }
    let (status, message) = match (
        cfg.has(Misconfig::AccountEnumeration),
        email == PROBE_ACCOUNT,
    ) {
        (true, true) => (StatusCode::UNAUTHORIZED, "wrong password"),
        (true, false) => (StatusCode::NOT_FOUND, "no such user"),
        (false, _) => (StatusCode::UNAUTHORIZED, "invalid email or password"),
    };
    json(
        s,
        &headers,
        status,
        format!(
            "{{\"error\":\"{message}\",\"request_id\":\"{:016x}\"}}",
            rand_id()
        ),
    )
}

/// A request id that differs on every answer (what the enumeration check must look past).
fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0);
    h.finish()
}

/// `POST /api/posts` (tenant tokens only): a JSON object with a `title` string (1-200
/// characters) and an optional `body` string (at most 20 000), at most 100 KiB, unless
/// `input-accepted` (anything goes, up to 8 MiB) or `input-server-error` (malformed JSON is a 500).
async fn create_post(s: &AppState, req: Request) -> Response {
    let cfg = &s.cfg;
    let headers = req.headers().clone();
    if caller(cfg, &headers).is_none() {
        return json(
            s,
            &headers,
            StatusCode::UNAUTHORIZED,
            "{\"error\":\"unauthorized\"}".to_owned(),
        );
    }
    let accept_all = cfg.has(Misconfig::InputAccepted);
    let limit = if accept_all { 8 << 20 } else { POSTS_MAX_BODY };
    let Ok(bytes) = axum::body::to_bytes(req.into_body(), limit).await else {
        return json(
            s,
            &headers,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{\"error\":\"body too large\"}".to_owned(),
        );
    };
    let created = || json(s, &headers, StatusCode::CREATED, "{\"id\":1}".to_owned());
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        if cfg.has(Misconfig::InputServerError) {
            let mut r = json(
                s,
                &headers,
                StatusCode::INTERNAL_SERVER_ERROR,
                String::new(),
            );
            *r.body_mut() = Body::from(
                "SyntaxError: Unexpected end of JSON input\n    at JSON.parse (<anonymous>)\n    at createPost (/srv/app/src/routes/posts.js:17:23)\n",
            );
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            return r;
        }
        if accept_all {
            return created();
        }
        return json(
            s,
            &headers,
            StatusCode::BAD_REQUEST,
            "{\"error\":\"invalid JSON\"}".to_owned(),
        );
    };
    if accept_all {
        return created();
    }
    let title_ok = v["title"]
        .as_str()
        .is_some_and(|t| (1..=200).contains(&t.chars().count()));
    let body_ok = v
        .get("body")
        .is_none_or(|b| b.as_str().is_some_and(|b| b.len() <= 20_000));
    if v.is_object() && title_ok && body_ok {
        created()
    } else {
        json(
            s,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{\"error\":\"invalid post\"}".to_owned(),
        )
    }
}

type Shared = State<Arc<AppState>>;

fn app(state: Arc<AppState>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

fn plain_app(state: Arc<AppState>) -> Router {
    Router::new().fallback(handle_plain).with_state(state)
}

async fn handle_plain(State(s): Shared, req: Request) -> Response {
    let cfg = &s.cfg;
    if cfg.has(Misconfig::NoHttpsRedirect) {
        return page(&s, &req, StatusCode::OK, INDEX_HTML.to_owned(), "text/html");
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| h.split(':').next().unwrap_or(h).to_owned())
        .unwrap_or_else(|| cfg.hosts[0].clone());
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let status = if cfg.has(Misconfig::TemporaryRedirect) {
        StatusCode::FOUND
    } else {
        StatusCode::MOVED_PERMANENTLY
    };
    let location = format!("https://{host}:{}{path}", s.https_port);
    redirect(status, &location)
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

const INDEX_HTML: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Demo</title>
<script src="/assets/app.js" defer></script></head>
<body><h1>Demo app</h1><form action="/login" method="post"><input name="email"></form></body></html>
"#;

const NOT_FOUND_HTML: &str = "<!doctype html><title>Not found</title><h1>Not found</h1>\n";

const STACK_TRACE: &str = "<!doctype html><title>Error</title><pre>TypeError: Cannot read properties of undefined (reading 'id')\n    at getUser (/srv/app/node_modules/express/lib/router/index.js:284:7)\n    at Layer.handle [as handle_request] (/srv/app/src/routes/users.js:42:15)\n</pre>\n";

/// A key-shaped value assembled at runtime (see the file comment).
fn fake_stripe_key() -> String {
    ["sk_", "live_", "51Hx8vQ2zLp9mK3tWq", "7Rb4Nc6Ye1Ud0Sf5Gh"].concat()
}

fn app_js(cfg: &Config) -> String {
    let mut js = String::from("(function(){var api=\"/api\";");
    if cfg.has(Misconfig::BundleSecret) {
        js.push_str(&format!("var stripe=\"{}\";", fake_stripe_key()));
    }
    if cfg.has(Misconfig::BundleLocalhost) {
        js.push_str("api=\"http://localhost:4000/api\";");
    }
    js.push_str("window.app={api:api};})();\n");
    if cfg.has(Misconfig::ExposedSourceMap) {
        js.push_str("//# sourceMappingURL=app.js.map\n");
    }
    js
}

/// The demo's tokens (test values, not secrets): tenant A, tenant B, and an expired one.
pub const TOKENS: [(&str, &str); 3] = [
    ("tenant-a", "demo-token-a"),
    ("tenant-b", "demo-token-b"),
    ("expired", "demo-token-expired"),
];

/// The tenant (1 or 2) a request's bearer token belongs to.
fn caller(cfg: &Config, headers: &HeaderMap) -> Option<u8> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))?;
    match token {
        "demo-token-a" => Some(1),
        "demo-token-b" => Some(2),
        "demo-token-expired" if cfg.has(Misconfig::ExpiredAccepted) => Some(1),
        _ => None,
    }
}

fn unauthorized(s: &AppState, req: &Request) -> Response {
    page(
        s,
        req,
        StatusCode::UNAUTHORIZED,
        "{\"error\":\"unauthorized\"}".to_owned(),
        "application/json",
    )
}

fn security_headers(s: &AppState, headers: &mut HeaderMap) {
    let cfg = &s.cfg;
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    if !cfg.has(Misconfig::NoHsts) {
        set(
            "strict-transport-security",
            if cfg.has(Misconfig::WeakHsts) {
                "max-age=86400"
            } else {
                "max-age=63072000; includeSubDomains; preload"
            },
        );
    }
    if cfg.has(Misconfig::UnsafeCsp) {
        set(
            "content-security-policy",
            "default-src 'self' *; script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        );
    } else if !cfg.has(Misconfig::NoCsp) {
        let frame = if cfg.has(Misconfig::NoFrameProtection) {
            ""
        } else {
            "; frame-ancestors 'none'"
        };
        set(
            "content-security-policy",
            &format!(
                "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'{frame}"
            ),
        );
    }
    if !cfg.has(Misconfig::NoNosniff) {
        set("x-content-type-options", "nosniff");
    }
    if !cfg.has(Misconfig::NoFrameProtection) {
        set("x-frame-options", "DENY");
    }
    if !cfg.has(Misconfig::NoReferrerPolicy) {
        set("referrer-policy", "strict-origin-when-cross-origin");
    }
    if !cfg.has(Misconfig::NoPermissionsPolicy) {
        set(
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        );
    }
    if cfg.has(Misconfig::VersionLeak) {
        set("server", "nginx/1.18.0");
        set("x-powered-by", "Express");
    }
    if cfg.has(Misconfig::Cdn) {
        set("cf-ray", "8a1b2c3d4e5f6789-FRA");
        set("server", "cloudflare");
    }
}

fn cors_headers(s: &AppState, req_headers: &HeaderMap, headers: &mut HeaderMap) {
    let cfg = &s.cfg;
    let Some(origin) = req_headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    else {
        return;
    };
    let allow = if cfg.has(Misconfig::CorsWildcard) {
        Some("*".to_owned())
    } else if cfg.has(Misconfig::CorsReflect) {
        Some(origin.to_owned())
    } else if cfg.has(Misconfig::CorsNull) && origin == "null" {
        Some("null".to_owned())
    } else if origin == cfg.allowed_origin {
        Some(origin.to_owned())
    } else {
        None
    };
    if let Some(a) = allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, a);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

fn page(s: &AppState, req: &Request, status: StatusCode, body: String, ctype: &str) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(ctype) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    security_headers(s, r.headers_mut());
    let req_headers = req.headers().clone();
    cors_headers(s, &req_headers, r.headers_mut());
    r
}

async fn handle(State(s): Shared, req: Request) -> Response {
    let cfg = &s.cfg;
    let path = req.uri().path().to_owned();
    let html = "text/html; charset=utf-8";

    if req.method() == Method::OPTIONS {
        let mut r = page(
            &s,
            &req,
            StatusCode::NO_CONTENT,
            String::new(),
            "text/plain",
        );
        r.headers_mut().remove(header::CONTENT_TYPE);
        return r;
    }
    if cfg.has(Misconfig::HangingApi) && path.starts_with("/api/") {
        std::future::pending::<()>().await;
    }
    if req.method() == Method::POST {
        match path.as_str() {
            "/api/login" => return login(&s, req).await,
            "/api/posts" => return create_post(&s, req).await,
            _ => {}
        }
    }
    // A request line a server should refuse: the prober sends a malformed query.
    if req.uri().query().is_some_and(|q| q.contains("%%")) {
        return if cfg.has(Misconfig::StackTrace) {
            page(
                &s,
                &req,
                StatusCode::INTERNAL_SERVER_ERROR,
                STACK_TRACE.to_owned(),
                html,
            )
        } else {
            page(
                &s,
                &req,
                StatusCode::BAD_REQUEST,
                "bad request\n".to_owned(),
                "text/plain",
            )
        };
    }
    match path.as_str() {
        "/" if cfg.has(Misconfig::RedirectLoop) => redirect(StatusCode::FOUND, "/"),
        "/" if cfg.has(Misconfig::OffsiteRedirect) => {
            redirect(StatusCode::FOUND, "https://evil.example.org/")
        }
        "/" | "/login" | "/pricing" if cfg.has(Misconfig::BrokenUtf8) => {
            let mut body = INDEX_HTML.as_bytes().to_vec();
            body.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, b'\n']);
            let mut r = page(&s, &req, StatusCode::OK, String::new(), html);
            *r.body_mut() = Body::from(body);
            if let Ok(v) = HeaderValue::from_str(&"x".repeat(8192)) {
                r.headers_mut().insert("x-padding", v);
            }
            r
        }
        "/" | "/login" | "/pricing" => {
            let mut r = page(&s, &req, StatusCode::OK, INDEX_HTML.to_owned(), html);
            let cookie = if cfg.has(Misconfig::InsecureCookie) {
                "session=abc123; Path=/"
            } else {
                "__Host-session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax"
            };
            r.headers_mut()
                .append(header::SET_COOKIE, HeaderValue::from_static(cookie));
            r
        }
        "/assets/app.js" if cfg.has(Misconfig::EndlessBody) => {
            let chunks = futures_util::stream::repeat_with(|| {
                Ok::<_, std::convert::Infallible>(axum::body::Bytes::from_static(&[b'a'; 8192]))
            });
            let mut r = Response::new(Body::from_stream(chunks));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript"),
            );
            r
        }
        "/assets/app.js" => page(&s, &req, StatusCode::OK, app_js(cfg), "text/javascript"),
        "/assets/app.js.map" if cfg.has(Misconfig::ExposedSourceMap) => page(
            &s,
            &req,
            StatusCode::OK,
            r#"{"version":3,"file":"app.js","sources":["../src/main.ts"],"sourcesContent":["export const api = '/api';\n"],"mappings":"AAAA"}"#.to_owned(),
            "application/json",
        ),
        "/api/feed" => {
            if cfg.has(Misconfig::SlowFeed) {
                tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            }
            page(&s, &req, StatusCode::OK, "{\"items\":[]}".to_owned(), "application/json")
        }
        // A typical database-backed read: 20 ms of work.
        "/api/items" => {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            page(&s, &req, StatusCode::OK, "{\"items\":[]}".to_owned(), "application/json")
        }
        "/api/me" => match caller(cfg, req.headers()) {
            Some(tenant) => page(&s, &req, StatusCode::OK, format!("{{\"tenant\":{tenant}}}"), "application/json"),
            None if cfg.has(Misconfig::UnprotectedRoute) => {
                page(&s, &req, StatusCode::OK, "{\"tenant\":1}".to_owned(), "application/json")
            }
            None => unauthorized(&s, &req),
        },
        p if p.starts_with("/api/orgs/") && p.ends_with("/members") => {
            let org: u8 = p["/api/orgs/".len()..p.len() - "/members".len()].parse().unwrap_or(0);
            match caller(cfg, req.headers()) {
                // Organization 1 belongs to tenant A (1), organization 2 to tenant B (2).
                Some(tenant) if tenant == org || cfg.has(Misconfig::CrossTenant) => page(
                    &s,
                    &req,
                    StatusCode::OK,
                    format!("{{\"org\":{org},\"members\":[\"owner@tenant{org}.example\"]}}"),
                    "application/json",
                ),
                Some(_) => page(&s, &req, StatusCode::NOT_FOUND, "{}".to_owned(), "application/json"),
                None => unauthorized(&s, &req),
            }
        }
        "/healthz" if cfg.has(Misconfig::HealthFailing) => page(
            &s,
            &req,
            StatusCode::SERVICE_UNAVAILABLE,
            "unhealthy\n".to_owned(),
            "text/plain",
        ),
        "/healthz" if cfg.has(Misconfig::SlowHealth) => {
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
            page(&s, &req, StatusCode::OK, "ok\n".to_owned(), "text/plain")
        }
        "/healthz" => page(&s, &req, StatusCode::OK, "ok\n".to_owned(), "text/plain"),
        "/.env" if cfg.has(Misconfig::ExposedEnv) => page(
            &s,
            &req,
            StatusCode::OK,
            "APP_ENV=production\nDATABASE_URL=postgres://app:app@db.internal:5432/app\n".to_owned(),
            "text/plain",
        ),
        "/.git/HEAD" if cfg.has(Misconfig::ExposedGit) => page(
            &s,
            &req,
            StatusCode::OK,
            "ref: refs/heads/main\n".to_owned(),
            "text/plain",
        ),
        "/.git/config" if cfg.has(Misconfig::ExposedGit) => page(
            &s,
            &req,
            StatusCode::OK,
            "[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:demo/app.git\n".to_owned(),
            "text/plain",
        ),
        "/.DS_Store" if cfg.has(Misconfig::ExposedDsStore) => {
            let mut body = vec![0u8, 0, 0, 1, b'B', b'u', b'd', b'1'];
            body.extend_from_slice(&[0u8; 24]);
            let mut r = Response::new(Body::from(body));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            r
        }
        "/debug/vars" | "/actuator/env" if cfg.has(Misconfig::DebugEndpoint) => page(
            &s,
            &req,
            StatusCode::OK,
            "{\"activeProfiles\":[\"prod\"],\"propertySources\":[{\"name\":\"systemEnvironment\"}]}".to_owned(),
            "application/json",
        ),
        _ if cfg.has(Misconfig::SpaFallback) => {
            page(&s, &req, StatusCode::OK, INDEX_HTML.to_owned(), html)
        }
        _ if cfg.has(Misconfig::StackTrace) => page(
            &s,
            &req,
            StatusCode::NOT_FOUND,
            STACK_TRACE.to_owned(),
            html,
        ),
        _ => page(&s, &req, StatusCode::NOT_FOUND, NOT_FOUND_HTML.to_owned(), html),
    }
    .into_response()
}
