#!/usr/bin/env python3
"""Record the golden data for test/tensor/format and test/tensor/print.

    /opt/torchenv/bin/python scripts/record-print-fixtures.py

The float and format-spec tables need only CPython 3.11; the tensor reprs are recorded too when
torch is importable (PyTorch 2.13, CPU).

Writes test/fixtures/print/{pyfloat-cases,format-spec-cases,tensor-repr-cases}.json.
Tests only read these files; they never run this script.
"""
import json
import math
import random
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "print"


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def random_doubles(rng):
    vals = []
    # Decimal-looking values of every magnitude.
    for _ in range(1200):
        k = rng.randint(-30, 30)
        vals.append(rng.random() * 10.0**k * rng.choice((1, -1)))
    # Arbitrary bit patterns (finite only), which reach subnormals and huge exponents.
    while len(vals) < 1700:
        bits = rng.getrandbits(64)
        x = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if math.isfinite(x):
            vals.append(x)
    # float32-rounded values, as tensors hold them.
    for _ in range(700):
        k = rng.randint(-12, 12)
        vals.append(f32(rng.gauss(0, 1) * 10.0**k))
    # Exact ties at many positions: small dyadic fractions and half-integers.
    for _ in range(600):
        j = rng.randint(1, 12)
        n = rng.randint(0, 10**rng.randint(1, 8))
        vals.append((2 * n + 1) / 2**j * rng.choice((1, -1)))
    # Integers, including ties at large magnitudes (…5 × 10^k) and beyond 2^53.
    for _ in range(300):
        d = rng.randint(1, 9999) * 10 + 5
        vals.append(float(d * 10 ** rng.randint(0, 14)))
    for _ in range(100):
        vals.append(float(rng.getrandbits(rng.randint(54, 100))))
    vals += [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 1.03125, 0.125, 0.375, 9.5, 99.5, 999.5, 0.05,
             5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e16, 1e15, 9999999999999998.0,
             1e-4, 1e-5, 0.0001, 0.00001, 123456789.0, 1e22, 1e21, 3.4028234663852886e38,
             -3.4028234663852886e38, 1e300, 1e-300, 0.1, 0.2, 0.30000000000000004, 2.0**53, 2.0**63,
             f32(0.1), f32(1.1), f32(-1e9), 65504.0, 6.103515625e-05, 5.960464477539063e-08]
    return vals


def pyfloat_cases():
    rng = random.Random(20261126)
    cases = []
    for x in random_doubles(rng):
        r = repr(x)
        cases.append([r, "r", 0, r])
        precs = rng.sample(range(0, 9), 3)
        for p in precs:
            cases.append([r, "e", p, "{:.{}e}".format(x, p)])
        if abs(x) < 1e22 or rng.random() < 0.05:
            for p in rng.sample(range(0, 9), 3):
                cases.append([r, "f", p, "{:.{}f}".format(x, p)])
    # Long precisions exercise the exact (BigInt) paths.
    for x in [0.1, 1 / 3, 5e-324, 1e-300, 2.5, 1e23, 123.456]:
        for p in (17, 25, 40, 99, 100, 120):
            cases.append([repr(x), "f", p, "{:.{}f}".format(x, p)])
            cases.append([repr(x), "e", p, "{:.{}e}".format(x, p)])
    return {"python": sys.version.split()[0], "cases": cases}


def attempt(fn):
    try:
        return fn()
    except (ValueError, OverflowError) as e:
        return {"error": type(e).__name__, "message": str(e)}


