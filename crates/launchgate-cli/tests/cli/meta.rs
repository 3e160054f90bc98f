//! Meta tests over both registries: unique ids, documentation shape, and `--help` kept current.

use std::collections::HashSet;

use crate::common::*;

fn catalog() -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["rules", "--json"]);
    let v = serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap();
    assert_eq!(v["version"], 1, "the catalog is versioned");
    v["rules"].as_array().unwrap().clone()
}

#[test]
fn ids_are_unique_across_both_engines() {
    let mut seen = HashSet::new();
    for c in catalog() {
        let id = c["id"].as_str().unwrap().to_owned();
        assert!(seen.insert(id.clone()), "duplicate id {id}");
    }
}

#[test]
fn every_check_documents_why_what_how_and_references_in_order() {
    for c in catalog() {
        let docs = c["docs"].as_str().unwrap();
        let mut at = 0;
        for heading in [
            "## Why it matters",
            "## What fails",
            "## How to fix",
            "## References",
        ] {
            let Some(i) = docs[at..].find(heading) else {
                panic!("{}: `{heading}` missing or out of order", c["id"]);
            };
            at += i + heading.len();
        }
        let summary = c["summary"].as_str().unwrap();
        assert!(
            !summary.ends_with('.'),
            "{}: summary has a trailing period",
            c["id"]
        );
    }
}

