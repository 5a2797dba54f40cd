"""The calling convention: NumPy values in, NumPy values out, one trace per signature.

A call's *signature* is what changes the graph: each array's dtype and rank, the
kind of each Python scalar (its value is a run-time input, so new values never
retrace), and the value of everything else (strings, None, tuples). Arguments an op
needed at trace time (``NeedStatic``) join the signature by value from then on.

Each signature maps to a concrete TF function, called directly (no ``tf.function``
dispatch per call). Its outputs are the results, then one int32 error code from the
deferred checks: the NumPy exception is raised here, after the call, so nothing
reaches the caller from a failed call.
"""
from __future__ import annotations

import inspect
import re
import warnings

import numpy as np
import tensorflow as tf

from . import checks, context, dtypes, fallback, grown_list, origin, refs
from .arrays import is_marked_array, mark_array
from .values import NeedStatic, Weak, is_tensor

_WEAK_NP = {int: np.int64, float: np.float64, complex: np.complex128}
_INT64 = np.iinfo(np.int64)


class StaticValueError(TypeError):
    """A value needed while tracing is only known at run time."""


class _Entry:
    """One traced signature: its concrete function and how to rebuild results."""

    def __init__(self, concrete, tree, ctx, jit, backup=None, writeback=()):
        self.concrete = concrete
        self.tree = tree
        self.writeback = writeback  # argument indices whose final values are returned
        self.errors = ctx.errors
        self.fallbacks = dict(ctx.fallbacks)
        self.has_objects = bool(ctx.fallbacks)
        self.jit = jit
        self.backup = backup  # a non-XLA trace, should XLA fail to compile this one

    def run(self, inputs, args):
        try:
            outs = self.concrete(*inputs)
        except tf.errors.OpError as e:
            if self.backup is None:
                raise _translate(e, self.concrete.graph) from None
            # First run under XLA failed: if the plain graph runs, XLA cannot compile this
            # function (switch for good); if it fails too, the error is the user's.
            plain = self.backup()
            try:
                outs = plain.concrete(*inputs)
            except tf.errors.OpError as e2:
                raise _translate(e2, plain.concrete.graph) from None
            self.__dict__.update(plain.__dict__)
        self.backup = None
        try:
            code = int(outs[-1])
            if code:
                _raise_code(self.errors, code)
            n = len(self.writeback)
            if n:
                _write_back(args, self.writeback, outs[-1 - n:-1])
                outs = outs[:-1 - n] + [outs[-1]]
            return _rebuild(self.tree, outs)
        finally:
            if self.has_objects:
                fallback.release_objects()


class _EagerEntry:
    """A signature that runs eagerly on every call (see ``_first_call``)."""

    jit = False

    def __init__(self, compiled):
        self.compiled = compiled
        self.fallbacks = {"eager": context.FallbackSite(
            None, compiled._original.__qualname__,
            "runs op by op: a NumPy fallback sits on a path its first call did not take")}

    def run(self, inputs, args):
        return self.compiled._run_eager(args)[0]


def _write_back(args, indices, values):
    """Arguments the function updated in place get their final values (only after the
    call succeeded, so a failing call leaves the caller's arrays as they were)."""
    for i in indices:
        if isinstance(args[i], np.ndarray) and not args[i].flags.writeable:
            raise ValueError("assignment destination is read-only")
    for i, v in zip(indices, values):
        if isinstance(args[i], np.ndarray):
            np.copyto(args[i], v.numpy() if hasattr(v, "numpy") else v)


def _raise_code(errors, code):
    exc_type, message, loc = errors[code - 1]
    if exc_type is fallback._PendingException:
        exc = fallback.take_pending(message)
        if exc is not None:
            if loc is not None:
                exc.add_note(f"  raised by the fallback call at {loc}: {loc.text}")
            raise exc
    checks.raise_code(errors, code)


