//! The policy's JSON Schema, for editors (completion and validation as you type). It is built
//! from the same key lists the validator accepts, and a test checks that every list and the
//! schema's properties agree, so the schema cannot drift from what `launchgate` reads. The
//! validator stays the authority: it also checks what a schema cannot (globs, origins, dates,
//! unknown check ids with suggestions).

use launchgate_core::{Confidence, Severity};
use serde_json::{Map, Value, json};

use crate::validate::{
    API_KEYS, ATTEST_KEYS, CHECK_KEYS, CREDENTIAL_KEYS, DNS_KEYS, EMAIL_KEYS, FAIL_ON_KEYS,
    FRONT_DOOR_KEYS, IGNORE_KEYS, INPUT_KEYS, LATENCY_KEYS, LIMIT_KEYS, MAX_BURST, PROBE_CORS_KEYS,
    PROBE_KEYS, PROBE_TLS_KEYS, RATE_LIMIT_KEYS, ROUTE_KEYS, SCAN_KEYS, SCAN_RULES_KEYS,
    TARGET_KEYS, TOP_KEYS,
};

fn object(keys: &[&str], props: Vec<(&str, Value)>) -> Value {
    let mut map = Map::new();
    for (k, v) in props {
        map.insert(k.to_owned(), v);
    }
    debug_assert!(keys.iter().all(|k| map.contains_key(*k)));
    json!({ "type": "object", "additionalProperties": false, "properties": map })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn size() -> Value {
    json!({ "description": "bytes, or a size such as 5MiB, 500KB", "type": ["integer", "string"], "pattern": "^[0-9]+ ?(B|KB|kB|KiB|MB|MiB|GB|GiB)?$", "minimum": 1 })
}

fn duration() -> Value {
    json!({ "description": "a duration such as 500ms, 10s, 2m", "type": "string", "pattern": "^[0-9]+(ms|s|m|h)$" })
}

/// A list of API routes: `METHOD /path`, or a mapping with `route`, `params` and `extra`.
fn route_list(keys: &[&str], mut extra: Vec<(&str, Value)>) -> Value {
    extra.push((
        "route",
        json!({ "type": "string", "pattern": "^[A-Za-z]+ /" }),
    ));
    extra.push(("params", json!({ "type": "object" })));
    json!({ "type": ["array", "null"], "items": { "oneOf": [
        { "type": "string", "pattern": "^[A-Za-z]+ /" },
        object(keys, extra),
    ] } })
}

fn count(min: u32, max: u32) -> Value {
    json!({ "type": "integer", "minimum": min, "maximum": max })
}

/// The schema, with `check_ids` (every rule and check) offered under `checks:`.
pub fn json_schema(check_ids: &[String]) -> Value {
    let severities: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    let confidences: Vec<&str> = Confidence::ALL.iter().map(|c| c.as_str()).collect();
    let severity = json!({ "type": "string", "enum": severities });
    let check_setting = json!({
        "oneOf": [
            { "type": "string", "enum": ["off", "on", "info", "low", "medium", "high", "critical"] },
            { "type": "boolean" },
            object(CHECK_KEYS, vec![
                ("enabled", json!({ "type": "boolean" })),
                ("severity", severity.clone()),
            ]),
        ]
    });
    let mut checks = Map::new();
    for id in check_ids {
        checks.insert(id.clone(), json!({ "$ref": "#/definitions/check-setting" }));
    }
    let id_or_ids = json!({ "oneOf": [{ "type": "string" }, strings()] });
    let ignore = object(
        IGNORE_KEYS,
        vec![
            ("check", id_or_ids),
            (
                "path",
                json!({ "type": "string", "description": "glob on repository-relative paths" }),
            ),
            (
                "target",
                json!({ "type": "string", "minLength": 1, "description": "a probe target's name, a URL prefix or a host" }),
            ),
            (
                "fingerprint",
                json!({ "type": "string", "pattern": "^[0-9a-f]{32}(-[1-9][0-9]*)?$" }),
            ),
            ("reason", json!({ "type": "string", "minLength": 1 })),
            ("expires", json!({ "type": "string", "format": "date" })),
            ("rotated", json!({ "type": "string", "format": "date" })),
        ],
    );
    let scan = object(
        SCAN_KEYS,
        vec![
            ("enabled", json!({ "type": "boolean" })),
            ("include", strings()),
            ("exclude", strings()),
            ("max-file-size", size()),
            ("bundle-max-file-size", size()),
            ("gitignore", json!({ "type": "boolean" })),
            ("history", json!({ "type": "boolean" })),
            ("since", json!({ "type": "string" })),
            ("refs", json!({ "enum": ["head", "all"] })),
            (
                "bundles",
                json!({ "type": ["array", "null"], "items": { "type": "string" } }),
            ),
            (
                "rules",
                object(SCAN_RULES_KEYS, vec![("import", strings())]),
            ),
        ],
    );
    let url = json!({ "type": "string", "pattern": "^https?://[^@/]+(/.*)?$" });
    let target = {
        let mut t = object(
            TARGET_KEYS,
            vec![
                ("name", json!({ "type": "string", "minLength": 1 })),
                ("url", url),
                ("pages", strings()),
                (
                    "http-url",
                    json!({ "type": "string", "pattern": "^http://[^@/]+(/.*)?$" }),
                ),
                ("canonical-host", json!({ "type": "string" })),
                ("health", json!({ "type": "string" })),
                (
                    "api",
                    object(
                        API_KEYS,
                        vec![
                            (
                                "credentials",
                                json!({ "type": "object", "additionalProperties": object(CREDENTIAL_KEYS, vec![
                                    ("header", json!({ "type": "string" })),
                                    ("cookie", json!({ "type": "string" })),
                                    ("prefix", json!({ "type": "string" })),
                                    ("env", json!({ "type": "string", "pattern": "^[A-Z_][A-Z0-9_]*$" })),
                                    ("expired", json!({ "type": "boolean" })),
                                ]) }),
                            ),
                            (
                                "latency",
                                object(
                                    LATENCY_KEYS,
                                    vec![
                                        (
                                            "routes",
                                            json!({ "type": "array", "items": { "type": "string", "pattern": "^GET /" } }),
                                        ),
                                        ("p95-ms", count(1, 600_000)),
                                        ("requests", count(20, 10_000)),
                                        ("concurrency", count(1, 100)),
                                        ("warmup", count(0, 1_000)),
                                        ("as", json!({ "type": "string" })),
                                        (
                                            "max-error-rate",
                                            json!({ "type": "number", "minimum": 0, "maximum": 100 }),
                                        ),
                                        ("rate", count(1, 10_000)),
                                    ],
                                ),
                            ),
                            (
                                "rate-limit",
                                route_list(
                                    RATE_LIMIT_KEYS,
                                    vec![
                                        ("body", json!({ "type": "string" })),
                                        ("content-type", json!({ "type": "string" })),
                                        ("as", json!({ "type": "string" })),
                                        ("burst", count(1, MAX_BURST)),
                                        ("limit-within", count(1, MAX_BURST)),
                                        ("enumeration", json!({ "type": "boolean" })),
                                        ("unknown-body", json!({ "type": "string" })),
                                    ],
                                ),
                            ),
                            (
                                "input-validation",
                                route_list(
                                    INPUT_KEYS,
                                    vec![
                                        ("body", json!({ "type": "string" })),
                                        ("as", json!({ "type": "string" })),
                                        ("max-body", size()),
                                    ],
                                ),
                            ),
                            (
                                "private-routes",
                                route_list(
                                    ROUTE_KEYS,
                                    vec![
                                        ("owner", json!({ "type": "string" })),
                                        ("safe", json!({ "type": "boolean" })),
                                    ],
                                ),
                            ),
                        ],
                    ),
                ),
            ],
        );
        t["required"] = json!(["name", "url"]);
        t
    };
    let probe = object(
        PROBE_KEYS,
        vec![
            ("enabled", json!({ "type": "boolean" })),
            (
                "targets",
                json!({ "type": ["array", "null"], "items": target }),
            ),
            (
                "tls",
                object(
                    PROBE_TLS_KEYS,
                    vec![
                        ("ca-file", json!({ "type": "string" })),
                        ("expiry-fail-days", count(0, 3650)),
                        ("expiry-warn-days", count(0, 3650)),
                    ],
                ),
            ),
            (
                "cors",
                object(
                    PROBE_CORS_KEYS,
                    vec![(
                        "allowed-origins",
                        json!({ "type": "array", "items": { "type": "string", "pattern": "^https?://[^/@]+$" } }),
                    )],
                ),
            ),
            (
                "exposed-files",
                json!({ "type": "array", "items": { "type": "string", "pattern": "^/" } }),
            ),
            ("staging-hosts", strings()),
            (
                "email",
                object(
                    EMAIL_KEYS,
                    vec![
                        ("domain", json!({ "type": "string" })),
                        ("domains", strings()),
                        ("dkim-selectors", strings()),
                        (
                            "dmarc-min-policy",
                            json!({ "type": "string", "enum": ["none", "quarantine", "reject"] }),
                        ),
                        (
                            "spf-all",
                            json!({ "type": "string", "enum": ["fail", "softfail"] }),
                        ),
                    ],
                ),
            ),
            (
                "dns",
                object(
                    DNS_KEYS,
                    vec![
                        ("nameservers", strings()),
                        ("must-not-resolve", strings()),
                        ("hosts", strings()),
                    ],
                ),
            ),
            (
                "front-door",
                object(
                    FRONT_DOOR_KEYS,
                    vec![
                        ("require-cdn", json!({ "type": "boolean" })),
                        ("health-max", duration()),
                    ],
                ),
            ),
            (
                "limits",
                object(
                    LIMIT_KEYS,
                    vec![
                        ("timeout", duration()),
                        ("max-requests", count(20, 10_000)),
                        ("max-total-requests", count(20, 1_000_000)),
                        ("max-body", size()),
                        ("max-scripts", count(0, 500)),
                        ("max-redirects", count(1, 50)),
                    ],
                ),
            ),
        ],
    );
    let attestation = object(
        ATTEST_KEYS,
        vec![
            ("title", json!({ "type": "string" })),
            ("area", json!({ "type": "string" })),
            ("by", json!({ "type": "string" })),
            ("date", json!({ "type": "string", "format": "date" })),
            ("evidence", json!({ "type": "string" })),
            ("expires", json!({ "type": "string", "format": "date" })),
        ],
    );
    let mut top = object(
        TOP_KEYS,
        vec![
            ("version", json!({ "const": 1 })),
            (
                "extends",
                json!({ "oneOf": [{ "type": "string" }, strings()] }),
            ),
            (
                "fail-on",
                json!({ "oneOf": [
                    severity.clone(),
                    object(FAIL_ON_KEYS, vec![
                        ("severity", severity.clone()),
                        ("confidence", json!({ "type": "string", "enum": confidences })),
                    ]),
                ] }),
            ),
            ("fail-on-errors", json!({ "type": "boolean" })),
            ("fail-on-stale-ignores", json!({ "type": "boolean" })),
            (
                "checks",
                json!({ "type": ["object", "null"], "properties": checks }),
            ),
            (
                "ignore",
                json!({ "type": ["array", "null"], "items": ignore }),
            ),
            ("scan", scan),
            ("probe", probe),
            (
                "attest",
                json!({ "type": ["object", "null"], "additionalProperties": attestation }),
            ),
            ("baseline", json!({ "type": "string" })),
        ],
    );
    top["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    top["$id"] =
        json!("https://github.com/launchgate/launchgate/blob/main/policies/launchgate.schema.json");
    top["title"] = json!("launchgate policy");
    top["description"] = json!(
        "A launchgate policy file (launchgate.yml). Generated by `launchgate policy schema`; the CLI's validator is the authority."
    );
    top["required"] = json!(["version"]);
    top["definitions"] = json!({ "check-setting": check_setting });
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key list the validator accepts is exactly a property list of the schema.
    #[test]
    fn schema_properties_are_the_validator_keys() {
        let s = json_schema(&[]);
        let keys = |v: &Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        let sorted = |l: &[&str]| {
            let mut v: Vec<String> = l.iter().map(|s| (*s).to_owned()).collect();
            v.sort();
            v
        };
        assert_eq!(keys(&s), sorted(TOP_KEYS));
        assert_eq!(keys(&s["properties"]["scan"]), sorted(SCAN_KEYS));
        assert_eq!(keys(&s["properties"]["probe"]), sorted(PROBE_KEYS));
        assert_eq!(
            keys(&s["properties"]["probe"]["properties"]["targets"]["items"]),
            sorted(TARGET_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["probe"]["properties"]["tls"]),
            sorted(PROBE_TLS_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["probe"]["properties"]["limits"]),
            sorted(LIMIT_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["probe"]["properties"]["front-door"]),
            sorted(FRONT_DOOR_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["ignore"]["items"]),
            sorted(IGNORE_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["attest"]["additionalProperties"]),
            sorted(ATTEST_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["probe"]["properties"]["email"]),
            sorted(EMAIL_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["probe"]["properties"]["dns"]),
            sorted(DNS_KEYS)
        );
        let api = &s["properties"]["probe"]["properties"]["targets"]["items"]["properties"]["api"];
        assert_eq!(keys(api), sorted(API_KEYS));
        assert_eq!(keys(&api["properties"]["latency"]), sorted(LATENCY_KEYS));
        for (list, want) in [
            ("private-routes", ROUTE_KEYS),
            ("rate-limit", RATE_LIMIT_KEYS),
            ("input-validation", INPUT_KEYS),
        ] {
            assert_eq!(
                keys(&api["properties"][list]["items"]["oneOf"][1]),
                sorted(want),
                "{list}"
            );
        }
    }
}
