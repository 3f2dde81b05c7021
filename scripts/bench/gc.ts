// The bench frees the previous op's 64 MiB buffers before the next op starts (and before every
// out-of-place repetition: PyTorch's harness frees its previous result in the untimed setup,
// where the refcount drops to zero, so MaskLab's must not be left for V8 to unmap on a
// background thread while the next repetition is being timed).

import { collectGarbage } from "../../src/cli/collectGarbage";

export { collectGarbage as gc };

/** ArrayBuffer bytes `run` leaves allocated, measured after a full collection. */
export function retainedBytes(run: () => void): number {
  collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  run();
  return Math.max(0, process.memoryUsage().arrayBuffers - before);
}