class CompiledFunction:
    """Calls a generated function through per-signature concrete TF functions."""

    def __init__(self, generated, original):
        self._generated = generated
        self._original = original
        self._signature = inspect.signature(original)
        params = list(self._signature.parameters.values())
        self._nparams = len(params)
        self._static: set = set()   # ("value", i) or ("shape", i)
        self._entries: dict = {}
        self.trace_count = 0

    # -- the per-call path: keep it short --------------------------------------------
    def __call__(self, *args, **kwargs):
        if kwargs or len(args) != self._nparams:
            bound = self._signature.bind(*args, **kwargs)
            bound.apply_defaults()
            args = bound.args + tuple(bound.kwargs.values())
        key, inputs = self._key(args)
        if key and key[-1] is _OVERLAP:
            return self._run_in_numpy(args)
        entry = self._entries.get(key)
        if entry is None:
            return self._first_call(args)
        try:
            return entry.run(inputs, args)
        except fallback.MetaChanged:
            # A fallback returned another structure than when it was traced (rare:
            # NumPy's result rank or dtype depends on the data). Learn it again; its
            # side effects before this point ran twice.
            del self._entries[key]
            return self._first_call(args)

    def _key(self, args):
        key, inputs = [], []
        static = self._static
        for i, a in enumerate(args):
            t = type(a)
            if t is np.ndarray and a.dtype in dtypes.SUPPORTED:
                shape = a.shape if static and ("shape", i) in static else None
                key.append((a.dtype, a.ndim, shape))
                inputs.append(_as_input(a))
            elif (t is int or t is float or t is complex) and not (static and ("value", i) in static) \
                    and (t is not int or _INT64.min <= a <= _INT64.max):
                key.append(t)
                inputs.append(_WEAK_NP[t](a))
            elif isinstance(a, np.generic) and a.dtype in dtypes.SUPPORTED:
                key.append(("np", a.dtype))
                inputs.append(np.asarray(a))
            elif is_tensor(a):
                shape = tuple(a.shape) if static and ("shape", i) in static else None
                key.append((dtypes.to_np(a.dtype), a.shape.rank, shape))
                inputs.append(a)
            else:
                key.append(("static", _freeze(a)))
        arrays = [i for i, a in enumerate(args) if type(a) is np.ndarray]
        if len(arrays) > 1:
            key.append(_aliases(args, arrays))
        return tuple(key), inputs

    # -- first call of a signature: trace (maybe after one eager run) ----------------
    def _run_in_numpy(self, args):
        """Arguments that overlap in memory without being the same array: their
        aliasing cannot be traced, so the function runs as plain NumPy (exact)."""
        warnings.warn(f"{self._original.__qualname__}: arguments overlap in memory; running "
                      "it in NumPy", fallback.FallbackWarning, stacklevel=3)
        return self._original(*args)

    def _first_call(self, args):
        metas = None
        for _ in range(8):
            key, inputs = self._key(args)
            entry = self._entries.get(key)
            if entry is not None:
                return entry.run(inputs, args)
            try:
                if metas is None:
                    entry = self._trace(args, {})
                    self._entries[key] = entry
                    return entry.run(inputs, args)
                entry = self._trace(args, metas)
                self._entries[key] = entry
                return entry.run(inputs, args)
            except NeedStatic as e:
                self._need_static(e)
            except fallback.NeedEagerRun:
                result, metas = self._run_eager(args)
                key, inputs = self._key(args)
                try:
                    self._entries[key] = self._trace(args, metas)
                except NeedStatic as e:
                    self._need_static(e)
                except fallback.NeedEagerRun:
                    # A fallback on a path this first call did not take: its result type is
                    # unknown, so this signature keeps running op by op (exact, slower).
                    self._entries[key] = _EagerEntry(self)
                return result
        raise RuntimeError("np2tf: the signature kept changing while tracing")

    def _need_static(self, e: NeedStatic):
        wanted = {s for s in e.sources if s[1] is not None}
        if not wanted or wanted <= self._static:
            loc = origin.in_traceback(e.__traceback__)
            where = f" (at {loc}: {loc.text})" if loc else ""
            raise StaticValueError(
                f"{e.what} must be known when the function is traced, but it depends on "
                f"values computed at run time{where}. Pass it as an argument (it is then "
                "traced per value) or compute it from shapes and constants.") from None
        self._static |= wanted

    def _values(self, args, tensors, ctx):
        """Trace-time values of the arguments: tensors, Weak scalars, static values."""
        values, it = [], iter(tensors)
        for i, a in enumerate(args):
            t = type(a)
            if (t is np.ndarray and a.dtype in dtypes.SUPPORTED) or is_tensor(a):
                x = next(it)
                ctx.param_index[x.ref()] = i
                if t is np.ndarray and a.ndim == 0:
                    mark_array(x)  # a 0-d array argument stays an array
                same = next((j for j in range(i) if args[j] is a), None)
                values.append(values[same] if same is not None else
                              refs.Ref(refs.Buffer(x, param=i)))  # f(x, x): one array
            elif (t is int or t is float or t is complex) and ("value", i) not in self._static \
                    and (t is not int or _INT64.min <= a <= _INT64.max):
                values.append(Weak(next(it), t, frozenset({("value", i)})))
            elif isinstance(a, np.generic) and a.dtype in dtypes.SUPPORTED:
                values.append(refs.wrap(next(it)))
            else:
                values.append(a)
        return values

    def _trace(self, args, metas, jit=None):
        specs = self._specs(args)
        use_jit = True if jit is None else jit
        ctx = context.TraceContext(eager=False, fallback_meta=dict(metas), jit=use_jit)
        holder = {}

        def graph(*tensors):
            with context.active(ctx):
                values = self._values(args, tensors, ctx)
                result = self._generated(*values)
                flat, holder["tree"] = _flatten(refs.unwrap(result, result=True))
                written = _written_params(values)
                holder["writeback"] = tuple(i for i, _ in written)
            code = ctx.error_code if ctx.error_code is not None else tf.constant(0, tf.int32)
            return flat + [t for _, t in written] + [code]

        # XLA first (most functions qualify: one trace); a trace that used something XLA
        # cannot compile (a fallback, a data-dependent shape) is redone as a plain graph.
        fn = tf.function(graph, autograph=False, jit_compile=use_jit)
        self.trace_count += 1
        try:
            concrete = fn.get_concrete_function(*specs)
        except (NeedStatic, fallback.NeedEagerRun, StaticValueError):
            raise
        except Exception as e:
            _add_location(e)
            raise
        if use_jit and not (ctx.xla_ok and not ctx.fallbacks):
            return self._trace(args, metas, jit=False)
        entry = _Entry(concrete, holder["tree"], ctx, jit=use_jit, writeback=holder["writeback"])
        if use_jit:  # should XLA refuse to compile it after all: a plain graph, on demand
            entry.backup = lambda: self._trace(args, metas, jit=False)
        return entry

    def _specs(self, args):
        """TensorSpecs of the run-time inputs: dims unknown unless made static."""
        specs = []
        for i, a in enumerate(args):
            if (type(a) is np.ndarray and a.dtype in dtypes.SUPPORTED) or is_tensor(a):
                shape = list(a.shape) if ("shape", i) in self._static else [None] * len(a.shape)
                specs.append(tf.TensorSpec(shape, dtypes.to_tf(a.dtype) if not is_tensor(a)
                                           else a.dtype))
            elif type(a) in _WEAK_NP and ("value", i) not in self._static and \
                    (type(a) is not int or _INT64.min <= a <= _INT64.max):
                specs.append(tf.TensorSpec([], dtypes.to_tf(_WEAK_NP[type(a)])))
            elif isinstance(a, np.generic) and a.dtype in dtypes.SUPPORTED:
                specs.append(tf.TensorSpec([], dtypes.to_tf(a.dtype)))
        return specs

    def _run_eager(self, args):
        """Run one call op by op: the answer for this call, and every fallback's meta."""
        ctx = context.TraceContext(eager=True)
        tensors = []
        for i, a in enumerate(args):
            if (type(a) is np.ndarray and a.dtype in dtypes.SUPPORTED) or is_tensor(a):
                tensors.append(tf.constant(a))
            elif type(a) in _WEAK_NP and ("value", i) not in self._static and \
                    (type(a) is not int or _INT64.min <= a <= _INT64.max):
                tensors.append(tf.constant(_WEAK_NP[type(a)](a)))
            elif isinstance(a, np.generic) and a.dtype in dtypes.SUPPORTED:
                tensors.append(tf.constant(a))
        with context.active(ctx):
            values = self._values(args, tensors, ctx)
            try:
                result = self._generated(*values)
            except NeedStatic:
                raise
            except tf.errors.OpError as e:
                raise _translate(e) from None
            except Exception as e:  # noqa: BLE001 - annotated and re-raised
                _add_location(e)
                raise
            flat, tree = _flatten(refs.unwrap(result, result=True))
            written = _written_params(values)
        try:
            _write_back(args, [i for i, _ in written], [t for _, t in written])
            return _rebuild(tree, flat), ctx.fallback_meta
        finally:
            fallback.release_objects()

    # -- introspection -----------------------------------------------------------------
    def entry_for(self, *args, **kwargs):
        """The traced entry for these arguments (tracing, or running once, if needed)."""
        if kwargs or len(args) != self._nparams:
            bound = self._signature.bind(*args, **kwargs)
            bound.apply_defaults()
            args = bound.args
        key, _ = self._key(args)
        if key not in self._entries:
            self._first_call(args)
            key, _ = self._key(args)
        return self._entries[key]


