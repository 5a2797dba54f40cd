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
