"""Reductions (sum, mean, max, argmax, any, cumsum, median...) and their nan-twins.

Every rule follows NumPy's own recipe (``numpy/_core/_methods.py``,
``numpy/lib/_nanfunctions_impl.py``) step by step, with the dtypes of each step as
NumPy has them, so that rounding matches too: ``np.mean`` of float32 sums in float32 and
divides in float64; of float16 it sums in float32; ``np.var`` subtracts the mean in the
promoted dtype. The result dtype is always checked against NumPy (the oracle): if our
recipe would give another dtype, the call falls back instead of answering differently.

Shared pieces: :func:`_sum` (one accumulation, float16 in float32 as NumPy's pairwise
sum), :func:`_div_count` (NumPy's ``true_divide(x, count, casting='unsafe')``),
:func:`_extreme` (max/min with NaN propagation, complex in lexicographic order) and
:func:`_arg_extreme` (first occurrence, first NaN).
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from .. import arrays, axes, checks, context, dtypes
from ..registry import FUNCTIONS, Unsupported, lowers
from ..values import Weak, is_tensor, static_value

_NoValue = np._NoValue
_F64 = np.dtype(np.float64)


# --- argument normalisation ---------------------------------------------------------

def _is_static(x) -> bool:
    """Known while tracing: the whole call can be answered by NumPy now."""
    if x is None or x is _NoValue or isinstance(
            x, (bool, int, float, complex, str, np.ndarray, np.generic, np.dtype, type)):
        return True
    if isinstance(x, (list, tuple)):
        return all(_is_static(e) for e in x)
    return False


def _fold(np_fn, *args, **kwargs):
    """NumPy's own answer when every argument is a trace-time constant, else None."""
    if all(_is_static(a) for a in args) and all(_is_static(v) for v in kwargs.values()):
        return (np_fn(*args, **{k: v for k, v in kwargs.items() if v is not _NoValue}),)
    return None


def _tensor(a) -> tf.Tensor:
    try:
        return arrays.asarray(a)
    except dtypes.UnsupportedDType as e:
        raise Unsupported(str(e)) from None


def _dtype_arg(dtype):
    if dtype is None:
        return None
    dt = arrays.as_dtype(static_value(dtype, "dtype"))
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"dtype={dt}")
    return dt


def _no_out(out):
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")


def _keepdims(keepdims) -> bool:
    if keepdims is _NoValue:
        return False
    return bool(static_value(keepdims, "keepdims"))


def _axes(axis, ndim, ufunc=True) -> tuple:
    """Normalised reduction axes. ``ufunc.reduce`` (sum, max, any...) also takes an int
    axis 0 or -1 on a 0-d array; np.mean / np.var / np.median do not (``ufunc=False``)."""
    axis = static_value(axis, "axis")
    if isinstance(axis, list):  # NumPy takes an int or a tuple, not a list
        raise TypeError("'list' object cannot be interpreted as an integer")
    if ufunc and ndim == 0 and not isinstance(axis, tuple) and axis is not None:
        axes.normalize_axis(axis, 1)
        return ()
    return axes.normalize_axes(axis, ndim)


def _np_dt(t) -> np.dtype:
    return dtypes.to_np(t.dtype)


def _check_dtype(t, oracle, what):
    """Our recipe's dtype must be NumPy's; if it is not, fall back rather than differ."""
    got = _np_dt(t)
    if got != oracle:
        raise Unsupported(f"{what}: computed {got}, NumPy gives {oracle}")
    return t


# --- building blocks ------------------------------------------------------------------

def _count(t, ax):
    """Number of elements reduced over the axes ``ax``: a Python int or an int64 tensor."""
    dims = [t.shape[i] for i in ax]
    if all(d is not None for d in dims):
        return int(np.prod(dims, dtype=np.int64))
    return tf.reduce_prod(tf.gather(tf.shape(t, out_type=tf.int64), list(ax)))


def _sum(x, ax, kd):
    """``np.add.reduce`` of ``x`` in its own dtype (float16 accumulates in float32)."""
    if x.dtype == tf.bool:
        return tf.reduce_any(x, list(ax), keepdims=kd)
    if x.dtype == tf.float16:
        return tf.cast(tf.reduce_sum(tf.cast(x, tf.float32), list(ax), keepdims=kd), tf.float16)
    if not ax:
        return tf.identity(x)
    return tf.reduce_sum(x, list(ax), keepdims=kd)


def _prod(x, ax, kd):
    if x.dtype == tf.bool:
        return tf.reduce_all(x, list(ax), keepdims=kd)
    if not ax:
        return tf.identity(x)
    return tf.reduce_prod(x, list(ax), keepdims=kd)


