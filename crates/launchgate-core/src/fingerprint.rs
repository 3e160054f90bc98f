//! Finding fingerprints: stable identities that survive moved lines, so a baseline or an ignore
//! entry keeps matching the same finding after unrelated edits.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Finding;
use crate::redact::hex;

/// SHA-256 over the check id, the location identity and the evidence identity, shown as 32 hex
/// digits (128 bits). Line numbers are deliberately left out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// Computes the fingerprint of a finding of `check` at `location_identity` (a repo-relative
    /// path, a URL or a host) with `evidence_identity` (for secrets, the keyed hash of the value).
    pub fn compute(check: &str, location_identity: &str, evidence_identity: &[u8]) -> Self {
        let mut h = Sha256::new();
        // Length-prefix each part so ("ab", "c") and ("a", "bc") hash differently.
        for part in [
            check.as_bytes(),
            location_identity.as_bytes(),
            evidence_identity,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        h.update(b"launchgate/v1");
        Fingerprint(hex(&h.finalize()[..16]))
    }

    /// Wraps an existing fingerprint string (from a baseline or policy file).
    pub fn from_string(s: impl Into<String>) -> Self {
        Fingerprint(s.into())
    }

    /// The fingerprint text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Gives findings that share a fingerprint (the same secret twice in one file) distinct ones by
/// appending `-2`, `-3`… in the order given. Callers sort findings first so the counter is stable.
pub fn disambiguate_fingerprints(findings: &mut [Finding]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in findings.iter_mut() {
        let n = seen.entry(f.fingerprint.0.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            f.fingerprint.0 = format!("{}-{}", f.fingerprint.0, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_separates_its_parts() {
        let a = Fingerprint::compute("rule", "src/a.rs", b"x");
        assert_eq!(a, Fingerprint::compute("rule", "src/a.rs", b"x"));
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, Fingerprint::compute("rule", "src/a.r", b"sx"));
        assert_ne!(a, Fingerprint::compute("rule2", "src/a.rs", b"x"));
    }
}
