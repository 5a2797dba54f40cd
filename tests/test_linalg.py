"""Linear algebra against NumPy: matmul/@, dot, vdot, inner, outer, kron, tensordot,
einsum, linalg.norm, solve, inv, det, slogdet, cholesky, matrix_power.

Products are checked on values whose sums are exact in every dtype (multiples of 1/2),
so the comparison is as strict as diff.py's. Solvers run on well-conditioned matrices
(diagonally dominant); LAPACK and TF's Eigen agree there to rounding.
"""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .diff import assert_same_lowered, int_sample


def _rtol(dtype):
    # diff.py keys its tolerance on itemsize, which gives complex64 float64's 1e-12:
    # complex64 results carry float32 rounding, so they get float32's tolerance.
    return 2e-5 if np.dtype(dtype) == np.complex64 else None


same = assert_same_lowered  # lowered, and XLA unless told otherwise


def data(shape, dtype, seed=0):
    """Multiples of 1/2 in [-2, 2] (non-negative for unsigned): exact sums and products."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    ints = int_sample(rng, shape, dt)
    if ints is not None:
        return ints
    x = rng.integers(-4, 5, shape) / 2
    if dt.kind == "c":
        x = x + 1j * (rng.integers(-4, 5, shape) / 2)
    return np.asarray(x).astype(dt)


def well_conditioned(shape, dtype, seed=0):
    """A stack of diagonally dominant (so invertible) matrices, shape (..., n, n)."""
    rng = np.random.default_rng(seed)
    n = shape[-1]
    dt = np.dtype(dtype)
    if dt.kind in "iub":
        x = rng.integers(-2, 3, shape) + 3 * n * np.eye(n, dtype=np.int64)
        return x.astype(dt)
    x = rng.uniform(-1, 1, shape)
    if dt.kind == "c":
        x = x + 1j * rng.uniform(-1, 1, shape)
    return (x + 2 * n * np.eye(n)).astype(dt)


def positive_definite(shape, dtype, seed=0):
    a = well_conditioned(shape, dtype, seed)
    if np.dtype(dtype).kind in "iu":
        return (np.swapaxes(a, -1, -2) @ a).astype(dtype)
    return np.conj(np.swapaxes(a, -1, -2)) @ a


# --- matmul and @ -------------------------------------------------------------------

def mm(a, b):
    return np.matmul(a, b), a @ b


def matmuls(a23, b34, v3, b32, s4123, s532, e03, e20, s302, b24):
    """Every shape rule in one compile: 2-d, 1-d promoted on either side or both,
    batch broadcasting, empty operands and an empty sum (zeros)."""
    return (a23 @ b34, np.matmul(v3, v3), a23 @ v3, v3 @ b32, s4123 @ s532, a23 @ s532,
            e03 @ b32, e20 @ e03, s302 @ b24)


def matmul_operands(dtype):
    shapes = [(2, 3), (3, 4), (3,), (3, 2), (4, 1, 2, 3), (5, 3, 2), (0, 3), (2, 0), (3, 0, 2),
              (2, 4)]
    return [data(s, dtype, i) for i, s in enumerate(shapes)]


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.int32, np.int64, np.uint32,
                                   np.uint64, np.float16, np.float32, np.complex128])
def test_matmul(dtype):
    same(matmuls, *matmul_operands(dtype), rtol=_rtol(dtype))


def test_matmul_mixed_dtypes_and_bool():
    def f(a, b, c, d, e, g, h, k, m, n, p, q):
        return a @ b, c @ d, np.matmul(e, g), h @ k, m @ n, p @ q
    pairs = [(np.int8, np.uint8), (np.bool_, np.int16), (np.int64, np.float32),
             (np.uint64, np.int64), (np.float16, np.complex64), (np.int32, np.complex128)]
    same(f, *[data(s, d, i) for i, (da, db) in enumerate(pairs)
              for s, d in (((2, 3), da), ((3, 2), db))])
    same(mm, np.array([[True, False], [False, False]]), np.array([[True, True], [True, False]]))


def test_matmul_integer_overflow_wraps():
    def f(a, b, c, d, e, g):
        return a @ a, np.matmul(b, b), np.dot(c, c), np.einsum("ij,ij->i", d, d), \
            np.tensordot(e, e, 1), np.inner(g, g)
    xs = []
    for dtype in (np.int8, np.uint8, np.int16, np.uint32, np.int64, np.uint64):
        info = np.iinfo(dtype)
        xs.append(np.array([[info.max // 3 + 7, 5], [2, info.max]], dtype))
    same(f, *xs)


def test_matmul_dtype_and_lists():
    def f(a):
        return np.matmul(a, a, dtype=np.float32), np.matmul([[1, 2], [3, 4]], a)
    same(f, data((2, 2), np.int16))


@pytest.mark.parametrize("sa,sb", [((2, 3), (2, 3)), ((), (3,)), ((3,), ()),
                                   ((2, 2, 3), (3, 3, 2))])
def test_matmul_errors(sa, sb):
    same(mm, np.ones(sa), np.ones(sb))


def test_matmul_python_scalar_raises():
    def f(a):
        return a @ 2
    same(f, np.ones(3))


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3),
       st.sampled_from([(), (2,), (3, 1)]), st.sampled_from([(), (1,), (3, 2)]))
def test_matmul_shapes_hypothesis(n, k, m, ba, bb):
    same(mm, data(ba + (n, k), np.float64, 3), data(bb + (k, m), np.float64, 4))


# --- dot, vdot, inner, outer, kron, tensordot -------------------------------------

def products(a23, b34, v3, b32, s243, s532, a43, s235, e03, e20, v0, z):
    """np.dot's cases (and a.dot), vdot, inner, outer in one compile."""
    return (np.dot(a23, b34), a23.dot(v3), np.dot(v3, v3), np.dot(v3, b32),
            np.dot(s243, v3), np.dot(s243, s532), np.dot(a43, s235), np.dot(e03, b32),
            np.dot(e20, v0), np.dot(z, a23), np.dot(b32, z), np.dot(z, z),
            np.vdot(a23, a23), np.vdot(v3, v3), np.vdot(v0, v0),
            np.inner(v3, v3), np.inner(a23, a23), np.inner(s243, v3), np.inner(z, a23),
            np.inner(e03, a23), np.outer(v3, b32), np.outer(a23, v0), np.outer(z, v3))


