"""Record PyTorch's CPU random streams for test/tensor/random.

Run with the real PyTorch (2.13, CPU):
    /opt/torchenv/bin/python scripts/record-random-fixtures.py

Writes test/fixtures/random/torch-random.json. Floats are stored as JSON numbers written with
repr(), which round-trips every double (and so every float32 widened by .tolist()) exactly;
int64 values and seeds are strings so nothing above 2**53 is lost.

Each "sequence" reseeds once and then makes its calls in order, so the fixtures also pin down
how much generator state each call consumes (and the scalar normal sampler's cached value).
"""

import json
import math
import pathlib
import platform
import struct

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "test/fixtures/random/torch-random.json"

SEEDS = [0, 1, 3, 42, 1234, 2**32 + 5, 2**63 + 12345, -1, -(2**40), 2**64 - 1]
SIZES = [1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 1000]
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def floats(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def ints(t):
    return [str(int(v)) for v in t.reshape(-1).tolist()]


def run(call):
    """Run one call description against the default generator and return it with its output."""
    fn = call["fn"]
    if fn in ("rand", "randn"):
        dtype = getattr(torch, call["dtype"])
        t = (torch.rand if fn == "rand" else torch.randn)(*call["shape"], dtype=dtype)
        values = floats(t.float() if call["dtype"] in ("float16", "bfloat16") else t)
    elif fn == "randn_like_t":
        # randn_like of a transposed (dense but not contiguous) tensor: PyTorch skips the
        # 16-wide path; values are listed in memory order.
        rows, cols = call["shape"]
        like = torch.empty(cols, rows, dtype=getattr(torch, call["dtype"])).t()
        t = torch.randn_like(like)
        assert not t.is_contiguous()
        values = floats(t.t())
    elif fn == "randint":
        t = torch.randint(int(call["low"]), int(call["high"]), (call["n"],))
        assert t.dtype == torch.int64
        values = ints(t)
    elif fn == "randperm":
        t = torch.randperm(call["n"])
        assert t.dtype == torch.int64
        values = ints(t)
    else:
        raise ValueError(fn)
    return {**call, "values": values}


def sequence(seed, calls, name):
    torch.manual_seed(seed)
    assert torch.initial_seed() == seed % 2**64
    return {"name": name, "seed": str(seed), "initialSeed": str(torch.initial_seed()),
            "calls": [run(c) for c in calls]}


def fnv1a_bits(t):
    """FNV-1a over the little-endian bytes of a float tensor (16-bit dtypes widened to float32)."""
    fmt = "d" if t.dtype == torch.float64 else "f"
    h = 0x811C9DC5
    for b in struct.pack("<%d%s" % (t.numel(), fmt), *t.tolist()):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def main():
    seqs = []
    for seed in SEEDS:
        for dtype in DTYPES:
            seqs.append(sequence(seed, [{"fn": "rand", "dtype": dtype, "shape": [n]} for n in SIZES],
                                 f"rand {dtype} sizes, seed {seed}"))
            seqs.append(sequence(seed, [{"fn": "randn", "dtype": dtype, "shape": [n]} for n in SIZES],
                                 f"randn {dtype} sizes, seed {seed}"))
        seqs.append(sequence(seed, [
            {"fn": "randint", "low": "0", "high": "10", "n": 20},
            {"fn": "randint", "low": "-5", "high": "5", "n": 17},
            {"fn": "randint", "low": "0", "high": str(2**32 - 1), "n": 5},
            {"fn": "randint", "low": "0", "high": str(2**32), "n": 5},
            {"fn": "randint", "low": str(-(2**40)), "high": str(2**40), "n": 5},
            {"fn": "randint", "low": str(-(2**63)), "high": str(2**63 - 1), "n": 5},
            {"fn": "randint", "low": "3", "high": "4", "n": 3},
            {"fn": "randint", "low": str(2**62), "high": str(2**62 + 7), "n": 5},
            {"fn": "randint", "low": "0", "high": "1000000007", "n": 33},
            {"fn": "randint", "low": "0", "high": str(2**28 - 1), "n": 4},
            {"fn": "randint", "low": "0", "high": str(2**28), "n": 4},
            {"fn": "randint", "low": str(-(2**40)), "high": str(-(2**40) + 10), "n": 6},
            {"fn": "randint", "low": str(2**45), "high": str(2**45 + 1000), "n": 6},
            {"fn": "randint", "low": "-3000000000", "high": "-2999999990", "n": 6},
        ], f"randint ranges, seed {seed}"))
        seqs.append(sequence(seed, [{"fn": "randperm", "n": n} for n in [0, 1, 2, 6, 20, 100, 1000]],
                             f"randperm sizes, seed {seed}"))
        for dtype in ("float16", "bfloat16"):
            seqs.append(sequence(seed, [{"fn": "rand", "dtype": dtype, "shape": [n]} for n in [1, 5, 40]],
                                 f"rand {dtype}, seed {seed}"))

    # Mixed sequences: state carried from one kind of call to the next, including the cached
    # second Box-Muller value of the scalar (fewer than 16 elements) normal sampler.
    mixed = [
        {"fn": "rand", "dtype": "float32", "shape": [3]},
        {"fn": "randn", "dtype": "float32", "shape": [2, 3]},
        {"fn": "randint", "low": "0", "high": "10", "n": 5},
        {"fn": "randn", "dtype": "float32", "shape": [1]},
        {"fn": "randperm", "n": 6},
        {"fn": "randn", "dtype": "float64", "shape": [1]},
        {"fn": "randn", "dtype": "float32", "shape": [4, 4]},
        {"fn": "randn", "dtype": "float32", "shape": [1]},
        {"fn": "rand", "dtype": "float64", "shape": [2]},
        {"fn": "randn", "dtype": "float32", "shape": [5]},
        {"fn": "randn", "dtype": "float64", "shape": [20]},
        {"fn": "randn", "dtype": "float32", "shape": [3]},
        {"fn": "randint", "low": "-3", "high": str(2**33), "n": 3},
        {"fn": "randn", "dtype": "float32", "shape": [2, 17]},
        {"fn": "randn_like_t", "dtype": "float32", "shape": [4, 5]},
        {"fn": "randn", "dtype": "float32", "shape": [1]},
        {"fn": "randn_like_t", "dtype": "float64", "shape": [3, 7]},
        {"fn": "randn_like_t", "dtype": "float32", "shape": [16, 3]},
    ]
    for seed in [0, 42, 2**32 + 5]:
        seqs.append(sequence(seed, mixed, f"mixed calls, seed {seed}"))
    odd = [{"fn": "randn", "dtype": "float32", "shape": [1]} for _ in range(5)] + [
        {"fn": "rand", "dtype": "float32", "shape": [1]},
        {"fn": "randn", "dtype": "float64", "shape": [3]},
        {"fn": "randn", "dtype": "float32", "shape": [1]},
    ]
    seqs.append(sequence(7, odd, "scalar normal cache, seed 7"))

    big = []

    def add_big(seed, fn, dtype, n):
        torch.manual_seed(seed)
        t = (torch.rand if fn == "rand" else torch.randn)(n, dtype=getattr(torch, dtype))
        big.append({"seed": str(seed), "fn": fn, "dtype": dtype, "n": n, "fnv1a": fnv1a_bits(t)})

    for seed in [0, 1, 2**32 + 5]:
        for n in [65536, 1000003]:
            add_big(seed, "randn", "float32", n)
            add_big(seed, "rand", "float32", n)
    add_big(0, "rand", "float64", 100000)
    # Enough draws that many land within rounding distance of 1.0 in the 16-bit dtypes.
    add_big(0, "rand", "float16", 200000)
    add_big(0, "rand", "bfloat16", 200000)

    seed_errors = []
    for bad in [2**64, -(2**63) - 1]:
        try:
            torch.manual_seed(bad)
        except Exception as e:  # noqa: BLE001 - we record whatever torch raises
            seed_errors.append({"seed": str(bad), "type": type(e).__name__, "message": str(e)})

    # Correctly rounded log/sin/cos (mpmath, 200 bits) at Box-Muller arguments, to check the
    # double-double kernels on their own; PyTorch's glibc agrees with these ~99.9% of the time.
    import random

    import mpmath

    mpmath.mp.prec = 200
    rng = random.Random(2026)
    libm = []
    for _ in range(1500):
        u = rng.getrandbits(53) / 2**53
        theta = 2 * math.pi * u
        libm.append({"x": 1 - u, "log": float(mpmath.log(mpmath.mpf(1 - u))), "theta": theta,
                     "sin": float(mpmath.sin(mpmath.mpf(theta))),
                     "cos": float(mpmath.cos(mpmath.mpf(theta)))})

    doc = {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cpuCapability": torch.backends.cpu.get_cpu_capability(),
        "note": "Recorded by scripts/record-random-fixtures.py; floats are repr()-exact.",
        "sequences": seqs,
        "large": big,
        "seedErrors": seed_errors,
        "correctlyRounded": libm,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(seqs)} sequences)")


if __name__ == "__main__":
    main()
