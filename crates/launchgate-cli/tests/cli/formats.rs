//! Every output format from the real binary: files written next to the human report, nothing
//! secret anywhere, and the GitHub Actions integration (annotations, summary, outputs).

use crate::common::*;

/// Every value `--format` takes.
const FORMATS: [&str; 7] = [
    "human",
    "json",
    "sarif",
    "github",
    "markdown",
    "gitlab-codequality",
    "gitlab-secrets",
];

#[test]
fn every_format_on_stdout_and_in_files_is_free_of_secrets() {
    let repo = leaky_repo();
    for format in FORMATS {
        let out = run_in(repo.path(), &["check", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert!(!out.stdout.is_empty(), "{format}");
        assert_no_secret(format, &out.stdout);
        assert_no_secret(format, &out.stderr);
        if format != "human" && format != "github" && format != "markdown" {
            serde_json::from_str::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("{format}: {e}"));
        }
    }
    let out = run_in(
        repo.path(),
        &[
            "check",
            "-vvv",
            "--sarif",
            "reports/launchgate.sarif",
            "--json",
            "reports/launchgate.json",
            "--markdown",
            "reports/summary.md",
            "--gitlab-codequality",
            "reports/cq.json",
            "--gitlab-secrets",
            "reports/secrets.json",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("Launch readiness"),
        "stdout stays human"
    );
    assert_no_secret("trace logs", &out.stderr);
    for file in [
        "launchgate.sarif",
        "launchgate.json",
        "summary.md",
        "cq.json",
        "secrets.json",
    ] {
        let text = std::fs::read_to_string(repo.path().join("reports").join(file)).unwrap();
        assert_no_secret(file, &text);
        assert!(text.contains("stripe-live-secret-key"), "{file}");
    }
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("reports/launchgate.sarif")).unwrap(),
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let head = std::process::Command::new("git")
        .current_dir(repo.path())
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap();
    let secrets: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("reports/secrets.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        secrets["vulnerabilities"][0]["location"]["commit"]["sha"],
        head.trim(),
        "the checked-out commit"
    );
}

/// Standard base64, from another implementation than the binary's decoder under test.
fn base64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

#[test]
fn decoded_secrets_never_reach_any_report() {
    // Secrets the scanner finds only by decoding: base64 in a config value, a Kubernetes Secret,
    // JSON escapes, URL encoding. Neither the secret nor the encoded text may appear anywhere.
    let stripe = stripe_key();
    let password = ["Vq8", "rT2zLw9", "XpK4mN"].concat();
    let webhook_token = ["aBc9Xk2mQ7", "pLr4Tz8Nw3", "Yd6F"].concat();
    let webhook =
        format!("https:\\/\\/hooks.slack.com\\/services\\/T0A1B2C3D\\/B9Z8Y7X6W\\/{webhook_token}");
    let blob = base64(format!("{{\"billing\": {{\"secret_key\": \"{stripe}\"}}}}").as_bytes());
    let encoded_password = base64(password.as_bytes());
    let aws = aws_key();
    let url_encoded = aws.replace("Z3", "%5A3");
    let repo = git_repo(&[
        ("deploy/values.yml", format!("settings_b64: {blob}\n")),
        (
            "k8s/db.yaml",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DB_PASSWORD: {encoded_password}\n"
            ),
        ),
        ("events/hook.json", format!("{{\"url\":\"{webhook}\"}}\n")),
        ("logs/req.log", format!("GET /cb?key={url_encoded} 200\n")),
    ]);
    let secrets = [
        stripe.clone(),
        password.clone(),
        webhook_token.clone(),
        blob[10..40].to_owned(),
        encoded_password.trim_end_matches('=').to_owned(),
        aws[8..].to_owned(),
        url_encoded[8..].to_owned(),
    ];
    let check = |what: &str, text: &str| {
        for s in &secrets {
            let tail = &s[s.len().saturating_sub(12)..];
            assert!(!text.contains(tail), "{what} shows `{tail}`:\n{text}");
        }
    };
    for format in FORMATS {
        let out = run_in(
            repo.path(),
            &["check", "--no-history", "--format", format, "-vvv"],
        );
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        check(format, &out.stdout);
        check(&format!("{format} logs"), &out.stderr);
    }
    let out = run_in(repo.path(), &["scan", "--no-history", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or_default().to_owned(),
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                f["location"]["encoding"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    for (id, path, encoding) in [
        ("stripe-live-secret-key", "deploy/values.yml", "base64"),
        ("generic-secret-assignment", "k8s/db.yaml", "base64"),
        ("slack-webhook-url", "events/hook.json", "escaped"),
        ("aws-access-key-id", "logs/req.log", "url-encoded"),
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.0 == id && f.1 == path && f.2 == encoding),
            "{id} in {path} ({encoding}): {found:?}"
        );
    }
}

#[test]
fn inline_allow_reasons_never_carry_a_secret_into_a_report() {
    // The "reason" is the key itself, and a second key hides after a comment closer.
    let repo = git_repo(&[(
        "legacy/config.js",
        format!(
            "// launchgate:allow stripe-live-secret-key {key}\nconst a = \"{key}\";\n/* launchgate:allow aws-access-key-id fixture */ const b = \"{aws}\";\n",
            key = stripe_key(),
            aws = aws_key()
        ),
    )]);
    for format in ["human", "json", "sarif", "gitlab-secrets", "markdown"] {
        let out = run_in(repo.path(), &["check", "-v", "--format", format]);
        assert_eq!(
            out.code, 0,
            "{format}: everything is allowed\n{}",
            out.stdout
        );
        assert_no_secret(format, &out.stdout);
        assert_no_secret(format, &out.stderr);
    }
    let out = run_in(repo.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let reasons: Vec<String> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("reason withheld")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("fixture")), "{reasons:?}");
}

