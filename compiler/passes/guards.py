"""Shared by the break/continue/return passes: run the rest of a block only while a
flag is unset (``if not flag: <rest>``), after any statement that may set it."""
from __future__ import annotations

from .. import ir


def sets_flag(stmt, flag: str) -> bool:
    return any(isinstance(n, ir.Assign) and len(n.targets) == 1 and
               isinstance(n.targets[0], ir.Name) and n.targets[0].id == flag
               for n in ir.walk(stmt))


def not_(flag: str, line: int) -> ir.Node:
    return ir.UnaryOp("not_", ir.Name(flag, line=line), line=line)


def set_true(flag: str, line: int) -> ir.Node:
    return ir.Assign([ir.Name(flag, line=line)], ir.Const(True, line=line), line=line)


def set_false(flag: str, line: int) -> ir.Node:
    return ir.Assign([ir.Name(flag, line=line)], ir.Const(False, line=line), line=line)


def guard_rest(stmts: list, flag: str) -> list:
    """``stmts`` with everything after a flag-setting statement under ``if not flag``."""
    for i, s in enumerate(stmts):
        if isinstance(s, ir.If):
            s.body = guard_rest(s.body, flag)
            s.orelse = guard_rest(s.orelse, flag)
        if sets_flag(s, flag) and i + 1 < len(stmts):
            rest = guard_rest(stmts[i + 1:], flag)
            line = rest[0].line
            return stmts[: i + 1] + [ir.If(not_(flag, line), rest, [], line=line)]
    return stmts


def jumps_here(stmts, kind) -> bool:
    """Does ``stmts`` contain a ``kind`` (ir.Break / ir.Continue) of *this* loop (not one
    inside a nested loop)?"""
    for s in stmts:
        if isinstance(s, kind):
            return True
        if isinstance(s, ir.If) and jumps_here(s.body + s.orelse, kind):
            return True
    return False


def replace_jumps(stmts, kind, flag: str) -> list:
    """``stmts`` with each ``kind`` statement of this loop replaced by ``flag = True``."""
    out = []
    for s in stmts:
        if isinstance(s, kind):
            out.append(set_true(flag, s.line))
            continue
        if isinstance(s, ir.If):
            s.body = replace_jumps(s.body, kind, flag)
            s.orelse = replace_jumps(s.orelse, kind, flag)
        out.append(s)
    return out
