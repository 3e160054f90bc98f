//! Which names hold secrets: the nouns (`password`, `secret`, `token`, `key`) in any case
//! style, the qualifiers that make a `key` a credential, and the names of settings about secrets
//! that are not secrets.

use super::*;

/// What kind of secret a name ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Noun {
    /// A password or passphrase: people choose these, so they need not look random.
    Password,
    /// A generated secret: token, key, client secret, credentials.
    Generated,
    /// `Authorization`: the value may start with a scheme (`Bearer`, `Basic`, `token`).
    Authorization,
    /// `<service>_key`, `weatherapi.key`: a key of something unnamed. Often a secret, often an id
    /// or a cache key: only a strongly random value counts, with low confidence.
    Key,
}

/// Segments that end a secret-named identifier, and what they name. Glued forms
/// (`PGPASSWORD`, `authtoken`, `apikey`) are matched as suffixes of the last segment.
pub(super) const NOUNS: &[(&str, Noun)] = &[
    ("password", Noun::Password),
    ("passwd", Noun::Password),
    ("pwd", Noun::Password),
    ("pass", Noun::Password),
    ("passphrase", Noun::Password),
    ("passcode", Noun::Password),
    ("secret", Noun::Generated),
    ("token", Noun::Generated),
    ("apikey", Noun::Generated),
    ("credential", Noun::Generated),
    ("credentials", Noun::Generated),
    ("creds", Noun::Generated),
    ("authorization", Noun::Authorization),
    // `auth` names a credential as often as a mode or a scheme: only a strongly random value.
    ("auth", Noun::Key),
    // `HUAWEICLOUD_SDK_SK`, `STRIPE_SK`: a secret key, abbreviated.
    ("sk", Noun::Generated),
];

/// The segment before `key` that makes it a secret (`api_key`, `secretKey`, `private-key`).
pub(super) const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "secret",
    "private",
    "access",
    "signing",
    "master",
    "license",
    "licence",
    "encryption",
    "enc",
    "auth",
    "app",
    "server",
    "service",
    "admin",
    "account",
    "write",
    "ingest",
    "hmac",
    "shared",
    "root",
    "session",
    "deploy",
    "integration",
    "rest",
    "management",
    "personal",
    "developer",
    "dev",
    "live",
    "prod",
    "production",
    "webhook",
    "signature",
];

/// Words before `key` that make it something other than a credential: database, cache and
/// map keys, public keys, translation keys.
pub(super) const KEY_NOT_SECRET: &[&str] = &[
    "primary",
    "foreign",
    "sort",
    "partition",
    "cache",
    "idempotency",
    "dedup",
    "dedupe",
    "row",
    "map",
    "hash",
    "lookup",
    "public",
    "publishable",
    "pub",
    "site",
    "i18n",
    "translation",
    "message",
    "object",
    "s3",
    "file",
    "index",
    "unique",
    "composite",
    "join",
    "group",
    "order",
    "field",
    "column",
    "table",
    "attribute",
    "property",
    "registry",
    "react",
    "list",
    "item",
    "storage",
    "bucket",
    "cursor",
    "page",
    "route",
    "event",
    "metric",
    "label",
    "tag",
    "dict",
    "json",
    "yaml",
    "config",
    "setting",
    "settings",
    "env",
    "host",
    "hot",
    "short",
    "keyboard",
    "client",
    "anon",
    "browser",
    "frontend",
    "mobile",
    "sdk",
    "ssh",
    "gpg",
    "pgp",
    "rsa",
    "pem",
    "kms",
    "encrypted",
    "wrapped",
    "data",
    "entity",
    "record",
    "node",
    "state",
    "store",
    "sequence",
    "search",
    "consumer",
    "environment",
    "project",
    "tokenization",
    "widget",
    "embed",
    "maps",
    "user",
    "workspace",
    "vapid",
    "application",
];

/// Segments that may follow the noun without changing what the value is.
pub(super) const TRAILING_QUALIFIERS: &[&str] = &[
    "value",
    "str",
    "string",
    "b64",
    "base64",
    "raw",
    "plain",
    "plaintext",
    "prod",
    "production",
    "live",
    "staging",
    "stage",
    "dev",
    "local",
    "default",
    "env",
];

