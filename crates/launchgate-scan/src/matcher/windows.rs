//! Where to look: windows around keyword hits, bounded by lines and snapped to token edges,
//! merged; and overlapping candidates resolved to one.

use super::*;

/// The start of the line holding `ks`, but at most `before` bytes back; a start cut mid-line
/// is moved back so no token is cut in half.
pub(super) fn bounded_start(buf: &[u8], ks: usize, before: usize) -> usize {
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
pub(super) fn bounded_line(
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
pub(super) fn keyword_window(buf: &[u8], ks: usize, ke: usize) -> (usize, usize) {
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
pub(super) const LONG_TOKEN: usize = 8 * 1024;

/// The start of the line holding `pos`, looking back at most `reach` bytes.
pub(super) fn line_start_within(buf: &[u8], pos: usize, reach: usize) -> usize {
    let lo = pos.saturating_sub(reach);
    memrchr(b'\n', &buf[lo..pos]).map_or(lo, |i| lo + i + 1)
}

/// The text around a keyword at `buf[ks..ke]` that is decoded when it holds escapes: from a
/// little before it (a statement's name) to the length of the longest token after it, within
/// its line.
pub(super) fn escape_window(buf: &[u8], ks: usize, ke: usize) -> (usize, usize) {
    let (start, end, cut) = bounded_line(buf, ks, ke, 96, 480);
    (start, if cut { snap_forward(buf, end) } else { end })
}

/// `hits` ordered by rule, then position, without duplicates: a counting sort by rule (hits
/// are many, rules a thousand), then each rule's few hits (already in the automaton's order)
/// sorted by position.
pub(super) fn group_by_rule(
    hits: Vec<(u32, usize, usize)>,
    rules: usize,
) -> Vec<(u32, usize, usize)> {
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
pub(super) fn merged(windows: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
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
pub(super) fn anchor_window(buf: &[u8], ks: usize, ke: usize) -> (usize, usize) {
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
pub(super) fn window(buf: &[u8], pos: usize, multiline: bool) -> (usize, usize) {
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

pub(super) fn is_token_byte(b: u8) -> bool {
    TOKEN_BYTE[usize::from(b)]
}

/// The bytes a token may hold, as a table (window edges are moved over them byte by byte).
pub(super) static TOKEN_BYTE: [bool; 256] = decode::byte_table!(|c| c.is_ascii_alphanumeric()
    || matches!(c, b'_' | b'-' | b'+' | b'/' | b'=' | b'.' | b'~' | b'%'));

/// Moves a window start back to just after a non-token byte, so no token is cut in half.
pub(super) fn snap_back(buf: &[u8], from: usize) -> usize {
    let lo = from.saturating_sub(SNAP);
    (lo..from)
        .rev()
        .find(|&i| !is_token_byte(buf[i]))
        .map_or(lo, |i| i + 1)
}

/// Moves a window end forward to a non-token byte.
pub(super) fn snap_forward(buf: &[u8], from: usize) -> usize {
    let hi = (from + SNAP).min(buf.len());
    (from..hi).find(|&i| !is_token_byte(buf[i])).unwrap_or(hi)
}

/// Keeps, among candidates whose secrets overlap, the one from the most trustworthy rule:
/// non-generic over generic, then a match in the text as written over a decoded one (a
/// Bedrock key is base64 that decodes to an AWS key id: the key is what was written), then
/// higher confidence, then higher severity, then rule order.
pub(super) fn resolve_overlaps(rules: &[Rule], mut cands: Vec<Candidate>) -> Vec<Candidate> {
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
