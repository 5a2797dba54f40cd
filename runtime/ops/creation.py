"""Array creation: ``np.array``, ``zeros``/``ones``/``full``/``empty`` (and ``*_like``),
``arange``, ``linspace``, ``logspace``, ``eye``, ``identity``, ``tri``.

Shape arguments may be Python ints, tuples, ints known only at run time
(:class:`~np2tf.runtime.values.Weak`, e.g. ``a.shape[0]``) or 0-d/1-d int tensors.
Default dtypes and values follow NumPy exactly: ``np.arange`` computes its length and
its first two elements with the operands' own arithmetic (as NumPy's C code does with
Python/NumPy scalars) and fills the rest as ``start + i*delta`` in the result dtype.
``np.empty`` gives zeros (NumPy's contents are arbitrary).
"""
from __future__ import annotations

import math
import numbers
import operator
import warnings

import numpy as np
import tensorflow as tf

from .. import arrays, checks, context, dtypes
from ..registry import FUNCTIONS, Unsupported, lowers
from ..values import Weak, is_tensor, static_value, weak_kind

_NO_COPY = ("Unable to avoid copy while creating an array as requested.\n"
            "If using `np.array(obj, copy=False)` replace it with `np.asarray(obj)` "
            "to allow a copy when needed (no behavior change in NumPy 1.x).")


# --- shared helpers -----------------------------------------------------------------

def is_static(x) -> bool:
    """A value known while tracing (no tensor or run-time scalar inside)."""
    if isinstance(x, (list, tuple)):
        return all(is_static(e) for e in x)
    if isinstance(x, Weak):
        return False
    return not is_tensor(x)


def np_dtype(d, default=None) -> np.dtype | None:
    """A ``dtype=`` argument as np.dtype; ``None`` gives ``default``."""
    if d is None:
        return None if default is None else np.dtype(default)
    dt = arrays.as_dtype(d)
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"dtype {dt} has no TensorFlow counterpart")
    return dt


def xla_static(t) -> bool:
    """Whether XLA can treat ``t`` as a compile-time constant: it is computed from
    constants and array *shapes* only (not from argument values)."""
    if not is_tensor(t) or tf.executing_eagerly() or not hasattr(t, "op"):
        return True
    seen, todo = set(), [t.op]
    while todo:
        op = todo.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        if len(seen) > 200:
            return False
        if op.type in ("Const", "Shape", "ShapeN", "Size", "Rank"):
            continue
        if op.type in ("Placeholder", "VarHandleOp", "ReadVariableOp") or not op.inputs:
            return False
        todo.extend(i.op for i in op.inputs)
    return True


def note_dynamic_size(*ts) -> None:
    """An output size depends on these tensors: XLA needs them to be constant."""
    if not all(xla_static(t) for t in ts):
        context.current().xla_ok = False


def _dim(d):
    """One dimension: a Python int (static) or an int64 scalar tensor."""
    if isinstance(d, (bool, np.bool_)) or (isinstance(d, Weak) and d.kind is bool):
        raise TypeError(f"expected a sequence of integers or a single integer, got '{d}'")
    if isinstance(d, Weak):
        if d.kind is not int:
            raise TypeError(f"'{d.kind.__name__}' object cannot be interpreted as an integer")
        return d.tensor
    if is_tensor(d):
        if d.shape.rank != 0 or not (d.dtype.is_integer):
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        v = tf.get_static_value(d)
        return int(v) if v is not None else tf.cast(d, tf.int64)
    if isinstance(d, (numbers.Integral, np.integer)) or hasattr(d, "__index__"):
        return operator.index(d)
    raise TypeError(f"'{type(d).__name__}' object cannot be interpreted as an integer")


