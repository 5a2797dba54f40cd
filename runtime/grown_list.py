"""A Python list that a loop with a run-time trip count appends to.

``history = []; for _ in range(steps): history.append(e)`` cannot keep a Python list of
tensors: the list's length is a run-time value. Such a list is carried through the
``tf.while_loop`` as a TensorArray of its elements (which must share a dtype and rank,
as ``np.array(history)`` needs anyway). Op rules see it as the stacked array
(``np.array(history)``, ``np.sum(history)``, ``history[-1]``, ``for h in history``); a
function that returns it returns a Python list of its elements.
"""
from __future__ import annotations

import tensorflow as tf

from . import checks, context
from .values import Weak


class GrownList:
    """``spec``: what each element is, ``("array", tf dtype, rank)`` or ``("weak", kind)``."""

    def __init__(self, array, spec):
        self.array = array  # a tf.TensorArray
        self.spec = spec
        context.current().xla_ok = False  # XLA cannot grow a TensorArray

    @classmethod
    def of(cls, elements, spec):
        """A new list holding ``elements`` (values of ``spec``)."""
        from .control_flow import _WEAK_DT, _to_tensor  # the loop machinery's own types
        dtype = _WEAK_DT[spec[1]] if spec[0] == "weak" else spec[1]
        rank = 0 if spec[0] == "weak" else spec[2]
        array = tf.TensorArray(dtype, size=0, dynamic_size=True, infer_shape=False,
                               element_shape=tf.TensorShape(None if rank is None
                                                            else [None] * rank))
        for k, e in enumerate(elements):
            array = array.write(k, _to_tensor(e, spec))
        return cls(array, spec)

    def append(self, value):
        from .control_flow import _to_tensor
        self.array = self.array.write(self.array.size(), _to_tensor(value, self.spec))

    def np2tf_unwrap(self):
        """The list as op rules see it: its elements stacked into one array."""
        size = self.array.size()
        if self.spec not in (("weak", float), ("array", tf.float64, 0)):
            # np.array([]) is float64 of shape (0,): other element types cannot give
            # NumPy's dtype and shape for an empty list
            checks.require(size > 0, ValueError,
                           "np2tf: a list left empty by a loop with a run-time trip count "
                           "cannot be made an array (NumPy's dtype for [] is float64, "
                           "not the dtype of the elements the loop would append)")
        return self.stacked()

    def stacked(self):
        rank = 0 if self.spec[0] == "weak" else self.spec[2]
        array = self.array
        return tf.cond(array.size() > 0, array.stack,
                       lambda: tf.zeros([0] * (1 + (rank or 0)), array.dtype))

    def np2tf_result(self):
        """The list returned by the function: its elements, rebuilt after the call."""
        return Rows(self.stacked(), self.spec[1] if self.spec[0] == "weak" else None)

    def __len__(self):
        raise TypeError("np2tf internal error: len() of a run-time-length list")

    def length(self) -> Weak:
        return Weak(tf.cast(self.array.size(), tf.int64), int)

    def item(self, i):
        """Element ``i`` (in range) as it was appended: a Python scalar stays one."""
        t = self.array.read(tf.cast(i.tensor if isinstance(i, Weak) else i, tf.int32))
        return Weak(t, self.spec[1]) if self.spec[0] == "weak" else t

    def __iter__(self):
        raise TypeError("np2tf internal error: iteration over a run-time-length list")


class Rows:
    """A returned grown list: ``stacked`` elements; ``kind`` is the Python scalar type of
    each (None: NumPy arrays or scalars)."""

    def __init__(self, stacked, kind):
        self.stacked, self.kind = stacked, kind


def method(lst: GrownList, name, *args, **kwargs):
    if name == "append" and len(args) == 1 and not kwargs:
        lst.append(args[0])
        return None
    raise NotImplementedError(
        f"list.{name} on a list that a loop with a run-time trip count appends to: only "
        "append is supported (or make the trip count static)")
