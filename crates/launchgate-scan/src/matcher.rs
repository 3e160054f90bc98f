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

/// What the path of a file says about how to read it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PathInfo {
    /// Documentation, examples, fixtures or tests: heuristic findings have low confidence.
    pub(crate) docs_or_tests: bool,
    /// A package manager's lockfile: digests and versions, no hand-written values; context rules
    /// and the generic detector do not run there (provider formats still do).
    pub(crate) lockfile: bool,
    /// Source code: a bare value after `=` is an expression.
    pub(crate) code: bool,
    /// A `.netrc`: `password` is followed by its value without an operator.
    pub(crate) netrc: bool,
    /// Inside another package (`node_modules/`, a top-level `vendor/`).
    pub(crate) dependency: bool,
}

const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "Cargo.lock",
    "go.sum",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "Gemfile.lock",
    "composer.lock",
    "packages.lock.json",
    "flake.lock",
    "mix.lock",
    "pubspec.lock",
    "Podfile.lock",
    "gradle.lockfile",
    "deno.lock",
    ".terraform.lock.hcl",
];

impl PathInfo {
    /// Every field, as bits: what a cache of scan results by path class must tell apart.
    fn bits(&self) -> u64 {
        u64::from(self.docs_or_tests)
            | u64::from(self.lockfile) << 1
            | u64::from(self.code) << 2
            | u64::from(self.netrc) << 3
            | u64::from(self.dependency) << 4
    }

