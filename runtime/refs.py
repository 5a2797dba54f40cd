"""NumPy's aliasing at trace time: arrays are views into mutable buffers.

Generated code never holds a bare tensor for an array: it holds a :class:`Ref`, a
view (a path of view ops: basic indexing, transpose, reshape...) into a
:class:`Buffer` whose tensor is the current value of the underlying array. Reading a
Ref applies its path to the buffer's current tensor, so views are live, as NumPy's
are; writing (``a[i] = v``, ``a += 1``) computes the new view and pushes it back
through the path into the buffer, so every alias sees it, and a buffer that belongs
to a call argument is written back to the caller's array after the call.

Op rules never see Refs: :func:`boundary` unwraps arguments and wraps results where
generated code calls into the runtime.
"""
from __future__ import annotations

import functools
import itertools

import numpy as np
import tensorflow as tf

from . import context
from .arrays import is_marked_array, mark_array
from .registry import FUNCTIONS
from .values import is_tensor


class MutationNotSupported(NotImplementedError):
    """A write through a view np2tf cannot write back through (yet)."""


_SERIAL = itertools.count()


def next_serial() -> int:
    """Buffers made from now on have a serial number at least this."""
    return next(_SERIAL)


class Buffer:
    __slots__ = ("tensor", "param", "writes", "serial")

    def __init__(self, tensor, param=None):
        self.tensor = tensor
        self.param = param     # index of the call argument this array is, if any
        self.writes = 0
        self.serial = next(_SERIAL)  # order of creation: which arrays predate a loop

    def assign(self, new):
        log = context.current().write_log
        if log is not None and self not in log:
            log[self] = (self.tensor, self.writes)
        self.tensor = new
        self.writes += 1


class Choice:
    """A variable that names one of several arrays, which one known only at run time:
    after ``if c: A = B`` on a run-time ``c``, or ``A, B = B, A`` in a run-time loop.

    ``choices`` are Refs (views of arrays that existed before the branch or loop);
    ``index`` (an int32 tensor) says which one. Reading selects the current contents of
    that one; writing writes it and leaves the others as they are, so every alias and
    the caller's arguments see NumPy's result."""

    __slots__ = ("index", "choices", "writes", "serial", "_cache")
    param = None

    def __init__(self, index, choices):
        self.index = index
        self.choices = tuple(choices)
        self.writes = 0
        self.serial = next(_SERIAL)
        self._cache = None

    @property
    def tensor(self):
        # Reused while no choice changed, so reading it in a loop body is free (a graph
        # nested in the one it was made in captures it).
        bases = tuple(c.buffer.tensor for c in self.choices)
        graph = tf.compat.v1.get_default_graph()
        if self._cache is not None and all(a is b for a, b in zip(self._cache[0], bases)) \
                and inside(graph, self._cache[1]):
            return self._cache[2]
        values = [c.value() for c in self.choices]
        out = select(self.index, values)
        if out.shape.rank == 0 and any(is_marked_array(v) for v in values):
            mark_array(out)
        self._cache = (bases, graph, out)
        return out

    def assign(self, new):
        for k, c in enumerate(self.choices):
            if len(self.choices) == 1:
                c.write(new)
            else:
                c.write(select(tf.cast(tf.equal(self.index, k), tf.int32),
                               [c.value(), new]))
        self.writes += 1


def inside(graph, outer) -> bool:
    """Is ``graph`` the graph ``outer`` or nested in it (a branch or loop body)?"""
    while graph is not None:
        if graph is outer:
            return True
        graph = getattr(graph, "outer_graph", None)
    return False


def select(index, tensors):
    """``tensors[index]`` for a run-time ``index``: an elementwise select when all have
    one static shape (cheap, and XLA keeps it fused), else a switch between them."""
    if len(tensors) == 1:
        return tensors[0]
    shapes = [t.shape for t in tensors]
    if all(s.is_fully_defined() and s == shapes[0] for s in shapes):
        out = tensors[-1]
        for k in range(len(tensors) - 2, -1, -1):
            out = tf.where(tf.equal(index, k), tensors[k], out)
        return out
    return tf.switch_case(index, [lambda t=t: t for t in tensors])


class Ref:
    """A NumPy array at trace time: ``path`` applied to ``buffer.tensor``."""

    __slots__ = ("buffer", "path")

    def __init__(self, buffer, path=()):
        self.buffer = buffer
        self.path = path

    def value(self) -> tf.Tensor:
        base = t = self.buffer.tensor
        for op in self.path:
            t = op.forward(t)
        if self.path and t.shape.rank == 0 and (base.shape.rank != 0 or is_marked_array(base)):
            mark_array(t)  # a view of an array is an array, even 0-d (not a NumPy scalar)
        return t

    def write(self, new):
        """Make this view's contents ``new`` (a tensor of the view's shape and dtype)."""
        bases = [self.buffer.tensor]
        for op in self.path[:-1]:
            bases.append(op.forward(bases[-1]))
        for op, base in zip(reversed(self.path), reversed(bases)):
            new = op.backward(base, new)
        self.buffer.assign(new)

    def view(self, op) -> Ref:
        ref = Ref(self.buffer, self.path + (op,))
        ref.value()  # evaluate once now: a bad axis or index raises at the user's line
        return ref

    def __repr__(self):
        return f"Ref({self.value()!r})"

    def __bool__(self):  # a Ref must never be tested directly: unwrap it first
        raise TypeError("np2tf internal error: truth value of a Ref")

    def __iter__(self):
        raise TypeError("np2tf internal error: iteration over a Ref")


