"""The operations that see arrays as Refs: the ones that make views or write.

Everything else in generated code goes through :func:`refs.boundary` (tensors in,
fresh arrays out). Here: basic indexing, ``.T``, ``reshape``/``transpose``/``ravel``
return live views; ``a[i] = v``, ``a op= v``, ``out=`` and in-place methods write
through them.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from . import arrays, dtypes, grown_list, operators, pybuiltins
from .refs import (
    ComplexPart,
    GetItem,
    MutationNotSupported,
    ReadOnly,
    Ref,
    Reshape,
    Transpose,
    boundary,
    unwrap,
    wrap,
)
from .registry import FUNCTIONS
from .values import Weak, is_tensor


def _is_basic(index) -> bool:
    """NumPy returns a view for ints, slices, None and Ellipsis (not for arrays)."""
    parts = index if type(index) is tuple else (index,)
    for p in parts:
        if p is None or p is Ellipsis or isinstance(p, (slice, Weak)):
            continue
        if isinstance(p, (int, np.integer)) and not isinstance(p, bool):
            continue
        return False
    return True


def _full_int(index, ndim) -> bool:
    parts = index if type(index) is tuple else (index,)
    return sum(1 for p in parts if p is not None and p is not Ellipsis and
               not isinstance(p, slice)) == ndim and Ellipsis not in parts


# --- _op ------------------------------------------------------------------------------

def getitem(obj, index):
    index = unwrap(index)
    if type(obj) is Ref and _is_basic(index):
        ndim = obj.value().shape.rank
        if not _full_int(index, ndim):
            return obj.view(GetItem(index))
    return wrap(operators.getitem(unwrap(obj), index))


def setitem(obj, index, value):
    """``obj[index] = value``."""
    if type(obj) is Ref:
        obj.write(FUNCTIONS["setitem"](obj.value(), unwrap(index), unwrap(value)))
        return
    if is_tensor(obj):
        raise TypeError("'tf.Tensor' object does not support item assignment")
    obj[unwrap(index)] = value  # a list or dict: Python's own


def inplace(x, op, value):
    """``x op= value``: arrays are updated in place (every alias sees it)."""
    if isinstance(x, list) and op == "add":
        x += value  # list.__iadd__ extends the list itself
        return x
    if type(x) is Ref:
        result = operators.inplace(x.value(), op, unwrap(value))
        x.write(result)
        return x
    return wrap(operators.inplace(unwrap(x), op, unwrap(value)))


def _is_array_ref(x) -> bool:
    """A Ref that NumPy would see as an ndarray (not a NumPy scalar)."""
    if type(x) is not Ref:
        return False
    v = x.value()
    return v.shape.rank != 0 or arrays.is_marked_array(v)


def getattr_(obj, name):
    if type(obj) is Ref and name == "T":
        return obj.view(Transpose(list(range(obj.value().shape.rank))[::-1]))
    if _is_array_ref(obj) and name in ("real", "imag"):
        if obj.value().dtype.is_complex:
            return obj.view(ComplexPart(name))  # writable views of one part, as NumPy's
        if name == "real":
            return obj  # a.real of a real array is a itself
    return wrap(operators.getattr_(unwrap(obj), name))


_RESHAPING_METHODS = ("reshape", "ravel")


def callmethod(obj, name, *args, **kwargs):
    if isinstance(obj, (list, dict, set)):
        return getattr(obj, name)(*args, **kwargs)  # lst.append(a): the list itself
    if isinstance(obj, grown_list.GrownList):
        return grown_list.method(obj, name, *args, **kwargs)
    if type(obj) is Ref:
        args, kwargs = unwrap(args), unwrap(kwargs)
        if name in _RESHAPING_METHODS and _contiguous(obj):
            from .registry import METHODS
            return _view(obj, Reshape(METHODS[name], args, kwargs), lambda: operators.callmethod(
                obj.value(), name, *args, **kwargs))
        if name == "transpose":
            from .ops.shape import method_axes, transpose_perm
            perm = transpose_perm(method_axes(*args), obj.value().shape.rank)
            return _view(obj, Transpose(perm), lambda: operators.callmethod(
                obj.value(), name, *args, **kwargs))
        if name in ("squeeze", "swapaxes", "diagonal"):
            from .registry import METHODS
            return _view(obj, ReadOnly(METHODS[name], args, kwargs, f"ndarray.{name}"),
                         lambda: operators.callmethod(obj.value(), name, *args, **kwargs))
        if name == "astype" and not kwargs.get("copy", True) and args and \
                arrays.as_dtype(args[0]) == dtypes.to_np(obj.value().dtype):
            return obj  # astype(same dtype, copy=False) is the array itself
        if name == "conj" and _is_array_ref(obj) and not obj.value().dtype.is_complex:
            return obj  # ndarray.conj of a real array is the array itself
        if name == "fill":
            v = obj.value()
            obj.write(FUNCTIONS["setitem"](v, Ellipsis, args[0]))
            return None
        if name == "sort":
            obj.write(FUNCTIONS["sort"](obj.value(), *args, **kwargs))
            return None
        return boundary(operators.callmethod)(obj, name, *args, **kwargs)
    return boundary(operators.callmethod)(obj, name, *args, **kwargs)


def _contiguous(ref) -> bool:
    """A reshape of a C-contiguous array is a view; of a transposed or strided one, a
    copy (so writes to it must not reach the base)."""
    for op in ref.path:
        if isinstance(op, Transpose):
            return False
        if isinstance(op, GetItem):
            parts = op.index if type(op.index) is tuple else (op.index,)
            if any(isinstance(p, slice) and p.step not in (None, 1) for p in parts):
                return False
            # slicing an inner axis makes it non-contiguous; we keep it simple: only
            # leading-axis indexing keeps a reshape a view
            if len([p for p in parts if p is not None]) > 1 and any(
                    isinstance(p, slice) and (p.start is not None or p.stop is not None)
                    for p in parts[1:]):
                return False
    return True


def _view(ref, op, fallback):
    """``ref`` seen through view ``op``; if the rule declines (Unsupported), the call
    goes the ordinary way (NumPy fallback), which gives a copy."""
    from .registry import Unsupported
    try:
        return ref.view(op)
    except Unsupported:
        return wrap(fallback())


def unpack(value, n):
    if isinstance(value, (tuple, list)):
        return value  # Python unpacks it; its arrays stay live views
    if type(value) is Ref:
        operators.unpack(value.value(), n)  # checks the length, as Python would
        return [value.view(GetItem(i)) if value.value().shape.rank > 1 else
                wrap(operators.getitem(value.value(), i)) for i in range(n)]
    return wrap(operators.unpack(unwrap(value), n))


def iterate(x):
    if type(x) is Ref:
        t = x.value()
        rows = operators.iterate(t)  # NeedStatic if the length is unknown
        if t.shape.rank > 1:
            return [x.view(GetItem(i)) for i in range(len(rows))]
        return [wrap(r) for r in rows]
    return operators.iterate(unwrap(x)) if not isinstance(x, (list, tuple)) else iter(x)


OP_SPECIAL = {"getitem": getitem, "setitem": setitem, "inplace": inplace,
              "getattr_": getattr_, "callmethod": callmethod, "unpack": unpack,
              "iterate": iterate, "is_": lambda a, b: a is b,
              "is_not": lambda a, b: a is not b}


# --- _np ------------------------------------------------------------------------------

def _np_view(name, kind):
    def call(a, *args, **kwargs):
        if type(a) is not Ref:
            return boundary(_np_function(name))(a, *args, **kwargs)
        args, kwargs = unwrap(args), unwrap(kwargs)
        rule = FUNCTIONS[name]
        plain = lambda: boundary(_np_function(name))(a.value(), *args, **kwargs)  # noqa: E731
        if kind == "reshape" and _contiguous(a):
            return _view(a, Reshape(rule, args, kwargs), plain)
        if kind == "transpose":
            from .ops.shape import transpose_perm
            axes = kwargs.get("axes", args[0] if args else None)
            return _view(a, Transpose(transpose_perm(axes, a.value().shape.rank)), plain)
        if kind == "readonly":
            return _view(a, ReadOnly(rule, args, kwargs, f"np.{name}"), plain)
        return plain()
    return call


def _np_function(name):
    """NumPy's ``name`` as the lowering table gives it (falling back if declined)."""
    from .numpy_api import np_namespace
    return getattr(np_namespace, name)


