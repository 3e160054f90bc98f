//! The matching engine. One Aho-Corasick pass over a buffer finds every rule keyword — as
//! written and as it reads once escaped (`postgres:\/\/`, `%3A%2F%2F`) — and only rules whose
//! keywords occur do any more work, on a window around each keyword (its line, a few lines for
//! context-anchored values, or a bounded slice of a minified line). The text around a keyword
//! that holds escapes is also matched decoded. A second linear pass picks out base64 runs long
//! enough to hold a secret; one whose start decodes to text is decoded and scanned again with
//! the same rules, up to two layers deep. Clean files cost two linear passes.

use launchgate_core::Confidence;
use memchr::{memchr, memrchr};

use crate::ScanError;
use crate::decode::{self, Encoding};
use crate::filters::{
    is_documented_example, is_placeholder, looks_random, not_secret_context, shannon_entropy,
};
use crate::keywords::Keywords;
use crate::rules::{Rule, RuleSpec, Shape};
use crate::validate::Outcome;

mod decoded;
mod path;
mod shapes;
mod windows;

pub(crate) use path::*;
use shapes::*;
use windows::*;

/// Lines longer than this are treated as minified: the regex runs on a bounded window around each
/// keyword instead of the whole line (and finding a line's ends costs at most this much).
const LONG_LINE: usize = 4 * 1024;
/// Window before and after a keyword in a long line.
const WINDOW_BEFORE: usize = 1024;
const WINDOW_AFTER: usize = 4096;
/// How far before and after its keyword a one-line pattern looks.
const KEYWORD_BEFORE: usize = 256;
const KEYWORD_AFTER: usize = 1024;
/// Window after a keyword for multi-line rules (PEM blocks).
const MULTILINE_WINDOW: usize = 16 * 1024;
/// How far to extend a window edge to reach a token boundary.
const SNAP: usize = 512;
/// Context-anchored values: how far before the keyword (on its line) and after it (over at most
/// [`ANCHOR_LINES`] more lines) a value may sit.
const ANCHOR_BEFORE: usize = 160;
const ANCHOR_AFTER: usize = 240;
const ANCHOR_LINES: usize = 3;
/// Default entropy floor of context-anchored values.
const ANCHOR_ENTROPY: f64 = 3.0;

/// What an Aho-Corasick pattern stands for.
#[derive(Debug, Default)]
struct Trigger {
    /// Rules that use it as a keyword.
    rules: Vec<u32>,
    /// The keyword is a token prefix in capitals (`AKIA`, `EAA`, `SEC`): only that exact
    /// spelling counts (the automaton ignores case; `eaa` inside a hash is not Facebook).
    exact: Option<Box<[u8]>>,
}

/// A compiled set of rules with their shared keyword prefilter.
#[derive(Debug)]
pub(crate) struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    prefilter: Keywords,
    triggers: Vec<Trigger>,
    /// Imported rules without keywords: they run on every file, whole.
    always: Vec<u32>,
    /// Rules with `skip-paths`.
    path_skips: Vec<u32>,
    /// The other heuristic and context-anchored rules: lockfiles skip them.
    lockfile_skips: Vec<u32>,
    /// Ids of the coded checks (`env-file-committed`, …) that are switched on.
    pub(crate) coded: Vec<&'static str>,
}

/// A match that passed every filter. Offsets are into the scanned buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) rule: usize,
    /// The secret's byte range (for an encoded secret, the encoded run that holds it).
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The secret's bytes when they differ from `buf[start..end]` (decoded).
    pub(crate) secret: Option<Vec<u8>>,
    /// How it was encoded, outermost first.
    pub(crate) encoding: Option<Encoding>,
    pub(crate) confidence: Confidence,
    /// What a structure check or the detector noted ("checksum verifies").
    pub(crate) note: Option<&'static str>,
    /// The variable the secret is assigned to, for heuristic rules (shown: names are not secret).
    pub(crate) name: Option<String>,
}

