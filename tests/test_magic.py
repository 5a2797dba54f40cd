"""The notebook door, in IPython's own InteractiveShell: %load_ext np2tf, %%accelerate,
%np2tf_explain. (examples/quickstart.ipynb runs in a real kernel: tests/test_examples.py.)"""
import inspect
import linecache
import warnings

import numpy as np
import pytest

IPython = pytest.importorskip("IPython")

from np2tf import FallbackWarning  # noqa: E402
from np2tf.api import Accelerated  # noqa: E402


@pytest.fixture(scope="module")
def ip():
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    result = shell.run_line_magic("load_ext", "np2tf")
    assert result is None
    shell.run_cell("import numpy as np")
    return shell


def run(ip, source):
    result = ip.run_cell(source)
    if result.error_before_exec is not None:
        raise result.error_before_exec
    if result.error_in_exec is not None:
        raise result.error_in_exec
    return result.result


def test_load_ext_registers_the_magics(ip):
    magics = ip.magics_manager.magics
    assert "accelerate" in magics["cell"]
    assert "np2tf_explain" in magics["line"]


CELL = """%%accelerate
def softplus(x):
    return np.log1p(np.exp(x))

def twice(x):            # no NumPy of its own, but calls a NumPy function
    return softplus(x) * 2

def later(x):            # calls a function defined further down the cell
    return defined_below(x) + 1

def defined_below(x):
    return np.cos(x)

def shout(s):            # not NumPy: stays Python
    return s.upper()

inside = type(softplus).__name__   # the rest of the cell already sees compiled ones
twice(np.arange(3.0))
"""


def test_accelerate_compiles_the_numpy_functions_of_the_cell(ip):
    value = run(ip, CELL)
    ns = ip.user_ns
    for name in ("softplus", "twice", "later", "defined_below"):
        assert isinstance(ns[name], Accelerated), name
    assert inspect.isfunction(ns["shout"]) and ns["shout"]("a") == "A"
    assert ns["inside"] == "Accelerated"
    x = np.linspace(-2, 2, 5)
    for name in ("softplus", "twice", "later"):
        got, want = ns[name](x), ns[name].python_function(x)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12)
    expected = ns["twice"].python_function(np.arange(3.0))  # the cell's value, shown as Out
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    assert ns["twice"].trace_count >= 1
    assert "__np2tf_accelerate_cell__" not in ns


def test_the_cell_is_a_real_file_for_inspect_and_linecache(ip):
    run(ip, "%%accelerate\ndef cube(x):\n    return np.power(x, 3)\n")
    fn = ip.user_ns["cube"].python_function
    path = inspect.getsourcefile(fn)
    with open(path) as f:
        assert f.read() == "# %%accelerate\ndef cube(x):\n    return np.power(x, 3)\n"
    assert linecache.getline(path, 3).strip() == "return np.power(x, 3)"  # as in the cell
    assert "np.power" in inspect.getsource(fn)


def test_only_the_named_functions(ip):
    run(ip, "%%accelerate plus_one\ndef plus_one(x):\n    return x + 1\n\n"
            "def halve(x):\n    return np.divide(x, 2)\n")
    assert isinstance(ip.user_ns["plus_one"], Accelerated)
    assert inspect.isfunction(ip.user_ns["halve"])
    assert ip.user_ns["plus_one"](np.int8(3)) == np.int8(4)


def test_verbose_lists_what_was_compiled(ip, capsys):
    run(ip, "%%accelerate -v\ndef neg(x):\n    return np.negative(x)\n\ndef id_(s):\n"
            "    return s\n")
    assert "np2tf: compiled neg\n" in capsys.readouterr().out


def test_errors_name_the_cells_line(ip):
    run(ip, "%%accelerate\nimport numpy as np\n\ndef pick(a, i):\n    b = np.tanh(a)\n"
            "    return b[i]\n")
    with pytest.raises(IndexError) as info:
        ip.user_ns["pick"](np.ones(3), 7)
    path = inspect.getsourcefile(ip.user_ns["pick"].python_function)
    assert f"{path}:6: return b[i]" in "\n".join(info.value.__notes__)


def test_fallback_warnings_name_the_cells_line(ip):
    run(ip, "%%accelerate\ndef levels(a):\n    b = np.round(a, 1)\n    return np.unique(b)\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FallbackWarning)
        got = ip.user_ns["levels"](np.array([0.11, 0.52, 0.14]))
    np.testing.assert_array_equal(got, [0.1, 0.5])
    path = inspect.getsourcefile(ip.user_ns["levels"].python_function)
    assert [(w.filename, w.lineno) for w in caught if w.category is FallbackWarning] == \
        [(path, 4)]


def test_a_syntax_error_names_the_cells_line(ip):
    result = ip.run_cell("%%accelerate\ndef f(x):\n    return x +\n")
    err = result.error_in_exec or result.error_before_exec
    assert isinstance(err, SyntaxError) and err.lineno == 3
    assert err.filename.endswith(".py")


def test_an_exception_in_the_cell_propagates_and_leaves_nothing_behind(ip):
    result = ip.run_cell("%%accelerate\ndef early(x):\n    return np.abs(x)\n\n1 / 0\n")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert isinstance(ip.user_ns["early"], Accelerated)  # defined before the error
    assert "__np2tf_accelerate_cell__" not in ip.user_ns


def test_explain_without_arguments_shows_code_and_static_report(ip, capsys):
    run(ip, "%%accelerate\ndef spread(a):\n    return np.ptp(a) + np.median(np.sort(a))\n")
    capsys.readouterr()
    ip.run_line_magic("np2tf_explain", "spread")
    out = capsys.readouterr().out
    assert "def spread(a):" in out and "_np.ptp" in out
    assert "np2tf static report for spread" in out
    path = inspect.getsourcefile(ip.user_ns["spread"].python_function)
    assert f"{path}:3: np.ptp lowered" in out


def test_explain_with_arguments_reports_the_fallbacks(ip, capsys):
    run(ip, "%%accelerate\ndef counts(a):\n    return np.bincount(a) * 2\n")
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FallbackWarning)
        ip.run_line_magic("np2tf_explain", "counts(np.array([0, 1, 1]))")
    out = capsys.readouterr().out
    path = inspect.getsourcefile(ip.user_ns["counts"].python_function)
    assert "np2tf report for counts: 1 call(s) fall back to NumPy" in out
    assert f"{path}:3: np.bincount falls back to NumPy" in out


def test_explain_a_function_that_does_not_convert(ip, capsys):
    run(ip, "%%accelerate shout2\ndef shout2(s):\n    return f'{s}!'\n")
    capsys.readouterr()
    ip.run_line_magic("np2tf_explain", "shout2")
    captured = capsys.readouterr()
    assert "cannot compile shout2" in captured.err and "f-string" in captured.err
