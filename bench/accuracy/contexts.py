"""Context renderers: put a generated Value into the surroundings a real file would give it.

Each renderer takes (r, value, service) and returns (extension, text). Which renderers may take a
value depends on its kind (token, multiline, pairs, doc) and on whether the value identifies its
service on its own (a prefix) or needs its name nearby (opaque charset+length values): renderers
that drop the name (a bare `Authorization: Bearer` header, a log line printing the value) are only
used for self-identifying values, or for opaque ones when the service's API host and documented
auth header stay next to the value.

The code-ish renderers live here; file formats, encodings and multi-line material are in
contexts_files.py, which registers into the same table.
"""
from __future__ import annotations

import json
import re

from svc import WORDS, Value, slug

RENDERERS: dict[str, "Renderer"] = {}


class Renderer:
    def __init__(self, fn, kinds, named=True, needs_host=False, check=None):
        self.fn, self.kinds, self.named, self.needs_host = fn, set(kinds), named, needs_host
        self.check = check

    def accepts(self, val: Value, svc) -> bool:
        if val.kind not in self.kinds:
            return False
        if val.kind == "pairs" and "multiline" not in self.kinds and any("\n" in v for _, v in val.pairs):
            return False
        if self.needs_host and not (svc is not None and svc.host and svc.auth) and not val.ident:
            return False
        if not self.named and not val.ident and not self.needs_host:
            return False
        return self.check is None or bool(self.check(val, svc))


def reg(name, kinds=("token", "pairs"), named=True, needs_host=False, check=None, special=False):
    """special: a service-specific file format, used only when a service lists it in `files`."""
    def wrap(fn):
        RENDERERS[name] = Renderer(fn, kinds, named, needs_host, check)
        RENDERERS[name].special = special
        return fn
    return wrap


# ---------------------------------------------------------------- names and quoting

def words(n: str) -> list[str]:
    n = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", n)
    return [w for w in re.split(r"[^A-Za-z0-9]+", n) if w]


def env(n):
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", n):
        return n
    return "_".join(words(n)).upper()


def snake(n):
    return "_".join(words(n)).lower()


def camel(n):
    w = [x.lower() for x in words(n)]
    return w[0] + "".join(x.title() for x in w[1:])


def kebab(n):
    return "-".join(words(n)).lower()


def pascal(n):
    return "".join(x.title() for x in words(n))


def q(v):
    """A double-quoted string valid in JSON, YAML, Python, JS, Go, Java and C#."""
    return json.dumps(v)


def sq(v):
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


_PLAIN = re.compile(r"[A-Za-z0-9_./+~-][A-Za-z0-9_./+=~@:-]*")


def yval(r, v):
    if _PLAIN.fullmatch(v) and ": " not in v and not v[-1] == ":" and r.random() < 0.6:
        return v
    return q(v) if r.random() < 0.7 or "'" in v else "'" + v + "'"


def items(val: Value):
    if val.kind == "pairs":
        return list(val.pairs)
    return [(val.name or "secret", val.text)]


def main_item(val: Value):
    if val.kind == "pairs":
        return val.pairs[val.pairs.main]
    return (val.name or "secret", val.text)


def group(svc):
    return slug(svc.name).split("-")[0] if svc else "app"


# ---------------------------------------------------------------- harmless neighbours

FILL = [("NODE_ENV", "production"), ("PORT", "{port}"), ("LOG_LEVEL", "info"), ("APP_NAME", "{w}"),
        ("TZ", "UTC"), ("REGION", "us-east-1"), ("WORKERS", "4"), ("FEATURE_SIGNUP", "true"),
        ("PUBLIC_URL", "https://{w}.example.com"), ("CACHE_TTL", "300"), ("DEBUG", "false"),
        ("MAX_UPLOAD_MB", "25"), ("SENTRY_ENVIRONMENT", "production"), ("APP_VERSION", "1.{n}.0"),
        ("QUEUE_NAME", "{w}-jobs"), ("RATE_LIMIT_PER_MIN", "120"), ("DEFAULT_LOCALE", "en"),
        ("HTTP_TIMEOUT_MS", "5000"), ("BUCKET_NAME", "{w}-assets"), ("SMTP_PORT", "587")]