    pub(crate) fn of(path: &str) -> PathInfo {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let dirs = &lower[..lower.len() - name.len()];
        // One pass over the directories (a dependency's path is a dozen deep; this runs per file).
        let dir_hit = dirs.split('/').any(|seg| {
            matches!(
                seg,
                "test"
                    | "tests"
                    | "__tests__"
                    | "spec"
                    | "specs"
                    | "fixture"
                    | "fixtures"
                    | "example"
                    | "examples"
                    | "doc"
                    | "docs"
                    | "sample"
                    | "samples"
                    | "testdata"
                    | "mock"
                    | "mocks"
                    | "__mocks__"
                    | "e2e"
                    | "cypress"
                    | "demo"
            )
        });
        // Type declarations hold no runtime values: a literal there is in a doc comment.
        let ext_hit = [
            ".md", ".mdx", ".rst", ".adoc", ".snap", ".d.ts", ".d.mts", ".d.cts",
        ]
        .iter()
        .any(|e| name.ends_with(e));
        let name_hit = name.split(['.', '_', '-']).any(|part| {
            matches!(
                part,
                "test"
                    | "spec"
                    | "example"
                    | "examples"
                    | "fixture"
                    | "fixtures"
                    | "sample"
                    | "mock"
                    | "stories"
                    | "story"
            )
        });
        PathInfo {
            docs_or_tests: dir_hit || ext_hit || name_hit,
            lockfile: LOCKFILES.iter().any(|l| name.eq_ignore_ascii_case(l)),
            // A source map's `sourcesContent` is code, escaped into JSON strings.
            code: crate::assignment::is_code_path(path) || name.ends_with(".map"),
            netrc: name == ".netrc" || name == "_netrc" || name == "netrc",
            dependency: crate::bundles::is_dependency_path(path),
        }
    }
}

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

    /// Base64 runs long enough to hold a secret whose start decodes to text: decoded (bounded)
    /// and scanned again with every rule, one layer deeper. A finding in one points at the run.
    fn base64_runs(
        &self,
        buf: &[u8],
        info: &PathInfo,
        skipped: &[bool],
        depth: u8,
        out: &mut Vec<Candidate>,
    ) {
        for (rs, re) in decode::runs(buf) {
            // A dependency's inline source map is its own sources again, megabytes of them.
            if info.dependency
                && crate::filters::contains(
                    &buf[rs.saturating_sub(64)..rs],
                    b"sourceMappingURL=data:",
                )
            {
                continue;
            }
            let Some((_, text)) = decode::decode_run(&buf[rs..re]) else {
                continue;
            };
            let mut inner = Vec::new();
            self.find_into(&text, info, skipped, depth + 1, &mut inner);
            for c in inner {
                let secret = c.secret.unwrap_or_else(|| text[c.start..c.end].to_vec());
                out.push(Candidate {
                    start: rs,
                    end: re,
                    secret: Some(secret),
                    encoding: Some(Encoding::Base64),
                    ..c
                });
            }
        }
    }

    /// Runs `scan` on the decoded form of `buf[ws..we]` (callers check first that it holds
    /// escapes, each as narrowly as it needs), and maps what it finds back to raw offsets.
    fn decoded_window(
        &self,
        buf: &[u8],
        ws: usize,
        we: usize,
        out: &mut Vec<Candidate>,
        scan: impl Fn(&decode::Unescaped, &mut Vec<Candidate>),
    ) {
        let raw = &buf[ws..we];
        let u = decode::unescape(raw);
        let mut inner = Vec::new();
        scan(&u, &mut inner);
        for c in inner {
            let (s, e) = u.raw_range(c.start, c.end);
            let decoded = c
                .secret
                .clone()
                .unwrap_or_else(|| u.text[c.start..c.end].to_vec());
            let changed = buf[ws + s..ws + e] != decoded[..];
            out.push(Candidate {
                start: ws + s,
                end: ws + e,
                encoding: if changed {
                    c.encoding.or(Some(if u.url && !u.escaped {
                        Encoding::UrlEncoded
                    } else {
                        Encoding::Escaped
                    }))
                } else {
                    c.encoding
                },
                secret: changed.then_some(decoded),
                ..c
            });
        }
    }

    fn push_assignment(
        &self,
        rule_idx: usize,
        buf: &[u8],
        a: &crate::assignment::Assignment,
        out: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[rule_idx];
        let compiled = rule.compiled();
        let value = &buf[a.start..a.end];
        if compiled
            .allow_secret
            .as_ref()
            .is_some_and(|re| re.is_match(value))
        {
            return;
        }
        let name = &buf[a.name.0..a.name.1];
        if compiled
            .allow_name
            .as_ref()
            .is_some_and(|re| re.is_match(name))
        {
            return;
        }
        out.push(Candidate {
            rule: rule_idx,
            start: a.start,
            end: a.end,
            secret: None,
            encoding: None,
            confidence: a.confidence.min(rule.spec.confidence),
            note: a.note,
            name: Some(launchgate_core::printable(&String::from_utf8_lossy(name)).into_owned()),
        });
    }

    /// Values of a Kubernetes `Secret`'s `data:` map are base64: each is decoded and scanned as
    /// the line `key: value` it stands for, so the generic detector sees the key's name.
    /// Returns the raw spans of the values it decoded.
    fn kubernetes_secret(
        &self,
        buf: &[u8],
        info: &PathInfo,
        skipped: &[bool],
        out: &mut Vec<Candidate>,
    ) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        static SECRET_KIND: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"kind: Secret"));
        if SECRET_KIND.find(buf).is_none() {
            return spans;
        }
        let mut in_data: Option<usize> = None;
        let mut at = 0;
        for line in buf.split(|&b| b == b'\n') {
            let start = at;
            at += line.len() + 1;
            let indent = line.iter().take_while(|&&b| b == b' ').count();
            let body = line[indent..]
                .strip_suffix(b"\r")
                .unwrap_or(&line[indent..]);
            if body.is_empty() || body.starts_with(b"#") {
                continue;
            }
            if let Some(d) = in_data
                && indent > d
                && let Some(colon) = body.iter().position(|&b| b == b':')
            {
                let key = &body[..colon];
                let raw = body[colon + 1..].trim_ascii();
                let raw = raw
                    .strip_prefix(b"\"")
                    .and_then(|r| r.strip_suffix(b"\""))
                    .unwrap_or(raw);
                if raw.len() < 8 || !raw.iter().all(|&b| decode::is_b64(b) || b == b'=') {
                    continue;
                }
                let Some(value) = decode::base64_decode(raw).filter(|v| decode::is_text(v)) else {
                    continue;
                };
                let vs = start
                    + indent
                    + colon
                    + 1
                    + memchr::memmem::find(&body[colon + 1..], raw).unwrap_or(0);
                spans.push((vs, vs + raw.len()));
                let mut line_text = key.to_vec();
                line_text.extend_from_slice(b": ");
                let value_at = line_text.len();
                line_text.extend_from_slice(&value);
                let mut inner = Vec::new();
                self.find_into(&line_text, info, skipped, 1, &mut inner);
                for c in inner {
                    let secret = c
                        .secret
                        .clone()
                        .unwrap_or_else(|| line_text[c.start..c.end].to_vec());
                    if c.end <= value_at {
                        continue;
                    }
                    out.push(Candidate {
                        start: vs,
                        end: vs + raw.len(),
                        secret: Some(secret),
                        encoding: Some(Encoding::Base64),
                        ..c
                    });
                }
                continue;
            }
            in_data = (body == b"data:").then_some(indent);
        }
        spans
    }

    fn run_pattern(
        &self,
        rule_idx: usize,
        buf: &[u8],
        ws: usize,
        we: usize,
        info: &PathInfo,
        out: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[rule_idx];
        let compiled = rule.compiled();
        let Shape::Pattern {
            regex,
            secret_groups,
            host_group,
            name_group,
        } = &compiled.shape
        else {
            return;
        };
        let hay = &buf[..we];
        let mut at = ws;
        while at <= hay.len() {
            let Some(caps) = regex.captures_at(hay, at) else {
                break;
            };
            let whole = caps.get(0).expect("internal error: group 0 always exists");
            at = if whole.end() > whole.start() {
                whole.end()
            } else {
                whole.end() + 1
            };
            let secret = secret_groups
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
            if is_placeholder(value)
                || is_documented_example(value)
                || crate::filters::is_secret_reference(value)
            {
                continue;
            }
            if compiled
                .allow_secret
                .as_ref()
                .is_some_and(|a| a.is_match(value))
            {
                continue;
            }
            if let (Some(g), Some(allow)) = (*host_group, compiled.allow_host.as_ref())
                && caps.get(g).is_some_and(|h| allow.is_match(h.as_bytes()))
            {
                continue;
            }
            if let (Some(g), Some(allow)) = (*name_group, compiled.allow_name.as_ref())
                && caps.get(g).is_some_and(|n| allow.is_match(n.as_bytes()))
            {
                continue;
            }
            if rule.spec.generic && !looks_random(value) {
                continue;
            }
            let Some((mut confidence, note)) = validated(rule, value) else {
                continue;
            };
            // In docs and tests, what is not self-identifying is most likely a fixture.
            if info.docs_or_tests && (rule.spec.generic || rule.spec.confidence < Confidence::High)
            {
                confidence = Confidence::Low;
            }
            out.push(Candidate {
                rule: rule_idx,
                start: secret.start(),
                end: secret.end(),
                secret: None,
                encoding: None,
                confidence,
                note,
                name: None,
            });
        }
    }

    /// Whole tokens in `buf[ws..we]` that match a context-anchored rule's value.
    fn run_anchored(
        &self,
        rule_idx: usize,
        buf: &[u8],
        ws: usize,
        we: usize,
        out: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[rule_idx];
        let compiled = rule.compiled();
        let Shape::Anchored {
            value,
            token,
            mixed,
        } = &compiled.shape
        else {
            return;
        };
        let floor = rule.spec.entropy.unwrap_or(ANCHOR_ENTROPY);
        let mut i = ws;
        while i < we {
            if !token[usize::from(buf[i])] {
                i += 1;
                continue;
            }
            let s = i;
            while i < we && token[usize::from(buf[i])] {
                i += 1;
            }
            // A token running past the window's edges is not whole.
            if (s == ws && s > 0 && token[usize::from(buf[s - 1])])
                || (i == we && i < buf.len() && token[usize::from(buf[i])])
            {
                continue;
            }
            // A value whose own bytes include `=` or `:` (base64 padding, `id:secret`) glues onto
            // the name before it (`KEY=c2Vj…==`, `token:abc:def`): then the part after such a
            // separator is the token.
            let s = if value.is_match(&buf[s..i]) {
                s
            } else {
                match (s + 1..i)
                    .filter(|&p| matches!(buf[p - 1], b'=' | b':') && buf[p] != b'=')
                    .find(|&p| value.is_match(&buf[p..i]))
                {
                    Some(p) => p,
                    None => continue,
                }
            };
            let t = &buf[s..i];
            let lower = t.to_ascii_lowercase();
            if rule
                .spec
                .keywords
                .iter()
                .any(|k| crate::filters::contains(&lower, k.to_ascii_lowercase().as_bytes()))
            {
                continue;
            }
            if shannon_entropy(t) < floor || is_placeholder(t) || is_documented_example(t) {
                continue;
            }
            if *mixed
                && t.len() >= 10
                && !(t.iter().any(u8::is_ascii_digit) && t.iter().any(u8::is_ascii_alphabetic))
            {
                continue;
            }
            if compiled
                .allow_secret
                .as_ref()
                .is_some_and(|a| a.is_match(t))
            {
                continue;
            }
            let reach = s.saturating_sub(48);
            let line_start = memrchr(b'\n', &buf[reach..s]).map_or(reach, |p| reach + p + 1);
            let before = &buf[line_start..s];
            if not_secret_context(before) || names_a_public_key(before) {
                continue;
            }
            let Some((confidence, note)) = validated(rule, t) else {
                continue;
            };
            out.push(Candidate {
                rule: rule_idx,
                start: s,
                end: i,
                secret: None,
                encoding: None,
                confidence,
                note,
                name: None,
            });
        }
    }
}

