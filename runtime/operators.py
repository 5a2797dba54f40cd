"""``_op`` in generated code: Python's operators, with NumPy semantics for arrays.

An operator dispatches on its operands: arrays (tensors, NumPy constants) go to the
ufunc of the same name; Python scalars stay Python (weak) and keep Python's own
rules (``7 / 2`` is a float, ``True + True`` is 2); everything else (lists, tuples,
strings) is plain Python.
"""
from __future__ import annotations

import operator as _py_op

import numpy as np
import tensorflow as tf

from . import checks, fallback, hooks, origin
from .ops import ufuncs
from .registry import ATTRIBUTES, FUNCTIONS, METHODS, Unsupported
from .values import (
    NeedStatic,
    Weak,
    carrier,
    is_static_scalar,
    is_tensor,
    sources_of,
    static_or_none,
    weak_kind,
)

_ARRAY_TYPES = (tf.Tensor, tf.Variable, np.ndarray, np.generic)


def _is_array(x) -> bool:
    return isinstance(x, _ARRAY_TYPES)


def _numeric(x) -> bool:
    return _is_array(x) or weak_kind(x) is not None


_KIND_ORDER = (bool, int, float, complex)


def _weak_binary(ufunc_name, py_op, a, b):
    """Python-scalar arithmetic where at least one side is only known at run time."""
    ka, kb = weak_kind(a), weak_kind(b)
    kind = max(ka, kb, key=_KIND_ORDER.index)
    if ufunc_name in ("true_divide",) and kind in (bool, int):
        kind = float
    elif ufunc_name in ("add", "subtract", "multiply", "floor_divide", "remainder", "power",
                        "left_shift", "right_shift") and kind is bool:
        kind = int
    if ufunc_name in ("floor_divide", "remainder", "true_divide") and kind is not complex:
        bv = b.tensor if isinstance(b, Weak) else b
        checks.require(tf.not_equal(bv, 0) if isinstance(b, Weak) else b != 0,
                       ZeroDivisionError, "division by zero")
    result = ufunc_name in ("equal", "not_equal", "less", "less_equal", "greater",
                            "greater_equal")
    dt = {bool: tf.bool, int: tf.int64, float: tf.float64, complex: tf.complex128}[kind]
    if ufunc_name == "true_divide":
        dt = tf.complex128 if kind is complex else tf.float64
    ta = tf.cast(carrier(a), dt) if ufunc_name not in ("left_shift", "right_shift") \
        else tf.cast(carrier(a), tf.int64)
    tb = tf.cast(carrier(b), dt) if ufunc_name not in ("left_shift", "right_shift") \
        else tf.cast(carrier(b), tf.int64)
    out = ufuncs.UFUNCS[ufunc_name](ta, tb)
    return Weak(out, bool if result else kind, sources_of(a, b))


def _binary(ufunc_name, py_op):
    def op(a, b):
        if _is_array(a) or _is_array(b):
            if ((isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)))
                    or True):
                return FUNCTIONS[ufunc_name](a, b)
        if isinstance(a, Weak) or isinstance(b, Weak):
            if weak_kind(a) is not None and weak_kind(b) is not None:
                return _weak_binary(ufunc_name, py_op, a, b)
        return py_op(a, b)
    op.__name__ = py_op.__name__
    return op


add = _binary("add", _py_op.add)
sub = _binary("subtract", _py_op.sub)
mul = _binary("multiply", _py_op.mul)
truediv = _binary("true_divide", _py_op.truediv)
floordiv = _binary("floor_divide", _py_op.floordiv)
mod = _binary("remainder", _py_op.mod)
pow = _binary("power", _py_op.pow)
and_ = _binary("bitwise_and", _py_op.and_)
or_ = _binary("bitwise_or", _py_op.or_)
xor = _binary("bitwise_xor", _py_op.xor)
lshift = _binary("left_shift", _py_op.lshift)
rshift = _binary("right_shift", _py_op.rshift)
eq = _binary("equal", _py_op.eq)
ne = _binary("not_equal", _py_op.ne)
lt = _binary("less", _py_op.lt)
le = _binary("less_equal", _py_op.le)
gt = _binary("greater", _py_op.gt)
ge = _binary("greater_equal", _py_op.ge)