def format_spec_cases():
    floats = [0.0, -0.0, 1.0, -1.5, 2.5, 1234.5, 1234567.891, -0.001, 1e-5, 1e16, 1e22, 1 / 3, 100.0,
              123456789.0, float("inf"), float("-inf"), float("nan"), 5e-324, 0.5, 1e-10, -1e-10, 9.995]
    ints = [0, 1, -1, 5, 42, -255, 1234, 65, 12345678, -(2**63), 2**64 + 1, 10**30, 0x1F600]
    strs = ["", "a", "abc", "héllo", "😀x"]
    specs = ["", "5", "<5", ">5", "^5", "^6", "=8", "*<7", "*>7", "*^7", "*=9", "0", "05", "010",
             "+", "-", " ", "+010", " 010", "z", "z.1f", "z.0f", "#", "#.0", "#.3", "#g", "#.0f", "#.0e",
             ",", "_", "010,", "012,", "013_", "0=12,", "0>12,", "0<12,", "*=12,", ",.2f", "_.3e",
             ".0", ".1", ".3", ".20", "e", "E", ".2e", "f", "F", ".2f", ".10f", "g", "G", ".3g", ".0g",
             "#.4g", "n", "%", ".1%", ",.2%", "d", "b", "#b", "o", "#o", "x", "#x", "X", "#X", "#010x",
             "_b", "#_b", "_x", "#012_x", "c", "5c", "<3c", "s", ".2", ".2s", "^9.3", "08.3", "+c",
             "#c", "05c", "*^5c", "z", ",c", ",n", ",,", ",_", "_,", ".", "..2", "abc", "xx", ",b", ",x", ",s", "_s",
             "=5", "%z", "0#", "+#x", " x", "-x", "08", "015,e", "\x01", "ab", "10000000000000000000000"]
    cases = []
    for spec in specs:
        for x in floats:
            cases.append(["float", repr(x), spec, attempt(lambda: format(x, spec))])
        for n in ints:
            cases.append(["int", str(n), spec, attempt(lambda: format(n, spec))])
        for s in strs:
            cases.append(["str", s, spec, attempt(lambda: format(s, spec))])
    return {"python": sys.version.split()[0], "cases": cases}



# ---------------------------------------------------------------------------------------------
# Tensor reprs (needs torch)


