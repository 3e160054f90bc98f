//! Inline allow comments: `launchgate:allow <rule-id> <reason>` on the line of a finding, or alone
//! on the line just before it, suppresses that rule's finding there. The reason is required; a
//! comment without one suppresses nothing and produces a warning.

/// The marker searched for.
pub(crate) const MARKER: &[u8] = b"launchgate:allow";

/// What an allow comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AllowComment {
    pub(crate) rule: String,
    pub(crate) reason: String,
}

/// Parses the first allow comment on a line.
pub(crate) fn parse(line: &[u8]) -> Option<AllowComment> {
    let at = memchr::memmem::find(line, MARKER)?;
    let rest = String::from_utf8_lossy(&line[at + MARKER.len()..]).into_owned();
    let rest = rest.trim_start();
    let (rule, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let reason = reason
        .trim()
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim_end_matches("#}")
        .trim_end_matches("%>")
        .trim();
    Some(AllowComment {
        rule: rule.to_owned(),
        reason: reason.to_owned(),
    })
}

/// Whether a line holds nothing but a comment (so an allow on it applies to the next line).
pub(crate) fn is_comment_only(line: &[u8]) -> bool {
    let t = String::from_utf8_lossy(line);
    let t = t.trim_start();
    [
        "#", "//", "/*", "*", "<!--", "--", ";", "%", "'", "rem ", "REM ",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rule_and_reason_and_strips_comment_closers() {
        assert_eq!(
            parse(b"key = 'x' # launchgate:allow aws-access-key-id documented test key"),
            Some(AllowComment {
                rule: "aws-access-key-id".into(),
                reason: "documented test key".into()
            })
        );
        assert_eq!(
            parse(b"/* launchgate:allow private-key fixture for TLS tests */"),
            Some(AllowComment {
                rule: "private-key".into(),
                reason: "fixture for TLS tests".into()
            })
        );
        assert_eq!(
            parse(b"x # launchgate:allow stripe-live-secret-key"),
            Some(AllowComment {
                rule: "stripe-live-secret-key".into(),
                reason: String::new()
            })
        );
        assert_eq!(parse(b"nothing here"), None);
    }

    #[test]
    fn comment_only_lines() {
        assert!(is_comment_only(b"   # launchgate:allow x y"));
        assert!(is_comment_only(b"// launchgate:allow x y"));
        assert!(!is_comment_only(b"key = 1 # launchgate:allow x y"));
    }
}
