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

    Findings

    high[aws-access-key-id]: AWS access key ID found: AKIAZ… (20 chars, hmac f05408fb)
      --> src/b.py:1:8
      = history: introduced in [SHA] by Test <test@example.com> on [DATE]; in the history of main; still in the checked-out files
      = help: Revoke or rotate the credential now (deleting it does not un-leak it), then load it from the environment or a secret manager
      = docs: https://github.com/launchgate/launchgate/blob/main/docs/checks/aws-access-key-id.md
      = fingerprint: efea689ee6368944490c6820da0baa20

    Suppressed: 1 finding (1 by inline allow comments):
      aws-access-key-id (high) at src/a.py:1:8: inline: AWS docs example reused in tests

    Skipped: 1 file not scanned:
      data/huge.sql: 2.0 MiB is over the 1.0 MiB cap (scan.max-file-size)

    warning: src/b.py:1: `launchgate:allow aws-access-key-id` has no reason, so it does not suppress the finding

    scan: 4 files (211 B) + history: 1 commit, 3 blobs (172 B, [RATE]) with [N] rules in [DURATION]
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

/// A JWT-shaped value whose payload says `"role": "service_role"`.
fn service_role_jwt() -> String {
    [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
        "eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UifQ",
        "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0",
    ]
    .join(".")
}

#[test]
fn client_prefixed_secrets_and_shipped_source_maps_are_found() {
    let map = serde_json::json!({
        "version": 3,
        "file": "index.js",
        "sources": ["../../src/lib/pay.ts", "../../node_modules/react/index.js"],
        "sourcesContent": [
            format!("import Stripe from 'stripe';\n\nconst stripe = new Stripe(\"{}\");\n", stripe_key()),
            "module.exports = {};\n"
        ],
        "mappings": "AAAA"
    });
    let repo = git_repo(&[
        (".gitignore", "dist/\n".to_owned()),
        (
            ".env.production",
            format!(
                "NEXT_PUBLIC_SUPABASE_URL=https://abc.supabase.co\nNEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY={}\nVITE_STRIPE_KEY={}\nVITE_ADMIN_PASSWORD={}\nNEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_51Hx8vQ2zLp9mK3tW\n",
                service_role_jwt(),
                stripe_key(),
                ["Hx8vQ2zL", "p9mK3tWq"].concat()
            ),
        ),
        (
            ".env.example",
            "DATABASE_URL=postgres://user:pass@localhost/db\n".to_owned(),
        ),
        (
            "src/lib/pay.ts",
            "export const pay = () => fetch('/api/pay');\n".to_owned(),
        ),
    ]);
    write(repo.path(), "dist/assets/index.js.map", map.to_string());
    write(
        repo.path(),
        "dist/assets/index.js",
        format!("{};var k=\"{}\";", "a=1;".repeat(400), stripe_key()),
    );

    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 1);
    let found = v["findings"].as_array().unwrap();
    let by = |check: &str, path: &str| -> Vec<&serde_json::Value> {
        found
            .iter()
            .filter(|f| f["id"] == check && f["location"]["path"] == path)
            .collect()
    };
    assert_eq!(
        by("env-file-committed", ".env.production").len(),
        1,
        "{v:#}"
    );
    assert!(by("env-file-committed", ".env.example").is_empty());

    // A secret-named public variable, the service-role key with a public prefix, and a Stripe
    // key in a VITE_ variable: all critical, because the bundler ships them. The publishable
    // key is meant to be public.
    let client = by("client-exposed-secret", ".env.production");
    assert_eq!(client.len(), 1, "{v:#}");
    assert_eq!(client[0]["severity"], "critical");
    assert_eq!(client[0]["location"]["line"], 4);
    let role = by("supabase-service-role-key", ".env.production");
    assert_eq!(role.len(), 1, "{v:#}");
    assert_eq!(role[0]["severity"], "critical");
    assert!(
        role[0]["message"]
            .as_str()
            .unwrap()
            .contains("client-exposed variable NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY"),
        "{}",
        role[0]["message"]
    );
    let stripe_env = by("stripe-live-secret-key", ".env.production");
    assert_eq!(stripe_env.len(), 1, "{v:#}");
    assert_eq!(stripe_env[0]["severity"], "critical");
    assert!(
        stripe_env[0]["message"]
            .as_str()
            .unwrap()
            .contains("client-exposed variable VITE_STRIPE_KEY"),
        "{}",
        stripe_env[0]["message"]
    );

    // The map is a finding, and the key inside it is reported at its original path and line.
    assert_eq!(
        by("source-map-shipped", "dist/assets/index.js.map").len(),
        1,
        "{v:#}"
    );
    let mapped = by("stripe-live-secret-key", "src/lib/pay.ts");
    assert_eq!(mapped.len(), 1, "{v:#}");
    assert_eq!(mapped[0]["location"]["line"], 3);
    assert_eq!(mapped[0]["location"]["via"], "dist/assets/index.js.map");

    // The minified bundle (gitignored, scanned anyway) gets a column and a redacted snippet.
    let bundle = by("stripe-live-secret-key", "dist/assets/index.js");
    assert_eq!(bundle.len(), 1, "{v:#}");
    assert_eq!(bundle[0]["location"]["line"], 1);
    assert_eq!(bundle[0]["location"]["column"], 1609);
    let snippet = bundle[0]["location"]["snippet"].as_str().unwrap();
    assert!(snippet.contains("var k=\"«redacted»\";"), "{snippet}");
    assert!(snippet.chars().count() < 100, "{snippet}");

    // `scan dist` scans the build output as build output, though .gitignore hides it.
    let (code, v) = json_report(repo.path(), &["scan", "dist"]);
    assert_eq!(code, 1);
    let found: Vec<(String, String)> = findings_of(&v).into_iter().map(|f| (f.0, f.1)).collect();
    for (check, path) in [
        ("source-map-shipped", "dist/assets/index.js.map"),
        ("stripe-live-secret-key", "src/lib/pay.ts"),
        ("stripe-live-secret-key", "dist/assets/index.js"),
    ] {
        assert!(
            found.contains(&(check.to_owned(), path.to_owned())),
            "{check} at {path}: {found:?}"
        );
    }
}

