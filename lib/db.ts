import "server-only";

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

function createPool(): pg.Pool {
  const connectionString = env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      "DATABASE_URL is not set. Start the newsroom with `npm start`, which provides a database, or set DATABASE_URL.",
    );
  }
  // DATABASE_POOL_SIZE (lib/env.mjs checks it is a whole number from 1 to 1000), or 10.
  const pool = new pg.Pool({ connectionString, max: env.DATABASE_POOL_SIZE ?? 10 });
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

// A lazy proxy so importing this module never needs a database (the production build imports it).
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