def _asarray(name):
    def call(a, dtype=None, *args, **kwargs):
        v = a.value() if type(a) is Ref else None
        if v is not None and not args and not kwargs.get("copy") and (
                v.shape.rank != 0 or arrays.is_marked_array(v)) and (
                dtype is None or arrays.as_dtype(dtype) == dtypes.to_np(v.dtype)):
            return a  # np.asarray of an array is that array (a NumPy scalar becomes one)
        return boundary(_np_function(name))(a, dtype, *args, **kwargs)
    return call


def _identity_if_array(name, keeps=lambda v, args, kwargs: True):
    """NumPy functions that return their argument itself when it already qualifies."""
    def call(a, *args, **kwargs):
        if _is_array_ref(a) and keeps(a.value(), args, kwargs):
            return a
        return boundary(_np_function(name))(a, *args, **kwargs)
    return call


def _no_copy_same_dtype(v, args, kwargs):
    if kwargs.get("copy", True) is not False or len(args) > 1:
        return False
    dtype = kwargs.get("dtype", args[0] if args else None)
    return dtype is None or arrays.as_dtype(unwrap(dtype)) == dtypes.to_np(v.dtype)


def _real_view(a):
    if _is_array_ref(a):
        return getattr_(a, "real")
    return boundary(_np_function("real"))(a)


