"""Name resolution: what a free name of the user's function refers to.

The decorator sees the live function, so names are resolved by value (globals,
closure cells, builtins), which also gets ``import numpy as xp`` and
``from numpy.linalg import norm`` right.
"""
from __future__ import annotations

import builtins
import math
import types

import numpy as np
from np2tf.runtime import origin

from .. import ir

_NP_SUBMODULES = ("linalg", "fft", "random")


def free_value(fn, name):
    """``(found, value)`` for a name free in ``fn`` (closure, then globals, then builtins)."""
    code = fn.__code__
    if fn.__closure__ and name in code.co_freevars:
        cell = fn.__closure__[code.co_freevars.index(name)]
        try:
            return True, cell.cell_contents
        except ValueError:  # empty cell: assigned after the function was defined
            return False, None
    if name in fn.__globals__:
        return True, fn.__globals__[name]
    if hasattr(builtins, name):
        return True, getattr(builtins, name)
    return False, None


def numpy_path(value) -> str | None:
    """``"linalg.norm"`` for ``np.linalg.norm``, ``""`` for ``np`` itself, else None."""
    if value is np:
        return ""
    if isinstance(value, types.ModuleType):
        name = value.__name__
        if name.startswith("numpy."):
            return name[len("numpy."):]
        return None
    name = getattr(value, "__name__", None)
    if not isinstance(name, str):
        return None
    try:
        if getattr(np, name, None) is value:
            return name
        for sub in _NP_SUBMODULES:
            if getattr(getattr(np, sub), name, None) is value:
                return f"{sub}.{name}"
    except TypeError:
        pass
    return None


def classify(name: str, value, line: int, as_callee: bool) -> ir.Node:
    """The IR node for a free name bound to ``value``."""
    path = numpy_path(value)
    if path is not None:
        return ir.NumpyRef(path, line=line)
    if value is math:
        return ir.MathRef("", line=line)
    if getattr(value, "__module__", None) == "math" or (
            isinstance(value, types.BuiltinFunctionType) and getattr(math, name, None) is value):
        return ir.MathRef(value.__name__, line=line)
    if hasattr(builtins, name) and getattr(builtins, name) is value:
        return ir.BuiltinRef(name, line=line)
    inner = getattr(value, "python_function", None)  # an @accelerate'd function
    if inner is not None:
        return ir.UserFunction(name, inner, line=line)
    if isinstance(value, types.FunctionType) and origin.is_user_code(value):
        return ir.UserFunction(name, value, line=line)
    if as_callee and callable(value) and not isinstance(value, type):
        qual = f"{getattr(value, '__module__', None) or ''}.{getattr(value, '__qualname__', name)}"
        return ir.ForeignRef(name, value, qual.lstrip("."), line=line)
    return ir.Captured(name, value, line=line)


def attribute_of_module(base: ir.Node, attr: str, line: int, as_callee: bool) -> ir.Node | None:
    """Statically resolve ``module.attr`` (``np.linalg``, ``math.pi``, ``scipy.special``)."""
    if isinstance(base, ir.NumpyRef):
        return ir.NumpyRef(f"{base.path}.{attr}" if base.path else attr, line=line)
    if isinstance(base, ir.MathRef) and base.name == "":
        return ir.MathRef(attr, line=line)
    if isinstance(base, ir.Captured) and isinstance(base.value, types.ModuleType):
        if not hasattr(base.value, attr):
            return None
        return classify(f"{base.id}.{attr}", getattr(base.value, attr), line, as_callee)
    return None
