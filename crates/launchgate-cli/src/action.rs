//! `launchgate action`: the GitHub Action's entrypoint. `action.yml` maps each input to a
//! `LAUNCHGATE_INPUT_*` variable (explicitly, through `runs.env`), and this turns them into the
//! command line a user would have typed, so the action has no logic of its own to test apart.

use anyhow::{Context, bail};

/// The inputs `action.yml` declares, as the variables it sets.
pub(crate) const INPUTS: &[(&str, &str)] = &[
    ("mode", "LAUNCHGATE_INPUT_MODE"),
    ("path", "LAUNCHGATE_INPUT_PATH"),
    ("policy", "LAUNCHGATE_INPUT_POLICY"),
    ("since", "LAUNCHGATE_INPUT_SINCE"),
    ("fail-on", "LAUNCHGATE_INPUT_FAIL_ON"),
    ("sarif-file", "LAUNCHGATE_INPUT_SARIF_FILE"),
    ("sarif-category", "LAUNCHGATE_INPUT_SARIF_CATEGORY"),
    ("no-fail", "LAUNCHGATE_INPUT_NO_FAIL"),
    ("args", "LAUNCHGATE_INPUT_ARGS"),
];

/// The command line for the inputs `get` returns (empty strings count as unset).
pub(crate) fn argv(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Vec<String>> {
    let input = |name: &str| {
        let var = INPUTS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap_or_default();
        get(var)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mode = input("mode").unwrap_or_else(|| "check".to_owned());
    if !matches!(mode.as_str(), "check" | "scan" | "probe") {
        bail!("input `mode` is `{mode}`; expected check, scan or probe");
    }
    let mut argv = vec!["launchgate".to_owned(), mode.clone()];
    if mode != "probe" {
        argv.push(input("path").unwrap_or_else(|| ".".to_owned()));
    }
    if let Some(p) = input("policy") {
        argv.extend(["--policy".to_owned(), p]);
    }
    if let Some(s) = input("since") {
        if mode == "probe" {
            bail!("input `since` applies to the repository scan; mode `probe` does not scan");
        }
        argv.extend(["--since".to_owned(), s]);
    }
    if let Some(f) = input("fail-on") {
        argv.extend(["--fail-on".to_owned(), f]);
    }
    if let Some(s) = input("sarif-file") {
        argv.extend(["--sarif".to_owned(), s]);
    }
    if let Some(c) = input("sarif-category") {
        argv.extend(["--sarif-category".to_owned(), c]);
    }
    match input("no-fail").as_deref() {
        None | Some("false") => {}
        Some("true") => argv.push("--no-fail".to_owned()),
        Some(other) => bail!("input `no-fail` is `{other}`; expected true or false"),
    }
    if let Some(extra) = input("args") {
        let words = shlex::split(&extra)
            .with_context(|| format!("input `args` has an unclosed quote: {extra}"))?;
        argv.extend(words);
    }
    Ok(argv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(vars: &[(&str, &str)]) -> anyhow::Result<Vec<String>> {
        argv(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn inputs_become_the_command_line() {
        assert_eq!(run(&[]).unwrap_or_default(), ["launchgate", "check", "."]);
        let a = run(&[
            ("LAUNCHGATE_INPUT_MODE", "scan"),
            ("LAUNCHGATE_INPUT_PATH", "services/api"),
            ("LAUNCHGATE_INPUT_SINCE", "origin/main"),
            ("LAUNCHGATE_INPUT_SARIF_FILE", "out.sarif"),
            ("LAUNCHGATE_INPUT_NO_FAIL", "true"),
            (
                "LAUNCHGATE_INPUT_ARGS",
                "--shard 1/4 --resolve 'app.test:127.0.0.1'",
            ),
            ("LAUNCHGATE_INPUT_FAIL_ON", ""),
        ])
        .unwrap_or_default();
        assert_eq!(
            a,
            [
                "launchgate",
                "scan",
                "services/api",
                "--since",
                "origin/main",
                "--sarif",
                "out.sarif",
                "--no-fail",
                "--shard",
                "1/4",
                "--resolve",
                "app.test:127.0.0.1"
            ]
        );
        assert!(run(&[("LAUNCHGATE_INPUT_MODE", "deploy")]).is_err());
        assert!(run(&[("LAUNCHGATE_INPUT_NO_FAIL", "yes")]).is_err());
        assert!(run(&[("LAUNCHGATE_INPUT_ARGS", "--policy 'unclosed")]).is_err());
        assert!(
            run(&[
                ("LAUNCHGATE_INPUT_MODE", "probe"),
                ("LAUNCHGATE_INPUT_SINCE", "main")
            ])
            .is_err()
        );
    }
}