def _div_count(x, n):
    """``x / n`` as NumPy's ``true_divide(x, n, out=x, casting='unsafe')`` with ``n`` an
    intp (or float64) count: computed in float64 / complex128, cast back to x's dtype."""
    dt = _np_dt(x)
    n = tf.cast(n, tf.float64) if is_tensor(n) else tf.constant(n, tf.float64)
    if dt.kind == "c":
        re, im = tf.cast(tf.math.real(x), tf.float64), tf.cast(tf.math.imag(x), tf.float64)
        # NumPy's complex division (Smith's method) by n + 0j: (re + im*0) * (1/n)
        scl = 1.0 / n
        zero = tf.equal(n, 0)
        qr = tf.where(zero, re / n, (re + im * 0.0) * scl)
        qi = tf.where(zero, im / n, (im - re * 0.0) * scl)
        return dtypes.convert(tf.complex(qr, qi), dt)
    q = tf.cast(x, tf.float64) / n
    return dtypes.convert(q, dt)


def _isnan(x):
    if x.dtype.is_complex:
        return tf.logical_or(tf.math.is_nan(tf.math.real(x)), tf.math.is_nan(tf.math.imag(x)))
    if x.dtype.is_floating:
        return tf.math.is_nan(x)
    return None


def _fill(like, value):
    """A scalar of like's dtype: ``tf.where`` broadcasts it (fewer nodes than tf.fill)."""
    return tf.constant(value, like.dtype)


def _extreme(x, ax, kd, is_max, propagate_nan=True):
    """max/min over ``ax``: NaN propagates (np.max) or is skipped (np.fmax.reduce)."""
    ax = list(ax)
    if x.dtype == tf.bool:
        return (tf.reduce_any if is_max else tf.reduce_all)(x, ax, keepdims=kd)
    red = tf.reduce_max if is_max else tf.reduce_min
    if x.dtype.is_integer:
        return red(x, ax, keepdims=kd) if ax else tf.identity(x)
    nan = _isnan(x)
    if x.dtype.is_complex:
        # lexicographic: the extreme real part, then among those the extreme imaginary part
        rdt = tf.float32 if x.dtype == tf.complex64 else tf.float64
        far = tf.constant(-np.inf if is_max else np.inf, rdt)
        re, im = tf.math.real(x), tf.math.imag(x)
        if not propagate_nan:
            re = tf.where(nan, far, re)
        mr = red(re, ax, keepdims=True)
        mi = red(tf.where(tf.logical_and(tf.equal(re, mr), tf.logical_not(nan)), im, far),
                 ax, keepdims=True)
        if not kd and ax:
            mr, mi = tf.squeeze(mr, ax), tf.squeeze(mi, ax)
        r = tf.complex(mr, mi)
    else:
        if not propagate_nan:
            x = tf.where(nan, _fill(x, -np.inf if is_max else np.inf), x)
        r = red(x, ax, keepdims=kd) if ax else tf.identity(x)
    # NaN: any NaN wins (np.max), or only an all-NaN slice gives NaN (np.nanmax)
    bad = (tf.reduce_any if propagate_nan else tf.reduce_all)(nan, ax, keepdims=kd)
    return tf.where(bad, _fill(r, complex(np.nan, np.nan) if r.dtype.is_complex else np.nan),
                    r)


def _arg_extreme(x, k, kd, is_max):
    """Index of the first extreme along axis ``k`` (the first NaN if there is one)."""
    nd = x.shape.rank
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int8)
    m = _extreme(x, (k,), True, is_max)
    hit = tf.equal(x, m)
    nan = _isnan(x)
    if nan is not None:
        hit = tf.logical_or(hit, nan)
    n = tf.shape(x, out_type=tf.int64)[k]
    iota = tf.reshape(tf.range(n, dtype=tf.int64), [-1] + [1] * (nd - 1 - k))
    return tf.reduce_min(tf.where(hit, iota, n), axis=k, keepdims=kd)


def _broadcast_mask(where, x):
    """A ``where=`` argument as a bool tensor of x's shape (NumPy's errors)."""
    m = where if is_tensor(where) else _tensor(where)
    if m.dtype != tf.bool:
        raise TypeError(f"Cannot cast array data from dtype('{_np_dt(m)}') to dtype('bool') "
                        "according to the rule 'safe'")
    mr, xr = m.shape.rank, x.shape.rank
    msg = "operands could not be broadcast together"
    if mr > xr:
        raise ValueError(msg)
    if mr < xr:
        m = tf.reshape(m, tf.concat([tf.ones([xr - mr], tf.int32), tf.shape(m)], 0))
    dynamic = False
    for a, b in zip(m.shape.as_list(), x.shape.as_list()):
        if a is not None and b is not None and a != 1 and a != b:
            raise ValueError(msg)
        if a is None or (a != 1 and b is None):
            dynamic = True
    if dynamic:
        ms, xs = tf.shape(m), tf.shape(x)
        ok = tf.logical_or(tf.equal(ms, 1), tf.equal(ms, xs))
        checks.require(tf.reduce_all(ok), ValueError, msg)
        # keep the graph valid when the check fails (its error is raised after the call)
        m = tf.slice(m, tf.zeros_like(ms), tf.where(ok, ms, tf.minimum(ms, 1)))
    return tf.broadcast_to(m, tf.shape(x))


