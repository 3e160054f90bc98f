//! A verdict that says no more than was checked: rotations recorded for history-only secrets,
//! fingerprints validated, baselines bound to their fingerprint key, build output that keeps
//! its baseline across builds.

use crate::common::*;

/// The fingerprint of the only finding of `check` in a JSON report.
fn fingerprint_of(v: &serde_json::Value, check: &str) -> String {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == check)
        .unwrap_or_else(|| panic!("no {check}: {v:#}"))["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_rotation_is_recorded_for_a_history_only_secret_and_never_excuses_a_checked_out_one() {
    let repo = git_repo(&[("README.md", "# app\n".to_owned())]);
    commit(
        repo.path(),
        &[("deploy.sh", format!("AWS_ACCESS_KEY_ID={}\n", aws_key()))],
        "deploy",
    );
    std::fs::remove_file(repo.path().join("deploy.sh")).unwrap();
    commit(repo.path(), &[], "remove");
    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1);
    let fp = fingerprint_of(&v, "aws-access-key-id");
    let human = run_in(repo.path(), &["scan"]);
    assert!(
        human.stdout.contains(&format!("= fingerprint: {fp}")),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("`rotated: <date>`"),
        "{}",
        human.stdout
    );

    let policy = format!(
        "version: 1\nignore:\n  - fingerprint: {fp}\n    rotated: 2026-11-02\n    reason: revoked in the AWS console, ticket SEC-12\n"
    );
    write(repo.path(), "launchgate.yml", &policy);
    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 0, "{v:#}");
    let s = &v["suppressed"][0];
    assert_eq!(s["suppressed_by"], "rotated");
    assert_eq!(s["rotated"], "2026-11-02");
    let human = run_in(repo.path(), &["scan"]);
    assert!(
        human.stdout.contains("1 recorded as rotated"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("rotated on 2026-11-02: revoked in the AWS console"),
        "{}",
        human.stdout
    );

    // The same key back in the files: the rotation record does not cover it.
    write(
        repo.path(),
        "deploy.sh",
        format!("AWS_ACCESS_KEY_ID={}\n", aws_key()),
    );
    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1, "{v:#}");
    let warned = v["warnings"].to_string();
    assert!(
        warned.contains("still in the checked-out files"),
        "{warned}"
    );
    assert!(!warned.contains("matched nothing"), "{warned}");
}

#[test]
fn rotation_entries_and_fingerprints_are_validated_with_their_location() {
    let dir = tempfile::tempdir().unwrap();
    let fp = "8ccff0e6d7c965c88973921fa4c4346"; // 31 digits
    for (policy, at, expected) in [
        (
            format!("version: 1\nignore:\n  - fingerprint: {fp}\n    reason: old\n"),
            "launchgate.yml:3:18",
            "is not a fingerprint",
        ),
        (
            "version: 1\nignore:\n  - check: aws-access-key-id\n    rotated: 2026-11-02\n    reason: revoked\n".to_owned(),
            "launchgate.yml:4:14",
            "must name the secret it rotated",
        ),
        (
            format!("version: 1\nignore:\n  - fingerprint: {fp}0\n    rotated: 2999-01-01\n    reason: revoked\n"),
            "launchgate.yml:4:14",
            "is in the future",
        ),
    ] {
        write(dir.path(), "launchgate.yml", &policy);
        let out = run_in(dir.path(), &["policy", "validate"]);
        assert_eq!(out.code, 2, "{policy}");
        assert!(out.stderr.contains(at), "{policy}\n{}", out.stderr);
        assert!(out.stderr.contains(expected), "{}", out.stderr);
    }
}

#[test]
fn a_baseline_written_under_another_fingerprint_key_is_one_clear_error() {
    let repo = git_repo(&[("src/a.js", format!("k = '{}'\n", stripe_key()))]);
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nbaseline: .launchgate-baseline.json\n",
    );
    let mut cmd = launchgate(repo.path());
    cmd.args(["baseline"])
        .env("LAUNCHGATE_FINGERPRINT_KEY", "ci-secret");
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let b = std::fs::read_to_string(repo.path().join(".launchgate-baseline.json")).unwrap();
    assert!(b.contains("\"key_check\""), "{b}");
    assert!(!b.contains("ci-secret"), "{b}");

    let mut cmd = launchgate(repo.path());
    cmd.args(["scan"])
        .env("LAUNCHGATE_FINGERPRINT_KEY", "ci-secret");
    assert_eq!(run(cmd).code, 0, "the same key: accepted");
    // A fork pull request has no secrets: not "every finding is new", but the cause.
    let out = run_in(repo.path(), &["scan"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("was written with a LAUNCHGATE_FINGERPRINT_KEY"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("LAUNCHGATE_FINGERPRINT_KEY is not set"),
        "{}",
        out.stderr
    );
}

#[test]
fn build_output_keeps_its_baseline_when_the_bundle_name_hash_changes() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = |hash: &str| {
        let _ = std::fs::remove_dir_all(dir.path().join("dist"));
        write(
            dir.path(),
            &format!("dist/assets/index-{hash}.js"),
            format!("var e={{key:\"{}\"}};\n", stripe_key()),
        );
    };
    bundle("BjZ8CcfB");
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nbaseline: .launchgate-baseline.json\n",
    );
    let out = run_in(dir.path(), &["baseline"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(run_in(dir.path(), &["scan"]).code, 0);
    bundle("Q7x2LmPa");
    let (code, v) = json_report(dir.path(), &["scan"]);
    assert_eq!(code, 0, "the next build is the same finding: {v:#}");
    assert_eq!(v["suppressed"][0]["suppressed_by"], "baseline");
    assert_eq!(
        v["suppressed"][0]["location"]["path"],
        "dist/assets/index-Q7x2LmPa.js"
    );
}
