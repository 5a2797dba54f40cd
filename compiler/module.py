"""Module conversion (``np2tf convert`` / ``np2tf check``): a .py file -> a standalone module.

The converted module is the original source, kept as it is (constants, classes and
non-NumPy code keep working), followed by a generated section: for each NumPy function
``f``, the code :mod:`codegen` generates for it (the same pipeline as the decorator),
wrapped in a factory that hands it the runtime's names (``_np``, ``_op``...), the
registration of its line map (errors name the original file's lines) and
``f = CompiledFunction(generated, f)``. It imports ``np2tf.runtime``, never the compiler.

Functions are found by importing the module (names are resolved by value, as the
decorator does): the top-level functions that reference NumPy, directly or through
another function of the module, or those named with ``only``.
"""
from __future__ import annotations

import ast
import contextlib
import dataclasses
import hashlib
import importlib.util
import io
import os
import sys
import tokenize
import traceback
import types

from np2tf.runtime import runtime_namespace

from . import codegen
from .convert import ModuleFunction, generate_for_module
from .errors import NotConvertibleError
from .frontend import resolve
from .passes.support import CallSite

LOWERED = "lowered"
FALLS_BACK = "falls back"
NOT_CONVERTIBLE = "not convertible"
PYTHON = "python"


class InputError(Exception):
    """Bad input (missing file, syntax error, unknown name...): exit status 2."""
    exit_code = 2


class UserCodeError(Exception):
    """The user's module raised while being imported: exit status 1."""
    exit_code = 1


@dataclasses.dataclass
class FunctionReport:
    """What conversion made of one top-level function."""
    name: str
    line: int
    status: str                 # LOWERED, FALLS_BACK, NOT_CONVERTIBLE or PYTHON
    reason: str = ""
    calls: list = dataclasses.field(default_factory=list)   # support.CallSite
    selected: bool = False      # its module-level name is replaced by the compiled one
    generated: ModuleFunction | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "line": self.line, "status": self.status,
                "reason": self.reason,
                "calls": [{"line": c.line, "call": c.call,
                           "status": LOWERED if c.lowered else FALLS_BACK,
                           "reason": c.reason} for c in self.calls]}


@dataclasses.dataclass
class ModuleReport:
    path: str
    source: str                 # the original text
    encoding: str
    functions: list             # FunctionReport, in source order
    main_guard: int | None      # line of `if __name__ == "__main__":`, if any

    def function(self, name) -> FunctionReport:
        return next(f for f in self.functions if f.name == name)

    @property
    def compiled(self) -> list:
        return [f for f in self.functions if f.generated is not None]

    def counts(self) -> dict:
        out = {LOWERED: 0, FALLS_BACK: 0, NOT_CONVERTIBLE: 0, PYTHON: 0}
        for f in self.functions:
            out[f.status] += 1
        return out

    def as_dict(self) -> dict:
        return {"file": self.path, "functions": [f.as_dict() for f in self.functions],
                "summary": self.counts()}


# --- reading and importing the user's module ------------------------------------------

