// A handle on V8's collector, so the bench can free the previous op's 64 MiB buffers before
// the next op starts and measure what one run of an op leaves allocated.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as (() => void) | undefined;

export function gc(): void {
  collect?.();
}

/** ArrayBuffer bytes `run` leaves allocated, measured after a full collection. */
export function retainedBytes(run: () => void): number {
  gc();
  const before = process.memoryUsage().arrayBuffers;
  run();
  return Math.max(0, process.memoryUsage().arrayBuffers - before);
}
