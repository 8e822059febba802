// Adding to and changing the media library. An upload is checked from its bytes (type, size,
// pixel count) before anything is stored, and if the database refuses the row, the files just
// written are removed again: a refused upload leaves nothing behind.

import "server-only";

import { createHash, randomUUID } from "node:crypto";
import path from "node:path";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateStoriesShowingMedia } from "@/lib/cache/invalidate";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { makeVariants, MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, processImage, type CropBox } from "@/lib/media/images";
import { canEditMedia, cropOf, mediaSelect, parseStoredVariants, toMediaItem, type MediaItem, type StoredVariant } from "@/lib/media/queries";
import { mediaCropSchema, mediaDetailsSchema, type MediaDetails } from "@/lib/media/schemas";
import { IMAGE_EXTENSIONS, sniffImageType } from "@/lib/media/sniff";
import { getMediaStore, type MediaStore } from "@/lib/media/storage";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { ALREADY_IN_LIBRARY, CHOOSE_AN_IMAGE_FILE, CROP_CHANGED_MEANWHILE, IMAGE_NOT_FOUND, IMAGE_NOT_STORED, STAFF_ONLY_UPLOAD } from "@/lib/media/sentences";

export interface UploadImageInput {
  bytes: Uint8Array;
  /** Only recorded in the audit log: the type comes from the bytes, never from the name. */
  filename: string;
  alt?: string;
  caption?: string;
  credit?: string;
  /**
   * What to do when the very same file is already in the library: "offer" (the default) refuses
   * with CONFLICT and the existing image in `details.existing`; "keep" stores a second copy.
   */
  duplicate?: "offer" | "keep";
}

function parseDetails(input: unknown): MediaDetails {
  return parseInput(mediaDetailsSchema, input);
}

/** The refusal for a file over the limit; `details.tooLarge` lets the upload route answer 413. */
export function tooLargeError(): AppError {
  return new AppError("INVALID_INPUT", `That file is too big: images can be at most ${MAX_UPLOAD_LABEL}.`, {
    details: { tooLarge: true, limitBytes: MAX_UPLOAD_BYTES },
  });
}

/** Store one file; a disk or bucket that refuses it becomes a clear refusal (the caller removes what went in). */
async function putFile(store: MediaStore, key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  try {
    await store.put(key, bytes, contentType);
  } catch (error) {
    console.error(`Media storage refused ${key}:`, error);
    throw new AppError("INTERNAL", IMAGE_NOT_STORED);
  }
}

export async function uploadImage(actor: Actor | null, input: UploadImageInput): Promise<MediaItem> {
  const uploader = assertCan(actor, "story.editOwn", STAFF_ONLY_UPLOAD);
  if (!(input.bytes instanceof Uint8Array)) throw new AppError("INVALID_INPUT", CHOOSE_AN_IMAGE_FILE);
  const details = parseDetails({ alt: input.alt ?? "", caption: input.caption ?? "", credit: input.credit ?? "" });
  const { bytes } = input;
  if (bytes.byteLength === 0) throw new AppError("INVALID_INPUT", "That file is empty. Choose an image file to upload.");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLargeError();
  const mimeType = sniffImageType(bytes);
  if (!mimeType) throw new AppError("INVALID_INPUT", "That file is not a JPEG, PNG or WebP image. Choose a photo or graphic in one of those formats.");
  // The same bytes as an image already in the library: offered instead of a second copy.
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (input.duplicate !== "keep") {
    const existing = await db.media.findFirst({ where: { sha256 }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: mediaSelect });
    if (existing) {
      throw new AppError("CONFLICT", ALREADY_IN_LIBRARY, { details: { duplicate: true, existing: toMediaItem(existing, uploader) } });
    }
  }
  const image = await processImage(bytes, mimeType);

  const id = randomUUID();
  const store = getMediaStore();
  const storageKey = `${id}/original.${IMAGE_EXTENSIONS[mimeType]}`;
  const attempted: string[] = [];
  try {
    attempted.push(storageKey);
    await putFile(store, storageKey, image.original, mimeType);
    const variants: StoredVariant[] = [];
    for (const variant of image.variants) {
      const key = `${id}/w${variant.width}.webp`;
      attempted.push(key);
      await putFile(store, key, variant.bytes, "image/webp");
      variants.push({ width: variant.width, key, bytes: variant.bytes.byteLength });
    }
    const row = await db.$transaction(async (tx) => {
      const created = await tx.media.create({
        data: {
          id,
          storageKey,
          mimeType,
          width: image.width,
          height: image.height,
          bytes: image.original.byteLength,
          variants: variants as unknown as Prisma.InputJsonValue,
          sha256,
          ...details,
          uploadedById: uploader.id,
        },
        select: mediaSelect,
      });
      await recordAudit(tx, {
        actorId: uploader.id,
        action: "media.upload",
        entityType: "media",
        entityId: id,
        data: {
          // The file's own name, which nobody typed here: control characters (a NUL is refused in
          // jsonb) and broken characters are dropped rather than refusing the picture.
          filename: path
            .basename(String(input.filename ?? ""))
            .replace(/[\p{Cc}]/gu, "")
            .toWellFormed()
            .slice(0, 255),
          mimeType,
          bytes: bytes.byteLength,
          width: image.width,
          height: image.height,
          sha256,
          ...(input.duplicate === "keep" ? { duplicateKept: true } : {}),
        },
      });
      return created;
    });
    return toMediaItem(row, uploader);
  } catch (error) {
    await Promise.allSettled(attempted.map((key) => store.delete(key)));
    throw error;
  }
}

