//! Every format rendered from one known report: secrets never appear, machine formats validate
//! against the official schemas in `../shared/schemas/`, and the human and GitHub outputs are
//! snapshotted.

// Test helpers outside #[test] functions may unwrap and print freely.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::PathBuf;

use launchgate_core::{
    Area, AreaResult, AreaStatus, AttestationResult, AttestationStatus, CheckKind, CheckMeta,
    CheckStatus, Confidence, Engine, EngineError, EngineStats, EngineStatus, EngineSummary,
    FileLocation, Finding, Fingerprint, Location, PolicyAnchor, Redacted, Report, SecretHasher,
    Severity, SkipReason, SkippedItem, Suppressed, SuppressedBy, Verdict, Warning,
};
use launchgate_report::{Format, RenderOptions, render};

/// Fake secrets, assembled at run time.
fn stripe() -> String {
    ["sk_live_", "4eC39HqLyjWDarjt", "T1zdp7dcXq3Zr8Lm"].concat()
}
fn aws() -> String {
    ["AKIA", "Z3QW7RT2", "LX5VNM4K"].concat()
}

fn meta(id: &str, name: &str, sev: Severity) -> CheckMeta {
    CheckMeta {
        id: id.into(),
        name: name.into(),
        engine: Engine::Scan,
        kind: CheckKind::SecretRule,
        area: Area::Secrets,
        default_severity: sev,
        confidence: Confidence::High,
        summary: format!("Detects a {name} committed to the repository"),
        docs: format!(
            "# {name}\n\n## Why it matters\n\nIt grants access.\n\n## What fails\n\nA match.\n"
        ),
        help: "Revoke and rotate it".into(),
        tags: vec!["security".into(), "secret".into()],
        references: vec![],
        status: CheckStatus::Preview,
        service: None,
    }
}

fn catalog() -> Vec<CheckMeta> {
    vec![
        meta(
            "stripe-live-secret-key",
            "Stripe live secret key",
            Severity::Critical,
        ),
        meta("aws-access-key-id", "AWS access key ID", Severity::High),
        meta(
            "generic-secret-assignment",
            "Hard-coded password or secret",
            Severity::Medium,
        ),
    ]
}

fn finding(
    check: &str,
    title: &str,
    sev: Severity,
    path: &str,
    line: u32,
    col: u32,
    secret: &str,
) -> Finding {
    let h = SecretHasher::default();
    let evidence = Redacted::new(secret, &h);
    Finding {
        check: check.into(),
        title: title.into(),
        severity: sev,
        confidence: Confidence::High,
        area: Area::Secrets,
        message: format!("{title} found"),
        location: Location::File(FileLocation {
            path: path.into(),
            line,
            column: col,
            end_line: line,
            end_column: col + secret.len() as u32,
            ..Default::default()
        }),
        evidence: Some(evidence),
        fingerprint: Fingerprint::compute(check, path, &h.digest(secret.as_bytes())),
        inline_allow: None,
    }
}

