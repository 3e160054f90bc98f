//! The `probe:` section: targets, TLS, CORS, email, DNS, front door, limits.

use super::*;

impl Validator<'_> {
    pub(super) fn probe(&mut self, node: &Node) -> ProbeSection {
        let mut probe = ProbeSection::default();
        let Some(fields) = self.fields(node, "probe", PROBE_KEYS) else {
            return probe;
        };
        for (key, value) in fields {
            match key {
                "enabled" => probe.enabled = self.boolean(value, key).unwrap_or(true),
                "targets" if value.kind == Kind::Null => {}
                "targets" => probe.targets = self.targets(value),
                "tls" => {
                    let Some(tls) = self.fields(value, "probe.tls", PROBE_TLS_KEYS) else {
                        continue;
                    };
                    for (k, v) in tls {
                        match k {
                            "ca-file" => {
                                if let Some(f) = self.non_empty_string(v, k) {
                                    probe.ca_file = Some(self.relative_path(v, f));
                                }
                            }
                            "expiry-fail-days" => {
                                if let Some(n) = self.count(v, k, 0, 3650) {
                                    probe.expiry_fail_days = n;
                                }
                            }
                            "expiry-warn-days" => {
                                if let Some(n) = self.count(v, k, 0, 3650) {
                                    probe.expiry_warn_days = n;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "cors" => {
                    let Some(cors) = self.fields(value, "probe.cors", PROBE_CORS_KEYS) else {
                        continue;
                    };
                    for (k, v) in cors {
                        if k == "allowed-origins" && v.kind != Kind::Null {
                            for (o, n) in self.string_list(v, k) {
                                if self.origin(&o, &n) {
                                    probe.cors_allowed_origins.push(o);
                                }
                            }
                        }
                    }
                }
                "email" => {
                    let Some(email) = self.fields(value, "probe.email", EMAIL_KEYS) else {
                        continue;
                    };
                    for (k, v) in email {
                        match k {
                            "domain" => {
                                if let Some(d) = self.domain_name(v, k) {
                                    probe.email_domains.push((d, self.sources.anchor(v.span)));
                                }
                            }
                            "domains" if v.kind != Kind::Null => {
                                for (d, n) in self.string_list(v, k) {
                                    if let Some(d) = self.domain_name(&n, &d) {
                                        probe.email_domains.push((d, self.sources.anchor(n.span)));
                                    }
                                }
                            }
                            "dkim-selectors" if v.kind != Kind::Null => {
                                probe.dkim_selectors =
                                    self.string_list(v, k).into_iter().map(|(s, _)| s).collect();
                            }
                            "dmarc-min-policy" => {
                                if let Some(p) = self.string(v, k) {
                                    if let Some(parsed) = launchgate_core::DmarcPolicy::parse(&p) {
                                        probe.dmarc_min_policy = parsed;
                                    } else {
                                        self.error(
                                            format!("invalid DMARC policy `{p}`"),
                                            v,
                                            "expected none, quarantine or reject",
                                        );
                                    }
                                }
                            }
                            "spf-all" => match self.string(v, k).as_deref() {
                                Some("fail") => probe.spf_require_fail = true,
                                Some("softfail") => probe.spf_require_fail = false,
                                Some(other) => self.error(
                                    format!("invalid `spf-all` `{other}`"),
                                    v,
                                    "expected fail (require -all) or softfail (accept ~all)",
                                ),
                                None => {}
                            },
                            _ => {}
                        }
                    }
                }
                "dns" => {
                    probe.dns_origin = Some(self.sources.anchor(value.span));
                    let Some(dns) = self.fields(value, "probe.dns", DNS_KEYS) else {
                        continue;
                    };
                    for (k, v) in dns {
                        match k {
                            "nameservers" if v.kind != Kind::Null => {
                                for (s, n) in self.string_list(v, k) {
                                    let parsed =
                                        s.parse::<std::net::SocketAddr>().ok().or_else(|| {
                                            s.parse::<std::net::IpAddr>()
                                                .ok()
                                                .map(|ip| std::net::SocketAddr::new(ip, 53))
                                        });
                                    match parsed {
                                        Some(a) => probe.nameservers.push(a),
                                        None => self.error(
                                            format!("invalid nameserver `{s}`"),
                                            &n,
                                            "expected an IP address, optionally with a port (`10.0.0.2:53`)",
                                        ),
                                    }
                                }
                            }
                            "must-not-resolve" if v.kind != Kind::Null => {
                                for (h, n) in self.string_list(v, k) {
                                    if let Some(h) = self.domain_name(&n, &h) {
                                        probe.must_not_resolve.push(h);
                                    }
                                }
                            }
                            "hosts" if v.kind != Kind::Null => {
                                for (h, n) in self.string_list(v, k) {
                                    if let Some(h) = self.domain_name(&n, &h) {
                                        probe.dns_hosts.push(h);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "exposed-files" if value.kind == Kind::Null => {}
                "exposed-files" => {
                    for (p, n) in self.string_list(value, key) {
                        if p.starts_with('/') {
                            probe.exposed_files.push(p);
                        } else {
                            self.error(
                                format!("invalid path `{p}` in `exposed-files`"),
                                &n,
                                "expected a path starting with `/`",
                            );
                        }
                    }
                }
                "staging-hosts" if value.kind == Kind::Null => {}
                "staging-hosts" => {
                    probe.staging_hosts = self
                        .string_list(value, key)
                        .into_iter()
                        .map(|(h, _)| h.to_ascii_lowercase())
                        .collect();
                }
                "front-door" => {
                    let Some(fd) = self.fields(value, "probe.front-door", FRONT_DOOR_KEYS) else {
                        continue;
                    };
                    for (k, v) in fd {
                        match k {
                            "require-cdn" => {
                                probe.require_cdn = self.boolean(v, k).unwrap_or(false);
                            }
                            "health-max" => {
                                if let Some(d) = self.duration(v, k) {
                                    probe.health_max = d;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "limits" => {
                    let Some(limits) = self.fields(value, "probe.limits", LIMIT_KEYS) else {
                        continue;
                    };
                    for (k, v) in limits {
                        match k {
                            "timeout" => match self.duration(v, k) {
                                Some(d) if d <= std::time::Duration::from_secs(60) => {
                                    probe.timeout = d;
                                }
                                Some(_) => self.error(
                                    "`timeout` is too long",
                                    v,
                                    "expected at most 60s per request (the whole target gets six timeouts)",
                                ),
                                None => {}
                            },
                            "max-requests" => {
                                if let Some(n) = self.count(v, k, 20, 10_000) {
                                    probe.max_requests = n;
                                }
                            }
                            "max-total-requests" => {
                                if let Some(n) = self.count(v, k, 20, 1_000_000) {
                                    probe.max_total_requests = n;
                                }
                            }
                            "max-body" => match self.size(v, k) {
                                Some(n) if n <= 64 << 20 => probe.max_body = n,
                                Some(_) => self.error(
                                    "`max-body` is too large",
                                    v,
                                    "expected at most 64MiB per script or source map",
                                ),
                                None => {}
                            },
                            "max-scripts" => {
                                if let Some(n) = self.count(v, k, 0, 500) {
                                    probe.max_scripts = n;
                                }
                            }
                            "max-redirects" => {
                                if let Some(n) = self.count(v, k, 1, 50) {
                                    probe.max_redirects = n;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        probe
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

    /// An origin: scheme, host and optional port, nothing else.
    pub(super) fn origin(&mut self, o: &str, node: &Node) -> bool {
        let ok = (o.starts_with("https://") || o.starts_with("http://"))
            && o.split("://")
                .nth(1)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains('@'));
        if !ok {
            self.error(
                format!("invalid origin `{o}` in `allowed-origins`"),
                node,
                "expected an origin such as `https://app.example.com` (scheme and host, no path)",
            );
        }
        ok
    }

    pub(super) fn targets(&mut self, node: &Node) -> Vec<Target> {
        let Kind::Seq(items) = &node.kind else {
            self.type_error(node, "targets", "a list of targets");
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for item in items {
            let Some(fields) = self.fields(item, "probe.targets[]", TARGET_KEYS) else {
                continue;
            };
            let mut name = None;
            let mut url = None;
            let mut pages = Vec::new();
            let (mut http_url, mut canonical_host, mut health) = (None, None, None);
            let mut api = None;
            for (key, value) in fields {
                match key {
                    "name" => name = self.non_empty_string(value, key).map(|n| (n, value)),
                    "pages" if value.kind == Kind::Null => {}
                    "pages" => {
                        pages = self
                            .string_list(value, key)
                            .into_iter()
                            .map(|(p, _)| p)
                            .collect()
                    }
                    "http-url" => {
                        if let Some(u) = self.string(value, key) {
                            if u.split('/').nth(2).is_some_and(|h| h.contains('@')) {
                                self.error(
                                    "`http-url` carries credentials",
                                    value,
                                    "put credentials in the environment, not in the policy",
                                );
                            } else if u.starts_with("http://")
                                && url::Url::parse(&u).is_ok_and(|p| p.host_str().is_some())
                            {
                                http_url = Some(u);
                            } else {
                                self.error(
                                    format!("invalid `http-url` `{u}`"),
                                    value,
                                    "expected an http:// URL (the plain-HTTP entry that must redirect to HTTPS)",
                                );
                            }
                        }
                    }
                    "canonical-host" => {
                        canonical_host = self
                            .non_empty_string(value, key)
                            .map(|h| h.to_ascii_lowercase());
                    }
                    "health" => health = self.non_empty_string(value, key),
                    "api" => api = self.api(value),
                    "url" => {
                        if let Some(u) = self.string(value, key) {
                            if u.starts_with("https://") || u.starts_with("http://") {
                                if u.split('/').nth(2).is_some_and(|h| h.contains('@')) {
                                    self.error(
                                        "target URL carries credentials",
                                        value,
                                        "put credentials in the environment, not in the policy",
                                    );
                                } else {
                                    // Parsed here, where the line is known: a URL that does
                                    // not parse is a policy error, not an unreachable target.
                                    match url::Url::parse(&u) {
                                        Ok(parsed) if parsed.host_str().is_some() => url = Some(u),
                                        Ok(_) => self.error(
                                            format!("invalid target URL `{u}`: it has no host"),
                                            value,
                                            "expected https://host[:port]/path",
                                        ),
                                        Err(e) => self.error(
                                            format!("invalid target URL `{u}`: {e}"),
                                            value,
                                            "expected https://host[:port]/path",
                                        ),
                                    }
                                }
                            } else {
                                self.error(
                                    format!("invalid target URL `{u}`"),
                                    value,
                                    "expected an http:// or https:// URL",
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
            if item.get("url").is_none() {
                self.error(
                    "probe target has no `url`",
                    item,
                    "expected `url: https://…`",
                );
            }
            if let (Some((name, name_node)), Some(url)) = (name, url) {
                if !seen.insert(name.clone()) {
                    self.error(
                        format!("duplicate target name `{name}`"),
                        name_node,
                        "target names must be unique",
                    );
                    continue;
                }
                out.push(Target {
                    name,
                    url,
                    pages,
                    http_url,
                    canonical_host,
                    health,
                    api,
                    origin: self.sources.anchor(item.span),
                });
            } else if item.get("name").is_none() {
                self.error(
                    "probe target has no `name`",
                    item,
                    "expected `name: <short name>`",
                );
            }
        }
        out
    }
}
