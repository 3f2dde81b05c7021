# Runs each lab case's code in real PyTorch and records stdout and the last traceback line.
# Usage: /opt/torchenv/bin/python test/ui/labs/record-cases.py
import contextlib, io, json, pathlib, warnings
import torch

path = pathlib.Path(__file__).with_name("fixtures") / "lab-cases.json"
cases = json.loads(path.read_text())
for case in cases:
    out = io.StringIO()
    error = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(out):
            try:
                exec(compile(case["code"], "<lab>", "exec"), {})
            except Exception as e:  # the lab shows the last line of the traceback
                error = f"{type(e).__name__}: {e}"
    case["stdout"] = out.getvalue()
    case["error"] = error
    case["torch"] = torch.__version__
path.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
print(len(cases), "cases recorded with torch", torch.__version__)
