//! `gate-weakened` in pull-request mode: the policy and baseline at the merge base, read from git,
//! against the branch's.

use std::path::Path;

use anyhow::Context;
use launchgate_core::{CheckMeta, Warning};
use launchgate_policy::LoadedPolicy;

use crate::git;

/// `gate-weakened`: what the pull request changes in the gate itself, judged by the policy at the
/// merge base (read from git, `extends` and all). A policy that did not exist there is compared
/// with the built-in default, which is what the gate ran then.
pub(crate) fn gate_changes(
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
    let Ok(base_tree) = git::BaseTree::open(workdir, rev) else {
        // The scan reports the missing base with its own advice.
        return Ok((Vec::new(), Vec::new()));
    };
    let short = &base_tree.commit[..12.min(base_tree.commit.len())];
    let at_base = |path: &Path| -> std::io::Result<String> {
        use std::io::{Error, ErrorKind};
        let rel = git::repo_relative(workdir, path)
            .ok_or_else(|| Error::new(ErrorKind::NotFound, "outside the repository"))?;
        let bytes = base_tree
            .file(&rel)
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
    // A policy file the base did not have: the base ran the built-in default.
    let base = match launchgate_policy::load_with(
        &PolicyLocation::File(root.to_path_buf()),
        catalog,
        &at_base,
    ) {
        Ok(p) => Ok(p),
        Err(launchgate_policy::PolicyError::Read { .. }) => default(),
        Err(_) => {
            notes.push(Warning::note(format!(
                "the policy at the merge base {short} does not load; changes to the gate are compared with builtin:{}",
                launchgate_policy::DEFAULT_POLICY
            )));
            default()
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
