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
mod hello;
mod http;
mod resolve;
mod tls;

pub(crate) use budget::*;
pub(crate) use dedicated::*;
use hello::*;
pub(crate) use hello::{MAX_HANDSHAKES, SCAN_DEADLINE};
pub(crate) use http::*;
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
    fn a_ca_file_without_certificates_is_an_error() {
        assert!(roots(Some(b"not a pem")).is_err());
        assert!(roots(None).is_ok_and(|r| !r.is_empty()));
    }
}
