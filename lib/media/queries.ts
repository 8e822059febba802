// Reading the media library. Staff who write stories browse and search it; readers only ever get
// image files, by id and width, through readMediaFile.

import "server-only";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { cropOriginal, type CropBox } from "@/lib/media/images";
import type { ImageMime } from "@/lib/media/sniff";
import { focalObjectPosition, listMediaSchema, type ListMediaInput } from "@/lib/media/schemas";
import { getMediaStore, mediaPublicUrl } from "@/lib/media/storage";
import { mediaUrl, pickVariant, variantUrls, type MediaWidth } from "@/lib/media/urls";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { IMAGE_NOT_FOUND, STAFF_ONLY_MEDIA } from "@/lib/media/sentences";

export interface MediaItem {
  id: string;
  /** The largest responsive size (WebP, at most 1600 px wide). */
  url: string;
  /** The size readers get: the crop's, or the whole picture's. */
  width: number;
  height: number;
  /** The picture as uploaded, uncropped, and its size: what the crop editor shows. */
  fullUrl: string;
  originalWidth: number;
  originalHeight: number;
  /** Pixels of the upright original; null for the whole picture. */
  crop: CropBox | null;
  /** Fractions (0-1) of the original's width and height. */
  focal: { x: number; y: number };
  /** The focal point as a CSS object-position inside the crop, for places CSS crops the picture. */
  objectPosition: string;
  /** Goes up with every crop change; every URL above carries it. */
  version: number;
  alt: string;
  caption: string;
  credit: string;
  /** The responsive sizes, narrowest first, each with the URL that serves it. */
  variants: Array<{ width: number; url: string }>;
  /** Whether the acting person may change the alt text, caption and credit. */
  canEdit: boolean;
}

export interface MediaPage {
  items: MediaItem[];
  /** Pass back as `cursor` for the next, older page; null on the last page. */
  nextCursor: string | null;
}

export const mediaSelect = {
  id: true,
  width: true,
  height: true,
  variants: true,
  alt: true,
  caption: true,
  credit: true,
  uploadedById: true,
  createdAt: true,
  cropX: true,
  cropY: true,
  cropWidth: true,
  cropHeight: true,
  focalX: true,
  focalY: true,
  version: true,
} as const satisfies Prisma.MediaSelect;

interface CropColumns {
  cropX: number | null;
  cropY: number | null;
  cropWidth: number | null;
  cropHeight: number | null;
}

/** The stored crop, or null for the whole picture. */
export function cropOf(row: CropColumns): CropBox | null {
  if (row.cropX === null || row.cropY === null || row.cropWidth === null || row.cropHeight === null) return null;
  return { x: row.cropX, y: row.cropY, width: row.cropWidth, height: row.cropHeight };
}

/** The size readers get: the crop's, or the whole picture's. */
export function servedSize(row: CropColumns & { width: number; height: number }): { width: number; height: number } {
  const crop = cropOf(row);
  return crop ? { width: crop.width, height: crop.height } : { width: row.width, height: row.height };
}

type MediaRow = Prisma.MediaGetPayload<{ select: typeof mediaSelect }>;

const storedVariantsSchema = z.array(z.object({ width: z.number().int().positive(), key: z.string(), bytes: z.number().int().nonnegative() }));
export type StoredVariant = z.infer<typeof storedVariantsSchema>[number];

