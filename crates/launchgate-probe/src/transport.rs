//! The network side of the prober: an HTTP client with a timeout, a body cap and a request budget
//! on every call, and a TLS handshake that records the served chain and whether it is trusted.
//! Nothing else in the crate opens a socket.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::model::{CertFacts, Exchange, TlsFacts};
use crate::{Limits, ProbeError};

/// The prober's HTTP identity.
const USER_AGENT: &str = concat!("launchgate-probe/", env!("CARGO_PKG_VERSION"));

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Mozilla's roots plus the policy's CA file.
pub(crate) fn roots(ca_pem: Option<&[u8]>) -> Result<RootCertStore, ProbeError> {
    use rustls::pki_types::pem::PemObject;
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(pem) = ca_pem {
        let mut n = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| ProbeError::CaFile(e.to_string()))?;
            roots
                .add(cert)
                .map_err(|e| ProbeError::CaFile(e.to_string()))?;
            n += 1;
        }
        if n == 0 {
            return Err(ProbeError::CaFile(
                "no PEM certificate (`-----BEGIN CERTIFICATE-----`) in it".to_owned(),
            ));
        }
    }
    Ok(roots)
}

/// Verifies like a browser would, but records the verdict and lets the handshake finish, so the
/// chain can be inspected even when it is bad. The observe-only HTTP client uses it too, to keep
/// observing a site whose certificate is already reported as untrusted (no credentials are ever
/// sent over that client).
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    verdict: std::sync::Mutex<Option<String>>,
}

impl Recording {
    fn new(roots: &RootCertStore) -> Result<Recording, String> {
        let inner =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots.clone()), provider())
                .build()
                .map_err(|e| e.to_string())?;
        Ok(Recording {
            inner,
            verdict: std::sync::Mutex::new(None),
        })
    }
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let r = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now);
        if let Err(e) = r {
            *self.verdict.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
        }
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Host-name overrides (`--resolve`), else the system resolver.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolver {
    pub(crate) overrides: Vec<(String, IpAddr)>,
}

impl Resolver {
    /// Every address of `host` (an IPv4-only runner must not give up on the AAAA record).
    async fn lookup(
        &self,
        host: &str,
        port: u16,
        timeout: Duration,
    ) -> Result<Vec<SocketAddr>, String> {
        if let Some((_, ip)) = self.overrides.iter().find(|(h, _)| h == host) {
            return Ok(vec![SocketAddr::new(*ip, port)]);
        }
        if let Ok(ip) = host.trim_matches(['[', ']']).parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        match tokio::time::timeout(timeout, tokio::net::lookup_host((host, port))).await {
            Ok(Ok(addrs)) => {
                let all: Vec<SocketAddr> = addrs.collect();
                if all.is_empty() {
                    Err(format!("{host} has no address"))
                } else {
                    Ok(all)
                }
            }
            Ok(Err(e)) => Err(format!("cannot resolve {host}: {e}")),
            Err(_) => Err(format!("resolving {host} timed out")),
        }
    }
}

/// The run-wide request budget (every target and API check together), and in a dry run the
/// list of requests that would have been sent.
pub(crate) struct RunBudget {
    sent: AtomicU32,
    max: u32,
    exhausted: std::sync::atomic::AtomicBool,
    dry: Option<std::sync::Mutex<Vec<String>>>,
}

impl RunBudget {
    pub(crate) fn new(max: u32, dry: bool) -> Arc<RunBudget> {
        Arc::new(RunBudget {
            sent: AtomicU32::new(0),
            max,
            exhausted: std::sync::atomic::AtomicBool::new(false),
            dry: dry.then(|| std::sync::Mutex::new(Vec::new())),
        })
    }

    /// Requests sent in the run so far.
    pub(crate) fn sent(&self) -> u32 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Whether a request was refused for want of budget.
    pub(crate) fn exhausted(&self) -> bool {
        self.exhausted.load(Ordering::Relaxed)
    }

    /// A dry run: requests are listed, never sent.
    pub(crate) fn is_dry(&self) -> bool {
        self.dry.is_some()
    }

