//! DMARC checks (RFC 7489; where its successor draft disagrees on `pct`, `rf` and `ri`, these
//! follow RFC 7489 and only note `pct`), including external report destinations' authorization.
//! A lookup that failed is an engine error, never an absence.

use launchgate_core::{Area, Confidence, DmarcPolicy, Severity};

use super::{ProbeCheck, Run, Scope};

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

pub(crate) fn tag<'a>(tags: &'a [(String, String)], name: &str) -> Option<&'a str> {
    tags.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn strength(p: &str) -> Option<DmarcPolicy> {
    DmarcPolicy::parse(p)
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

/// `dmarc-missing`.
pub(crate) const DMARC_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "dmarc-missing",
        name: "No DMARC record",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "Neither the domain nor its organizational domain publishes DMARC, so spoofed mail from it is delivered",
        help: "Publish `_dmarc.<domain>` TXT `v=DMARC1; p=quarantine; rua=mailto:dmarc@<domain>`",
        docs: include_str!("docs/dmarc-missing.md"),
    },
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
    def: launchgate_core::CheckDef {
        id: "dmarc-invalid",
        name: "DMARC record invalid",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The DMARC record is ignored by receivers: several records, `v=DMARC1` not first, no or a bad `p=`, or malformed tags",
        help: "Publish exactly one record: `v=DMARC1; p=quarantine; rua=mailto:…`",
        docs: include_str!("docs/dmarc-invalid.md"),
    },
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
pub(crate) const DMARC_POLICY_WEAK: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "dmarc-policy-weak",
        name: "DMARC policy below the minimum",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "DMARC's policy (`p=`, or `sp=`/`np=` for subdomains) is weaker than the policy minimum, or applies to only part of the mail (`pct` < 100)",
        help: "Move to `p=quarantine` (then `reject`) once DMARC reports show your own mail aligns",
        docs: include_str!("docs/dmarc-policy-weak.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, ctx, out| {
        let [r] = obs.dmarc.as_slice() else { return };
        if !dmarc_errors(r).is_empty() {
            return;
        }
        let tags = dmarc_tags(r);
        let min = ctx.cfg.options.email.dmarc_min_policy;
        let p = tag(&tags, "p")
            .and_then(strength)
            .unwrap_or(DmarcPolicy::None);
        if p < min {
            out.report(
                &obs.domain,
                "p",
                format!(
                    "`p={}` is weaker than the policy minimum `{}`",
                    tag(&tags, "p").unwrap_or_default(),
                    ctx.cfg.options.email.dmarc_min_policy
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
                        ctx.cfg.options.email.dmarc_min_policy
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
    def: launchgate_core::CheckDef {
        id: "dmarc-no-reports",
        name: "DMARC without aggregate reports",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "The DMARC record has no `rua=`, so nobody sees which servers send as the domain or whether its own mail aligns",
        help: "Add `rua=mailto:dmarc-reports@<domain>` (or your DMARC service's address)",
        docs: include_str!("docs/dmarc-no-reports.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let [r] = obs.dmarc.as_slice() else { return };
        if tag(&dmarc_tags(r), "rua").is_none() {
            out.report(&obs.domain, "", format!("{} has no `rua=`", obs.dmarc_name));
        }
    }),
};

/// `dmarc-report-destination-unauthorized`.
pub(crate) const DMARC_REPORT_DESTINATION_UNAUTHORIZED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "dmarc-report-destination-unauthorized",
        name: "DMARC reports sent to an unauthorized domain",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "DMARC sends reports to another domain that has not published the authorization record, so receivers drop those reports",
        help: "Ask the report provider to publish `<your domain>._report._dmarc.<their domain>` TXT `v=DMARC1` (RFC 7489 §7.1)",
        docs: include_str!("docs/dmarc-report-destination-unauthorized.md"),
    },
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
}
