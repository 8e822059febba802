// @ts-check
// One process's reader cache: rendered reader pages, route responses (feeds) and unstable_cache
// data in this process's memory, bounded and LRU by size, in front of the shared store in
// PostgreSQL (lib/cache/shared-store.mjs), where pages and feeds rendered by any process are kept
// for every process and instance. Whether an entry in memory is still good is decided by the tag
// stamps this process has heard of (lib/cache/tag-stamps.mjs, from PostgreSQL): an entry whose tags
// were stamped after it began rendering is a miss, and the next request renders it afresh; a row of
// the shared store is judged in the database by the snapshot it is fresh as of. So a change made
// through one instance is never served stale by another. Next reaches it through the cache handler
// (lib/cache/cache-handler.mjs). See docs/caching.md.
//
// Plain JavaScript: Next loads the cache handler unbundled in the server process.

import { createHash } from "node:crypto";

import { hashPolicy, inlineScriptHashes, renderedNonce, scriptFreePolicy } from "./csp.mjs";
import { expiryOf, isPastItsTime } from "./expiry.mjs";
import { withoutScripts } from "./plain-html.mjs";
import { currentResponse } from "./response-scope.mjs";
import { SharedPageStore } from "./shared-store.mjs";
import { TagStamps } from "./tag-stamps.mjs";

const TAGS_HEADER = "x-next-cache-tags";
const CSP_HEADER = "content-security-policy";
const ETAG_HEADER = "etag";
/**
 * For a reverse proxy in front (deploy/nginx/newsdesk.conf): keep this response until the end of
 * the current second. nginx counts whole seconds, so its own "1s" keeps a page up to 2 s; an
 * absolute expiry at this second's end keeps it at most 1 s. nginx does not pass the header on.
 */
const PROXY_EXPIRES_HEADER = "x-accel-expires";

/** A render that has not stored its result after this long is forgotten (it failed or was dynamic). */
const PENDING_RENDER_MAX_MS = 60_000;
/** How long a lookup in a process that has not polled yet waits for its first poll. */
const FIRST_POLL_WAIT_MS = 1000;
/** Kinds kept in the shared store (loader results stay in each process's memory). */
const SHARED_KINDS = new Set(["APP_PAGE", "APP_ROUTE"]);
/** How many pages sent straight from the shared store this process remembers as sendable again. */
const MAX_SHARED_SERVABLE = 10_000;

/**
 * A render in flight: when it began (this process's clock) and what it is fresh as of (the
 * snapshot of the last poll this process had applied then; null before the first).
 * @typedef {{ start: number, snapshot: string | null }} PendingRender
 */

/**
 * A page this process sent straight from the shared store (page-responses), for isServable.
 * @typedef {{ tags: string[], lastModified: number, checkedAt: number, revalidate: number | null }} SharedServable
 */

/**
 * What Next hands the cache handler to store (its IncrementalCacheValue), as far as this store
 * reads it; Next's own fields are kept as they are.
 * @typedef {{
 *   kind: string,
 *   html?: string,
 *   rscData?: Buffer,
 *   postponed?: string,
 *   segmentData?: Map<string, Buffer>,
 *   body?: Buffer,
 *   data?: { body?: string },
 *   status?: number,
 *   revalidate?: number | false,
 *   headers?: Record<string, string | string[] | undefined>,
 *   [field: string]: unknown,
 * }} CacheValue
 */

/** @typedef {{ revalidate?: number | false, expire?: number }} CacheControl */

/**
 * What Next says about the entry it asks for or stores.
 * @typedef {{
 *   kind?: string,
 *   tags?: string[],
 *   softTags?: string[],
 *   revalidate?: number | false,
 *   cacheControl?: CacheControl,
 *   [field: string]: unknown,
 * }} CacheContext
 */

/**
 * What get() answers: Next's CacheHandlerValue.
 * @typedef {{ lastModified: number, value: CacheValue | null, cacheControl: CacheControl | undefined }} CacheHit
 */

