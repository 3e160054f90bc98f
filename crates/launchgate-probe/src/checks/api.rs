//! Abuse resistance of API routes: rate limits on login and other abusable routes, account
//! enumeration through different answers for known and unknown accounts, and input validation
//! of write routes. What could not be judged (the route was missing, refused the credential,
//! was already limited, failed) is could-not-check, never a pass.

use launchgate_core::{Area, Confidence, Severity};

use super::{ProbeCheck, Run, Scope, route_url};
use crate::model::{EnumerationProbe, Exchange, InputCase, Observation, RateLimitRun};

/// Whether a burst says anything: some requests got answers and it was not cut short.
fn judged(r: &RateLimitRun) -> bool {
    r.stopped.is_none() && r.statuses.iter().any(|(s, _)| *s != 0) && !missing_route(r)
}

/// Every answer was 404 or 405: the route is not there.
fn missing_route(r: &RateLimitRun) -> bool {
    !r.statuses.is_empty() && r.statuses.iter().all(|(s, _)| matches!(s, 404 | 405))
}

fn statuses(r: &RateLimitRun) -> String {
    r.statuses
        .iter()
        .map(|(s, n)| {
            let s = if *s == 0 {
                "failed".to_owned()
            } else {
                s.to_string()
            };
            format!("{n} × {s}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `rate-limit-missing`.
pub(crate) const RATE_LIMIT_MISSING: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "rate-limit-missing",
        name: "Abusable route not rate limited",
        engine: launchgate_core::Engine::Probe,
        area: Area::RateLimit,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A route the policy names (login, password reset, signup, invite…) kept answering a burst of the same request without a 429 or a WAF block",
        help: "Limit attempts per account and per client (a 429 with Retry-After after a few failures), at the app or the edge",
        docs: include_str!("docs/rate-limit-missing.md"),
    },
    scope: Scope::RateLimitRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for r in obs.rate_limits.iter().filter(|r| judged(r)) {
            let advertised = r
                .advertised
                .as_deref()
                .map_or_else(String::new, |a| format!("; it advertises `{a}`"));
            match r.limited_at {
                None => out.report(
                    route_url(&r.url, obs),
                    &r.route,
                    format!(
                        "`{}` answered all {} requests without limiting ({}){advertised}",
                        r.route,
                        r.sent,
                        statuses(r)
                    ),
                ),
                Some(at) if at > r.limit_within => out.report(
                    route_url(&r.url, obs),
                    &r.route,
                    format!(
                        "`{}` began limiting only at request {at} ({}), later than the policy's {}",
                        r.route,
                        r.signal.as_deref().unwrap_or("limited"),
                        r.limit_within
                    ),
                ),
                Some(_) => {}
            }
        }
    }),
};

/// Masks what legitimately differs between two answers: the accounts themselves, long numbers
/// (timestamps, ids) and long hex or base64 runs (request ids, nonces).
pub(crate) fn shape(body: &str, accounts: &[&str]) -> String {
    let mut s = body.to_owned();
    for a in accounts.iter().filter(|a| !a.is_empty()) {
        s = s.replace(a, "<account>");
    }
    let s = mask_times(&s);
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let volatile = (run.len() >= 5 && run.chars().all(|c| c.is_ascii_digit()))
            || (run.len() >= 16 && run.chars().any(|c| c.is_ascii_digit()));
        if volatile {
            out.push('#');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Dates and times (`2026-12-01T10:00:01.123Z`, `10:00:01`): a run of digits and `-:.TZ+`
/// with at least six digits that starts a word (digits inside a token such as a request id are
/// left to [`shape`]).
fn mask_times(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    // `whole`: the run ends a word (a run followed by a letter is part of a token).
    let flush = |run: &mut String, out: &mut String, whole: bool| {
        if whole && run.chars().filter(char::is_ascii_digit).count() >= 6 {
            out.push('#');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    let mut prev_alnum = false;
    for c in s.chars() {
        let starts = run.is_empty() && c.is_ascii_digit() && !prev_alnum;
        let extends = !run.is_empty() && (c.is_ascii_digit() || "-:.TZ+".contains(c));
        if starts || extends {
            run.push(c);
        } else {
            if !run.is_empty() {
                flush(&mut run, &mut out, !c.is_ascii_alphanumeric());
            }
            out.push(c);
        }
        prev_alnum = c.is_ascii_alphanumeric();
    }
    flush(&mut run, &mut out, true);
    out
}

fn snippet(ex: &Exchange) -> String {
    let b: String = ex.body.chars().take(80).collect();
    let b = b.split_whitespace().collect::<Vec<_>>().join(" ");
    if ex.body.chars().count() > 80 {
        format!("{b}…")
    } else {
        b
    }
}

/// The pair got real answers (not a limit, not a failure).
fn comparable(e: &EnumerationProbe) -> bool {
    e.skipped.is_none()
        && e.known.ok()
        && e.unknown.ok()
        && e.known.status != 429
        && e.unknown.status != 429
        && !matches!(e.known.status, 404 | 405)
}

/// `account-enumeration`.
pub(crate) const ACCOUNT_ENUMERATION: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "account-enumeration",
        name: "Login or reset tells known accounts apart",
        engine: launchgate_core::Engine::Probe,
        area: Area::Auth,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        summary: "A login or password-reset route answers a known account and an unknown one with a different status or body, so anyone can list who has an account",
        help: "Answer both the same way (one status, one generic message such as \"invalid email or password\" or \"if the account exists, we sent an email\")",
        docs: include_str!("docs/account-enumeration.md"),
    },
    scope: Scope::RateLimitRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for e in obs.enumeration.iter().filter(|e| comparable(e)) {
            let ids = [e.known_account.as_str(), e.unknown_account.as_str()];
            if e.known.status != e.unknown.status {
                out.report(
                    route_url(&e.url, obs),
                    &e.route,
                    format!(
                        "`{}` answers a known account {} and an unknown one {}",
                        e.route, e.known.status, e.unknown.status
                    ),
                );
            } else if shape(&e.known.body, &ids) != shape(&e.unknown.body, &ids) {
                out.report(
                    route_url(&e.url, obs),
                    &e.route,
                    format!(
                        "`{}` answers {} to both, but a known account gets `{}` and an unknown one `{}`",
                        e.route,
                        e.known.status,
                        snippet(&e.known),
                        snippet(&e.unknown)
                    ),
                );
            }
        }
    }),
};

