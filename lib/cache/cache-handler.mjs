// Next's cache handler for Newsdesk (next.config.ts `cacheHandler`): rendered reader pages, route
// responses (feeds) and unstable_cache data live in this process's memory, bounded and LRU by size;
// whether they are still good is decided by PostgreSQL. Every change readers can see stamps its
// tags in the "CacheTag" table and NOTIFYs newsdesk_cache (lib/cache/invalidate.ts, or Next's own
// revalidateTag/revalidatePath through revalidateTag below); each instance LISTENs, and polls the
// table every second in case a notification was missed. An entry whose tags were stamped after it
// began rendering is a miss: the next request renders it afresh. So a change made through one
// instance is never served stale by another. See docs/caching.md.
//
// Plain JavaScript, loaded by Next unbundled in the server process. During `next build` there is
// no database: the handler then keeps memory only.

import { createHash } from "node:crypto";

import pg from "pg";

import { env } from "../env.mjs";
import { hashPolicy, inlineScriptHashes, nonceFromPolicy, renderedNonce, scriptFreePolicy } from "./csp.mjs";
import { withoutScripts } from "./plain-html.mjs";
import { CACHE_CHANNEL, chunkTagsForNotify, STAMP_SQL } from "./stamp.mjs";

const TAGS_HEADER = "x-next-cache-tags";
const CSP_HEADER = "content-security-policy";
const ETAG_HEADER = "etag";
/**
 * For a reverse proxy in front (deploy/nginx/newsdesk.conf): keep this response until the end of
 * the current second. nginx counts whole seconds, so its own "1s" keeps a page up to 2 s; an
 * absolute expiry at this second's end keeps it at most 1 s. nginx does not pass the header on.
 */
const PROXY_EXPIRES_HEADER = "x-accel-expires";

/**
 * A stored page's entity tag, computed once when it is stored. Next would hash the whole HTML again
 * on every response (next.config.ts: generateEtags is off), which was a fifth of the app's CPU per
 * cached story page. A reverse proxy answers If-None-Match with it (304).
 */
function entityTag(html) {
  return `"${createHash("sha256").update(html).digest("base64url").slice(0, 32)}"`;
}

function proxyExpiry() {
  return `@${Math.floor(Date.now() / 1000)}`;
}
const PROCESS_STORE = Symbol.for("newsdesk.readerCache.store");
/** invalidateReaderCache (lib/cache/invalidate.ts) calls this in the same process. */
const LOCAL_HOOK = Symbol.for("newsdesk.readerCache");

/** The poll looks this far behind the newest stamp it has seen: a stamp's time is taken a moment before it commits. */
const POLL_OVERLAP_MS = 10_000;
/** A render that has not stored its result after this long is forgotten (it failed or was dynamic). */
const PENDING_RENDER_MAX_MS = 60_000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;
const PRUNE_EVERY_MS = 60_000;

function byteSize(value) {
  if (value == null) return 0;
  if (typeof value === "string") return value.length;
  if (typeof value.byteLength === "number") return value.byteLength;
  return 0;
}

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

function tagsOfEntry(value, ctx) {
  if (!value) return [];
  if (value.kind === "FETCH") return Array.isArray(ctx?.tags) ? [...ctx.tags] : [];
  const header = value.headers?.[TAGS_HEADER];
  return typeof header === "string" ? header.split(",").filter(Boolean) : [];
}

function revalidateSeconds(entry, ctx) {
  if (entry.value?.kind === "FETCH") return ctx?.revalidate || entry.value.revalidate;
  return entry.cacheControl?.revalidate;
}

/**
 * One process's reader cache: the entries, the tag stamps it knows, and its link to PostgreSQL.
 * Exported for the tests, which run two of them against one database as two instances would.
 */
