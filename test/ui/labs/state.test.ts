import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../../src/ui/labs/codecs";
import { fillDefaults, type FillState } from "../../../src/ui/labs/fill/model";
import { causalMask, randomMask } from "../../../src/ui/labs/mask/bits";
import { maskCode, type MaskLabState } from "../../../src/ui/labs/mask/model";
import {
  softmaxCode,
  softmaxDefaults,
  withScoreSource,
  type SoftmaxState,
} from "../../../src/ui/labs/softmax/model";
import { defaultGenerator } from "../../../src/tensor/random/index";
import {
  encodeJson,
  fromBase64Url,
  packBits,
  toBase64Url,
  unpackBits,
} from "../../../src/ui/labs/state";
import { LAB_KINDS } from "../../../src/ui/labs/types";
import { DTYPE_NAMES } from "../../../src/ui/labs/values";
import { labCases } from "./cases";

const params = { seed: 20261126, numRuns: 200 };

describe("base64url", () => {
  it("round-trips any bytes and uses only URL-safe characters", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(Array.from(fromBase64Url(text))).toEqual(Array.from(bytes));
      }),
      params,
    );
  });
  it("rejects characters outside the alphabet", () => {
    expect(() => fromBase64Url("ab+c")).toThrow();
    expect(() => fromBase64Url("a b")).toThrow();
  });
});

describe("mask bit packing", () => {
  it("round-trips masks of every size up to 64x64 in ceil(n/8) bytes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.nat(),
        (r, c, seed) => {
          const m = randomMask(r, c, seed);
          const text = packBits(m);
          expect(fromBase64Url(text).length).toBe(Math.ceil((r * c) / 8));
          expect(Array.from(unpackBits(text, r, c).bits)).toEqual(Array.from(m.bits));
        },
      ),
      params,
    );
  });
  it("refuses a packed mask of the wrong length", () => {
    expect(() => unpackBits(packBits(randomMask(4, 4, 1)), 5, 5)).toThrow();
  });
});

describe("encodeState / decodeState", () => {
  it("round-trips every recorded lab state", () => {
    for (const c of labCases()) {
      const text = encodeState(c.kind, c.state);
      const back = decodeState(c.kind, text);
      expect(back.notice).toBeNull();
      expect(encodeState(c.kind, back.state)).toBe(text);
    }
  });

  it("round-trips random fill states, keeping -0, nan and infinities", () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(-0, NaN, Infinity, -Infinity),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...DTYPE_NAMES),
        fc.array(value, { minLength: 64, maxLength: 64 }),
        fc.nat(),
        (rows, cols, dtype, vals, seed) => {
          const s: FillState = {
            ...fillDefaults(),
            rows,
            cols,
            dtype,
            values: vals.slice(0, rows * cols),
            mask: randomMask(rows, cols, seed),
            steps: ["out", "in"],
          };
          const back = decodeState("fill", encodeState("fill", s)).state as FillState;
          expect(back.values.map((v) => (Object.is(v, -0) ? "-0" : String(v)))).toEqual(
            s.values.map((v) => (Object.is(v, -0) ? "-0" : String(v))),
          );
          expect(Array.from(back.mask.bits)).toEqual(Array.from(s.mask.bits));
          expect(back.dtype).toBe(dtype);
          expect(back.steps).toEqual(["out", "in"]);
        },
      ),
      params,
    );
  });

  it("falls back to the defaults with a notice on malformed text", () => {
    const bad = [
      "%%%",
      "bm90IGpzb24",
      toBase64Url(new TextEncoder().encode('{"r":99}')),
      "e30",
      "e30.AAAA",
      ".",
    ];
    for (const kind of LAB_KINDS) {
      const defaults = encodeState(kind, decodeState(kind, null).state);
      for (const text of bad) {
        const d = decodeState(kind, text);
        expect(d.notice).toBe("malformed");
        expect(encodeState(kind, d.state)).toBe(defaults);
      }
    }
  });

  it("gives the defaults without a notice when there is no state", () => {
    for (const kind of LAB_KINDS) {
      expect(decodeState(kind, "").notice).toBeNull();
      expect(decodeState(kind, undefined).notice).toBeNull();
    }
  });

  it("keeps the URL short: a 64x64 mask lab state is under 800 characters", () => {
    const text = encodeState("mask", { mask: randomMask(64, 64, 7) });
    expect(text.length).toBeLessThan(800);
  });
});

describe("states written before the PyTorch generator", () => {
  // Encoded as the previous codecs wrote them: no "n" (randn seed) and no "ms" (mask seed).
  const old = (json: Record<string, unknown>, m: string) => encodeJson(json) + "." + m;
  const softmaxJson = { r: 2, c: 2, f: "-inf", t: 1, d: "float32", p: 0, s: 1 };

  it("keeps typed scores and a mask without a seed, printed literally", () => {
    const text = old(
      { ...softmaxJson, v: [0.5, -1, 2, 0], q: null },
      packBits(randomMask(2, 2, 3)),
    );
    const d = decodeState("softmax", text);
    expect(d.notice).toBeNull();
    const s = d.state as SoftmaxState;
    expect(s.source).toEqual({ kind: "values" });
    expect(s.scores).toEqual([0.5, -1, 2, 0]);
    expect(s.mask.seed).toBeUndefined();
    expect(softmaxCode(s)).toContain("scores = torch.tensor([[0.5, -1.0],");
    expect(softmaxCode(s)).not.toContain("manual_seed");
  });

  it("reads an old Q·Kᵀ seed as the same seed on PyTorch's generator", () => {
    const d = decodeState(
      "softmax",
      old({ ...softmaxJson, v: null, q: 3 }, packBits(causalMask(2, 2))),
    );
    expect(d.notice).toBeNull();
    const s = d.state as SoftmaxState;
    expect(s.source).toEqual({ kind: "qk", seed: 3 });
    expect(softmaxCode(s)).toContain(
      "torch.manual_seed(3)\nQ = torch.randn(2, 4)\nK = torch.randn(2, 4)",
    );
  });

  it("decodes an old mask lab state to a literal mask", () => {
    const m = randomMask(3, 3, 9);
    const d = decodeState("mask", old({ r: 3, c: 3 }, packBits(m)));
    const s = d.state as MaskLabState;
    expect(Array.from(s.mask.bits)).toEqual(Array.from(m.bits));
    expect(maskCode(s)).not.toContain("manual_seed");
  });

  it("carries a seeded mask and seeded scores through the URL", () => {
    const s = withScoreSource(
      { ...softmaxDefaults(), mask: randomMask(4, 4, 12) },
      { kind: "randn", seed: 77 },
    );
    const back = decodeState("softmax", encodeState("softmax", s)).state as SoftmaxState;
    expect(back.source).toEqual({ kind: "randn", seed: 77 });
    expect(back.mask.seed).toBe(12);
    expect(back.scores).toEqual(s.scores);
    expect(softmaxCode(back)).toContain(
      "torch.manual_seed(77)\nscores = torch.randn(4, 4)\ntorch.manual_seed(12)\nmask = torch.rand(4, 4) > 0.5\n",
    );
  });

  it("never moves the global generator", () => {
    const g = defaultGenerator();
    g.manualSeed(123);
    const before = g.clone();
    const s = withScoreSource(softmaxDefaults(), { kind: "qk", seed: 4 });
    softmaxCode(s);
    decodeState("softmax", encodeState("softmax", s));
    expect(g.random32()).toBe(before.random32());
    expect(g.nextDoubleNormal).toBe(before.nextDoubleNormal);
  });
});
