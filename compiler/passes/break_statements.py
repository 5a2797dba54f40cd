"""``break`` -> a flag: the loop stops when it is set, the rest of the body is skipped,
and ``else`` runs only if it stayed unset (as AutoGraph's break_statements)."""
from __future__ import annotations

import itertools

from .. import ir
from .guards import guard_rest, not_, set_false, set_true

_ids = itertools.count(1)


def transform(stmts: list) -> list:
    out = []
    for s in stmts:
        if isinstance(s, ir.If):
            s.body, s.orelse = transform(s.body), transform(s.orelse)
        if isinstance(s, (ir.While, ir.For)):
            s.body, s.orelse = transform(s.body), transform(s.orelse)
            if _breaks(s.body):
                out.extend(_lower(s))
                continue
        out.append(s)
    return out


def _breaks(stmts) -> bool:
    """A break of *this* loop (not of a nested one)."""
    for s in stmts:
        if isinstance(s, ir.Break):
            return True
        if isinstance(s, ir.If) and _breaks(s.body + s.orelse):
            return True
    return False


def _replace(stmts, flag):
    out = []
    for s in stmts:
        if isinstance(s, ir.Break):
            out.append(set_true(flag, s.line))
            continue
        if isinstance(s, ir.If):
            s.body, s.orelse = _replace(s.body, flag), _replace(s.orelse, flag)
        out.append(s)
    return out


def _lower(loop):
    flag = f"_break_{next(_ids)}"
    line = loop.line
    loop.body = [ir.If(not_(flag, line), guard_rest(_replace(loop.body, flag), flag), [],
                       line=line)]
    if isinstance(loop, ir.While):
        loop.test = ir.BoolOp("and", [not_(flag, line), loop.test], line=line)
    else:
        loop.extra_test = not_(flag, line)
    orelse, loop.orelse = loop.orelse, []
    after = [ir.If(not_(flag, line), orelse, [], line=line)] if orelse else []
    return [set_false(flag, line), loop] + after
