"""In-place updates, views and aliasing: NumPy's results, and the caller's arrays."""
import numpy as np
import pytest

from np2tf import accelerate

from .diff import assert_same


def set_scalar(a):
    a[1] = 7
    a[-1] = 2.7          # float into an int array truncates
    return a


def set_slices(a, b):
    a[:, 1:3] = b
    a[::-1, 0] = np.arange(a.shape[0])
    return a.sum()


def set_mask(a):
    a[a > 3] = 0
    return a


def set_fancy(a, idx):
    a[idx] = 9
    a[idx] += 1          # repeated indices: applied once, as NumPy
    return a


def add_at(a, idx):
    np.add.at(a, idx, 1)  # repeated indices accumulate
    return a


def view_write(a):
    b = a[1:]
    b[0] = 5
    c = a.T
    c[0, 0] = -1
    return a


def alias_iadd(a):
    x = a
    x += 1
    x *= 2
    return a


def swap_rows(a):
    a[0], a[1] = a[1], a[0]   # rows are views: NumPy's answer has two equal rows
    return a


def overlap_add(a):
    a[1:] += a[:-1]
    return a


def kernel_no_return(C, A, B):
    C[:] = A @ B


def loop_update(C, n):
    for i in range(n):
        for j in range(C.shape[1]):
            C[i, j] = C[i, j] * 2 + i - j


def triangular(A):
    n = A.shape[0]
    for i in range(n):
        A[i, :i] = 0.0
    return A


def out_argument(a, b, out):
    np.multiply(a, b, out=out)
    np.add(out, 1, out=out)
    return out


def fill_and_copyto(a, b):
    a.fill(3)
    np.copyto(b, a)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.float64])
def test_setitem_scalar(dtype):
    assert_same(set_scalar, np.arange(5, dtype=dtype))


def test_setitem_overflow_raises_and_leaves_caller_unchanged():
    def f(a):
        a[0] = 1
        a[1] = 300
        return a

    a = np.zeros(3, np.int8)
    with pytest.raises(OverflowError):
        accelerate(f)(a)
    assert not a.any()   # a failed call does not write back


def test_setitem_slices_and_broadcast():
    assert_same(set_slices, np.zeros((4, 5)), np.ones((4, 2)))
    assert_same(set_slices, np.zeros((4, 5)), np.ones((3, 2)))  # ValueError: shapes


def test_setitem_mask_and_fancy():
    assert_same(set_mask, np.arange(8.0))
    assert_same(set_fancy, np.zeros(6), np.array([0, 0, 3, 5]))
    assert_same(add_at, np.zeros(6), np.array([0, 0, 3, 5]))


def test_setitem_out_of_bounds():
    assert_same(set_scalar, np.arange(1))


def test_views_and_aliases():
    assert_same(view_write, np.arange(9.0).reshape(3, 3))
    assert_same(alias_iadd, np.arange(4))
    assert_same(swap_rows, np.arange(6.0).reshape(2, 3))
    assert_same(overlap_add, np.arange(6))


def test_inplace_same_kind_casting():
    def f(a):
        a += 1.5
        return a

    assert_same(f, np.arange(3))                       # TypeError (UFuncTypeError)
    assert_same(f, np.arange(3, dtype=np.float32))     # stays float32

    def g(a):
        a *= np.float64(1.5)
        return a

    assert_same(g, np.arange(3, dtype=np.float32))


def test_kernels_that_return_nothing():
    A, B = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    assert_same(kernel_no_return, np.zeros((2, 4)), A, B)


@pytest.mark.parametrize("n", [0, 2, 4])
def test_updates_inside_lowered_loops(n):
    assert_same(loop_update, np.ones((4, 3)), n)


def test_loop_dependent_slices():
    assert_same(triangular, np.ones((5, 5)))


def test_out_arguments_fill_copyto():
    assert_same(out_argument, np.arange(3.0), np.arange(3.0), np.zeros(3))
    assert_same(fill_and_copyto, np.zeros(3), np.ones(3))


def test_read_only_argument():
    def f(a):
        a[0] = 1
        return a

    a = np.zeros(3)
    a.flags.writeable = False
    with pytest.raises(ValueError):
        accelerate(f)(a)


def test_functions_that_return_their_argument_alias_it():
    def f(a, z):
        b = a.astype(a.dtype, copy=False)
        b[0] = 7
        c = np.ascontiguousarray(a)
        c[1] = 8
        r = np.real(a)
        r[2] = 9
        z.real[0] = 5
        z.imag[1] = -1
        return a, z

    assert_same(f, np.arange(4.0), np.arange(3) + 1j)


def saxpy(a, x, y):
    y += a * x
    return y.sum()


def test_same_array_passed_twice_and_overlapping_arguments():
    v = np.ones(3)
    w = np.ones(3)
    acc = accelerate(saxpy)
    got = acc(2.0, v, v)        # one array seen through two names
    expected = saxpy(2.0, w, w)
    assert got == expected and np.array_equal(v, w)
    base1, base2 = np.arange(4.0), np.arange(4.0)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = acc(2.0, base1[:3], base1[1:])   # overlapping views: runs in NumPy
    assert got == saxpy(2.0, base2[:3], base2[1:]) and np.array_equal(base1, base2)


def scale_columns(A):
    for j in range(A.shape[1]):     # 20 columns: a graph loop (not unrolled)
        col = A[:, j]
        col *= 2.0


def center_rows(A):
    for row in A:
        row -= row.mean()


def test_writes_through_views_made_inside_graph_loops():
    assert_same(scale_columns, np.arange(60.0).reshape(3, 20))
    assert_same(center_rows, np.arange(60.0).reshape(20, 3))


# --- one element at run-time indices (the scatter-one-value path), XLA and plain graphs --

def set_element(a, i, j, v):
    a[i, j] = v
    return a[i, j]


def add_to_element(a, i, j, v):
    a[i, j] += v
    return a[i, -j]


def set_element_plain_graph(a, i, j, v):
    a[i, j] = v
    return a[a > 0]  # a data-dependent shape: this signature runs as a plain graph


@pytest.mark.parametrize("fn", [set_element, add_to_element, set_element_plain_graph])
@pytest.mark.parametrize("i,j", [(0, 0), (2, 3), (-1, -4), (3, 0), (0, -5), (-4, 1)])
def test_element_write_at_runtime_indices(fn, i, j):
    # out-of-bounds pairs must raise NumPy's IndexError, and leave the argument unchanged
    assert_same(fn, np.arange(12.0).reshape(3, 4), i, j, 2.5)


@pytest.mark.parametrize("fn", [set_element, set_element_plain_graph])
@pytest.mark.parametrize("dtype,v", [(np.int16, 2.7), (np.int8, 300), (np.int8, -7),
                                     (np.uint8, 3), (np.bool_, 0), (np.complex64, 1.5)])
def test_element_write_casts_as_numpy(fn, dtype, v):
    # float into int truncates; a Python int that does not fit raises OverflowError
    assert_same(fn, np.ones((3, 4), dtype), 1, 2, v)


@pytest.mark.parametrize("fn", [set_element, set_element_plain_graph])
@pytest.mark.parametrize("shape", [(0, 4), (3, 0)])
def test_element_write_into_empty_axis_raises(fn, shape):
    assert_same(fn, np.ones(shape), 0, 0, 1.0)
