"""A corpus of real NumPy kernels, written the way scientists write them.

Each family module (``stencils``, ``linalg``, ``dynprog``, ``ml``, ``physics``,
``data``) holds plain NumPy functions — polybench-style loops and vectorised forms
alike — registered with :func:`kernel`, which records a deterministic input generator.
Nothing here knows about np2tf: ``tests/test_kernels.py`` runs every kernel under NumPy
and np2tf and compares them, ``benchmarks/kernels.py`` times both.

    >>> from tests.kernels import all_kernels
    >>> k = all_kernels()[0]
    >>> args = k.make_args()          # fresh, seeded inputs (the test size)
    >>> k.fn(*args)
"""
from __future__ import annotations

import dataclasses
import importlib
import zlib
from collections.abc import Callable

import numpy as np

FAMILIES = ("stencils", "linalg", "dynprog", "ml", "physics", "data")

_REGISTRY: list[Kernel] = []


@dataclasses.dataclass(frozen=True)
class Kernel:
    name: str
    family: str
    fn: Callable
    inputs: Callable      # inputs(rng, n) -> tuple of arguments
    n: int                # the problem size the tests use
    bench_n: int          # the problem size the benchmark uses

    def make_args(self, n: int | None = None) -> tuple:
        """Fresh arguments, seeded by the kernel's name (same inputs on every run)."""
        rng = np.random.default_rng(zlib.crc32(self.name.encode()))
        return tuple(self.inputs(rng, self.n if n is None else n))


def kernel(inputs, n, bench_n=None):
    """Register the decorated function as a kernel; ``inputs(rng, n)`` makes its args."""
    def register(fn):
        family = fn.__module__.rsplit(".", 1)[-1]
        _REGISTRY.append(Kernel(fn.__name__, family, fn, inputs, n,
                                bench_n if bench_n is not None else n))
        return fn
    return register


def all_kernels() -> list[Kernel]:
    """Every kernel of every family, in a stable order."""
    for family in FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
    names = [k.name for k in _REGISTRY]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ValueError(f"kernel names must be unique: {sorted(dup)}")
    return list(_REGISTRY)