def read_source(path: str) -> tuple[str, str]:
    """``(text, encoding)`` of a Python file; InputError for a missing or unreadable one
    or a syntax error (reported with its line)."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory")
    try:
        with open(path, "rb") as f:
            raw = f.read()
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(encoding)
    except (OSError, SyntaxError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read: {e}") from None
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        where = f"{path}:{e.lineno}" if e.lineno else path
        raise InputError(f"{where}: syntax error: {e.msg}") from None
    except ValueError as e:  # null bytes
        raise InputError(f"{path}: {e}") from None
    return text, encoding


def import_file(path: str, module_name: str | None = None) -> types.ModuleType:
    """Import the user's file (its top-level code runs; output goes to stderr so that
    it never mixes with a converted module written to stdout)."""
    path = os.path.abspath(path)
    name = module_name or _free_module_name(path)
    search = os.path.dirname(path) if module_name is None or "." not in module_name else None
    if search and search not in sys.path:
        sys.path.insert(0, search)  # its sibling imports work as when run as a script
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        with contextlib.redirect_stdout(sys.stderr):
            spec.loader.exec_module(module)
    except BaseException as e:  # noqa: BLE001 - reported as one line
        del sys.modules[name]
        if isinstance(e, KeyboardInterrupt):
            raise
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if os.path.abspath(f.filename) == path]
        where = f"{path}:{frames[-1].lineno}: " if frames else f"{path}: "
        raise UserCodeError(f"{where}importing the module raised "
                            f"{type(e).__name__}: {e}") from None
    return module


def _free_module_name(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    name = stem if stem.isidentifier() else "_np2tf_input"
    taken = sys.modules.get(name)
    if taken is not None and os.path.abspath(getattr(taken, "__file__", "") or "") != path:
        name = f"_np2tf_input_{name}"  # never shadow an imported module (numpy.py...)
    return name


# --- which functions are NumPy functions ----------------------------------------------

def _top_level_defs(tree):
    defs = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs[node.name] = node  # a later def of the same name wins, as at run time
    return sorted(defs.values(), key=lambda n: n.lineno)


def _main_guard(tree):
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            names = [n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)]
            consts = [n.value for n in ast.walk(node.test) if isinstance(n, ast.Constant)]
            if names == ["__name__"] and consts == ["__main__"]:
                return node.lineno
    return None


def _global_names(code):
    """Every name a code object (and the code nested in it) looks up."""
    names = set(code.co_names)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            names |= _global_names(c)
    return names


def _uses_numpy(fn, namespace) -> bool:
    for name in _global_names(fn.__code__):
        if name in namespace and resolve.numpy_path(namespace[name]) is not None:
            return True
    return False


def _live_function(node, namespace, path):
    """The module's function object for a top-level def, or the reason there is none."""
    if isinstance(node, ast.AsyncFunctionDef):
        return None, "an async function"
    if node.decorator_list:
        deco = ast.unparse(node.decorator_list[0])
        return None, f"decorated with @{deco}"
    fn = namespace.get(node.name)
    if not (isinstance(fn, types.FunctionType) and fn.__name__ == node.name
            and os.path.abspath(fn.__code__.co_filename) == path
            and fn.__code__.co_firstlineno == node.lineno):
        return None, f"the name {node.name} is rebound at module level"
    return fn, ""


# --- the analysis -----------------------------------------------------------------------

def analyse(path: str, only: list | None = None, module_name: str | None = None,
            text: tuple | None = None) -> ModuleReport:
    """Import ``path`` and convert its NumPy functions (or ``only`` these)."""
    path = os.path.abspath(path)
    source, encoding = text or read_source(path)
    tree = ast.parse(source, path)
    defs = _top_level_defs(tree)
    names = [d.name for d in defs]
    for name in only or ():
        if name not in names:
            known = ", ".join(names) or "none"
            raise InputError(f"{path}: no top-level function named {name!r} "
                             f"(functions: {known})")
    namespace = vars(import_file(path, module_name))
    runtime_namespace()  # loads the lowering table that support.analyse reads
    guard = _main_guard(tree)

    reports, functions = {}, {}
    for node in defs:
        fn, why = _live_function(node, namespace, path)
        if fn is not None and guard is not None and node.lineno > guard:
            fn, why = None, "defined after `if __name__ == '__main__':`"
        reports[node.name] = FunctionReport(node.name, node.lineno, PYTHON, why)
        if fn is not None:
            functions[node.name] = fn

    numpy_functions = {n for n, fn in functions.items() if _uses_numpy(fn, namespace)}
    changed = True
    while changed:  # a function calling one of the module's NumPy functions is one too
        changed = False
        for n, fn in functions.items():
            if n not in numpy_functions and _global_names(fn.__code__) & numpy_functions:
                numpy_functions.add(n)
                changed = True
    selected = list(only) if only else [n for n in names if n in numpy_functions]
    for n in selected:
        if n not in functions:
            raise InputError(f"{path}:{reports[n].line}: {n} cannot be compiled: "
                             f"{reports[n].reason}")
        reports[n].selected = True
    for n in functions:
        if n not in selected:
            reports[n].reason = "not among --only" if only else "does not use NumPy"

    _generate(selected, functions, reports)
    return ModuleReport(path, source, encoding, [reports[n] for n in names], guard)


