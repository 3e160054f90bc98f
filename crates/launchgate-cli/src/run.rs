//! `check`, `scan` and `probe`: load the policy, run the engines it enables, let the policy
//! decide, render, and map the verdict to an exit code.

use std::path::Path;

use anyhow::{Context, bail};
use launchgate_core::{CheckMeta, Engine, EngineOutput, EngineStatus, SecretHasher, Warning};
use launchgate_policy::{
    BASELINE_FILE, Baseline, EngineRun, LoadedPolicy, Policy, PolicyError, RunInfo,
};
use launchgate_probe::{Endpoint, ProbeConfig, ProbeTarget, Prober};
use launchgate_scan::{HistoryMode, ScanConfig, Scanner};
use std::io::IsTerminal;

use crate::cli::{BaselineArgs, CommonArgs, HistoryArgs, RunArgs};
use crate::ui::Ui;
use crate::{EXIT_FAIL, EXIT_PASS, ci, git, output};

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

/// `--dry-run`: every request the probe would send; nothing is sent, scanned or reported.
fn dry_run(ui: &Ui, policy: &Policy, args: &CommonArgs) -> anyhow::Result<u8> {
    let config = probe_config(policy, args, true)?;
    let plan = Prober::plan(&config).context("planning the probe")?;
    let mut text = String::from(
        "launchgate --dry-run: nothing was sent. The probe would send these requests (×N: up to N times):\n\n",
    );
    for file in policy.probe.ca_file.iter().chain(args.ca_cert.iter()) {
        if !file.exists() {
            text.push_str(&format!(
                "  note: the CA file {} does not exist yet; a real run needs it\n",
                file.display()
            ));
        }
    }
    if plan.is_empty() {
        text.push_str("  nothing: the policy has no probe targets, email domains or DNS names\n");
    }
    for (line, n) in &plan {
        if *n > 1 {
            text.push_str(&format!("  {line}  ×{n}\n"));
        } else {
            text.push_str(&format!("  {line}\n"));
        }
    }
    let l = &config.limits;
    text.push_str(&format!(
        "\nNot listed, because they depend on the answers: redirects (at most {} per chain), same-site scripts the pages load and their source maps (at most {} per target), SPF includes and MX hosts. \
         At most {} requests per target besides the API checks, {} per run in all; each with a {} s timeout. Credentials are shown by name only.\n",
        l.max_redirects,
        l.max_scripts,
        l.max_requests,
        l.max_total_requests,
        l.timeout.as_secs()
    ));
    ui.print(&text)?;
    Ok(EXIT_PASS)
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
        return dry_run(ui, policy, args);
    }

    let hasher = match std::env::var("LAUNCHGATE_FINGERPRINT_KEY") {
        Ok(k) if !k.is_empty() => SecretHasher::new(k.as_bytes()),
        _ => SecretHasher::default(),
    };

    let mut runs = Vec::new();
    let mut repo = git::RepoInfo::default();
    let mut since: Option<String> = None;

    // The repository scanner.
    let scan_wanted = match mode {
        Mode::Scan | Mode::Baseline => true,
        Mode::Check => policy.scan.enabled,
        Mode::Probe => false,
    };
    if let Some(r) = run_args {
        if scan_wanted {
            let (scanner, import_notes) = scanner(policy)?;
            let mut output = if stdin {
                scan_stdin(&scanner, policy, &hasher)?
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
                .extend(import_notes.into_iter().map(Warning::note));
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
            && policy.probe.email_domains.is_empty()
            && policy.probe.must_not_resolve.is_empty()
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
            let config = probe_config(policy, args, false)?;
            let (scanner, _) = scanner(policy)?;
            let bodies = BodyRules {
                scanner: &scanner,
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
        let (found, notes) = gate_changes(&loaded, workdir, rev, &catalog)?;
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
        return write_baseline(ui, &report, b, policy, &hasher);
    }

    output::emit(ui, &report, &catalog, args)?;

    Ok(if report.verdict.passed || args.no_fail {
        EXIT_PASS
    } else {
        EXIT_FAIL
    })
}

/// `gate-weakened`: what the pull request changes in the gate itself, judged by the policy at the
/// merge base (read from git, `extends` and all). A policy that did not exist there is compared
/// with the built-in default, which is what the gate ran then.
fn gate_changes(
    loaded: &LoadedPolicy,
    workdir: &Path,
    rev: &str,
    catalog: &[CheckMeta],
) -> anyhow::Result<(Vec<launchgate_core::Finding>, Vec<Warning>)> {
    use launchgate_policy::{PolicyLocation, gate};
    let Some(root) = loaded.root_file() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut notes = Vec::new();
    let commit = match git::merge_base(workdir, rev) {
        Ok(c) => c,
        // The scan reports the missing base with its own advice.
        Err(_) => return Ok((Vec::new(), Vec::new())),
    };
    let short = &commit[..12.min(commit.len())];
    let at_base = |path: &Path| -> std::io::Result<String> {
        use std::io::{Error, ErrorKind};
        let rel = git::repo_relative(workdir, path)
            .ok_or_else(|| Error::new(ErrorKind::NotFound, "outside the repository"))?;
        let bytes = git::file_at(workdir, &commit, &rel)
            .map_err(Error::other)?
            .ok_or_else(|| Error::new(ErrorKind::NotFound, format!("not in {short}")))?;
        String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "not UTF-8"))
    };
    let default = || {
        launchgate_policy::load(
            &PolicyLocation::Builtin(launchgate_policy::DEFAULT_POLICY.to_owned()),
            catalog,
        )
    };
    let base = if at_base(root).is_err() {
        default()
    } else {
        match launchgate_policy::load_with(&PolicyLocation::File(root.to_path_buf()), catalog, &at_base) {
            Ok(p) => Ok(p),
            Err(_) => {
                notes.push(Warning::note(format!(
                    "the policy at the merge base {short} does not load; changes to the gate are compared with builtin:{}",
                    launchgate_policy::DEFAULT_POLICY
                )));
                default()
            }
        }
    }
    .context("loading the built-in default policy")?;
    let base = base.policy;
    let mut changes = gate::weakenings(&base, loaded, catalog);

    if let Some(file) = &loaded.policy.baseline
        && let Ok(text) = std::fs::read_to_string(file)
        && let Ok(head) =
            launchgate_policy::Baseline::parse(text.as_bytes(), file.display().to_string())
    {
        let before = base
            .baseline
            .as_deref()
            .and_then(|f| at_base(f).ok())
            .and_then(|t| launchgate_policy::Baseline::parse(t.as_bytes(), String::new()).ok());
        changes.extend(gate::baseline_additions(before.as_ref(), &head, &text));
    }
    let range = format!("{}..HEAD", launchgate_core::printable(rev));
    let repo_path = |name: &str| {
        git::repo_relative(workdir, Path::new(name)).unwrap_or_else(|| name.to_owned())
    };
    Ok((gate::findings(&changes, &base, &range, &repo_path), notes))
}