def shape_arg(shape):
    """A shape argument -> (static dims with None where unknown, shape for TF ops).

    The second item is a tuple of Python ints when every dimension is static, else an
    int64 vector. Negative dimensions raise ValueError as NumPy (deferred if dynamic)."""
    if is_tensor(shape) and shape.shape.rank == 1:
        v = tf.get_static_value(shape)
        items = list(v) if v is not None else None
        if items is None:
            if not shape.dtype.is_integer:
                raise TypeError("expected a sequence of integers or a single integer")
            if shape.shape[0] is None:
                raise Unsupported("a shape vector of unknown length")
            t = tf.cast(shape, tf.int64)
            checks.require(tf.reduce_all(t >= 0), ValueError,
                           "negative dimensions are not allowed")
            note_dynamic_size(t)
            return (None,) * shape.shape[0], tf.maximum(t, 0)
    elif isinstance(shape, (list, tuple)) or isinstance(shape, np.ndarray) and shape.ndim == 1:
        items = list(shape)
    else:
        items = [shape]
    dims = [_dim(d) for d in items]
    static = []
    for d in dims:
        if isinstance(d, int):
            if d < 0:
                raise ValueError("negative dimensions are not allowed")
            static.append(d)
        else:
            checks.require(d >= 0, ValueError, "negative dimensions are not allowed")
            static.append(None)
    if all(isinstance(d, int) for d in dims):
        return tuple(static), tuple(dims)
    dyn = [d for d in dims if not isinstance(d, int)]
    note_dynamic_size(*dyn)
    vec = tf.stack([tf.constant(d, tf.int64) if isinstance(d, int) else tf.maximum(d, 0)
                    for d in dims])
    return tuple(static), vec


def _finish(t, static_shape=None):
    if static_shape is not None:
        t.set_shape(static_shape)
    return arrays.mark_array(t) if t.shape.rank == 0 else t


def _no_like(like):
    if like is not None:
        raise Unsupported("like= (array-function protocol)")


# --- np.array and friends -----------------------------------------------------------

def _static_to_tensor(x, dtype):
    arr = np.array(x, dtype=dtype)
    if arr.dtype not in dtypes.SUPPORTED:
        raise Unsupported(f"np.array of this data has dtype {arr.dtype}")
    return tf.constant(arr)


def _leaf_to(x, dtype):
    """One element of a nested list, converted as ``np.array([...], dtype)`` does."""
    if isinstance(x, Weak):
        return dtypes.cast(x, dtype)
    if is_tensor(x):
        return dtypes.convert(x, dtype)
    if isinstance(x, (bool, int, float, complex)):
        return tf.constant(np.array([x], dtype=dtype)[0])
    return tf.constant(np.asarray(x).astype(dtype))


def _stack(x, dtype):
    if not isinstance(x, (list, tuple)):
        return _leaf_to(x, dtype)
    parts = [_stack(e, dtype) for e in x]
    if not parts:
        return tf.zeros([0], dtypes.to_tf(dtype))
    first = parts[0].shape
    for p in parts[1:]:
        if first.rank != p.shape.rank or not first.is_compatible_with(p.shape):
            raise ValueError("setting an array element with a sequence. The requested array "
                             "has an inhomogeneous shape")
    if any(not p.shape.is_fully_defined() for p in parts):
        s0 = tf.shape(parts[0])
        for p in parts[1:]:
            checks.require(tf.reduce_all(tf.equal(tf.shape(p), s0)), ValueError,
                           "setting an array element with a sequence. The requested array "
                           "has an inhomogeneous shape")
    return tf.stack(parts)


def to_tensor(x, dtype=None) -> tf.Tensor:
    """``np.array(x, dtype)`` as a (new) tensor, with NumPy's conversions."""
    if is_static(x):
        return _static_to_tensor(x, dtype)
    if is_tensor(x):
        return x if dtype is None else dtypes.convert(x, dtype)
    if isinstance(x, Weak):
        if dtype is None:
            dtype = arrays.dtype_of(x)
        return dtypes.cast(x, dtype)
    if isinstance(x, (list, tuple)):
        if dtype is None:
            dtype = dtypes.spec(x)
        if dtype not in dtypes.SUPPORTED:
            raise Unsupported(f"np.array of this data has dtype {dtype}")
        return _stack(x, dtype)
    raise Unsupported(f"np.array of a {type(x).__name__}")


def _array(obj, dtype, copy, ndmin=0):
    if ndmin:
        raise Unsupported("ndmin=")
    dt = np_dtype(dtype)
    if is_tensor(obj):
        same = dt is None or dtypes.to_tf(dt) == obj.dtype
        if copy is False and not same:
            raise ValueError(_NO_COPY)
        if same and copy is not True and obj.shape.rank != 0:
            return obj
        t = tf.identity(obj if same else dtypes.convert(obj, dt))
        return _finish(t)
    if copy is False and not isinstance(obj, np.ndarray):
        raise ValueError(_NO_COPY)
    return _finish(to_tensor(obj, dt))


