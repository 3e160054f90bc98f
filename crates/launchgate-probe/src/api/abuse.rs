//! Abuse of the routes that take accounts: account enumeration (a known and an unknown account,
//! compared) and rate-limit bursts with the signals that mean "limited".

use super::*;

/// The content type of a policy body: JSON when it parses as JSON, else a form.
pub(super) fn content_type(body: &str, declared: Option<&str>) -> String {
    declared.map_or_else(
        || {
            if serde_json::from_str::<serde_json::Value>(body).is_ok() {
                "application/json".to_owned()
            } else {
                "application/x-www-form-urlencoded".to_owned()
            }
        },
        str::to_owned,
    )
}

/// Whether a field name holds the account (`email`, `username`, `login`…).
pub(super) fn account_field(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    n.contains("email")
        || matches!(
            n.as_str(),
            "username" | "user" | "login" | "identifier" | "account" | "phone" | "handle"
        )
}

/// A stand-in for `known` that no one has: the same shape (an address at the same domain).
pub(super) fn unknown_like(known: &str) -> String {
    let tag = crate::collect::random_token();
    match known.rsplit_once('@') {
        Some((_, domain)) => format!("launchgate-{tag}@{domain}"),
        None => format!("launchgate-{tag}"),
    }
}

/// The body with its account replaced by one that does not exist: `(body, known, unknown)`.
/// JSON objects (one level of nesting) and forms are understood.
pub(crate) fn swap_account(body: &str) -> Option<(String, String, String)> {
    if let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str(body) {
        fn swap(map: &mut serde_json::Map<String, serde_json::Value>) -> Option<(String, String)> {
            for (k, v) in map.iter_mut() {
                if let serde_json::Value::String(s) = v
                    && account_field(k)
                {
                    let unknown = unknown_like(s);
                    let known = std::mem::replace(s, unknown.clone());
                    return Some((known, unknown));
                }
            }
            map.values_mut().find_map(|v| match v {
                serde_json::Value::Object(inner) => swap(inner),
                _ => None,
            })
        }
        let (known, unknown) = swap(&mut map)?;
        let out = serde_json::to_string(&map).ok()?;
        return Some((out, known, unknown));
    }
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let (_, v) = pairs.iter_mut().find(|(k, _)| account_field(k))?;
    let unknown = unknown_like(v);
    let known = std::mem::replace(v, unknown.clone());
    let out = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    Some((out, known, unknown))
}

/// How long a `Retry-After` value asks to wait, when the probe is willing to (seconds up to
/// [`MAX_WAIT`]; an HTTP date or a longer wait is not waited for).
pub(super) fn wait_for(value: &str) -> Option<Duration> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
        .filter(|d| *d <= MAX_WAIT)
}

/// [`wait_for`] of an answer's `Retry-After`.
pub(super) fn retry_after(ex: &Exchange) -> Option<Duration> {
    wait_for(ex.header("retry-after")?)
}

/// What a burst remembers between answers.
#[derive(Default)]
pub(super) struct Burst {
    /// The first answer's status (a later switch to 403 is a block).
    first: Option<u16>,
    failures_in_a_row: u32,
}

/// Counts one answer to the route: the tally, the advertised limit, and whether limiting began
/// (or the requests keep failing, which stops the burst). `same` is false for the unknown
/// account's answer, whose status may rightly differ (it is not a block).
pub(super) fn record(run: &mut RateLimitRun, b: &mut Burst, ex: &Exchange, same: bool) {
    if let Some(e) = ex.error.as_deref().filter(|e| e.contains("request budget")) {
        // Refused before it was sent: not an answer.
        run.stopped = Some(e.to_owned());
        return;
    }
    run.sent += 1;
    match run.statuses.iter_mut().find(|(s, _)| *s == ex.status) {
        Some((_, n)) => *n += 1,
        None => run.statuses.push((ex.status, 1)),
    }
    if run.advertised.is_none() {
        run.advertised = [
            "ratelimit-policy",
            "ratelimit-limit",
            "x-ratelimit-limit",
            "ratelimit",
        ]
        .iter()
        .find_map(|h| ex.header(h).map(|v| format!("{h}: {v}")));
    }
    if let Some(e) = &ex.error {
        b.failures_in_a_row += 1;
        if b.failures_in_a_row >= 3 {
            run.stopped = Some(format!("requests failed ({e})"));
        }
        return;
    }
    b.failures_in_a_row = 0;
    if run.limited_at.is_none()
        && let Some(signal) = limit_signal(ex, b.first.filter(|_| same))
    {
        run.limited_at = Some(run.sent);
        run.signal = Some(signal);
        run.retry_after = ex.header("retry-after").map(str::to_owned);
    }
    if same {
        b.first.get_or_insert(ex.status);
    }
}

