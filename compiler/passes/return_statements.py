"""Early ``return`` -> the value in a variable and a flag: the rest of the function is
skipped once it is set, loops stop, and the function returns the variable at its end
(as AutoGraph's return_statements). A function whose returns are all at the end of its
top-level block is left alone."""
from __future__ import annotations

from .. import ir
from .guards import guard_rest, not_, set_false

FLAG, VALUE = "_returned", "_retval"


def transform(fn_ir: ir.Function) -> ir.Function:
    if not _early(fn_ir.body):
        return fn_ir
    line = fn_ir.line
    body = guard_rest(_replace(fn_ir.body), FLAG)
    fn_ir.body = [set_false(FLAG, line)] + body + [ir.Return(ir.Call(
        ir.RuntimeRef("_cf.retval", line=line), [ir.Name(VALUE, line=line)], [], line=line),
        line=line)]
    return fn_ir


def _early(stmts) -> bool:
    """A return anywhere but as the last top-level statement."""
    for i, s in enumerate(stmts):
        if isinstance(s, ir.Return) and i == len(stmts) - 1:
            continue
        if any(isinstance(n, ir.Return) for n in ir.walk(s)):
            return True
    return False


def _replace(stmts):
    out = []
    for s in stmts:
        if isinstance(s, ir.Return):
            value = s.value if s.value is not None else ir.Const(None, line=s.line)
            out.append(ir.Assign([ir.Name(VALUE, line=s.line)], value, line=s.line))
            out.append(ir.Assign([ir.Name(FLAG, line=s.line)], ir.Const(True, line=s.line),
                                 line=s.line))
            continue
        if isinstance(s, ir.If):
            s.body, s.orelse = _replace(s.body), _replace(s.orelse)
        elif isinstance(s, (ir.While, ir.For)):
            had = any(isinstance(n, ir.Return) for n in ir.walk(s.body))
            s.body, s.orelse = _replace(s.body), _replace(s.orelse)
            if had:
                s.body = [ir.If(not_(FLAG, s.line), guard_rest(s.body, FLAG), [],
                                line=s.line)]
                if isinstance(s, ir.While):
                    s.test = ir.BoolOp("and", [not_(FLAG, s.line), s.test], line=s.line)
                else:
                    s.extra_test = not_(FLAG, s.line)
        out.append(s)
    return out
