//! Secret rules as data. Each file in `rules/` describes one provider family; each rule has an
//! id, a name, a severity, prefilter keywords, a regex, optional entropy floor, allow-lists and
//! validators, references, and examples that must and must not match (a test runs them all).
//!
//! Rules are written from the providers' documented token formats, not copied from other scanners.

use std::collections::HashSet;

use launchgate_core::{Confidence, Severity};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::ScanError;

/// The built-in rule files, in precedence order: when two rules match the same bytes, the one
/// from an earlier file wins on equal confidence and severity, so provider formats come first and
/// the generic heuristics last.
pub(crate) const BUILTIN_RULE_FILES: &[(&str, &str)] = &[
    ("aws.yml", include_str!("../rules/aws.yml")),
    ("google.yml", include_str!("../rules/google.yml")),
    ("azure.yml", include_str!("../rules/azure.yml")),
    ("github.yml", include_str!("../rules/github.yml")),
    ("gitlab.yml", include_str!("../rules/gitlab.yml")),
    ("slack.yml", include_str!("../rules/slack.yml")),
    ("stripe.yml", include_str!("../rules/stripe.yml")),
    ("messaging.yml", include_str!("../rules/messaging.yml")),
    ("ai.yml", include_str!("../rules/ai.yml")),
    ("registries.yml", include_str!("../rules/registries.yml")),
    ("commerce.yml", include_str!("../rules/commerce.yml")),
    ("backend.yml", include_str!("../rules/backend.yml")),
    (
        "infrastructure.yml",
        include_str!("../rules/infrastructure.yml"),
    ),
    ("saas.yml", include_str!("../rules/saas.yml")),
    (
        "private-keys.yml",
        include_str!("../rules/private-keys.yml"),
    ),
    ("client-env.yml", include_str!("../rules/client-env.yml")),
    ("urls.yml", include_str!("../rules/urls.yml")),
    ("generic.yml", include_str!("../rules/generic.yml")),
];

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RuleFile {
    pub(crate) provider: String,
    pub(crate) rules: Vec<RuleSpec>,
}

/// One rule as written in its file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RuleSpec {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) severity: Severity,
    pub(crate) confidence: Confidence,
    /// Literal strings (matched case-insensitively) of which at least one must occur near a match.
    pub(crate) keywords: Vec<String>,
    /// The regex. The secret is the `secret` (or `secret2`) group, else the whole match.
    pub(crate) pattern: String,
    /// Minimum Shannon entropy of the secret, in bits per character.
    #[serde(default)]
    pub(crate) entropy: Option<f64>,
    /// Matches may span lines (PEM blocks); the regex runs on a window after the keyword.
    #[serde(default)]
    pub(crate) multiline: bool,
    /// A heuristic rule: yields to any other rule matching the same bytes.
    #[serde(default)]
    pub(crate) generic: bool,
    /// A named structural check of the secret (see [`Validator`]).
    #[serde(default)]
    pub(crate) validate: Option<Validator>,
    /// A secret matching this regex is not a finding (placeholders, default passwords, code).
    #[serde(default)]
    pub(crate) allow_secret: Option<String>,
    /// A match whose `host` group matches this regex is not a finding (local hosts).
    #[serde(default)]
    pub(crate) allow_host: Option<String>,
    /// A match whose `name` group (the variable name) matches this regex is not a finding
    /// (`resetPassword`, `SIGN_IN_WITH_PASSWORD`: names of actions, not of secrets).
    #[serde(default)]
    pub(crate) allow_name: Option<String>,
    /// Files whose path matches this regex are not scanned by this rule (heuristic rules skip
    /// documentation, examples and tests).
    #[serde(default)]
    pub(crate) skip_paths: Option<String>,
    pub(crate) description: String,
    pub(crate) references: Vec<String>,
    /// For imported rules: the numbered capture group holding the secret.
    #[serde(skip)]
    pub(crate) secret_group: Option<usize>,
    // Read by the example tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) examples: Examples,
    /// Filled in from the file.
    #[serde(skip)]
    pub(crate) provider: String,
    /// Loaded from a user's gitleaks file: no keywords needed (the rule then runs on every
    /// file), and no character of the secret is shown, since its pattern may have no prefix.
    #[serde(skip)]
    pub(crate) imported: bool,
}

/// Examples a test runs against the rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Examples {
    #[serde(rename = "match")]
    pub(crate) matching: Vec<String>,
    pub(crate) no_match: Vec<String>,
}

/// Structural checks too specific for a regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Validator {
    /// A JWT whose payload has `"role": "service_role"` (Supabase's RLS-bypassing key).
    SupabaseServiceRole,
}

impl Validator {
    pub(crate) fn accepts(self, secret: &[u8]) -> bool {
        match self {
            Validator::SupabaseServiceRole => {
                jwt_claim(secret, "role").as_deref() == Some("service_role")
            }
        }
    }
}

