//! Email authentication checks over a domain's DNS: SPF (RFC 7208), DMARC (RFC 7489; where its
//! successor draft disagrees on `pct`, `rf` and `ri`, these checks follow RFC 7489 and only
//! note `pct`), DKIM selectors (RFC 6376), MX and null MX (RFC 7505), TLS-RPT (RFC 8460), and
//! hosts that must not resolve. A lookup that failed is an engine error, never an absence.

use launchgate_core::{Area, Confidence, Severity};

use super::{Ctx, Out, ProbeCheck, Run, Scope};
use crate::dns::Answer;
use crate::email::DomainObservation;

/// Whether the domain refuses mail: a null MX (`0 .`).
pub(crate) fn null_mx(obs: &DomainObservation) -> bool {
    let r = obs.mx.records();
    r.len() == 1 && r[0].split_once(' ').is_some_and(|(_, h)| h.trim() == ".")
}

/// DMARC tags, lowercased names, in order.
pub(crate) fn dmarc_tags(record: &str) -> Vec<(String, String)> {
    record
        .split(';')
        .filter_map(|t| {
            let (k, v) = t.split_once('=')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        })
        .collect()
}

fn tag<'a>(tags: &'a [(String, String)], name: &str) -> Option<&'a str> {
    tags.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn strength(p: &str) -> Option<u8> {
    match p.to_ascii_lowercase().as_str() {
        "none" => Some(0),
        "quarantine" => Some(1),
        "reject" => Some(2),
        _ => None,
    }
}

/// What makes a DMARC record invalid (RFC 7489 §6.3).
pub(crate) fn dmarc_errors(record: &str) -> Vec<String> {
    let tags = dmarc_tags(record);
    let mut errs = Vec::new();
    if tags.first().is_none_or(|(k, v)| k != "v" || v != "DMARC1") {
        errs.push("the record must start with `v=DMARC1`".to_owned());
    }
    match tag(&tags, "p") {
        None => errs.push("no `p=` tag (the policy is required)".to_owned()),
        Some(p) if strength(p).is_none() => {
            errs.push(format!("`p={p}` is not none, quarantine or reject"))
        }
        _ => {}
    }
    for name in ["sp", "np"] {
        if let Some(v) = tag(&tags, name)
            && strength(v).is_none()
        {
            errs.push(format!("`{name}={v}` is not none, quarantine or reject"));
        }
    }
    for name in ["adkim", "aspf"] {
        if let Some(v) = tag(&tags, name)
            && !matches!(v, "r" | "s")
        {
            errs.push(format!("`{name}={v}` must be r or s"));
        }
    }
    if let Some(v) = tag(&tags, "pct")
        && v.parse::<u8>().map_or(true, |n| n > 100)
    {
        errs.push(format!("`pct={v}` must be 0 to 100"));
    }
    for name in ["rua", "ruf"] {
        if let Some(v) = tag(&tags, name) {
            for uri in v.split(',') {
                let uri = uri.trim();
                let addr = uri
                    .strip_prefix("mailto:")
                    .map(|a| a.split('!').next().unwrap_or(a));
                if !addr.is_some_and(|a| {
                    a.split_once('@')
                        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
                }) {
                    errs.push(format!("`{name}` has `{uri}`, not a mailto: address"));
                }
            }
        }
    }
    errs
}

/// `spf-missing`.
pub(crate) const SPF_MISSING: ProbeCheck = ProbeCheck {
    id: "spf-missing",
    name: "No SPF record",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "The domain publishes no SPF record, so receivers cannot tell its mail from forgeries",
    help: "Publish one TXT record `v=spf1 include:<your provider> -all` (or `v=spf1 -all` if the domain sends no mail)",
    docs: include_str!("docs/spf-missing.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if obs.spf_failed.is_none() && obs.spf.is_none() {
            let sev = if null_mx(obs) {
                Severity::Medium
            } else {
                Severity::High
            };
            out.report_as(
                &obs.domain,
                "",
                "no `v=spf1` TXT record".to_owned(),
                sev,
                None,
            );
        }
    }),
};

