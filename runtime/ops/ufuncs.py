"""Elementwise ufuncs, table-driven.

One wrapper (:func:`apply`) does what every ufunc shares: normalise operands and
keyword arguments, ask NumPy for the loop dtypes (NEP 50 weak scalars included),
cast, check broadcasting, run the TF kernel, and fold constants. Each ufunc is then
one line in the table :data:`UFUNCS`: ``name: kernel``, where a kernel takes tensors
already cast to the loop dtypes and computes what NumPy's C loop computes.

NumPy computes most float16 loops in float32 and rounds once; :func:`apply` does the
same (kernels never see float16), so multi-op kernels don't round in between.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from .. import arrays, checks, dtypes
from ..registry import Unsupported, lowers
from ..values import Weak, is_static_scalar, is_tensor, static_or_none, weak_kind


def negate(x):
    """Boolean not. Not ``tf.logical_not``: outside XLA, grappler rewrites
    ``logical_not(a < b)`` into ``a >= b``, which is wrong where a or b is NaN."""
    return tf.math.logical_xor(x, tf.constant(True))

def _is_static(x) -> bool:
    return is_static_scalar(x) or isinstance(x, (np.generic, np.ndarray))


# ufunc keyword arguments that change nothing when given their default value
_HARMLESS = {"order": ("K",), "subok": (True,), "signature": (None,)}


def apply(ufunc, kernel, *operands, out=None, where=True, casting="same_kind", dtype=None,
          **kwargs):
    """Run ``kernel`` as NumPy's ``ufunc`` would on ``operands``.

    >>> apply(np.add, UFUNCS["add"], int8_tensor, 1)    # int8 (NEP 50), wraps on overflow
    """
    if len(operands) != ufunc.nin:
        raise TypeError(f"{ufunc.__name__}() takes from {ufunc.nin} to {ufunc.nargs} "
                        f"positional arguments but {len(operands)} were given")
    for k, v in kwargs.items():
        if k not in _HARMLESS or v not in _HARMLESS[k]:
            raise Unsupported(f"{k}= on a ufunc")
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass, not by the ufunc")
    if where is not True:
        raise Unsupported("where= on a ufunc")
    if dtype is not None:
        dtype = arrays.as_dtype(dtype)
    if all(_is_static(x) for x in operands):
        # Constant folding: NumPy computes it, exactly (warnings and errors included).
        extra = {"dtype": dtype} if dtype is not None else {}
        return ufunc(*operands, casting=casting, **extra)
    in_dts, out_dts = resolve(ufunc, operands, casting, dtype)
    tensors = [dtypes.cast(x, d) for x, d in zip(operands, in_dts)]
    _check_broadcast(tensors)
    # NumPy's float16 loops compute in float32 and round once at the end.
    if not getattr(kernel, "native_f16", False):
        tensors = [tf.cast(t, tf.float32) if t.dtype == tf.float16 else t for t in tensors]
    result = kernel(*tensors)
    if ufunc.nout == 1 and any(result is t for t in tensors):
        result = tf.identity(result)  # a new value, not the argument itself (a 0-d input
        # returned as is would pass for that 0-d *array* rather than a NumPy scalar)
    if ufunc.nout == 1:
        return dtypes.convert(result, out_dts[0])
    return tuple(dtypes.convert(r, d) for r, d in zip(result, out_dts))


def resolve(ufunc, operands, casting="same_kind", dtype=None):
    """The loop dtypes ``(in_dtypes, out_dtypes)``; NumPy's own exception if none fits."""
    try:
        if dtype is None:
            return dtypes.ufunc_loop(ufunc, *operands, casting=casting)
        specs = tuple(dtypes.spec(x) for x in operands)
        sig = (None,) * ufunc.nin + (dtype,) * ufunc.nout
        dts = ufunc.resolve_dtypes(specs + (None,) * ufunc.nout, signature=sig,
                                   casting=casting)
        return dts[: ufunc.nin], dts[ufunc.nin:]
    except TypeError:
        _raise_numpy_error(ufunc, operands, casting, dtype)
        raise


def _raise_numpy_error(ufunc, operands, casting, dtype):
    """Call NumPy on tiny operands of the same specs: it raises its exact exception."""
    examples = []
    for x in operands:
        s = dtypes.spec(x)
        examples.append({int: 0, float: 0.0, complex: 0j}[s] if isinstance(s, type)
                        else np.zeros((1,), s))
    extra = {"dtype": dtype} if dtype is not None else {}
    with np.errstate(all="ignore"):
        ufunc(*examples, casting=casting, **extra)


def _check_broadcast(tensors):
    """NumPy's ValueError for operands whose (static) shapes don't broadcast."""
    if len(tensors) < 2:
        return
    shape = tf.TensorShape([])
    for t in tensors:
        try:
            shape = tf.broadcast_static_shape(shape, t.shape)
        except ValueError:
            shapes = " ".join(_shape_str(x.shape) for x in tensors)
            raise ValueError(f"operands could not be broadcast together with shapes "
                             f"{shapes} ") from None


