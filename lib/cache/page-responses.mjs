// @ts-check
// Whole responses for cached reader pages, kept per app process and sent again without going
// through Next's request handling while the page they came from is still fresh.
//
// A reader page served from the reader cache (lib/cache/cache-handler.mjs) still cost about 2.5 ms
// of CPU per request: Next's routing, its page handler and gzipping the same HTML again, two
// thirds and a sixth of it. So scripts/serve.mjs asks this module first. When Next answers an
// anonymous-looking GET for a page from the reader cache (x-nextjs-cache: HIT, with the ETag the
// cache handler gave the stored page) the response is recorded as sent: status, headers and the
// compressed body. The next request for the same path with the same Accept-Encoding gets those
// bytes again, as long as the reader cache says the page with that ETag is still fresh: not
// stamped since it was rendered (the same check, on the same stamps from PostgreSQL, that decides
// whether Next may serve it) and not past its revalidate time. Otherwise the request goes to Next,
// which renders afresh and is recorded again. So freshness is exactly the reader cache's; this only
// skips the work between a cache hit and the bytes on the wire.
//
// Only requests Next would answer with the same bytes are served: GET, no query string (a `?page=`
// is rewritten), none of the headers that ask Next for something else (RSC flight data, prefetches,
// server actions: "rsc" and "next-*"), no "%" in the path (proxy.ts answers those).
//
// A page this process has not sent yet may still be in the shared store (lib/cache/shared-store.mjs):
// once any process has sent it through Next, the store holds the headers and the gzip body Next
// sent, so serveShared() sends it from one indexed query, judged fresh by the database exactly as
// the cache handler's read is, without Next and without compressing. Plain
// JavaScript: serve.mjs loads it unbundled.

import { env } from "../env.mjs";

/** @typedef {import("node:http").IncomingMessage} IncomingMessage */
/** @typedef {import("node:http").ServerResponse} ServerResponse */
/** @typedef {import("node:http").OutgoingHttpHeader} OutgoingHttpHeader */

/** What this module asks of the reader cache (lib/cache/reader-cache-store.mjs). */
/**
 * @typedef {{
 *   isServable(etag: string): boolean,
 *   sharedResponse?(path: string, onNothingStored?: () => void): Promise<import("./shared-store.mjs").SharedResponse | null>,
 *   recordResponseHeaders?(path: string, etag: string, headers: Array<[string, string | string[]]>, gzip?: Buffer | null): Promise<void>,
 * }} ServableStore
 */

/** @typedef {{ etag: string, headers: Array<[string, OutgoingHttpHeader]>, body: Buffer }} RecordedResponse */
/** @typedef {import("./response-scope.mjs").ResponseWatch} ResponseWatch */
/** @typedef {import("./response-scope.mjs").HeldWrite} HeldWrite */
/** @typedef {import("./response-scope.mjs").SentResponse} SentResponse */


/** Where the cache handler (lib/cache/cache-handler.mjs) leaves the process's store. */
const STORE = Symbol.for("newsdesk.readerCache.store");
/** Headers that belong to one connection or one moment, never replayed. */
const NOT_REPLAYED = new Set(["connection", "keep-alive", "transfer-encoding", "date", "content-length", "x-accel-expires"]);
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** How many ETags this process remembers having recorded headers for in the shared store. */
const MAX_RECORDED_ETAGS = 10_000;
/** A row write held for a response that neither finishes nor closes is let go after this long. */
const MAX_HOLD_MS = 10_000;

/**
 * The encoding of the stored copy to send for this Accept-Encoding, or null (then Next answers).
 * The store keeps one copy, gzip: the body Next sent (Next compresses with gzip only).
 * @param {string | string[] | undefined} accept
 * @returns {"gzip" | null}
 */
export function sharedEncoding(accept) {
  const text = Array.isArray(accept) ? accept.join(",") : (accept ?? "");
  /** @param {string} name */
  const accepts = (name) => text.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== name) return false;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
  return accepts("gzip") ? "gzip" : null;
}

/**
 * The key of a request this module may answer, or null.
 * @param {Pick<IncomingMessage, "method" | "url" | "headers">} req
 * @returns {string | null}
 */
export function replayKey(req) {
  if (req.method !== "GET") return null;
  const url = req.url ?? "";
  if (url.includes("?") || url.includes("%") || !url.startsWith("/")) return null;
  for (const name of Object.keys(req.headers)) {
    if (name === "rsc" || name.startsWith("next-")) return null;
  }
  // Next's draft mode renders past the cache (the app does not use it; a request asking for it still goes to Next).
  if ((req.headers.cookie ?? "").includes("__prerender_bypass")) return null;
  return `${url}\n${req.headers["accept-encoding"] ?? ""}`;
}

/**
 * The headers of a gzip response as the shared store keeps them (without Content-Encoding, which
 * the fast path sets itself), or null for a response that was not gzipped.
 * @param {Array<[string, OutgoingHttpHeader]>} headers
 * @returns {Array<[string, string | string[]]> | null}
 */
