// Large tensor buffers are kept for reuse after their storage is garbage-collected, the way a
// caching allocator keeps freed blocks. A fresh 64 MiB ArrayBuffer costs the operating system
// 16,384 page faults on first write (about 30 ms on a VM, several times the op's own work); a
// buffer that has been written once costs none. Only buffers of POOL_MIN_BYTES and more are
// kept, up to `bufferPool.maxBytes` and `maxBuffers` in all, oldest dropped first, and a buffer
// is handed out again only for exactly its own size.
//
// A buffer comes back when the engine reports its storage collected, through a
// FinalizationRegistry. Engines run those reports as a task of their own, so in a page or a
// Worker a buffer freed by one cell is ready for the next. A host that can run them on demand
// (Node with V8's cleanupSome, see src/cli/collectGarbage.ts) passes such a registry to
// useBufferRegistry and calls returnCollectedBuffers after a collection.
//
// Safe because a pooled buffer is reachable from exactly one Storage: Storage never hands its
// ArrayBuffer to another root storage, and view(dtype) storages keep their root alive.

/** Smaller buffers are not kept: the allocator serves them cheaply. */
export const POOL_MIN_BYTES = 1 << 20;

/**
 * How many bytes of freed buffers may wait for reuse (0 turns the pool off), and how many
 * buffers: each WebAssembly memory holds on to a large reservation of address space.
 */
export const bufferPool = { maxBytes: 256 * (1 << 20), maxBuffers: 16 };

interface Registry {
  register(target: object, held: ArrayBuffer): void;
  cleanupSome?: () => void;
}
type RegistryConstructor = new (cleanup: (held: ArrayBuffer) => void) => Registry;

const waiting: ArrayBuffer[] = [];
let waitingBytes = 0;
let registry: Registry | null | undefined;

function giveBack(buffer: ArrayBuffer): void {
  const bytes = buffer.byteLength;
  // A buffer transferred to another thread is detached: 0 bytes, nothing to keep.
  if (bytes < POOL_MIN_BYTES || bytes > bufferPool.maxBytes) return;
  while (waitingBytes + bytes > bufferPool.maxBytes || waiting.length >= bufferPool.maxBuffers)
    waitingBytes -= waiting.shift()!.byteLength;
  waiting.push(buffer);
  waitingBytes += bytes;
}

function currentRegistry(): Registry | null {
  if (registry === undefined) {
    registry =
      typeof FinalizationRegistry === "function"
        ? (new FinalizationRegistry<ArrayBuffer>(giveBack) as Registry)
        : null;
  }
  return registry;
}

/**
 * Watch `owner` (a root Storage) and keep `buffer`, its bytes, for reuse once the owner is
 * collected. Buffers below POOL_MIN_BYTES, or with the pool turned off, are not watched.
 */
export function watchBuffer(owner: object, buffer: ArrayBuffer): void {
  if (buffer.byteLength < POOL_MIN_BYTES || bufferPool.maxBytes === 0) return;
  currentRegistry()?.register(owner, buffer);
}

/** A kept buffer of exactly `bytes` bytes (its old contents still in it), or null. */
export function takeBuffer(bytes: number): ArrayBuffer | null {
  if (bytes < POOL_MIN_BYTES) return null;
  for (let i = waiting.length - 1; i >= 0; i--) {
    const b = waiting[i];
    if (b.byteLength !== bytes) continue;
    waiting.splice(i, 1);
    waitingBytes -= bytes;
    return b;
  }
  return null;
}

/**
 * Use registries made by `make` from now on (buffers already watched come back through the
 * old one, in a task of their own).
 */
export function useBufferRegistry(make: RegistryConstructor): void {
  registry = new make(giveBack);
}

/** Run the registry's pending reports now, where the engine allows it (a no-op elsewhere). */
export function returnCollectedBuffers(): void {
  registry?.cleanupSome?.();
}

/** Drop every kept buffer (their memory goes back to the system at the next collection). */
export function clearBufferPool(): void {
  waiting.length = 0;
  waitingBytes = 0;
}

/** Bytes of freed buffers waiting for reuse. */
export function pooledBytes(): number {
  return waitingBytes;
}
