//! `launchgate rules`: the catalog and per-rule documentation.

use crate::common::*;

#[test]
fn rules_lists_every_rule_with_id_and_severity() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["rules"]);
    assert_eq!(out.code, 0);
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(rows.len() >= 60, "{} rules", rows.len());
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("stripe-live-secret-key") && l.contains("critical")),
        "{}",
        out.stdout
    );
    let json = run_in(dir.path(), &["rules", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["rules"].as_array().unwrap().len(), rows.len());
}

#[test]
fn one_rule_shows_its_docs_and_unknown_ids_get_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["rules", "aws-access-key-id"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .starts_with("# AWS access key ID (`aws-access-key-id`)"),
        "{}",
        out.stdout
    );
    let out = run_in(dir.path(), &["rules", "aws-acess-key-id"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `aws-access-key-id`?"),
        "{}",
        out.stderr
    );
}
