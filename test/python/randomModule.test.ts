// Python's random module: CPython's stream from a seed, and the seeds MaskLab does not take.
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";

describe("random", () => {
  it("replays CPython's Mersenne Twister stream from an int seed", () => {
    // The first draws after random.seed(0) in every CPython 3.x.
    const r = createSession().run(
      "import random\nrandom.seed(0)\nprint(random.random(), random.random())\n",
    );
    expect(r.stdout).toBe("0.8444218515250481 0.7579544029403025\n");
  });

  it("without a seed draws a fresh stream each session", () => {
    const draw = () => createSession().run("import random\nprint(random.getrandbits(64))\n").stdout;
    expect(draw()).not.toBe(draw());
  });

  it("says plainly that string seeds are not supported", () => {
    const r = createSession().run("import random\nrandom.seed('abc')\n");
    expect(r.error).toBe(
      "NotImplementedError: random.seed() of a str is not supported here; seed with an int",
    );
  });
});
