// Spawns the real bin from another working directory, as a user would after `npm ci`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/masklab.mjs", import.meta.url));
let dir = "";

function masklab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "masklab-cli-"));
  writeFileSync(join(dir, "ok.py"), 'print("你好", 2 ** 64)\nprint(f"{1/3:.3f}", end="")\n');
  writeFileSync(
    join(dir, "bad.py"),
    'print("partial")\ndef f():\n    raise RuntimeError("boom")\nf()\n',
  );
  writeFileSync(join(dir, "loop.py"), "while True:\n    pass\n");
  writeFileSync(join(dir, "syntax.py"), "x = [1, 2)\n");
});

describe("masklab run", () => {
  it("prints exactly what the script prints and exits 0", () => {
    const r = masklab("run", "ok.py");
    expect(r).toEqual({ code: 0, stdout: "你好 18446744073709551616\n0.333", stderr: "" });
  });

  it("prints a traceback to stderr and exits 1 when the script raises", () => {
    const r = masklab("run", "bad.py");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("partial\n");
    expect(r.stderr).toBe(
      'Traceback (most recent call last):\n  File "bad.py", line 4, in <module>\n    f()\n' +
        '  File "bad.py", line 3, in f\n    raise RuntimeError("boom")\nRuntimeError: boom\n',
    );
  });

  it("--json prints one record per file in the oracle's shape", () => {
    const r = masklab("run", "--json", "ok.py", "bad.py", "syntax.py");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { file: "ok.py", stdout: "你好 18446744073709551616\n0.333", error: null, exitCode: 0 },
      { file: "bad.py", stdout: "partial\n", error: "RuntimeError: boom", exitCode: 1 },
      {
        file: "syntax.py",
        stdout: "",
        error:
          "SyntaxError: closing parenthesis ')' does not match opening parenthesis '[' (syntax.py, line 1)",
        exitCode: 1,
      },
    ]);
  });

  it("--timeout stops a runaway script", () => {
    const t0 = Date.now();
    const r = masklab("run", "--timeout", "0.5", "loop.py");
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("TimeoutError: cell took longer than 0.5 s and was stopped\n");
  });

  it("exits 2 with a readable message on usage errors", () => {
    for (const args of [
      [],
      ["run"],
      ["frobnicate"],
      ["run", "--nope", "ok.py"],
      ["run", "--timeout", "x", "ok.py"],
    ]) {
      const r = masklab(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^masklab: .+\nusage: masklab run/);
    }
    const missing = masklab("run", "missing.py");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "masklab: can't open file 'missing.py': [Errno 2] No such file or directory\n",
    );
  });
});
