"""A simulation kernel in plain NumPy: heat diffusion on a periodic grid, and an n-body step.

The functions are plain NumPy, loops included. np2tf compiles each to one TensorFlow
graph (XLA when nothing falls back); the script checks the answers against NumPy and
times both.

    python examples/simulation.py
    np2tf check examples/simulation.py      # what lowers, what falls back, and why
    np2tf convert examples/simulation.py -o simulation_tf.py

Two functions are here on purpose to show the limits: ``speed_histogram`` calls
``np.histogram``, which has no lowering rule (it runs in NumPy, correctly, and says
so); ``relative_change`` uses a ``with`` block, which the compiler does not handle yet,
so it stays Python (np2tf says which line, and why).
"""
import os
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # this script's choice: quiet TF logs

import numpy as np  # noqa: E402

import np2tf  # noqa: E402

# --- heat equation: du/dt = alpha * laplacian(u), explicit Euler, periodic grid ----------


def laplacian(u, dx):
    """Five-point Laplacian with periodic boundaries."""
    return (np.roll(u, 1, axis=0) + np.roll(u, -1, axis=0)
            + np.roll(u, 1, axis=1) + np.roll(u, -1, axis=1) - 4.0 * u) / dx**2


def heat_steps(u, alpha, dt, dx, steps=20):
    """``steps`` Euler steps, all in one graph."""
    for _ in range(steps):
        u = u + alpha * dt * laplacian(u, dx)
    return u


def relative_change(new, old):
    """A `with` block (np.errstate) is not compiled yet: this one stays NumPy."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.max(np.abs(new - old) / np.abs(old))


# --- n-body: softened gravity (G = 1), semi-implicit Euler ----------------------------------


def accelerations(pos, mass, softening):
    d = pos[np.newaxis, :, :] - pos[:, np.newaxis, :]       # d[i, j] = pos[j] - pos[i]
    inv_r3 = (np.sum(d * d, axis=-1) + softening**2) ** -1.5
    return np.einsum("ij,ijk,j->ik", inv_r3, d, mass)


def nbody_step(pos, vel, mass, dt, softening):
    vel = vel + dt * accelerations(pos, mass, softening)
    pos = pos + dt * vel
    return pos, vel


def energy(pos, vel, mass, softening):
    kinetic = 0.5 * np.sum(mass * np.sum(vel**2, axis=1))
    d = pos[np.newaxis, :, :] - pos[:, np.newaxis, :]
    r = np.sqrt(np.sum(d**2, axis=-1) + softening**2)
    potential = -np.sum(np.triu(np.outer(mass, mass) / r, k=1))
    return kinetic + potential


def speed_histogram(vel, bins):
    """np.histogram has no lowering rule: this call runs in NumPy (and is reported)."""
    return np.histogram(np.linalg.norm(vel, axis=1), bins=bins)


# --- the script -----------------------------------------------------------------------------


def median_ms(fn, *args, number=5, repeat=5):
    fn(*args)  # warm up: the first call traces (and compiles) the graph
    times = timeit.repeat(lambda: fn(*args), number=number, repeat=repeat)
    return sorted(times)[len(times) // 2] / number * 1e3


def main():
    rng = np.random.default_rng(0)

    print("Heat equation, 256x256 grid, 20 steps per call:")
    u = rng.random((256, 256))
    fast_heat = np2tf.accelerate(heat_steps)
    expected, got = heat_steps(u, 0.2, 0.1, 1.0), fast_heat(u, 0.2, 0.1, 1.0)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    print(f"  same answer as NumPy; total heat {expected.sum():.6f} (conserved: "
          f"{u.sum():.6f}); largest relative change {relative_change(expected, u):.3f}")
    t_np, t_tf = median_ms(heat_steps, u, 0.2, 0.1, 1.0), median_ms(fast_heat, u, 0.2, 0.1, 1.0)
    print(f"  NumPy {t_np:.2f} ms, np2tf {t_tf:.2f} ms per call")

    print("N-body, 200 bodies:")
    pos, vel = rng.standard_normal((200, 3)), 0.1 * rng.standard_normal((200, 3))
    mass = rng.uniform(0.5, 1.5, 200)
    fast_step, fast_energy = np2tf.accelerate(nbody_step), np2tf.accelerate(energy)
    p_np, v_np = pos, vel
    p_tf, v_tf = pos, vel
    for _ in range(10):
        p_np, v_np = nbody_step(p_np, v_np, mass, 1e-3, 0.1)
        p_tf, v_tf = fast_step(p_tf, v_tf, mass, 1e-3, 0.1)
    np.testing.assert_allclose(p_tf, p_np, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(v_tf, v_np, rtol=1e-10, atol=1e-12)
    e0, e1 = fast_energy(pos, vel, mass, 0.1), fast_energy(p_tf, v_tf, mass, 0.1)
    assert type(e1) is type(energy(p_np, v_np, mass, 0.1))  # a NumPy scalar, as NumPy's
    print(f"  same trajectory as NumPy after 10 steps; energy {e0:.6f} -> {e1:.6f}")
    t_np = median_ms(nbody_step, pos, vel, mass, 1e-3, 0.1)
    t_tf = median_ms(fast_step, pos, vel, mass, 1e-3, 0.1)
    print(f"  NumPy {t_np:.2f} ms, np2tf {t_tf:.2f} ms per step")

    print("What falls back, and why:")
    counts, edges = np2tf.accelerate(speed_histogram)(v_tf, 5)
    ref_counts, ref_edges = speed_histogram(v_tf, 5)
    assert (counts == ref_counts).all() and (edges == ref_edges).all()
    print(np2tf.explain(speed_histogram, v_tf, 5))
    try:
        np2tf.to_code(relative_change)
    except np2tf.NotConvertibleError as e:
        print(f"relative_change stays NumPy: {str(e).splitlines()[0]}")


if __name__ == "__main__":
    main()
