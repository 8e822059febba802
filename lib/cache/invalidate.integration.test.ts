import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { makeStory, unique } from "@/tests/integration/factories";

import { ReaderCacheStore } from "./reader-cache-store.mjs";
import { invalidateReaderCache, invalidateStoryChange, loadStoryPlacement } from "./invalidate";
import { CACHE_CHANNEL } from "./stamp.mjs";
import { slugTag, storyTag } from "./tags";

const databaseUrl = () => process.env.DATABASE_URL!;
const quiet = { warn: () => {} };

async function stampOf(tag: string): Promise<Date | null> {
  const row = await db.cacheTag.findUnique({ where: { tag }, select: { revalidatedAt: true } });
  return row?.revalidatedAt ?? null;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

/** A stored unstable_cache result, as Next hands it to the cache handler. */
function fetchEntry(body: string) {
  return { kind: "FETCH", data: { headers: {}, body: JSON.stringify(body), status: 200, url: "" }, revalidate: 300 };
}

describe("invalidateReaderCache", () => {
  let listener: pg.Client;
  const received: Array<{ at: number; tags: string[] }> = [];

  beforeAll(async () => {
    listener = new pg.Client({ connectionString: databaseUrl() });
    await listener.connect();
    listener.on("notification", (message) => {
      if (message.channel === CACHE_CHANNEL) received.push(JSON.parse(message.payload ?? "{}") as { at: number; tags: string[] });
    });
    await listener.query(`LISTEN ${CACHE_CHANNEL}`);
  });

  afterAll(async () => {
    await listener.end();
  });

  it("stamps each tag's row and notifies listeners with the tags and the stamp time", async () => {
    const tags = [unique("tag:a"), unique("section:b")];
    const before = Date.now();
    await invalidateReaderCache([...tags, tags[0]!]);
    const stamps = await Promise.all(tags.map(stampOf));
    for (const stamp of stamps) expect(stamp!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    await waitFor(() => received.some((message) => message.tags.includes(tags[0]!)), 2000);
    const message = received.find((m) => m.tags.includes(tags[0]!))!;
    expect(message.tags.sort()).toEqual([...tags].sort());
    expect(message.at).toBe(stamps[0]!.getTime());

    // A later stamp moves the row forward.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await invalidateReaderCache([tags[0]!]);
    expect((await stampOf(tags[0]!))!.getTime()).toBeGreaterThan(stamps[0]!.getTime());
  });

  it("refuses tags the cache cannot use", async () => {
    await expect(invalidateReaderCache(["_N_T_/world"])).rejects.toThrow(/belong to Next/);
  });

  it("splits a long list into notifications PostgreSQL accepts", async () => {
    const tags = Array.from({ length: 400 }, (_, i) => `${unique("slug:long")}-${i}-${"x".repeat(20)}`);
    await invalidateReaderCache(tags);
    expect(await db.cacheTag.count({ where: { tag: { in: tags } } })).toBe(400);
    await waitFor(() => tags.every((tag) => received.some((message) => message.tags.includes(tag))), 2000);
  });

  it("after a change to a published story, stamps its story, slug, section and list tags", async () => {
    const story = await makeStory({ status: "PUBLISHED" });
    const placement = await loadStoryPlacement(story.id);
    expect(placement).toMatchObject({ id: story.id, slugs: [story.slug], isPublic: true });
    await invalidateStoryChange(null, story.id);
    for (const tag of [storyTag(story.id), slugTag(story.slug), `section:${placement!.sectionSlug}`, "home", "feeds"]) {
      expect(await stampOf(tag), tag).not.toBeNull();
    }
  });

  it("leaves the cache alone for a draft nobody can read", async () => {
    const story = await makeStory({ status: "DRAFT" });
    await invalidateStoryChange(await loadStoryPlacement(story.id), story.id);
    expect(await stampOf(storyTag(story.id))).toBeNull();
  });
});

describe("the cache handler's store, as two instances on one database", () => {
  let a: ReaderCacheStore;
  let b: ReaderCacheStore;
  let pollOnly: ReaderCacheStore;

  beforeAll(async () => {
    a = new ReaderCacheStore({ databaseUrl: databaseUrl(), pollIntervalMs: 200, log: quiet });
    b = new ReaderCacheStore({ databaseUrl: databaseUrl(), pollIntervalMs: 200, log: quiet });
    pollOnly = new ReaderCacheStore({ databaseUrl: databaseUrl(), pollIntervalMs: 300, listen: false, log: quiet });
    for (const store of [a, b, pollOnly]) store.start();
    await waitFor(() => a.listening && b.listening, 5000);
  });

  afterAll(async () => {
    await Promise.all([a.stop(), b.stop(), pollOnly.stop()]);
  });

  function store(instance: ReaderCacheStore, key: string, tags: string[], body = "v1") {
    expect(instance.get(key, { kind: "FETCH", tags })).toBeNull();
    instance.set(key, fetchEntry(body), { fetchCache: true, tags });
    expect(instance.get(key, { kind: "FETCH", tags })).not.toBeNull();
  }

  it("serves an entry until one of its tags is stamped by another instance, then misses within a moment", async () => {
    const tag = unique("story:x");
    const key = unique("key");
    store(b, key, ["reader", tag]);
    await a.revalidateTags([tag]);
    const ms = await waitFor(() => b.get(key, { kind: "FETCH", tags: ["reader", tag] }) === null, 2000);
    expect(ms).toBeLessThan(2000);
  });

  it("misses after invalidateReaderCache from anywhere (the scheduler, a script)", async () => {
    const tag = unique("home-x");
    const key = unique("key");
    store(b, key, [tag]);
    await invalidateReaderCache([tag]);
    await waitFor(() => b.get(key, { kind: "FETCH", tags: [tag] }) === null, 2000);
  });

  it("catches a stamp by polling when it never heard the notification", async () => {
    const tag = unique("section:poll");
    const key = unique("key");
    store(pollOnly, key, [tag]);
    await a.revalidateTags([tag]);
    await waitFor(() => pollOnly.get(key, { kind: "FETCH", tags: [tag] }) === null, 3000);
  });

  it("does not keep a render as fresh when the stamp arrived while it was rendering", async () => {
    const tag = unique("slug:race");
    const key = unique("key");
    expect(b.get(key, { kind: "FETCH", tags: [tag] })).toBeNull(); // the render begins (it reads the old data)
    await new Promise((resolve) => setTimeout(resolve, 5));
    b.markRevalidated([tag]); // the change is committed and heard before the render stores its result
    b.set(key, fetchEntry("old"), { fetchCache: true, tags: [tag] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(b.get(key, { kind: "FETCH", tags: [tag] })).toBeNull();
    // The next render began after the stamp: it is kept.
    b.set(key, fetchEntry("new"), { fetchCache: true, tags: [tag] });
    expect(b.get(key, { kind: "FETCH", tags: [tag] })).not.toBeNull();
  });

  it("stays within its memory bound, dropping the least recently used", () => {
    const small = new ReaderCacheStore({ maxBytes: 4000, log: quiet });
    for (let i = 0; i < 10; i += 1) small.set(`k${i}`, fetchEntry("x".repeat(500)), { fetchCache: true, tags: [] });
    expect(small.bytes).toBeLessThanOrEqual(4000);
    expect(small.get("k9", { kind: "FETCH", tags: [] })).not.toBeNull();
    expect(small.get("k0", { kind: "FETCH", tags: [] })).toBeNull();
  });

  it("stores a page readers get as plain HTML under a policy that lets no script run", () => {
    const html = '<html><head><link rel="preload" as="script" href="/_next/a.js"/></head><body><h1>Story</h1><script type="application/ld+json">{"a":1}</script><script>self.__next_f=[]</script><script src="/_next/a.js" async=""></script></body></html>';
    const page = { kind: "APP_PAGE", html, rscData: Buffer.from("rsc"), headers: { "x-next-cache-tags": "_N_T_/x" }, status: 200 };
    const key = unique("page");
    b.get(key, { kind: "APP_PAGE" });
    b.set(key, page, { cacheControl: { revalidate: 300 } });
    const stored = b.get(key, { kind: "APP_PAGE" })!.value as typeof page;
    expect(stored.html).toBe('<html><head></head><body><h1>Story</h1><script type="application/ld+json">{"a":1}</script></body></html>');
    expect(stored.rscData.toString()).toBe("rsc");
    expect((stored.headers as Record<string, string>)["content-security-policy"]).toMatch(/script-src 'none'$/);
  });

  it("gives a stored 404 page a policy listing its inline scripts, or re-nonces it for a request with a nonce policy", () => {
    const html = '<html><script nonce="OLD">self.__next_f=[]</script><script src="/_next/a.js" nonce="OLD"></script></html>';
    const page = { kind: "APP_PAGE", html, rscData: Buffer.from("rsc"), headers: { "x-next-cache-tags": "_N_T_/x" }, status: 404 };
    const key = unique("page");
    b.get(key, { kind: "APP_PAGE" });
    b.set(key, page, { cacheControl: { revalidate: 300 } });
    expect(page.headers).toHaveProperty("content-security-policy", expect.stringContaining("'sha256-"));
    const plain = b.get(key, { kind: "APP_PAGE" })!.value as typeof page;
    expect(plain.headers["content-security-policy" as keyof typeof plain.headers]).toMatch(/script-src 'self' 'sha256-[^']+'$/);
    const renonced = b.get(key, { kind: "APP_PAGE" }, "NEW")!.value as typeof page;
    expect(renonced.html).toBe(html.replaceAll("OLD", "NEW"));
    expect(renonced.headers).not.toHaveProperty("content-security-policy");
  });

  it("stores an HTML page a route handler wrote (the story page) as a reader page: no-script policy and an ETag; a feed stays as it was", () => {
    const headers = () => ({ "content-type": "text/html; charset=utf-8", "x-next-cache-tags": "_N_T_/x" });
    const page = { kind: "APP_ROUTE", body: Buffer.from("<html><h1>Story</h1></html>"), headers: headers(), status: 200 };
    const key = unique("route");
    b.get(key, { kind: "APP_ROUTE" });
    b.set(key, page, { cacheControl: { revalidate: 300 } });
    const stored = b.get(key, { kind: "APP_ROUTE" })!.value as typeof page & { headers: Record<string, string> };
    expect(stored.body.toString()).toBe("<html><h1>Story</h1></html>");
    expect(stored.headers["content-security-policy"]).toMatch(/script-src 'none'$/);
    expect(stored.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(b.isServable(stored.headers.etag!)).toBe(true);

    const feed = { kind: "APP_ROUTE", body: Buffer.from("<rss/>"), headers: { "content-type": "application/rss+xml; charset=utf-8" }, status: 200 };
    const feedKey = unique("feed");
    b.get(feedKey, { kind: "APP_ROUTE" });
    b.set(feedKey, feed, { cacheControl: { revalidate: 300 } });
    const storedFeed = b.get(feedKey, { kind: "APP_ROUTE" })!.value as { headers: Record<string, string> };
    expect(storedFeed.headers).not.toHaveProperty("etag");
    expect(storedFeed.headers).not.toHaveProperty("content-security-policy");
  });

  it("says a stored page's ETag may be sent again until another instance stamps one of its tags, or it is past its revalidate time", async () => {
    const tag = unique("story:p");
    const key = unique("page");
    const page = { kind: "APP_PAGE", html: `<html><p>${key}</p></html>`, rscData: Buffer.from("rsc"), headers: { "x-next-cache-tags": `reader,${tag}` }, status: 200 };
    b.get(key, { kind: "APP_PAGE" });
    b.set(key, page, { cacheControl: { revalidate: 300 } });
    const etag = (page.headers as Record<string, string>).etag!;
    expect(b.isServable(etag)).toBe(true);
    expect(b.isServable('"not-a-stored-page"')).toBe(false);
    expect(b.isServable(etag, Date.now() + 301_000)).toBe(false);
    await a.revalidateTags([tag]);
    expect(await waitFor(() => !b.isServable(etag), 2000)).toBeLessThan(2000);
    // And the next render's ETag is the one that counts.
    b.get(key, { kind: "APP_PAGE" });
    b.set(key, { ...page, html: `<html><p>${key} again</p></html>`, headers: { "x-next-cache-tags": `reader,${tag}` } }, { cacheControl: { revalidate: 300 } });
    expect(b.isServable(etag)).toBe(false);
  });

  it("gives a stored page one ETag for its bytes, a new one when they change, and none when re-nonced", () => {
    const key = unique("page");
    const page = (html: string) => ({ kind: "APP_PAGE", html, rscData: Buffer.from("rsc"), headers: { "x-next-cache-tags": "_N_T_/x" }, status: 200 });
    const etagOf = (value: unknown) => (value as { headers: Record<string, string | undefined> }).headers.etag;
    const first = page("<html><p>First version</p></html>");
    b.get(key, { kind: "APP_PAGE" });
    b.set(key, first, { cacheControl: { revalidate: 300 } });
    const tag = etagOf(first);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(etagOf(b.get(key, { kind: "APP_PAGE" })!.value)).toBe(tag);
    expect(etagOf(b.get(key, { kind: "APP_PAGE" })!.value)).toBe(tag);
    expect(etagOf(b.get(key, { kind: "APP_PAGE" }, "NONCE")!.value)).toBeUndefined();
    b.set(key, page("<html><p>Second version</p></html>"), { cacheControl: { revalidate: 300 } });
    const second = etagOf(b.get(key, { kind: "APP_PAGE" })!.value);
    expect(second).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(second).not.toBe(tag);
  });
});