def fill(r, k=None):
    k = r.randint(1, 5) if k is None else k
    out = []
    for name, v in r.sample(FILL, k):
        out.append((name, v.replace("{port}", str(r.choice([3000, 8080, 8000, 5000])))
                    .replace("{w}", r.choice(WORDS)).replace("{n}", str(r.randint(0, 30)))))
    return out


def mix(r, its, k=None):
    f = fill(r, k)
    pos = r.randint(0, len(f))
    return f[:pos] + its + f[pos:]


# ---------------------------------------------------------------- config files

@reg("env", kinds=("token", "pairs", "multiline"))
def r_env(r, val, svc):
    lines = ["# " + r.choice(["production", "deploy settings", "secrets — do not share", "local overrides"])]
    style = r.choice(["plain", "dq", "sq", "export"])
    for n, v in mix(r, items(val)):
        if "\n" in v:
            lines.append(f'{env(n)}="' + v.strip().replace("\n", "\\n") + '"')
            continue
        if style == "dq" and "$" not in v:
            v = '"' + v + '"'
        elif style == "sq":
            v = "'" + v + "'"
        lines.append(("export " if style == "export" else "") + f"{env(n)}={v}")
    return "env", "\n".join(lines) + "\n"


@reg("json", kinds=("token", "pairs", "multiline"))
def r_json(r, val, svc):
    fmt = r.choice([env, snake, camel])
    obj = {fmt(n): v for n, v in items(val)}
    if r.random() < 0.5:
        obj = {group(svc): {camel(n) if fmt is camel else snake(n): v for n, v in items(val)}}
    base = {fmt(n): v for n, v in fill(r, r.randint(1, 3))}
    base.update(obj)
    return "json", json.dumps(base, indent=r.choice([2, 4])) + "\n"


@reg("yaml", kinds=("token", "pairs", "multiline"))
def r_yaml(r, val, svc):
    fmt = r.choice([snake, env, camel])
    lines = []
    for n, v in mix(r, items(val), r.randint(1, 4)):
        if "\n" in v:
            lines.append(f"{fmt(n)}: |")
            lines += ["  " + ln for ln in v.strip().split("\n")]
        else:
            lines.append(f"{fmt(n)}: {yval(r, v)}")
    return r.choice(["yaml", "yml"]), "\n".join(lines) + "\n"


@reg("yaml-nested", kinds=("token", "pairs", "multiline"))
def r_yaml_nested(r, val, svc):
    top = r.choice(["integrations", "services", "providers", "credentials", "config"])
    lines = [f"{top}:", f"  {group(svc)}:"]
    if r.random() < 0.5:
        lines.append(f"    enabled: true")
    for n, v in items(val):
        key = snake(n)
        g = group(svc).replace("-", "_")
        if key.startswith(g + "_") and len(key) > len(g) + 1:
            key = key[len(g) + 1:]
        if "\n" in v:
            lines.append(f"    {key}: |")
            lines += ["      " + ln for ln in v.strip().split("\n")]
        else:
            lines.append(f"    {key}: {yval(r, v)}")
    lines += ["  logging:", f"    level: {r.choice(['info', 'warn', 'debug'])}"]
    return "yaml", "\n".join(lines) + "\n"


@reg("compose")
def r_compose(r, val, svc):
    w = r.choice(WORDS)
    lines = ["services:", f"  {w}:", f"    image: ghcr.io/{w}/{w}-api:1.{r.randint(0, 9)}.{r.randint(0, 9)}",
             "    restart: unless-stopped", "    environment:"]
    listy = r.random() < 0.5
    for n, v in mix(r, items(val), r.randint(1, 3)):
        lines.append(f"      - {env(n)}={v}" if listy else f"      {env(n)}: {yval(r, v)}")
    lines += ["    ports:", f'      - "{r.choice([3000, 8080])}:{r.choice([3000, 8080])}"']
    return "yml", "\n".join(lines) + "\n"


