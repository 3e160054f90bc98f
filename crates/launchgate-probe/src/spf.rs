//! SPF (RFC 7208): the record parsed to the letter of the grammar, then walked through every
//! `include` and `redirect`, counting DNS-querying terms and void lookups without a client IP.

use std::future::Future;
use std::pin::Pin;

use hickory_resolver::proto::rr::RecordType;
use serde::{Deserialize, Serialize};

use crate::dns::{Answer, Dns};

/// RFC 7208 §4.6.4: at most 10 terms that cause DNS lookups.
pub const SPF_LOOKUP_LIMIT: u32 = 10;
/// RFC 7208 §4.6.4: at most 2 lookups that return nothing.
pub const SPF_VOID_LIMIT: u32 = 2;

/// SPF of one domain, walked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Spf {
    /// Every `v=spf1` record at the domain (more than one is an error).
    pub records: Vec<String>,
    /// DNS-querying terms counted through includes and redirects.
    pub lookups: u32,
    /// Lookups that returned nothing.
    pub voids: u32,
    /// The `all` qualifier of the top record, if it has `all` (`+`, `-`, `~`, `?`).
    pub all: Option<char>,
    /// The top record ends in a `redirect=` instead of `all`.
    pub redirect: bool,
    /// `ptr` appears somewhere.
    pub ptr: Vec<String>,
    /// What makes it invalid (syntax, limits, loops, includes without SPF), with the path.
    pub errors: Vec<String>,
    /// Lookups that failed (SERVFAIL, timeout): the count may be incomplete.
    pub failures: Vec<String>,
    /// Valid but pointless (mechanisms after `all`, a `redirect=` beside `all`): worth a note.
    pub notes: Vec<String>,
}

/// What RFC 7208 allows but never evaluates: mechanisms after `all` (§5.1) and a `redirect=`
/// in a record that has `all` (§6.1).
pub(crate) fn after_all(terms: &[Term]) -> Option<String> {
    let at = terms
        .iter()
        .position(|t| matches!(t, Term::Mechanism { name, .. } if name == "all"))?;
    let later: Vec<String> = terms[at + 1..]
        .iter()
        .filter_map(|t| match t {
            Term::Mechanism { name, .. } => Some(name.clone()),
            Term::Modifier { name, .. } if name == "redirect" => Some("redirect=".to_owned()),
            Term::Modifier { .. } => None,
        })
        .collect();
    let redirect = terms[..at]
        .iter()
        .any(|t| matches!(t, Term::Modifier { name, .. } if name == "redirect"));
    if later.is_empty() && !redirect {
        return None;
    }
    Some(if later.is_empty() {
        "`redirect=` is ignored in a record that has `all`".to_owned()
    } else {
        format!("`{}` after `all` is never evaluated", later.join("`, `"))
    })
}

/// A parsed term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    Mechanism {
        qualifier: char,
        name: String,
        arg: Option<String>,
    },
    Modifier {
        name: String,
        value: String,
    },
}

/// The SPF record among TXT strings: `v=spf1` alone or followed by a space.
pub(crate) fn is_spf(txt: &str) -> bool {
    let t = txt.trim_start();
    t.len() >= 6
        && t[..6].eq_ignore_ascii_case("v=spf1")
        && t[6..].chars().next().is_none_or(|c| c == ' ')
}

/// Where a macro-string appears: macro letters `c`, `r` and `t` are for explanation text only
/// (RFC 7208 §7.2), never in a domain-spec.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MacroContext {
    DomainSpec,
    Unknown,
}

