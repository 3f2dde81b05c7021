import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * A value that only the browser knows (the URL's query, localStorage): `undefined` on the server
 * and during hydration, so both render the same markup, then the real value.
 */
export function useClientValue<T>(read: () => T): T | undefined {
  return useSyncExternalStore(noSubscription, read, () => undefined);
}

const yes = () => true;

/** False on the server and while hydrating, true afterwards. */
export function useHydrated(): boolean {
  return useClientValue(yes) ?? false;
}