#[test]
fn a_baseline_accepts_known_findings_and_names_stale_entries() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["baseline"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("wrote 2 finding fingerprints"),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(repo.path().join(".launchgate-baseline.json")).unwrap();
    assert_no_secret("baseline", &text);
    let b: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["findings"].as_array().unwrap().len(), 2);

    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nbaseline: .launchgate-baseline.json\n",
    );
    let (code, v) = json_report(repo.path(), &["scan"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["suppressed"].as_array().unwrap().len(), 2);

    // Something new fails; a fixed finding makes its entry stale.
    write(repo.path(), "src/new.js", format!("k = '{}'\n", aws_key()));
    std::fs::remove_file(repo.path().join("deploy/env.sh")).unwrap();
    let (code, v) = json_report(repo.path(), &["scan", "--no-history"]);
    assert_eq!(code, 1);
    assert_eq!(findings_of(&v).len(), 1);
    assert_eq!(findings_of(&v)[0].1, "src/new.js");
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("1 baseline entry")
            && warnings.contains("aws-access-key-id in deploy/env.sh"),
        "{warnings}"
    );

    write(
        repo.path(),
        ".launchgate-baseline.json",
        "{\"version\": 1, \"findings\": [}",
    );
    let out = run_in(repo.path(), &["scan"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("line 1, column"), "{}", out.stderr);
}

