// Generator functions beyond what the recorded corpus prints: reprs with addresses, close(),
// and the forms MaskLab refuses. (Byte-for-byte behaviour is in oracle-extra's py__generators-*.)
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";

const run = (src: string) => createSession().run(src);

describe("generators", () => {
  it("run nothing until asked, and then only up to the next yield", () => {
    const r = run(
      [
        "def g():",
        "    print('start')",
        "    yield 1",
        "    print('middle')",
        "    yield 2",
        "it = g()",
        "print('made')",
        "print(next(it))",
        "print('between')",
        "print(next(it))",
      ].join("\n"),
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("made\nstart\n1\nbetween\nmiddle\n2\n");
  });

  it("print as a generator object named by the function's qualified name", () => {
    const r = run("def outer():\n    def g():\n        yield 1\n    return g()\nprint(outer())\n");
    expect(r.stdout).toMatch(/^<generator object outer\.<locals>\.g at 0x[0-9a-f]+>\n$/);
  });

  it("close() runs the pending finally block and ends the generator", () => {
    const r = run(
      [
        "def g():",
        "    try:",
        "        yield 1",
        "        yield 2",
        "    finally:",
        "        print('closed')",
        "it = g()",
        "next(it)",
        "it.close()",
        "print(next(it, 'over'), list(it))",
      ].join("\n"),
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("closed\nover []\n");
  });

  it("an infinite generator stops at the step budget instead of freezing", () => {
    const s = createSession({ maxSteps: 20_000 });
    const r = s.run("def forever():\n    while True:\n        yield 1\nlist(forever())\n");
    expect(r.error).toMatch(/^(TimeoutError|MemoryError|RuntimeError)/);
  });

  it("say which yields are outside the subset or outside a function", () => {
    expect(run("x = yield 1\n").error).toBe(
      "SyntaxError: 'yield' outside function (<cell>, line 1)",
    );
    expect(run("def g():\n    print((yield 1))\n").error).toMatch(
      /^NotImplementedError: yield inside an expression is not supported/,
    );
  });
});