def matmul(a, b):
    if _is_array(a) or _is_array(b):
        return FUNCTIONS["matmul"](a, b)
    return _py_op.matmul(a, b)


def _unary(ufunc_name, py_op):
    def op(a):
        if _is_array(a):
            return FUNCTIONS[ufunc_name](a)
        if isinstance(a, Weak):
            kind = int if a.kind is bool and ufunc_name != "logical_not" else a.kind
            if ufunc_name == "invert" and a.kind is bool:
                return Weak(-tf.cast(a.tensor, tf.int64) - 1, int, a.sources)  # ~True == -2
            return Weak(ufuncs.UFUNCS[ufunc_name](tf.cast(a.tensor, carrier(kind()).dtype)),
                        kind, a.sources)
        return py_op(a)
    return op


neg = _unary("negative", _py_op.neg)
pos = _unary("positive", _py_op.pos)
invert = _unary("invert", _py_op.invert)


def truth(x) -> bool:
    """``bool(x)``, as Python's ``if``/``and``/``not`` need it at trace time."""
    if is_tensor(x) or isinstance(x, np.ndarray):
        if x.shape.rank != 0 if is_tensor(x) else x.ndim != 0:
            size = x.shape.num_elements() if is_tensor(x) else x.size
            if size is not None and size != 1:
                raise ValueError("The truth value of an array with more than one element is "
                                 "ambiguous. Use a.any() or a.all()")
        v = static_or_none(x)
        if v is None:
            raise NeedStatic("the truth value of an array known only at run time", frozenset())
        return bool(np.asarray(v).reshape(()))
    return bool(x)  # Weak raises NeedStatic itself


def not_(x):
    return not truth(x)


def getitem(obj, index):
    if _is_array(obj) or isinstance(obj, Weak):
        return FUNCTIONS["getitem"](obj, index)
    return obj[index]


def getattr_(obj, name):
    if _is_array(obj) or isinstance(obj, Weak):
        if name in ATTRIBUTES:
            return ATTRIBUTES[name](obj)
        if name in METHODS:
            return lambda *a, **k: callmethod(obj, name, *a, **k)
        return fallback.attribute(obj, name)
    if isinstance(obj, fallback.Opaque):
        return fallback.attribute(obj, name)
    return getattr(obj, name)


def callmethod(obj, name, *args, **kwargs):
    """``obj.name(*args, **kwargs)``: a lowered ndarray method, or Python's own."""
    if _is_array(obj) or isinstance(obj, Weak):
        rule = METHODS.get(name)
        if rule is None:
            return fallback.method(obj, name, "no lowering rule for ndarray." + name,
                                   args, kwargs)
        try:
            return rule(obj, *args, **kwargs)
        except Unsupported as why:
            return fallback.method(obj, name, str(why), args, kwargs)
    if isinstance(obj, fallback.Opaque):
        return fallback.method(obj, name, f"a method of {obj.type_name}", args, kwargs)
    if isinstance(obj, _PLAIN_PYTHON):
        return getattr(obj, name)(*args, **kwargs)  # list.append, dict.get, str.format...
    bound = getattr(obj, name)
    func = getattr(bound, "__func__", None)
    if func is not None and origin.is_user_code(func):
        return hooks.compiled(func)(obj, *args, **kwargs)  # a user class's method: compile it
    # Any other object (a Generator, a library object): calling it while tracing would
    # bake one result into the graph, so it runs at run time, in Python.
    type_name = type(obj).__name__
    return fallback.call(_BoundCall(bound), f"{type_name}.{name}",
                         f"a method of {type_name}", args, kwargs)