def copyto(dst, src, casting="same_kind", where=True):
    if type(dst) is not Ref:
        raise TypeError("copyto() argument 1 must be an array")
    v = dst.value()
    s = unwrap(src)
    spec = dtypes.spec(s)
    target = dtypes.to_np(v.dtype)
    if not isinstance(spec, type) and not np.can_cast(spec, target, casting=casting):
        raise TypeError(f"Cannot cast array data from {spec} to {target} according to "
                        f"the rule '{casting}'")
    new = tf.broadcast_to(dtypes.cast(s, target), tf.shape(v))
    if where is not True:
        new = tf.where(arrays.asarray(unwrap(where)), new, v)
    dst.write(new)


def _write_out(result, out, name):
    """``np.<fn>(..., out=arr)``: the result written into ``out`` (same_kind cast)."""
    if True:
        target = out[0] if isinstance(out, tuple) and len(out) == 1 else out
        if type(target) is not Ref:
            raise TypeError("return arrays must be of ArrayType")
        value = unwrap(result)
        dt = dtypes.to_np(target.value().dtype)
        src = dtypes.spec(value)
        if not np.can_cast(src, dt, casting="same_kind"):
            ufunc = getattr(np, name, None)
            raise np._core._exceptions._UFuncOutputCastingError(
                ufunc, "same_kind", src, dt, 0)
        target.write(tf.broadcast_to(dtypes.convert(arrays.asarray(value), dt),
                                     tf.shape(target.value())))
        return target


