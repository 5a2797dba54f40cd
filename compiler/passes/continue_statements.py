"""``continue`` -> a flag reset at the top of each iteration; the rest of the body is
skipped once it is set (as AutoGraph's continue_statements)."""
from __future__ import annotations

import itertools

from .. import ir
from .guards import guard_rest, jumps_here, replace_jumps, set_false

_ids = itertools.count(1)


def transform(stmts: list) -> list:
    for s in stmts:
        if isinstance(s, ir.If):
            transform(s.body)
            transform(s.orelse)
        if isinstance(s, (ir.While, ir.For)):
            transform(s.body)
            transform(s.orelse)
            if jumps_here(s.body, ir.Continue):
                flag = f"_continue_{next(_ids)}"
                body = replace_jumps(s.body, ir.Continue, flag)
                s.body = [set_false(flag, s.line)] + guard_rest(body, flag)
    return stmts
