//! The working-tree scan on real directories made by each test.

// Test helpers outside #[test] functions may unwrap and print freely.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::Path;

use launchgate_core::{Location, SecretHasher, SkipReason};
use launchgate_scan::{DEFAULT_BUNDLES, HistoryMode, ScanConfig, Scanner};

/// Fake credentials, assembled at run time so this file holds no secret-shaped literal.
fn aws_key() -> String {
    ["AKIA", "Z3QW7RT2", "LX5VNM4K"].concat()
}
fn stripe_key() -> String {
    ["sk_live_", "4eC39HqLyjWDarjt", "T1zdp7dcXq3Zr8Lm"].concat()
}

fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn config(root: &Path) -> ScanConfig {
    ScanConfig {
        root: root.to_path_buf(),
        path_prefix: String::new(),
        include: vec![],
        exclude: vec![],
        max_file_size: 5 * 1024 * 1024,
        max_bundle_file_size: 64 * 1024 * 1024,
        gitignore: true,
        threads: 2,
        hasher: SecretHasher::default(),
        history: HistoryMode::Off,
        shard: None,
        bundles: DEFAULT_BUNDLES.iter().map(|s| s.to_string()).collect(),
        progress: false,
        path_classes: Vec::new(),
    }
}

fn found(out: &launchgate_core::EngineOutput) -> Vec<(String, u32, u32, String)> {
    out.findings
        .iter()
        .map(|f| match &f.location {
            Location::File(l) => (l.path.clone(), l.line, l.column, f.check.clone()),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn finds_secrets_with_positions_and_honours_gitignore_and_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "src/config.js",
        format!("// config\nconst aws = \"{}\";\n", aws_key()),
    );
    write(
        root,
        ".env",
        format!("STRIPE_SECRET_KEY={}\n", stripe_key()),
    );
    write(root, ".gitignore", "ignored/\n");
    write(root, "ignored/creds.txt", aws_key());
    write(root, ".git/config", aws_key());
    let scanner = Scanner::new(|_| true).unwrap();
    let out = scanner.scan(&config(root)).unwrap();
    assert_eq!(
        found(&out),
        vec![
            (".env".into(), 1, 1, "env-file-committed".into()),
            (".env".into(), 1, 19, "stripe-live-secret-key".into()),
            ("src/config.js".into(), 2, 14, "aws-access-key-id".into()),
        ]
    );
    assert_eq!(out.stats.files_scanned, 3, ".env, .gitignore and config.js");
    for f in &out.findings {
        let json = serde_json::to_string(f).unwrap();
        assert!(
            !json.contains(&aws_key()) && !json.contains(&stripe_key()),
            "{json}"
        );
        assert!(
            !json.contains("LX5VNM4K") && !json.contains("T1zdp7dcXq3Zr8Lm"),
            "{json}"
        );
    }

    let mut no_gitignore = config(root);
    no_gitignore.gitignore = false;
    let out = scanner.scan(&no_gitignore).unwrap();
    assert!(
        found(&out).iter().any(|f| f.0 == "ignored/creds.txt"),
        "{:?}",
        found(&out)
    );
    assert!(
        !found(&out).iter().any(|f| f.0.starts_with(".git/")),
        ".git is never scanned"
    );
}

#[test]
fn include_exclude_size_cap_and_binaries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "app/a.txt", aws_key());
    write(root, "app/vendor/b.txt", aws_key());
    write(root, "docs/c.txt", aws_key());
    write(
        root,
        "app/big.txt",
        format!("{}{}", "x".repeat(2000), aws_key()),
    );
    let mut bin = b"\x00\x01binary".to_vec();
    bin.extend_from_slice(aws_key().as_bytes());
    write(root, "app/blob.bin", bin);

    let mut cfg = config(root);
    cfg.include = vec!["app/**".into()];
    cfg.exclude = vec!["app/vendor".into()];
    cfg.max_file_size = 1000;
    let out = Scanner::new(|_| true).unwrap().scan(&cfg).unwrap();
    let paths: Vec<String> = found(&out).into_iter().map(|f| f.0).collect();
    assert_eq!(paths, vec!["app/a.txt".to_owned()]);
    assert_eq!(out.skipped.len(), 1);
    assert_eq!(out.skipped[0].subject, "app/big.txt");
    assert!(matches!(
        out.skipped[0].reason,
        SkipReason::TooLarge { limit: 1000, .. }
    ));
    assert_eq!(out.stats.binary_files_skipped, 1);
}

