//! `check`, `scan` and `probe`: load the policy, run the engines it enables, let the policy
//! decide, render, and map the verdict to an exit code.

use std::path::Path;

use anyhow::{Context, bail};
use launchgate_core::{CheckMeta, Engine, EngineOutput, EngineStatus, SecretHasher, Warning};
use launchgate_policy::{Baseline, EngineRun, LoadedPolicy, Policy, PolicyError, RunInfo};
use launchgate_probe::Prober;
use launchgate_scan::{HistoryMode, ScanConfig, Scanner};
use std::io::IsTerminal;

use crate::cli::{BaselineArgs, CommonArgs, HistoryArgs, RunArgs};
use crate::ui::Ui;
use crate::{EXIT_FAIL, EXIT_PASS, baseline, ci, gate_change, git, output, probe_input};

/// Which engines a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Check,
    Scan,
    Probe,
    Baseline,
}

/// Both engines' catalogs, for the policy and the renderers.
pub(crate) fn catalog() -> anyhow::Result<Vec<CheckMeta>> {
    let mut all = launchgate_scan::catalog().context("loading the built-in secret rules")?;
    all.extend(launchgate_probe::catalog());
    all.push(launchgate_policy::gate::meta());
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
    // Run from a subdirectory, the repository's policy is still the one in force: look up to
    // the work tree's root, never above it.
    let start = scan_root.filter(|r| r.is_dir()).unwrap_or(Path::new("."));
    let mut above: Vec<std::path::PathBuf> = Vec::new();
    if explicit.is_none()
        && let Ok(git::RepoInfo {
            workdir: Some(top), ..
        }) = git::discover(start)
        && let Ok(abs) = start.canonicalize()
    {
        above = abs
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&top))
            .map(Path::to_path_buf)
            .collect();
    }
    dirs.extend(above.iter().map(|p| p.as_path()));
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

/// `probe`: the live half alone.
pub(crate) fn probe(ui: &Ui, args: &CommonArgs) -> anyhow::Result<u8> {
    run_engines(ui, Mode::Probe, None, args, None)
}

/// `check`, `scan` and `baseline`.
pub(crate) fn run(
    ui: &Ui,
    mode: Mode,
    run: Option<&RunArgs>,
    baseline: Option<&BaselineArgs>,
) -> anyhow::Result<u8> {
    let args = run
        .map(|r| &r.common)
        .context("internal error: no arguments")?;
    run_engines(ui, mode, run, args, baseline)
}

