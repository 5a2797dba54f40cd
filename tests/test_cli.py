"""The `np2tf` command: convert, check, export, and every bad-input case.

Commands run in this process through ``np2tf.cli.main`` (fast); what they produce is
then used from ONE fresh Python process (``artifacts``), as a user would: the converted
module must not load the compiler, the SavedModel must not load np2tf at all.
"""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from np2tf.cli import main

MODULE = '''\
"""A user's module: NumPy functions among ordinary Python."""
import numpy as np

SCALE = 2.0


class Box:
    def __init__(self, v):
        self.v = v

    def scale(self, a):
        return a * self.v


def boxed(box, a):
    return np.abs(box.scale(a))


def helper(x, k=3):
    return x * k


def scaled(a, k=3):
    return np.tanh(a) * SCALE + helper(a, k)


def uses_fallback(a):
    return np.unique(a)


def quiet_ratio(a, b):
    with np.errstate(divide="ignore"):
        return np.divide(a, b)


def total(a, *, axis=0):
    return np.sum(a, axis=axis)


def gather(a, idx):
    return np.sqrt(a[idx])


def shout(s):
    return s.upper()


if __name__ == "__main__":
    print("MAIN", type(scaled).__name__, scaled(np.ones(2)))
'''


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mod(tmp_path, request):
    # a unique module name per test: the CLI imports it into this process
    path = tmp_path / f"usermod_{request.node.name.replace('[', '_').replace(']', '_')}.py"
    path = tmp_path / (path.stem.replace("-", "_") + ".py")
    path.write_text(MODULE)
    return str(path)


# --- check -------------------------------------------------------------------------------

def test_check_table_reports_each_function_and_call_line(mod, capsys):
    code, out, err = run(capsys, "check", mod)
    assert code == 0, err
    rows = {}
    for row in out.splitlines():
        parts = row.split()
        if parts and parts[0].isdigit():
            rows.setdefault(int(parts[0]), []).append(row)

    def has(needle, *words):
        return any(all(w in r for w in words) for r in rows[line_of(MODULE, needle)])

    assert has("def scaled", "scaled", "lowered")
    assert has("np.tanh(a) * SCALE", "np.tanh", "lowered")
    assert has("def uses_fallback", "falls back")
    assert has("np.unique(a)", "np.unique", "falls back: no lowering rule")
    assert has("def quiet_ratio", "not convertible")
    assert has("with np.errstate", "cannot be compiled", "a with statement")
    assert has("def shout", "left as Python", "does not use NumPy")
    assert has("def helper", "lowered", "called by a compiled function")
    assert out.splitlines()[-1] == ("4 lowered, 2 with fallbacks, 1 not convertible, "
                                    "1 left as Python")


def test_check_json(mod, capsys):
    code, out, _ = run(capsys, "check", "--json", mod)
    assert code == 0
    report = json.loads(out)
    assert report["file"] == os.path.abspath(mod)
    funcs = {f["name"]: f for f in report["functions"]}
    assert funcs["scaled"]["status"] == "lowered"
    assert funcs["uses_fallback"]["status"] == "falls back"
    assert funcs["uses_fallback"]["calls"] == [{
        "line": line_of(MODULE, "np.unique(a)"), "call": "np.unique",
        "status": "falls back", "reason": "no lowering rule"}]
    assert funcs["quiet_ratio"]["status"] == "not convertible"
    assert "a with statement" in funcs["quiet_ratio"]["reason"]
    assert funcs["quiet_ratio"]["calls"][0]["line"] == line_of(MODULE, "with np.errstate")
    assert funcs["shout"]["status"] == "python"
    assert report["summary"] == {"lowered": 4, "falls back": 2, "not convertible": 1,
                                 "python": 1}


def test_check_strict_fails_on_fallbacks_and_unconvertible(mod, capsys):
    assert run(capsys, "check", "--strict", mod)[0] == 1
    assert run(capsys, "check", "--strict", "--only", "uses_fallback", mod)[0] == 1
    assert run(capsys, "check", "--strict", "--only", "quiet_ratio", mod)[0] == 1
    code, out, _ = run(capsys, "check", "--strict", "--only", "scaled,total", mod)
    assert code == 0
    assert "not among --only" in out


# --- convert ---------------------------------------------------------------------------------

