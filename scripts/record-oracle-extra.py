#!/usr/bin/env python3
"""Record test/fixtures/oracle-extra/*.py with real PyTorch into test/fixtures/oracle-extra.json.

    /opt/torchenv/bin/python scripts/record-oracle-extra.py [--fresh] [FILE.py ...]

Each snippet runs as a script, the way the shared oracle's torch-run.py runs them: with --fresh
in a new interpreter each, by default in a process forked after importing torch once. stdout is
kept byte for byte, "error" is the final "Type: message" text of an uncaught exception (trailing
newlines stripped) or null, and exitCode is the process status.

With FILE arguments only those snippets are re-recorded and merged into the existing json.

File names are `<category>__<name>.py`; the case id is `<category>/<name>` with any further
`__` turned into `/`. A snippet whose first line is `# match: error-type` is recorded with
`"match": "error-type"` (only the exception type is part of the contract, e.g. SyntaxError).

Every snippet runs twice; a snippet whose two runs differ is nondeterministic and is dropped
(reported on stderr), as are snippets that print object addresses.
"""
import glob
import io
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC_DIR = os.path.join(ROOT, "test", "fixtures", "oracle-extra")
OUT = os.path.join(ROOT, "test", "fixtures", "oracle-extra.json")

# Same wrapper as the shared oracle runner, so uncaught exceptions are reported identically.
RUNNER = r'''
import sys, runpy
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except SystemExit:
    raise
except BaseException as e:
    sys.stdout.flush()
    msg = str(e)
    sys.stderr.write("\n@@ERROR@@" + type(e).__name__ + (": " + msg if msg else "") + "\n")
    sys.exit(1)
'''

ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def _copy_to_case(path):
    # The snippet runs as case.py so messages naming the file (SyntaxError) read as in the
    # shared oracle, whose cases were recorded that way.
    tmp_dir = tempfile.mkdtemp(prefix="oracle-extra-")
    case = os.path.join(tmp_dir, "case.py")
    shutil.copyfile(path, case)
    return tmp_dir, case


def run_fresh(path):
    """One fresh interpreter per snippet, exactly like torch-run.py (slow: imports torch)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", OMP_NUM_THREADS="1")
    tmp_dir, case = _copy_to_case(path)
    r = subprocess.run(
        [sys.executable, "-c", RUNNER, case], capture_output=True, text=True, env=env, cwd=tmp_dir
    )
    shutil.rmtree(tmp_dir, ignore_errors=True)
    err = r.stderr.split("@@ERROR@@", 1)[1].rstrip("\n") if "@@ERROR@@" in r.stderr else None
    return {"stdout": r.stdout, "error": err, "exitCode": r.returncode}


def run_forked(path):
    """Fork from a parent that already imported torch, then run the snippet like RUNNER does.

    The child starts from the state of a freshly imported torch (nothing in the parent touches
    the RNG, grad mode or anomaly mode), so output matches a fresh process while skipping the
    multi-second import on this shared, loaded machine. `--fresh` checks that claim.
    """
    tmp_dir, case = _copy_to_case(path)
    out_path, err_path = os.path.join(tmp_dir, "out"), os.path.join(tmp_dir, "err")
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.chdir(tmp_dir)
            fo = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            fe = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fo, 1)
            os.dup2(fe, 2)
            sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
            sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8")
            sys.argv = [case]
            try:
                runpy.run_path(case, run_name="__main__")
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
            except BaseException as e:  # noqa: BLE001 - mirror the oracle runner
                sys.stdout.flush()
                msg = str(e)
                sys.stderr.write("\n@@ERROR@@" + type(e).__name__ + (": " + msg if msg else "") + "\n")
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    with open(out_path, encoding="utf-8") as f:
        stdout = f.read()
    with open(err_path, encoding="utf-8") as f:
        stderr = f.read()
    shutil.rmtree(tmp_dir, ignore_errors=True)
    err = stderr.split("@@ERROR@@", 1)[1].rstrip("\n") if "@@ERROR@@" in stderr else None
    return {"stdout": stdout, "error": err, "exitCode": os.waitstatus_to_exitcode(status)}


run_once = run_forked


def case_id(path):
    stem = os.path.basename(path)[: -len(".py")]
    cat, _, rest = stem.partition("__")
    return cat + "/" + rest.replace("__", "/")


def record(path):
    first = run_once(path)
    second = run_once(path)
    with open(path, encoding="utf-8") as f:
        code = f.read()
    stable = first == second and not ADDRESS.search(first["stdout"] + (first["error"] or ""))
    c = {"id": case_id(path), "code": code, **first}
    if code.startswith("# match: error-type"):
        c["match"] = "error-type"
    return c, stable


def main(argv):
    global run_once
    if argv[:1] == ["--fresh"]:
        run_once, argv = run_fresh, argv[1:]
    else:
        os.environ["OMP_NUM_THREADS"] = "1"
        import torch  # noqa: F401  (imported once, before forking)

    paths = argv or sorted(glob.glob(os.path.join(SRC_DIR, "*.py")))
    results = [record(p) for p in paths]
    cases, dropped = [], []
    for c, stable in results:
        (cases if stable else dropped).append(c)
    if argv and os.path.exists(OUT):  # partial re-record: merge into the existing file
        with open(OUT, encoding="utf-8") as f:
            old = {c["id"]: c for c in json.load(f)["cases"]}
        for c in cases:
            old[c["id"]] = c
        for c in dropped:
            old.pop(c["id"], None)
        cases = sorted(old.values(), key=lambda c: c["id"])
    import torch  # noqa: E402  (only for the header line)

    out = {
        "oracle": "PyTorch %s (CPU), Python %s" % (torch.__version__, sys.version.split()[0]),
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    for c in dropped:
        sys.stderr.write("dropped (nondeterministic): %s\n" % c["id"])
    sys.stderr.write("recorded %d cases, dropped %d\n" % (len(cases), len(dropped)))


if __name__ == "__main__":
    main(sys.argv[1:])
