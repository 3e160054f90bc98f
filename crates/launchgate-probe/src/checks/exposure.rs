//! Exposure checks: well-known files that must not be served (`.env`, `.git`, backups, debug
//! endpoints), source maps next to shipped scripts, and error pages that leak stack traces,
//! internal paths, SQL errors or secrets.
//!
//! A hit needs a 200, a body unlike the random-path baseline (a single-page app answers every
//! path with its shell), and the file's own content signature; a status code alone is never
//! enough.

use launchgate_core::{Area, Confidence, Severity};

use super::{Ctx, Out, ProbeCheck, Run, Scope};
use crate::model::{Exchange, FileProbe, Observation};

/// Whether `r` looks like the site's answer to a path that does not exist: the random path also
/// answered 2xx, with the same kind of content and a body of about the same size (app shells
/// carry per-request nonces, so bytes alone would never match).
fn soft_404(obs: &Observation, r: &Exchange) -> bool {
    let Some(nf) = &obs.not_found else {
        return false;
    };
    if !(nf.ok() && (200..300).contains(&nf.status)) {
        return false;
    }
    if nf.body == r.body {
        return true;
    }
    let kind = |e: &Exchange| {
        e.header("content-type")
            .and_then(|c| c.split(';').next())
            .map(|c| c.trim().to_ascii_lowercase())
    };
    let (a, b) = (nf.body_bytes.max(1) as f64, r.body_bytes.max(1) as f64);
    kind(nf) == kind(r) && (a / b).max(b / a) < 1.1
}

fn served(obs: &Observation, f: &FileProbe) -> bool {
    f.response.ok() && f.response.status == 200 && !soft_404(obs, &f.response)
}

/// HTML, whatever precedes the first tag (a BOM, comments, whitespace).
fn is_html(body: &str) -> bool {
    let start = body
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|t| start.contains(t))
}

/// `.env`-style content: mostly `NAME=value` lines.
fn env_like(body: &str) -> bool {
    if is_html(body) {
        return false;
    }
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    !lines.is_empty()
        && lines
            .iter()
            .filter(|l| {
                l.split_once('=').is_some_and(|(k, _)| {
                    let k = k.trim_start_matches("export ").trim();
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
            })
            .count()
            * 2
            > lines.len()
}

fn file_hits<'a>(
    obs: &'a Observation,
    paths: &'a [&str],
) -> impl Iterator<Item = &'a FileProbe> + 'a {
    obs.files
        .iter()
        .filter(move |f| paths.contains(&f.path.as_str()) && served(obs, f))
}

/// What the secret rules find in an exposed file, named (the values stay redacted, in no
/// message): `; the secret rules find in it: Stripe live secret key` and the worst severity.
fn held_secrets(ctx: &Ctx<'_>, url: &str, body: &str) -> (String, Option<Severity>) {
    let Some(scanner) = ctx.scanner else {
        return (String::new(), None);
    };
    let found = scanner.scan(url, body.as_bytes());
    let mut names: Vec<&str> = found.iter().map(|s| s.rule_name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return (String::new(), None);
    }
    (
        format!("; the secret rules find in it: {}", names.join(", ")),
        found.iter().map(|s| s.severity).max(),
    )
}

/// `env-file-exposed`.
pub(crate) const ENV_FILE_EXPOSED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "env-file-exposed",
        name: "Environment file served",
        engine: launchgate_core::Engine::Probe,
        area: Area::Errors,
        severity: Severity::Critical,
        confidence: Confidence::High,
        summary: "The site serves a `.env` file: database URLs, API keys and signing secrets to anyone who asks",
        help: "Remove the file from the web root, block dotfiles at the server, and rotate every value it held",
        docs: include_str!("docs/env-file-exposed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        let paths: Vec<&str> = obs
            .files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.starts_with("/.env"))
            .collect();
        for f in file_hits(obs, &paths) {
            if env_like(&f.response.body) {
                let (held, _) = held_secrets(ctx, &f.response.url, &f.response.body);
                out.report(
                    &f.response.url,
                    &f.path,
                    format!("`{}` answers 200 with NAME=value lines{held}", f.path),
                );
            }
        }
    }),
};

