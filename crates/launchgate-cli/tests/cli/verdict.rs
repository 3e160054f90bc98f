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

/// `(line, message)` of every `gate-weakened` finding in a JSON report.
fn gate_changes(v: &serde_json::Value) -> Vec<(String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "gate-weakened")
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_owned(),
                f["location"]["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_pull_request_cannot_weaken_its_own_gate_unnoticed() {
    let policy = "version: 1\nbaseline: .launchgate-baseline.json\n";
    let repo = git_repo(&[
        ("README.md", "# app\n".to_owned()),
        ("launchgate.yml", policy.to_owned()),
    ]);
    let dir = repo.path();
    assert_eq!(run_in(dir, &["baseline"]).code, 0);
    commit(dir, &[], "adopt launchgate");

    // A branch that adds a key and an ignore covering it: the key is suppressed, the ignore is not.
    git(dir, &["checkout", "-q", "-b", "billing"]);
    let weakened = format!("{policy}ignore:\n  - path: \"src/**\"\n    reason: vendored code\n");
    commit(
        dir,
        &[
            ("src/pay.js", format!("const k = \"{}\";\n", stripe_key())),
            ("launchgate.yml", weakened),
        ],
        "billing",
    );
    let (code, v) = json_report(dir, &["scan", "--since", "main"]);
    assert_eq!(code, 1, "{v:#}");
    let changes = gate_changes(&v);
    assert_eq!(changes.len(), 1, "{changes:?}");
    let (path, line, message) = &changes[0];
    assert_eq!((path.as_str(), *line), ("launchgate.yml", 4), "{message}");
    assert!(
        message.contains("adds an ignore entry (path `src/**`, every check)")
            && message.contains("main..HEAD"),
        "{message}"
    );
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["suppressed"][0]["id"], "stripe-live-secret-key", "{v:#}");

    // The branch cannot excuse the change, or turn the check off, from inside the change.
    let evasive = format!(
        "{policy}checks:\n  gate-weakened: off\nignore:\n  - path: \"src/**\"\n    reason: vendored code\n  - path: launchgate.yml\n    reason: ours\n"
    );
    commit(dir, &[("launchgate.yml", evasive)], "quiet");
    let (code, v) = json_report(dir, &["scan", "--since", "main"]);
    assert_eq!(code, 1, "{v:#}");
    let messages: Vec<String> = gate_changes(&v).into_iter().map(|c| c.2).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    for change in [
        "adds an ignore entry (path `src/**`",
        "adds an ignore entry (path `launchgate.yml`",
        "turns off check `gate-weakened`",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(change)),
            "{change}: {messages:#?}"
        );
    }

    // Re-baselining the branch's key is a change to the gate too.
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["checkout", "-q", "-b", "rebaseline"]);
    commit(
        dir,
        &[("src/pay.js", format!("const k = \"{}\";\n", stripe_key()))],
        "billing again",
    );
    assert_eq!(run_in(dir, &["baseline"]).code, 0);
    commit(dir, &[], "accept it");
    let (code, v) = json_report(dir, &["scan", "--since", "main"]);
    assert_eq!(code, 1, "{v:#}");
    let changes = gate_changes(&v);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].0, ".launchgate-baseline.json");
    assert!(
        changes[0].2.contains(
            "accepts 1 new finding in the baseline (stripe-live-secret-key in src/pay.js)"
        ),
        "{changes:?}"
    );

    // Once on main, the next pull request starts from it: a branch that changes nothing in the
    // gate has no such finding, and the base policy's severity applies.
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["merge", "-q", "--no-edit", "rebaseline"]);
    write(
        dir,
        "launchgate.yml",
        format!("{policy}checks:\n  gate-weakened: {{ severity: low }}\n"),
    );
    commit(dir, &[], "gate changes are low here");
    git(dir, &["checkout", "-q", "-b", "docs"]);
    commit(dir, &[("docs.md", "# docs\n".to_owned())], "docs");
    let (code, v) = json_report(dir, &["scan", "--since", "main"]);
    assert_eq!(code, 0, "{v:#}");
    assert!(gate_changes(&v).is_empty(), "{v:#}");
    write(
        dir,
        "launchgate.yml",
        format!("{policy}checks:\n  gate-weakened: {{ severity: low }}\nfail-on: critical\n"),
    );
    commit(dir, &[], "relax");
    let (code, v) = json_report(dir, &["scan", "--since", "main"]);
    assert_eq!(code, 0, "a low finding passes: {v:#}");
    let f = &v["findings"][0];
    assert_eq!(f["id"], "gate-weakened");
    assert_eq!(f["severity"], "low");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("raises `fail-on` from high to critical"),
        "{f:#}"
    );
}