    /// Lists one planned request (dry runs only).
    pub(crate) fn plan(&self, line: String) {
        if let Some(d) = &self.dry
            && let Ok(mut d) = d.lock()
        {
            d.push(line);
        }
    }

    /// The requests listed so far.
    pub(crate) fn planned(&self) -> Vec<String> {
        self.dry
            .as_ref()
            .and_then(|d| d.lock().ok().map(|d| d.clone()))
            .unwrap_or_default()
    }
}

/// One request for [`Http::send`].
pub(crate) struct Req<'a> {
    pub(crate) method: reqwest::Method,
    pub(crate) url: &'a str,
    pub(crate) headers: &'a [(&'a str, &'a str)],
    /// The body (shared, not copied, when a burst repeats it) and its content type.
    pub(crate) body: Option<(bytes::Bytes, &'a str)>,
    /// Body bytes read at most.
    pub(crate) cap: u64,
    /// Use the verifying client.
    pub(crate) verify: bool,
    /// What the request is for, in a dry run's listing (never a credential's value).
    pub(crate) label: &'a str,
}

/// The HTTP side: two clients (verifying, and observe-only for sites already reported as
/// untrusted), a request budget shared by every call for one target, and the caps.
pub(crate) struct Http {
    verified: reqwest::Client,
    unverified: reqwest::Client,
    pub(crate) limits: Limits,
    sent: AtomicU32,
    run: Arc<RunBudget>,
    /// At most this many requests in flight to one target: a probe, not a load test.
    in_flight: tokio::sync::Semaphore,
}

/// Concurrent requests per target.
const MAX_IN_FLIGHT: usize = 8;

/// A client configuration that verifies servers against `roots`, offering `alpn`.
pub(crate) fn verifying_config(
    roots: &RootCertStore,
    alpn: &[Vec<u8>],
) -> Result<rustls::ClientConfig, String> {
    let mut tls = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots.clone())
        .with_no_client_auth();
    tls.alpn_protocols = alpn.to_vec();
    Ok(tls)
}

impl Http {
    pub(crate) fn new(
        roots: &RootCertStore,
        resolver: &Resolver,
        limits: Limits,
        run: &Arc<RunBudget>,
    ) -> Result<Http, ProbeError> {
        let alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let verified_tls = verifying_config(roots, &alpn).map_err(ProbeError::Client)?;
        let mut unverified_tls = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| ProbeError::Client(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(
                Recording::new(roots).map_err(ProbeError::Client)?,
            ))
            .with_no_client_auth();
        unverified_tls.alpn_protocols = alpn;
        let build = |tls: rustls::ClientConfig| {
            let mut b = reqwest::Client::builder()
                .use_preconfigured_tls(tls)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(limits.timeout)
                .connect_timeout(limits.timeout)
                .user_agent(USER_AGENT)
                .no_proxy();
            for (host, ip) in &resolver.overrides {
                b = b.resolve(host, SocketAddr::new(*ip, 0));
            }
            b.build().map_err(|e| ProbeError::Client(e.to_string()))
        };
        Ok(Http {
            verified: build(verified_tls)?,
            unverified: build(unverified_tls)?,
            limits,
            sent: AtomicU32::new(0),
            run: run.clone(),
            in_flight: tokio::sync::Semaphore::new(MAX_IN_FLIGHT),
        })
    }

    /// Requests sent so far.
    pub(crate) fn sent(&self) -> u32 {
        self.sent.load(Ordering::Relaxed)
    }

    /// The run this client belongs to.
    pub(crate) fn run(&self) -> &RunBudget {
        &self.run
    }

    /// Takes one request from the target's budget and the run's.
    fn take(&self) -> Result<(), String> {
        if self.sent.fetch_add(1, Ordering::Relaxed) >= self.limits.max_requests {
            self.sent.fetch_sub(1, Ordering::Relaxed);
            return Err(format!(
                "request budget of {} exhausted (probe.limits.max-requests)",
                self.limits.max_requests
            ));
        }
        if self.run.sent.fetch_add(1, Ordering::Relaxed) >= self.run.max {
            self.run.sent.fetch_sub(1, Ordering::Relaxed);
            self.run.exhausted.store(true, Ordering::Relaxed);
            return Err(format!(
                "request budget of {} per run exhausted (probe.limits.max-total-requests)",
                self.run.max
            ));
        }
        Ok(())
    }

