"""Data processing: histograms and binning, checksums (CRC32, Adler-32), CSR sparse
matrix-vector product, small sorts, polynomial evaluation, geo distances."""
import numpy as np

from . import kernel


@kernel(lambda rng, n: (rng.random(n), 10), n=100, bench_n=100_000)
def histogram(x, bins):
    counts, edges = np.histogram(x, bins=bins, range=(0.0, 1.0))
    return counts, edges


@kernel(lambda rng, n: (rng.random(n), 10), n=100, bench_n=100_000)
def binning_add_at(x, nbins):
    idx = np.floor(x * nbins).astype(np.int64)
    idx = np.clip(idx, 0, nbins - 1)
    counts = np.zeros(nbins, dtype=np.int64)
    np.add.at(counts, idx, 1)
    return counts


@kernel(lambda rng, n: (rng.random(n), rng.random(n), 10), n=100, bench_n=100_000)
def binning_bincount(x, w, nbins):
    idx = np.minimum((x * nbins).astype(np.int64), nbins - 1)
    return np.bincount(idx, weights=w, minlength=nbins)


@kernel(lambda rng, n: (rng.random(n), 8), n=40, bench_n=2000)
def binning_loop(x, nbins):
    counts = np.zeros(nbins, dtype=np.int64)
    for v in x:
        b = int(v * nbins)
        if b == nbins:
            b = nbins - 1
        counts[b] += 1
    return counts


def _bytes(rng, n):
    return (rng.integers(0, 256, size=n).astype(np.uint8),)


@kernel(_bytes, n=24, bench_n=1000)
def crc32_bitwise(data):
    crc = np.uint32(0xFFFFFFFF)
    for b in data:
        crc ^= np.uint32(b)
        for _ in range(8):
            if crc & 1:
                crc = (crc >> 1) ^ np.uint32(0xEDB88320)
            else:
                crc = crc >> 1
    return crc ^ np.uint32(0xFFFFFFFF)


@kernel(_bytes, n=64, bench_n=10_000)
def crc32_table(data):
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1)
    crc = np.uint32(0xFFFFFFFF)
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return ~crc


@kernel(_bytes, n=64, bench_n=10_000)
def adler32(data):
    a = 1
    b = 0
    for byte in data.astype(np.int64):
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return (b << 16) | a


def _csr(rng, n):
    dense = rng.random((n, n + 3)) * (rng.random((n, n + 3)) < 0.3)
    dense[2] = 0.0                                   # an empty row
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum((dense != 0).sum(axis=1))
    rows, cols = np.nonzero(dense)
    return indptr, cols.astype(np.int64), dense[rows, cols], rng.random(n + 3)


@kernel(_csr, n=10, bench_n=2000)
def spmv_csr(indptr, indices, data, x):
    n = indptr.shape[0] - 1
    y = np.zeros(n, dtype=data.dtype)
    for i in range(n):
        y[i] = np.dot(data[indptr[i]:indptr[i + 1]], x[indices[indptr[i]:indptr[i + 1]]])
    return y


@kernel(lambda rng, n: (rng.integers(-100, 100, size=n).astype(np.int32),), n=10, bench_n=100)
def bubble_sort(a):
    n = a.shape[0]
    for i in range(n):
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]


@kernel(lambda rng, n: (rng.random(n).astype(np.float32),), n=10, bench_n=100)
def insertion_sort(a):
    for i in range(1, a.shape[0]):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key


@kernel(lambda rng, n: (rng.standard_normal(7), rng.uniform(-1, 1, n)), n=20, bench_n=100_000)
def horner(coeffs, x):
    result = np.zeros_like(x)
    for c in coeffs:
        result = result * x + c
    return result


@kernel(lambda rng, n: (rng.uniform(-90, 90, n), rng.uniform(-180, 180, n),
                        rng.uniform(-90, 90, n), rng.uniform(-180, 180, n)),
        n=20, bench_n=100_000)
