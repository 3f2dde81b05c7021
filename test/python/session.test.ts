import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

describe("sessions", () => {
  it("keeps state across runs and echoes the last bare expression in notebook mode", () => {
    const s = createSession();
    expect(s.run("x = 41\ndef inc(v):\n    return v + 1", "notebook")).toEqual({
      stdout: "",
      error: null,
      traceback: null,
      displays: [],
    });
    expect(s.run("print('hi')\ninc(x)", "notebook").stdout).toBe("hi\n42\n");
    expect(s.run("'text'", "notebook").stdout).toBe("'text'\n");
    expect(s.run("None", "notebook").stdout).toBe("");
    expect(s.run("print(1)", "notebook").stdout).toBe("1\n");
    expect(s.run("x; x + 1", "notebook").stdout).toBe("42\n");
    expect(s.run("[x, 1.5]\ny = 2", "notebook").stdout).toBe("");
    expect(s.run("inc(x)", "script").stdout).toBe("");
  });

  it("prints object addresses as CPython does: 0x and twelve hex digits, unpadded", () => {
    const s = createSession({ modules: torchModules });
    const out = s.run(
      "import torch\ndef f():\n    pass\nprint(f)\nprint(torch.ones(1).size)\nprint(len)\nprint((v for v in f.__name__))",
      "script",
    ).stdout;
    const [fn, method, builtinFn, gen] = out.trimEnd().split("\n");
    expect(gen).toMatch(/^<generator object <genexpr> at 0x7f[0-9a-f]{10}>$/);
    expect(fn).toMatch(/^<function f at 0x7f[0-9a-f]{10}>$/);
    expect(method).toMatch(/^<built-in method size of Tensor object at 0x7f[0-9a-f]{10}>$/);
    expect(builtinFn).toBe("<built-in function len>");
  });

  it("a new session starts with grad mode on, whatever the last one left", () => {
    const a = createSession({ modules: torchModules });
    a.run("import torch\ntorch.set_grad_enabled(False)");
    expect(a.run("print(torch.is_grad_enabled())").stdout).toBe("False\n");
    const b = createSession({ modules: torchModules });
    expect(b.run("import torch\nprint(torch.is_grad_enabled())").stdout).toBe("True\n");
  });

  it("a failing cell keeps its earlier output and does not break later cells", () => {
    const s = createSession();
    const r = s.run("a = 1\nprint('before')\nb = a / 0\nprint('after')", "notebook");
    expect(r.stdout).toBe("before\n");
    expect(r.error).toBe("ZeroDivisionError: division by zero");
    expect(s.run("print(a, 'b' in dir() if False else 'ok')", "notebook").stdout).toBe("1 ok\n");
  });

  it("formats tracebacks like CPython (without the caret lines)", () => {
    const code = `def g(d):
    return d["missing"]

def f():
    x = {}
    return g(x)

print("start")
f()
`;
    const r = createSession({ filename: "/tmp/tb.py" }).run(code);
    expect(r.stdout).toBe("start\n");
    expect(r.traceback).toBe(
      `Traceback (most recent call last):
  File "/tmp/tb.py", line 9, in <module>
    f()
  File "/tmp/tb.py", line 6, in f
    return g(x)
  File "/tmp/tb.py", line 2, in g
    return d["missing"]
KeyError: 'missing'
`,
    );
  });

  it("reports syntax errors with CPython's message, line and caret", () => {
    const r = createSession({ filename: "/tmp/se.py" }).run("x = 1\nx = torch.tensor([1, 2)\n");
    expect(r.error).toBe(
      "SyntaxError: closing parenthesis ')' does not match opening parenthesis '[' (/tmp/se.py, line 2)",
    );
    expect(r.traceback).toBe(`  File "/tmp/se.py", line 2
    x = torch.tensor([1, 2)
                          ^
SyntaxError: closing parenthesis ')' does not match opening parenthesis '['
`);
    expect(createSession({ filename: "ie.py" }).run("if True:\nprint(1)\n").error).toBe(
      "IndentationError: expected an indented block after 'if' statement on line 1 (ie.py, line 2)",
    );
    const bad = createSession().run("print('never')\nx = = 1");
    expect(bad.stdout).toBe("");
    expect(bad.error).toMatch(/^SyntaxError: /);
  });

  it("reports unsupported constructs as NotImplementedError before running anything", () => {
    const r = createSession().run("print(1)\nasync def g():\n    pass\n");
    expect(r.stdout).toBe("");
    expect(r.error).toMatch(/^NotImplementedError: async def is not supported/);
  });
});

