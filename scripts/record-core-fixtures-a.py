"""Record PyTorch's answers for the tensor core part A tests (creation, conversion, views,
indexing, masked_fill, where, fill, copy, cast, joins, item).

Run with a Python that has torch 2.13 (CPU):
    /opt/torchenv/bin/python scripts/record-core-fixtures-a.py
It writes test/fixtures/tensor/core-a.json. The tests only read that file.

Encoding: a Python scalar is {"f": x} (float; "nan"/"inf"/"-inf" as strings), {"i": "123"}
(int, as a string so int64 stays exact) or {"b": true}. Tensor values are nested lists of
numbers (floats; non-finite as strings), strings (ints) or booleans.
"""

import json
import math
import os
import warnings

import torch

warnings.simplefilter("ignore")

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
DT = {n: getattr(torch, n) for n in DTYPES}


def enc_float(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc_scalar(v):
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, int):
        return {"i": str(v)}
    return {"f": enc_float(v)}


def dec_scalar(e):
    if "b" in e:
        return e["b"]
    if "i" in e:
        return int(e["i"])
    f = e["f"]
    return float(f) if isinstance(f, str) else float(f)


def enc_values(t):
    def walk(x):
        if isinstance(x, list):
            return [walk(y) for y in x]
        if isinstance(x, bool):
            return x
        if isinstance(x, int):
            return str(x)
        return enc_float(x)

    return walk(t.tolist())


def dtype_name(d):
    return str(d).replace("torch.", "")


def err(e):
    return {"error": f"{type(e).__name__}: {e}"}


def describe(t, base=None):
    out = {
        "dtype": dtype_name(t.dtype),
        "shape": list(t.shape),
        "strides": list(t.stride()),
        "offset": t.storage_offset(),
        "contiguous": t.is_contiguous(),
        "values": enc_values(t),
        "gradFn": t.grad_fn.name() if t.grad_fn is not None else None,
        "requiresGrad": t.requires_grad,
        "isView": t._base is not None,
    }
    if base is not None:
        out["sharesStorage"] = t.untyped_storage().data_ptr() == base.untyped_storage().data_ptr()
    return out


cases = {}

# ---------------------------------------------------------------------------------- convert
FLOAT_VALUES = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.7, -2.7, 127.9, 128.5, -129.0, 255.9, 256.5, 300.7,
                -300.7, 40000.0, -40000.0, 65504.0, 65520.0, 70000.0, 196615.0, 2.0**31, -2.0**31 - 256,
                2.0**32 + 5, 2.0**33 + 7, 1e10, -1e10, 1e19, -1e19, 2.0**63, 1e30, 1e39, -1e39, 1e-8,
                1 + 2**-11 + 2**-40, 1 + 2**-8 + 2**-40, float("nan"), float("inf"), float("-inf")]
INT_VALUES = [0, 1, -1, 127, 128, -128, -129, 255, 256, 300, -300, 32767, 32768, -32769, 65504, 65505,
              70000, 2**31 - 1, 2**31, -2**31 - 1, 2**40 + 5, -2**40 - 3, 2**53 + 1, 2**60 + 2**36 + 1,
              2**24 + 2**13 + 1, 2**63 - 1, -2**63]
convert = []
for src in DTYPES:
    if src == "bool":
        vals = [True, False]
        x = torch.tensor(vals)
    elif src in ("float16", "bfloat16", "float32", "float64"):
        x = torch.tensor(FLOAT_VALUES, dtype=torch.float64).to(DT[src])
    else:
        x = torch.tensor(INT_VALUES, dtype=torch.int64).to(DT[src])
    for dst in DTYPES:
        y = x.to(DT[dst])
        convert.append({"from": src, "to": dst, "input": enc_values(x), "output": enc_values(y)})
cases["convert"] = convert

# ------------------------------------------------------------------ checked scalar conversion
SCALARS = [0, 1, -1, 300, -255, -256, 70000, 65504, 65505, 2**31, 2**40, 2**63 - 1, 2**63, 2**64 - 1,
           2**64, -2**63, -2**63 - 1, 0.5, -0.5, -2.7, 127.9, 255.9, 1e-8, 65504.0, 65504.5, 65520.0,
           2147483647.5, -2147483648.9, 2.0**63, -2.0**63, -2.0**63 - 4096, 3.39e38, 1e39, -1e39, 1e300,
           float("nan"), float("inf"), float("-inf"), True, False]
checked = []
for d in DTYPES:
    for v in SCALARS:
        row = {"dtype": d, "value": enc_scalar(v)}
        for op, f in [
            ("maskedFill", lambda: torch.zeros(2, dtype=DT[d]).masked_fill(torch.tensor([True, False]), v)),
            ("fill", lambda: torch.zeros(2, dtype=DT[d]).fill_(v)),
            ("full", lambda: torch.full((2,), v, dtype=DT[d])),
        ]:
            try:
                row[op] = {"values": enc_values(f())}
            except BaseException as e:
                row[op] = err(e)
        checked.append(row)
