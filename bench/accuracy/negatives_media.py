"""Look-alikes part 4: base64 images and fonts, generated minified JavaScript and source maps,
public keys and certificates, CSS/HTML and SQL. Each case is (family, ext, text, context, note)."""
from __future__ import annotations

import base64
import json
import struct
import zlib

import formats as f
from formats import b64, rs
from svc import WORDS

LOW = "abcdefghijklmnopqrstuvwxyz"


# ---------------------------------------------------------------- media

def png(r, w=None, h=None):
    w, h = w or r.randint(8, 64), h or r.randint(8, 64)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + r.randbytes(w * 4) for _ in range(h))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def svg(r):
    c = lambda: "#%06x" % r.getrandbits(24)  # noqa: E731
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="{c()}" d="M{r.randint(1, 9)} '
            f'{r.randint(1, 9)}h{r.randint(4, 14)}v{r.randint(4, 14)}H{r.randint(1, 9)}z"/><circle cx="12" cy="12" r="{r.randint(2, 9)}" '
            f'stroke="{c()}"/></svg>').encode()


def woff2(r):
    return b"wOF2\x00\x01\x00\x00" + struct.pack(">I", r.randint(2000, 9000)) + r.randbytes(r.randint(600, 2400))


def gif(r):
    return b"GIF89a" + struct.pack("<HH", 1, 1) + b"\x80\x00\x00" + r.randbytes(6) + b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


def media(r, n):
    out = []
    for i in range(n):
        k = i % 6
        if k == 0:
            out.append(("base64-media", "css", f".icon-{r.choice(WORDS)} {{\n  width: 16px;\n  background-image: url(data:image/png;base64,{b64(png(r))});\n}}\n", "css", "PNG"))
        elif k == 1:
            out.append(("base64-media", "html", f'<img alt="{r.choice(WORDS)}" src="data:image/png;base64,{b64(png(r))}" width="32">\n', "html", "PNG"))
        elif k == 2:
            out.append(("base64-media", "css", f"@font-face {{\n  font-family: '{r.choice(WORDS).title()} Sans';\n  src: url(data:font/woff2;base64,"
                        f"{b64(woff2(r))}) format('woff2');\n  font-display: swap;\n}}\n", "css", "WOFF2 font"))
        elif k == 3:
            out.append(("base64-media", "js", f"export const ICON_{r.choice(WORDS).upper()} =\n  'data:image/svg+xml;base64,{b64(svg(r))}';\n", "js", "SVG"))
        elif k == 4:
            out.append(("base64-media", "md", f"![{r.choice(WORDS)}](data:image/gif;base64,{b64(gif(r))})\n\nSpacer above.\n", "markdown", "GIF"))
        else:
            out.append(("base64-media", "json", json.dumps({"name": r.choice(WORDS), "thumbnail": "data:image/png;base64," + b64(png(r, 24, 24))}) + "\n",
                        "json", "PNG thumbnail"))
    return out


# ---------------------------------------------------------------- minified JavaScript and source maps

def _id(r):
    return r.choice(LOW) + (r.choice(LOW + "0123456789_$") if r.random() < 0.5 else "")


def minified(r, n):
    out = []
    for i in range(n):
        mods, chunks = [], {}
        for m in range(r.randint(4, 9)):
            a, b, c = _id(r), _id(r), _id(r)
            s = r.choice(WORDS)
            mods.append(f'function({a},{b},{c}){{"use strict";{c}.r({b});var {_id(r)}={c}({r.randint(10, 999)}),{_id(r)}=function({a}){{return '
                        f'{a}&&{a}.__esModule?{a}:{{default:{a}}}}};{b}.default=function(){{return"{s}-"+{r.randint(1, 99)}}};'
                        f'var {_id(r)}="{s}",{_id(r)}=[{",".join(str(r.randint(0, 255)) for _ in range(6))}];}}')
            chunks[r.randint(1, 900)] = r.randbytes(4).hex()
        body = (f"/*! {r.choice(WORDS)} v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)} | MIT */\n"
                f"!function(e){{var t={{}};function n(r){{if(t[r])return t[r].exports;var o=t[r]={{i:r,l:!1,exports:{{}}}};"
                f"return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}}n.p=\"/static/\";n.u=function(e){{return\"chunk-\"+e+\".\"+"
                f"{json.dumps({str(k): v for k, v in chunks.items()}, separators=(',', ':'))}[e]+\".js\"}};n(n.s={r.randint(0, 9)})}}([{','.join(mods)}]);")
        if i % 2:
            sm = {"version": 3, "file": "main.js", "sources": [f"webpack:///src/{w}.ts" for w in r.sample(WORDS, 3)],
                  "mappings": ";".join(",".join(rs(r, r.randint(4, 7), f.CHARSETS["b64"]) for _ in range(r.randint(3, 9))) for _ in range(12)),
                  "names": r.sample(WORDS, 5)}
            body += "\n//# sourceMappingURL=data:application/json;charset=utf-8;base64," + b64(json.dumps(sm).encode())
        out.append(("minified", "js", body + "\n", "minified-js", "generated bundle"))
    return out


# ---------------------------------------------------------------- public keys and certificates

