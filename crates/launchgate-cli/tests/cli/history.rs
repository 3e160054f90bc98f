//! Git history through the binary: deleted keys, side branches and tags, PR mode, shallow clones,
//! repositories owned by another user, shards, and broken repositories.

use crate::common::*;
use serde_json::json;

fn check_of<'a>(
    found: &'a [(String, String, Option<String>)],
    check: &str,
) -> Vec<&'a (String, String, Option<String>)> {
    found.iter().filter(|f| f.0 == check).collect()
}

#[test]
fn a_key_committed_then_deleted_is_found_with_its_commit() {
    let repo = git_repo(&[("README.md", "# app\n".to_owned())]);
    let added = commit(
        repo.path(),
        &[("src/pay.js", format!("const k = \"{}\";\n", stripe_key()))],
        "add payments",
    );
    std::fs::remove_file(repo.path().join("src/pay.js")).unwrap();
    commit(repo.path(), &[], "remove the key");

    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings_of(&v),
        [(
            "stripe-live-secret-key".to_owned(),
            "src/pay.js".to_owned(),
            Some(added.clone())
        )]
    );
    let f = &v["findings"][0];
    assert_eq!(f["location"]["presence"], "history-only");
    assert_eq!(
        f["location"]["introduced"]["author"],
        "Test <test@example.com>"
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("still in history: rotate the key"),
        "{f}"
    );

    let human = run_in(repo.path(), &["scan"]);
    assert!(
        human
            .stdout
            .contains(&format!("introduced in {}", &added[..12])),
        "{}",
        human.stdout
    );
    assert_no_secret("human", &human.stdout);

    for format in [
        "sarif",
        "github",
        "markdown",
        "gitlab-codequality",
        "gitlab-secrets",
    ] {
        let out = run_in(repo.path(), &["scan", "-vv", "--format", format]);
        assert_eq!(out.code, 1, "{format}");
        assert!(out.stdout.contains("stripe-live-secret-key"), "{format}");
        assert_no_secret(format, &out.stdout);
        assert_no_secret(format, &out.stderr);
    }

    let out = run_in(repo.path(), &["scan", "--no-history"]);
    assert_eq!(
        out.code, 0,
        "the working tree alone is clean: {}",
        out.stdout
    );
}

#[test]
fn keys_on_a_side_branch_and_in_a_tag_are_found_named_by_ref_and_judged_by_scan_refs() {
    let repo = git_repo(&[("README.md", "# app\n".to_owned())]);
    git(repo.path(), &["checkout", "-q", "-b", "experiment"]);
    let side = commit(
        repo.path(),
        &[(
            "deploy/env.sh",
            format!("AWS_ACCESS_KEY_ID={}\n", aws_key()),
        )],
        "try a deploy script",
    );
    git(repo.path(), &["checkout", "-q", "--detach", "main"]);
    let tagged = commit(
        repo.path(),
        &[(
            "release/notes.js",
            format!("const s = '{}';\n", stripe_key()),
        )],
        "release",
    );
    git(repo.path(), &["tag", "-a", "v1.0.0", "-m", "release"]);
    git(repo.path(), &["checkout", "-q", "main"]);

    // `--refs all` (a nightly leak scan): both fail, each named by the ref that holds it.
    let (code, v) = json_report(repo.path(), &["scan", "--refs", "all"]);
    assert_eq!(code, 1);
    let found = findings_of(&v);
    assert_eq!(
        check_of(&found, "aws-access-key-id"),
        [&(
            "aws-access-key-id".to_owned(),
            "deploy/env.sh".to_owned(),
            Some(side.clone())
        )]
    );
    assert_eq!(
        check_of(&found, "stripe-live-secret-key"),
        [&(
            "stripe-live-secret-key".to_owned(),
            "release/notes.js".to_owned(),
            Some(tagged)
        )]
    );
    // Suppressed entries are findings with `suppressed_by`, so one lookup serves both lists.
    let by_id = |v: &serde_json::Value, id: &str, list: &str| {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {list}: {v:#}"))
    };
    let aws = by_id(&v, "aws-access-key-id", "findings");
    assert_eq!(aws["location"]["presence"], "other-refs");
    assert_eq!(aws["location"]["path_absent"], true);
    assert_eq!(aws["location"]["introduced"]["refs"], json!(["experiment"]));
    let msg = aws["message"].as_str().unwrap();
    assert!(
        msg.contains("only on experiment, not on the checked-out branch"),
        "{msg}"
    );
    assert!(msg.contains(&side[..12]), "{msg}");
    let stripe = by_id(&v, "stripe-live-secret-key", "findings");
    assert_eq!(stripe["location"]["introduced"]["refs"], json!(["v1.0.0"]));

    // The default (`scan.refs: head`) judges the checked-out branch: both are reported as
    // suppressed, with why, and the gate passes.
    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 0, "{v:#}");
    assert!(findings_of(&v).is_empty(), "{v:#}");
    for id in ["aws-access-key-id", "stripe-live-secret-key"] {
        assert_eq!(by_id(&v, id, "suppressed")["suppressed_by"], "other-refs");
    }
    let human = run_in(repo.path(), &["scan"]);
    assert!(
        human
            .stdout
            .contains("2 only on other refs (scan.refs: head)"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains(&format!("{}:deploy/env.sh:1:", &side[..12])),
        "the suppressed list names the commit and path: {}",
        human.stdout
    );
    // The policy key does what the flag does.
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nscan:\n  refs: all\n",
    );
    assert_eq!(run_in(repo.path(), &["scan"]).code, 1);
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nscan:\n  refs: every\n",
    );
    let out = run_in(repo.path(), &["scan"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("launchgate.yml:3:9"), "{}", out.stderr);
    assert!(
        out.stderr.contains("expected one of `head`, `all`"),
        "{}",
        out.stderr
    );
}

