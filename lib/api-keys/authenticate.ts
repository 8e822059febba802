// Who is calling the API: one read-only statement per request, on the pool (lib/db.ts) as the
// session actor is. It finds the key by the hash of what was sent (a revoked key is refused from
// the next request on: nothing about a key is kept) and reads the reader data's version (the newest
// reader-cache stamp, docs/caching.md) that the Content API's response cache is keyed on. Requests
// are counted against the key's rate limit in memory and added to the shared count in PostgreSQL
// every FLUSH_EVERY_MS, with lastUsedAt (below).

import "server-only";

import { hashKeySecret, keyFromHeaders } from "@/lib/api-keys/secrets";
import { API_KEY_MISSING, API_KEY_REVOKED, API_KEY_UNKNOWN, API_RATE_LIMITED } from "@/lib/api-keys/sentences";
import type { Actor } from "@/lib/auth/actor";
import { getPool } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

/** The rate limit's window: a key's rateLimit counts requests per minute. */
export const API_RATE_WINDOW_MS = 60_000;
/** lastUsedAt is written when it is older than this, not on every request. */
export const LAST_USED_EVERY_MS = 60_000;

export interface ApiCaller {
  keyId: string;
  name: string;
  role: Role;
  /** The integration as an actor, for the lib functions the Admin API calls. */
  actor: Actor;
  limit: number;
  remaining: number;
  resetAt: Date;
  /** The newest reader-cache stamp: changes whenever anything readers can see does. */
  dataVersion: string;
  /** The primary's WAL position read with dataVersion: a read replica that has replayed it shows that version's data (lib/db.ts). */
  walPosition: string;
}

export type ApiAuthRefusal = { status: 401 | 429; message: string; code: "UNAUTHENTICATED" | "KEY_REVOKED" | "RATE_LIMITED"; retryAfterSeconds?: number };

export type ApiAuthResult = { ok: true; caller: ApiCaller } | { ok: false; refusal: ApiAuthRefusal };

interface AuthRow {
  id: string;
  name: string;
  role: Role;
  userId: string;
  displayName: string;
  email: string;
  revoked: boolean;
  rateLimit: number;
  dataVersion: string | null;
  walPosition: string;
}

// Who the key is and the reader data's version: read only, so requests with one key never queue
// on a row lock or wait for a commit.
const AUTH_SQL = `SELECT a."id"::text AS "id", a."name", a."role"::text AS "role", a."userId"::text AS "userId",
    (a."revokedAt" IS NOT NULL OR u."status" = 'BANNED') AS "revoked", a."rateLimit", u."displayName", u."email",
    (SELECT max(c."revalidatedAt") FROM "CacheTag" c)::text AS "dataVersion", pg_current_wal_insert_lsn()::text AS "walPosition"
  FROM "ApiKey" a JOIN "User" u ON u."id" = a."userId"
  WHERE a."secretHash" = $1`;

// ── Counting requests ────────────────────────────────────────────────
//
// Each process counts its requests per key in memory and adds them to the key's shared count in
// "RateLimit" (key api:key:<id>, the fixed windows of lib/rate-limit.ts) every FLUSH_EVERY_MS, in
// one statement for every key it saw, which also touches their lastUsedAt (at most once a minute)
// and reads back each shared count. A request is judged by the shared count last read plus what
// this process has counted since: within one process exactly, across instances within what the
// others counted in the last FLUSH_EVERY_MS. A write per request on one row would make every
// request with a key queue on that row's lock and wait for a commit.

export const FLUSH_EVERY_MS = 200;

interface KeyUsage {
  /** Counted here, not yet added to the shared count. */
  pending: number;
  /** The shared count as last read (this process's flushed requests included). */
  shared: number;
  /** When the window ends, in ms since the epoch (provisional until a flush reads the real one). */
  resetAt: number;
}

const USAGE = Symbol.for("newsdesk.apiKeyUsage");
interface UsageState {
  keys: Map<string, KeyUsage>;
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void> | null;
}

function usageState(): UsageState {
  const holder = globalThis as { [USAGE]?: UsageState };
  holder[USAGE] ??= { keys: new Map(), timer: null, flushing: null };
  return holder[USAGE];
}

/** Counts one request of this key; answers the count it is judged by and when the window ends. */
function countRequest(keyId: string, now: number): { count: number; resetAt: number } {
  const state = usageState();
  let usage = state.keys.get(keyId);
  if (!usage || usage.resetAt <= now) {
    usage = { pending: usage?.pending ?? 0, shared: 0, resetAt: now + API_RATE_WINDOW_MS };
    state.keys.set(keyId, usage);
  }
  usage.pending += 1;
  state.timer ??= setTimeout(() => void flushApiKeyUsage(), FLUSH_EVERY_MS);
  state.timer.unref?.();
  return { count: usage.shared + usage.pending, resetAt: usage.resetAt };
}

