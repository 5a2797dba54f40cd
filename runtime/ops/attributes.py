"""ndarray attributes (``shape``, ``ndim``, ``size``, ``dtype``, ``T``, ``mT``, ``real``,
``imag``, ``itemsize``, ``nbytes``) and conversion methods (``astype``, ``copy``,
``item``; ``tolist``/``fill``/``view`` fall back).

A dimension known only at run time is a run-time Python int (:class:`Weak`) whose
``sources`` name the argument it is a dimension of, so an op that needs it static can
ask for a retrace with that shape fixed.
"""
from __future__ import annotations

import operator

import numpy as np
import tensorflow as tf

from .. import arrays, checks, context, dtypes
from ..registry import Unsupported, attribute, lowers
from ..values import Weak, is_tensor

_KIND = {"b": bool, "i": int, "u": int, "f": float, "c": complex}


def _no_attr(x, name):
    kind = x.kind.__name__ if isinstance(x, Weak) else type(x).__name__
    raise AttributeError(f"'{kind}' object has no attribute '{name}'")


def _tensor(a, name):
    if isinstance(a, Weak):
        _no_attr(a, name)
    return a if is_tensor(a) else arrays.asarray(a)


def _same_kind_of_result(a, t):
    """A 0-d array stays an array, a NumPy scalar stays a scalar."""
    if arrays.is_marked_array(a) and t is not a:
        arrays.mark_array(t)
    return t


def _shape_sources(t) -> frozenset:
    i = context.current().param_index.get(t.ref())
    return frozenset({("shape", i)}) if i is not None else frozenset()


@attribute("shape")
def shape(a):
    """A tuple of Python ints; run-time ints (Weak) for dims unknown while tracing."""
    if isinstance(a, (np.ndarray, np.generic)):
        return a.shape
    t = _tensor(a, "shape")
    static = t.shape.as_list()
    if None not in static:
        return tuple(static)
    dyn = tf.shape(t, out_type=tf.int64)
    src = _shape_sources(t)
    return tuple(d if d is not None else Weak(dyn[i], int, src) for i, d in enumerate(static))


