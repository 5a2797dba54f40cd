"""Fallback nodes: calls with no lowering rule run NumPy itself.

In a graph a fallback is a ``tf.numpy_function`` whose output dtypes and ranks must
be known before it runs. They are learned, not guessed: a signature whose graph
needs a fallback is first run *eagerly* (which is that call's real answer), and every
fallback site records the structure of what NumPy returned (its *meta*). The graph
is then traced with those metas. If NumPy later returns something of another
structure the call stops with :class:`MetaChanged` and is retraced: a fallback never
changes a result.

Python exceptions raised inside a fallback are carried out of the graph unchanged
(``LinAlgError`` stays ``LinAlgError``). Non-array results (a ``Generator``) live in
an object table for the duration of one call and travel through the graph as
handles (:class:`Opaque`).
"""
from __future__ import annotations

import itertools
import threading
import warnings

import numpy as np
import tensorflow as tf

from . import context, dtypes, origin
from .context import FallbackSite
from .values import Weak, is_tensor


class FallbackWarning(UserWarning):
    """A call ran through NumPy instead of being lowered to TensorFlow."""


class NeedEagerRun(Exception):
    """A fallback site has no meta yet: run this signature eagerly once."""


class MetaChanged(Exception):
    """A fallback returned another structure than recorded: retrace."""


class Opaque:
    """A non-array object made by a fallback (e.g. ``np.random.default_rng(0)``)."""

    def __init__(self, handle, type_name, obj=None):
        self.handle = handle          # int64 tensor in a graph
        self.type_name = type_name
        self.obj = obj                # the object itself in an eager run

    def __repr__(self):
        return f"<opaque {self.type_name}>"


class Fallback:
    """A NumPy callable with no lowering rule; calling it makes a fallback node."""

    def __init__(self, fn, name, reason):
        self.fn, self.name, self.reason = fn, name, reason
        self.np_func = fn

    def __call__(self, *args, **kwargs):
        return call(self.fn, self.name, self.reason, args, kwargs)

    def __repr__(self):
        return f"<fallback {self.name}>"


_warned: set = set()
_objects: dict[int, object] = {}
_pending: dict[int, BaseException] = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def method(obj, name, reason, args, kwargs):
    type_name = obj.type_name if isinstance(obj, Opaque) else "ndarray"
    return call(_MethodCall(name), f"{type_name}.{name}", reason, (obj,) + tuple(args), kwargs)


def attribute(obj, name):
    type_name = obj.type_name if isinstance(obj, Opaque) else "ndarray"
    return call(_AttrGet(name), f"{type_name}.{name}", "attribute not lowered", (obj,), {})


class _MethodCall:
    def __init__(self, name):
        self.name = name

    def __call__(self, obj, *args, **kwargs):
        return getattr(obj, self.name)(*args, **kwargs)


class _AttrGet:
    def __init__(self, name):
        self.name = name

    def __call__(self, obj):
        return getattr(obj, self.name)


def call(fn, name, reason, args, kwargs):
    ctx = context.current()
    loc, site = origin.current()
    ctx.fallbacks[site] = FallbackSite(loc, name, reason)
    ctx.xla_ok = False
    if site not in _warned:
        _warned.add(site)
        message = f"{name} runs in NumPy ({reason})"
        if loc is not None:  # point the warning at the user's line, not at generated code
            warnings.warn_explicit(message, FallbackWarning, loc.file, loc.line)
        else:
            warnings.warn(message, FallbackWarning, stacklevel=3)
    leaves, rebuild = _flatten_args((args, kwargs))
    arrays = [i for i, x in enumerate(leaves) if _leaf_kind(x) == "array"]
    if tf.executing_eagerly():
        values = [_to_numpy(x) for x in leaves]
        for i in arrays:  # NumPy works on its own copies: TF's buffers stay untouched
            values[i] = np.array(values[i], copy=True)
        a, k = rebuild(values)
        result = fn(*_unwrap(a), **_unwrap(k))
        # Arguments NumPy changed in place (np.fill_diagonal, rng.shuffle) are written
        # back through the caller's arrays (runtime/refs.py reads fallback_writes).
        mutated = tuple(i for i in arrays if not _same(values[i], leaves[i].numpy()))
        for i in mutated:
            ctx.fallback_writes[id(leaves[i])] = tf.constant(values[i])
        ctx.fallback_meta[site] = (meta_of(result), mutated)
        return _to_runtime_eager(result)
    recorded = ctx.fallback_meta.get(site)
    if recorded is None:
        ctx.missing_meta = True
        raise NeedEagerRun(name)
    meta, mutated = recorded
    return _graph_call(fn, name, ctx, loc, meta, leaves, rebuild, arrays, mutated)


