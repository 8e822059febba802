// `npm run db:migration:create -- <name>`: writes the next migration folder
// from the difference between prisma/migrations and prisma/schema.prisma.
// Needs no database (a throwaway embedded PostgreSQL replays the history).
// Review the SQL, add anything Prisma cannot express, then `npm run db:migrate`.
import path from "node:path";
import { createMigration, REPO_ROOT } from "./migrations";

const name = process.argv.slice(2).join("_");
if (!name) {
  console.error("Usage: npm run db:migration:create -- <name>   (e.g. add_story_kicker)");
  process.exit(2);
}

try {
  const folder = await createMigration(name);
  if (folder === null) {
    console.log("prisma/schema.prisma matches the migrations: nothing to create.");
  } else {
    console.log(`Created ${path.relative(REPO_ROOT, path.join(folder, "migration.sql"))}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
