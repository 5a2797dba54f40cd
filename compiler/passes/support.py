"""Support: which calls lower to TF and which fall back to NumPy, and why.

This is the static view (``np2tf check``). At run time the lowering rules have the
last word: a rule may still decline particular argument types, which `explain`
reports with the example arguments.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from np2tf.runtime.registry import FUNCTIONS, METHODS

from .. import ir


@dataclasses.dataclass
class CallSite:
    line: int
    call: str
    lowered: bool
    reason: str


def analyse(fn_ir: ir.Function) -> list[CallSite]:
    sites = []
    for node in ir.walk(fn_ir.body):
        if isinstance(node, ir.Call) and isinstance(node.func, ir.NumpyRef):
            path = node.func.path
            target = _np_attr(path)
            if path in FUNCTIONS:
                sites.append(CallSite(node.line, f"np.{path}", True, "lowered"))
            elif isinstance(target, type) and issubclass(target, np.generic):
                sites.append(CallSite(node.line, f"np.{path}", True, "lowered (cast)"))
            else:
                sites.append(CallSite(node.line, f"np.{path}", False, "no lowering rule"))
        elif isinstance(node, ir.Call) and isinstance(node.func, ir.ForeignRef):
            sites.append(CallSite(node.line, node.func.qualname, False,
                                  "not NumPy and not compiled: runs in Python"))
        elif isinstance(node, ir.MethodCall):
            ok = node.name in METHODS
            sites.append(CallSite(node.line, f".{node.name}()", ok,
                                  "lowered" if ok else "no lowering rule for this method "
                                  "(if called on an array)"))
    return sorted(sites, key=lambda s: s.line)


def _np_attr(path):
    obj = np
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj
