//! One layer deeper: base64 runs and decoded windows scanned again with every rule, assignments
//! and Kubernetes secrets whose values are encoded.

use super::*;

impl RuleSet {
    /// Base64 runs long enough to hold a secret whose start decodes to text: decoded (bounded)
    /// and scanned again with every rule, one layer deeper. A finding in one points at the run.
    pub(super) fn base64_runs(
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
    pub(super) fn decoded_window(
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

    pub(super) fn push_assignment(
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
    pub(super) fn kubernetes_secret(
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
}
