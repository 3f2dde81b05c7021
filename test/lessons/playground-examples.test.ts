// The playground's examples print what PyTorch printed for them (recorded by
// scripts/record-examples.py), in both languages, as a playground cell runs them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";
import { torchModules } from "../../src/python/torch/index";

interface Example {
  id: string;
  title: Record<string, string>;
  code: Record<string, string>;
}
type Recorded = Record<
  string,
  Record<string, { code: string; stdout: string; error: string | null }>
>;

const root = path.resolve(__dirname, "../..");
const examples = (
  JSON.parse(readFileSync(path.join(root, "content/playground-examples.json"), "utf8")) as {
    examples: Example[];
  }
).examples;
const recorded = (
  JSON.parse(readFileSync(path.join(root, "test/fixtures/playground-examples.json"), "utf8")) as {
    examples: Recorded;
  }
).examples;

describe("playground examples", () => {
  it("each has a unique id, both titles and both codes, recorded", () => {
    expect(new Set(examples.map((e) => e.id)).size).toBe(examples.length);
    for (const e of examples) {
      expect(Object.keys(e.title).sort()).toEqual(["en", "zh"]);
      expect(Object.keys(e.code).sort()).toEqual(["en", "zh"]);
      expect(Object.keys(recorded[e.id] ?? {}).sort()).toEqual(["en", "zh"]);
    }
  });

  for (const e of examples)
    for (const lang of ["en", "zh"])
      it(`${e.id} (${lang}) prints what PyTorch printed`, () => {
        // An example edited since it was recorded needs scripts/record-examples.py run again.
        expect(recorded[e.id][lang].code).toBe(e.code[lang]);
        const r = createSession({ modules: torchModules }).run(e.code[lang], "notebook");
        const { stdout, error } = recorded[e.id][lang];
        expect({ stdout: r.stdout, error: r.error }).toEqual({ stdout, error });
      });
});
