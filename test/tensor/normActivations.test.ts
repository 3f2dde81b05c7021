import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { float32, float64 } from "../../src/tensor/dtype";
import { elu } from "../../src/tensor/ops/elu";
import { gelu } from "../../src/tensor/ops/gelu";
import { layerNorm } from "../../src/tensor/ops/layerNorm";
import { leakyRelu } from "../../src/tensor/ops/leakyRelu";
import { lerp } from "../../src/tensor/ops/lerp";
import { silu } from "../../src/tensor/ops/silu";
import { contiguous } from "../../src/tensor/ops/copy";
import { erfcDouble, erfDouble } from "../../src/tensor/ops/vecmath/erf";
import { Tensor } from "../../src/tensor/tensor";
import { backward } from "../../src/tensor/autograd/backward";
import "./helpers/coreA";

// Bit-exact checks against PyTorch 2.13, recorded by scripts/record-norm-activation-bits.py.

interface LayerNorm32 {
  n: number;
  x: number[];
  w: number[];
  b: number[];
  g: number[];
  y: number[];
  y0: number[];
  dx: number[];
  dw: number[];
  db: number[];
}
interface LayerNorm64 {
  n: number;
  x: string[];
  w: string[];
  b: string[];
  y: string[];
}
const data = JSON.parse(
  readFileSync(new URL("../fixtures/norm-activation-bits.json", import.meta.url), "utf8"),
) as {
  layerNorm32: LayerNorm32[];
  layerNorm64: LayerNorm64[];
  silu: { x: number[]; y: number[]; strided: number[] };
  gelu: { x: number[]; y: number[] };
  geluGrad: { x: number[]; g: number[]; dx: number[] };
  lerp: { a: number[]; e: number[]; w: number[]; y: number[]; y03: number[]; y08: number[] };
  erf: [string, string, string][];
};

const f32 = (bits: number[], shape: number[]): Tensor => {
  const t = Tensor.empty(shape, float32);
  new Uint32Array((t.storage.data as Float32Array).buffer).set(bits);
  return t;
};
const bitsOf = (t: Tensor): number[] => [
  ...new Uint32Array(Float32Array.from(t.storage.data as Float32Array).buffer),
];

/** float.hex() text to a double. */
function fromHex(h: string): number {
  const neg = h.startsWith("-");
  const m = /^0x([01])\.([0-9a-f]+)p([-+]\d+)$/.exec(neg ? h.slice(1) : h)!;
  const v = (Number(m[1]) + parseInt(m[2], 16) / 16 ** m[2].length) * 2 ** Number(m[3]);
  return neg ? -v : v;
}
const f64 = (hex: string[], shape: number[]): Tensor => {
  const t = Tensor.empty(shape, float64);
  (t.storage.data as Float64Array).set(hex.map(fromHex));
  return t;
};

describe("layer_norm replays PyTorch's CPU kernel", () => {
  for (const c of data.layerNorm32)
    it(`float32 forward and backward, rows of ${c.n}`, () => {
      const x = f32(c.x, [2, c.n]);
      const w = f32(c.w, [c.n]);
      const b = f32(c.b, [c.n]);
      for (const t of [x, w, b]) t.requiresGrad = true;
      const y = layerNorm(x, [c.n], w, b);
      expect(bitsOf(y)).toEqual(c.y);
      expect(bitsOf(layerNorm(x, [c.n]))).toEqual(c.y0);
      expect(y.gradFn?.name).toBe("NativeLayerNormBackward0");
      backward(y, f32(c.g, [2, c.n]));
      expect(bitsOf(x.grad!)).toEqual(c.dx);
      expect(bitsOf(w.grad!)).toEqual(c.dw);
      expect(bitsOf(b.grad!)).toEqual(c.db);
    });
  for (const c of data.layerNorm64)
    it(`float64 forward, rows of ${c.n}`, () => {
      const y = layerNorm(f64(c.x, [2, c.n]), [c.n], f64(c.w, [c.n]), f64(c.b, [c.n]));
      expect([...(y.storage.data as Float64Array)]).toEqual(c.y.map(fromHex));
    });
  it("keeps +0 where x equals the row mean, whatever gamma's sign", () => {
    const x = f32([0x3f800000, 0x3f800000], [1, 2]);
    const w = f32([0xbf800000, 0x40000000], [2]);
    expect(bitsOf(layerNorm(x, [2], w))).toEqual([0, 0]);
  });
  it("refuses a shape that does not end in normalized_shape", () => {
    expect(() => layerNorm(Tensor.empty([2, 3], float32), [4])).toThrow(
      "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]",
    );
  });
});