    /// A GET (or another method without a body), within the budget, the timeout and
    /// `body_cap`. Never fails: a failure is an exchange with `error` set.
    pub(crate) async fn fetch(
        &self,
        method: reqwest::Method,
        url: &str,
        headers: &[(&str, &str)],
        body_cap: u64,
        verify: bool,
    ) -> Exchange {
        self.send(Req {
            method,
            url,
            headers,
            body: None,
            cap: body_cap,
            verify,
            label: "",
        })
        .await
    }

    /// One request. In a dry run it is listed and answered with an empty 200, so every
    /// request that does not depend on a real answer is listed.
    pub(crate) async fn send(&self, r: Req<'_>) -> Exchange {
        let mut ex = Exchange {
            url: r.url.to_owned(),
            ..Default::default()
        };
        if let Err(e) = self.take() {
            ex.error = Some(e);
            return ex;
        }
        if self.run.is_dry() {
            let body = r
                .body
                .map(|(b, ct)| format!(", {} body of {} bytes", ct, b.len()))
                .unwrap_or_default();
            let label = if r.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.label)
            };
            self.run
                .plan(format!("{} {}{label}{body}", r.method, r.url));
            ex.status = 200;
            return ex;
        }
        let Ok(_permit) = self.in_flight.acquire().await else {
            ex.error = Some("the prober is shutting down".to_owned());
            return ex;
        };
        let client = if r.verify {
            &self.verified
        } else {
            &self.unverified
        };
        let (url, body_cap) = (r.url, r.cap);
        let started = Instant::now();
        let mut req = client.request(r.method, url);
        for (k, v) in r.headers {
            req = req.header(*k, *v);
        }
        if let Some((body, ct)) = r.body {
            req = req.header("content-type", ct).body(body);
        }
        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                ex.error = Some(describe(&e));
                ex.elapsed_ms = started.elapsed().as_millis() as u64;
                return ex;
            }
        };
        ex.status = resp.status().as_u16();
        ex.headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    ex.body_bytes += chunk.len() as u64;
                    let room = (body_cap as usize).saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    if body.len() as u64 >= body_cap {
                        ex.truncated = true;
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    // The headers arrived; a body cut short (timeout, reset) is noted, not fatal.
                    ex.truncated = true;
                    ex.error = None;
                    tracing::debug!(url, error = %describe(&e), "body read stopped");
                    break;
                }
            }
        }
        ex.body = String::from_utf8_lossy(&body).into_owned();
        ex.elapsed_ms = started.elapsed().as_millis() as u64;
        ex
    }
}

impl Http {
    /// One timed GET for a latency run over the worker's own connection, opened (or reopened
    /// after a failure or a server's close) as part of the request, as load tools do.
    /// `Ok(status)` or the error, and the time taken.
    pub(crate) async fn timed_get(
        &self,
        conn: &mut Option<Dedicated>,
        url: &url::Url,
        headers: &[(&str, &str)],
        label: &str,
        (tls, resolver): (&Arc<rustls::ClientConfig>, &Resolver),
    ) -> (Result<u16, String>, Duration) {
        if let Err(e) = self.take() {
            return (Err(e), Duration::ZERO);
        }
        if self.run.is_dry() {
            self.run.plan(format!("GET {url} ({label})"));
            return (Ok(200), Duration::from_millis(1));
        }
        let started = Instant::now();
        if conn.as_ref().is_some_and(|c| c.sender.is_closed()) {
            *conn = None;
        }
        let result = async {
            let c = match conn {
                Some(c) => c,
                None => {
                    conn.insert(Dedicated::open(url, tls, resolver, self.limits.timeout).await?)
                }
            };
            c.get(url, headers, 1 << 20, self.limits.timeout).await
        }
        .await;
        // A failed connection, or one whose long body was left unread, is not reused.
        let status = match result {
            Ok((status, true)) => Ok(status),
            Ok((status, false)) => {
                *conn = None;
                Ok(status)
            }
            Err(e) => {
                *conn = None;
                Err(e)
            }
        };
        (status, started.elapsed())
    }
}

