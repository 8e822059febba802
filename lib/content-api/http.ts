// The Content API's and the Admin API's HTTP answers: the key check, errors as JSON with their
// status, ETags and Cache-Control, rate-limit headers, and the Content API's response cache.
//
// The response cache: a Content API answer depends only on its path and query and on the reader
// data, so it is kept in this process's memory under (path and query, data version), where the data
// version is the newest reader-cache stamp (docs/caching.md), read by the same statement that
// checks the key. Every change readers can see stamps a tag after it commits, so a cached answer is
// never served once a change it does not show has been stamped. A repeated request costs one
// statement (the key check) and no rendering.

import "server-only";

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

import { authenticateApiRequest, type ApiCaller } from "@/lib/api-keys/authenticate";
import { withReaderReads } from "@/lib/db";
import { INTERNAL_FAILURE_MESSAGE, isAppError } from "@/lib/errors";
import type { HeaderSource } from "@/lib/http/client-address";

import { ParameterError } from "./params";

const JSON_TYPE = "application/json; charset=utf-8";
const NO_STORE = "private, no-store";
/** Content answers: a client may keep one a minute, then revalidates with its ETag (304). */
export const CONTENT_CACHE_CONTROL = "private, max-age=60, must-revalidate";

/** An answer, before it becomes a Response (Next's route handlers) or is written to Node's response (scripts/serve.mjs). */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

export function toResponse(answer: ApiAnswer): Response {
  const body = answer.body === null ? null : typeof answer.body === "string" ? answer.body : new Uint8Array(answer.body);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

export interface ApiErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]>; details?: Record<string, unknown> };
}

export function apiError(status: number, code: string, message: string, extra: { fieldErrors?: Record<string, string[] | undefined>; details?: Record<string, unknown>; headers?: Record<string, string> } = {}): ApiAnswer {
  const fieldErrors = extra.fieldErrors
    ? Object.fromEntries(Object.entries(extra.fieldErrors).filter((entry): entry is [string, string[]] => entry[1] !== undefined))
    : undefined;
  const body: ApiErrorBody = { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(extra.details ? { details: extra.details } : {}) } };
  return { status, headers: { "Content-Type": JSON_TYPE, "Cache-Control": NO_STORE, ...extra.headers }, body: JSON.stringify(body) };
}

const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  INVALID_INPUT: 400,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** Any failure as a JSON answer: a parameter or a lib refusal with its status, anything else a 500. */
export function errorResponse(error: unknown): ApiAnswer {
  if (error instanceof ParameterError) return apiError(400, "INVALID_PARAMETER", error.message, { details: { parameter: error.parameter } });
  if (isAppError(error)) {
    return apiError(STATUS_BY_CODE[error.code] ?? 400, error.code, error.message, {
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.details ? { details: error.details } : {}),
    });
  }
  console.error("API request failed", error);
  return apiError(500, "INTERNAL", INTERNAL_FAILURE_MESSAGE);
}

function rateHeaders(caller: ApiCaller): Record<string, string> {
  return {
    "RateLimit-Limit": String(caller.limit),
    "RateLimit-Remaining": String(caller.remaining),
    "RateLimit-Reset": String(Math.max(0, Math.ceil((caller.resetAt.getTime() - Date.now()) / 1000))),
  };
}

/** Checks the key; the refusal as an answer, or the caller. */
async function callerOf(headers: HeaderSource): Promise<ApiCaller | ApiAnswer> {
  const checked = await authenticateApiRequest(headers);
  if (checked.ok) return checked.caller;
  const { refusal } = checked;
  return apiError(refusal.status, refusal.code, refusal.message, {
    headers: {
      ...(refusal.status === 401 ? { "WWW-Authenticate": 'Bearer realm="newsdesk"' } : {}),
      ...(refusal.retryAfterSeconds ? { "Retry-After": String(refusal.retryAfterSeconds) } : {}),
    },
  });
}

// ── The response cache ───────────────────────────────────────────────

interface CachedAnswer {
  body: string;
  etag: string;
  bytes: number;
  /** The body gzipped, made the first time a client accepts gzip: compressed once, not per request. */
  gzip?: Buffer;
}

/** Answers smaller than this go out as they are: compressing them saves less than it costs. */
const GZIP_FROM_BYTES = 1024;

