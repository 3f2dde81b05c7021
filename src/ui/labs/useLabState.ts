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
  // Reported after a short pause: a drag across a mask changes the state at every cell, and
  // the URL only needs the last of those.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!report.current) return;
    const timer = setTimeout(() => report.current?.(encodeWith(codec, state)), 120);
    return () => clearTimeout(timer);
  }, [codec, state]);
  return [state, setState, initial.notice];
}
