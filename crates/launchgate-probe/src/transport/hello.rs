//! What a server accepts beyond what rustls can negotiate: hand-built ClientHellos for every
//! protocol version from SSL 3.0 to TLS 1.3, offering the suites still untried each time, and
//! reading only the server's plaintext first flight (ServerHello, and for TLS 1.2 and older the
//! ServerKeyExchange). No handshake is ever completed and no key is derived.

use super::*;
use crate::model::{ProtocolSuites, SuiteScan};
use crate::suites::{self, SUITES};

/// The protocol versions scanned, oldest first, with their report names.
pub(super) const VERSIONS: [(u16, &str); 5] = [
    (0x0300, "SSLv3"),
    (0x0301, "TLSv1.0"),
    (0x0302, "TLSv1.1"),
    (0x0303, "TLSv1.2"),
    (0x0304, "TLSv1.3"),
];

/// At most this many handshakes per target (a server accepting every suite in the table under
/// every version needs fewer than this).
pub(crate) const MAX_HANDSHAKES: u32 = 160;

/// The whole scan of one target ends by this deadline, whatever is left.
pub(crate) const SCAN_DEADLINE: Duration = Duration::from_secs(30);

/// The first flight read is capped: a ServerHello, a certificate chain and a key exchange fit.
const MAX_FLIGHT: usize = 96 * 1024;

/// The HelloRetryRequest's fixed random (RFC 8446, 4.1.3).
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

const X25519: u16 = 0x001d;

/// One hello: the version, the suites and the groups offered.
pub(super) struct Offer<'a> {
    pub(super) version: u16,
    pub(super) suites: &'a [u16],
    pub(super) groups: &'a [u16],
}

/// What the server answered.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Answer {
    /// A ServerHello at the offered version choosing `suite`, with the key exchange it sent.
    Chose {
        suite: u16,
        group: Option<u16>,
        dh_bits: Option<u32>,
    },
    /// An alert, a close, another version, a suite not offered, or nothing in time.
    Refused,
}

/// Scans what `addr` accepts: each version in turn, offering every suite still untried until
/// the server refuses, then whether ECDHE takes a weak group. One connection at a time,
/// within [`MAX_HANDSHAKES`] and [`SCAN_DEADLINE`].
pub(super) async fn scan_suites(addr: SocketAddr, host: &str, timeout: Duration) -> SuiteScan {
    let deadline = Instant::now() + SCAN_DEADLINE;
    let mut scan = SuiteScan::default();
    let mut handshakes = 0u32;
    let mut spend = |scan: &mut SuiteScan| {
        if handshakes >= MAX_HANDSHAKES {
            scan.incomplete = Some(format!("stopped at {MAX_HANDSHAKES} handshakes"));
        } else if Instant::now() >= deadline {
            scan.incomplete = Some(format!(
                "stopped at the {} s deadline after {handshakes} handshakes",
                SCAN_DEADLINE.as_secs()
            ));
        }
        handshakes += 1;
        scan.incomplete.is_none()
    };
    let mut ecdhe = Vec::new();
    'versions: for (version, label) in VERSIONS {
        let mut offer: Vec<u16> = SUITES
            .iter()
            .filter(|(_, n)| match version {
                0x0304 => suites::is_tls13(n),
                0x0303 => !suites::is_tls13(n),
                _ => suites::before_tls12(n),
            })
            .map(|(c, _)| *c)
            .collect();
        let mut chosen = Vec::new();
        while !offer.is_empty() {
            if !spend(&mut scan) {
                break 'versions;
            }
            let each = timeout.min(deadline.saturating_duration_since(Instant::now()));
            let hello = Offer {
                version,
                suites: &offer,
                groups: suites::USUAL_GROUPS,
            };
            let Answer::Chose {
                suite,
                group,
                dh_bits,
            } = hello_answer(addr, host, &hello, each).await
            else {
                break;
            };
            let name = suites::name(suite);
            if let Some(g) = group.map(suites::group_name)
                && !scan.groups.contains(&g)
            {
                scan.groups.push(g);
            }
            if let Some(bits) = dh_bits {
                scan.dh_bits = Some(scan.dh_bits.map_or(bits, |b| b.min(bits)));
            }
            if version < 0x0304 && name.starts_with("TLS_ECDHE_") {
                ecdhe.push(suite);
            }
            offer.retain(|c| *c != suite);
            chosen.push(name);
        }
        if !chosen.is_empty() {
            scan.protocols.push(ProtocolSuites {
                version: label.to_owned(),
                suites: chosen,
            });
        }
    }
    // Offered only weak groups, does ECDHE still go ahead?
    let mut weak: Vec<u16> = suites::WEAK_GROUPS.to_vec();
    while !ecdhe.is_empty() && !weak.is_empty() && scan.incomplete.is_none() && spend(&mut scan) {
        let each = timeout.min(deadline.saturating_duration_since(Instant::now()));
        let hello = Offer {
            version: 0x0303,
            suites: &ecdhe,
            groups: &weak,
        };
        match hello_answer(addr, host, &hello, each).await {
            Answer::Chose { group: Some(g), .. } if weak.contains(&g) => {
                scan.weak_groups.push(suites::group_name(g));
                weak.retain(|w| *w != g);
            }
            _ => break,
        }
    }
    scan
}

