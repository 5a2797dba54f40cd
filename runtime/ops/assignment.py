"""``a[index] = value`` as a functional update: the new array, NumPy's semantics.

Which elements an index selects is exactly what ``getitem`` says: we index an iota
(the flat position of every element) with the same index, so assignment can never
disagree with reading. The value is broadcast to the selection's shape and cast into
``a``'s dtype as NumPy's setitem casts (unsafe for arrays; a Python int that does not
fit raises OverflowError). Repeated positions keep the last value, as NumPy's
sequential assignment does.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from .. import arrays, checks, context, dtypes
from ..registry import FUNCTIONS, lowers
from ..values import Weak, is_tensor, weak_kind
from .indexing import element_position, nonempty


def _cast_value(value, dtype):
    if weak_kind(value) is not None or isinstance(value, Weak):
        return dtypes.cast(value, dtype)  # checks Python ints, as NEP 50
    v = arrays.asarray(value)
    return dtypes.convert(v, dtype)  # arrays are cast 'unsafe', as setitem does


def _is_mask(index, a) -> bool:
    return is_tensor(index) and index.dtype == tf.bool and index.shape.rank == a.shape.rank


@lowers("setitem")
def setitem(a, index, value):
    """The array ``a`` after ``a[index] = value``."""
    a = arrays.asarray(a)
    dtype = dtypes.to_np(a.dtype)
    v = _cast_value(value, dtype)
    if isinstance(index, np.ndarray) and index.dtype == np.bool_ or (
            isinstance(index, list) and index and all(isinstance(e, (bool, np.bool_))
                                                      for e in index)):
        index = tf.constant(np.asarray(index))
    if v.shape.rank == 0:
        one = element_position(a, index)
        if one is not None:
            return _set_element(a, *one, v)
    if _is_mask(index, a) and v.shape.rank == 0:
        # a[mask] = scalar: a select, which XLA compiles (no data-dependent shapes)
        checks.require(tf.reduce_all(tf.equal(tf.shape(index), tf.shape(a))), IndexError,
                       "boolean index did not match indexed array")
        return tf.where(index, v, a)
    size = tf.size(a, out_type=tf.int64)
    positions = FUNCTIONS["getitem"](tf.reshape(tf.range(size), tf.shape(a)), index)
    positions = tf.convert_to_tensor(positions)
    values = _broadcast_value(v, positions)
    flat_pos = tf.reshape(positions, [-1])
    flat_val = tf.reshape(values, [-1])
    # Keep only the last write to each position (NumPy assigns in order).
    order = tf.range(tf.size(flat_pos, out_type=tf.int64))
    last = tf.math.unsorted_segment_max(order, flat_pos, size)
    keep = tf.equal(tf.gather(last, flat_pos), order)
    flat = tf.reshape(a, [-1])
    updated = tf.tensor_scatter_nd_update(
        flat, tf.expand_dims(tf.where(keep, flat_pos, 0), -1),
        tf.where(keep, flat_val, tf.gather(flat, tf.where(keep, flat_pos, 0))))
    return tf.reshape(updated, tf.shape(a))


def _set_element(a, coords, exists, v):
    """``a[i, j] = v`` for one element: a scatter of one value (no O(size) index work).

    An axis that may be empty at run time gets its IndexError deferred, so the scatter
    must not fail first on the (clipped, still invalid) position: a plain graph scatters
    no value then; XLA needs static sizes, so it scatters into a copy padded to one
    element and cuts the padding off again."""
    coords, v = coords[None], v[None]
    if exists is True:
        return tf.tensor_scatter_nd_update(a, coords, v)
    if not context.current().jit:
        count = tf.cast(exists, tf.int32)
        return tf.tensor_scatter_nd_update(a, coords[:count], v[:count])
    padded = a
    for axis in range(a.shape.rank):
        padded = nonempty(padded, axis)
    out = tf.tensor_scatter_nd_update(padded, coords, v)
    return tf.slice(out, tf.zeros([a.shape.rank], tf.int32), tf.shape(a))


def _broadcast_value(v, positions):
    """``v`` broadcast to the selection's shape, with NumPy's ValueError if it can't be
    (leading length-1 axes of ``v`` beyond the selection's rank are dropped, as NumPy
    allows)."""
    extra = v.shape.rank - positions.shape.rank
    src = tf.shape(v, out_type=tf.int64)
    dst = tf.shape(positions, out_type=tf.int64)
    ok = tf.constant(True)
    if extra > 0:
        ok = tf.reduce_all(tf.equal(src[:extra], 1))
        v = tf.reshape(v, src[extra:])
        src = src[extra:]
    tail = dst[max(-extra, 0):]
    ok = tf.logical_and(ok, tf.reduce_all(tf.logical_or(tf.equal(src, 1), tf.equal(src, tail))))
    checks.require(ok, ValueError, "could not broadcast input array into the indexed shape")
    safe = tf.where(tf.logical_or(tf.equal(src, 1), tf.equal(src, tail)), src, 1)
    return tf.broadcast_to(tf.reshape(v, safe), dst)


@lowers("add.at")
def add_at(a, indices, values=None):
    """``np.add.at(a, indices, b)``: unbuffered, repeated indices accumulate."""
    a = arrays.asarray(a)
    dtype = dtypes.to_np(a.dtype)
    size = tf.size(a, out_type=tf.int64)
    positions = tf.convert_to_tensor(
        FUNCTIONS["getitem"](tf.reshape(tf.range(size), tf.shape(a)), indices))
    v = _broadcast_value(_cast_value(values, dtype), positions)
    flat = tf.reshape(a, [-1])
    if flat.dtype == tf.bool:
        hits = tf.tensor_scatter_nd_max(tf.cast(flat, tf.int8),
                                        tf.reshape(positions, [-1, 1]),
                                        tf.reshape(tf.cast(v, tf.int8), [-1]))
        return tf.reshape(tf.cast(hits, tf.bool), tf.shape(a))
    out = tf.tensor_scatter_nd_add(flat, tf.reshape(positions, [-1, 1]), tf.reshape(v, [-1]))
    return tf.reshape(out, tf.shape(a))
