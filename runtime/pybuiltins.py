"""``_py`` in generated code: Python's builtins, taught about arrays and run-time scalars.

``len(a)`` of an array, ``float(x)`` of a 0-d array, ``range(n)``, ``isinstance(a,
np.ndarray)``... Names not listed here are Python's own builtins.
"""
from __future__ import annotations

import builtins

import numpy as np
import tensorflow as tf

from . import checks, context, fallback, operators
from .registry import FUNCTIONS
from .values import Weak, is_tensor, static_value

_KINDS = (builtins.bool, builtins.int, builtins.float, builtins.complex)


def _is_array(x):
    return operators._is_array(x)


def _tensor(x):
    return x if is_tensor(x) else FUNCTIONS["asarray"](x)


def len(x):  # noqa: A001 - mirrors the builtin
    if _is_array(x):
        t = _tensor(x)
        if t.shape.rank == 0:
            raise TypeError("len() of unsized object")
        if t.shape[0] is not None:
            return t.shape[0]
        i = context.current().param_index.get(t.ref())
        return Weak(tf.shape(t, out_type=tf.int64)[0], builtins.int,
                    frozenset({("shape", i)}) if i is not None else frozenset())
    if builtins.isinstance(x, Weak):
        raise TypeError(f"object of type '{x.kind.__name__}' has no len()")
    return builtins.len(x)


def abs(x):  # noqa: A001
    if _is_array(x):
        return FUNCTIONS["absolute"](x)
    if builtins.isinstance(x, Weak):
        return Weak(tf.abs(x.tensor), builtins.float if x.kind is builtins.complex else
                    (builtins.int if x.kind is builtins.bool else x.kind), x.sources)
    return builtins.abs(x)


def _to_kind(x, kind):
    """``int(x)`` / ``float(x)`` / ``complex(x)`` / ``bool(x)`` of a run-time value."""
    if builtins.isinstance(x, Weak):
        t, src = x.tensor, x.sources
    else:
        t = _tensor(x)
        if t.shape.num_elements() not in (1, None):
            raise TypeError("only length-1 arrays can be converted to Python scalars")
        t, src = tf.reshape(t, []), frozenset()
    if kind is builtins.bool:
        return operators.truth(x)
    if t.dtype.is_complex and kind is not builtins.complex:
        raise TypeError(f"{kind.__name__}() argument must be a real number, not complex")
    if kind is builtins.int:
        if t.dtype.is_floating:
            checks.require(tf.math.is_finite(t), ValueError,
                           "cannot convert float NaN or infinity to integer")
            t = tf.where(tf.math.is_finite(t), t, tf.zeros_like(t))
        return Weak(tf.cast(t, tf.int64), builtins.int, src)
    return Weak(t, kind, src)


def _conversion(kind):
    def convert(x=kind()):
        if builtins.isinstance(x, Weak) or _is_array(x) and not builtins.isinstance(x, (np.ndarray, np.generic)):
            return _to_kind(x, kind)
        return kind(x)
    convert.__name__ = kind.__name__
    convert.np_type = kind  # usable as a dtype argument: np.zeros(3, dtype=bool)
    return convert


int = _conversion(builtins.int)  # noqa: A001
float = _conversion(builtins.float)  # noqa: A001
complex = _conversion(builtins.complex)  # noqa: A001
bool = _conversion(builtins.bool)  # noqa: A001


def round(x, ndigits=None):  # noqa: A001
    if _is_array(x) and not builtins.isinstance(x, (np.ndarray, np.generic)):
        if ndigits is None:
            return Weak(tf.cast(tf.math.round(tf.reshape(_tensor(x), [])), tf.int64), builtins.int)
        return FUNCTIONS["round"](x, ndigits)
    if builtins.isinstance(x, Weak):
        r = tf.math.round(x.tensor) if x.tensor.dtype.is_floating else x.tensor
        if ndigits is None:
            return Weak(tf.cast(r, tf.int64), builtins.int, x.sources)
        return Weak(FUNCTIONS["round"](x.tensor, ndigits), x.kind, x.sources)
    return builtins.round(x, ndigits)


