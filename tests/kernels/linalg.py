"""Dense linear algebra, polybench style: factorisations and solvers with loops whose
slices grow with the loop index, and the BLAS-like kernels (gemm, gemver, atax...)."""
import numpy as np

from . import kernel


def _spd(rng, n):
    m = rng.random((n, n))
    return m @ m.T + n * np.eye(n)


def _diag_dominant(rng, n):
    return rng.random((n, n)) + n * np.eye(n)


@kernel(lambda rng, n: (_diag_dominant(rng, n),), n=8, bench_n=60)
def lu(A):
    n = A.shape[0]
    for i in range(n):
        for j in range(i):
            A[i, j] -= A[i, :j] @ A[:j, j]
            A[i, j] /= A[j, j]
        for j in range(i, n):
            A[i, j] -= A[i, :i] @ A[:i, j]


@kernel(lambda rng, n: (_spd(rng, n),), n=8, bench_n=60)
def cholesky(A):
    n = A.shape[0]
    A[0, 0] = np.sqrt(A[0, 0])
    for i in range(1, n):
        for j in range(i):
            A[i, j] -= np.dot(A[i, :j], A[j, :j])
            A[i, j] /= A[j, j]
        A[i, i] -= np.dot(A[i, :i], A[i, :i])
        A[i, i] = np.sqrt(A[i, i])


@kernel(lambda rng, n: (rng.random((n + 3, n)),), n=6, bench_n=60)
def gramschmidt(A):
    m, n = A.shape
    Q = np.zeros_like(A)
    R = np.zeros((n, n), dtype=A.dtype)
    for k in range(n):
        nrm = np.dot(A[:, k], A[:, k])
        R[k, k] = np.sqrt(nrm)
        Q[:, k] = A[:, k] / R[k, k]
        for j in range(k + 1, n):
            R[k, j] = np.dot(Q[:, k], A[:, j])
            A[:, j] -= Q[:, k] * R[k, j]
    return Q, R


def _trisolv_inputs(rng, n):
    L = np.tril(rng.random((n, n))) + n * np.eye(n)
    return L, np.zeros(n), rng.random(n)


@kernel(_trisolv_inputs, n=12, bench_n=200)
def trisolv(L, x, b):
    n = L.shape[0]
    for i in range(n):
        x[i] = (b[i] - L[i, :i] @ x[:i]) / L[i, i]


@kernel(lambda rng, n: (1.5, 1.2, rng.random((n, n)), rng.random((n, n - 2))), n=8, bench_n=80)
def syrk(alpha, beta, C, A):
    n, m = A.shape
    for i in range(n):
        C[i, :i + 1] *= beta
        for k in range(m):
            C[i, :i + 1] += alpha * A[i, k] * A[:i + 1, k]


@kernel(lambda rng, n: (rng.random(n) / (4 * n),), n=12, bench_n=400)
def durbin(r):
    n = r.shape[0]
    y = np.empty_like(r)
    alpha = -r[0]
    beta = 1.0
    y[0] = -r[0]
    for k in range(1, n):
        beta *= 1.0 - alpha * alpha
        alpha = -(r[k] + np.dot(np.flip(r[:k]), y[:k])) / beta
        y[:k] += alpha * np.flip(y[:k])
        y[k] = alpha
    return y


@kernel(lambda rng, n: (1.5, 1.2, rng.random((n, n + 1)), rng.random((n, n + 2)),
                        rng.random((n + 2, n + 1))), n=8, bench_n=100)
def gemm(alpha, beta, C, A, B):
    for i in range(C.shape[0]):
        C[i, :] *= beta
        for k in range(A.shape[1]):
            C[i, :] += alpha * A[i, k] * B[k, :]


def _gemver_inputs(rng, n):
    return (1.5, 1.2, rng.random((n, n))) + tuple(rng.random(n) for _ in range(8))


@kernel(_gemver_inputs, n=10, bench_n=1000)
def gemver(alpha, beta, A, u1, v1, u2, v2, w, x, y, z):
    A += np.outer(u1, v1) + np.outer(u2, v2)
    x += beta * y @ A + z
    w += alpha * A @ x


@kernel(lambda rng, n: (rng.random((n + 2, n)), rng.random(n)), n=10, bench_n=200)
def atax(A, x):
    m, n = A.shape
    y = np.zeros(n)
    tmp = np.zeros(m)
    for i in range(m):
        tmp[i] = A[i, :] @ x
        y += A[i, :] * tmp[i]
    return y


@kernel(lambda rng, n: (rng.random((n + 2, n)), rng.random(n), rng.random(n + 2)),
        n=10, bench_n=1000)
def bicg(A, p, r):
    return r @ A, A @ p


@kernel(lambda rng, n: tuple(rng.random(n) for _ in range(4)) + (rng.random((n, n)),),
        n=10, bench_n=1000)
def mvt(x1, x2, y_1, y_2, A):
    x1 += A @ y_1
    x2 += y_2 @ A


@kernel(lambda rng, n: (1.5, 1.2, rng.random((n, n + 1)), rng.random((n + 1, n + 2)),
                        rng.random((n + 2, n + 3)), rng.random((n, n + 3))),
        n=8, bench_n=300)
def k2mm(alpha, beta, A, B, C, D):
    D[:] = alpha * A @ B @ C + beta * D