/// The walkthrough of issue 13: a fresh clone of an app whose `main` deleted an AWS key, with
/// a remote branch that adds a live Stripe key.
#[test]
fn a_baseline_on_main_leaves_out_other_branches_and_their_pull_requests_fail() {
    let upstream = git_repo(&[("README.md", "# app\n".to_owned())]);
    let up = upstream.path();
    commit(
        up,
        &[(
            "deploy.sh",
            format!("export AWS_ACCESS_KEY_ID={}\n", aws_key()),
        )],
        "deploy script",
    );
    std::fs::remove_file(up.join("deploy.sh")).unwrap();
    commit(up, &[], "remove the deploy script");
    git(up, &["checkout", "-q", "-b", "feature/billing"]);
    let billing = commit(
        up,
        &[(
            "src/billing.js",
            format!("const key = \"{}\";\n", stripe_key()),
        )],
        "billing",
    );
    git(up, &["checkout", "-q", "main"]);
    let clone = tempfile::tempdir().unwrap();
    git(clone.path(), &["clone", "-q", up.to_str().unwrap(), "app"]);
    let app = clone.path().join("app");

    // The baseline accepts main's debt (the deleted AWS key) and not the branch's key.
    let out = run_in(&app, &["baseline"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("wrote 1 finding fingerprint"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("left out 1 finding only other refs hold"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("critical[stripe-live-secret-key] on origin/feature/billing"),
        "{}",
        out.stdout
    );
    assert_no_secret("baseline output", &out.stdout);
    let baseline = std::fs::read_to_string(app.join(".launchgate-baseline.json")).unwrap();
    assert!(baseline.contains("aws-access-key-id"), "{baseline}");
    assert!(!baseline.contains("stripe"), "{baseline}");
    write(
        &app,
        "launchgate.yml",
        "version: 1\nbaseline: .launchgate-baseline.json\n",
    );
    commit(&app, &[], "adopt launchgate");
    assert_eq!(
        run_in(&app, &["scan"]).code,
        0,
        "main passes with its baseline"
    );

    // The pull request that merges the branch fails on the branch's key.
    git(
        &app,
        &["checkout", "-q", "-b", "billing", "origin/feature/billing"],
    );
    git(&app, &["merge", "-q", "--no-edit", "main"]);
    let (code, v) = json_report(&app, &["scan", "--since", "main"]);
    assert_eq!(code, 1, "{v:#}");
    let found = findings_of(&v);
    assert_eq!(
        found,
        [(
            "stripe-live-secret-key".to_owned(),
            "src/billing.js".to_owned(),
            Some(billing)
        )]
    );
}

#[test]
fn a_key_in_the_working_tree_and_in_history_is_reported_once_with_both_places() {
    let repo = git_repo(&[("old/keys.js", format!("k = '{}'\n", stripe_key()))]);
    let first = git_out(repo.path(), &["rev-parse", "HEAD"]);
    // Same content, new path: the blob is identical.
    std::fs::create_dir(repo.path().join("src")).unwrap();
    git(repo.path(), &["mv", "old/keys.js", "src/keys.js"]);
    commit(repo.path(), &[], "move");

    let (_, v) = json_report(repo.path(), &["scan"]);
    let found = v["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{v:#}");
    let loc = &found[0]["location"];
    assert_eq!(loc["path"], "src/keys.js");
    assert_eq!(loc["presence"], "working-tree-and-history");
    assert_eq!(loc["introduced"]["sha"], first.as_str());
    assert_eq!(loc["introduced"]["path"], "old/keys.js");
}

#[test]
fn pr_mode_reports_only_what_the_branch_adds() {
    let repo = git_repo(&[("legacy/old.js", format!("k = '{}'\n", stripe_key()))]);
    let base = git_out(repo.path(), &["rev-parse", "HEAD"]);
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    let added = commit(
        repo.path(),
        &[(
            "deploy/env.sh",
            format!("AWS_ACCESS_KEY_ID={}\n", aws_key()),
        )],
        "deploy script",
    );
    commit(repo.path(), &[("README.md", "docs\n".to_owned())], "docs");

    let expected = [(
        "aws-access-key-id".to_owned(),
        "deploy/env.sh".to_owned(),
        Some(added),
    )];
    let (code, v) = json_report(repo.path(), &["scan", "--since", "main"]);
    assert_eq!(code, 1);
    assert_eq!(findings_of(&v), expected);

    // GitLab merge request pipelines.
    let mut cmd = launchgate(repo.path());
    cmd.args(["scan", "--format", "json"])
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base);
    let out = run(cmd);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(findings_of(&v), expected, "GitLab base detected");

    // GitLab merged-results pipelines: the target branch's sha wins over the diff base.
    let mut cmd = launchgate(repo.path());
    cmd.args(["scan", "--format", "json"])
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_SHA", &base)
        .env(
            "CI_MERGE_REQUEST_DIFF_BASE_SHA",
            "0000000000000000000000000000000000000000",
        );
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(findings_of(&v), expected, "merged-results base detected");

    // GitHub pull_request events: the payload's base sha.
    let event = repo.path().join("event.json");
    std::fs::write(
        &event,
        format!(r#"{{"pull_request": {{"base": {{"sha": "{base}"}}}}}}"#),
    )
    .unwrap();
    let mut cmd = launchgate(repo.path());
    cmd.args(["scan", "--format", "json"])
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", &event);
    let out = run(cmd);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(findings_of(&v), expected, "GitHub base detected");

    // An explicit --history scans everything again.
    let mut cmd = launchgate(repo.path());
    cmd.args(["scan", "--history", "--format", "json"])
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base);
    let v: serde_json::Value = serde_json::from_str(&run(cmd).stdout).unwrap();
    assert_eq!(findings_of(&v).len(), 2);

    let out = run_in(repo.path(), &["scan", "--since", "no-such-branch"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`no-such-branch`"), "{}", out.stderr);
}

#[test]
fn a_shallow_clone_gets_a_message_that_names_the_fix() {
    let origin = git_repo(&[("a.txt", "1\n".to_owned())]);
    commit(origin.path(), &[("a.txt", "2\n".to_owned())], "two");
    commit(origin.path(), &[("a.txt", "3\n".to_owned())], "three");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");

    let out = run_in(&shallow, &["scan"]);
    assert_eq!(
        out.code, 1,
        "a partial history scan fails the gate: {}",
        out.stdout
    );
    assert!(out.stdout.contains("fetch-depth: 0"), "{}", out.stdout);
    assert!(out.stdout.contains("GIT_DEPTH: 0"), "{}", out.stdout);

    let out = run_in(&shallow, &["scan", "--since", "HEAD~2"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("fetch-depth: 0"), "{}", out.stderr);

    let out = run_in(&shallow, &["scan", "--no-history"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn repos_owned_by_another_user_still_decode_large_blobs() {
    if euid() != 0 {
        println!("note: not running as root; cannot give the repository another owner, skipped");
        return;
    }
    let repo = git_repo(&[("README.md", "# app\n".to_owned())]);
    // 20 MiB: above gix's 16 MiB cap for repositories it does not trust.
    let mut big = "x = 1\n".repeat(20 * 1024 * 1024 / 6);
    big.push_str(&format!("key = '{}'\n", stripe_key()));
    commit(repo.path(), &[("data/dump.py", big)], "dump");
    std::fs::remove_file(repo.path().join("data/dump.py")).unwrap();
    commit(repo.path(), &[], "remove dump");
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nscan:\n  max-file-size: 64MiB\n",
    );
    let status = std::process::Command::new("chown")
        .args(["-R", "4242:4242"])
        .arg(repo.path())
        .status()
        .unwrap();
    assert!(status.success());

    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{v:#}");
    let found = findings_of(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "data/dump.py");
}

/// The effective user id, from `id -u` (no libc binding needed for one test).
pub(crate) fn euid() -> u32 {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(u32::MAX)
}

#[test]
fn shards_split_the_blobs_and_together_find_everything() {
    let repo = git_repo(&[("a.js", format!("k = '{}'\n", stripe_key()))]);
    for i in 0..12 {
        commit(
            repo.path(),
            &[(
                &format!("f{i}.sh"),
                format!("# {i}\nAWS_ACCESS_KEY_ID={}\n", aws_key()),
            )],
            &format!("c{i}"),
        );
    }
    let fingerprints = |args: &[&str]| -> Vec<String> {
        let (_, v) = json_report(repo.path(), args);
        let mut fps: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
            .collect();
        fps.sort();
        fps
    };
    let all = fingerprints(&["scan"]);
    assert_eq!(all.len(), 13);
    let one = fingerprints(&["scan", "--shard", "1/2"]);
    let two = fingerprints(&["scan", "--shard", "2/2"]);
    assert!(!one.is_empty() && !two.is_empty(), "{one:?} {two:?}");
    let mut union = [one.clone(), two.clone()].concat();
    union.sort();
    assert_eq!(union, all, "no duplicates, nothing lost");

    let out = run_in(
        repo.path(),
        &["scan", "--shard", "2/2", "--format", "sarif"],
    );
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"], "launchgate/scan/shard-2-of-2/",
        "each shard uploads under its own code-scanning category"
    );

    let out = run_in(repo.path(), &["scan", "--shard", "3/2"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("K/N"), "{}", out.stderr);
}

#[test]
fn broken_and_unusual_repositories_are_scanned_without_panicking() {
    // No commits at all.
    let empty = tempfile::tempdir().unwrap();
    git(empty.path(), &["init", "-q"]);
    let out = run_in(empty.path(), &["scan"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    // Detached HEAD, a submodule entry, a binary blob, a non-UTF-8 file name, and a missing
    // object: what can be read is scanned, what cannot is reported.
    let repo = git_repo(&[
        ("ok.js", format!("k = '{}'\n", stripe_key())),
        ("logo.png", "\u{0}PNG binary".to_owned()),
    ]);
    let head = git_out(repo.path(), &["rev-parse", "HEAD"]);
    git(
        repo.path(),
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{head},vendor/lib"),
        ],
    );
    let odd = {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(b"caf\xe9.sh")
    };
    std::fs::write(
        repo.path().join(odd),
        format!("AWS_ACCESS_KEY_ID={}\n", aws_key()),
    )
    .unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "odd things"]);
    let lost = commit(
        repo.path(),
        &[("lost.txt", "this blob will go missing\n".to_owned())],
        "lost",
    );
    let lost_blob = git_out(repo.path(), &["rev-parse", &format!("{lost}:lost.txt")]);
    std::fs::remove_file(
        repo.path()
            .join(".git/objects")
            .join(&lost_blob[..2])
            .join(&lost_blob[2..]),
    )
    .unwrap();
    std::fs::remove_file(repo.path().join("lost.txt")).unwrap();
    git(repo.path(), &["checkout", "-q", "--detach", "HEAD"]);

    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1);
    let found = findings_of(&v);
    assert!(
        found.iter().any(|f| f.0 == "stripe-live-secret-key"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "aws-access-key-id" && f.1.starts_with("caf")),
        "{found:?}"
    );
    let errors = v["errors"].to_string();
    assert!(
        errors.contains(&lost_blob[..12]),
        "the missing blob is named: {errors}"
    );
}

#[test]
fn pr_mode_with_no_commits_of_its_own_scans_all_of_history() {
    // A push to main with `scan.since: main` in the policy: the range is empty, and an empty
    // range must not pass silently.
    let repo = git_repo(&[("README.md", "# app\n".to_owned())]);
    commit(
        repo.path(),
        &[("src/pay.js", format!("k = '{}'\n", stripe_key()))],
        "key",
    );
    std::fs::remove_file(repo.path().join("src/pay.js")).unwrap();
    commit(repo.path(), &[], "remove the key");
    git(repo.path(), &["tag", "-a", "-m", "release", "v1"]);

    for base in ["main", "HEAD", "v1"] {
        let (code, v) = json_report(repo.path(), &["scan", "--since", base]);
        assert_eq!(code, 1, "--since {base}: {v:#}");
        assert_eq!(findings_of(&v)[0].0, "stripe-live-secret-key");
        assert!(
            v["warnings"].to_string().contains("adds no commits"),
            "--since {base}: {}",
            v["warnings"]
        );
    }

    // An annotated tag names its commit: the branch after it is scanned.
    commit(
        repo.path(),
        &[("deploy.sh", format!("AWS_ACCESS_KEY_ID={}\n", aws_key()))],
        "deploy",
    );
    let (code, v) = json_report(repo.path(), &["scan", "--since", "v1"]);
    assert_eq!(code, 1);
    let ids: Vec<String> = findings_of(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, ["aws-access-key-id"]);
    assert_eq!(v["run"]["since"], "v1");
}

#[test]
fn pr_mode_skips_secrets_the_base_had_and_sees_uncommitted_ones() {
    let key = stripe_key();
    let repo = git_repo(&[("src/config.js", format!("// v1\nk = '{key}'\n"))]);
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    // The branch edits another line of a file that already held a key.
    commit(
        repo.path(),
        &[("src/config.js", format!("// v2\nk = '{key}'\n"))],
        "touch config",
    );
    let (code, v) = json_report(repo.path(), &["scan", "--since", "main"]);
    assert_eq!(code, 0, "the old key is not the branch's doing: {v:#}");

    // Uncommitted and untracked files are what the branch adds too.
    write(
        repo.path(),
        "scripts/deploy.sh",
        format!("AWS_ACCESS_KEY_ID={}\n", aws_key()),
    );
    let (code, v) = json_report(repo.path(), &["scan", "--since", "main"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings_of(&v),
        [(
            "aws-access-key-id".to_owned(),
            "scripts/deploy.sh".to_owned(),
            None
        )]
    );
}

#[test]
fn an_ignore_entry_for_one_path_cannot_hide_the_same_blob_elsewhere() {
    let content = format!("k = '{}'\n", stripe_key());
    let repo = git_repo(&[
        ("fixtures/key.js", content.clone()),
        (
            "launchgate.yml",
            "version: 1\nignore:\n  - check: stripe-live-secret-key\n    path: \"fixtures/**\"\n    reason: test fixture\n".to_owned(),
        ),
    ]);
    // The same blob was shipped in src/ and later deleted there.
    let shipped = commit(repo.path(), &[("src/key.js", content)], "ship it");
    std::fs::remove_file(repo.path().join("src/key.js")).unwrap();
    commit(repo.path(), &[], "unship");

    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings_of(&v),
        [(
            "stripe-live-secret-key".to_owned(),
            "src/key.js".to_owned(),
            Some(shipped)
        )]
    );
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 1);
}

#[test]
fn a_single_file_is_scanned_with_its_own_history() {
    let repo = git_repo(&[
        ("src/a.js", format!("k = '{}'\n", stripe_key())),
        ("src/b.js", format!("k = '{}'\n", aws_key())),
    ]);
    commit(
        repo.path(),
        &[
            ("src/a.js", "k = process.env.STRIPE\n".to_owned()),
            ("src/b.js", "k = process.env.AWS\n".to_owned()),
        ],
        "use env",
    );
    let (code, v) = json_report(repo.path(), &["scan", "src/a.js"]);
    assert_eq!(code, 1, "{v:#}");
    let found = findings_of(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "stripe-live-secret-key");
    assert_eq!(found[0].1, "src/a.js");
}

#[test]
fn a_repository_that_cannot_be_opened_is_an_error_not_a_skipped_history() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.js", "console.log(1)\n");
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), ".git/HEAD", "garbage\n");
    let out = run_in(dir.path(), &["scan"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains(".git") && out.stderr.contains("--no-history"),
        "{}",
        out.stderr
    );
    let out = run_in(dir.path(), &["scan", "--no-history"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_baseline_covers_the_whole_repository_and_partial_runs_keep_it() {
    let repo = git_repo(&[("src/a.js", format!("k = '{}'\n", stripe_key()))]);
    for flags in [&["--since", "HEAD"][..], &["--shard", "1/2"][..]] {
        let mut args = vec!["baseline"];
        args.extend(flags);
        let out = run_in(repo.path(), &args);
        assert_eq!(out.code, 2, "{flags:?}");
        assert!(out.stderr.contains("every finding"), "{}", out.stderr);
    }
    let out = run_in(repo.path(), &["baseline"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nbaseline: .launchgate-baseline.json\n",
    );
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "baseline"]);
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    commit(repo.path(), &[("docs.md", "docs\n".to_owned())], "docs");
    // A pull request sees none of the baselined findings: that does not make them stale.
    let (code, v) = json_report(repo.path(), &["scan", "--since", "main"]);
    assert_eq!(code, 0, "{v:#}");
    assert!(
        !v["warnings"].to_string().contains("baseline entr"),
        "{}",
        v["warnings"]
    );
}

/// A secret no checked-out line holds is located in its commit: SARIF and annotations never put
/// it on today's line of a file that no longer has it, nor on a file the checkout lacks.
#[test]
fn history_only_findings_are_located_in_their_commit_not_on_todays_lines() {
    let repo = git_repo(&[("README.md", "# app\n".to_owned())]);
    let kept = commit(
        repo.path(),
        &[(
            "src/config.js",
            format!("// config\n\n\nconst k = \"{}\";\n", stripe_key()),
        )],
        "config",
    );
    let gone = commit(
        repo.path(),
        &[("deploy.sh", format!("AWS_ACCESS_KEY_ID={}\n", aws_key()))],
        "deploy",
    );
    std::fs::remove_file(repo.path().join("deploy.sh")).unwrap();
    commit(
        repo.path(),
        &[(
            "src/config.js",
            "// config\n\n\nconst k = process.env.K;\n".to_owned(),
        )],
        "use the environment",
    );

    let out = run_in(repo.path(), &["scan", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let of = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .unwrap_or_else(|| panic!("no {id}: {v:#}"))
    };
    // Still a file: on the file, not on line 4 (today's `process.env.K`).
    let stripe = of("stripe-live-secret-key");
    let loc = &stripe["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "src/config.js"
    );
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], 1);
    assert_eq!(stripe["properties"]["historyLine"], 4);
    assert_eq!(stripe["properties"]["commit"], kept.as_str());
    assert!(
        loc["message"]["text"]
            .as_str()
            .unwrap()
            .contains(&format!("{kept}:src/config.js:4")),
        "{loc}"
    );
    // Gone from the checkout: a logical location naming commit and path, no file.
    let aws = of("aws-access-key-id");
    let loc = &aws["locations"][0];
    assert!(loc.get("physicalLocation").is_none(), "{loc}");
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        format!("{gone}:deploy.sh:1")
    );

    let out = run_in(repo.path(), &["scan", "--format", "github"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let stripe = lines
        .iter()
        .find(|l| l.contains("stripe-live-secret-key"))
        .unwrap();
    assert!(
        stripe.starts_with("::error file=src/config.js,title="),
        "{stripe}"
    );
    assert!(!stripe.contains("line="), "{stripe}");
    let aws = lines
        .iter()
        .find(|l| l.contains("aws-access-key-id"))
        .unwrap();
    assert!(aws.starts_with("::error title="), "{aws}");
    assert!(aws.contains(&gone[..12]), "{aws}");
    assert_no_secret("annotations", &out.stdout);

    let human = run_in(repo.path(), &["scan"]);
    assert!(
        human
            .stdout
            .contains(&format!("--> {}:src/config.js:4:", &kept[..12])),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("= fingerprint: "), "{}", human.stdout);
}
