"""IR -> Python source that calls the runtime, and the loader that runs it.

Every operator becomes a call into the runtime's ``_op`` namespace (so ``a + b`` has
NumPy semantics on arrays and Python semantics on Python scalars), every NumPy name
becomes ``_np.<name>``; the rest stays Python. Statements are printed one at a time
so that each generated line knows its user line (for tracebacks and reports).
"""
from __future__ import annotations

import hashlib
import os
import tempfile

import astunparse
import gast

from . import ir
from .errors import NotConvertibleError

RUNTIME_NAMES = ("_np", "_op", "_py", "_math", "_rt")


def _name(id_):
    return gast.Name(id=id_, ctx=gast.Load(), annotation=None, type_comment=None)


def _store(id_):
    return gast.Name(id=id_, ctx=gast.Store(), annotation=None, type_comment=None)


def _attr(value, attr):
    return gast.Attribute(value=value, attr=attr, ctx=gast.Load())


def _call(func, args, keywords=()):
    return gast.Call(func=func, args=list(args),
                     keywords=[gast.keyword(arg=k, value=v) for k, v in keywords])


def _const(v):
    return gast.Constant(value=v, kind=None)


def _dotted(root, path):
    node = _name(root)
    for part in path.split(".") if path else ():
        node = _attr(node, part)
    return node


def _thunk(body):
    args = gast.arguments(args=[], posonlyargs=[], vararg=None, kwonlyargs=[],
                          kw_defaults=[], kwarg=None, defaults=[])
    return gast.Lambda(args=args, body=body)


class _Expr:
    """IR expression -> gast expression."""

    def __init__(self, namespace: dict):
        self.namespace = namespace  # captured values the generated module binds

    def __call__(self, n):
        return getattr(self, "visit_" + type(n).__name__)(n)

    def bind(self, name, value):
        if name in RUNTIME_NAMES:
            raise NotConvertibleError(f"the name {name} is reserved by np2tf")
        prev = self.namespace.get(name, value)
        if prev is not value:
            raise NotConvertibleError(f"name {name} refers to two different objects")
        self.namespace[name] = value
        return _name(name)

    def visit_Name(self, n):
        return _name(n.id)

    def visit_Const(self, n):
        return _const(n.value)

    def visit_Captured(self, n):
        return self.bind(n.id.replace(".", "_"), n.value)

    def visit_NumpyRef(self, n):
        return _dotted("_np", n.path)

    def visit_MathRef(self, n):
        return _dotted("_math", n.name)

    def visit_BuiltinRef(self, n):
        return _dotted("_py", n.name)

    def visit_UserFunction(self, n):
        return _name(self.namespace["__user_functions__"](n.function))

    def visit_ForeignRef(self, n):
        obj = self.bind(n.id.replace(".", "_"), n.value)
        return _call(_attr(_name("_rt"), "foreign"), [obj, _const(n.qualname)])

    def visit_BinOp(self, n):
        return _call(_attr(_name("_op"), n.op), [self(n.left), self(n.right)])

    def visit_UnaryOp(self, n):
        return _call(_attr(_name("_op"), n.op), [self(n.operand)])

    def visit_Compare(self, n):
        pairs = [_call(_attr(_name("_op"), op), [self(a), self(b)])
                 for op, a, b in zip(n.ops, n.operands, n.operands[1:])]
        out = pairs[-1]
        for p in reversed(pairs[:-1]):  # a < b < c: Python's and, lazily
            out = _call(_attr(_name("_op"), "and_then"), [p, _thunk(out)])
        return out

    def visit_BoolOp(self, n):
        out = self(n.values[-1])
        for v in reversed(n.values[:-1]):
            fn = "and_then" if n.op == "and" else "or_else"
            out = _call(_attr(_name("_op"), fn), [self(v), _thunk(out)])
        return out

    def visit_IfExp(self, n):
        return _call(_attr(_name("_op"), "ifexp"),
                     [self(n.test), _thunk(self(n.body)), _thunk(self(n.orelse))])

    def _args(self, n):
        args = [self(a) for a in n.args]
        if n.star is not None:
            args.append(gast.Starred(value=self(n.star), ctx=gast.Load()))
        kws = [gast.keyword(arg=k, value=self(v)) for k, v in n.keywords]
        return args, kws

    def visit_Call(self, n):
        args, kws = self._args(n)
        return gast.Call(func=self(n.func), args=args, keywords=kws)

    def visit_MethodCall(self, n):
        args, kws = self._args(n)
        return gast.Call(func=_attr(_name("_op"), "callmethod"),
                         args=[self(n.obj), _const(n.name)] + args, keywords=kws)

    def visit_Attribute(self, n):
        return _call(_attr(_name("_op"), "getattr_"), [self(n.obj), _const(n.name)])

    def visit_Subscript(self, n):
        return _call(_attr(_name("_op"), "getitem"), [self(n.obj), self(n.index)])

    def visit_Slice(self, n):
        parts = [self(p) if p is not None else _const(None) for p in (n.lower, n.upper, n.step)]
        return _call(_name("slice"), parts)

    def visit_Tuple(self, n):
        return gast.Tuple(elts=[self(e) for e in n.elts], ctx=gast.Load())

    def visit_List(self, n):
        return gast.List(elts=[self(e) for e in n.elts], ctx=gast.Load())

    def visit_Dict(self, n):
        return gast.Dict(keys=[self(k) for k in n.keys], values=[self(v) for v in n.values])

    def visit_Starred(self, n):
        return gast.Starred(value=self(n.value), ctx=gast.Load())


