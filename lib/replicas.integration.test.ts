// Read replicas (lib/db.ts, docs/operations.md "Read replicas"): a real streaming standby of the
// test server (scripts/db/standby.ts), reader reads on it, everything else on the primary, the
// WAL-position wait, and the fall-back to the primary when it lags or is gone.

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { getFrontPage, getStoryPage } from "@/lib/cache/reader";
import { TagStamps } from "@/lib/cache/tag-stamps.mjs";
import { db, parseLsn, withReaderReads } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { searchStories } from "@/lib/search/queries";
import { callApi, makeKey } from "@/tests/integration/api-client";
import { makeSection, makeStory } from "@/tests/integration/factories";
import { startStandby, type Standby } from "@/scripts/db/standby";

let standby: Standby;
let onStandby: pg.Client;

/** What the app's replica connections on the standby last ran (pg_stat_activity there: the first kilobyte). */
async function replicaStatements(): Promise<string[]> {
  const { rows } = await onStandby.query<{ query: string }>(
    "SELECT query FROM pg_stat_activity WHERE application_name = 'newsdesk-replica-read' AND datname = current_database()",
  );
  return rows.map((row) => row.query);
}

async function publishedStory() {
  const section = await makeSection();
  const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
  const { slug: sectionSlug } = await db.section.findUniqueOrThrow({ where: { id: section.id }, select: { slug: true } });
  return { ...story, sectionSlug };
}

beforeAll(async () => {
  const primaryUrl = process.env.DATABASE_URL!;
  standby = await startStandby({ primaryUrl, dataDir: path.join(mkdtempSync(path.join(os.tmpdir(), "newsdesk-standby-")), "pg") });
  onStandby = new pg.Client({ connectionString: standby.url });
  await onStandby.connect();
  process.env.DATABASE_REPLICA_URLS = standby.url;
  reloadEnv();
}, 120_000);

afterAll(async () => {
  delete process.env.DATABASE_REPLICA_URLS;
  reloadEnv();
  await onStandby?.end().catch(() => undefined);
  await standby?.stop();
});

