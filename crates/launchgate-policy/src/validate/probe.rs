//! The `probe:` section: targets, TLS, CORS, email, DNS, front door, limits. Keys with a plain
//! kind are validated from their declarations in `launchgate_core::probe_options`; this file
//! handles the nested sections and the rules across keys.

use launchgate_core::probe_options::EmailOptions;

use super::*;

impl Validator<'_> {
    pub(super) fn probe(&mut self, node: &Node) -> ProbeOptions {
        let mut probe = ProbeOptions::default();
        for (key, value) in self.options(node, "probe", &mut probe) {
            match key {
                "targets" if value.kind == Kind::Null => {}
                "targets" => probe.targets = self.targets(value),
                "tls" => {
                    let _ = self.options(value, "probe.tls", &mut probe.tls);
                }
                "cors" => {
                    let _ = self.options(value, "probe.cors", &mut probe.cors);
                }
                "email" => probe.email = self.email(value),
                "dns" => {
                    let _ = self.options(value, "probe.dns", &mut probe.dns);
                    probe.dns.anchor = Some(self.sources.anchor(value.span));
                }
                "front-door" => {
                    let _ = self.options(value, "probe.front-door", &mut probe.front_door);
                }
                "limits" => {
                    let _ = self.options(value, "probe.limits", &mut probe.limits);
                }
                _ => {}
            }
        }
        probe
    }

    fn email(&mut self, node: &Node) -> EmailOptions {
        let mut email = EmailOptions::default();
        for (k, v) in self.options(node, "probe.email", &mut email) {
            match k {
                "domain" => {
                    if let Some(name) = self.domain_name(v, k) {
                        email.domain = Some(Domain {
                            name,
                            anchor: self.sources.anchor(v.span),
                        });
                    }
                }
                "domains" if v.kind == Kind::Null => {}
                "domains" => {
                    for (_, n) in self.string_list(v, k) {
                        if let Some(name) = self.domain_name(&n, k) {
                            email.domains.push(Domain {
                                name,
                                anchor: self.sources.anchor(n.span),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        email
    }

    pub(super) fn targets(&mut self, node: &Node) -> Vec<Target> {
        let Kind::Seq(items) = &node.kind else {
            self.type_error(node, "targets", "a list of targets");
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for item in items {
            if !matches!(item.kind, Kind::Map(_)) {
                self.type_error(item, "probe.targets[]", "a mapping");
                continue;
            }
            let mut target = Target {
                anchor: self.sources.anchor(item.span),
                ..Target::default()
            };
            for (key, value) in self.options(item, "probe.targets[]", &mut target) {
                if key == "api" {
                    target.api = self.api(value);
                }
            }
            let name_node = item.get("name");
            if name_node.is_none() {
                self.error(
                    "probe target has no `name`",
                    item,
                    "expected `name: <short name>`",
                );
            }
            if item.get("url").is_none() {
                self.error(
                    "probe target has no `url`",
                    item,
                    "expected `url: https://…`",
                );
            }
            if let Some(name_node) = name_node
                && !target.name.is_empty()
                && !seen.insert(target.name.clone())
            {
                self.error(
                    format!("duplicate target name `{}`", target.name),
                    name_node,
                    "target names must be unique",
                );
                continue;
            }
            // A target with an invalid name or URL is reported, not probed.
            if !target.name.is_empty() && !target.url.is_empty() {
                out.push(target);
            }
        }
        out
    }
}
