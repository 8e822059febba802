// Bylines are records of their own, so the same person or organisation is credited the same way
// on every story. Editors and admins create them, from the story editor or elsewhere.

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderPages, loadPublishedPlacements } from "@/lib/cache/invalidate";
import { bylineTag, tagsForStoryChange, type StoryPlacement } from "@/lib/cache/tags";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BylineOption } from "@/lib/bylines/queries";
import { bylineLinkSchema, createBylineSchema, mergeBylinesSchema, updateBylineSchema, type BylineLink } from "@/lib/bylines/schemas";
import {
  BYLINE_ACCOUNT_NOT_STAFF,
  BYLINE_FIELDS_NEED_ATTENTION,
  BYLINE_MERGE_INTO_ITSELF,
  BYLINE_NAME_TAKEN,
  BYLINE_NOT_FOUND,
  BYLINE_PHOTO_GONE,
  BYLINES_STAFF_ONLY,
  bylineAccountTaken,
} from "@/lib/bylines/sentences";
import { publishedStoryWhere } from "@/lib/stories/visibility";
import { isUuid } from "@/lib/validation/uuid";
import { slugify } from "@/lib/stories/slug";
import { foldForMatching } from "@/lib/text/normalise";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";

export async function createByline(actor: Actor | null, input: unknown): Promise<BylineOption> {
  const editor = assertCan(actor, "byline.manage", "Only editors and admins can create bylines.");
  const { name, kind, bio } = parseInput(createBylineSchema, input, { message: FIELDS_NEED_ATTENTION });
  return db.$transaction(async (tx) => {
    // The same name, whatever its case, invisible characters or look-alike letters: "Jane Doe" and
    // "Jаne Doe" with a Cyrillic а would credit two people who read as one.
    const key = foldForMatching(name);
    const sameKind = await tx.byline.findMany({ where: { kind }, select: { name: true } });
    if (sameKind.some((byline) => foldForMatching(byline.name) === key)) {
      throw new AppError("INVALID_INPUT", "That byline already exists: pick it from the list.", {
        fieldErrors: { name: [BYLINE_NAME_TAKEN] },
      });
    }
    const base = slugify(name) || "byline";
    let slug = base;
    // Not a slug a merged byline had either: its page still redirects to the byline it became.
    const slugUsed = async (candidate: string) =>
      (await tx.byline.findUnique({ where: { slug: candidate }, select: { id: true } })) !== null ||
      (await tx.bylineSlug.findUnique({ where: { slug: candidate }, select: { slug: true } })) !== null;
    for (let n = 2; await slugUsed(slug); n += 1) slug = `${base}-${n}`;
    const byline = await tx.byline.create({ data: { name, kind, bio, slug }, select: { id: true, name: true, kind: true } });
    await recordAudit(tx, { actorId: editor.id, action: "byline.create", entityType: "byline", entityId: byline.id, data: { name, kind } });
    return byline;
  });
}

// ── Managing bylines (issue 15): edit, link to a staff account, merge ─────────────────────────
// A byline's page shows its name, bio, photo, website and links; its stories' pages and every list
// of teasers show its name. So an edit stamps the byline page alone (byline:<slug>), and a change
// of name or kind also every page showing one of its published stories (docs/caching.md).

export interface DeskBylineRow {
  id: string;
  name: string;
  slug: string;
  kind: "PERSON" | "ORGANISATION";
  storyCount: number;
  publishedCount: number;
  account: { id: string; displayName: string } | null;
  hasPhoto: boolean;
}

export async function listBylinesForDesk(actor: Actor | null): Promise<DeskBylineRow[]> {
  assertCan(actor, "byline.manage", BYLINES_STAFF_ONLY);
  const [bylines, published] = await Promise.all([
    db.byline.findMany({
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true, slug: true, kind: true, photoId: true, user: { select: { id: true, displayName: true } }, _count: { select: { stories: true } } },
    }),
    db.storyByline.groupBy({ by: ["bylineId"], where: { story: publishedStoryWhere }, _count: { _all: true } }),
  ]);
  const publishedBy = new Map(published.map((row) => [row.bylineId, row._count._all]));
  return bylines.map((b) => ({
    id: b.id,
    name: b.name,
    slug: b.slug,
    kind: b.kind,
    storyCount: b._count.stories,
    publishedCount: publishedBy.get(b.id) ?? 0,
    account: b.user,
    hasPhoto: b.photoId !== null,
  }));
}

export interface DeskByline {
  id: string;
  name: string;
  slug: string;
  kind: "PERSON" | "ORGANISATION";
  bio: string;
  url: string;
  links: BylineLink[];
  photo: { id: string; alt: string; version: number } | null;
  userId: string | null;
  oldSlugs: string[];
}