/**
 * @typedef {object} Entry
 * @property {CacheValue | null} value
 * @property {number} lastModified when the render that stored it began (this process's clock)
 * @property {number} checkedAt from when a stamp heard here makes it a miss: its render's start, or
 *   for a row of the shared store, when it was asked for (the database judged the stamps before)
 * @property {CacheControl | undefined} cacheControl
 * @property {string[]} tags
 * @property {number} size
 * @property {string[] | null} hashes the inline scripts' hashes of a stored page (none for a plain one)
 * @property {string} policy its Content-Security-Policy
 * @property {string | undefined} nonce the nonce it was rendered with, if any
 * @property {string} etag its entity tag ("" for anything but a page)
 */

/**
 * @typedef {object} ReaderCacheStoreOptions
 * @property {string} [databaseUrl] none (during `next build`): memory only
 * @property {number} [pollIntervalMs]
 * @property {number} [maxBytes]
 * @property {boolean} [listen] false only in tests: the poll alone must still catch every stamp
 * @property {Pick<Console, "warn">} [log]
 * @property {string} [buildId] the build's id: with a database, pages are kept in the shared store under it
 * @property {number} [sharedTimeoutMs] the shared store's limit per query
 */

/**
 * A stored page's entity tag, computed once when it is stored. Next would hash the whole HTML again
 * on every response (next.config.ts: generateEtags is off), which was a fifth of the app's CPU per
 * cached story page. A reverse proxy answers If-None-Match with it (304).
 * @param {string} html
 */
function entityTag(html) {
  return `"${createHash("sha256").update(html).digest("base64url").slice(0, 32)}"`;
}

/**
 * A route handler's response that is an HTML page (the story page): stored and sent as reader pages are.
 * @param {{ status?: number, body?: unknown, headers?: Record<string, unknown> }} value
 */
function isHtmlRoute(value) {
  const type = value.headers?.["content-type"];
  return Buffer.isBuffer(value.body) && typeof type === "string" && type.startsWith("text/html");
}

function proxyExpiry() {
  return `@${Math.floor(Date.now() / 1000)}`;
}

/** @param {unknown} value */
function byteSize(value) {
  if (value == null) return 0;
  if (typeof value === "string") return value.length;
  const length = /** @type {{ byteLength?: unknown }} */ (value).byteLength;
  if (typeof length === "number") return length;
  return 0;
}

/**
 * @param {string} key
 * @param {CacheValue | null} value
 */
function entrySize(key, value) {
  let size = key.length + 256;
  if (!value) return size;
  switch (value.kind) {
    case "APP_PAGE":
      size += byteSize(value.html) + byteSize(value.rscData) + byteSize(value.postponed);
      if (value.segmentData) for (const [path, buffer] of value.segmentData) size += path.length + byteSize(buffer);
      return size;
    case "APP_ROUTE":
      return size + byteSize(value.body);
    case "FETCH":
      return size + byteSize(value.data?.body);
    default:
      return size + (JSON.stringify(value)?.length ?? 0);
  }
}

/**
 * @param {CacheValue | null} value
 * @param {CacheContext | undefined} ctx
 * @returns {string[]}
 */
function tagsOfEntry(value, ctx) {
  if (!value) return [];
  if (value.kind === "FETCH") return Array.isArray(ctx?.tags) ? [...ctx.tags] : [];
  const header = value.headers?.[TAGS_HEADER];
  return typeof header === "string" ? header.split(",").filter(Boolean) : [];
}

/**
 * @param {Entry} entry
 * @param {CacheContext | undefined} ctx
 */
function revalidateSeconds(entry, ctx) {
  if (entry.value?.kind === "FETCH") return ctx?.revalidate || entry.value.revalidate;
  return entry.cacheControl?.revalidate;
}

