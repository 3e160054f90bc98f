//! The live-target prober. For each target in the policy it gathers observations once (TLS
//! facts, redirect chains, responses, cross-origin answers, well-known files, shipped scripts)
//! and runs pure checks over them. Every request is read-only and has a timeout, a body cap and
//! a place in a per-target budget; an unreachable target is a finding, never a pass.

mod api;
mod checks;
mod collect;
mod config;
pub mod dns;
pub mod email;
mod engine;
pub mod hosts;
pub mod model;
mod mta_sts;
mod registry;
pub mod spf;
mod suites;
mod transport;

use launchgate_core::CheckMeta;

pub use config::{BodyScanner, BodySecret, ProbeConfig, SecretValue};
pub use engine::{Prober, run_check, run_domain_check, run_hosts_check};
pub use model::Observation;

/// A run that cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The CA file is not usable.
    #[error("invalid CA certificate file: {0}")]
    CaFile(String),
    /// The HTTP client could not be built.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

/// Every check the prober knows.
pub fn catalog() -> Vec<CheckMeta> {
    registry::ALL.iter().map(|c| c.meta()).collect()
}
