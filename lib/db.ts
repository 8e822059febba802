import { PrismaPg } from "@prisma/adapter-pg";

import { PrismaClient } from "@/lib/generated/prisma/client";

// One client per process. Next's dev server re-evaluates modules, so the client is parked on
// globalThis rather than a module variable to avoid opening a new pool on every reload.
const globalForPrisma = globalThis as unknown as { newsdeskPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      "DATABASE_URL is not set. Start the newsroom with `npm start`, which provides a database, or set DATABASE_URL.",
    );
  }
  const adapter = new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  globalForPrisma.newsdeskPrisma ??= createClient();
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
