//! Gathering one target's observations: the TLS handshake, the redirect chains, the pages, a
//! random 404 and a malformed request, cross-origin requests, well-known files, and the scripts
//! the pages load. Read-only (GET, HEAD, OPTIONS), bounded by the request budget, run
//! concurrently so a healthy local target takes well under a second.

use futures_util::future::join_all;
use reqwest::Method;
use url::Url;

use crate::model::{Chain, ChainEnd, CorsProbe, Exchange, FileProbe, Hop, Observation, Script};
use crate::transport::{Http, Req, Resolver, inspect_tls};
use launchgate_core::probe_options::Target;

use crate::ProbeConfig;

/// Small bodies for well-known file probes: a signature is in the first bytes.
const FILE_BODY_CAP: u64 = 16 * 1024;

/// Well-known paths that must not be served, with what marks a real hit.
pub(crate) const FILE_PATHS: &[&str] = &[
    "/.env",
    "/.env.local",
    "/.env.production",
    "/.git/HEAD",
    "/.git/config",
    "/.DS_Store",
    "/.svn/entries",
    "/.htpasswd",
    "/config.json.bak",
    "/backup.sql",
    "/wp-config.php.bak",
    "/server-status",
    "/debug/vars",
    "/actuator/env",
    "/_profiler/phpinfo",
    "/phpinfo.php",
    "/.vscode/sftp.json",
];

/// The origins a CORS probe sends, for a target whose own origin is `own` and whose policy
/// allows `allowed`.
pub(crate) fn cors_origins(own: &Url, allowed: &[String]) -> Vec<(String, &'static str)> {
    let host = own.host_str().unwrap_or("localhost");
    let mut out = vec![
        ("https://launchgate-probe.example".to_owned(), "attacker"),
        ("null".to_owned(), "null"),
        (format!("https://{host}.launchgate-probe.example"), "suffix"),
        (format!("https://launchgate-probe{host}"), "prefix"),
        (format!("https://launchgate-probe.{host}"), "subdomain"),
    ];
    for a in allowed {
        if let Some(rest) = a.strip_prefix("https://") {
            out.push((format!("http://{rest}"), "downgrade"));
        }
        out.push((a.clone(), "allowed"));
    }
    out.dedup();
    out
}

/// The plain-HTTP entry for a target: its `http-url`, or the base URL with `http://` on port 80,
/// where a browser goes when someone types the host (also for a target on another HTTPS port:
/// nothing listening there is not a downgrade, and is seen as such). `Err` says why it is not
/// probed.
fn http_entry(t: &Target, base: &Url) -> Result<Option<String>, String> {
    if let Some(u) = &t.http_url {
        return Ok(Some(u.clone()));
    }
    if base.scheme() == "http" {
        // A target declared over plain HTTP: its own chain must reach HTTPS.
        return Ok(Some(base.to_string()));
    }
    if base.scheme() != "https" {
        return Ok(None);
    }
    let mut u = base.clone();
    u.set_scheme("http")
        .and_then(|()| u.set_port(None))
        .map_err(|()| "cannot form the http:// URL: set `http-url`".to_owned())?;
    Ok(Some(u.to_string()))
}

/// The hosts a chain may follow: the start's, its www/apex twin, the canonical host.
pub(crate) fn site_hosts(start: &str, canonical: Option<&str>) -> Vec<String> {
    let mut hosts: Vec<String> = canonical.map(str::to_ascii_lowercase).into_iter().collect();
    if let Some(h) = Url::parse(start)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    {
        match h.strip_prefix("www.") {
            Some(apex) => hosts.push(apex.to_owned()),
            None => hosts.push(format!("www.{h}")),
        }
        hosts.push(h);
    }
    hosts
}