/// How a write route answered an invalid body.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// 400, 413, 422 or another refusal.
    Rejected,
    /// 2xx: the invalid body was taken.
    Accepted,
    /// 5xx: the server failed on it.
    ServerError,
    /// Nothing to judge, and why.
    Unknown(String),
}

/// How `c` was answered. A connection closed while the oversized body was being sent is a
/// refusal, but only when the route answered the other cases (so it was reached at all).
fn verdict(obs: &Observation, c: &InputCase) -> Verdict {
    let r = &c.response;
    let closed = r.error.as_deref().is_some_and(|e| {
        let e = e.to_ascii_lowercase();
        [
            "reset",
            "closed",
            "broken pipe",
            "incomplete message",
            "canceled",
        ]
        .iter()
        .any(|w| e.contains(w))
            && !e.contains("timed out")
    });
    let reached = obs
        .input
        .iter()
        .any(|o| o.route == c.route && o.case != c.case && o.response.status != 0);
    match r.status {
        0 if c.case == "oversized" && closed && reached => Verdict::Rejected,
        0 => Verdict::Unknown(format!(
            "the request failed ({})",
            r.error.as_deref().unwrap_or("no answer")
        )),
        200..=299 => Verdict::Accepted,
        300..=399 => Verdict::Unknown(format!(
            "the route answered {} (a redirect, perhaps to a login page), so the body was not validated",
            r.status
        )),
        401 | 403 => Verdict::Unknown(format!(
            "the route answered {} (the credential was refused), so the body was never validated: give `as:` a valid credential",
            r.status
        )),
        404 | 405 => Verdict::Unknown(format!("the route answered {}: is it there?", r.status)),
        429 => Verdict::Unknown("the route answered 429 (rate limited)".to_owned()),
        500..=599 => Verdict::ServerError,
        _ => Verdict::Rejected,
    }
}

fn case_words(case: &str) -> &'static str {
    match case {
        "malformed-json" => "malformed JSON",
        "wrong-types" => "fields of the wrong type",
        "oversized" => "a body over the route's limit",
        "huge-string" => "a huge string field",
        _ => "an invalid body",
    }
}

/// `invalid-input-accepted`.
pub(crate) const INVALID_INPUT_ACCEPTED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "invalid-input-accepted",
        name: "Write route accepts invalid input",
        engine: launchgate_core::Engine::Probe,
        area: Area::InputValidation,
        severity: Severity::High,
        confidence: Confidence::Medium,
        summary: "A write route answered 2xx to malformed JSON, fields of the wrong type, a body over its limit or a huge string field",
        help: "Validate every write body against a schema (types, required fields, lengths) and cap the body size; answer 400, 413 or 422",
        docs: include_str!("docs/invalid-input-accepted.md"),
    },
    scope: Scope::InputRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for c in obs
            .input
            .iter()
            .filter(|c| verdict(obs, c) == Verdict::Accepted)
        {
            out.report(
                &c.response.url,
                &format!("{}|{}", c.route, c.case),
                format!(
                    "`{}` answered {} to {} ({} bytes)",
                    c.route,
                    c.response.status,
                    case_words(&c.case),
                    c.sent_bytes
                ),
            );
        }
    }),
};

