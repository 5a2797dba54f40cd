"""Elementwise ufuncs, table-driven.

One wrapper (:func:`apply`) does what every ufunc shares: normalise operands, ask
NumPy for the loop dtypes (NEP 50 weak scalars included), cast, broadcast, run the
TF kernel, and fold constants. Each ufunc is then one line in the table at the end:
``name: kernel``, where a kernel takes tensors already cast to the loop dtypes.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from .. import checks, dtypes
from ..registry import Unsupported, lowers
from ..values import Weak, is_static_scalar, is_tensor, static_or_none, weak_kind


def _is_static(x) -> bool:
    return is_static_scalar(x) or isinstance(x, (np.generic, np.ndarray))


def apply(ufunc, kernel, *operands, dtype=None, out=None, where=True, casting="same_kind"):
    """Run ``kernel`` as NumPy's ``ufunc`` would on ``operands``."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass, not by the ufunc")
    if where is not True:
        raise Unsupported("where= on a ufunc")
    if all(_is_static(x) for x in operands):
        # Constant folding: NumPy computes it, exactly.
        return ufunc(*operands, **({"dtype": dtype} if dtype is not None else {}))
    if dtype is not None:
        sig = (None,) * ufunc.nin + (np.dtype(_dtype_arg(dtype)),) * ufunc.nout
        specs = tuple(dtypes.spec(x) for x in operands)
        dts = ufunc.resolve_dtypes(specs + (None,) * ufunc.nout, signature=sig,
                                   casting=casting)
        in_dts, out_dts = dts[: ufunc.nin], dts[ufunc.nin:]
    else:
        in_dts, out_dts = dtypes.ufunc_loop(ufunc, *operands, casting=casting)
    tensors = [dtypes.cast(x, d) for x, d in zip(operands, in_dts)]
    result = kernel(*tensors)
    if ufunc.nout == 1:
        return dtypes.convert(result, out_dts[0])
    return tuple(dtypes.convert(r, d) for r, d in zip(result, out_dts))


def _dtype_arg(d):
    return getattr(d, "dtype", d)


def _zero(t):
    return tf.zeros([], t.dtype)


# --- kernels that need more than one TF op to match NumPy --------------------------

def _add(x, y):
    return tf.logical_or(x, y) if x.dtype == tf.bool else tf.add(x, y)


def _multiply(x, y):
    return tf.logical_and(x, y) if x.dtype == tf.bool else tf.multiply(x, y)


def _int_divisor(y):
    """NumPy gives 0 for integer division by zero; TF errors. Divide by 1 there."""
    return tf.where(tf.equal(y, 0), tf.ones_like(y), y)


def _floor_divide(x, y):
    if x.dtype.is_integer:
        safe = _int_divisor(y)
        if x.dtype.is_unsigned:
            q = tf.math.floordiv(x, safe)
        else:
            # x // -1 is -x (wrapping at the minimum), which C division traps on.
            minus_one = tf.equal(safe, -1)
            q = tf.where(minus_one, -x, tf.math.floordiv(x, tf.where(minus_one,
                                                                       tf.ones_like(safe), safe)))
        return tf.where(tf.equal(y, 0), tf.zeros_like(q), q)
    return _float_divmod(x, y)[0]


def _remainder(x, y):
    if x.dtype.is_integer:
        safe = _int_divisor(y)
        if not x.dtype.is_unsigned:
            safe = tf.where(tf.equal(safe, -1), tf.ones_like(safe), safe)  # x % -1 == 0
        r = tf.math.floormod(x, safe)
        return tf.where(tf.equal(y, 0), tf.zeros_like(r), r)
    return _float_divmod(x, y)[1]


def _float_divmod(x, y):
    # NumPy's npy_divmod: derive both from fmod so that x == q*y + r holds as in C.
    mod = _fmod(x, y)
    div = (x - mod) / y
    adjust = tf.logical_and(tf.not_equal(mod, 0), tf.not_equal(y < 0, mod < 0))
    mod = tf.where(adjust, mod + y, mod)
    div = tf.where(adjust, div - 1, div)
    # a zero remainder takes the sign of y
    mod = tf.where(tf.equal(mod, 0), _copysign(tf.zeros_like(mod), y), mod)
    floordiv = tf.math.floor(div)
    floordiv = tf.where(div - floordiv > 0.5, floordiv + 1, floordiv)
    # a zero quotient takes the sign of x / y
    floordiv = tf.where(tf.equal(div, 0), _copysign(tf.zeros_like(div), x / y), floordiv)
    by_zero = tf.equal(y, 0)
    floordiv = tf.where(by_zero, x / y, floordiv)
    mod = tf.where(by_zero, tf.fill(tf.shape(mod), tf.constant(np.nan, mod.dtype)), mod)
    return floordiv, mod


