import { runtimeError } from "../errors";
import { shapeString } from "../shape";
import type { CreationMeta, Tensor } from "../tensor";

// Autograd in the micrograd style: every differentiable op that sees an input requiring grad
// records a node holding a small backward closure. Names are PyTorch's (MaskedFillBackward0, …)
// because learners read them in printed grad_fn=<…> suffixes.

export const gradMode = { enabled: true };

/** Run `fn` with autograd recording off, restoring the previous mode (torch.no_grad()). */
export function withNoGrad<T>(fn: () => T): T {
  const prev = gradMode.enabled;
  gradMode.enabled = false;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev;
  }
}

export type GradFn = (gradOutputs: (Tensor | null)[]) => (Tensor | null)[];

export abstract class GradNode {
  constructor(
    /** PyTorch's class name, e.g. "MaskedFillBackward0". */
    readonly name: string,
    /** One edge per differentiable input: the node that produced it, or null. */
    readonly next: Edge[],
  ) {}
  abstract apply(gradOutputs: (Tensor | null)[]): (Tensor | null)[];
  /** Called once backward has run through this node without retain_graph. */
  release(): void {}
}

export interface Edge {
  node: GradNode | null;
  /** Which output of `node` the input was. */
  inputNr: number;
}

/** A tensor saved for backward remembers the version it had, so later in-place writes are caught. */
export class SavedTensor {
  private readonly savedVersion: number;
  private tensor: Tensor | null;
  private readonly isOutput: boolean;
  private readonly outputNr: number;

  constructor(t: Tensor, isOutput: boolean) {
    this.tensor = t;
    this.savedVersion = t.version.value;
    // An op's own output has no grad_fn yet when it is saved; the name is filled in by the op.
    this.isOutput = isOutput;
    this.outputNr = t.outputNr;
  }

