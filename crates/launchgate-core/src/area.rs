//! The launch-readiness scorecard areas. Every check belongs to exactly one, and the human report
//! shows each area as PASS, FAIL, WARN, ATTESTED or NOT CHECKED.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ParseLevelError;

/// One row of the launch-readiness scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// Leaked credentials in code, history, env files and bundles.
    Secrets,
    /// Authentication and authorization of private routes.
    Auth,
    /// Cross-origin resource sharing.
    Cors,
    /// Security headers and cookies.
    Headers,
    /// Certificates, protocol versions and HTTPS redirects.
    Tls,
    /// SPF, DKIM, DMARC, MX and MTA-STS.
    Email,
    /// Brute-force and abuse protection.
    RateLimit,
    /// Rejection of malformed and oversized input.
    InputValidation,
    /// Stack traces, exposed files and debug endpoints.
    Errors,
    /// Latency against the budget.
    Performance,
    /// Uptime checks, alerting and on-call.
    Monitoring,
    /// Rollback, backups and release hygiene.
    Deployment,
}

impl Area {
    /// Every area, in scorecard order.
    pub const ALL: [Area; 12] = [
        Area::Secrets,
        Area::Auth,
        Area::Cors,
        Area::Headers,
        Area::Tls,
        Area::Email,
        Area::RateLimit,
        Area::InputValidation,
        Area::Errors,
        Area::Performance,
        Area::Monitoring,
        Area::Deployment,
    ];

    /// The kebab-case id used in policies and machine-readable reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Secrets => "secrets",
            Area::Auth => "auth",
            Area::Cors => "cors",
            Area::Headers => "headers",
            Area::Tls => "tls",
            Area::Email => "email",
            Area::RateLimit => "rate-limit",
            Area::InputValidation => "input-validation",
            Area::Errors => "errors",
            Area::Performance => "performance",
            Area::Monitoring => "monitoring",
            Area::Deployment => "deployment",
        }
    }

    /// The title shown in the scorecard.
    pub fn title(self) -> &'static str {
        match self {
            Area::Secrets => "Secrets",
            Area::Auth => "Auth & access control",
            Area::Cors => "CORS",
            Area::Headers => "Security headers & cookies",
            Area::Tls => "TLS & redirects",
            Area::Email => "Email authentication",
            Area::RateLimit => "Rate limiting",
            Area::InputValidation => "Input validation",
            Area::Errors => "Error handling & exposure",
            Area::Performance => "Performance",
            Area::Monitoring => "Monitoring",
            Area::Deployment => "Deployment & rollback",
        }
    }

    /// What would check this area, shown where it is NOT CHECKED.
    pub fn how_to_check(self) -> &'static str {
        match self {
            Area::Secrets => "run the repository scan (`launchgate check`)",
            Area::Auth => "add `api.private-routes` and `api.credentials` to a probe target",
            Area::Cors | Area::Headers | Area::Tls | Area::Errors => "add a `probe.targets` entry",
            Area::Email => "add `probe.email.domains`",
            Area::RateLimit => "add `api.rate-limit` routes (login, signup, reset, invite)",
            Area::InputValidation => "add `api.input-validation` routes",
            Area::Performance => "add an `api.latency` budget",
            Area::Monitoring => "add a target `health` route, or attest monitoring",
            Area::Deployment => {
                "attest `rollback-tested` (the probe checks what is in front; only people can test a rollback)"
            }
        }
    }

    /// Whether part of this area is something only people can check, so probes alone never make
    /// it PASS: a CDN in front says nothing about whether a rollback works.
    pub fn needs_attestation(self) -> bool {
        matches!(self, Area::Deployment)
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Area {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Area::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ParseLevelError {
                given: s.to_owned(),
                expected: &[
                    "secrets",
                    "auth",
                    "cors",
                    "headers",
                    "tls",
                    "email",
                    "rate-limit",
                    "input-validation",
                    "errors",
                    "performance",
                    "monitoring",
                    "deployment",
                ],
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_round_trips_through_its_id() {
        for area in Area::ALL {
            assert_eq!(area.as_str().parse::<Area>(), Ok(area));
            let json = serde_json::to_string(&area).unwrap();
            assert_eq!(json, format!("\"{}\"", area.as_str()));
        }
    }
}
