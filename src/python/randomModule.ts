// Python's `random` module, stream for stream: CPython seeds the same Mersenne Twister PyTorch
// uses through init_by_array, draws floats from two outputs (53 bits) and integers by rejection
// over getrandbits, so `random.seed(0); random.random()` prints what CPython prints. The
// algorithms of random.py (3.11) are followed step by step, including where they call log, sin
// and cos, which go through correctly rounded versions as glibc's are.

import { Mt19937 } from "../tensor/random/mt19937";
import { expExact, logExact, sinCosExact } from "../tensor/random/float64Math";
import { type ArgSpec, parseArgs } from "./args";
import { sha512 } from "./sha512";
import { hashNumber } from "./builtins";
import {
  builtin,
  type Kwargs,
  objectType,
  PyDict,
  PyList,
  PyModule,
  PyObject,
  PySet,
  PyTuple,
  PyType,
  type PyValue,
} from "./objects";
import {
  binaryOp,
  compare,
  getItem,
  len,
  raise,
  repr,
  setItem,
  toArray,
  toFloat,
  toInt,
  truthy,
  typeName,
} from "./runtime";

const TWOPI = 2 * Math.PI;
const NV_MAGICCONST = (4 * Math.exp(-0.5)) / Math.SQRT2;

class PyRandom {
  private readonly mt = new Mt19937();
  private gaussNext: number | null = null;

  constructor() {
    this.seed(null);
  }

  seed(a: PyValue): void {
    this.gaussNext = null;
    if (a === null) {
      // CPython seeds from the OS when given nothing: any fresh key will do.
      const key = Array.from({ length: 4 }, () => Math.floor(Math.random() * 2 ** 32));
      this.mt.seedByArray(key);
      return;
    }
    let n: bigint;
    if (typeof a === "bigint" || typeof a === "boolean") n = toInt(a);
    // Other seeds go through hash(), read as an unsigned 64-bit word (not its absolute value).
    else if (typeof a === "number") n = BigInt.asUintN(64, hashNumber(a));
    else if (typeof a === "string") {
      // Version 2 seeding: the UTF-8 bytes then their SHA-512 digest, read as one big-endian int.
      const bytes = new TextEncoder().encode(a);
      n = 0n;
      for (const b of [...bytes, ...sha512(bytes)]) n = (n << 8n) | BigInt(b);
    } else
      return raise(
        "TypeError",
        "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
      );
    if (n < 0n) n = -n;
    const key: number[] = [];
    do {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    } while (n > 0n);
    this.mt.seedByArray(key);
  }

  /** getstate(): (3, the 624 state words and the position, the cached gauss value). */
  getstate(): PyTuple {
    const { words, index } = this.mt.exportState();
    const internal = new PyTuple([...words.map((w) => BigInt(w)), BigInt(index)]);
    return new PyTuple([3n, internal, this.gaussNext]);
  }

  setstate(state: PyValue): void {
    const parts = state instanceof PyTuple ? state.items : [];
    if (parts.length !== 3) raise("TypeError", "state vector must be a tuple");
    if (parts[0] !== 3n && parts[0] !== 2n)
      raise(
        "ValueError",
        `state with version ${repr(parts[0])} passed to Random.setstate() of version 3`,
      );
    const internal = parts[1] instanceof PyTuple ? parts[1].items : [];
    if (internal.length !== 625) raise("ValueError", "state vector is the wrong size");
    const words = internal.map((w) => Number(BigInt.asUintN(32, toInt(w))));
    const index = words.pop()!;
    if (index > 624) raise("ValueError", "invalid state");
    this.mt.importState(words, index);
    this.gaussNext = parts[2] === null ? null : toFloat(parts[2]);
  }

  random(): number {
    const a = this.mt.next() >>> 5;
    const b = this.mt.next() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }

