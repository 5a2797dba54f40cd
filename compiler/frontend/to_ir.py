"""gast AST of one function -> IR, resolving every name on the way."""
from __future__ import annotations

import linecache

import gast

from .. import ir
from ..errors import NotConvertibleError
from . import resolve

_BINOPS = {
    gast.Add: "add", gast.Sub: "sub", gast.Mult: "mul", gast.Div: "truediv",
    gast.FloorDiv: "floordiv", gast.Mod: "mod", gast.Pow: "pow", gast.MatMult: "matmul",
    gast.BitAnd: "and_", gast.BitOr: "or_", gast.BitXor: "xor", gast.LShift: "lshift",
    gast.RShift: "rshift",
}
_UNARY = {gast.USub: "neg", gast.UAdd: "pos", gast.Invert: "invert", gast.Not: "not_"}
_COMPARE = {
    gast.Lt: "lt", gast.LtE: "le", gast.Gt: "gt", gast.GtE: "ge", gast.Eq: "eq",
    gast.NotEq: "ne", gast.Is: "is_", gast.IsNot: "is_not", gast.In: "contains",
    gast.NotIn: "not_contains",
}


def assigned_names(fn_node) -> set[str]:
    """Names bound in the function body (its locals), parameters included."""
    names = {a.id for a in fn_node.args.args + fn_node.args.kwonlyargs}
    for n in gast.walk(fn_node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)):
            names.add(n.id)
    return names


