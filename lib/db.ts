import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

import { env } from "@/lib/env.mjs";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One client per process, on one connection pool. Next's dev server re-evaluates modules, so both
// are parked on globalThis rather than in module variables, to avoid opening a new pool on every
// reload.
//
// The pool is ours, handed to Prisma's adapter, so the two hottest statements (who is asking,
// lib/auth/actor.ts, and posting a comment, lib/comments/post.ts) can run on it directly:
// one parameterised statement each, for which Prisma's query layer cost more CPU than the database
// did. Everything else goes through Prisma. db.$disconnect() ends the pool too.
const globalForPrisma = globalThis as unknown as { newsdeskPrisma?: PrismaClient; newsdeskPool?: pg.Pool };

// Prisma stores DateTime as `timestamp(3)` without a zone, in UTC. Its adapter reads them as UTC;
// node-postgres, on the raw statements, would read them in the process's own time zone (TZ). Both
// pools read them as UTC too, so a raw statement's dates are the same instants Prisma's are.
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const utcTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== "binary") return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function createPool(): pg.Pool {
  const connectionString = env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      "DATABASE_URL is not set. Start the newsroom with `npm start`, which provides a database, or set DATABASE_URL.",
    );
  }
  // DATABASE_POOL_SIZE (lib/env.mjs checks it is a whole number from 1 to 1000), or 10.
  const pool = new pg.Pool({ connectionString, max: env.DATABASE_POOL_SIZE ?? 10, types: utcTypes });
  // A connection that dies while idle (PostgreSQL restarted, the network cut) is dropped by the
  // pool, which says so here; with no listener Node would end the process (Prisma's adapter adds
  // one, but only once Prisma first connects). The next statement opens a new connection.
  pool.on("error", (error) => console.warn(`Database: an idle connection was lost (${error.message}); the next statement opens a new one.`));
  return pool;
}

/** The connection pool under Prisma, for raw statements. */
export function getPool(): pg.Pool {
  const pool = globalForPrisma.newsdeskPool;
  // A pool ended by $disconnect is replaced, together with the client on it.
  if (pool && !pool.ending) return pool;
  globalForPrisma.newsdeskPrisma = undefined;
  globalForPrisma.newsdeskPool = createPool();
  return globalForPrisma.newsdeskPool;
}

export function getDb(): PrismaClient {
  const pool = getPool();
  globalForPrisma.newsdeskPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return globalForPrisma.newsdeskPrisma;
}

// ── Read replicas (DATABASE_REPLICA_URLS; docs/operations.md "Read replicas") ──────────────────
//
// Reads go to the primary unless they run inside withReaderReads() (the reader site's cached
// loaders, search, feeds, the Content API): there the `db` proxy sends model reads and $queryRaw
// to a replica and getReaderPool() is the replica's pool; writes, $executeRaw and every
// $transaction still go to the primary. A replica is used only once it has replayed the primary's
// WAL past the changes this process knows were stamped (lib/cache/tag-stamps.mjs
// readerWalPosition, docs/caching.md "Read replicas and freshness"); one that does not get there
// within REPLICA_MAX_LAG_MS, or fails, is left alone for REPLICA_RETRY_MS and the read goes to the
// primary, logged once.

/** How long a read waits for a replica to replay the position it needs before it reads the primary. */
export const REPLICA_MAX_LAG_MS = 1000;
/** A replica that does not accept a connection within this is taken as failing (a busy machine can take a second). */
const REPLICA_CONNECT_TIMEOUT_MS = 2000;
/** How long a replica found lagging or failing is not asked (then one read without waiting tries it). */
export const REPLICA_RETRY_MS = 5000;

interface Replica {
  /** host:port/database, for messages (never the password). */
  name: string;
  pool: pg.Pool;
  client: PrismaClient | undefined;
  /** The newest replay position read from it. */
  replayed: bigint;
  /** Until when it is skipped (lagging or failed), ms since the epoch. */
  skipUntil: number;
  /** Why it is skipped, logged once when that starts. */
  trouble: "" | "lagging" | "failed";
  reading: Promise<bigint> | undefined;
}

interface ReplicaSet {
  urls: string;
  replicas: Replica[];
  next: number;
}

const globalForReplicas = globalThis as unknown as { newsdeskReplicas?: ReplicaSet };

