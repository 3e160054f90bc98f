"""Secrets of no particular service: passwords and secrets under secret-named identifiers (snake,
camel, kebab, ENV and dotted forms), private keys of every kind, weakly signed or non-expiring
JWTs, and basic-auth credentials. Each case is (service, family, ext, text, context, note)."""
from __future__ import annotations

import base64
import json

import formats as f
from formats import b64, b64u, expand, rs
from svc import WORDS, Value

# ---------------------------------------------------------------- secret-named identifiers

PREFIX = ["db", "database", "smtp", "ldap", "admin", "service", "app", "mail", "ftp", "backup", "keystore", "redis",
          "rabbitmq", "jwt", "webhook", "api", "oauth", "signing", "encryption", "master", "root", "sftp", "vpn"]
SUFFIX = ["password", "passwd", "pwd", "secret", "secret key", "client secret", "api key", "access token", "auth token",
          "private key", "token", "passphrase", "credentials", "hmac key"]


def ident(words, style):
    if style == "snake":
        return "_".join(words)
    if style == "ENV":
        return "_".join(words).upper()
    if style == "camel":
        return words[0] + "".join(w.title() for w in words[1:])
    if style == "kebab":
        return "-".join(words)
    return ".".join(words)  # dotted


def secret_value(r, suffix):
    if "password" in suffix or suffix in ("passwd", "pwd", "passphrase"):
        return expand(r, r.choice(["{pw:12-20}", "{pw:20-32}", "{upw:16-24}"]))
    return expand(r, r.choice(["{hex:32}", "{hex:64}", "{b64b:32}", "{b62:40}", "{b64u:43}"]))


def _q(v):
    return json.dumps(v)


STYLE_RENDER = {
    "snake": [("py", lambda n, v: f"import os\n\n{n} = {_q(v)}\nDEBUG = False\n"),
              ("rb", lambda n, v: f"{n} = '{v}'\nputs 'configured'\n"),
              ("yaml", lambda n, v: f"server:\n  port: 8080\n{n}: {_q(v)}\n")],
    "ENV": [("env", lambda n, v: f"APP_ENV=production\n{n}={v}\nLOG_LEVEL=info\n"),
            ("sh", lambda n, v: f"#!/bin/sh\nexport {n}='{v}'\nexec ./server\n"),
            ("dockerfile", lambda n, v: f"FROM alpine:3.20\nENV {n}={v}\nCMD [\"/app\"]\n")],
    "camel": [("js", lambda n, v: f"const config = {{\n  port: 3000,\n  {n}: '{v}',\n}};\nmodule.exports = config;\n"),
              ("ts", lambda n, v: f"export const settings = {{\n  {n}: {_q(v)},\n  retries: 3,\n}};\n"),
              ("java", lambda n, v: f"class Settings {{\n    private String {n} = {_q(v)};\n}}\n"),
              ("json", lambda n, v: json.dumps({"name": "svc", n: v, "timeout": 30}, indent=2) + "\n")],
    "kebab": [("yaml", lambda n, v: f"spring:\n  application:\n    name: orders\n{n}: {_q(v)}\n"),
              ("toml", lambda n, v: f"[server]\nhost = \"0.0.0.0\"\n{n} = {_q(v)}\n"),
              ("sh", lambda n, v: f"#!/bin/sh\n./bin/migrate --{n} '{v}' --yes\n")],
    "dotted": [("properties", lambda n, v: f"server.port=8080\n{n}={v}\n"),
               ("ini", lambda n, v: f"[main]\n{n} = {v}\n"),
               ("conf", lambda n, v: f"# service configuration\n{n} = \"{v}\"\n")],
}


