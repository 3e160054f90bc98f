//! The repository scanner: finds leaked secrets in a working tree with a keyword prefilter over
//! every rule (Aho-Corasick), precise per-provider regexes, entropy and placeholder filters, and
//! inline allow comments.
//!
//! Rules are data (`rules/*.yml`); the scanner reports findings and never decides pass or fail.

mod allow;
mod assignment;
mod blob;
mod bundles;
mod checks;
mod content;
mod decode;
mod examples;
mod filters;
mod history;
mod import;
mod keywords;
mod matcher;
mod progress;
mod registry;
mod repo;
mod rules;
mod staged;
mod validate;
mod walk;

use std::path::PathBuf;

use launchgate_core::{CheckMeta, EngineOutput, SecretHasher};

pub use blob::BlobScan;
pub use bundles::DEFAULT_BUNDLES;
pub use examples::check_rule_files;
pub use history::{HistoryMode, Shard};
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
    /// An imported rule file cannot be read, parsed or compiled.
    #[error("invalid rule file {file}: {message}")]
    Import {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The history scan cannot start: a `--since` revision that does not resolve, or a shallow
    /// clone in PR mode.
    #[error("{0}")]
    History(String),
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
    let mut all: Vec<CheckMeta> = rules::builtin_specs()?
        .iter()
        .map(registry::meta_for)
        .collect();
    all.extend(checks::ALL.iter().map(|c| c.meta()));
    Ok(all)
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
        let coded = checks::ALL
            .iter()
            .map(|c| c.id)
            .filter(|id| enabled(id))
            .collect();
        Ok(Scanner {
            rules: matcher::RuleSet::with_coded(specs, coded)?,
        })
    }

    /// Adds the rules of a gitleaks-format TOML file. Returns one note per setting that could not
    /// be mapped (a path-only rule, an allowlist of commits…), so the caller can show them.
    pub fn import_gitleaks(&mut self, path: &std::path::Path) -> Result<Vec<String>, ScanError> {
        let taken: Vec<String> = self.rules.rules.iter().map(|r| r.spec.id.clone()).collect();
        let (imported, notes) = import::gitleaks(path, &taken)?;
        let mut specs: Vec<rules::RuleSpec> =
            self.rules.rules.iter().map(|r| r.spec.clone()).collect();
        specs.extend(imported);
        self.rules =
            matcher::RuleSet::with_coded(specs, self.rules.coded.clone()).map_err(|e| match e {
                ScanError::Rules { file, message } => ScanError::Import {
                    file: path.display().to_string(),
                    message: format!("rule `{file}`: {message}"),
                },
                other => other,
            })?;
        Ok(notes)
    }

    /// Number of rules compiled in.
    pub fn rule_count(&self) -> usize {
        self.rules.rules.len()
    }

    /// Scans a repository: the working tree, its build output and (per `config.history`) its git
    /// history.
    pub fn scan(&self, config: &ScanConfig) -> Result<EngineOutput, ScanError> {
        repo::scan(&self.rules, config)
    }

    /// Scans what the next commit would record: the index's files whose content HEAD does not
    /// hold. For pre-commit hooks; the working tree's unstaged edits and history are not read.
    pub fn scan_staged(&self, config: &ScanConfig) -> Result<EngineOutput, ScanError> {
        staged::scan(&self.rules, config)
    }

    /// Scans a stream (`scan -`: a CI log, a `git log -p` dump) as one file named `name`, reading
    /// at most `max` bytes: a longer stream is an error, never a silent partial scan.
    pub fn scan_reader(
        &self,
        name: &str,
        reader: impl std::io::Read,
        max: u64,
        hasher: &SecretHasher,
    ) -> Result<EngineOutput, std::io::Error> {
        use std::io::Read;
        let started = std::time::Instant::now();
        let mut buf = Vec::new();
        reader.take(max + 1).read_to_end(&mut buf)?;
        if buf.len() as u64 > max {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!("larger than {} MiB; split it", max >> 20),
            ));
        }
        let mut out = repo::empty_output(&self.rules);
        let scan = self.scan_bytes(name, &buf, hasher);
        out.findings = scan.findings;
        out.warnings = scan.warnings;
        out.stats.files_scanned = 1;
        out.stats.bytes_scanned = buf.len() as u64;
        repo::order_findings(&mut out.findings);
        out.stats.duration_ms = started.elapsed().as_millis() as u64;
        Ok(out)
    }

    /// Scans one buffer as if it were the file at `path`.
    pub fn scan_bytes(&self, path: &str, bytes: &[u8], hasher: &SecretHasher) -> BlobScan {
        checks::scan_piece(&self.rules, path, bytes, hasher)
    }
}
