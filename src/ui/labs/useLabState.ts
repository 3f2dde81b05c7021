import { useEffect, useRef, useState } from "react";
import { decodeWith, encodeWith, type StateCodec } from "./state";

/** Reports waiting for their pause, so a reader of the state can have them delivered now. */
const pending = new Set<() => void>();

/**
 * Delivers every lab's waiting state report at once. "Copy link" and "Embed" call it before
 * they read the state, so a click right after a change copies that change too.
 */
export function flushLabStates(): void {
  for (const run of [...pending]) run();
}

/** A lab's state, decoded once from its props and reported encoded after every change. */
export function useLabState<S>(
  codec: StateCodec<S>,
  encoded: string | null | undefined,
  onStateChange?: (encoded: string) => void,
): [S, (update: S | ((s: S) => S)) => void, "malformed" | null] {
  const [initial] = useState(() => decodeWith(codec, encoded));
  const [state, setState] = useState<S>(initial.state);
  const first = useRef(true);
  const report = useRef(onStateChange);
  useEffect(() => {
    report.current = onStateChange;
  }, [onStateChange]);
  // Reported after a pause and then when the page is idle: a drag across a mask changes the
  // state at every cell and the URL only needs the last of those, and history.replaceState
  // with a long ?s= took 7-30 ms in Chromium, which must not land inside an edit's frame.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!report.current) return;
    let idle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cancel = () => {
      pending.delete(run);
      if (timer !== undefined) clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
    function run(): void {
      cancel();
      report.current?.(encodeWith(codec, state));
    }
    pending.add(run);
    timer = setTimeout(() => {
      timer = undefined;
      if (typeof requestIdleCallback === "function")
        idle = requestIdleCallback(run, { timeout: 1000 });
      else run();
    }, 300);
    return cancel;
  }, [codec, state]);
  return [state, setState, initial.notice];
}