def _mask_of(where, x):
    """None for ``where=True``, else the broadcast bool mask."""
    if where is True or where is _NoValue:
        return None
    if isinstance(where, (bool, np.bool_)) and where:
        return None
    if isinstance(where, (Weak, int, float, complex)) and not isinstance(where, bool):
        raise Unsupported("where= that is not a boolean array")
    return _broadcast_mask(where, x)


def _initial(initial, dt):
    """``initial=`` as a 0-d tensor of the result dtype (NumPy's Python-int overflow check)."""
    v = static_value(initial, "initial")
    if isinstance(v, (bool, int, float, complex, np.generic)):
        if isinstance(v, float) and dt.kind in "iub" or isinstance(v, complex) and dt.kind != "c":
            raise Unsupported("initial= of another kind than the result")
        return dtypes.cast(v, dt)
    raise Unsupported("initial= that is not a scalar")


# --- sum / prod ---------------------------------------------------------------------

def _sum_like(np_fn, reduce, identity, a, axis, dtype, out, keepdims, initial, where,
              nan_to=None):
    _no_out(out)
    dt = _dtype_arg(dtype)
    folded = _fold(np_fn, a, axis=axis, dtype=dt, keepdims=keepdims, initial=initial,
                   where=where)
    if folded:
        return folded[0]
    t = _tensor(a)
    ax, kd = _axes(axis, t.shape.rank), _keepdims(keepdims)
    res = dtypes.eval_dtype(np_fn, t, dtype=dt)
    if nan_to is not None and _isnan(t) is not None:
        t = tf.where(_isnan(t), _fill(t, nan_to), t)
    x = dtypes.convert(t, res)
    mask = _mask_of(where, x)
    if mask is not None:
        x = tf.where(mask, x, _fill(x, identity))
    r = reduce(x, ax, kd)
    if initial is not _NoValue and initial is not None:
        init = _initial(initial, res)
        r = FUNCTIONS["add" if reduce is _sum else "multiply"](r, init)
    return _check_dtype(r, res, np_fn.__name__)


@lowers("sum", method="sum")
def sum_(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NoValue, where=True):
    """``np.sum(a, axis=0)``: small ints sum in int64 (uint in uint64), wrapping."""
    return _sum_like(np.sum, _sum, 0, a, axis, dtype, out, keepdims, initial, where)


@lowers("prod", method="prod")
def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _sum_like(np.prod, _prod, 1, a, axis, dtype, out, keepdims, initial, where)


@lowers("nansum")
def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _sum_like(np.nansum, _sum, 0, a, axis, dtype, out, keepdims, initial, where,
                     nan_to=0)


@lowers("nanprod")
def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _sum_like(np.nanprod, _prod, 1, a, axis, dtype, out, keepdims, initial, where,
                     nan_to=1)


# --- any / all / count_nonzero -------------------------------------------------------

def _any_all(np_fn, reduce, a, axis, out, keepdims, where):
    _no_out(out)
    folded = _fold(np_fn, a, axis=axis, keepdims=keepdims, where=where)
    if folded:
        return folded[0]
    t = _tensor(a)
    ax, kd = _axes(axis, t.shape.rank), _keepdims(keepdims)
    x = dtypes.convert(t, np.bool_)   # NaN and complex with any nonzero part are True
    mask = _mask_of(where, x)
    if mask is not None:
        x = tf.where(mask, x, tf.constant(reduce is tf.reduce_all))
    return reduce(x, list(ax), keepdims=kd) if ax else tf.identity(x)


@lowers("any")
def any_(a, axis=None, out=None, keepdims=False, *, where=True):
    return _any_all(np.any, tf.reduce_any, a, axis, out, keepdims, where)


@lowers("all")
def all_(a, axis=None, out=None, keepdims=False, *, where=True):
    return _any_all(np.all, tf.reduce_all, a, axis, out, keepdims, where)


def _bool_dtype_only(dtype):
    if dtype is not None and _dtype_arg(dtype) != np.bool_:
        raise Unsupported("any/all with a non-bool dtype=")


