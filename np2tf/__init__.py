"""np2tf: run existing NumPy code as TensorFlow graphs, with NumPy 2's exact answers.

    from np2tf import accelerate

    @accelerate
    def step(x, w):
        return np.maximum(x @ w, 0)
"""
import importlib

# Public names, imported on first use (PEP 562): a module written by `np2tf convert`
# imports np2tf.runtime, and that must not load the compiler (or TensorFlow before the
# CLI has set up its logging).
_EXPORTS = {
    "accelerate": "np2tf.api", "explain": "np2tf.api", "to_code": "np2tf.api",
    "Accelerated": "np2tf.api", "Report": "np2tf.api",
    "NotConvertibleError": "np2tf.compiler.errors",
    "StaticValueError": "np2tf.runtime.calling",
    "FallbackWarning": "np2tf.runtime.fallback",
}

__all__ = ["accelerate", "explain", "to_code", "Accelerated", "Report",
           "NotConvertibleError", "StaticValueError", "FallbackWarning"]
__version__ = "0.1.0"


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'np2tf' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


def load_ipython_extension(ipython):
    """``%load_ext np2tf``: the ``%%accelerate`` and ``%np2tf_explain`` magics."""
    from np2tf.magic import load_ipython_extension as load
    load(ipython)
