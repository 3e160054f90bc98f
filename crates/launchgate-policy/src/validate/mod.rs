//! Validation of a merged policy tree into a [`Policy`]. Every problem is collected, none stops
//! the walk, so the user fixes a file in one pass.

use std::collections::{BTreeMap, HashSet};

use globset::GlobBuilder;
use jiff::civil::Date;
use launchgate_core::{Area, CheckMeta, PolicyAnchor, Severity};

use crate::diag::Diagnostic;
use launchgate_core::options::{
    Kind as KeyKind, Method, Options, Route, Section, Value, parse_duration, parse_size,
};
use launchgate_core::probe_options::{
    Api, Credential, Domain, InputRoute, Latency, MAX_BURST, PrivateRoute, ProbeOptions,
    RateLimitRoute, Target,
};

use crate::keys::{ATTEST, CHECK, FAIL_ON, IGNORE, TOP};
use crate::model::{
    Attestation, CheckSetting, IgnoreEntry, KNOWN_ATTESTATIONS, PathGlob, Policy, ScanSection,
};
use crate::node::{Kind, Node};
use crate::source::Sources;

mod api;
mod attest;
mod ignores;
mod kinds;
mod probe;
mod scan;

/// The policy reference, linked from help lines.
pub(crate) const POLICY_DOCS: &str =
    "https://github.com/launchgate/launchgate/blob/main/README.md#policy-reference";

/// Path segments of login and password-reset routes, where a different answer for a known and
/// an unknown account gives accounts away (signup and invite routes would create the unknown
/// account, so they are left to an explicit `enumeration: true`).
const ENUMERATION_HINTS: &[&str] = &[
    "login",
    "log-in",
    "logon",
    "signin",
    "sign-in",
    "sign_in",
    "session",
    "sessions",
    "password",
    "passwords",
    "reset",
    "forgot",
    "forgot-password",
    "reset-password",
    "password-reset",
];

/// A parsed API route entry (see `route_entry`).
struct RouteEntry<'n> {
    text: String,
    route_node: &'n Node,
    route: Route,
    rest: Vec<(&'n str, &'n Node)>,
    anchor: PolicyAnchor,
}

const SEVERITY_EXPECTED: &str =
    "expected a severity: `info`, `low`, `medium`, `high` or `critical`";

pub(crate) struct Validator<'a> {
    pub(crate) sources: &'a Sources,
    pub(crate) catalog: &'a [CheckMeta],
    pub(crate) diags: Vec<Diagnostic>,
}