  unpack(owner: GradNode): Tensor {
    const t = this.tensor;
    if (t === null)
      throw runtimeError(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
      );
    if (t.version.value !== this.savedVersion) {
      // Like PyTorch, an input names the grad_fn it has now (an in-place op may have replaced
      // it); an output names the node that saved it.
      const producer = this.isOutput
        ? t.gradFn === null
          ? null
          : owner.name
        : (t.gradFn?.name ?? null);
      const typeName = `${t.dtype.legacyName} ${shapeString(t.shape)}`;
      const which =
        producer === null
          ? ""
          : `, which is output ${this.outputNr} of ${shortNodeName(producer)},`;
      throw runtimeError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${typeName}]${which} is at version ${t.version.value}; expected version ${this.savedVersion} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).`,
      );
    }
    return t;
  }

  release(): void {
    this.tensor = null;
  }
}

/**
 * PyTorch 2.x names the producing node without "Backward" in this message, keeping an
 * overload number other than 0: ExpBackward0 is Exp, MaxBackward1 is Max1, PowBackward2 Pow2.
 */
function shortNodeName(name: string): string {
  if (name === "CopySlices") return "torch::autograd::CopySlices";
  return name.replace(/Backward0$/, "").replace(/Backward(\d+)$/, "$1");
}

export class FunctionNode extends GradNode {
  constructor(
    name: string,
    next: Edge[],
    private readonly fn: GradFn,
    private readonly saved: SavedTensor[],
  ) {
    super(name, next);
  }
  apply(gradOutputs: (Tensor | null)[]): (Tensor | null)[] {
    return this.fn(gradOutputs);
  }
  override release(): void {
    for (const s of this.saved) s.release();
  }
}

/** The sink for a leaf: adds incoming gradients into `variable.grad`. */
export class AccumulateGrad extends GradNode {
  constructor(readonly variable: Tensor) {
    super("torch::autograd::AccumulateGrad", []);
  }
  apply(): (Tensor | null)[] {
    return [];
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

export function gradEdge(t: Tensor): Edge {
  if (t.gradFn !== null) return { node: t.gradFn, inputNr: t.outputNr };
  // A view that requires grad only through its base (made in no_grad mode) has no accumulator:
  // gradients reaching it are dropped, as in PyTorch.
  if (!t.requiresGradOwn) return { node: null, inputNr: 0 };
  let acc = accumulators.get(t);
  if (acc === undefined) {
    acc = new AccumulateGrad(t);
    accumulators.set(t, acc);
  }
  return { node: acc, inputNr: 0 };
}

export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  if (!gradMode.enabled) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

export interface RecordSpec {
  name: string;
  /** Differentiable inputs, in the order `backward` returns their gradients. */
  inputs: (Tensor | null)[];
  /** Tensors the backward closure reads; their versions are checked when it runs. */
  save?: Tensor[];
  /** Outputs among `save` (the op's own results), named after this node if modified. */
  saveOutputs?: Tensor[];
  backward: (gradOutputs: (Tensor | null)[], saved: Tensor[]) => (Tensor | null)[];
}

/**
 * Attach a node to `outputs` when grad mode is on and an input requires grad. Returns the
 * node (or null) so in-place ops can rebase history onto it.
 */
export function record(outputs: Tensor[], spec: RecordSpec): GradNode | null {
  if (!needsGrad(...spec.inputs)) return null;
  const savedList = [
    ...(spec.save ?? []).map((t) => new SavedTensor(t, false)),
    ...(spec.saveOutputs ?? []).map((t) => new SavedTensor(t, true)),
  ];
  const edges = spec.inputs.map((t) => (t ? gradEdge(t) : { node: null, inputNr: 0 }));
  const node: FunctionNode = new FunctionNode(
    spec.name,
    edges,
    (g) =>
      spec.backward(
        g,
        savedList.map((s) => s.unpack(node)),
      ),
    savedList,
  );
  outputs.forEach((o, i) => {
    o.gradFn = node;
    o.outputNr = i;
    o.requiresGrad = true;
  });
  return node;
}

/**
 * The checks PyTorch makes before an in-place write into `t` that autograd would record, that
 * is when `t` or one of the op's other tensor inputs requires grad. A view must have been made
 * in grad mode by a single-view function; then neither it nor its base may be a leaf that
 * requires grad.
 */
export function checkInplace(t: Tensor, ...others: (Tensor | null)[]): void {
  if (!gradMode.enabled) return;
  if (!t.requiresGrad && !others.some((o) => o !== null && o.requiresGrad)) return;
  if (t.base !== null) {
    checkViewRebase(
      t.creationMeta,
      t.gradFn === null ? null : viewOpName(t.gradFn.name),
      t.outputNr,
    );
    if (t.requiresGrad && t.base.gradFn === null)
      throw runtimeError(
        "a view of a leaf Variable that requires grad is being used in an in-place operation.",
      );
  }
  if (t.requiresGrad && t.gradFn === null)
    throw runtimeError(
      "a leaf Variable that requires grad is being used in an in-place operation.",
    );
}

/** "SplitBackward0" -> "Split": how PyTorch names a view's function in its errors. */
export function viewOpName(nodeName: string): string {
  return nodeName.replace(/Backward\d*$/, "");
}

/**
 * PyTorch's refusal to write in place into a view made in no_grad mode or by a function that
 * returns several views. `opName` is the view's function (null when it has no grad_fn).
 */
export function checkViewRebase(meta: CreationMeta, opName: string | null, outputNr: number): void {
  if (meta === "default") return;
  let msg: string;
  if (meta === "noGrad" || opName === null) {
    const prefix =
      opName === null
        ? "A view was created in"
        : `Output ${outputNr} of ${opName} is a view of a view which was created in`;
    msg = `${prefix} no_grad mode and is being modified inplace with grad mode enabled.`;
  } else msg = `Output ${outputNr} of ${opName} is a view and is being modified inplace.`;
  if (meta === "multiOutput")
    msg +=
      " This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.";
  else
    msg +=
      " Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";
  throw runtimeError(msg);
}

/** The CreationMeta of a new view of `base` (multi: one of several views made together). */
export function viewCreationMeta(base: Tensor, multi: boolean): CreationMeta {
  const fresh: CreationMeta = !gradMode.enabled ? "noGrad" : multi ? "multiOutput" : "default";
  return fresh === "default" && base.base !== null ? base.creationMeta : fresh;
}
