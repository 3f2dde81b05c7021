#!/usr/bin/env python3
"""Record test/fixtures/norm-activation-bits.json with real PyTorch (run with OMP_NUM_THREADS=1).

    OMP_NUM_THREADS=1 /opt/torchenv/bin/python scripts/record-norm-activation-bits.py

Exact bits of LayerNorm (float32 forward and backward, float64 forward), SiLU (vector blocks,
scalar tails, strided input), GELU (oneDNN's kernel) and lerp for the kernel tests in test/tensor/normActivations.test.ts,
plus math.erf / math.erfc references for erf's accuracy test. float32 values are stored as
their uint32 bit patterns, float64 values as float.hex() strings.
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "norm-activation-bits.json")


def bits(t):
    return [struct.unpack("<I", struct.pack("<f", v))[0] for v in t.reshape(-1).tolist()]


def hexes(t):
    return [v.hex() for v in t.reshape(-1).tolist()]


torch.manual_seed(0)
out = {"layerNorm32": [], "layerNorm64": []}
for n in [1, 3, 7, 8, 9, 15, 17, 31, 100, 129, 300]:
    x = (torch.randn(2, n) * 3 + 1).requires_grad_()
    w = torch.randn(n).requires_grad_()
    b = torch.randn(n).requires_grad_()
    g = torch.randn(2, n)
    y = F.layer_norm(x, (n,), w, b)
    y.backward(g)
    y0 = F.layer_norm(x.detach(), (n,))
    _, mean, rstd = torch.native_layer_norm(x.detach(), (n,), w.detach(), b.detach(), 1e-5)
    out["layerNorm32"].append(dict(
        n=n, x=bits(x.detach()), w=bits(w.detach()), b=bits(b.detach()), g=bits(g),
        y=bits(y.detach()), y0=bits(y0), mean=bits(mean), rstd=bits(rstd),
        dx=bits(x.grad), dw=bits(w.grad), db=bits(b.grad)))
    xd = x.detach().double() / 3
    wd = w.detach().double()
    bd = b.detach().double()
    out["layerNorm64"].append(dict(
        n=n, x=hexes(xd), w=hexes(wd), b=hexes(bd), y=hexes(F.layer_norm(xd, (n,), wd, bd))))

x = torch.cat([torch.randn(70) * 4, torch.tensor([0.0, -0.0, 88.0, -88.0, 100.0, -100.0])])
out["silu"] = dict(x=bits(x), y=bits(F.silu(x)), strided=bits(F.silu(x[::3])))
xg = torch.cat([torch.linspace(-6, 6, 2001), x, torch.tensor([float("inf"), float("-inf"), float("nan")])])
out["gelu"] = dict(x=bits(xg), y=bits(F.gelu(xg)))
xr = (torch.randn(600) * 3).requires_grad_()
gr = torch.randn(600)
F.gelu(xr).backward(gr)
out["geluGrad"] = dict(x=bits(xr.detach()), g=bits(gr), dx=bits(xr.grad))

a = torch.randn(40) * 10
e = torch.randn(40) * 10
wt = torch.rand(40) * 1.4 - 0.2
out["lerp"] = dict(a=bits(a), e=bits(e), w=bits(wt), y=bits(torch.lerp(a, e, wt)),
                   y03=bits(torch.lerp(a, e, 0.3)), y08=bits(torch.lerp(a, e, 0.8)))

pts = [i / 16 for i in range(-100, 101)] + [1e-8, 3.3, 5.9, 7.5, 12.0, 26.0]
out["erf"] = [[p.hex(), math.erf(p).hex(), math.erfc(p).hex()] for p in pts]

with open(OUT, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
    fh.write("\n")
print("wrote", OUT)
