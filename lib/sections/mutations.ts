// Changing a section's comment rules: the policy new stories in it start with, and how many days
// after publication its stories' comments close by themselves (issue 5: "automatic closing after a
// number of days set per section"). Admins only (settings.manage); audited; every cached reader
// page is refreshed, since each story page of the section states its comment rules.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderCache, invalidateReaderPages, loadPublishedPlacements } from "@/lib/cache/invalidate";
import { HOME_TAG, READER_TAG, sectionTag, SECTIONS_TAG, tagsForStoryChange, type StoryPlacement } from "@/lib/cache/tags";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { archiveSectionSchema, createSectionSchema, moveSectionSchema, updateSectionSchema } from "@/lib/sections/schemas";
import { assertSectionSlug } from "@/lib/sections/slug";
import { slugify } from "@/lib/stories/slug";
import { publishedStoryWhere } from "@/lib/stories/visibility";
import { parseInput } from "@/lib/validation/parse-input";
import { singleLine } from "@/lib/validation/text";
import {
  SECTION_ARCHIVED_NOT_IN_NAVIGATION,
  SECTION_FIELDS_NEED_ATTENTION,
  SECTION_NOT_FOUND,
  SECTIONS_STAFF_ONLY,
  sectionSlugRedirects,
  sectionSlugTaken,
} from "@/lib/sections/sentences";

export const MAX_CLOSE_AFTER_DAYS = 365;

export const sectionCommentRulesSchema = z.object({
  sectionId: z.uuid({ error: SECTION_NOT_FOUND }),
  commentPolicy: z.enum(["OPEN", "PREMODERATED", "CLOSED"], { error: "Choose how new stories in this section take comments." }),
  // A blank field means "never"; anything else is a whole number of days.
  closeAfterDays: singleLine("The number of days").transform((value, ctx) => {
      if (value === "") return null;
      if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_CLOSE_AFTER_DAYS) {
        ctx.addIssue({ code: "custom", message: `Enter a whole number of days from 1 to ${MAX_CLOSE_AFTER_DAYS}, or leave it blank to never close.` });
        return z.NEVER;
      }
      return Number(value);
    }),
});

export interface SectionCommentRules {
  id: string;
  name: string;
  slug: string;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
  commentsCloseAfterDays: number | null;
}

const rulesSelect = { id: true, name: true, slug: true, commentPolicy: true, commentsCloseAfterDays: true } as const;

export async function listSectionCommentRules(actor: Actor | null): Promise<SectionCommentRules[]> {
  assertCan(actor, "settings.manage", "Only admins can see the sections' comment rules.");
  return db.section.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: rulesSelect });
}

/** Sets a section's default comment policy and automatic closing; returns the section as it now is. */
export async function updateSectionCommentRules(actor: Actor | null, input: unknown): Promise<SectionCommentRules> {
  const admin = assertCan(actor, "settings.manage", "Only admins can change a section's comment rules.");
  const { sectionId, commentPolicy, closeAfterDays } = parseInput(sectionCommentRulesSchema, input ?? {}, {
    message: "The section's comment rules need attention.",
    fieldRefusals: { sectionId: () => new AppError("NOT_FOUND", SECTION_NOT_FOUND) },
  });
  const result = await db.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<Array<{ commentPolicy: string; commentsCloseAfterDays: number | null }>>`
      SELECT "commentPolicy"::text AS "commentPolicy", "commentsCloseAfterDays" FROM "Section" WHERE "id" = ${sectionId}::uuid FOR UPDATE`;
    if (!before) throw new AppError("NOT_FOUND", SECTION_NOT_FOUND);
    const section = await tx.section.update({ where: { id: sectionId }, data: { commentPolicy, commentsCloseAfterDays: closeAfterDays }, select: rulesSelect });
    const changed = before.commentPolicy !== commentPolicy || before.commentsCloseAfterDays !== closeAfterDays;
    if (changed) {
      await recordAudit(tx, {
        actorId: admin.id,
        action: "section.commentRules",
        entityType: "section",
        entityId: sectionId,
        data: { before, after: { commentPolicy, commentsCloseAfterDays: closeAfterDays } },
      });
    }
    return { section, changed };
  });
  if (result.changed) {
    // Every story page of the section states when its comments close; a rare admin change may
    // refresh the whole reader cache rather than find each page.
    try {
      await invalidateReaderCache([READER_TAG]);
    } catch (error) {
      console.error("Could not refresh the reader cache after a section's comment rules changed; pages follow on their revalidate time", error);
    }
  }
  return result.section;
}

