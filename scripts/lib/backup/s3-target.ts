// Backups in an S3-compatible bucket: `npm run backup -- --to s3://bucket/prefix` and `npm run
// restore -- --from s3://bucket/prefix`. The same files as in a folder, as objects under the
// prefix ("<prefix>/manifest.json", "<prefix>/postgres/base/1/112", ...), through the AWS SDK with
// the media store's connection settings (MEDIA_S3_ENDPOINT, MEDIA_S3_REGION, credentials,
// MEDIA_S3_FORCE_PATH_STYLE; without credentials the SDK's own: AWS_* variables, an instance role).
// Every object is put whole with its MD5 (Content-MD5), so the service refuses bytes that arrive
// damaged; a file over PART_BYTES goes up in parts. The manifest's SHA-256s are checked on restore
// as for a folder.

import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { finished } from "node:stream/promises";

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";

import { s3ClientFor, type S3StoreConfig } from "../../../lib/media/s3-store";
import { type BackupSource, type BackupTarget, safeRelPath, type WrittenFile } from "./target";

/** Files up to this size are held in memory on their way up; larger ones are spooled to a temporary file. */
const MEMORY_BYTES = 8 * 1024 * 1024;
/** A file over this goes up in parts of this size (S3 takes at most 5 GB in one put). */
export const PART_BYTES = 256 * 1024 * 1024;

export interface S3Location {
  bucket: string;
  /** Without a trailing slash; "" for the bucket's top. */
  prefix: string;
}

/** "s3://bucket/some/prefix" → { bucket, prefix }, or null when it is no s3:// address. */
export function parseS3Url(value: string): S3Location | null {
  if (!value.startsWith("s3://")) return null;
  const rest = value.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`${value}: "${bucket}" is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens).`);
  if (prefix && prefix.split("/").some((part) => part === "" || part === "." || part === "..")) throw new Error(`${value}: the prefix must be plain names separated by "/".`);
  return { bucket, prefix };
}

/** The connection settings for a backup bucket: the media store's (MEDIA_S3_*, as lib/env.mjs reads them), with this bucket. */
export function backupS3Config(
  bucket: string,
  env: {
    MEDIA_S3_REGION: string;
    MEDIA_S3_ENDPOINT?: string;
    MEDIA_S3_ACCESS_KEY_ID?: string;
    MEDIA_S3_SECRET_ACCESS_KEY?: string;
    MEDIA_S3_FORCE_PATH_STYLE?: boolean;
  },
): S3StoreConfig {
  return {
    bucket,
    region: env.MEDIA_S3_REGION,
    endpoint: env.MEDIA_S3_ENDPOINT,
    accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID,
    secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.MEDIA_S3_FORCE_PATH_STYLE,
  };
}