def test_convert_to_stdout_keeps_the_original_source_line_for_line(mod, capsys):
    code, out, err = run(capsys, "convert", mod)
    assert code == 0, err
    assert out.startswith(MODULE.split('if __name__')[0])  # the original, as it is
    assert out.rstrip().endswith(MODULE.rstrip().splitlines()[-1])  # the script part last
    compile(out, "converted.py", "exec")
    assert "scaled = _np2tf_compiled(_np2tf_scaled, scaled)" in out
    assert "quiet_ratio = _np2tf_compiled" not in out and "shout = _np2tf_compiled" not in out
    assert "np2tf.compiler" not in out


def test_convert_only_replaces_just_those_and_compiles_their_callees(mod, capsys):
    code, out, _ = run(capsys, "convert", "--only", "scaled", mod)
    assert code == 0
    assert "scaled = _np2tf_compiled(" in out
    assert "_np2tf_call_helper = _np2tf_bind(" in out        # compiled for scaled's sake
    assert "helper = _np2tf_compiled(" not in out            # ... but helper stays Python
    assert "uses_fallback = _np2tf_compiled(" not in out


def test_convert_a_module_without_numpy_is_the_module_itself(tmp_path, capsys):
    src = tmp_path / "plainmod_cli.py"
    src.write_text("def f(s):\n    return s + '!'\n")
    code, out, _ = run(capsys, "convert", str(src))
    assert code == 0 and out == src.read_text()


# --- bad input: one line on stderr, exit 2 (1 when the user's code fails), nothing written --

BAD = [
    ("missing", lambda d, m: ["check", str(d / "nope.py")], 2, "nope.py: no such file"),
    ("syntax", lambda d, m: ["convert", _write(d / "broken.py", "import numpy as np\n\n"
                                               "def f(a):\n    return a +\n"),
                             "-o", str(d / "out.py")], 2, "broken.py:4: syntax error"),
    ("unknown-only", lambda d, m: ["convert", m, "--only", "scaled,nope", "-o",
                                   str(d / "out.py")], 2, "no top-level function named 'nope'"),
    ("unwritable-dir", lambda d, m: ["convert", m, "-o", str(d / "no" / "such" / "out.py")],
     2, "cannot write"),
    ("output-is-dir", lambda d, m: ["convert", m, "-o", str(d)], 2, "is a directory"),
    ("overwrite-input", lambda d, m: ["convert", m, "-o", m], 2, "overwrite the input"),
    ("raises-on-import", lambda d, m: ["check", _write(d / "raising.py", "import numpy\n"
                                                       "X = 1 / 0\n")],
     1, "raising.py:2: importing the module raised ZeroDivisionError"),
    ("export-unknown-name", lambda d, m: ["export", f"{m}:nope", "--signature", "float64[:]",
                                          "-o", str(d / "saved")], 2, "no function named 'nope'"),
    ("export-no-colon", lambda d, m: ["export", m, "--signature", "float64[:]",
                                      "-o", str(d / "saved")], 2, "expected FILE:FUNCTION"),
    ("export-bad-signature", lambda d, m: ["export", f"{m}:scaled", "--signature",
                                           "floot64[:]", "-o", str(d / "saved")],
     2, "unknown dtype 'floot64'"),
    ("export-too-many", lambda d, m: ["export", f"{m}:scaled", "--signature",
                                      "float64[:], int, int", "-o", str(d / "saved")],
     2, "takes 2 argument(s)"),
    ("export-missing-arg", lambda d, m: ["export", f"{m}:gather", "--signature",
                                         "float64[:]", "-o", str(d / "saved")],
     2, "parameter 'idx' of gather has no default"),
    ("export-unwritable", lambda d, m: ["export", f"{m}:scaled", "--signature", "float64[:]",
                                        "-o", str(d / "no" / "saved")], 2, "does not exist"),
]


def _write(path, text):
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("case", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_and_writes_nothing(case, tmp_path, mod, capsys):
    _, argv, status, message = case
    out_dir = tmp_path / "work"
    out_dir.mkdir()
    argv = argv(out_dir, mod)  # may write the bad input into out_dir
    before = sorted(os.listdir(out_dir))
    code, out, err = run(capsys, *argv)
    assert code == status
    assert message in err
    assert err.startswith("np2tf: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and out == ""
    assert sorted(os.listdir(out_dir)) == before  # nothing (half-)written
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".np2tf")]


def test_export_refuses_a_function_with_a_fallback_and_names_the_line(mod, tmp_path,
                                                                      capsys):
    code, _, err = run(capsys, "export", f"{mod}:uses_fallback", "--signature", "int64[:]",
                       "-o", str(tmp_path / "saved"))
    assert code == 1
    assert f"{os.path.abspath(mod)}:{line_of(MODULE, 'np.unique(a)')}" in err
    assert "np.unique" in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "saved").exists()
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".np2tf")]


