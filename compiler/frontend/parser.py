"""Source of a Python function -> gast AST whose line numbers are the file's own."""
from __future__ import annotations

import inspect
import linecache
import textwrap

import gast

from ..errors import NotConvertibleError


def function_source(fn):
    """``(source, filename, first_line)`` of ``fn``, or NotConvertibleError."""
    name = getattr(fn, "__qualname__", repr(fn))
    try:
        filename = inspect.getsourcefile(fn) or inspect.getfile(fn)
        lines, first = inspect.getsourcelines(fn)
    except (OSError, TypeError) as e:
        raise NotConvertibleError(
            f"cannot read the source of {name} ({e}); np2tf compiles functions defined in "
            "a file, a notebook cell or a module, not builtins or code typed at a prompt"
        ) from None
    return "".join(lines), filename, max(first, 1)


def parse_function(fn) -> tuple[gast.AST, str]:
    """The gast node of ``fn`` (a FunctionDef, or a Lambda) and its file name."""
    source, filename, first = function_source(fn)
    try:
        module = gast.parse(textwrap.dedent(source))
    except SyntaxError as e:
        # a lambda inside a larger expression: parse the line from the lambda on
        module = _parse_lambda_line(source, filename, first, fn, e)
    gast.increment_lineno(module, first - 1)
    node = module.body[0]
    if fn.__name__ == "<lambda>":
        lambdas = [n for n in gast.walk(module) if isinstance(n, gast.Lambda)]
        if len(lambdas) != 1:
            raise NotConvertibleError("cannot tell which lambda on this line to compile; "
                                      "use a def", filename, first,
                                      linecache.getline(filename, first))
        return lambdas[0], filename
    if not isinstance(node, (gast.FunctionDef,)):
        if isinstance(node, gast.AsyncFunctionDef):
            raise NotConvertibleError("async functions cannot be compiled", filename, first)
        raise NotConvertibleError(f"expected a function definition for {fn.__name__}",
                                  filename, first)
    return node, filename


def _parse_lambda_line(source, filename, first, fn, err):
    text = source.strip()
    start = text.find("lambda")
    while start >= 0:
        for end in range(len(text), start, -1):
            try:
                return gast.parse(text[start:end])
            except SyntaxError:
                continue
        start = text.find("lambda", start + 1)
    raise NotConvertibleError(f"cannot parse the source of {fn.__qualname__}: {err.msg}",
                              filename, first) from None
