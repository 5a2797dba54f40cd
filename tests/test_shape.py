"""Shape manipulation against NumPy: reshape, transpose, joining, splitting, tiling,
padding, diagonals, broadcasting (runtime/ops/shape.py).

Arguments that may be None reach the compiled functions as ``**kw`` because a closure
cell holding None is currently resolved as a builtin by the compiler's front end."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from np2tf import accelerate

from .diff import assert_same

ALL_DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
              np.uint32, np.uint64, np.float16, np.float32, np.float64, np.complex64,
              np.complex128]
SOME_DTYPES = [np.bool_, np.int8, np.uint16, np.int64, np.float32, np.complex128]


def data(shape, dtype=np.float64):
    """Distinct, deterministic values (alternating for bool; NaN, -0.0 in floats)."""
    n = int(np.prod(shape))
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return (np.arange(n) % 3 == 1).reshape(shape)
    x = np.arange(1, n + 1).astype(dtype)
    if dtype.kind == "c":
        x = x + 1j * np.arange(n)[::-1].astype(dtype)
    if dtype.kind in "fc" and n > 2:
        x[1] = np.nan
        x[2] = -0.0
    return x.reshape(shape)


# --- reshape ---------------------------------------------------------------------------

def reshape_fn(a):
    return np.reshape(a, (2, -1)), a.reshape(-1), a.reshape(3, 2), a.reshape((1, 6, 1))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_reshape_forms_over_dtypes(dtype):
    assert_same(reshape_fn, data((2, 3), dtype))


def reshape_runtime(a, n):
    return a.reshape(n, -1).sum(axis=1), np.reshape(a, (n, a.size // n))


def test_reshape_with_run_time_ints():
    acc = accelerate(reshape_runtime)
    assert_same(reshape_runtime, data((12,)), 3, accelerated=acc)
    assert_same(reshape_runtime, data((12,)), 4, accelerated=acc)
    assert_same(reshape_runtime, data((3, 4)), 2)
    assert_same(reshape_runtime, data((12,)), 5, accelerated=acc)  # ValueError at run time


def reshape_shape_of_other(a, b):
    return a.reshape(b.shape), a.reshape(b.shape[0], -1)


def test_reshape_to_another_arrays_shape():
    assert_same(reshape_shape_of_other, data((6,)), data((2, 3)))
    assert_same(reshape_shape_of_other, data((6,)), data((4, 3)))


@pytest.mark.parametrize("shape,target", [
    ((6,), (4,)), ((6,), (4, -1)), ((6,), (-1, -1)), ((0,), (0, -1)), ((0,), (2, -1)),
    ((0, 3), (3, 0)), ((1,), ()), ((), (1, 1)), ((), ()), ((), (-1,)), ((6,), ()),
    ((2, 3), (3, -2)), ((4,), (2, 2, 1, 1)),
])
def test_reshape_shapes_and_errors(shape, target):
    def f(a):
        return np.reshape(a, target)

    assert_same(f, data(shape))


def test_reshape_zero_d_result_is_array():
    def f(a):
        return a.reshape(())

    got = assert_same(f, data((1,)))
    assert isinstance(got, np.ndarray)


@pytest.mark.parametrize("order", ["C", "F", "A"])
def test_reshape_ravel_flatten_order(order):
    def f(a):
        return (np.reshape(a, (3, 4), order=order), a.reshape(2, 6, order=order),
                np.ravel(a, order=order), a.flatten(order), a.ravel(order))

    assert_same(f, data((2, 3, 2), np.int32))


def test_ravel_flatten_of_scalars_and_empty():
    def f(a, x):
        return np.ravel(a), a.flatten(), np.ravel(x), np.ravel(3)

    assert_same(f, data((0, 3)), 2.5)
    assert_same(f, np.float32(2), 1.0)


def test_reshape_float_size_is_type_error():
    def f(a):
        return a.reshape(2.0, 3)

    assert_same(f, data((6,)))


# --- transpose, swapaxes, moveaxis -----------------------------------------------------

@pytest.mark.parametrize("dtype", SOME_DTYPES)
def test_transpose_forms(dtype):
    def f(a):
        return (np.transpose(a), np.transpose(a, (1, 0, 2)), a.transpose(), a.transpose(2, 0, 1),
                a.transpose((0, -1, 1)), a.transpose(None), np.permute_dims(a, (2, 1, 0)),
                np.matrix_transpose(a), a.T)

    assert_same(f, data((2, 3, 4), dtype))


@pytest.mark.parametrize("axes", [(0, 0, 1), (0, 1), (0, 1, 3), (0, 1, -4)])
def test_transpose_errors(axes):
    def f(a):
        return np.transpose(a, axes)

    assert_same(f, data((2, 3, 4)))


def test_transpose_zero_d_and_1d():
    def f(a):
        return np.transpose(a), a.transpose()

    got = assert_same(f, np.array(3.0))
    assert isinstance(got[0], np.ndarray)
    assert_same(f, data((4,)))


@pytest.mark.parametrize("i,j", [(0, 1), (-1, 0), (2, 2), (0, 3), (-4, 0)])
def test_swapaxes(i, j):
    def f(a):
        return np.swapaxes(a, i, j), a.swapaxes(i, j)

    assert_same(f, data((2, 3, 4), np.int16))


@pytest.mark.parametrize("src,dst", [(0, -1), ([0, 1], [-1, 0]), ((0, 2), (2, 0)), (0, (0, 1)),
                                     ([0, 0], [1, 2]), (3, 0), ([], [])])
def test_moveaxis(src, dst):
    def f(a):
        return np.moveaxis(a, src, dst)

    assert_same(f, data((2, 3, 4), np.uint8))


# --- squeeze, expand_dims, atleast ----------------------------------------------------

@pytest.mark.parametrize("shape,axis", [
    ((1, 3, 1), None), ((1, 3, 1), 0), ((1, 3, 1), -1), ((1, 3, 1), (0, 2)), ((1, 3, 1), 1),
    ((1, 3, 1), 3), ((1, 3, 1), (0, 0)), ((3,), None), ((1, 1), None), ((), None), ((), 0),
    ((), -1), ((), 1), ((0, 1), -1), ((0, 1), 0),
])
def test_squeeze(shape, axis):
    kw = {"axis": axis}  # a closure holding None: see the resolve note at the top

    def f(a):
        return np.squeeze(a, **kw), a.squeeze(**kw)

    assert_same(f, data(shape))


def test_squeeze_without_axis_follows_the_shape():
    def f(a, b):
        return np.squeeze(a) * 2, np.squeeze(a * b), np.hstack(a + 1), np.unstack(b, axis=1)

    acc = accelerate(f)
    assert_same(f, data((1, 3, 1)), data((3, 1)), accelerated=acc)
    assert_same(f, data((2, 1, 4)), data((1, 4)), accelerated=acc)


@pytest.mark.parametrize("axis", [0, -1, 1, (0, 1), (0, -1), (-1, 0, 2), 3, -4, (0, 0), [1]])
def test_expand_dims(axis):
    def f(a):
        return np.expand_dims(a, axis)

    assert_same(f, data((2, 3), np.complex64))


def test_expand_dims_of_scalar():
    def f(x):
        return np.expand_dims(x, 0), np.expand_dims(x, (0, 1))

    assert_same(f, 2)


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4), (0,)])
def test_atleast(shape):
    def f(a):
        return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a), np.atleast_2d(a, a)

    assert_same(f, data(shape, np.int8))


def test_atleast_scalars_and_no_args():
    def f(x):
        return np.atleast_1d(x), np.atleast_3d(x, 1.5), np.atleast_1d()

    assert_same(f, 3)


# --- joining ---------------------------------------------------------------------------

def concat_pairs(a, b1, b2, b3, b4, b5):
    return (np.concatenate([a, b1]), np.concatenate((b2, a)), np.concatenate([a, b3, a]),
            np.concatenate([a, b4], axis=None), np.concatenate([b5, a], axis=-1))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_concatenate_promotes(dtype):
    others = [data((2,), d) for d in (np.bool_, np.int8, np.uint64, np.float16, np.complex64)]
    assert_same(concat_pairs, data((3,), dtype), *others)


@pytest.mark.parametrize("axis", [0, 1, -1, -2, 2, None])
def test_concatenate_axes(axis):
    kw = {"axis": axis}

    def f(a, b):
        return np.concatenate((a, b), **kw), np.concat([a, b], **kw)

    assert_same(f, data((2, 3)), data((2, 3), np.int32))


@pytest.mark.parametrize("shapes", [((2, 3), (2, 2)), ((2, 3), (3,)), ((), ()), ((2, 3), (1, 3)),
                                    ((0, 3), (2, 3)), ((2, 0), (2, 3))])
def test_concatenate_shapes_and_errors(shapes):
    def f(a, b):
        return np.concatenate([a, b])

    assert_same(f, data(shapes[0]), data(shapes[1]))


def test_concatenate_dtype_and_casting():
    def f(a, b):
        return np.concatenate([a, b], dtype=np.int16)

    def g(a, b):
        return np.concatenate([a, b], dtype=np.int8, casting="unsafe")

    def h(a, b):
        return np.concatenate([a, b], dtype=np.float32)

    assert_same(f, data((3,), np.int8), data((2,), np.uint8))
    assert_same(f, data((3,), np.int8), data((2,), np.float32))  # TypeError (same_kind)
    assert_same(g, data((3,), np.int8), np.array([1.7, -300.0]))
    assert_same(h, data((3,), np.int8), data((2,), np.bool_))


def test_join_the_rows_of_one_array():
    def f(a):
        return (np.concatenate(a), np.concatenate(a, axis=1), np.concatenate(a, axis=None),
                np.stack(a), np.stack(a, axis=-1), np.concatenate(a, dtype=np.float32),
                np.concat(a * 2, axis=-2))

    def g(a):
        return np.concatenate(a)

    acc = accelerate(f)
    assert_same(f, data((2, 3, 4), np.int16), accelerated=acc)
    assert_same(f, data((1, 2, 2), np.int16), accelerated=acc)
    assert_same(f, data((0, 2, 2), np.int16), accelerated=acc)  # nothing to join
    assert_same(g, data((3,)))  # rows are 0-d


def test_concatenate_lists_rows_and_empty():
    def f(a):
        return np.concatenate([a, [1, 2]]), np.concatenate(np.ones((2, 3), np.int8)), \
            np.concatenate([a])

    def g(a):
        return np.concatenate([])

    def h(a):
        return np.concatenate(a)

    assert_same(f, data((3,), np.int8))
    assert_same(g, data((3,)))
    assert_same(h, data((2, 3), np.float32))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, 3, -4])
def test_stack(axis):
    def f(a, b):
        return np.stack([a, b], axis=axis), np.stack((a, a, b), axis, dtype=np.float64)

    assert_same(f, data((2, 3), np.int16), data((2, 3), np.uint8))


@pytest.mark.parametrize("shapes", [((2,), (3,)), ((2,), (1, 2)), ((), ()), ((0,), (0,))])
def test_stack_shapes_and_errors(shapes):
    def f(a, b):
        return np.stack([a, b])

    assert_same(f, data(shapes[0]), data(shapes[1]))


def test_stack_of_nothing():
    def f(a):
        return np.stack([])

    assert_same(f, data((2,)))


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 2)])
def test_hstack_vstack_dstack_column_stack(shape):
    def f(a, b):
        return np.hstack([a, b]), np.vstack((a, b)), np.dstack([a, b]), np.column_stack([a, b])

    assert_same(f, data(shape, np.float32), data(shape, np.int32))


def test_stacks_of_scalars_and_errors():
    def f(x):
        return np.hstack([x, 2]), np.vstack([x, 2]), np.dstack([x, 2]), np.column_stack([x, 2])

    def g(a, b):
        return np.vstack([a, b])

    def h(a):
        return np.hstack([])

    def k(a, b):
        return np.hstack([a, b], dtype=np.int8)

    assert_same(f, 1)
    assert_same(g, data((2, 3)), data((2,)))
    assert_same(h, data((2,)))
    assert_same(k, data((2,), np.int8), data((2,), np.float32))


@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2])
def test_append(axis):
    kw = {"axis": axis}

    def f(a, b):
        return np.append(a, b, **kw)

    assert_same(f, data((2, 3), np.int8), data((2, 3), np.int64))


# --- splitting -------------------------------------------------------------------------

@pytest.mark.parametrize("ios", [1, 2, 3, 4, 6, 0, [2], [-2], [1, 3], [4, 2], [10], [], [0, 0],
                                 np.array([2, 4]), 2.0])
def test_split(ios):
    def f(a):
        return np.split(a, ios)

    assert_same(f, data((6,), np.int32))


@pytest.mark.parametrize("ios", [1, 2, 4, 7, 8, 0, -1, [1, 3], [-5, 2], 2.5])
def test_array_split(ios):
    def f(a):
        return np.array_split(a, ios)

    assert_same(f, data((6,), np.complex64))


@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_split_axis(axis):
    def f(a):
        return np.split(a, 2, axis=axis), np.array_split(a, [1, -1], axis=axis)

    assert_same(f, data((4, 2), np.bool_))


def test_split_with_run_time_points():
    def f(a, i):
        return np.split(a, [i, i + 2])

    acc = accelerate(f)
    for i in (0, 2, -3, 9):
        assert_same(f, data((7,)), i, accelerated=acc)


def test_split_zero_d_and_empty():
    def f(a):
        return np.split(a, 1)

    def g(a):
        return np.array_split(a, 3)

    assert_same(f, np.array(3.0))
    assert_same(g, data((0, 2)))


def test_hsplit_vsplit_dsplit_unstack():
    def f(a):
        return np.hsplit(a, 2), np.vsplit(a, [1]), np.dsplit(a, 2), np.unstack(a, axis=1)

    def g(a):
        return np.vsplit(a, 2)

    def h(a):
        return np.hsplit(a, 3)

    assert_same(f, data((2, 4, 2)))
    assert_same(g, data((4,)))
    assert_same(h, data((6,)))


# --- tile and repeat -------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_tile_and_repeat_over_dtypes(dtype):
    def f(a):
        return np.tile(a, 2), np.tile(a, (2, 1, 2)), np.repeat(a, 2), a.repeat(3, axis=0), \
            np.repeat(a, [1, 0, 2], axis=1)

    assert_same(f, data((2, 3), dtype))


@pytest.mark.parametrize("reps", [0, 1, (1, 1), (), (2, 0), (1, 1, 1), -1, (2, -1), [3]])
def test_tile_reps(reps):
    def f(a):
        return np.tile(a, reps)

    assert_same(f, data((2, 3)))
    assert_same(f, np.array(4.0))


def test_tile_with_run_time_reps():
    def f(a, n):
        return np.tile(a, (n, 2))

    acc = accelerate(f)
    assert_same(f, data((3,)), 2, accelerated=acc)
    assert_same(f, data((3,)), 0, accelerated=acc)
    assert_same(f, data((3,)), -1, accelerated=acc)


@pytest.mark.parametrize("repeats", [0, 2, [2], [1, 2, 3], [1, -1, 1], -1, [1, 2], 1.5,
                                     [1, 2, 3.7], np.array([1, 0, 2], np.int8), True,
                                     np.array([1.0, 2.0, 3.0]), [[1]],
                                     np.array([1, 2, 3], np.uint64)])
def test_repeat_counts(repeats):
    def f(a, b):
        return np.repeat(a, repeats), np.repeat(b, repeats, axis=-1)

    assert_same(f, data((3,)), data((2, 3)))


@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2, -3])
def test_repeat_axis(axis):
    kw = {"axis": axis}

    def f(a):
        return np.repeat(a, 2, **kw), a.repeat(2, **kw)

    assert_same(f, data((2, 3), np.uint16))


def test_repeat_zero_d_and_empty():
    def f(a):
        return np.repeat(a, 3), np.repeat(a, 2, axis=0)

    def g(a):
        return np.repeat(a, 2, axis=1)

    assert_same(f, np.array(5))
    assert_same(f, data((0,)))
    assert_same(g, np.array(5))


def test_repeat_run_time_counts():
    def f(a, n):
        return np.repeat(a, n, axis=0), np.repeat(a, n)

    def g(a, r):
        return np.repeat(a, r, axis=0)

    acc = accelerate(f)
    for n in (0, 2, -1):
        assert_same(f, data((2, 2)), n, accelerated=acc)
    acc = accelerate(g)
    assert_same(g, data((3, 2)), np.array([1, 0, 3]), accelerated=acc)
    assert_same(g, data((3, 2)), np.array([2]), accelerated=acc)
    assert_same(g, data((3, 2)), np.array([1, 2]), accelerated=acc)
    assert_same(g, data((3, 2)), np.array([1, -1, 2]), accelerated=acc)
    assert_same(g, data((3, 2)), np.array([1.0, 2.0, 3.0]))


# --- flip, roll, rot90 -----------------------------------------------------------------

@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), (), 3, (0, 0)])
def test_flip(axis):
    kw = {"axis": axis}

    def f(a):
        return np.flip(a, **kw)

    assert_same(f, data((2, 3, 2), np.complex128))


def test_flip_zero_d_gives_scalar_and_lr_ud():
    def f(a):
        return np.flip(a)

    def g(a):
        return np.fliplr(a), np.flipud(a)

    def h(a):
        return np.flipud(a)

    def k(a):
        return np.fliplr(a)

    got = assert_same(f, np.array(3.0))
    assert isinstance(got, np.float64)
    assert_same(g, data((2, 3), np.bool_))
    assert_same(h, np.array(3.0))
    assert_same(k, data((3,)))


@pytest.mark.parametrize("shift,axis", [
    (1, None), (-2, None), (7, 0), ((1, 2), 0), ((1, 2), (0, 1)), (1, (0, 1)), ((1, -1), None),
    (2**40, 1), (-1, -1), ((1, 2), (0, 1, 0)), (1, 2), (1.5, 0), ([[1]], 0), (0, 0), (3, (1, 1)),
])
def test_roll(shift, axis):
    kw = {"axis": axis}

    def f(a):
        return np.roll(a, shift, **kw)

    assert_same(f, data((2, 3), np.int64))


def test_roll_run_time_shift_and_edge_shapes():
    def f(a, s):
        return np.roll(a, s), np.roll(a, s, axis=-1), np.roll(a, (s, 1), axis=(0, 0))

    acc = accelerate(f)
    for s in (0, 1, -4, 100):
        assert_same(f, data((2, 3)), s, accelerated=acc)
    assert_same(f, data((0, 3)), 1, accelerated=acc)

    def g(a):
        return np.roll(a, 1)

    assert_same(g, np.array(2.0))


@pytest.mark.parametrize("k,axes", [(1, (0, 1)), (2, (0, 1)), (3, (0, 1)), (-1, (1, 0)),
                                    (4, (0, 1)), (1, (0, 2)), (1, (-1, 0)), (1, (0, 0)),
                                    (1, (0, 3)), (1, (0,))])
def test_rot90(k, axes):
    def f(a):
        return np.rot90(a, k, axes)

    assert_same(f, data((2, 3, 4)))


# --- pad -------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [0, 1, 2, 5, (1, 2), ((1, 0), (2, 3)), ((3,), (1,)),
                                   [[4, 1]], ((0, 0), (7, 0)), {1: (1, 2)}, {-2: 3}])
def test_pad_modes_and_widths(width):
    def f(a):
        return (np.pad(a, width), np.pad(a, width, mode="edge"), np.pad(a, width, "wrap"),
                np.pad(a, width, "reflect"), np.pad(a, width, mode="symmetric"))

    assert_same(f, data((3, 2), np.int16))


def pad_all_modes(a):
    return (np.pad(a, (2, 3)), np.pad(a, (2, 3), "edge"), np.pad(a, (2, 3), "wrap"),
            np.pad(a, (2, 3), "reflect"), np.pad(a, (2, 3), "symmetric"))


@pytest.mark.parametrize("dtype", SOME_DTYPES)
def test_pad_dtypes(dtype):
    assert_same(pad_all_modes, data((4,), dtype))
    assert_same(pad_all_modes, data((1, 2), dtype))


@pytest.mark.parametrize("values", [7, 1.7, (1, 2), ((1, 2), (3, 4)), ((5,), (6,)), 300, -1,
                                    np.float32(2.5), [[1, 2]], (1, 2, 3), np.inf])
def test_pad_constant_values(values):
    def f(a, b, c):
        return (np.pad(a, 1, constant_values=values), np.pad(b, 1, constant_values=values),
                np.pad(c, 1, constant_values=values))

    assert_same(f, data((2, 3), np.uint8), data((2, 3), np.float32), data((2, 3), np.bool_))


@pytest.mark.parametrize("dtype", [np.int8, np.float64])
def test_pad_constant_nan(dtype):
    def f(a):
        return np.pad(a, 1, constant_values=np.nan)

    assert_same(f, data((2, 3), dtype))


@pytest.mark.parametrize("args", [
    {"pad_width": -1}, {"pad_width": 1.5}, {"pad_width": (1, 2, 3)},
    {"pad_width": 1, "mode": "foo"}, {"pad_width": 1, "mode": "edge", "constant_values": 3},
    {"pad_width": ((1, 2), (3, 4), (5, 6))}, {"pad_width": 1, "mode": "maximum"},
    {"pad_width": 1, "mode": "reflect", "reflect_type": "odd"}, {"pad_width": 1, "mode": "mean"},
])
def test_pad_errors_and_other_modes(args):
    def f(a):
        return np.pad(a, **args)

    assert_same(f, data((2, 3)))


@pytest.mark.parametrize("mode", ["constant", "edge", "wrap", "reflect", "symmetric"])
def test_pad_empty_and_zero_d(mode):
    def f(a):
        return np.pad(a, 1, mode)

    def g(a):
        return np.pad(a, ((1, 1), (0, 0)), mode)

    assert_same(f, data((0,)))
    assert_same(g, data((0, 2)))
    assert_same(g, data((2, 0)))
    got = assert_same(f, np.array(2.0))
    assert isinstance(got, np.ndarray)


def test_pad_with_run_time_widths_and_values():
    def f(a, n, v):
        return np.pad(a, (n, 1), constant_values=v), np.pad(a, n, mode="reflect")

    def g(a, v):
        return np.pad(a, 1, constant_values=v)

    acc = accelerate(f)
    for n in (0, 2, 5):
        assert_same(f, data((3,)), n, 2.5, accelerated=acc)
    assert_same(f, data((3,)), -1, 2.5, accelerated=acc)
    acc = accelerate(g)
    assert_same(g, data((3,), np.int32), 2.7, accelerated=acc)
    assert_same(g, data((3,), np.int32), float("nan"), accelerated=acc)
    assert_same(g, data((3,), np.uint8), 300)


# --- triangles, diagonals, trace -------------------------------------------------------

def tri_fn(a, k):
    return np.triu(a, k), np.tril(a, k=k), np.triu(a), np.tril(a, -1)


@pytest.mark.parametrize("shape", [(3, 4), (4, 3), (2, 3, 3), (3,), (0, 2)])
def test_triu_tril(shape):
    acc = accelerate(tri_fn)
    for k in (0, 1, -1, 3, -5):
        assert_same(tri_fn, data(shape, np.int8), k, accelerated=acc)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_triu_tril_dtypes_and_run_time_k(dtype):
    def f(a, k):
        return np.triu(a, k), np.tril(a, k)

    assert_same(f, data((3, 3), dtype), -1)


def test_triu_zero_d_and_float_k():
    def f(a):
        return np.triu(a)

    def g(a):
        return np.tril(a, 1.5)

    assert_same(f, np.array(1.0))
    assert_same(g, data((2, 2)))


def diag_fn(a, k):
    return np.diag(a, k), np.diag(a), np.diag(a, -2)


@pytest.mark.parametrize("shape", [(3,), (3, 3), (2, 4), (4, 2), (0,), (0, 3), (), (2, 2, 2)])
def test_diag(shape):
    acc = accelerate(diag_fn)
    for k in (0, 1, -1, 2, -3, 5):
        assert_same(diag_fn, data(shape, np.float32), k, accelerated=acc)


@pytest.mark.parametrize("offset,axis1,axis2", [(0, 0, 1), (1, 0, 1), (-1, 1, 0), (2, 0, 2),
                                                (0, -1, 0), (5, 0, 1), (0, 1, 1), (0, 0, 3)])
def test_diagonal(offset, axis1, axis2):
    def f(a):
        return np.diagonal(a, offset, axis1, axis2), a.diagonal(offset, axis1=axis1, axis2=axis2)

    assert_same(f, data((3, 4, 2), np.uint32))


def test_diagonal_run_time_offset_and_errors():
    def f(a, k):
        return np.diagonal(a, k), np.diag(a, k), np.trace(a, k)

    def g(a):
        return np.diagonal(a)

    acc = accelerate(f)
    for k in (0, 2, -1, 9):
        assert_same(f, data((3, 4)), k, accelerated=acc)
    assert_same(g, data((3,)))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_trace_dtypes(dtype):
    def f(a):
        return np.trace(a), a.trace(1), np.trace(a, dtype=np.float32), np.trace(a, -1, 1, 0)

    assert_same(f, data((3, 3), dtype))


def test_trace_batch_and_errors():
    def f(a):
        return np.trace(a, axis1=1, axis2=2), np.trace(a, dtype=bool), a.trace(dtype=np.int8)

    def g(a):
        return np.trace(a)

    assert_same(f, data((2, 3, 3), np.int32))
    assert_same(g, data((3,)))
    assert_same(g, data((0, 0), np.int8))


# --- broadcasting ----------------------------------------------------------------------

@pytest.mark.parametrize("shape,target", [((3,), (2, 3)), ((1,), (4,)), ((), (2, 2)), ((), ()),
                                          ((3,), (3,)), ((3,), (2,)), ((2, 1), (2, 3)),
                                          ((3,), 3), ((2, 3), (3,)), ((3,), (2, -1)),
                                          ((1,), (0,)), ((3,), (1, 3))])
def test_broadcast_to(shape, target):
    def f(a):
        return np.broadcast_to(a, target)

    assert_same(f, data(shape, np.int16))


def test_broadcast_to_run_time_shape():
    def f(a, n):
        return np.broadcast_to(a, (n, a.shape[0]))

    acc = accelerate(f)
    for n in (0, 3):
        assert_same(f, data((2,)), n, accelerated=acc)
    assert_same(f, data((2,)), -1, accelerated=acc)


@pytest.mark.parametrize("shapes", [((3,), (2, 3)), ((2, 1), (1, 3)), ((), (2,)), ((0,), (1,)),
                                    ((2,), (3,)), ((0,), (3,)), ((2, 1, 3), (4, 1))])
def test_broadcast_arrays(shapes):
    def f(a, b):
        return np.broadcast_arrays(a, b)

    assert_same(f, data(shapes[0], np.float16), data(shapes[1], np.bool_))


def test_broadcast_arrays_of_nothing_and_one():
    def f(a):
        return np.broadcast_arrays(), np.broadcast_arrays(a), np.broadcast_arrays(a, 1)

    assert_same(f, data((2,)))


@pytest.mark.parametrize("indexing", ["xy", "ij", "zz"])
@pytest.mark.parametrize("sparse", [False, True])
def test_meshgrid(indexing, sparse):
    def f(a, b, c):
        return (np.meshgrid(a, b, c, indexing=indexing, sparse=sparse),
                np.meshgrid(a, b, indexing=indexing, sparse=sparse),
                np.meshgrid(a, indexing=indexing), np.meshgrid())

    assert_same(f, data((2,)), data((3,), np.int8), data((2, 2), np.complex64))


# --- shape, ndim, size -----------------------------------------------------------------

def test_shape_ndim_size():
    def f(a, x):
        return (np.shape(a), np.ndim(a), np.size(a), np.size(a, 1), np.size(a, (0, -1)),
                np.shape(x), np.ndim([[1, 2]]), np.size([[1, 2], [3, 4]], 0), np.shape([1, 2]))

    def g(a):
        return np.size(a, 2)

    assert_same(f, data((2, 3)), 1.5)
    assert_same(f, data((0, 4)), 1)
    assert_same(g, data((2, 3)))


def test_shape_values_feed_later_ops():
    def f(a):
        n, m = np.shape(a)
        return np.zeros((m, n)) + a.T, np.size(a) * 2

    assert_same(f, data((2, 3)))


# --- properties (hypothesis) -----------------------------------------------------------

@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
                  elements=st.floats(-10, 10, width=32)),
       st.integers(-5, 5))
def test_roll_flip_swap_property(a, shift):
    assert_same(_roll, a, shift, accelerated=_ROLL_ACC)


def _roll(a, shift):
    ax = -1
    return (np.roll(a, shift, ax), np.flip(a, ax), np.swapaxes(a, 0, -1),
            np.moveaxis(a, 0, -1), np.reshape(a, (-1,)), np.expand_dims(a, 1))


_ROLL_ACC = accelerate(_roll)


@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.int32, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=5),
                  elements=st.integers(-100, 100)),
       st.sampled_from(["constant", "edge", "wrap", "reflect", "symmetric"]),
       st.integers(0, 9), st.integers(0, 9))
def test_pad_property(a, mode, before, after):
    fn, acc = _PAD[mode]
    assert_same(fn, a, before, after, accelerated=acc)


def _pad_constant(a, before, after):
    return np.pad(a, (before, after), "constant")


def _pad_edge(a, before, after):
    return np.pad(a, (before, after), "edge")


def _pad_wrap(a, before, after):
    return np.pad(a, (before, after), "wrap")


def _pad_reflect(a, before, after):
    return np.pad(a, (before, after), "reflect")


def _pad_symmetric(a, before, after):
    return np.pad(a, (before, after), "symmetric")


_PAD = {fn.__name__[5:]: (fn, accelerate(fn))
        for fn in (_pad_constant, _pad_edge, _pad_wrap, _pad_reflect, _pad_symmetric)}


@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.int16, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
                  elements=st.integers(-100, 100)), st.integers(1, 4))
def test_split_tile_repeat_property(a, n):
    assert_same(_split_tile, a, n, accelerated=_SPLIT_ACC)


def _split_tile(a, n):
    return np.array_split(a, 3, axis=-1), np.tile(a, (n, 1)), np.repeat(a, n, axis=0), \
        np.diagonal(np.atleast_2d(a), 0, 0, -1), np.triu(np.atleast_2d(a), n - 2)


_SPLIT_ACC = accelerate(_split_tile)


# --- static shapes inside graphs (later ops need ranks) --------------------------------

def _graph_shapes(rule, specs, *extra, **kwargs):
    """Static shapes of ``rule``'s results traced with dims unknown (as in a graph)."""
    import np2tf.runtime.ops  # noqa: F401 - fills the table
    import tensorflow as tf
    from np2tf.runtime.registry import FUNCTIONS

    out = {}

    def g(*ts):
        args = [list(ts)] if rule in ("concatenate", "stack") else list(ts)
        r = FUNCTIONS[rule](*args, *extra, **kwargs)
        out["shapes"] = [x.shape.as_list() for x in (r if isinstance(r, (list, tuple))
                                                     else [r])]
        return r

    tf.function(g, autograph=False).get_concrete_function(
        *[tf.TensorSpec(s, tf.float32) for s in specs])
    return out["shapes"]


