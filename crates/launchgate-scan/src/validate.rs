//! Structure checks of a matched secret, where the provider documents one: checksums (GitHub,
//! npm), JWTs whose header and payload decode, PEM bodies that decode to a key, AWS key ids in
//! their base32 alphabet, base64 `user:password` pairs, PyPI macaroons. A check either confirms
//! the format (the finding keeps or raises its confidence), weakens it (a made-up value in the
//! right shape: reported with low confidence and a note), or rejects a look-alike outright.

use hmac::{Hmac, Mac};
use launchgate_core::Confidence;
use serde::Deserialize;
use sha2::{Sha256, Sha384, Sha512};

use crate::decode::base64_decode;

/// Structural checks too specific for a regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Validator {
    /// A JWT whose payload has `"role": "service_role"` (Supabase's RLS-bypassing key).
    SupabaseServiceRole,
    /// GitHub's token format: 30 random base62 characters then their CRC32 in 6 base62
    /// characters (also npm's `npm_` tokens).
    Base62Crc32,
    /// A JWT: header and payload decode as JSON objects, the header names an algorithm. A
    /// short-lived one (an hour's access token) is not a secret worth failing a build on;
    /// one signed with a guessable HMAC key is, whatever its lifetime.
    Jwt,
    /// A PEM or OpenSSH private key whose body decodes to a key structure.
    PemPrivateKey,
    /// An AWS access key id: a four-letter prefix and 16 characters of base32 (`A-Z`, `2-7`).
    AwsKeyId,
    /// Base64 of `user:password` (HTTP Basic, Docker `auth`, `.npmrc` `_auth`).
    Base64Credentials,
    /// Base64 of exactly 64 bytes (Azure storage account keys).
    Base64Key64,
    /// A PyPI API token: a macaroon whose location is pypi.org (or test.pypi.org).
    PypiMacaroon,
}

/// What a validator made of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The structure verifies: at least the given confidence.
    Confirmed(Confidence, Option<&'static str>),
    /// Right shape, wrong structure (a checksum that fails): reported with low confidence.
    Weak(&'static str),
    /// Not this secret at all.
    Rejected,
}

impl Validator {
    /// One line for the rule's docs page.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Validator::SupabaseServiceRole => {
                "the JWT's payload must carry `\"role\": \"service_role\"`"
            }
            Validator::Base62Crc32 => {
                "the last six characters are the CRC32 of the 30 before them, in base62; a token whose checksum does not verify is reported with low confidence (a made-up value in the right shape)"
            }
            Validator::Jwt => {
                "the header and payload must decode as JSON and name a signing algorithm; a token that lives a day or less is not reported, one signed with a guessable HMAC key (`secret`, `your-256-bit-secret`…) is reported with high confidence"
            }
            Validator::PemPrivateKey => {
                "the body must decode from base64 to a key structure (DER, `openssh-key-v1`, or encrypted)"
            }
            Validator::AwsKeyId => {
                "the 16 characters after the prefix must be base32 (`A-Z`, `2-7`); others are reported with low confidence"
            }
            Validator::Base64Credentials => {
                "the value must decode from base64 to `user:password`, with a password that is not a default"
            }
            Validator::Base64Key64 => "the value must decode from base64 to exactly 64 bytes",
            Validator::PypiMacaroon => {
                "the macaroon must decode and name pypi.org; others are reported with low confidence"
            }
        }
    }

    pub(crate) fn check(self, secret: &[u8]) -> Outcome {
        match self {
            Validator::SupabaseServiceRole => {
                match jwt_parts(secret).and_then(|(_, p)| p.get("role").cloned()) {
                    Some(serde_json::Value::String(r)) if r == "service_role" => {
                        Outcome::Confirmed(Confidence::High, None)
                    }
                    _ => Outcome::Rejected,
                }
            }
            Validator::Base62Crc32 => base62_crc32(secret),
            Validator::Jwt => jwt(secret),
            Validator::PemPrivateKey => pem_private_key(secret),
            Validator::AwsKeyId => {
                let body = secret.get(4..).unwrap_or_default();
                // `ASIAMARKETSREPORTING`: a constant in capitals, not a key id.
                if !body.iter().any(u8::is_ascii_digit)
                    && crate::filters::is_wordy(&body.to_ascii_lowercase())
                {
                    return Outcome::Rejected;
                }
                if body.len() == 16 && body.iter().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7')) {
                    Outcome::Confirmed(Confidence::High, None)
                } else {
                    Outcome::Weak(
                        "not in the base32 alphabet AWS key ids use: likely a made-up value",
                    )
                }
            }
            Validator::Base64Credentials => base64_credentials(secret),
            Validator::Base64Key64 => match base64_decode(secret) {
                Some(k) if k.len() == 64 => Outcome::Confirmed(Confidence::High, None),
                _ => Outcome::Rejected,
            },
            Validator::PypiMacaroon => {
                let body = secret.strip_prefix(b"pypi-").unwrap_or(secret);
                // The location sits in the first packet; 96 characters decode it whole.
                let head = &body[..body.len().min(96) / 4 * 4];
                match base64_decode(head) {
                    Some(d) if memchr::memmem::find(&d, b"pypi.org").is_some() => {
                        Outcome::Confirmed(Confidence::High, None)
                    }
                    _ => Outcome::Weak("not a pypi.org macaroon: likely a made-up value"),
                }
            }
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Encodes `n` in base62, left-padded with `0` to `width`.
pub(crate) fn base62(mut n: u32, width: usize) -> String {
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).unwrap_or_default()
}

