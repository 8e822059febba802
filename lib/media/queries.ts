// Reading the media library. Staff who write stories browse and search it; readers only ever get
// image files, by id and width, through readMediaFile.

import "server-only";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { listMediaSchema, type ListMediaInput } from "@/lib/media/schemas";
import { getMediaStore } from "@/lib/media/storage";
import { mediaUrl, pickVariant, variantUrls, type MediaWidth } from "@/lib/media/urls";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { IMAGE_NOT_FOUND, STAFF_ONLY_MEDIA } from "@/lib/media/sentences";

export interface MediaItem {
  id: string;
  /** The largest responsive size (WebP, at most 1600 px wide). */
  url: string;
  width: number;
  height: number;
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
} as const satisfies Prisma.MediaSelect;

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
  return {
    id: row.id,
    url: mediaUrl(row.id, 1600),
    width: row.width,
    height: row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    variants: variantUrls(row.id, parseStoredVariants(row.variants)),
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
  width: number;
  height: number;
  /** The stored responsive widths, for mediaSrcSet(id, variants). */
  variants: Array<{ width: number }>;
}

/**
 * For readers (no actor): the dimensions and responsive widths of the images a story shows, in one
 * query, so the renderer can write width, height and srcset. Unknown or malformed ids are left out.
 */
export async function getMediaSizes(ids: readonly string[]): Promise<Map<string, MediaSizes>> {
  const valid = [...new Set(ids)].filter((id) => isUuid(id)).slice(0, 200);
  if (valid.length === 0) return new Map();
  const rows = await db.media.findMany({ where: { id: { in: valid } }, select: { id: true, width: true, height: true, variants: true } });
  return new Map(
    rows.map((row) => [
      row.id,
      { width: row.width, height: row.height, variants: parseStoredVariants(row.variants).map((variant) => ({ width: variant.width })) },
    ]),
  );
}

/**
 * For readers (no actor): the file that answers /media/<id>/<width>, or null. A width names the
 * widest stored variant not wider than it (the narrowest when all are wider); "original" is the
 * uploaded picture, upright and without metadata.
 */
export async function readMediaFile(id: string, width: MediaWidth): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  if (!isUuid(id)) return null;
  const row = await db.media.findUnique({ where: { id }, select: { storageKey: true, mimeType: true, variants: true } });
  if (!row) return null;
  const store = getMediaStore();
  if (width === "original") return store.get(row.storageKey);
  const variant = pickVariant(parseStoredVariants(row.variants), width);
  // An image with no variants (none should exist) still answers with its original.
  return store.get(variant ? variant.key : row.storageKey);
}