/// Sends one hello and reads the answer, within `timeout`.
pub(super) async fn hello_answer(
    addr: SocketAddr,
    host: &str,
    offer: &Offer<'_>,
    timeout: Duration,
) -> Answer {
    let hello = client_hello(host, offer);
    let attempt = async {
        let mut tcp = TcpStream::connect(addr).await.ok()?;
        tcp.write_all(&hello).await.ok()?;
        let mut flight = Flight::default();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = tcp.read(&mut buf).await.ok()?;
            if n == 0 {
                return Some(flight.closed());
            }
            if let Some(answer) = flight.feed(&buf[..n], offer) {
                return Some(answer);
            }
        }
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .ok()
        .flatten()
        .unwrap_or(Answer::Refused)
}

/// The server's first flight as it arrives: records, then handshake messages.
#[derive(Default)]
struct Flight {
    raw: Vec<u8>,
    handshake: Vec<u8>,
    /// The ServerHello's choice, once read, while waiting for its key exchange.
    chose: Option<u16>,
    group: Option<u16>,
}

impl Flight {
    /// The connection closed: what was read so far is the answer.
    fn closed(&self) -> Answer {
        match self.chose {
            Some(suite) => Answer::Chose {
                suite,
                group: self.group,
                dh_bits: None,
            },
            None => Answer::Refused,
        }
    }

    /// Takes more bytes; the answer once it is known.
    fn feed(&mut self, bytes: &[u8], offer: &Offer<'_>) -> Option<Answer> {
        self.raw.extend_from_slice(bytes);
        if self.raw.len() > MAX_FLIGHT {
            return Some(self.closed());
        }
        // Whole records into the handshake stream, up to the first record that is not one: an
        // alert, TLS 1.3's ChangeCipherSpec and encrypted records, or bytes that are not TLS.
        let mut ended = false;
        while self.raw.len() >= 5 {
            if self.raw[0] != 0x16 {
                ended = true;
                break;
            }
            let len = usize::from(u16::from_be_bytes([self.raw[3], self.raw[4]]));
            if self.raw.len() < 5 + len {
                break;
            }
            let body: Vec<u8> = self.raw.drain(..5 + len).skip(5).collect();
            self.handshake.extend_from_slice(&body);
        }
        // Whole handshake messages.
        while self.handshake.len() >= 4 {
            let len = usize::from(self.handshake[1]) << 16
                | usize::from(self.handshake[2]) << 8
                | usize::from(self.handshake[3]);
            if self.handshake.len() < 4 + len {
                break;
            }
            let kind = self.handshake[0];
            let msg: Vec<u8> = self.handshake.drain(..4 + len).skip(4).collect();
            match (kind, self.chose) {
                (2, None) => match server_hello(&msg, offer) {
                    None => return Some(Answer::Refused),
                    Some((suite, group, done)) => {
                        self.chose = Some(suite);
                        self.group = group;
                        if done {
                            return Some(self.closed());
                        }
                    }
                },
                (12, Some(suite)) => {
                    let (group, dh_bits) = key_exchange(&msg, suites::name(suite).contains("ECDH"));
                    return Some(Answer::Chose {
                        suite,
                        group: group.or(self.group),
                        dh_bits,
                    });
                }
                // ServerHelloDone, or anything but a certificate before the key exchange.
                (11 | 22, Some(_)) => {}
                (_, Some(_)) => return Some(self.closed()),
                (_, None) => return Some(Answer::Refused),
            }
        }
        // After the plaintext flight, what was read is the answer (a refusal before a
        // ServerHello, the choice after one).
        ended.then(|| self.closed())
    }
}

