//! Scan checks that are code rather than rule data: a committed `.env` file and a shipped source
//! map. Each module holds its metadata, logic and tests; its docs are the `.md` beside it.

pub(crate) mod env_file_committed;
pub(crate) mod source_map_shipped;

use launchgate_core::{CheckDef, FileLocation, Finding, Fingerprint, Location, SecretHasher};

use crate::blob::{BlobScan, scan_blob};
use crate::matcher::RuleSet;

/// Every coded scan check, in the order `launchgate rules` lists them.
pub(crate) const ALL: &[&CheckDef] = &[&env_file_committed::CHECK, &source_map_shipped::CHECK];

/// A coded check of one piece of content: a file, or a source a source map embeds.
pub(crate) struct FileCheck {
    pub(crate) def: &'static CheckDef,
    /// Whether the check looks at a file at this path at all (a path class of the history scan:
    /// a blob is scanned again at a path where this differs).
    pub(crate) applies: fn(&str) -> bool,
    pub(crate) run: fn(&str, &[u8], &SecretHasher) -> Option<Finding>,
}

/// The coded checks of every piece of content. (`source-map-shipped` is the source-map
/// expander's own: it is about the container, which [`scan_file`] unpacks.)
pub(crate) const FILE_CHECKS: &[FileCheck] = &[FileCheck {
    def: &env_file_committed::CHECK,
    applies: env_file_committed::is_env_file,
    run: env_file_committed::check,
}];

/// The one place a file's content is scanned: a source map is unpacked into the sources it
/// embeds (`in_bundle`: it is this project's build output, so the map itself is shipped), and
/// each piece gets the secret rules and every enabled [`FILE_CHECKS`] entry.
pub(crate) fn scan_file(
    rules: &RuleSet,
    path: &str,
    text: &[u8],
    hasher: &SecretHasher,
    in_bundle: bool,
) -> BlobScan {
    if path.ends_with(".map") {
        return source_map_shipped::scan_map(rules, path, text, hasher, in_bundle);
    }
    scan_piece(rules, path, text, hasher)
}

/// One piece of content (a file, or a source a map embeds), without unpacking.
pub(crate) fn scan_piece(
    rules: &RuleSet,
    path: &str,
    text: &[u8],
    hasher: &SecretHasher,
) -> BlobScan {
    let mut out = scan_blob(rules, path, text, hasher);
    // Before the secret findings, as the file's own finding always came first (no new vector
    // per file: almost no file has one).
    let mut at = 0;
    for c in FILE_CHECKS {
        if rules.coded_enabled(c.def.id)
            && (c.applies)(path)
            && let Some(f) = (c.run)(path, text, hasher)
        {
            out.findings.insert(at, f);
            at += 1;
        }
    }
    out
}

/// A finding of `check` on one line of `path`. No evidence: these checks are about the
/// file, and its values are what the secret rules report.
pub(crate) fn finding(
    check: &CheckDef,
    path: &str,
    line: u32,
    message: String,
    hasher: &SecretHasher,
) -> Finding {
    Finding {
        check: check.id.to_owned(),
        title: check.name.to_owned(),
        severity: check.severity,
        confidence: check.confidence,
        area: check.area,
        message,
        location: Location::File(FileLocation {
            path: path.to_owned(),
            line,
            column: 1,
            end_line: line,
            end_column: 1,
            ..Default::default()
        }),
        evidence: None,
        fingerprint: Fingerprint::compute(
            check.id,
            &launchgate_core::path_identity(path),
            &hasher.digest(b""),
        ),
        inline_allow: None,
    }
}

/// The file name part of a `/`-separated path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
