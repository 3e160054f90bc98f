//! A target's `api:` settings: credentials, private routes, rate-limit, input-validation and
//! latency routes. Plain keys come from their declarations; this file handles route syntax,
//! credential references and the rules across keys.

use super::*;

impl Validator<'_> {
    /// A target's `api:` section.
    pub(super) fn api(&mut self, node: &Node) -> Option<Api> {
        if !matches!(node.kind, Kind::Map(_)) {
            self.type_error(node, "api", "a mapping");
            return None;
        }
        let mut api = Api::default();
        let mut sections = Vec::new();
        for (key, value) in self.options(node, "api", &mut api) {
            if key == "credentials" {
                api.credentials = self.credentials(value);
            } else {
                sections.push((key, value));
            }
        }
        // Routes after the credentials they name, wherever the keys are in the file.
        let creds = api.credentials.clone();
        for (key, value) in sections {
            let methods = declared_methods(key);
            match key {
                "latency" => api.latency = self.latency(value, &creds),
                "rate-limit" => {
                    for item in self.items(value, key) {
                        api.rate_limit
                            .extend(self.rate_limit_route(item, methods, &creds));
                    }
                }
                "input-validation" => {
                    for item in self.items(value, key) {
                        api.input_validation
                            .extend(self.input_route(item, methods, &creds));
                    }
                }
                "private-routes" => {
                    for item in self.items(value, key) {
                        api.private_routes
                            .extend(self.private_route(item, methods, &creds));
                    }
                    if !api.private_routes.is_empty() && !creds.iter().any(|c| !c.expired) {
                        self.error(
                            "private routes need a valid credential",
                            value,
                            "add one under `credentials:` (the owner's, used as the control)",
                        );
                    }
                }
                _ => {}
            }
        }
        Some(api)
    }

    /// The items of a list (`[]` or null: none).
    fn items<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => &[],
            _ => {
                self.type_error(node, key, "a list of routes");
                &[]
            }
        }
    }

    fn credentials(&mut self, node: &Node) -> Vec<Credential> {
        let Kind::Map(entries) = &node.kind else {
            self.type_error(
                node,
                "credentials",
                "a mapping of credential names to settings",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            if let Some(name) = self.string(k, "credentials")
                && let Some(c) = self.credential(&name, v)
            {
                out.push(c);
            }
        }
        out
    }

    fn credential(&mut self, name: &str, node: &Node) -> Option<Credential> {
        let mut c = Credential {
            name: name.to_owned(),
            anchor: self.sources.anchor(node.span),
            ..Credential::default()
        };
        if !matches!(node.kind, Kind::Map(_)) {
            self.type_error(node, &format!("credentials.{name}"), "a mapping");
            return None;
        }
        let _ = self.options(node, &format!("credentials.{name}"), &mut c);
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
    /// mapping) and `params:` for its `{placeholders}`. The entry's keys of `T` that have a
    /// kind are set on `out`; those validated by hand are left in the entry's `rest`.
    fn route_entry<'n, T: Options>(
        &mut self,
        node: &'n Node,
        what: &str,
        methods: &[Method],
        out: &mut T,
    ) -> Option<RouteEntry<'n>> {
        let section = T::SECTION;
        let (text, route_node, mut params, mut rest) = match &node.kind {
            Kind::Str(s) => (s.clone(), node, Vec::new(), Vec::new()),
            Kind::Map(_) => {
                let allowed: Vec<&str> = ["route", "params"]
                    .into_iter()
                    .chain(section.names())
                    .collect();
                let fields = self.fields_of(node, what, &allowed)?;
                let (mut route, mut rnode, mut params, mut rest) =
                    (None, node, Vec::new(), Vec::new());
                for (k, v) in fields {
                    match k {
                        "route" => {
                            route = self.string(v, k);
                            rnode = v;
                        }
                        "params" => params = self.params(v, k),
                        _ => match section.key(k) {
                            Some(key) if !key.by_hand => {
                                if let Some(value) = self.value(&key.kind, v, key.name) {
                                    let set = out.set(key.name, value);
                                    debug_assert!(set, "{what}.{k} does not fit its field");
                                }
                            }
                            _ => rest.push((k, v)),
                        },
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
        let path = path.trim().to_owned();
        let method = Method::parse(method).filter(|m| methods.contains(m));
        let Some(method) = method.filter(|_| path.starts_with('/')) else {
            self.error(
                format!("invalid route `{text}`"),
                route_node,
                format!(
                    "expected one of {} and a path starting with `/`",
                    methods
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return None;
        };
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
            route: Route {
                method,
                template: path,
                params,
            },
            rest,
            anchor: self.sources.anchor(node.span),
        })
    }

    /// `params:` — values for a route's `{placeholders}`.
    fn params(&mut self, node: &Node, key: &str) -> Vec<(String, String)> {
        let Kind::Map(entries) = &node.kind else {
            self.type_error(node, key, "a mapping of parameter names to values");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (pk, pv) in entries {
            let value = match &pv.kind {
                Kind::Str(s) => Some(s.clone()),
                Kind::Int(i) => Some(i.to_string()),
                _ => None,
            };
            if let (Some(name), Some(value)) = (pk.as_str(), value) {
                out.push((name.to_owned(), value));
            } else {
                self.type_error(pv, "params", "a string or number");
            }
        }
        out
    }

    /// `as:` or `owner:`: the name of a valid (not expired) credential.
    fn credential_ref(&mut self, node: &Node, key: &str, creds: &[Credential]) -> Option<String> {
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

    fn latency(&mut self, node: &Node, creds: &[Credential]) -> Option<Latency> {
        if !matches!(node.kind, Kind::Map(_)) {
            self.type_error(node, "api.latency", "a mapping");
            return None;
        }
        let mut l = Latency {
            anchor: self.sources.anchor(node.span),
            ..Latency::default()
        };
        for (k, v) in self.options(node, "api.latency", &mut l) {
            if k == "as" {
                l.as_credential = self.credential_ref(v, k, creds);
            }
        }
        Some(l)
    }

    fn private_route(
        &mut self,
        node: &Node,
        methods: &[Method],
        creds: &[Credential],
    ) -> Option<PrivateRoute> {
        let mut r = PrivateRoute::default();
        let e = self.route_entry(node, "private-routes[]", methods, &mut r)?;
        for (k, v) in &e.rest {
            if *k == "owner" {
                r.owner = Some(self.credential_ref(v, k, creds)?);
            }
        }
        if !e.route.method.is_read() && !r.safe {
            self.error(
                format!("`{}` changes data", e.text),
                e.route_node,
                "the probe sends it with several credentials; mark the route `safe: true` only if calling it is harmless",
            );
            return None;
        }
        r.route = e.route;
        r.anchor = e.anchor;
        Some(r)
    }

    fn rate_limit_route(
        &mut self,
        node: &Node,
        methods: &[Method],
        creds: &[Credential],
    ) -> Option<RateLimitRoute> {
        let mut r = RateLimitRoute::default();
        let e = self.route_entry(node, "rate-limit[]", methods, &mut r)?;
        r.enumeration = e
            .route
            .template
            .to_ascii_lowercase()
            .split(['/', '?', '.'])
            .any(|seg| ENUMERATION_HINTS.contains(&seg));
        for (k, v) in &e.rest {
            match *k {
                "as" => r.as_credential = self.credential_ref(v, k, creds),
                "enumeration" => r.enumeration = self.boolean(v, k).unwrap_or(r.enumeration),
                _ => {}
            }
        }
        if let (Some(w), Some(n)) = (r.limit_within, node.get("limit-within"))
            && w > r.burst
        {
            self.error(
                format!("`limit-within: {w}` is more than `burst: {}`", r.burst),
                n,
                format!(
                    "the burst stops after `burst` requests; raise `burst` (at most {MAX_BURST}) or lower `limit-within`"
                ),
            );
        }
        if r.enumeration && r.body.is_none() && r.unknown_body.is_none() {
            // Nothing to compare: a known account needs a body naming it.
            r.enumeration = false;
        }
        r.route = e.route;
        r.anchor = e.anchor;
        Some(r)
    }

    fn input_route(
        &mut self,
        node: &Node,
        methods: &[Method],
        creds: &[Credential],
    ) -> Option<InputRoute> {
        let mut r = InputRoute::default();
        let e = self.route_entry(node, "input-validation[]", methods, &mut r)?;
        for (k, v) in &e.rest {
            if *k == "as" {
                r.as_credential = self.credential_ref(v, k, creds);
            }
        }
        r.route = e.route;
        r.anchor = e.anchor;
        Some(r)
    }
}

/// The methods an `api:` route list may use, as its key declares them.
fn declared_methods(key: &str) -> &'static [Method] {
    match Api::SECTION.key(key).map(|k| &k.kind) {
        Some(KeyKind::Routes { methods, .. }) => methods,
        _ => &[],
    }
}
