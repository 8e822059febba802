// `npm run backup`: a consistent copy of the database, taken while the site runs and writes go on,
// then the local media and the auth secret, with a manifest (scripts/lib/backup/manifest.ts).
//
// The embedded server gets a physical base backup, the way PostgreSQL documents a low-level one
// (its npm package ships no pg_dump or pg_basebackup): pg_backup_start(), a copy of the data
// folder, pg_backup_stop() giving the backup label, and the WAL from start to stop, held back from
// recycling by a temporary replication slot. An external DATABASE_URL gets a logical export: every
// table's rows from one REPEATABLE READ snapshot, so any PostgreSQL from 14 on and any pg_dump
// version (or none) will do. docs/operations.md says more.

import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import pg from "pg";

import {
  appliedMigrations,
  countKeyTables,
  FORMAT,
  FORMAT_VERSION,
  KEY_TABLES,
  type Manifest,
  MANIFEST,
  newsdeskVersion,
  serverVersion,
} from "./manifest";
import type { BackupTarget, WrittenFile } from "./target";

export interface BackupOptions {
  /** The data folder (NEWSDESK_DATA_DIR): its postgres/ for the embedded server, media/, auth-secret. */
  dataDir: string;
  /** The database to back up. */
  databaseUrl: string;
  /** true: the embedded server on dataDir/postgres (a physical backup); false: a logical export. */
  embedded: boolean;
  target: BackupTarget;
  /** false when media live in an S3 bucket (MEDIA_S3_BUCKET): the local media/ folder is then not copied. Default true. */
  localMedia?: boolean;
  log?: (line: string) => void;
}

/** Files and folders of a PostgreSQL data folder that a base backup leaves out (PostgreSQL's own list). */
const SKIP_FILES = new Set([
  "postmaster.pid",
  "postmaster.opts",
  "backup_label",
  "backup_label.old",
  "tablespace_map",
  "standby.signal",
  "recovery.signal",
  "embedded-postgres.log",
  "pg_internal.init",
]);
const EMPTY_DIRS = new Set(["pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans"]);
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

export async function takeBackup(opts: BackupOptions): Promise<Manifest> {
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  await opts.target.prepare();
  const files: WrittenFile[] = [];
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  let database: DatabasePart;
  try {
    database = opts.embedded
      ? await physicalBackup(client, path.join(opts.dataDir, "postgres"), opts.target, files, log)
      : await logicalBackup(client, opts.target, files, log);
  } finally {
    await client.end();
  }

  // After the snapshot point: every media row in the backup has its files (unless deleted since).
  const media = opts.localMedia === false ? null : await copyFolder(path.join(opts.dataDir, "media"), "media", opts.target, files);
  if (media) log(`Media: ${media.files} files, ${formatBytes(media.bytes)}`);
  if (opts.localMedia === false) log("Media are in the S3 bucket (MEDIA_S3_BUCKET), not in this backup: keep the bucket versioned or replicated");
  const secret = path.join(opts.dataDir, "auth-secret");
  if (await isFile(secret)) files.push(await opts.target.write("auth-secret", createReadStream(secret)));

  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    startedAt,
    finishedAt: new Date().toISOString(),
    newsdesk: { version: newsdeskVersion(), node: process.version },
    ...database,
    media,
    files,
  };
  await opts.target.write(MANIFEST, Readable.from([JSON.stringify(manifest, null, 2)]));
  return manifest;
}

type DatabasePart = Pick<
  Manifest,
  "method" | "snapshotAt" | "postgres" | "migrations" | "counts" | "wal" | "tables" | "sequences" | "directories"
>;

