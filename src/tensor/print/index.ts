export { defaultPrintOptions } from "./options";
export type { PrintOptions } from "./options";
export type { PrintSource, PrintSuffix } from "./source";
export { Formatter } from "./formatter";
export type { FloatMode } from "./formatter";
export { tensorBody } from "./tensorStr";
export { dtypeRepr, shapeTupleRepr, sizeRepr, tensorRepr } from "./repr";