fn run_engines(
    ui: &Ui,
    mode: Mode,
    run_args: Option<&RunArgs>,
    args: &CommonArgs,
    baseline_args: Option<&BaselineArgs>,
) -> anyhow::Result<u8> {
    let started = jiff::Timestamp::now();
    let catalog = catalog()?;
    let path = run_args.map(|r| r.path.as_path());
    let stdin = path.is_some_and(|p| p == Path::new("-"));
    let policy_dir = path.filter(|_| !stdin);
    let mut loaded = load_policy(ui, args.policy.as_deref(), policy_dir, &catalog)?;
    if let Some(refs) = run_args.and_then(|r| r.history.refs) {
        loaded.policy.scan.refs = refs;
    }
    let policy = &loaded.policy;
    if args.dry_run {
        return probe_input::dry_run(ui, policy, args);
    }

    let hasher = match std::env::var("LAUNCHGATE_FINGERPRINT_KEY") {
        Ok(k) if !k.is_empty() => SecretHasher::new(k.as_bytes()),
        _ => SecretHasher::default(),
    };

    let mut runs = Vec::new();
    let mut repo = git::RepoInfo::default();
    let mut since: Option<String> = None;
    // The rules (and gitleaks imports) compile once per run, for the scan and the probe's bodies.
    let compiled: std::cell::OnceCell<(Scanner, Vec<String>)> = std::cell::OnceCell::new();
    let rules = || -> anyhow::Result<&(Scanner, Vec<String>)> {
        if let Some(c) = compiled.get() {
            return Ok(c);
        }
        let c = scanner(policy)?;
        Ok(compiled.get_or_init(|| c))
    };

    // The repository scanner.
    let scan_wanted = match mode {
        Mode::Scan | Mode::Baseline => true,
        Mode::Check => policy.scan.enabled,
        Mode::Probe => false,
    };
    if let Some(r) = run_args {
        if scan_wanted {
            let (scanner, import_notes) = rules()?;
            let mut output = if stdin {
                // A log, not a repository: one stream, with the larger of the two caps.
                let cap = MAX_STDIN.max(policy.scan.max_file_size);
                scanner
                    .scan_reader("(stdin)", std::io::stdin().lock(), cap, &hasher)
                    .context("reading standard input")?
            } else {
                let root = r.path.as_path();
                if !root.exists() {
                    bail!("cannot scan {}: no such file or directory", root.display());
                }
                let history_wanted = !r.history.no_history && policy.scan.history
                    || r.history.history
                    || r.history.since.is_some();
                repo = match git::discover(root) {
                    Ok(info) => info,
                    Err(e) if history_wanted => bail!(
                        "cannot read the git history of {}: {e} (pass --no-history to scan the files alone)",
                        root.display()
                    ),
                    Err(e) => {
                        tracing::warn!("{e}");
                        git::RepoInfo::default()
                    }
                };
                if repo.workdir.is_none()
                    && (r.history.history || r.history.since.is_some() || r.history.staged)
                {
                    bail!(
                        "{} needs a git repository, and {} is not in one (drop it to scan the files alone)",
                        if r.history.history {
                            "--history"
                        } else if r.history.staged {
                            "--staged"
                        } else {
                            "--since"
                        },
                        root.display()
                    );
                }
                let history = history_mode(&r.history, policy, repo.workdir.is_some(), mode)?;
                if let HistoryMode::Since(rev) = &history {
                    since = Some(rev.clone());
                }
                if let HistoryMode::Since(rev) = &history {
                    tracing::info!(base = %rev, "pull-request mode: scanning what the branch adds");
                }
                let config = ScanConfig {
                    root: root.to_path_buf(),
                    path_prefix: git::path_prefix(root, repo.workdir.as_deref()),
                    include: policy.scan.include.clone(),
                    exclude: policy.scan.exclude.clone(),
                    max_file_size: policy.scan.max_file_size,
                    max_bundle_file_size: policy.scan.bundle_max_file_size,
                    gitignore: policy.scan.gitignore,
                    threads: args.threads,
                    hasher: hasher.clone(),
                    history,
                    shard: r.history.shard,
                    bundles: policy.scan.bundles.clone().unwrap_or_else(|| {
                        launchgate_scan::DEFAULT_BUNDLES
                            .iter()
                            .map(|s| (*s).to_owned())
                            .collect()
                    }),
                    progress: !ui.quiet && std::io::stderr().is_terminal(),
                    path_classes: policy
                        .ignores
                        .iter()
                        .filter_map(|i| i.path.as_ref().map(|p| p.text.clone()))
                        .collect(),
                };
                let _span = tracing::info_span!("scan", root = %root.display()).entered();
                if r.history.staged {
                    scanner.scan_staged(&config).with_context(|| {
                        format!("scanning the staged files of {}", root.display())
                    })?
                } else {
                    scanner
                        .scan(&config)
                        .with_context(|| format!("scanning {}", root.display()))?
                }
            };
            output
                .warnings
                .extend(import_notes.iter().cloned().map(Warning::note));
            // The human report carries this line; other formats on stdout get it on stderr, so a
            // CI log always shows what was scanned and how fast.
            if !ui.quiet && args.format.0 != launchgate_report::Format::Human {
                ui.eprint(&summary_line(&output.stats));
            }
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
    if mode == Mode::Check || mode == Mode::Probe {
        let status = if mode == Mode::Check && !policy.probe.enabled {
            EngineStatus::Disabled
        } else if policy.probe.targets.is_empty()
            && policy.probe.email.all_domains().next().is_none()
            && policy.probe.dns.must_not_resolve.is_empty()
        {
            if mode == Mode::Probe {
                bail!(
                    "nothing to probe: the policy has no `probe.targets` (add one with a `name` and a `url`), no `probe.email.domain` and no `probe.dns.must-not-resolve`"
                );
            }
            EngineStatus::NotConfigured
        } else {
            EngineStatus::Ran
        };
        let output = if status == EngineStatus::Ran {
            let config = probe_input::probe_config(policy, args, false)?;
            let bodies = probe_input::BodyRules {
                scanner: &rules()?.0,
                hasher: &hasher,
            };
            let _span = tracing::info_span!("probe").entered();
            let output = Prober::new(|id| policy.is_enabled(id))
                .run(&config, Some(&bodies))
                .context("probing")?;
            if !ui.quiet && args.format.0 != launchgate_report::Format::Human {
                ui.eprint(&format!(
                    "launchgate: probed {} target{} with {} requests in {:.1} s\n",
                    output.stats.targets,
                    if output.stats.targets == 1 { "" } else { "s" },
                    output.stats.requests,
                    output.stats.duration_ms as f64 / 1000.0
                ));
            }
            output
        } else {
            EngineOutput::default()
        };
        runs.push(EngineRun {
            engine: Engine::Probe,
            status,
            output,
        });
    }

    if let (Some(rev), Some(workdir)) = (&since, &repo.workdir)
        && let Some(scan) = runs.iter_mut().find(|r| r.engine == Engine::Scan)
    {
        let (found, notes) = gate_change::gate_changes(&loaded, workdir, rev, &catalog)?;
        scan.output.findings.extend(found);
        scan.output.warnings.extend(notes);
    }

    let baseline = match &policy.baseline {
        Some(file) if file.exists() || mode != Mode::Baseline => {
            let b = Baseline::read(file).context("loading the policy's baseline")?;
            // Rewriting a baseline under a new key is how one moves to it.
            if mode != Mode::Baseline {
                b.check_key(&hasher)
                    .context("loading the policy's baseline")?;
            }
            Some(b)
        }
        _ => None,
    };

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
            baseline,
            shard: run_args
                .and_then(|r| r.history.shard)
                .map(|s| format!("{}/{}", s.index, s.count)),
            since,
        },
    );

    if let Some(b) = baseline_args {
        return baseline::write_baseline(ui, &report, b, policy, &hasher);
    }

    output::emit(ui, &report, &catalog, args)?;

    Ok(if report.verdict.passed || args.no_fail {
        EXIT_PASS
    } else {
        EXIT_FAIL
    })
}

