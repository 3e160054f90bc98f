//! Host-name overrides (`--resolve`), else the system resolver.

use super::*;

/// Host-name overrides (`--resolve`), else the system resolver.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolver {
    pub(crate) overrides: Vec<(String, IpAddr)>,
}

impl Resolver {
    /// Every address of `host` (an IPv4-only runner must not give up on the AAAA record).
    pub(super) async fn lookup(
        &self,
        host: &str,
        port: u16,
        timeout: Duration,
    ) -> Result<Vec<SocketAddr>, String> {
        if let Some((_, ip)) = self.overrides.iter().find(|(h, _)| h == host) {
            return Ok(vec![SocketAddr::new(*ip, port)]);
        }
        if let Ok(ip) = host.trim_matches(['[', ']']).parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        match tokio::time::timeout(timeout, tokio::net::lookup_host((host, port))).await {
            Ok(Ok(addrs)) => {
                let all: Vec<SocketAddr> = addrs.collect();
                if all.is_empty() {
                    Err(format!("{host} has no address"))
                } else {
                    Ok(all)
                }
            }
            Ok(Err(e)) => Err(format!("cannot resolve {host}: {e}")),
            Err(_) => Err(format!("resolving {host} timed out")),
        }
    }
}