async function physicalBackup(
  client: pg.Client,
  pgDir: string,
  target: BackupTarget,
  files: WrittenFile[],
  log: (line: string) => void,
): Promise<DatabasePart> {
  const postgres = await serverVersion(client);
  const migrations = await appliedMigrations(client);
  // A temporary slot (gone when this connection ends) keeps every WAL segment from here on.
  await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [`newsdesk_backup_${process.pid}_${Date.now()}`]);
  await client.query("SELECT pg_backup_start($1, true)", [`newsdesk ${new Date().toISOString()}`]);
  log(`Copying the database folder ${pgDir}`);
  const directories: string[] = [];
  let stop: { lsn: string; labelfile: string; spcmapfile: string | null };
  let counts: Record<string, number>;
  let snapshotAt: string;
  try {
    await copyDataFolder(pgDir, "", target, files, directories);
    // The snapshot point. Writers to the key tables wait for a moment (SHARE locks) so that the
    // counts are those of the backup's end; pg_backup_stop() ends it there.
    snapshotAt = new Date().toISOString();
    await lockKeyTables(client);
    counts = await countKeyTables(client);
    const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
      "SELECT lsn::text AS lsn, labelfile, spcmapfile FROM pg_backup_stop(false)",
    );
    await client.query("COMMIT");
    stop = stopped.rows[0]!;
  } catch (error) {
    // Ending the session aborts the backup on the server too.
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  files.push(await target.write("postgres/backup_label", Readable.from([stop.labelfile])));
  if (stop.spcmapfile) files.push(await target.write("postgres/tablespace_map", Readable.from([stop.spcmapfile])));

  // The WAL from the label's start to the stop point (pg_backup_stop switched to a new segment, so
  // the last one is complete).
  const start = /START WAL LOCATION: ([0-9A-F/]+) \(file ([0-9A-F]{24})\)/.exec(stop.labelfile);
  if (!start) throw new Error(`Unexpected backup label from PostgreSQL:\n${stop.labelfile}`);
  const firstSegment = start[2]!;
  const { rows } = await client.query<{ name: string }>("SELECT pg_walfile_name($1::pg_lsn) AS name", [stop.lsn]);
  const lastSegment = rows[0]!.name;
  const timeline = firstSegment.slice(0, 8);
  const walDir = path.join(pgDir, "pg_wal");
  const segments = (await fs.readdir(walDir))
    .filter((name) => (WAL_SEGMENT.test(name) && name.startsWith(timeline) && name >= firstSegment && name <= lastSegment) || name.endsWith(".history"))
    .sort();
  if (!segments.includes(firstSegment) || !segments.includes(lastSegment)) {
    throw new Error(`The WAL from ${firstSegment} to ${lastSegment} is not all in ${walDir}`);
  }
  for (const name of segments) files.push(await target.write(`postgres/pg_wal/${name}`, createReadStream(path.join(walDir, name))));
  directories.push("postgres/pg_wal/archive_status");
  log(`Database copied: WAL ${start[1]} to ${stop.lsn}, ${segments.length} segment(s)`);
  return {
    method: "physical",
    snapshotAt,
    postgres,
    migrations,
    counts,
    wal: { startLsn: start[1]!, stopLsn: stop.lsn, timeline: Number.parseInt(timeline, 16) },
    directories,
  };
}

/**
 * Opens a transaction holding SHARE locks on the key tables (writers wait, readers do not). A
 * writer that locks them in another order may deadlock with us: PostgreSQL then aborts one side,
 * and when it is us we try again.
 */
async function lockKeyTables(client: pg.Client): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await client.query("BEGIN");
    try {
      await client.query("SET LOCAL lock_timeout = '30s'");
      await client.query(`LOCK TABLE ${KEY_TABLES.map((t) => `"${t}"`).join(", ")} IN SHARE MODE`);
      return;
    } catch (error) {
      await client.query("ROLLBACK");
      const code = error instanceof Error && "code" in error ? error.code : undefined;
      // 40P01 deadlock_detected, 55P03 lock_not_available (the timeout).
      if (attempt >= 5 || (code !== "40P01" && code !== "55P03")) throw error;
    }
  }
}

/**
 * Copies a PostgreSQL data folder (as a base backup does, between pg_backup_start and
 * pg_backup_stop) into `target` under "postgres/", noting the folders to make (the empty ones
 * included) in `directories`. Also used to start a streaming standby (scripts/db/standby.ts).
 */
