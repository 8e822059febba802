// Reading the wire queue for the desk: sources (admins), items newest first (staff who write
// stories), one item's copy, and whether a draft's agency sent a newer version.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { WireFormat, WireItemState } from "@/lib/generated/prisma/enums";
import { parseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import { isUuid } from "@/lib/validation/uuid";
import type { WireFilters } from "@/lib/wire/schemas";
import { WIRE_ITEM_NOT_FOUND, WIRE_READERS_ONLY, WIRE_SOURCES_ADMINS_ONLY } from "@/lib/wire/sentences";

export interface WireSourceRow {
  id: string;
  name: string;
  slug: string;
  credit: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  itemCount: number;
}

export async function listWireSources(actor: Actor | null): Promise<WireSourceRow[]> {
  assertCan(actor, "wire.sources.manage", WIRE_SOURCES_ADMINS_ONLY);
  const rows = await db.wireSource.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, slug: true, credit: true, prefix: true, createdAt: true, revokedAt: true, _count: { select: { items: true } } },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, itemCount: _count.items }));
}

/** The sources to filter the Wire view by (names only). */
export async function listWireSourceChoices(actor: Actor | null): Promise<Array<{ id: string; name: string }>> {
  assertCan(actor, "wire.read", WIRE_READERS_ONLY);
  return db.wireSource.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export interface WireItemRow {
  id: string;
  sourceName: string;
  guid: string;
  version: number;
  format: WireFormat;
  headline: string;
  slugline: string;
  priority: number | null;
  urgency: number | null;
  embargoUntil: Date | null;
  receivedAt: Date;
  state: WireItemState;
  storyId: string | null;
}

export const WIRE_PAGE_SIZE = 100;

/** The latest version of each item, newest first. */
export async function listWireItems(actor: Actor | null, filters: WireFilters = {}): Promise<WireItemRow[]> {
  assertCan(actor, "wire.read", WIRE_READERS_ONLY);
  const rows = await db.wireItem.findMany({
    where: { latest: true, ...(filters.source ? { sourceId: filters.source } : {}), ...(filters.urgency !== undefined ? { urgency: filters.urgency } : {}) },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: WIRE_PAGE_SIZE,
    select: {
      id: true,
      guid: true,
      version: true,
      format: true,
      headline: true,
      slugline: true,
      priority: true,
      urgency: true,
      embargoUntil: true,
      receivedAt: true,
      state: true,
      storyId: true,
      source: { select: { name: true } },
    },
  });
  return rows.map(({ source, ...row }) => ({ ...row, sourceName: source.name }));
}

export interface WireItemDetail extends WireItemRow {
  standfirst: string;
  bylines: string[];
  datelinePlace: string;
  credit: string;
  body: StoryDocument;
  rawSize: number;
  /** The newest version of this guid, when this is not it. */
  newerId: string | null;
  newestVersion: number;
}

export async function getWireItem(actor: Actor | null, itemId: string): Promise<WireItemDetail> {
  assertCan(actor, "wire.read", WIRE_READERS_ONLY);
  if (!isUuid(itemId)) throw new AppError("NOT_FOUND", WIRE_ITEM_NOT_FOUND);
  const item = await db.wireItem.findUnique({ where: { id: itemId }, include: { source: { select: { name: true, credit: true } } } });
  if (!item) throw new AppError("NOT_FOUND", WIRE_ITEM_NOT_FOUND);
  const newest = item.latest
    ? null
    : await db.wireItem.findFirst({ where: { sourceId: item.sourceId, guid: item.guid, latest: true }, select: { id: true, version: true } });
  return {
    id: item.id,
    sourceName: item.source.name,
    credit: item.source.credit,
    guid: item.guid,
    version: item.version,
    format: item.format,
    headline: item.headline,
    standfirst: item.standfirst,
    slugline: item.slugline,
    priority: item.priority,
    urgency: item.urgency,
    embargoUntil: item.embargoUntil,
    receivedAt: item.receivedAt,
    state: item.state,
    storyId: item.storyId,
    bylines: item.bylines,
    datelinePlace: item.datelinePlace,
    body: parseStoryDocument(item.body),
    rawSize: item.rawSize,
    newerId: newest?.id ?? null,
    newestVersion: newest?.version ?? item.version,
  };
}

/** The newer version an agency sent of the copy a draft was opened from, or null. */
export async function getStoryWireUpdate(actor: Actor | null, storyId: string): Promise<{ itemId: string; version: number } | null> {
  assertCan(actor, "wire.read", WIRE_READERS_ONLY);
  if (!isUuid(storyId)) return null;
  const latest = await db.wireItem.findFirst({ where: { storyId, latest: true }, select: { id: true, version: true, state: true } });
  if (!latest || latest.state === "OPENED") return null;
  return { itemId: latest.id, version: latest.version };
}