export async function updateMediaDetails(actor: Actor | null, id: string, input: unknown): Promise<MediaItem> {
  const editor = assertCan(actor, "story.editOwn", "Only newsroom staff can change image details.");
  if (!isUuid(id)) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
  const details = parseDetails(input);
  const { item, changed } = await db.$transaction(async (tx) => {
    const current = await tx.media.findUnique({ where: { id }, select: { id: true, uploadedById: true, alt: true, caption: true, credit: true } });
    if (!current) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
    if (!canEditMedia(editor, current.uploadedById)) {
      throw new AppError("FORBIDDEN", "Only the person who uploaded this image, or an editor, can change its details.");
    }
    const row = await tx.media.update({ where: { id: current.id }, data: details, select: mediaSelect });
    const changed = (["alt", "caption", "credit"] as const).filter((field) => current[field] !== details[field]);
    await recordAudit(tx, {
      actorId: editor.id,
      action: "media.update",
      entityType: "media",
      entityId: current.id,
      data: Object.fromEntries(changed.map((field) => [field, { from: current[field], to: details[field] }])),
    });
    return { item: toMediaItem(row, editor), changed };
  });
  // Reader pages show the library's alt text, caption and credit where a story gives none.
  if (changed.length > 0) void invalidateStoriesShowingMedia(id);
  return item;
}

const CROP_NOT_ON_PICTURE = (width: number, height: number) =>
  `The crop must lie inside the picture, which is ${width} × ${height} pixels: keep left + width to at most ${width} and top + height to at most ${height}.`;

/**
 * Sets an image's crop and focal point. The WebP sizes are made again from the stored original, cut
 * to the crop, under new keys; the row then takes the new sizes and the next version (which is in
 * every URL, so no cache serves the old crop), and the old files go. Refused, nothing changes.
 */
export async function updateMediaCrop(actor: Actor | null, id: string, input: unknown): Promise<MediaItem> {
  const editor = assertCan(actor, "story.editOwn", "Only newsroom staff can crop images.");
  if (!isUuid(id)) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
  const data = parseInput(mediaCropSchema, input);
  const current = await db.media.findUnique({
    where: { id },
    select: { id: true, uploadedById: true, storageKey: true, width: true, height: true, variants: true, version: true, cropX: true, cropY: true, cropWidth: true, cropHeight: true, focalX: true, focalY: true },
  });
  if (!current) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
  if (!canEditMedia(editor, current.uploadedById)) {
    throw new AppError("FORBIDDEN", "Only the person who uploaded this image, or an editor, can crop it.");
  }
  if (data.version !== undefined && data.version !== current.version) throw new AppError("CONFLICT", CROP_CHANGED_MEANWHILE);
  const crop = data.crop;
  if (crop && (crop.x + crop.width > current.width || crop.y + crop.height > current.height)) {
    const message = CROP_NOT_ON_PICTURE(current.width, current.height);
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { crop: [message] } });
  }
  // A crop of the whole picture is no crop.
  const stored: CropBox | null = crop && (crop.width !== current.width || crop.height !== current.height) ? crop : null;
  const before = cropOf(current);
  const cropChanged = JSON.stringify(before) !== JSON.stringify(stored);

  const store = getMediaStore();
  const written: string[] = [];
  let variants: StoredVariant[] | null = null;
  try {
    if (cropChanged) {
      const original = await store.get(current.storageKey);
      if (!original) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
      const made = await makeVariants(original.bytes, stored);
      // New keys for the new crop: the old files keep answering until the row points elsewhere.
      const prefix = randomUUID().slice(0, 8);
      variants = [];
      for (const variant of made) {
        const key = `${id}/${prefix}-w${variant.width}.webp`;
        written.push(key);
        await putFile(store, key, variant.bytes, "image/webp");
        variants.push({ width: variant.width, key, bytes: variant.bytes.byteLength });
      }
    }
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.media.updateMany({
        where: { id, version: current.version },
        data: {
          cropX: stored?.x ?? null,
          cropY: stored?.y ?? null,
          cropWidth: stored?.width ?? null,
          cropHeight: stored?.height ?? null,
          focalX: data.focalX,
          focalY: data.focalY,
          ...(variants ? { variants: variants as unknown as Prisma.InputJsonValue, version: current.version + 1 } : {}),
        },
      });
      if (updated.count === 0) throw new AppError("CONFLICT", CROP_CHANGED_MEANWHILE);
      await recordAudit(tx, {
        actorId: editor.id,
        action: "media.crop",
        entityType: "media",
        entityId: id,
        data: {
          crop: { from: before ? { ...before } : null, to: stored ? { ...stored } : null },
          focal: { from: { x: current.focalX, y: current.focalY }, to: { x: data.focalX, y: data.focalY } },
        },
      });
      return tx.media.findUniqueOrThrow({ where: { id }, select: mediaSelect });
    });
    if (variants) {
      // The old sizes are no longer named by the row: remove them (a failure leaves only a stray file).
      const keep = new Set(variants.map((variant) => variant.key));
      await Promise.allSettled(parseStoredVariants(current.variants).filter((old) => !keep.has(old.key)).map((old) => store.delete(old.key)));
    }
    // Reader pages name the version in every size's URL and place the focal point: they follow.
    if (cropChanged || current.focalX !== data.focalX || current.focalY !== data.focalY) void invalidateStoriesShowingMedia(id);
    return toMediaItem(row, editor);
  } catch (error) {
    await Promise.allSettled(written.map((key) => store.delete(key)));
    throw error;
  }
}
