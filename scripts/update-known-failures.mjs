#!/usr/bin/env node
// Rewrite test/oracle/extra-known-failures.json from a fresh run of the extended corpus: the
// ids MaskLab does not match yet. Run after a fix makes `npm test` report a stale entry.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = join(mkdtempSync(join(tmpdir(), "masklab-oracle-")), "report.json");
const list = new URL("../test/oracle/extra-known-failures.json", import.meta.url);
writeFileSync(list, "[]\n");
try {
  execFileSync("npx", ["vitest", "run", "test/oracle", "--reporter=json", `--outputFile=${out}`], {
    stdio: "ignore",
  });
} catch {
  // Failing cases make vitest exit non-zero; the report is what we want.
}
const report = JSON.parse(readFileSync(out, "utf8"));
const failing = report.testResults
  .flatMap((f) => f.assertionResults)
  .filter((a) => a.status === "failed" && a.ancestorTitles.some((t) => t.includes("extended")))
  .map((a) => a.title)
  .sort();
writeFileSync(list, JSON.stringify(failing, null, 2) + "\n");
// Leave the list as `npm run lint` wants it (Prettier folds a short array onto one line).
execFileSync("npx", ["prettier", "--write", list.pathname], { stdio: "ignore" });
console.log(`${failing.length} extended-corpus cases still differ from PyTorch`);
