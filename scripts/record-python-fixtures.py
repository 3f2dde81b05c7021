#!/usr/bin/env python3
"""Record what CPython prints for the interpreter's test snippets.

    python3 scripts/record-python-fixtures.py

Writes test/fixtures/python/<group>.json: a list of {"id", "code", "stdout", "error"} where
"error" is the last traceback line ("Type: message") or null. Each snippet runs as its own
file named case.py, in a fresh process, exactly like /work/shared/oracle/torch-run.py.
The interpreter tests replay these and compare byte for byte.
"""
import json, os, subprocess, sys, tempfile, textwrap

RUNNER = r'''
import sys, runpy
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except SystemExit:
    raise
except BaseException as e:
    sys.stdout.flush()
    msg = str(e)
    sys.stderr.write("\n@@ERROR@@" + type(e).__name__ + (": " + msg if msg else "") + "\n")
    sys.exit(1)
'''

GROUPS = {}

def case(group, id, code):
    GROUPS.setdefault(group, []).append((id, textwrap.dedent(code).lstrip("\n")))

# ----------------------------------------------------------------------------------------- values
case("values", "ints", """
print(1, -1, 0, 2**63, 2**100, -2**64, 10**30 // 7, 1_000_000, 0x1F, 0o17, 0b101)
print(7 // 2, -7 // 2, 7 // -2, 7 % 3, -7 % 3, 7 % -3, 2 ** -1, 2 ** 0, (-2) ** 3)
print(1 + True, True + True, True * 3, -True, ~5, 5 & 3, 5 | 3, 5 ^ 3, 1 << 70, -9 >> 1)
print(divmod(7, 2), divmod(-7, 2), pow(3, 4), pow(3, 4, 5), abs(-3), abs(True))
""")
case("values", "floats", """
print(0.1, 0.1 + 0.2, 1.0, -0.0, 1e16, 1e-5, 123456789.123, 1.5e300 * 1e10, 1/3, 2/3)
print(float('inf'), float('-inf'), float('nan'), float(' 1.5 '), float('1e3'), float(3), float('-Infinity'))
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, 2.0 ** 0.5, 10 / 4, 10 / 5, 3 * 0.1)
print(int(2.7), int(-2.7), int('12'), int(' -3 '), int('ff', 16), int('0x1f', 0), int(True), int('1_000'))
print(1 == 1.0, 2**53 + 1 == 2.0**53, 2**53 + 1 > 2.0**53, 0.5 < 1, 1 < float('inf'), float('nan') == float('nan'))
print(round(2.5), round(3.5), round(-2.5), round(0.125, 2), round(2.675, 2), round(1234.5678, -2), round(1234, -2), round(1250, -2))
print(round(5.5), type(round(5.5)).__name__, round(5.5, 0), round(-0.4), abs(-2.5), max(1, 2.5), min([3, 1.5, 2]))
""")
case("values", "strings", """
s = "héllo 世界"
print(s, len(s), s[0], s[-1], s[1:4], s[::-1], s.upper(), repr(s))
print(repr("it's"), repr('say "hi"'), repr('both \\' and "'), repr("tab\\tnew\\nline\\\\"), repr("\\x00\\x7f"))
print("a" + "b", "ab" * 3, 3 * "x", "b" in "abc", "abc".find("c"), "a,b,,c".split(","), " x  y ".split())
print("-".join(["a", "b"]), "  pad ".strip(), "xxhixx".strip("x"), "Hello".lower(), "hello world".title())
print("abc".replace("b", "B"), "abc".startswith("a"), "abc".endswith(("x", "c")), "a1".isalnum(), "12".isdigit())
print("{} and {}".format(1, "two"), "{0}{1}{0}".format("a", "b"), "{x:>5}|{y!r}".format(x=3, y="s"))
print("%d items, %s, %.2f, %5.1f|%-4d|" % (3, "ok", 3.14159, 2.25, 7), "%r" % ("q",), "%x" % 255)
print(str(1), str(1.5), str(None), str(True), str([1, 'a']), repr(1.0), ascii('x'))
print('''triple
quoted''', r'raw\\n', "con" "cat", 'ab'[5:], "x".center(5, "*") + "|", "7".zfill(3), "-7".zfill(4))
""")
case("values", "fstrings", """
x = 3.14159
n = 42
name = "MaskLab"
print(f"{x}", f"{x:.2f}", f"{x:10.3f}|", f"{n:05d}", f"{n:>6}|", f"{n:<6}|", f"{n:^6}|", f"{n:,}", f"{2**40:_}")
print(f"{name!r}", f"{name!s:>10}", f"{'nested'!r}", f"{n=}", f"{x=:.1f}", f"{{literal}}", f"{n:x} {n:o} {n:b} {n:#x}")
w, p = 8, 3
print(f"{x:{w}.{p}f}|", f"{x:e}", f"{1e-7:g}", f"{0.5:%}", f"{0.25:.1%}", f"{-1.5:+.1f}", f"{1234567.891:,.2f}")
print(f"{[1, 2]}", f"{(1,)}", f"{None}", f"{True}", f"{True:d}", f"{'a' + 'b'}", f"{n * 2}", f"{'x':*^7}")
print(f"中文 {n} 文本", f"{x:.0f}", f"{2.5:.0f}", f"{float('inf'):.2f}", f"{float('nan')}", F"upper {n}")
""")
case("values", "containers", """
a = [1, 2, 3]
t = (1,)
d = {"a": 1, "b": [1, 2], 3: (4, 5)}
print(a, t, (), (1, 2), d, {}, [], [[]], {'k': {'n': None}}, set(), {1, 2, 3})
print(a[0], a[-1], a[1:], a[::-1], a[::2], a[5:], a[-2:], len(a), len(d), 3 in a, 4 not in a, "a" in d)
a.append(4); a.extend([5, 6]); a.insert(0, 0); print(a, a.pop(), a.pop(0), a.index(3), a.count(2), a)
a[1:3] = ["x", "y", "z"]; print(a); del a[0]; print(a); a[::2] = [0, 0, 0]; print(a)
print(d["a"], d.get("zz"), d.get("zz", 0), list(d.keys()), list(d.values()), list(d.items()))
d["c"] = 9; d.update({"a": 10}, e=5); print(d, d.pop("c"), d.setdefault("f", []), d)
print(sorted([3, 1, 2]), sorted(["b", "A", "a"]), sorted([(2, 'b'), (1, 'z'), (2, 'a')]), sorted([3, 1, 2], reverse=True))
print(sorted(["bb", "a", "ccc"], key=len), list(reversed([1, 2, 3])), list(reversed("abc")), list(range(10, 0, -3)))
print([1, 2] + [3], (1, 2) + (3,), [0] * 3, (1,) * 2, [1, 2] == [1, 2], (1, 2) < (1, 3), [1, [2]] == [1, [2.0]])
print(list("abc"), tuple([1, 2]), dict(a=1, b=2), dict([("x", 1)]), list(range(3)), list({"k": 1}), set([1, 1, 2]))
x = [1, 2]; y = x; y += [3]; print(x, x is y); z = (1, 2); w = z; w += (3,); print(z, w, z is w)
print([1, 2, 3][1:2], "abc"[:-1], range(5), range(1, 5, 2), len(range(0, 10, 3)), 5 in range(0, 10, 5), list(range(5))[::-2])
""")
case("values", "int-sets", """
print({5, 3, 1}, {100, 5}, {-1, 1}, {2**61, 3, -5}, set(range(20, 0, -1)), {1, 9, 17, 25}, {True, 2, 0})
s = set()
for v in [64, 8, 0, 16, 1, 7, 15, 23]: s.add(v)
print(s, len(s), 8 in s, sorted(s))
print(set([x*7 for x in range(12)]), {x % 5 for x in range(-10, 10)}, {2.0, 1}, list({3, 2, 1}))
a, b = {1, 2, 3}, {3, 4}
print(a | b, a & b, a - b, a ^ b, a <= b, {1} < a, a >= {1, 2}, a == {3, 2, 1}, a.union([9]), a.intersection(b), a.difference(b))
a.add(10); a.discard(1); print(a, a.issubset(range(20)), {2, 3}.issuperset([2]), a.copy() == a)
s = set()
for v in [1, 9, 17, 25]: s.add(v)
x = 25
t = {1, 2, 3}; t.add(10)
print(s, {1, 9, 17, 25}, set([1, 9, 17, 25]), {1, 9, 17, x}, t, {-7, 1, 9}, {9, 1})
""")
case("values", "repr-nesting", """
print([1.0, 2.5, -0.0, 1e20, float('inf')], (0.1, 'a', None, True), {'x': [1, (2, 3)], 'y': {'z': 'w'}})
print(repr([1, 'a', "b'c"]), str(['x']), [None], [True, False], {1: 'a', 2.5: 'b', (1, 2): None})
l = [1]; l.append(l); print(l)
print(type(1).__name__, type(1.0).__name__, type("s").__name__, type([]).__name__, type(()).__name__, type({}).__name__, type(None).__name__, type(True).__name__)
print(type(1), type(len), type(print).__name__, int, str)
""")
# ------------------------------------------------------------------------------------ statements
case("control", "if-while-for", """
for i in range(3):
    if i == 0:
        print("zero")
    elif i == 1:
        print("one")
    else:
        print("other", i)
n = 0
while n < 10:
    n += 3
    if n == 6:
        continue
    print("n", n)
else:
    print("while-else")
for x in [1, 2, 3]:
    if x == 2:
        break
else:
    print("not printed")
for ch in "hi":
    print(ch, end=".")
print()
for i, (a, b) in enumerate([(1, 2), (3, 4)], start=1):
    print(i, a, b)
for a, b in zip([1, 2, 3], "ab"):
    print(a, b)
total = 0
for i in range(100000):
    total += i
print(total)
""")
case("control", "functions", """
def f(a, b=2, *args, c=3, **kw):
    return a, b, args, c, kw
print(f(1))
print(f(1, 5, 6, 7, c=8, d=9))
print(f(*[1, 2, 3], **{"c": 0, "z": 1}))
def g():
    pass
print(g())
def outer():
    x = 1
    def inner():
        return x + 1
    x = 10
    return inner()
print(outer())
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = counter(); c(); print(c())
G = 1
def setg():
    global G
    G = 2
setg(); print(G)
sq = lambda x, p=2: x ** p
print(sq(3), sq(2, p=3), (lambda: "noargs")(), list(map(lambda v: v * 2, [1, 2])), list(filter(None, [0, 1, 2])))
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(30))
def multi():
    return 1, 2
a, b = multi(); print(a, b)
first, *rest = [1, 2, 3]; print(first, rest)
*init, last = "abc"; print(init, last)
x = y = 5; print(x, y)
(p, q), r = (1, 2), 3; print(p, q, r)
print(f.__name__, sq.__name__, callable(f), callable(1))
""")
case("control", "comprehensions", """
print([i * i for i in range(6) if i % 2 == 0])
print({k: v for k, v in zip("abc", range(3))})
print({x % 3 for x in range(10)})
print([(i, j) for i in range(3) for j in range(i)])
print(sum(x * x for x in range(4)), any(x > 2 for x in [1, 3]), all([]), any([]), max(x for x in [3, 7, 1]))
print([[j for j in range(i)] for i in range(3)])
x = 10
print([x for x in range(3)], x)
def f(n):
    return [n * k for k in range(3)]
print(f(2))
""")
case("control", "exceptions", """
try:
    1 / 0
except ZeroDivisionError as e:
    print("caught:", e, repr(e), type(e).__name__, e.args)
try:
    [][1]
except (KeyError, IndexError) as e:
    print("tuple:", e)
try:
    {}["a"]
except LookupError as e:
    print("base:", e, repr(e))
try:
    raise RuntimeError("boom")
except Exception as e:
    print("exc:", e)
finally:
    print("finally")
try:
    pass
except Exception:
    print("no")
else:
    print("else")
def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())
try:
    try:
        raise ValueError("inner")
    except ValueError:
        raise
except ValueError as e:
    print("reraised", e)
try:
    raise TypeError
except TypeError as e:
    print(repr(e), str(e) == "")
try:
    assert 1 == 2, "math broke"
except AssertionError as e:
    print("assert:", e)
try:
    int("x")
except ValueError as e:
    print(e)
try:
    undefined
except NameError as e:
    print(e)
try:
    (1).foo
except AttributeError as e:
    print(e)
for exc in [ValueError("a", 1), KeyError("k"), Exception(), IndexError()]:
    print(repr(exc), str(exc), isinstance(exc, Exception), isinstance(exc, LookupError))
print(issubclass(RecursionError, RuntimeError), issubclass(ZeroDivisionError, ArithmeticError))
""")
case("control", "misc-builtins", """
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance("s", list))
print(hasattr("s", "upper"), hasattr(1, "nope"), getattr([], "nope", "default"), len("中文"))
print(list(enumerate("ab")), list(zip([1, 2], [3, 4], [5, 6])), sum([0.1] * 10), sum([1, 2], 10))
print(min(3, 1, 2), max("abc"), min([], default=0), max([1, 5, 3], key=lambda v: -v), sorted({3: 'a', 1: 'b'}))
print(chr(65), ord("A"), hex(255), bin(5), oct(8), bool(0), bool([1]), bool(""), bool(None), bool(0.0))
print(str(), int(), float(), list(), tuple(), dict(), bool())
it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
import math
print(math.sqrt(16), math.exp(0), math.log(math.e), math.log(8, 2), math.pi, math.e, math.inf, -math.inf, math.nan)
print(math.isnan(math.nan), math.isinf(-math.inf), math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.fabs(-3))
print(math.log10(1000), math.log2(8), math.tanh(0.5), math.isclose(0.1 + 0.2, 0.3), math.factorial(20), math.gcd(12, 18))
import time
t0 = time.perf_counter(); t1 = time.time()
print(type(t0).__name__, time.perf_counter() >= t0, t1 > 1e9)
from math import sqrt, pi as PI
print(sqrt(2), PI)
import math as m
print(m.sqrt(9))
""")
case("control", "except-name-unbound", """
e = "before"
try:
    1 / 0
except ZeroDivisionError as e:
    print("in handler", type(e).__name__)
try:
    print(e)
except NameError as err:
    print(err)
""")
case("control", "with-pass-del", """
x = 5
del x
try:
    print(x)
except NameError as e:
    print(e)
pass
if True: print("one-liner")
a = 1; b = 2; print(a + b)
i = 0
while True:
    i += 1
    if i > 3: break
print(i)
print(1 if [] else 2, [] or "empty", 0 and 1, 2 and 3, None or 0, not None)
print(1 < 2 > 0, 1 == 1 == 1.0, 1 < 2 < 1, 3 > 2 > 1 > 0)
print(None is None, [] is [], 1 is not None, type(1) is int)
""")
case("more", "augmented-targets", """
x = [1, 2]
x[0] += 10
d = {"k": 1}
d["k"] *= 5
m = [[0, 0], [0, 0]]
m[1][0] = 7
m[0][1] -= 1
s = "a"
s += "b"
t = (1,)
t += (2,)
n = 5
n //= 2
n **= 3
n %= 7
n <<= 2
f = 1.5
f /= 2
print(x, d, m, s, t, n, f)
""")
case("more", "closures-and-scopes", """
fs = [lambda: i for i in range(3)]
print([g() for g in fs])
gs = [lambda i=i: i for i in range(3)]
print([g() for g in gs])
def make(n):
    def add(v):
        return v + n
    return add
add5 = make(5)
print(add5(1), make(-1)(1))
def outer():
    items = []
    def push(v):
        items.append(v)
    push(1); push(2)
    return items
print(outer())
x = "global"
def shadow():
    x = "local"
    return x
print(shadow(), x)
def uses_global():
    return x.upper()
print(uses_global())
""")
case("more", "printing-edge", """
print(*[1, 2, 3], sep="-")
print()
print("a", "b", sep="", end="!\\n")
print(1e15, 1e16, 123456789012345678.0, 1.5e-4, 0.0001, 0.00001, -1e-10, 2.0**60, 1/7)
print(.5, 5., 1_000.5, 1e3, 0xff, 1e0, 3.0 * 1, 10 / 2, 2 ** 0.5)
print("\\u4e2d\\x41\\101", "tab\\there", 'q\\'uote', "back\\\\slash")
print(repr("\\u4e2d"), repr("a\\u200bb"), repr("\\x85"), len("\\U0001F600"))
print([1, 'two', 3.0, None, True, [], {}], (1, ('nested',)), {'a': {'b': [1, {'c': ()}]}})
print(10**400 // 10**399, 10**400 / 10**399, -(10**20) / 3, 2**1000 % 97, (2**64) / (2**32))
print(str(1.0), str(-0.0), str(1e100), repr(1e-100), float(2**53 + 1), int(1e20), int(-1e-5))
print(True + 1.5, True / 2, 3 // 2.0, -3 // 2.0, 3 % -2.0, 0.1 * 3 == 0.3, abs(-0.0), -0.0 == 0.0)
print(max([1, 3, 2]), min("hello"), max((1, 'a'), (1, 'b')), sorted([0.5, -1, 3, 2.25]))
""")
case("more", "exception-flow", """
def f():
    try:
        return "body"
    finally:
        return "finally wins"
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("finally", i)
    return i
print(g())
def h():
    try:
        raise ValueError("v")
    except ValueError as e:
        return "handled " + str(e)
    finally:
        print("h finally")
print(h())
try:
    try:
        raise KeyError("inner")
    finally:
        print("cleanup runs")
except KeyError as e:
    print("outer caught", repr(e))
try:
    raise ValueError("a", "b")
except ValueError as e:
    print(e, e.args)
try:
    raise Exception("x") from None
except Exception as e:
    print("from", e)
errors = []
for bad in ["1/0", "[][0]", "{}[0]", "int('z')", "None + 1", "undefined_thing"]:
    try:
        if bad == "1/0": 1/0
        elif bad == "[][0]": [][0]
        elif bad == "{}[0]": {}[0]
        elif bad == "int('z')": int('z')
        elif bad == "None + 1": None + 1
        else: undefined_thing
    except Exception as e:
        errors.append(type(e).__name__)
print(errors)
""")
case("more", "loops-and-iterators", """
it = iter(range(3))
for v in it:
    print(v, end=" ")
print()
print(list(zip("abc", range(10))), list(enumerate([])), dict(zip(["a", "b"], [1, 2])))
print(list(map(str, [1, 2])), list(map(lambda a, b: a + b, [1, 2], [10, 20])), list(filter(lambda v: v % 2, range(6))))
total = 0
for i in range(10):
    if i % 2:
        continue
    for j in range(3):
        if j == 2:
            break
        total += i * j
print(total)
k = 0
while k < 3:
    k += 1
else:
    print("done", k)
data = {"b": 2, "a": 1}
for key in sorted(data):
    print(key, data[key])
for key, value in sorted(data.items(), key=lambda kv: kv[1], reverse=True):
    print(key, value)
nums = [3, 1, 2]
nums.sort()
print(nums, nums.reverse(), nums, [x for x in nums if x > 1][::-1])
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(row) for row in zip(*matrix)], [v for row in matrix for v in row], sum(map(sum, matrix)))
""")

