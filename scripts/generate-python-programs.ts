// Writes test/fixtures/python/generated-programs.json: small random programs (fixed seed) that
// scripts/record-python-fixtures.py then runs under CPython to record what they print.
//   npx tsx scripts/generate-python-programs.ts && python3 scripts/record-python-fixtures.py
import fc from "fast-check";
import { writeFileSync } from "node:fs";

const atom = fc.constantFrom(
  "0",
  "1",
  "-3",
  "7",
  "2.5",
  "0.1",
  "-0.0",
  "x",
  "y",
  "True",
  "False",
  "None",
  "'ab'",
  "'中文'",
  "[1, 2]",
  "(1,)",
  "(3, 4.5)",
  "{'k': 1}",
  "10**20",
  "2**-2",
  "float('inf')",
  "[]",
  "''",
  "range(3)",
  "len(y)",
  "[0.5, -1]",
  "'%.3f' % 1.23456",
);
const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc
      .tuple(
        tie("expr"),
        fc.constantFrom(
          "+",
          "-",
          "*",
          "/",
          "//",
          "%",
          "**",
          "<",
          "<=",
          "==",
          "!=",
          "and",
          "or",
          "in",
          "is",
          "&",
          "|",
          "^",
          "<<",
        ),
        tie("expr"),
      )
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom("-", "not ", "~", "+"), tie("expr")).map(([op, a]) => `(${op}${a})`),
    fc
      .tuple(
        fc.constantFrom(
          "len",
          "str",
          "repr",
          "abs",
          "int",
          "float",
          "bool",
          "list",
          "sorted",
          "sum",
          "max",
          "min",
          "round",
          "tuple",
          "type",
          "f",
        ),
        tie("expr"),
      )
      .map(([fn, a]) => (fn === "type" ? `type(${a}).__name__` : `${fn}(${a})`)),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}[${b}]`),
    fc.tuple(tie("expr"), atom, atom).map(([a, b, c]) => `${a}[${b}:${c}]`),
    // CPython 3.11 rejects nested f-strings that reuse the quote, so f-strings hold atoms only.
    fc.tuple(atom, atom).map(([a, b]) => `f"{${a}!r}|{${b}}"`),
    fc
      .tuple(
        atom,
        fc.constantFrom(".2f", ">6", "^7", "+", ".3e", ",", "08.3f", "x", "d", ".1%", "<4", "g"),
      )
      .map(([a, spec]) => `f"{${a}:${spec}}"`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([a, b, c]) => `(${a} if ${b} else ${c})`),
    tie("expr").map((a) => `[v * 2 for v in ${a}]`),
    tie("expr").map((a) => `{str(k): k for k in ${a}}`),
    tie("expr").map((a) => `divmod(${a}, 3)`),
    fc
      .tuple(
        tie("expr"),
        fc.constantFrom(
          "upper()",
          "split()",
          "strip('a')",
          "replace('a', 'b')",
          "count(1)",
          "index(2)",
          "find('b')",
          "startswith('a')",
          "zfill(5)",
          "center(7, '*')",
          "keys()",
          "items()",
          "get('k', 0)",
          "copy()",
          "pop()",
          "title()",
          "join(['x', 'y'])",
          "format(1, 2)",
          "is_integer()",
          "bit_length()",
          "real",
          "isdigit()",
        ),
      )
      .map(([a, m]) => `(${a}).${m}`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `list(zip(${a}, ${b}))`),
    tie("expr").map((a) => `list(enumerate(${a}, 1))`),
    tie("expr").map((a) => `sorted(${a}, reverse=True)`),
    tie("expr").map((a) => `'-'.join(map(str, ${a}))`),
    tie("expr").map((a) => `(lambda q: q * 2)(${a})`),
    tie("expr").map((a) => `[w for w in ${a} if w]`),
    tie("expr").map((a) => `any(${a})`),
    tie("expr").map((a) => `isinstance(${a}, (int, str))`),
  ),
}));
const stmt = fc.oneof(
  expr.map((e) => `x = ${e}`),
  expr.map((e) => `y = ${e}`),
  expr.map((e) => `print(${e})`),
  expr.map((e) => `print(repr(${e}), str(${e}))`),
  expr.map((e) => `x += ${e}`),
  expr.map((e) => `for v in ${e}:\n    print(v, end=" ")\nprint()`),
  expr.map((e) => `n = 0\nwhile ${e} and n < 3:\n    n += 1\nprint(n)`),
  expr.map(
    (e) => `try:\n    print(${e})\nexcept Exception as err:\n    print(type(err).__name__, err)`,
  ),
  expr.map((e) => `def f(a, b=1):\n    return ${e}`),
  expr.map((e) => `a, *b = ${e}\nprint(a, b)`),
  expr.map((e) => `print(${e}, sep="-", end="!\\n")`),
  expr.map((e) => `y.append(${e})\nprint(y)`),
  expr.map((e) => `d = {}\nd[str(${e})] = 1\nprint(d)`),
  expr.map(
    (e) => `def g(n):\n    if n <= 0:\n        return ${e}\n    return g(n - 1)\nprint(g(3))`,
  ),
  expr.map(
    (e) =>
      `for i in range(4):\n    if i == 1:\n        continue\n    if i == 3:\n        break\n    print(i, ${e})`,
  ),
  expr.map(
    (e) =>
      `try:\n    raise ValueError(${e})\nexcept ValueError as err:\n    print(repr(err))\nfinally:\n    print("fin")`,
  ),
  expr.map(
    (e) =>
      `def h():\n    total = 0\n    def add(v):\n        nonlocal total\n        total += v\n    add(1)\n    return total, ${e}\nprint(h())`,
  ),
  expr.map((e) => `assert ${e}, "checked"`),
);
const program = fc
  .array(stmt, { minLength: 1, maxLength: 6 })
  .map((ss) => ["x = 2", "y = [1, 2]", "def f(a, b=1):\n    return a", ...ss].join("\n") + "\n");

const programs = fc.sample(program, { seed: 424242, numRuns: 400 });
const url = new URL("../test/fixtures/python/generated-programs.json", import.meta.url);
writeFileSync(url, JSON.stringify(programs, null, 1) + "\n");
console.log(`wrote ${programs.length} programs`);
