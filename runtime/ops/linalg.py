"""Linear algebra: products (matmul, dot, einsum...), norms and LAPACK-style solvers.

Dtypes and argument errors come from NumPy evaluated on stand-in arrays (:func:`probe`:
the operands' dtypes and ranks, every dimension 1), so an invalid ``ord``, an axis out
of range or float16 in ``np.linalg`` raise what NumPy raises.

Products run in a type TF's kernels have and are cast back as NumPy would wrap them:
integers and bools in int64 (bool as a count, then ``!= 0``), float16 in float32 (NumPy
accumulates half precision in float too). Solvers compute in float64/complex128 as
NumPy does (``signature='dd->d'``) and cast the result to NumPy's result type.

Singular and non-positive-definite matrices are found at run time from the
factorisation itself (a zero pivot of the LU, a non-positive pivot of the Cholesky
factor). Inputs holding NaN or inf are handed to NumPy (through
``tf.numpy_function``), because what LAPACK returns for them is not something TF's
kernels reproduce.
"""
from __future__ import annotations

import collections
import functools
import math
import operator
import warnings

import numpy as np
import tensorflow as tf

from .. import arrays, checks, context, dtypes
from .. import axes as axes_mod
from ..registry import FUNCTIONS, Unsupported, lowers
from ..values import static_value

LinAlgError = np.linalg.LinAlgError


# --- the oracle -------------------------------------------------------------------

def _proto_key(x):
    return dtypes.spec(x), arrays.ndim(x)


def _proto(key):
    spec, nd = key
    if isinstance(spec, type):
        return {int: 1, float: 1.0, complex: 1 + 0j}[spec]
    return np.ones((1,) * nd, spec)


@functools.lru_cache(maxsize=2048)
def _probe_cached(fn, static_args, keys, kwargs):
    return _run_probe(fn, static_args, keys, dict(kwargs))


def _run_probe(fn, static_args, keys, kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*static_args, *[_proto(k) for k in keys], **kwargs)


def probe(fn, operands, kwargs=None, static_args=()):
    """NumPy's ``fn(*static_args, *stand_ins, **kwargs)``: its result (for the dtype) or
    its exception. A stand-in has its operand's dtype and rank, every dimension 1."""
    keys = tuple(_proto_key(x) for x in operands)
    kwargs = kwargs or {}
    items = tuple(sorted(kwargs.items()))
    try:
        hash((static_args, items))
    except TypeError:  # a list argument: evaluate without the cache
        return _run_probe(fn, static_args, keys, kwargs)
    return _probe_cached(fn, static_args, keys, items)


def _dtype_of_probe(result) -> np.dtype:
    return np.asarray(result).dtype


def _is_const(x) -> bool:
    if isinstance(x, (list, tuple)):
        return all(_is_const(e) for e in x)
    return isinstance(x, (bool, int, float, complex, np.ndarray, np.generic))


def _all_const(*xs) -> bool:
    return all(_is_const(x) for x in xs)


# --- shapes -----------------------------------------------------------------------

def _dims(t):
    """Each dimension of ``t``: a Python int when static, else a scalar int32 tensor."""
    static = t.shape.as_list()
    if all(d is not None for d in static):
        return static
    dyn = tf.unstack(tf.shape(t), num=len(static))
    return [d if d is not None else dyn[i] for i, d in enumerate(static)]


def _prod(dims):
    out = 1
    for d in dims:
        out = out * d
    return out


def _match_dims(a, a_axis, b, b_axis, exc, message):
    """Require ``a.shape[a_axis] == b.shape[b_axis]`` (NumPy's ``exc`` otherwise).

    Sizes known only at run time need no check of ours: the matmul or reshape that
    consumes them fails (InvalidArgumentError, which the calling convention raises as
    ValueError), in XLA at compile time."""
    da, db = a.shape[a_axis], b.shape[b_axis]
    if da is not None and db is not None and da != db:
        raise exc(message(da, db))
    return a, b


def _transpose(t, perm):
    perm = list(perm)
    return t if perm == list(range(len(perm))) else tf.transpose(t, perm)


def _batch_safe(a, b, message):
    """Batch dimensions (all but the last two) that broadcast, or NumPy's ValueError.

    Known sizes are checked now, others at run time: XLA's batched matmul computes
    garbage on incompatible batch dimensions rather than failing."""
    ra, rb = a.shape.rank - 2, b.shape.rank - 2
    sa, sb = a.shape.as_list()[:ra], b.shape.as_list()[:rb]
    unsure = False
    for x, y in zip(reversed(sa), reversed(sb)):
        if x is not None and y is not None:
            if x != y and 1 not in (x, y):
                raise ValueError(message)
        elif x != 1 and y != 1:
            unsure = True
    if not unsure:
        return a, b
    n = max(ra, rb)
    ones = tf.ones([n], tf.int32)
    da = tf.concat([ones[:n - ra], tf.shape(a)[:ra]], 0)
    db = tf.concat([ones[:n - rb], tf.shape(b)[:rb]], 0)
    ok = tf.logical_or(tf.equal(da, db), tf.logical_or(tf.equal(da, 1), tf.equal(db, 1)))
    checks.require(ok, ValueError, message)
    return a, b


