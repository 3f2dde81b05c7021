// Writing safe-integer numbers into a BigInt64Array one BigInt at a time allocates per element;
// writing the two 32-bit halves through a Uint32Array view over the same bytes does not.

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const TWO_POW_32 = 4294967296;

/** A Uint32Array aliasing the 64-bit words of `out`. */
export function int64Words(out: BigInt64Array): Uint32Array {
  return new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
}

/** Store the safe integer `v` as the i-th int64 of the array behind `words`. */
export function writeSafeInt(words: Uint32Array, i: number, v: number): void {
  if (v >= -0x80000000 && v <= 0x7fffffff) {
    words[2 * i + LO] = v;
    words[2 * i + HI] = v < 0 ? 0xffffffff : 0;
    return;
  }
  const hi = Math.floor(v / TWO_POW_32);
  words[2 * i + LO] = v - hi * TWO_POW_32;
  // Uint32Array stores hi modulo 2**32, i.e. two's complement for negative values.
  words[2 * i + HI] = hi;
}
