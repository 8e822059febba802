// Integration tests run against a real PostgreSQL: a throw-away embedded server with a fresh,
// fully migrated database for each run. Both integration projects (vitest.config.ts: the files
// that run side by side, and those that run alone) set up in this one process: they share the
// server, and each gets its own copy of one migrated template database (Prisma's wasm schema
// engine migrates once per process; a copy takes a fraction of a second).

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { createDatabase, startEmbeddedPostgres } from "../../scripts/db/embedded-postgres";
import { migrateDatabase } from "../../scripts/db/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared server, and the migrated template each worker copies (tests/integration/setup.ts). */
    databaseServerUrl: string;
    databaseTemplate: string;
    /** Each worker's database is this name plus its pool id. */
    databasePrefix: string;
  }
}

const TEMPLATE = "newsdesk_test_template";

interface Shared {
  server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  dir: string;
  users: number;
}

const state = globalThis as typeof globalThis & { newsdeskIntegrationServer?: Promise<Shared> };

async function startShared(): Promise<Shared> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-it-"));
  // The workers share this cluster, and each test file may run several app processes' worth of
  // pools, LISTEN connections and co-editing servers at once: PostgreSQL's default of 100 ran out
  // ("too many clients"), and a reader-cache test then found its store unreachable and rendered.
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), maxConnections: 400 });
  await migrateDatabase(await createDatabase(server.url, TEMPLATE));
  return { server, dir, users: 0 };
}

export default async function setup(project: TestProject) {
  state.newsdeskIntegrationServer ??= startShared();
  const shared = await state.newsdeskIntegrationServer;
  shared.users += 1;
  project.provide("databaseServerUrl", shared.server.url);
  project.provide("databaseTemplate", TEMPLATE);
  project.provide("databasePrefix", `newsdesk_test_${project.name.replaceAll(/[^a-z]/g, "_")}_${Date.now()}`);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    await shared.server.stop();
    rmSync(shared.dir, { recursive: true, force: true });
  };
}
