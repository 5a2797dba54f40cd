"""Until the mutation pass lands: refuse in-place updates that would need to reach the
caller's arrays (or another name's view), instead of silently updating a copy."""
from __future__ import annotations

import tensorflow as tf

from . import context

# Ops through which a NumPy result would still share memory with its input.
_VIEW_OPS = {"StridedSlice", "Reshape", "Transpose", "Identity", "Squeeze", "ExpandDims",
             "Slice", "BroadcastTo", "ReverseV2"}


class MutationNotSupported(NotImplementedError):
    """An in-place update that would have to change the caller's array."""


def refuse_if_aliased(t) -> None:
    if not isinstance(t, tf.Tensor) or tf.executing_eagerly():
        return
    params = context.current().param_index
    seen, stack = set(), [t]
    while stack:
        x = stack.pop()
        if x.ref() in params:
            raise MutationNotSupported(
                "an in-place update of a function argument (or of a view of one) is not "
                "supported yet: the caller's array would not change. Write `a = a + ...` "
                "(a new array) instead")
        if id(x) in seen:
            continue
        seen.add(id(x))
        if x.op.type in _VIEW_OPS:
            stack.extend(x.op.inputs[:1])
