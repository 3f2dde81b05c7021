import { record } from "../autograd/node";
import { bool, float32, int32, int64, typeMetaName } from "../dtype";
import type { DType } from "../dtype";
import { notImplemented, runtimeError } from "../errors";
import { forEachRow } from "../iter";
import { broadcastShapes, contiguousStrides, numelOf } from "../shape";
import { fmaf } from "../random/float32Math";
import { Tensor } from "../tensor";
import { allocOutput, bigView, numberView } from "./elementwise";
import type { NumArray } from "./elementwise";
import { sumToShape } from "./summation";
import { contiguousCopy } from "./strided";

// torch.matmul / `@`: dot, mv, mm and broadcast batched products, with PyTorch's messages and
// grad_fn names. Sums accumulate in float64 (exact for the narrow integer dtypes) and round
// once; int32/int64 accumulate in BigInt and wrap like C++.

/** A tensor read as a stack of matrices: batch dims, then rows and cols with their strides. */
interface Mats {
  data: NumArray | BigInt64Array;
  offset: number;
  batch: number[];
  batchStrides: number[];
  rows: number;
  cols: number;
  rs: number;
  cs: number;
}

const bigCompute = (d: DType): boolean => d === int64 || d === int32;

/** `t` in compute dtype `d` as matrices; a vector is one row or one column. */
function matsOf(t: Tensor, vectorAsRow: boolean, d: DType): Mats {
  const v = bigCompute(d) ? bigView(t) : numberView(t, d);
  const base = { data: v.data, offset: v.offset };
  if (t.ndim === 1)
    return vectorAsRow
      ? { ...base, batch: [], batchStrides: [], rows: 1, cols: t.shape[0], rs: 0, cs: v.strides[0] }
      : {
          ...base,
          batch: [],
          batchStrides: [],
          rows: t.shape[0],
          cols: 1,
          rs: v.strides[0],
          cs: 0,
        };
  const nd = t.ndim;
  return {
    ...base,
    batch: t.shape.slice(0, nd - 2),
    batchStrides: v.strides.slice(0, nd - 2),
    rows: t.shape[nd - 2],
    cols: t.shape[nd - 1],
    rs: v.strides[nd - 2],
    cs: v.strides[nd - 1],
  };
}

/** Storage offsets of every matrix of `m` read over the broadcast `batch` shape. */
function batchOffsets(m: Mats, batch: number[]): Float64Array {
  const lead = batch.length - m.batch.length;
  const strides = batch.map((_, i) =>
    i < lead || m.batch[i - lead] === 1 ? 0 : m.batchStrides[i - lead],
  );
  const out = new Float64Array(numelOf(batch));
  if (batch.length === 0) {
    out[0] = m.offset;
    return out;
  }
  let k = 0;
  const step = strides[strides.length - 1];
  forEachRow(batch, [{ strides, offset: m.offset }], (s, n) => {
    for (let i = 0, p = s[0]; i < n; i++, p += step) out[k++] = p;
  });
  return out;
}

/** The product of two matrix stacks as a contiguous [...batch, n, m] tensor of dtype d. */
function product(a: Mats, b: Mats, batch: number[], d: DType): Tensor {
  const n = a.rows;
  const k = a.cols;
  const m = b.cols;
  const shape = [...batch, n, m];
  const nb = numelOf(batch);
  const aOff = batchOffsets(a, batch);
  const bOff = batchOffsets(b, batch);
  if (bigCompute(d)) {
    const A = a.data as BigInt64Array;
    const B = b.data as BigInt64Array;
    const t = Tensor.empty(shape, d);
    const o = t.storage.data as BigInt64Array | Int32Array;
    for (let q = 0; q < nb; q++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          let acc = 0n;
          for (let p = 0; p < k; p++)
            acc += A[aOff[q] + i * a.rs + p * a.cs] * B[bOff[q] + p * b.rs + j * b.cs];
          const at = (q * n + i) * m + j;
          if (d === int64) (o as BigInt64Array)[at] = acc;
          else (o as Int32Array)[at] = Number(BigInt.asIntN(32, acc));
        }
    return t;
  }
  const AD = a.data as NumArray;
  const BD = b.data as NumArray;
  const { out, finish } = allocOutput(shape, d);
  const acc = new Float64Array(m);
  const cs = b.cs;
  if (d === float32) {
    productF32({ AD, BD, a, b, aOff, bOff, nb, n, k, m, out });
    return finish();
  }
  for (let q = 0; q < nb; q++) {
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      const aRow = aOff[q] + i * a.rs;
      for (let p = 0; p < k; p++) {
        const av = AD[aRow + p * a.cs];
        for (let j = 0, bp = bOff[q] + p * b.rs; j < m; j++, bp += cs) acc[j] += av * BD[bp];
      }
      out.set(acc, (q * n + i) * m);
    }
  }
  return finish();
}

