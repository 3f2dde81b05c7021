"""Record PyTorch 2.13's exact float outputs for the bit-exactness tests in test/tensor/exact.

Run with a Python that has torch 2.13 (CPU):
    /opt/torchenv/bin/python scripts/record-exact-fixtures.py
It writes test/fixtures/exact/softmax.json. Every number is float.hex() of the value (float32
values widen to Python floats exactly), so the tests compare bit patterns, not decimals.
Cases: softmax / log_softmax along the last dim (row lengths 1-70, many scales, -inf entries,
all -inf rows, NaN), softmax along other dims, sigmoid and exp, float32 and float64, and small
float32 matmuls.
"""

import hashlib
import json
import os
import struct

# One OpenMP thread, as the oracle's torch-run.py and every other recorder here run PyTorch:
# how parallel_for splits work decides some results (softmax along other dims, long sigmoid).
os.environ["OMP_NUM_THREADS"] = "1"
import torch  # noqa: E402

torch.manual_seed(20261126)
SCALES = [1e-3, 0.1, 1.0, 3.0, 10.0, 30.0, 100.0]


def hx(t):
    return [float(v).hex() for v in t.detach().reshape(-1).tolist()]


def row(n, k, dtype):
    scale = SCALES[k % len(SCALES)]
    x = (torch.randn(n, dtype=torch.float64) * scale + (k % 3 - 1) * scale).to(dtype)
    if k % 4 == 3 and n > 1:
        x[torch.randperm(n)[: max(1, n // 3)]] = float("-inf")
    return x


cases = {"lastdim": [], "inner": [], "sigmoid": [], "exp": [], "matmul": []}
for dtype in (torch.float32, torch.float64):
    dn = str(dtype).replace("torch.", "")
    # float64 is only checked to 1e-6 (not replayed bit for bit), so fewer rows suffice.
    lengths = range(1, 71) if dtype == torch.float32 else range(1, 71, 2)
    for n in lengths:
        for k in range(8 if dtype == torch.float32 else 2):
            x = row(n, k, dtype)
            cases["lastdim"].append(
                {"dtype": dn, "x": hx(x), "softmax": hx(x.softmax(-1)), "log_softmax": hx(x.log_softmax(-1))}
            )
    specials = [
        [float("-inf")] * 5,
        [float("-inf")] * 20,
        [1.0, float("nan"), 2.0],
        [0.0, float("inf"), 1.0],
        [float("inf")] * 3,
        [-0.0, 0.0, -0.0],
        [1e30, -1e30, 3e29],
        [88.0, -88.0, 0.0, 100.0],
    ]
    for v in specials:
        x = torch.tensor(v, dtype=dtype)
        cases["lastdim"].append(
            {"dtype": dn, "x": hx(x), "softmax": hx(x.softmax(-1)), "log_softmax": hx(x.log_softmax(-1))}
        )
    # The reproduction from the lesson: causal mask then softmax.
    scores = torch.tensor(
        [[0.5, 0.7, 0.8, 0.9], [0.6, 0.5, 0.4, 0.8], [0.2, 0.4, 0.5, 0.7], [0.3, 0.5, 0.6, 0.8]], dtype=dtype
    )
    causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
    x = scores.masked_fill(causal, float("-inf"))
    cases["lastdim"].append(
        {"dtype": dn, "shape": [4, 4], "x": hx(x), "softmax": hx(x.softmax(-1)), "log_softmax": hx(x.log_softmax(-1))}
    )
    for shape, dim in [
        ([5, 3], 0), ([7, 16], 0), ([4, 37], 0), ([3, 6, 20], 1), ([2, 9, 33], 1), ([65, 2], 0),
        ([3, 4, 5, 6], 1), ([6, 17, 2], 0), ([1, 70, 18], 1), ([8, 8], 0),
    ]:
        x = torch.randn(shape, dtype=torch.float64).mul(3).to(dtype)
        cases["inner"].append(
            {"dtype": dn, "shape": shape, "dim": dim, "x": hx(x), "softmax": hx(x.softmax(dim)),
             "log_softmax": hx(x.log_softmax(dim))}
        )
    for n in [1, 5, 31, 32, 33, 63, 64, 70, 100, 257]:
        x = (torch.randn(n, dtype=torch.float64) * 6).to(dtype)
        cases["sigmoid"].append({"dtype": dn, "x": hx(x), "y": hx(x.sigmoid())})
        cases["exp"].append({"dtype": dn, "x": hx(x), "y": hx(x.exp())})

for m, k, n in [(1, 1, 1), (2, 3, 4), (4, 4, 4), (4, 8, 4), (3, 16, 5), (8, 32, 8), (5, 64, 7), (16, 17, 16),
                (64, 64, 64), (4, 2, 4), (1, 64, 1), (7, 5, 3)]:
    a = torch.randn(m, k)
    b = torch.randn(k, n)
    cases["matmul"].append({"dtype": "float32", "m": m, "k": k, "n": n, "a": hx(a), "b": hx(b), "y": hx(a @ b)})


# Large tensors, stored as a SHA-256 of the little-endian float32 bytes: they exercise the fast exp path,
# the split of work between PyTorch's threads (one here) and long reductions. Inputs are exact in both
# languages: ((i * 2654435761 + 12345) mod 2^24) / 2^24 - 0.5, times a power of two.
def lcg_input(n, scale):
    idx = torch.arange(n, dtype=torch.int64)
    v = ((idx * 2654435761 + 12345) % 16777216).to(torch.float64) / 16777216.0 - 0.5
    return (v * scale).to(torch.float32)


def digest(t):
    bits = t.contiguous().view(torch.int32).reshape(-1).tolist()
    return hashlib.sha256(struct.pack(f"<{len(bits)}i", *bits)).hexdigest()


cases["large"] = []
for shape, dim, op, scale in [
    ([40, 4096], -1, "softmax", 32.0), ([40, 4096], -1, "log_softmax", 32.0), ([3, 50, 700], 1, "softmax", 16.0),
    ([64, 1000], 0, "softmax", 16.0), ([64, 1000], 0, "log_softmax", 16.0), ([100003], None, "sigmoid", 16.0),
    ([40000], None, "sigmoid", 16.0), ([65537], None, "sigmoid", 16.0),
]:
    numel = 1
    for size in shape:
        numel *= size
    x = lcg_input(numel, scale).reshape(shape)
    y = x.sigmoid() if op == "sigmoid" else getattr(x, op)(dim)
    cases["large"].append({"shape": shape, "dim": dim, "op": op, "scale": scale, "sha256": digest(y)})

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "exact", "softmax.json")
with open(out, "w") as fh:
    json.dump({"torch": torch.__version__, "capability": torch.backends.cpu.get_cpu_capability(), **cases}, fh)
print("wrote", out)
