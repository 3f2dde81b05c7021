import type { DType } from "../dtype";

/** What the printer needs from a tensor; the Tensor class implements it. */
export interface PrintSource {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /**
   * Element at a row-major logical index: number for bool (0/1), ints and floats (float16 and
   * bfloat16 already widened to their exact float32 value); bigint for int64.
   */
  at(logicalIndex: number): number | bigint;
}

/** The autograd part of repr: grad_fn wins over requires_grad. */
export interface PrintSuffix {
  gradFnName?: string | null;
  requiresGrad?: boolean;
}
