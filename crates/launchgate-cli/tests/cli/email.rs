//! The domain checks through the binary, against a real DNS server on 127.0.0.1 serving a test
//! zone: a well-configured domain has no findings, and each defect, served on purpose on its own
//! domain, is found with its rule id and nothing else fires there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::*;

/// A DKIM `p=` value: the base64 SubjectPublicKeyInfo of a fresh RSA key of `bits`.
fn dkim_key(dir: &Path, bits: u32) -> String {
    let key = dir.join(format!("k{bits}.pem"));
    let ok = std::process::Command::new("openssl")
        .args(["genrsa", "-out"])
        .arg(&key)
        .arg(bits.to_string())
        .output()
        .expect("openssl runs")
        .status
        .success();
    assert!(ok);
    let out = std::process::Command::new("openssl")
        .args(["rsa", "-pubout", "-in"])
        .arg(&key)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect()
}

/// TXT data split into 255-byte character-strings, as zone files need.
fn txt(s: &str) -> String {
    s.as_bytes()
        .chunks(200)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A well-configured domain's records, with `changes` replacing (or, when empty, removing) the
/// record for a label: "spf", "dmarc", "dkim", "mx", "tlsrpt".
fn domain(name: &str, key: &str, changes: &[(&str, &str)]) -> String {
    let good = [
        (
            "spf",
            format!(
                "{name} IN TXT {}",
                txt("v=spf1 include:_spf.good.test -all")
            ),
        ),
        (
            "dmarc",
            format!(
                "_dmarc.{name} IN TXT {}",
                txt(&format!("v=DMARC1; p=reject; rua=mailto:dmarc@{name}.test"))
            ),
        ),
        (
            "dkim",
            format!(
                "s1._domainkey.{name} IN TXT {}",
                txt(&format!("v=DKIM1; k=rsa; p={key}"))
            ),
        ),
        ("mx", format!("{name} IN MX 10 mx.good.test.")),
        (
            "tlsrpt",
            format!(
                "_smtp._tls.{name} IN TXT {}",
                txt(&format!("v=TLSRPTv1; rua=mailto:tls@{name}.test"))
            ),
        ),
        ("caa", format!("{name} IN CAA 0 issue \"letsencrypt.org\"")),
    ];
    let mut out = String::new();
    for (label, record) in good {
        match changes.iter().find(|(l, _)| *l == label) {
            Some((_, "")) => {}
            Some((_, replacement)) => {
                out.push_str(replacement);
                out.push('\n');
            }
            None => {
                out.push_str(&record);
                out.push('\n');
            }
        }
    }
    out
}

/// A domain label, the records it changes, and the checks that must fire on it (only those).
type Case = (&'static str, Vec<(&'static str, String)>, Vec<&'static str>);

#[test]
fn each_email_defect_is_found_on_its_domain_and_a_good_domain_passes() {
    let keys = tempfile::tempdir().unwrap();
    let strong = dkim_key(keys.path(), 2048);
    let weak = dkim_key(keys.path(), 1024);
    let spf = |n: &str, v: &str| format!("{n} IN TXT {}", txt(v));
    let many: String = (1..=11).map(|i| format!(" a:h{i}.many.test")).collect();
    let mut zone = String::from(
        "$ORIGIN test.\n$TTL 300\n@ IN SOA ns.test. admin.test. 1 3600 600 86400 300\n@ IN NS ns.test.\nns IN A 127.0.0.1\n\
         _spf.good IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\nmx.good IN A 192.0.2.25\nstaging.good IN A 192.0.2.80\n\
         mail.mxcname IN CNAME mx.good.test.\n\
         promo.good IN CNAME gone.good.test.\nwww.good IN CNAME mx.good.test.\n",
    );
    for i in 1..=11 {
        zone.push_str(&format!("h{i}.many IN A 192.0.2.{i}\n"));
    }
    let cases: Vec<Case> = vec![
        ("good", vec![], vec![]),
        ("nospf", vec![("spf", String::new())], vec!["spf-missing"]),
        (
            "multi",
            vec![(
                "spf",
                format!(
                    "{}\n{}",
                    spf("multi", "v=spf1 -all"),
                    spf("multi", "v=spf1 ~all")
                ),
            )],
            vec!["spf-invalid"],
        ),
        (
            "loop",
            vec![("spf", spf("loop", "v=spf1 include:loop.test -all"))],
            vec!["spf-invalid"],
        ),
        (
            "many",
            vec![("spf", spf("many", &format!("v=spf1{many} -all")))],
            vec!["spf-invalid"],
        ),
        (
            "void",
            vec![(
                "spf",
                spf(
                    "void",
                    "v=spf1 a:v1.void.test a:v2.void.test a:v3.void.test -all",
                ),
            )],
            vec!["spf-invalid"],
        ),
        (
            "syntax",
            vec![("spf", spf("syntax", "v=spf1 ip4:300.1.1.1 -all"))],
            vec!["spf-invalid"],
        ),
        (
            "plusall",
            vec![("spf", spf("plusall", "v=spf1 +all"))],
            vec!["spf-too-permissive"],
        ),
        (
            "noall",
            vec![("spf", spf("noall", "v=spf1 ip4:192.0.2.1"))],
            vec!["spf-no-all"],
        ),
        (
            "ptr",
            vec![("spf", spf("ptr", "v=spf1 ptr -all"))],
            vec!["spf-ptr-used"],
        ),
        (
            "nodmarc",
            vec![("dmarc", String::new())],
            vec!["dmarc-missing"],
        ),
        (
            "dmarcbad",
            vec![(
                "dmarc",
                format!(
                    "_dmarc.dmarcbad IN TXT {}",
                    txt("v=DMARC1; p=block; rua=mailto:d@dmarcbad.test")
                ),
            )],
            vec!["dmarc-invalid"],
        ),
        (
            "dmarcnone",
            vec![(
                "dmarc",
                format!(
                    "_dmarc.dmarcnone IN TXT {}",
                    txt("v=DMARC1; p=none; rua=mailto:d@dmarcnone.test")
                ),
            )],
            vec!["dmarc-policy-weak"],
        ),
        (
            "norua",
            vec![(
                "dmarc",
                format!("_dmarc.norua IN TXT {}", txt("v=DMARC1; p=reject")),
            )],
            vec!["dmarc-no-reports"],
        ),
        (
            "nodkim",
            vec![("dkim", String::new())],
            vec!["dkim-missing"],
        ),
        (
            "weakdkim",
            vec![(
                "dkim",
                format!(
                    "s1._domainkey.weakdkim IN TXT {}",
                    txt(&format!("v=DKIM1; t=y; p={weak}"))
                ),
            )],
            vec!["dkim-key-weak"],
        ),
        (
            "revoked",
            vec![(
                "dkim",
                format!("s1._domainkey.revoked IN TXT {}", txt("v=DKIM1; p=")),
            )],
            vec!["dkim-key-weak"],
        ),
        ("nomx", vec![("mx", String::new())], vec!["mx-missing"]),
        (
            "mxcname",
            vec![("mx", "mxcname IN MX 10 mail.mxcname.test.".to_owned())],
            vec!["mx-invalid"],
        ),
        (
            "nullmx",
            vec![
                ("mx", "nullmx IN MX 0 .".to_owned()),
                ("spf", spf("nullmx", "v=spf1 include:_spf.good.test -all")),
                (
                    "dmarc",
                    format!(
                        "_dmarc.nullmx IN TXT {}",
                        txt("v=DMARC1; p=quarantine; rua=mailto:d@nullmx.test")
                    ),
                ),
            ],
            vec!["null-mx-inconsistent"],
        ),
        (
            "notlsrpt",
            vec![("tlsrpt", String::new())],
            vec!["tls-rpt-missing"],
        ),
        ("nocaa", vec![("caa", String::new())], vec!["caa-missing"]),
        // MTA-STS announced, but its policy host does not exist: `.test` never resolves.
        (
            "sts",
            vec![(
                "tlsrpt",
                format!(
                    "_smtp._tls.sts IN TXT {}\n_mta-sts.sts IN TXT \"v=STSv1; id=1\"",
                    txt("v=TLSRPTv1; rua=mailto:tls@sts.test")
                ),
            )],
            vec!["mta-sts-invalid"],
        ),
        (
            "extrua",
            vec![(
                "dmarc",
                format!(
                    "_dmarc.extrua IN TXT {}",
                    txt("v=DMARC1; p=reject; rua=mailto:d@reports.good.test")
                ),
            )],
            vec!["dmarc-report-destination-unauthorized"],
        ),
        (
            "authrua",
            vec![(
                "dmarc",
                format!(
                    "_dmarc.authrua IN TXT {}\nauthrua.test._report._dmarc.reports.good IN TXT \"v=DMARC1\"",
                    txt("v=DMARC1; p=reject; rua=mailto:d@reports.good.test")
                ),
            )],
            vec![],
        ),
    ];
    for (name, changes, _) in &cases {
        let changes: Vec<(&str, &str)> = changes.iter().map(|(l, r)| (*l, r.as_str())).collect();
        zone.push_str(&domain(name, &strong, &changes));
    }
    let dns = demo_target::dns::spawn(&zone).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let domains: Vec<String> = cases.iter().map(|(n, _, _)| format!("{n}.test")).collect();
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nchecks:\n  mta-sts-missing: off      # covered by fixtures; policy files need HTTPS on port 443\nprobe:\n  limits:\n    timeout: 2s\n  email:\n    domains: [{}]\n    dkim-selectors: [s1]\n  dns:\n    nameservers: [\"{dns}\"]\n    must-not-resolve: [staging.good.test, preview.good.test]\n    hosts: [promo.good.test, www.good.test]\n",
            domains.join(", ")
        ),
    );
    let (code, v) = json_report(dir.path(), &["probe"]);
    assert_eq!(code, 1, "{v:#}");
    assert!(
        v["errors"].as_array().unwrap().is_empty(),
        "{:#}",
        v["errors"]
    );
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in v["findings"].as_array().unwrap() {
        let name = f["location"]["name"].as_str().unwrap_or_default();
        let domain = name
            .split('.')
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(".");
        found
            .entry(domain)
            .or_default()
            .insert(f["id"].as_str().unwrap().to_owned());
    }
    for (name, _, expected) in &cases {
        let got = found.remove(&format!("{name}.test")).unwrap_or_default();
        let mut want: BTreeSet<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        if *name == "good" {
            // The retired staging host and the dangling promo alias live under good.test.
            want.insert("staging-host-resolves".to_owned());
            want.insert("dangling-cname".to_owned());
        }
        assert_eq!(got, want, "{name}.test: {v:#}");
    }
    assert!(found.is_empty(), "findings on unexpected names: {found:?}");
    // Alignment and the SPF lookup count are shown for each domain.
    let notes = v["warnings"].to_string();
    assert!(
        notes.contains("good.test: DMARC alignment is relaxed for DKIM and relaxed for SPF")
            && notes.contains("SPF walked 1 DNS lookup of 10"),
        "{notes}"
    );
}

