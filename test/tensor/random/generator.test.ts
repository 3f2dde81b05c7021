import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Generator,
  defaultGenerator,
  freshSeed,
  randFloat32,
  randint,
  randnFloat32,
  randnFloat64,
  randperm,
} from "../../../src/tensor/random";
import { fmaf } from "../../../src/tensor/random/float32Math";
import { Mt19937 } from "../../../src/tensor/random/mt19937";

describe("mt19937 engine", () => {
  it("matches the reference generator (C++ [rand.predef]: 10000th output for seed 5489)", () => {
    const e = new Mt19937(5489);
    expect(e.next()).toBe(3499211612);
    let v = 0;
    for (let i = 1; i < 10000; i++) v = e.next();
    expect(v).toBe(4123659995);
  });
});

describe("Generator seeding", () => {
  it("uses only the low 32 bits of the seed for the stream but remembers all 64", () => {
    const a = new Generator(5n);
    const b = new Generator(2n ** 32n + 5n);
    expect(b.initialSeed()).toBe(2n ** 32n + 5n);
    expect(Array.from({ length: 700 }, () => b.random32())).toEqual(
      Array.from({ length: 700 }, () => a.random32()),
    );
  });

  it("wraps negative seeds to uint64 and truncates non-integer numbers like int()", () => {
    const g = new Generator();
    g.manualSeed(-1);
    expect(g.initialSeed()).toBe(2n ** 64n - 1n);
    g.manualSeed(-(2n ** 63n));
    expect(g.initialSeed()).toBe(2n ** 63n);
    g.manualSeed(1.9);
    expect(g.initialSeed()).toBe(1n);
    expect(() => g.manualSeed(2n ** 64n)).toThrow(RangeError);
  });

  it("defaults to PyTorch's default seed", () => {
    expect(new Generator().initialSeed()).toBe(67280421310721n);
  });

  it("builds random64 from two draws, high word first", () => {
    const g = new Generator(9n);
    const twin = g.clone();
    const hi = BigInt(twin.random32());
    const lo = BigInt(twin.random32());
    expect(g.random64()).toBe((hi << 32n) | lo);
  });

  it("clears the cached Box–Muller value when reseeded", () => {
    const g = new Generator(11n);
    const first = randnFloat32(g, 1)[0];
    expect(g.nextDoubleNormal).not.toBeNull();
    g.manualSeed(11n);
    expect(randnFloat32(g, 1)[0]).toBe(first);
  });

  it("serves the cached partner value on the next scalar call, without drawing", () => {
    const pair = randnFloat64(new Generator(4n), 2);
    const g = new Generator(4n);
    expect(randnFloat64(g, 1)[0]).toBe(pair[0]);
    const twin = g.clone();
    expect(randnFloat64(g, 1)[0]).toBe(pair[1]);
    expect(g.random32()).toBe(twin.random32());
  });

  it("leaves the cache alone on the 16-wide path", () => {
    const g = new Generator(4n);
    randnFloat64(g, 1);
    const cached = g.nextDoubleNormal;
    randnFloat32(g, 40);
    expect(g.nextDoubleNormal).toBe(cached);
  });
});

describe("nondeterministic seeds", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("freshSeed gives distinct uint64 values", () => {
    const seeds = new Set(Array.from({ length: 20 }, () => freshSeed()));
    expect(seeds.size).toBe(20);
    for (const s of seeds) expect(s >= 0n && s < 2n ** 64n).toBe(true);
  });

  it("falls back to Math.random without Web Crypto", () => {
    vi.stubGlobal("crypto", undefined);
    const spy = vi.spyOn(Math, "random");
    const s = freshSeed();
    expect(spy).toHaveBeenCalled();
    expect(s >= 0n && s < 2n ** 64n).toBe(true);
    spy.mockRestore();
  });

  it("defaultGenerator is one shared generator", () => {
    expect(defaultGenerator()).toBe(defaultGenerator());
    const g = defaultGenerator();
    const s = g.seed();
    expect(g.initialSeed()).toBe(s);
  });
});

describe("sampler invariants", () => {
  it("randperm returns a permutation of 0..n-1", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (n, seed) => {
          const p = Array.from(randperm(new Generator(seed), n), Number).sort((a, b) => a - b);
          expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
      { seed: 20261126, numRuns: 200 },
    );
  });

  it("randint stays in [low, high) for narrow and wide ranges", () => {
    const bound = 2n ** 62n;
    fc.assert(
      fc.property(
        fc.bigInt({ min: -bound, max: bound }),
        fc.bigInt({ min: 1n, max: bound }),
        fc.bigInt({ min: 0n, max: 2n ** 32n }),
        (low, width, seed) => {
          for (const v of randint(new Generator(seed), low, low + width, 50)) {
            expect(v >= low && v < low + width).toBe(true);
          }
        },
      ),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it("rand is in [0, 1) and randn is finite", () => {
    const g = new Generator(123n);
    for (const v of randFloat32(g, 10000)) expect(v >= 0 && v < 1).toBe(true);
    for (const v of randnFloat32(g, 10000)) expect(Number.isFinite(v)).toBe(true);
  });

  it("rejects empty ranges and negative sizes with PyTorch's messages", () => {
    expect(() => randint(new Generator(), 5n, 5n, 3)).toThrow(
      "random_ expects 'from' to be less than 'to', but got from=5 >= to=5",
    );
    expect(() => randperm(new Generator(), -1)).toThrow(
      "Trying to create tensor with negative dimension -1: [-1]",
    );
  });
});

describe("fmaf (float32 fused multiply-add)", () => {
  // (1 + 2**-12)**2 = 1 + 2**-11 + 2**-24 sits exactly halfway between two float32 values, so
  // a tiny addend decides the rounding; a double intermediate would lose it and tie to even.
  const a = 1 + 2 ** -12;
  const below = 1 + 2 ** -11;
  const above = 1 + 2 ** -11 + 2 ** -23;

  it("rounds once, even where double rounding would go wrong", () => {
    expect(fmaf(a, a, 2 ** -80)).toBe(above);
    expect(fmaf(a, a, -(2 ** -80))).toBe(below);
    expect(fmaf(a, a, 0)).toBe(below);
    expect(fmaf(-a, a, -(2 ** -80))).toBe(-above);
  });

  it("agrees with float32 rounding of the exact value on ordinary inputs", () => {
    expect(fmaf(3, 5, 7)).toBe(22);
    expect(fmaf(Math.fround(0.1), Math.fround(0.2), Math.fround(0.3))).toBe(
      Math.fround(Math.fround(0.1) * Math.fround(0.2) + Math.fround(0.3)),
    );
  });
});
