//! Inline allow comments: `launchgate:allow <rule-id> <reason>` on the line of a finding, or alone
//! on the line just before it, suppresses that rule's finding there. The reason is required; a
//! comment without one suppresses nothing and produces a warning.

/// The marker searched for.
pub(crate) const MARKER: &[u8] = b"launchgate:allow";

/// The longest reason kept, in characters; the rest of a long line is not copied into reports.
pub(crate) const MAX_REASON: usize = 200;

/// Comment closers that end a reason (the rest of the line is code, not reason).
const CLOSERS: [&str; 4] = ["*/", "-->", "#}", "%>"];

/// What an allow comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AllowComment {
    pub(crate) rule: String,
    pub(crate) reason: String,
    /// Byte range of the reason within the parsed line, so the caller can refuse a reason that
    /// overlaps a detected secret (a reason is copied into reports; a secret must not be).
    pub(crate) reason_span: (usize, usize),
}

/// Parses the first allow comment on a line.
pub(crate) fn parse(line: &[u8]) -> Option<AllowComment> {
    let at = memchr::memmem::find(line, MARKER)?;
    let mut i = at + MARKER.len();
    let ws = |b: u8| b == b' ' || b == b'\t';
    while i < line.len() && ws(line[i]) {
        i += 1;
    }
    let rule_start = i;
    while i < line.len() && !ws(line[i]) && !line[i].is_ascii_control() {
        i += 1;
    }
    let mut rule = String::from_utf8_lossy(&line[rule_start..i]).into_owned();
    if let Some(cut) = CLOSERS.iter().filter_map(|c| rule.find(c)).min() {
        // `/* launchgate:allow id*/ code`: the comment ended inside the id; there is no reason.
        rule.truncate(cut);
        return Some(AllowComment {
            rule,
            reason: String::new(),
            reason_span: (i, i),
        });
    }
    while i < line.len() && ws(line[i]) {
        i += 1;
    }
    let mut end = line.len();
    for c in CLOSERS {
        if let Some(p) = memchr::memmem::find(&line[i..end], c.as_bytes()) {
            end = i + p;
        }
    }
    while end > i && (ws(line[end - 1]) || line[end - 1] == b'\r') {
        end -= 1;
    }
    let reason: String = String::from_utf8_lossy(&line[i..end])
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_REASON)
        .collect();
    Some(AllowComment {
        rule,
        reason,
        reason_span: (i, end),
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
                reason: "documented test key".into(),
                reason_span: (47, 66),
            })
        );
        assert_eq!(
            parse(b"/* launchgate:allow private-key fixture for TLS tests */"),
            Some(AllowComment {
                rule: "private-key".into(),
                reason: "fixture for TLS tests".into(),
                reason_span: (32, 53),
            })
        );
        assert_eq!(
            parse(b"x # launchgate:allow stripe-live-secret-key"),
            Some(AllowComment {
                rule: "stripe-live-secret-key".into(),
                reason: String::new(),
                reason_span: (43, 43),
            })
        );
        assert_eq!(parse(b"nothing here"), None);
    }

    #[test]
    fn reason_stops_at_the_comment_closer_and_is_capped() {
        let a = parse(b"<!-- launchgate:allow x fixture --> <p>token=abc</p>").unwrap();
        assert_eq!(a.reason, "fixture");
        let a = parse(b"/* launchgate:allow x*/ code").unwrap();
        assert_eq!((a.rule.as_str(), a.reason.as_str()), ("x", ""));
        let long = format!("# launchgate:allow x {}", "r".repeat(1000));
        assert_eq!(parse(long.as_bytes()).unwrap().reason.len(), MAX_REASON);
    }

    #[test]
    fn comment_only_lines() {
        assert!(is_comment_only(b"   # launchgate:allow x y"));
        assert!(is_comment_only(b"// launchgate:allow x y"));
        assert!(!is_comment_only(b"key = 1 # launchgate:allow x y"));
    }
}
