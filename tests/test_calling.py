"""The calling convention: result types, trace cache, errors at the user's line."""
import numpy as np
import pytest

from np2tf import StaticValueError, accelerate

from .diff import assert_same


def test_full_reduction_gives_numpy_scalar_and_array_stays_array():
    def f(a):
        return a * 2, np.exp(a[0] * 1.0), np.array(5)

    got = assert_same(f, np.arange(3.0))
    assert isinstance(got[1], np.float64) and isinstance(got[2], np.ndarray)


def test_python_scalar_arithmetic_returns_python_scalars():
    def f(n, x):
        return n * 2, n / 2, n // 2, x + 1, n > 1, -n, n % 3, n ** 2

    assert_same(f, 7, 1.5)
    assert_same(f, -7, -0.5)


def test_python_int_division_by_zero_raises_zerodivisionerror():
    def f(n, m):
        return n // m

    assert_same(f, 7, 0)


def test_new_scalar_values_do_not_retrace():
    def f(a, n, x):
        return a * n + x

    acc = accelerate(f)
    a = np.arange(4, dtype=np.int32)
    for n in range(1000):
        got = acc(a, n, float(n) / 3)
        if n % 250 == 0:
            np.testing.assert_array_equal(got, f(a, n, float(n) / 3))
    assert acc.trace_count <= 2  # one graph (+ its XLA build)


def test_new_dtype_or_rank_makes_a_new_trace_new_shape_does_not():
    def f(a):
        return a + 1

    acc = accelerate(f)
    acc(np.ones(3))
    base = acc.trace_count
    acc(np.ones(5))
    acc(np.ones(7))
    assert acc.trace_count == base
    acc(np.ones((2, 2)))
    assert acc.trace_count > base
    before = acc.trace_count
    acc(np.ones(3, dtype=np.float32))
    assert acc.trace_count > before


def test_numpy_scalar_arguments_are_strong():
    def f(a, s):
        return a * s

    assert_same(f, np.arange(3, dtype=np.int8), np.int16(3))
    assert_same(f, np.arange(3, dtype=np.float32), np.float64(1.5))
    assert_same(f, np.arange(3, dtype=np.float32), 1.5)


def test_weak_python_int_overflow_checked_at_run_time():
    def f(a, n):
        return a + n

    acc = accelerate(f)
    a = np.arange(3, dtype=np.int8)
    assert acc(a, 100).dtype == np.int8
    with pytest.raises(OverflowError):
        acc(a, 300)
    assert acc(a, -100).dtype == np.int8  # the cached graph still works after an error


def test_static_arguments_by_value():
    def f(a, mode, shape):
        return a.reshape(shape) * (2 if mode == "double" else 1)

    assert_same(f, np.arange(6), "double", (2, 3))
    assert_same(f, np.arange(6), "single", (3, 2))


def test_int_needed_at_trace_time_becomes_static():
    def f(a, n):
        out = a
        for _ in range(n):
            out = out * 2
        return out

    acc = accelerate(f)
    for n in (0, 1, 3):
        np.testing.assert_array_equal(acc(np.ones(2), n), f(np.ones(2), n))


def test_value_needed_at_trace_time_from_array_data_is_a_clear_error():
    def f(a):
        return np.split(a, int(a[0]))  # the number of pieces depends on the data

    with pytest.raises(StaticValueError, match="test_calling.py"):
        accelerate(f)(np.array([2.0, 1.0, 3.0, 4.0]))


def test_errors_point_at_the_user_line():
    def f(a):
        b = a * 2
        return np.swapaxes(b, 0, 5)

    with pytest.raises(ValueError) as info:  # AxisError is a ValueError
        accelerate(f)(np.ones((2, 2)))
    assert "test_calling.py" in "".join(getattr(info.value, "__notes__", []))


def test_results_are_writable_fresh_arrays():
    def f(a):
        return a + 0

    acc = accelerate(f)
    out = acc(np.ones(3))
    out[0] = 5.0
    assert acc(np.ones(3))[0] == 1.0


def test_tuples_lists_dicts_and_none_pass_through():
    def f(a):
        return (a, [a * 2, None], {"k": a.shape})

    acc = accelerate(f)
    got = acc(np.ones(2))
    assert isinstance(got, tuple) and isinstance(got[1], list) and got[1][1] is None
    assert got[2]["k"][0] in (2,) or got[2]["k"] is not None


def test_methods_on_arguments():
    def f(a):
        return a.T @ a

    class Holder:
        pass

    assert_same(f, np.arange(6.0).reshape(2, 3))


def test_run_time_tf_error_becomes_numpy_exception_at_user_line():
    def f(a, b):
        c = a * 2
        return c + b

    acc = accelerate(f)
    acc(np.ones(3), np.ones(3))
    with pytest.raises(ValueError) as info:   # NumPy: operands could not be broadcast
        acc(np.ones(3), np.ones(4))
    assert "return c + b" in "".join(getattr(info.value, "__notes__", []))
    assert acc(np.ones(2), np.ones(2)).shape == (2,)  # the signature still works
    assert acc.compiled._entries[next(iter(acc.compiled._entries))].jit  # and keeps XLA


def test_unhashable_static_arguments_are_keyed_by_value():
    def f(a, index, table):
        return a[index] * table[0]

    acc = accelerate(f)
    a = np.arange(10.0)
    for k in range(3):  # new tuple/list objects each call: same key when equal values
        np.testing.assert_array_equal(acc(a, (slice(k, None),), [2.0]), f(a, (slice(k, None),),
                                                                            [2.0]))
    np.testing.assert_array_equal(acc(a, (slice(1, 3),), [np.float64(3)]),
                                  f(a, (slice(1, 3),), [np.float64(3)]))