export class ReaderCacheStore {
  constructor({ databaseUrl, pollIntervalMs = 1000, maxBytes = 256 * 1024 * 1024, listen = true, log = console } = {}) {
    this.databaseUrl = databaseUrl;
    /** false only in tests: the poll alone must still catch every stamp. */
    this.listen = listen;
    this.pollIntervalMs = pollIntervalMs;
    this.maxBytes = maxBytes;
    this.log = log;
    /** key → { value, lastModified, cacheControl, tags, size, hashes, policy, nonce, etag }; Map order is LRU order. */
    this.entries = new Map();
    /** A stored page's ETag → its key (isServable). */
    this.keyByEtag = new Map();
    this.bytes = 0;
    /** tag → local time this process learnt it was stamped. */
    this.tagStampedAt = new Map();
    /** tag → newest stamp time (the database's clock) this process has seen, so the poll skips what NOTIFY brought. */
    this.tagDbTimes = new Map();
    /** key → start times of renders that will store it (a miss, or a hit past its revalidate time). */
    this.pendingRenders = new Map();
    this.newestDbTime = null;
    this.listener = null;
    this.listening = false;
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.reconnectTimer = null;
    this.pollTimer = null;
    this.polling = false;
    this.pool = null;
    this.stopped = false;
    this.lastPrune = Date.now();
    this.lastError = "";
  }

