// Integration tests run against a real PostgreSQL: a throw-away embedded server with a fresh,
// fully migrated database for each run.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { createDatabase, startEmbeddedPostgres } from "../../scripts/db/embedded-postgres";
import { migrateDatabase } from "../../scripts/db/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-it-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  const url = await createDatabase(server.url, `newsdesk_test_${Date.now()}`);
  await migrateDatabase(url);
  project.provide("databaseUrl", url);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
