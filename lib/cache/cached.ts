// Reader loaders go through the reader cache: their results are stored in Next's data cache under
// tags (lib/cache/tags.ts), and a page rendered from them carries the same tags, so a change that
// invalidates a tag refreshes both on every instance (docs/caching.md has the recipe).

import "server-only";

import { unstable_cache } from "next/cache";
import { cache } from "react";

import { withReaderReads } from "@/lib/db";
import { env } from "@/lib/env.mjs";
import { decodeCachedValue, encodeCachedValue } from "./serialize";
import { assertCacheTags, READER_TAG } from "./tags";

/** How long a reader page or loader result may go without being re-rendered even when nothing changed (for relative times, comment counts). */
export const READER_REVALIDATE_SECONDS = 300;

export interface CachedReaderOptions<R> {
  /**
   * What to return during `next build`, which has no database. Only loaders of pages Next renders
   * at build time need it (the home page, the site layout); the build's rendering is never served,
   * since the reader cache does not read the build's output.
   */
  duringBuild?: R;
  /**
   * Seconds, or false for only when its tags are stamped; READER_REVALIDATE_SECONDS unless given.
   * A page's revalidate time is the shortest of its own and its loaders': a loader the story page
   * uses must say false, or the page is rendered again every five minutes (docs/caching.md, "Age").
   */
  revalidate?: number | false;
}

function isBuildPhase(): boolean {
  return env.NEXT_PHASE === "phase-production-build";
}

function isOutsideNext(error: unknown): boolean {
  return error instanceof Error && error.message.includes("incrementalCache missing");
}

/**
 * Wraps a reader loader: `name` identifies it in the cache key (with its arguments), `tagsOf`
 * names what its result depends on (for example `(slug) => [slugTag(slug)]`; `reader` is always
 * added; arguments no tag can name are loaded uncached). The result may hold Dates; everything else must be plain JSON. Calls within one render
 * are shared (React cache). Outside Next (tests, scripts) the loader is simply called.
 */
export function cachedReader<A extends unknown[], R>(
  name: string,
  load: (...args: A) => Promise<R>,
  tagsOf: (...args: A) => readonly string[],
  options: CachedReaderOptions<R> = {},
): (...args: A) => Promise<R> {
  const revalidate = options.revalidate ?? READER_REVALIDATE_SECONDS;
  const read = async (...args: A): Promise<R> => {
    if (options.duringBuild !== undefined && isBuildPhase()) return options.duringBuild;
    let tags: string[];
    try {
      tags = [READER_TAG, ...tagsOf(...args)];
      assertCacheTags(tags);
    } catch {
      // A key no tag can name (an over-long or odd slug from a URL) is nothing we publish: let the
      // loader refuse it, uncached.
      return load(...args);
    }
    // The load reads from a read replica that has replayed what this render must see (lib/db.ts).
    const cached = unstable_cache(async (...inner: A) => encodeCachedValue(await withReaderReads(() => load(...inner))), ["newsdesk-reader", name], { tags, revalidate });
    try {
      return decodeCachedValue<R>(await cached(...args));
    } catch (error) {
      if (isOutsideNext(error)) return withReaderReads(() => load(...args));
      throw error;
    }
  };
  return cache(read);
}

/**
 * Tags the page being rendered with what it shows that its loaders were not keyed on: the related
 * stories at the foot of a story are other stories, so `tagThisRender(related.map((s) => storyTag(s.id)))`
 * re-renders the page when one of them changes or goes. (It stores a trivial cache entry whose only
 * purpose is that Next adds its tags to the page's.)
 */
export async function tagThisRender(tags: readonly string[]): Promise<void> {
  const unique = [...new Set(tags)].sort();
  if (unique.length === 0) return;
  try {
    assertCacheTags(unique);
  } catch {
    return;
  }
  try {
    await unstable_cache(async () => true, ["newsdesk-render-tags", ...unique], { tags: unique, revalidate: false })();
  } catch (error) {
    if (!isOutsideNext(error)) throw error;
  }
}
