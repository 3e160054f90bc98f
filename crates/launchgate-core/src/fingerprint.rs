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

    /// Whether `s` has the form of a fingerprint: 32 lowercase hex digits, optionally followed by
    /// `-N` (N ≥ 2) for the second and later occurrence of one secret in one file.
    pub fn is_well_formed(s: &str) -> bool {
        let (hash, n) = match s.split_once('-') {
            Some((h, n)) => (h, Some(n)),
            None => (s, None),
        };
        hash.len() == 32
            && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && n.is_none_or(|n| {
                !n.starts_with('0') && n.parse::<u32>().is_ok_and(|n| n >= 2) && n.len() <= 9
            })
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

/// The part of a path a fingerprint keys on: the path with build content hashes collapsed to `*`
/// (`dist/assets/index-BjZ8CcfB.js` → `dist/assets/index-*.js`, `main.3f2a1b9c.js` →
/// `main.*.js`, a Next.js build-id directory → `*`), so a finding in build output keeps its
/// fingerprint, and its baseline entry, across builds. The secret's hash is the content identity.
pub fn path_identity(path: &str) -> std::borrow::Cow<'_, str> {
    fn hashlike(t: &str, min: usize) -> bool {
        let alnum = t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        let digit = t.bytes().any(|b| b.is_ascii_digit());
        let upper = t.bytes().any(|b| b.is_ascii_uppercase());
        let lower = t.bytes().any(|b| b.is_ascii_lowercase());
        let hex = t.bytes().all(|b| b.is_ascii_hexdigit());
        t.len() >= min && alnum && ((digit && (hex || upper || lower)) || (upper && lower))
    }
    let segments: Vec<&str> = path.split('/').collect();
    let mut out: Vec<String> = Vec::with_capacity(segments.len());
    for (i, seg) in segments.iter().enumerate() {
        if i + 1 < segments.len() {
            // A directory: only a long build id.
            out.push(if hashlike(seg, 16) {
                "*".into()
            } else {
                (*seg).into()
            });
            continue;
        }
        let (stem, exts) = seg.split_once('.').unwrap_or((seg, ""));
        let stem = match stem.split_once('-') {
            Some((base, tail)) if !base.is_empty() && hashlike(tail, 6) => format!("{base}-*"),
            _ => stem.to_owned(),
        };
        let mut name = stem;
        let tokens: Vec<&str> = if exts.is_empty() {
            Vec::new()
        } else {
            exts.split('.').collect()
        };
        for (j, t) in tokens.iter().enumerate() {
            name.push('.');
            // The last token is the extension.
            name.push_str(if j + 1 < tokens.len() && hashlike(t, 8) {
                "*"
            } else {
                t
            });
        }
        out.push(name);
    }
    let joined = out.join("/");
    if joined == path {
        std::borrow::Cow::Borrowed(path)
    } else {
        std::borrow::Cow::Owned(joined)
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
    fn build_hashes_leave_the_path_identity_and_names_stay() {
        for (path, id) in [
            ("dist/assets/index-BjZ8CcfB.js", "dist/assets/index-*.js"),
            (
                "build/static/js/main.3f2a1b9c.js",
                "build/static/js/main.*.js",
            ),
            (
                "build/static/js/2.5c3a9f1e.chunk.js",
                "build/static/js/2.*.chunk.js",
            ),
            (
                ".next/static/Xk9fQ2mZ7pLw3RtY8vB1c/_buildManifest.js",
                ".next/static/*/_buildManifest.js",
            ),
            ("dist/assets/index-D-9a_xYz.js", "dist/assets/index-*.js"),
        ] {
            assert_eq!(path_identity(path), id, "{path}");
        }
        for kept in [
            "src/oauth2client.js",
            "src/react-dom.js",
            "src/chunk-vendors.js",
            "src/app.config.js",
            "deploy/env.sh",
            "src/s3-upload.ts",
            "lib/v8-compat.js",
        ] {
            assert_eq!(path_identity(kept), kept);
        }
    }

    #[test]
    fn well_formed_fingerprints_are_what_compute_and_disambiguate_make() {
        let fp = Fingerprint::compute("c", "p", b"e");
        assert!(Fingerprint::is_well_formed(fp.as_str()));
        assert!(Fingerprint::is_well_formed(&format!("{fp}-2")));
        for bad in [
            &fp.as_str()[..31],
            &format!("{fp}0"),
            &fp.as_str().to_uppercase(),
            &format!("{fp}-1"),
            &format!("{fp}-02"),
            &format!("{fp}-"),
            &format!("{fp}-x"),
            "",
        ] {
            assert!(!Fingerprint::is_well_formed(bad), "{bad}");
        }
    }

    #[test]
    fn fingerprint_is_stable_and_separates_its_parts() {
        let a = Fingerprint::compute("rule", "src/a.rs", b"x");
        assert_eq!(a, Fingerprint::compute("rule", "src/a.rs", b"x"));
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, Fingerprint::compute("rule", "src/a.r", b"sx"));
        assert_ne!(a, Fingerprint::compute("rule2", "src/a.rs", b"x"));
    }
}
