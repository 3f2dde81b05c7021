"""Record PyTorch's answers for the tensor core part B tests (type promotion, arithmetic,
comparisons, logic, reductions, softmax, matmul, in-place arithmetic, autograd of these).

Run with a Python that has torch 2.13 (CPU):
    /opt/torchenv/bin/python scripts/record-core-fixtures-b.py
It writes test/fixtures/tensor/core-b.json; the tests only read that file.

Encoding: a Python scalar is {"f": x} (float; "nan"/"inf"/"-inf"/"-0" as strings), {"i": "12"}
(int, a string so int64 stays exact) or {"b": true}. A tensor argument is {"t": {"dtype",
"shape", "data" (flat, row-major), "grad": bool, "view": "T" | "step2" | "expand" | null}}.
A tensor result is {"dtype", "shape", "data", "gradFn"}; errors are {"error": "Type: text"}.
"""

import json
import math
import operator
import os
import warnings

import torch

warnings.simplefilter("ignore")
torch.manual_seed(0)

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
DT = {n: getattr(torch, n) for n in DTYPES}


def enc_float(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and math.copysign(1, x) < 0:
        return "-0"
    return x


def enc_scalar(v):
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, int):
        return {"i": str(v)}
    return {"f": enc_float(v)}


def enc_elem(x):
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return str(x)
    return enc_float(x)


def dname(d):
    return str(d).replace("torch.", "")


def flat(t):
    return [enc_elem(x) for x in t.detach().reshape(-1).tolist()]


def enc_result(r):
    if isinstance(r, torch.Tensor):
        return {
            "dtype": dname(r.dtype),
            "shape": list(r.shape),
            "data": flat(r),
            "gradFn": r.grad_fn.name() if r.grad_fn is not None else None,
        }
    if isinstance(r, tuple) and hasattr(r, "values") and hasattr(r, "indices"):
        return {"values": enc_result(r.values), "indices": enc_result(r.indices)}
    if isinstance(r, bool):
        return {"bool": r}
    raise TypeError(type(r))


class T:
    """A tensor argument spec: values, dtype, optional view and requires_grad."""

    def __init__(self, values, dtype="float32", view=None, grad=False):
        self.values, self.dtype, self.view, self.grad = values, dtype, view, grad

    def make(self):
        base = torch.tensor(self.values, dtype=DT[self.dtype])
        if self.view == "T":
            base = base.t().contiguous().t()  # same values, transposed strides
        if self.view == "step2":
            # values sit at the even positions of a twice-as-long storage
            big = torch.zeros(base.numel() * 2, dtype=base.dtype)
            big[::2] = base.reshape(-1)
            base = big[::2].reshape(base.shape)
        if self.view == "expand":
            base = base.expand(2, *base.shape)
        if self.grad:
            if self.view in ("T", "step2"):
                base = base.detach().requires_grad_()
            elif self.view == "expand":
                raise ValueError("no grad through expand here")
            else:
                base.requires_grad_()
        return base

    def enc(self):
        t = torch.tensor(self.values, dtype=DT[self.dtype])
        return {
            "t": {
                "dtype": self.dtype,
                "shape": list(t.shape),
                "data": flat(t),
                "grad": self.grad,
                "view": self.view,
            }
        }


def enc_arg(a):
    if isinstance(a, T):
        return a.enc()
    if a is None:
        return None
    return enc_scalar(a)


def make_arg(a):
    return a.make() if isinstance(a, T) else a


def enc_kw(v):
    if isinstance(v, torch.dtype):
        return {"dtype": dname(v)}
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, (bool, int, float, str)) or v is None:
        if isinstance(v, float):
            return {"f": enc_float(v)}
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        return v
    raise TypeError(type(v))


OPS = {
    # binary (Python operators, so a scalar may stand on the left)
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "torch.add": torch.add,
    "torch.sub": torch.sub,
    "torch.div": torch.div,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    # comparisons and logic
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "and": operator.and_,
    "or": operator.or_,
    "xor": operator.xor,
    "invert": operator.invert,
    "bitwise_not": torch.bitwise_not,
    "logical_not": torch.logical_not,
    "logical_and": torch.logical_and,
    "logical_or": torch.logical_or,
    "logical_xor": torch.logical_xor,
    # unary
    "neg": operator.neg,
    "abs": torch.abs,
    "exp": torch.exp,
    "log": torch.log,
    "sigmoid": torch.sigmoid,
    "sqrt": torch.sqrt,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "isnan": torch.isnan,
    "isinf": torch.isinf,
    "isfinite": torch.isfinite,
    "clamp": torch.clamp,
    # reductions
    "sum": torch.sum,
    "mean": torch.mean,
    "max": torch.max,
    "min": torch.min,
    "argmax": torch.argmax,
    "argmin": torch.argmin,
    "any": torch.any,
    "all": torch.all,
    "prod": torch.prod,
    # softmax, matmul, whole-tensor comparisons
    "softmax": torch.softmax,
    "log_softmax": torch.log_softmax,
    "matmul": operator.matmul,
    "allclose": torch.allclose,
    "equal": torch.equal,
    # in place
    "add_": lambda s, o, **k: s.add_(o, **k),
    "sub_": lambda s, o, **k: s.sub_(o, **k),
    "mul_": lambda s, o: s.mul_(o),
    "div_": lambda s, o, **k: s.div_(o, **k),
    "ifloordiv": operator.ifloordiv,
    "imod": operator.imod,
    "ipow": operator.ipow,
    "iand": operator.iand,
    "ior": operator.ior,
    "ixor": operator.ixor,
}

