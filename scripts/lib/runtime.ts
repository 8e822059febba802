// Everything the app needs before Next starts: a migrated database (the embedded one unless
// DATABASE_URL names another), the first data it needs, and a stable auth secret.

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { PrismaPg } from "@prisma/adapter-pg";

import { readEnv } from "@/lib/env.mjs";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { isDatabaseEmpty, seedDemoNewsroom, seedEssentials } from "@/prisma/seed";

import { startEmbeddedPostgres } from "../db/embedded-postgres";
import { migrateDatabase } from "../db/migrations";
import { dataDir } from "./paths";

export interface Runtime {
  databaseUrl: string;
  demo: boolean;
  authSecret: string;
  stop(): Promise<void>;
}

function loadAuthSecret(dir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function prepareRuntime(log: (line: string) => void = console.log): Promise<Runtime> {
  const dir = dataDir();
  let databaseUrl = process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  const demo = !databaseUrl;
  if (!databaseUrl) {
    const started = Date.now();
    const walArchiveDir = readEnv().NEWSDESK_WAL_ARCHIVE_DIR;
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), walArchiveDir });
    databaseUrl = server.url;
    stopDatabase = () => server.stop();
    log(`Embedded PostgreSQL on port ${server.port} (data in ${path.join(dir, "postgres")}), ready in ${Date.now() - started} ms`);
    if (walArchiveDir) log(`WAL archived to ${path.resolve(walArchiveDir)} (point-in-time recovery)`);
  } else {
    log("Using the PostgreSQL server in DATABASE_URL");
  }
  try {
    const { applied } = await migrateDatabase(databaseUrl);
    log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database schema is up to date");

    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      if (demo && (await isDatabaseEmpty(db))) {
        const seeded = await seedDemoNewsroom(db);
        log(`Seeded the demo newsroom: ${seeded.stories} stories, ${seeded.users} demo accounts (password: demo-password)`);
      } else {
        await seedEssentials(db);
      }
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }
  return { databaseUrl, demo, authSecret: loadAuthSecret(dir), stop: stopDatabase };
}
