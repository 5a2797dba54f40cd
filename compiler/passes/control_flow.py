"""Control flow: decide what each if/while/for carries, so it can become tf.cond or
tf.while_loop when its condition is only known at run time.

For every construct we record the variables it carries (``node.carried``):
- ``if``: every name either branch assigns;
- loops: names the body assigns that are read before being assigned in an iteration,
  read by the loop test, or read after the loop (liveness).
Constructs that contain ``return``, ``break`` or ``continue`` stay Python control
flow for now (they run at trace time, so their conditions must be static).
"""
from __future__ import annotations

from .. import ir
from .activity import read, written


def transform(fn_ir: ir.Function) -> ir.Function:
    _block(fn_ir.body, live_out=set())
    return fn_ir


def _block(stmts, live_out: set):
    for i, s in enumerate(stmts):
        after = read(stmts[i + 1:]) | live_out
        if isinstance(s, ir.If):
            _block(s.body, after)
            _block(s.orelse, after)
            if not _jumps(s.body + s.orelse):
                s.carried = sorted(written(s.body) | written(s.orelse))
        elif isinstance(s, (ir.While, ir.For)):
            # live at the end of the body: what the next iteration reads before writing
            head = [s.test] if isinstance(s, ir.While) else [s.iter] + (
                [s.extra_test] if s.extra_test is not None else [])
            inner_live = after | exposed(s.body) | read(head)
            _block(s.body, inner_live)
            _block(s.orelse, after)
            if not _jumps(s.body) and not s.orelse:
                targets = written([ir.Assign([s.target], ir.Const(None))]) \
                    if isinstance(s, ir.For) else set()
                test_reads = read(head)
                needed = exposed(s.body) | test_reads | after
                s.carried = sorted(((written(s.body) - targets) & needed) | (targets & after))


def _jumps(stmts) -> bool:
    """Does ``stmts`` return, or break/continue out of the construct around it?"""
    for s in stmts:
        if isinstance(s, (ir.Return, ir.Break, ir.Continue)):
            return True
        if isinstance(s, ir.If) and _jumps(s.body + s.orelse):
            return True
        if isinstance(s, (ir.While, ir.For)):
            # break/continue in a nested loop belong to it; a return does not
            if any(isinstance(n, ir.Return) for n in ir.walk(s.body + s.orelse)):
                return True
    return False


def exposed(stmts) -> set[str]:
    """Names read in ``stmts`` before any assignment to them (upward-exposed uses)."""
    assigned: set[str] = set()
    out: set[str] = set()
    for s in stmts:
        if isinstance(s, ir.If):
            out |= read([s.test]) - assigned
            out |= (exposed(s.body) | exposed(s.orelse)) - assigned
            assigned |= written(s.body) & written(s.orelse)
        elif isinstance(s, ir.While):
            out |= (read([s.test]) | exposed(s.body)) - assigned
        elif isinstance(s, ir.For):
            targets = written([ir.Assign([s.target], ir.Const(None))])
            out |= (read([s.iter]) | (exposed(s.body) - targets)) - assigned
        elif isinstance(s, (ir.Assign, ir.AugAssign)):
            reads = read([s.value]) | (read([s.target]) if isinstance(s, ir.AugAssign)
                                       else set())
            for t in (s.targets if isinstance(s, ir.Assign) else [s.target]):
                if not isinstance(t, (ir.Name, ir.Tuple, ir.List, ir.Starred)):
                    reads |= read([t])  # a[i] = v reads a and i
            out |= reads - assigned
            assigned |= written([s])
        else:
            out |= read([s]) - assigned
    return out
