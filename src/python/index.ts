export * from "./host";
export { createSession, type Session } from "./session";
export {
  formatTraceback,
  Interpreter,
  type InterpreterOptions,
  type ResolvedOptions,
  type RunMode,
  type RunResult,
} from "./interpreter";
