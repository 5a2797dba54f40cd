"""The kernel corpus (tests/kernels/): every kernel gives NumPy's answers under np2tf
(return values and arguments mutated in place), and the share of kernels that lower
fully (NumPy's answer and no fallback node, per ``np2tf.explain``) can only go up.

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

# Share of the corpus that lowers fully and gives NumPy's answer, as measured (102 of 107
# kernels). Raise it when a fix lands; test_lowered_share fails if it goes down.
LOWERED_BASELINE = 102 / 107

# Kernels whose floating-point accumulation order legitimately differs between NumPy
# and TensorFlow, with the tolerance that order difference needs.
RTOL = {
    # q @ k.T is a float32 matmul (XLA and NumPy's BLAS sum in different orders: ~1e-7
    # relative apart, as a bare jit-compiled tf.matmul shows); dividing by the float64
    # np.sqrt(...) promotes the rest to float64, so those float32 rounding differences
    # show up in a float64 result (amplified a little by exp).
    "attention": 2e-5,
}

# Kernels np2tf gets wrong or cannot run yet: the np2tf bug, precisely. Strict: when the
# bug is fixed the test XPASSes and fails, so the entry must be removed.
XFAIL: dict[str, str] = {}


@dataclasses.dataclass
class Outcome:
    """What np2tf did with one kernel: fully lowered or not, and how to say it."""
    fully_lowered: bool
    text: str

    @classmethod
    def of(cls, report=None, error=None) -> Outcome:
        if isinstance(error, AssertionError):
            return cls(False, f"WRONG ANSWER: {_first_line(error)}")
        if error is not None:
            return cls(False, f"error: {type(error).__name__}: {_first_line(error)}")
        if report.fully_lowered:
            return cls(True, "lowered" + (" (XLA)" if report.jit_compile else ""))
        return cls(False, "falls back: " + "; ".join(f"{f.call} ({f.reason})"
                                                     for f in report.fallbacks))


def _first_line(e) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:120] if text else ""


def _check(k) -> tuple[Outcome, BaseException | None]:
    """Run ``k`` under NumPy and np2tf and compare; then ask explain what lowered.
    A kernel that fails the comparison counts as not lowered."""
    acc = np2tf.accelerate(k.fn)
    try:
        got = assert_same(k.fn, *k.make_args(), rtol=RTOL.get(k.name), accelerated=acc)
        # assert_same accepts matching exceptions; a kernel must run cleanly under NumPy
        assert not isinstance(got, BaseException), f"the kernel itself raised: {got!r}"
    except Exception as e:  # noqa: BLE001 - recorded for the table, re-raised by the test
        return Outcome.of(error=e), e
    try:
        return Outcome.of(report=np2tf.explain(acc, *k.make_args())), None
    except Exception as e:  # noqa: BLE001
        return Outcome.of(error=e), e


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
    outcome, error = _check(k)
    outcomes.put(k.name, outcome)
    if error is not None:
        raise error


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
    # busy with them) are checked here, from the end of the corpus backwards, so that
    # a worker sweeping forwards and this test meet in the middle instead of both
    # tracing everything.
    for k in reversed(KERNELS):
        if outcomes.get(k.name) is None:
            outcomes.put(k.name, _check(k)[0])
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
