// What a backup says about itself (manifest.json at its root): enough to check it before restoring
// and to compare a restored database with what was backed up. docs/operations.md describes it.

import { readFileSync } from "node:fs";
import path from "node:path";

import type pg from "pg";
import { z } from "zod";

import { ROOT } from "../paths";

export const MANIFEST = "manifest.json";
export const FORMAT = "newsdesk-backup";
export const FORMAT_VERSION = 1;

/** The tables whose row counts the manifest records (and restore compares). */
export const KEY_TABLES = ["User", "Section", "Tag", "Story", "StoryRevision", "Comment", "Media"] as const;

const fileSchema = z.object({
  path: z.string().min(1),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  /**
   * physical: a copy of the embedded server's data folder plus its WAL (postgres/);
   * logical: every table's rows from one snapshot as JSON lines (database/).
   */
  method: z.enum(["physical", "logical"]),
  startedAt: z.string(),
  /** The snapshot point: every write acknowledged before it is in the backup. */
  snapshotAt: z.string(),
  finishedAt: z.string(),
  newsdesk: z.object({ version: z.string(), node: z.string() }),
  postgres: z.object({ version: z.string(), versionNum: z.number().int() }),
  /** The migrations applied to the database, oldest first. */
  migrations: z.array(z.string()),
  counts: z.record(z.string(), z.number().int().min(0)),
  /** physical: where the backup starts and ends in the WAL. */
  wal: z.object({ startLsn: z.string(), stopLsn: z.string(), timeline: z.number().int() }).optional(),
  /** logical: each table's file and rows, in load order; the sequences' values. */
  tables: z.array(z.object({ name: z.string(), file: z.string(), rows: z.number().int().min(0) })).optional(),
  sequences: z.array(z.object({ name: z.string(), value: z.string(), called: z.boolean() })).optional(),
  /** Empty folders the database needs (physical). */
  directories: z.array(z.string()).default([]),
  media: z.object({ files: z.number().int().min(0), bytes: z.number().int().min(0) }).nullable(),
  files: z.array(fileSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function newsdeskVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

export async function serverVersion(client: pg.Client): Promise<{ version: string; versionNum: number }> {
  const { rows } = await client.query<{ version: string; num: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
  );
  return { version: rows[0]!.version, versionNum: Number(rows[0]!.num) };
}

export async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row) => row.migration_name);
}

/** Row counts of the key tables, as the client's transaction (or statement) sees them. */
export async function countKeyTables(client: pg.Client): Promise<Record<string, number>> {
  const sql = KEY_TABLES.map((table) => `SELECT '${table}' AS name, count(*)::bigint AS n FROM "${table}"`).join(" UNION ALL ");
  const { rows } = await client.query<{ name: string; n: string }>(sql);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}