@attribute("ndim")
def ndim(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.ndim
    return arrays.ndim(_tensor(a, "ndim"))


@attribute("size")
def size(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.size
    t = _tensor(a, "size")
    n = t.shape.num_elements()
    if n is not None:
        return n
    return Weak(tf.size(t, out_type=tf.int64), int, _shape_sources(t))


@attribute("dtype")
def dtype(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.dtype
    return dtypes.to_np(_tensor(a, "dtype").dtype)


@attribute("itemsize")
def itemsize(a):
    return dtype(a).itemsize


@attribute("nbytes")
def nbytes(a):
    n = size(a)
    item = itemsize(a)
    if isinstance(n, Weak):
        return Weak(n.tensor * item, int, n.sources)
    return n * item


@attribute("T")
def transpose_attr(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.T
    t = _tensor(a, "T")
    if t.shape.rank < 2:
        return t  # a view of the same data (0-d and 1-d are their own transpose)
    return tf.transpose(t)


@attribute("mT")
def matrix_transpose_attr(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.mT
    t = _tensor(a, "mT")
    r = t.shape.rank
    if r < 2:
        raise ValueError("matrix transpose with ndim < 2 is undefined")
    return tf.transpose(t, list(range(r - 2)) + [r - 1, r - 2])


@attribute("real")
def real_attr(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.real
    if isinstance(a, Weak):
        return Weak(tf.math.real(a.tensor), float, a.sources) if a.kind is complex else a
    if a.dtype.is_complex:
        return _same_kind_of_result(a, tf.math.real(a))
    return a


@attribute("imag")
def imag_attr(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.imag
    if isinstance(a, Weak):
        if a.kind is complex:
            return Weak(tf.math.imag(a.tensor), float, a.sources)
        return Weak(tf.zeros([], tf.int64), int if a.kind is bool else a.kind, a.sources)
    if a.dtype.is_complex:
        return _same_kind_of_result(a, tf.math.imag(a))
    return _same_kind_of_result(a, tf.zeros_like(a))


# --- methods ----------------------------------------------------------------------

@lowers(method="astype")
def astype(a, dtype, order="K", casting="unsafe", subok=True, copy=True):
    """``a.astype(int)``: NumPy's conversions (float->int truncates, complex drops imag)."""
    if isinstance(a, (np.ndarray, np.generic)):
        return a.astype(dtype, order=order, casting=casting, subok=subok, copy=copy)
    t = _tensor(a, "astype")
    dt = arrays.as_dtype(dtype)
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"astype to {dt}")
    src = dtypes.to_np(t.dtype)
    if casting != "unsafe" and not np.can_cast(src, dt, casting=casting):
        raise TypeError(f"Cannot cast array data from {src!r} to {dt!r} according to the "
                        f"rule '{casting}'")
    out = dtypes.convert(t, dt)
    if out is t and copy:
        out = tf.identity(t)
    return _same_kind_of_result(a, out)


@lowers(method="copy")
def copy_method(a, order="C"):
    if isinstance(a, (np.ndarray, np.generic)):
        return a.copy()
    t = _tensor(a, "copy")
    return _same_kind_of_result(a, tf.identity(t))


def _index_value(i):
    """An index argument of ``item``: Python int or int64 scalar tensor."""
    if isinstance(i, Weak):
        if i.kind is not int:
            raise TypeError("an integer is required")
        return i.tensor
    if is_tensor(i):
        if i.shape.rank != 0 or not i.dtype.is_integer:
            raise TypeError("an integer is required")
        return tf.cast(i, tf.int64)
    return operator.index(i)


def _checked(i, n, message):
    """``i`` wrapped into [0, n) with an IndexError otherwise (static when possible)."""
    if isinstance(i, int) and isinstance(n, int):
        if not -n <= i < n:
            raise IndexError(message.format(i=i))
        return i % n if n else 0
    i, n = tf.cast(i, tf.int64), tf.cast(n, tf.int64)
    checks.require(tf.logical_and(i >= -n, i < n), IndexError,
                   message.format(i="(run-time)"))
    return tf.where(i < 0, i + n, i)


@lowers(method="item")
def item(a, *args):
    """``a.item()`` -> a Python scalar (a run-time one when ``a`` is only known then)."""
    if isinstance(a, (np.ndarray, np.generic)):
        return a.item(*args)
    t = _tensor(a, "item")
    np_dt = dtypes.to_np(t.dtype)
    if np_dt == np.uint64:
        # (decided before looking at static values, so that an eager run and a trace
        # agree on falling back)
        raise Unsupported("item() of uint64 (a Python int beyond int64)")
    static = tf.get_static_value(t)
    if static is not None and all(not isinstance(x, Weak) and not is_tensor(x) for x in args):
        return np.asarray(static, np_dt).item(*args)
    if len(args) == 1 and isinstance(args[0], tuple):
        args = args[0]
    flat = tf.reshape(t, [-1])
    shape = t.shape.as_list()
    n = t.shape.num_elements()
    if not args:
        msg = "can only convert an array of size 1 to a Python scalar"
        if n is not None:
            if n != 1:
                raise ValueError(msg)
        else:
            checks.require(tf.equal(tf.size(t), 1), ValueError, msg)
        pos = 0
    elif len(args) == 1:
        size_ = n if n is not None else tf.size(t, out_type=tf.int64)
        pos = _checked(_index_value(args[0]), size_,
                       "index {i} is out of bounds for size " + (str(n) if n is not None
                                                                 else "(run-time)"))
    else:
        if len(args) != len(shape):
            raise ValueError("incorrect number of indices for array")
        dyn = tf.shape(t, out_type=tf.int64)
        pos = 0
        for ax, (i, d) in enumerate(zip(args, shape)):
            size_ = d if d is not None else dyn[ax]
            k = _checked(_index_value(i), size_, "index {i} is out of bounds for axis "
                         f"{ax} with size {d if d is not None else '(run-time)'}")
            pos = pos * size_ + k
    if isinstance(pos, int) and n is not None:
        value = flat[pos]
    else:
        # clamp so that a failed (deferred) check cannot crash the graph
        safe = tf.concat([flat, tf.zeros([1], flat.dtype)], 0)
        limit = tf.size(flat, out_type=tf.int64)
        value = tf.gather(safe, tf.clip_by_value(tf.cast(pos, tf.int64), 0, limit))
    return Weak(value, _KIND[np_dt.kind])


@lowers(method="tolist")
def tolist(a):
    raise Unsupported("tolist() builds Python lists of run-time values")


@lowers(method="fill")
def fill(a, value):
    raise Unsupported("fill() mutates its array in place")


@lowers(method="view")
def view(a, *args, **kwargs):
    raise Unsupported("view() shares memory with its array")
