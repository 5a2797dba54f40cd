"""Sorting and searching: sort, argsort, lexsort, searchsorted, sort_complex.

Every sort here is stable (NumPy's ``kind='stable'``). NumPy's default sorts are not,
but they agree with a stable sort wherever their result is determined: values, and
argsort of keys without ties.

Keys are first mapped to integers in NumPy's order (:func:`sort_keys`): floats are
bit-cast so that ``-0.0 == 0.0`` and NaN sorts last; complex numbers become three keys
(which parts are NaN, the real part, the imaginary part), NumPy's lexicographic order
with NaNs last. TF's sorts then only ever compare integers, identically under XLA.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from .. import arrays, axes, checks, dtypes
from ..registry import Unsupported, lowers
from ..values import Weak, static_value, weak_kind
from .linalg import probe

_FLOAT_BITS = {tf.float16: tf.int16, tf.float32: tf.int32, tf.float64: tf.int64}


def _float_key(x):
    """An integer with the order of ``x`` in NumPy's sort: -0.0 == 0.0, NaN last."""
    x = tf.where(tf.math.is_nan(x), tf.constant(np.nan, x.dtype), x)  # one NaN bit pattern
    x = tf.where(tf.equal(x, 0), tf.zeros([], x.dtype), x)  # -0.0 -> 0.0
    bits = tf.bitcast(x, _FLOAT_BITS[x.dtype])
    # negative floats order backwards as integers: flip all but the sign bit
    flip = tf.constant(np.iinfo(dtypes.to_np(bits.dtype)).max, bits.dtype)
    return tf.where(bits < 0, tf.bitwise.bitwise_xor(bits, flip), bits)


def sort_keys(t):
    """Integer tensors whose lexicographic order (most significant first) is NumPy's
    sort order of ``t``."""
    dt = dtypes.to_np(t.dtype)
    if dt == np.bool_:
        return [tf.cast(t, tf.uint8)]
    if dt == np.uint16:  # TF has no XLA sort for uint16
        return [tf.cast(t, tf.int32)]
    if dt.kind in "iu":
        return [t]
    if dt.kind == "f":
        return [_float_key(t)]
    # complex: R+Rj < R+nanj < nan+Rj < nan+nanj, lexicographic within each class
    re, im = tf.math.real(t), tf.math.imag(t)
    re_nan, im_nan = tf.math.is_nan(re), tf.math.is_nan(im)
    zero = tf.zeros([], re.dtype)
    re_key = _float_key(tf.where(re_nan, zero, re))
    im_key = _float_key(tf.where(im_nan, zero, im))
    if dt == np.complex64:  # class and real part fit one int64: one sort pass fewer
        cls = 2 * tf.cast(re_nan, tf.int64) + tf.cast(im_nan, tf.int64)
        return [cls * 2**32 + (tf.cast(re_key, tf.int64) + 2**31), im_key]
    cls = 2 * tf.cast(re_nan, tf.int8) + tf.cast(im_nan, tf.int8)
    return [cls, re_key, im_key]


def _take_last(t, idx):
    return tf.gather(t, idx, axis=-1, batch_dims=t.shape.rank - 1)


def stable_argsort(keys):
    """Stable argsort along the last axis by several keys, the first most significant."""
    perm = tf.argsort(keys[-1], axis=-1, stable=True)
    for key in reversed(keys[:-1]):
        perm = _take_last(perm, tf.argsort(_take_last(key, perm), axis=-1, stable=True))
    return perm


def _to_last(t, axis):
    nd = t.shape.rank
    if axis == nd - 1:
        return t, None
    perm = [i for i in range(nd) if i != axis] + [axis]
    return tf.transpose(t, perm), perm


def _from_last(t, perm):
    return t if perm is None else tf.transpose(t, np.argsort(perm).tolist())


def _validate(fn, t, **kwargs):
    """Let NumPy reject bad ``kind``/``order``/``stable`` values with its own errors."""
    probe(fn, (tf.zeros([1], t.dtype),), kwargs)


def _statics(**kw):
    return {k: static_value(v, k) for k, v in kw.items()}


def _flat_or_axis(t, axis):
    if axis is None:
        return tf.reshape(t, [-1]), 0
    return t, axes.normalize_axis(axis, t.shape.rank)


@lowers("sort")
def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """``np.sort``; ``axis=None`` sorts the flattened array. NaNs sort last."""
    s = _statics(axis=axis, kind=kind, order=order, stable=stable)
    t = arrays.asarray(a)
    _validate(np.sort, t, kind=s["kind"], order=s["order"], stable=s["stable"])
    t, ax = _flat_or_axis(t, s["axis"])
    t, perm = _to_last(t, ax)
    dt = dtypes.to_np(t.dtype)
    if dt.kind in "biu":  # equal integers are indistinguishable: sort the values
        key = sort_keys(t)[0]
        r = tf.sort(key, axis=-1)
        r = tf.cast(r, t.dtype) if r.dtype != t.dtype else r
    else:  # keep -0.0 and NaN payloads where NumPy's (stable) sort puts them
        r = _take_last(t, stable_argsort(sort_keys(t)))
    return _from_last(r, perm)


