// Replays snippets recorded from CPython 3.11 (scripts/record-python-fixtures.py) and the
// torch-free `py/*` oracle cases, comparing stdout and the final error line byte for byte.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";

interface Case {
  id: string;
  code: string;
  stdout: string;
  error: string | null;
}

function load(name: string): Case[] {
  const url = new URL(`../fixtures/python/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { cases: Case[] }).cases;
}

for (const group of ["values", "control", "more", "errors", "generated"]) {
  describe(`CPython fixtures: ${group}`, () => {
    for (const c of load(group)) {
      it(c.id, () => {
        const r = createSession({ filename: "case.py" }).run(c.code, "script");
        expect(r.stdout).toBe(c.stdout);
        expect(r.error).toBe(c.error);
      });
    }
  });
}