/// The prober's settings from the policy and the flags.
fn probe_config(policy: &Policy, args: &CommonArgs, dry: bool) -> anyhow::Result<ProbeConfig> {
    let p = &policy.probe;
    let mut ca_pem: Option<Vec<u8>> = None;
    for file in p.ca_file.iter().chain(args.ca_cert.iter()) {
        // A dry run sends nothing, so it needs no CA yet (a pipeline may create it later).
        if dry && !file.exists() {
            continue;
        }
        let pem = std::fs::read(file)
            .with_context(|| format!("reading the CA certificate file {}", file.display()))?;
        ca_pem.get_or_insert_with(Vec::new).extend(pem);
        if let Some(v) = ca_pem.as_mut() {
            v.push(b'\n');
        }
    }
    let mut targets = Vec::new();
    for t in &p.targets {
        targets.push(ProbeTarget {
            name: t.name.clone(),
            url: t.url.clone(),
            pages: t.pages.clone(),
            http_url: t.http_url.clone(),
            canonical_host: t.canonical_host.clone(),
            health: t.health.clone(),
            api: t
                .api
                .as_ref()
                .map(|a| api_config(&t.name, a, dry))
                .transpose()?,
            anchor: t.origin.clone(),
        });
    }
    let mut config = ProbeConfig::with_targets(targets);
    config.ca_pem = ca_pem;
    config.tls_expiry_fail_days = p.expiry_fail_days;
    config.tls_expiry_warn_days = p.expiry_warn_days;
    config.cors_allowed_origins = p.cors_allowed_origins.clone();
    config.exposed_paths = p.exposed_files.clone();
    config.staging_hosts = p.staging_hosts.clone();
    config.require_cdn = p.require_cdn;
    config.health_max = p.health_max;
    config.resolve = args.resolve.clone();
    config.domains = p
        .email_domains
        .iter()
        .map(|(d, a)| launchgate_probe::DomainTarget {
            domain: d.clone(),
            anchor: a.clone(),
        })
        .collect();
    config.dkim_selectors = p.dkim_selectors.clone();
    config.dmarc_min_policy = p.dmarc_min_policy.clone();
    config.spf_require_fail = p.spf_require_fail;
    config.nameservers = p.nameservers.clone();
    config.must_not_resolve = p.must_not_resolve.clone();
    config.dns_anchor = p.dns_origin.clone();
    config.dns_hosts = p.dns_hosts.clone();
    config.limits = launchgate_probe::Limits {
        timeout: p.timeout,
        max_requests: p.max_requests,
        max_total_requests: p.max_total_requests,
        max_body: p.max_body,
        max_scripts: p.max_scripts,
        max_redirects: p.max_redirects,
    };
    Ok(config)
}

