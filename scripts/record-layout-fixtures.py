"""Record the strides PyTorch gives element-wise results (TensorIterator's output layout).

Run: /opt/torchenv/bin/python scripts/record-layout-fixtures.py
Writes test/fixtures/tensor/layout.json: for each case, the inputs (shape, strides of a view of
an arange base, and how to build it) and the result's shape and strides.
"""

import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "test/fixtures/tensor/layout.json"


def view(base_shape, ops):
    """An arange tensor of base_shape, then a chain of view ops, e.g. [["permute", [1, 0]]]."""
    n = 1
    for s in base_shape:
        n *= s
    t = torch.arange(n, dtype=torch.float32).reshape(base_shape)
    for name, *args in ops:
        if name == "permute":
            t = t.permute(*args[0])
        elif name == "t":
            t = t.t()
        elif name == "slice":  # dim, start, stop, step
            d, a, b, s = args
            t = t.narrow(d, 0, t.shape[d])[(slice(None),) * d + (slice(a, b, s),)]
        elif name == "expand":
            t = t.expand(*args[0])
        elif name == "unsqueeze":
            t = t.unsqueeze(args[0])
        elif name == "select":
            t = t.select(args[0], args[1])
        else:
            raise ValueError(name)
    return t


INPUTS = {
    "c23": ([2, 3], []),
    "t32": ([2, 3], [["t"]]),
    "t33": ([3, 3], [["t"]]),
    "p234": ([2, 3, 4], [["permute", [2, 0, 1]]]),
    "p234b": ([2, 3, 4], [["permute", [1, 2, 0]]]),
    "p342": ([3, 4, 2], [["permute", [1, 2, 0]]]),
    "p234c": ([2, 3, 4], [["permute", [0, 2, 1]]]),
    "s36": ([3, 6], [["slice", 1, 0, None, 2]]),
    "ts63": ([3, 6], [["t"], ["slice", 0, 0, None, 2]]),
    "ts": ([4, 6], [["t"], ["slice", 1, 1, None, 2]]),
    "e13": ([1, 3], [["expand", [2, 3]]]),
    "e31t": ([3, 1], [["expand", [3, 4]], ["t"]]),
    "u23": ([2, 3], [["unsqueeze", 1]]),
    "ut23": ([2, 3], [["t"], ["unsqueeze", 0]]),
    "c3": ([3], []),
    "c2": ([2], []),
    "c32": ([3, 2], []),
    "e12": ([1, 2], [["expand", [3, 2]]]),
    "c31": ([3, 1], []),
    "c132": ([1, 3, 2], []),
    "p1": ([3, 1, 2], [["permute", [2, 1, 0]]]),
    "cl": ([2, 3, 4, 5], [["permute", [0, 2, 3, 1]], ["permute", [0, 3, 1, 2]]]),
    "sel": ([2, 3, 4], [["permute", [2, 0, 1]], ["select", 1, 1]]),
    "t0": ([2, 0], [["t"]]),
    "p1d": ([2, 1, 1, 2], [["permute", [1, 3, 0, 2]]]),
}