def range(*args):  # noqa: A001
    if builtins.any(builtins.isinstance(a, Weak) for a in args):
        from .control_flow import Range
        return Range(*args)  # bounds known at run time: a graph loop can still use it
    return builtins.range(*(static_value(a, "a range() bound") for a in args))


def _extreme(name, ufunc):
    py = getattr(builtins, name)

    def extreme(*args, **kwargs):
        if builtins.len(args) == 1 and _is_array(args[0]) and not kwargs:
            return py(operators.iterate(args[0]))
        if kwargs or not any(builtins.isinstance(a, Weak) or (_is_array(a) and not builtins.isinstance(
                a, (np.ndarray, np.generic))) for a in args):
            return py(*args, **kwargs)
        best = args[0]
        for a in args[1:]:  # Python keeps the first of equals: replace only if strictly better
            better = operators.gt(a, best) if name == "max" else operators.lt(a, best)
            if builtins.isinstance(a, Weak) and builtins.isinstance(best, Weak):
                kind = builtins.max(a.kind, best.kind, key=_KINDS.index)
                dt = {builtins.bool: tf.bool, builtins.int: tf.int64,
                      builtins.float: tf.float64, builtins.complex: tf.complex128}[kind]
                best = Weak(tf.where(better.tensor, tf.cast(a.tensor, dt),
                                     tf.cast(best.tensor, dt)), kind, a.sources | best.sources)
            else:
                best = FUNCTIONS["where"](better, a, best)
        return best
    extreme.__name__ = name
    return extreme


max = _extreme("max", "maximum")  # noqa: A001
min = _extreme("min", "minimum")  # noqa: A001


def sum(iterable, start=0):  # noqa: A001
    if _is_array(iterable):
        t = _tensor(iterable)
        total = tf.reduce_sum(t, axis=0) if t.dtype != tf.bool else \
            tf.reduce_sum(tf.cast(t, tf.int64), axis=0)
        return operators.add(start, total)
    total = start
    for e in operators.iterate(iterable):
        total = operators.add(total, e)
    return total


def _py_types(types):
    if builtins.isinstance(types, builtins.tuple):
        return builtins.tuple(_py_types(t) for t in types)
    types = getattr(types, "py_type", types)
    return getattr(types, "np_type", types)  # np.float64 from the _np namespace


def isinstance(x, types):  # noqa: A001
    types = _py_types(types)
    if builtins.isinstance(x, Weak):
        return builtins.isinstance(x.kind(), types)
    if is_tensor(x):
        dt = np.dtype(x.dtype.as_numpy_dtype)
        from .arrays import is_marked_array
        example = np.zeros((1,) * x.shape.rank, dt) if (x.shape.rank or is_marked_array(x)) \
            else dt.type(0)
        return builtins.isinstance(example, types)
    return builtins.isinstance(x, types)




def print(*args, **kwargs):  # noqa: A001
    return fallback.call(builtins.print, "print", "printing runs in Python", args, kwargs)


def enumerate(x, start=0):  # noqa: A001
    return builtins.enumerate(operators.iterate(x), start)


def zip(*xs, **kw):  # noqa: A001
    return builtins.zip(*[operators.iterate(x) for x in xs], **kw)


def reversed(x):  # noqa: A001
    if _is_array(x):
        return builtins.reversed(builtins.list(operators.iterate(x)))
    return builtins.reversed(x)


def list(x=()):  # noqa: A001
    return builtins.list(operators.iterate(x))


def tuple(x=()):  # noqa: A001
    return builtins.tuple(operators.iterate(x))


def sorted(x, **kw):  # noqa: A001
    return builtins.sorted(operators.iterate(x), **kw)


def __getattr__(name):
    return getattr(builtins, name)
