// Which reader-cache tags a test's calls invalidated. invalidateReaderCache tells this process's
// cache handler first, through a hook on globalThis (lib/cache/invalidate.ts); recording it shows
// exactly what a call stamped (other test files run in other processes). Call at a test file's top
// level: it installs the hook before each test and puts the previous one back after.

import { afterEach, beforeEach } from "vitest";

const LOCAL_HOOK = Symbol.for("newsdesk.readerCache");
type HookHolder = { [LOCAL_HOOK]?: { markRevalidated(tags: readonly string[]): void } };

export interface RecordedInvalidations {
  /** The tags invalidated since the test began (or since clear()), in order. */
  readonly tags: string[];
  clear(): void;
}

export function recordInvalidations(): RecordedInvalidations {
  const tags: string[] = [];
  let previous: HookHolder[typeof LOCAL_HOOK];
  beforeEach(() => {
    tags.length = 0;
    previous = (globalThis as HookHolder)[LOCAL_HOOK];
    (globalThis as HookHolder)[LOCAL_HOOK] = { markRevalidated: (stamped) => tags.push(...stamped) };
  });
  afterEach(() => {
    (globalThis as HookHolder)[LOCAL_HOOK] = previous;
  });
  return {
    tags,
    clear() {
      tags.length = 0;
    },
  };
}
