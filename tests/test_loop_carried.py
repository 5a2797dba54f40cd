"""What branches and loops on run-time values carry, beyond numbers and arrays updated in
place: names rebound to other arrays (``A, B = B, A``), lists grown by ``append``, and
``zip``/``enumerate`` over lengths known only at run time. Each is compared with NumPy
(values, types, arrays mutated in place) and must lower fully (no fallback)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from np2tf import accelerate

from .diff import assert_same, assert_same_lowered


def same_lowered(fn, *args):
    """NumPy's answers, and no fallback (XLA or not: grown lists are plain graphs)."""
    assert_same_lowered(fn, *args, xla=False)


# --- names rebound to arrays from before the construct ---------------------------------

def pingpong(steps, A, B):
    for _ in range(steps):
        B[1:-1] = (A[:-2] + A[1:-1] + A[2:]) / 3.0
        A, B = B, A
    A[0] = -1.0  # after the loop: whichever array A names now
    return A.sum()


def rotate3(steps, A, B, C):
    for _ in range(steps):
        C[:] = A + B
        A, B, C = B, C, A
    return A, B


def rebind_then_write(x, n):
    for _ in range(n):
        x = x * 2
    x[0] = 5  # writes the caller's array when the loop ran zero times
    return x


def if_alias(A, B, c):
    if c > 0:
        A = B
    A[0] = 7.0
    return A


def if_alias_or_new(A, B, c):
    if c > 0:
        A = B
    else:
        A = A * 2
    A[1] += 1.0
    return A


def if_alias_in_loop(A, B, n):
    for i in range(n):
        if i % 3 == 0:
            A, B = B, A
        A[i % 4] += i
    return A, B


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 7), st.integers(3, 9))
def test_swap_in_runtime_loop(steps, size):
    same_lowered(pingpong, steps, np.arange(size, dtype=float), np.zeros(size))


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 7])
def test_three_way_rotation(steps):
    same_lowered(rotate3, steps, np.arange(4.0), np.ones(4), np.full(4, 3.0))


@pytest.mark.parametrize("n", [0, 1, 3])
def test_rebound_argument_written_after_loop(n):
    same_lowered(rebind_then_write, np.arange(1, 4), n)


@pytest.mark.parametrize("c", [-1, 1])
def test_if_on_runtime_value_rebinds_to_an_argument(c):
    same_lowered(if_alias, np.zeros(3), np.ones(3), c)
    same_lowered(if_alias_or_new, np.zeros(3), np.ones(3), c)


@pytest.mark.parametrize("n", [0, 1, 4, 9])
def test_conditional_swap_inside_loop(n):
    same_lowered(if_alias_in_loop, np.zeros(4), np.ones(4), n)


def test_swapped_arrays_of_different_shapes():
    def f(n, A, B):
        for _ in range(n):
            A[0] += 1
            A, B = B, A
        return A.shape[0]

    for n in (0, 1, 2, 5):
        same_lowered(f, n, np.zeros(3), np.zeros(5))


# --- zip / enumerate over lengths known only at run time --------------------------------

def polyline(xs, ys):
    total = 0.0
    for x0, x1, y0, y1 in zip(xs[:-1], xs[1:], ys[:-1], ys[1:]):
        total += np.hypot(x1 - x0, y1 - y0)
    return total


def enumerate_rows(a, n):
    s = a[0, 0] * 0
    for i, row in enumerate(a, 1):
        s = s + i * row.sum()
    for i, (x, k) in enumerate(zip(a[:, 0], range(n))):
        s = s - x * k + i
    return s


def zip_writes_rows(a, b):
    for r, q in zip(a, b[::-1]):
        r += q
    return a


@pytest.mark.parametrize("n", [2, 5, 40])
def test_zip_over_runtime_length_slices(n):
    xs = np.cumsum(np.linspace(0.5, 1.5, n))
    same_lowered(polyline, xs, xs ** 2)


@pytest.mark.parametrize("rows,n", [(1, 0), (4, 3), (30, 7), (30, 40)])
def test_enumerate_and_zip_with_range(rows, n):
    same_lowered(enumerate_rows, np.arange(rows * 3.0).reshape(rows, 3), n)


@pytest.mark.parametrize("rows", [3, 20])
def test_zip_rows_are_views(rows):
    same_lowered(zip_writes_rows, np.ones((rows, 2)), np.arange(rows * 2.0).reshape(rows, 2))


def test_zip_consumed_as_a_list():
    def f(a):
        return list(zip(range(3), range(5))), len(list(enumerate(a)))

    assert_same(f, np.arange(4.0))


# --- lists grown by append in a run-time loop ------------------------------------------

def energy_history(x, steps):
    history = []
    for _ in range(steps):
        x = x * 0.5
        history.append(np.sum(x ** 2))
    return np.array(history), len(history)


def snapshots(x, steps):
    frames = [x.copy()]
    for _ in range(steps):
        x = x + 1
        frames.append(x)
    return np.stack(frames), frames


def python_ints(steps):
    out = []
    for i in range(steps):
        out.append(i * i)
    total = 0
    for v in out:
        total += v
    return out, total, out[-1] if steps else None


@pytest.mark.parametrize("steps", [0, 1, 6])
def test_append_scalars_in_runtime_loop(steps):
    same_lowered(energy_history, np.linspace(0, 1, 5), steps)


@pytest.mark.parametrize("steps", [0, 3, 20])
def test_append_arrays_to_a_non_empty_list(steps):
    same_lowered(snapshots, np.arange(3), steps)


@pytest.mark.parametrize("steps", [1, 5])
def test_appended_python_numbers_stay_python_numbers(steps):
    same_lowered(python_ints, steps)


def test_empty_grown_list_of_arrays_is_a_clear_error():
    # np.array([]) is float64 of shape (0,): a list of int arrays left empty cannot match
    def f(steps):
        out = []
        for _ in range(steps):
            out.append(np.arange(2))
        return np.array(out)

    acc = accelerate(f)
    np.testing.assert_array_equal(acc(3), f(3))
    with pytest.raises(ValueError, match="left empty"):
        acc(0)


def test_list_changed_other_than_by_append_is_a_clear_error():
    def f(steps):
        out = [1.0, 2.0]
        for _ in range(steps):
            out.pop()
        return out

    with pytest.raises(ValueError, match="other than by append"):
        accelerate(f)(2)


def positives(a):
    out = []
    for x in a:
        if x > 0:
            out.append(x)
    return np.array(out)


def maybe_append(a, c):
    out = [a[0]]
    if c > 0:
        out.append(a[1])
    return out, len(out)


@pytest.mark.parametrize("a", [np.arange(-3.0, 40.0), np.array([1.0, -1.0]), np.array([-1.0])])
def test_append_in_branch_on_runtime_condition(a):
    same_lowered(positives, a)


@pytest.mark.parametrize("c", [-1, 1])
def test_append_in_if_outside_loops(c):
    same_lowered(maybe_append, np.arange(3.0), c)


def mixed_numbers(steps):
    out = []
    for i in range(steps):
        out.append(i)
        out.append(i + 0.5)
    return np.array(out), out


def test_appended_ints_and_floats_are_a_clear_error():
    # returned, the list must hold ints and floats as appended: one carried element type
    # cannot, so this is refused rather than answered with floats only
    np.testing.assert_array_equal(mixed_numbers(3)[0], [0, 0.5, 1, 1.5, 2, 2.5])
    with pytest.raises(ValueError, match="elements of different types"):
        accelerate(mixed_numbers)(3)
