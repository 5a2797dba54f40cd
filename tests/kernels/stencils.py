"""Stencils: Jacobi, heat, Gauss-Seidel, FDTD, Game of Life (polybench loops and slices)."""
import numpy as np

from . import kernel


def _two_grids(rng, n, dims):
    shape = (n,) * dims
    return rng.random(shape), rng.random(shape)


@kernel(lambda rng, n: (4, *_two_grids(rng, n, 1)), n=24, bench_n=400)
def jacobi_1d(tsteps, A, B):
    n = A.shape[0]
    for t in range(tsteps):
        for i in range(1, n - 1):
            B[i] = 0.33333 * (A[i - 1] + A[i] + A[i + 1])
        for i in range(1, n - 1):
            A[i] = 0.33333 * (B[i - 1] + B[i] + B[i + 1])


@kernel(lambda rng, n: (10, *_two_grids(rng, n, 1)), n=24, bench_n=100_000)
def jacobi_1d_vec(tsteps, A, B):
    for t in range(1, tsteps):
        B[1:-1] = 0.33333 * (A[:-2] + A[1:-1] + A[2:])
        A[1:-1] = 0.33333 * (B[:-2] + B[1:-1] + B[2:])


@kernel(lambda rng, n: (2, *_two_grids(rng, n, 2)), n=7, bench_n=30)
def jacobi_2d(tsteps, A, B):
    n = A.shape[0]
    for t in range(tsteps):
        for i in range(1, n - 1):
            for j in range(1, n - 1):
                B[i, j] = 0.2 * (A[i, j] + A[i, j - 1] + A[i, j + 1] + A[i + 1, j] + A[i - 1, j])
        for i in range(1, n - 1):
            for j in range(1, n - 1):
                A[i, j] = 0.2 * (B[i, j] + B[i, j - 1] + B[i, j + 1] + B[i + 1, j] + B[i - 1, j])


@kernel(lambda rng, n: (10, *_two_grids(rng, n, 2)), n=12, bench_n=500)
def jacobi_2d_vec(tsteps, A, B):
    for t in range(1, tsteps):
        B[1:-1, 1:-1] = 0.2 * (A[1:-1, 1:-1] + A[1:-1, :-2] + A[1:-1, 2:] +
                               A[2:, 1:-1] + A[:-2, 1:-1])
        A[1:-1, 1:-1] = 0.2 * (B[1:-1, 1:-1] + B[1:-1, :-2] + B[1:-1, 2:] +
                               B[2:, 1:-1] + B[:-2, 1:-1])


@kernel(lambda rng, n: (6, *_two_grids(rng, n, 3)), n=8, bench_n=60)
def heat_3d(tsteps, A, B):
    for t in range(1, tsteps):
        B[1:-1, 1:-1, 1:-1] = (
            0.125 * (A[2:, 1:-1, 1:-1] - 2.0 * A[1:-1, 1:-1, 1:-1] + A[:-2, 1:-1, 1:-1]) +
            0.125 * (A[1:-1, 2:, 1:-1] - 2.0 * A[1:-1, 1:-1, 1:-1] + A[1:-1, :-2, 1:-1]) +
            0.125 * (A[1:-1, 1:-1, 2:] - 2.0 * A[1:-1, 1:-1, 1:-1] + A[1:-1, 1:-1, :-2]) +
            A[1:-1, 1:-1, 1:-1])
        A[1:-1, 1:-1, 1:-1] = (
            0.125 * (B[2:, 1:-1, 1:-1] - 2.0 * B[1:-1, 1:-1, 1:-1] + B[:-2, 1:-1, 1:-1]) +
            0.125 * (B[1:-1, 2:, 1:-1] - 2.0 * B[1:-1, 1:-1, 1:-1] + B[1:-1, :-2, 1:-1]) +
            0.125 * (B[1:-1, 1:-1, 2:] - 2.0 * B[1:-1, 1:-1, 1:-1] + B[1:-1, 1:-1, :-2]) +
            B[1:-1, 1:-1, 1:-1])


