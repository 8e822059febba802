// `npm run restore`: checks a backup (its manifest and every file's checksum), refuses a target
// that holds anything, then brings the backup back: a physical one into an empty data folder (the
// embedded server replays its WAL as it starts, up to a given time when asked and a WAL archive is
// there), a logical one into an empty database (the embedded one, or DATABASE_URL). Afterwards the
// database is started and its counts compared with the manifest's.

import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";

import pg from "pg";

import { chownTree, letPostgresUserThrough, postgresUserIds, startEmbeddedPostgres } from "../../db/embedded-postgres";
import { migrateDatabase } from "../../db/migrations";
import { countKeyTables, type Manifest, MANIFEST, manifestSchema } from "./manifest";
import { type BackupSource, hashOf } from "./target";

export interface RestoreOptions {
  source: BackupSource;
  /** The data folder to restore into (media/, auth-secret, and postgres/ when no databaseUrl). */
  dataDir: string;
  /** An empty external database to restore a logical backup into; unset: the embedded one. */
  databaseUrl?: string;
  /** Point-in-time recovery: replay the archived WAL up to this moment (physical backups). */
  targetTime?: Date;
  /** The WAL archive (NEWSDESK_WAL_ARCHIVE_DIR) that point-in-time recovery reads. */
  walArchiveDir?: string;
  log?: (line: string) => void;
}

/** A backup or target that cannot be used; nothing was changed. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(`${message}\nNothing was changed.`);
    this.name = "RestoreRefused";
  }
}

/** Reads the manifest and checks every file it lists against its size and SHA-256. */
export async function verifyBackup(source: BackupSource): Promise<Manifest> {
  if (!(await source.has(MANIFEST))) throw new RestoreRefused(`${source.location} holds no ${MANIFEST}: is it a Newsdesk backup?`);
  let raw = "";
  for await (const chunk of source.read(MANIFEST) as AsyncIterable<Buffer>) raw += chunk.toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RestoreRefused(`${MANIFEST} in ${source.location} is not valid JSON: the backup is damaged.`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw new RestoreRefused(`${MANIFEST} in ${source.location} is not a Newsdesk backup manifest (${result.error.issues[0]?.message ?? "unreadable"}).`);
  }
  const manifest = result.data;
  const problems: string[] = [];
  for (const file of manifest.files) {
    if (!(await source.has(file.path))) {
      problems.push(`${file.path}: missing`);
      continue;
    }
    const actual = await hashOf(source, file.path);
    if (actual.bytes !== file.bytes || actual.sha256 !== file.sha256) problems.push(`${file.path}: checksum does not match`);
  }
  if (problems.length > 0) {
    throw new RestoreRefused(`The backup in ${source.location} is damaged (${problems.length} file(s)):\n  ${problems.slice(0, 20).join("\n  ")}`);
  }
  return manifest;
}

export interface RestoreResult {
  manifest: Manifest;
  /** The key tables' counts in the restored database. */
  counts: Record<string, number>;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, "postgres");
  log(`Checking the backup in ${opts.source.location}`);
  const manifest = await verifyBackup(opts.source);
  log(`Backup of ${manifest.snapshotAt} (${manifest.method}, ${manifest.files.length} files): checksums match`);

  // Everything is checked before anything is written.
  if (opts.databaseUrl && manifest.method === "physical") {
    throw new RestoreRefused("This backup is a copy of an embedded database folder: restore it into an empty data folder (unset DATABASE_URL).");
  }
  if (opts.targetTime && manifest.method !== "physical") {
    throw new RestoreRefused("Point-in-time recovery needs a backup of the embedded database (physical) and its WAL archive.");
  }
  if (opts.targetTime && !opts.walArchiveDir) throw new RestoreRefused("Point-in-time recovery needs the WAL archive: set NEWSDESK_WAL_ARCHIVE_DIR or pass --wal-archive.");
  if (opts.targetTime && opts.targetTime.getTime() <= Date.parse(manifest.snapshotAt)) {
    throw new RestoreRefused(`The recovery time must be after the backup's snapshot point (${manifest.snapshotAt}): restore an older backup.`);
  }
  const busy: string[] = [];
  if (!opts.databaseUrl && (await hasEntries(pgDir))) busy.push(pgDir);
  if (manifest.media && (await hasEntries(path.join(dataDir, "media")))) busy.push(path.join(dataDir, "media"));
  if (manifest.files.some((f) => f.path === "auth-secret") && (await exists(path.join(dataDir, "auth-secret")))) busy.push(path.join(dataDir, "auth-secret"));
  if (busy.length > 0) throw new RestoreRefused(`The target is not empty: ${busy.join(", ")}. Restore into an empty data folder.`);
  if (opts.databaseUrl && !(await isDatabaseEmpty(opts.databaseUrl))) {
    throw new RestoreRefused("The database in DATABASE_URL is not empty: restore into an empty database.");
  }

  await fs.mkdir(dataDir, { recursive: true });
  let counts: Record<string, number>;
  if (manifest.method === "physical") counts = await restorePhysical(manifest, opts, pgDir, log);
  else if (opts.databaseUrl) counts = await restoreLogical(manifest, opts.source, opts.databaseUrl, log);
  else {
    const server = await startEmbeddedPostgres({ dataDir: pgDir });
    try {
      counts = await restoreLogical(manifest, opts.source, server.url, log);
    } finally {
      await server.stop();
    }
  }

  await copyOut(opts.source, manifest, "media/", path.join(dataDir, "media"));
  if (manifest.files.some((f) => f.path === "auth-secret")) {
    await pipeline(opts.source.read("auth-secret"), createWriteStream(path.join(dataDir, "auth-secret"), { mode: 0o600 }));
  }

  if (!opts.targetTime) {
    const different = Object.entries(manifest.counts).filter(([table, n]) => counts[table] !== n);
    if (different.length > 0) {
      throw new Error(`The restored database differs from the manifest: ${different.map(([t, n]) => `${t} ${counts[t]} (backup: ${n})`).join(", ")}`);
    }
  }
  log(`Restored: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(", ")}`);
  return { manifest, counts };
}

