"""Simulation: Mandelbrot, n-body, stable fluids, Lattice-Boltzmann, root finding."""
import numpy as np

from . import kernel


@kernel(lambda rng, n: (-2.0, 0.5, -1.25, 1.25, n, n - 3, 20), n=16, bench_n=200)
def mandelbrot(xmin, xmax, ymin, ymax, width, height, maxiter):
    X = np.linspace(xmin, xmax, width)
    Y = np.linspace(ymin, ymax, height)
    C = X + Y[:, None] * 1j
    N = np.zeros(C.shape, dtype=np.int64)
    Z = np.zeros(C.shape, dtype=np.complex128)
    for n in range(maxiter):
        I = np.less(abs(Z), 2.0)  # noqa: E741
        N[I] = n
        Z[I] = Z[I] ** 2 + C[I]
    return Z, N


@kernel(lambda rng, n: (rng.uniform(-2, 0.5, n), rng.uniform(-1.2, 1.2, n), 30),
        n=12, bench_n=300)
def mandelbrot_escape(cr, ci, maxiter):
    counts = np.zeros(cr.shape[0], dtype=np.int64)
    for p in range(cr.shape[0]):
        zr = 0.0
        zi = 0.0
        k = 0
        while zr * zr + zi * zi <= 4.0 and k < maxiter:
            zr, zi = zr * zr - zi * zi + cr[p], 2.0 * zr * zi + ci[p]
            k += 1
        counts[p] = k
    return counts


def _bodies(rng, n):
    return rng.standard_normal((n, 3)), rng.standard_normal((n, 3)) * 0.1, rng.random(n) + 0.5


@kernel(lambda rng, n: (*_bodies(rng, n), 0.01, 0.1), n=10, bench_n=500)
def nbody_step(pos, vel, mass, dt, softening):
    dx = pos[None, :, :] - pos[:, None, :]
    r2 = (dx ** 2).sum(axis=2) + softening ** 2
    inv_r3 = r2 ** -1.5
    acc = (dx * (inv_r3 * mass[None, :])[:, :, None]).sum(axis=1)
    vel += acc * dt
    pos += vel * dt
    return 0.5 * np.sum(mass * np.sum(vel ** 2, axis=1))


@kernel(lambda rng, n: (*_bodies(rng, n), 0.01), n=6, bench_n=60)
def nbody_loops(pos, vel, mass, dt):
    n = pos.shape[0]
    acc = np.zeros_like(pos)
    for i in range(n):
        for j in range(n):
            if i != j:
                d = pos[j] - pos[i]
                r = np.sqrt(np.sum(d * d)) + 0.1
                acc[i] += mass[j] * d / r ** 3
    vel += dt * acc
    pos += dt * vel


def _fluid_inputs(rng, n):
    shape = (n + 2, n + 2)
    return (rng.random(shape), rng.random(shape), rng.standard_normal(shape),
            rng.standard_normal(shape), 0.01, 0.1, 10)


@kernel(_fluid_inputs, n=10, bench_n=200)
def stable_fluids_step(x, x0, u, v, diff, dt, iters):
    n = x.shape[0] - 2
    # diffuse: Jacobi relaxation of the implicit step
    a = dt * diff * n * n
    for k in range(iters):
        x[1:-1, 1:-1] = (x0[1:-1, 1:-1] + a * (x[:-2, 1:-1] + x[2:, 1:-1] +
                                               x[1:-1, :-2] + x[1:-1, 2:])) / (1 + 4 * a)
        x[0, :] = x[1, :]
        x[-1, :] = x[-2, :]
        x[:, 0] = x[:, 1]
        x[:, -1] = x[:, -2]
    # advect: semi-Lagrangian backtrace with bilinear interpolation
    dt0 = dt * n
    i, j = np.meshgrid(np.arange(1, n + 1), np.arange(1, n + 1), indexing="ij")
    xs = np.clip(i - dt0 * u[1:-1, 1:-1], 0.5, n + 0.5)
    ys = np.clip(j - dt0 * v[1:-1, 1:-1], 0.5, n + 0.5)
    i0 = xs.astype(np.int64)
    j0 = ys.astype(np.int64)
    i1 = i0 + 1
    j1 = j0 + 1
    s1 = xs - i0
    s0 = 1 - s1
    t1 = ys - j0
    t0 = 1 - t1
    d = x.copy()
    d[1:-1, 1:-1] = (s0 * (t0 * x[i0, j0] + t1 * x[i0, j1]) +
                     s1 * (t0 * x[i1, j0] + t1 * x[i1, j1]))
    return d


def _lbm_inputs(rng, n):
    F = 1.0 + 0.01 * rng.standard_normal((n, n + 4, 9))
    return F, 0.6


