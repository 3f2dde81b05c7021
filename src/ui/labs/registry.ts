import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { LabKind, LabProps } from "./types";

export const LABS: Readonly<Record<LabKind, LazyExoticComponent<ComponentType<LabProps>>>> = {
  mask: lazy(() => import("./mask/MaskLab")),
  fill: lazy(() => import("./fill/FillLab")),
  alias: lazy(() => import("./alias/AliasLab")),
  softmax: lazy(() => import("./softmax/SoftmaxLab")),
  autograd: lazy(() => import("./autograd/AutogradLab")),
};
