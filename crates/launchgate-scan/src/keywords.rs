//! Every keyword occurrence in a buffer, from one case-insensitive Aho-Corasick DFA over every
//! rule's keywords (overlapping matches: `api_key` and `key` both count).
//!
//! A DFA step is a table load that waits on the step before it, so one walk over a buffer runs at
//! the memory latency of the table, not the core's speed: with 2,500 keywords the table is
//! megabytes and a walk manages about 290 MB/s. Eight walks over the eight parts of a buffer,
//! stepped together, are eight independent chains the core overlaps: about 2.8 times the
//! throughput on the same automaton. Each part's walk starts the longest keyword's length early,
//! so it is in the state a single walk would be in by the time it reaches its own bytes (a DFA
//! state is the longest keyword prefix the text ends with), and reports only matches that end in
//! its own part: every occurrence is reported once.
//!
//! The automaton reads codes, not bytes: each byte a keyword holds (either case) has a code of its
//! own and every other byte shares code 0. The keywords use under 64 distinct bytes, so a state's
//! row of transitions is 64 wide instead of 128: half the table, twice the states per cache line.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// Walks run interleaved over this many parts of a buffer.
const STREAMS: usize = 8;
/// Below this size a buffer is walked once (the warm-up would be a large share of the work).
const SPLIT_FROM: usize = 1024;

#[derive(Debug)]
pub(crate) struct Keywords {
    dfa: DFA,
    start: StateID,
    /// Each byte's code: the same for both cases of a letter, 0 for a byte no keyword holds.
    code: [u8; 256],
}

impl Keywords {
    /// The automaton over `patterns`, matched ignoring ASCII case.
    pub(crate) fn new(patterns: &[Vec<u8>]) -> Result<Keywords, String> {
        let mut code = [0u8; 256];
        let mut next = 1u16;
        for &b in patterns.iter().flatten() {
            let lower = usize::from(b.to_ascii_lowercase());
            if code[lower] == 0 {
                // At most 256 bytes, lower-cased: codes stay below 256.
                code[lower] = u8::try_from(next).map_err(|_| "too many keyword bytes")?;
                next += 1;
            }
        }
        for b in b'A'..=b'Z' {
            code[usize::from(b)] = code[usize::from(b.to_ascii_lowercase())];
        }
        let coded: Vec<Vec<u8>> = patterns
            .iter()
            .map(|p| p.iter().map(|&b| code[usize::from(b)]).collect())
            .collect();
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&coded)
            .map_err(|e| e.to_string())?;
        let start = dfa.start_state(Anchored::No).map_err(|e| e.to_string())?;
        Ok(Keywords { dfa, start, code })
    }

    /// Calls `hit(pattern, start, end)` for every occurrence of every pattern in `buf`, in no
    /// particular order.
    pub(crate) fn for_each(&self, buf: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
        let n = buf.len();
        if n < SPLIT_FROM {
            self.walk(buf, 0, 0, self.start, &mut hit);
            return;
        }
        let part_len = n / STREAMS;
        let warm = self.dfa.max_pattern_len();
        // Stream k owns `own[k]..` up to the next stream's start and begins walking at `from[k]`.
        let own: [usize; STREAMS] = std::array::from_fn(|k| k * part_len);
        let from: [usize; STREAMS] = std::array::from_fn(|k| own[k].saturating_sub(warm));
        let end: [usize; STREAMS] = std::array::from_fn(|k| own.get(k + 1).copied().unwrap_or(n));
        let steps = (0..STREAMS).map(|k| end[k] - from[k]).min().unwrap_or(0);
        let part = |k: usize| &buf[from[k]..from[k] + steps];
        let mut state = [self.start; STREAMS];
        let dfa = &self.dfa;
        // Zipped slices compile without bounds checks; the eight loads are independent.
        let lanes = part(0).iter().zip(part(1)).zip(part(2)).zip(part(3));
        let lanes = lanes.zip(part(4)).zip(part(5)).zip(part(6)).zip(part(7));
        for (j, (((((((&b0, &b1), &b2), &b3), &b4), &b5), &b6), &b7)) in lanes.enumerate() {
            for (k, b) in [b0, b1, b2, b3, b4, b5, b6, b7].into_iter().enumerate() {
                state[k] = dfa.next_state(Anchored::No, state[k], self.code[usize::from(b)]);
            }
            if state.iter().any(|&s| dfa.is_special(s)) {
                for k in 0..STREAMS {
                    let at = from[k] + j;
                    if at >= own[k] && dfa.is_match(state[k]) {
                        self.report(state[k], at, &mut hit);
                    }
                }
            }
        }
        for k in 0..STREAMS {
            let at = from[k] + steps;
            self.walk(&buf[..end[k]], at, own[k], state[k], &mut hit);
        }
    }

    /// One walk over `buf[at..]` from `state`, reporting matches that end at or after `own`.
    fn walk(
        &self,
        buf: &[u8],
        at: usize,
        own: usize,
        mut state: StateID,
        hit: &mut impl FnMut(usize, usize, usize),
    ) {
        for (i, &b) in buf.iter().enumerate().skip(at) {
            state = self
                .dfa
                .next_state(Anchored::No, state, self.code[usize::from(b)]);
            if self.dfa.is_special(state) && i >= own && self.dfa.is_match(state) {
                self.report(state, i, hit);
            }
        }
    }

    /// Every pattern that ends at `buf[last]` in match state `state`.
    fn report(&self, state: StateID, last: usize, hit: &mut impl FnMut(usize, usize, usize)) {
        for m in 0..self.dfa.match_len(state) {
            let pattern = self.dfa.match_pattern(state, m);
            let len = self.dfa.pattern_len(pattern);
            hit(pattern.as_usize(), last + 1 - len, last + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence, as a naive search finds them, whatever the buffer's size and wherever
    /// the parts' edges fall (occurrences across an edge and inside a warm-up included).
    #[test]
    fn interleaved_walks_find_what_a_naive_search_finds() {
        let patterns: Vec<Vec<u8>> = ["key", "api_key", "AKIA", "xoxb-", "secret", "et"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        let kw = Keywords::new(&patterns).unwrap();
        let unit = b"my API_KEY=1; SECRET akia xoxb-x et";
        for len in [
            0,
            3,
            40,
            SPLIT_FROM - 1,
            SPLIT_FROM,
            SPLIT_FROM + 7,
            3 * SPLIT_FROM + 13,
        ] {
            let buf: Vec<u8> = unit.iter().copied().cycle().take(len).collect();
            let mut got = Vec::new();
            kw.for_each(&buf, |p, s, e| got.push((p, s, e)));
            got.sort_unstable();
            let mut want = Vec::new();
            for (p, pat) in patterns.iter().enumerate() {
                for s in 0..buf.len().saturating_sub(pat.len() - 1) {
                    if buf[s..s + pat.len()].eq_ignore_ascii_case(pat) {
                        want.push((p, s, s + pat.len()));
                    }
                }
            }
            want.sort_unstable();
            assert!(
                !want.is_empty() || len < unit.len(),
                "len {len}: no occurrences to test"
            );
            assert_eq!(got, want, "len {len}");
        }
    }
}
