"""``_math`` in generated code: Python's ``math`` on run-time scalars.

Static arguments are computed by ``math`` itself; a run-time argument is computed in
float64 on TF and stays a Python float (weak), as ``math`` returns floats."""
from __future__ import annotations

import math

import tensorflow as tf

from . import checks, fallback
from .values import Weak, is_tensor, sources_of

_FLOAT_FNS = {
    "sqrt": (tf.sqrt, lambda t: t >= 0), "exp": (tf.exp, None),
    "log": (tf.math.log, lambda t: t > 0), "log2": (lambda t: tf.math.log(t) / math.log(2),
                                                   lambda t: t > 0),
    "log10": (lambda t: tf.math.log(t) / math.log(10), lambda t: t > 0),
    "log1p": (tf.math.log1p, lambda t: t > -1), "expm1": (tf.math.expm1, None),
    "sin": (tf.sin, None), "cos": (tf.cos, None), "tan": (tf.tan, None),
    "asin": (tf.asin, lambda t: tf.abs(t) <= 1), "acos": (tf.acos, lambda t: tf.abs(t) <= 1),
    "atan": (tf.atan, None), "sinh": (tf.sinh, None), "cosh": (tf.cosh, None),
    "tanh": (tf.tanh, None), "fabs": (tf.abs, None), "erf": (tf.math.erf, None),
    "erfc": (tf.math.erfc, None), "lgamma": (tf.math.lgamma, None),
}


def _runtime(x) -> bool:
    return isinstance(x, Weak) or is_tensor(x)


def _f64(x):
    t = x.tensor if isinstance(x, Weak) else x
    if is_tensor(t):
        if t.dtype.is_complex:
            raise TypeError("must be real number, not complex")
        return tf.cast(tf.reshape(t, []), tf.float64)
    return tf.constant(float(x), tf.float64)


def _unary(name, fn, domain):
    def call(x):
        if not _runtime(x):
            return getattr(math, name)(x)
        t = _f64(x)
        if domain is not None:
            checks.require(domain(t), ValueError, "math domain error")
        return Weak(fn(t), float, sources_of(x))
    call.__name__ = name
    return call


for _n, (_fn, _dom) in _FLOAT_FNS.items():
    globals()[_n] = _unary(_n, _fn, _dom)


def _to_int(name, fn):
    def call(x):
        if not _runtime(x):
            return getattr(math, name)(x)
        t = _f64(x)
        checks.require(tf.math.is_finite(t), ValueError if not name else OverflowError,
                       "cannot convert float infinity to integer")
        return Weak(tf.cast(fn(t), tf.int64), int, sources_of(x))
    return call


floor = _to_int("floor", tf.floor)
ceil = _to_int("ceil", tf.math.ceil)
trunc = _to_int("trunc", lambda t: tf.where(t < 0, tf.math.ceil(t), tf.floor(t)))


def _binary(name, fn):
    def call(x, y):
        if not (_runtime(x) or _runtime(y)):
            return getattr(math, name)(x, y)
        return Weak(fn(_f64(x), _f64(y)), float, sources_of(x, y))
    return call


atan2 = _binary("atan2", tf.math.atan2)
pow = _binary("pow", tf.pow)  # noqa: A001
hypot = _binary("hypot", lambda a, b: tf.sqrt(a * a + b * b))
copysign = _binary("copysign", lambda a, b: tf.where((b < 0) | ((b == 0) & (1 / b < 0)),
                                                      -tf.abs(a), tf.abs(a)))


def _predicate(name, fn):
    def call(x):
        if not _runtime(x):
            return getattr(math, name)(x)
        return Weak(fn(_f64(x)), bool, sources_of(x))
    return call


isnan = _predicate("isnan", tf.math.is_nan)
isinf = _predicate("isinf", tf.math.is_inf)
isfinite = _predicate("isfinite", tf.math.is_finite)


def __getattr__(name):
    value = getattr(math, name)
    if callable(value):
        return fallback.Fallback(value, f"math.{name}", "no lowering rule")
    return value  # pi, e, tau, inf, nan
