//! Runs every rule's examples through the whole scanner: each `match` example must be found by
//! its rule, and no `no-match` example may produce any finding from any rule. `cargo test` runs
//! it on the built-in rules; `launchgate rules --check FILE…` runs it with rule files being
//! written (replacing the built-in file of the same name, or added to them), so an author sees
//! every failure at once without rebuilding.

use launchgate_core::SecretHasher;

use crate::ScanError;
use crate::matcher::RuleSet;
use crate::rules::{BUILTIN_RULE_FILES, RuleSpec, check_unique, parse_file};

/// The fewest examples of each kind a rule carries.
pub(crate) const MIN_EXAMPLES: usize = 2;

/// Where examples are scanned: a config file, read as config (not code, docs or tests).
const EXAMPLE_PATH: &str = "app/config.env";

/// Every problem with the rules: the built-in files with `files` (name, text) put in place of
/// the built-in file of the same name or added after them. Empty when all is well. When files
/// are given, only the problems of their rules are reported (every rule still runs, so a
/// `no-match` example that another rule finds is one of them).
pub fn check_rule_files(files: &[(String, String)]) -> Result<Vec<String>, ScanError> {
    let mut specs: Vec<RuleSpec> = Vec::new();
    let mut problems = Vec::new();
    let mut given: Vec<&(String, String)> = files.iter().collect();
    let mut ours: Vec<String> = Vec::new();
    for (name, text) in BUILTIN_RULE_FILES {
        if let Some(i) = given.iter().position(|(n, _)| n == name) {
            let (n, t) = given.remove(i);
            let parsed = parse_file(n, t)?;
            ours.extend(parsed.iter().map(|s| s.id.clone()));
            specs.extend(parsed);
        } else {
            specs.extend(parse_file(name, text)?);
        }
    }
    for (n, t) in given {
        let parsed = parse_file(n, t)?;
        ours.extend(parsed.iter().map(|s| s.id.clone()));
        specs.extend(parsed);
    }
    check_unique(&specs)?;
    let reported = |id: &str| files.is_empty() || ours.iter().any(|o| o == id);
    for s in specs.iter().filter(|s| reported(&s.id)) {
        problems.extend(lint(s));
    }
    let coded = crate::checks::ALL.iter().map(|c| c.id).collect();
    let set = RuleSet::with_coded(specs, coded)?;
    let hasher = SecretHasher::default();
    for rule in set.rules.iter().filter(|r| reported(&r.spec.id)) {
        let s = &rule.spec;
        for ex in &s.examples.matching {
            let found = crate::blob::scan_blob(&set, EXAMPLE_PATH, ex.as_bytes(), &hasher);
            if !found.findings.iter().any(|f| f.check == s.id) {
                let ids: Vec<&str> = found.findings.iter().map(|f| f.check.as_str()).collect();
                problems.push(format!(
                    "{}: match example not found: {ex:?} (found {ids:?})",
                    s.id
                ));
            }
            for f in &found.findings {
                if leaks(ex, &serde_json::to_string(f).unwrap_or_default()) {
                    problems.push(format!("{}: a finding shows the secret of {ex:?}", s.id));
                }
            }
        }
        for ex in &s.examples.no_match {
            let found = crate::blob::scan_blob(&set, EXAMPLE_PATH, ex.as_bytes(), &hasher);
            if !found.findings.is_empty() {
                let ids: Vec<&str> = found.findings.iter().map(|f| f.check.as_str()).collect();
                problems.push(format!(
                    "{}: no-match example produced {ids:?}: {ex:?}",
                    s.id
                ));
            }
        }
    }
    Ok(problems)
}

/// Whether `json` contains the tail of the longest token of `example` (the secret, or the run
/// that contains it).
fn leaks(example: &str, json: &str) -> bool {
    // The longest token is the secret, unless it is an environment variable's name, which
    // findings name on purpose (`VITE_ADMIN_API_SECRET`).
    let is_name = |t: &&str| {
        t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.contains('_')
            && t.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let longest = example
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_-+/=.~".contains(c)))
        .filter(|t| !is_name(t))
        .max_by_key(|t| t.len())
        .unwrap_or("");
    longest.len() >= 16 && json.contains(&longest[longest.len() - 12..])
}

/// What a rule's data must have.
fn lint(s: &RuleSpec) -> Vec<String> {
    let mut p = Vec::new();
    let id = &s.id;
    if !s
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        p.push(format!("{id}: id is not kebab-case"));
    }
    if s.service.trim().is_empty() {
        p.push(format!("{id}: no `service`"));
    }
    if s.examples.matching.len() < MIN_EXAMPLES {
        p.push(format!("{id}: fewer than {MIN_EXAMPLES} match examples"));
    }
    if s.examples.no_match.len() < MIN_EXAMPLES {
        p.push(format!("{id}: fewer than {MIN_EXAMPLES} no-match examples"));
    }
    if s.references.is_empty() {
        p.push(format!("{id}: no reference"));
    }
    if !s.description.ends_with('.') {
        p.push(format!("{id}: description is not a sentence"));
    }
    if s.name.ends_with('.') {
        p.push(format!("{id}: name has a trailing period"));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_passes_its_examples() {
        let problems = check_rule_files(&[]).unwrap();
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }

    #[test]
    fn a_rule_file_being_written_replaces_the_builtin_one() {
        let file = "family: 'Test'\nrules:\n  - id: test-token\n    name: 'Test token'\n    service: 'Test'\n    severity: high\n    confidence: high\n    keywords: ['tst_']\n    pattern: '\\btst_[a-z0-9]{20}\\b'\n    description: 'A test.'\n    references: ['https://example.org']\n    examples:\n      match: ['tst_q8zr2lwx0vkp9tmb4nyc']\n      no-match: ['tst_short', 'nothing here']\n";
        let problems = check_rule_files(&[("zz-test.yml".into(), file.into())]).unwrap();
        let ours: Vec<&String> = problems
            .iter()
            .filter(|p| p.starts_with("test-token"))
            .collect();
        assert_eq!(ours.len(), 1, "{problems:#?}");
        assert!(ours[0].contains("fewer than 2 match examples"), "{ours:?}");
    }
}
