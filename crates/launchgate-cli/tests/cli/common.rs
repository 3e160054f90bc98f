//! Helpers: run the binary in a clean environment, build git repositories, assemble fake secrets
//! at run time, and scrub temp paths and timings from output before snapshotting.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Fake credentials, assembled at run time so no source file holds a secret-shaped literal.
pub(crate) fn aws_key() -> String {
    ["AKIA", "Z3QW7RT2", "LX5VNM4K"].concat()
}
pub(crate) fn stripe_key() -> String {
    ["sk_live_", "4eC39HqLyjWDarjt", "T1zdp7dcXq3Zr8Lm"].concat()
}

/// Every distinctive piece of every fake secret, for "never printed" assertions.
pub(crate) fn secret_fragments() -> Vec<String> {
    let mut v = Vec::new();
    for s in [aws_key(), stripe_key()] {
        v.push(s[s.len() - 12..].to_owned());
        v.push(s.clone());
    }
    v
}

/// Asserts no fake secret (or a long piece of one) appears in `text`.
pub(crate) fn assert_no_secret(what: &str, text: &str) {
    for frag in secret_fragments() {
        assert!(
            !text.contains(&frag),
            "{what} contains secret material `{frag}`:\n{text}"
        );
    }
}

pub(crate) struct Output {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Output {
    /// Exit code, stdout and stderr together, with temp paths and timings replaced.
    pub(crate) fn snapshot(&self, tmp: &Path) -> String {
        let scrub = |s: &str| scrub(s, tmp);
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            scrub(&self.stdout),
            scrub(&self.stderr)
        )
    }
}

pub(crate) fn scrub(s: &str, tmp: &Path) -> String {
    let mut out = s.to_owned();
    for p in [
        tmp.canonicalize().unwrap_or_else(|_| tmp.to_path_buf()),
        tmp.to_path_buf(),
    ] {
        out = out.replace(&p.display().to_string(), "[TMP]");
    }
    out = out.replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    // "in 24 ms" / "in 1.2 s"
    let re_words: Vec<&str> = out.split_inclusive('\n').collect();
    re_words
        .into_iter()
        .map(|line| {
            // "(33 B, 10.7 KiB/s)": throughput varies run to run.
            let line = &match line.find("/s)") {
                Some(end) => match line[..end].rfind(", ") {
                    Some(start) => format!("{}, [RATE]{}", &line[..start], &line[end + 2..]),
                    None => line.to_owned(),
                },
                None => line.to_owned(),
            };
            // "with 1094 rules": the catalog grows with every rule added.
            let line = &match line.find(" rules in ") {
                Some(end) => match line[..end].rfind(" with ") {
                    Some(start) => format!("{} with [N] rules{}", &line[..start], &line[end + 6..]),
                    None => line.to_owned(),
                },
                None => line.to_owned(),
            };
            // "introduced in 1a2b3c4d5e6f by … on 2026-11-22": the test repo's commits are new.
            let line = &match line.find("introduced in ") {
                Some(i) => {
                    let mut l = line.to_owned();
                    l.replace_range(i + 14..(i + 26).min(l.len()), "[SHA]");
                    // The date, not the refs (`; on main`).
                    if let Some(d) = l
                        .match_indices(" on ")
                        .map(|(d, _)| d)
                        .find(|&d| l[d + 4..].starts_with(|c: char| c.is_ascii_digit()))
                    {
                        l.replace_range(d + 4..(d + 14).min(l.len()), "[DATE]");
                    }
                    l
                }
                None => line.to_owned(),
            };
            if !line.contains("= history:")
                && let Some(i) = line.find(" in ")
                && (line.trim_end().ends_with(" ms")
                    || line.trim_end().ends_with(" s")
                    || line.contains(" ms,")
                    || line.contains(" s,"))
            {
                let rest = &line[i + 4..];
                let end = rest.find([',', '\n']).unwrap_or(rest.len());
                return format!("{} in [DURATION]{}", &line[..i], &rest[end..]);
            }
            line.to_owned()
        })
        .collect()
}

/// The binary under test, in `dir`, with a clean environment.
pub(crate) fn launchgate(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("launchgate"));
    cmd.current_dir(dir);
    for var in [
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_OUTPUT",
        "LAUNCHGATE_LOG",
        "LAUNCHGATE_FINGERPRINT_KEY",
        "LAUNCHGATE_REFS",
        "GITLAB_CI",
        "CI",
        "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH",
        "GITHUB_BASE_REF",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA",
        "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

pub(crate) fn run(mut cmd: Command) -> Output {
    let out = cmd.output().expect("run launchgate");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = launchgate(dir);
    cmd.args(args);
    run(cmd)
}

pub(crate) fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, content).unwrap();
    p
}

/// A temp dir holding a git repository with one commit of `files`.
pub(crate) fn git_repo(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in files {
        write(dir.path(), rel, content);
    }
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "initial"]);
    dir
}

pub(crate) fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// `git` with output captured: its trimmed stdout.
pub(crate) fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Writes `files` and commits them with `message`.
pub(crate) fn commit(dir: &Path, files: &[(&str, String)], message: &str) -> String {
    for (rel, content) in files {
        write(dir, rel, content);
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
    git_out(dir, &["rev-parse", "HEAD"])
}

/// The JSON report of a run.
pub(crate) fn json_report(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run_in(dir, &all);
    assert_no_secret("json report", &out.stdout);
    assert_no_secret("stderr", &out.stderr);
    let v = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
    (out.code, v)
}

/// `(check, path, commit)` of every finding in a JSON report.
pub(crate) fn findings_of(v: &serde_json::Value) -> Vec<(String, String, Option<String>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                f["location"]["commit"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// A repository with a planted AWS key and a planted Stripe live key.
pub(crate) fn leaky_repo() -> tempfile::TempDir {
    git_repo(&[
        (
            "src/billing.js",
            format!(
                "// billing\nconst stripe = require('stripe')(\"{}\");\n",
                stripe_key()
            ),
        ),
        (
            "deploy/env.sh",
            format!("#!/bin/sh\n\nexport AWS_ACCESS_KEY_ID={}\n", aws_key()),
        ),
        ("README.md", "# app\n".to_owned()),
    ])
}
