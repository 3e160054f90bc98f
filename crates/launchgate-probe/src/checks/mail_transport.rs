//! How mail reaches the domain: MX and null MX (RFC 7505), TLS-RPT (RFC 8460), MTA-STS (RFC 8461).
//! A lookup that failed is an engine error, never an absence.

use launchgate_core::{Area, Confidence, Severity};

use super::dmarc::{dmarc_tags, tag};
use super::{ProbeCheck, Run, Scope};
use crate::dns::Answer;
use crate::email::DomainObservation;

/// Whether the domain refuses mail: a null MX (`0 .`).
pub(crate) fn null_mx(obs: &DomainObservation) -> bool {
    let r = obs.mx.records();
    r.len() == 1 && r[0].split_once(' ').is_some_and(|(_, h)| h.trim() == ".")
}

/// `mx-missing`.
pub(crate) const MX_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "mx-missing",
        name: "No MX record",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        summary: "The domain has no MX (and no null MX): replies to its mail bounce or go to its A record",
        help: "Publish MX records for your mail provider, or a null MX (`0 .`) if the domain receives no mail",
        docs: include_str!("docs/mx-missing.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if obs.mx.is_void() {
            out.report(&obs.domain, "", "no MX records".to_owned());
        }
    }),
};

/// `mx-invalid`.
pub(crate) const MX_INVALID: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "mx-invalid",
        name: "MX host invalid",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "An MX host is an IP address, a CNAME, or a name that does not resolve",
        help: "Point MX records at host names with A/AAAA records (not IPs, not CNAMEs)",
        docs: include_str!("docs/mx-invalid.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        for h in &obs.mx_hosts {
            if h.host.parse::<std::net::IpAddr>().is_ok() {
                out.report(
                    &obs.domain,
                    &h.host,
                    format!("MX `{}` is an IP address, not a host name", h.host),
                );
            } else if let Some(c) = &h.cname {
                out.report(
                    &obs.domain,
                    &h.host,
                    format!(
                        "MX `{}` is a CNAME (to {c}); RFC 5321 requires a host name",
                        h.host
                    ),
                );
            } else if h.addresses.as_ref().is_some_and(Answer::is_void) {
                out.report(
                    &obs.domain,
                    &h.host,
                    format!("MX `{}` does not resolve", h.host),
                );
            }
        }
    }),
};

/// `null-mx-inconsistent`.
pub(crate) const NULL_MX_INCONSISTENT: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "null-mx-inconsistent",
        name: "Non-mail domain can still be spoofed",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The domain declares it takes no mail (null MX) but its SPF is not `v=spf1 -all` or its DMARC is not `p=reject`",
        help: "For a domain that sends no mail: SPF `v=spf1 -all` and DMARC `p=reject`",
        docs: include_str!("docs/null-mx-inconsistent.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if !null_mx(obs) {
            return;
        }
        let spf_ok = obs.spf.as_ref().is_some_and(|s| {
            s.records.len() == 1
                && s.records[0].split_whitespace().collect::<Vec<_>>() == ["v=spf1", "-all"]
        });
        if !spf_ok && obs.spf.is_some() {
            out.report(
                &obs.domain,
                "spf",
                "null MX, but SPF is not `v=spf1 -all`".to_owned(),
            );
        }
        let reject = obs.dmarc.first().is_some_and(|r| {
            tag(&dmarc_tags(r), "p").is_some_and(|p| p.eq_ignore_ascii_case("reject"))
        });
        if !reject && !obs.dmarc.is_empty() {
            out.report(
                &obs.domain,
                "dmarc",
                "null MX, but DMARC is not `p=reject`".to_owned(),
            );
        }
    }),
};