/// Follows redirects by hand, up to the cap, stopping at a loop or at a redirect off the site
/// (the prober sends nothing to hosts the policy did not name). The last response is returned
/// when the chain ended on a page or off the site.
async fn follow(
    http: &Http,
    start: &str,
    canonical: Option<&str>,
    verify: bool,
) -> (Chain, Option<Exchange>) {
    let site = site_hosts(start, canonical);
    let mut chain = Chain::default();
    let mut url = start.to_owned();
    let mut seen = vec![url.clone()];
    loop {
        let ex = http
            .fetch(Method::GET, &url, &[], http.limits.max_page_body, verify)
            .await;
        if let Some(e) = &ex.error {
            chain.end = ChainEnd::Error(e.clone());
            return (chain, None);
        }
        let location = if (300..400).contains(&ex.status) {
            ex.header("location")
                .and_then(|l| Url::parse(&url).ok()?.join(l).ok())
                .map(|u| u.to_string())
        } else {
            None
        };
        chain.hops.push(Hop {
            url: url.clone(),
            status: ex.status,
            location: location.clone(),
            set_cookie: if location.is_some() {
                ex.headers_named("set-cookie").map(str::to_owned).collect()
            } else {
                Vec::new()
            },
        });
        let Some(next) = location else {
            chain.end = ChainEnd::Final;
            return (chain, Some(ex));
        };
        let next_host = Url::parse(&next)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        if !next_host.is_some_and(|h| site.contains(&h)) {
            chain.end = ChainEnd::OffSite;
            return (chain, Some(ex));
        }
        if seen.contains(&next) {
            chain.end = ChainEnd::Loop;
            return (chain, None);
        }
        if chain.hops.len() > http.limits.max_redirects as usize {
            chain.end = ChainEnd::TooLong;
            return (chain, None);
        }
        seen.push(next.clone());
        url = next;
    }
}

/// Whether two URLs belong to the same site: the same host, or hosts under the same registrable
/// domain (`static.example.com` serves `www.example.com`). The registrable domain is the last
/// two labels, or three under a two-letter country code with a short second level (`co.uk`).
pub(crate) fn same_site(a: &Url, b: &Url) -> bool {
    // The registrable domain, by the same heuristic as DMARC's organizational domain.
    fn site(host: &str) -> Option<String> {
        let ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
        (!ip && host.trim_end_matches('.').contains('.'))
            .then(|| crate::email::organizational(host).to_ascii_lowercase())
    }
    match (a.host_str(), b.host_str()) {
        (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => true,
        (Some(x), Some(y)) => site(x).is_some_and(|s| Some(s) == site(y)),
        _ => false,
    }
}

/// Same-site `<script src>` URLs in an HTML page, in order.
pub(crate) fn script_urls(page: &Url, html: &str) -> Vec<Url> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<script") {
        let start = at + i;
        let Some(end) = lower[start..].find('>').map(|e| start + e) else {
            break;
        };
        let tag = &html[start..end];
        if let Some(src) = attr(tag, "src")
            && let Ok(u) = page.join(&src)
            && same_site(&u, page)
            && !out.contains(&u)
        {
            out.push(u);
        }
        at = end;
    }
    out
}

/// The value of attribute `name` in a tag (quoted or not).
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let p = from + i;
        let before_ok = p > 0 && lower.as_bytes()[p - 1].is_ascii_whitespace();
        let rest = lower[p + name.len()..].trim_start();
        if before_ok && rest.starts_with('=') {
            let value_start = tag.len() - rest.len() + 1;
            let v = tag[value_start..].trim_start();
            let (q, body) = match v.chars().next() {
                Some(c @ ('"' | '\'')) => (Some(c), &v[1..]),
                _ => (None, v),
            };
            let end = match q {
                Some(c) => body.find(c).unwrap_or(body.len()),
                None => body
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(body.len()),
            };
            return Some(body[..end].to_owned());
        }
        from = p + name.len();
    }
    None
}

/// The `sourceMappingURL` a script names, resolved against it.
pub(crate) fn source_map_url(script: &Url, body: &str, header: Option<&str>) -> Option<Url> {
    let named = header.map(str::to_owned).or_else(|| {
        body.lines().rev().take(5).find_map(|l| {
            let l = l.trim();
            l.strip_prefix("//# sourceMappingURL=")
                .or_else(|| l.strip_prefix("//@ sourceMappingURL="))
                .map(|s| s.trim().to_owned())
        })
    });
    match named {
        Some(n) if n.starts_with("data:") => None,
        Some(n) => script.join(&n).ok(),
        // Bundlers emit `app.js.map` next to `app.js`; a map served without a comment is
        // still shipped.
        None => {
            let mut bare = script.clone();
            bare.set_query(None);
            bare.set_fragment(None);
            Url::parse(&format!("{bare}.map")).ok()
        }
    }
}