/// `spf-invalid`.
pub(crate) const SPF_INVALID: ProbeCheck = ProbeCheck {
    id: "spf-invalid",
    name: "SPF record invalid",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "The SPF record is a permanent error for receivers: several records, a syntax error, more than 10 DNS lookups, more than 2 void lookups, a loop or an include without SPF",
    help: "Fix the named problem; flatten includes you do not need so the record stays under 10 lookups",
    docs: include_str!("docs/spf-invalid.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Some(spf) = &obs.spf else { return };
        for e in &spf.errors {
            out.report(&obs.domain, e, e.clone());
        }
    }),
};

/// `spf-too-permissive`.
pub(crate) const SPF_PERMISSIVE: ProbeCheck = ProbeCheck {
    id: "spf-too-permissive",
    name: "SPF allows anyone",
    area: Area::Email,
    severity: Severity::Critical,
    confidence: Confidence::High,
    summary: "The SPF record ends in `+all` or `?all`, so every server on the internet passes (or is neutral) as the domain",
    help: "End the record with `-all` (or `~all` while you verify mail flow with DMARC reports)",
    docs: include_str!("docs/spf-too-permissive.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, ctx, out| {
        let Some(spf) = &obs.spf else { return };
        match spf.all {
            Some('+') => out.report(
                &obs.domain,
                "+all",
                "`+all`: every server passes SPF as this domain".to_owned(),
            ),
            Some('?') => out.report_as(
                &obs.domain,
                "?all",
                "`?all`: every server is neutral, which protects nothing".to_owned(),
                Severity::High,
                None,
            ),
            Some('~') if ctx.cfg.spf_require_fail => out.report_as(
                &obs.domain,
                "~all",
                "`~all` (softfail), but the policy requires `-all` (probe.email.spf-all: fail)"
                    .to_owned(),
                Severity::Medium,
                None,
            ),
            _ => {}
        }
    }),
};

/// `spf-no-all`.
pub(crate) const SPF_NO_ALL: ProbeCheck = ProbeCheck {
    id: "spf-no-all",
    name: "SPF record has no final verdict",
    area: Area::Email,
    severity: Severity::Low,
    confidence: Confidence::High,
    summary: "The SPF record has neither `all` nor `redirect=`, so mail from other servers is neutral by default",
    help: "End the record with `-all` or `~all`",
    docs: include_str!("docs/spf-no-all.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Some(spf) = &obs.spf else { return };
        // A record that does not parse is `spf-invalid`; its missing `all` is beside the point.
        if spf.records.len() == 1
            && spf.all.is_none()
            && !spf.redirect
            && crate::email::parse(&spf.records[0]).is_ok()
        {
            out.report(
                &obs.domain,
                "",
                format!("`{}` ends without `all` or `redirect=`", spf.records[0]),
            );
        }
    }),
};

/// `spf-ptr-used`.
pub(crate) const SPF_PTR: ProbeCheck = ProbeCheck {
    id: "spf-ptr-used",
    name: "SPF uses the deprecated ptr mechanism",
    area: Area::Email,
    severity: Severity::Low,
    confidence: Confidence::High,
    summary: "The SPF record (or one it includes) uses `ptr`, which RFC 7208 says not to use: slow, unreliable, and some receivers ignore it",
    help: "Replace `ptr` with `ip4:`/`ip6:` ranges or `a:`",
    docs: include_str!("docs/spf-ptr-used.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Some(spf) = &obs.spf else { return };
        for p in &spf.ptr {
            out.report(&obs.domain, p, format!("`{p}`"));
        }
    }),
};