/// A target's API settings, with each credential read from its environment variable. A missing
/// variable stops the run (exit 2): a matrix without its tokens would test nothing.
fn api_config(
    target: &str,
    a: &launchgate_policy::ApiSpec,
    dry: bool,
) -> anyhow::Result<launchgate_probe::ApiConfig> {
    let mut credentials = Vec::new();
    for c in &a.credentials {
        let value = std::env::var(&c.env).ok().filter(|v| !v.is_empty());
        // A dry run sends nothing, so it needs no tokens (and never prints one).
        let value = value.or_else(|| dry.then(|| "launchgate-dry-run".to_owned()));
        let Some(value) = value else {
            bail!(
                "target `{target}`: credential `{}` needs the environment variable {} ({}), which is not set",
                c.name,
                c.env,
                c.origin
            );
        };
        credentials.push(launchgate_probe::ApiCredential {
            name: c.name.clone(),
            header: c.header.clone(),
            cookie: c.cookie.clone(),
            prefix: c.prefix.clone(),
            value: launchgate_probe::SecretValue(value),
            expired: c.expired,
        });
    }
    let credential = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| credentials.iter().find(|c| &c.name == n).cloned())
    };
    let latency = a.latency.as_ref().map(|l| launchgate_probe::ApiLatency {
        routes: l.routes.clone(),
        p95_ms: l.p95_ms,
        requests: l.requests,
        concurrency: l.concurrency,
        warmup: l.warmup,
        credential: credential(&l.as_credential),
        max_error_rate: l.max_error_rate,
        rate: l.rate,
    });
    let rate_limit = a
        .rate_limit
        .iter()
        .map(|r| launchgate_probe::ApiRateLimit {
            endpoint: Endpoint::new(&r.method, &r.path, &r.params),
            body: r.body.clone(),
            content_type: r.content_type.clone(),
            credential: credential(&r.as_credential),
            burst: r.burst,
            limit_within: r.limit_within.unwrap_or(r.burst),
            enumeration: r.enumeration,
            unknown_body: r.unknown_body.clone(),
        })
        .collect();
    let input_validation = a
        .input_validation
        .iter()
        .map(|r| launchgate_probe::ApiInput {
            endpoint: Endpoint::new(&r.method, &r.path, &r.params),
            body: r.body.clone(),
            credential: credential(&r.as_credential),
            max_body: r.max_body,
        })
        .collect();
    let private_routes = a
        .private_routes
        .iter()
        .map(|r| launchgate_probe::ApiRoute {
            endpoint: Endpoint::new(&r.method, &r.path, &r.params),
            owner: r.owner.clone(),
        })
        .collect();
    Ok(launchgate_probe::ApiConfig {
        credentials,
        private_routes,
        rate_limit,
        input_validation,
        latency,
    })
}

/// The secret rules, lent to the prober for scripts and error pages.
struct BodyRules<'a> {
    scanner: &'a Scanner,
    hasher: &'a SecretHasher,
}

impl launchgate_probe::BodyScanner for BodyRules<'_> {
    fn scan(&self, name: &str, body: &[u8]) -> Vec<launchgate_probe::BodySecret> {
        self.scanner
            .scan_bytes(name, body, self.hasher)
            .findings
            .into_iter()
            .filter_map(|f| {
                let (line, column) = match &f.location {
                    launchgate_core::Location::File(l) => (l.line, l.column),
                    _ => (0, 0),
                };
                Some(launchgate_probe::BodySecret {
                    rule: f.check,
                    rule_name: f.title,
                    line,
                    column,
                    evidence: f.evidence?,
                    severity: f.severity,
                })
            })
            .collect()
    }
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
    for file in &policy.scan.rule_imports {
        let n = scanner
            .import_gitleaks(file)
            .with_context(|| format!("importing rules from {}", file.display()))?;
        notes.extend(n.into_iter().map(|n| format!("rule import: {n}")));
    }
    Ok((scanner, notes))
}

