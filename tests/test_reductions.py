"""Reductions against NumPy: sum, mean, max, argmax, any, cumsum, median... and nan-twins.

Every check runs the same NumPy function under NumPy and under np2tf (``assert_same``)
and, unless a case is meant to fall back, also asserts that the call was lowered
(no fallback node) and compiled with XLA.
"""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.exceptions import AxisError

from .diff import ALL_DTYPES, assert_same_lowered, int_sample

ALL = ALL_DTYPES
NUMERIC = [d for d in ALL if d is not np.bool_]
REAL = [d for d in ALL if np.dtype(d).kind != "c"]
INEXACT = [np.float16, np.float32, np.float64, np.complex64, np.complex128]


same = assert_same_lowered  # lowered, and XLA unless told otherwise


def data(shape, dtype, seed=0, nans=0):
    """Small well-conditioned values (sums/products stay exact enough); ``nans`` NaNs."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    ints = int_sample(rng, shape, dt)
    if ints is not None:
        return ints
    x = np.round(rng.uniform(-1.5, 1.5, shape), 2)
    if dt.kind == "c":
        x = x + 1j * np.round(rng.uniform(-1.5, 1.5, shape), 2)
    x = np.asarray(x).astype(dt)
    if nans and x.size:
        flat = x.reshape(-1)
        flat[rng.choice(x.size, min(nans, x.size), replace=False)] = np.nan
    return x


# (shape, axis, keepdims): every dtype meets MAIN; a few dtypes meet the EDGES
MAIN = [((2, 3, 4), 1, True), ((2, 3, 4), (0, 2), False), ((0, 3), None, False)]
EDGES = [((2, 3, 4), None, False), ((2, 3, 4), -1, False), ((2, 3, 4), (), True),
         ((0, 3), 1, True), ((), None, False), ((5,), 0, True)]
SOME = [np.bool_, np.uint8, np.int64, np.float32, np.complex128]


def _ids(cases):
    return [f"{s}-{a}-{k}" for s, a, k in cases]


def _grid(dtypes, some=SOME, main=MAIN, edges=EDGES):
    """(dtype, shape, axis, keepdims): all dtypes x main cases, a few dtypes x edge cases."""
    out = [pytest.param(d, *c, id=f"{np.dtype(d)}-{_ids([c])[0]}") for d in dtypes for c in main]
    out += [pytest.param(d, *c, id=f"{np.dtype(d)}-{_ids([c])[0]}") for d in some
            if d in dtypes for c in edges]
    return out


# --- the reductions that answer for every input -------------------------------------

def totals(a, axis, kd):
    return (np.sum(a, axis=axis, keepdims=kd), np.prod(a, axis, keepdims=kd),
            a.mean(axis, keepdims=kd), np.var(a, axis=axis, keepdims=kd),
            a.std(axis, keepdims=kd, ddof=1), np.any(a, axis, keepdims=kd),
            a.all(axis=axis, keepdims=kd), np.count_nonzero(a, axis=axis, keepdims=kd))


def nan_totals(a, axis, kd):
    return (np.nansum(a, axis=axis, keepdims=kd), np.nanprod(a, axis, keepdims=kd),
            np.nanmean(a, axis, keepdims=kd), np.nanvar(a, axis=axis, keepdims=kd),
            np.nanstd(a, axis, keepdims=kd, ddof=1))


@pytest.mark.parametrize("dtype,shape,axis,kd", _grid(ALL))
def test_totals(dtype, shape, axis, kd):
    same(totals, data(shape, dtype), axis, kd)


@pytest.mark.parametrize("dtype,shape,axis,kd", _grid(
    [np.int16] + INEXACT, some=[np.float32, np.complex64], edges=EDGES[:2] + EDGES[3:5]))
def test_nan_totals(dtype, shape, axis, kd):
    same(nan_totals, data(shape, dtype, nans=5), axis, kd)


def test_nan_totals_all_nan_slice():
    x = np.array([[np.nan, np.nan, np.nan], [1.0, np.nan, 2.0]])
    same(nan_totals, x, 1, False)
    same(nan_totals, x.astype(np.complex64), 1, True)


# --- max / min / argmax / argmin ----------------------------------------------------

def extremes(a, axis, kd):
    return np.max(a, axis=axis, keepdims=kd), a.min(axis, keepdims=kd), \
        np.argmax(a, axis=axis, keepdims=kd), a.argmin(axis, keepdims=kd)


def nan_extremes(a, axis, kd):
    return np.nanmax(a, axis=axis, keepdims=kd), np.nanmin(a, axis, keepdims=kd), \
        np.nanargmax(a, axis=axis, keepdims=kd), np.nanargmin(a, axis, keepdims=kd)


ARG_MAIN = [((2, 3, 4), 1, True), ((2, 3, 4), None, False), ((0, 3), 1, False)]
ARG_EDGES = [((2, 3, 4), -1, False), ((), None, True), ((), 0, False), ((5,), 0, True)]


@pytest.mark.parametrize("dtype,shape,axis,kd", _grid(ALL, main=ARG_MAIN, edges=ARG_EDGES))
def test_extremes(dtype, shape, axis, kd):
    same(extremes, data(shape, dtype, seed=1), axis, kd)


def test_amax_amin_aliases():
    def f(a):
        return np.amax(a), np.amin(a, axis=0, keepdims=True)
    same(f, data((3, 4), np.int32, seed=2))


@pytest.mark.parametrize("dtype", [np.uint64, np.float16, np.float64, np.complex64])
def test_nan_extremes(dtype):
    x = data((3, 4), dtype, seed=3, nans=4)
    same(nan_extremes, x, None, False)
    same(nan_extremes, x, 0, True)


def test_nan_extremes_of_integers():
    same(nan_extremes, data((3, 4), np.int8, seed=3), -1, False)


def test_extremes_propagate_nan():
    x = np.array([[1.0, np.nan, 3.0], [np.inf, -np.inf, 0.0], [-0.0, 0.0, 2.0]])
    for axis in (None, 0, 1):
        same(extremes, x, axis, False)
    same(nan_extremes, x, 0, True)
    c = np.array([1 + 2j, complex(np.nan, 1), 1 + 3j, complex(3, np.nan), 3 - 1j])
    same(extremes, c, None, False)
    same(nan_extremes, c, 0, False)


def test_complex_lexicographic_and_first_occurrence():
    c = np.array([[1 + 5j, 2 - 1j, 2 + 0j, 2 + 0j], [-1j, -1 + 0j, -1 + 9j, 1j]], np.complex64)
    for axis in (None, 0, 1):
        same(extremes, c, axis, False)
    ties = np.array([[3, 1, 3, 1], [2, 2, 0, 0]], np.int16)
    same(extremes, ties, 1, False)
    same(extremes, ties.astype(bool), None, False)


def test_all_nan_slices():
    def vals(a, axis):
        return np.nanmax(a, axis=axis), np.nanmin(a, axis)

    def idx(a, axis):
        return np.nanargmax(a, axis=axis)
    x = np.array([[np.nan, np.nan], [1.0, np.nan]])
    same(vals, x, 1)
    same(idx, x, 1)      # ValueError: All-NaN slice encountered (known only at run time)
    same(idx, x, 0)      # fine: every column has a number
    same(idx, np.full((2, 2), np.nan, np.float32), None)


def reduce_one(a, axis, which):
    if which == "max":
        return np.max(a, axis=axis)
    if which == "argmin":
        return np.argmin(a, axis=axis)
    if which == "nanmin":
        return np.nanmin(a, axis=axis)
    return np.nanargmax(a, axis=axis)


@pytest.mark.parametrize("which", ["max", "argmin", "nanmin", "nanargmax"])
@pytest.mark.parametrize("shape,axis", [((0,), None), ((0, 3), 0), ((3, 0), 1), ((0, 0), 1)])
def test_empty_reductions_raise(which, shape, axis):
    """NumPy's ValueError: no identity (max, nanmax), empty sequence (argmax)."""
    same(reduce_one, np.zeros(shape), axis, which)


