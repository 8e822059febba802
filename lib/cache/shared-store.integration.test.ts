import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";

import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { unique } from "@/tests/integration/factories";

import { createRequestHandler } from "@/scripts/serve.mjs";

import { parseTrustedProxies } from "../http/forwarded.mjs";
import { PageResponses } from "./page-responses.mjs";
import { ReaderCacheStore } from "./reader-cache-store.mjs";
import { expiresTag } from "./expiry.mjs";
import { checksumOf, encodePayload } from "./shared-store.mjs";
import { CACHE_CHANNEL, STAMP_SQL } from "./stamp.mjs";

const databaseUrl = () => process.env.DATABASE_URL!;
const quiet = { warn: () => {} };
const BUILD = "build-a";

type Page = { kind: string; html: string; rscData: Buffer; segmentData?: Map<string, Buffer>; headers: Record<string, string>; status: number };

function page(text: string, tags: string[], status = 200): Page {
  return {
    kind: "APP_PAGE",
    html: `<html><body><h1>${text}</h1><script>self.__next_f=[]</script></body></html>`,
    rscData: Buffer.from(`rsc ${text}`),
    segmentData: new Map([["/_tree", Buffer.from(`tree ${text}`)]]),
    headers: { "x-next-cache-tags": tags.join(",") },
    status,
  };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An instance: its own memory, the same database. No LISTEN and a slow poll unless asked, so a test decides what it has heard. */
function instance(options: { buildId?: string; listen?: boolean; pollIntervalMs?: number; databaseUrl?: string; sharedTimeoutMs?: number; log?: { warn: (message: string) => void } } = {}) {
  const store = new ReaderCacheStore({
    databaseUrl: options.databaseUrl ?? databaseUrl(),
    buildId: options.buildId ?? BUILD,
    listen: options.listen ?? false,
    pollIntervalMs: options.pollIntervalMs ?? 60_000,
    sharedTimeoutMs: options.sharedTimeoutMs,
    log: options.log ?? quiet,
  });
  store.start();
  return store;
}

/** A render through `store`: the miss, then the stored result, written to the shared store. */
async function render(store: ReaderCacheStore, key: string, value: Page) {
  await store.stamps.pollNow();
  expect(await store.lookup(key, { kind: "APP_PAGE" })).toBeNull();
  store.set(key, value, { cacheControl: { revalidate: 300 } });
  await store.flush();
}

async function htmlServedBy(store: ReaderCacheStore, key: string): Promise<string | null> {
  const hit = await store.lookup(key, { kind: "APP_PAGE" });
  return hit ? ((hit.value as Page).html ?? null) : null;
}

async function stamp(tags: string[]) {
  await db.$executeRawUnsafe(STAMP_SQL, tags, CACHE_CHANNEL);
}

describe("the shared reader-page store", () => {
  const stores: ReaderCacheStore[] = [];
  const make = (options?: Parameters<typeof instance>[0]) => {
    const store = instance(options);
    stores.push(store);
    return store;
  };

  // Each test's instances stop with it: each holds a pool and a poller (and a LISTEN), and the
  // workers share one PostgreSQL.
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.stop()));
  });

  /** Two instances: A renders, B hears stamps as they are made (LISTEN, and a quick poll). */
  const renderingAndListening = async () => {
    const a = make();
    const b = make({ listen: true, pollIntervalMs: 200 });
    await waitFor(() => b.listening, 5000);
    return { a, b };
  };

  it("serves a page one instance rendered from another, without rendering it there, with its bytes and headers", async () => {
    const a = make();
    const b = make();
    const key = unique("/world/story");
    const tag = unique("story:");
    await render(a, key, page("Shared", [tag]));
    await b.stamps.pollNow();

    const hit = await b.lookup(key, { kind: "APP_PAGE" });
    expect(hit).not.toBeNull();
    const value = hit!.value as Page;
    expect(value.html).toBe("<html><body><h1>Shared</h1></body></html>");
    expect(value.rscData.toString()).toBe("rsc Shared");
    expect(value.segmentData!.get("/_tree")!.toString()).toBe("tree Shared");
    expect(value.headers["content-security-policy"]).toMatch(/script-src 'none'$/);
    expect(value.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    // No render began on B: nothing is waiting to be stored.
    expect(b.pendingRenders.has(key)).toBe(false);
    // Now in B's memory too: the next request does not ask the database.
    expect(b.get(key, { kind: "APP_PAGE" })).not.toBeNull();
    const row = await db.readerPage.findUnique({ where: { key }, select: { buildId: true, tags: true, kind: true } });
    expect(row).toEqual({ buildId: BUILD, tags: [tag], kind: "APP_PAGE" });
  });

  it("keeps a stored 404 with the hashes of its scripts", async () => {
    const a = make();
    const key = unique("/world/missing");
    await render(a, key, page("Not found", [unique("slug:")], 404));
    const hit = await make().lookup(key, { kind: "APP_PAGE" });
    const value = hit!.value as Page;
    expect(value.html).toContain("<script>self.__next_f=[]</script>");
    expect(value.headers["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[^']+'$/);
  });

  it("still serves it after a restart (a new store object on the same database and build)", async () => {
    const a = make();
    const key = unique("/world/restart");
    await render(a, key, page("Survives", [unique("story:")]));
    await a.stop();
    expect(await htmlServedBy(make(), key)).toBe("<html><body><h1>Survives</h1></body></html>");
  });

  it("serves a page that carries an expiry until then, in this process and from the store, and renders it again after", async () => {
    const a = make();
    const b = make();
    const key = unique("/world/comments-close");
    const closesAt = new Date(Date.now() + 1500);
    await render(a, key, page("Comments open", [unique("story:"), expiresTag(closesAt)]));
    await b.stamps.pollNow();
    expect(await htmlServedBy(b, key)).toBe("<html><body><h1>Comments open</h1></body></html>");
    expect(a.get(key, { kind: "APP_PAGE" })).not.toBeNull();

    // Once the clock passes it, neither process sends it again; the next request renders.
    await waitFor(() => Date.now() > closesAt.getTime(), 5000);
    expect(a.get(key, { kind: "APP_PAGE" })).toBeNull();
    expect(await make().lookup(key, { kind: "APP_PAGE" })).toBeNull();
  });

  it("misses everywhere once one of its tags is stamped, and keeps the next render", async () => {
    const a = make({ listen: true, pollIntervalMs: 200 });
    const b = make({ listen: true, pollIntervalMs: 200 });
    await waitFor(() => a.listening && b.listening, 5000);
    const key = unique("/world/stamped");
    const tag = unique("story:");
    await render(a, key, page("Old", ["reader", tag]));
    expect(await htmlServedBy(b, key)).not.toBeNull();

    await stamp([tag]);
    // A fresh instance asks the database: a miss at once.
    expect(await htmlServedBy(make(), key)).toBeNull();
    // A and B, which held it in memory, miss once they hear of it.
    await waitFor(async () => (await htmlServedBy(a, key)) === null && (await htmlServedBy(b, key)) === null, 3000);

    // (B's misses above began renders that never stored: a fresh instance renders it.)
    const fresh = make();
    await render(fresh, key, page("New", ["reader", tag]));
    expect(await htmlServedBy(make(), key)).toBe("<html><body><h1>New</h1></body></html>");
  });

  it("does not keep as fresh a render that began before a stamp and stored after it", async () => {
    const a = make();
    const key = unique("/world/race");
    const tag = unique("slug:");
    await a.stamps.pollNow();
    expect(await a.lookup(key, { kind: "APP_PAGE" })).toBeNull(); // the render begins, reading the old story
    await stamp([tag]); // the change commits and is stamped; A has not heard of it yet
    a.set(key, page("Before the change", [tag]), { cacheControl: { revalidate: 300 } });
    await a.flush();
    expect(await db.readerPage.count({ where: { key } })).toBe(1);
    expect(await htmlServedBy(make(), key)).toBeNull();
  });

  it("does not keep as fresh a render that began while a stamp's transaction was still open", async () => {
    // As posting a comment does: the stamp is written inside the change's transaction, before its commit.
    const a = make();
    const key = unique("/world/open");
    const tag = unique("comments:");
    const writer = new pg.Client({ connectionString: databaseUrl() });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(STAMP_SQL, [[tag], CACHE_CHANNEL]);
      // A polls after the stamp statement (its time is older than the render's start) but before the commit.
      await a.stamps.pollNow();
      expect(await a.lookup(key, { kind: "APP_PAGE" })).toBeNull();
      a.set(key, page("Without the comment", [tag]), { cacheControl: { revalidate: 300 } });
      await a.flush();
      await writer.query("COMMIT");
    } finally {
      await writer.end();
    }
    expect(await db.readerPage.count({ where: { key } })).toBe(1);
    expect(await htmlServedBy(make(), key)).toBeNull();
  });

  it("does not serve a corrupt row, and the render that follows replaces it", async () => {
    const warnings: string[] = [];
    const a = make();
    const b = make({ log: { warn: (message) => warnings.push(message) } });
    const key = unique("/world/corrupt");
    const tag = unique("story:");
    await render(a, key, page("Intact", [tag]));
    // One byte changed on disk: the checksum no longer matches.
    await db.$executeRaw`UPDATE "ReaderPage" SET "payload" = set_byte("payload", 40, 255 - get_byte("payload", 40)) WHERE "key" = ${key}`;
    expect(await htmlServedBy(b, key)).toBeNull();
    expect(warnings.join("\n")).toContain(key);
    b.set(key, page("Rendered again", [tag]), { cacheControl: { revalidate: 300 } });
    await b.flush();
    expect(await htmlServedBy(make(), key)).toBe("<html><body><h1>Rendered again</h1></body></html>");

    // Bytes that match their checksum but are no stored entry.
    const garbage = Buffer.from("not a payload at all");
    await db.$executeRaw`UPDATE "ReaderPage" SET "payload" = ${garbage}, "checksum" = ${checksumOf(garbage)} WHERE "key" = ${key}`;
    expect(await htmlServedBy(make(), key)).toBeNull();
    const notAnEntry = encodePayload("just a string");
    await db.$executeRaw`UPDATE "ReaderPage" SET "payload" = ${notAnEntry}, "checksum" = ${checksumOf(notAnEntry)} WHERE "key" = ${key}`;
    expect(await htmlServedBy(make(), key)).toBeNull();
  });

  it("does not serve a row another build wrote, replaces it, and deletes those nobody asks for", async () => {
    const old = make({ buildId: "build-old" });
    const key = unique("/world/build");
    const tag = unique("story:");
    await render(old, key, page("Old build", [tag]));
    await render(make(), key, page("This build", [tag]));
    expect(await db.readerPage.findUnique({ where: { key }, select: { buildId: true } })).toEqual({ buildId: BUILD });
    expect(await htmlServedBy(make(), key)).toBe("<html><body><h1>This build</h1></body></html>");

    // A row of another build nobody asked for again is deleted after a day; this build's stay.
    const forgotten = unique("/world/forgotten");
    await render(old, forgotten, page("Old build, never asked again", [tag]));
    await db.$executeRaw`UPDATE "ReaderPage" SET "renderedAt" = now() - interval '2 days' WHERE "key" IN (${forgotten}, ${key})`;
    expect(await make().shared!.pruneOtherBuilds()).toBeGreaterThanOrEqual(1);
    expect(await db.readerPage.count({ where: { key: forgotten } })).toBe(0);
    expect(await db.readerPage.count({ where: { key } })).toBe(1);
  });

  it("answers a miss and stores nothing, without throwing, when the database cannot be reached; logs it once", async () => {
    const warnings: string[] = [];
    const down = make({ databaseUrl: "postgresql://nobody:nothing@127.0.0.1:1/none", log: { warn: (message) => warnings.push(message) } });
    const keys = [unique("/world/down"), unique("/world/down"), unique("/world/down")];
    for (const key of keys) {
      expect(await down.lookup(key, { kind: "APP_PAGE" })).toBeNull();
      down.set(key, page("Per request", [unique("story:")]), { cacheControl: { revalidate: 300 } });
      await down.flush();
    }
    // Memory still works as before.
    expect(down.get(keys[0]!, { kind: "APP_PAGE" })).not.toBeNull();
    expect(warnings.filter((message) => message.startsWith("Reader page store:"))).toHaveLength(1);
  });

  it("answers a miss when the store does not answer within its time limit", async () => {
    const slow = make({ sharedTimeoutMs: 300 });
    const key = unique("/world/slow");
    await render(make(), key, page("Locked", [unique("story:")]));
    const locker = new pg.Client({ connectionString: databaseUrl() });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query(`LOCK TABLE "ReaderPage" IN ACCESS EXCLUSIVE MODE`);
      expect(await slow.lookup(key, { kind: "APP_PAGE" })).toBeNull();
      expect(slow.shared!.counts.errors).toBe(1);
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
    }
  });

  it("hands a stored page to the fast path with the headers and gzip body Next sent, while it is fresh; the store compresses nothing itself", async () => {
    const { a, b } = await renderingAndListening();
    const path = unique("/world/fast");
    const tag = unique("story:");
    const value = page("Fast", [tag]);
    await render(a, path, value);
    const etag = value.headers.etag!;
    // Storing a render costs no compression: the row holds no compressed copy until a response was recorded.
    const copies = async () =>
      (await db.$queryRaw<Array<{ gzip: boolean; br: boolean }>>`SELECT "gzip" IS NOT NULL AS "gzip", "br" IS NOT NULL AS "br" FROM "ReaderPage" WHERE "key" = ${path}`)[0];
    expect(await copies()).toEqual({ gzip: false, br: false });
    expect(await b.sharedResponse(path)).toBeNull();
    // Headers without a body (a response too big to keep) are not enough to send it.
    const headers: Array<[string, string]> = [["content-type", "text/html; charset=utf-8"], ["etag", etag]];
    await a.recordResponseHeaders(path, etag, headers);
    expect(await b.sharedResponse(path)).toBeNull();
    // The body Next sent for another version of the page is not taken for this one.
    await a.recordResponseHeaders(path, '"another"', headers, gzipSync("<html><body><h1>Other</h1></body></html>"));
    expect(await b.sharedResponse(path)).toBeNull();
    // The next response of this version fills it in.
    await a.recordResponseHeaders(path, etag, headers, gzipSync(value.html));
    expect(await copies()).toEqual({ gzip: true, br: false });

    const gzip = await b.sharedResponse(path);
    expect(gzip).not.toBeNull();
    expect(gzip!.encoding).toBe("gzip");
    expect(gunzipSync(gzip!.body).toString()).toBe("<html><body><h1>Fast</h1></body></html>");
    expect(gzip!.headers).toContainEqual(["etag", etag]);
    expect(b.isServable(etag)).toBe(true);

    // A compressed copy that does not match its checksum is not sent.
    await db.$executeRaw`UPDATE "ReaderPage" SET "gzip" = set_byte("gzip", 12, 255 - get_byte("gzip", 12)) WHERE "key" = ${path}`;
    expect(await b.sharedResponse(path)).toBeNull();
    await db.$executeRaw`UPDATE "ReaderPage" SET "gzip" = set_byte("gzip", 12, 255 - get_byte("gzip", 12)) WHERE "key" = ${path}`;
    expect(await b.sharedResponse(path)).not.toBeNull();

    await stamp([tag]);
    expect(await b.sharedResponse(path)).toBeNull();
    await waitFor(() => !b.isServable(etag), 3000);
  });

  it("lets another process send a page straight from the store once one process rendered it through Next, until it is stamped", async () => {
    const { a, b } = await renderingAndListening();
    const path = unique("/world/served");
    const tag = unique("story:");
    await Promise.all([a.stamps.pollNow(), b.stamps.pollNow()]);

    // Two app processes as scripts/serve.mjs runs them, each with a stand-in for Next that answers
    // from its own reader cache the way Next does (a HIT, gzip) and counts what reached it.
    const reached = { a: 0, b: 0 };
    const servers: http.Server[] = [];
    const startProcess = async (name: "a" | "b", store: ReaderCacheStore) => {
      const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        reached[name] += 1;
        const hit = await store.lookup(req.url!, { kind: "APP_PAGE" });
        let value = hit?.value as Page | undefined;
        if (!value) {
          // Rendered, stored (the row is written after this response ends), and sent.
          value = page("Sent once", [tag]);
          store.set(req.url!, value, { cacheControl: { revalidate: 300 } });
        }
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.setHeader("x-nextjs-cache", hit ? "HIT" : "MISS");
        res.setHeader("etag", value.headers.etag!);
        res.setHeader("content-security-policy", value.headers["content-security-policy"]!);
        res.setHeader("vary", "rsc, next-router-state-tree, next-router-prefetch, Accept-Encoding");
        res.setHeader("content-encoding", "gzip");
        res.end(gzipSync(value.html));
      };
      const server = http.createServer(createRequestHandler({ handle, trusted: parseTrustedProxies(undefined), responses: new PageResponses({ store }), nodeRoutes: () => undefined }));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const get = (url: string, encoding: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(url, { headers: { "accept-encoding": encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on("error", reject);
      });
    try {
      const urlA = await startProcess("a", a);
      const urlB = await startProcess("b", b);
      const first = await get(`${urlA}${path}`, "gzip");
      expect(gunzipSync(first.body).toString()).toBe("<html><body><h1>Sent once</h1></body></html>");
      expect(reached.a).toBe(1);
      const recorded = async () => (await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM "ReaderPage" WHERE "key" = ${path} AND "responseHeaders" IS NOT NULL`)[0]!.n;
      await waitFor(async () => (await recorded()) === 1, 3000);

      // The body A's render sent is the store's copy: B sends those bytes, to a browser that accepts Brotli too.
      const fromStore = await get(`${urlB}${path}`, "gzip, deflate, br");
      expect(reached.b).toBe(0);
      expect(fromStore.status).toBe(200);
      expect(fromStore.headers["content-encoding"]).toBe("gzip");
      expect(fromStore.body.equals(first.body)).toBe(true);
      expect(fromStore.headers.etag).toBe(first.headers.etag);
      expect(fromStore.headers["content-security-policy"]).toMatch(/script-src 'none'$/);
      expect(fromStore.headers.vary).toMatch(/Accept-Encoding/);
      expect(fromStore.headers["x-accel-expires"]).toMatch(/^@\d+$/);
      expect(gunzipSync(fromStore.body).toString()).toBe("<html><body><h1>Sent once</h1></body></html>");
      // Sent again from B's memory, still without Next.
      expect(gunzipSync((await get(`${urlB}${path}`, "gzip")).body).toString()).toBe("<html><body><h1>Sent once</h1></body></html>");
      await get(`${urlB}${path}`, "gzip, deflate, br");
      expect(reached.b).toBe(0);

      await stamp([tag]);
      await waitFor(() => !b.isServable(first.headers.etag as string), 3000);
      await get(`${urlB}${path}`, "gzip, deflate, br");
      expect(reached.b).toBe(1);
      expect(fromStore.headers["x-nextjs-cache"]).toBe("HIT");
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it("writes a page rendered for a response once, with the headers and gzip body sent, so another process can send it as soon as it is stored", async () => {
    const { a, b } = await renderingAndListening();
    const path = unique("/world/one-write");
    const tag = unique("story:");
    await Promise.all([a.stamps.pollNow(), b.stamps.pollNow()]);
    // What A's store asks of PostgreSQL.
    const shared = a.shared!;
    const statements: string[] = [];
    const query = shared.query.bind(shared);
    shared.query = ((name: string, sql: string, params: unknown[]) => {
      statements.push(name);
      return query(name, sql, params);
    }) as typeof shared.query;

    // A stand-in for Next that renders the page and stores it, then answers gzipped, as on a miss.
    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      expect(await a.lookup(req.url!, { kind: "APP_PAGE" })).toBeNull();
      const value = page("Written once", [tag]);
      a.set(req.url!, value, { cacheControl: { revalidate: 300 } });
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("x-nextjs-cache", "MISS");
      res.setHeader("etag", value.headers.etag!);
      res.setHeader("content-security-policy", value.headers["content-security-policy"]!);
      res.setHeader("content-encoding", "gzip");
      res.end(gzipSync(value.html));
    };
    const server = http.createServer(createRequestHandler({ handle, trusted: parseTrustedProxies(undefined), responses: new PageResponses({ store: a }), nodeRoutes: () => undefined }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const sent = await new Promise<Buffer>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers: { "accept-encoding": "gzip" } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve(Buffer.concat(chunks)));
          })
          .on("error", reject);
      });
      await a.flush();

      const fromStore = await b.sharedResponse(path);
      expect(fromStore?.body.equals(sent)).toBe(true);
      expect(fromStore?.headers).toContainEqual(["x-nextjs-cache", "HIT"]);
      const row = (await db.$queryRaw<Array<{ path: string | null; gzip: boolean }>>`SELECT "path", "gzip" IS NOT NULL AS "gzip" FROM "ReaderPage" WHERE "key" = ${path}`)[0];
      expect(row).toEqual({ path, gzip: true });
      // The fast path's look-up by path, and one write: the cache handler did not ask again for
      // the page's key, and no update followed the write.
      expect(statements).toEqual(["newsdesk_page_response_any", "newsdesk_page_write_sent"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("lets the write go without the response when it was not gzipped, and at once when no response waits for it", async () => {
    const a = make();
    const b = make();
    const path = unique("/world/plain-answer");
    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      expect(await a.lookup(req.url!, { kind: "APP_PAGE" })).toBeNull();
      const value = page("Sent plain", [unique("story:")]);
      a.set(req.url!, value, { cacheControl: { revalidate: 300 } });
      res.setHeader("x-nextjs-cache", "MISS");
      res.setHeader("etag", value.headers.etag!);
      res.end(value.html);
    };
    const server = http.createServer(createRequestHandler({ handle, trusted: parseTrustedProxies(undefined), responses: new PageResponses({ store: a }), nodeRoutes: () => undefined }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        http.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, (res) => res.resume().on("end", resolve)).on("error", reject);
      });
      await a.flush();
      expect(await htmlServedBy(b, path)).toBe("<html><body><h1>Sent plain</h1></body></html>");
      expect(await b.sharedResponse(path)).toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const key = unique("/world/no-watch");
    await render(a, key, page("Not watched", [unique("story:")]));
    expect(await htmlServedBy(b, key)).toBe("<html><body><h1>Not watched</h1></body></html>");
  });

  it("asks for the page's key after the fast path only when the store holds a row at the path", async () => {
    const a = make();
    const b = make();
    const rendered: string[] = [];
    // B as serve.mjs runs it, with a stand-in for Next that answers from B's reader cache or renders.
    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const hit = await b.lookup(req.url!, { kind: "APP_PAGE" });
      let value = hit?.value as Page | undefined;
      if (!value) {
        rendered.push(req.url!);
        value = page("Rendered by B", [unique("story:")]);
        b.set(req.url!, value, { cacheControl: { revalidate: 300 } });
      }
      res.setHeader("x-nextjs-cache", hit ? "HIT" : "MISS");
      res.setHeader("etag", value.headers.etag!);
      res.end(value.html);
    };
    const server = http.createServer(createRequestHandler({ handle, trusted: parseTrustedProxies(undefined), responses: new PageResponses({ store: b }), nodeRoutes: () => undefined }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers: { "accept-encoding": "gzip" } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve(Buffer.concat(chunks).toString()));
          })
          .on("error", reject);
      });
    try {
      // A stored at its path, without a response to send (a browser that took no gzip): B serves A's page.
      const atPath = unique("/world/at-path");
      await b.stamps.pollNow();
      await render(a, atPath, page("Rendered by A", [unique("story:")]));
      await db.$executeRaw`UPDATE "ReaderPage" SET "path" = ${atPath} WHERE "key" = ${atPath}`;
      expect(await get(atPath)).toBe("<html><body><h1>Rendered by A</h1></body></html>");
      // Stored without a path (by a process serve.mjs does not run, plain `next start`): rendered
      // again once, and then stored with it.
      const noPath = unique("/world/no-path");
      await render(a, noPath, page("Rendered by A", [unique("story:")]));
      expect(await get(noPath)).toBe("<html><body><h1>Rendered by B</h1></body></html>");
      expect(rendered).toEqual([noPath]);
      await b.flush();
      const row = (await db.$queryRaw<Array<{ path: string | null }>>`SELECT "path" FROM "ReaderPage" WHERE "key" = ${noPath}`)[0];
      expect(row?.path).toBe(noPath);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
