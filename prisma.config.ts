// Prisma 7 reads no .env file by itself; load it here so `DATABASE_URL` from
// .env reaches the CLI the same way it reaches the app.
import "dotenv/config";
import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` from prisma/config throws when the variable is unset,
// which would break `prisma generate` at postinstall (no database there).
// Reading process.env directly keeps the datasource optional.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  ...(url ? { datasource: { url } } : {}),
});
