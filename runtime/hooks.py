"""How the runtime reaches the compiler without importing it (dependency direction:
compiler -> runtime). The compiler installs ``convert`` when it is imported."""
from __future__ import annotations

# convert(fn) -> the generated Python function for user function ``fn``
convert = None


def compiled(fn):
    """The compiled form of user function ``fn``, to call inside the current trace."""
    if convert is None:
        raise RuntimeError("np2tf.compiler is not loaded")
    return convert(fn)