#[test]
fn github_actions_gets_annotations_a_job_summary_and_outputs() {
    let repo = leaky_repo();
    let summary = repo.path().join("summary.md");
    let outputs = repo.path().join("outputs.txt");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let mut cmd = launchgate(repo.path());
    cmd.args(["check", "--sarif", "launchgate.sarif"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs);
    let out = run(cmd);
    assert_eq!(out.code, 1);
    let annotations: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 2, "{}", out.stdout);
    assert!(
        annotations[0].starts_with("::error file=src/billing.js,line=2,"),
        "{}",
        annotations[0]
    );
    assert!(
        annotations[1].starts_with("::error file=deploy/env.sh,line=3,"),
        "{}",
        annotations[1]
    );
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary.starts_with("earlier step\n## launchgate: ❌ FAIL"),
        "appended: {summary}"
    );
    assert_no_secret("summary", &summary);
    assert_eq!(
        std::fs::read_to_string(&outputs).unwrap(),
        "verdict=fail\nfindings=2\nsarif-file=launchgate.sarif\n"
    );
}

#[test]
fn file_names_cannot_forge_workflow_commands() {
    // A pull request can name a file anything; the log must not turn it into a command.
    let name = "x\n::error file=fake.rs,line=1::forged\n\u{1b}[2J.js";
    let repo = git_repo(&[(name, format!("const k = \"{}\";\n", stripe_key()))]);
    let mut cmd = launchgate(repo.path());
    cmd.args(["check"]).env("GITHUB_ACTIONS", "true");
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let commands: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 1, "one real annotation only: {commands:#?}");
    assert!(
        commands[0].starts_with("::error file=x%0A%3A%3Aerror"),
        "{}",
        commands[0]
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no raw escape: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains("x\\n::error file=fake.rs"),
        "{}",
        out.stdout
    );
}

#[test]
fn quiet_prints_only_the_verdict() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["check", "-q"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "FAIL: 2 findings at or above `high`\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["check"]);
    assert!(!out.stdout.contains('\x1b'), "piped output has no colour");
    let mut cmd = launchgate(repo.path());
    cmd.env_remove("NO_COLOR")
        .args(["check", "--color", "always"]);
    let out = run(cmd);
    assert!(out.stdout.contains("\x1b[1;31mFAIL"), "{}", out.stdout);
}
