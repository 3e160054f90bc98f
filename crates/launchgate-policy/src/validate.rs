//! Validation of a merged policy tree into a [`Policy`]. Every problem is collected, none stops
//! the walk, so the user fixes a file in one pass.

use std::collections::{BTreeMap, HashSet};

use globset::GlobBuilder;
use jiff::civil::Date;
use launchgate_core::{Area, CheckMeta, PolicyAnchor, Severity};

use crate::diag::Diagnostic;
use crate::model::{
    ApiSpec, Attestation, CheckSetting, Credential, DEFAULT_MAX_FILE_SIZE, IgnoreEntry, InputRoute,
    KNOWN_ATTESTATIONS, LatencySpec, PathGlob, Policy, PrivateRoute, ProbeSection, RateLimitRoute,
    ScanSection, Target,
};
use crate::node::{Kind, Node};
use crate::source::Sources;

/// The policy reference, linked from help lines.
pub(crate) const POLICY_DOCS: &str =
    "https://github.com/launchgate/launchgate/blob/main/README.md#policy-reference";

pub(crate) const TOP_KEYS: &[&str] = &[
    "version",
    "extends",
    "fail-on",
    "fail-on-errors",
    "fail-on-stale-ignores",
    "checks",
    "ignore",
    "scan",
    "probe",
    "attest",
    "baseline",
];
pub(crate) const CHECK_KEYS: &[&str] = &["enabled", "severity"];
pub(crate) const FAIL_ON_KEYS: &[&str] = &["severity", "confidence"];
pub(crate) const IGNORE_KEYS: &[&str] = &[
    "check",
    "path",
    "target",
    "fingerprint",
    "reason",
    "expires",
    "rotated",
];
pub(crate) const SCAN_KEYS: &[&str] = &[
    "enabled",
    "include",
    "exclude",
    "max-file-size",
    "bundle-max-file-size",
    "gitignore",
    "history",
    "since",
    "refs",
    "bundles",
    "rules",
];
pub(crate) const SCAN_RULES_KEYS: &[&str] = &["import"];
pub(crate) const PROBE_KEYS: &[&str] = &[
    "enabled",
    "targets",
    "email",
    "dns",
    "tls",
    "cors",
    "exposed-files",
    "staging-hosts",
    "front-door",
    "limits",
];
pub(crate) const TARGET_KEYS: &[&str] = &[
    "name",
    "url",
    "pages",
    "http-url",
    "canonical-host",
    "health",
    "api",
];
pub(crate) const API_KEYS: &[&str] = &[
    "credentials",
    "private-routes",
    "rate-limit",
    "input-validation",
    "latency",
];
pub(crate) const LATENCY_KEYS: &[&str] = &[
    "routes",
    "p95-ms",
    "requests",
    "concurrency",
    "warmup",
    "as",
    "max-error-rate",
    "rate",
];
pub(crate) const CREDENTIAL_KEYS: &[&str] = &["header", "cookie", "prefix", "env", "expired"];
pub(crate) const ROUTE_KEYS: &[&str] = &["route", "owner", "params", "safe"];
pub(crate) const RATE_LIMIT_KEYS: &[&str] = &[
    "route",
    "params",
    "body",
    "content-type",
    "as",
    "burst",
    "limit-within",
    "enumeration",
    "unknown-body",
];
pub(crate) const INPUT_KEYS: &[&str] = &["route", "params", "body", "as", "max-body"];
/// The most requests one rate-limit burst may send.
pub(crate) const MAX_BURST: u32 = 200;
/// Methods an API route may name.
const ALL_METHODS: &[&str] = &["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
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
    method: String,
    path: String,
    params: Vec<(String, String)>,
    rest: Vec<(&'n str, &'n Node)>,
    origin: PolicyAnchor,
}
pub(crate) const PROBE_TLS_KEYS: &[&str] = &["ca-file", "expiry-fail-days", "expiry-warn-days"];
pub(crate) const PROBE_CORS_KEYS: &[&str] = &["allowed-origins"];
pub(crate) const EMAIL_KEYS: &[&str] = &[
    "domain",
    "domains",
    "dkim-selectors",
    "dmarc-min-policy",
    "spf-all",
];
pub(crate) const DNS_KEYS: &[&str] = &["nameservers", "must-not-resolve", "hosts"];
pub(crate) const FRONT_DOOR_KEYS: &[&str] = &["require-cdn", "health-max"];
pub(crate) const LIMIT_KEYS: &[&str] = &[
    "timeout",
    "max-requests",
    "max-total-requests",
    "max-body",
    "max-scripts",
    "max-redirects",
];
pub(crate) const ATTEST_KEYS: &[&str] = &["title", "area", "by", "date", "evidence", "expires"];

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

    /// The entries of a mapping, reporting unknown keys (with a suggestion) and non-string keys.
    fn fields<'n>(
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
        let fields = self.fields(node, "fail-on", FAIL_ON_KEYS)?;
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
        let fields = self.fields(root, "policy", TOP_KEYS)?;
        let mut policy = Policy {
            sources: source_names,
            fail_on: launchgate_core::FailOn::severity(Severity::High),
            fail_on_errors: true,
            fail_on_stale_ignores: false,
            checks: BTreeMap::new(),
            ignores: Vec::new(),
            scan: ScanSection::default(),
            probe: ProbeSection::default(),
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
            let origin = self.sources.anchor(k.span);
            let setting = match &v.kind {
                Kind::Bool(enabled) => Some(CheckSetting {
                    enabled: *enabled,
                    severity: None,
                    origin,
                }),
                Kind::Str(s) if s == "off" => Some(CheckSetting {
                    enabled: false,
                    severity: None,
                    origin,
                }),
                Kind::Str(s) if s == "on" => Some(CheckSetting {
                    enabled: true,
                    severity: None,
                    origin,
                }),
                Kind::Str(_) => self
                    .severity(v, &format!("checks.{id}"))
                    .map(|sev| CheckSetting {
                        enabled: true,
                        severity: Some(sev),
                        origin,
                    }),
                Kind::Map(_) => {
                    let mut setting = CheckSetting {
                        enabled: true,
                        severity: None,
                        origin,
                    };
                    if let Some(fields) = self.fields(v, &format!("checks.{id}"), CHECK_KEYS) {
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

    /// The ignore entries, and each `target:` value with its node, to check against the targets
    /// once the probe section is read.
    fn ignores(&mut self, node: &Node) -> (Vec<IgnoreEntry>, Vec<(String, Node)>) {
        let mut target_refs: Vec<(String, Node)> = Vec::new();
        let Kind::Seq(items) = &node.kind else {
            self.type_error(node, "ignore", "a list of ignore entries");
            return (Vec::new(), target_refs);
        };
        let mut out = Vec::new();
        for item in items {
            let Some(fields) = self.fields(item, "ignore[]", IGNORE_KEYS) else {
                continue;
            };
            let mut checks = Vec::new();
            let mut path = None;
            let mut target = None;
            let mut fingerprint = None;
            let mut reason = None;
            let mut expires = None;
            let mut rotated = None;
            let mut ok = true;
            for (key, value) in fields {
                match key {
                    "check" => {
                        let ids = match &value.kind {
                            Kind::Str(s) => vec![(s.clone(), value.clone())],
                            Kind::Seq(_) => self.string_list(value, key),
                            _ => {
                                self.type_error(value, key, "a check id or a list of them");
                                ok = false;
                                Vec::new()
                            }
                        };
                        for (id, n) in ids {
                            if self.check_id(&id, &n) {
                                checks.push(id);
                            } else {
                                ok = false;
                            }
                        }
                    }
                    "path" => {
                        path = self
                            .string(value, key)
                            .and_then(|p| self.glob(&p, value, key));
                        ok &= path.is_some();
                    }
                    "target" => {
                        target = self.non_empty_string(value, key);
                        if let Some(t) = &target {
                            target_refs.push((t.clone(), value.clone()));
                        }
                        ok &= target.is_some();
                    }
                    "fingerprint" => {
                        fingerprint = self.non_empty_string(value, key).filter(|fp| {
                            let good = launchgate_core::Fingerprint::is_well_formed(fp);
                            if !good {
                                self.diags.push(
                                    Diagnostic::error(
                                        format!("`{fp}` is not a fingerprint"),
                                        Some(value.span),
                                        "expected 32 lowercase hex digits (and `-N` for a repeat), as reports print them",
                                    )
                                    .with_help("copy it from the report's `fingerprint:` line or the JSON `fingerprint` field"),
                                );
                            }
                            good
                        });
                        ok &= fingerprint.is_some();
                    }
                    "rotated" => {
                        rotated = self.date(value, key);
                        if let Some(d) = rotated
                            && d > jiff::Zoned::now().date()
                        {
                            self.error(
                                format!("rotation date {d} is in the future"),
                                value,
                                "expected the date the secret was revoked",
                            );
                            rotated = None;
                        }
                        ok &= rotated.is_some();
                    }
                    "reason" => {
                        reason = self.non_empty_string(value, key);
                        ok &= reason.is_some();
                    }
                    "expires" => {
                        expires = self.date(value, key);
                        ok &= expires.is_some();
                    }
                    _ => {}
                }
            }
            if checks.is_empty()
                && path.is_none()
                && target.is_none()
                && fingerprint.is_none()
                && ok
            {
                self.diags.push(
                    Diagnostic::error(
                        "ignore entry matches nothing in particular",
                        Some(item.span),
                        "expected at least one of `check`, `path`, `target` or `fingerprint`",
                    )
                    .with_help("an entry without a scope would hide every finding"),
                );
                ok = false;
            }
            if rotated.is_some() && fingerprint.is_none() && ok {
                self.diags.push(
                    Diagnostic::error(
                        "a `rotated:` entry must name the secret it rotated",
                        item.get("rotated").map(|n| n.span),
                        "expected a `fingerprint:` beside `rotated:`",
                    )
                    .with_help("each finding's fingerprint is on its `= fingerprint:` line in the report; a rotation of one key must not hide others"),
                );
                ok = false;
            }
            if item.get("reason").is_none() {
                self.diags.push(
                    Diagnostic::error(
                        "ignore entry has no `reason`",
                        Some(item.span),
                        "every exception needs a reason",
                    )
                    .with_help("add `reason: <why this finding is acceptable>`"),
                );
                ok = false;
            }
            if let (true, Some(reason)) = (ok, reason) {
                out.push(IgnoreEntry {
                    checks,
                    path,
                    target,
                    fingerprint,
                    reason,
                    expires,
                    rotated,
                    origin: self.sources.anchor(item.span),
                });
            }
        }
        (out, target_refs)
    }

    fn scan(&mut self, node: &Node) -> ScanSection {
        let mut scan = ScanSection::default();
        let Some(fields) = self.fields(node, "scan", SCAN_KEYS) else {
            return scan;
        };
        for (key, value) in fields {
            match key {
                "enabled" => scan.enabled = self.boolean(value, key).unwrap_or(true),
                "gitignore" => scan.gitignore = self.boolean(value, key).unwrap_or(true),
                "include" | "exclude" if value.kind == Kind::Null => {}
                "include" | "exclude" => {
                    let globs: Vec<String> = self
                        .string_list(value, key)
                        .into_iter()
                        .filter_map(|(g, n)| self.glob(&g, &n, key).map(|_| g))
                        .collect();
                    if key == "include" {
                        scan.include = globs;
                    } else {
                        scan.exclude = globs;
                    }
                }
                "bundle-max-file-size" => {
                    scan.bundle_max_file_size = self
                        .size(value, key)
                        .unwrap_or(crate::model::DEFAULT_BUNDLE_MAX_FILE_SIZE);
                }
                "max-file-size" => {
                    scan.max_file_size = self.size(value, key).unwrap_or(DEFAULT_MAX_FILE_SIZE);
                }
                "history" => scan.history = self.boolean(value, key).unwrap_or(true),
                "since" if value.kind == Kind::Null => {}
                "since" => scan.since = self.string(value, key),
                "refs" => {
                    if let Some(r) = self.string(value, key) {
                        match r.parse() {
                            Ok(r) => scan.refs = r,
                            Err(_) => self.error(
                                format!("invalid `scan.refs` `{r}`"),
                                value,
                                "expected head (judge what the checked-out branch holds) or all (every branch, tag and stash)",
                            ),
                        }
                    }
                }
                "bundles" if value.kind == Kind::Null => scan.bundles = Some(Vec::new()),
                "bundles" => {
                    scan.bundles = Some(
                        self.string_list(value, key)
                            .into_iter()
                            .filter_map(|(g, n)| self.glob(&g, &n, key).map(|_| g))
                            .collect(),
                    )
                }
                "rules" => {
                    let Some(rules) = self.fields(value, "scan.rules", SCAN_RULES_KEYS) else {
                        continue;
                    };
                    for (k, v) in rules {
                        if k == "import" && v.kind != Kind::Null {
                            let files: Vec<(String, Node)> = self.string_list(v, k);
                            for (f, n) in files {
                                let p = self.relative_path(&n, f);
                                scan.rule_imports.push(p);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        scan
    }

    /// A path written in a policy file, made relative to that file's directory.
    fn relative_path(&self, node: &Node, path: String) -> std::path::PathBuf {
        let p = std::path::PathBuf::from(path);
        if p.is_absolute() {
            return p;
        }
        match self
            .sources
            .get(node.span.source)
            .path
            .as_ref()
            .and_then(|f| f.parent())
        {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
            _ => p,
        }
    }

    fn size(&mut self, node: &Node, key: &str) -> Option<u64> {
        let parsed = match &node.kind {
            Kind::Int(i) if *i > 0 => Some(*i as u64),
            Kind::Str(s) => parse_size(s),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                format!("invalid size for `{key}`"),
                node,
                "expected a positive size such as `5MiB`, `500KB` or a number of bytes",
            );
        }
        parsed
    }

    fn probe(&mut self, node: &Node) -> ProbeSection {
        let mut probe = ProbeSection::default();
        let Some(fields) = self.fields(node, "probe", PROBE_KEYS) else {
            return probe;
        };
        for (key, value) in fields {
            match key {
                "enabled" => probe.enabled = self.boolean(value, key).unwrap_or(true),
                "targets" if value.kind == Kind::Null => {}
                "targets" => probe.targets = self.targets(value),
                "tls" => {
                    let Some(tls) = self.fields(value, "probe.tls", PROBE_TLS_KEYS) else {
                        continue;
                    };
                    for (k, v) in tls {
                        match k {
                            "ca-file" => {
                                if let Some(f) = self.non_empty_string(v, k) {
                                    probe.ca_file = Some(self.relative_path(v, f));
                                }
                            }
                            "expiry-fail-days" => {
                                if let Some(n) = self.count(v, k, 0, 3650) {
                                    probe.expiry_fail_days = n;
                                }
                            }
                            "expiry-warn-days" => {
                                if let Some(n) = self.count(v, k, 0, 3650) {
                                    probe.expiry_warn_days = n;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "cors" => {
                    let Some(cors) = self.fields(value, "probe.cors", PROBE_CORS_KEYS) else {
                        continue;
                    };
                    for (k, v) in cors {
                        if k == "allowed-origins" && v.kind != Kind::Null {
                            for (o, n) in self.string_list(v, k) {
                                if self.origin(&o, &n) {
                                    probe.cors_allowed_origins.push(o);
                                }
                            }
                        }
                    }
                }
                "email" => {
                    let Some(email) = self.fields(value, "probe.email", EMAIL_KEYS) else {
                        continue;
                    };
                    for (k, v) in email {
                        match k {
                            "domain" => {
                                if let Some(d) = self.domain_name(v, k) {
                                    probe.email_domains.push((d, self.sources.anchor(v.span)));
                                }
                            }
                            "domains" if v.kind != Kind::Null => {
                                for (d, n) in self.string_list(v, k) {
                                    if let Some(d) = self.domain_name(&n, &d) {
                                        probe.email_domains.push((d, self.sources.anchor(n.span)));
                                    }
                                }
                            }
                            "dkim-selectors" if v.kind != Kind::Null => {
                                probe.dkim_selectors =
                                    self.string_list(v, k).into_iter().map(|(s, _)| s).collect();
                            }
                            "dmarc-min-policy" => {
                                if let Some(p) = self.string(v, k) {
                                    if matches!(p.as_str(), "none" | "quarantine" | "reject") {
                                        probe.dmarc_min_policy = p;
                                    } else {
                                        self.error(
                                            format!("invalid DMARC policy `{p}`"),
                                            v,
                                            "expected none, quarantine or reject",
                                        );
                                    }
                                }
                            }
                            "spf-all" => match self.string(v, k).as_deref() {
                                Some("fail") => probe.spf_require_fail = true,
                                Some("softfail") => probe.spf_require_fail = false,
                                Some(other) => self.error(
                                    format!("invalid `spf-all` `{other}`"),
                                    v,
                                    "expected fail (require -all) or softfail (accept ~all)",
                                ),
                                None => {}
                            },
                            _ => {}
                        }
                    }
                }
                "dns" => {
                    probe.dns_origin = Some(self.sources.anchor(value.span));
                    let Some(dns) = self.fields(value, "probe.dns", DNS_KEYS) else {
                        continue;
                    };
                    for (k, v) in dns {
                        match k {
                            "nameservers" if v.kind != Kind::Null => {
                                for (s, n) in self.string_list(v, k) {
                                    let parsed =
                                        s.parse::<std::net::SocketAddr>().ok().or_else(|| {
                                            s.parse::<std::net::IpAddr>()
                                                .ok()
                                                .map(|ip| std::net::SocketAddr::new(ip, 53))
                                        });
                                    match parsed {
                                        Some(a) => probe.nameservers.push(a),
                                        None => self.error(
                                            format!("invalid nameserver `{s}`"),
                                            &n,
                                            "expected an IP address, optionally with a port (`10.0.0.2:53`)",
                                        ),
                                    }
                                }
                            }
                            "must-not-resolve" if v.kind != Kind::Null => {
                                for (h, n) in self.string_list(v, k) {
                                    if let Some(h) = self.domain_name(&n, &h) {
                                        probe.must_not_resolve.push(h);
                                    }
                                }
                            }
                            "hosts" if v.kind != Kind::Null => {
                                for (h, n) in self.string_list(v, k) {
                                    if let Some(h) = self.domain_name(&n, &h) {
                                        probe.dns_hosts.push(h);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "exposed-files" if value.kind == Kind::Null => {}
                "exposed-files" => {
                    for (p, n) in self.string_list(value, key) {
                        if p.starts_with('/') {
                            probe.exposed_files.push(p);
                        } else {
                            self.error(
                                format!("invalid path `{p}` in `exposed-files`"),
                                &n,
                                "expected a path starting with `/`",
                            );
                        }
                    }
                }
                "staging-hosts" if value.kind == Kind::Null => {}
                "staging-hosts" => {
                    probe.staging_hosts = self
                        .string_list(value, key)
                        .into_iter()
                        .map(|(h, _)| h.to_ascii_lowercase())
                        .collect();
                }
                "front-door" => {
                    let Some(fd) = self.fields(value, "probe.front-door", FRONT_DOOR_KEYS) else {
                        continue;
                    };
                    for (k, v) in fd {
                        match k {
                            "require-cdn" => {
                                probe.require_cdn = self.boolean(v, k).unwrap_or(false);
                            }
                            "health-max" => {
                                if let Some(d) = self.duration(v, k) {
                                    probe.health_max = d;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "limits" => {
                    let Some(limits) = self.fields(value, "probe.limits", LIMIT_KEYS) else {
                        continue;
                    };
                    for (k, v) in limits {
                        match k {
                            "timeout" => match self.duration(v, k) {
                                Some(d) if d <= std::time::Duration::from_secs(60) => {
                                    probe.timeout = d;
                                }
                                Some(_) => self.error(
                                    "`timeout` is too long",
                                    v,
                                    "expected at most 60s per request (the whole target gets six timeouts)",
                                ),
                                None => {}
                            },
                            "max-requests" => {
                                if let Some(n) = self.count(v, k, 20, 10_000) {
                                    probe.max_requests = n;
                                }
                            }
                            "max-total-requests" => {
                                if let Some(n) = self.count(v, k, 20, 1_000_000) {
                                    probe.max_total_requests = n;
                                }
                            }
                            "max-body" => match self.size(v, k) {
                                Some(n) if n <= 64 << 20 => probe.max_body = n,
                                Some(_) => self.error(
                                    "`max-body` is too large",
                                    v,
                                    "expected at most 64MiB per script or source map",
                                ),
                                None => {}
                            },
                            "max-scripts" => {
                                if let Some(n) = self.count(v, k, 0, 500) {
                                    probe.max_scripts = n;
                                }
                            }
                            "max-redirects" => {
                                if let Some(n) = self.count(v, k, 1, 50) {
                                    probe.max_redirects = n;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        probe
    }

    /// A target's `api:` section.
    fn api(&mut self, node: &Node) -> Option<ApiSpec> {
        let fields = self.fields(node, "api", API_KEYS)?;
        let mut spec = ApiSpec::default();
        let (mut routes_node, mut rate_node, mut input_node, mut latency_node) =
            (None, None, None, None);
        for (key, value) in fields {
            match key {
                "credentials" => {
                    let Kind::Map(entries) = &value.kind else {
                        self.type_error(value, key, "a mapping of credential names to settings");
                        continue;
                    };
                    for (k, v) in entries {
                        let Some(name) = self.string(k, key) else {
                            continue;
                        };
                        if let Some(c) = self.credential(&name, v) {
                            spec.credentials.push(c);
                        }
                    }
                }
                "private-routes" => routes_node = Some(value),
                "rate-limit" => rate_node = Some(value),
                "input-validation" => input_node = Some(value),
                "latency" => latency_node = Some(value),
                _ => {}
            }
        }
        // Routes after the credentials they name, wherever the keys are in the file.
        let creds = spec.credentials.clone();
        if let Some(value) = latency_node {
            spec.latency = self.latency(value, &creds);
        }
        if let Some(value) = rate_node {
            for item in self.items(value, "rate-limit") {
                spec.rate_limit.extend(self.rate_limit_route(item, &creds));
            }
        }
        if let Some(value) = input_node {
            for item in self.items(value, "input-validation") {
                spec.input_validation.extend(self.input_route(item, &creds));
            }
        }
        if let Some(value) = routes_node {
            for item in self.items(value, "private-routes") {
                spec.private_routes.extend(self.private_route(item, &creds));
            }
            if !spec.private_routes.is_empty() && !spec.credentials.iter().any(|c| !c.expired) {
                self.error(
                    "private routes need a valid credential",
                    value,
                    "add one under `credentials:` (the owner's, used as the control)",
                );
            }
        }
        Some(spec)
    }

    /// The items of a list (`[]` or null: none).
    fn items<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => &[],
            _ => {
                self.type_error(node, key, "a list of routes");
                &[]
            }
        }
    }

    fn latency(&mut self, node: &Node, creds: &[Credential]) -> Option<LatencySpec> {
        let fields = self.fields(node, "api.latency", LATENCY_KEYS)?;
        let mut l = LatencySpec {
            routes: Vec::new(),
            p95_ms: 500,
            requests: 200,
            concurrency: 10,
            warmup: 10,
            as_credential: None,
            max_error_rate: 1.0,
            rate: None,
            origin: self.sources.anchor(node.span),
        };
        for (k, v) in fields {
            match k {
                "routes" => {
                    for (r, n) in self.string_list(v, k) {
                        match r.trim().split_once(' ') {
                            Some((m, p)) if m.eq_ignore_ascii_case("GET") && p.starts_with('/') => {
                                l.routes.push(p.trim().to_owned());
                            }
                            _ => self.error(
                                format!("invalid latency route `{r}`"),
                                &n,
                                "expected `GET /path` (only reads are measured)",
                            ),
                        }
                    }
                }
                "p95-ms" => {
                    if let Some(n) = self.count(v, k, 1, 600_000) {
                        l.p95_ms = u64::from(n);
                    }
                }
                "requests" => {
                    if let Some(n) = self.count(v, k, 20, 10_000) {
                        l.requests = n;
                    }
                }
                "concurrency" => {
                    if let Some(n) = self.count(v, k, 1, 100) {
                        l.concurrency = n;
                    }
                }
                "warmup" => {
                    if let Some(n) = self.count(v, k, 0, 1_000) {
                        l.warmup = n;
                    }
                }
                "as" => l.as_credential = self.credential_ref(v, k, creds),
                "rate" => l.rate = self.count(v, k, 1, 10_000),
                "max-error-rate" => match v.kind {
                    Kind::Int(i) if (0..=100).contains(&i) => l.max_error_rate = i as f64,
                    Kind::Float(f) if (0.0..=100.0).contains(&f) => l.max_error_rate = f,
                    _ => self.error(
                        "invalid value for `max-error-rate`",
                        v,
                        "expected a percentage from 0 to 100",
                    ),
                },
                _ => {}
            }
        }
        Some(l)
    }

    fn credential(&mut self, name: &str, node: &Node) -> Option<Credential> {
        let fields = self.fields(node, &format!("credentials.{name}"), CREDENTIAL_KEYS)?;
        let mut c = Credential {
            name: name.to_owned(),
            header: None,
            cookie: None,
            prefix: String::new(),
            env: String::new(),
            expired: false,
            origin: self.sources.anchor(node.span),
        };
        for (k, v) in fields {
            match k {
                "header" => c.header = self.non_empty_string(v, k),
                "cookie" => c.cookie = self.non_empty_string(v, k),
                "prefix" => c.prefix = self.string(v, k).unwrap_or_default(),
                "expired" => c.expired = self.boolean(v, k).unwrap_or(false),
                "env" => {
                    if let Some(e) = self.string(v, k) {
                        let ok = e.starts_with(|ch: char| ch.is_ascii_uppercase() || ch == '_')
                            && e.chars().all(|ch| {
                                ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_'
                            });
                        if ok {
                            c.env = e;
                        } else {
                            self.error(
                                format!("invalid environment variable name `{e}`"),
                                v,
                                "expected a name such as LG_TOKEN_A (the value itself never goes in the policy)",
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        if node.get("env").is_none() {
            self.error(
                format!("credential `{name}` has no `env`"),
                node,
                "name the environment variable that holds it: `env: LG_TOKEN_A`",
            );
            return None;
        }
        if c.header.is_some() && c.cookie.is_some() {
            self.error(
                format!("credential `{name}` sets both `header` and `cookie`"),
                node,
                "a credential goes in one header or one cookie",
            );
        }
        if c.header.is_none() && c.cookie.is_none() {
            c.header = Some("Authorization".to_owned());
        }
        (!c.env.is_empty()).then_some(c)
    }

    /// The parts every API route entry shares: `METHOD /path` (a string, or `route:` in a
    /// mapping) and `params:` for its `{placeholders}`; the entry's other fields are returned
    /// for the caller. `methods` are the methods this kind of entry may use.
    fn route_entry<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        keys: &[&str],
        methods: &[&str],
    ) -> Option<RouteEntry<'n>> {
        let (text, route_node, mut params, mut rest) = match &node.kind {
            Kind::Str(s) => (s.clone(), node, Vec::new(), Vec::new()),
            Kind::Map(_) => {
                let fields = self.fields(node, what, keys)?;
                let (mut route, mut rnode, mut params, mut rest) =
                    (None, node, Vec::new(), Vec::new());
                for (k, v) in fields {
                    match k {
                        "route" => {
                            route = self.string(v, k);
                            rnode = v;
                        }
                        "params" => {
                            if let Kind::Map(entries) = &v.kind {
                                for (pk, pv) in entries {
                                    let value = match &pv.kind {
                                        Kind::Str(s) => Some(s.clone()),
                                        Kind::Int(i) => Some(i.to_string()),
                                        _ => None,
                                    };
                                    if let (Some(name), Some(value)) = (pk.as_str(), value) {
                                        params.push((name.to_owned(), value));
                                    } else {
                                        self.type_error(pv, "params", "a string or number");
                                    }
                                }
                            } else {
                                self.type_error(v, k, "a mapping of parameter names to values");
                            }
                        }
                        _ => rest.push((k, v)),
                    }
                }
                let Some(route) = route else {
                    self.error(
                        format!("`{what}` entry has no `route`"),
                        node,
                        "expected `route: POST /api/login`",
                    );
                    return None;
                };
                (route, rnode, params, rest)
            }
            _ => {
                self.type_error(node, what, "`METHOD /path` or a mapping with `route`");
                return None;
            }
        };
        let Some((method, path)) = text.trim().split_once(' ') else {
            self.error(
                format!("invalid route `{text}`"),
                route_node,
                "expected `METHOD /path`, e.g. `GET /api/me`",
            );
            return None;
        };
        let method = method.to_ascii_uppercase();
        let path = path.trim().to_owned();
        if !methods.contains(&method.as_str()) || !path.starts_with('/') {
            self.error(
                format!("invalid route `{text}`"),
                route_node,
                format!(
                    "expected one of {} and a path starting with `/`",
                    methods.join(", ")
                ),
            );
            return None;
        }
        // Every `{param}` needs a value.
        let mut tail = path.as_str();
        while let Some(i) = tail.find('{') {
            let Some(j) = tail[i..].find('}') else { break };
            let name = &tail[i + 1..i + j];
            if !params.iter().any(|(k, _)| k == name) {
                self.error(
                    format!("`{text}` has `{{{name}}}` but no value for it"),
                    route_node,
                    format!("add `params: {{ {name}: <the owner's value> }}`"),
                );
                return None;
            }
            tail = &tail[i + j + 1..];
        }
        params.sort();
        rest.sort_by_key(|(k, _)| *k);
        Some(RouteEntry {
            text,
            route_node,
            method,
            path,
            params,
            rest,
            origin: self.sources.anchor(node.span),
        })
    }

    /// `as:` or `owner:`: the name of a valid (not expired) credential.
    fn credential_ref(&mut self, node: &Node, key: &str, creds: &[Credential]) -> Option<String> {
        let name = self.string(node, key)?;
        if creds.iter().any(|c| c.name == name && !c.expired) {
            Some(name)
        } else {
            self.error(
                format!("unknown credential `{name}` for `{key}`"),
                node,
                "expected the name of a valid (not expired) credential under `credentials:`",
            );
            None
        }
    }

    fn private_route(&mut self, node: &Node, creds: &[Credential]) -> Option<PrivateRoute> {
        let e = self.route_entry(node, "private-routes[]", ROUTE_KEYS, ALL_METHODS)?;
        let (mut owner, mut safe) = (None, false);
        for (k, v) in &e.rest {
            match *k {
                "owner" => owner = Some(self.credential_ref(v, k, creds)?),
                "safe" => safe = self.boolean(v, k).unwrap_or(false),
                _ => {}
            }
        }
        if !matches!(e.method.as_str(), "GET" | "HEAD" | "OPTIONS") && !safe {
            self.error(
                format!("`{}` changes data", e.text),
                e.route_node,
                "the probe sends it with several credentials; mark the route `safe: true` only if calling it is harmless",
            );
            return None;
        }
        Some(PrivateRoute {
            method: e.method,
            path: e.path,
            owner,
            params: e.params,
            safe,
            origin: e.origin,
        })
    }

    /// A request body as written (JSON or a form), at most 64 KiB.
    fn body(&mut self, node: &Node, key: &str) -> Option<String> {
        let b = self.string(node, key)?;
        if b.len() > 64 * 1024 {
            self.error(
                format!("`{key}` is too long"),
                node,
                "expected at most 64 KiB (the probe builds its large bodies itself)",
            );
            return None;
        }
        Some(b)
    }

    fn rate_limit_route(&mut self, node: &Node, creds: &[Credential]) -> Option<RateLimitRoute> {
        // A burst repeats the request up to 200 times: reads and form posts (a login) only.
        let e = self.route_entry(node, "rate-limit[]", RATE_LIMIT_KEYS, &["GET", "POST"])?;
        let lower = e.path.to_ascii_lowercase();
        let mut r = RateLimitRoute {
            method: e.method,
            path: e.path,
            params: e.params,
            body: None,
            content_type: None,
            as_credential: None,
            burst: 30,
            limit_within: None,
            enumeration: lower
                .split(['/', '?', '.'])
                .any(|seg| ENUMERATION_HINTS.contains(&seg)),
            unknown_body: None,
            origin: e.origin,
        };
        let mut within_node = None;
        for (k, v) in &e.rest {
            match *k {
                "body" => r.body = self.body(v, k),
                "content-type" => r.content_type = self.non_empty_string(v, k),
                "as" => r.as_credential = self.credential_ref(v, k, creds),
                "burst" => {
                    if let Some(n) = self.count(v, k, 1, MAX_BURST) {
                        r.burst = n;
                    }
                }
                "limit-within" => {
                    r.limit_within = self.count(v, k, 1, MAX_BURST);
                    within_node = Some(*v);
                }
                "enumeration" => r.enumeration = self.boolean(v, k).unwrap_or(r.enumeration),
                "unknown-body" => r.unknown_body = self.body(v, k),
                _ => {}
            }
        }
        if let (Some(w), Some(n)) = (r.limit_within, within_node)
            && w > r.burst
        {
            self.error(
                format!("`limit-within: {w}` is more than `burst: {}`", r.burst),
                n,
                "the burst stops after `burst` requests; raise `burst` (at most 200) or lower `limit-within`",
            );
        }
        if r.enumeration && r.body.is_none() && r.unknown_body.is_none() {
            // Nothing to compare: a known account needs a body naming it.
            r.enumeration = false;
        }
        Some(r)
    }

    fn input_route(&mut self, node: &Node, creds: &[Credential]) -> Option<InputRoute> {
        let e = self.route_entry(
            node,
            "input-validation[]",
            INPUT_KEYS,
            &["POST", "PUT", "PATCH"],
        )?;
        let mut r = InputRoute {
            method: e.method,
            path: e.path,
            params: e.params,
            body: None,
            as_credential: None,
            max_body: 1 << 20,
            origin: e.origin,
        };
        for (k, v) in &e.rest {
            match *k {
                "body" => {
                    if let Some(b) = self.body(v, k) {
                        if serde_json::from_str::<serde_json::Value>(&b)
                            .is_ok_and(|j| j.is_object())
                        {
                            r.body = Some(b);
                        } else {
                            self.error(
                                "`body` is not a JSON object",
                                v,
                                "expected a valid example body such as '{\"title\":\"hi\"}' (the probe breaks it in each case)",
                            );
                        }
                    }
                }
                "as" => r.as_credential = self.credential_ref(v, k, creds),
                "max-body" => match self.size(v, k) {
                    Some(n) if n <= 64 << 20 => r.max_body = n,
                    Some(_) => self.error(
                        "`max-body` is too large",
                        v,
                        "expected at most 64MiB (the oversized case sends 1 MiB more)",
                    ),
                    None => {}
                },
                _ => {}
            }
        }
        Some(r)
    }

    /// A DNS name (`example.com`), lowercased, or an error at `node`.
    fn domain_name(&mut self, node: &Node, key: &str) -> Option<String> {
        let text = match &node.kind {
            Kind::Str(s) => s.clone(),
            _ => {
                self.type_error(node, key, "a domain name");
                return None;
            }
        };
        let d = text.trim_end_matches('.').to_ascii_lowercase();
        let ok = d.contains('.')
            && d.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && l.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
        if ok {
            Some(d)
        } else {
            self.error(
                format!("invalid domain name `{text}`"),
                node,
                "expected a domain name such as `example.com` (no scheme, no path)",
            );
            None
        }
    }

    /// A whole number in `min..=max`.
    fn count(&mut self, node: &Node, key: &str, min: u32, max: u32) -> Option<u32> {
        match node.kind {
            Kind::Int(i) if i >= i64::from(min) && i <= i64::from(max) => Some(i as u32),
            _ => {
                self.error(
                    format!("invalid value for `{key}`"),
                    node,
                    format!("expected a whole number from {min} to {max}"),
                );
                None
            }
        }
    }

    /// A duration such as `500ms`, `10s` or `2m`.
    fn duration(&mut self, node: &Node, key: &str) -> Option<std::time::Duration> {
        let parsed = match &node.kind {
            Kind::Str(s) => parse_duration(s),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                format!("invalid duration for `{key}`"),
                node,
                "expected a duration such as `500ms`, `10s` or `2m`",
            );
        }
        parsed
    }

    /// An origin: scheme, host and optional port, nothing else.
    fn origin(&mut self, o: &str, node: &Node) -> bool {
        let ok = (o.starts_with("https://") || o.starts_with("http://"))
            && o.split("://")
                .nth(1)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains('@'));
        if !ok {
            self.error(
                format!("invalid origin `{o}` in `allowed-origins`"),
                node,
                "expected an origin such as `https://app.example.com` (scheme and host, no path)",
            );
        }
        ok
    }

    fn targets(&mut self, node: &Node) -> Vec<Target> {
        let Kind::Seq(items) = &node.kind else {
            self.type_error(node, "targets", "a list of targets");
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for item in items {
            let Some(fields) = self.fields(item, "probe.targets[]", TARGET_KEYS) else {
                continue;
            };
            let mut name = None;
            let mut url = None;
            let mut pages = Vec::new();
            let (mut http_url, mut canonical_host, mut health) = (None, None, None);
            let mut api = None;
            for (key, value) in fields {
                match key {
                    "name" => name = self.non_empty_string(value, key).map(|n| (n, value)),
                    "pages" if value.kind == Kind::Null => {}
                    "pages" => {
                        pages = self
                            .string_list(value, key)
                            .into_iter()
                            .map(|(p, _)| p)
                            .collect()
                    }
                    "http-url" => {
                        if let Some(u) = self.string(value, key) {
                            if u.split('/').nth(2).is_some_and(|h| h.contains('@')) {
                                self.error(
                                    "`http-url` carries credentials",
                                    value,
                                    "put credentials in the environment, not in the policy",
                                );
                            } else if u.starts_with("http://")
                                && url::Url::parse(&u).is_ok_and(|p| p.host_str().is_some())
                            {
                                http_url = Some(u);
                            } else {
                                self.error(
                                    format!("invalid `http-url` `{u}`"),
                                    value,
                                    "expected an http:// URL (the plain-HTTP entry that must redirect to HTTPS)",
                                );
                            }
                        }
                    }
                    "canonical-host" => {
                        canonical_host = self
                            .non_empty_string(value, key)
                            .map(|h| h.to_ascii_lowercase());
                    }
                    "health" => health = self.non_empty_string(value, key),
                    "api" => api = self.api(value),
                    "url" => {
                        if let Some(u) = self.string(value, key) {
                            if u.starts_with("https://") || u.starts_with("http://") {
                                if u.split('/').nth(2).is_some_and(|h| h.contains('@')) {
                                    self.error(
                                        "target URL carries credentials",
                                        value,
                                        "put credentials in the environment, not in the policy",
                                    );
                                } else {
                                    // Parsed here, where the line is known: a URL that does
                                    // not parse is a policy error, not an unreachable target.
                                    match url::Url::parse(&u) {
                                        Ok(parsed) if parsed.host_str().is_some() => url = Some(u),
                                        Ok(_) => self.error(
                                            format!("invalid target URL `{u}`: it has no host"),
                                            value,
                                            "expected https://host[:port]/path",
                                        ),
                                        Err(e) => self.error(
                                            format!("invalid target URL `{u}`: {e}"),
                                            value,
                                            "expected https://host[:port]/path",
                                        ),
                                    }
                                }
                            } else {
                                self.error(
                                    format!("invalid target URL `{u}`"),
                                    value,
                                    "expected an http:// or https:// URL",
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
            if item.get("url").is_none() {
                self.error(
                    "probe target has no `url`",
                    item,
                    "expected `url: https://…`",
                );
            }
            if let (Some((name, name_node)), Some(url)) = (name, url) {
                if !seen.insert(name.clone()) {
                    self.error(
                        format!("duplicate target name `{name}`"),
                        name_node,
                        "target names must be unique",
                    );
                    continue;
                }
                out.push(Target {
                    name,
                    url,
                    pages,
                    http_url,
                    canonical_host,
                    health,
                    api,
                    origin: self.sources.anchor(item.span),
                });
            } else if item.get("name").is_none() {
                self.error(
                    "probe target has no `name`",
                    item,
                    "expected `name: <short name>`",
                );
            }
        }
        out
    }

    fn attest(&mut self, node: &Node) -> Vec<Attestation> {
        let Kind::Map(entries) = &node.kind else {
            self.type_error(node, "attest", "a mapping of checklist ids to attestations");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            let Some(id) = self.string(k, "attest") else {
                continue;
            };
            let known = KNOWN_ATTESTATIONS.iter().find(|(kid, _, _)| *kid == id);
            let Some(fields) = self.fields(v, &format!("attest.{id}"), ATTEST_KEYS) else {
                continue;
            };
            let mut title = known.map(|(_, _, t)| (*t).to_owned());
            let mut area = known.map(|(_, a, _)| *a);
            let (mut by, mut date, mut evidence, mut expires) = (None, None, None, None);
            for (key, value) in fields {
                match key {
                    "title" => title = self.non_empty_string(value, key),
                    "area" => {
                        if let Some(s) = self.string(value, key) {
                            match s.parse::<Area>() {
                                Ok(a) => area = Some(a),
                                Err(e) => self.error(
                                    format!("invalid area `{s}`"),
                                    value,
                                    format!("expected one of {}", e.expected.join(", ")),
                                ),
                            }
                        }
                    }
                    "by" => by = self.non_empty_string(value, key),
                    "date" => date = self.date(value, key),
                    "evidence" => evidence = self.non_empty_string(value, key),
                    "expires" => expires = self.date(value, key),
                    _ => {}
                }
            }
            let mut missing = Vec::new();
            for (key, present) in [
                ("by", v.get("by").is_some()),
                ("date", v.get("date").is_some()),
                ("evidence", v.get("evidence").is_some()),
                ("expires", v.get("expires").is_some()),
                ("title", title.is_some() || v.get("title").is_some()),
                ("area", area.is_some() || v.get("area").is_some()),
            ] {
                if !present {
                    missing.push(format!("`{key}`"));
                }
            }
            if !missing.is_empty() {
                let mut d = Diagnostic::error(
                    format!("attestation `{id}` is missing {}", missing.join(", ")),
                    Some(k.span),
                    "an attestation needs who, when, evidence and an expiry",
                );
                if known.is_none() {
                    d = d.with_help(format!(
                        "custom checklist items also need `title` and `area`; known ids are {}",
                        KNOWN_ATTESTATIONS
                            .iter()
                            .map(|(i, _, _)| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                self.diags.push(d);
                continue;
            }
            if let (Some(title), Some(area), Some(by), Some(date), Some(evidence), Some(expires)) =
                (title, area, by, date, evidence, expires)
            {
                if expires < date {
                    self.error(
                        format!("attestation `{id}` expires before it was made"),
                        v,
                        "`expires` must be on or after `date`",
                    );
                    continue;
                }
                out.push(Attestation {
                    id,
                    title,
                    area,
                    by,
                    date,
                    evidence,
                    expires,
                    origin: self.sources.anchor(k.span),
                });
            }
        }
        out
    }
}

/// Parses `5MiB`, `500KB`, `2 MB`, `1024`. Decimal (KB, MB, GB) and binary (KiB, MiB, GiB) units.
pub(crate) fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mult: u64 = match unit.trim() {
        "" | "B" => 1,
        "KB" | "kB" => 1000,
        "KiB" => 1024,
        "MB" => 1000 * 1000,
        "MiB" => 1024 * 1024,
        "GB" => 1000 * 1000 * 1000,
        "GiB" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(mult).filter(|v| *v > 0)
}

/// Parses `500ms`, `10s`, `2m`, `1h`: a positive whole number and a unit.
pub(crate) fn parse_duration(s: &str) -> Option<std::time::Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().ok().filter(|n| *n > 0)?;
    let ms = match unit.trim() {
        "ms" => n,
        "s" => n.checked_mul(1000)?,
        "m" => n.checked_mul(60_000)?,
        "h" => n.checked_mul(3_600_000)?,
        _ => return None,
    };
    Some(std::time::Duration::from_millis(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(
            parse_duration("500ms"),
            Some(std::time::Duration::from_millis(500))
        );
        assert_eq!(
            parse_duration("10s"),
            Some(std::time::Duration::from_secs(10))
        );
        assert_eq!(
            parse_duration("2m"),
            Some(std::time::Duration::from_secs(120))
        );
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("0s"), None);
        assert_eq!(parse_duration("5 days"), None);
    }

    #[test]
    fn sizes_accept_decimal_and_binary_units() {
        assert_eq!(parse_size("5MiB"), Some(5 * 1024 * 1024));
        assert_eq!(parse_size("500KB"), Some(500_000));
        assert_eq!(parse_size("2 MB"), Some(2_000_000));
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("5 mb"), None);
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("MiB"), None);
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        assert_eq!(
            did_you_mean("fial-on", TOP_KEYS.iter().copied()),
            Some("fail-on")
        );
        assert_eq!(did_you_mean("zzz", TOP_KEYS.iter().copied()), None);
    }
}