# --- products ---------------------------------------------------------------------

def _compute(t):
    """``t`` in a dtype TF's matmul/einsum kernels have (see the module docstring)."""
    dt = dtypes.to_np(t.dtype)
    if dt == np.uint64:
        return tf.bitcast(t, tf.int64)  # same bits: sums and products wrap alike
    if dt.kind in "biu":
        return tf.cast(t, tf.int64)
    if dt == np.float16:
        return tf.cast(t, tf.float32)
    return t


def _uncompute(r, dtype):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return tf.not_equal(r, tf.zeros([], r.dtype))
    if dtype == np.uint64:
        return tf.bitcast(r, tf.uint64)
    return tf.cast(r, dtypes.to_tf(dtype)) if r.dtype != dtypes.to_tf(dtype) else r


def _multiply(a, b):
    return tf.logical_and(a, b) if a.dtype == tf.bool else tf.multiply(a, b)


def _contract(a, b, a_axes, b_axes, message):
    """Sum over ``a_axes`` of ``a`` against ``b_axes`` of ``b`` (one matmul): the result
    has ``a``'s free axes then ``b``'s, as ``np.tensordot``. Both share one dtype."""
    dtype = dtypes.to_np(a.dtype)
    for i, j in zip(a_axes, b_axes):
        a, b = _match_dims(a, i, b, j, ValueError, message)
    free_a = [i for i in range(a.shape.rank) if i not in a_axes]
    free_b = [j for j in range(b.shape.rank) if j not in b_axes]
    da, db = _dims(a), _dims(b)
    for i, j in zip(a_axes, b_axes):
        if not (isinstance(da[i], int) and isinstance(db[j], int)):
            # (the reshapes below would not notice when b's free dimensions are empty)
            checks.require(tf.equal(da[i], db[j]), ValueError, message("?", "?"))
    k = _prod(da[i] for i in a_axes)
    a2 = tf.reshape(_transpose(a, free_a + list(a_axes)), [_prod(da[i] for i in free_a), k])
    b2 = tf.reshape(_transpose(b, list(b_axes) + free_b), [k, _prod(db[j] for j in free_b)])
    r = tf.linalg.matmul(_compute(a2), _compute(b2))
    r = tf.reshape(r, [da[i] for i in free_a] + [db[j] for j in free_b])
    return _uncompute(r, dtype)


_MATMUL_SIG = "(n?,k),(k,m?)->(n?,m?)"


@lowers("matmul")
def matmul(x1, x2, /, out=None, *, casting="same_kind", order="K", dtype=None, subok=True,
           signature=None, axes=None, axis=None):
    """``np.matmul`` / ``a @ b``: ``matmul(ones((2, 3)), ones(3))`` has shape (2,)."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if signature is not None or axes is not None or axis is not None:
        raise Unsupported("matmul with signature=, axes= or axis=")
    if _all_const(x1, x2):
        return np.matmul(x1, x2, casting=casting, order=order, dtype=dtype)
    specs = (dtypes.spec(x1), dtypes.spec(x2))
    sig = None if dtype is None else (None, None, arrays.as_dtype(dtype))
    dts = np.matmul.resolve_dtypes(specs + (None,), casting=casting, **(
        {} if sig is None else {"signature": sig}))
    a, b = dtypes.cast(x1, dts[0]), dtypes.cast(x2, dts[1])
    nda, ndb = a.shape.rank, b.shape.rank
    if nda == 0 or ndb == 0:
        raise ValueError(f"matmul: Input operand {0 if nda == 0 else 1} does not have enough "
                         f"dimensions (has 0, gufunc core with signature {_MATMUL_SIG} "
                         f"requires 1)")
    a2 = a[tf.newaxis, :] if nda == 1 else a
    b2 = b[:, tf.newaxis] if ndb == 1 else b
    a2, b2 = _match_dims(a2, -1, b2, -2, ValueError, lambda n, m: (
        f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
        f"signature {_MATMUL_SIG} (size {m} is different from {n})"))
    a2, b2 = _batch_safe(a2, b2, "operands could not be broadcast together (matmul batch "
                         "dimensions)")
    r = _uncompute(tf.linalg.matmul(_compute(a2), _compute(b2)), dts[0])
    squeeze = ([-2] if nda == 1 else []) + ([-1] if ndb == 1 else [])
    if squeeze:
        r = tf.squeeze(r, squeeze)
    return dtypes.convert(r, dts[2])


def _not_aligned(sa, sb, ia, ib):
    return lambda n, m: f"shapes {sa} and {sb} not aligned: {n} (dim {ia}) != {m} (dim {ib})"


def _static_shape_str(t):
    return "(" + ",".join("?" if d is None else str(d) for d in t.shape.as_list()) + \
        ("," if t.shape.rank == 1 else "") + ")"


@lowers("dot", method="dot")
def dot(a, b, out=None):
    """``np.dot``: scalars multiply; otherwise the last axis of ``a`` against the
    second-to-last of ``b`` (the only one if ``b`` is 1-d)."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if _all_const(a, b):
        return np.dot(a, b)
    dt = _dtype_of_probe(probe(np.dot, (a, b)))
    ta, tb = dtypes.cast(a, dt, check_weak=False), dtypes.cast(b, dt, check_weak=False)
    nda, ndb = ta.shape.rank, tb.shape.rank
    if nda == 0 or ndb == 0:
        return _multiply(ta, tb)
    ib = max(ndb - 2, 0)
    return _contract(ta, tb, [nda - 1], [ib], _not_aligned(
        _static_shape_str(ta), _static_shape_str(tb), nda - 1, ib))


@lowers("inner")
def inner(a, b):
    """``np.inner``: the last axes of ``a`` and ``b`` summed against each other."""
    if _all_const(a, b):
        return np.inner(a, b)
    dt = _dtype_of_probe(probe(np.inner, (a, b)))
    ta, tb = dtypes.cast(a, dt, check_weak=False), dtypes.cast(b, dt, check_weak=False)
    nda, ndb = ta.shape.rank, tb.shape.rank
    if nda == 0 or ndb == 0:
        return _multiply(ta, tb)
    return _contract(ta, tb, [nda - 1], [ndb - 1], _not_aligned(
        _static_shape_str(ta), _static_shape_str(tb), nda - 1, ndb - 1))


@lowers("vdot")
def vdot(a, b):
    """``np.vdot``: both flattened, the first conjugated; always a scalar."""
    if _all_const(a, b):
        return np.vdot(a, b)
    dt = _dtype_of_probe(probe(np.vdot, (a, b)))
    ta = tf.reshape(dtypes.cast(a, dt, check_weak=False), [-1])
    tb = tf.reshape(dtypes.cast(b, dt, check_weak=False), [-1])
    if ta.dtype.is_complex:
        ta = tf.math.conj(ta)
    return _contract(ta, tb, [0], [0], lambda n, m: "vectors have different lengths")