#[test]
fn help_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let top = run_in(dir.path(), &["--help"]);
    let check = run_in(dir.path(), &["check", "--help"]);
    insta::assert_snapshot!(format!("{}\n=== check --help\n{}", top.stdout, check.stdout), @"
    launchgate: is this product ready for production traffic?

    Usage: launchgate [OPTIONS] <COMMAND>

    Commands:
      check     Run every engine the policy enables (repository scan and live probe) and decide
      scan      Scan the repository for leaked secrets and decide. `scan -` scans standard input (a CI
                log, a `git log -p` dump)
      baseline  Write the current findings' fingerprints (never the secrets) to a baseline file, so the
                policy's `baseline:` accepts them and only new findings fail
      probe     Probe the live targets listed in the policy and decide
      policy    Validate the policy, or show it after `extends`
      init      Write a commented starter launchgate.yml
      rules     List every rule and check, or show the documentation of one
      action    Run as the GitHub Action's entrypoint: the command line comes from the
                LAUNCHGATE_INPUT_* variables that action.yml sets (mode, path, policy, since, fail-on,
                sarif-file, no-fail, args)
      verdict   Exit with the verdict of a JSON report written earlier (`--json FILE`): 0 passed, 1
                failed. For pipelines that keep reports from one job and gate in the next (GitLab)
      help      Print this message or the help of the given subcommand(s)

    Options:
      -v, --verbose...
              More log output on stderr (-v info, -vv debug, -vvv trace)

      -q, --quiet
              Less output: only the verdict line on stdout, and only errors on stderr

          --color <COLOR>
              When to use colour in the human report and diagnostics

              Possible values:
              - auto:   Colour when stdout is a terminal and NO_COLOR is not set
              - always
              - never
              
              [default: auto]

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version

    Exit codes:
      0  the policy passed (or --no-fail was given)
      1  the policy failed: findings at or above fail-on, expired attestations, or files/targets
         that could not be checked
      2  the gate could not run: bad flag, invalid policy, unreadable path, unwritable report

    Environment:
      LAUNCHGATE_LOG              log filter (e.g. debug, launchgate_scan=trace); logs go to stderr
      LAUNCHGATE_FINGERPRINT_KEY  key for the keyed hash of secrets in fingerprints and evidence
      NO_COLOR                    disable colour (like --color never)
      GITHUB_ACTIONS, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT
                                  in GitHub Actions: annotations, job summary and step outputs

    === check --help
    Run every engine the policy enables (repository scan and live probe) and decide

    Usage: launchgate check [OPTIONS] [PATH]

    Arguments:
      [PATH]
              The repository or directory to scan (`-` for standard input)
              
              [default: .]

    Options:
          --history
              Scan all of git history too (the default inside a git repository, unless a pull-request
              base is detected in CI)

          --no-history
              Scan the working tree only

          --since <REV>
              Pull-request mode: scan only what REV..HEAD introduced. Detected in CI from
              GITHUB_BASE_REF / the pull_request event, or CI_MERGE_REQUEST_DIFF_BASE_SHA

          --refs <head|all>
              Which refs' history the verdict judges: `head` (the checked-out branch; the default) or
              `all` (every branch, tag and stash: a nightly leak scan). Overrides `scan.refs`; a CI
              template sets it for scheduled runs through the variable
              
              [env: LAUNCHGATE_REFS=]

          --staged
              Scan what the next commit records: the staged files whose content HEAD does not hold (for
              pre-commit hooks). Unstaged edits and history are not read

          --shard <K/N>
              Scan shard K of N (1-based), split by blob id, for CI matrix jobs

          --policy <FILE>
              Policy file, or `builtin:<name>`. Default: launchgate.yml in PATH, then in the current
              directory, then the built-in `launch-ready` policy

          --format <FORMAT>
              Format written to stdout

              Possible values:
              - human:              Scorecard, findings and verdict for people
              - json:               Versioned JSON report
              - sarif:              SARIF 2.1.0
              - github:             GitHub Actions workflow-command annotations
              - markdown:           Markdown summary
              - gitlab-codequality: GitLab Code Quality report
              - gitlab-secrets:     GitLab Secret Detection report
              - lines:              One line per finding (path:line:col: severity rule: message), for
                hooks and editors
              
              [default: human]

          --sarif <FILE>
              Also write a SARIF 2.1.0 report to FILE (for code scanning upload)

          --sarif-category <NAME>
              Code-scanning category of the SARIF run (default `launchgate`): give each workflow that
              uploads its own, so a nightly probe of production and a pre-deploy probe of staging do not
              replace each other's results

      -v, --verbose...
              More log output on stderr (-v info, -vv debug, -vvv trace)

          --json <FILE>
              Also write the JSON report to FILE

      -q, --quiet
              Less output: only the verdict line on stdout, and only errors on stderr

          --color <COLOR>
              When to use colour in the human report and diagnostics

              Possible values:
              - auto:   Colour when stdout is a terminal and NO_COLOR is not set
              - always
              - never
              
              [default: auto]

          --markdown <FILE>
              Also write the Markdown summary to FILE

          --gitlab-codequality <FILE>
              Also write a GitLab Code Quality report to FILE

          --gitlab-secrets <FILE>
              Also write a GitLab Secret Detection report to FILE

          --fail-on <SEVERITY>
              Fail on findings at or above this severity (overrides the policy's fail-on)
              
              [possible values: info, low, medium, high, critical]

          --no-fail
              Report only: exit 0 even when the policy fails (exit 2 still means the gate could not run)

          --threads <N>
              Worker threads for the scan (default: one per core)
              
              [default: 0]

          --ca-cert <FILE>
              Trust this CA certificate (PEM) too when probing, e.g. an internal staging CA (adds to the
              policy's `probe.tls.ca-file`)

          --dry-run
              List every request the probe would send (method, URL, what for, body size, credential by
              name) and exit 0: nothing is sent, scanned or reported

          --resolve <HOST:ADDR>
              Resolve HOST to ADDR when probing (like curl's --resolve, any port); repeatable

      -h, --help
              Print help (see a summary with '-h')
    ");
}

/// `docs/checks/<id>.md` is generated from each check's metadata (the `helpUri` of every SARIF
/// rule points there). Run with `LAUNCHGATE_BLESS=1` to regenerate after changing a rule.
#[test]
fn generated_check_docs_are_current() {
    let docs_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/checks");
    let bless = std::env::var_os("LAUNCHGATE_BLESS").is_some();
    if bless {
        let _ = std::fs::remove_dir_all(&docs_dir);
        std::fs::create_dir_all(&docs_dir).unwrap();
    }
    let catalog = catalog();
    let mut stale = Vec::new();
    let mut expected_files = HashSet::new();
    for c in &catalog {
        let id = c["id"].as_str().unwrap();
        let file = docs_dir.join(format!("{id}.md"));
        expected_files.insert(format!("{id}.md"));
        let text = format!(
            "<!-- generated from the check's metadata by `LAUNCHGATE_BLESS=1 cargo test -p launchgate-cli generated_check_docs`; do not edit -->\n\n{}",
            c["docs"].as_str().unwrap()
        );
        if bless {
            std::fs::write(&file, &text).unwrap();
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(id.to_owned());
        }
    }
    if !bless {
        for entry in std::fs::read_dir(&docs_dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !expected_files.contains(&name) {
                stale.push(format!("{name} (no such check)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale docs (run with LAUNCHGATE_BLESS=1): {stale:?}"
    );
}

/// `docs/services.md` lists every service the secret rules cover, generated from the catalog
/// (`launchgate rules --services` prints the same list). `LAUNCHGATE_BLESS=1` regenerates it.
#[test]
fn generated_services_page_is_current() {
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/services.md");
    let mut by: std::collections::BTreeMap<String, (String, Vec<String>)> = Default::default();
    for c in catalog() {
        if let Some(service) = c["service"].as_str() {
            by.entry(service.to_ascii_lowercase())
                .or_insert_with(|| (service.to_owned(), Vec::new()))
                .1
                .push(c["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(by.len() >= 500, "only {} services", by.len());
    let mut text = format!(
        "<!-- generated from the rule catalog by `LAUNCHGATE_BLESS=1 cargo test -p launchgate-cli generated_services_page`; do not edit -->\n\n# Services covered by the secret rules\n\n{} services, {} rules. Each rule's page says what it matches and how to fix a finding; `launchgate rules --services` prints this list.\n\n| Service | Rules |\n|---|---|\n",
        by.len(),
        by.values().map(|(_, ids)| ids.len()).sum::<usize>()
    );
    for (name, ids) in by.values() {
        let links: Vec<String> = ids
            .iter()
            .map(|id| format!("[`{id}`](checks/{id}.md)"))
            .collect();
        text.push_str(&format!(
            "| {} | {} |\n",
            name.replace('|', "\\|"),
            links.join(", ")
        ));
    }
    if std::env::var_os("LAUNCHGATE_BLESS").is_some() {
        std::fs::write(&page, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&page).ok().as_deref(),
        Some(text.as_str()),
        "docs/services.md is stale (run with LAUNCHGATE_BLESS=1)"
    );
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_check_id_is_a_string_literal_outside_its_definition() {
    let ids: Vec<String> = catalog()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in std::fs::read_dir(&crates).unwrap().flatten() {
        let src = krate.path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // Unit tests may name what they test.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let t = line.trim_start();
            let definition = t.starts_with("id: \"") || t.starts_with("pub const ID: &str");
            if definition || t.starts_with("//") {
                continue;
            }
            for id in &ids {
                if line.contains(&format!("\"{id}\"")) {
                    found.push(format!("{}:{}: {id}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "check ids written out of place:\n{}",
        found.join("\n")
    );
}