// ── Managing sections (issue 15): create, rename, describe, reorder, archive ─────────────────
// Editors and admins (taxonomy.manage). Each change is one transaction with its audit entry, and
// after the commit stamps exactly the reader pages that show what changed (docs/caching.md,
// "What a section, byline or tag change stamps"):
// - the navigation (SECTIONS_TAG, which every page carries through the site layout) when a section
//   appears, leaves it, is renamed or moves;
// - the section's front and feeds (section:<slug>, old and new) when it is described or renamed;
// - the front page (home) when its blocks' names or order change;
// - on a rename, every page listing one of its published stories (their teasers link to
//   /<section>/<slug>), from the stories' placements.

export interface DeskSection {
  id: string;
  name: string;
  slug: string;
  description: string;
  position: number;
  archivedAt: Date | null;
  storyCount: number;
  publishedCount: number;
  oldSlugs: string[];
}

export async function listSectionsForDesk(actor: Actor | null): Promise<DeskSection[]> {
  assertCan(actor, "taxonomy.manage", SECTIONS_STAFF_ONLY);
  const [sections, published] = await Promise.all([
    db.section.findMany({
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: {
        id: true,
        name: true,
        slug: true,
        description: true,
        position: true,
        archivedAt: true,
        _count: { select: { stories: true } },
        oldSlugs: { orderBy: { createdAt: "desc" }, select: { slug: true } },
      },
    }),
    db.story.groupBy({ by: ["sectionId"], where: publishedStoryWhere, _count: { _all: true } }),
  ]);
  const publishedBySection = new Map(published.map((row) => [row.sectionId, row._count._all]));
  // Archived sections after the others: they are not in the navigation.
  const ordered = [...sections.filter((s) => !s.archivedAt), ...sections.filter((s) => s.archivedAt)];
  return ordered.map(({ _count, oldSlugs, ...section }) => ({
    ...section,
    storyCount: _count.stories,
    publishedCount: publishedBySection.get(section.id) ?? 0,
    oldSlugs: oldSlugs.map((old) => old.slug),
  }));
}

/** Refuses a slug another section has, or had (its old address still redirects there). */
async function assertSectionSlugFree(tx: Tx, slug: string, exceptSectionId: string | null): Promise<void> {
  const [current, old] = await Promise.all([
    tx.section.findUnique({ where: { slug }, select: { id: true, name: true } }),
    tx.sectionSlug.findUnique({ where: { slug }, select: { section: { select: { id: true, name: true } } } }),
  ]);
  if (current && current.id !== exceptSectionId) {
    const message = sectionSlugTaken(slug, current.name);
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { slug: [message] } });
  }
  if (old && old.section.id !== exceptSectionId) {
    const message = sectionSlugRedirects(slug, old.section.name);
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { slug: [message] } });
  }
}

/** A slug check that names the slug field, for a slug typed or made from the name. */
function checkedSlug(typed: string, name: string): string {
  return assertSectionSlug(typed === "" ? slugify(name) : typed);
}

/** The unique index caught a race the check above lost: the same clear refusal. */
function isSlugConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

const deskSelect = { id: true, name: true, slug: true, description: true, position: true, archivedAt: true } as const;
export type SectionRow = { id: string; name: string; slug: string; description: string; position: number; archivedAt: Date | null };

