// @ts-check
// The shared reader-page store: rendered reader pages and feed responses in PostgreSQL
// ("ReaderPage", one row per cache key), so a page rendered by one app process is served by every
// process and every instance, and survives restarts and deploys of the same build. Each process
// keeps a small LRU in memory in front of it (lib/cache/reader-cache-store.mjs).
//
// Freshness is decided in the database, in the query that reads the row: a row records the
// snapshot (pg_snapshot) its render is fresh as of, and it is a miss when any of its tags'
// "CacheTag" rows was last written by a transaction that had not committed in that snapshot. No
// clocks are compared. docs/caching.md ("The shared store") gives the argument.
//
// Faults: a row whose checksum does not match or that does not parse, or that another build
// wrote, is a miss (the render that follows replaces it). The database unreachable or slow: every
// query has a time limit, a failure is logged once, and for a short while after one the store is
// not asked at all, so pages render per request and no request waits on it.
//
// Plain JavaScript: Next loads the cache handler, and Node scripts/serve.mjs, unbundled.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import pg from "pg";

/** How long one query may take before it counts as a failure. */
export const QUERY_TIMEOUT_MS = 1000;
/** After a failure the store is left alone this long: requests render instead of waiting. */
export const RETRY_AFTER_MS = 5000;
/** A stored value larger than this is kept in memory only. */
export const MAX_ROW_BYTES = 8 * 1024 * 1024;
/** Rows of other builds not rewritten for this long are deleted (hourly, by every process). */
export const OTHER_BUILD_ROWS_KEPT_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * @typedef {object} SharedRecord what a process stores: the value and what the store worked out about it
 * @property {string} kind
 * @property {string[]} tags
 * @property {string} freshAsOf the pg_snapshot (text) of what the render is fresh as of
 * @property {number} renderAgeMs how long ago the render began
 * @property {number | null} revalidate seconds, or null for never
 * @property {string} etag
 * @property {Record<string, unknown>} meta the entry (value and its fields), JSON with buffers taken out
 */

/**
 * @typedef {object} SharedHit
 * @property {Record<string, unknown>} meta
 * @property {string[]} tags
 * @property {number} ageMs how long ago its render began (the database's clock)
 */

/**
 * @typedef {object} SharedResponse a stored page ready to send as it is
 * @property {string} etag
 * @property {string[]} tags
 * @property {number} ageMs
 * @property {number | null} revalidate
 * @property {Array<[string, string | string[]]>} headers
 * @property {Buffer} body
 * @property {"gzip"} encoding
 */

/**
 * Strings longer than this (the HTML) travel as buffers: a string JSON.parse makes can be a slice
 * of the JSON text, and a stored entry would then keep the whole text alive (several times the
 * page) beside what the memory bound counts. What stays in the JSON is small.
 */
const LONG_STRING = 512;

/**
 * Turns a value holding Buffers and Maps into JSON text plus the buffers, in order.
 * @param {unknown} value
 * @returns {{ json: string, buffers: Buffer[] }}
 */
export function encodePayloadParts(value) {
  /** @type {Buffer[]} */
  const buffers = [];
  /** @param {unknown} item @returns {unknown} */
  const walk = (item) => {
    if (typeof item === "string" && item.length > LONG_STRING) {
      buffers.push(Buffer.from(item, "utf8"));
      return { $s: buffers.length - 1 };
    }
    if (item === null || typeof item !== "object") return item;
    if (Buffer.isBuffer(item) || item instanceof Uint8Array) {
      buffers.push(Buffer.isBuffer(item) ? item : Buffer.from(item.buffer, item.byteOffset, item.byteLength));
      return { $b: buffers.length - 1 };
    }
    if (item instanceof Map) return { $m: [...item].map(([k, v]) => [k, walk(v)]) };
    if (Array.isArray(item)) return item.map(walk);
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, v] of Object.entries(item)) if (v !== undefined) out[k] = walk(v);
    return out;
  };
  const json = JSON.stringify(walk(value));
  return { json, buffers };
}