@reg("gha-workflow")
def r_gha(r, val, svc):
    lines = ["name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:",
             "    runs-on: ubuntu-latest", "    env:"]
    for n, v in items(val):
        lines.append(f"      {env(n)}: {yval(r, v)}")
    lines += ["    steps:", "      - uses: actions/checkout@v4", f"      - run: ./scripts/{r.choice(['deploy', 'release', 'publish'])}.sh"]
    return "yml", "\n".join(lines) + "\n"


@reg("terraform", kinds=("token", "pairs", "multiline"))
def r_tf(r, val, svc):
    g = group(svc).replace("-", "_")
    out = []
    if r.random() < 0.5:
        out.append(f'provider "{g}" {{')
        for n, v in items(val):
            out.append(f"  {snake(n)} = " + (f"<<EOT\n{v.strip()}\nEOT" if "\n" in v else q(v)))
        out.append("}")
    else:
        for n, v in items(val):
            body = f"<<EOT\n{v.strip()}\nEOT" if "\n" in v else q(v)
            out += [f'variable "{snake(n)}" {{', '  type      = string', f"  default   = {body}",
                    "  sensitive = true", "}", ""]
    out.insert(0, f'terraform {{\n  required_version = ">= 1.{r.randint(3, 9)}"\n}}\n')
    return "tf", "\n".join(out) + "\n"


@reg("properties")
def r_props(r, val, svc):
    g = group(svc)
    lines = [f"# {g} settings", f"server.port={r.choice([8080, 8443])}"]
    for n, v in items(val):
        key = n if "." in n else f"{g}.{kebab(n)}" if r.random() < 0.5 else ".".join(words(n)).lower()
        lines.append(f"{key}={v}")
    lines.append("logging.level.root=INFO")
    return "properties", "\n".join(lines) + "\n"


@reg("ini")
def r_ini(r, val, svc):
    lines = ["[general]", f"name = {r.choice(WORDS)}", "", f"[{group(svc)}]"]
    for n, v in items(val):
        lines.append(f"{snake(n)} = {v}")
    return r.choice(["ini", "cfg", "conf"]), "\n".join(lines) + "\n"


@reg("toml", kinds=("token", "pairs", "multiline"))
def r_toml(r, val, svc):
    lines = ["[app]", f'name = "{r.choice(WORDS)}"', "", f"[{group(svc)}]"]
    for n, v in items(val):
        lines.append(f"{snake(n)} = " + (f"'''\n{v.strip()}\n'''" if "\n" in v else q(v)))
    return "toml", "\n".join(lines) + "\n"


@reg("xml-appsettings")
def r_xml(r, val, svc):
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>",
             f'    <add key="Environment" value="Production" />']
    for n, v in items(val):
        v = v.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        lines.append(f'    <add key="{pascal(n)}" value="{v}" />')
    lines += ["  </appSettings>", "</configuration>"]
    return r.choice(["xml", "config"]), "\n".join(lines) + "\n"


@reg("dockerfile")
def r_dockerfile(r, val, svc):
    lines = [f"FROM {r.choice(['node:20-alpine', 'python:3.12-slim', 'eclipse-temurin:21-jre'])}", "WORKDIR /app"]
    for n, v in items(val):
        lines.append(f"ENV {env(n)}={v}" if r.random() < 0.7 else f"ARG {env(n)}={v}")
    lines += ["COPY . .", 'CMD ["./start.sh"]']
    return "dockerfile", "\n".join(lines) + "\n"


@reg("markdown")
def r_md(r, val, svc):
    lines = [f"# {r.choice(WORDS).title()} setup", "", "Copy these into your environment before running:", "", "```"]
    lines += [f"{env(n)}={v.strip()}" if "\n" not in v else f'{env(n)}="{v.strip()}"' for n, v in items(val)]
    lines += ["```", "", "Then run `make dev`."]
    return "md", "\n".join(lines) + "\n"


import contexts_code  # noqa: E402,F401  (registers the code renderers)
import contexts_files  # noqa: E402,F401  (registers file formats, encodings and multi-line ones)