cases["checked"] = checked

# ------------------------------------------------------------------------------- creation
def enc_data(x):
    if isinstance(x, list):
        return [enc_data(y) for y in x]
    if isinstance(x, torch.Tensor):
        return {"tensor": enc_values(x), "dtype": dtype_name(x.dtype), "shape": list(x.shape)}
    return enc_scalar(x)


create_data = [
    [1, 2, 3], [1.0, 2, 3], [True, False], [True, 2], [True, 2.5], [[1, 2], [3, 4]], [], [[], []],
    [[1, 2], [3]], [[1, 2], 3], [1, [2, 3]], [1.5, [2, 3]], [[1], [2, 3]], [[[1], [2]], [[3], [4, 5]]],
    [[1, 2], []], [[], [1]], 3, 3.5, True, 2**63, [1, 2**63], [1.5, 2**63], [2**64],
    [torch.tensor(1.0), torch.tensor(2.0)], [torch.tensor(1), torch.tensor(2)], [torch.tensor(1), 2.5],
    [torch.tensor(1, dtype=torch.int8), torch.tensor(2, dtype=torch.int8)],
    [torch.tensor(1.0, dtype=torch.float64), 2], [[torch.tensor(1.0)], [2]],
    [torch.tensor([1.0, 2.0]), torch.tensor([2.0, 3.0])], [1e300], [0.1, 1e-8],
]
create = []
for data in create_data:
    row = {"data": enc_data(data)}
    try:
        row["result"] = describe(torch.tensor(data))
    except BaseException as e:
        row["result"] = err(e)
    create.append(row)
for data, d in [([1.5], "int32"), ([300], "uint8"), ([-1], "uint8"), ([-1.5], "uint8"), ([1e10], "int32"),
                ([float("nan")], "int32"), ([1e10], "int64"), ([1e6], "float16"), ([2**63 - 1], "float32"),
                ([-129], "int8"), ([-255], "uint8"), ([-256], "uint8"), ([2**63 - 1], "int32"),
                ([True, 2.5], "bool"), ([70000], "float16"), ([[1, 2], [3]], "float32"), ([1, [2, 3]], "float32"),
                ([True, [2, 3]], "int64"), ([1, 2], "float64")]:
    row = {"data": enc_data(data), "dtype": d}
    try:
        row["result"] = describe(torch.tensor(data, dtype=DT[d]))
    except BaseException as e:
        row["result"] = err(e)
    create.append(row)
cases["create"] = create

factories = []
def fac(name, fn):
    try:
        factories.append({"name": name, "result": describe(fn())})
    except BaseException as e:
        factories.append({"name": name, "result": err(e)})

fac("zeros(2,3)", lambda: torch.zeros(2, 3))
fac("zeros(()) ", lambda: torch.zeros(()))
fac("ones(2,int64)", lambda: torch.ones(2, dtype=torch.int64))
fac("ones(2,bool)", lambda: torch.ones(2, dtype=torch.bool))
fac("ones(2,float16)", lambda: torch.ones(2, dtype=torch.float16))
fac("full((2,3),-inf)", lambda: torch.full((2, 3), float("-inf")))
fac("full((2,),7)", lambda: torch.full((2,), 7))
fac("full((2,),True)", lambda: torch.full((2,), True))
fac("full((2,),7,float16)", lambda: torch.full((2,), 7, dtype=torch.float16))
fac("full((),7.)", lambda: torch.full((), 7.0))
fac("eye(3)", lambda: torch.eye(3))
fac("eye(2,3)", lambda: torch.eye(2, 3))
fac("eye(3,2)", lambda: torch.eye(3, 2))
fac("eye(2,int64)", lambda: torch.eye(2, dtype=torch.int64))
fac("eye(0)", lambda: torch.eye(0))
fac("eye(-1)", lambda: torch.eye(-1))
fac("eye(2,-1)", lambda: torch.eye(2, -1))
fac("zeros_like(int)", lambda: torch.zeros_like(torch.tensor([1, 2])))
fac("ones_like(t)", lambda: torch.ones_like(torch.zeros(2, 3).t()))
fac("zeros_like(slice)", lambda: torch.zeros_like(torch.zeros(4, 3)[:, :2]))
fac("full_like(int,2.7)", lambda: torch.full_like(torch.tensor([1, 2]), 2.7))
fac("full_like(int,1e30)", lambda: torch.full_like(torch.tensor([1, 2]), 1e30))
fac("full_like(bool,5)", lambda: torch.full_like(torch.tensor([True]), 5))
fac("empty_like(f64)", lambda: torch.empty_like(torch.zeros(2, dtype=torch.float64)).zero_())
cases["factories"] = factories

