//! Cheap tests that separate real secrets from look-alikes: Shannon entropy, placeholder words
//! and template syntax, default passwords, well-known documentation values, and the shapes of
//! things that are not secrets (hashes named as such, UUIDs, versions, paths, code).

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
    "yourpassword",
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
    "fake",
    "notreal",
    "not_real",
    "not-real",
    "notasecret",
    "<redacted>",
    "masked",
    "hidden",
    "here",
    "todo",
    "fixme",
];

/// Keyboard walks and counting (`zxcv1234qwer`, what a documentation page types): a value
/// made of two or more of them was typed, not generated. One alone is left alone: a random
/// token of 40 characters spells one of these about once in ten thousand.
const KEYBOARD_WALKS: &[&[u8]] = &[
    b"asdf", b"qwer", b"zxcv", b"1qaz", b"hjkl", b"1234", b"abcd",
];

/// Whether the value looks like a placeholder rather than a real secret.
pub(crate) fn is_placeholder(secret: &[u8]) -> bool {
    let lower: Vec<u8> = secret.iter().map(u8::to_ascii_lowercase).collect();
    if PLACEHOLDER_WORDS.iter().any(|w| {
        // Long words anywhere; four-letter ones only as a word of their own (`fake-token`,
        // `key_here`): a long random token spells `here` or `fake` by chance now and then.
        if w.len() >= 5 || *w == "xxxx" || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
            contains(&lower, w.as_bytes())
        } else {
            memchr::memmem::find_iter(&lower, w.as_bytes()).any(|i| {
                let before = i.checked_sub(1).map(|j| lower[j]);
                let after = lower.get(i + w.len()).copied();
                !before.is_some_and(|b| b.is_ascii_alphanumeric())
                    && !after.is_some_and(|b| b.is_ascii_alphanumeric())
            })
        }
    }) {
        return true;
    }
    let walks: usize = KEYBOARD_WALKS
        .iter()
        .map(|w| memchr::memmem::find_iter(secret, w).count())
        .sum();
    if walks >= 2 {
        return true;
    }
    if is_template(secret) {
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
    if secret.len() >= 12 && distinct <= 4 {
        return true;
    }
    // A run of one character making up most of it (`sk_live_000000000000000000a`).
    let mut longest = 0;
    let mut run = 0;
    let mut prev = 0u8;
    for &b in secret {
        run = if b == prev { run + 1 } else { 1 };
        prev = b;
        longest = longest.max(run);
    }
    secret.len() >= 12 && longest * 2 >= secret.len()
}

/// Template and interpolation syntax: `${VAR}`, `{{ var }}`, `<your-key>`, `%(name)s`, `%s`,
/// `$VAR`, `#{var}`, `@VAR@`, `[[var]]`, `{var}`.
pub(crate) fn is_template(v: &[u8]) -> bool {
    // A `{name}` or `{name:spec}` placeholder anywhere (Python format strings, C# interpolation).
    let braced = memchr::memchr_iter(b'{', v).any(|i| {
        let rest = &v[i + 1..];
        let name = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'.')
            .count();
        name > 0
            && rest[0].is_ascii_alphabetic()
            && matches!(rest.get(name), Some(b'}' | b':' | b'!'))
            && rest[name..].contains(&b'}')
    });
    if braced {
        return true;
    }
    v.starts_with(b"$")
        || v.starts_with(b"%")
        || contains(v, b"${")
        || contains(v, b"{{")
        || contains(v, b"#{")
        || contains(v, b"[[")
        || contains(v, b"%s")
        || contains(v, b"%(")
        || (v.first() == Some(&b'<') && v.last() == Some(&b'>'))
        || (v.first() == Some(&b'{') && v.last() == Some(&b'}'))
        || (v.len() > 2 && v.first() == Some(&b'@') && v.last() == Some(&b'@'))
        || (v.len() > 2
            && v.first() == Some(&b'_')
            && v.last() == Some(&b'_')
            && v[1..v.len() - 1]
                .iter()
                .all(|b| b.is_ascii_uppercase() || *b == b'_'))
}