def test_export_refuses_a_function_that_does_not_convert(mod, tmp_path, capsys):
    code, _, err = run(capsys, "export", f"{mod}:quiet_ratio", "--signature",
                       "float64[:], float64[:]", "-o", str(tmp_path / "saved"))
    assert code == 1 and "a with statement" in err and not (tmp_path / "saved").exists()


def test_export_refuses_a_function_that_writes_into_its_argument(tmp_path, capsys):
    src = _write(tmp_path / "bumpmod_cli.py",
                 "import numpy as np\n\n\ndef bump(a):\n    a += 1\n    return np.sum(a)\n")
    code, _, err = run(capsys, "export", f"{src}:bump", "--signature", "float64[:]",
                       "-o", str(tmp_path / "saved"))
    assert code == 1 and "writes into its argument(s) a" in err
    assert not (tmp_path / "saved").exists()


def test_real_console_script_bad_input_has_no_traceback(tmp_path):
    # these fail before TensorFlow is imported: cheap enough for subprocesses
    script = os.path.join(os.path.dirname(sys.executable), "np2tf")
    broken = _write(tmp_path / "broken.py", "def f(:\n    pass\n")
    for cmd in ([script, "check", str(tmp_path / "missing.py")],
                [sys.executable, "-m", "np2tf", "convert", broken, "-o",
                 str(tmp_path / "x.py")]):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, r.stderr
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "broken.py:1: syntax error" in r.stderr
    assert not (tmp_path / "x.py").exists()
    r = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "convert" in r.stdout and "export" in r.stdout


def test_signature_parsing():
    from np2tf.compiler.export import parse_signature
    specs = parse_signature("float64[:,:], int, float32, int8[3, :], bool[], 5, 'ortho', (1, 2)")
    assert [(s.kind, str(s)) for s in specs] == [
        ("array", "float64[:,:]"), ("weak", "int"), ("npscalar", "float32"),
        ("array", "int8[3,:]"), ("array", "bool[]"), ("static", "5"),
        ("static", "'ortho'"), ("static", "(1, 2)")]


# --- package directories ---------------------------------------------------------------------

PKG_A = "import numpy as np\n\n\ndef scale(x):\n    return np.exp(x) * 2\n"
PKG_B = ("import numpy as np\n\nfrom .a import scale\n\n\n"
         "def both(x):\n    return scale(x) + np.cos(x)\n")


def make_package(root, name):
    pkg = root / name
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text(PKG_A)
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text(PKG_B.replace("from .a", "from ..a"))
    return pkg


def test_package_progress_only_on_a_terminal(tmp_path, capsys, monkeypatch):
    import np2tf.cli as cli
    pkg = make_package(tmp_path / "src", "progpkg")
    (tmp_path / "o1").mkdir()
    (tmp_path / "o2").mkdir()
    code, out, _ = run(capsys, "convert", str(pkg), "-o", str(tmp_path / "o1" / "progpkg"))
    assert code == 0 and out == ""
    code, _, _ = run(capsys, "convert", str(pkg), "-o", str(tmp_path / "o1" / "progpkg"))
    assert code == 0  # again, into the existing output directory
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    code, out, _ = run(capsys, "convert", str(pkg), "-o", str(tmp_path / "o2" / "progpkg"))
    assert code == 0
    assert out.splitlines() == [
        "[1/4] __init__.py: no NumPy", "[2/4] a.py: 1 function(s) compiled",
        "[3/4] sub/__init__.py: no NumPy", "[4/4] sub/b.py: 1 function(s) compiled"]


def test_package_needs_an_output_directory(tmp_path, capsys):
    pkg = make_package(tmp_path, "nooutpkg")
    code, _, err = run(capsys, "convert", str(pkg))
    assert code == 2 and "needs -o" in err


# --- the artifacts, used from one fresh process ----------------------------------------------

