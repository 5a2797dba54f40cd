"""Variables that may name an array from before a branch or loop, chosen at run time.

After ``if c: A = B`` on a run-time ``c``, or ``A, B = B, A`` in a loop whose trip count
is known only at run time, which array ``A`` names is itself a run-time value. NumPy's
semantics need writes through ``A`` to reach that array (and the caller's argument
behind it), so such a variable is carried as two tensors:

* an index: which of the older arrays ("choices") it is, or ``len(choices)`` for an
  array made inside the construct ("fresh");
* its value: its current contents.

After the construct the variable is a :class:`refs.Choice` over the older arrays (and
the fresh one). Inside a loop body it is a Choice too when the body writes one of the
older arrays (it must see those writes), and else just its value, which is cheaper.

The carried spec is ``("select", choices, fresh, dtype, rank, live)``.
"""
from __future__ import annotations

import tensorflow as tf

from .refs import Buffer, Choice, Ref


class Entries:
    """The values a construct gave its select variables at entry (by identity), so the
    end of a body can say which index each one has."""

    def __init__(self):
        self._by_id = {}

    def add(self, ref, spec, index):
        self._by_id[id(ref)] = (ref, spec, index)
        return ref

    def get(self, v):
        hit = self._by_id.get(id(v))
        return hit if hit is not None and hit[0] is v else None


def _key(ref):
    return ("buffer", id(ref.buffer)) if not ref.path else ("ref", id(ref))


def _older(v, start, init, entries):
    """The arrays from before the construct that ``v`` may be, and whether it may be one
    made inside it."""
    if type(v) is not Ref:
        return [], True
    hit = entries.get(v)
    if hit is not None:
        spec = hit[1]
        return list(spec[1]), spec[2]
    if any(v is r for r in init) or (not v.path and v.buffer.serial < start):
        return [v], False
    if not v.path and isinstance(v.buffer, Choice):  # made inside: one of its choices
        olds, fresh = [], False
        for c in v.buffer.choices:
            o, f = _older(c, start, init, entries)
            olds += o
            fresh = fresh or f
        return olds, fresh
    return [], True


def bases(ref):
    """The real buffers a Ref reads."""
    if isinstance(ref.buffer, Choice):
        return [b for c in ref.buffer.choices for b in bases(c)]
    return [ref.buffer]


def classify(values, array_spec, start, init, entries, written=()):
    """The select spec for a variable whose value on each path is in ``values``, or
    None when no path leaves it naming an array from before the construct."""
    if array_spec[0] != "array":
        return None
    olds, fresh, seen = [], False, set()
    for v in values:
        o, f = _older(v, start, init, entries)
        fresh = fresh or f
        for r in o:
            if _key(r) not in seen:
                seen.add(_key(r))
                olds.append(r)
    if not olds:
        return None
    for r in olds:
        t = r.value()
        if t.dtype != array_spec[1]:
            return None  # carried by value, as before: the join has raised or converted
    live = any(b is w for r in olds for b in bases(r) for w in written)
    return ("select", tuple(olds), fresh, array_spec[1], array_spec[2], live)


def array_part(spec):
    return ("array", spec[3], spec[4]) if spec[0] == "select" else spec


def index_of(v, spec, start, entries) -> tf.Tensor:
    """Which of ``spec``'s choices ``v`` is (``len(choices)``: one made inside)."""
    choices = spec[1]
    if type(v) is Ref:
        hit = entries.get(v)
        if hit is not None:
            return _remap(hit[2], hit[1][1], hit[1][2], choices)
        for k, c in enumerate(choices):
            if v is c or (not v.path and not c.path and v.buffer is c.buffer):
                return tf.constant(k, tf.int32)
        if not v.path and isinstance(v.buffer, Choice) and v.buffer.serial >= start:
            inner = tf.stack([index_of(c, spec, start, entries) for c in v.buffer.choices])
            return tf.gather(inner, v.buffer.index)
    return tf.constant(len(choices), tf.int32)


def _remap(index, their_choices, fresh, choices):
    if their_choices == choices:
        return index
    table = [next((k for k, c in enumerate(choices) if c is t), len(choices))
             for t in their_choices] + ([len(choices)] if fresh else [])
    return tf.gather(tf.constant(table, tf.int32), index)


def chosen(spec, index, value) -> Ref:
    """The variable after the construct: one of its choices, or the array made inside."""
    fresh = (Ref(Buffer(value)),) if spec[2] else ()
    return Ref(Choice(index, spec[1] + fresh))


def in_body(spec, index, value, entries) -> Ref:
    """The variable at the top of a loop body."""
    ref = chosen(spec, index, value) if spec[5] else Ref(Buffer(value))
    return entries.add(ref, spec, index)
