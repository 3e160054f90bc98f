"""File-format renderers: escaped JSON, Kubernetes Secrets, encoded values, PEM files, whole
credential documents, and the service-specific dotfiles (.npmrc, .pypirc, .netrc, ...)."""
from __future__ import annotations

import base64
import json
import urllib.parse

from contexts import (WORDS, env, group, items, kebab, main_item, q, reg, snake, yval)


def b64s(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


# ---------------------------------------------------------------- escaped JSON

@reg("json-escaped", kinds=("token", "pairs", "multiline"))
def r_json_escaped(r, val, svc):
    inner = json.dumps({snake(n): v for n, v in items(val)}, separators=(",", ":"))
    style = r.choice(["nested", "slash", "unicode"])
    if style == "slash":
        inner = inner.replace("/", "\\/")
    enc = json.dumps(inner)
    if style == "slash":
        enc = enc.replace("\\\\/", "\\/")
    if style == "unicode":
        enc = enc.replace("/", "\\u002F")
    doc = (f'{{"id":{r.randint(100, 99999)},"type":"{r.choice(["config.updated", "integration"])}",'
           f'"payload":{enc},"created_at":"2025-0{r.randint(1, 9)}-1{r.randint(0, 9)}T08:00:00Z"}}')
    return "json", doc + "\n"


# ---------------------------------------------------------------- Kubernetes Secret

@reg("k8s-secret", kinds=("token", "pairs", "multiline", "doc"))
def r_k8s(r, val, svc):
    name = f"{group(svc)}-{r.choice(['credentials', 'secret', 'keys'])}"
    if val.kind == "doc":
        its = [(f"{val.doc.name}.{val.doc.ext}", val.doc.text)]
    else:
        its = [(kebab(n) if r.random() < 0.5 else env(n), v) for n, v in items(val)]
    lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {name}",
             f"  namespace: {r.choice(['default', 'prod', 'platform'])}", "type: Opaque"]
    if r.random() < 0.75:
        lines.append("data:")
        lines += [f"  {k}: {b64s(v)}" for k, v in its]
    else:
        lines.append("stringData:")
        for k, v in its:
            if "\n" in v:
                lines.append(f"  {k}: |")
                lines += ["    " + ln for ln in v.rstrip("\n").split("\n")]
            else:
                lines.append(f"  {k}: {yval(r, v)}")
    return "yaml", "\n".join(lines) + "\n"


# ---------------------------------------------------------------- encodings inside normal text

@reg("base64-in-text", kinds=("token", "pairs", "multiline"))
def r_b64text(r, val, svc):
    style = r.choice(["envblob", "jsonblob", "basic"] if val.kind == "token" and val.ident else ["envblob", "jsonblob"])
    name, v = main_item(val)
    if val.kind == "multiline":
        return "env", f"APP_ENV=production\n{env(name)}_B64={b64s(v)}\nWORKERS=2\n"
    if style == "envblob":
        blob = "".join(f"{env(n)}={x}\n" for n, x in items(val))
        return "sh", (f"#!/bin/sh\n# restore the deploy environment\necho '{b64s(blob)}' | base64 -d > .env.production\n"
                      "exec ./start.sh\n")
    if style == "jsonblob":
        blob = json.dumps({snake(n): x for n, x in items(val)})
        return "yaml", f"deploy:\n  target: {r.choice(WORDS)}\n  settings_b64: {b64s(blob)}\n"
    up = f"{r.choice(['x-access-token', 'api', 'token'])}:{v}"
    return "txt", (f"> GET /{r.choice(['v1', 'api'])}/status HTTP/1.1\n> Host: {svc.host if svc and svc.host else 'api.example.net'}\n"
                   f"> Authorization: Basic {b64s(up)}\n> Accept: */*\n< HTTP/1.1 200 OK\n")


@reg("url-encoded")
def r_urlenc(r, val, svc):
    body = "&".join(f"{snake(n)}={urllib.parse.quote(v, safe='')}" for n, v in items(val))
    body = f"grant_type=client_credentials&{body}&scope=read"
    if r.random() < 0.5:
        return "sh", f"curl -sS -X POST https://{svc.host if svc and svc.host else 'auth.example.net'}/oauth/token \\\n  -d '{body}'\n"
    return "log", (f"127.0.0.1 - - [12/Mar/2025:10:{r.randint(10, 59)}:07 +0000] \"POST /callback?{body} HTTP/1.1\" "
                   f"200 {r.randint(100, 999)} \"-\" \"python-requests/2.31\"\n")


# ---------------------------------------------------------------- multi-line material and documents

@reg("pem-file", kinds=("multiline",))
def r_pem(r, val, svc):
    return r.choice(["pem", "key"]), val.text if val.text.endswith("\n") else val.text + "\n"


@reg("doc-raw", kinds=("doc",))
def r_doc(r, val, svc):
    return val.doc.ext, val.doc.text


@reg("doc-env", kinds=("doc",), check=lambda v, s: v.doc.ext == "json")
def r_doc_env(r, val, svc):
    compact = json.dumps(json.loads(val.doc.text), separators=(",", ":"))
    return "env", f"PORT=8080\n{env(val.name or 'credentials_json')}='{compact}'\n"


# ---------------------------------------------------------------- service-specific dotfiles

def _user(r, val):
    return val.pairs[0][1] if val.kind == "pairs" and val.pairs.main != 0 else r.choice(["deploy", "ci-bot", "admin", r.choice(WORDS)])


