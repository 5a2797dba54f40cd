"""Activity analysis: which names a piece of IR reads and writes, and which are live.

Control-flow lowering needs, for every branch and loop, the variables it carries:
those it assigns that are defined before it or read after it (liveness), as
AutoGraph's activity and liveness analyses provide.
"""
from __future__ import annotations

from .. import ir


def _target_names(t, out: set):
    if isinstance(t, ir.Name):
        out.add(t.id)
    elif isinstance(t, (ir.Tuple, ir.List)):
        for e in t.elts:
            _target_names(e, out)
    elif isinstance(t, ir.Starred):
        _target_names(t.value, out)
    elif isinstance(t, ir.Subscript):
        # a[i] = v rebinds nothing in Python, but under functional lowering the base
        # array's name gets a new value.
        base = t.obj
        while isinstance(base, ir.Subscript):
            base = base.obj
        if isinstance(base, ir.Name):
            out.add(base.id)


# Methods that change a list in place: a loop that calls them carries the list (a loop
# with a run-time trip count then grows it as a TensorArray).
_LIST_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear"}


def written(stmts) -> set[str]:
    """Names (re)bound anywhere in ``stmts`` (including array names updated in place, and
    lists changed by their methods)."""
    out: set[str] = set()
    for node in ir.walk(stmts):
        if isinstance(node, ir.MethodCall) and node.name in _LIST_MUTATORS \
                and isinstance(node.obj, ir.Name):
            out.add(node.obj.id)
        elif isinstance(node, ir.Assign):
            for t in node.targets:
                _target_names(t, out)
        elif isinstance(node, ir.AugAssign):
            _target_names(node.target, out)
        elif isinstance(node, ir.For):
            _target_names(node.target, out)
    return out


def read(nodes) -> set[str]:
    """Names loaded anywhere in ``nodes`` (plain assignment targets excluded)."""
    stores: set[int] = set()
    for node in ir.walk(nodes):
        if isinstance(node, ir.Assign):
            for t in node.targets:
                _plain_stores(t, stores)
        elif isinstance(node, ir.For):
            _plain_stores(node.target, stores)
    return {n.id for n in ir.walk(nodes) if isinstance(n, ir.Name) and id(n) not in stores}


def _plain_stores(t, out: set):
    if isinstance(t, ir.Name):
        out.add(id(t))
    elif isinstance(t, (ir.Tuple, ir.List)):
        for e in t.elts:
            _plain_stores(e, out)
    elif isinstance(t, ir.Starred):
        _plain_stores(t.value, out)