/**
 * One process's reader cache: the entries, and (through TagStamps) the tag stamps it knows and its
 * link to PostgreSQL. Exported for the tests, which run two of them against one database as two
 * instances would.
 */
export class ReaderCacheStore {
  /** @param {ReaderCacheStoreOptions} [options] */
  constructor({ databaseUrl, pollIntervalMs = 1000, maxBytes = 48 * 1024 * 1024, listen = true, log = console, buildId, sharedTimeoutMs } = {}) {
    this.maxBytes = maxBytes;
    /** @type {SharedPageStore | null} */
    this.shared = databaseUrl && buildId ? new SharedPageStore({ databaseUrl, buildId, log, timeoutMs: sharedTimeoutMs }) : null;
    /** @type {Set<Promise<void>>} writes to the shared store under way (flush() waits for them) */
    this.sharedWrites = new Set();
    /** @type {Map<string, Promise<void>>} key → its latest write under way */
    this.sharedWriteByKey = new Map();
    /** @type {Map<string, SharedServable>} ETag → a page sent straight from the shared store */
    this.sharedServable = new Map();
    /** @type {Map<string, Entry>} Map order is LRU order. */
    this.entries = new Map();
    /** @type {Map<string, string>} A stored page's ETag → its key (isServable). */
    this.keyByEtag = new Map();
    this.bytes = 0;
    /** @type {Map<string, PendingRender[]>} key → renders that will store it (a miss, or a hit past its revalidate time). */
    this.pendingRenders = new Map();
    this.stamps = new TagStamps({ databaseUrl, pollIntervalMs, listen, log, oldestInUse: () => this.oldestInUse() });
  }

  /** Whether the LISTEN connection is up (the poll runs either way). */
  get listening() {
    return this.stamps.listening;
  }

  /** Connects to PostgreSQL (when there is one): LISTEN, and the poll. */
  start() {
    this.stamps.start();
  }

  async stop() {
    await this.flush();
    await Promise.all([this.stamps.stop(), this.shared?.stop()]);
  }

  /** Waits for the writes to the shared store under way. */
  async flush() {
    while (this.sharedWrites.size > 0) await Promise.allSettled([...this.sharedWrites]);
  }

  /**
   * This process learns now that these tags changed.
   * @param {readonly string[]} tags
   */
  markRevalidated(tags) {
    this.stamps.markLocally(tags);
  }

  /**
   * Stamps tags for every instance (Next's revalidateTag and revalidatePath come here).
   * @param {readonly unknown[]} tags
   */
  revalidateTags(tags) {
    return this.stamps.revalidateTags(tags);
  }

  /** The local time before which no tag stamp matters: the oldest entry or render still kept. Forgets renders that never stored. */
  oldestInUse() {
    const now = Date.now();
    for (const [key, renders] of this.pendingRenders) {
      const live = renders.filter((render) => now - render.start <= PENDING_RENDER_MAX_MS);
      if (live.length === 0) this.pendingRenders.delete(key);
      else this.pendingRenders.set(key, live);
    }
    let oldest = now;
    for (const entry of this.entries.values()) oldest = Math.min(oldest, entry.checkedAt);
    for (const renders of this.pendingRenders.values()) for (const render of renders) oldest = Math.min(oldest, render.start);
    for (const servable of this.sharedServable.values()) oldest = Math.min(oldest, servable.checkedAt);
    return oldest;
  }

  /**
   * @param {string} key
   * @param {number} now
   */
  beginRender(key, now, snapshot = this.stamps.heardThrough) {
    const renders = (this.pendingRenders.get(key) ?? []).filter((render) => now - render.start <= PENDING_RENDER_MAX_MS);
    renders.push({ start: now, snapshot });
    this.pendingRenders.set(key, renders);
  }

