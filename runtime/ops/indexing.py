"""Indexing: ``a[idx]`` with NumPy's rules, and the functions around index arrays.

``getitem`` parses an index once into entries (:class:`_Int`, :class:`_Slice`,
:class:`_NewAxis`, :class:`_Ellipsis`, :class:`_IntArray`, :class:`_Mask`), then
lowers it with at most one ``tf.strided_slice`` (slices, integers, new axes) and one
``tf.gather``: all advanced indices are folded into a single linear index over their
axes, merged into one by a free reshape.

Bounds are checked at trace time when both the index and the dimension are static,
otherwise by a deferred run-time check (``checks.require``). Indices are then clamped
(and empty axes padded to length 1) so that the graph itself never fails on a bad
index: the caller gets NumPy's IndexError instead of a TensorFlow error.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import tensorflow as tf

from .. import arrays, axes, checks, context, dtypes
from ..registry import Unsupported, lowers
from ..values import Weak, is_tensor

_INVALID = ("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
            "integer or boolean arrays are valid indices")
_NOT_INT_ARRAY = "arrays used as indices must be of integer (or boolean) type"
_BAD_SLICE = "slice indices must be integers or None or have an __index__ method"
_BIG = 2 ** 62  # larger than any dimension: static slice bounds are clipped to it
_I64 = tf.int64


# --- the parsed index -------------------------------------------------------------

@dataclasses.dataclass
class _Int:
    """An integer index: a Python int or an int64 0-d tensor."""
    value: object


@dataclasses.dataclass
class _Slice:
    start: object  # None, int or int64 0-d tensor
    stop: object
    step: object


@dataclasses.dataclass
class _NewAxis:
    pass


@dataclasses.dataclass
class _Ellipsis:
    n: int = 0            # axes it stands for
    explicit: bool = True  # False: the implicit ``...`` after the last index


@dataclasses.dataclass
class _IntArray:
    """An integer index array (ndim >= 1): np.ndarray of int64 or int64 tensor."""
    value: object


@dataclasses.dataclass
class _Mask:
    """A boolean index (any ndim, 0-d included): np.ndarray or bool tensor."""
    value: object

    @property
    def ndim(self) -> int:
        return self.value.ndim if isinstance(self.value, np.ndarray) else self.value.shape.rank


_ADVANCED = (_IntArray, _Mask)


def _consumes(e) -> int:
    if isinstance(e, (_Int, _Slice, _IntArray)):
        return 1
    if isinstance(e, _Mask):
        return e.ndim
    return 0


def _static(t):
    """The value of a tensor known at trace time (eager tensors, constants), or None."""
    if isinstance(t, tf.Variable):
        return None
    try:
        return tf.get_static_value(t)
    except (TypeError, ValueError):
        return None


def _from_array(v):
    """An np.ndarray or tensor used as an index."""
    dt = dtypes.to_np(v.dtype) if is_tensor(v) else v.dtype
    if dt == np.bool_:
        return _Mask(v)
    if dt.kind not in "iu":
        raise IndexError(_NOT_INT_ARRAY)
    if isinstance(v, np.ndarray):
        return _Int(int(v)) if v.ndim == 0 else _IntArray(v.astype(np.int64))
    v = tf.cast(v, _I64)  # uint64 wraps, as NumPy's cast to intp
    return _Int(v) if v.shape.rank == 0 else _IntArray(v)


def _from_sequence(seq):
    """A list (or a tuple inside the index tuple): an index array."""
    leaves = list(dtypes.leaves(seq))
    if any(is_tensor(e) or isinstance(e, Weak) for e in leaves):
        if not all(is_tensor(e) or isinstance(e, (Weak, bool, int, np.integer, np.bool_,
                                                    np.ndarray)) for e in leaves):
            raise IndexError(_INVALID)
        t = arrays.asarray(seq)
        if t.dtype != tf.bool and not t.dtype.is_integer:
            raise IndexError(_INVALID)
        return _from_array(t)
    try:
        arr = np.asarray(seq)
    except (ValueError, TypeError):
        raise IndexError(_INVALID) from None
    if arr.size == 0:
        arr = arr.astype(np.intp)  # an empty list indexes nothing (NumPy makes it intp)
    if arr.dtype != np.bool_ and arr.dtype.kind not in "iu":
        raise IndexError(_INVALID)
    return _from_array(arr)


def _entry(e):
    if e is None:
        return _NewAxis()
    if e is Ellipsis:
        return _Ellipsis()
    if isinstance(e, slice):
        return _Slice(_slice_part(e.start), _slice_part(e.stop), _slice_part(e.step))
    if isinstance(e, (bool, np.bool_)):
        return _Mask(np.asarray(e))
    if isinstance(e, (int, np.integer)):
        return _Int(int(e))
    if isinstance(e, Weak):
        if e.kind is int:
            return _Int(e.tensor)
        if e.kind is bool:
            return _Mask(e.tensor)
        raise IndexError(_INVALID)
    if isinstance(e, np.ndarray):
        return _from_array(e)
    if is_tensor(e):
        v = _static(e)
        return _from_array(v if v is not None else e)
    if isinstance(e, (list, tuple)):
        return _from_sequence(e)
    raise IndexError(_INVALID)


def _slice_part(v):
    if v is None:
        return None
    if isinstance(v, (bool, int, np.integer, np.bool_)):
        return max(-_BIG, min(_BIG, int(v)))
    if isinstance(v, Weak) and v.kind in (int, bool):
        return tf.cast(v.tensor, _I64)
    if isinstance(v, np.ndarray) and v.ndim == 0 and v.dtype.kind in "iub":
        return _slice_part(v.item())
    if is_tensor(v) and v.shape.rank == 0 and (v.dtype.is_integer or v.dtype == tf.bool):
        s = _static(v)
        return _slice_part(s.item()) if s is not None else tf.cast(v, _I64)
    raise TypeError(_BAD_SLICE)


def _parse(index, ndim: int) -> list:
    items = index if isinstance(index, tuple) else (index,)
    entries = [_entry(e) for e in items]
    n_ell = sum(isinstance(e, _Ellipsis) for e in entries)
    if n_ell > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = sum(_consumes(e) for e in entries)
    if used > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, but "
                         f"{used} were indexed")
    if n_ell:
        next(e for e in entries if isinstance(e, _Ellipsis)).n = ndim - used
    else:
        entries.append(_Ellipsis(ndim - used, explicit=False))
    return entries


def _is_static_index(index) -> bool:
    if isinstance(index, (tuple, list)):
        return all(_is_static_index(e) for e in index)
    if isinstance(index, slice):
        return all(_is_static_index(e) for e in (index.start, index.stop, index.step))
    return not (is_tensor(index) or isinstance(index, Weak))


# --- shapes and safe indices ------------------------------------------------------

def _dims(t) -> list:
    """Each dimension as a Python int when static, else an int64 0-d tensor."""
    static = t.shape.as_list()
    if all(d is not None for d in static):
        return static
    dyn = tf.shape(t, out_type=_I64)
    return [d if d is not None else dyn[i] for i, d in enumerate(static)]


def _as_shape(dims):
    if all(isinstance(d, int) for d in dims):
        return dims
    return tf.stack([tf.constant(d, _I64) if isinstance(d, int) else d for d in dims])


def _i64(v):
    return v if is_tensor(v) else tf.constant(v, _I64)


def _prod(dims):
    out = 1
    for d in dims:
        out = out * d
    return out


def nonempty(t, axis: int):
    """``t`` with an empty ``axis`` padded to length 1: only an erroneous index reads it,
    and the graph must not fail before the deferred IndexError is raised."""
    n = t.shape[axis]
    if n is not None and n > 0:
        return t
    pad = tf.cast(tf.equal(tf.shape(t, out_type=_I64)[axis], 0), _I64)
    rank = t.shape.rank
    paddings = tf.concat([tf.zeros([axis, 2], _I64), tf.stack([tf.zeros([], _I64), pad])[None],
                          tf.zeros([rank - axis - 1, 2], _I64)], axis=0)
    return tf.pad(t, paddings)


def element_position(x, index):
    """The in-range coordinates (an int64 vector) of the single element ``x[index]`` names
    when ``index`` is one integer per axis, with NumPy's IndexError for one out of
    bounds, and whether the array can have that element (False: an empty axis; known
    only at run time, a bool tensor). None for any other index."""
    rank = x.shape.rank
    if rank is None or rank == 0:
        return None
    items = index if isinstance(index, tuple) else (index,)
    if len(items) != rank or not all(
            isinstance(e, (int, np.integer)) and not isinstance(e, bool) or
            isinstance(e, Weak) and e.kind is int for e in items):
        return None
    coords, exists = [], True
    for ax, e in enumerate(_entry(i) for i in items):
        n = x.shape[ax]
        if n == 0:
            raise IndexError(_oob_message(e.value if isinstance(e.value, int) else None, ax, 0))
        if n is None:
            n = tf.shape(x, out_type=_I64)[ax]
            exists = tf.logical_and(exists, n > 0)
        j = _checked(e.value, n, ax)
        coords.append(int(j) if isinstance(j, np.ndarray) else j)
    return _vector(coords), exists


def _oob_message(index, axis, n):
    size = f" with size {n}" if isinstance(n, int) else ""
    shown = f"index {index}" if isinstance(index, int) else "index"
    return f"{shown} is out of bounds for axis {axis}{size}"


def _checked(idx, n, axis, mode="raise", unused=False):
    """Indices ``idx`` (int, np.ndarray or int64 tensor) into a dimension of size ``n``,
    wrapped into [0, n) as ``mode`` says; bounds errors raise IndexError (or are
    deferred) unless ``unused`` (the broadcast index is empty: NumPy reads none).
    The result is always a valid index when ``n > 0``."""
    if isinstance(idx, (int, np.ndarray)) and isinstance(n, int):
        v = np.asarray(idx, np.int64)
        if mode == "wrap":
            return (v % n) if n else v
        if mode == "clip":
            return np.clip(v, 0, max(n - 1, 0))
        bad = (v < -n) | (v >= n)
        if bad.any():
            msg = f"index {v[bad].flat[0]} is out of bounds for axis {axis} with size {n}"
            if unused is False:
                raise IndexError(msg)
            if unused is not True:  # known only at run time
                checks.require(unused, IndexError, msg)
            return np.clip(np.where(v < 0, v + n, v), 0, max(n - 1, 0))
        return np.where(v < 0, v + n, v)
    t = tf.constant(idx, _I64) if not is_tensor(idx) else idx
    nt = tf.constant(n, _I64) if isinstance(n, int) else n
    top = tf.maximum(nt - 1, 0)
    if mode == "wrap":
        return tf.math.floormod(t, tf.maximum(nt, 1))
    if mode == "clip":
        return tf.clip_by_value(t, 0, top)
    if unused is not True:
        ok = tf.logical_and(t >= -nt, t < nt)
        ok = ok if ok.shape.rank == 0 else tf.reduce_all(ok)
        checks.require(ok if unused is False else tf.logical_or(ok, unused), IndexError,
                       _oob_message(idx if isinstance(idx, int) else None, axis, n))
    return tf.clip_by_value(tf.where(t < 0, t + nt, t), 0, top)


def _broadcast_indices(idxs: list):
    """Index arrays made broadcast-compatible (NumPy raises IndexError if they are not),
    and whether their broadcast shape is empty (a Python bool or a bool tensor).

    Static arrays are checked by NumPy. Otherwise a dimension that does not fit is
    cut (or padded) to length 1 after a deferred check, so the graph never fails."""
    if all(isinstance(i, np.ndarray) for i in idxs):
        try:
            shape = np.broadcast_shapes(*[i.shape for i in idxs])
        except ValueError:
            shapes = " ".join(_shape_str(i.shape) for i in idxs)
            raise IndexError("shape mismatch: indexing arrays could not be broadcast "
                             f"together with shapes {shapes} ") from None
        return idxs, 0 in shape
    rank = max(_ndim(i) for i in idxs)
    static = [[1] * (rank - _ndim(i)) + _static_shape(i) for i in idxs]
    dims = [[1] * (rank - _ndim(i)) + _dims_of(i) for i in idxs]
    provable, sizes = True, []
    for d, col in enumerate(zip(*static)):
        known = {n for n in col if n is not None and n != 1}
        if len(known) > 1:
            raise IndexError("shape mismatch: indexing arrays could not be broadcast "
                             "together with shapes " +
                             " ".join(_shape_str(s) for s in static) + " ")
        unknown = [k for k, n in enumerate(col) if n is None]
        if len(unknown) > 1 or (unknown and known):
            provable = False
        sizes.append(known.pop() if known else dims[unknown[0]][d] if unknown else 1)
    if provable:
        if any(isinstance(n, int) and n == 0 for n in sizes):
            return idxs, True
        empty = [tf.equal(n, 0) for n in sizes if not isinstance(n, int)]
        return idxs, tf.reduce_any(tf.stack(empty)) if empty else False
    tensors = [tf.reshape(tf.constant(i, _I64) if not is_tensor(i) else i, _as_shape(d))
               for i, d in zip(idxs, dims)]
    shapes = [tf.shape(t, out_type=_I64) for t in tensors]
    stacked = tf.stack(shapes)                               # [k, rank]
    target = tf.reduce_max(tf.where(tf.equal(stacked, 1), tf.constant(-1, _I64), stacked),
                           axis=0)
    target = tf.where(tf.equal(target, -1), tf.constant(1, _I64), target)
    fits = tf.logical_or(tf.equal(stacked, 1), tf.equal(stacked, target))
    checks.require(fits, IndexError,
                   "shape mismatch: indexing arrays could not be broadcast together")
    out = []
    for t, s, ok in zip(tensors, shapes, tf.unstack(fits, num=len(tensors))):
        want = tf.where(ok, s, tf.ones_like(s))
        grow = tf.maximum(want - s, 0)
        t = tf.pad(t, tf.stack([tf.zeros_like(grow), grow], axis=1))
        out.append(tf.slice(t, tf.zeros_like(want), want))
    return out, tf.reduce_any(tf.equal(target, 0))


def _ndim(i) -> int:
    return i.ndim if isinstance(i, np.ndarray) else i.shape.rank


def _static_shape(i) -> list:
    return list(i.shape) if isinstance(i, np.ndarray) else i.shape.as_list()


def _dims_of(i) -> list:
    return list(i.shape) if isinstance(i, np.ndarray) else _dims(i)


def _shape_str(shape) -> str:
    return "(" + ",".join("?" if d is None else str(d) for d in shape) + \
        ("," if len(shape) == 1 else "") + ")"


# --- getitem ----------------------------------------------------------------------

@lowers("getitem")
def getitem(a, index):
    """``a[index]`` with NumPy's semantics.

    >>> getitem(x, (1, slice(None), [0, 1, 3]))   # x[1, :, [0, 1, 3]]: shape (3, n1)
    """
    if isinstance(a, (Weak, bool, int, float, complex)):
        kind = a.kind if isinstance(a, Weak) else type(a)
        raise TypeError(f"'{kind.__name__}' object is not subscriptable")
    if isinstance(a, (np.ndarray, np.generic)) and _is_static_index(index):
        r = a[index]  # a constant: NumPy answers (a copy: never a view of a global)
        return r.copy() if isinstance(r, np.ndarray) else r
    x = arrays.asarray(a)
    entries = _parse(index, arrays.ndim(x))
    if any(isinstance(e, _ADVANCED) for e in entries):
        return _advanced(x, entries)
    return _basic(x, entries)


class _Spec:
    """Arguments of one ``tf.strided_slice``, built entry by entry."""

    def __init__(self):
        self.begin, self.end, self.strides = [], [], []
        self.begin_mask = self.end_mask = self.new_axis_mask = self.shrink_mask = 0
        self.trivial = True

    def _add(self, b, e, s):
        bit = 1 << len(self.begin)
        self.begin.append(0 if b is None else b)
        self.end.append(0 if e is None else e)
        self.strides.append(s)
        if b is None:
            self.begin_mask |= bit
        if e is None:
            self.end_mask |= bit
        return bit

    def full(self):
        self._add(None, None, 1)

    def new_axis(self):
        self.new_axis_mask |= self._add(0, 0, 1)
        self.trivial = False

    def index(self, j):
        self.shrink_mask |= self._add(j, j + 1, 1)
        self.trivial = False

    def keep_index(self, j):
        """``j:j+1``, keeping the axis (an integer index on an axis of unknown length)."""
        self._add(j, j + 1, 1)
        self.trivial = False

    def slice(self, s: _Slice):
        step = 1 if s.step is None else s.step
        if isinstance(step, int):
            if step == 0:
                raise ValueError("slice step cannot be zero")
        else:
            checks.require(tf.not_equal(step, 0), ValueError, "slice step cannot be zero")
            step = tf.where(tf.equal(step, 0), tf.constant(1, _I64), step)
        if any(is_tensor(v) for v in (s.start, s.stop, s.step)):
            context.current().xla_ok = False  # the output shape depends on run-time values
        self._add(s.start, s.stop, step)
        if not (s.start is None and s.stop is None and isinstance(step, int) and step == 1):
            self.trivial = False

    def apply(self, x):
        if self.trivial:
            return x
        vecs = [_vector(v) for v in (self.begin, self.end, self.strides)]
        out = tf.strided_slice(x, *vecs, begin_mask=self.begin_mask, end_mask=self.end_mask,
                               new_axis_mask=self.new_axis_mask,
                               shrink_axis_mask=self.shrink_mask)
        out.set_shape(self._out_shape(x.shape.as_list()))  # run-time bounds hide the rank
        return out

    def _out_shape(self, dims):
        shape, ax = [], 0
        for k, step in enumerate(self.strides):
            bit = 1 << k
            if self.new_axis_mask & bit:
                shape.append(1)
                continue
            if not self.shrink_mask & bit:
                whole = self.begin_mask & self.end_mask & bit and \
                    isinstance(step, int) and step == 1
                shape.append(dims[ax] if whole else None)
            ax += 1
        return shape + dims[ax:]


def _vector(vals):
    if all(isinstance(v, int) for v in vals):
        return tf.constant(vals, _I64, shape=[len(vals)])
    return tf.stack([tf.constant(v, _I64) if isinstance(v, int) else v for v in vals])


def _basic(x, entries):
    dims = x.shape.as_list()
    spec, ax, out_ax, kept, pad_axes = _Spec(), 0, 0, [], []
    for e in entries:
        if isinstance(e, _NewAxis):
            spec.new_axis()
            out_ax += 1
        elif isinstance(e, _Ellipsis):
            for _ in range(e.n):
                spec.full()
            ax += e.n
            out_ax += e.n
        elif isinstance(e, _Slice):
            spec.slice(e)
            ax += 1
            out_ax += 1
        else:  # _Int
            n = dims[ax]
            if n == 0:
                raise IndexError(_oob_message(e.value if isinstance(e.value, int) else None,
                                              ax, 0))
            if n is None and not context.current().jit:
                # The axis may be empty at run time (the IndexError is deferred): take
                # the length-0-or-1 slice j:j+1 and pad it to 1, never failing the graph
                # (no O(size) padding of the whole array in a plain graph's loop).
                j = _checked(e.value, tf.shape(x, out_type=_I64)[ax], ax)
                spec.keep_index(j)
                kept.append(out_ax)
                out_ax += 1
            elif n is None:
                # XLA needs a static slice size: pad an empty axis to 1 (fused there)
                j = _checked(e.value, tf.shape(x, out_type=_I64)[ax], ax)
                pad_axes.append(ax)
                spec.index(j)
            else:
                j = _checked(e.value, n, ax)
                spec.index(int(j) if isinstance(j, np.ndarray) else j)
            ax += 1
    for a in pad_axes:
        x = nonempty(x, a)
    out = spec.apply(x)
    if kept:
        size = tf.shape(out, out_type=_I64)
        zero = tf.zeros([], _I64)
        pads = tf.stack([tf.stack([zero, 1 - size[k] if k in kept else zero])
                         for k in range(out.shape.rank)])
        out = tf.squeeze(tf.pad(out, pads), axis=kept)
    scalar = all(isinstance(e, _Int) or (isinstance(e, _Ellipsis) and not e.explicit)
                 for e in entries)
    if out is x and x.shape.rank == 0:
        out = tf.identity(x)  # a fresh tensor: its scalar/array mark is its own
    if not scalar:
        arrays.mark_array(out)
    return out


def _advanced(x, entries):
    # 1. Slices and new axes; every advanced index keeps its axes whole.
    spec, ypos, xpos, adv = _Spec(), 0, 0, []   # adv: (entry position, y axis, x axis, entry)
    for k, e in enumerate(entries):
        if isinstance(e, _NewAxis):
            spec.new_axis()
            ypos += 1
        elif isinstance(e, _Ellipsis):
            for _ in range(e.n):
                spec.full()
            ypos, xpos = ypos + e.n, xpos + e.n
        elif isinstance(e, _Slice):
            spec.slice(e)
            ypos, xpos = ypos + 1, xpos + 1
        else:
            for _ in range(_consumes(e)):
                spec.full()
            adv.append((k, ypos, xpos, e))
            ypos, xpos = ypos + _consumes(e), xpos + _consumes(e)
    y = spec.apply(x)
    ydims = _dims(y)
    # 2. One index array per advanced entry (a k-d mask indexes its k axes taken as
    # one), broadcast together, then bounds-checked: arrays only where NumPy reads them
    # (not at all when the broadcast shape is empty), integers always.
    idxs, sizes, yaxes, pseudo, bounds = [], [], [], [], []
    for _, p, xaxis, e in adv:
        got = _index_array(e, p, xaxis, ydims)
        if isinstance(e, _Mask) and e.ndim == 0:
            pseudo.append(got)
            continue
        idxs.append(got)
        sizes.append(_prod(ydims[p:p + _consumes(e)]))
        yaxes.extend(range(p, p + _consumes(e)))
        bounds.append((ydims[p], xaxis, isinstance(e, _IntArray))
                      if isinstance(e, (_Int, _IntArray)) else None)
    everything, empty = _broadcast_indices(idxs + pseudo)
    idxs, pseudo = everything[:len(idxs)], everything[len(idxs):]
    idxs = [i if b is None else _checked(i, b[0], b[1], unused=b[2] and empty)
            for i, b in zip(idxs, bounds)]
    # 3. Merge the indexed axes into one, and the index arrays into one linear index.
    first = adv[0][1]
    contiguous = yaxes == list(range(first, first + len(yaxes)))
    if not contiguous:
        rest = [i for i in range(len(ydims)) if i not in yaxes]
        y = tf.transpose(y, yaxes + rest)
        ydims = [ydims[i] for i in yaxes + rest]
        yaxes, first = list(range(len(yaxes))), 0
    m = len(yaxes)
    lin = _linear(idxs, sizes, pseudo)
    size = _prod([ydims[i] for i in yaxes])
    if m > 1 and not (isinstance(size, int) and size > 0):
        lin = _clamp(lin, size)  # an empty axis among them: keep the read in the padding
    y = tf.reshape(y, _as_shape(ydims[:first] + [size] + ydims[first + m:]))
    out = tf.gather(nonempty(y, first), lin, axis=first)
    # 4. NumPy puts the broadcast dims first unless the advanced indices are adjacent.
    positions = [a[0] for a in adv]
    adjacent = positions == list(range(positions[0], positions[0] + len(positions)))
    if not adjacent and first > 0:
        r = _ndim(lin)
        perm = list(range(first, first + r)) + list(range(first)) + \
            list(range(first + r, out.shape.rank))
        out = tf.transpose(out, perm)
    return out


def _index_array(e, p, xaxis, ydims):
    """The index array of one advanced entry whose axes start at axis ``p`` of the
    sliced array (``xaxis`` of the indexed one): an integer index unchecked yet; a
    mask's true positions, flat over its axes; for a 0-d mask an array of shape (0,)
    or (1,) that indexes no axis."""
    if isinstance(e, _Int):
        return np.asarray(e.value, np.int64) if isinstance(e.value, int) else e.value
    if isinstance(e, _IntArray):
        return e.value
    mask = e.value
    if e.ndim == 0:
        if isinstance(mask, np.ndarray):
            return np.zeros((int(mask),), np.int64)
        context.current().xla_ok = False
        return tf.zeros(tf.reshape(tf.cast(mask, _I64), [1]), _I64)
    mdims = list(mask.shape) if isinstance(mask, np.ndarray) else _dims(mask)
    exact = True
    for i, (md, yd) in enumerate(zip(mdims, ydims[p:p + e.ndim])):
        # NumPy lets a mask dimension of length 0 face any axis (no element is selected).
        axis = xaxis + i
        if isinstance(md, int) and isinstance(yd, int):
            if md != yd and md != 0:
                raise IndexError(f"boolean index did not match indexed array along axis "
                                 f"{axis}; size of axis is {yd} but size of corresponding "
                                 f"boolean axis is {md}")
        else:
            exact = False
            md, yd = _i64(md), _i64(yd)
            checks.require(tf.logical_or(tf.equal(md, yd), tf.equal(md, 0)), IndexError,
                           f"boolean index did not match indexed array along axis {axis}")
    if isinstance(mask, np.ndarray):
        flat = np.flatnonzero(mask).astype(np.int64)
    else:
        context.current().xla_ok = False  # the output's length depends on the data
        flat = tf.where(tf.reshape(mask, [-1]))[:, 0]
    return flat if exact else _clamp(flat, _prod(ydims[p:p + e.ndim]))


def _clamp(c, n):
    c = tf.constant(c, _I64) if not is_tensor(c) else c
    n = tf.constant(n, _I64) if isinstance(n, int) else n
    return tf.clip_by_value(c, 0, tf.maximum(n - 1, 0))


def _linear(idxs, dims, pseudo):
    """sum(idx_k * stride_k) over the merged axes, broadcast with the 0-d masks' arrays."""
    strides, s = [], 1
    for d in reversed(dims):
        strides.append(s)
        s = s * d
    strides.reverse()
    terms = [i if isinstance(st, int) and st == 1 else _mul(i, st)
             for i, st in zip(idxs, strides)] + pseudo
    if all(isinstance(t, np.ndarray) for t in terms):
        return tf.constant(sum(terms[1:], terms[0]), _I64)
    terms = [tf.constant(t, _I64) if not is_tensor(t) else t for t in terms]
    out = terms[0]
    for t in terms[1:]:
        out = out + t
    return out


