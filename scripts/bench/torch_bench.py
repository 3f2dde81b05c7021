"""The PyTorch side of `npm run bench`: times the same ops on the same inputs with real torch.

Inputs come from torch's own CPU generator (manual_seed, then randn and rand in a fixed order);
MaskLab replays that generator bit for bit, so every library sees the same mask bits. The
fingerprints printed with the timings let the bench check that claim instead of trusting it.

Prints one JSON object on stdout. Run by scripts/bench.ts; usable by hand:
    python3 scripts/bench/torch_bench.py --n 1024 --reps 5
"""

import argparse
import gc
import json
import statistics
import sys
import time

import torch


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--b", type=int, default=4)
    p.add_argument("--h", type=int, default=16)
    p.add_argument("--s", type=int, default=512)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--value", type=float, default=-1e9)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--reps", type=int, default=10)
    return p.parse_args()


def time_op(setup, run, warmup, reps):
    samples = []
    cpu = []
    for i in range(warmup + reps):
        setup()
        c0 = time.process_time()
        t0 = time.perf_counter()
        run()
        t1 = time.perf_counter()
        c1 = time.process_time()
        if i >= warmup:
            samples.append((t1 - t0) * 1e3)
            cpu.append((c1 - c0) * 1e3)
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "samples": samples,
        # process_time sums all threads: comparable to MaskLab's only for the 1-thread run.
        "cpuMedian": statistics.median(cpu),
    }


def inputs(a):
    torch.manual_seed(a.seed)
    n = a.n
    x0 = torch.randn(n, n)
    m = torch.rand(n, n) < 0.5
    m_row = torch.rand(n) < 0.5
    m_attn = torch.rand(a.b, 1, 1, a.s) < 0.5
    return x0, m, m_row, m_attn


def fingerprints(x0, m, m_row, m_attn):
    xd = x0.double()
    return {
        "xSum": xd.sum().item(),
        "maskCount": int(m.sum().item()),
        "maskedSum": xd.masked_fill(~m, 0.0).sum().item(),
        "rowMaskCount": int(m_row.sum().item()),
        "attnMaskCount": int(m_attn.sum().item()),
    }


def run_ops(a, x0, m, m_row, m_attn):
    v = a.value
    x = torch.empty_like(x0)
    holder = [None]

    def refresh():
        x.copy_(x0)

    def drop():
        # The refcount frees the previous result here; gc.collect() is what the MaskLab side
        # needs for the same effect, so both harnesses run it untimed.
        holder[0] = None
        gc.collect()

    def out_of_place():
        holder[0] = x0.masked_fill(m, v)

    def softmax():
        holder[0] = torch.softmax(x0, -1)

    def clone():
        holder[0] = x0.clone()

    x_masked = x0.masked_fill(m, float("-inf"))

    def softmax_masked():
        holder[0] = torch.softmax(x_masked, -1)

    x4 = x.view(a.b, a.h, a.s, a.s)
    ops = {
        "masked_fill_": (refresh, lambda: x.masked_fill_(m, v)),
        "masked_fill": (drop, out_of_place),
        "masked_fill_ row mask": (refresh, lambda: x.masked_fill_(m_row, v)),
        "masked_fill_ attn mask": (refresh, lambda: x4.masked_fill_(m_attn, v)),
        "masked_fill_ transposed": (refresh, lambda: x.t().masked_fill_(m, v)),
        "softmax": (drop, softmax),
        "softmax, half -inf": (drop, softmax_masked),
        "copy floor": (lambda: None, lambda: x.copy_(x0)),
        "clone": (drop, clone),
    }
    out = {}
    for name, (setup, run) in ops.items():
        out[name] = time_op(setup, run, a.warmup, a.reps)
        holder[0] = None
    return out


def softmax_error(x0):
    """Max relative error of float32 softmax against torch's own float64 softmax."""
    y = torch.softmax(x0, -1).double()
    ref = torch.softmax(x0.double(), -1)
    return ((y - ref).abs() / ref.abs()).max().item()


def main():
    a = parse_args()
    if a.b * a.h * a.s * a.s != a.n * a.n:
        sys.exit("b*h*s*s must equal n*n")
    default_threads = torch.get_num_threads()
    x0, m, m_row, m_attn = inputs(a)
    result = {
        "torchVersion": torch.__version__,
        "pythonVersion": sys.version.split()[0],
        "defaultThreads": default_threads,
        "fingerprints": fingerprints(x0, m, m_row, m_attn),
        "softmaxMaxRelError": softmax_error(x0),
    }
    torch.set_num_threads(1)
    result["oneThread"] = run_ops(a, x0, m, m_row, m_attn)
    torch.set_num_threads(default_threads)
    result["allThreads"] = run_ops(a, x0, m, m_row, m_attn)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