# The methods take a dtype (a.any(axis, dtype, out, keepdims)); the functions do not.
@lowers(method="any")
def any_method(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    _bool_dtype_only(dtype)
    return _any_all(np.any, tf.reduce_any, a, axis, out, keepdims, where)


@lowers(method="all")
def all_method(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    _bool_dtype_only(dtype)
    return _any_all(np.all, tf.reduce_all, a, axis, out, keepdims, where)


@lowers("count_nonzero")
def count_nonzero(a, axis=None, *, keepdims=False):
    folded = _fold(np.count_nonzero, a, axis=axis, keepdims=keepdims)
    if folded:
        return folded[0]
    t = _tensor(a)
    ax, kd = _axes(axis, t.shape.rank), _keepdims(keepdims)
    x = tf.cast(dtypes.convert(t, np.bool_), tf.int64)
    return tf.reduce_sum(x, list(ax), keepdims=kd) if ax else x


# --- max / min / ptp ----------------------------------------------------------------

def _max_like(np_fn, name, is_max, a, axis, out, keepdims, initial, where, skip_nan=False):
    _no_out(out)
    folded = _fold(np_fn, a, axis=axis, keepdims=keepdims, initial=initial, where=where)
    if folded:
        return folded[0]
    t = _tensor(a)
    ax, kd = _axes(axis, t.shape.rank), _keepdims(keepdims)
    has_initial = initial is not _NoValue
    mask = _mask_of(where, t)
    if mask is not None and not has_initial:
        raise ValueError(f"reduction operation '{name}' does not have an identity, so to use "
                         "a where mask one has to specify 'initial'")
    if not has_initial:
        n = _count(t, ax)
        checks.require(n != 0 if isinstance(n, int) else tf.not_equal(n, 0), ValueError,
                       f"zero-size array to reduction operation {name} which has no identity")
    x = t
    if has_initial:
        init = _initial(initial, _np_dt(t))
        if mask is not None:
            x = tf.where(mask, x, tf.broadcast_to(init, tf.shape(x)))
    r = _extreme(x, ax, kd, is_max, propagate_nan=not skip_nan)
    if has_initial:
        # the initial value takes part as one more element
        both = tf.stack([tf.broadcast_to(init, tf.shape(r)), r])
        r = _extreme(both, (0,), False, is_max, propagate_nan=not skip_nan)
    return r


@lowers("max", "amax", method="max")
def max_(a, axis=None, out=None, keepdims=False, initial=_NoValue, where=True):
    """``np.max``: NaN propagates; an empty reduction raises ValueError."""
    return _max_like(np.max, "maximum", True, a, axis, out, keepdims, initial, where)


@lowers("min", "amin", method="min")
def min_(a, axis=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _max_like(np.min, "minimum", False, a, axis, out, keepdims, initial, where)


@lowers("nanmax")
def nanmax(a, axis=None, out=None, keepdims=False, initial=_NoValue, where=True):
    """``np.nanmax``: NaNs are skipped; an all-NaN slice gives NaN."""
    return _max_like(np.nanmax, "fmax", True, a, axis, out, keepdims, initial, where,
                     skip_nan=True)


@lowers("nanmin")
def nanmin(a, axis=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _max_like(np.nanmin, "fmin", False, a, axis, out, keepdims, initial, where,
                     skip_nan=True)


@lowers("ptp")
def ptp(a, axis=None, out=None, keepdims=False):
    _no_out(out)
    folded = _fold(np.ptp, a, axis=axis, keepdims=keepdims)
    if folded:
        return folded[0]
    hi = max_(a, axis, None, keepdims)
    t = _tensor(a)
    if t.dtype == tf.bool:
        # NumPy's max runs first: an empty bool array is a ValueError, any other a TypeError
        msg = ("numpy boolean subtract, the `-` operator, is not supported, use the "
               "bitwise_xor, the `^` operator, or the logical_xor function instead.")
        n = _count(t, _axes(axis, t.shape.rank))
        if isinstance(n, int):
            raise TypeError(msg)   # n == 0 raised ValueError in max_ already
        checks.require(tf.equal(n, 0), TypeError, msg)
        return hi
    lo = min_(a, axis, None, keepdims)
    return FUNCTIONS["subtract"](hi, lo)


# --- argmax / argmin ----------------------------------------------------------------

def _argmax_like(np_fn, is_max, a, axis, out, keepdims, nan_check=False):
    _no_out(out)
    folded = _fold(np_fn, a, axis=axis, keepdims=keepdims)
    if folded:
        return folded[0]
    t = _tensor(a)
    kd = _keepdims(keepdims)
    nd = t.shape.rank
    if static_value(axis, "axis") is None:
        x, k = tf.reshape(t, [-1]), 0
    else:
        x = t if nd else tf.reshape(t, [1])   # a 0-d array counts as 1-d
        k = axes.normalize_axis(axis, x.shape.rank)
    nan = _isnan(x)
    if nan_check and nan is not None:
        # np.nanargmax: an all-NaN slice is an error; NaNs are otherwise skipped
        size = tf.size(x, out_type=tf.int64)
        all_nan = tf.reduce_any(tf.reduce_all(nan, axis=k))
        checks.require(tf.logical_or(tf.equal(size, 0), tf.logical_not(all_nan)), ValueError,
                       "All-NaN slice encountered")
        far = -np.inf if is_max else np.inf
        x = tf.where(nan, _fill(x, complex(far, 0) if x.dtype.is_complex else far), x)
    n = x.shape[k]
    name = "argmax" if is_max else "argmin"
    checks.require(n != 0 if n is not None else tf.not_equal(tf.shape(x)[k], 0), ValueError,
                   f"attempt to get {name} of an empty sequence")
    r = _arg_extreme(x, k, False, is_max)
    if kd:
        if static_value(axis, "axis") is None:
            r = tf.reshape(r, [1] * nd)
        elif nd:
            r = tf.expand_dims(r, k)
    return r


@lowers("argmax", method="argmax")
def argmax(a, axis=None, out=None, *, keepdims=False):
    """``np.argmax``: int64, the first occurrence; the first NaN if there is one."""
    return _argmax_like(np.argmax, True, a, axis, out, keepdims)


@lowers("argmin", method="argmin")
def argmin(a, axis=None, out=None, *, keepdims=False):
    return _argmax_like(np.argmin, False, a, axis, out, keepdims)


@lowers("nanargmax")
def nanargmax(a, axis=None, out=None, *, keepdims=False):
    return _argmax_like(np.nanargmax, True, a, axis, out, keepdims, nan_check=True)


@lowers("nanargmin")
def nanargmin(a, axis=None, out=None, *, keepdims=False):
    return _argmax_like(np.nanargmin, False, a, axis, out, keepdims, nan_check=True)


# --- cumsum / cumprod ---------------------------------------------------------------

def _cumulative(x, k, is_prod):
    """Running sum/product along axis ``k`` in x's dtype, wrapping as NumPy's loops."""
    if x.dtype == tf.bool:
        if is_prod:  # running AND: no False so far
            return tf.equal(tf.cumsum(tf.cast(tf.logical_not(x), tf.int64), axis=k), 0)
        return tf.greater(tf.cumsum(tf.cast(x, tf.int64), axis=k), 0)
    op = tf.math.cumprod if is_prod else tf.cumsum
    if x.dtype.is_integer and x.dtype != tf.int64:
        # XLA has no narrow-int scans; modular arithmetic makes int64 then cast exact
        if x.dtype == tf.uint64:
            return tf.bitcast(op(tf.bitcast(x, tf.int64), axis=k), tf.uint64)
        return tf.cast(op(tf.cast(x, tf.int64), axis=k), x.dtype)
    if x.dtype.is_complex:
        if not is_prod:
            return tf.complex(tf.cumsum(tf.math.real(x), axis=k),
                              tf.cumsum(tf.math.imag(x), axis=k))
        context.current().xla_ok = False  # XLA has no complex cumprod
    return op(x, axis=k)


def _cum_like(np_fn, is_prod, a, axis, dtype, out, nan_to=None):
    _no_out(out)
    dt = _dtype_arg(dtype)
    folded = _fold(np_fn, a, axis=axis, dtype=dt)
    if folded:
        return folded[0]
    t = _tensor(a)
    res = dtypes.eval_dtype(np_fn, t, dtype=dt)
    if static_value(axis, "axis") is None or t.shape.rank == 0:
        t = tf.reshape(t, [-1])   # axis=None flattens; a 0-d array counts as 1-d
    k = axes.normalize_axis(0 if axis is None else axis, t.shape.rank)
    if nan_to is not None and _isnan(t) is not None:
        t = tf.where(_isnan(t), _fill(t, nan_to), t)
    r = _cumulative(dtypes.convert(t, res), k, is_prod)
    return _check_dtype(r, res, np_fn.__name__)


@lowers("cumsum", method="cumsum")
def cumsum(a, axis=None, dtype=None, out=None):
    return _cum_like(np.cumsum, False, a, axis, dtype, out)


@lowers("cumprod", method="cumprod")
def cumprod(a, axis=None, dtype=None, out=None):
    return _cum_like(np.cumprod, True, a, axis, dtype, out)


@lowers("nancumsum")
def nancumsum(a, axis=None, dtype=None, out=None):
    return _cum_like(np.nancumsum, False, a, axis, dtype, out, nan_to=0)


@lowers("nancumprod")
def nancumprod(a, axis=None, dtype=None, out=None):
    return _cum_like(np.nancumprod, True, a, axis, dtype, out, nan_to=1)


# --- mean / var / std ---------------------------------------------------------------

def _moments_setup(np_fn, a, axis, dtype, out, keepdims, where, **extra):
    _no_out(out)
    dt = _dtype_arg(dtype)
    folded = _fold(np_fn, a, axis=axis, dtype=dt, keepdims=keepdims, where=where, **extra)
    if folded:
        return folded, None
    t = _tensor(a)
    # the nan-functions of inexact arrays reduce with np.sum: ufunc axis rules
    ufunc = np_fn in (np.nanmean, np.nanvar, np.nanstd) and _isnan(t) is not None
    ax, kd = _axes(axis, t.shape.rank, ufunc=ufunc), _keepdims(keepdims)
    mask = _mask_of(where, t)
    return None, (t, ax, kd, dt, mask)


def _masked_count(t, ax, kd, mask):
    """NumPy's ``_count_reduce_items``: the reduced size, or the mask's True count."""
    if mask is None:
        return _count(t, ax)
    return tf.reduce_sum(tf.cast(mask, tf.int64), list(ax), keepdims=kd)


def _masked_sum(x, ax, kd, mask):
    if mask is not None:
        x = tf.where(mask, x, tf.zeros([], x.dtype))
    return _sum(x, ax, kd)


def _mean_acc(t, dt):
    """The dtype np.mean / np.var sum in."""
    if dt is not None:
        return dt
    if t.dtype.is_integer or t.dtype == tf.bool:
        return _F64
    return _np_dt(t)


@lowers("mean", method="mean")
def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """``np.mean``: ints in float64; float16 sums in float32; float32 stays float32."""
    folded, st = _moments_setup(np.mean, a, axis, dtype, out, keepdims, where)
    if folded:
        return folded[0]
    t, ax, kd, dt, mask = st
    res = dtypes.eval_dtype(np.mean, t, dtype=dt)
    acc = _mean_acc(t, dt)
    if dt is None and t.dtype == tf.float16:
        acc = np.dtype(np.float32)
    s = _masked_sum(dtypes.convert(t, acc), ax, kd, mask)
    r = dtypes.convert(_div_count(s, _masked_count(t, ax, kd, mask)), res)
    return _check_dtype(r, res, "mean")


def _ddof(ddof, correction):
    if correction is not _NoValue:
        if static_value(ddof, "ddof") != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        ddof = correction
    d = static_value(ddof, "ddof")
    if not isinstance(d, (int, float)) or isinstance(d, bool):
        raise Unsupported("ddof= that is not an int or float")
    return d


def _var(t, ax, kd, dt, mask, ddof):
    """NumPy's ``_methods._var`` step by step (dtypes of each step included)."""
    if dt is not None and dt.kind not in "fc":
        raise Unsupported("var/std with an integer dtype=")
    acc = _mean_acc(t, dt)
    count = _masked_count(t, ax, True, mask)
    arrmean = _div_count(_masked_sum(dtypes.convert(t, acc), ax, True, mask), count)
    xdt = dtypes.result_type(t, arrmean)
    x = dtypes.convert(t, xdt) - dtypes.convert(arrmean, xdt)
    if x.dtype.is_complex:
        re, im = tf.math.real(x), tf.math.imag(x)
        x = re * re + im * im
    else:
        x = tf.logical_and(x, x) if x.dtype == tf.bool else x * x
    x = dtypes.convert(x, dt) if dt is not None else x
    ret = _masked_sum(x, ax, kd, mask)
    count = _masked_count(t, ax, kd, mask)
    rcount = tf.maximum(tf.cast(count, tf.float64) - ddof, 0.0)
    return _div_count(ret, rcount)


@lowers("var", method="var")
def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=_NoValue, correction=_NoValue):
    """``np.var``: complex input gives a real variance; ``ddof`` may be a float."""
    return _var_std(np.var, False, a, axis, dtype, out, ddof, keepdims, where, mean,
                    correction)


@lowers("std", method="std")
def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        mean=_NoValue, correction=_NoValue):
    return _var_std(np.std, True, a, axis, dtype, out, ddof, keepdims, where, mean,
                    correction)


def _var_std(np_fn, is_std, a, axis, dtype, out, ddof, keepdims, where, mean_, correction):
    if mean_ is not _NoValue and mean_ is not None:
        raise Unsupported("mean= on var/std")
    folded, st = _moments_setup(np_fn, a, axis, dtype, out, keepdims, where, ddof=ddof,
                                correction=correction)
    if folded:
        return folded[0]
    t, ax, kd, dt, mask = st
    d = _ddof(ddof, correction)
    res = dtypes.eval_dtype(np_fn, t, dtype=dt)
    r = _var(t, ax, kd, dt, mask, d)
    if is_std:
        r = tf.sqrt(r)
    return _check_dtype(r, res, np_fn.__name__)


@lowers("nanmean")
def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    folded, st = _moments_setup(np.nanmean, a, axis, dtype, out, keepdims, where)
    if folded:
        return folded[0]
    t, ax, kd, dt, mask = st
    if _isnan(t) is None:
        return mean(a, axis, dtype, out, keepdims, where=where)
    if dt is not None and dt.kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    res = dtypes.eval_dtype(np.nanmean, t, dtype=dt)
    nan = _isnan(t)
    keep = tf.logical_not(nan) if mask is None else tf.logical_and(mask, tf.logical_not(nan))
    cnt = tf.reduce_sum(tf.cast(keep, tf.int64), list(ax), keepdims=kd)
    tot = _masked_sum(dtypes.convert(tf.where(nan, tf.zeros_like(t), t), dt or _np_dt(t)),
                      ax, kd, mask)
    return _check_dtype(_div_count(tot, cnt), res, "nanmean")


def _nanvar(t, ax, kd, dt, mask, ddof):
    """NumPy's ``nanvar`` step by step."""
    nan = _isnan(t)
    arr = tf.where(nan, tf.zeros_like(t), t)
    keep = tf.logical_not(nan) if mask is None else tf.logical_and(mask, tf.logical_not(nan))
    cnt = tf.reduce_sum(tf.cast(keep, tf.int64), list(ax), keepdims=True)
    avg = _div_count(_masked_sum(dtypes.convert(arr, dt or _np_dt(t)), ax, True, mask), cnt)
    xdt = dtypes.result_type(arr, avg)
    x = dtypes.convert(dtypes.convert(arr, xdt) - dtypes.convert(avg, xdt), _np_dt(t))
    x = tf.where(nan, tf.zeros_like(x), x)
    if x.dtype.is_complex:
        re, im = tf.math.real(x), tf.math.imag(x)
        sqr = re * re + im * im
    else:
        sqr = x * x
    v = _masked_sum(dtypes.convert(sqr, dt) if dt is not None else sqr, ax, kd, mask)
    if not kd:
        cnt = tf.squeeze(cnt, list(ax)) if ax else cnt
    dof = tf.cast(cnt, tf.float64) - ddof
    v = _div_count(v, dof)
    return tf.where(dof <= 0, _fill(v, complex(np.nan, 0) if v.dtype.is_complex else np.nan), v)


def _nanvar_std(np_fn, plain, is_std, a, axis, dtype, out, ddof, keepdims, where, mean_,
                correction):
    if mean_ is not _NoValue and mean_ is not None:
        raise Unsupported("mean= on nanvar/nanstd")
    folded, st = _moments_setup(np_fn, a, axis, dtype, out, keepdims, where, ddof=ddof,
                                correction=correction)
    if folded:
        return folded[0]
    t, ax, kd, dt, mask = st
    if _isnan(t) is None:
        return plain(a, axis, dtype, out, ddof, keepdims, where=where, correction=correction)
    if dt is not None and dt.kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    d = _ddof(ddof, correction)
    res = dtypes.eval_dtype(np_fn, t, dtype=dt)
    r = _nanvar(t, ax, kd, dt, mask, d)
    if is_std:
        r = tf.sqrt(r)
    return _check_dtype(r, res, np_fn.__name__)


@lowers("nanvar")
def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=_NoValue, correction=_NoValue):
    return _nanvar_std(np.nanvar, var, False, a, axis, dtype, out, ddof, keepdims, where,
                       mean, correction)


@lowers("nanstd")
def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=_NoValue, correction=_NoValue):
    return _nanvar_std(np.nanstd, std, True, a, axis, dtype, out, ddof, keepdims, where,
                       mean, correction)