/** Reads the stored links leniently: anything that is not a valid link is left out. */
export function readBylineLinks(value: unknown): BylineLink[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = bylineLinkSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function getBylineForDesk(actor: Actor | null, bylineId: string): Promise<DeskByline> {
  assertCan(actor, "byline.manage", BYLINES_STAFF_ONLY);
  if (!isUuid(bylineId)) throw new AppError("NOT_FOUND", BYLINE_NOT_FOUND);
  const byline = await db.byline.findUnique({
    where: { id: bylineId },
    select: {
      id: true,
      name: true,
      slug: true,
      kind: true,
      bio: true,
      url: true,
      links: true,
      userId: true,
      photo: { select: { id: true, alt: true, version: true } },
      oldSlugs: { orderBy: { createdAt: "desc" }, select: { slug: true } },
    },
  });
  if (!byline) throw new AppError("NOT_FOUND", BYLINE_NOT_FOUND);
  return { ...byline, url: byline.url ?? "", links: readBylineLinks(byline.links), oldSlugs: byline.oldSlugs.map((o) => o.slug) };
}

/** The staff accounts a byline may be linked to (not readers), for the desk's list. */
export async function listStaffAccounts(actor: Actor | null): Promise<Array<{ id: string; displayName: string; role: string }>> {
  assertCan(actor, "byline.manage", BYLINES_STAFF_ONLY);
  return db.user.findMany({ where: { role: { not: "READER" } }, orderBy: [{ displayName: "asc" }, { id: "asc" }], select: { id: true, displayName: true, role: true } });
}

async function assertNameFree(tx: Tx, name: string, kind: "PERSON" | "ORGANISATION", exceptId: string): Promise<void> {
  const key = foldForMatching(name);
  const sameKind = await tx.byline.findMany({ where: { kind, id: { not: exceptId } }, select: { name: true } });
  if (sameKind.some((byline) => foldForMatching(byline.name) === key)) {
    throw new AppError("INVALID_INPUT", BYLINE_FIELDS_NEED_ATTENTION, { fieldErrors: { name: [BYLINE_NAME_TAKEN] } });
  }
}

const editSelect = { id: true, name: true, slug: true, kind: true, bio: true, url: true, links: true, photoId: true, userId: true } as const;

/** Edits a byline's name, kind, bio, website, links, photo and linked staff account. */
export async function updateByline(actor: Actor | null, input: unknown): Promise<{ id: string; name: string; slug: string }> {
  const editor = assertCan(actor, "byline.manage", BYLINES_STAFF_ONLY);
  const data = parseInput(updateBylineSchema, input ?? {}, {
    message: BYLINE_FIELDS_NEED_ATTENTION,
    fieldRefusals: { bylineId: () => new AppError("NOT_FOUND", BYLINE_NOT_FOUND) },
  });
  const result = await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Byline" WHERE "id" = ${data.bylineId}::uuid FOR UPDATE`;
    if (!locked) throw new AppError("NOT_FOUND", BYLINE_NOT_FOUND);
    const before = await tx.byline.findUniqueOrThrow({ where: { id: data.bylineId }, select: editSelect });
    if (foldForMatching(before.name) !== foldForMatching(data.name) || before.kind !== data.kind) await assertNameFree(tx, data.name, data.kind, before.id);
    const photoId = data.photoId === "" ? null : data.photoId;
    if (photoId && photoId !== before.photoId && !(await tx.media.findUnique({ where: { id: photoId }, select: { id: true } }))) {
      throw new AppError("INVALID_INPUT", BYLINE_FIELDS_NEED_ATTENTION, { fieldErrors: { photoId: [BYLINE_PHOTO_GONE] } });
    }
    const userId = data.userId === "" ? null : data.userId;
    if (userId && userId !== before.userId) {
      const account = await tx.user.findUnique({ where: { id: userId }, select: { displayName: true, role: true, byline: { select: { name: true } } } });
      if (!account || account.role === "READER") throw new AppError("INVALID_INPUT", BYLINE_FIELDS_NEED_ATTENTION, { fieldErrors: { userId: [BYLINE_ACCOUNT_NOT_STAFF] } });
      if (account.byline) {
        const message = bylineAccountTaken(account.displayName, account.byline.name);
        throw new AppError("INVALID_INPUT", message, { fieldErrors: { userId: [message] } });
      }
    }
    const after = await tx.byline.update({
      where: { id: before.id },
      data: { name: data.name, kind: data.kind, bio: data.bio, url: data.url === "" ? null : data.url, links: data.links, photoId, userId },
      select: editSelect,
    });
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of ["name", "kind", "bio", "url", "photoId", "userId"] as const) {
      if (before[field] !== after[field]) changes[field] = { before: before[field], after: after[field] };
    }
    if (JSON.stringify(before.links) !== JSON.stringify(after.links)) changes.links = { before: before.links, after: after.links };
    if (Object.keys(changes).length === 0) return { byline: after, changes, placements: [] as StoryPlacement[] };
    await recordAudit(tx, { actorId: editor.id, action: "byline.update", entityType: "byline", entityId: before.id, data: changes as Prisma.InputJsonObject });
    // Its name is on its stories' pages and every teaser of them.
    const placements = changes.name || changes.kind ? await loadPublishedPlacements(tx, { bylines: { some: { bylineId: before.id } } }) : [];
    return { byline: after, changes, placements };
  });
  const { byline, changes, placements } = result;
  const shown = Object.keys(changes).filter((field) => field !== "userId");
  if (shown.length > 0) {
    const tags = new Set([bylineTag(byline.slug), ...tagsForStoryChange(...placements)]);
    await invalidateReaderPages([...tags], [`/byline/${byline.slug}`], `byline ${byline.slug} was edited`);
  }
  return { id: byline.id, name: byline.name, slug: byline.slug };
}