/// A dedicated HTTP/1.1 connection for latency workers, as load tools such as oha and wrk use:
/// no pool and no client machinery between the clock and the socket, so the figures are the
/// server's. Opened over verified TLS for `https://` URLs.
pub(crate) struct Dedicated {
    sender: hyper::client::conn::http1::SendRequest<http_body_util::Empty<bytes::Bytes>>,
}

impl Dedicated {
    /// Connects to `url`'s host (through the `--resolve` overrides), over TLS with `tls` (an
    /// HTTP/1.1-only [`verifying_config`]) for `https://`.
    pub(crate) async fn open(
        url: &url::Url,
        tls: &Arc<rustls::ClientConfig>,
        resolver: &Resolver,
        timeout: Duration,
    ) -> Result<Dedicated, String> {
        let host = url.host_str().ok_or("the URL has no host")?.to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs = resolver.lookup(&host, port, timeout).await?;
        let mut last = String::from("no address");
        for addr in addrs {
            let tcp = match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    last = format!("cannot connect to {addr}: {e}");
                    continue;
                }
                Err(_) => {
                    last = format!("connecting to {addr} timed out");
                    continue;
                }
            };
            let _ = tcp.set_nodelay(true);
            let handshake = async {
                if url.scheme() == "https" {
                    let bare = host.trim_matches(['[', ']']).to_owned();
                    let name = ServerName::try_from(bare).map_err(|e| e.to_string())?;
                    let stream = tokio_rustls::TlsConnector::from(tls.clone())
                        .connect(name, tcp)
                        .await
                        .map_err(|e| e.to_string())?;
                    Dedicated::handshake(hyper_util::rt::TokioIo::new(stream)).await
                } else {
                    Dedicated::handshake(hyper_util::rt::TokioIo::new(tcp)).await
                }
            };
            return match tokio::time::timeout(timeout, handshake).await {
                Ok(r) => r,
                Err(_) => Err("the handshake timed out".to_owned()),
            };
        }
        Err(last)
    }

    async fn handshake<T>(io: T) -> Result<Dedicated, String>
    where
        T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let (sender, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(conn);
        Ok(Dedicated { sender })
    }

    /// One GET of `url` with `headers`, its body read and dropped up to `cap`, within
    /// `timeout`: the status and whether the connection can carry another request (not when the
    /// body went past the cap), or why it failed (the connection is then unusable).
    pub(crate) async fn get(
        &mut self,
        url: &url::Url,
        headers: &[(&str, &str)],
        cap: u64,
        timeout: Duration,
    ) -> Result<(u16, bool), String> {
        use http_body_util::BodyExt;
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let mut req = hyper::Request::get(path)
            .header("host", host)
            .header("user-agent", USER_AGENT);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(http_body_util::Empty::new())
            .map_err(|e| e.to_string())?;
        let exchange = async {
            self.sender.ready().await.map_err(|e| e.to_string())?;
            let resp = self
                .sender
                .send_request(req)
                .await
                .map_err(|e| e.to_string())?;
            let status = resp.status().as_u16();
            let mut body = resp.into_body();
            let mut read = 0u64;
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| e.to_string())?;
                if let Some(d) = frame.data_ref() {
                    read += d.len() as u64;
                    if read > cap {
                        // The rest is not read: this connection cannot carry another request.
                        return Ok((status, false));
                    }
                }
            }
            Ok((status, true))
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(r) => r,
            Err(_) => Err("timed out".to_owned()),
        }
    }
}

/// reqwest's error with its causes, which carry the useful part (connection refused, the TLS
/// alert) — without the URL, which the finding shows anyway.
fn describe(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    if e.is_timeout() {
        parts.push("timed out".to_owned());
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        parts.push(e.without_url_string());
    }
    parts.join(": ")
}

