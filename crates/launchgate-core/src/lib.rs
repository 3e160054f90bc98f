//! Shared vocabulary of launchgate: findings, severities, locations, fingerprints, redaction and
//! the report every engine feeds and every renderer reads.
//!
//! This crate is plain data plus serde. It does no I/O, so the scanner, the prober, the policy
//! and the renderers can all depend on it without depending on each other.

mod area;
mod check;
mod finding;
mod fingerprint;
mod redact;
mod report;
mod severity;
mod text;

pub mod options;
pub mod probe_options;

pub use area::Area;
mod dmarc;
pub use check::{CheckDef, CheckKind, CheckMeta, CheckStatus, Engine, doc_references, docs_url};
pub use dmarc::DmarcPolicy;
pub use finding::{CommitRef, FileLocation, Finding, Location, PolicyAnchor, Presence};
pub use fingerprint::{Fingerprint, disambiguate_fingerprints, path_identity};
pub use redact::{Redacted, SecretHasher};
pub use report::{
    AreaResult, AreaStatus, AttestationResult, AttestationStatus, EngineError, EngineOutput,
    EngineStats, EngineStatus, EngineSummary, Report, SkipReason, SkippedCheck, SkippedItem,
    Suppressed, SuppressedBy, Verdict, Warning, WarningLevel,
};
pub use severity::{Confidence, FailOn, ParseLevelError, Severity};
pub use text::printable;

/// The name of the tool as it appears in every report.
pub const TOOL_NAME: &str = "launchgate";

/// The version of launchgate, taken from the workspace manifest.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