/// `git-metadata-exposed`.
pub(crate) const GIT_METADATA_EXPOSED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "git-metadata-exposed",
        name: "Git metadata served",
        engine: launchgate_core::Engine::Probe,
        area: Area::Errors,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "The site serves its `.git` directory, from which the whole source and history can be downloaded",
        help: "Deploy build output, not a checkout; block `/.git` at the server",
        docs: include_str!("docs/git-metadata-exposed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        // One root cause, one finding: the files that prove it are listed in it.
        let served: Vec<_> = file_hits(obs, &["/.git/HEAD", "/.git/config"])
            .filter(|f| {
                let b = f.response.body.trim_start();
                if f.path.ends_with("HEAD") {
                    b.starts_with("ref: refs/")
                        || b.as_bytes()
                            .get(..40)
                            .is_some_and(|s| s.iter().all(u8::is_ascii_hexdigit))
                } else {
                    b.contains("[core]")
                }
            })
            .collect();
        if let Some(first) = served.first() {
            let files: Vec<String> = served.iter().map(|f| format!("`{}`", f.path)).collect();
            let message = match files.as_slice() {
                [one] => format!("{one} is served"),
                many => format!("{} are served", many.join(" and ")),
            };
            // Keyed by the first file, as a single hit always was.
            out.report(&first.response.url, &first.path, message);
        }
    }),
};

/// Content signatures of other sensitive files.
fn sensitive_signature(path: &str, body: &str) -> bool {
    match path {
        "/.DS_Store" => body.as_bytes().get(4..8) == Some(b"Bud1"),
        "/.svn/entries" => {
            body.trim_start().starts_with(|c: char| c.is_ascii_digit()) || body.contains("svn:")
        }
        "/.htpasswd" => {
            !is_html(body)
                && body.lines().any(|l| {
                    l.split_once(':').is_some_and(|(u, h)| {
                        !u.is_empty() && (h.starts_with('$') || h.starts_with("{SHA}"))
                    })
                })
        }
        "/backup.sql" => body.contains("CREATE TABLE") || body.contains("INSERT INTO"),
        "/wp-config.php.bak" => body.contains("<?php") || body.contains("DB_PASSWORD"),
        "/config.json.bak" => !is_html(body) && body.trim_start().starts_with('{'),
        "/.vscode/sftp.json" => {
            body.contains("\"host\"")
                && (body.contains("\"password\"") || body.contains("\"username\""))
        }
        _ => false,
    }
}

/// `sensitive-file-exposed`.
pub(crate) const SENSITIVE_FILE_EXPOSED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "sensitive-file-exposed",
        name: "Sensitive file served",
        engine: launchgate_core::Engine::Probe,
        area: Area::Errors,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "The site serves a file that should never be public: .DS_Store, .svn, .htpasswd, backups, editor configs, or a path the policy lists",
        help: "Remove it from the web root and deny dotfiles and backup extensions at the server",
        docs: include_str!("docs/sensitive-file-exposed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx: &Ctx<'_>, out: &mut Out<'_>| {
        for f in obs.files.iter().filter(|f| served(obs, f)) {
            let extra = ctx.cfg.options.exposed_files.contains(&f.path);
            if (extra && !is_html(&f.response.body))
                || sensitive_signature(&f.path, &f.response.body)
            {
                let (held, worst) = held_secrets(ctx, &f.response.url, &f.response.body);
                // A secret in it makes it at least as bad as that secret (never below high).
                let severity = worst.map_or(SENSITIVE_FILE_EXPOSED.def.severity, |w| {
                    w.max(Severity::High)
                        .max(SENSITIVE_FILE_EXPOSED.def.severity)
                });
                out.report_as(
                    &f.response.url,
                    &f.path,
                    format!(
                        "`{}` is served ({} bytes){held}",
                        f.path, f.response.body_bytes
                    ),
                    severity,
                    None,
                );
            }
        }
    }),
};

