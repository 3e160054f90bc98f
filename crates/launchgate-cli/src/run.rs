//! `check`, `scan` and `probe`: load the policy, run the engines it enables, let the policy
//! decide, render, and map the verdict to an exit code.

use std::path::Path;

use anyhow::{Context, bail};
use launchgate_core::{CheckMeta, Engine, EngineOutput, EngineStatus, SecretHasher};
use launchgate_policy::{EngineRun, LoadedPolicy, PolicyError, RunInfo};
use launchgate_probe::{ProbeConfig, ProbeTarget, Prober};
use launchgate_scan::{ScanConfig, Scanner};

use crate::cli::CommonArgs;
use crate::ui::Ui;
use crate::{EXIT_FAIL, EXIT_PASS, git, output};

/// Which engines a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Check,
    Scan,
    Probe,
}

/// Both engines' catalogs, for the policy and the renderers.
pub(crate) fn catalog() -> anyhow::Result<Vec<CheckMeta>> {
    let mut all = launchgate_scan::catalog().context("loading the built-in secret rules")?;
    all.extend(launchgate_probe::catalog());
    Ok(all)
}

/// Finds and loads the policy; an invalid policy prints its diagnostics and fails the run.
pub(crate) fn load_policy(
    ui: &Ui,
    explicit: Option<&Path>,
    scan_root: Option<&Path>,
    catalog: &[CheckMeta],
) -> anyhow::Result<LoadedPolicy> {
    let mut dirs: Vec<&Path> = Vec::new();
    if let Some(root) = scan_root.filter(|r| r.is_dir()) {
        dirs.push(root);
    }
    dirs.push(Path::new("."));
    let location = launchgate_policy::discover(explicit, &dirs);
    tracing::info!(policy = %location, "using policy");
    match launchgate_policy::load(&location, catalog) {
        Ok(loaded) => {
            if !loaded.warnings.items.is_empty() && !ui.quiet {
                ui.eprint(&loaded.warnings.render(ui.color_stderr));
            }
            Ok(loaded)
        }
        Err(PolicyError::Invalid(diags)) => {
            ui.eprint(&diags.render(ui.color_stderr));
            bail!(
                "policy {location} is invalid ({} error{})",
                diags.error_count(),
                if diags.error_count() == 1 { "" } else { "s" }
            )
        }
        Err(e) => Err(e).context(format!("loading policy {location}")),
    }
}

pub(crate) fn run(
    ui: &Ui,
    mode: Mode,
    path: Option<&Path>,
    args: &CommonArgs,
) -> anyhow::Result<u8> {
    let started = jiff::Timestamp::now();
    let catalog = catalog()?;
    let loaded = load_policy(ui, args.policy.as_deref(), path, &catalog)?;
    let policy = &loaded.policy;

    let hasher = match std::env::var("LAUNCHGATE_FINGERPRINT_KEY") {
        Ok(k) if !k.is_empty() => SecretHasher::new(k.as_bytes()),
        _ => SecretHasher::default(),
    };

    let mut runs = Vec::new();
    let mut repo = git::RepoInfo::default();

    // The repository scanner.
    let scan_wanted = match mode {
        Mode::Scan => true,
        Mode::Check => policy.scan.enabled,
        Mode::Probe => false,
    };
    if let Some(root) = path.filter(|_| mode != Mode::Probe) {
        if scan_wanted {
            if !root.exists() {
                bail!("cannot scan {}: no such file or directory", root.display());
            }
            repo = git::discover(root);
            let scanner =
                Scanner::new(|id| policy.is_enabled(id)).context("compiling the secret rules")?;
            let config = ScanConfig {
                root: root.to_path_buf(),
                path_prefix: git::path_prefix(root, repo.workdir.as_deref()),
                include: policy.scan.include.clone(),
                exclude: policy.scan.exclude.clone(),
                max_file_size: policy.scan.max_file_size,
                gitignore: policy.scan.gitignore,
                threads: args.threads,
                hasher: hasher.clone(),
            };
            let _span = tracing::info_span!("scan", root = %root.display()).entered();
            let output = scanner
                .scan_tree(&config)
                .with_context(|| format!("scanning {}", root.display()))?;
            runs.push(EngineRun {
                engine: Engine::Scan,
                status: EngineStatus::Ran,
                output,
            });
        } else {
            runs.push(EngineRun {
                engine: Engine::Scan,
                status: EngineStatus::Disabled,
                output: EngineOutput::default(),
            });
        }
    }

    // The live prober.
    if mode != Mode::Scan {
        let status = if mode == Mode::Check && !policy.probe.enabled {
            EngineStatus::Disabled
        } else if policy.probe.targets.is_empty() {
            if mode == Mode::Probe {
                bail!(
                    "nothing to probe: the policy has no `probe.targets` (add one with a `name` and a `url`)"
                );
            }
            EngineStatus::NotConfigured
        } else {
            EngineStatus::Ran
        };
        let output = if status == EngineStatus::Ran {
            let config = ProbeConfig {
                targets: policy
                    .probe
                    .targets
                    .iter()
                    .map(|t| ProbeTarget {
                        name: t.name.clone(),
                        url: t.url.clone(),
                        anchor: t.origin.clone(),
                    })
                    .collect(),
            };
            Prober::new(|id| policy.is_enabled(id)).run(&config)
        } else {
            EngineOutput::default()
        };
        runs.push(EngineRun {
            engine: Engine::Probe,
            status,
            output,
        });
    }

    let report = launchgate_policy::evaluate(
        policy,
        runs,
        &catalog,
        RunInfo {
            started_at: started.to_string(),
            finished_at: jiff::Timestamp::now().to_string(),
            root: path.map(|p| p.display().to_string()),
            commit: repo.head.clone(),
            today: None,
            fail_on: args.fail_on.map(|s| s.0),
            report_only: args.no_fail,
        },
    );

    output::emit(ui, &report, &catalog, args)?;

    Ok(if report.verdict.passed || args.no_fail {
        EXIT_PASS
    } else {
        EXIT_FAIL
    })
}
