//! The generic detector: a secret-named identifier assigned an opaque literal, for secrets of no
//! known service. It reads the statement around a keyword the way a reviewer would:
//!
//! 1. the identifier around the keyword (`DB_PASSWORD`, `dbPassword`, `db.password`,
//!    `X-Api-Key`, `api key`), split into segments, must *end* in a secret noun (password,
//!    secret, token, api key, private key, credentials…), optionally followed by a qualifier
//!    (`_value`, `_b64`, `2`), and must not be the name of an action or a setting about secrets
//!    (`reset_password`, `csrf_token`, `password_min_length`, `max_tokens`);
//! 2. an assignment follows: `=`, `:`, `:=`, `=>`, an XML element, a command-line flag, a
//!    `.netrc` pair, a Terraform `default`, a YAML block scalar, an `Authorization` scheme;
//! 3. the value is a literal (quoted in code; bare in config, env and prose files) that is not
//!    a placeholder, a template, code, a path, a URL without credentials, a version, a default
//!    password or a documented example, and that looks generated (or, for passwords, is not a
//!    word).
//!
//! Findings in documentation, examples and tests are kept with low confidence.

use launchgate_core::Confidence;

use crate::filters::{
    is_default_password, is_documented_example, is_placeholder, is_uuid, is_version_or_date,
    is_wordy, looks_random, not_secret_context, segments, shannon_entropy,
};
use crate::matcher::PathInfo;

mod names;
mod values;

use names::*;
use values::*;

/// A value assigned to a secret-named identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// The value's byte range.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The identifier's byte range (the variable's name, shown in the finding).
    pub(crate) name: (usize, usize),
    pub(crate) confidence: Confidence,
    pub(crate) note: Option<&'static str>,
}

/// Extensions of source code, where a bare value after `=` is an expression, not a literal.
const CODE_EXTENSIONS: &[&str] = &[
    "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts", "py", "rb", "go", "java", "kt", "kts",
    "scala", "cs", "php", "rs", "swift", "c", "cc", "cpp", "cxx", "h", "hpp", "m", "mm", "dart",
    "lua", "pl", "pm", "r", "groovy", "gradle", "ex", "exs", "clj", "cljs", "vue", "svelte", "erl",
    "hs", "ml", "fs", "jl", "zig", "nim", "cr",
];