@pytest.mark.parametrize("rule,specs,extra,kwargs,expected", [
    ("reshape", [[None]], [(2, -1)], {}, [[2, None]]),
    ("reshape", [[None, 3]], [(-1, 6)], {}, [[None, 6]]),
    ("transpose", [[None, 3, None]], [], {}, [[None, 3, None]]),
    ("concatenate", [[None, 3], [None, 3]], [], {}, [[None, 3]]),
    ("stack", [[None, 3], [None, None]], [], {"axis": 1}, [[None, 2, 3]]),
    ("squeeze", [[None, 1, 4]], [], {"axis": 1}, [[None, 4]]),
    ("tile", [[None, 2]], [(3, 2)], {}, [[None, 4]]),
    ("repeat", [[None, 2]], [3], {"axis": 1}, [[None, 6]]),
    ("split", [[None, 4]], [2], {"axis": 1}, [[None, 2], [None, 2]]),
    ("pad", [[None, 2]], [((1, 1), (2, 0))], {"mode": "edge"}, [[None, 4]]),
    ("pad", [[None, 2]], [1], {}, [[None, 4]]),
    ("diagonal", [[3, None, 4]], [], {"axis1": 0, "axis2": 2}, [[None, 3]]),
    ("broadcast_to", [[None]], [(5, 3)], {}, [[5, 3]]),
    ("broadcast_arrays", [[None, 1], [3]], [], {}, [[None, 3], [None, 3]]),
    ("atleast_3d", [[None]], [], {}, [[1, None, 1]]),
    ("expand_dims", [[None, 2]], [(0, 2)], {}, [[1, None, 1, 2]]),
    ("roll", [[None, 2]], [1], {}, [[None, 2]]),
    ("triu", [[None]], [], {}, [[None, None]]),
])
def test_static_shapes_survive_unknown_dims(rule, specs, extra, kwargs, expected):
    assert _graph_shapes(rule, specs, *extra, **kwargs) == expected


def test_numpy_scalar_argument_stays_scalar():
    def f(x):
        return np.transpose(x), x, np.atleast_1d(x), np.reshape(x, ())

    def g(a):
        return (np.transpose(a), np.squeeze(a), a.reshape(()), np.moveaxis(a, [], []),
                np.permute_dims(a), a.transpose(), a.squeeze(), np.expand_dims(a, 0))

    def h(a):
        s = np.sum(a)
        return np.transpose(s), np.reshape(s, ()), np.ravel(s), np.squeeze(s)

    got = assert_same(f, np.float64(2.5))
    assert isinstance(got[1], np.float64) and isinstance(got[0], np.float64)
    assert isinstance(got[2], np.ndarray)
    assert_same(g, np.float32(2.5))
    assert_same(g, np.array(2.5))
    assert_same(g, 2.5)
    assert_same(h, data((2, 2)))
