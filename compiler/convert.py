"""The pipeline: a Python function -> IR -> passes -> generated source -> loaded function."""
from __future__ import annotations

import dataclasses
import inspect
import weakref

from np2tf.runtime import hooks, origin, runtime_namespace

from . import codegen, ir
from .frontend.parser import parse_function
from .frontend.to_ir import function_to_ir
from .passes import (
    break_statements,
    continue_statements,
    control_flow,
    return_statements,
    support,
)


@dataclasses.dataclass
class Converted:
    """A compiled function: the generated Python (on TF) and what we know about it."""
    original: object
    function: object          # the generated Python function (runs on the runtime)
    source: str               # its source: the artifact `to_code` shows and the CLI writes
    path: str                 # where that source lives on disk
    ir: ir.Function
    calls: list               # support.CallSite for every call (static report)


_converted: weakref.WeakKeyDictionary[object, Converted] = weakref.WeakKeyDictionary()


def convert(fn) -> Converted:
    """Compile ``fn`` (and, on demand, the user functions it calls)."""
    fn = inspect.unwrap(getattr(fn, "python_function", fn))
    hit = _converted.get(fn)
    if hit is not None:
        return hit
    node, filename = parse_function(fn)
    fn_ir = function_to_ir(fn, node, filename)
    namespace = runtime_namespace()  # first: it loads the lowering table support reads
    calls = support.analyse(fn_ir)
    _lower_control_flow(fn_ir)
    gen_name = _identifier(fn.__name__)
    user_functions: dict[object, str] = {}

    def bind_user_function(callee):
        if callee is fn:
            return gen_name  # recursion calls the generated function itself
        if callee not in user_functions:
            name = f"{_identifier(callee.__name__)}__np2tf"
            user_functions[callee] = name
            namespace[name] = _LazyCallee(callee)
        return user_functions[callee]

    namespace["__user_functions__"] = bind_user_function
    source, line_map = codegen.generate(fn_ir, namespace, gen_name)
    del namespace["__user_functions__"]
    function, path = codegen.load(source, gen_name, namespace)
    origin.register(path, line_map)
    result = Converted(fn, function, source, path, fn_ir, calls)
    _converted[fn] = result
    return result


def _compiled_callable(fn):
    """For the runtime: a user function met while tracing, compiled and bound to its
    signature's defaults."""
    return _LazyCallee(fn)


hooks.convert = _compiled_callable


def _lower_control_flow(fn_ir):
    """The control-flow passes, in their fixed order (jumps become flags first)."""
    return_statements.transform(fn_ir)
    fn_ir.body = break_statements.transform(fn_ir.body)
    continue_statements.transform(fn_ir.body)
    control_flow.transform(fn_ir)


class _LazyCallee:
    """Converts a called user function the first time it is called (so recursion
    and functions defined later in the module work)."""

    def __init__(self, fn):
        self.fn = fn
        self.target = None

    def __call__(self, *args, **kwargs):
        if self.target is None:
            self.target = convert(self.fn).function
            sig = inspect.signature(self.fn)
            self.bind = sig.bind
            self.sig = sig
        bound = self.bind(*args, **kwargs)
        bound.apply_defaults()
        return self.target(*bound.args, **bound.kwargs)


def _identifier(name: str) -> str:
    return "".join(c if c.isalnum() or c == "_" else "_" for c in name) or "f"


@dataclasses.dataclass
class ModuleFunction:
    """A function's generated source for a converted module (``np2tf convert``)."""
    original: object
    source: str
    line_map: dict            # generated line -> (user file, user line)
    ir: ir.Function
    calls: list


def generate_for_module(fn, gen_name: str, bind_user_function) -> ModuleFunction:
    """The same pipeline as :func:`convert`, without loading: source that refers to the
    module's globals by name. ``bind_user_function(function, name)`` returns the name a
    call to another user function goes through, or None to run that call in Python."""
    fn = inspect.unwrap(fn)
    node, filename = parse_function(fn)
    fn_ir = function_to_ir(fn, node, filename)
    calls = support.analyse(fn_ir)
    _lower_control_flow(fn_ir)
    namespace = {"__user_functions__": bind_user_function}
    source, line_map = codegen.generate(fn_ir, namespace, gen_name, module_mode=True)
    return ModuleFunction(fn, source, line_map, fn_ir, calls)
