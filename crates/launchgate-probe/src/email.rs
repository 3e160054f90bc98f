//! The domain's email authentication, gathered once through real DNS: SPF (`spf.rs`), DMARC
//! (with the organizational-domain fallback), DKIM selectors, MX and its hosts, TLS-RPT and
//! MTA-STS (`mta_sts.rs`), and the domain's own DNS hygiene (`hosts.rs`). The check families
//! `spf`, `dmarc`, `dkim`, `mail_transport` and `dns_hygiene` read this.

use hickory_resolver::proto::rr::RecordType;
use serde::{Deserialize, Serialize};

use crate::dns::{Answer, Dns};
use crate::hosts::{HostsObservation, host_dns};
use crate::spf::{Spf, spf};

/// One domain, as seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DomainObservation {
    /// The domain.
    pub domain: String,
    /// SPF as walked.
    pub spf: Option<Spf>,
    /// Why the domain's TXT records could not be read.
    pub spf_failed: Option<String>,
    /// Where DMARC was found (`_dmarc.<domain>` or the organizational domain's).
    pub dmarc_name: String,
    /// The `v=DMARC1` records there.
    pub dmarc: Vec<String>,
    /// Why DMARC could not be read.
    pub dmarc_failed: Option<String>,
    /// Each configured DKIM selector and its answer.
    pub dkim: Vec<(String, Answer)>,
    /// The MX records (`10 mx1.example.com.`).
    pub mx: Answer,
    /// Each MX host: its addresses and whether it is a CNAME.
    pub mx_hosts: Vec<MxHost>,
    /// `_smtp._tls.<domain>` (TLS-RPT).
    pub tls_rpt: Answer,
    /// The domain's own DNS hygiene (its CNAME and CAA).
    pub hygiene: HostsObservation,
    /// For each external DMARC report destination domain: its authorization record
    /// (`<domain>._report._dmarc.<destination>`).
    pub report_auth: Vec<(String, Answer)>,
    /// `_mta-sts.<domain>` TXT (MTA-STS, RFC 8461).
    pub mta_sts: Answer,
    /// The policy file at `https://mta-sts.<domain>/.well-known/mta-sts.txt`, when the TXT
    /// record exists: status and body, or why it could not be fetched.
    pub mta_sts_policy: Option<crate::model::Exchange>,
    /// Why nothing about the domain could be judged: it does not exist (NXDOMAIN), or no
    /// nameserver answered. The checks then report this once instead of a "missing" per record.
    pub unusable: Option<String>,
}

/// An MX host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MxHost {
    /// The exchange name as published.
    pub host: String,
    /// Its A/AAAA records.
    pub addresses: Option<Answer>,
    /// Its CNAME, if it is one (RFC 5321 §5.1: it must not be).
    pub cname: Option<String>,
}

/// The organizational domain (the last two labels; three under a two-letter country code with a
/// short second level, as `co.uk`), for the DMARC fallback.
pub(crate) fn organizational(domain: &str) -> String {
    let labels: Vec<&str> = domain.trim_end_matches('.').split('.').collect();
    let n = labels.len();
    let keep = if n >= 3 && labels[n - 1].len() == 2 && labels[n - 2].len() <= 3 {
        3
    } else {
        2
    };
    labels[n.saturating_sub(keep)..].join(".")
}

/// What a dry run lists for a domain: the DNS lookups `observe` starts with (SPF includes, MX
/// hosts and report destinations follow from the answers).
pub(crate) fn planned_lookups(
    d: &launchgate_core::probe_options::Domain,
    selectors: &[String],
) -> String {
    let domain = d.name.trim_end_matches('.').to_ascii_lowercase();
    let dkim: Vec<String> = selectors
        .iter()
        .map(|s| format!("TXT {s}._domainkey.{domain}"))
        .collect();
    format!(
        "DNS: TXT {domain} (SPF, then its includes), TXT _dmarc.{domain}, MX {domain} (then each host's A/AAAA/CNAME), TXT _smtp._tls.{domain}, {}CAA {domain}, TXT _mta-sts.{domain} (then, if present, GET https://mta-sts.{domain}/.well-known/mta-sts.txt)",
        if dkim.is_empty() {
            String::new()
        } else {
            format!("{}, ", dkim.join(", "))
        }
    )
}