  /**
   * When the render now storing `key` may have read the database: the earliest start of the renders
   * still in flight for it (renders may finish out of order, so never a later one), or now when set()
   * came without a miss. The latest start is retired, so the earliest stays for the renders left.
   * The snapshot is the earliest render's (null when set() came without a miss: then it is not
   * known what the render read, and the shared store does not keep it).
   * @param {string} key
   * @param {number} now
   * @returns {PendingRender}
   */
  finishRender(key, now) {
    const renders = this.pendingRenders.get(key);
    const first = renders?.[0];
    if (!renders || !first) return { start: now, snapshot: null };
    let earliest = first;
    let latest = first;
    for (const render of renders) {
      if (render.start < earliest.start) earliest = render;
      if (render.start >= latest.start) latest = render;
    }
    renders.splice(renders.indexOf(latest), 1);
    if (renders.length === 0) this.pendingRenders.delete(key);
    return { start: Math.min(earliest.start, now), snapshot: earliest.snapshot };
  }

  /**
   * Whether the stored page with this ETag may still be sent as it is: stored, not stamped since
   * it was rendered, not past its revalidate time. The same checks as get(), without their side
   * effects: lib/cache/page-responses.mjs asks before sending a recorded response again.
   * @param {string} etag
   * @param {number} [now]
   */
  isServable(etag, now = Date.now()) {
    const key = this.keyByEtag.get(etag);
    const entry = key === undefined ? undefined : this.entries.get(key);
    if (!entry || entry.etag !== etag) {
      const sent = this.sharedServable.get(etag);
      if (!sent) return false;
      if (this.stamps.isStampedSince(sent.tags, sent.checkedAt) || isPastItsTime(sent.revalidate, sent.lastModified, sent.tags, now)) {
        this.sharedServable.delete(etag);
        return false;
      }
      return true;
    }
    if (this.stamps.isStampedSince(entry.tags, entry.checkedAt)) return false;
    return !isPastItsTime(revalidateSeconds(entry, undefined), entry.lastModified, entry.tags, now);
  }

  /**
   * @param {string} key
   * @param {CacheContext | undefined} ctx
   * @param {string} [requestNonce] the nonce of this request's policy (proxy.ts), if it has one
   * @returns {CacheHit | null}
   */
  get(key, ctx, requestNonce) {
    const now = Date.now();
    const hit = this.getLocal(key, ctx, requestNonce, now);
    if (!hit) this.beginRender(key, now);
    return hit;
  }

  /**
   * get(), then on a miss the shared store: a page or feed another process (or this one before a
   * restart) rendered is served from its row, and kept in memory. Only a miss in both begins a render.
   * @param {string} key
   * @param {CacheContext | undefined} ctx
   * @param {string} [requestNonce]
   * @returns {Promise<CacheHit | null>}
   */
  async lookup(key, ctx, requestNonce) {
    const now = Date.now();
    const local = this.getLocal(key, ctx, requestNonce, now);
    if (local) return local;
    const kind = ctx?.kind;
    if (!this.shared || (kind !== undefined && !SHARED_KINDS.has(kind))) {
      this.beginRender(key, now);
      return null;
    }
    // A process just started has not polled yet: its first renders would not be kept by the store.
    if (this.stamps.heardThrough === null) await this.stamps.firstPoll(FIRST_POLL_WAIT_MS);
    // Taken before asking: a render that follows is fresh as of what this process had heard then.
    const snapshot = this.stamps.heardThrough;
    // A stamp heard in the same millisecond as the question would count against the row (checkedAt)
    // and against the render that follows a miss: those heard before it are committed already (or,
    // marked here, their change is), so ask, and begin the render, in a later millisecond.
    if (Date.now() <= this.stamps.lastMarkAt) await new Promise((resolve) => setTimeout(resolve, 1));
    const askedAt = Date.now();
    // The fast path asked the store for this request's path a moment ago and it held nothing there
    // (lib/cache/page-responses.mjs): no second question for the page's key (docs/fast-paths.md).
    const row = (kind === "APP_PAGE" || kind === "APP_ROUTE") && currentResponse()?.nothingStored ? null : await this.shared.get(key);
    const entry = row ? this.entryFromShared(key, row, askedAt) : null;
    if (!entry || (kind !== undefined && entry.value?.kind !== kind)) {
      this.beginRender(key, askedAt, snapshot);
      return null;
    }
    if (snapshot === null) {
      // Before this process's first poll a stamp it applies counts from the moment it applies it,
      // which would make this entry a miss at once: served, not kept.
      return { lastModified: entry.lastModified, value: this.forRequest(entry, requestNonce), cacheControl: entry.cacheControl };
    }
    this.insert(key, entry);
    return this.getLocal(key, ctx, requestNonce, Date.now()) ?? (this.beginRender(key, askedAt, snapshot), null);
  }

