//! The API behaviour requests: the auth matrix, latency runs, input validation, account
//! enumeration and rate-limit bursts. They run after a target's other observations, only over a
//! trusted certificate (credentials and bodies are never sent anywhere else), each phase with its
//! own request budget taken from its counts, and in an order that keeps one from spoiling the
//! next: the matrix, latency, input validation, then enumeration and the bursts, which trip rate
//! limiters on purpose.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::Method;

use crate::model::{
    AuthCase, EnumerationProbe, Exchange, InputCase, LatencyRun, Observation, RateLimitRun,
};
use crate::transport::{Dedicated, Http, Req, Resolver, RunBudget, verifying_config};
use crate::{ApiConfig, ApiCredential, ApiInput, ApiLatency, ApiRateLimit, Limits, ProbeTarget};

/// Answers read from API routes: enough for an error message and a stack trace's first frames.
const API_BODY_CAP: u64 = 16 * 1024;
/// The most requests one burst sends, whatever the configuration says.
pub(crate) const MAX_BURST: u32 = 200;
/// The longest `Retry-After` the probe waits for before comparing accounts or starting the
/// next burst.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// What the API phases need besides the target.
pub(crate) struct Env<'a> {
    pub(crate) roots: &'a rustls::RootCertStore,
    pub(crate) resolver: &'a Resolver,
    pub(crate) limits: Limits,
    pub(crate) run: &'a Arc<RunBudget>,
}

impl Env<'_> {
    /// A client whose budget is exactly `requests`.
    fn client(&self, requests: u32) -> Option<Http> {
        let limits = Limits {
            max_requests: requests,
            ..self.limits
        };
        Http::new(self.roots, self.resolver, limits, self.run).ok()
    }
}

/// The header that carries `c` (with `value` instead of the real one, for the garbage case).
pub(crate) fn credential_header(
    c: &ApiCredential,
    value: Option<&str>,
) -> Option<(String, String)> {
    let v = value.unwrap_or(&c.value.0);
    match (&c.header, &c.cookie) {
        (_, Some(cookie)) => Some(("cookie".to_owned(), format!("{cookie}={v}"))),
        (Some(h), None) => Some((h.clone(), format!("{}{v}", c.prefix))),
        (None, None) => None,
    }
}

/// The header for `c`, if any, as a list.
fn credential_headers(c: Option<&ApiCredential>) -> Vec<(String, String)> {
    c.and_then(|c| credential_header(c, None))
        .into_iter()
        .collect()
}

fn header_refs(h: &[(String, String)]) -> Vec<(&str, &str)> {
    h.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn as_label(c: Option<&ApiCredential>) -> String {
    c.map_or_else(String::new, |c| format!(", as `{}`", c.name))
}

/// Whether an origin is this machine (`http://localhost:8080`), where plain HTTP carries no risk.
fn loopback(origin: &str) -> bool {
    url::Url::parse(origin).is_ok_and(|u| match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    })
}

/// Runs the target's API phases and records them in `obs`.
pub(crate) async fn observe(t: &ProbeTarget, http: &Http, env: &Env<'_>, obs: &mut Observation) {
    let Some(api) = &t.api else { return };
    if obs.unreachable.is_some() {
        return;
    }
    let Some(origin) = obs
        .pages
        .first()
        .and_then(|p| url::Url::parse(&p.url).ok())
        .map(|u| u.origin().ascii_serialization())
    else {
        return;
    };
    // Credentials and bodies go only over verified HTTPS (or to this machine).
    let why = if obs.tls.as_ref().is_some_and(|t| t.trust_error.is_some()) {
        Some("the certificate is not trusted")
    } else if !origin.starts_with("https://") && !loopback(&origin) {
        Some("the site is served over plain HTTP")
    } else {
        None
    };
    if let Some(why) = why {
        obs.api_skipped = Some(format!(
            "{why}, and credentials and request bodies are never sent over such a connection"
        ));
        return;
    }
    obs.auth = auth_matrix(http, &origin, api).await;
    if let Some(l) = &api.latency {
        obs.latency = latency(&origin, l, env).await;
    }
    for r in &api.input_validation {
        obs.input.extend(input_validation(&origin, r, env).await);
    }
    let mut wait = None;
    for r in &api.rate_limit {
        if let Some(w) = wait.take() {
            tokio::time::sleep(w).await;
        }
        let (run, enumeration) = rate_limit(&origin, r, env).await;
        // Honour the limit: the next burst starts after its Retry-After (up to a cap), so it
        // measures its own route's limit, not this one's.
        wait = run.retry_after.as_deref().and_then(wait_for);
        obs.rate_limits.push(run);
        obs.enumeration.extend(enumeration);
    }
}

