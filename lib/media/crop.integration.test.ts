import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { isAppError } from "@/lib/errors";
import { storyTag } from "@/lib/cache/tags";
import { updateMediaCrop, updateMediaDetails, uploadImage } from "@/lib/media/mutations";
import { getMedia, getMediaSizes, parseStoredVariants, readMediaFile } from "@/lib/media/queries";
import { makeActor, makeStory } from "@/tests/integration/factories";

// Crop, focal point and duplicates, against the real database and real sharp.

let dataDir = "";

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-crop-it-"));
  process.env.NEWSDESK_DATA_DIR = dataDir;
  reloadEnv();
});

afterAll(() => {
  delete process.env.NEWSDESK_DATA_DIR;
  reloadEnv();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A picture of its own (a random colour), left half one colour and right half another. */
async function picture(width: number, height: number): Promise<Uint8Array> {
  const channel = () => Math.floor(Math.random() * 256);
  const left = await sharp({ create: { width: Math.floor(width / 2), height, channels: 3, background: { r: 255, g: 0, b: channel() } } }).png().toBuffer();
  const image = sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: channel() } } }).composite([{ input: left, left: 0, top: 0 }]);
  return new Uint8Array(await image.png().toBuffer());
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const mediaRow = (id: string) =>
  db.media.findUniqueOrThrow({
    where: { id },
    select: { cropX: true, cropY: true, cropWidth: true, cropHeight: true, focalX: true, focalY: true, version: true, variants: true },
  });

async function dimensions(bytes: Uint8Array | undefined) {
  const { width, height } = await sharp(bytes).metadata();
  return { width, height };
}

/** When the story's reader tag was last stamped (null: never). */
async function stampedAt(storyId: string): Promise<number | null> {
  const row = await db.cacheTag.findUnique({ where: { tag: storyTag(storyId) }, select: { revalidatedAt: true } });
  return row?.revalidatedAt.getTime() ?? null;
}

describe("reader pages showing an image", () => {
  it("are refreshed when its crop, focal point or details change: the stories with it as hero or in the body, published only", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture(1200, 800), filename: "shown.png", alt: "Shown" });
    const [asHero, inBody, draft, other] = await Promise.all([
      makeStory({ status: "PUBLISHED" }),
      makeStory({ status: "PUBLISHED" }),
      makeStory({ status: "DRAFT" }),
      makeStory({ status: "PUBLISHED" }),
    ]);
    const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Before." }] }, { type: "image", attrs: { src: item.url, mediaId: item.id, alt: "", caption: "", credit: "" } }] };
    await db.story.update({ where: { id: asHero.id }, data: { heroImageId: item.id } });
    await db.story.update({ where: { id: inBody.id }, data: { body } });
    await db.story.update({ where: { id: draft.id }, data: { heroImageId: item.id, body } });

    const before = Date.now() - 1000;
    await updateMediaCrop(editor, item.id, { crop: { x: 0, y: 0, width: 800, height: 800 }, focalX: 0.5, focalY: 0.5, version: 1 });
    await expect.poll(async () => [(await stampedAt(asHero.id)) ?? 0, (await stampedAt(inBody.id)) ?? 0].every((at) => at > before), { timeout: 10_000 }).toBe(true);
    expect(await stampedAt(draft.id)).toBeNull();
    expect(await stampedAt(other.id)).toBeNull();

    const cropped = (await stampedAt(inBody.id))!;
    await updateMediaDetails(editor, item.id, { alt: "A new description", caption: "", credit: "" });
    await expect.poll(async () => ((await stampedAt(inBody.id)) ?? 0) > cropped, { timeout: 10_000 }).toBe(true);
  });
});