def _generate(selected, functions, reports):
    """Generate each selected function and the module functions they call."""
    by_object = {fn: n for n, fn in functions.items()}
    results, callees, foreign = {}, {}, {}
    queue = list(selected)
    while queue:
        name = queue.pop(0)
        if name in results:
            continue
        callees[name], foreign[name] = set(), []

        def bind(function, ref, name=name):
            callee = by_object.get(function)
            if callee is None:  # another module's function: runs in Python
                foreign[name].append(ref)
                return None
            callees[name].add(callee)
            queue.append(callee)
            return f"_np2tf_call_{callee}"

        try:
            results[name] = generate_for_module(functions[name], name, bind)
        except NotConvertibleError as e:
            results[name] = e
        except Exception as e:  # noqa: BLE001 - a compiler bug must not stop the others
            code = functions[name].__code__
            results[name] = NotConvertibleError(
                f"np2tf failed on this function ({type(e).__name__}: {e}); please report it",
                code.co_filename, code.co_firstlineno)

    changed = True
    while changed:  # a function calling one that cannot be compiled cannot be either
        changed = False
        for name, result in results.items():
            if isinstance(result, NotConvertibleError):
                continue
            for callee in sorted(callees[name]):
                err = results[callee]
                if isinstance(err, NotConvertibleError):
                    results[name] = NotConvertibleError(
                        f"calls {callee}, which cannot be compiled ({_message(err)})",
                        err.filename, err.line)
                    changed = True
                    break

    for name, result in results.items():
        report = reports[name]
        if isinstance(result, NotConvertibleError):
            report.status, report.reason = NOT_CONVERTIBLE, _message(result)
            report.calls = [CallSite(result.line or report.line, "-", False,
                                     _message(result))]
            continue
        report.generated = result
        report.calls = list(result.calls) + _foreign_calls(result, foreign[name])
        report.calls.sort(key=lambda c: c.line)
        falls_back = [c for c in report.calls if not c.lowered]
        report.status = FALLS_BACK if falls_back else LOWERED
        if not report.selected:
            report.reason = "called by a compiled function"
        elif falls_back:
            report.reason = f"{len(falls_back)} call(s) run in NumPy"


def _foreign_calls(result, refs):
    """Call sites of user functions from other modules (they run in Python)."""
    from . import ir
    sites = []
    for node in ir.walk(result.ir.body):
        if isinstance(node, ir.Call) and isinstance(node.func, ir.UserFunction) and \
                node.func.id in refs:
            fn = node.func.function
            sites.append(CallSite(node.line, f"{fn.__module__}.{fn.__qualname__}", False,
                                  "defined in another module: runs in Python "
                                  "(convert that module too)"))
    return sites


def _message(err: NotConvertibleError) -> str:
    text = str(err).splitlines()[0]
    prefix = f"{err.filename}:{err.line}: "
    return text[len(prefix):] if err.filename and text.startswith(prefix) else text


# --- the converted module ----------------------------------------------------------------

_HELPERS = '''\
import functools as _np2tf_functools
import hashlib as _np2tf_hashlib
import inspect as _np2tf_inspect

from np2tf.runtime import calling as _np2tf_calling
from np2tf.runtime import fallback as _np2tf_fallback
from np2tf.runtime import hooks as _np2tf_hooks
from np2tf.runtime import origin as _np2tf_origin
from np2tf.runtime import runtime_namespace as _np2tf_runtime_namespace


def _np2tf_bind(generated, original):
    """A call between compiled functions binds its arguments as the original does."""
    signature = _np2tf_inspect.signature(original)

    def call(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return generated(*bound.args, **bound.kwargs)
    return call


def _np2tf_compiled(generated, original):
    """The calling convention: NumPy in, NumPy out, one TF graph per signature."""
    compiled = _np2tf_calling.CompiledFunction(generated, original)
    return _np2tf_functools.update_wrapper(compiled, original)


def _np2tf_user_file(path, digest, here):
    """Errors name the original file while it is the one converted; otherwise this
    file, whose top is the original source line for line."""
    try:
        with open(path, "rb") as f:
            if _np2tf_hashlib.sha256(f.read()).hexdigest() == digest:
                return path
    except OSError:
        pass
    return here


def _np2tf_method_in_python(function):
    """Without the compiler, a method of your own class called by compiled code runs
    in Python (through a fallback node) instead of being compiled."""
    def call(*args, **kwargs):
        return _np2tf_fallback.call(function, function.__qualname__,
                                    "a method of a user class (converted module)",
                                    args, kwargs)
    return call


if _np2tf_hooks.convert is None:
    _np2tf_hooks.convert = _np2tf_method_in_python
'''


