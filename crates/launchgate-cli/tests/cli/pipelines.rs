//! Shipping in pipelines: the GitHub Action's metadata and entrypoint, the workflows and the
//! GitLab template, the pre-commit hook, the `verdict` command and the policy JSON Schema.

use std::path::{Path, PathBuf};

use crate::common::*;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A YAML file as JSON (for schema validation and structure checks).
fn yaml(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}

/// An official schema from `../shared/schemas` (tests that read them are ignored, and say so,
/// when the directory is absent: see build.rs).
fn shared_schema(name: &str) -> serde_json::Value {
    let path = repo_root().join("../shared/schemas").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn errors(schema: &serde_json::Value, instance: &serde_json::Value) -> Vec<String> {
    let v = jsonschema::validator_for(schema).unwrap();
    v.iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn files(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)))
        .collect();
    out.sort();
    out
}

#[test]
#[cfg_attr(
    not(shared_schemas),
    ignore = "needs the official schemas in ../shared/schemas"
)]
fn action_metadata_validates_against_the_official_schema() {
    let action = yaml(&repo_root().join("action.yml"));
    let schema = shared_schema("github-action.json");
    assert!(
        !errors(&schema, &serde_json::json!({"name": 1})).is_empty(),
        "the schema rejects nonsense"
    );
    let errs = errors(&schema, &action);
    assert!(errs.is_empty(), "action.yml: {errs:#?}");
}

#[test]
fn action_metadata_maps_every_input() {
    let action = yaml(&repo_root().join("action.yml"));
    assert_eq!(action["runs"]["using"], "docker");
    assert_eq!(action["runs"]["image"], "Dockerfile");
    assert_eq!(action["runs"]["args"], serde_json::json!(["action"]));
    // Every input reaches the entrypoint through an explicit variable, and nothing else does.
    let inputs: Vec<String> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let env = action["runs"]["env"].as_object().unwrap();
    assert_eq!(inputs.len(), env.len());
    for input in &inputs {
        let var = format!(
            "LAUNCHGATE_INPUT_{}",
            input.to_ascii_uppercase().replace('-', "_")
        );
        assert_eq!(
            env.get(&var).and_then(|v| v.as_str()),
            Some(format!("${{{{ inputs.{input} }}}}").as_str()),
            "{input}"
        );
    }
    for output in ["verdict", "findings", "sarif-file"] {
        assert!(
            action["outputs"][output]["description"].is_string(),
            "{output}"
        );
    }
}

#[test]
fn workflows_templates_and_hooks_parse() {
    let root = repo_root();
    let mut workflows = files(&root.join(".github/workflows"), &["yml", "yaml"]);
    workflows.extend(files(&root.join("examples/github"), &["yml", "yaml"]));
    assert!(workflows.len() >= 6, "{workflows:?}");
    for w in &workflows {
        let v = yaml(w);
        assert!(v.get("on").is_some(), "{}: no `on`", w.display());
        let jobs = v["jobs"]
            .as_object()
            .unwrap_or_else(|| panic!("{}: no jobs", w.display()));
        for (name, job) in jobs {
            assert!(
                job.get("runs-on").is_some() || job.get("uses").is_some(),
                "{}: job {name} has no runs-on",
                w.display()
            );
        }
    }
    // upload-sarif's `category` is ignored when the SARIF names its own (launchgate's do):
    // workflows must use the action's `sarif-category` input instead.
    for w in &workflows {
        let v = yaml(w);
        for job in v["jobs"].as_object().unwrap().values() {
            for step in job["steps"].as_array().into_iter().flatten() {
                let uses = step["uses"].as_str().unwrap_or_default();
                if uses.starts_with("github/codeql-action/upload-sarif") {
                    assert!(
                        step["with"].get("category").is_none(),
                        "{}: upload-sarif `category` has no effect",
                        w.display()
                    );
                }
            }
        }
    }
    let gitlab = yaml(&root.join("examples/gitlab/launchgate.gitlab-ci.yml"));
    for job in ["launchgate-report", "launchgate-gate"] {
        assert!(gitlab[job]["script"].is_array(), "{job}: {gitlab:#}");
    }
    assert_eq!(gitlab[".launchgate"]["variables"]["GIT_DEPTH"], 0);
    assert_eq!(
        gitlab["launchgate-report"]["artifacts"]["reports"]["secret_detection"],
        "gl-secret-detection-report.json"
    );
    let hooks = yaml(&root.join(".pre-commit-hooks.yaml"));
    assert_eq!(hooks[0]["id"], "launchgate");
}

