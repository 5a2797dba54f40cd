"""Timing helpers: medians of repeated runs, NumPy and np2tf measured in the same run."""
from __future__ import annotations

import statistics
import timeit


def median_seconds(fn, *args, min_time=0.05, repeat=7) -> float:
    """Median time of one call, with enough calls per repeat to fill ``min_time``."""
    fn(*args)  # warm up: tracing and compilation are not what we measure
    number, elapsed = 1, 0.0
    while True:
        elapsed = timeit.timeit(lambda: fn(*args), number=number)
        if elapsed >= min_time or number >= 1 << 20:
            break
        number *= 2 if elapsed == 0 else max(2, min(10, int(min_time / elapsed) + 1))
    times = timeit.repeat(lambda: fn(*args), number=number, repeat=repeat)
    return statistics.median(times) / number


def row(name, t_numpy, t_np2tf):
    return f"{name:<28}{t_numpy * 1e3:>12.4f}{t_np2tf * 1e3:>12.4f}{t_numpy / t_np2tf:>10.2f}"


HEADER = f"{'case':<28}{'NumPy ms':>12}{'np2tf ms':>12}{'speedup':>10}"