def converted_source(report: ModuleReport, original_name: str | None = None) -> str:
    """The text of the converted module."""
    compiled = report.compiled
    lines = report.source.splitlines()
    if report.main_guard is None or not compiled:
        head, tail = lines, []
    else:  # the compiled versions must exist when the script part runs
        head, tail = lines[:report.main_guard - 1], lines[report.main_guard - 1:]
    if not compiled:
        return report.source
    shown = original_name or os.path.basename(report.path)
    out = list(head)
    if out and out[-1].strip():
        out.append("")
    out += ["", "# " + "-" * 86,
            f"# np2tf: generated by `np2tf convert` from {shown}; do not edit below this line.",
            "# Above: the original module, unchanged. Below: its NumPy functions compiled to",
            "# TensorFlow graphs. Importing this module needs np2tf's runtime, not its compiler."]
    for f in report.functions:
        if f.generated is not None:
            note = "compiled" + (", " + f.reason if f.reason else "")
        else:
            note = f.reason or f.status
        out.append(f"#   {f.name}: {note}")
    out += ["# " + "-" * 86] + _HELPERS.splitlines()

    names = ", ".join(codegen.RUNTIME_NAMES)
    user_lines = {}
    for f in compiled:
        out += ["", "", f"def _np2tf_make_{f.name}({names}):"]
        first = len(out) + 1
        for i, text in enumerate(f.generated.source.splitlines()):
            out.append(("    " + text) if text else "")
            hit = f.generated.line_map.get(i + 1)
            if hit is not None:
                user_lines[first + i] = hit[1]
        out.append(f"    return {f.name}")

    digest = hashlib.sha256(report.source.encode(report.encoding)).hexdigest()
    first_factory = f"_np2tf_make_{compiled[0].name}"
    out += ["", "",
            f"_np2tf_here = {first_factory}.__code__.co_filename",
            f"_np2tf_source = _np2tf_user_file({report.path!r}, {digest!r}, _np2tf_here)",
            "_np2tf_origin.register(_np2tf_here, {line: (_np2tf_source, user_line) "
            "for line, user_line in {",
            *[f"    {g}: {u}," for g, u in sorted(user_lines.items())],
            "}.items()})",
            "_np2tf_runtime = _np2tf_runtime_namespace()",
            f"_np2tf_runtime = [_np2tf_runtime[name] for name in {codegen.RUNTIME_NAMES!r}]"]
    called = "\n".join(f.generated.source for f in compiled)
    for f in compiled:
        out.append(f"_np2tf_{f.name} = _np2tf_make_{f.name}(*_np2tf_runtime)")
        if f"_np2tf_call_{f.name}(" in called:  # how compiled functions call this one
            out.append(f"_np2tf_call_{f.name} = _np2tf_bind(_np2tf_{f.name}, {f.name})")
    for f in compiled:
        if f.selected:
            out.append(f"{f.name} = _np2tf_compiled(_np2tf_{f.name}, {f.name})")
    out.append("# np2tf: end of the generated part")
    if tail:
        out += ["", ""] + tail
    text = "\n".join(out) + "\n"
    compile(text, report.path, "exec", dont_inherit=True)  # a bug here must not ship
    return text


def format_table(report: ModuleReport, shown_path: str | None = None) -> str:
    """The ``np2tf check`` table: one row per function and per call."""
    rows = []
    for f in report.functions:
        status = f.status if f.status != PYTHON else "left as Python"
        if f.status == NOT_CONVERTIBLE and f.calls and f.calls[0].line != f.line:
            rows.append((str(f.line), f.name, "def", f"{status} (line {f.calls[0].line})"))
            rows.append((str(f.calls[0].line), "", "-", f"cannot be compiled: {f.reason}"))
            continue
        rows.append((str(f.line), f.name, "def", status + (f" ({f.reason})" if f.reason else "")))
        if f.status in (LOWERED, FALLS_BACK):
            for c in f.calls:
                rows.append((str(c.line), "", c.call,
                             LOWERED if c.lowered else f"{FALLS_BACK}: {c.reason}"))
    head = ("line", "function", "call", "result")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(3)]

    def fmt(r):
        return (f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  "
                f"{r[3]}").rstrip()

    c = report.counts()
    summary = (f"{c[LOWERED]} lowered, {c[FALLS_BACK]} with fallbacks, "
               f"{c[NOT_CONVERTIBLE]} not convertible, {c[PYTHON]} left as Python")
    return "\n".join([shown_path or report.path, fmt(head)] + [fmt(r) for r in rows]
                     + [summary])