def product_operands(dtype):
    shapes = [(2, 3), (3, 4), (3,), (3, 2), (2, 4, 3), (5, 3, 2), (4, 3), (2, 3, 5), (0, 3),
              (2, 0), (0,), ()]
    return [data(s, dtype, i) for i, s in enumerate(shapes)]


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint64, np.float16, np.float64,
                                   np.complex64])
def test_products(dtype):
    same(products, *product_operands(dtype), rtol=_rtol(dtype))


def test_dot_python_scalars():
    def f(a, n):
        return np.dot(a, 3), np.dot(2.5, a), np.dot(a, n), np.dot(3, 4), np.dot(a, True), \
            np.inner(a, 2), np.vdot(3, n)
    same(f, data((3,), np.int8), 7)
    same(f, data((2, 2), np.float32), 2)


@pytest.mark.parametrize("sa,sb", [((2, 3), (2,)), ((2, 3, 4), (5, 3)), ((2, 3), (4, 0))])
def test_product_errors(sa, sb):
    def dot(a, b):
        return np.dot(a, b)

    def inner(a, b):
        return np.inner(a, b)

    def vdot(a, b):
        return np.vdot(a, b)
    a, b = np.ones(sa), np.ones(sb)
    same(dot, a, b)
    same(inner, a, b)
    same(vdot, a, b)


def krons(a22, b32, v3, s212, z, e02):
    return (np.kron(a22, b32), np.kron(v3, a22), np.kron(s212, v3), np.kron(z, b32),
            np.kron(z, z), np.kron(e02, v3))


@pytest.mark.parametrize("dtype", [np.bool_, np.uint32, np.complex64])
def test_kron(dtype):
    shapes = [(2, 2), (3, 2), (3,), (2, 1, 2), (), (0, 2)]
    same(krons, *[data(s, dtype, i) for i, s in enumerate(shapes)])


