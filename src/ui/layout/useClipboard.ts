import { useCallback, useState } from "react";

export type CopyStatus = "idle" | "copied" | "failed";

/**
 * Writes text to the clipboard and reports how it went. "failed" covers a page that may not
 * write it (no permission, an insecure origin, an old browser): callers then show the text in
 * a field to copy by hand.
 */
export function useClipboard(): [CopyStatus, (text: string) => void] {
  const [status, setStatus] = useState<CopyStatus>("idle");
  const copy = useCallback((text: string) => {
    const done = navigator.clipboard?.writeText(text);
    if (!done) return setStatus("failed");
    done.then(
      () => setStatus("copied"),
      () => setStatus("failed"),
    );
  }, []);
  return [status, copy];
}
