// @ts-check
// Next's cache handler for Newsdesk (next.config.ts `cacheHandler`): the adapter between Next and
// the process's reader cache. Rendered reader pages, route responses (feeds) and unstable_cache
// data live in lib/cache/reader-cache-store.mjs (in memory, bounded and LRU by size), pages and
// feeds also in the shared store in PostgreSQL (lib/cache/shared-store.mjs), under the build's id;
// whether they are still good is decided by the tag stamps from PostgreSQL
// (lib/cache/tag-stamps.mjs: LISTEN, and a poll every second). So a change made through one
// instance is never served stale by another. See docs/caching.md and, for what this relies on in
// Next, docs/fast-paths.md.
//
// Plain JavaScript, loaded by Next unbundled in the server process. During `next build` there is
// no database: the store then keeps memory only.

import path from "node:path";

import { env } from "../env.mjs";
import { nonceFromPolicy } from "./csp.mjs";
import { ReaderCacheStore } from "./reader-cache-store.mjs";
import { buildIdIn } from "./shared-store.mjs";

/** @typedef {import("./reader-cache-store.mjs").CacheValue} CacheValue */
/** @typedef {import("./reader-cache-store.mjs").CacheContext} CacheContext */
/** @typedef {import("./reader-cache-store.mjs").CacheHit} CacheHit */

const CSP_HEADER = "content-security-policy";
/** Where lib/cache/page-responses.mjs finds the store (isServable). */
const PROCESS_STORE = Symbol.for("newsdesk.readerCache.store");
/** invalidateReaderCache (lib/cache/invalidate.ts) calls this in the same process. */
const LOCAL_HOOK = Symbol.for("newsdesk.readerCache");

/**
 * @typedef {{
 *   [PROCESS_STORE]?: ReaderCacheStore,
 *   [LOCAL_HOOK]?: { markRevalidated(tags: readonly string[]): void, heardAll(): Promise<void>, readerWalPosition(): Promise<string | null> },
 * }} ProcessHolder
 */

/**
 * The build's id (<distDir>/BUILD_ID, beside the server folder Next names), or undefined when it
 * cannot be read: then nothing is shared.
 * @param {string | undefined} serverDistDir
 */
export function readBuildId(serverDistDir) {
  return serverDistDir ? buildIdIn(path.join(serverDistDir, "..")) : undefined;
}

/**
 * The process's store, made on Next's first use of the handler.
 * @param {string | undefined} serverDistDir
 */
function processStore(serverDistDir) {
  const holder = /** @type {ProcessHolder} */ (globalThis);
  let store = holder[PROCESS_STORE];
  if (!store) {
    const isBuild = env.NEXT_PHASE === "phase-production-build";
    const created = new ReaderCacheStore({
      databaseUrl: isBuild ? undefined : env.DATABASE_URL,
      pollIntervalMs: env.NEWSDESK_CACHE_POLL_MS,
      maxBytes: env.NEWSDESK_CACHE_MAX_BYTES,
      // Development builds have no stable id: nothing shared there.
      buildId: isBuild || env.NODE_ENV !== "production" || !env.NEWSDESK_SHARED_CACHE ? undefined : readBuildId(serverDistDir),
    });
    created.start();
    holder[PROCESS_STORE] = created;
    holder[LOCAL_HOOK] = {
      markRevalidated: (tags) => created.markRevalidated(tags),
      // Resolves once this process has applied every stamp committed before the call: a render
      // begun after it is kept by the shared store (write-through after invalidateReaderCache).
      heardAll: () => created.stamps.pollNow(),
      // The WAL position a read replica must have replayed for a render begun now (lib/db.ts).
      readerWalPosition: () => created.stamps.readerWalPosition(),
    };
    store = created;
  }
  return store;
}

/** Next makes one of these per request; the store behind them is the process's. */
export default class NewsdeskCacheHandler {
  /** @param {{ _requestHeaders?: Record<string, string | string[] | undefined>, serverDistDir?: string } | undefined} ctx */
  constructor(ctx) {
    this.store = processStore(ctx?.serverDistDir);
    // proxy.ts gives requests to pages rendered per request a nonce policy; a stored page served to such a request must follow it.
    this.requestNonce = nonceFromPolicy(ctx?._requestHeaders?.[CSP_HEADER]);
  }

  /**
   * @param {string} key
   * @param {CacheContext} ctx
   * @returns {Promise<CacheHit | null>}
   */
  async get(key, ctx) {
    return this.store.lookup(key, ctx, this.requestNonce);
  }

  /**
   * @param {string} key
   * @param {CacheValue | null} data
   * @param {CacheContext} ctx
   */
  async set(key, data, ctx) {
    this.store.set(key, data, ctx, this.requestNonce);
  }

  /** @param {string | string[]} tags */
  async revalidateTag(tags) {
    await this.store.revalidateTags(typeof tags === "string" ? [tags] : tags);
  }

  resetRequestCache() {}
}