/// Largest input `scan -` reads.
const MAX_STDIN: u64 = 256 << 20;

fn scan_stdin(
    scanner: &Scanner,
    policy: &Policy,
    hasher: &SecretHasher,
) -> anyhow::Result<EngineOutput> {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let cap = MAX_STDIN.max(policy.scan.max_file_size);
    std::io::stdin()
        .lock()
        .take(cap + 1)
        .read_to_end(&mut buf)
        .context("reading standard input")?;
    let mut out = EngineOutput {
        areas: vec![launchgate_core::Area::Secrets],
        ..Default::default()
    };
    if buf.len() as u64 > cap {
        bail!("standard input is larger than {} MiB; split it", cap >> 20);
    }
    let scan = scanner.scan_bytes("(stdin)", &buf, hasher);
    out.findings = scan.findings;
    out.warnings = scan.warnings;
    out.stats.files_scanned = 1;
    out.stats.bytes_scanned = buf.len() as u64;
    out.stats.checks_enabled = scanner.rule_count() as u64;
    out.stats.duration_ms = started.elapsed().as_millis() as u64;
    launchgate_core::disambiguate_fingerprints(&mut out.findings);
    Ok(out)
}

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

fn write_baseline(
    ui: &Ui,
    report: &launchgate_core::Report,
    args: &BaselineArgs,
    policy: &Policy,
    hasher: &SecretHasher,
) -> anyhow::Result<u8> {
    // A baseline accepts what the checked-out branch holds. A secret only another branch has is
    // that branch's to answer for: accepting it here would let the pull request that merges it
    // pass.
    let candidates = report.findings.iter().chain(
        report
            .suppressed
            .iter()
            .filter(|s| {
                matches!(
                    s.suppressed_by,
                    launchgate_core::SuppressedBy::Baseline
                        | launchgate_core::SuppressedBy::OtherRefs
                )
            })
            .map(|s| &s.finding),
    );
    let (left_out, accepted): (Vec<_>, Vec<_>) =
        candidates.partition(|f| f.presence() == launchgate_core::Presence::OtherRefs);
    let b = Baseline::from_findings(
        accepted,
        Some(jiff::Timestamp::now().to_string()),
        hasher.key_check(),
    );
    let file = args.output.clone().unwrap_or_else(|| {
        if args.run.path.is_dir() {
            args.run.path.join(BASELINE_FILE)
        } else {
            BASELINE_FILE.into()
        }
    });
    std::fs::write(&file, b.to_json()).with_context(|| format!("writing {}", file.display()))?;
    if !ui.quiet {
        let mut msg = format!(
            "wrote {} finding fingerprint{} (no secrets) to {}\n",
            b.findings.len(),
            if b.findings.len() == 1 { "" } else { "s" },
            file.display()
        );
        if !left_out.is_empty() {
            msg.push_str(&format!(
                "left out {} finding{} only other refs hold (the checked-out branch does not reach {}); each fails the pull request that merges it:\n",
                left_out.len(),
                if left_out.len() == 1 { "" } else { "s" },
                if left_out.len() == 1 { "it" } else { "them" },
            ));
            for f in &left_out {
                let refs = match &f.location {
                    launchgate_core::Location::File(l) => l
                        .commit
                        .as_ref()
                        .map(|c| c.refs_phrase(3))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                msg.push_str(&format!(
                    "  {}[{}] on {}: {}\n",
                    f.severity,
                    f.check,
                    launchgate_core::printable(&refs),
                    f.fingerprint.as_str()
                ));
            }
        }
        if policy.baseline.is_none() {
            msg.push_str(&format!(
                "add `baseline: {BASELINE_FILE}` to the policy so they are accepted\n"
            ));
        }
        if std::env::var_os("LAUNCHGATE_FINGERPRINT_KEY").is_none_or(|k| k.is_empty()) {
            msg.push_str(
                "note: fingerprints use the built-in key, so anyone with this file can test a guessed password against it; set LAUNCHGATE_FINGERPRINT_KEY (the same secret in CI) to prevent that\n",
            );
        }
        ui.print(&msg)?;
    }
    Ok(EXIT_PASS)
}