  /**
   * An entry for memory from a row of the shared store, or null when it does not hold one or this
   * process has heard of a stamp of its tags since its render began (marked here before the stamp
   * reached the database, or not yet applied there).
   * @param {string} key
   * @param {import("./shared-store.mjs").SharedHit} row
   * @param {number} askedAt this process's clock before the query
   * @returns {Entry | null}
   */
  entryFromShared(key, row, askedAt) {
    const meta = /** @type {Partial<Entry>} */ (row.meta);
    if (typeof meta.etag !== "string" || typeof meta.policy !== "string" || !Array.isArray(meta.tags)) return null;
    const lastModified = askedAt - row.ageMs;
    if (this.stamps.isMarkedLocallySince(row.tags, lastModified)) return null;
    /** @type {Entry} */
    const entry = {
      value: /** @type {CacheValue | null} */ (meta.value ?? null),
      lastModified,
      checkedAt: askedAt,
      cacheControl: meta.cacheControl ?? undefined,
      tags: row.tags,
      size: 0,
      hashes: Array.isArray(meta.hashes) ? meta.hashes : null,
      policy: meta.policy,
      nonce: typeof meta.nonce === "string" ? meta.nonce : undefined,
      etag: meta.etag,
    };
    entry.size = entrySize(key, entry.value);
    return entry;
  }