FRESH = r'''
import json, os, sys, runpy, warnings
import numpy as np
a = json.loads(sys.argv[1])
out = {}

# 1. SavedModels, before anything of np2tf is imported
import tensorflow as tf
x = np.linspace(0.1, 2.0, 6)
scaled = tf.saved_model.load(a["saved_scaled"])
out["saved_scaled"] = scaled.scaled(x, 4).numpy().tolist()
gather = tf.saved_model.load(a["saved_gather"])
out["saved_gather"] = gather.gather(x, np.array([0, 5])).numpy().tolist()
try:
    gather.gather(x, np.array([0, 6]))
except tf.errors.InvalidArgumentError as e:
    out["saved_gather_error"] = e.message
default = tf.saved_model.load(a["saved_default"]).scaled(x.astype(np.float32))
out["saved_default"] = [default.dtype.name] + default.numpy().tolist()
out["np2tf_loaded_by_savedmodel"] = [m for m in sys.modules if m.startswith("np2tf")]

# 2. the converted module
sys.path[:0] = [a["out_dir"], a["pkg_out"]]
import importlib
conv = importlib.import_module(a["converted"])
orig = importlib.import_module(a["original"])
out["compiler_loaded"] = "np2tf.compiler" in sys.modules
out["types"] = {n: type(getattr(conv, n)).__name__ for n in
                ("scaled", "uses_fallback", "quiet_ratio", "total", "gather", "shout", "helper")}
cases = {"scaled": [(x,), (x, 2)], "total": [(np.ones((2, 3)),)],
         "uses_fallback": [(np.array([3, 1, 3]),)], "quiet_ratio": [(x, x - x)],
         "gather": [(x, np.array([1, 2]))], "shout": [("hi",)],
         "boxed": [(conv.Box(-2.0), x)]}
same = {}
for name, calls in cases.items():
    for args in calls:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            got = getattr(conv, name)(*args)
        want = getattr(orig, name)(*args)
        if isinstance(want, np.ndarray):
            ok = (type(got) is np.ndarray and got.dtype == want.dtype
                  and got.shape == want.shape and np.allclose(got, want, rtol=1e-12))
        else:
            ok = got == want and type(got) is type(want)
        same[f"{name}{len(args)}"] = bool(ok)
        if name == "uses_fallback":
            out["fallback_warning"] = [f"{x.filename}:{x.lineno}" for x in w]
out["same"] = same
out["total_kw"] = conv.total(np.ones((2, 3)), axis=1).tolist()
out["trace_count"] = conv.scaled.trace_count
out["box"] = conv.Box(3).v + conv.SCALE
out["signature"] = str(__import__("inspect").signature(conv.scaled))
try:
    conv.gather(x, np.array([0, 9]))
except IndexError as e:
    out["index_error"] = [str(e)] + list(getattr(e, "__notes__", []))
moved = importlib.import_module(a["moved"])
try:
    moved.gather(x, np.array([0, 9]))
except IndexError as e:
    out["index_error_moved"] = list(getattr(e, "__notes__", []))

# 3. the converted package
both = importlib.import_module(a["pkg"] + ".sub.b").both
out["pkg_both"] = both(x).tolist()
out["pkg_type"] = type(both).__name__

# 4. the converted module run as a script: its main block sees the compiled functions
import io, contextlib
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(a["out_dir"], a["converted"] + ".py"), run_name="__main__")
out["main"] = buf.getvalue()
out["compiler_loaded_at_end"] = "np2tf.compiler" in sys.modules
print(json.dumps(out))
'''


def make_artifacts(d):
    """Convert and export with the CLI, then use the results from one fresh process."""
    src = d / "src"
    src.mkdir()
    (src / "artmod.py").write_text(MODULE)
    (src / "movedmod.py").write_text(MODULE)
    out = d / "out"
    out.mkdir()
    make_package(src, "artpkg")
    argvs = [
        ["convert", str(src / "artmod.py"), "-o", str(out / "artmod_tf.py")],
        ["convert", str(src / "movedmod.py"), "-o", str(out / "movedmod_tf.py")],
        ["convert", str(src / "artpkg"), "-o", str(out / "pkg" / "artpkg")],
        ["export", f"{src / 'artmod.py'}:scaled", "--signature", "float64[:], int",
         "-o", str(d / "saved_scaled")],
        ["export", f"{src / 'artmod.py'}:gather", "--signature", "float64[:], int64[:]",
         "-o", str(d / "saved_gather")],
        ["export", f"{src / 'artmod.py'}:scaled", "--signature", "float32[:]",  # k=3 baked in
         "-o", str(d / "saved_default")],
    ]
    (out / "pkg").mkdir()
    for argv in argvs:
        assert main(argv) == 0, argv
    # the original changed after conversion: errors must then name the converted file
    (src / "movedmod.py").write_text("# edited\n" + MODULE)
    args = {"out_dir": str(out), "pkg_out": str(out / "pkg"), "converted": "artmod_tf",
            "original": "artmod", "moved": "movedmod_tf", "pkg": "artpkg",
            "saved_scaled": str(d / "saved_scaled"), "saved_gather": str(d / "saved_gather"),
            "saved_default": str(d / "saved_default")}
    env = dict(os.environ, PYTHONPATH=str(src), TF_CPP_MIN_LOG_LEVEL="2")
    r = subprocess.run([sys.executable, "-c", FRESH, json.dumps(args)], capture_output=True,
                       text=True, timeout=300, env=env, cwd=str(d))
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads(r.stdout.strip().splitlines()[-1])
    result["src"], result["out"] = str(src), str(out)
    return result