pub(crate) fn is_code_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| CODE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The assignment around the keyword at `buf[kw_start..kw_end]`, if it is one.
pub(crate) fn find(
    buf: &[u8],
    kw_start: usize,
    kw_end: usize,
    info: &PathInfo,
) -> Option<Assignment> {
    // 1. The identifier's end, and a quick look at what follows it: most keyword hits in code
    // are calls, member accesses and arguments (`token)`, `auth.user`, `password;`).
    let mut ie = kw_end;
    while ie < buf.len() && ie - kw_end < 64 && is_ident_byte(buf[ie]) {
        ie += 1;
    }
    let mut peek = ie;
    while peek < buf.len()
        && peek - ie < 6
        && matches!(buf[peek], b'"' | b'\'' | b'`' | b']' | b'\\' | b' ' | b'\t')
    {
        peek += 1;
    }
    if peek >= buf.len()
        || matches!(
            buf[peek],
            b'(' | b')'
                | b';'
                | b'}'
                | b'['
                | b'/'
                | b'*'
                | b'+'
                | b'&'
                | b'!'
                | b'\n'
                | b'\r'
                | b'<'
                | b'.'
        )
    {
        return None;
    }
    let spaced = buf[kw_start..kw_end].contains(&b' ');
    let mut is = kw_start;
    while is > 0 && kw_start - is < 64 && is_ident_byte(buf[is - 1]) {
        is -= 1;
    }
    // `"X=1\nDB_PASSWORD=…"`: an escaped line break before the name is not part of it.
    if is > 0 && buf[is - 1] == b'\\' && matches!(buf[is], b'n' | b'r' | b't') && is < kw_start {
        is += 1;
    }
    // Leading dashes are a command-line flag, trailing dots end a sentence.
    let flag = buf[is..].starts_with(b"--") || (buf[is] == b'-' && ie - is > 1);
    while is < ie && buf[is] == b'-' {
        is += 1;
    }
    while ie > is && matches!(buf[ie - 1], b'.' | b'-') {
        ie -= 1;
    }
    let name = &buf[is..ie];
    // The statement's start: its line, at most 200 bytes back (a minified line is megabytes long,
    // and this runs for every keyword on it).
    let reach = is.saturating_sub(200);
    let line_start = memchr::memrchr(b'\n', &buf[reach..is]).map_or(reach, |i| reach + i + 1);
    // `(?P<secret>…)`, `(?<token>…)`: a regular expression's named group, not an element.
    if buf[..is].ends_with(b"?P<") || buf[..is].ends_with(b"(?<") {
        return None;
    }
    let xml = is > 0 && buf[is - 1] == b'<';

    // 2. The operator (checked before the name: most keyword hits end here, cheaply).
    let mut j = ie;
    let mut quoted_name = false;
    while j < buf.len() && j - ie < 4 && matches!(buf[j], b'"' | b'\'' | b'`' | b']' | b'\\') {
        quoted_name |= buf[j] != b']';
        j += 1;
    }
    let skip_blank = |mut j: usize| {
        while j < buf.len() && matches!(buf[j], b' ' | b'\t') {
            j += 1;
        }
        j
    };
    j = skip_blank(j);
    let rest = &buf[j..];
    // `.netrc`: `machine h login u password p`, on one line or one per line.
    let netrc =
        || info.netrc || crate::filters::contains(&buf[is.saturating_sub(200)..is], b"machine ");
    let mut netrc_line = false;
    let value_at = if xml && rest.first() == Some(&b'>') {
        j + 1
    } else if rest.starts_with(b"||=") || rest.starts_with(b"??=") {
        j + 3
    } else if rest.starts_with(b"=>") || rest.starts_with(b":=") || rest.starts_with(b"?=") {
        j + 2
    } else if rest.starts_with(b"==") || rest.starts_with(b"::") || rest.starts_with(b"=~") {
        return None;
    } else if rest.first() == Some(&b'=') || rest.first() == Some(&b':') {
        let after = j + 1;
        // A type annotation: `password: str = "…"`, `token: String = "…"`.
        let k = skip_blank(after);
        let mut t = k;
        while t < buf.len()
            && t - k < 24
            && (buf[t].is_ascii_alphanumeric()
                || matches!(buf[t], b'[' | b']' | b'<' | b'>' | b'?'))
        {
            t += 1;
        }
        let t2 = skip_blank(t);
        if rest.first() == Some(&b':')
            && t > k
            && buf.get(t2) == Some(&b'=')
            && buf.get(t2 + 1) != Some(&b'=')
        {
            t2 + 1
        } else {
            after
        }
    } else if quoted_name && rest.first() == Some(&b',') && first_argument(buf, is) {
        // `define('API_KEY', '…')`, `os.Setenv("TOKEN", "…")`, `setProperty("db.password", …)`.
        j + 1
    } else if let Some(at) = xml_value_attribute(buf, is, j) {
        // `<add key="ApiKey" value="…" />`, `<property name="password" value="…"/>`.
        at
    } else if j > ie
        && (flag || {
            netrc_line = netrc();
            netrc_line
        })
    {
        // `--password s3cr3t`, `machine … login … password s3cr3t`.
        j
    } else if quoted_name && rest.first() == Some(&b'{') {
        // Terraform: `variable "db_password" { default = "…" }`.
        let window = &buf[j..(j + 200).min(buf.len())];
        let d = memchr::memmem::find(window, b"default")?;
        let k = skip_blank(j + d + 7);
        if buf.get(k) != Some(&b'=') {
            return None;
        }
        k + 1
    } else {
        return None;
    };
    // `arn:…:secret:name`, `…/token:abc`: a segment of an ARN or URI, not a key.
    if is > 0
        && matches!(buf[is - 1], b':' | b'/')
        && buf.get(ie) == Some(&b':')
        && buf.get(ie + 1).is_some_and(|b| !b.is_ascii_whitespace())
    {
        return None;
    }
    let noun = if spaced {
        // Prose: "API key: …", "access token = …".
        Noun::Generated
    } else {
        classify_name(name)?
    };
    if not_secret_context(&buf[line_start..is]) {
        return None;
    }
    let mut v = skip_blank(value_at);

    // 3. The value.
    // A YAML block scalar: the value is the next line.
    if matches!(buf.get(v), Some(b'|' | b'>')) {
        let nl = v + memchr::memchr(b'\n', &buf[v..(v + 8).min(buf.len())])?;
        if buf[v + 1..nl]
            .iter()
            .any(|b| !matches!(b, b'-' | b'+' | b' ' | b'\r'))
        {
            return None;
        }
        v = skip_blank(nl + 1);
    }
    let mut note = None;
    if noun == Noun::Authorization
        || buf[v..].starts_with(b"Bearer ")
        || buf[v..].starts_with(b"bearer ")
    {
        // `Authorization: Bearer …`, `token …`, `Basic …`.
        let after_quote = usize::from(matches!(buf.get(v), Some(b'"' | b'\'')));
        let w = v + after_quote;
        let scheme_end = buf[w..(w + 16).min(buf.len())]
            .iter()
            .position(|&b| b == b' ')
            .map(|p| w + p);
        if let Some(se) = scheme_end {
            let scheme = &buf[w..se];
            if scheme.eq_ignore_ascii_case(b"basic") {
                note = Some("base64 of user:password");
            }
            if [
                b"bearer".as_slice(),
                b"token",
                b"basic",
                b"apikey",
                b"key",
                b"digest",
                b"bot",
                b"sso-key",
            ]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
            {
                v = skip_blank(se);
            }
        }
    }
    let (vs, ve, quoted) = value_span(buf, v, xml)?;
    // In code a bare value is an expression, except in a URL's query string.
    let query = is > 0 && matches!(buf[is - 1], b'?' | b'&');
    // `badge.svg?token=…`: Codecov-style badge tokens are published in every README.
    if query {
        let url_start = buf[line_start..is]
            .iter()
            .rposition(|b| matches!(b, b' ' | b'(' | b'"' | b'\'' | b'<' | b'[' | b'='))
            .map_or(line_start, |p| line_start + p + 1);
        let url = &buf[url_start..is];
        if crate::filters::contains(url, b"badge") || crate::filters::contains(url, b"/graph/") {
            return None;
        }
    }
    if !quoted && info.code && !flag && !netrc_line && !query {
        return None;
    }
    let value = &buf[vs..ve];
    if note.is_some()
        && crate::validate::Validator::Base64Credentials.check(value)
            == crate::validate::Outcome::Rejected
    {
        return None;
    }
    let mut confidence = judge_value(value, noun)?;
    if info.docs_or_tests
        || segments(name).any(|s| {
            [
                "test", "tests", "example", "sample", "dummy", "mock", "fake", "demo",
            ]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w.as_bytes()))
        })
    {
        confidence = Confidence::Low;
    }
    Some(Assignment {
        start: vs,
        end: ve,
        name: (is, ie),
        confidence,
        note,
    })
}

