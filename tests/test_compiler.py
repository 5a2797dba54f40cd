"""The front door: source -> IR -> generated code; name resolution; clear errors."""
import math

import numpy as np
import pytest

import np2tf
from np2tf import NotConvertibleError, accelerate, to_code

from . import helpers_module as hm
from .diff import assert_same

OFFSET = 2


def test_to_code_is_python_calling_the_runtime():
    def f(x):
        return np.sqrt(x) + 1

    code = to_code(f)
    assert "def f(x):" in code and "_np.sqrt" in code and "_op.add" in code
    compile(code, "<generated>", "exec")  # it is real Python


def test_generated_code_lives_in_a_real_file():
    def f(x):
        return x * 2

    acc = accelerate(f)
    acc(np.ones(2))
    from np2tf.compiler.convert import convert
    path = convert(f).path
    with open(path) as fh:
        assert fh.read() == to_code(f)


@pytest.mark.parametrize("fn", [hm.scaled, hm.softplus, hm.unit, hm.calls_helper])
def test_module_level_names_aliases_and_from_imports(fn):
    assert_same(fn, np.linspace(0.5, 2.0, 4))


def test_closure_and_global_constants():
    k = np.float32(0.5)

    def f(a):
        return a * k + OFFSET

    assert_same(f, np.arange(3, dtype=np.float32))


def test_math_module_on_python_scalars():
    def f(a, s):
        return a * math.sqrt(s) + math.floor(s), math.sqrt(s)

    assert_same(f, np.arange(3.0), 2.25)


def test_user_functions_are_compiled_too():
    def inner(x, p=2):
        return x ** p

    def outer(x):
        return inner(x) + inner(x, p=3)

    assert_same(outer, np.arange(4.0))


def test_accelerated_functions_compose():
    @accelerate
    def inner(x):
        return np.exp(x)

    def outer(x):
        return inner(x) * 2

    assert_same(outer, np.arange(3.0))


def test_lambda_in_a_file():
    f = lambda x: np.cos(x) * 2  # noqa: E731
    assert_same(f, np.arange(3.0))


def test_keyword_and_default_arguments():
    def f(a, b=1.5, *, scale=2):
        return (a + b) * scale

    acc = accelerate(f)
    np.testing.assert_array_equal(acc(np.ones(2), scale=3), f(np.ones(2), scale=3))
    np.testing.assert_array_equal(acc(np.ones(2), 0.5), f(np.ones(2), 0.5))


def test_source_not_available_is_a_clear_error():
    with pytest.raises(NotConvertibleError, match="cannot read the source"):
        accelerate(math.hypot)(1.0, 2.0)
    with pytest.raises(NotConvertibleError, match="source"):
        accelerate(eval("lambda x: x + 1"))(np.ones(2))


def test_unsupported_syntax_names_the_line():
    def f(x):
        try:
            return x
        except ValueError:
            return x

    with pytest.raises(NotConvertibleError, match=r"test_compiler.py:\d+: a try statement"):
        accelerate(f)(np.ones(2))


def test_assignment_into_an_argument_reaches_the_caller():
    def f(x):
        x[0] = 1.0
        return x

    assert_same(f, np.zeros(2))


def test_inplace_update_of_an_argument_reaches_the_caller():
    def f(x):
        x += 1
        return x

    assert_same(f, np.zeros(2))


def test_inplace_update_of_a_fresh_array_is_fine():
    def f(x):
        y = x * 2
        y += 1
        y *= np.float32(3)
        return y

    assert_same(f, np.arange(3, dtype=np.float32))
    assert_same(f, np.arange(3, dtype=np.int16))


def test_inplace_same_kind_casting_error():
    def f(x):
        y = x * 2
        y += 1.5
        return y

    assert_same(f, np.arange(3))  # NumPy raises UFuncTypeError (a TypeError)


def test_undefined_name():
    def f(x):
        return x + not_defined_anywhere  # noqa: F821

    with pytest.raises(NotConvertibleError, match="not_defined_anywhere"):
        accelerate(f)(np.ones(1))


def test_python_control_flow_on_static_values_runs_at_trace_time():
    def f(x, n):
        total = x * 0
        for i in range(n):
            total = total + x * i
        if n > 2:
            total = -total
        return total

    assert_same(f, np.arange(3.0), 4)
    assert_same(f, np.arange(3.0), 1)


def test_tuple_unpacking_of_rows():
    def f(m):
        a, b = m
        return a - b

    assert_same(f, np.arange(6.0).reshape(2, 3))


def test_chained_comparison_and_boolops_on_scalars():
    def f(x, lo, hi):
        ok = lo < 2 < hi and not lo > hi
        return x * 2 if ok else x

    assert_same(f, np.arange(3), 1, 5)
    assert_same(f, np.arange(3), 3, 5)


def test_np2tf_exports():
    assert callable(np2tf.accelerate) and callable(np2tf.explain) and callable(np2tf.to_code)
