"""``_np`` in generated code: NumPy's namespace, each name lowered or falling back.

``_np.exp`` is the lowering rule when the table has one; otherwise a fallback that
runs NumPy's own function through ``tf.numpy_function``. Constants (``np.pi``,
``np.newaxis``) are NumPy's own; scalar types (``np.float32``) are both dtypes and
casts.
"""
from __future__ import annotations

import functools
import types

import numpy as np

from . import arrays, fallback
from .registry import FUNCTIONS, Unsupported


def lowered_or_fallback(qualname: str, rule, np_func):
    """Call ``rule``; if it declines (Unsupported), run NumPy's function instead."""

    @functools.wraps(rule)
    def call(*args, **kwargs):
        try:
            return rule(*args, **kwargs)
        except Unsupported as why:
            return fallback.call(np_func, f"np.{qualname}", str(why), args, kwargs)

    call.np_func = np_func
    return call


class ScalarType:
    """``np.float32`` & co.: usable as a dtype and callable as a cast."""

    def __init__(self, np_type):
        self.np_type = np_type
        self.dtype = np.dtype(np_type)
        self.__name__ = np_type.__name__

    def __call__(self, x=0):
        from .ops.ufuncs import _is_static
        if _is_static(x) or (isinstance(x, (list, tuple)) and all(_is_static(e) for e in x)):
            return self.np_type(x)
        return FUNCTIONS["asarray"](x, dtype=self.dtype) if "asarray" in FUNCTIONS \
            else arrays.asarray(x, self.dtype)

    def __repr__(self):
        return f"np.{self.__name__}"


class Namespace:
    def __init__(self, module, prefix=""):
        self._module = module
        self._prefix = prefix

    def __getattr__(self, name):
        qual = self._prefix + name
        target = getattr(self._module, name)  # AttributeError, as NumPy
        if qual in FUNCTIONS:
            value = lowered_or_fallback(qual, FUNCTIONS[qual], target)
        elif isinstance(target, types.ModuleType):
            value = Namespace(target, qual + ".")
        elif isinstance(target, type) and issubclass(target, np.generic):
            value = ScalarType(target)
        elif callable(target) and not isinstance(target, type):
            value = fallback.Fallback(target, f"np.{qual}", "no lowering rule")
        else:
            value = target  # pi, inf, nan, newaxis, dtype classes
        setattr(self, name, value)  # cache: __getattr__ runs once per name
        return value


np_namespace = Namespace(np)