def tensordots(a234, b345, a23, b34, b45, v3, s423, e03, e30, b32):
    return (np.tensordot(a234, b345), np.tensordot(a23, b34, 1), np.tensordot(a23, b45, 0),
            np.tensordot(v3, v3, 1), np.tensordot(a234, s423, ([0, 1], [1, 2])),
            np.tensordot(a234, b32, axes=((1, 0), (0, 1))), np.tensordot(a23, b34, ([-1], [0])),
            np.tensordot(e03, e30, 1), np.tensordot(a234, s423, (2, 0)))


@pytest.mark.parametrize("dtype", [np.bool_, np.uint16, np.float16, np.complex64])
def test_tensordot(dtype):
    shapes = [(2, 3, 4), (3, 4, 5), (2, 3), (3, 4), (4, 5), (3,), (4, 2, 3), (0, 3), (3, 0),
              (3, 2)]
    same(tensordots, *[data(s, dtype, i) for i, s in enumerate(shapes)], rtol=_rtol(dtype))


@pytest.mark.parametrize("sa,sb,axes", [((2, 3), (4, 5), 1), ((2, 3), (3, 2), 3),
                                        ((2, 3), (3, 2), ([0, 1], [0]))])
def test_tensordot_errors(sa, sb, axes):
    def f(a, b, axes):
        return np.tensordot(a, b, axes)
    same(f, np.ones(sa), np.ones(sb), axes)


# --- einsum -------------------------------------------------------------------------

def einsums(a23, b34, c33, v4, u2, w3, s223, s232, s2123, s432, t234, t43, e03, e0, z, o12,
            o13, b32):
    return (np.einsum("ij,jk->ik", a23, b34), np.einsum("ij,jk", a23, b34),
            np.einsum("ii->i", c33), np.einsum("ii", c33), np.einsum("ij->ji", a23),
            np.einsum("ij->", a23), np.einsum("i,i", v4, v4), np.einsum("i,j->ij", u2, w3),
            np.einsum("bij,bjk->bik", s223, s232), np.einsum("...ij,...jk->...ik", s2123, s432),
            np.einsum("...j,j", a23, w3), np.einsum("i...,i...", a23, a23),
            np.einsum("ba,ab", a23, b32), np.einsum("ijk,kj,i->k", t234, t43, u2),
            np.einsum("Ab,bC->CA", a23, b32), np.einsum("ij,jk", a23, o12),
            np.einsum("ij,ij->i", a23, o13), np.einsum("i,->i", w3, z),
            np.einsum("ij,jk->ik", e03, b32), np.einsum("i->", e0),
            np.einsum(" i j , j k -> k i ", a23, b34), np.einsum("...", z))


def einsum_operands(dtype):
    shapes = [(2, 3), (3, 4), (3, 3), (4,), (2,), (3,), (2, 2, 3), (2, 3, 2), (2, 1, 2, 3),
              (4, 3, 2), (2, 3, 4), (4, 3), (0, 3), (0,), (), (1, 2), (1, 3), (3, 2)]
    return [data(s, dtype, i) for i, s in enumerate(shapes)]


@pytest.mark.parametrize("dtype", [np.bool_, np.uint64, np.float16, np.complex64])
def test_einsum(dtype):
    same(einsums, *einsum_operands(dtype), rtol=_rtol(dtype))


def test_einsum_mixed_and_scalars():
    def f(a, b):
        return np.einsum("i,i->i", a, b), np.einsum("i,->i", a, 3), np.einsum("i,->i", a, 2.5), \
            np.einsum("i,j", a, b, optimize=True), \
            np.einsum("i,i", a, b, dtype=np.float32, casting="unsafe")
    same(f, data((3,), np.int8), data((3,), np.float32))


@pytest.mark.parametrize("subscripts,shapes", [("ij,jk", [(2, 3), (2, 2)]), ("ii", [(2, 3)]),
                                               ("ij,jk", [(2, 3)]), ("ij->k", [(2, 3)]),
                                               ("ii", [(1, 3)]), ("i,i", [(0,), (1,)]),
                                               ("i,i", [(0,), (2,)]),
                                               ("...i,...i", [(2, 3), (3, 3)])])
def test_einsum_errors(subscripts, shapes):
    def one(subscripts, a):
        return np.einsum(subscripts, a)

    def two(subscripts, a, b):
        return np.einsum(subscripts, a, b)
    same(one if len(shapes) == 1 else two, subscripts, *[np.ones(s) for s in shapes])


