// `npm run backup [-- --to <folder> | --to s3://bucket/prefix]`: a consistent backup of the
// database (and of the local media and the auth secret) while the site runs, into a folder or an
// S3-compatible bucket (scripts/lib/backup/s3-target.ts). Without --to it goes to
// <data folder>/backups/<timestamp>. scripts/lib/backup/backup.ts says how; docs/operations.md
// how to restore it.

import "dotenv/config";

import path from "node:path";
import { parseArgs } from "node:util";

import { parseEnv } from "../lib/env.mjs";
import { APP_DATABASE, runningEmbeddedUrl, startEmbeddedPostgres } from "./db/embedded-postgres";
import { formatBytes, takeBackup } from "./lib/backup/backup";
import { backupS3Config, parseS3Url, S3Target } from "./lib/backup/s3-target";
import { type BackupTarget, FolderTarget } from "./lib/backup/target";
import { dataDir } from "./lib/paths";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { to: { type: "string" } } });
  const env = parseEnv(process.env);
  const dir = dataDir();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const bucket = values.to ? parseS3Url(values.to) : null;
  const target: BackupTarget = bucket
    ? new S3Target(backupS3Config(bucket.bucket, env), bucket.prefix)
    : new FolderTarget(path.resolve(values.to ?? path.join(dir, "backups", stamp)));
  const to = target.location;

  let databaseUrl = env.DATABASE_URL;
  let stop = async () => {};
  const embedded = !databaseUrl;
  if (!databaseUrl) {
    // The running `npm start`'s server, or one started for the backup when the site is down.
    databaseUrl = (await runningEmbeddedUrl(path.join(dir, "postgres"), APP_DATABASE)) ?? undefined;
    if (!databaseUrl) {
      const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), walArchiveDir: env.NEWSDESK_WAL_ARCHIVE_DIR });
      databaseUrl = server.url;
      stop = () => server.stop();
    }
  }
  const started = Date.now();
  try {
    const manifest = await takeBackup({ dataDir: dir, databaseUrl, embedded, target, localMedia: !env.MEDIA_S3_BUCKET, log: console.log });
    const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    console.log(
      `Backup written to ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.files.length} files, ${formatBytes(bytes)}; ` +
        Object.entries(manifest.counts).map(([table, n]) => `${n} ${table}`).join(", "),
    );
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