cases = []


def case(family, op, args, kwargs=None, grad=None, tol=None):
    kwargs = kwargs or {}
    made = [make_arg(a) for a in args]
    entry = {
        "id": f"{family}/{len(cases)}",
        "family": family,
        "op": op,
        "args": [enc_arg(a) for a in args],
        "kwargs": {k: enc_kw(v) for k, v in kwargs.items()},
    }
    if tol is None and family == "grad" and op in ("exp", "log", "sigmoid", "tanh", "softmax", "log_softmax", "pow"):
        tol = "ulp"
    if tol is None and family == "binary" and op == "pow":
        tol = "ulp"
    if (op == "log_softmax" or family == "grad" and op == "softmax") and tol == "ulp":
        # PyTorch's float32 log_softmax loses relative precision near 0 (log of a sum near 1),
        # and softmax gradients are differences of nearly equal terms.
        tol = "ulpAbs"
    if tol is not None:
        entry["tol"] = tol
    try:
        inplace = family == "inplace"
        before = made[0]._version if inplace else 0
        r = OPS[op](*made, **kwargs)
        entry["result"] = enc_result(r)
        if inplace:
            entry["inplace"] = {"same": r is made[0], "versionBump": made[0]._version - before}
        if grad is not None:
            out = r.values if isinstance(r, tuple) else r
            g = torch.tensor(grad, dtype=out.dtype) if grad != "sum" else None
            if g is None:
                out.sum().backward()
            else:
                out.backward(g)
            entry["gradOutput"] = grad if grad == "sum" else flat(g)
            entry["grads"] = [
                (enc_result(m.grad) if m.grad is not None else None) if isinstance(m, torch.Tensor) else None
                for m in made
            ]
    except Exception as e:  # noqa: BLE001 - the error text is the expected value
        entry["error"] = f"{type(e).__name__}: {e}"
    cases.append(entry)


# ------------------------------------------------------------------------ type promotion table
# Every dtype pair as (tensor, tensor), (tensor, 0-dim), (0-dim, tensor), (0-dim, 0-dim), and
# every dtype against each Python scalar kind. Recorded with torch.result_type.
promotion = []
SAMPLE = {"bool": True, "uint8": 1, "int8": 1, "int16": 1, "int32": 1, "int64": 1}
for a in DTYPES:
    for b in DTYPES:
        for ka in ("tensor", "zero"):
            for kb in ("tensor", "zero"):
                ta = torch.ones(2, dtype=DT[a]) if ka == "tensor" else torch.ones((), dtype=DT[a])
                tb = torch.ones(2, dtype=DT[b]) if kb == "tensor" else torch.ones((), dtype=DT[b])
                promotion.append({"a": [ka, a], "b": [kb, b], "result": dname(torch.result_type(ta, tb))})
    for s in (True, 2, 2.5):
        for ka in ("tensor", "zero"):
            ta = torch.ones(2, dtype=DT[a]) if ka == "tensor" else torch.ones((), dtype=DT[a])
            promotion.append({"a": [ka, a], "b": ["scalar", enc_scalar(s)], "result": dname(torch.result_type(ta, s))})
# With the default dtype set to float64, a Python float promotes integers to float64.
torch.set_default_dtype(torch.float64)
default64 = [
    {"a": ["tensor", d], "b": ["scalar", {"f": 2.5}], "result": dname(torch.result_type(torch.ones(2, dtype=DT[d]), 2.5))}
    for d in DTYPES
]
torch.set_default_dtype(torch.float32)

