"""Promotion and casting, with NumPy itself as the oracle.

Nothing here is a hand-written promotion table: result dtypes come from
``ufunc.resolve_dtypes`` / ``np.result_type`` / evaluating NumPy on tiny arrays, asked
with the operands' *specs*. A spec is a ``np.dtype`` for a strongly typed operand and
the Python type ``int``/``float``/``complex`` for a weak Python scalar (NEP 50).
"""
from __future__ import annotations

import functools

import numpy as np
import tensorflow as tf

from . import checks
from .values import Weak, is_tensor, weak_kind

_NP_TO_TF = {
    np.dtype(np.bool_): tf.bool,
    np.dtype(np.int8): tf.int8, np.dtype(np.int16): tf.int16,
    np.dtype(np.int32): tf.int32, np.dtype(np.int64): tf.int64,
    np.dtype(np.uint8): tf.uint8, np.dtype(np.uint16): tf.uint16,
    np.dtype(np.uint32): tf.uint32, np.dtype(np.uint64): tf.uint64,
    np.dtype(np.float16): tf.float16, np.dtype(np.float32): tf.float32,
    np.dtype(np.float64): tf.float64,
    np.dtype(np.complex64): tf.complex64, np.dtype(np.complex128): tf.complex128,
}
SUPPORTED = frozenset(_NP_TO_TF)


class UnsupportedDType(TypeError):
    """A NumPy dtype with no TF counterpart (strings, objects, datetimes...)."""


def to_tf(dtype) -> tf.DType:
    dt = np.dtype(dtype)
    try:
        return _NP_TO_TF[dt]
    except KeyError:
        raise UnsupportedDType(f"dtype {dt} has no TensorFlow counterpart") from None


def to_np(dtype) -> np.dtype:
    if isinstance(dtype, tf.DType):
        return np.dtype(dtype.as_numpy_dtype)
    return np.dtype(dtype)


def spec(x):
    """The oracle's view of an operand: np.dtype (strong) or int/float/complex (weak)."""
    kind = weak_kind(x)
    if kind is bool:
        return np.dtype(np.bool_)
    if kind is not None:
        return kind
    if is_tensor(x):
        return to_np(x.dtype)
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    if isinstance(x, (list, tuple)):
        return _list_dtype(x)
    raise TypeError(f"not an array operand: {type(x).__name__}")


def _list_dtype(seq) -> np.dtype:
    # np.array(list) promotes its elements as if strongly typed (Python int -> int64).
    # np.array discovers the dtype by promoting the elements pairwise in order, which
    # is not np.result_type: [int8, uint16, float32] -> float64 but result_type -> float32.
    items = list(leaves(seq))
    if not items:
        return np.dtype(np.float64)
    return functools.reduce(np.promote_types, [_strong_example(e) for e in items])


def leaves(seq):
    """The non-sequence items of nested lists/tuples, in order."""
    for e in seq:
        if isinstance(e, (list, tuple)):
            yield from leaves(e)
        else:
            yield e


def _strong_example(e):
    if is_tensor(e):
        return to_np(e.dtype)
    if isinstance(e, Weak):
        return np.dtype({bool: np.bool_, int: np.int64, float: np.float64,
                         complex: np.complex128}[e.kind])
    return np.asarray(e).dtype


def _oracle_arg(s):
    """A spec as an argument NumPy's promotion understands (weak -> a Python value)."""
    return {int: 0, float: 0.0, complex: 0j}.get(s, s) if isinstance(s, type) else s


@functools.lru_cache(maxsize=4096)
def _resolve(ufunc, specs, casting):
    return ufunc.resolve_dtypes(specs + (None,) * ufunc.nout, casting=casting)


def ufunc_loop(ufunc, *operands, casting="same_kind"):
    """The dtypes NumPy's ufunc loop uses: ``(in_dtypes, out_dtypes)``.

    >>> ufunc_loop(np.sqrt, int16_tensor)   # ((float32,), (float32,))
    """
    specs = tuple(spec(x) for x in operands)
    try:
        dts = _resolve(ufunc, specs, casting)
    except TypeError as e:  # e.g. no loop for bitwise ops on floats
        raise TypeError(str(e)) from None
    return dts[: ufunc.nin], dts[ufunc.nin:]


