// Building blocks shared by the story operations (mutations.ts, revisions, corrections): they
// assume the caller has already checked who is asking, and run inside the caller's transaction.

import "server-only";

import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RevisionKind } from "@/lib/generated/prisma/enums";
import { SECTION_ARCHIVED_CHOICE } from "@/lib/sections/sentences";
import { slugify } from "@/lib/stories/slug";
import { STORY_NOT_FOUND } from "@/lib/stories/sentences";
import { FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";

/** The section chosen, or null for a draft that has none yet. */
/** The section chosen for a story; an archived one only when the story is already in it (`currentSectionId`). */
export async function resolveSection(tx: Tx, sectionId: string | null, currentSectionId: string | null = null) {
  if (sectionId === null) return null;
  const section = await tx.section.findUnique({ where: { id: sectionId }, select: { id: true, commentPolicy: true, archivedAt: true } });
  if (!section) {
    throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, {
      fieldErrors: { sectionId: ["Choose a section from the list."] },
    });
  }
  if (section.archivedAt && section.id !== currentSectionId) {
    throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, { fieldErrors: { sectionId: [SECTION_ARCHIVED_CHOICE] } });
  }
  return { id: section.id, commentPolicy: section.commentPolicy };
}

export async function resolveBylines(tx: Tx, bylineIds: readonly string[]) {
  if (bylineIds.length === 0) return [];
  const found = await tx.byline.findMany({ where: { id: { in: [...bylineIds] } }, select: { id: true, name: true, kind: true } });
  if (found.length !== bylineIds.length) {
    throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, {
      fieldErrors: { bylineIds: ["One of the bylines no longer exists. Pick bylines from the list."] },
    });
  }
  const byId = new Map(found.map((b) => [b.id, b]));
  return bylineIds.map((id) => byId.get(id)!);
}

export async function slugTaken(tx: Tx, slug: string, exceptStoryId?: string): Promise<boolean> {
  const [story, old] = await Promise.all([
    tx.story.findUnique({ where: { slug }, select: { id: true } }),
    tx.storySlug.findUnique({ where: { slug }, select: { storyId: true } }),
  ]);
  return (story !== null && story.id !== exceptStoryId) || (old !== null && old.storyId !== exceptStoryId);
}

/** A free slug: the one asked for (refused if taken), or one made from the headline with a number added. */
export async function chooseSlug(tx: Tx, requested: string, headline: string, exceptStoryId?: string): Promise<string> {
  if (requested !== "") {
    if (await slugTaken(tx, requested, exceptStoryId)) {
      throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, {
        fieldErrors: { slug: ["Another story already uses this slug."] },
      });
    }
    return requested;
  }
  const base = slugify(headline);
  // A draft with no headline yet: a placeholder no other story has, replaced by one made from the
  // headline once it is written (as long as the story has never been published).
  if (base === "") {
    for (;;) {
      const candidate = `${UNTITLED}-${crypto.randomUUID().slice(0, 8)}`;
      if (!(await slugTaken(tx, candidate, exceptStoryId))) return candidate;
    }
  }
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(tx, candidate, exceptStoryId))) return candidate;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

const UNTITLED = "untitled";

/**
 * An autosave (from the desk, or the live document written into the story) writes a revision only
 * when the last one is older than this: history keeps a snapshot every few minutes of typing.
 */
export const AUTOSAVE_REVISION_INTERVAL_MS = 5 * 60 * 1000;

/** A slug chosen for a draft that had no headline yet (see chooseSlug). */
export function isPlaceholderSlug(slug: string): boolean {
  return /^untitled-[0-9a-f]{8}$/.test(slug);
}

export type BylineSnapshot = Array<{ id: string; name: string; kind: string }>;

