//! DNS for the domain checks: hickory-resolver on the system's nameservers or the policy's
//! (`probe.dns.nameservers`, for split-horizon DNS and tests), with a timeout and retries on every
//! query. Answers keep "no such name", "no records" and "could not ask" apart: the last is never
//! read as an absence.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};
use serde::{Deserialize, Serialize};

use crate::ProbeError;

/// What a query returned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "records")]
pub enum Answer {
    /// Records of the asked type (text form: TXT strings joined, `10 mx.example.com.` …).
    Records(Vec<String>),
    /// The name exists but has no records of this type.
    #[default]
    NoRecords,
    /// The name does not exist (NXDOMAIN).
    NxDomain,
    /// The query failed (timeout, SERVFAIL, refused): nothing is known.
    Failed(String),
}

impl Answer {
    /// The records, or none for every other outcome.
    pub fn records(&self) -> &[String] {
        match self {
            Answer::Records(r) => r,
            _ => &[],
        }
    }

    /// A lookup that found nothing (counts as a "void lookup" for SPF).
    pub fn is_void(&self) -> bool {
        matches!(self, Answer::NoRecords | Answer::NxDomain)
    }

    /// Why nothing is known, for a query that failed.
    pub fn failure(&self) -> Option<&str> {
        match self {
            Answer::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// A resolver with our timeouts.
pub(crate) struct Dns {
    resolver: TokioResolver,
}

impl Dns {
    /// `nameservers` empty: the system's.
    pub(crate) fn new(nameservers: &[SocketAddr], timeout: Duration) -> Result<Dns, ProbeError> {
        let mut opts = ResolverOpts::default();
        opts.timeout = timeout;
        opts.attempts = 2;
        opts.ndots = 0;
        let builder = if nameservers.is_empty() {
            let mut b = TokioResolver::builder_tokio().map_err(|e| {
                ProbeError::Client(format!("cannot read the system DNS configuration: {e}"))
            })?;
            *b.options_mut() = opts;
            b
        } else {
            let servers = nameservers
                .iter()
                .map(|addr| {
                    let mut udp = ConnectionConfig::udp();
                    udp.port = addr.port();
                    let mut tcp = ConnectionConfig::tcp();
                    tcp.port = addr.port();
                    let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                    ns.connections = vec![udp, tcp];
                    ns
                })
                .collect();
            let mut b = TokioResolver::builder_with_config(
                ResolverConfig::from_name_servers(servers),
                TokioRuntimeProvider::default(),
            );
            *b.options_mut() = opts;
            b
        };
        let resolver = builder
            .build()
            .map_err(|e| ProbeError::Client(format!("cannot set up DNS: {e}")))?;
        Ok(Dns { resolver })
    }

    /// Records of `rtype` at `name`, as text.
    pub(crate) async fn query(&self, name: &str, rtype: RecordType) -> Answer {
        let fqdn = if name.ends_with('.') {
            name.to_owned()
        } else {
            format!("{name}.")
        };
        match self.resolver.lookup(fqdn.as_str(), rtype).await {
            Ok(lookup) => {
                let records: Vec<String> = lookup
                    .answers()
                    .iter()
                    .filter(|r| r.record_type() == rtype)
                    .map(|r| text(&r.data))
                    .collect();
                if records.is_empty() {
                    Answer::NoRecords
                } else {
                    Answer::Records(records)
                }
            }
            Err(e) if e.is_nx_domain() => Answer::NxDomain,
            Err(e) if e.is_no_records_found() => Answer::NoRecords,
            Err(e) => Answer::Failed(e.to_string()),
        }
    }

    /// The addresses of `name` (A and AAAA).
    pub(crate) async fn addresses(&self, name: &str) -> Answer {
        let (a, aaaa) = tokio::join!(
            self.query(name, RecordType::A),
            self.query(name, RecordType::AAAA)
        );
        match (a, aaaa) {
            (Answer::Records(mut x), Answer::Records(y)) => {
                x.extend(y);
                Answer::Records(x)
            }
            (Answer::Records(x), _) | (_, Answer::Records(x)) => Answer::Records(x),
            (Answer::Failed(e), _) | (_, Answer::Failed(e)) => Answer::Failed(e),
            (Answer::NxDomain, _) | (_, Answer::NxDomain) => Answer::NxDomain,
            _ => Answer::NoRecords,
        }
    }
}

/// One record's data as text; TXT character-strings are joined (RFC 7208 §3.3).
fn text(data: &RData) -> String {
    match data {
        RData::TXT(txt) => txt
            .txt_data
            .iter()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect::<String>(),
        RData::MX(mx) => format!("{} {}", mx.preference, mx.exchange),
        RData::CNAME(c) => c.0.to_string(),
        RData::A(a) => IpAddr::from(a.0).to_string(),
        RData::AAAA(a) => IpAddr::from(a.0).to_string(),
        other => other.to_string(),
    }
}