export async function copyDataFolder(root: string, rel: string, target: BackupTarget, files: WrittenFile[], directories: string[]): Promise<void> {
  directories.push(path.posix.join("postgres", rel));
  const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(ignoreMissing([]));
  for (const entry of entries) {
    const relPath = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (rel === "" && EMPTY_DIRS.has(entry.name)) directories.push(path.posix.join("postgres", relPath));
      else await copyDataFolder(root, relPath, target, files, directories);
    } else if (entry.isFile() && !SKIP_FILES.has(entry.name) && !entry.name.startsWith(".s.PGSQL.")) {
      // A table dropped while we copy loses its files: the WAL replay does without them.
      const written = await copyFile(path.join(root, relPath), `postgres/${relPath}`, target);
      if (written) files.push(written);
    }
  }
}

async function copyFile(source: string, relPath: string, target: BackupTarget): Promise<WrittenFile | null> {
  const handle = await fs.open(source, "r").catch(ignoreMissing(null));
  if (!handle) return null;
  return target.write(relPath, handle.createReadStream());
}

/** Copies a folder's files (media/), returning how many, or null when there is no such folder. */
async function copyFolder(dir: string, prefix: string, target: BackupTarget, files: WrittenFile[]): Promise<{ files: number; bytes: number } | null> {
  if (!(await fs.stat(dir).then((s) => s.isDirectory()).catch(() => false))) return null;
  const totals = { files: 0, bytes: 0 };
  const walk = async (rel: string) => {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(ignoreMissing([]));
    for (const entry of entries) {
      const relPath = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) await walk(relPath);
      else if (entry.isFile()) {
        const written = await copyFile(path.join(dir, relPath), `${prefix}/${relPath}`, target);
        if (!written) continue;
        files.push(written);
        totals.files += 1;
        totals.bytes += written.bytes;
      }
    }
  };
  await walk("");
  return totals;
}

/** Rows fetched from the cursor at a time. */
const BATCH = 2000;

async function logicalBackup(client: pg.Client, target: BackupTarget, files: WrittenFile[], log: (line: string) => void): Promise<DatabasePart> {
  const postgres = await serverVersion(client);
  const snapshotAt = new Date().toISOString();
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const migrations = await appliedMigrations(client);
    const counts = await countKeyTables(client);
    const { rows: tableRows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname <> '_prisma_migrations'
        ORDER BY c.relname`,
    );
    const tables: NonNullable<Manifest["tables"]> = [];
    for (const [index, { name }] of tableRows.entries()) {
      const file = `database/${String(index).padStart(3, "0")}-${name}.jsonl`;
      let rows = 0;
      const cursor = `newsdesk_backup_${index}`;
      await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${client.escapeIdentifier(name)} t`);
      async function* lines() {
        for (;;) {
          const batch = await client.query<{ row: string }>(`FETCH ${BATCH} FROM ${cursor}`);
          if (batch.rows.length === 0) return;
          rows += batch.rows.length;
          yield batch.rows.map((row) => `${row.row}\n`).join("");
        }
      }
      files.push(await target.write(file, Readable.from(lines())));
      await client.query(`CLOSE ${cursor}`);
      tables.push({ name, file, rows });
    }
    const { rows: seqRows } = await client.query<{ name: string; value: string | null; called: boolean }>(
      `SELECT sequencename AS name, last_value::text AS value, last_value IS NOT NULL AS called
         FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
    );
    await client.query("COMMIT");
    log(`Database exported: ${tables.length} tables, ${tables.reduce((sum, t) => sum + t.rows, 0)} rows`);
    return {
      method: "logical",
      snapshotAt,
      postgres,
      migrations,
      counts,
      tables,
      sequences: seqRows.map((row) => ({ name: row.name, value: row.value ?? "1", called: row.called })),
      directories: [],
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function ignoreMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === "ENOENT") return fallback;
    throw error;
  };
}

async function isFile(file: string): Promise<boolean> {
  return fs
    .stat(file)
    .then((s) => s.isFile())
    .catch(() => false);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
