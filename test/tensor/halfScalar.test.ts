import { describe, expect, it } from "vitest";
import { bfloat16, float16 } from "../../src/tensor/dtype";
import { add, div, mul, sub } from "../../src/tensor/ops/binary";
import { tensor } from "../../src/tensor/ops/create";
import { tolist } from "../../src/tensor/ops/item";

// PyTorch 2.13 (CPU) multiplies and divides a float16/bfloat16 tensor by a Python float in
// float32, while add and sub round the scalar to the 16-bit type first. Expected values were
// printed by torch with .tolist().

const x16 = () => tensor([0.340087890625, 1.1, 3.3], { dtype: float16 });
const xb16 = () => tensor([0.340087890625, 1.1, 3.3], { dtype: bfloat16 });

describe("a Python float meeting a float16/bfloat16 tensor", () => {
  it("mul and div use the scalar's float32 value", () => {
    expect(tolist(div(x16(), 0.7))).toEqual([0.48583984375, 1.5712890625, 4.71484375]);
    expect(tolist(mul(x16(), 0.7))).toEqual([0.238037109375, 0.76953125, 2.310546875]);
    expect(tolist(div(xb16(), 0.7))).toEqual([0.486328125, 1.5703125, 4.71875]);
    expect(tolist(mul(xb16(), 0.7))).toEqual([0.23828125, 0.76953125, 2.3125]);
    expect(tolist(div(x16(), tensor(0.7)))).toEqual([0.48583984375, 1.5712890625, 4.71484375]);
  });

  it("add and sub round the scalar to the tensor's dtype", () => {
    expect(tolist(add(x16(), 0.7))).toEqual([1.0400390625, 1.7998046875, 4.0]);
    expect(tolist(sub(x16(), 0.7))).toEqual([-0.360107421875, 0.3994140625, 2.6015625]);
    expect(tolist(add(xb16(), 0.7))).toEqual([1.0390625, 1.796875, 4.0]);
  });
});
