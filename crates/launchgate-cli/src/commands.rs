//! `policy validate|show`, `init` and `rules`.

use std::fmt::Write as _;

use anyhow::{Context, bail};
use launchgate_core::CheckMeta;

use crate::EXIT_PASS;
use crate::cli::{InitArgs, PolicyCommand, RulesArgs};
use crate::run::{catalog, load_policy};
use crate::ui::Ui;

/// The commented policy `launchgate init` writes.
pub(crate) const STARTER_POLICY: &str = include_str!("starter.yml");

pub(crate) fn policy(ui: &Ui, cmd: &PolicyCommand) -> anyhow::Result<u8> {
    let catalog = catalog()?;
    match cmd {
        PolicyCommand::Validate(args) => {
            let loaded = load_policy(ui, args.path(), None, &catalog)?;
            // What `check` would refuse, refused here: imported rule files that are missing or
            // do not compile, a baseline that does not parse.
            crate::run::scanner(&loaded.policy)?;
            if let Some(file) = loaded.policy.baseline.as_ref().filter(|f| f.exists()) {
                launchgate_policy::Baseline::read(file)?;
            }
            if !ui.quiet {
                ui.print(&format!(
                    "policy is valid: {}\n",
                    loaded.policy.sources.join(" ← ")
                ))?;
            }
        }
        PolicyCommand::Show(args) => {
            let loaded = load_policy(ui, args.path(), None, &catalog)?;
            ui.print(&loaded.effective_yaml())?;
        }
        PolicyCommand::Schema => ui.print(&policy_schema(&catalog))?,
        PolicyCommand::Reference => ui.print(&launchgate_policy::reference_markdown())?,
    }
    Ok(EXIT_PASS)
}

pub(crate) fn init(ui: &Ui, args: &InitArgs) -> anyhow::Result<u8> {
    if args.file.exists() && !args.force {
        bail!(
            "{} already exists (use --force to overwrite it)",
            args.file.display()
        );
    }
    std::fs::write(&args.file, STARTER_POLICY)
        .with_context(|| format!("writing {}", args.file.display()))?;
    if !ui.quiet {
        ui.print(&format!(
            "wrote {}: edit it, then run `launchgate policy validate` and `launchgate check`\n",
            args.file.display()
        ))?;
    }
    Ok(EXIT_PASS)
}

pub(crate) fn rules(ui: &Ui, args: &RulesArgs) -> anyhow::Result<u8> {
    if let Some(files) = &args.check {
        return check_rules(ui, files);
    }
    let catalog = catalog()?;
    if args.services {
        ui.print(&services(&catalog))?;
        return Ok(EXIT_PASS);
    }
    if let Some(id) = &args.id {
        let Some(meta) = catalog.iter().find(|m| m.id == *id) else {
            let suggestion = catalog
                .iter()
                .map(|m| (strsim::jaro_winkler(id, &m.id), &m.id))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, id)| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default();
            bail!("unknown rule or check `{id}`{suggestion}; `launchgate rules` lists them all");
        };
        if args.json {
            ui.print(&launchgate_report::catalog_json([meta]))?;
        } else {
            ui.print(&format!("{}\nDocs: {}\n", meta.docs, meta.docs_url()))?;
        }
        return Ok(EXIT_PASS);
    }
    if args.json {
        ui.print(&launchgate_report::catalog_json(&catalog))?;
        return Ok(EXIT_PASS);
    }
    ui.print(&table(&catalog))?;
    Ok(EXIT_PASS)
}

fn check_rules(ui: &Ui, files: &[std::path::PathBuf]) -> anyhow::Result<u8> {
    let mut given = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        given.push((name, text));
    }
    let problems = launchgate_scan::check_rule_files(&given)?;
    let mut out = String::new();
    for p in &problems {
        let _ = writeln!(out, "{}", launchgate_core::printable(p));
    }
    let _ = writeln!(
        out,
        "{} problem{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    ui.print(&out)?;
    Ok(if problems.is_empty() {
        EXIT_PASS
    } else {
        crate::EXIT_FAIL
    })
}

/// Every service with its rule ids, sorted by name.
fn services(catalog: &[CheckMeta]) -> String {
    let mut by: std::collections::BTreeMap<String, (String, Vec<&str>)> = Default::default();
    for m in catalog {
        if let Some(s) = &m.service {
            by.entry(s.to_ascii_lowercase())
                .or_insert_with(|| (s.clone(), Vec::new()))
                .1
                .push(&m.id);
        }
    }
    let width = by.values().map(|(s, _)| s.len()).max().unwrap_or(7).max(7);
    let mut out = String::new();
    let _ = writeln!(out, "{:<width$}  RULES", "SERVICE");
    for (name, ids) in by.values() {
        let _ = writeln!(out, "{name:<width$}  {}", ids.join(", "));
    }
    let _ = writeln!(out, "\n{} services", by.len());
    out
}

fn table(catalog: &[CheckMeta]) -> String {
    let width = catalog.iter().map(|m| m.id.len()).max().unwrap_or(2).max(2);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:<8}  {:<10}  {:<6}  {:<8}  NAME",
        "ID", "SEVERITY", "CONFIDENCE", "ENGINE", "AREA"
    );
    for m in catalog {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:<10}  {:<6}  {:<8}  {}",
            m.id,
            m.default_severity.as_str(),
            m.confidence.as_str(),
            m.engine.as_str(),
            m.area.as_str(),
            m.name
        );
    }
    let services: std::collections::BTreeSet<String> = catalog
        .iter()
        .filter_map(|m| m.service.as_ref().map(|s| s.to_ascii_lowercase()))
        .collect();
    let _ = writeln!(
        out,
        "\n{} rules and checks; the secret rules cover {} services (`launchgate rules --services`). `launchgate rules <ID>` shows the documentation of one; docs: {}",
        catalog.len(),
        services.len(),
        launchgate_core::docs_url("<ID>")
    );
    out
}

/// `verdict FILE`: the exit code a JSON report stands for.
pub(crate) fn verdict(ui: &Ui, args: &crate::cli::VerdictArgs) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading the report {}", args.file.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a launchgate JSON report", args.file.display()))?;
    let Some(passed) = v["verdict"]["passed"].as_bool() else {
        bail!(
            "{} has no `verdict.passed`: not a launchgate JSON report (version 1)",
            args.file.display()
        );
    };
    // A report written with --no-fail still carries the real verdict: that is the point.
    if !ui.quiet {
        let reasons: Vec<&str> = v["verdict"]["reasons"]
            .as_array()
            .map(|r| r.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        ui.print(&if passed {
            "PASS\n".to_owned()
        } else {
            format!("FAIL: {}\n", reasons.join("; "))
        })?;
    }
    Ok(if passed { EXIT_PASS } else { crate::EXIT_FAIL })
}

/// The policy JSON Schema, as committed under policies/.
pub(crate) fn policy_schema(catalog: &[launchgate_core::CheckMeta]) -> String {
    let mut ids: Vec<String> = catalog.iter().map(|c| c.id.clone()).collect();
    ids.sort();
    let schema = launchgate_policy::json_schema(&ids);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
