// Where a backup's files go and come back from. `npm run backup` writes through a BackupTarget and
// `npm run restore` reads through a BackupSource, so another kind of storage (an S3 bucket, once
// the S3 media store lands) is one more pair of classes beside the folder ones below; nothing
// else in scripts/lib/backup knows where the files live.

import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** A file as written: its size and SHA-256, for the manifest. */
export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupTarget {
  /** Where the backup goes, for messages. */
  readonly location: string;
  /** Refuses (throws) when something is there already: a backup never overwrites another. */
  prepare(): Promise<void>;
  /** Writes one file (`relPath` uses "/"), hashing what was written. */
  write(relPath: string, body: Readable): Promise<WrittenFile>;
}

export interface BackupSource {
  readonly location: string;
  /** One file of the backup, or throws when it is missing. */
  read(relPath: string): Readable;
  /** Whether the file is there. */
  has(relPath: string): Promise<boolean>;
}

/** Checks that `relPath` stays inside the backup (a manifest names files; it must not name /etc/passwd). */
export function safeRelPath(relPath: string): string {
  const normal = path.posix.normalize(relPath);
  if (normal.startsWith("../") || normal === ".." || path.posix.isAbsolute(normal) || normal.includes("\0")) {
    throw new Error(`A backup file outside the backup: ${relPath}`);
  }
  return normal;
}

export class FolderTarget implements BackupTarget {
  constructor(readonly location: string) {}

  async prepare(): Promise<void> {
    const entries = await fs.readdir(this.location).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    if (entries.length > 0) throw new Error(`${this.location} is not empty: a backup goes into a new or empty folder.`);
    await fs.mkdir(this.location, { recursive: true, mode: 0o700 });
  }

  async write(relPath: string, body: Readable): Promise<WrittenFile> {
    const file = path.join(this.location, safeRelPath(relPath));
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const hash = createHash("sha256");
    let bytes = 0;
    body.on("data", (chunk: Buffer | string) => {
      // A stream of strings (the logical export's lines) is written as UTF-8: count its bytes, not
      // its characters, or any non-ASCII text made the manifest's size wrong and the backup unrestorable.
      const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      hash.update(data);
      bytes += data.length;
    });
    await pipeline(body, createWriteStream(file, { mode: 0o600 }));
    return { path: relPath, bytes, sha256: hash.digest("hex") };
  }
}

export class FolderSource implements BackupSource {
  constructor(readonly location: string) {}

  read(relPath: string): Readable {
    return createReadStream(path.join(this.location, safeRelPath(relPath)));
  }

  async has(relPath: string): Promise<boolean> {
    return fs
      .stat(path.join(this.location, safeRelPath(relPath)))
      .then((stat) => stat.isFile())
      .catch(() => false);
  }
}

/** The SHA-256 and size of one file of a backup, as read back. */
export async function hashOf(source: BackupSource, relPath: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of source.read(relPath) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest("hex") };
}
