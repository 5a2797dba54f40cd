"""Elementwise functions that are not ufuncs: ``round``/``around``, ``clip``, 3-argument
``where``, ``real``/``imag``/``angle``, ``isclose``/``allclose``, ``nan_to_num``,
``sinc``, ``heaviside``; ``interp`` falls back.

Where NumPy implements one of these in Python on top of ufuncs (``angle``,
``isclose``, ``sinc``), the lowering follows the same steps through the lowered
ufuncs, so dtypes (NEP 50 included) come out as NumPy's. Calls with only trace-time
constants are folded by NumPy itself.
"""
from __future__ import annotations

import operator

import numpy as np
import tensorflow as tf

from .. import arrays, dtypes
from ..registry import FUNCTIONS, Unsupported, lowers
from ..values import Weak, is_tensor, static_value
from . import ufuncs
from .attributes import imag_attr, real_attr
from .creation import is_static, to_tensor

_NO_VALUE = object()


def _strong(x) -> tf.Tensor:
    """``np.asanyarray(x)``: a tensor (Python scalars take NumPy's default dtypes)."""
    return x if is_tensor(x) else to_tensor(x)


def _no_out(out):
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")


# --- round ----------------------------------------------------------------------------

def _power_of_ten(n: int) -> float:
    """NumPy's ``power_of_ten`` (repeated multiplication, as its C code)."""
    p10 = (1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8)
    if n < 9:
        return p10[n]
    r = 1e9
    for _ in range(n - 9):
        r *= 10.0
    return r


def _round_real(t: tf.Tensor, decimals: int) -> tf.Tensor:
    dt = dtypes.to_np(t.dtype)
    if dt.kind in "iu":
        if decimals >= 0:
            return tf.identity(t)
        f = _power_of_ten(-decimals)
        x = dtypes.convert(t, np.float64)
        y = tf.math.round(x / f) * f
        return dtypes.convert(y, dt)
    if decimals == 0:
        return tf.math.round(t)
    f = tf.constant(_power_of_ten(abs(decimals)), t.dtype)
    if decimals > 0:
        return tf.math.round(t * f) / f
    return tf.math.round(t / f) * f


@lowers("round", "around", method="round")
def round_(a, decimals=0, out=None):
    """``np.round``: half to even; integers round with negative decimals, stay integers."""
    _no_out(out)
    decimals = operator.index(static_value(decimals, "decimals"))
    if is_static(a):
        return np.round(a, decimals)
    t = _strong(a)
    if t.dtype == tf.bool:
        if decimals != 0:
            np.round(np.zeros(1, bool), decimals)  # raises NumPy's own casting error
        return FUNCTIONS["rint"](t)
    if t.dtype.is_complex:
        return tf.complex(_round_real(tf.math.real(t), decimals),
                          _round_real(tf.math.imag(t), decimals))
    return _round_real(t, decimals)


# --- clip -------------------------------------------------------------------------------

def _clip_kernel(x, lo, hi):
    """``min(max(x, lo), hi)`` as NumPy's clip loop: NaN in x or a bound propagates;
    x is kept when it equals a bound (so -0.0 stays -0.0)."""
    if x.dtype == tf.bool:
        r = _clip_kernel(tf.cast(x, tf.int8), tf.cast(lo, tf.int8), tf.cast(hi, tf.int8))
        return tf.cast(r, tf.bool)
    if x.dtype.is_floating:
        m = tf.where(tf.logical_or(x >= lo, tf.math.is_nan(x)), x, lo)
        return tf.where(tf.logical_or(m <= hi, tf.math.is_nan(m)), m, hi)
    m = tf.where(x >= lo, x, lo)
    return tf.where(m <= hi, m, hi)


def _int_bound(b, dt: np.dtype, lower: bool):
    """NumPy drops a Python-int bound beyond the array's integer range (NEP 50)."""
    info = np.iinfo(dt)
    if type(b) is int:
        if (lower and b <= info.min) or (not lower and b >= info.max):
            return None
        return b
    if isinstance(b, Weak) and b.kind is int:
        t = b.tensor
        if lower:
            return Weak(tf.maximum(t, max(info.min, -2**63)), int, b.sources)
        return Weak(tf.minimum(t, min(info.max, 2**63 - 1)), int, b.sources)
    return b


