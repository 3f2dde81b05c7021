// Torch programs, well-formed and not, with fixed seeds: random tensor creation, views, in-place
// and out-of-place masked_fill with random arguments, arithmetic and reductions. Whatever the
// program, the engine answers with stdout and either nothing or a Python-style error line,
// within its time budget, and never with an InternalError (a JS exception escaping the binding).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { torchModules } from "../../src/python/torch/index";
import { createSession } from "../../src/python/session";

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const ERROR_LINE = /^[A-Z][A-Za-z]*(Error|Exception|Iteration|Interrupt)(: [\s\S]*)?$/;
const BUDGET_S = 2;

function runBounded(code: string, maxTensorElements?: number) {
  const session = createSession({
    modules: torchModules,
    timeoutSeconds: BUDGET_S,
    maxSteps: 50_000,
    ...(maxTensorElements ? { maxTensorElements } : {}),
  });
  const t0 = performance.now();
  const r = session.run(code, "notebook");
  return { r, ms: performance.now() - t0 };
}

function expectPythonAnswer(code: string, maxTensorElements?: number) {
  let out: ReturnType<typeof runBounded> | undefined;
  expect(() => (out = runBounded(code, maxTensorElements)), code).not.toThrow();
  const { r, ms } = out!;
  expect(typeof r.stdout, code).toBe("string");
  expect(ms, code).toBeLessThan(BUDGET_S * 1000 + 1500);
  if (r.error !== null) {
    expect(r.error, code).toMatch(ERROR_LINE);
    expect(r.error, code).not.toMatch(/^InternalError/);
    expect(typeof r.traceback, code).toBe("string");
  }
  return r;
}

