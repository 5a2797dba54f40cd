"""The kernel corpus (tests/kernels/) timed under NumPy and np2tf, at benchmark sizes.

Speedup is NumPy time / np2tf time (medians of repeated calls, after a warm-up call
that traces and compiles); > 1 means np2tf is faster. Kernels that update their
arguments in place get fresh copies on every call (under both, so both pay the copy).

Run: make bench (all of it), or  python benchmarks/kernels.py jacobi_2d lu ...
"""
from __future__ import annotations

import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # the repository root, for tests.kernels

import numpy as np  # noqa: E402
from harness import HEADER, median_seconds, row  # noqa: E402

import np2tf  # noqa: E402
from tests.kernels import all_kernels  # noqa: E402


def _mutates(fn, args) -> bool:
    before = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    with np.errstate(all="ignore"):
        fn(*args)
    return any(isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)
               for a, b in zip(args, before))


def _fresh(fn, args):
    def call():
        return fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    return call


def bench(k) -> tuple[float, float, str]:
    """(NumPy seconds, np2tf seconds, lowering status) for one kernel."""
    args = k.make_args(k.bench_n)
    fast = np2tf.accelerate(k.fn)
    mutates = _mutates(k.fn, k.make_args(k.bench_n))
    if mutates:
        numpy_fn, np2tf_fn, call_args = _fresh(k.fn, args), _fresh(fast, args), ()
    else:
        numpy_fn, np2tf_fn, call_args = k.fn, fast, args
    with np.errstate(all="ignore"):
        t_np = median_seconds(numpy_fn, *call_args)
        t_tf = median_seconds(np2tf_fn, *call_args)
    report = np2tf.explain(fast, *args)
    status = "lowered" if report.fully_lowered else \
        "falls back: " + ", ".join(f.call for f in report.fallbacks)
    return t_np, t_tf, status


def main(names=()):
    kernels = [k for k in all_kernels() if not names or k.name in names]
    print(f"\nKernel corpus (tests/kernels/), benchmark sizes:\n{HEADER}")
    ratios = []
    for k in kernels:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                t_np, t_tf, status = bench(k)
                ratios.append(t_np / t_tf)
                line = row(f"{k.name} n={k.bench_n}", t_np, t_tf) + f"  {status}"
            except Exception as e:  # noqa: BLE001 - a kernel np2tf cannot run yet
                text = str(e).strip().splitlines()
                line = f"{k.name + f' n={k.bench_n}':<28}  error: {type(e).__name__}: " \
                       f"{text[0][:80] if text else ''}"
        print(line, flush=True)
    if ratios:
        geo = float(np.exp(np.mean(np.log(ratios))))
        print(f"geometric mean speedup over {len(ratios)} kernels: {geo:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