/// Segments anywhere in the name that make it something other than a secret's value.
pub(super) const DENY_SEGMENTS: &[&str] = &[
    "reset",
    "forgot",
    "forget",
    "confirm",
    "confirmation",
    "verify",
    "verification",
    "min",
    "max",
    "length",
    "len",
    "policy",
    "field",
    "input",
    "label",
    "placeholder",
    "hint",
    "error",
    "errors",
    "missing",
    "invalid",
    "wrong",
    "weak",
    "strength",
    "empty",
    "required",
    "require",
    "show",
    "hide",
    "toggle",
    "is",
    "has",
    "enable",
    "enabled",
    "disable",
    "allow",
    "validate",
    "validator",
    "check",
    "request",
    "csrf",
    "xsrf",
    "page",
    "next",
    "cursor",
    "continuation",
    "cancel",
    "cancellation",
    "sync",
    "get",
    "set",
    "use",
    "save",
    "remove",
    "delete",
    "create",
    "update",
    "change",
    "generate",
    "hashed",
    "hash",
    "encrypted",
    "masked",
    "public",
    "publishable",
    "type",
    "kind",
    "format",
    "regex",
    "pattern",
    "prefix",
    "suffix",
    "header",
    "param",
    "name",
    "id",
    "ids",
    "url",
    "uri",
    "endpoint",
    "path",
    "file",
    "dir",
    "location",
    "count",
    "expires",
    "expiry",
    "expiration",
    "ttl",
    "timeout",
    "lifetime",
    "usage",
    "limit",
    "limits",
    "rotation",
    "version",
    "scope",
    "scopes",
    "audience",
    "issuer",
    "arn",
    "ref",
    "reference",
    "mode",
    "method",
    "algorithm",
    "alg",
    "size",
    "bits",
    "chars",
    "salt",
    "rounds",
    "cost",
    "iterations",
    "mask",
    "encoding",
    "fingerprint",
    "csrftoken",
    "sitekey",
    "anon",
    "nonce",
    "state",
    "lookup",
    "old",
    "previous",
];

/// Whether the identifier `name` names a secret's value; which kind.
pub(super) fn classify_name(name: &[u8]) -> Option<Noun> {
    let segs: Vec<Vec<u8>> = segments(name).map(|s| s.to_ascii_lowercase()).collect();
    if segs.is_empty() || segs.len() > 8 {
        return None;
    }
    if segs
        .iter()
        .any(|s| DENY_SEGMENTS.iter().any(|d| s == d.as_bytes()))
    {
        return None;
    }
    // Drop trailing qualifiers and digits (`PASSWORD_2`, `token_b64`), and the `base` of Rails'
    // and Phoenix's `secret_key_base`.
    let mut end = segs.len();
    if end >= 2 && segs[end - 1] == b"base" && segs[end - 2].ends_with(b"key") {
        end -= 1;
    }
    while end > 1
        && (TRAILING_QUALIFIERS
            .iter()
            .any(|q| segs[end - 1] == q.as_bytes())
            || segs[end - 1].iter().all(u8::is_ascii_digit))
    {
        end -= 1;
    }
    // `ClientToken` (AWS idempotency tokens, Datadog RUM client tokens): not a credential.
    if end >= 2 && segs[end - 2] == b"client" && segs[end - 1] == b"token" {
        return None;
    }
    let last = &segs[end - 1];
    let last = last
        .strip_suffix(b"s")
        .filter(|l| l.ends_with(b"token"))
        .unwrap_or(last);
    let last: &[u8] = {
        // `password1`, `token2`.
        let digits = last.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        &last[..last.len() - digits]
    };
    if last == b"key" || last.ends_with(b"key") {
        let glued = &last[..last.len() - 3];
        if !glued.is_empty() {
            return KEY_QUALIFIERS
                .iter()
                .any(|q| glued.ends_with(q.as_bytes()))
                .then_some(Noun::Generated);
        }
        if end < 2 {
            return None;
        }
        let before = segs[end - 2].as_slice();
        if KEY_QUALIFIERS.iter().any(|q| before == q.as_bytes()) {
            return Some(Noun::Generated);
        }
        if segs[..end - 1]
            .iter()
            .any(|s| KEY_NOT_SECRET.iter().any(|w| s == w.as_bytes()))
        {
            return None;
        }
        return Some(Noun::Key);
    }
    for (noun, kind) in NOUNS {
        let n = noun.as_bytes();
        // Glued forms only for nouns long enough not to be the end of another word.
        if last == n || (n.len() >= 5 && last.ends_with(n) && *noun != "credential") {
            // `pass` alone is a password only as its own segment (`DB_PASS`), not `bypass`.
            if *noun == "pass" && last != n {
                continue;
            }
            if matches!(*noun, "pwd" | "auth") && last != n {
                continue;
            }
            return Some(*kind);
        }
    }
    None
}

pub(super) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}
