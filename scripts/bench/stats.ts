// Timing and summary helpers shared by every library's runner. A timing keeps its samples so
// the JSON output lets a reader recompute anything the table shows.

export interface Timing {
  /** Median of the timed repetitions, in milliseconds of wall-clock time. */
  median: number;
  min: number;
  samples: number[];
  /**
   * Median process CPU time per repetition (user + system, all threads), when the runner can
   * measure it. On a machine shared with other work it moves far less than wall time does.
   */
  cpuMedian?: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(samples: readonly number[], cpu?: readonly number[]): Timing {
  const t: Timing = {
    median: median(samples),
    min: samples.length ? Math.min(...samples) : NaN,
    samples: [...samples],
  };
  if (cpu && cpu.length) t.cpuMedian = median(cpu);
  return t;
}

/** Process CPU time in milliseconds (user + system). */
export function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface TimeOptions {
  warmup: number;
  reps: number;
  /** Untimed, before every run: refreshes in-place inputs, drops the previous result. */
  setup?: () => void;
  run: () => void;
  clock?: () => number;
  /** A second clock read around each run, e.g. cpuClock; its median lands in cpuMedian. */
  cpu?: () => number;
}

/** Runs `warmup` untimed then `reps` timed repetitions, each after an untimed setup. */
export function timeOp({
  warmup,
  reps,
  setup,
  run,
  clock = () => performance.now(),
  cpu,
}: TimeOptions): Timing {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    setup?.();
    const c0 = cpu ? cpu() : 0;
    const t0 = clock();
    run();
    const t1 = clock();
    const c1 = cpu ? cpu() : 0;
    if (i >= warmup) {
      samples.push(t1 - t0);
      if (cpu) cpuSamples.push(c1 - c0);
    }
  }
  return summarize(samples, cpuSamples);
}
