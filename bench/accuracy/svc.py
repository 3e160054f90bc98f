"""The service-table vocabulary shared by the services_*.py modules.

A Service names a real provider product, the family it belongs to, one or more *shapes* (how its
credentials look, from the provider's public documentation) and the environment-variable names /
config keys a real project would store them under. A shape is one of

  * a template string for formats.expand, e.g. "ghp_{b62:36}";
  * a callable r -> str | Pairs | Doc (see below);
  * V(names, shape): the same, bound to its own variable names (e.g. the secret half of a key pair).

Pairs is a list of (name, value) written together (an id and its secret, a user and a password);
`main` is the index of the secret one. Doc is a whole credential file (a service-account JSON, an
AWS credentials file) with its own extension.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from formats import expand

_FIELD = re.compile(r"\{(\w+)(?::[\d-]+)?\}")


class Pairs(list):
    def __init__(self, items, main=-1):
        super().__init__(items)
        self.main = main % len(items)


@dataclass
class Doc:
    ext: str
    text: str
    name: str = "credentials"  # the file name a real project would give it (without extension)


@dataclass
class V:
    names: list
    shape: object


@dataclass
class Fn:
    """A callable shape with an explicit self-identification flag (opaque values are not)."""
    fn: object
    ident: bool = True

    def __call__(self, r):
        return self.fn(r)


@dataclass
class Service:
    name: str
    family: str
    shapes: list
    vars: list
    host: str | None = None  # API host, for curl / URL contexts
    auth: str | None = None  # bearer | token | basic-user | basic-pass | header:NAME | query:NAME
    files: tuple = ()  # extra, service-specific renderers (npmrc, pypirc, netrc, docker-config ...)
    notes: str = ""
    module: str = field(default="", repr=False)


def S(name, family, shapes, vars_, host=None, auth=None, files=(), notes=""):
    if not isinstance(shapes, (list, tuple)):
        shapes = [shapes]
    if isinstance(vars_, str):
        vars_ = vars_.split()
    return Service(name, family, list(shapes), list(vars_), host, auth, tuple(files), notes)


def P(*items, main=-1):
    """A Pairs shape from (names, template) items; names may hold alternatives split by '|'."""

    def make(r):
        out = []
        for names, tpl in items:
            name = r.choice(names.split("|"))
            out.append((name, tpl(r) if callable(tpl) else expand(r, tpl)))
        return Pairs(out, main)

    tpl = items[main % len(items)][1]
    make.ident = template_ident(tpl) if isinstance(tpl, str) else True
    return make


def literal_len(tpl: str) -> int:
    return len(_FIELD.sub("", tpl))


def template_ident(tpl: str) -> bool:
    """A template identifies its service when it carries a fixed literal of 3+ characters."""
    return literal_len(tpl) >= 3


@dataclass
class Value:
    """One generated credential, ready for a context renderer."""
    kind: str  # token | multiline | pairs | doc
    name: str | None = None
    text: str | None = None
    pairs: Pairs | None = None
    doc: Doc | None = None
    ident: bool = True
    shape_index: int = 0

    @property
    def secret(self) -> str:
        if self.kind == "pairs":
            return self.pairs[self.pairs.main][1]
        if self.kind == "doc":
            return self.doc.text
        return self.text

    @property
    def main_name(self) -> str:
        if self.kind == "pairs":
            return self.pairs[self.pairs.main][0]
        return self.name or "credentials"


def make_value(r, svc: Service, i: int) -> Value:
    """The i-th value of a service: shapes rotate so every documented shape is exercised."""
    idx = i % len(svc.shapes)
    shape = svc.shapes[idx]
    names = svc.vars
    if isinstance(shape, V):
        names = shape.names if isinstance(shape.names, list) else shape.names.split()
        shape = shape.shape
    ident = True
    if isinstance(shape, str):
        out = expand(r, shape)
        ident = template_ident(shape)
    else:
        out = shape(r)
        ident = getattr(shape, "ident", True)
    name = names[(i // len(svc.shapes)) % len(names)] if names else None
    if isinstance(out, Pairs):
        return Value("pairs", pairs=out, ident=ident, shape_index=idx)
    if isinstance(out, Doc):
        return Value("doc", doc=out, name=name, shape_index=idx)
    kind = "multiline" if "\n" in out.strip() else "token"
    return Value(kind, name=name, text=out, ident=ident, shape_index=idx)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().split("(")[0]).strip("-")


WORDS = ("atlas orbit harbor maple cobalt falcon juniper quartz summit tundra willow ember nimbus "
         "pioneer lumen vertex meadow canyon beacon cedar delta forge helix ionic kestrel").split()


def proj(r):
    """A plausible project / account / host label."""
    return f"{r.choice(WORDS)}-{r.choice(['prod', 'app', 'api', 'web', 'data', 'core'])}"