fn report() -> Report {
    let anchor = PolicyAnchor {
        file: "launchgate.yml".into(),
        line: 7,
        column: 5,
    };
    let mut scorecard: Vec<AreaResult> = Area::ALL
        .iter()
        .map(|&area| AreaResult {
            area,
            status: AreaStatus::NotChecked,
            findings: 0,
            failing: 0,
            suppressed: 0,
            attested: 0,
        })
        .collect();
    scorecard[0] = AreaResult {
        area: Area::Secrets,
        status: AreaStatus::Fail,
        findings: 2,
        failing: 2,
        suppressed: 1,
        attested: 0,
    };
    scorecard[11] = AreaResult {
        area: Area::Deployment,
        status: AreaStatus::Attested,
        findings: 0,
        failing: 0,
        suppressed: 0,
        attested: 1,
    };
    Report {
        shard: None,
        since: None,
        version: "0.1.0".into(),
        started_at: "2026-11-22T07:42:07.123+00:00".into(),
        finished_at: "2026-11-22T07:42:08.456+00:00".into(),
        root: Some(".".into()),
        commit: Some("3f2a9c1d4e5b6a7f8091a2b3c4d5e6f708192a3b".into()),
        policy_sources: vec!["launchgate.yml".into(), "builtin:launch-ready".into()],
        engines: vec![
            EngineSummary {
                engine: Engine::Scan,
                status: EngineStatus::Ran,
                stats: EngineStats {
                    files_scanned: 42,
                    bytes_scanned: 123_456,
                    binary_files_skipped: 3,
                    targets: 0,
                    checks_enabled: 106,
                    duration_ms: 87,
                    ..Default::default()
                },
            },
            EngineSummary {
                engine: Engine::Probe,
                status: EngineStatus::NotConfigured,
                stats: EngineStats::default(),
            },
        ],
        findings: vec![
            finding(
                "stripe-live-secret-key",
                "Stripe live secret key",
                Severity::Critical,
                "src/pay.js",
                2,
                14,
                &stripe(),
            ),
            finding(
                "aws-access-key-id",
                "AWS access key ID",
                Severity::High,
                ".env",
                1,
                19,
                &aws(),
            ),
        ],
        suppressed: vec![Suppressed {
            finding: finding(
                "aws-access-key-id",
                "AWS access key ID",
                Severity::High,
                "tests/fixtures/keys.txt",
                3,
                1,
                &aws(),
            ),
            suppressed_by: SuppressedBy::Policy {
                reason: "fake keys used by the parser tests".into(),
                policy: anchor.clone(),
            },
        }],
        errors: vec![EngineError {
            engine: Engine::Scan,
            subject: "private/notes.txt".into(),
            message: "permission denied (os error 13)".into(),
        }],
        skipped: vec![SkippedItem {
            engine: Engine::Scan,
            subject: "data/dump.sql".into(),
            reason: SkipReason::TooLarge {
                size: 12 * 1024 * 1024,
                limit: 5 * 1024 * 1024,
            },
        }],
        skipped_checks: vec![],
        attestations: vec![AttestationResult {
            id: "rollback-tested".into(),
            title: "Rollback path tested".into(),
            area: Area::Deployment,
            by: "alice@example.com".into(),
            date: "2026-11-01".into(),
            evidence: "https://wiki.example.com/runbooks/rollback".into(),
            expires: "2027-02-01".into(),
            status: AttestationStatus::Attested,
            policy: anchor.clone(),
        }],
        warnings: vec![Warning {
            message: "ignore entry matched no finding: remove it, or fix its scope".into(),
            policy: Some(anchor),
            fails: false,
            level: launchgate_core::WarningLevel::Warning,
        }],
        scorecard,
        verdict: Verdict {
            passed: false,
            fail_on: launchgate_core::FailOn::severity(Severity::High),
            reasons: vec![
                "2 findings at or above `high`".into(),
                "1 item could not be checked (`fail-on-errors: true`)".into(),
            ],
            report_only: false,
        },
        // The policy lowered one rule: SARIF describes it at the policy's severity.
        check_severities: [("stripe-live-secret-key".to_owned(), Severity::Medium)]
            .into_iter()
            .collect(),
    }
}

