"""Value generators for the accuracy corpus: charsets, a small shape template language and
builders for structured credentials (checksummed tokens, PEM/DER keys, macaroons, JWTs...).

Everything here is written from the providers' public descriptions of their token formats;
every body is random, drawn from the generator's seeded RNG. Nothing is a real credential.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import string
import struct
import zlib

DIG = string.digits
LOW = string.ascii_lowercase
UP = string.ascii_uppercase
ALPHA = UP + LOW
B62 = DIG + UP + LOW  # GitHub's base62 alphabet order, used by its checksum
CHARSETS = {
    "hex": DIG + "abcdef",
    "HEX": DIG + "ABCDEF",
    "b62": B62,
    "an": LOW + DIG,  # lower-case alphanumeric
    "AN": UP + DIG,  # upper-case alphanumeric
    "b64": ALPHA + DIG + "+/",
    "b64u": ALPHA + DIG + "-_",
    "dig": DIG,
    "low": LOW,
    "up": UP,
    "UP": UP,
    "alpha": ALPHA,
    "b32": UP + "234567",
    "B32": UP + "234567",
    "b32l": LOW + "234567",
    "b58": "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    # password-ish charset that survives .env, YAML (quoted), JSON and shell single quotes
    "pw": ALPHA + DIG + "!*-._~+=^",
    # URI-safe password charset (RFC 3986 unreserved)
    "upw": ALPHA + DIG + "-._~",
    "azs": ALPHA + DIG + "_~.-",  # Entra client secret charset
}

_TPL = re.compile(r"\{(\w+)(?::(\d+)(?:-(\d+))?)?\}")


def rs(r, n, cs):
    return "".join(r.choice(cs) for _ in range(n))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def uuid4(r) -> str:
    h = "%032x" % r.getrandbits(128)
    h = h[:12] + "4" + h[13:16] + r.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def expand(r, tpl: str) -> str:
    """Expand a shape template: literal text with {kind:n} or {kind:min-max} fields.

    kinds: the CHARSETS names; uuid / UUID; int (a number in min-max); b64b / b64ub / hexb (n random
    bytes, base64 with padding / base64url without / hex); ts (a recent unix time)."""

    def one(m):
        kind, a, b = m.group(1), m.group(2), m.group(3)
        if kind == "uuid":
            return uuid4(r)
        if kind == "UUID":
            return uuid4(r).upper()
        if kind == "ts":
            return str(r.randint(1_690_000_000, 1_760_000_000))
        lo = int(a) if a else 1
        hi = int(b) if b else lo
        if kind == "int":
            return str(r.randint(lo, hi))
        n = r.randint(lo, hi)
        if kind == "b64b":
            return b64(r.randbytes(n))
        if kind == "b64ub":
            return b64u(r.randbytes(n))
        if kind == "hexb":
            return r.randbytes(n).hex()
        return rs(r, n, CHARSETS[kind])

    return _TPL.sub(one, tpl)


# ---------------------------------------------------------------- checksummed tokens

def base62(n: int) -> str:
    out = ""
    while n:
        n, d = divmod(n, 62)
        out = B62[d] + out
    return out or "0"


def crc32_b62_token(r, prefix: str, body_len: int = 30) -> str:
    """GitHub's classic token scheme (also used by npm's npm_ tokens): 30 random base62 chars then
    the CRC32 of those chars, base62-encoded and left-padded with 0 to 6 chars."""
    body = rs(r, body_len, B62)
    return prefix + body + base62(zlib.crc32(body.encode()) & 0xFFFFFFFF).rjust(6, "0")


def github_fine_grained(r) -> str:
    return "github_pat_" + rs(r, 22, B62) + "_" + rs(r, 59, B62)


# ---------------------------------------------------------------- macaroons (PyPI)

def _varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def _mfield(t, data: bytes):
    return bytes([t]) + _varint(len(data)) + data


def pypi_token(r, location="pypi.org") -> str:
    """A macaroon v2 (binary) the way PyPI mints API tokens: location, a uuid identifier, one or
    two JSON caveats, a 32-byte signature; base64url without padding behind `pypi-`."""
    m = b"\x02" + _mfield(1, location.encode()) + _mfield(2, uuid4(r).encode()) + b"\x00"
    cav = [json.dumps({"version": 1, "permissions": "user"}, separators=(",", ":"))]
    if r.random() < 0.5:
        cav = [json.dumps({"version": 1, "permissions": {"projects": [rs(r, r.randint(4, 12), LOW)]}},
                          separators=(",", ":"))]
    if r.random() < 0.4:
        cav.append(json.dumps([1, {"nbf": r.randint(1_700_000_000, 1_750_000_000)}], separators=(",", ":")))
    for c in cav:
        m += _mfield(2, c.encode()) + b"\x00"
    m += b"\x00" + _mfield(6, r.randbytes(32))
    return "pypi-" + b64u(m)


# ---------------------------------------------------------------- JWT

def jwt(r, payload: dict, secret: bytes | None = None, alg="HS256", header_extra=None) -> str:
    hdr = {"alg": alg, "typ": "JWT"}
    if header_extra:
        hdr.update(header_extra)
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    msg = f"{h}.{p}".encode()
    if alg == "HS256" and secret is not None:
        sig = hmac.new(secret, msg, hashlib.sha256).digest()
    elif alg in ("RS256", "PS256"):
        sig = r.randbytes(256)
    elif alg in ("ES256", "EdDSA"):
        sig = r.randbytes(64)
    else:
        sig = r.randbytes(32)
    return f"{h}.{p}.{b64u(sig)}"


# ---------------------------------------------------------------- DER / PEM

def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body: bytes) -> bytes:
    return bytes([tag]) + der_len(len(body)) + body


def seq(*items):
    return der(0x30, b"".join(items))


def dint(v) -> bytes:
    if isinstance(v, int):
        b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
        b = b.lstrip(b"\x00") or b"\x00"
    else:
        b = v
    if b[0] & 0x80:
        b = b"\x00" + b
    return der(0x02, b)


def oid(dotted: str) -> bytes:
    parts = [int(x) for x in dotted.split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(enc)
    return der(0x06, body)


NULL = b"\x05\x00"


def octets(b):
    return der(0x04, b)


def bits(b):
    return der(0x03, b"\x00" + b)


def pem(label: str, data: bytes, width=64, headers: str = "") -> str:
    s = b64(data)
    lines = [s[i:i + width] for i in range(0, len(s), width)]
    head = f"-----BEGIN {label}-----\n" + (headers + "\n\n" if headers else "")
    return head + "\n".join(lines) + f"\n-----END {label}-----\n"


def _big(r, nbytes):
    b = bytearray(r.randbytes(nbytes))
    b[0] |= 0x80
    b[-1] |= 1
    return bytes(b)


def rsa_pkcs1_der(r, bits_=2048):
    n = bits_ // 8
    h = n // 2
    return seq(dint(0), dint(_big(r, n)), dint(65537), dint(_big(r, n)), dint(_big(r, h)), dint(_big(r, h)),
               dint(_big(r, h)), dint(_big(r, h)), dint(_big(r, h)))


def rsa_private_pem(r, bits_=None):
    return pem("RSA PRIVATE KEY", rsa_pkcs1_der(r, bits_ or r.choice([2048, 2048, 2048, 3072, 4096, 1024])))


def pkcs8_rsa_der(r, bits_=2048):
    return seq(dint(0), seq(oid("1.2.840.113549.1.1.1"), NULL), octets(rsa_pkcs1_der(r, bits_)))


def pkcs8_rsa_pem(r):
    return pem("PRIVATE KEY", pkcs8_rsa_der(r, r.choice([2048, 2048, 4096])))


CURVES = {"P-256": ("1.2.840.10045.3.1.7", 32), "P-384": ("1.3.132.0.34", 48)}


def ec_sec1_der(r, curve="P-256"):
    o, n = CURVES[curve]
    return seq(dint(1), octets(r.randbytes(n)), der(0xA0, oid(o)), der(0xA1, bits(b"\x04" + r.randbytes(2 * n))))


def ec_private_pem(r):
    return pem("EC PRIVATE KEY", ec_sec1_der(r, r.choice(["P-256", "P-256", "P-384"])))


def pkcs8_ec_pem(r):
    """PKCS#8 EC key, as in Apple .p8 auth keys and Coinbase CDP keys."""
    inner = seq(dint(1), octets(r.randbytes(32)), der(0xA1, bits(b"\x04" + r.randbytes(64))))
    d = seq(dint(0), seq(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")), octets(inner))
    return pem("PRIVATE KEY", d)


def pkcs8_ed25519_pem(r):
    d = seq(dint(0), seq(oid("1.3.101.112")), octets(octets(r.randbytes(32))))
    return pem("PRIVATE KEY", d)


def encrypted_pkcs8_pem(r):
    alg = seq(oid("1.2.840.113549.1.5.13"), seq(
        seq(oid("1.2.840.113549.1.5.12"), seq(octets(r.randbytes(16)), dint(2048),
                                               seq(oid("1.2.840.113549.2.9"), NULL))),
        seq(oid("2.16.840.1.101.3.4.1.42"), octets(r.randbytes(16)))))
    return pem("ENCRYPTED PRIVATE KEY", seq(alg, octets(r.randbytes(16 * r.randint(76, 80)))))


def legacy_encrypted_rsa_pem(r):
    hdr = f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{r.randbytes(16).hex().upper()}"
    return pem("RSA PRIVATE KEY", r.randbytes(16 * 76), headers=hdr)


def dsa_private_pem(r):
    return pem("DSA PRIVATE KEY", seq(dint(0), dint(_big(r, 128)), dint(_big(r, 20)), dint(_big(r, 128)),
                                      dint(_big(r, 128)), dint(_big(r, 20))))


def _sshstr(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b


def _mpint(b: bytes) -> bytes:
    if b[0] & 0x80:
        b = b"\x00" + b
    return _sshstr(b)


def openssh_private(r, kind="ed25519", encrypted=False):
    if kind == "ed25519":
        pub = r.randbytes(32)
        pubblob = _sshstr(b"ssh-ed25519") + _sshstr(pub)
        priv = _sshstr(b"ssh-ed25519") + _sshstr(pub) + _sshstr(r.randbytes(32) + pub)
    else:
        n = _big(r, 256)
        pubblob = _sshstr(b"ssh-rsa") + _mpint(b"\x01\x00\x01") + _mpint(n)
        priv = (_sshstr(b"ssh-rsa") + _mpint(n) + _mpint(b"\x01\x00\x01") + _mpint(_big(r, 256))
                + _mpint(_big(r, 128)) + _mpint(_big(r, 128)) + _mpint(_big(r, 128)))
    check = r.randbytes(4)
    comment = (rs(r, r.randint(3, 8), LOW) + "@" + rs(r, r.randint(4, 9), LOW)).encode()
    sec = check + check + priv + _sshstr(comment)
    i = 1
    while len(sec) % 8:
        sec += bytes([i])
        i += 1
    if encrypted:
        cipher, kdf, kdfopts = b"aes256-ctr", b"bcrypt", _sshstr(r.randbytes(16)) + struct.pack(">I", 16)
        sec = r.randbytes(len(sec) + 16 - len(sec) % 16)
    else:
        cipher, kdf, kdfopts = b"none", b"none", b""
    blob = (b"openssh-key-v1\x00" + _sshstr(cipher) + _sshstr(kdf) + _sshstr(kdfopts) + struct.pack(">I", 1)
            + _sshstr(pubblob) + _sshstr(sec))
    return pem("OPENSSH PRIVATE KEY", blob, width=70)


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def pgp_armor(label, body: bytes, comment: str = "") -> str:
    s = b64(body)
    lines = [s[i:i + 64] for i in range(0, len(s), 64)]
    ck = b64(crc24(body).to_bytes(3, "big"))
    head = f"-----BEGIN PGP {label}-----\n" + (f"Comment: {comment}\n" if comment else "")
    return head + "\n" + "\n".join(lines) + f"\n={ck}\n-----END PGP {label}-----\n"


def pgp_private(r):
    """OpenPGP secret-key packet (tag 5, v4, EdDSA) plus a user id packet, random key material."""
    ts = struct.pack(">I", r.randint(1_500_000_000, 1_750_000_000))
    pk = b"\x04" + ts + b"\x16" + b"\x09" + bytes.fromhex("2b06010401da470f01") + b"\x01\x07" + b"\x40" + r.randbytes(32)
    sk = pk + b"\x00" + b"\x00\xff" + r.randbytes(32) + r.randbytes(2)
    body = b"\xc5" + bytes([len(sk)]) + sk
    uid = f"{rs(r, 6, LOW).title()} {rs(r, 7, LOW).title()} <{rs(r, 6, LOW)}@{rs(r, 6, LOW)}.dev>".encode()
    body += b"\xcd" + bytes([len(uid)]) + uid + b"\xc2" + bytes([120]) + r.randbytes(120)
    return pgp_armor("PRIVATE KEY BLOCK", body)


def putty_private(r):
    pub = _sshstr(b"ssh-ed25519") + _sshstr(r.randbytes(32))
    priv = _sshstr(r.randbytes(32))
    pl = b64(pub)
    pv = b64(priv)
    wrap = lambda s: [s[i:i + 64] for i in range(0, len(s), 64)]
    v = r.choice([2, 3])
    out = [f"PuTTY-User-Key-File-{v}: ssh-ed25519", "Encryption: none",
           f"Comment: eddsa-key-{r.randint(2019, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}",
           f"Public-Lines: {len(wrap(pl))}", *wrap(pl), f"Private-Lines: {len(wrap(pv))}", *wrap(pv),
           f"Private-MAC: {r.randbytes(32 if v == 3 else 20).hex()}"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- public material (negatives)

def rsa_spki_der(r, bits_=2048):
    return seq(seq(oid("1.2.840.113549.1.1.1"), NULL), bits(seq(dint(_big(r, bits_ // 8)), dint(65537))))


def public_pem(r):
    if r.random() < 0.7:
        return pem("PUBLIC KEY", rsa_spki_der(r, r.choice([2048, 4096])))
    d = seq(seq(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")), bits(b"\x04" + r.randbytes(64)))
    return pem("PUBLIC KEY", d)


def rsa_public_pkcs1_pem(r):
    return pem("RSA PUBLIC KEY", seq(dint(_big(r, 256)), dint(65537)))


def ssh_public(r, comment=None):
    k = r.choice(["rsa", "ed25519", "ed25519", "ecdsa"])
    if k == "rsa":
        blob = _sshstr(b"ssh-rsa") + _mpint(b"\x01\x00\x01") + _mpint(_big(r, r.choice([256, 384, 512])))
        name = "ssh-rsa"
    elif k == "ed25519":
        blob = _sshstr(b"ssh-ed25519") + _sshstr(r.randbytes(32))
        name = "ssh-ed25519"
    else:
        blob = _sshstr(b"ecdsa-sha2-nistp256") + _sshstr(b"nistp256") + _sshstr(b"\x04" + r.randbytes(64))
        name = "ecdsa-sha2-nistp256"
    c = comment or f"{rs(r, r.randint(3, 8), LOW)}@{rs(r, r.randint(4, 9), LOW)}"
    return f"{name} {b64(blob)} {c}"


def _name(cn):
    return seq(der(0x31, seq(oid("2.5.4.6"), der(0x13, b"US"))),
               der(0x31, seq(oid("2.5.4.10"), der(0x0C, b"Example Org"))),
               der(0x31, seq(oid("2.5.4.3"), der(0x0C, cn.encode()))))


def certificate_pem(r, cn=None):
    cn = cn or f"{rs(r, 6, LOW)}.example.com"
    y = r.randint(20, 25)
    validity = seq(der(0x17, f"{y}0101000000Z".encode()), der(0x17, f"{y + 1}0101000000Z".encode()))
    sigalg = seq(oid("1.2.840.113549.1.1.11"), NULL)
    tbs = seq(der(0xA0, dint(2)), dint(r.randbytes(16)), sigalg, _name("Example Intermediate CA"), validity,
              _name(cn), rsa_spki_der(r))
    return pem("CERTIFICATE", seq(tbs, sigalg, bits(r.randbytes(256))))


def pgp_public(r):
    ts = struct.pack(">I", r.randint(1_500_000_000, 1_750_000_000))
    pk = b"\x04" + ts + b"\x16" + b"\x09" + bytes.fromhex("2b06010401da470f01") + b"\x01\x07" + b"\x40" + r.randbytes(32)
    body = b"\xc6" + bytes([len(pk)]) + pk
    uid = f"{rs(r, 6, LOW).title()} <{rs(r, 6, LOW)}@example.org>".encode()
    body += b"\xcd" + bytes([len(uid)]) + uid + b"\xc2" + bytes([150]) + r.randbytes(150)
    return pgp_armor("PUBLIC KEY BLOCK", body)


def jwt_h(r, header: dict, payload: dict, sig_bytes=256) -> str:
    """A JWT with an exact header (key order kept) and a random signature of sig_bytes bytes."""
    h = b64u(json.dumps(header, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{b64u(r.randbytes(sig_bytes))}"
