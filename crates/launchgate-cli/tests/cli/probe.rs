//! The live prober through the binary, against the demo target: real HTTPS on 127.0.0.1 with a
//! throwaway CA made by rcgen. A well-configured server passes with no findings; each
//! misconfiguration, served on purpose, is found with its rule id and severity and nothing else
//! fires.

use std::collections::BTreeSet;
use std::path::Path;

use demo_target::{Config, Misconfig, Running};

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

/// An unreachable target is a finding and an error, not a FAIL of every area it would have
/// covered: nothing about them was seen. A probe-only run never speaks for the repository's
/// secrets either way.
#[test]
fn an_unreachable_target_leaves_its_areas_not_checked() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nprobe:\n  limits:\n    timeout: 1s\n  targets:\n    - name: app\n      url: https://127.0.0.1:{port}/\n"
        ),
    );
    let (code, v) = json_report(dir.path(), &["probe"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(found(&v), set(&[("target-unreachable", "high")]), "{v:#}");
    for area in ["secrets", "cors", "headers", "tls", "errors"] {
        assert_eq!(status(&v, area), "not-checked", "{area}: {v:#}");
    }
    assert_eq!(status(&v, "deployment"), "fail", "{v:#}");
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
    // The snippet that shows where is masked: diagnostics land in CI logs.
    assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
    assert!(out.stderr.contains("admin:*******@"), "{}", out.stderr);
}

fn demo(misconfig: &[Misconfig], hosts: &[&str]) -> Running {
    demo_target::spawn(Config {
        misconfig: misconfig.iter().copied().collect(),
        hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        ..Config::default()
    })
    .expect("the demo target starts")
}

/// A policy for the demo at `host`, its CA written beside it.
fn policy_for(dir: &Path, d: &Running, host: &str, extra_target: &str, extra: &str) -> String {
    write(dir, "demo-ca.pem", &d.ca_pem);
    let policy = format!(
        "version: 1\nprobe:\n  tls:\n    ca-file: demo-ca.pem\n  targets:\n    - name: demo\n      url: {}\n      http-url: {}\n      pages: [/login]\n      health: /healthz\n{extra_target}  cors:\n    allowed-origins: [https://app.example.com]\n{extra}",
        d.https_url(host),
        d.http_url(host)
    );
    write(dir, "launchgate.yml", &policy);
    policy
}

/// `(check, severity)` of every finding.
fn found(v: &serde_json::Value) -> BTreeSet<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn probe_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["probe"];
    args.extend(extra);
    json_report(dir, &args)
}

#[test]
fn a_well_configured_site_passes_with_no_findings() {
    let d = demo(&[], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", "", "");
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(found(&v), BTreeSet::new(), "{v:#}");
    assert!(v["warnings"].as_array().unwrap().is_empty(), "{v:#}");
    let engine = &v["engines"][0];
    assert_eq!(engine["engine"], "probe");
    let requests = engine["requests"].as_u64().unwrap();
    assert!((20..=200).contains(&requests), "{requests} requests");
    for area in ["tls", "headers", "cors", "errors", "monitoring"] {
        assert_eq!(status(&v, area), "pass", "{area}: {v:#}");
    }
    // No `api:` routes: nothing tried a token, a burst, a bad body or a latency budget, so those
    // areas are not PASS however clean the site is.
    for area in ["auth", "rate-limit", "input-validation", "performance"] {
        assert_eq!(status(&v, area), "not-checked", "{area}: {v:#}");
    }
    let hint = |area: &str| row(&v, area)["hint"].as_str().map(str::to_owned);
    assert!(
        hint("rate-limit").is_some_and(|h| h.contains("api.rate-limit")),
        "{v:#}"
    );
    assert_eq!(hint("tls"), None, "a checked area has no hint");
    // Without a health route, monitoring is not checked either.
    drop_from_policy(dir.path(), "      health: /healthz\n");
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(status(&v, "monitoring"), "not-checked", "{v:#}");
    assert_eq!(status(&v, "tls"), "pass", "{v:#}");
}

/// The scorecard row of `area` in a JSON report.
fn row<'a>(v: &'a serde_json::Value, area: &str) -> &'a serde_json::Value {
    v["scorecard"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == area)
        .unwrap_or_else(|| panic!("no {area} row"))
}

/// The scorecard status of `area` in a JSON report.
fn status(v: &serde_json::Value, area: &str) -> String {
    row(v, area)["status"].as_str().unwrap().to_owned()
}

