//! Terminal concerns: colour decisions, the log subscriber, and how errors are printed.

use std::io::{IsTerminal, Write};

use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, ColorChoice};

/// How to talk to the user.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ui {
    /// Colour on stdout.
    pub(crate) color_stdout: bool,
    /// Colour on stderr.
    pub(crate) color_stderr: bool,
    /// `-q`.
    pub(crate) quiet: bool,
    /// `-v` given: reports list everything (every suppressed finding).
    pub(crate) verbose: bool,
}

impl Ui {
    pub(crate) fn new(cli: &Cli) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Ui {
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            quiet: cli.quiet,
            verbose: cli.verbose > 0,
        }
    }

    /// Logs go to stderr. `LAUNCHGATE_LOG` wins over -v/-q.
    pub(crate) fn init_logging(&self, verbose: u8, quiet: bool) {
        let default = match (quiet, verbose) {
            (true, _) => "error",
            (_, 0) => "warn",
            (_, 1) => "info",
            (_, 2) => "debug",
            _ => "trace",
        };
        let filter =
            EnvFilter::try_from_env("LAUNCHGATE_LOG").unwrap_or_else(|_| EnvFilter::new(default));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(self.color_stderr)
            .with_target(false)
            .try_init();
    }

    /// Prints an error and its causes to stderr.
    pub(crate) fn error(&self, err: &anyhow::Error) {
        let mut e = std::io::stderr().lock();
        let word = if self.color_stderr {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        let _ = writeln!(e, "{word}: {err}");
        for cause in err.chain().skip(1) {
            let _ = writeln!(e, "  caused by: {cause}");
        }
        if let Some(help) = help_for(err) {
            let _ = writeln!(e, "  help: {help}");
        }
    }

    /// Writes to stderr (diagnostics, notes), honouring nothing but the stream.
    pub(crate) fn eprint(&self, text: &str) {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    /// Writes to stdout.
    pub(crate) fn print(&self, text: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }
}

/// Help lines for error kinds users hit.
fn help_for(err: &anyhow::Error) -> Option<&'static str> {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<launchgate_scan::ScanError>() {
            return match e {
                launchgate_scan::ScanError::Root { .. } => {
                    Some("pass the path of a checked-out repository or directory")
                }
                launchgate_scan::ScanError::Glob { .. } => {
                    Some("fix the glob in scan.include or scan.exclude")
                }
                launchgate_scan::ScanError::Rules { .. } => {
                    Some("this is a bug in launchgate's built-in rules; please report it")
                }
                launchgate_scan::ScanError::Import { .. } => {
                    Some("fix the rule file named in the policy's scan.rules.import")
                }
                launchgate_scan::ScanError::History(_) => None,
            };
        }
        if cause
            .downcast_ref::<launchgate_policy::PolicyError>()
            .is_some()
        {
            return Some(
                "`launchgate policy validate` checks a policy; `launchgate init` writes a starter",
            );
        }
    }
    None
}