#[test]
fn inline_allow_needs_the_rule_id_and_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let key = aws_key();
    write(
        root,
        "a.py",
        format!(
            "a = '{key}'  # launchgate:allow aws-access-key-id documented fake for the SDK tests\n\
             # launchgate:allow aws-access-key-id rotated, kept as a parser fixture\n\
             b = '{key}'\n\
             c = '{key}'  # launchgate:allow stripe-live-secret-key wrong rule\n\
             d = '{key}'  # launchgate:allow aws-access-key-id\n"
        ),
    );
    let out = Scanner::new(|_| true).unwrap().scan(&config(root)).unwrap();
    let allows: Vec<(u32, Option<&str>)> = out
        .findings
        .iter()
        .map(|f| match &f.location {
            Location::File(l) => (l.line, f.inline_allow.as_deref()),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        allows,
        vec![
            (1, Some("documented fake for the SDK tests")),
            (3, Some("rotated, kept as a parser fixture")),
            (4, None),
            (5, None),
        ]
    );
    // Line 4's allow names a rule that found nothing there: it is said, not silently dropped.
    assert_eq!(out.warnings.len(), 2, "{:#?}", out.warnings);
    assert!(
        out.warnings[0].message.contains("a.py:4")
            && out.warnings[0].message.contains(
                "`launchgate:allow stripe-live-secret-key` names no rule that found something here"
            )
            && out.warnings[0].message.contains("`aws-access-key-id`"),
        "{}",
        out.warnings[0].message
    );
    assert!(
        out.warnings[1].message.contains("a.py:5"),
        "{}",
        out.warnings[1].message
    );
    // The same secret four times in one file: distinct fingerprints by counter.
    let fps: std::collections::HashSet<_> =
        out.findings.iter().map(|f| f.fingerprint.clone()).collect();
    assert_eq!(fps.len(), 4);
}

#[test]
fn fingerprints_survive_moved_lines_but_not_renames() {
    let key = aws_key();
    let scanner = Scanner::new(|_| true).unwrap();
    let h = SecretHasher::default();
    let a = scanner.scan_bytes("src/a.rs", format!("x = \"{key}\"").as_bytes(), &h);
    let b = scanner.scan_bytes("src/a.rs", format!("\n\n\n   y = \"{key}\"").as_bytes(), &h);
    let c = scanner.scan_bytes("src/b.rs", format!("x = \"{key}\"").as_bytes(), &h);
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
    assert_ne!(a.findings[0].fingerprint, c.findings[0].fingerprint);
}

#[test]
fn hostile_input_does_not_panic() {
    let scanner = Scanner::new(|_| true).unwrap();
    let h = SecretHasher::default();
    // Broken UTF-8 around a key, a huge minified line full of keywords, lone keywords at the edges.
    let mut broken = vec![0xff, 0xfe, b'\n', 0xc3];
    broken.extend_from_slice(aws_key().as_bytes());
    broken.extend_from_slice(&[0xe2, 0x82]);
    assert_eq!(scanner.scan_bytes("x", &broken, &h).findings.len(), 1);
    let line = "password=\"".repeat(200_000) + &aws_key();
    let out = scanner.scan_bytes("min.js", line.as_bytes(), &h);
    assert_eq!(out.findings.len(), 1);
    assert_eq!(out.findings[0].check, "aws-access-key-id");
    for edge in [
        "AKIA",
        "-----BEGIN RSA PRIVATE KEY-----",
        "sk_live_",
        "\n",
        "",
    ] {
        assert!(
            scanner
                .scan_bytes("e", edge.as_bytes(), &h)
                .findings
                .is_empty()
        );
    }
}

