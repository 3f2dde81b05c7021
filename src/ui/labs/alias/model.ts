// The aliasing lab: a base tensor x, a view or copy v of it, and masked_fill_ through one of
// them. Which storage elements v covers comes straight from its offset and strides.

import { clone, detach } from "../../../tensor/ops/copy";
import { gt } from "../../../tensor/ops/compare";
import { getItem } from "../../../tensor/ops/indexing";
import { maskedFill_ } from "../../../tensor/ops/maskedFill";
import { expand, reshape, t as transpose, view } from "../../../tensor/ops/views";
import { tensor } from "../../../tensor/ops/create";
import { DTYPES } from "../../../tensor/dtype";
import type { Tensor } from "../../../tensor/tensor";
import { lines } from "../code";
import { resizeMask, type MaskBits, emptyMask } from "../mask/bits";
import { pyNested, pyTensor } from "../pyLiteral";
import { int, obj, oneOf, packBits, unpackBits, type StateCodec } from "../state";
import {
  errorLine,
  fillPython,
  fillScalar,
  makeTensor,
  readValues,
  type FillChoice,
  type FillSpec,
} from "../values";

export type ViewKind =
  | "row"
  | "col"
  | "transpose"
  | "view"
  | "reshape"
  | "reshapeCopy"
  | "slice"
  | "expand"
  | "clone"
  | "detach"
  | "boolIndex";

export const VIEW_KINDS: readonly ViewKind[] = [
  "row",
  "col",
  "transpose",
  "view",
  "reshape",
  "reshapeCopy",
  "slice",
  "expand",
  "clone",
  "detach",
  "boolIndex",
];

export const ALIAS_FILLS: readonly FillChoice[] = ["-inf", "nan", "-1e9", "0", "custom"];
export const MAX_APPLIED = 8;

export interface AliasState {
  readonly rows: number;
  readonly cols: number;
  readonly view: ViewKind;
  readonly target: "view" | "base";
  readonly mask: MaskBits;
  readonly fill: FillSpec;
  readonly applied: number;
}

const THRESHOLD = (rows: number, cols: number) => Math.floor((rows * cols) / 2);

/** The Python expression for v, given x's shape. */
export function viewPython(kind: ViewKind, rows: number, cols: number): string {
  switch (kind) {
    case "row":
      return "x[1]";
    case "col":
      return "x[:, 1]";
    case "transpose":
      return "x.T";
    case "view":
      return `x.view(${cols}, ${rows})`;
    case "reshape":
      return `x.reshape(${cols}, ${rows})`;
    case "reshapeCopy":
      return "x.T.reshape(-1)";
    case "slice":
      return "x[::2, 1::2]";
    case "expand":
      return `x[0].expand(${rows}, ${cols})`;
    case "clone":
      return "x.clone()";
    case "detach":
      return "x.detach()";
    case "boolIndex":
      return `x[x > ${THRESHOLD(rows, cols)}]`;
  }
}

export function makeView(kind: ViewKind, x: Tensor, rows: number, cols: number): Tensor {
  switch (kind) {
    case "row":
      return getItem(x, [1]);
    case "col":
      return getItem(x, [{ slice: [null, null, null] }, 1]);
    case "transpose":
      return transpose(x);
    case "view":
      return view(x, [cols, rows]);
    case "reshape":
      return reshape(x, [cols, rows]);
    case "reshapeCopy":
      return reshape(transpose(x), [-1]);
    case "slice":
      return getItem(x, [{ slice: [null, null, 2] }, { slice: [1, null, 2] }]);
    case "expand":
      return expand(getItem(x, [0]), [rows, cols]);
    case "clone":
      return clone(x);
    case "detach":
      return detach(x);
    case "boolIndex":
      return getItem(x, [gt(x, BigInt(THRESHOLD(rows, cols)))]);
  }
}

export function baseValues(rows: number, cols: number): number[] {
  return Array.from({ length: rows * cols }, (_, i) => i + 1);
}

/** Shape of whatever the fill targets, as the mask editor's rows × cols. */
export function targetShape(s: Pick<AliasState, "rows" | "cols" | "view" | "target">): number[] {
  if (s.target === "base") return [s.rows, s.cols];
  const x = makeTensor(baseValues(s.rows, s.cols), [s.rows, s.cols], "float32");
  return [...makeView(s.view, x, s.rows, s.cols).shape];
}

export function maskDims(shape: readonly number[]): [number, number] {
  return shape.length === 2 ? [shape[0], shape[1]] : [1, shape[0] ?? 1];
}

/** A mask tensor with exactly the target's shape (1-D targets get a 1-D mask). */
export function shapedMask(m: MaskBits, shape: readonly number[]): Tensor {
  const flat = Array.from(m.bits, (b) => b === 1);
  if (shape.length === 1) return tensor(flat, { dtype: DTYPES.bool });
  const rows = [];
  for (let i = 0; i < m.rows; i++) rows.push(flat.slice(i * m.cols, (i + 1) * m.cols));
  return tensor(rows, { dtype: DTYPES.bool });
}