def _same(a, b) -> bool:
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


# --- structure of values ---------------------------------------------------------

def meta_of(v):
    if isinstance(v, np.ndarray) and v.dtype in dtypes.SUPPORTED:
        return ("array", v.dtype, v.ndim)
    if isinstance(v, np.generic) and v.dtype in dtypes.SUPPORTED:
        return ("npscalar", v.dtype)
    if isinstance(v, (bool, int, float, complex)):
        return ("py", type(v))
    if v is None:
        return ("none",)
    if isinstance(v, tuple) and not hasattr(v, "_fields"):
        return ("tuple", tuple(meta_of(e) for e in v))
    if isinstance(v, tuple):  # namedtuple results (np.linalg.eig): keep their type
        return ("named", type(v), tuple(meta_of(e) for e in v))
    return ("object", type(v).__name__)


def _leaf_dtypes(meta):
    kind = meta[0]
    if kind == "array" or kind == "npscalar":
        return [dtypes.to_tf(meta[1])]
    if kind == "py":
        return [{bool: tf.bool, int: tf.int64, float: tf.float64,
                 complex: tf.complex128}[meta[1]]]
    if kind == "none":
        return []
    if kind == "tuple":
        return [d for m in meta[1] for d in _leaf_dtypes(m)]
    if kind == "named":
        return [d for m in meta[2] for d in _leaf_dtypes(m)]
    return [tf.int64]  # object handle


def _check_and_flatten(v, meta, out):
    """NumPy's result as flat arrays in the meta's order; MetaChanged if it differs."""
    if meta_of(v) != meta:
        raise MetaChanged(f"{meta_of(v)} != {meta}")
    kind = meta[0]
    if kind in ("array", "npscalar"):
        out.append(np.asarray(v))
    elif kind == "py":
        out.append(np.asarray(v, dtype=_leaf_dtypes(meta)[0].as_numpy_dtype))
    elif kind in ("tuple", "named"):
        for e, m in zip(v, meta[-1]):
            _check_and_flatten(e, m, out)
    elif kind == "object":
        h = next(_ids)
        _objects[h] = v
        out.append(np.int64(h))
    return out


def _rebuild_result(flat, meta):
    kind = meta[0]
    if kind == "array":
        t = flat.pop(0)
        t.set_shape([None] * meta[2])
        return t
    if kind == "npscalar":
        t = flat.pop(0)
        t.set_shape([])
        return t
    if kind == "py":
        t = flat.pop(0)
        t.set_shape([])
        return Weak(t, meta[1])
    if kind == "none":
        return None
    if kind == "tuple":
        return tuple(_rebuild_result(flat, m) for m in meta[1])
    if kind == "named":
        return meta[1](*[_rebuild_result(flat, m) for m in meta[2]])
    t = flat.pop(0)
    t.set_shape([])
    return Opaque(t, meta[1])


# --- arguments ---------------------------------------------------------------------

def _flatten_args(tree):
    """Run-time leaves (tensors, Weak, Opaque) of an argument tree, and how to rebuild."""
    leaves = []

    def walk(x):
        if is_tensor(x) or isinstance(x, (Weak, Opaque)):
            leaves.append(x)
            return ("leaf", len(leaves) - 1, _leaf_kind(x))
        if isinstance(x, (list, tuple)) and not hasattr(x, "_fields"):
            return (type(x), [walk(e) for e in x])
        if isinstance(x, dict):
            return (dict, {k: walk(v) for k, v in x.items()})
        return ("const", getattr(x, "np_func", None) or getattr(x, "np_type", None) or x)

    shape = walk(tree)

    def rebuild(values):
        def build(s):
            tag = s[0]
            if tag == "leaf":
                v = values[s[1]]
                kind = s[2]
                if kind == "weak":
                    return v.item()
                if kind == "opaque":  # eager: the object itself; graph: its handle
                    return _objects[int(v)] if isinstance(v, (int, np.integer)) else v
                return v
            if tag == "const":
                return s[1]
            if tag is dict:
                return {k: build(e) for k, e in s[1].items()}
            return tag(build(e) for e in s[1])
        return build(shape)

    return leaves, rebuild