_from_dlpack = tf.experimental.dlpack.from_dlpack
_ZERO_COPY_MIN_BYTES = 1 << 16


def _as_input(a: np.ndarray):
    """A large array TF can read in place is shared, not copied (DLPack). TF's kernels
    require 64-byte aligned buffers (they abort otherwise), so only those qualify."""
    if (a.nbytes >= _ZERO_COPY_MIN_BYTES and a.ctypes.data % 64 == 0 and a.flags.c_contiguous
            and a.flags.writeable and a.dtype != np.bool_):
        return _from_dlpack(a.__dlpack__())
    return a


_OVERLAP = ("overlap",)


def _aliases(args, arrays):
    """Which array arguments are the same object (traced as one array); ``_OVERLAP`` if
    two different ones share memory."""
    same = []
    for n, i in enumerate(arrays):
        for j in arrays[:n]:
            if args[i] is args[j]:
                same.append((j, i))
            elif np.may_share_memory(args[i], args[j]):
                return _OVERLAP
    return ("alias", tuple(same))


def _written_params(values):
    """``(argument index, final tensor)`` of every argument array written in place."""
    out = []
    for v in values:
        if type(v) is refs.Ref and v.buffer.param is not None and v.buffer.writes:
            out.append((v.buffer.param, v.buffer.tensor))
    return out