/// Checks a macro-string (RFC 7208 §7.1): literals are visible characters except `%`; `%%`,
/// `%_`, `%-` and `%{letter transformers delimiters}` expand. Returns whether it ends in a
/// macro-expand (which can end a domain-spec).
fn check_macro_string(spec: &str, ctx: MacroContext) -> Result<bool, String> {
    let b = spec.as_bytes();
    let mut i = 0;
    let mut ends_in_macro = false;
    while i < b.len() {
        let c = b[i];
        ends_in_macro = false;
        if c == b'%' {
            match b.get(i + 1) {
                Some(b'%' | b'_' | b'-') => {
                    i += 2;
                    ends_in_macro = true;
                    continue;
                }
                Some(b'{') => {
                    let letter = b.get(i + 2).copied().unwrap_or(0).to_ascii_lowercase();
                    let allowed: &[u8] = if ctx == MacroContext::DomainSpec {
                        b"slodiphv"
                    } else {
                        b"slodiphcrtv"
                    };
                    if !allowed.contains(&letter) {
                        return Err(if b"crt".contains(&letter) {
                            format!(
                                "macro `%{{{}` in `{spec}` is for explanation text only",
                                letter as char
                            )
                        } else {
                            format!("invalid macro letter in `{spec}`")
                        });
                    }
                    let mut k = i + 3;
                    // transformers = *DIGIT [ "r" ], then *delimiter, then "}".
                    let digits = k;
                    while k < b.len() && b[k].is_ascii_digit() {
                        k += 1;
                    }
                    // "If a DIGIT is specified, the value MUST be nonzero" (§7.3).
                    if k > digits && b[digits..k].iter().all(|d| *d == b'0') {
                        return Err(format!("invalid macro transformer in `{spec}`"));
                    }
                    if b.get(k).is_some_and(|c| c.eq_ignore_ascii_case(&b'r')) {
                        k += 1;
                    }
                    while k < b.len() && b".-+,/_=".contains(&b[k]) {
                        k += 1;
                    }
                    if b.get(k) != Some(&b'}') {
                        return Err(if k >= b.len() {
                            format!("unclosed macro in `{spec}`")
                        } else {
                            format!("invalid macro in `{spec}`")
                        });
                    }
                    i = k + 1;
                    ends_in_macro = true;
                    continue;
                }
                _ => return Err(format!("a lone `%` in `{spec}` (write `%%`)")),
            }
        }
        if !(0x21..=0x7e).contains(&c) {
            return Err(format!("invalid character in `{spec}`"));
        }
        i += 1;
    }
    Ok(ends_in_macro)
}

/// A domain-spec (RFC 7208 §7.1): a macro-string ending in a macro-expand or in `.toplabel`
/// (optionally followed by `.`), where the toplabel is letters, digits and inner hyphens and not
/// all digits.
fn check_domain_spec(spec: &str) -> Result<(), String> {
    if spec.is_empty() {
        return Err("an empty domain-spec".to_owned());
    }
    if check_macro_string(spec, MacroContext::DomainSpec)? {
        return Ok(());
    }
    let body = spec.strip_suffix('.').unwrap_or(spec);
    let Some((_, top)) = body.rsplit_once('.') else {
        return Err(format!("`{spec}` is not a domain name"));
    };
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let toplabel = !top.is_empty()
        && top.chars().all(|c| alnum(c) || c == '-')
        && top.starts_with(alnum)
        && top.ends_with(alnum)
        && !top.chars().all(|c| c.is_ascii_digit());
    if !toplabel {
        return Err(format!(
            "`{spec}` is not a domain name (its last label `{top}`)"
        ));
    }
    Ok(())
}

fn has_macro(spec: &str) -> bool {
    spec.contains("%{")
}

