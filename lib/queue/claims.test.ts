// The statements the leased-queue kit builds: names come only from identifiers of the schema's
// shape, and every value is a parameter, never text in the SQL.

import { describe, expect, it } from "vitest";

import { Prisma, type EmailMessage } from "@/lib/generated/prisma/client";

import { claimStatement, identifier, outcomeStatement, type LeasedQueue } from "./claims";

const QUEUE: LeasedQueue<EmailMessage> = {
  table: "EmailMessage",
  dueAt: "nextAttemptAt",
  attempts: "attempts",
  claimable: Prisma.sql`q."status" = 'QUEUED'`,
  onClaim: Prisma.sql`"status" = 'SENDING'`,
  held: Prisma.sql`q."status" = 'SENDING'`,
  casts: { status: "EmailStatus" },
};

describe("identifier", () => {
  it("quotes a name of the schema's shape and refuses anything else", () => {
    expect(identifier("nextAttemptAt").sql).toBe('"nextAttemptAt"');
    for (const bad of ['to"; DROP TABLE "User', "next attempt", "", "1st", 'a"b']) expect(() => identifier(bad), bad).toThrow(/Not an identifier/);
  });
});

describe("the claim statement", () => {
  it("locks due rows with SKIP LOCKED, moves their due time to the lease's end and counts the attempt, values as parameters", () => {
    const now = new Date("2026-12-07T06:00:00Z");
    const statement = claimStatement(QUEUE, { now, batch: 7, leaseMs: 60_000, where: Prisma.sql`q."to" LIKE ${"%@x.test"}`, returning: Prisma.sql`q."id"` });
    const text = statement.text.replace(/\s+/g, " ");
    expect(text).toContain('FROM "EmailMessage" q WHERE q."status" = \'QUEUED\' AND q."nextAttemptAt" <= $1 AND q."to" LIKE $2');
    expect(text).toContain("LIMIT $3 FOR UPDATE OF q SKIP LOCKED");
    expect(text).toContain('SET "nextAttemptAt" = $4, "attempts" = q."attempts" + 1, "status" = \'SENDING\'');
    expect(statement.values).toEqual([now, "%@x.test", 7, new Date("2026-12-07T06:01:00Z")]);
  });

  it("joins a table into the due rows and into the answer without locking it", () => {
    const statement = claimStatement(QUEUE, { now: new Date(), batch: 1, leaseMs: 1, join: { table: "User", alias: "u", on: Prisma.sql`u."email" = q."to"` }, returning: Prisma.sql`q."id", u."name"` });
    const text = statement.text.replace(/\s+/g, " ");
    expect(text).toContain('FROM "EmailMessage" q JOIN "User" u ON u."email" = q."to"');
    expect(text).toContain('FROM due, "User" u WHERE q."id" = due."id" AND u."email" = q."to"');
    expect(() => claimStatement(QUEUE, { now: new Date(), batch: 1, leaseMs: 1, join: { table: "User", alias: "u; --", on: Prisma.empty }, returning: Prisma.sql`q."id"` })).toThrow(/Not an alias/);
  });
});

describe("the outcome statement", () => {
  it("writes only while the row is held with the claim's attempt number, enum values cast, every value a parameter", () => {
    const at = new Date();
    const statement = outcomeStatement(QUEUE, { id: "0b7f3c1e-0000-4000-8000-000000000001", attempts: 3 }, { status: "SENT", sentAt: at, lastError: null, nextAttemptAt: undefined });
    const text = statement.text.replace(/\s+/g, " ");
    expect(text).toBe(' UPDATE "EmailMessage" q SET "status" = $1::"EmailStatus", "sentAt" = $2, "lastError" = $3 WHERE q."id" = $4::uuid AND q."attempts" = $5 AND q."status" = \'SENDING\'');
    expect(statement.values).toEqual(["SENT", at, null, "0b7f3c1e-0000-4000-8000-000000000001", 3]);
  });

  it("refuses an outcome that writes nothing", () => {
    expect(() => outcomeStatement(QUEUE, { id: "x", attempts: 1 }, {})).toThrow(/must write something/);
  });
});