#[test]
fn a_missing_root_is_an_error_not_an_empty_scan() {
    let cfg = config(Path::new("/nonexistent/launchgate/root"));
    let err = Scanner::new(|_| true).unwrap().scan(&cfg).unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot scan /nonexistent/launchgate/root"),
        "{err}"
    );
}

#[test]
fn disabled_rules_are_not_compiled() {
    let all = Scanner::new(|_| true).unwrap();
    let some = Scanner::new(|id| id != "aws-access-key-id").unwrap();
    assert_eq!(all.rule_count(), some.rule_count() + 1);
    let h = SecretHasher::default();
    assert!(
        some.scan_bytes("x", aws_key().as_bytes(), &h)
            .findings
            .is_empty()
    );
}

#[test]
fn heuristic_findings_in_docs_and_tests_have_low_confidence_provider_ones_do_not() {
    use launchgate_core::Confidence;
    let scanner = Scanner::new(|_| true).unwrap();
    let h = SecretHasher::default();
    let generic = "db_password = \"q8Zr2LwX0vKp9TmB4nYc\"\n";
    let provider = format!("key = \"{}\"\n", aws_key());
    for path in ["src/db.py", "config/app.js", "notes.txt", "logs/deploy.log"] {
        let found = scanner.scan_bytes(path, generic.as_bytes(), &h).findings;
        assert_eq!(found.len(), 1, "{path}");
        assert_eq!(found[0].check, "generic-secret-assignment");
        assert_eq!(found[0].confidence, Confidence::Medium, "{path}");
    }
    for path in [
        "tests/test_db.py",
        "docs/setup.md",
        "src/db.test.js",
        "examples/app.js",
    ] {
        let found = scanner.scan_bytes(path, generic.as_bytes(), &h).findings;
        assert_eq!(found.len(), 1, "{path}: still found");
        assert_eq!(found[0].confidence, Confidence::Low, "{path}");
        let found = scanner.scan_bytes(path, provider.as_bytes(), &h).findings;
        assert_eq!(found.len(), 1, "{path}");
        assert_eq!(found[0].confidence, Confidence::High, "{path}");
    }
}

#[test]
fn names_of_actions_and_values_that_are_routes_or_phrases_are_not_secrets() {
    let scanner = Scanner::new(|_| true).unwrap();
    let h = SecretHasher::default();
    for line in [
        "ResetPassword = \"identitytoolkit#ResetPasswordResponse\"",
        "SIGN_IN_WITH_PASSWORD = '/v1/accounts:signInWithPassword'",
        "userResetPassword: \"Qx7vN2mK9pL4wR8t\"",
        "\"LocalConsolePassword\": \"PassWordMustBeAtLeast6Chars.\"",
        "AUTH_TOKEN_PREFIX = \"base64url.bearer.phx.\"",
    ] {
        let found = scanner
            .scan_bytes("src/app.js", line.as_bytes(), &h)
            .findings;
        assert!(
            found.is_empty(),
            "{line}: {:?}",
            found.iter().map(|f| &f.check).collect::<Vec<_>>()
        );
    }
    // A name that merely contains an action word is still a secret's name.
    let found = scanner
        .scan_bytes("src/app.js", b"ASSET_TOKEN = \"Qx7vN2mK9pL4wR8tZ3yB\"", &h)
        .findings;
    assert_eq!(found.len(), 1);
}

#[test]
fn an_allow_comment_that_holds_a_secret_instead_of_an_id_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let key = ["AKIA", "Z3QW7RT2", "LX5VNM4K"].concat();
    write(
        root,
        "a.py",
        format!("a = '{key}'  # launchgate:allow {key} pasted by mistake\n"),
    );
    let out = Scanner::new(|_| true).unwrap().scan(&config(root)).unwrap();
    assert_eq!(out.warnings.len(), 1, "{:#?}", out.warnings);
    let m = &out.warnings[0].message;
    assert!(m.contains("with an id that is no rule"), "{m}");
    assert!(!m.contains(&key[4..]), "the key is echoed: {m}");
}
