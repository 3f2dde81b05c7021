// A tiny host module (`vec`) written against the host protocol, used end to end from Python.
import { describe, expect, it } from "vitest";
import {
  type BinaryOp,
  type CompareOp,
  type Kwargs,
  type NotImplementedType,
  type PyValue,
  builtin,
  makeType,
  NotImplemented,
  parseArgs,
  PyException,
  PyModule,
  PyObject,
  PyTuple,
  type PyType,
  repr,
  toFloat,
  toInt,
} from "../../src/python/host";
import { createSession } from "../../src/python/session";
import type { ModuleFactory } from "../../src/python/interpreter";

const vecType = makeType("Vec", { module: "vec" });

class Vec extends PyObject {
  constructor(public xs: number[]) {
    super();
  }
  get pyType(): PyType {
    return vecType;
  }
  private static lift(v: PyValue, n: number): number[] | undefined {
    if (v instanceof Vec) return v.xs;
    if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean")
      return new Array<number>(n).fill(toFloat(v));
    return undefined;
  }
  private static applyOp(op: BinaryOp, a: number, b: number): number {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "**":
        return a ** b;
      default:
        throw new PyException("TypeError", `Vec does not support ${op}`);
    }
  }
  override binaryOp(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
  ): PyValue | NotImplementedType {
    const o = Vec.lift(other, this.xs.length);
    if (!o || !["+", "-", "*", "**"].includes(op)) return NotImplemented;
    return new Vec(
      this.xs.map((x, i) => (reflected ? Vec.applyOp(op, o[i], x) : Vec.applyOp(op, x, o[i]))),
    );
  }
  override inplaceOp(op: BinaryOp, other: PyValue): PyValue | NotImplementedType {
    if (op !== "+") return NotImplemented;
    const o = Vec.lift(other, this.xs.length)!;
    this.xs = this.xs.map((x, i) => x + o[i]);
    return this;
  }
  override unaryOp(op: "-" | "+" | "~"): PyValue | NotImplementedType {
    return op === "-" ? new Vec(this.xs.map((x) => -x)) : NotImplemented;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    if (op !== "==") return NotImplemented;
    return other instanceof Vec && other.xs.every((x, i) => x === this.xs[i]);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "size") return BigInt(this.xs.length);
    if (name === "scale_")
      return builtin("scale_", (args: PyValue[], kwargs: Kwargs | undefined) => {
        const [k] = parseArgs("scale_", args, kwargs, [{ name: "k", default: 2n }]);
        this.xs = this.xs.map((x) => x * toFloat(k!));
        return this;
      });
    if (name === "__float__")
      return builtin("__float__", () => {
        if (this.xs.length !== 1)
          throw new PyException("RuntimeError", "only one element vecs can be converted");
        return this.xs[0];
      });
    return undefined;
  }
  override getItem(key: PyValue): PyValue {
    if (key instanceof PyTuple) return BigInt(key.items.length);
    const i = Number(toInt(key));
    if (i >= this.xs.length) throw new PyException("IndexError", `index ${i} is out of bounds`);
    return this.xs[i];
  }
  override setItem(key: PyValue, value: PyValue): void {
    this.xs[Number(toInt(key))] = toFloat(value);
  }
  override len(): number {
    return this.xs.length;
  }
  override iter(): Iterator<PyValue> {
    return this.xs[Symbol.iterator]();
  }
  override bool(): boolean {
    if (this.xs.length > 1)
      throw new PyException(
        "RuntimeError",
        "Boolean value of Vec with more than one value is ambiguous",
      );
    return this.xs[0] !== 0;
  }
  override repr(): string {
    return `vec(${this.xs.join(", ")})`;
  }
  override format(spec: string): string {
    return spec === "" ? this.str() : `vec<${spec}>`;
  }
}

class Guard extends PyObject {
  log: string[] = [];
  get pyType(): PyType {
    return vecType;
  }
  override enter(): PyValue {
    this.log.push("enter");
    return "entered";
  }
  override exit(exc: PyException | null): boolean {
    this.log.push(`exit:${exc ? exc.type.name : "None"}`);
    return exc?.type.name === "KeyError";
  }
}

/** Shows what Python passes to __getitem__/__setitem__ (expected values from CPython). */
class Probe extends PyObject {
  get pyType(): PyType {
    return vecType;
  }
  override getItem(key: PyValue): PyValue {
    return repr(key);
  }
  override setItem(key: PyValue, value: PyValue): void {
    this.log.push(`set ${repr(key)} ${repr(value)}`);
  }
  log: string[] = [];
}

const guard = new Guard();
const probe = new Probe();
const modules: Record<string, ModuleFactory> = {
  vec: (ctx) =>
    new PyModule("vec", {
      Vec: vecType,
      vec: builtin("vec", (args) => new Vec(args.map(toFloat))),
      guard: builtin("guard", () => guard),
      probe,
      limit: BigInt(ctx.options.maxTensorElements),
    }),
  "vec.linalg": () =>
    new PyModule("vec.linalg", { norm: builtin("norm", (a) => Math.hypot(...(a[0] as Vec).xs)) }),
};

function run(code: string, mode: "script" | "notebook" = "script") {
  return createSession({ modules, maxTensorElements: 1234 }).run(code, mode);
}

