// V8's collector for hosts that run in Node (`masklab run`, the bench): Python's gc.collect()
// and the bench's untimed setup free what nothing references any more, at once, as CPython's
// reference counts would have.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | null | undefined;

/**
 * A full collection that has also handed dead ArrayBuffers back to the system: V8 unmaps large
 * buffers on a background thread after a collection, and a second collection waits for that.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    // A new context created after the flag is set gets the gc() function; this one keeps none.
    setFlagsFromString("--expose-gc");
    collect = (runInNewContext("gc") as (() => void) | undefined) ?? null;
  }
  collect?.();
  collect?.();
}
