//! Latency runs: concurrent workers over a dedicated connection, a warm-up, a deadline, and
//! optionally a fixed arrival rate that counts the queue a slow route builds.

use super::*;

/// What every latency worker sends, and each worker's connection (kept from the warm-up to
/// the measured requests).
pub(super) struct Shot {
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
pub(super) async fn run_workers(
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
pub(crate) async fn latency(
    origin: &str,
    spec: &Latency,
    cred: Option<Cred<'_>>,
    env: &Env<'_>,
) -> Vec<LatencyRun> {
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
        let header = credential_headers(cred);
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
            label: format!("latency{}", as_label(cred)),
            tls: tls.clone(),
            resolver: env.resolver.clone(),
            conns: (0..workers)
                .map(|_| tokio::sync::Mutex::new(None))
                .collect(),
            deadline: tokio::time::Instant::now() + planned + env.limits().timeout * 10,
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
            url: shot.url.to_string(),
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
