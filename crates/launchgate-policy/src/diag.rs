//! Policy diagnostics, rendered rustc-style: the message, `--> file:line:col`, the source line
//! with a caret under the offending value, a label saying what was expected, and `help:` lines.

use std::fmt::Write as _;

use crate::source::{Sources, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The policy cannot be used.
    Error,
    /// The policy works but something deserves attention.
    Warning,
}

/// One problem in a policy file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// What is wrong, lowercase.
    pub message: String,
    /// Where, if known.
    pub span: Option<Span>,
    /// A short note shown under the caret (usually what was expected).
    pub label: String,
    /// Extra lines starting with `help:`.
    pub help: Vec<String>,
}

impl Diagnostic {
    pub(crate) fn error(
        message: impl Into<String>,
        span: Option<Span>,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Error,
            message: message.into(),
            span,
            label: label.into(),
            help: Vec::new(),
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }
}

/// Diagnostics together with the sources they point into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// The files read.
    pub sources: Sources,
    /// The problems, in the order found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }

    /// Renders every diagnostic, with ANSI colour if asked.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            render_one(&self.sources, d, color, &mut out);
            out.push('\n');
        }
        out
    }
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

fn render_one(sources: &Sources, d: &Diagnostic, color: bool, out: &mut String) {
    let (word, code) = match d.level {
        Level::Error => ("error", "1;31"),
        Level::Warning => ("warning", "1;33"),
    };
    let _ = writeln!(
        out,
        "{}{} {}",
        paint(color, code, word),
        paint(color, "1", ":"),
        paint(color, "1", &d.message)
    );
    match d.span {
        Some(span) if span.line > 0 => {
            let src = sources.get(span.source);
            let line_no = span.line.to_string();
            let gutter = " ".repeat(line_no.len());
            let _ = writeln!(
                out,
                "{gutter}{} {}:{}:{}",
                paint(color, "1;34", "-->"),
                src.name,
                span.line,
                span.column
            );
            let _ = writeln!(out, "{gutter} {}", paint(color, "1;34", "|"));
            if let Some(text) = src.text.lines().nth(span.line as usize - 1) {
                // Diagnostics go to CI logs: a password in a URL or a credential value is masked
                // (character for character, so the caret still lines up).
                let masked = mask_credentials(text.trim_end());
                let text = masked.as_str();
                let _ = writeln!(
                    out,
                    "{} {} {text}",
                    paint(color, "1;34", &line_no),
                    paint(color, "1;34", "|")
                );
                let col = span.column.saturating_sub(1) as usize;
                let width = (span.len as usize)
                    .max(1)
                    .min(text.chars().count().saturating_sub(col).max(1));
                let carets = "^".repeat(width);
                let _ = writeln!(
                    out,
                    "{gutter} {} {}{} {}",
                    paint(color, "1;34", "|"),
                    " ".repeat(col),
                    paint(color, code, &carets),
                    paint(color, code, &d.label)
                );
            }
            if !d.help.is_empty() {
                let _ = writeln!(out, "{gutter} {}", paint(color, "1;34", "|"));
            }
            for h in &d.help {
                let _ = writeln!(
                    out,
                    "{gutter} {} {}: {h}",
                    paint(color, "1;34", "="),
                    paint(color, "1", "help")
                );
            }
        }
        _ => {
            if !d.label.is_empty() {
                let _ = writeln!(out, "  {}", d.label);
            }
            for h in &d.help {
                let _ = writeln!(out, "  = help: {h}");
            }
        }
    }
}

/// `line` with the password of any `scheme://user:password@` URL and the value of a
/// credential-named key (`password: …`, `token: …`, `value: …`) replaced by `*`, one for each
/// character. A `${VAR}` reference stays: it names where the value comes from, not the value.
pub(crate) fn mask_credentials(line: &str) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    let text = line;
    // Char offsets of byte offsets (the line may hold non-ASCII).
    let at = |byte: usize| text[..byte].chars().count();
    let mut from = 0;
    while let Some(p) = text[from..].find("://") {
        let start = from + p + 3;
        let authority_end = text[start..]
            .find(['/', ' ', '"', '\'', '?', '#'])
            .map_or(text.len(), |e| start + e);
        let authority = &text[start..authority_end];
        if let Some(userinfo_end) = authority.rfind('@')
            && let Some(colon) = authority[..userinfo_end].find(':')
        {
            for c in &mut chars[at(start + colon + 1)..at(start + userinfo_end)] {
                *c = '*';
            }
        }
        from = authority_end;
    }
    let trimmed = text.trim_start().trim_start_matches("- ");
    if let Some((key, value)) = trimmed.split_once(':') {
        let key = key.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
        let credential = [
            "password",
            "passwd",
            "secret",
            "token",
            "apikey",
            "credential",
            "value",
        ]
        .iter()
        .any(|k| key.ends_with(k));
        let value = value.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        if credential && !value.is_empty() && !value.starts_with('$') && !value.contains("://") {
            let begin = text.len() - trimmed.len() + key_len(trimmed);
            if let Some(v) = text[begin..].find(value) {
                for c in &mut chars[at(begin + v)..at(begin + v + value.len())] {
                    *c = '*';
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// The byte length of `line`'s key and its `:`.
fn key_len(line: &str) -> usize {
    line.find(':').map_or(line.len(), |c| c + 1)
}

#[cfg(test)]
mod mask_tests {
    use super::mask_credentials;

    #[test]
    fn credentials_in_snippets_are_masked_and_columns_kept() {
        let pw = ["hun", "ter2"].concat();
        let url = format!("      url: https://admin:{pw}@staging.example.com/");
        let masked = mask_credentials(&url);
        assert!(!masked.contains(&pw), "{masked}");
        assert_eq!(masked.chars().count(), url.chars().count());
        assert!(
            masked.contains("https://admin:*******@staging.example.com/"),
            "{masked}"
        );
        let token = format!("        value: \"tok-{pw}\"");
        assert!(!mask_credentials(&token).contains(&pw));
        let key = format!("  api-key: {pw}");
        assert!(!mask_credentials(&key).contains(&pw));
        // Names, references and ordinary keys stay readable.
        for keep in [
            "        value-env: LG_TOKEN_A",
            "  token: ${DEPLOY_TOKEN}",
            "      url: https://staging.example.com/",
            "  fail-on: high",
        ] {
            assert_eq!(mask_credentials(keep), keep);
        }
    }
}
