//! The baseline: findings a team has accepted for now, by fingerprint, so a gate can be adopted
//! on a repository with known debt and still fail on anything new. The file holds fingerprints,
//! rule ids and paths, never a secret.

use std::collections::BTreeMap;
use std::path::Path;

use launchgate_core::Finding;
use serde::{Deserialize, Serialize};

/// Default file name, at the repository root.
pub const BASELINE_FILE: &str = ".launchgate-baseline.json";

/// Largest baseline file read.
const MAX_BASELINE_BYTES: u64 = 16 << 20;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// Its rule or check id, for humans reading the file.
    pub check: String,
    /// Its path, for humans reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// When it was written, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The check value of the fingerprint key it was written with
    /// ([`launchgate_core::SecretHasher::key_check`]); absent in files from before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_check: Option<String>,
    /// The accepted findings.
    pub findings: Vec<BaselineEntry>,
    /// Where it was read from, for messages.
    #[serde(skip)]
    pub file: String,
}

/// Why a baseline could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("cannot read baseline {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("invalid baseline {file}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

impl Baseline {
    /// A baseline accepting `findings`, sorted by path and check so diffs stay small.
    pub fn from_findings<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
        created: Option<String>,
        key_check: String,
    ) -> Baseline {
        let mut by_fp: BTreeMap<String, BaselineEntry> = BTreeMap::new();
        for f in findings {
            by_fp.insert(
                f.fingerprint.as_str().to_owned(),
                BaselineEntry {
                    fingerprint: f.fingerprint.as_str().to_owned(),
                    check: f.check.clone(),
                    path: f.path().map(str::to_owned),
                },
            );
        }
        let mut findings: Vec<BaselineEntry> = by_fp.into_values().collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.check, &a.fingerprint).cmp(&(&b.path, &b.check, &b.fingerprint))
        });
        Baseline {
            version: 1,
            created,
            key_check: Some(key_check),
            findings,
            file: String::new(),
        }
    }

    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        use std::io::Read;
        let file = path.display().to_string();
        let read = || -> std::io::Result<Vec<u8>> {
            let mut buf = Vec::new();
            std::fs::File::open(path)?
                .take(MAX_BASELINE_BYTES)
                .read_to_end(&mut buf)?;
            Ok(buf)
        };
        let bytes = read().map_err(|source| BaselineError::Read {
            file: file.clone(),
            source,
        })?;
        Baseline::parse(&bytes, file)
    }

    /// Parses a baseline's bytes; `file` names it in messages.
    pub fn parse(bytes: &[u8], file: String) -> Result<Baseline, BaselineError> {
        let mut b: Baseline =
            serde_json::from_slice(bytes).map_err(|e| BaselineError::Invalid {
                file: file.clone(),
                message: format!("line {}, column {}: {e}", e.line(), e.column()),
            })?;
        if b.version != 1 {
            return Err(BaselineError::Invalid {
                file,
                message: format!("version {} is not supported (expected 1)", b.version),
            });
        }
        if let Some((i, e)) = b
            .findings
            .iter()
            .enumerate()
            .find(|(_, e)| !launchgate_core::Fingerprint::is_well_formed(&e.fingerprint))
        {
            return Err(BaselineError::Invalid {
                file,
                message: format!(
                    "findings[{i}]: `{}` is not a fingerprint (expected 32 lowercase hex digits, and `-N` for a repeat)",
                    launchgate_core::printable(&e.fingerprint)
                ),
            });
        }
        b.file = file;
        Ok(b)
    }

    /// Checks that this baseline was written with the fingerprint key `hasher` uses: under
    /// another key no fingerprint can match, and every accepted finding would come back as new.
    pub fn check_key(&self, hasher: &launchgate_core::SecretHasher) -> Result<(), BaselineError> {
        match &self.key_check {
            Some(k) if *k != hasher.key_check() => Err(BaselineError::Invalid {
                file: self.file.clone(),
                message: format!(
                    "it was written with {}, and this run uses {}: none of its fingerprints can match. Run with the key it was written with, or rewrite it with `launchgate baseline` under the key CI uses (fork pull requests get no CI secrets, so a keyed baseline cannot serve them)",
                    if *k == launchgate_core::SecretHasher::default().key_check() {
                        "the built-in fingerprint key".to_owned()
                    } else {
                        format!("a LAUNCHGATE_FINGERPRINT_KEY (check value {k})")
                    },
                    if hasher.is_default_key() {
                        "the built-in key (LAUNCHGATE_FINGERPRINT_KEY is not set)".to_owned()
                    } else {
                        format!("another key (check value {})", hasher.key_check())
                    }
                ),
            }),
            _ => Ok(()),
        }
    }

    /// The file's JSON text.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
