#!/usr/bin/env python3
"""Record the outputs of lesson cells with real PyTorch.

    /opt/torchenv/bin/python scripts/record-lessons.py content/en/*.mdx content/zh/*.mdx
    /opt/torchenv/bin/python scripts/record-lessons.py --check content/*/*.mdx

Every fenced block whose info string is `python` is a cell. The cells of one file run top to
bottom in one shared namespace (a fresh one per file, in its own process), with notebook
semantics: a trailing bare expression whose value is not None echoes its repr, and an exception
ends only its own cell. Right after each cell the script writes an `output` block (stdout) and/or
an `error` block (`Type: message`), replacing or removing the blocks that were there. Running it
twice changes nothing.

Block convention: the body of an `output` block plus one "\\n" is the exact stdout of the cell.
Every cell's stdout must therefore end in a newline (the script refuses otherwise), so that the
page can show the same bytes PyTorch printed.

--check rewrites nothing and exits 1 if any file is out of date (for CI when torch is present).
"""
import ast
import json
import os
import re
import subprocess
import sys

FENCE_RE = re.compile(r"^(`{3,}|~{3,})(.*)$")


# ---------------------------------------------------------------- worker (runs the cells)

def _run_cells(cells):
    import contextlib
    import io

    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    results = []
    for index, source in enumerate(cells):
        buffer = io.StringIO()
        error = None
        with contextlib.redirect_stdout(buffer):
            try:
                _run_one(source, namespace, f"<cell {index + 1}>")
            except BaseException as exc:  # the cell failed; the notebook goes on
                message = str(exc)
                error = type(exc).__name__ + (": " + message if message else "")
        results.append({"stdout": buffer.getvalue(), "error": error})
    return results


def _run_one(source, namespace, filename):
    tree = ast.parse(source, filename=filename, mode="exec")
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        # Split so the trailing expression's value can be echoed as Jupyter does.
        head = ast.Module(body=tree.body[:-1], type_ignores=[])
        exec(compile(head, filename, "exec"), namespace)
        value = eval(compile(ast.Expression(body=last.value), filename, "eval"), namespace)
        if value is not None:
            print(repr(value))
    else:
        exec(compile(tree, filename, "exec"), namespace)


def worker_main():
    cells = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    results = _run_cells(cells)
    sys.stdout.flush()
    out = json.dumps(results, ensure_ascii=True)
    os.write(1, ("\n@@RESULTS@@" + out + "\n").encode("ascii"))


# ---------------------------------------------------------------- parsing and rewriting

def parse_blocks(lines):
    """Return fenced blocks as dicts: start, end (index of closing line), info, body lines."""
    blocks = []
    i = 0
    while i < len(lines):
        match = FENCE_RE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, info = match.group(1), match.group(2).strip()
        j = i + 1
        while j < len(lines):
            closing = lines[j].rstrip()
            if closing.startswith(fence[0] * len(fence)) and set(closing) == {fence[0]}:
                break
            j += 1
        if j == len(lines):
            raise ValueError(f"unclosed code fence starting at line {i + 1}")
        blocks.append({"start": i, "end": j, "info": info, "body": lines[i + 1 : j]})
        i = j + 1
    return blocks


def is_cell(info):
    return info.split()[0] == "python" if info else False


def fenced(kind, text):
    # A longer fence than any backtick run inside keeps odd output from closing the block early.
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + kind] + text.split("\n") + [fence]


def rewrite(text, results):
    lines = text.split("\n")
    blocks = parse_blocks(lines)
    by_start = {b["start"]: b for b in blocks}
    cells = [b for b in blocks if is_cell(b["info"])]
    if len(cells) != len(results):
        raise ValueError("cell count changed while recording")
    out = []
    i = 0
    cell_index = 0
    while i < len(lines):
        block = by_start.get(i)
        if block is None or not is_cell(block["info"]):
            if block is not None:
                out.extend(lines[block["start"] : block["end"] + 1])
                i = block["end"] + 1
                continue
            out.append(lines[i])
            i += 1
            continue
        out.extend(lines[block["start"] : block["end"] + 1])
        i = block["end"] + 1
        # Drop the output/error blocks recorded last time (and the blank lines before them).
        j = i
        while True:
            k = j
            while k < len(lines) and lines[k].strip() == "":
                k += 1
            old = by_start.get(k)
            if old is not None and old["info"] in ("output", "error"):
                j = old["end"] + 1
            else:
                break
        i = j
        result = results[cell_index]
        cell_index += 1
        stdout = result["stdout"]
        if stdout:
            if not stdout.endswith("\n"):
                raise ValueError(f"cell {cell_index}: stdout does not end in a newline")
            out.append("")
            out.extend(fenced("output", stdout[:-1]))
        if result["error"] is not None:
            out.append("")
            out.extend(fenced("error", result["error"]))
    return "\n".join(out)


def record_file(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    lines = text.split("\n")
    cells = ["\n".join(b["body"]) for b in parse_blocks(lines) if is_cell(b["info"])]
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONIOENCODING="utf-8", PYTHONHASHSEED="0")
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--worker"],
        input=json.dumps(cells).encode("utf-8"),
        capture_output=True,
        env=env,
        cwd=os.path.dirname(os.path.abspath(path)),
    )
    raw = proc.stdout.decode("utf-8")
    if "@@RESULTS@@" not in raw:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise RuntimeError(f"{path}: the worker died (exit {proc.returncode})")
    stray = raw.split("@@RESULTS@@", 1)[0].rstrip("\n")
    if stray:
        # Only output written past the redirect (a C extension writing to fd 1) lands here.
        sys.stderr.write(f"{path}: output outside any cell: {stray!r}\n")
    results = json.loads(raw.split("@@RESULTS@@", 1)[1])
    for number, result in enumerate(results, 1):
        if re.search(r" at 0x[0-9a-fA-F]+", result["stdout"]):
            # A memory address differs on every run and can never match the page.
            sys.stderr.write(f"{path}: cell {number} prints a memory address\n")
    warnings = proc.stderr.decode("utf-8", "replace").strip()
    if warnings:
        sys.stderr.write(f"{path}: stderr (not recorded):\n{warnings}\n")
    return text, rewrite(text, results), results


def main(argv):
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    if not paths:
        sys.exit(__doc__)
    stale = []
    for path in paths:
        before, after, results = record_file(path)
        failed = sum(1 for r in results if r["error"] is not None)
        status = "unchanged" if before == after else ("stale" if check else "updated")
        print(f"{path}: {len(results)} cells, {failed} raised, {status}")
        if before != after:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(after)
    if check and stale:
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker_main()
    else:
        main(sys.argv[1:])