/// A cidr-length's digits: `0`, or no leading zero, at most `max`.
fn check_cidr(s: &str, max: u32) -> bool {
    !s.is_empty()
        && s.bytes().all(|c| c.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
        && s.parse::<u32>().is_ok_and(|n| n <= max)
}

/// Splits `domain-spec dual-cidr-length` at the trailing `/v4`, `//v6` or `/v4//v6`, if the
/// text ends in one; the cidr text is returned as written.
fn split_dual_cidr(arg: &str) -> (&str, Option<&str>) {
    // The ip6 part first: `//digits` at the end.
    let mut end = arg.len();
    let tail_digits = |s: &str| s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let n = tail_digits(&arg[..end]);
    if n > 0 && arg[..end - n].ends_with("//") {
        end -= n + 2;
    }
    let n = tail_digits(&arg[..end]);
    if n > 0 && arg[..end - n].ends_with('/') && !arg[..end - n].ends_with("//") {
        end -= n + 1;
    }
    if end == arg.len() {
        (arg, None)
    } else {
        (&arg[..end], Some(&arg[end..]))
    }
}

/// `/v4`, `//v6` or `/v4//v6` (RFC 7208 §5.6 dual-cidr-length).
fn check_dual_cidr(c: &str) -> bool {
    match c.strip_prefix("//") {
        Some(v6) => check_cidr(v6, 128),
        None => match c.trim_start_matches('/').split_once("//") {
            Some((v4, v6)) => check_cidr(v4, 32) && check_cidr(v6, 128),
            None => check_cidr(&c[1..], 32),
        },
    }
}

/// Parses one record into terms, or the first syntax error.
pub(crate) fn parse(record: &str) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut words = record.split(' ').filter(|w| !w.is_empty());
    if !words
        .next()
        .is_some_and(|v| v.eq_ignore_ascii_case("v=spf1"))
    {
        return Err("the record does not start with `v=spf1`".to_owned());
    }
    let mut seen_modifiers: Vec<String> = Vec::new();
    for w in words {
        // A modifier: name=value, where name starts with a letter and has no ':' or '/'.
        if let Some((name, value)) = w.split_once('=')
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            let lname = name.to_ascii_lowercase();
            if (lname == "redirect" || lname == "exp") && seen_modifiers.contains(&lname) {
                return Err(format!("`{lname}=` appears twice"));
            }
            if lname == "redirect" || lname == "exp" {
                check_domain_spec(value).map_err(|e| format!("`{w}`: {e}"))?;
            } else {
                // unknown-modifier = name "=" macro-string
                check_macro_string(value, MacroContext::Unknown)?;
            }
            seen_modifiers.push(lname.clone());
            terms.push(Term::Modifier {
                name: lname,
                value: value.to_owned(),
            });
            continue;
        }
        let (qualifier, rest) = match w.chars().next() {
            Some(q @ ('+' | '-' | '~' | '?')) => (q, &w[1..]),
            _ => ('+', w),
        };
        let (name, arg) = match rest.find([':', '/']) {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let name = name.to_ascii_lowercase();
        let arg_text = |a: Option<&str>| a.map(|a| a.strip_prefix(':').unwrap_or(a).to_owned());
        match name.as_str() {
            "all" => {
                if arg.is_some() {
                    return Err(format!("`{w}`: `all` takes no argument"));
                }
            }
            "include" | "exists" => match arg {
                Some(a) if a.starts_with(':') && a.len() > 1 => {
                    check_domain_spec(&a[1..]).map_err(|e| format!("`{w}`: {e}"))?
                }
                _ => return Err(format!("`{w}`: `{name}` needs `:domain`")),
            },
            "a" | "mx" => {
                if let Some(a) = arg {
                    let (spec, cidr) = split_dual_cidr(a);
                    match spec.strip_prefix(':') {
                        Some(d) => check_domain_spec(d)?,
                        None if spec.is_empty() => {}
                        None => return Err(format!("`{w}`: expected `:domain` or a CIDR length")),
                    }
                    if cidr.is_some_and(|c| !check_dual_cidr(c)) {
                        return Err(format!("`{w}`: invalid CIDR length"));
                    }
                }
            }
            // ptr, include and exists take no CIDR length: `/24` at the end makes the
            // domain-spec invalid, which check_domain_spec says.
            "ptr" => {
                if let Some(a) = arg {
                    match a.strip_prefix(':') {
                        Some(d) => check_domain_spec(d).map_err(|e| format!("`{w}`: {e}"))?,
                        None => {
                            return Err(format!("`{w}`: `ptr` takes `:domain`, not a CIDR length"));
                        }
                    }
                }
            }
            "ip4" | "ip6" => {
                let Some(a) = arg.and_then(|a| a.strip_prefix(':')) else {
                    return Err(format!("`{w}`: `{name}` needs an address"));
                };
                let (ip, cidr) = match a.split_once('/') {
                    Some((ip, c)) => (ip, Some(c)),
                    None => (a, None),
                };
                let ok = if name == "ip4" {
                    ip.parse::<std::net::Ipv4Addr>().is_ok()
                        && cidr.is_none_or(|c| check_cidr(c, 32))
                } else {
                    ip.parse::<std::net::Ipv6Addr>().is_ok()
                        && cidr.is_none_or(|c| check_cidr(c, 128))
                };
                if !ok {
                    return Err(format!("`{w}`: not a valid {name} network"));
                }
            }
            _ => return Err(format!("`{w}`: unknown mechanism `{name}`")),
        }
        terms.push(Term::Mechanism {
            qualifier,
            name,
            arg: arg_text(arg),
        });
    }
    Ok(terms)
}

