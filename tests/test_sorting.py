"""Sorting and searching against NumPy: sort, argsort, lexsort, searchsorted, sort_complex.

np2tf's sorts are stable. NumPy's default argsort is not, so default-kind argsort is
compared only on keys without ties; ties are compared against ``kind='stable'``.
"""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .diff import assert_same_lowered, int_sample

same = assert_same_lowered  # lowered, and XLA unless told otherwise


def with_ties(shape, dtype, seed=0):
    """Few distinct values: many ties (and both signs of zero for floats)."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    ints = int_sample(rng, shape, dt)
    if ints is not None:
        return ints
    x = rng.integers(-2, 3, shape) / 2
    x = np.where(rng.random(shape) < 0.2, -0.0, x)
    if dt.kind == "c":
        x = x + 1j * (rng.integers(-2, 3, shape) / 2)
    return np.asarray(x).astype(dt)


def distinct(shape, dtype, seed=0):
    """No two equal values along any axis (for NumPy's unstable default argsort)."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt == np.bool_:
        return (rng.permutation(n) % 2 == 0).reshape(shape) if n <= 2 else None
    vals = rng.permutation(n) - (n // 2 if dt.kind not in "u" else 0)
    if dt.kind == "f":
        vals = vals / 2
    if dt.kind == "c":
        vals = rng.permutation(n) // 2 + 1j * vals
    return vals.reshape(shape).astype(dt)


# --- sort and argsort ---------------------------------------------------------------

def sorts(a, b, e, f, d):
    """Ties (a, b, empty e and f): values and stable argsort; distinct d: default kinds."""
    return (np.sort(a), np.sort(b, axis=None), np.sort(b, 0, kind="stable"),
            np.argsort(a, kind="stable"), b.argsort(axis=-2, stable=True), np.sort(e, 0),
            np.argsort(f, kind="stable"), np.argsort(d), np.argsort(d, axis=None, kind="heapsort"))


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.int64, np.uint64,
                                   np.float16, np.float32, np.float64, np.complex64,
                                   np.complex128])
def test_sort_and_argsort(dtype):
    d = distinct((2, 3, 5), dtype) if dtype is not np.bool_ else np.array([[[True], [False]]])
    same(sorts, with_ties((3, 5), dtype, 1), with_ties((2, 3, 4), dtype, 2),
         with_ties((0, 3), dtype), with_ties((3, 0), dtype), d)


def nan_sorts(a):
    return np.sort(a), np.argsort(a, axis=0, kind="stable"), np.argsort(a, axis=None, kind="stable")


def test_sort_nan_inf_negative_zero():
    def f(a, b, c):
        return nan_sorts(a) + nan_sorts(b) + nan_sorts(c)
    x = np.array([[np.nan, 1.0, -np.inf, np.inf, 0.0, -0.0, np.nan, -1.0],
                  [-0.0, np.inf, 0.0, -np.nan, 2.0, np.nan, -np.inf, 0.0]])
    same(f, x.astype(np.float16), x.astype(np.float32), x)


def test_sort_complex_nan_order():
    def f(a, b, c):
        return nan_sorts(a) + nan_sorts(b) + nan_sorts(c)
    nan = np.nan
    x = np.array([complex(1, 2), complex(nan, 1), complex(1, nan), complex(0, 5),
                  complex(nan, nan), complex(1, 1), complex(nan, -1), complex(-1, nan),
                  complex(1, 2), complex(-0.0, 1), complex(0, 1), complex(np.inf, 0)])
    same(f, x.reshape(3, 4), x.reshape(2, 6).T.astype(np.complex64),
         x.reshape(4, 3).astype(np.complex64))  # (a transposed, non-contiguous input)


def test_sort_integer_extremes():
    def f(a, b, c, d):
        return np.sort(a), np.argsort(b, kind="stable"), np.sort(c, axis=0), \
            np.argsort(d, axis=None)
    i8 = np.array([127, -128, 0, -1, 1, -128, 127], np.int8)
    u64 = np.array([2**64 - 1, 0, 2**63, 2**63 - 1, 1, 0], np.uint64)
    i64 = np.array([[2**63 - 1], [-2**63], [0]], np.int64)
    u16 = np.array([65535, 0, 32768, 32767, 1], np.uint16)
    same(f, i8, u64, i64, u16)


def zero_d(a):
    return np.sort(a, axis=None), np.argsort(a), np.argsort(a, axis=None), a.argsort(axis=0)


def test_zero_d_and_lists():
    same(zero_d, np.array(3.5))

    def f(a):
        return np.sort([3, 1, 2]), np.argsort([2.5, -1.0, 2.5], kind="stable"), np.sort(a)
    same(f, np.float32(2))


@pytest.mark.parametrize("call", ["axis", "zero_d", "kind", "order", "kind_and_stable"])
def test_sort_errors(call):
    def axis(a):
        return np.sort(a, axis=3)

    def zero_d(a):
        return np.sort(a)

    def kind(a):
        return np.argsort(a, kind="fastest")

    def order(a):
        return np.sort(a, order="x")

    def kind_and_stable(a):
        return np.sort(a, kind="stable", stable=True)
    fn = locals()[call]
    same(fn, np.array(2.0) if call == "zero_d" else np.ones((2, 3)))