function sharedHeaders(headers) {
  if (headers.find(([name]) => name === "content-encoding")?.[1] !== "gzip") return null;
  /** @type {Array<[string, string | string[]]>} */
  const kept = [];
  for (const [name, value] of headers) {
    if (name === "content-encoding") continue;
    kept.push([name, typeof value === "number" ? String(value) : value]);
  }
  return kept;
}

/** The same "@<epoch second>" the cache handler sends: a reverse proxy keeps the page until this second ends. */
function proxyExpiry() {
  return `@${Math.floor(Date.now() / 1000)}`;
}

export class PageResponses {
  /**
   * @param {object} [options]
   * @param {ServableStore | (() => ServableStore | undefined)} [options.store]
   *   the reader cache (or a function finding it: the cache handler creates it on Next's first use)
   * @param {number} [options.maxEntries]
   * @param {number} [options.maxBytes]
   */
  constructor({ store = () => /** @type {{ [STORE]?: ServableStore }} */ (globalThis)[STORE], maxEntries = 2000, maxBytes = 64 * 1024 * 1024 } = {}) {
    /** @type {() => ServableStore | undefined} */
    this.findStore = typeof store === "function" ? store : () => store;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    /** @type {Map<string, RecordedResponse>} */
    this.entries = new Map();
    this.bytes = 0;
    /** @type {Set<string>} ETags whose headers this process has written to the shared store */
    this.recordedEtags = new Set();
    /** @type {WeakSet<IncomingMessage>} requests whose path the shared store held nothing at (serveShared) */
    this.nothingStored = new WeakSet();
  }

  /**
   * Whether serveShared() may answer this request: one this module would send again, for a
   * process with a shared store.
   * @param {Pick<IncomingMessage, "method" | "url" | "headers">} req
   */
  mayServeShared(req) {
    const store = this.findStore();
    return Boolean(store?.sharedResponse) && replayKey(req) !== null && sharedEncoding(req.headers["accept-encoding"]) !== null;
  }

