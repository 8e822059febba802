import http from "node:http";
import type { AddressInfo } from "node:net";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { makeActor, makeStory, unique } from "@/tests/integration/factories";

import { currentBuildId, FILL_LOCK_KEY, getReaderFillStatus, restartReaderFill, runReaderFill } from "./fill";
import { invalidateStoryChange } from "./invalidate";
import { registerSelfAddress } from "./self-address";
import { resetWriteThrough, writeThroughSettled } from "./write-through";

// The fill requests pages from "the app"; here, a plain server that records what it was asked.
let server: http.Server;
let base: string;
const requested: string[] = [];
/** Called on each request before it is answered (a test may stop the run from here). */
let onRequest: (path: string) => unknown = () => {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requested.push(req.url ?? "");
    // A test may hold the answer until something it started is done.
    void Promise.resolve(onRequest(req.url ?? "")).then(() => {
      res.setHeader("x-nextjs-cache", "MISS");
      res.end("<html></html>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  registerSelfAddress(null);
  await new Promise((resolve) => server.close(resolve));
});

const notBusy = () => false;

async function fillRow(buildId: string) {
  return db.readerFill.findUniqueOrThrow({ where: { buildId } });
}

let calls = 0;

/** Published stories of this test's own section, newest first, with their paths. */
async function publishStories(count: number) {
  calls += 1;
  const section = await db.section.create({ data: { name: unique("fill"), slug: unique("fill") }, select: { id: true, slug: true } });
  const stories = [];
  for (let i = 0; i < count; i += 1) {
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    // Distinct times, an hour apart, in the future and later for each call: the newest of the whole
    // database, in a known order.
    const publishedAt = new Date(Date.UTC(2090 + calls, 0, 1, i));
    await db.story.update({ where: { id: story.id }, data: { publishedAt } });
    stories.push({ path: `/${section.slug}/${story.slug}`, publishedAt });
  }
  return { section, stories: stories.reverse() };
}

describe("the background fill", () => {
  it("requests the fronts, then every published story newest first, once each, and records the finished fill", async () => {
    const { section, stories } = await publishStories(3);
    const buildId = unique("build");
    requested.length = 0;
    expect(await runReaderFill({ buildId, base, concurrency: 1, isBusy: notBusy, batchSize: 7 })).toBe("finished");

    expect(requested.slice(0, 3)).toEqual(["/", "/rss.xml", "/atom.xml"]);
    for (const path of [`/${section.slug}`, `/${section.slug}/rss.xml`, `/${section.slug}/atom.xml`]) expect(requested).toContain(path);
    // Ours are the newest stories in the database: first among the stories, newest first.
    const storyPaths = requested.filter((path) => path.split("/").length === 3 && !path.endsWith(".xml"));
    expect(storyPaths.slice(0, 3)).toEqual(stories.map((s) => s.path));
    expect(new Set(requested).size).toBe(requested.length);

    const row = await fillRow(buildId);
    expect(row.finishedAt).not.toBeNull();
    expect(row.done).toBe(row.total);
    expect(row.total).toBe(requested.length);
    expect(await runReaderFill({ buildId, base, concurrency: 1, isBusy: notBusy })).toBe("already-finished");
  });

  it("stopped halfway, resumes from its cursor without requesting again what it had recorded", async () => {
    const { stories } = await publishStories(4);
    const buildId = unique("build");
    requested.length = 0;
    const stop = new AbortController();
    // Stop during the third story's request: the fronts and the first batch of two are recorded.
    onRequest = (path) => {
      if (path === stories[2]!.path) stop.abort();
    };
    expect(await runReaderFill({ buildId, base, concurrency: 1, isBusy: notBusy, batchSize: 2, signal: stop.signal })).toBe("stopped");
    onRequest = () => {};

    const stopped = await fillRow(buildId);
    expect(stopped.finishedAt).toBeNull();
    expect(stopped.cursor).toMatch(/\|/);
    expect(stopped.cursor!.endsWith(`|${(await db.story.findFirstOrThrow({ where: { slug: stories[1]!.path.split("/")[2] } })).id}`)).toBe(true);
    const fronts = requested.indexOf(stories[0]!.path);
    expect(stopped.done).toBe(fronts + 2);

    requested.length = 0;
    expect(await runReaderFill({ buildId, base, concurrency: 2, isBusy: notBusy, batchSize: 2 })).toBe("finished");
    // No front again, nor the two stories recorded; the third and fourth next.
    expect(requested).not.toContain("/");
    expect(requested).not.toContain(stories[0]!.path);
    expect(requested).not.toContain(stories[1]!.path);
    expect(requested.slice(0, 2).sort()).toEqual([stories[2]!.path, stories[3]!.path].sort());
    const finished = await fillRow(buildId);
    expect(finished.finishedAt).not.toBeNull();
    expect(finished.done).toBe(finished.total);
  });

  it("runs one at a time: while another runner holds the lock, a second one does nothing", async () => {
    const buildId = unique("build");
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [FILL_LOCK_KEY]);
      requested.length = 0;
      expect(await runReaderFill({ buildId, base, concurrency: 1, isBusy: notBusy })).toBe("locked");
      expect(requested).toEqual([]);
      expect(await db.readerFill.findUnique({ where: { buildId } })).toBeNull();
    } finally {
      await holder.end();
    }
    // A runner in the middle of its walk (paused, busy) holds the lock: a second one does nothing.
    let held = true;
    let looks = 0;
    const first = runReaderFill({ buildId, base, concurrency: 1, isBusy: () => (looks++, held) });
    while (looks === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runReaderFill({ buildId, base, concurrency: 1, isBusy: notBusy })).toBe("locked");
    held = false;
    expect(await first).toBe("finished");
  });

  it("requests nothing while the process is busy", async () => {
    const buildId = unique("build");
    requested.length = 0;
    let busy = true;
    let looks = 0;
    const run = runReaderFill({ buildId, base, concurrency: 1, isBusy: () => (looks++, busy) });
    while (looks < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requested).toEqual([]);
    busy = false;
    expect(await run).toBe("finished");
    expect(requested.length).toBeGreaterThan(0);
  });

  it("starts again from the first page when an admin asks, and only an admin may", async () => {
    const buildId = currentBuildId();
    await runReaderFill({ buildId, base, concurrency: 2, isBusy: notBusy });
    expect((await fillRow(buildId)).finishedAt).not.toBeNull();

    const editor = await makeActor("EDITOR");
    await expect(restartReaderFill(editor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getReaderFillStatus(editor)).rejects.toMatchObject({ code: "FORBIDDEN" });

    const admin = await makeActor("ADMIN");
    await restartReaderFill(admin);
    const reset = await fillRow(buildId);
    expect(reset).toMatchObject({ finishedAt: null, cursor: null, done: 0 });
    const status = await getReaderFillStatus(admin);
    expect(status).toMatchObject({ started: true, done: 0, finishedAt: null });

    requested.length = 0;
    expect(await runReaderFill({ buildId, base, concurrency: 2, isBusy: notBusy })).toBe("finished");
    expect(requested).toContain("/");
    expect((await getReaderFillStatus(admin)).finishedAt).not.toBeNull();
  });

  it("a runner walking an old pass stops writing once an admin starts the fill again", async () => {
    const buildId = currentBuildId();
    const admin = await makeActor("ADMIN");
    await restartReaderFill(admin);
    requested.length = 0;
    let restarted: Promise<void> | null = null;
    // The restart commits while the runner waits for its third page.
    onRequest = (path) => {
      if (path === "/atom.xml" && !restarted) restarted = restartReaderFill(admin);
      return path === "/atom.xml" ? restarted : undefined;
    };
    expect(await runReaderFill({ buildId, base, concurrency: 1, isBusy: notBusy })).toBe("superseded");
    onRequest = () => {};
    expect(await fillRow(buildId)).toMatchObject({ cursor: null, done: 0, finishedAt: null });
  });
});

describe("write-through", () => {
  it("after a published change, requests the story's page, its section, the front page, its byline page and the feeds, and records them", async () => {
    const { stories } = await publishStories(1);
    const story = await db.story.findFirstOrThrow({ where: { slug: stories[0]!.path.split("/")[2] }, select: { id: true, bylines: { select: { byline: { select: { slug: true } } } } } });
    registerSelfAddress(base);
    resetWriteThrough();
    requested.length = 0;
    const before = new Date();
    await invalidateStoryChange(null, story.id);
    await writeThroughSettled();
    const section = stories[0]!.path.split("/")[1]!;
    expect(requested[0]).toBe(stories[0]!.path);
    for (const path of [`/${section}`, "/", `/byline/${story.bylines[0]!.byline.slug}`, "/rss.xml", "/atom.xml", `/${section}/rss.xml`]) expect(requested).toContain(path);
    const row = await db.readerWriteThrough.findUniqueOrThrow({ where: { path: stories[0]!.path } });
    expect(row.status).toBe(200);
    expect(row.renderedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("records a page requested twice in one batch: a second change while its first render ran", async () => {
    const { stories } = await publishStories(1);
    const path = stories[0]!.path;
    const story = await db.story.findFirstOrThrow({ where: { slug: path.split("/")[2] }, select: { id: true } });
    registerSelfAddress(base);
    resetWriteThrough();
    requested.length = 0;
    // The story page's first request waits for a second change, which queues it again.
    let second: Promise<void> | null = null;
    onRequest = (asked) => {
      if (asked !== path || second) return undefined;
      second = invalidateStoryChange(null, story.id);
      return second;
    };
    const errors: unknown[] = [];
    const logged = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await invalidateStoryChange(null, story.id);
      await writeThroughSettled();
    } finally {
      console.error = logged;
      onRequest = () => {};
    }
    expect(requested.filter((asked) => asked === path)).toHaveLength(2);
    expect(errors).toEqual([]);
    expect((await db.readerWriteThrough.findUniqueOrThrow({ where: { path } })).status).toBe(200);
  });

  it("does nothing for a draft", async () => {
    const draft = await makeStory({ status: "DRAFT" });
    registerSelfAddress(base);
    resetWriteThrough();
    requested.length = 0;
    await invalidateStoryChange(null, draft.id);
    await writeThroughSettled();
    expect(requested).toEqual([]);
  });
});

describe("pathsForStoryChange", () => {
  it("covers the pages before and after a move", async () => {
    const { pathsForStoryChange } = await import("./write-through");
    const before = { id: "a", slugs: ["old-slug"], sectionSlug: "world", bylineSlugs: ["ann"], tagSlugs: ["floods"], isPublic: true };
    const after = { ...before, slugs: ["new-slug", "old-slug"], sectionSlug: "politics", tagSlugs: [] };
    const paths = pathsForStoryChange(before, after);
    expect(paths[0]).toBe("/politics/new-slug");
    for (const path of ["/world/old-slug", "/politics", "/world", "/", "/byline/ann", "/tag/floods", "/rss.xml", "/atom.xml", "/world/rss.xml", "/politics/atom.xml"]) {
      expect(paths).toContain(path);
    }
  });
});
