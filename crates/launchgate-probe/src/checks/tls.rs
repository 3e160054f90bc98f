//! TLS checks over the chain as served: trust, host name, validity window, expiry horizon, key
//! strength; and what the server accepts (protocol versions, cipher suites, key exchange) judged
//! against the policy's Mozilla profile.

use launchgate_core::probe_options::TlsProfile;
use launchgate_core::{Area, Confidence, Severity};

use super::{ProbeCheck, Run, Scope};
use crate::model::{CertFacts, Observation, TlsFacts};
use crate::suites::{self, Judgement};

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

/// Names a list of suites, at most eight of them.
fn named(names: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut s = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}

/// Every accepted (version, suite), oldest version first.
fn accepted(t: &TlsFacts) -> impl Iterator<Item = (&str, &str)> {
    t.scan.iter().flat_map(|s| {
        s.protocols.iter().flat_map(|p| {
            p.suites
                .iter()
                .map(move |n| (p.version.as_str(), n.as_str()))
        })
    })
}

/// Each suite once, whatever versions accepted it.
fn distinct<'a>(suites: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for s in suites {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// `tls-legacy-protocol`.
pub(crate) const TLS_LEGACY_PROTOCOL: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-legacy-protocol",
        name: "Legacy TLS version accepted",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The server still negotiates SSL 3.0, TLS 1.0 or TLS 1.1",
        help: "Allow TLS 1.2 and 1.3 only",
        docs: include_str!("docs/tls-legacy-protocol.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(scan) = tls(obs).and_then(|t| t.scan.as_ref()) else {
            return;
        };
        let legacy: Vec<_> = scan
            .protocols
            .iter()
            .filter(|p| matches!(p.version.as_str(), "SSLv3" | "TLSv1.0" | "TLSv1.1"))
            .collect();
        if legacy.is_empty() {
            return;
        }
        let old = ctx.cfg.options.tls.profile == TlsProfile::Old;
        let severity = if legacy.iter().any(|p| p.version == "SSLv3") {
            Severity::Critical
        } else if old {
            Severity::Low
        } else {
            Severity::High
        };
        let what = legacy
            .iter()
            .map(|p| {
                let names: Vec<&str> = p.suites.iter().map(String::as_str).collect();
                format!("{} (with {})", p.version, named(&names))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let versions: Vec<&str> = legacy.iter().map(|p| p.version.as_str()).collect();
        out.report_as(
            url(obs),
            &versions.join(","),
            format!(
                "the server accepts {what}{}",
                if old && severity == Severity::Low {
                    "; the `old` TLS profile allows TLS 1.0 and 1.1, which RFC 8996 deprecates"
                } else {
                    ""
                }
            ),
            severity,
            None,
        );
    }),
};

/// `tls-weak-cipher-suite`.
pub(crate) const TLS_WEAK_CIPHER_SUITE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-weak-cipher-suite",
        name: "Broken or weak TLS cipher suite accepted",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The server accepts a cipher suite with no encryption, no authentication, export-grade keys, RC4, DES or MD5 (high), or a 64-bit block cipher such as 3DES (medium)",
        help: "Configure the cipher list of Mozilla's intermediate profile (https://ssl-config.mozilla.org/)",
        docs: include_str!("docs/tls-weak-cipher-suite.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(t) = tls(obs) else { return };
        let profile = ctx.cfg.options.tls.profile;
        let mut worst = None;
        let mut bad = Vec::new();
        for name in distinct(accepted(t).map(|(_, n)| n)) {
            let severity = match suites::judge(name, profile) {
                Judgement::Broken(why) => (Severity::High, why),
                Judgement::Weak(why) => (Severity::Medium, why),
                _ => continue,
            };
            worst = worst.max(Some(severity.0));
            bad.push((name, severity.1));
        }
        let Some(severity) = worst else { return };
        let names: Vec<&str> = bad.iter().map(|(n, _)| *n).collect();
        // Grouped by what is wrong, in the order first seen.
        let reasons = distinct(bad.iter().map(|(_, why)| *why));
        let each: Vec<String> = reasons
            .iter()
            .map(|why| {
                let these: Vec<&str> = bad.iter().filter(|b| b.1 == *why).map(|b| b.0).collect();
                format!("suites {why} ({})", named(&these))
            })
            .collect();
        out.report_as(
            url(obs),
            &names.join(","),
            format!("the server accepts {}", each.join("; ")),
            severity,
            None,
        );
    }),
};