def test_ptp():
    def f(a, b, c):
        return np.ptp(a, axis=1), np.ptp(b), np.ptp(c, 0, keepdims=True), np.ptp(a, axis=None)
    same(f, data((3, 4), np.uint32, seed=4), np.array([-100, 100], np.int8),
         data((3, 4), np.complex128, seed=4))

    def g(a):
        return np.ptp(a)
    same(g, np.array([True, False]))    # TypeError: no boolean subtract
    same(g, np.zeros(0, bool))          # ValueError: max of an empty array comes first


def test_zero_d_axis_rules():
    """ufunc reductions take axis=0 / -1 on a 0-d array; mean, var and median do not."""
    def ok(a, axis):
        return (np.sum(a, axis=axis), np.max(a, axis), np.any(a, axis), np.nanmean(a, axis),
                np.nanvar(a, axis), np.count_nonzero(a, axis=axis), np.argmax(a, axis))
    same(ok, np.array(2.5), 0)
    same(ok, np.array(2.5), -1)
    same(ok, np.array(2.5), (0,))       # AxisError: a tuple is checked against ndim 0

    def mean_(a, axis):
        return np.mean(a, axis=axis)

    def median_(a, axis):
        return np.median(a, axis=axis)
    same(mean_, np.array(2.5), 0)       # AxisError
    same(median_, np.array(2.5), -1)    # AxisError
    same(mean_, np.array(3, np.int8), None)