ARANGE = [(5,), (5.0,), (1, 2.5, 0.5), (0, 1, 0.1), (10, 0, -3), (0, 10, 0), (0, -10, 1), (0, 5, 2), (True,),
          (-1.0, 1.0, 0.3), (0, 1, 1 / 3), (0, 0.9, 0.3), (float("inf"),), (float("nan"),), (0, 5, -1), (2.5,),
          (1, 4), (-5, 5, 3), (7, 2, -2), (0, 0), (3, 3.0), (-2.5, 2.5), (0, 1e-3, 1e-4)]
arange = []
for args in ARANGE:
    row = {"args": [enc_scalar(a) for a in args]}
    try:
        row["result"] = describe(torch.arange(*args))
    except BaseException as e:
        row["result"] = err(e)
    arange.append(row)
for args, d in [((5,), "float16"), ((1, 4), "float64"), ((0, 10, 3), "int32"), ((0.5, 3.7), "int64"),
                ((0, 5), "uint8")]:
    row = {"args": [enc_scalar(a) for a in args], "dtype": d}
    try:
        row["result"] = describe(torch.arange(*args, dtype=DT[d]))
    except BaseException as e:
        row["result"] = err(e)
    arange.append(row)
cases["arange"] = arange

# ------------------------------------------------------------------------------- views
def apply_step(x, step):
    op, *args = step
    if op == "view":
        return x.view(*args[0])
    if op == "reshape":
        return x.reshape(*args[0])
    if op == "flatten":
        return x.flatten(*args)
    if op == "t":
        return x.t()
    if op == "T":
        return x.T
    if op == "mT":
        return x.mT
    if op == "transpose":
        return x.transpose(*args)
    if op == "permute":
        return x.permute(*args[0])
    if op == "unsqueeze":
        return x.unsqueeze(args[0])
    if op == "squeeze":
        return x.squeeze() if args[0] is None else x.squeeze(args[0] if isinstance(args[0], int) else tuple(args[0]))
    if op == "expand":
        return x.expand(*args[0])
    if op == "contiguous":
        return x.contiguous()
    if op == "clone":
        return x.clone()
    if op == "detach":
        return x.detach()
    if op == "getitem":
        return x[dec_index(args[0])]
    if op == "triu":
        return x.triu(args[0])
    if op == "tril":
        return x.tril(args[0])
    if op == "to":
        return x.to(DT[args[0]])
    raise ValueError(op)


def dec_index(items):
    def one(it):
        if it is None:
            return None
        if it == "...":
            return Ellipsis
        if isinstance(it, int):
            return it
        if "slice" in it:
            return slice(*it["slice"])
        if "list" in it:
            return it["list"]
        if "tensor" in it:
            return torch.tensor(it["tensor"], dtype=DT[it["dtype"]])
        raise ValueError(it)

    return tuple(one(i) for i in items)