/**
 * The stored bytes: a 4-byte length, the JSON (with each buffer's length), then the buffers.
 * @param {unknown} value
 */
export function encodePayload(value) {
  const { json, buffers } = encodePayloadParts(value);
  const head = Buffer.from(JSON.stringify({ v: 1, lengths: buffers.map((b) => b.length), json }));
  const size = Buffer.alloc(4);
  size.writeUInt32BE(head.length);
  return Buffer.concat([size, head, ...buffers]);
}

/**
 * The inverse of encodePayload; throws on anything it did not write.
 * @param {Buffer} payload
 * @returns {unknown}
 */
export function decodePayload(payload) {
  const headLength = payload.readUInt32BE(0);
  if (headLength + 4 > payload.length) throw new Error("payload shorter than its header");
  const head = /** @type {{ v?: unknown, lengths?: unknown, json?: unknown }} */ (JSON.parse(payload.subarray(4, 4 + headLength).toString("utf8")));
  if (head.v !== 1 || !Array.isArray(head.lengths) || typeof head.json !== "string") throw new Error("payload header unreadable");
  /** @type {Buffer[]} */
  const buffers = [];
  let offset = 4 + headLength;
  for (const length of head.lengths) {
    if (typeof length !== "number" || offset + length > payload.length) throw new Error("payload buffers cut short");
    // A copy: the row's bytes are not kept alive by one small buffer.
    buffers.push(Buffer.from(payload.subarray(offset, offset + length)));
    offset += length;
  }
  if (offset !== payload.length) throw new Error("payload longer than its parts");
  /** @param {unknown} item @returns {unknown} */
  const walk = (item) => {
    if (item === null || typeof item !== "object") return item;
    if (Array.isArray(item)) return item.map(walk);
    const fields = /** @type {Record<string, unknown>} */ (item);
    if (typeof fields.$b === "number" && Object.keys(fields).length === 1) {
      const buffer = buffers[fields.$b];
      if (!buffer) throw new Error("payload names a missing buffer");
      return buffer;
    }
    if (typeof fields.$s === "number" && Object.keys(fields).length === 1) {
      const buffer = buffers[fields.$s];
      if (!buffer) throw new Error("payload names a missing string");
      return buffer.toString("utf8");
    }
    if (Array.isArray(fields.$m) && Object.keys(fields).length === 1) {
      return new Map(fields.$m.map((pair) => /** @type {[unknown, unknown]} */ ([/** @type {unknown[]} */ (pair)[0], walk(/** @type {unknown[]} */ (pair)[1])])));
    }
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, v] of Object.entries(fields)) out[k] = walk(v);
    return out;
  };
  return walk(JSON.parse(head.json));
}

/** @param {Buffer} bytes */
export function checksumOf(bytes) {
  return createHash("sha256").update(bytes).digest("base64url");
}

const READ_SQL = `
  SELECT "buildId", "tags", "payload", "checksum",
         (extract(epoch FROM clock_timestamp() - "renderedAt") * 1000)::float8 AS "ageMs",
         NOT EXISTS (
           SELECT 1 FROM "CacheTag" t
           WHERE t."tag" = ANY(p."tags") AND NOT newsdesk_committed_in(t.xmin, p."freshAsOf"::pg_snapshot)
         ) AS "fresh"
  FROM "ReaderPage" p WHERE p."key" = $1`;

/**
 * The id of the build in `distDir` (its BUILD_ID file), which the store's rows are keyed by, or
 * undefined when it cannot be read.
 * @param {string} distDir
 */
export function buildIdIn(distDir) {
  try {
    const id = readFileSync(path.join(distDir, "BUILD_ID"), "utf8").trim();
    return id === "" ? undefined : id;
  } catch {
    return undefined;
  }
}

/**
 * $1: the request path, $2: the build. Only what sending it needs: its gzip copy, the body Next
 * sent. A row without them is answered too (as not sendable), so that no row at all means the store
 * holds nothing at that path for this build.
 */