/// Rewrites the policy in `dir` without `text`.
fn drop_from_policy(dir: &Path, text: &str) {
    let policy = std::fs::read_to_string(dir.join("launchgate.yml")).unwrap();
    write(dir, "launchgate.yml", policy.replace(text, ""));
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// Misconfigurations served together, and the `(check, severity)` pairs they must produce.
type Case = (Vec<Misconfig>, Vec<(&'static str, &'static str)>);

#[test]
fn each_misconfiguration_is_found_and_nothing_else_fires() {
    use Misconfig::*;
    let cases: Vec<Case> = vec![
        (
            vec![
                CertExpiring,
                TemporaryRedirect,
                WeakHsts,
                UnsafeCsp,
                VersionLeak,
            ],
            vec![
                ("tls-certificate-expiring", "high"),
                ("http-redirect-not-permanent", "low"),
                ("hsts-weak", "medium"),
                ("csp-unsafe", "medium"),
                ("server-version-disclosed", "low"),
            ],
        ),
        (
            vec![
                NoHttpsRedirect,
                NoHsts,
                NoCsp,
                NoNosniff,
                NoFrameProtection,
                NoReferrerPolicy,
                NoPermissionsPolicy,
                InsecureCookie,
            ],
            vec![
                ("http-not-redirected-to-https", "high"),
                ("hsts-missing", "high"),
                ("csp-missing", "medium"),
                ("nosniff-missing", "low"),
                ("clickjacking-protection-missing", "medium"),
                ("referrer-policy-missing", "low"),
                ("permissions-policy-missing", "low"),
                ("cookie-without-secure", "high"),
                ("cookie-without-httponly", "medium"),
                ("cookie-samesite-weak", "low"),
            ],
        ),
        (
            vec![
                CorsReflect,
                ExposedEnv,
                ExposedGit,
                ExposedDsStore,
                ExposedSourceMap,
                DebugEndpoint,
                StackTrace,
                BundleSecret,
                BundleLocalhost,
                HealthFailing,
            ],
            vec![
                ("cors-origin-reflected-with-credentials", "critical"),
                ("cors-null-origin-allowed", "critical"),
                ("env-file-exposed", "critical"),
                ("git-metadata-exposed", "high"),
                ("sensitive-file-exposed", "medium"),
                ("source-map-exposed", "medium"),
                ("debug-endpoint-exposed", "high"),
                ("error-page-leaks-details", "medium"),
                ("secret-in-live-bundle", "critical"),
                ("internal-endpoint-in-bundle", "medium"),
                ("health-route-failing", "high"),
            ],
        ),
        (
            vec![CorsWildcard],
            vec![("cors-wildcard-with-credentials", "high")],
        ),
        (
            vec![CorsNull],
            vec![("cors-null-origin-allowed", "critical")],
        ),
        (
            vec![CertExpired],
            vec![("tls-certificate-expired", "critical")],
        ),
        (
            vec![CertWrongHost],
            vec![("tls-hostname-mismatch", "critical")],
        ),
        (vec![RedirectLoop], vec![("redirect-loop", "high")]),
        (vec![OffsiteRedirect], vec![("redirect-off-site", "high")]),
        // A single-page app answers every path with its shell: no exposed-file false alarms.
        (vec![SpaFallback], vec![]),
    ];
    for (misconfig, expected) in cases {
        let d = demo(&misconfig, &["localhost"]);
        let dir = tempfile::tempdir().unwrap();
        policy_for(dir.path(), &d, "localhost", "", "");
        let (code, v) = probe_json(dir.path(), &[]);
        let names: Vec<&str> = misconfig.iter().map(|m| m.name()).collect();
        // The demo bundle's key (assembled at runtime in demo-target) never appears whole.
        assert!(
            !v.to_string()
                .contains("51Hx8vQ2zLp9mK3tWq7Rb4Nc6Ye1Ud0Sf5Gh"),
            "{names:?}: the live bundle secret leaked"
        );
        assert_eq!(found(&v), set(&expected), "{names:?}: {v:#}");
        let fails = expected
            .iter()
            .any(|(_, s)| *s == "high" || *s == "critical");
        assert_eq!(code, if fails { 1 } else { 0 }, "{names:?}");
    }
}

#[test]
fn an_untrusted_certificate_and_an_unreachable_target_fail() {
    let d = demo(&[], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", "", "");
    // Without the CA file the chain leads nowhere.
    drop_from_policy(dir.path(), "  tls:\n    ca-file: demo-ca.pem\n");
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&v),
        set(&[("tls-certificate-untrusted", "critical")]),
        "{v:#}"
    );
    assert!(
        v["warnings"].to_string().contains("unverified connection"),
        "{}",
        v["warnings"]
    );
    // --ca-cert trusts it again.
    let (code, v) = probe_json(dir.path(), &["--ca-cert", "demo-ca.pem"]);
    assert_eq!(code, 0, "{v:#}");

    // Credentials and bodies never go over the untrusted connection: not checked, not passed.
    let policy = policy_for(dir.path(), &d, "localhost", ABUSE, "");
    write(
        dir.path(),
        "launchgate.yml",
        policy.replace("  tls:\n    ca-file: demo-ca.pem\n", ""),
    );
    let (code, v, _) = probe_with_tokens(dir.path());
    assert_eq!(code, 1);
    assert!(
        v["errors"].to_string().contains(
            "could not run the API checks: the certificate is not trusted, and credentials and request bodies are never sent"
        ),
        "{v:#}"
    );
    assert!(
        v["warnings"].to_string().find("rate limit:").is_none(),
        "{v:#}"
    );
    // And each API check is listed as skipped, with why.
    let skipped: Vec<&str> = v["skipped_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        skipped.contains(&"rate-limit-missing") && skipped.contains(&"invalid-input-accepted"),
        "{v:#}"
    );
    assert!(
        v["skipped_checks"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("the certificate is not trusted"),
        "{v:#}"
    );

    // A closed port: a finding that fails, never a pass.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nprobe:\n  targets:\n    - name: gone\n      url: https://127.0.0.1:{port}/\n"
        ),
    );
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(found(&v), set(&[("target-unreachable", "high")]), "{v:#}");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{v:#}"
    );
}

