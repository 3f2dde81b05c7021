# Runs each lab case's code in real PyTorch and records stdout and the last traceback line.
# It also records the `scores`, `mask`, `Q` and `K` tensors the code built, so the test can
# check the values a lab displays (a seeded draw, say) and not only what the code prints.
# Usage: /opt/torchenv/bin/python test/ui/labs/record-cases.py, then
# npx prettier --write test/ui/labs/fixtures/lab-cases.json
import contextlib, io, json, math, pathlib, warnings
import torch

SHOWN = ("scores", "mask", "Q", "K")


def flat(t):
    # Bool tensors as a "0101…" string keep a 64x64 mask on one line; JSON has no inf or nan.
    if t.dtype == torch.bool:
        return "".join("1" if b else "0" for b in t.flatten().tolist())
    return [x if math.isfinite(x) else repr(x) for x in t.flatten().tolist()]


path = pathlib.Path(__file__).with_name("fixtures") / "lab-cases.json"
cases = json.loads(path.read_text())
for case in cases:
    out = io.StringIO()
    error = None
    scope = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(out):
            try:
                exec(compile(case["code"], "<lab>", "exec"), scope)
            except Exception as e:  # the lab shows the last line of the traceback
                error = f"{type(e).__name__}: {e}"
    case["stdout"] = out.getvalue()
    case["error"] = error
    case["values"] = {
        name: flat(scope[name]) for name in SHOWN if isinstance(scope.get(name), torch.Tensor)
    }
    case["torch"] = torch.__version__
path.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
print(len(cases), "cases recorded with torch", torch.__version__)
