//! The `launchgate` binary: parses flags, loads the policy, runs the engines, renders the
//! reports and turns the verdict into an exit code. The only crate that uses anyhow, installs a
//! log subscriber or writes to stdout and stderr.

mod action;
mod baseline;
mod ci;
mod cli;
mod commands;
mod gate_change;
mod git;
mod output;
mod probe_input;
mod run;
mod ui;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// Exit code: the policy passed.
const EXIT_PASS: u8 = 0;
/// Exit code: the policy failed.
const EXIT_FAIL: u8 = 1;
/// Exit code: the gate could not run.
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Usage errors exit 2; --help and --version exit 0.
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_PASS
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let mut cli = cli;
    if matches!(cli.command, Command::Action) {
        // The action's inputs, turned into the command line a user would type.
        let argv = match action::argv(|k| std::env::var(k).ok()) {
            Ok(a) => a,
            Err(e) => {
                let ui = ui::Ui::new(&cli);
                ui.error(&e);
                return ExitCode::from(EXIT_ERROR);
            }
        };
        cli = match Cli::try_parse_from(argv) {
            Ok(c) => c,
            Err(e) => {
                let _ = e.print();
                return ExitCode::from(EXIT_ERROR);
            }
        };
    }
    let ui = ui::Ui::new(&cli);
    ui.init_logging(cli.verbose, cli.quiet);

    let result = match &cli.command {
        Command::Check(args) => run::run(&ui, run::Mode::Check, Some(args), None),
        Command::Scan(args) => run::run(&ui, run::Mode::Scan, Some(args), None),
        Command::Baseline(args) => run::run(&ui, run::Mode::Baseline, Some(&args.run), Some(args)),
        Command::Probe(args) => run::probe(&ui, &args.common),
        Command::Policy(cmd) => commands::policy(&ui, cmd),
        Command::Init(args) => commands::init(&ui, args),
        Command::Rules(args) => commands::rules(&ui, args),
        Command::Verdict(args) => commands::verdict(&ui, args),
        Command::Action => Err(anyhow::anyhow!("`action` cannot start another `action`")),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            ui.error(&err);
            ExitCode::from(EXIT_ERROR)
        }
    }
}
