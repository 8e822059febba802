// Fixed-window counters kept in PostgreSQL, so every app instance sees the same count.
// One statement increments (or restarts an expired window) every key of a request atomically.

import { db, type Tx } from "@/lib/db";

export interface RateLimitState {
  count: number;
  resetAt: Date;
}

type Client = Pick<Tx, "$queryRaw">;

/**
 * Counts one hit on each key, in one statement, and returns each key's state in the order given.
 * Rows are written in key order, so two transactions holding several of the same keys cannot
 * deadlock. Inside a transaction the rows stay locked until it ends: same-key requests queue.
 */
export async function hitRateLimits(keys: ReadonlyArray<{ key: string; windowMs: number }>, client: Client = db): Promise<RateLimitState[]> {
  if (keys.length === 0) return [];
  const windows = new Map<string, number>();
  for (const { key, windowMs } of keys) {
    const known = windows.get(key);
    if (known !== undefined && known !== windowMs) throw new Error(`Rate limit ${key} given twice with different windows`);
    windows.set(key, windowMs);
  }
  const sorted = [...windows.keys()].sort();
  const rows = await client.$queryRaw<Array<{ key: string; count: number; resetAt: Date }>>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    SELECT k, 1, now() + w * interval '1 millisecond'
    FROM unnest(${sorted}::text[], ${sorted.map((key) => windows.get(key)!)}::float8[]) WITH ORDINALITY AS t(k, w, n)
    ORDER BY n
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "key", "count", "resetAt"`;
  const byKey = new Map(rows.map((row) => [row.key, { count: Number(row.count), resetAt: row.resetAt }]));
  return keys.map(({ key }) => {
    const state = byKey.get(key);
    if (!state) throw new Error(`Rate limit upsert for ${key} returned nothing`);
    return state;
  });
}

export async function hitRateLimit(key: string, windowMs: number, client: Client = db): Promise<RateLimitState> {
  const [state] = await hitRateLimits([{ key, windowMs }], client);
  return state!;
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
