// A session is one persistent Python namespace: the CLI runs a script in a fresh one, the
// notebook runs each cell in the lesson's shared one.

import {
  Interpreter,
  type InterpreterOptions,
  type RunMode,
  type RunOptions,
  type RunResult,
} from "./interpreter";

export type {
  InterpreterOptions as SessionOptions,
  RunMode,
  RunOptions,
  RunResult,
} from "./interpreter";

export interface Session {
  /** Run code; never throws. State persists across calls. */
  run(code: string, mode?: RunMode, options?: RunOptions): RunResult;
  /** The options the session was created with, resolved (limits, filename). */
  readonly interpreter: Interpreter;
}

export function createSession(options: InterpreterOptions = {}): Session {
  const interpreter = new Interpreter(options);
  return {
    interpreter,
    run(code: string, mode: RunMode = "script", options: RunOptions = {}): RunResult {
      try {
        return interpreter.run(code, mode, options);
      } catch (e) {
        // Interpreter.run already converts every error; this is the last line of defence.
        const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        return {
          stdout: "",
          error: `InternalError: ${msg}`,
          traceback: `InternalError: ${msg}\n`,
          displays: [],
        };
      }
    },
  };
}
