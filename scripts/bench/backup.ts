// Backups (issue 17, Speed): `npm run backup` of the bench's database (100,000 stories and
// 1,000,000 comments by default) while writers keep adding stories, revisions and comments, then
// `npm run restore` of it into a fresh data folder (copy, WAL replay, counts checked against the
// manifest). Reports both times, the backup's size and the writes made during the backup; no
// target. The backup and the restored copy are deleted afterwards.

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import pg from "pg";

import { takeBackup } from "../lib/backup/backup";
import { restoreBackup } from "../lib/backup/restore";
import { FolderSource, FolderTarget } from "../lib/backup/target";
import type { BenchContext, BenchModule, Measurement } from "./run";

const WRITERS = 4;

/** Writers adding a draft story with its revision, then a comment, until stopped; counts the commits. */
function startWriters(databaseUrl: string): { stop(): Promise<number> } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: WRITERS });
  pool.on("error", () => undefined);
  let running = true;
  let writes = 0;
  const loop = async () => {
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM "User" WHERE role IN ('ADMIN', 'EDITOR') ORDER BY "createdAt" LIMIT 1`);
    const userId = rows[0]?.id ?? null;
    while (running) {
      const client = await pool.connect();
      try {
        const story = randomUUID();
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "Story" (id, slug, headline, body, "bodyText", "createdById", "updatedAt") VALUES ($1, $2, 'Backup bench draft', '{}', 'Words', $3, now())`,
          [story, `backup-bench-${story}`, userId],
        );
        await client.query(
          `INSERT INTO "StoryRevision" (id, "storyId", version, kind, headline, standfirst, dateline, slug, body, "bodyText", bylines)
           VALUES ($1, $2, 1, 'SAVE', 'Backup bench draft', '', '', $3, '{}', 'Words', '[]')`,
          [randomUUID(), story, `backup-bench-${story}`],
        );
        await client.query("COMMIT");
        await client.query(`INSERT INTO "Comment" (id, "storyId", "authorId", body, "bodyHash", "updatedAt") VALUES ($1, $2, $3, 'Bench', 'h', now())`, [
          randomUUID(),
          story,
          userId,
        ]);
        writes += 3;
      } finally {
        client.release();
      }
    }
  };
  const loops = Array.from({ length: WRITERS }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      await pool.end();
      return writes;
    },
  };
}

export const benchmark: BenchModule = {
  name: "backup",
  description: "npm run backup of the bench's database under write load, then npm run restore of it into a fresh folder",
  async run(context: BenchContext): Promise<Measurement[]> {
    const backupDir = path.join(context.workDir, "bench-backup");
    const restoreDir = path.join(context.workDir, "bench-restore");
    const writers = startWriters(context.databaseUrl);
    let writesDuring: number;
    let backupMs: number;
    let manifest: Awaited<ReturnType<typeof takeBackup>>;
    try {
      const started = Date.now();
      manifest = await takeBackup({
        dataDir: context.workDir,
        databaseUrl: context.databaseUrl,
        embedded: true,
        target: new FolderTarget(backupDir),
        log: context.log,
      });
      backupMs = Date.now() - started;
    } finally {
      writesDuring = await writers.stop();
    }
    try {
      const started = Date.now();
      await restoreBackup({ source: new FolderSource(backupDir), dataDir: restoreDir, log: context.log });
      const restoreMs = Date.now() - started;
      const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
      context.log(`Backup ${backupMs} ms (${writesDuring} writes meanwhile), restore ${restoreMs} ms, ${bytes} bytes`);
      const extra = { counts: manifest.counts, files: manifest.files.length, writesDuringBackup: writesDuring };
      return [
        { kind: "value", key: "backup", label: "npm run backup under write load (embedded database, physical)", value: backupMs, unit: "ms", extra },
        { kind: "value", key: "restore", label: "npm run restore into an empty data folder (checksums, copy, WAL replay, counts)", value: restoreMs, unit: "ms" },
        { kind: "value", key: "size", label: "Backup size", value: bytes, unit: "bytes" },
      ];
    } finally {
      await fs.rm(backupDir, { recursive: true, force: true });
      await fs.rm(restoreDir, { recursive: true, force: true });
    }
  },
};