#[test]
fn client_bundles_are_judged_like_a_browser_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let firebase = ["AIza", "SyB7kQ2mX9vL4pR8nT3wY6z", "Hc1Jd5Fg0Ks2"].concat();
    let admin = ["q8Vt3", "Lm9Xr2Kp7Wz4", "Nb6Yc1"].concat();
    write(
        dir.path(),
        ".env.production",
        format!("NEXT_PUBLIC_FIREBASE_API_KEY={firebase}\nVITE_ADMIN_API_SECRET={admin}\n"),
    );
    write(
        dir.path(),
        "dist/assets/index-3f9a1c2b.js",
        format!(
            "const firebaseConfig={{apiKey:\"{firebase}\"}};\nconst apiSecret=\"{admin}\";fetch(\"/admin\",{{headers:{{\"x-secret\":apiSecret}}}});\n"
        ),
    );
    // The source map ships the original source, secret and all.
    write(
        dir.path(),
        "dist/assets/index-3f9a1c2b.js.map",
        format!(
            "{{\"version\":3,\"sources\":[\"../../src/admin.js\"],\"sourcesContent\":[\"const adminSecret = \\\"{admin}\\\";\\n\"],\"mappings\":\"AAAA\"}}\n"
        ),
    );
    let (code, v) = json_report(dir.path(), &["scan", "--no-history"]);
    let all = v["findings"].as_array().unwrap();
    let text = serde_json::to_string(&v).unwrap();
    assert!(
        !text.contains(&firebase) && !text.contains(&admin),
        "{text}"
    );
    let at = |id: &str, path: &str| {
        all.iter()
            .find(|f| f["id"] == id && f["location"]["path"] == path)
            .unwrap_or_else(|| panic!("no {id} at {path}: {v:#}"))
            .clone()
    };

    // A Firebase web key is published on purpose: advice, not a leak, in the variable and the bundle.
    let env_key = at("gcp-api-key", ".env.production");
    assert_eq!(env_key["severity"], "info", "{env_key:#}");
    let msg = env_key["message"].as_str().unwrap();
    assert!(
        msg.contains("client-exposed variable NEXT_PUBLIC_FIREBASE_API_KEY")
            && msg.contains("HTTP referrers"),
        "{msg}"
    );
    let shipped_key = at("gcp-api-key", "dist/assets/index-3f9a1c2b.js");
    assert_eq!(shipped_key["severity"], "info", "{shipped_key:#}");

    // The admin secret is critical where it is set and where the build inlined it; each names the other.
    let source = at("client-exposed-secret", ".env.production");
    assert_eq!(source["severity"], "critical");
    let msg = source["message"].as_str().unwrap();
    assert!(
        msg.contains("VITE_ADMIN_API_SECRET")
            && msg.contains("shipped in build output at dist/assets/index-3f9a1c2b.js:2"),
        "{msg}"
    );
    let copy = all
        .iter()
        .find(|f| {
            f["location"]["path"] == "dist/assets/index-3f9a1c2b.js" && f["id"] != "gcp-api-key"
        })
        .unwrap_or_else(|| panic!("the inlined secret is not found: {v:#}"));
    assert_eq!(copy["severity"], "critical", "{copy:#}");
    assert!(
        copy["message"]
            .as_str()
            .unwrap()
            .contains("the build copied it from .env.production:2 (client-exposed-secret)"),
        "{copy:#}"
    );
    let embedded = all
        .iter()
        .find(|f| f["location"]["path"] == "src/admin.js")
        .unwrap_or_else(|| panic!("the source map's copy is not found: {v:#}"));
    assert_eq!(embedded["severity"], "critical", "{embedded:#}");
    assert_eq!(code, 1);

    // The rule's help fits the case: the value already comes from the environment.
    let out = run_in(dir.path(), &["rules", "client-exposed-secret"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("without the client prefix")
            && out
                .stdout
                .contains("Move the code that uses it to the server"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("process.env.CLIENT_EXPOSED_SECRET")
            && !out.stdout.contains("load it from the environment"),
        "{}",
        out.stdout
    );
}

#[test]
fn quiet_gaps_are_said_out_loud() {
    // `--history` outside a repository: an error, not a tree-only PASS.
    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "app.js", "console.log(1);\n");
    let out = run_in(plain.path(), &["scan", "--history"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("--history needs a git repository, and . is not in one"),
        "{}",
        out.stderr
    );

    // A binary archive is named: what it holds is not scanned.
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend([0u8, 0xff, 0x13, 0x37, 0x00, 0x9c].repeat(40));
    write(plain.path(), "backup/creds.zip", &zip);
    write(
        plain.path(),
        "logo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    );
    let (_, v) = json_report(plain.path(), &["scan"]);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert_eq!(skipped[0]["subject"], "backup/creds.zip");
    assert!(
        skipped[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("zip archive: binary, so what it holds"),
        "{skipped:#?}"
    );
    let human = run_in(plain.path(), &["scan"]);
    assert!(
        human.stdout.contains("backup/creds.zip: zip archive"),
        "{}",
        human.stdout
    );

    // From a subdirectory, the repository's policy (and its ignores) still applies.
    let repo = git_repo(&[
        (
            "launchgate.yml",
            "version: 1\nignore:\n  - path: \"app/src/fixtures/**\"\n    reason: recorded API responses\n".to_owned(),
        ),
        (
            "app/src/fixtures/keys.js",
            format!("const k = \"{}\";\n", stripe_key()),
        ),
    ]);
    let sub = repo.path().join("app/src");
    let (code, v) = json_report(&sub, &["scan", "--no-history", "."]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["suppressed"][0]["id"], "stripe-live-secret-key", "{v:#}");
    assert_eq!(
        v["suppressed"][0]["location"]["path"], "app/src/fixtures/keys.js",
        "{v:#}"
    );

    // `policy validate` refuses what `check` would: a missing imported rule file, a broken regex.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nscan:\n  rules:\n    import: [.gitleaks.toml]\n",
    );
    let out = run_in(dir.path(), &["policy", "validate"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains(".gitleaks.toml"), "{}", out.stderr);
    write(
        dir.path(),
        ".gitleaks.toml",
        "[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\nkeywords = [\"x\"]\n",
    );
    let out = run_in(dir.path(), &["policy", "validate"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("broken"), "{}", out.stderr);
}

#[test]
fn friction_a_new_user_meets_is_gone() {
    let repo = git_repo(&[("src/pay.js", format!("const k = \"{}\";\n", stripe_key()))]);
    let dir = repo.path();

    // `--sarif -` is stdout, never a file named `-` that the next scan reads.
    let out = run_in(dir, &["scan", "--no-history", "--sarif", "-"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!dir.join("-").exists());
    let out = run_in(
        dir,
        &["scan", "--no-history", "--format", "json", "--sarif", "-"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("only one report can go to stdout"),
        "{}",
        out.stderr
    );

    // A misspelled built-in policy gets a suggestion.
    let out = run_in(dir, &["scan", "--policy", "builtin:strickt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `builtin:strict`?"),
        "{}",
        out.stderr
    );

    // An unknown base revision says what to do, not what gix thought.
    let out = run_in(dir, &["scan", "--since", "nonexistent"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "cannot find the base revision `nonexistent`: no commit, branch or tag of that name here"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("gix"), "{}", out.stderr);

    // The human report says it is in PR mode, and what the range is.
    commit(dir, &[("b.txt", "b\n".to_owned())], "b");
    git(dir, &["checkout", "-q", "-b", "topic"]);
    commit(dir, &[("c.txt", "c\n".to_owned())], "c");
    let out = run_in(dir, &["scan", "--since", "main"]);
    assert!(
        out.stdout
            .contains("pull-request mode: only what main..HEAD adds was scanned"),
        "{}",
        out.stdout
    );

    // A dry run needs no CA file yet, and says so.
    write(
        dir,
        "probe.yml",
        "version: 1\nprobe:\n  tls:\n    ca-file: certs/staging-ca.pem\n  targets:\n    - name: web\n      url: https://staging.example.test\n",
    );
    let out = run_in(dir, &["probe", "--policy", "probe.yml", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("the CA file certs/staging-ca.pem does not exist yet"),
        "{}",
        out.stdout
    );
}

#[test]
fn sarif_says_which_areas_nothing_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.js", "console.log(1);\n");
    let out = run_in(dir.path(), &["scan", "--format", "sarif"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let notes: Vec<String> = v["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap_or_else(|| panic!("no notifications: {v:#}"))
        .iter()
        .filter(|n| n["level"] == "note")
        .map(|n| n["message"]["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Auth & access control: NOT CHECKED (add `api.private-routes`")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Deployment & rollback: NOT CHECKED (attest `rollback-tested`")),
        "{notes:#?}"
    );
    assert!(
        !notes.iter().any(|n| n.starts_with("Secrets")),
        "{notes:#?}"
    );
}

#[test]
fn engine_status_has_one_spelling_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.js", "console.log(1);\n");
    let (_, json) = json_report(dir.path(), &["check", "--no-history"]);
    let out = run_in(dir.path(), &["check", "--no-history", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let in_json: Vec<&str> = json["engines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    let in_sarif: Vec<&str> = sarif["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["invocations"][0]["properties"]["status"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(in_json, ["ran", "not-configured"]);
    assert_eq!(in_sarif, in_json);
}