/// `dmarc-missing`.
pub(crate) const DMARC_MISSING: ProbeCheck = ProbeCheck {
    id: "dmarc-missing",
    name: "No DMARC record",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "Neither the domain nor its organizational domain publishes DMARC, so spoofed mail from it is delivered",
    help: "Publish `_dmarc.<domain>` TXT `v=DMARC1; p=quarantine; rua=mailto:dmarc@<domain>`",
    docs: include_str!("docs/dmarc-missing.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if obs.dmarc_failed.is_none() && obs.dmarc.is_empty() {
            out.report(
                &obs.domain,
                "",
                format!("no `v=DMARC1` record at {}", obs.dmarc_name),
            );
        }
    }),
};

/// `dmarc-invalid`.
pub(crate) const DMARC_INVALID: ProbeCheck = ProbeCheck {
    id: "dmarc-invalid",
    name: "DMARC record invalid",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "The DMARC record is ignored by receivers: several records, `v=DMARC1` not first, no or a bad `p=`, or malformed tags",
    help: "Publish exactly one record: `v=DMARC1; p=quarantine; rua=mailto:…`",
    docs: include_str!("docs/dmarc-invalid.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if obs.dmarc.len() > 1 {
            out.report(
                &obs.domain,
                "multiple",
                format!(
                    "{} publishes {} DMARC records; receivers ignore them all",
                    obs.dmarc_name,
                    obs.dmarc.len()
                ),
            );
            return;
        }
        if let Some(r) = obs.dmarc.first() {
            for e in dmarc_errors(r) {
                out.report(&obs.domain, &e, format!("{}: {e}", obs.dmarc_name));
            }
        }
    }),
};

/// `dmarc-policy-weak`.
pub(crate) const DMARC_WEAK: ProbeCheck = ProbeCheck {
    id: "dmarc-policy-weak",
    name: "DMARC policy below the minimum",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "DMARC's policy (`p=`, or `sp=`/`np=` for subdomains) is weaker than the policy minimum, or applies to only part of the mail (`pct` < 100)",
    help: "Move to `p=quarantine` (then `reject`) once DMARC reports show your own mail aligns",
    docs: include_str!("docs/dmarc-policy-weak.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, ctx, out| {
        let [r] = obs.dmarc.as_slice() else { return };
        if !dmarc_errors(r).is_empty() {
            return;
        }
        let tags = dmarc_tags(r);
        let min = strength(&ctx.cfg.dmarc_min_policy).unwrap_or(1);
        let p = tag(&tags, "p").and_then(strength).unwrap_or(0);
        if p < min {
            out.report(
                &obs.domain,
                "p",
                format!(
                    "`p={}` is weaker than the policy minimum `{}`",
                    tag(&tags, "p").unwrap_or_default(),
                    ctx.cfg.dmarc_min_policy
                ),
            );
        }
        for sub in ["sp", "np"] {
            if let Some(v) = tag(&tags, sub)
                && strength(v).is_some_and(|s| s < min)
            {
                out.report_as(
                    &obs.domain,
                    sub,
                    format!(
                        "`{sub}={v}` leaves subdomains below the policy minimum `{}`",
                        ctx.cfg.dmarc_min_policy
                    ),
                    Severity::Medium,
                    None,
                );
            }
        }
        if let Some(pct) = tag(&tags, "pct").and_then(|v| v.parse::<u8>().ok())
            && pct < 100
        {
            out.report_as(
                &obs.domain,
                "pct",
                format!("`pct={pct}`: the policy applies to {pct}% of failing mail (RFC 7489)"),
                Severity::Low,
                None,
            );
        }
    }),
};

/// `dmarc-no-reports`.
pub(crate) const DMARC_NO_REPORTS: ProbeCheck = ProbeCheck {
    id: "dmarc-no-reports",
    name: "DMARC without aggregate reports",
    area: Area::Email,
    severity: Severity::Low,
    confidence: Confidence::High,
    summary: "The DMARC record has no `rua=`, so nobody sees which servers send as the domain or whether its own mail aligns",
    help: "Add `rua=mailto:dmarc-reports@<domain>` (or your DMARC service's address)",
    docs: include_str!("docs/dmarc-no-reports.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let [r] = obs.dmarc.as_slice() else { return };
        if tag(&dmarc_tags(r), "rua").is_none() {
            out.report(&obs.domain, "", format!("{} has no `rua=`", obs.dmarc_name));
        }
    }),
};