@kernel(lambda rng, n: (2, rng.random((n, n))), n=7, bench_n=30)
def seidel_2d(tsteps, A):
    n = A.shape[0]
    for t in range(tsteps):
        for i in range(1, n - 1):
            for j in range(1, n - 1):
                A[i, j] = (A[i - 1, j - 1] + A[i - 1, j] + A[i - 1, j + 1] +
                           A[i, j - 1] + A[i, j] + A[i, j + 1] +
                           A[i + 1, j - 1] + A[i + 1, j] + A[i + 1, j + 1]) / 9.0


def _fdtd_inputs(rng, n):
    tmax = 5
    return (tmax, rng.random((n, n + 2)), rng.random((n, n + 2)), rng.random((n, n + 2)),
            rng.random(tmax))


@kernel(_fdtd_inputs, n=10, bench_n=400)
def fdtd_2d(tmax, ex, ey, hz, _fict_):
    for t in range(tmax):
        ey[0, :] = _fict_[t]
        ey[1:, :] -= 0.5 * (hz[1:, :] - hz[:-1, :])
        ex[:, 1:] -= 0.5 * (hz[:, 1:] - hz[:, :-1])
        hz[:-1, :-1] -= 0.7 * (ex[:-1, 1:] - ex[:-1, :-1] + ey[1:, :-1] - ey[:-1, :-1])


@kernel(lambda rng, n: ((rng.random((n, n)) < 0.35).astype(np.int8), 5), n=12, bench_n=256)
def game_of_life(board, steps):
    for _ in range(steps):
        neighbours = np.zeros_like(board)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                if di != 0 or dj != 0:
                    neighbours += np.roll(np.roll(board, di, axis=0), dj, axis=1)
        alive = (neighbours == 3) | ((board == 1) & (neighbours == 2))
        board = alive.astype(board.dtype)
    return board


@kernel(lambda rng, n: (rng.random(n), 0.4, 20), n=32, bench_n=10_000)
def wave_1d(u, c, steps):
    # leapfrog for u_tt = c^2 u_xx with fixed ends
    prev = u.copy()
    for _ in range(steps):
        lap = np.zeros_like(u)
        lap[1:-1] = u[2:] - 2 * u[1:-1] + u[:-2]
        nxt = 2 * u - prev + c * c * lap
        prev = u
        u = nxt
    return u


@kernel(lambda rng, n: (rng.random((n, n + 1)),), n=6, bench_n=256)
def median_filter_3x3(img):
    h, w = img.shape
    p = np.pad(img, 1, mode="edge")
    shifted = []
    for i in range(3):
        for j in range(3):
            shifted.append(p[i:i + h, j:j + w])
    return np.median(np.array(shifted), axis=0)


@kernel(lambda rng, n: (rng.random((n, n)), rng.random((n, n)), 3), n=9, bench_n=513)
def red_black_gauss_seidel(u, f, iters):
    # Poisson relaxation on the red points, then the black ones (strided slices)
    h2 = 1.0 / (u.shape[0] - 1) ** 2
    for _ in range(iters):
        u[1:-1:2, 1:-1:2] = 0.25 * (u[:-2:2, 1:-1:2] + u[2::2, 1:-1:2] + u[1:-1:2, :-2:2] +
                                    u[1:-1:2, 2::2] - h2 * f[1:-1:2, 1:-1:2])
        u[2:-1:2, 2:-1:2] = 0.25 * (u[1:-2:2, 2:-1:2] + u[3::2, 2:-1:2] + u[2:-1:2, 1:-2:2] +
                                    u[2:-1:2, 3::2] - h2 * f[2:-1:2, 2:-1:2])
    return u


@kernel(lambda rng, n: (5, *_two_grids(rng, n, 1)), n=16, bench_n=100_000)
def jacobi_1d_pingpong(tsteps, A, B):
    # two buffers swapped every step: after the loop the caller's A and B hold
    # alternate time levels
    for t in range(tsteps):
        B[1:-1] = (A[:-2] + A[1:-1] + A[2:]) / 3.0
        A, B = B, A