# --- average ------------------------------------------------------------------------

@lowers("average")
def average(a, axis=None, weights=None, returned=False, *, keepdims=_NoValue):
    """``np.average``: the mean, or ``sum(a * w) / sum(w)`` in at least float64 for ints."""
    folded = _fold(np.average, a, axis=axis, weights=weights, returned=returned,
                   keepdims=keepdims)
    if folded:
        return folded[0]
    if static_value(returned, "returned"):
        raise Unsupported("average(returned=True)")
    t = _tensor(a)
    nd = t.shape.rank
    ax_arg = static_value(axis, "axis")
    if isinstance(ax_arg, list):  # np.average normalises with normalize_axis_tuple
        ax_arg = tuple(ax_arg)
    ax = None if ax_arg is None else _axes(ax_arg, nd, ufunc=False)
    kd = _keepdims(keepdims)
    if weights is None:
        r = mean(t, ax, keepdims=kd)
        # NumPy computes the (unused) scale a.size / avg.size: 0/0 for an empty result
        checks.require(tf.not_equal(tf.size(r), 0), ZeroDivisionError, "division by zero")
        return r
    w = _tensor(weights)
    if w.shape.rank != nd or any(
            p is not None and q is not None and p != q
            for p, q in zip(w.shape.as_list(), t.shape.as_list())):
        if ax is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if w.shape.rank != len(ax) or len(ax) != 1:
            raise Unsupported("average with weights of another shape over several axes")
        k = ax[0]
        n = t.shape[k]
        wn = w.shape[0]
        if n is not None and wn is not None and n != wn:
            raise ValueError("Shape of weights must be consistent with shape of a along "
                             "specified axis.")
        checks.require(tf.equal(tf.shape(w)[0], tf.shape(t)[k]), ValueError,
                       "Shape of weights must be consistent with shape of a along "
                       "specified axis.")
        w = tf.reshape(w, [-1] + [1] * (nd - 1 - k))
    elif not (t.shape.is_fully_defined() and w.shape.is_fully_defined()):
        checks.require(tf.reduce_all(tf.equal(tf.shape(w), tf.shape(t))), ValueError,
                       "Shape of weights must be consistent with shape of a along "
                       "specified axis.")
    if t.dtype.is_integer or t.dtype == tf.bool:
        rdt = np.result_type(_np_dt(t), _np_dt(w), "f8")
    else:
        rdt = np.result_type(_np_dt(t), _np_dt(w))
    if rdt not in dtypes.SUPPORTED:
        raise Unsupported(f"average in {rdt}")
    red = tuple(range(nd)) if ax is None else ax
    wb = tf.broadcast_to(dtypes.convert(w, rdt), tf.shape(t))
    scl = _sum(wb, red, kd)
    checks.require(tf.logical_not(tf.reduce_any(tf.equal(scl, tf.zeros([], scl.dtype)))),
                   ZeroDivisionError, "Weights sum to zero, can't be normalized")
    num = _sum(FUNCTIONS["multiply"](t, w, dtype=rdt), red, kd)
    return FUNCTIONS["true_divide"](num, scl)