/// The state of a walk through includes and redirects.
struct Walk<'a> {
    dns: &'a Dns,
    spf: Spf,
}

type Boxed<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// The `v=spf1` records at `domain`.
async fn spf_records(dns: &Dns, domain: &str) -> Answer {
    match dns.query(domain, RecordType::TXT).await {
        Answer::Records(r) => {
            let spf: Vec<String> = r.into_iter().filter(|t| is_spf(t)).collect();
            if spf.is_empty() {
                Answer::NoRecords
            } else {
                Answer::Records(spf)
            }
        }
        other => other,
    }
}

impl<'a> Walk<'a> {
    fn count_lookup(&mut self, path: &[String], term: &str) {
        self.spf.lookups += 1;
        if self.spf.lookups == SPF_LOOKUP_LIMIT + 1 {
            self.spf.errors.push(format!(
                "more than {SPF_LOOKUP_LIMIT} DNS lookups: the 11th is `{term}` in {}",
                path.join(" -> ")
            ));
        }
    }

    fn count_void(&mut self, path: &[String], what: &str) {
        self.spf.voids += 1;
        if self.spf.voids == SPF_VOID_LIMIT + 1 {
            self.spf.errors.push(format!(
                "more than {SPF_VOID_LIMIT} lookups returned nothing: the 3rd is {what} in {}",
                path.join(" -> ")
            ));
        }
    }

    /// Walks `record` (of the last domain in `path`).
    fn record(&mut self, record: String, path: Vec<String>) -> Boxed<'_> {
        Box::pin(async move {
            let domain = path.last().cloned().unwrap_or_default();
            let terms = match parse(&record) {
                Ok(t) => t,
                Err(e) => {
                    self.spf
                        .errors
                        .push(format!("{e} (in {})", path.join(" -> ")));
                    return;
                }
            };
            let has_all = terms
                .iter()
                .any(|t| matches!(t, Term::Mechanism { name, .. } if name == "all"));
            if let Some(note) = after_all(&terms) {
                self.spf
                    .notes
                    .push(format!("{note} (in {})", path.join(" -> ")));
            }
            for t in &terms {
                match t {
                    Term::Mechanism {
                        name,
                        arg,
                        qualifier,
                    } => {
                        match name.as_str() {
                            "include" => {
                                let target = arg.clone().unwrap_or_default();
                                self.count_lookup(&path, &format!("include:{target}"));
                                self.follow(&target, &path, &format!("include:{target}"), true)
                                    .await;
                            }
                            "a" | "mx" | "exists" => {
                                self.count_lookup(
                                    &path,
                                    &format!(
                                        "{name}{}",
                                        arg.as_deref().map(|a| format!(":{a}")).unwrap_or_default()
                                    ),
                                );
                                let target = arg
                                    .as_deref()
                                    .map(|a| a.split('/').next().unwrap_or(a).to_owned())
                                    .filter(|a| !a.is_empty())
                                    .unwrap_or_else(|| domain.clone());
                                if has_macro(&target) {
                                    continue;
                                }
                                let rtype = if name == "mx" {
                                    RecordType::MX
                                } else {
                                    RecordType::A
                                };
                                let answer = if rtype == RecordType::A {
                                    self.dns.addresses(&target).await
                                } else {
                                    self.dns.query(&target, rtype).await
                                };
                                match &answer {
                                    a if a.is_void() => {
                                        self.count_void(&path, &format!("`{name}` of {target}"))
                                    }
                                    Answer::Failed(e) => {
                                        self.spf.failures.push(format!("{target}: {e}"))
                                    }
                                    Answer::Records(mx) if name == "mx" && mx.len() > 10 => {
                                        self.spf.errors.push(format!("`mx` of {target} has {} hosts (at most 10 are looked up)", mx.len()));
                                    }
                                    _ => {}
                                }
                            }
                            "ptr" => {
                                self.count_lookup(&path, "ptr");
                                self.spf.ptr.push(
                                    format!("{qualifier}ptr in {}", path.join(" -> "))
                                        .trim_start_matches('+')
                                        .to_owned(),
                                );
                            }
                            _ => {}
                        }
                    }
                    Term::Modifier { name, value } if name == "redirect" && !has_all => {
                        self.count_lookup(&path, &format!("redirect={value}"));
                        self.follow(value, &path, &format!("redirect={value}"), false)
                            .await;
                    }
                    Term::Modifier { .. } => {}
                }
            }
        })
    }

    /// Follows an include or redirect to `target`'s SPF record.
    async fn follow(&mut self, target: &str, path: &[String], term: &str, include: bool) {
        if has_macro(target) {
            return;
        }
        let t = target.trim_end_matches('.').to_ascii_lowercase();
        if path.iter().any(|p| p.eq_ignore_ascii_case(&t)) {
            self.spf
                .errors
                .push(format!("`{term}` loops back: {} -> {t}", path.join(" -> ")));
            return;
        }
        if path.len() > 12 {
            self.spf
                .errors
                .push(format!("includes nest too deep: {}", path.join(" -> ")));
            return;
        }
        match spf_records(self.dns, &t).await {
            Answer::Records(r) if r.len() == 1 => {
                let mut p = path.to_vec();
                p.push(t);
                self.record(r[0].clone(), p).await;
            }
            Answer::Records(r) => self.spf.errors.push(format!(
                "`{term}`: {t} publishes {} SPF records (exactly one is allowed)",
                r.len()
            )),
            Answer::Failed(e) => self.spf.failures.push(format!("{t}: {e}")),
            _ => {
                self.count_void(path, &format!("`{term}`"));
                self.spf.errors.push(format!(
                    "`{term}`: {t} has no SPF record ({} is a permanent error)",
                    if include { "an include" } else { "a redirect" }
                ));
            }
        }
    }
}

