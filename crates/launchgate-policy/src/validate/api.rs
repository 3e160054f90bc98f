//! A target's `api:` settings: credentials, private routes, rate-limit, input-validation and
//! latency routes.

use super::*;

impl Validator<'_> {
    /// A target's `api:` section.
    pub(super) fn api(&mut self, node: &Node) -> Option<ApiSpec> {
        let fields = self.fields(node, "api", API_KEYS)?;
        let mut spec = ApiSpec::default();
        let (mut routes_node, mut rate_node, mut input_node, mut latency_node) =
            (None, None, None, None);
        for (key, value) in fields {
            match key {
                "credentials" => {
                    let Kind::Map(entries) = &value.kind else {
                        self.type_error(value, key, "a mapping of credential names to settings");
                        continue;
                    };
                    for (k, v) in entries {
                        let Some(name) = self.string(k, key) else {
                            continue;
                        };
                        if let Some(c) = self.credential(&name, v) {
                            spec.credentials.push(c);
                        }
                    }
                }
                "private-routes" => routes_node = Some(value),
                "rate-limit" => rate_node = Some(value),
                "input-validation" => input_node = Some(value),
                "latency" => latency_node = Some(value),
                _ => {}
            }
        }
        // Routes after the credentials they name, wherever the keys are in the file.
        let creds = spec.credentials.clone();
        if let Some(value) = latency_node {
            spec.latency = self.latency(value, &creds);
        }
        if let Some(value) = rate_node {
            for item in self.items(value, "rate-limit") {
                spec.rate_limit.extend(self.rate_limit_route(item, &creds));
            }
        }
        if let Some(value) = input_node {
            for item in self.items(value, "input-validation") {
                spec.input_validation.extend(self.input_route(item, &creds));
            }
        }
        if let Some(value) = routes_node {
            for item in self.items(value, "private-routes") {
                spec.private_routes.extend(self.private_route(item, &creds));
            }
            if !spec.private_routes.is_empty() && !spec.credentials.iter().any(|c| !c.expired) {
                self.error(
                    "private routes need a valid credential",
                    value,
                    "add one under `credentials:` (the owner's, used as the control)",
                );
            }
        }
        Some(spec)
    }

    /// The items of a list (`[]` or null: none).
    pub(super) fn items<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => &[],
            _ => {
                self.type_error(node, key, "a list of routes");
                &[]
            }
        }
    }

    pub(super) fn latency(&mut self, node: &Node, creds: &[Credential]) -> Option<LatencySpec> {
        let fields = self.fields(node, "api.latency", LATENCY_KEYS)?;
        let mut l = LatencySpec {
            routes: Vec::new(),
            p95_ms: 500,
            requests: 200,
            concurrency: 10,
            warmup: 10,
            as_credential: None,
            max_error_rate: 1.0,
            rate: None,
            origin: self.sources.anchor(node.span),
        };
        for (k, v) in fields {
            match k {
                "routes" => {
                    for (r, n) in self.string_list(v, k) {
                        match r.trim().split_once(' ') {
                            Some((m, p)) if m.eq_ignore_ascii_case("GET") && p.starts_with('/') => {
                                l.routes.push(p.trim().to_owned());
                            }
                            _ => self.error(
                                format!("invalid latency route `{r}`"),
                                &n,
                                "expected `GET /path` (only reads are measured)",
                            ),
                        }
                    }
                }
                "p95-ms" => {
                    if let Some(n) = self.count(v, k, 1, 600_000) {
                        l.p95_ms = u64::from(n);
                    }
                }
                "requests" => {
                    if let Some(n) = self.count(v, k, 20, 10_000) {
                        l.requests = n;
                    }
                }
                "concurrency" => {
                    if let Some(n) = self.count(v, k, 1, 100) {
                        l.concurrency = n;
                    }
                }
                "warmup" => {
                    if let Some(n) = self.count(v, k, 0, 1_000) {
                        l.warmup = n;
                    }
                }
                "as" => l.as_credential = self.credential_ref(v, k, creds),
                "rate" => l.rate = self.count(v, k, 1, 10_000),
                "max-error-rate" => match v.kind {
                    Kind::Int(i) if (0..=100).contains(&i) => l.max_error_rate = i as f64,
                    Kind::Float(f) if (0.0..=100.0).contains(&f) => l.max_error_rate = f,
                    _ => self.error(
                        "invalid value for `max-error-rate`",
                        v,
                        "expected a percentage from 0 to 100",
                    ),
                },
                _ => {}
            }
        }
        Some(l)
    }

    pub(super) fn credential(&mut self, name: &str, node: &Node) -> Option<Credential> {
        let fields = self.fields(node, &format!("credentials.{name}"), CREDENTIAL_KEYS)?;
        let mut c = Credential {
            name: name.to_owned(),
            header: None,
            cookie: None,
            prefix: String::new(),
            env: String::new(),
            expired: false,
            origin: self.sources.anchor(node.span),
        };
        for (k, v) in fields {
            match k {
                "header" => c.header = self.non_empty_string(v, k),
                "cookie" => c.cookie = self.non_empty_string(v, k),
                "prefix" => c.prefix = self.string(v, k).unwrap_or_default(),
                "expired" => c.expired = self.boolean(v, k).unwrap_or(false),
                "env" => {
                    if let Some(e) = self.string(v, k) {
                        let ok = e.starts_with(|ch: char| ch.is_ascii_uppercase() || ch == '_')
                            && e.chars().all(|ch| {
                                ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_'
                            });
                        if ok {
                            c.env = e;
                        } else {
                            self.error(
                                format!("invalid environment variable name `{e}`"),
                                v,
                                "expected a name such as LG_TOKEN_A (the value itself never goes in the policy)",
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        if node.get("env").is_none() {
            self.error(
                format!("credential `{name}` has no `env`"),
                node,
                "name the environment variable that holds it: `env: LG_TOKEN_A`",
            );
            return None;
        }
        if c.header.is_some() && c.cookie.is_some() {
            self.error(
                format!("credential `{name}` sets both `header` and `cookie`"),
                node,
                "a credential goes in one header or one cookie",
            );
        }
        if c.header.is_none() && c.cookie.is_none() {
            c.header = Some("Authorization".to_owned());
        }
        (!c.env.is_empty()).then_some(c)
    }

    /// The parts every API route entry shares: `METHOD /path` (a string, or `route:` in a
    /// mapping) and `params:` for its `{placeholders}`; the entry's other fields are returned
    /// for the caller. `methods` are the methods this kind of entry may use.
    pub(super) fn route_entry<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        keys: &[&str],
        methods: &[&str],
    ) -> Option<RouteEntry<'n>> {
        let (text, route_node, mut params, mut rest) = match &node.kind {
            Kind::Str(s) => (s.clone(), node, Vec::new(), Vec::new()),
            Kind::Map(_) => {
                let fields = self.fields(node, what, keys)?;
                let (mut route, mut rnode, mut params, mut rest) =
                    (None, node, Vec::new(), Vec::new());
                for (k, v) in fields {
                    match k {
                        "route" => {
                            route = self.string(v, k);
                            rnode = v;
                        }
                        "params" => {
                            if let Kind::Map(entries) = &v.kind {
                                for (pk, pv) in entries {
                                    let value = match &pv.kind {
                                        Kind::Str(s) => Some(s.clone()),
                                        Kind::Int(i) => Some(i.to_string()),
                                        _ => None,
                                    };
                                    if let (Some(name), Some(value)) = (pk.as_str(), value) {
                                        params.push((name.to_owned(), value));
                                    } else {
                                        self.type_error(pv, "params", "a string or number");
                                    }
                                }
                            } else {
                                self.type_error(v, k, "a mapping of parameter names to values");
                            }
                        }
                        _ => rest.push((k, v)),
                    }
                }
                let Some(route) = route else {
                    self.error(
                        format!("`{what}` entry has no `route`"),
                        node,
                        "expected `route: POST /api/login`",
                    );
                    return None;
                };
                (route, rnode, params, rest)
            }
            _ => {
                self.type_error(node, what, "`METHOD /path` or a mapping with `route`");
                return None;
            }
        };
        let Some((method, path)) = text.trim().split_once(' ') else {
            self.error(
                format!("invalid route `{text}`"),
                route_node,
                "expected `METHOD /path`, e.g. `GET /api/me`",
            );
            return None;
        };
        let method = method.to_ascii_uppercase();
        let path = path.trim().to_owned();
        if !methods.contains(&method.as_str()) || !path.starts_with('/') {
            self.error(
                format!("invalid route `{text}`"),
                route_node,
                format!(
                    "expected one of {} and a path starting with `/`",
                    methods.join(", ")
                ),
            );
            return None;
        }
        // Every `{param}` needs a value.
        let mut tail = path.as_str();
        while let Some(i) = tail.find('{') {
            let Some(j) = tail[i..].find('}') else { break };
            let name = &tail[i + 1..i + j];
            if !params.iter().any(|(k, _)| k == name) {
                self.error(
                    format!("`{text}` has `{{{name}}}` but no value for it"),
                    route_node,
                    format!("add `params: {{ {name}: <the owner's value> }}`"),
                );
                return None;
            }
            tail = &tail[i + j + 1..];
        }
        params.sort();
        rest.sort_by_key(|(k, _)| *k);
        Some(RouteEntry {
            text,
            route_node,
            method,
            path,
            params,
            rest,
            origin: self.sources.anchor(node.span),
        })
    }

    /// `as:` or `owner:`: the name of a valid (not expired) credential.
    pub(super) fn credential_ref(
        &mut self,
        node: &Node,
        key: &str,
        creds: &[Credential],
    ) -> Option<String> {
        let name = self.string(node, key)?;
        if creds.iter().any(|c| c.name == name && !c.expired) {
            Some(name)
        } else {
            self.error(
                format!("unknown credential `{name}` for `{key}`"),
                node,
                "expected the name of a valid (not expired) credential under `credentials:`",
            );
            None
        }
    }

    pub(super) fn private_route(
        &mut self,
        node: &Node,
        creds: &[Credential],
    ) -> Option<PrivateRoute> {
        let e = self.route_entry(node, "private-routes[]", ROUTE_KEYS, ALL_METHODS)?;
        let (mut owner, mut safe) = (None, false);
        for (k, v) in &e.rest {
            match *k {
                "owner" => owner = Some(self.credential_ref(v, k, creds)?),
                "safe" => safe = self.boolean(v, k).unwrap_or(false),
                _ => {}
            }
        }
        if !matches!(e.method.as_str(), "GET" | "HEAD" | "OPTIONS") && !safe {
            self.error(
                format!("`{}` changes data", e.text),
                e.route_node,
                "the probe sends it with several credentials; mark the route `safe: true` only if calling it is harmless",
            );
            return None;
        }
        Some(PrivateRoute {
            method: e.method,
            path: e.path,
            owner,
            params: e.params,
            safe,
            origin: e.origin,
        })
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

    pub(super) fn rate_limit_route(
        &mut self,
        node: &Node,
        creds: &[Credential],
    ) -> Option<RateLimitRoute> {
        // A burst repeats the request up to 200 times: reads and form posts (a login) only.
        let e = self.route_entry(node, "rate-limit[]", RATE_LIMIT_KEYS, &["GET", "POST"])?;
        let lower = e.path.to_ascii_lowercase();
        let mut r = RateLimitRoute {
            method: e.method,
            path: e.path,
            params: e.params,
            body: None,
            content_type: None,
            as_credential: None,
            burst: 30,
            limit_within: None,
            enumeration: lower
                .split(['/', '?', '.'])
                .any(|seg| ENUMERATION_HINTS.contains(&seg)),
            unknown_body: None,
            origin: e.origin,
        };
        let mut within_node = None;
        for (k, v) in &e.rest {
            match *k {
                "body" => r.body = self.body(v, k),
                "content-type" => r.content_type = self.non_empty_string(v, k),
                "as" => r.as_credential = self.credential_ref(v, k, creds),
                "burst" => {
                    if let Some(n) = self.count(v, k, 1, MAX_BURST) {
                        r.burst = n;
                    }
                }
                "limit-within" => {
                    r.limit_within = self.count(v, k, 1, MAX_BURST);
                    within_node = Some(*v);
                }
                "enumeration" => r.enumeration = self.boolean(v, k).unwrap_or(r.enumeration),
                "unknown-body" => r.unknown_body = self.body(v, k),
                _ => {}
            }
        }
        if let (Some(w), Some(n)) = (r.limit_within, within_node)
            && w > r.burst
        {
            self.error(
                format!("`limit-within: {w}` is more than `burst: {}`", r.burst),
                n,
                "the burst stops after `burst` requests; raise `burst` (at most 200) or lower `limit-within`",
            );
        }
        if r.enumeration && r.body.is_none() && r.unknown_body.is_none() {
            // Nothing to compare: a known account needs a body naming it.
            r.enumeration = false;
        }
        Some(r)
    }

    pub(super) fn input_route(&mut self, node: &Node, creds: &[Credential]) -> Option<InputRoute> {
        let e = self.route_entry(
            node,
            "input-validation[]",
            INPUT_KEYS,
            &["POST", "PUT", "PATCH"],
        )?;
        let mut r = InputRoute {
            method: e.method,
            path: e.path,
            params: e.params,
            body: None,
            as_credential: None,
            max_body: 1 << 20,
            origin: e.origin,
        };
        for (k, v) in &e.rest {
            match *k {
                "body" => {
                    if let Some(b) = self.body(v, k) {
                        if serde_json::from_str::<serde_json::Value>(&b)
                            .is_ok_and(|j| j.is_object())
                        {
                            r.body = Some(b);
                        } else {
                            self.error(
                                "`body` is not a JSON object",
                                v,
                                "expected a valid example body such as '{\"title\":\"hi\"}' (the probe breaks it in each case)",
                            );
                        }
                    }
                }
                "as" => r.as_credential = self.credential_ref(v, k, creds),
                "max-body" => match self.size(v, k) {
                    Some(n) if n <= 64 << 20 => r.max_body = n,
                    Some(_) => self.error(
                        "`max-body` is too large",
                        v,
                        "expected at most 64MiB (the oversized case sends 1 MiB more)",
                    ),
                    None => {}
                },
                _ => {}
            }
        }
        Some(r)
    }
}