// The upsert is hitRateLimits' (lib/rate-limit.ts), adding n at once; keys in order, so two
// instances flushing the same keys cannot deadlock.
const FLUSH_SQL = `WITH hits AS (
    SELECT k, n FROM unnest($1::text[], $2::int[]) AS t(k, n)
  ), up AS (
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    SELECT 'api:key:' || h.k, h.n, now() + $3::float8 * interval '1 millisecond' FROM hits h ORDER BY h.k
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."count" ELSE "RateLimit"."count" + EXCLUDED."count" END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "key", "count", "resetAt"
  ), touched AS (
    UPDATE "ApiKey" SET "lastUsedAt" = now() AT TIME ZONE 'UTC'
    WHERE "id" = ANY($1::uuid[])
      AND ("lastUsedAt" IS NULL OR "lastUsedAt" < (now() AT TIME ZONE 'UTC') - ${LAST_USED_EVERY_MS} * interval '1 millisecond')
    RETURNING 1
  )
  SELECT substr("key", 9) AS "keyId", "count", "resetAt" FROM up`;

/** Adds what this process counted to the shared counts now (tests call it; a timer does otherwise). */
export async function flushApiKeyUsage(): Promise<void> {
  const state = usageState();
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  if (state.flushing) await state.flushing;
  const batch = [...state.keys.entries()].filter(([, usage]) => usage.pending > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (batch.length === 0) return;
  const sent = new Map(batch.map(([keyId, usage]) => [keyId, usage.pending]));
  state.flushing = (async () => {
    try {
      const { rows } = await getPool().query<{ keyId: string; count: number; resetAt: Date }>({
        name: "newsdesk_api_usage_flush",
        text: FLUSH_SQL,
        values: [[...sent.keys()], [...sent.values()], API_RATE_WINDOW_MS],
      });
      for (const row of rows) {
        const usage = state.keys.get(row.keyId);
        if (!usage) continue;
        usage.pending -= sent.get(row.keyId) ?? 0;
        usage.shared = Number(row.count);
        usage.resetAt = row.resetAt.getTime();
      }
    } catch (error) {
      // Counted again with the next flush: nothing is lost but time.
      console.error("Could not record API key usage", error);
      if (!state.timer) state.timer = setTimeout(() => void flushApiKeyUsage(), FLUSH_EVERY_MS * 5);
    } finally {
      state.flushing = null;
    }
  })();
  await state.flushing;
  // Requests counted meanwhile get their own flush.
  if ([...state.keys.values()].some((usage) => usage.pending > 0) && !state.timer) state.timer = setTimeout(() => void flushApiKeyUsage(), FLUSH_EVERY_MS);
}

function integrationActor(row: AuthRow): Actor {
  return {
    id: row.userId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    status: "ACTIVE",
    suspendedUntil: null,
    statusReason: null,
    bylineId: null,
    sessionId: null,
    hasTwoFactor: false,
    mustEnrolTwoFactor: false,
  };
}

/** Checks the request's key and counts the request against its limit. */
export async function authenticateApiRequest(headers: Pick<Headers, "get">, now: number = Date.now()): Promise<ApiAuthResult> {
  const secret = keyFromHeaders(headers);
  if (!secret) return { ok: false, refusal: { status: 401, code: "UNAUTHENTICATED", message: API_KEY_MISSING } };
  if (secret.length > 200) return { ok: false, refusal: { status: 401, code: "UNAUTHENTICATED", message: API_KEY_UNKNOWN } };
  const { rows } = await getPool().query<AuthRow>({ name: "newsdesk_api_auth", text: AUTH_SQL, values: [hashKeySecret(secret)] });
  const row = rows[0];
  if (!row) return { ok: false, refusal: { status: 401, code: "UNAUTHENTICATED", message: API_KEY_UNKNOWN } };
  // A revoked key (or one whose integration's account an admin banned) is refused before it is counted.
  if (row.revoked) return { ok: false, refusal: { status: 401, code: "KEY_REVOKED", message: API_KEY_REVOKED } };
  const limit = Number(row.rateLimit);
  const { count, resetAt } = countRequest(row.id, now);
  if (count > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
    return { ok: false, refusal: { status: 429, code: "RATE_LIMITED", message: API_RATE_LIMITED, retryAfterSeconds } };
  }
  return {
    ok: true,
    caller: {
      keyId: row.id,
      name: row.name,
      role: row.role,
      actor: integrationActor(row),
      limit,
      remaining: Math.max(0, limit - count),
      resetAt: new Date(resetAt),
      dataVersion: row.dataVersion ?? "0",
      walPosition: row.walPosition,
    },
  };
}