_PLAIN_PYTHON = (list, tuple, dict, set, frozenset, str, bytes, range, slice, int, float,
                 complex, bool, type(None))


class _BoundCall:
    def __init__(self, bound):
        self.bound = bound

    def __call__(self, *args, **kwargs):
        return self.bound(*args, **kwargs)


def is_static(x) -> bool:
    return is_static_scalar(x) or isinstance(x, (np.ndarray, np.generic))


# --- Python statements and expressions that touch values -------------------------------

def and_then(a, rest):
    """``a and b``: ``rest`` is a thunk, so ``b`` runs only if needed (as in Python)."""
    return rest() if truth(a) else a


def or_else(a, rest):
    return a if truth(a) else rest()


def ifexp(test, then, otherwise):
    return then() if truth(test) else otherwise()


def is_(a, b):
    return a is b


def is_not(a, b):
    return a is not b


def contains(item, container):
    """``item in container``."""
    if _is_array(container):
        return FUNCTIONS["any"](FUNCTIONS["equal"](container, item))
    return item in container


def not_contains(item, container):
    return not_(contains(item, container))


def unpack(value, n):
    """``a, b = value``: rows of an array, or Python's own unpacking."""
    if _is_array(value):
        t = FUNCTIONS["asarray"](value) if not is_tensor(value) else value
        if t.shape.rank == 0:
            raise TypeError("iteration over a 0-d array")
        dim = t.shape[0]
        if dim is not None and dim != n:
            raise ValueError(f"{'too many' if dim > n else 'not enough'} values to unpack "
                             f"(expected {n}, got {dim})")
        if dim is None:
            checks.require(tf.equal(tf.shape(t)[0], n), ValueError,
                           f"wrong number of values to unpack (expected {n})")
        return tf.unstack(t, num=n)
    if isinstance(value, Weak):
        raise TypeError(f"cannot unpack non-iterable {value.kind.__name__} object")
    return value


def iterate(x):
    """``for e in x``: rows of an array (its length must be known), else Python's iter."""
    if _is_array(x):
        t = x if is_tensor(x) else FUNCTIONS["asarray"](x)
        if t.shape.rank == 0:
            raise TypeError("iteration over a 0-d array")
        if t.shape[0] is None:
            from . import context
            i = context.current().param_index.get(t.ref())
            raise NeedStatic("the length of an array iterated over",
                             frozenset({("shape", i)}) if i is not None else frozenset())
        return tf.unstack(t)
    if isinstance(x, Weak):
        raise TypeError(f"'{x.kind.__name__}' object is not iterable")
    return iter(x)


_INPLACE_UFUNC = {"add": "add", "sub": "subtract", "mul": "multiply",
                  "truediv": "true_divide", "floordiv": "floor_divide", "mod": "remainder",
                  "pow": "power", "and_": "bitwise_and", "or_": "bitwise_or",
                  "xor": "bitwise_xor", "lshift": "left_shift", "rshift": "right_shift",
                  "matmul": "matmul"}


def inplace(x, op, value):
    """``x op= value``. On an array this is ``np.<ufunc>(x, value, out=x)``: the result
    is cast back to x's dtype with same_kind casting, as NumPy does."""
    if not _is_array(x):
        if isinstance(x, list) and op == "add":
            x += value  # list.__iadd__: mutates, as in Python
            return x
        return globals()[op](x, value)
    from . import mutation_guard
    mutation_guard.refuse_if_aliased(x)
    result = FUNCTIONS[_INPLACE_UFUNC[op]](x, value)
    from . import dtypes as _dt
    target = _dt.spec(x)
    got = _dt.spec(result)
    if got != target and not np.can_cast(got, target, casting="same_kind"):
        raise np._core._exceptions._UFuncOutputCastingError(
            getattr(np, _INPLACE_UFUNC[op]), "same_kind", got, target, 0)
    return _dt.convert(result, target) if is_tensor(result) else np.asarray(result).astype(target)