const READ_RESPONSE_SQL = `
  SELECT "buildId", "tags", "etag", "revalidate", "responseHeaders",
         "gzip" AS "body", "gzipChecksum" AS "bodyChecksum",
         (extract(epoch FROM clock_timestamp() - "renderedAt") * 1000)::float8 AS "ageMs",
         NOT EXISTS (
           SELECT 1 FROM "CacheTag" t
           WHERE t."tag" = ANY(p."tags") AND NOT newsdesk_committed_in(t.xmin, p."freshAsOf"::pg_snapshot)
         ) AS "fresh"
  FROM "ReaderPage" p WHERE p."path" = $1 AND p."buildId" = $2
  ORDER BY (p."responseHeaders" IS NOT NULL AND p."gzip" IS NOT NULL) DESC
  LIMIT 1`;

// A render whose response serve.mjs watched is written with it ($12–$14: the gzip body Next sent,
// its checksum, the headers; $15 the request's path): one statement where a write and an update were.
const WRITE_SQL = `
  INSERT INTO "ReaderPage" ("key", "buildId", "kind", "tags", "freshAsOf", "renderedAt", "revalidate", "etag",
                            "payload", "checksum", "gzip", "gzipChecksum", "br", "brChecksum", "responseHeaders", "path", "bytes")
  VALUES ($1, $2, $3, $4, $5, clock_timestamp() - make_interval(secs => $6::float8 / 1000), $7, $8, $9, $10, $12, $13, NULL, NULL, $14::jsonb, $15,
          $11 + coalesce(length($12::bytea), 0))
  ON CONFLICT ("key") DO UPDATE SET
    "buildId" = EXCLUDED."buildId", "kind" = EXCLUDED."kind", "tags" = EXCLUDED."tags", "freshAsOf" = EXCLUDED."freshAsOf",
    "renderedAt" = EXCLUDED."renderedAt", "revalidate" = EXCLUDED."revalidate", "etag" = EXCLUDED."etag",
    "payload" = EXCLUDED."payload", "checksum" = EXCLUDED."checksum", "gzip" = EXCLUDED."gzip",
    "gzipChecksum" = EXCLUDED."gzipChecksum", "br" = EXCLUDED."br", "brChecksum" = EXCLUDED."brChecksum",
    "responseHeaders" = EXCLUDED."responseHeaders", "path" = coalesce(EXCLUDED."path", "ReaderPage"."path"), "bytes" = EXCLUDED."bytes"`;

const PRUNE_SQL = `
  DELETE FROM "ReaderPage" WHERE "buildId" <> $1 AND "renderedAt" < clock_timestamp() - make_interval(secs => $2::float8 / 1000)`;

// The gzip copy is the body Next sent (lib/cache/page-responses.mjs): the page is compressed once, for
// its first response, not again for the store. A later response of the same page (same ETag) fills
// it in when the first had none (one not gzipped, or too big to keep).
const RECORD_HEADERS_SQL = `
  UPDATE "ReaderPage" SET "responseHeaders" = $5::jsonb, "path" = $4,
    "gzip" = COALESCE("gzip", $6), "gzipChecksum" = CASE WHEN "gzip" IS NULL THEN $7 ELSE "gzipChecksum" END,
    "bytes" = "bytes" + CASE WHEN "gzip" IS NULL THEN coalesce(length($6::bytea), 0) ELSE 0 END
  WHERE "key" = $1 AND "buildId" = $2 AND "etag" = $3
    AND ("responseHeaders" IS NULL OR "path" IS DISTINCT FROM $4 OR ("gzip" IS NULL AND $6::bytea IS NOT NULL))`;

/**
 * @typedef {object} SharedPageStoreOptions
 * @property {string} databaseUrl
 * @property {string} buildId the build's id (<distDir>/BUILD_ID): rows of another build are misses
 * @property {Pick<Console, "warn">} [log]
 * @property {number} [poolSize]
 * @property {number} [timeoutMs]
 */