/// Reads a string claim from the payload of a JWT, without verifying anything.
fn jwt_claim(token: &[u8], claim: &str) -> Option<String> {
    let payload = token.split(|b| *b == b'.').nth(1)?;
    let json = base64url_decode(payload)?;
    let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
    value.get(claim)?.as_str().map(str::to_owned)
}

fn base64url_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in input {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// A rule ready to run.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) spec: RuleSpec,
    pub(crate) regex: Regex,
    pub(crate) secret_groups: Vec<usize>,
    pub(crate) host_group: Option<usize>,
    pub(crate) allow_secret: Option<Regex>,
    pub(crate) allow_host: Option<Regex>,
    pub(crate) name_group: Option<usize>,
    pub(crate) allow_name: Option<Regex>,
    pub(crate) skip_paths: Option<Regex>,
    /// Position in load order; lower wins ties.
    pub(crate) precedence: usize,
}

/// Parses every built-in rule file, in precedence order.
pub(crate) fn builtin_specs() -> Result<Vec<RuleSpec>, ScanError> {
    let mut specs = Vec::new();
    for (name, text) in BUILTIN_RULE_FILES {
        let file: RuleFile = serde_saphyr::from_str(text).map_err(|e| ScanError::Rules {
            file: (*name).to_owned(),
            message: e.to_string(),
        })?;
        for mut spec in file.rules {
            spec.provider = file.provider.clone();
            specs.push(spec);
        }
    }
    let mut seen = HashSet::new();
    for s in &specs {
        if !seen.insert(s.id.clone()) {
            return Err(ScanError::Rules {
                file: "rules".to_owned(),
                message: format!("duplicate rule id `{}`", s.id),
            });
        }
    }
    Ok(specs)
}

fn build_regex(pattern: &str, id: &str, what: &str) -> Result<Regex, ScanError> {
    RegexBuilder::new(pattern)
        // Patterns are ASCII token formats; Unicode classes would only slow them down.
        .unicode(false)
        .size_limit(64 * 1024 * 1024)
        .build()
        .map_err(|e| ScanError::Rules {
            file: id.to_owned(),
            message: format!("invalid {what}: {e}"),
        })
}

impl Rule {
    pub(crate) fn compile(spec: RuleSpec, precedence: usize) -> Result<Rule, ScanError> {
        let regex = build_regex(&spec.pattern, &spec.id, "pattern")?;
        let names: Vec<Option<&str>> = regex.capture_names().collect();
        let mut secret_groups: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n, Some("secret" | "secret2")))
            .map(|(i, _)| i)
            .collect();
        if secret_groups.is_empty()
            && let Some(g) = spec.secret_group
        {
            if g >= names.len() {
                return Err(ScanError::Rules {
                    file: spec.id.clone(),
                    message: format!(
                        "secret group {g} does not exist (the pattern has {} groups)",
                        names.len() - 1
                    ),
                });
            }
            secret_groups.push(g);
        }
        let host_group = names.iter().position(|n| *n == Some("host"));
        let allow_secret = spec
            .allow_secret
            .as_deref()
            .map(|p| build_regex(p, &spec.id, "allow-secret"))
            .transpose()?;
        let allow_host = spec
            .allow_host
            .as_deref()
            .map(|p| build_regex(p, &spec.id, "allow-host"))
            .transpose()?;
        let name_group = names.iter().position(|n| *n == Some("name"));
        let optional = |p: &Option<String>, what: &str| {
            p.as_deref()
                .map(|p| build_regex(p, &spec.id, what))
                .transpose()
        };
        let allow_name = optional(&spec.allow_name, "allow-name")?;
        let skip_paths = optional(&spec.skip_paths, "skip-paths")?;
        if spec.keywords.is_empty() && !spec.imported {
            return Err(ScanError::Rules {
                file: spec.id.clone(),
                message: "a rule needs at least one keyword for the prefilter".to_owned(),
            });
        }
        Ok(Rule {
            spec,
            regex,
            secret_groups,
            host_group,
            allow_secret,
            allow_host,
            name_group,
            allow_name,
            skip_paths,
            precedence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_claims_are_read_from_the_payload() {
        // {"alg":"HS256"} . {"role":"service_role"} . sig
        let token = b"eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl";
        assert_eq!(jwt_claim(token, "role").as_deref(), Some("service_role"));
        assert!(Validator::SupabaseServiceRole.accepts(token));
        assert!(!Validator::SupabaseServiceRole.accepts(b"eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x"));
        assert!(!Validator::SupabaseServiceRole.accepts(b"garbage"));
    }

    #[test]
    fn every_builtin_rule_file_parses_and_compiles() {
        let specs = builtin_specs().unwrap();
        assert!(specs.len() >= 60, "only {} rules", specs.len());
        for (i, s) in specs.into_iter().enumerate() {
            let id = s.id.clone();
            Rule::compile(s, i).unwrap_or_else(|e| panic!("{id}: {e}"));
        }
    }
}