def test_einsum_operand_list_falls_back():
    def f(a, b):
        return np.einsum(a, [0, 1], b, [1, 2])
    same(f, data((2, 3), np.float64), data((3, 2), np.float64), lowered=False)


# --- linalg.norm --------------------------------------------------------------------

def vector_norms(x):
    n = np.linalg.norm
    return (n(x, None, 1), n(x, 2, 1), n(x, 1, 1), n(x, np.inf, 1), n(x, -np.inf, 1),
            n(x, 0, 1), n(x, 3, -2, True), n(x, 0.5, 0, True), n(x, -1, -1), n(x, -2, 1, True),
            n(x), n(x, keepdims=True), n(x, axis=0), n(x, 1, axis=(0, 1)))


@pytest.mark.parametrize("dtype", [np.bool_, np.int16, np.float16, np.float32, np.complex128])
def test_vector_norms(dtype):
    same(vector_norms, data((3, 4), dtype, 5), rtol=_rtol(dtype))


def plain_matrix_norms(x, m):
    n = np.linalg.norm
    return (n(m), n(m, "fro"), n(m, 1), n(m, -1), n(m, np.inf), n(m, -np.inf),
            n(x, "fro", (2, 0), True), n(x, 1, (-2, -1)), n(x, -1, (0, 2)),
            n(x, np.inf, (2, 1), True), n(x, -np.inf, (1, 0)), n(x, None, (0, 1)),
            n(x, axis=(-1, -3)))


def svd_matrix_norms(x, m):
    n = np.linalg.norm
    return (n(m, 2), n(m, -2), n(m, "nuc"), n(x, 2, (2, 0), True), n(x, -2, (-2, -1)),
            n(x, "nuc", (0, 2)))


@pytest.mark.parametrize("dtype", [np.int64, np.float16, np.float32, np.complex64])
def test_matrix_norms(dtype):
    x = data((2, 3, 4), dtype, 6)
    m = data((3, 5), dtype, 7)
    same(plain_matrix_norms, x, m, rtol=_rtol(dtype))
    # SVDs are kept out of XLA (slow to compile); float16 raises NumPy's TypeError
    same(svd_matrix_norms, x, m, rtol=_rtol(dtype), xla=False)


def test_norm_overflow_in_half():
    same(vector_norms, np.full((3, 4), 300, np.float16))


def test_norms_nan_inf():
    v = np.array([[1.0, np.nan, -2.0, 0.0], [np.inf, 1.0, -0.0, 2.0], [0.0, 0.0, 0.0, -3.0]])
    m = np.array([[np.inf, 1.0, 0.0], [0.0, 1.0, 2.0], [1.0, 1.0, 1.0], [2.0, 0.0, 1.0],
                  [1.0, -1.0, 1.0]])
    same(vector_norms, v)
    same(plain_matrix_norms, v.reshape(2, 3, 2), m)
    same(plain_matrix_norms, v.reshape(2, 3, 2), m.T)
    same(svd_matrix_norms, np.ones((2, 3, 4)), m, xla=False)  # inf: NaN singular values
    same(svd_matrix_norms, v.reshape(2, 3, 2), m, xla=False)  # NaN: LinAlgError (SVD)


def empty_norms(v, m):
    n = np.linalg.norm
    return (n(v, np.inf, 0), n(v, 1, 0), n(v, 2, 0), n(v, 0, 0), n(v, 3, 0), n(m, 2),
            n(m, "nuc"), n(m, 1), n(m, np.inf), n(m, "fro"))


def test_norms_empty():
    same(empty_norms, np.zeros((0, 3)), np.zeros((0, 3)), xla=False)
    same(empty_norms, np.zeros((3, 0)), np.zeros((3, 0)), xla=False)


@pytest.mark.parametrize("args", [((0, 3), -np.inf, 0), ((3, 0), -1, None),
                                  ((0, 3), -2, None), ((3, 0), -np.inf, None)])
def test_norms_empty_without_identity(args):
    shape, ord, axis = args

    def f(x, ord, axis):
        return np.linalg.norm(x, ord, axis)
    same(f, np.zeros(shape), ord, axis)


