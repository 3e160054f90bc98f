//! `attest:` entries: what no machine can see, vouched for by people.

use super::*;

impl Validator<'_> {
    pub(super) fn attest(&mut self, node: &Node) -> Vec<Attestation> {
        let Kind::Map(entries) = &node.kind else {
            self.type_error(node, "attest", "a mapping of checklist ids to attestations");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            let Some(id) = self.string(k, "attest") else {
                continue;
            };
            let known = KNOWN_ATTESTATIONS.iter().find(|(kid, _, _)| *kid == id);
            let Some(fields) = self.fields(v, &format!("attest.{id}"), &ATTEST) else {
                continue;
            };
            let mut title = known.map(|(_, _, t)| (*t).to_owned());
            let mut area = known.map(|(_, a, _)| *a);
            let (mut by, mut date, mut evidence, mut expires) = (None, None, None, None);
            for (key, value) in fields {
                match key {
                    "title" => title = self.non_empty_string(value, key),
                    "area" => {
                        if let Some(s) = self.string(value, key) {
                            match s.parse::<Area>() {
                                Ok(a) => area = Some(a),
                                Err(e) => self.error(
                                    format!("invalid area `{s}`"),
                                    value,
                                    format!("expected one of {}", e.expected.join(", ")),
                                ),
                            }
                        }
                    }
                    "by" => by = self.non_empty_string(value, key),
                    "date" => date = self.date(value, key),
                    "evidence" => evidence = self.non_empty_string(value, key),
                    "expires" => expires = self.date(value, key),
                    _ => {}
                }
            }
            let mut missing = Vec::new();
            for (key, present) in [
                ("by", v.get("by").is_some()),
                ("date", v.get("date").is_some()),
                ("evidence", v.get("evidence").is_some()),
                ("expires", v.get("expires").is_some()),
                ("title", title.is_some() || v.get("title").is_some()),
                ("area", area.is_some() || v.get("area").is_some()),
            ] {
                if !present {
                    missing.push(format!("`{key}`"));
                }
            }
            if !missing.is_empty() {
                let mut d = Diagnostic::error(
                    format!("attestation `{id}` is missing {}", missing.join(", ")),
                    Some(k.span),
                    "an attestation needs who, when, evidence and an expiry",
                );
                if known.is_none() {
                    d = d.with_help(format!(
                        "custom checklist items also need `title` and `area`; known ids are {}",
                        KNOWN_ATTESTATIONS
                            .iter()
                            .map(|(i, _, _)| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                self.diags.push(d);
                continue;
            }
            if let (Some(title), Some(area), Some(by), Some(date), Some(evidence), Some(expires)) =
                (title, area, by, date, evidence, expires)
            {
                if expires < date {
                    self.error(
                        format!("attestation `{id}` expires before it was made"),
                        v,
                        "`expires` must be on or after `date`",
                    );
                    continue;
                }
                out.push(Attestation {
                    id,
                    title,
                    area,
                    by,
                    date,
                    evidence,
                    expires,
                    anchor: self.sources.anchor(k.span),
                });
            }
        }
        out
    }
}
