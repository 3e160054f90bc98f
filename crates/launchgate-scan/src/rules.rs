//! Secret rules as data. Each file in `rules/` describes one family of services; each rule names
//! the service it belongs to and has an id, a severity and confidence, prefilter keywords, one
//! of three shapes, optional filters and a structural validator, references, and examples that
//! must and must not match (a test runs them all through the whole scanner).
//!
//! The three shapes:
//! - `pattern`: a self-identifying token (a documented prefix or structure), found by a regex
//!   that runs only near one of its keywords.
//! - `value`: a context-anchored token for services whose keys have no prefix: one of the
//!   `keywords` (the service's name or its documented environment variable) close before, or on
//!   the same line as, a whole token matching `value`.
//! - `detector`: a detector written in code (secret-named assignments), configured here.
//!
//! Rules are written from the providers' documented token formats, not copied from other scanners.

use std::collections::HashSet;

use launchgate_core::{Confidence, Severity};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::ScanError;
use crate::validate::Validator;

/// `(file name, contents)` for each file of `rules/`, the path derived from the name.
macro_rules! rule_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../rules/", $name)))),*]
    };
}

/// The built-in rule files, in precedence order: when two rules match the same bytes, the one
/// from an earlier file wins on equal confidence and severity, so provider formats come first and
/// the generic heuristics last.
pub(crate) const BUILTIN_RULE_FILES: &[(&str, &str)] = rule_files!(
    "aws.yml",
    "google.yml",
    "azure.yml",
    "github.yml",
    "gitlab.yml",
    "ci.yml",
    "slack.yml",
    "stripe.yml",
    "messaging.yml",
    "ai.yml",
    "ml.yml",
    "registries.yml",
    "commerce.yml",
    "backend.yml",
    "databases.yml",
    "storage.yml",
    "web3.yml",
    "infrastructure.yml",
    "cloud.yml",
    "saas.yml",
    "cms.yml",
    "social.yml",
    "apis.yml",
    "flags.yml",
    "observability.yml",
    "auth.yml",
    "analytics.yml",
    "finance.yml",
    "private-keys.yml",
    "client-env.yml",
    "urls.yml",
    "generic.yml",
);

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RuleFile {
    /// The family of services the file covers ("Messaging and email").
    pub(crate) family: String,
    pub(crate) rules: Vec<RuleSpec>,
}

/// Detectors written in code, configured by a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Detector {
    /// A secret-named identifier assigned an opaque literal (see `assignment.rs`).
    SecretAssignment,
}

/// One rule as written in its file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RuleSpec {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The service whose credential this is ("Slack", "ClickHouse"): a fact, listed by
    /// `launchgate rules --services`.
    #[serde(default)]
    pub(crate) service: String,
    pub(crate) severity: Severity,
    pub(crate) confidence: Confidence,
    /// Literal strings (matched case-insensitively) of which at least one must occur near a match.
    /// For a `value` rule these are the context: the service's name or variable names.
    pub(crate) keywords: Vec<String>,
    /// Shape (a): the regex. The secret is the `secret` (or `secret2`) group, else the whole match.
    #[serde(default)]
    pub(crate) pattern: Option<String>,
    /// Shape (b): the regex a whole token near a keyword must match to be this secret.
    #[serde(default)]
    pub(crate) value: Option<String>,
    /// Shape (c): a coded detector.
    #[serde(default)]
    pub(crate) detector: Option<Detector>,
    /// Minimum Shannon entropy of the secret, in bits per character.
    #[serde(default)]
    pub(crate) entropy: Option<f64>,
    /// Matches may span lines (PEM blocks); the regex runs on a window after the keyword.
    #[serde(default)]
    pub(crate) multiline: bool,
    /// A heuristic rule: yields to any other rule matching the same bytes, and its findings in
    /// documentation and tests have low confidence.
    #[serde(default)]
    pub(crate) generic: bool,
    /// A structural check of the secret (see [`Validator`]).
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
    /// Files whose path matches this regex are not scanned by this rule.
    #[serde(default)]
    pub(crate) skip_paths: Option<String>,
    pub(crate) description: String,
    /// Why a value of this rule is public by design in a browser app (a Google API key
    /// restricted to the site's referrers): in a client-exposed variable or in build output it
    /// is `info`, with this as the advice, instead of a leak.
    #[serde(default)]
    pub(crate) browser_public: Option<String>,
    /// How to fix, in one line, where the usual "rotate it, then load it from the environment"
    /// does not fit (a client variable already comes from the environment).
    #[serde(default)]
    pub(crate) help: Option<String>,
    /// The documentation's fix steps (Markdown), where the usual ones do not fit.
    #[serde(default)]
    pub(crate) fix: Option<String>,
    pub(crate) references: Vec<String>,
    /// For imported rules: the numbered capture group holding the secret.
    #[serde(skip)]
    pub(crate) secret_group: Option<usize>,
    // Read by the example tests and `launchgate rules --check` only.
    #[allow(dead_code)]
    pub(crate) examples: Examples,
    /// Filled in from the file.
    #[serde(skip)]
    pub(crate) family: String,
    /// Loaded from a user's gitleaks file: no keywords needed (the rule then runs on every
    /// file), and no character of the secret is shown, since its pattern may have no prefix.
    #[serde(skip)]
    pub(crate) imported: bool,
}

