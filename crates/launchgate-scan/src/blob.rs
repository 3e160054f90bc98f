//! Turns the matches in one file's bytes into findings: positions, redacted evidence,
//! fingerprints and inline allow comments.

use launchgate_core::{
    Area, FileLocation, Finding, Fingerprint, Location, Redacted, SecretHasher, Severity, Warning,
};
use memchr::{memchr_iter, memrchr};

use crate::allow;
use crate::matcher::RuleSet;

/// Findings and notes from one buffer.
#[derive(Debug, Default)]
pub struct BlobScan {
    /// The secrets found.
    pub findings: Vec<Finding>,
    /// Notes such as an allow comment without a reason.
    pub warnings: Vec<Warning>,
}

/// Scans one file's content. `path` is the repository-relative path used in findings.
pub(crate) fn scan_blob(
    rules: &RuleSet,
    path: &str,
    buf: &[u8],
    hasher: &SecretHasher,
) -> BlobScan {
    let mut out = BlobScan::default();
    let candidates = rules.find(buf, path);
    if candidates.is_empty() {
        return out;
    }
    let mut lines = LineIndex::new(buf);
    for c in &candidates {
        let rule = &rules.rules[c.rule];
        let secret_bytes: &[u8] = c.secret.as_deref().unwrap_or(&buf[c.start..c.end]);
        let secret = String::from_utf8_lossy(secret_bytes);
        let evidence = if rule.spec.generic || rule.spec.imported {
            // A password or generic token has no provider prefix worth showing: any character
            // shown is a character of the secret.
            Redacted::with_max_prefix(&secret, hasher, 0)
        } else {
            Redacted::new(&secret, hasher)
        };
        let (line, column) = lines.position(c.start);
        let (end_line, end_column) = lines.position(c.end);
        // The fingerprint is over the secret itself, so the same key escaped or encoded elsewhere
        // is recognised as the same secret.
        let fingerprint = Fingerprint::compute(
            &rule.spec.id,
            &launchgate_core::path_identity(path),
            &hasher.digest(secret_bytes),
        );

        let inline_allow = match allow_for(buf, c.start, &rule.spec.id) {
            Some(a) if a.reason.is_empty() => {
                out.warnings.push(Warning {
                    message: format!(
                        "{path}:{line}: `launchgate:allow {}` has no reason, so it does not suppress the finding",
                        rule.spec.id
                    ),
                    policy: None,
                    fails: false,
                    level: launchgate_core::WarningLevel::Warning,
                });
                None
            }
            Some(a)
                if candidates
                    .iter()
                    .any(|o| o.start < a.reason_span.1 && a.reason_span.0 < o.end) =>
            {
                // The "reason" is (or contains) a secret: honour the allow, never copy it.
                Some("(reason withheld: it overlaps a detected secret)".to_owned())
            }
            Some(a) => Some(a.reason),
            None => {
                // An allow naming a rule that found nothing here is a typo or a stale id: it
                // suppresses nothing, and saying so is the only way anyone finds out.
                if let Some((_, a)) = allow_comment_near(buf, c.start, None)
                    && !candidates
                        .iter()
                        .any(|o| rules.rules[o.rule].spec.id == a.rule)
                {
                    // The word after the marker is echoed only when it is a rule id or a near
                    // miss of this one: anything else could be the secret itself, pasted there.
                    let known = rules.spec(&a.rule).is_some()
                        || strsim::levenshtein(&a.rule, &rule.spec.id) <= 3;
                    let named = if known {
                        format!("`launchgate:allow {}`", a.rule)
                    } else {
                        "`launchgate:allow` with an id that is no rule".to_owned()
                    };
                    out.warnings.push(Warning {
                        message: format!(
                            "{path}:{line}: {named} names no rule that found something here, so it suppresses nothing; the finding here is `{}`",
                            rule.spec.id
                        ),
                        policy: None,
                        fails: false,
                        level: launchgate_core::WarningLevel::Warning,
                    });
                }
                None
            }
        };

        let mut detail = String::new();
        if let Some(name) = &c.name {
            // A name is not a secret, but a name that holds a token-like run is masked like
            // any context: it could be one.
            let mut shown = String::new();
            mask_tokens(name, &mut shown);
            detail.push_str(&format!(" assigned to `{shown}`"));
        }
        if let Some(e) = c.encoding {
            detail.push_str(&format!(
                " ({} in the file: found by decoding it)",
                e.as_str()
            ));
        }
        if let Some(n) = c.note {
            detail.push_str(&format!("; {n}"));
        }
        // A secret assigned to a client-exposed variable is compiled into the JavaScript every
        // visitor downloads.
        let client_var = client_exposed_name(buf, c.start);
        let (severity, message) = match &client_var {
            // Public by design: published on purpose, restricted at the provider.
            Some(name) if let Some(why) = &rule.spec.browser_public => (
                Severity::Info,
                format!(
                    "{} found{detail} in client-exposed variable {name}: {why}",
                    rule.spec.name
                ),
            ),
            Some(name) => (
                rule.spec.severity.max(Severity::Critical),
                format!(
                    "{} found{detail} in client-exposed variable {name}: the bundler ships it to every browser",
                    rule.spec.name
                ),
            ),
            _ => (
                rule.spec.severity,
                format!("{} found{detail}", rule.spec.name),
            ),
        };
        let snippet = (c.encoding.is_some() || line_len(buf, c.start) > SNIPPET_LINE)
            .then(|| snippet(buf, c, &candidates));
        out.findings.push(Finding {
            check: rule.spec.id.clone(),
            title: rule.spec.name.clone(),
            severity,
            confidence: c.confidence,
            area: Area::Secrets,
            message,
            location: Location::File(FileLocation {
                path: path.to_owned(),
                line,
                column,
                end_line,
                end_column,
                snippet,
                encoding: c.encoding.map(|e| e.as_str().to_owned()),
                ..Default::default()
            }),
            evidence: Some(evidence),
            fingerprint,
            inline_allow,
        });
    }
    out
}