const DTYPES = [
  "torch.float32",
  "torch.float64",
  "torch.float16",
  "torch.bfloat16",
  "torch.int64",
  "torch.int32",
  "torch.int8",
  "torch.uint8",
  "torch.bool",
];
const dim = fc.integer({ min: 0, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 3 });
const shapeText = (s: number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;
const literal = fc.oneof(
  fc.integer({ min: -300, max: 300 }).map(String),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map((d) => d.toString()),
  fc.constantFrom(
    "float('-inf')",
    "float('inf')",
    "float('nan')",
    "True",
    "False",
    "None",
    "'a'",
    "1e308",
    "-0.0",
    "2**63",
    "-2**63 - 1",
    "[1, 2]",
    "torch.tensor(3.5)",
    "torch.tensor([1.0, 2.0])",
    "torch.tensor(True)",
    "x",
    "m",
  ),
);
const dtypeArb = fc.constantFrom(...DTYPES);
const intArg = fc.integer({ min: -4, max: 4 }).map(String);

/** One creation line for x, one for the mask m, then random statements over them. */
const creation = fc.oneof(
  fc
    .tuple(shapeArb, dtypeArb)
    .map(
      ([s, d]) =>
        `torch.arange(${s.reduce((a, b) => a * b, 1)}, dtype=${d}).reshape${shapeText(s)}`,
    ),
  fc.tuple(shapeArb, dtypeArb).map(([s, d]) => `torch.zeros(${shapeText(s)}, dtype=${d})`),
  fc.tuple(shapeArb, dtypeArb).map(([s, d]) => `torch.ones(${[...s, `dtype=${d}`].join(", ")})`),
  fc
    .array(fc.oneof(fc.integer({ min: -9, max: 9 }), fc.double({ min: -9, max: 9 })), {
      maxLength: 6,
    })
    .map((v) => `torch.tensor([${v.join(", ")}])`),
  fc.tuple(shapeArb).map(([s]) => `torch.randn(${shapeText(s)})`),
);
const maskCreation = fc.oneof(
  fc.tuple(shapeArb).map(([s]) => `torch.rand(${shapeText(s)}) > 0.5`),
  fc.constant("x > 1"),
  fc.constant("x != x"),
  fc.tuple(shapeArb, dtypeArb).map(([s, d]) => `torch.ones(${shapeText(s)}, dtype=${d})`),
  fc.constant("torch.tensor([True, False])"),
  fc.constant("torch.ones(2, 2, dtype=torch.bool).triu()"),
);
const statement = fc.oneof(
  fc.tuple(literal).map(([v]) => `y = x.masked_fill(m, ${v})`),
  fc.tuple(literal).map(([v]) => `x.masked_fill_(m, ${v})`),
  fc.tuple(literal).map(([v]) => `y = torch.masked_fill(x, m, ${v})`),
  fc.tuple(literal).map(([v]) => `y = x.masked_fill(~m, value=${v})`),
  fc.tuple(literal).map(([v]) => `y = x.masked_fill(mask=m, value=${v})`),
  fc.tuple(literal, literal).map(([a, b]) => `y = x.masked_fill(${a}, ${b})`),
  fc.tuple(intArg, intArg).map(([a, b]) => `x = x.transpose(${a}, ${b})`),
  fc.tuple(intArg).map(([a]) => `x = x.unsqueeze(${a})`),
  fc.tuple(shapeArb).map(([s]) => `x = x.view${shapeText(s)}`),
  fc.tuple(shapeArb).map(([s]) => `x = x.reshape(${s.join(", ")})`),
  fc.tuple(shapeArb).map(([s]) => `x = x.expand(${s.join(", ")})`),
  fc.constantFrom(
    "x = x.t()",
    "x = x.T",
    "x = x.contiguous()",
    "x = x[::2]",
    "x = x[..., 1:]",
    "x = x[0]",
    "x = x[m]",
    "x[m] = 0",
    "y = x.clone()",
    "y = x + 1",
    "y = x * x",
    "y = x / 0",
    "y = x @ x",
    "y = x.sum()",
    "y = x.sum(-1)",
    "y = x.float().softmax(-1)",
    "y = torch.where(m, x, 0)",
    "y = x.to(torch.float16)",
    "y = x.bool()",
    "y = x.int()",
    "x.add_(1)",
    "x.mul_(m)",
    "x.fill_(float('nan'))",
    "y = x.masked_fill(m, float('-inf')).softmax(-1)",
    "y = m.any()",
    "y = x.max()",
    "y = x.abs()",
    "y = x.is_contiguous()",
    "y = x.stride()",
    "y = x.shape",
    "y = x.dtype",
    "y = x.data_ptr() == y.data_ptr()",
    "y = x.requires_grad_()",
    "y = x.float().requires_grad_().masked_fill(m, 0).sum()",
    "y.backward()",
    "y = x.item()",
    "y = x.tolist()",
    "y = len(x)",
    "print(x)",
    "print(y)",
    "print(repr(m))",
    "x",
    "y",
  ),
);

const program = fc
  .tuple(creation, maskCreation, fc.array(statement, { maxLength: 8 }))
  .map(([c, mk, stmts]) =>
    ["import torch", "torch.manual_seed(0)", `x = ${c}`, `m = ${mk}`, "y = None", ...stmts].join(
      "\n",
    ),
  );

describe("torch fuzzing", () => {
  it("random torch programs answer in Python terms within the budget", () => {
    const kinds = { syntax: 0, error: 0, clean: 0 };
    fc.assert(
      fc.property(program, (code) => {
        const r = expectPythonAnswer(code);
        if (r.error?.startsWith("SyntaxError")) kinds.syntax++;
        else if (r.error) kinds.error++;
        else kinds.clean++;
      }),
      { seed: SEED, numRuns: 500 },
    );
    // The generator must reach the engine's semantics, not stop at the parser.
    expect(kinds.syntax).toBe(0);
    expect(kinds.clean).toBeGreaterThan(50);
    expect(kinds.error).toBeGreaterThan(50);
  });

  it("each statement wrapped in try/except keeps going; the session survives every error", () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 10 }), (stmts) => {
        const body = stmts.map(
          (s) => `try:\n    ${s}\nexcept Exception as e:\n    print(type(e).__name__)`,
        );
        const code = [
          "import torch",
          "x = torch.arange(6.0).view(2, 3)",
          "m = x > 2",
          "y = None",
          ...body,
          "print('end')",
        ].join("\n");
        const r = expectPythonAnswer(code);
        // Only uncatchable stops (time, steps) may keep the program from its last line.
        if (r.error === null) expect(r.stdout.endsWith("end\n"), code).toBe(true);
        else
          expect(r.error, code).toMatch(/^(TimeoutError|RecursionError|MemoryError|RuntimeError)/);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it("token soup with torch names never throws out of run()", () => {
    const tokens = [
      "torch",
      ".",
      "tensor",
      "masked_fill",
      "masked_fill_",
      "(",
      ")",
      "[",
      "]",
      ",",
      "x",
      "m",
      "=",
      "dtype",
      "torch.bool",
      "float('-inf')",
      "1",
      "0.5",
      "-",
      "~",
      "view",
      "\n",
      "True",
      "import",
      "zeros",
      "reshape",
      ":",
      "...",
      "*",
      "@",
      "where",
      "value",
      "mask",
      "'s'",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 30 }), (toks) => {
        void expectPythonAnswer(`import torch\nx = torch.ones(2, 2)\nm = x > 0\n${toks.join("")}`);
      }),
      { seed: SEED + 2, numRuns: 400 },
    );
  });

  it("allocations past the cap fail with a clear Python error, not a hang or a crash", () => {
    const cap = 1 << 20;
    for (const call of [
      "zeros(1025, 1024)",
      "ones(2, 2**19 + 1)",
      "empty(64, 128, 129)",
      "rand(1 << 21)",
      "full((1024, 1025), 1.0)",
      "arange(2**20 + 1)",
      "zeros(2, 2).expand(2**11, 2**10, 2).contiguous()",
    ]) {
      const r = expectPythonAnswer(`import torch\nx = torch.${call}`, cap);
      expect(r.error, call).toMatch(/^(RuntimeError|MemoryError)/);
    }
  });

  it("the default cap refuses more than 2**26 elements", () => {
    const r = expectPythonAnswer("import torch\nx = torch.zeros(2**13, 2**13 + 1)");
    expect(r.error).toMatch(/^(RuntimeError|MemoryError)/);
    const ok = expectPythonAnswer("import torch\nx = torch.zeros(4, 4)\nprint(x.numel())");
    expect(ok.error).toBeNull();
    expect(ok.stdout).toBe("16\n");
  });
});
