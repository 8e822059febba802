// Fixed-window counters kept in PostgreSQL, so every app instance sees the same count.
// One statement increments (or restarts an expired window) every key of a request atomically.

import "server-only";

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

/** Whole minutes until a window ends, at least 1: what a refusal tells the person. */
export function minutesUntil(date: Date, now: number = Date.now()): number {
  return Math.max(1, Math.ceil((date.getTime() - now) / 60_000));
}

/**
 * A try at a secret (a password, a code) is counted *before* it is checked, in one atomic
 * statement, so tries sent all at once, to one instance or several, cannot all pass a check of the
 * count before any of them is counted: at most `max` reach the check in a window. A full window
 * is refused without counting another try. Returns null when the try may go on, or when the
 * window ends when it may not. A try that turns out right gives its count back (releaseAttempt) or
 * clears the key.
 */
export async function claimAttempt(key: string, windowMs: number, max: number, client: Client = db): Promise<Date | null> {
  const seen = await peekRateLimit(key, client);
  if (seen && seen.count >= max) return seen.resetAt;
  const counted = await hitRateLimit(key, windowMs, client);
  return counted.count > max ? counted.resetAt : null;
}

/** Gives back one counted try: it proved to know the secret, so it was no guess. */
export async function releaseAttempt(key: string, client: Client = db): Promise<void> {
  await client.$queryRaw`UPDATE "RateLimit" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`;
}
