//! `scan --staged`: what the next `git commit` would record. The index's blobs that HEAD does not
//! already hold are scanned (a new file, an edit, a copy of nothing known); the working tree's
//! unstaged edits and the history are not, so an old committed `.env` does not block every
//! commit, and a key staged then edited away in the working tree still does.

use std::time::Instant;

use launchgate_core::{EngineOutput, SkipReason, SkippedItem};

use crate::matcher::RuleSet;
use crate::walk::{ScanConfig, globset};
use crate::{ScanError, history};

pub(crate) fn scan(rules: &RuleSet, cfg: &ScanConfig) -> Result<EngineOutput, ScanError> {
    let started = Instant::now();
    let mut out = crate::repo::empty_output(rules);
    let ts = history::open(&cfg.root).map_err(ScanError::History)?;
    let repo = ts.to_thread_local();
    // Unborn HEAD (the first commit): everything staged is new.
    let head = history::head_blobs(&repo);
    let index = repo
        .index_or_empty()
        .map_err(|e| ScanError::History(format!("cannot read the index: {e}")))?;
    let include = globset(&cfg.include)?;
    let exclude = globset(&cfg.exclude)?;
    for entry in index.entries() {
        // Conflict stages are not what a commit records; symlinks and submodules hold no text.
        let is_file = entry.mode == gix::index::entry::Mode::FILE
            || entry.mode == gix::index::entry::Mode::FILE_EXECUTABLE;
        if entry.stage_raw() != 0 || !is_file || head.contains(&entry.id) {
            continue;
        }
        let path = entry.path(&index).to_string();
        if !path.starts_with(cfg.path_prefix.as_str())
            || include.as_ref().is_some_and(|g| !g.is_match(&path))
            || exclude.as_ref().is_some_and(|g| g.is_match(&path))
        {
            continue;
        }
        let object = repo
            .find_object(entry.id)
            .map_err(|e| ScanError::History(format!("cannot read the staged {path}: {e}")))?;
        let data = &object.data;
        if data.len() as u64 > cfg.max_file_size {
            out.skipped.push(SkippedItem {
                engine: launchgate_core::Engine::Scan,
                subject: path,
                reason: SkipReason::TooLarge {
                    size: data.len() as u64,
                    limit: cfg.max_file_size,
                },
            });
            continue;
        }
        let text = match crate::content::classify(data) {
            crate::content::Content::Text(t) => t,
            crate::content::Content::Binary => {
                out.stats.binary_files_skipped += 1;
                out.skipped.extend(crate::walk::opaque_skip(path, data));
                continue;
            }
        };
        out.stats.files_scanned += 1;
        out.stats.bytes_scanned += text.len() as u64;
        let scan = crate::checks::scan_file(rules, &path, &text, &cfg.hasher, false);
        out.findings.extend(scan.findings);
        out.warnings.extend(scan.warnings);
    }
    crate::repo::order_findings(&mut out.findings);
    out.stats.duration_ms = started.elapsed().as_millis() as u64;
    Ok(out)
}