/// Closest candidate by Jaro-Winkler similarity, when it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(
    given: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl<'a> Validator<'a> {
    fn error(&mut self, message: impl Into<String>, node: &Node, label: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(message, Some(node.span), label));
    }

    fn type_error(&mut self, node: &Node, key: &str, expected: &str) {
        self.diags.push(
            Diagnostic::error(
                format!(
                    "wrong type for `{key}`: expected {expected}, found {}",
                    node.describe()
                ),
                Some(node.span),
                format!("expected {expected}"),
            )
            .with_help(format!("see {POLICY_DOCS}")),
        );
    }

    /// The entries of a mapping of `section`'s keys, reporting unknown keys (with a suggestion)
    /// and non-string keys.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        section: &Section,
    ) -> Option<Vec<(&'n str, &'n Node)>> {
        let allowed: Vec<&str> = section.names().collect();
        self.fields_of(node, what, &allowed)
    }

    /// The entries of a mapping whose keys are `allowed`.
    fn fields_of<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Vec<(&'n str, &'n Node)>> {
        let Kind::Map(entries) = &node.kind else {
            self.type_error(node, what, "a mapping");
            return None;
        };
        let mut out = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let Some(key) = k.as_str() else {
                self.error(
                    format!("keys in `{what}` must be strings"),
                    k,
                    "expected a string key",
                );
                continue;
            };
            if allowed.contains(&key) {
                out.push((key, v));
            } else {
                let mut d = Diagnostic::error(
                    format!("unknown key `{key}` in `{what}`"),
                    Some(k.span),
                    format!(
                        "expected one of {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                if let Some(s) = did_you_mean(key, allowed.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
            }
        }
        Some(out)
    }

    fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            _ => {
                self.type_error(node, key, "a string");
                None
            }
        }
    }

    fn non_empty_string(&mut self, node: &Node, key: &str) -> Option<String> {
        let s = self.string(node, key)?;
        if s.trim().is_empty() {
            self.error(
                format!("`{key}` must not be empty"),
                node,
                "expected some text",
            );
            return None;
        }
        Some(s)
    }

    fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        match node.kind {
            Kind::Bool(b) => Some(b),
            _ => {
                self.type_error(node, key, "`true` or `false`");
                None
            }
        }
    }

    /// `fail-on: high`, or `fail-on: { severity: high, confidence: medium }`.
    fn fail_on(&mut self, node: &Node) -> Option<launchgate_core::FailOn> {
        if !matches!(node.kind, Kind::Map(_)) {
            return self
                .severity(node, "fail-on")
                .map(launchgate_core::FailOn::severity);
        }
        let fields = self.fields(node, "fail-on", &FAIL_ON)?;
        let mut out = launchgate_core::FailOn::severity(Severity::High);
        let mut ok = true;
        for (key, value) in fields {
            match key {
                "severity" => match self.severity(value, "fail-on.severity") {
                    Some(s) => out.severity = s,
                    None => ok = false,
                },
                "confidence" => match self.confidence(value, "fail-on.confidence") {
                    Some(c) => out.confidence = c,
                    None => ok = false,
                },
                _ => {}
            }
        }
        ok.then_some(out)
    }

    fn confidence(&mut self, node: &Node, key: &str) -> Option<launchgate_core::Confidence> {
        const EXPECTED: &str = "expected one of `low`, `medium`, `high`";
        match &node.kind {
            Kind::Str(s) => match s.parse::<launchgate_core::Confidence>() {
                Ok(c) => Some(c),
                Err(_) => {
                    let mut d = Diagnostic::error(
                        format!("invalid confidence `{s}` for `{key}`"),
                        Some(node.span),
                        EXPECTED,
                    );
                    if let Some(sug) = did_you_mean(
                        &s.to_ascii_lowercase(),
                        launchgate_core::Confidence::ALL.iter().map(|c| c.as_str()),
                    ) {
                        d = d.with_help(format!("did you mean `{sug}`?"));
                    }
                    self.diags.push(d);
                    None
                }
            },
            _ => {
                self.type_error(node, key, "a confidence (`low`, `medium` or `high`)");
                None
            }
        }
    }

    fn severity(&mut self, node: &Node, key: &str) -> Option<Severity> {
        match &node.kind {
            Kind::Str(s) => match s.parse::<Severity>() {
                Ok(sev) => Some(sev),
                Err(_) => {
                    let mut d = Diagnostic::error(
                        format!("invalid severity `{s}` for `{key}`"),
                        Some(node.span),
                        SEVERITY_EXPECTED,
                    );
                    if let Some(sug) = did_you_mean(
                        &s.to_ascii_lowercase(),
                        Severity::ALL.iter().map(|s| s.as_str()),
                    ) {
                        d = d.with_help(format!("did you mean `{sug}`?"));
                    }
                    self.diags.push(d);
                    None
                }
            },
            _ => {
                self.type_error(
                    node,
                    key,
                    "a severity (`info`, `low`, `medium`, `high` or `critical`)",
                );
                None
            }
        }
    }

    fn date(&mut self, node: &Node, key: &str) -> Option<Date> {
        let s = self.string(node, key)?;
        match s.parse::<Date>() {
            Ok(d) if s.len() == 10 => Some(d),
            _ => {
                self.error(
                    format!("invalid date `{s}` for `{key}`"),
                    node,
                    "expected a date as YYYY-MM-DD",
                );
                None
            }
        }
    }

    fn string_list(&mut self, node: &Node, key: &str) -> Vec<(String, Node)> {
        match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .filter_map(|i| self.string(i, key).map(|s| (s, i.clone())))
                .collect(),
            _ => {
                self.type_error(node, key, "a list of strings");
                Vec::new()
            }
        }
    }

    fn glob(&mut self, text: &str, node: &Node, key: &str) -> Option<PathGlob> {
        match GlobBuilder::new(text).literal_separator(true).build() {
            Ok(g) => Some(PathGlob {
                text: text.to_owned(),
                matcher: g.compile_matcher(),
            }),
            Err(e) => {
                self.error(
                    format!("invalid glob `{text}` for `{key}`"),
                    node,
                    e.kind().to_string(),
                );
                None
            }
        }
    }

    fn check_id(&mut self, id: &str, node: &Node) -> bool {
        if self.catalog.iter().any(|c| c.id == id) {
            return true;
        }
        let mut d = Diagnostic::error(
            format!("unknown check id `{id}`"),
            Some(node.span),
            "not a rule or check launchgate knows",
        );
        if let Some(s) = did_you_mean(id, self.catalog.iter().map(|c| c.id.as_str())) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        d = d.with_help("`launchgate rules` lists every id");
        self.diags.push(d);
        false
    }

    /// Validates the merged tree. Returns `None` only if the root is not a mapping; otherwise a
    /// policy is built from whatever was valid and the caller checks for errors.
    pub(crate) fn policy(&mut self, root: &Node, source_names: Vec<String>) -> Option<Policy> {
        let fields = self.fields(root, "policy", &TOP)?;
        let mut policy = Policy {
            sources: source_names,
            fail_on: launchgate_core::FailOn::severity(Severity::High),
            fail_on_errors: true,
            fail_on_stale_ignores: false,
            checks: BTreeMap::new(),
            ignores: Vec::new(),
            scan: ScanSection::default(),
            probe: ProbeOptions::default(),
            attest: Vec::new(),
            baseline: None,
        };
        let mut target_refs: Vec<(String, Node)> = Vec::new();
        for (key, value) in fields {
            // A section whose entries are all commented out is empty, not an error.
            if value.kind == Kind::Null
                && matches!(key, "checks" | "ignore" | "scan" | "probe" | "attest")
            {
                continue;
            }
            match key {
                // Checked per file by the loader; already removed when merged.
                "version" | "extends" => {}
                "fail-on" => {
                    if let Some(f) = self.fail_on(value) {
                        policy.fail_on = f;
                    }
                }
                "fail-on-errors" => {
                    if let Some(b) = self.boolean(value, key) {
                        policy.fail_on_errors = b;
                    }
                }
                "fail-on-stale-ignores" => {
                    if let Some(b) = self.boolean(value, key) {
                        policy.fail_on_stale_ignores = b;
                    }
                }
                "checks" => policy.checks = self.checks(value),
                "ignore" => (policy.ignores, target_refs) = self.ignores(value),
                "scan" => policy.scan = self.scan(value),
                "probe" => policy.probe = self.probe(value),
                "attest" => policy.attest = self.attest(value),
                "baseline" if value.kind == Kind::Null => {}
                "baseline" => {
                    policy.baseline = self
                        .string(value, key)
                        .map(|p| self.relative_path(value, p))
                }
                _ => {}
            }
        }
        // `target:` names a probe target, or is a URL prefix or a host its findings are at.
        for (t, node) in target_refs {
            let names: Vec<&str> = policy
                .probe
                .targets
                .iter()
                .map(|x| x.name.as_str())
                .collect();
            let a_host = policy.probe.targets.iter().any(|x| {
                url::Url::parse(&x.url)
                    .ok()
                    .and_then(|u| u.host_str().map(|h| h.eq_ignore_ascii_case(&t)))
                    .unwrap_or(false)
            });
            if names.contains(&t.as_str()) || a_host || t.contains("://") || t.contains('.') {
                continue;
            }
            let mut d = Diagnostic::error(
                format!("no probe target is named `{t}`"),
                Some(node.span),
                "expected the `name` of an entry in `probe.targets`, a URL prefix or a host",
            );
            if let Some(s) = did_you_mean(&t, names.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.diags.push(d);
        }
        Some(policy)
    }

    fn checks(&mut self, node: &Node) -> BTreeMap<String, CheckSetting> {
        let mut out = BTreeMap::new();
        let Kind::Map(entries) = &node.kind else {
            self.type_error(node, "checks", "a mapping of check ids to settings");
            return out;
        };
        for (k, v) in entries {
            let Some(id) = self.string(k, "checks") else {
                continue;
            };
            if !self.check_id(&id, k) {
                continue;
            }
            let anchor = self.sources.anchor(k.span);
            let setting = match &v.kind {
                Kind::Bool(enabled) => Some(CheckSetting {
                    enabled: *enabled,
                    severity: None,
                    anchor,
                }),
                Kind::Str(s) if s == "off" => Some(CheckSetting {
                    enabled: false,
                    severity: None,
                    anchor,
                }),
                Kind::Str(s) if s == "on" => Some(CheckSetting {
                    enabled: true,
                    severity: None,
                    anchor,
                }),
                Kind::Str(_) => self
                    .severity(v, &format!("checks.{id}"))
                    .map(|sev| CheckSetting {
                        enabled: true,
                        severity: Some(sev),
                        anchor,
                    }),
                Kind::Map(_) => {
                    let mut setting = CheckSetting {
                        enabled: true,
                        severity: None,
                        anchor,
                    };
                    if let Some(fields) = self.fields(v, &format!("checks.{id}"), &CHECK) {
                        for (key, value) in fields {
                            match key {
                                "enabled" => {
                                    if let Some(b) = self.boolean(value, key) {
                                        setting.enabled = b;
                                    }
                                }
                                "severity" => setting.severity = self.severity(value, key),
                                _ => {}
                            }
                        }
                    }
                    Some(setting)
                }
                _ => {
                    self.type_error(
                        v,
                        &format!("checks.{id}"),
                        "`off`, `on`, a severity, or a mapping with `enabled`/`severity`",
                    );
                    None
                }
            };
            if let Some(s) = setting {
                out.insert(id, s);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_only_for_near_misses() {
        assert_eq!(did_you_mean("fial-on", TOP.names()), Some("fail-on"));
        assert_eq!(did_you_mean("zzz", TOP.names()), None);
    }
}
