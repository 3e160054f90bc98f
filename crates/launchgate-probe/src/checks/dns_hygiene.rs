//! DNS hygiene of the hosts that serve users: retired hosts that still resolve, dangling
//! CNAMEs, CAA.
//! A lookup that failed is an engine error, never an absence.

use launchgate_core::{Area, Confidence, Severity};

use super::{ProbeCheck, Run, Scope};
use crate::dns::Answer;

/// `staging-host-resolves`.
pub(crate) const STAGING_HOST_RESOLVES: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "staging-host-resolves",
        name: "Non-production host still resolves",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A host the policy lists as retired (old staging, previews) still resolves publicly",
        help: "Delete its DNS records (and the environment behind it), or take it off the list if it is meant to live",
        docs: include_str!("docs/staging-host-resolves.md"),
    },
    scope: Scope::MustNotResolve,
    run: Run::Hosts(|obs, _ctx, out| {
        for (host, a) in &obs.must_not_resolve {
            if let Answer::Records(addrs) = a {
                out.report(host, host, format!("resolves to {}", addrs.join(", ")));
            }
        }
    }),
};

/// `dangling-cname`.
pub(crate) const DANGLING_CNAME: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "dangling-cname",
        name: "CNAME points at a name that does not exist",
        engine: launchgate_core::Engine::Probe,
        area: Area::Deployment,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A host is an alias for a name that no longer exists: whoever registers that name (a deleted cloud app, bucket or page) serves your host",
        help: "Delete the CNAME, or recreate what it points at; then check the cloud account for similar leftovers",
        docs: include_str!("docs/dangling-cname.md"),
    },
    scope: Scope::DnsHosts,
    run: Run::Hosts(|obs, _ctx, out| {
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
    def: launchgate_core::CheckDef {
        id: "caa-missing",
        name: "No CAA records",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "Neither the host nor any parent domain publishes CAA, so every public CA may issue certificates for it",
        help: "Publish CAA for the CAs you use, e.g. `example.com. CAA 0 issue \"letsencrypt.org\"`",
        docs: include_str!("docs/caa-missing.md"),
    },
    scope: Scope::DnsHosts,
    run: Run::Hosts(|obs, _ctx, out| {
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
