"""``continue`` -> a flag reset at the top of each iteration; the rest of the body is
skipped once it is set (as AutoGraph's continue_statements)."""
from __future__ import annotations

import itertools

from .. import ir
from .guards import guard_rest, set_false, set_true

_ids = itertools.count(1)


def transform(stmts: list) -> list:
    for s in stmts:
        if isinstance(s, ir.If):
            transform(s.body)
            transform(s.orelse)
        if isinstance(s, (ir.While, ir.For)):
            transform(s.body)
            transform(s.orelse)
            if _continues(s.body):
                flag = f"_continue_{next(_ids)}"
                s.body = [set_false(flag, s.line)] + guard_rest(_replace(s.body, flag), flag)
    return stmts


def _continues(stmts) -> bool:
    for s in stmts:
        if isinstance(s, ir.Continue):
            return True
        if isinstance(s, ir.If) and _continues(s.body + s.orelse):
            return True
    return False


def _replace(stmts, flag):
    out = []
    for s in stmts:
        if isinstance(s, ir.Continue):
            out.append(set_true(flag, s.line))
            continue
        if isinstance(s, ir.If):
            s.body, s.orelse = _replace(s.body, flag), _replace(s.orelse, flag)
        out.append(s)
    return out
