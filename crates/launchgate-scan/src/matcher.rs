//! The matching engine: one Aho-Corasick pass over a buffer finds every rule keyword; only rules
//! whose keywords occur run their regex, and only on a window around each keyword (its line, or a
//! bounded slice of very long minified lines), so clean files cost one linear pass.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use memchr::{memchr, memrchr};

use crate::ScanError;
use crate::filters::{is_placeholder, shannon_entropy};
use crate::rules::{Rule, RuleSpec};

/// Lines longer than this are treated as minified: the regex runs on a bounded window around each
/// keyword instead of the whole line.
const LONG_LINE: usize = 16 * 1024;
/// Window before and after a keyword in a long line.
const WINDOW_BEFORE: usize = 1024;
const WINDOW_AFTER: usize = 4096;
/// Window after a keyword for multi-line rules (PEM blocks).
const MULTILINE_WINDOW: usize = 16 * 1024;
/// How far to extend a window edge to reach a token boundary.
const SNAP: usize = 512;

/// A compiled set of rules with their shared keyword prefilter.
#[derive(Debug)]
pub(crate) struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    prefilter: AhoCorasick,
    /// For each keyword pattern, the rules that use it.
    keyword_rules: Vec<Vec<u32>>,
    /// Imported rules without keywords: they run on every file, whole.
    always: Vec<u32>,
    /// Ids of the coded checks (`env-file-committed`, …) that are switched on.
    pub(crate) coded: Vec<&'static str>,
}

