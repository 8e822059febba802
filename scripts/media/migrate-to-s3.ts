// `npm run media:migrate-to-s3 [-- --from <media folder>]`: copies every image file from the local
// disk (<data folder>/media, or --from) to the S3 bucket MEDIA_S3_* names, under the same keys.
// Resumable: an object already in the bucket with the same size and MD5 is skipped, so a run that
// stopped part-way is simply run again. Every object copied is checked afterwards (its ETag is the
// MD5 of what the bucket holds, or, where the service's ETag is no MD5, its bytes are read back).
// Nothing on the disk is changed or removed: the app keeps serving from it until you switch.

import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";

import { isValidMediaKey, mediaDirectory } from "@/lib/media/local-disk-store";
import { S3Store, type S3StoreConfig } from "@/lib/media/s3-store";
import { s3ConfigFromEnv } from "@/lib/media/storage";

const CONTENT_TYPES: Record<string, string> = { ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp" };

export interface MigrationReport {
  copied: number;
  alreadyThere: number;
  failed: Array<{ key: string; error: string }>;
  /** Files in the folder that are no media keys (temporary files of an interrupted write, strays). */
  ignored: string[];
}

/** Every file under the media folder, as "<id>/<name>" keys. */
async function localKeys(directory: string): Promise<{ keys: string[]; ignored: string[] }> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const keys: string[] = [];
  const ignored: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const key = path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    (isValidMediaKey(key) ? keys : ignored).push(key);
  }
  return { keys: keys.sort(), ignored: ignored.sort() };
}

function md5(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("hex");
}

/** Whether the bucket holds exactly these bytes under the key: size and ETag, or a read-back when the ETag is no MD5. */
async function holds(store: S3Store, key: string, bytes: Uint8Array): Promise<boolean> {
  let head;
  try {
    head = await store.client.send(new HeadObjectCommand({ Bucket: store.config.bucket, Key: key }));
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
  if (head.ContentLength !== bytes.byteLength) return false;
  const etag = (head.ETag ?? "").replaceAll('"', "");
  if (/^[0-9a-f]{32}$/.test(etag)) return etag === md5(bytes);
  // A multipart or encrypted object's ETag is no MD5: compare what the bucket gives back.
  const answer = await store.client.send(new GetObjectCommand({ Bucket: store.config.bucket, Key: key }));
  const stored = await answer.Body?.transformToByteArray();
  return stored !== undefined && md5(stored) === md5(bytes);
}

export async function migrateMediaToS3(options: {
  directory: string;
  config: S3StoreConfig;
  concurrency?: number;
  log?: (line: string) => void;
}): Promise<MigrationReport> {
  const log = options.log ?? (() => undefined);
  const store = new S3Store(options.config);
  const { keys, ignored } = await localKeys(options.directory);
  const report: MigrationReport = { copied: 0, alreadyThere: 0, failed: [], ignored };
  let next = 0;
  async function worker(): Promise<void> {
    while (next < keys.length) {
      const key = keys[next++]!;
      try {
        const bytes = new Uint8Array(await readFile(path.join(options.directory, ...key.split("/"))));
        if (await holds(store, key, bytes)) {
          report.alreadyThere += 1;
          continue;
        }
        await store.put(key, bytes, CONTENT_TYPES[path.extname(key)]!);
        if (!(await holds(store, key, bytes))) throw new Error("the bucket's copy differs from the file after the upload");
        report.copied += 1;
      } catch (error) {
        report.failed.push({ key, error: error instanceof Error ? error.message : String(error) });
      }
      const done = report.copied + report.alreadyThere + report.failed.length;
      if (done % 100 === 0) log(`${done} of ${keys.length} files…`);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, () => worker()));
  return report;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: "string" } } });
  const config = s3ConfigFromEnv();
  if (!config) {
    console.error("Set MEDIA_S3_BUCKET (and MEDIA_S3_ENDPOINT, MEDIA_S3_REGION, MEDIA_S3_ACCESS_KEY_ID, MEDIA_S3_SECRET_ACCESS_KEY, MEDIA_S3_FORCE_PATH_STYLE as your service needs) to the bucket to copy the images to.");
    return 2;
  }
  const directory = path.resolve(values.from ?? mediaDirectory());
  console.log(`Copying the images in ${directory} to the bucket ${config.bucket}${config.endpoint ? ` at ${config.endpoint}` : ""}…`);
  const report = await migrateMediaToS3({ directory, config, log: (line) => console.log(line) });
  console.log(`Copied and verified: ${report.copied}. Already in the bucket: ${report.alreadyThere}. Failed: ${report.failed.length}.`);
  if (report.ignored.length > 0) console.log(`Not media files, left alone (${report.ignored.length}): ${report.ignored.slice(0, 10).join(", ")}${report.ignored.length > 10 ? ", …" : ""}`);
  if (report.failed.length > 0) {
    for (const failure of report.failed.slice(0, 20)) console.error(`  ${failure.key}: ${failure.error}`);
    console.error("Some files were not copied. Run the command again: it copies only what is missing.");
    return 1;
  }
  console.log(
    [
      "Every image is in the bucket. Now:",
      "  1. Set the same MEDIA_S3_* variables in the app's environment (and MEDIA_PUBLIC_BASE_URL if the bucket is public or behind a CDN).",
      "  2. Restart the app (every instance): new uploads then go to the bucket and readers are served from it.",
      "  3. Run this command once more right after the restart, to copy anything uploaded to the disk meanwhile.",
      `  4. Keep ${directory} until you have checked the site's images; then it can be removed.`,
    ].join("\n"),
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