/// Whether a keyword at `at` begins a word: it starts with a symbol (`.wavefront.com`), or
/// follows the start, a non-letter, or a letter of the other case (`myWiseKey`, `-Delastic`).
/// `wise` in `otherwise` and `WISE` in `OTHERWISE` do not.
fn starts_a_word(buf: &[u8], at: usize) -> bool {
    let first = buf[at];
    if !first.is_ascii_alphabetic() {
        return true;
    }
    match at.checked_sub(1).map(|i| buf[i]) {
        None => true,
        Some(p) if !p.is_ascii_alphabetic() => true,
        Some(p) => p.is_ascii_lowercase() != first.is_ascii_lowercase(),
    }
}

/// A match's confidence after the rule's validator, and the validator's note; `None` when the
/// validator rejects it.
fn validated(rule: &Rule, value: &[u8]) -> Option<(Confidence, Option<&'static str>)> {
    let Some(v) = rule.spec.validate else {
        return Some((rule.spec.confidence, None));
    };
    match v.check(value) {
        Outcome::Rejected => None,
        Outcome::Confirmed(c, n) => Some((rule.spec.confidence.max(c), n)),
        Outcome::Weak(n) => Some((Confidence::Low, Some(n))),
    }
}

/// Whether a service name ending at `end` is not the stem of an ordinary word: `toggl` in
/// `toggle` or `toggled` is not Toggl, while `togglToken`, `dwollav2` and `rackspacecloud` name
/// the service.
fn ends_a_name(buf: &[u8], end: usize) -> bool {
    if end == 0 || !buf[end - 1].is_ascii_alphabetic() {
        return true;
    }
    let rest = &buf[end..(end + 6).min(buf.len())];
    let run = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
    if run == 0 || (run == rest.len() && end + run < buf.len()) {
        return true;
    }
    const INFLECTIONS: &[&[u8]] = &[
        b"e", b"s", b"es", b"ed", b"er", b"ers", b"ing", b"le", b"les", b"led", b"ly",
    ];
    !INFLECTIONS.contains(&&rest[..run])
}

