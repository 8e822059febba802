// Adding to and changing the media library. An upload is checked from its bytes (type, size,
// pixel count) before anything is stored, and if the database refuses the row, the files just
// written are removed again: a refused upload leaves nothing behind.

import "server-only";

import { randomUUID } from "node:crypto";
import path from "node:path";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, processImage } from "@/lib/media/images";
import { canEditMedia, mediaSelect, toMediaItem, type MediaItem, type StoredVariant } from "@/lib/media/queries";
import { mediaDetailsSchema, type MediaDetails } from "@/lib/media/schemas";
import { IMAGE_EXTENSIONS, sniffImageType } from "@/lib/media/sniff";
import { getMediaStore } from "@/lib/media/storage";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { STAFF_ONLY_UPLOAD, CHOOSE_AN_IMAGE_FILE, IMAGE_NOT_FOUND } from "@/lib/media/sentences";

export interface UploadImageInput {
  bytes: Uint8Array;
  /** Only recorded in the audit log: the type comes from the bytes, never from the name. */
  filename: string;
  alt?: string;
  caption?: string;
  credit?: string;
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

export async function uploadImage(actor: Actor | null, input: UploadImageInput): Promise<MediaItem> {
  const uploader = assertCan(actor, "story.editOwn", STAFF_ONLY_UPLOAD);
  if (!(input.bytes instanceof Uint8Array)) throw new AppError("INVALID_INPUT", CHOOSE_AN_IMAGE_FILE);
  const details = parseDetails({ alt: input.alt ?? "", caption: input.caption ?? "", credit: input.credit ?? "" });
  const { bytes } = input;
  if (bytes.byteLength === 0) throw new AppError("INVALID_INPUT", "That file is empty. Choose an image file to upload.");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLargeError();
  const mimeType = sniffImageType(bytes);
  if (!mimeType) throw new AppError("INVALID_INPUT", "That file is not a JPEG, PNG or WebP image. Choose a photo or graphic in one of those formats.");
  const image = await processImage(bytes, mimeType);

  const id = randomUUID();
  const store = getMediaStore();
  const storageKey = `${id}/original.${IMAGE_EXTENSIONS[mimeType]}`;
  const attempted: string[] = [];
  try {
    attempted.push(storageKey);
    await store.put(storageKey, image.original, mimeType);
    const variants: StoredVariant[] = [];
    for (const variant of image.variants) {
      const key = `${id}/w${variant.width}.webp`;
      attempted.push(key);
      await store.put(key, variant.bytes, "image/webp");
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
  return db.$transaction(async (tx) => {
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
    return toMediaItem(row, editor);
  });
}
