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
use launchgate_core::probe_options::Limits;

use crate::ProbeError;

mod budget;
mod dedicated;
mod http;
mod legacy;
mod resolve;
mod tls;

pub(crate) use budget::*;
pub(crate) use dedicated::*;
pub(crate) use http::*;
use legacy::*;
pub(crate) use resolve::*;
pub(crate) use tls::*;

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
