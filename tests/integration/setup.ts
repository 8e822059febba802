import pg from "pg";
import { inject } from "vitest";

// Each worker has a database of its own, copied from the migrated template on its first file
// (tests/integration/global-setup.ts): the files of one worker run one after another on it, as
// they would with one worker, while several workers overlap their waits on PostgreSQL.
const name = `${inject("databasePrefix")}_w${process.env.VITEST_POOL_ID ?? "1"}`;
const server = inject("databaseServerUrl");
const client = new pg.Client({ connectionString: server });
await client.connect();
try {
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(inject("databaseTemplate"))}`);
} catch (error) {
  // 42P04: made by an earlier file of this worker.
  if ((error as { code?: string }).code !== "42P04") throw error;
} finally {
  await client.end();
}
const url = new URL(server);
url.pathname = `/${encodeURIComponent(name)}`;
process.env.DATABASE_URL = url.toString();

// Two-factor secrets are sealed under AUTH_SECRET (lib/auth/secret-box.ts): the tests need one.
process.env.AUTH_SECRET ??= "integration-tests-auth-secret-0123456789abcdef";

// `npm test` runs `next build` beside these tests, and a build writes its folder's BUILD_ID midway:
// code that names the current build (the reader fill, lib/cache/fill.ts) must not see it change
// under a test. A folder no build writes: the build is "development" throughout.
process.env.NEWSDESK_DIST_DIR = ".next-integration-tests";
