//! TLS cipher suites by their IANA code and name (the registry's facts), and how each one is
//! judged against a declared Mozilla server-side TLS profile. The hand-built ClientHellos offer
//! these codes; observations and findings carry the IANA names.

use launchgate_core::probe_options::TlsProfile;

/// Every suite the scanner offers: IANA code and name. PSK and SRP suites are left out (a server
/// never picks them without a pre-shared secret).
pub(crate) const SUITES: &[(u16, &str)] = &[
    (0x0001, "TLS_RSA_WITH_NULL_MD5"),
    (0x0002, "TLS_RSA_WITH_NULL_SHA"),
    (0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"),
    (0x0004, "TLS_RSA_WITH_RC4_128_MD5"),
    (0x0005, "TLS_RSA_WITH_RC4_128_SHA"),
    (0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"),
    (0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"),
    (0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    (0x0009, "TLS_RSA_WITH_DES_CBC_SHA"),
    (0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
    (0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"),
    (0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"),
    (0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"),
    (0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"),
    (0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"),
    (0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    (0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"),
    (0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"),
    (0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"),
    (0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    (0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA"),
    (0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA"),
    (0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"),
    (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    (0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
    (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    (0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA"),
    (0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA"),
    (0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"),
    (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    (0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA"),
    (0x003b, "TLS_RSA_WITH_NULL_SHA256"),
    (0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    (0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
    (0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"),
    (0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"),
    (0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA"),
    (0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"),
    (0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA"),
    (0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
    (0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"),
    (0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
    (0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256"),
    (0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256"),
    (0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"),
    (0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA"),
    (0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"),
    (0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA"),
    (0x0096, "TLS_RSA_WITH_SEED_CBC_SHA"),
    (0x009a, "TLS_DHE_RSA_WITH_SEED_CBC_SHA"),
    (0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    (0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"),
    (0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"),
    (0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"),
    (0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384"),
    (0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    (0x00bd, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256"),
    (0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    (0x00bf, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256"),
    (0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
    (0x00c3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256"),
    (0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256"),
    (0x00c5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256"),
    (0x1301, "TLS_AES_128_GCM_SHA256"),
    (0x1302, "TLS_AES_256_GCM_SHA384"),
    (0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
    (0x1304, "TLS_AES_128_CCM_SHA256"),
    (0x1305, "TLS_AES_128_CCM_8_SHA256"),
    (0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"),
    (0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"),
    (0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA"),
    (0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"),
    (0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"),
    (0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    (0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    (0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"),
    (0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"),
    (0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA"),
    (0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
    (0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    (0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    (0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    (0xc015, "TLS_ECDH_anon_WITH_NULL_SHA"),
    (0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA"),
    (0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"),
    (0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"),
    (0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"),
    (0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
    (0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
    (0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
    (0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    (0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    (0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    (0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256"),
    (0xc051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384"),
    (0xc052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256"),
    (0xc053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384"),
    (0xc056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256"),
    (0xc057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384"),
    (0xc05c, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256"),
    (0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384"),
    (0xc060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256"),
    (0xc061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384"),
    (0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256"),
    (0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384"),
    (0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"),
    (0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384"),
    (0xc09c, "TLS_RSA_WITH_AES_128_CCM"),
    (0xc09d, "TLS_RSA_WITH_AES_256_CCM"),
    (0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM"),
    (0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM"),
    (0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8"),
    (0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8"),
    (0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8"),
    (0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8"),
    (0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
    (0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"),
    (0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"),
    (0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8"),
    (0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
];

/// The IANA name of a suite code (`0x1a2b` when it is not in the table).
pub(crate) fn name(code: u16) -> String {
    SUITES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| (*n).to_owned())
        .unwrap_or_else(|| format!("0x{code:04x}"))
}

/// Whether a suite is one of TLS 1.3's (they carry no key exchange in the name).
pub(crate) fn is_tls13(name: &str) -> bool {
    !name.contains("_WITH_")
}

/// Whether a suite can be negotiated below TLS 1.2 (no SHA-2 MAC, no AEAD).
pub(crate) fn before_tls12(name: &str) -> bool {
    !is_tls13(name)
        && !["_GCM_", "_CCM", "CHACHA20", "_SHA256", "_SHA384"]
            .iter()
            .any(|m| name.contains(m))
}

/// What is wrong with an accepted suite under a profile, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Judgement {
    /// Broken whatever the profile: no encryption, no authentication, export-grade, RC4, DES,
    /// MD5.
    Broken(&'static str),
    /// A 64-bit block cipher (3DES, IDEA): Sweet32; only Mozilla's `old` profile keeps 3DES.
    Weak(&'static str),
    /// A static RSA or DH key exchange: a stolen server key decrypts recorded traffic.
    NoForwardSecrecy,
    /// Sound, but not in the profile's list (CBC, SHA-1 MAC, Camellia, ARIA, TLS 1.2 under
    /// `modern`).
    OutsideProfile,
    /// In the profile.
    Fine,
}

/// Judges one accepted suite under `profile`.
pub(crate) fn judge(name: &str, profile: TlsProfile) -> Judgement {
    let has = |m: &str| name.contains(m);
    if has("_NULL_") || name.ends_with("_NULL") {
        return Judgement::Broken("without encryption");
    }
    if has("_anon_") {
        return Judgement::Broken("without server authentication");
    }
    if has("EXPORT") {
        return Judgement::Broken("with export-grade keys");
    }
    if has("_RC4_") || has("_RC2_") {
        return Judgement::Broken("with RC4");
    }
    if has("_DES_CBC_") || has("_DES40_") {
        return Judgement::Broken("with single DES");
    }
    if name.ends_with("_MD5") {
        return Judgement::Broken("with an MD5 MAC");
    }
    let old = profile == TlsProfile::Old;
    if has("_3DES_") && !old {
        return Judgement::Weak("with a 64-bit block cipher, open to Sweet32");
    }
    if has("_IDEA_") {
        return Judgement::Weak("with a 64-bit block cipher, open to Sweet32");
    }
    if is_tls13(name) {
        return if name.contains("CCM_8") && !old {
            Judgement::OutsideProfile
        } else {
            Judgement::Fine
        };
    }
    let ephemeral = name.starts_with("TLS_ECDHE_") || name.starts_with("TLS_DHE_");
    if !ephemeral {
        return if old {
            Judgement::Fine
        } else {
            Judgement::NoForwardSecrecy
        };
    }
    match profile {
        TlsProfile::Old => Judgement::Fine,
        TlsProfile::Modern => Judgement::OutsideProfile,
        TlsProfile::Intermediate => {
            let aead = name.ends_with("_AES_128_GCM_SHA256")
                || name.ends_with("_AES_256_GCM_SHA384")
                || name.ends_with("_CHACHA20_POLY1305_SHA256");
            let kx = name.starts_with("TLS_ECDHE_ECDSA_")
                || name.starts_with("TLS_ECDHE_RSA_")
                || name.starts_with("TLS_DHE_RSA_");
            if aead && kx {
                Judgement::Fine
            } else {
                Judgement::OutsideProfile
            }
        }
    }
}

/// Named groups by code (TLS supported_groups), with their strength in bits of security.
pub(crate) const GROUPS: &[(u16, &str, u32)] = &[
    (0x0001, "sect163k1", 80),
    (0x0003, "sect163r2", 80),
    (0x000f, "secp160k1", 80),
    (0x0010, "secp160r1", 80),
    (0x0011, "secp160r2", 80),
    (0x0012, "secp192k1", 96),
    (0x0013, "secp192r1", 96),
    (0x0014, "secp224k1", 112),
    (0x0015, "secp224r1", 112),
    (0x0016, "secp256k1", 128),
    (0x0017, "secp256r1", 128),
    (0x0018, "secp384r1", 192),
    (0x0019, "secp521r1", 256),
    (0x001a, "brainpoolP256r1", 128),
    (0x001b, "brainpoolP384r1", 192),
    (0x001c, "brainpoolP512r1", 256),
    (0x001d, "x25519", 128),
    (0x001e, "x448", 224),
    (0x0100, "ffdhe2048", 112),
    (0x0101, "ffdhe3072", 128),
    (0x0102, "ffdhe4096", 152),
];

/// The groups offered in an ordinary hello: what current clients send.
pub(crate) const USUAL_GROUPS: &[u16] = &[0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101];

/// Groups under 128 bits of security, offered alone to see whether the server still takes them.
pub(crate) const WEAK_GROUPS: &[u16] = &[
    0x0001, 0x0003, 0x000f, 0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015,
];

/// The name of a group code.
pub(crate) fn group_name(code: u16) -> String {
    GROUPS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, _)| (*n).to_owned())
        .unwrap_or_else(|| format!("group 0x{code:04x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_names_are_iana() {
        let mut codes: Vec<u16> = SUITES.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SUITES.len());
        assert!(SUITES.iter().all(|(_, n)| n.starts_with("TLS_")));
        assert_eq!(name(0xc02f), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_eq!(name(0xfefe), "0xfefe");
    }

    #[test]
    fn suites_are_judged_after_mozilla() {
        use Judgement::*;
        use TlsProfile::*;
        let j = |n: &str, p| judge(n, p);
        assert_eq!(
            j("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Intermediate),
            Fine
        );
        assert_eq!(
            j("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Intermediate),
            Fine
        );
        assert_eq!(
            j("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Intermediate),
            OutsideProfile
        );
        assert_eq!(
            j("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Modern),
            OutsideProfile
        );
        assert_eq!(j("TLS_AES_128_GCM_SHA256", Modern), Fine);
        assert_eq!(
            j("TLS_RSA_WITH_AES_128_GCM_SHA256", Intermediate),
            NoForwardSecrecy
        );
        assert_eq!(j("TLS_RSA_WITH_AES_128_GCM_SHA256", Old), Fine);
        assert!(matches!(
            j("TLS_RSA_WITH_3DES_EDE_CBC_SHA", Intermediate),
            Weak(_)
        ));
        assert_eq!(j("TLS_RSA_WITH_3DES_EDE_CBC_SHA", Old), Fine);
        assert!(matches!(j("TLS_RSA_WITH_RC4_128_SHA", Old), Broken(_)));
        assert!(matches!(j("TLS_RSA_WITH_NULL_SHA256", Old), Broken(_)));
        assert!(matches!(
            j("TLS_DH_anon_WITH_AES_128_CBC_SHA", Old),
            Broken(_)
        ));
        assert!(matches!(
            j("TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", Old),
            Broken(_)
        ));
        assert!(matches!(j("TLS_RSA_WITH_NULL_MD5", Old), Broken(_)));
        assert!(before_tls12("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
        assert!(!before_tls12("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));
        assert!(!before_tls12("TLS_AES_128_GCM_SHA256"));
    }
}
