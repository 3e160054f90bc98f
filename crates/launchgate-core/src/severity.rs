//! Severity (impact if exploited) and confidence (false-positive risk) of a finding.
//!
//! Both are ordered so that the policy can compare them with `fail-on` thresholds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How bad it is if the problem a finding describes is exploited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, no direct risk.
    Info,
    /// Limited impact or hard to exploit.
    Low,
    /// Real risk that needs a fix before long.
    Medium,
    /// Serious risk: fix before launch.
    High,
    /// Exploitable now with severe impact: block the launch.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name used in policies and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The CVSS-like score GitHub code scanning reads from `security-severity`.
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Info => "0.0",
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value that is not one of the accepted names; the message lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLevelError {
    /// What was given.
    pub given: String,
    /// What would have been accepted.
    pub expected: &'static [&'static str],
}

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not one of {}",
            self.given,
            self.expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl std::error::Error for ParseLevelError {}

impl FromStr for Severity {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str() == s)
            .ok_or_else(|| ParseLevelError {
                given: s.to_owned(),
                expected: &["info", "low", "medium", "high", "critical"],
            })
    }
}

/// How likely a finding is to be real rather than a false positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Heuristic match (generic assignments, entropy): review before acting.
    Low,
    /// A strong pattern with some known look-alikes.
    Medium,
    /// A distinctive format (provider prefix, checksum, structure).
    High,
}

impl Confidence {
    /// Every confidence, lowest first.
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Medium, Confidence::High];

    /// The lowercase name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Confidence {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            _ => Err(ParseLevelError {
                given: s.to_owned(),
                expected: &["low", "medium", "high"],
            }),
        }
    }
}

/// The failure threshold: findings at or above `severity` whose confidence is at least
/// `confidence` fail the gate. Less certain findings are shown as warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailOn {
    /// Lowest failing severity.
    pub severity: Severity,
    /// Lowest failing confidence.
    pub confidence: Confidence,
}

impl FailOn {
    /// The confidence a bare `fail-on: <severity>` implies: heuristic guesses (low confidence)
    /// warn unless a policy asks for them to fail.
    pub const DEFAULT_CONFIDENCE: Confidence = Confidence::Medium;

    /// A threshold on severity, with the default confidence.
    pub fn severity(severity: Severity) -> FailOn {
        FailOn {
            severity,
            confidence: Self::DEFAULT_CONFIDENCE,
        }
    }

    /// Whether a finding of this severity and confidence fails the gate.
    pub fn fails(&self, severity: Severity, confidence: Confidence) -> bool {
        severity >= self.severity && confidence >= self.confidence
    }
}

impl FailOn {
    /// `""` for the default confidence, else ` (confidence ≥ low)`: what to say after the
    /// severity so a reader knows which findings count.
    pub fn qualifier(&self) -> String {
        if self.confidence == Self::DEFAULT_CONFIDENCE {
            String::new()
        } else {
            format!(" (confidence ≥ {})", self.confidence)
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.severity, self.qualifier())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_from_info_to_critical() {
        assert!(Severity::Info < Severity::Low);
        assert!(Severity::High < Severity::Critical);
        assert_eq!(Severity::ALL.iter().max(), Some(&Severity::Critical));
    }

    #[test]
    fn fail_on_needs_both_severity_and_confidence() {
        let t = FailOn {
            severity: Severity::High,
            confidence: Confidence::Medium,
        };
        assert!(t.fails(Severity::Critical, Confidence::High));
        assert!(!t.fails(Severity::Critical, Confidence::Low));
        assert!(!t.fails(Severity::Medium, Confidence::High));
        assert_eq!(t.to_string(), "high");
        let all = FailOn {
            severity: Severity::Medium,
            confidence: Confidence::Low,
        };
        assert_eq!(all.to_string(), "medium (confidence ≥ low)");
    }

    #[test]
    fn parse_rejects_unknown_names_and_lists_the_accepted_ones() {
        assert_eq!("high".parse::<Severity>(), Ok(Severity::High));
        let err = "urgent".parse::<Severity>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`urgent` is not one of `info`, `low`, `medium`, `high`, `critical`"
        );
        assert!("High".parse::<Severity>().is_err(), "names are lowercase");
    }
}