# --- cumulative ---------------------------------------------------------------------

def cumulative(a, axis):
    return np.cumsum(a, axis=axis), a.cumprod(axis), np.nancumsum(a, axis), \
        np.nancumprod(a, axis=axis)


CUM_MAIN = [((2, 3, 4), 1, False), ((2, 3), None, False)]
CUM_EDGES = [((2, 3, 4), -1, False), ((0, 3), 0, False), ((), None, False), ((), 0, False)]


@pytest.mark.parametrize("dtype,shape,axis,kd", _grid(ALL, main=CUM_MAIN, edges=CUM_EDGES,
                                                      some=[np.int8, np.float64]))
def test_cumulative(dtype, shape, axis, kd):
    # XLA has no complex cumprod: that graph runs without XLA
    same(cumulative, data(shape, dtype, seed=5, nans=2), axis,
         xla=np.dtype(dtype).kind != "c")


def test_cumulative_dtype_and_wrapping():
    def f(a):
        return (np.cumsum(a, dtype=np.int8), a.cumsum(dtype=np.uint8), np.cumprod(a, dtype=bool),
                np.cumsum(a, axis=0, dtype=np.float32), np.cumsum(a > 0, dtype=bool))
    same(f, np.array([[100, 27, -1], [120, 5, 0]], np.int64))

    def g(a):
        return np.cumsum(a), np.cumprod(a)
    same(g, np.array([2**62, 2**62, 2**62], np.int64))
    same(g, np.array([2**63, 2**63 + 7, 3], np.uint64))


def test_cumulative_bad_axis():
    def f(a, axis):
        return np.cumsum(a, axis=axis)
    same(f, np.ones((2, 3)), 2)
    same(f, np.ones((2, 3)), (0,))
    same(f, np.array(1.0), 1)


# --- dtype= and result dtypes -------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.int64, np.float16,
                                   np.float32, np.complex64])
def test_dtype_argument(dtype):
    def f(a):
        return (np.sum(a, dtype=np.int8), np.sum(a, axis=0, dtype=np.float32),
                a.prod(dtype=np.uint64), np.mean(a, axis=1, dtype=np.float32),
                np.mean(a, dtype=np.float64), np.sum(a, dtype=bool), np.prod(a, 0, dtype=bool),
                np.nansum(a, dtype=np.complex128))
    same(f, data((3, 4), dtype, seed=6))