def _shape_str(shape):
    dims = tuple("?" if d is None else d for d in shape.as_list())
    return "(" + ",".join(str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


# --- small helpers ----------------------------------------------------------------

def _const(value, like):
    return tf.constant(value, like.dtype)


def _full_like(t, value):
    return tf.fill(tf.shape(t), tf.constant(value, t.dtype))


def _parts(z):
    return tf.math.real(z), tf.math.imag(z)


def _signbit(x):
    """Sign bit of a float (set for -0.0 and negative NaNs), or ``x < 0`` for ints."""
    if not x.dtype.is_floating:
        return x < 0 if not x.dtype.is_unsigned else tf.zeros_like(x, tf.bool)
    as_int = {2: tf.int16, 4: tf.int32, 8: tf.int64}[x.dtype.size]
    return tf.bitcast(x, as_int) < 0


def _copysign(mag, sign_of):
    return tf.where(_signbit(sign_of), -tf.abs(mag), tf.abs(mag))


def truthy(x):
    if x.dtype == tf.bool:
        return x
    if x.dtype.is_complex:
        re, im = _parts(x)
        return tf.logical_or(tf.not_equal(re, 0), tf.not_equal(im, 0))
    return tf.not_equal(x, tf.zeros([], x.dtype))


def _is_unsigned(x):
    return x.dtype.is_unsigned


def _hypot_real(x, y):
    """C ``hypot``: no intermediate overflow, hypot(inf, nan) == inf."""
    ax, ay = tf.abs(x), tf.abs(y)
    big, small = tf.maximum(ax, ay), tf.minimum(ax, ay)
    safe = tf.where(tf.equal(big, 0), tf.ones_like(big), big)
    ratio = small / safe
    r = big * tf.sqrt(1 + ratio * ratio)
    r = tf.where(tf.equal(big, 0), tf.zeros_like(r), r)
    r = tf.where(tf.logical_or(tf.math.is_nan(x), tf.math.is_nan(y)), _full_like(r, np.nan), r)
    inf = tf.logical_or(tf.math.is_inf(x), tf.math.is_inf(y))
    return tf.where(inf, _full_like(r, np.inf), r)


# --- arithmetic -------------------------------------------------------------------

def _add(x, y):
    return tf.logical_or(x, y) if x.dtype == tf.bool else tf.add(x, y)


def _subtract(x, y):
    return tf.subtract(x, y)


def _multiply(x, y):
    if x.dtype == tf.bool:
        return tf.logical_and(x, y)
    if x.dtype.is_complex:
        return _cmul(x, y)
    return tf.multiply(x, y)


def _cmul(x, y):
    xr, xi = _parts(x)
    yr, yi = _parts(y)
    return tf.complex(xr * yr - xi * yi, xr * yi + xi * yr)


def _true_divide(x, y):
    if x.dtype.is_complex:
        return _cdiv(x, y)
    return tf.math.divide(x, y)


def _cdiv(x, y):
    """NumPy's complex division (Smith's method; 1/(inf+1j) is 0, not NaN)."""
    a, b = _parts(x)
    c, d = _parts(y)
    ac, ad = tf.abs(c), tf.abs(d)
    real_big = ac >= ad
    zero = tf.logical_and(tf.equal(ac, 0), tf.equal(ad, 0))
    # |c| >= |d|
    c1 = tf.where(zero, tf.ones_like(c), c)
    rat1 = d / c1
    scl1 = 1 / (c1 + d * rat1)
    re1, im1 = (a + b * rat1) * scl1, (b - a * rat1) * scl1
    re0, im0 = a / ac, b / ac
    re1, im1 = tf.where(zero, re0, re1), tf.where(zero, im0, im1)
    # |c| < |d|
    d2 = tf.where(real_big, tf.ones_like(d), d)
    rat2 = c / d2
    scl2 = 1 / (d2 + c * rat2)
    re2, im2 = (a * rat2 + b) * scl2, (b * rat2 - a) * scl2
    return tf.complex(tf.where(real_big, re1, re2), tf.where(real_big, im1, im2))


def _int_divisor(y):
    """NumPy gives 0 for integer division by zero; TF errors. Divide by 1 there."""
    return tf.where(tf.equal(y, 0), tf.ones_like(y), y)


def _floor_divide(x, y):
    if x.dtype.is_integer:
        by_zero = tf.equal(y, 0)
        safe = _int_divisor(y)
        if _is_unsigned(x):
            q = tf.math.floordiv(x, safe)
        else:
            # x // -1 is -x (wrapping at the minimum), which C division traps on.
            minus_one = tf.equal(safe, -1)
            q = tf.where(minus_one, -x,
                         tf.math.floordiv(x, tf.where(minus_one, tf.ones_like(safe), safe)))
        return tf.where(by_zero, tf.zeros_like(q), q)
    if x.dtype == tf.bool:
        raise Unsupported("floor_divide on bool")  # NumPy has no bool loop; not reached
    return _float_divmod(x, y)[0]


def _remainder(x, y):
    if x.dtype.is_integer:
        safe = _int_divisor(y)
        if not _is_unsigned(x):
            safe = tf.where(tf.equal(safe, -1), tf.ones_like(safe), safe)  # x % -1 == 0
        r = tf.math.floormod(x, safe)
        return tf.where(tf.equal(y, 0), tf.zeros_like(r), r)
    return _float_divmod(x, y)[1]


def _divmod(x, y):
    if x.dtype.is_integer:
        return _floor_divide(x, y), _remainder(x, y)
    return _float_divmod(x, y)


def _float_divmod(x, y):
    """NumPy's ``npy_divmod``: both results from fmod, so that 1 // 0.1 == 9.0."""
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
    mod = tf.where(by_zero, tf.truncatemod(x, y), mod)  # NaN, as C fmod(x, 0)
    return floordiv, mod


def _fmod(x, y):
    if x.dtype.is_integer:
        safe = _int_divisor(y)
        if not _is_unsigned(x):
            safe = tf.where(tf.equal(safe, -1), tf.ones_like(safe), safe)
        r = x - tf.truncatediv(x, safe) * safe  # TF's TruncateMod lacks small ints
        return tf.where(tf.equal(y, 0), tf.zeros_like(r), r)
    return tf.truncatemod(x, y)


# --- powers -----------------------------------------------------------------------

def _power(x, y):
    if x.dtype.is_integer:
        return _int_power(x, y)
    if x.dtype.is_complex:
        return _cpow(x, y)
    if x.dtype == tf.float16:  # computed in float32 (kept float16 to get here)
        return tf.pow(tf.cast(x, tf.float32), tf.cast(y, tf.float32))
    r = tf.pow(x, y)
    if y.shape.rank == 0:
        # NumPy's float32/64 loop with a scalar exponent computes x ** 0.5 as sqrt(x):
        # (-0.0) ** 0.5 == -0.0 and (-inf) ** 0.5 is NaN there, unlike C's pow
        r = tf.where(tf.equal(y, 0.5), tf.sqrt(x), r)
    return r


_power.native_f16 = True


def _int_power(x, y):
    """Exponentiation by squaring, wrapping on overflow as NumPy's integer power does."""
    if not _is_unsigned(y):
        checks.require(tf.reduce_all(y >= 0), ValueError,
                       "Integers to negative integer powers are not allowed.")
        y = tf.maximum(y, tf.zeros([], y.dtype))
    shape = tf.broadcast_dynamic_shape(tf.shape(x), tf.shape(y))
    base, exp = tf.broadcast_to(x, shape), tf.broadcast_to(y, shape)
    one = tf.ones([], y.dtype)

    def body(r, b, e):
        odd = tf.equal(tf.bitwise.bitwise_and(e, one), one)
        return tf.where(odd, r * b, r), b * b, tf.bitwise.right_shift(e, one)

    result, _, _ = tf.while_loop(
        lambda r, b, e: tf.reduce_any(e > 0), body, (tf.ones_like(base), base, exp),
        maximum_iterations=x.dtype.size * 8)
    return result


def _cpow(x, y):
    """NumPy's complex power: exact repeated multiplication for small integer exponents."""
    xr, xi = _parts(x)
    yr, yi = _parts(y)
    general = tf.exp(y * _clog(x))
    # integer exponents |n| < 100: binary powering, then 1/r for negative n
    int_exp = tf.logical_and(tf.logical_and(tf.equal(yi, 0), tf.equal(yr, tf.round(yr))),
                             tf.abs(yr) < 100)
    n = tf.cast(tf.where(int_exp, tf.abs(yr), tf.zeros_like(yr)), tf.int32)
    shape = tf.broadcast_dynamic_shape(tf.shape(x), tf.shape(y))
    p = tf.broadcast_to(x, shape)
    n = tf.broadcast_to(n, shape)

    def body(acc, p, n):
        acc = tf.where(tf.equal(tf.bitwise.bitwise_and(n, 1), 1), _cmul(acc, p), acc)
        return acc, _cmul(p, p), tf.bitwise.right_shift(n, 1)

    acc, _, _ = tf.while_loop(lambda acc, p, n: tf.reduce_any(n > 0), body,
                              (tf.ones_like(p), p, n), maximum_iterations=7)
    acc = tf.where(yr < 0, _cdiv(tf.ones_like(acc), acc), acc)
    # n == 1, 2, 3 are unrolled in NumPy: x, x*x, x*(x*x)
    xb = tf.broadcast_to(x, shape)
    sq = _cmul(xb, xb)
    acc = tf.where(tf.equal(yr, 1), xb, tf.where(tf.equal(yr, 2), sq,
                                                  tf.where(tf.equal(yr, 3), _cmul(xb, sq), acc)))
    r = tf.where(int_exp, acc, general)
    zero_base = tf.logical_and(tf.equal(xr, 0), tf.equal(xi, 0))
    zero_base_val = tf.where(tf.logical_and(yr > 0, tf.ones_like(yi, tf.bool)),
                             tf.zeros_like(r), _full_like(r, complex(np.nan, np.nan)))
    r = tf.where(zero_base, zero_base_val, r)
    zero_exp = tf.logical_and(tf.equal(yr, 0), tf.equal(yi, 0))
    return tf.where(zero_exp, tf.ones_like(r), r)


def _float_power(x, y):
    return _cpow(x, y) if x.dtype.is_complex else tf.pow(x, y)


# --- comparisons ------------------------------------------------------------------

def _compare(name):
    real = {"equal": tf.equal, "not_equal": tf.not_equal, "less": tf.less,
            "less_equal": tf.less_equal, "greater": tf.greater,
            "greater_equal": tf.greater_equal}[name]

    def kernel(x, y):
        if x.dtype != y.dtype:  # NumPy's exact int64/uint64 loops
            return _mixed_int_compare(name, x, y)
        if x.dtype == tf.bool:
            x, y = tf.cast(x, tf.int8), tf.cast(y, tf.int8)
        if x.dtype.is_complex and name not in ("equal", "not_equal"):
            return _complex_order(name, x, y)
        return real(x, y)
    return kernel


def _complex_order(name, x, y):
    """NumPy orders complex numbers lexicographically (real part, then imaginary)."""
    xr, xi = _parts(x)
    yr, yi = _parts(y)
    no_nan_imag = tf.logical_not(tf.logical_or(tf.math.is_nan(xi), tf.math.is_nan(yi)))
    strict = {"less": tf.less, "less_equal": tf.less, "greater": tf.greater,
              "greater_equal": tf.greater}[name]
    imag_cmp = {"less": tf.less, "less_equal": tf.less_equal, "greater": tf.greater,
                "greater_equal": tf.greater_equal}[name]
    return tf.logical_or(tf.logical_and(strict(xr, yr), no_nan_imag),
                         tf.logical_and(tf.equal(xr, yr), imag_cmp(xi, yi)))


_SWAP = {"less": "greater", "less_equal": "greater_equal", "greater": "less",
         "greater_equal": "less_equal", "equal": "equal", "not_equal": "not_equal"}


def _mixed_int_compare(name, x, y):
    """Exact comparison of a signed and an unsigned 64-bit integer."""
    if x.dtype.is_unsigned:
        return _mixed_int_compare(_SWAP[name], y, x)
    neg = x < 0  # x signed, y unsigned
    xu = tf.cast(tf.where(neg, tf.zeros_like(x), x), y.dtype)
    fn = {"equal": tf.equal, "not_equal": tf.not_equal, "less": tf.less,
          "less_equal": tf.less_equal, "greater": tf.greater,
          "greater_equal": tf.greater_equal}[name]
    when_neg = name in ("not_equal", "less", "less_equal")
    return tf.where(neg, tf.fill(tf.shape(fn(xu, y)), when_neg), fn(xu, y))


def _maximum(largest, ignore_nan):
    """maximum/minimum propagate NaN; fmax/fmin ignore it. Ties (-0.0 and 0.0) give the
    second operand, as NumPy's SIMD loops do, but the first for float16."""
    def kernel(x, y):
        if x.dtype == tf.float16:
            pick_x = x >= y if largest else x <= y
            return tf.where(tf.logical_or(pick_x, tf.math.is_nan(y) if ignore_nan
                                          else tf.math.is_nan(x)), x, y)
        if x.dtype == tf.bool:
            return tf.logical_or(x, y) if largest else tf.logical_and(x, y)
        if x.dtype.is_complex:
            first = _complex_order("greater_equal" if largest else "less_equal", x, y)
            xr, xi = _parts(x)
            yr, yi = _parts(y)
            xnan = tf.logical_or(tf.math.is_nan(xr), tf.math.is_nan(xi))
            ynan = tf.logical_or(tf.math.is_nan(yr), tf.math.is_nan(yi))
            pick_x = tf.logical_or(first, ynan if ignore_nan else xnan)
            return tf.where(pick_x, x, y)
        pick_x = x > y if largest else x < y
        if x.dtype.is_floating:
            pick_x = tf.logical_or(pick_x, tf.math.is_nan(y) if ignore_nan
                                   else tf.math.is_nan(x))
        return tf.where(pick_x, x, y)
    kernel.native_f16 = True  # exact in float16; ties depend on it
    return kernel


# --- logic and bits ---------------------------------------------------------------

def _logical(fn):
    def kernel(*xs):
        return fn(*[truthy(x) for x in xs])
    return kernel


def _bitwise(tf_int, tf_bool):
    def kernel(x, y):
        return tf_bool(x, y) if x.dtype == tf.bool else tf_int(x, y)
    return kernel


def _invert(x):
    return negate(x) if x.dtype == tf.bool else tf.bitwise.invert(x)


def _shift(left):
    def kernel(x, y):
        bits = x.dtype.size * 8
        # a shift by a negative count or >= the bit width is not C's UB in NumPy:
        # left gives 0, right gives the sign fill
        too_far = tf.cast(y, tf.uint64) >= bits
        safe = tf.where(too_far, tf.zeros_like(y), y)
        if left:
            r = tf.bitwise.left_shift(x, safe)
            return tf.where(too_far, tf.zeros_like(r), r)
        r = tf.bitwise.right_shift(x, safe)
        fill = tf.where(x < 0, -tf.ones_like(x), tf.zeros_like(x)) if not _is_unsigned(x) \
            else tf.zeros_like(x)
        return tf.where(too_far, fill, r)
    return kernel


# --- unary arithmetic -------------------------------------------------------------

def _negative(x):
    if _is_unsigned(x):  # TF's Neg has no unsigned kernels: two's complement by hand
        return tf.bitwise.invert(x) + tf.ones([], x.dtype)
    return tf.negative(x)


def _absolute(x):
    if x.dtype == tf.bool or _is_unsigned(x):
        return x
    if x.dtype.is_complex:
        return _hypot_real(*_parts(x))
    return tf.abs(x)


def _sign(x):
    if _is_unsigned(x):
        return tf.cast(x > 0, x.dtype)
    if x.dtype.is_complex:
        return _csign(x)
    if x.dtype.is_integer:
        return tf.sign(x)
    # sign(-0.0) is +0.0 in NumPy (XLA's sign keeps the -0.0), NaN stays NaN
    one = tf.ones_like(x)
    return tf.where(x > 0, one, tf.where(x < 0, -one, tf.where(tf.equal(x, 0),
                                                              tf.zeros_like(x), x)))


def _csign(z):
    """NumPy 2: z / |z|, with the limits for infinite z."""
    re, im = _parts(z)
    mag = _hypot_real(re, im)
    safe = tf.where(tf.logical_or(tf.equal(mag, 0), tf.math.is_inf(mag)), tf.ones_like(mag), mag)
    out_re, out_im = re / safe, im / safe
    zero = tf.zeros_like(re)
    unit = tf.ones_like(re)
    inf_re, inf_im = tf.math.is_inf(re), tf.math.is_inf(im)
    out_re = tf.where(inf_re, tf.where(re > 0, unit, -unit), tf.where(inf_im, zero, out_re))
    out_im = tf.where(inf_im, tf.where(im > 0, unit, -unit), tf.where(inf_re, zero, out_im))
    both = tf.logical_and(inf_re, inf_im)
    nan = tf.logical_or(tf.math.is_nan(mag), both)
    out_re = tf.where(nan, _full_like(re, np.nan), out_re)
    out_im = tf.where(nan, _full_like(im, np.nan), out_im)
    is_zero = tf.equal(mag, 0)
    return tf.complex(tf.where(is_zero, zero, out_re), tf.where(is_zero, zero, out_im))


def _reciprocal(x):
    if x.dtype.is_integer:
        # C's (int)(1.0 / x): 1 and -1 map to themselves, others to 0; 1/0 is inf, which
        # x86 converts to INT_MIN for 32- and 64-bit ints (0 for narrower ones)
        one = tf.equal(x, 1)
        minus_one = tf.equal(x, -1) if not _is_unsigned(x) else tf.zeros_like(x, tf.bool)
        r = tf.where(tf.logical_or(one, minus_one), x, tf.zeros_like(x))
        if not _is_unsigned(x) and x.dtype.size >= 4:
            r = tf.where(tf.equal(x, 0), _full_like(x, x.dtype.min), r)
        return r
    if x.dtype.is_complex:
        re, im = _parts(x)
        small_im = tf.abs(im) <= tf.abs(re)
        safe_re = tf.where(small_im, re, tf.ones_like(re))
        r1 = im / safe_re
        d1 = safe_re + im * r1
        safe_im = tf.where(small_im, tf.ones_like(im), im)
        r2 = re / safe_im
        d2 = re * r2 + safe_im
        return tf.complex(tf.where(small_im, 1 / d1, r2 / d2), tf.where(small_im, -r1 / d1, -1 / d2))
    return 1 / x


def _square(x):
    if x.dtype.is_complex:
        return _cmul(x, x)
    return x * x


def _int_identity(fn):
    def kernel(x):
        return x if (x.dtype.is_integer or x.dtype == tf.bool) else fn(x)
    return kernel


def _trunc(x):
    return tf.where(x < 0, tf.math.ceil(x), tf.floor(x))


def _rint(x):
    if x.dtype.is_complex:
        re, im = _parts(x)
        return tf.complex(tf.math.round(re), tf.math.round(im))  # half to even, as rint
    return tf.math.round(x)


def _conjugate(x):
    return tf.math.conj(x) if x.dtype.is_complex else x


def _isnan(x):
    if x.dtype.is_complex:
        return tf.logical_or(*[tf.math.is_nan(p) for p in _parts(x)])
    if x.dtype.is_floating:
        return tf.math.is_nan(x)
    return tf.zeros(tf.shape(x), tf.bool)


def _isinf(x):
    if x.dtype.is_complex:
        return tf.logical_or(*[tf.math.is_inf(p) for p in _parts(x)])
    if x.dtype.is_floating:
        return tf.math.is_inf(x)
    return tf.zeros(tf.shape(x), tf.bool)


def _isfinite(x):
    if x.dtype.is_complex:
        return tf.logical_and(*[tf.math.is_finite(p) for p in _parts(x)])
    if x.dtype.is_floating:
        return tf.math.is_finite(x)
    return tf.ones(tf.shape(x), tf.bool)


# --- exponentials and logarithms --------------------------------------------------

def _exp(x):
    return _cexp(x) if x.dtype.is_complex else tf.exp(x)


def _cexp(z):
    """C99 cexp, with its special values (exp(-inf + nan j) == 0, ...)."""
    x, y = _parts(z)
    r = tf.exp(x)
    re, im = r * tf.cos(y), r * tf.sin(y)
    real_axis = tf.equal(y, 0)
    re, im = tf.where(real_axis, r, re), tf.where(real_axis, y, im)
    y_bad = tf.logical_not(tf.math.is_finite(y))
    neg_inf = tf.logical_and(tf.math.is_inf(x), x < 0)
    pos_inf = tf.logical_and(tf.math.is_inf(x), x > 0)
    re = tf.where(tf.logical_and(neg_inf, y_bad), tf.zeros_like(re), re)
    zero_im = tf.where(tf.math.is_inf(y), _copysign(tf.zeros_like(y), y), tf.zeros_like(y))
    im = tf.where(tf.logical_and(neg_inf, y_bad), zero_im, im)
    re = tf.where(tf.logical_and(pos_inf, y_bad), r, re)
    return tf.complex(re, im)


def _log(x):
    return _clog(x) if x.dtype.is_complex else tf.math.log(x)


def _clog(z):
    """log|z| + i arg z; atan2 and hypot give C99's special values."""
    x, y = _parts(z)
    mag = _hypot_real(x, y)
    near_one = tf.logical_and(mag > 0.5, mag < 2)
    # log|z| loses all digits when |z| ~ 1: use log1p((x-1)(x+1) + y^2) / 2 there
    fine = 0.5 * tf.math.log1p(tf.where(near_one, (x - 1) * (x + 1) + y * y,
                                        tf.zeros_like(x)))
    re = tf.where(near_one, fine, tf.math.log(mag))
    return tf.complex(re, tf.math.atan2(y, x))


def _sqrt(x):
    return _csqrt(x) if x.dtype.is_complex else tf.sqrt(x)


def _csqrt(z):
    """C99 csqrt: principal root, the sign of a zero imaginary part kept."""
    x, y = _parts(z)
    ax = tf.abs(x)
    # scale to avoid overflow in |x| + |z|
    big = tf.logical_or(ax > x.dtype.max / 4, tf.abs(y) > x.dtype.max / 4)
    s = tf.where(big, _full_like(x, 0.25), tf.ones_like(x))
    t = tf.sqrt((ax * s + _hypot_real(x * s, y * s)) / 2) * tf.where(big, _full_like(x, 2.0),
                                                                      tf.ones_like(x))
    safe_t = tf.where(tf.equal(t, 0), tf.ones_like(t), t)
    pos_re, pos_im = t, y / (2 * safe_t)
    neg_re, neg_im = tf.abs(y) / (2 * safe_t), _copysign(t, y)
    re = tf.where(x >= 0, pos_re, neg_re)
    im = tf.where(x >= 0, pos_im, neg_im)
    zero = tf.equal(t, 0)
    re, im = tf.where(zero, tf.zeros_like(re), re), tf.where(zero, y, im)
    # special values (C99 G.6.4.2)
    inf, nan = _full_like(x, np.inf), _full_like(x, np.nan)
    y_inf = tf.math.is_inf(y)
    x_neg_inf = tf.logical_and(tf.math.is_inf(x), x < 0)
    x_pos_inf = tf.logical_and(tf.math.is_inf(x), x > 0)
    y_nan = tf.math.is_nan(y)
    re = tf.where(x_neg_inf, tf.where(y_nan, nan, tf.zeros_like(x)), re)
    im = tf.where(x_neg_inf, _copysign(inf, y), im)
    re = tf.where(x_pos_inf, inf, re)
    im = tf.where(x_pos_inf, tf.where(y_nan, nan, _copysign(tf.zeros_like(y), y)), im)
    re = tf.where(y_inf, inf, re)
    im = tf.where(y_inf, y, im)
    return tf.complex(re, im)


_LN2 = np.log(2)


def _exp2(x):
    if x.dtype.is_complex:
        re, im = _parts(x)
        return _cexp(tf.complex(re * _LN2, im * _LN2))
    return tf.pow(_const(2, x), x)


def _expm1(x):
    if x.dtype.is_complex:
        re, im = _parts(x)
        a = tf.sin(im / 2)
        return tf.complex(tf.math.expm1(re) * tf.cos(im) - 2 * a * a, tf.exp(re) * tf.sin(im))
    return tf.math.expm1(x)


def _log_base(base):
    inv = 1 / np.log(base)

    def kernel(x):
        if x.dtype.is_complex:
            re, im = _parts(_clog(x))
            return tf.complex(re * inv, im * inv)
        r = tf.math.log(x) * _const(inv, x)
        # exact for exact powers of the base, as C's log2/log10 are
        k = tf.round(r)
        exact = tf.logical_and(tf.math.is_finite(r), tf.equal(tf.pow(_const(base, x), k), x))
        return tf.where(exact, k, r)
    return kernel


def _log1p(x):
    if x.dtype.is_complex:
        re, im = _parts(x)
        return tf.complex(tf.math.log(_hypot_real(re + 1, im)), tf.math.atan2(im, re + 1))
    return tf.math.log1p(x)


def _real_only(fn, name):
    """Complex variants whose special values we don't reproduce: fall back to NumPy."""
    def kernel(x):
        if x.dtype.is_complex:
            raise Unsupported(f"{name} of complex numbers")
        return fn(x)
    return kernel


def _cbrt(x):
    r = tf.sign(x) * tf.pow(tf.abs(x), _const(1 / 3, x))
    # one Newton step, written so that r**3 can't overflow: exact for perfect cubes
    safe = tf.where(tf.equal(r, 0), tf.ones_like(r), r)
    r2 = r - (r - x / (safe * safe)) / 3
    return tf.where(tf.logical_or(tf.equal(x, 0), tf.logical_not(tf.math.is_finite(x))), x, r2)


def _scale(factor):
    return lambda x: x * _const(factor, x)


def _heaviside(x, h0):
    return tf.where(tf.math.is_nan(x), x, tf.where(x < 0, tf.zeros_like(x),
                                                    tf.where(x > 0, tf.ones_like(x), h0)))


def _logaddexp(log, exp, log1p_of_exp):
    def kernel(x, y):
        big, small = tf.maximum(x, y), tf.minimum(x, y)
        r = big + log1p_of_exp(small - big)
        r = tf.where(tf.equal(x, y), x + _const(log(2), x), r)  # also inf == inf
        nan = tf.logical_or(tf.math.is_nan(x), tf.math.is_nan(y))
        return tf.where(nan, x + y, r)
    return kernel


# The table: NumPy name -> kernel on tensors of the loop dtypes.
UFUNCS = {
    "add": _add,
    "subtract": _subtract,
    "multiply": _multiply,
    "true_divide": _true_divide,
    "divide": _true_divide,
    "floor_divide": _floor_divide,
    "remainder": _remainder,
    "mod": _remainder,
    "fmod": _fmod,
    "divmod": _divmod,
    "power": _power,
    "float_power": _float_power,
    "negative": _negative,
    "positive": lambda x: x,
    "absolute": _absolute,
    "abs": _absolute,
    "fabs": tf.abs,
    "sign": _sign,
    "equal": _compare("equal"),
    "not_equal": _compare("not_equal"),
    "less": _compare("less"),
    "less_equal": _compare("less_equal"),
    "greater": _compare("greater"),
    "greater_equal": _compare("greater_equal"),
    "logical_and": _logical(tf.logical_and),
    "logical_or": _logical(tf.logical_or),
    "logical_xor": _logical(tf.math.logical_xor),
    "logical_not": _logical(lambda x: negate(x)),
    "bitwise_and": _bitwise(tf.bitwise.bitwise_and, tf.logical_and),
    "bitwise_or": _bitwise(tf.bitwise.bitwise_or, tf.logical_or),
    "bitwise_xor": _bitwise(tf.bitwise.bitwise_xor, tf.math.logical_xor),
    "invert": _invert,
    "bitwise_not": _invert,
    "bitwise_invert": _invert,
    "left_shift": _shift(True),
    "right_shift": _shift(False),
    "bitwise_left_shift": _shift(True),
    "bitwise_right_shift": _shift(False),
    "maximum": _maximum(True, False),
    "minimum": _maximum(False, False),
    "fmax": _maximum(True, True),
    "fmin": _maximum(False, True),
    "exp": _exp,
    "exp2": _exp2,
    "expm1": _expm1,
    "log": _log,
    "log2": _log_base(2),
    "log10": _log_base(10),
    "log1p": _log1p,
    "logaddexp": _logaddexp(np.log, tf.exp, lambda d: tf.math.log1p(tf.exp(d))),
    "logaddexp2": _logaddexp(np.log2, None,
                             lambda d: tf.math.log1p(tf.pow(_const(2, d), d)) / _const(_LN2, d)),
    "sqrt": _sqrt,
    "cbrt": _cbrt,
    "square": _square,
    "reciprocal": _reciprocal,
    "sin": _real_only(tf.sin, "sin"), "cos": _real_only(tf.cos, "cos"),
    "tan": _real_only(tf.tan, "tan"),
    "arcsin": _real_only(tf.asin, "arcsin"), "arccos": _real_only(tf.acos, "arccos"),
    "arctan": _real_only(tf.atan, "arctan"),
    "sinh": _real_only(tf.sinh, "sinh"), "cosh": _real_only(tf.cosh, "cosh"),
    "tanh": _real_only(tf.tanh, "tanh"),
    "arcsinh": _real_only(tf.asinh, "arcsinh"), "arccosh": _real_only(tf.acosh, "arccosh"),
    "arctanh": _real_only(tf.atanh, "arctanh"),
    "arctan2": tf.math.atan2,
    "hypot": _hypot_real,
    "floor": _int_identity(tf.floor),
    "ceil": _int_identity(tf.math.ceil),
    "trunc": _int_identity(_trunc),
    "rint": _rint,
    "isnan": _isnan,
    "isinf": _isinf,
    "isfinite": _isfinite,
    "signbit": _signbit,
    "copysign": _copysign,
    "heaviside": _heaviside,
    "conjugate": _conjugate,
    "conj": _conjugate,
    "deg2rad": _scale(np.pi / 180),
    "rad2deg": _scale(180 / np.pi),
    "radians": _scale(np.pi / 180),
    "degrees": _scale(180 / np.pi),
}

COMPARISONS = ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal")


def _register(name, kernel):
    ufunc = getattr(np, name)

    if name in COMPARISONS:
        def lowered(x, y, **kwargs):
            return compare(name, x, y, **kwargs)
    else:
        def lowered(*args, **kwargs):
            return apply(ufunc, kernel, *args, **kwargs)

    lowered.__name__ = name
    lowered.__qualname__ = name
    lowered.ufunc = ufunc
    lowers(name)(lowered)
    return lowered


# --- comparisons with Python ints out of the array's range (NEP 50) --------------------

def compare(name, x, y, **kwargs):
    """``np.less(x, y)`` & co. NumPy 2 answers ``int8_arr < 300`` (all True) rather than
    raising OverflowError as arithmetic does; so do we, also for run-time ints."""
    if not kwargs and not (_is_static(x) and _is_static(y)):
        x, y = _strong_tensor(x), _strong_tensor(y)
        for arr, weak, flipped in ((x, y, False), (y, x, True)):
            if weak_kind(weak) is int and is_tensor(arr) and arr.dtype.is_integer:
                op = _SWAP[name] if flipped else name
                return _compare_with_int(op, arr, weak)
    return apply(getattr(np, name), UFUNCS[name], x, y, **kwargs)


def _strong_tensor(x):
    return tf.constant(x) if isinstance(x, (np.ndarray, np.generic)) and \
        x.dtype in dtypes.SUPPORTED else x


def _compare_with_int(name, arr, weak):
    """``arr <op> weak`` for an integer array and a Python int of any value."""
    info = np.iinfo(dtypes.to_np(arr.dtype))
    v = static_or_none(weak)
    if v is not None:
        if info.min <= v <= info.max:
            return UFUNCS[name](arr, tf.constant(v, arr.dtype))
        above = v > info.max  # then arr < v everywhere
        answer = {"less": above, "less_equal": above, "greater": not above,
                  "greater_equal": not above, "equal": False, "not_equal": True}[name]
        return tf.fill(tf.shape(arr), answer)
    w = weak.tensor if isinstance(weak, Weak) else tf.constant(v, tf.int64)
    if arr.dtype == tf.uint64:
        return _mixed_int_compare(_SWAP[name], w, arr)
    return UFUNCS[name](tf.cast(arr, tf.int64), w)


for _name, _kernel in UFUNCS.items():
    if hasattr(np, _name):
        _register(_name, _kernel)
