//! A real DNS server on 127.0.0.1 (hickory-server, in-process, UDP) serving one test zone written
//! in zone-file syntax, for the domain checks' tests. Also a "black hole" that accepts queries
//! and never answers, for timeouts.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use hickory_proto::rr::LowerName;
use hickory_proto::serialize::txt::Parser;
use hickory_server::Server;
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};

/// Serves `zone` (zone-file text, its `$ORIGIN` set) on a free UDP port of 127.0.0.1 until the
/// process ends.
pub fn spawn(zone: &str) -> anyhow::Result<SocketAddr> {
    let (origin, records) = Parser::new(zone, None, None)
        .parse()
        .map_err(|e| anyhow::anyhow!("test zone does not parse: {e}"))?;
    let handler: InMemoryZoneHandler =
        InMemoryZoneHandler::new(origin.clone(), records, ZoneType::Primary, AxfrPolicy::Deny)
            .map_err(|e| anyhow::anyhow!("test zone: {e}"))?;
    let mut catalog = Catalog::new();
    catalog.upsert(LowerName::new(&origin), vec![Arc::new(handler)]);
    let socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
    socket.set_nonblocking(true)?;
    let addr = socket.local_addr()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("test-dns".to_owned())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(anyhow::Error::from(e)));
                    return;
                }
            };
            rt.block_on(async move {
                let socket = match tokio::net::UdpSocket::from_std(socket) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = tx.send(Err(e.into()));
                        return;
                    }
                };
                let mut server = Server::new(catalog);
                server.register_socket(socket);
                let _ = tx.send(Ok(()));
                let _ = server.block_until_done().await;
            });
        })?;
    rx.recv().context("the DNS thread ended")??;
    Ok(addr)
}

/// A UDP port that reads queries and never answers: every lookup times out.
pub fn black_hole() -> anyhow::Result<SocketAddr> {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
    let addr = socket.local_addr()?;
    std::thread::Builder::new()
        .name("dns-black-hole".to_owned())
        .spawn(move || {
            let mut buf = [0u8; 1500];
            while socket.recv_from(&mut buf).is_ok() {}
        })?;
    Ok(addr)
}