impl RuleSet {
    /// Whether a coded check is switched on.
    /// The spec of the rule `id`, if it is one of this set's.
    pub(crate) fn spec(&self, id: &str) -> Option<&RuleSpec> {
        self.rules.iter().map(|r| &r.spec).find(|s| s.id == id)
    }

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
            .map(|(i, s)| {
                let eager = s.imported;
                Rule::compile(s, i, eager)
            })
            .collect::<Result<_, _>>()?;
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut triggers: Vec<Trigger> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        let mut slot = |p: Vec<u8>, patterns: &mut Vec<Vec<u8>>, triggers: &mut Vec<Trigger>| {
            let key = p.to_ascii_lowercase();
            *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                triggers.push(Trigger::default());
                patterns.len() - 1
            })
        };
        let mut always = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.spec.keywords.is_empty() {
                always.push(i as u32);
            }
            for kw in &rule.spec.keywords {
                let mut spellings = vec![kw.clone()];
                spellings.extend(decode::escaped_variants(kw));
                for s in spellings {
                    let exact = exact_case(&s).then(|| s.clone().into_bytes().into_boxed_slice());
                    let at = slot(s.into_bytes(), &mut patterns, &mut triggers);
                    if !triggers[at].rules.contains(&(i as u32)) {
                        triggers[at].rules.push(i as u32);
                    }
                    // Two rules may share a keyword in different case: then case is not exact.
                    if triggers[at].rules.len() == 1 {
                        triggers[at].exact = exact;
                    } else if triggers[at].exact != exact {
                        triggers[at].exact = None;
                    }
                }
            }
        }
        let prefilter = Keywords::new(&patterns).map_err(|message| ScanError::Rules {
            file: "keywords".to_owned(),
            message,
        })?;
        let (path_skips, lockfile_skips) = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.skip_paths.is_some() || r.spec.generic || r.is_anchored())
            .map(|(i, r)| (i as u32, r.skip_paths.is_some()))
            .partition::<Vec<_>, _>(|&(_, by_path)| by_path);
        let ids = |v: Vec<(u32, bool)>| v.into_iter().map(|(i, _)| i).collect();
        let (path_skips, lockfile_skips) = (ids(path_skips), ids(lockfile_skips));
        Ok(RuleSet {
            rules,
            prefilter,
            triggers,
            always,
            path_skips,
            lockfile_skips,
            coded,
        })
    }

    /// Feeds `mix` every decision `path` implies for a scan of its content: each rule that does
    /// not apply there (tag 1), and how the content is read (tag 4: [`PathInfo::bits`]). Two
    /// paths with the same decisions get the same findings from the same content.
    pub(crate) fn path_class(&self, path: &str, mut mix: impl FnMut(u64, usize)) {
        let info = PathInfo::of(path);
        self.each_skipped(path, &info, |r| mix(1, r as usize));
        mix(4, info.bits() as usize);
    }

    /// Each rule that does not apply at `path`, once.
    fn each_skipped(&self, path: &str, info: &PathInfo, mut skip: impl FnMut(u32)) {
        for &r in &self.path_skips {
            if skips(&self.rules[r as usize], path, info) {
                skip(r);
            }
        }
        if info.lockfile {
            self.lockfile_skips.iter().for_each(|&r| skip(r));
        }
    }

    /// Every secret in `buf`, after entropy, placeholder, allow-list and validator filters, with
    /// overlapping matches of different rules resolved in favour of the most specific rule.
    pub(crate) fn find(&self, buf: &[u8], path: &str) -> Vec<Candidate> {
        let info = PathInfo::of(path);
        let mut skipped = vec![false; self.rules.len()];
        self.each_skipped(path, &info, |r| skipped[r as usize] = true);
        let mut out = Vec::new();
        self.find_into(buf, &info, &skipped, 0, &mut out);
        if out.is_empty() {
            return out;
        }
        let mut out = resolve_overlaps(&self.rules, out);
        // A key in a dependency's README or tests (`node_modules/selfsigned/README.md`) is its
        // author's example, whatever its shape: shown, never failing the gate by default.
        if info.dependency && info.docs_or_tests {
            for c in &mut out {
                c.confidence = Confidence::Low;
            }
        }
        out
    }

    fn find_into(
        &self,
        buf: &[u8],
        info: &PathInfo,
        skipped: &[bool],
        depth: u8,
        out: &mut Vec<Candidate>,
    ) {
        // (rule, keyword start, keyword end) for every keyword occurrence.
        let mut hits: Vec<(u32, usize, usize)> = Vec::new();
        self.prefilter.for_each(buf, |pattern, start, end| {
            let t = &self.triggers[pattern];
            if t.exact.as_deref().is_some_and(|e| &buf[start..end] != e) {
                return;
            }
            for &r in &t.rules {
                if !skipped[r as usize] {
                    hits.push((r, start, end));
                }
            }
        });
        for &r in &self.always {
            if !skipped[r as usize] {
                self.run_pattern(r as usize, buf, 0, buf.len(), info, out);
            }
        }
        // Values of a Kubernetes Secret's `data:` are base64: judged decoded, never as written
        // (the base64 of a placeholder looks random).
        let decoded_spans = if depth == 0 {
            self.kubernetes_secret(buf, info, skipped, out)
        } else {
            Vec::new()
        };
        if depth < decode::MAX_DEPTH {
            self.base64_runs(buf, info, skipped, depth, out);
        }
        if hits.is_empty() {
            return;
        }
        let before = out.len();
        let hits = group_by_rule(hits, self.rules.len());

        let mut i = 0;
        while i < hits.len() {
            let rule_idx = hits[i].0 as usize;
            let group_end = i + hits[i..]
                .iter()
                .take_while(|h| h.0 as usize == rule_idx)
                .count();
            let group = &hits[i..group_end];
            i = group_end;
            let rule = &self.rules[rule_idx];
            let kind = if rule.is_anchored() {
                1
            } else if rule.detector().is_some() {
                2
            } else {
                0
            };
            match kind {
                0 => {
                    // A short lower-case prefix starts a token (`re_` in `are_` is not Resend,
                    // `pat` in `dispatch` is not Airtable); capitalised ones match their exact
                    // case instead, longer ones may sit inside a token (`T3BlbkFJ`).
                    let named = group.iter().filter(|h| {
                        h.2 - h.1 > 4
                            || !buf[h.1].is_ascii_lowercase()
                            || rule.spec.imported
                            || starts_a_word(buf, h.1)
                    });
                    for (ws, we) in merged(named.map(|h| {
                        if rule.spec.multiline {
                            window(buf, h.1, true)
                        } else {
                            keyword_window(buf, h.1, h.2)
                        }
                    })) {
                        self.run_pattern(rule_idx, buf, ws, we, info, out);
                    }
                    // Escapes are decoded only near each keyword (a minified line's window is
                    // kilobytes); multi-line patterns read `\n` escapes themselves.
                    if !rule.spec.multiline {
                        // Quotes and line breaks (`\"`, `\n`) are decoded only where they join
                        // the keyword to its value or start its line (`"X=1\nVITE_SECRET=…"`).
                        let escaped = |h: &&(u32, usize, usize)| {
                            let (ws, we) = escape_window(buf, h.1, h.2);
                            let near = &buf[h.1.saturating_sub(2)..(h.2 + 48).min(we)];
                            decode::has_token_escapes(&buf[ws..we]) || decode::has_escapes(near)
                        };
                        let decode_at = group.iter().filter(escaped);
                        for (ws, we) in merged(decode_at.map(|h| escape_window(buf, h.1, h.2))) {
                            self.decoded_window(buf, ws, we, out, |u, o| {
                                self.run_pattern(rule_idx, &u.text, 0, u.text.len(), info, o)
                            });
                        }
                    }
                }
                1 => {
                    // A service's name must start a word: `wise` in `otherwise` is not Wise.
                    let named = group
                        .iter()
                        .filter(|h| starts_a_word(buf, h.1) && ends_a_name(buf, h.2));
                    for (ws, we) in merged(named.map(|h| anchor_window(buf, h.1, h.2))) {
                        self.run_anchored(rule_idx, buf, ws, we, out);
                        if decode::has_token_escapes(&buf[ws..we]) {
                            self.decoded_window(buf, ws, we, out, |u, o| {
                                self.run_anchored(rule_idx, &u.text, 0, u.text.len(), o)
                            });
                        }
                    }
                }
                _ => {
                    let mut last_value = None;
                    for &(_, s, e) in group {
                        if let Some(a) = crate::assignment::find(buf, s, e, info)
                            && last_value != Some(a.start)
                        {
                            last_value = Some(a.start);
                            self.push_assignment(rule_idx, buf, &a, out);
                        }
                    }
                    // JSON-escaped statements (`{\\"api_key\\":\\"…\\"}`, `password=%22…%22`): read
                    // decoded around each keyword, the keyword found again where it landed.
                    for &(_, s, e) in group {
                        // Only when the escapes join the name to its value (`api_key\":\"`,
                        // `token%3D`); a `\n` further along the line changes nothing.
                        let near = &buf[e..(e + 12).min(buf.len())];
                        if !decode::has_escapes(near) {
                            continue;
                        }
                        let (ws, we) = (s.saturating_sub(64), (e + 400).min(buf.len()));
                        let (ws, we) = (snap_back(buf, ws).max(line_start_within(buf, s, 64)), we);
                        let kw_len = e - s;
                        let rel = s - ws;
                        self.decoded_window(buf, ws, we, out, |u, o| {
                            let Some(at) = u.origin.iter().position(|&p| p as usize == rel) else {
                                return;
                            };
                            if let Some(a) = crate::assignment::find(&u.text, at, at + kw_len, info)
                            {
                                self.push_assignment(rule_idx, &u.text, &a, o);
                            }
                        });
                    }
                }
            }
        }

        if !decoded_spans.is_empty() {
            let rules = &self.rules;
            let mut i = before;
            while i < out.len() {
                let c = &out[i];
                let raw_value = c.encoding.is_none()
                    && (rules[c.rule].spec.generic || rules[c.rule].is_anchored())
                    && decoded_spans
                        .iter()
                        .any(|&(s, e)| c.start >= s && c.end <= e);
                if raw_value {
                    out.swap_remove(i);
                } else {
                    i += 1;
                }
            }
        }
    }
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
    fn a_service_name_is_not_the_stem_of_a_word() {
        let at = |text: &str, kw: &str| {
            let s = text.find(kw).unwrap();
            ends_a_name(text.as_bytes(), s + kw.len())
        };
        assert!(!at(".dropdown-toggle{x}", "toggl"));
        assert!(!at("toggled = true", "toggl"));
        assert!(at("TOGGL_API_TOKEN=", "TOGGL"));
        assert!(at("togglToken: x", "toggl"));
        assert!(at("dwollav2.Client(", "dwolla"));
        assert!(at("identity.api.rackspacecloud.com", "rackspace"));
        assert!(at("toggl", "toggl"));
    }

    #[test]
    fn anchor_windows_reach_a_few_lines_down() {
        let buf = b"x\nclickhouse:\n  host: h\n  user: u\n  password: p\n  port: 1\nnext: n\n";
        let ks = 2;
        let (s, e) = anchor_window(buf, ks, ks + 10);
        let w = std::str::from_utf8(&buf[s..e]).unwrap();
        assert!(w.starts_with("clickhouse:"), "{w}");
        assert!(w.ends_with("password: p"), "{w}");
    }

    #[test]
    fn paths_say_how_to_read_a_file() {
        assert!(PathInfo::of("docs/setup.md").docs_or_tests);
        assert!(PathInfo::of("src/auth.test.ts").docs_or_tests);
        assert!(PathInfo::of("tests/fixtures/a.json").docs_or_tests);
        assert!(!PathInfo::of("src/contest/app.ts").docs_or_tests);
        assert!(!PathInfo::of("notes.txt").docs_or_tests);
        assert!(PathInfo::of("web/package-lock.json").lockfile);
        assert!(PathInfo::of("src/app.py").code);
        assert!(!PathInfo::of("deploy.sh").code);
    }
}