describe("read replicas", () => {
  it("reads a reader page's data on the replica, once it has replayed the write just made", async () => {
    // Made on the primary a moment ago: the read waits for the standby to replay it.
    const story = await publishedStory();
    const lookup = await getStoryPage(story.sectionSlug, story.slug);
    expect(lookup.kind).toBe("found");
    // The story page's one statement (pg_stat_activity keeps its first kilobyte).
    expect((await replicaStatements()).some((query) => query.includes('s."datelinePlace"'))).toBe(true);

    const front = await getFrontPage();
    expect(front.sections.some((one) => one.stories.some((teaser) => teaser.id === story.id)) || front.lead?.id === story.id).toBe(true);
  });

  it("searches on the replica", async () => {
    const story = await publishedStory();
    const headline = (await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true } })).headline;
    const { rows } = await onStandby.query<{ at: string }>("SELECT clock_timestamp()::text AS at");
    const found = await searchStories({ query: headline });
    expect(found.results.map((result) => result.id)).toContain(story.id);
    // The search is a read-only batch (its statement settings, then the query): the replica
    // connection that ran it last committed a transaction, after the search began.
    const committed = await onStandby.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'newsdesk-replica-read' AND datname = current_database()
         AND query = 'COMMIT' AND state_change > $1::timestamptz`,
      [rows[0]!.at],
    );
    expect(committed.rowCount).toBeGreaterThan(0);
  });

  it("answers the Content API from the replica, with what the primary had when the key was checked", async () => {
    const key = await makeKey();
    const story = await publishedStory();
    const { rows } = await onStandby.query<{ at: string }>("SELECT clock_timestamp()::text AS at");
    const answer = await callApi<{ data: { id: string } }>(`/api/content/v1/stories/${story.id}`, { key: key.secret });
    expect(answer.status).toBe(200);
    expect(answer.body.data.id).toBe(story.id);
    // The API's story statement (its first kilobyte names the word count), run after the call began.
    const read = await onStandby.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'newsdesk-replica-read' AND datname = current_database()
         AND query LIKE '%s."wordCount"%' AND state_change > $1::timestamptz`,
      [rows[0]!.at],
    );
    expect(read.rowCount).toBeGreaterThan(0);
  });

  it("keeps transactions, writes and reads outside reader code on the primary", async () => {
    const inReader = await withReaderReads(async () => ({
      plain: await db.$queryRaw<Array<{ standby: boolean }>>`SELECT pg_is_in_recovery() AS standby`,
      inTransaction: await db.$transaction((tx) => tx.$queryRaw<Array<{ standby: boolean }>>`SELECT pg_is_in_recovery() AS standby`),
      written: await db.section.create({ data: { name: "Replica test", slug: `replica-${Date.now()}` }, select: { id: true } }),
    }));
    expect(inReader.plain[0]?.standby).toBe(true);
    expect(inReader.inTransaction[0]?.standby).toBe(false);
    expect(await db.section.count({ where: { id: inReader.written.id } })).toBe(1);
    const outside = await db.$queryRaw<Array<{ standby: boolean }>>`SELECT pg_is_in_recovery() AS standby`;
    expect(outside[0]?.standby).toBe(false);
  });

  it("needs, for a render, the WAL position of the newest stamp this process heard of", async () => {
    const stamps = new TagStamps({ databaseUrl: process.env.DATABASE_URL!, listen: false, log: { warn: () => undefined } });
    stamps.start();
    try {
      await stamps.firstPoll(5000);
      expect(await stamps.readerWalPosition()).not.toBeNull();
      await publishedStory();
      const primary = new pg.Client({ connectionString: process.env.DATABASE_URL! });
      await primary.connect();
      const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
      await primary.end();
      // This process's own change: marked at once, and the position covers the change's commit.
      await stamps.revalidateTags(["story:replica-test"]);
      const needed = await stamps.readerWalPosition();
      expect(needed).not.toBeNull();
      expect(parseLsn(needed!) >= parseLsn(rows[0]!.lsn)).toBe(true);
    } finally {
      await stamps.stop();
    }
  });

  it("reads from the primary while the replica lags, and says so once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await onStandby.query("SELECT pg_wal_replay_pause()");
    try {
      const first = await publishedStory();
      expect((await getStoryPage(first.sectionSlug, first.slug)).kind).toBe("found");
      const second = await publishedStory();
      expect((await getStoryPage(second.sectionSlug, second.slug)).kind).toBe("found");
      const lagging = warn.mock.calls.filter(([message]) => String(message).includes("has not replayed"));
      expect(lagging).toHaveLength(1);
    } finally {
      await onStandby.query("SELECT pg_wal_replay_resume()");
      warn.mockRestore();
    }
  });

  it("reads from the primary when the replica is gone, and says so once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // A while later (past the retry time), the replica is tried again.
    let now = Date.now() + 60_000;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => now);
    try {
      await onStandby.end();
      await standby.stop();
      now += 60_000;
      // Gone between the choice (its replay position is known to be far enough) and the read, with
      // a nested loader whose promise is kept for the render (React's cache()): both recover.
      let kept: Promise<number> | undefined;
      const nested = () => (kept ??= withReaderReads(() => db.section.count()));
      expect(await withReaderReads(() => nested(), { walPosition: "0/1" })).toBeGreaterThan(0);
      const first = await publishedStory();
      expect((await getStoryPage(first.sectionSlug, first.slug)).kind).toBe("found");
      const second = await publishedStory();
      expect((await getStoryPage(second.sectionSlug, second.slug)).kind).toBe("found");
      expect(warn.mock.calls.filter(([message]) => String(message).includes("cannot be read") || String(message).includes("failed a read"))).toHaveLength(1);
    } finally {
      clock.mockRestore();
      warn.mockRestore();
    }
  });
});
