//! Redaction of secret values. A found secret never leaves the engine as text: it becomes a
//! [`Redacted`] (a short prefix, the length and a keyed hash) before it is put in a finding, so no
//! renderer, log line or snapshot can print it by mistake.

use std::fmt;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The key used when none is configured. Fingerprints are then comparable across every
/// launchgate installation; set `LAUNCHGATE_FINGERPRINT_KEY` to make them unguessable.
const DEFAULT_KEY: &[u8] = b"launchgate/fingerprint/v1";

/// Keyed hash (HMAC-SHA-256) of secret values, for fingerprints and redacted evidence.
///
/// A plain hash of a short password could be reversed by guessing; a keyed one cannot be without
/// the key. The default key is public, so fingerprints stay stable between runs and machines.
#[derive(Clone)]
pub struct SecretHasher {
    mac: Hmac<Sha256>,
}

impl SecretHasher {
    /// A hasher with the given key.
    pub fn new(key: &[u8]) -> Self {
        // HMAC accepts keys of any length, so this cannot fail.
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
            .expect("internal error: HMAC accepts keys of any length");
        SecretHasher { mac }
    }

    /// A short value identifying the key (not revealing it): what a baseline records, so a
    /// baseline read under another key is one clear error instead of silently matching nothing.
    pub fn key_check(&self) -> String {
        hex(&self.digest(b"launchgate/key-check/v1")[..4])
    }

    /// Whether this is the built-in key (no `LAUNCHGATE_FINGERPRINT_KEY`).
    pub fn is_default_key(&self) -> bool {
        self.key_check() == SecretHasher::default().key_check()
    }

    /// The keyed SHA-256 digest of a secret.
    pub fn digest(&self, secret: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(secret);
        mac.finalize().into_bytes().into()
    }
}

impl Default for SecretHasher {
    fn default() -> Self {
        SecretHasher::new(DEFAULT_KEY)
    }
}

impl fmt::Debug for SecretHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHasher(..)")
    }
}

/// Evidence of a secret that is safe to print: a short prefix, the length, and a keyed hash that
/// lets two reports be compared without either holding the value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Redacted {
    prefix: String,
    length: usize,
    hash: String,
}

impl Redacted {
    /// Redacts `secret`. The prefix is at most 8 characters and never more than a quarter of the
    /// value, so a short password shows one or two characters and a 20-character key shows five.
    pub fn new(secret: &str, hasher: &SecretHasher) -> Self {
        Redacted::with_max_prefix(secret, hasher, 8)
    }

    /// Redacts `secret` showing at most `max_prefix` characters (and never more than a quarter).
    /// Generic and password rules use 0: a prefix only helps when it names the provider.
    pub fn with_max_prefix(secret: &str, hasher: &SecretHasher, max_prefix: usize) -> Self {
        let length = secret.chars().count();
        let shown = (length / 4).min(max_prefix);
        let prefix: String = secret.chars().take(shown).collect();
        let digest = hasher.digest(secret.as_bytes());
        Redacted {
            prefix,
            length,
            hash: hex(&digest[..4]),
        }
    }

    /// The characters shown before the ellipsis.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The length of the secret, in characters.
    pub fn length(&self) -> usize {
        self.length
    }

    /// The first 8 hex digits of the keyed hash.
    pub fn hash(&self) -> &str {
        &self.hash
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}… ({} chars, hmac {})",
            self.prefix, self.length, self.hash
        )
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_a_short_prefix_the_length_and_a_hash_but_not_the_value() {
        let secret = "sk_live_0123abcdEFGHijklMNOPqrst";
        let r = Redacted::new(secret, &SecretHasher::default());
        let shown = r.to_string();
        assert!(shown.starts_with("sk_live_…"), "{shown}");
        assert!(shown.contains("32 chars"), "{shown}");
        assert!(!shown.contains("0123abcd"), "{shown}");
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("0123abcd"), "{json}");
    }

    #[test]
    fn short_values_show_almost_nothing() {
        let r = Redacted::new("hunter2!", &SecretHasher::default());
        assert_eq!(r.prefix(), "hu");
        let r = Redacted::new("abc", &SecretHasher::default());
        assert_eq!(r.prefix(), "");
    }

    #[test]
    fn the_hash_depends_on_the_key() {
        let a = Redacted::new("same-value", &SecretHasher::new(b"one"));
        let b = Redacted::new("same-value", &SecretHasher::new(b"two"));
        let c = Redacted::new("same-value", &SecretHasher::new(b"one"));
        assert_ne!(a.hash(), b.hash());
        assert_eq!(a.hash(), c.hash());
    }

    #[test]
    fn debug_of_the_hasher_hides_the_key() {
        let h = SecretHasher::new(b"topsecretkey");
        assert!(!format!("{h:?}").contains("topsecret"));
    }
}