@lowers("outer")
def outer(a, b, out=None):
    """``np.outer``: ``a.ravel()[:, None] * b.ravel()[None, :]``."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if _all_const(a, b):
        return np.outer(a, b)
    ta = tf.reshape(arrays.asarray(a), [-1, 1])
    tb = tf.reshape(arrays.asarray(b), [1, -1])
    return FUNCTIONS["multiply"](ta, tb)


@lowers("kron")
def kron(a, b):
    """``np.kron``: the block matrix ``a[i, j] * b``, for any number of dimensions."""
    if _all_const(a, b):
        return np.kron(a, b)
    ta, tb = arrays.asarray(a), arrays.asarray(b)
    nda, ndb = ta.shape.rank, tb.shape.rank
    if nda == 0 or ndb == 0:
        return FUNCTIONS["multiply"](ta, tb)
    nd = max(nda, ndb)
    ta = tf.reshape(ta, [1] * (nd - nda) + _dims(ta))
    tb = tf.reshape(tb, [1] * (nd - ndb) + _dims(tb))
    sa, sb = _dims(ta), _dims(tb)
    # interleave: a's axes at even positions, b's at odd ones
    a_arr = tf.reshape(ta, [d for s in sa for d in (s, 1)])
    b_arr = tf.reshape(tb, [d for s in sb for d in (1, s)])
    r = FUNCTIONS["multiply"](a_arr, b_arr)
    return tf.reshape(r, [x * y for x, y in zip(sa, sb)])


@lowers("tensordot")
def tensordot(a, b, axes=2):
    """``np.tensordot``: ``axes=N`` sums the last N axes of ``a`` against the first N of
    ``b``; ``axes=(a_axes, b_axes)`` names them. The result is always an array."""
    axes = static_value(axes, "axes")
    if _all_const(a, b):
        return np.tensordot(a, b, axes)
    ta, tb = arrays.asarray(a), arrays.asarray(b)
    dt = _dtype_of_probe(probe(np.tensordot, (ta, tb), {"axes": axes}))
    try:
        iter(axes)
    except TypeError:
        axes_a, axes_b = list(range(-axes, 0)), list(range(axes))
    else:
        axes_a, axes_b = axes
    axes_a = list(axes_a) if _iterable(axes_a) else [axes_a]
    axes_b = list(axes_b) if _iterable(axes_b) else [axes_b]
    nda, ndb = ta.shape.rank, tb.shape.rank
    axes_a = [operator.index(i) % nda for i in axes_a]
    axes_b = [operator.index(j) % ndb for j in axes_b]
    ta, tb = dtypes.convert(ta, dt), dtypes.convert(tb, dt)
    r = _contract(ta, tb, axes_a, axes_b, lambda n, m: "shape-mismatch for sum")
    return arrays.mark_array(r)


def _iterable(x):
    try:
        iter(x)
    except TypeError:
        return False
    return True


# --- einsum -----------------------------------------------------------------------

def _einsum_terms(subscripts, ndims):
    """Per operand, the label of each axis (``None`` under ``...``, which TF broadcasts
    itself), and the explicit equation for ``tf.einsum``."""
    s = subscripts.replace(" ", "")
    explicit = "->" in s
    ins, out = s.split("->") if explicit else (s, None)
    terms = ins.split(",")
    labels = []
    for term, nd in zip(terms, ndims):
        if "..." in term:
            left, right = term.split("...")
            labels.append(list(left) + [None] * (nd - len(left) - len(right)) + list(right))
        else:
            labels.append(list(term))
    if not explicit:
        counts = collections.Counter(c for term in terms for c in term if c != ".")
        out = ("..." if any("..." in t for t in terms) else "") + \
            "".join(sorted(c for c, n in counts.items() if n == 1))
    return labels, ",".join(terms) + "->" + out


def _same_within_operand(tensors, occ):
    """A label repeated in one operand (a diagonal) needs equal sizes: no broadcasting."""
    by_operand = collections.defaultdict(list)
    for k, ax in occ:
        by_operand[k].append(ax)
    for k, axs in by_operand.items():
        if len(axs) < 2:
            continue
        dims = [tensors[k].shape[ax] for ax in axs]
        message = "dimensions in operand for collapsing index don't match"
        if all(d is not None for d in dims):
            if len(set(dims)) > 1:
                raise ValueError(f"{message} ({' != '.join(map(str, dims))})")
        else:
            dyn = [tf.shape(tensors[k])[ax] for ax in axs]
            checks.require(tf.reduce_all([tf.equal(d, dyn[0]) for d in dyn]), ValueError,
                           message)


def _einsum_broadcast(tensors, labels):
    """NumPy's einsum broadcasts an axis of size 1 against the same label's size in the
    other operands; TF's does not (and XLA's sums mismatched sizes silently). So each
    operand is broadcast to the label sizes, after a check (NumPy's ValueError)."""
    where = collections.defaultdict(list)
    for k, labs in enumerate(labels):
        for ax, lab in enumerate(labs):
            if lab is not None:
                where[lab].append((k, ax))
    shared = {}
    for lab, occ in where.items():
        _same_within_operand(tensors, occ)
        if len({k for k, _ in occ}) > 1:
            shared[lab] = occ
    if not shared:
        return tensors
    static = {lab: [tensors[k].shape[ax] for k, ax in occ] for lab, occ in shared.items()}
    if all(None not in dims for dims in static.values()):
        size = {}
        for lab, dims in static.items():
            distinct = set(dims) - {1}
            if len(distinct) > 1:
                raise ValueError(f"operands could not be broadcast together (einsum sizes "
                                 f"{sorted(set(dims))} for one label)")
            size[lab] = distinct.pop() if distinct else 1
        out = []
        for t, labs in zip(tensors, labels):
            dims = t.shape.as_list()
            target = [size.get(lab, d) for lab, d in zip(labs, dims)]
            out.append(t if target == dims else tf.broadcast_to(t, target))
        return out
    # Run time: every axis gets a segment (shared labels share one); a segment's size is
    # its largest dimension (0 if any is 0, as 1 broadcasts to 0).
    seg, ids = [], {}
    for labs in labels:
        for lab in labs:
            key = lab if lab in shared else ("axis", len(seg))
            seg.append(ids.setdefault(key, len(ids)))
    dims = tf.concat([tf.shape(t) for t in tensors], 0)
    big = tf.math.unsorted_segment_max(dims, seg, len(ids))
    small = tf.math.unsorted_segment_min(dims, seg, len(ids))
    target = tf.gather(tf.where(tf.equal(small, 0), small, big), seg)
    checks.require(tf.logical_or(tf.equal(dims, target), tf.equal(dims, 1)), ValueError,
                   "operands could not be broadcast together (einsum)")
    out, start = [], 0
    for t, labs in zip(tensors, labels):
        n = len(labs)
        if any(lab in shared for lab in labs):
            t = tf.broadcast_to(t, target[start:start + n])
        out.append(t)
        start += n
    return out


@lowers("einsum")
def einsum(*operands, out=None, optimize=False, dtype=None, order="K", casting="safe"):
    """``np.einsum`` with a subscripts string known while tracing."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if not operands or not isinstance(operands[0], str):
        raise Unsupported("einsum with interleaved operand/sublist arguments")
    subscripts, ops = operands[0], operands[1:]
    kwargs = {"casting": casting, "order": order}
    if dtype is not None:
        kwargs["dtype"] = arrays.as_dtype(dtype)
    if _all_const(*ops):
        return np.einsum(subscripts, *ops, optimize=optimize, **kwargs)
    dt = _dtype_of_probe(probe(np.einsum, ops, kwargs, static_args=(subscripts,)))
    tensors = [dtypes.cast(x, dt, check_weak=False) for x in ops]
    labels, equation = _einsum_terms(subscripts, [t.shape.rank for t in tensors])
    tensors = _einsum_broadcast(tensors, labels)
    r = tf.einsum(equation, *[_compute(t) for t in tensors])
    return _uncompute(r, dt)


# --- norms ------------------------------------------------------------------------

def _sum(t, axis, keepdims=False):
    if t.dtype == tf.float16:  # NumPy adds half precision in float
        return tf.cast(tf.reduce_sum(tf.cast(t, tf.float32), axis, keepdims), tf.float16)
    return tf.reduce_sum(t, axis, keepdims)


def _require_nonempty(t, axis, op):
    n = t.shape[axis]
    message = f"zero-size array to reduction operation {op} which has no identity"
    if n is not None:
        if n == 0:
            raise ValueError(message)
        return
    checks.require(tf.not_equal(tf.shape(t)[axis], 0), ValueError, message)


def _extreme(t, axis, keepdims, largest, initial=None):
    """max/min along ``axis`` with NaN propagating, as NumPy's."""
    if initial is None:
        _require_nonempty(t, axis, "maximum" if largest else "minimum")
    r = (tf.reduce_max if largest else tf.reduce_min)(t, axis, keepdims)
    nan = tf.reduce_any(tf.math.is_nan(t), axis, keepdims)
    r = tf.where(nan, tf.constant(np.nan, t.dtype), r)
    if initial is not None:  # max(initial=0): an empty axis gives 0
        zero = tf.constant(initial, t.dtype)
        r = tf.where(r < zero, zero, r)
    return r


def _abs2(t):
    """``(x.conj() * x).real``"""
    if t.dtype.is_complex:
        re, im = tf.math.real(t), tf.math.imag(t)
        return re * re + im * im
    return t * t


def _singular_values(x, row, col, real_dtype):
    nd = x.shape.rank
    perm = [i for i in range(nd) if i not in (row, col)] + [row, col]
    y = _transpose(x, perm)
    wide = tf.complex128 if y.dtype.is_complex else tf.float64  # NumPy's 'd->d' loop
    y = tf.cast(y, wide)
    # XLA's SVD takes seconds to compile (for each shape); TF's kernel is LAPACK-fast.
    context.current().xla_ok = False
    checks.require(tf.logical_not(tf.reduce_any(_isnan(y))), LinAlgError,
                   "SVD did not converge")
    finite = _isfinite(y)
    s = tf.linalg.svd(tf.where(finite, y, tf.zeros([], wide)), compute_uv=False)
    # LAPACK gives NaN singular values for a matrix holding inf
    bad = tf.logical_not(tf.reduce_all(finite, axis=[-2, -1]))
    s = tf.where(bad[..., tf.newaxis], tf.constant(np.nan, s.dtype), s)
    return tf.cast(s, dtypes.to_tf(real_dtype))


def _isnan(t):
    if t.dtype.is_complex:
        return tf.logical_or(tf.math.is_nan(tf.math.real(t)), tf.math.is_nan(tf.math.imag(t)))
    return tf.math.is_nan(t)


def _isfinite(t):
    if t.dtype.is_complex:
        return tf.logical_and(tf.math.is_finite(tf.math.real(t)),
                              tf.math.is_finite(tf.math.imag(t)))
    if not t.dtype.is_floating:
        return tf.ones(tf.shape(t), tf.bool)
    return tf.math.is_finite(t)


@lowers("linalg.norm")
def norm(x, ord=None, axis=None, keepdims=False):
    """``np.linalg.norm``: vector norms over one axis, matrix norms over two."""
    ord = static_value(ord, "ord")
    axis = static_value(axis, "axis")
    keepdims = static_value(keepdims, "keepdims")
    if _all_const(x):
        return np.linalg.norm(x, ord, axis, keepdims)
    kwargs = {"ord": ord, "axis": axis, "keepdims": keepdims}
    out_dt = _dtype_of_probe(probe(np.linalg.norm, (x,), kwargs))  # raises NumPy's errors
    t = arrays.asarray(x)
    if dtypes.to_np(t.dtype).kind not in "fc":
        t = dtypes.convert(t, np.float64)
    nd = t.shape.rank
    if axis is None and (ord is None or (ord in ("f", "fro") and nd == 2)
                         or (ord == 2 and nd == 1)):
        s = _abs2(tf.cast(t, tf.float32) if t.dtype == tf.float16 else t)  # x.dot(x)
        r = tf.sqrt(dtypes.convert(tf.reduce_sum(s), out_dt))
        return tf.reshape(r, [1] * nd) if keepdims else r
    if axis is None:
        axis = tuple(range(nd))
    elif not isinstance(axis, tuple):
        axis = (int(axis),)
    if len(axis) == 1:
        r = _vector_norm(t, ord, axes_mod.normalize_axis(axis[0], nd), keepdims)
    else:
        r = _matrix_norm(t, ord, axes_mod.normalize_axis(axis[0], nd),
                         axes_mod.normalize_axis(axis[1], nd), keepdims, out_dt)
    return dtypes.convert(r, out_dt)


def _vector_norm(x, ord, ax, keepdims):
    if ord == math.inf:
        return _extreme(tf.abs(x), ax, keepdims, True, initial=0)
    if ord == -math.inf:
        return _extreme(tf.abs(x), ax, keepdims, False)
    if ord == 0:
        real = tf.math.real(x).dtype if x.dtype.is_complex else x.dtype
        return _sum(tf.cast(tf.not_equal(x, tf.zeros([], x.dtype)), real), ax, keepdims)
    if ord == 1:
        return _sum(tf.abs(x), ax, keepdims)
    if ord is None or ord == 2:
        return tf.sqrt(_sum(_abs2(x), ax, keepdims))
    absx = tf.abs(x)
    np_real = dtypes.to_np(absx.dtype)
    ret = _sum(tf.pow(absx, tf.constant(ord, absx.dtype)), ax, keepdims)
    return tf.pow(ret, tf.constant(np.reciprocal(ord, dtype=np_real), absx.dtype))


def _matrix_norm(x, ord, row, col, keepdims, out_dt):
    real = dtypes.to_np(tf.abs(tf.zeros([], x.dtype)).dtype)
    if ord == 2:
        r = _extreme(_singular_values(x, row, col, real), -1, False, True, initial=0)
    elif ord == -2:
        r = _extreme(_singular_values(x, row, col, real), -1, False, False)
    elif ord == "nuc":
        r = _sum(_singular_values(x, row, col, real), -1)
    elif ord in (1, -1):
        c = col - 1 if col > row else col
        r = _extreme(_sum(tf.abs(x), row), c, False, ord == 1, initial=0 if ord == 1 else None)
    elif ord in (math.inf, -math.inf):
        rr = row - 1 if row > col else row
        r = _extreme(_sum(tf.abs(x), col), rr, False, ord > 0, initial=0 if ord > 0 else None)
    else:  # None, 'fro', 'f' (others were rejected by the oracle)
        r = tf.sqrt(_sum(_abs2(x), [row, col]))
    if keepdims:
        lo, hi = sorted((row, col))
        r = tf.expand_dims(tf.expand_dims(r, lo), hi)
    return r


# --- solvers ----------------------------------------------------------------------

def _stacked_square(t):
    nd = t.shape.rank
    if nd < 2:
        raise LinAlgError(f"{nd}-dimensional array given. Array must be at least "
                          f"two-dimensional")
    message = "Last 2 dimensions of the array must be square"
    m, n = t.shape[-2], t.shape[-1]
    if m is not None and n is not None:
        if m != n:
            raise LinAlgError(message)
        return t
    dm, dn = tf.shape(t)[-2], tf.shape(t)[-1]
    checks.require(tf.equal(dm, dn), LinAlgError, message)
    k = tf.minimum(dm, dn)
    return t[..., :k, :k]


def _wide(t, result_dtype):
    """The operand in NumPy's LAPACK type: float64, or complex128 for complex results."""
    wide = tf.complex128 if np.dtype(result_dtype).kind == "c" else tf.float64
    if t.dtype.is_complex and wide == tf.float64:
        t = tf.math.real(t)
    return tf.cast(t, wide)


def _guarded(inputs, fast, np_fn, singular_message=None):
    """``fast(*inputs)`` -> (results, failed), on TF's kernels; inputs with NaN or inf
    go to ``np_fn`` (NumPy) instead. ``failed`` raises LinAlgError(singular_message)."""
    finite = tf.reduce_all([tf.reduce_all(_isfinite(t)) for t in inputs])
    static = tf.get_static_value(finite)
    if static is None and tf.executing_eagerly():
        static = bool(finite)
    if static is not None:
        results, failed = fast(*inputs) if static else _numpy_call(np_fn, inputs)
    else:
        context.current().xla_ok = False
        shapes = []

        def fast_branch():
            res, bad = fast(*inputs)
            shapes.extend(r.shape for r in res)
            return tuple(res) + (bad,)

        def numpy_branch():
            res, bad = _numpy_call(np_fn, inputs)
            for r, s in zip(res, shapes):
                r.set_shape(s)
            return tuple(res) + (bad,)

        out = tf.cond(finite, fast_branch, numpy_branch)
        results, failed = list(out[:-1]), out[-1]
    if singular_message is not None:
        checks.require(tf.logical_not(failed), LinAlgError, singular_message)
    return results


def _numpy_call(np_fn, inputs):
    """``np_fn`` run by NumPy on the tensors; a LinAlgError becomes ``failed``."""
    n_out = len(np_fn.out_dtypes)

    def run(*arrays_):
        failed = False
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                out = np_fn(*arrays_)
            except LinAlgError:
                failed = True  # an answer of the right shape, never returned to the user
                a = arrays_[0]
                out = np_fn(np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape),
                            *arrays_[1:])
        out = out if isinstance(out, tuple) else (out,)
        return tuple(np.asarray(o, d) for o, d in zip(out, np_fn.out_dtypes)) + (
            np.bool_(failed),)

    tout = [dtypes.to_tf(d) for d in np_fn.out_dtypes] + [tf.bool]
    res = tf.numpy_function(run, list(inputs), tout, stateful=False)
    return list(res[:n_out]), res[n_out]


