//! `ignore:` entries: scope, reason, expiry, rotation.

use super::*;

impl Validator<'_> {
    /// The ignore entries, and each `target:` value with its node, to check against the targets
    /// once the probe section is read.
    pub(super) fn ignores(&mut self, node: &Node) -> (Vec<IgnoreEntry>, Vec<(String, Node)>) {
        let mut target_refs: Vec<(String, Node)> = Vec::new();
        let Kind::Seq(items) = &node.kind else {
            self.type_error(node, "ignore", "a list of ignore entries");
            return (Vec::new(), target_refs);
        };
        let mut out = Vec::new();
        for item in items {
            let Some(fields) = self.fields(item, "ignore[]", &IGNORE) else {
                continue;
            };
            let mut checks = Vec::new();
            let mut path = None;
            let mut target = None;
            let mut fingerprint = None;
            let mut reason = None;
            let mut expires = None;
            let mut rotated = None;
            let mut ok = true;
            for (key, value) in fields {
                match key {
                    "check" => {
                        let ids = match &value.kind {
                            Kind::Str(s) => vec![(s.clone(), value.clone())],
                            Kind::Seq(_) => self.string_list(value, key),
                            _ => {
                                self.type_error(value, key, "a check id or a list of them");
                                ok = false;
                                Vec::new()
                            }
                        };
                        for (id, n) in ids {
                            if self.check_id(&id, &n) {
                                checks.push(id);
                            } else {
                                ok = false;
                            }
                        }
                    }
                    "path" => {
                        path = self
                            .string(value, key)
                            .and_then(|p| self.glob(&p, value, key));
                        ok &= path.is_some();
                    }
                    "target" => {
                        target = self.non_empty_string(value, key);
                        if let Some(t) = &target {
                            target_refs.push((t.clone(), value.clone()));
                        }
                        ok &= target.is_some();
                    }
                    "fingerprint" => {
                        fingerprint = self.non_empty_string(value, key).filter(|fp| {
                            let good = launchgate_core::Fingerprint::is_well_formed(fp);
                            if !good {
                                self.diags.push(
                                    Diagnostic::error(
                                        format!("`{fp}` is not a fingerprint"),
                                        Some(value.span),
                                        "expected 32 lowercase hex digits (and `-N` for a repeat), as reports print them",
                                    )
                                    .with_help("copy it from the report's `fingerprint:` line or the JSON `fingerprint` field"),
                                );
                            }
                            good
                        });
                        ok &= fingerprint.is_some();
                    }
                    "rotated" => {
                        rotated = self.date(value, key);
                        if let Some(d) = rotated
                            && d > jiff::Zoned::now().date()
                        {
                            self.error(
                                format!("rotation date {d} is in the future"),
                                value,
                                "expected the date the secret was revoked",
                            );
                            rotated = None;
                        }
                        ok &= rotated.is_some();
                    }
                    "reason" => {
                        reason = self.non_empty_string(value, key);
                        ok &= reason.is_some();
                    }
                    "expires" => {
                        expires = self.date(value, key);
                        ok &= expires.is_some();
                    }
                    _ => {}
                }
            }
            if checks.is_empty()
                && path.is_none()
                && target.is_none()
                && fingerprint.is_none()
                && ok
            {
                self.diags.push(
                    Diagnostic::error(
                        "ignore entry matches nothing in particular",
                        Some(item.span),
                        "expected at least one of `check`, `path`, `target` or `fingerprint`",
                    )
                    .with_help("an entry without a scope would hide every finding"),
                );
                ok = false;
            }
            if rotated.is_some() && fingerprint.is_none() && ok {
                self.diags.push(
                    Diagnostic::error(
                        "a `rotated:` entry must name the secret it rotated",
                        item.get("rotated").map(|n| n.span),
                        "expected a `fingerprint:` beside `rotated:`",
                    )
                    .with_help("each finding's fingerprint is on its `= fingerprint:` line in the report; a rotation of one key must not hide others"),
                );
                ok = false;
            }
            if item.get("reason").is_none() {
                self.diags.push(
                    Diagnostic::error(
                        "ignore entry has no `reason`",
                        Some(item.span),
                        "every exception needs a reason",
                    )
                    .with_help("add `reason: <why this finding is acceptable>`"),
                );
                ok = false;
            }
            if let (true, Some(reason)) = (ok, reason) {
                out.push(IgnoreEntry {
                    checks,
                    path,
                    target,
                    fingerprint,
                    reason,
                    expires,
                    rotated,
                    anchor: self.sources.anchor(item.span),
                });
            }
        }
        (out, target_refs)
    }
}