def haversine(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


@kernel(lambda rng, n: (rng.integers(1, 50, size=n),), n=16, bench_n=10_000)
def collatz_steps(x):
    x = x.copy()
    steps = np.zeros_like(x)
    while np.any(x != 1):
        active = x != 1
        x = np.where(active, np.where(x % 2 == 0, x // 2, 3 * x + 1), x)
        steps += active
    return steps


@kernel(lambda rng, n: (n,), n=50, bench_n=100_000)
def sieve(n):
    is_prime = np.ones(n + 1, dtype=bool)
    is_prime[:2] = False
    for i in range(2, int(n ** 0.5) + 1):
        if is_prime[i]:
            is_prime[i * i::i] = False
    return np.nonzero(is_prime)[0]


@kernel(lambda rng, n: (rng.random(n), 0.6), n=16, bench_n=2000)
def filter_append(a, t):
    out = np.empty(0)
    for i in range(a.shape[0]):
        if a[i] > t:
            out = np.concatenate([out, a[i:i + 1]])
    return out


@kernel(_bytes, n=40, bench_n=10_000)
def checksum8(data):
    s = np.uint8(0)
    for x in data:
        s = s + x          # wraps around in uint8, as intended
    return s


def _sparse_pair(rng, n):
    a = rng.random(n) * (rng.random(n) < 0.5)
    return a, rng.random(n)


@kernel(_sparse_pair, n=20, bench_n=10_000)
def sparse_dot_skip(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        if a[i] == 0:
            continue
        s += a[i] * b[i]
    return s


@kernel(lambda rng, n: (np.sort(rng.random(n)),), n=20, bench_n=10_000)
def is_sorted(a):
    for i in range(a.shape[0] - 1):
        if a[i] > a[i + 1]:
            break
    else:
        return True
    return False


@kernel(lambda rng, n: (rng.random(n), rng.random(n)), n=20, bench_n=10_000)
def polyline_length(xs, ys):
    total = 0.0
    for x0, x1, y0, y1 in zip(xs[:-1], xs[1:], ys[:-1], ys[1:]):
        total += np.hypot(x1 - x0, y1 - y0)
    return total


@kernel(lambda rng, n: (int(rng.integers(1, 10**6)), int(rng.integers(1, 10**6))), n=1, bench_n=1)
def euclid_gcd(a, b):
    while b:
        a, b = b, a % b
    return a


@kernel(lambda rng, n: (np.concatenate([rng.standard_normal(n), [8.0, -9.0, 7.5]]),),
        n=30, bench_n=100_000)
def sigma_clip(x):
    while True:
        z = (x - x.mean()) / x.std()
        keep = np.abs(z) <= 2.5
        if np.all(keep):
            break
        x = x[keep]
    return x.mean(), x.shape[0]


@kernel(lambda rng, n: (rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32),),
        n=50, bench_n=1_000_000)
def popcount32(v):
    v = v - ((v >> 1) & np.uint32(0x55555555))
    v = (v & np.uint32(0x33333333)) + ((v >> 2) & np.uint32(0x33333333))
    v = (v + (v >> 4)) & np.uint32(0x0F0F0F0F)
    return (v * np.uint32(0x01010101)) >> 24


@kernel(lambda rng, n: ((rng.random(n) < 0.5).astype(np.int64), 10), n=30, bench_n=100_000)
def rule30(cells, steps):
    rule = 30
    for _ in range(steps):
        left = np.roll(cells, 1)
        right = np.roll(cells, -1)
        cells = (rule >> (4 * left + 2 * cells + right)) & 1
    return cells


@kernel(lambda rng, n: (rng.random(n) * 1e10,), n=40, bench_n=10_000)
def kahan_sum(x):
    s = 0.0
    c = 0.0
    for v in x:
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


@kernel(lambda rng, n: (rng.integers(-30000, 30000, n).astype(np.int16),
                        rng.integers(-8000, 8000, 5).astype(np.int16)), n=30, bench_n=2000)
def fir_q15(x, h):
    # fixed-point FIR filter: Q15 taps, int32 accumulator, saturated int16 output
    n = x.shape[0]
    y = np.zeros(n, dtype=np.int16)
    for i in range(h.shape[0] - 1, n):
        acc = np.int32(0)
        for k in range(h.shape[0]):
            acc += np.int32(x[i - k]) * np.int32(h[k])
        y[i] = np.clip(acc >> 15, -32768, 32767)
    return y


@kernel(lambda rng, n: (rng.random(n),), n=16, bench_n=1024)
def dft(x):
    N = x.shape[0]
    n = np.arange(N)
    k = n.reshape((N, 1))
    M = np.exp(-2j * np.pi * k * n / N)
    return M @ x


@kernel(lambda rng, n: (rng.integers(0, n, 4 * n), rng.integers(0, n + 1, 4 * n),
                        rng.random(4 * n), n, n + 1), n=5, bench_n=1000)
def coo_to_dense(rows, cols, vals, m, n):
    dense = np.zeros((m, n))
    np.add.at(dense, (rows, cols), vals)   # duplicate entries add up
    return dense


@kernel(lambda rng, n: (rng.random((n, 3)) + 0.1, rng.integers(0, 3, n)), n=6, bench_n=100_000)
def cross_entropy(p, y):
    n = p.shape[0]
    p = p / p.sum(axis=1, keepdims=True)
    onehot = np.zeros_like(p)
    onehot[np.arange(n), y] = 1
    return -np.log(p[np.arange(n), y]).mean(), onehot


def _forest(rng, n):
    parent = np.arange(n)
    for i in range(1, n):
        if rng.random() < 0.7:
            parent[i] = rng.integers(0, i)
    return (parent,)


@kernel(_forest, n=12, bench_n=1000)
def find_roots(parent):
    roots = np.empty_like(parent)
    for i in range(parent.shape[0]):
        x = i
        while parent[x] != x:
            x = parent[x]
        roots[i] = x
    return roots


@kernel(lambda rng, n: (np.sort(rng.random(n)), rng.random(n), rng.random(2 * n)),
        n=10, bench_n=100_000)
def interp_linear(xp, fp, x):
    idx = np.clip(np.searchsorted(xp, x) - 1, 0, xp.shape[0] - 2)
    t = (x - xp[idx]) / (xp[idx + 1] - xp[idx])
    return fp[idx] * (1 - t) + fp[idx + 1] * t


@kernel(lambda rng, n: (rng.random(n), rng.random(n)), n=20, bench_n=100_000)
def spearman(a, b):
    ra = np.argsort(np.argsort(a)).astype(np.float64)
    rb = np.argsort(np.argsort(b)).astype(np.float64)
    ra -= ra.mean()
    rb -= rb.mean()
    return (ra @ rb) / np.sqrt((ra @ ra) * (rb @ rb))


@kernel(lambda rng, n: (12345, n), n=20, bench_n=10_000)
def lcg_uint32(seed, n):
    # Numerical Recipes' linear congruential generator: uint32 arithmetic wraps
    x = np.uint32(seed)
    out = np.zeros(n, dtype=np.uint32)
    for i in range(n):
        x = x * np.uint32(1664525) + np.uint32(1013904223)
        out[i] = x
    return out


@kernel(lambda rng, n: (rng.standard_normal(n), 10.0), n=40, bench_n=100_000)
def robust_scale(x, t):
    # scale by the 95th percentile when there are outliers, by the maximum otherwise
    if np.abs(x).max() > t:
        s = np.percentile(np.abs(x), 95)
    else:
        s = np.abs(x).max()
    return x / s