/// Runs openssl (the machine's, as CI installs it) in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs (CI installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_weak_key_in_the_served_chain_is_found() {
    // rustls and rcgen refuse RSA keys under 2048 bits, so openssl makes the weak part: an
    // RSA-1024 CA, served in the chain above a healthy RSA-2048 leaf.
    let pki = tempfile::tempdir().unwrap();
    let p = pki.path();
    openssl(
        p,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:1024",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "365",
            "-subj",
            "/CN=Weak Test CA",
        ],
    );
    openssl(
        p,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    write(
        p,
        "ext.cnf",
        "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
    );
    openssl(
        p,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "365",
            "-extfile",
            "ext.cnf",
        ],
    );
    let read = |f: &str| std::fs::read_to_string(p.join(f)).unwrap();
    let d = demo_target::spawn(Config {
        pki: Some(demo_target::Pki {
            chain_pem: read("leaf.pem") + &read("ca.pem"),
            key_pem: read("leaf.key"),
            ca_pem: read("ca.pem"),
        }),
        ..Config::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", "", "");
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 1);
    // Browsers do not trust a signature by a 1024-bit key either.
    assert_eq!(
        found(&v),
        set(&[
            ("tls-weak-key", "high"),
            ("tls-certificate-untrusted", "critical")
        ]),
        "{v:#}"
    );
    let weak = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "tls-weak-key")
        .unwrap();
    assert!(
        weak["message"]
            .as_str()
            .unwrap()
            .contains("1024-bit RSA key"),
        "{weak}"
    );
}

#[test]
fn hostile_servers_cannot_hang_or_crash_the_probe() {
    // An endless bundle, a health route slower than the timeout, invalid UTF-8 and a huge header.
    let d = demo(
        &[
            Misconfig::EndlessBody,
            Misconfig::SlowHealth,
            Misconfig::BrokenUtf8,
        ],
        &["localhost"],
    );
    let dir = tempfile::tempdir().unwrap();
    policy_for(
        dir.path(),
        &d,
        "localhost",
        "",
        "  limits:\n    timeout: 1s\n    max-body: 1MiB\n",
    );
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(found(&v), set(&[("health-route-failing", "high")]), "{v:#}");
    // The message says what was seen; the target and URL are fields of their own.
    let f = &v["findings"][0];
    assert_eq!(f["location"]["target"], "demo", "{f:#}");
    assert!(!f["message"].as_str().unwrap().starts_with("demo"), "{f:#}");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("timed out"),
        "{v:#}"
    );
    assert!(
        v["warnings"]
            .to_string()
            .contains("only its start was scanned"),
        "the endless script was capped: {}",
        v["warnings"]
    );
}

const API: &str = "      api:\n        credentials:\n          tenant-a: { header: Authorization, prefix: \"Bearer \", env: LG_TOKEN_A }\n          tenant-b: { header: Authorization, prefix: \"Bearer \", env: LG_TOKEN_B }\n          expired: { header: Authorization, prefix: \"Bearer \", env: LG_TOKEN_EXPIRED, expired: true }\n        private-routes:\n          - GET /api/me\n          - { route: \"GET /api/orgs/{org}/members\", owner: tenant-a, params: { org: \"1\" } }\n";