/// Whether the name a value is assigned to (the last identifier before it on its line) says
/// the value is public: `STRIPE_PUBLISHABLE_KEY=`, `"public_key": `, `anonKey:`, `siteKey=`.
fn names_a_public_key(before: &[u8]) -> bool {
    let end = before
        .iter()
        .rposition(|b| b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let start = before[..end]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .map_or(0, |i| i + 1);
    crate::filters::segments(&before[start..end]).any(|s| {
        ["public", "publishable", "pub", "anon", "site"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w.as_bytes()))
    })
}

/// Whether `rule` does not run on the file at `path`.
fn skips(rule: &Rule, path: &str, info: &PathInfo) -> bool {
    if rule
        .skip_paths
        .as_ref()
        .is_some_and(|re| re.is_match(path.as_bytes()))
    {
        return true;
    }
    // Lockfiles are digests and versions: context and heuristics would read them as keys.
    info.lockfile && (rule.spec.generic || rule.is_anchored())
}

/// Whether a keyword is a capitalised token prefix whose case is part of the format: at most
/// six characters, a capital, no lower-case letter (`AKIA`, `EAA`, `SEC`, `GR1348941` is
/// longer and stays as it is).
fn exact_case(kw: &str) -> bool {
    kw.len() <= 6
        && kw.bytes().any(|b| b.is_ascii_uppercase())
        && !kw.bytes().any(|b| b.is_ascii_lowercase())
}

