import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { add } from "../ops/binary";
import { clone } from "../ops/copy";
import { onesLike } from "../ops/create";
import { sameShape } from "../ops/strided";
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
  const addTo = (node: GradNode, nr: number, g: Tensor): void => {
    let buf = buffers.get(node);
    if (buf === undefined) {
      buf = [];
      buffers.set(node, buf);
    }
    const prev = buf[nr] ?? null;
    buf[nr] = prev === null ? g : m.add(prev, g);
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
          v.grad = v.grad === null ? m.clone(g) : m.add(v.grad, g);
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