def encode_value(v):
    """JSON for one element: ints as decimal strings (int64 is exact), floats by repr."""
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def tensor_cases():
    import torch

    cases = []
    opts_default = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)

    def add(case_id, t, options=None):
        opts = dict(opts_default, **(options or {}))
        torch.set_printoptions(profile="default")
        torch.set_printoptions(**opts)
        try:
            text = repr(t)
            assert text == str(t)
        finally:
            torch.set_printoptions(profile="default")
            torch.set_printoptions(sci_mode=None)
        flat = t.detach().reshape(-1)
        values = [encode_value(v) for v in flat.tolist()]
        case = {
            "id": case_id,
            "dtype": str(t.dtype).replace("torch.", ""),
            "shape": list(t.shape),
            "values": values,
            "expected": text,
        }
        if t.grad_fn is not None:
            case["gradFn"] = type(t.grad_fn).__name__
        elif t.requires_grad:
            case["requiresGrad"] = True
        if options:
            case["options"] = {
                "precision": opts["precision"],
                "threshold": opts["threshold"] if math.isfinite(opts["threshold"]) else "inf",
                "edgeitems": opts["edgeitems"],
                "linewidth": opts["linewidth"],
                "sciMode": opts["sci_mode"],
            }
        cases.append(case)

    inf, nan = float("inf"), float("nan")
    all_dtypes = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
                  torch.float16, torch.bfloat16, torch.float32, torch.float64]
    g = torch.Generator().manual_seed(1234)

    # Every dtype: 0-dim, 1-D, 2-D, empty shapes.
    for dt in all_dtypes:
        name = str(dt).replace("torch.", "")
        if dt == torch.bool:
            base = torch.rand(12, generator=g) > 0.5
        elif dt.is_floating_point:
            base = (torch.randn(12, generator=g, dtype=torch.float64) * 3).to(dt)
        else:
            info = torch.iinfo(dt)
            base = torch.randint(max(info.min, -300), min(info.max, 300) + 1, (12,), generator=g, dtype=dt)
        add(f"dtype/{name}/0d", base[3].clone())
        add(f"dtype/{name}/1d", base.clone())
        add(f"dtype/{name}/2d", base.reshape(3, 4).clone())
        add(f"dtype/{name}/3d", base.reshape(2, 3, 2).clone())
        for shape in [(0,), (0, 3), (2, 0), (1, 0, 2)]:
            add(f"dtype/{name}/empty{shape}", torch.empty(shape, dtype=dt))
        if dt.is_floating_point:
            add(f"dtype/{name}/specials", torch.tensor([0.0, -0.0, 1.5, -2.25, inf, -inf, nan], dtype=dt))
            add(f"dtype/{name}/ints", torch.tensor([1.0, -3.0, 100.0, inf], dtype=dt))
            add(f"dtype/{name}/sci", torch.tensor([1e-3, 7.0, 30000.0], dtype=dt))
            add(f"dtype/{name}/finfo", torch.tensor([torch.finfo(dt).min, torch.finfo(dt).max,
                                                      torch.finfo(dt).tiny, torch.finfo(dt).eps], dtype=dt))
        else:
            info = torch.iinfo(dt) if dt != torch.bool else None
            if info is not None:
                add(f"dtype/{name}/extremes", torch.tensor([info.min, 0, info.max, -1 if info.min < 0 else 1], dtype=dt))
    add("dtype/bfloat16/-1e9", torch.tensor([-1e9, 1.0, 2.5], dtype=torch.bfloat16))
    add("dtype/float16/1.1", torch.tensor([1.1, 2.0], dtype=torch.float16))

    # The formatter's modes.
    fl = lambda vals, dt=torch.float32: torch.tensor(vals, dtype=dt)  # noqa: E731
    add("mode/fixed", fl([1.5, 2.25, -3.0]))
    add("mode/ties", fl([0.03125, 1.03125, 2.5]))
    add("mode/ties-sci", fl([0.03125, 0.5, 2.5, 0.00015]))
    add("mode/ratio-1000", fl([1.0, 1000.0]))
    add("mode/ratio-1001", fl([1.0, 1001.0]))
    add("mode/ratio-frac", fl([0.5, 600.0]))
    add("mode/1e8", fl([1e8]))
    add("mode/above-1e8", fl([1e8 + 8, 1.0]))
    add("mode/1e8-frac", fl([1.5e8, 0.5]))
    add("mode/min-1e-4", fl([1e-4, 0.5]))
    add("mode/below-1e-4", fl([9e-5, 0.5]))
    add("mode/inf-nan-int", fl([inf, -inf, nan, 1.0]))
    add("mode/inf-nan-frac", fl([inf, -inf, nan, 1.5]))
    add("mode/neg-inf-sci", fl([-inf, 1e-9]))
    add("mode/mask-2d", fl([[1.0, -inf], [-inf, -inf]]))
    add("mode/zeros", fl([0.0, 0.0]))
    add("mode/neg-zero", fl([-0.0, 0.0]))
    add("mode/neg-zero-frac", fl([-0.0, 1.5]))
    add("mode/neg-zero-sci", fl([-0.0, 1e-7, 1.0]))
    add("mode/0d-neg-zero", fl(-0.0))
    add("mode/0d-int", fl(3.0))
    add("mode/0d-frac", fl(3.5))
    add("mode/0d-sci", fl(1e-6))
    add("mode/0d-inf", fl(-inf))
    add("mode/0d-nan", fl(nan))
    add("mode/all-inf", fl([inf, -inf]))
    add("mode/all-nan-2d", fl([[nan, nan], [0.0, nan]]))
    add("mode/big-int-mode", fl([123456789.0, 1.0], torch.float64))
    add("mode/f32-max", fl([-3.4028234663852886e38, 0.0]))
    add("mode/huge", fl([3e38, -3e38]))
    add("mode/subnormal", fl([1e-45, 1.0]))
    add("mode/f64-tiny", fl([5e-324, 1.0], torch.float64))
    add("mode/f64-precise", fl([0.1, 0.2, 0.30000000000000004], torch.float64))
    add("mode/width-neg", fl([-1.5, 22.25, -333.125]))
    add("mode/int-mode-neg", fl([-1.0, 20.0, -300.0, 0.0]))
    add("mode/scale-6", torch.randn(5, generator=g) * 1e6)
    add("mode/scale-minus-6", torch.randn(5, generator=g) * 1e-6)
    add("mode/mixed-width-sci", fl([1e-20, 1e20, -1e-5, 0.0, inf]))
    add("bool/2d", torch.tensor([[True, False], [False, True]]))
    add("bool/0d", torch.tensor(True))
    add("bool/all-true", torch.ones(3, dtype=torch.bool))
    add("int/big", torch.tensor([123456789012, 1]))
    add("int/int64-extremes", torch.tensor([-(2**63), 2**63 - 1, 0]))
    add("int/width", torch.tensor([1, -20, 300], dtype=torch.int32))

    # Layout: wrapping, nesting, blank lines.
    add("wrap/int-100", torch.arange(100) * 1000)
    add("wrap/float-14", torch.arange(14, dtype=torch.float64) * 1.5)
    add("wrap/float-rand-30", torch.randn(30, generator=g))
    add("wrap/sci-30", torch.randn(30, generator=g) * 1e5)
    add("wrap/bool-40", torch.rand(40, generator=g) > 0.5)
    add("wrap/2d-rows", torch.randn(3, 25, generator=g))
    add("wrap/3d-rows", torch.randn(2, 2, 20, generator=g))
    add("wrap/wide-elements", fl([1.0e-30, 123456.0, -987654.0] * 5, torch.float64))
    add("nest/2d", torch.arange(6).reshape(2, 3))
    add("nest/3d", torch.arange(24).reshape(2, 3, 4))
    add("nest/3d-float", torch.arange(12, dtype=torch.float32).reshape(2, 2, 3) / 4)
    add("nest/4d", torch.arange(24).reshape(2, 2, 2, 3))
    add("nest/4d-float", torch.randn(2, 3, 2, 2, generator=g))
    add("nest/5d", torch.arange(32).reshape(2, 2, 2, 2, 2))
    add("nest/size-1", torch.tensor([[[7.0]]]))
    add("nest/column", torch.arange(5).reshape(5, 1))

    # Summarization (numel > 1000).
    add("summ/1d", torch.arange(2000))
    add("summ/1d-1001", torch.arange(1001, dtype=torch.float32) / 7)
    add("summ/1d-1000", torch.arange(1000))
    add("summ/2d", torch.arange(1200, dtype=torch.float32).reshape(40, 30))
    add("summ/2d-wide", torch.arange(1200).reshape(2, 600))
    add("summ/2d-tall", torch.arange(1200).reshape(600, 2))
    add("summ/3d-ones", torch.ones(20, 10, 10))
    add("summ/4d", torch.randn(4, 5, 6, 10, generator=g))
    add("summ/bool", torch.rand(1500, generator=g) > 0.5)
    add("summ/float16", (torch.randn(40, 40, generator=g) * 100).to(torch.float16))
    add("summ/bfloat16", torch.randn(1100, generator=g).to(torch.bfloat16))
    hidden = torch.ones(1200)
    hidden[600] = 1e12
    hidden[601] = 0.001
    add("summ/hidden-extremes", hidden)
    add("summ/int8-2d", torch.randint(-128, 128, (50, 50), generator=g, dtype=torch.int8))
    add("summ/float64-3d", torch.randn(11, 11, 11, generator=g, dtype=torch.float64))

    # Suffixes and their wrapping quirk.
    add("suffix/requires-grad", torch.tensor([1.0, 2.0], requires_grad=True))
    add("suffix/grad-fn", torch.tensor([1.0, 2.0], requires_grad=True).softmax(dim=0))
    add("suffix/f64-grad-fn", torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True) * 2)
    add("suffix/wrap-2d", torch.arange(20, dtype=torch.float32).reshape(2, 10).requires_grad_())
    add("suffix/wrap-f64-mul", torch.arange(14, dtype=torch.float64).requires_grad_() * 1.5)
    add("suffix/empty-requires-grad", torch.empty(0, 3, requires_grad=True))
    add("suffix/0d-grad-fn", torch.tensor(2.0, requires_grad=True) * 3)
    for n in range(5, 16):
        # Bodies around the 80-column boundary: where requires_grad=True starts to wrap.
        add(f"suffix/edge-{n}", torch.arange(n, dtype=torch.float32).requires_grad_())
        add(f"suffix/edge-f64-{n}", (torch.arange(n, dtype=torch.float64) / 2).requires_grad_())
    for n in range(8, 14):
        add(f"suffix/edge-int32-{n}", torch.arange(n, dtype=torch.int32) * 100000)

    # Non-default options (torch.set_printoptions).
    x = torch.randn(3, 4, generator=g, dtype=torch.float64)
    add("opts/precision-2", x, dict(precision=2))
    add("opts/precision-0", x, dict(precision=0))
    add("opts/precision-8", x, dict(precision=8))
    add("opts/sci-on", x, dict(sci_mode=True))
    add("opts/sci-off", fl([1e-8, 1e8]), dict(sci_mode=False))
    add("opts/sci-on-zeros", fl([0.0, 0.0]), dict(sci_mode=True))
    add("opts/threshold-5", torch.arange(10), dict(threshold=5))
    add("opts/threshold-5-2d", torch.arange(64).reshape(8, 8), dict(threshold=5))
    add("opts/edgeitems-1", torch.arange(100).reshape(10, 10), dict(threshold=10, edgeitems=1))
    add("opts/edgeitems-0", torch.arange(100).reshape(10, 10), dict(threshold=10, edgeitems=0))
    add("opts/edgeitems-0-1d", torch.arange(100), dict(threshold=10, edgeitems=0))
    add("opts/linewidth-40", torch.arange(40), dict(linewidth=40))
    add("opts/linewidth-120", torch.randn(30, generator=g), dict(linewidth=120))
    add("opts/threshold-inf", torch.arange(1200), dict(threshold=inf))

    # Random tensors: every dtype, 0-D to 4-D, many magnitudes, specials sprinkled in.
    rng = random.Random(777)
    for k in range(120):
        dt = rng.choice(all_dtypes)
        ndim = rng.randint(0, 4)
        big = rng.random() < 0.15
        shape = [rng.randint(1, 2 if big else 5) for _ in range(ndim)]
        if big and ndim > 0:
            # Just past the summarization threshold, keeping the table small.
            shape[rng.randrange(ndim)] = rng.randint(1001, 2500) // math.prod(shape)
        n = math.prod(shape)
        if dt == torch.bool:
            t = torch.rand(shape, generator=g) > rng.random()
        elif dt.is_floating_point:
            scale = 10.0 ** rng.randint(-9, 9)
            t = torch.randn(shape, generator=g, dtype=torch.float64) * scale
            if rng.random() < 0.3:
                t = t.round()
            flat = t.reshape(-1)
            for _ in range(rng.randint(0, 3)):
                flat[rng.randrange(n)] = rng.choice([0.0, -0.0, inf, -inf, nan])
            t = t.to(dt)
        else:
            info = torch.iinfo(dt)
            hi = min(info.max, 10 ** rng.randint(1, 18))
            lo = max(info.min, -hi) if rng.random() < 0.7 else 0
            t = torch.randint(lo, hi, shape, generator=g, dtype=dt)
        if dt.is_floating_point and rng.random() < 0.2:
            t = t.requires_grad_() if rng.random() < 0.5 else (t.requires_grad_() * 1)
        add(f"random/{k}", t)

    return {"torch": torch.__version__, "python": sys.version.split()[0], "cases": cases}


def dump(name, data):
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    print("wrote", OUT / name, len(data["cases"]), "cases")


if __name__ == "__main__":
    dump("pyfloat-cases.json", pyfloat_cases())
    dump("format-spec-cases.json", format_spec_cases())
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch is not importable: tensor-repr-cases.json left unchanged")
    else:
        dump("tensor-repr-cases.json", tensor_cases())