/// Whether the quoted name starting at `name_start` is the first argument of a call:
/// `define('API_KEY', …`, `os.getenv("TOKEN", …`, not an item of a list.
fn first_argument(buf: &[u8], name_start: usize) -> bool {
    let mut i = name_start.saturating_sub(1); // the opening quote
    while i > 0 && buf[i - 1] == b' ' {
        i -= 1;
    }
    i > 0 && buf[i - 1] == b'('
}

/// For a name that is the value of a `key="…"` or `name="…"` attribute, where the `value="…"`
/// attribute of the same tag starts (just after its opening quote's position: the quote is
/// read as the value's).
fn xml_value_attribute(buf: &[u8], name_start: usize, after_name: usize) -> Option<usize> {
    let before = &buf[name_start.saturating_sub(8)..name_start];
    let attr = before.ends_with(b"key=\"")
        || before.ends_with(b"name=\"")
        || before.ends_with(b"key='")
        || before.ends_with(b"name='");
    if !attr {
        return None;
    }
    let tag_end = buf[after_name..(after_name + 300).min(buf.len())]
        .iter()
        .position(|&b| b == b'>' || b == b'\n')
        .map_or((after_name + 300).min(buf.len()), |p| after_name + p);
    let rest = &buf[after_name..tag_end];
    let at = memchr::memmem::find(rest, b"value=")?;
    Some(after_name + at + 6)
}

