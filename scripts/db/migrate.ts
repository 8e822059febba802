// `npm run db:migrate`: applies pending migrations.
//
// With DATABASE_URL set, to that database. Without it, to the embedded
// development PostgreSQL (data in $NEWSDESK_DATA_DIR/postgres, default <repo>/.data/postgres),
// which is started for the purpose and stopped again.
import "dotenv/config";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { dataDir as newsdeskDataDir } from "../lib/paths";
import { migrateDatabase, REPO_ROOT } from "./migrations";

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const started = Date.now();
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    await migrateDatabase(databaseUrl, { log });
  } else {
    const dataDir = path.join(newsdeskDataDir(), "postgres"); // the same cluster `npm start` uses
    log(`DATABASE_URL is not set: using the embedded PostgreSQL in ${path.relative(REPO_ROOT, dataDir) || dataDir}`);
    const server = await startEmbeddedPostgres({ dataDir });
    try {
      await migrateDatabase(server.url, { log });
    } finally {
      await server.stop();
    }
  }
  log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
