import { mkdtempSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { FolderSource, FolderTarget, hashOf, safeRelPath } from "./target";
import { parseS3Url } from "./s3-target";

describe("backup folders", () => {
  it("keeps every file a manifest names inside the backup", () => {
    expect(safeRelPath("postgres/base/1/1259")).toBe("postgres/base/1/1259");
    for (const bad of ["../etc/passwd", "/etc/passwd", "media/../../x", ".."]) expect(() => safeRelPath(bad)).toThrow(/outside the backup/);
  });

  it("writes a file, hashing what it wrote, and reads the same hash back", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "backup-unit-"));
    try {
      const target = new FolderTarget(path.join(dir, "b"));
      await target.prepare();
      const written = await target.write("media/a/original.png", Readable.from([Buffer.from("hello")]));
      expect(written).toEqual({ path: "media/a/original.png", bytes: 5, sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" });
      expect(await hashOf(new FolderSource(path.join(dir, "b")), "media/a/original.png")).toEqual({ bytes: 5, sha256: written.sha256 });
      // A second backup never goes into the same folder.
      await expect(new FolderTarget(path.join(dir, "b")).prepare()).rejects.toThrow(/is not empty: a backup goes into a new or empty folder/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("parseS3Url", () => {
  it("splits s3://bucket/prefix, and leaves folders alone", () => {
    expect(parseS3Url("s3://newsdesk-backups/nightly/2026-12-07/")).toEqual({ bucket: "newsdesk-backups", prefix: "nightly/2026-12-07" });
    expect(parseS3Url("s3://newsdesk-backups")).toEqual({ bucket: "newsdesk-backups", prefix: "" });
    expect(parseS3Url("/srv/backups/one")).toBeNull();
  });

  it("refuses a bucket name S3 would refuse and a prefix that climbs", () => {
    expect(() => parseS3Url("s3://Bad_Bucket/x")).toThrow("is not a bucket name");
    expect(() => parseS3Url("s3://newsdesk-backups/a/../b")).toThrow("plain names");
  });
});

describe("FolderTarget.write", () => {
  it("records the bytes written, not the characters, for a stream of text", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "backup-text-"));
    try {
      const target = new FolderTarget(dir);
      const written = await target.write("rows.jsonl", Readable.from(['{"headline":"Café – “quoted”"}\n']));
      const onDisk = await fs.readFile(path.join(dir, "rows.jsonl"));
      expect(written.bytes).toBe(onDisk.length);
      expect(await hashOf(new FolderSource(dir), "rows.jsonl")).toEqual({ bytes: written.bytes, sha256: written.sha256 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