def _unparse(node) -> str:
    return astunparse.unparse(gast.gast_to_ast(node)).strip()


class _Printer:
    """IR statements -> source lines, recording the user line of each."""

    def __init__(self, expr: _Expr, filename: str):
        self.expr = expr
        self.filename = filename
        self.lines: list[str] = []
        self.line_map: dict[int, tuple[str, int]] = {}

    def emit(self, text, depth, user_line):
        for part in text.split("\n"):
            self.lines.append("    " * depth + part)
            if user_line:
                self.line_map[len(self.lines)] = (self.filename, user_line)

    def e(self, node):
        return _unparse(self.expr(node))

    def block(self, stmts, depth):
        if not stmts:
            self.emit("pass", depth, None)
        for s in stmts:
            self.stmt(s, depth)

    def target(self, t):
        if isinstance(t, ir.Name):
            return t.id
        if isinstance(t, ir.Tuple):
            return "(" + ", ".join(self.target(e) for e in t.elts) + ("," if len(t.elts) == 1
                                                                     else "") + ")"
        if isinstance(t, ir.Starred):
            return "*" + self.target(t.value)
        raise NotConvertibleError("assignment into an array element (a[i] = v) is not "
                                  "supported yet", self.filename, t.line)

    def stmt(self, s, depth):
        line = s.line
        if isinstance(s, ir.Assign):
            value = self.e(s.value)
            if len(s.targets) == 1 and isinstance(s.targets[0], ir.Subscript):
                raise NotConvertibleError("assignment into an array element (a[i] = v) is "
                                          "not supported yet", self.filename, line)
            targets = " = ".join(self._unpack_target(t) for t in s.targets)
            if any(isinstance(t, ir.Tuple) for t in s.targets):
                n = max(len(t.elts) for t in s.targets if isinstance(t, ir.Tuple))
                value = f"_op.unpack({value}, {n})"
            self.emit(f"{targets} = {value}", depth, line)
        elif isinstance(s, ir.AugAssign):
            if not isinstance(s.target, ir.Name):
                raise NotConvertibleError("in-place update of an array element (a[i] += v) "
                                          "is not supported yet", self.filename, line)
            self.emit(f"{s.target.id} = _op.inplace({s.target.id}, {s.op!r}, "
                      f"{self.e(s.value)})", depth, line)
        elif isinstance(s, ir.ExprStmt):
            self.emit(self.e(s.value), depth, line)
        elif isinstance(s, ir.Return):
            self.emit("return" + (" " + self.e(s.value) if s.value is not None else ""),
                      depth, line)
        elif isinstance(s, ir.If):
            self.emit(f"if _op.truth({self.e(s.test)}):", depth, line)
            self.block(s.body, depth + 1)
            if s.orelse:
                self.emit("else:", depth, line)
                self.block(s.orelse, depth + 1)
        elif isinstance(s, ir.For):
            self.emit(f"for {self.target(s.target)} in _op.iterate({self.e(s.iter)}):",
                      depth, line)
            self.block(s.body, depth + 1)
            if s.orelse:
                self.emit("else:", depth, line)
                self.block(s.orelse, depth + 1)
        elif isinstance(s, ir.While):
            self.emit(f"while _op.truth({self.e(s.test)}):", depth, line)
            self.block(s.body, depth + 1)
            if s.orelse:
                self.emit("else:", depth, line)
                self.block(s.orelse, depth + 1)
        elif isinstance(s, ir.Break):
            self.emit("break", depth, line)
        elif isinstance(s, ir.Continue):
            self.emit("continue", depth, line)
        elif isinstance(s, ir.Pass):
            self.emit("pass", depth, line)
        elif isinstance(s, ir.Assert):
            msg = f", {self.e(s.msg)}" if s.msg is not None else ""
            self.emit(f"assert _op.truth({self.e(s.test)}){msg}", depth, line)
        elif isinstance(s, ir.Raise):
            self.emit("raise" + (" " + self.e(s.exc) if s.exc is not None else ""), depth, line)
        else:
            raise NotConvertibleError(f"cannot generate code for {type(s).__name__}",
                                      self.filename, line)

    def _unpack_target(self, t):
        return self.target(t)


def generate(fn_ir: ir.Function, namespace: dict, gen_name: str) -> tuple[str, dict]:
    """Python source of the compiled function and its line map."""
    printer = _Printer(_Expr(namespace), fn_ir.filename)
    printer.emit(f"# np2tf: generated from {fn_ir.filename}:{fn_ir.line} "
                 f"({fn_ir.name}); do not edit", 0, None)
    printer.emit(f"def {gen_name}({', '.join(fn_ir.params)}):", 0, fn_ir.line)
    if fn_ir.docstring:
        printer.emit(repr(fn_ir.docstring), 1, None)
    printer.block(fn_ir.body, 1)
    return "\n".join(printer.lines) + "\n", printer.line_map


_CACHE_DIR = None


def load(source: str, gen_name: str, namespace: dict):
    """Write ``source`` to a real file (tracebacks and ``inspect`` work), exec it."""
    global _CACHE_DIR
    if _CACHE_DIR is None:
        _CACHE_DIR = tempfile.mkdtemp(prefix="np2tf_")
    digest = hashlib.sha1(source.encode()).hexdigest()[:10]
    path = os.path.join(_CACHE_DIR, f"{gen_name}_{digest}.py")
    with open(path, "w") as f:
        f.write(source)
    code = compile(source, path, "exec")
    exec(code, namespace)
    return namespace[gen_name], path
