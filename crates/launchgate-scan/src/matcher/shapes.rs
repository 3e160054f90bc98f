//! The two rule shapes: a pattern around a keyword, and an anchored value near its context;
//! and what decides at their edges (word starts, name ends, public keys, structural validation).

use super::*;

impl RuleSet {
    pub(super) fn run_pattern(
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
    pub(super) fn run_anchored(
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
pub(super) fn starts_a_word(buf: &[u8], at: usize) -> bool {
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
pub(super) fn validated(rule: &Rule, value: &[u8]) -> Option<(Confidence, Option<&'static str>)> {
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
pub(super) fn ends_a_name(buf: &[u8], end: usize) -> bool {
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
pub(super) fn names_a_public_key(before: &[u8]) -> bool {
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