def jwks(r):
    return json.dumps({"keys": [{"kty": "RSA", "use": "sig", "kid": rs(r, 16, f.B62), "alg": "RS256", "e": "AQAB",
                                 "n": base64.urlsafe_b64encode(r.randbytes(256)).decode().rstrip("=")}]}, indent=2)


def public_keys(r, n):
    out = []
    for i in range(n):
        k = i % 10
        if k == 0:
            out.append(("public-key", "pem", f.public_pem(r), "pem-file", "SubjectPublicKeyInfo"))
        elif k == 1:
            out.append(("public-key", "pem", f.rsa_public_pkcs1_pem(r), "pem-file", "PKCS#1 public key"))
        elif k == 2:
            out.append(("public-key", "txt", "".join(f.ssh_public(r) + "\n" for _ in range(r.randint(1, 4))), "authorized_keys", ""))
        elif k == 3:
            line = lambda: f"|1|{b64(r.randbytes(20))}|{b64(r.randbytes(20))} " + " ".join(f.ssh_public(r).split()[:2])  # noqa: E731
            out.append(("public-key", "txt", line() + "\n" + line() + "\n", "known_hosts", ""))
        elif k == 4:
            out.append(("public-key", "asc", f.pgp_public(r), "pgp-public", ""))
        elif k == 5:
            out.append(("public-key", "crt", f.certificate_pem(r) + (f.certificate_pem(r, "Example Intermediate CA") if r.random() < 0.5 else ""),
                        "certificate", ""))
        elif k == 6:
            out.append(("public-key", "json", jwks(r) + "\n", "jwks", "public JWK set"))
        elif k == 7:
            out.append(("public-key", "tf", f'resource "github_repository_deploy_key" "ci" {{\n  title      = "ci"\n  repository = "{r.choice(WORDS)}"\n'
                        f'  key        = "{f.ssh_public(r, "ci@deploy")}"\n  read_only  = true\n}}\n', "terraform", ""))
        elif k == 8:
            out.append(("public-key", "conf", f"[Peer]\nPublicKey = {b64(r.randbytes(32))}\nAllowedIPs = 10.8.0.{r.randint(2, 250)}/32\n"
                        f"Endpoint = {r.choice(WORDS)}.example.net:51820\n", "wireguard-peer", "peer public key only"))
        else:
            cert = f.certificate_pem(r)
            out.append(("public-key", "json", json.dumps({"domain": f"{r.choice(WORDS)}.example.com", "certificate": cert, "chain": []}, indent=2) + "\n",
                        "json-certificate", ""))
    return out


# ---------------------------------------------------------------- CSS/HTML, SQL

def css_html(r, n):
    out = []
    for i in range(n):
        k = i % 4
        if k == 0:
            rules = "".join(f".{r.choice(WORDS).title()}_{r.choice(WORDS)}__{rs(r, 5, f.B62)} {{ color: #{r.getrandbits(24):06x}; "
                            f"margin: {r.randint(0, 24)}px; }}\n" for _ in range(4))
            out.append(("css-html", "css", rules, "css-modules", ""))
        elif k == 1:
            nonce = b64(r.randbytes(16))
            out.append(("css-html", "html", f'<meta http-equiv="Content-Security-Policy" content="script-src \'nonce-{nonce}\'">\n'
                        f'<script nonce="{nonce}">window.dataLayer=window.dataLayer||[];</script>\n', "csp-nonce", ""))
        elif k == 2:
            out.append(("css-html", "html", f'<meta name="google-site-verification" content="{rs(r, 43, f.B62 + "-_")}" />\n'
                        f'<meta name="facebook-domain-verification" content="{rs(r, 30, LOW + "0123456789")}" />\n', "site-verification",
                        "domain-verification tokens are published by design"))
        else:
            out.append(("css-html", "html", f'<form method="post" action="/login">\n  <label for="password">Password</label>\n'
                        f'  <input type="password" id="password" name="password" autocomplete="current-password" required>\n'
                        f'  <input type="text" name="api_key" placeholder="API key">\n</form>\n', "html-form", ""))
    return out


def sql(r, n):
    out = []
    for i in range(n):
        k = i % 4
        if k == 0:
            out.append(("sql", "sql", "CREATE TABLE users (\n  id uuid PRIMARY KEY,\n  email text NOT NULL,\n  password_hash text NOT NULL,\n"
                        "  api_key_hash char(64),\n  reset_token_expires_at timestamptz\n);\n", "ddl", ""))
        elif k == 1:
            out.append(("sql", "sql", "".join(f"INSERT INTO api_keys (name, key_hash) VALUES ('{r.choice(WORDS)}', '{r.randbytes(32).hex()}');\n"
                                              for _ in range(3)), "insert-hashes", "sha256 digests of keys"))
        elif k == 2:
            out.append(("sql", "sql", "SELECT id, scopes FROM tokens WHERE token_hash = $1 AND revoked_at IS NULL;\n"
                        "UPDATE users SET password_hash = :hash WHERE id = :id;\n", "queries", ""))
        else:
            out.append(("sql", "sql", "-- password supplied by psql -v\nCREATE ROLE app LOGIN PASSWORD :'app_password';\n"
                        "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO app;\n", "ddl", ""))
    return out


def cases(r):
    return media(r, 100) + minified(r, 80) + public_keys(r, 150) + css_html(r, 50) + sql(r, 50)