def test_argsort_axis_error():
    def f(a):
        return np.argsort(a, axis=-3)
    same(f, np.ones((2, 3)))
    same(f, np.array(1.0))


def test_sort_method_in_place_falls_back():
    def f(a):
        a.sort()
        return a
    same(f, np.array([3.0, 1.0, 2.0]), lowered=False)


@settings(max_examples=5, deadline=None)
@given(hnp.arrays(st.sampled_from([np.int16, np.float32, np.float64]),
                  hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5)))
def test_sort_hypothesis(a):
    def f(a):
        return np.sort(a), np.argsort(a, kind="stable"), np.sort(a, axis=0)
    same(f, a)


# --- sort_complex, lexsort ----------------------------------------------------------

def test_sort_complex():
    def f(a, b, c, d, e, g):
        sc = np.sort_complex
        return sc(a), sc(b), sc(c), sc(d), sc(e), sc(g)
    same(f, *[with_ties((3, 4), d) for d in (np.int8, np.uint16, np.int64, np.float32,
                                              np.float64, np.complex64)])


def lexsorts(a, b, c):
    return np.lexsort((a, b)), np.lexsort((a, b, c)), np.lexsort((c,)), \
        np.lexsort([b, a], axis=0), np.lexsort((a, c), axis=-2)


@pytest.mark.parametrize("dtypes", [(np.int8, np.bool_, np.float32),
                                    (np.float64, np.uint64, np.complex64),
                                    (np.int32, np.float16, np.uint8)])
def test_lexsort(dtypes):
    a, b, c = (with_ties((3, 6), d, seed=i) for i, d in enumerate(dtypes))
    same(lexsorts, a, b, c)


def test_lexsort_array_keys_and_nan():
    def f(k):
        return np.lexsort(k), np.lexsort(k, axis=0)
    keys = np.array([[1.0, np.nan, 1.0, -0.0, 0.0], [2.0, 2.0, np.nan, 1.0, 1.0]])
    same(f, keys)
    same(f, with_ties((3, 2, 4), np.int16))


def test_lexsort_errors():
    def shapes(a, b):
        return np.lexsort((a, b))

    def empty(a):
        return np.lexsort(a)
    same(shapes, np.ones(3), np.ones(4))
    same(empty, np.ones((0, 3)))


# --- searchsorted -------------------------------------------------------------------

def searches(a, e, v, s, w):
    return (np.searchsorted(a, v), np.searchsorted(a, v, side="right"), a.searchsorted(s),
            np.searchsorted(a, s, "right"), np.searchsorted(a, w), np.searchsorted(a, [1, 2]),
            np.searchsorted(e, v), np.searchsorted(e, s, side="right"))


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.uint64, np.float16,
                                   np.float64])
def test_searchsorted(dtype):
    a = np.sort(with_ties((9,), dtype))
    v = with_ties((2, 3), dtype, seed=1)
    same(searches, a, a[:0], v, with_ties((), dtype, seed=2), np.array(v[0, 0]))


def test_searchsorted_nan_and_promotion():
    a = np.array([-np.inf, -1.0, -0.0, 0.0, 2.0, np.inf, np.nan, np.nan])
    v = np.array([np.nan, np.inf, 0.0, -0.0, -np.inf, 3.0, -5.0])

    def f(a, v):
        return np.searchsorted(a, v), np.searchsorted(a, v, side="right")
    same(f, a, v)
    same(f, a.astype(np.float16), v.astype(np.float32))

    def g(a, n):
        return np.searchsorted(a, 300), np.searchsorted(a, 2.5), np.searchsorted(a, -1), \
            np.searchsorted(a, n), np.searchsorted(a, 2**64 - 1), np.searchsorted(a, True)
    same(g, np.array([-2, 0, 2, 5, 100], np.int8), 3)
    same(g, np.array([0, 2, 5, 100], np.uint64), 7)


def test_searchsorted_errors_and_fallbacks():
    def f(a, v):
        return np.searchsorted(a, v)

    def bad_side(a, v):
        return np.searchsorted(a, v, side="middle")

    def sorter(a, v):
        return np.searchsorted(a, v, sorter=np.argsort(a))
    same(f, np.ones((2, 3)), 1.0)
    same(f, np.array(1.0), 1.0)
    same(bad_side, np.arange(3.0), 1.0)
    same(sorter, np.array([3.0, 1.0, 2.0]), np.array([1.5, 2.5]), lowered=False)


@settings(max_examples=5, deadline=None)
# no subnormals: TF flushes them to zero on CPU (README, known limits)
@given(hnp.arrays(np.float64, st.integers(0, 8),
                  elements=st.floats(-3, 3, allow_subnormal=False) |
                  st.sampled_from([np.nan, -0.0, np.inf])),
       hnp.arrays(np.float64, st.integers(0, 4),
                  elements=st.floats(-4, 4, allow_subnormal=False) |
                  st.sampled_from([np.nan, -0.0, -np.inf])))
def test_searchsorted_hypothesis(a, v):
    def f(a, v):
        return np.searchsorted(a, v), np.searchsorted(a, v, side="right")
    same(f, np.sort(a), v)