  /**
   * The entry in memory, if it is still good (then it becomes the most recently used).
   * @param {string} key
   * @param {CacheContext | undefined} ctx
   * @param {string | undefined} requestNonce
   * @param {number} now
   * @returns {CacheHit | null}
   */
  getLocal(key, ctx, requestNonce, now) {
    const entry = this.entries.get(key);
    if (!entry) return null;
    const requestTags = ctx?.kind === "FETCH" ? [...(ctx.tags ?? []), ...(ctx.softTags ?? [])] : [];
    // Stamped since, or made untrue by the clock (lib/cache/expiry.mjs): rendered again before
    // anyone is sent it.
    if (this.stamps.isStampedSince(entry.tags, entry.checkedAt) || this.stamps.isStampedSince(requestTags, entry.checkedAt) || expiryOf(entry.tags) <= now) {
      this.delete(key);
      return null;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Past its revalidate time Next serves it once more and renders it again in the background.
    const revalidate = revalidateSeconds(entry, ctx);
    if (typeof revalidate === "number" && now - entry.lastModified > revalidate * 1000) this.beginRender(key, now);
    return { lastModified: entry.lastModified, value: this.forRequest(entry, requestNonce), cacheControl: entry.cacheControl };
  }

  /**
   * A stored page for this request: with its script hashes, or re-nonced when proxy.ts gave this request a nonce policy.
   * @param {Entry} entry
   * @param {string | undefined} requestNonce
   * @returns {CacheValue | null}
   */
  forRequest(entry, requestNonce) {
    const value = entry.value;
    if (value?.kind === "APP_ROUTE") return { ...value, headers: { ...value.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() } };
    if (value?.kind !== "APP_PAGE" || !entry.hashes) return value;
    /** @type {Record<string, string | string[] | undefined>} */
    const headers = { ...value.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() };
    if (!requestNonce) {
      headers[CSP_HEADER] = entry.policy;
      headers[ETAG_HEADER] = entry.etag;
      return { ...value, headers };
    }
    // Re-nonced below: other bytes, so not the stored page's entity tag.
    delete headers[CSP_HEADER];
    delete headers[ETAG_HEADER];
    const html = entry.nonce && entry.nonce !== requestNonce && value.html !== undefined ? value.html.split(entry.nonce).join(requestNonce) : value.html;
    return { ...value, html, headers };
  }

  /**
   * @param {string} key
   * @param {CacheValue | null} data
   * @param {CacheContext | undefined} ctx
   * @param {string} [requestNonce]
   */
  set(key, data, ctx, requestNonce) {
    // The render began at the miss: a stamp received after that may have come after it read the database.
    const render = this.finishRender(key, Date.now());
    const lastModified = render.start;
    /** @type {Entry} */
    const entry = { value: data, lastModified, checkedAt: lastModified, cacheControl: ctx?.cacheControl, tags: tagsOfEntry(data, ctx), size: 0, hashes: null, policy: "", nonce: undefined, etag: "" };
    if (data?.kind === "APP_PAGE" && typeof data.html === "string") {
      // A page readers get (200) goes out as plain HTML, under a policy that lets no script run
      // (lib/cache/plain-html.mjs). A 404 keeps the framework and lists its inline scripts' hashes:
      // Next puts a not-found page's text only in its flight data (vercel/next.js#62228).
      const plain = data.status === undefined || data.status === 200;
      if (plain) data.html = withoutScripts(data.html);
      const html = /** @type {string} */ (data.html);
      entry.hashes = plain ? [] : inlineScriptHashes(html);
      entry.policy = plain ? scriptFreePolicy() : hashPolicy(entry.hashes);
      entry.nonce = renderedNonce(html);
      // The response to this request is built from `data` after set() returns: give it the header too.
      entry.etag = entityTag(html);
      /** @type {Record<string, string | string[] | undefined>} */
      const headers = { ...data.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() };
      if (requestNonce) {
        delete headers[CSP_HEADER];
        delete headers[ETAG_HEADER];
      } else {
        headers[CSP_HEADER] = entry.policy;
        headers[ETAG_HEADER] = entry.etag;
      }
      data.headers = headers;
    }
    if (data?.kind === "APP_ROUTE") {
      /** @type {Record<string, string | string[] | undefined>} */
      const headers = { ...data.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() };
      // A page a route handler writes as HTML (the story page, lib/reader-html) is a reader page
      // like any other: no script in it, so the same script-free policy, and an entity tag, which
      // also lets its row be written with the response sent and the fast path send it again.
      if (isHtmlRoute(data)) {
        entry.hashes = [];
        entry.policy = scriptFreePolicy();
        entry.etag = entityTag(/** @type {Buffer} */ (data.body).toString("utf8"));
        headers[CSP_HEADER] = entry.policy;
        headers[ETAG_HEADER] = entry.etag;
      }
      data.headers = headers;
    }
    entry.size = entrySize(key, data);
    this.share(key, entry, render.snapshot);
    this.insert(key, entry);
  }

  /**
   * Writes a page or feed to the shared store, in the background, when what it is fresh as of is
   * known and no stamp of its tags has been heard here since its render began.
   * @param {string} key
   * @param {Entry} entry
   * @param {string | null} snapshot
   */
  share(key, entry, snapshot) {
    const value = entry.value;
    if (!this.shared || !value || !SHARED_KINDS.has(value.kind) || snapshot === null) return;
    if (this.stamps.isStampedSince(entry.tags, entry.lastModified)) return;
    const revalidate = entry.cacheControl?.revalidate;
    const shared = this.shared;
    const watch = currentResponse();
    /** @type {import("./shared-store.mjs").SharedRecord["meta"]} */
    const meta = { value, cacheControl: entry.cacheControl, tags: entry.tags, hashes: entry.hashes, policy: entry.policy, nonce: entry.nonce, etag: entry.etag };
    /** @param {import("./response-scope.mjs").SentResponse | null} response */
    const store = (response) =>
      shared.set(
        key,
        {
          kind: value.kind,
          tags: entry.tags,
          freshAsOf: snapshot,
          renderAgeMs: Date.now() - entry.lastModified,
          revalidate: typeof revalidate === "number" ? revalidate : null,
          etag: entry.etag,
          meta,
        },
        response,
        watch?.path ?? null,
      );
    // A render for a response serve.mjs watches waits for it, so the row is written once, with the
    // headers and gzip body sent (lib/cache/response-scope.mjs); any other is written now.
    /** @type {Promise<void>} */
    const write = new Promise((resolve) => {
      const held = entry.etag !== "" && watch?.hold(entry.etag, (response) => resolve(store(response)));
      if (!held) resolve(store(null));
    })
      .finally(() => {
        this.sharedWrites.delete(write);
        if (this.sharedWriteByKey.get(key) === write) this.sharedWriteByKey.delete(key);
      });
    this.sharedWrites.add(write);
    this.sharedWriteByKey.set(key, write);
  }

  /**
   * Puts an entry in memory, most recently used, dropping the least recently used beyond the bound.
   * @param {string} key
   * @param {Entry} entry
   */
  insert(key, entry) {
    if (entry.size > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, entry);
    if (entry.etag) this.keyByEtag.set(entry.etag, key);
    this.bytes += entry.size;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  /**
   * A stored page ready to send without Next (lib/cache/page-responses.mjs): fresh in the shared
   * store, with the gzip body and the headers Next sent for it. Remembered here so the same
   * response may be sent again while it stays fresh (isServable).
   * @param {string} path the request's path
   * @param {() => void} [onNothingStored] called when the store holds no row at all at this path
   */
  async sharedResponse(path, onNothingStored) {
    if (!this.shared) return null;
    const askedAt = Date.now();
    const response = await this.shared.getResponse(path, onNothingStored);
    if (!response) return null;
    const lastModified = askedAt - response.ageMs;
    if (this.stamps.isMarkedLocallySince(response.tags, lastModified)) return null;
    if (isPastItsTime(response.revalidate, lastModified, response.tags, askedAt)) return null;
    this.sharedServable.delete(response.etag);
    this.sharedServable.set(response.etag, { tags: response.tags, lastModified, checkedAt: askedAt, revalidate: response.revalidate });
    for (const oldest of this.sharedServable.keys()) {
      if (this.sharedServable.size <= MAX_SHARED_SERVABLE) break;
      this.sharedServable.delete(oldest);
    }
    return response;
  }

  /**
   * Keeps the headers and the gzip body Next sent with a stored page in the shared store, so every
   * process can send that page without Next (lib/cache/page-responses.mjs).
   * @param {string} path
   * @param {string} etag
   * @param {Array<[string, string | string[]]>} headers
   * @param {Buffer | null} [gzip] the body as Next sent it (Content-Encoding: gzip), when it was kept
   */
  async recordResponseHeaders(path, etag, headers, gzip = null) {
    // The page with this ETag is in memory here (it was just stored or read): its key is known.
    const key = this.keyByEtag.get(etag);
    if (key === undefined || !this.shared) return;
    // The response to the render that stores the page ends before its row is written: wait for it.
    await this.sharedWriteByKey.get(key);
    await this.shared.recordHeaders(key, path, etag, headers, gzip);
  }

  /** @param {string} key */
  delete(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.etag && this.keyByEtag.get(entry.etag) === key) this.keyByEtag.delete(entry.etag);
    this.bytes -= entry.size;
  }
}