fn base62_crc32(secret: &[u8]) -> Outcome {
    // prefix_ + 30 + 6; the prefix is everything up to and including the last `_`.
    let body_start = secret.iter().rposition(|&b| b == b'_').map_or(0, |i| i + 1);
    let body = &secret[body_start..];
    if body.len() != 36 {
        return Outcome::Weak("not the 36 characters of a checksummed token");
    }
    let (entropy, check) = body.split_at(30);
    let expected = base62(crc32fast::hash(entropy), 6);
    if expected.as_bytes() == check {
        Outcome::Confirmed(Confidence::High, Some("checksum verifies"))
    } else {
        Outcome::Weak("checksum does not verify: likely a made-up value")
    }
}

/// The header and payload of a JWT, if both decode as JSON objects.
pub(crate) fn jwt_parts(
    token: &[u8],
) -> Option<(
    serde_json::Map<String, serde_json::Value>,
    serde_json::Map<String, serde_json::Value>,
)> {
    let mut parts = token.split(|b| *b == b'.');
    let header = parts.next()?;
    let payload = parts.next()?;
    let object = |p: &[u8]| match serde_json::from_slice(&base64_decode(p)?).ok()? {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    };
    Some((object(header)?, object(payload)?))
}

/// HMAC keys that tutorials, libraries' READMEs and generators use, and that people ship.
const GUESSABLE_JWT_KEYS: &[&str] = &[
    "secret",
    "your-256-bit-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
    "secretkey",
    "secret_key",
    "secret-key",
    "mysecret",
    "my_secret",
    "my-secret",
    "supersecret",
    "super-secret",
    "jwt_secret",
    "jwtsecret",
    "jwt-secret",
    "changeme",
    "password",
    "123456",
    "key",
    "shhhhh",
    "keyboard cat",
    "test",
    "default",
    "s3cr3t",
];

fn jwt(secret: &[u8]) -> Outcome {
    let Some((header, payload)) = jwt_parts(secret) else {
        return Outcome::Rejected;
    };
    let Some(alg) = header.get("alg").and_then(|a| a.as_str()) else {
        return Outcome::Rejected;
    };
    if alg.eq_ignore_ascii_case("none") {
        // Unsigned: anyone can make one; it proves nothing and grants nothing by itself.
        return Outcome::Rejected;
    }
    // Supabase's anon key is public by design (row-level security decides what it may do).
    if payload.get("role").and_then(|r| r.as_str()) == Some("anon") {
        return Outcome::Rejected;
    }
    if alg.starts_with("HS") && signed_with_guessable_key(secret, alg) {
        return Outcome::Confirmed(
            Confidence::High,
            Some("signed with a guessable HMAC key: anyone can mint tokens"),
        );
    }
    let time = |k: &str| payload.get(k).and_then(serde_json::Value::as_i64);
    match (time("exp"), time("iat").or_else(|| time("nbf"))) {
        // An access token that lived an hour or a day is long dead by the time it is read here.
        (Some(exp), Some(iat)) if exp > iat && exp - iat <= 24 * 3600 => Outcome::Rejected,
        (None, _) => Outcome::Confirmed(Confidence::Medium, Some("never expires")),
        _ => Outcome::Confirmed(Confidence::Medium, None),
    }
}

