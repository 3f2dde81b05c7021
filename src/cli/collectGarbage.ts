// V8's collector for hosts that run in Node (`masklab run`, the bench): Python's gc.collect()
// and the bench's untimed setup free what nothing references any more, at once, as CPython's
// reference counts would have, and the tensor buffers that frees go back to the buffer pool
// (src/tensor/bufferPool.ts) before the next statement runs.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { returnCollectedBuffers, useBufferRegistry } from "../tensor/bufferPool";

let collect: (() => void) | null | undefined;

/**
 * Set up once: V8's gc() and a FinalizationRegistry with cleanupSome(), so that a collection
 * can hand freed buffers back synchronously. Both come from a new context made after their
 * flags are set (this context keeps neither). Where a flag is unknown the registry simply
 * lacks cleanupSome and buffers come back in a task of their own, as in a page.
 */
export function prepareGarbageCollection(): void {
  if (collect !== undefined) return;
  setFlagsFromString("--expose-gc");
  setFlagsFromString("--harmony-weak-refs-with-cleanup-some");
  const host = runInNewContext("({ gc: globalThis.gc, FinalizationRegistry })") as {
    gc?: () => void;
    FinalizationRegistry: Parameters<typeof useBufferRegistry>[0];
  };
  collect = host.gc ?? null;
  useBufferRegistry(host.FinalizationRegistry);
}

/**
 * A full collection that has also handed dead ArrayBuffers back: V8 unmaps large buffers on a
 * background thread after a collection, and a second collection waits for that. Buffers the
 * pool keeps are returned to it instead.
 */
export function collectGarbage(): void {
  prepareGarbageCollection();
  collect?.();
  collect?.();
  returnCollectedBuffers();
}
