/**
 * The host-object protocol: how TypeScript objects (the torch binding's tensors, dtypes, Size,
 * modules) take part in Python code run by this interpreter.
 *
 * Values. Python int = JS bigint, float = number, bool = boolean, str = string, None = null.
 * Everything else is a `PyObject` (objects.ts). A host class extends `PyObject`, returns its
 * Python class from `get pyType()` and overrides only the hooks it needs; every hook's default
 * behaves like a CPython object that lacks the corresponding dunder.
 *
 *   Python                      hook on the PyObject                   default
 *   x.name                      getAttr(name) -> value | undefined     AttributeError
 *   x.name = v                  setAttr(name, v) -> boolean            AttributeError
 *   x(*args, **kw)              call(args, kwargs) + isCallable()      TypeError not callable
 *   x + y, y + x                binaryOp(op, other, reflected)         NotImplemented
 *   x += y                      inplaceOp(op, other); NotImplemented falls back to binaryOp
 *   -x, +x, ~x                  unaryOp(op)                            TypeError
 *   x == y, x < y, ...          compare(op, other)                     == / != use identity
 *   x[k], x[k] = v, del x[k]    getItem(k), setItem(k, v), delItem(k)  TypeError
 *   len(x)                      len() -> number | undefined            TypeError
 *   for v in x, list(x), a,b=x  iter() -> Iterator | undefined         TypeError
 *   v in x                      contains(v) -> boolean | undefined     falls back to iter()
 *   bool(x), if x:              bool() -> boolean | undefined          len(), then True
 *   repr(x), str(x), print(x)   repr(), str()                          str() = repr()
 *   f"{x:spec}", format(x, s)   format(spec)                           str() for "", else TypeError
 *   with x as y:                enter() -> y, exit(exc) -> swallow?    TypeError
 *   {x: 1}, set()               hashKey() -> string | undefined        identity
 *   type(x), isinstance(x, T)   pyType (a PyType; its mro decides isinstance)
 *   x is y                      JS identity (return `this` from in-place methods)
 *
 * Operators: `op` is the Python operator text ("+", "**", "@", "==", ...). Return the
 * `NotImplemented` symbol to let Python try the other operand: `2 ** t` first asks int, which
 * declines, then calls `t.binaryOp("**", 2n, true)`. Comparisons are reflected the same way
 * (`3 < t` becomes `t.compare(">", 3n)`).
 *
 * Conversions: int(x), float(x), round(x), abs(x), math.sqrt(x) and indexing a list with x look
 * up the attributes `__int__`, `__float__`, `__round__`, `__abs__` and `__index__` through
 * getAttr and call them; a tensor binding exposes them so `int(t.sum())` works.
 *
 * Errors: throw `new PyException("RuntimeError", "message")` (any builtin exception name, or a
 * new name which then derives from Exception). Python code can catch it by type or base class.
 * Any other JS error thrown by a hook surfaces as `InternalError: ...`, never as a JS exception.
 *
 * Functions: `builtin(name, (args, kwargs) => value)` wraps a TypeScript function; `parseArgs`
 * binds arguments with CPython's messages. Methods are usually returned from getAttr as a
 * builtin closing over the receiver.
 *
 * Modules: pass factories keyed by dotted name in the interpreter options:
 *   createSession({ modules: { torch: (ctx) => makeTorch(ctx), "torch.nn": ..., } })
 * `import torch.nn.functional as F` imports "torch", "torch.nn", then "torch.nn.functional"
 * (each made once per session, then cached) and binds F; a dotted name without a factory is
 * looked up as a module-valued attribute of its parent. `from torch import nn` reads the
 * attribute `nn` of torch, importing "torch.nn" if the attribute is missing. Factories receive
 * `ctx.options` (e.g. `maxTensorElements`) and `ctx.importModule`.
 *
 * The CLI (src/cli/main.ts) loads src/python/torch/index.ts and calls its export
 * `registerTorch(registry: Map<string, ModuleFactory>)` (or copies an exported `torchModules`
 * record/Map) to fill the registry; the Worker and lesson tests can do the same.
 *
 * Limits: loops and calls are counted; a run stops with an uncatchable TimeoutError at its
 * deadline or step budget. A host kernel that may loop for long should allocate with
 * `ctx.options.maxTensorElements` in mind rather than rely on the deadline.
 *
 * Display: print(x) and notebook echoes of an object whose class is not a builtin one are
 * reported in RunResult.displays, in order, so the UI can draw tensors as grids.
 */

export {
  type BinaryOp,
  type CompareOp,
  type Kwargs,
  type NativeFn,
  type NotImplementedType,
  type PyValue,
  type UnaryOp,
  builtin,
  Ellipsis,
  exceptionType,
  makeType,
  NotImplemented,
  objectId,
  objectType,
  PyBuiltin,
  PyDict,
  PyException,
  PyIterator,
  PyList,
  PyModule,
  PyObject,
  PyRange,
  PySet,
  PySlice,
  PyTuple,
  PyType,
} from "./objects";
export { type ArgSpec, noArgs, parseArgs } from "./args";
export {
  binaryOp,
  boolType,
  callValue,
  compare,
  contains,
  floatType,
  format,
  getAttr,
  getItem,
  getIter,
  hashKey,
  intType,
  isinstance,
  isIntLike,
  len,
  noneType,
  pyEq,
  raise,
  repr,
  setItem,
  sliceIndices,
  str,
  strType,
  toArray,
  toFloat,
  toInt,
  truthy,
  typeName,
  typeOf,
} from "./runtime";
export type { ModuleContext, ModuleFactory, ModuleRegistry } from "./interpreter";
