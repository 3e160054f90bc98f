//! Decoding what hides a secret from a plain regex: JSON and JavaScript string escapes (`\/`,
//! `\u002F`, `\n`), URL percent-encoding, and base64 runs. Everything is bounded: escapes are
//! decoded only in a rule's window, base64 only in runs that an encoded keyword points at, each
//! to a capped size, and nested decoding stops at [`MAX_DEPTH`].

/// How many layers of encoding are peeled (base64 inside base64).
pub(crate) const MAX_DEPTH: u8 = 2;
/// The longest base64 run decoded around one trigger.
pub(crate) const MAX_RUN: usize = 64 * 1024;
/// Fewest base64 characters worth decoding (24 bytes: a key and its name).
pub(crate) const MIN_RUN: usize = 32;

/// How a secret was encoded where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Encoding {
    /// JSON or JavaScript string escapes (`\/`, `\u002F`, `\n`).
    Escaped,
    /// URL percent-encoding (`%2F`).
    UrlEncoded,
    /// A base64 run.
    Base64,
}

impl Encoding {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Encoding::Escaped => "escaped",
            Encoding::UrlEncoded => "url-encoded",
            Encoding::Base64 => "base64",
        }
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Whether `buf` holds an escape sequence that can split a token (`\/`, `\u002F`, `\x2F`,
/// `%2F`): quotes and line breaks (`\"`, `\n`) cannot, and are everywhere in minified code.
pub(crate) fn has_token_escapes(buf: &[u8]) -> bool {
    memchr::memchr2_iter(b'\\', b'%', buf).any(|i| match buf[i] {
        b'\\' => matches!(buf.get(i + 1), Some(b'/' | b'u' | b'x')),
        _ => matches!((buf.get(i + 1), buf.get(i + 2)), (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some()),
    })
}

/// Whether `buf` holds an escape sequence or a percent-encoded byte worth decoding.
pub(crate) fn has_escapes(buf: &[u8]) -> bool {
    memchr::memchr2_iter(b'\\', b'%', buf).any(|i| match buf[i] {
        b'\\' => matches!(
            buf.get(i + 1),
            Some(b'/' | b'"' | b'\'' | b'\\' | b'n' | b'r' | b't' | b'u' | b'x')
        ),
        _ => matches!((buf.get(i + 1), buf.get(i + 2)), (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some()),
    })
}

/// Text with escapes decoded, and for each decoded byte the offset of the raw byte it came
/// from (plus one entry for the end), so a match in the decoded text maps back.
#[derive(Debug, Default)]
pub(crate) struct Unescaped {
    pub(crate) text: Vec<u8>,
    pub(crate) origin: Vec<u32>,
    /// Which encodings were seen.
    pub(crate) escaped: bool,
    pub(crate) url: bool,
}

impl Unescaped {
    /// The raw range `[start, end)` of decoded range `[s, e)`.
    pub(crate) fn raw_range(&self, s: usize, e: usize) -> (usize, usize) {
        let start = self.origin[s] as usize;
        let end = if e < self.origin.len() {
            self.origin[e] as usize
        } else {
            self.origin[self.origin.len() - 1] as usize
        };
        (start, end.max(start + 1))
    }
}

/// Decodes JSON/JavaScript escapes and percent-encoding in `raw` (offsets in `origin` are
/// relative to `raw`).
pub(crate) fn unescape(raw: &[u8]) -> Unescaped {
    let mut out = Unescaped {
        text: Vec::with_capacity(raw.len()),
        origin: Vec::with_capacity(raw.len() + 1),
        ..Default::default()
    };
    let mut i = 0;
    let push = |out: &mut Unescaped, b: u8, at: usize| {
        out.text.push(b);
        out.origin.push(at as u32);
    };
    while i < raw.len() {
        let b = raw[i];
        if b == b'\\' && i + 1 < raw.len() {
            let n = raw[i + 1];
            let simple = match n {
                b'/' => Some(b'/'),
                b'"' => Some(b'"'),
                b'\'' => Some(b'\''),
                b'\\' => Some(b'\\'),
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                _ => None,
            };
            if let Some(c) = simple {
                push(&mut out, c, i);
                out.escaped = true;
                i += 2;
                continue;
            }
            if n == b'u' && i + 6 <= raw.len() {
                let digits = &raw[i + 2..i + 6];
                if let [Some(a), Some(b2), Some(c), Some(d)] = [
                    hex(digits[0]),
                    hex(digits[1]),
                    hex(digits[2]),
                    hex(digits[3]),
                ] {
                    let cp = (u32::from(a) << 12)
                        | (u32::from(b2) << 8)
                        | (u32::from(c) << 4)
                        | u32::from(d);
                    if let Some(ch) = char::from_u32(cp) {
                        let mut tmp = [0u8; 4];
                        for &byte in ch.encode_utf8(&mut tmp).as_bytes() {
                            push(&mut out, byte, i);
                        }
                        out.escaped = true;
                        i += 6;
                        continue;
                    }
                }
            }
            if n == b'x'
                && i + 4 <= raw.len()
                && let (Some(a), Some(c)) = (hex(raw[i + 2]), hex(raw[i + 3]))
            {
                push(&mut out, (a << 4) | c, i);
                out.escaped = true;
                i += 4;
                continue;
            }
        }
        if b == b'%'
            && i + 3 <= raw.len()
            && let (Some(a), Some(c)) = (hex(raw[i + 1]), hex(raw[i + 2]))
        {
            push(&mut out, (a << 4) | c, i);
            out.url = true;
            i += 3;
            continue;
        }
        push(&mut out, b, i);
        i += 1;
    }
    out.origin.push(raw.len() as u32);
    out
}

/// Keyword spellings as they appear in escaped or URL-encoded text: `postgres:\/\/`,
/// `postgres%3A%2F%2F`, `postgres:\u002F\u002F`.
pub(crate) fn escaped_variants(keyword: &str) -> Vec<String> {
    if !keyword.contains(['/', ':', '@']) {
        return Vec::new();
    }
    let json: String = keyword.replace('/', "\\/");
    let unicode: String = keyword.replace('/', "\\u002f");
    let url: String = keyword
        .chars()
        .map(|c| match c {
            '/' => "%2f".to_owned(),
            ':' => "%3a".to_owned(),
            '@' => "%40".to_owned(),
            c => c.to_string(),
        })
        .collect();
    let mut v = vec![json, unicode, url];
    v.retain(|k| k != keyword);
    v.dedup();
    v
}

/// Standard base64 with padding, for tests (another implementation than the decoder's).
#[cfg(test)]
pub(crate) fn base64_encode(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Unpadded base64url (JWT segments), for tests.
#[cfg(test)]
pub(crate) fn base64url_encode(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Whether `c` can be part of a base64 or base64url run.
pub(crate) fn is_b64(c: u8) -> bool {
    b64_value(c).is_some()
}

/// Decodes standard or URL-safe base64, padded or not. `None` on any other character (line
/// breaks and spaces excepted) or a dangling single character.
pub(crate) fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut chars = 0usize;
    for &c in input {
        if c == b'=' {
            break;
        }
        if matches!(c, b'\n' | b'\r' | b' ' | b'\t') {
            continue;
        }
        let v = b64_value(c)?;
        chars += 1;
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if chars % 4 == 1 {
        return None;
    }
    Some(out)
}

/// The base64 runs of `buf` worth decoding: first the maximal standard-base64 runs at least
/// [`MIN_RUN`] characters long, with their `=` padding, then the maximal base64url runs (`-` and
/// `_` for `+` and `/`) as long that hold a `-` or `_` (the others are standard runs too). Each is
/// at most [`MAX_RUN`] (a longer run is cut). Most url runs are `snake_case` identifiers and
/// slugs, which [`decode_run`] (it reads both alphabets) rejects from their first characters.
///
/// One pass finds the runs of both alphabets together and splits the few long ones; it runs over
/// every byte of every file, so it reads eight bytes at a time where it can.
pub(crate) fn runs(buf: &[u8]) -> Vec<(usize, usize)> {
    let (mut standard, mut url) = (Vec::new(), Vec::new());
    let n = buf.len();
    // `buf[i - 1]` is never a base64 byte (or `i` is 0), so no run starts before `i`.
    let mut i = 0;
    while i + MIN_RUN <= n {
        // A run of MIN_RUN or more starting in `i..=probe` covers `probe`: if that byte is not
        // base64, skip them all (most bytes of most files are visited once, or not at all).
        let probe = i + MIN_RUN - 1;
        if !is_either(buf[probe]) {
            i = probe + 1;
            continue;
        }
        let start = run_start(buf, i, probe);
        let end = run_end(buf, probe + 1);
        i = end + 1;
        if end - start >= MIN_RUN {
            let run = start..end;
            pieces(
                buf,
                run.clone(),
                |b| b == b'-' || b == b'_',
                |_| true,
                &mut standard,
            );
            let has_url = |p: &[u8]| p.iter().any(|&b| b == b'-' || b == b'_');
            pieces(buf, run, |b| b == b'+' || b == b'/', has_url, &mut url);
        }
    }
    standard.append(&mut url);
    standard
}

/// The pieces of the run `buf[run]` between `cut` bytes, at least [`MIN_RUN`] long and `keep`,
/// with the `=` padding that follows the last one, each cut at [`MAX_RUN`].
fn pieces(
    buf: &[u8],
    run: std::ops::Range<usize>,
    cut: impl Fn(u8) -> bool,
    keep: impl Fn(&[u8]) -> bool,
    out: &mut Vec<(usize, usize)>,
) {
    let mut s = run.start;
    while s < run.end {
        let e = buf[s..run.end]
            .iter()
            .position(|&b| cut(b))
            .map_or(run.end, |p| s + p);
        if e - s >= MIN_RUN && keep(&buf[s..e]) {
            let mut padded = e;
            while padded < buf.len() && padded - e < 2 && buf[padded] == b'=' {
                padded += 1;
            }
            out.push((s, padded.min(s + MAX_RUN)));
        }
        s = e + 1;
    }
}

/// The first index of the run of base64 bytes (either alphabet) that ends at `last`, at least
/// `lo`.
fn run_start(buf: &[u8], lo: usize, last: usize) -> usize {
    let mut s = last;
    while s >= lo + 8 {
        let word = u64::from_le_bytes(buf[s - 8..s].try_into().unwrap_or_default());
        let other = !base64_lanes(word) & HIGH;
        if other != 0 {
            // The highest lane that is not base64 (little-endian: the last byte before `s`).
            return s - 8 + (63 - other.leading_zeros() as usize) / 8 + 1;
        }
        s -= 8;
    }
    while s > lo && is_either(buf[s - 1]) {
        s -= 1;
    }
    s
}

/// The first index at or after `from` that is not a base64 byte (either alphabet).
fn run_end(buf: &[u8], from: usize) -> usize {
    let mut e = from;
    while e + 8 <= buf.len() {
        let word = u64::from_le_bytes(buf[e..e + 8].try_into().unwrap_or_default());
        let other = !base64_lanes(word) & HIGH;
        if other != 0 {
            return e + other.trailing_zeros() as usize / 8;
        }
        e += 8;
    }
    while e < buf.len() && is_either(buf[e]) {
        e += 1;
    }
    e
}

const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `word` that is an ASCII letter, digit, `+`, `/`, `-` or `_`.
fn base64_lanes(word: u64) -> u64 {
    let ascii = !word & HIGH;
    let low = word & !HIGH;
    // Lane >= c, for 7-bit lanes: adding 0x80 - c sets the top bit without carrying out.
    let at_least = |x: u64, c: u8| (x + LANES * u64::from(0x80 - c)) & HIGH;
    let equal = |c: u8| !((low ^ (LANES * u64::from(c))) + !HIGH) & HIGH;
    let folded = low | (LANES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    (letter | digit | equal(b'+') | equal(b'/') | equal(b'-') | equal(b'_')) & ascii
}

fn is_either(b: u8) -> bool {
    EITHER[usize::from(b)]
}

/// A 256-entry table of which bytes `$c` satisfy `$test`, built at compile time (a lookup beats
/// a chain of compares in loops that visit every byte).
macro_rules! byte_table {
    (|$c:ident| $test:expr) => {{
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let $c = b as u8;
            t[b] = $test;
            b += 1;
        }
        t
    }};
}
pub(crate) use byte_table;

/// The bytes of either base64 alphabet, as a table.
static EITHER: [bool; 256] =
    byte_table!(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_'));

/// Decodes the base64 run `buf[start..end]` into text, trying each of the four alignments
/// (a run may begin with a character that belongs to what precedes it, `abc_dXNl…`, or be cut
/// at [`MAX_RUN`]). Returns the offset into the run at which decoding started.
pub(crate) fn decode_run(run: &[u8]) -> Option<(usize, Vec<u8>)> {
    // Most runs are identifiers, hashes, images or fonts: test a short head first. In base64
    // of ASCII text the first character of every group is the top six bits of a byte under
    // 0x80, so one of `A-Z` or `a-f`: binary data fails that within a few groups, undecoded.
    let head = |skip: usize| {
        let h = &run[skip..run.len().min(skip + 64)];
        let off = h
            .chunks(4)
            .filter(|g| !matches!(g[0], b'A'..=b'Z' | b'a'..=b'f'))
            .count();
        off <= 1 && base64_decode(&h[..h.len() / 4 * 4]).is_some_and(|d| is_text(&d))
    };
    (0..4.min(run.len())).filter(|&s| head(s)).find_map(|skip| {
        let body = &run[skip..];
        let body = &body[..body.len() / 4 * 4
            + if body.len() % 4 == 1 {
                0
            } else {
                body.len() % 4
            }];
        let d = base64_decode(body)?;
        is_text(&d).then_some((skip, d))
    })
}

/// Whether decoded bytes are text: printable ASCII, whitespace or UTF-8, with few exceptions.
pub(crate) fn is_text(d: &[u8]) -> bool {
    if d.is_empty() {
        return false;
    }
    let text = std::str::from_utf8(d).map_or_else(
        |e| {
            // Cut at a character boundary at the end is fine.
            if e.valid_up_to() + 4 >= d.len() {
                e.valid_up_to()
            } else {
                0
            }
        },
        |_| d.len(),
    );
    if text * 10 < d.len() * 9 {
        return false;
    }
    let control = d[..text]
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    control * 50 <= text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_and_map_back() {
        let raw = br#"{"u":"https:\/\/hooks\u002Eexample%2Fx\n"}"#;
        let u = unescape(raw);
        assert_eq!(
            String::from_utf8_lossy(&u.text),
            "{\"u\":\"https://hooks.example/x\n\"}"
        );
        assert!(u.escaped && u.url);
        // "hooks" in the decoded text maps back to "hooks" in the raw text.
        let s = 14;
        assert_eq!(&u.text[s..s + 5], b"hooks");
        let (rs, re) = u.raw_range(s, s + 5);
        assert_eq!(&raw[rs..re], b"hooks");
        assert!(has_escapes(br"a\/b"));
        assert!(!has_escapes(br"100% sure \q"));
    }

    #[test]
    fn base64_round_trips_and_variants_are_substrings_of_encodings() {
        assert_eq!(base64_encode(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64_decode(b"dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(base64_decode(b"dXNlcjpwYXM").unwrap(), b"user:pas");
        assert!(base64_decode(b"d").is_none());
        assert!(base64_decode(b"ab$c").is_none());
        let text = format!(
            "x = '{}'; y = 'short'",
            base64_encode(b"token: abcdefghijklmnopqrstuvwxyz012345")
        );
        let found = runs(text.as_bytes());
        assert_eq!(found.len(), 1);
        // Every maximal run of 32 or more, and nothing shorter, whatever the alignment.
        for pad in 0..40 {
            let t = format!(
                "{}.{}+{} {}",
                "a".repeat(pad),
                "b".repeat(31),
                "c".repeat(32),
                "d".repeat(70)
            );
            let got: Vec<usize> = runs(t.as_bytes()).iter().map(|(s, e)| e - s).collect();
            let want: Vec<usize> = if pad >= 32 {
                vec![pad, 64, 70]
            } else {
                vec![64, 70]
            };
            assert_eq!(got, want, "pad {pad}");
        }
        let (s, e) = found[0];
        let (_, decoded) = decode_run(&text.as_bytes()[s..e]).unwrap();
        assert!(decoded.starts_with(b"token: "));
    }

    /// The one-pass, eight-bytes-at-a-time run finder agrees with the definition: maximal runs
    /// of each alphabet, url runs only with a `-` or `_`, padding, cut at MAX_RUN.
    #[test]
    fn runs_are_the_maximal_runs_of_each_alphabet() {
        fn naive(buf: &[u8]) -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            for url in [false, true] {
                let class = |b: u8| {
                    b.is_ascii_alphanumeric()
                        || if url {
                            b == b'-' || b == b'_'
                        } else {
                            b == b'+' || b == b'/'
                        }
                };
                let mut i = 0;
                while i < buf.len() {
                    if !class(buf[i]) {
                        i += 1;
                        continue;
                    }
                    let s = i;
                    while i < buf.len() && class(buf[i]) {
                        i += 1;
                    }
                    let mut e = i;
                    while e < buf.len() && e - i < 2 && buf[e] == b'=' {
                        e += 1;
                    }
                    let urlish = buf[s..i].iter().any(|&b| b == b'-' || b == b'_');
                    if i - s >= MIN_RUN && (!url || urlish) {
                        out.push((s, e.min(s + MAX_RUN)));
                    }
                }
            }
            out
        }
        // Segments of up to 80 bytes drawn from one alphabet each (standard only, url only,
        // both, separators and padding, non-ASCII), so runs of every kind cross MIN_RUN.
        let sets: [&[u8]; 5] = [b"aZ09+/", b"aZ09-_", b"aZ9+-/_", b"=.\" ", b"=\xc3\xa9a"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 32) as usize
        };
        let mut found = 0;
        for round in 0..500 {
            let mut buf = Vec::new();
            while buf.len() < round * 2 {
                let set = sets[next() % sets.len()];
                let len = next() % 80;
                buf.extend((0..len).map(|_| set[next() % set.len()]));
            }
            found += naive(&buf).len();
            assert_eq!(runs(&buf), naive(&buf), "round {round}");
        }
        assert!(found > 500, "the inputs hold too few runs to test: {found}");
    }

    #[test]
    fn text_is_told_from_binary() {
        assert!(is_text(b"password: hunter2\n"));
        assert!(!is_text(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe]));
        assert!(is_text("clé: värde".as_bytes()));
    }
}
