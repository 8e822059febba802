// `npm run media:migrate-to-s3` against a real local S3 server (s3rver): every file copied and
// verified, a run cut short resumed without copying twice, and a wrong copy in the bucket replaced.

import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LocalDiskStore } from "@/lib/media/local-disk-store";
import { S3Store, type S3StoreConfig } from "@/lib/media/s3-store";
import { startS3Server, type S3TestServer } from "@/scripts/lib/s3-server";

import { migrateMediaToS3 } from "./migrate-to-s3";

let server: S3TestServer;
let config: S3StoreConfig;
let bucket: S3Store;
let directory = "";
const files = new Map<string, Uint8Array>();

beforeAll(async () => {
  server = await startS3Server({ bucket: "migration-test" });
  config = { bucket: server.bucket, region: "us-east-1", endpoint: server.endpoint, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true };
  bucket = new S3Store(config);
  directory = mkdtempSync(path.join(os.tmpdir(), "newsdesk-migrate-it-"));
  const disk = new LocalDiskStore(directory);
  // Four images, each an original and two sizes: twelve files of a few hundred kilobytes at most.
  for (let image = 0; image < 4; image += 1) {
    const id = randomUUID();
    for (const [name, type] of [["original.jpg", "image/jpeg"], ["w480.webp", "image/webp"], ["w960.webp", "image/webp"]] as const) {
      const bytes = new Uint8Array(randomBytes(1000 + Math.floor(Math.random() * 200_000)));
      await disk.put(`${id}/${name}`, bytes, type);
      files.set(`${id}/${name}`, bytes);
    }
  }
  // What an interrupted local write leaves: not a media file, never copied.
  writeFileSync(path.join(directory, [...files.keys()][0]!.split("/")[0]!, ".w480.webp.abc123.tmp"), "partial");
});

afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

async function bucketKeys(): Promise<string[]> {
  const listed = await bucket.client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

describe("media:migrate-to-s3", () => {
  it("copies every file, resumes a run cut short without copying twice, and replaces a wrong copy", async () => {
    const keys = [...files.keys()].sort();
    // A damaged copy already in the bucket (same key, other bytes): it must be copied again.
    await bucket.put(keys[0]!, new Uint8Array([1, 2, 3]), "image/jpeg");

    // The bucket stops taking files after five.
    let puts = 0;
    server.refuse((request) => request.method === "PUT" && ++puts > 5);
    const first = await migrateMediaToS3({ directory, config, concurrency: 2 });
    server.refuse(null);
    expect(first.copied).toBe(5);
    expect(first.alreadyThere).toBe(0);
    expect(first.failed).toHaveLength(keys.length - 5);
    expect(first.ignored).toEqual([expect.stringMatching(/\.w480\.webp\.abc123\.tmp$/)]);

    const second = await migrateMediaToS3({ directory, config });
    expect(second).toMatchObject({ copied: keys.length - 5, alreadyThere: 5, failed: [] });
    expect(await bucketKeys()).toEqual(keys);
    for (const [key, bytes] of files) {
      const stored = await bucket.get(key);
      expect(Buffer.from(stored!.bytes).equals(Buffer.from(bytes)), key).toBe(true);
      expect(stored!.contentType).toBe(key.endsWith(".jpg") ? "image/jpeg" : "image/webp");
    }

    const third = await migrateMediaToS3({ directory, config });
    expect(third).toMatchObject({ copied: 0, alreadyThere: keys.length, failed: [] });
  });

  it("as a command, says what it did and what to set afterwards, or what is missing", async () => {
    const run = promisify(execFile);
    const script = path.resolve(import.meta.dirname, "migrate-to-s3.ts");
    const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
    const env = { ...process.env, MEDIA_S3_BUCKET: server.bucket, MEDIA_S3_ENDPOINT: server.endpoint, MEDIA_S3_ACCESS_KEY_ID: "S3RVER", MEDIA_S3_SECRET_ACCESS_KEY: "S3RVER", MEDIA_S3_FORCE_PATH_STYLE: "1" };
    const { stdout } = await run(tsx, [script, "--from", directory], { env });
    expect(stdout).toContain(`Copied and verified: 0. Already in the bucket: ${files.size}. Failed: 0.`);
    expect(stdout).toMatch(/Set the same MEDIA_S3_\* variables in the app's environment/);

    const refused = await run(tsx, [script, "--from", directory], { env: { ...env, MEDIA_S3_BUCKET: "" } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/Set MEDIA_S3_BUCKET/);
  });
});