@reg("npmrc", special=True)
def r_npmrc(r, val, svc):
    _, v = main_item(val)
    reg_ = r.choice(["registry.npmjs.org", "npm.pkg.github.com"]) if v.startswith(("npm_", "ghp_")) else (svc.host or "registry.npmjs.org")
    return "npmrc", f"registry=https://{reg_}/\n//{reg_}/:_authToken={v}\nalways-auth=true\n"


@reg("yarnrc", special=True)
def r_yarnrc(r, val, svc):
    _, v = main_item(val)
    return "yml", f'nodeLinker: node-modules\nnpmRegistryServer: "https://registry.yarnpkg.com"\nnpmAuthToken: "{v}"\n'


@reg("pypirc", special=True)
def r_pypirc(r, val, svc):
    _, v = main_item(val)
    repo = "testpypi" if "test.pypi" in v else "pypi"
    return "pypirc", f"[distutils]\nindex-servers =\n    {repo}\n\n[{repo}]\nusername = __token__\npassword = {v}\n"


@reg("netrc", special=True)
def r_netrc(r, val, svc):
    _, v = main_item(val)
    return "netrc", f"machine {svc.host or 'api.example.net'}\n  login {_user(r, val)}\n  password {v}\n"


@reg("git-credentials", special=True)
def r_gitcred(r, val, svc):
    _, v = main_item(val)
    return "git-credentials", f"https://{_user(r, val)}:{urllib.parse.quote(v, safe='')}@{svc.host or 'github.com'}\n"


@reg("docker-config", special=True)
def r_dockercfg(r, val, svc):
    _, v = main_item(val)
    reg_ = svc.host or "https://index.docker.io/v1/"
    doc = {"auths": {reg_: {"auth": b64s(f"{_user(r, val)}:{v}")}}, "currentContext": "default"}
    return "json", json.dumps(doc, indent="\t") + "\n"


@reg("gem-credentials", special=True)
def r_gemcred(r, val, svc):
    return "yaml", f"---\n:rubygems_api_key: {main_item(val)[1]}\n"


@reg("cargo-credentials", special=True)
def r_cargocred(r, val, svc):
    return "toml", f'[registry]\ntoken = "{main_item(val)[1]}"\n'


@reg("nuget-config", special=True)
def r_nuget(r, val, svc):
    v = main_item(val)[1]
    return "config", ('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n'
                      f'    <add key="{svc.name}" value="https://{svc.host or "nuget.pkg.github.com"}/v3/index.json" />\n'
                      f'  </packageSources>\n  <packageSourceCredentials>\n    <{group(svc)}>\n'
                      f'      <add key="Username" value="{_user(r, val)}" />\n      <add key="ClearTextPassword" value="{v}" />\n'
                      f'    </{group(svc)}>\n  </packageSourceCredentials>\n  <apikeys>\n'
                      f'    <add key="https://www.nuget.org/api/v2/package" value="{v}" />\n  </apikeys>\n</configuration>\n')


@reg("composer-auth", special=True)
def r_composer(r, val, svc):
    v = main_item(val)[1]
    doc = {"http-basic": {svc.host or "repo.packagist.com": {"username": _user(r, val), "password": v}}}
    if svc.name.startswith("GitHub"):
        doc = {"github-oauth": {"github.com": v}}
    return "json", json.dumps(doc, indent=4) + "\n"


@reg("terraformrc", special=True)
def r_tfrc(r, val, svc):
    return "tfrc", f'credentials "{svc.host or "app.terraform.io"}" {{\n  token = "{main_item(val)[1]}"\n}}\n'


@reg("kubeconfig", special=True)
def r_kubeconfig(r, val, svc):
    v = main_item(val)[1]
    c = r.choice(WORDS)
    return "yaml", (f"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://{svc.host or c + '.k8s.example.net'}\n"
                    f"  name: {c}\ncontexts:\n- context:\n    cluster: {c}\n    user: {c}-admin\n  name: {c}\n"
                    f"current-context: {c}\nusers:\n- name: {c}-admin\n  user:\n    token: {v}\n")


@reg("bundle-config", special=True)
def r_bundle(r, val, svc):
    its = items(val)
    user = its[0][1] if len(its) > 1 else _user(r, val)
    v = main_item(val)[1]
    host = (svc.host or "enterprise.contribsys.com").upper().replace(".", "__").replace("-", "___")
    return "yaml", f'---\nBUNDLE_JOBS: "4"\nBUNDLE_{host}: "{user}:{v}"\n'


@reg("maven-settings", special=True)
def r_maven(r, val, svc):
    v = main_item(val)[1]
    return "xml", ("<settings>\n  <servers>\n    <server>\n"
                   f"      <id>{group(svc)}</id>\n      <username>{_user(r, val)}</username>\n"
                   f"      <password>{v}</password>\n    </server>\n  </servers>\n</settings>\n")


@reg("aws-credentials", special=True, kinds=("pairs",))
def r_awscred(r, val, svc):
    prof = r.choice(["default", "prod", "deploy"])
    body = "".join(f"{snake(n)} = {v}\n" for n, v in items(val))
    return "ini", f"[{prof}]\n{body}region = {r.choice(['us-east-1', 'eu-west-1'])}\n"


@reg("pgpass", special=True, kinds=("pairs",))
def r_pgpass(r, val, svc):
    v = main_item(val)[1]
    return "pgpass", f"{svc.host or 'db.internal'}:5432:*:{_user(r, val)}:{v}\n"


@reg("ansible-vars", special=False, kinds=("token", "pairs"))
def r_ansible(r, val, svc):
    lines = ["---", f"# group_vars/{r.choice(['prod', 'all'])}.yml"]
    lines += [f"{snake(n)}: {q(v)}" for n, v in items(val)]
    return "yml", "\n".join(lines) + "\n"