export function aliasDefaults(): AliasState {
  const mask = emptyMask(1, 4);
  mask.bits.set([0, 1, 1, 0]);
  return {
    rows: 3,
    cols: 4,
    view: "row",
    target: "view",
    mask,
    fill: { choice: "custom", custom: "0" },
    applied: 0,
  };
}

/** Keeps the mask in step with the fill target's shape. */
export function withTarget(s: AliasState, patch: Partial<AliasState>): AliasState {
  const next = { ...s, ...patch };
  const [r, c] = maskDims(targetShape(next));
  return { ...next, mask: resizeMask(next.mask, r, c), applied: 0 };
}

export const aliasCodec: StateCodec<AliasState> = {
  defaults: aliasDefaults,
  toJson: (s) => ({
    r: s.rows,
    c: s.cols,
    v: s.view,
    t: s.target === "base" ? 1 : 0,
    m: packBits(s.mask),
    f: s.fill.choice,
    fc: s.fill.custom,
    a: s.applied,
  }),
  fromJson: (j) => {
    const o = obj(j);
    const rows = int(o.r, 2, 6);
    const cols = int(o.c, 2, 6);
    const v = oneOf(o.v, VIEW_KINDS);
    const target = int(o.t, 0, 1) === 1 ? "base" : "view";
    const [mr, mc] = maskDims(targetShape({ rows, cols, view: v, target }));
    if (typeof o.m !== "string" || typeof o.fc !== "string" || o.fc.length > 40)
      throw new Error("bad");
    return {
      rows,
      cols,
      view: v,
      target,
      mask: unpackBits(o.m, mr, mc),
      fill: { choice: oneOf(o.f, ALIAS_FILLS), custom: o.fc },
      applied: int(o.a, 0, MAX_APPLIED),
    };
  },
};

export interface AliasResult {
  readonly x: Tensor;
  readonly v: Tensor;
  readonly xValues: readonly number[];
  readonly vValues: readonly number[];
  readonly xChanged: readonly boolean[] | null;
  readonly vChanged: readonly boolean[] | null;
  readonly shares: boolean;
  readonly isView: boolean;
  /** Storage indices of x's buffer that v reads, when they share one. */
  readonly covered: ReadonlySet<number>;
  readonly error: string | null;
  readonly warning: string | null;
}

const EXPAND_WARNING =
  "UserWarning: Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar";

function differs(a: readonly number[], b: readonly number[]): boolean[] {
  return a.map((x, i) => !(x === b[i] || (Number.isNaN(x) && Number.isNaN(b[i]))));
}

export function runAlias(s: AliasState): AliasResult {
  const x = makeTensor(baseValues(s.rows, s.cols), [s.rows, s.cols], "float32");
  const v = makeView(s.view, x, s.rows, s.cols);
  const target = s.target === "base" ? x : v;
  const mask = shapedMask(s.mask, target.shape);
  let error: string | null = null;
  let xPrev = readValues(x);
  let vPrev = readValues(v);
  let ran = 0;
  for (let k = 0; k < s.applied; k++) {
    const xb = readValues(x);
    const vb = readValues(v);
    try {
      maskedFill_(target, mask, fillScalar(s.fill, "float32"));
    } catch (e) {
      error = errorLine(e);
      break;
    }
    xPrev = xb;
    vPrev = vb;
    ran++;
  }
  const xValues = readValues(x);
  const vValues = readValues(v);
  const covered = new Set<number>();
  const shares = v.storage === x.storage;
  if (shares) for (let i = 0; i < v.numel; i++) covered.add(v.storageIndex(i));
  return {
    x,
    v,
    xValues,
    vValues,
    xChanged: ran > 0 ? differs(xValues, xPrev) : null,
    vChanged: ran > 0 ? differs(vValues, vPrev) : null,
    shares,
    isView: v.base === x,
    covered,
    error,
    warning: ran > 0 && s.view === "expand" && s.target === "view" ? EXPAND_WARNING : null,
  };
}

export function aliasCode(s: AliasState, result: AliasResult = runAlias(s)): string {
  const targetName = s.target === "base" ? "x" : "v";
  const shape = result.x.shape;
  const tShape = s.target === "base" ? shape : result.v.shape;
  const maskLit =
    tShape.length === 1
      ? `torch.tensor(${pyNested(Array.from(s.mask.bits), [s.mask.cols], "bool")})`
      : `torch.tensor(${pyNested(Array.from(s.mask.bits), [s.mask.rows, s.mask.cols], "bool").replace(/\n/g, "\n" + " ".repeat(20))})`;
  const call = `${targetName}.masked_fill_(mask, ${fillPython(s.fill, "float32", targetName)})`;
  const ok = result.error === null ? s.applied : 0;
  return lines(
    "import torch",
    "",
    `x = ${pyTensor(baseValues(s.rows, s.cols), [s.rows, s.cols], "float32", { indent: 4 })}`,
    `v = ${viewPython(s.view, s.rows, s.cols)}`,
    `mask = ${maskLit}`,
    ...Array.from({ length: ok }, () => call),
    "print(x)",
    "print(v)",
    "print(v._base is x, v.storage_offset(), v.stride())",
    result.error !== null && s.applied > 0 && call,
  );
}
