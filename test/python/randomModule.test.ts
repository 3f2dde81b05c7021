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

  it("seeds from a str by its SHA-512 and from a float by its hash, as CPython 3.11 does", () => {
    const r = createSession().run(
      "import random\nrandom.seed('abc')\nprint(random.random())\n" +
        "random.seed(-2.0)\nprint(random.random())\n",
    );
    // Recorded from CPython 3.11: -2.0 hashes to -2, read as an unsigned 64-bit word.
    expect(r.stdout).toBe("0.7720246314157545\n0.13119521545503066\n");
  });

  it("refuses other seeds with CPython's message", () => {
    const r = createSession().run("import random\nrandom.seed([1])\n");
    expect(r.error).toBe(
      "TypeError: The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
    );
  });

  it("getstate/setstate replay a stream and Random instances draw on their own", () => {
    const r = createSession().run(
      "import random\nrandom.seed(1)\ns = random.getstate()\na = random.random()\n" +
        "random.setstate(s)\nprint(a == random.random(), len(s[1]))\n" +
        "g = random.Random(0)\nprint(g.random() == random.Random(0).random(), g.random())\n",
    );
    expect(r.stdout).toBe("True 625\nTrue 0.7579544029403025\n");
  });
});
