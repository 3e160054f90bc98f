//! TLS checks over the chain as served: trust, host name, validity window, expiry horizon, key
//! strength, and legacy protocol versions.

use launchgate_core::{Area, Confidence, Severity};

use super::{ProbeCheck, Run, Scope};
use crate::model::{CertFacts, Observation, TlsFacts};

const DAY: i64 = 86_400;

fn tls(obs: &Observation) -> Option<&TlsFacts> {
    obs.tls.as_ref()
}

fn url(obs: &Observation) -> &str {
    &obs.url
}

fn days(secs: i64) -> i64 {
    secs.div_euclid(DAY)
}

/// Whether `name` (a certificate DNS name, possibly `*.x`) covers `host`.
pub(crate) fn name_matches(name: &str, host: &str) -> bool {
    let (name, host) = (name.to_ascii_lowercase(), host.to_ascii_lowercase());
    match name.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, tail)| !label.is_empty() && tail == rest),
        None => name == host,
    }
}

fn date(secs: i64) -> String {
    let d = days(secs);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = d + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{}-{m:02}-{day:02}", if m <= 2 { y + 1 } else { y })
}

fn who(c: &CertFacts, i: usize) -> String {
    if i == 0 {
        format!("the certificate for {}", c.subject)
    } else {
        format!("chain certificate {} ({})", i + 1, c.subject)
    }
}

/// `tls-certificate-expired`.
pub(crate) const TLS_CERTIFICATE_EXPIRED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-certificate-expired",
        name: "TLS certificate expired or not yet valid",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "A certificate in the served chain is outside its validity window",
        help: "Renew the certificate and serve the current intermediate; automate renewal (ACME) so it cannot lapse",
        docs: include_str!("docs/tls-certificate-expired.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(t) = tls(obs) else { return };
        for (i, c) in t.chain.iter().enumerate() {
            if c.not_after < ctx.now && i > 0 && t.trust_error.is_none() {
                // A leftover cross-sign the verified path does not use: browsers ignore it.
                out.report_as(
                    url(obs),
                    &c.subject,
                    format!(
                        "{} expired on {}; the chain still verifies without it, so drop it from the served chain",
                        who(c, i),
                        date(c.not_after)
                    ),
                    Severity::Low,
                    None,
                );
            } else if c.not_after < ctx.now {
                out.report(
                    url(obs),
                    &c.subject,
                    format!("{} expired on {}", who(c, i), date(c.not_after)),
                );
            } else if c.not_before > ctx.now {
                out.report(
                    url(obs),
                    &c.subject,
                    format!("{} is not valid until {}", who(c, i), date(c.not_before)),
                );
            }
        }
    }),
};

/// `tls-certificate-expiring`.
pub(crate) const TLS_CERTIFICATE_EXPIRING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-certificate-expiring",
        name: "TLS certificate expires soon",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The site's certificate expires within the policy's horizon",
        help: "Renew now and automate renewal well before expiry",
        docs: include_str!("docs/tls-certificate-expiring.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(leaf) = tls(obs).and_then(|t| t.chain.first()) else {
            return;
        };
        if leaf.not_after < ctx.now {
            return; // tls-certificate-expired
        }
        let left = days(leaf.not_after - ctx.now);
        let (fail, warn) = (
            i64::from(ctx.cfg.options.tls.expiry_fail_days),
            i64::from(ctx.cfg.options.tls.expiry_warn_days),
        );
        let severity = if left < fail {
            Severity::High
        } else if left < warn {
            Severity::Medium
        } else {
            return;
        };
        out.report_as(
            url(obs),
            &leaf.subject,
            format!(
                "the certificate expires on {} ({left} day{} left; fails under {fail}, warns under {warn})",
                date(leaf.not_after),
                if left == 1 { "" } else { "s" }
            ),
            severity,
            None,
        );
    }),
};

/// `tls-hostname-mismatch`.
pub(crate) const TLS_HOSTNAME_MISMATCH: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-hostname-mismatch",
        name: "TLS certificate does not cover the host",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "The served certificate is not valid for the host name browsers ask for",
        help: "Issue a certificate whose subject alternative names include this host",
        docs: include_str!("docs/tls-hostname-mismatch.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let Some(t) = tls(obs) else { return };
        let Some(leaf) = t.chain.first() else { return };
        if !leaf.dns_names.iter().any(|n| name_matches(n, &t.host)) {
            out.report(
                url(obs),
                &t.host,
                format!(
                    "the certificate covers {} but not {}",
                    if leaf.dns_names.is_empty() {
                        "no host names".to_owned()
                    } else {
                        leaf.dns_names.join(", ")
                    },
                    t.host
                ),
            );
        }
    }),
};

/// `tls-certificate-untrusted`.
pub(crate) const TLS_CERTIFICATE_UNTRUSTED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-certificate-untrusted",
        name: "TLS certificate not trusted",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "The served chain does not lead to a trusted root (self-signed, unknown CA, missing intermediate)",
        help: "Serve the full chain from a public CA (or name your internal CA with `probe.tls.ca-file`)",
        docs: include_str!("docs/tls-certificate-untrusted.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(t) = tls(obs) else { return };
        let Some(err) = &t.trust_error else { return };
        // Expiry and host name have their own checks; this one is about the issuer.
        let lower = err.to_ascii_lowercase();
        let explained = t
            .chain
            .iter()
            .any(|c| c.not_after < ctx.now || c.not_before > ctx.now)
            && (lower.contains("expired") || lower.contains("not valid"))
            || lower.contains("notvalidforname")
            || lower.contains("not valid for name");
        if !explained {
            out.report(url(obs), "", format!("the chain is not trusted: {err}"));
        }
    }),
};

/// `tls-weak-key`.
pub(crate) const TLS_WEAK_KEY: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-weak-key",
        name: "Weak TLS key",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A certificate in the chain uses an RSA key under 2048 bits or an EC key under 256 bits",
        help: "Reissue with an RSA-2048+ or P-256 key",
        docs: include_str!("docs/tls-weak-key.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let Some(t) = tls(obs) else { return };
        for (i, c) in t.chain.iter().enumerate() {
            let weak = match c.key_algorithm.as_str() {
                "RSA" => c.key_bits > 0 && c.key_bits < 2048,
                "EC" => c.key_bits > 0 && c.key_bits < 256,
                _ => false,
            };
            if weak {
                out.report(
                    url(obs),
                    &c.subject,
                    format!(
                        "{} has a {}-bit {} key",
                        who(c, i),
                        c.key_bits,
                        c.key_algorithm
                    ),
                );
            }
        }
    }),
};

/// `tls-legacy-protocol`.
pub(crate) const TLS_LEGACY_PROTOCOL: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-legacy-protocol",
        name: "Legacy TLS version accepted",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The server still completes a TLS 1.0 or 1.1 handshake",
        help: "Allow TLS 1.2 and 1.3 only",
        docs: include_str!("docs/tls-legacy-protocol.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        let Some(t) = tls(obs) else { return };
        if !t.legacy_accepted.is_empty() {
            out.report(
                url(obs),
                "",
                format!(
                    "the server answered a {} ClientHello with a ServerHello",
                    t.legacy_accepted.join(" and ")
                ),
            );
        }
    }),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(name_matches("*.example.com", "app.example.com"));
        assert!(!name_matches("*.example.com", "example.com"));
        assert!(!name_matches("*.example.com", "a.b.example.com"));
        assert!(name_matches("App.Example.com", "app.example.com"));
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_796_083_200), "2026-12-01");
        assert_eq!(date(951_782_400), "2000-02-29");
    }
}