fn probe_with_tokens(dir: &Path) -> (i32, serde_json::Value, String) {
    let mut cmd = launchgate(dir);
    cmd.args(["probe", "--format", "json"]);
    for ((_, token), var) in
        demo_target::TOKENS
            .iter()
            .zip(["LG_TOKEN_A", "LG_TOKEN_B", "LG_TOKEN_EXPIRED"])
    {
        cmd.env(var, token);
    }
    let out = run(cmd);
    for (_, token) in demo_target::TOKENS {
        assert!(
            !out.stdout.contains(token) && !out.stderr.contains(token),
            "a token leaked"
        );
    }
    let v = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stderr));
    (out.code, v, out.stderr)
}

#[test]
fn the_auth_matrix_finds_each_hole_and_passes_the_good_twin() {
    use Misconfig::*;
    for (misconfig, expected) in [
        (vec![], vec![]),
        (
            vec![UnprotectedRoute],
            vec![("private-route-unauthenticated", "critical")],
        ),
        (vec![CrossTenant], vec![("cross-tenant-access", "critical")]),
        (
            vec![ExpiredAccepted],
            vec![("expired-token-accepted", "critical")],
        ),
    ] {
        let d = demo(&misconfig, &["localhost"]);
        let dir = tempfile::tempdir().unwrap();
        policy_for(dir.path(), &d, "localhost", API, "");
        let (code, v, _) = probe_with_tokens(dir.path());
        assert_eq!(found(&v), set(&expected), "{misconfig:?}: {v:#}");
        // API findings are located at the route they are about, not at the base URL.
        for f in v["findings"].as_array().unwrap() {
            let url = f["location"]["url"].as_str().unwrap();
            assert!(url.contains("/api/"), "{url}: {f:#}");
        }
        assert_eq!(
            code,
            if expected.is_empty() { 0 } else { 1 },
            "{misconfig:?}"
        );
        assert!(v["errors"].as_array().unwrap().is_empty(), "{v:#}");
        // The matrix ran, so the area is judged: PASS on the good twin.
        let want = if expected.is_empty() { "pass" } else { "fail" };
        assert_eq!(status(&v, "auth"), want, "{misconfig:?}");
        // The matrix is shown: route x case.
        let notes = v["warnings"].to_string();
        assert!(
            notes.contains(
                "GET /api/orgs/{org}/members: none 401 ok, garbage 401 ok, expired `expired`"
            ) && notes.contains("owner `tenant-a` 200 ok"),
            "{notes}"
        );
        // A FAIL in the matrix is a finding, and its row is a warning; the rows of passing
        // routes are notes. A route open to anyone is one hole: its other cells say so.
        let matrix: Vec<&serde_json::Value> = v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["message"].as_str().unwrap().contains("auth matrix"))
            .collect();
        assert!(!matrix.is_empty(), "{v:#}");
        let mut fails = 0;
        for w in &matrix {
            let m = w["message"].as_str().unwrap();
            fails += m.matches(" FAIL").count();
            let level = if m.contains(" FAIL") {
                "warning"
            } else {
                "note"
            };
            assert_eq!(w["level"], level, "{m}");
        }
        assert_eq!(
            fails > 0,
            !expected.is_empty(),
            "{misconfig:?}: {matrix:#?}"
        );
        if misconfig == [UnprotectedRoute] {
            assert!(notes.contains("(open to anyone, see none)"), "{notes}");
        }
    }

    // A missing token variable is named and stops the run.
    let d = demo(&[], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", API, "");
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("LG_TOKEN_A"), "{}", out.stderr);

    // A wrong owner token makes the control fail: could not check, never a pass.
    let mut cmd = launchgate(dir.path());
    cmd.args(["probe", "--format", "json"])
        .env("LG_TOKEN_A", "not-a-demo-token")
        .env("LG_TOKEN_B", "demo-token-b")
        .env("LG_TOKEN_EXPIRED", "demo-token-expired");
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("could not check"), "{}", out.stdout);
}

#[test]
fn a_slow_read_route_is_over_its_latency_budget_and_a_fast_twin_is_not() {
    let latency = "      api:\n        latency:\n          routes: [GET /api/feed]\n          p95-ms: 500\n          requests: 40\n          concurrency: 10\n          warmup: 5\n";
    for (misconfig, expected) in [
        (vec![], vec![]),
        (
            vec![Misconfig::SlowFeed],
            vec![("latency-budget-exceeded", "high")],
        ),
    ] {
        let d = demo(&misconfig, &["localhost"]);
        let dir = tempfile::tempdir().unwrap();
        policy_for(dir.path(), &d, "localhost", latency, "");
        let (code, v) = probe_json(dir.path(), &[]);
        assert_eq!(found(&v), set(&expected), "{misconfig:?}: {v:#}");
        assert_eq!(code, if expected.is_empty() { 0 } else { 1 });
        let want = if expected.is_empty() { "pass" } else { "fail" };
        assert_eq!(status(&v, "performance"), want, "{misconfig:?}");
        let notes = v["warnings"].to_string();
        assert!(
            notes.contains("GET /api/feed: p50") && notes.contains("over 40 requests (0 errors)"),
            "{notes}"
        );
    }
}