  getrandbits(k: number): bigint {
    if (k < 0) raise("ValueError", "number of bits must be non-negative");
    if (k <= 32) return BigInt(k === 0 ? 0 : this.mt.next() >>> (32 - k));
    let out = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) {
      let r = this.mt.next();
      if (k < 32) r >>>= 32 - k;
      out |= BigInt(r) << shift;
    }
    return out;
  }

  /** A uniform int in [0, n), n > 0: getrandbits(n.bit_length()) until it is below n. */
  randbelow(n: bigint): bigint {
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  randrange(start: bigint, stop: bigint | null, step: bigint): bigint {
    if (stop === null) {
      if (step !== 1n) raise("TypeError", "Missing a non-None stop argument");
      if (start > 0n) return this.randbelow(start);
      return raise("ValueError", "empty range for randrange()");
    }
    const width = stop - start;
    if (step === 1n) {
      if (width > 0n) return start + this.randbelow(width);
      return raise("ValueError", `empty range for randrange() (${start}, ${stop}, ${width})`);
    }
    let n: bigint;
    if (step > 0n) n = floorDiv(width + step - 1n, step);
    else if (step < 0n) n = floorDiv(width + step + 1n, step);
    else return raise("ValueError", "zero step for randrange()");
    if (n <= 0n) raise("ValueError", "empty range for randrange()");
    return start + step * this.randbelow(n);
  }

  gauss(mu: number, sigma: number): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2 * logExact(1 - this.random()));
      const sc = new Float64Array(2);
      sinCosExact(x2pi, sc);
      z = sc[1] * g2rad;
      this.gaussNext = sc[0] * g2rad;
    }
    return mu + z * sigma;
  }

  normalvariate(mu: number, sigma: number): number {
    let z: number;
    for (;;) {
      const u1 = this.random();
      const u2 = 1 - this.random();
      z = (NV_MAGICCONST * (u1 - 0.5)) / u2;
      if ((z * z) / 4 <= -logExact(u2)) break;
    }
    return mu + z * sigma;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** An int argument, as random.py's operator.index() takes it. */
function indexArg(v: PyValue): bigint {
  if (typeof v === "bigint" || typeof v === "boolean") return toInt(v);
  return raise("TypeError", `'${typeName(v)}' object cannot be interpreted as an integer`);
}

/**
 * A randrange() bound: 3.11 still takes an integral float (with a DeprecationWarning) and names
 * the argument when a float is not integral.
 */
function rangeArg(v: PyValue, which: string): bigint {
  if (typeof v !== "number") return indexArg(v);
  if (Number.isNaN(v)) raise("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(v)) raise("OverflowError", "cannot convert float infinity to integer");
  if (!Number.isInteger(v)) raise("ValueError", `non-integer ${which} for randrange()`);
  return BigInt(v);
}

/** Population arguments must be sequences: sets and dicts are refused as random.py refuses them. */
function population(v: PyValue): PyValue[] {
  if (v instanceof PySet || v instanceof PyDict)
    raise("TypeError", "Population must be a sequence.  For dicts or sets, use sorted(d).");
  return toArray(v);
}

/**
 * The module's functions are bound methods of one hidden Random instance: their argument errors
 * name `Random.<method>()` and count self, as CPython's do.
 */
function methodArgs(
  name: string,
  args: readonly PyValue[],
  kwargs: Kwargs | undefined,
  spec: readonly (string | ArgSpec)[],
): (PyValue | undefined)[] {
  return parseArgs(`Random.${name}`, [null, ...args], kwargs, ["self", ...spec]).slice(1);
}

/** random.Random: an independent generator with the module's functions as its methods. */
const randomType = new PyType("Random", [objectType], undefined, "random");

class RandomObject extends PyObject {
  private readonly methods: Record<string, PyValue>;
  constructor(seed: PyValue) {
    super();
    const r = new PyRandom();
    r.seed(seed);
    this.methods = randomMethods(r);
  }
  get pyType(): PyType {
    return randomType;
  }
  override getAttr(name: string): PyValue | undefined {
    return this.methods[name];
  }
}

randomType.construct = (args, kwargs) =>
  new RandomObject(parseArgs("Random", args, kwargs, [{ name: "x", default: null }])[0]!);

export function makeRandomModule(): PyModule {
  return new PyModule("random", { ...randomMethods(new PyRandom()), Random: randomType });
}

function randomMethods(r: PyRandom): Record<string, PyValue> {
  return {
    getstate: builtin("getstate", (a, k) => {
      methodArgs("getstate", a, k, []);
      return r.getstate();
    }),
    setstate: builtin("setstate", (a, k) => {
      r.setstate(methodArgs("setstate", a, k, ["state"])[0]!);
      return null;
    }),
    seed: builtin("seed", (a, k) => {
      const [s] = methodArgs("seed", a, k, [{ name: "a", default: null }, "version?"]);
      r.seed(s ?? null);
      return null;
    }),
    random: builtin("random", (a, k) => {
      if (a.length || k?.size)
        raise(
          "TypeError",
          `Random.random() takes no arguments (${a.length + (k?.size ?? 0)} given)`,
        );
      return r.random();
    }),
    getrandbits: builtin("getrandbits", (a, k) => {
      if (a.length !== 1 || k?.size)
        raise(
          "TypeError",
          `Random.getrandbits() takes exactly one argument (${a.length + (k?.size ?? 0)} given)`,
        );
      return r.getrandbits(Number(indexArg(a[0])));
    }),
    uniform: builtin("uniform", (a, k) => {
      const [lo, hi] = methodArgs("uniform", a, k, ["a", "b"]).map((x) => toFloat(x!));
      return lo + (hi - lo) * r.random();
    }),
    randrange: builtin("randrange", (a, k) => {
      const [start, stop, step] = methodArgs("randrange", a, k, ["start", "stop?", "step?"]);
      return r.randrange(
        rangeArg(start!, "arg 1"),
        stop === undefined || stop === null ? null : rangeArg(stop, "stop"),
        step === undefined ? 1n : rangeArg(step, "step"),
      );
    }),
    randint: builtin("randint", (a, k) => {
      const [lo, hi] = methodArgs("randint", a, k, ["a", "b"]);
      return r.randrange(rangeArg(lo!, "arg 1"), rangeArg(binaryOp("+", hi!, 1n), "stop"), 1n);
    }),
    choice: builtin("choice", (a, k) => {
      const [seq] = methodArgs("choice", a, k, ["seq"]);
      const n = len(seq!);
      if (n === 0) raise("IndexError", "Cannot choose from an empty sequence");
      return getItem(seq!, r.randbelow(BigInt(n)));
    }),
    shuffle: builtin("shuffle", (a, k) => {
      const [x] = methodArgs("shuffle", a, k, ["x"]);
      for (let i = len(x!) - 1; i > 0; i--) {
        const j = r.randbelow(BigInt(i + 1));
        const bi = BigInt(i);
        const xi = getItem(x!, bi);
        const xj = getItem(x!, j);
        setItem(x!, bi, xj);
        setItem(x!, j, xi);
      }
      return null;
    }),
    sample: builtin("sample", (a, k) => {
      const [popArg, kArg] = methodArgs("sample", a, k, ["population", "k"]);
      const pop = population(popArg!);
      const n = pop.length;
      const count = Number(indexArg(kArg!));
      if (count < 0 || count > n)
        raise("ValueError", "Sample larger than population or is negative");
      const result: PyValue[] = new Array<PyValue>(count).fill(null);
      let setsize = 21;
      if (count > 5) setsize += 4 ** Math.ceil(logExact(count * 3) / logExact(4));
      if (n <= setsize) {
        const pool = pop.slice();
        for (let i = 0; i < count; i++) {
          const j = Number(r.randbelow(BigInt(n - i)));
          result[i] = pool[j];
          pool[j] = pool[n - i - 1];
        }
      } else {
        const selected = new Set<number>();
        for (let i = 0; i < count; i++) {
          let j = Number(r.randbelow(BigInt(n)));
          while (selected.has(j)) j = Number(r.randbelow(BigInt(n)));
          selected.add(j);
          result[i] = pop[j];
        }
      }
      return new PyList(result);
    }),
    choices: builtin("choices", (a, k) => {
      const [popArg, weights, cum, kArg] = methodArgs("choices", a, k, [
        "population",
        "weights?",
        { name: "cum_weights", keywordOnly: true, default: null },
        { name: "k", keywordOnly: true, default: 1n },
      ]);
      const pop = population(popArg!);
      const n = pop.length;
      const count = Number(indexArg(kArg!));
      const out: PyValue[] = [];
      let cumWeights: PyValue[];
      if (cum === null || cum === undefined) {
        if (weights === null || weights === undefined) {
          for (let i = 0; i < count; i++) out.push(pop[Math.floor(r.random() * n)]);
          return new PyList(out);
        }
        if (typeof weights === "bigint")
          raise("TypeError", `The number of choices must be a keyword argument: k=${weights}`);
        cumWeights = [];
        let acc: PyValue | undefined;
        for (const w of toArray(weights))
          cumWeights.push((acc = acc === undefined ? w : binaryOp("+", acc, w)));
      } else {
        if (weights !== null && weights !== undefined)
          raise("TypeError", "Cannot specify both weights and cumulative weights");
        cumWeights = toArray(cum);
      }
      if (cumWeights.length !== n)
        raise("ValueError", "The number of weights does not match the population");
      const total = toFloat(cumWeights[n - 1]);
      if (total <= 0) raise("ValueError", "Total of weights must be greater than zero");
      if (!Number.isFinite(total)) raise("ValueError", "Total of weights must be finite");
      for (let i = 0; i < count; i++) {
        // bisect_right(cum_weights, x, 0, n - 1)
        const x = r.random() * total;
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (truthy(compare("<", x, cumWeights[mid]))) hi = mid;
          else lo = mid + 1;
        }
        out.push(pop[lo]);
      }
      return new PyList(out);
    }),
    gauss: builtin("gauss", (a, k) => {
      const [mu, sigma] = methodArgs("gauss", a, k, [
        { name: "mu", default: 0 },
        { name: "sigma", default: 1 },
      ]);
      return r.gauss(toFloat(mu!), toFloat(sigma!));
    }),
    normalvariate: builtin("normalvariate", (a, k) => {
      const [mu, sigma] = methodArgs("normalvariate", a, k, [
        { name: "mu", default: 0 },
        { name: "sigma", default: 1 },
      ]);
      return r.normalvariate(toFloat(mu!), toFloat(sigma!));
    }),
    expovariate: builtin("expovariate", (a, k) => {
      const [lambd] = methodArgs("expovariate", a, k, ["lambd"]);
      return -logExact(1 - r.random()) / toFloat(lambd!);
    }),
    lognormvariate: builtin("lognormvariate", (a, k) => {
      const [mu, sigma] = methodArgs("lognormvariate", a, k, ["mu", "sigma"]);
      return expExact(r.normalvariate(toFloat(mu!), toFloat(sigma!)));
    }),
  };
}
