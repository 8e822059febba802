import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { isAppError, type AppError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES } from "@/lib/media/images";
import { updateMediaDetails, uploadImage } from "@/lib/media/mutations";
import { IMAGE_NOT_STORED } from "@/lib/media/sentences";
import { getMedia, getMediaSizes, listMedia, readMediaFile } from "@/lib/media/queries";
import { makeActor, unique } from "@/tests/integration/factories";

let dataDir = "";
let mediaDir = "";

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-media-it-"));
  mediaDir = path.join(dataDir, "media");
  process.env.NEWSDESK_DATA_DIR = dataDir;
  reloadEnv();
});

afterAll(() => {
  delete process.env.NEWSDESK_DATA_DIR;
  reloadEnv();
  rmSync(dataDir, { recursive: true, force: true });
});

function storedFiles(): string[] {
  try {
    return readdirSync(mediaDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(mediaDir, path.join(entry.parentPath, entry.name)))
      .sort();
  } catch {
    return [];
  }
}

/** A picture of its own: a random colour, so the library never takes it for an earlier upload. */
async function picture(format: "jpeg" | "png" | "webp", width: number, height: number): Promise<Uint8Array> {
  const channel = () => Math.floor(Math.random() * 256);
  const image = sharp({ create: { width, height, channels: 3, background: { r: channel(), g: channel(), b: channel() } } });
  return new Uint8Array(await image.toFormat(format).toBuffer());
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function expectNothingStoredBy(actor: Actor, action: () => Promise<unknown>) {
  const filesBefore = storedFiles();
  const error = await refusal(action());
  expect(await db.media.count({ where: { uploadedById: actor.id } })).toBe(0);
  expect(await db.auditLog.count({ where: { actorId: actor.id, action: "media.upload" } })).toBe(0);
  expect(storedFiles()).toEqual(filesBefore);
  return error;
}

describe("uploadImage", () => {
  it("stores a JPEG upright, without its EXIF and GPS tags, with WebP sizes never wider than the photo", async () => {
    const editor = await makeActor("EDITOR");
    // 2000 × 1000 as stored, but EXIF says "rotate 90°": upright it is 1000 × 2000.
    const jpeg = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: "#347" } })
      .jpeg()
      .withExif({
        IFD0: { Copyright: "Secret Agency", Artist: "Jo Bloggs", Make: "PhoneCo" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 3230/100", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 4020/100" },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();

    const item = await uploadImage(editor, {
      bytes: new Uint8Array(jpeg),
      filename: "harbour.jpg",
      alt: "  Waves breaking over the harbour wall  ",
      caption: "The storm on Tuesday night",
      credit: "Jo Bloggs / Newsdesk",
    });

    expect(item).toMatchObject({
      width: 1000,
      height: 2000,
      alt: "Waves breaking over the harbour wall",
      caption: "The storm on Tuesday night",
      credit: "Jo Bloggs / Newsdesk",
      url: `/media/${item.id}/1600`,
      canEdit: true,
    });
    expect(item.variants).toEqual([
      { width: 480, url: `/media/${item.id}/480` },
      { width: 960, url: `/media/${item.id}/960` },
      { width: 1000, url: `/media/${item.id}/1600` },
    ]);

    const row = await db.media.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ mimeType: "image/jpeg", width: 1000, height: 2000, uploadedById: editor.id, storageKey: `${item.id}/original.jpg` });
    const variants = row.variants as Array<{ width: number; key: string; bytes: number }>;
    expect(variants.map((variant) => variant.width)).toEqual([480, 960, 1000]);

    const original = readFileSync(path.join(mediaDir, row.storageKey));
    expect(row.bytes).toBe(original.byteLength);
    const originalMeta = await sharp(original).metadata();
    expect(originalMeta).toMatchObject({ format: "jpeg", width: 1000, height: 2000 });
    expect(originalMeta.exif).toBeUndefined();
    expect(originalMeta.orientation).toBeUndefined();
    expect(original.includes("Secret Agency")).toBe(false);
    expect(original.includes("PhoneCo")).toBe(false);

    for (const variant of variants) {
      const file = readFileSync(path.join(mediaDir, variant.key));
      expect(file.byteLength).toBe(variant.bytes);
      const meta = await sharp(file).metadata();
      expect(meta).toMatchObject({ format: "webp", width: variant.width, height: variant.width * 2 });
      expect(meta.exif).toBeUndefined();
    }

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: item.id, action: "media.upload" } });
    expect(audit).toMatchObject({ actorId: editor.id, entityType: "media" });
    expect(audit.data).toMatchObject({ filename: "harbour.jpg", mimeType: "image/jpeg", width: 1000, height: 2000 });
  });

  it("goes by the bytes: a PNG named .jpg is stored as a PNG, and a 700 px image gets 480 and 700", async () => {
    const reporter = await makeActor("REPORTER");
    const item = await uploadImage(reporter, { bytes: await picture("png", 700, 300), filename: "chart.jpg" });
    const row = await db.media.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.mimeType).toBe("image/png");
    expect(row.storageKey).toBe(`${item.id}/original.png`);
    expect(item.variants.map((variant) => variant.width)).toEqual([480, 700]);
    expect(item).toMatchObject({ alt: "", caption: "", credit: "" });
    expect(storedFiles().filter((file) => file.startsWith(item.id)).sort()).toEqual(
      [`${item.id}/original.png`, `${item.id}/w480.webp`, `${item.id}/w700.webp`].sort(),
    );
  });

  it("accepts a WebP and serves readers the sizes and the original", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture("webp", 1700, 900), filename: "crowd.webp" });
    expect(item.variants.map((variant) => variant.width)).toEqual([480, 960, 1600]);

    const small = await readMediaFile(item.id, 480);
    expect(small?.contentType).toBe("image/webp");
    expect((await sharp(small!.bytes).metadata()).width).toBe(480);
    const large = await readMediaFile(item.id, 1600);
    expect((await sharp(large!.bytes).metadata()).width).toBe(1600);
    const original = await readMediaFile(item.id, "original");
    expect(original?.contentType).toBe("image/webp");
    expect((await sharp(original!.bytes).metadata()).width).toBe(1700);

    expect(await readMediaFile(randomUUID(), 480)).toBeNull();
    expect(await readMediaFile("../../etc/passwd", 480)).toBeNull();

    const sizes = await getMediaSizes([item.id, item.id, randomUUID(), "not-an-id"]);
    expect([...sizes.keys()]).toEqual([item.id]);
    expect(sizes.get(item.id)).toEqual({ width: 1700, height: 900, variants: [{ width: 480 }, { width: 960 }, { width: 1600 }], version: 1, objectPosition: "50% 50%" });
  });

  it("keeps a picture whose file name has a NUL byte, recording the name without it; refuses a NUL byte in its alt text", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture("png", 600, 300), filename: "har\u0000bour\u0007.png", alt: "The harbour" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: item.id, action: "media.upload" } });
    expect(audit.data).toMatchObject({ filename: "harbour.png" });
    const other = await makeActor("EDITOR");
    const bytes = await picture("png", 600, 300);
    const error = await expectNothingStoredBy(other, () => uploadImage(other, { bytes, filename: "a.png", alt: "The\u0000 harbour" }));
    expect(error).toMatchObject({ code: "INVALID_INPUT", fieldErrors: { alt: ["The alt text contains a NUL character (U+0000): remove it and try again."] } });
  });

  it("refuses a text file named photo.jpg and stores nothing", async () => {
    const editor = await makeActor("EDITOR");
    const error = await expectNothingStoredBy(editor, () =>
      uploadImage(editor, { bytes: new TextEncoder().encode("Not a photo at all, just some words."), filename: "photo.jpg", alt: "A photo" }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/not a JPEG, PNG or WebP image/);
  });

  it("refuses a file with an image signature but no image behind it, and an empty file", async () => {
    const editor = await makeActor("EDITOR");
    const fake = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode("<script>alert(1)</script>")]);
    const error = await expectNothingStoredBy(editor, () => uploadImage(editor, { bytes: fake, filename: "x.jpg" }));
    expect(error.message).toMatch(/could not be read as an image/);
    const empty = await expectNothingStoredBy(editor, () => uploadImage(editor, { bytes: new Uint8Array(), filename: "x.png" }));
    expect(empty.message).toMatch(/empty/);
  });

  it("refuses a file over the size limit and stores nothing", async () => {
    const editor = await makeActor("EDITOR");
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(await picture("png", 10, 10));
    const error = await expectNothingStoredBy(editor, () => uploadImage(editor, { bytes: big, filename: "huge.png" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/too big.*10 MB/);
    expect(error.details).toMatchObject({ tooLarge: true });
  });

  it("refuses an image with too many pixels (a decompression bomb) and stores nothing", async () => {
    const editor = await makeActor("EDITOR");
    const wide = await picture("png", 12_001, 2);
    expect(wide.byteLength).toBeLessThan(MAX_UPLOAD_BYTES);
    const error = await expectNothingStoredBy(editor, () => uploadImage(editor, { bytes: wide, filename: "wide.png" }));
    expect(error.message).toMatch(/12001 × 2 pixels, too large/);
  });

  it("refuses readers, moderators and anonymous visitors, and stores nothing", async () => {
    const bytes = await picture("jpeg", 40, 30);
    const reader = await makeActor("READER");
    expect((await expectNothingStoredBy(reader, () => uploadImage(reader, { bytes, filename: "a.jpg" }))).code).toBe("FORBIDDEN");
    const moderator = await makeActor("MODERATOR");
    expect((await expectNothingStoredBy(moderator, () => uploadImage(moderator, { bytes, filename: "a.jpg" }))).code).toBe("FORBIDDEN");
    const filesBefore = storedFiles();
    expect((await refusal(uploadImage(null, { bytes, filename: "a.jpg" }))).code).toBe("UNAUTHENTICATED");
    expect(storedFiles()).toEqual(filesBefore);
  });

  it("removes the files it wrote when the database refuses the row", async () => {
    const editor = await makeActor("EDITOR");
    // An actor whose user no longer exists: the row's uploader reference fails inside the transaction.
    const ghost: Actor = { ...editor, id: randomUUID() };
    const filesBefore = storedFiles();
    const error = await uploadImage(ghost, { bytes: await picture("jpeg", 800, 600), filename: "ghost.jpg" }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(storedFiles()).toEqual(filesBefore);
    expect(await db.media.count({ where: { uploadedById: ghost.id } })).toBe(0);
  });

  it("refuses an upload the disk refuses: a clear error, no media row, and the next one goes in", async () => {
    const editor = await makeActor("EDITOR");
    const bytes = await picture("jpeg", 800, 600);
    // The media folder cannot be written (a file stands where it should be: refused even for root,
    // as a full or read-only disk would refuse).
    const aside = `${mediaDir}.aside`;
    mkdirSync(mediaDir, { recursive: true });
    renameSync(mediaDir, aside);
    writeFileSync(mediaDir, "not a folder");
    let error: AppError | null;
    try {
      error = await refusal(uploadImage(editor, { bytes, filename: "refused.jpg", alt: "Refused" }));
    } finally {
      rmSync(mediaDir);
      renameSync(aside, mediaDir);
    }
    expect(error).toMatchObject({ code: "INTERNAL", message: IMAGE_NOT_STORED });
    expect(await db.media.count({ where: { uploadedById: editor.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: editor.id, action: "media.upload" } })).toBe(0);

    const item = await uploadImage(editor, { bytes, filename: "refused.jpg", alt: "Refused" });
    expect(readdirSync(path.join(mediaDir, item.id)).length).toBeGreaterThan(1);
  });

  it("refuses details that are too long before storing anything", async () => {
    const editor = await makeActor("EDITOR");
    const error = await expectNothingStoredBy(editor, async () =>
      uploadImage(editor, { bytes: await picture("jpeg", 40, 30), filename: "a.jpg", caption: "x".repeat(501) }),
    );
    expect(error.fieldErrors?.caption?.[0]).toMatch(/500 characters/);
  });
});

describe("updateMediaDetails", () => {
  it("validates, trims, saves and audits the alt text, caption and credit", async () => {
    const reporter = await makeActor("REPORTER");
    const item = await uploadImage(reporter, { bytes: await picture("jpeg", 64, 48), filename: "a.jpg", caption: "Old caption" });

    const tooLong = await refusal(updateMediaDetails(reporter, item.id, { alt: "a".repeat(301), caption: "c".repeat(501), credit: "r".repeat(201) }));
    expect(tooLong.code).toBe("INVALID_INPUT");
    expect(Object.keys(tooLong.fieldErrors ?? {}).sort()).toEqual(["alt", "caption", "credit"]);
    expect((await refusal(updateMediaDetails(reporter, item.id, { alt: 42 }))).code).toBe("INVALID_INPUT");

    const updated = await updateMediaDetails(reporter, item.id, { alt: " A lifeboat at sea ", caption: "New caption ", credit: "RNLI" });
    expect(updated).toMatchObject({ id: item.id, alt: "A lifeboat at sea", caption: "New caption", credit: "RNLI" });
    expect(await db.media.findUniqueOrThrow({ where: { id: item.id }, select: { alt: true, caption: true, credit: true } })).toEqual({
      alt: "A lifeboat at sea",
      caption: "New caption",
      credit: "RNLI",
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: item.id, action: "media.update" } });
    expect(audit.actorId).toBe(reporter.id);
    expect(audit.data).toMatchObject({ caption: { from: "Old caption", to: "New caption" } });
  });

  it("lets the uploader and editors change details, but not another reporter or a reader", async () => {
    const uploader = await makeActor("REPORTER");
    const item = await uploadImage(uploader, { bytes: await picture("png", 64, 48), filename: "a.png" });
    const other = await makeActor("REPORTER");
    expect((await getMedia(other, item.id)).canEdit).toBe(false);
    expect((await refusal(updateMediaDetails(other, item.id, { alt: "Mine now" }))).code).toBe("FORBIDDEN");
    expect((await refusal(updateMediaDetails(await makeActor("READER"), item.id, { alt: "x" }))).code).toBe("FORBIDDEN");
    const editor = await makeActor("EDITOR");
    expect((await updateMediaDetails(editor, item.id, { alt: "Fixed by the desk" })).alt).toBe("Fixed by the desk");
    expect((await db.media.findUniqueOrThrow({ where: { id: item.id } })).alt).toBe("Fixed by the desk");
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    const editor = await makeActor("EDITOR");
    expect((await refusal(updateMediaDetails(editor, randomUUID(), { alt: "x" }))).code).toBe("NOT_FOUND");
    expect((await refusal(updateMediaDetails(editor, "not-an-id", { alt: "x" }))).code).toBe("NOT_FOUND");
    expect((await refusal(getMedia(editor, randomUUID()))).code).toBe("NOT_FOUND");
  });
});

