//! DKIM checks (RFC 6376): the selectors the policy names, and their key sizes.
//! A lookup that failed is an engine error, never an absence.

use launchgate_core::{Area, Confidence, Severity};

use super::dmarc::{dmarc_tags, tag};
use super::{Ctx, Out, ProbeCheck, Run, Scope};

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
    def: launchgate_core::CheckDef {
        id: "dkim-missing",
        name: "DKIM key not published",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A configured DKIM selector has no key record, so mail signed with it fails DKIM",
        help: "Publish the selector's TXT record from your mail provider (`<selector>._domainkey.<domain>`)",
        docs: include_str!("docs/dkim-missing.md"),
    },
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
pub(crate) const DKIM_KEY_WEAK: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "dkim-key-weak",
        name: "DKIM key revoked, weak or in testing",
        engine: launchgate_core::Engine::Probe,
        area: Area::Email,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A DKIM selector's key is revoked (empty `p=`), an RSA key under 1024 bits (fail) or 2048 (warn), or flagged `t=y` (testing)",
        help: "Rotate to a 2048-bit RSA (or Ed25519 plus RSA) key and publish it; drop `t=y` once signing works",
        docs: include_str!("docs/dkim-key-weak.md"),
    },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_rsa_sizes() {
        assert_eq!(base64_decode("TWFu"), Some(b"Man".to_vec()));
        assert_eq!(base64_decode("TWE="), Some(b"Ma".to_vec()));
        assert!(base64_decode("not base64!").is_none());
    }
}