/// `tls-rpt-missing`.
pub(crate) const TLS_RPT_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-rpt-missing",
        name: "No TLS-RPT record",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "A domain that receives mail publishes no `_smtp._tls` TLS-RPT record, so failed TLS deliveries go unreported",
        help: "Publish `_smtp._tls.<domain>` TXT `v=TLSRPTv1; rua=mailto:tls-reports@<domain>`",
        docs: include_str!("docs/tls-rpt-missing.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if !null_mx(obs) && !obs.mx.records().is_empty() && obs.tls_rpt.is_void() {
            out.report(
                &obs.domain,
                "",
                format!("no `v=TLSRPTv1` record at _smtp._tls.{}", obs.domain),
            );
        }
    }),
};

/// `mta-sts-missing`.
pub(crate) const MTA_STS_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "mta-sts-missing",
        name: "No MTA-STS",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "A domain that receives mail publishes no MTA-STS, so senders may deliver to it without TLS or to a spoofed MX",
        help: "Publish `_mta-sts.<domain>` TXT `v=STSv1; id=<date>` and the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt",
        docs: include_str!("docs/mta-sts-missing.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if !null_mx(obs) && !obs.mx.records().is_empty() && obs.mta_sts.is_void() {
            out.report(
                &obs.domain,
                "",
                format!("no `v=STSv1` record at _mta-sts.{}", obs.domain),
            );
        }
    }),
};

/// `mta-sts-invalid`.
pub(crate) const MTA_STS_INVALID: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "mta-sts-invalid",
        name: "MTA-STS broken",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "MTA-STS is announced but broken: the TXT lacks an id, the policy file cannot be fetched over valid HTTPS or is malformed, or its mx patterns do not cover the MX hosts",
        help: "Serve a valid policy (version, mode, mx, max_age) over HTTPS with a trusted certificate, listing every MX host",
        docs: include_str!("docs/mta-sts-invalid.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Answer::Records(txt) = &obs.mta_sts else {
            return;
        };
        if txt.len() > 1 {
            out.report(
                &obs.domain,
                "multiple",
                format!(
                    "_mta-sts.{} has {} records (exactly one is allowed)",
                    obs.domain,
                    txt.len()
                ),
            );
        }
        if !txt[0]
            .split(';')
            .any(|t| t.trim().starts_with("id=") && t.trim().len() > 3)
        {
            out.report(&obs.domain, "id", format!("`{}` has no `id=`", txt[0]));
        }
        let Some(r) = &obs.mta_sts_policy else { return };
        let url = r.url.clone();
        if let Some(e) = &r.error {
            out.report(
                &obs.domain,
                "fetch",
                format!("the policy at {url} cannot be fetched over verified HTTPS: {e}"),
            );
            return;
        }
        if r.status != 200 {
            out.report(
                &obs.domain,
                "fetch",
                format!("the policy at {url} answers {}", r.status),
            );
            return;
        }
        let p = crate::mta_sts::parse_sts_policy(&r.body);
        let mut problems = Vec::new();
        if p.version.as_deref() != Some("STSv1") {
            problems.push("`version: STSv1` is missing".to_owned());
        }
        match p.mode.as_deref() {
            Some("enforce" | "none") => {}
            Some("testing") => out.report_as(
                &obs.domain,
                "testing",
                "the policy is in `mode: testing`: failures are reported, not prevented".to_owned(),
                Severity::Low,
                None,
            ),
            Some(m) => problems.push(format!("`mode: {m}` is not enforce, testing or none")),
            None => problems.push("`mode:` is missing".to_owned()),
        }
        match p.max_age {
            Some(a) if a <= 31_557_600 => {}
            Some(a) => problems.push(format!("`max_age: {a}` is over a year")),
            None => problems.push("`max_age:` is missing".to_owned()),
        }
        if p.mode.as_deref() != Some("none") {
            if p.mx.is_empty() {
                problems.push("no `mx:` lines".to_owned());
            }
            for h in &obs.mx_hosts {
                if !p
                    .mx
                    .iter()
                    .any(|m| crate::mta_sts::sts_mx_matches(m, &h.host))
                {
                    problems.push(format!(
                        "MX `{}` matches no `mx:` pattern, so senders refuse it",
                        h.host
                    ));
                }
            }
        }
        for pr in problems {
            out.report(&obs.domain, &pr, format!("{url}: {pr}"));
        }
    }),
};