S = lambda a, b=None, c=None: {"slice": [a, b, c]}
VIEW_CASES = [
    (12, [["view", [3, 4]]]), (12, [["view", [-1, 6]]]), (12, [["view", [5, 2]]]), (12, [["view", [-1, -1]]]),
    (12, [["view", [-1, 5]]]), (12, [["view", [0, -1]]]), (12, [["view", [-2, 6]]]), (0, [["view", [-1, 0]]]),
    (0, [["view", [3, 0]]]), (12, [["view", [3, 4]], ["t"], ["view", [12]]]),
    (12, [["view", [3, 4]], ["t"], ["reshape", [12]]]), (12, [["view", [3, 4]], ["reshape", [4, 3]]]),
    (12, [["view", [3, 4]], ["t"], ["reshape", [4, 3]]]), (12, [["view", [3, 4]], ["reshape", [3, 4]]]),
    (12, [["view", [3, 4]], ["getitem", [S(None), S(None, 2)]], ["reshape", [6]]]),
    (12, [["view", [3, 4]], ["flatten"]]), (12, [["flatten"]]), (12, [["view", [2, 3, 2]], ["flatten", 1]]),
    (12, [["view", [2, 3, 2]], ["flatten", 2, 1]]), (12, [["view", [2, 3, 2]], ["t"]]),
    (12, [["view", [3, 4]], ["t"]]), (12, [["view", [3, 4]], ["T"]]), (12, [["view", [2, 3, 2]], ["T"]]),
    (12, [["T"]]), (12, [["t"]]), (12, [["mT"]]), (12, [["view", [2, 3, 2]], ["mT"]]),
    (12, [["view", [3, 4]], ["transpose", 0, 1]]), (12, [["view", [3, 4]], ["transpose", 0, 2]]),
    (12, [["view", [2, 3, 2]], ["permute", [2, 0, 1]]]), (12, [["view", [3, 4]], ["permute", [0, 0]]]),
    (12, [["view", [3, 4]], ["permute", [0]]]), (12, [["view", [3, 4]], ["unsqueeze", 1]]),
    (12, [["view", [3, 4]], ["unsqueeze", -1]]), (12, [["view", [3, 4]], ["unsqueeze", 0]]),
    (12, [["unsqueeze", 2]]), (12, [["view", [3, 1, 4, 1]], ["squeeze", None]]),
    (12, [["view", [3, 1, 4, 1]], ["squeeze", 1]]), (12, [["view", [3, 1, 4, 1]], ["squeeze", 0]]),
    (12, [["view", [3, 1, 4, 1]], ["squeeze", [1, 3]]]), (12, [["squeeze", 1]]),
    (12, [["view", [3, 4]], ["getitem", [S(None, 1)]], ["expand", [5, 4]]]),
    (12, [["view", [3, 4]], ["expand", [2, 4]]]), (12, [["view", [3, 4]], ["expand", [4]]]),
    (12, [["view", [3, 4]], ["expand", [-1, 4, 4]]]), (12, [["view", [3, 4]], ["expand", [2, -1, -1]]]),
    (12, [["view", [3, 4]], ["expand", [-1, -1, 4]]]), (12, [["view", [1, 12]], ["expand", [2, -1]]]),
    (12, [["view", [3, 4]], ["contiguous"]]), (12, [["view", [3, 4]], ["t"], ["contiguous"]]),
    (12, [["view", [3, 4]], ["t"], ["clone"]]), (12, [["view", [3, 4]], ["getitem", [S(None), S(None, None, 2)]], ["clone"]]),
    (12, [["view", [3, 4]], ["getitem", [S(None, 1)]], ["expand", [3, 4]], ["clone"]]),
    (12, [["view", [3, 4]], ["detach"]]), (12, [["view", [3, 4]], ["to", "float64"]]),
    (12, [["view", [3, 4]], ["t"], ["to", "float64"]]), (12, [["view", [3, 4]], ["to", "float32"]]),
    (12, [["view", [3, 4]], ["to", "int64"]]), (12, [["view", [3, 4]], ["triu", 0]]),
    (12, [["view", [3, 4]], ["triu", 1]]), (12, [["view", [3, 4]], ["tril", -1]]),
    (12, [["view", [2, 2, 3]], ["triu", 1]]), (12, [["view", [3, 4]], ["t"], ["tril", 0]]), (12, [["triu", 0]]),
]
views = []
for n, steps in VIEW_CASES:
    base = torch.arange(float(n)).requires_grad_()
    x = base * 1
    row = {"n": n, "steps": steps}
    try:
        y = x
        for st in steps:
            y = apply_step(y, st)
        row["result"] = describe(y, x)
    except BaseException as e:
        row["result"] = err(e)
    views.append(row)
cases["views"] = views

# ------------------------------------------------------------------------------- indexing
T = lambda data, d="int64": {"tensor": data, "dtype": d}
INDEX_CASES = [
    (12, [3, 4], [1]), (12, [3, 4], [-1]), (12, [3, 4], [3]), (12, [3, 4], [-4]), (6, [6], [10]),
    (12, [3, 4], [S(None), 1]), (12, [3, 4], [S(1), S(None, None, 2)]), (12, [3, 4], [S(None, None, -1)]),
    (12, [3, 4], [S(None, None, 0)]), (12, [3, 4], [S(20, 30)]), (12, [3, 4], [S(-100, 2)]),
    (12, [3, 4], [S(2, 1)]), (12, [3, 4], [None, 1, None]), (12, [3, 4], ["...", 1]), (12, [3, 4], ["..."]),
    (12, [3, 4], [S(None)]), (12, [3, 4], [1, 1, 1]), (12, [3, 4], [1, S(1, 3)]),
    (12, [3, 4], [T(1)]), (12, [3, 4], [T(1, "int32")]), (12, [3, 4], [T(1.0, "float32")]),
    (12, [3, 4], [{"list": [0, 2]}]), (12, [3, 4], [{"list": [0, 3]}]), (12, [3, 4], [{"list": [-1]}]),
    (12, [3, 4], [{"list": []}]), (12, [3, 4], [S(None), {"list": [0, 2]}]),
    (12, [3, 4], [{"list": [0, 2]}, {"list": [1, 3]}]), (12, [3, 4], [{"list": [[0], [2]]}, {"list": [1, 3]}]),
    (12, [3, 4], [{"list": [0, 1]}, {"list": [0, 1, 2]}]), (12, [3, 4], [T([True, False, True], "bool")]),
    (12, [3, 4], [T([True, False], "bool")]), (12, [3, 4], [S(None), T([True, False, True, False], "bool")]),
    (12, [3, 4], [T([[True, False, True, True], [False] * 4, [True] * 4], "bool")]),
    (12, [3, 4], [T([1, 0, 1], "uint8")]), (6, [6], [{"list": [True, False, True, False, True, False]}]),
    (6, [6], [T([[0, 1], [2, 3]])]), (6, [2, 3], [S(None), {"list": [[0], [1]]}]),
    (6, [1, 2, 3], [0, S(None), {"list": [0, 1]}]), (6, [2, 1, 3], [{"list": [0, 1]}, S(None), {"list": [0, 1]}]),
    (6, [2, 3], ["...", {"list": [0]}]), (6, [2, 3], [None, {"list": [0]}]), (24, [2, 3, 4], [S(None), {"list": [0, 2]}, S(1, 3)]),
    (24, [2, 3, 4], [{"list": [1, 0]}, S(None), {"list": [3, 1]}]), (24, [2, 3, 4], [1, {"list": [2, 0]}, {"list": [3, 1]}]),
]
indexing = []
for n, shape, items in INDEX_CASES:
    base = torch.arange(float(n)).requires_grad_()
    x = (base * 1).view(shape)
    row = {"n": n, "shape": shape, "items": items}
    try:
        row["result"] = describe(x[dec_index(items)], x)
    except BaseException as e:
        row["result"] = err(e)
    indexing.append(row)