/// Gathers everything the checks read for one target.
pub(crate) async fn observe(
    t: &Target,
    cfg: &ProbeConfig,
    http: &Http,
    roots: &rustls::RootCertStore,
    resolver: &Resolver,
) -> Observation {
    let mut obs = Observation {
        url: t.url.clone(),
        ..Default::default()
    };
    let base = match Url::parse(&t.url) {
        Ok(u) => u,
        Err(e) => {
            obs.unreachable = Some(format!("invalid URL: {e}"));
            return obs;
        }
    };

    // The chains first, then TLS on the host visitors end up on.
    let http_entry = http_entry(t, &base);
    let http_chain = async {
        match &http_entry {
            Ok(Some(u)) => Some(follow(http, u, t.canonical_host.as_deref(), false).await.0),
            _ => None,
        }
    };
    let (main, http_chain) = tokio::join!(
        follow(http, &t.url, t.canonical_host.as_deref(), true),
        http_chain
    );
    let (mut chain, mut first) = main;
    let landing = first
        .as_ref()
        .map(|f| f.url.clone())
        .or_else(|| chain.hops.last().and_then(|h| h.location.clone()))
        .filter(|u| u.starts_with("https://"))
        .or_else(|| (base.scheme() == "https").then(|| t.url.clone()))
        .and_then(|u| Url::parse(&u).ok());
    let tls = match &landing {
        Some(u) if http.run().is_dry() => {
            http.run().plan(format!(
                "TLS handshakes with {}:{} (the served chain; then hand-built ClientHellos, one at a time, for each version from SSL 3.0 to TLS 1.3 and each cipher suite: at most {} within {} s)",
                u.host_str().unwrap_or_default(),
                u.port_or_known_default().unwrap_or(443),
                crate::transport::MAX_HANDSHAKES,
                crate::transport::SCAN_DEADLINE.as_secs()
            ));
            None
        }
        Some(u) => Some(
            inspect_tls(
                u.host_str().unwrap_or_default(),
                u.port_or_known_default().unwrap_or(443),
                roots,
                resolver,
                cfg.options.limits.timeout,
            )
            .await,
        ),
        None => None,
    };
    let mut verify = true;
    match tls {
        Some(Ok(facts)) => {
            if facts.trust_error.is_some() {
                // Already a finding; keep observing the rest over an unverified connection.
                verify = false;
                obs.notes.push(format!(
                    "{}: the certificate is not trusted, so the other checks observed the site over an unverified connection (nothing secret is sent)",
                    facts.host
                ));
                if first.is_none() {
                    let again = follow(http, &t.url, t.canonical_host.as_deref(), false).await;
                    chain = again.0;
                    first = again.1;
                }
            }
            if let Some(why) = facts.scan.as_ref().and_then(|s| s.incomplete.as_ref()) {
                obs.notes.push(format!(
                    "{}: the cipher-suite scan {why}, so the TLS verdicts saw part of what the server accepts",
                    facts.host
                ));
            }
            obs.tls = Some(facts);
        }
        // The pages answered, so the site is reachable: the TLS inspection alone failed.
        Some(Err(e)) if first.is_some() => {
            obs.notes
                .push(format!("the TLS chain could not be inspected: {e}"));
        }
        Some(Err(e)) => obs.unreachable = Some(e),
        None => {}
    }
    obs.chain = Some(chain.clone());
    obs.http_chain = http_chain;
    if let Err(why) = http_entry {
        obs.http_skipped = Some(why);
    }
    let Some(first) = first else {
        if obs.unreachable.is_none() {
            obs.unreachable = match &chain.end {
                ChainEnd::Error(e) => Some(e.clone()),
                _ => None,
            };
        }
        obs.requests = http.sent();
        return obs;
    };
    let final_url = Url::parse(&first.url).unwrap_or_else(|_| base.clone());
    let origin = final_url.origin().ascii_serialization();

    // Everything else at once.
    let pages = join_all(t.pages.iter().map(|p| {
        let u = final_url
            .join(p)
            .map_or_else(|_| p.clone(), |u| u.to_string());
        async move {
            http.fetch(Method::GET, &u, &[], http.limits.max_page_body, verify)
                .await
        }
    }));
    let token = random_token();
    let not_found_url = format!("{origin}/launchgate-probe-{token}");
    let not_found = http.fetch(
        Method::GET,
        &not_found_url,
        &[],
        http.limits.max_page_body,
        verify,
    );
    let malformed_url = format!("{origin}/?launchgate=%%{token}");
    let malformed = http.fetch(
        Method::GET,
        &malformed_url,
        &[],
        http.limits.max_page_body,
        verify,
    );
    let origins = cors_origins(&final_url, &cfg.options.cors.allowed_origins);
    let cors = join_all(
        origins
            .iter()
            .flat_map(|(o, kind)| {
                let target = first.url.clone();
                [
                    ("GET", o.clone(), *kind, target.clone()),
                    ("OPTIONS", o.clone(), *kind, target),
                ]
            })
            .map(|(method, o, kind, target)| async move {
                let label = format!("CORS: Origin {o}");
                let preflight = [
                    ("origin", o.as_str()),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "authorization"),
                ];
                let (m, headers) = if method == "GET" {
                    (Method::GET, &preflight[..1])
                } else {
                    (Method::OPTIONS, &preflight[..])
                };
                let response = http
                    .send(Req {
                        method: m,
                        url: &target,
                        headers,
                        body: None,
                        cap: FILE_BODY_CAP,
                        verify,
                        label: &label,
                    })
                    .await;
                CorsProbe {
                    origin: o,
                    kind: kind.to_owned(),
                    method: method.to_owned(),
                    response,
                }
            }),
    );
    let file_paths: Vec<String> = FILE_PATHS
        .iter()
        .map(|p| (*p).to_owned())
        .chain(cfg.options.exposed_files.iter().cloned())
        .collect();
    let files = join_all(file_paths.iter().map(|p| {
        let u = format!("{origin}{p}");
        async move {
            FileProbe {
                path: p.clone(),
                response: http
                    .fetch(Method::GET, &u, &[], FILE_BODY_CAP, verify)
                    .await,
            }
        }
    }));
    let (pages, not_found, malformed, cors, files) =
        tokio::join!(pages, not_found, malformed, cors, files);
    obs.pages.push(first);
    obs.pages.extend(pages);
    for p in obs.pages.iter().filter(|p| p.truncated) {
        obs.notes.push(format!(
            "{} is larger than {} bytes; only its start was read, so scripts it loads further down were not seen (probe.limits.max-page-body)",
            p.url, cfg.options.limits.max_page_body
        ));
    }
    let html_page = obs.pages.iter().any(|p| {
        p.ok()
            && (200..300).contains(&p.status)
            && p.header("content-type").is_none_or(|c| c.contains("html"))
    });
    if !html_page {
        obs.notes.push(format!(
            "no page answered with 2xx HTML (the base URL answered {}), so the header, cookie and bundle checks had little to read: list a public page under `pages`",
            obs.pages[0].status
        ));
    }
    obs.not_found = Some(not_found);
    obs.malformed = Some(malformed);
    obs.cors = cors;
    obs.files = files;

    // Scripts the pages load (same site, capped), then their maps.
    let mut script_urls: Vec<(String, Url)> = Vec::new();
    for p in &obs.pages {
        let Ok(pu) = Url::parse(&p.url) else { continue };
        for s in self::script_urls(&pu, &p.body) {
            if !script_urls.iter().any(|(_, u)| *u == s) {
                script_urls.push((p.url.clone(), s));
            }
        }
    }
    if script_urls.len() > cfg.options.limits.max_scripts as usize {
        obs.notes.push(format!(
            "{} scripts found; only the first {} were scanned (probe.limits.max-scripts)",
            script_urls.len(),
            cfg.options.limits.max_scripts
        ));
        script_urls.truncate(cfg.options.limits.max_scripts as usize);
    }
    let scripts = join_all(script_urls.iter().map(|(from, u)| async move {
        Script {
            from: from.clone(),
            is_map: false,
            response: http
                .fetch(
                    Method::GET,
                    u.as_str(),
                    &[],
                    cfg.options.limits.max_body,
                    verify,
                )
                .await,
        }
    }))
    .await;
    let maps: Vec<(String, Url)> = scripts
        .iter()
        .filter(|s| s.response.status == 200)
        .filter_map(|s| {
            let su = Url::parse(&s.response.url).ok()?;
            let header = s
                .response
                .header("sourcemap")
                .or_else(|| s.response.header("x-sourcemap"));
            source_map_url(&su, &s.response.body, header)
                .filter(|m| same_site(m, &su))
                .map(|m| (s.response.url.clone(), m))
        })
        .collect();
    let maps = join_all(maps.iter().map(|(from, u)| async move {
        Script {
            from: from.clone(),
            is_map: true,
            response: http
                .fetch(
                    Method::GET,
                    u.as_str(),
                    &[],
                    cfg.options.limits.max_body,
                    verify,
                )
                .await,
        }
    }))
    .await;
    obs.scripts = scripts;
    obs.scripts.extend(maps);
    for s in &obs.scripts {
        if s.response.truncated {
            obs.notes.push(format!(
                "{} is larger than {} bytes; only its start was scanned (probe.limits.max-body)",
                s.response.url, cfg.options.limits.max_body
            ));
        }
    }
    obs.requests = http.sent();
    // The health route last, alone, so its time is not the time of a burst of probes.
    obs.health = match &t.health {
        Some(h) => {
            let u = final_url
                .join(h)
                .map_or_else(|_| h.clone(), |u| u.to_string());
            Some(
                http.fetch(Method::GET, &u, &[], FILE_BODY_CAP, verify)
                    .await,
            )
        }
        None => None,
    };
    obs.requests = http.sent();
    obs.budget_exhausted = obs.requests >= cfg.options.limits.max_requests;
    obs
}