@lowers("array")
def array(object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0, like=None):
    """``np.array([t, 1.0])`` stacks with np.array's promotion; ``np.array(5)`` is 0-d."""
    _no_like(like)
    return _array(object, dtype, copy, ndmin)


@lowers("asarray", "asanyarray")
def asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    _no_like(like)
    return _array(a, dtype, copy)


@lowers("ascontiguousarray", "asfortranarray")
def ascontiguousarray(a, dtype=None, *, like=None):
    _no_like(like)
    t = _array(a, dtype, None)
    return tf.reshape(t, [1]) if t.shape.rank == 0 else t


@lowers("copy")
def copy(a, order="K", subok=False):
    return _array(a, None, True)


# --- zeros / ones / full / empty ---------------------------------------------------

def _filled(shape, value, dtype):
    static, dims = shape_arg(shape)
    tfd = dtypes.to_tf(dtype)
    if value == 0:
        t = tf.zeros(dims, tfd)
    elif value == 1:
        t = tf.ones(dims, tfd)
    return _finish(t, static)


@lowers("zeros")
def zeros(shape, dtype=float, order="C", *, device=None, like=None):
    _no_like(like)
    return _filled(shape, 0, np_dtype(dtype, np.float64))


@lowers("empty")
def empty(shape, dtype=float, order="C", *, device=None, like=None):
    """NumPy's contents are arbitrary; we give zeros."""
    _no_like(like)
    return _filled(shape, 0, np_dtype(dtype, np.float64))


@lowers("ones")
def ones(shape, dtype=None, order="C", *, device=None, like=None):
    _no_like(like)
    return _filled(shape, 1, np_dtype(dtype, np.float64))


def _fill_value(v, dtype: np.dtype) -> tf.Tensor:
    """``fill_value`` as copied in by ``np.copyto(..., casting='unsafe')``."""
    if type(v) is int:  # NEP 50: a Python int must fit an integer dtype
        if dtype.kind in "iu":
            info = np.iinfo(dtype)
            if not info.min <= v <= info.max:
                raise OverflowError(f"Python integer {v} out of bounds for {dtype}")
        return tf.constant(np.array(v, dtype=dtype))
    if isinstance(v, Weak):
        return dtypes.cast(v, dtype)
    if is_tensor(v):
        return dtypes.convert(v, dtype)
    if is_static(v):
        arr = np.asarray(v)
        if arr.dtype not in dtypes.SUPPORTED:
            raise Unsupported(f"fill value of dtype {arr.dtype}")
        return tf.constant(arr.astype(dtype))
    return dtypes.convert(to_tensor(v), dtype)


def _fill_dtype(v) -> np.dtype:
    if is_static(v):
        dt = np.asarray(v).dtype
    else:
        dt = arrays.dtype_of(v)
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"fill value of dtype {dt}")
    return dt


def _broadcast_fill(value, static, dims):
    vshape = value.shape
    if vshape.rank > len(static):
        raise Unsupported("fill value of higher rank than the array")
    if vshape.rank:
        tail = static[len(static) - vshape.rank:]
        for vd, d in zip(vshape.as_list(), tail):
            if vd is not None and d is not None and vd not in (1, d):
                raise ValueError(f"could not broadcast input array from shape "
                                 f"{tuple(vshape.as_list())} into shape {tuple(static)}")
        if not vshape.is_fully_defined() or None in tail:
            want = tf.convert_to_tensor(dims, tf.int64)[len(static) - vshape.rank:]
            have = tf.shape(value, out_type=tf.int64)
            checks.require(tf.reduce_all(tf.logical_or(tf.equal(have, 1), tf.equal(have, want))),
                           ValueError, "could not broadcast input array into the array's shape")
            value = tf.reshape(value, tf.where(tf.equal(have, want), have,
                                               tf.ones_like(have)))
    return tf.broadcast_to(value, dims)


@lowers("full")
def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    _no_like(like)
    dt = np_dtype(dtype) or _fill_dtype(fill_value)
    static, dims = shape_arg(shape)
    return _finish(_broadcast_fill(_fill_value(fill_value, dt), static, dims), static)


def _like(a, dtype, shape):
    dt = np_dtype(dtype) or _fill_dtype(a)
    if shape is not None:
        return dt, shape_arg(shape)
    if is_tensor(a):
        return dt, (tuple(a.shape.as_list()), tf.shape(a, out_type=tf.int64)
                    if not a.shape.is_fully_defined() else tuple(a.shape.as_list()))
    if is_static(a):
        s = np.shape(a)
        return dt, (s, s)
    t = to_tensor(a)
    return dt, (tuple(t.shape.as_list()), tf.shape(t, out_type=tf.int64))


