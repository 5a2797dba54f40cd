"""Shape manipulation: reshape, transpose, joining, splitting, tiling, padding, diagonals.

Every rule returns a fresh value (no views) with NumPy's values, dtype and shape.
Inside graphs dimensions are often known only at run time: sizes are then computed
with ``tf.shape`` and NumPy's shape errors become deferred checks
(:func:`checks.require`). Where a TF kernel would itself fail on the bad shape before
the check could report, the op runs under :func:`_guarded` so that the NumPy
exception is the one the caller sees. Static shapes are kept as precise as they can
be, because later ops need ranks.
"""
from __future__ import annotations

import functools
import math
import operator

import numpy as np
import tensorflow as tf

from .. import arrays, checks, context, dtypes
from ..axes import normalize_axes, normalize_axis
from ..registry import ATTRIBUTES, Unsupported, lowers
from ..values import NeedStatic, Weak, is_tensor, sources_of, static_value

_I64 = tf.int64


# --- helpers -------------------------------------------------------------------------

def _t(x) -> tf.Tensor:
    """``np.asarray(x)`` as a tensor; dtypes TF lacks fall back to NumPy."""
    try:
        return arrays.asarray(x)
    except dtypes.UnsupportedDType as e:
        raise Unsupported(str(e)) from None
    except TypeError as e:
        if is_tensor(x) or isinstance(x, (np.ndarray, np.generic, Weak, bool, int, float,
                                          complex)):
            raise
        raise Unsupported(f"not an array: {e}") from None


def _array(t: tf.Tensor) -> tf.Tensor:
    """A result that NumPy gives as an array, also when it is 0-d (a fresh tensor then:
    marking an input, say a NumPy scalar argument, would change what it is)."""
    if t.shape.rank == 0 and not arrays.is_marked_array(t):
        t = arrays.mark_array(tf.identity(t))
    return t


def _is_numpy_scalar(x) -> bool:
    """A NumPy scalar (``np.float64(1)``, a full reduction's result): the ops that
    NumPy runs through the scalar's own methods keep it a scalar when 0-d."""
    return isinstance(x, np.generic) or (is_tensor(x) and x.shape.rank == 0 and
                                         not arrays.is_marked_array(x))


def _like_input(x, t: tf.Tensor) -> tf.Tensor:
    """``t`` as NumPy's method on ``x`` returns it: a scalar for a 0-d result from a
    NumPy scalar, else an array."""
    if t.shape.rank == 0 and _is_numpy_scalar(x):
        return tf.identity(t) if t is x else t
    return _array(t)


def _dims(t: tf.Tensor) -> list:
    """Each dimension: a Python int when static, else an int64 scalar tensor."""
    static = t.shape.as_list()
    if all(d is not None for d in static):
        return static
    dyn = tf.shape(t, out_type=_I64)
    return [d if d is not None else dyn[i] for i, d in enumerate(static)]


def _static(d):
    return d if isinstance(d, int) else None


def _vec(dims) -> tf.Tensor:
    """A 1-d int64 shape tensor from ints and int scalars."""
    if all(isinstance(d, int) for d in dims):
        return tf.constant(list(dims), dtype=_I64, shape=[len(dims)])
    return tf.stack([tf.cast(d, _I64) if is_tensor(d) else tf.constant(d, _I64) for d in dims])


def _mul(a, b):
    return a * b if isinstance(a, int) and isinstance(b, int) else tf.cast(a, _I64) * \
        tf.cast(b, _I64)


def _prod(ds):
    return functools.reduce(_mul, ds, 1)


def _int_arg(x):
    """An integer argument (a size, a count, an offset): a Python int when static,
    else an int64 scalar tensor. Floats raise TypeError as NumPy's index conversion."""
    if isinstance(x, Weak):
        if x.kind is int:
            return x.tensor
        if x.kind is bool:
            return tf.cast(x.tensor, _I64)
        raise TypeError(f"'{x.kind.__name__}' object cannot be interpreted as an integer")
    if is_tensor(x):
        if x.shape.rank != 0 or not (x.dtype.is_integer or x.dtype == tf.bool):
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        v = tf.get_static_value(x)
        if v is not None:
            return int(v)
        return tf.cast(x, _I64)
    return operator.index(x)


def _int_list(x) -> list:
    """A shape-like argument (an int or a sequence of ints) as a list of `_int_arg`s."""
    if is_tensor(x) and x.shape.rank == 1:
        if not x.dtype.is_integer:
            raise TypeError("only integer arrays can be used as a shape")
        v = tf.get_static_value(x)
        if v is not None:
            return [_int_arg(e) for e in v]
        if x.shape[0] is None:
            _need_shape(x, "a shape argument")
        return list(tf.unstack(tf.cast(x, _I64)))
    if isinstance(x, np.ndarray) and x.ndim == 1:
        return [_int_arg(e) for e in x]
    if isinstance(x, (list, tuple)):
        return [_int_arg(e) for e in x]
    return [_int_arg(x)]


def _guarded(ok, exc, message, compute, safe):
    """``compute()`` after the check ``ok`` (NumPy's ``exc(message)`` if it fails).

    When the check is deferred, ``compute`` runs under ``tf.cond`` and ``safe()`` (a
    value of the same dtype and rank) stands in when it fails, so that no TF kernel
    fails on the bad shape before the deferred check reports the NumPy error."""
    checks.require(ok, exc, message)
    if isinstance(ok, (bool, np.bool_)) or tf.executing_eagerly():
        return compute()
    ok = tf.reduce_all(ok)
    if tf.get_static_value(ok) is not None:
        return compute()
    return tf.cond(ok, compute, safe)


def _zeros(dims, dtype):
    return lambda: tf.zeros(tf.maximum(_vec(dims), 0), dtype)


def _all_equal_check(pairs):
    """``ok`` for a list of (dim, dim) pairs that must be equal: bool or tensor."""
    ok = True
    for a, b in pairs:
        if isinstance(a, int) and isinstance(b, int):
            if a != b:
                return False
        else:
            eq = tf.equal(tf.cast(a, _I64), tf.cast(b, _I64))
            ok = eq if ok is True else tf.logical_and(ok, eq)
    return ok


def _movable(t):
    """TF has no CPU tile kernel for uint16: move such data as int16 bit patterns."""
    if t.dtype == tf.uint16:
        return tf.bitcast(t, tf.int16), tf.uint16
    return t, None


def _restore(t, dtype):
    return t if dtype is None else tf.bitcast(t, dtype)


def _check_order(order, ndim):
    """'C' or 'F' (any order when the array has at most one dimension)."""
    if order in ("C", "F"):
        return order
    if order in ("A", "K") and ndim <= 1:
        return "C"
    raise Unsupported(f"order={order!r} depends on the memory layout")


# --- shape, ndim, size -----------------------------------------------------------------

@lowers("shape")
def shape(a):
    """``np.shape(a)``: a tuple; a dimension known only at run time is a run-time int."""
    return ATTRIBUTES["shape"](a if is_tensor(a) else _t(a))


@lowers("ndim")
def ndim(a):
    return ATTRIBUTES["ndim"](a if is_tensor(a) else _t(a))


@lowers("size")
def size(a, axis=None):
    t = a if is_tensor(a) else _t(a)
    if axis is None:
        return ATTRIBUTES["size"](t)
    dims = ATTRIBUTES["shape"](t)
    picked = [dims[i] for i in normalize_axes(axis, len(dims))]
    if all(isinstance(d, int) for d in picked):
        return math.prod(picked)
    return Weak(_prod([d.tensor if isinstance(d, Weak) else d for d in picked]), int,
                sources_of(*picked))


