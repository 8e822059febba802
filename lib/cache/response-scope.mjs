// @ts-check
// The response a render is for, as the reader cache sees it: scripts/serve.mjs runs Next's handling
// of each request it records (lib/cache/page-responses.mjs) inside this scope, so that when the
// render stores a page (lib/cache/reader-cache-store.mjs), its row in the shared store can wait for
// the response and be written once, with the headers and the gzip body Next sent, instead of a
// write followed by an update; and when the fast path has just found nothing stored at the
// request's path, the store does not ask again for the page's key (issue 14, "a miss that costs
// little": two round trips fewer).
//
// The scope is one AsyncLocalStorage for the process, kept on globalThis: Next loads the cache
// handler (and with it the store) by itself, serve.mjs loads page-responses.mjs, and both must see
// the same instance. Plain JavaScript, loaded unbundled.

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the response gives the stored page's row: the headers to send it again with, and the body
 * as sent (gzip).
 * @typedef {{ path: string, headers: Array<[string, string | string[]]>, gzip: Buffer }} SentResponse
 */

/**
 * A row write held until the response is known: called once, with the response when it can be
 * stored with the page, or null when it cannot (then the row is written without it).
 * @typedef {(response: SentResponse | null) => void} HeldWrite
 */

/**
 * One request's response, watched while Next answers it.
 * @typedef {object} ResponseWatch
 * @property {string} path the request's path
 * @property {boolean} nothingStored the fast path asked the shared store for this path just before
 *   and it held no row there for this build: the page's own key is not asked for again
 * @property {(etag: string, write: HeldWrite) => boolean} hold takes a row write to do once the
 *   response for the page with this ETag is sent; false when it cannot wait (the response is done
 *   already, or holds another write), and the caller writes at once
 */

const SCOPE = Symbol.for("newsdesk.readerCache.responseScope");

/** @returns {AsyncLocalStorage<ResponseWatch>} */
export function responseScope() {
  const holder = /** @type {{ [SCOPE]?: AsyncLocalStorage<ResponseWatch> }} */ (globalThis);
  return (holder[SCOPE] ??= new AsyncLocalStorage());
}

/** The response the code running now is for, if serve.mjs is watching one. */
export function currentResponse() {
  return responseScope().getStore();
}
