//! Command-line interface: every flag is declared and documented here, and `--help` is the
//! reference (a snapshot test keeps it honest).

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use launchgate_core::Severity;
use launchgate_report::Format;

const EXIT_CODES: &str = "\
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
                              in GitHub Actions: annotations, job summary and step outputs";

/// Is this product ready for production traffic? A launch-readiness gate for CI.
#[derive(Debug, Parser)]
#[command(name = "launchgate", version, about, after_help = EXIT_CODES, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,

    /// More log output on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub(crate) verbose: u8,

    /// Less output: only the verdict line on stdout, and only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,

    /// When to use colour in the human report and diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run every engine the policy enables (repository scan and live probe) and decide.
    Check(RunArgs),
    /// Scan the repository for leaked secrets and decide. `scan -` scans standard input (a CI
    /// log, a `git log -p` dump).
    Scan(RunArgs),
    /// Write the current findings' fingerprints (never the secrets) to a baseline file, so the
    /// policy's `baseline:` accepts them and only new findings fail.
    Baseline(BaselineArgs),
    /// Probe the live targets listed in the policy and decide.
    Probe(ProbeArgs),
    /// Validate the policy, or show it after `extends`.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Write a commented starter launchgate.yml.
    Init(InitArgs),
    /// List every rule and check, or show the documentation of one.
    Rules(RulesArgs),
    /// Run as the GitHub Action's entrypoint: the command line comes from the
    /// LAUNCHGATE_INPUT_* variables that action.yml sets (mode, path, policy, since, fail-on,
    /// sarif-file, no-fail, args).
    Action,
    /// Exit with the verdict of a JSON report written earlier (`--json FILE`): 0 passed, 1
    /// failed. For pipelines that keep reports from one job and gate in the next (GitLab).
    Verdict(VerdictArgs),
}

#[derive(Debug, Args)]
pub(crate) struct VerdictArgs {
    /// The JSON report.
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// The repository or directory to scan (`-` for standard input).
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    #[command(flatten)]
    pub(crate) history: HistoryArgs,
    #[command(flatten)]
    pub(crate) common: CommonArgs,
}

#[derive(Debug, Args)]
pub(crate) struct BaselineArgs {
    #[command(flatten)]
    pub(crate) run: RunArgs,
    /// Where to write it (default: .launchgate-baseline.json in PATH).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// How much git history the scan reads.
#[derive(Debug, Args, Default)]
pub(crate) struct HistoryArgs {
    /// Scan all of git history too (the default inside a git repository, unless a pull-request
    /// base is detected in CI).
    #[arg(long, overrides_with = "no_history")]
    pub(crate) history: bool,
    /// Scan the working tree only.
    #[arg(long, overrides_with = "history")]
    pub(crate) no_history: bool,
    /// Pull-request mode: scan only what REV..HEAD introduced. Detected in CI from
    /// GITHUB_BASE_REF / the pull_request event, or CI_MERGE_REQUEST_DIFF_BASE_SHA.
    #[arg(long, value_name = "REV", conflicts_with = "no_history")]
    pub(crate) since: Option<String>,
    /// Which refs' history the verdict judges: `head` (the checked-out branch; the default) or
    /// `all` (every branch, tag and stash: a nightly leak scan). Overrides `scan.refs`; a CI
    /// template sets it for scheduled runs through the variable.
    #[arg(long, value_name = "head|all", value_parser = parse_refs, env = "LAUNCHGATE_REFS")]
    pub(crate) refs: Option<launchgate_policy::Refs>,
    /// Scan what the next commit records: the staged files whose content HEAD does not hold
    /// (for pre-commit hooks). Unstaged edits and history are not read.
    #[arg(long, conflicts_with_all = ["history", "since", "shard"])]
    pub(crate) staged: bool,
    /// Scan shard K of N (1-based), split by blob id, for CI matrix jobs.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub(crate) shard: Option<launchgate_scan::Shard>,
}

fn parse_refs(s: &str) -> Result<launchgate_policy::Refs, String> {
    s.parse()
}

fn parse_shard(s: &str) -> Result<launchgate_scan::Shard, String> {
    let bad = || format!("expected K/N with 1 <= K <= N, such as 2/4; got `{s}`");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let index: u32 = k.trim().parse().map_err(|_| bad())?;
    let count: u32 = n.trim().parse().map_err(|_| bad())?;
    if index == 0 || count == 0 || index > count || count > 4096 {
        return Err(bad());
    }
    Ok(launchgate_scan::Shard { index, count })
}

#[derive(Debug, Args)]
pub(crate) struct ProbeArgs {
    #[command(flatten)]
    pub(crate) common: CommonArgs,
}

#[derive(Debug, Args)]
pub(crate) struct CommonArgs {
    /// Policy file, or `builtin:<name>`. Default: launchgate.yml in PATH, then in the current
    /// directory, then the built-in `launch-ready` policy.
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,