  /** Connects to PostgreSQL (when there is one): LISTEN, and the poll. */
  start() {
    if (!this.databaseUrl || this.pool) return;
    this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 2, allowExitOnIdle: true, application_name: "newsdesk-cache" });
    this.pool.on("error", (error) => this.warn("Reader cache: idle database connection failed", error));
    if (this.listen) void this.connectListener();
    this.pollTimer = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.pollTimer.unref?.();
    void this.poll();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    this.listening = false;
    await Promise.allSettled([listener?.end(), this.pool?.end()]);
    this.pool = null;
  }

  warn(message, error) {
    const text = `${message}: ${error instanceof Error ? error.message : String(error)}`;
    if (text === this.lastError) return;
    this.lastError = text;
    this.log.warn(text);
  }

  async connectListener() {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, application_name: "newsdesk-cache-listener" });
    this.listener = client;
    let failed = false;
    const fail = (error) => {
      if (failed) return;
      failed = true;
      this.listening = false;
      if (this.listener === client) this.listener = null;
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      if (this.stopped) return;
      this.warn(`Reader cache: lost LISTEN ${CACHE_CHANNEL}, reconnecting in ${this.reconnectDelay} ms (the poll covers the gap)`, error);
      this.reconnectTimer = setTimeout(() => void this.connectListener(), this.reconnectDelay);
      this.reconnectTimer.unref?.();
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("connection ended")));
    client.on("notification", (message) => {
      if (message.channel === CACHE_CHANNEL) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
      if (failed) return;
      this.listening = true;
      this.reconnectDelay = RECONNECT_MIN_MS;
      this.lastError = "";
      // Anything stamped while we were not listening is in the table: look now rather than in a second.
      void this.poll();
    } catch (error) {
      fail(error);
    }
  }

  receive(payload) {
    let message;
    try {
      message = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const tags = Array.isArray(message) ? message : message?.tags;
    if (!Array.isArray(tags)) return;
    const strings = tags.filter((tag) => typeof tag === "string");
    this.markRevalidated(strings);
    if (typeof message?.at === "number") for (const tag of strings) this.noteDbTime(tag, message.at);
  }

  noteDbTime(tag, at) {
    const known = this.tagDbTimes.get(tag);
    if (known === undefined || at > known) this.tagDbTimes.set(tag, at);
    if (this.newestDbTime === null || at > this.newestDbTime) this.newestDbTime = at;
  }

  /** The poll: the safety net under LISTEN. Stamps it has not already heard of are applied now. */
  async poll() {
    if (!this.pool || this.polling || this.stopped) return;
    this.polling = true;
    try {
      if (this.newestDbTime === null) {
        const { rows } = await this.pool.query(`SELECT (extract(epoch FROM max("revalidatedAt")) * 1000)::float8 AS "at" FROM "CacheTag"`);
        this.newestDbTime = rows[0]?.at ?? 0;
      }
      const since = this.newestDbTime - POLL_OVERLAP_MS;
      const { rows } = await this.pool.query(
        `SELECT "tag", (extract(epoch FROM "revalidatedAt") * 1000)::float8 AS "at" FROM "CacheTag" WHERE "revalidatedAt" > to_timestamp($1::float8 / 1000)`,
        [since],
      );
      const missed = [];
      for (const { tag, at } of rows) {
        const known = this.tagDbTimes.get(tag);
        if (known === undefined || at > known) missed.push(tag);
        this.noteDbTime(tag, at);
      }
      if (missed.length > 0) this.markRevalidated(missed);
      this.prune();
    } catch (error) {
      this.warn("Reader cache: polling CacheTag failed", error);
    } finally {
      this.polling = false;
    }
  }

  /** Forget tag stamps no entry can be older than. */
  prune() {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    for (const [key, starts] of this.pendingRenders) {
      const live = starts.filter((start) => now - start <= PENDING_RENDER_MAX_MS);
      if (live.length === 0) this.pendingRenders.delete(key);
      else this.pendingRenders.set(key, live);
    }
    let oldest = now;
    for (const entry of this.entries.values()) oldest = Math.min(oldest, entry.lastModified);
    for (const starts of this.pendingRenders.values()) oldest = Math.min(oldest, ...starts);
    for (const [tag, at] of this.tagStampedAt) if (at < oldest) this.tagStampedAt.delete(tag);
    for (const [tag, at] of this.tagDbTimes) if (at < (this.newestDbTime ?? 0) - 2 * POLL_OVERLAP_MS) this.tagDbTimes.delete(tag);
  }

  /** This process learns now that these tags changed. */
  markRevalidated(tags) {
    const now = Date.now();
    for (const tag of tags) this.tagStampedAt.set(tag, now);
  }

  /** Stamps tags for every instance (Next's revalidateTag and revalidatePath come here). */
  async revalidateTags(tags) {
    const unique = [...new Set(tags)].filter((tag) => typeof tag === "string" && tag !== "");
    if (unique.length === 0) return;
    this.markRevalidated(unique);
    if (!this.pool) return;
    for (const chunk of chunkTagsForNotify(unique)) await this.pool.query(STAMP_SQL, [chunk, CACHE_CHANNEL]);
  }

  isStampedSince(tags, since) {
    for (const tag of tags) {
      const at = this.tagStampedAt.get(tag);
      if (at !== undefined && at >= since) return true;
    }
    return false;
  }

  beginRender(key, now) {
    const starts = (this.pendingRenders.get(key) ?? []).filter((start) => now - start <= PENDING_RENDER_MAX_MS);
    starts.push(now);
    this.pendingRenders.set(key, starts);
  }

  /**
   * When the render now storing `key` may have read the database: the earliest start of the renders
   * still in flight for it (renders may finish out of order, so never a later one), or now when set()
   * came without a miss. The latest start is retired, so the earliest stays for the renders left.
   */
  finishRender(key, now) {
    const starts = this.pendingRenders.get(key);
    if (!starts || starts.length === 0) return now;
    const earliest = Math.min(...starts);
    starts.splice(starts.indexOf(Math.max(...starts)), 1);
    if (starts.length === 0) this.pendingRenders.delete(key);
    return Math.min(earliest, now);
  }

  /**
   * Whether the stored page with this ETag may still be sent as it is: stored, not stamped since
   * it was rendered, not past its revalidate time. The same checks as get(), without their side
   * effects: lib/cache/page-responses.mjs asks before sending a recorded response again.
   */
  isServable(etag, now = Date.now()) {
    const key = this.keyByEtag.get(etag);
    const entry = key === undefined ? undefined : this.entries.get(key);
    if (!entry || entry.etag !== etag) return false;
    if (this.isStampedSince(entry.tags, entry.lastModified)) return false;
    const revalidate = revalidateSeconds(entry, undefined);
    return !(typeof revalidate === "number" && now - entry.lastModified > revalidate * 1000);
  }

  get(key, ctx, requestNonce) {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (!entry) {
      this.beginRender(key, now);
      return null;
    }
    const requestTags = ctx?.kind === "FETCH" ? [...(ctx.tags ?? []), ...(ctx.softTags ?? [])] : [];
    if (this.isStampedSince(entry.tags, entry.lastModified) || this.isStampedSince(requestTags, entry.lastModified)) {
      this.delete(key);
      this.beginRender(key, now);
      return null;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    const revalidate = revalidateSeconds(entry, ctx);
    // Past its revalidate time Next serves it once more and renders it again in the background.
    if (typeof revalidate === "number" && now - entry.lastModified > revalidate * 1000) this.beginRender(key, now);
    return { lastModified: entry.lastModified, value: this.forRequest(entry, requestNonce), cacheControl: entry.cacheControl };
  }

  /** A stored page for this request: with its script hashes, or re-nonced when proxy.ts gave this request a nonce policy. */
  forRequest(entry, requestNonce) {
    const value = entry.value;
    if (value?.kind === "APP_ROUTE") return { ...value, headers: { ...value.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() } };
    if (value?.kind !== "APP_PAGE" || !entry.hashes) return value;
    const headers = { ...value.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() };
    if (!requestNonce) {
      headers[CSP_HEADER] = entry.policy;
      headers[ETAG_HEADER] = entry.etag;
      return { ...value, headers };
    }
    // Re-nonced below: other bytes, so not the stored page's entity tag.
    delete headers[CSP_HEADER];
    delete headers[ETAG_HEADER];
    const html = entry.nonce && entry.nonce !== requestNonce ? value.html.split(entry.nonce).join(requestNonce) : value.html;
    return { ...value, html, headers };
  }

  set(key, data, ctx, requestNonce) {
    // The render began at the miss: a stamp received after that may have come after it read the database.
    const lastModified = this.finishRender(key, Date.now());
    const entry = { value: data, lastModified, cacheControl: ctx?.cacheControl, tags: tagsOfEntry(data, ctx), size: 0, hashes: null, policy: "", nonce: undefined, etag: "" };
    if (data?.kind === "APP_PAGE" && typeof data.html === "string") {
      // A page readers get (200) goes out as plain HTML, under a policy that lets no script run
      // (lib/cache/plain-html.mjs). A 404 keeps the framework and lists its inline scripts' hashes:
      // Next puts a not-found page's text only in its flight data (vercel/next.js#62228).
      const plain = data.status === undefined || data.status === 200;
      if (plain) data.html = withoutScripts(data.html);
      entry.hashes = plain ? [] : inlineScriptHashes(data.html);
      entry.policy = plain ? scriptFreePolicy() : hashPolicy(entry.hashes);
      entry.nonce = renderedNonce(data.html);
      // The response to this request is built from `data` after set() returns: give it the header too.
      entry.etag = entityTag(data.html);
      data.headers = { ...data.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() };
      if (requestNonce) {
        delete data.headers[CSP_HEADER];
        delete data.headers[ETAG_HEADER];
      } else {
        data.headers[CSP_HEADER] = entry.policy;
        data.headers[ETAG_HEADER] = entry.etag;
      }
    }
    if (data?.kind === "APP_ROUTE") data.headers = { ...data.headers, [PROXY_EXPIRES_HEADER]: proxyExpiry() };
    entry.size = entrySize(key, data);
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

  delete(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.etag && this.keyByEtag.get(entry.etag) === key) this.keyByEtag.delete(entry.etag);
    this.bytes -= entry.size;
  }
}

function processStore() {
  const holder = globalThis;
  if (!holder[PROCESS_STORE]) {
    const isBuild = env.NEXT_PHASE === "phase-production-build";
    const store = new ReaderCacheStore({
      databaseUrl: isBuild ? undefined : env.DATABASE_URL,
      pollIntervalMs: env.NEWSDESK_CACHE_POLL_MS,
      maxBytes: env.NEWSDESK_CACHE_MAX_BYTES,
    });
    store.start();
    holder[PROCESS_STORE] = store;
    holder[LOCAL_HOOK] = { markRevalidated: (tags) => store.markRevalidated(tags) };
  }
  return holder[PROCESS_STORE];
}

/** Next makes one of these per request; the store behind them is the process's. */
export default class NewsdeskCacheHandler {
  constructor(ctx) {
    this.store = processStore();
    // proxy.ts gives requests to pages rendered per request a nonce policy; a stored page served to such a request must follow it.
    this.requestNonce = nonceFromPolicy(ctx?._requestHeaders?.[CSP_HEADER]);
  }

  async get(key, ctx) {
    return this.store.get(key, ctx, this.requestNonce);
  }

  async set(key, data, ctx) {
    this.store.set(key, data, ctx, this.requestNonce);
  }

  async revalidateTag(tags) {
    await this.store.revalidateTags(typeof tags === "string" ? [tags] : tags);
  }

  resetRequestCache() {}
}
