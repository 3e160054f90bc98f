//! The working-tree scan through the binary: subdirectories, gitignore, size cap, inline allows.

use crate::common::*;

#[test]
fn paths_are_relative_to_the_repository_root_when_scanning_a_subdirectory() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["scan", "deploy", "--format", "json"]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(v["findings"][0]["location"]["path"], "deploy/env.sh");
}

#[test]
fn gitignored_files_oversized_files_and_inline_allows() {
    let repo = git_repo(&[
        (".gitignore", "tmp/\n".to_owned()),
        (
            "src/a.py",
            format!(
                "KEY = '{}'  # launchgate:allow aws-access-key-id AWS docs example reused in tests\n",
                aws_key()
            ),
        ),
        (
            "src/b.py",
            format!(
                "KEY = '{}'  # launchgate:allow aws-access-key-id\n",
                aws_key()
            ),
        ),
    ]);
    write(repo.path(), "tmp/cache.js", stripe_key());
    write(repo.path(), "data/huge.sql", "x".repeat(2 * 1024 * 1024));
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nscan:\n  max-file-size: 1MiB\n",
    );
    let out = run_in(repo.path(), &["scan"]);
    assert_eq!(out.code, 1, "the allow without a reason does not suppress");
    insta::assert_snapshot!(out.snapshot(repo.path()), @"
    exit: 1
    --- stdout
    launchgate [VERSION] · policy launchgate.yml · fails on high and above

    Launch readiness
      FAIL         Secrets                      1 finding, 1 failing (1 suppressed)
      NOT CHECKED  Auth & access control
      NOT CHECKED  CORS
      NOT CHECKED  Security headers & cookies
      NOT CHECKED  TLS & redirects
      NOT CHECKED  Email authentication
      NOT CHECKED  Rate limiting
      NOT CHECKED  Input validation
      NOT CHECKED  Error handling & exposure
      NOT CHECKED  Performance
      NOT CHECKED  Monitoring
      NOT CHECKED  Deployment & rollback

    Findings

    high[aws-access-key-id]: AWS access key ID found: AKIAZ… (20 chars, hmac f05408fb)
      --> src/b.py:1:8
      = history: introduced in [SHA] by Test <test@example.com> on [DATE]; still in the checked-out files
      = help: Revoke or rotate the credential now (deleting it does not un-leak it), then load it from the environment or a secret manager
      = docs: https://github.com/launchgate/launchgate/blob/main/docs/checks/aws-access-key-id.md

    Suppressed: 1 finding (1 by inline allow comments)

    Skipped: 1 file not scanned:
      data/huge.sql: 2.0 MiB is over the 1.0 MiB cap (scan.max-file-size)

    warning: src/b.py:1: `launchgate:allow aws-access-key-id` has no reason, so it does not suppress the finding

    scan: 4 files (211 B) + history: 1 commit, 3 blobs (172 B, [RATE]) with 109 rules in [DURATION]
    1 finding (1 high), 1 suppressed, 0 errors

    FAIL: 1 finding at or above `high`
    --- stderr
    ");
}

#[test]
fn a_single_file_can_be_scanned() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["scan", "src/billing.js", "--format", "json"]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["location"]["path"], "src/billing.js");
}

#[test]
fn a_plain_directory_outside_git_is_scanned_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", format!("aws {}\n", aws_key()));
    let out = run_in(dir.path(), &["scan", "--format", "gitlab-secrets"]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v["vulnerabilities"][0]["location"]["commit"]["sha"],
        "0000000000000000000000000000000000000000"
    );
}