@pytest.mark.parametrize("args", [("fro", 0), ("nuc", None), ("bad", (0, 1)), (1, None),
                                  (None, (0, 0)), (None, 3), (2, (0, 1, 2)), (None, 1.5)])
def test_norm_errors(args):
    ord, axis = args

    def f(x, ord, axis):
        return np.linalg.norm(x, ord, axis)
    x = np.ones(3) if ord in ("fro", "nuc") else np.ones((2, 3)) if axis == (0, 0) \
        else np.ones((2, 3, 4))
    same(f, x, ord, axis)
    if ord == 1:
        same(f, np.ones((2, 2), np.float16), 2, None)  # float16 SVD: TypeError


# --- solvers ------------------------------------------------------------------------

def solves(a3, b3, b32, s233, b3_, s2331, s33, c33, b432, e00, e0, e200, e03):
    """NumPy 2's rules for b: a vector only when 1-d, else a stack of (M, K) matrices."""
    s = np.linalg.solve
    return (s(a3, b3), s(a3, b32), s(s233, b3_), s(s233, s2331), s(s233, b32), s(c33, b432),
            s(e00, e0), s(e200, e03), s(s33, b3))


def solve_operands(dtype):
    return [well_conditioned((3, 3), dtype, 0), data((3,), dtype, 1), data((3, 2), dtype, 2),
            well_conditioned((2, 3, 3), dtype, 3), data((3,), dtype, 4),
            data((2, 3, 1), dtype, 5), well_conditioned((1, 3, 3), dtype, 6),
            well_conditioned((3, 3), dtype, 7), data((4, 3, 2), dtype, 8), np.zeros((0, 0), dtype),
            np.zeros((0,), dtype), np.zeros((2, 0, 0), dtype), np.zeros((0, 3), dtype)]


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.float64, np.complex64])
def test_solve(dtype):
    same(solves, *solve_operands(dtype), xla=False, rtol=_rtol(dtype))


def test_solve_mixed_dtypes():
    def f(a, b, c, d, e, g):
        return np.linalg.solve(a, b), np.linalg.solve(c, d), np.linalg.solve(e, g), \
            np.linalg.solve(a, g)
    a = well_conditioned((3, 3), np.int8)
    same(f, a, data((3,), np.float32), np.eye(3, dtype=bool), data((3, 2), np.complex64),
         well_conditioned((3, 3), np.float32), data((3,), np.float64), xla=False)


def solve(a, b):
    return np.linalg.solve(a, b)


@pytest.mark.parametrize("a,b", [
    (np.zeros((2, 2)), np.ones(2)),                                  # singular
    (np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones(2)),                # rank 1
    (np.stack([np.eye(2), [[1.0, 1.0], [0.0, 0.0]]]), np.ones(2)),   # one singular in a stack
    (np.ones((2, 3)), np.ones(2)),                                   # not square: LinAlgError
    (np.ones(3), np.ones(3)),                                        # 1-d: LinAlgError
    (np.eye(3), np.ones(2)),                                         # b mismatch: ValueError
    (np.eye(3), np.ones((2, 3))),
    (np.eye(3), np.float64(1.0)),
    (np.ones((2, 2), np.float16), np.ones(2)),                       # float16: TypeError
    (np.array([[np.nan, 0.0], [0.0, 1.0]]), np.ones(2)),             # NaN/inf: NumPy's answer
    (np.array([[np.inf, 0.0], [0.0, 2.0]]), np.ones((2, 2))),
    (np.array([[np.inf, 0.0], [0.0, 0.0]]), np.ones(2)),             # ... and its error
])
def test_solve_errors_and_nonfinite(a, b):
    same(solve, a, b, xla=False)


def inverses(a, b, c, d, e):
    i, d_, s = np.linalg.inv, np.linalg.det, np.linalg.slogdet
    return i(a), d_(a), s(a), i(b), d_(b), s(b), i(c), d_(c), s(c), i(d), d_(d), s(d), \
        i(e), d_(e), s(e)


@pytest.mark.parametrize("dtype", [np.bool_, np.int32, np.float32, np.float64, np.complex128])
def test_inv_det_slogdet(dtype):
    shapes = [(3, 3), (1, 1), (2, 4, 4), (0, 0), (3, 0, 0)]
    ops = [well_conditioned(s, dtype, i) if dtype != np.bool_ else
           np.broadcast_to(np.eye(s[-1], dtype=bool), s) for i, s in enumerate(shapes)]
    same(inverses, *ops, xla=False, rtol=_rtol(dtype))


