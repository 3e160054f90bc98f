"""Spread cases over context renderers: each case takes the least-used renderer that accepts it."""
from __future__ import annotations

import collections

from contexts import RENDERERS
from svc import Service

DUMMY = Service("app", "generic", [], [])


class Chooser:
    def __init__(self):
        self.usage = collections.Counter()

    def candidates(self, val, svc, extra=(), exclude=()):
        out = [n for n, rd in RENDERERS.items() if not rd.special and n not in exclude and rd.accepts(val, svc)]
        out += [n for n in extra if n in RENDERERS and RENDERERS[n].accepts(val, svc)]
        return out

    def pick(self, r, val, svc=None, extra=(), force=None, exclude=()):
        svc = svc or DUMMY
        if force and force in RENDERERS and RENDERERS[force].accepts(val, svc):
            name = force
        else:
            cands = self.candidates(val, svc, extra, exclude)
            if not cands:
                raise ValueError(f"no renderer accepts {val.kind} value of {svc.name}")
            low = min(self.usage[c] for c in cands)
            name = r.choice(sorted(c for c in cands if self.usage[c] == low))
        self.usage[name] += 1
        ext, text = RENDERERS[name].fn(r, val, svc)
        return ext, text, name

    def render(self, r, val, svc=None):
        """(ext, text, context) — the signature generic.py expects."""
        return self.pick(r, val, svc)
