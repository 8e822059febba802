// Media files in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Ceph), under the same keys
// as on the local disk: "<media id>/<name>.<ext>". S3 stores an object whole or not at all, and
// every put carries its MD5 (Content-MD5), so the service refuses bytes that arrive damaged.

import { createHash } from "node:crypto";

import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

import { isValidMediaKey } from "@/lib/media/local-disk-store";
import type { MediaStore, StoredFileStream } from "@/lib/media/storage";

export interface S3StoreConfig {
  bucket: string;
  region: string;
  /** For anything but AWS itself: R2's, MinIO's or a test server's address. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bucket in the path (http://host/bucket/key) instead of the host name: MinIO and most local servers. */
  forcePathStyle?: boolean;
}

/** A key's objects never change (a new crop gets new keys), so caches may keep them for good. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

export function s3ClientFor(config: S3StoreConfig): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
    // Content-MD5 is the integrity check every S3-compatible service knows; the SDK's newer
    // default checksums are not understood by all of them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function isMissing(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

function checkedKey(key: string): string {
  if (!isValidMediaKey(key)) throw new Error(`Refusing media key ${JSON.stringify(key)}: keys are "<uuid>/<name>.<jpg|png|webp>".`);
  return key;
}

export class S3Store implements MediaStore {
  readonly client: S3Client;

  constructor(readonly config: S3StoreConfig) {
    this.client = s3ClientFor(config);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: checkedKey(key),
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.byteLength,
        ContentMD5: createHash("md5").update(bytes).digest("base64"),
        CacheControl: IMMUTABLE,
      }),
    );
  }

  async get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    const file = await this.stream(key);
    if (!file) return null;
    return { bytes: new Uint8Array(await new Response(file.body).arrayBuffer()), contentType: file.contentType };
  }

  async stream(key: string): Promise<StoredFileStream | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: checkedKey(key) }));
      if (!answer.Body) return null;
      return {
        body: answer.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        contentType: answer.ContentType ?? "application/octet-stream",
        size: answer.ContentLength ?? null,
      };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers a delete of a missing key with success, as the interface asks.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: checkedKey(key) }));
  }

  /** Where readers fetch the key straight, when the bucket is public or behind a CDN. */
  publicUrl(key: string, base: string): string {
    return `${base}/${checkedKey(key)}`;
  }
}
