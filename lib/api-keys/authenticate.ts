// Who is calling the API: one statement per request, on the pool (lib/db.ts) as the session actor
// is. It finds the key by the hash of what was sent, counts the request against the key's
// rate-limit window (the "RateLimit" table of lib/rate-limit.ts, so every app instance shares the
// count), touches lastUsedAt at most once a minute, and reads the reader data's version (the newest
// reader-cache stamp, docs/caching.md) that the Content API's response cache is keyed on.

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
  count: number | null;
  resetAt: Date | null;
  dataVersion: string | null;
}

// The rate-limit upsert is lib/rate-limit.ts's (hitRateLimits), for one key, inside this statement
// so the whole check is one round trip. A revoked key is not counted, nor touched.
const AUTH_SQL = `WITH k AS (
    SELECT a."id", a."name", a."role", a."userId", a."revokedAt" IS NOT NULL AS "revoked", a."rateLimit", a."lastUsedAt"
    FROM "ApiKey" a WHERE a."secretHash" = $1
  ), touched AS (
    UPDATE "ApiKey" SET "lastUsedAt" = now() AT TIME ZONE 'UTC'
    WHERE "id" = (SELECT "id" FROM k WHERE NOT k."revoked")
      AND ("lastUsedAt" IS NULL OR "lastUsedAt" < (now() AT TIME ZONE 'UTC') - ${LAST_USED_EVERY_MS} * interval '1 millisecond')
    RETURNING 1
  ), hit AS (
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    SELECT 'api:key:' || k."id", 1, now() + $2::float8 * interval '1 millisecond' FROM k WHERE NOT k."revoked"
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "count", "resetAt"
  )
  SELECT k."id"::text AS "id", k."name", k."role"::text AS "role", k."userId"::text AS "userId", k."revoked", k."rateLimit",
         u."displayName", u."email", hit."count", hit."resetAt",
         (SELECT max(c."revalidatedAt") FROM "CacheTag" c)::text AS "dataVersion"
  FROM k JOIN "User" u ON u."id" = k."userId" LEFT JOIN hit ON true`;

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
  const { rows } = await getPool().query<AuthRow>({ name: "newsdesk_api_auth", text: AUTH_SQL, values: [hashKeySecret(secret), API_RATE_WINDOW_MS] });
  const row = rows[0];
  if (!row) return { ok: false, refusal: { status: 401, code: "UNAUTHENTICATED", message: API_KEY_UNKNOWN } };
  if (row.revoked || row.count === null || row.resetAt === null) {
    return { ok: false, refusal: { status: 401, code: "KEY_REVOKED", message: API_KEY_REVOKED } };
  }
  const limit = Number(row.rateLimit);
  const count = Number(row.count);
  if (count > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((row.resetAt.getTime() - now) / 1000));
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
      resetAt: row.resetAt,
      dataVersion: row.dataVersion ?? "0",
    },
  };
}
