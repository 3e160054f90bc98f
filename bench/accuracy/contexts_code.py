"""Code renderers (Python, JS/TS, Go, Java, Ruby, PHP, C#), shell/curl, HTTP files, URLs, CI logs."""
from __future__ import annotations

import base64
import urllib.parse

from contexts import (WORDS, camel, env, group, items, main_item, pascal, q, reg, snake, sq)


def _pyval(v):
    return '"""' + v.strip() + '\n"""' if "\n" in v else q(v)


@reg("python", kinds=("token", "pairs", "multiline"))
def r_py(r, val, svc):
    its = items(val)
    style = r.choice(["const", "kwargs", "dict"])
    out = ["import os", f"import {r.choice(['requests', 'logging', 'json'])}", ""]
    if style == "const":
        out += [f"{env(n)} = {_pyval(v)}" for n, v in its]
    elif style == "kwargs":
        args = ", ".join(f"{snake(n)}={_pyval(v)}" for n, v in its)
        out += [f"client = {pascal(group(svc))}Client(", f"    {args},", f"    timeout={r.randint(5, 30)},", ")"]
    else:
        out.append("SETTINGS = {")
        out += [f"    {q(snake(n))}: {_pyval(v)}," for n, v in its]
        out += [f"    \"region\": \"{r.choice(['us', 'eu'])}\",", "}"]
    out += ["", "", "def main():", "    logging.info(\"starting\")" if "logging" in out[1] else "    pass"]
    return "py", "\n".join(out) + "\n"


def _jsval(v):
    return "`" + v.strip() + "\n`" if "\n" in v else (q(v) if "'" in v else "'" + v + "'")


@reg("javascript", kinds=("token", "pairs", "multiline"))
def r_js(r, val, svc):
    its = items(val)
    if r.random() < 0.5:
        body = ["module.exports = {", f"  {group(svc).replace('-', '')}: {{"]
        body += [f"    {camel(n)}: {_jsval(v)}," for n, v in its]
        body += ["  },", f"  port: {r.choice([3000, 8080])},", "};"]
    else:
        body = [f"const {{ {pascal(group(svc))} }} = require('{group(svc)}');", ""]
        body += [f"const {env(n)} = {_jsval(v)};" for n, v in its]
        body += ["", f"const client = new {pascal(group(svc))}({{ {camel(its[-1][0])}: {env(its[-1][0])} }});"]
    return "js", "\n".join(body) + "\n"


@reg("typescript", kinds=("token", "pairs", "multiline"))
def r_ts(r, val, svc):
    its = items(val)
    out = [f"export interface {pascal(group(svc))}Config {{"]
    out += [f"  {camel(n)}: string;" for n, _ in its]
    out += ["}", "", f"export const {camel(group(svc))}Config: {pascal(group(svc))}Config = {{"]
    out += [f"  {camel(n)}: {_jsval(v)}," for n, v in its]
    out += ["};"]
    return "ts", "\n".join(out) + "\n"


@reg("go", kinds=("token", "pairs", "multiline"))
def r_go(r, val, svc):
    its = items(val)
    out = ["package config", ""]
    if r.random() < 0.5:
        out.append("const (")
        out += [f"\t{pascal(n)} = " + ("`" + v.strip() + "\n`" if "\n" in v else q(v)) for n, v in its]
        out.append(")")
    else:
        out += ["var Default = Config{"]
        out += [f"\t{pascal(n)}: " + ("`" + v.strip() + "\n`" if "\n" in v else q(v)) + "," for n, v in its]
        out += [f"\tTimeout: {r.randint(5, 30)} * time.Second,", "}"]
    return "go", "\n".join(out) + "\n"


@reg("java", kinds=("token", "pairs", "multiline"))
def r_java(r, val, svc):
    its = items(val)
    out = ["package com.example.config;", "", f"public final class {pascal(group(svc))}Settings {{"]
    for n, v in its:
        lit = '"""\n' + v.strip() + '\n"""' if "\n" in v else q(v)
        out.append(f"    public static final String {env(n)} = {lit};")
    out += [f"    private {pascal(group(svc))}Settings() {{}}", "}"]
    return "java", "\n".join(out) + "\n"


@reg("ruby")
def r_ruby(r, val, svc):
    its = items(val)
    if r.random() < 0.5:
        out = [f"{pascal(group(svc))}.configure do |config|"]
        out += [f"  config.{snake(n)} = {sq(v)}" for n, v in its]
        out.append("end")
    else:
        out = [f"ENV[{q(env(n))}] ||= {sq(v)}" for n, v in its]
    return "rb", "\n".join(out) + "\n"


@reg("php")
def r_php(r, val, svc):
    its = items(val)
    if r.random() < 0.5:
        out = ["<?php", "", "return [", f"    '{snake(group(svc))}' => ["]
        out += [f"        '{snake(n)}' => {sq(v)}," for n, v in its]
        out += ["    ],", "];"]
    else:
        out = ["<?php"] + [f"define('{env(n)}', {sq(v)});" for n, v in its]
    return "php", "\n".join(out) + "\n"


@reg("csharp", kinds=("token", "pairs", "multiline"))
def r_cs(r, val, svc):
    its = items(val)
    out = ["namespace Example.Config;", "", f"public static class {pascal(group(svc))}Secrets", "{"]
    for n, v in its:
        lit = '@"' + v.strip().replace('"', '""') + '"' if "\n" in v else q(v)
        out.append(f"    public const string {pascal(n)} = {lit};")
    out.append("}")
    return "cs", "\n".join(out) + "\n"