describe("crop and focal point", () => {
  it("stores them with the image, and every size served is cut to the crop, under new URLs", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture(2000, 1000), filename: "wide.png", alt: "A wide picture" });
    expect(item).toMatchObject({ width: 2000, height: 1000, crop: null, focal: { x: 0.5, y: 0.5 }, version: 1, objectPosition: "50% 50%" });
    const oldKeys = parseStoredVariants((await mediaRow(item.id)).variants).map((variant) => variant.key);

    // A square from the left half, focal point on its centre.
    const cropped = await updateMediaCrop(editor, item.id, { crop: { x: 0, y: 0, width: 1000, height: 1000 }, focalX: 0.25, focalY: 0.5, version: 1 });
    expect(cropped).toMatchObject({ width: 1000, height: 1000, originalWidth: 2000, originalHeight: 1000, crop: { x: 0, y: 0, width: 1000, height: 1000 }, version: 2 });
    expect(cropped.objectPosition).toBe("50% 50%");
    expect(cropped.url).toBe(`/media/${item.id}/1600?v=2`);
    expect(cropped.variants.map((variant) => [variant.width, variant.url])).toEqual([
      [480, `/media/${item.id}/480?v=2`],
      [960, `/media/${item.id}/960?v=2`],
      [1000, `/media/${item.id}/1600?v=2`],
    ]);
    expect(await mediaRow(item.id)).toMatchObject({ cropX: 0, cropY: 0, cropWidth: 1000, cropHeight: 1000, focalX: 0.25, focalY: 0.5, version: 2 });

    // Every size is square now, and red (the left half), not the whole picture.
    for (const [width, expected] of [[480, 480], [960, 960], [1600, 1000]] as const) {
      const file = await readMediaFile(item.id, width, 2);
      expect(file?.current).toBe(true);
      expect(await dimensions(file?.bytes)).toEqual({ width: expected, height: expected });
      const { dominant } = await sharp(file?.bytes).stats();
      expect(dominant.r).toBeGreaterThan(200);
    }
    const original = await readMediaFile(item.id, "original", 2);
    expect(original?.contentType).toBe("image/png");
    expect(await dimensions(original?.bytes)).toEqual({ width: 1000, height: 1000 });
    // The uncropped picture stays, for the crop editor.
    expect(await dimensions((await readMediaFile(item.id, "full", 2))?.bytes)).toEqual({ width: 2000, height: 1000 });
    // An old URL gets today's picture, but not for caching forever.
    expect((await readMediaFile(item.id, 480, 1))?.current).toBe(false);

    // The old sizes' files are gone; readers' pages get the new size and version.
    for (const key of oldKeys) expect(existsSync(path.join(dataDir, "media", key))).toBe(false);
    expect((await getMediaSizes([item.id])).get(item.id)).toMatchObject({ width: 1000, height: 1000, version: 2, objectPosition: "50% 50%" });

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: item.id, action: "media.crop" }, select: { actorId: true, data: true } });
    expect(audit).toMatchObject({ actorId: editor.id, data: { crop: { from: null, to: { x: 0, y: 0, width: 1000, height: 1000 } } } });

    // Moving only the focal point keeps the sizes and their URLs.
    const moved = await updateMediaCrop(editor, item.id, { crop: cropped.crop, focalX: 0.1, focalY: 0.2 });
    expect(moved).toMatchObject({ version: 2, focal: { x: 0.1, y: 0.2 }, objectPosition: "20% 20%" });

    // Back to the whole picture: wide again, a new version again.
    const whole = await updateMediaCrop(editor, item.id, { crop: null, focalX: 0.5, focalY: 0.5 });
    expect(whole).toMatchObject({ width: 2000, height: 1000, crop: null, version: 3 });
    expect(await dimensions((await readMediaFile(item.id, 960, 3))?.bytes)).toEqual({ width: 960, height: 480 });
  });

  it("refuses a crop outside the picture, a focal point that is not a number, a stale version and an image that is gone, changing nothing", async () => {
    const editor = await makeActor("EDITOR");
    const item = await uploadImage(editor, { bytes: await picture(800, 600), filename: "a.png" });
    const before = await mediaRow(item.id);

    const outside = await refusal(updateMediaCrop(editor, item.id, { crop: { x: 500, y: 0, width: 400, height: 600 }, focalX: 0.5, focalY: 0.5 }));
    expect(outside).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("inside the picture, which is 800 × 600 pixels") });
    const negative = await refusal(updateMediaCrop(editor, item.id, { crop: { x: -10, y: 0, width: 100, height: 100 }, focalX: 0.5, focalY: 0.5 }));
    expect(negative.code).toBe("INVALID_INPUT");
    const empty = await refusal(updateMediaCrop(editor, item.id, { crop: { x: 0, y: 0, width: 0, height: 100 }, focalX: 0.5, focalY: 0.5 }));
    expect(empty.code).toBe("INVALID_INPUT");
    const notNumber = await refusal(updateMediaCrop(editor, item.id, { crop: null, focalX: "middle", focalY: 0.5 }));
    expect(notNumber).toMatchObject({ code: "INVALID_INPUT", fieldErrors: { focalX: ["Set the focal point on the picture: across and down are each from 0 to 100%."] } });
    expect((await refusal(updateMediaCrop(editor, item.id, { crop: null, focalX: 1.5, focalY: 0.5 }))).code).toBe("INVALID_INPUT");
    expect((await refusal(updateMediaCrop(editor, item.id, { crop: null, focalX: Number.NaN, focalY: 0.5 }))).code).toBe("INVALID_INPUT");
    expect((await refusal(updateMediaCrop(editor, item.id, { crop: null, focalX: 0.5, focalY: 0.5, version: 7 }))).code).toBe("CONFLICT");
    expect((await refusal(updateMediaCrop(editor, randomUUID(), { crop: null, focalX: 0.5, focalY: 0.5 }))).code).toBe("NOT_FOUND");
    expect((await refusal(updateMediaCrop(editor, "not-an-id", { crop: null, focalX: 0.5, focalY: 0.5 }))).code).toBe("NOT_FOUND");

    expect(await mediaRow(item.id)).toEqual(before);
    expect(await db.auditLog.count({ where: { entityId: item.id, action: "media.crop" } })).toBe(0);
  });

  it("lets the uploader and editors crop, and nobody else", async () => {
    const reporter = await makeActor("REPORTER");
    const item = await uploadImage(reporter, { bytes: await picture(400, 300), filename: "a.png" });
    const other = await makeActor("REPORTER");
    expect((await refusal(updateMediaCrop(other, item.id, { crop: null, focalX: 0.2, focalY: 0.2 }))).code).toBe("FORBIDDEN");
    expect((await refusal(updateMediaCrop(await makeActor("MODERATOR"), item.id, { crop: null, focalX: 0.2, focalY: 0.2 }))).code).toBe("FORBIDDEN");
    expect((await refusal(updateMediaCrop(null, item.id, { crop: null, focalX: 0.2, focalY: 0.2 }))).code).toBe("UNAUTHENTICATED");
    await expect(updateMediaCrop(reporter, item.id, { crop: null, focalX: 0.2, focalY: 0.2 })).resolves.toMatchObject({ focal: { x: 0.2, y: 0.2 } });
    await expect(updateMediaCrop(await makeActor("EDITOR"), item.id, { crop: null, focalX: 0.3, focalY: 0.3 })).resolves.toMatchObject({ focal: { x: 0.3, y: 0.3 } });
  });
});