fn rendered(format: Format, report: &Report) -> String {
    let catalog = catalog();
    let mut out = Vec::new();
    render(
        format,
        report,
        &RenderOptions {
            catalog: &catalog,
            color: false,
            sarif_category: None,
            verbose: false,
        },
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn no_format_ever_contains_a_secret() {
    let report = report();
    for (name, format) in Format::ALL {
        let out = rendered(format, &report);
        for secret in [stripe(), aws()] {
            assert!(!out.contains(&secret), "{name} leaks {secret}");
            // Not even a long tail of it.
            assert!(
                !out.contains(&secret[secret.len() - 10..]),
                "{name} leaks part of a secret"
            );
        }
        assert!(!out.is_empty(), "{name} rendered nothing");
    }
    let colored = {
        let catalog = catalog();
        let mut out = Vec::new();
        render(
            Format::Human,
            &report,
            &RenderOptions {
                catalog: &catalog,
                color: true,
                sarif_category: None,
                verbose: false,
            },
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    };
    assert!(colored.contains("\x1b["), "colour when asked");
    assert!(
        !rendered(Format::Human, &report).contains("\x1b["),
        "no colour otherwise"
    );
}

/// An official schema from `../shared/schemas` (the tests that read them are ignored, and say
/// so, when the directory is absent: see build.rs).
fn schema(name: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn assert_valid(schema_name: &str, instance: &serde_json::Value) {
    let schema = schema(schema_name);
    let validator = jsonschema::validator_for(&schema).unwrap();
    // Guard against a vacuous validator: an empty object is not a valid report of any kind.
    assert!(
        !validator.is_valid(&serde_json::json!({"version": 7})),
        "{schema_name} accepts anything"
    );
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_name}:\n{}", errors.join("\n"));
}

#[test]
#[cfg_attr(
    not(shared_schemas),
    ignore = "needs the official schemas in ../shared/schemas"
)]
fn reports_validate_against_the_official_schemas() {
    let report = report();
    let sarif: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif, &report)).unwrap();
    assert_valid("sarif-schema-2.1.0.json", &sarif);
    let mut no_git = report.clone();
    no_git.commit = None;
    for r in [&report, &no_git] {
        let secrets: serde_json::Value =
            serde_json::from_str(&rendered(Format::GitlabSecrets, r)).unwrap();
        assert_valid(
            "gitlab-secret-detection-report-format-15.2.4.json",
            &secrets,
        );
    }
    let cq: serde_json::Value =
        serde_json::from_str(&rendered(Format::GitlabCodequality, &report)).unwrap();
    assert_valid("gitlab-code-quality-report.derived.schema.json", &cq);
}

#[test]
fn sarif_validates_and_meets_githubs_upload_rules() {
    let out: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif, &report())).unwrap();
    let runs = out["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "one run per engine");
    let categories: Vec<&str> = runs
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["launchgate/scan/", "launchgate/probe/"]);
    let scan = &runs[0];
    let rules = scan["tool"]["driver"]["rules"].as_array().unwrap();
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help", "helpUri"] {
            assert!(r.get(key).is_some(), "rule {} lacks {key}", r["id"]);
        }
        assert!(r["properties"]["security-severity"].is_string());
        assert!(
            r["properties"]["tags"]
                .as_array()
                .is_some_and(|t| !t.is_empty())
        );
    }
    let stripe = rules
        .iter()
        .find(|r| r["id"] == "stripe-live-secret-key")
        .unwrap();
    assert_eq!(
        stripe["defaultConfiguration"]["level"], "warning",
        "the policy's severity, not the first finding's"
    );
    let results = scan["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "two findings and one suppressed");
    for r in results {
        assert!(r["partialFingerprints"]["launchgate/v1"].is_string());
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[idx]["id"], r["ruleId"],
            "ruleIndex points at the rule"
        );
    }
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(results[2]["suppressions"][0]["kind"], "external");
}