# ----------------------------------------------------------------------------------- binary
F = [1.5, -2.25, 0.0, 3.0, -0.5, 7.0]
I = [7, -7, 0, 3, -3, 100]
DIVS_I = [2, 3, -2, 5, -4, 7]
DIVS_F = [2.0, -0.5, 3.0, 0.0, -0.0, 1.75]
for op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow"):
    for dt in ("float32", "float64", "float16", "bfloat16"):
        case("binary", op, [T(F, dt), T(DIVS_F, dt)])
        case("binary", op, [T(F, dt), 2.5])
        case("binary", op, [T(F, dt), 3])
        case("binary", op, [2, T(DIVS_F, dt)])
    for dt in ("int64", "int32", "int16", "int8", "uint8"):
        vals = [abs(v) for v in I] if dt == "uint8" else I
        case("binary", op, [T(vals, dt), T(DIVS_I if dt != "uint8" else [2, 3, 2, 5, 4, 7], dt)])
        case("binary", op, [T(vals, dt), 2])
        case("binary", op, [T(vals, dt), 1.5])
        case("binary", op, [3, T(DIVS_I if dt != "uint8" else [2, 3, 2, 5, 4, 7], dt)])
        case("binary", op, [T(vals, dt), T([2, 3, 1, 2, 3, 2], "int64")])
    case("binary", op, [T([True, False, True], "bool"), T([True, True, False], "bool")])
    case("binary", op, [T([True, False, True], "bool"), True])
    case("binary", op, [T([True, False, True], "bool"), 2])
    case("binary", op, [T([1, 2, 3], "int64"), T([0.5, 2.0, 4.0], "float32")])
    case("binary", op, [T([[1.0], [2.0]], "float32"), T([1.0, 2.0, 4.0], "float32")])
    case("binary", op, [T([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "float32", view="T"), T([2.0, 3.0], "float32")])
    case("binary", op, [T([1.0, 2.0, 3.0], "float32", view="step2"), T([[2.0], [3.0]], "float64")])
    case("binary", op, [T([1.0, 2.0], "float16"), T(3.0, "float32")])
    case("binary", op, [T([1, 2], "uint8"), T([1, 2], "int8")])
    case("binary", op, [T([5, 7], "int8"), T(300, "int64")])
    case("binary", op, [T([1.0, 2.0, 3.0]), T([1.0, 2.0])])
    case("binary", op, [T([2, 3], "int64"), T([0, 1], "int64")])
    case("binary", op, [T([2.0, 3.0], "float32"), T([1, -1], "int64")])
for op in ("floordiv", "mod", "truediv"):
    for dt in ("int64", "int32", "int8"):
        case("binary", op, [T([5, -5], dt), 0])
        case("binary", op, [T([5, -5], dt), T([0, 1], dt)])
    case("binary", op, [T([5.0, -5.0, 0.0], "float32"), 0.0])
case("binary", "pow", [T([2, 3], "int64"), -1])
case("binary", "pow", [T([2, 1, -1, 0], "int64"), T([-1, -2, -3, 2], "int64")])
case("binary", "pow", [T([2], "int8"), 10])
case("binary", "pow", [T([True], "bool"), T([True], "bool")])
case("binary", "pow", [T([3], "int64"), 41])
case("binary", "mul", [T([7], "int32"), T([2 ** 30], "int32")])
case("binary", "mul", [T([2 ** 62], "int64"), 4])
case("binary", "add", [T([2 ** 63 - 1], "int64"), 1])
case("binary", "floordiv", [T([-(2 ** 63)], "int64"), -1])
case("binary", "sub", [T([5], "uint8"), 6])
case("binary", "add", [T([0.1], "float16"), 0.1])
case("binary", "truediv", [T([1.0], "float16"), 3])
case("binary", "truediv", [T([1.0], "bfloat16"), 3])
case("binary", "add", [T([65504.0], "float16"), 32.0])
case("binary", "mul", [T([1e38], "float32"), 10.0])
case("binary", "torch.add", [T([1, 2], "int64"), T([1, 2], "int64")], {"alpha": 2})
case("binary", "torch.add", [T([1, 2], "int64"), T([1, 2], "int64")], {"alpha": 1.5})
case("binary", "torch.add", [T([1.0, 2.0]), T([1, 2], "int64")], {"alpha": True})
case("binary", "torch.add", [T([1.0, 2.0]), T([0.1, 0.2])], {"alpha": 2.5})
case("binary", "torch.sub", [T([1.0, 2.0]), 1.0], {"alpha": 3})
case("binary", "torch.add", [T([True]), T([True])], {"alpha": 2})
for mode in ("floor", "trunc"):
    case("binary", "torch.div", [T([5, -5, 7, -7], "int64"), 2], {"rounding_mode": mode})
    case("binary", "torch.div", [T([5.5, -5.5, 0.0, -0.0], "float32"), 2.0], {"rounding_mode": mode})
    case("binary", "torch.div", [T([5, -5], "int64"), 0], {"rounding_mode": mode})
    case("binary", "torch.div", [T([True]), T([True])], {"rounding_mode": mode})
case("binary", "sub", [T([True]), 1])
case("binary", "sub", [1, T([True])])
case("binary", "sub", [T([1, 2]), True])
case("binary", "truediv", [T([1.0, 2.0, 4.0]), T([3.0, 7.0, 1.0])])
for op in ("maximum", "minimum"):
    case("binary", op, [T([1.0, 5.0, float("nan"), -0.0]), T([2.0, 5.0, 0.0, 0.0])])
    case("binary", op, [T([1, 2], "int64"), T([1.5])])
    case("binary", op, [T([True, False]), T([2], "int64")])
    case("binary", op, [T([[1, 9]], "int64"), T([[3], [4]], "int64")])
    case("binary", op, [T([1.0, 2.0], "float16"), T(1.5, "float64")])

# -------------------------------------------------------------------------------- compare
for op in ("eq", "ne", "lt", "le", "gt", "ge"):
    case("compare", op, [T([1.0, float("nan"), 3.0, float("inf")]), T([1.0, float("nan"), 2.0, float("inf")])])
    case("compare", op, [T([1, 2, 3], "int64"), 2])
    case("compare", op, [T([1, 2, 3], "int64"), 2.5])
    case("compare", op, [T([1], "int8"), 1000])
    case("compare", op, [T([1], "uint8"), -1])
    case("compare", op, [T([True, False]), 1])
    case("compare", op, [T([True, False]), T([[True], [False]])])
    case("compare", op, [T([0.1], "float16"), 0.1])
    case("compare", op, [T([0.1], "float32"), T([0.1], "float64")])
    case("compare", op, [T([[1.0, 2.0], [3.0, 4.0]], view="T"), T([2.0, 2.0])])
    case("compare", op, [2, T([1, 2, 3], "int64")])
    case("compare", op, [T([1.0, 2.0]), T([1.0, 2.0, 3.0])])
    case("compare", op, [T([2 ** 62, -(2 ** 62)], "int64"), T([2 ** 62 + 1, -(2 ** 62)], "int64")])

# -------------------------------------------------------------------------------- logical
for op in ("and", "or", "xor"):
    case("logical", op, [T([True, False, True, False]), T([True, True, False, False])])
    case("logical", op, [T([12, -3, 0], "int64"), T([10, 5, 7], "int64")])
    case("logical", op, [T([12, 200], "uint8"), T([10, 5], "int8")])
    case("logical", op, [T([1, 2], "int64"), True])
    case("logical", op, [T([True]), 1])
    case("logical", op, [T([True, False]), T([2, 3], "int32")])
    case("logical", op, [T([1.0]), T([1.0])])
    case("logical", op, [T([1.0]), 1])
    case("logical", op, [T([2 ** 62 + 5], "int64"), T([-(2 ** 40)], "int64")])
for op in ("invert", "bitwise_not"):
    for dt in ("bool", "uint8", "int8", "int32", "int64", "float32"):
        case("logical", op, [T([1, 0, 5] if dt != "bool" else [True, False, True], dt)])
for op in ("logical_not",):
    for dt in ("bool", "int64", "float32", "uint8"):
        case("logical", op, [T([1, 0, 5] if dt != "bool" else [True, False, True], dt)])
    case("logical", op, [T([float("nan"), 0.0, -0.0])])
for op in ("logical_and", "logical_or", "logical_xor"):
    case("logical", op, [T([1.0, 0.0, 2.0, 0.0]), T([3, 3, 0, 0], "int64")])

# ---------------------------------------------------------------------------------- unary
UF = [-2.0, -0.5, 0.0, 0.5, 1.0, 3.0, 20.0, -20.0, float("nan"), float("inf"), float("-inf")]
for op in ("neg", "abs", "exp", "log", "sigmoid", "sqrt", "tanh", "relu", "isnan", "isinf", "isfinite"):
    tol = "ulp" if op in ("exp", "log", "sigmoid", "tanh") else None
    for dt in ("float32", "float64", "float16", "bfloat16"):
        case("unary", op, [T(UF, dt)], tol=tol)
    for dt in ("int64", "int32", "int8", "uint8", "bool"):
        vals = [True, False] if dt == "bool" else ([0, 1, 2, 200] if dt == "uint8" else [-128, -1, 0, 3, 100])
        case("unary", op, [T(vals, dt)], tol=tol)
    case("unary", op, [T([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], view="T")], tol=tol)
    case("unary", op, [T([1.0, -2.0, 3.0], view="step2")], tol=tol)
for kw in ({"min": 0.0, "max": 1.0}, {"min": 0}, {"max": 2}, {"min": 0.5}, {"min": 2.0, "max": 1.0}, {}):
    case("unary", "clamp", [T([-1.0, 0.5, 2.0, float("nan")])], kw)
    case("unary", "clamp", [T([-1, 1, 3], "int64")], kw)
case("unary", "clamp", [T([True, False])], {"min": 0, "max": 1})

# ----------------------------------------------------------------------------- reductions
M = [[1.0, 5.0, 2.0], [4.0, 0.0, 6.0]]
M3 = [[[1.0, 2.0], [3.0, 4.0]], [[-1.0, 7.0], [0.5, 0.25]]]
for op in ("sum", "mean", "prod"):
    for kw in ({}, {"dim": 0}, {"dim": 1}, {"dim": -1, "keepdim": True}):
        case("reduce", op, [T(M)], kw)
        case("reduce", op, [T([[1, 2, 3], [4, 5, 6]], "int64")], kw)
        case("reduce", op, [T([[True, False, True], [True, True, False]])], kw)
        case("reduce", op, [T([[1, 2, 3], [4, 5, 6]], "int8")], kw)
        case("reduce", op, [T(M, "float16")], kw)
    case("reduce", op, [T(M, view="T")], {"dim": 0})
    case("reduce", op, [T([])])
    case("reduce", op, [T([[]])], {"dim": 1})
    case("reduce", op, [T(3.0)], {"dim": 0})
    case("reduce", op, [T(M)], {"dim": 2})
for op in ("sum", "mean"):
    case("reduce", op, [T(M3)], {"dim": (0, 2)})
    case("reduce", op, [T(M3)], {"dim": (0, -3)})
    case("reduce", op, [T(M3)], {"dim": (), "keepdim": True})
    case("reduce", op, [T(M3)], {"dim": (1, 2), "keepdim": True})
    case("reduce", op, [T([1, 2], "int64")], {"dtype": torch.float32})
    case("reduce", op, [T([1.5, 2.0])], {"dtype": torch.int64})
    case("reduce", op, [T([1.5, float("nan")])])
case("reduce", "sum", [T([100, 100], "int8")], {"dtype": torch.int8})
case("reduce", "sum", [T([2 ** 62, 2 ** 62], "int64")])
case("reduce", "prod", [T([2 ** 40, 2 ** 40], "int64")])
for op in ("max", "min", "argmax", "argmin"):
    for kw in ({}, {"dim": 0}, {"dim": 1}, {"dim": -1, "keepdim": True}):
        case("reduce", op, [T([[3.0, 1.0, 3.0], [2.0, 5.0, 5.0]])], kw)
        case("reduce", op, [T([[3, 1, 3], [2, 5, 5]], "int64")], kw)
        case("reduce", op, [T([[1.0, float("nan"), 3.0], [float("nan"), 0.0, float("nan")]])], kw)
        case("reduce", op, [T([[1.0, 2.0], [3.0, 4.0]], view="T")], kw)
    case("reduce", op, [T([[True, False]])], {"dim": 1})
    case("reduce", op, [T([[True, False]])])
    case("reduce", op, [T([[], []])])
    case("reduce", op, [T([[], []])], {"dim": 1})
    case("reduce", op, [T([[], []])], {"dim": 0})
    case("reduce", op, [T(3.0)], {"dim": 0})
    case("reduce", op, [T([float("-inf"), float("-inf")])], {"dim": 0})
    case("reduce", op, [T([1.0, 2.0], "float16")], {"dim": 0})
for op in ("any", "all"):
    for kw in ({}, {"dim": 0}, {"dim": 1, "keepdim": True}):
        case("reduce", op, [T([[True, False, False], [True, True, False]])], kw)
        case("reduce", op, [T([[1, 0, 0], [2, 3, 0]], "int64")], kw)
        case("reduce", op, [T([[1, 0, 0], [2, 3, 0]], "uint8")], kw)
        case("reduce", op, [T([[0.5, 0.0, float("nan")], [0.0, 0.0, 0.0]])], kw)
    case("reduce", op, [T([[], []])])
    case("reduce", op, [T([[], []])], {"dim": 1})

# Random float sums, compared exactly: PyTorch's summation order decides the last bits.
gen = torch.Generator().manual_seed(1234)
for shape, kws in (
    ((7,), [{}]),
    ((33,), [{}]),
    ((1000,), [{}]),
    ((4099,), [{}]),
    ((5, 37), [{}, {"dim": 1}, {"dim": 0}, {"dim": -1, "keepdim": True}]),
    ((37, 5), [{"dim": 0}, {"dim": 1}]),
    ((300, 70), [{"dim": 0}, {"dim": 1}, {}]),
    ((3, 40, 9), [{"dim": 1}, {"dim": (1, 2)}, {"dim": 0}, {"dim": 2}, {}]),
    ((2, 3, 130), [{"dim": 2}, {"dim": (0, 1)}]),
):
    for dt in ("float32", "float64"):
        vals = (torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 0.6).to(DT[dt]).tolist()
        for kw in kws:
            for op in ("sum", "mean"):
                case("reduce", op, [T(vals, dt)], kw)
        if len(shape) == 2:
            case("reduce", "sum", [T(vals, dt, view="T")])

# ------------------------------------------------------------------------------- softmax
S2 = [[0.5, 0.7, 0.8, 0.9], [0.6, 0.5, 0.4, 0.8], [0.2, 0.4, 0.5, 0.7]]
for op in ("softmax", "log_softmax"):
    for dim in (0, 1, -1, 2, -3):
        case("softmax", op, [T(S2), dim], tol="ulp")
    case("softmax", op, [T(M3), 1], tol="ulp")
    case("softmax", op, [T(M3), 0], tol="ulp")
    case("softmax", op, [T(S2, view="T"), 0], tol="ulp")
    case("softmax", op, [T([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], view="step2"), 1], tol="ulp")
    case("softmax", op, [T([float("-inf"), float("-inf")]), 0], tol="ulp")
    case("softmax", op, [T([float("inf"), 1.0]), 0], tol="ulp")
    case("softmax", op, [T([float("nan"), 1.0]), 0], tol="ulp")
    case("softmax", op, [T([1.0, float("-inf"), 3.0]), 0], tol="ulp")
    case("softmax", op, [T([1.0, -1e9, 3.0]), 0], tol="ulp")
    case("softmax", op, [T([-3.4028234663852886e38, -3.4028234663852886e38]), 0], tol="ulp")
    case("softmax", op, [T([1000.0, 0.0, -1000.0]), 0], tol="ulp")
    case("softmax", op, [T([1.0, 2.0, 3.0], "float16"), 0], tol="ulp")
    case("softmax", op, [T([1.0, 2.0, 3.0], "bfloat16"), 0], tol="ulp")
    case("softmax", op, [T([1.0, 2.0, 3.0], "float64"), 0], tol="ulp")
    case("softmax", op, [T([1, 2], "int64"), 0])
    case("softmax", op, [T([[1, 2]], "int64"), 0])
    case("softmax", op, [T([[1, 2]], "int32"), 1])
    case("softmax", op, [T([1, 2], "int64"), 0], {"dtype": torch.float32}, tol="ulp")
    case("softmax", op, [T([1.0, 2.0]), 0], {"dtype": torch.float64}, tol="ulp")
    case("softmax", op, [T([1.0, 2.0]), 0], {"dtype": torch.int64})
    case("softmax", op, [T(2.0), 0], tol="ulp")
    case("softmax", op, [T([[], []]), 1], tol="ulp")
for t in (0.1, 1.0, 10.0):
    case("softmax", "softmax", [T([1.0 / t, 2.0 / t, 3.0 / t, 4.0 / t]), 0], tol="ulp")

# --------------------------------------------------------------------------------- matmul
A23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
B32 = [[1.0, -1.0], [0.5, 2.0], [-3.0, 0.25]]
case("matmul", "matmul", [T([1.0, 2.0, 3.0]), T([4.0, 5.0, 6.0])])
case("matmul", "matmul", [T(A23), T([1.0, 0.5, -1.0])])
case("matmul", "matmul", [T([1.0, -2.0]), T(A23)])
case("matmul", "matmul", [T(A23), T(B32)])
case("matmul", "matmul", [T(A23, view="T"), T(A23)])
case("matmul", "matmul", [T([A23, A23]), T([B32, B32])])
case("matmul", "matmul", [T([A23, A23]), T(B32)])
case("matmul", "matmul", [T(A23), T([B32, B32])])
case("matmul", "matmul", [T([[A23]]), T([B32, B32, B32])])
case("matmul", "matmul", [T([A23, A23]), T([1.0, 2.0, 3.0])])
case("matmul", "matmul", [T([1.0, 2.0]), T([A23, A23])])
case("matmul", "matmul", [T([[1, 2], [3, 4]], "int64"), T([[5, 6], [7, 8]], "int64")])
case("matmul", "matmul", [T([[100, 100, 100]], "int8"), T([[1], [1], [1]], "int8")])
case("matmul", "matmul", [T([[0.1, 0.1, 0.1]], "float16"), T([[1.0], [1.0], [1.0]], "float16")])
case("matmul", "matmul", [T([[1, 2]], "int32"), T([[3], [4]], "int32")])
case("matmul", "matmul", [T([[True]]), T([[True]])])
case("matmul", "matmul", [T([1.0, 2.0, 3.0]), T([1.0, 2.0])])
case("matmul", "matmul", [T(A23), T([1.0, 2.0])])
case("matmul", "matmul", [T([1.0, 2.0, 3.0]), T(A23)])
case("matmul", "matmul", [T(A23), T(A23)])
case("matmul", "matmul", [T([A23, A23]), T([B32, B32, B32])])
case("matmul", "matmul", [T([A23, A23]), T([A23, A23])])
case("matmul", "matmul", [T([A23, A23]), T(A23)])
case("matmul", "matmul", [T(A23), T(B32, "float64")])
case("matmul", "matmul", [T([1.0]), T([1.0], "float64")])
case("matmul", "matmul", [T(A23), T([1, 2, 3], "int64")])
case("matmul", "matmul", [T(2.0), T([1.0])])
case("matmul", "matmul", [T([1.0]), T(2.0)])
case("matmul", "matmul", [T([[1.0], [2.0]]), T([[1.0, 2.0]])])

# -------------------------------------------------------------------------- compare-all
case("compareAll", "allclose", [T([1.0, 2.0]), T([1.0, 2.00001])])
case("compareAll", "allclose", [T([1.0, 2.0]), T([1.0, 2.001])])
case("compareAll", "allclose", [T([1.0, float("nan")]), T([1.0, float("nan")])])
case("compareAll", "allclose", [T([1.0, float("nan")]), T([1.0, float("nan")])], {"equal_nan": True})
case("compareAll", "allclose", [T([float("inf")]), T([float("inf")])])
case("compareAll", "allclose", [T([float("inf")]), T([float("-inf")])])
case("compareAll", "allclose", [T([1.0, 2.0]), T([1, 2], "int64")])
case("compareAll", "allclose", [T([1.0, 2.0]), T([1.0, 2.0], "float64")])
case("compareAll", "allclose", [T([1.0, 2.0]), T([1.0, 2.0, 3.0])])
case("compareAll", "allclose", [T([1.0, 1.0]), T([1.0])])
case("compareAll", "allclose", [T([100.0]), T([101.0])], {"rtol": 0.01, "atol": 0.0})
case("compareAll", "allclose", [T([0.0]), T([1e-9])])
case("compareAll", "allclose", [T([1, 2], "int64"), T([1, 3], "int64")], {"atol": 1.0})
case("compareAll", "equal", [T([1.0, 2.0]), T([1, 2], "int64")])
case("compareAll", "equal", [T([1.0, 2.0]), T([[1.0, 2.0]])])
case("compareAll", "equal", [T([float("nan")]), T([float("nan")])])
case("compareAll", "equal", [T([True]), T([1], "int64")])
case("compareAll", "equal", [T([1.0, 2.0]), T([1.0, 2.5])])

# ---------------------------------------------------------------------------- in place
for op, other in (("add_", 1), ("add_", 1.5), ("sub_", 2), ("mul_", 3), ("div_", 2), ("div_", 2.0),
                  ("ifloordiv", 2), ("imod", 3), ("ipow", 2), ("iand", 6), ("ior", 1), ("ixor", 3)):
    for dt in ("int64", "int8", "float32", "float16", "bool"):
        vals = [True, False, True] if dt == "bool" else [5, 7, -3] if dt != "uint8" else [5, 7, 3]
        case("inplace", op, [T(vals, dt), other])
case("inplace", "add_", [T([1, 2], "int8"), T([1000], "int64")])
case("inplace", "add_", [T([1.0, 2.0]), T([[1.0, 2.0], [3.0, 4.0]])])
case("inplace", "add_", [T([[1.0, 2.0], [3.0, 4.0]]), T([1.0, 2.0, 3.0])])
case("inplace", "add_", [T([1.0]), T([1.0, 2.0])])
case("inplace", "add_", [T(1.0), T([1.0, 2.0])])
case("inplace", "add_", [T([1.0]), 1], {})
case("inplace", "add_", [T([1.0], view="expand"), 1])
case("inplace", "mul_", [T([1.0], view="expand"), 2])
case("inplace", "add_", [T([1.0, 2.0], grad=True), 1])
case("inplace", "add_", [T([1.0, 2.0]), T([1.0], "float64")])
case("inplace", "add_", [T([1.0, 2.0], "float16"), 0.1])
case("inplace", "add_", [T([[1.0, 2.0], [3.0, 4.0]], view="T"), T([10.0, 20.0])])
case("inplace", "add_", [T([1.0, 2.0, 3.0], view="step2"), 1])
case("inplace", "div_", [T([5, 7], "int64"), 2], {"rounding_mode": "floor"})
case("inplace", "add_", [T([1.0, 2.0]), T([1.0, 2.0])], {"alpha": 2})
case("inplace", "sub_", [T([1, 2], "int64"), T([1, 2], "int64")], {"alpha": 3})
case("inplace", "add_", [T([1, 2], "int64"), 1.5], {})
case("inplace", "ior", [T([True, False]), T([False, False])])

# ------------------------------------------------------------------------------ autograd
G = lambda v, dt="float32": T(v, dt, grad=True)  # noqa: E731
case("grad", "add", [G([1.0, 2.0, 3.0]), G([[1.0], [2.0]])], grad="sum")
case("grad", "add", [G([1.0, 2.0, 3.0]), 1], grad=[1.0, 10.0, 100.0])
case("grad", "add", [1.5, G([1.0, 2.0, 3.0])], grad="sum")
case("grad", "torch.add", [G([1.0, 2.0]), G([3.0, 4.0])], {"alpha": 3}, grad="sum")
case("grad", "sub", [G([1.0, 2.0, 3.0]), G([[1.0], [2.0]])], grad="sum")
case("grad", "sub", [1, G([1.0, 2.0])], grad="sum")
case("grad", "mul", [G([1.0, 2.0, 3.0]), G([[1.0], [2.0]])], grad="sum")
case("grad", "mul", [G([1.0, 2.0, 3.0]), T([4.0, 5.0, 6.0])], grad=[1.0, 2.0, 3.0])
case("grad", "mul", [2, G([1.0, 2.0])], grad="sum")
case("grad", "truediv", [G([1.0, 2.0, 3.0]), G([[2.0], [4.0]])], grad="sum")
case("grad", "truediv", [2, G([1.0, 2.0, 4.0])], grad="sum")
case("grad", "truediv", [G([1.0, 2.0]), 4], grad="sum")
case("grad", "torch.div", [G([5.0, -5.0]), 2.0], {"rounding_mode": "floor"}, grad="sum")
case("grad", "mod", [G([5.0, -5.0]), 3.0], grad="sum")
case("grad", "mod", [G([5.0, -5.0]), G([3.0, 3.0])], grad="sum")
case("grad", "pow", [G([1.0, 2.0, 3.0]), 2], grad="sum")
case("grad", "pow", [G([1.0, 2.0, 3.0]), 0], grad="sum")
case("grad", "pow", [G([1.0, 2.0, 3.0]), 0.5], grad="sum")
case("grad", "pow", [G([0.0, 2.0, 3.0]), G([2.0, 0.5, 1.0])], grad="sum")
case("grad", "pow", [2, G([1.0, 2.0, 3.0])], grad="sum")
case("grad", "neg", [G([1.0, -2.0])], grad="sum")
case("grad", "abs", [G([1.0, -2.0, 0.0])], grad="sum")
case("grad", "exp", [G([0.0, 1.0, -1.0])], grad=[1.0, 2.0, 3.0])
case("grad", "log", [G([0.5, 1.0, 4.0])], grad="sum")
case("grad", "sigmoid", [G([0.0, 1.0, -1.0])], grad="sum")
case("grad", "sqrt", [G([1.0, 4.0, 9.0])], grad="sum")
case("grad", "tanh", [G([0.0, 1.0, -1.0])], grad="sum")
case("grad", "relu", [G([1.0, -1.0, 0.0])], grad="sum")
case("grad", "clamp", [G([-1.0, 0.5, 2.0, 0.0, 1.0])], {"min": 0.0, "max": 1.0}, grad="sum")
case("grad", "sum", [G(M)], grad="sum")
case("grad", "sum", [G(M)], {"dim": 0}, grad=[1.0, 2.0, 3.0])
case("grad", "sum", [G(M3)], {"dim": (0, 2), "keepdim": True}, grad=[[[1.0], [2.0]]])
case("grad", "mean", [G(M)], grad="sum")
case("grad", "mean", [G(M)], {"dim": 1}, grad=[1.0, 2.0])
case("grad", "max", [G([[3.0, 1.0, 3.0], [2.0, 5.0, 5.0]])], grad="sum")
case("grad", "max", [G([[3.0, 1.0, 3.0], [2.0, 5.0, 5.0]])], {"dim": 1}, grad=[1.0, 2.0])
case("grad", "min", [G([[3.0, 1.0, 3.0], [2.0, 5.0, 5.0]])], {"dim": 0, "keepdim": True}, grad=[[1.0, 2.0, 3.0]])
case("grad", "min", [G([[3.0, 1.0, 1.0], [2.0, 5.0, 5.0]])], grad="sum")
case("grad", "prod", [G([[3.0, 1.0, 2.0], [2.0, 0.0, 5.0]])], {"dim": 1}, grad="sum")
case("grad", "prod", [G([2.0, 3.0, 4.0])], grad="sum")
case("grad", "softmax", [G(S2), -1], grad=[[1.0, 2.0, 3.0, 4.0]] * 3)
case("grad", "softmax", [G(S2), 0], grad=[[1.0, 2.0, 3.0, 4.0]] * 3)
case("grad", "log_softmax", [G(S2), 1], grad=[[1.0, 2.0, 3.0, 4.0]] * 3)
case("grad", "softmax", [G([1.0, 2.0]), 0], {"dtype": torch.float64}, grad=[1.0, 0.0])
case("grad", "matmul", [G([1.0, 2.0, 3.0]), G([4.0, 5.0, 6.0])], grad="sum")
case("grad", "matmul", [G(A23), G([1.0, 0.5, -1.0])], grad="sum")
case("grad", "matmul", [G([1.0, -2.0]), G(A23)], grad="sum")
case("grad", "matmul", [G(A23), G(B32)], grad=[[1.0, 2.0], [3.0, 4.0]])
case("grad", "matmul", [G([A23, A23]), G(B32)], grad="sum")
case("grad", "matmul", [G(A23), G([B32, B32])], grad="sum")
case("grad", "matmul", [G([[A23]]), G([B32, B32, B32])], grad="sum")
case("grad", "matmul", [G([A23, A23]), G([1.0, 2.0, 3.0])], grad="sum")
case("grad", "matmul", [G([1.0, 2.0]), G([A23, A23])], grad="sum")
case("grad", "add", [G([1.0, 2.0]), G([1.0, 2.0], "float64")], grad="sum")
case("grad", "maximum", [G([1.0, 5.0, 3.0, float("nan")]), G([2.0, 5.0, 1.0, 0.0])], grad="sum")
case("grad", "minimum", [G([[1.0, 5.0, 3.0]]), G([[2.0], [5.0]])], grad="sum")
case("grad", "mul", [G([1.0, 2.0], "float16"), 3], grad="sum")

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "tensor", "core-b.json")
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "promotion": promotion, "promotionDefault64": default64, "cases": cases}, f, indent=None, separators=(",", ":"))
print(f"wrote {len(cases)} cases and {len(promotion)} promotion entries to {os.path.normpath(OUT)}")
