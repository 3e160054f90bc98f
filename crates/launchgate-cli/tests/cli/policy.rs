//! Policy discovery, `policy validate|show`, `init`, ignores and attestations through the binary.

use crate::common::*;

#[test]
fn init_writes_a_starter_that_validates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("launchgate.yml")).unwrap();
    assert!(text.contains("extends: launch-ready"));
    let out = run_in(dir.path(), &["policy", "validate"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "policy is valid: launchgate.yml ← builtin:launch-ready\n"
    );
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("launchgate.yml already exists (use --force to overwrite it)"),
        "{}",
        out.stderr
    );
    assert_eq!(run_in(dir.path(), &["init", "--force"]).code, 0);
}

#[test]
fn policy_show_prints_the_merged_policy_with_origins() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nextends: strict\nscan:\n  exclude: [\"vendor/**\"]\n",
    );
    let out = run_in(dir.path(), &["policy", "show"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.snapshot(dir.path()), @"
    exit: 0
    --- stdout
    # effective policy, merged from:
    #   launchgate.yml
    #   builtin:strict
    #   builtin:launch-ready
    version: 1
    fail-on:
      severity: medium  # builtin:strict:8
      confidence: low  # builtin:strict:9
    fail-on-errors: true  # builtin:launch-ready:16
    fail-on-stale-ignores: true  # builtin:strict:10
    scan:
      max-file-size: 5MiB  # builtin:launch-ready:19
      gitignore: true  # builtin:launch-ready:20
      exclude:
      - vendor/**
    --- stderr
    ");
}

#[test]
fn the_policy_in_the_scanned_path_is_found_before_the_builtin() {
    let repo = leaky_repo();
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nextends: launch-ready\nignore:\n  - check: aws-access-key-id\n    path: \"deploy/**\"\n    reason: rotated on 2026-11-01, kept for the deploy docs\n",
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run_in(elsewhere.path(), &["check", repo.path().to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("1 suppressed"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("high[aws-access-key-id]"),
        "{}",
        out.stdout
    );
    let json = run_in(
        elsewhere.path(),
        &["check", repo.path().to_str().unwrap(), "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        v["suppressed"][0]["reason"],
        "rotated on 2026-11-01, kept for the deploy docs"
    );
    assert!(
        v["suppressed"][0]["policy"]
            .as_str()
            .unwrap()
            .ends_with("launchgate.yml:4:5"),
        "{}",
        v["suppressed"][0]
    );
}

#[test]
fn expired_attestations_fail_and_valid_ones_show_as_attested() {
    let repo = git_repo(&[("a.txt", "hello\n".to_owned())]);
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nattest:\n  admin-mfa:\n    by: bob@example.com\n    date: 2026-01-01\n    evidence: https://wiki.example.com/mfa\n    expires: 2099-01-01\n",
    );
    let out = run_in(repo.path(), &["check"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("ATTESTED     Auth & access control        1 attestation"),
        "{}",
        out.stdout
    );
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nattest:\n  rollback-tested:\n    by: alice@example.com\n    date: 2025-01-01\n    evidence: https://wiki.example.com/rollback\n    expires: 2025-06-01\n",
    );
    let out = run_in(repo.path(), &["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("FAIL         Deployment & rollback"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("FAIL: attestation `rollback-tested` expired on 2025-06-01"),
        "{}",
        out.stdout
    );
}

#[test]
fn builtin_policies_can_be_named_on_the_command_line() {
    let repo = git_repo(&[("a.txt", "hello\n".to_owned())]);
    let out = run_in(repo.path(), &["check", "--policy", "builtin:strict"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("policy builtin:strict ← builtin:launch-ready · fails on medium"),
        "{}",
        out.stdout
    );
    let out = run_in(repo.path(), &["check", "--policy", "builtin:nope"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown built-in policy `nope`"),
        "{}",
        out.stderr
    );
    let out = run_in(repo.path(), &["check", "--policy", "missing.yml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read policy file missing.yml"),
        "{}",
        out.stderr
    );
}

#[test]
fn example_policies_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policies");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let out = run_in(&dir, &["policy", "validate", path.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{}: {}", path.display(), out.stderr);
        n += 1;
    }
    assert!(n > 0, "no example policies found");
}