/// What every latency worker sends, and each worker's connection (kept from the warm-up to
/// the measured requests).
struct Shot {
    http: Http,
    url: url::Url,
    header: Vec<(String, String)>,
    label: String,
    /// One TLS configuration for every connection of the run (HTTP/1.1 only).
    tls: Arc<rustls::ClientConfig>,
    resolver: Resolver,
    conns: Vec<tokio::sync::Mutex<Option<Dedicated>>>,
    /// No worker starts a request after this.
    deadline: tokio::time::Instant,
}

/// `count` requests from `workers` tasks: a closed loop, or scheduled at `rate` per second with
/// each latency counted from the request's scheduled start. `(succeeded, latency)` per request.
async fn run_workers(
    shot: &Arc<Shot>,
    workers: usize,
    count: u32,
    rate: Option<u32>,
) -> Vec<(bool, Duration)> {
    use std::sync::atomic::{AtomicU32, Ordering};
    let next = Arc::new(AtomicU32::new(0));
    let start = tokio::time::Instant::now();
    let dry = shot.http.run().is_dry();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let (shot, next) = (shot.clone(), next.clone());
            tokio::spawn(async move {
                let headers = header_refs(&shot.header);
                let Some(slot) = shot.conns.get(w) else {
                    return Vec::new();
                };
                let mut conn = slot.lock().await;
                let mut mine = Vec::new();
                // A worker whose requests keep failing (a black hole, a dead server) stops, so
                // a run against it costs three timeouts, not `count`.
                let mut failures_in_a_row = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || tokio::time::Instant::now() >= shot.deadline {
                        break;
                    }
                    let due = rate.map(|r| {
                        start + Duration::from_secs_f64(f64::from(i) / f64::from(r.max(1)))
                    });
                    if let Some(due) = due.filter(|_| !dry) {
                        tokio::time::sleep_until(due).await;
                    }
                    let (r, took) = shot
                        .http
                        .timed_get(
                            &mut conn,
                            &shot.url,
                            &headers,
                            &shot.label,
                            (&shot.tls, &shot.resolver),
                        )
                        .await;
                    if r.as_ref().is_err_and(|e| e.contains("request budget")) {
                        break; // refused before it was sent: not a sample
                    }
                    failures_in_a_row = if r.is_err() { failures_in_a_row + 1 } else { 0 };
                    let ok = r.is_ok_and(|s| s < 500);
                    mine.push((ok, due.map_or(took, |d| d.elapsed())));
                    if failures_in_a_row >= 3 {
                        break;
                    }
                }
                mine
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    all
}

/// Measures each latency route: warm-up, then `requests`, recorded in an HDR histogram (1 µs to
/// 60 s, 3 significant digits). A closed loop of `concurrency` workers by default; at a fixed
/// `rate`, request *i* is scheduled at *i / rate* and its latency counts from then, so a stall
/// shows in every request it delayed (the coordinated-omission correction).
pub(crate) async fn latency(origin: &str, spec: &ApiLatency, env: &Env<'_>) -> Vec<LatencyRun> {
    let mut runs = Vec::new();
    let Ok(tls) = verifying_config(env.roots, &[b"http/1.1".to_vec()]) else {
        return runs;
    };
    let tls = Arc::new(tls);
    for route in &spec.routes {
        let workers = spec.concurrency.max(1) as usize;
        let Some(http) = env.client(spec.warmup + spec.requests) else {
            continue;
        };
        let header = credential_headers(spec.credential.as_ref());
        let Ok(url) = url::Url::parse(&format!("{origin}{route}")) else {
            continue;
        };
        // However slow the answers (each within the timeout), a run ends: the schedule (or a
        // request per worker per second) plus ten timeouts.
        let planned = match spec.rate {
            Some(r) => Duration::from_secs_f64(
                f64::from(spec.warmup + spec.requests) / f64::from(r.max(1)),
            ),
            None => Duration::from_secs(u64::from(
                (spec.warmup + spec.requests) / spec.concurrency.max(1),
            )),
        };
        let shot = Arc::new(Shot {
            http,
            url,
            header,
            label: format!("latency{}", as_label(spec.credential.as_ref())),
            tls: tls.clone(),
            resolver: env.resolver.clone(),
            conns: (0..workers)
                .map(|_| tokio::sync::Mutex::new(None))
                .collect(),
            deadline: tokio::time::Instant::now() + planned + env.limits.timeout * 10,
        });
        // Warm-up (connections, caches, JIT; not measured), then the measured requests. Each
        // worker is its own task, so the workers run on every runtime thread and one worker's
        // answer never waits for another's to be polled.
        run_workers(&shot, workers, spec.warmup, None).await;
        let results = run_workers(&shot, workers, spec.requests, spec.rate).await;
        let Ok(mut hist) = hdrhistogram::Histogram::<u64>::new_with_bounds(1, 60_000_000, 3) else {
            continue;
        };
        let mut errors = 0;
        let mut total = 0;
        for (ok, d) in results {
            total += 1;
            if ok {
                let _ = hist.record((d.as_micros() as u64).clamp(1, 60_000_000));
            } else {
                errors += 1;
            }
        }
        let ms = |q: f64| hist.value_at_quantile(q) as f64 / 1000.0;
        // Log-spaced bands from 1 ms to 10 s, for an 8-cell sparkline.
        let edges: [u64; 8] = [
            1_000,
            3_000,
            10_000,
            30_000,
            100_000,
            300_000,
            1_000_000,
            u64::MAX,
        ];
        let mut bands = vec![0u64; edges.len()];
        for v in hist.iter_recorded() {
            let i = edges
                .iter()
                .position(|e| v.value_iterated_to() <= *e)
                .unwrap_or(edges.len() - 1);
            bands[i] += v.count_at_value();
        }
        runs.push(LatencyRun {
            route: format!("GET {route}"),
            requests: total,
            errors,
            p50_ms: ms(0.50),
            p95_ms: ms(0.95),
            p99_ms: ms(0.99),
            max_ms: hist.max() as f64 / 1000.0,
            bands,
            rate: spec.rate,
        });
    }
    runs
}

/// A token no server issued, for the `garbage` case.
const GARBAGE_TOKEN: &str = "launchgate-invalid-token-0000000000";

/// One planned cell of the matrix.
struct Cell<'a> {
    route: String,
    method: Method,
    url: String,
    case: &'static str,
    credential: Option<&'a ApiCredential>,
    garbage: bool,
}