@pytest.mark.parametrize("dtype", [np.int32, np.float16, np.float32, np.float64, np.complex64])
def test_var_std_dtype_ddof(dtype):
    def f(a):
        return (np.var(a, dtype=np.float64), np.std(a, axis=0, dtype=np.float32),
                np.var(a, axis=1, ddof=2), np.std(a, ddof=1.5), a.var(0, ddof=7),
                np.var(a, axis=1, ddof=-1), np.std(a, correction=1),
                np.nanvar(a.astype(np.float64), axis=0, ddof=3))
    same(f, data((3, 4), dtype, seed=7))


def test_var_std_complex_dtype():
    def f(a):
        return np.var(a, dtype=np.complex128), np.std(a, axis=0, dtype=np.complex64)
    same(f, data((3, 4), np.complex64, seed=8))


def test_mean_integer_dtype_truncates():
    def f(a):
        return np.mean(a, dtype=np.int8), np.mean(a, axis=1, dtype=np.int16), \
            np.nanmean(a, axis=0, dtype=np.int32)
    same(f, np.array([[1, 2, 4], [-7, 2, 0]], np.int8))


def test_sum_wraps_like_numpy():
    def f(a):
        return np.sum(a), np.prod(a), np.sum(a, dtype=a.dtype)
    same(f, np.array([2**62, 2**62, 2**62], np.int64))
    same(f, np.array([2**63 + 1, 2**63], np.uint64))
    same(f, np.array([100, 100, 100], np.int8))
    same(f, np.array([200, 200], np.uint8))


def test_float16_accumulates_like_numpy():
    x = np.full(4000, 1.0, np.float16)   # a float16 running sum would stall at 2048

    def f(a):
        return np.sum(a), np.mean(a), np.var(a), a.mean(keepdims=True)
    same(f, x)
    same(f, data((50, 40), np.float16, seed=9) + np.float16(3))


def test_mean_complex_with_infinities():
    x = np.array([complex(1, np.inf), complex(2, 0)])

    def f(a):
        return np.mean(a), np.mean(a[None], axis=1)
    same(f, x)


# --- any / all / count_nonzero ------------------------------------------------------

def test_truthiness_of_nan_and_complex():
    def f(a):
        return np.any(a, axis=0), np.all(a, axis=1), np.count_nonzero(a), \
            np.count_nonzero(a, axis=(0, 1))
    same(f, np.array([[np.nan, 0.0], [-0.0, 0.0]]))
    same(f, np.array([[0j, 1j], [0j, 2 + 0j]], np.complex64))


# --- where= and initial= ------------------------------------------------------------

def test_where_and_initial():
    def f(a, m):
        return (np.sum(a, axis=0, where=m), np.prod(a, where=m), np.any(a, axis=1, where=m),
                np.all(a, where=m), np.max(a, axis=0, where=m, initial=-1.0),
                np.min(a, where=m, initial=5), np.mean(a, axis=1, where=m),
                np.var(a, where=m), np.std(a, axis=0, where=m), np.nansum(a, where=m),
                np.nanmax(a, axis=1, where=m, initial=0.5), np.nanmean(a, axis=1, where=m))
    x = np.array([[1.0, 2.5, np.nan], [4.0, -1.0, 0.0]])
    same(f, x, np.array([[True, False, False], [True, True, False]]))
    same(f, x, np.array([True, True, False]))      # broadcast


def test_initial():
    def f(a):
        return (np.sum(a, initial=10), np.prod(a, axis=0, initial=2), np.max(a, initial=100),
                np.min(a, axis=1, initial=-5), a.max(axis=0, initial=-128))
    same(f, np.array([[1, 2, 3], [4, 5, 6]], np.int8))
    same(f, np.zeros((0, 3), np.int8))      # initial makes empty max/min fine

    def g(a):
        return np.sum(a, dtype=np.int8, initial=300)
    same(g, np.ones(3, np.int8))      # OverflowError