describe("the same file uploaded twice", () => {
  it("is found by its hash and offered instead of a second copy; a copy is kept only when asked for", async () => {
    const editor = await makeActor("EDITOR");
    const bytes = await picture(640, 480);
    const first = await uploadImage(editor, { bytes, filename: "first.png", alt: "The first" });
    const stored = await db.media.findUniqueOrThrow({ where: { id: first.id }, select: { sha256: true } });
    expect(stored.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));

    const count = await db.media.count();
    const again = await refusal(uploadImage(await makeActor("REPORTER"), { bytes, filename: "again.png", alt: "Again" }));
    expect(again).toMatchObject({ code: "CONFLICT", message: "This image is already in the library: use it?" });
    expect(again.details?.existing).toMatchObject({ id: first.id, alt: "The first" });
    expect(await db.media.count()).toBe(count);

    const copy = await uploadImage(editor, { bytes, filename: "copy.png", duplicate: "keep" });
    expect(copy.id).not.toBe(first.id);
    expect(await db.media.count()).toBe(count + 1);
    // Still the first one that is offered.
    expect((await refusal(uploadImage(editor, { bytes, filename: "third.png" }))).details?.existing).toMatchObject({ id: first.id });
    expect(await getMedia(editor, first.id)).toMatchObject({ id: first.id });
  });
});
