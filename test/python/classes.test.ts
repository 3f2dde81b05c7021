// Classes beyond what the recorded corpus prints: the parts whose output holds object addresses
// or that MaskLab refuses on purpose. (Byte-for-byte behaviour is in oracle-extra's py__class-*.)
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/python/session";

const run = (src: string) => createSession().run(src);

describe("classes", () => {
  it("print an instance without __repr__ as module.qualname object at an address", () => {
    const r = run("class A:\n    class B:\n        pass\nprint(A(), A.B())\n");
    expect(r.error).toBeNull();
    expect(r.stdout).toMatch(
      /^<__main__\.A object at 0x[0-9a-f]+> <__main__\.A\.B object at 0x[0-9a-f]+>\n$/,
    );
  });

  it("bind methods to their instance, and keep functions stored on an instance unbound", () => {
    const r = run(
      [
        "class A:",
        "    def m(self):",
        "        return self.tag",
        "a = A()",
        "a.tag = 'x'",
        "a.f = lambda: 'plain'",
        "bm = a.m",
        "print(bm(), a.f(), bm.__self__ is a, bm.__func__ is A.m, bm == a.m)",
        "print(repr(bm).startswith('<bound method A.m of <__main__.A object at 0x'))",
      ].join("\n"),
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("x plain True True True\nTrue\n");
  });

  it("run __getattr__ only for names found nowhere else, and property setters", () => {
    const r = run(
      [
        "class P:",
        "    real = 1",
        "    def __init__(self):",
        "        self._t = 0.0",
        "    def __getattr__(self, name):",
        "        return name.upper()",
        "    @property",
        "    def t(self):",
        "        return self._t",
        "    @t.setter",
        "    def t(self, v):",
        "        self._t = float(v)",
        "p = P()",
        "p.t = 3",
        "print(p.real, p.t, p.missing)",
      ].join("\n"),
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("1 3.0 MISSING\n");
  });

  it("apply class decorators bottom to top after the body has run", () => {
    const r = run(
      [
        "def tag(label):",
        "    def apply(cls):",
        "        cls.label = label + getattr(cls, 'label', '')",
        "        return cls",
        "    return apply",
        "@tag('a')",
        "@tag('b')",
        "class C:",
        "    pass",
        "print(C.label)",
      ].join("\n"),
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("ab\n");
  });

  it("refuse zero-argument super() outside a method, as Python does", () => {
    expect(run("super()\n").error).toBe("RuntimeError: super(): no arguments");
    expect(run("def f():\n    return super()\nf()\n").error).toBe(
      "RuntimeError: super(): no arguments",
    );
  });

  it("say plainly that builtin containers cannot be subclassed here", () => {
    expect(run("class L(list):\n    pass\n").error).toBe(
      "NotImplementedError: subclassing 'list' is not supported in MaskLab's Python subset",
    );
  });

  it("report an error raised in a class body with the class name in the traceback", () => {
    const r = run("class A:\n    x = 1 / 0\n");
    expect(r.error).toBe("ZeroDivisionError: division by zero");
    expect(r.traceback).toContain("line 2, in A");
  });

  it("give NotImplemented its own repr, distinct from None", () => {
    expect(run("print(NotImplemented, NotImplemented is None)\n").stdout).toBe(
      "NotImplemented False\n",
    );
  });
});