class _NumpyFunction:
    """``_np.<name>``: Refs in, fresh arrays out; ``out=`` writes; ``.at`` updates."""

    def __init__(self, name, fn):
        self._name, self._fn, self._call = name, fn, boundary(fn)

    def __call__(self, *args, out=None, **kwargs):
        result = self._call(*args, **kwargs)
        return result if out is None else _write_out(result, out, self._name)

    def at(self, a, indices, b=None):
        rule = FUNCTIONS.get(f"{self._name}.at")
        if rule is None or type(a) is not Ref:
            raise MutationNotSupported(f"np.{self._name}.at is not supported yet")
        a.write(rule(a.value(), unwrap(indices), unwrap(b)))

    def __getattr__(self, name):
        qual = f"{self._name}.{name}"
        if qual in FUNCTIONS:  # a lowered ufunc method (np.add.at is handled above)
            from .numpy_api import lowered_or_fallback
            np_attr = getattr(getattr(self._fn, "np_func", None), name, None)
            return _NumpyFunction(qual, lowered_or_fallback(qual, FUNCTIONS[qual], np_attr))
        np_func = getattr(self._fn, "np_func", None)
        if np_func is not None and callable(getattr(np_func, name, None)):
            from .fallback import Fallback  # np.maximum.accumulate & co.: NumPy's own
            return _NumpyFunction(qual, Fallback(getattr(np_func, name), f"np.{qual}",
                                                 "no lowering rule"))
        return getattr(self._fn, name)

    def __repr__(self):
        return repr(self._fn)


class NumpyNamespace:
    """``_np``: NumPy's namespace as generated code sees it."""

    def __init__(self, target, prefix=""):
        self._target, self._prefix = target, prefix

    def __getattr__(self, name):
        qual = self._prefix + name
        if qual in NP_SPECIAL:
            value = NP_SPECIAL[qual]
        else:
            value = getattr(self._target, name)
            if type(value).__name__ == "Namespace":
                value = NumpyNamespace(value, qual + ".")
            elif callable(value) and not isinstance(value, type):
                value = _NumpyFunction(qual, value)
        setattr(self, name, value)
        return value


NP_SPECIAL = {
    "reshape": _np_view("reshape", "reshape"),
    "ravel": _np_view("ravel", "reshape"),
    "transpose": _np_view("transpose", "transpose"),
    "squeeze": _np_view("squeeze", "readonly"),
    "expand_dims": _np_view("expand_dims", "readonly"),
    "swapaxes": _np_view("swapaxes", "readonly"),
    "moveaxis": _np_view("moveaxis", "readonly"),
    "asarray": _asarray("asarray"),
    "asanyarray": _asarray("asarray"),
    "copyto": copyto,
    "ascontiguousarray": _identity_if_array(
        "ascontiguousarray", lambda v, args, kwargs: v.shape.rank >= 1 and not args and
        kwargs.get("dtype") is None),
    "array": _identity_if_array("array", _no_copy_same_dtype),
    "real": _real_view,
}


# --- _py: iteration helpers whose items are rows (views) of arrays ----------------------

def _rows(x):
    return iterate(x) if type(x) is Ref else x


def py_enumerate(x, start=0):
    from .control_flow import Zipped, plannable
    if plannable(x):
        return Zipped([x], lambda: enumerate(_rows(x), start), start=start)
    return enumerate(_rows(x), start)


def py_zip(*xs, **kw):
    from .control_flow import Zipped, plannable
    if xs and not kw and all(plannable(x) for x in xs):
        return Zipped(list(xs), lambda: zip(*[_rows(x) for x in xs]))
    return zip(*[_rows(x) for x in xs], **kw)


def py_reversed(x):
    from .control_flow import Range
    if isinstance(x, Range):
        return x.reversed()
    return reversed(list(_rows(x))) if type(x) is Ref else reversed(x)


def py_list(x=()):
    return list(_rows(x))


def py_tuple(x=()):
    return tuple(_rows(x))


def py_len(x):
    if isinstance(x, grown_list.GrownList):
        return x.length()
    return boundary(pybuiltins.len)(x)


PY_SPECIAL = {"enumerate": py_enumerate, "zip": py_zip, "reversed": py_reversed,
              "list": py_list, "tuple": py_tuple, "len": py_len}