/// Examples a test runs against the rule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Examples {
    #[serde(rename = "match")]
    pub(crate) matching: Vec<String>,
    pub(crate) no_match: Vec<String>,
}

/// How a compiled rule finds its secret.
#[derive(Debug)]
pub(crate) enum Shape {
    /// A regex over a window around each keyword.
    Pattern {
        regex: Regex,
        secret_groups: Vec<usize>,
        host_group: Option<usize>,
        name_group: Option<usize>,
    },
    /// A whole token near a keyword; `token` says which bytes a token is made of (the value's
    /// own bytes and every letter and digit), so a match never starts or ends inside a longer
    /// token.
    Anchored {
        value: Regex,
        token: Box<[bool; 256]>,
        /// The value allows both letters and digits: a random token of it has both.
        mixed: bool,
    },
    /// Code.
    Detector(Detector),
}

/// The regexes of a rule, compiled the first time a file holds one of its keywords: of a
/// thousand rules, a repository wakes a few dozen, and compiling them all would cost more
/// than scanning a small repository.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) shape: Shape,
    pub(crate) allow_secret: Option<Regex>,
    pub(crate) allow_host: Option<Regex>,
    pub(crate) allow_name: Option<Regex>,
}

/// A rule ready to run.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) spec: RuleSpec,
    compiled: std::sync::OnceLock<Compiled>,
    pub(crate) skip_paths: Option<Regex>,
    /// Position in load order; lower wins ties.
    pub(crate) precedence: usize,
}

/// Parses one rule file's text.
pub(crate) fn parse_file(name: &str, text: &str) -> Result<Vec<RuleSpec>, ScanError> {
    let file: RuleFile = serde_saphyr::from_str(text).map_err(|e| ScanError::Rules {
        file: name.to_owned(),
        message: e.to_string(),
    })?;
    Ok(file
        .rules
        .into_iter()
        .map(|mut spec| {
            spec.family = file.family.clone();
            spec
        })
        .collect())
}

/// Every built-in rule file, parsed once per process, in precedence order.
pub(crate) fn builtin_specs() -> Result<Vec<RuleSpec>, ScanError> {
    static SPECS: std::sync::OnceLock<Result<Vec<RuleSpec>, (String, String)>> =
        std::sync::OnceLock::new();
    let parsed = SPECS.get_or_init(|| {
        let mut specs = Vec::new();
        for (name, text) in BUILTIN_RULE_FILES {
            specs.extend(parse_file(name, text).map_err(split)?);
        }
        check_unique(&specs).map_err(split)?;
        Ok(specs)
    });
    parsed
        .clone()
        .map_err(|(file, message)| ScanError::Rules { file, message })
}

fn split(e: ScanError) -> (String, String) {
    match e {
        ScanError::Rules { file, message } => (file, message),
        other => (String::new(), other.to_string()),
    }
}

pub(crate) fn check_unique(specs: &[RuleSpec]) -> Result<(), ScanError> {
    let mut seen = HashSet::new();
    for s in specs {
        if !seen.insert(s.id.as_str()) {
            return Err(ScanError::Rules {
                file: "rules".to_owned(),
                message: format!("duplicate rule id `{}`", s.id),
            });
        }
    }
    Ok(())
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

/// The bytes a value regex can match, plus letters and digits: what a token of it is made of.
fn token_bytes(pattern: &str, id: &str) -> Result<(Box<[bool; 256]>, bool), ScanError> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| ScanError::Rules {
            file: id.to_owned(),
            message: format!("invalid value: {e}"),
        })?;
    let mut set = Box::new([false; 256]);
    fn walk(h: &Hir, set: &mut [bool; 256]) {
        match h.kind() {
            HirKind::Literal(l) => l.0.iter().for_each(|&b| set[usize::from(b)] = true),
            HirKind::Class(Class::Bytes(c)) => {
                for r in c.ranges() {
                    for b in r.start()..=r.end() {
                        set[usize::from(b)] = true;
                    }
                }
            }
            HirKind::Class(Class::Unicode(c)) => {
                for r in c.ranges() {
                    for ch in r.start()..=r.end() {
                        if let Ok(b) = u8::try_from(u32::from(ch)) {
                            set[usize::from(b)] = true;
                        }
                    }
                }
            }
            HirKind::Repetition(r) => walk(&r.sub, set),
            HirKind::Capture(c) => walk(&c.sub, set),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().for_each(|h| walk(h, set)),
            HirKind::Empty | HirKind::Look(_) => {}
        }
    }
    walk(&hir, &mut set);
    let letters = set
        .iter()
        .enumerate()
        .any(|(b, &on)| on && (b as u8).is_ascii_alphabetic());
    let digits = set
        .iter()
        .enumerate()
        .any(|(b, &on)| on && (b as u8).is_ascii_digit());
    for b in (b'0'..=b'9').chain(b'a'..=b'z').chain(b'A'..=b'Z') {
        set[usize::from(b)] = true;
    }
    Ok((set, letters && digits))
}

