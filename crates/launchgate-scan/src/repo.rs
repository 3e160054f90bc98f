//! The whole repository scan: the working tree, build output, and git history, merged so each
//! secret is reported once with every place it lives.

use std::collections::HashMap;
use std::time::Instant;

use gix::ObjectId;
use launchgate_core::{
    Area, CommitRef, Engine, EngineError, EngineOutput, EngineStats, Location, Presence, Severity,
    disambiguate_fingerprints,
};

use crate::history::{self, HistoryConfig, HistoryFinding, HistoryMode, PathFilter};
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

/// What a scan starts from: the secrets area, and how many checks it runs.
pub(crate) fn empty_output(rules: &RuleSet) -> EngineOutput {
    EngineOutput {
        areas: vec![Area::Secrets],
        stats: EngineStats {
            checks_enabled: (rules.rules.len() + rules.coded.len()) as u64,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Findings in file order (path, line, column, check), with repeats of one secret in one file
/// told apart, so reports and fingerprints are the same on every run.
pub(crate) fn order_findings(findings: &mut [launchgate_core::Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &launchgate_core::Finding| match &f.location {
            Location::File(l) => (l.path.clone(), l.line, l.column, f.check.clone()),
            _ => (String::new(), 0, 0, f.check.clone()),
        };
        key(a).cmp(&key(b))
    });
    disambiguate_fingerprints(findings);
}

pub(crate) fn scan(rules: &RuleSet, cfg: &ScanConfig) -> Result<EngineOutput, ScanError> {
    let started = Instant::now();
    let progress = Progress::new(cfg.progress);
    let mut out = empty_output(rules);
    let bundle_dirs = if cfg.root.is_dir() {
        bundles::find(&cfg.root, &cfg.bundles)
    } else {
        Vec::new()
    };
    // Open the repository first: PR mode with nothing in its range scans all of history.
    let mut mode = cfg.history.clone();
    let repo = match &mode {
        HistoryMode::Off => None,
        _ => match history::open(&cfg.root) {
            Ok(ts) => Some(ts),
            Err(e) => {
                out.errors.push(EngineError {
                    engine: Engine::Scan,
                    subject: "history".to_owned(),
                    message: format!("cannot open the git repository: {e}"),
                });
                None
            }
        },
    };
    if let (Some(ts), HistoryMode::Since(rev)) = (&repo, &mode)
        && history::since_is_empty(ts, rev).map_err(ScanError::History)?
    {
        out.warnings.push(launchgate_core::Warning::note(format!(
            "pull-request mode: HEAD is already part of `{rev}`, so the branch adds no commits; scanned all of history instead"
        )));
        mode = HistoryMode::All;
    }
    let pr_mode = matches!(mode, HistoryMode::Since(_));

    let mut wt_ids: Vec<(String, ObjectId)> = Vec::new();
    // `launchgate scan dist`: the scanned directory is build output itself.
    let root_is_bundle = bundles::is_bundle_root(&cfg.root, &cfg.path_prefix, &cfg.bundles);
    let w = walk::scan_tree(
        rules,
        cfg,
        &WalkSpec {
            root: &cfg.root,
            prefix: cfg.path_prefix.clone(),
            gitignore: cfg.gitignore && !root_is_bundle,
            skip_dirs: &bundle_dirs,
            bundle: root_is_bundle,
        },
    )?;
    absorb(&mut out, w.output);
    wt_ids.extend(w.blob_ids);
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

    let shipped: Vec<String> = bundle_dirs
        .iter()
        .map(|d| format!("{}/", walk::display_path(&cfg.root, d, &cfg.path_prefix)))
        .collect();
    link_build_output(rules, &mut out.findings, |path| {
        root_is_bundle || shipped.iter().any(|p| path.starts_with(p.as_str()))
    });

    if let Some(ts) = &repo {
        let include = globset(&cfg.include)?;
        let exclude = globset(&cfg.exclude)?;
        let classes = globset(&cfg.path_classes)?;
        // A single file: history of that path only.
        let exact = cfg.root.is_file().then(|| {
            let name = cfg
                .root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("{}{name}", cfg.path_prefix)
        });
        let hcfg = HistoryConfig {
            mode: &mode,
            shard: cfg.shard,
            max_file_size: cfg.max_file_size,
            threads: cfg.threads,
            hasher: &cfg.hasher,
            filter: PathFilter {
                prefix: &cfg.path_prefix,
                exact: exact.as_deref(),
                include: include.as_ref(),
                exclude: exclude.as_ref(),
                classes: classes.as_ref(),
                rules: Some(rules),
            },
            progress: &progress,
        };
        let h = history::scan(rules, ts, &hcfg).map_err(ScanError::History)?;
        let head = history::head_blobs(&ts.to_thread_local());
        absorb(&mut out, h.output);
        merge_history(&mut out, h.findings, &head, &hcfg.filter, ts.work_dir());
        if pr_mode {
            // The working tree adds what git does not hold yet: uncommitted edits, untracked
            // files, build output. A file HEAD holds unchanged was either scanned in the
            // branch's history or was already in the base.
            let committed: HashMap<&str, bool> = wt_ids
                .iter()
                .map(|(p, id)| (p.as_str(), head.contains(id)))
                .collect();
            out.findings.retain(|f| match &f.location {
                Location::File(l) if l.presence == Presence::WorkingTree => {
                    !committed.get(l.path.as_str()).copied().unwrap_or(false)
                }
                _ => true,
            });
        }
    }
    progress.finish();

    order_findings(&mut out.findings);
    out.errors.sort_by(|a, b| a.subject.cmp(&b.subject));
    out.skipped.sort_by(|a, b| a.subject.cmp(&b.subject));
    out.warnings.sort_by(|a, b| a.message.cmp(&b.message));
    out.warnings.dedup_by(|a, b| a.message == b.message);
    out.stats.duration_ms = started.elapsed().as_millis() as u64;
    Ok(out)
}

/// Judges secrets in build output by what shipping means. A value the build copied from a
/// source file (the same keyed hash) is at least as severe as it is there, and each names the
/// other; a value that is public by design (a referrer-restricted Google key) is `info`.
fn link_build_output(
    rules: &RuleSet,
    findings: &mut [launchgate_core::Finding],
    in_build_output: impl Fn(&str) -> bool,
) {
    // In build output itself, or in a shipped source map's embedded sources (`via` the map).
    let shipped: Vec<bool> = findings
        .iter()
        .map(|f| match &f.location {
            Location::File(l) => in_build_output(l.via.as_deref().unwrap_or(&l.path)),
            _ => false,
        })
        .collect();
    // The most severe source finding of each secret value, and the first shipped copy.
    let mut sources: HashMap<String, usize> = HashMap::new();
    let mut copies: HashMap<String, usize> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(e) = &f.evidence else { continue };
        let seen = if shipped[i] {
            &mut copies
        } else {
            &mut sources
        };
        let slot = seen.entry(e.hash().to_owned()).or_insert(i);
        if !shipped[i] && findings[*slot].severity < f.severity {
            *slot = i;
        }
    }
    // A copy inside a source map is named by the map, which is what ships.
    let place = |f: &launchgate_core::Finding| match &f.location {
        Location::File(l) => match &l.via {
            Some(map) => format!("{map} (its embedded {}:{})", l.path, l.line),
            None => format!("{}:{}", l.path, l.line),
        },
        _ => String::new(),
    };
    let mut notes: Vec<(usize, Severity, String)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(e) = &f.evidence else { continue };
        if shipped[i] {
            let public = rules.spec(&f.check).and_then(|r| r.browser_public.as_ref());
            if let Some(&s) = sources.get(e.hash()) {
                let src = &findings[s];
                notes.push((
                    i,
                    if public.is_some() {
                        Severity::Info
                    } else {
                        src.severity.max(f.severity)
                    },
                    format!(
                        "; the build copied it from {} ({}), so it ships to every visitor",
                        place(src),
                        src.check
                    ),
                ));
            } else if let Some(why) = public {
                notes.push((i, Severity::Info, format!(" in build output: {why}")));
            }
        } else if let Some(&c) = copies.get(e.hash()) {
            notes.push((
                i,
                f.severity,
                format!("; shipped in build output at {}", place(&findings[c])),
            ));
        }
    }
    for (i, severity, note) in notes {
        findings[i].severity = severity;
        findings[i].message.push_str(&note);
    }
}