fn signed_with_guessable_key(token: &[u8], alg: &str) -> bool {
    let Some(dot) = token.iter().rposition(|&b| b == b'.') else {
        return false;
    };
    let (signed, sig) = (&token[..dot], &token[dot + 1..]);
    let Some(sig) = base64_decode(sig) else {
        return false;
    };
    GUESSABLE_JWT_KEYS.iter().any(|k| {
        let mac = match alg {
            "HS256" => Hmac::<Sha256>::new_from_slice(k.as_bytes()).map(|mut m| {
                m.update(signed);
                m.finalize().into_bytes().to_vec()
            }),
            "HS384" => Hmac::<Sha384>::new_from_slice(k.as_bytes()).map(|mut m| {
                m.update(signed);
                m.finalize().into_bytes().to_vec()
            }),
            "HS512" => Hmac::<Sha512>::new_from_slice(k.as_bytes()).map(|mut m| {
                m.update(signed);
                m.finalize().into_bytes().to_vec()
            }),
            _ => return false,
        };
        mac.is_ok_and(|m| m == sig)
    })
}

fn pem_private_key(secret: &[u8]) -> Outcome {
    let text = secret;
    let Some(begin) = memchr::memmem::find(text, b"-----BEGIN ") else {
        // The body alone (the rule's secret group): base64 of a DER structure or an OpenSSH key.
        let body: Vec<u8> = unescaped_body(text);
        return match base64_decode(&body) {
            Some(der)
                if der.len() >= 32 && (der[0] == 0x30 || der.starts_with(b"openssh-key-v1\0")) =>
            {
                Outcome::Confirmed(Confidence::High, None)
            }
            _ => Outcome::Rejected,
        };
    };
    let after = &text[begin..];
    let Some(header_end) = memchr::memmem::find(&after[11..], b"-----").map(|i| i + 16) else {
        return Outcome::Rejected;
    };
    let label = &after[11..header_end - 5];
    let end =
        memchr::memmem::find(&after[header_end..], b"-----END").unwrap_or(after.len() - header_end);
    let body_text = &after[header_end..header_end + end];
    // Encrypted legacy PEM has headers (`Proc-Type:`, `DEK-Info:`) before a blank line; PGP
    // armour has `Version:` lines.
    let encrypted = memchr::memmem::find(body_text, b"Proc-Type:").is_some()
        || memchr::memmem::find(label, b"ENCRYPTED").is_some();
    let body: Vec<u8> = unescaped_body(body_text)
        .split(|&b| b == b'\n')
        .filter(|l| !l.contains(&b':'))
        .flat_map(|l| l.iter().copied())
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    // PGP armour ends its body with a `=XXXX` checksum line.
    let body = if memchr::memmem::find(label, b"PGP").is_some() {
        match body.iter().rposition(|&b| b == b'=') {
            Some(i) if body.len() - i == 5 => body[..i].to_vec(),
            _ => body,
        }
    } else {
        body
    };
    let Some(der) = base64_decode(&body) else {
        return Outcome::Rejected;
    };
    if der.len() < 32 {
        return Outcome::Rejected;
    }
    let structured = if memchr::memmem::find(label, b"OPENSSH").is_some() {
        der.starts_with(b"openssh-key-v1\0")
    } else if memchr::memmem::find(label, b"PGP").is_some()
        || encrypted
        || memchr::memmem::find(label, b"PUTTY").is_some()
    {
        true
    } else {
        der[0] == 0x30
    };
    if structured {
        Outcome::Confirmed(Confidence::High, None)
    } else {
        Outcome::Rejected
    }
}