/// `invalid-input-server-error`.
pub(crate) const INVALID_INPUT_SERVER_ERROR: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "invalid-input-server-error",
        name: "Write route fails or leaks details on invalid input",
        engine: launchgate_core::Engine::Probe,
        area: Area::InputValidation,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A write route answered 5xx to an invalid body, or its answer carries a stack trace or another internal detail",
        help: "Parse and validate the body before using it, return 400/413/422 with a generic message, and never send stack traces to clients",
        docs: include_str!("docs/invalid-input-server-error.md"),
    },
    scope: Scope::InputRoutes,
    run: Run::Web(|obs, _ctx, out| {
        for c in &obs.input {
            let leaks = super::exposure::leaks(&c.response.body, c.response.status >= 400);
            let failed = verdict(obs, c) == Verdict::ServerError;
            if !failed && leaks.is_empty() {
                continue;
            }
            let what = if leaks.is_empty() {
                String::new()
            } else {
                format!(" with {}", leaks.join(" and "))
            };
            out.report(
                &c.response.url,
                &format!("{}|{}", c.route, c.case),
                format!(
                    "`{}` answered {}{what} to {}",
                    c.route,
                    c.response.status,
                    case_words(&c.case)
                ),
            );
        }
    }),
};

/// One line per burst and per input route, for the report's notes.
/// One line per rate-limited route and per input-validation route, each with whether it is what
/// made a check fail (a warning) or only what a passing check saw (a note).
pub(crate) fn summaries(obs: &Observation) -> Vec<(String, bool)> {
    let mut lines = Vec::new();
    for r in &obs.rate_limits {
        let how = match (r.limited_at, &r.signal) {
            (Some(at), Some(s)) => format!(
                "limited at request {at} of {} ({s}{})",
                r.burst,
                r.retry_after
                    .as_deref()
                    .map_or_else(String::new, |v| format!(", Retry-After {v}"))
            ),
            _ => format!("not limited in {} requests", r.sent),
        };
        let failing = judged(r) && r.limited_at.is_none_or(|at| at > r.limit_within);
        lines.push((
            format!("rate limit: `{}` {how}: {}", r.route, statuses(r)),
            failing,
        ));
    }
    let mut routes: Vec<&str> = Vec::new();
    for c in &obs.input {
        if !routes.contains(&c.route.as_str()) {
            routes.push(&c.route);
        }
    }
    for route in routes {
        let cells: Vec<String> = obs
            .input
            .iter()
            .filter(|c| c.route == route)
            .map(|c| {
                let status = if c.response.status == 0 {
                    "closed".to_owned()
                } else {
                    c.response.status.to_string()
                };
                let mark = match verdict(obs, c) {
                    Verdict::Rejected => "ok",
                    Verdict::Unknown(_) => "?",
                    _ => "FAIL",
                };
                format!("{} {status} {mark}", c.case)
            })
            .collect();
        let failing = cells.iter().any(|c| c.ends_with(" FAIL"));
        lines.push((
            format!("input validation: `{route}`: {}", cells.join(", ")),
            failing,
        ));
    }
    lines
}