# --- median -------------------------------------------------------------------------

def _to_last(t, ax):
    """``t`` with the axes ``ax`` moved to the end and merged: shape (kept..., K)."""
    nd = t.shape.rank
    kept = [i for i in range(nd) if i not in ax]
    x = tf.transpose(t, kept + list(ax)) if list(ax) != list(range(nd - len(ax), nd)) else t
    shape = tf.shape(t, out_type=tf.int64)
    kept_shape = tf.gather(shape, kept) if kept else tf.zeros([0], tf.int64)
    k = _count(t, ax)   # explicit: reshape cannot infer -1 when a kept dim is 0
    k = tf.reshape(tf.cast(k, tf.int64), [1])
    return tf.reshape(x, tf.concat([kept_shape, k], 0)), kept


def _restore_dims(r, ax, kd):
    if kd:
        for a in sorted(ax):
            r = tf.expand_dims(r, a)
    return r


def _sortable(x):
    if x.dtype == tf.bool:
        return tf.cast(x, tf.int8)
    if x.dtype in (tf.uint16, tf.uint8, tf.int8, tf.int16):
        return tf.cast(x, tf.int32)   # XLA sorts no uint16
    if x.dtype.is_complex:
        raise Unsupported("median of complex values")
    return x


def _median_of_sorted(s, lo_i, hi_i, odd, res):
    """NumPy takes ``mean`` of the one or two middle elements: match its dtypes."""
    lo = tf.gather(s, lo_i, batch_dims=s.shape.rank - 1)
    hi = tf.gather(s, hi_i, batch_dims=s.shape.rank - 1)
    acc = np.dtype(np.float32) if res == np.float16 else res
    lo, hi = dtypes.convert(lo, acc), dtypes.convert(hi, acc)
    total = tf.where(odd, lo, lo + hi)
    return dtypes.convert(_div_count(total, tf.where(odd, 1, 2)), res)