export async function createSection(actor: Actor | null, input: unknown): Promise<SectionRow> {
  const editor = assertCan(actor, "taxonomy.manage", SECTIONS_STAFF_ONLY);
  const data = parseInput(createSectionSchema, input ?? {}, { message: SECTION_FIELDS_NEED_ATTENTION });
  const slug = checkedSlug(data.slug, data.name);
  let section: SectionRow;
  try {
    section = await db.$transaction(async (tx) => {
      await assertSectionSlugFree(tx, slug, null);
      const last = await tx.section.aggregate({ _max: { position: true } });
      const created = await tx.section.create({
        data: { name: data.name, slug, description: data.description, position: (last._max.position ?? -1) + 1 },
        select: deskSelect,
      });
      await recordAudit(tx, { actorId: editor.id, action: "section.create", entityType: "section", entityId: created.id, data: { name: data.name, slug, description: data.description } });
      return created;
    });
  } catch (error) {
    if (isSlugConflict(error)) throw slugRace(slug);
    throw error;
  }
  // The navigation gains it; /<slug> may hold a cached 404.
  await invalidateReaderPages([SECTIONS_TAG, sectionTag(slug)], [`/${slug}`], `section ${slug} was created`);
  return section;
}

function slugRace(slug: string): AppError {
  const message = sectionSlugTaken(slug, slug);
  return new AppError("INVALID_INPUT", message, { fieldErrors: { slug: [message] } });
}

/**
 * Renames (name, slug) and describes a section. A new slug keeps the old one as a redirect (308,
 * its feeds and pages too); a slug another section has or had is refused, changing nothing.
 */
export async function updateSection(actor: Actor | null, input: unknown): Promise<SectionRow> {
  const editor = assertCan(actor, "taxonomy.manage", SECTIONS_STAFF_ONLY);
  const data = parseInput(updateSectionSchema, input ?? {}, {
    message: SECTION_FIELDS_NEED_ATTENTION,
    fieldRefusals: { sectionId: () => new AppError("NOT_FOUND", SECTION_NOT_FOUND) },
  });
  const slug = checkedSlug(data.slug, data.name);
  let outcome: { section: SectionRow; before: SectionRow; placements: StoryPlacement[] };
  try {
    outcome = await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Section" WHERE "id" = ${data.sectionId}::uuid FOR UPDATE`;
      if (!locked) throw new AppError("NOT_FOUND", SECTION_NOT_FOUND);
      const before = await tx.section.findUniqueOrThrow({ where: { id: data.sectionId }, select: deskSelect });
      const renamed = before.name !== data.name || before.slug !== slug;
      // Where its stories showed before the change (their teasers name the section and link into it).
      const placements = renamed ? await loadPublishedPlacements(tx, { sectionId: before.id }) : [];
      if (before.slug !== slug) {
        await assertSectionSlugFree(tx, slug, before.id);
        // The old address redirects to the new; the new one is no longer an old one (a rename back).
        await tx.sectionSlug.deleteMany({ where: { slug } });
        await tx.sectionSlug.create({ data: { slug: before.slug, sectionId: before.id } });
      }
      const section = await tx.section.update({ where: { id: before.id }, data: { name: data.name, slug, description: data.description }, select: deskSelect });
      const changes: Record<string, { before: string; after: string }> = {};
      for (const field of ["name", "slug", "description"] as const) {
        if (before[field] !== section[field]) changes[field] = { before: before[field], after: section[field] };
      }
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, { actorId: editor.id, action: before.slug !== slug ? "section.rename" : "section.update", entityType: "section", entityId: before.id, data: changes });
      }
      return { section, before, placements };
    });
  } catch (error) {
    if (isSlugConflict(error)) throw slugRace(slug);
    throw error;
  }
  const { section, before, placements } = outcome;
  const renamed = before.name !== section.name || before.slug !== section.slug;
  const described = before.description !== section.description;
  if (!renamed && !described) return section;
  const tags = new Set([sectionTag(before.slug), sectionTag(section.slug)]);
  const paths = new Set([`/${section.slug}`, `/${section.slug}/rss.xml`, `/${section.slug}/atom.xml`]);
  if (renamed) {
    // The navigation on every page, the front page's block, and every list showing its stories.
    tags.add(SECTIONS_TAG);
    tags.add(HOME_TAG);
    for (const tag of tagsForStoryChange(...placements)) tags.add(tag);
    paths.add("/");
  }
  await invalidateReaderPages([...tags], [...paths], `section ${section.slug} was changed`);
  return section;
}