/** Inside withReaderReads: the replica its reads go to, or null once they were sent back to the primary. */
const readScope = new AsyncLocalStorage<{ replica: Replica | null }>();

function replicaName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "a replica";
  }
}

function replicaSet(): ReplicaSet {
  const urls = env.DATABASE_REPLICA_URLS;
  const key = urls.join(",");
  let set = globalForReplicas.newsdeskReplicas;
  if (set && set.urls === key) return set;
  set?.replicas.forEach((replica) => void (replica.client ? replica.client.$disconnect() : replica.pool.end()).catch(() => undefined));
  set = {
    urls: key,
    next: 0,
    replicas: urls.map((url) => {
      // A replica that is gone must fail fast: the read then goes to the primary.
      const pool = new pg.Pool({
        connectionString: url,
        max: env.DATABASE_POOL_SIZE ?? 10,
        connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS,
        application_name: "newsdesk-replica-read",
        types: utcTypes,
      });
      pool.on("error", () => undefined);
      return { name: replicaName(url), pool, client: undefined, replayed: 0n, skipUntil: 0, trouble: "", reading: undefined };
    }),
  };
  globalForReplicas.newsdeskReplicas = set;
  return set;
}

function replicaClient(replica: Replica): PrismaClient {
  replica.client ??= new PrismaClient({ adapter: new PrismaPg(replica.pool, { disposeExternalPool: true }) });
  return replica.client;
}

/** A pg_lsn's text ("16/B374D848") as a number; the position just before a page header when it points past one. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  let lsn = (BigInt(`0x${high ?? "0"}`) << 32n) | BigInt(`0x${low ?? "0"}`);
  // pg_current_wal_insert_lsn() at a page boundary points past the next page's header, where no
  // record ends until more WAL is written: a standby's replay stops just before the header.
  if (lsn % 16_777_216n === 40n) lsn -= 40n;
  else if (lsn % 8192n === 24n) lsn -= 24n;
  return lsn;
}

function note(replica: Replica, trouble: Replica["trouble"], detail: string): void {
  if (trouble === "") {
    if (replica.trouble !== "") console.warn(`Read replica ${replica.name} is back: reader reads go to it again.`);
  } else {
    replica.skipUntil = Date.now() + REPLICA_RETRY_MS;
    // It may come back as another server (rebuilt from a newer copy, or older): ask it afresh.
    if (trouble === "failed") replica.replayed = 0n;
    if (replica.trouble !== trouble) console.warn(`Read replica ${replica.name} ${detail}: reading from the primary.`);
  }
  replica.trouble = trouble;
}

function readReplayed(replica: Replica): Promise<bigint> {
  replica.reading ??= replica.pool
    .query<{ lsn: string | null }>("SELECT pg_last_wal_replay_lsn()::text AS lsn")
    .then(({ rows }) => {
      const text = rows[0]?.lsn;
      if (!text) throw new Error("it is not a standby (pg_last_wal_replay_lsn() is null)");
      const lsn = parseLsn(text);
      if (lsn > replica.replayed) replica.replayed = lsn;
      return replica.replayed;
    })
    .finally(() => {
      replica.reading = undefined;
    });
  return replica.reading;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the replica has replayed `needed`, waiting up to `waitMs` for it; throws when it cannot be asked. */
async function hasReplayed(replica: Replica, needed: bigint, waitMs: number): Promise<boolean> {
  if (replica.replayed >= needed) return true;
  const deadline = Date.now() + waitMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    if ((await readReplayed(replica)) >= needed) return true;
    if (Date.now() >= deadline) return false;
    await pause(delay);
  }
}

/** The WAL position reader reads need now: what the cache handler's stamps require, or the primary's own. */
async function neededPosition(fresh: boolean): Promise<bigint | null> {
  const hook = (globalThis as { [key: symbol]: { readerWalPosition?: () => Promise<string | null> } | undefined })[Symbol.for("newsdesk.readerCache")];
  if (!fresh && hook?.readerWalPosition) {
    const text = await hook.readerWalPosition();
    return text === null ? null : parseLsn(text);
  }
  // Outside the app's server (scripts, tests) or for a page rendered per request: everything the
  // primary has written, so a person always reads what they (or anyone) just wrote.
  const { rows } = await getPool().query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
  return parseLsn(rows[0]!.lsn);
}

