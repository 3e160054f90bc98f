//! GitHub Actions integration: workflow-command annotations on the changed files, and the step
//! outputs (`verdict`, `findings`, `sarif-file`). GitHub shows at most 10 annotations of each
//! level per step, so the worst are emitted first and a notice points at the job summary.

use std::io::{self, Write};

use launchgate_core::{Finding, Location, Report, Severity};

/// GitHub's display limit of annotations per level and step.
const PER_LEVEL_CAP: usize = 10;

/// Escapes the message part of a workflow command: GitHub's own escapes for `%`, CR and LF, and
/// a visible escape for every other control character (an ESC in a file name must not reach the
/// log viewer).
fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    launchgate_core::printable(&s).into_owned()
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(f: &Finding, fail_on: launchgate_core::FailOn) -> &'static str {
    if fail_on.fails(f.severity, f.confidence) {
        "error"
    } else if f.severity >= Severity::Low {
        "warning"
    } else {
        "notice"
    }
}

/// Writes one annotation per finding, worst first, capped per level.
pub fn annotations(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut order: Vec<&Finding> = report.findings.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut shown = [0usize; 3];
    let mut hidden = 0usize;
    for f in order {
        let cmd = command(f, report.verdict.fail_on);
        let slot = match cmd {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        };
        if shown[slot] == PER_LEVEL_CAP {
            hidden += 1;
            continue;
        }
        shown[slot] += 1;
        let mut props = Vec::new();
        match &f.location {
            // Not in any checked-out line: on the file when it still exists (a file-level
            // annotation), else on the run; the message names the commit, path and line.
            Location::File(l) if l.presence.is_history_only() && !l.path_absent => {
                props.push(format!("file={}", escape_property(&l.path)));
            }
            Location::File(l) if l.presence.is_history_only() => {}
            Location::File(l) => {
                props.push(format!("file={}", escape_property(&l.path)));
                props.push(format!("line={}", l.line));
                props.push(format!("endLine={}", l.end_line));
                if l.line == l.end_line {
                    props.push(format!("col={}", l.column));
                    props.push(format!("endColumn={}", l.end_column));
                }
            }
            Location::Url {
                policy: Some(a), ..
            }
            | Location::Dns {
                policy: Some(a), ..
            } => {
                props.push(format!("file={}", escape_property(&a.file)));
                props.push(format!("line={}", a.line));
            }
            _ => {}
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} ({})", f.check, f.severity))
        ));
        writeln!(
            w,
            "::{cmd} {}::{}",
            props.join(","),
            escape_data(&crate::headline(f))
        )?;
    }
    if hidden > 0 {
        writeln!(
            w,
            "::notice title=launchgate::{}",
            escape_data(&format!(
                "{hidden} more finding(s) not annotated (GitHub shows 10 per level); see the job summary or the SARIF report"
            ))
        )?;
    }
    Ok(())
}

/// The `$GITHUB_OUTPUT` lines: `verdict`, `findings`, and `sarif-file` when one was written.
pub fn outputs(report: &Report, sarif_file: Option<&str>) -> String {
    let mut out = format!(
        "verdict={}\nfindings={}\n",
        if report.verdict.passed {
            "pass"
        } else {
            "fail"
        },
        report.findings.len()
    );
    if let Some(p) = sarif_file {
        // A path with a newline would inject an output; refuse it rather than escape it.
        if !p.contains(['\n', '\r']) {
            out.push_str(&format!("sarif-file={p}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(escape_data("a\u{1b}[31m\tb"), "a\\u{1b}[31m\\tb");
    }
}