/// `tls-no-forward-secrecy`.
pub(crate) const TLS_NO_FORWARD_SECRECY: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-no-forward-secrecy",
        name: "TLS without forward secrecy",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The server accepts static RSA or DH key exchange, so its private key decrypts recorded traffic (high when nothing forward-secret is offered at all)",
        help: "Offer only ECDHE and DHE suites for TLS 1.2 (Mozilla's intermediate profile), or TLS 1.3",
        docs: include_str!("docs/tls-no-forward-secrecy.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(t) = tls(obs) else { return };
        let profile = ctx.cfg.options.tls.profile;
        let all = distinct(accepted(t).map(|(_, n)| n));
        let static_kx: Vec<&str> = all
            .iter()
            .copied()
            .filter(|n| suites::judge(n, profile) == Judgement::NoForwardSecrecy)
            .collect();
        if static_kx.is_empty() {
            return;
        }
        let forward_secret = all.iter().any(|n| {
            suites::is_tls13(n) || n.starts_with("TLS_ECDHE_") || n.starts_with("TLS_DHE_")
        });
        out.report_as(
            url(obs),
            &static_kx.join(","),
            format!(
                "the server accepts static key exchange: {}{}",
                named(&static_kx),
                if forward_secret {
                    ""
                } else {
                    "; it offers nothing forward-secret"
                }
            ),
            if forward_secret {
                Severity::Medium
            } else {
                Severity::High
            },
            None,
        );
    }),
};

/// `tls-suite-outside-profile`.
pub(crate) const TLS_SUITE_OUTSIDE_PROFILE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-suite-outside-profile",
        name: "TLS suite outside the declared profile",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::Low,
        confidence: Confidence::High,
        summary: "The server accepts sound TLS 1.2 or 1.3 suites that the declared Mozilla profile (`probe.tls.profile`) leaves out: CBC modes, SHA-1 MACs, Camellia, ARIA, or TLS 1.2 at all under `modern`",
        help: "Configure the cipher list of the declared profile (https://ssl-config.mozilla.org/), or declare the profile you mean to serve",
        docs: include_str!("docs/tls-suite-outside-profile.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(t) = tls(obs) else { return };
        let profile = ctx.cfg.options.tls.profile;
        // Older versions are tls-legacy-protocol's; broken and static suites have their checks.
        let outside = distinct(
            accepted(t)
                .filter(|(v, _)| matches!(*v, "TLSv1.2" | "TLSv1.3"))
                .map(|(_, n)| n)
                .filter(|n| suites::judge(n, profile) == Judgement::OutsideProfile),
        );
        if outside.is_empty() {
            return;
        }
        out.report(
            url(obs),
            &outside.join(","),
            format!(
                "the server accepts {} outside the `{}` profile{}",
                named(&outside),
                profile.name(),
                if profile == TlsProfile::Modern {
                    " (TLS 1.3 only)"
                } else {
                    ""
                }
            ),
        );
    }),
};

/// `tls-weak-key-exchange`.
pub(crate) const TLS_WEAK_KEY_EXCHANGE: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "tls-weak-key-exchange",
        name: "Weak TLS key exchange",
        engine: launchgate_core::Engine::Probe,
        area: Area::Tls,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The server's DHE prime is under 2048 bits (high under 1024, Logjam), or ECDHE goes ahead on a curve under 128-bit security",
        help: "Use ECDHE on X25519/P-256/P-384, and for DHE the RFC 7919 group ffdhe2048 or larger",
        docs: include_str!("docs/tls-weak-key-exchange.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let Some(scan) = tls(obs).and_then(|t| t.scan.as_ref()) else {
            return;
        };
        let old = ctx.cfg.options.tls.profile == TlsProfile::Old;
        if let Some(bits) = scan.dh_bits {
            let severity = if bits < 1024 {
                Some(Severity::High)
            } else if bits < 2048 && !old {
                Some(Severity::Medium)
            } else {
                None
            };
            if let Some(severity) = severity {
                out.report_as(
                    url(obs),
                    "dh",
                    format!("the server's DHE key exchange uses a {bits}-bit prime"),
                    severity,
                    None,
                );
            }
        }
        if !scan.weak_groups.is_empty() {
            let strength = |g: &String| {
                suites::GROUPS
                    .iter()
                    .find(|(_, n, _)| n == g)
                    .map_or(0, |(_, _, bits)| *bits)
            };
            let severity = if scan.weak_groups.iter().any(|g| strength(g) < 112) {
                Severity::High
            } else {
                Severity::Medium
            };
            out.report_as(
                url(obs),
                "groups",
                format!(
                    "offered only weak curves, the server still does ECDHE on {}",
                    scan.weak_groups.join(", ")
                ),
                severity,
                None,
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
