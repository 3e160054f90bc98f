//! A dedicated connection for latency runs: one keep-alive connection per worker, so the
//! numbers are the route's, not connection setup's.

use super::*;

/// A dedicated HTTP/1.1 connection for latency workers, as load tools such as oha and wrk use:
/// no pool and no client machinery between the clock and the socket, so the figures are the
/// server's. Opened over verified TLS for `https://` URLs.
pub(crate) struct Dedicated {
    pub(super) sender: hyper::client::conn::http1::SendRequest<http_body_util::Empty<bytes::Bytes>>,
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

    pub(super) async fn handshake<T>(io: T) -> Result<Dedicated, String>
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
