"""The kernel corpus (tests/kernels/): every kernel gives NumPy's answers under np2tf
(return values and arguments mutated in place), and the share of kernels that lower
fully (no fallback node, per ``np2tf.explain``) can only go up.

    pytest -q tests/test_kernels.py                       # the corpus
    pytest -q -s tests/test_kernels.py -k lowered_share   # ... and print its table
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import np2tf

from .diff import assert_same
from .kernels import all_kernels

KERNELS = all_kernels()

# Share of the corpus that lowers fully, as measured (66 of 83 kernels). Raise it when
# a lowering lands; the test below fails if it goes down.
LOWERED_BASELINE = 66 / 83

# Kernels whose floating-point accumulation order legitimately differs between NumPy
# and TensorFlow, with the tolerance that order difference needs.
RTOL = {
    # q @ k.T is a float32 matmul (TF and BLAS sum in different orders, ~1e-7 apart);
    # dividing by the float64 np.sqrt(...) promotes the rest to float64, so those float32
    # rounding differences show up in a float64 result (amplified a little by exp).
    "attention": 2e-5,
}

# Kernels np2tf gets wrong or cannot run yet: the np2tf bug, precisely. Strict: when the
# bug is fixed the test XPASSes and fails, so the entry must be removed.
XFAIL = {
    "nussinov": "a conditional expression (`1 if b1 + b2 == 3 else 0`) on run-time values "
                "is not lowered to tf.cond: StaticValueError",
    "mandelbrot_escape": "`and` in a while condition on run-time values "
                         "(`while zr*zr + zi*zi <= 4.0 and k < maxiter`) is not lowered: "
                         "StaticValueError",
    "insertion_sort": "`and` in a while condition on run-time values "
                      "(`while j >= 0 and a[j] > key`) is not lowered: StaticValueError",
    "ising_sweep": "`or` in an if condition on run-time values "
                   "(`if dE <= 0 or u[i, j] < np.exp(-beta * dE)`) is not lowered: "
                   "StaticValueError",
    "running_max_accumulate": "np.maximum.accumulate raises AttributeError ('function' "
                              "object has no attribute 'accumulate') instead of lowering "
                              "or falling back to NumPy",
    "back_substitution": "reversed(range(n)) with a run-time n raises TypeError: 'Range' "
                         "object is not reversible",
    "gauss_pivot": "setitem with a list index holding a run-time array scalar "
                   "(`A[[k, p]] = A[[p, k]]`, p from np.argmax) calls np.asarray on the "
                   "symbolic tensor in runtime/ops/assignment.py: NotImplementedError",
    "polyline_length": "zip over slices whose length is known only at run time "
                       "(`zip(xs[:-1], xs[1:])`) demands a static length: StaticValueError "
                       "(zip over whole arrays works)",
}


@dataclasses.dataclass
class Outcome:
    """What np2tf did with one kernel: its explain report, or the error it raised."""
    report: np2tf.Report | None = None
    error: BaseException | None = None

    @property
    def fully_lowered(self) -> bool:
        return self.report is not None and self.report.fully_lowered

    def describe(self) -> str:
        if self.error is not None:
            return f"error: {type(self.error).__name__}: {_first_line(self.error)}"
        if self.report.fully_lowered:
            return "lowered" + (" (XLA)" if self.report.jit_compile else "")
        return "falls back: " + "; ".join(f"{f.call} ({f.reason})"
                                          for f in self.report.fallbacks)


def _first_line(e) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:120] if text else ""


_OUTCOMES: dict[str, Outcome] = {}   # per process: tests share traces with the table


def _accelerated(k):
    return np2tf.accelerate(k.fn)


def _explain(k, acc) -> Outcome:
    try:
        return Outcome(report=np2tf.explain(acc, *k.make_args()))
    except Exception as e:  # noqa: BLE001 - an error is an outcome we report
        return Outcome(error=e)


def _params():
    for k in KERNELS:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[k.name])] if k.name in XFAIL \
            else []
        yield pytest.param(k, id=k.name, marks=marks)


@pytest.mark.parametrize("k", list(_params()))
def test_kernel(k):
    acc = _accelerated(k)
    try:
        got = assert_same(k.fn, *k.make_args(), rtol=RTOL.get(k.name), accelerated=acc)
    except Exception as e:
        _OUTCOMES[k.name] = Outcome(error=e)
        raise
    # assert_same accepts matching exceptions; a kernel must run cleanly under NumPy
    assert not isinstance(got, BaseException), f"the kernel itself raised: {got!r}"
    _OUTCOMES[k.name] = _explain(k, acc)


def test_registry_is_well_formed():
    assert len(KERNELS) >= 40
    unknown = (set(XFAIL) | set(RTOL)) - {k.name for k in KERNELS}
    assert not unknown, f"XFAIL/RTOL name kernels that do not exist: {sorted(unknown)}"
    for k in KERNELS:
        a, b = k.make_args(), k.make_args()
        assert len(a) == len(b)  # deterministic generators: same inputs on every call
        for x, y in zip(a, b):
            assert type(x) is type(y), k.name
            assert np.array_equal(x, y, equal_nan=True), k.name


def test_lowered_share():
    rows = []
    for k in KERNELS:
        if k.name not in _OUTCOMES:  # not run in this process (pytest -k, xdist)
            _OUTCOMES[k.name] = _explain(k, _accelerated(k))
        out = _OUTCOMES[k.name]
        tag = "xfail" if k.name in XFAIL else ""
        rows.append((k.name, k.family, out.fully_lowered, tag, out.describe()))
    lowered = sum(r[2] for r in rows)
    print(f"\n{'kernel':<24}{'family':<10}{'':<7}outcome")
    for name, family, _, tag, text in rows:
        print(f"{name:<24}{family:<10}{tag:<7}{text}")
    print(f"fully lowered: {lowered}/{len(rows)} = {lowered / len(rows):.1%}")
    assert lowered / len(rows) >= LOWERED_BASELINE - 1e-9, \
        f"fewer kernels lower fully than before: {lowered}/{len(rows)}"
