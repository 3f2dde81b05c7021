import type { DType } from "./dtype";
import { bfloat16BitsToFloat, halfBitsToFloat } from "./half";
import { contiguousStrides, isContiguousLayout, numelOf } from "./shape";
import { Storage, VersionCounter } from "./storage";
import type { GradNode } from "./autograd/node";

/**
 * A tensor is a storage plus shape, strides and offset: views share the storage and only
 * compute new metadata. Autograd state lives here too (micrograd style), while the graph nodes
 * live in autograd/.
 */
export class Tensor {
  requiresGrad = false;
  grad: Tensor | null = null;
  gradFn: GradNode | null = null;
  /** Which output of gradFn this tensor is (PyTorch's output_nr). */
  outputNr = 0;
  /** The tensor this one is a view of (PyTorch's `_base`), or null. */
  base: Tensor | null = null;
  /** Set on tensors that keep their .grad though they are not leaves (retain_grad). */
  retainsGrad = false;

  constructor(
    readonly storage: Storage,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
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

  static empty(shape: readonly number[], dtype: DType): Tensor {
    const n = numelOf(shape);
    return new Tensor(new Storage(dtype.alloc(n), dtype), [...shape], contiguousStrides(shape), 0);
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