/// `launchgate: scanned 12 files (34 KB) and 5 472 history blobs (382 MB) in 1.1 s (347 MB/s)`.
fn summary_line(st: &launchgate_core::EngineStats) -> String {
    let bytes = st.bytes_scanned + st.history_bytes_scanned;
    let secs = st.duration_ms.max(1) as f64 / 1000.0;
    let mut line = format!(
        "launchgate: scanned {} files ({:.1} MB)",
        st.files_scanned,
        st.bytes_scanned as f64 / 1e6
    );
    if st.commits_scanned > 0 || st.blobs_scanned > 0 {
        line.push_str(&format!(
            " and {} history blobs in {} commits ({:.1} MB)",
            st.blobs_scanned,
            st.commits_scanned,
            st.history_bytes_scanned as f64 / 1e6
        ));
    }
    line.push_str(&format!(
        " in {secs:.1} s ({:.0} MB/s)\n",
        bytes as f64 / 1e6 / secs
    ));
    line
}

/// The scanner with the policy's rules, and a note for each imported rule part it could not map.
pub(crate) fn scanner(policy: &Policy) -> anyhow::Result<(Scanner, Vec<String>)> {
    let mut scanner =
        Scanner::new(|id| policy.is_enabled(id)).context("compiling the secret rules")?;
    let mut notes = Vec::new();
    for file in &policy.scan.rules.import {
        let n = scanner
            .import_gitleaks(file)
            .with_context(|| format!("importing rules from {}", file.display()))?;
        notes.extend(n.into_iter().map(|n| format!("rule import: {n}")));
    }
    Ok((scanner, notes))
}

/// Largest input `scan -` reads.
const MAX_STDIN: u64 = 256 << 20;

/// What history to scan: flags first, then the policy, then a pull-request base found in CI,
/// then all of history inside a repository. A baseline records every finding, so it always
/// covers all of history and refuses flags that would make it partial.
fn history_mode(
    flags: &HistoryArgs,
    policy: &Policy,
    in_repo: bool,
    mode: Mode,
) -> anyhow::Result<HistoryMode> {
    if mode == Mode::Baseline {
        if flags.since.is_some() || flags.shard.is_some() || flags.staged {
            bail!(
                "a baseline records every finding: --since, --shard and --staged would leave out the rest of the repository"
            );
        }
        return Ok(if flags.no_history || !in_repo || !policy.scan.history {
            HistoryMode::Off
        } else {
            HistoryMode::All
        });
    }
    if let Some(rev) = &flags.since {
        return Ok(HistoryMode::Since(rev.clone()));
    }
    if flags.no_history || flags.staged || !in_repo {
        return Ok(HistoryMode::Off);
    }
    if flags.history {
        return Ok(HistoryMode::All);
    }
    if !policy.scan.history {
        return Ok(HistoryMode::Off);
    }
    if let Some(rev) = &policy.scan.since {
        return Ok(HistoryMode::Since(rev.clone()));
    }
    if let Some(rev) = ci::pull_request_base() {
        return Ok(HistoryMode::Since(rev));
    }
    Ok(HistoryMode::All)
}
