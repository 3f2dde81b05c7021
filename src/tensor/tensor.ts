import type { DType } from "./dtype";
import { bfloat16BitsToFloat, halfBitsToFloat } from "./half";
import { contiguousStrides, isContiguousLayout, numelOf } from "./shape";
import { Storage, VersionCounter } from "./storage";
import type { GradNode } from "./autograd/node";

/**
 * How a view came to be, which decides whether it may be written in place while autograd
 * records (PyTorch's CreationMeta): made in grad mode, made in no_grad mode, or one of the
 * outputs of a function that returns several views (split, chunk, unbind). A view of a view
 * inherits its base's kind unless it is made in no_grad mode itself.
 */
export type CreationMeta = "default" | "noGrad" | "multiOutput";

/**
 * A tensor is a storage plus shape, strides and offset: views share the storage and only
 * compute new metadata. Autograd state lives here too (micrograd style), while the graph nodes
 * live in autograd/.
 */
export class Tensor {
  /** This tensor's own requires_grad flag (PyTorch's requires_grad_). */
  requiresGradOwn = false;
  grad: Tensor | null = null;
  gradFn: GradNode | null = null;
  /** Which output of gradFn this tensor is (PyTorch's output_nr). */
  outputNr = 0;
  /** The tensor this one is a view of (PyTorch's `_base`), or null. */
  base: Tensor | null = null;
  /** Set on tensors that keep their .grad though they are not leaves (retain_grad). */
  retainsGrad = false;
  /** For a view: how it was made (see CreationMeta). */
  creationMeta: CreationMeta = "default";
  /**
   * A Python number passed where a Tensor goes (`torch.sub(1, x)`): PyTorch's wrapped number,
   * a 0-dim int64/float64/bool tensor that promotes like a Python scalar.
   */
  wrappedNumber = false;

  /**
   * Storage, shape, strides and offset change only through the in-place metadata ops (t_,
   * squeeze_, resize_, ... in ops/restride.ts); every other op makes a new tensor.
   */
  constructor(
    public storage: Storage,
    public shape: readonly number[],
    public strides: readonly number[],
    public offset: number,
    readonly version: VersionCounter = new VersionCounter(),
  ) {}

  get dtype(): DType {
    return this.storage.dtype;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return numelOf(this.shape);
  }

  /**
   * Whether autograd tracks this tensor: its own flag, a grad_fn, or, for a view, its base
   * requiring grad (so a view made in no_grad mode of such a base requires grad too).
   */
  get requiresGrad(): boolean {
    return (
      this.requiresGradOwn || this.gradFn !== null || (this.base !== null && this.base.requiresGrad)
    );
  }

  set requiresGrad(v: boolean) {
    this.requiresGradOwn = v;
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  isContiguous(): boolean {
    return isContiguousLayout(this.shape, this.strides);
  }

  dataPtr(): number {
    return this.storage.address + this.offset * this.dtype.itemsize;
  }

  /** Storage index of a row-major logical index. */
  storageIndex(logical: number): number {
    let idx = this.offset;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const size = this.shape[d];
      const i = logical % size;
      logical = (logical - i) / size;
      idx += i * this.strides[d];
    }
    return idx;
  }

  /** Element at a row-major logical index: a number (bool as 0/1), or a bigint for int64. */
  at(logical: number): number | bigint {
    return readElement(this.storage, this.storageIndex(logical));
  }

  /** Element as a JS number, whatever the dtype (int64 may round beyond 2^53). */
  atNumber(logical: number): number {
    return Number(this.at(logical));
  }

  /** A view sharing storage and version counter; autograd wiring is the caller's job. */
  viewAs(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    const v = new Tensor(this.storage, shape, strides, offset, this.version);
    v.base = this.base ?? this;
    return v;
  }

  /** A new contiguous tensor of zeros. */
  static empty(shape: readonly number[], dtype: DType): Tensor {
    const storage = Storage.allocate(numelOf(shape), dtype);
    return new Tensor(storage, [...shape], contiguousStrides(shape), 0);
  }

  /**
   * A new contiguous tensor whose elements are left as they are (a reused buffer's old
   * values): only for kernels that write every element before anything reads one.
   */
  static emptyToOverwrite(shape: readonly number[], dtype: DType): Tensor {
    const storage = Storage.allocate(numelOf(shape), dtype, false);
    return new Tensor(storage, [...shape], contiguousStrides(shape), 0);
  }
}

export function readElement(storage: Storage, index: number): number | bigint {
  const data = storage.data;
  switch (storage.dtype.name) {
    case "float16":
      return halfBitsToFloat(data[index] as number);
    case "bfloat16":
      return bfloat16BitsToFloat(data[index] as number);
    default:
      return data[index];
  }
}
