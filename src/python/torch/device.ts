// torch.device and the one rule about devices MaskLab has: tensors live on the CPU.

import {
  type CompareOp,
  makeType,
  NotImplemented,
  type NotImplementedType,
  PyException,
  PyObject,
  type PyType,
  type PyValue,
} from "../objects";

const deviceType = makeType("device", { module: "torch" });
const DEVICE_TYPES =
  "cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone";

/** torch.device: a type and an optional index. Tensors live on the CPU; other devices can be named. */
export class PyDevice extends PyObject {
  constructor(
    readonly type = "cpu",
    readonly index: number | null = null,
  ) {
    super();
  }
  get pyType(): PyType {
    return deviceType;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === "type") return this.type;
    if (name === "index") return this.index === null ? null : BigInt(this.index);
    return undefined;
  }
  override repr(): string {
    return `device(type='${this.type}'${this.index === null ? "" : `, index=${this.index}`})`;
  }
  override str(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | NotImplementedType {
    if (op !== "==" && op !== "!=") return NotImplemented;
    const o = typeof other === "string" ? parseDevice(other) : other;
    const same = o instanceof PyDevice && o.type === this.type && o.index === this.index;
    return op === "==" ? same : !same;
  }
}
export const CPU = new PyDevice();

/** torch.device("cuda:1") / torch.device("cuda", 1), with PyTorch's error for unknown types. */
export function parseDevice(spec: string, index: number | null = null): PyDevice {
  const m = /^([a-z_]+)(?::(\d+))?$/.exec(spec);
  if (!m || !DEVICE_TYPES.split(", ").includes(m[1]))
    throw new PyException(
      "RuntimeError",
      `Expected one of ${DEVICE_TYPES} device type at start of device string: ${spec}`,
    );
  return new PyDevice(m[1], m[2] !== undefined ? Number(m[2]) : index);
}

/**
 * MaskLab, like a CPU-only PyTorch build, keeps every tensor on the CPU: asking for a CUDA tensor
 * fails as that build does, and other accelerators are refused plainly.
 */
export function requireCpu(device: PyValue | undefined): void {
  if (device === undefined || device === null) return;
  const d = typeof device === "string" ? parseDevice(device) : device;
  if (!(d instanceof PyDevice) || d.type === "cpu") return;
  if (d.type === "cuda")
    throw new PyException("AssertionError", "Torch not compiled with CUDA enabled");
  throw new PyException(
    "RuntimeError",
    `MaskLab keeps tensors on the CPU; device '${d.str()}' is not available`,
  );
}