/// The literal starting at `v`: `(start, end, quoted)`.
fn value_span(buf: &[u8], v: usize, xml: bool) -> Option<(usize, usize, bool)> {
    const MAX: usize = 512;
    let first = *buf.get(v)?;
    // `\"…\"` inside an escaped JSON string.
    if first == b'\\' && matches!(buf.get(v + 1), Some(b'"' | b'\'')) {
        let q = buf[v + 1];
        let s = v + 2;
        let lim = (s + MAX).min(buf.len());
        let end = (s..lim.saturating_sub(1)).find(|&i| buf[i] == b'\\' && buf[i + 1] == q)?;
        return Some((s, end, true));
    }
    if matches!(first, b'"' | b'\'' | b'`') {
        let s = v + 1;
        let lim = (s + MAX).min(buf.len());
        let mut i = s;
        while i < lim {
            match buf[i] {
                b'\\' => i += 2,
                b'\n' => return None,
                c if c == first => return Some((s, i, true)),
                _ => i += 1,
            }
        }
        return None;
    }
    let lim = (v + MAX).min(buf.len());
    let end = (v..lim)
        .find(|&i| {
            let c = buf[i];
            c.is_ascii_whitespace()
                || matches!(
                    c,
                    b',' | b';' | b')' | b'}' | b']' | b'&' | b'"' | b'\'' | b'`' | b'\\'
                )
                || (c == b'<' && (xml || i > v))
        })
        .unwrap_or(lim);
    if end == lim && lim < buf.len() {
        return None;
    }
    Some((v, end, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(path: &str) -> PathInfo {
        PathInfo::of(path)
    }

    /// The value found in `line` (scanned as `path`), if any.
    fn found(line: &str, path: &str) -> Option<String> {
        let buf = line.as_bytes();
        let lower = line.to_ascii_lowercase();
        for kw in [
            "password",
            "passwd",
            "pwd",
            "pass",
            "secret",
            "token",
            "key",
            "auth",
            "credential",
            "api key",
        ] {
            let mut from = 0;
            while let Some(i) = lower[from..].find(kw) {
                let s = from + i;
                if let Some(a) = find(buf, s, s + kw.len(), &info(path)) {
                    return Some(line[a.start..a.end].to_owned());
                }
                from = s + 1;
            }
        }
        None
    }

    #[test]
    fn names_that_are_secrets() {
        for n in [
            "DB_PASSWORD",
            "dbPassword",
            "db.password",
            "PGPASSWORD",
            "api_key",
            "apiKey",
            "X-Api-Key",
            "client_secret",
            "clientSecret",
            "AUTH_TOKEN",
            "authToken",
            "github_token",
            "SECRET",
            "private-key",
            "secretKey",
            "password2",
            "token_b64",
            "Authorization",
            "credentials",
            "DB_PASS",
            "refreshTokens",
            "recaptcha_secret_key",
            "HUAWEICLOUD_SDK_SK",
            "weatherapi.key",
            "service_passwd",
            "vault_token",
        ] {
            assert!(classify_name(n.as_bytes()).is_some(), "{n}");
        }
        for n in [
            "password_reset_url",
            "resetPassword",
            "csrf_token",
            "max_tokens",
            "tokenizer",
            "public_key",
            "key",
            "monkey",
            "secret_name",
            "passwordField",
            "token_type",
            "bypass",
            "compass",
            "secretary",
            "password_min_length",
            "passwordHash",
            "tokenUrl",
            "sitekey",
            "keyId",
            "growthbook_client_key",
            "primary_key",
            "cache_key",
            "monkey",
        ] {
            assert!(classify_name(n.as_bytes()).is_none(), "{n}");
        }
    }

    #[test]
    fn assignments_in_every_syntax() {
        let secret = ["k9Zq2Lx0vR9Tm", "B4nYc7HsJ1pWd"].concat();
        for (line, path) in [
            (format!("DB_PASSWORD={secret}"), "config.env"),
            (format!("export API_TOKEN=\"{secret}\""), "deploy.sh"),
            (format!("password: {secret}"), "config.yml"),
            (format!("  \"client_secret\": \"{secret}\","), "app.json"),
            (format!("const apiKey = '{secret}';"), "src/app.js"),
            (format!("db.password={secret}"), "app.properties"),
            (format!("<password>{secret}</password>"), "settings.xml"),
            (
                format!("curl -H \"Authorization: Bearer {secret}\" https://api"),
                "run.sh",
            ),
            (format!("mytool --token {secret} --verbose"), "ci.log"),
            (
                format!("machine api.example.org login me password {secret}"),
                "netrc",
            ),
            (format!("password: str = \"{secret}\""), "settings.py"),
            (format!("{{\\\"api_key\\\":\\\"{secret}\\\"}}"), "dump.txt"),
            (format!("Password: {secret}"), "notes.txt"),
            (
                format!("variable \"db_password\" {{ default = \"{secret}\" }}"),
                "main.tf",
            ),
            (format!("$password = '{secret}';"), "config.php"),
            (format!("Password={secret};"), "conn.txt"),
        ] {
            assert_eq!(
                found(&line, path).as_deref(),
                Some(secret.as_str()),
                "{line}"
            );
        }
    }

    #[test]
    fn look_alikes_are_not_secrets() {
        for (line, path) in [
            ("password = os.environ[\"DB_PASSWORD\"]", "settings.py"),
            ("const token = process.env.API_TOKEN;", "app.js"),
            ("api_key = get_secret(\"name\")", "app.py"),
            ("password: ${DB_PASSWORD}", "config.yml"),
            ("PASSWORD={{ .Values.password }}", "x.env"),
            ("password = \"changeme\"", "app.py"),
            ("\"password\": \"Password\"", "en.json"),
            ("\"password\": \"Enter your password\"", "en.json"),
            ("password_file: /run/secrets/db_password", "config.yml"),
            ("SECRET_KEY_FILE=./secret.key", "x.env"),
            (
                "token_url = \"https://auth.example.com/oauth/token\"",
                "app.py",
            ),
            ("password = hunter22", "config.ini"),
            ("version: 1.2.3", "x.yml"),
            ("secret: MY_SECRET_NAME", "x.yml"),
            ("token = self.token", "app.py"),
            ("if password == \"k9Zq2Lx0vR9TmB4n\":", "app.py"),
            (
                "\"integrity\": \"sha512-k9Zq2Lx0vR9TmB4nYc7HsJ1pWd\"",
                "package-lock.json",
            ),
            ("password = user_input", "app.py"),
        ] {
            assert_eq!(found(line, path), None, "{line}");
        }
    }

    #[test]
    fn docs_and_tests_lower_confidence() {
        let secret = ["k9Zq2Lx0vR9Tm", "B4nYc7HsJ1pWd"].concat();
        let line = format!("API_TOKEN={secret}");
        let buf = line.as_bytes();
        let at = line.find("TOKEN").unwrap();
        let prod = find(buf, at, at + 5, &info("deploy/prod.env")).unwrap();
        assert_eq!(prod.confidence, Confidence::Medium);
        let docs = find(buf, at, at + 5, &info("docs/setup.md")).unwrap();
        assert_eq!(docs.confidence, Confidence::Low);
    }
}
