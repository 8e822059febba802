// Media files on the local disk, under <NEWSDESK_DATA_DIR or <repo>/.data>/media/<media id>/.
// Each file is written to a temporary name and renamed into place, so a crash mid-write never
// leaves half an image under a real key.

import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import { env } from "@/lib/env.mjs";
import type { MediaStore, StoredFileStream } from "@/lib/media/storage";
import { UUID_PATTERN } from "@/lib/validation/uuid";

// "<uuid>/<name>.<ext>": lower-case, no dots or slashes in the name, so a key can never climb out
// of the media folder or name a hidden or temporary file.
const KEY = new RegExp(`^${UUID_PATTERN}/[a-z0-9]+(?:-[a-z0-9]+)*\\.(?:jpg|png|webp)$`);

export function isValidMediaKey(key: string): boolean {
  return KEY.test(key);
}

const CONTENT_TYPES: Record<string, string> = { ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp" };

/** <data folder>/media: the same data folder the embedded database and the auth secret use. */
export function mediaDirectory(): string {
  const dataDir = env.NEWSDESK_DATA_DIR ?? path.join(process.cwd(), ".data");
  return path.resolve(dataDir, "media");
}

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error.code === "ENOENT" || error.code === "ENOTDIR");
}

export class LocalDiskStore implements MediaStore {
  constructor(private readonly root: string) {}

  private pathFor(key: string): string {
    if (!isValidMediaKey(key)) throw new Error(`Refusing media key ${JSON.stringify(key)}: keys are "<uuid>/<name>.<jpg|png|webp>".`);
    const file = path.resolve(this.root, ...key.split("/"));
    // The key pattern already rules it out; this keeps a future pattern change from opening the disk.
    if (!file.startsWith(this.root + path.sep)) throw new Error(`Media key ${JSON.stringify(key)} leaves the media folder.`);
    return file;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const file = this.pathFor(key);
    // The type is kept in the name: it must agree with what the caller says the bytes are.
    if (CONTENT_TYPES[path.extname(file)] !== contentType) {
      throw new Error(`Media key ${JSON.stringify(key)} does not match content type ${contentType}.`);
    }
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      const handle = await open(temporary, "wx", 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    const file = this.pathFor(key);
    try {
      const bytes = await readFile(file);
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async stream(key: string): Promise<StoredFileStream | null> {
    const file = this.pathFor(key);
    try {
      const handle = await open(file, "r");
      try {
        const { size } = await handle.stat();
        // The stream closes the file when it ends or is cancelled.
        const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
        return { body, contentType: CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream", size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    await rm(file, { force: true });
    // The image's folder goes with its last file; another file still in it keeps it.
    await rmdir(path.dirname(file)).catch(() => undefined);
  }
}
