//! SPF checks (RFC 7208) over the record `spf.rs` parsed and walked.
//! A lookup that failed is an engine error, never an absence.

use launchgate_core::probe_options::SpfAll;
use launchgate_core::{Area, Confidence, Severity};

use super::mail_transport::null_mx;
use super::{ProbeCheck, Run, Scope};

/// `spf-missing`.
pub(crate) const SPF_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "spf-missing",
        name: "No SPF record",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The domain publishes no SPF record, so receivers cannot tell its mail from forgeries",
        help: "Publish one TXT record `v=spf1 include:<your provider> -all` (or `v=spf1 -all` if the domain sends no mail)",
        docs: include_str!("docs/spf-missing.md"),
    },
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
    def: launchgate_core::CheckDef {
        id: "spf-invalid",
        name: "SPF record invalid",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The SPF record is a permanent error for receivers: several records, a syntax error, more than 10 DNS lookups, more than 2 void lookups, a loop or an include without SPF",
        help: "Fix the named problem; flatten includes you do not need so the record stays under 10 lookups",
        docs: include_str!("docs/spf-invalid.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Some(spf) = &obs.spf else { return };
        for e in &spf.errors {
            out.report(&obs.domain, e, e.clone());
        }
    }),
};

/// `spf-too-permissive`.
pub(crate) const SPF_TOO_PERMISSIVE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "spf-too-permissive",
        name: "SPF allows anyone",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "The SPF record ends in `+all` or `?all`, so every server on the internet passes (or is neutral) as the domain",
        help: "End the record with `-all` (or `~all` while you verify mail flow with DMARC reports)",
        docs: include_str!("docs/spf-too-permissive.md"),
    },
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
            Some('~') if ctx.cfg.options.email.spf_all == SpfAll::Fail => out.report_as(
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
    def: launchgate_core::CheckDef {
        id: "spf-no-all",
        name: "SPF record has no final verdict",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "The SPF record has neither `all` nor `redirect=`, so mail from other servers is neutral by default",
        help: "End the record with `-all` or `~all`",
        docs: include_str!("docs/spf-no-all.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Some(spf) = &obs.spf else { return };
        // A record that does not parse is `spf-invalid`; its missing `all` is beside the point.
        if spf.records.len() == 1
            && spf.all.is_none()
            && !spf.redirect
            && crate::spf::parse(&spf.records[0]).is_ok()
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
pub(crate) const SPF_PTR_USED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "spf-ptr-used",
        name: "SPF uses the deprecated ptr mechanism",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "The SPF record (or one it includes) uses `ptr`, which RFC 7208 says not to use: slow, unreliable, and some receivers ignore it",
        help: "Replace `ptr` with `ip4:`/`ip6:` ranges or `a:`",
        docs: include_str!("docs/spf-ptr-used.md"),
    },
    scope: Scope::Domains,
    run: Run::Domain(|obs, _ctx, out| {
        let Some(spf) = &obs.spf else { return };
        for p in &spf.ptr {
            out.report(&obs.domain, p, format!("`{p}`"));
        }
    }),
};