describe("limits", () => {
  it("stops a runaway loop at the deadline; except clauses cannot swallow it", () => {
    const s = createSession({ timeoutSeconds: 0.2 });
    const t0 = Date.now();
    const r = s.run(
      "n = 0\nwhile True:\n    try:\n        n += 1\n    except Exception:\n        pass\n",
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.error).toBe("TimeoutError: cell took longer than 0.2 s and was stopped");
    // Stopped somewhere inside the loop: which of its lines depends on when the clock is read.
    expect(r.traceback).toMatch(/line [234], in <module>/);
    // The session stays usable and keeps state.
    expect(s.run("print(n > 0)").stdout).toBe("True\n");
  });

  it("runs finally blocks but still stops", () => {
    const r = createSession({ timeoutSeconds: 0.1 }).run(
      "try:\n    while True:\n        pass\nfinally:\n    print('cleanup')\n",
    );
    expect(r.stdout).toBe("cleanup\n");
    expect(r.error).toMatch(/^TimeoutError/);
  });

  it("enforces a step budget", () => {
    const r = createSession({ maxSteps: 1000 }).run("i = 0\nwhile True:\n    i += 1\n");
    expect(r.error).toBe("TimeoutError: cell exceeded the budget of 1000 steps and was stopped");
    const ok = createSession({ maxSteps: 1000 }).run("for i in range(900):\n    pass\nprint(i)");
    expect(ok.stdout).toBe("899\n");
  });

  it("raises RecursionError at the configured depth, catchable as RuntimeError", () => {
    const s = createSession({ maxDepth: 50 });
    const r = s.run(
      "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RuntimeError as e:\n    print(type(e).__name__, e)\ndef g(n):\n    return 0 if n == 0 else g(n - 1)\nprint(g(45))",
    );
    expect(r.stdout).toBe("RecursionError maximum recursion depth exceeded\n0\n");
    const deep = createSession().run("def f(n):\n    return f(n + 1)\nf(0)");
    expect(deep.error).toBe("RecursionError: maximum recursion depth exceeded");
    expect(deep.traceback).toMatch(/\[Previous line repeated \d+ more times\]/);
  });

  it("exposes maxTensorElements for host bindings", () => {
    expect(createSession().interpreter.options.maxTensorElements).toBe(2 ** 26);
    expect(createSession({ maxTensorElements: 10 }).interpreter.options.maxTensorElements).toBe(10);
  });

  it("refuses absurd allocations instead of hanging", () => {
    expect(createSession().run("x = [0] * 10**12").error).toBe("MemoryError");
    expect(createSession().run("x = 'ab' * 10**12").error).toBe("MemoryError");
    expect(createSession().run("x = 10 ** 10**10").error).toMatch(/^MemoryError/);
  });
});

describe("session hooks", () => {
  it("onDisplay captures each display the moment it happens", () => {
    const seen: string[] = [];
    const s = createSession({
      modules: torchModules,
      onDisplay: (v) => {
        const text = String((v as { repr(): string }).repr());
        seen.push(text);
        return { captured: text };
      },
    });
    const r = s.run(
      "import torch\nx = torch.zeros(3)\nprint(x)\nx.masked_fill_(torch.tensor([True, False, True]), 1.0)\nx",
      "notebook",
    );
    expect(r.error).toBeNull();
    // The print shows the zeros it saw; the echo at the end shows the filled tensor.
    expect(seen).toEqual(["tensor([0., 0., 0.])", "tensor([1., 0., 1.])"]);
    expect(r.displays).toEqual([
      { captured: "tensor([0., 0., 0.])" },
      { captured: "tensor([1., 0., 1.])" },
    ]);
  });

  it("a run may set its own time limit, and the message names it", () => {
    const s = createSession({ timeoutSeconds: 30 });
    const r = s.run("while True:\n    pass", "notebook", { timeoutSeconds: 0.1 });
    expect(r.error).toBe("TimeoutError: cell took longer than 0.1 s and was stopped");
    expect(s.run("print(1)", "notebook").error).toBeNull();
  });
});
