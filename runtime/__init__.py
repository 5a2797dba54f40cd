"""np2tf's run-time: NumPy 2 semantics on TF tensors, the calling convention, fallbacks.

Generated code sees the runtime through a handful of names (``runtime_namespace``):
``_np`` NumPy's API, ``_op`` Python's operators, ``_py`` builtins, ``_math`` math,
``_rt`` the rest. The runtime never imports the compiler.
"""
from __future__ import annotations


def runtime_namespace() -> dict:
    """The globals a generated module starts from: every namespace seen through the
    Ref boundary (arrays are live views into buffers; see runtime/refs.py)."""
    from . import (
        control_flow,
        fallback,
        numpy_api,
        operators,
        ops,  # noqa: F401 - fills the lowering table
        pybuiltins,
        pymath,
        refs,
        views,
    )

    class _Rt:
        @staticmethod
        def foreign(fn, qualname):
            return refs.boundary(fallback.Fallback(fn, qualname, "not NumPy: runs in Python"))

    return {"_np": views.NumpyNamespace(numpy_api.np_namespace),
            "_op": refs.BoundaryNamespace(operators, views.OP_SPECIAL),
            "_py": refs.BoundaryNamespace(pybuiltins, views.PY_SPECIAL), "_math": refs.BoundaryNamespace(pymath),
            "_rt": _Rt, "_cf": control_flow}