/// A match that passed every filter. Offsets are into the scanned buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) rule: usize,
    /// The secret's byte range.
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl RuleSet {
    /// Whether a coded check is switched on.
    pub(crate) fn coded_enabled(&self, id: &str) -> bool {
        self.coded.contains(&id)
    }

    /// Compiles `specs` with the given coded checks switched on.
    pub(crate) fn with_coded(
        specs: Vec<RuleSpec>,
        coded: Vec<&'static str>,
    ) -> Result<RuleSet, ScanError> {
        let rules: Vec<Rule> = specs
            .into_iter()
            .enumerate()
            .map(|(i, s)| Rule::compile(s, i))
            .collect::<Result<_, _>>()?;
        let mut keywords: Vec<Vec<u8>> = Vec::new();
        let mut keyword_rules: Vec<Vec<u32>> = Vec::new();
        let mut always = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.spec.keywords.is_empty() {
                always.push(i as u32);
            }
            for kw in &rule.spec.keywords {
                let kw = kw.to_ascii_lowercase().into_bytes();
                match keywords.iter().position(|k| *k == kw) {
                    Some(p) => keyword_rules[p].push(i as u32),
                    None => {
                        keywords.push(kw);
                        keyword_rules.push(vec![i as u32]);
                    }
                }
            }
        }
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .map_err(|e| ScanError::Rules {
                file: "keywords".to_owned(),
                message: e.to_string(),
            })?;
        Ok(RuleSet {
            rules,
            prefilter,
            keyword_rules,
            always,
            coded,
        })
    }

    /// The indices of the rules that do not apply at `path`.
    pub(crate) fn skipped_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.rules
            .iter()
            .enumerate()
            .filter(move |(_, r)| {
                r.skip_paths
                    .as_ref()
                    .is_some_and(|re| re.is_match(path.as_bytes()))
            })
            .map(|(i, _)| i)
    }

    /// Every secret in `buf`, after entropy, placeholder, allow-list and validator filters, with
    /// overlapping matches of different rules resolved in favour of the most specific rule.
    pub(crate) fn find(&self, buf: &[u8], path: &str) -> Vec<Candidate> {
        // Rules that do not apply to this path (heuristics skip docs and tests).
        let mut skipped = vec![false; self.rules.len()];
        for i in self.skipped_at(path) {
            skipped[i] = true;
        }
        // (rule, keyword offset) for every keyword occurrence.
        let mut hits: Vec<(u32, usize)> = Vec::new();
        for m in self.prefilter.find_overlapping_iter(buf) {
            for &r in &self.keyword_rules[m.pattern().as_usize()] {
                if !skipped[r as usize] {
                    hits.push((r, m.start()));
                }
            }
        }
        let mut candidates = Vec::new();
        for &r in &self.always {
            if !skipped[r as usize] {
                self.run_rule(r as usize, buf, 0, buf.len(), &mut candidates);
            }
        }
        if hits.is_empty() && candidates.is_empty() {
            return Vec::new();
        }
        hits.sort_unstable();
        hits.dedup();

        let mut i = 0;
        while i < hits.len() {
            let rule_idx = hits[i].0;
            let rule = &self.rules[rule_idx as usize];
            // Merge this rule's windows, then run its regex once per merged window.
            let mut windows: Vec<(usize, usize)> = Vec::new();
            while i < hits.len() && hits[i].0 == rule_idx {
                let (ws, we) = window(buf, hits[i].1, rule.spec.multiline);
                match windows.last_mut() {
                    Some(last) if ws <= last.1 => last.1 = last.1.max(we),
                    _ => windows.push((ws, we)),
                }
                i += 1;
            }
            for (ws, we) in windows {
                self.run_rule(rule_idx as usize, buf, ws, we, &mut candidates);
            }
        }
        resolve_overlaps(&self.rules, candidates)
    }

    fn run_rule(
        &self,
        rule_idx: usize,
        buf: &[u8],
        ws: usize,
        we: usize,
        out: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[rule_idx];
        let hay = &buf[..we];
        let mut at = ws;
        while at <= hay.len() {
            let Some(caps) = rule.regex.captures_at(hay, at) else {
                break;
            };
            let whole = caps.get(0).expect("internal error: group 0 always exists");
            at = if whole.end() > whole.start() {
                whole.end()
            } else {
                whole.end() + 1
            };
            let secret = rule
                .secret_groups
                .iter()
                .find_map(|&g| caps.get(g))
                .unwrap_or(whole);
            let value = secret.as_bytes();
            if value.is_empty() {
                continue;
            }
            if rule
                .spec
                .entropy
                .is_some_and(|min| shannon_entropy(value) < min)
            {
                continue;
            }
            if is_placeholder(value) {
                continue;
            }
            if rule
                .allow_secret
                .as_ref()
                .is_some_and(|a| a.is_match(value))
            {
                continue;
            }
            if let (Some(g), Some(allow)) = (rule.host_group, rule.allow_host.as_ref())
                && caps.get(g).is_some_and(|h| allow.is_match(h.as_bytes()))
            {
                continue;
            }
            if let (Some(g), Some(allow)) = (rule.name_group, rule.allow_name.as_ref())
                && caps.get(g).is_some_and(|n| allow.is_match(n.as_bytes()))
            {
                continue;
            }
            if rule.spec.generic && !looks_random(value) {
                continue;
            }
            if rule.spec.validate.is_some_and(|v| !v.accepts(value)) {
                continue;
            }
            out.push(Candidate {
                rule: rule_idx,
                start: secret.start(),
                end: secret.end(),
            });
        }
    }
}

/// Heuristic rules also require a mix of character classes: a real generated secret has digits
/// and letters, or symbols, or is long; a word or a sentence fragment does not.
fn looks_random(v: &[u8]) -> bool {
    // Routes, paths and URLs are not secrets.
    if v.first() == Some(&b'/') || memchr::memmem::find(v, b"://").is_some() {
        return false;
    }
    // Phrases in CamelCase or with separators ("PassWordMustBeAtLeast6Chars."): most characters
    // sit in runs of three or more lowercase letters, which random strings rarely have.
    let mut in_words = 0;
    let mut run = 0;
    for &b in v.iter().chain(std::iter::once(&b' ')) {
        if b.is_ascii_lowercase() {
            run += 1;
        } else {
            if run >= 3 {
                in_words += run;
            }
            run = 0;
        }
    }
    if in_words * 10 >= v.len() * 6 {
        return false;
    }
    let digits = v.iter().any(u8::is_ascii_digit);
    let letters = v.iter().any(u8::is_ascii_alphabetic);
    let upper = v.iter().any(u8::is_ascii_uppercase);
    let lower = v.iter().any(u8::is_ascii_lowercase);
    let symbols = v.iter().any(|b| b.is_ascii_punctuation());
    (digits && letters && (upper || symbols || v.len() >= 16))
        || (upper && lower && symbols)
        || v.len() >= 32
}

