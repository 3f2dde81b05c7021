import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWat } from "../../scripts/build-wasm";

// The WebAssembly kernels ship as base64 in generated TypeScript modules; each must be exactly
// what its .wat source compiles to (run `npm run build:wasm` after editing a .wat).

const DIR = join(__dirname, "../../src/tensor/ops/vecmath");

describe("generated WebAssembly modules", () => {
  const sources = readdirSync(DIR).filter((f) => f.endsWith(".wat"));
  it("exist", () => expect(sources.length).toBeGreaterThan(0));
  for (const f of sources) {
    it(`${f} matches its generated module`, async () => {
      const { path, text } = await compileWat(join(DIR, f));
      expect(readFileSync(path, "utf8")).toBe(text);
    });
  }
});