#[test]
fn dns_that_does_not_answer_is_could_not_check_never_a_pass() {
    let hole = demo_target::dns::black_hole().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nprobe:\n  limits:\n    timeout: 1s\n  email:\n    domain: example.test\n  dns:\n    nameservers: [\"{hole}\"]\n"
        ),
    );
    let (code, v) = json_report(dir.path(), &["probe"]);
    assert_eq!(code, 1, "{v:#}");
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v:#}");
    let errors = v["errors"].to_string();
    assert!(errors.contains("could not check"), "{errors}");
    // One error, after one round of lookups: the rest would wait as long for nothing.
    assert_eq!(v["errors"].as_array().unwrap().len(), 1, "{errors}");
    assert!(
        errors.contains("no DNS answer for example.test"),
        "{errors}"
    );
}

#[test]
fn a_domain_that_does_not_exist_is_one_error_not_a_list_of_missing_records() {
    let ns = demo_target::dns::spawn(
        "$ORIGIN test.\n$TTL 300\n@ IN SOA ns.test. admin.test. 1 3600 600 86400 300\n@ IN NS ns.test.\nns IN A 127.0.0.1\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nprobe:\n  limits:\n    timeout: 2s\n  email:\n    domain: exmaple.test\n  dns:\n    nameservers: [\"{ns}\"]\n"
        ),
    );
    let (code, v) = json_report(dir.path(), &["probe"]);
    assert_eq!(code, 1, "{v:#}");
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v:#}");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .to_string()
            .contains("the domain exmaple.test does not exist (NXDOMAIN)"),
        "{errors:#?}"
    );
}