fn chown_to_another_user(path: &Path) -> bool {
    if crate::history::euid() != 0 {
        println!("note: not running as root; the workspace keeps its owner");
        return false;
    }
    let ok = std::process::Command::new("chown")
        .args(["-R", "4243:4243"])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    true
}

#[test]
fn the_action_entrypoint_reports_like_a_github_step() {
    let repo = leaky_repo();
    chown_to_another_user(repo.path());
    let tmp = tempfile::tempdir().unwrap();
    let outputs = tmp.path().join("output");
    let summary = tmp.path().join("summary");
    let mut cmd = launchgate(repo.path());
    cmd.arg("action")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("LAUNCHGATE_INPUT_MODE", "scan")
        .env("LAUNCHGATE_INPUT_PATH", ".")
        .env("LAUNCHGATE_INPUT_POLICY", "")
        .env("LAUNCHGATE_INPUT_SINCE", "")
        .env("LAUNCHGATE_INPUT_FAIL_ON", "")
        .env(
            "LAUNCHGATE_INPUT_SARIF_FILE",
            tmp.path().join("launchgate.sarif"),
        )
        .env("LAUNCHGATE_INPUT_SARIF_CATEGORY", "launchgate-nightly")
        .env("LAUNCHGATE_INPUT_NO_FAIL", "false")
        .env("LAUNCHGATE_INPUT_ARGS", "--history");
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_no_secret("action stdout", &out.stdout);
    assert!(
        out.stdout.contains("::error file=src/billing.js,line=2"),
        "annotations: {}",
        out.stdout
    );
    let outputs = std::fs::read_to_string(&outputs).unwrap();
    assert!(outputs.contains("verdict=fail\n"), "{outputs}");
    assert!(outputs.contains("findings=2\n"), "{outputs}");
    assert!(outputs.contains("sarif-file="), "{outputs}");
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert_no_secret("summary", &summary);
    assert!(summary.contains("stripe-live-secret-key"), "{summary}");
    let sarif = std::fs::read_to_string(tmp.path().join("launchgate.sarif")).unwrap();
    assert_no_secret("sarif", &sarif);
    // upload-sarif ignores its own `category` when the file names one, so the input sets it.
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        "launchgate-nightly/scan/"
    );

    // report only: the same findings, exit 0.
    let mut cmd = launchgate(repo.path());
    cmd.arg("action")
        .env("LAUNCHGATE_INPUT_MODE", "scan")
        .env("LAUNCHGATE_INPUT_NO_FAIL", "true");
    assert_eq!(run(cmd).code, 0);

    // A bad input is the gate not running: exit 2, named.
    let mut cmd = launchgate(repo.path());
    cmd.arg("action").env("LAUNCHGATE_INPUT_MODE", "deploy");
    let out = run(cmd);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("input `mode` is `deploy`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_later_job_gates_on_an_earlier_jobs_report() {
    let repo = leaky_repo();
    let out = run_in(repo.path(), &["scan", "--no-fail", "--json", "report.json"]);
    assert_eq!(out.code, 0, "report-only run");
    let out = run_in(repo.path(), &["verdict", "report.json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.starts_with("FAIL: "), "{}", out.stdout);

    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "a.txt", "hello\n");
    run_in(clean.path(), &["scan", "--json", "report.json"]);
    let out = run_in(clean.path(), &["verdict", "report.json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);

    write(clean.path(), "bad.json", "{\"version\": 1}");
    assert_eq!(run_in(clean.path(), &["verdict", "bad.json"]).code, 2);
    assert_eq!(run_in(clean.path(), &["verdict", "missing.json"]).code, 2);
}

/// The output of `launchgate <args>` run in the repository, which must equal the committed file
/// `rel` (rewritten first under `LAUNCHGATE_BLESS=1`).
fn generated_file(rel: &str, args: &[&str]) -> String {
    let root = repo_root();
    let committed_path = root.join(rel);
    let out = run_in(&root, args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    if std::env::var_os("LAUNCHGATE_BLESS").is_some() {
        std::fs::write(&committed_path, &out.stdout).unwrap();
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == out.stdout,
        "{rel} is stale: run with LAUNCHGATE_BLESS=1"
    );
    committed
}

/// The key reference is generated from the same declarations as the schema and the validator.
#[test]
fn the_policy_reference_is_current() {
    let committed = generated_file("docs/policy.md", &["policy", "reference"]);
    assert!(committed.contains("| `max-requests` | a whole number, 20 to 10000 | `200` |"));
}

#[test]
fn the_policy_schema_is_current_and_accepts_every_shipped_policy() {
    let root = repo_root();
    let committed = generated_file("policies/launchgate.schema.json", &["policy", "schema"]);
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let mut policies = files(&root.join("policies"), &["yml"]);
    policies.extend(files(&root.join("examples/policies"), &["yml"]));
    policies.push(root.join("examples/demo.yml"));
    policies.push(root.join("launchgate.yml"));
    for p in &policies {
        let errs = errors(&schema, &yaml(p));
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
    }
    // A typo is caught in the editor too.
    let typo = serde_json::json!({"version": 1, "scan": {"histroy": false}});
    assert!(!errors(&schema, &typo).is_empty());
    let bad_timeout = serde_json::json!({"version": 1, "probe": {"limits": {"timeout": 10}}});
    assert!(!errors(&schema, &bad_timeout).is_empty());
}

/// Action majors GitHub has deprecated or announced the end of: a recipe that uses one breaks
/// for the user who copies it.
const OLDEST_SUPPORTED_MAJOR: &[(&str, u32)] = &[
    // upload-sarif v3 is deprecated in December 2026.
    ("github/codeql-action/", 4),
    // v3 of the artifact actions stopped working in January 2025.
    ("actions/upload-artifact", 4),
    ("actions/download-artifact", 4),
    ("actions/cache", 4),
    // v2 and v3 run on Node 12 and 16, which runners no longer have.
    ("actions/checkout", 4),
    ("actions/setup-python", 5),
    ("actions/setup-node", 4),
];

#[test]
fn every_recipe_pins_its_actions_by_commit_and_none_uses_a_deprecated_major() {
    let root = repo_root();
    let mut sources = files(&root.join(".github/workflows"), &["yml", "yaml"]);
    sources.extend(files(&root.join("examples/github"), &["yml", "yaml"]));
    sources.extend(files(&root.join("docs/ci"), &["md"]));
    sources.push(root.join("README.md"));
    let uses = regex::Regex::new(r"uses:\s*([^\s@#]+)@([^\s#]+)(?:\s*#\s*(\S+))?").unwrap();
    let mut seen = 0;
    for file in &sources {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some(c) = uses.captures(line) else {
                continue;
            };
            let at = format!("{}:{}", file.display(), n + 1);
            let (action, reference) = (&c[1], &c[2]);
            seen += 1;
            // Our own action is referenced by its release tag (see .github/zizmor.yml).
            if action == "launchgate/launchgate" || action.starts_with("./") {
                continue;
            }
            assert!(
                reference.len() == 40 && reference.chars().all(|ch| ch.is_ascii_hexdigit()),
                "{at}: {action}@{reference} is not pinned to a commit"
            );
            let version = c
                .get(3)
                .map(|m| m.as_str())
                .unwrap_or_else(|| panic!("{at}: the pin of {action} has no `# vX.Y.Z` comment"));
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or_else(|| panic!("{at}: `{version}` is not a version"));
            if let Some((_, oldest)) = OLDEST_SUPPORTED_MAJOR
                .iter()
                .find(|(prefix, _)| action.starts_with(prefix))
            {
                assert!(
                    major >= *oldest,
                    "{at}: {action} {version} is a deprecated major (use v{oldest} or later)"
                );
            }
        }
    }
    assert!(seen >= 20, "only {seen} `uses:` lines found");
}