def test_det_signs():
    def f(a):
        return np.linalg.det(a), np.linalg.slogdet(a)
    a = np.array([[[0.0, 1.0], [1.0, 0.0]], [[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 3.0]],
                  [[0.0, 0.0], [1.0, 1.0]]])
    same(f, a, xla=False)
    same(f, (a + 1j * a[::-1]).astype(np.complex64), xla=False, rtol=2e-5)


@pytest.mark.parametrize("a", [np.zeros((2, 2)), np.array([[1, 2, 3], [2, 4, 6], [0, 1, 1]]),
                               np.ones((2, 3)), np.ones(4), np.ones((2, 2), np.float16),
                               np.array([[np.nan, 1.0], [1.0, 2.0]]),
                               np.array([[np.inf, 1.0], [1.0, 2.0]])])
def test_inv_det_singular_errors_nonfinite(a):
    def f(a):
        return np.linalg.inv(a)

    def g(a):
        return np.linalg.det(a), np.linalg.slogdet(a)
    same(f, a, xla=False)
    same(g, a, xla=False)


def chol(a, b, c, d):
    ch = np.linalg.cholesky
    return ch(a), ch(a, upper=True), ch(b), ch(b, upper=True), ch(c), ch(d, upper=True)


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.float64, np.complex64])
def test_cholesky(dtype):
    shapes = [(3, 3), (2, 4, 4), (1, 1), (0, 0)]
    same(chol, *[positive_definite(s, dtype, i) for i, s in enumerate(shapes)],
         rtol=_rtol(dtype), xla=False)


def lower(a):
    return np.linalg.cholesky(a)


def upper(a):
    return np.linalg.cholesky(a, upper=True)


def test_cholesky_reads_one_triangle():
    a = np.array([[4.0, 100.0], [2.0, 3.0]])   # PD from the lower triangle only
    same(lower, a, xla=False)
    same(upper, a, xla=False)     # the upper triangle is not PD: LinAlgError
    same(upper, a.T, xla=False)


@pytest.mark.parametrize("a", [np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([[1.0, 1.0], [1.0, 1.0]]),
                               np.stack([np.eye(2), -np.eye(2)]), np.ones((2, 3)),
                               np.ones((2, 2), np.float16), np.array([[np.nan, 0.0], [0.0, 1.0]]),
                               np.array([[np.inf, 0.0], [1.0, 1.0]])])
def test_cholesky_errors_and_nonfinite(a):
    same(lower, a, xla=False)


def powers(a):
    p = np.linalg.matrix_power
    return p(a, 0), p(a, 1), p(a, 2), p(a, 3), p(a, 5), p(a, 6), p(a, 13)


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.complex128])
def test_matrix_power(dtype):
    same(powers, data((2, 3, 3), dtype, 8), rtol=_rtol(dtype))


def test_matrix_power_negative():
    def f(a, b):
        p = np.linalg.matrix_power
        return p(a, -1), p(a, -3), p(b, -2)
    same(f, well_conditioned((3, 3), np.float64), well_conditioned((2, 2, 2), np.int32), xla=False)


@pytest.mark.parametrize("a,n", [(np.ones((2, 3)), 2), (np.ones(3), 2), (np.eye(2), 1.5),
                                 (np.zeros((2, 2)), -1)])
def test_matrix_power_errors(a, n):
    def f(a, n):
        return np.linalg.matrix_power(a, n)
    same(f, a, n, xla=False)


@settings(max_examples=5, deadline=None)
@given(hnp.arrays(np.float64, st.sampled_from([(2, 2), (3, 3), (2, 3, 3)]),
                  elements=st.floats(-4, 4, allow_subnormal=False)))
def test_solvers_hypothesis(m):
    def f(a, b):
        return np.linalg.inv(a), np.linalg.det(a), np.linalg.solve(a, b), np.linalg.cholesky(
            np.einsum("...ij,...kj->...ik", a, a))
    a = m + 10 * np.eye(m.shape[-1])  # well conditioned whatever hypothesis draws
    same(f, a, m[..., 0], xla=False)