@kernel(_lbm_inputs, n=8, bench_n=200)
def lbm_step(F, tau):
    # one D2Q9 Lattice-Boltzmann step (the caller loops over time)
    cxs = np.array([0, 0, 1, 1, 1, 0, -1, -1, -1])
    cys = np.array([0, 1, 1, 0, -1, -1, -1, 0, 1])
    weights = np.array([4 / 9, 1 / 9, 1 / 36, 1 / 9, 1 / 36, 1 / 9, 1 / 36, 1 / 9, 1 / 36])
    for i in range(9):                       # streaming
        F[:, :, i] = np.roll(F[:, :, i], cxs[i], axis=1)
        F[:, :, i] = np.roll(F[:, :, i], cys[i], axis=0)
    rho = np.sum(F, 2)
    ux = np.sum(F * cxs, 2) / rho
    uy = np.sum(F * cys, 2) / rho
    Feq = np.zeros(F.shape)
    for i in range(9):                       # equilibrium
        cu = cxs[i] * ux + cys[i] * uy
        Feq[:, :, i] = rho * weights[i] * (1 + 3 * cu + 9 * cu ** 2 / 2 - 3 * (ux ** 2 + uy ** 2) / 2)
    F += -(1.0 / tau) * (F - Feq)            # collision
    return rho


@kernel(lambda rng, n: (rng.random(n) * 3 + 1.0, 1e-10), n=16, bench_n=100_000)
def bisection_cuberoot(targets, tol):
    # vectorised bisection: solve x**3 = t for every t
    lo = np.zeros_like(targets)
    hi = np.maximum(targets, 1.0)
    while np.max(hi - lo) > tol:
        mid = 0.5 * (lo + hi)
        too_big = mid ** 3 > targets
        hi = np.where(too_big, mid, hi)
        lo = np.where(too_big, lo, mid)
    return 0.5 * (lo + hi)


@kernel(lambda rng, n: (rng.random(n) * 10 + 0.1, 1e-12), n=16, bench_n=1000)
def newton_sqrt(a, tol):
    # scalar Newton iteration per element, stopping at convergence
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        x = a[i]
        for _ in range(100):
            x_new = 0.5 * (x + a[i] / x)
            if abs(x_new - x) < tol:
                break
            x = x_new
        out[i] = x_new
    return out


@kernel(lambda rng, n: (rng.random(n), 0.7), n=32, bench_n=100_000)
def find_first_above(a, t):
    for i in range(a.shape[0]):
        if a[i] > t:
            return i
    return -1


def lorenz(s, sigma, rho, beta):
    x, y, z = s
    return np.array([sigma * (y - x), x * (rho - z) - y, x * y - beta * z])


@kernel(lambda rng, n: (rng.standard_normal(3), 0.01, n), n=20, bench_n=1000)
def rk4_lorenz(s0, dt, steps):
    sigma, rho, beta = 10.0, 28.0, 8.0 / 3.0
    s = s0.copy()
    traj = np.empty((steps + 1, 3))
    traj[0] = s
    for k in range(steps):
        k1 = lorenz(s, sigma, rho, beta)
        k2 = lorenz(s + 0.5 * dt * k1, sigma, rho, beta)
        k3 = lorenz(s + 0.5 * dt * k2, sigma, rho, beta)
        k4 = lorenz(s + dt * k3, sigma, rho, beta)
        s = s + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        traj[k + 1] = s
    return traj


def _ising_inputs(rng, n):
    spins = np.where(rng.random((n, n)) < 0.5, -1, 1).astype(np.int8)
    return spins, rng.random((n, n)), 0.6


@kernel(_ising_inputs, n=5, bench_n=32)
def ising_sweep(spins, u, beta):
    # one Metropolis sweep; u holds the uniform random numbers
    n = spins.shape[0]
    for i in range(n):
        for j in range(n):
            nb = (spins[(i + 1) % n, j] + spins[(i - 1) % n, j] +
                  spins[i, (j + 1) % n] + spins[i, (j - 1) % n])
            dE = 2 * spins[i, j] * nb
            if dE <= 0 or u[i, j] < np.exp(-beta * dE):
                spins[i, j] = -spins[i, j]
    return spins.sum()


@kernel(lambda rng, n: (*_bodies(rng, n), 0.01, 5), n=6, bench_n=200)
def nbody_energy_history(pos, vel, mass, dt, steps):
    history = []
    for _ in range(steps):
        dx = pos[None, :, :] - pos[:, None, :]
        inv_r3 = ((dx ** 2).sum(axis=2) + 0.01) ** -1.5
        vel += dt * (dx * (inv_r3 * mass)[:, :, None]).sum(axis=1)
        pos += dt * vel
        history.append(0.5 * np.sum(mass * np.sum(vel ** 2, axis=1)))
    return np.array(history)


@kernel(lambda rng, n: (np.uint64(88172645463325252), n), n=20, bench_n=10_000)
def xorshift64(seed, n):
    x = np.uint64(seed)
    out = np.empty(n, dtype=np.uint64)
    for i in range(n):
        x ^= x << np.uint64(13)
        x ^= x >> np.uint64(7)
        x ^= x << np.uint64(17)
        out[i] = x
    return out