/// Passwords that ship as defaults or in every tutorial: not a leak of anything.
const DEFAULT_PASSWORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "secret",
    "changeit",
    "changeme",
    "admin",
    "root",
    "toor",
    "test",
    "testing",
    "guest",
    "user",
    "default",
    "postgres",
    "mysql",
    "mongo",
    "redis",
    "rabbitmq",
    "sa",
    "dev",
    "development",
    "local",
    "letmein",
    "qwerty",
    "welcome",
    "hunter2",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "secret123",
    "admin123",
    "root123",
    "test123",
    "test1234",
    "12345",
    "123456",
    "1234567890",
    "foobar",
    "foo",
    "bar",
    "baz",
    "none",
    "null",
    "nil",
    "empty",
    "keyboard cat",
    "supersecret",
    "mysecret",
    "s3cr3t",
    "topsecret",
    "secretpassword",
    "mypassword",
    "notasecret",
    "correcthorsebatterystaple",
    "opensesame",
    "iloveyou",
    "abc123",
    "trustno1",
    "master",
    "minioadmin",
    "elastic",
    "guest123",
    "demo",
    "demo123",
    "sandbox",
    "tiger",
    "oracle",
    "manager",
    "system",
];

/// Whether `v` is a default or tutorial password (case-insensitive).
pub(crate) fn is_default_password(v: &[u8]) -> bool {
    DEFAULT_PASSWORDS
        .iter()
        .any(|p| v.eq_ignore_ascii_case(p.as_bytes()))
}

/// Values published in providers' and standards' documentation as examples, which appear in
/// countless READMEs and tests.
const DOCUMENTED_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE",
    "your-256-bit-secret",
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    "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",
    "xoxb-not-a-real-token-this-will-not-work",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    // Mailgun's documentation key.
    "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
    // RFC 7617 (Aladdin:open sesame) and RFC 6749 (s6BhdRkqt3:gX1fBat3bV) Basic credentials,
    // and RFC 6749's example tokens.
    "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
    "gX1fBat3bV",
    "2YotnFZFEjr1zCsicMWpAA",
    "tGzv3JOkF0XG5Qx2TlKWIA",
    // The Kubernetes documentation's Secret (admin / 1f2d1e2e67df).
    "MWYyZDFlMmU2N2Rm",
    "1f2d1e2e67df",
    // The Telegram Bot API documentation's token.
    "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
    // The Azure Cosmos DB emulator's published key.
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    // The Azurite storage emulator's published account key.
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
];

/// Whether `v` is (or contains) a documented example value.
pub(crate) fn is_documented_example(v: &[u8]) -> bool {
    DOCUMENTED_EXAMPLES
        .iter()
        .any(|e| contains(v, e.as_bytes()))
}

/// Identifier segments on the same line before a value that say it is a digest, an id or a
/// version, not a credential (`"integrity": "…"`, `sha256 = "…"`, `commitSha: …`).
const NOT_SECRET_CONTEXT: &[&str] = &[
    "sha",
    "sha1",
    "sha256",
    "sha384",
    "sha512",
    "shasum",
    "integrity",
    "checksum",
    "digest",
    "hash",
    "md5",
    "commit",
    "revision",
    "rev",
    "etag",
    "fingerprint",
    "uuid",
    "guid",
    "nonce",
    "publishable",
    "pubkey",
    "trace",
    "request",
    "correlation",
    "version",
    "build",
    "encrypted",
    "ciphertext",
    "sealed",
    "encrypteddata",
];

/// Whether the text just before a value (its line, up to the value) names something that is
/// not a secret: one of its identifier segments (split at punctuation and camelCase humps) is
/// a word of [`NOT_SECRET_CONTEXT`].
pub(crate) fn not_secret_context(before: &[u8]) -> bool {
    segments(before).any(|seg| {
        NOT_SECRET_CONTEXT
            .iter()
            .any(|w| seg.eq_ignore_ascii_case(w.as_bytes()))
    })
}

/// Identifier segments: runs of letters and digits, split at camelCase humps
/// (`commitSha256` → `commit`, `Sha256`).
pub(crate) fn segments(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    // No allocation: this runs for every keyword hit.
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() && !text[at].is_ascii_alphanumeric() {
            at += 1;
        }
        if at >= text.len() {
            return None;
        }
        let start = at;
        at += 1;
        while at < text.len()
            && text[at].is_ascii_alphanumeric()
            && !(text[at].is_ascii_uppercase() && text[at - 1].is_ascii_lowercase())
        {
            at += 1;
        }
        Some(&text[start..at])
    })
}