cases["indexing"] = indexing

SETITEM_CASES = [
    ("int64", [6], [T([False, False, False, False, True, True], "bool")], {"i": "0"}),
    ("float32", [2, 3], [0], {"t": [1.0, 2.0, 3.0], "dtype": "float32"}),
    ("float32", [2, 3], [0], {"t": [1.0, 2.0], "dtype": "float32"}),
    ("float32", [2, 3], [T([True, False], "bool")], {"t": [1.0, 2.0, 3.0], "dtype": "float32"}),
    ("float32", [2, 3], [T([True, False], "bool")], {"t": [1.0, 2.0], "dtype": "float32"}),
    ("float32", [3], [{"list": [0, 0]}], {"t": [1.0, 2.0], "dtype": "float32"}),
    ("int64", [3], [0], {"t": 2.7, "dtype": "float32"}),
    ("int8", [3], [0], {"i": "300"}), ("int8", [3], [{"list": [0]}], {"i": "300"}),
    ("int8", [3], [S(0, 2)], {"i": "300"}), ("float16", [3], [0], {"f": 1e9}), ("uint8", [3], [0], {"i": "-1"}),
    ("uint8", [3], [0], {"f": -2.5}), ("int32", [3], [0], {"f": 1e10}), ("float32", [3], [0], {"f": 1e39}),
    ("float32", [3, 4], [S(None), 1], {"f": -1.0}), ("float32", [3, 4], [S(1), S(None, None, 2)], {"f": 9.0}),
    ("float32", [3, 4], [{"list": [0, 2]}, {"list": [1, 3]}], {"t": [5.0, 6.0], "dtype": "float32"}),
    ("float32", [3, 4], [S(None), {"list": [0, 2]}], {"t": [[1.0], [2.0], [3.0]], "dtype": "float32"}),
    ("int64", [3, 4], ["...", 0], {"b": True}),
]
setitem = []
for d, shape, items, value in SETITEM_CASES:
    n = 1
    for s in shape:
        n *= s
    x = torch.arange(n).to(DT[d]).view(shape)
    row = {"dtype": d, "shape": shape, "items": items, "value": value}
    v = torch.tensor(value["t"], dtype=DT[value["dtype"]]) if "t" in value else dec_scalar(value)
    try:
        x[dec_index(items)] = v
        row["result"] = {"values": enc_values(x), "version": x._version}
    except BaseException as e:
        row["result"] = err(e)
    setitem.append(row)
cases["setitem"] = setitem