/// The start of the line holding `ks`, but at most `before` bytes back; a start cut mid-line
/// is moved back so no token is cut in half.
fn bounded_start(buf: &[u8], ks: usize, before: usize) -> usize {
    let lo = ks.saturating_sub(before);
    let start = line_start_within(buf, ks, before);
    if start == lo && lo > 0 {
        snap_back(buf, lo)
    } else {
        start
    }
}

/// The line holding a keyword at `buf[ks..ke]`, from [`bounded_start`] to at most `after`
/// bytes after it. The flag says whether the end was cut mid-line (for the caller to extend as
/// it needs).
fn bounded_line(
    buf: &[u8],
    ks: usize,
    ke: usize,
    before: usize,
    after: usize,
) -> (usize, usize, bool) {
    let start = bounded_start(buf, ks, before);
    let hi = (ke + after).min(buf.len());
    let end = memchr(b'\n', &buf[ke..hi]).map_or(hi, |i| ke + i);
    (start, end, end == hi && hi < buf.len())
}

/// The range a one-line pattern runs on for a keyword at `buf[ks..ke]`: its line, but at most
/// [`KEYWORD_BEFORE`] bytes before the keyword and [`KEYWORD_AFTER`] after it (a secret sits
/// next to its prefix or its name; a minified line is megabytes long).
fn keyword_window(buf: &[u8], ks: usize, ke: usize) -> (usize, usize) {
    let (start, end, cut) = bounded_line(buf, ks, ke, KEYWORD_BEFORE, KEYWORD_AFTER);
    // A token that runs past the window (a 2 KB session token) is followed to its end.
    if cut {
        let cap = (end + LONG_TOKEN).min(buf.len());
        (
            start,
            (end..cap).find(|&i| !is_token_byte(buf[i])).unwrap_or(cap),
        )
    } else {
        (start, end)
    }
}

/// The longest token a window is extended to reach the end of.
const LONG_TOKEN: usize = 8 * 1024;

/// The start of the line holding `pos`, looking back at most `reach` bytes.
fn line_start_within(buf: &[u8], pos: usize, reach: usize) -> usize {
    let lo = pos.saturating_sub(reach);
    memrchr(b'\n', &buf[lo..pos]).map_or(lo, |i| lo + i + 1)
}