/// Reads a ServerHello: the suite, the group (TLS 1.3's key share) and whether the answer is
/// complete (nothing more to read for the key exchange). `None`: not an acceptance of the offer.
fn server_hello(msg: &[u8], offer: &Offer<'_>) -> Option<(u16, Option<u16>, bool)> {
    let mut r = Reader(msg);
    let legacy_version = r.u16()?;
    let random = r.take(32)?;
    let sid = usize::from(r.u8()?);
    r.take(sid)?;
    let suite = r.u16()?;
    r.u8()?; // compression
    let mut version = legacy_version;
    let mut group = None;
    if let Some(len) = r.u16() {
        let mut ext = Reader(r.take(usize::from(len))?);
        while let (Some(kind), Some(len)) = (ext.u16(), ext.u16()) {
            let data = ext.take(usize::from(len))?;
            match kind {
                0x002b if data.len() >= 2 => version = u16::from_be_bytes([data[0], data[1]]),
                0x0033 if data.len() >= 2 => group = Some(u16::from_be_bytes([data[0], data[1]])),
                _ => {}
            }
        }
    }
    if version != offer.version || !offer.suites.contains(&suite) {
        return None;
    }
    let retry = random == HRR_RANDOM;
    let name = suites::name(suite);
    let keyed =
        name.starts_with("TLS_ECDHE_") || name.starts_with("TLS_DHE_") || name.contains("_anon_");
    Some((suite, group, version == 0x0304 || retry || !keyed))
}

/// The ServerKeyExchange's group (ECDHE: a named curve) or prime size in bits (DHE).
fn key_exchange(msg: &[u8], ecdhe: bool) -> (Option<u16>, Option<u32>) {
    let mut r = Reader(msg);
    if ecdhe {
        // curve_type named_curve (3), then the curve.
        return match r.u8() {
            Some(3) => (r.u16(), None),
            _ => (None, None),
        };
    }
    let Some(len) = r.u16() else {
        return (None, None);
    };
    let Some(p) = r.take(usize::from(len)) else {
        return (None, None);
    };
    let bits = p
        .iter()
        .position(|b| *b != 0)
        .map(|i| (p.len() - i) as u32 * 8 - p[i].leading_zeros());
    (None, bits)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
}

fn push_u16(v: &mut Vec<u8>, n: usize) {
    v.extend_from_slice(&(n as u16).to_be_bytes());
}

fn extension(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend_from_slice(&kind.to_be_bytes());
    push_u16(out, data.len());
    out.extend_from_slice(data);
}

/// The signature schemes offered from TLS 1.2 on: current ones first, then SHA-1 and DSA so an
/// old certificate still gets an answer.
const SIGNATURE_SCHEMES: [u16; 13] = [
    0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0807, 0x0201, 0x0203, 0x0402,
    0x0202,
];