/// A PEM body with JSON's `\n` escapes turned back into line breaks and other whitespace kept.
fn unescaped_body(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' && matches!(text.get(i + 1), Some(b'n' | b'r')) {
            out.push(b'\n');
            i += 2;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

fn base64_credentials(secret: &[u8]) -> Outcome {
    let Some(d) = base64_decode(secret) else {
        return Outcome::Rejected;
    };
    let Some(colon) = d.iter().position(|&b| b == b':') else {
        return Outcome::Rejected;
    };
    let (user, pass) = (&d[..colon], &d[colon + 1..]);
    let printable = |s: &[u8]| s.iter().all(|b| b.is_ascii_graphic() || *b == b' ');
    if user.is_empty() || pass.len() < 4 || !printable(user) || !printable(pass) {
        return Outcome::Rejected;
    }
    if crate::filters::is_placeholder(pass)
        || crate::filters::is_default_password(pass)
        || crate::filters::is_public_key(pass)
        || crate::filters::is_documented_example(pass)
    {
        return Outcome::Rejected;
    }
    Outcome::Confirmed(Confidence::High, Some("base64 of user:password"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64url(s: &str) -> String {
        crate::decode::base64url_encode(s.as_bytes())
    }

    fn sign(alg_input: &str, key: &str) -> String {
        let mut m = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
        m.update(alg_input.as_bytes());
        crate::decode::base64url_encode(&m.finalize().into_bytes())
    }

    #[test]
    fn base62_crc32_tokens_verify_their_checksum() {
        let entropy = "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ";
        let good = format!(
            "ghp_{entropy}{}",
            base62(crc32fast::hash(entropy.as_bytes()), 6)
        );
        assert!(matches!(
            Validator::Base62Crc32.check(good.as_bytes()),
            Outcome::Confirmed(Confidence::High, _)
        ));
        let bad = format!("ghp_{entropy}000000");
        assert!(matches!(
            Validator::Base62Crc32.check(bad.as_bytes()),
            Outcome::Weak(_)
        ));
        assert_eq!(base62(0, 6), "000000");
        assert_eq!(base62(61, 2), "0z");
    }

    #[test]
    fn jwts_are_secrets_when_long_lived_or_weakly_signed() {
        let h = b64url(r#"{"alg":"HS256","typ":"JWT"}"#);
        let long = b64url(r#"{"sub":"42","iat":1700000000}"#);
        let short = b64url(r#"{"sub":"42","iat":1700000000,"exp":1700003600}"#);
        let strong = "k8Zq2Lx0vR9TmB4nYc7HsJ1pWd5fGa3e";
        let t = |p: &str, key: &str| {
            let input = format!("{h}.{p}");
            format!("{input}.{}", sign(&input, key))
        };
        assert!(matches!(
            Validator::Jwt.check(t(&long, strong).as_bytes()),
            Outcome::Confirmed(Confidence::Medium, Some("never expires"))
        ));
        assert_eq!(
            Validator::Jwt.check(t(&short, strong).as_bytes()),
            Outcome::Rejected
        );
        assert!(matches!(
            Validator::Jwt.check(t(&short, "secret").as_bytes()),
            Outcome::Confirmed(Confidence::High, _)
        ));
        assert_eq!(
            Validator::Jwt.check(b"eyJhbGciOi.notjson.x"),
            Outcome::Rejected
        );
        let none = format!("{}.{long}.", b64url(r#"{"alg":"none"}"#));
        assert_eq!(Validator::Jwt.check(none.as_bytes()), Outcome::Rejected);
    }

    #[test]
    fn supabase_service_role_reads_the_role_claim() {
        let token = b"eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl";
        assert!(matches!(
            Validator::SupabaseServiceRole.check(token),
            Outcome::Confirmed(..)
        ));
        assert_eq!(
            Validator::SupabaseServiceRole.check(b"eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x"),
            Outcome::Rejected
        );
    }

    #[test]
    fn credentials_and_keys_decode() {
        let creds = crate::decode::base64_encode(b"deploy:Xk29sLq0vR7w");
        assert!(matches!(
            Validator::Base64Credentials.check(creds.as_bytes()),
            Outcome::Confirmed(..)
        ));
        let weak = crate::decode::base64_encode(b"admin:password");
        assert_eq!(
            Validator::Base64Credentials.check(weak.as_bytes()),
            Outcome::Rejected
        );
        let key = crate::decode::base64_encode(&[7u8; 64]);
        assert!(matches!(
            Validator::Base64Key64.check(key.as_bytes()),
            Outcome::Confirmed(..)
        ));
        let short = crate::decode::base64_encode(&[7u8; 32]);
        assert_eq!(
            Validator::Base64Key64.check(short.as_bytes()),
            Outcome::Rejected
        );
        assert!(matches!(
            Validator::AwsKeyId.check(["AKIA", "Q2RZ3L7MNW4XKP5T"].concat().as_bytes()),
            Outcome::Confirmed(..)
        ));
        assert!(matches!(
            Validator::AwsKeyId.check(b"AKIA0123456789ABCDEF"),
            Outcome::Weak(_)
        ));
        assert_eq!(
            Validator::AwsKeyId.check(b"ASIAMARKETSREPORTING"),
            Outcome::Rejected
        );
    }
}