/// Everything the email checks read for `domain`.
pub(crate) async fn observe(
    dns: &Dns,
    http: Option<&crate::transport::Http>,
    domain: &str,
    selectors: &[String],
) -> DomainObservation {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let mut obs = DomainObservation {
        domain: domain.clone(),
        ..Default::default()
    };
    let dmarc_at = format!("_dmarc.{domain}");
    let tls_rpt_at = format!("_smtp._tls.{domain}");
    let (spf, dmarc, mx, tls_rpt) = tokio::join!(
        spf(dns, &domain),
        dns.query(&dmarc_at, RecordType::TXT),
        dns.query(&domain, RecordType::MX),
        dns.query(&tls_rpt_at, RecordType::TXT),
    );
    // NXDOMAIN is about the name, whatever the type: every record would be "missing".
    if mx == Answer::NxDomain {
        obs.unusable = Some(format!(
            "the domain {domain} does not exist (NXDOMAIN): check `probe.email.domain` for a typo, or register it"
        ));
        return obs;
    }
    // No nameserver answered any of the four: the rest would wait just as long for nothing.
    if let (Err(e), Answer::Failed(_), Answer::Failed(_), Answer::Failed(_)) =
        (&spf, &dmarc, &mx, &tls_rpt)
    {
        obs.unusable = Some(format!(
            "no DNS answer for {domain}, so it could not check SPF, DMARC, MX or TLS-RPT ({e}): check `probe.dns.nameservers` or the network"
        ));
        return obs;
    }
    match spf {
        Ok(s) => obs.spf = s,
        Err(e) => obs.spf_failed = Some(e),
    }
    let dmarc_records = |a: &Answer| -> Vec<String> {
        a.records()
            .iter()
            .filter(|t| t.trim_start().to_ascii_lowercase().starts_with("v=dmarc1"))
            .cloned()
            .collect()
    };
    obs.dmarc_name = dmarc_at.clone();
    match &dmarc {
        Answer::Failed(e) => obs.dmarc_failed = Some(e.clone()),
        a => {
            obs.dmarc = dmarc_records(a);
            let org = organizational(&domain);
            if obs.dmarc.is_empty() && org != domain {
                let at = format!("_dmarc.{org}");
                match dns.query(&at, RecordType::TXT).await {
                    Answer::Failed(e) => obs.dmarc_failed = Some(e),
                    a => {
                        let r = dmarc_records(&a);
                        if !r.is_empty() {
                            obs.dmarc = r;
                            obs.dmarc_name = at;
                        }
                    }
                }
            }
        }
    }
    obs.tls_rpt = match tls_rpt {
        Answer::Records(r) => {
            let v: Vec<String> = r
                .into_iter()
                .filter(|t| t.to_ascii_lowercase().starts_with("v=tlsrptv1"))
                .collect();
            if v.is_empty() {
                Answer::NoRecords
            } else {
                Answer::Records(v)
            }
        }
        other => other,
    };
    // The second round of lookups depends only on the first: run it at once.
    let dkim = futures_util::future::join_all(selectors.iter().map(|sel| {
        let at = format!("{sel}._domainkey.{domain}");
        async move { (sel.clone(), dns.query(&at, RecordType::TXT).await) }
    }));
    let mx_hosts = futures_util::future::join_all(
        mx.records()
            .iter()
            .filter_map(|r| r.split_once(' '))
            .map(|(_, host)| host.trim_end_matches('.').to_owned())
            // An empty host is a null MX.
            .filter(|host| !host.is_empty())
            .map(|host| async move {
                let (cname, addresses) =
                    tokio::join!(dns.query(&host, RecordType::CNAME), dns.addresses(&host));
                MxHost {
                    addresses: Some(addresses),
                    cname: cname.records().first().cloned(),
                    host,
                }
            }),
    );
    // External DMARC report destinations must authorize receiving the domain's reports.
    let report_dests: Vec<String> = obs
        .dmarc
        .first()
        .map(|record| {
            let org = organizational(&domain);
            report_domains(record)
                .into_iter()
                .filter(|d| organizational(d) != org)
                .collect()
        })
        .unwrap_or_default();
    let report_auth = futures_util::future::join_all(report_dests.into_iter().map(|dest| {
        let at = format!("{domain}._report._dmarc.{dest}");
        async move {
            let a = dns.query(&at, RecordType::TXT).await;
            (dest, a)
        }
    }));
    let sts_at = format!("_mta-sts.{domain}");
    // The domain itself serves mail and often the site: its CAA set.
    let (dkim, mx_hosts, report_auth, host, mta_sts) = tokio::join!(
        dkim,
        mx_hosts,
        report_auth,
        host_dns(dns, &domain),
        dns.query(&sts_at, RecordType::TXT)
    );
    obs.dkim = dkim;
    obs.mx_hosts = mx_hosts;
    obs.mx = mx;
    obs.report_auth = report_auth;
    obs.hygiene.hosts.push(host);
    // MTA-STS: the TXT record, then (only if it exists) the policy file over verified HTTPS.
    obs.mta_sts = match mta_sts {
        Answer::Records(r) => {
            let sts: Vec<String> = r
                .into_iter()
                .filter(|t| t.to_ascii_lowercase().starts_with("v=stsv1"))
                .collect();
            if sts.is_empty() {
                Answer::NoRecords
            } else {
                Answer::Records(sts)
            }
        }
        other => other,
    };
    if let (Answer::Records(_), Some(http)) = (&obs.mta_sts, http) {
        let url = format!("https://mta-sts.{domain}/.well-known/mta-sts.txt");
        obs.mta_sts_policy = Some(
            http.fetch(reqwest::Method::GET, &url, &[], 64 * 1024, true)
                .await,
        );
    }
    obs
}

/// The domains of `rua`/`ruf` mailto: addresses in a DMARC record.
pub(crate) fn report_domains(record: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in record.split(';') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        if !matches!(k.trim().to_ascii_lowercase().as_str(), "rua" | "ruf") {
            continue;
        }
        for uri in v.split(',') {
            if let Some((_, d)) = uri
                .trim()
                .strip_prefix("mailto:")
                .and_then(|a| a.split('!').next())
                .and_then(|a| a.rsplit_once('@'))
            {
                let d = d.trim().to_ascii_lowercase();
                if !d.is_empty() && !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizational_domains() {
        assert_eq!(organizational("mail.app.example.com"), "example.com");
        assert_eq!(organizational("shop.example.co.uk"), "example.co.uk");
        assert_eq!(organizational("example.com"), "example.com");
    }
}
