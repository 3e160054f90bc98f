//! The keys of the sections the policy validates by hand (the top level, `checks`, `fail-on`,
//! `ignore[]`, `attest`). Sections that are plain options are declared with their types
//! (`ScanSection`, `launchgate_core::probe_options`); this file declares the rest, so every key
//! has one declaration the validator, the schema and the reference read.

use launchgate_core::options::{Key, Kind, Options, Section, Value, no_defaults};
use launchgate_core::probe_options::ProbeOptions;

use crate::model::ScanSection;

const fn key(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        doc,
        by_hand: true,
    }
}

fn top_default(key: &str) -> Option<Value> {
    match key {
        "fail-on-errors" => Some(Value::Bool(true)),
        "fail-on-stale-ignores" => Some(Value::Bool(false)),
        "fail-on" => Some(Value::Text("high".to_owned())),
        _ => None,
    }
}

/// The top level of a policy file.
pub(crate) const TOP: Section = Section {
    path: "",
    keys: &[
        key(
            "version",
            Kind::Special("1"),
            "The policy format version; required in every policy file.",
        ),
        key(
            "extends",
            Kind::Special("a built-in policy name or a relative path, or a list of them"),
            "Policies this one builds on: mappings merge key by key, `ignore` entries accumulate.",
        ),
        key(
            "fail-on",
            Kind::Special("a severity, or `{ severity: …, confidence: low | medium | high }`"),
            "Findings at or above this severity (and confidence) fail the gate.",
        ),
        key(
            "fail-on-errors",
            Kind::Bool,
            "A file or target that could not be checked fails the gate.",
        ),
        key(
            "fail-on-stale-ignores",
            Kind::Bool,
            "Expired or unused ignore entries fail the gate instead of warning.",
        ),
        key(
            "checks",
            Kind::Special(
                "rule/check ids mapped to `off`, `on`, a severity, or `{ enabled, severity }`",
            ),
            "Per-check settings, keyed by id (`launchgate rules`).",
        ),
        key(
            "ignore",
            Kind::List(&IGNORE),
            "Exceptions: at least one of check/path/target/fingerprint, and a reason.",
        ),
        key(
            "scan",
            Kind::Section(&ScanSection::SECTION),
            "The repository scanner.",
        ),
        key(
            "probe",
            Kind::Section(&ProbeOptions::SECTION),
            "The live prober.",
        ),
        key(
            "attest",
            Kind::Map(&ATTEST),
            "What no machine can see, attested by a person, keyed by item id.",
        ),
        key(
            "baseline",
            Kind::File,
            "The baseline file of accepted findings, relative to this file (written by `launchgate baseline`).",
        ),
    ],
    default: top_default,
};

/// `checks.<id>` as a mapping.
pub(crate) const CHECK: Section = Section {
    path: "checks.<id>",
    keys: &[
        key("enabled", Kind::Bool, "On or off."),
        key("severity", Kind::Severity, "The severity its findings get."),
    ],
    default: no_defaults,
};

/// `fail-on` as a mapping.
pub(crate) const FAIL_ON: Section = Section {
    path: "fail-on",
    keys: &[
        key(
            "severity",
            Kind::Severity,
            "Findings at or above this severity fail.",
        ),
        key(
            "confidence",
            Kind::Choice(&["low", "medium", "high"]),
            "…and at or above this confidence.",
        ),
    ],
    default: no_defaults,
};

/// `ignore[]`.
pub(crate) const IGNORE: Section = Section {
    path: "ignore[]",
    keys: &[
        key(
            "check",
            Kind::Special("a check id or a list of them"),
            "The checks it applies to (default: any).",
        ),
        key(
            "path",
            Kind::Special("a glob on repository-relative paths"),
            "Files it applies to (`*` stays in one directory).",
        ),
        key(
            "target",
            Kind::Special("a probe target's name, a URL prefix or a host"),
            "Probe findings it applies to.",
        ),
        key(
            "fingerprint",
            Kind::Special("a finding's fingerprint"),
            "The one finding it applies to (every report prints it).",
        ),
        key(
            "reason",
            Kind::NonEmpty,
            "Why this is acceptable (required).",
        ),
        key(
            "expires",
            Kind::Date,
            "After this date the entry stops applying and warns.",
        ),
        key(
            "rotated",
            Kind::Date,
            "The secret was revoked on this date: the entry applies only while no checked-out file holds it.",
        ),
    ],
    default: no_defaults,
};

/// `attest.<id>`.
pub(crate) const ATTEST: Section = Section {
    path: "attest.<id>",
    keys: &[
        key(
            "title",
            Kind::NonEmpty,
            "What was checked (known ids have one).",
        ),
        key(
            "area",
            Kind::Special("a scorecard area"),
            "The scorecard area it counts for (known ids have one).",
        ),
        key("by", Kind::NonEmpty, "Who checked it."),
        key("date", Kind::Date, "When."),
        key("evidence", Kind::NonEmpty, "A link to the evidence."),
        key(
            "expires",
            Kind::Date,
            "ATTESTED until then, FAIL after: when it must be checked again.",
        ),
    ],
    default: no_defaults,
};