  /**
   * Sends a page from the shared store (fresh there, with headers a process recorded from Next)
   * and returns true, or returns false and leaves the request to Next.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async serveShared(req, res) {
    const key = replayKey(req);
    const encoding = sharedEncoding(req.headers["accept-encoding"]);
    const store = this.findStore();
    if (key === null || encoding === null || !store?.sharedResponse) return false;
    const path = /** @type {string} */ (req.url);
    const response = await store.sharedResponse(path, () => this.nothingStored.add(req));
    if (!response || res.headersSent) return false;
    /** @type {Array<[string, OutgoingHttpHeader]>} */
    const headers = [];
    for (const [name, value] of response.headers) {
      if (!NOT_REPLAYED.has(name) && name !== "content-encoding" && name !== "vary") headers.push([name, value]);
    }
    const vary = response.headers.find(([name]) => name === "vary")?.[1];
    const varyText = Array.isArray(vary) ? vary.join(", ") : (vary ?? "");
    headers.push(["vary", /\baccept-encoding\b/i.test(varyText) ? varyText : varyText ? `${varyText}, Accept-Encoding` : "Accept-Encoding"]);
    headers.push(["content-encoding", response.encoding]);
    for (const [name, value] of headers) res.setHeader(name, value);
    res.setHeader("x-accel-expires", proxyExpiry());
    res.setHeader("content-length", response.body.length);
    res.statusCode = 200;
    res.end(response.body);
    this.add(key, { etag: response.etag, headers, body: response.body });
    return true;
  }

  /**
   * Sends the recorded response for this request and returns true, or returns false and leaves it to Next.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  serve(req, res) {
    const key = replayKey(req);
    if (key === null) return false;
    const entry = this.entries.get(key);
    if (!entry) return false;
    const store = this.findStore();
    if (!store || !store.isServable(entry.etag)) {
      this.delete(key);
      return false;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    res.setHeader("x-accel-expires", proxyExpiry());
    res.setHeader("content-length", entry.body.length);
    res.statusCode = 200;
    res.end(entry.body);
    return true;
  }

  /**
   * Watches Next's answer to this request and keeps it if it is a reader-cache hit that can be sent
   * again. Returns what the reader cache sees of the response while Next answers (serve.mjs runs
   * Next's handling in its scope: lib/cache/response-scope.mjs), or null for a request it does not
   * watch.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @returns {ResponseWatch | null}
   */
  record(req, res) {
    const key = replayKey(req);
    if (key === null) return null;
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooBig = false;
    let checked = false;
    /**
     * @param {unknown} chunk what Next passed to write() or end(): data, or a callback in its place
     * @param {unknown} encoding
     */
    const keep = (chunk, encoding) => {
      // Its headers are set before its first byte: anything but a reader-cache hit, or the render
      // that stores a page (whose body becomes the store's gzip copy), is not kept.
      if (!checked) {
        checked = true;
        const cache = res.getHeader("x-nextjs-cache");
        if (cache !== "HIT" && cache !== "MISS") tooBig = true;
      }
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8")
          : Buffer.from(/** @type {Uint8Array} */ (chunk));
      size += buffer.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(buffer);
    };
    // Node's write() and end() take (chunk, encoding, callback) with any of them left out; they
    // are wrapped with the arguments passed on exactly as given.
    /** @type {(...args: unknown[]) => boolean} */
    const write = /** @type {never} */ (res.write);
    /** @type {(...args: unknown[]) => ServerResponse} */
    const end = /** @type {never} */ (res.end);
    res.write = /** @type {never} */ (
      /** @param {unknown[]} args */
      function (...args) {
        keep(args[0], args[1]);
        return write.apply(res, args);
      }
    );
    res.end = /** @type {never} */ (
      /** @param {unknown[]} args */
      function (...args) {
        keep(args[0], args[1]);
        return end.apply(res, args);
      }
    );

    // The render that stores a page holds its row's write here until the response is sent, so the
    // row is written once with the headers and gzip body (docs/fast-paths.md, "A stored page and
    // its response in one write"). Whatever happens to the response, the write is let go.
    const path = /** @type {string} */ (req.url);
    /** @type {{ etag: string, write: HeldWrite, timer: NodeJS.Timeout } | null} */
    let held = null;
    let done = false;
    /** @param {SentResponse | null} response */
    const release = (response) => {
      const holding = held;
      if (!holding) return;
      held = null;
      clearTimeout(holding.timer);
      holding.write(response);
    };
    /** @type {ResponseWatch} */
    const watch = {
      path,
      nothingStored: this.nothingStored.has(req),
      hold: (etag, heldWrite) => {
        if (done || held) return false;
        held = { etag, write: heldWrite, timer: setTimeout(() => release(null), MAX_HOLD_MS) };
        held.timer.unref?.();
        return true;
      },
    };
    res.once("close", () => {
      done = true;
      release(null);
    });

    res.once("finish", () => {
      done = true;
      if (res.statusCode !== 200) return release(null);
      const cache = res.getHeader("x-nextjs-cache");
      if (cache !== "HIT" && cache !== "MISS") return release(null);
      // Only a page the cache handler stored carries its ETag (a page rendered per request has none).
      const etag = res.getHeader("etag");
      if (typeof etag !== "string" || etag === "") return release(null);
      if (res.getHeader("set-cookie") !== undefined) return release(null);
      /** @type {Array<[string, OutgoingHttpHeader]>} */
      const headers = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (!NOT_REPLAYED.has(name) && value !== undefined) headers.push([name, name === "x-nextjs-cache" ? "HIT" : value]);
      }
      // The render that stored the page sent the same bytes and headers as a hit on it will (the
      // cache handler sets them on the value it stores): its headers and its gzip body serve every
      // process, so the page is compressed once, for this response, and not again for the store.
      /** @type {Buffer | null | undefined} */
      let body;
      const sent = () => (body ??= tooBig ? null : Buffer.concat(chunks));
      const gzipHeaders = sharedHeaders(headers);
      if (held && held.etag === etag && gzipHeaders && sent() !== null) {
        this.remember(etag);
        release({ path, headers: gzipHeaders, gzip: /** @type {Buffer} */ (sent()) });
      } else {
        release(null);
        this.share(path, etag, headers, sent);
      }
      if (cache !== "HIT" || sent() === null) return;
      this.add(key, { etag, headers, body: /** @type {Buffer} */ (sent()) });
    });
    return watch;
  }

  /**
   * Writes the headers and body of a gzip response Next sent for a stored page to the shared store,
   * once per ETag, so every process can send that page without Next (serveShared).
   * @param {string} path
   * @param {string} etag
   * @param {Array<[string, OutgoingHttpHeader]>} headers
   * @param {() => Buffer | null} body the body as sent (gzip), or null when it was not kept
   */
  share(path, etag, headers, body) {
    const store = this.findStore();
    if (!store?.recordResponseHeaders || this.recordedEtags.has(etag)) return;
    const kept = sharedHeaders(headers);
    if (!kept) return;
    this.remember(etag);
    store.recordResponseHeaders(path, etag, kept, body()).catch(() => {});
  }

  /**
   * This process has written the headers of the page with this ETag to the shared store.
   * @param {string} etag
   */
  remember(etag) {
    this.recordedEtags.add(etag);
    for (const oldest of this.recordedEtags) {
      if (this.recordedEtags.size <= MAX_RECORDED_ETAGS) break;
      this.recordedEtags.delete(oldest);
    }
  }

  /**
   * @param {string} key
   * @param {RecordedResponse} entry
   */
  add(key, entry) {
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
      this.bytes -= old.body.length;
    }
  }

  /** @param {string} key */
  delete(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }
}

/**
 * The process's recorder, sized by NEWSDESK_PAGE_RESPONSES_MAX_BYTES (default 64 MB).
 * @param {number} [maxBytes]
 */
export function createPageResponses(maxBytes = env.NEWSDESK_PAGE_RESPONSES_MAX_BYTES) {
  return new PageResponses({ maxBytes });
}
