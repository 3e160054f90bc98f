//! Cheap tests that separate real secrets from look-alikes: Shannon entropy, placeholder words
//! and shapes that documentation, templates and tests use instead of real values.

/// Shannon entropy in bits per byte.
pub(crate) fn shannon_entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[usize::from(b)] += 1;
    }
    let len = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as a stand-in, checked case-insensitively anywhere in the secret.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "xxxx",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "your_",
    "your-",
    "yourkey",
    "yoursecret",
    "yourtoken",
    "dummy",
    "redacted",
    "sample",
    "replace",
    "insert_",
    "insert-",
    "****",
    "...",
    "…",
    "abcdefgh",
    "12345678",
    "00000000",
    "lorem",
];

/// Whether the value looks like a placeholder rather than a real secret.
pub(crate) fn is_placeholder(secret: &[u8]) -> bool {
    let lower: Vec<u8> = secret.iter().map(u8::to_ascii_lowercase).collect();
    if PLACEHOLDER_WORDS
        .iter()
        .any(|w| contains(&lower, w.as_bytes()))
    {
        return true;
    }
    // Template syntax: ${VAR}, {{ var }}, <your-key>, %(name)s, $VAR.
    if secret.starts_with(b"$")
        || secret.starts_with(b"%")
        || contains(secret, b"${")
        || contains(secret, b"{{")
    {
        return true;
    }
    if secret.first() == Some(&b'<') && secret.last() == Some(&b'>') {
        return true;
    }
    // Very few distinct characters for the length: "aaaaaaaa", "abababab", "0x0x0x0x".
    let distinct = {
        let mut seen = [false; 256];
        secret
            .iter()
            .filter(|&&b| !std::mem::replace(&mut seen[usize::from(b)], true))
            .count()
    };
    secret.len() >= 12 && distinct <= 4
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_separates_random_from_repetitive() {
        assert_eq!(shannon_entropy(b""), 0.0);
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
        assert!(shannon_entropy(b"q8Zr2LwX0vKp9TmB4nYc7HsJ") > 4.0);
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "AKIAIOSFODNN7EXAMPLE",
            "sk_live_xxxxxxxxxxxxxxxx",
            "${STRIPE_KEY}",
            "{{ secrets.TOKEN }}",
            "<your-api-key>",
            "$API_TOKEN",
            "ababababababab",
            "your_token_here",
            "sk-...",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for real in [
            "q8Zr2LwX0vKp9TmB4nYc7HsJ",
            "ghp_R4nd0mV4lu3sWithoutMarkers1a2b3c",
        ] {
            assert!(!is_placeholder(real.as_bytes()), "{real}");
        }
    }
}
