//! Whether a server still speaks TLS 1.0 or 1.1: a hand-written ClientHello, since rustls cannot
//! negotiate them.

use super::*;

/// Sends a minimal ClientHello offering only `version` (TLS 1.0 or 1.1) with common cipher
/// suites, and reads the first record: a ServerHello at that version means the server still
/// speaks it. rustls cannot negotiate these versions, so this is done by hand; it reads one
/// record header and stops.
pub(super) async fn legacy_hello_accepted(
    addr: SocketAddr,
    host: &str,
    version: u16,
    timeout: Duration,
) -> bool {
    let hello = client_hello(host, version);
    let attempt = async {
        let mut tcp = TcpStream::connect(addr).await.ok()?;
        tcp.write_all(&hello).await.ok()?;
        let mut head = [0u8; 11];
        tcp.read_exact(&mut head).await.ok()?;
        // Handshake record, handshake type ServerHello, server_version.
        Some(
            head[0] == 0x16
                && head[5] == 0x02
                && u16::from_be_bytes([head[9], head[10]]) == version,
        )
    };
    matches!(tokio::time::timeout(timeout, attempt).await, Ok(Some(true)))
}

pub(super) fn client_hello(host: &str, version: u16) -> Vec<u8> {
    let v = version.to_be_bytes();
    // ECDHE-RSA/ECDSA with AES-CBC-SHA, RSA AES-CBC-SHA, 3DES: what TLS 1.0/1.1 servers offer.
    let suites: [u16; 7] = [0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x0035, 0x000a];
    let mut ext = Vec::new();
    // server_name
    let name = host.as_bytes();
    let mut sni = Vec::new();
    sni.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
    sni.push(0);
    sni.extend_from_slice(&(name.len() as u16).to_be_bytes());
    sni.extend_from_slice(name);
    ext.extend_from_slice(&0u16.to_be_bytes());
    ext.extend_from_slice(&(sni.len() as u16).to_be_bytes());
    ext.extend_from_slice(&sni);
    // supported_groups: x25519, secp256r1, secp384r1
    ext.extend_from_slice(&[
        0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
    ]);
    // ec_point_formats: uncompressed
    ext.extend_from_slice(&[0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]);

    let mut body = Vec::new();
    body.extend_from_slice(&v);
    body.extend_from_slice(&[0x5a; 32]); // random: fixed, it is never used for keys
    body.push(0); // session id
    body.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        body.extend_from_slice(&s.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // compression: null
    body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    body.extend_from_slice(&ext);

    let mut hs = vec![0x01];
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend_from_slice(&body);
    let mut rec = vec![0x16, 0x03, 0x01];
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend_from_slice(&hs);
    rec
}
