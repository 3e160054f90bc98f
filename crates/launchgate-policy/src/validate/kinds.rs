//! Keys validated by their declared kind: a section's keys are read from its declaration, each
//! value parsed by its [`KeyKind`] into a typed [`Value`] and set on the option struct. Only
//! keys declared `by_hand` come back to the caller.

use super::*;

impl Validator<'_> {
    /// Validates the mapping `node` as `out`'s section: unknown keys are reported, every key
    /// that has a kind is parsed and set, and the keys validated by hand are returned (sorted by
    /// name, so a caller's order does not depend on the file's).
    pub(super) fn options<'n, T: Options>(
        &mut self,
        node: &'n Node,
        what: &str,
        out: &mut T,
    ) -> Vec<(&'static str, &'n Node)> {
        let section = T::SECTION;
        let Some(fields) = self.fields(node, what, &section) else {
            return Vec::new();
        };
        let mut by_hand = Vec::new();
        for (name, value) in fields {
            let Some(key) = section.key(name) else {
                continue;
            };
            if key.by_hand {
                by_hand.push((key.name, value));
            } else if value.kind == Kind::Null && (section.default)(key.name) == Some(Value::Unset)
            {
                // `key:` with nothing after it leaves an optional key unset.
            } else if let Some(v) = self.value(&key.kind, value, key.name) {
                // The kinds and field types are checked against each other by a test.
                let set = out.set(key.name, v);
                debug_assert!(set, "{}.{} does not fit its field", section.path, key.name);
            }
        }
        by_hand.sort_by_key(|(k, _)| *k);
        by_hand
    }

    /// A value of `kind` (`None` after reporting why not). A null list is an empty one.
    pub(super) fn value(&mut self, kind: &KeyKind, node: &Node, key: &str) -> Option<Value> {
        let list = matches!(
            kind,
            KeyKind::Files
                | KeyKind::Strings
                | KeyKind::Globs
                | KeyKind::UrlPaths
                | KeyKind::Origins
                | KeyKind::Hosts
                | KeyKind::Domains
                | KeyKind::Nameservers
                | KeyKind::ReadRoutes
        );
        if list && node.kind == Kind::Null {
            return Some(Value::Unset);
        }
        Some(match kind {
            KeyKind::Bool => Value::Bool(self.boolean(node, key)?),
            KeyKind::Count { min, max } => {
                Value::Int(u64::from(self.count(node, key, *min, *max)?))
            }
            KeyKind::Percent => match node.kind {
                Kind::Int(i) if (0..=100).contains(&i) => Value::Number(i as f64),
                Kind::Float(f) if (0.0..=100.0).contains(&f) => Value::Number(f),
                _ => {
                    self.error(
                        format!("invalid value for `{key}`"),
                        node,
                        "expected a percentage from 0 to 100",
                    );
                    return None;
                }
            },
            KeyKind::Duration { max_secs } => {
                let d = self.duration(node, key)?;
                if d > std::time::Duration::from_secs(*max_secs) {
                    self.error(
                        format!("`{key}` is too long"),
                        node,
                        format!(
                            "expected at most {}",
                            launchgate_core::options::format_duration(
                                std::time::Duration::from_secs(*max_secs)
                            )
                        ),
                    );
                    return None;
                }
                Value::Duration(d)
            }
            KeyKind::Size { max } => {
                let n = self.size(node, key)?;
                if n > *max {
                    self.error(
                        format!("`{key}` is too large"),
                        node,
                        format!(
                            "expected at most {}",
                            launchgate_core::options::format_size(*max)
                        ),
                    );
                    return None;
                }
                Value::Int(n)
            }
            KeyKind::Text => Value::Text(self.string(node, key)?),
            KeyKind::NonEmpty => Value::Text(self.non_empty_string(node, key)?),
            KeyKind::Body => Value::Text(self.body(node, key)?),
            KeyKind::JsonObject => {
                let b = self.body(node, key)?;
                if !serde_json::from_str::<serde_json::Value>(&b).is_ok_and(|j| j.is_object()) {
                    self.error(
                        format!("`{key}` is not a JSON object"),
                        node,
                        "expected a valid example body such as '{\"title\":\"hi\"}' (the probe breaks it in each case)",
                    );
                    return None;
                }
                Value::Text(b)
            }
            KeyKind::Choice(words) => {
                let s = self.string(node, key)?;
                if !words.contains(&s.as_str()) {
                    let mut d = Diagnostic::error(
                        format!("invalid value `{s}` for `{key}`"),
                        Some(node.span),
                        format!(
                            "expected one of {}",
                            words
                                .iter()
                                .map(|w| format!("`{w}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    if let Some(sug) = did_you_mean(&s.to_ascii_lowercase(), words.iter().copied())
                    {
                        d = d.with_help(format!("did you mean `{sug}`?"));
                    }
                    self.diags.push(d);
                    return None;
                }
                Value::Text(s)
            }
            KeyKind::File => {
                let f = self.non_empty_string(node, key)?;
                Value::Path(self.relative_path(node, f))
            }
            KeyKind::Files => Value::Paths(
                self.string_list(node, key)
                    .into_iter()
                    .map(|(f, n)| self.relative_path(&n, f))
                    .collect(),
            ),
            KeyKind::Strings => Value::List(
                self.string_list(node, key)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
            ),
            KeyKind::Globs => Value::List(
                self.string_list(node, key)
                    .into_iter()
                    .filter_map(|(g, n)| self.glob(&g, &n, key).map(|_| g))
                    .collect(),
            ),
            KeyKind::UrlPaths => {
                let mut out = Vec::new();
                for (p, n) in self.string_list(node, key) {
                    if p.starts_with('/') {
                        out.push(p);
                    } else {
                        self.error(
                            format!("invalid path `{p}` in `{key}`"),
                            &n,
                            "expected a path starting with `/`",
                        );
                    }
                }
                Value::List(out)
            }
            KeyKind::Origins => {
                let mut out = Vec::new();
                for (o, n) in self.string_list(node, key) {
                    if self.origin(&o, &n, key) {
                        out.push(o);
                    }
                }
                Value::List(out)
            }
            KeyKind::Host => Value::Text(self.non_empty_string(node, key)?.to_ascii_lowercase()),
            KeyKind::Hosts => Value::List(
                self.string_list(node, key)
                    .into_iter()
                    .map(|(h, _)| h.to_ascii_lowercase())
                    .collect(),
            ),
            KeyKind::Domain => Value::Text(self.domain_name(node, key)?),
            KeyKind::Domains => {
                let mut out = Vec::new();
                for (_, n) in self.string_list(node, key) {
                    if let Some(h) = self.domain_name(&n, key) {
                        out.push(h);
                    }
                }
                Value::List(out)
            }
            KeyKind::Nameservers => {
                let mut out = Vec::new();
                for (s, n) in self.string_list(node, key) {
                    let parsed = s.parse::<std::net::SocketAddr>().ok().or_else(|| {
                        s.parse::<std::net::IpAddr>()
                            .ok()
                            .map(|ip| std::net::SocketAddr::new(ip, 53))
                    });
                    match parsed {
                        Some(a) => out.push(a),
                        None => self.error(
                            format!("invalid nameserver `{s}`"),
                            &n,
                            "expected an IP address, optionally with a port (`10.0.0.2:53`)",
                        ),
                    }
                }
                Value::Sockets(out)
            }
            KeyKind::EnvName => {
                let e = self.string(node, key)?;
                let ok = e.starts_with(|ch: char| ch.is_ascii_uppercase() || ch == '_')
                    && e.chars()
                        .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_');
                if !ok {
                    self.error(
                        format!("invalid environment variable name `{e}`"),
                        node,
                        "expected a name such as LG_TOKEN_A (the value itself never goes in the policy)",
                    );
                    return None;
                }
                Value::Text(e)
            }
            KeyKind::Url => Value::Text(self.url(node, key, false)?),
            KeyKind::HttpUrl => Value::Text(self.url(node, key, true)?),
            KeyKind::ReadRoutes => {
                let mut out = Vec::new();
                for (r, n) in self.string_list(node, key) {
                    match r.trim().split_once(' ') {
                        Some((m, p)) if m.eq_ignore_ascii_case("GET") && p.starts_with('/') => {
                            out.push(p.trim().to_owned());
                        }
                        _ => self.error(
                            format!("invalid latency route `{r}`"),
                            &n,
                            "expected `GET /path` (only reads are measured)",
                        ),
                    }
                }
                Value::List(out)
            }
            KeyKind::Date => {
                self.date(node, key)?;
                Value::Text(self.string(node, key)?)
            }
            KeyKind::Severity => Value::Text(self.severity(node, key)?.as_str().to_owned()),
            KeyKind::Section(_)
            | KeyKind::List(_)
            | KeyKind::Map(_)
            | KeyKind::Routes { .. }
            | KeyKind::Special(_) => return None,
        })
    }

    /// A target URL (`http_only`: the plain-HTTP entry), parsed where its line is known: a URL
    /// that does not parse is a policy error, not an unreachable target.
    fn url(&mut self, node: &Node, key: &str, http_only: bool) -> Option<String> {
        let u = self.string(node, key)?;
        let what = if http_only {
            format!("`{key}`")
        } else {
            "target URL".to_owned()
        };
        let scheme_ok = if http_only {
            u.starts_with("http://")
        } else {
            u.starts_with("https://") || u.starts_with("http://")
        };
        let expected = if http_only {
            "expected an http:// URL (the plain-HTTP entry that must redirect to HTTPS)"
        } else {
            "expected an http:// or https:// URL"
        };
        if !scheme_ok {
            self.error(format!("invalid {what} `{u}`"), node, expected);
            return None;
        }
        if u.split('/').nth(2).is_some_and(|h| h.contains('@')) {
            self.error(
                format!("{what} carries credentials"),
                node,
                "put credentials in the environment, not in the policy",
            );
            return None;
        }
        match url::Url::parse(&u) {
            Ok(parsed) if parsed.host_str().is_some() => Some(u),
            Ok(_) => {
                self.error(
                    format!("invalid {what} `{u}`: it has no host"),
                    node,
                    "expected https://host[:port]/path",
                );
                None
            }
            Err(e) => {
                self.error(
                    format!("invalid {what} `{u}`: {e}"),
                    node,
                    "expected https://host[:port]/path",
                );
                None
            }
        }
    }

    /// A request body as written (JSON or a form), at most 64 KiB.
    pub(super) fn body(&mut self, node: &Node, key: &str) -> Option<String> {
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

    /// A DNS name (`example.com`), lowercased, or an error at `node`.
    pub(super) fn domain_name(&mut self, node: &Node, key: &str) -> Option<String> {
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
    pub(super) fn count(&mut self, node: &Node, key: &str, min: u32, max: u32) -> Option<u32> {
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
    pub(super) fn duration(&mut self, node: &Node, key: &str) -> Option<std::time::Duration> {
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

    /// A size: bytes, or `5MiB`, `500KB`…
    pub(super) fn size(&mut self, node: &Node, key: &str) -> Option<u64> {
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

    /// An origin: scheme, host and optional port, nothing else.
    pub(super) fn origin(&mut self, o: &str, node: &Node, key: &str) -> bool {
        let ok = (o.starts_with("https://") || o.starts_with("http://"))
            && o.split("://")
                .nth(1)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains('@'));
        if !ok {
            self.error(
                format!("invalid origin `{o}` in `{key}`"),
                node,
                "expected an origin such as `https://app.example.com` (scheme and host, no path)",
            );
        }
        ok
    }

    /// A path written in a policy file, made relative to that file's directory.
    pub(super) fn relative_path(&self, node: &Node, path: String) -> std::path::PathBuf {
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
}
