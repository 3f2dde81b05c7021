// The one error module of the tensor core. Each error carries the Python exception type it
// surfaces as, so the interpreter can raise it unchanged; messages are PyTorch's own text.

export type TorchErrorType =
  | "RuntimeError"
  | "IndexError"
  | "TypeError"
  | "ValueError"
  | "NotImplementedError"
  | "OverflowError"
  | "MemoryError"
  | "AssertionError";

export class TorchError extends Error {
  constructor(
    readonly pyType: TorchErrorType,
    message: string,
  ) {
    super(message);
    this.name = pyType;
  }
}

export const runtimeError = (message: string): TorchError =>
  new TorchError("RuntimeError", message);
export const indexError = (message: string): TorchError => new TorchError("IndexError", message);
export const typeError = (message: string): TorchError => new TorchError("TypeError", message);
export const valueError = (message: string): TorchError => new TorchError("ValueError", message);
/** The AssertionError PyTorch's Python-level checks raise (torch.nn.functional's). */
export const assertionError = (message: string): TorchError =>
  new TorchError("AssertionError", message);
export const notImplemented = (message: string): TorchError =>
  new TorchError("NotImplementedError", message);
