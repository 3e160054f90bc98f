//! The HTTP client: a timeout, a body cap and a budget place on every request, at most a few in
//! flight per target.

use super::*;

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
    pub(super) verified: reqwest::Client,
    pub(super) unverified: reqwest::Client,
    pub(crate) limits: Limits,
    pub(super) sent: AtomicU32,
    pub(super) run: Arc<RunBudget>,
    /// At most this many requests in flight to one target: a probe, not a load test.
    pub(super) in_flight: tokio::sync::Semaphore,
}

/// Concurrent requests per target.
pub(super) const MAX_IN_FLIGHT: usize = 8;

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
    pub(super) fn take(&self) -> Result<(), String> {
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
