"""Fallback nodes: NumPy's exact answer for what is not lowered, and an honest report."""
import warnings

import numpy as np
import pytest

from np2tf import FallbackWarning, accelerate, explain

from .diff import assert_same


def uses_unique(a):
    u = np.unique(a)
    return u * 2


def uses_eig(m):
    w, v = np.linalg.eig(m)
    return np.sort(w.real), v.shape


def uses_histogram(x):
    hist, edges = np.histogram(x, bins=4)
    return hist, edges


def uses_rng():
    return np.random.default_rng(0).normal(size=3)


def two_draws():
    rng = np.random.default_rng(42)
    return rng.normal(size=2), rng.normal(size=2)


@pytest.mark.parametrize("fn,args", [
    (uses_unique, (np.array([3, 1, 3, 2]),)),
    (uses_eig, (np.array([[2.0, 1.0], [1.0, 3.0]]),)),
    (uses_histogram, (np.linspace(0, 1, 11),)),
    (uses_rng, ()),
    (two_draws, ()),
])
def test_fallback_gives_numpy_answer_on_first_and_later_calls(fn, args):
    acc = accelerate(fn)
    assert_same(fn, *args, accelerated=acc)   # first call: eager run
    assert_same(fn, *args, accelerated=acc)   # later calls: the graph with numpy_function


def test_fallback_output_shapes_follow_the_data():
    acc = accelerate(uses_unique)
    for a in (np.array([1, 1, 1]), np.array([5, 4, 3, 2, 1, 1]), np.array([], dtype=int)):
        assert_same(uses_unique, a, accelerated=acc)


def test_global_generator_state_advances_like_numpy():
    rng_np = np.random.default_rng(7)
    rng_tf = np.random.default_rng(7)

    def draw_np():
        return rng_np.normal(size=2)

    def draw_tf():
        return rng_tf.normal(size=2)

    acc = accelerate(draw_tf)
    for _ in range(3):
        np.testing.assert_array_equal(acc(), draw_np())


def test_exception_inside_a_fallback_keeps_its_type():
    def f(m):
        return np.linalg.eigvals(m)  # not lowered; raises LinAlgError for non-square

    acc = accelerate(f)
    acc(np.eye(2))
    with pytest.raises(np.linalg.LinAlgError):
        acc(np.ones((2, 3)))


def test_one_warning_per_site():
    def f(a):
        return np.unique(a)

    acc = accelerate(f)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FallbackWarning)
        for _ in range(3):
            acc(np.array([1, 2, 2]))
    mine = [w for w in caught if issubclass(w.category, FallbackWarning)]
    assert len(mine) == 1
    assert mine[0].filename.endswith("test_fallback.py")


def test_explain_lists_fallbacks_with_location_and_reason():
    report = explain(uses_unique, np.array([1, 2]))
    assert not report.fully_lowered
    (fb,) = report.fallbacks
    assert fb.call == "np.unique" and fb.file.endswith("test_fallback.py")
    assert fb.line == uses_unique.__code__.co_firstlineno + 1
    assert fb.reason
    assert "np.unique" in str(report)


def test_explain_fully_lowered_function_uses_xla():
    def f(x):
        return 1 / (1 + np.exp(-x))

    report = explain(f, np.ones(3))
    assert report.fully_lowered and report.fallbacks == [] and report.jit_compile


def test_foreign_callables_fall_back():
    import statistics

    def f(a):
        return a * statistics.fmean([1.0, 2.0, 4.0])

    assert_same(f, np.arange(3.0))
    assert explain(f, np.arange(3.0)).fallbacks[0].call.endswith("fmean")


def test_fallbacks_that_change_arguments_in_place():
    def f(a):
        np.fill_diagonal(a, 0)
        return a.sum()

    def g(a):
        b = a * 1
        np.random.default_rng(0).shuffle(b)
        return b

    acc_f, acc_g = accelerate(f), accelerate(g)
    for _ in range(2):  # the eager first call, then the graph
        assert_same(f, np.ones((3, 3)), accelerated=acc_f)
        assert_same(g, np.arange(6.0), accelerated=acc_g)
