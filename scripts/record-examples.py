#!/usr/bin/env python3
"""Record what real PyTorch prints for each playground example.

    OMP_NUM_THREADS=1 /opt/torchenv/bin/python scripts/record-examples.py

Reads content/playground-examples.json and writes test/fixtures/playground-examples.json:
for every example and language, the code as recorded, the exact stdout and the final
"Type: message" line of an uncaught exception (or null). Each run gets a fresh namespace, as a fresh playground cell
would after Restart. The test beside the lessons runs the same code through MaskLab.
"""
import contextlib
import io
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(code):
    buffer = io.StringIO()
    error = None
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(buffer):
        try:
            exec(compile(code, "<cell>", "exec"), namespace)
        except Exception as exc:  # the example's own error is part of what it shows
            message = str(exc)
            error = type(exc).__name__ + (": " + message if message else "")
    return {"stdout": buffer.getvalue(), "error": error}


def main():
    import torch

    with open(os.path.join(ROOT, "content", "playground-examples.json"), encoding="utf-8") as f:
        examples = json.load(f)["examples"]
    recorded = {}
    for ex in examples:
        recorded[ex["id"]] = {
            lang: {"code": code, **run(code)} for lang, code in sorted(ex["code"].items())
        }
    out = {"torch": torch.__version__, "examples": recorded}
    path = os.path.join(ROOT, "test", "fixtures", "playground-examples.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"recorded {len(recorded)} examples into {os.path.relpath(path, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
