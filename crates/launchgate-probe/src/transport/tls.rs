//! TLS as a browser sees it: a verifier that records its verdict and lets the handshake finish,
//! and the handshake that records the served chain.

use super::*;

/// Verifies like a browser would, but records the verdict and lets the handshake finish, so the
/// chain can be inspected even when it is bad. The observe-only HTTP client uses it too, to keep
/// observing a site whose certificate is already reported as untrusted (no credentials are ever
/// sent over that client).
#[derive(Debug)]
pub(super) struct Recording {
    pub(super) inner: Arc<WebPkiServerVerifier>,
    pub(super) verdict: std::sync::Mutex<Option<String>>,
}

impl Recording {
    pub(super) fn new(roots: &RootCertStore) -> Result<Recording, String> {
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
    // Close the handshake's connection first: one connection at a time per target (a
    // single-threaded server would queue the scan's hellos behind it).
    drop(stream);
    let scan = scan_suites(addr, host, timeout).await;
    Ok(TlsFacts {
        host: host.to_owned(),
        version,
        chain,
        trust_error,
        scan: Some(scan),
    })
}

/// The facts a check needs from one DER certificate; an unparsable one is named as such.
pub(super) fn cert_facts(der: &[u8]) -> CertFacts {
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