def _need_shape(t, what):
    """Ask for a retrace with static shapes of the parameters ``t`` is computed from.

    Never Unsupported: an eager run knows every dimension, so a fallback decided on
    dimensions would not be recorded there. If the dimensions stay unknown with static
    parameter shapes (they depend on data), the calling convention says so."""
    params = context.current().param_index
    sources, seen, todo = set(), set(), [t]
    while todo:
        x = todo.pop()
        if x.ref() in seen:
            continue
        seen.add(x.ref())
        i = params.get(x.ref())
        if i is not None:
            sources.add(("shape", i))
        elif hasattr(x, "op"):
            todo.extend(x.op.inputs)
    raise NeedStatic(f"{what} of an array whose dimensions are known only at run time",
                     frozenset(sources))


# --- reshape -------------------------------------------------------------------------

def _fmt(dims):
    parts = ["newaxis" if d < 0 else str(d) for d in dims]
    return "(" + ",".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _reshape_c(t, dims):
    """``t.reshape(dims)`` in C order; ``dims`` are ints or int64 scalars, a negative one
    is inferred."""
    if all(isinstance(d, int) for d in dims):
        return _reshape_static_target(t, dims)
    d = _vec(dims)
    neg = d < 0
    n_neg = tf.reduce_sum(tf.cast(neg, _I64))
    checks.require(n_neg <= 1, ValueError, "can only specify one unknown dimension")
    known = tf.reduce_prod(tf.where(neg, tf.ones_like(d), d))
    size_ = tf.size(t, out_type=_I64)
    inferred = size_ // tf.maximum(known, 1)
    ok = tf.where(n_neg > 0, tf.logical_and(known > 0, size_ % tf.maximum(known, 1) == 0),
                  tf.equal(size_, known))
    target = tf.where(neg, tf.fill(tf.shape(d), inferred), d)
    out = _guarded(ok, ValueError, "cannot reshape array into the requested shape",
                   lambda: tf.reshape(t, target),
                   lambda: tf.zeros(tf.maximum(target, 0), t.dtype))
    out.set_shape([d_ if isinstance(d_, int) and d_ >= 0 else None for d_ in dims])
    return out


