import { checkAllocation, type DType, type TypedArray } from "./dtype";

// A storage is one typed array. Its address is simulated so that data_ptr() compares the way
// it does in PyTorch: equal for the same storage and offset, different across storages.

let nextStorageId = 1;
const ADDRESS_BASE = 0x5a0000000000;
const ADDRESS_STRIDE = 0x100000000;

export class Storage {
  readonly id = nextStorageId++;
  constructor(
    private array: TypedArray,
    readonly dtype: DType,
  ) {
    checkAllocation(array.length);
  }

  get data(): TypedArray {
    return this.array;
  }

  /**
   * resize_ growing the storage: every tensor sharing it sees the longer array (old elements
   * kept, new ones zero where PyTorch leaves them uninitialized).
   */
  grow(length: number): void {
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
    return this.data.length * this.dtype.itemsize;
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
