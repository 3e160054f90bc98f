//! Importing gitleaks-format rule files (the TOML most teams already maintain, also read by
//! Betterleaks): each `[[rules]]` entry becomes a launchgate rule, mapping what it can and naming
//! what it cannot, so nothing is silently dropped.

use std::path::Path;

use launchgate_core::{Confidence, Severity};
use serde::Deserialize;

use crate::ScanError;
use crate::rules::{Examples, RuleSpec};

/// Largest rule file read.
const MAX_RULE_FILE: u64 = 4 << 20;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    rules: Vec<GitleaksRule>,
    #[serde(default)]
    allowlist: Option<Allowlist>,
    #[serde(default)]
    extend: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GitleaksRule {
    id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    secret_group: Option<usize>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    allowlist: Option<Allowlist>,
    #[serde(default)]
    allowlists: Vec<Allowlist>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
struct Allowlist {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    commits: Vec<String>,
    #[serde(default)]
    regex_target: Option<String>,
    #[serde(default)]
    condition: Option<String>,
}

/// The rules in a gitleaks TOML file, and one note per thing that could not be mapped.
pub(crate) fn gitleaks(
    path: &Path,
    taken: &[String],
) -> Result<(Vec<RuleSpec>, Vec<String>), ScanError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RULE_FILE).read_to_string(&mut text))
        .map_err(|e| ScanError::Import {
            file: shown.clone(),
            message: e.to_string(),
        })?;
    // The message and position only: toml's own rendering quotes the line, which in a rule
    // file's allowlist may be a real secret.
    let file: File = toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(String::new(), |s| {
            let before = &text.as_bytes()[..s.start.min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            format!("line {line}, column {col}: ")
        });
        ScanError::Import {
            file: shown.clone(),
            message: format!("{at}{}", e.message()),
        }
    })?;
    let mut notes = Vec::new();
    if file.extend.is_some() {
        notes.push(format!(
            "{shown}: [extend] ignored: launchgate's built-in rules are always on; disable them in the policy's `checks:`"
        ));
    }
    let global = file.allowlist.unwrap_or_default();
    let mut specs = Vec::new();
    for (i, r) in file.rules.into_iter().enumerate() {
        let Some(regex) = r.regex.clone() else {
            notes.push(format!(
                "{shown}: rule `{}` skipped: path-only rules (no `regex`) are not supported",
                r.id
            ));
            continue;
        };
        let mut id = r.id.clone();
        if taken.contains(&id) || specs.iter().any(|s: &RuleSpec| s.id == id) {
            id = format!("imported-{}", r.id);
            notes.push(format!(
                "{shown}: rule `{}` renamed `{id}`: the id is taken",
                r.id
            ));
        }
        let mut lists: Vec<Allowlist> = r.allowlists.clone();
        lists.extend(r.allowlist.clone());
        lists.push(global.clone());
        let mut allow: Vec<String> = Vec::new();
        let mut skip_paths: Vec<String> = Vec::new();
        for l in &lists {
            if !l.commits.is_empty() {
                notes.push(format!(
                    "{shown}: rule `{}`: allowlist `commits` not supported (use the baseline or an ignore entry)",
                    r.id
                ));
            }
            if l.regex_target
                .as_deref()
                .is_some_and(|t| t != "match" && t != "secret")
            {
                notes.push(format!(
                    "{shown}: rule `{}`: allowlist regexTarget `{}` is applied to the secret instead",
                    r.id,
                    l.regex_target.as_deref().unwrap_or_default()
                ));
            }
            if l.condition
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("and"))
            {
                notes.push(format!(
                    "{shown}: rule `{}`: allowlist condition AND is treated as OR",
                    r.id
                ));
            }
            allow.extend(l.regexes.iter().map(|x| format!("(?:{x})")));
            if !l.stopwords.is_empty() {
                let words: Vec<String> = l.stopwords.iter().map(|w| regex::escape(w)).collect();
                allow.push(format!("(?i:{})", words.join("|")));
            }
            skip_paths.extend(l.paths.iter().map(|x| format!("(?:{x})")));
        }
        if r.path.is_some() {
            notes.push(format!(
                "{shown}: rule `{}`: `path` restriction not supported; the rule runs on every file",
                r.id
            ));
        }
        // gitleaks: without secretGroup, a pattern with exactly one group reports that group.
        let groups = regex::Regex::new(&regex)
            .map(|re| re.captures_len() - 1)
            .unwrap_or(0);
        let secret_group = r
            .secret_group
            .filter(|g| *g > 0)
            .or((groups == 1).then_some(1));
        if r.keywords.is_empty() {
            notes.push(format!(
                "{shown}: rule `{}` has no `keywords`, so it runs its regex over every file: add keywords to keep scans fast",
                r.id
            ));
        }
        let keywords = r.keywords.iter().map(|k| k.to_ascii_lowercase()).collect();
        specs.push(RuleSpec {
            id,
            name: r.description.clone().unwrap_or_else(|| r.id.clone()),
            severity: Severity::High,
            confidence: Confidence::Medium,
            keywords,
            pattern: Some(regex),
            value: None,
            detector: None,
            service: String::new(),
            entropy: r.entropy,
            multiline: false,
            generic: false,
            validate: None,
            allow_secret: (!allow.is_empty()).then(|| allow.join("|")),
            allow_host: None,
            allow_name: None,
            skip_paths: (!skip_paths.is_empty()).then(|| skip_paths.join("|")),
            description: r
                .description
                .unwrap_or_else(|| format!("Imported from {shown}, rule {}", i + 1)),
            browser_public: None,
            help: None,
            fix: None,
            references: Vec::new(),
            secret_group,
            examples: Examples::default(),
            family: format!("imported ({shown})"),
            imported: true,
        });
    }
    Ok((specs, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitleaks_rules_are_mapped_and_gaps_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gitleaks.toml");
        std::fs::write(
            &p,
            r#"
title = "team rules"
[extend]
useDefault = true

[[rules]]
id = "acme-api-key"
description = "Acme API key"
regex = '''acme_(?:live|test)_([a-z0-9]{24})'''
keywords = ["acme_live", "acme_test"]
entropy = 3.0
[[rules.allowlists]]
stopwords = ["example"]
commits = ["abc"]

[[rules]]
id = "internal-file"
path = '''secrets\.txt'''

[[rules]]
id = "aws-access-key-id"
regex = '''AKIA[0-9A-Z]{16}'''
keywords = ["akia"]
"#,
        )
        .unwrap();
        let (specs, notes) = gitleaks(&p, &["aws-access-key-id".to_owned()]).unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].id, "acme-api-key");
        assert_eq!(specs[0].secret_group, Some(1));
        assert_eq!(specs[0].allow_secret.as_deref(), Some("(?i:example)"));
        assert_eq!(specs[1].id, "imported-aws-access-key-id");
        let notes = notes.join("\n");
        for expected in ["[extend]", "commits", "path-only", "renamed"] {
            assert!(notes.contains(expected), "{expected}: {notes}");
        }
    }
}
