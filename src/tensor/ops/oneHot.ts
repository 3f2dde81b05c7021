import { int64 } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { contiguousCopy } from "./strided";

/** F.one_hot(input, num_classes=-1): int64 indices to an int64 tensor with one more dim. */
export function oneHot(x: Tensor, numClasses = -1): Tensor {
  if (x.dtype !== int64)
    throw runtimeError("one_hot is only applicable to index tensor of type LongTensor.");
  const idx = contiguousCopy(x).storage.data as BigInt64Array;
  if (idx.length === 0) {
    if (numClasses <= 0)
      throw runtimeError("Can not infer total number of classes from empty tensor.");
    return Tensor.empty([...x.shape, numClasses], int64);
  }
  let lo = idx[0];
  let hi = idx[0];
  for (const v of idx) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo < 0n) throw runtimeError("Class values must be non-negative.");
  let classes = numClasses;
  if (classes === -1) classes = Number(hi) + 1;
  else if (hi >= BigInt(classes))
    throw runtimeError("Class values must be smaller than num_classes.");
  const out = Tensor.empty([...x.shape, classes], int64);
  const o = out.storage.data as BigInt64Array;
  idx.forEach((v, i) => (o[i * classes + Number(v)] = 1n));
  return out;
}
