#!/usr/bin/env python3
"""Record the overload lists PyTorch prints in its "invalid combination of arguments" errors.

MaskLab's torch binding formats that TypeError the way PyTorch's argument parser does, from the
signature strings PyTorch itself prints. This script asks a real torch for them by calling each
method and function with an argument no overload accepts, and writes
test/fixtures/torch-signatures.json. Run it with a Python that can `import torch`:

    python3 scripts/record-signatures.py
"""
import json
import os
import re
import torch

METHODS = """masked_fill masked_fill_ softmax log_softmax sum mean max min argmax argmin any all
view reshape transpose permute unsqueeze squeeze expand expand_as flatten add sub mul div add_
sub_ mul_ div_ fill_ zero_ where clone contiguous to eq ne lt gt le ge exp log sigmoid sqrt abs
neg matmul triu tril size stride masked_select pow remainder floor_divide new_tensor
new_zeros new_ones new_full repeat index_select gather masked_scatter""".split()
FUNCTIONS = """zeros ones full arange eye zeros_like ones_like full_like empty cat stack where
softmax log_softmax masked_fill triu tril isnan isinf allclose equal exp sigmoid sum mean max min
matmul rand randn randint randperm rand_like randn_like add sub mul div abs neg sqrt any all
argmax argmin transpose permute unsqueeze squeeze reshape flatten clone logical_not
logical_and logical_or bitwise_not""".split()


class Odd:
    """An argument no overload accepts."""


def overloads(msg):
    if "received an invalid combination of arguments" not in msg:
        return None
    if "expected one of:" in msg:
        return re.findall(r"^ \* (\(.*\))$", msg, re.M)
    m = re.search(r"but expected (\(.*\))$", msg, re.S)
    return [m.group(1)] if m else None


def harvest(fn):
    # Different wrong calls reach the formatter on different functions; any one of them lists
    # every overload.
    for args in [(Odd(),), (), (Odd(),) * 7, (Odd(), Odd())]:
        try:
            fn(*args)
        except TypeError as e:
            found = overloads(str(e))
            if found:
                return found
        except Exception:
            pass
    return None


out = {"method": {}, "function": {}}
t = torch.zeros(2, 2)
for name in METHODS:
    sig = harvest(getattr(t, name))
    if sig:
        out["method"][name] = sig
for name in FUNCTIONS:
    fn = getattr(torch, name, None)
    sig = harvest(fn) if fn else None
    if sig:
        out["function"][name] = sig
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "torch-signatures.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(out['method'])} methods, {len(out['function'])} functions -> {os.path.normpath(path)}")