#[test]
fn domain_findings_in_sarif_point_at_the_line_naming_the_domain() {
    let zone = "$ORIGIN test.\n$TTL 300\n@ IN SOA ns.test. admin.test. 1 3600 600 86400 300\n@ IN NS ns.test.\nopen IN TXT \"v=spf1 +all\"\n";
    let dns = demo_target::dns::spawn(zone).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        format!(
            "version: 1\nprobe:\n  dns:\n    nameservers: [\"{dns}\"]\n  email:\n    domain: open.test\n"
        ),
    );
    let out = run_in(dir.path(), &["probe", "--sarif", "out.sarif"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).unwrap())
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let permissive = results
        .iter()
        .find(|r| r["ruleId"] == "spf-too-permissive")
        .unwrap_or_else(|| panic!("{sarif:#}"));
    let loc = &permissive["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "launchgate.yml");
    assert_eq!(loc["region"]["startLine"], 6, "{permissive:#}");
    assert!(
        permissive["message"]["text"]
            .as_str()
            .unwrap()
            .contains("open.test")
    );
}

#[test]
fn bad_email_and_dns_settings_exit_2_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "launchgate.yml",
        "version: 1\nprobe:\n  email:\n    domain: https://example.com/\n    dmarc-min-policy: strict\n  dns:\n    nameservers: [\"not-an-ip\"]\n",
    );
    let out = run_in(dir.path(), &["probe"]);
    assert_eq!(out.code, 2);
    for expected in [
        "launchgate.yml:4:13",
        "invalid domain name `https://example.com/`",
        "invalid value `strict` for `dmarc-min-policy`",
        "invalid nameserver `not-an-ip`",
    ] {
        assert!(out.stderr.contains(expected), "{expected}: {}", out.stderr);
    }
}

#[test]
fn hygiene_findings_point_at_the_policy_line_that_named_the_host() {
    // A real zone on 127.0.0.1 for a name outside the reserved test TLDs, as a site's would be.
    let ns = demo_target::dns::spawn(
        "$ORIGIN shopfront.com.\n$TTL 300\n@ IN SOA ns.shopfront.com. admin.shopfront.com. 1 3600 600 86400 300\n@ IN NS ns.shopfront.com.\nns IN A 127.0.0.1\nwww IN A 127.0.0.1\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prod-gate.yml",
        format!(
            "version: 1\nprobe:\n  limits:\n    timeout: 1s\n  dns:\n    nameservers: [\"{ns}\"]\n  targets:\n    - name: shop\n      url: https://www.shopfront.com:9/\n"
        ),
    );
    let (_, v) = json_report(dir.path(), &["probe", "--policy", "prod-gate.yml"]);
    let caa = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "caa-missing")
        .unwrap_or_else(|| panic!("no caa-missing: {v:#}"))
        .clone();
    // The target's line (8), not the dns section's, and never an invented `launchgate.yml:1:1`.
    assert_eq!(caa["location"]["policy"], "prod-gate.yml:8:7", "{caa:#}");
}