#[test]
fn gitlab_reports_validate() {
    let report = report();
    let secrets: serde_json::Value =
        serde_json::from_str(&rendered(Format::GitlabSecrets, &report)).unwrap();
    // GitLab 17.1+ refuses 15.2.x reports; 15.0.7 is ingested by 16.0 through 18.x.
    assert_eq!(secrets["version"], "15.0.7");
    let vulns = secrets["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulns.len(), 2);
    assert_eq!(vulns[0]["severity"], "Critical");
    assert_eq!(
        vulns[0]["location"]["commit"]["sha"],
        "3f2a9c1d4e5b6a7f8091a2b3c4d5e6f708192a3b"
    );
    assert_eq!(secrets["scan"]["start_time"], "2026-11-22T07:42:07");

    let cq: serde_json::Value =
        serde_json::from_str(&rendered(Format::GitlabCodequality, &report)).unwrap();
    assert_eq!(cq[0]["severity"], "blocker");
    assert_eq!(cq[1]["severity"], "critical");
}

#[test]
fn json_is_versioned_and_carries_redacted_evidence() {
    let out: serde_json::Value = serde_json::from_str(&rendered(Format::Json, &report())).unwrap();
    assert_eq!(out["version"], 1);
    assert_eq!(out["verdict"]["passed"], false);
    let f = &out["findings"][0];
    assert_eq!(f["id"], "stripe-live-secret-key");
    assert_eq!(f["location"]["path"], "src/pay.js");
    assert_eq!(f["evidence"]["length"], 40);
    assert_eq!(f["evidence"]["prefix"], "sk_live_");
    assert_eq!(out["suppressed"][0]["suppressed_by"], "policy");
    assert_eq!(out["scorecard"][0]["status"], "fail");
}

#[test]
fn github_annotations_are_escaped_worst_first_and_capped() {
    let report = report();
    insta::assert_snapshot!(rendered(Format::Github, &report), @"
    ::error file=src/pay.js,line=2,endLine=2,col=14,endColumn=54,title=stripe-live-secret-key (critical)::Stripe live secret key found: sk_live_… (40 chars, hmac d97db1e4)
    ::error file=.env,line=1,endLine=1,col=19,endColumn=39,title=aws-access-key-id (high)::AWS access key ID found: AKIAZ… (20 chars, hmac f05408fb)
    ");
    let mut many = report.clone();
    many.findings = (0..25)
        .map(|i| {
            finding(
                "aws-access-key-id",
                "AWS access key ID",
                Severity::High,
                &format!("f{i}.txt"),
                1,
                1,
                &aws(),
            )
        })
        .collect();
    let out = rendered(Format::Github, &many);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("::notice title=launchgate::15 more finding(s)"),
        "{out}"
    );
    assert_eq!(
        launchgate_report::github_outputs(&report, Some("out/launchgate.sarif")),
        "verdict=fail\nfindings=2\nsarif-file=out/launchgate.sarif\n"
    );
}

#[test]
fn human_report_shows_the_scorecard_findings_and_verdict() {
    insta::assert_snapshot!(rendered(Format::Human, &report()), @"
    launchgate 0.1.0 · policy launchgate.yml ← builtin:launch-ready · fails on high and above

    Launch readiness
      FAIL         Secrets                      2 findings, 2 failing (1 suppressed)
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
      ATTESTED     Deployment & rollback        1 attestation

    Attested by people
      ATTESTED     Rollback path tested — alice@example.com on 2026-11-01, expires 2027-02-01
                   https://wiki.example.com/runbooks/rollback

    Findings

    critical[stripe-live-secret-key]: Stripe live secret key found: sk_live_… (40 chars, hmac d97db1e4)
      --> src/pay.js:2:14
      = help: Revoke and rotate it
      = docs: https://github.com/launchgate/launchgate/blob/main/docs/checks/stripe-live-secret-key.md
      = fingerprint: 8ccff0e6d7c965c88973921fa4c43469

    high[aws-access-key-id]: AWS access key ID found: AKIAZ… (20 chars, hmac f05408fb)
      --> .env:1:19
      = help: Revoke and rotate it
      = docs: https://github.com/launchgate/launchgate/blob/main/docs/checks/aws-access-key-id.md
      = fingerprint: 162d170167a44ba8b9710a4d96c8b566

    Suppressed: 1 finding (1 by policy ignores):
      aws-access-key-id (high) at tests/fixtures/keys.txt:3:1: fake keys used by the parser tests (launchgate.yml:7:5)

    Skipped: 1 file not scanned:
      data/dump.sql: 12.0 MiB is over the 5.0 MiB cap (scan.max-file-size)

    Errors: 1 item could not be checked:
      scan private/notes.txt: permission denied (os error 13)

    warning: ignore entry matched no finding: remove it, or fix its scope (launchgate.yml:7:5)

    scan: 42 files (120.6 KiB) with 106 rules in 87 ms, 3 binary skipped
    probe: not configured (no probe.targets in the policy)
    2 findings (1 critical, 1 high), 1 suppressed, 1 error

    FAIL: 2 findings at or above `high`; 1 item could not be checked (`fail-on-errors: true`)
    ");
}

#[test]
fn markdown_summary() {
    insta::assert_snapshot!(rendered(Format::Markdown, &report()), @"
    ## launchgate: ❌ FAIL

    - 2 findings at or above `high`
    - 1 item could not be checked (`fail-on-errors: true`)

    | Area | Status | Findings |
    |---|---|---|
    | Secrets | ❌ FAIL | 2 |
    | Auth & access control | ➖ NOT CHECKED | add `api.private-routes` and `api.credentials` to a probe target |
    | CORS | ➖ NOT CHECKED | add a `probe.targets` entry |
    | Security headers & cookies | ➖ NOT CHECKED | add a `probe.targets` entry |
    | TLS & redirects | ➖ NOT CHECKED | add a `probe.targets` entry |
    | Email authentication | ➖ NOT CHECKED | add `probe.email.domains` |
    | Rate limiting | ➖ NOT CHECKED | add `api.rate-limit` routes (login, signup, reset, invite) |
    | Input validation | ➖ NOT CHECKED | add `api.input-validation` routes |
    | Error handling & exposure | ➖ NOT CHECKED | add a `probe.targets` entry |
    | Performance | ➖ NOT CHECKED | add an `api.latency` budget |
    | Monitoring | ➖ NOT CHECKED | add a target `health` route, or attest monitoring |
    | Deployment & rollback | 📝 ATTESTED |  |

    ### Findings

    | Severity | Check | Where | What |
    |---|---|---|---|
    | critical | [`stripe-live-secret-key`](https://github.com/launchgate/launchgate/blob/main/docs/checks/stripe-live-secret-key.md) | `src/pay.js:2:14` | Stripe live secret key found: sk_live_… (40 chars, hmac d97db1e4) |
    | high | [`aws-access-key-id`](https://github.com/launchgate/launchgate/blob/main/docs/checks/aws-access-key-id.md) | `.env:1:19` | AWS access key ID found: AKIAZ… (20 chars, hmac f05408fb) |

    ### Attested by people

    | Item | Status | By | Date | Expires | Evidence |
    |---|---|---|---|---|---|
    | Rollback path tested | 📝 ATTESTED | alice@example.com | 2026-11-01 | 2027-02-01 | https://wiki.example.com/runbooks/rollback |

    <details><summary>1 finding suppressed</summary>

    | Check | Where | Why |
    |---|---|---|
    | `aws-access-key-id` | `tests/fixtures/keys.txt:3:1` | fake keys used by the parser tests (launchgate.yml:7:5) |

    </details>

    ### Could not check

    - scan `private/notes.txt`: permission denied (os error 13)

    ### Warnings

    - ignore entry matched no finding: remove it, or fix its scope (`launchgate.yml:7:5`)

    <sub>launchgate 0.1.0 · policy launchgate.yml ← builtin:launch-ready</sub>
    ");
}

#[test]
fn sarif_carries_only_the_rules_it_uses_and_stays_within_githubs_limits() {
    let small = rendered(Format::Sarif, &report());
    assert!(small.len() < 50_000, "{} bytes", small.len());
    let v: serde_json::Value = serde_json::from_str(&small).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut used: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    used.sort();
    used.dedup();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, used, "exactly the rules results refer to");

    // 30,000 findings: GitHub refuses a run above 25,000 results, so the least severe go, and
    // the run says how many.
    let mut big = report();
    for i in 0..30_000u32 {
        let sev = if i % 3 == 0 {
            Severity::Critical
        } else {
            Severity::Low
        };
        big.findings.push(finding(
            "aws-access-key-id",
            "AWS access key ID",
            sev,
            &format!("src/gen/{i}.js"),
            1,
            1,
            &format!("AKIA{i:016}"),
        ));
    }
    let text = rendered(Format::Sarif, &big);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    let criticals = results.iter().filter(|r| r["level"] == "error").count();
    assert!(criticals >= 10_000, "the worst are kept: {criticals}");
    let notes = v["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("5003 more results were left out"), "{notes}");
    assert!(text.len() < 60 << 20, "{} bytes", text.len());
}