/// Which secret a finding is about: its check and the keyed hash of the secret, so the same key
/// is one finding wherever it moved; findings without evidence (a committed `.env` file) are
/// keyed by their fingerprint.
/// The path class is part of the key: the same key under an ignored path and elsewhere stays two
/// findings, so the ignore entry cannot swallow the other place.
/// Check, secret hash (or fingerprint), path class.
type SecretKey = (String, String, u64);

fn secret_key(f: &launchgate_core::Finding, filter: &PathFilter<'_>) -> SecretKey {
    let class = f.path().map_or(0, |p| filter.class(p));
    match &f.evidence {
        Some(e) => (f.check.clone(), e.hash().to_owned(), class),
        None => (f.check.clone(), f.fingerprint.as_str().to_owned(), class),
    }
}

/// Folds history findings into the working tree's: a secret that is still checked out is one
/// finding with the commit that first introduced it; a secret only in history is reported once
/// (at its oldest blob, the checked-out branch's before other refs') and says where it is and
/// that it must be rotated.
fn merge_history(
    out: &mut EngineOutput,
    mut found: Vec<HistoryFinding>,
    head: &gix::hashtable::HashSet<ObjectId>,
    filter: &PathFilter<'_>,
    workdir: Option<&std::path::Path>,
) {
    found.sort_by_key(|h| h.order);
    let mut current: HashMap<SecretKey, Vec<usize>> = HashMap::new();
    for (i, f) in out.findings.iter().enumerate() {
        current.entry(secret_key(f, filter)).or_default().push(i);
    }
    // For secrets still checked out: the commit(s) of the oldest introduction, as (commit, path).
    let mut introduced: HashMap<SecretKey, (u32, Vec<(CommitRef, String)>)> = HashMap::new();
    // The blob each history-only secret is reported at: its oldest (every occurrence there).
    let mut reported: HashMap<SecretKey, ObjectId> = HashMap::new();
    let mut kept = Vec::new();
    for h in found {
        let HistoryFinding {
            finding: mut f,
            blob,
            order,
            on_head,
        } = h;
        let key = secret_key(&f, filter);
        if current.contains_key(&key) {
            if let Location::File(l) = &f.location
                && let Some(c) = &l.commit
            {
                let e = introduced.entry(key).or_insert((order, Vec::new()));
                if e.0 == order {
                    e.1.push((c.clone(), l.path.clone()));
                }
            }
            continue;
        }
        if *reported.entry(key).or_insert(blob) != blob {
            continue;
        }
        if let Location::File(l) = &mut f.location {
            if head.contains(&blob) {
                l.presence = Presence::WorkingTreeAndHistory;
            } else {
                l.path_absent = workdir.is_some_and(|w| !w.join(&l.path).exists());
                let commit = l.commit.as_ref();
                let sha = commit.map_or("", CommitRef::short);
                if on_head {
                    l.presence = Presence::HistoryOnly;
                    f.message = format!(
                        "{}; removed in a later commit, still in history: rotate the key (added in {sha} at {}:{})",
                        f.message, l.path, l.line
                    );
                } else {
                    l.presence = Presence::OtherRefs;
                    let on = match commit.map(|c| c.refs_phrase(3)) {
                        Some(refs) if !refs.is_empty() => refs,
                        _ => "an unreachable object".to_owned(),
                    };
                    f.message = format!(
                        "{}; only on {on}, not on the checked-out branch: rotate the key, anyone who can fetch that ref has it (commit {sha} at {}:{})",
                        f.message, l.path, l.line
                    );
                }
            }
        }
        kept.push(f);
    }
    // Each checked-out secret gets its first commit; within that commit, its own path if the
    // secret was there, so two files added together each name themselves.
    for (key, idx) in &current {
        let Some((_, places)) = introduced.get(key) else {
            continue;
        };
        for &i in idx {
            if let Location::File(l) = &mut out.findings[i].location
                && l.commit.is_none()
            {
                let (c, path) = places
                    .iter()
                    .find(|(_, p)| *p == l.path)
                    .unwrap_or(&places[0]);
                let mut c = c.clone();
                if *path != l.path {
                    c.path = Some(path.clone());
                }
                l.presence = Presence::WorkingTreeAndHistory;
                l.commit = Some(c);
            }
        }
    }
    out.findings.extend(kept);
}
