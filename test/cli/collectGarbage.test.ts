// The CLI's collector: a buffer nothing references is gone, memory and all, once it returns.
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../src/cli/collectGarbage";

describe("collectGarbage", () => {
  it("frees an unreachable 64 MiB ArrayBuffer before returning", () => {
    collectGarbage();
    const base = process.memoryUsage().arrayBuffers;
    // The buffer is reachable only inside this call.
    const grew = ((): number => {
      const big = new Float32Array(1 << 24).fill(1);
      return big[123] * (process.memoryUsage().arrayBuffers - base);
    })();
    expect(grew).toBeGreaterThanOrEqual(64 << 20);
    collectGarbage();
    expect(process.memoryUsage().arrayBuffers - base).toBeLessThan(1 << 20);
  });
});
