"""The kernel corpus (tests/kernels/): every kernel gives NumPy's answers under np2tf
(return values and arguments mutated in place), and the share of kernels that lower
fully (no fallback node, per ``np2tf.explain``) can only go up.

    pytest -q -s tests/test_kernels.py     # -s prints the corpus table at the end
"""
from __future__ import annotations

import dataclasses
import json
import os
import pathlib

import numpy as np
import pytest

import np2tf

from .diff import assert_same
from .kernels import all_kernels

KERNELS = all_kernels()

# Share of the corpus that lowers fully, as measured (73 of 83 kernels). Raise it when
# a lowering lands; test_lowered_share fails if it goes down.
LOWERED_BASELINE = 73 / 83

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
    """What np2tf did with one kernel: fully lowered or not, and how to say it."""
    fully_lowered: bool
    text: str

    @classmethod
    def of(cls, report=None, error=None) -> Outcome:
        if error is not None:
            return cls(False, f"error: {type(error).__name__}: {_first_line(error)}")
        if report.fully_lowered:
            return cls(True, "lowered" + (" (XLA)" if report.jit_compile else ""))
        return cls(False, "falls back: " + "; ".join(f"{f.call} ({f.reason})"
                                                     for f in report.fallbacks))


def _first_line(e) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:120] if text else ""


def _explain(k, acc) -> Outcome:
    try:
        return Outcome.of(report=np2tf.explain(acc, *k.make_args()))
    except Exception as e:  # noqa: BLE001 - an error is an outcome we report
        return Outcome.of(error=e)


class _Outcomes:
    """Outcomes recorded by test_kernel, so the corpus table reuses its traces. Under
    pytest-xdist the workers share them through the session's temporary directory."""

    def __init__(self):
        self.local: dict[str, Outcome] = {}
        self.shared: pathlib.Path | None = None

    def attach(self, tmp_path_factory):
        if os.environ.get("PYTEST_XDIST_WORKER") and self.shared is None:
            self.shared = tmp_path_factory.getbasetemp().parent / "np2tf_kernel_outcomes"
            self.shared.mkdir(exist_ok=True)

    def put(self, name, outcome):
        self.local[name] = outcome
        if self.shared is not None:
            tmp = self.shared / f"{name}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(dataclasses.asdict(outcome)))
            tmp.replace(self.shared / f"{name}.json")  # atomic: readers never see half

    def get(self, name) -> Outcome | None:
        if name not in self.local and self.shared is not None:
            f = self.shared / f"{name}.json"
            if f.exists():
                self.local[name] = Outcome(**json.loads(f.read_text()))
        return self.local.get(name)


_OUTCOMES = _Outcomes()


@pytest.fixture
def outcomes(tmp_path_factory):
    _OUTCOMES.attach(tmp_path_factory)
    return _OUTCOMES


def _params():
    for k in KERNELS:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[k.name])] if k.name in XFAIL \
            else []
        yield pytest.param(k, id=k.name, marks=marks)


@pytest.mark.parametrize("k", list(_params()))
def test_kernel(k, outcomes):
    acc = np2tf.accelerate(k.fn)
    try:
        got = assert_same(k.fn, *k.make_args(), rtol=RTOL.get(k.name), accelerated=acc)
    except Exception as e:
        outcomes.put(k.name, Outcome.of(error=e))
        raise
    # assert_same accepts matching exceptions; a kernel must run cleanly under NumPy
    assert not isinstance(got, BaseException), f"the kernel itself raised: {got!r}"
    outcomes.put(k.name, _explain(k, acc))


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


def test_lowered_share(outcomes):
    # Kernels test_kernel has not recorded (pytest -k, or another xdist worker still
    # busy with them) are explained here, from the end of the corpus backwards, so that
    # a worker sweeping forwards and this test meet in the middle instead of both
    # tracing everything.
    for k in reversed(KERNELS):
        if outcomes.get(k.name) is None:
            outcomes.put(k.name, _explain(k, np2tf.accelerate(k.fn)))
    rows = []
    for k in KERNELS:
        out = outcomes.get(k.name)
        tag = "xfail" if k.name in XFAIL else ""
        rows.append((k.name, k.family, out.fully_lowered, tag, out.text))
    lowered = sum(r[2] for r in rows)
    print(f"\n{'kernel':<24}{'family':<10}{'':<7}outcome")
    for name, family, _, tag, text in rows:
        print(f"{name:<24}{family:<10}{tag:<7}{text}")
    print(f"fully lowered: {lowered}/{len(rows)} = {lowered / len(rows):.1%}")
    assert lowered / len(rows) >= LOWERED_BASELINE - 1e-9, \
        f"fewer kernels lower fully than before: {lowered}/{len(rows)}"