_KEEP_ALIVE: dict = {}  # objects keyed by identity: held so that their id is not reused


def _freeze(x):
    """A hashable key for a static argument, by value (never by a reusable id)."""
    if isinstance(x, slice):
        return ("slice", _freeze(x.start), _freeze(x.stop), _freeze(x.step))
    if isinstance(x, np.ndarray):
        return ("ndarray", x.dtype.str, x.shape, x.tobytes())
    if isinstance(x, (tuple, list)):
        return (type(x), tuple(_freeze(e) for e in x))
    if isinstance(x, dict):
        return (dict, tuple(sorted((repr(k), _freeze(v)) for k, v in x.items())))
    try:
        hash(x)
        return (type(x), x)
    except TypeError:
        _KEEP_ALIVE[id(x)] = x
        return ("id", id(x))


# --- results ---------------------------------------------------------------------------

def _flatten(result):
    """Graph outputs of a trace-time result, and the tree that rebuilds NumPy values."""
    flat = []

    def walk(v):
        if is_tensor(v):
            flat.append(v)
            return ("array" if is_marked_array(v) else "value",)
        if isinstance(v, Weak):
            flat.append(v.tensor)
            return ("weak", v.kind)
        if isinstance(v, grown_list.Rows):
            flat.append(v.stacked)
            return ("rows", v.kind)
        if isinstance(v, fallback.Opaque):
            if v.handle is None:
                return ("const", v.obj)
            flat.append(v.handle)
            return ("object",)
        if isinstance(v, tuple) and not hasattr(v, "_fields"):
            return ("tuple", [walk(e) for e in v])
        if isinstance(v, tuple):
            return ("named", type(v), [walk(e) for e in v])
        if isinstance(v, list):
            return ("list", [walk(e) for e in v])
        if isinstance(v, dict):
            return ("dict", [(k, walk(e)) for k, e in v.items()])
        if isinstance(v, np.ndarray):
            return ("ndarray", v.copy())
        return ("const", v)

    return flat, walk(result)


