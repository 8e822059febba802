// PostgreSQL restarted under the app (issue 17, "faults survived"). The app reaches the test's
// database through a TCP proxy here, which the test takes down and brings back as a restart looks
// from the app's side: every connection cut at once, new ones refused for a while, then accepted
// again. (The real server stays up: the other test files share it.) Checked: the process does not
// crash when its idle connections die; a save or a comment whose statement was cut is refused
// (runAction and the comment endpoint tell the person "Nothing was saved; try again"), and nothing
// of it is stored; what was acknowledged before is there; afterwards saves and comments work again
// without a restart of the app; the reader cache's LISTEN connection comes back by itself.

import net from "node:net";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CACHE_CHANNEL } from "@/lib/cache/stamp.mjs";
import { TagStamps } from "@/lib/cache/tag-stamps.mjs";
import { warmUp } from "@/lib/cache/warm-up.mjs";
import { postComment } from "@/lib/comments/post";
import { db, getPool } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { isAppError } from "@/lib/errors";
import { saveStory } from "@/lib/stories/mutations";
import { doc, makeActor, makeStory } from "@/tests/integration/factories";

/** A TCP proxy to PostgreSQL that can be "restarted": all connections cut, then refused until up(). */
class RestartingProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** Cuts every connection (without forwarding it) when the app sends a message matching this. */
  cutOn: RegExp | null = null;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {});
      }
      client.on("data", (chunk: Buffer) => {
        if (this.cutOn?.test(chunk.toString("latin1"))) {
          this.cutOn = null;
          this.down();
          return;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** The restart's first half: refuse new connections, cut the open ones. */
  down(): void {
    this.server?.close();
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
  }
}

const realUrl = new URL(process.env.DATABASE_URL!);
// Over TCP (the server's unix socket, named in ?host=, is left out).
const proxy = new RestartingProxy({ host: "127.0.0.1", port: Number(realUrl.port) });
const direct = new pg.Client({ connectionString: realUrl.toString() });

/** Until the app's pool has noticed every connection is gone (a real restart takes longer than that). */
async function poolEmptied(): Promise<void> {
  await expect.poll(() => getPool().totalCount, { timeout: 10_000 }).toBe(0);
}

async function restart(): Promise<void> {
  proxy.down();
  await poolEmptied();
  await proxy.up();
}

beforeAll(async () => {
  await proxy.up();
  const viaProxy = new URL(realUrl);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  viaProxy.searchParams.delete("host");
  process.env.DATABASE_URL = viaProxy.toString();
  reloadEnv();
  await direct.connect();
});

afterAll(async () => {
  await db.$disconnect();
  proxy.down();
  await direct.end();
});

describe("PostgreSQL restarted under the app", () => {
  it("keeps the process up when idle connections die, and reconnects for the next statement", async () => {
    // The pool alone, before Prisma's adapter has put its own listener on it: lib/db.ts must.
    const pool = getPool();
    await Promise.all([pool.query("SELECT pg_sleep(0.05)"), pool.query("SELECT pg_sleep(0.05)")]);
    expect(pool.idleCount).toBeGreaterThan(0);
    await restart();
    const { rows } = await pool.query<{ one: number }>("SELECT 1 AS one");
    expect(rows[0]?.one).toBe(1);
  });

  it("refuses a save cut off by the restart, stores nothing of it, keeps what was saved, and saves again after", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const input = (headline: string) => ({ headline, body: doc("Text."), sectionId: story.sectionId });
    const saved = await saveStory(editor, story.id, story.version, input("Acknowledged before the restart"));

    proxy.cutOn = /UPDATE "public"\."Story"/;
    const failure = await saveStory(editor, story.id, saved.version, input("Cut off by the restart")).then(
      () => null,
      (error: unknown) => error,
    );
    // Not a refusal of the person's input: runAction answers it with INTERNAL_FAILURE_MESSAGE.
    expect(failure).toBeInstanceOf(Error);
    expect(isAppError(failure)).toBe(false);
    await poolEmptied();
    await proxy.up();

    const { rows } = await direct.query<{ headline: string; version: number }>(`SELECT headline, version FROM "Story" WHERE id = $1`, [story.id]);
    expect(rows[0]).toEqual({ headline: "Acknowledged before the restart", version: saved.version });
    const again = await saveStory(editor, story.id, saved.version, input("Saved once it was back"));
    expect(again.version).toBeGreaterThan(saved.version);
  });

  it("refuses a comment cut off by the restart, stores nothing of it, and posts the retry", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    await db.story.update({ where: { id: story.id }, data: { commentPolicy: "OPEN" } });
    const before = await postComment(reader, { storyId: story.id, body: "Posted before the restart." });

    proxy.cutOn = /post_comment/;
    const failure = await postComment(reader, { storyId: story.id, body: "Cut off by the restart." }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(isAppError(failure)).toBe(false);
    await poolEmptied();
    await proxy.up();

    const retried = await postComment(reader, { storyId: story.id, body: "Cut off by the restart." });
    const { rows } = await direct.query<{ id: string; body: string }>(`SELECT id, body FROM "Comment" WHERE "storyId" = $1 ORDER BY "createdAt"`, [story.id]);
    expect(rows).toEqual([
      { id: before.id, body: "Posted before the restart." },
      { id: retried.id, body: "Cut off by the restart." },
    ]);
  });

  it("lets an instance starting up skip its warm-up when the restart cuts it, and carry on", async () => {
    proxy.cutOn = /"ReaderPage"/;
    const result = await warmUp({ handler: () => {}, databaseUrl: process.env.DATABASE_URL, buildId: "build-being-started" });
    expect(result).toMatchObject({ pages: 0, error: expect.stringMatching(/Connection terminated/) });
    await proxy.up();
  });

  it("brings the reader cache's LISTEN back by itself and hears the stamps made after", async () => {
    const stamps = new TagStamps({ databaseUrl: process.env.DATABASE_URL, pollIntervalMs: 60_000, log: { warn: () => {} } as unknown as Console });
    stamps.start();
    try {
      await expect.poll(() => stamps.listening, { timeout: 10_000 }).toBe(true);
      const before = stamps.listener;
      await restart();
      // A new connection, listening (the old one was cut).
      await expect.poll(() => stamps.listening && stamps.listener !== before, { timeout: 20_000 }).toBe(true);
      const tag = `story:${crypto.randomUUID()}`;
      await direct.query(`SELECT pg_notify($1, $2)`, [CACHE_CHANNEL, JSON.stringify([tag])]);
      await expect.poll(() => stamps.tagStampedAt.has(tag), { timeout: 10_000 }).toBe(true);
    } finally {
      await stamps.stop();
    }
  });
});
