//! Loading, validating and evaluating policies from real files.

// Test helpers outside #[test] functions may unwrap and print freely.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::Path;

use jiff::civil::date;
use launchgate_core::{
    Area, AreaStatus, CheckKind, CheckMeta, CheckStatus, Confidence, Engine, EngineOutput,
    EngineStatus, FileLocation, Finding, Fingerprint, Location, Severity, SuppressedBy,
};
use launchgate_policy::{EngineRun, PolicyError, PolicyLocation, RunInfo, evaluate, load};

fn meta(id: &str, engine: Engine, area: Area, sev: Severity) -> CheckMeta {
    CheckMeta {
        id: id.to_owned(),
        name: id.to_owned(),
        engine,
        kind: CheckKind::SecretRule,
        area,
        default_severity: sev,
        confidence: Confidence::High,
        summary: String::new(),
        docs: String::new(),
        help: String::new(),
        tags: Vec::new(),
        references: Vec::new(),
        status: CheckStatus::Preview,
        service: None,
    }
}

fn catalog() -> Vec<CheckMeta> {
    vec![
        meta(
            "aws-access-key-id",
            Engine::Scan,
            Area::Secrets,
            Severity::High,
        ),
        meta(
            "stripe-live-secret-key",
            Engine::Scan,
            Area::Secrets,
            Severity::Critical,
        ),
        meta(
            "generic-secret-assignment",
            Engine::Scan,
            Area::Secrets,
            Severity::Medium,
        ),
        meta(
            "hsts-missing",
            Engine::Probe,
            Area::Headers,
            Severity::Medium,
        ),
    ]
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Dir(tempfile::tempdir().unwrap())
    }
    fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    fn scrub(&self, s: &str) -> String {
        s.replace(&self.0.path().display().to_string(), "[TMP]")
    }
}

fn errors_of(dir: &Dir, path: &Path) -> String {
    match load(&PolicyLocation::File(path.to_path_buf()), &catalog()) {
        Err(PolicyError::Invalid(d)) => dir.scrub(&d.render(false)),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("policy unexpectedly valid"),
    }
}

