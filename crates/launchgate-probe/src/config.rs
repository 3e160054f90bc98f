//! What the prober is asked to probe: the policy's `probe:` options as the policy validated
//! them (`launchgate_core::probe_options`), plus what a policy cannot hold — credential values
//! from the environment, the CA file's bytes and `--resolve` overrides.

use std::collections::BTreeMap;
use std::net::IpAddr;

use launchgate_core::Redacted;
use launchgate_core::probe_options::{Credential, ProbeOptions};

/// A credential value: never shown, logged or serialized.
#[derive(Clone)]
pub struct SecretValue(pub String);

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("«redacted»")
    }
}

/// What to probe and how.
#[derive(Debug, Clone, Default)]
pub struct ProbeConfig {
    /// The policy's `probe:` section.
    pub options: ProbeOptions,
    /// Credential values, by the environment variable each credential names (`env:`). The
    /// caller reads them; a credential whose variable is absent is sent with an empty value.
    pub secrets: BTreeMap<String, SecretValue>,
    /// Extra trusted CA certificates (PEM), for internal staging.
    pub ca_pem: Option<Vec<u8>>,
    /// Host-name overrides (`--resolve`).
    pub resolve: Vec<(String, IpAddr)>,
}

impl ProbeConfig {
    /// A probe of `options`, with no secrets, extra CAs or overrides.
    pub fn new(options: ProbeOptions) -> ProbeConfig {
        ProbeConfig {
            options,
            ..ProbeConfig::default()
        }
    }

    /// The value of credential `c`.
    pub(crate) fn secret(&self, c: &Credential) -> &str {
        self.secrets.get(&c.env).map_or("", |s| s.0.as_str())
    }
}

/// A secret found in a response body by the repository scanner's rules.
#[derive(Debug, Clone)]
pub struct BodySecret {
    /// The secret rule's id.
    pub rule: String,
    /// Its name.
    pub rule_name: String,
    /// 1-based line and column in the body.
    pub line: u32,
    /// Column.
    pub column: u32,
    /// Redacted evidence.
    pub evidence: Redacted,
    /// The rule's severity (a publishable key rule is low, a live secret key critical).
    pub severity: launchgate_core::Severity,
}

/// The repository scanner's rules, lent to the prober for scripts and error pages (the two
/// engines do not depend on each other; the CLI wires them).
pub trait BodyScanner: Sync {
    /// Secrets in `body`, named `name` in messages.
    fn scan(&self, name: &str, body: &[u8]) -> Vec<BodySecret>;
}