/// Each private route with no credential, a garbage one, every expired one, every other
/// tenant's, and the owner's (the control).
async fn auth_matrix(http: &Http, origin: &str, api: &ApiConfig) -> Vec<AuthCase> {
    let valid: Vec<&ApiCredential> = api.credentials.iter().filter(|c| !c.expired).collect();
    let mut plan: Vec<Cell<'_>> = Vec::new();
    for r in &api.private_routes {
        let owner = r
            .owner
            .as_deref()
            .and_then(|o| valid.iter().find(|c| c.name == o).copied())
            .or_else(|| valid.first().copied());
        let cell = |case, credential, garbage| Cell {
            route: r.endpoint.label(),
            method: r.endpoint.http_method(),
            url: r.endpoint.url(origin),
            case,
            credential,
            garbage,
        };
        plan.push(cell("none", None, false));
        if let Some(o) = owner {
            plan.push(cell("garbage", Some(o), true));
        }
        for c in api.credentials.iter().filter(|c| c.expired) {
            plan.push(cell("expired", Some(c), false));
        }
        // Another tenant's token only means something on a resource that belongs to someone:
        // a route with an owner or parameters (`/api/me` is everyone's own).
        let owned = r.owner.is_some() || r.endpoint.path != r.endpoint.template;
        for c in valid
            .iter()
            .filter(|c| owned && owner.is_none_or(|o| o.name != c.name))
        {
            plan.push(cell("foreign", Some(c), false));
        }
        if let Some(o) = owner {
            plan.push(cell("owner", Some(o), false));
        }
    }
    let cells = plan.iter().map(|c| async move {
        let headers: Vec<(String, String)> = c
            .credential
            .and_then(|cred| credential_header(cred, c.garbage.then_some(GARBAGE_TOKEN)))
            .into_iter()
            .collect();
        let label = match (c.case, c.credential) {
            ("none", _) => "auth matrix: no credential".to_owned(),
            ("garbage", _) => "auth matrix: a token no server issued".to_owned(),
            (case, Some(cred)) => format!("auth matrix: {case}, `{}`", cred.name),
            (case, None) => format!("auth matrix: {case}"),
        };
        let r = http
            .send(Req {
                method: c.method.clone(),
                url: &c.url,
                headers: &header_refs(&headers),
                body: None,
                cap: API_BODY_CAP,
                verify: true,
                label: &label,
            })
            .await;
        AuthCase {
            route: c.route.clone(),
            case: c.case.to_owned(),
            credential: c.credential.filter(|_| !c.garbage).map(|c| c.name.clone()),
            status: r.status,
            error: r.error,
        }
    });
    join_all(cells).await
}

