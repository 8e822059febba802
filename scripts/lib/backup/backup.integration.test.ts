// Backups that restore, against a real embedded PostgreSQL: a backup taken while stories,
// revisions and comments are being written is restored into a fresh folder and holds every write
// acknowledged before its snapshot point; a non-empty target and a damaged backup are refused
// without changing anything; the WAL archive replays to a point in time.

import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PrismaClient } from "@/lib/generated/prisma/client";
import { seedDemoNewsroom } from "@/prisma/seed";

import { createDatabase, type EmbeddedPostgresServer, startEmbeddedPostgres } from "../../db/embedded-postgres";
import { migrateDatabase } from "../../db/migrations";
import { takeBackup } from "./backup";
import type { Manifest } from "./manifest";
import { restoreBackup } from "./restore";
import { backupS3Config, parseS3Url, S3Source, S3Target } from "./s3-target";
import { startS3Server } from "../s3-server";
import { FolderSource, FolderTarget } from "./target";

const tmp = mkdtempSync(path.join(os.tmpdir(), "backup-it-"));
const dataDir = path.join(tmp, "data");
const archiveDir = path.join(tmp, "wal-archive");
let server: EmbeddedPostgresServer;
let pool: pg.Pool;
let userId: string;
const mediaId = randomUUID();

interface Ack {
  table: "Story" | "StoryRevision" | "Comment";
  id: string;
  at: number;
}

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), walArchiveDir: archiveDir });
  await migrateDatabase(server.url);
  pool = new pg.Pool({ connectionString: server.url, max: 6 });
  // An idle connection the server closes as it stops (afterAll) is no test failure.
  pool.on("error", () => undefined);
  userId = randomUUID();
  await pool.query(`INSERT INTO "User" (id, email, "displayName", "passwordHash", role, "updatedAt") VALUES ($1, $2, 'Writer', 'x', 'EDITOR', now())`, [
    userId,
    `writer-${userId}@example.org`,
  ]);
  // The demo newsroom `npm start` seeds, with an image in the library (its row, and its file on the disk).
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: server.url }) });
  try {
    await seedDemoNewsroom(prisma);
  } finally {
    await prisma.$disconnect();
  }
  await pool.query(`INSERT INTO "Media" (id, "storageKey", "mimeType", width, height, bytes) VALUES ($1, $2, 'image/jpeg', 100, 100, 5000)`, [
    mediaId,
    `${mediaId}/original.jpg`,
  ]);
  await fs.mkdir(path.join(dataDir, "media", mediaId), { recursive: true });
  await fs.writeFile(path.join(dataDir, "media", mediaId, "original.jpg"), Buffer.alloc(5000, 7));
  await fs.writeFile(path.join(dataDir, "auth-secret"), "secret\n");
  for (let i = 0; i < 20; i += 1) await writeStory([]);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A story and its first revision in one transaction, then a comment on it: each acknowledged as it commits. */
async function writeStory(acks: Ack[]): Promise<void> {
  const client = await pool.connect();
  try {
    const story = randomUUID();
    const revision = randomUUID();
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Story" (id, slug, headline, body, "bodyText", status, "createdById", "updatedAt") VALUES ($1, $2, $3, '{}', 'Some words here', 'DRAFT', $4, now())`,
      [story, `story-${story}`, `Headline ${story}`, userId],
    );
    await client.query(
      `INSERT INTO "StoryRevision" (id, "storyId", version, kind, headline, standfirst, dateline, slug, body, "bodyText", bylines)
       VALUES ($1, $2, 1, 'SAVE', 'Headline', '', '', $3, '{}', 'Some words here', '[]')`,
      [revision, story, `story-${story}`],
    );
    await client.query("COMMIT");
    const at = Date.now();
    acks.push({ table: "Story", id: story, at }, { table: "StoryRevision", id: revision, at });
    const comment = randomUUID();
    await client.query(
      `INSERT INTO "Comment" (id, "storyId", "authorId", body, "bodyHash", status, "updatedAt") VALUES ($1, $2, $3, 'A comment', 'h', 'APPROVED', now())`,
      [comment, story, userId],
    );
    acks.push({ table: "Comment", id: comment, at: Date.now() });
  } finally {
    client.release();
  }
}