class _Builder:
    def __init__(self, fn, node, filename):
        self.fn = fn
        self.filename = filename
        self.locals = assigned_names(node) if isinstance(node, gast.FunctionDef) else \
            {a.id for a in node.args.args}

    def fail(self, message, node):
        line = getattr(node, "lineno", None)
        raise NotConvertibleError(message, self.filename, line,
                                  linecache.getline(self.filename, line) if line else None)

    # --- statements -------------------------------------------------------------------
    def stmts(self, nodes):
        out = []
        for n in nodes:
            s = self.stmt(n)
            if s is not None:
                out.append(s)
        return out

    def stmt(self, n):
        line = n.lineno
        if isinstance(n, gast.Assign):
            return ir.Assign([self.target(t) for t in n.targets], self.expr(n.value), line=line)
        if isinstance(n, gast.AnnAssign):
            if n.value is None:
                return None
            return ir.Assign([self.target(n.target)], self.expr(n.value), line=line)
        if isinstance(n, gast.AugAssign):
            return ir.AugAssign(self.target(n.target), _BINOPS[type(n.op)], self.expr(n.value),
                                line=line)
        if isinstance(n, gast.Expr):
            if isinstance(n.value, gast.Constant) and isinstance(n.value.value, str):
                return None  # docstring or bare string
            return ir.ExprStmt(self.expr(n.value), line=line)
        if isinstance(n, gast.Return):
            return ir.Return(self.expr(n.value) if n.value is not None else None, line=line)
        if isinstance(n, gast.If):
            return ir.If(self.expr(n.test), self.stmts(n.body), self.stmts(n.orelse), line=line)
        if isinstance(n, gast.For):
            return ir.For(self.target(n.target), self.expr(n.iter), self.stmts(n.body),
                          self.stmts(n.orelse), line=line)
        if isinstance(n, gast.While):
            return ir.While(self.expr(n.test), self.stmts(n.body), self.stmts(n.orelse),
                            line=line)
        if isinstance(n, gast.Break):
            return ir.Break(line=line)
        if isinstance(n, gast.Continue):
            return ir.Continue(line=line)
        if isinstance(n, gast.Pass):
            return ir.Pass(line=line)
        if isinstance(n, gast.Assert):
            return ir.Assert(self.expr(n.test), self.expr(n.msg) if n.msg else None, line=line)
        if isinstance(n, gast.Raise):
            return ir.Raise(self.expr(n.exc) if n.exc else None, line=line)
        what = {gast.FunctionDef: "a nested function definition", gast.ClassDef: "a class "
                "definition", gast.With: "a with statement", gast.Try: "a try statement",
                gast.Global: "a global statement", gast.Nonlocal: "a nonlocal statement",
                gast.Delete: "a del statement", gast.Import: "an import",
                gast.ImportFrom: "an import"}.get(type(n), type(n).__name__)
        self.fail(f"{what} is not supported inside a compiled function", n)

    def target(self, n):
        if isinstance(n, gast.Name):
            return ir.Name(n.id, line=n.lineno)
        if isinstance(n, gast.Subscript):
            return ir.Subscript(self.expr(n.value), self.index(n.slice), line=n.lineno)
        if isinstance(n, (gast.Tuple, gast.List)):
            return ir.Tuple([self.target(e) for e in n.elts], line=n.lineno)
        if isinstance(n, gast.Starred):
            return ir.Starred(self.target(n.value), line=n.lineno)
        if isinstance(n, gast.Attribute):
            self.fail("assigning to an attribute is not supported", n)
        self.fail(f"cannot assign to {type(n).__name__}", n)

    # --- expressions ------------------------------------------------------------------
    def expr(self, n, as_callee=False):
        line = getattr(n, "lineno", 0)
        if isinstance(n, gast.Constant):
            return ir.Const(n.value, line=line)
        if isinstance(n, gast.Name):
            return self.name(n, as_callee)
        if isinstance(n, gast.BinOp):
            return ir.BinOp(_BINOPS[type(n.op)], self.expr(n.left), self.expr(n.right),
                            line=line)
        if isinstance(n, gast.UnaryOp):
            return ir.UnaryOp(_UNARY[type(n.op)], self.expr(n.operand), line=line)
        if isinstance(n, gast.BoolOp):
            return ir.BoolOp("and" if isinstance(n.op, gast.And) else "or",
                             [self.expr(v) for v in n.values], line=line)
        if isinstance(n, gast.Compare):
            return ir.Compare([_COMPARE[type(o)] for o in n.ops],
                              [self.expr(n.left)] + [self.expr(c) for c in n.comparators],
                              line=line)
        if isinstance(n, gast.IfExp):
            return ir.IfExp(self.expr(n.test), self.expr(n.body), self.expr(n.orelse),
                            line=line)
        if isinstance(n, gast.Call):
            return self.call(n)
        if isinstance(n, gast.Attribute):
            base = self.expr(n.value)
            static = resolve.attribute_of_module(base, n.attr, line, as_callee)
            if static is not None:
                return static
            if isinstance(base, ir.Captured) and hasattr(base.value, "__dict__") and \
                    isinstance(base.value, type(resolve)):
                self.fail(f"module {base.id} has no attribute {n.attr}", n)
            return ir.Attribute(base, n.attr, line=line)
        if isinstance(n, gast.Subscript):
            return ir.Subscript(self.expr(n.value), self.index(n.slice), line=line)
        if isinstance(n, gast.Tuple):
            return ir.Tuple([self.expr(e) for e in n.elts], line=line)
        if isinstance(n, gast.List):
            return ir.List([self.expr(e) for e in n.elts], line=line)
        if isinstance(n, gast.Dict):
            if any(k is None for k in n.keys):
                self.fail("dict unpacking (**) is not supported", n)
            return ir.Dict([self.expr(k) for k in n.keys], [self.expr(v) for v in n.values],
                           line=line)
        if isinstance(n, gast.Starred):
            return ir.Starred(self.expr(n.value), line=line)
        if isinstance(n, gast.Slice):
            return self.index(n)
        if isinstance(n, (gast.ListComp, gast.GeneratorExp)):
            gens = [(self.target(g.target), self.expr(g.iter), [self.expr(c) for c in g.ifs])
                    for g in n.generators]
            return ir.Comprehension(self.expr(n.elt), gens, line=line)
        what = {gast.Lambda: "a lambda", gast.DictComp:
                "a dict comprehension", gast.SetComp: "a set comprehension",
                gast.JoinedStr: "an f-string", gast.Yield: "yield",
                gast.NamedExpr: "an assignment expression (:=)",
                gast.Await: "await"}.get(type(n), type(n).__name__)
        self.fail(f"{what} is not supported yet inside a compiled function", n)

    def index(self, n):
        if isinstance(n, gast.Slice):
            return ir.Slice(*(self.expr(p) if p is not None else None
                              for p in (n.lower, n.upper, n.step)), line=getattr(n, "lineno", 0))
        if isinstance(n, gast.Tuple):
            return ir.Tuple([self.index(e) for e in n.elts], line=getattr(n, "lineno", 0))
        return self.expr(n)

    def name(self, n, as_callee):
        if n.id in self.locals:
            return ir.Name(n.id, line=n.lineno)
        found, value = resolve.free_value(self.fn, n.id)
        if not found:
            self.fail(f"name '{n.id}' is not defined", n)
        return resolve.classify(n.id, value, n.lineno, as_callee)

    def call(self, n):
        line = n.lineno
        args, star = [], None
        for a in n.args:
            if isinstance(a, gast.Starred):
                if star is not None or a is not n.args[-1]:
                    self.fail("only one *args, last among the arguments, is supported", a)
                star = self.expr(a.value)
            else:
                args.append(self.expr(a))
        keywords = [(k.arg, self.expr(k.value)) for k in n.keywords]
        if isinstance(n.func, gast.Attribute):
            base = self.expr(n.func.value)
            static = resolve.attribute_of_module(base, n.func.attr, line, as_callee=True)
            if static is not None:
                return ir.Call(static, args, keywords, star, line=line)
            return ir.MethodCall(base, n.func.attr, args, keywords, star, line=line)
        return ir.Call(self.expr(n.func, as_callee=True), args, keywords, star, line=line)


def function_to_ir(fn, node, filename) -> ir.Function:
    b = _Builder(fn, node, filename)
    if isinstance(node, gast.Lambda):
        params = [a.id for a in node.args.args]
        body = [ir.Return(b.expr(node.body), line=node.lineno)]
        return ir.Function("<lambda>", params, body, filename, line=node.lineno)
    a = node.args
    if a.vararg or a.kwarg:
        b.fail("*args and **kwargs parameters are not supported yet", node)
    params = [p.id for p in a.posonlyargs + a.args + a.kwonlyargs]
    return ir.Function(node.name, params, b.stmts(node.body), filename,
                       docstring=gast.get_docstring(node), line=node.lineno)
