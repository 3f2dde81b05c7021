// Large tensor buffers live in WebAssembly memories, one buffer per memory, so that the SIMD
// kernels (ops/vecmath/*.wat) work on them where they are. Each memory holds its tensor's bytes
// from offset 0, rounded up to whole 64 KiB pages, then SCRATCH_BYTES where a kernel stages the
// other operand (a block of mask bytes) next to them. To JavaScript the buffer is an ordinary
// ArrayBuffer. Where no memory can be made (no WebAssembly, a Content-Security-Policy without
// 'wasm-unsafe-eval', or the engine's address space for memories used up) a plain ArrayBuffer
// serves and the JavaScript kernels run instead.

/** Tensors of fewer bytes keep plain ArrayBuffers (so few memories are ever alive at once). */
export const MEMORY_MIN_BYTES = 1 << 22;
export const PAGE_BYTES = 1 << 16;
export const SCRATCH_BYTES = 1 << 16;

/** Tests turn memory-backed buffers off to check the JavaScript paths. */
export const wasmMemories = { enabled: typeof WebAssembly === "object" };

const memoryOfBuffer = new WeakMap<ArrayBuffer, WebAssembly.Memory>();

/** The size of the memory that holds a tensor of `bytes` bytes. */
export function memoryBytes(bytes: number): number {
  return Math.ceil(bytes / PAGE_BYTES) * PAGE_BYTES + SCRATCH_BYTES;
}

let compiles: boolean | undefined;

/** Whether this page may compile WebAssembly at all (an empty module is the probe). */
function canCompile(): boolean {
  if (compiles === undefined) {
    try {
      new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
      compiles = true;
    } catch {
      compiles = false;
    }
  }
  return compiles;
}

/** A zeroed buffer of memoryBytes(bytes) bytes inside a new memory, or null. */
export function newMemoryBuffer(bytes: number): ArrayBuffer | null {
  if (!wasmMemories.enabled || bytes < MEMORY_MIN_BYTES || !canCompile()) return null;
  const pages = memoryBytes(bytes) / PAGE_BYTES;
  try {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    memoryOfBuffer.set(memory.buffer, memory);
    return memory.buffer;
  } catch {
    return null;
  }
}

/** The memory `buffer` belongs to, if it is one of newMemoryBuffer's. */
export function memoryOf(buffer: ArrayBufferLike): WebAssembly.Memory | undefined {
  return memoryOfBuffer.get(buffer as ArrayBuffer);
}

/** The scratch area of a memory buffer: its byte offset, and its bytes to stage into. */
export function scratchOf(buffer: ArrayBufferLike): { offset: number; bytes: Uint8Array } {
  const offset = buffer.byteLength - SCRATCH_BYTES;
  return { offset, bytes: new Uint8Array(buffer, offset, SCRATCH_BYTES) };
}

/**
 * A compiled kernel module (null where WebAssembly cannot compile it) and, per memory, its
 * exports bound to that memory: one instance per memory, made when first needed.
 */
export function kernelModule<T>(base64: string): {
  available: () => boolean;
  in: (memory: WebAssembly.Memory) => T;
} {
  let module: WebAssembly.Module | null | undefined;
  const instances = new WeakMap<WebAssembly.Memory, T>();
  const compiled = (): WebAssembly.Module | null => {
    if (module === undefined) {
      try {
        const text = atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        module = new WebAssembly.Module(bytes);
      } catch {
        module = null;
      }
    }
    return module;
  };
  return {
    available: () => compiled() !== null,
    in: (memory) => {
      let exports = instances.get(memory);
      if (!exports) {
        const instance = new WebAssembly.Instance(compiled()!, { env: { memory } });
        exports = instance.exports as unknown as T;
        instances.set(memory, exports);
      }
      return exports;
    },
  };
}