def _leaf_kind(x):
    if isinstance(x, Weak):
        return "weak"
    if isinstance(x, Opaque):
        return "opaque"
    return "array"


def _to_numpy(x):
    if isinstance(x, Weak):
        return x.tensor.numpy()
    if isinstance(x, Opaque):
        return np.int64(-1) if x.obj is None else x.obj
    return x.numpy()


def _unwrap(tree):
    """Eager rebuild keeps Opaque objects themselves (their handle is -1)."""
    return tree


def _to_runtime_eager(v):
    m = meta_of(v)
    kind = m[0]
    if kind == "array":
        return tf.constant(v)
    if kind == "npscalar":
        return tf.constant(v)
    if kind == "py":
        return Weak(v, type(v))
    if kind == "none":
        return None
    if kind == "tuple":
        return tuple(_to_runtime_eager(e) for e in v)
    if kind == "named":
        return type(v)(*[_to_runtime_eager(e) for e in v])
    return Opaque(None, m[1], obj=v)


def _graph_call(fn, name, ctx, loc, meta, leaves, rebuild, arrays, mutated):
    token = next(_ids)
    out_dtypes = _leaf_dtypes(meta)
    n_result = len(out_dtypes)
    out_dtypes = out_dtypes + [leaves[i].dtype for i in mutated]
    inputs = []
    for x in leaves:
        inputs.append(x.tensor if isinstance(x, Weak) else x.handle if isinstance(x, Opaque)
                      else x)

    def body(*values):
        values = list(values)
        for i, x in enumerate(leaves):
            if isinstance(x, Opaque):
                values[i] = np.int64(values[i])
        originals = {i: values[i] for i in arrays}
        for i in arrays:  # numpy_function's inputs may share TF's buffers: copy them
            values[i] = np.array(values[i], copy=True)
        try:
            a, k = rebuild(values)
            flat = _check_and_flatten(fn(*a, **k), meta, [])
            changed = [i for i in arrays if not _same(values[i], originals[i])]
            if set(changed) - set(mutated):
                raise MetaChanged(f"{name} changed an argument in place that it left "
                                  "unchanged when np2tf first ran it")
            flat += [values[i] for i in mutated]
            flag = np.int32(0)
        except BaseException as e:  # carried out of the graph, raised after the call
            with _lock:
                _pending[token] = e
            flat = [np.zeros(_zero_shape(meta, i), d.as_numpy_dtype)
                    for i, d in enumerate(out_dtypes[:n_result])]
            flat += [originals[i] for i in mutated]
            flag = np.int32(1)
        return [np.asarray(f, d.as_numpy_dtype) for f, d in zip(flat, out_dtypes)] + [flag]

    outs = tf.numpy_function(body, inputs, out_dtypes + [tf.int32], stateful=True, name=None)
    *flat, flag = outs
    code = ctx.add_error(_PendingException, token, loc)
    prev = ctx.error_code if ctx.error_code is not None else tf.constant(0, tf.int32)
    flag.set_shape([])
    ctx.error_code = tf.where(tf.logical_and(tf.equal(prev, 0), tf.not_equal(flag, 0)),
                              tf.constant(code, tf.int32), prev)
    for i, t in zip(mutated, flat[n_result:]):
        t.set_shape(leaves[i].shape)
        ctx.fallback_writes[id(leaves[i])] = t
    return _rebuild_result(list(flat[:n_result]), meta)


def _zero_shape(meta, i):
    ranks = []

    def walk(m):
        if m[0] == "array":
            ranks.append(m[2])
        elif m[0] in ("npscalar", "py", "object"):
            ranks.append(0)
        elif m[0] in ("tuple", "named"):
            for e in m[-1]:
                walk(e)
    walk(meta)
    return (0,) * ranks[i] if ranks[i] else ()


class _PendingException(Exception):
    """Error-table marker: the real exception is in ``_pending[token]``."""


def take_pending(token):
    with _lock:
        return _pending.pop(token, None)


def release_objects():
    _objects.clear()