function isMissing(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

function explain(location: string, error: unknown): Error {
  const name = typeof error === "object" && error !== null ? (error as { name?: string }).name : undefined;
  if (name === "NoSuchBucket") return new Error(`${location}: the bucket does not exist. Create it first.`);
  if (name === "AccessDenied" || name === "Forbidden") return new Error(`${location}: access denied. Check MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY (or the AWS credentials).`);
  return error instanceof Error ? error : new Error(String(error));
}

class S3Place {
  readonly client: S3Client;
  readonly location: string;

  constructor(
    readonly config: S3StoreConfig,
    readonly prefix: string,
    client?: S3Client,
  ) {
    this.client = client ?? s3ClientFor(config);
    this.location = `s3://${config.bucket}${prefix ? `/${prefix}` : ""}`;
  }

  key(relPath: string): string {
    const rel = safeRelPath(relPath);
    return this.prefix ? `${this.prefix}/${rel}` : rel;
  }
}

export class S3Target extends S3Place implements BackupTarget {
  /** Held in memory up to this many bytes, and put in parts over partBytes (smaller in tests). */
  sizes = { memoryBytes: MEMORY_BYTES, partBytes: PART_BYTES };

  async prepare(): Promise<void> {
    try {
      // ListObjects (v1): s3rver answers a truncated ListObjectsV2 with an internal error.
      const listed = await this.client.send(new ListObjectsCommand({ Bucket: this.config.bucket, Prefix: this.prefix ? `${this.prefix}/` : undefined, MaxKeys: 1 }));
      if ((listed.Contents?.length ?? 0) > 0) throw new Error(`${this.location} is not empty: a backup goes under a new or empty prefix.`);
    } catch (error) {
      throw explain(this.location, error);
    }
  }

  async write(relPath: string, body: Readable): Promise<WrittenFile> {
    const key = this.key(relPath);
    const sha256 = createHash("sha256");
    const md5 = createHash("md5");
    let bytes = 0;
    const chunks: Buffer[] = [];
    let spool: { file: string; out: WriteStream } | null = null;
    try {
      for await (const data of body as AsyncIterable<Buffer | string>) {
        const chunk = typeof data === "string" ? Buffer.from(data) : data;
        sha256.update(chunk);
        md5.update(chunk);
        bytes += chunk.length;
        if (!spool && bytes > this.sizes.memoryBytes) {
          const file = path.join(os.tmpdir(), `newsdesk-backup-${randomBytes(8).toString("hex")}`);
          spool = { file, out: createWriteStream(file, { mode: 0o600 }) };
          for (const held of chunks.splice(0)) spool.out.write(held);
        }
        if (spool) {
          const out = spool.out;
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        } else chunks.push(chunk);
      }
      if (spool) {
        spool.out.end();
        await finished(spool.out);
      }
      try {
        if (spool && bytes > this.sizes.partBytes) await this.putInParts(key, spool.file, bytes);
        else {
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.config.bucket,
              Key: key,
              Body: spool ? createReadStream(spool.file) : Buffer.concat(chunks),
              ContentLength: bytes,
              ContentMD5: md5.digest("base64"),
            }),
          );
        }
      } catch (error) {
        throw explain(this.location, error);
      }
      return { path: relPath, bytes, sha256: sha256.digest("hex") };
    } finally {
      if (spool) await fs.rm(spool.file, { force: true });
    }
  }

  private async putInParts(key: string, file: string, bytes: number): Promise<void> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.config.bucket, Key: key }));
    try {
      const parts: { ETag: string | undefined; PartNumber: number }[] = [];
      const { partBytes } = this.sizes;
      for (let start = 0, number = 1; start < bytes; start += partBytes, number += 1) {
        const end = Math.min(start + partBytes, bytes);
        const md5 = createHash("md5");
        for await (const chunk of createReadStream(file, { start, end: end - 1 }) as AsyncIterable<Buffer>) md5.update(chunk);
        const answer = await this.client.send(
          new UploadPartCommand({
            Bucket: this.config.bucket,
            Key: key,
            UploadId,
            PartNumber: number,
            Body: createReadStream(file, { start, end: end - 1 }),
            ContentLength: end - start,
            ContentMD5: md5.digest("base64"),
          }),
        );
        parts.push({ ETag: answer.ETag, PartNumber: number });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.config.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key: key, UploadId })).catch(() => undefined);
      throw error;
    }
  }
}

export class S3Source extends S3Place implements BackupSource {
  read(relPath: string): Readable {
    const out = new PassThrough();
    const key = this.key(relPath);
    this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key })).then(
      (answer) => {
        const body = answer.Body as Readable | undefined;
        if (!body) {
          out.destroy(new Error(`${this.location}: ${relPath} is empty in the bucket.`));
          return;
        }
        body.on("error", (error) => out.destroy(error));
        body.pipe(out);
      },
      (error: unknown) => out.destroy(isMissing(error) ? new Error(`${this.location}: ${relPath} is missing.`) : explain(this.location, error)),
    );
    return out;
  }

  async has(relPath: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.key(relPath) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw explain(this.location, error);
    }
  }
}