/// Compiles every regex of `spec`.
fn compile_parts(spec: &RuleSpec) -> Result<Compiled, ScanError> {
    let fail = |message: String| ScanError::Rules {
        file: spec.id.clone(),
        message,
    };
    let shape = if let Some(pattern) = &spec.pattern {
        let regex = build_regex(pattern, &spec.id, "pattern")?;
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
                return Err(fail(format!(
                    "secret group {g} does not exist (the pattern has {} groups)",
                    names.len() - 1
                )));
            }
            secret_groups.push(g);
        }
        let host_group = names.iter().position(|n| *n == Some("host"));
        let name_group = names.iter().position(|n| *n == Some("name"));
        Shape::Pattern {
            regex,
            secret_groups,
            host_group,
            name_group,
        }
    } else if let Some(value) = &spec.value {
        let regex = build_regex(&format!("^(?:{value})$"), &spec.id, "value")?;
        let (token, mixed) = token_bytes(value, &spec.id)?;
        Shape::Anchored {
            value: regex,
            token,
            mixed,
        }
    } else {
        Shape::Detector(spec.detector.expect("internal error: one shape is set"))
    };
    let optional = |p: &Option<String>, what: &str| {
        p.as_deref()
            .map(|p| build_regex(p, &spec.id, what))
            .transpose()
    };
    Ok(Compiled {
        shape,
        allow_secret: optional(&spec.allow_secret, "allow-secret")?,
        allow_host: optional(&spec.allow_host, "allow-host")?,
        allow_name: optional(&spec.allow_name, "allow-name")?,
    })
}

impl Rule {
    /// Checks `spec` and prepares it; its regexes compile now when `eager` (a user's imported
    /// rules, whose errors must surface before the scan), else on first use.
    pub(crate) fn compile(
        spec: RuleSpec,
        precedence: usize,
        eager: bool,
    ) -> Result<Rule, ScanError> {
        let fail = |message: String| ScanError::Rules {
            file: spec.id.clone(),
            message,
        };
        let shapes = [
            spec.pattern.is_some(),
            spec.value.is_some(),
            spec.detector.is_some(),
        ];
        if shapes.iter().filter(|s| **s).count() != 1 {
            return Err(fail(
                "a rule has exactly one of `pattern`, `value` or `detector`".to_owned(),
            ));
        }
        if spec.keywords.is_empty() && !spec.imported {
            return Err(fail(
                "a rule needs at least one keyword for the prefilter".to_owned(),
            ));
        }
        if spec
            .keywords
            .iter()
            .any(|k| k.len() < 2 || (k.len() < 3 && k.bytes().all(|b| b.is_ascii_alphanumeric())))
        {
            return Err(fail(
                "keywords are at least three characters, or two with a symbol (shorter ones match everywhere)"
                    .to_owned(),
            ));
        }
        let skip_paths = spec
            .skip_paths
            .as_deref()
            .map(|p| build_regex(p, &spec.id, "skip-paths"))
            .transpose()?;
        let compiled = std::sync::OnceLock::new();
        if eager {
            let _ = compiled.set(compile_parts(&spec)?);
        }
        Ok(Rule {
            spec,
            compiled,
            skip_paths,
            precedence,
        })
    }

    /// The rule's regexes, compiled on first use.
    pub(crate) fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            compile_parts(&self.spec)
                .expect("internal error: built-in rules compile (a test compiles every one)")
        })
    }

    /// Whether the rule is context-anchored (a `value` rule).
    pub(crate) fn is_anchored(&self) -> bool {
        self.spec.value.is_some()
    }

    /// Whether the rule is a coded detector.
    pub(crate) fn detector(&self) -> Option<Detector> {
        self.spec.detector
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_file_parses_and_compiles() {
        let specs = builtin_specs().unwrap();
        assert!(specs.len() >= 60, "only {} rules", specs.len());
        for (i, s) in specs.into_iter().enumerate() {
            let id = s.id.clone();
            Rule::compile(s, i, true).unwrap_or_else(|e| panic!("{id}: {e}"));
        }
    }

    #[test]
    fn value_tokens_are_the_value_bytes_and_alphanumerics() {
        let (t, mixed) = token_bytes("[a-f0-9]{32}", "x").unwrap();
        assert!(t[usize::from(b'Z')] && t[usize::from(b'0')] && !t[usize::from(b'-')]);
        assert!(mixed);
        let (t, _) = token_bytes("[A-Za-z0-9_~.-]{40}", "x").unwrap();
        assert!(t[usize::from(b'~')] && t[usize::from(b'-')] && !t[usize::from(b'/')]);
        let (_, mixed) = token_bytes("[0-9]{12}", "x").unwrap();
        assert!(!mixed);
    }
}