/** Moves a section one place up or down the navigation (archived sections are not in it). */
export async function moveSection(actor: Actor | null, input: unknown): Promise<SectionRow[]> {
  const editor = assertCan(actor, "taxonomy.manage", SECTIONS_STAFF_ONLY);
  const { sectionId, direction } = parseInput(moveSectionSchema, input ?? {}, {
    message: SECTION_FIELDS_NEED_ATTENTION,
    fieldRefusals: { sectionId: () => new AppError("NOT_FOUND", SECTION_NOT_FOUND) },
  });
  const result = await db.$transaction(async (tx) => {
    // Every section's row, locked in one order: two moves at once cannot interleave.
    await tx.$queryRaw`SELECT "id" FROM "Section" ORDER BY "id" FOR UPDATE`;
    const active = await tx.section.findMany({ where: { archivedAt: null }, orderBy: [{ position: "asc" }, { name: "asc" }], select: deskSelect });
    const index = active.findIndex((s) => s.id === sectionId);
    if (index === -1) {
      const exists = await tx.section.findUnique({ where: { id: sectionId }, select: { id: true } });
      throw exists ? new AppError("INVALID_INPUT", SECTION_ARCHIVED_NOT_IN_NAVIGATION) : new AppError("NOT_FOUND", SECTION_NOT_FOUND);
    }
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= active.length) return { order: active, moved: false };
    const order = [...active];
    [order[index], order[target]] = [order[target]!, order[index]!];
    // Positions 0..n-1 in the new order; archived sections keep theirs.
    for (const [position, section] of order.entries()) {
      if (section.position !== position) await tx.section.update({ where: { id: section.id }, data: { position }, select: { id: true } });
    }
    await recordAudit(tx, {
      actorId: editor.id,
      action: "section.reorder",
      entityType: "section",
      entityId: sectionId,
      data: { direction, before: active.map((s) => s.slug), after: order.map((s) => s.slug) },
    });
    return { order: order.map((s, position) => ({ ...s, position })), moved: true };
  });
  // The navigation on every page, and the front page's blocks (in the navigation's order).
  if (result.moved) await invalidateReaderPages([SECTIONS_TAG, HOME_TAG], ["/"], "the sections were reordered");
  return result.order;
}

/**
 * Archives a section (or brings it back): it leaves the navigation, the front page and the story
 * editor's choices for new stories; its front, feeds and stories stay where they are.
 */
export async function archiveSection(actor: Actor | null, input: unknown): Promise<SectionRow> {
  const editor = assertCan(actor, "taxonomy.manage", SECTIONS_STAFF_ONLY);
  const { sectionId, archived } = parseInput(archiveSectionSchema, input ?? {}, {
    message: SECTION_FIELDS_NEED_ATTENTION,
    fieldRefusals: { sectionId: () => new AppError("NOT_FOUND", SECTION_NOT_FOUND) },
  });
  const result = await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ archived: boolean }>>`SELECT "archivedAt" IS NOT NULL AS "archived" FROM "Section" WHERE "id" = ${sectionId}::uuid FOR UPDATE`;
    if (!locked) throw new AppError("NOT_FOUND", SECTION_NOT_FOUND);
    if (locked.archived === archived) return { section: await tx.section.findUniqueOrThrow({ where: { id: sectionId }, select: deskSelect }), changed: false };
    let position: number | undefined;
    if (!archived) {
      // Back at the end of the navigation.
      const last = await tx.section.aggregate({ where: { archivedAt: null }, _max: { position: true } });
      position = (last._max.position ?? -1) + 1;
    }
    const section = await tx.section.update({
      where: { id: sectionId },
      data: { archivedAt: archived ? new Date() : null, ...(position === undefined ? {} : { position }) },
      select: deskSelect,
    });
    await recordAudit(tx, { actorId: editor.id, action: archived ? "section.archive" : "section.restore", entityType: "section", entityId: sectionId, data: { slug: section.slug } });
    return { section, changed: true };
  });
  if (result.changed) await invalidateReaderPages([SECTIONS_TAG, HOME_TAG], ["/"], `section ${result.section.slug} was ${archived ? "archived" : "restored"}`);
  return result.section;
}