#[test]
fn typo_wrong_type_and_bad_severity_are_all_reported_with_positions() {
    let dir = Dir::new();
    let p = dir.write(
        "launchgate.yml",
        "version: 1\nfial-on: high\nscan:\n  gitignore: sometimes\nchecks:\n  aws-access-key-id: urgent\n",
    );
    let out = errors_of(&dir, &p);
    insta::assert_snapshot!(out, @"
    error: unknown key `fial-on` in `policy`
     --> [TMP]/launchgate.yml:2:1
      |
    2 | fial-on: high
      | ^^^^^^^ expected one of `version`, `extends`, `fail-on`, `fail-on-errors`, `fail-on-stale-ignores`, `checks`, `ignore`, `scan`, `probe`, `attest`, `baseline`
      |
      = help: did you mean `fail-on`?

    error: wrong type for `gitignore`: expected `true` or `false`, found a string
     --> [TMP]/launchgate.yml:4:14
      |
    4 |   gitignore: sometimes
      |              ^^^^^^^^^ expected `true` or `false`
      |
      = help: see https://github.com/launchgate/launchgate/blob/main/README.md#policy-reference

    error: invalid severity `urgent` for `checks.aws-access-key-id`
     --> [TMP]/launchgate.yml:6:22
      |
    6 |   aws-access-key-id: urgent
      |                      ^^^^^^ expected a severity: `info`, `low`, `medium`, `high` or `critical`
    ");
}

#[test]
fn unknown_check_ids_get_a_suggestion() {
    let dir = Dir::new();
    let p = dir.write(
        "p.yml",
        "version: 1\nchecks:\n  aws-acess-key-id: off\nignore:\n  - check: stripe-live-secret\n    reason: test data\n",
    );
    let out = errors_of(&dir, &p);
    assert!(out.contains("unknown check id `aws-acess-key-id`"), "{out}");
    assert!(out.contains("did you mean `aws-access-key-id`?"), "{out}");
    assert!(out.contains("p.yml:3:3"), "{out}");
    assert!(
        out.contains("did you mean `stripe-live-secret-key`?"),
        "{out}"
    );
    assert!(out.contains("p.yml:5:12"), "{out}");
}

#[test]
fn ignore_entries_need_a_reason_and_a_scope() {
    let dir = Dir::new();
    let p = dir.write(
        "p.yml",
        "version: 1\nignore:\n  - path: \"tests/**\"\n  - reason: everything is fine\n  - check: aws-access-key-id\n    reason: x\n    expires: next week\n",
    );
    let out = errors_of(&dir, &p);
    assert!(out.contains("ignore entry has no `reason`"), "{out}");
    assert!(
        out.contains("ignore entry matches nothing in particular"),
        "{out}"
    );
    assert!(
        out.contains("invalid date `next week` for `expires`"),
        "{out}"
    );
    assert_eq!(out.matches("error:").count(), 3, "{out}");
}

#[test]
fn version_is_required_and_syntax_errors_have_positions() {
    let dir = Dir::new();
    let p = dir.write("a.yml", "fail-on: high\n");
    assert!(errors_of(&dir, &p).contains("missing `version`"));
    let p = dir.write("b.yml", "version: 2\n");
    assert!(errors_of(&dir, &p).contains("unsupported policy version"));
    let p = dir.write("c.yml", "version: 1\nscan: [1, 2\nfail-on: high\n");
    let out = errors_of(&dir, &p);
    assert!(out.starts_with("error: invalid YAML"), "{out}");
    assert!(out.contains("c.yml:3:"), "{out}");
    let p = dir.write("d.yml", "- just\n- a list\n");
    assert!(errors_of(&dir, &p).contains("a policy must be a mapping, found a list"));
}

#[test]
fn extends_merges_parents_and_show_names_where_each_value_came_from() {
    let dir = Dir::new();
    dir.write(
        "base.yml",
        "version: 1\nextends: launch-ready\nfail-on: critical\nignore:\n  - check: aws-access-key-id\n    reason: base reason\n",
    );
    let p = dir.write(
        "launchgate.yml",
        "version: 1\nextends: ./base.yml\nfail-on: medium\nignore:\n  - path: \"fixtures/**\"\n    reason: child reason\n",
    );
    let loaded = load(&PolicyLocation::File(p), &catalog()).unwrap();
    assert_eq!(loaded.policy.fail_on.severity, Severity::Medium);
    assert_eq!(
        loaded.policy.fail_on.confidence,
        launchgate_core::Confidence::Medium
    );
    assert_eq!(loaded.policy.ignores.len(), 2, "ignore lists accumulate");
    assert_eq!(loaded.policy.ignores[0].reason, "base reason");
    assert!(loaded.policy.fail_on_errors, "inherited from launch-ready");
    let shown = dir.scrub(&loaded.effective_yaml());
    insta::assert_snapshot!(shown, @r#"
    # effective policy, merged from:
    #   [TMP]/launchgate.yml
    #   [TMP]/./base.yml
    #   builtin:launch-ready
    version: 1
    fail-on: medium  # [TMP]/launchgate.yml:3
    fail-on-errors: true  # builtin:launch-ready:16
    fail-on-stale-ignores: false  # builtin:launch-ready:17
    scan:
      max-file-size: 5MiB  # builtin:launch-ready:19
      gitignore: true  # builtin:launch-ready:20
    ignore:
    - check: aws-access-key-id  # [TMP]/./base.yml:5
      reason: base reason  # [TMP]/./base.yml:6
    - path: fixtures/**  # [TMP]/launchgate.yml:5
      reason: child reason  # [TMP]/launchgate.yml:6
    "#);
}

#[test]
fn extends_cycles_and_unknown_builtins_are_errors() {
    let dir = Dir::new();
    dir.write("a.yml", "version: 1\nextends: ./b.yml\n");
    let b = dir.write("b.yml", "version: 1\nextends: [./a.yml, launch-redy]\n");
    let out = errors_of(&dir, &b);
    assert!(out.contains("`extends` cycle"), "{out}");
    assert!(
        out.contains("unknown built-in policy `launch-redy`"),
        "{out}"
    );
    assert!(out.contains("did you mean `launch-ready`?"), "{out}");
}

#[test]
fn extends_cannot_leave_the_policy_directory() {
    let outside = Dir::new();
    let secret = outside.write("secret.yml", "version: 1\nTOKEN_FROM_OUTSIDE: x\n");
    let dir = Dir::new();
    std::fs::create_dir(dir.0.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(outside.0.path(), dir.0.path().join("sub/link")).unwrap();
    let p = dir.write(
        "sub/top.yml",
        &format!(
            "version: 1\nextends:\n  - {}\n  - ../a.yml\n  - ./link/secret.yml\n",
            secret.display()
        ),
    );
    let out = errors_of(&dir, &p);
    assert_eq!(
        out.matches("leaves the policy's directory").count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("resolves outside the policy's directory"),
        "{out}"
    );
    assert!(
        !out.contains("TOKEN_FROM_OUTSIDE"),
        "quoted a file outside: {out}"
    );
}

#[test]
fn policy_files_must_be_regular_and_small() {
    let dir = Dir::new();
    let big = dir.write(
        "big.yml",
        &format!("version: 1\n#{}\n", "x".repeat(2 << 20)),
    );
    for path in [big.as_path(), Path::new("/dev/zero"), dir.0.path()] {
        match load(&PolicyLocation::File(path.to_path_buf()), &catalog()) {
            Err(PolicyError::Read { .. }) => {}
            other => panic!("{}: expected a read error, got {other:?}", path.display()),
        }
    }
}

#[test]
fn errors_in_an_extended_file_point_into_that_file() {
    let dir = Dir::new();
    dir.write("base.yml", "version: 1\nscan:\n  max-file-size: huge\n");
    let p = dir.write("top.yml", "version: 1\nextends: ./base.yml\n");
    let out = errors_of(&dir, &p);
    assert!(out.contains("[TMP]/./base.yml:3:18"), "{out}");
}

#[test]
fn every_builtin_policy_is_valid() {
    for (name, _) in launchgate_policy::BUILTIN_POLICIES {
        let loaded = load(&PolicyLocation::Builtin((*name).to_owned()), &catalog());
        assert!(loaded.is_ok(), "builtin {name}: {:?}", loaded.err());
    }
}

fn finding(check: &str, path: &str, sev: Severity) -> Finding {
    Finding {
        check: check.to_owned(),
        title: check.to_owned(),
        severity: sev,
        confidence: Confidence::High,
        area: Area::Secrets,
        message: "found".to_owned(),
        location: Location::File(FileLocation {
            path: path.to_owned(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            ..Default::default()
        }),
        evidence: None,
        fingerprint: Fingerprint::compute(check, path, b"v"),
        inline_allow: None,
    }
}

fn scan_run(findings: Vec<Finding>) -> Vec<EngineRun> {
    vec![
        EngineRun {
            engine: Engine::Scan,
            status: EngineStatus::Ran,
            output: EngineOutput {
                findings,
                areas: vec![Area::Secrets],
                ..Default::default()
            },
        },
        EngineRun {
            engine: Engine::Probe,
            status: EngineStatus::NotConfigured,
            output: EngineOutput::default(),
        },
    ]
}

fn info() -> RunInfo {
    RunInfo {
        today: Some(date(2026, 11, 22)),
        ..Default::default()
    }
}

#[test]
fn evaluation_applies_overrides_ignores_and_expiry() {
    let dir = Dir::new();
    let p = dir.write(
        "p.yml",
        r#"version: 1
fail-on: high
checks:
  generic-secret-assignment: critical
  stripe-live-secret-key: off
ignore:
  - check: aws-access-key-id
    path: "fixtures/**"
    reason: fake keys for tests
  - check: aws-access-key-id
    path: "old/**"
    reason: was fine until recently
    expires: 2026-01-01
  - fingerprint: "00000000000000000000000000000000"
    reason: never matches
attest:
  rollback-tested:
    by: alice@example.com
    date: 2026-01-01
    evidence: https://wiki.example.com/rollback
    expires: 2026-06-01
  admin-mfa:
    by: bob@example.com
    date: 2026-11-01
    evidence: https://wiki.example.com/mfa
    expires: 2027-11-01
"#,
    );
    let loaded = load(&PolicyLocation::File(p), &catalog()).unwrap();
    let report = evaluate(
        &loaded.policy,
        scan_run(vec![
            finding("aws-access-key-id", "fixtures/a.env", Severity::High),
            finding("aws-access-key-id", "old/b.env", Severity::High),
            finding("stripe-live-secret-key", "src/pay.js", Severity::Critical),
            finding("generic-secret-assignment", "src/db.js", Severity::Medium),
        ]),
        &catalog(),
        info(),
    );
    assert_eq!(report.suppressed.len(), 1);
    assert!(
        matches!(&report.suppressed[0].suppressed_by, SuppressedBy::Policy { reason, .. } if reason == "fake keys for tests")
    );
    let active: Vec<(&str, Severity)> = report
        .findings
        .iter()
        .map(|f| (f.check.as_str(), f.severity))
        .collect();
    assert_eq!(
        active,
        vec![
            ("generic-secret-assignment", Severity::Critical),
            ("aws-access-key-id", Severity::High)
        ],
        "disabled check dropped, override applied, expired ignore no longer hides"
    );
    assert!(!report.verdict.passed);
    assert!(
        report
            .verdict
            .reasons
            .iter()
            .any(|r| r == "2 findings at or above `high`"),
        "{:?}",
        report.verdict.reasons
    );
    assert!(
        report
            .verdict
            .reasons
            .iter()
            .any(|r| r.contains("attestation `rollback-tested` expired on 2026-06-01"))
    );
    let msgs: Vec<&str> = report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("ignore entry expired on 2026-01-01")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("ignore entry matched no finding")),
        "{msgs:?}"
    );
    let row = |a: Area| {
        report
            .scorecard
            .iter()
            .find(|r| r.area == a)
            .unwrap()
            .status
    };
    assert_eq!(row(Area::Secrets), AreaStatus::Fail);
    assert_eq!(
        row(Area::Deployment),
        AreaStatus::Fail,
        "expired attestation"
    );
    assert_eq!(row(Area::Auth), AreaStatus::Attested);
    assert_eq!(row(Area::Headers), AreaStatus::NotChecked);
}

#[test]
fn findings_below_the_threshold_warn_and_pass() {
    let loaded = load(&PolicyLocation::Builtin("launch-ready".into()), &catalog()).unwrap();
    let report = evaluate(
        &loaded.policy,
        scan_run(vec![finding(
            "generic-secret-assignment",
            "src/db.js",
            Severity::Medium,
        )]),
        &catalog(),
        info(),
    );
    assert!(report.verdict.passed, "{:?}", report.verdict.reasons);
    assert_eq!(report.scorecard[0].status, AreaStatus::Warn);
    let clean = evaluate(&loaded.policy, scan_run(vec![]), &catalog(), info());
    assert_eq!(clean.scorecard[0].status, AreaStatus::Pass);
    assert!(clean.verdict.passed);
}

#[test]
fn engine_errors_fail_the_gate_unless_the_policy_says_otherwise() {
    let dir = Dir::new();
    let run = || {
        let mut runs = scan_run(vec![]);
        runs[0].output.errors.push(launchgate_core::EngineError {
            engine: Engine::Scan,
            subject: "secret.txt".into(),
            message: "permission denied".into(),
        });
        runs
    };
    let strict = load(&PolicyLocation::Builtin("launch-ready".into()), &catalog()).unwrap();
    let r = evaluate(&strict.policy, run(), &catalog(), info());
    assert!(!r.verdict.passed);
    assert_eq!(r.scorecard[0].status, AreaStatus::Fail);
    let p = dir.write("p.yml", "version: 1\nfail-on-errors: false\n");
    let lenient = load(&PolicyLocation::File(p), &catalog()).unwrap();
    let r = evaluate(&lenient.policy, run(), &catalog(), info());
    assert!(r.verdict.passed);
    assert_eq!(r.scorecard[0].status, AreaStatus::Warn);
}

#[test]
fn api_routes_get_their_defaults_and_only_safe_methods() {
    let dir = Dir::new();
    let p = dir.write(
        "launchgate.yml",
        "version: 1\nprobe:\n  targets:\n    - name: api\n      url: https://staging.example.com/\n      api:\n        credentials:\n          a: { env: LG_TOKEN_A }\n        rate-limit:\n          - { route: POST /api/auth/login, body: '{\"email\":\"p@example.com\"}' }\n          - { route: POST /api/password-reset, body: '{\"email\":\"p@example.com\"}', burst: 50, limit-within: 10 }\n          - { route: POST /api/auth/signup, body: '{\"email\":\"p@example.com\"}' }\n          - { route: POST /oauth/token, body: 'grant_type=password&username=p' }\n          - { route: POST /api/login }\n        input-validation:\n          - { route: \"PATCH /api/posts/{id}\", params: { id: 7 }, as: a, max-body: 100KiB }\n",
    );
    let loaded = load(&PolicyLocation::File(p), &catalog()).unwrap();
    let api = loaded.policy.probe.targets[0].api.clone().unwrap();
    let r = &api.rate_limit;
    assert_eq!((r[0].burst, r[0].limit_within), (30, None));
    assert!(r[0].enumeration, "a login route compares accounts");
    assert_eq!((r[1].burst, r[1].limit_within), (50, Some(10)));
    assert!(r[1].enumeration, "so does a password reset");
    // Signup would create the "unknown" account; /oauth is not /auth; no body, nothing to compare.
    assert!(!r[2].enumeration && !r[3].enumeration && !r[4].enumeration);
    let i = &api.input_validation[0];
    assert_eq!(i.route.params, vec![("id".to_owned(), "7".to_owned())]);
    assert_eq!(i.route.path(), "/api/posts/7");
    assert_eq!(
        (i.max_body, i.as_credential.as_deref()),
        (100 * 1024, Some("a"))
    );

    // A burst of deletes is refused.
    let p = dir.write(
        "launchgate.yml",
        "version: 1\nprobe:\n  targets:\n    - name: api\n      url: https://staging.example.com/\n      api:\n        rate-limit:\n          - DELETE /api/sessions\n",
    );
    let out = errors_of(&dir, &p);
    assert!(
        out.contains("invalid route `DELETE /api/sessions`"),
        "{out}"
    );
    assert!(out.contains("expected one of GET, POST"), "{out}");
    assert!(out.contains("launchgate.yml:8:13"), "{out}");
}

#[test]
fn a_probed_front_door_never_passes_the_rollback_nobody_tested() {
    let probed = |attest: &str| {
        let dir = Dir::new();
        let file = dir.write("launchgate.yml", &format!("version: 1\n{attest}"));
        let loaded = load(&PolicyLocation::File(file), &catalog()).unwrap();
        let runs = vec![EngineRun {
            engine: Engine::Probe,
            status: EngineStatus::Ran,
            output: EngineOutput {
                areas: vec![Area::Deployment, Area::Headers],
                ..Default::default()
            },
        }];
        let report = evaluate(&loaded.policy, runs, &catalog(), info());
        let row = |a: Area| {
            report
                .scorecard
                .iter()
                .find(|r| r.area == a)
                .unwrap()
                .status
        };
        (row(Area::Deployment), row(Area::Headers))
    };
    // The CDN check ran clean, but a rollback is for people to vouch for.
    assert_eq!(probed(""), (AreaStatus::NotChecked, AreaStatus::Pass));
    let attested = "attest:\n  rollback-tested:\n    by: ops@example.com\n    date: 2026-11-01\n    evidence: https://wiki.example.com/rollback-drill\n    expires: 2027-02-01\n";
    assert_eq!(probed(attested), (AreaStatus::Pass, AreaStatus::Pass));
    assert!(
        Area::Deployment
            .how_to_check()
            .contains("attest `rollback-tested`")
    );
}

#[test]
fn extends_may_reach_up_inside_its_repository_only() {
    let dir = Dir::new();
    std::fs::create_dir(dir.0.path().join(".git")).unwrap();
    dir.write(
        "launchgate.yml",
        "version: 1\nignore:\n  - path: \"fixtures/**\"\n    reason: recorded responses\n",
    );
    std::fs::create_dir(dir.0.path().join(".github")).unwrap();
    let nightly = dir.write(
        ".github/launchgate-production.yml",
        "version: 1\nextends: ../launchgate.yml\nfail-on: medium\n",
    );
    let loaded = load(&PolicyLocation::File(nightly), &catalog()).unwrap();
    assert_eq!(loaded.policy.ignores.len(), 1, "the shared ignores apply");
    // Out of the repository is still refused.
    let out = dir.write(
        ".github/escape.yml",
        "version: 1\nextends: ../../outside.yml\n",
    );
    let errors = errors_of(&dir, &out);
    assert!(errors.contains("leaves the repository"), "{errors}");
}

#[test]
fn a_target_url_that_does_not_parse_is_an_error_at_its_line() {
    let dir = Dir::new();
    let p = dir.write(
        "launchgate.yml",
        "version: 1\nprobe:\n  targets:\n    - name: web\n      url: \"https://exa mple.com:99999/\"\n    - name: api\n      url: https://api.example.com:99999/\n",
    );
    let out = errors_of(&dir, &p);
    assert_eq!(out.matches("invalid target URL").count(), 2, "{out}");
    assert!(out.contains("launchgate.yml:5:"), "{out}");
    assert!(out.contains("launchgate.yml:7:"), "{out}");
}