trait WithoutUrl {
    fn without_url_string(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_string(&self) -> String {
        let mut s = self.to_string();
        if let Some(u) = self.url() {
            s = s.replace(&format!(" ({u})"), "").replace(u.as_str(), "");
        }
        s
    }
}

/// Handshakes with `host:port` and records the chain as served and whether a browser would
/// trust it.
pub(crate) async fn inspect_tls(
    host: &str,
    port: u16,
    roots: &RootCertStore,
    resolver: &Resolver,
    timeout: Duration,
) -> Result<TlsFacts, String> {
    let recording = Arc::new(Recording::new(roots)?);
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(recording.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(host.trim_matches(['[', ']']).to_owned())
        .map_err(|e| format!("`{host}` is not a valid server name: {e}"))?;
    let addrs = resolver.lookup(host, port, timeout).await?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let mut addr = addrs[0];
    let handshake = async {
        let mut last = String::new();
        let mut tcp = None;
        for a in &addrs {
            match TcpStream::connect(a).await {
                Ok(s) => {
                    addr = *a;
                    tcp = Some(s);
                    break;
                }
                Err(e) => last = format!("cannot connect to {a}: {e}"),
            }
        }
        let tcp = tcp.ok_or(last)?;
        connector
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS handshake failed: {e}"))
    };
    let stream = tokio::time::timeout(timeout, handshake)
        .await
        .map_err(|_| "TLS handshake timed out".to_owned())??;
    let (_, conn) = stream.get_ref();
    let chain = conn
        .peer_certificates()
        .unwrap_or_default()
        .iter()
        .map(|c| cert_facts(c.as_ref()))
        .collect();
    let version = conn
        .protocol_version()
        .map(|v| format!("{v:?}"))
        .unwrap_or_default();
    let trust_error = recording
        .verdict
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut legacy_accepted = Vec::new();
    for (label, version) in [("TLSv1.0", 0x0301u16), ("TLSv1.1", 0x0302)] {
        if legacy_hello_accepted(addr, host, version, timeout).await {
            legacy_accepted.push(label.to_owned());
        }
    }
    Ok(TlsFacts {
        host: host.to_owned(),
        version,
        chain,
        trust_error,
        legacy_accepted,
        legacy_tested: true,
    })
}

/// The facts a check needs from one DER certificate; an unparsable one is named as such.
fn cert_facts(der: &[u8]) -> CertFacts {
    use x509_parser::prelude::*;
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return CertFacts {
            subject: "(unparsable certificate)".to_owned(),
            ..Default::default()
        };
    };
    let spki = cert.public_key();
    let (key_algorithm, key_bits) = match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => {
            ("RSA".to_owned(), rsa.key_size() as u32)
        }
        Ok(x509_parser::public_key::PublicKey::EC(ec)) => ("EC".to_owned(), ec.key_size() as u32),
        _ => {
            let oid = spki.algorithm.algorithm.to_id_string();
            let name = match oid.as_str() {
                "1.3.101.112" => "Ed25519".to_owned(),
                "1.3.101.113" => "Ed448".to_owned(),
                other => other.to_owned(),
            };
            (name, 0)
        }
    };
    let mut dns_names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for n in &san.value.general_names {
            match n {
                GeneralName::DNSName(d) => dns_names.push((*d).to_owned()),
                GeneralName::IPAddress(b) => {
                    if let Ok(v4) = <[u8; 4]>::try_from(*b) {
                        dns_names.push(std::net::Ipv4Addr::from(v4).to_string());
                    } else if let Ok(v6) = <[u8; 16]>::try_from(*b) {
                        dns_names.push(std::net::Ipv6Addr::from(v6).to_string());
                    }
                }
                _ => {}
            }
        }
    }
    CertFacts {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        key_algorithm,
        key_bits,
        dns_names,
        is_ca: cert.is_ca(),
    }
}

