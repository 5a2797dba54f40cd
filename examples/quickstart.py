"""Quickstart: plain NumPy code, accelerated with one decorator.

The two functions below are the NumPy versions of the examples in TensorFlow's
NumPy guide: a sigmoid and a small model (a relu layer, then a linear projection).
np2tf compiles them to TensorFlow graphs; we check the answers against NumPy and
time both.

Run: make demo
"""
import os
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # this script's choice: quiet TF logs

import numpy as np  # noqa: E402

import np2tf  # noqa: E402


def sigmoid(y):
    return 1.0 / (1.0 + np.exp(-y))


def predict(inputs, w1, bias, w2):
    y = np.matmul(inputs, w1) + bias
    y = np.maximum(y, 0)  # relu
    return np.matmul(y, w2)  # linear projection


def make_weights(size, rng):
    stddev = np.sqrt(size).astype(np.float32)
    w1 = rng.standard_normal((size, 64)).astype(np.float32) / stddev
    bias = rng.standard_normal(64).astype(np.float32)
    w2 = rng.standard_normal((64, 2)).astype(np.float32) / 8
    return w1, bias, w2


def median_ms(fn, *args, number=20, repeat=7):
    fn(*args)  # warm up (the first call of np2tf traces and compiles)
    times = timeit.repeat(lambda: fn(*args), number=number, repeat=repeat)
    return sorted(times)[len(times) // 2] / number * 1e3


def check(name, expected, got):
    assert got.dtype == expected.dtype and got.shape == expected.shape, name
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6, err_msg=name)
    print(f"  {name}: same answer as NumPy ({got.dtype}, shape {got.shape})")


def main():
    rng = np.random.default_rng(0)
    fast_sigmoid = np2tf.accelerate(sigmoid)
    fast_predict = np2tf.accelerate(predict)

    print("The generated TensorFlow code for sigmoid:")
    print(np2tf.to_code(sigmoid))

    print("Checking against NumPy:")
    x = rng.standard_normal(1000).astype(np.float32)
    check("sigmoid(float32)", sigmoid(x), fast_sigmoid(x))
    check("sigmoid(float64)", sigmoid(x.astype(np.float64)), fast_sigmoid(x.astype(np.float64)))
    weights = make_weights(32, rng)
    inputs = np.ones((2, 32), dtype=np.float32)
    check("predict", predict(inputs, *weights), fast_predict(inputs, *weights))
    print(np2tf.explain(fast_predict, inputs, *weights))

    print("\nSpeed (median ms per call):")
    print(f"  {'case':<24}{'NumPy':>10}{'np2tf':>10}{'ratio':>9}")
    for size in (2**0, 2**10, 2**20):
        y = rng.standard_normal(size).astype(np.float32)
        t_np, t_tf = median_ms(sigmoid, y), median_ms(fast_sigmoid, y)
        print(f"  {'sigmoid n=' + str(size):<24}{t_np:>10.4f}{t_tf:>10.4f}{t_np / t_tf:>8.2f}x")
    batch = rng.standard_normal((4096, 32)).astype(np.float32)
    t_np, t_tf = median_ms(predict, batch, *weights), median_ms(fast_predict, batch, *weights)
    print(f"  {'predict batch=4096':<24}{t_np:>10.4f}{t_tf:>10.4f}{t_np / t_tf:>8.2f}x")
    print("(ratio > 1: np2tf is faster)")


if __name__ == "__main__":
    main()