def _mul(i, st):
    if isinstance(i, np.ndarray) and isinstance(st, int):
        return i * st
    return (tf.constant(i, _I64) if not is_tensor(i) else i) * st


# --- functions on index arrays ----------------------------------------------------

def _nonzero_coords(x):
    """tf.where of ``x != 0`` (NaN counts as nonzero, as in NumPy)."""
    context.current().xla_ok = False  # the number of nonzeros is data-dependent
    cond = x if x.dtype == tf.bool else tf.not_equal(x, tf.zeros([], x.dtype))
    return tf.where(cond)


@lowers("nonzero", method="nonzero")
def nonzero(a):
    """``np.nonzero(a)``: a tuple of int64 arrays, one per dimension."""
    if isinstance(a, (np.ndarray, np.generic)):
        return np.nonzero(a)
    x = arrays.asarray(a)
    if x.shape.rank == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "np.atleast_1d(scalar).nonzero() instead. If the context of this "
                         "error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.")
    where = _nonzero_coords(x)
    return tuple(where[:, i] for i in range(x.shape.rank))


@lowers("flatnonzero")
def flatnonzero(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return np.flatnonzero(a)
    return _nonzero_coords(tf.reshape(arrays.asarray(a), [-1]))[:, 0]


@lowers("argwhere")
def argwhere(a):
    if isinstance(a, (np.ndarray, np.generic)):
        return np.argwhere(a)
    x = arrays.asarray(a)
    if x.shape.rank == 0:  # (1, 0) or (0, 0); tf.where takes no 0-d input
        return _nonzero_coords(tf.reshape(x, [1]))[:, :0]
    return _nonzero_coords(x)


def _take_indices(indices):
    """``indices`` as np.take converts them: static int64 array or int64 tensor."""
    if isinstance(indices, (np.ndarray, np.generic)) or is_tensor(indices):
        dt = dtypes.to_np(indices.dtype) if is_tensor(indices) else indices.dtype
        if not np.can_cast(dt, np.int64, "same_kind"):
            raise TypeError(f"Cannot cast array data from {dt!r} to dtype('int64') "
                            "according to the rule 'same_kind'")
        if is_tensor(indices):
            v = _static(indices)
            return np.asarray(v, np.int64) if v is not None else tf.cast(indices, _I64)
        return np.asarray(indices, np.int64)
    if isinstance(indices, Weak):
        if indices.kind not in (int, bool):
            raise Unsupported("a run-time float index")
        return tf.cast(indices.tensor, _I64)
    if _is_static_index(indices):
        return np.asarray(indices).astype(np.int64)  # Python floats truncate, as NumPy
    t = arrays.asarray(indices)
    if not (t.dtype.is_integer or t.dtype == tf.bool):
        raise Unsupported("run-time float indices")
    return tf.cast(t, _I64)


def _take_along(x, idx, axis, mode="raise"):
    """``np.take(x, idx, axis)`` for a tensor ``x`` and prepared indices."""
    n = _dims(x)[axis]
    if mode != "raise" and not (isinstance(n, int) and n > 0):
        empty = idx.size == 0 if isinstance(idx, np.ndarray) else tf.equal(tf.size(idx), 0)
        checks.require(empty if isinstance(n, int) else tf.logical_or(n > 0, empty),
                       IndexError, "cannot do a non-empty take from an empty axes.")
    j = _checked(idx, n, axis, mode)
    out = tf.gather(nonempty(x, axis), j, axis=axis)
    return out


@lowers("take")
def take(a, indices, axis=None, out=None, mode="raise"):
    """``np.take``: ``a[..., indices, ...]`` along ``axis`` (the flattened array if None)."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    if isinstance(a, (np.ndarray, np.generic)) and _is_static_index(indices):
        return np.take(a, indices, axis=axis, mode=mode)
    x = arrays.asarray(a)
    if axis is None:
        x, ax = tf.reshape(x, [-1]), 0
    else:
        ax = axes.normalize_axis(axis, x.shape.rank)
    return _take_along(x, _take_indices(indices), ax, mode)


@lowers(method="take")
def take_method(a, indices, axis=None, out=None, mode="raise"):
    return take(a, indices, axis=axis, out=out, mode=mode)


@lowers("take_along_axis")
def take_along_axis(arr, indices, axis=-1):
    """``np.take_along_axis``: one gather from the flattened array, at the linear index
    ``idx * stride[axis] + sum(arange(n_d) * stride[d])`` (broadcast as NumPy does)."""
    if isinstance(arr, (np.ndarray, np.generic)) and _is_static_index(indices):
        return np.take_along_axis(arr, indices, axis=axis)
    x = arrays.asarray(arr)
    idx = indices if isinstance(indices, np.ndarray) else arrays.asarray(indices)
    dt = idx.dtype if isinstance(idx, np.ndarray) else dtypes.to_np(idx.dtype)
    if dt.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    if axis is None:
        if _ndim(idx) != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        x, ax = tf.reshape(x, [-1]), 0
    else:
        ax = axes.normalize_axis(axis, x.shape.rank)
    if _ndim(idx) != x.shape.rank:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    if is_tensor(idx):
        v = _static(idx)
        idx = np.asarray(v, np.int64) if v is not None else tf.cast(idx, _I64)
    else:
        idx = idx.astype(np.int64)
    xd = _dims(x)
    strides, s = [0] * len(xd), 1
    for d in reversed(range(len(xd))):
        strides[d] = s
        s = s * xd[d]
    # A size-1 dimension of arr has the single coordinate 0 = arange(1): no special case.
    others = [d for d in range(len(xd)) if d != ax]
    parts, empty = _broadcast_indices([idx] + [_iota(d, len(xd), xd[d]) for d in others])
    lin = _mul(_checked(parts[0], xd[ax], ax, unused=empty), strides[ax])
    for part, d in zip(parts[1:], others):
        lin = _add(lin, _mul(part, strides[d]))
    flat = nonempty(tf.reshape(x, [-1]), 0)
    return tf.gather(flat, lin if is_tensor(lin) else tf.constant(lin, _I64))


def _iota(d, rank, n):
    """arange(n) shaped to broadcast along dimension ``d`` of ``rank``."""
    shape = [1] * rank
    if isinstance(n, int):
        shape[d] = n
        return np.arange(n, dtype=np.int64).reshape(shape)
    shape[d] = -1
    return tf.reshape(tf.range(n, dtype=_I64), shape)


def _add(p, q):
    if isinstance(p, np.ndarray) and isinstance(q, np.ndarray):
        return p + q
    p = tf.constant(p, _I64) if not is_tensor(p) else p
    q = tf.constant(q, _I64) if not is_tensor(q) else q
    return p + q


def _condition_indices(condition, flatten: bool):
    """Positions of the true entries of a 1-d condition (np.compress / np.extract)."""
    if not is_tensor(condition) and not isinstance(condition, Weak) and \
            _is_static_index(condition):
        c = np.asarray(condition)
        if flatten:
            c = c.ravel()
        if c.ndim != 1:
            raise ValueError("condition must be a 1-d array")
        return np.nonzero(c)[0].astype(np.int64)
    c = arrays.asarray(condition)
    if flatten:
        c = tf.reshape(c, [-1])
    if c.shape.rank != 1:
        raise ValueError("condition must be a 1-d array")
    return _nonzero_coords(c)[:, 0]


@lowers("compress")
def compress(condition, a, axis=None, out=None):
    """``np.compress``: the slices of ``a`` along ``axis`` where ``condition`` is true."""
    if out is not None:
        raise Unsupported("out= is handled by the mutation pass")
    idx = _condition_indices(condition, flatten=False)
    x = arrays.asarray(a)
    if axis is None:
        x, ax = tf.reshape(x, [-1]), 0
    else:
        ax = axes.normalize_axis(axis, x.shape.rank)
    return _take_along(x, idx, ax)


@lowers(method="compress")
def compress_method(a, condition, axis=None, out=None):
    return compress(condition, a, axis=axis, out=out)


@lowers("extract")
def extract(condition, arr):
    """``np.extract``: ``ravel(arr)[nonzero(ravel(condition))]``."""
    idx = _condition_indices(condition, flatten=True)
    return _take_along(tf.reshape(arrays.asarray(arr), [-1]), idx, 0)