@kernel(lambda rng, n: (rng.random((n, n + 1)), rng.random((n + 1, n + 2)),
                        rng.random((n + 2, n + 3)), rng.random((n + 3, n + 4))),
        n=8, bench_n=300)
def k3mm(A, B, C, D):
    E = A @ B
    F = C @ D
    return E @ F


@kernel(lambda rng, n: (1.5, rng.random((n, n)), rng.random((n, n + 2))), n=7, bench_n=60)
def trmm(alpha, A, B):
    for i in range(B.shape[0]):
        for j in range(B.shape[1]):
            B[i, j] += np.dot(A[i + 1:, i], B[i + 1:, j])
    B *= alpha


@kernel(lambda rng, n: (rng.random((3, 4, n)), rng.random((n, n)), np.zeros(n)),
        n=6, bench_n=64)
def doitgen(A, C4, sum):
    nr, nq, _ = A.shape
    for r in range(nr):
        for q in range(nq):
            sum[:] = A[r, q, :] @ C4
            A[r, q, :] = sum


@kernel(lambda rng, n: (_spd(rng, n), 25), n=10, bench_n=500)
def power_iteration(A, iters):
    v = np.ones(A.shape[0]) / np.sqrt(A.shape[0])
    lam = 0.0
    for _ in range(iters):
        w = A @ v
        lam = v @ w
        v = w / np.linalg.norm(w)
    return lam, v


@kernel(lambda rng, n: (_spd(rng, n), rng.random(n), 8), n=10, bench_n=500)
def conjugate_gradient(A, b, iters):
    x = np.zeros_like(b)
    r = b - A @ x
    p = r.copy()
    rs = r @ r
    for _ in range(iters):
        Ap = A @ p
        alpha = rs / (p @ Ap)
        x += alpha * p
        r -= alpha * Ap
        rs_new = r @ r
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x


@kernel(lambda rng, n: (rng.random((4 * n, n)), rng.random(4 * n)), n=5, bench_n=200)
def least_squares(X, y):
    # normal equations, the textbook way
    return np.linalg.solve(X.T @ X, X.T @ y)


@kernel(lambda rng, n: (rng.random((n, n)),), n=20, bench_n=1000)
def go_fast(a):
    trace = 0.0
    for i in range(a.shape[0]):
        trace += np.tanh(a[i, i])
    return a + trace


def _upper_inputs(rng, n):
    return np.triu(rng.random((n, n))) + n * np.eye(n), rng.random(n)


@kernel(_upper_inputs, n=12, bench_n=200)
def back_substitution(U, b):
    n = b.shape[0]
    x = np.zeros_like(b)
    for i in reversed(range(n)):
        x[i] = (b[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return x


@kernel(lambda rng, n: (rng.standard_normal((n, n)), rng.standard_normal(n)), n=6, bench_n=100)
def gauss_pivot(A, b):
    # Gaussian elimination with partial pivoting, then back substitution
    A = A.copy()
    b = b.copy()
    n = A.shape[0]
    for k in range(n - 1):
        p = np.argmax(np.abs(A[k:, k])) + k
        if p != k:
            A[[k, p]] = A[[p, k]]
            b[[k, p]] = b[[p, k]]
        for i in range(k + 1, n):
            f = A[i, k] / A[k, k]
            A[i, k:] -= f * A[k, k:]
            b[i] -= f * b[k]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (b[i] - A[i, i + 1:] @ x[i + 1:]) / A[i, i]
    return x


@kernel(lambda rng, n: (rng.random((3, 3)) / 2, 2 * n + 1), n=5, bench_n=1000)
def matrix_power(M, k):
    result = np.eye(M.shape[0])
    while k > 0:
        if k % 2 == 1:
            result = result @ M
        M = M @ M
        k //= 2
    return result


@kernel(lambda rng, n: (rng.standard_normal((n, 4)),), n=10, bench_n=200)
def normalize_rows(M):
    out = np.empty_like(M)
    for i, row in enumerate(M):
        out[i] = row / np.sqrt(np.sum(row * row))
    return out


@kernel(lambda rng, n: (rng.random((n + 2, n)),), n=4, bench_n=100)
def householder_qr(A):
    m, n = A.shape
    R = A.copy()
    Q = np.eye(m)
    for k in range(n):
        x = R[k:, k]
        v = x.copy()
        v[0] += np.copysign(np.linalg.norm(x), x[0])
        v /= np.linalg.norm(v)
        R[k:, k:] -= 2.0 * np.outer(v, v @ R[k:, k:])
        Q[:, k:] -= 2.0 * np.outer(Q[:, k:] @ v, v)
    return Q, R


def _tridiagonal(rng, n):
    return rng.random(n), rng.random(n) + 3.0, rng.random(n), rng.random(n)


@kernel(_tridiagonal, n=10, bench_n=10_000)
def thomas(a, b, c, d):
    # tridiagonal solve: sub-diagonal a, diagonal b, super-diagonal c
    n = d.shape[0]
    cp = np.zeros(n)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / m
        dp[i] = (d[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return x


def _aliased(rng, n):
    x = rng.random(n)
    return 2.0, x, x   # called as saxpy(a, x, x): y IS x


@kernel(_aliased, n=10, bench_n=100_000)
def saxpy_aliased(a, x, y):
    y += a * x
    return x.sum()
