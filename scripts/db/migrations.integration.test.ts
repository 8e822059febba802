// The migration tooling against a real PostgreSQL: a fresh embedded server,
// every migration applied once, and a second run that finds nothing to do.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { MIGRATIONS_DIR, migrateDatabase } from "./migrations";

async function migrationFolders(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

describe("migrateDatabase", () => {
  it("applies every migration once to a fresh database", { timeout: 120_000 }, async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "newsdesk-migrations-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), persistent: false });
    const client = new pg.Client({ connectionString: server.url });
    try {
      const folders = await migrationFolders();
      expect(folders.length).toBeGreaterThan(0);

      const first = await migrateDatabase(server.url);
      expect(first.applied).toEqual(folders);

      await client.connect();
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name = ANY($1::text[])`,
        [["Story", "Comment", "_prisma_migrations"]],
      );
      expect(tables.rows.map((row) => row.table_name).sort()).toEqual(["Comment", "Story", "_prisma_migrations"]);

      const history = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      );
      expect(history.rows.map((row) => row.migration_name)).toEqual(folders);

      // The hand-written migration that Prisma's schema cannot express.
      const searchIndex = await client.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'Story_search_idx'`);
      expect(searchIndex.rowCount).toBe(1);

      const second = await migrateDatabase(server.url);
      expect(second.applied).toEqual([]);
      const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(count.rows[0]?.n).toBe(folders.length);
    } finally {
      await client.end().catch(() => undefined);
      await server.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
