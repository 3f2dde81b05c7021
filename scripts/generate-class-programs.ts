// Writes small random Python programs (seeded, reproducible) that exercise user classes,
// generators, the random and gc modules and torch.nn.Module subclasses the way a learner writes
// them, mistakes included. Each block catches what it raises and prints `type(e).__name__, e`,
// so one wrong guess does not hide the rest of the program. Run them through CPython + PyTorch
// and through MaskLab and diff what they print:
//   npx tsx scripts/generate-class-programs.ts OUT_DIR [COUNT] [SEED]
//   python3 torch-run.py OUT_DIR/*.py > real.json   (the shared oracle runner; any torch python)
//   npx masklab run --json OUT_DIR/*.py > ours.json
// Expect a few differences that are not bugs: CPython closes a generator the moment its last
// reference goes (`del g`, rebinding the name), MaskLab only at the end of the script or when a
// loop abandons it; and MaskLab has no complex numbers (`(-3) ** 0.5`).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** mulberry32: a tiny seeded generator, so a seed names the same programs on every machine. */
function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Gen {
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

function gen(rng: () => number): Gen {
  return {
    int: (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(rng() * xs.length)],
    chance: (p) => rng() < p,
  };
}

const indent = (code: string, by = "    "): string =>
  code
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");

/** A statement that may raise, wrapped so the program goes on and shows what was raised. */
const guarded = (code: string): string =>
  `try:\n${indent(code)}\nexcept Exception as e:\n    print(type(e).__name__, e)`;

const NUMS = ["0", "1", "2", "-3", "7", "2.5", "-0.5", "10"];
const SPECS = ["", ">8", "<6", "^9", "*^9", ".2f", "d", "x", "s", "!r", "!s", ",", "+"];

type Block = (g: Gen, id: string) => string;

const pointClass: Block = (g, id) => {
  const hasRepr = g.chance(0.7);
  const hasStr = g.chance(0.4);
  const hasFormat = g.chance(0.3);
  const hasEq = g.chance(0.6);
  const hasHash = hasEq && g.chance(0.5);
  const lines = [
    `class P${id}:`,
    `    def __init__(self, x, y=${g.pick(NUMS)}):`,
    `        self.x = x`,
    `        self.y = y`,
  ];
  if (hasRepr)
    lines.push(`    def __repr__(self):`, `        return f"P${id}({self.x!r}, {self.y!r})"`);
  if (hasStr) lines.push(`    def __str__(self):`, `        return f"<{self.x}, {self.y}>"`);
  if (hasFormat)
    lines.push(
      `    def __format__(self, spec):`,
      `        return format(self.x, spec) + "/" + format(self.y, spec)`,
    );
  if (hasEq)
    lines.push(
      `    def __eq__(self, other):`,
      g.chance(0.5)
        ? `        if not isinstance(other, P${id}):\n            return NotImplemented`
        : `        pass`,
      `        return (self.x, self.y) == (other.x, other.y)`,
    );
  if (hasHash) lines.push(`    def __hash__(self):`, `        return hash((self.x, self.y))`);
  const a = g.pick(NUMS);
  const b = g.pick(NUMS);
  const spec = g.pick(SPECS);
  const uses = [
    `p = P${id}(${a}, ${b})`,
    `q = P${id}(${a}${g.chance(0.5) ? `, ${b}` : ""})`,
    `print(p)`,
    `print(repr(q), str(q) == repr(q))`,
    `print([p, q])`,
    guarded(`print(p == q, p != q, p == ${g.pick(NUMS)})`),
    guarded(`print(f"{p:${spec}}")`),
    guarded(`print(len({p, q}))`),
    guarded(`d = {p: 1}\nprint(d[q] if q in d else "missing")`),
    guarded(`print(p.z)`),
    guarded(`print(P${id}())`),
    guarded(`print(P${id}(1, 2, 3))`),
    guarded(`print(P${id}.__name__, P${id}.__qualname__, type(p).__name__)`),
    guarded(`print(hash(p) == hash(q))`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 6).join("\n");
};

/** Keeps the first use (which makes the objects) and a random subset of the rest, in order. */
function pickSome(g: Gen, uses: string[], n: number): string[] {
  const [first, ...rest] = uses;
  const keep = rest.filter(() => g.chance(n / rest.length));
  return [first, ...keep];
}

const vectorOps: Block = (g, id) => {
  const op = g.pick([
    ["__add__", "+"],
    ["__sub__", "-"],
    ["__mul__", "*"],
    ["__truediv__", "/"],
    ["__matmul__", "@"],
    ["__floordiv__", "//"],
    ["__mod__", "%"],
    ["__pow__", "**"],
  ] as const);
  const reflected = "__r" + op[0].slice(2);
  const returnsNI = g.chance(0.5);
  const lines = [
    `class V${id}:`,
    `    def __init__(self, *xs):`,
    `        self.xs = list(xs)`,
    `    def __repr__(self):`,
    `        return "V${id}(" + ", ".join(map(str, self.xs)) + ")"`,
    `    def ${op[0]}(self, other):`,
    `        if isinstance(other, V${id}):`,
    `            return V${id}(*[a ${op[1]} b for a, b in zip(self.xs, other.xs)])`,
    returnsNI
      ? `        if isinstance(other, (int, float)):\n            return V${id}(*[a ${op[1]} other for a in self.xs])\n        return NotImplemented`
      : `        return V${id}(*[a ${op[1]} other for a in self.xs])`,
  ];
  if (g.chance(0.5))
    lines.push(
      `    def ${reflected}(self, other):`,
      `        return V${id}(*[other ${op[1]} a for a in self.xs])`,
    );
  if (g.chance(0.5))
    lines.push(`    def __neg__(self):`, `        return V${id}(*[-a for a in self.xs])`);
  if (g.chance(0.5))
    lines.push(`    def __lt__(self, other):`, `        return sum(self.xs) < sum(other.xs)`);
  if (g.chance(0.4)) lines.push(`    def __len__(self):`, `        return len(self.xs)`);
  if (g.chance(0.4)) lines.push(`    def __bool__(self):`, `        return any(self.xs)`);
  if (g.chance(0.3))
    lines.push(`    def __abs__(self):`, `        return sum(a * a for a in self.xs) ** 0.5`);
  const v = () => `V${id}(${g.pick(NUMS)}, ${g.pick(NUMS)})`;
  const uses = [
    `a, b = ${v()}, ${v()}`,
    guarded(`print(a ${op[1]} b)`),
    guarded(`print(a ${op[1]} ${g.pick(NUMS)})`),
    guarded(`print(${g.pick(NUMS)} ${op[1]} a)`),
    guarded(`print(a ${op[1]} "s")`),
    guarded(`print(-a)`),
    guarded(`print(a < b, a > b)`),
    guarded(`print(a <= b)`),
    guarded(`print(sorted([a, b, ${v()}]))`),
    guarded(`print(max(a, b), min([a, b]))`),
    guarded(`print(len(a), bool(a), bool(V${id}()))`),
    guarded(`print("yes" if a else "no")`),
    guarded(`print(abs(a))`),
    guarded(`c = a\nc ${op[1]}= b\nprint(c, c is a)`),
    guarded(`print(sum([a, b], V${id}(0, 0)))`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const properties: Block = (g, id) => {
  const setter = g.chance(0.6);
  const deleter = g.chance(0.3);
  const lines = [
    `class T${id}:`,
    `    count = 0`,
    `    def __init__(self, c):`,
    `        self._c = c`,
    `        T${id}.count += 1`,
    `    @property`,
    `    def celsius(self):`,
    `        """degrees"""`,
    `        return self._c`,
  ];
  if (setter)
    lines.push(
      `    @celsius.setter`,
      `    def celsius(self, v):`,
      `        if v < -273.15:`,
      `            raise ValueError(f"too cold: {v}")`,
      `        self._c = v`,
    );
  if (deleter) lines.push(`    @celsius.deleter`, `    def celsius(self):`, `        del self._c`);
  lines.push(
    `    @property`,
    `    def fahrenheit(self):`,
    `        return self.celsius * 9 / 5 + 32`,
    `    @staticmethod`,
    `    def kind(${g.chance(0.2) ? "self" : ""}):`,
    `        return "temp"`,
    `    @classmethod`,
    `    def make(cls, v${g.chance(0.3) ? ", extra" : ""}):`,
    `        return cls(v)`,
  );
  const uses = [
    `t = T${id}(${g.pick(NUMS)})`,
    guarded(`print(t.celsius, t.fahrenheit)`),
    guarded(`t.celsius = ${g.pick(["-300", "25", "0.5", "'hot'"])}\nprint(t.celsius)`),
    guarded(`t.fahrenheit = 1`),
    guarded(`del t.celsius\nprint(t.celsius)`),
    guarded(`print(T${id}.kind(), t.kind())`),
    guarded(`u = T${id}.make(${g.pick(NUMS)})\nprint(type(u).__name__, u.celsius, T${id}.count)`),
    guarded(`print(t.make(3).celsius)`),
    guarded(`print(type(T${id}.celsius).__name__, T${id}.celsius.__doc__)`),
    guarded(`print(T${id}.celsius.fget(t))`),
    guarded(`print(getattr(t, "celsius"), getattr(t, "nope", "default"), hasattr(t, "nope"))`),
    guarded(`setattr(t, "celsius", 4)\nprint(vars(t))`),
    guarded(`print(T${id}.make)`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const inheritance: Block = (g, id) => {
  const badSuper = g.chance(0.25);
  const diamond = g.chance(0.5);
  const lines = [
    `class A${id}:`,
    `    def __init__(self, name):`,
    `        self.name = name`,
    `    def hello(self):`,
    `        return "A" + self.name`,
    `    def who(self):`,
    `        return "A"`,
    `class B${id}(A${id}):`,
    `    def __init__(self, name, n=${g.int(0, 3)}):`,
    badSuper
      ? g.pick([
          `        super().__init__()`,
          `        super().__init__(name, n)`,
          `        super(A${id}, self).__init__(name)`,
          `        A${id}.__init__(name)`,
        ])
      : `        super().__init__(name)`,
    `        self.n = n`,
    `    def hello(self):`,
    `        return "B" + super().hello() * self.n`,
    `    def who(self):`,
    `        return "B" + super().who()`,
  ];
  if (diamond)
    lines.push(
      `class C${id}(A${id}):`,
      `    def who(self):`,
      `        return "C" + super().who()`,
      `class D${id}(B${id}, C${id}):`,
      `    def who(self):`,
      `        return "D" + super().who()`,
    );
  const top = diamond ? `D${id}` : `B${id}`;
  const uses = [
    `o = None`,
    guarded(`o = ${top}("x")\nprint(o.hello(), o.who())`),
    guarded(`print([k.__name__ for k in ${top}.__mro__])`),
    guarded(`print(${top}.mro()[1].__name__)`),
    guarded(`print(isinstance(o, A${id}), issubclass(${top}, A${id}), issubclass(A${id}, ${top}))`),
    guarded(`print(${top}.__bases__)`),
    guarded(`print(A${id}.hello(o))`),
    guarded(`print(${top}.hello())`),
    guarded(`print(o.hello(1))`),
    guarded(`print(super(B${id}, o).who())`),
    guarded(`print(type(o) is ${top}, type(o).__mro__[-1])`),
    guarded(`class Bad${id}(A${id}, ${top}):\n    pass`),
    guarded(`print(o.__class__.__name__, o.__dict__)`),
    guarded(`print(A${id}("q").n)`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const containers: Block = (g, id) => {
  const iterKind = g.pick(["gen", "self", "getitem", "list"]);
  const lines = [
    `class Bag${id}:`,
    `    def __init__(self, items):`,
    `        self.items = list(items)`,
  ];
  if (g.chance(0.7)) lines.push(`    def __len__(self):`, `        return len(self.items)`);
  if (iterKind === "gen")
    lines.push(`    def __iter__(self):`, `        for x in self.items:`, `            yield x`);
  else if (iterKind === "self")
    lines.push(
      `    def __iter__(self):`,
      `        self.i = 0`,
      `        return self`,
      `    def __next__(self):`,
      `        if self.i >= len(self.items):`,
      `            raise StopIteration`,
      `        self.i += 1`,
      `        return self.items[self.i - 1]`,
    );
  else if (iterKind === "list")
    lines.push(
      `    def __iter__(self):`,
      `        return ${g.pick(["iter(self.items)", "self.items"])}`,
    );
  if (iterKind === "getitem" || g.chance(0.4))
    lines.push(`    def __getitem__(self, i):`, `        return self.items[i]`);
  if (g.chance(0.5))
    lines.push(`    def __contains__(self, x):`, `        return x in self.items or x == -1`);
  if (g.chance(0.3)) lines.push(`    def __setitem__(self, i, v):`, `        self.items[i] = v`);
  if (g.chance(0.3)) lines.push(`    def __delitem__(self, i):`, `        del self.items[i]`);
  if (g.chance(0.3))
    lines.push(
      `    def __bool__(self):`,
      `        return ${g.pick(["True", "False", "1", "None"])}`,
    );
  const items = `[${g.int(1, 4)}, ${g.int(5, 9)}, ${g.pick(NUMS)}]`;
  const uses = [
    `b = Bag${id}(${items})`,
    guarded(`print(len(b))`),
    guarded(`print(list(b), [x * 2 for x in b])`),
    guarded(`print(3 in b, -1 in b, 99 in b)`),
    guarded(`print(b[0], b[-1], b[1:])`),
    guarded(`b[0] = 42\nprint(b.items)`),
    guarded(`del b[0]\nprint(b.items)`),
    guarded(`print(bool(b), not b)`),
    guarded(`print(sum(b), max(b), sorted(b, reverse=True))`),
    guarded(`it = iter(b)\nprint(next(it), next(it))`),
    guarded(`print(list(enumerate(b)), dict(zip(b, "abc")))`),
    guarded(`x, y, *rest = b\nprint(x, y, rest)`),
    guarded(`print(b[10])`),
    guarded(`print(Bag${id}([]) or "empty")`),
    guarded(`print(*b, sep="|")`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const attrHooks: Block = (g, id) => {
  const lines = [
    `class Rec${id}:`,
    `    def __init__(self):`,
    g.chance(0.7) ? `        object.__setattr__(self, "log", [])` : `        self.log = []`,
    `    def __getattr__(self, name):`,
    g.chance(0.5)
      ? `        if name.startswith("_"):\n            raise AttributeError(name)\n        return name.upper()`
      : `        return f"<{name}>"`,
    `    def __setattr__(self, name, value):`,
    `        if name != "log":`,
    `            self.log.append(name)`,
    `        object.__setattr__(self, name, value)`,
  ];
  if (g.chance(0.3))
    lines.push(
      `    def __delattr__(self, name):`,
      `        print("del", name)`,
      `        object.__delattr__(self, name)`,
    );
  const uses = [
    `r = None`,
    guarded(`r = Rec${id}()\nprint(r.anything, r.log)`),
    guarded(`r.a = 1\nr.b = 2\nprint(r.a, r.log)`),
    guarded(`print(r._hidden)`),
    guarded(`print(getattr(r, "zz"), hasattr(r, "_q"))`),
    guarded(`del r.a\nprint(r.a)`),
    guarded(`del r.nothere`),
    guarded(`print(sorted(vars(r)))`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 5).join("\n");
};

const contextManager: Block = (g, id) => {
  const suppress = g.pick(["True", "False", "None", "isinstance(exc, ValueError)"]);
  const lines = [
    `class Ctx${id}:`,
    `    def __init__(self, tag):`,
    `        self.tag = tag`,
    `    def __enter__(self):`,
    `        print("enter", self.tag)`,
    `        return ${g.pick(["self", "self.tag", "42"])}`,
    `    def __exit__(self, ${g.chance(0.15) ? "typ, exc" : "typ, exc, tb"}):`,
    `        print("exit", self.tag, typ.__name__ if typ else None, exc)`,
    `        return ${suppress}`,
  ];
  const body = g.pick([
    `print("body", v)`,
    `raise ValueError("inside")`,
    `raise KeyError("k")`,
    `print(1 / 0)`,
    `return_value = v`,
  ]);
  const uses = [
    `r = None`,
    guarded(`with Ctx${id}("a") as v:\n    ${body}\nprint("after")`),
    guarded(`with Ctx${id}("o") as u, Ctx${id}("i") as w:\n    print(u, w)\n    ${body}`),
    guarded(
      `def f${id}():\n    with Ctx${id}("f") as v:\n        return "returned"\n    return "not here"\nprint(f${id}())`,
    ),
    guarded(
      `for i in range(2):\n    with Ctx${id}(i):\n        if i:\n            break\n        continue`,
    ),
    guarded(`with ${g.pick(["5", "[]", `Ctx${id}`])}:\n    pass`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 4).join("\n");
};

const exceptions: Block = (g, id) => {
  const withInit = g.chance(0.5);
  const withStr = g.chance(0.4);
  const lines = [
    `class AppError${id}(${g.pick(["Exception", "ValueError", "LookupError", "RuntimeError"])}):`,
  ];
  if (withInit)
    lines.push(
      `    def __init__(self, code, msg="bad"):`,
      g.chance(0.7) ? `        super().__init__(msg)` : `        pass`,
      `        self.code = code`,
    );
  if (withStr)
    lines.push(`    def __str__(self):`, `        return f"[{self.code}] " + super().__str__()`);
  if (!withInit && !withStr) lines.push(`    pass`);
  lines.push(`class SubError${id}(AppError${id}):`, `    """a sub error"""`);
  const args = withInit ? `${g.int(1, 500)}` : g.pick([`"boom"`, ``, `1, 2`, `"a", "b"`]);
  const uses = [
    `err = None`,
    guarded(`raise AppError${id}(${args})`),
    guarded(`raise SubError${id}(${args})`),
    `try:\n    raise SubError${id}(${args})\nexcept AppError${id} as e:\n    err = e\n    print("caught", type(e).__name__, repr(e), e.args)`,
    guarded(`print(str(err), isinstance(err, Exception), type(err).__mro__[1].__name__)`),
    guarded(
      `try:\n    try:\n        {}["k"]\n    except KeyError as e:\n        raise AppError${id}(${args}) from e\nexcept AppError${id} as e:\n    print(type(e.__cause__).__name__, e.__cause__)`,
    ),
    guarded(`raise AppError${id}`),
    guarded(`print(err.code)`),
    guarded(`print(SubError${id}.__doc__, SubError${id}.__name__)`),
    guarded(`e = AppError${id}(${args})\ne.extra = 5\nprint(e.extra, e.args)`),
    guarded(
      `def check${id}(v):\n    if v < 0:\n        raise SubError${id}(${args})\n    return v\nprint([check${id}(v) for v in (1, -1)])`,
    ),
    guarded(`raise ${g.pick(["NotImplemented", "42", "object()", `AppError${id}()`])}`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 6).join("\n");
};

const generators: Block = (g, id) => {
  const lines = [
    `def counter${id}(n):`,
    `    total = 0`,
    `    try:`,
    `        for i in range(n):`,
    `            got = yield i`,
    `            if got is not None:`,
    `                total += got`,
    g.chance(0.3)
      ? `            if got == 99:\n                raise StopIteration`
      : `            pass`,
    `    finally:`,
    `        print("cleanup${id}", total)`,
    `    return total`,
    `def outer${id}():`,
    `    r = yield from counter${id}(${g.int(1, 4)})`,
    `    print("inner returned", r)`,
    `    yield r`,
  ];
  const uses = [
    `c = counter${id}(${g.int(0, 4)})`,
    guarded(`print(next(c), next(c))`),
    guarded(`print(c.send(${g.pick(["5", "None", "99"])}))`),
    guarded(`print(c.send(1))`),
    guarded(`c.close()\nprint(next(c))`),
    guarded(`c.close()\nc.close()\nprint("closed twice")`),
    guarded(`print(list(c))`),
    guarded(`print(list(outer${id}()))`),
    guarded(`o = outer${id}()\nprint(next(o), o.send(${g.int(1, 9)}), o.send(None))`),
    guarded(`print(counter${id}(3).send(1))`),
    guarded(`print(type(c).__name__, counter${id}.__name__)`),
    guarded(`print(c.throw(ValueError("thrown")))`),
    guarded(`g2 = counter${id}(2)\nnext(g2)\nprint(g2.throw(KeyError, "k"))`),
    guarded(
      `try:\n    while True:\n        print(next(c))\nexcept StopIteration as e:\n    print("stop", e.value, e.args)`,
    ),
    guarded(`print(sum(counter${id}(5)), max(x * x for x in counter${id}(3)))`),
    guarded(`print(next(c, "done"), next(c, "done"))`),
    guarded(`it = iter(c)\nprint(it is c)`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 8).join("\n");
};

const generatorErrors: Block = (g, id) => {
  const raiser = g.pick([
    `raise ValueError(f"bad {i}")`,
    `{}[i]`,
    `[][i]`,
    `i / 0`,
    `raise StopIteration(i)`,
    `next(iter([]))`,
  ]);
  const lines = [
    `def risky${id}(n):`,
    `    for i in range(n):`,
    `        if i == ${g.int(0, 2)}:`,
    `            ${raiser}`,
    `        yield i * ${g.int(1, 3)}`,
    `def shield${id}(n):`,
    `    try:`,
    `        yield from risky${id}(n)`,
    `    except ${g.pick(["ValueError", "LookupError", "Exception", "ZeroDivisionError", "RuntimeError"])} as e:`,
    `        print("shield caught", type(e).__name__, e)`,
    `        yield -1`,
    `class Stream${id}:`,
    `    def __init__(self, n):`,
    `        self.n = n`,
    `    def __iter__(self):`,
    `        return risky${id}(self.n)`,
    `    def evens(self):`,
    `        return [x for x in self if x % 2 == 0]`,
  ];
  const uses = [
    `s = Stream${id}(${g.int(1, 4)})`,
    guarded(`print(list(risky${id}(${g.int(0, 4)})))`),
    guarded(`print(list(shield${id}(${g.int(0, 4)})))`),
    guarded(`print(s.evens())`),
    guarded(`for v in s:\n    print("v", v)`),
    guarded(`g3 = risky${id}(4)\nfor v in g3:\n    print(v)\nprint(next(g3, "end"))`),
    guarded(`print(dict((x, str(x)) for x in shield${id}(3)))`),
    guarded(`print(any(x > 1 for x in s), all(risky${id}(0)))`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 5).join("\n");
};

const closures: Block = (g, id) => {
  const lines = [
    `class Acc${id}:`,
    `    scale = ${g.int(1, 4)}`,
    `    def __init__(self, xs):`,
    `        self.xs = xs`,
    `    def scaled(self):`,
    `        return [x * self.scale for x in self.xs if x ${g.pick([">", "<", "!="])} ${g.int(0, 3)}]`,
    `    def adders(self):`,
    `        return [lambda v, x=x: v + x for x in self.xs]`,
    `    def late(self):`,
    `        return [lambda: x for x in self.xs]`,
    `    def counter(self):`,
    `        count = 0`,
    `        def bump():`,
    `            nonlocal count`,
    `            count += self.scale`,
    `            return count`,
    `        return bump`,
    `    def table(self):`,
    `        return {x: {y for y in range(x)} for x in self.xs}`,
    `    def __call__(self, k):`,
    `        return sum(self.xs) * k`,
  ];
  const uses = [
    `a = Acc${id}([${g.int(0, 3)}, ${g.int(1, 5)}, ${g.int(-2, 2)}])`,
    guarded(`print(a.scaled())`),
    guarded(`print([f(10) for f in a.adders()])`),
    guarded(`print([f() for f in a.late()])`),
    guarded(`b = a.counter()\nb()\nprint(b(), b.__qualname__)`),
    guarded(`print(a.table())`),
    guarded(`print(a(${g.int(1, 3)}), callable(a), callable(Acc${id}.scale))`),
    guarded(`print(a())`),
    guarded(`Acc${id}.scale = 10\nprint(a.scaled(), a.scale)`),
    guarded(`print(Acc${id}.scaled())`),
    guarded(`print(Acc${id}.scaled.__qualname__, a.scaled.__name__)`),
    guarded(`print(sorted(a.xs, key=lambda x: -x))`),
    guarded(`print(a.adders()[0]())`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const decorators: Block = (g, id) => {
  const lines = [
    `registry${id} = []`,
    `def register${id}(cls):`,
    `    registry${id}.append(cls.__name__)`,
    `    cls.tag = "${g.pick(["x", "y"])}"`,
    `    return ${g.pick(["cls", "cls", "None"])}`,
    `def trace${id}(fn):`,
    `    def wrapper(*args, **kwargs):`,
    `        print("call", fn.__name__, len(args), sorted(kwargs))`,
    `        return fn(*args, **kwargs)`,
    `    return wrapper`,
    `@register${id}`,
    `class W${id}:`,
    `    @trace${id}`,
    `    def go(self, a, b=2):`,
    `        return a * b`,
    `    class Inner:`,
    `        def m(self):`,
    `            return 1`,
  ];
  const uses = [
    `print(registry${id})`,
    guarded(`print(W${id}.tag, W${id}().go(3), W${id}().go(3, b=4))`),
    guarded(`print(W${id}().go())`),
    guarded(`print(W${id}.Inner.__qualname__, W${id}.Inner.m.__qualname__)`),
    guarded(`print(W${id}.Inner().m(1))`),
    guarded(`print(W${id}.go.__name__, W${id}.go.__qualname__)`),
    guarded(
      `def make${id}():\n    class Local:\n        def m(self, x):\n            pass\n    return Local\nL = make${id}()\nprint(L.__qualname__)\nL().m()`,
    ),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 4).join("\n");
};

const wrongCalls: Block = (g, id) => {
  const lines = [
    `class K${id}:`,
    `    def m(self, a, b, *, c=1):`,
    `        return a + b + c`,
    `    def n(a):`,
    `        return a`,
    `    def o():`,
    `        return 0`,
  ];
  const uses = [
    `k = K${id}()`,
    guarded(`print(k.m(1))`),
    guarded(`print(k.m(1, 2, 3))`),
    guarded(`print(k.m(1, 2, d=3))`),
    guarded(`print(k.m(1, 2, a=3))`),
    guarded(`print(k.n(), K${id}.n(5))`),
    guarded(`print(k.o())`),
    guarded(`print(K${id}.m(1, 2))`),
    guarded(`print(K${id}(1))`),
    guarded(`print(k.m(*[1, 2], **{"c": 5}))`),
    guarded(`print(k.missing())`),
    guarded(`print(K${id}.missing)`),
    guarded(`k.m = lambda: "shadow"\nprint(k.m())`),
    guarded(`print(k.m)`),
    guarded(`print(K${id}.m)`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 6).join("\n");
};

const randomBlock: Block = (g) => {
  const seed = g.pick(["0", "1", "42", "2024", "'abc'", "3.5", "None"]);
  const uses = [
    `import random\nrandom.seed(${seed === "None" ? "7" : seed})`,
    guarded(`print(random.random())`),
    guarded(`print(random.randint(${g.int(-3, 3)}, ${g.int(-3, 10)}))`),
    guarded(
      `print(random.randrange(${g.int(1, 20)}), random.randrange(0, ${g.int(0, 20)}, ${g.int(1, 4)}))`,
    ),
    guarded(`print(random.choice(${g.pick(["'abc'", "[1, 2, 3]", "[]", "range(10)"])}))`),
    guarded(`xs = list(range(${g.int(0, 8)}))\nrandom.shuffle(xs)\nprint(xs)`),
    guarded(`print(random.sample(range(${g.int(0, 20)}), ${g.int(0, 6)}))`),
    guarded(`print(random.uniform(${g.int(-2, 2)}, ${g.int(0, 5)}))`),
    guarded(`print(random.choices("abcd", k=${g.int(0, 5)}))`),
    guarded(`print(random.gauss(0, 1))`),
    guarded(
      `st = random.getstate()\na = random.random()\nrandom.setstate(st)\nprint(a == random.random())`,
    ),
    guarded(`print(random.getrandbits(${g.int(0, 40)}))`),
    guarded(`r = random.Random(${g.int(0, 9)})\nprint(r.randint(1, 6), r.random())`),
    guarded(`print(random.randint(1.5, 3))`),
    guarded(`print(random.choices([1, 2], weights=[${g.int(0, 3)}, 1], k=3))`),
  ];
  return pickSome(g, uses, 7).join("\n");
};

const gcBlock: Block = (g, id) => {
  const uses = [
    `import gc`,
    guarded(`print(gc.isenabled())`),
    guarded(`gc.disable()\nprint(gc.isenabled())\ngc.enable()`),
    guarded(`print(type(gc.collect()).__name__)`),
    guarded(
      `class Node${id}:\n    def __init__(self):\n        self.other = self\nn = Node${id}()\ndel n\nprint(gc.collect() >= 0)`,
    ),
    guarded(`print(gc.collect(${g.pick(["0", "1", "2", "3", "'x'"])}) >= 0)`),
  ];
  return pickSome(g, uses, 3).join("\n");
};

const moduleBlock: Block = (g, id) => {
  const d = g.int(2, 5);
  const seq = g.int(2, 4);
  const fill = g.pick(["float('-inf')", "-1e9", "0.0", "-1e4"]);
  const forgetSuper = g.chance(0.15);
  const withDropout = g.chance(0.4);
  const persistent = g.chance(0.3) ? ", persistent=False" : "";
  const lines = [
    `import torch`,
    `import torch.nn as nn`,
    `torch.manual_seed(${g.int(0, 5)})`,
    `class Att${id}(nn.Module):`,
    `    def __init__(self, d, seq):`,
    forgetSuper ? `        pass` : `        super().__init__()`,
    `        self.proj = nn.Linear(d, d${g.chance(0.3) ? ", bias=False" : ""})`,
    `        self.register_buffer("mask", torch.triu(torch.ones(seq, seq, dtype=torch.bool), diagonal=1)${persistent})`,
    `        self.scale = d ** -0.5`,
  ];
  if (withDropout) lines.push(`        self.drop = nn.Dropout(${g.pick(["0.0", "0.5", "0.1"])})`);
  if (g.chance(0.3)) lines.push(`        self.gain = nn.Parameter(torch.ones(d))`);
  lines.push(
    `    def forward(self, x):`,
    `        q = self.proj(x)`,
    `        scores = q @ x.transpose(-2, -1) * self.scale`,
    `        scores = scores.${g.pick(["masked_fill", "masked_fill_"])}(self.mask${g.chance(0.2) ? "[:x.shape[-2], :x.shape[-2]]" : ""}, ${fill})`,
    `        w = scores.softmax(dim=-1)`,
    withDropout ? `        w = self.drop(w)` : `        pass`,
    `        return w @ x`,
  );
  if (g.chance(0.4))
    lines.push(`    def extra_repr(self):`, `        return f"d={self.proj.in_features}"`);
  const xShape = g.chance(0.8) ? `${seq}, ${d}` : `${seq + 1}, ${d}`;
  const uses = [
    `m = None`,
    guarded(`m = Att${id}(${d}, ${seq})\nprint(m)`),
    guarded(`print([(n, tuple(p.shape)) for n, p in m.named_parameters()])`),
    guarded(`print([n for n, b in m.named_buffers()], m.mask.dtype)`),
    guarded(`print([n for n, _ in m.named_modules()], [type(c).__name__ for c in m.children()])`),
    guarded(`x = torch.randn(${xShape})\ny = m(x)\nprint(y.shape, y.grad_fn is not None)`),
    guarded(
      `m.eval()\nprint(m.training, m.proj.training)\nwith torch.no_grad():\n    print(m(torch.ones(${xShape})))`,
    ),
    guarded(`m.train(${g.pick(["", "False", "True"])})\nprint(m.training)`),
    guarded(
      `out = m(torch.randn(${seq}, ${d})).sum()\nout.backward()\nprint(m.proj.weight.grad is not None)\nm.zero_grad()\nprint(m.proj.weight.grad)`,
    ),
    guarded(`print(sum(p.numel() for p in m.parameters()))`),
    guarded(`print(list(m.state_dict().keys()))`),
    guarded(`print(m.mask)`),
    guarded(
      `m.mask = torch.zeros(${seq}, ${seq}, dtype=torch.bool)\nprint(m.mask.sum(), "mask" in dict(m.named_buffers()))`,
    ),
    guarded(`m.register_buffer("proj", torch.ones(1))`),
    guarded(`print(m.nothing)`),
    guarded(`print(m.proj.weight.shape, m.proj.bias is None)`),
    guarded(`m.proj = "not a module"\nprint(m.proj)`),
    guarded(`print(m.forward)`),
    guarded(`print(m.proj(torch.ones(${d + 1})))`),
    guarded(`print(isinstance(m, nn.Module), type(m).__mro__[1].__name__)`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 8).join("\n");
};

const sequentialBlock: Block = (g) => {
  const d = g.int(2, 4);
  const layers = [
    `nn.Linear(${d}, ${d})`,
    `nn.ReLU()`,
    `nn.Dropout(${g.pick(["0.0", "0.2"])})`,
    `nn.Softmax(dim=${g.pick(["-1", "0", "1"])})`,
    `nn.Identity()`,
  ];
  const chosen = layers.filter(() => g.chance(0.6));
  const uses = [
    `import torch\nimport torch.nn as nn\ntorch.manual_seed(${g.int(0, 9)})\nseq = nn.Sequential(${chosen.join(", ")})`,
    guarded(`print(seq)`),
    guarded(`print(len(seq), [type(l).__name__ for l in seq])`),
    guarded(`print(seq[0], seq[-1])`),
    guarded(`x = torch.randn(2, ${d})\nprint(seq(x))`),
    guarded(
      `emb = nn.Embedding(${g.int(3, 6)}, ${d}${g.chance(0.3) ? ", padding_idx=0" : ""})\nprint(emb)\nprint(emb(torch.tensor([0, 2])))`,
    ),
    guarded(`emb = nn.Embedding(3, ${d})\nprint(emb(torch.tensor([3])))`),
    guarded(`seq.eval()\nprint([l.training for l in seq])`),
    guarded(`print([n for n, _ in seq.named_parameters()])`),
    guarded(`print(seq[10])`),
    guarded(`print(nn.Linear(${d}, 1)(torch.ones(${d})).shape)`),
    guarded(`print(nn.Dropout(${g.pick(["1.5", "-0.1", "0.5"])}))`),
    guarded(`print(nn.Softmax(dim=1)(torch.tensor([[1.0, float('-inf')]])))`),
  ];
  return pickSome(g, uses, 6).join("\n");
};

const dunderResults: Block = (g, id) => {
  const bad = () => g.pick(["1", "0", "True", "None", "'x'", "-1", "2.5", "[]"]);
  const lines = [
    `class Odd${id}:`,
    `    def __init__(self, v):`,
    `        self.v = v`,
    `    def __bool__(self):`,
    `        return ${bad()}`,
    `    def __len__(self):`,
    `        return ${bad()}`,
    `    def __repr__(self):`,
    `        return ${g.pick(["self.v", "'R'", "str(self.v)", "None"])}`,
    `    def __str__(self):`,
    `        return ${g.pick(["'S'", "self.v", "repr(self)"])}`,
    `    def __hash__(self):`,
    `        return ${g.pick(["self.v", "1", "2.5", "'h'", "None"])}`,
    `    def __index__(self):`,
    `        return ${g.pick(["2", "self.v", "2.0"])}`,
    `    def __eq__(self, other):`,
    `        return ${g.pick(["NotImplemented", "True", "self.v == other", "1"])}`,
  ];
  const o = `Odd${id}(${g.pick(["1", "'s'", "2", "None"])})`;
  const uses = [
    `o = ${o}`,
    guarded(`print(bool(o))`),
    guarded(`print("t" if o else "f")`),
    guarded(`print(len(o))`),
    guarded(`print(repr(o))`),
    guarded(`print(str(o), o)`),
    guarded(`print(f"{o}|{o!r}")`),
    guarded(`print(hash(o) is not None)`),
    guarded(`print({o: 1})`),
    guarded(`print([10, 20, 30][o], "abc"[o:])`),
    guarded(`print(range(5)[o], bin(o), hex(o))`),
    guarded(`print(o == o, o == 1, o != 2, o in [1, 2])`),
    guarded(`print("{} {!r:>6}".format(o, o))`),
    guarded(`print([o] * 2)`),
    guarded(`print(not o, o and 1, o or 2)`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const generatorExtras: Block = (g, id) => {
  const lines = [
    `def ticker${id}(n):`,
    `    try:`,
    `        for i in range(n):`,
    `            yield i`,
    `    except GeneratorExit:`,
    `        print("exit seen")`,
    g.chance(0.3) ? `        yield 99` : `        raise`,
    `    finally:`,
    `        print("ticker done")`,
    `def pipeline${id}(src):`,
    `    for x in src:`,
    `        if x % 2:`,
    `            continue`,
    `        yield x * ${g.int(2, 5)}`,
    `class Tree${id}:`,
    `    def __init__(self, v, *kids):`,
    `        self.v = v`,
    `        self.kids = kids`,
    `    def walk(self):`,
    `        yield self.v`,
    `        for k in self.kids:`,
    `            yield from k.walk()`,
  ];
  const uses = [
    `t = Tree${id}(1, Tree${id}(2, Tree${id}(3)), Tree${id}(${g.int(4, 9)}))`,
    guarded(`print(list(t.walk()))`),
    guarded(`print(list(pipeline${id}(t.walk())))`),
    guarded(`g1 = ticker${id}(${g.int(1, 4)})\nprint(next(g1))\ng1.close()\nprint("closed")`),
    guarded(
      `for v in ticker${id}(${g.int(1, 4)}):\n    if v == 1:\n        break\nprint("after break")`,
    ),
    guarded(`g2 = ticker${id}(3)\nprint(next(g2), next(g2))\ndel g2\nprint("deleted")`),
    guarded(`print(sorted(pipeline${id}(range(${g.int(0, 9)})), reverse=True))`),
    guarded(`gen = (x * x for x in t.walk())\nprint(next(gen), list(gen), list(gen))`),
    guarded(`w = t.walk()\nprint(next(w))\nprint(w.send(5))`),
    guarded(`print(type(t.walk()).__name__, t.walk.__name__, Tree${id}.walk.__qualname__)`),
    guarded(`print(list(zip(t.walk(), pipeline${id}(range(10)))))`),
    guarded(`print(next(ticker${id}(0)))`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 6).join("\n");
};

const moduleExtras: Block = (g, id) => {
  const d = g.int(2, 4);
  const lines = [
    `import torch`,
    `import torch.nn as nn`,
    `torch.manual_seed(${g.int(0, 9)})`,
    `class Head${id}(nn.Module):`,
    `    def __init__(self, d, causal=True):`,
    `        super().__init__()`,
    `        self.q = nn.Linear(d, d, bias=False)`,
    `        self.k = nn.Linear(d, d, bias=False)`,
    `        self.causal = causal`,
    `        self.register_buffer("bias", torch.tril(torch.ones(d, d)).view(1, d, d))`,
    `    @property`,
    `    def width(self):`,
    `        return self.q.out_features`,
    `    def forward(self, x):`,
    `        att = self.q(x) @ self.k(x).transpose(-2, -1)`,
    `        if self.causal:`,
    `            att = att.masked_fill(self.bias[:, :x.size(1), :x.size(1)] == 0, float("-inf"))`,
    `        return torch.softmax(att, dim=-1)`,
    `class Stack${id}(nn.Module):`,
    `    def __init__(self, n, d):`,
    `        super().__init__()`,
    `        self.heads = nn.Sequential(*[Head${id}(d) for _ in range(n)])`,
    `        self.emb = nn.Embedding(${g.int(4, 8)}, d)`,
    `    def forward(self, idx):`,
    `        x = self.emb(idx)`,
    `        return [h(x) for h in self.heads]`,
  ];
  const uses = [
    `s = Stack${id}(${g.int(1, 3)}, ${d})`,
    guarded(`print(s)`),
    guarded(`print(s.heads[0].width, s.heads[0].causal, s.heads[0].bias.shape)`),
    guarded(`out = s(torch.tensor([[0, 1, ${g.int(0, 3)}]]))\nprint(len(out), out[0])`),
    guarded(`print([n for n, _ in s.named_parameters()])`),
    guarded(`print([n for n, _ in s.named_buffers()])`),
    guarded(`print(list(s.state_dict().keys()))`),
    guarded(`print(sum(p.numel() for p in s.parameters() if p.requires_grad))`),
    guarded(`s.heads[0].width = 3`),
    guarded(`s.eval()\nprint([m.training for m in s.modules()])`),
    guarded(`print(s(torch.tensor([[${g.int(5, 12)}]])))`),
    guarded(`print(isinstance(s.heads, nn.Sequential), len(list(s.children())))`),
    guarded(`h = Head${id}(${d}, causal=False)\nprint(h(torch.eye(${d}).unsqueeze(0)))`),
    guarded(`print(s.heads[0].q.weight.T.shape, s.emb.weight.requires_grad)`),
    guarded(`s.requires_grad_(False)\nprint(any(p.requires_grad for p in s.parameters()))`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 7).join("\n");
};

const classAttrs: Block = (g, id) => {
  const lines = [
    `class Counter${id}:`,
    `    instances = []`,
    `    limit = ${g.int(1, 3)}`,
    `    def __init__(self, name):`,
    `        if len(Counter${id}.instances) >= self.limit:`,
    `            raise RuntimeError(f"too many: {name}")`,
    `        self.name = name`,
    `        self.instances.append(name)`,
    `    def __init_subclass__(cls, **kw):`,
    `        print("subclass", cls.__name__)`,
    `    @classmethod`,
    `    def reset(cls):`,
    `        cls.instances = []`,
    `        return cls`,
    `    def __repr__(self):`,
    `        return f"{type(self).__name__}({self.name!r})"`,
    `    def __lt__(self, other):`,
    `        return self.name < other.name`,
  ];
  const uses = [
    `made = []`,
    guarded(
      `for n in ${g.pick(['"abc"', '"ba"', '["x", "y", "z", "w"]'])}:\n    made.append(Counter${id}(n))`,
    ),
    guarded(`print(made, Counter${id}.instances)`),
    guarded(`print(sorted(made), min(made, default=None))`),
    guarded(
      `class Sub${id}(Counter${id}):\n    limit = 5\nprint(Sub${id}("q"), Sub${id}.instances is Counter${id}.instances)`,
    ),
    guarded(`print(Counter${id}.reset().instances, Counter${id}.limit)`),
    guarded(
      `c = Counter${id}.reset()("n")\nc.limit = 0\nprint(c.limit, Counter${id}.limit, vars(c))`,
    ),
    guarded(`print(Counter${id}.__dict__["limit"], "reset" in Counter${id}.__dict__)`),
    guarded(
      `print(getattr(Counter${id}, "limit"), Counter${id}.__name__, Counter${id}.__module__)`,
    ),
    guarded(`print(f"{made[0]!r:>12}|{made[0]!s:<12}|")`),
    guarded(`print(f"{made[0]:>5}")`),
  ];
  return lines.join("\n") + "\n" + pickSome(g, uses, 6).join("\n");
};

const BLOCKS: Block[] = [
  moduleExtras,
  classAttrs,
  dunderResults,
  generatorExtras,
  pointClass,
  vectorOps,
  properties,
  inheritance,
  containers,
  attrHooks,
  contextManager,
  exceptions,
  generators,
  generatorErrors,
  closures,
  decorators,
  wrongCalls,
  randomBlock,
  gcBlock,
  moduleBlock,
  sequentialBlock,
];

export function generateProgram(seed: number): string {
  const g = gen(makeRng(seed));
  const n = g.int(1, 3);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(g.pick(BLOCKS)(g, String(i)));
  return parts.join("\n") + "\n";
}

// Run as a script (not when a test imports generateProgram): write COUNT programs to OUT_DIR.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [outDir, count = "200", seed = "1"] = process.argv.slice(2);
  if (!outDir) throw new Error("usage: generate-class-programs.ts OUT_DIR [COUNT] [SEED]");
  mkdirSync(outDir, { recursive: true });
  for (let i = 0; i < Number(count); i++) {
    const s = Number(seed) * 1_000_003 + i;
    writeFileSync(join(outDir, `p${String(i).padStart(5, "0")}.py`), generateProgram(s));
  }
}
