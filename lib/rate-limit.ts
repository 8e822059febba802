// Fixed-window counters kept in PostgreSQL, so every app instance sees the same count.
// One statement increments (or restarts an expired window) atomically.

import { db, type Tx } from "@/lib/db";

export interface RateLimitState {
  count: number;
  resetAt: Date;
}

type Client = Pick<Tx, "$queryRaw">;

export async function hitRateLimit(key: string, windowMs: number, client: Client = db): Promise<RateLimitState> {
  const rows = await client.$queryRaw<Array<{ count: number; resetAt: Date }>>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    VALUES (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "count", "resetAt"`;
  const row = rows[0];
  if (!row) throw new Error(`Rate limit upsert for ${key} returned nothing`);
  return { count: Number(row.count), resetAt: row.resetAt };
}

export async function peekRateLimit(key: string, client: Client = db): Promise<RateLimitState | null> {
  const rows = await client.$queryRaw<Array<{ count: number; resetAt: Date }>>`
    SELECT "count", "resetAt" FROM "RateLimit" WHERE "key" = ${key} AND "resetAt" > now()`;
  const row = rows[0];
  return row ? { count: Number(row.count), resetAt: row.resetAt } : null;
}

export async function clearRateLimit(key: string, client: Client = db): Promise<void> {
  await client.$queryRaw`DELETE FROM "RateLimit" WHERE "key" = ${key}`;
}
