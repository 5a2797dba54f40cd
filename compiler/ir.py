"""The IR: a small, explicit, dtype-free form of a NumPy function.

The front end resolves every name while building it, so the IR already says which
call is NumPy's (``NumpyRef``), which is a builtin, which is another user function
to compile, and which is a foreign callable (a fallback). Every node carries the
user's source line. Passes read and rewrite it; codegen prints it as Python.
"""
from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass
class Node:
    line: int = dataclasses.field(default=0, kw_only=True)


# --- expressions --------------------------------------------------------------------

@dataclasses.dataclass
class Name(Node):
    """A local variable or parameter."""
    id: str


@dataclasses.dataclass
class Const(Node):
    """A literal: number, string, None, Ellipsis, bool."""
    value: Any


@dataclasses.dataclass
class Captured(Node):
    """A free variable (global or closure) whose value is captured at conversion."""
    id: str
    value: Any


@dataclasses.dataclass
class NumpyRef(Node):
    """``np.linalg.norm`` -> path ``"linalg.norm"``; ``np`` itself is path ``""``."""
    path: str


@dataclasses.dataclass
class MathRef(Node):
    """A name from Python's ``math`` module."""
    name: str


@dataclasses.dataclass
class RuntimeRef(Node):
    """A helper of np2tf's runtime that passes insert (``_cf.retval``)."""
    path: str


@dataclasses.dataclass
class BuiltinRef(Node):
    name: str


@dataclasses.dataclass
class UserFunction(Node):
    """Another user function: compiled too, called inside the same graph."""
    id: str
    function: Any


@dataclasses.dataclass
class ForeignRef(Node):
    """A callable np2tf cannot see into (another library): every call falls back."""
    id: str
    value: Any
    qualname: str


@dataclasses.dataclass
class BinOp(Node):
    op: str          # operators-module name: "add", "sub", "matmul", ...
    left: Node
    right: Node


@dataclasses.dataclass
class UnaryOp(Node):
    op: str          # "neg", "pos", "invert", "not_"
    operand: Node


@dataclasses.dataclass
class Compare(Node):
    ops: list[str]   # "lt", "eq", "is_", "in_", ...
    operands: list[Node]


@dataclasses.dataclass
class BoolOp(Node):
    op: str          # "and" | "or"
    values: list[Node]


@dataclasses.dataclass
class IfExp(Node):
    test: Node
    body: Node
    orelse: Node


@dataclasses.dataclass
class Call(Node):
    func: Node
    args: list[Node]
    keywords: list[tuple[str | None, Node]]   # (None, x) is **x
    star: Node | None = None                  # *x


@dataclasses.dataclass
class MethodCall(Node):
    obj: Node
    name: str
    args: list[Node]
    keywords: list[tuple[str | None, Node]]
    star: Node | None = None


@dataclasses.dataclass
class Attribute(Node):
    obj: Node
    name: str


@dataclasses.dataclass
class Subscript(Node):
    obj: Node
    index: Node


@dataclasses.dataclass
class Slice(Node):
    lower: Node | None
    upper: Node | None
    step: Node | None


@dataclasses.dataclass
class Tuple(Node):
    elts: list[Node]


@dataclasses.dataclass
class List(Node):
    elts: list[Node]


@dataclasses.dataclass
class Dict(Node):
    keys: list[Node]
    values: list[Node]


@dataclasses.dataclass
class Comprehension(Node):
    """``[elt for target in iter if cond ...]`` (generator expressions too: a list)."""
    elt: Node
    generators: list[tuple[Node, Node, list[Node]]]   # (target, iter, ifs)


@dataclasses.dataclass
class Starred(Node):
    value: Node


# --- statements ---------------------------------------------------------------------

@dataclasses.dataclass
class Assign(Node):
    targets: list[Node]   # Name | Subscript | Attribute | Tuple/List of targets
    value: Node


@dataclasses.dataclass
class AugAssign(Node):
    target: Node
    op: str
    value: Node


@dataclasses.dataclass
class ExprStmt(Node):
    value: Node


@dataclasses.dataclass
class Return(Node):
    value: Node | None


@dataclasses.dataclass
class If(Node):
    test: Node
    body: list[Node]
    orelse: list[Node]
    # Set by passes/control_flow.py: the variables the construct carries, or None when
    # it must stay Python control flow (it contains return/break/continue).
    carried: list[str] | None = dataclasses.field(default=None, kw_only=True)


@dataclasses.dataclass
class For(Node):
    target: Node
    iter: Node
    body: list[Node]
    orelse: list[Node]
    carried: list[str] | None = dataclasses.field(default=None, kw_only=True)
    # Set by the break/return passes: the loop also stops once this is false.
    extra_test: Node | None = dataclasses.field(default=None, kw_only=True)


@dataclasses.dataclass
class While(Node):
    test: Node
    body: list[Node]
    orelse: list[Node]
    carried: list[str] | None = dataclasses.field(default=None, kw_only=True)


@dataclasses.dataclass
class Break(Node):
    pass


@dataclasses.dataclass
class Continue(Node):
    pass


@dataclasses.dataclass
class Pass(Node):
    pass


@dataclasses.dataclass
class Assert(Node):
    test: Node
    msg: Node | None


@dataclasses.dataclass
class Raise(Node):
    exc: Node | None


@dataclasses.dataclass
class Function(Node):
    name: str
    params: list[str]
    body: list[Node]
    filename: str
    docstring: str | None = None


def walk(node):
    """Every IR node below ``node`` (itself included), depth first."""
    yield node
    if isinstance(node, list):
        for n in node:
            yield from walk(n)
        return
    if not isinstance(node, Node):
        return
    for f in dataclasses.fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            yield from walk(v)
        elif isinstance(v, list):
            for e in v:
                if isinstance(e, Node):
                    yield from walk(e)
                elif isinstance(e, tuple):
                    for x in e:
                        if isinstance(x, (Node, list)):
                            yield from walk(x)
