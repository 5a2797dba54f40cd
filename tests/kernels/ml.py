"""Machine learning: softmax, attention, convolution, a small CNN, k-means, logistic
regression."""
import numpy as np

from . import kernel


@kernel(lambda rng, n: (rng.standard_normal((n, n + 5)).astype(np.float32),), n=8, bench_n=512)
def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


@kernel(lambda rng, n: tuple(rng.standard_normal((2, n, 16)).astype(np.float32)
                             for _ in range(3)), n=8, bench_n=256)
def attention(q, k, v):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w /= w.sum(axis=-1, keepdims=True)
    return w @ v


@kernel(lambda rng, n: (rng.standard_normal((2, n, n, 3)), rng.standard_normal((3, 3, 3, 4)),
                        rng.standard_normal(4)), n=7, bench_n=32)
def conv2d_bias(x, w, b):
    N, H, W, C = x.shape
    K = w.shape[0]
    H_out = H - K + 1
    W_out = W - K + 1
    out = np.zeros((N, H_out, W_out, w.shape[3]), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j, :] = np.sum(x[:, i:i + K, j:j + K, :, np.newaxis] *
                                     w[np.newaxis, :, :, :], axis=(1, 2, 3))
    return out + b


def _cnn_inputs(rng, n):
    f32 = np.float32
    x = rng.standard_normal((3, n, n, 2)).astype(f32)
    w1 = (rng.standard_normal((3, 3, 2, 4)) / 4).astype(f32)
    b1 = rng.standard_normal(4).astype(f32)
    side = (n - 2) // 2
    w2 = (rng.standard_normal((side * side * 4, 5)) / 8).astype(f32)
    b2 = rng.standard_normal(5).astype(f32)
    return x, w1, b1, w2, b2


@kernel(_cnn_inputs, n=10, bench_n=34)
def cnn_forward(x, w1, b1, w2, b2):
    N, H, W, C = x.shape
    K = w1.shape[0]
    Ho, Wo = H - K + 1, W - K + 1
    h = np.zeros((N, Ho, Wo, w1.shape[3]), dtype=x.dtype)
    for di in range(K):
        for dj in range(K):
            h += x[:, di:di + Ho, dj:dj + Wo, :] @ w1[di, dj]
    h = np.maximum(h + b1, 0)                                   # relu
    h = h[:, :Ho // 2 * 2, :Wo // 2 * 2, :]
    p = h.reshape(N, Ho // 2, 2, Wo // 2, 2, -1).max(axis=(2, 4))   # 2x2 max pooling
    logits = p.reshape(N, -1) @ w2 + b2
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def _kmeans_inputs(rng, n):
    X = np.concatenate([rng.standard_normal((n, 2)) + c for c in ((0, 0), (5, 5), (0, 6))])
    centers = np.array([[1.0, 1.0], [4.0, 4.0], [-30.0, -30.0], [0.5, 5.0]])  # one stays empty
    return X, centers


@kernel(_kmeans_inputs, n=10, bench_n=2000)
def kmeans_step(X, centers):
    d = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    labels = np.argmin(d, axis=1)
    new = np.zeros_like(centers)
    counts = np.zeros(centers.shape[0])
    for k in range(centers.shape[0]):
        mask = labels == k
        counts[k] = mask.sum()
        if counts[k] > 0:
            new[k] = X[mask].mean(axis=0)
        else:
            new[k] = centers[k]
    return new, labels


def _logreg_inputs(rng, n):
    X = rng.standard_normal((4 * n, n))
    y = (X @ rng.standard_normal(n) > 0).astype(np.float64)
    return X, y, np.zeros(n), 0.1, 5


@kernel(_logreg_inputs, n=6, bench_n=100)
def logistic_regression(X, y, w, lr, epochs):
    for _ in range(epochs):
        z = X @ w
        p = 1.0 / (1.0 + np.exp(-z))
        grad = X.T @ (p - y) / X.shape[0]
        w -= lr * grad
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


@kernel(lambda rng, n: (rng.standard_normal((n, 12)).astype(np.float32),
                        rng.random(12).astype(np.float32), rng.random(12).astype(np.float32)),
        n=6, bench_n=4096)
def layer_norm(x, gamma, beta):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5) * gamma + beta


@kernel(lambda rng, n: (rng.random((n, 5)) * 10,), n=6, bench_n=10_000)
def center_rows(A):
    for row in A:
        row -= row.mean()


@kernel(lambda rng, n: (rng.random((4 * n, 2)), rng.integers(0, 2, 4 * n), rng.random((n, 2)), 3),
        n=5, bench_n=500)
def knn_predict(X_train, y_train, X_test, k):
    d = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=-1)
    nearest = np.argsort(d, axis=1)[:, :k]
    return (y_train[nearest].mean(axis=1) > 0.5).astype(np.int64)


def _lloyd_inputs(rng, n):
    X, centers = _kmeans_inputs(rng, n)
    return X, centers[:3], 4


@kernel(_lloyd_inputs, n=10, bench_n=2000)
def kmeans_lloyd(X, centers, iters):
    k = centers.shape[0]
    for _ in range(iters):
        d = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        labels = d.argmin(axis=1)
        counts = np.bincount(labels, minlength=k)
        sums = np.zeros_like(centers)
        np.add.at(sums, labels, X)
        centers = sums / np.maximum(counts, 1)[:, None]
    return centers, labels