@lowers("argsort", method="argsort")
def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """``np.argsort``, stable: equal keys keep their order (as ``kind='stable'``)."""
    s = _statics(axis=axis, kind=kind, order=order, stable=stable)
    t = arrays.asarray(a)
    _validate(np.argsort, t, kind=s["kind"], order=s["order"], stable=s["stable"])
    if t.shape.rank == 0:
        probe(np.argsort, (t,), {"axis": s["axis"]})  # NumPy's verdict on the axis
        return tf.zeros([1], tf.int64)  # NumPy treats a 0-d array as one element
    t, ax = _flat_or_axis(t, s["axis"])
    t, perm = _to_last(t, ax)
    r = tf.cast(stable_argsort(sort_keys(t)), tf.int64)
    return _from_last(r, perm)


@lowers(method="sort")
def sort_method(a, axis=-1, kind=None, order=None, *, stable=None):
    raise Unsupported("ndarray.sort() sorts in place; in-place methods are not lowered yet")


@lowers("sort_complex")
def sort_complex(a):
    """``np.sort_complex``: sorted along the last axis, as a complex array."""
    t = arrays.asarray(a)
    r = sort(t)
    dt = dtypes.to_np(t.dtype)
    if dt.kind == "c":
        return r
    target = np.complex64 if dt.char in "bhBH" else np.complex128
    if dt.char == "g":
        raise Unsupported("long double")
    return dtypes.convert(r, target)


def _lexsort_probe(*keys, axis):
    return np.lexsort(keys, axis=axis)


@lowers("lexsort")
def lexsort(keys, axis=-1):
    """``np.lexsort``: indices sorting by the last key, then the one before, ..."""
    axis = static_value(axis, "axis")
    if not isinstance(keys, (list, tuple)):
        return _lexsort_array(arrays.asarray(keys), axis)
    ks = [arrays.asarray(k) for k in keys]
    if not ks:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    probe(_lexsort_probe, ks, {"axis": axis})  # NumPy's errors for the axis and dtypes
    nd = ks[0].shape.rank
    if nd == 0 or any(k.shape.rank != nd for k in ks):
        raise Unsupported("lexsort of 0-d keys or keys of different ranks")
    for k in ks[1:]:
        a, b = ks[0].shape, k.shape
        if a.is_fully_defined() and b.is_fully_defined():
            if a != b:
                raise ValueError("all keys need to be the same shape")
        else:
            checks.require(tf.reduce_all(tf.equal(tf.shape(ks[0]), tf.shape(k))), ValueError,
                           "all keys need to be the same shape")
    ax = axes.normalize_axis(axis, nd)
    order = []
    for k in reversed(ks):
        order += sort_keys(_to_last(k, ax)[0])
    perm = _to_last(ks[0], ax)[1]
    return _from_last(tf.cast(stable_argsort(order), tf.int64), perm)


def _lexsort_array(t, axis):
    """``np.lexsort(array)``: the rows ``t[0], t[1], ...`` are the keys, the last one
    primary. Their number may be known only at run time: one stable pass per key in a
    loop, least significant first."""
    probe(np.lexsort, (t,), {"axis": axis})
    nd = t.shape.rank - 1
    if nd < 1:
        raise Unsupported("lexsort of a 0-d or 1-d array")
    ax = axes.normalize_axis(axis, nd) + 1
    moved, perm_axes = _to_last(t, ax)
    subkeys = sort_keys(moved)  # each (k, ..., n): one dtype for all rows
    n_keys = tf.shape(t)[0]
    checks.require(n_keys > 0, TypeError, "need sequence of keys with len > 0 in lexsort")
    shape = tf.shape(subkeys[0])[1:]
    start = tf.broadcast_to(tf.range(shape[-1]), shape)

    def body(i, perm):
        for key in reversed(subkeys):
            row = tf.gather(key, i)
            perm = _take_last(perm, tf.argsort(_take_last(row, perm), axis=-1, stable=True))
        return i + 1, perm

    _, perm = tf.while_loop(lambda i, _: i < n_keys, body, (tf.constant(0), start))
    out = tf.cast(perm, tf.int64)
    return out if perm_axes is None else _from_last(out, [p - 1 for p in perm_axes[1:]])


def _strong_dtype(v) -> np.dtype:
    """The dtype ``np.asarray(v)`` has (searchsorted converts ``v`` strongly)."""
    kind = weak_kind(v)
    if kind is not None and not isinstance(v, Weak) and kind is int:
        return np.asarray(v).dtype  # large Python ints become uint64, as in NumPy
    return arrays.dtype_of(v)


@lowers("searchsorted", method="searchsorted")
def searchsorted(a, v, side="left", sorter=None):
    """``np.searchsorted`` on a sorted 1-d ``a`` (in NumPy's order: NaNs last)."""
    side = static_value(side, "side")
    if sorter is not None:
        raise Unsupported("searchsorted with sorter=")
    ta = arrays.asarray(a)
    probe(np.searchsorted, (ta, v), {"side": side})  # rejects bad side / a not 1-d
    common = np.result_type(dtypes.to_np(ta.dtype), _strong_dtype(v))
    if common.kind == "c":
        raise Unsupported("searchsorted on complex values")
    tv = dtypes.cast(v, common, check_weak=False)
    ka = sort_keys(dtypes.convert(ta, common))[0]
    kv = sort_keys(tv)[0]
    r = tf.searchsorted(ka, tf.reshape(kv, [-1]), side=side, out_type=tf.int64)
    return tf.reshape(r, tf.shape(tv)) if tv.shape.rank != 1 else r