export class SharedPageStore {
  /** @param {SharedPageStoreOptions} options */
  constructor({ databaseUrl, buildId, log = console, poolSize = 4, timeoutMs = QUERY_TIMEOUT_MS }) {
    this.buildId = buildId;
    this.log = log;
    this.timeoutMs = timeoutMs;
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolSize,
      allowExitOnIdle: true,
      application_name: "newsdesk-page-store",
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
    });
    this.pool.on("error", (error) => this.failed(error));
    /** No query before this time (a failure was seen). */
    this.downUntil = 0;
    this.down = false;
    this.stopped = false;
    /** What happened, for the tests and the logs. */
    this.counts = { hits: 0, misses: 0, stale: 0, corrupt: 0, otherBuild: 0, writes: 0, errors: 0 };
    // Another build's rows are misses here and replaced as their pages are asked for; those nobody
    // asks for again are deleted a day after they were written (an older build still running
    // during a rolling deploy keeps rewriting its own).
    this.pruneTimer = setInterval(() => void this.pruneOtherBuilds(), PRUNE_EVERY_MS);
    this.pruneTimer.unref?.();
  }

  /**
   * Deletes rows of other builds older than `olderThanMs`; returns how many (null when the store failed).
   * @param {number} [olderThanMs]
   */
  async pruneOtherBuilds(olderThanMs = OTHER_BUILD_ROWS_KEPT_MS) {
    if (!this.available()) return null;
    try {
      const result = await this.pool.query(PRUNE_SQL, [this.buildId, olderThanMs]);
      return result.rowCount ?? 0;
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  async stop() {
    clearInterval(this.pruneTimer);
    this.stopped = true;
    await this.pool.end().catch(() => {});
  }

  /** Whether the store may be asked now. */
  available() {
    return !this.stopped && Date.now() >= this.downUntil;
  }

  /** @param {unknown} error */
  failed(error) {
    this.counts.errors += 1;
    this.downUntil = Date.now() + RETRY_AFTER_MS;
    if (this.down) return;
    this.down = true;
    this.log.warn(
      `Reader page store: ${error instanceof Error ? error.message : String(error)}; pages render per request, retrying every ${RETRY_AFTER_MS / 1000} s`,
    );
  }

  recovered() {
    if (!this.down) return;
    this.down = false;
    this.log.warn("Reader page store: reachable again");
  }

  /**
   * @template {pg.QueryResultRow} R
   * @param {string} name a prepared statement's name: each connection plans it once
   * @param {string} sql
   * @param {unknown[]} params
   * @returns {Promise<R[] | null>} null when the store is down or the query failed
   */
  async query(name, sql, params) {
    if (!this.available()) return null;
    try {
      /** @type {pg.QueryResult<R>} */
      const result = await this.pool.query({ name, text: sql, values: params });
      this.recovered();
      return result.rows;
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  /**
   * The stored entry for this key if it is of this build, intact and fresh; null otherwise (and
   * when the store cannot be reached).
   * @param {string} key
   * @returns {Promise<SharedHit | null>}
   */
  async get(key) {
    /** @type {Array<{ buildId: string, tags: string[] | null, payload: Buffer, checksum: string, ageMs: number, fresh: boolean }> | null} */
    const rows = await this.query("newsdesk_page_read", READ_SQL, [key]);
    const row = rows?.[0];
    if (!row) {
      this.counts.misses += 1;
      return null;
    }
    if (row.buildId !== this.buildId) {
      this.counts.otherBuild += 1;
      return null;
    }
    if (!row.fresh) {
      this.counts.stale += 1;
      return null;
    }
    try {
      if (checksumOf(row.payload) !== row.checksum) throw new Error("checksum mismatch");
      const meta = decodePayload(row.payload);
      if (meta === null || typeof meta !== "object" || Array.isArray(meta)) throw new Error("not an entry");
      this.counts.hits += 1;
      return { meta: /** @type {Record<string, unknown>} */ (meta), tags: row.tags ?? [], ageMs: Math.max(0, row.ageMs) };
    } catch (error) {
      this.counts.corrupt += 1;
      this.log.warn(`Reader page store: the row for ${key} is unreadable (${error instanceof Error ? error.message : String(error)}); rendering it again`);
      return null;
    }
  }

  /**
   * A stored page ready to send without Next: its recorded response headers and its gzip copy (the
   * body Next sent). Null when there is none, it is not fresh, or anything about it does not check out.
   * @param {string} path the request's path
   * @param {() => void} [onNothingStored] called when the store holds no row at all at this path for this build
   * @returns {Promise<SharedResponse | null>}
   */
  async getResponse(path, onNothingStored) {
    /** @type {Array<{ buildId: string, tags: string[] | null, etag: string, revalidate: number | null, responseHeaders: unknown, body: Buffer | null, bodyChecksum: string | null, ageMs: number, fresh: boolean }> | null} */
    const rows = await this.query("newsdesk_page_response_any", READ_RESPONSE_SQL, [path, this.buildId]);
    if (rows && rows.length === 0) onNothingStored?.();
    const row = rows?.[0];
    if (!row || row.buildId !== this.buildId || !row.fresh || !row.body || !row.etag) return null;
    if (row.bodyChecksum !== checksumOf(row.body)) {
      this.counts.corrupt += 1;
      return null;
    }
    if (!Array.isArray(row.responseHeaders)) return null;
    /** @type {Array<[string, string | string[]]>} */
    const headers = [];
    for (const pair of row.responseHeaders) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string") return null;
      const value = pair[1];
      if (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))) headers.push([pair[0], value]);
      else return null;
    }
    return { etag: row.etag, tags: row.tags ?? [], ageMs: Math.max(0, row.ageMs), revalidate: row.revalidate, headers, body: row.body, encoding: "gzip" };
  }

  /**
   * Stores an entry (replacing whatever the key held), with the response it was sent with when that
   * is known (then the fast path can send it at once). Never throws: a failure is logged once.
   * @param {string} key
   * @param {SharedRecord} record
   * @param {import("./response-scope.mjs").SentResponse | null} [response] the headers and gzip body sent for it
   * @param {string | null} [path] the path of the request it was rendered for, when known (kept
   *   when not: a row with a path is what the fast path's look-up finds)
   */
  async set(key, record, response = null, path = response?.path ?? null) {
    if (!this.available()) return;
    try {
      const payload = encodePayload(record.meta);
      if (payload.length > MAX_ROW_BYTES) return;
      const gzip = response && response.gzip.length > 0 && response.gzip.length <= MAX_ROW_BYTES ? response.gzip : null;
      const rows = await this.query("newsdesk_page_write_sent", WRITE_SQL, [
        key,
        this.buildId,
        record.kind,
        record.tags,
        record.freshAsOf,
        Math.max(0, record.renderAgeMs),
        record.revalidate,
        record.etag,
        payload,
        checksumOf(payload),
        payload.length,
        gzip,
        gzip ? checksumOf(gzip) : null,
        gzip && response ? JSON.stringify(response.headers) : null,
        path,
      ]);
      if (rows) this.counts.writes += 1;
    } catch (error) {
      this.log.warn(`Reader page store: could not store ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The headers and gzip body Next sent with the stored page whose ETag this is, so the next
   * request for it can be answered without Next (lib/cache/page-responses.mjs), and the path it was
   * sent at. Written once per stored version.
   * @param {string} key
   * @param {string} path
   * @param {string} etag
   * @param {Array<[string, string | string[]]>} headers
   * @param {Buffer | null} [gzip] the body as sent, gzip-compressed; null when it was not kept
   */
  async recordHeaders(key, path, etag, headers, gzip = null) {
    const body = gzip && gzip.length > 0 && gzip.length <= MAX_ROW_BYTES ? gzip : null;
    await this.query("newsdesk_page_headers_gzip", RECORD_HEADERS_SQL, [key, this.buildId, etag, path, JSON.stringify(headers), body, body ? checksumOf(body) : null]);
  }
}