describe("listMedia", () => {
  it("searches captions, alt text and credits, newest first, a page at a time", async () => {
    const editor = await makeActor("EDITOR");
    const tag = unique("Lighthouse").replace("-", "");
    const bytes = await picture("jpeg", 64, 48);
    const first = await uploadImage(editor, { bytes, filename: "1.jpg", duplicate: "keep", caption: `The ${tag} at dawn` });
    const second = await uploadImage(editor, { bytes, filename: "2.jpg", duplicate: "keep", alt: `A keeper climbs the ${tag.toLowerCase()}` });
    const third = await uploadImage(editor, { bytes, filename: "3.jpg", duplicate: "keep", credit: `${tag.toUpperCase()} Trust` });
    await uploadImage(editor, { bytes, filename: "4.jpg", duplicate: "keep", caption: "Something else entirely" });

    const all = await listMedia(editor, { query: tag });
    expect(all.items.map((item) => item.id)).toEqual([third.id, second.id, first.id]);
    expect(all.nextCursor).toBeNull();

    const page1 = await listMedia(editor, { query: tag, limit: 2 });
    expect(page1.items.map((item) => item.id)).toEqual([third.id, second.id]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await listMedia(editor, { query: tag, limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((item) => item.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();

    // Every word must match somewhere.
    expect((await listMedia(editor, { query: `${tag} dawn` })).items.map((item) => item.id)).toEqual([first.id]);
    expect((await listMedia(editor, { query: `${tag} nowhere-${tag}` })).items).toEqual([]);
    // Without a query, the newest come first.
    expect((await listMedia(editor, { limit: 1 })).items).toHaveLength(1);
  });

  it("treats % and _ in a search as plain characters", async () => {
    const editor = await makeActor("EDITOR");
    const tag = unique("pct").replace("-", "");
    const bytes = await picture("png", 32, 32);
    const percent = await uploadImage(editor, { bytes, filename: "p.png", duplicate: "keep", caption: `${tag} turnout 100% confirmed` });
    await uploadImage(editor, { bytes, filename: "q.png", duplicate: "keep", caption: `${tag} turnout 1000 confirmed` });
    const underscore = await uploadImage(editor, { bytes, filename: "u.png", duplicate: "keep", caption: `${tag} file_name` });
    await uploadImage(editor, { bytes, filename: "v.png", duplicate: "keep", caption: `${tag} fileXname` });

    expect((await listMedia(editor, { query: `${tag} 100%` })).items.map((item) => item.id)).toEqual([percent.id]);
    expect((await listMedia(editor, { query: `${tag} file_name` })).items.map((item) => item.id)).toEqual([underscore.id]);
    expect((await listMedia(editor, { query: `${tag} %` })).items.map((item) => item.id)).toEqual([percent.id]);
  });

  it("is for newsroom staff only and refuses a forged cursor", async () => {
    expect((await refusal(listMedia(await makeActor("READER")))).code).toBe("FORBIDDEN");
    expect((await refusal(listMedia(await makeActor("MODERATOR")))).code).toBe("FORBIDDEN");
    expect((await refusal(listMedia(null))).code).toBe("UNAUTHENTICATED");
    expect((await refusal(listMedia(await makeActor("REPORTER"), { cursor: "1' OR 1=1" }))).code).toBe("INVALID_INPUT");
  });
});