/// The text around a keyword at `buf[ks..ke]` that is decoded when it holds escapes: from a
/// little before it (a statement's name) to the length of the longest token after it, within
/// its line.
fn escape_window(buf: &[u8], ks: usize, ke: usize) -> (usize, usize) {
    let (start, end, cut) = bounded_line(buf, ks, ke, 96, 480);
    (start, if cut { snap_forward(buf, end) } else { end })
}

/// `hits` ordered by rule, then position, without duplicates: a counting sort by rule (hits
/// are many, rules a thousand), then each rule's few hits (already in the automaton's order)
/// sorted by position.
fn group_by_rule(hits: Vec<(u32, usize, usize)>, rules: usize) -> Vec<(u32, usize, usize)> {
    if hits.len() < 64 {
        let mut hits = hits;
        hits.sort_unstable();
        hits.dedup();
        return hits;
    }
    let mut start = vec![0u32; rules + 1];
    for h in &hits {
        start[h.0 as usize + 1] += 1;
    }
    for r in 0..rules {
        start[r + 1] += start[r];
    }
    let mut next = start.clone();
    let mut out = vec![(0u32, 0usize, 0usize); hits.len()];
    for h in hits {
        let slot = &mut next[h.0 as usize];
        out[*slot as usize] = h;
        *slot += 1;
    }
    for r in 0..rules {
        let s = &mut out[start[r] as usize..start[r + 1] as usize];
        if s.len() > 1 && !s.is_sorted() {
            s.sort_unstable();
        }
    }
    out.dedup();
    out
}

/// Merges overlapping or touching ranges given in increasing order of start.
fn merged(windows: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (ws, we) in windows {
        match out.last_mut() {
            Some(last) if ws <= last.1 => last.1 = last.1.max(we),
            _ => out.push((ws, we)),
        }
    }
    out
}

/// The range a context-anchored rule looks in for a keyword at `buf[ks..ke]`: its line from up
/// to [`ANCHOR_BEFORE`] bytes before it, and up to [`ANCHOR_AFTER`] bytes after it over at most
/// [`ANCHOR_LINES`] more lines (a YAML or INI section's keys sit on the lines below its name).
fn anchor_window(buf: &[u8], ks: usize, ke: usize) -> (usize, usize) {
    let start = bounded_start(buf, ks, ANCHOR_BEFORE);
    let hi = (ke + ANCHOR_AFTER).min(buf.len());
    let mut end = ke;
    let mut lines = 0;
    while end < hi {
        match memchr(b'\n', &buf[end..hi]) {
            Some(i) => {
                end += i;
                if lines == ANCHOR_LINES {
                    break;
                }
                lines += 1;
                end += 1;
            }
            None => {
                end = hi;
                break;
            }
        }
    }
    let end = if end == hi && hi < buf.len() {
        // Cut mid-line: do not cut a token in half.
        snap_forward(buf, hi)
    } else {
        end
    };
    (start, end)
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
    TOKEN_BYTE[usize::from(b)]
}

/// The bytes a token may hold, as a table (window edges are moved over them byte by byte).
static TOKEN_BYTE: [bool; 256] = decode::byte_table!(|c| c.is_ascii_alphanumeric()
    || matches!(c, b'_' | b'-' | b'+' | b'/' | b'=' | b'.' | b'~' | b'%'));

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
/// non-generic over generic, then a match in the text as written over a decoded one (a
/// Bedrock key is base64 that decodes to an AWS key id: the key is what was written), then
/// higher confidence, then higher severity, then rule order.
fn resolve_overlaps(rules: &[Rule], mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| {
        (a.start, a.end, a.rule, a.encoding).cmp(&(b.start, b.end, b.rule, b.encoding))
    });
    cands.dedup_by(|a, b| {
        a.start == b.start && a.end == b.end && a.rule == b.rule && a.secret == b.secret
    });
    let rank = |c: &Candidate| {
        let s = &rules[c.rule].spec;
        (
            !s.generic,
            c.encoding.is_none(),
            c.confidence,
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
