//! `env-file-committed`: a `.env`, `.env.production`, `.env.local`… file with values in it is in
//! the repository (or its history). Example files (`.env.example`, `.env.sample`…) are meant to be
//! committed and are not reported by this check; the secret rules still scan them.

use launchgate_core::{Area, CheckDef, Confidence, Engine, Finding, SecretHasher, Severity};

use super::file_name;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "env-file-committed",
    name: "Environment file committed",
    engine: Engine::Scan,
    area: Area::Secrets,
    severity: Severity::High,
    confidence: Confidence::High,
    summary: "Detects a committed .env file that sets values",
    help: "Remove the file from git (`git rm --cached`), add it to .gitignore, rotate what it held, and commit a .env.example with placeholders instead",
    docs: include_str!("env_file_committed.md"),
};

/// Suffixes of files meant to be committed: templates with placeholder values.
const TEMPLATE_SUFFIXES: &[&str] = &[
    "example", "sample", "template", "tmpl", "tpl", "dist", "defaults", "default", "schema",
    "types", "d.ts", "ts", "js", "mjs", "cjs", "json", "md",
];

/// Whether `path` names an environment file that is not a template.
pub(crate) fn is_env_file(path: &str) -> bool {
    let name = file_name(path);
    let Some(rest) = name.strip_prefix(".env") else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let Some(suffix) = rest.strip_prefix('.') else {
        // `.envrc`, `.environment`: other tools' files.
        return false;
    };
    let suffix = suffix.to_ascii_lowercase();
    !TEMPLATE_SUFFIXES.iter().any(|t| {
        suffix == *t || suffix.ends_with(&format!(".{t}")) || suffix.starts_with(&format!("{t}."))
    })
}

/// The finding for `path`, if it is an environment file that sets at least one value.
pub(crate) fn check(path: &str, text: &[u8], hasher: &SecretHasher) -> Option<Finding> {
    if !is_env_file(path) {
        return None;
    }
    let mut first = None;
    let mut count = 0u32;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if let Some((key, value)) = assignment(line)
            && !key.is_empty()
            && !value.is_empty()
        {
            count += 1;
            first.get_or_insert(i as u32 + 1);
        }
    }
    let line = first?;
    let mut finding = super::finding(
        &CHECK,
        path,
        line,
        format!(
            "environment file `{}` is committed with {count} value{} set",
            file_name(path),
            if count == 1 { "" } else { "s" }
        ),
        hasher,
    );
    // `tests/fixtures/.env`, `examples/app/.env`: an input of a test or a demo, committed on
    // purpose. Still listed; what it holds is judged by the secret rules like any file.
    if crate::matcher::PathInfo::of(path).docs_or_tests {
        finding.confidence = Confidence::Low;
    }
    Some(finding)
}

/// `KEY=value` (optionally `export KEY=value`), with the value unquoted and trimmed.
fn assignment(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let line = line.trim_ascii();
    if line.starts_with(b"#") {
        return None;
    }
    let line = line
        .strip_prefix(b"export ")
        .unwrap_or(line)
        .trim_ascii_start();
    let eq = memchr::memchr(b'=', line)?;
    let key = line[..eq].trim_ascii();
    if !key
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.' || *b == b'-')
    {
        return None;
    }
    let mut value = line[eq + 1..].trim_ascii();
    for q in [b'"', b'\''] {
        if value.len() >= 2 && value[0] == q && value[value.len() - 1] == q {
            value = &value[1..value.len() - 1];
        }
    }
    Some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_and_templates() {
        for p in [
            ".env",
            "app/.env.production",
            ".env.local",
            ".env.staging.local",
            ".env.test",
        ] {
            assert!(is_env_file(p), "{p}");
        }
        for p in [
            ".env.example",
            "web/.env.sample",
            ".env.production.example",
            ".env.template",
            ".envrc",
            "env.ts",
            ".env.d.ts",
            "src/.env.schema",
        ] {
            assert!(!is_env_file(p), "{p}");
        }
    }

    #[test]
    fn only_files_that_set_values_are_reported() {
        let h = SecretHasher::default();
        let f = check(
            "deploy/.env.production",
            b"# prod\n\nEMPTY=\nexport DATABASE_URL=\"postgres://x\"\nB=2\n",
            &h,
        )
        .unwrap();
        assert_eq!(f.path(), Some("deploy/.env.production"));
        assert!(f.message.contains("2 values set"), "{}", f.message);
        let launchgate_core::Location::File(l) = &f.location else {
            panic!()
        };
        assert_eq!(l.line, 4);
        assert!(check(".env", b"# nothing yet\nKEY=\n", &h).is_none());
        assert!(check(".env.example", b"KEY=value\n", &h).is_none());
    }

    #[test]
    fn a_test_fixture_env_file_is_listed_at_low_confidence() {
        let h = SecretHasher::default();
        let fixture = check("tests/Foundation/fixtures/.env", b"FOO=BAR\n", &h).unwrap();
        assert_eq!(fixture.confidence, Confidence::Low);
        let app = check("apps/web/.env", b"FOO=BAR\n", &h).unwrap();
        assert_eq!(app.confidence, Confidence::High);
    }
}
