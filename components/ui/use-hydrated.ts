"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False in the server render and until hydration, true after (and at once in a client render).
 * A control whose work is done by script is disabled until then: a click or keystroke before
 * hydration would otherwise be lost, or submit the form the browser's way.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
