// Sizes and repetition counts. The attention-shaped case keeps B*H*S*S = N*N so every op
// touches the same number of elements.

export interface BenchConfig {
  n: number;
  b: number;
  h: number;
  s: number;
  seed: number;
  /** The fill value; finite so a stray fill never turns a checksum into NaN. */
  value: number;
  warmup: number;
  reps: number;
  /** tfjs is one to two orders of magnitude slower: fewer repetitions keep the run short. */
  tfjsWarmup: number;
  tfjsReps: number;
  json: boolean;
  quick: boolean;
  /** Whether MaskLab reuses freed large buffers (src/tensor/bufferPool.ts); --no-pool turns it off. */
  pool: boolean;
}

export const FULL = { n: 4096, b: 4, h: 16, s: 512 } as const;
export const QUICK = { n: 1024, b: 1, h: 4, s: 512 } as const;

export const USAGE = `usage: npm run bench -- [--quick] [--json] [--reps N] [--warmup N]

  --quick      1024x1024 instead of 4096x4096 (a few seconds)
  --json       print the results as one JSON object instead of the table
  --reps N     timed repetitions per op (default 10; tfjs uses min(N, 3))
  --warmup N   untimed repetitions before timing (default 2; tfjs min(N, 1))
  --no-pool    MaskLab allocates every output afresh instead of reusing freed
               buffers (what each new tensor cost before the buffer pool)

environment:
  MASKLAB_TORCH_PYTHON   a Python with torch (else /opt/torchenv/bin/python, else python3)
  MASKLAB_TFJS_DIR       a folder whose node_modules has @tensorflow/tfjs-core and
                         @tensorflow/tfjs-backend-cpu (else the project's own node_modules)`;

/** Parses the bench's command line; throws an Error whose message is for the user. */
export function parseArgs(argv: readonly string[]): BenchConfig {
  let quick = false;
  let json = false;
  let pool = true;
  let reps = 10;
  let warmup = 2;
  const count = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min)
      throw new Error(
        `${flag} needs an integer >= ${min}, got ${v === undefined ? "nothing" : `'${v}'`}`,
      );
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") quick = true;
    else if (a === "--json") json = true;
    else if (a === "--no-pool") pool = false;
    else if (a === "--reps") reps = count(a, argv[++i], 1);
    else if (a === "--warmup") warmup = count(a, argv[++i], 0);
    else throw new Error(`unknown option '${a}'`);
  }
  const size = quick ? QUICK : FULL;
  return {
    ...size,
    seed: 0,
    value: -1e9,
    warmup,
    reps,
    tfjsWarmup: Math.min(warmup, 1),
    tfjsReps: Math.min(reps, 3),
    json,
    quick,
    pool,
  };
}