# ------------------------------------------------------------------------------- masked_fill
MF = [
    ([2, 3], "float32", [[True, False, True], [False, True, False]], {"f": -1.0}),
    ([2, 3], "int64", [True, False, True], {"i": "-1"}), ([2, 3], "int64", [[True], [False]], {"i": "-1"}),
    ([3], "int64", [[True, False, False], [False, False, True]], {"i": "-1"}),
    ([2, 3], "int64", [True, False], {"i": "-1"}), ([2, 3, 4], "float32", [[True] * 3] * 3, {"i": "-1"}),
    ([2, 3, 4], "int64", [[True], [False], [True]], {"i": "-1"}), ([], "float32", True, {"f": 5.0}),
    ([2, 3], "float32", True, {"f": 5.0}), ([2, 3], "float32", False, {"f": 5.0}),
    ([4], "float64", [True, False, True, False], {"f": "-inf"}),
    ([4], "float16", [True, False, True, False], {"f": -65504.0}),
    ([4], "bfloat16", [True, False, True, False], {"f": -1e9}),
    ([4], "bool", [True, False, True, False], {"f": 0.0}), ([4], "uint8", [True, False, True, False], {"i": "-255"}),
    ([4], "int16", [True, False, True, False], {"f": -2.7}), ([4], "int32", [True, False, True, False], {"i": "2147483648"}),
    ([0], "float32", [], {"f": 1e39}), ([2], "float32", [True, False], {"t": 2.5, "dtype": "float64"}),
    ([2], "int64", [True, False], {"t": 2.7, "dtype": "float32"}), ([2], "int8", [True, False], {"t": 300, "dtype": "int64"}),
    ([2], "float32", [True, False], {"t": [1.0, 2.0], "dtype": "float32"}),
]
masked = []
for shape, d, mask, value in MF:
    n = 1
    for s in shape:
        n *= s
    m = torch.tensor(mask, dtype=torch.bool)
    v = torch.tensor(value["t"], dtype=DT[value["dtype"]]) if "t" in value else dec_scalar(value)
    row = {"shape": shape, "dtype": d, "mask": mask, "value": value}
    x = (torch.arange(n) + 1).to(DT[d]).view(shape)
    try:
        row["out"] = describe(x.masked_fill(m, v))
    except BaseException as e:
        row["out"] = err(e)
    x = (torch.arange(n) + 1).to(DT[d]).view(shape)
    try:
        r = x.masked_fill_(m, v)
        row["inplace"] = {"values": enc_values(x), "version": x._version, "same": r is x}
    except BaseException as e:
        row["inplace"] = err(e)
    masked.append(row)
for md in ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8"]:
    row = {"shape": [3], "dtype": "float32", "mask": [1, 0, 1], "maskDtype": md, "value": {"f": 1.0}}
    try:
        torch.zeros(3).masked_fill_(torch.tensor([1, 0, 1]).to(DT[md]), 1.0)
    except BaseException as e:
        row["inplace"] = err(e)
    masked.append(row)
cases["maskedFill"] = masked

# ------------------------------------------------------------------------------- where / join
WHERE = [
    ([[True, False], [False, True]], {"t": [[1.0, 2.0], [3.0, 4.0]], "dtype": "float32"}, {"f": -1.0}),
    ([True, False, True], {"i": "2"}, {"f": 1.5}), ([True, False, True], {"i": "2"}, {"i": "1"}),
    ([True, False, True], {"t": [1, 2, 3], "dtype": "int32"}, {"f": 1.5}),
    ([True, False, True], {"t": [1, 2, 3], "dtype": "int8"}, {"t": [4, 5, 6], "dtype": "int64"}),
    ([[True], [False]], {"t": [1.0, 2.0, 3.0], "dtype": "float32"}, {"t": [[7.0], [8.0]], "dtype": "float64"}),
    ([True, False, True], {"t": [1.0, 2.0, 3.0], "dtype": "float32"}, {"f": 1e39}),
    ([True, False, True], {"t": [1.0, 2.0], "dtype": "float32"}, {"i": "1"}),
    ([True, False, True], {"t": [1, 2, 3], "dtype": "uint8"}, {"b": False}),
]
where = []
for c, a, b in WHERE:
    cond = torch.tensor(c)
    A = torch.tensor(a["t"], dtype=DT[a["dtype"]]) if "t" in a else dec_scalar(a)
    B = torch.tensor(b["t"], dtype=DT[b["dtype"]]) if "t" in b else dec_scalar(b)
    row = {"cond": c, "a": a, "b": b}
    try:
        row["result"] = describe(torch.where(cond, A, B))
    except BaseException as e:
        row["result"] = err(e)
    where.append(row)
try:
    torch.where(torch.ones(3), torch.zeros(3), 1.0)
except BaseException as e:
    where.append({"cond": [1.0, 1.0, 1.0], "condDtype": "float32", "a": {"t": [0.0, 0.0, 0.0], "dtype": "float32"}, "b": {"f": 1.0}, "result": err(e)})
cases["where"] = where

JOIN = [
    ("cat", [([2, 3], "float32"), ([1, 3], "float32")], 0), ("cat", [([2, 3], "float32"), ([2, 1], "int64")], 1),
    ("cat", [([2, 3], "int32"), ([2, 3], "int64")], -1), ("cat", [([2, 3], "float32"), ([2, 4], "float32")], 0),
    ("cat", [([2, 3], "float32"), ([3], "float32")], 0), ("cat", [([2, 3], "float32"), ([2, 3], "float32")], 2),
    ("cat", [([2, 3], "int32"), ([0], "float64")], 1), ("cat", [([2, 3], "int32"), ([], "float32")], 1),
    ("cat", [([2, 3], "uint8"), ([2, 3], "int8")], 0), ("cat", [([2, 3], "float16"), ([2, 3], "bfloat16")], 0),
    ("cat", [], 0),
    ("stack", [([2, 3], "float32"), ([2, 3], "float32")], 0), ("stack", [([2, 3], "float32"), ([2, 3], "float32")], 2),
    ("stack", [([2, 3], "float32"), ([2, 3], "float32")], -1), ("stack", [([2], "float32"), ([2], "int64")], 1),
    ("stack", [([2, 3], "float32"), ([2, 4], "float32")], 0), ("stack", [([2], "float32"), ([2], "float32")], 2),
    ("stack", [], 0), ("stack", [([], "int64"), ([], "int64")], 0),
]
join = []
for op, specs, dim in JOIN:
    ts = []
    k = 0
    for shape, d in specs:
        n = 1
        for s in shape:
            n *= s
        ts.append((torch.arange(n) + k).to(DT[d]).view(shape))
        k += 10
    row = {"op": op, "tensors": [{"shape": s, "dtype": d} for s, d in specs], "dim": dim}
    try:
        row["result"] = describe(getattr(torch, op)(ts, dim))
    except BaseException as e:
        row["result"] = err(e)
    join.append(row)