def _fmod(x, y):
    if x.dtype.is_integer:
        safe = _int_divisor(y)
        r = tf.math.truncatemod(x, tf.where(tf.equal(safe, -1), tf.ones_like(safe), safe))
        return tf.where(tf.equal(y, 0), tf.zeros_like(r), r)
    return tf.math.truncatemod(x, y)


def _copysign(mag, sign_of):
    neg = tf.math.logical_or(sign_of < 0, tf.logical_and(tf.equal(sign_of, 0),
                                                         _signbit(sign_of)))
    return tf.where(neg, -tf.abs(mag), tf.abs(mag))


def _signbit(x):
    if x.dtype.is_integer:
        return x < 0
    # -0.0 has its sign bit set: 1/-0.0 == -inf
    return tf.logical_or(x < 0, tf.logical_and(tf.equal(x, 0), (1 / x) < 0))


def _power(x, y):
    if x.dtype.is_integer:
        if not y.dtype.is_unsigned:
            checks.require(tf.reduce_all(y >= 0), ValueError,
                           "Integers to negative integer powers are not allowed.")
        wide = tf.int64 if not x.dtype.is_unsigned else tf.uint64
        if wide == tf.uint64:
            return tf.cast(_int_pow(tf.cast(x, tf.int64), tf.cast(y, tf.int64)), x.dtype)
        return tf.cast(_int_pow(tf.cast(x, wide), tf.cast(tf.maximum(y, 0), wide)), x.dtype)
    if x.dtype == tf.bool:
        return tf.logical_or(x, tf.logical_not(y))
    return tf.pow(x, y)


def _int_pow(base, exp):
    """Exponentiation by squaring, wrapping on overflow as NumPy's integer power does."""
    base, exp = tf.broadcast_to(base, tf.broadcast_dynamic_shape(tf.shape(base), tf.shape(exp))), \
        tf.broadcast_to(exp, tf.broadcast_dynamic_shape(tf.shape(base), tf.shape(exp)))
    result = tf.ones_like(base)

    def body(r, b, e):
        r = tf.where(tf.equal(e % 2, 1), r * b, r)
        return r, b * b, e // 2

    result, _, _ = tf.while_loop(lambda r, b, e: tf.reduce_any(e > 0), body,
                                 (result, base, exp))
    return result


def _shift(x, y, left):
    bits = x.dtype.size * 8
    ycast = tf.cast(y, x.dtype)
    too_far = tf.logical_or(y < 0, tf.cast(y, tf.int64) >= bits) if not y.dtype.is_unsigned \
        else tf.cast(y, tf.uint64) >= bits
    safe = tf.where(too_far, tf.zeros_like(ycast), ycast)
    if left:
        r = tf.bitwise.left_shift(x, safe)
        return tf.where(too_far, tf.zeros_like(r), r)
    r = tf.bitwise.right_shift(x, safe)
    fill = tf.where(x < 0, -tf.ones_like(x), tf.zeros_like(x)) if not x.dtype.is_unsigned \
        else tf.zeros_like(x)
    return tf.where(too_far, fill, r)


def _as_comparable(x):
    return tf.cast(x, tf.int8) if x.dtype == tf.bool else x


def _compare(fn):
    def kernel(x, y):
        return fn(_as_comparable(x), _as_comparable(y))
    return kernel


def _nan_maximum(fn):
    def kernel(x, y):
        if x.dtype == tf.bool:
            return tf.logical_or(x, y) if fn is tf.maximum else tf.logical_and(x, y)
        r = fn(x, y)
        if x.dtype.is_floating or x.dtype.is_complex:
            r = tf.where(tf.math.is_nan(x), x, tf.where(tf.math.is_nan(y), y, r))
        return r
    return kernel


def _nan_ignoring(fn):
    def kernel(x, y):
        if x.dtype == tf.bool:
            return tf.logical_or(x, y) if fn is tf.maximum else tf.logical_and(x, y)
        r = fn(x, y)
        if x.dtype.is_floating:
            r = tf.where(tf.math.is_nan(x), y, tf.where(tf.math.is_nan(y), x, r))
        return r
    return kernel


def _bitwise(tf_int, tf_bool):
    def kernel(x, y):
        return tf_bool(x, y) if x.dtype == tf.bool else tf_int(x, y)
    return kernel


def _invert(x):
    return tf.logical_not(x) if x.dtype == tf.bool else tf.bitwise.invert(x)


