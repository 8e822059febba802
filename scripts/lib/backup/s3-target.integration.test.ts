// The bucket's side of a backup file by file, against a real S3 server on loopback (s3rver): small
// files go up from memory, larger ones through a temporary file, the largest in parts; each reads
// back byte for byte with the size and SHA-256 the manifest records. (The whole backup and restore
// through a bucket: backup.integration.test.ts.)

import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startS3Server, type S3TestServer } from "../s3-server";
import { backupS3Config, S3Source, S3Target } from "./s3-target";
import { hashOf } from "./target";

let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server({ bucket: "newsdesk-backups" });
});

afterAll(async () => {
  await server.close();
});

function config() {
  return backupS3Config("newsdesk-backups", {
    MEDIA_S3_REGION: "us-east-1",
    MEDIA_S3_ENDPOINT: server.endpoint,
    MEDIA_S3_ACCESS_KEY_ID: server.env.MEDIA_S3_ACCESS_KEY_ID,
    MEDIA_S3_SECRET_ACCESS_KEY: server.env.MEDIA_S3_SECRET_ACCESS_KEY,
    MEDIA_S3_FORCE_PATH_STYLE: true,
  });
}

/** `bytes` random bytes, sent in 64 KB chunks as a file read would be. */
function body(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
    })(),
  );
}

describe("S3Target and S3Source", () => {
  it("puts small, spooled and multipart files and reads each back as written", async () => {
    const target = new S3Target(config(), "files");
    // Small sizes here, so the test need not move hundreds of megabytes: 1 MB in memory, 5 MB parts.
    target.sizes = { memoryBytes: 1024 * 1024, partBytes: 5 * 1024 * 1024 };
    await target.prepare();
    const source = new S3Source(config(), "files");
    for (const [name, size] of [["small", 1000], ["spooled", 3 * 1024 * 1024], ["parts", 11 * 1024 * 1024]] as const) {
      const bytes = randomBytes(size);
      const written = await target.write(`postgres/${name}`, body(bytes));
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      expect(written).toEqual({ path: `postgres/${name}`, bytes: size, sha256 });
      expect(await source.has(`postgres/${name}`)).toBe(true);
      expect(await hashOf(source, `postgres/${name}`)).toEqual({ bytes: size, sha256 });
    }
    expect(await source.has("postgres/absent")).toBe(false);
    await expect(hashOf(source, "postgres/absent")).rejects.toThrow("s3://newsdesk-backups/files: postgres/absent is missing.");
  });

  it("refuses a backup the bucket refuses, saying so", async () => {
    server.refuse((request) => request.method === "PUT");
    try {
      await expect(new S3Target(config(), "refused").write("manifest.json", Readable.from(["{}"]))).rejects.toThrow("access denied");
    } finally {
      server.refuse(null);
    }
  });
});