export async function writeRevision(
  tx: Tx,
  story: { id: string; version: number; headline: string; standfirst: string; dateline: string; datelinePlace: string; credit: string; slug: string; sectionId: string | null; body: Prisma.InputJsonValue; bodyText: string },
  bylines: BylineSnapshot,
  kind: RevisionKind,
  actorId: string | null,
  /** Everyone who edited the live document since the revision before (lib/collab/store.ts). */
  editorIds: readonly string[] = [],
): Promise<string> {
  const revision = await tx.storyRevision.create({
    data: {
      storyId: story.id,
      version: story.version,
      kind,
      headline: story.headline,
      standfirst: story.standfirst,
      dateline: story.dateline,
      datelinePlace: story.datelinePlace,
      credit: story.credit,
      slug: story.slug,
      sectionId: story.sectionId,
      body: story.body,
      bodyText: story.bodyText,
      bylines,
      createdById: actorId,
      ...(editorIds.length > 0 ? { editorIds: [...editorIds] } : {}),
    },
    select: { id: true },
  });
  return revision.id;
}

/** What a revision snapshots of a story: select this, then hand the row to writeRevision. */
export const revisionSourceSelect = {
  id: true,
  status: true,
  version: true,
  slug: true,
  headline: true,
  standfirst: true,
  dateline: true,
  datelinePlace: true,
  credit: true,
  sectionId: true,
  body: true,
  bodyText: true,
  updatedById: true,
  bylines: { orderBy: { position: "asc" }, select: { byline: { select: { id: true, name: true, kind: true } } } },
} as const satisfies Prisma.StorySelect;

export async function loadForChange(tx: Tx, storyId: string) {
  const story = await tx.story.findUnique({
    where: { id: storyId },
    select: {
      ...revisionSourceSelect,
      // With the text fields above, every field of the live document (a live save keeps them all).
      seoTitle: true,
      seoDescription: true,
      socialHeadline: true,
      createdById: true,
      publishedAt: true,
      firstPublishedAt: true,
      scheduledFor: true,
      embargoUntil: true,
      updatedAt: true,
      updatedBy: { select: { displayName: true } },
    },
  });
  if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  return story;
}

export function staleVersion(current: { version: number; updatedAt: Date; updatedBy: { displayName: string } | null }): AppError {
  const who = current.updatedBy?.displayName ?? "Someone";
  return new AppError(
    "CONFLICT",
    `${who} saved this story after you opened it. Your changes were not saved: compare them with the current version before saving again.`,
    { details: { savedBy: who, savedAt: current.updatedAt.toISOString(), currentVersion: current.version } },
  );
}

/** Advance the version only if it is still the one the change was based on: the optimistic lock. */
export async function claimVersion(tx: Tx, storyId: string, basedOn: number): Promise<void> {
  const claimed = await tx.story.updateMany({ where: { id: storyId, version: basedOn }, data: { version: { increment: 1 } } });
  if (claimed.count === 0) throw staleVersion(await loadForChange(tx, storyId));
}


/** Tag records for these names, created when new. Tags are matched by slug, so "Trade" and "trade" are one tag. */
export async function resolveTags(tx: Tx, names: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  const tags: Array<{ id: string; name: string }> = [];
  const slugs = new Set<string>();
  for (const name of names) {
    const slug = slugify(name);
    if (!slug) {
      throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, {
        fieldErrors: { tags: [`The tag "${name.slice(0, 40)}" needs at least one letter or digit.`] },
      });
    }
    // Two names with one slug ("C++" and "C", or the same words in other punctuation) are one tag:
    // folded like duplicates, not written twice.
    if (slugs.has(slug)) continue;
    slugs.add(slug);
    // A tag merged or renamed away: the story gets the tag it became (lib/tags/mutations.ts).
    const moved = await tx.tagSlug.findUnique({ where: { slug }, select: { tag: { select: { id: true, name: true, slug: true } } } });
    if (moved) {
      if (slugs.has(moved.tag.slug) && moved.tag.slug !== slug) continue;
      slugs.add(moved.tag.slug);
      tags.push({ id: moved.tag.id, name: moved.tag.name });
      continue;
    }
    tags.push(await tx.tag.upsert({ where: { slug }, create: { slug, name }, update: {}, select: { id: true, name: true } }));
  }
  return tags;
}