/// The content type of a policy body: JSON when it parses as JSON, else a form.
fn content_type(body: &str, declared: Option<&str>) -> String {
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
fn account_field(name: &str) -> bool {
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
fn unknown_like(known: &str) -> String {
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
fn wait_for(value: &str) -> Option<Duration> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
        .filter(|d| *d <= MAX_WAIT)
}

/// [`wait_for`] of an answer's `Retry-After`.
fn retry_after(ex: &Exchange) -> Option<Duration> {
    wait_for(ex.header("retry-after")?)
}

/// What a burst remembers between answers.
#[derive(Default)]
struct Burst {
    /// The first answer's status (a later switch to 403 is a block).
    first: Option<u16>,
    failures_in_a_row: u32,
}

/// Counts one answer to the route: the tally, the advertised limit, and whether limiting began
/// (or the requests keep failing, which stops the burst). `same` is false for the unknown
/// account's answer, whose status may rightly differ (it is not a block).
fn record(run: &mut RateLimitRun, b: &mut Burst, ex: &Exchange, same: bool) {
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
fn limit_signal(ex: &Exchange, first: Option<u16>) -> Option<String> {
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
async fn rate_limit(
    origin: &str,
    r: &ApiRateLimit,
    env: &Env<'_>,
) -> (RateLimitRun, Option<EnumerationProbe>) {
    let route = r.endpoint.label();
    let url = r.endpoint.url(origin);
    let cap = r.burst.clamp(1, MAX_BURST);
    let mut run = RateLimitRun {
        route: route.clone(),
        burst: cap,
        limit_within: r.limit_within.min(cap),
        ..Default::default()
    };
    // Every request to the route, the enumeration pair included, counts against the burst.
    let Some(http) = env.client(cap) else {
        run.stopped = Some("the HTTP client could not be built".to_owned());
        return (run, None);
    };
    let header = credential_headers(r.credential.as_ref());
    let headers = header_refs(&header);
    let body = r.body.clone().unwrap_or_default();
    let ct = content_type(&body, r.content_type.as_deref());
    let send = |body: &bytes::Bytes, label: String| {
        let headers = &headers;
        let (url, ct, m, http) = (&url, &ct, r.endpoint.http_method(), &http);
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
                        format!(
                            "account enumeration: the known account{}",
                            as_label(r.credential.as_ref())
                        ),
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
    let deadline = tokio::time::Instant::now() + env.limits.timeout * 10;
    let body = bytes::Bytes::from(body);
    while run.sent < cap && run.limited_at.is_none() && run.stopped.is_none() {
        if tokio::time::Instant::now() >= deadline {
            run.stopped = Some(format!(
                "the route answered too slowly ({} requests in {} s)",
                run.sent,
                (env.limits.timeout * 10).as_secs()
            ));
            break;
        }
        let ex = send(
            &body,
            format!(
                "rate limit: up to {cap} times, stops at the first 429{}",
                as_label(r.credential.as_ref())
            ),
        )
        .await;
        record(&mut run, &mut burst, &ex, true);
    }
    (run, enumeration)
}

/// The four invalid bodies for a write route: `(case, body)`, all sent as JSON.
pub(crate) fn input_cases(r: &ApiInput) -> Vec<(&'static str, Vec<u8>)> {
    let template: serde_json::Map<String, serde_json::Value> = r
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or_default();
    // Malformed: a valid start cut off mid-object.
    let mut malformed = serde_json::to_string(&template).unwrap_or_default();
    malformed.pop();
    if template.is_empty() {
        malformed = "{\"launchgate\": \"probe\"".to_owned();
    }
    malformed.push_str(", \"");
    // Wrong types: every field of the example flipped; with no example, an array where an
    // object is due.
    let wrong = if template.is_empty() {
        serde_json::json!(["launchgate", 1, true])
    } else {
        serde_json::Value::Object(
            template
                .iter()
                .map(|(k, v)| {
                    use serde_json::Value as V;
                    let flipped = match v {
                        V::String(_) => serde_json::json!(12345),
                        V::Number(_) | V::Bool(_) => serde_json::json!("launchgate"),
                        V::Array(_) => serde_json::json!({ "launchgate": 1 }),
                        V::Object(_) | V::Null => serde_json::json!([1, 2, 3]),
                    };
                    (k.clone(), flipped)
                })
                .collect(),
        )
    };
    // Huge string: the first string field (or a new one) made long, the body still within the
    // route's limit, so it tests the field's validation rather than the body limit.
    let huge_len = (r.max_body / 2).clamp(1024, 64 * 1024) as usize;
    // The shortest string of the example is the likeliest to have a length limit (a name, a
    // title); with no string, the first field gets one (a type error too); with no example, a
    // field of its own.
    let mut huge = template.clone();
    let key = huge
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (s.len(), k)))
        .min()
        .map(|(_, k)| k.clone())
        .or_else(|| huge.keys().next().cloned())
        .unwrap_or_else(|| "launchgate".to_owned());
    huge.insert(key, serde_json::Value::String("A".repeat(huge_len)));
    // Oversized: the example padded to the route's limit plus 1 MiB.
    let target = r.max_body + (1 << 20);
    let mut oversized = template;
    oversized.insert(
        "launchgate_padding".to_owned(),
        serde_json::Value::String(String::new()),
    );
    let base = serde_json::to_vec(&oversized).unwrap_or_default().len() as u64;
    oversized.insert(
        "launchgate_padding".to_owned(),
        serde_json::Value::String("A".repeat(target.saturating_sub(base) as usize)),
    );
    vec![
        ("malformed-json", malformed.into_bytes()),
        (
            "wrong-types",
            serde_json::to_vec(&wrong).unwrap_or_default(),
        ),
        ("huge-string", serde_json::to_vec(&huge).unwrap_or_default()),
        (
            "oversized",
            serde_json::to_vec(&oversized).unwrap_or_default(),
        ),
    ]
}

/// Sends each invalid body once, one after another.
async fn input_validation(origin: &str, r: &ApiInput, env: &Env<'_>) -> Vec<InputCase> {
    let cases = input_cases(r);
    let Some(http) = env.client(cases.len() as u32) else {
        return Vec::new();
    };
    let route = r.endpoint.label();
    let url = r.endpoint.url(origin);
    let header = credential_headers(r.credential.as_ref());
    let mut out = Vec::new();
    for (case, body) in cases {
        let sent_bytes = body.len() as u64;
        let label = format!(
            "input validation: {case}{}",
            as_label(r.credential.as_ref())
        );
        let response = http
            .send(Req {
                method: r.endpoint.http_method(),
                url: &url,
                headers: &header_refs(&header),
                body: Some((bytes::Bytes::from(body), "application/json")),
                cap: API_BODY_CAP,
                verify: true,
                label: &label,
            })
            .await;
        out.push(InputCase {
            route: route.clone(),
            case: case.to_owned(),
            sent_bytes,
            response,
        });
    }
    out
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
    fn input_cases_break_the_example_each_way() {
        let r = ApiInput {
            endpoint: crate::Endpoint::new("POST", "/api/posts", &[]),
            body: Some(r#"{"title":"hi","draft":false,"tags":["a"]}"#.into()),
            credential: None,
            max_body: 100 * 1024,
        };
        let cases = input_cases(&r);
        let get = |n: &str| &cases.iter().find(|(c, _)| *c == n).unwrap().1;
        assert!(serde_json::from_slice::<serde_json::Value>(get("malformed-json")).is_err());
        let wrong: serde_json::Value = serde_json::from_slice(get("wrong-types")).unwrap();
        assert_eq!(wrong["title"], 12345);
        assert_eq!(wrong["draft"], "launchgate");
        assert!(wrong["tags"].is_object());
        let huge: serde_json::Value = serde_json::from_slice(get("huge-string")).unwrap();
        assert_eq!(huge["title"].as_str().unwrap().len(), 50 * 1024);
        let big = ApiInput {
            max_body: 1 << 20,
            ..r.clone()
        };
        let cases = input_cases(&big);
        let huge: serde_json::Value = serde_json::from_slice(&cases[2].1).unwrap();
        assert_eq!(huge["title"].as_str().unwrap().len(), 64 * 1024);
        assert!((get("huge-string").len() as u64) < r.max_body);
        let over = get("oversized");
        assert_eq!(over.len() as u64, r.max_body + (1 << 20));
        assert!(serde_json::from_slice::<serde_json::Value>(over).is_ok());
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