def _numpy_fn(fn, *out_dtypes):
    fn = functools.partial(fn)
    fn.out_dtypes = [np.dtype(d) for d in out_dtypes]
    return fn


def _lapack_dtype(fn, operands, kwargs=None):
    """NumPy's result dtype for ``np.linalg.fn`` (raises its TypeError for float16)."""
    return _dtype_of_probe(probe(fn, operands, kwargs))


def _singular(a):
    sign, _ = tf.linalg.slogdet(a)  # Eigen's partial-pivot LU: sign 0 = a zero pivot
    return tf.equal(sign, tf.zeros([], sign.dtype))


def _identity_where(mask, a):
    eye = tf.eye(tf.shape(a)[-1], dtype=a.dtype)
    return tf.where(mask[..., tf.newaxis, tf.newaxis], eye, a)


@lowers("linalg.inv")
def inv(a):
    """``np.linalg.inv``; a singular matrix raises LinAlgError('Singular matrix')."""
    if _all_const(a):
        return np.linalg.inv(a)
    dt = _lapack_dtype(np.linalg.inv, (a,))
    t = _wide(_stacked_square(arrays.asarray(a)), dt)
    context.current().xla_ok = False  # TF has no XLA kernel for a pivoted LU

    def fast(x):
        singular = _singular(x)
        return [tf.linalg.inv(_identity_where(singular, x))], tf.reduce_any(singular)

    (r,) = _guarded([t], fast, _numpy_fn(np.linalg.inv, dtypes.to_np(t.dtype)),
                    "Singular matrix")
    return dtypes.convert(r, dt)