/// Sends a minimal ClientHello offering only `version` (TLS 1.0 or 1.1) with common cipher
/// suites, and reads the first record: a ServerHello at that version means the server still
/// speaks it. rustls cannot negotiate these versions, so this is done by hand; it reads one
/// record header and stops.
async fn legacy_hello_accepted(
    addr: SocketAddr,
    host: &str,
    version: u16,
    timeout: Duration,
) -> bool {
    let hello = client_hello(host, version);
    let attempt = async {
        let mut tcp = TcpStream::connect(addr).await.ok()?;
        tcp.write_all(&hello).await.ok()?;
        let mut head = [0u8; 11];
        tcp.read_exact(&mut head).await.ok()?;
        // Handshake record, handshake type ServerHello, server_version.
        Some(
            head[0] == 0x16
                && head[5] == 0x02
                && u16::from_be_bytes([head[9], head[10]]) == version,
        )
    };
    matches!(tokio::time::timeout(timeout, attempt).await, Ok(Some(true)))
}

fn client_hello(host: &str, version: u16) -> Vec<u8> {
    let v = version.to_be_bytes();
    // ECDHE-RSA/ECDSA with AES-CBC-SHA, RSA AES-CBC-SHA, 3DES: what TLS 1.0/1.1 servers offer.
    let suites: [u16; 7] = [0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x0035, 0x000a];
    let mut ext = Vec::new();
    // server_name
    let name = host.as_bytes();
    let mut sni = Vec::new();
    sni.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
    sni.push(0);
    sni.extend_from_slice(&(name.len() as u16).to_be_bytes());
    sni.extend_from_slice(name);
    ext.extend_from_slice(&0u16.to_be_bytes());
    ext.extend_from_slice(&(sni.len() as u16).to_be_bytes());
    ext.extend_from_slice(&sni);
    // supported_groups: x25519, secp256r1, secp384r1
    ext.extend_from_slice(&[
        0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
    ]);
    // ec_point_formats: uncompressed
    ext.extend_from_slice(&[0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]);

    let mut body = Vec::new();
    body.extend_from_slice(&v);
    body.extend_from_slice(&[0x5a; 32]); // random: fixed, it is never used for keys
    body.push(0); // session id
    body.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        body.extend_from_slice(&s.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // compression: null
    body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    body.extend_from_slice(&ext);

    let mut hs = vec![0x01];
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend_from_slice(&body);
    let mut rec = vec![0x16, 0x03, 0x01];
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend_from_slice(&hs);
    rec
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn client_hello_is_a_well_formed_record() {
        let h = client_hello("app.example.com", 0x0301);
        assert_eq!(h[0], 0x16);
        let len = u16::from_be_bytes([h[3], h[4]]) as usize;
        assert_eq!(h.len(), 5 + len);
        assert_eq!(h[5], 0x01, "ClientHello");
        assert_eq!(&h[9..11], &[0x03, 0x01]);
        assert!(h.windows(15).any(|w| w == b"app.example.com"));
    }

    /// A stand-in for an old server: answers any ClientHello with a ServerHello at the version
    /// the client offered (or with a protocol_version alert).
    async fn old_server(accept: bool) -> SocketAddr {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                let mut buf = [0u8; 1024];
                let n = s.read(&mut buf).await.unwrap_or(0);
                if n < 11 {
                    continue;
                }
                let reply: Vec<u8> = if accept {
                    let mut r = vec![
                        0x16, 0x03, 0x01, 0x00, 0x30, 0x02, 0x00, 0x00, 0x2c, buf[9], buf[10],
                    ];
                    r.extend([0u8; 44]);
                    r
                } else {
                    vec![0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]
                };
                let _ = s.write_all(&reply).await;
            }
        });
        addr
    }

    #[tokio::test]
    async fn legacy_protocol_acceptance_is_read_from_the_server_hello() {
        let t = Duration::from_secs(2);
        let old = old_server(true).await;
        assert!(legacy_hello_accepted(old, "localhost", 0x0301, t).await);
        assert!(legacy_hello_accepted(old, "localhost", 0x0302, t).await);
        let modern = old_server(false).await;
        assert!(!legacy_hello_accepted(modern, "localhost", 0x0301, t).await);
        // Nothing listening: not accepted, and no hang.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        assert!(!legacy_hello_accepted(addr, "localhost", 0x0301, t).await);
    }

    #[test]
    fn a_ca_file_without_certificates_is_an_error() {
        assert!(roots(Some(b"not a pem")).is_err());
        assert!(roots(None).is_ok_and(|r| !r.is_empty()));
    }
}