/// A ClientHello record for `offer`. Its random is fixed (no key is ever derived from it) and
/// TLS 1.3's key share is the X25519 base point.
pub(super) fn client_hello(host: &str, offer: &Offer<'_>) -> Vec<u8> {
    let tls13 = offer.version >= 0x0304;
    let mut ext = Vec::new();
    if offer.version > 0x0300 {
        if host.parse::<IpAddr>().is_err() && !host.starts_with('[') {
            let name = host.as_bytes();
            let mut sni = Vec::new();
            push_u16(&mut sni, name.len() + 3);
            sni.push(0);
            push_u16(&mut sni, name.len());
            sni.extend_from_slice(name);
            extension(&mut ext, 0x0000, &sni);
        }
        let mut groups = Vec::new();
        push_u16(&mut groups, offer.groups.len() * 2);
        for g in offer.groups {
            groups.extend_from_slice(&g.to_be_bytes());
        }
        extension(&mut ext, 0x000a, &groups);
        extension(&mut ext, 0x000b, &[1, 0]);
        if offer.version >= 0x0303 {
            let mut schemes = Vec::new();
            push_u16(&mut schemes, SIGNATURE_SCHEMES.len() * 2);
            for s in SIGNATURE_SCHEMES {
                schemes.extend_from_slice(&s.to_be_bytes());
            }
            extension(&mut ext, 0x000d, &schemes);
        }
        if tls13 {
            extension(&mut ext, 0x002b, &[2, 0x03, 0x04]);
            let mut share = Vec::new();
            if offer.groups.contains(&X25519) {
                let mut key = [0u8; 32];
                key[0] = 9;
                push_u16(&mut share, 4 + key.len());
                share.extend_from_slice(&X25519.to_be_bytes());
                push_u16(&mut share, key.len());
                share.extend_from_slice(&key);
            } else {
                push_u16(&mut share, 0);
            }
            extension(&mut ext, 0x0033, &share);
        }
        // renegotiation_info, empty: what every client sends on a first handshake.
        extension(&mut ext, 0xff01, &[0]);
    }

    let mut body = Vec::new();
    body.extend_from_slice(&offer.version.min(0x0303).to_be_bytes());
    body.extend_from_slice(&[0x5a; 32]);
    if tls13 {
        body.push(32);
        body.extend_from_slice(&[0xa5; 32]);
    } else {
        body.push(0);
    }
    push_u16(&mut body, offer.suites.len() * 2);
    for s in offer.suites {
        body.extend_from_slice(&s.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]);
    if !ext.is_empty() {
        push_u16(&mut body, ext.len());
        body.extend_from_slice(&ext);
    }

    let mut hs = vec![0x01];
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend_from_slice(&body);
    let mut rec = vec![0x16, 0x03, if offer.version == 0x0300 { 0 } else { 1 }];
    push_u16(&mut rec, hs.len());
    rec.extend_from_slice(&hs);
    rec
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn server_hello_record(version: u16, suite: u16, exts: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(&version.min(0x0303).to_be_bytes());
        body.extend_from_slice(&[7; 32]);
        body.push(0);
        body.extend_from_slice(&suite.to_be_bytes());
        body.push(0);
        push_u16(&mut body, exts.len());
        body.extend_from_slice(exts);
        let mut hs = vec![2];
        hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        hs.extend_from_slice(&body);
        let mut rec = vec![0x16, 3, 3];
        push_u16(&mut rec, hs.len());
        rec.extend_from_slice(&hs);
        rec
    }

    #[test]
    fn a_tls13_server_hello_is_read_from_its_extensions() {
        let offer = Offer {
            version: 0x0304,
            suites: &[0x1301, 0x1302],
            groups: &[X25519],
        };
        let mut exts = Vec::new();
        extension(&mut exts, 0x002b, &[3, 4]);
        extension(&mut exts, 0x0033, &[0, 0x1d, 0, 0]);
        let rec = server_hello_record(0x0304, 0x1302, &exts);
        let mut f = Flight::default();
        // Split across reads.
        assert_eq!(f.feed(&rec[..7], &offer), None);
        assert_eq!(
            f.feed(&rec[7..], &offer),
            Some(Answer::Chose {
                suite: 0x1302,
                group: Some(X25519),
                dh_bits: None
            })
        );
        // In middlebox-compatibility mode a ChangeCipherSpec follows in the same read.
        let mut with_ccs = rec.clone();
        with_ccs.extend_from_slice(&[0x14, 3, 3, 0, 1, 1]);
        assert!(matches!(
            Flight::default().feed(&with_ccs, &offer),
            Some(Answer::Chose { suite: 0x1302, .. })
        ));
        // Without supported_versions it is a TLS 1.2 answer: not what was offered.
        let rec = server_hello_record(0x0303, 0x1302, &[]);
        assert_eq!(Flight::default().feed(&rec, &offer), Some(Answer::Refused));
    }

    #[test]
    fn a_dhe_key_exchange_gives_the_prime_size() {
        let offer = Offer {
            version: 0x0303,
            suites: &[0x009e],
            groups: &[],
        };
        let mut rec = server_hello_record(0x0303, 0x009e, &[]);
        // ServerKeyExchange with a 1024-bit prime.
        let mut ske = vec![12, 0, 0, 0];
        let mut body = Vec::new();
        push_u16(&mut body, 128);
        body.push(0xff);
        body.extend_from_slice(&[1; 127]);
        body.extend_from_slice(&[0, 1, 2]);
        ske[3] = body.len() as u8;
        ske[2] = (body.len() >> 8) as u8;
        ske.extend_from_slice(&body);
        let mut r2 = vec![0x16, 3, 3];
        push_u16(&mut r2, ske.len());
        r2.extend_from_slice(&ske);
        rec.extend_from_slice(&r2);
        assert_eq!(
            Flight::default().feed(&rec, &offer),
            Some(Answer::Chose {
                suite: 0x009e,
                group: None,
                dh_bits: Some(1024)
            })
        );
    }

    #[test]
    fn alerts_other_versions_and_garbage_are_refusals() {
        let offer = Offer {
            version: 0x0301,
            suites: &[0x002f],
            groups: &[],
        };
        let alert = [0x15, 3, 1, 0, 2, 2, 70];
        assert_eq!(
            Flight::default().feed(&alert, &offer),
            Some(Answer::Refused)
        );
        let newer = server_hello_record(0x0303, 0x002f, &[]);
        assert_eq!(
            Flight::default().feed(&newer, &offer),
            Some(Answer::Refused)
        );
        let unoffered = server_hello_record(0x0301, 0x0035, &[]);
        assert_eq!(
            Flight::default().feed(&unoffered, &offer),
            Some(Answer::Refused)
        );
        assert_eq!(
            Flight::default().feed(b"HTTP/1.1 400 Bad Request\r\n", &offer),
            Some(Answer::Refused)
        );
        // A huge claimed length never allocates beyond the cap: it waits, then gives up.
        let mut f = Flight::default();
        assert_eq!(f.feed(&[0x16, 3, 1, 0xff, 0xff], &offer), None);
        assert_eq!(f.closed(), Answer::Refused);
    }

    #[test]
    fn hellos_are_well_formed_for_every_version() {
        for (version, _) in VERSIONS {
            let offer = Offer {
                version,
                suites: &[0x1301, 0xc02f],
                groups: suites::USUAL_GROUPS,
            };
            let h = client_hello("app.example.com", &offer);
            assert_eq!(h[0], 0x16);
            let len = u16::from_be_bytes([h[3], h[4]]) as usize;
            assert_eq!(h.len(), 5 + len);
            assert_eq!(h[5], 0x01, "ClientHello");
            assert_eq!(
                u16::from_be_bytes([h[9], h[10]]),
                version.min(0x0303),
                "client_version"
            );
            assert_eq!(
                h.windows(15).any(|w| w == b"app.example.com"),
                version > 0x0300
            );
        }
        // No SNI for an address.
        let offer = Offer {
            version: 0x0303,
            suites: &[0xc02f],
            groups: &[],
        };
        assert!(
            !client_hello("127.0.0.1", &offer)
                .windows(9)
                .any(|w| w == b"127.0.0.1")
        );
    }
}
