//! MTA-STS (RFC 8461): the policy file's fields and how its `mx:` patterns match.

/// An MTA-STS policy file (RFC 8461 §3.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StsPolicy {
    pub(crate) version: Option<String>,
    pub(crate) mode: Option<String>,
    pub(crate) mx: Vec<String>,
    pub(crate) max_age: Option<u64>,
}

pub(crate) fn parse_sts_policy(body: &str) -> StsPolicy {
    let mut p = StsPolicy::default();
    for line in body.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().to_owned();
        match k.trim() {
            "version" => p.version = Some(v),
            "mode" => p.mode = Some(v),
            "mx" => p.mx.push(v.to_ascii_lowercase()),
            "max_age" => p.max_age = v.parse().ok(),
            _ => {}
        }
    }
    p
}

/// Whether an MTA-STS `mx` pattern (`mail.example.com` or `*.example.com`) covers `host`.
pub(crate) fn sts_mx_matches(pattern: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, tail)| !label.is_empty() && tail == rest),
        None => pattern == host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mta_sts_policies_parse_and_match() {
        let p = parse_sts_policy(
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n",
        );
        assert_eq!(p.mode.as_deref(), Some("enforce"));
        assert_eq!(p.mx, ["mail.example.com", "*.example.net"]);
        assert_eq!(p.max_age, Some(604_800));
        assert!(sts_mx_matches("*.example.net", "mx1.example.net."));
        assert!(!sts_mx_matches("*.example.net", "a.b.example.net"));
        assert!(sts_mx_matches("mail.example.com", "MAIL.example.com"));
    }
}
