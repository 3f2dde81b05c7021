import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { add } from "../ops/binary";
import { clone } from "../ops/copy";
import { onesLike } from "../ops/create";
import { copyStrided, sameShape } from "../ops/strided";
import { AccumulateGrad, gradEdge, GradNode, withNoGrad } from "./node";

/** What backward needs to seed and sum gradients; the ops never import this file. */
export interface GradMath {
  add(a: Tensor, b: Tensor): Tensor;
  onesLike(t: Tensor): Tensor;
  clone(t: Tensor): Tensor;
}

let math: GradMath = { add: (a, b) => add(a, b), onesLike: (t) => onesLike(t), clone };

/** Swap the gradient arithmetic (tests use it to count or trace accumulation). */
export function provideGradMath(m: GradMath): void {
  math = m;
}

/** Non-leaf tensors that asked for their gradient, by the node that produces them. */
const retainers = new WeakMap<GradNode, Tensor[]>();

/** tensor.retain_grad(): a non-leaf keeps `.grad` after backward (a no-op on leaves). */
export function retainGrad(t: Tensor): void {
  if (t.gradFn === null) return;
  t.retainsGrad = true;
  const list = retainers.get(t.gradFn) ?? [];
  if (!list.includes(t)) list.push(t);
  retainers.set(t.gradFn, list);
}

const bumpTo = (t: Tensor, version: number): void => {
  while (t.version.value < version) t.version.bump();
};

const sizeString = (shape: readonly number[]): string => `torch.Size([${shape.join(", ")}])`;

/** tensor.backward(gradient=None, retain_graph=False): topological order, summed gradients. */
export function backward(root: Tensor, gradient: Tensor | null = null, retainGraph = false): void {
  const m = math;
  // torch.autograd checks the given gradient's shape in Python, before the engine runs.
  if (gradient !== null && !sameShape(gradient.shape, root.shape))
    throw runtimeError(
      `Mismatch in shape: grad_output[0] has a shape of ${sizeString(gradient.shape)} and output[0] has a shape of ${sizeString(root.shape)}.`,
    );
  if (!root.requiresGrad)
    throw runtimeError("element 0 of tensors does not require grad and does not have a grad_fn");
  if (gradient === null) {
    if (root.numel !== 1)
      throw runtimeError("grad can be implicitly created only for scalar outputs");
    gradient = m.onesLike(root);
  }
  const rootEdge = gradEdge(root);
  const rootNode = rootEdge.node;
  if (rootNode === null) return;

  // Count how many edges point at each node so a node runs only once all its grads arrived.
  const pending = new Map<GradNode, number>();
  const stack: GradNode[] = [rootNode];
  const seen = new Set<GradNode>([rootNode]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const e of node.next) {
      if (e.node === null) continue;
      pending.set(e.node, (pending.get(e.node) ?? 0) + 1);
      if (!seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }

  const buffers = new Map<GradNode, (Tensor | null)[]>();
  const summed = new Set<Tensor>();
  const uses = new Map<Tensor, number>();
  // A gradient the engine alone holds: a sum it made, or a fresh result handed to one input.
  const owned = (t: Tensor): boolean =>
    summed.has(t) || (t !== gradient && uses.get(t) === 1 && t.isContiguous());
  const addTo = (node: GradNode, nr: number, g: Tensor): void => {
    let buf = buffers.get(node);
    if (buf === undefined) {
      buf = [];
      buffers.set(node, buf);
    }
    uses.set(g, (uses.get(g) ?? 0) + 1);
    const prev = buf[nr] ?? null;
    if (prev === null) {
      buf[nr] = g;
      return;
    }
    // PyTorch sums into its input buffer in place (old.add_(new)) when it holds the only
    // reference to one side, else out of place; AccumulateGrad then adopts the sum as .grad,
    // so its _version counts those in-place additions.
    const sum = m.add(prev, g);
    const into = owned(prev) ? prev : owned(g) ? g : null;
    if (into !== null) bumpTo(sum, into.version.value + 1);
    summed.add(sum);
    buf[nr] = sum;
  };
  addTo(rootNode, rootEdge.inputNr, gradient);

  withNoGrad(() => {
    const ready: GradNode[] = [rootNode];
    while (ready.length > 0) {
      const node = ready.pop()!;
      const grads = buffers.get(node) ?? [];
      buffers.delete(node);
      if (node instanceof AccumulateGrad) {
        const g = grads[0];
        if (g) {
          const v = node.variable;
          if (v.grad === null) {
            v.grad = m.clone(g);
            if (summed.has(g)) bumpTo(v.grad, g.version.value);
          } else {
            // AccumulateGrad adds into the existing .grad in place: a reference taken before
            // this backward sees the sum, and the grad's version moves.
            copyStrided(v.grad, m.add(v.grad, g));
            v.grad.version.bump();
          }
        }
        continue;
      }
      for (const t of retainers.get(node) ?? []) {
        const g = grads[t.outputNr];
        if (g && t.retainsGrad && t.gradFn === node)
          t.grad = t.grad === null ? m.clone(g) : m.add(t.grad, g);
      }
      const inputGrads = node.apply(grads);
      if (!retainGraph) node.release();
      node.next.forEach((e, i) => {
        if (e.node === null) return;
        const g = inputGrads[i];
        if (g) addTo(e.node, e.inputNr, g);
        const left = pending.get(e.node)! - 1;
        pending.set(e.node, left);
        if (left === 0) ready.push(e.node);
      });
    }
  });
}