case("more", "walrus-star-kwargs", """
if (n := 3) > 2:
    print("walrus", n)
def show(*args, **kwargs):
    return f"{args} {sorted(kwargs.items())}"
print(show(1, *[2, 3], k=1, **{"z": 0}))
def kwonly(a, *, b, c=3):
    return a + b + c
print(kwonly(1, b=2), kwonly(a=1, b=1, c=1))
head, *_ = range(4)
print(head, _)
print([*range(2), *"ab"], {**{"a": 1}, "b": 2}, (*[1], 2))
print(max(3, 9, key=lambda v: -v), sorted([3, 1], key=None), "{:>{}}".format("r", 4))
""")
case("more", "class-like-builtins", """
print(type(len).__name__, type(lambda: 0).__name__, type(range(1)).__name__, type(iter([])).__name__ == "list_iterator")
print(isinstance(print, object), isinstance([], (dict, list)), isinstance(ValueError("x"), Exception), issubclass(bool, int))
print(int.__name__, ValueError.__name__, type(ValueError("x")) is ValueError, str(ValueError), repr(int))
print(hash(1) == hash(1.0), hash("a") == hash("a"), {1: "int", 1.0: "float"}, {True: 1, 1: 2})
print(id(None) == id(None), [] == [], [] is [], (lambda: 1) == (lambda: 1))
""")

