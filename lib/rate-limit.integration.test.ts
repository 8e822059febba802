import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { claimAttempt, hitRateLimits, peekRateLimit, releaseAttempt } from "@/lib/rate-limit";

describe("hitRateLimits", () => {
  it("counts every key once per call, in one statement, and answers in the order asked", async () => {
    const a = `test:${randomUUID()}:a`;
    const b = `test:${randomUUID()}:b`;
    const first = await hitRateLimits([{ key: b, windowMs: 60_000 }, { key: a, windowMs: 3_600_000 }]);
    expect(first.map((s) => s.count)).toEqual([1, 1]);
    expect(first[0]!.resetAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect(first[1]!.resetAt.getTime() - Date.now()).toBeGreaterThan(3_000_000);
    const second = await hitRateLimits([{ key: a, windowMs: 3_600_000 }, { key: b, windowMs: 60_000 }]);
    expect(second.map((s) => s.count)).toEqual([2, 2]);
  });

  it("restarts an expired window", async () => {
    const key = `test:${randomUUID()}`;
    await hitRateLimits([{ key, windowMs: 60_000 }]);
    await db.rateLimit.update({ where: { key }, data: { count: 40, resetAt: new Date(Date.now() - 1000) } });
    expect((await hitRateLimits([{ key, windowMs: 60_000 }]))[0]!.count).toBe(1);
  });

  it("counts each key exactly when many transactions hit overlapping keys in different orders at once, without deadlock", async () => {
    const keys = Array.from({ length: 4 }, (_, i) => `test:${randomUUID()}:${i}`);
    const calls = Array.from({ length: 24 }, (_, i) => {
      // Each call takes three of the four keys, in its own order, inside a transaction that holds them a moment.
      const chosen = [0, 1, 2, 3].filter((k) => k !== i % 4).map((k) => keys[k]!);
      if (i % 2 === 1) chosen.reverse();
      return db.$transaction(async (tx) => {
        const states = await hitRateLimits(chosen.map((key) => ({ key, windowMs: 60_000 })), tx);
        await tx.$executeRaw`SELECT pg_sleep(0.01)`;
        return states;
        // Twenty-four transactions queue for the pool's connections: on a busy machine the last
        // ones wait longer than Prisma's 2 s default to start, which is not what this checks.
      }, { maxWait: 60_000, timeout: 60_000 });
    });
    const results = await Promise.all(calls);
    for (const key of keys) expect((await peekRateLimit(key))?.count).toBe(18);
    // Every call saw a distinct count for each key: the increments queued, none was lost.
    for (const key of keys) {
      const seen = results.flatMap((states, i) => {
        const chosen = [0, 1, 2, 3].filter((k) => k !== i % 4).map((k) => keys[k]!);
        if (i % 2 === 1) chosen.reverse();
        const index = chosen.indexOf(key);
        return index === -1 ? [] : [states[index]!.count];
      });
      expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    }
  });

  it("refuses the same key with two different windows", async () => {
    const key = `test:${randomUUID()}`;
    await expect(hitRateLimits([{ key, windowMs: 1 }, { key, windowMs: 2 }])).rejects.toThrow(/different windows/);
  });
});

describe("claimAttempt", () => {
  it("lets exactly `max` of many simultaneous tries go on, refuses the rest with the window's end, and a released try frees a place", async () => {
    const key = `test:claim:${randomUUID()}`;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => claimAttempt(key, 60_000, 5)));
    expect(outcomes.filter((until) => until === null)).toHaveLength(5);
    expect(outcomes.filter((until) => until instanceof Date && until.getTime() > Date.now())).toHaveLength(15);
    // A full window is refused without counting another try.
    const counted = (await peekRateLimit(key))?.count;
    expect(await claimAttempt(key, 60_000, 5)).toBeInstanceOf(Date);
    expect((await peekRateLimit(key))?.count).toBe(counted);
    await db.rateLimit.update({ where: { key }, data: { count: 5 } });
    await releaseAttempt(key);
    expect(await claimAttempt(key, 60_000, 5)).toBeNull();
  });
});