#[test]
fn canonical_host_and_name_overrides() {
    // Two names on one certificate, resolved with --resolve; the canonical host is never reached.
    let d = demo(&[], &["app.test", "www.app.test"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(
        dir.path(),
        &d,
        "app.test",
        "      canonical-host: www.app.test\n",
        "",
    );
    let (code, v) = probe_json(
        dir.path(),
        &[
            "--resolve",
            "app.test:127.0.0.1",
            "--resolve",
            "www.app.test:127.0.0.1",
        ],
    );
    assert_eq!(code, 0, "medium only: {v:#}");
    assert_eq!(
        found(&v),
        set(&[("canonical-host-not-reached", "medium")]),
        "{v:#}"
    );
}

#[test]
fn probe_findings_in_sarif_point_at_the_target_in_the_policy() {
    let d = demo(&[Misconfig::CorsReflect], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", "", "");
    let out = run_in(dir.path(), &["probe", "--sarif", "out.sarif"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).unwrap())
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "launchgate.yml", "{r:#}");
        // `- name: demo` is on line 6 of the generated policy.
        assert_eq!(loc["region"]["startLine"], 6, "{r:#}");
        let msg = r["message"]["text"].as_str().unwrap();
        assert!(msg.contains(&d.https_url("localhost")), "{msg}");
    }
}

#[test]
fn bad_probe_settings_exit_2_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nprobe:\n  limits:\n    timeout: 10\n  cors:\n    allowed-origins: [app.example.com]\n  targets:\n    - name: a\n      url: https://a.test/\n",
    );
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("launchgate.yml:4:14"), "{}", out.stderr);
    assert!(
        out.stderr.contains("invalid duration for `timeout`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("invalid origin `app.example.com`"),
        "{}",
        out.stderr
    );

    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nprobe:\n  tls:\n    ca-file: missing.pem\n  targets:\n    - name: a\n      url: https://a.test/\n",
    );
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing.pem"), "{}", out.stderr);
    let out = run_in(dir.path(), &["probe", "--resolve", "nocolon"]);
    assert_eq!(out.code, 2);
}

const ABUSE: &str = "      api:\n        credentials:\n          tenant-a: { header: Authorization, prefix: \"Bearer \", env: LG_TOKEN_A }\n        rate-limit:\n          - { route: POST /api/login, body: '{\"email\":\"probe@example.com\",\"password\":\"wrong\"}' }\n        input-validation:\n          - { route: POST /api/posts, as: tenant-a, body: '{\"title\":\"hello\",\"body\":\"text\"}', max-body: 100KiB }\n";

#[test]
fn rate_limits_enumeration_and_input_validation_find_each_hole_and_pass_the_good_twin() {
    use Misconfig::*;
    for (misconfig, expected) in [
        (vec![], vec![]),
        (vec![NoRateLimit], vec![("rate-limit-missing", "high")]),
        (
            vec![AccountEnumeration],
            vec![("account-enumeration", "medium")],
        ),
        (
            vec![InputServerError],
            vec![("invalid-input-server-error", "high")],
        ),
        (
            vec![InputAccepted],
            vec![("invalid-input-accepted", "high")],
        ),
    ] {
        let d = demo(&misconfig, &["localhost"]);
        let dir = tempfile::tempdir().unwrap();
        policy_for(dir.path(), &d, "localhost", ABUSE, "");
        let (code, v, _) = probe_with_tokens(dir.path());
        assert_eq!(found(&v), set(&expected), "{misconfig:?}: {v:#}");
        // API findings are located at the route they are about, not at the base URL.
        for f in v["findings"].as_array().unwrap() {
            let url = f["location"]["url"].as_str().unwrap();
            assert!(url.contains("/api/"), "{url}: {f:#}");
        }
        let fails = expected.iter().any(|(_, s)| *s == "high");
        assert_eq!(code, if fails { 1 } else { 0 }, "{misconfig:?}: {v:#}");
        assert!(v["errors"].as_array().unwrap().is_empty(), "{v:#}");
        let notes = v["warnings"].to_string();
        // Where limiting began is reported: the demo allows five failed logins a minute.
        let limited = format!(
            "limited at request {} of 30 (429 Too Many Requests, Retry-After 60)",
            demo_target::LOGIN_LIMIT + 1
        );
        assert_eq!(
            notes.contains(&limited),
            !misconfig.contains(&NoRateLimit),
            "{misconfig:?}: {notes}"
        );
        if misconfig.contains(&NoRateLimit) {
            assert!(notes.contains("not limited in 30 requests"), "{notes}");
        }
        if misconfig.is_empty() {
            for area in ["rate-limit", "input-validation"] {
                assert_eq!(status(&v, area), "pass", "{area}: {v:#}");
            }
            assert!(
                notes.contains("malformed-json 400 ok, wrong-types 422 ok, huge-string 422 ok, oversized 413 ok"),
                "{notes}"
            );
        }
    }
}

