"""Differential testing: run a function under NumPy and under np2tf, compare all.

``assert_same(fn, *args)`` compares return values (values, dtypes, shapes, NumPy
scalar vs array, tuple structure), the arguments afterwards (in-place mutation) and,
if NumPy raises, the exception type.
"""
from __future__ import annotations

import collections
import copy
import warnings

import numpy as np

import np2tf

ALL_DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
              np.uint32, np.uint64, np.float16, np.float32, np.float64, np.complex64,
              np.complex128]

_COMPILED: collections.OrderedDict = collections.OrderedDict()


def compiled(fn):
    """``np2tf.accelerate(fn)``, one per function (the most recent few kept): repeated
    comparisons reuse its traces, which also checks that new argument values are right
    without a retrace."""
    acc = _COMPILED.pop(fn, None) or np2tf.accelerate(fn)
    _COMPILED[fn] = acc
    while len(_COMPILED) > 64:
        _COMPILED.popitem(last=False)
    return acc


def int_sample(rng, shape, dtype):
    """Small values of a bool or integer dtype (non-negative if unsigned), or None for an
    inexact dtype (each test file draws those for its own purpose)."""
    dt = np.dtype(dtype)
    if dt == np.bool_:
        return rng.random(shape) < 0.5
    if dt.kind == "u":
        return rng.integers(0, 4, shape).astype(dt)
    if dt.kind == "i":
        return rng.integers(-3, 4, shape).astype(dt)
    return None


def _tol(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind in "fc":
        size = dtype.itemsize // 2 if dtype.kind == "c" else dtype.itemsize  # per component
        return {2: 2e-3, 4: 2e-5, 8: 1e-12}.get(size, 1e-12)
    return 0


def assert_values_equal(expected, got, rtol=None, path="result"):
    if isinstance(expected, (tuple, list)):
        assert type(got) is type(expected), f"{path}: {type(got)} != {type(expected)}"
        assert len(got) == len(expected), f"{path}: length {len(got)} != {len(expected)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            assert_values_equal(e, g, rtol, f"{path}[{i}]")
        return
    if isinstance(expected, (np.ndarray, np.generic)):
        assert type(got) is type(expected), f"{path}: type {type(got)} != {type(expected)}"
        assert got.dtype == expected.dtype, f"{path}: dtype {got.dtype} != {expected.dtype}"
        assert got.shape == expected.shape, f"{path}: shape {got.shape} != {expected.shape}"
        tol = _tol(expected.dtype) if rtol is None else rtol
        if tol == 0 or expected.dtype.kind not in "fc":
            np.testing.assert_array_equal(got, expected, err_msg=path, strict=True)
        else:
            np.testing.assert_allclose(got, expected, rtol=tol, atol=tol, equal_nan=True,
                                       err_msg=path, strict=True)
        return
    if isinstance(expected, (bool, int, float, complex)):
        assert type(got) is type(expected), f"{path}: type {type(got)} != {type(expected)}"
        if isinstance(expected, float) and np.isnan(expected):
            assert np.isnan(got), path
        elif isinstance(expected, (float, complex)):
            # atol: TF flushes subnormal results to zero on CPU (README, known limits)
            np.testing.assert_allclose(got, expected, rtol=1e-12,
                                       atol=np.finfo(np.float64).tiny, err_msg=path)
        else:
            assert got == expected, f"{path}: {got} != {expected}"
        return
    assert got == expected, f"{path}: {got!r} != {expected!r}"


def run_numpy(fn, args):
    args = copy.deepcopy(args)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return ("ok", fn(*args), args)
    except Exception as e:  # noqa: BLE001 - the exception type is what we compare
        return ("raise", e, args)


def assert_same(fn, *args, rtol=None, accelerated=None):
    """Run ``fn(*args)`` under NumPy and under ``np2tf.accelerate(fn)`` (``accelerated``,
    else :func:`compiled`); compare all."""
    kind, expected, np_args = run_numpy(fn, args)
    acc = accelerated or compiled(fn)
    tf_args = copy.deepcopy(args)
    if kind == "raise":
        try:
            got = acc(*tf_args)
        except Exception as e:  # noqa: BLE001
            assert isinstance(e, type(expected)), \
                f"NumPy raised {type(expected).__name__}: {expected}; np2tf raised " \
                f"{type(e).__name__}: {e}"
            return e
        raise AssertionError(f"NumPy raised {type(expected).__name__}: {expected}; "
                             f"np2tf returned {got!r}")
    got = acc(*tf_args)
    assert_values_equal(expected, got, rtol)
    for i, (e, g) in enumerate(zip(np_args, tf_args)):
        assert_values_equal(e, g, rtol, f"argument {i} after the call")
    return got


def assert_same_lowered(fn, *args, lowered=True, xla=True, rtol=None):
    """:func:`assert_same`, plus: the call was lowered (no fallback) and, if ``xla``,
    ran as an XLA-compiled graph."""
    acc = compiled(fn)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = assert_same(fn, *args, accelerated=acc, rtol=rtol)
        if lowered and not isinstance(got, Exception):
            entry = acc.compiled.entry_for(*args)
            assert not entry.fallbacks, [s.reason for s in entry.fallbacks.values()]
            if xla:
                assert entry.jit, "expected an XLA-compiled graph"
    return got