def _rebuild(tree, outs):
    it = iter(outs)

    def build(node):
        kind = node[0]
        if kind == "value":
            arr = next(it).numpy()
            return arr[()] if arr.ndim == 0 else _writable(arr)
        if kind == "array":
            return _writable(np.asarray(next(it).numpy()))  # .numpy() of 0-d is a scalar
        if kind == "weak":
            return node[1](next(it).numpy().item())
        if kind == "object":
            return fallback._objects.get(int(next(it)))
        if kind == "tuple":
            return tuple(build(e) for e in node[1])
        if kind == "named":
            return node[1](*[build(e) for e in node[2]])
        if kind == "list":
            return [build(e) for e in node[1]]
        if kind == "rows":  # a list grown at run time: its elements
            rows = next(it).numpy()
            return [node[1](r.item()) for r in rows] if node[1] else \
                [r if r.ndim == 0 else _writable(r.copy()) for r in rows]
        if kind == "dict":
            return {k: build(e) for k, e in node[1]}
        if kind == "ndarray":
            return node[1].copy()
        return node[1]

    return build(tree)


def _writable(arr):
    return arr if arr.flags.writeable else arr.copy()


# --- errors ----------------------------------------------------------------------------



_NODE = re.compile(r"\{\{node ([^}]+)\}\}")


def _translate(e: tf.errors.OpError, graph=None) -> Exception:
    """A TF run-time error as the exception NumPy raises, at the user's line."""
    msg = e.message if hasattr(e, "message") else str(e)
    loc = _node_location(msg, graph)
    first = msg.strip().splitlines()[0] if msg.strip() else type(e).__name__
    if isinstance(e, tf.errors.ResourceExhaustedError):
        exc = MemoryError(first)
    elif isinstance(e, tf.errors.InvalidArgumentError) and re.search(
            r"out of bounds|out of range|indices\[", msg):
        exc = IndexError(first)
    elif isinstance(e, (tf.errors.InvalidArgumentError, tf.errors.OutOfRangeError)):
        exc = ValueError(first)
    elif isinstance(e, tf.errors.UnimplementedError):
        exc = NotImplementedError(first)
    else:
        exc = RuntimeError(first)
    if loc is not None:
        exc.add_note(f"  at {loc}: {loc.text}")
    return exc


def _node_location(msg, graph):
    """The user line that created the failing node (from the op's creation traceback)."""
    if graph is None:
        return None
    for name in _NODE.findall(msg):
        try:
            op = graph.get_operation_by_name(name)
        except (KeyError, ValueError):
            continue
        for frame in reversed(op.traceback):
            hit = origin.user_location(frame.filename, frame.lineno)
            if hit is not None:
                return hit
    return None


def _add_location(e: BaseException):
    loc = origin.in_traceback(e.__traceback__)
    if loc is not None and not any(str(loc) in n for n in getattr(e, "__notes__", [])):
        try:
            e.add_note(f"  at {loc}: {loc.text}")
        except AttributeError:
            pass
