//! Writing reports: one format on stdout, any number of files, and in GitHub Actions the
//! annotations, the job summary and the step outputs.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use launchgate_core::{CheckMeta, Report};
use launchgate_report::{Format, RenderOptions, render};

use crate::cli::CommonArgs;
use crate::ui::Ui;

fn render_to_string(
    format: Format,
    report: &Report,
    opts: &RenderOptions<'_>,
) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    render(format, report, opts, &mut buf).context("rendering the report")?;
    String::from_utf8(buf).context("the report is not UTF-8")
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing report {}", path.display()))
}

fn append(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

pub(crate) fn emit(
    ui: &Ui,
    report: &Report,
    catalog: &[CheckMeta],
    args: &CommonArgs,
) -> anyhow::Result<()> {
    let opts = |color: bool| RenderOptions {
        catalog,
        color,
        sarif_category: args.sarif_category.as_deref(),
        verbose: ui.verbose,
    };
    // Files first: a CI step that uploads SARIF needs it even if stdout is closed.
    let files: [(Option<&PathBuf>, Format); 5] = [
        (args.sarif.as_ref(), Format::Sarif),
        (args.json.as_ref(), Format::Json),
        (args.markdown.as_ref(), Format::Markdown),
        (args.gitlab_codequality.as_ref(), Format::GitlabCodequality),
        (args.gitlab_secrets.as_ref(), Format::GitlabSecrets),
    ];
    // `--sarif -` means stdout, as everywhere else, never a file named `-` the next scan reads.
    let mut format = args.format.0;
    for (path, file_format) in files {
        let Some(path) = path else { continue };
        if path.as_os_str() == "-" {
            if format != Format::Human || args.format.0 != Format::Human {
                anyhow::bail!(
                    "only one report can go to stdout: `-` was given for {} and stdout already carries {}",
                    file_format.name(),
                    format.name()
                );
            }
            format = file_format;
            continue;
        }
        write_file(path, &render_to_string(file_format, report, &opts(false))?)?;
        tracing::info!(path = %path.display(), format = file_format.name(), "wrote report");
    }

    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let mut stdout = if ui.quiet && format == Format::Human {
        verdict_line(report)
    } else {
        render_to_string(
            format,
            report,
            &opts(ui.color_stdout && format == Format::Human),
        )?
    };
    // In Actions the human report is followed by annotations, so findings show on the diff.
    if in_actions && format == Format::Human {
        stdout.push_str(&render_to_string(Format::Github, report, &opts(false))?);
    }
    ui.print(&stdout).context("writing to stdout")?;

    if in_actions {
        if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty()) {
            append(
                Path::new(&summary),
                &render_to_string(Format::Markdown, report, &opts(false))?,
            )?;
        }
        if let Some(out) = std::env::var_os("GITHUB_OUTPUT").filter(|v| !v.is_empty()) {
            let sarif = args.sarif.as_ref().map(|p| p.display().to_string());
            append(
                Path::new(&out),
                &launchgate_report::github_outputs(report, sarif.as_deref()),
            )?;
        }
    }
    Ok(())
}

fn verdict_line(report: &Report) -> String {
    if report.verdict.passed {
        format!("PASS: {}\n", report.pass_summary())
    } else {
        format!("FAIL: {}\n", report.verdict.reasons.join("; "))
    }
}