/**
 * Merges one byline into another: its stories move (a story carrying both keeps one), its page
 * answers 308 to the other's (BylineSlug), its linked account moves when the other has none, and
 * it is deleted. All in one transaction; merging a byline into itself is refused.
 */
export async function mergeBylines(actor: Actor | null, input: unknown): Promise<{ id: string; name: string; slug: string; moved: number }> {
  const editor = assertCan(actor, "byline.manage", BYLINES_STAFF_ONLY);
  const { sourceId, targetId } = parseInput(mergeBylinesSchema, input ?? {}, {
    message: BYLINE_FIELDS_NEED_ATTENTION,
    fieldRefusals: { sourceId: () => new AppError("NOT_FOUND", BYLINE_NOT_FOUND) },
  });
  if (sourceId === targetId) throw new AppError("INVALID_INPUT", BYLINE_MERGE_INTO_ITSELF, { fieldErrors: { targetId: [BYLINE_MERGE_INTO_ITSELF] } });
  const result = await db.$transaction(async (tx) => {
    // Both rows, locked in one order: two merges at once cannot deadlock or lose stories.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Byline" WHERE "id" IN (${sourceId}::uuid, ${targetId}::uuid) ORDER BY "id" FOR UPDATE`;
    if (locked.length !== 2) throw new AppError("NOT_FOUND", BYLINE_NOT_FOUND);
    const select = { id: true, name: true, slug: true, userId: true } as const;
    const [source, target] = await Promise.all([tx.byline.findUniqueOrThrow({ where: { id: sourceId }, select }), tx.byline.findUniqueOrThrow({ where: { id: targetId }, select })]);
    const placements = await loadPublishedPlacements(tx, { bylines: { some: { bylineId: source.id } } });
    // A story crediting both keeps the target's credit; the others move to it.
    await tx.$executeRaw`DELETE FROM "StoryByline" WHERE "bylineId" = ${source.id}::uuid
      AND "storyId" IN (SELECT "storyId" FROM "StoryByline" WHERE "bylineId" = ${target.id}::uuid)`;
    const moved = await tx.$executeRaw`UPDATE "StoryByline" SET "bylineId" = ${target.id}::uuid WHERE "bylineId" = ${source.id}::uuid`;
    await tx.bylineSlug.updateMany({ where: { bylineId: source.id }, data: { bylineId: target.id } });
    await tx.bylineSlug.create({ data: { slug: source.slug, bylineId: target.id, fromBylineId: source.id } });
    const accountMoves = source.userId !== null && target.userId === null;
    await tx.byline.delete({ where: { id: source.id } });
    if (accountMoves) await tx.byline.update({ where: { id: target.id }, data: { userId: source.userId }, select: { id: true } });
    await recordAudit(tx, {
      actorId: editor.id,
      action: "byline.merge",
      entityType: "byline",
      entityId: target.id,
      data: { from: { id: source.id, name: source.name, slug: source.slug }, into: { id: target.id, name: target.name, slug: target.slug }, storiesMoved: moved, accountMoved: accountMoves },
    });
    return { source, target, moved, placements };
  });
  const { source, target, moved, placements } = result;
  // Its stories now show the other name: before (the merged byline) and after (the one it became).
  const after = placements.map((p) => ({ ...p, bylineSlugs: [...new Set(p.bylineSlugs.map((slug) => (slug === source.slug ? target.slug : slug)))] }));
  const tags = new Set([bylineTag(source.slug), bylineTag(target.slug), ...tagsForStoryChange(...placements, ...after)]);
  await invalidateReaderPages([...tags], [`/byline/${target.slug}`, `/byline/${source.slug}`], `byline ${source.slug} was merged into ${target.slug}`);
  return { id: target.id, name: target.name, slug: target.slug, moved };
}