describe("activations", () => {
  it("silu matches PyTorch bit for bit in vector blocks, tails and strided inputs", () => {
    const x = f32(data.silu.x, [data.silu.x.length]);
    expect(bitsOf(silu(x))).toEqual(data.silu.y);
    const strided = x.viewAs([Math.ceil(x.numel / 3)], [3], 0);
    expect(bitsOf(contiguous(silu(strided)))).toEqual(data.silu.strided);
  });
  it("gelu on a contiguous float32 tensor matches PyTorch's oneDNN kernel bit for bit", () => {
    const x = f32(data.gelu.x, [data.gelu.x.length]);
    expect(bitsOf(gelu(x))).toEqual(data.gelu.y);
  });
  it("gelu's gradient matches PyTorch's oneDNN backward bit for bit", () => {
    const n = data.geluGrad.x.length;
    const x = f32(data.geluGrad.x, [n]);
    x.requiresGrad = true;
    backward(gelu(x), f32(data.geluGrad.g, [n]));
    expect(bitsOf(x.grad!)).toEqual(data.geluGrad.dx);
  });
  it("lerp matches PyTorch bit for bit (both formulas, tensor and number weights)", () => {
    const n = data.lerp.a.length;
    const a = f32(data.lerp.a, [n]);
    const e = f32(data.lerp.e, [n]);
    expect(bitsOf(lerp(a, e, f32(data.lerp.w, [n])))).toEqual(data.lerp.y);
    expect(bitsOf(lerp(a, e, 0.3))).toEqual(data.lerp.y03);
    expect(bitsOf(lerp(a, e, 0.8))).toEqual(data.lerp.y08);
  });
  it("records PyTorch's grad_fn names", () => {
    const x = f32([0xbf800000, 0x40000000], [2]);
    x.requiresGrad = true;
    expect(gelu(x).gradFn?.name).toBe("GeluBackward0");
    expect(silu(x).gradFn?.name).toBe("SiluBackward0");
    expect(leakyRelu(x).gradFn?.name).toBe("LeakyReluBackward0");
    expect(elu(x).gradFn?.name).toBe("EluBackward0");
    expect(lerp(x, x, 0.5).gradFn?.name).toBe("LerpBackward0");
    expect(lerp(x, x, x).gradFn?.name).toBe("LerpBackward1");
  });
});

describe("erf in double", () => {
  const ulp = (v: number) => {
    const a = Math.abs(v);
    return a === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(a)) - 52);
  };
  // erfc's continued fraction gathers up to ~15 ulps far out in the tail: still 2^-48
  // relative, far below float32's rounding, which is what torch.erfc's results need.
  it("is within 4 ulps of CPython's math.erf and 16 of math.erfc", () => {
    for (const [xs, erf, erfc] of data.erf) {
      const x = fromHex(xs);
      expect(Math.abs(erfDouble(x) - fromHex(erf))).toBeLessThanOrEqual(4 * ulp(fromHex(erf)));
      expect(Math.abs(erfcDouble(x) - fromHex(erfc))).toBeLessThanOrEqual(16 * ulp(fromHex(erfc)));
    }
  });
  it("handles the special values", () => {
    expect(erfDouble(Infinity)).toBe(1);
    expect(erfDouble(-Infinity)).toBe(-1);
    expect(Object.is(erfDouble(-0), -0)).toBe(true);
    expect(erfcDouble(Infinity)).toBe(0);
    expect(erfcDouble(-Infinity)).toBe(2);
    expect(erfDouble(NaN)).toBeNaN();
  });
});