def _median_like(np_fn, a, axis, out, keepdims, skip_nan):
    _no_out(out)
    folded = _fold(np_fn, a, axis=axis, keepdims=keepdims)
    if folded:
        return folded[0]
    t = _tensor(a)
    if skip_nan and _isnan(t) is None:
        skip_nan = False
    res = dtypes.eval_dtype(np_fn, t)
    nd = t.shape.rank
    axis = static_value(axis, "axis")
    if isinstance(axis, list):  # np.median normalises with normalize_axis_tuple
        axis = tuple(axis)
    ax, kd = _axes(axis, nd, ufunc=False), _keepdims(keepdims)
    if axis is not None and len(ax) != 1 and len(ax) < nd:
        # NumPy merges the reduced axes with reshape(kept + (-1,)), which fails on an
        # empty array whose kept dims include a 0
        kept = [i for i in range(nd) if i not in ax]
        kept_dims = tf.gather(tf.shape(t), kept)
        checks.require(tf.reduce_all(tf.not_equal(kept_dims, 0)), ValueError,
                       "cannot reshape array of size 0 into shape (..., newaxis)")
    x, _ = _to_last(t, ax)
    nan = _isnan(x)
    if nan is not None:
        # sort NaNs last (TF's sort has no NaN order); they are handled below
        x = tf.where(nan, _fill(x, np.inf), x)
    s = tf.sort(_sortable(x), axis=-1)
    s = dtypes.convert(s, _np_dt(t)) if s.dtype != t.dtype else s
    if skip_nan:
        n = tf.reduce_sum(tf.cast(tf.logical_not(nan), tf.int64), axis=-1)
    else:
        n = tf.fill(tf.shape(s, out_type=tf.int64)[:-1], tf.shape(s, out_type=tf.int64)[-1])
    lo_i = tf.maximum((n - 1) // 2, 0)
    hi_i = tf.maximum(n // 2, 0)
    if s.shape[-1] == 0:
        r = tf.fill(tf.shape(s)[:-1], tf.constant(np.nan, dtypes.to_tf(res)))
    else:
        k = tf.shape(s, out_type=tf.int64)[-1] - 1
        if s.shape[-1] is None:
            # a slice may be empty at run time: pad so that gathering index 0 stays valid
            s = tf.pad(s, [[0, 0]] * (s.shape.rank - 1) + [[0, 1]])
            k = tf.maximum(k, 0)
        r = _median_of_sorted(s, tf.minimum(lo_i, k), tf.minimum(hi_i, k), tf.equal(n % 2, 1),
                              res)
        empty = tf.equal(n, 0)
        if nan is not None and not skip_nan:
            empty = tf.logical_or(empty, tf.reduce_any(nan, axis=-1))
        r = tf.where(empty, _fill(r, np.nan), r)
    r = _check_dtype(_restore_dims(r, ax, kd), res, np_fn.__name__)
    # np.median(x0d, keepdims=True) is a 0-d array, not a scalar (NumPy's _ureduce)
    return arrays.mark_array(r) if kd else r


@lowers("median")
def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """``np.median`` by sorting; a slice with a NaN gives NaN."""
    return _median_like(np.median, a, axis, out, keepdims, skip_nan=False)


@lowers("nanmedian")
def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=_NoValue):
    return _median_like(np.nanmedian, a, axis, out, keepdims, skip_nan=True)