def test_where_errors():
    def no_initial(a, m):
        return np.max(a, where=m)
    same(no_initial, np.ones((2, 3)), np.ones(3, bool))

    def f(a, m):
        return np.sum(a, where=m)
    same(f, np.ones((2, 3)), np.ones(2, bool))            # cannot broadcast (2,) to (2, 3)
    same(f, np.ones((2, 3)), np.ones((4, 2, 3), bool))    # mask larger than the array
    same(f, np.ones((2, 3)), np.ones((2, 3), np.int64))   # not bool: TypeError


# --- axis errors ----------------------------------------------------------------------

@pytest.mark.parametrize("axis", [2, -3, (0, 0), (0, 5), 1.0, [0]])
def test_bad_axis(axis):
    def f(a, axis):
        return np.sum(a, axis=axis)
    err = same(f, np.ones((2, 3)), axis)
    assert isinstance(err, (AxisError, ValueError, TypeError))

    def g(a, axis):
        return np.argmax(a, axis=axis)
    same(g, np.ones((2, 3)), axis)


def test_argmax_axis_tuple_is_type_error():
    def f(a):
        return np.argmax(a, axis=(0,))
    same(f, np.ones((2, 3)))


def test_ddof_and_correction_together():
    def f(a):
        return np.var(a, ddof=1, correction=1)
    same(f, np.ones(3))


# --- average / median -----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.bool_, np.int16, np.uint8, np.float16, np.float32,
                                   np.complex128])
def test_average(dtype):
    def f(a, w):
        return (np.average(a), np.average(a, axis=1), np.average(a, weights=w),
                np.average(a, axis=(0, 1), weights=w, keepdims=True),
                np.average(a, axis=0, weights=w[:, 0]), np.average(a, 1, w[0]))
    x = data((3, 4), dtype, seed=10)
    same(f, x, np.abs(data((3, 4), np.float32, seed=11)) + 1)
    if dtype in (np.int16, np.float32):
        same(f, x, np.arange(1, 13, dtype=np.int64).reshape(3, 4))


def test_average_errors():
    def zero(a, w):
        return np.average(a, axis=0, weights=w)
    same(zero, np.ones((2, 2)), np.array([[1.0, 0.0], [-1.0, 1.0]]))   # ZeroDivisionError

    def no_axis(a, w):
        return np.average(a, weights=w)
    same(no_axis, np.ones((2, 3)), np.ones(3))                         # TypeError

    def bad(a, w):
        return np.average(a, axis=0, weights=w)
    same(bad, np.ones((2, 3)), np.ones(3))                             # ValueError

    def empty(a):
        return np.average(a, axis=1)
    same(empty, np.ones((0, 3)))                                       # ZeroDivisionError


def medians(a, axis, kd):
    return np.median(a, axis=axis, keepdims=kd), np.nanmedian(a, axis, keepdims=kd)


@pytest.mark.parametrize("dtype,shape,axis,kd", _grid(
    REAL, some=[np.bool_, np.uint16, np.float16], main=[((3, 4, 2), 1, True), ((5, 2), None, False)],
    edges=[((2, 3, 4), (0, 2), False), ((0, 3), 0, False), ((0, 3), 1, True), ((), None, False)]))
def test_median(dtype, shape, axis, kd):
    same(medians, data(shape, dtype, seed=12, nans=3), axis, kd)


