"""np2tf against NumPy, in one run: the guide's sigmoid, the relu model, call overhead.

Speedup is NumPy time / np2tf time (medians); > 1 means np2tf is faster.
Run: make bench
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from harness import HEADER, median_seconds, row  # noqa: E402

import np2tf  # noqa: E402


def sigmoid(y):
    return 1.0 / (1.0 + np.exp(-y))


def predict(inputs, w1, bias, w2):
    y = np.matmul(inputs, w1) + bias
    y = np.maximum(y, 0)
    return np.matmul(y, w2)


def main():
    rng = np.random.default_rng(0)
    print(HEADER)
    fast = np2tf.accelerate(sigmoid)
    for size in (2**0, 2**5, 2**10, 2**15, 2**20):
        x = rng.standard_normal(size).astype(np.float32)
        print(row(f"sigmoid n=2^{size.bit_length() - 1}", median_seconds(sigmoid, x),
                  median_seconds(fast, x)))
    fast_predict = np2tf.accelerate(predict)
    w1 = rng.standard_normal((32, 64)).astype(np.float32) / np.sqrt(32).astype(np.float32)
    bias = rng.standard_normal(64).astype(np.float32)
    w2 = rng.standard_normal((64, 2)).astype(np.float32) / 8
    for batch in (2, 256, 8192):
        inputs = rng.standard_normal((batch, 32)).astype(np.float32)
        print(row(f"relu model batch={batch}", median_seconds(predict, inputs, w1, bias, w2),
                  median_seconds(fast_predict, inputs, w1, bias, w2)))

    print("\nPer-call cost on a 1-element float64 input (median µs):")
    x = np.ones(1)
    xt = tf.constant(x)
    tf_sigmoid = tf.function(lambda t: 1.0 / (1.0 + tf.exp(-t)))
    concrete = tf_sigmoid.get_concrete_function(tf.TensorSpec([None], tf.float64))
    for name, fn, arg in (("NumPy", sigmoid, x), ("np2tf.accelerate", fast, x),
                          ("tf.function (tensor in)", tf_sigmoid, xt),
                          ("concrete function (tensor in)", concrete, xt)):
        print(f"  {name:<32}{median_seconds(fn, arg) * 1e6:>10.1f}")

    import kernels  # the kernel corpus (tests/kernels/), one row per kernel
    kernels.main()


if __name__ == "__main__":
    main()