# ------------------------------------------------------------------------------ uncaught errors
for id, code in [
    ("zero-div", "print('before')\nx = 1 / 0\n"),
    ("zero-floordiv", "7 // 0\n"),
    ("zero-mod", "7 % 0\n"),
    ("float-zero-div", "1.0 / 0\n"),
    ("name", "print(y)\n"),
    ("attr", "x = 1\nx.foo\n"),
    ("attr-str", "'s'.nope()\n"),
    ("type-add", "1 + 'a'\n"),
    ("type-concat", "'a' + 1\n"),
    ("type-list-concat", "[1] + (2,)\n"),
    ("type-compare", "1 < 'a'\n"),
    ("type-unary", "-'a'\n"),
    ("not-callable", "x = 5\nx()\n"),
    ("missing-arg", "def f(n):\n    return n\nf()\n"),
    ("missing-args", "def f(a, b, c):\n    return a\nf()\n"),
    ("too-many", "def f(a):\n    return a\nf(1, 2)\n"),
    ("unexpected-kw", "def f(a):\n    return a\nf(1, b=2)\n"),
    ("multiple-values", "def f(a):\n    return a\nf(1, a=2)\n"),
    ("index", "[1, 2][5]\n"),
    ("tuple-index", "(1,)[3]\n"),
    ("str-index", "'ab'[9]\n"),
    ("list-index-type", "[1]['a']\n"),
    ("key", "{'a': 1}['b']\n"),
    ("key-int", "{}[3]\n"),
    ("unpack-many", "a, b = 1, 2, 3\n"),
    ("unpack-few", "a, b, c = [1]\n"),
    ("unpack-non-iterable", "a, b = 5\n"),
    ("not-iterable", "for x in 5:\n    pass\n"),
    ("len-int", "len(5)\n"),
    ("raise-custom", "raise RuntimeError('custom message')\n"),
    ("raise-class", "raise ValueError\n"),
    ("raise-empty-msg", "raise ValueError('')\n"),
    ("assert", "assert 1 > 2\n"),
    ("assert-msg", "assert False, 'nope'\n"),
    ("int-parse", "int('3.5')\n"),
    ("float-parse", "float('abc')\n"),
    ("unhashable", "{[1]: 2}\n"),
    ("recursion", "def f(n):\n    return f(n + 1)\nf(0)\n"),
    ("unbound-local", "x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n"),
    ("syntax-bracket", "import math\nx = math.sqrt([1, 2)\n"),
    ("syntax-never-closed", "x = (1,\ny = 2\n"),
    ("syntax-unmatched", "x = 1)\n"),
    ("syntax-string", "x = 'abc\n"),
    ("syntax-invalid", "x = = 2\n"),
    ("min-empty", "min([])\n"),
    ("list-remove", "[1].remove(2)\n"),
    ("pop-empty", "[].pop()\n"),
    ("import-missing", "import no_such_module_here\n"),
    ("import-dotted-missing", "import math.nope\n"),
    ("overflow-pow", "2.0 ** 10000\n"),
    ("int-inf", "int(float('inf'))\n"),
    ("math-domain", "import math\nmath.sqrt(-1)\n"),
    ("str-mul-float", "'ab' * 2.5\n"),
    ("format-bad", "f'{1:q}'\n"),
    ("format-none", "f'{None:>5}'\n"),
    ("stop-iteration", "next(iter([]))\n"),
    ("catch-then-raise-other", "try:\n    1/0\nexcept ZeroDivisionError:\n    raise KeyError('k')\n"),
    ("not-subscriptable", "x = 5\nx[0]\n"),
    ("item-assign-tuple", "t = (1,)\nt[0] = 2\n"),
    ("bad-kwargs", "print(1, foo=2)\n"),
    ("divmod-zero", "divmod(1, 0)\n"),
    ("neg-shift", "1 << -1\n"),
    ("list-mul-list", "[1] * [2]\n"),
    ("call-int-attr", "x = 5\nx.real = 3\n"),
    ("dict-unhashable-get", "{}.get([1])\n"),
    ("str-join-int", "','.join([1, 2])\n"),
    ("unsupported-pow", "2 ** 'a'\n"),
    ("kwonly-missing", "def f(a, *, b):\n    return a\nf(1)\n"),
    ("catch-non-exception", "try:\n    1/0\nexcept 5:\n    pass\n"),
    ("bare-raise", "raise\n"),
    ("raise-non-exception", "raise 5\n"),
    ("star-non-iterable", "print(*5)\n"),
    ("kwargs-non-mapping", "print(**[1])\n"),
    ("with-non-cm", "with 5:\n    pass\n"),
    ("iadd-type", "x = 1\nx += 'a'\n"),
    ("return-outside", "return 5\n"),
    ("syntax-missing-colon", "if 1 > 0\n    pass\n"),
    ("syntax-print-statement", "print 'x'\n"),
    ("syntax-unexpected-indent", "x = 1\n  y = 2\n"),
    ("syntax-unexpected-indent-first", "  x = 1\n"),
    ("syntax-nested-indent", "def f():\n    x = 1\n      y = 2\n"),
    ("syntax-bad-dedent", "if True:\n    pass\n  else:\n    pass\n"),
    ("syntax-expected-block", "for i in range(3):\nprint(i)\n"),
    ("syntax-expected-block-def", "def f():\nreturn 1\n"),
    ("syntax-break-outside", "break\n"),
    ("syntax-continue-outside", "def f():\n    continue\n"),
    ("syntax-leading-zero", "x = 08\n"),
    ("syntax-assign-literal", "1 = x\n"),
    ("syntax-assign-call", "f() = 1\n"),
    ("syntax-positional-after-kw", "print(sep='', 1)\n"),
    ("syntax-triple-unterminated", "x = \"\"\"abc\nmore\n"),
    ("syntax-number-attr", "x = 1.real\n"),
    ("syntax-number-glued", "x = 7abc\n"),
    ("syntax-imaginary-glued", "x = 7.join(y)\n"),
    ("syntax-hex-glued", "x = 0x1fg\n"),
    ("number-keyword-glued", "print(1if True else 2, [0x1for x in 'ab'])\n"),
    ("syntax-fstring-single-brace", "print(f'a}b')\n"),
    ("raise-trailing-newline", "raise ValueError('first line\\nsecond line\\n')\n"),
    ("exception-in-func", "def g():\n    return {}['missing']\ndef f():\n    return g()\nprint('start')\nf()\n"),
]:
    case("errors", id, code)

def record(code):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "case.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(code)
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        r = subprocess.run([sys.executable, "-c", RUNNER, "case.py"], cwd=d, capture_output=True, text=True, env=env)
        err = r.stderr.split("@@ERROR@@", 1)[1].rstrip("\n") if "@@ERROR@@" in r.stderr else None
        return r.stdout, err

def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "python")
    os.makedirs(root, exist_ok=True)
    # Random programs from scripts/generate-python-programs.ts, if it has been run.
    generated = os.path.join(root, "generated-programs.json")
    if os.path.exists(generated):
        with open(generated, encoding="utf-8") as f:
            for i, code in enumerate(json.load(f)):
                case("generated", f"p{i:03d}", code)
    for group, cases in GROUPS.items():
        out = []
        for id, code in cases:
            stdout, err = record(code)
            out.append({"id": f"{group}/{id}", "code": code, "stdout": stdout, "error": err})
        with open(os.path.join(root, f"{group}.json"), "w", encoding="utf-8") as f:
            json.dump({"python": sys.version.split()[0], "cases": out}, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"{group}: {len(out)} cases")

if __name__ == "__main__":
    main()