@lowers("linalg.solve")
def solve(a, b):
    """``np.linalg.solve``. As NumPy 2: ``b`` is one vector only when it is 1-d,
    otherwise a stack of matrices ``(..., M, K)``."""
    if _all_const(a, b):
        return np.linalg.solve(a, b)
    ta = _stacked_square(arrays.asarray(a))
    tb = arrays.asarray(b)
    dt = _lapack_dtype(np.linalg.solve, (ta, tb))
    ta, tb = _wide(ta, dt), _wide(tb, dt)
    vector = tb.shape.rank == 1
    gufunc = "solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc " \
        "signature (m,m),(m)->(m)" if vector else "solve: Input operand 1 has a mismatch " \
        "in its core dimension 0, with gufunc signature (m,m),(m,n)->(m,n)"
    if tb.shape.rank == 0:
        raise ValueError("solve1: Input operand 1 does not have enough dimensions (has 0, "
                         "gufunc core with signature (m,m),(m)->(m) requires 1)")
    ta, tb = _match_dims(ta, -1, tb, 0 if vector else -2, ValueError,
                         lambda n, m: f"{gufunc} (size {m} is different from {n})")
    if not vector:
        ta, tb = _batch_safe(ta, tb, "solve: operands could not be broadcast together")
    context.current().xla_ok = False

    def fast(x, y):
        singular = _singular(x)
        safe = _identity_where(singular, x)
        rhs = y[:, tf.newaxis] if vector else y
        sa, sr = safe.shape.as_list()[:-2], rhs.shape.as_list()[:-2]
        if sa != sr or None in sa:
            batch = tf.broadcast_dynamic_shape(tf.shape(safe)[:-2], tf.shape(rhs)[:-2])
            safe = tf.broadcast_to(safe, tf.concat([batch, tf.shape(safe)[-2:]], 0))
            rhs = tf.broadcast_to(rhs, tf.concat([batch, tf.shape(rhs)[-2:]], 0))
        r = tf.linalg.solve(safe, rhs)
        return [r[..., 0] if vector else r], tf.reduce_any(singular)

    (r,) = _guarded([ta, tb], fast, _numpy_fn(np.linalg.solve, dtypes.to_np(ta.dtype)),
                    "Singular matrix")
    return dtypes.convert(r, dt)