/** One float32 product: operands as matrix stacks, their batch offsets, sizes and output. */
interface ProductF32 {
  AD: NumArray;
  BD: NumArray;
  a: Mats;
  b: Mats;
  aOff: Float64Array;
  bOff: Float64Array;
  nb: number;
  n: number;
  k: number;
  m: number;
  out: NumArray;
}

/**
 * float32 products as MKL's sgemm rounds them on this build (found by recording PyTorch 2.13,
 * not from MKL's closed source). With 4 or more rows (a batched left operand times a matrix
 * counts all its rows, as matmul folds them into one product) and at least 12 columns, every
 * output fuses each multiply-add in order (one rounding). A right operand stored transposed
 * (F.linear's weight.t()) with k a multiple of 4, at least 2 rows and 4, 8, 12 or 16 columns
 * outside that case sums its products in 4 interleaved float lanes, rounding product and sum,
 * then adds the lanes as (0 + 2) + (1 + 3). Everything else sums in order, rounding the
 * product and then the sum. Other odd widths and k not a multiple of 4 with a transposed right
 * operand, and mat-vec shapes, often differ in the last bit (other MKL kernels).
 */
function productF32(job: ProductF32): void {
  const { AD, BD, a, b, aOff, bOff, nb, n, k, m, out } = job;
  const fround = Math.fround;
  const acc = new Float32Array(m);
  const rows = b.batch.length === 0 ? nb * n : n;
  const fusedRows = m >= 12 && rows >= 4 ? n : 0;
  const cs = b.cs;
  const lanes =
    fusedRows === 0 &&
    b.batch.length === 0 &&
    b.rs === 1 &&
    m > 1 &&
    k % 4 === 0 &&
    rows >= 2 &&
    m % 4 === 0 &&
    m <= 16;
  if (lanes) {
    productF32Lanes(job);
    return;
  }
  for (let q = 0; q < nb; q++) {
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      const aRow = aOff[q] + i * a.rs;
      const fused = i < fusedRows;
      for (let p = 0; p < k; p++) {
        const av = AD[aRow + p * a.cs];
        let bp = bOff[q] + p * b.rs;
        if (fused) for (let j = 0; j < m; j++, bp += cs) acc[j] = fmaf(av, BD[bp], acc[j]);
        else for (let j = 0; j < m; j++, bp += cs) acc[j] += fround(av * BD[bp]);
      }
      out.set(acc, (q * n + i) * m);
    }
  }
}

/** productF32's four-lane sum: lane p % 4 collects product p, then (0 + 2) + (1 + 3). */
function productF32Lanes(job: ProductF32): void {
  const { AD, BD, a, b, aOff, bOff, nb, n, k, m, out } = job;
  const fround = Math.fround;
  let at = 0;
  for (let q = 0; q < nb; q++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let l0 = 0;
        let l1 = 0;
        let l2 = 0;
        let l3 = 0;
        let pa = aOff[q] + i * a.rs;
        let pb = bOff[q] + j * b.cs;
        for (let p = 0; p < k; p += 4, pa += 4 * a.cs, pb += 4 * b.rs) {
          l0 = fround(l0 + fround(AD[pa] * BD[pb]));
          l1 = fround(l1 + fround(AD[pa + a.cs] * BD[pb + b.rs]));
          l2 = fround(l2 + fround(AD[pa + 2 * a.cs] * BD[pb + 2 * b.rs]));
          l3 = fround(l3 + fround(AD[pa + 3 * a.cs] * BD[pb + 3 * b.rs]));
        }
        out[at++] = fround(fround(l0 + l2) + fround(l1 + l3));
      }
}

function transposeMats(m: Mats): Mats {
  return { ...m, rows: m.cols, cols: m.rows, rs: m.cs, cs: m.rs };
}

/** The dtype message of the kernel matmul lands in: dot, mv (addmv), bmm or mm. */
function dtypeCheck(a: Tensor, b: Tensor): void {
  if (a.dtype === b.dtype) return;
  if (a.ndim === 1 && b.ndim === 1)
    throw runtimeError(
      `dot : expected both vectors to have same dtype, but found ${a.dtype.scalarName} and ${b.dtype.scalarName}`,
    );
  if (b.ndim === 1)
    throw runtimeError(
      `addmv input tensors must have the same dtype, but got ${b.dtype.scalarName}, ${a.dtype.scalarName}, and ${b.dtype.scalarName}`,
    );
  if (b.ndim >= 3)
    throw runtimeError(
      `expected scalar type ${a.dtype.scalarName} but found ${b.dtype.scalarName}`,
    );
  throw runtimeError(
    `expected m1 and m2 to have the same dtype, but got: ${typeMetaName(a.dtype)} != ${typeMetaName(b.dtype)}`,
  );
}

