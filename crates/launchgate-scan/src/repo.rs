//! The whole repository scan: the working tree, build output, and git history, merged so each
//! secret is reported once with every place it lives.

use std::collections::HashMap;
use std::time::Instant;

use gix::ObjectId;
use launchgate_core::{
    Area, Engine, EngineError, EngineOutput, EngineStats, Location, Presence,
    disambiguate_fingerprints,
};

use crate::history::{self, HistoryConfig, HistoryFinding, HistoryMode};
use crate::matcher::RuleSet;
use crate::progress::Progress;
use crate::walk::{self, ScanConfig, WalkSpec, globset};
use crate::{ScanError, bundles};

fn absorb(into: &mut EngineOutput, from: EngineOutput) {
    into.findings.extend(from.findings);
    into.errors.extend(from.errors);
    into.skipped.extend(from.skipped);
    into.warnings.extend(from.warnings);
    let (a, b) = (&mut into.stats, &from.stats);
    a.files_scanned += b.files_scanned;
    a.bytes_scanned += b.bytes_scanned;
    a.binary_files_skipped += b.binary_files_skipped;
    a.commits_scanned += b.commits_scanned;
    a.blobs_scanned += b.blobs_scanned;
    a.history_bytes_scanned += b.history_bytes_scanned;
}

pub(crate) fn scan(rules: &RuleSet, cfg: &ScanConfig) -> Result<EngineOutput, ScanError> {
    let started = Instant::now();
    let progress = Progress::new(cfg.progress);
    let mut out = EngineOutput {
        areas: vec![Area::Secrets],
        stats: EngineStats {
            checks_enabled: (rules.rules.len() + rules.coded.len()) as u64,
            ..Default::default()
        },
        ..Default::default()
    };
    let bundle_dirs = if cfg.root.is_dir() {
        bundles::find(&cfg.root, &cfg.bundles)
    } else {
        Vec::new()
    };
    let pr_mode = matches!(cfg.history, HistoryMode::Since(_));
    let mut wt_ids: Vec<(String, ObjectId)> = Vec::new();
    // In PR mode the branch's blobs come from history; the working tree adds nothing but what
    // git does not hold (build output).
    if !pr_mode {
        let w = walk::scan_tree(
            rules,
            cfg,
            &WalkSpec {
                root: &cfg.root,
                prefix: cfg.path_prefix.clone(),
                gitignore: cfg.gitignore,
                skip_dirs: &bundle_dirs,
                bundle: false,
            },
        )?;
        absorb(&mut out, w.output);
        wt_ids.extend(w.blob_ids);
    }
    for dir in &bundle_dirs {
        let rel = walk::display_path(&cfg.root, dir, &cfg.path_prefix);
        let w = walk::scan_tree(
            rules,
            cfg,
            &WalkSpec {
                root: dir,
                prefix: format!("{rel}/"),
                gitignore: false,
                skip_dirs: &[],
                bundle: true,
            },
        )?;
        absorb(&mut out, w.output);
        wt_ids.extend(w.blob_ids);
    }

    if cfg.history != HistoryMode::Off {
        match history::open(&cfg.root) {
            Ok(ts) => {
                let include = globset(&cfg.include)?;
                let exclude = globset(&cfg.exclude)?;
                let hcfg = HistoryConfig {
                    mode: &cfg.history,
                    shard: cfg.shard,
                    max_file_size: cfg.max_file_size,
                    threads: cfg.threads,
                    hasher: &cfg.hasher,
                    include: include.as_ref(),
                    exclude: exclude.as_ref(),
                    path_prefix: &cfg.path_prefix,
                    progress: &progress,
                };
                let h = history::scan(rules, &ts, &hcfg).map_err(ScanError::History)?;
                let head = history::head_blobs(&ts.to_thread_local());
                absorb(&mut out, h.output);
                merge_history(&mut out, h.findings, &head, &wt_ids);
            }
            Err(e) => out.errors.push(EngineError {
                engine: Engine::Scan,
                subject: "history".to_owned(),
                message: format!("cannot open the git repository: {e}"),
            }),
        }
    }
    progress.finish();

    out.findings.sort_by(|a, b| {
        let key = |f: &launchgate_core::Finding| match &f.location {
            Location::File(l) => (l.path.clone(), l.line, l.column, f.check.clone()),
            _ => (String::new(), 0, 0, f.check.clone()),
        };
        key(a).cmp(&key(b))
    });
    disambiguate_fingerprints(&mut out.findings);
    out.errors.sort_by(|a, b| a.subject.cmp(&b.subject));
    out.skipped.sort_by(|a, b| a.subject.cmp(&b.subject));
    out.warnings.sort_by(|a, b| a.message.cmp(&b.message));
    out.warnings.dedup_by(|a, b| a.message == b.message);
    out.stats.duration_ms = started.elapsed().as_millis() as u64;
    Ok(out)
}

/// Folds history findings into the working tree's: the same secret in the same content is one
/// finding with its introducing commit; a secret only in history is reported once (at its
/// oldest blob) and says it must be rotated.
fn merge_history(
    out: &mut EngineOutput,
    mut found: Vec<HistoryFinding>,
    head: &gix::hashtable::HashSet<ObjectId>,
    wt_ids: &[(String, ObjectId)],
) {
    found.sort_by_key(|h| h.order);
    let mut by_fp: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in out.findings.iter().enumerate() {
        by_fp
            .entry(f.fingerprint.as_str().to_owned())
            .or_default()
            .push(i);
    }
    let mut by_blob: HashMap<ObjectId, Vec<&str>> = HashMap::new();
    for (path, id) in wt_ids {
        by_blob.entry(*id).or_default().push(path);
    }
    // First blob (oldest) that produced each fingerprint.
    let mut first_blob: HashMap<String, ObjectId> = HashMap::new();
    let mut kept = Vec::new();
    for h in found {
        let HistoryFinding {
            finding: mut f,
            blob,
            ..
        } = h;
        let fp = f.fingerprint.as_str().to_owned();
        let same_content_paths = by_blob.get(&blob);
        let matches: Vec<usize> = out
            .findings
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                by_fp.get(&fp).is_some_and(|v| v.contains(i))
                    || (same_content_paths
                        .is_some_and(|ps| w.path().is_some_and(|p| ps.contains(&p)))
                        && w.check == f.check
                        && w.evidence == f.evidence)
            })
            .map(|(i, _)| i)
            .collect();
        let commit = match &f.location {
            Location::File(l) => l.commit.clone().map(|c| (c, l.path.clone())),
            _ => None,
        };
        if !matches.is_empty() {
            for i in matches {
                if let Location::File(l) = &mut out.findings[i].location
                    && l.commit.is_none()
                {
                    l.presence = Presence::WorkingTreeAndHistory;
                    l.commit = commit.clone().map(|(mut c, path)| {
                        if path != l.path {
                            c.path = Some(path);
                        }
                        c
                    });
                }
            }
            continue;
        }
        match first_blob.get(&fp) {
            Some(b) if *b != blob => continue,
            Some(_) => {}
            None => {
                first_blob.insert(fp, blob);
            }
        }
        if let Location::File(l) = &mut f.location {
            if head.contains(&blob) {
                l.presence = Presence::WorkingTreeAndHistory;
            } else {
                l.presence = Presence::HistoryOnly;
                f.message = format!(
                    "{}: removed in a later commit (or only on another branch or tag), still in history: rotate the key",
                    f.message
                );
            }
        }
        kept.push(f);
    }
    out.findings.extend(kept);
}