cases["join"] = join

# ------------------------------------------------------------------------------- item
item = []
for data, d in [([1, 2], "int64"), ([], "float32"), ([[5]], "int64"), (2.5, "float16"), (0.1, "float32"),
                (True, "bool"), (-7, "int8"), (2**63 - 1, "int64"), (3.0, "bfloat16")]:
    x = torch.tensor(data, dtype=DT[d])
    row = {"data": enc_data(data), "dtype": d}
    try:
        row["item"] = enc_scalar(x.item())
    except BaseException as e:
        row["item"] = err(e)
    row["tolist"] = enc_values(x)
    item.append(row)
cases["item"] = item

# ------------------------------------------------------------------------------- autograd
grads = {}
def grad_case(name, fn):
    try:
        grads[name] = fn()
    except BaseException as e:
        grads[name] = err(e)

def g1():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    m = torch.tensor([[True, False, False], [False, False, False]])
    r = w.masked_fill(m, 0.0)
    (r * torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    return {"gradFn": r.grad_fn.name(), "grad": enc_values(w.grad)}
grad_case("maskedFillSelf", g1)

def g2():
    v = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
    r = torch.ones(2, 3).masked_fill(torch.tensor([True, False, True]), v)
    (r * torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    return {"gradFn": r.grad_fn.name(), "grad": enc_values(v.grad), "dtype": dtype_name(r.dtype)}
grad_case("maskedFillValue", g2)

def g3():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = x * 2
    m = torch.tensor([True, False, True])
    h.masked_fill_(m, 0.0)
    name = h.grad_fn.name()
    m[0] = False
    h.sum().backward()
    return {"gradFn": name}
grad_case("maskedFillMaskModified", g3)

def g4():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = x * 2
    m = torch.tensor([True, False, True])
    r = h.masked_fill(m, 0.0)
    h.add_(1)
    (r * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {"gradFn": r.grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("maskedFillInputModified", g4)

def g5():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = x * 2
    h.masked_fill_(torch.tensor([True, False, False]), 0.0)
    (h * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {"gradFn": h.grad_fn.name(), "grad": enc_values(x.grad), "version": h._version}
grad_case("maskedFillInplace", g5)

def g6():
    x = torch.tensor([0.1, 0.2], requires_grad=True)
    x.masked_fill_(torch.tensor([True, False]), 0.0)
grad_case("maskedFillLeaf", g6)

def g7():
    x = torch.tensor([0.1, 0.2], requires_grad=True)
    x[:1].masked_fill_(torch.tensor([True]), 0.0)
grad_case("maskedFillViewOfLeaf", g7)

def g8():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = (x.t() * 1)[[1, 0, 1]]
    (y * torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).sum().backward()
    return {"gradFn": y.grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("index", g8)

def g9():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = torch.where(x > 1.5, x, 0.0)
    (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {"gradFn": y.grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("where", g9)

def g10():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([[3.0, 4.0]], requires_grad=True)
    y = torch.where(torch.tensor([[True, False], [False, False]]), a, b)
    (y * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    return {"gradFn": y.grad_fn.name(), "gradA": enc_values(a.grad), "gradB": enc_values(b.grad)}
grad_case("whereBroadcast", g10)

def g11():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0], requires_grad=True)
    c = torch.cat([a, b])
    s = torch.stack([a, a * 2], 1)
    (c * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    (s * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    return {"cat": c.grad_fn.name(), "stack": s.grad_fn.name(), "gradA": enc_values(a.grad), "gradB": enc_values(b.grad)}
grad_case("join", g11)

def g12():
    x = torch.arange(6.0, requires_grad=True)
    y = x.view(2, 3).t().unsqueeze(0).expand(2, 3, 2)
    (y * torch.arange(12.0).view(2, 3, 2)).sum().backward()
    return {"gradFn": y.grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("viewChain", g12)

def g13():
    x = torch.arange(12.0, requires_grad=True)
    y = x.view(3, 4)[1:, ::2][0]
    (y * torch.tensor([5.0, 7.0])).sum().backward()
    return {"gradFn": y.grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("sliceSelect", g13)

def g14():
    v = torch.tensor(3.0, requires_grad=True)
    y = torch.ones(3) * 2
    y[1:] = v
    (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {"gradFn": y.grad_fn.name(), "grad": enc_values(v.grad)}
grad_case("setitemSlice", g14)

def g15():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    y[[0, 2]] = 7.0
    (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {"gradFn": y.grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("setitemIndexPut", g15)

def g16():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.double() * 2
    c = x.clone()
    (y.sum() + c.sum()).backward()
    return {"double": x.double().grad_fn.name(), "clone": c.grad_fn.name(), "grad": enc_values(x.grad), "bool": x.bool().requires_grad}
grad_case("castClone", g16)

def g17():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x.triu(1) + x.tril(-1) * 10
    (y * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    return {"triu": x.triu().grad_fn.name(), "tril": x.tril().grad_fn.name(), "grad": enc_values(x.grad)}
grad_case("triangular", g17)

def g18():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    d = x.detach()
    d.masked_fill_(torch.tensor([False, True, False]), 0.0)
    dd = x.data
    dd.masked_fill_(torch.tensor([True, False, False]), 9.0)
    return {"x": enc_values(x), "dReq": d.requires_grad, "xVersion": x._version, "dVersion": d._version,
            "ddVersion": dd._version, "dBase": d._base is None, "ddBase": dd._base is None}
grad_case("detachData", g18)

def g19():
    c = torch.zeros(3)
    s = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    c.copy_(s)
    (c * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {"gradFn": c.grad_fn.name(), "grad": enc_values(s.grad)}
grad_case("copy", g19)

def g20():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    y.fill_(1.0)
    n1 = y.grad_fn.name()
    z = x * 2
    z.zero_()
    v = torch.tensor(2.0, requires_grad=True)
    w = torch.zeros(3)
    w.fill_(v)
    w.sum().backward()
    return {"fill": n1, "zero": z.grad_fn.name(), "fillTensor": w.grad_fn.name(), "grad": enc_values(v.grad)}
grad_case("fill", g20)

def g21():
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    h = x * 2
    v = h[:, 1:]
    v.masked_fill_(torch.tensor([True, False]), 0.0)
    base_fn = h.grad_fn.name()
    view_fn = v.grad_fn.name()
    (h * torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    return {"base": base_fn, "view": view_fn, "grad": enc_values(x.grad), "h": enc_values(h)}
grad_case("maskedFillOnView", g21)

def g22():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    h = x * 1
    r = h.view(2, 2)[1]
    val = torch.tensor(5.0, requires_grad=True)
    r[0] = val
    base_fn = h.grad_fn.name()
    out = (h * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum() + (r * torch.tensor([10.0, 20.0])).sum()
    out.backward()
    return {"base": base_fn, "view": r.grad_fn.name(), "grad": enc_values(x.grad), "gradVal": enc_values(val.grad)}
grad_case("setitemOnView", g22)
cases["grads"] = grads

# ------------------------------------------------------------------------------- in place misc
misc = {}
def misc_case(name, fn):
    try:
        misc[name] = fn()
    except BaseException as e:
        misc[name] = err(e)

misc_case("copyExpanded", lambda: torch.zeros(3).expand(2, 3).copy_(torch.ones(2, 3)))
misc_case("copyBroadcastBad", lambda: torch.zeros(2, 3).copy_(torch.zeros(2)))
def _copy_bcast():
    x = torch.zeros(2, 3)
    x.copy_(torch.tensor([1, 2, 3]))
    return {"values": enc_values(x), "version": x._version}
misc_case("copyBroadcast", _copy_bcast)
def _fill_expanded():
    b = torch.zeros(3)
    e = b.expand(2, 3)
    e.fill_(4)
    e.zero_()
    e.fill_(2.5)
    return {"values": enc_values(b), "version": b._version}
misc_case("fillExpanded", _fill_expanded)
misc_case("fillTensorValue", lambda: {"values": enc_values(torch.zeros(2, dtype=torch.int8).fill_(torch.tensor(300)))})
misc_case("fillBadValue", lambda: torch.zeros(3).fill_(torch.zeros(2)))
def _overlap():
    b = torch.tensor([True, False, True, False])
    b[:3].masked_fill_(b[1:], False)
misc_case("maskedFillOverlap", _overlap)
def _overlap_full():
    b = torch.tensor([True, False, True, False])
    b.masked_fill_(b, False)
    return {"values": enc_values(b)}
misc_case("maskedFillFullOverlap", _overlap_full)
cases["misc"] = misc

out = {"torch": torch.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "tensor", "core-a.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
print("wrote", os.path.normpath(path), {k: len(v) for k, v in cases.items()})
