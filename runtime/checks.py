"""Run-time checks that raise NumPy's exceptions, also under XLA.

``require(ok, IndexError, "...")``: with a Python bool or an eager tensor the check
runs now; inside a graph it is deferred (see ``TraceContext.error_code``).
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from . import context, origin
from .values import is_tensor


class DeferredError(Exception):
    """Carries the location of a failed deferred check to the calling convention."""


def require(ok, exc_type: type[BaseException], message: str) -> None:
    if isinstance(ok, (bool, np.bool_)):
        if not ok:
            raise exc_type(message)
        return
    if not (is_tensor(ok) and ok.shape.rank == 0 and ok.dtype == tf.bool):
        ok = tf.reduce_all(ok)
    static = tf.get_static_value(ok)
    if static is not None:
        if not static:
            raise exc_type(message)
        return
    if tf.executing_eagerly():
        if not bool(ok):
            raise exc_type(message)
        return
    ctx = context.current()
    loc, _ = origin.current()
    code = ctx.add_error(exc_type, message, loc)
    prev = ctx.error_code if ctx.error_code is not None else tf.constant(0, tf.int32)
    ctx.error_code = tf.where(tf.logical_and(tf.equal(prev, 0), tf.logical_not(ok)),
                              tf.constant(code, tf.int32), prev)


def raise_code(ctx_errors, code: int):
    """Raise the exception a deferred check recorded under ``code``."""
    exc_type, message, loc = ctx_errors[code - 1]
    exc = exc_type(message)
    if loc is not None:
        exc.add_note(f"  at {loc}: {loc.text}")
    raise exc