/// The range the regex of a rule runs on for a keyword at `pos`.
fn window(buf: &[u8], pos: usize, multiline: bool) -> (usize, usize) {
    let back_from = pos.saturating_sub(LONG_LINE);
    let line_start = memrchr(b'\n', &buf[back_from..pos]).map(|i| back_from + i + 1);
    let fwd_to = (pos + LONG_LINE).min(buf.len());
    let line_end = memchr(b'\n', &buf[pos..fwd_to]).map(|i| pos + i);
    let start = match line_start {
        Some(s) => s,
        None if back_from == 0 => 0,
        None => snap_back(buf, pos.saturating_sub(WINDOW_BEFORE)),
    };
    let end = if multiline {
        (pos + MULTILINE_WINDOW).min(buf.len())
    } else {
        match line_end {
            Some(e) => e,
            None if fwd_to == buf.len() => buf.len(),
            None => snap_forward(buf, (pos + WINDOW_AFTER).min(buf.len())),
        }
    };
    // A long line that does end within reach still gets a bounded window.
    let start = if pos - start > LONG_LINE {
        snap_back(buf, pos - WINDOW_BEFORE)
    } else {
        start
    };
    (start, end)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=' | b'.' | b'~' | b'%')
}

/// Moves a window start back to just after a non-token byte, so no token is cut in half.
fn snap_back(buf: &[u8], from: usize) -> usize {
    let lo = from.saturating_sub(SNAP);
    (lo..from)
        .rev()
        .find(|&i| !is_token_byte(buf[i]))
        .map_or(lo, |i| i + 1)
}

/// Moves a window end forward to a non-token byte.
fn snap_forward(buf: &[u8], from: usize) -> usize {
    let hi = (from + SNAP).min(buf.len());
    (from..hi).find(|&i| !is_token_byte(buf[i])).unwrap_or(hi)
}

/// Keeps, among candidates whose secrets overlap, the one from the most trustworthy rule:
/// non-generic over generic, then higher confidence, then higher severity, then rule order.
fn resolve_overlaps(rules: &[Rule], mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by_key(|c| (c.start, c.end, c.rule));
    cands.dedup();
    let rank = |c: &Candidate| {
        let s = &rules[c.rule].spec;
        (
            !s.generic,
            s.confidence,
            s.severity,
            std::cmp::Reverse(rules[c.rule].precedence),
            c.end - c.start,
        )
    };
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| rank(&cands[b]).cmp(&rank(&cands[a])));
    // Kept spans never overlap, so the one starting last before `c.end` is the only one that
    // can overlap `c`: one ordered-map lookup per candidate instead of a scan of all kept.
    let mut kept: std::collections::BTreeMap<usize, Candidate> = std::collections::BTreeMap::new();
    for i in order {
        let c = &cands[i];
        let overlaps = kept
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, k)| c.start < k.end);
        if !overlaps {
            kept.insert(c.start, c.clone());
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_lines_for_short_lines() {
        let buf = b"first line\nkey = value here\nlast";
        let pos = 11 + 4;
        assert_eq!(window(buf, pos, false), (11, 27));
    }

    #[test]
    fn windows_are_bounded_in_minified_lines() {
        let mut buf = vec![b'a'; 100_000];
        buf[50_000] = b' ';
        buf[54_000] = b';';
        let (s, e) = window(&buf, 50_500, false);
        assert!(
            (50_500 - WINDOW_BEFORE - SNAP..=50_500 - WINDOW_BEFORE).contains(&s),
            "start {s}"
        );
        assert!(e <= 50_500 + WINDOW_AFTER + SNAP, "end {e}");
        assert!(e > 50_500);
    }

    #[test]
    fn randomness_heuristic() {
        assert!(looks_random(b"q8Zr2LwX0vKp9TmB"));
        assert!(!looks_random(b"correcthorse"));
        assert!(!looks_random(b"hunter22"));
        assert!(!looks_random(b"PassWordMustBeAtLeast6Chars."));
        assert!(!looks_random(b"/v1/accounts:resetPassword"));
        assert!(!looks_random(b"https://example.com/a1B2c3"));
        assert!(looks_random(b"tWfm0hNO5j32h3vWwf1pDaH8j57SAve5"));
    }
}