@reg("shell-export")
def r_shell(r, val, svc):
    out = ["#!/usr/bin/env bash", "set -euo pipefail", ""]
    out += [f"export {env(n)}={sq(v)}" for n, v in items(val)]
    out += ["", f"./bin/{r.choice(WORDS)} --env production \"$@\""]
    return "sh", "\n".join(out) + "\n"


# ---------------------------------------------------------------- HTTP: curl, .http files, URLs

def _host(svc):
    return svc.host if svc and svc.host else f"api.{group(svc)}.com"


def _auth_parts(r, val, svc):
    """(headers, userpass) for a request that authenticates with the value."""
    name, v = main_item(val)
    auth = (svc.auth if svc else None) or "bearer"
    if val.kind == "pairs" and auth == "basic-pass":
        return [], f"{val.pairs[0][1]}:{v}"
    if auth == "bearer":
        return [f"Authorization: Bearer {v}"], None
    if auth == "token":
        return [f"Authorization: token {v}"], None
    if auth == "basic-user":
        return [], f"{v}:"
    if auth == "basic-pass":
        return [], f"{r.choice(['api', 'admin', 'deploy'])}:{v}"
    if auth.startswith("header:"):
        hname, _, pre = auth[7:].partition("=")
        return [f"{hname}: {pre}{v}"], None
    return [f"Authorization: Bearer {v}"], None


@reg("curl", needs_host=True)
def r_curl(r, val, svc):
    if svc is not None and svc.auth and svc.auth.startswith("query:"):
        return r_urlq(r, val, svc)
    hdrs, up = _auth_parts(r, val, svc)
    path = r.choice(["/v1/me", "/v2/status", "/api/v1/projects", "/v1/events", "/users/me"])
    safe = up is not None and all(ch.isalnum() or ch in ":-_.@" for ch in up)
    cmd = ["curl -sS --fail"] + ([f"-u {up}" if safe else f"-u '{up}'"] if up else [])
    cmd += [f'-H "{h}"' for h in hdrs] + ['-H "Content-Type: application/json"', f"https://{_host(svc)}{path}"]
    return "sh", "#!/bin/sh\n# smoke test\n" + " \\\n  ".join(cmd) + "\n"


@reg("http-file", needs_host=True)
def r_http(r, val, svc):
    hdrs, up = _auth_parts(r, val, svc)
    if up:
        hdrs = ["Authorization: Basic " + base64.b64encode(up.encode()).decode()]
    lines = [f"### {r.choice(['list', 'get', 'create'])} {r.choice(WORDS)}",
             f"GET https://{_host(svc)}/{r.choice(['v1', 'v2', 'api'])}/{r.choice(WORDS)}s", *hdrs,
             "Accept: application/json", ""]
    return "http", "\n".join(lines) + "\n"


@reg("url-query", needs_host=True)
def r_urlq(r, val, svc):
    name, v = main_item(val)
    auth = (svc.auth if svc else None) or ""
    param = auth[6:] if auth.startswith("query:") else r.choice([snake(name), "api_key", "access_token", "token"])
    if not val.ident and not auth.startswith("query:"):
        param = snake(name)
    url = f"https://{_host(svc)}/{r.choice(['v1', 'api', 'v2'])}/{r.choice(WORDS)}?{param}={urllib.parse.quote(v, safe='')}"
    url += r.choice(["", f"&limit={r.randint(10, 100)}", "&format=json"])
    style = r.choice(["txt", "py", "md"])
    if style == "py":
        return "py", f"import requests\n\nresp = requests.get(\"{url}\", timeout=10)\nresp.raise_for_status()\n"
    if style == "md":
        return "md", f"## Quick check\n\nOpen <{url}> in a browser to see the raw response.\n"
    return "txt", f"webhook target: {url}\nretries: 3\n"


# ---------------------------------------------------------------- CI logs

def _stamps(r, n):
    day, hh, mm, ss = f"2025-{r.randint(1, 9):02d}-{r.randint(10, 28)}", r.randint(0, 22), r.randint(0, 59), r.randint(0, 40)
    out = []
    for _ in range(n):
        ss += r.randint(0, 2)
        out.append(f"{day}T{hh:02d}:{mm:02d}:{ss:02d}.{r.randint(1000000, 9999999)}Z")
    return out


@reg("ci-log")
def r_log(r, val, svc):
    name, v = main_item(val)
    style = r.choice(["setx", "print", "env"]) if val.ident else r.choice(["setx", "env"])
    lines = ["##[group]Run ./scripts/deploy.sh", "./scripts/deploy.sh", "shell: /usr/bin/bash -e {0}", "##[endgroup]"]
    if style == "setx":
        lines += [f"+ export {env(name)}={v}", f"+ ./bin/{r.choice(WORDS)} deploy --prod"]
    elif style == "print":
        lines += [f"Authenticating with {r.choice(['token', 'key', 'credentials'])} {v}", "Authenticated."]
    else:
        lines += ["+ env | sort", "CI=true", f"{env(name)}={v}", "HOME=/home/runner"]
    lines += [f"Deployed {r.choice(WORDS)} in {r.randint(3, 90)}s"]
    return "log", "\n".join(f"{t} {ln}" for t, ln in zip(_stamps(r, len(lines)), lines)) + "\n"