def _negative(x):
    return tf.negative(x)


def _absolute(x):
    return tf.abs(x)


def _sign(x):
    if x.dtype.is_complex:
        mag = tf.cast(tf.abs(x), x.dtype)
        return tf.where(tf.equal(mag, 0), tf.zeros_like(x), x / tf.where(tf.equal(mag, 0),
                                                                         tf.ones_like(mag), mag))
    return tf.sign(x)


def _int_identity(fn):
    def kernel(x):
        return x if (x.dtype.is_integer or x.dtype == tf.bool) else fn(x)
    return kernel


def _cbrt(x):
    r = tf.sign(x) * tf.pow(tf.abs(x), tf.constant(1 / 3, x.dtype))
    # Newton step: exact for perfect cubes, as C's cbrt
    r2 = r - (r * r * r - x) / (3 * r * r)
    return tf.where(tf.logical_or(tf.equal(r, 0), tf.logical_not(tf.math.is_finite(r))), r, r2)


def _isnan(x):
    return tf.math.is_nan(x) if x.dtype.is_floating else (
        tf.logical_or(tf.math.is_nan(tf.math.real(x)), tf.math.is_nan(tf.math.imag(x)))
        if x.dtype.is_complex else tf.zeros(tf.shape(x), tf.bool))


def _isinf(x):
    return tf.math.is_inf(x) if x.dtype.is_floating else (
        tf.logical_or(tf.math.is_inf(tf.math.real(x)), tf.math.is_inf(tf.math.imag(x)))
        if x.dtype.is_complex else tf.zeros(tf.shape(x), tf.bool))


def _isfinite(x):
    return tf.math.is_finite(x) if x.dtype.is_floating else (
        tf.logical_and(tf.math.is_finite(tf.math.real(x)), tf.math.is_finite(tf.math.imag(x)))
        if x.dtype.is_complex else tf.ones(tf.shape(x), tf.bool))


def _reciprocal(x):
    if x.dtype.is_integer:
        # C integer 1/x: 1 for 1, -1 for -1, 0 otherwise (0 for 0 too, with NumPy's warning)
        return tf.where(tf.equal(x, 1), x, tf.where(tf.equal(x, -1) if not x.dtype.is_unsigned
                                                    else tf.zeros_like(x, tf.bool),
                                                    x, tf.zeros_like(x)))
    return tf.math.reciprocal(x)


def _logical(fn):
    return lambda *xs: fn(*xs)


def _square(x):
    return tf.logical_and(x, x) if x.dtype == tf.bool else tf.square(x) if not x.dtype.is_integer \
        else x * x


def _arctan2(y, x):
    return tf.math.atan2(y, x)


def _rint(x):
    return tf.math.round(x) if not x.dtype.is_integer else x  # TF rounds half to even


def _conjugate(x):
    return tf.math.conj(x) if x.dtype.is_complex else x


def _hypot(x, y):
    ax, ay = tf.abs(x), tf.abs(y)
    big, small = tf.maximum(ax, ay), tf.minimum(ax, ay)
    ratio = tf.where(tf.equal(big, 0), tf.zeros_like(big), small / tf.where(
        tf.equal(big, 0), tf.ones_like(big), big))
    r = big * tf.sqrt(1 + ratio * ratio)
    inf = tf.logical_or(tf.math.is_inf(x), tf.math.is_inf(y))
    return tf.where(inf, tf.fill(tf.shape(r), tf.constant(np.inf, r.dtype)), r)


def _true_divide(x, y):
    return tf.math.divide(x, y)


def _expm1(x):
    return tf.math.expm1(x)


