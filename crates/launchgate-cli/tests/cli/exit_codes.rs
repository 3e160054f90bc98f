//! Exit codes: 0 pass, 1 the policy failed, 2 the gate could not run.

use crate::common::*;

#[test]
fn planted_keys_fail_with_exit_1_and_name_file_and_line() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("critical[stripe-live-secret-key]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("--> src/billing.js:2:35"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("high[aws-access-key-id]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("--> deploy/env.sh:3:26"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("FAIL: 2 findings at or above `high`"),
        "{}",
        out.stdout
    );
    assert_no_secret("stdout", &out.stdout);
    assert_no_secret("stderr", &out.stderr);
}

#[test]
fn a_clean_repository_passes_with_exit_0() {
    let repo = git_repo(&[(
        "src/main.rs",
        "fn main() { println!(\"hello\"); }\n".to_owned(),
    )]);
    let out = run_in(repo.path(), &["check"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    insta::assert_snapshot!(out.snapshot(repo.path()), @"
    exit: 0
    --- stdout
    launchgate [VERSION] · policy builtin:launch-ready · fails on high and above

    Launch readiness
      PASS         Secrets                      no findings
      NOT CHECKED  Auth & access control        add `api.private-routes` and `api.credentials` to a probe target
      NOT CHECKED  CORS                         add a `probe.targets` entry
      NOT CHECKED  Security headers & cookies   add a `probe.targets` entry
      NOT CHECKED  TLS & redirects              add a `probe.targets` entry
      NOT CHECKED  Email authentication         add `probe.email.domains`
      NOT CHECKED  Rate limiting                add `api.rate-limit` routes (login, signup, reset, invite)
      NOT CHECKED  Input validation             add `api.input-validation` routes
      NOT CHECKED  Error handling & exposure    add a `probe.targets` entry
      NOT CHECKED  Performance                  add an `api.latency` budget
      NOT CHECKED  Monitoring                   add a target `health` route, or attest monitoring
      NOT CHECKED  Deployment & rollback        attest `rollback-tested` (the probe checks what is in front; only people can test a rollback)

    scan: 1 file (33 B) + history: 1 commit, 1 blob (33 B, [RATE]) with [N] rules in [DURATION]
    probe: not configured (no probe.targets in the policy)
    0 findings, 0 suppressed, 0 errors

    PASS: no finding at or above `high`
    --- stderr
    ");
}

#[test]
fn no_fail_reports_but_exits_0_and_fail_on_moves_the_threshold() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["check", "--no-fail"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("(report only: --no-fail, exit 0)"),
        "{}",
        out.stdout
    );

    let out = run_in(repo.path(), &["check", "--fail-on", "critical"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("FAIL: 1 finding at or above `critical`"),
        "{}",
        out.stdout
    );

    // Only the AWS key: high, below a critical threshold.
    let repo = git_repo(&[("env.sh", format!("AWS_ACCESS_KEY_ID={}\n", aws_key()))]);
    let out = run_in(repo.path(), &["check", "--fail-on", "critical"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("WARN         Secrets"),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_flags_and_values_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["check", "--bogus"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        out.stderr
    );
    let out = run_in(dir.path(), &["check", "--fail-on", "urgent"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("invalid value 'urgent' for '--fail-on <SEVERITY>'"),
        "{}",
        out.stderr
    );
    let out = run_in(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(out.code, 2);
    let out = run_in(dir.path(), &[]);
    assert_eq!(out.code, 2, "a command is required");
    let out = run_in(dir.path(), &["--help"]);
    assert_eq!(out.code, 0);
    let out = run_in(dir.path(), &["--version"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        format!("launchgate {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unreadable_path_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["check", "does/not/exist"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.snapshot(dir.path()), @"
    exit: 2
    --- stdout
    --- stderr
    error: cannot scan does/not/exist: no such file or directory
    ");
}

#[test]
fn an_unwritable_report_exits_2() {
    let repo = git_repo(&[("a.txt", "hello\n".to_owned())]);
    write(repo.path(), "blocker", "a file where a directory is needed");
    let out = run_in(repo.path(), &["check", "--sarif", "blocker/out.sarif"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("creating blocker"), "{}", out.stderr);
}

#[test]
fn an_invalid_policy_exits_2_with_every_problem_located() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nfial-on: high\nscan:\n  max-file-size: [5]\nchecks:\n  aws-access-key-id: urgent\n",
    );
    let out = run_in(dir.path(), &["check"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "", "no report from a gate that could not run");
    insta::assert_snapshot!(out.snapshot(dir.path()), @"
    exit: 2
    --- stdout
    --- stderr
    error: unknown key `fial-on` in `policy`
     --> launchgate.yml:2:1
      |
    2 | fial-on: high
      | ^^^^^^^ expected one of `version`, `extends`, `fail-on`, `fail-on-errors`, `fail-on-stale-ignores`, `checks`, `ignore`, `scan`, `probe`, `attest`, `baseline`
      |
      = help: did you mean `fail-on`?

    error: invalid size for `max-file-size`
     --> launchgate.yml:4:18
      |
    4 |   max-file-size: [5]
      |                  ^ expected a positive size such as `5MiB`, `500KB` or a number of bytes

    error: invalid severity `urgent` for `checks.aws-access-key-id`
     --> launchgate.yml:6:22
      |
    6 |   aws-access-key-id: urgent
      |                      ^^^^^^ expected a severity: `info`, `low`, `medium`, `high` or `critical`

    error: policy launchgate.yml is invalid (3 errors)
    ");
}
