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
