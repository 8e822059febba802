// `npm run restore -- --from <backup folder | s3://bucket/prefix> [--target-time <ISO time>] [--wal-archive <folder>]`:
// brings a backup made by `npm run backup` back into an empty data folder (NEWSDESK_DATA_DIR) or,
// with DATABASE_URL set, an empty database. Checks the backup first and changes nothing when it is
// damaged or the target is not empty. docs/operations.md describes it.

import "dotenv/config";

import { parseArgs } from "node:util";

import { z } from "zod";

import { parseEnv } from "../lib/env.mjs";
import { restoreBackup } from "./lib/backup/restore";
import { backupS3Config, parseS3Url, S3Source } from "./lib/backup/s3-target";
import { FolderSource } from "./lib/backup/target";
import { dataDir } from "./lib/paths";

const argsSchema = z.object({
  from: z.string({ error: "Name the backup: npm run restore -- --from <backup folder or s3://bucket/prefix>" }).trim().min(1),
  "target-time": z
    .string()
    .trim()
    .refine((value) => !Number.isNaN(Date.parse(value)), "--target-time must be a time, e.g. 2026-12-07T09:30:00Z")
    .transform((value) => new Date(value))
    .optional(),
  "wal-archive": z.string().trim().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: "string" }, "target-time": { type: "string" }, "wal-archive": { type: "string" } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const args = parsed.data;
  const env = parseEnv(process.env);
  const dir = dataDir();
  const bucket = parseS3Url(args.from);
  await restoreBackup({
    source: bucket ? new S3Source(backupS3Config(bucket.bucket, env), bucket.prefix) : new FolderSource(args.from),
    dataDir: dir,
    databaseUrl: env.DATABASE_URL,
    targetTime: args["target-time"],
    walArchiveDir: args["wal-archive"] ?? env.NEWSDESK_WAL_ARCHIVE_DIR,
    log: console.log,
  });
  console.log(`Done. Start the newsroom on it: NEWSDESK_DATA_DIR=${dir}${env.DATABASE_URL ? " DATABASE_URL=…" : ""} npm start`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
