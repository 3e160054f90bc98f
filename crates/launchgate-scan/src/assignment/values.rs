//! Whether an assigned value is a secret: generated-looking and not a placeholder, a template,
//! code, a path, a URL without credentials, a version or a documented example.

use super::*;

/// Whether `v` is a secret's value; with what confidence.
pub(super) fn judge_value(v: &[u8], noun: Noun) -> Option<Confidence> {
    if v.len() < 8 || v.len() > 400 {
        return None;
    }
    if v.iter().any(|b| b.is_ascii_whitespace() || *b < 0x20) {
        return None;
    }
    // Code, not a literal: operators, calls, indexing (`a===b?c:d`, `x(y)`, `Jobs[-1].JobId`).
    const CODE: &[&str] = &["===", "!==", "&&", "||", "=>", "?.", "::", "()", "+="];
    if CODE
        .iter()
        .any(|c| crate::filters::contains(v, c.as_bytes()))
        || (v.contains(&b'(') && v.contains(&b')'))
        || (v.contains(&b'[') && v.contains(&b']') && v.contains(&b'.'))
    {
        return None;
    }
    // A value that spells what it is (`my-secret-password`, `VERYLONGSECRET…`) is an example.
    let lower = v.to_ascii_lowercase();
    if ["secret", "password", "passwd", "token"]
        .iter()
        .any(|w| crate::filters::contains(&lower, w.as_bytes()))
    {
        return None;
    }
    if v.iter().any(|b| *b >= 0x80) {
        // Words in another script: translations, not keys.
        return None;
    }
    if is_placeholder(v) || is_default_password(v) || is_documented_example(v) {
        return None;
    }
    if crate::filters::is_public_key(v)
        || crate::filters::is_encrypted_value(v)
        || crate::filters::is_secret_reference(v)
    {
        return None;
    }
    // A JWT is judged by its claims (lifetime, role), as the JWT rule does.
    if v.starts_with(b"eyJ")
        && v.iter().filter(|b| **b == b'.').count() == 2
        && crate::validate::Validator::Jwt.check(v) == crate::validate::Outcome::Rejected
    {
        return None;
    }
    if is_version_or_date(v)
        || v.iter()
            .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b'-')
    {
        return None;
    }
    // URLs without credentials, paths, file names, emails.
    if let Some(scheme) = memchr::memmem::find(v, b"://") {
        let rest = &v[scheme + 3..];
        let host_end = rest.iter().position(|&b| b == b'/').unwrap_or(rest.len());
        if !rest[..host_end].contains(&b'@') {
            return None;
        }
    }
    if v.starts_with(b"/")
        || v.starts_with(b"./")
        || v.starts_with(b"../")
        || v.starts_with(b"~/")
        || (v.len() > 2 && v[1] == b':' && matches!(v[2], b'\\' | b'/'))
    {
        return None;
    }
    const FILE_ENDINGS: &[&str] = &[
        ".pem",
        ".key",
        ".json",
        ".txt",
        ".p12",
        ".pfx",
        ".jks",
        ".crt",
        ".cer",
        ".yml",
        ".yaml",
        ".env",
        ".conf",
        ".cfg",
        ".ini",
        ".xml",
        ".html",
        ".js",
        ".ts",
        ".py",
        ".gpg",
        ".asc",
        ".der",
        ".keystore",
        ".secret",
        ".toml",
        ".properties",
    ];
    if FILE_ENDINGS.iter().any(|e| lower.ends_with(e.as_bytes())) {
        return None;
    }
    if let Some(at) = v.iter().position(|&b| b == b'@')
        && v[at..].contains(&b'.')
        && v[..at]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
    {
        return None;
    }
    // Code: calls, indexing, member access on identifiers, interpolation; regular expressions.
    if code_expression(v) || looks_like_regex(v) {
        return None;
    }
    // `token_b64`, `api-v2-key`, `db.host2`: snake, kebab or dotted names made of words and
    // short parts.
    let parts = || {
        v.split(|b| matches!(b, b'_' | b'-' | b'.'))
            .filter(|p| !p.is_empty())
    };
    if v.iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && parts().count() >= 2
        && parts().all(|s| s.len() <= 3 || crate::filters::reads_like_a_word(s))
        && v.iter().filter(|b| b.is_ascii_digit()).count() < 4
    {
        return None;
    }
    // Identifiers and words: CONSTANT_NAME, camelCase, snake_case, kebab-case, dotted paths.
    let identifier = v
        .iter()
        .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-' | b'.'));
    if identifier
        && (is_wordy(v)
            || !v.iter().any(u8::is_ascii_lowercase)
            || !v.iter().any(u8::is_ascii_uppercase)
            || segments(v).all(|s| s.len() <= 3 || crate::filters::reads_like_a_word(s)))
    {
        // `X-Auth-Token`, `passwordInput`, `DB_PASSWORD`: names, not values.
        return None;
    }
    let hex_groups = v.contains(&b'-')
        && v.split(|b| *b == b'-')
            .all(|g| !g.is_empty() && g.iter().all(u8::is_ascii_hexdigit));
    if is_uuid(v) || hex_groups {
        // Many services' keys are UUIDs; so are ids. A service rule is sure, this is not.
        return Some(Confidence::Low);
    }
    let entropy = shannon_entropy(v);
    match noun {
        Noun::Password => {
            if is_wordy(v) || entropy < 2.5 {
                return None;
            }
            let classes = [
                v.iter().any(u8::is_ascii_lowercase),
                v.iter().any(u8::is_ascii_uppercase),
                v.iter().any(u8::is_ascii_digit),
                v.iter().any(|b| !b.is_ascii_alphanumeric()),
            ]
            .iter()
            .filter(|c| **c)
            .count();
            if classes < 2 {
                return None;
            }
            Some(if looks_random(v) && entropy >= 3.0 {
                Confidence::Medium
            } else {
                Confidence::Low
            })
        }
        Noun::Generated | Noun::Authorization => {
            let floor = if v.len() >= 20 { 3.2 } else { 2.9 };
            (looks_random(v) && entropy >= floor).then_some(Confidence::Medium)
        }
        Noun::Key => (v.len() >= 20
            && looks_random(v)
            && entropy >= 3.5
            && v.iter().any(u8::is_ascii_digit)
            && v.iter().any(u8::is_ascii_alphabetic))
        .then_some(Confidence::Low),
    }
}