/// A random path segment, so the 404 baseline never hits a real page.
pub(crate) fn random_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_are_read_same_site_only() {
        let page = Url::parse("https://app.example.com/login").unwrap_or_else(|_| unreachable!());
        let html = r#"<script src="/assets/app.js" defer></script><SCRIPT type=module src=chunk.js></SCRIPT>
<script src="https://cdn.other.net/lib.js"></script><script>inline()</script><script data-src="x" src='/a.js'>"#;
        let found: Vec<String> = script_urls(&page, html)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "https://app.example.com/assets/app.js",
                "https://app.example.com/chunk.js",
                "https://app.example.com/a.js"
            ]
        );
    }

    #[test]
    fn source_maps_are_found_by_comment_header_or_convention() {
        let s = Url::parse("https://a.test/js/app.js").unwrap_or_else(|_| unreachable!());
        let by_comment = source_map_url(&s, "x();\n//# sourceMappingURL=app.js.map\n", None);
        assert_eq!(
            by_comment.map(|u| u.to_string()).as_deref(),
            Some("https://a.test/js/app.js.map")
        );
        let versioned =
            Url::parse("https://a.test/js/app.js?v=3").unwrap_or_else(|_| unreachable!());
        assert_eq!(
            source_map_url(&versioned, "x();", None)
                .map(|u| u.to_string())
                .as_deref(),
            Some("https://a.test/js/app.js.map")
        );
        let by_header = source_map_url(&s, "x();", Some("/maps/app.map"));
        assert_eq!(
            by_header.map(|u| u.to_string()).as_deref(),
            Some("https://a.test/maps/app.map")
        );
        assert!(
            source_map_url(
                &s,
                "//# sourceMappingURL=data:application/json;base64,e30=",
                None
            )
            .is_none()
        );
    }

    #[test]
    fn same_site_allows_sibling_hosts_not_strangers() {
        let u = |s: &str| Url::parse(s).unwrap_or_else(|_| unreachable!());
        assert!(same_site(
            &u("https://static.example.com/a.js"),
            &u("https://www.example.com/")
        ));
        assert!(!same_site(
            &u("https://cdn.other.net/a.js"),
            &u("https://www.example.com/")
        ));
        assert!(same_site(
            &u("https://a.shop.co.uk/"),
            &u("https://shop.co.uk/")
        ));
        assert!(!same_site(
            &u("https://evil.co.uk/"),
            &u("https://shop.co.uk/")
        ));
        assert!(!same_site(
            &u("https://127.0.0.2/"),
            &u("https://127.0.0.1/")
        ));
    }

    #[test]
    fn cors_origins_cover_the_tricks() {
        let own = Url::parse("https://app.example.com/").unwrap_or_else(|_| unreachable!());
        let kinds: Vec<&str> = cors_origins(&own, &["https://app.example.com".to_owned()])
            .iter()
            .map(|(_, k)| *k)
            .collect();
        assert_eq!(
            kinds,
            [
                "attacker",
                "null",
                "suffix",
                "prefix",
                "subdomain",
                "downgrade",
                "allowed"
            ]
        );
    }
}
