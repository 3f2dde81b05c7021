"""Record PyTorch's behaviour for indexing errors, setitem leaf checks, copy_ overlap, the
masked_fill autograd dtype check and float32 softmax backward values.

Run: /opt/torchenv/bin/python scripts/record-core-gaps-fixtures.py
Writes test/fixtures/tensor/core-gaps.json.

Index items are encoded for the TypeScript side: an int, null (None), "..." (Ellipsis),
{"slice": [start, stop, step]}, {"tensor": values, "dtype": name}, a bool (Python's True/False) or a Python list.
"""

import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "test/fixtures/tensor/core-gaps.json"


def decode(item):
    if item == "...":
        return Ellipsis
    if isinstance(item, dict) and "slice" in item:
        return slice(*item["slice"])
    if isinstance(item, dict) and "tensor" in item:
        return torch.tensor(item["tensor"], dtype=getattr(torch, item["dtype"]))
    return item


def outcome(fn):
    try:
        r = fn()
        return {"ok": True, "resultShape": list(r.shape)}
    except Exception as e:  # noqa: BLE001 - the message is the point
        return {"ok": False, "type": type(e).__name__, "message": str(e)}


T = lambda v, d: {"tensor": v, "dtype": d}  # noqa: E731
S = lambda a=None, b=None, c=None: {"slice": [a, b, c]}  # noqa: E731

GET = [
    ([2, 3], [0, 3], True),
    ([2, 3, 4], [0, 1, 4], True),
    ([2, 3], [-3], False),
    ([2, 3], [0, -4], True),
    ([2, 3, 4], ["...", 4], True),
    ([2, 3, 4], ["...", 3], True),
    ([2, 3], [None, 0, 3], True),
    ([2, 3], [None, 1], True),
    ([2, 3, 4], [None, None, 1, 1, 9], True),
    ([2, 3, 4], [S(), S(), 4], True),
    ([2, 3, 4], [0, "...", 4], True),
    ([2, 3, 4], [T(1, "int64"), 5], True),
    ([2, 3, 4], [T(5, "int64")], False),
    ([2, 3, 4], [[0], 5], True),
    ([2, 3, 4], [T([True, False], "bool"), 5], True),
    ([2, 3, 4], [S(), [5]], True),
    ([2, 3, 4], [[0], [5]], True),
    ([2, 3, 4], [S(), [0], [5]], True),
    ([2, 3, 4], [[0], S(), [5]], True),
    ([2, 3, 4], [0, None, 5], True),
    ([2, 3, 4], [S(1), 5], True),
    ([], [0], False),
    ([], [1], False),
    ([], [-1], False),
    ([], [0], True),
    ([], [None, 0], True),
    ([], [T(0, "int64")], False),
]

SET_LEAF = [
    [False],
    [True],
    [0],
    [None],
    ["..."],
    [S()],
    [S(), S()],
    [0, [0, 1]],
    [[0], 0],
    [S(0, 1)],
    [S(0, 2)],
    ["...", 0],
    [[0, 1]],
    [T([True, False], "bool")],
    [T(1, "int64")],
    [None, "..."],
    [0, 0],
]

U8 = [[[1, 0, 1], [0, 1, 0]]]
SET_U8 = [
    ([T(U8[0], "uint8")], 1.0),
    ([T(U8[0], "uint8")], {"tensor": 1.0, "dtype": "float32"}),
    ([T(U8[0], "uint8")], {"tensor": [1.0], "dtype": "float32"}),
    ([T(U8[0], "uint8")], {"tensor": [1.0, 2.0, 3.0], "dtype": "float32"}),
    ([0, T([1, 0, 1], "uint8")], 1.0),
    ([S(), T([1, 0, 1], "uint8")], 1.0),
    ([T([1, 0], "uint8")], 1.0),
    ([T(U8[0], "bool")], 1.0),
    ([T(1, "uint8")], 1.0),
]


def main():
    out = {"torch": torch.__version__, "getitem": [], "setitemLeaf": [], "setitemByteMask": []}
    for shape, items, is_tuple in GET:
        x = torch.arange(int(torch.tensor(shape).prod().item()) if shape else 1).reshape(shape)
        idx = [decode(i) for i in items]
        key = tuple(idx) if is_tuple else idx[0]
        out["getitem"].append({"shape": shape, "items": items, "tuple": is_tuple, **outcome(lambda: x[key])})
    for items in SET_LEAF:
        x = torch.zeros(2, 3, requires_grad=True)
        idx = [decode(i) for i in items]
        key = tuple(idx) if len(idx) != 1 else idx[0]

        def go():
            x[key] = 1.0
            return x

        out["setitemLeaf"].append({"items": items, **outcome(go)})
    for items, value in SET_U8:
        x = torch.zeros(2, 3)
        idx = [decode(i) for i in items]
        key = tuple(idx) if len(idx) != 1 else idx[0]
        v = decode(value)

        def go():
            x[key] = v
            return x

        r = outcome(go)
        if r["ok"]:
            r["values"] = x.flatten().tolist()
        out["setitemByteMask"].append({"items": items, "value": value, **r})

    # copy_ between views of one storage: base (6,) or (3, 3); [start, stop] slices or t().
    copies = []
    for name, fn in [
        ("x[1:].copy_(x[:-1])", lambda x: x[1:].copy_(x[:-1])),
        ("x[:-1].copy_(x[1:])", lambda x: x[:-1].copy_(x[1:])),
        ("x[:3].copy_(x[3:])", lambda x: x[:3].copy_(x[3:])),
        ("x.copy_(x)", lambda x: x.copy_(x)),
        ("x[:].copy_(x)", lambda x: x[:].copy_(x)),
        ("x[::2].copy_(x[1::2])", lambda x: x[::2].copy_(x[1::2])),
        ("x[:2].copy_(x[1])", lambda x: x[:2].copy_(x[1])),
    ]:
        x = torch.arange(6.0)
        r = outcome(lambda: fn(x))
        if r["ok"]:
            r["values"] = x.tolist()
        copies.append({"expr": name, **r})
    x = torch.arange(9.0).reshape(3, 3)
    copies.append({"expr": "m.t().copy_(m)", **outcome(lambda: x.t().copy_(x))})
    out["copyOverlap"] = copies

    fills = []
    for dt in ["int64", "int32", "int8", "uint8", "int16", "bool", "float16", "float32"]:
        m = torch.tensor([True, False])
        v = torch.tensor(2.5, requires_grad=True)
        r = outcome(lambda: torch.zeros(2, dtype=getattr(torch, dt)).masked_fill(m, v))
        x = torch.zeros(2, dtype=getattr(torch, dt))
        ri = outcome(lambda: x.masked_fill_(m, torch.tensor(2.5, requires_grad=True)))
        fills.append({"dtype": dt, "outOfPlace": r, "inPlace": ri})
    out["maskedFillGradDtype"] = fills

    torch.manual_seed(0)
    grads = []
    for shape in [[4], [2, 3], [3, 5], [2, 7], [1, 16], [2, 2, 9]]:
        x = torch.randn(shape, requires_grad=True)
        y = x.softmax(-1)
        g = torch.randn(shape)
        y.backward(g)
        grads.append(
            {"shape": shape, "x": x.detach().flatten().tolist(), "g": g.flatten().tolist(), "grad": x.grad.flatten().tolist()}
        )
    out["softmaxBackwardF32"] = grads
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