/// DKIM tags of a key record.
fn dkim_tags(record: &str) -> Vec<(String, String)> {
    dmarc_tags(record)
}

/// The RSA modulus size of a DKIM `p=` key (base64 SubjectPublicKeyInfo), if it parses.
pub(crate) fn rsa_bits(p: &str) -> Option<u32> {
    use x509_parser::prelude::FromDer;
    let clean: String = p.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64_decode(&clean)?;
    let (_, spki) = x509_parser::x509::SubjectPublicKeyInfo::from_der(&der).ok()?;
    match spki.parsed().ok()? {
        x509_parser::public_key::PublicKey::RSA(rsa) => Some(rsa.key_size() as u32),
        _ => None,
    }
}

/// Standard base64, padded or not.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

/// `dkim-missing`.
pub(crate) const DKIM_MISSING: ProbeCheck = ProbeCheck {
    id: "dkim-missing",
    name: "DKIM key not published",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "A configured DKIM selector has no key record, so mail signed with it fails DKIM",
    help: "Publish the selector's TXT record from your mail provider (`<selector>._domainkey.<domain>`)",
    docs: include_str!("docs/dkim-missing.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        for (sel, a) in &obs.dkim {
            let has_key = a
                .records()
                .iter()
                .any(|r| dkim_tags(r).iter().any(|(k, _)| k == "p"));
            if a.failure().is_none() && !has_key {
                out.report(
                    &format!("{sel}._domainkey.{}", obs.domain),
                    sel,
                    "no DKIM key record".to_owned(),
                );
            }
        }
    }),
};

/// `dkim-key-weak`.
pub(crate) const DKIM_WEAK: ProbeCheck = ProbeCheck {
    id: "dkim-key-weak",
    name: "DKIM key revoked, weak or in testing",
    area: Area::Email,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "A DKIM selector's key is revoked (empty `p=`), an RSA key under 1024 bits (fail) or 2048 (warn), or flagged `t=y` (testing)",
    help: "Rotate to a 2048-bit RSA (or Ed25519 plus RSA) key and publish it; drop `t=y` once signing works",
    docs: include_str!("docs/dkim-key-weak.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx: &Ctx<'_>, out: &mut Out<'_>| {
        for (sel, a) in &obs.dkim {
            let name = format!("{sel}._domainkey.{}", obs.domain);
            for r in a.records() {
                let tags = dkim_tags(r);
                let Some(p) = tag(&tags, "p") else { continue };
                let k = tag(&tags, "k").unwrap_or("rsa").to_ascii_lowercase();
                if p.is_empty() {
                    out.report(
                        &name,
                        "revoked",
                        "the key is revoked (`p=` is empty): mail signed with this selector fails"
                            .to_owned(),
                    );
                    continue;
                }
                if k == "rsa" {
                    match rsa_bits(p) {
                        Some(bits) if bits < 1024 => out.report(
                            &name,
                            "size",
                            format!("{bits}-bit RSA key (receivers reject keys under 1024 bits)"),
                        ),
                        Some(bits) if bits < 2048 => out.report_as(
                            &name,
                            "size",
                            format!("{bits}-bit RSA key (2048 recommended)"),
                            Severity::Medium,
                            None,
                        ),
                        Some(_) => {}
                        None => out.report(
                            &name,
                            "unparsable",
                            "`p=` is not a valid RSA public key".to_owned(),
                        ),
                    }
                }
                if tag(&tags, "t").is_some_and(|t| t.split(':').any(|f| f.trim() == "y")) {
                    out.report_as(
                        &name,
                        "testing",
                        "`t=y`: receivers treat failures as testing".to_owned(),
                        Severity::Low,
                        None,
                    );
                }
            }
        }
    }),
};

