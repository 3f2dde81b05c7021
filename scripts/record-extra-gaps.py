#!/usr/bin/env python3
"""Record what PyTorch 2.13 prints for the snippets behind the extra-oracle gap fixes.

    /opt/torchenv/bin/python scripts/record-extra-gaps.py

Writes test/fixtures/python/torch-gaps.json: {"cases": [{"id", "code", "stdout", "error"}]},
"error" being the last traceback line or null. Each snippet runs in a fresh interpreter.
test/python/torch/gaps.test.ts replays them through the MaskLab session byte for byte.
"""
import json, os, subprocess, sys, tempfile, textwrap

RUNNER = r'''
import sys, runpy, warnings
warnings.filterwarnings("ignore")
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except BaseException as e:
    sys.stdout.flush()
    msg = str(e)
    sys.stderr.write("\n@@ERROR@@" + type(e).__name__ + (": " + msg if msg else "") + "\n")
    sys.exit(1)
'''

CASES = []
def case(id, code):
    CASES.append((id, "import torch\n" + textwrap.dedent(code).lstrip("\n")))

# Number protocols
case("protocols/int-float", """
print(int(torch.tensor(-3.7)), float(torch.tensor([2.5])), int(torch.tensor([[3]])), int(torch.tensor(True)))
print(float(torch.tensor(3)), float(torch.tensor(1.1)), float(torch.tensor(1.1, dtype=torch.bfloat16)))
print(int(torch.tensor(2**40)), bool(torch.tensor([2])), abs(torch.tensor([-1.5, 2.0])), abs(torch.tensor(-3)))
""")
case("protocols/int-multi", "int(torch.tensor([1, 2]))\n")
case("protocols/float-empty", "float(torch.tensor([]))\n")
case("protocols/int-nan", "int(torch.tensor(float('nan')))\n")
case("protocols/index", """
a = [10, 20, 30]
print(a[torch.tensor(1)], a[torch.tensor([2])], a[torch.tensor(True)], 'abc'[torch.tensor(-1)], (1, 2)[torch.tensor(0)])
print(list(range(torch.tensor(3))), range(10)[torch.tensor(2):torch.tensor(4)], hex(torch.tensor(255)))
""")
case("protocols/index-float", "[1, 2][torch.tensor(1.0)]\n")
case("protocols/index-multi", "[1, 2][torch.tensor([0, 1])]\n")
case("protocols/range-float", "range(torch.tensor(2.0))\n")
case("protocols/math", """
import math
print(math.sqrt(torch.tensor(4.0)), math.floor(torch.tensor(-2.7)), math.ceil(torch.tensor(2.2)), math.isnan(torch.tensor(float('nan'))))
""")
case("protocols/math-trunc", "import math\nmath.trunc(torch.tensor(2.5))\n")
case("protocols/round", "round(torch.tensor(2.5))\n")
case("protocols/percent", """
print('%d|%.2f|%x|%s|%5.1f|%i' % (torch.tensor(2.7), torch.tensor(2.5), torch.tensor(255), torch.tensor([1]), torch.tensor([3.25]), torch.tensor(-4)))
""")
case("protocols/percent-x-float", "'%x' % torch.tensor(2.5)\n")
case("protocols/percent-d-multi", "'%d' % torch.tensor([1, 2])\n")
case("protocols/percent-plain", """
print('%c%c' % (65, 'b'), '%x' % True)
""")
case("protocols/percent-c-float", "'%c' % 2.5\n")
# grad_fn names
case("gradfn/copy-slices", """
x = torch.ones(3, requires_grad=True)
h = x * 2
h[0] = 5.
print(h, h.grad_fn.name(), type(h.grad_fn).__name__)
print(h.grad_fn)
""".replace("print(h.grad_fn)\n", ""))
# torch.nn
case("nn/missing-attr", "torch.nn.foo\n")
case("nn/parameter", """
p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
print(p, isinstance(p, torch.Tensor), type(p).__name__, p.is_leaf)
q = torch.nn.Parameter(torch.ones(2), requires_grad=False)
print(q, (p * 2).sum().backward(), p.grad)
""")
case("nn/dropout-eval", """
x = torch.ones(3)
print(torch.nn.functional.dropout(x, 0.5, False) is x)
""")
case("nn/dropout-p", "torch.nn.functional.dropout(torch.ones(2), p=1.5)\n")
# argument parser
case("args/kw-only", "torch.ones(2).masked_fill(value=1.0)\n")
case("args/kw-order", "torch.ones(2).masked_fill(mask=[True, False], value=1.0)\n")
case("args/kw-order-rev", "torch.ones(2).masked_fill(value=1.0, mask=[True, False])\n")
case("args/sum-str", "torch.ones(2).sum('x')\n")
case("args/sum-dim-kw", "torch.ones(2).sum(dim='x')\n")
case("args/view-vararg-str", "torch.ones(6).view(2, '3')\n")
case("args/view-tuple-none", "torch.ones(6).view((2, None))\n")
case("args/view-first-str", "torch.ones(6).view(('3', 2))\n")
case("args/zeros-float", "torch.zeros((2, 3.5))\n")
case("args/fn-masked-fill", "torch.masked_fill(torch.ones(2), torch.tensor([True, False]), 'x')\n")
case("args/fn-masked-fill-kw", "torch.masked_fill(torch.ones(2), mask=torch.tensor([True, False]), value='x')\n")
case("args/fn-sum", "torch.sum(torch.ones(2), 'x')\n")
case("args/fn-softmax", "torch.softmax(torch.ones(2), 'x')\n")
case("args/fn-eq", "torch.eq(torch.ones(2), 'x')\n")
case("args/many-kwargs", "torch.ones(2).sum(dim=0, keepdim=True, dtype=torch.float32, foo=1)\n")
# new functions
case("fn/masked-select", """
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
m = x > 2.5
print(x.masked_select(m), torch.masked_select(x, torch.tensor([True, False, True])))
a = torch.tensor([1., 2., 3.], requires_grad=True)
y = a.masked_select(torch.tensor([[True, False, True], [True, True, False]]))
print(y)
y.sum().backward()
print(a.grad)
""")
case("fn/masked-select-int-mask", "torch.ones(2).masked_select(torch.tensor([1, 0]))\n")
case("fn/nonzero", """
x = torch.tensor([[1., 0.], [0., float('nan')]])
print(x.nonzero(), torch.nonzero(x, as_tuple=True), torch.where(x > 0))
print(torch.tensor(5.).nonzero(), torch.tensor(0.).nonzero(as_tuple=True), torch.tensor([0, 3, 0, 2]).nonzero())
""")
case("fn/flip", """
x = torch.arange(6.).reshape(2, 3)
print(x.flip(0), torch.flip(x, [0, 1]), x.t().flip(-1), x.flip(()))
w = torch.tensor([1., 2., 3.], requires_grad=True)
y = w.flip(0)
print(y)
(y * torch.tensor([1., 10., 100.])).sum().backward()
print(w.grad)
""")
case("fn/flip-dup", "torch.ones(2, 2).flip([0, 0])\n")
case("fn/sign-round-nan", """
x = torch.tensor([-2., 0., -0., float('nan'), 3.5, float('inf'), float('-inf')])
print(torch.sign(x), torch.tensor([-3, 0, 5]).sign(), torch.tensor([True, False]).sign())
print(torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5])), torch.round(torch.tensor([1.2345, 2.675]), decimals=2), torch.tensor([3]).round())
print(torch.nan_to_num(x), torch.nan_to_num(x, nan=1.0, posinf=2.0), torch.nan_to_num(x.double()), torch.nan_to_num(x.half()))
y = torch.tensor([1., float('nan'), float('inf')], requires_grad=True)
z = torch.nan_to_num(y)
z.sum().backward()
print(z, y.grad)
""")
case("fn/dot", """
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = torch.tensor([4., 5., 6.])
d = torch.dot(a, b)
print(d, a.dot(b), torch.dot(torch.tensor([1, 2]), torch.tensor([3, 4])))
d.backward()
print(a.grad)
print(torch.dot(torch.tensor([0.1, 0.2, 0.3]), torch.tensor([0.3, 0.2, 0.1])).item())
""")
case("fn/dot-2d", "torch.dot(torch.ones(2, 2), torch.ones(2, 2))\n")
case("fn/dot-size", "torch.dot(torch.ones(3), torch.ones(2))\n")
case("fn/dot-dtype", "torch.dot(torch.ones(2), torch.ones(2, dtype=torch.int64))\n")
case("fn/linspace", """
print(torch.linspace(0, 1, 5), torch.linspace(-1, 1, 4), torch.linspace(0, 10, 1), torch.linspace(0, 1, 0))
print(torch.linspace(0, 1, 7).tolist())
print(torch.linspace(0, 1, 6, dtype=torch.float64).tolist())
print(torch.linspace(3, -2.5, 9).tolist())
""")
case("fn/broadcast-shapes", """
print(torch.broadcast_shapes((2, 1), (1, 3)), torch.broadcast_shapes((3,), (2, 1), 1), torch.broadcast_shapes())
print(torch.Size([2, 3]), torch.Size(), torch.Size((4,)) == (4,))
""")
case("fn/broadcast-shapes-bad", "torch.broadcast_shapes((2,), (3,))\n")
case("fn/printoptions", """
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.0, 1e-5]), torch.tensor([0.123, 3.14159]))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([0., 1., 1e8]))
torch.set_printoptions(threshold=5)
print(torch.arange(10))
torch.set_printoptions(edgeitems=1, threshold=3, linewidth=40)
print(torch.arange(10.))
torch.set_printoptions(profile='default')
print(torch.arange(10.), torch.tensor([1.23456]))
""")
case("fn/anomaly", """
torch.autograd.set_detect_anomaly(True)
x = torch.tensor([1.0], requires_grad=True)
y = x.sigmoid()
y.mul_(2)
y.backward()
""")
case("fn/no-anomaly", """
x = torch.tensor([1.0], requires_grad=True)
y = x.sigmoid()
y.mul_(2)
y.backward()
""")
# smaller gaps
case("misc/retain-grad", """
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
z = y.exp()
y.retain_grad()
z.retain_grad()
x.retain_grad()
(z.sum() + y.sum()).backward()
print(y.grad, z.grad, x.grad, y.requires_grad)
""")
case("misc/to-cpu", """
x = torch.zeros(2)
print(x.to('cpu') is x, x.to(x.device) is x, x.to('cpu', torch.float64).dtype)
""")
case("misc/partition", """
print('a=b=c'.partition('='), 'a=b=c'.rpartition('='), 'abc'.partition('x'), 'abc'.rpartition('x'))
""")
case("misc/partition-empty", "'abc'.partition('')\n")

