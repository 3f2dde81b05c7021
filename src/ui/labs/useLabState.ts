import { useEffect, useRef, useState } from "react";
import { decodeWith, encodeWith, type StateCodec } from "./state";

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
    const run = () => report.current?.(encodeWith(codec, state));
    const timer = setTimeout(() => {
      if (typeof requestIdleCallback === "function")
        idle = requestIdleCallback(run, { timeout: 1000 });
      else run();
    }, 300);
    return () => {
      clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [codec, state]);
  return [state, setState, initial.notice];
}