/// What the API abuse checks could not judge.
pub(crate) fn could_not_check(obs: &Observation) -> Vec<String> {
    let mut out = Vec::new();
    for r in &obs.rate_limits {
        if let Some(why) = &r.stopped {
            out.push(format!(
                "could not check the rate limit of `{}`: the burst stopped after {} requests: {why}",
                r.route, r.sent
            ));
        } else if missing_route(r) {
            out.push(format!(
                "could not check the rate limit of `{}`: it answered {} (is the route there?)",
                r.route,
                statuses(r)
            ));
        }
    }
    for e in &obs.enumeration {
        if let Some(why) = &e.skipped {
            out.push(format!(
                "could not check `{}` for account enumeration: {why}",
                e.route
            ));
        } else if e.known.status == 429 || e.unknown.status == 429 {
            let after = [&e.known, &e.unknown]
                .iter()
                .find_map(|x| x.header("retry-after"))
                .map_or_else(String::new, |v| format!(" (Retry-After {v})"));
            out.push(format!(
                "could not check `{}` for account enumeration: the route was already limiting{after}, perhaps from an earlier run; run again later",
                e.route
            ));
        } else if !comparable(e) {
            let status = |x: &Exchange| x.error.clone().unwrap_or_else(|| x.status.to_string());
            out.push(format!(
                "could not check `{}` for account enumeration: the known account got {}, the unknown one {}",
                e.route,
                status(&e.known),
                status(&e.unknown)
            ));
        }
    }
    for c in &obs.input {
        if let Verdict::Unknown(why) = verdict(obs, c) {
            out.push(format!(
                "could not check `{}` with {}: {why}",
                c.route,
                case_words(&c.case)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_masks_accounts_and_volatile_values_only() {
        let ids = ["probe@example.com", "launchgate-1f2e@example.com"];
        assert_eq!(
            shape(
                r#"{"error":"invalid login for probe@example.com","ts":1733011200}"#,
                &ids
            ),
            shape(
                r#"{"error":"invalid login for launchgate-1f2e@example.com","ts":1733011299}"#,
                &ids
            )
        );
        assert_eq!(
            shape("request 3f2a9c1e7b6d4a5f8e9d0c1b2a3f4e5d failed", &ids),
            shape("request 9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b failed", &ids)
        );
        assert_ne!(
            shape(r#"{"error":"wrong password"}"#, &ids),
            shape(r#"{"error":"no such user"}"#, &ids)
        );
        // Short codes are meaningful.
        assert_ne!(
            shape(r#"{"code":1001}"#, &ids),
            shape(r#"{"code":1002}"#, &ids)
        );
        // Times of day and dates are not.
        assert_eq!(
            shape(
                r#"{"error":"denied","at":"2026-12-01T10:00:01.123Z"}"#,
                &ids
            ),
            shape(
                r#"{"error":"denied","at":"2026-12-01T11:59:02.456Z"}"#,
                &ids
            )
        );
        assert_eq!(
            shape("denied at 10:00:01", &ids),
            shape("denied at 10:00:59", &ids)
        );
        // A request id with digit runs inside is still one token.
        for (a, b) in [
            ("3ad8441581d9ff75", "6c3717ebf542c828"),
            ("5436625bf0031ba8", "1b226d0501be11ee"),
        ] {
            assert_eq!(
                shape(&format!(r#"{{"request_id":"{a}"}}"#), &ids),
                shape(&format!(r#"{{"request_id":"{b}"}}"#), &ids)
            );
        }
    }

    fn input(cases: &[(&str, u16, Option<&str>)]) -> Observation {
        Observation {
            input: cases
                .iter()
                .map(|(case, status, error)| InputCase {
                    route: "POST /api/posts".into(),
                    case: (*case).into(),
                    sent_bytes: 10,
                    response: Exchange {
                        status: *status,
                        error: error.map(str::to_owned),
                        ..Default::default()
                    },
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn what_was_not_validated_is_could_not_check() {
        // The credential was refused, a redirect to a login page: never a pass.
        let obs = input(&[("malformed-json", 401, None), ("wrong-types", 302, None)]);
        let why = could_not_check(&obs);
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(why[0].contains("credential was refused") && why[1].contains("redirect"));
        // An oversized body cut off by the server, on a route that answered the rest: refused.
        let obs = input(&[
            ("malformed-json", 400, None),
            ("oversized", 0, Some("connection reset by peer")),
        ]);
        assert!(could_not_check(&obs).is_empty());
        assert_eq!(verdict(&obs, &obs.input[1]), Verdict::Rejected);
        // The same error on a route that never answered, or a timeout: not checked.
        let obs = input(&[
            ("malformed-json", 0, Some("connection refused")),
            ("oversized", 0, Some("connection reset by peer")),
        ]);
        assert_eq!(could_not_check(&obs).len(), 2);
        let obs = input(&[
            ("malformed-json", 400, None),
            ("oversized", 0, Some("timed out")),
        ]);
        assert_eq!(could_not_check(&obs).len(), 1);
        // Bursts that said nothing.
        let obs = Observation {
            rate_limits: vec![
                RateLimitRun {
                    route: "POST /api/login".into(),
                    sent: 30,
                    statuses: vec![(404, 30)],
                    ..Default::default()
                },
                RateLimitRun {
                    route: "POST /api/reset".into(),
                    sent: 3,
                    statuses: vec![(0, 3)],
                    stopped: Some("requests failed (connection refused)".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let why = could_not_check(&obs);
        assert!(
            why[0].contains("is the route there?") && why[1].contains("burst stopped after 3"),
            "{why:?}"
        );
    }
}