@lowers("zeros_like", "empty_like")
def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    dt, (static, dims) = _like(a, dtype, shape)
    return _finish(tf.zeros(dims, dtypes.to_tf(dt)), static)


@lowers("ones_like")
def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    dt, (static, dims) = _like(a, dtype, shape)
    return _finish(tf.ones(dims, dtypes.to_tf(dt)), static)


@lowers("full_like")
def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    dt, (static, dims) = _like(a, dtype, shape)
    return _finish(_broadcast_fill(_fill_value(fill_value, dt), static, dims), static)


# --- arange -------------------------------------------------------------------------

def _arange_example(x):
    """A value of the same Python/NumPy type as ``x`` (for asking NumPy the dtype)."""
    if isinstance(x, Weak):
        return x.kind(1)
    if is_tensor(x):
        return dtypes.to_np(x.dtype).type(1)
    return x


def _scalar_arg(x):
    if is_tensor(x) and x.shape.rank != 0:
        raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
    if isinstance(x, np.ndarray):
        if x.ndim != 0:
            raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
        return x[()]
    if isinstance(x, (list, tuple)):
        raise TypeError(f"arange: scalar arguments expected instead of a {type(x).__name__}.")
    return x


def _ceil_length(value):
    """``_arange_safe_ceil_to_intp`` on a static value."""
    value = float(value.real if isinstance(value, complex) else value)
    if math.isnan(value):
        raise ValueError("arange: cannot compute length")
    if math.isinf(value) or not -2**63 <= math.ceil(value) < 2**63:
        raise ValueError("Maximum allowed size exceeded")
    return math.ceil(value)


def _static_length(start, stop, step):
    """NumPy's ``_calc_length`` with Python/NumPy scalar arithmetic on the values."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        diff = stop - start
        val = diff / step
    if val == 0 and diff != 0:  # underflow or division by inf
        return 0 if math.copysign(1.0, float(val)) < 0 else 1
    return max(_ceil_length(val), 0)


def _dynamic_length(start, stop, step):
    from .. import operators
    diff = operators.sub(stop, start)
    val = operators.truediv(diff, step)
    v = val.tensor if isinstance(val, Weak) else val
    d = diff.tensor if isinstance(diff, Weak) else diff
    if v.dtype.is_complex:
        raise Unsupported("complex arange")
    v = tf.cast(v, tf.float64)
    checks.require(tf.logical_not(tf.math.is_nan(v)), ValueError,
                   "arange: cannot compute length")
    c = tf.math.ceil(v)
    checks.require(tf.logical_and(c >= -2.0**63, c < 2.0**63), ValueError,
                   "Maximum allowed size exceeded")
    # underflow or division by inf: length 0 or 1 by the sign of the zero quotient
    underflow = tf.logical_and(tf.equal(v, 0), tf.not_equal(d, tf.zeros([], d.dtype)))
    negative = tf.bitcast(v, tf.int64) < 0
    n = tf.where(underflow, tf.cast(tf.logical_not(negative), tf.float64),
                 tf.where(tf.math.is_finite(c), c, tf.zeros_like(c)))
    n = tf.cast(tf.clip_by_value(n, 0.0, 2.0**62), tf.int64)
    return n


def _first_two(start, step, dtype, n):
    """``buffer[0] = start`` if n > 0, ``buffer[1] = start + step`` if n > 1 (setitem
    casts: a Python int out of the dtype's range raises OverflowError only then)."""
    from .. import operators
    if isinstance(n, int):
        first = _setitem_cast(start, dtype)
        return first, (_setitem_cast(operators.add(start, step), dtype) if n > 1 else first)
    first = _setitem_cast(start, dtype, needed=n > 0)
    return first, _setitem_cast(operators.add(start, step), dtype, needed=n > 1)


def _setitem_cast(v, dtype, needed=True):
    if is_static(v) and needed is True:
        buf = np.empty(1, dtype)
        buf[0] = v
        return tf.constant(buf[0])
    if type(v) is int:  # checked only if the element is written, as a run-time int
        if not -2**63 <= v < 2**63:
            raise Unsupported("arange with a Python int beyond int64")
        v = Weak(tf.constant(v, tf.int64), int)
    if weak_kind(v) is int and dtype.kind in "iu":
        info = np.iinfo(dtype)
        t = v.tensor
        fits = tf.logical_and(t >= max(info.min, -2**63), t <= min(info.max, 2**63 - 1))
        checks.require(tf.logical_or(tf.logical_not(needed), fits), OverflowError,
                       f"Python integer out of bounds for {dtype}")
        return dtypes.cast(v, dtype, check_weak=False)
    return dtypes.cast(v, dtype)


def _fill(first, second, n, dtype: np.dtype):
    tfd = dtypes.to_tf(dtype)
    if dtype.kind in "iu":
        delta = second - first
        i = tf.range(n, dtype=tf.int64)
        out = first + tf.cast(i, tfd) * delta
    else:
        work = tf.float32 if dtype == np.float16 else tfd
        f, s = tf.cast(first, work), tf.cast(second, work)
        i = tf.cast(tf.range(n, dtype=tf.int64), work)
        out = tf.cast(f + i * (s - f), tfd)
    i = tf.range(n, dtype=tf.int64)
    out = tf.where(tf.equal(i, 0), first, tf.where(tf.equal(i, 1), second, out))
    return out


@lowers("arange")
def arange(start=None, stop=None, step=None, dtype=None, *, device=None, like=None):
    """``np.arange(0., 1, .1)``: float64, length ceil((stop-start)/step) as NumPy."""
    _no_like(like)
    if start is None:
        if stop is None:
            raise TypeError("arange() requires stop to be specified.")
        start, stop = stop, None
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    start, stop, step = (_scalar_arg(x) for x in (start, stop, step))
    ex = [_arange_example(x) for x in (start, stop, step)]
    dt = np_dtype(dtype) or _arange_dtype(*ex)
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"arange of dtype {dt}")
    if dt.kind in "bc":
        if is_static(start) and is_static(stop) and is_static(step):
            return tf.constant(np.arange(start, stop, step, dtype=dt))
        raise Unsupported(f"arange of dtype {dt} with run-time bounds")
    if is_static(start) and is_static(stop) and is_static(step):
        n = _static_length(start, stop, step)
        if n == 0:
            return tf.zeros([0], dtypes.to_tf(dt))
        first, second = _first_two(start, step, dt, n)
        out = _fill(first, second, n, dt)
        out.set_shape([n])
        return out
    n = _dynamic_length(start, stop, step)
    note_dynamic_size(n)
    first, second = _first_two(start, step, dt, n)
    return _fill(first, second, n, dt)


