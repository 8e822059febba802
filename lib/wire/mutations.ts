// Changing the wire queue from the desk: admins create and revoke sources (the ingest key is shown
// once and stored as its SHA-256 hash, lib/api-keys/secrets.ts); staff who write stories open an
// item as a new draft, crediting its source. Each checks who is asking and is audited.

import "server-only";

import { randomUUID } from "node:crypto";

import { hashKeySecret, newKeySecret, SHOWN_PREFIX_LENGTH } from "@/lib/api-keys/secrets";
import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import { chooseSlug, resolveBylines, writeRevision } from "@/lib/stories/persistence";
import { slugify } from "@/lib/stories/slug";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { createWireSourceSchema } from "@/lib/wire/schemas";
import {
  WIRE_ITEM_ALREADY_OPENED,
  WIRE_ITEM_NOT_FOUND,
  WIRE_OPEN_NEEDS_STORY_CREATE,
  WIRE_READERS_ONLY,
  WIRE_SOURCE_ALREADY_REVOKED,
  WIRE_SOURCE_NOT_FOUND,
  WIRE_SOURCES_ADMINS_ONLY,
} from "@/lib/wire/sentences";

export interface CreatedWireSource {
  id: string;
  name: string;
  slug: string;
  /** The whole ingest key: shown once, never stored. */
  secret: string;
}

async function freeSourceSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name) || "source";
  for (let n = 1; n < 100; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await tx.wireSource.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
  return `${base}-${randomUUID().slice(0, 8)}`;
}

export async function createWireSource(actor: Actor | null, input: unknown): Promise<CreatedWireSource> {
  const admin = assertCan(actor, "wire.sources.manage", WIRE_SOURCES_ADMINS_ONLY);
  const data = parseInput(createWireSourceSchema, input, { message: FIELDS_NEED_ATTENTION });
  const secret = newKeySecret();
  return db.$transaction(async (tx) => {
    const slug = await freeSourceSlug(tx, data.name);
    const source = await tx.wireSource.create({
      data: { name: data.name, credit: data.credit, slug, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), secretHash: hashKeySecret(secret), createdById: admin.id },
      select: { id: true, name: true, slug: true },
    });
    await recordAudit(tx, { actorId: admin.id, action: "wireSource.create", entityType: "wireSource", entityId: source.id, data: { name: data.name, credit: data.credit } });
    return { ...source, secret };
  });
}

export async function revokeWireSource(actor: Actor | null, sourceId: unknown): Promise<void> {
  const admin = assertCan(actor, "wire.sources.manage", WIRE_SOURCES_ADMINS_ONLY);
  if (!isUuid(sourceId)) throw new AppError("NOT_FOUND", WIRE_SOURCE_NOT_FOUND);
  await db.$transaction(async (tx) => {
    const source = await tx.wireSource.findUnique({ where: { id: sourceId }, select: { id: true, name: true } });
    if (!source) throw new AppError("NOT_FOUND", WIRE_SOURCE_NOT_FOUND);
    const revoked = await tx.wireSource.updateMany({ where: { id: source.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) throw new AppError("CONFLICT", WIRE_SOURCE_ALREADY_REVOKED);
    await recordAudit(tx, { actorId: admin.id, action: "wireSource.revoke", entityType: "wireSource", entityId: source.id, data: { name: source.name } });
  });
}

/** The organisation byline named like the source's credit, made when there is none yet. */
async function creditByline(tx: Tx, credit: string): Promise<string> {
  const existing = await tx.byline.findFirst({ where: { kind: "ORGANISATION", name: { equals: credit, mode: "insensitive" } }, select: { id: true } });
  if (existing) return existing.id;
  const base = slugify(credit) || "agency";
  let slug = base;
  for (let n = 2; (await tx.byline.findUnique({ where: { slug }, select: { id: true } })) || (await tx.bylineSlug.findUnique({ where: { slug } })); n += 1) slug = `${base}-${n}`;
  const created = await tx.byline.create({ data: { kind: "ORGANISATION", name: credit, slug }, select: { id: true } });
  return created.id;
}

export interface OpenedWireItem {
  storyId: string;
}

/** Opens a wire item as a new draft: its copy, dateline place, embargo and the source credited. */
export async function openWireItem(actor: Actor | null, itemId: unknown): Promise<OpenedWireItem> {
  assertCan(actor, "wire.read", WIRE_READERS_ONLY);
  const editor = assertCan(actor, "story.create", WIRE_OPEN_NEEDS_STORY_CREATE);
  if (!isUuid(itemId)) throw new AppError("NOT_FOUND", WIRE_ITEM_NOT_FOUND);
  return db.$transaction(async (tx) => {
    // The row is locked so two editors opening it at once make one draft.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id"::text AS "id" FROM "WireItem" WHERE "id" = ${itemId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", WIRE_ITEM_NOT_FOUND);
    const item = await tx.wireItem.findUniqueOrThrow({ where: { id: itemId }, include: { source: { select: { credit: true, name: true } } } });
    if (item.state === "OPENED" || item.storyId) throw new AppError("CONFLICT", WIRE_ITEM_ALREADY_OPENED);
    const body = parseStoryDocument(item.body);
    const bodyText = documentToPlainText(body);
    const bylineIds = [await creditByline(tx, item.source.credit)];
    const bylines = await resolveBylines(tx, bylineIds);
    const slug = await chooseSlug(tx, "", item.headline);
    const story = await tx.story.create({
      data: {
        slug,
        headline: item.headline,
        standfirst: item.standfirst,
        datelinePlace: item.datelinePlace,
        credit: item.bylines.length > 0 ? `${item.bylines.join(", ")} (${item.source.credit})` : item.source.credit,
        embargoUntil: item.embargoUntil,
        body: body as unknown as Prisma.InputJsonValue,
        bodyText,
        createdById: editor.id,
        updatedById: editor.id,
        bylines: { create: bylines.map((b, position) => ({ bylineId: b.id, position })) },
      },
      select: { id: true, slug: true, version: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, sectionId: true, body: true, bodyText: true },
    });
    await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, bylines, "IMPORT", editor.id);
    await tx.wireItem.update({ where: { id: item.id }, data: { state: "OPENED", openedAt: new Date(), storyId: story.id } });
    // Every version of the guid points at the draft, so a newer one flags it.
    await tx.wireItem.updateMany({ where: { sourceId: item.sourceId, guid: item.guid, storyId: null }, data: { storyId: story.id } });
    await recordAudit(tx, {
      actorId: editor.id,
      action: "story.import",
      entityType: "story",
      entityId: story.id,
      data: { headline: story.headline, importedFrom: "wire", wireItemId: item.id, guid: item.guid, version: item.version, source: item.source.name },
    });
    await recordAudit(tx, { actorId: editor.id, action: "wireItem.open", entityType: "wireItem", entityId: item.id, data: { storyId: story.id, version: item.version } });
    return { storyId: story.id };
  });
}
