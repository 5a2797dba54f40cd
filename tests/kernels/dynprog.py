"""Dynamic programming and scans: Floyd-Warshall, Nussinov, LCS, knapsack, prefix sums."""
import numpy as np

from . import kernel


def _graph(rng, n):
    w = rng.integers(1, 20, size=(n, n)).astype(np.float64)
    w[rng.random((n, n)) < 0.4] = np.inf
    np.fill_diagonal(w, 0.0)
    return w


@kernel(lambda rng, n: (_graph(rng, n),), n=6, bench_n=40)
def floyd_warshall(path):
    n = path.shape[0]
    for k in range(n):
        for i in range(n):
            for j in range(n):
                if path[i, k] + path[k, j] < path[i, j]:
                    path[i, j] = path[i, k] + path[k, j]


@kernel(lambda rng, n: (_graph(rng, n),), n=12, bench_n=300)
def floyd_warshall_vec(path):
    for k in range(path.shape[0]):
        path[:] = np.minimum(path, path[:, k, None] + path[None, k, :])


def _match(b1, b2):
    return 1 if b1 + b2 == 3 else 0


@kernel(lambda rng, n: (rng.integers(0, 4, size=n).astype(np.int32),), n=8, bench_n=60)
def nussinov(seq):
    n = seq.shape[0]
    table = np.zeros((n, n), dtype=np.int32)
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if j - 1 >= 0:
                table[i, j] = max(table[i, j], table[i, j - 1])
            if i + 1 < n:
                table[i, j] = max(table[i, j], table[i + 1, j])
            if j - 1 >= 0 and i + 1 < n:
                if i < j - 1:
                    table[i, j] = max(table[i, j], table[i + 1, j - 1] + _match(seq[i], seq[j]))
                else:
                    table[i, j] = max(table[i, j], table[i + 1, j - 1])
            for k in range(i + 1, j):
                table[i, j] = max(table[i, j], table[k + 1, j] + table[i, k])
    return table


@kernel(lambda rng, n: (rng.integers(0, 4, size=n), rng.integers(0, 4, size=n + 3)),
        n=8, bench_n=60)
def lcs_length(a, b):
    m, n = len(a), len(b)
    L = np.zeros((m + 1, n + 1), dtype=np.int64)
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            if a[i - 1] == b[j - 1]:
                L[i, j] = L[i - 1, j - 1] + 1
            else:
                L[i, j] = max(L[i - 1, j], L[i, j - 1])
    return L[m, n]


@kernel(lambda rng, n: (rng.integers(1, 8, size=n), rng.random(n), 3 * n), n=8, bench_n=200)
def knapsack(weights, values, capacity):
    best = np.zeros(capacity + 1)
    for i in range(len(weights)):
        w = weights[i]
        best[w:] = np.maximum(best[w:], best[:capacity + 1 - w] + values[i])
    return best[capacity]


@kernel(lambda rng, n: (rng.random(n),), n=40, bench_n=2000)
def prefix_sum(a):
    out = np.empty_like(a)
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
        out[i] = s
    return out


@kernel(lambda rng, n: (rng.integers(-50, 50, size=n).astype(np.int32),), n=40, bench_n=2000)
def running_max(a):
    out = a.copy()
    for i in range(1, out.shape[0]):
        if out[i] < out[i - 1]:
            out[i] = out[i - 1]
    return out


@kernel(lambda rng, n: (rng.random(n),), n=40, bench_n=100_000)
def running_max_accumulate(a):
    return np.maximum.accumulate(a)


@kernel(lambda rng, n: (rng.random((n, n + 3)),), n=10, bench_n=1000)
def summed_area_table(img):
    # box filter of width 3 via an integral image
    s = np.zeros((img.shape[0] + 1, img.shape[1] + 1))
    s[1:, 1:] = np.cumsum(np.cumsum(img, axis=0), axis=1)
    return (s[3:, 3:] - s[:-3, 3:] - s[3:, :-3] + s[:-3, :-3]) / 9.0


@kernel(lambda rng, n: (rng.integers(0, 10, size=n),), n=20, bench_n=100_000)
def hillis_steele_scan(a):
    a = a.copy()
    k = 1
    while k < a.shape[0]:
        a[k:] += a[:-k]       # NumPy reads the right-hand side before writing
        k *= 2
    return a


def _hmm(rng, n):
    S = 3
    trans = rng.random((S, S))
    trans /= trans.sum(axis=1, keepdims=True)
    emit = rng.random((S, 4))
    emit /= emit.sum(axis=1, keepdims=True)
    start = np.full(S, 1.0 / S)
    return np.log(start), np.log(trans), np.log(emit), rng.integers(0, 4, size=n)


@kernel(_hmm, n=10, bench_n=1000)
def viterbi(log_start, log_trans, log_emit, obs):
    T = obs.shape[0]
    S = log_start.shape[0]
    score = np.zeros((T, S))
    back = np.zeros((T, S), dtype=np.int64)
    score[0] = log_start + log_emit[:, obs[0]]
    for t in range(1, T):
        cand = score[t - 1][:, None] + log_trans
        back[t] = np.argmax(cand, axis=0)
        score[t] = np.max(cand, axis=0) + log_emit[:, obs[t]]
    path = np.zeros(T, dtype=np.int64)
    path[T - 1] = np.argmax(score[T - 1])
    for t in range(T - 2, -1, -1):
        path[t] = back[t + 1, path[t + 1]]
    return path, np.max(score[T - 1])


@kernel(lambda rng, n: (rng.standard_normal(n), rng.standard_normal(n + 2)), n=6, bench_n=60)
def dtw_distance(x, y):
    n, m = x.shape[0], y.shape[0]
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = abs(x[i - 1] - y[j - 1])
            D[i, j] = cost + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]


@kernel(lambda rng, n: (rng.standard_normal(n), 6), n=24, bench_n=10_000)
def autocorrelation(x, maxlag):
    n = x.shape[0]
    x = x - x.mean()
    r = np.empty(maxlag)
    for lag in range(maxlag):
        r[lag] = np.dot(x[:n - lag], x[lag:]) / n
    return r / r[0]