describe("host protocol", () => {
  it("calls, operators (incl. reflected), attributes and items", () => {
    const r = run(`import vec
v = vec.vec(1, 2, 3)
print(v, v + 1, 2 * v, 2 ** v, v - v, -v, v.size, v[1], v[0, None], len(v), list(v))
v[0] = 10
print(v, v == vec.vec(10, 2, 3), v != vec.vec(1), type(v).__name__, isinstance(v, vec.Vec), vec.limit)
`);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe(
      "vec(1, 2, 3) vec(2, 3, 4) vec(2, 4, 6) vec(2, 4, 8) vec(0, 0, 0) vec(-1, -2, -3) 3 2.0 2 3 [1.0, 2.0, 3.0]\n" +
        "vec(10, 2, 3) True True Vec True 1234\n",
    );
  });

  it("passes index tuples, slices, Ellipsis and None to getItem/setItem as CPython does", () => {
    const r = run(`from vec import probe as p
print(p[1:, ::2, ..., None]); print(p[0]); print(p[:]); print(p[1, 2]); print(p[None]); print(p[...])
print(p[-1:-3:-1]); print(p[(1,)]); print(p[1,])
p[0, :] = 5
print(p[[1, 2]], p[::])
`);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe(
      "(slice(1, None, None), slice(None, None, 2), Ellipsis, None)\n0\nslice(None, None, None)\n(1, 2)\nNone\nEllipsis\n" +
        "slice(-1, -3, -1)\n(1,)\n(1,)\n[1, 2] slice(None, None, None)\n",
    );
    expect(probe.log).toEqual(["set (0, slice(None, None, None)) 5"]);
  });

  it("in-place operators keep identity; methods returning self are `is`-identical", () => {
    const r = run(`import vec
v = vec.vec(1, 2)
w = v
v += 1
print(v is w, w, v.scale_() is v, v, v.scale_(k=0.5))
v *= 2
print(v is w, v)
`);
    expect(r.error).toBeNull();
    // print() evaluates every argument before converting any, so all three show the final state.
    expect(r.stdout).toBe("True vec(2, 3) True vec(2, 3) vec(2, 3)\nFalse vec(4, 6)\n");
  });

  it("bool, float(), format and unsupported operators", () => {
    expect(run("import vec\nif vec.vec(1, 2):\n    pass\n").error).toBe(
      "RuntimeError: Boolean value of Vec with more than one value is ambiguous",
    );
    expect(
      run("import vec\nprint(float(vec.vec(2.5)), f'{vec.vec(1)}', f'{vec.vec(1):.2f}')").stdout,
    ).toBe("2.5 vec(1) vec<.2f>\n");
    expect(run("import vec\nvec.vec(1) @ vec.vec(1)").error).toBe(
      "TypeError: unsupported operand type(s) for @: 'Vec' and 'Vec'",
    );
    expect(run("import vec\nvec.vec(1).nope").error).toBe(
      "AttributeError: 'Vec' object has no attribute 'nope'",
    );
    expect(run("import vec\nvec.vec(1)[5]").error).toBe("IndexError: index 5 is out of bounds");
  });

  it("host exceptions are catchable by type and base class", () => {
    const r = run(`import vec
try:
    vec.vec(1)[9]
except LookupError as e:
    print("caught:", e, repr(e))
try:
    vec.vec(1, 2).scale_(1, 2)
except TypeError as e:
    print(e)
`);
    expect(r.stdout).toBe(
      "caught: index 9 is out of bounds IndexError('index 9 is out of bounds')\nscale_() takes from 0 to 1 positional arguments but 2 were given\n",
    );
  });

  it("context managers see the exception and may swallow it", () => {
    guard.log = [];
    const r = run(`import vec
with vec.guard() as g:
    print(g)
with vec.guard():
    {}["k"]
print("after")
with vec.guard():
    1 / 0
`);
    expect(r.stdout).toBe("entered\nafter\n");
    expect(r.error).toBe("ZeroDivisionError: division by zero");
    expect(guard.log).toEqual([
      "enter",
      "exit:None",
      "enter",
      "exit:KeyError",
      "enter",
      "exit:ZeroDivisionError",
    ]);
  });

  it("imports: dotted, aliased, from-imports, submodules and missing names", () => {
    const r = run(`import vec.linalg
import vec.linalg as L
from vec import linalg, vec as V
from vec.linalg import norm
print(vec.linalg.norm(V(3, 4)), L.norm(V(3, 4)), linalg is L, norm(V(6, 8)))
`);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("5.0 5.0 True 10.0\n");
    expect(run("from vec import nope").error).toBe(
      "ImportError: cannot import name 'nope' from 'vec' (unknown location)",
    );
    expect(run("import torch").error).toBe("ModuleNotFoundError: No module named 'torch'");
  });

  it("reports printed and echoed host objects as displays", () => {
    const s = createSession({ modules });
    const r = s.run("import vec\nv = vec.vec(1)\nprint('x', v, [v])\nv", "notebook");
    expect(r.stdout).toBe("x vec(1) [vec(1)]\nvec(1)\n");
    expect(r.displays).toHaveLength(2);
    expect(r.displays[0]).toBe(r.displays[1]);
    expect(r.displays[0]).toBeInstanceOf(Vec);
  });

  it("a JS error inside a host hook becomes InternalError", () => {
    const bad: Record<string, ModuleFactory> = {
      bad: () =>
        new PyModule("bad", {
          boom: builtin("boom", () => {
            throw new Error("kaput");
          }),
        }),
    };
    const r = createSession({ modules: bad }).run(
      "import bad\ntry:\n    bad.boom()\nexcept Exception as e:\n    print(type(e).__name__)\nbad.boom()",
    );
    expect(r.stdout).toBe("InternalError\n");
    expect(r.error).toBe("InternalError: Error: kaput");
  });
});
