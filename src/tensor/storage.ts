import { POOL_MIN_BYTES, takeBuffer, watchBuffer } from "./bufferPool";
import { checkAllocation, type DType, type TypedArray } from "./dtype";
import { memoryBytes, newMemoryBuffer } from "./wasmMemory";

// A storage is one typed array. Its address is simulated so that data_ptr() compares the way
// it does in PyTorch: equal for the same storage and offset, different across storages.
// A view(dtype) of a storage is a second typed array over the same ArrayBuffer.

let nextStorageId = 1;
const ADDRESS_BASE = 0x5a0000000000;
const ADDRESS_STRIDE = 0x100000000;

/** A typed array of `dtype` over `length` elements of `buffer` from byte `offset`. */
function arrayOn(
  buffer: ArrayBufferLike,
  offset: number,
  length: number,
  dtype: DType,
): TypedArray {
  const make = dtype.alloc(0).constructor as new (
    b: ArrayBufferLike,
    offset: number,
    length: number,
  ) => TypedArray;
  return new make(buffer, offset, length);
}

/** A typed array of `dtype` over the bytes of `bytes` (view(dtype) reinterprets them). */
function arrayOver(bytes: TypedArray, dtype: DType): TypedArray {
  return arrayOn(
    bytes.buffer,
    bytes.byteOffset,
    Math.floor(bytes.byteLength / dtype.itemsize),
    dtype,
  );
}

export class Storage {
  readonly id: number;
  /**
   * The storage that owns the bytes: this one, or the one whose bytes a view(dtype) reads as
   * another dtype. Tensors alias exactly when their storages share a root.
   */
  readonly root: Storage;

  constructor(
    private array: TypedArray,
    readonly dtype: DType,
    root?: Storage,
  ) {
    checkAllocation(array.length);
    this.root = root ?? this;
    this.id = root ? root.id : nextStorageId++;
  }

  /**
   * A new storage of n elements. Large ones live in a WebAssembly memory where one can be made
   * (wasmMemory.ts), and may reuse a collected storage's buffer (bufferPool.ts): zeroed like a
   * fresh one, unless `zeroed` is false because the caller writes every element before
   * anything reads one.
   */
  static allocate(n: number, dtype: DType, zeroed = true): Storage {
    const bytes = n * dtype.itemsize;
    if (bytes < POOL_MIN_BYTES) return new Storage(dtype.alloc(n), dtype);
    checkAllocation(n);
    const reused = takeBuffer(memoryBytes(bytes)) ?? takeBuffer(bytes);
    if (reused && zeroed) new Uint8Array(reused, 0, bytes).fill(0);
    const buffer = reused ?? newMemoryBuffer(bytes);
    const storage = new Storage(buffer ? arrayOn(buffer, 0, n, dtype) : dtype.alloc(n), dtype);
    watchBuffer(storage, storage.array.buffer as ArrayBuffer);
    return storage;
  }

  get data(): TypedArray {
    // The root may have grown (resize_) since this reading of its bytes was made.
    if (this.root !== this && this.array.buffer !== this.root.array.buffer)
      this.array = arrayOver(this.root.array, this.dtype);
    return this.array;
  }

  /** The same bytes read as `dtype` (Tensor.view(dtype)). */
  reinterpret(dtype: DType): Storage {
    const root = this.root;
    return dtype === root.dtype ? root : new Storage(arrayOver(root.array, dtype), dtype, root);
  }

  /**
   * resize_ growing the storage: every tensor sharing it sees the longer array (old elements
   * kept, new ones zero where PyTorch leaves them uninitialized).
   */
  grow(length: number): void {
    if (this.root !== this) {
      const bytes = length * this.dtype.itemsize;
      this.root.grow(Math.ceil(bytes / this.root.dtype.itemsize));
      return;
    }
    if (length <= this.array.length) return;
    const bigger = this.dtype.alloc(length);
    (bigger as unknown as { set(a: ArrayLike<unknown>): void }).set(
      this.array as ArrayLike<unknown>,
    );
    this.array = bigger;
  }

  get address(): number {
    return ADDRESS_BASE + this.id * ADDRESS_STRIDE;
  }

  get nbytes(): number {
    return this.root.data.byteLength;
  }
}

/**
 * Shared by a tensor, its views and detach(); `.data` gets a fresh one. Autograd compares
 * saved versions with it to catch in-place writes to tensors needed for backward.
 */
export class VersionCounter {
  value = 0;
  bump(): void {
    this.value++;
  }
}
