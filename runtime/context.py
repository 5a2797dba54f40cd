"""State of one trace (or of one eager run) of a compiled function."""
from __future__ import annotations

import dataclasses
import threading

import tensorflow as tf

from .origin import Location


@dataclasses.dataclass
class FallbackSite:
    location: Location | None
    call: str
    reason: str


@dataclasses.dataclass
class TraceContext:
    eager: bool = True
    # Deferred errors: checks on run-time values add to ``error_code`` (0 = no error,
    # k = the k-th entry of ``errors``), which the graph returns; the calling
    # convention raises after the call, before any result reaches the caller. This is
    # how IndexError & co. survive XLA, which drops assertions.
    error_code: tf.Tensor | None = None
    errors: list = dataclasses.field(default_factory=list)
    fallbacks: dict = dataclasses.field(default_factory=dict)   # site -> FallbackSite
    fallback_meta: dict = dataclasses.field(default_factory=dict)  # site -> (meta, mutated)
    # tensor passed to a fallback (by id) -> its value after NumPy changed it in place
    fallback_writes: dict = dataclasses.field(default_factory=dict)
    # buffer -> (tensor, writes) before its first write, while a control-flow probe runs
    write_log: dict | None = None
    missing_meta: bool = False
    xla_ok: bool = True          # False once an op XLA cannot compile is used
    jit: bool = False            # this trace is for XLA
    zero_d_arrays: set = dataclasses.field(default_factory=set)  # refs of 0-d *arrays*
    param_index: dict = dataclasses.field(default_factory=dict)  # tensor ref -> arg index

    def add_error(self, exc_type, message, location) -> int:
        self.errors.append((exc_type, message, location))
        return len(self.errors)


_local = threading.local()


def current() -> TraceContext:
    stack = getattr(_local, "stack", None)
    if not stack:
        return TraceContext()  # ops used outside a compiled function: eager, no state
    return stack[-1]


class active:
    """``with active(ctx): ...`` makes ``ctx`` the current trace context."""

    def __init__(self, ctx: TraceContext):
        self.ctx = ctx

    def __enter__(self):
        if not hasattr(_local, "stack"):
            _local.stack = []
        _local.stack.append(self.ctx)
        return self.ctx

    def __exit__(self, *exc):
        _local.stack.pop()