# --- view ops: forward reads the view, backward writes a new view into its base -------

class GetItem:
    def __init__(self, index):
        self.index = index

    def forward(self, t):
        return FUNCTIONS["getitem"](t, self.index)

    def backward(self, base, new):
        return FUNCTIONS["setitem"](base, self.index, new)


class Transpose:
    def __init__(self, perm):
        self.perm = perm

    def forward(self, t):
        return tf.transpose(t, self.perm)

    def backward(self, base, new):
        return tf.transpose(new, np.argsort(self.perm))


class Reshape:
    def __init__(self, rule, args, kwargs):
        self.rule, self.args, self.kwargs = rule, args, kwargs

    def forward(self, t):
        return self.rule(t, *self.args, **self.kwargs)

    def backward(self, base, new):
        return tf.reshape(new, tf.shape(base))


class ComplexPart:
    """``z.real`` / ``z.imag`` of a complex array: a writable view of one part."""

    def __init__(self, part):
        self.part = part

    def forward(self, t):
        return tf.math.real(t) if self.part == "real" else tf.math.imag(t)

    def backward(self, base, new):
        re, im = tf.math.real(base), tf.math.imag(base)
        new = tf.cast(new, re.dtype)
        return tf.complex(new, im) if self.part == "real" else tf.complex(re, new)


class ReadOnly:
    """A view we read live but cannot write through (e.g. ``np.squeeze`` of a view)."""

    def __init__(self, rule, args, kwargs, name):
        self.rule, self.args, self.kwargs, self.name = rule, args, kwargs, name

    def forward(self, t):
        return self.rule(t, *self.args, **self.kwargs)

    def backward(self, base, new):
        raise MutationNotSupported(f"writing through the view returned by {self.name} is "
                                   "not supported yet; take a copy (.copy()) or index the "
                                   "original array")


# --- boundary between generated code and op rules ------------------------------------------

def wrap(x):
    """Op results -> values generated code holds (new arrays get their own buffer)."""
    if is_tensor(x):
        return Ref(Buffer(x))
    if type(x) is tuple:
        return tuple(wrap(e) for e in x)
    if type(x) is list:
        return [wrap(e) for e in x]
    return x


def unwrap(x, result=False):
    """Values generated code holds -> what op rules take (current tensors); with
    ``result``, what the function returns (a list grown at run time stays a list)."""
    if type(x) is Ref:
        return x.value()
    if type(x) is tuple:
        return tuple(unwrap(e, result) for e in x)
    if type(x) is list:
        return [unwrap(e, result) for e in x]
    if type(x) is dict:
        return {k: unwrap(v, result) for k, v in x.items()}
    if type(x) is slice:
        return slice(unwrap(x.start), unwrap(x.stop), unwrap(x.step))
    convert = getattr(type(x), "np2tf_result" if result else "np2tf_unwrap", None)
    return x if convert is None else convert(x)


def _unwrap_noting(x, passed):
    if type(x) is Ref:
        t = x.value()
        passed.append((x, t))
        return t
    if type(x) in (tuple, list):
        return type(x)(_unwrap_noting(e, passed) for e in x)
    if type(x) is dict:
        return {k: _unwrap_noting(v, passed) for k, v in x.items()}
    return unwrap(x)


def boundary(fn):
    """``fn`` as generated code calls it: Refs in, Refs out."""
    if getattr(fn, "_np2tf_boundary", False):
        return fn

    @functools.wraps(fn)
    def call(*args, **kwargs):
        passed = []  # (Ref, the tensor it was passed as): fallbacks may write them
        result = fn(*_unwrap_noting(args, passed), **_unwrap_noting(kwargs, passed))
        if passed:
            writes = context.current().fallback_writes
            if writes:
                for ref, t in passed:
                    new = writes.pop(id(t), None)
                    if new is not None:
                        ref.write(new)
        return wrap(result)

    call._np2tf_boundary = True
    return call


class BoundaryNamespace:
    """A runtime namespace (``_np``, ``_py``...) seen through :func:`boundary`.

    ``special`` maps names to functions that take Refs themselves (views, writes)."""

    def __init__(self, target, special=None):
        self._target = target
        self._special = special or {}

    def __getattr__(self, name):
        if name in self._special:
            value = self._special[name]
        else:
            value = getattr(self._target, name)
            if hasattr(value, "__getattr__") and type(value).__name__ == "Namespace":
                value = BoundaryNamespace(value, self._special.get("__sub__", {}).get(name))
            elif callable(value) and not isinstance(value, type):
                value = _Callable(value)
        setattr(self, name, value)
        return value


class _Callable:
    """A runtime callable behind the boundary that still looks like itself
    (``_np.float32`` stays usable as a dtype: its attributes are forwarded)."""

    def __init__(self, fn):
        self._fn = fn
        self._call = boundary(fn)

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._fn, name)

    def __repr__(self):
        return repr(self._fn)