def _arange_dtype(start, stop, step):
    """Ask NumPy, with values of the arguments' types that give an empty range."""
    for x in (start, stop, step):
        if isinstance(x, int) and not -2**63 <= x < 2**63:
            raise Unsupported("arange with a Python int beyond int64")
    return np.arange(type(start)(0), type(stop)(0), type(step)(1)).dtype


# --- linspace / logspace --------------------------------------------------------------

def _linspace_dtype(start, stop):
    """The computation dtype (``result_type(start, stop, ensure_inexact)``)."""
    def ex(x):
        if isinstance(x, Weak):
            return x.kind(0)
        if is_tensor(x):
            return np.zeros((1,) * x.shape.rank, dtypes.to_np(x.dtype))
        if isinstance(x, (list, tuple)):
            return np.zeros(np.shape(x) if is_static(x) else (1,), dtypes.spec(x))
        return x
    return np.linspace(ex(start), ex(stop), 2).dtype


def _as_operand(x):
    """Strong operands become tensors; weak Python scalars stay weak."""
    if weak_kind(x) is not None:
        return x
    return to_tensor(x)


@lowers("linspace")
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    """``np.linspace`` with NumPy's own formula (so values match bit for bit)."""
    endpoint = bool(static_value(endpoint, "endpoint"))
    retstep = bool(static_value(retstep, "retstep"))
    if retstep:
        num = static_value(num, "num")
    if isinstance(num, Weak):
        if num.kind is not int:
            raise TypeError(f"'{num.kind.__name__}' object cannot be interpreted as an integer")
        checks.require(num.tensor >= 0, ValueError, "Number of samples must be non-negative.")
        n = tf.maximum(num.tensor, 0)
        note_dynamic_size(n)
    else:
        n = operator.index(static_value(num, "num"))
        if n < 0:
            raise ValueError(f"Number of samples, {n}, must be non-negative.")
    div = (n - 1) if endpoint else n
    dt = _linspace_dtype(start, stop)
    out_dt = np_dtype(dtype) or dt
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"linspace of dtype {dt}")
    tfd = dtypes.to_tf(dt)
    start_t = dtypes.cast(_as_operand(start), dt, check_weak=False)
    stop_t = dtypes.cast(_as_operand(stop), dt, check_weak=False)
    delta = stop_t - start_t
    rank = delta.shape.rank
    y = tf.reshape(tf.cast(tf.range(n, dtype=tf.int64), tfd),
                   tf.concat([[-1], tf.ones([rank], tf.int64)], 0))
    divf = tf.cast(div, tfd)
    if isinstance(div, int):
        if div > 0:
            step = delta / divf
            any_zero = tf.reduce_any(tf.equal(step, 0))
            y = tf.where(any_zero, y / divf * delta, y * step)
        else:
            step = float("nan")
            y = y * delta
    else:
        pos = div > 0
        step = delta / divf
        any_zero = tf.logical_and(pos, tf.reduce_any(tf.equal(step, 0)))
        y = tf.where(any_zero, y / divf * delta, tf.where(pos, y * step, y * delta))
    y = y + start_t
    if endpoint:
        idx = tf.range(n, dtype=tf.int64)
        last = tf.reshape(tf.logical_and(tf.equal(idx, n - 1), n > 1),
                          tf.concat([[-1], tf.ones([rank], tf.int64)], 0))
        y = tf.where(last, stop_t, y)
    if isinstance(n, int):
        y.set_shape([n] + delta.shape.as_list())
    ax = static_value(axis, "axis")
    if ax != 0:
        from ..axes import normalize_axis
        ax = normalize_axis(ax, rank + 1)
        perm = list(range(1, rank + 1))
        perm.insert(ax, 0)
        y = tf.transpose(y, perm)
    if np.issubdtype(out_dt, np.integer):
        y = tf.math.floor(y) if dt.kind != "c" else y
    y = dtypes.convert(y, out_dt)
    if retstep:
        return y, step
    return y