/// A regular expression (rule files, docs, validators): `[A-Za-z0-9]{32}`, `(?P<secret>…)`, `\d+`.
pub(super) fn looks_like_regex(v: &[u8]) -> bool {
    const MARKS: &[&str] = &[
        "(?", "\\d", "\\w", "\\s", "\\b", "[A-Z", "[a-z", "[0-9", "[^", "]{", "]+", "]*", "]?",
        "\\.",
    ];
    MARKS.iter().any(|m| crate::filters::contains(v, m.as_bytes()))
        // A character range: `[a-f0-9]`, `[A-Za-z]`.
        || v.windows(4).any(|w| {
            w[0] == b'[' && w[1].is_ascii_alphanumeric() && w[2] == b'-' && w[3].is_ascii_alphanumeric()
        })
}

/// `os.environ["X"]`, `process.env.X`, `getenv("X")`, `config.get(…)`, `self.token`, `args[0]`.
pub(super) fn code_expression(v: &[u8]) -> bool {
    let starts_ident = v
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'$');
    if !starts_ident {
        return false;
    }
    let head = v
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.')))
        .unwrap_or(v.len());
    let rest = &v[head..];
    if rest.first().is_some_and(|b| matches!(b, b'(' | b'['))
        && matches!(v.last(), Some(b')' | b']'))
    {
        return true;
    }
    // Member access: `process.env.TOKEN`, `settings.SECRET_KEY`, `this.props.apiKey`.
    rest.is_empty()
        && v.contains(&b'.')
        && v.split(|b| *b == b'.').all(|p| {
            !p.is_empty()
                && p.iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$'))
                && !p[0].is_ascii_digit()
        })
        && (is_wordy(v)
            || v.split(|b| *b == b'.').count() >= 2
                && v.iter().filter(|b| b.is_ascii_digit()).count() < 3)
}