# (name, op, input names, scalar or None)
CASES = [
    ("add_scalar", "add", ["t32"], 1.0),
    ("add_scalar", "add", ["p234"], 1.0),
    ("add_scalar", "add", ["s36"], 1.0),
    ("add_scalar", "add", ["ts63"], 1.0),
    ("add_scalar", "add", ["ts"], 1.0),
    ("add_scalar", "add", ["e13"], 1.0),
    ("add_scalar", "add", ["e31t"], 1.0),
    ("add_scalar", "add", ["u23"], 1.0),
    ("add_scalar", "add", ["ut23"], 1.0),
    ("add_scalar", "add", ["c132"], 1.0),
    ("add_scalar", "add", ["p1"], 1.0),
    ("add_scalar", "add", ["cl"], 1.0),
    ("add_scalar", "add", ["sel"], 1.0),
    ("add_scalar", "add", ["t0"], 1.0),
    ("add", "add", ["t32", "t32"], None),
    ("add", "add", ["t32", "c32"], None),
    ("add", "add", ["c32", "t32"], None),
    ("add", "add", ["t33", "t33"], None),
    ("add", "add", ["t32", "c2"], None),
    ("add", "add", ["c2", "t32"], None),
    ("add", "add", ["c31", "t33"], None),
    ("add", "add", ["p234", "p342"], None),
    ("add", "add", ["p342", "p234"], None),
    ("add", "add", ["p234c", "p234c"], None),
    ("add", "add", ["p234", "c3"], None),
    ("add", "add", ["e12", "t32"], None),
    ("add", "add", ["t32", "e12"], None),
    ("add", "add", ["cl", "cl"], None),
    ("mul", "mul", ["t32", "t32"], None),
    ("mul_scalar", "mul", ["p234"], 2.0),
    ("sub", "sub", ["t33", "c31"], None),
    ("div", "div", ["p234b"], 2.0),
    ("neg", "neg", ["t32"], None),
    ("neg", "neg", ["p234"], None),
    ("neg", "neg", ["ts"], None),
    ("neg", "neg", ["e31t"], None),
    ("exp", "exp", ["t32"], None),
    ("exp", "exp", ["p234b"], None),
    ("abs", "abs", ["t32"], None),
    ("sigmoid", "sigmoid", ["t32"], None),
    ("sigmoid", "sigmoid", ["ts"], None),
    ("gt", "gt", ["t32"], 2.0),
    ("gt", "gt", ["p234"], 2.0),
    ("eq", "eq", ["t32", "c32"], None),
    ("logical_not", "logical_not", ["t32"], None),
    ("float", "float", ["t32"], None),
    ("double", "double", ["t32"], None),
    ("double", "double", ["ts"], None),
    ("double", "double", ["p234"], None),
    ("long", "long", ["p234c"], None),
    ("clone", "clone", ["t32"], None),
    ("clone", "clone", ["ts"], None),
    ("clone", "clone", ["e31t"], None),
    ("clone", "clone", ["p234"], None),
    ("where", "where", ["t32", "t32"], 0.0),
    ("where", "where", ["p234", "p234"], 0.0),
    ("where3", "where3", ["t32", "t32", "c32"], None),
    ("where3", "where3", ["c32", "t32", "c2"], None),
    ("neg", "neg", ["p1d"], None),
    ("exp", "exp", ["p1d"], None),
    ("gt", "gt", ["p1d"], 2.0),
    ("add_scalar", "add", ["p1d"], 1.0),
    ("clone", "clone", ["p1d"], None),
    ("masked_fill", "masked_fill", ["t32"], 0.0),
    ("softmax", "softmax", ["t32"], None),
]


def run(op, xs, scalar):
    if op == "add":
        return xs[0] + (xs[1] if scalar is None else scalar)
    if op == "mul":
        return xs[0] * (xs[1] if scalar is None else scalar)
    if op == "sub":
        return xs[0] - (xs[1] if scalar is None else scalar)
    if op == "div":
        return xs[0] / (xs[1] if scalar is None else scalar)
    if op in ("neg", "exp", "abs", "sigmoid", "logical_not", "float", "double", "long", "clone"):
        return getattr(xs[0], op)()
    if op == "gt":
        return xs[0] > scalar
    if op == "eq":
        return xs[0] == xs[1]
    if op == "where":
        return torch.where(xs[0] > 2, xs[1], scalar)
    if op == "where3":
        return torch.where(xs[0] > 2, xs[1], xs[2])
    if op == "masked_fill":
        return xs[0].masked_fill(xs[0] > 2, scalar)
    if op == "softmax":
        return xs[0].softmax(-1)
    raise ValueError(op)


def main():
    cases = []
    for name, op, names, scalar in CASES:
        xs = [view(*INPUTS[n]) for n in names]
        r = run(op, xs, scalar)
        cases.append(
            {
                "name": name,
                "op": op,
                "inputs": [
                    {"key": n, "base": INPUTS[n][0], "ops": INPUTS[n][1], "shape": list(x.shape), "strides": list(x.stride())}
                    for n, x in zip(names, xs)
                ],
                "scalar": scalar,
                "shape": list(r.shape),
                "strides": list(r.stride()),
                "values": r.flatten().tolist(),
            }
        )
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
