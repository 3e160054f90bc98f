//! Input validation: the route's example body broken each way (types, size, syntax), and what
//! the answers say.

use super::*;

/// The four invalid bodies for a write route: `(case, body)`, all sent as JSON.
pub(crate) fn input_cases(r: &InputRoute) -> Vec<(&'static str, Vec<u8>)> {
    let template: serde_json::Map<String, serde_json::Value> = r
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or_default();
    // Malformed: a valid start cut off mid-object.
    let mut malformed = serde_json::to_string(&template).unwrap_or_default();
    malformed.pop();
    if template.is_empty() {
        malformed = "{\"launchgate\": \"probe\"".to_owned();
    }
    malformed.push_str(", \"");
    // Wrong types: every field of the example flipped; with no example, an array where an
    // object is due.
    let wrong = if template.is_empty() {
        serde_json::json!(["launchgate", 1, true])
    } else {
        serde_json::Value::Object(
            template
                .iter()
                .map(|(k, v)| {
                    use serde_json::Value as V;
                    let flipped = match v {
                        V::String(_) => serde_json::json!(12345),
                        V::Number(_) | V::Bool(_) => serde_json::json!("launchgate"),
                        V::Array(_) => serde_json::json!({ "launchgate": 1 }),
                        V::Object(_) | V::Null => serde_json::json!([1, 2, 3]),
                    };
                    (k.clone(), flipped)
                })
                .collect(),
        )
    };
    // Huge string: the first string field (or a new one) made long, the body still within the
    // route's limit, so it tests the field's validation rather than the body limit.
    let huge_len = (r.max_body / 2).clamp(1024, 64 * 1024) as usize;
    // The shortest string of the example is the likeliest to have a length limit (a name, a
    // title); with no string, the first field gets one (a type error too); with no example, a
    // field of its own.
    let mut huge = template.clone();
    let key = huge
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (s.len(), k)))
        .min()
        .map(|(_, k)| k.clone())
        .or_else(|| huge.keys().next().cloned())
        .unwrap_or_else(|| "launchgate".to_owned());
    huge.insert(key, serde_json::Value::String("A".repeat(huge_len)));
    // Oversized: the example padded to the route's limit plus 1 MiB.
    let target = r.max_body + (1 << 20);
    let mut oversized = template;
    oversized.insert(
        "launchgate_padding".to_owned(),
        serde_json::Value::String(String::new()),
    );
    let base = serde_json::to_vec(&oversized).unwrap_or_default().len() as u64;
    oversized.insert(
        "launchgate_padding".to_owned(),
        serde_json::Value::String("A".repeat(target.saturating_sub(base) as usize)),
    );
    vec![
        ("malformed-json", malformed.into_bytes()),
        (
            "wrong-types",
            serde_json::to_vec(&wrong).unwrap_or_default(),
        ),
        ("huge-string", serde_json::to_vec(&huge).unwrap_or_default()),
        (
            "oversized",
            serde_json::to_vec(&oversized).unwrap_or_default(),
        ),
    ]
}

/// Sends each invalid body once, one after another.
pub(super) async fn input_validation(
    origin: &str,
    r: &InputRoute,
    cred: Option<Cred<'_>>,
    env: &Env<'_>,
) -> Vec<InputCase> {
    let cases = input_cases(r);
    let Some(http) = env.client(cases.len() as u32) else {
        return Vec::new();
    };
    let route = r.route.label();
    let url = route_url(&r.route, origin);
    let header = credential_headers(cred);
    let mut out = Vec::new();
    for (case, body) in cases {
        let sent_bytes = body.len() as u64;
        let label = format!("input validation: {case}{}", as_label(cred));
        let response = http
            .send(Req {
                method: http_method(&r.route),
                url: &url,
                headers: &header_refs(&header),
                body: Some((bytes::Bytes::from(body), "application/json")),
                cap: API_BODY_CAP,
                verify: true,
                label: &label,
            })
            .await;
        out.push(InputCase {
            route: route.clone(),
            case: case.to_owned(),
            sent_bytes,
            response,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_cases_break_the_example_each_way() {
        let r = InputRoute {
            route: Route::new(launchgate_core::options::Method::Post, "/api/posts"),
            body: Some(r#"{"title":"hi","draft":false,"tags":["a"]}"#.into()),
            max_body: 100 * 1024,
            ..InputRoute::default()
        };
        let cases = input_cases(&r);
        let get = |n: &str| &cases.iter().find(|(c, _)| *c == n).unwrap().1;
        assert!(serde_json::from_slice::<serde_json::Value>(get("malformed-json")).is_err());
        let wrong: serde_json::Value = serde_json::from_slice(get("wrong-types")).unwrap();
        assert_eq!(wrong["title"], 12345);
        assert_eq!(wrong["draft"], "launchgate");
        assert!(wrong["tags"].is_object());
        let huge: serde_json::Value = serde_json::from_slice(get("huge-string")).unwrap();
        assert_eq!(huge["title"].as_str().unwrap().len(), 50 * 1024);
        let big = InputRoute {
            max_body: 1 << 20,
            ..r.clone()
        };
        let cases = input_cases(&big);
        let huge: serde_json::Value = serde_json::from_slice(&cases[2].1).unwrap();
        assert_eq!(huge["title"].as_str().unwrap().len(), 64 * 1024);
        assert!((get("huge-string").len() as u64) < r.max_body);
        let over = get("oversized");
        assert_eq!(over.len() as u64, r.max_body + (1 << 20));
        assert!(serde_json::from_slice::<serde_json::Value>(over).is_ok());
    }
}