/// `debug-endpoint-exposed`.
pub(crate) const DEBUG_ENDPOINT_EXPOSED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "debug-endpoint-exposed",
        name: "Debug endpoint reachable",
        engine: launchgate_core::Engine::Probe,
        area: Area::Errors,
        severity: Severity::High,
        confidence: Confidence::High,
        summary: "A framework debug or status endpoint answers publicly (Spring actuator, Go expvar, phpinfo, Apache server-status)",
        help: "Disable the endpoint in production or restrict it to an internal network",
        docs: include_str!("docs/debug-endpoint-exposed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for f in obs.files.iter().filter(|f| served(obs, f)) {
            let b = &f.response.body;
            let hit = match f.path.as_str() {
                "/actuator/env" => b.contains("propertySources") || b.contains("activeProfiles"),
                "/debug/vars" => {
                    b.contains("\"memstats\"")
                        || b.contains("\"cmdline\"")
                        || b.contains("propertySources")
                }
                "/server-status" => b.contains("Apache Server Status"),
                "/phpinfo.php" | "/_profiler/phpinfo" => {
                    b.contains("PHP Version") || b.contains("phpinfo()")
                }
                _ => false,
            };
            if hit {
                out.report(
                    &f.response.url,
                    &f.path,
                    format!("`{}` answers with debug data", f.path),
                );
            }
        }
    }),
};

/// `source-map-exposed`.
pub(crate) const SOURCE_MAP_EXPOSED: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "source-map-exposed",
        name: "Source map served",
        engine: launchgate_core::Engine::Probe,
        area: Area::Errors,
        severity: Severity::Medium,
        confidence: Confidence::High,
        summary: "A source map is served next to a production script, handing out the original source (and any secret in it)",
        help: "Do not deploy .map files, or upload them to your error tracker only",
        docs: include_str!("docs/source-map-exposed.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, _ctx, out| {
        for s in obs.scripts.iter().filter(|s| s.is_map) {
            let r = &s.response;
            if r.ok()
                && r.status == 200
                && !soft_404(obs, r)
                && r.body.contains("\"mappings\"")
                && r.body.contains("\"version\"")
            {
                out.report(
                    &r.url,
                    &r.url,
                    format!("the source map of {} is served", s.from),
                );
            }
        }
    }),
};

/// What an answer gives away, in words. Stack traces, debug pages and SQL errors count in any
/// answer; a server-side path only in an error answer (`error`: a 4xx or 5xx), since an ordinary
/// page may name one in prose (Apache's default page says where it lives). HTML-escaped traces
/// (`<br> &nbsp; &nbsp;at …`, as Express's error handler prints them) are read as text.
pub(crate) fn leaks(body: &str, error: bool) -> Vec<&'static str> {
    let text = unescape_html(body);
    let body = text.as_str();
    const SIGNS: &[(&str, &str)] = &[
        ("Traceback (most recent call last)", "a Python traceback"),
        ("Exception in thread", "a Java stack trace"),
        ("\tat java.", "a Java stack trace"),
        ("    at ", "a JavaScript stack trace"),
        ("Werkzeug Debugger", "the Werkzeug debugger"),
        ("Whoops! There was an error", "the Whoops debug page"),
        ("DEBUG = True", "Django's debug page"),
        ("Server Error in '/' Application", "an ASP.NET error page"),
        ("<b>Fatal error</b>:", "a PHP fatal error"),
        ("<b>Warning</b>:", "a PHP warning"),
        ("SQLSTATE[", "an SQL error"),
        ("You have an error in your SQL syntax", "an SQL error"),
        ("PG::", "an SQL error"),
        ("ORA-0", "an Oracle error"),
    ];
    let mut out: Vec<&str> = Vec::new();
    for (needle, what) in SIGNS {
        if body.contains(needle) && !out.contains(what) {
            // "    at " alone is common prose; a JS frame has a file:line:col after it.
            if *needle == "    at "
                && !body
                    .lines()
                    .any(|l| l.trim_start().starts_with("at ") && l.contains(".js:"))
            {
                continue;
            }
            out.push(what);
        }
    }
    // A path inside a stack trace is part of the trace, not a second leak.
    if error && out.is_empty() && internal_path(body) {
        out.push("an internal path");
    }
    out
}