/// `mx-missing`.
pub(crate) const MX_MISSING: ProbeCheck = ProbeCheck {
    id: "mx-missing",
    name: "No MX record",
    area: Area::Email,
    severity: Severity::Medium,
    confidence: Confidence::Medium,
    summary: "The domain has no MX (and no null MX): replies to its mail bounce or go to its A record",
    help: "Publish MX records for your mail provider, or a null MX (`0 .`) if the domain receives no mail",
    docs: include_str!("docs/mx-missing.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        if obs.mx.is_void() {
            out.report(&obs.domain, "", "no MX records".to_owned());
        }
    }),
};

/// `mx-invalid`.
pub(crate) const MX_INVALID: ProbeCheck = ProbeCheck {
    id: "mx-invalid",
    name: "MX host invalid",
    area: Area::Email,
    severity: Severity::Medium,
    confidence: Confidence::High,
    summary: "An MX host is an IP address, a CNAME, or a name that does not resolve",
    help: "Point MX records at host names with A/AAAA records (not IPs, not CNAMEs)",
    docs: include_str!("docs/mx-invalid.md"),
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
pub(crate) const NULL_MX: ProbeCheck = ProbeCheck {
    id: "null-mx-inconsistent",
    name: "Non-mail domain can still be spoofed",
    area: Area::Email,
    severity: Severity::Medium,
    confidence: Confidence::High,
    summary: "The domain declares it takes no mail (null MX) but its SPF is not `v=spf1 -all` or its DMARC is not `p=reject`",
    help: "For a domain that sends no mail: SPF `v=spf1 -all` and DMARC `p=reject`",
    docs: include_str!("docs/null-mx-inconsistent.md"),
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
pub(crate) const TLS_RPT: ProbeCheck = ProbeCheck {
    id: "tls-rpt-missing",
    name: "No TLS-RPT record",
    area: Area::Email,
    severity: Severity::Low,
    confidence: Confidence::High,
    summary: "A domain that receives mail publishes no `_smtp._tls` TLS-RPT record, so failed TLS deliveries go unreported",
    help: "Publish `_smtp._tls.<domain>` TXT `v=TLSRPTv1; rua=mailto:tls-reports@<domain>`",
    docs: include_str!("docs/tls-rpt-missing.md"),
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

/// `staging-host-resolves`.
pub(crate) const STAGING_RESOLVES: ProbeCheck = ProbeCheck {
    id: "staging-host-resolves",
    name: "Non-production host still resolves",
    area: Area::Deployment,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "A host the policy lists as retired (old staging, previews) still resolves publicly",
    help: "Delete its DNS records (and the environment behind it), or take it off the list if it is meant to live",
    docs: include_str!("docs/staging-host-resolves.md"),
    scope: Scope::MustNotResolve,
    run: Run::Domain(|obs, _ctx, out| {
        for (host, a) in &obs.must_not_resolve {
            if let Answer::Records(addrs) = a {
                out.report(host, host, format!("resolves to {}", addrs.join(", ")));
            }
        }
    }),
};

/// `dangling-cname`.
pub(crate) const DANGLING_CNAME: ProbeCheck = ProbeCheck {
    id: "dangling-cname",
    name: "CNAME points at a name that does not exist",
    area: Area::Deployment,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "A host is an alias for a name that no longer exists: whoever registers that name (a deleted cloud app, bucket or page) serves your host",
    help: "Delete the CNAME, or recreate what it points at; then check the cloud account for similar leftovers",
    docs: include_str!("docs/dangling-cname.md"),
    scope: Scope::DnsHosts,
    run: Run::Domain(|obs, _ctx, out| {
        for h in &obs.hosts {
            if let (Some(c), Some(Answer::NxDomain)) = (&h.cname, &h.target) {
                out.report(
                    &h.host,
                    c,
                    format!("is a CNAME for {c}, which does not exist (NXDOMAIN): a takeover risk"),
                );
            }
        }
    }),
};

/// `caa-missing`.
pub(crate) const CAA_MISSING: ProbeCheck = ProbeCheck {
    id: "caa-missing",
    name: "No CAA records",
    area: Area::Tls,
    severity: Severity::Low,
    confidence: Confidence::High,
    summary: "Neither the host nor any parent domain publishes CAA, so every public CA may issue certificates for it",
    help: "Publish CAA for the CAs you use, e.g. `example.com. CAA 0 issue \"letsencrypt.org\"`",
    docs: include_str!("docs/caa-missing.md"),
    scope: Scope::DnsHosts,
    run: Run::Domain(|obs, _ctx, out| {
        for h in &obs.hosts {
            if h.caa.is_void() {
                out.report(
                    &h.host,
                    "",
                    "no CAA records at the host or any parent domain".to_owned(),
                );
            }
        }
    }),
};

/// `dmarc-report-destination-unauthorized`.
pub(crate) const DMARC_REPORT_AUTH: ProbeCheck = ProbeCheck {
    id: "dmarc-report-destination-unauthorized",
    name: "DMARC reports sent to an unauthorized domain",
    area: Area::Email,
    severity: Severity::Medium,
    confidence: Confidence::High,
    summary: "DMARC sends reports to another domain that has not published the authorization record, so receivers drop those reports",
    help: "Ask the report provider to publish `<your domain>._report._dmarc.<their domain>` TXT `v=DMARC1` (RFC 7489 §7.1)",
    docs: include_str!("docs/dmarc-report-destination-unauthorized.md"),
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        for (dest, a) in &obs.report_auth {
            let authorized = a
                .records()
                .iter()
                .any(|r| r.trim_start().to_ascii_lowercase().starts_with("v=dmarc1"));
            if a.failure().is_none() && !authorized {
                out.report(
                    &obs.domain,
                    dest,
                    format!("reports go to {dest}, which has no `{}._report._dmarc.{dest}` authorization", obs.domain),
                );
            }
        }
    }),
};

/// `mta-sts-missing`.
pub(crate) const MTA_STS_MISSING: ProbeCheck = ProbeCheck {
    id: "mta-sts-missing",
    name: "No MTA-STS",
    area: Area::Email,
    severity: Severity::Low,
    confidence: Confidence::High,
    summary: "A domain that receives mail publishes no MTA-STS, so senders may deliver to it without TLS or to a spoofed MX",
    help: "Publish `_mta-sts.<domain>` TXT `v=STSv1; id=<date>` and the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt",
    docs: include_str!("docs/mta-sts-missing.md"),
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
    id: "mta-sts-invalid",
    name: "MTA-STS broken",
    area: Area::Email,
    severity: Severity::Medium,
    confidence: Confidence::High,
    summary: "MTA-STS is announced but broken: the TXT lacks an id, the policy file cannot be fetched over valid HTTPS or is malformed, or its mx patterns do not cover the MX hosts",
    help: "Serve a valid policy (version, mode, mx, max_age) over HTTPS with a trusted certificate, listing every MX host",
    docs: include_str!("docs/mta-sts-invalid.md"),
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
        let p = crate::email::parse_sts_policy(&r.body);
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
                    .any(|m| crate::email::sts_mx_matches(m, &h.host))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dmarc_tags_are_checked() {
        assert!(
            dmarc_errors("v=DMARC1; p=reject; rua=mailto:d@example.com; adkim=s; pct=100")
                .is_empty()
        );
        let e = dmarc_errors("p=reject; v=DMARC1");
        assert!(e[0].contains("start with"), "{e:?}");
        let e = dmarc_errors("v=DMARC1; p=block; rua=https://x.example/r; pct=150");
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            dmarc_errors("v=DMARC1; sp=none")
                .iter()
                .any(|x| x.contains("no `p=`"))
        );
    }

    #[test]
    fn base64_and_rsa_sizes() {
        assert_eq!(base64_decode("TWFu"), Some(b"Man".to_vec()));
        assert_eq!(base64_decode("TWE="), Some(b"Ma".to_vec()));
        assert!(base64_decode("not base64!").is_none());
    }
}