/// Reads and walks the SPF of `domain`. `Err` when its TXT records cannot be read.
pub(crate) async fn spf(dns: &Dns, domain: &str) -> Result<Option<Spf>, String> {
    let records = match spf_records(dns, domain).await {
        Answer::Records(r) => r,
        Answer::Failed(e) => return Err(e),
        _ => return Ok(None),
    };
    let mut walk = Walk {
        dns,
        spf: Spf {
            records: records.clone(),
            ..Default::default()
        },
    };
    if records.len() > 1 {
        walk.spf.errors.push(format!(
            "{domain} publishes {} SPF records; exactly one is allowed, so receivers treat all of them as an error",
            records.len()
        ));
        return Ok(Some(walk.spf));
    }
    if let Ok(terms) = parse(&records[0]) {
        for t in &terms {
            match t {
                Term::Mechanism {
                    name, qualifier, ..
                } if name == "all" => {
                    walk.spf.all = Some(*qualifier);
                }
                Term::Modifier { name, .. } if name == "redirect" => walk.spf.redirect = true,
                _ => {}
            }
        }
    }
    walk.record(records[0].clone(), vec![domain.to_ascii_lowercase()])
        .await;
    Ok(Some(walk.spf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spf_syntax_follows_rfc_7208() {
        for ok in [
            "v=spf1 -all",
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24//64 include:_spf.example.net ~all",
            "v=spf1 exists:%{i}.%{l1r+-}._spf.%{d} -all",
            "v=spf1 redirect=_spf.example.com",
            "v=spf1 a/24 mx//64 ?all exp=explain.%{d} foo=bar",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
        for (bad, why) in [
            ("v=spf1 include -all", "needs `:domain`"),
            ("v=spf1 ip4:192.0.2.300 -all", "not a valid ip4"),
            ("v=spf1 ip4:192.0.2.0/33 -all", "not a valid ip4"),
            ("v=spf1 all:example.com", "takes no argument"),
            ("v=spf1 foo:bar -all", "unknown mechanism"),
            (
                "v=spf1 redirect=a.example redirect=b.example",
                "appears twice",
            ),
            ("v=spf1 exists:%{z}.example.com", "invalid macro"),
            ("v=spf1 include:100% -all", "lone `%`"),
            ("v=spf1 a:nodot -all", "not a domain name"),
            ("v=spf1 a/40 -all", "CIDR"),
        ] {
            let e = parse(bad).err().unwrap_or_default();
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert!(is_spf("v=spf1 -all") && is_spf("V=SPF1") && !is_spf("v=spf10 -all"));
    }

    /// Every ABNF production of RFC 7208 (§4.6.1, §5, §6, §7.1), with the RFC's own records
    /// (Appendix A, the §7.4 macro examples) as the valid side.
    #[test]
    fn spf_follows_each_production_of_the_rfc_grammar() {
        let valid = [
            // Appendix A.
            "v=spf1 mx -all",
            "v=spf1 -all",
            "v=spf1 a -all",
            "v=spf1 a:example.org -all",
            "v=spf1 mx:example.org -all",
            "v=spf1 mx mx:example.org -all",
            "v=spf1 mx/30 mx:example.org/30 -all",
            "v=spf1 ptr -all",
            "v=spf1 ip4:192.0.2.128/28 -all",
            "v=spf1 include:example.com include:example.net -all",
            "v=spf1 redirect=example.org",
            "v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all",
            "v=spf1 -ip4:192.0.2.0/24 +all",
            "v=spf1 -ptr +all",
            "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
            // §7.4: macro letters, transformers and delimiters in domain-specs.
            "v=spf1 exists:%{s}.%{o}.%{d4}.%{d3}.%{d2}.%{d1}.%{dr}.%{d2r}.example.com -all",
            "v=spf1 exists:%{l}.%{l-}.%{lr}.%{lr-}.%{l1r-}.%{ir}.%{v}._spf.%{d2} -all",
            "v=spf1 exists:%{p}.%{h}.%{I}.%{L}.example.com -all",
            // A domain-spec is a macro-string: any visible character but `%` before the domain-end.
            "v=spf1 a:foo:bar/baz.example.com -all",
            "v=spf1 a:example.com. -all",
            "v=spf1 exists:%%.%_.%-.example.com -all",
            "v=spf1 include:%{d} -all",
            // dual-cidr-length: ip4, ip6 or both, on a and mx.
            "v=spf1 a/24//64 -all",
            "v=spf1 mx//64 a:example.com/0//0 -all",
            "v=spf1 ip6:2001:db8::/32 ip4:192.0.2.1 ip4:10.0.0.0/8 -all",
            // Modifiers: exp with a domain-spec; unknown ones with a macro-string value.
            "v=spf1 -all exp=explain._spf.%{d}",
            "v=spf1 -all foo.bar-baz_1=anything:%{d} empty=",
            // The toplabel rule: letters, digits and inner hyphens, not all digits.
            "v=spf1 a:mail.example.xn--p1ai a:host.123abc -all",
        ];
        for ok in valid {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
        for (bad, why) in [
            ("v=spf1 include:example.123 -all", "not a domain name"),
            ("v=spf1 a:example.-com -all", "not a domain name"),
            ("v=spf1 a:example.com- -all", "not a domain name"),
            ("v=spf1 a: -all", "empty domain-spec"),
            ("v=spf1 -all exp=", "empty domain-spec"),
            ("v=spf1 redirect=", "empty domain-spec"),
            ("v=spf1 ip4:192.0.2.0/024 -all", "not a valid ip4"),
            ("v=spf1 a/08 -all", "CIDR"),
            ("v=spf1 ip6:2001:db8::/0129 -all", "not a valid ip6"),
            ("v=spf1 ip6:2001:db8::/129 -all", "not a valid ip6"),
            ("v=spf1 a//129 -all", "CIDR"),
            ("v=spf1 ptr/24 -all", "not a CIDR length"),
            ("v=spf1 include:example.com/24 -all", "not a domain name"),
            ("v=spf1 exists:example.com/24 -all", "not a domain name"),
            ("v=spf1 1x=foo -all", "unknown mechanism"),
            (
                "v=spf1 exists:%{c}.example.com -all",
                "explanation text only",
            ),
            ("v=spf1 exists:%{d0}.example.com -all", "transformer"),
            ("v=spf1 exists:%{d2*}.example.com -all", "invalid macro"),
            ("v=spf1 exists:%{d -all", "unclosed macro"),
            ("v=spf1 -all foo=100%", "lone `%`"),
        ] {
            let e = parse(bad).err().unwrap_or_default();
            assert!(e.contains(why), "{bad}: `{e}`");
        }
        // Valid, but never evaluated: a note, not an error.
        let t = parse("v=spf1 -all a mx").unwrap();
        assert_eq!(
            after_all(&t).as_deref(),
            Some("`a`, `mx` after `all` is never evaluated")
        );
        let t = parse("v=spf1 redirect=_spf.example.com ~all").unwrap();
        assert!(after_all(&t).unwrap().contains("redirect="));
        assert_eq!(after_all(&parse("v=spf1 a -all").unwrap()), None);
    }
}
