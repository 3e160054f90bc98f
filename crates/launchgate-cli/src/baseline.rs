//! `launchgate baseline`: writes what the checked-out branch holds, and says what it left out.

use anyhow::Context;
use launchgate_core::SecretHasher;
use launchgate_policy::{BASELINE_FILE, Baseline, Policy};

use crate::EXIT_PASS;
use crate::cli::BaselineArgs;
use crate::ui::Ui;

pub(crate) fn write_baseline(
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
