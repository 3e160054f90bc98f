//! Making untrusted text safe to print. File names, commit messages and allow reasons come from
//! the repository under scan, i.e. from whoever wrote the pull request: a path holding a newline
//! followed by `::error::` would otherwise forge a GitHub workflow command in the job log, and an
//! escape sequence could rewrite the terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// `s` with every control character (C0, DEL, C1, and the Unicode line and paragraph
/// separators) written as an escape such as `\n` or `\u{1b}`. Text without any is borrowed.
pub fn printable(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if bad(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_clean_text_is_borrowed() {
        assert!(matches!(printable("src/app.ts"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\n::error::x\r\t\u{1b}[2J\u{85}\u{2028}é"),
            "a\\n::error::x\\r\\t\\u{1b}[2J\\u{85}\\u{2028}é"
        );
    }
}