@functools.lru_cache(maxsize=4096)
def _result_type(specs):
    return np.result_type(*[_oracle_arg(s) for s in specs])


def result_type(*operands) -> np.dtype:
    """``np.result_type`` with weak Python scalars (NEP 50)."""
    return _result_type(tuple(spec(x) for x in operands))


@functools.lru_cache(maxsize=4096)
def _eval_dtype(fn, specs, kwargs):
    args = [np.zeros((1,), s) if isinstance(s, np.dtype) else _oracle_arg(s) for s in specs]
    return np.asarray(fn(*args, **dict(kwargs))).dtype


def eval_dtype(fn, *operands, **kwargs) -> np.dtype:
    """The dtype NumPy's ``fn`` gives for operands of these specs (abstract evaluation
    on 1-element arrays), for functions that are not ufuncs: ``np.mean``, ``np.sum``..."""
    return _eval_dtype(fn, tuple(spec(x) for x in operands), tuple(sorted(kwargs.items())))


def cast(x, dtype, *, check_weak=True) -> tf.Tensor:
    """``x`` as a tensor of NumPy dtype ``dtype``.

    A Python int that does not fit the integer ``dtype`` raises OverflowError, as NumPy 2
    does when it meets one (``int8_arr + 300``); for a run-time int the check is deferred.
    """
    dtype = np.dtype(dtype)
    tfd = to_tf(dtype)
    if check_weak and weak_kind(x) is int and dtype.kind in "iu":
        _check_int_fits(x, dtype)
    if isinstance(x, Weak):
        t = x.tensor
    elif is_tensor(x):
        t = x
    elif isinstance(x, (list, tuple)) and any(is_tensor(e) or isinstance(e, Weak)
                                               for e in leaves(x)):
        return _stack_nested(x, dtype)
    else:
        # Static data: let NumPy do the conversion so values (wrapping, rounding) match.
        return tf.constant(np.asarray(x).astype(dtype, copy=False) if not isinstance(
            x, (int, float, complex, bool)) else np.asarray(x, dtype=dtype), dtype=tfd)
    return t if t.dtype == tfd else convert(t, dtype)


def _check_int_fits(x, dtype):
    info = np.iinfo(dtype)
    msg = f"Python integer out of bounds for {dtype}"
    if isinstance(x, Weak):
        t = x.tensor
        checks.require(tf.logical_and(t >= max(info.min, -2**63), t <= min(info.max, 2**63 - 1)),
                       OverflowError, msg)
    elif not info.min <= x <= info.max:
        raise OverflowError(f"Python integer {x} out of bounds for {dtype}")


def convert(t: tf.Tensor, dtype) -> tf.Tensor:
    """``t.astype(dtype)`` with NumPy's conversion semantics where TF's differ."""
    dtype = np.dtype(dtype)
    tfd = to_tf(dtype)
    src = to_np(t.dtype)
    if src == dtype:
        return t
    if dtype == np.bool_:  # complex: True if either part is nonzero
        return tf.not_equal(t, tf.zeros([], t.dtype))
    if src.kind == "c" and dtype.kind != "c":
        t = tf.math.real(t)  # NumPy drops the imaginary part (ComplexWarning)
        src = to_np(t.dtype)
    if src.kind == "f" and dtype.kind in "iu":
        # NumPy truncates toward zero; TF's cast does too, but undefined for NaN/inf.
        t = tf.where(tf.math.is_finite(t), t, tf.zeros_like(t))
        if dtype.itemsize < 4 or dtype.kind == "u":
            # C casts float->small int through a wide int, then wrap: match that.
            wide = tf.cast(t, tf.int64)
            return tf.cast(wide, tfd)
    return tf.cast(t, tfd)


def _stack_nested(x, dtype):
    if isinstance(x, (list, tuple)):
        return tf.stack([_stack_nested(e, dtype) for e in x])
    return cast(x, dtype, check_weak=False)


def can_cast(from_spec, to_dtype, casting="same_kind") -> bool:
    return np.can_cast(_oracle_arg(from_spec) if isinstance(from_spec, type) else from_spec,
                       to_dtype, casting=casting)


def is_float(dtype) -> bool:
    return np.dtype(dtype).kind == "f"


def is_int(dtype) -> bool:
    return np.dtype(dtype).kind in "iu"


def is_complex(dtype) -> bool:
    return np.dtype(dtype).kind == "c"