/// A generated secret has digits and letters, or symbols, or is long; a word, a sentence
/// fragment, an identifier or a path does not.
pub(crate) fn looks_random(v: &[u8]) -> bool {
    // Routes, paths and URLs are not secrets.
    if v.first() == Some(&b'/') || contains(v, b"://") {
        return false;
    }
    if is_wordy(v) {
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

/// Phrases in CamelCase or with separators ("PassWordMustBeAtLeast6Chars."): most characters
/// sit in runs of three or more lowercase letters that read like words (a vowel, no long
/// consonant cluster), which random strings rarely have.
pub(crate) fn is_wordy(v: &[u8]) -> bool {
    let mut in_words = 0;
    let mut start = 0;
    for i in 0..=v.len() {
        if i < v.len() && v[i].is_ascii_lowercase() {
            continue;
        }
        // A capital starts a word in CamelCase: count it with the run after it.
        let s = if start > 0 && v[start - 1].is_ascii_uppercase() {
            start - 1
        } else {
            start
        };
        let run = &v[s..i];
        if i - start >= 3 && reads_like_a_word(run) {
            in_words += i - s;
        }
        start = i + 1;
    }
    in_words * 10 >= v.len() * 6
}

/// A vowel, and no more than four consonants in a row (`strengths` has five: rare).
pub(crate) fn reads_like_a_word(run: &[u8]) -> bool {
    let vowel = |b: u8| {
        matches!(
            b.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        )
    };
    let mut cluster = 0;
    let mut vowels = 0;
    for &b in run {
        if vowel(b) {
            vowels += 1;
            cluster = 0;
        } else {
            cluster += 1;
            if cluster > 4 {
                return false;
            }
        }
    }
    vowels > 0
}

/// Known prefixes of keys that are public by design (publishable, client-side, site keys):
/// `pk_live_…`, `pk.eyJ…`, PostHog `phc_`, Datadog RUM `pub…`, Square `sq0idp-`, RevenueCat
/// `appl_`/`goog_`/`amzn_`, Statsig `client-`, Langfuse `pk-lf-`, Flutterwave `FLWPUBK`,
/// Supabase `sb_publishable_`.
pub(crate) fn is_public_key(v: &[u8]) -> bool {
    const PREFIXES: &[&str] = &[
        "pk_",
        "pk.",
        "pk-lf-",
        "phc_",
        "sq0idp-",
        "appl_",
        "goog_",
        "amzn_",
        "client-",
        "FLWPUBK",
        "sb_publishable_",
        "pub_",
        "NEXT_PUBLIC",
    ];
    PREFIXES.iter().any(|p| v.starts_with(p.as_bytes()))
        || (v.len() == 35 && v.starts_with(b"pub") && v[3..].iter().all(u8::is_ascii_hexdigit))
        || braintree_tokenization_key(v)
}

/// `production_abcd1234_efgh5678ijkl9012` / `sandbox_…`: Braintree's client-side key.
fn braintree_tokenization_key(v: &[u8]) -> bool {
    let rest = v
        .strip_prefix(b"production_")
        .or_else(|| v.strip_prefix(b"sandbox_"));
    rest.is_some_and(|r| {
        let parts: Vec<&[u8]> = r.split(|b| *b == b'_').collect();
        parts.len() == 2
            && parts[0].len() == 8
            && parts[1].len() == 16
            && parts.iter().all(|p| {
                p.iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    })
}

/// A reference to a secret kept elsewhere, not the secret: Azure Key Vault references, AWS
/// ARNs, Google Secret Manager names, 1Password and Doppler URIs.
pub(crate) fn is_secret_reference(v: &[u8]) -> bool {
    const PREFIXES: &[&str] = &[
        "@Microsoft.KeyVault",
        "arn:aws:",
        "arn:aws-",
        "projects/",
        "op://",
        "doppler://",
        "sm://",
        "ssm:/",
        "secretsmanager:",
        "azurekeyvault://",
        "keyvault:",
        "vault:",
        "gcp:secretmanager:",
        "secret://",
        "bws://",
    ];
    PREFIXES.iter().any(|p| v.starts_with(p.as_bytes()))
}

/// Values that are encrypted at rest by a tool (SOPS, Ansible Vault, KMS, sealed secrets): the
/// secret is not readable from them.
pub(crate) fn is_encrypted_value(v: &[u8]) -> bool {
    const PREFIXES: &[&str] = &[
        "ENC[",
        "$ANSIBLE_VAULT",
        "!vault",
        "vault:v1:",
        "AQICAH",
        "-----BEGIN AGE ENCRYPTED",
        "age1",
    ];
    PREFIXES.iter().any(|p| v.starts_with(p.as_bytes()))
}

/// `8-4-4-4-12` hex.
pub(crate) fn is_uuid(v: &[u8]) -> bool {
    v.len() == 36
        && v.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// `1.2.3`, `v2.0.1-beta.4`, `2024-01-31`, `2024-01-31T10:00:00Z`, `10.0.0.1`: numbers joined
/// by dots, dashes or colons (at least three of them), with at most a short trailing label.
pub(crate) fn is_version_or_date(v: &[u8]) -> bool {
    let v = v.strip_prefix(b"v").unwrap_or(v);
    // The numeric head: digits and separators.
    let head = v
        .iter()
        .position(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'-' | b':' | b'T' | b'Z' | b'+')))
        .unwrap_or(v.len());
    let numbers = v[..head]
        .split(|b| matches!(b, b'.' | b'-' | b':' | b'T' | b'Z' | b'+'))
        .filter(|p| !p.is_empty())
        .count();
    let tail = &v[head..];
    v.first().is_some_and(u8::is_ascii_digit)
        && numbers >= 3
        && v[..head]
            .split(|b| !b.is_ascii_digit())
            .all(|p| p.len() <= 4)
        && tail.len() <= 12
        && tail.first().is_none_or(u8::is_ascii_alphabetic)
        && tail
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
}

/// Whether `needle` occurs in `haystack`. Most haystacks here are one value or one line: below a
/// few hundred bytes a plain comparison at each offset beats building a substring searcher.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    if haystack.len() < 256 {
        return needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle);
    }
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_keyboard_walks_are_placeholders_and_one_walk_alone_is_not() {
        assert!(is_placeholder(b"qwerzxcv9876asdf"));
        assert!(is_placeholder(b"zxcvQ7m2abcdK9p4"));
        assert!(!is_placeholder(b"Q7m2asdfK9p4Xw8LrT3v"));
    }

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
            "#{api_key}",
            "%(password)s",
            "@DB_PASSWORD@",
            "sk_live_000000000000000000000a",
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

    #[test]
    fn shapes_that_are_not_secrets() {
        assert!(is_uuid(b"123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid(b"123e4567e89b12d3a456426614174000"));
        assert!(is_version_or_date(b"v1.2.3"));
        assert!(is_version_or_date(b"2024-01-31"));
        assert!(is_version_or_date(b"2024-01-31T10:00:00Z"));
        assert!(is_version_or_date(b"1.2.3-beta"));
        assert!(is_version_or_date(b"2.0.0-rc.1"));
        assert!(!is_version_or_date(b"a1.b2.c3"));
        assert!(!is_version_or_date(b"7ed95416-0b54-4f4f-8e58-db11d103b05d"));
        assert!(!is_version_or_date(
            b"1000.c13badce20892292ba123cdfc0f0849d.8027b906dd47"
        ));
        assert!(is_wordy(b"PassWordMustBeAtLeast"));
        assert!(!is_wordy(b"qh7i7t7yxcglmjepry0uox7z5pasip"));
        assert!(not_secret_context(b"  \"integrity\": \""));
        assert!(!not_secret_context(b"DATADOG_API_KEY="));
        assert!(!not_secret_context(b"HASHICORP_TOKEN="));
        assert!(not_secret_context(b"commitSha: "));
        let segs: Vec<&[u8]> = segments(b"  dbPassword_2.X-Api").collect();
        assert_eq!(segs, [&b"db"[..], b"Password", b"2", b"X", b"Api"]);
        assert!(is_default_password(b"Changeit"));
    }
}
