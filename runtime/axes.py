"""One place that normalises ``axis`` arguments, with NumPy's errors."""
from __future__ import annotations

import operator

from numpy.exceptions import AxisError

from .values import static_value


def normalize_axis(axis, ndim: int) -> int:
    """``-1`` -> ``ndim - 1``; out of range raises AxisError (a ValueError and IndexError)."""
    axis = operator.index(static_value(axis, "axis"))
    if not -ndim <= axis < ndim:
        raise AxisError(axis, ndim)
    return axis % ndim if ndim else 0


def normalize_axes(axis, ndim: int, allow_none: bool = True) -> tuple[int, ...]:
    """``None`` -> all axes; an int or tuple -> sorted tuple; repeats raise ValueError."""
    axis = static_value(axis, "axis")
    if axis is None:
        if not allow_none:
            raise TypeError("axis must not be None")
        return tuple(range(ndim))
    if not isinstance(axis, (tuple, list)):
        axis = (axis,)
    out = tuple(normalize_axis(a, ndim) for a in axis)
    if len(set(out)) != len(out):
        raise ValueError("repeated axis")
    return out
