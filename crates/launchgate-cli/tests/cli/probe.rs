//! The prober's place in the pipeline: no targets is a usage error for `probe`, and targets are
//! reported as not probed until live checks exist, never silently passed.

use crate::common::*;

#[test]
fn probe_without_targets_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("nothing to probe: the policy has no `probe.targets`"),
        "{}",
        out.stderr
    );
}

#[test]
fn targets_are_listed_as_not_probed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nprobe:\n  targets:\n    - name: app\n      url: https://127.0.0.1:9/\n",
    );
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("warning: target `app` (https://127.0.0.1:9/) was not probed: this launchgate has no live checks enabled yet (launchgate.yml:4:7)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("NOT CHECKED  TLS & redirects"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("scan:"), "probe does not scan");
}

#[test]
fn target_urls_with_credentials_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nprobe:\n  targets:\n    - name: app\n      url: https://admin:hunter2@staging.example.com/\n",
    );
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("target URL carries credentials"),
        "{}",
        out.stderr
    );
}