    /// Format written to stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: FormatArg,

    /// Also write a SARIF 2.1.0 report to FILE (for code scanning upload).
    #[arg(long, value_name = "FILE")]
    pub(crate) sarif: Option<PathBuf>,

    /// Code-scanning category of the SARIF run (default `launchgate`): give each workflow that
    /// uploads its own, so a nightly probe of production and a pre-deploy probe of staging do not
    /// replace each other's results.
    #[arg(long, value_name = "NAME")]
    pub(crate) sarif_category: Option<String>,

    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) json: Option<PathBuf>,

    /// Also write the Markdown summary to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) markdown: Option<PathBuf>,

    /// Also write a GitLab Code Quality report to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) gitlab_codequality: Option<PathBuf>,

    /// Also write a GitLab Secret Detection report to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) gitlab_secrets: Option<PathBuf>,

    /// Fail on findings at or above this severity (overrides the policy's fail-on).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) fail_on: Option<SeverityArg>,

    /// Report only: exit 0 even when the policy fails (exit 2 still means the gate could not run).
    #[arg(long)]
    pub(crate) no_fail: bool,

    /// Worker threads for the scan (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) threads: usize,

    /// Trust this CA certificate (PEM) too when probing, e.g. an internal staging CA (adds to
    /// the policy's `probe.tls.ca-file`).
    #[arg(long, value_name = "FILE")]
    pub(crate) ca_cert: Option<PathBuf>,

    /// List every request the probe would send (method, URL, what for, body size, credential by
    /// name) and exit 0: nothing is sent, scanned or reported.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// Resolve HOST to ADDR when probing (like curl's --resolve, any port); repeatable.
    #[arg(long, value_name = "HOST:ADDR", value_parser = parse_resolve)]
    pub(crate) resolve: Vec<(String, std::net::IpAddr)>,
}

fn parse_resolve(s: &str) -> Result<(String, std::net::IpAddr), String> {
    let (host, addr) = s
        .split_once(':')
        .ok_or_else(|| format!("expected HOST:ADDR, got `{s}`"))?;
    let addr = addr.trim_matches(['[', ']']);
    let ip = addr
        .parse()
        .map_err(|_| format!("`{addr}` is not an IP address"))?;
    if host.is_empty() {
        return Err("the host is empty".to_owned());
    }
    Ok((host.to_ascii_lowercase(), ip))
}

/// An output format, parsed from the names the report crate defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FormatArg(pub(crate) Format);

const FORMATS: [FormatArg; Format::ALL.len()] = {
    let mut all = [FormatArg(Format::Human); Format::ALL.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = FormatArg(Format::ALL[i].1);
        i += 1;
    }
    all
};

impl ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        &FORMATS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// A severity, parsed from the names core defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SeverityArg(pub(crate) Severity);

const SEVERITIES: [SeverityArg; Severity::ALL.len()] = {
    let mut all = [SeverityArg(Severity::Info); Severity::ALL.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = SeverityArg(Severity::ALL[i]);
        i += 1;
    }
    all
};

impl ValueEnum for SeverityArg {
    fn value_variants<'a>() -> &'a [Self] {
        &SEVERITIES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.as_str()))
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
    /// Check a policy and report every problem with file:line:column.
    Validate(PolicyArgs),
    /// Print the effective policy after `extends`, each value annotated with where it came from.
    Show(PolicyArgs),
    /// Print the policy's JSON Schema (for editors; committed as policies/launchgate.schema.json).
    Schema,
    /// Print the reference of every policy key: what it accepts, its default, what it does
    /// (Markdown; committed as docs/policy.md).
    Reference,
}

#[derive(Debug, Args)]
pub(crate) struct PolicyArgs {
    /// Policy file, or `builtin:<name>` (default: as for `check`).
    #[arg(conflicts_with = "policy")]
    pub(crate) file: Option<PathBuf>,
    /// The same, spelled as for `check`.
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,
}

impl PolicyArgs {
    /// The policy named by either spelling.
    pub(crate) fn path(&self) -> Option<&std::path::Path> {
        self.file.as_deref().or(self.policy.as_deref())
    }
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "launchgate.yml")]
    pub(crate) file: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Show the documentation of this rule or check.
    pub(crate) id: Option<String>,
    /// Print the catalog as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// List the services the secret rules cover, with their rule ids.
    #[arg(long, conflicts_with = "id")]
    pub(crate) services: bool,
    /// For rule authors: check rule files (each replaces the built-in file of the same name, or
    /// is added) and run every rule's examples through the whole scanner. Exit 1 on any problem.
    #[arg(long, value_name = "FILE", num_args = 0.., conflicts_with_all = ["id", "services"])]
    pub(crate) check: Option<Vec<PathBuf>>,
}