function sizeCheck(a: Tensor, b: Tensor, ma: Mats, mb: Mats, batch: number[]): void {
  if (ma.cols === mb.rows) return;
  if (a.ndim === 1 && b.ndim === 1)
    throw runtimeError(
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    );
  if (b.ndim === 1) {
    // A batched matrix is folded into one (rows x k) matrix for mv.
    const rows = numelOf(a.shape.slice(0, -1));
    throw runtimeError(
      `size mismatch, got input (${rows}), mat (${rows}x${ma.cols}), vec (${b.shape[0]})`,
    );
  }
  if (b.ndim <= 2) {
    // PyTorch folds a's batch dims into its rows and calls mm.
    const rows = numelOf(a.shape.slice(0, -1));
    throw runtimeError(
      `mat1 and mat2 shapes cannot be multiplied (${rows}x${ma.cols} and ${mb.rows}x${mb.cols})`,
    );
  }
  throw runtimeError(
    `Expected size for first two dimensions of batch2 tensor to be: [${numelOf(batch)}, ${ma.cols}] but got: [${numelOf(batch)}, ${mb.rows}].`,
  );
}

function nodeName(a: Tensor, b: Tensor): string {
  if (a.ndim === 1 && b.ndim === 1) return "DotBackward0";
  if (a.ndim === 2 && b.ndim === 1) return "MvBackward0";
  if (a.ndim === 1 && b.ndim === 2) return "SqueezeBackward4";
  if (a.ndim === 2 && b.ndim === 2) return "MmBackward0";
  if (a.ndim === 2) return "CloneBackward0";
  return "UnsafeViewBackward0";
}

/** torch.matmul(a, b), Python's `a @ b`. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0)
    throw runtimeError(
      `both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`,
    );
  // dot compares dtypes before sizes; mv, mm and bmm compare sizes first.
  const vectors = a.ndim === 1 && b.ndim === 1;
  if (vectors) dtypeCheck(a, b);
  const d = a.dtype;
  const ma = matsOf(a, true, d);
  const mb = matsOf(b, false, d);
  const batch = broadcastShapes(ma.batch, mb.batch);
  sizeCheck(a, b, ma, mb, batch);
  if (!vectors) dtypeCheck(a, b);
  if (d === bool) throw notImplemented(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  const full = product(ma, mb, batch, d);
  const outShape = [...batch];
  if (a.ndim > 1) outShape.push(ma.rows);
  if (b.ndim > 1) outShape.push(mb.cols);
  const out = new Tensor(full.storage, outShape, contiguousStrides(outShape), 0);
  const aShape = a.shape;
  const bShape = b.shape;
  const aNeeds = a.requiresGrad;
  const bNeeds = b.requiresGrad;
  record([out], {
    name: nodeName(a, b),
    inputs: [a, b],
    save: [...(bNeeds ? [a] : []), ...(aNeeds ? [b] : [])],
    backward: ([g]) => {
      // g read as [...batch, n, m]; dA = g @ B^T and dB = A^T @ g, then undo the broadcast.
      const gd = g!.dtype;
      const gc = contiguousCopy(g!);
      const gm = matsOf(reshaped(gc, [...batch, ma.rows, mb.cols]), false, gd);
      const da = aNeeds ? product(gm, transposeMats(matsOf(b, false, gd)), batch, gd) : null;
      const db = bNeeds ? product(transposeMats(matsOf(a, true, gd)), gm, batch, gd) : null;
      return [
        da === null
          ? null
          : reshaped(sumToShape(da, [...padBatch(ma, batch), ma.rows, ma.cols]), aShape),
        db === null
          ? null
          : reshaped(sumToShape(db, [...padBatch(mb, batch), mb.rows, mb.cols]), bShape),
      ];
    },
  });
  return out;
}

/** a's batch dims read at the broadcast batch rank (missing leading dims summed away later). */
function padBatch(m: Mats, batch: number[]): number[] {
  const lead = batch.length - m.batch.length;
  return batch.map((s, i) => (i < lead ? 1 : m.batch[i - lead]));
}

/** A contiguous tensor's data under another shape of the same numel. */
function reshaped(t: Tensor, shape: readonly number[]): Tensor {
  const c = t.isContiguous() ? t : contiguousCopy(t);
  return new Tensor(c.storage, [...shape], contiguousStrides(shape), c.offset);
}

/** torch.mm: matmul restricted to two matrices. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw runtimeError("self must be a matrix");
  if (b.ndim !== 2) throw runtimeError("mat2 must be a matrix");
  return matmul(a, b);
}

/** torch.mv: a matrix times a vector. */
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.ndim !== 2 || v.ndim !== 1)
    throw runtimeError(`vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`);
  if (a.shape[1] !== v.shape[0])
    throw runtimeError(
      `size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${v.shape[0]})`,
    );
  return matmul(a, v);
}
