import type { ModuleFactory } from "../interpreter";
import { makeCuda, makeFunctional, makeNn, makeTorch } from "./module";

/** The importable modules of the torch binding, for an interpreter's module registry. */
export const torchModules: Record<string, ModuleFactory> = {
  torch: makeTorch,
  "torch.nn": makeNn,
  "torch.nn.functional": makeFunctional,
  "torch.cuda": makeCuda,
};

export function registerTorch(registry: Map<string, ModuleFactory>): void {
  for (const [name, factory] of Object.entries(torchModules)) registry.set(name, factory);
}
