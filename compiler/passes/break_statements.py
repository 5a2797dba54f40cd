"""``break`` -> a flag: the loop stops when it is set, the rest of the body is skipped,
and ``else`` runs only if it stayed unset (as AutoGraph's break_statements)."""
from __future__ import annotations

import itertools

from .. import ir
from .guards import guard_rest, jumps_here, not_, replace_jumps, set_false

_ids = itertools.count(1)


def transform(stmts: list) -> list:
    out = []
    for s in stmts:
        if isinstance(s, ir.If):
            s.body, s.orelse = transform(s.body), transform(s.orelse)
        if isinstance(s, (ir.While, ir.For)):
            s.body, s.orelse = transform(s.body), transform(s.orelse)
            if jumps_here(s.body, ir.Break):
                out.extend(_lower(s))
                continue
        out.append(s)
    return out


def _lower(loop):
    flag = f"_break_{next(_ids)}"
    line = loop.line
    loop.body = [ir.If(not_(flag, line), guard_rest(replace_jumps(loop.body, ir.Break, flag), flag), [],
                       line=line)]
    if isinstance(loop, ir.While):
        loop.test = ir.BoolOp("and", [not_(flag, line), loop.test], line=line)
    else:
        loop.extra_test = not_(flag, line)
    orelse, loop.orelse = loop.orelse, []
    after = [ir.If(not_(flag, line), orelse, [], line=line)] if orelse else []
    return [set_false(flag, line), loop] + after