@lowers("linalg.det")
def det(a):
    """``np.linalg.det``, as NumPy computes it: ``sign * exp(logabsdet)`` of the LU."""
    if _all_const(a):
        return np.linalg.det(a)
    dt = _lapack_dtype(np.linalg.det, (a,))
    t = _wide(_stacked_square(arrays.asarray(a)), dt)
    context.current().xla_ok = False

    def fast(x):
        sign, logdet = tf.linalg.slogdet(x)
        return [sign * tf.cast(tf.exp(logdet), sign.dtype)], tf.constant(False)

    (r,) = _guarded([t], fast, _numpy_fn(np.linalg.det, dtypes.to_np(t.dtype)))
    return dtypes.convert(r, dt)


@lowers("linalg.slogdet")
def slogdet(a):
    """``np.linalg.slogdet``: ``SlogdetResult(sign, logabsdet)``."""
    if _all_const(a):
        return np.linalg.slogdet(a)
    res = probe(np.linalg.slogdet, (a,))
    sign_dt, log_dt = res[0].dtype, res[1].dtype
    t = _wide(_stacked_square(arrays.asarray(a)), sign_dt)
    context.current().xla_ok = False

    def fast(x):
        sign, logdet = tf.linalg.slogdet(x)
        return [sign, tf.math.real(logdet)], tf.constant(False)  # complex for complex x

    sign, logdet = _guarded([t], fast, _numpy_fn(np.linalg.slogdet, dtypes.to_np(t.dtype),
                                                 np.float64))
    return type(res)(dtypes.convert(sign, sign_dt), dtypes.convert(logdet, log_dt))


