"""The lowering table: NumPy names -> functions on trace-time values.

Op modules under ``runtime/ops`` register themselves here:

    @lowers("sum", method="sum")       # np.sum(...) and a.sum(...)
    def sum_(a, axis=None, dtype=None, out=None, keepdims=False): ...

    @attribute("T")                    # a.T
    def transpose_attr(a): ...

A rule that meets arguments it cannot lower raises :class:`Unsupported` with the
reason; the call then falls back to NumPy (and the reason is reported).
"""
from __future__ import annotations

FUNCTIONS: dict[str, object] = {}   # "sum", "linalg.norm", "add"
METHODS: dict[str, object] = {}     # ndarray methods: "sum", "reshape", "astype"
ATTRIBUTES: dict[str, object] = {}  # ndarray properties: "T", "shape", "ndim"


class Unsupported(Exception):
    """This call cannot be lowered (the message says why); it falls back to NumPy."""


def lowers(*names: str, method: str | tuple[str, ...] | None = None):
    def register(fn):
        for n in names:
            FUNCTIONS[n] = fn
        for m in ((method,) if isinstance(method, str) else (method or ())):
            METHODS[m] = fn
        return fn
    return register


def attribute(name: str):
    def register(fn):
        ATTRIBUTES[name] = fn
        return fn
    return register