function acceptsGzip(header: string | null): boolean {
  if (header === null) return false;
  return header.split(",").some((part) => {
    const [coding, ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    if (coding !== "gzip") return false;
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const CACHE_MAX_BYTES = 32 * 1024 * 1024;
const CACHE_HOOK = Symbol.for("newsdesk.contentApiCache");
interface AnswerCache {
  entries: Map<string, CachedAnswer>;
  bytes: number;
  version: string;
}

function answerCache(): AnswerCache {
  const holder = globalThis as { [CACHE_HOOK]?: AnswerCache };
  holder[CACHE_HOOK] ??= { entries: new Map(), bytes: 0, version: "" };
  return holder[CACHE_HOOK];
}

function remember(cache: AnswerCache, key: string, answer: CachedAnswer): void {
  if (answer.bytes > CACHE_MAX_BYTES / 8) return;
  cache.entries.set(key, answer);
  cache.bytes += answer.bytes;
  // Oldest first out (a Map keeps insertion order; a hit is moved to the end).
  for (const [oldKey, old] of cache.entries) {
    if (cache.bytes <= CACHE_MAX_BYTES) break;
    cache.entries.delete(oldKey);
    cache.bytes -= old.bytes + (old.gzip?.byteLength ?? 0);
  }
}

/** For tests: forget every cached answer. */
export function clearContentAnswerCache(): void {
  const cache = answerCache();
  cache.entries.clear();
  cache.bytes = 0;
}

/** Weak: the plain and the gzipped answer are the same JSON, so they share it (RFC 9110, 8.8.3). */
function etagOf(body: string): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((one) => one.trim().replace(/^W\//, "") === opaque);
}

/** Reads the query and the data: what a Content API endpoint answers (null: not found). */
export type ContentProducer = (url: URL) => Promise<unknown>;

/**
 * A Content API GET: the key checked and counted, then the answer from the cache or from `produce`
 * (which parses the query and reads; a refusal it throws becomes its JSON error). `produce` answers
 * null for "not found". `url` needs only its path and query.
 */
export async function answerContent(url: URL, requestHeaders: HeaderSource, produce: ContentProducer): Promise<ApiAnswer> {
  try {
    const caller = await callerOf(requestHeaders);
    if (!("keyId" in caller)) return caller;
    const cache = answerCache();
    if (cache.version !== caller.dataVersion) {
      // The data changed: nothing kept is current any more.
      cache.entries.clear();
      cache.bytes = 0;
      cache.version = caller.dataVersion;
    }
    const key = `${url.pathname}?${url.searchParams.toString()}`;
    let answer = cache.entries.get(key);
    if (answer) {
      cache.entries.delete(key);
      cache.entries.set(key, answer);
    } else {
      // From a read replica that has replayed at least the data version the answer is kept under.
      const value = await withReaderReads(() => produce(url), { walPosition: caller.walPosition });
      if (value === null) return apiError(404, "NOT_FOUND", "No published story has that id or slug.", { headers: rateHeaders(caller) });
      const body = JSON.stringify(value);
      answer = { body, etag: etagOf(body), bytes: Buffer.byteLength(body) };
      // Only under the version it was read at: a change stamped meanwhile moved the version on.
      if (cache.version === caller.dataVersion) remember(cache, key, answer);
    }
    const headers = { ETag: answer.etag, "Cache-Control": CONTENT_CACHE_CONTROL, Vary: "Accept-Encoding, Authorization, X-Api-Key", ...rateHeaders(caller) };
    if (matchesEtag(requestHeaders.get("if-none-match"), answer.etag)) return { status: 304, headers, body: null };
    if (answer.bytes >= GZIP_FROM_BYTES && acceptsGzip(requestHeaders.get("accept-encoding"))) {
      if (!answer.gzip) {
        answer.gzip = gzipSync(answer.body);
        cache.bytes += answer.gzip.byteLength;
      }
      // Already encoded: Next's own compression leaves it alone rather than gzipping it on every request.
      return { status: 200, headers: { "Content-Type": JSON_TYPE, "Content-Encoding": "gzip", ...headers }, body: answer.gzip };
    }
    return { status: 200, headers: { "Content-Type": JSON_TYPE, ...headers }, body: answer.body };
  } catch (error) {
    return errorResponse(error);
  }
}

/** The same, for a route handler under Next. */
export async function serveContent(request: Request, produce: ContentProducer): Promise<Response> {
  return toResponse(await answerContent(new URL(request.url), request.headers, produce));
}

/** An Admin API call: the key checked and counted, then `work` as the integration; never cached. */
export async function serveAdmin(request: Request, work: (caller: ApiCaller) => Promise<{ status: number; body: unknown }>): Promise<Response> {
  try {
    const caller = await callerOf(request.headers);
    if (!("keyId" in caller)) return toResponse(caller);
    const { status, body } = await work(caller);
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": JSON_TYPE, "Cache-Control": NO_STORE, ...rateHeaders(caller) } });
  } catch (error) {
    return toResponse(errorResponse(error));
  }
}
