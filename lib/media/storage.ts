// Where image files live. The newsroom only ever talks to a MediaStore: files on the local disk
// (the default) or, when MEDIA_S3_BUCKET is set, objects in an S3-compatible bucket. Keys are
// always made by us: "<media id>/<name>.<jpg|png|webp>".

import { env } from "@/lib/env.mjs";
import { LocalDiskStore, mediaDirectory } from "@/lib/media/local-disk-store";
import { S3Store, type S3StoreConfig } from "@/lib/media/s3-store";

/** A stored file read as it arrives, for serving without holding it all in memory. */
export interface StoredFileStream {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** Its length in bytes, when the store knows it. */
  size: number | null;
}

export interface MediaStore {
  /** Store the bytes under the key, all of them or none. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes and type stored under the key, or null when there are none. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** The same, streamed. */
  stream(key: string): Promise<StoredFileStream | null>;
  /** Remove the key; removing a key that is not there is no error. */
  delete(key: string): Promise<void>;
}

const stores = new Map<string, MediaStore>();

/** The bucket settings when MEDIA_S3_BUCKET is set, else null (the local disk). */
export function s3ConfigFromEnv(): S3StoreConfig | null {
  if (!env.MEDIA_S3_BUCKET) return null;
  return {
    bucket: env.MEDIA_S3_BUCKET,
    region: env.MEDIA_S3_REGION,
    endpoint: env.MEDIA_S3_ENDPOINT,
    accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID,
    secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.MEDIA_S3_FORCE_PATH_STYLE,
  };
}

/**
 * Where readers can fetch a stored key straight from the bucket or its CDN (MEDIA_PUBLIC_BASE_URL
 * with the S3 store), or null: then the app serves it at /media/<id>/<width>.
 */
export function mediaPublicUrl(key: string): string | null {
  const store = getMediaStore();
  return store instanceof S3Store && env.MEDIA_PUBLIC_BASE_URL ? store.publicUrl(key, env.MEDIA_PUBLIC_BASE_URL) : null;
}

/** The store this newsroom uses: the bucket when MEDIA_S3_BUCKET is set, else <data folder>/media. */
export function getMediaStore(): MediaStore {
  const s3 = s3ConfigFromEnv();
  if (s3) {
    // One per configuration: tests point the variables at servers of their own.
    const name = `s3:${JSON.stringify(s3)}`;
    let store = stores.get(name);
    if (!store) {
      store = new S3Store(s3);
      stores.set(name, store);
    }
    return store;
  }
  // One per folder: tests point NEWSDESK_DATA_DIR at a temporary folder of their own.
  const directory = mediaDirectory();
  let store = stores.get(directory);
  if (!store) {
    store = new LocalDiskStore(directory);
    stores.set(directory, store);
  }
  return store;
}
