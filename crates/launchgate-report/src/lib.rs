//! Renderers: one module per output format, each a function from a [`Report`] (and the check
//! catalog, for rule descriptions) to a writer. Renderers decide nothing; they show what the
//! policy decided. No renderer ever sees a secret: evidence is already redacted in the report.

mod catalog;
mod github;
mod gitlab;
mod human;
mod json;
mod markdown;
mod sarif;

use std::io::{self, Write};

use launchgate_core::{CheckMeta, Report, Severity};

pub use catalog::{CATALOG_FORMAT_VERSION, catalog_json};
pub use github::{annotations as github_annotations, outputs as github_outputs};
pub use json::JSON_FORMAT_VERSION;

/// Every output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The scorecard, findings and verdict for people.
    Human,
    /// Versioned JSON (`"version": 1`).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// Markdown, as written to the GitHub job summary.
    Markdown,
    /// GitLab Code Quality report.
    GitlabCodequality,
    /// GitLab Secret Detection report.
    GitlabSecrets,
    /// One line per finding, `path:line:col: severity rule: message`, then the verdict.
    Lines,
}

impl Format {
    /// Every format with its command-line name.
    pub const ALL: [(&'static str, Format); 8] = [
        ("human", Format::Human),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
        ("markdown", Format::Markdown),
        ("gitlab-codequality", Format::GitlabCodequality),
        ("gitlab-secrets", Format::GitlabSecrets),
        ("lines", Format::Lines),
    ];

    /// One line describing the format, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "Scorecard, findings and verdict for people",
            Format::Json => "Versioned JSON report",
            Format::Sarif => "SARIF 2.1.0",
            Format::Github => "GitHub Actions workflow-command annotations",
            Format::Markdown => "Markdown summary",
            Format::GitlabCodequality => "GitLab Code Quality report",
            Format::GitlabSecrets => "GitLab Secret Detection report",
            Format::Lines => {
                "One line per finding (path:line:col: severity rule: message), for hooks and editors"
            }
        }
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("human", |(n, _)| n)
    }
}

/// What renderers need besides the report.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Every rule and check, for descriptions and docs links.
    pub catalog: &'a [CheckMeta],
    /// ANSI colour (human format only; the CLI decides, based on whether stdout is a terminal).
    pub color: bool,
    /// The SARIF run's code-scanning category (`runAutomationDetails.id`), so two uploads of the
    /// same engine (a pre-deploy probe of staging, a nightly probe of production) do not
    /// replace each other. Default: `launchgate/<engine>/`.
    pub sarif_category: Option<&'a str>,
    /// List everything (`-v`): every suppressed finding, not the first few.
    pub verbose: bool,
}

/// Writes `report` in `format`.
pub fn render(
    format: Format,
    report: &Report,
    opts: &RenderOptions<'_>,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, opts, w),
        Format::Json => json::render(report, opts, w),
        Format::Sarif => sarif::render(report, opts, w),
        Format::Github => github::annotations(report, w),
        Format::Markdown => markdown::render(report, opts, w),
        Format::GitlabCodequality => gitlab::codequality(report, w),
        Format::GitlabSecrets => gitlab::secret_detection(report, opts, w),
        Format::Lines => human::lines(report, w),
    }
}

/// Findings counted per severity, worst first, for count lines.
pub(crate) fn severity_counts(findings: &[launchgate_core::Finding]) -> Vec<(Severity, usize)> {
    Severity::ALL
        .iter()
        .rev()
        .map(|s| (*s, findings.iter().filter(|f| f.severity == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// "1 finding" / "2 findings".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The place a finding points at, as `path:line:col`, a URL or a DNS name.
/// A finding's message with what it is about, for renderers that show it away from its URL or
/// host (annotations and Code Quality point at the policy line): `app (https://…/): message`.
pub(crate) fn headline(f: &launchgate_core::Finding) -> String {
    use launchgate_core::Location;
    let text = with_evidence(f);
    match &f.location {
        Location::Url {
            url,
            target: Some(t),
            ..
        } => format!("{t} ({url}): {text}"),
        Location::Url { url, .. } | Location::Dns { name: url, .. } => format!("{url}: {text}"),
        Location::File(_) => text,
    }
}

/// A finding's message and its redacted evidence, `AWS access key ID found: AKIAZ… (20 chars,
/// hmac f05408fb)`: for renderers that show the location beside it.
pub(crate) fn with_evidence(f: &launchgate_core::Finding) -> String {
    match &f.evidence {
        Some(e) => format!("{}: {e}", f.message),
        None => f.message.clone(),
    }
}

pub(crate) fn place(f: &launchgate_core::Finding) -> String {
    match &f.location {
        // A history-only finding is in its commit, named as git names a file there.
        launchgate_core::Location::File(l) => match &l.commit {
            Some(c) if l.presence.is_history_only() => {
                format!("{}:{}:{}:{}", c.short(), l.path, l.line, l.column)
            }
            _ => format!("{}:{}:{}", l.path, l.line, l.column),
        },
        launchgate_core::Location::Url { url, .. } => url.clone(),
        launchgate_core::Location::Dns { name, .. } => name.clone(),
    }
}

/// The commit to report for working-tree findings outside git: GitLab requires some sha.
pub(crate) const NO_COMMIT: &str = "0000000000000000000000000000000000000000";
