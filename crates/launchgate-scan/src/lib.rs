//! The repository scanner: finds leaked secrets in a working tree with a keyword prefilter over
//! every rule (Aho-Corasick), precise per-provider regexes, entropy and placeholder filters, and
//! inline allow comments.
//!
//! Rules are data (`rules/*.yml`); the scanner reports findings and never decides pass or fail.

mod allow;
mod blob;
mod content;
mod filters;
mod matcher;
mod registry;
mod rules;
mod walk;

#[cfg(test)]
mod rule_examples;

use std::path::PathBuf;

use launchgate_core::{CheckMeta, EngineOutput, SecretHasher};

pub use blob::BlobScan;
pub use walk::ScanConfig;

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The built-in rules are broken (a bug in launchgate, caught by its tests).
    #[error("invalid rules in {file}: {message}")]
    Rules {
        /// The rule file or rule id.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The path to scan does not exist or cannot be read.
    #[error("cannot scan {}", path.display())]
    Root {
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An include or exclude glob does not compile.
    #[error("invalid glob `{glob}`: {message}")]
    Glob {
        /// The glob.
        glob: String,
        /// What is wrong.
        message: String,
    },
}

/// Every rule and check the scanner knows, for the policy, `launchgate rules` and the renderers.
pub fn catalog() -> Result<Vec<CheckMeta>, ScanError> {
    Ok(rules::builtin_specs()?
        .iter()
        .map(registry::meta_for)
        .collect())
}

/// A compiled scanner.
#[derive(Debug)]
pub struct Scanner {
    rules: matcher::RuleSet,
}

impl Scanner {
    /// Compiles the built-in rules for which `enabled(id)` is true.
    pub fn new(enabled: impl Fn(&str) -> bool) -> Result<Scanner, ScanError> {
        let specs = rules::builtin_specs()?
            .into_iter()
            .filter(|s| enabled(&s.id))
            .collect();
        Ok(Scanner {
            rules: matcher::RuleSet::new(specs)?,
        })
    }

    /// Number of rules compiled in.
    pub fn rule_count(&self) -> usize {
        self.rules.rules.len()
    }

    /// Scans a working tree.
    pub fn scan_tree(&self, config: &ScanConfig) -> Result<EngineOutput, ScanError> {
        walk::scan_tree(&self.rules, config)
    }

    /// Scans one buffer as if it were the file at `path`.
    pub fn scan_bytes(&self, path: &str, bytes: &[u8], hasher: &SecretHasher) -> BlobScan {
        blob::scan_blob(&self.rules, path, bytes, hasher)
    }
}