# complex scalars
case("complex/literals", """
print(1j, 1+2j, 1+0j, -1j, 1.5+2.25j, 0j, 1j*1j, (1+2j)*(3-1j), 2-1j, 1j == 1j, 1+0j == 1, type(1j).__name__, complex(2, 3))
t = torch.tensor([1., 2., 3.])
m = torch.tensor([True, False, True])
print(t.masked_fill(m, 1+0j), t.double().masked_fill(m, 2-0j), torch.tensor([1, 2]).masked_fill(torch.tensor([True, False]), 3+0j))
""")
case("complex/fill-float", "torch.ones(2).masked_fill(torch.tensor([True, False]), 1+2j)\n")
case("complex/fill-double", "torch.ones(2).double().masked_fill_(torch.tensor([True, False]), 1j)\n")
case("complex/fill-long", "torch.ones(2).long().masked_fill(torch.tensor([True, False]), 1j)\n")

def run(code):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "case.py")
        with open(path, "w") as f:
            f.write(code)
        r = subprocess.run([sys.executable, "-c", RUNNER, path], capture_output=True, text=True, cwd=d)
        err = None
        if "@@ERROR@@" in r.stderr:
            err = r.stderr.split("@@ERROR@@")[-1].rstrip("\n")
        return r.stdout, err

out = []
for id, code in CASES:
    stdout, error = run(code)
    out.append({"id": id, "code": code, "stdout": stdout, "error": error})
    print(id, "->", (error or "ok")[:100], file=sys.stderr)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "test/fixtures/python/torch-gaps.json"), "w") as f:
    json.dump({"cases": out}, f, indent=1)
    f.write("\n")