def test_median_nan_rows_and_even_counts():
    x = np.array([[1.0, np.nan, 3.0, 4.0], [np.nan] * 4, [4.0, 1.0, 2.0, 3.0],
                  [np.inf, 1.0, -np.inf, 5.0]])
    for axis in (None, 0, 1, (0, 1)):
        same(medians, x, axis, False)
    same(medians, np.array([65000, 65000], np.float16), None, False)
    same(medians, x, [1, 0], True)                      # np.median takes a list of axes
    same(medians, np.zeros((0, 3)), (), False)          # NumPy's reshape fails: ValueError
    same(medians, np.zeros((2, 0, 3)), (0, 2), False)   # ValueError too
    same(medians, np.zeros((2, 0, 3)), (1, 2), False)   # fine: nan, nan


def test_median_complex_falls_back():
    same(medians, data((3, 4), np.complex64, seed=13), 0, False, lowered=False)


# --- other kinds of input -------------------------------------------------------------

CONST = np.arange(12.0).reshape(3, 4)


def test_constant_and_scalar_inputs():
    def f(x, n):
        return (np.sum(CONST, axis=0), CONST.max(), np.mean([x, n, 2]), np.sum(n),
                np.argmax([x, 3.5, n]), np.cumsum([n, n]), np.prod(x), np.std(CONST, ddof=1))
    same(f, 2.5, 7)


def test_list_and_scalar_arrays():
    def f(a):
        return np.sum([a, a], axis=0), np.max(a[0]), np.mean(a[0]), a[0].sum()
    same(f, np.array([1.5, -2.0, 4.0], np.float32))


def test_methods_positional_arguments():
    def f(a):
        return (a.sum(1, np.float64), a.mean(0, None, None, True), a.max(1, None, True),
                a.std(None, None, None, 1), a.var(0, np.float32, None, 0, True), a.any(0),
                a.all(None, None, None, True), a.any(1, bool, None, True), a.argmax(1),
                a.argmin(None, None, keepdims=True),
                a.cumsum(0, np.int64), a.cumprod(None, None), a.prod(1, None, None, True),
                a.min(0))
    same(f, data((3, 4), np.int16, seed=14))


# --- randomized -----------------------------------------------------------------------

def _arrays(dtypes):
    return st.sampled_from(dtypes).flatmap(lambda dt: hnp.arrays(
        dt, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
        elements=hnp.from_dtype(np.dtype(dt), allow_infinity=False,
                                min_value=0 if np.dtype(dt).kind == "u" else -100,
                                max_value=100) if np.dtype(dt).kind in "fiu" else None))


@st.composite
def _array_and_axis(draw, dtypes):
    a = draw(_arrays(dtypes))
    axis = draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1) if a.ndim else st.none(),
                          st.lists(st.integers(0, max(a.ndim - 1, 0)), unique=True,
                                   max_size=a.ndim).map(tuple)))
    return a, axis, draw(st.booleans())


def random_totals(a, axis, kd):
    return (np.sum(a, axis=axis, keepdims=kd), np.mean(a, axis, keepdims=kd),
            np.var(a, axis, keepdims=kd), np.any(a, axis), np.nansum(a, axis, keepdims=kd),
            np.nanmax(a, axis=axis, initial=-1000) if a.dtype.kind == "f" else np.all(a, axis))


@settings(max_examples=10, deadline=None)
@given(_array_and_axis([np.int8, np.int64, np.uint16, np.float32, np.float64]))
def test_random_totals(case):
    a, axis, kd = case
    same(random_totals, a, axis, kd, rtol=1e-4 if a.dtype == np.float32 else None)


def random_orders(a, axis, kd):
    return np.max(a, axis=axis, keepdims=kd), np.argmin(a, axis=axis), \
        np.median(a, axis=axis, keepdims=kd)


@settings(max_examples=10, deadline=None)
@given(_array_and_axis([np.int32, np.uint8, np.float16, np.float64]))
def test_random_orders(case):
    a, axis, kd = case
    if isinstance(axis, tuple):
        axis = axis[0] if axis else None
    same(random_orders, a, axis, kd)


def test_method_all_takes_dtype_positionally():
    def f(a):
        return a.all(None, None, True)     # out=True: TypeError, as in NumPy
    same(f, np.ones(3))
