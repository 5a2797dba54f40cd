"""np2tf: run existing NumPy code as TensorFlow graphs, with NumPy 2's exact answers.

    from np2tf import accelerate

    @accelerate
    def step(x, w):
        return np.maximum(x @ w, 0)
"""
from np2tf.api import Accelerated, Report, accelerate, explain, to_code
from np2tf.compiler.errors import NotConvertibleError
from np2tf.runtime.calling import StaticValueError
from np2tf.runtime.fallback import FallbackWarning

__all__ = ["accelerate", "explain", "to_code", "Accelerated", "Report",
           "NotConvertibleError", "StaticValueError", "FallbackWarning"]
__version__ = "0.1.0"
