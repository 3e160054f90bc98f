//! A DMARC policy (`p=`, RFC 7489 §6.3), ordered by strength: the policy's minimum and a record's
//! value are compared as this, never as strings.

use serde::{Deserialize, Serialize};

/// `none` < `quarantine` < `reject`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DmarcPolicy {
    /// Monitor only.
    None,
    /// Deliver to spam (the checklist's minimum).
    #[default]
    Quarantine,
    /// Refuse.
    Reject,
}

impl DmarcPolicy {
    /// Every value, weakest first.
    pub const ALL: [DmarcPolicy; 3] = [
        DmarcPolicy::None,
        DmarcPolicy::Quarantine,
        DmarcPolicy::Reject,
    ];

    /// As written in a record and a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            DmarcPolicy::None => "none",
            DmarcPolicy::Quarantine => "quarantine",
            DmarcPolicy::Reject => "reject",
        }
    }

    /// A record's or policy's value, any case; `None` for anything else.
    pub fn parse(s: &str) -> Option<DmarcPolicy> {
        DmarcPolicy::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for DmarcPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_order_by_strength_and_parse_any_case_only_when_known() {
        assert!(DmarcPolicy::None < DmarcPolicy::Quarantine);
        assert!(DmarcPolicy::Quarantine < DmarcPolicy::Reject);
        assert_eq!(DmarcPolicy::parse(" Reject"), Some(DmarcPolicy::Reject));
        // An unknown value is no policy at all, never a quiet `quarantine`.
        assert_eq!(DmarcPolicy::parse("strict"), None);
        assert_eq!(DmarcPolicy::parse(""), None);
    }
}