/// What in an answer shows the burst is being limited, given the first answer's status.
pub(super) fn limit_signal(ex: &Exchange, first: Option<u16>) -> Option<String> {
    if ex.status == 429 {
        return Some("429 Too Many Requests".to_owned());
    }
    if ex.header("cf-mitigated").is_some() {
        return Some(format!("{} with a WAF challenge (cf-mitigated)", ex.status));
    }
    if ex.status == 503 && ex.header("retry-after").is_some() {
        return Some("503 with Retry-After".to_owned());
    }
    // A switch to 403/420 mid-burst is a WAF or gateway block (a bare 503 may just be an
    // overloaded backend, which proves no limit).
    if matches!(ex.status, 403 | 420) && first.is_some_and(|f| f != ex.status) {
        return Some(format!(
            "{} after {} answers (a WAF or gateway block)",
            ex.status,
            first.unwrap_or_default()
        ));
    }
    None
}

/// A rate-limited route: first (on login and reset routes) a known and an unknown account, then
/// a burst of the same harmless request until limiting begins or the burst is spent.
pub(super) async fn rate_limit(
    origin: &str,
    r: &RateLimitRoute,
    cred: Option<Cred<'_>>,
    env: &Env<'_>,
) -> (RateLimitRun, Option<EnumerationProbe>) {
    let route = r.route.label();
    let url = route_url(&r.route, origin);
    let cap = r.burst.clamp(1, MAX_BURST);
    let mut run = RateLimitRun {
        route: route.clone(),
        url: url.clone(),
        burst: cap,
        limit_within: r.limit_within().min(cap),
        ..Default::default()
    };
    // Every request to the route, the enumeration pair included, counts against the burst.
    let Some(http) = env.client(cap) else {
        run.stopped = Some("the HTTP client could not be built".to_owned());
        return (run, None);
    };
    let header = credential_headers(cred);
    let headers = header_refs(&header);
    let body = r.body.clone().unwrap_or_default();
    let ct = content_type(&body, r.content_type.as_deref());
    let send = |body: &bytes::Bytes, label: String| {
        let headers = &headers;
        let (url, ct, m, http) = (&url, &ct, http_method(&r.route), &http);
        let body = body.clone();
        async move {
            http.send(Req {
                method: m,
                url,
                headers,
                body: (!body.is_empty()).then_some((body, ct.as_str())),
                cap: API_BODY_CAP,
                verify: true,
                label: &label,
            })
            .await
        }
    };

    let mut burst = Burst::default();
    let mut enumeration = None;
    if r.enumeration && cap < 2 {
        enumeration = Some(EnumerationProbe {
            route: route.clone(),
            url: url.clone(),
            skipped: Some("the burst is smaller than the two requests it needs".to_owned()),
            ..Default::default()
        });
    } else if r.enumeration {
        // `(unknown body, known account, unknown account)`; the accounts are masked when the
        // answers are compared, since a route may rightly echo them.
        let account_of = |b: &str| {
            swap_account(b)
                .map(|(_, known, _)| known)
                .unwrap_or_default()
        };
        let swapped = match &r.unknown_body {
            Some(u) => Some((u.clone(), account_of(&body), account_of(u))),
            None => swap_account(&body),
        };
        let mut probe = EnumerationProbe {
            route: route.clone(),
            url: url.clone(),
            ..Default::default()
        };
        match swapped {
            Some((unknown_body, known, unknown)) => {
                let (known_body, unknown_body) = (
                    bytes::Bytes::from(body.clone()),
                    bytes::Bytes::from(unknown_body),
                );
                let pair = || async {
                    let k = send(
                        &known_body,
                        format!("account enumeration: the known account{}", as_label(cred)),
                    )
                    .await;
                    let u = send(
                        &unknown_body,
                        "account enumeration: an account that does not exist".to_owned(),
                    )
                    .await;
                    (k, u)
                };
                let (mut k, mut u) = pair().await;
                record(&mut run, &mut burst, &k, true);
                record(&mut run, &mut burst, &u, false);
                // Limited before we began (an earlier run): wait as told, once, then compare.
                let wait = retry_after(&k)
                    .filter(|_| k.status == 429)
                    .or_else(|| retry_after(&u).filter(|_| u.status == 429));
                if let Some(w) = wait
                    && !http.run().is_dry()
                    && run.sent + 2 <= cap
                {
                    tokio::time::sleep(w).await;
                    (k, u) = pair().await;
                    record(&mut run, &mut burst, &k, true);
                    record(&mut run, &mut burst, &u, false);
                }
                probe.known_account = known;
                probe.unknown_account = unknown;
                probe.known = k;
                probe.unknown = u;
            }
            None => {
                probe.skipped = Some(
                    "no field in the body names the account (email, username, login…); give `unknown-body`".to_owned(),
                );
            }
        }
        enumeration = Some(probe);
    }

    // Answers just under the timeout must not stretch a burst to `cap` timeouts.
    let deadline = tokio::time::Instant::now() + env.limits().timeout * 10;
    let body = bytes::Bytes::from(body);
    while run.sent < cap && run.limited_at.is_none() && run.stopped.is_none() {
        if tokio::time::Instant::now() >= deadline {
            run.stopped = Some(format!(
                "the route answered too slowly ({} requests in {} s)",
                run.sent,
                (env.limits().timeout * 10).as_secs()
            ));
            break;
        }
        let ex = send(
            &body,
            format!(
                "rate limit: up to {cap} times, stops at the first 429{}",
                as_label(cred)
            ),
        )
        .await;
        record(&mut run, &mut burst, &ex, true);
    }
    (run, enumeration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_is_swapped_in_json_nested_json_and_forms() {
        let (body, known, unknown) =
            swap_account(r#"{"email":"probe@example.com","password":"wrong"}"#).unwrap();
        assert_eq!(known, "probe@example.com");
        assert!(unknown.starts_with("launchgate-") && unknown.ends_with("@example.com"));
        assert!(body.contains(&unknown) && body.contains("\"password\":\"wrong\""));

        let (body, known, _) =
            swap_account(r#"{"user":{"username":"probe","password":"x"}}"#).unwrap();
        assert_eq!(known, "probe");
        assert!(!body.contains("\"probe\""));

        let (body, known, unknown) =
            swap_account("login=probe%40example.com&password=wrong").unwrap();
        assert_eq!(known, "probe@example.com");
        assert!(body.contains("password=wrong") && body.contains(&unknown.replace('@', "%40")));

        assert!(swap_account(r#"{"password":"wrong"}"#).is_none());
    }

    #[test]
    fn a_block_is_a_status_that_changes_or_says_so() {
        let ex = |status: u16, h: &[(&str, &str)]| Exchange {
            status,
            headers: h.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect(),
            ..Default::default()
        };
        assert!(limit_signal(&ex(429, &[]), Some(401)).is_some());
        assert!(limit_signal(&ex(503, &[("retry-after", "5")]), None).is_some());
        assert!(limit_signal(&ex(503, &[]), Some(200)).is_none());
        assert!(limit_signal(&ex(403, &[]), Some(401)).is_some());
        // A route that always answers 403 is not being limited.
        assert!(limit_signal(&ex(403, &[]), Some(403)).is_none());
        assert!(limit_signal(&ex(401, &[]), Some(401)).is_none());
        assert_eq!(
            retry_after(&ex(429, &[("retry-after", "3")])),
            Some(Duration::from_secs(3))
        );
        assert_eq!(retry_after(&ex(429, &[("retry-after", "99999")])), None);
    }
}