/** A replica to read from now, or null: the primary. */
async function chooseReplica(options: ReaderReadOptions): Promise<Replica | null> {
  const set = replicaSet();
  if (set.replicas.length === 0) return null;
  const now = Date.now();
  const start = set.next++ % set.replicas.length;
  const candidates = [...set.replicas.slice(start), ...set.replicas.slice(0, start)].filter((replica) => replica.skipUntil <= now);
  if (candidates.length === 0) return null;
  const needed = options.walPosition ? parseLsn(options.walPosition) : await neededPosition(options.fresh ?? false);
  if (needed === null) return null;
  for (const replica of candidates) {
    try {
      // One that was in trouble gets one look, not a wait.
      if (await hasReplayed(replica, needed, replica.trouble === "" ? REPLICA_MAX_LAG_MS : 0)) {
        note(replica, "", "");
        return replica;
      }
      note(replica, "lagging", `has not replayed the primary's changes within ${REPLICA_MAX_LAG_MS} ms`);
    } catch (error) {
      note(replica, "failed", `cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return null;
}

export interface ReaderReadOptions {
  /**
   * A WAL position (pg_lsn text) the replica must have replayed: one the caller read from the
   * primary together with what its answer depends on (the Content API's data version).
   */
  walPosition?: string;
  /** true: everything the primary has written so far (pages rendered per request: search). */
  fresh?: boolean;
}

/**
 * Runs reader reads (published stories, sections, feeds, search: nothing signed in, nothing in a
 * transaction) on a read replica that has replayed what they must see, or on the primary when no
 * replica is configured, none has caught up within REPLICA_MAX_LAG_MS, or the replica fails (the
 * reads are then run again on the primary).
 */
export async function withReaderReads<T>(read: () => Promise<T>, options: ReaderReadOptions = {}): Promise<T> {
  const outer = readScope.getStore();
  // Within reader reads already: the same replica (or the primary). A nested loader recovers on its
  // own, since React's cache() keeps its promise for the rest of the render.
  const replica = outer ? outer.replica : await chooseReplica(options);
  if (!replica) return outer ? read() : readScope.run({ replica: null }, read);
  try {
    return await (outer ? read() : readScope.run({ replica }, read));
  } catch (error) {
    // The replica went away or cancelled the query (a recovery conflict): the primary answers. A
    // failure that is the read's own (a refusal) fails there the same way.
    const answer = await readScope.run({ replica: null }, read);
    note(replica, "failed", `failed a read (${error instanceof Error ? error.message : String(error)})`);
    return answer;
  }
}

/** The pool for a hand-written reader statement: the chosen replica's inside withReaderReads, else the primary's. */
export function getReaderPool(): pg.Pool {
  return readScope.getStore()?.replica?.pool ?? getPool();
}

/** The client for reader reads that need one client throughout (a read-only batch): the replica's inside withReaderReads, else the primary. */
export function readerDb(): PrismaClient {
  const replica = readScope.getStore()?.replica;
  return replica ? replicaClient(replica) : getDb();
}

/** The read replica the current reads go to (host:port/database), or null for the primary: for tests and logs. */
export function currentReadReplica(): string | null {
  return readScope.getStore()?.replica?.name ?? null;
}

const REPLICA_MODEL_READS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy"]);
const REPLICA_CLIENT_READS = new Set<PropertyKey>(["$queryRaw", "$queryRawUnsafe", "$queryRawTyped"]);

function bound(client: object, property: PropertyKey): unknown {
  const value = Reflect.get(client, property, client) as unknown;
  return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
}

// A lazy proxy so importing this module never needs a database (the production build imports it).
// Inside withReaderReads its reads go to the chosen replica (above).
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const primary = getDb();
    const replica = readScope.getStore()?.replica;
    if (!replica || typeof property !== "string") return bound(primary, property);
    if (REPLICA_CLIENT_READS.has(property)) return bound(replicaClient(replica), property);
    if (property.startsWith("$")) return bound(primary, property);
    const primaryModel = Reflect.get(primary, property, primary) as unknown;
    if (typeof primaryModel !== "object" || primaryModel === null) return primaryModel;
    const replicaModel = Reflect.get(replicaClient(replica), property) as object;
    return new Proxy(primaryModel, {
      get(model, method) {
        return bound(typeof method === "string" && REPLICA_MODEL_READS.has(method) ? replicaModel : model, method);
      },
    });
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