/** Writers that keep going until `until` resolves; returns every acknowledged write. */
async function underWriteLoad<T>(work: () => Promise<T>): Promise<{ result: T; acks: Ack[] }> {
  const acks: Ack[] = [];
  let done = false;
  const writers = Array.from({ length: 3 }, async () => {
    while (!done) await writeStory(acks);
  });
  try {
    // Writes are going on before the backup begins.
    while (acks.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await work();
    const after = acks.length;
    while (acks.length < after + 9) await new Promise((resolve) => setTimeout(resolve, 5));
    return { result, acks };
  } finally {
    done = true;
    await Promise.all(writers);
  }
}

async function idsIn(url: string, table: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "${table}"`);
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

describe("npm run backup and npm run restore", () => {
  let manifest: Manifest;
  let acks: Ack[];
  const backupDir = path.join(tmp, "backup");
  const restoredDir = path.join(tmp, "restored");

  it("backs up under write load and restores every acknowledged write", { timeout: 120_000 }, async () => {
    ({ result: manifest, acks } = await underWriteLoad(() =>
      takeBackup({ dataDir, databaseUrl: server.url, embedded: true, target: new FolderTarget(backupDir) }),
    ));
    expect(manifest.method).toBe("physical");
    expect(manifest.migrations.length).toBeGreaterThan(0);
    expect(manifest.media).toEqual({ files: 1, bytes: 5000 });
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(["postgres/backup_label", "postgres/PG_VERSION", `media/${mediaId}/original.jpg`, "auth-secret"]));

    const { counts } = await restoreBackup({ source: new FolderSource(backupDir), dataDir: restoredDir });
    expect(counts).toEqual(manifest.counts);
    expect(await fs.readFile(path.join(restoredDir, "media", mediaId, "original.jpg"))).toEqual(Buffer.alloc(5000, 7));

    const restored = await startEmbeddedPostgres({ dataDir: path.join(restoredDir, "postgres") });
    try {
      const snapshot = Date.parse(manifest.snapshotAt);
      for (const table of ["Story", "StoryRevision", "Comment"] as const) {
        const present = await idsIn(restored.url, table);
        const written = acks.filter((ack) => ack.table === table);
        const before = written.filter((ack) => ack.at < snapshot);
        expect(before.length).toBeGreaterThan(0);
        expect(before.filter((ack) => !present.has(ack.id))).toEqual([]);
        expect(present.size).toBe(manifest.counts[table]);
      }
      // The demo newsroom and its image came back whole.
      const demo = new pg.Client({ connectionString: restored.url });
      await demo.connect();
      try {
        const { rows } = await demo.query<{ accounts: number; published: number; image: number }>(
          `SELECT (SELECT count(*)::int FROM "User" WHERE email LIKE '%@demo.newsdesk') AS accounts,
                  (SELECT count(*)::int FROM "Story" WHERE status = 'PUBLISHED') AS published,
                  (SELECT count(*)::int FROM "Media" WHERE id = $1) AS image`,
          [mediaId],
        );
        expect(rows[0]).toMatchObject({ accounts: 5, image: 1 });
        expect(rows[0]!.published).toBeGreaterThan(0);
      } finally {
        await demo.end();
      }
      // Still a database the app can use: it takes writes.
      await writeStoryAt(restored.url);
    } finally {
      await restored.stop();
    }
  });

  it("refuses a target that is not empty, and changes nothing", { timeout: 60_000 }, async () => {
    const before = readdirSync(path.join(restoredDir, "postgres")).sort();
    await expect(restoreBackup({ source: new FolderSource(backupDir), dataDir: restoredDir })).rejects.toThrow(
      /The target is not empty: .*restored\/postgres.*\nNothing was changed\./s,
    );
    expect(readdirSync(path.join(restoredDir, "postgres")).sort()).toEqual(before);
  });

  it("detects a damaged file by its checksum before writing anything", { timeout: 60_000 }, async () => {
    const damaged = path.join(tmp, "damaged");
    await fs.cp(backupDir, damaged, { recursive: true });
    const victim = manifest.files.find((f) => f.path.startsWith("postgres/base/") && f.bytes > 0)!;
    const file = path.join(damaged, victim.path);
    const bytes = await fs.readFile(file);
    bytes[0] = bytes[0]! ^ 0xff;
    await fs.writeFile(file, bytes);
    const target = path.join(tmp, "from-damaged");
    await expect(restoreBackup({ source: new FolderSource(damaged), dataDir: target })).rejects.toThrow(
      new RegExp(`damaged \\(1 file\\(s\\)\\):\\n  ${victim.path.replaceAll("/", "\\/")}: checksum does not match`),
    );
    await expect(fs.readdir(target)).rejects.toThrow(/ENOENT/);
  });

  it("exports an external database from one snapshot and loads it into an empty one", { timeout: 120_000 }, async () => {
    const logicalDir = path.join(tmp, "logical");
    const { result: logical, acks: written } = await underWriteLoad(() =>
      // Media in an S3 bucket (MEDIA_S3_BUCKET) stay out of the backup.
      takeBackup({ dataDir, databaseUrl: server.url, embedded: false, localMedia: false, target: new FolderTarget(logicalDir) }),
    );
    expect(logical.method).toBe("logical");
    expect(logical.media).toBeNull();
    expect(logical.files.filter((f) => f.path.startsWith("media/"))).toEqual([]);
    expect(logical.tables?.find((t) => t.name === "Story")?.rows).toBe(logical.counts.Story);

    const empty = await createDatabase(server.url, "restored_logical");
    const { counts } = await restoreBackup({ source: new FolderSource(logicalDir), dataDir: path.join(tmp, "logical-data"), databaseUrl: empty });
    expect(counts).toEqual(logical.counts);
    const snapshot = Date.parse(logical.snapshotAt);
    for (const table of ["Story", "StoryRevision", "Comment"] as const) {
      const present = await idsIn(empty, table);
      expect(written.filter((ack) => ack.table === table && ack.at < snapshot && !present.has(ack.id))).toEqual([]);
    }
    await expect(restoreBackup({ source: new FolderSource(logicalDir), dataDir: path.join(tmp, "logical-data-2"), databaseUrl: empty })).rejects.toThrow(
      /The database in DATABASE_URL is not empty: restore into an empty database\.\nNothing was changed\./,
    );
  });

  it("replays the WAL archive up to a point in time", { timeout: 120_000 }, async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const kept = randomUUID();
      const lost = randomUUID();
      await insertBare(client, kept);
      // A Date holds milliseconds, commits are timed in microseconds: the target is the next whole
      // millisecond after kept's commit (cut down, it could fall before it), and lost is written
      // only once the database's clock has passed it.
      const { rows } = await client.query<{ at: Date }>("SELECT date_trunc('milliseconds', clock_timestamp()) + interval '1 millisecond' AS at");
      const targetTime = rows[0]!.at;
      while ((await client.query<{ past: boolean }>("SELECT clock_timestamp() > $1::timestamptz AS past", [targetTime])).rows[0]!.past !== true);
      await insertBare(client, lost);
      // Close the segment so that the archiver copies it.
      const { rows: wal } = await client.query<{ name: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS name");
      while (!readdirSync(archiveDir).includes(wal[0]!.name)) await new Promise((resolve) => setTimeout(resolve, 50));

      const pitrDir = path.join(tmp, "pitr");
      await restoreBackup({ source: new FolderSource(backupDir), dataDir: pitrDir, targetTime, walArchiveDir: archiveDir });
      const restored = await startEmbeddedPostgres({ dataDir: path.join(pitrDir, "postgres") });
      try {
        const present = await idsIn(restored.url, "Story");
        expect(present.has(kept)).toBe(true);
        expect(present.has(lost)).toBe(false);
        expect(present.size).toBeGreaterThanOrEqual(manifest.counts.Story! + 1);
      } finally {
        await restored.stop();
      }
    } finally {
      await client.end();
    }
  });
});

describe("backups in an S3 bucket", () => {
  // The export of an external database (a few objects, not the cluster's files): the bucket's part
  // is the same whatever the files are.
  it("backs up to s3://bucket/prefix under write load and restores every acknowledged write from it", { timeout: 120_000 }, async () => {
    const s3 = await startS3Server({ bucket: "newsdesk-backups" });
    try {
      const location = parseS3Url("s3://newsdesk-backups/nightly/one")!;
      const config = backupS3Config(location.bucket, s3Env(s3.env));
      const backup = () => takeBackup({ dataDir, databaseUrl: server.url, embedded: false, target: new S3Target(config, location.prefix) });
      const { result: manifest, acks } = await underWriteLoad(backup);
      expect(manifest.method).toBe("logical");
      expect(manifest.media).toEqual({ files: 1, bytes: 5000 });
      // A second backup never goes over the first.
      await expect(backup()).rejects.toThrow("s3://newsdesk-backups/nightly/one is not empty");

      const empty = await createDatabase(server.url, "restored_from_s3");
      const restoredDir = path.join(tmp, "restored-from-s3");
      const { counts } = await restoreBackup({ source: new S3Source(config, location.prefix), dataDir: restoredDir, databaseUrl: empty });
      expect(counts).toEqual(manifest.counts);
      expect(await fs.readFile(path.join(restoredDir, "media", mediaId, "original.jpg"))).toEqual(Buffer.alloc(5000, 7));
      const snapshot = Date.parse(manifest.snapshotAt);
      for (const table of ["Story", "StoryRevision", "Comment"] as const) {
        const present = await idsIn(empty, table);
        expect(acks.filter((ack) => ack.table === table && ack.at < snapshot && !present.has(ack.id))).toEqual([]);
      }

      // A bucket that is not there, and a prefix with nothing in it, are said plainly.
      await expect(new S3Target(backupS3Config("no-such-bucket", s3Env(s3.env)), "x").prepare()).rejects.toThrow("the bucket does not exist");
      await expect(restoreBackup({ source: new S3Source(config, "nothing/here"), dataDir: path.join(tmp, "from-nothing") })).rejects.toThrow(
        "s3://newsdesk-backups/nothing/here holds no manifest.json",
      );
    } finally {
      await s3.close();
    }
  });
});

/** The test server's MEDIA_S3_* settings as lib/env.mjs would read them. */
function s3Env(vars: Record<string, string>) {
  return {
    MEDIA_S3_REGION: vars.MEDIA_S3_REGION ?? "us-east-1",
    MEDIA_S3_ENDPOINT: vars.MEDIA_S3_ENDPOINT,
    MEDIA_S3_ACCESS_KEY_ID: vars.MEDIA_S3_ACCESS_KEY_ID,
    MEDIA_S3_SECRET_ACCESS_KEY: vars.MEDIA_S3_SECRET_ACCESS_KEY,
    MEDIA_S3_FORCE_PATH_STYLE: true,
  };
}

async function insertBare(client: pg.Client, id: string): Promise<void> {
  await client.query(`INSERT INTO "Story" (id, slug, headline, body, "updatedAt") VALUES ($1, $2, 'PITR', '{}', now())`, [id, `pitr-${id}`]);
}

async function writeStoryAt(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await insertBare(client, randomUUID());
  } finally {
    await client.end();
  }
}
