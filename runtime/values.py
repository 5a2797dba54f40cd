"""The trace-time value model: what a NumPy value looks like inside a graph.

Generated code manipulates four kinds of values:

* an **array**: a ``tf.Tensor``. TF dtypes map one to one onto NumPy's, so the tensor's
  dtype *is* the NumPy dtype. Arrays are strongly typed (NEP 50).
* a **static Python scalar**: ``bool``/``int``/``float``/``complex`` known while tracing
  (a literal, ``math.pi``). Weakly typed.
* a **traced Python scalar**: :class:`Weak`, a Python number that is only known at run
  time (an ``int`` argument, ``n * 2``). Weakly typed, so ``int8_arr + n`` stays int8.
* anything else (tuples, lists, ``None``, slices, dtypes, strings, objects) passes
  through untouched, as in Python.

``np.ndarray`` and NumPy scalars met while tracing (globals, closures) are constants:
they become strong arrays when an op consumes them.
"""
from __future__ import annotations

import numbers

import numpy as np
import tensorflow as tf

PY_SCALARS = (bool, int, float, complex)

# The dtype a traced Python scalar is carried in.
_WEAK_CARRIER = {bool: tf.bool, int: tf.int64, float: tf.float64, complex: tf.complex128}


class NeedStatic(Exception):
    """An op needs a value at trace time that is only known at run time.

    ``sources`` names the call arguments the value came from, so the calling
    convention can retrace with those arguments static (as JAX's static_argnums,
    found automatically)."""

    def __init__(self, what: str, sources: frozenset):
        super().__init__(what)
        self.what = what
        self.sources = sources


class Weak:
    """A Python number known only at run time (weakly typed, NEP 50)."""

    __slots__ = ("tensor", "kind", "sources")

    def __init__(self, tensor, kind, sources=frozenset()):
        if kind not in _WEAK_CARRIER:
            raise TypeError(f"Weak kind must be a Python scalar type, not {kind!r}")
        carrier = _WEAK_CARRIER[kind]
        if isinstance(tensor, PY_SCALARS):  # not via float32, TF's default for floats
            tensor = tf.constant(tensor, carrier)
        tensor = tf.convert_to_tensor(tensor)
        if tensor.dtype != carrier:
            tensor = tf.cast(tensor, carrier)
        self.tensor = tensor
        self.kind = kind
        self.sources = frozenset(sources)

    def __repr__(self):
        return f"Weak({self.kind.__name__}, {self.tensor!r})"

    def __bool__(self):
        raise NeedStatic("the truth value of a run-time Python scalar", self.sources)

    def __index__(self):
        raise NeedStatic("a run-time Python int used as an index", self.sources)


def is_tensor(x) -> bool:
    return isinstance(x, (tf.Tensor, tf.Variable))


def is_static_scalar(x) -> bool:
    return isinstance(x, PY_SCALARS)


def is_weak(x) -> bool:
    """Weakly typed: a Python scalar, static or traced."""
    return weak_kind(x) is not None


def is_arraylike(x) -> bool:
    """Takes part in NumPy arithmetic (as opposed to passing through)."""
    return isinstance(x, (tf.Tensor, tf.Variable, Weak, np.ndarray, np.generic) + PY_SCALARS) or (
        isinstance(x, (list, tuple)) and _is_nested_numeric(x))


def _is_nested_numeric(x) -> bool:
    if isinstance(x, (list, tuple)):
        return all(_is_nested_numeric(e) for e in x)
    return isinstance(x, (tf.Tensor, Weak, np.ndarray, np.generic, numbers.Number))


def weak_kind(x):
    """``int``/``float``/``complex``/``bool`` for a weak scalar, else ``None``."""
    if isinstance(x, Weak):
        return x.kind
    if isinstance(x, np.generic):
        return None  # np.float64 and np.complex128 subclass float/complex, yet are strong
    if isinstance(x, bool):
        return bool
    if isinstance(x, PY_SCALARS):
        return type(x)
    return None


def static_value(x, what: str = "this value"):
    """The trace-time value of ``x``; raise :class:`NeedStatic` if it is run-time only."""
    if isinstance(x, Weak):
        raise NeedStatic(what, x.sources)
    if isinstance(x, (list, tuple)):
        return type(x)(static_value(e, what) for e in x)
    if is_tensor(x):
        v = tf.get_static_value(x)
        if v is None:
            raise NeedStatic(what, frozenset())
        return v.item() if v.ndim == 0 else v
    if isinstance(x, np.generic):
        return x.item()
    return x


def static_or_none(x):
    """The trace-time value of ``x`` if there is one, else ``None``."""
    try:
        return static_value(x)
    except NeedStatic:
        return None


def carrier(x) -> tf.Tensor:
    """The tensor behind a weak scalar (its carrier dtype), for arithmetic among weaks."""
    if isinstance(x, Weak):
        return x.tensor
    return tf.constant(x, dtype=_WEAK_CARRIER[weak_kind(x)])


def sources_of(*xs) -> frozenset:
    out = frozenset()
    for x in xs:
        if isinstance(x, Weak):
            out |= x.sources
    return out
