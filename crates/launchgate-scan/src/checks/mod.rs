//! Scan checks that are code rather than rule data: a committed `.env` file and a shipped source
//! map. Each module holds its metadata, logic and tests; its docs are the `.md` beside it.

pub(crate) mod env_file_committed;
pub(crate) mod source_map_shipped;

use launchgate_core::{
    Area, CheckKind, CheckMeta, CheckStatus, Confidence, Engine, FileLocation, Finding,
    Fingerprint, Location, SecretHasher, Severity,
};

/// The static part of a coded check's metadata.
pub(crate) struct CodedCheck {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) severity: Severity,
    pub(crate) confidence: Confidence,
    pub(crate) summary: &'static str,
    pub(crate) help: &'static str,
    pub(crate) docs: &'static str,
}

/// Every coded scan check, in the order `launchgate rules` lists them.
pub(crate) const ALL: &[&CodedCheck] = &[&env_file_committed::CHECK, &source_map_shipped::CHECK];

impl CodedCheck {
    pub(crate) fn meta(&self) -> CheckMeta {
        CheckMeta {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            engine: Engine::Scan,
            kind: CheckKind::Check,
            area: Area::Secrets,
            default_severity: self.severity,
            confidence: self.confidence,
            summary: self.summary.to_owned(),
            docs: self.docs.to_owned(),
            help: self.help.to_owned(),
            tags: vec!["security".to_owned(), "secret".to_owned()],
            references: Vec::new(),
            status: CheckStatus::Preview,
            service: None,
        }
    }

    /// A finding of this check on one line of `path`. No evidence: these checks are about the
    /// file, and its values are what the secret rules report.
    pub(crate) fn finding(
        &self,
        path: &str,
        line: u32,
        message: String,
        hasher: &SecretHasher,
    ) -> Finding {
        Finding {
            check: self.id.to_owned(),
            title: self.name.to_owned(),
            severity: self.severity,
            confidence: self.confidence,
            area: Area::Secrets,
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
                self.id,
                &launchgate_core::path_identity(path),
                &hasher.digest(b""),
            ),
            inline_allow: None,
        }
    }
}

/// The file name part of a `/`-separated path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