@lowers("logspace")
def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    if not (weak_kind(base) is not None or arrays.ndim(_as_operand(base)) == 0):
        raise Unsupported("logspace with an array base")
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    if is_tensor(base) or isinstance(base, (np.ndarray, np.generic)):
        base = to_tensor(base)
    r = FUNCTIONS["power"](base, y)
    dt = np_dtype(dtype)
    return r if dt is None else dtypes.convert(r, dt)


# --- eye / identity / tri -------------------------------------------------------------

def _size_arg(n):
    d = _dim(n)
    if isinstance(d, int):
        if d < 0:
            raise ValueError("negative dimensions are not allowed")
        return d
    checks.require(d >= 0, ValueError, "negative dimensions are not allowed")
    note_dynamic_size(d)
    return tf.maximum(d, 0)


def _offset_arg(k):
    if isinstance(k, Weak):
        if k.kind is not int:
            raise TypeError(f"'{k.kind.__name__}' object cannot be interpreted as an integer")
        return k.tensor
    if is_tensor(k):
        return tf.cast(k, tf.int64)
    return operator.index(k)


def _diagonal_pattern(N, M, k, dtype, like, where):
    """An N x M array of ``dtype``: 1 where ``where(row, col, k)`` holds (eye, tri)."""
    _no_like(like)
    dt = np_dtype(dtype, np.float64)
    n = _size_arg(N)
    m = n if M is None else _size_arg(M)
    k = _offset_arg(k)
    rows = tf.range(n, dtype=tf.int64)[:, None]
    cols = tf.range(m, dtype=tf.int64)[None, :]
    out = tf.cast(where(rows, cols, k), dtypes.to_tf(dt))
    out.set_shape([n if isinstance(n, int) else None, m if isinstance(m, int) else None])
    return out


@lowers("eye")
def eye(N, M=None, k=0, dtype=float, order="C", *, device=None, like=None):
    return _diagonal_pattern(N, M, k, dtype, like, lambda rows, cols, k: tf.equal(cols - rows, k))


@lowers("identity")
def identity(n, dtype=None, *, like=None):
    return eye(n, dtype=dtype, like=like)


@lowers("tri")
def tri(N, M=None, k=0, dtype=float, *, like=None):
    return _diagonal_pattern(N, M, k, dtype, like, lambda rows, cols, k: cols <= rows + k)
