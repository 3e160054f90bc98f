//! DNS hygiene of hosts that serve users (dangling CNAMEs, CAA) and of hosts that must not
//! resolve: not email, but read through the same resolver.

use hickory_resolver::proto::rr::RecordType;
use serde::{Deserialize, Serialize};

use crate::dns::{Answer, Dns};

/// DNS hygiene: hosts that must not resolve, and hosts that serve users (their CNAME and CAA).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostsObservation {
    /// Hosts the policy says must not resolve, and what they resolve to.
    pub must_not_resolve: Vec<(String, Answer)>,
    /// DNS hygiene of hosts that serve users: dangling CNAMEs and CAA.
    pub hosts: Vec<HostDns>,
}

impl HostsObservation {
    /// Lookups that failed, each "could not check", never an absence.
    pub(crate) fn failures(&self) -> Vec<String> {
        let mut failed = Vec::new();
        for (h, a) in &self.must_not_resolve {
            failed.extend(a.failure().map(|e| format!("{h}: {e}")));
        }
        for h in &self.hosts {
            failed.extend(h.caa.failure().map(|e| format!("CAA of {}: {e}", h.host)));
            if let Some(t) = &h.target {
                failed.extend(
                    t.failure()
                        .map(|e| format!("CNAME target of {}: {e}", h.host)),
                );
            }
        }
        failed
    }
}

/// DNS hygiene of one host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostDns {
    /// The host.
    pub host: String,
    /// Its CNAME chain, first hop (if it is an alias).
    pub cname: Option<String>,
    /// What the alias target resolves to (NXDOMAIN: dangling).
    pub target: Option<Answer>,
    /// CAA records found at the host or its closest ancestor that has any (RFC 8659 §3).
    pub caa: Answer,
    /// Where the CAA records were found.
    pub caa_at: String,
}

/// The hosts that must not resolve, and the hygiene (dangling CNAMEs, CAA) of hosts that serve
/// users.
pub(crate) async fn observe_hosts(
    dns: &Dns,
    must_not: &[String],
    hosts: &[String],
) -> HostsObservation {
    let mut obs = HostsObservation::default();
    for h in must_not {
        obs.must_not_resolve
            .push((h.clone(), dns.addresses(h).await));
    }
    for h in hosts {
        obs.hosts.push(host_dns(dns, h).await);
    }
    obs
}

/// A host's CNAME (and whether its target resolves) and its effective CAA set.
pub(crate) async fn host_dns(dns: &Dns, host: &str) -> HostDns {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let cname = dns.query(&host, RecordType::CNAME).await;
    let cname = cname
        .records()
        .first()
        .map(|c| c.trim_end_matches('.').to_owned());
    let target = match &cname {
        Some(c) => Some(dns.addresses(c).await),
        None => None,
    };
    // RFC 8659 §3: the relevant CAA set is the host's, else the closest ancestor's.
    let mut caa = Answer::NoRecords;
    let mut caa_at = host.clone();
    let labels: Vec<&str> = host.split('.').collect();
    for i in 0..labels.len().saturating_sub(1) {
        let name = labels[i..].join(".");
        let a = dns.query(&name, RecordType::CAA).await;
        let done = !a.is_void();
        caa = a;
        caa_at = name;
        if done {
            break;
        }
    }
    HostDns {
        host,
        cname,
        target,
        caa,
        caa_at,
    }
}
