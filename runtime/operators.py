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

from . import arrays, checks, dtypes, fallback, hooks, origin
from .ops import ufuncs
from .registry import ATTRIBUTES, FUNCTIONS, METHODS, Unsupported
from .values import (
    NeedStatic,
    Weak,
    carrier,
    is_arraylike,
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
_CARRIER = {bool: tf.bool, int: tf.int64, float: tf.float64, complex: tf.complex128}
_SYMBOL = {"square": "**", "sqrt": "**", "reciprocal": "**", "add": "+", "subtract": "-", "multiply": "*", "true_divide": "/",
           "floor_divide": "//", "remainder": "%", "power": "**", "bitwise_and": "&",
           "bitwise_or": "|", "bitwise_xor": "^", "left_shift": "<<", "right_shift": ">>",
           "equal": "==", "not_equal": "!=", "less": "<", "less_equal": "<=",
           "greater": ">", "greater_equal": ">="}
_BITWISE = ("bitwise_and", "bitwise_or", "bitwise_xor")
_SHIFTS = ("left_shift", "right_shift")
_INT64 = (-2**63, 2**63 - 1)
_TOO_BIG = ("a run-time Python int does not fit in 64 bits here (np2tf carries run-time "
            "ints as int64); pass the argument as a static value or use a NumPy array")


def _binary(ufunc_name, py_op):
    """An operator: the ufunc for arrays, Python's own semantics for Python scalars."""
    def op(a, b):
        if _is_array(a) or _is_array(b):
            return _array_op(ufunc_name, py_op, a, b)
        if isinstance(a, Weak) or isinstance(b, Weak):
            if weak_kind(a) is not None and weak_kind(b) is not None:
                return _weak_binary(ufunc_name, a, b)
            if ufunc_name in ("equal", "not_equal"):  # a number is never equal to a non-number
                return ufunc_name == "not_equal"
            raise NeedStatic(f"a run-time Python number used with {type(a).__name__} "
                             f"{_SYMBOL[ufunc_name]} {type(b).__name__}", sources_of(a, b))
        return py_op(a, b)
    op.__name__ = py_op.__name__
    return op


def _array_op(ufunc_name, py_op, a, b, ufunc_args=None):
    name = f"operator {_SYMBOL[ufunc_name]}"
    if not (is_arraylike(a) and is_arraylike(b)):  # arr == None, arr * "s": NumPy decides
        return fallback.call(py_op, name, "an array with a non-numeric operand", (a, b), {})
    try:
        return FUNCTIONS[ufunc_name](*(ufunc_args or (a, b)))
    except Unsupported as why:
        return fallback.call(py_op, name, str(why), (a, b), {})


# --- Python scalars known only at run time ------------------------------------------------

def _weak_binary(ufunc_name, a, b):
    """``a op b`` on Python numbers, at least one known only at run time: Python's rules
    (``n / 2`` is a float, ``True + True`` is 2, ``7 // 0`` raises ZeroDivisionError)."""
    ka, kb = weak_kind(a), weak_kind(b)
    sources = sources_of(a, b)
    for x in (a, b):
        if isinstance(x, int) and not _INT64[0] <= x <= _INT64[1]:
            raise NeedStatic("a Python int beyond 64 bits", sources)
    kind = max(ka, kb, key=_KIND_ORDER.index)
    sym = _SYMBOL[ufunc_name]
    names = f"'{ka.__name__}' and '{kb.__name__}'"
    comparison = ufunc_name in ufuncs.COMPARISONS
    if comparison and kind is complex and ufunc_name not in ("equal", "not_equal"):
        raise TypeError(f"'{sym}' not supported between instances of {names}")
    if (kind is complex and ufunc_name in ("floor_divide", "remainder")) or \
            (kind in (float, complex) and ufunc_name in _BITWISE + _SHIFTS):
        raise TypeError(f"unsupported operand type(s) for {sym}: {names}")
    if kind is bool and not comparison and ufunc_name not in _BITWISE:
        kind = int
    if ufunc_name == "true_divide" and kind is int:
        kind = float
    if ufunc_name == "power" and kind is int:
        if isinstance(b, int) and b < 0:
            kind = float  # 2 ** -1 == 0.5
        elif isinstance(b, Weak):
            checks.require(tf.cast(b.tensor, tf.int64) >= 0, ValueError,
                           "a run-time int raised to a negative run-time int power is a "
                           "float in Python, but np2tf compiled it as an int; pass the "
                           "exponent as a float or make it static")
    ta = tf.cast(carrier(a), _CARRIER[kind])
    tb = tf.cast(carrier(b), _CARRIER[kind])
    if ufunc_name in ("true_divide", "floor_divide", "remainder"):
        checks.require(tf.not_equal(tb, tf.zeros([], tb.dtype)), ZeroDivisionError,
                       "division by zero")
    if ufunc_name == "power":
        out = _weak_power(kind, ta, tb)
    else:
        out = ufuncs.UFUNCS[ufunc_name](ta, tb)
    if kind is int and not comparison:
        _check_int64(ufunc_name, ta, tb, out)
    return Weak(out, bool if comparison else kind, sources)


def _weak_power(kind, x, y):
    if kind is int:
        return ufuncs.UFUNCS["power"](x, y)
    if kind is complex:
        xr, xi = tf.math.real(x), tf.math.imag(x)
        zero_base = tf.logical_and(tf.equal(xr, 0), tf.equal(xi, 0))
        bad = tf.logical_and(zero_base, tf.logical_or(tf.not_equal(tf.math.imag(y), 0),
                                                      tf.math.real(y) < 0))
        checks.require(tf.logical_not(bad), ZeroDivisionError,
                       "zero to a negative or complex power")
        return ufuncs.UFUNCS["power"](x, y)
    finite_y = tf.math.is_finite(y)
    checks.require(tf.logical_not(tf.logical_and(tf.logical_and(tf.equal(x, 0), y < 0),
                                                 finite_y)),
                   ZeroDivisionError, "zero to a negative power")
    fractional = tf.logical_and(finite_y, tf.not_equal(y, tf.floor(y)))
    checks.require(tf.logical_not(tf.logical_and(tf.logical_and(x < 0, tf.math.is_finite(x)),
                                                 fractional)),
                   ValueError, "a negative float to a fractional power is complex in Python; "
                   "np2tf compiled it as a float (use complex numbers or np.power)")
    out = tf.pow(x, y)
    overflow = tf.logical_and(tf.math.is_inf(out), tf.logical_and(tf.math.is_finite(x),
                                                                  finite_y))
    checks.require(tf.logical_not(overflow), OverflowError, "Numerical result out of range")
    return out


def _check_int64(ufunc_name, a, b, out):
    """Python ints don't overflow; np2tf's int64 carriers do: say so, never wrap."""
    zero = tf.zeros([], tf.int64)
    if ufunc_name == "add":
        bad = tf.logical_or(tf.logical_and(tf.logical_and(a > 0, b > 0), out < 0),
                            tf.logical_and(tf.logical_and(a < 0, b < 0), out >= 0))
    elif ufunc_name == "subtract":
        bad = tf.logical_or(tf.logical_and(tf.logical_and(a >= 0, b < 0), out < 0),
                            tf.logical_and(tf.logical_and(a < 0, b > 0), out >= 0))
    elif ufunc_name == "multiply":
        safe = tf.where(tf.equal(a, 0), tf.ones_like(a), a)
        special = tf.logical_and(tf.equal(a, -1), tf.equal(b, _INT64[0]))
        q = tf.truncatediv(tf.where(special, zero, out), tf.where(special, tf.ones_like(a),
                                                                           safe))
        bad = tf.logical_or(special, tf.logical_and(tf.not_equal(a, 0), tf.not_equal(q, b)))
    elif ufunc_name == "floor_divide":
        bad = tf.logical_and(tf.equal(a, _INT64[0]), tf.equal(b, -1))
    elif ufunc_name == "left_shift":
        checks.require(b >= 0, ValueError, "negative shift count")
        back = ufuncs.UFUNCS["right_shift"](out, b)
        bad = tf.logical_and(tf.not_equal(a, 0), tf.logical_or(b >= 64, tf.not_equal(back, a)))
    elif ufunc_name == "right_shift":
        checks.require(b >= 0, ValueError, "negative shift count")
        return
    elif ufunc_name == "power":
        est = tf.abs(tf.pow(tf.cast(a, tf.float64), tf.cast(b, tf.float64)))
        bad = tf.logical_and(est >= 2.0**63, tf.not_equal(out, _INT64[0]))
    else:
        return
    checks.require(tf.logical_not(bad), OverflowError, _TOO_BIG)


add = _binary("add", _py_op.add)
sub = _binary("subtract", _py_op.sub)
mul = _binary("multiply", _py_op.mul)
truediv = _binary("true_divide", _py_op.truediv)
floordiv = _binary("floor_divide", _py_op.floordiv)
mod = _binary("remainder", _py_op.mod)
_power_op = _binary("power", _py_op.pow)


def pow(a, b):
    """``a ** b``. On an ndarray with a Python-number exponent NumPy takes shortcuts:
    ``a ** 2`` is ``np.square(a)`` (bool arrays give int8), and for inexact arrays
    ``a ** 0.5`` is ``np.sqrt(a)`` and ``a ** -1`` is ``np.reciprocal(a)``."""
    if _is_ndarray(a) and weak_kind(b) in (int, float):
        inexact = dtypes.spec(a).kind in "fc"
        v = static_or_none(b)
        if v is not None and not isinstance(v, bool):
            if v == 2 and (isinstance(v, int) or inexact):  # int8_arr ** 2.0 is float64
                return _array_op("square", _py_op.pow, a, b, (a,))
            if inexact and v in (0.5, -1):
                return _array_op("sqrt" if v == 0.5 else "reciprocal", _py_op.pow, a, b, (a,))
        elif v is None:
            if dtypes.spec(a) == np.bool_ and b.kind is int:
                return fallback.call(_py_op.pow, "operator **",
                                     "bool array ** run-time int: the dtype depends on it",
                                     (a, b), {})
            if inexact and b.kind is float:
                r = _array_op("power", _py_op.pow, a, b)
                root = FUNCTIONS["sqrt"](a)
                if is_tensor(r) and is_tensor(root) and r.dtype == root.dtype:
                    return tf.where(tf.equal(tf.cast(b.tensor, tf.float64), 0.5), root, r)
                return r
    return _power_op(a, b)


def _is_ndarray(x) -> bool:
    """An array, not a NumPy scalar: NumPy scalars' operators skip the shortcuts."""
    if isinstance(x, np.ndarray):
        return True
    if is_tensor(x):
        return x.shape.rank != 0 or arrays.is_marked_array(x)
    return False
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
            try:
                return FUNCTIONS[ufunc_name](a)
            except Unsupported as why:
                return fallback.call(py_op, f"operator {py_op.__name__}", str(why), (a,), {})
        if isinstance(a, Weak):
            return _weak_unary(ufunc_name, a)
        return py_op(a)
    op.__name__ = py_op.__name__
    return op


def _weak_unary(ufunc_name, a):
    kind = int if a.kind is bool else a.kind  # -True == -1, ~True == -2
    if ufunc_name == "invert" and kind is not int:
        raise TypeError(f"bad operand type for unary ~: '{a.kind.__name__}'")
    t = tf.cast(a.tensor, _CARRIER[kind])
    if ufunc_name == "negative" and kind is int:
        checks.require(tf.not_equal(t, _INT64[0]), OverflowError, _TOO_BIG)
    return Weak(ufuncs.UFUNCS[ufunc_name](t), kind, a.sources)


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
    """``not x``. For a value known only at run time the answer is a run-time bool."""
    if isinstance(x, Weak):
        return Weak(tf.logical_not(ufuncs.truthy(x.tensor)), bool, x.sources)
    if is_tensor(x) and static_or_none(x) is None:
        size = x.shape.num_elements()
        if size is not None and size != 1:
            return not truth(x)  # raises NumPy's ValueError
        if size is None:
            checks.require(tf.equal(tf.size(x), 1), ValueError,
                           "The truth value of an array with more than one element is "
                           "ambiguous. Use a.any() or a.all()")
        return Weak(tf.logical_not(tf.reduce_any(ufuncs.truthy(x))), bool)
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
    if isinstance(obj, Weak) and not hasattr(obj.kind, name):
        # a Python number has Python's methods only (n.reshape is an AttributeError)
        raise AttributeError(f"'{obj.kind.__name__}' object has no attribute '{name}'")
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
    result = FUNCTIONS[_INPLACE_UFUNC[op]](x, value)
    from . import dtypes as _dt
    target = _dt.spec(x)
    got = _dt.spec(result)
    if got != target and not np.can_cast(got, target, casting="same_kind"):
        raise np._core._exceptions._UFuncOutputCastingError(
            getattr(np, _INPLACE_UFUNC[op]), "same_kind", got, target, 0)
    return _dt.convert(result, target) if is_tensor(result) else np.asarray(result).astype(target)