/// Variable-name prefixes that bundlers inline into client code.
pub(crate) const CLIENT_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "NUXT_PUBLIC_",
    "GATSBY_",
    "PUBLIC_",
];

/// The client-exposed variable a value at `offset` is assigned to (`VITE_KEY=…`,
/// `NEXT_PUBLIC_X: "…"`), if any: the identifier just before `=` or `:` on the same line.
fn client_exposed_name(buf: &[u8], offset: usize) -> Option<String> {
    let lo = offset.saturating_sub(160);
    let before = &buf[lo..offset];
    let line = &before[memrchr(b'\n', before).map_or(0, |i| i + 1)..];
    // Walk back over the quote, spaces and the `=`/`:`.
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'"' | b'\'' | b'`' | b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || !matches!(line[end - 1], b'=' | b':') {
        return None;
    }
    end -= 1;
    while end > 0 && matches!(line[end - 1], b'"' | b'\'' | b' ' | b'\t') {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (line[start - 1].is_ascii_alphanumeric() || line[start - 1] == b'_') {
        start -= 1;
    }
    let name = std::str::from_utf8(&line[start..end]).ok()?;
    CLIENT_PREFIXES
        .iter()
        .any(|p| name.starts_with(p) && name.len() > p.len())
        .then(|| name.to_owned())
}

/// Lines longer than this (minified bundles) get a snippet: a line number alone is useless.
const SNIPPET_LINE: usize = 500;
/// Characters of context on each side of the match in a snippet.
const SNIPPET_CONTEXT: usize = 40;

fn line_len(buf: &[u8], offset: usize) -> usize {
    let lo = offset.saturating_sub(SNIPPET_LINE + 1);
    let hi = (offset + SNIPPET_LINE + 1).min(buf.len());
    let start = memrchr(b'\n', &buf[lo..offset]).map_or(lo, |i| lo + i + 1);
    let end = memchr::memchr(b'\n', &buf[offset..hi]).map_or(hi, |i| offset + i);
    end - start
}

/// A short context around `c` with every detected secret in it replaced by `«redacted»`, cut at
/// character boundaries, control characters escaped.
fn snippet(buf: &[u8], c: &crate::matcher::Candidate, all: &[crate::matcher::Candidate]) -> String {
    let mut lo = c.start.saturating_sub(SNIPPET_CONTEXT);
    while lo > 0 && (buf[lo] & 0xC0) == 0x80 {
        lo -= 1;
    }
    let mut hi = (c.end + SNIPPET_CONTEXT).min(buf.len());
    while hi < buf.len() && (buf[hi] & 0xC0) == 0x80 {
        hi += 1;
    }
    let mut out = String::new();
    if lo > 0 {
        out.push('…');
    }
    let mut at = lo;
    for o in all.iter().filter(|o| o.start < hi && o.end > lo) {
        let s = o.start.max(lo);
        if s > at {
            mask_tokens(&String::from_utf8_lossy(&buf[at..s]), &mut out);
        }
        out.push_str("«redacted»");
        at = o.end.min(hi).max(at);
    }
    if at < hi {
        mask_tokens(&String::from_utf8_lossy(&buf[at..hi]), &mut out);
    }
    if hi < buf.len() {
        out.push('…');
    }
    launchgate_core::printable(&out).into_owned()
}

/// Shortest run of token characters that the snippet masks when it mixes letters and digits.
const MASK_MIN: usize = 16;

/// Appends `text` with every token-like run (letters, digits, `_-+/=`, at least [`MASK_MIN`]
/// long, with both letters and digits) replaced by `«redacted»`: context beside a finding may
/// hold a second secret that no rule matched, and a snippet must not be where it leaks.
fn mask_tokens(text: &str, out: &mut String) {
    let is_tok = |c: char| c.is_ascii_alphanumeric() || "_-+/=".contains(c);
    let mut run_start: Option<usize> = None;
    let flush = |out: &mut String, run: &str| {
        let letters = run.chars().any(|c| c.is_ascii_alphabetic());
        let digits = run.chars().any(|c| c.is_ascii_digit());
        if run.len() >= MASK_MIN && letters && digits {
            out.push_str("«redacted»");
        } else {
            out.push_str(run);
        }
    };
    for (i, c) in text.char_indices() {
        match (is_tok(c), run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                flush(out, &text[s..i]);
                run_start = None;
                out.push(c);
            }
            (false, None) => out.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(s) = run_start {
        flush(out, &text[s..]);
    }
}

/// An allow comment for `rule` on the line of `offset`, or alone on the line before it; its
/// `reason_span` is made absolute (offsets into `buf`).
fn allow_for(buf: &[u8], offset: usize, rule: &str) -> Option<allow::AllowComment> {
    let (base, mut a) = allow_comment_near(buf, offset, Some(rule))?;
    a.reason_span = (base + a.reason_span.0, base + a.reason_span.1);
    Some(a)
}

/// The allow comment that applies at `offset`: on its line, or alone on the line before. With
/// `rule`, only one naming that rule.
fn allow_comment_near(
    buf: &[u8],
    offset: usize,
    rule: Option<&str>,
) -> Option<(usize, allow::AllowComment)> {
    const REACH: usize = 4096;
    let lo = offset.saturating_sub(REACH);
    let line_start = memrchr(b'\n', &buf[lo..offset]).map_or(lo, |i| lo + i + 1);
    let hi = (offset + REACH).min(buf.len());
    let line_end = memchr::memchr(b'\n', &buf[offset..hi]).map_or(hi, |i| offset + i);
    let named = |a: &allow::AllowComment| rule.is_none_or(|r| a.rule == r);
    if let Some(a) = allow::parse(&buf[line_start..line_end]).filter(named) {
        return Some((line_start, a));
    }
    if line_start == 0 {
        return None;
    }
    let prev_end = line_start - 1;
    let plo = prev_end.saturating_sub(REACH);
    let prev_start = memrchr(b'\n', &buf[plo..prev_end]).map_or(plo, |i| plo + i + 1);
    let prev = &buf[prev_start..prev_end];
    if allow::is_comment_only(prev) {
        return allow::parse(prev).filter(named).map(|a| (prev_start, a));
    }
    None
}

/// Converts byte offsets to 1-based line and column (in characters), for offsets visited in
/// increasing order.
///
/// Both the line and the column are carried forward from the previous offset, so many matches on
/// one 2 MB minified line cost one pass over it, not one pass per match.
struct LineIndex<'a> {
    buf: &'a [u8],
    offset: usize,
    line: u32,
    /// Characters between the start of the current line and `offset`.
    column: usize,
}

impl<'a> LineIndex<'a> {
    fn new(buf: &'a [u8]) -> Self {
        LineIndex {
            buf,
            offset: 0,
            line: 1,
            column: 0,
        }
    }

    fn position(&mut self, offset: usize) -> (u32, u32) {
        if offset < self.offset {
            *self = LineIndex::new(self.buf);
        }
        let buf = self.buf;
        let span = &buf[self.offset..offset];
        let mut lines = 0;
        let last_newline = memchr_iter(b'\n', span).inspect(|_| lines += 1).last();
        self.line += lines;
        let from = match last_newline {
            Some(nl) => {
                self.column = 0;
                nl + 1
            }
            None => 0,
        };
        self.column += span[from..].iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        self.offset = offset;
        (self.line, self.column as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_context_masks_token_like_runs() {
        let mut out = String::new();
        mask_tokens(
            "var a=\"xq81Mz0Pl2Vb7Ty3Nc\",b=createElementNS(1),c=\"abcdef\";",
            &mut out,
        );
        assert_eq!(
            out,
            "var a=\"«redacted»\",b=createElementNS(1),c=\"abcdef\";"
        );
    }

    #[test]
    fn line_index_counts_lines_and_characters() {
        let buf = "ab\ncé d\nx".as_bytes();
        let mut idx = LineIndex::new(buf);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        // "cé " is 4 bytes, 3 characters: 'd' is column 4.
        assert_eq!(idx.position(3 + 4), (2, 4));
        assert_eq!(idx.position(buf.len() - 1), (3, 1));
        assert_eq!(idx.position(1), (1, 2), "going back restarts");
    }
}
