"""Turning trace-time values into tensors, and facts about them (shape, ndim).

One place converts array-likes (``asarray``); ops call it rather than ``tf.constant``.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from . import context, dtypes
from .values import Weak, is_tensor, weak_kind

_DEFAULT = {bool: np.dtype(np.bool_), int: np.dtype(np.int64), float: np.dtype(np.float64),
            complex: np.dtype(np.complex128)}


def asarray(x, dtype=None) -> tf.Tensor:
    """``np.asarray(x, dtype)`` for a trace-time value: a strong tensor.

    Python scalars take NumPy's default dtype (int -> int64); nested lists of tensors
    are stacked with ``np.array``'s promotion."""
    if dtype is not None:
        return dtypes.cast(x, as_dtype(dtype))
    if is_tensor(x):
        return x
    kind = weak_kind(x)
    if kind is not None:
        return dtypes.cast(x, _DEFAULT[kind], check_weak=False)
    if isinstance(x, (np.ndarray, np.generic)):
        if x.dtype not in dtypes.SUPPORTED:
            raise dtypes.UnsupportedDType(f"arrays of dtype {x.dtype} are not supported")
        return tf.constant(x)
    if isinstance(x, (list, tuple)):
        return dtypes.cast(x, dtypes.spec(x), check_weak=False)
    raise TypeError(f"cannot convert {type(x).__name__} to an array")


def as_dtype(d) -> np.dtype:
    """A dtype argument (``np.float32``, ``'f4'``, ``float``, a tensor's dtype) as np.dtype."""
    if isinstance(d, tf.DType):
        return dtypes.to_np(d)
    inner = getattr(d, "np_type", None)  # runtime wrappers of scalar types (np.float32)
    if inner is not None:
        d = inner
    return np.dtype(d)


def dtype_of(x) -> np.dtype:
    """The dtype ``np.asarray(x)`` would have."""
    s = dtypes.spec(x)
    return _DEFAULT[s] if isinstance(s, type) else s


def ndim(x) -> int:
    if is_tensor(x):
        r = x.shape.rank
        if r is None:
            raise TypeError("array of unknown rank")
        return r
    if isinstance(x, (Weak, bool, int, float, complex)):
        return 0
    return asarray(x).shape.rank


def static_shape(x) -> tuple:
    """Shape with ``None`` for dimensions known only at run time."""
    return tuple(asarray(x).shape.as_list())


def shape_tensor(x) -> tf.Tensor:
    return tf.shape(asarray(x), out_type=tf.int64)


def mark_array(t: tf.Tensor) -> tf.Tensor:
    """Record that ``t`` is a 0-d *array*, not a NumPy scalar (as ``np.array(5)``)."""
    if is_tensor(t) and t.shape.rank == 0:
        context.current().zero_d_arrays.add(t.ref())
    return t


def is_marked_array(t) -> bool:
    return is_tensor(t) and t.ref() in context.current().zero_d_arrays