def check_saved_model_runs_without_np2tf(artifacts):
    x = np.linspace(0.1, 2.0, 6)
    assert artifacts["np2tf_loaded_by_savedmodel"] == []
    np.testing.assert_allclose(artifacts["saved_scaled"], np.tanh(x) * 2.0 + x * 4, rtol=1e-12)
    np.testing.assert_allclose(artifacts["saved_gather"], np.sqrt(x[[0, 5]]), rtol=1e-12)
    x32 = x.astype(np.float32)
    want = np.tanh(x32) * 2.0 + x32 * 3  # NEP 50: float32 stays float32 with Python scalars
    assert artifacts["saved_default"][0] == want.dtype.name == "float32"
    np.testing.assert_allclose(artifacts["saved_default"][1:], want, rtol=1e-6)


def check_saved_model_keeps_numpy_errors_as_checks(artifacts):
    msg = artifacts["saved_gather_error"]
    line = line_of(MODULE, "np.sqrt(a[idx])")
    assert "IndexError" in msg and f"artmod.py:{line}" in msg


def check_converted_module_needs_the_runtime_not_the_compiler(artifacts):
    assert artifacts["compiler_loaded"] is False
    assert artifacts["compiler_loaded_at_end"] is False


def check_converted_module_replaces_numpy_functions_only(artifacts):
    assert artifacts["types"] == {
        "scaled": "CompiledFunction", "uses_fallback": "CompiledFunction",
        "quiet_ratio": "function", "total": "CompiledFunction", "gather": "CompiledFunction",
        "shout": "function", "helper": "function"}
    assert artifacts["trace_count"] >= 1
    assert artifacts["signature"] == "(a, k=3)"
    assert artifacts["box"] == 5.0  # classes and constants keep working


def check_converted_module_gives_numpys_answers(artifacts):
    assert artifacts["same"] and all(artifacts["same"].values()), artifacts["same"]
    assert artifacts["total_kw"] == [3.0, 3.0]


def check_converted_module_errors_and_warnings_name_the_original_lines(artifacts):
    src = artifacts["src"]
    line = line_of(MODULE, "np.sqrt(a[idx])")
    assert artifacts["index_error"][0].startswith("index")
    assert f"{src}/artmod.py:{line}" in artifacts["index_error"][1]
    assert artifacts["fallback_warning"] == [f"{src}/artmod.py:{line_of(MODULE, 'np.unique')}"]
    # the original was edited since: the converted file itself is named (same lines)
    assert f"{artifacts['out']}/movedmod_tf.py:{line}" in artifacts["index_error_moved"][0]


def check_converted_package_imports_and_runs(artifacts):
    x = np.linspace(0.1, 2.0, 6)
    assert artifacts["pkg_type"] == "CompiledFunction"
    np.testing.assert_allclose(artifacts["pkg_both"], np.exp(x) * 2 + np.cos(x), rtol=1e-12)


def check_converted_module_as_a_script_uses_the_compiled_functions(artifacts):
    assert artifacts["main"].startswith("MAIN CompiledFunction [")


def check_converted_output_is_standalone_python(artifacts):
    text = open(os.path.join(artifacts["out"], "artmod_tf.py")).read()
    assert text.startswith(MODULE.split("if __name__")[0])
    assert "import np2tf.compiler" not in text and "from np2tf.compiler" not in text
    assert textwrap.dedent("""\
        # np2tf: generated by `np2tf convert` from artmod.py; do not edit below this line.
        """) in text


def test_converted_and_exported_artifacts_in_a_fresh_process(tmp_path):
    # One process for all of them (TensorFlow's import is the cost); a module-scoped
    # fixture would run once per xdist worker.
    artifacts = make_artifacts(tmp_path)
    check_saved_model_runs_without_np2tf(artifacts)
    check_saved_model_keeps_numpy_errors_as_checks(artifacts)
    check_converted_module_needs_the_runtime_not_the_compiler(artifacts)
    check_converted_module_replaces_numpy_functions_only(artifacts)
    check_converted_module_gives_numpys_answers(artifacts)
    check_converted_module_errors_and_warnings_name_the_original_lines(artifacts)
    check_converted_package_imports_and_runs(artifacts)
    check_converted_module_as_a_script_uses_the_compiled_functions(artifacts)
    check_converted_output_is_standalone_python(artifacts)
