// The leased-queue kit against the real database, on the outbox as the email sender describes it
// (no sender runs in the tests). Each test queues rows to its own domain and claims only those,
// since other test files share the database.

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { OUTBOX } from "@/lib/email/sender";
import { Prisma, type EmailMessage } from "@/lib/generated/prisma/client";
import { unique } from "@/tests/integration/factories";

import { claimDue, recordOutcome, type Claim } from "./claims";

const QUEUE = OUTBOX;
const LEASE_MS = 60_000;

async function queueRows(domain: string, n: number, nextAttemptAt = new Date()): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({ kind: "bench", to: `r${i}@${domain}`, subject: `S${i}`, text: "t", html: "<p>t</p>", nextAttemptAt }));
  await db.emailMessage.createMany({ data: rows });
  return (await db.emailMessage.findMany({ where: { to: { endsWith: `@${domain}` } }, select: { id: true } })).map((row) => row.id);
}

function claim(domain: string, options: { now?: Date; batch?: number } = {}): Promise<Claim[]> {
  return claimDue<EmailMessage, Claim>(QUEUE, {
    now: options.now ?? new Date(),
    batch: options.batch ?? 10,
    leaseMs: LEASE_MS,
    where: Prisma.sql`q."to" LIKE ${`%@${domain}`}`,
    returning: Prisma.sql`q."id"::text AS "id", q."attempts"`,
  });
}

describe("claiming due rows", () => {
  it("gives each row to one of several claimers racing on the table, once", async () => {
    const domain = `${unique("race")}.test`;
    const ids = await queueRows(domain, 45);
    const claimedBy: string[][] = [[], [], [], [], []];
    await Promise.all(
      claimedBy.map(async (mine) => {
        for (;;) {
          const rows = await claim(domain, { batch: 4 });
          if (rows.length === 0) return;
          mine.push(...rows.map((row) => row.id));
        }
      }),
    );
    const all = claimedBy.flat();
    expect(all).toHaveLength(45);
    expect(new Set(all).size).toBe(45);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(await db.emailMessage.count({ where: { id: { in: ids }, status: "SENDING", attempts: 1 } })).toBe(45);
  });

  it("leaves rows not yet due, and rows within a lease, alone; takes a row again once its lease runs out", async () => {
    const domain = `${unique("lease")}.test`;
    const now = new Date();
    await queueRows(domain, 1, new Date(now.getTime() + 5_000));
    expect(await claim(domain, { now })).toEqual([]);
    const [first] = await claim(domain, { now: new Date(now.getTime() + 5_000) });
    expect(first).toMatchObject({ attempts: 1 });
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id: first!.id } });
    expect(row).toMatchObject({ status: "SENDING", attempts: 1 });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 5_000 + LEASE_MS);
    // Within the lease: nobody else takes it.
    expect(await claim(domain, { now: new Date(row.nextAttemptAt.getTime() - 1) })).toEqual([]);
    // Its claimer died: when the lease runs out, it is claimed again, as a new attempt.
    const [second] = await claim(domain, { now: row.nextAttemptAt });
    expect(second).toEqual({ id: first!.id, attempts: 2 });
  });
});

describe("recording an outcome", () => {
  it("writes while the claim holds, and refuses a claim whose lease ran out and was taken again, changing nothing", async () => {
    const domain = `${unique("lost")}.test`;
    const now = new Date();
    await queueRows(domain, 1, now);
    const [lost] = await claim(domain, { now });
    const [current] = await claim(domain, { now: new Date(now.getTime() + LEASE_MS) });
    expect(current).toEqual({ id: lost!.id, attempts: 2 });
    // The first claimer comes back late with its answer: refused.
    expect(await recordOutcome(QUEUE, lost!, { status: "FAILED", lastError: "late" })).toBe(false);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: lost!.id } })).toMatchObject({ status: "SENDING", attempts: 2, lastError: null });
    // The claim that holds it records.
    const sentAt = new Date();
    expect(await recordOutcome(QUEUE, current!, { status: "SENT", sentAt, lastError: null })).toBe(true);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: lost!.id } })).toMatchObject({ status: "SENT", attempts: 2, sentAt });
    // Recorded once: the row is no longer held, so the same claim cannot write it again.
    expect(await recordOutcome(QUEUE, current!, { status: "FAILED", lastError: "twice" })).toBe(false);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: lost!.id } })).toMatchObject({ status: "SENT", lastError: null });
  });

  it("puts a row back in the queue for a later time, where it is claimed again only when due", async () => {
    const domain = `${unique("retry")}.test`;
    const now = new Date();
    await queueRows(domain, 1, now);
    const [first] = await claim(domain, { now });
    const later = new Date(now.getTime() + 30_000);
    expect(await recordOutcome(QUEUE, first!, { status: "QUEUED", nextAttemptAt: later, lastError: "Try again later" })).toBe(true);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: "QUEUED", attempts: 1, nextAttemptAt: later });
    expect(await claim(domain, { now: new Date(later.getTime() - 1) })).toEqual([]);
    expect(await claim(domain, { now: later })).toEqual([{ id: first!.id, attempts: 2 }]);
  });
});