#[test]
fn an_already_limited_login_is_could_not_check_for_enumeration_never_a_pass() {
    // Two runs within the demo's minute: the second finds the limiter still closed.
    let d = demo(&[], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", ABUSE, "");
    let (code, _, _) = probe_with_tokens(dir.path());
    assert_eq!(code, 0);
    let (code, v, _) = probe_with_tokens(dir.path());
    assert_eq!(code, 1, "fail-on-errors: {v:#}");
    assert!(found(&v).is_empty(), "{v:#}");
    let errors = v["errors"].to_string();
    assert!(
        errors.contains("for account enumeration: the route was already limiting (Retry-After 60)"),
        "{errors}"
    );
    // The limit itself was seen at once.
    assert!(
        v["warnings"]
            .to_string()
            .contains("limited at request 1 of 30"),
        "{v:#}"
    );
}

#[test]
fn dry_run_lists_every_request_and_sends_none() {
    // A listener that must see no connection; no tokens are set (a dry run needs none).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let latency = "        latency:\n          routes: [GET /api/feed]\n          requests: 40\n          warmup: 5\n";
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nprobe:\n  targets:\n    - name: demo\n      url: https://localhost:{port}/\n{ABUSE}{latency}  email:\n    domain: example.com\n    dkim-selectors: [s1]\n"
        ),
    );
    // Without tokens, then with one set: it is never shown.
    let out = run_in(dir.path(), &["probe", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut cmd = launchgate(dir.path());
    cmd.args(["probe", "--dry-run"])
        .env("LG_TOKEN_A", "lg-secret-token-value-0042");
    let with_token = run(cmd);
    assert_eq!(with_token.code, 0, "{}", with_token.stderr);
    assert!(!with_token.stdout.contains("lg-secret-token-value-0042"));
    assert!(!with_token.stderr.contains("lg-secret-token-value-0042"));
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the dry run connected"
    );
    let base = format!("https://localhost:{port}");
    for line in [
        format!("GET {base}/.env"),
        format!("OPTIONS {base}/ (CORS: Origin https://"),
        format!("GET {base}/api/feed (latency)  ×45"),
        format!(
            "POST {base}/api/posts (input validation: oversized, as `tenant-a`), application/json body of {} bytes",
            100 * 1024 + (1 << 20)
        ),
        format!("POST {base}/api/login (account enumeration: the known account)"),
        format!(
            "POST {base}/api/login (rate limit: up to 30 times, stops at the first 429), application/json body of 48 bytes  ×28"
        ),
        "TXT s1._domainkey.example.com".to_owned(),
        // No `http-url` on a target on another port: the redirect to HTTPS is tried where a
        // browser goes when the host is typed, port 80 of the same host.
        "GET http://localhost/".to_owned(),
    ] {
        assert!(
            out.stdout.contains(&line),
            "missing `{line}` in\n{}",
            out.stdout
        );
    }
    assert!(out.stdout.contains("nothing was sent"), "{}", out.stdout);
    // Credentials by name only.
    assert!(
        out.stdout
            .contains("(rate limit: up to 30 times, stops at the first 429)")
            && out
                .stdout
                .contains("(input validation: malformed-json, as `tenant-a`)"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_run_request_budget_stops_the_probe_and_says_so() {
    let d = demo(&[], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(
        dir.path(),
        &d,
        "localhost",
        "",
        "  limits:\n    max-total-requests: 20\n",
    );
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 1, "{v:#}");
    assert!(
        v["errors"]
            .to_string()
            .contains("the run's request budget (20 requests) ran out"),
        "{v:#}"
    );
}

#[test]
fn bad_api_settings_exit_2_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 4] = [
        (
            "        rate-limit:\n          - { route: POST /api/login, burst: 500 }\n",
            &[
                "launchgate.yml:10:46",
                "expected a whole number from 1 to 200",
            ],
        ),
        (
            "        rate-limit:\n          - { route: POST /api/login, burst: 10, limit-within: 20 }\n",
            &["`limit-within: 20` is more than `burst: 10`"],
        ),
        (
            "        input-validation:\n          - GET /api/posts\n",
            &[
                "invalid route `GET /api/posts`",
                "expected one of POST, PUT, PATCH",
            ],
        ),
        (
            "        input-validation:\n          - { route: POST /api/posts, as: tenant-z }\n",
            &["unknown credential `tenant-z` for `as`"],
        ),
    ];
    for (api, wanted) in cases {
        write(
            dir.path(),
            "launchgate.yml",
            format!(
                "version: 1\nprobe:\n  targets:\n    - name: a\n      url: https://a.test/\n      api:\n        credentials:\n          tenant-a: {{ env: LG_TOKEN_A }}\n{api}"
            ),
        );
        let out = run_in(dir.path(), &["probe"]);
        assert_eq!(out.code, 2, "{api}: {}", out.stderr);
        for w in wanted {
            assert!(
                out.stderr.contains(w),
                "{api}: want `{w}` in {}",
                out.stderr
            );
        }
    }
}

#[test]
fn a_fixed_rate_counts_the_queue_a_slow_route_builds() {
    // 20 requests scheduled at 20/s on 4 workers, each answer taking 600 ms: the workers fall
    // behind, and latency counted from each request's scheduled start shows it (a closed loop
    // would report 600 ms and hide the queue: coordinated omission).
    let latency = "      api:\n        latency:\n          routes: [GET /api/feed]\n          requests: 20\n          concurrency: 4\n          warmup: 0\n          rate: 20\n";
    let d = demo(&[Misconfig::SlowFeed], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", latency, "");
    let (code, v) = probe_json(dir.path(), &[]);
    assert_eq!(code, 1, "{v:#}");
    let note = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["message"].as_str())
        .find(|m| m.contains("GET /api/feed: p50"))
        .expect("a latency note")
        .to_owned();
    assert!(note.contains("at 20/s"), "{note}");
    let p95: f64 = note
        .split("p95 ")
        .nth(1)
        .and_then(|s| s.split(" ms").next())
        .and_then(|s| s.parse().ok())
        .expect("a p95 figure");
    // Service time is 600 ms; the last requests waited about 1.5 s more for a free worker.
    assert!(
        p95 > 1500.0,
        "p95 {p95} ms: the queue was not counted ({note})"
    );
}

#[test]
fn api_routes_that_never_answer_cost_a_few_timeouts_and_are_not_checked() {
    // Pages answer; every /api/ route hangs. Each phase stops after a few timeouts and says
    // what it could not check; nothing passes by default.
    let d = demo(&[Misconfig::HangingApi], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    let latency = "        latency:\n          routes: [GET /api/feed]\n          requests: 50\n          concurrency: 2\n          warmup: 0\n";
    policy_for(
        dir.path(),
        &d,
        "localhost",
        &format!("{ABUSE}{latency}"),
        "  limits:\n    timeout: 1s\n",
    );
    let (code, v, _) = probe_with_tokens(dir.path());
    assert_eq!(code, 1, "{v:#}");
    assert!(found(&v).is_empty(), "{v:#}");
    let errors = v["errors"].to_string();
    for wanted in [
        "could not judge `GET /api/feed`: 0 successful requests",
        "could not check the rate limit of `POST /api/login`: the burst stopped after",
        "could not check `POST /api/posts` with malformed JSON: the request failed",
        "could not check `POST /api/posts` with a body over the route's limit",
    ] {
        assert!(errors.contains(wanted), "want `{wanted}` in {errors}");
    }
    // Three failures per latency worker, not fifty requests.
    assert!(
        v["warnings"]
            .to_string()
            .contains("over 6 requests (6 errors)"),
        "{}",
        v["warnings"]
    );
}

#[test]
fn api_checks_never_send_credentials_over_plain_http_to_another_machine() {
    // A plain-HTTP site under a real-looking name (pinned to 127.0.0.1 with --resolve): the API
    // checks are not run, and say so. To localhost, plain HTTP is allowed (a local dev server).
    let d = demo(&[Misconfig::NoHttpsRedirect], &["app.test"]);
    let dir = tempfile::tempdir().unwrap();
    for (host, skipped) in [("app.test", true), ("localhost", false)] {
        write(
            dir.path(),
            "launchgate.yml",
            format!(
                "version: 1\nchecks:\n  hsts-missing: off\n  http-not-redirected-to-https: off\nprobe:\n  targets:\n    - name: plain\n      url: http://{host}:{}/\n{ABUSE}",
                d.http.port()
            ),
        );
        let mut cmd = launchgate(dir.path());
        cmd.args([
            "probe",
            "--format",
            "json",
            "--resolve",
            "app.test:127.0.0.1",
        ])
        .env("LG_TOKEN_A", "demo-token-a");
        let out = run(cmd);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let errors = v["errors"].to_string();
        assert_eq!(
            errors.contains("could not run the API checks: the site is served over plain HTTP"),
            skipped,
            "{host}: {v:#}"
        );
        assert_eq!(
            v["warnings"].to_string().contains("rate limit:"),
            !skipped,
            "{host}: {v:#}"
        );
    }
}

#[test]
fn renaming_a_target_keeps_its_fingerprints_and_so_its_ignores() {
    use Misconfig::*;
    let d = demo(&[NoHsts, NoCsp], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_for(dir.path(), &d, "localhost", "", "");
    let fingerprints = |v: &serde_json::Value| -> BTreeSet<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, before) = probe_json(dir.path(), &[]);
    assert!(!fingerprints(&before).is_empty(), "{before:#}");
    write(
        dir.path(),
        "launchgate.yml",
        policy.replace("- name: demo", "- name: storefront"),
    );
    let (_, after) = probe_json(dir.path(), &[]);
    assert_eq!(fingerprints(&before), fingerprints(&after));
}

#[test]
fn an_ignore_entry_scopes_to_one_target_by_name_url_prefix_or_host() {
    use Misconfig::*;
    // One defect per web family: redirects, headers, cookies, CORS, exposed files, error pages,
    // the bundle, monitoring.
    let d = demo(
        &[
            NoHttpsRedirect,
            NoHsts,
            InsecureCookie,
            CorsWildcard,
            ExposedEnv,
            StackTrace,
            BundleLocalhost,
            HealthFailing,
        ],
        &["localhost"],
    );
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_for(dir.path(), &d, "localhost", "", "");
    let (_, open) = probe_json(dir.path(), &[]);
    let all = found(&open).len();
    assert!(all >= 8, "{open:#}");
    let families: BTreeSet<String> = open["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["area"].as_str().unwrap().to_owned())
        .collect();
    assert!(families.len() >= 5, "{families:?}");
    let url = d.https_url("localhost");
    for scope in ["demo", url.trim_end_matches('/'), "localhost"] {
        write(
            dir.path(),
            "launchgate.yml",
            format!("{policy}ignore:\n  - target: \"{scope}\"\n    reason: a staging twin\n"),
        );
        let (_, v) = probe_json(dir.path(), &[]);
        // Everything at that target is accepted, except what is about the plain-HTTP entry (its
        // own URL), which a URL prefix of the HTTPS site rightly does not cover.
        let left: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert!(
            left.len() <= 1 && v["suppressed"].as_array().unwrap().len() >= all - 1,
            "{scope}: {left:?}"
        );
    }
    // Another target's name is refused with a suggestion, not silently matching nothing.
    write(
        dir.path(),
        "launchgate.yml",
        format!("{policy}ignore:\n  - target: dmeo\n    reason: typo\n"),
    );
    let out = run_in(dir.path(), &["policy", "validate"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("no probe target is named `dmeo`")
            && out.stderr.contains("did you mean `demo`?"),
        "{}",
        out.stderr
    );
}

/// `probe.limits.max-page-body`: a page cut short is said, not passed over in silence, and a
/// value past its range is an error at its line.
#[test]
fn a_page_past_max_page_body_is_noted_and_the_limit_is_checked() {
    let d = demo(&[], &["localhost"]);
    let dir = tempfile::tempdir().unwrap();
    policy_for(dir.path(), &d, "localhost", "", "");
    let (_, v) = probe_json(dir.path(), &[]);
    assert!(
        !v["warnings"].to_string().contains("max-page-body"),
        "{}",
        v["warnings"]
    );
    policy_for(
        dir.path(),
        &d,
        "localhost",
        "",
        "  limits:\n    max-page-body: 64\n",
    );
    let (_, v) = probe_json(dir.path(), &[]);
    assert!(
        v["warnings"]
            .to_string()
            .contains("only its start was read, so scripts it loads further down were not seen (probe.limits.max-page-body)"),
        "{}",
        v["warnings"]
    );
    policy_for(
        dir.path(),
        &d,
        "localhost",
        "",
        "  limits:\n    max-page-body: 1GiB\n",
    );
    let out = run_in(dir.path(), &["policy", "validate"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    for expected in [
        "launchgate.yml:14:20",
        "`max-page-body` is too large",
        "expected at most 16MiB",
    ] {
        assert!(out.stderr.contains(expected), "{expected}: {}", out.stderr);
    }
}