@lowers("linalg.cholesky")
def cholesky(a, /, *, upper=False):
    """``np.linalg.cholesky``: lower factor ``L`` with ``a = L @ L.conj().T`` (read from
    a's lower triangle), or with ``upper=True`` the upper factor (from the upper one)."""
    upper = bool(static_value(upper, "upper"))
    if _all_const(a):
        return np.linalg.cholesky(a, upper=upper)
    dt = _lapack_dtype(np.linalg.cholesky, (a,), {"upper": upper})
    t = _wide(_stacked_square(arrays.asarray(a)), dt)

    def fast(x):
        low = tf.linalg.cholesky(tf.linalg.adjoint(x) if upper else x)
        low = tf.linalg.band_part(low, -1, 0)
        # LAPACK's potrf fails on a pivot <= 0; then TF's factor has NaN or 0 there
        diag = tf.math.real(tf.linalg.diag_part(low))
        # (spelled without logical_not(diag > 0), which grappler rewrites to diag <= 0)
        failed = tf.reduce_any(tf.logical_or(tf.math.is_nan(diag), diag <= 0))
        return [tf.linalg.adjoint(low) if upper else low], failed

    np_fn = _numpy_fn(functools.partial(np.linalg.cholesky, upper=upper), dtypes.to_np(t.dtype))
    (r,) = _guarded([t], fast, np_fn, "Matrix is not positive definite")
    return dtypes.convert(r, dt)


@lowers("linalg.matrix_power")
def matrix_power(a, n):
    """``np.linalg.matrix_power`` by repeated squaring in NumPy's order of products."""
    n = static_value(n, "n")
    try:
        n = operator.index(n)
    except TypeError as e:
        raise TypeError("exponent must be an integer") from e
    if _all_const(a):
        return np.linalg.matrix_power(a, n)
    t = _stacked_square(arrays.asarray(a))
    if n == 0:
        eye = tf.eye(tf.shape(t)[-1], dtype=tf.int8)
        return tf.broadcast_to(dtypes.convert(eye, dtypes.to_np(t.dtype)), tf.shape(t))
    if n < 0:
        t = inv(t)
        n = -n
    if n == 1:
        return t
    if n == 2:
        return matmul(t, t)
    if n == 3:
        return matmul(matmul(t, t), t)
    z = result = None
    while n > 0:
        z = t if z is None else matmul(z, z)
        n, bit = divmod(n, 2)
        if bit:
            result = z if result is None else matmul(result, z)
    return result

