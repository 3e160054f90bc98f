//! The scan catalog: one [`CheckMeta`] per secret rule, with documentation generated from the
//! rule's data in the shape every check's docs share.

use std::fmt::Write as _;

use launchgate_core::{Area, CheckKind, CheckMeta, CheckStatus, Engine};

use crate::rules::RuleSpec;

pub(crate) fn meta_for(spec: &RuleSpec) -> CheckMeta {
    CheckMeta {
        id: spec.id.clone(),
        name: spec.name.clone(),
        engine: Engine::Scan,
        kind: CheckKind::SecretRule,
        area: Area::Secrets,
        default_severity: spec.severity,
        confidence: spec.confidence,
        summary: format!("Detects a committed {}", spec.name),
        docs: docs(spec),
        help: spec.help.clone().unwrap_or_else(|| {
            "Revoke or rotate the credential now (deleting it does not un-leak it), then load it from the environment or a secret manager".to_owned()
        }),
        tags: vec![
            "security".to_owned(),
            "secret".to_owned(),
            slug(&spec.family),
            slug(&spec.service),
        ],
        references: spec.references.clone(),
        status: CheckStatus::Preview,
        service: (!spec.service.is_empty()).then(|| spec.service.clone()),
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn docs(spec: &RuleSpec) -> String {
    let mut d = String::new();
    let _ = writeln!(d, "# {} (`{}`)\n", spec.name, spec.id);
    let _ = writeln!(
        d,
        "Service: {}. Family: {}. Severity: {}. Confidence: {}.\n",
        spec.service, spec.family, spec.severity, spec.confidence
    );
    let _ = writeln!(d, "## Why it matters\n\n{}\n", spec.description);
    let _ = writeln!(
        d,
        "A credential committed to a repository is readable by everyone with access to the repository, its forks, its CI logs and every clone, for as long as the history exists. Treat it as compromised.\n"
    );
    if let Some(why) = &spec.browser_public {
        let _ = writeln!(
            d,
            "In a client-exposed variable (`NEXT_PUBLIC_`, `VITE_`…) or in build output this is reported as `info`: {why}.\n"
        );
    }
    let _ = writeln!(d, "## What fails\n");
    let keywords = spec
        .keywords
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(pattern) = &spec.pattern {
        let _ = writeln!(
            d,
            "A file contains a match of the pattern `{}` near one of the keywords {keywords}.",
            pattern.replace('`', "\\`"),
        );
    } else if let Some(value) = &spec.value {
        let _ = writeln!(
            d,
            "One of {keywords} (the service's name or its documented variable names, any case) is followed within a few lines, or preceded on its line, by a whole token matching `{}`: a value on its own, not part of a longer token. Values that name a digest, an id or a version on their line (`sha256`, `integrity`, `commit`, `uuid`, `public`) are not reported, nor are lockfiles.",
            value.replace('`', "\\`"),
        );
    } else {
        let _ = writeln!(
            d,
            "An identifier whose last part names a secret ({keywords} in snake, camel, kebab, dotted or upper case) is assigned a literal: `=`, `:`, `:=`, `=>`, an XML element, a command-line flag, a `.netrc` entry, a Terraform `default`, a YAML block scalar or an `Authorization` header. The literal must look generated (a password need only not be a word), and must not be a placeholder, a template (`${{}}`, `{{{{ }}}}`, `%s`, `<…>`), code (`os.environ[…]`, `process.env.X`, calls, member access), a path, a URL without credentials, a UUID, a version, a default password or a documented example. Names of actions and settings about secrets (`reset_password`, `csrf_token`, `max_tokens`, `password_min_length`) are not secrets. Findings in documentation, examples and tests have low confidence."
        );
    }
    if let Some(v) = spec.validate {
        let _ = writeln!(d, "The match is checked structurally: {}.", v.describe());
    }
    let _ = writeln!(
        d,
        "Escaped (`\\/`, `\\u002F`), URL-encoded and base64-encoded forms are decoded and matched too; such a finding points at the encoded text and says how it was encoded."
    );
    if let Some(e) = spec.entropy {
        let _ = writeln!(
            d,
            "The secret must have at least {e} bits of Shannon entropy per character."
        );
    }
    let _ = writeln!(
        d,
        "Placeholders (`xxxx`, `<your-key>`, `${{VAR}}`, `changeme`, `example`…) are not reported.{}{}\n",
        if spec.allow_secret.is_some() {
            " Values matching the rule's allow-list (default passwords, identifiers, code) are not reported."
        } else {
            ""
        },
        if spec.allow_host.is_some() {
            " URLs pointing at local or single-label hosts (localhost, docker-compose services, example domains) are not reported."
        } else {
            ""
        },
    );
    let _ = writeln!(
        d,
        "Evidence shown: at most 8 leading characters (never more than a quarter of the value), the length, and a keyed hash. The value itself is never printed or stored.\n"
    );
    let _ = writeln!(d, "## How to fix\n");
    if let Some(fix) = &spec.fix {
        let _ = writeln!(d, "{}\n", fix.trim_end());
    } else {
        let _ = writeln!(
            d,
            "1. Revoke or rotate the credential at {} now: deleting the line does not un-leak it.",
            spec.service
        );
        let _ = writeln!(
            d,
            "2. Load the new value from the environment or a secret manager, never from source."
        );
        let _ = writeln!(
            d,
            "3. If it was committed, it stays in git history: rotation is the fix; rewriting history is clean-up.\n"
        );
        let _ = writeln!(
            d,
            "```diff\n- const key = \"<the {} value>\";\n+ const key = process.env.{};\n```\n",
            spec.name,
            spec.id.to_ascii_uppercase().replace('-', "_")
        );
    }
    let _ = writeln!(
        d,
        "If the value is a documented fake, suppress it where it is, with a reason:\n"
    );
    let _ = writeln!(
        d,
        "```\n# launchgate:allow {} fixture key used by the TLS tests\n```\n",
        spec.id
    );
    let _ = writeln!(d, "## References\n");
    for r in &spec.references {
        let _ = writeln!(d, "- <{r}>");
    }
    d
}
