//! Runs every rule's examples through the whole scanner: each `match` example must be found by
//! its rule, and no `no-match` example may produce any finding from any rule.

use std::collections::HashSet;

use launchgate_core::SecretHasher;

use crate::Scanner;
use crate::rules::builtin_specs;

#[test]
fn rule_ids_are_unique_kebab_case_and_documented() {
    let specs = builtin_specs().unwrap();
    let mut ids = HashSet::new();
    for s in &specs {
        assert!(ids.insert(&s.id), "duplicate id {}", s.id);
        assert!(
            s.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "id {} is not kebab-case",
            s.id
        );
        assert!(
            !s.examples.matching.is_empty(),
            "{} has no match example",
            s.id
        );
        assert!(
            !s.examples.no_match.is_empty(),
            "{} has no no-match example",
            s.id
        );
        assert!(!s.references.is_empty(), "{} has no reference", s.id);
        assert!(
            s.description.ends_with('.'),
            "{}: description is a sentence",
            s.id
        );
        assert!(
            !s.name.ends_with('.'),
            "{}: name has no trailing period",
            s.id
        );
    }
    assert!(specs.len() >= 60, "{} rules", specs.len());
}

/// Scans every example of one kind (`match` or `no-match`) and returns, per example, the rule it
/// belongs to, the example and the ids of everything the whole scanner found in it.
fn scan_examples(matching: bool) -> Vec<(String, String, Vec<String>)> {
    let scanner = Scanner::new(|_| true).unwrap();
    let hasher = SecretHasher::default();
    let mut out = Vec::new();
    for s in builtin_specs().unwrap() {
        let examples = if matching {
            &s.examples.matching
        } else {
            &s.examples.no_match
        };
        for ex in examples {
            let found = scanner.scan_bytes("app/config.env", ex.as_bytes(), &hasher);
            out.push((
                s.id.clone(),
                ex.clone(),
                found.findings.into_iter().map(|f| f.check).collect(),
            ));
        }
    }
    out
}

#[test]
fn every_match_example_is_found_by_its_rule() {
    let failures: Vec<String> = scan_examples(true)
        .into_iter()
        .filter(|(id, _, found)| !found.contains(id))
        .map(|(id, ex, found)| format!("{id}: not found in {ex:?} (found {found:?})"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_no_match_example_produces_any_finding() {
    let failures: Vec<String> = scan_examples(false)
        .into_iter()
        .filter(|(_, _, found)| !found.is_empty())
        .map(|(id, ex, found)| format!("{id}: {ex:?} produced {found:?}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_finding_ever_contains_the_secret_it_found() {
    let scanner = Scanner::new(|_| true).unwrap();
    let hasher = SecretHasher::default();
    for s in builtin_specs().unwrap() {
        for ex in &s.examples.matching {
            for f in scanner
                .scan_bytes("app/config.env", ex.as_bytes(), &hasher)
                .findings
            {
                let json = serde_json::to_string(&f).unwrap();
                // The longest run of token characters in the example is the secret (or contains it).
                let longest = ex
                    .split(|c: char| !(c.is_ascii_alphanumeric() || "_-+/=.~".contains(c)))
                    .max_by_key(|t| t.len())
                    .unwrap_or("");
                if longest.len() >= 16 {
                    let tail = &longest[longest.len() - 12..];
                    assert!(
                        !json.contains(tail),
                        "{}: finding leaks {tail}: {json}",
                        s.id
                    );
                }
            }
        }
    }
}
