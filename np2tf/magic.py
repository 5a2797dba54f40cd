"""The notebook door: ``%load_ext np2tf``, then ``%%accelerate`` and ``%np2tf_explain``.

    %%accelerate
    def step(u, dt):
        return u + dt * np.roll(u, 1)

runs the cell and leaves every NumPy function it defines compiled (``np2tf.accelerate``)
in the notebook's namespace, from the line after its ``def`` on: the rest of the cell
already calls the compiled version. ``%%accelerate f g`` compiles exactly ``f`` and ``g``;
``-v`` says which functions were compiled.

A cell has no source file, and np2tf compiles from source: the cell is written to a
real file first, so that ``inspect``, tracebacks, fallback warnings and ``explain``
name the cell's own lines.

    %np2tf_explain step            # the generated code and the static support report
    %np2tf_explain step(u, 0.1)    # ... and what falls back for these arguments
"""
from __future__ import annotations

import ast
import hashlib
import os
import sys
import tempfile
import types

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class

_HELPER = "__np2tf_accelerate_cell__"
_cell_dir = None


def _cell_file(source: str, count) -> str:
    """Write a cell to its own real file (named after the cell and its contents)."""
    global _cell_dir
    if _cell_dir is None:
        _cell_dir = tempfile.mkdtemp(prefix="np2tf_cells_")
    digest = hashlib.sha1(source.encode()).hexdigest()[:8]
    path = os.path.join(_cell_dir, f"cell{count or 0}_{digest}.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    return path


class _CellCompiler:
    """Decides, as the cell runs, which of its functions to compile."""

    def __init__(self, namespace, path, only):
        self.namespace, self.path, self.only = namespace, path, only
        self.compiled: list[str] = []

    def is_numpy_function(self, fn) -> bool:
        from np2tf.compiler.module import _global_names, _uses_numpy
        if not (isinstance(fn, types.FunctionType) and fn.__code__.co_filename == self.path):
            return False
        if self.only is not None:
            return fn.__name__ in self.only
        if _uses_numpy(fn, self.namespace):
            return True
        # calls a function this cell compiled (or one compiled before): compile it too
        return any(getattr(self.namespace.get(n), "python_function", None) is not None
                   for n in _global_names(fn.__code__))

    def __call__(self, fn):
        if not self.is_numpy_function(fn):
            return fn
        import np2tf
        self.compiled.append(fn.__name__)
        return np2tf.accelerate(fn)

    def sweep(self, names):
        """After the cell: functions that call ones defined later in the cell."""
        changed = True
        while changed:
            changed = False
            for name in names:
                fn = self.namespace.get(name)
                if isinstance(fn, types.FunctionType) and self.is_numpy_function(fn):
                    self.namespace[name] = self(fn)
                    changed = True


class _InsertAccelerate(ast.NodeTransformer):
    """After each top-level ``def f``: ``f = __np2tf_accelerate_cell__(f)``."""

    def __init__(self):
        self.names = []

    def visit_Module(self, node):
        body = []
        for stmt in node.body:
            body.append(stmt)
            if isinstance(stmt, ast.FunctionDef):
                self.names.append(stmt.name)
                line = stmt.end_lineno or stmt.lineno
                call = ast.parse(f"{stmt.name} = {_HELPER}({stmt.name})").body[0]
                for n in ast.walk(call):
                    n.lineno = n.end_lineno = line
                    n.col_offset = n.end_col_offset = 0
                body.append(call)
        node.body = body
        return node


@magics_class
class Np2tfMagics(Magics):
    @cell_magic
    def accelerate(self, line, cell):
        """Run the cell, compiling each NumPy function it defines (see np2tf.magic)."""
        words = line.split()
        verbose = "-v" in words or "--verbose" in words
        only = [w for w in words if not w.startswith("-")] or None
        # %magics and !commands inside the cell become Python; the first line of the file
        # stands for the %%accelerate line, so that line numbers are the cell's own
        source = f"# %%accelerate {line}".rstrip() + "\n" + self.shell.transform_cell(cell)
        path = _cell_file(source, getattr(self.shell, "execution_count", 0))
        tree = ast.parse(source, path)
        inserter = _InsertAccelerate()
        tree = inserter.visit(tree)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)  # shown as the cell's result
        ns = self.shell.user_ns
        compiler = _CellCompiler(ns, path, only)
        ns[_HELPER] = compiler
        try:
            exec(compile(tree, path, "exec"), ns)
            compiler.sweep(inserter.names)
            result = eval(compile(last, path, "eval"), ns) if last is not None else None
        finally:
            ns.pop(_HELPER, None)
        if only is not None:
            missing = [n for n in only if n not in compiler.compiled]
            if missing:
                print(f"np2tf: the cell defines no function {', '.join(missing)}",
                      file=sys.stderr)
        if verbose:
            print("np2tf: compiled " + (", ".join(compiler.compiled) or "nothing"))
        return result

    @line_magic
    def np2tf_explain(self, line):
        """``%np2tf_explain f`` or ``%np2tf_explain f(x, y)``: the generated code and what
        falls back to NumPy (statically, or for these example arguments)."""
        import np2tf
        from np2tf.compiler.errors import NotConvertibleError
        from np2tf.runtime import runtime_namespace

        runtime_namespace()  # the lowering table the static report reads
        line = line.strip()
        if not line:
            print("usage: %np2tf_explain f   or   %np2tf_explain f(example, args)")
            return
        ns = self.shell.user_ns
        expr = ast.parse(line, mode="eval").body
        args, kwargs = None, {}
        if isinstance(expr, ast.Call):
            args = [eval(compile(ast.Expression(a), "<np2tf_explain>", "eval"), ns)
                    for a in expr.args]
            kwargs = {k.arg: eval(compile(ast.Expression(k.value), "<np2tf_explain>",
                                          "eval"), ns) for k in expr.keywords}
            expr = expr.func
        fn = eval(compile(ast.Expression(expr), "<np2tf_explain>", "eval"), ns)
        try:
            print(np2tf.to_code(fn))
            if args is None:
                print(static_report(fn))
            else:
                print(np2tf.explain(fn, *args, **kwargs))
        except NotConvertibleError as e:
            print(f"np2tf: cannot compile {line}: {e}", file=sys.stderr)


def static_report(fn) -> str:
    """What lowers and what falls back, from the code alone (no example arguments)."""
    from np2tf.compiler.convert import convert
    from np2tf.compiler.passes import support
    from np2tf.runtime import runtime_namespace

    runtime_namespace()  # the lowering table
    conv = convert(getattr(fn, "python_function", fn))
    name = conv.original.__qualname__
    calls = support.analyse(conv.ir)  # now that the table is loaded
    falls = [c for c in calls if not c.lowered]
    head = (f"np2tf static report for {name}: " +
            (f"{len(falls)} call(s) fall back to NumPy" if falls else
             "every NumPy call has a lowering rule"))
    lines = [head] + [
        f"  {conv.ir.filename}:{c.line}: {c.call} "
        + ("lowered" if c.lowered else f"falls back to NumPy ({c.reason})")
        for c in calls]
    lines.append("  (a rule may still decline some argument types: "
                 "%np2tf_explain f(example, args) shows what happens for yours)")
    return "\n".join(lines)


def load_ipython_extension(ipython):
    ipython.register_magics(Np2tfMagics)