#[test]
fn gitleaks_rule_files_are_imported_and_gaps_are_named() {
    let token = ["acme_live_", "q7x2k9m4p8w3z6r1t5y0u2v4"].concat();
    let internal = ["INT-", "9f3k2m8q4x7w1z5r"].concat();
    let repo = git_repo(&[(
        "src/acme.js",
        format!("const t = '{token}';\nconst i = '{internal}';\n"),
    )]);
    // The second rule has no keywords: it runs over every file.
    write(
        repo.path(),
        ".config/gitleaks.toml",
        "[[rules]]\nid = \"acme-token\"\ndescription = \"Acme API token\"\nregex = '''acme_live_[a-z0-9]{24}'''\nkeywords = [\"acme_live_\"]\n[[rules.allowlists]]\ncommits = [\"abc\"]\n\n[[rules]]\nid = \"internal-key\"\nregex = '''INT-[a-z0-9]{16}'''\n",
    );
    write(
        repo.path(),
        "launchgate.yml",
        "version: 1\nscan:\n  rules:\n    import: [.config/gitleaks.toml]\n",
    );
    let out = run_in(repo.path(), &["scan", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for secret in [&token, &internal] {
        assert!(!out.stdout.contains(secret.as_str()) && !out.stderr.contains(secret.as_str()));
    }
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ids: Vec<String> = findings_of(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, ["acme-token", "internal-key"]);
    // Imported patterns may have no provider prefix: no character of the secret is shown.
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["evidence"]["prefix"], "", "{f}");
    }
    // What could not be mapped is named in the report, not only in a log.
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("`commits` not supported") && warnings.contains("no `keywords`"),
        "{warnings}"
    );

    // A syntax error names the file and position, and does not quote the line.
    write(
        repo.path(),
        ".config/gitleaks.toml",
        format!("[[rules]\nid = \"{token}\"\n"),
    );
    let out = run_in(repo.path(), &["scan"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("gitleaks.toml") && out.stderr.contains("line 1, column"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&token), "{}", out.stderr);
}

#[test]
fn standard_input_is_scanned_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = launchgate(dir.path());
    cmd.args(["scan", "-", "--format", "json"]);
    let log = format!(
        "2026-11-22T10:00:00Z deploy: export AWS_ACCESS_KEY_ID={}\n",
        aws_key()
    );
    let out = assert_cmd::Command::from_std(cmd)
        .write_stdin(log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_no_secret("stdin report", &stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        findings_of(&v),
        [("aws-access-key-id".to_owned(), "(stdin)".to_owned(), None)]
    );
}

#[test]
fn a_pre_commit_scan_reads_what_the_commit_records_one_line_per_finding() {
    let repo = git_repo(&[
        ("README.md", "# app\n".to_owned()),
        // Old debt: committed long ago, not this commit's to answer for.
        (".env", format!("AWS_ACCESS_KEY_ID={}\n", aws_key())),
    ]);
    let dir = repo.path();
    let hook = ["scan", "--staged", "--format", "lines"];
    write(dir, "notes.md", "nothing secret\n");
    git(dir, &["add", "notes.md"]);
    let out = run_in(dir, &hook);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("launchgate: PASS"), "{}", out.stdout);

    // A staged key fails with its file, line and rule, even once the working copy is edited.
    write(
        dir,
        "src/pay.js",
        format!("// billing\nconst key = \"{}\";\n", stripe_key()),
    );
    git(dir, &["add", "src/pay.js"]);
    write(
        dir,
        "src/pay.js",
        "// billing\nconst key = process.env.KEY;\n",
    );
    let out = run_in(dir, &hook);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_no_secret("lines", &out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].starts_with("src/pay.js:2:14: critical stripe-live-secret-key: Stripe"),
        "{}",
        out.stdout
    );
    assert!(
        lines[1].starts_with("launchgate: FAIL: 1 finding"),
        "{}",
        out.stdout
    );

    // The baseline is honoured, as in CI.
    write(
        dir,
        "src/pay.js",
        format!("// billing\nconst key = \"{}\";\n", stripe_key()),
    );
    assert_eq!(run_in(dir, &["baseline", "--no-history"]).code, 0);
    write(
        dir,
        "launchgate.yml",
        "version: 1\nbaseline: .launchgate-baseline.json\n",
    );
    git(dir, &["add", "-A"]);
    let out = run_in(dir, &hook);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("suppressed"), "{}", out.stdout);

    // Outside a repository there is no index: an error, not a pass.
    let plain = tempfile::tempdir().unwrap();
    let out = run_in(plain.path(), &hook);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("--staged needs a git repository"),
        "{}",
        out.stderr
    );
}