# The table: NumPy name -> kernel on tensors of the loop dtypes.
UFUNCS = {
    "add": _add,
    "subtract": tf.subtract,
    "multiply": _multiply,
    "true_divide": _true_divide,
    "divide": _true_divide,
    "floor_divide": _floor_divide,
    "remainder": _remainder,
    "mod": _remainder,
    "fmod": _fmod,
    "power": _power,
    "float_power": tf.pow,
    "negative": _negative,
    "positive": lambda x: x,
    "absolute": _absolute,
    "abs": _absolute,
    "fabs": _absolute,
    "sign": _sign,
    "equal": _compare(tf.equal),
    "not_equal": _compare(tf.not_equal),
    "less": _compare(tf.less),
    "less_equal": _compare(tf.less_equal),
    "greater": _compare(tf.greater),
    "greater_equal": _compare(tf.greater_equal),
    "logical_and": tf.logical_and,
    "logical_or": tf.logical_or,
    "logical_xor": tf.math.logical_xor,
    "logical_not": tf.logical_not,
    "bitwise_and": _bitwise(tf.bitwise.bitwise_and, tf.logical_and),
    "bitwise_or": _bitwise(tf.bitwise.bitwise_or, tf.logical_or),
    "bitwise_xor": _bitwise(tf.bitwise.bitwise_xor, tf.math.logical_xor),
    "invert": _invert,
    "bitwise_not": _invert,
    "bitwise_invert": _invert,
    "left_shift": lambda x, y: _shift(x, y, True),
    "right_shift": lambda x, y: _shift(x, y, False),
    "maximum": _nan_maximum(tf.maximum),
    "minimum": _nan_maximum(tf.minimum),
    "fmax": _nan_ignoring(tf.maximum),
    "fmin": _nan_ignoring(tf.minimum),
    "exp": tf.exp,
    "exp2": lambda x: tf.pow(tf.constant(2, x.dtype), x),
    "expm1": _expm1,
    "log": tf.math.log,
    "log2": lambda x: tf.math.log(x) / tf.constant(np.log(2), x.dtype),
    "log10": lambda x: tf.math.log(x) / tf.constant(np.log(10), x.dtype),
    "log1p": tf.math.log1p,
    "sqrt": tf.sqrt,
    "cbrt": _cbrt,
    "square": _square,
    "reciprocal": _reciprocal,
    "sin": tf.sin, "cos": tf.cos, "tan": tf.tan,
    "arcsin": tf.asin, "arccos": tf.acos, "arctan": tf.atan,
    "sinh": tf.sinh, "cosh": tf.cosh, "tanh": tf.tanh,
    "arcsinh": tf.asinh, "arccosh": tf.acosh, "arctanh": tf.atanh,
    "arctan2": _arctan2,
    "hypot": _hypot,
    "floor": _int_identity(tf.floor),
    "ceil": _int_identity(tf.math.ceil),
    "trunc": _int_identity(lambda x: tf.where(x < 0, tf.math.ceil(x), tf.floor(x))),
    "rint": _rint,
    "isnan": _isnan,
    "isinf": _isinf,
    "isfinite": _isfinite,
    "signbit": _signbit,
    "conjugate": _conjugate,
    "conj": _conjugate,
    "deg2rad": lambda x: x * tf.constant(np.pi / 180, x.dtype),
    "rad2deg": lambda x: x * tf.constant(180 / np.pi, x.dtype),
    "radians": lambda x: x * tf.constant(np.pi / 180, x.dtype),
    "degrees": lambda x: x * tf.constant(180 / np.pi, x.dtype),
    "copysign": lambda x, y: _copysign(x, y),
}


def _register(name, kernel):
    ufunc = getattr(np, name)

    def lowered(*args, **kwargs):
        return apply(ufunc, kernel, *args, **kwargs)

    lowered.__name__ = name
    lowered.__qualname__ = name
    lowered.ufunc = ufunc
    lowers(name)(lowered)
    return lowered


for _name, _kernel in UFUNCS.items():
    if hasattr(np, _name):
        _register(_name, _kernel)


# --- comparisons with out-of-range Python ints (NEP 50): answer, never overflow -----

def compare_weak_int(name, x, y):
    """``int8_arr < 300`` is all True in NumPy 2; compute such comparisons exactly."""
    return lowered_compare(name, x, y)


def lowered_compare(name, x, y):
    ufunc = getattr(np, name)
    kernel = UFUNCS[name]
    for arr, weak in ((x, y), (y, x)):
        if weak_kind(weak) is int and is_tensor(arr) and arr.dtype.is_integer:
            info = np.iinfo(dtypes.to_np(arr.dtype))
            v = static_or_none(weak)
            if v is not None and info.min <= v <= info.max:
                break  # fits: the ordinary path
            wide = tf.int64 if not arr.dtype == tf.uint64 else None
            if wide is None:
                raise Unsupported("comparison of a uint64 array with an out-of-range int")
            a64 = tf.cast(arr, tf.int64)
            w64 = weak.tensor if isinstance(weak, Weak) else tf.constant(v, tf.int64)
            pair = (a64, w64) if arr is x else (w64, a64)
            return kernel(*pair)
    return apply(ufunc, kernel, x, y)


for _name in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
    lowers(_name)(lambda x, y, _n=_name, **kw: lowered_compare(_n, x, y) if not kw
                  else apply(getattr(np, _n), UFUNCS[_n], x, y, **kw))


@lowers("divmod")
def divmod_(x, y):
    from ..registry import FUNCTIONS
    return FUNCTIONS["floor_divide"](x, y), FUNCTIONS["remainder"](x, y)
