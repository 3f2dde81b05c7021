// Python's gc module: collect() reaches the host's collector where there is one.
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";

describe("gc", () => {
  it("runs the host's collector once per collect() and returns 0", () => {
    let runs = 0;
    const session = createSession({ collectGarbage: () => void runs++ });
    const r = session.run("import gc\nx = [1, 2]\ndel x\nprint(gc.collect(), gc.collect(0))\n");
    expect(r.stdout).toBe("0 0\n");
    expect(runs).toBe(2);
  });

  it("checks its argument before collecting", () => {
    let runs = 0;
    const session = createSession({ collectGarbage: () => void runs++ });
    expect(session.run("import gc\ngc.collect(5)\n").error).toBe("ValueError: invalid generation");
    expect(runs).toBe(0);
  });

  it("returns without a collector, as in a page", () => {
    expect(createSession().run("import gc\nprint(gc.collect())\n").stdout).toBe("0\n");
  });
});
