export { floatRepr, formatFixed, formatExp, doubleToString } from "./pyFloat";
export type { DoubleToStringFlags } from "./pyFloat";
export {
  formatFloatSpec,
  formatIntSpec,
  formatStrSpec,
  parseFormatSpec,
  FormatSpecError,
} from "./formatSpec";
export type { FormatSpec } from "./formatSpec";