/// Line breaks and the entities an HTML error page escapes a trace with, as plain text.
fn unescape_html(body: &str) -> String {
    if !body.contains('&') && !body.contains("<br") {
        return body.to_owned();
    }
    let mut s = body.to_owned();
    for br in ["<br>", "<br/>", "<br />", "<BR>"] {
        s = s.replace(br, "\n");
    }
    for (entity, ch) in [
        ("&nbsp;", " "),
        ("&#160;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#x2F;", "/"),
        ("&#47;", "/"),
        ("&amp;", "&"),
    ] {
        s = s.replace(entity, ch);
    }
    s
}

/// A server-side file path (`/srv/app/src/users.js:42`) outside a link: a directory the site
/// links to (`href="/home/"`) is navigation, not a leak.
fn internal_path(body: &str) -> bool {
    const ROOTS: &[&str] = &[
        "/home/",
        "/srv/",
        "/var/www/",
        "/usr/src/",
        "/opt/",
        "/node_modules/",
        "C:\\inetpub\\",
        "C:\\Users\\",
    ];
    for root in ROOTS {
        let mut at = 0;
        while let Some(i) = body[at..].find(root) {
            let start = at + i;
            let before = &body[..start];
            let in_link = ["href=\"", "src=\"", "href='", "src='", "action=\""]
                .iter()
                .any(|a| before.ends_with(a));
            let token: String = body[start..]
                .chars()
                .take_while(|c| {
                    !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '(' | ')')
                })
                .collect();
            let file = token.rsplit(['/', '\\']).next().unwrap_or_default();
            let name = file.split(':').next().unwrap_or_default();
            let has_ext = name.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (1..=5).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphanumeric())
            });
            if !in_link && has_ext && token.matches(['/', '\\']).count() >= 3 {
                return true;
            }
            at = start + root.len();
        }
    }
    false
}

/// `error-page-leaks-details`.
pub(crate) const ERROR_PAGE_LEAKS_DETAILS: ProbeCheck = ProbeCheck {
    def: launchgate_core::CheckDef {
        id: "error-page-leaks-details",
        name: "Error page leaks internals",
        engine: launchgate_core::Engine::Probe,
        area: Area::Errors,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        summary: "A 404 or a malformed request returns a stack trace, a debug page, an SQL error, an internal path or a secret",
        help: "Serve generic error pages in production and log details server-side",
        docs: include_str!("docs/error-page-leaks-details.md"),
    },
    scope: Scope::Targets,
    run: Run::Web(|obs, ctx, out| {
        for (what, r) in [
            ("a random 404 path", &obs.not_found),
            ("a malformed request", &obs.malformed),
        ] {
            let Some(r) = r.as_ref().filter(|r| r.ok()) else {
                continue;
            };
            let signs = leaks(&r.body, r.status >= 400);
            if !signs.is_empty() {
                out.report(
                    &r.url,
                    what,
                    format!("{what} answers {} with {}", r.status, signs.join(", ")),
                );
            }
            if let Some(scanner) = ctx.scanner {
                for s in scanner.scan(&r.url, r.body.as_bytes()) {
                    out.report_as(
                        &r.url,
                        &s.rule,
                        format!("{what} answers with a secret: {}", s.rule_name),
                        s.severity.max(Severity::High),
                        Some(s.evidence),
                    );
                }
            }
        }
    }),
};