def _reshape_static_target(t, dims):
    neg = [i for i, d in enumerate(dims) if d < 0]
    if len(neg) > 1:
        raise ValueError("can only specify one unknown dimension")
    known = math.prod(d for d in dims if d >= 0)
    size_ = t.shape.num_elements()
    if size_ is not None:
        if (known == 0 or size_ % known) if neg else size_ != known:
            raise ValueError(f"cannot reshape array of size {size_} into shape {_fmt(dims)}")
        return tf.reshape(t, [size_ // known if d < 0 else d for d in dims])
    if neg and known == 0:
        raise ValueError(f"cannot reshape array of size 0 into shape {_fmt(dims)}")
    if neg and known == 1:
        return tf.reshape(t, [-1 if d < 0 else d for d in dims])  # always fits
    size_t = tf.size(t, out_type=_I64)
    if neg:
        ok = tf.equal(size_t % known, 0)
        target = _vec([size_t // known if d < 0 else d for d in dims])
    else:
        ok = tf.equal(size_t, known)
        target = _vec(dims)
    out = _guarded(ok, ValueError, f"cannot reshape array into shape {_fmt(dims)}",
                   lambda: tf.reshape(t, target), lambda: tf.zeros(target, t.dtype))
    out.set_shape([None if d < 0 else d for d in dims])
    return out


def _reshape(a, dims, order, copy):
    if copy is False:
        raise Unsupported("copy=False depends on the memory layout")
    t = _t(a)
    order = _check_order(order, t.shape.rank)
    if order == "F":
        return _like_input(a, tf.transpose(_reshape_c(tf.transpose(t), dims[::-1])))
    return _like_input(a, _reshape_c(t, dims))


@lowers("reshape")
def reshape(a, shape=None, order="C", *, newshape=None, copy=None):
    """``np.reshape(a, (2, -1))``."""
    if newshape is not None:
        raise Unsupported("the deprecated newshape= argument")
    if shape is None:
        raise TypeError("reshape() missing 1 required positional argument: 'shape'")
    return _reshape(a, _int_list(shape), order, copy)


@lowers(method="reshape")
def reshape_method(a, *shape, order="C", copy=None):
    """``a.reshape(2, 3)``, ``a.reshape((2, 3))``, ``a.reshape(-1)``."""
    if not shape:
        raise TypeError("reshape() takes exactly 1 argument (0 given)")
    if len(shape) == 1 and not _is_int_like(shape[0]):
        dims = _int_list(shape[0])
    else:
        dims = [_int_arg(s) for s in shape]
    return _reshape(a, dims, order, copy)


def _is_int_like(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return False
    if is_tensor(x):
        return x.shape.rank == 0
    return True


@lowers("ravel", method="ravel")
def ravel(a, order="C"):
    t = _t(a)
    order = _check_order(order, t.shape.rank)
    if order == "F":
        t = tf.transpose(t)
    return tf.reshape(t, [-1])


@lowers(method="flatten")
def flatten(a, order="C"):
    return ravel(a, order)


# --- axes ----------------------------------------------------------------------------

def transpose_perm(axes, nd: int) -> list[int]:
    """The permutation ``np.transpose(a, axes)`` applies to an ``nd``-d array, with
    NumPy's errors (AxisError, repeated axis, wrong length). For the views module."""
    return list(range(nd))[::-1] if axes is None else _perm(axes, nd)


def method_axes(*axes):
    """The ``axes`` of ``np.transpose`` that ``a.transpose(*axes)`` means."""
    if not axes or (len(axes) == 1 and axes[0] is None):
        return None
    if len(axes) == 1 and not _is_int_like(axes[0]):
        return axes[0]
    return axes


def _perm(axes, nd):
    axes = static_value(axes, "axes")
    if isinstance(axes, np.ndarray):
        axes = axes.tolist()
    if not isinstance(axes, (list, tuple)):
        axes = [axes]
    if len(axes) != nd:
        raise ValueError("axes don't match array")
    perm = [normalize_axis(ax, nd) for ax in axes]
    if len(set(perm)) != nd:
        raise ValueError("repeated axis in transpose")
    return perm


def _transpose(t, perm):
    if perm == list(range(len(perm))):
        return t
    return tf.transpose(t, perm)


@lowers("transpose", "permute_dims")
def transpose(a, axes=None):
    t = _t(a)
    return _like_input(a, _transpose(t, transpose_perm(axes, t.shape.rank)))


@lowers(method="transpose")
def transpose_method(a, *axes):
    """``a.transpose()``, ``a.transpose(1, 0)``, ``a.transpose((1, 0))``."""
    return transpose(a, method_axes(*axes))


@lowers("matrix_transpose")
def matrix_transpose(x):
    t = _t(x)
    nd = t.shape.rank
    if nd < 2:
        raise ValueError("Input array must be at least 2-dimensional, but it is "
                         f"{nd}-dimensional")
    return _transpose(t, list(range(nd - 2)) + [nd - 1, nd - 2])


@lowers("swapaxes", method="swapaxes")
def swapaxes(a, axis1, axis2):
    t = _t(a)
    nd = t.shape.rank
    i, j = normalize_axis(axis1, nd), normalize_axis(axis2, nd)
    perm = list(range(nd))
    perm[i], perm[j] = perm[j], perm[i]
    return _array(_transpose(t, perm))


def _axis_tuple(axis, nd, name):
    axis = static_value(axis, name)
    if isinstance(axis, np.ndarray):
        axis = axis.tolist()
    if not isinstance(axis, (list, tuple)):
        axis = [axis]
    out = [normalize_axis(ax, nd) for ax in axis]
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{name}` argument")
    return out


@lowers("moveaxis")
def moveaxis(a, source, destination):
    t = _t(a)
    nd = t.shape.rank
    src = _axis_tuple(source, nd, "source")
    dst = _axis_tuple(destination, nd, "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number "
                         "of elements")
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return _like_input(a, _transpose(t, order))


@lowers("squeeze", method="squeeze")
def squeeze(a, axis=None):
    t = _t(a)
    dims = _dims(t)
    nd = len(dims)
    if axis is None:
        if any(not isinstance(d, int) for d in dims):
            _need_shape(t, "squeeze without axis=")  # the result's rank depends on them
        drop = [i for i, d in enumerate(dims) if d == 1]
    elif nd == 0:
        # NumPy lets axis 0 / -1 through on a 0-d array
        static_value(axis, "axis")
        return _like_input(a, t) if _zero_d_axis_ok(axis) else normalize_axes(axis, 0)
    else:
        drop = list(normalize_axes(axis, nd))
    keep = [d for i, d in enumerate(dims) if i not in drop]
    msg = "cannot select an axis to squeeze out which has size not equal to one"
    ok = _all_equal_check([(dims[i], 1) for i in drop])
    if ok is False:
        raise ValueError(msg)
    out = _guarded(ok, ValueError, msg, lambda: tf.reshape(t, _vec(keep)),
                   _zeros(keep, t.dtype))
    out.set_shape([_static(d) for d in keep])
    return _like_input(a, out)


def _zero_d_axis_ok(axis):
    axis = static_value(axis, "axis")
    axs = axis if isinstance(axis, (tuple, list)) else (axis,)
    return all(operator.index(x) in (0, -1) for x in axs)


@lowers("expand_dims")
def expand_dims(a, axis):
    t = _t(a)
    nd = t.shape.rank
    axis = static_value(axis, "axis")
    n_new = len(axis) if isinstance(axis, (tuple, list)) else 1
    for ax in sorted(normalize_axes(axis, nd + n_new)):
        t = tf.expand_dims(t, ax)
    return _array(t)


def _atleast(arys, n):
    out = []
    for x in arys:
        t = _t(x)
        nd = t.shape.rank
        if nd == 0:
            t = tf.reshape(t, [1] * n)
        elif nd == 1 and n >= 2:
            t = t[tf.newaxis, :, tf.newaxis] if n == 3 else t[tf.newaxis, :]
        elif nd == 2 and n == 3:
            t = t[:, :, tf.newaxis]
        out.append(_array(t))
    if len(out) == 1:
        return out[0]
    return tuple(out)


@lowers("atleast_1d")
def atleast_1d(*arys):
    return _atleast(arys, 1)


@lowers("atleast_2d")
def atleast_2d(*arys):
    return _atleast(arys, 2)


@lowers("atleast_3d")
def atleast_3d(*arys):
    return _atleast(arys, 3)


# --- joining -------------------------------------------------------------------------

def _sequence(arrays_):
    """The arrays of a sequence argument (a list, a tuple, or an array's rows)."""
    if isinstance(arrays_, (list, tuple)):
        return list(arrays_)
    if isinstance(arrays_, np.ndarray):
        return list(arrays_) if arrays_.ndim else _raise_0d()
    if is_tensor(arrays_):
        if arrays_.shape.rank == 0:
            _raise_0d()
        if arrays_.shape[0] is None:
            _need_shape(arrays_, "joining the rows")
        return list(tf.unstack(arrays_))
    raise Unsupported(f"a sequence of type {type(arrays_).__name__}")


def _raise_0d():
    raise TypeError("iteration over a 0-d array")


@functools.lru_cache(maxsize=1024)
def _join_dtype(fn, in_dtypes, dtype, casting):
    """The dtype of NumPy's join ``fn`` for inputs of these dtypes (NumPy decides,
    raising TypeError for a forbidden cast)."""
    return fn([np.zeros((1,), d) for d in in_dtypes], dtype=dtype, casting=casting).dtype


def _join_inputs(fn, arrays_, dtype, casting, what):
    ts = [_t(x) for x in _sequence(arrays_)]
    if not ts:
        raise ValueError(f"need at least one array to {what}")
    dt = _join_dtype(fn, tuple(dtypes.to_np(t.dtype) for t in ts),
                     None if dtype is None else arrays.as_dtype(dtype), casting)
    return [dtypes.convert(t, dt) for t in ts], dt


def _concat(ts, axis):
    """``np.concatenate`` of tensors of one dtype along a normalised-later ``axis``."""
    nd = ts[0].shape.rank
    if nd == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    for i, t in enumerate(ts[1:], 1):
        if t.shape.rank != nd:
            raise ValueError("all the input arrays must have same number of dimensions, but "
                             f"the array at index 0 has {nd} dimension(s) and the array at "
                             f"index {i} has {t.shape.rank} dimension(s)")
    axis = normalize_axis(axis, nd)
    all_dims = [_dims(t) for t in ts]
    first = all_dims[0]
    pairs = []
    for i, dims in enumerate(all_dims[1:], 1):
        for k in range(nd):
            if k == axis:
                continue
            a, b = first[k], dims[k]
            if isinstance(a, int) and isinstance(b, int) and a != b:
                raise ValueError(
                    "all the input array dimensions except for the concatenation axis must "
                    f"match exactly, but along dimension {k}, the array at index 0 has size "
                    f"{a} and the array at index {i} has size {b}")
            pairs.append((a, b))
    ok = _all_equal_check(pairs)
    static = []
    for k in range(nd):
        col = [d[k] for d in all_dims]
        if k == axis:
            static.append(sum(col) if all(isinstance(c, int) for c in col) else None)
        else:
            static.append(next((c for c in col if isinstance(c, int)), None))
    out_dims = list(first)
    out_dims[axis] = functools.reduce(
        lambda x, y: x + y if isinstance(x, int) and isinstance(y, int) else
        tf.cast(x, _I64) + tf.cast(y, _I64), [d[axis] for d in all_dims])
    if len(ts) == 1:
        return ts[0]
    out = _guarded(ok, ValueError, "all the input array dimensions except for the "
                   "concatenation axis must match exactly",
                   lambda: tf.concat(ts, axis), _zeros(out_dims, ts[0].dtype))
    out.set_shape(static)
    return out


@lowers("concatenate", "concat")
def concatenate(arrays_, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """``np.concatenate((a, b), axis=0)``; ``axis=None`` joins the flattened arrays."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if is_tensor(arrays_):
        return _join_rows(arrays_, axis, dtype, casting, stack=False)
    ts, _ = _join_inputs(np.concatenate, arrays_, dtype, casting, "concatenate")
    if static_value(axis, "axis") is None:
        ts = [tf.reshape(t, [-1]) for t in ts]
        axis = 0
    return _concat(ts, axis)


@lowers("stack")
def stack(arrays_, axis=0, out=None, *, dtype=None, casting="same_kind"):
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if is_tensor(arrays_):
        return _join_rows(arrays_, axis, dtype, casting, stack=True)
    ts, _ = _join_inputs(np.stack, arrays_, dtype, casting, "stack")
    nd = ts[0].shape.rank
    if any(t.shape.rank != nd for t in ts):
        raise ValueError("all input arrays must have the same shape")
    axis = normalize_axis(axis, nd + 1)
    return _stack_checked(ts, axis)


def _join_rows(rows, axis, dtype, casting, stack):
    """``np.concatenate(a)`` / ``np.stack(a)`` of the rows of one array ``a``: a
    transpose and a reshape, so the number of rows need not be known."""
    r = rows.shape.rank
    if r == 0:
        _raise_0d()
    fn, what = (np.stack, "stack") if stack else (np.concatenate, "concatenate")
    dt = _join_dtype(fn, (dtypes.to_np(rows.dtype),),
                     None if dtype is None else arrays.as_dtype(dtype), casting)
    rows = dtypes.convert(rows, dt)
    dims = _dims(rows)
    msg = f"need at least one array to {what}"
    if isinstance(dims[0], int):
        if dims[0] == 0:
            raise ValueError(msg)
    else:
        checks.require(dims[0] > 0, ValueError, msg)
    if not stack and static_value(axis, "axis") is None:
        return tf.reshape(rows, [-1])
    if not stack and r == 1:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    k = normalize_axis(axis, r if stack else r - 1)
    perm = list(range(1, r))
    perm.insert(k, 0)
    moved = _transpose(rows, perm)
    if stack:
        return _array(moved)
    md = _dims(moved)
    out = tf.reshape(moved, _vec(md[:k] + [_mul(md[k], md[k + 1])] + md[k + 2:]))
    out.set_shape([_static(d) for d in md[:k]] + [_static(_mul(md[k], md[k + 1])) if all(
        isinstance(d, int) for d in md[k:k + 2]) else None] + [_static(d) for d in md[k + 2:]])
    return out


def _stack_checked(ts, axis):
    all_dims = [_dims(t) for t in ts]
    pairs = []
    for dims in all_dims[1:]:
        for a, b in zip(all_dims[0], dims):
            if isinstance(a, int) and isinstance(b, int) and a != b:
                raise ValueError("all input arrays must have the same shape")
            pairs.append((a, b))
    ok = _all_equal_check(pairs)
    out_dims = list(all_dims[0])
    out_dims.insert(axis, len(ts))
    static = [next((c for c in col if isinstance(c, int)), None) for col in zip(*all_dims)]
    static.insert(axis, len(ts))
    out = _guarded(ok, ValueError, "all input arrays must have the same shape",
                   lambda: tf.stack(ts, axis), _zeros(out_dims, ts[0].dtype))
    out.set_shape(static)
    return _array(out)


def _seq_of(tup, what):
    if not isinstance(tup, (list, tuple, np.ndarray)) and not is_tensor(tup):
        raise TypeError(f"arrays to {what} must be passed as a sequence type such as list "
                        "or tuple.")
    return _sequence(tup)


@lowers("hstack")
def hstack(tup, *, dtype=None, casting="same_kind"):
    arrs = [atleast_1d(x) for x in _seq_of(tup, "stack")]
    axis = 0 if arrs and arrs[0].shape.rank == 1 else 1
    return concatenate(arrs, axis, dtype=dtype, casting=casting)


@lowers("vstack", "row_stack")
def vstack(tup, *, dtype=None, casting="same_kind"):
    arrs = [atleast_2d(x) for x in _seq_of(tup, "stack")]
    return concatenate(arrs, 0, dtype=dtype, casting=casting)


@lowers("dstack")
def dstack(tup):
    arrs = [atleast_3d(x) for x in _seq_of(tup, "stack")]
    return concatenate(arrs, 2)


@lowers("column_stack")
def column_stack(tup):
    cols = []
    for x in _seq_of(tup, "stack"):
        t = _t(x)
        if t.shape.rank < 2:
            t = tf.reshape(t, [-1, 1])
        cols.append(t)
    return concatenate(cols, 1)


@lowers("append")
def append(arr, values, axis=None):
    t, v = _t(arr), _t(values)
    if static_value(axis, "axis") is None:
        return concatenate([tf.reshape(t, [-1]), tf.reshape(v, [-1])], 0)
    return concatenate([t, v], axis)


# --- splitting -----------------------------------------------------------------------

def _axis_slice(t, axis, start, stop, dims):
    """``t[..., start:stop, ...]`` on ``axis`` with Python slice rules (negative
    wrap, clipping); ``start``/``stop`` are ints or int64 scalars."""
    n = dims[axis]
    if all(isinstance(v, int) for v in (start, stop, n)):
        s, e, _ = slice(start, stop).indices(n)
        size_ = max(e - s, 0)
        begin = [0] * len(dims)
        begin[axis] = s
        sizes = [-1] * len(dims)
        sizes[axis] = size_
        return tf.slice(t, begin, sizes)
    n = tf.cast(n, _I64)

    def norm(v):
        v = tf.cast(v, _I64)
        v = tf.where(v < 0, v + n, v)
        return tf.clip_by_value(v, 0, n)

    s, e = norm(start), norm(stop)
    size_ = tf.maximum(e - s, 0)
    rest = len(dims) - axis - 1
    out = tf.slice(t, _vec([0] * axis + [s] + [0] * rest),
                   _vec([-1] * axis + [size_] + [-1] * rest))
    static = t.shape.as_list()
    static[axis] = None
    out.set_shape(static)
    return out


def _split_points(ios):
    """The index list of ``split``, or None when ``ios`` is a number of sections."""
    if isinstance(ios, (list, tuple)):
        return list(ios)
    if isinstance(ios, np.ndarray) and ios.ndim >= 1:
        return list(ios)
    if is_tensor(ios) and ios.shape.rank is not None and ios.shape.rank >= 1:
        if ios.shape[0] is None:
            _need_shape(ios, "split points")
        return list(tf.unstack(ios))
    return None


def _index_arg(x):
    """A split point: Python slicing accepts ints (and __index__), not floats."""
    if isinstance(x, (float, np.floating)) or (is_tensor(x) and not x.dtype.is_integer):
        raise TypeError("slice indices must be integers or None or have an __index__ method")
    return _int_arg(x)


def _array_split(ary, ios, axis, equal):
    t = _t(ary)
    nd = t.shape.rank
    if nd == 0:
        raise IndexError("tuple index out of range")
    axis = normalize_axis(axis, nd)
    dims = _dims(t)
    n = dims[axis]
    points = _split_points(ios)
    if points is not None:
        bounds = [0] + [_index_arg(p) for p in points] + [n]
        return [_array(_axis_slice(t, axis, bounds[i], bounds[i + 1], dims))
                for i in range(len(bounds) - 1)]
    sections = static_value(ios, "the number of sections")
    if equal:
        if sections == 0:
            raise ZeroDivisionError("integer modulo by zero")
        if isinstance(n, int):
            if n % sections:
                raise ValueError("array split does not result in an equal division")
        else:
            rem = n % sections if isinstance(sections, int) else \
                tf.math.floormod(tf.cast(n, tf.float64), float(sections))
            checks.require(tf.equal(rem, tf.zeros([], rem.dtype)), ValueError,
                           "array split does not result in an equal division")
    sections = int(sections)
    if sections <= 0:
        raise ValueError("number sections must be larger than 0.")
    if isinstance(n, int):
        each, extra = divmod(n, sections)
        bounds = np.cumsum([0] + extra * [each + 1] + (sections - extra) * [each]).tolist()
        return [_array(_axis_slice(t, axis, bounds[i], bounds[i + 1], dims))
                for i in range(sections)]
    each, extra = n // sections, n % sections
    out = []
    for i in range(sections):
        start = i * each + tf.minimum(tf.constant(i, _I64), extra)
        stop = start + each + tf.cast(i < extra, _I64)
        out.append(_array(_axis_slice(t, axis, start, stop, dims)))
    return out


@lowers("split")
def split(ary, indices_or_sections, axis=0):
    return _array_split(ary, indices_or_sections, axis, True)


@lowers("array_split")
def array_split(ary, indices_or_sections, axis=0):
    return _array_split(ary, indices_or_sections, axis, False)


def _split_along(ary, ios, axis_of, min_nd, name):
    t = _t(ary)
    if t.shape.rank < min_nd:
        raise ValueError(f"{name} only works on arrays of {min_nd} or more dimensions")
    return _array_split(t, ios, axis_of, True)


@lowers("hsplit")
def hsplit(ary, indices_or_sections):
    t = _t(ary)
    if t.shape.rank == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return _array_split(t, indices_or_sections, 1 if t.shape.rank > 1 else 0, True)


@lowers("vsplit")
def vsplit(ary, indices_or_sections):
    return _split_along(ary, indices_or_sections, 0, 2, "vsplit")


@lowers("dsplit")
def dsplit(ary, indices_or_sections):
    return _split_along(ary, indices_or_sections, 2, 3, "dsplit")


@lowers("unstack")
def unstack(x, *, axis=0):
    t = _t(x)
    nd = t.shape.rank
    if nd == 0:
        raise ValueError("Input array must be at least 1-d.")
    axis = normalize_axis(axis, nd)
    n = t.shape[axis]
    if n is None:
        _need_shape(t, "unstack")
    return tuple(_array(p) for p in tf.unstack(t, axis=axis))


# --- repeating -----------------------------------------------------------------------

@lowers("tile")
def tile(A, reps):
    t = _t(A)
    reps = _int_list(reps) if not isinstance(reps, (list, tuple)) else \
        [_int_arg(r) for r in reps]
    nd, d = t.shape.rank, len(reps)
    for r in reps:
        if isinstance(r, int) and r < 0:
            raise ValueError("negative dimensions are not allowed")
    dyn = [r for r in reps if not isinstance(r, int)]
    for r in dyn:
        checks.require(r >= 0, ValueError, "negative dimensions are not allowed")
    nd_out = max(nd, d)
    dims = [1] * (nd_out - nd) + _dims(t)
    reps = [1] * (nd_out - d) + [r if isinstance(r, int) else tf.maximum(r, 0) for r in reps]
    if nd_out != nd:
        t = tf.reshape(t, _vec(dims))
        t.set_shape([_static(x) for x in dims])
    if all(isinstance(r, int) and r == 1 for r in reps):
        return _array(t)
    m, restore = _movable(t)
    out = _restore(tf.tile(m, _vec(reps)), restore)
    out.set_shape([x * r if isinstance(x, int) and isinstance(r, int) else None
                   for x, r in zip(dims, reps)])
    return _array(out)


def _repeats_static(repeats):
    """Static ``repeats`` as NumPy converts them (intp), or None if run-time."""
    if isinstance(repeats, (bool, int, float, list, tuple)) and not _has_runtime(repeats):
        return np.array(repeats, dtype=np.intp) if not isinstance(repeats, (list, tuple)) \
            or len(repeats) else np.zeros((0,), np.intp)
    if isinstance(repeats, (np.ndarray, np.generic)):
        if not np.can_cast(repeats.dtype, np.intp, "safe"):
            raise TypeError(f"Cannot cast array data from {repeats.dtype!r} to "
                            f"{np.dtype(np.intp)!r} according to the rule 'safe'")
        return np.asarray(repeats, np.intp)
    return None


@lowers("repeat", method="repeat")
def repeat(a, repeats, axis=None):
    t = _t(a)
    if static_value(axis, "axis") is None:
        t = tf.reshape(t, [-1])
        axis = 0
    elif t.shape.rank == 0:
        axis = normalize_axis(axis, 1)
        t = tf.reshape(t, [1])
    else:
        axis = normalize_axis(axis, t.shape.rank)
    dims = _dims(t)
    n = dims[axis]
    r = _repeats_static(repeats)
    if r is not None:
        if r.ndim > 1:
            raise ValueError("setting an array element with a sequence. The requested array "
                             "would exceed the maximum number of dimension of 1.")
        if r.ndim == 1 and r.size == 1:
            r = r[0]
        if r.ndim == 0:
            if r < 0:
                raise ValueError("negative dimensions are not allowed")
            return _array(_repeat_scalar(t, int(r), axis, dims))
        if (r < 0).any():
            raise ValueError("repeats may not contain negative values.")
        if isinstance(n, int) and n != r.size:
            raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                             f"({r.size},)")
        idx = tf.constant(np.repeat(np.arange(r.size), r), _I64)
        ok = True if isinstance(n, int) else tf.equal(n, r.size)
        out_dims = list(dims)
        out_dims[axis] = int(r.sum())
        out = _guarded(ok, ValueError, "operands could not be broadcast together",
                       lambda: tf.gather(t, idx, axis=axis), _zeros(out_dims, t.dtype))
        out.set_shape([_static(x) for x in out_dims])
        return _array(out)
    if isinstance(repeats, Weak) or (is_tensor(repeats) and repeats.shape.rank == 0):
        return _array(_repeat_scalar(t, _repeat_count(repeats), axis, dims))
    if is_tensor(repeats) and repeats.shape.rank == 1:
        return _array(_repeat_tensor(t, repeats, axis, dims))
    raise Unsupported("repeats of this kind")


def _repeat_count(repeats):
    if isinstance(repeats, Weak):
        if repeats.kind not in (int, bool):
            raise Unsupported("a run-time float number of repeats")
        r = tf.cast(repeats.tensor, _I64)
    else:
        if not np.can_cast(dtypes.to_np(repeats.dtype), np.intp, "safe"):
            raise TypeError(f"Cannot cast array data from {dtypes.to_np(repeats.dtype)!r} to "
                            f"{np.dtype(np.intp)!r} according to the rule 'safe'")
        r = tf.cast(repeats, _I64)
    checks.require(r >= 0, ValueError, "negative dimensions are not allowed")
    return tf.maximum(r, 0)


def _repeat_scalar(t, r, axis, dims):
    """Each element ``r`` times along ``axis``: tile a new axis, then merge it."""
    m, restore = _movable(t)
    x = tf.expand_dims(m, axis + 1)
    mult = [1] * (len(dims) + 1)
    mult[axis + 1] = r
    x = tf.tile(x, _vec(mult))
    out_dims = list(dims)
    out_dims[axis] = _mul(dims[axis], r)
    out = _restore(tf.reshape(x, _vec(out_dims)), restore)
    out.set_shape([_static(d) for d in out_dims])
    return out


def _repeat_tensor(t, repeats, axis, dims):
    if not np.can_cast(dtypes.to_np(repeats.dtype), np.intp, "safe"):
        raise TypeError(f"Cannot cast array data from {dtypes.to_np(repeats.dtype)!r} to "
                        f"{np.dtype(np.intp)!r} according to the rule 'safe'")
    r = tf.cast(repeats, _I64)
    checks.require(tf.reduce_all(r >= 0), ValueError, "repeats may not contain negative values.")
    r = tf.maximum(r, 0)
    n = dims[axis]
    len_r = repeats.shape[0] if repeats.shape[0] is not None else tf.size(r, out_type=_I64)
    if isinstance(n, int) and isinstance(len_r, int):
        if len_r == 1:
            return _repeat_scalar(t, r[0], axis, dims)
        if n != len_r:
            raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                             f"({len_r},)")
        ok = True
    else:
        ok = tf.logical_or(tf.equal(tf.cast(n, _I64), tf.cast(len_r, _I64)),
                           tf.equal(tf.cast(len_r, _I64), 1))
    context.current().xla_ok = False  # the output length depends on the data
    r = tf.broadcast_to(r, [tf.cast(n, _I64)]) if not isinstance(len_r, int) or len_r == 1 \
        else r
    out_dims = list(dims)
    out_dims[axis] = 0
    m, restore = _movable(t)
    out = _guarded(ok, ValueError, "operands could not be broadcast together",
                   lambda: tf.repeat(m, r, axis=axis), _zeros(out_dims, m.dtype))
    out = _restore(out, restore)
    static = t.shape.as_list()
    static[axis] = None
    out.set_shape(static)
    return out


# --- flipping and rolling ------------------------------------------------------------

@lowers("flip")
def flip(m, axis=None):
    t = _t(m)
    axes = normalize_axes(axis, t.shape.rank)
    if t.shape.rank == 0:
        return tf.identity(t)  # NumPy indexes with (): a scalar, even for a 0-d array
    return _array(tf.reverse(t, list(axes)) if axes else t)


@lowers("fliplr")
def fliplr(m):
    t = _t(m)
    if t.shape.rank < 2:
        raise ValueError("Input must be >= 2-d.")
    return tf.reverse(t, [1])


@lowers("flipud")
def flipud(m):
    t = _t(m)
    if t.shape.rank < 1:
        raise ValueError("Input must be >= 1-d.")
    return tf.reverse(t, [0])


@lowers("rot90")
def rot90(m, k=1, axes=(0, 1)):
    t = _t(m)
    nd = t.shape.rank
    axes = tuple(static_value(axes, "axes"))
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    if nd < 2:
        raise ValueError("Axes must be different.") if axes[0] == axes[1] else \
            normalize_axis(max(axes, key=abs), nd)
    a0, a1 = normalize_axis(axes[0], nd), normalize_axis(axes[1], nd)
    if a0 == a1 or abs(axes[0] - axes[1]) == nd:
        raise ValueError("Axes must be different.")
    k = operator.index(static_value(k, "k")) % 4
    if k == 0:
        return _array(t)
    if k == 2:
        return _array(tf.reverse(t, [a0, a1]))
    perm = list(range(nd))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return _array(tf.transpose(tf.reverse(t, [a1]), perm))
    return _array(tf.reverse(tf.transpose(t, perm), [a1]))


def _roll_shift(sh):
    if isinstance(sh, Weak):
        if sh.kind not in (int, bool):
            raise Unsupported("a run-time float shift")
        return tf.cast(sh.tensor, _I64)
    if is_tensor(sh):
        if not (sh.dtype.is_integer or sh.dtype == tf.bool):
            raise Unsupported("a run-time float shift")
        v = tf.get_static_value(sh)
        if v is not None:
            return int(v)
        return tf.cast(sh, _I64)
    return int(sh)


@lowers("roll")
def roll(a, shift, axis=None):
    t = _t(a)
    if static_value(axis, "axis") is None:
        flat = roll(tf.reshape(t, [-1]), shift, 0)
        out = tf.reshape(flat, tf.shape(t))
        out.set_shape(t.shape)
        return _array(out)
    nd = t.shape.rank
    axis = static_value(axis, "axis")
    axs = list(axis) if isinstance(axis, (list, tuple, np.ndarray)) else [axis]
    axs = [normalize_axis(x, nd) for x in axs]
    if is_tensor(shift) and shift.shape.rank not in (0, 1):
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    if is_tensor(shift) and shift.shape.rank == 1:
        if shift.shape[0] is None:
            _need_shape(shift, "shifts")
        shifts = list(tf.unstack(shift))
    elif isinstance(shift, (list, tuple, np.ndarray)):
        idx, leaves = _leaf_array(shift)
        if idx.ndim > 1:
            raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
        shifts = [leaves[i] for i in idx.ravel()]
    else:
        shifts = [shift]
    if len(shifts) != len(axs) and 1 not in (len(shifts), len(axs)):
        raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.")
    n = max(len(shifts), len(axs))
    shifts = shifts * n if len(shifts) == 1 else shifts
    axs = axs * n if len(axs) == 1 else axs
    total = {}
    for sh, ax in zip(shifts, axs):
        sh = _roll_shift(sh)
        total[ax] = sh if ax not in total else (
            total[ax] + sh if isinstance(sh, int) and isinstance(total[ax], int) else
            tf.cast(total[ax], _I64) + tf.cast(sh, _I64))
    dims = _dims(t)
    used = {}
    for ax, sh in total.items():
        if isinstance(sh, int):
            if isinstance(dims[ax], int):
                sh = sh % dims[ax] if dims[ax] else 0
                if sh == 0:
                    continue
            elif not -2**63 <= sh < 2**63:
                raise Unsupported("a shift beyond int64")
        used[ax] = sh
    if not used:
        return _array(t)
    out = tf.roll(t, _vec(list(used.values())), list(used.keys()))
    return _array(out)


# --- padding -------------------------------------------------------------------------

def _leaf_array(x):
    """The structure of a nested sequence as an array of leaf numbers, and the leaves,
    so that NumPy can broadcast it without touching run-time values."""
    leaves = []

    def walk(e):
        if isinstance(e, (list, tuple)):
            return [walk(v) for v in e]
        if isinstance(e, np.ndarray):
            return [walk(v) for v in e] if e.ndim else walk(e[()])
        if is_tensor(e) and e.shape.rank != 0:
            raise Unsupported("a run-time array inside a nested argument")
        leaves.append(e)
        return len(leaves) - 1

    return np.array(walk(x), dtype=np.intp), leaves


def _has_runtime(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_has_runtime(e) for e in x)
    return isinstance(x, Weak) or is_tensor(x)


def _as_pairs(x, nd):
    """NumPy's ``_as_pairs``: ``x`` broadcast to ``nd`` (before, after) pairs; the
    elements stay trace-time values (ints, Weak, 0-d tensors)."""
    idx, leaves = _leaf_array(x)
    if idx.ndim < 3:
        if idx.size == 1:
            e = leaves[idx.ravel()[0]]
            return [(e, e)] * nd
        if idx.size == 2 and idx.shape != (2, 1):
            b, a = idx.ravel()
            return [(leaves[b], leaves[a])] * nd
    return [(leaves[b], leaves[a]) for b, a in np.broadcast_to(idx, (nd, 2)).tolist()]


def _pad_width(pad_width, nd):
    """``pad_width`` as (before, after) ints or int64 scalars, validated as NumPy does."""
    if isinstance(pad_width, dict):
        seq = [(0, 0)] * nd
        for axis, width in pad_width.items():
            if isinstance(width, (tuple, list)) and len(width) == 2:
                seq[axis] = tuple(width)
            elif isinstance(width, int) or (isinstance(width, Weak) and width.kind is int):
                seq[axis] = (width, width)
            else:
                raise Unsupported("this pad_width dict")
        pad_width = seq
    if is_tensor(pad_width) and pad_width.shape.rank != 0:
        raise Unsupported("a run-time array as pad_width")
    if not _has_runtime(pad_width):
        static = np.asarray(pad_width)
        if static.dtype.kind != "i":
            raise TypeError("`pad_width` must be of integral type.")
        static = static.astype(np.intp)
        if static.size and static.min() < 0:
            raise ValueError("index can't contain negative values")
        return [(int(b), int(e)) for b, e in _as_pairs(static, nd)]
    out = []
    for p in _as_pairs(pad_width, nd):
        pair = []
        for v in p:
            if isinstance(v, (float, np.floating)) or (isinstance(v, Weak) and v.kind is float) \
                    or (is_tensor(v) and not v.dtype.is_integer):
                raise TypeError("`pad_width` must be of integral type.")
            v = _int_arg(v)
            if isinstance(v, int):
                if v < 0:
                    raise ValueError("index can't contain negative values")
            else:
                checks.require(v >= 0, ValueError, "index can't contain negative values")
                v = tf.maximum(v, 0)
            pair.append(v)
        out.append(tuple(pair))
    return out


_PAD_KWARGS = {"constant": {"constant_values"}, "edge": set(), "wrap": set(),
               "reflect": {"reflect_type"}, "symmetric": {"reflect_type"}}
_NUMPY_PAD_MODES = {"constant", "edge", "linear_ramp", "maximum", "mean", "median",
                    "minimum", "reflect", "symmetric", "wrap", "empty"}


@lowers("pad")
def pad(array, pad_width, mode="constant", **kwargs):
    """``np.pad`` for the modes constant, edge, wrap, reflect and symmetric."""
    if not isinstance(mode, str):
        raise Unsupported("a function as the pad mode")
    if mode not in _PAD_KWARGS:
        if mode in _NUMPY_PAD_MODES:
            raise Unsupported(f"pad mode {mode!r}")
        raise ValueError(f"mode '{mode}' is not supported")
    extra = set(kwargs) - _PAD_KWARGS[mode]
    if extra:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {extra}")
    if kwargs.get("reflect_type", "even") != "even":
        raise Unsupported("reflect_type='odd'")
    t = _t(array)
    nd = t.shape.rank
    widths = _pad_width(pad_width, nd)
    if mode == "constant":
        return _array(_pad_constant(t, widths, kwargs.get("constant_values", 0)))
    for ax, (before, after) in enumerate(widths):
        t = _pad_axis_gather(t, ax, before, after, mode)
    return _array(t)


def _pad_values_static(values, dtype, nd):
    """NumPy's own conversion of static ``constant_values`` (casting, errors)."""
    probe = np.pad(np.zeros((1,) * nd, dtype), 1, mode="constant", constant_values=values)
    out = []
    for ax in range(nd):
        idx = [1] * nd
        idx[ax] = 0
        before = probe[tuple(idx)]
        idx[ax] = 2
        out.append((before, probe[tuple(idx)]))
    return out


def _pad_constant(t, widths, values):
    nd = len(widths)
    dt = dtypes.to_np(t.dtype)
    if not _has_runtime(values):
        if nd == 0:
            np.pad(np.zeros((), dt), 0, constant_values=values)  # NumPy's errors
            return t
        values_np = _pad_values_static(values, dt, nd)
        pairs = [(tf.constant(b, t.dtype), tf.constant(a, t.dtype)) for b, a in values_np]
        uniform = all(_same_bits(v, values_np[0][0]) for p in values_np for v in p)
    else:
        raw = _as_pairs(values, nd)
        pairs = [(_runtime_fill(b, dt), _runtime_fill(a, dt)) for b, a in raw]
        uniform = all(v is raw[0][0] for p in raw for v in p)
    if uniform and nd:
        return _pad_tf(t, widths, pairs[0][0])
    for ax in range(nd):
        before, after = widths[ax]
        w = [(0, 0)] * nd
        w[ax] = (before, 0)
        t = _pad_tf(t, w, pairs[ax][0])
        w[ax] = (0, after)
        t = _pad_tf(t, w, pairs[ax][1])
    return t


def _same_bits(a, b):
    return np.asarray(a).tobytes() == np.asarray(b).tobytes()


def _runtime_fill(v, dt):
    """A run-time constant value assigned into an array of dtype ``dt``."""
    if isinstance(v, Weak):
        x = v.tensor
    elif is_tensor(v):
        x = v
    else:
        return tf.constant(_pad_values_static(v, dt, 1)[0][0], dtypes.to_tf(dt))
    src = dtypes.to_np(x.dtype)
    if dt.kind in "iub" and src.kind in "fc" and dt.kind != "b":
        real = tf.math.real(x) if src.kind == "c" else x
        checks.require(tf.logical_not(tf.math.is_nan(real)), ValueError,
                       "cannot convert float NaN to integer")
        checks.require(tf.logical_not(tf.math.is_inf(real)), OverflowError,
                       "cannot convert float infinity to integer")
    return dtypes.convert(x, dt)


def _pad_tf(t, widths, value):
    if all(isinstance(v, int) and v == 0 for p in widths for v in p):
        return t
    paddings = tf.reshape(_vec([v for p in widths for v in p]), [len(widths), 2])
    out = tf.pad(t, paddings, constant_values=value)
    out.set_shape([d + b + a if all(isinstance(x, int) for x in (d, b, a)) else None
                   for d, (b, a) in zip(t.shape.as_list(), widths)])
    return out


def _pad_axis_gather(t, ax, before, after, mode):
    """Pad one axis by gathering source indices (edge, wrap, reflect, symmetric)."""
    if isinstance(before, int) and isinstance(after, int) and before == after == 0:
        return t
    dims = _dims(t)
    n = dims[ax]
    msg = (f"can't extend empty axis {ax} using modes other than 'constant' or 'empty'")
    if isinstance(n, int) and n == 0:
        raise ValueError(msg)
    total = _add(_add(n, before), after)
    if all(isinstance(v, int) for v in (n, before, after)):
        idx = tf.constant(_pad_index(np.arange(-before, n + after), n, mode), _I64)
        ok = True
    else:
        q = tf.range(-tf.cast(before, _I64), tf.cast(n, _I64) + tf.cast(after, _I64),
                     dtype=_I64)
        nn = tf.maximum(tf.cast(n, _I64), 1)
        idx = _pad_index_tf(q, nn, mode)
        ok = tf.logical_or(tf.cast(n, _I64) > 0, tf.equal(tf.cast(before, _I64) +
                                                          tf.cast(after, _I64), 0))
    out_dims = list(dims)
    out_dims[ax] = total
    out = _guarded(ok, ValueError, msg, lambda: tf.gather(t, idx, axis=ax),
                   _zeros(out_dims, t.dtype))
    out.set_shape([_static(d) for d in out_dims])
    return out


def _add(a, b):
    return a + b if isinstance(a, int) and isinstance(b, int) else tf.cast(a, _I64) + \
        tf.cast(b, _I64)


def _pad_index(q, n, mode):
    if mode == "edge":
        return np.clip(q, 0, n - 1)
    if mode == "wrap":
        return np.mod(q, n)
    if mode == "symmetric":
        r = np.mod(q, 2 * n)
        return np.where(r < n, r, 2 * n - 1 - r)
    if n == 1:  # reflect
        return np.zeros_like(q)
    r = np.mod(q, 2 * n - 2)
    return np.where(r < n, r, 2 * n - 2 - r)


def _pad_index_tf(q, n, mode):
    if mode == "edge":
        return tf.clip_by_value(q, 0, n - 1)
    if mode == "wrap":
        return tf.math.floormod(q, n)
    if mode == "symmetric":
        r = tf.math.floormod(q, 2 * n)
        return tf.where(r < n, r, 2 * n - 1 - r)
    period = tf.maximum(2 * n - 2, 1)
    r = tf.math.floormod(q, period)
    r = tf.where(r < n, r, 2 * n - 2 - r)
    return tf.where(tf.equal(n, 1), tf.zeros_like(r), r)


# --- triangles and diagonals ---------------------------------------------------------

def _k_arg(k):
    if isinstance(k, (float, np.floating)) or (isinstance(k, Weak) and k.kind is float):
        raise Unsupported("a float diagonal offset")
    return _int_arg(k)


def _tri(m, k, upper):
    t = _t(m)
    nd = t.shape.rank
    if nd == 0:
        raise TypeError("tri() missing 1 required positional argument: 'N'")
    k = _k_arg(k)
    if nd == 1:  # NumPy's mask is (n, n): the row is broadcast
        n = t.shape[0]
        t = tf.broadcast_to(t[tf.newaxis, :], tf.shape(t)[0] * tf.ones([2], tf.int32))
        t.set_shape([n, n])
    dims = _dims(t)
    rows = tf.range(tf.cast(dims[-2], _I64), dtype=_I64)[:, tf.newaxis]
    cols = tf.range(tf.cast(dims[-1], _I64), dtype=_I64)[tf.newaxis, :]
    diff = cols - rows
    k_t = tf.cast(k, _I64)
    mask = diff >= k_t if upper else diff <= k_t
    mask = tf.broadcast_to(mask, tf.shape(t))
    return _array(tf.where(mask, t, tf.zeros_like(t)))


@lowers("triu")
def triu(m, k=0):
    return _tri(m, k, True)


@lowers("tril")
def tril(m, k=0):
    return _tri(m, k, False)


def _diag_last2(x, k):
    """The ``k``-th diagonals of the last two axes of ``x``, as its last axis."""
    dims = _dims(x)
    n, m = dims[-2], dims[-1]
    batch = dims[:-2]
    if all(isinstance(v, int) for v in (n, m, k)):
        r0, c0 = max(-k, 0), max(k, 0)
        length = max(0, min(n - r0, m - c0))
        idx = tf.constant(np.arange(length) * (m + 1) + r0 * m + c0, _I64)
    else:
        n, m, kk = (tf.cast(v, _I64) for v in (n, m, k))
        r0, c0 = tf.maximum(-kk, 0), tf.maximum(kk, 0)
        length = tf.maximum(tf.minimum(n - r0, m - c0), 0)
        idx = tf.range(length, dtype=_I64) * (m + 1) + r0 * m + c0
    flat = tf.reshape(x, _vec(batch + [_mul(n, m)]))
    out = tf.gather(flat, idx, axis=len(batch))
    out.set_shape([_static(d) for d in batch] + [_static(length)])
    return out


@lowers("diagonal", method="diagonal")
def diagonal(a, offset=0, axis1=0, axis2=1):
    t = _t(a)
    nd = t.shape.rank
    if nd < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    i, j = normalize_axis(axis1, nd), normalize_axis(axis2, nd)
    if i == j:
        raise ValueError("axis1 and axis2 cannot be the same")
    k = _int_arg(offset)
    perm = [x for x in range(nd) if x not in (i, j)] + [i, j]
    return _array(_diag_last2(_transpose(t, perm), k))


@lowers("diag")
def diag(v, k=0):
    t = _t(v)
    k = _int_arg(k)
    if t.shape.rank == 2:
        return _array(_diag_last2(t, k))
    if t.shape.rank != 1:
        raise ValueError("Input must be 1- or 2-d.")
    n = _dims(t)[0]
    out = tf.linalg.diag(t, k=tf.cast(k, tf.int32))
    size_ = n + abs(k) if isinstance(n, int) and isinstance(k, int) else None
    out.set_shape([size_, size_])
    return _array(out)


@functools.lru_cache(maxsize=1024)
def _trace_dtype(in_dtype, dtype):
    return np.trace(np.zeros((1, 1), in_dtype), dtype=dtype).dtype


@lowers("trace", method="trace")
def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    d = diagonal(a, offset, axis1, axis2)
    dt = _trace_dtype(dtypes.to_np(d.dtype), None if dtype is None else arrays.as_dtype(dtype))
    d = dtypes.convert(d, dt)
    if dt == np.bool_:
        return tf.reduce_any(d, axis=-1)
    return tf.reduce_sum(d, axis=-1)


# --- broadcasting --------------------------------------------------------------------

@lowers("broadcast_to")
def broadcast_to(array, shape, subok=False):
    t = _t(array)
    target = _int_list(shape)
    for d in target:
        if isinstance(d, int) and d < 0:
            raise ValueError("all elements of broadcast shape must be non-negative")
    nd = t.shape.rank
    dims = _dims(t)
    msg = ("operands could not be broadcast together with remapped shapes "
           "[original->remapped]: and requested shape")
    if nd > len(target):
        raise ValueError("input operand has more dimensions than allowed by the axis remapping")
    checks_ = []
    for d, s in zip(dims[::-1], target[::-1]):
        if isinstance(d, int) and isinstance(s, int):
            if d != 1 and d != s:
                raise ValueError(msg)
        elif not (isinstance(d, int) and d == 1):
            checks_.append(tf.logical_or(tf.equal(tf.cast(d, _I64), 1),
                                         tf.equal(tf.cast(d, _I64), tf.cast(s, _I64))))
    for s in target:
        if not isinstance(s, int):
            checks.require(s >= 0, ValueError,
                           "all elements of broadcast shape must be non-negative")
    ok = True if not checks_ else tf.reduce_all(tf.stack(checks_))
    vec = _vec([s if isinstance(s, int) else tf.maximum(s, 0) for s in target])
    out = _guarded(ok, ValueError, msg, lambda: tf.broadcast_to(t, vec),
                   lambda: tf.zeros(vec, t.dtype))
    out.set_shape([_static(s) for s in target])
    return _array(out)


def _broadcast_dims(all_dims):
    """NumPy's broadcast shape of several shapes, and the check ``ok``."""
    nd = max((len(d) for d in all_dims), default=0)
    padded = [[1] * (nd - len(d)) + list(d) for d in all_dims]
    out, checks_ = [], []
    for col in zip(*padded):
        if all(isinstance(c, int) for c in col):
            vals = {c for c in col if c != 1}
            if len(vals) > 1:
                raise ValueError("shape mismatch: objects cannot be broadcast to a single "
                                 "shape.")
            out.append(vals.pop() if vals else 1)
            continue
        c = tf.stack([tf.cast(x, _I64) for x in col])
        big = tf.reduce_max(tf.where(tf.equal(c, 1), -tf.ones_like(c), c))
        o = tf.where(big < 0, tf.constant(1, _I64), big)
        checks_.append(tf.reduce_all(tf.logical_or(tf.equal(c, 1), tf.equal(c, o))))
        out.append(o)
    ok = True if not checks_ else tf.reduce_all(tf.stack(checks_))
    return out, ok


@lowers("broadcast_arrays")
def broadcast_arrays(*args, subok=False):
    ts = [_t(x) for x in args]
    if not ts:
        return ()
    out_dims, ok = _broadcast_dims([_dims(t) for t in ts])
    vec = _vec(out_dims)
    msg = "shape mismatch: objects cannot be broadcast to a single shape."
    outs = []
    for t in ts:
        o = _guarded(ok, ValueError, msg, lambda t=t: tf.broadcast_to(t, vec),
                     lambda t=t: tf.zeros(vec, t.dtype))
        o.set_shape([_static(d) for d in out_dims])
        outs.append(_array(o))
    return tuple(outs)


@lowers("meshgrid")
def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    nd = len(xi)
    outs = []
    for i, x in enumerate(xi):
        shape_ = [1] * nd
        shape_[i] = -1
        if indexing == "xy" and nd > 1:
            shape_[0], shape_[1] = shape_[1], shape_[0]
        outs.append(tf.reshape(_t(x), shape_))
    if not sparse:
        return broadcast_arrays(*outs)
    return tuple(_array(o) for o in outs)