async function restorePhysical(manifest: Manifest, opts: RestoreOptions, pgDir: string, log: (line: string) => void): Promise<Record<string, number>> {
  log(`Copying the database folder into ${pgDir}`);
  for (const dir of manifest.directories) await fs.mkdir(path.join(pgDir, path.relative("postgres", dir)), { recursive: true, mode: 0o700 });
  await copyOut(opts.source, manifest, "postgres/", pgDir);
  await fs.chmod(pgDir, 0o700);
  if (opts.targetTime) {
    const archive = path.resolve(opts.walArchiveDir!);
    const quoted = `'${archive.replaceAll("'", "'\\''")}'`;
    // Read by the server as it starts; reset below once it has promoted.
    await fs.appendFile(
      path.join(pgDir, "postgresql.auto.conf"),
      `\n# npm run restore: point-in-time recovery\nrestore_command = '${`cp ${quoted}/%f %p`.replaceAll("'", "''")}'\n` +
        `recovery_target_time = '${opts.targetTime.toISOString().replace("T", " ").replace("Z", "+00")}'\nrecovery_target_action = 'promote'\n`,
    );
    await fs.writeFile(path.join(pgDir, "recovery.signal"), "");
    log(`Replaying the WAL archive ${archive} up to ${opts.targetTime.toISOString()}`);
  }
  if (typeof process.getuid === "function" && process.getuid() === 0) {
    // The server runs as the postgres user, which must own its folder.
    await letPostgresUserThrough(pgDir);
    const { uid, gid } = postgresUserIds();
    await chownTree(pgDir, uid, gid);
  }
  log("Starting PostgreSQL on the restored folder (it replays the WAL)");
  const server = await startEmbeddedPostgres({ dataDir: pgDir });
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      if (opts.targetTime) {
        for (const name of ["restore_command", "recovery_target_time", "recovery_target_action"]) await client.query(`ALTER SYSTEM RESET ${name}`);
      }
      return await countKeyTables(client);
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
}

/** Rows per INSERT while loading a logical backup. */
const LOAD_BATCH = 500;

async function restoreLogical(manifest: Manifest, source: BackupSource, url: string, log: (line: string) => void): Promise<Record<string, number>> {
  log(`Creating the schema (${manifest.migrations.length} migrations)`);
  await migrateDatabase(url, { only: manifest.migrations });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Rows go in as they were: no foreign-key order, no triggers (they ran when the rows were written).
    const { rows: fks } = await client.query<{ tbl: string; name: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    );
    for (const fk of fks) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${client.escapeIdentifier(fk.name)}`);
    for (const table of manifest.tables ?? []) {
      const name = client.escapeIdentifier(table.name);
      const { rows: cols } = await client.query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
        [name],
      );
      const list = cols.map((c) => client.escapeIdentifier(c.name)).join(", ");
      await client.query(`ALTER TABLE ${name} DISABLE TRIGGER USER`);
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await client.query(`INSERT INTO ${name} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${name}, $1::json)`, [`[${batch.join(",")}]`]);
        batch = [];
      };
      for await (const line of createInterface({ input: source.read(table.file), crlfDelay: Infinity })) {
        if (line === "") continue;
        batch.push(line);
        if (batch.length >= LOAD_BATCH) await flush();
      }
      await flush();
      await client.query(`ALTER TABLE ${name} ENABLE TRIGGER USER`);
    }
    for (const fk of fks) await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${client.escapeIdentifier(fk.name)} ${fk.def}`);
    for (const seq of manifest.sequences ?? []) {
      await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [client.escapeIdentifier(seq.name), seq.value, seq.called]);
    }
    await client.query("COMMIT");
    log(`Loaded ${manifest.tables?.reduce((sum, t) => sum + t.rows, 0) ?? 0} rows into ${manifest.tables?.length ?? 0} tables`);
    return await countKeyTables(client);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function isDatabaseEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
    );
    return Number(rows[0]!.n) === 0;
  } finally {
    await client.end();
  }
}

/** Writes the backup's files under `prefix` into `dir`. */
async function copyOut(source: BackupSource, manifest: Manifest, prefix: string, dir: string): Promise<void> {
  for (const file of manifest.files.filter((f) => f.path.startsWith(prefix))) {
    const out = path.join(dir, file.path.slice(prefix.length));
    await fs.mkdir(path.dirname(out), { recursive: true, mode: 0o700 });
    await pipeline(source.read(file.path), createWriteStream(out, { mode: 0o600 }));
  }
}


async function hasEntries(dir: string): Promise<boolean> {
  const entries = await fs.readdir(dir).catch(() => []);
  return entries.length > 0;
}

async function exists(file: string): Promise<boolean> {
  return fs
    .access(file)
    .then(() => true)
    .catch(() => false);
}
