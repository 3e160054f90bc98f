//! The YAML policy: discovery, loading with `extends`, validation with rustc-style diagnostics
//! that report every problem at once, and evaluation of findings into a verdict.
//!
//! Policies are parsed into a spanned tree first, merged across `extends`, then validated into a
//! [`Policy`]. Every value keeps the file and line it came from, so errors, warnings and probe
//! findings point back at the policy line that configured them.

mod baseline;
mod diag;
mod evaluate;
pub mod gate;
mod keys;
mod load;
mod model;
mod node;
mod schema;
mod source;
mod validate;

use std::path::PathBuf;

pub use baseline::{BASELINE_FILE, Baseline, BaselineEntry, BaselineError};
pub use diag::{Diagnostic, Diagnostics, Level};
pub use evaluate::{EngineRun, RunInfo, evaluate};
pub use load::{
    BUILTIN_POLICIES, DEFAULT_POLICY, LoadedPolicy, POLICY_FILE_NAMES, PolicyLocation, ReadPolicy,
    builtin, discover, load, load_with,
};
pub use model::{
    Attestation, CheckSetting, DEFAULT_MAX_FILE_SIZE, IgnoreEntry, KNOWN_ATTESTATIONS, PathGlob,
    Policy, Refs, RuleSources, ScanSection,
};
pub use schema::{json_schema, reference_markdown};
pub use source::{Source, SourceId, Sources, Span};

/// Why a policy could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The policy file could not be read.
    #[error("cannot read policy file {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// `--policy builtin:<name>` named a policy that does not exist.
    #[error("unknown built-in policy `{name}`{}: the built-in policies are {}", suggestion.as_ref().map(|s| format!(" (did you mean `builtin:{s}`?)")).unwrap_or_default(), BUILTIN_POLICIES.iter().map(|(n, _)| format!("`builtin:{n}`")).collect::<Vec<_>>().join(", "))]
    UnknownBuiltin {
        /// The name given.
        name: String,
        /// The closest built-in name, if one is close.
        suggestion: Option<String>,
    },
    /// The policy has errors; each is a diagnostic.
    #[error("invalid policy: {} error(s)", .0.error_count())]
    Invalid(Box<Diagnostics>),
}
