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

RUNTIME_NAMES = ("_np", "_op", "_py", "_math", "_rt", "_cf")


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


def _store_target(t):
    if isinstance(t, ir.Name):
        return _store(t.id)
    if isinstance(t, ir.Tuple):
        return gast.Tuple(elts=[_store_target(e) for e in t.elts], ctx=gast.Store())
    raise NotConvertibleError("unsupported comprehension target", None, t.line)


def _thunk(body):
    args = gast.arguments(args=[], posonlyargs=[], vararg=None, kwonlyargs=[],
                          kw_defaults=[], kwarg=None, defaults=[])
    return gast.Lambda(args=args, body=body)


class _Expr:
    """IR expression -> gast expression.

    ``by_name`` (module mode, ``np2tf convert``): the generated code lives in the user's
    module itself, so captured globals are referred to by their names instead of being
    bound as values in a private namespace."""

    def __init__(self, namespace: dict, by_name: bool = False):
        self.namespace = namespace  # captured values the generated module binds
        self.by_name = by_name

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
        if self.by_name:
            return self.global_name(n.id)
        return self.bind(n.id.replace(".", "_"), n.value)

    def global_name(self, dotted):
        """``cfg.SCALE`` as an expression on the module's globals (module mode)."""
        root, _, rest = dotted.partition(".")
        if root in RUNTIME_NAMES:
            raise NotConvertibleError(f"the name {root} is reserved by np2tf")
        return _dotted(root, rest)

    def visit_NumpyRef(self, n):
        return _dotted("_np", n.path)

    def visit_MathRef(self, n):
        return _dotted("_math", n.name)

    def visit_RuntimeRef(self, n):
        root, _, rest = n.path.partition(".")
        return _dotted(root, rest)

    def visit_BuiltinRef(self, n):
        return _dotted("_py", n.name)

    def visit_UserFunction(self, n):
        if self.by_name:  # the binder may decline: the call then runs in Python
            target = self.namespace["__user_functions__"](n.function, n.id)
            if target is None:
                qualname = f"{n.function.__module__}.{n.function.__qualname__}"
                return _call(_attr(_name("_rt"), "foreign"),
                             [self.global_name(n.id), _const(qualname)])
            return _name(target)
        return _name(self.namespace["__user_functions__"](n.function))

    def visit_ForeignRef(self, n):
        obj = self.global_name(n.id) if self.by_name else \
            self.bind(n.id.replace(".", "_"), n.value)
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
            out = _call(_attr(_name("_cf"), "and_then"), [p, _thunk(out)])
        return out

    def visit_BoolOp(self, n):
        out = self(n.values[-1])
        for v in reversed(n.values[:-1]):
            fn = "and_then" if n.op == "and" else "or_else"
            out = _call(_attr(_name("_cf"), fn), [self(v), _thunk(out)])
        return out

    def visit_IfExp(self, n):
        return _call(_attr(_name("_cf"), "ifexp"),
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

    def visit_Comprehension(self, n):
        gens = []
        for target, it, ifs in n.generators:
            gens.append(gast.comprehension(
                target=_store_target(target),
                iter=_call(_attr(_name("_op"), "iterate"), [self(it)]),
                ifs=[_call(_attr(_name("_op"), "truth"), [self(c)]) for c in ifs],
                is_async=0))
        return gast.ListComp(elt=self(n.elt), generators=gens)

    def visit_Starred(self, n):
        return gast.Starred(value=self(n.value), ctx=gast.Load())


def _has_subscript(t) -> bool:
    if isinstance(t, ir.Subscript):
        return True
    if isinstance(t, (ir.Tuple, ir.List)):
        return any(_has_subscript(e) for e in t.elts)
    return isinstance(t, ir.Starred) and _has_subscript(t.value)


def _unparse(node) -> str:
    return astunparse.unparse(gast.gast_to_ast(node)).strip()


class _Printer:
    """IR statements -> source lines, recording the user line of each."""

    def __init__(self, expr: _Expr, filename: str):
        self.expr = expr
        self.filename = filename
        self.lines: list[str] = []
        self.line_map: dict[int, tuple[str, int]] = {}
        self.counter = 0          # numbers the functions of each lowered construct
        self.nonlocals: set = set()  # names those functions rebind

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
            if len(s.targets) == 1 and not _has_subscript(s.targets[0]):
                t = s.targets[0]
                if isinstance(t, ir.Tuple) and not any(isinstance(e, ir.Starred)
                                                       for e in t.elts):
                    value = f"_op.unpack({value}, {len(t.elts)})"
                self.emit(f"{self.target(t)} = {value}", depth, line)
            else:  # a[i] = v, a = b = v, (a[0], a[1]) = ...: evaluate once, then assign
                self.counter += 1
                tmp = f"_value_{self.counter}"
                self.emit(f"{tmp} = {value}", depth, line)
                for t in s.targets:
                    self.assign(t, tmp, depth, line)
        elif isinstance(s, ir.AugAssign):
            if isinstance(s.target, ir.Name):
                self.emit(f"{s.target.id} = _op.inplace({s.target.id}, {s.op!r}, "
                          f"{self.e(s.value)})", depth, line)
            else:  # a[i] += v  is  a[i] = a[i].__iadd__(v), with a and i evaluated once
                self.counter += 1
                k = self.counter
                self.emit(f"_obj_{k} = {self.e(s.target.obj)}", depth, line)
                self.emit(f"_index_{k} = {self.e(s.target.index)}", depth, line)
                self.emit(f"_op.setitem(_obj_{k}, _index_{k}, _op.inplace(_op.getitem("
                          f"_obj_{k}, _index_{k}), {s.op!r}, {self.e(s.value)}))", depth, line)
        elif isinstance(s, ir.ExprStmt):
            self.emit(self.e(s.value), depth, line)
        elif isinstance(s, ir.Return):
            self.emit("return" + (" " + self.e(s.value) if s.value is not None else ""),
                      depth, line)
        elif isinstance(s, (ir.If, ir.For, ir.While)) and s.carried is not None:
            self.functional(s, depth)
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

    def insert(self, at, texts, depth):
        """Insert lines at index ``at``, keeping the line map right."""
        if not texts:
            return
        n = len(texts)
        self.lines[at:at] = ["    " * depth + t for t in texts]
        self.line_map = {(g + n if g > at else g): v for g, v in self.line_map.items()}

    def assign(self, t, value: str, depth, line):
        """Assign the value held in variable ``value`` to target ``t``."""
        if isinstance(t, ir.Subscript):
            self.emit(f"_op.setitem({self.e(t.obj)}, {self.e(t.index)}, {value})", depth, line)
        elif isinstance(t, ir.Tuple) and _has_subscript(t):
            if any(isinstance(e, ir.Starred) for e in t.elts):
                raise NotConvertibleError("starred assignment into array elements is not "
                                          "supported", self.filename, line)
            self.counter += 1
            parts = f"_parts_{self.counter}"
            self.emit(f"{parts} = _op.unpack({value}, {len(t.elts)})", depth, line)
            for i, e in enumerate(t.elts):
                self.assign(e, f"{parts}[{i}]", depth, line)
        elif isinstance(t, ir.Tuple):
            self.emit(f"{self.target(t)} = _op.unpack({value}, {len(t.elts)})", depth, line)
        else:
            self.emit(f"{self.target(t)} = {value}", depth, line)

    def functional(self, s, depth):
        """if/while/for as functions over the carried variables, run by ``_cf``, which
        keeps Python control flow for static conditions and lowers the rest to TF."""
        self.counter += 1
        k, line, names = self.counter, s.line, list(s.carried)
        decl = f"nonlocal {', '.join(names)}" if names else None
        state = "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"

        def fn(header, body, prologue=()):
            self.emit(header, depth, line)
            if decl:
                self.emit(decl, depth + 1, line)
            for p in prologue:
                self.emit(p, depth + 1, line)
            start = len(self.lines)
            outer, self.nonlocals = self.nonlocals, set()
            self.block(body, depth + 1)
            # Names that constructs nested in this function rebind but that this construct
            # does not carry are this function's locals: bind them here, so they do not
            # leak into (and between traces of) the enclosing scopes.
            local = sorted(self.nonlocals - set(names))
            self.nonlocals = outer | set(names)
            self.insert(start, [f"{n} = _cf.Undefined({n!r})" for n in local], depth + 1)

        self.emit(f"def _get_{k}():", depth, line)
        self.emit(f"return {state}", depth + 1, line)
        self.emit(f"def _set_{k}(_values):", depth, line)
        if decl:
            self.emit(decl, depth + 1, line)
            self.emit(f"{state} = _values", depth + 1, line)
        else:
            self.emit("pass", depth + 1, line)
        tail = f"_get_{k}, _set_{k}, {tuple(names)!r})"
        if isinstance(s, ir.If):
            fn(f"def _then_{k}():", s.body)
            fn(f"def _else_{k}():", s.orelse)
            self.emit(f"_cf.if_stmt({self.e(s.test)}, _then_{k}, _else_{k}, {tail}", depth,
                      line)
        elif isinstance(s, ir.While):
            self.emit(f"def _test_{k}():", depth, line)
            self.emit(f"return {self.e(s.test)}", depth + 1, line)
            fn(f"def _body_{k}():", s.body)
            self.emit(f"_cf.while_stmt(_test_{k}, _body_{k}, {tail}", depth, line)
        else:
            target = self.target(s.target)
            bind = f"{target} = _item" if isinstance(s.target, ir.Name) else \
                f"{target} = _op.unpack(_item, {len(s.target.elts)})"
            fn(f"def _body_{k}(_item):", s.body, prologue=[bind])
            if s.extra_test is not None:
                tail = tail[:-1] + f", extra_test=lambda: {self.e(s.extra_test)})"
            self.emit(f"_cf.for_stmt({self.e(s.iter)}, _body_{k}, {tail}", depth, line)


def generate(fn_ir: ir.Function, namespace: dict, gen_name: str,
             module_mode: bool = False) -> tuple[str, dict]:
    """Python source of the compiled function and its line map.

    ``module_mode``: the source is for a converted module (see ``_Expr``); there
    ``namespace["__user_functions__"](function, name)`` returns the name to call, or
    None for a call that runs in Python."""
    printer = _Printer(_Expr(namespace, by_name=module_mode), fn_ir.filename)
    printer.emit(f"# np2tf: generated from {fn_ir.filename}:{fn_ir.line} "
                 f"({fn_ir.name}); do not edit", 0, None)
    printer.emit(f"def {gen_name}({', '.join(fn_ir.params)}):", 0, fn_ir.line)
    if fn_ir.docstring:
        printer.emit(repr(fn_ir.docstring), 1, None)
    header = len(printer.lines)
    printer.block(fn_ir.body, 1)
    # Names that control-flow functions rebind (nonlocal) must exist in this scope.
    undefined = sorted(printer.nonlocals - set(fn_ir.params))
    printer.insert(header, [f"{n} = _cf.Undefined({n!r})" for n in undefined], 1)
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