def identifier_cases(r, n):
    out = []
    styles = list(STYLE_RENDER)
    for i in range(n):
        style = styles[i % len(styles)]
        suffix = r.choice(SUFFIX)
        words = ([r.choice(PREFIX)] if r.random() < 0.8 else []) + suffix.split()
        if style == "dotted" and r.random() < 0.4:
            words = r.choice([["spring", "datasource", "password"], ["mail", "smtp", "password"], ["ldap", "bind", "password"],
                              ["security", "jwt", "secret"], ["keystore", "password"]])
            suffix = words[-1]
        name = ident(words, style)
        v = secret_value(r, suffix)
        ext, fn = r.choice(STYLE_RENDER[style])
        fam = "generic-password" if any(w in ("password", "passwd", "pwd", "passphrase") for w in words) else "generic-secret"
        out.append(("generic", fam, ext, fn(name, v), f"identifier-{style}", f"{name} in {style} form"))
    return out


# ---------------------------------------------------------------- private keys of every kind

def x25519_pem(r):
    return f.pem("PRIVATE KEY", f.seq(f.dint(0), f.seq(f.oid("1.3.101.110")), f.octets(f.octets(r.randbytes(32)))))


def age_key(r):
    return "# created: 2025-03-01T10:00:00Z\n# public key: age1" + rs(r, 58, "qpzry9x8gf2tvdw0s3jn54khce6mua7l") + \
        "\nAGE-SECRET-KEY-1" + rs(r, 58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L") + "\n"


def wireguard(r):
    return (f"[Interface]\nPrivateKey = {b64(r.randbytes(32))}\nAddress = 10.{r.randint(0, 254)}.0.{r.randint(2, 254)}/32\n"
            f"DNS = 1.1.1.1\n\n[Peer]\nPublicKey = {b64(r.randbytes(32))}\nEndpoint = vpn.{r.choice(WORDS)}.net:51820\n"
            "AllowedIPs = 0.0.0.0/0\n")


def jwk_private(r):
    if r.random() < 0.5:
        d = {"kty": "EC", "crv": "P-256", "x": b64u(r.randbytes(32)), "y": b64u(r.randbytes(32)), "d": b64u(r.randbytes(32)),
             "kid": rs(r, 8, f.B62)}
    else:
        d = {"kty": "RSA", "n": b64u(r.randbytes(256)), "e": "AQAB", "d": b64u(r.randbytes(256)), "p": b64u(r.randbytes(128)),
             "q": b64u(r.randbytes(128)), "dp": b64u(r.randbytes(128)), "dq": b64u(r.randbytes(128)), "qi": b64u(r.randbytes(128))}
    return json.dumps({"keys": [d]}, indent=2)


def ssh2_private(r):
    body = b64(r.randbytes(16 * r.randint(40, 60)))
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    return ("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"" + rs(r, 6, f.LOW) + "@host\"\n" + "\n".join(lines)
            + "\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n")


KEYS = [
    ("RSA PKCS#1", f.rsa_private_pem, ""), ("PKCS#8 RSA", f.pkcs8_rsa_pem, ""), ("EC SEC1", f.ec_private_pem, ""),
    ("PKCS#8 EC", f.pkcs8_ec_pem, ""), ("PKCS#8 Ed25519", f.pkcs8_ed25519_pem, ""), ("PKCS#8 X25519", x25519_pem, ""),
    ("DSA", f.dsa_private_pem, ""),
    ("encrypted PKCS#8", f.encrypted_pkcs8_pem, "passphrase-protected; still leaked key material"),
    ("legacy encrypted RSA", f.legacy_encrypted_rsa_pem, "passphrase-protected; still leaked key material"),
    ("OpenSSH Ed25519", lambda r: f.openssh_private(r, "ed25519"), ""), ("OpenSSH RSA", lambda r: f.openssh_private(r, "rsa"), ""),
    ("OpenSSH encrypted", lambda r: f.openssh_private(r, "ed25519", encrypted=True), "passphrase-protected; still leaked key material"),
    ("PGP private key block", f.pgp_private, ""), ("PuTTY PPK", f.putty_private, ""), ("age secret key", age_key, ""),
    ("WireGuard private key", wireguard, ""), ("JWK private key", jwk_private, ""),
    ("SSH2 (ssh.com) encrypted key", ssh2_private, "passphrase-protected; still leaked key material"),
]
KEY_NAMES = ["PRIVATE_KEY", "SSH_PRIVATE_KEY", "TLS_KEY", "SIGNING_KEY", "DEPLOY_KEY", "JWT_PRIVATE_KEY", "GPG_PRIVATE_KEY"]
KEY_EXT = {"PuTTY PPK": "ppk", "age secret key": "txt", "WireGuard private key": "conf", "JWK private key": "json",
           "PGP private key block": "asc"}


def key_cases(r, n, render):
    """render(r, value, renderer_hint) -> (ext, text, context) using the shared context renderers."""
    out = []
    for i in range(n):
        label, fn, note = KEYS[i % len(KEYS)]
        text = fn(r)
        if label in KEY_EXT and r.random() < 0.6:
            out.append(("private-key", "private-key", KEY_EXT[label], text, "key-file", f"{label}. {note}".strip(". ")))
            continue
        val = Value("multiline", name=r.choice(KEY_NAMES), text=text)
        ext, body, ctx = render(r, val)
        out.append(("private-key", "private-key", ext, body, ctx, f"{label}. {note}".strip(". ")))
    return out


# ---------------------------------------------------------------- JWTs and basic auth

WEAK = ["secret", "your-256-bit-secret", "changeme", "password", "jwt_secret", "supersecret", "mysecret", "secretkey",
        "123456", "test", "shhhhh", "keyboard cat"]
JWT_NAMES = ["API_TOKEN", "AUTH_TOKEN", "SERVICE_TOKEN", "ACCESS_TOKEN", "INTERNAL_API_TOKEN", "ADMIN_TOKEN", "BEARER_TOKEN"]


def jwt_value(r, weak):
    iat = r.randint(1_650_000_000, 1_750_000_000)
    payload = {"sub": r.choice(["svc-billing", "ci-deployer", "admin", str(r.randint(1, 9999))]),
               "role": r.choice(["admin", "service", "internal", "superuser"]), "iat": iat}
    if r.random() < 0.5:
        payload["iss"] = f"https://auth.{r.choice(WORDS)}.io"
    if weak:
        payload["exp"] = iat + r.choice([3600, 86400 * 365 * 10])
        return f.jwt(r, payload, secret=r.choice(WEAK).encode()), "HS256 with a guessable secret"
    alg = r.choice(["HS256", "RS256", "ES256"])
    return f.jwt(r, payload, secret=r.randbytes(32), alg=alg), f"{alg}, no exp claim"


def jwt_cases(r, n, render):
    out = []
    for i in range(n):
        tok, note = jwt_value(r, weak=i % 2 == 0)
        val = Value("token", name=r.choice(JWT_NAMES), text=tok, ident=True)
        ext, body, ctx = render(r, val)
        out.append(("generic-jwt", "jwt", ext, body, ctx, note))
    return out


def basic_cases(r, n):
    out = []
    for i in range(n):
        user, pw = r.choice(["admin", "deploy", "svc", "jenkins", r.choice(WORDS)]), expand(r, "{upw:14-24}")
        host = f"{r.choice(['api', 'internal', 'registry', 'git'])}.{r.choice(WORDS)}.{r.choice(['com', 'io', 'net'])}"
        k = i % 4
        if k == 0:
            out.append(("basic-auth", "basic-auth", "sh", f"curl -fsS -u {user}:{pw} https://{host}/v1/status\n", "curl-basic", ""))
        elif k == 1:
            out.append(("basic-auth", "basic-auth", "env", f"UPSTREAM_URL=https://{user}:{pw}@{host}/feed\n", "url-userinfo", ""))
        elif k == 2:
            tok = base64.b64encode(f"{user}:{pw}".encode()).decode()
            out.append(("basic-auth", "basic-auth", "http", f"GET https://{host}/api/items\nAuthorization: Basic {tok}\n", "http-basic", ""))
        else:
            out.append(("basic-auth", "basic-auth", "netrc", f"machine {host}\n  login {user}\n  password {pw}\n", "netrc", ""))
    return out