def clip_impl(a, lo, hi, kwargs):
    if kwargs:
        raise Unsupported(f"clip with {', '.join(kwargs)}")
    if is_static(a) and is_static(lo) and is_static(hi):
        return np.clip(a, lo, hi)
    t = _strong(a)
    dt = dtypes.to_np(t.dtype)
    if dt.kind == "c":
        raise Unsupported("clip of complex values (lexicographic order)")
    if dt.kind in "iu":
        lo, hi = _int_bound(lo, dt, True), _int_bound(hi, dt, False)
    if lo is None and hi is None:
        return FUNCTIONS["positive"](t)
    if lo is None:
        return FUNCTIONS["minimum"](t, hi)
    if hi is None:
        return FUNCTIONS["maximum"](t, lo)
    return ufuncs.apply(np._core.umath.clip, _clip_kernel, t, lo, hi)


@lowers("clip")
def clip(a, a_min=_NO_VALUE, a_max=_NO_VALUE, out=None, *, min=_NO_VALUE, max=_NO_VALUE,
         **kwargs):
    """``np.clip(int8_arr, 0, 100)`` stays int8 (weak bounds); NaN propagates."""
    _no_out(out)
    if a_min is _NO_VALUE and a_max is _NO_VALUE:
        a_min = None if min is _NO_VALUE else min
        a_max = None if max is _NO_VALUE else max
    elif a_min is _NO_VALUE:
        raise TypeError("clip() missing 1 required positional argument: 'a_min'")
    elif a_max is _NO_VALUE:
        raise TypeError("clip() missing 1 required positional argument: 'a_max'")
    elif min is not _NO_VALUE or max is not _NO_VALUE:
        raise ValueError("Passing `min` or `max` keyword argument when `a_min` and `a_max` "
                         "are provided is forbidden.")
    return clip_impl(a, a_min, a_max, kwargs)


@lowers(method="clip")
def clip_method(a, min=None, max=None, out=None, **kwargs):
    _no_out(out)
    return clip_impl(a, min, max, kwargs)


# --- where --------------------------------------------------------------------------------

def _where_operand(x, dt: np.dtype) -> tf.Tensor:
    # np.where converts weak Python scalars with a plain (wrapping) cast: where(c, i8, 500)
    if isinstance(x, (bool, int, float, complex)):
        return tf.constant(np.array(x).astype(dt))
    if isinstance(x, Weak):
        return dtypes.cast(x, dt, check_weak=False)
    if is_tensor(x):
        return dtypes.convert(x, dt)
    return dtypes.convert(to_tensor(x), dt)


@lowers("where")
def where(condition, x=_NO_VALUE, y=_NO_VALUE):
    """``np.where(c, x, y)`` (NEP 50 promotion); ``np.where(c)`` is ``np.nonzero(c)``."""
    if x is _NO_VALUE and y is _NO_VALUE:
        if "nonzero" not in FUNCTIONS:
            raise Unsupported("np.where(condition) needs np.nonzero")
        return FUNCTIONS["nonzero"](condition)
    if x is _NO_VALUE or y is _NO_VALUE:
        raise ValueError("either both or neither of x and y should be given")
    if is_static(condition) and is_static(x) and is_static(y):
        return np.where(condition, x, y)
    dt = dtypes.eval_dtype(np.where, condition, x, y)
    if dt not in dtypes.SUPPORTED:
        raise Unsupported(f"where with result dtype {dt}")
    c = dtypes.convert(_strong(condition), np.bool_)
    out = tf.where(c, _where_operand(x, dt), _where_operand(y, dt))
    return arrays.mark_array(out) if out.shape.rank == 0 else out


# --- complex parts ---------------------------------------------------------------------

@lowers("real")
def real(val):
    if is_static(val):
        return np.real(val)
    if is_tensor(val) or isinstance(val, Weak):
        return real_attr(val)
    return real_attr(to_tensor(val))


@lowers("imag")
def imag(val):
    if is_static(val):
        return np.imag(val)
    if is_tensor(val) or isinstance(val, Weak):
        return imag_attr(val)
    return imag_attr(to_tensor(val))


@lowers(method=("conj", "conjugate"))
def conj_method(a):
    """``a.conj()``: the ufunc for complex arrays; other arrays are returned as they are
    (so a bool array stays bool and a 0-d array stays an array)."""
    if is_tensor(a) and not a.dtype.is_complex:
        return a
    return FUNCTIONS["conjugate"](a)


@lowers("angle")
def angle(z, deg=False):
    deg = static_value(deg, "deg")
    if is_static(z):
        return np.angle(z, deg=deg)
    z = _strong(z)
    if z.dtype.is_complex:
        a = FUNCTIONS["arctan2"](tf.math.imag(z), tf.math.real(z))
    else:
        a = FUNCTIONS["arctan2"](0, z)
    if deg:
        a = FUNCTIONS["multiply"](a, 180 / np.pi)
    return a


