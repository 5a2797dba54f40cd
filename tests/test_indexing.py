"""Indexing against NumPy: ``a[idx]`` (basic, advanced, boolean, mixed), with static
and run-time indices, and take / take_along_axis / nonzero / argwhere / compress."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import np2tf

from .diff import assert_same

X = np.arange(24).reshape(2, 3, 4)
B = np.array  # short for the boolean masks below
ALL_DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
              np.uint64, np.float16, np.float32, np.float64, np.complex64, np.complex128]
SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def index_with(idx):
    """``lambda a: a[idx]`` as a function np2tf can read (the index is a constant)."""
    def f(a):
        return a[idx]
    return f


def check(idx, x=X):
    assert_same(index_with(idx), x)


# --- static indices -----------------------------------------------------------------

BASIC = [
    0, -1, 1, (1, 2), (1, 2, 3), (-1, -3, -4), (0, -1), slice(None), slice(1, None),
    slice(None, None, -1), slice(10, None), slice(-10, 2), slice(None, -10, -1),
    slice(5, -10, -2), slice(-1, -3, -1), (slice(None), slice(None, None, 2)),
    (slice(None), slice(2, 0, -1), slice(None, None, -3)), Ellipsis, (Ellipsis, 0),
    (0, Ellipsis), (0, Ellipsis, 0), (1, 2, Ellipsis), (1, 2, 3, Ellipsis), None,
    (None, 0, None), (Ellipsis, None), (0, None, slice(1, 3), None, -1), (), (None, None),
    (slice(None, None, 3), Ellipsis, slice(None, None, -3)), np.int8(1), np.uint64(1),
    (np.int32(-1), slice(np.int64(1), None)), np.array(1), (np.array(-1), Ellipsis),
    slice(True, None), slice(2**70, None), slice(-2**70, 2**70, 2**70),
]


@pytest.mark.parametrize("idx", BASIC, ids=repr)
def test_basic_indices(idx):
    check(idx)


ADVANCED = [
    [0, 1], [1, 0, 1, -2], [[0], [1]], (np.array([1, 0]),), np.array([[1]]), [],
    ([], []), (slice(None), []), np.zeros((0, 2), np.int64), [True, 1],
    ([0, 1], [1, 2]), ([0, 1], [1, 2], [3, -4]), ([[0], [1]], [0, 1, 2]),
    ([0, 1], slice(None), [0, 3]), (slice(None), [0, 2], [1, 3]),
    (1, slice(None), [0, 1, 3]), ([0, 1, 0], slice(None), 1), (slice(None), 1, [0, 1]),
    (1, [0, 2]), ([1], 2, [[0], [3]]), ([0, 1], None, [0, 1]), (None, [0, 1], [0, 1]),
    ([0], Ellipsis, [0]), (slice(None), [0], Ellipsis, [0]), (Ellipsis, [0, -1]),
    (Ellipsis, [[0, -1]], slice(None)), (slice(1, None), [2, 0], slice(None, None, -1)),
    (np.array([1, 0], np.uint8),), (np.array([0, -1], np.int8), np.array([1], np.int16)),
    np.array([2**64 - 1], np.uint64), ((0, 1),), [(0, 1)], [np.array(0)],
    ([[]], slice(None)), (0, 0, [[1, 2], [3, 0]]),
]


@pytest.mark.parametrize("idx", ADVANCED, ids=repr)
def test_advanced_indices(idx):
    check(idx)


MASKS = [
    B([True, False]), B([False, False]), [True, False], (slice(None), B([True, False, True])),
    np.ones((2, 3), bool), X % 3 == 0, (Ellipsis, B([True, False, True, True])),
    (B([True, True]), slice(None), [0, 1]), (B([False, True]), [1], [2]),
    (slice(None), B([[True, False, True, True]] * 3)), True, False, (True, 0), (0, True),
    (Ellipsis, False), (True, [0, 1]), (slice(None), True, [0, 1]), (None, True, None),
    (True, True), np.bool_(True), B(True), B(False), (True, slice(None), [0, 1]),
    np.zeros((2, 0), bool), np.zeros((0, 3), bool), B([], bool), ([], B([], bool)),
    (B([True, False]), 2),
]


@pytest.mark.parametrize("idx", MASKS, ids=repr)
def test_boolean_indices(idx):
    check(idx)


ERRORS = [
    2, -3, (0, 3), (0, 0, 4), (0, 0, 0, 0), (Ellipsis, Ellipsis), 1.5, np.float64(1), "a",
    slice(None, None, 0), (0, slice(None, None, 0)), (slice(None, None, 0), 5),
    slice(1.5, None), [0, 2], [[0, 5]], [-3], ([0, 1], [0, 1, 2]),
    (slice(None), [0, 1], [0, 1, 2]), B([True, False, True]), np.ones((2, 4), bool),
    [[True]], np.array([1.0]), np.array(1.0), [1.0], [None], [slice(None)], [0, None],
    (0, 0, 0, True, 0), (B([True, True]), [0, 1, 2]), (5, [], []), (slice(None), 3, []),
    (B(False), [4]), (1.5, 0, 0, 0), (0, 0, 0, 1.5), ([5], slice(None, None, 0)),
]


@pytest.mark.parametrize("idx", ERRORS, ids=repr)
def test_index_errors(idx):
    check(idx)


EMPTY = np.zeros((0, 3), np.float32)


@pytest.mark.parametrize("idx", [
    slice(None), slice(1, None), (slice(None), 1), (Ellipsis, -1), [], B([], bool),
    (slice(None), [0, 2]), ([], [0]), ([], 0), (np.zeros((2, 0), np.int64), [[0], [1]]),
    0, -1, [0], (slice(None), 3), (None, slice(None), B([True, False, True])),
    np.zeros((0, 3), bool), B([True]), (slice(None), B([], bool)),
], ids=repr)
def test_empty_arrays(idx):
    check(idx, EMPTY)


@pytest.mark.parametrize("idx", [(), Ellipsis, None, (None, Ellipsis), True, False,
                                 B(True), 0, (Ellipsis, None), [], (Ellipsis, Ellipsis),
                                 slice(None)], ids=repr)
def test_zero_d_arrays(idx):
    check(idx, np.array(5.0))


def test_newaxis_literal():
    def f(a):
        return a[None], a[np.newaxis, ..., None]

    assert_same(f, X)
    assert_same(f, np.array(1.5))


@pytest.mark.parametrize("idx", [(), Ellipsis, None, 0], ids=repr)
def test_numpy_scalar_argument(idx):
    check(idx, np.float32(2.5))


def test_python_scalar_is_not_subscriptable():
    def f(n):
        return n[0]

    assert_same(f, 3)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_dtypes(dtype):
    def f(a):
        return a[1], a[:, ::-1], a[[1, 0], 2], a[a != a[0, 0]], a[0, 1], a[..., None]

    assert_same(f, (np.arange(1, 7).reshape(2, 3) % 5).astype(dtype))


# --- run-time indices ---------------------------------------------------------------

def test_runtime_int():
    def f(a, i):
        return a[i], a[..., i], a[1, i]

    acc = np2tf.accelerate(f)
    a = np.arange(12.0).reshape(3, 4)
    for i in range(-5, 6):  # some out of bounds: deferred IndexError
        assert_same(f, a, i, accelerated=acc)
    assert acc.trace_count <= 2
    assert_same(f, np.zeros((0, 4)), 0, accelerated=acc)


def test_runtime_ints_mixed_with_arrays():
    def f(a, i, j):
        return a[i, :, j], a[[i, j]], a[i, [0, 1]], a[:, i, [j, 0]], a[[[i]], j]

    acc = np2tf.accelerate(f)
    for i, j in [(0, 1), (-1, -2), (1, 3), (2, 0), (0, -5)]:
        assert_same(f, X, i, j, accelerated=acc)


@SETTINGS
@given(st.data())
def test_runtime_slices(data):
    def f(a, b0, e0, s0, b1, e1, s1):
        return a[b0:e0:s0, b1:e1:s1]

    bound = st.none() | st.integers(-7, 7)
    args = [data.draw(v) for v in (bound, bound, st.none() | st.integers(-3, 3),
                                   bound, bound, st.none() | st.sampled_from([-2, -1, 1, 2]))]
    assert_same(f, np.arange(30).reshape(5, 6), *args)


def test_runtime_float_index_is_an_index_error():
    def f(a, x):
        return a[x]

    assert_same(f, np.arange(3), 1.0)


def test_runtime_slice_step_zero():
    def f(a, s):
        return a[::s]

    acc = np2tf.accelerate(f)
    assert_same(f, np.arange(5), 0, accelerated=acc)
    assert_same(f, np.arange(5), -2, accelerated=acc)


@pytest.mark.parametrize("idx", [
    np.array([0, 2, -1]), np.array([[1, 1], [0, 2]]), np.array([], np.int64),
    np.array([3]), np.array([-4]), np.array([0, 1], np.uint8), np.array([1], np.int16),
    np.array(1), np.array(-1, np.int8), np.array([1.0]), np.array([2**64 - 1], np.uint64),
    np.array([True, False, True]),
], ids=repr)
def test_runtime_index_array(idx):
    def f(a, i):
        return a[i], a[:, i], a[i, ...]

    assert_same(f, np.arange(12.0).reshape(3, 4), idx)


@pytest.mark.parametrize("i, j", [
    (np.array([0, 1]), np.array([2, 3])), (np.array([[0], [2]]), np.array([1, 3, 0])),
    (np.array([0, 1]), np.array([1, 2, 3])), (np.array([0, 5]), np.array([0, 0])),
    (np.array([], np.int64), np.array([0])), (np.array([7]), np.array([], np.int64)),
    (np.array(0), np.array([1, 2])), (np.array([[1]]), np.array([-1])),
], ids=repr)
def test_runtime_index_arrays_broadcast(i, j):
    def f(a, i, j):
        return a[i, j], a[i, :, j], a[:, i, j], a[i, None, j]

    assert_same(f, np.arange(60).reshape(3, 4, 5), i, j)


@pytest.mark.parametrize("m", [
    B([True, False, True]), B([False] * 3), B([True, False]), B([True] * 4),
    np.ones((3, 4), bool), np.eye(3, 4, dtype=bool), np.ones((3, 5), bool), B(True),
    B(False), np.zeros((0,), bool), np.zeros((3, 0), bool), np.bool_(True),
], ids=repr)
def test_runtime_masks(m):
    def f(a, m):
        return a[m], a[m, ...], a[None, m]

    assert_same(f, np.arange(12.0).reshape(3, 4), m)


def test_runtime_masks_with_other_indices():
    def f(a, m, i):
        return a[m, 1:], a[:, m[:4]], a[m, i], a[m[:2], :, i], a[1:, m[1:3], ::-1]

    a = np.arange(60).reshape(3, 4, 5)
    assert_same(f, a, B([True, False, True]), 1)
    assert_same(f, a, B([False, True, True]), np.array([0, -1]))
    assert_same(f, a, B([True, True, True]), np.array([0, -1]))  # broadcast mismatch


def test_masks_computed_in_the_function():
    def f(a):
        return a[a > 4], a[a[:, 0] > 1, 1:], a[:, a[0] >= 1], a[np.isnan(a)], a[(a > 2) & (a < 9)]

    a = np.arange(12.0).reshape(3, 4)
    assert_same(f, a)
    a[1, 2] = np.nan
    assert_same(f, a)
    assert_same(f, np.zeros((0, 4)))


def test_constant_arrays_are_indexed():
    table = np.arange(10) ** 2

    def f(i, a):
        return table[i], table[2:5] + a, table[table > a[1]], table[[i, -1]]

    assert_same(f, 3, np.arange(3))
    assert_same(f, 12, np.arange(3))


# --- random indices against NumPy -----------------------------------------------------

@SETTINGS
@given(st.data())
def test_hypothesis_basic_indices(data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
    idx = data.draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True))
    a = data.draw(hnp.arrays(np.float32, shape))
    check(idx, a)


@SETTINGS
@given(st.data())
def test_hypothesis_integer_array_indices(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    idx = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(
        min_dims=1, max_dims=2, max_side=3)))
    check(idx, np.arange(int(np.prod(shape)), dtype=np.int16).reshape(shape))


def _index_part(kind):
    bound = st.none() | st.integers(-5, 5)
    return {
        "int": st.integers(-4, 4),
        "slice": st.builds(slice, bound, bound, st.none() | st.sampled_from([1, 2, -1, -2])),
        "array": st.lists(st.integers(-4, 3), max_size=3),
        "column": st.lists(st.integers(-3, 2), min_size=2, max_size=2).map(
            lambda v: np.array(v).reshape(2, 1)),
        "none": st.none(),
        "ellipsis": st.just(Ellipsis),
        "mask": st.lists(st.booleans(), max_size=4).map(lambda v: np.array(v, bool)),
        "bool": st.booleans(),
    }[kind]


@SETTINGS
@given(st.data())
def test_hypothesis_mixed_indices(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=4))
    kinds = st.sampled_from(["int", "slice", "array", "column", "none", "ellipsis", "mask",
                             "bool"])
    parts = tuple(data.draw(_index_part(data.draw(kinds)))
                  for _ in range(data.draw(st.integers(1, len(shape) + 1))))
    check(parts, np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape))


# --- take, take_along_axis, nonzero & co ----------------------------------------------

@pytest.mark.parametrize("indices, kw", [
    ([0, 2], {}), ([[0, 1], [-1, -2]], {}), (3, {}), (np.array(1), {}), ([], {}),
    ([0, 2], {"axis": 1}), ([1], {"axis": -1}), (2, {"axis": 0}), ([True, False], {}),
    ([1.7, -0.5], {}), ([5, -7], {"mode": "wrap"}), ([5, -7], {"mode": "clip"}),
    ([4], {"axis": 2, "mode": "wrap"}), ([24], {}), ([-25], {}), ([1], {"axis": 3}),
    ([0], {"mode": "other"}), (np.array([1.0]), {}), (np.array([1, 0], np.uint8), {}),
], ids=repr)
def test_take(indices, kw):
    def f(a):
        return np.take(a, indices, **kw), a.take(indices, **kw)

    assert_same(f, X)


def test_take_runtime_indices_and_empty():
    def f(a, i, mode):
        return np.take(a, i, axis=0, mode=mode)

    a = np.arange(12.0).reshape(3, 4)
    for i in [np.array([0, -1, 2]), np.array([[1]]), np.array([3]), np.array(5)]:
        for mode in ["raise", "wrap", "clip"]:
            assert_same(f, a, i, mode)
    for mode in ["raise", "wrap", "clip"]:
        assert_same(f, np.zeros((0, 2)), np.array([0]), mode)
        assert_same(f, np.zeros((0, 2)), np.array([], np.int64), mode)


def _argsort_desc(a, axis):
    return np.argsort(-a, axis=axis, kind="stable")


@pytest.mark.parametrize("axis", [0, 1, -1, 2, None])
def test_take_along_axis(axis):
    def f(a, i, axis):
        return np.take_along_axis(a, i, axis=axis)

    a = np.arange(24.0).reshape(2, 3, 4) % 7
    i = _argsort_desc(a, axis) if axis is not None else np.array([3, 0, -1])
    assert_same(f, a, i, axis)
    if axis is not None:
        assert_same(f, a, np.take(i, [0], axis=axis), axis)  # broadcasts against a


@pytest.mark.parametrize("idx, axis", [
    (np.array([[0], [2]]), 0), (np.array([[0.0]]), 1), (np.array([0]), 1),
    (np.array([[5]]), 1), (np.array([[-4]]), 1), (np.array([[1]]), None),
    (np.zeros((3, 1), np.int64), 1), (np.array([[0]]), 2), (np.zeros((1, 0), np.int64), 1),
], ids=repr)
def test_take_along_axis_edges(idx, axis):
    def f(a, i, axis):
        return np.take_along_axis(a, i, axis=axis)

    assert_same(f, np.arange(6).reshape(2, 3), idx, axis)


NONZERO_INPUTS = [
    np.array([0, 1, 0, 2]), np.array([[0.0, -0.0, np.nan], [np.inf, 1e-300, 0.0]]),
    np.array([[True, False], [False, True]]), np.array([0j, 1j, 1 + 0j, 0j]),
    np.zeros((0, 3)), np.zeros((2, 0, 2), np.int8), np.array(3), np.array(0.0),
    np.arange(24, dtype=np.uint16).reshape(2, 3, 4) % 3,
]


@pytest.mark.parametrize("a", NONZERO_INPUTS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_nonzero_family(a):
    def f(a):
        return np.nonzero(a), a.nonzero()

    def g(a):
        return np.flatnonzero(a), np.argwhere(a)

    def h(a):
        return np.where(a != 0), a[np.nonzero(a)]

    assert_same(f, a)
    assert_same(g, a)
    assert_same(h, a)


@pytest.mark.parametrize("cond, axis", [
    ([True, False, True], 1), ([1, 0], 0), ([True], 2), ([False, True, True, True, False], 2),
    ([True] * 5, 2), ([0, 0, 0, 0, 1], 2), ([1.5, 0, 2.0], None), ([[1]], 0), (1, None),
    (B([], bool), 0), ([True], 3),
], ids=repr)
def test_compress(cond, axis):
    def f(a, axis):
        return np.compress(cond, a, axis=axis), a.compress(cond, axis=axis)

    assert_same(f, X, axis)


def test_compress_and_extract_runtime_conditions():
    def f(a, c):
        return np.compress(c, a, axis=0), np.extract(a > 3, a), np.compress(c[:1], a, axis=1)

    a = np.arange(6.0).reshape(3, 2)
    assert_same(f, a, B([True, False, True]))
    assert_same(f, a, B([False, False, True, False]))
    assert_same(f, a, B([False, False, True, True]))  # condition past the end: IndexError

    def g(c):
        return np.extract(c, np.arange(4))

    assert_same(g, np.array([[1, 0], [0, 1]]))
    assert_same(g, np.array([0, 0, 0, 0, 1]))


# --- what the graph looks like --------------------------------------------------------

def test_static_and_integer_indices_compile_with_xla():
    def f(a, i):
        return a[1:, [0, 2]] + a[i, :0:-1] + a[[i, 0], 1:]

    assert np2tf.explain(f, np.ones((3, 3)), 1).jit_compile


def test_boolean_masks_leave_xla():
    def f(a):
        return a[a > 0]

    report = np2tf.explain(f, np.ones((3, 3)))
    assert report.fully_lowered and not report.jit_compile


def test_runtime_boolean_and_integer_scalars_from_the_graph():
    def f(a, n):
        return a[n > 1], a[np.argmax(a)], a[a.sum() > 3], a[a[0] > 0, ...]

    acc = np2tf.accelerate(f)
    assert_same(f, np.array([3.0, 9.0, 1.0]), 2, accelerated=acc)
    assert_same(f, np.array([-3.0, 1.0, 1.0]), 0, accelerated=acc)