/** The variants column, read defensively: a malformed value means no variants, not a crash. */
export function parseStoredVariants(value: unknown): StoredVariant[] {
  const parsed = storedVariantsSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** The uploader may change an image's details; editors may change anyone's. */
export function canEditMedia(actor: Actor, uploadedById: string | null): boolean {
  return can(actor.role, "story.editAny") || (uploadedById !== null && uploadedById === actor.id && can(actor.role, "story.editOwn"));
}

export function toMediaItem(row: MediaRow, actor: Actor): MediaItem {
  const crop = cropOf(row);
  const focal = { x: row.focalX, y: row.focalY };
  return {
    id: row.id,
    url: mediaUrl(row.id, 1600, row.version),
    ...servedSize(row),
    fullUrl: mediaUrl(row.id, "full", row.version),
    originalWidth: row.width,
    originalHeight: row.height,
    crop,
    focal,
    objectPosition: focalObjectPosition(row, crop, focal),
    version: row.version,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    variants: variantUrls(row.id, parseStoredVariants(row.variants), row.version),
    canEdit: canEditMedia(actor, row.uploadedById),
  };
}

/** LIKE treats % and _ as wildcards and \ as the escape: a search for "100%" means those four characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return `${row.createdAt.getTime()}.${row.id}`;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [time = "", id = ""] = cursor.split(".");
  return { createdAt: new Date(Number(time)), id };
}

/** The library, newest first, optionally searched by words in the caption, alt text or credit. */
export async function listMedia(actor: Actor | null, input: ListMediaInput = {}): Promise<MediaPage> {
  const viewer = assertCan(actor, "story.editOwn", STAFF_ONLY_MEDIA);
  const { query, cursor, limit } = parseInput(listMediaSchema, input);

  // Every word must appear somewhere: "harbour storm" finds a caption with one and a credit with the other.
  const words = query.split(/\s+/).filter(Boolean).slice(0, 8);
  const where: Prisma.MediaWhereInput[] = words.map((word) => {
    const contains = { contains: escapeLike(word), mode: "insensitive" } as const;
    return { OR: [{ caption: contains }, { alt: contains }, { credit: contains }] };
  });
  if (cursor) {
    const after = decodeCursor(cursor);
    where.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  }

  const rows = await db.media.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: mediaSelect,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toMediaItem(row, viewer)),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export async function getMedia(actor: Actor | null, id: string): Promise<MediaItem> {
  const viewer = assertCan(actor, "story.editOwn", STAFF_ONLY_MEDIA);
  if (!isUuid(id)) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
  const row = await db.media.findUnique({ where: { id }, select: mediaSelect });
  if (!row) throw new AppError("NOT_FOUND", IMAGE_NOT_FOUND);
  return toMediaItem(row, viewer);
}

export interface MediaSizes {
  /** The size readers get (the crop's when there is one). */
  width: number;
  height: number;
  /** The stored responsive widths, for mediaSrcSet(id, variants, version). */
  variants: Array<{ width: number }>;
  /** For mediaUrl/mediaSrcSet: new with every crop change. */
  version: number;
  /** The focal point as a CSS object-position, for places CSS crops the picture further. */
  objectPosition: string;
}

/**
 * For readers (no actor): the dimensions and responsive widths of the images a story shows, in one
 * query, so the renderer can write width, height and srcset. Unknown or malformed ids are left out.
 */
export async function getMediaSizes(ids: readonly string[]): Promise<Map<string, MediaSizes>> {
  const valid = [...new Set(ids)].filter((id) => isUuid(id)).slice(0, 200);
  if (valid.length === 0) return new Map();
  const rows = await db.media.findMany({
    where: { id: { in: valid } },
    select: { id: true, width: true, height: true, variants: true, version: true, cropX: true, cropY: true, cropWidth: true, cropHeight: true, focalX: true, focalY: true },
  });
  return new Map(rows.map((row) => [row.id, toMediaSizes(row)]));
}

/** The columns toMediaSizes reads. */
export type MediaSizesRow = CropColumns & { width: number; height: number; variants: unknown; version: number; focalX: number; focalY: number };

/** What readers need of an image row to show it at its sizes (getMediaSizes, and the story page's own statement). */
export function toMediaSizes(row: MediaSizesRow): MediaSizes {
  return {
    ...servedSize(row),
    variants: parseStoredVariants(row.variants).map((variant) => ({ width: variant.width })),
    version: row.version,
    objectPosition: focalObjectPosition(row, cropOf(row), { x: row.focalX, y: row.focalY }),
  };
}

/** Which stored key answers /media/<id>/<width>?v=<version>, and whether it must be cut to the crop first. */
async function locateMediaFile(id: string, width: MediaWidth, version: number) {
  if (!isUuid(id)) return null;
  const row = await db.media.findUnique({
    where: { id },
    select: { storageKey: true, mimeType: true, variants: true, version: true, cropX: true, cropY: true, cropWidth: true, cropHeight: true },
  });
  if (!row) return null;
  const current = row.version === version;
  const crop = cropOf(row);
  if (width === "full" || width === "original") {
    // Rarely asked for (readers get the WebP sizes): cut when asked, cached by the versioned URL.
    return { key: row.storageKey, cutTo: width === "original" && crop ? { crop, mimeType: row.mimeType as ImageMime } : null, current };
  }
  const variant = pickVariant(parseStoredVariants(row.variants), width);
  // An image with no variants (none should exist) still answers with its original.
  return { key: variant ? variant.key : row.storageKey, cutTo: null, current };
}

/**
 * For readers (no actor): the file that answers /media/<id>/<width>?v=<version>, or null. A width
 * names the widest stored variant not wider than it (the narrowest when all are wider), all cut to
 * the crop; "original" is the uploaded picture cut to the crop, upright and without metadata;
 * "full" is it uncropped. `current` says whether the URL named the image's current version: only
 * then may the answer be cached for good.
 */
export async function readMediaFile(
  id: string,
  width: MediaWidth,
  version = 1,
): Promise<{ bytes: Uint8Array; contentType: string; current: boolean } | null> {
  const located = await locateMediaFile(id, width, version);
  if (!located) return null;
  const file = await getMediaStore().get(located.key);
  if (!file) return null;
  const bytes = located.cutTo ? await cropOriginal(file.bytes, located.cutTo.mimeType, located.cutTo.crop) : file.bytes;
  return { bytes, contentType: file.contentType, current: located.current };
}

export type MediaFileAnswer =
  | { kind: "redirect"; url: string; current: boolean }
  | { kind: "file"; body: ReadableStream<Uint8Array> | Uint8Array; size: number | null; contentType: string; current: boolean };

/**
 * For readers (no actor), what the /media route answers: the same file as readMediaFile, streamed
 * from the store; or, when the bucket's files are public (MEDIA_PUBLIC_BASE_URL), their address
 * there. A cropped "original" is cut here, so it is always served by the app.
 */
export async function openMediaFile(id: string, width: MediaWidth, version = 1): Promise<MediaFileAnswer | null> {
  const located = await locateMediaFile(id, width, version);
  if (!located) return null;
  const { key, cutTo, current } = located;
  const store = getMediaStore();
  if (cutTo) {
    const file = await store.get(key);
    if (!file) return null;
    const bytes = await cropOriginal(file.bytes, cutTo.mimeType, cutTo.crop);
    return { kind: "file", body: bytes, size: bytes.byteLength, contentType: file.contentType, current };
  }
  const publicUrl = mediaPublicUrl(key);
  if (publicUrl) return { kind: "redirect", url: publicUrl, current };
  const file = await store.stream(key);
  return file ? { kind: "file", ...file, current } : null;
}