# --- isclose / allclose ----------------------------------------------------------------

def _abs(v):
    if isinstance(v, Weak):
        kind = float if v.kind is complex else (int if v.kind is bool else v.kind)
        return Weak(tf.abs(v.tensor) if v.kind is not bool else tf.cast(v.tensor, tf.int64),
                    kind, v.sources)
    return FUNCTIONS["absolute"](v)


def _arith(name, a, b):
    from .. import operators
    return getattr(operators, name)(a, b)


@lowers("isclose")
def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """NumPy's formula, step for step: ``|a-b| <= atol + rtol*|b|`` with ``b`` inexact."""
    equal_nan = static_value(equal_nan, "equal_nan")
    if all(is_static(v) for v in (a, b, rtol, atol)):
        return np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    # NumPy keeps Python numbers as they are and makes everything else an array
    x, y, atol, rtol = (v if isinstance(v, (int, float, complex, Weak)) else _strong(v)
                        for v in (a, b, atol, rtol))
    if is_tensor(y):
        y = dtypes.convert(y, dtypes.result_type(y, 1.0))
    elif isinstance(y, Weak) and y.kind in (int, bool):
        y = Weak(tf.cast(y.tensor, tf.float64), float, y.sources)
    elif isinstance(y, int):
        y = float(y)
    diff = _abs(_arith("sub", x, y))
    bound = _arith("add", atol, _arith("mul", rtol, _abs(y)))
    result = FUNCTIONS["bitwise_or"](
        FUNCTIONS["bitwise_and"](FUNCTIONS["less_equal"](diff, bound), FUNCTIONS["isfinite"](y)),
        FUNCTIONS["equal"](x, y))
    if equal_nan:
        result = FUNCTIONS["bitwise_or"](
            result, FUNCTIONS["bitwise_and"](FUNCTIONS["isnan"](x), FUNCTIONS["isnan"](y)))
    return result


@lowers("allclose")
def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """A Python bool (known at run time unless every operand is a constant)."""
    r = isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if not is_tensor(r):
        return bool(np.all(r))
    return Weak(tf.reduce_all(r), bool)


# --- nan_to_num / sinc / heaviside ----------------------------------------------------

def _replacement(v, dt: np.dtype) -> tf.Tensor:
    if isinstance(v, (bool, int, float)):
        with np.errstate(over="ignore"):
            return tf.constant(np.array(v).astype(dt))
    return dtypes.cast(v, dt, check_weak=False)


@lowers("nan_to_num")
def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    copy = static_value(copy, "copy")
    if all(is_static(v) for v in (x, nan, posinf, neginf)):
        return np.nan_to_num(x, copy=True, nan=nan, posinf=posinf, neginf=neginf)
    t = to_tensor(x)
    if not (t.dtype.is_floating or t.dtype.is_complex):
        return tf.identity(t)
    if copy is False and is_tensor(x):
        raise Unsupported("nan_to_num(copy=False) writes into its argument")
    part_dt = dtypes.to_np(t.dtype.real_dtype)
    info = np.finfo(part_dt)
    rep_nan = _replacement(nan, part_dt)
    rep_pos = _replacement(info.max if posinf is None else posinf, part_dt)
    rep_neg = _replacement(info.min if neginf is None else neginf, part_dt)

    def fix(d):
        d = tf.where(tf.math.is_nan(d), rep_nan, d)
        d = tf.where(tf.equal(d, np.inf), rep_pos, d)
        return tf.where(tf.equal(d, -np.inf), rep_neg, d)

    if t.dtype.is_complex:
        return tf.complex(fix(tf.math.real(t)), fix(tf.math.imag(t)))
    return fix(t)


@lowers("sinc")
def sinc(x):
    if is_static(x):
        return np.sinc(x)
    x = FUNCTIONS["multiply"](np.pi, _strong(x))
    dt = dtypes.to_np(x.dtype)
    eps = float(np.finfo(dt).eps) if dt.kind == "f" else 1e-20
    y = where(x, x, eps)
    return FUNCTIONS["true_divide"](FUNCTIONS["sin"](y), y)


def _heaviside(x1, x2):
    nan = tf.math.is_nan(x1)
    r = tf.where(tf.equal(x1, 0), x2, tf.where(x1 < 0, tf.zeros_like(x1), tf.ones_like(x1)))
    return tf.where(nan, x1, r)


@lowers("heaviside")
def heaviside(x1, x2, **kwargs):
    return ufuncs.apply(np.heaviside, _heaviside, x1, x2, **kwargs)


@lowers("interp")
def interp(*args, **kwargs):
    raise Unsupported("np.interp is not lowered")
