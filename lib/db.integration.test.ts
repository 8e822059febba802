import { afterEach, describe, expect, it } from "vitest";

import { db, getPool } from "@/lib/db";
import { makeStory } from "@/tests/integration/factories";

// Prisma keeps DateTime as `timestamp(3)` without a zone, in UTC. The raw pool under it must read
// those columns as the same instants, whatever the process's time zone.
describe("the raw connection pool", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads a timestamp without a zone as UTC, as Prisma does, in a process that is not on UTC", async () => {
    process.env.TZ = "Asia/Singapore";
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-480);

    const literal = await getPool().query<{ at: Date }>(`SELECT '2026-01-01 00:00:00.125'::timestamp(3) AS "at"`);
    expect(literal.rows[0]!.at.toISOString()).toBe("2026-01-01T00:00:00.125Z");

    const story = await makeStory({ status: "DRAFT" });
    const viaPrisma = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { createdAt: true } });
    const raw = await getPool().query<{ createdAt: Date }>(`SELECT "createdAt" FROM "Story" WHERE "id" = $1`, [story.id]);
    expect(raw.rows[0]!.createdAt.toISOString()).toBe(viaPrisma.createdAt.toISOString());
  });
});
