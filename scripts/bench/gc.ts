// The bench frees the previous op's 64 MiB buffers before the next op starts (and before every
// out-of-place repetition: PyTorch's harness frees its previous result in the untimed setup,
// where the refcount drops to zero, so MaskLab's must not be left for V8 to unmap on a
// background thread while the next repetition is being timed). Freed tensor buffers go back to
// MaskLab's buffer pool, as they do in a page between cells.

import { collectGarbage, prepareGarbageCollection } from "../../src/cli/collectGarbage";
import { clearBufferPool } from "../../src/tensor/bufferPool";

export { collectGarbage as gc, prepareGarbageCollection };

/**
 * Bytes of buffers `run` leaves allocated, ArrayBuffers and WebAssembly memories alike (V8's
 * external memory: its arrayBuffers figure leaves memories out), measured after a full
 * collection with the buffer pool emptied first (a reused buffer would hide an allocation).
 */
export function retainedBytes(run: () => void): number {
  collectGarbage();
  clearBufferPool();
  collectGarbage();
  const before = process.memoryUsage().external;
  run();
  return Math.max(0, process.memoryUsage().external - before);
}
