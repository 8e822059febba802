// The front page's lead: editors pin one published story to lead it; with nothing pinned, the
// newest story leads. Pinning is a placement, not an edit: it leaves the story's version and
// "updated" time alone (raw UPDATEs, since Prisma would bump @updatedAt), so readers see no
// "Updated" line and nobody's open editor is told the story changed. A story that leaves the site
// (unpublished) loses its pin in the same transaction, so it never comes back as the lead.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { HOME_TAG } from "@/lib/cache/tags";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyIdSchema } from "@/lib/stories/schemas";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { publishedStoryWhere } from "@/lib/stories/visibility";
import { STORY_NOT_FOUND } from "@/lib/stories/sentences";

export const pinLeadInputSchema = z.object({ storyId: storyIdSchema });

export interface PinnedLead {
  storyId: string;
  pinnedAt: Date;
  /** Stories that were pinned before and no longer are. */
  replacedIds: string[];
}

const PERMISSION_MESSAGE = "Only editors and admins can choose the front page's lead.";

/**
 * Pins a published story as the front page's lead. Only one story is pinned at a time: pinning
 * clears any earlier pin, so unpublishing the lead later brings back the newest story rather than
 * an old pin.
 */
export async function pinStoryAsLead(actor: Actor | null, input: unknown): Promise<PinnedLead> {
  const editor = assertCan(actor, "story.publish", PERMISSION_MESSAGE);
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (!isUuid(raw.storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const { storyId } = parseInput(pinLeadInputSchema, input, { message: FIELDS_NEED_ATTENTION });

  const lead = await db.$transaction(async (tx) => {
    // Lock the row so the story cannot be unpublished between the check and the pin.
    const [story] = await tx.$queryRaw<Array<{ id: string; status: string; headline: string }>>`
      SELECT "id", "status"::text AS "status", "headline" FROM "Story" WHERE "id" = ${storyId}::uuid FOR UPDATE`;
    if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
    if (story.status !== "PUBLISHED") {
      throw new AppError("INVALID_TRANSITION", "Only a published story can lead the front page. Publish it first.");
    }
    const replaced = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE "Story" SET "pinnedAt" = NULL WHERE "pinnedAt" IS NOT NULL AND "id" <> ${storyId}::uuid RETURNING "id"`;
    const [pinned] = await tx.$queryRaw<Array<{ pinnedAt: Date }>>`
      UPDATE "Story" SET "pinnedAt" = now() WHERE "id" = ${storyId}::uuid RETURNING "pinnedAt"`;
    const replacedIds = replaced.map((row) => row.id);
    await recordAudit(tx, {
      actorId: editor.id,
      action: "story.pin",
      entityType: "story",
      entityId: storyId,
      data: { headline: story.headline, replacedIds },
    });
    return { storyId, pinnedAt: pinned!.pinnedAt, replacedIds };
  });
  await refreshFrontPage();
  return lead;
}

/** Clears every pin, so the newest published story leads again. */
export async function unpinLead(actor: Actor | null): Promise<{ unpinnedIds: string[] }> {
  const editor = assertCan(actor, "story.publish", PERMISSION_MESSAGE);
  const unpinnedIds = await db.$transaction(async (tx) => {
    const unpinned = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE "Story" SET "pinnedAt" = NULL WHERE "pinnedAt" IS NOT NULL RETURNING "id"`;
    for (const { id } of unpinned) {
      await recordAudit(tx, { actorId: editor.id, action: "story.unpin", entityType: "story", entityId: id });
    }
    return unpinned.map((row) => row.id);
  });
  if (unpinnedIds.length > 0) await refreshFrontPage();
  return { unpinnedIds };
}

/**
 * Inside the caller's transaction, after it has locked the story and checked permission: clears
 * the story's pin, if it has one, with an audit record saying why. Returns whether it was pinned.
 * The caller refreshes the front page after commit (`refreshFrontPage`).
 */
export async function clearLeadPin(tx: Tx, storyId: string, actorId: string, reason: string): Promise<boolean> {
  const cleared = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "Story" SET "pinnedAt" = NULL WHERE "id" = ${storyId}::uuid AND "pinnedAt" IS NOT NULL RETURNING "id"`;
  if (cleared.length === 0) return false;
  await recordAudit(tx, { actorId, action: "story.unpin", entityType: "story", entityId: storyId, data: { reason } });
  return true;
}

/**
 * After a committed change of lead: the front page, on every instance (docs/caching.md). A failure
 * is logged, not thrown: the change is saved, and the page refreshes on its revalidate time.
 */
export async function refreshFrontPage(): Promise<void> {
  try {
    await invalidateReaderCache([HOME_TAG]);
  } catch (error) {
    console.error("Could not invalidate the front page in the reader cache; it refreshes on its revalidate time", error);
  }
}

export interface LeadState {
  isPublished: boolean;
  /** This story is pinned as the lead. */
  isPinned: boolean;
  /** Some published story (this one or another) is pinned. */
  hasPinnedLead: boolean;
}

/**
 * What the desk's "Pin as lead" control shows for a story; null when the person may not choose
 * the lead (or there is no such story), so the control is simply not offered.
 */
export async function getLeadState(actor: Actor | null, storyId: string): Promise<LeadState | null> {
  if (!actor || !can(actor.role, "story.publish")) return null;
  if (!isUuid(storyId)) return null;
  const [story, pinned] = await Promise.all([
    db.story.findUnique({ where: { id: storyId }, select: { status: true, pinnedAt: true } }),
    // The pinned story that leads the front page (getFrontPage): one readers can see.
    db.story.findFirst({ where: { pinnedAt: { not: null }, ...publishedStoryWhere }, select: { id: true } }),
  ]);
  if (!story) return null;
  const isPublished = story.status === "PUBLISHED";
  // A pin left on a story taken down before pins were cleared with it leads nothing.
  return { isPublished, isPinned: isPublished && story.pinnedAt !== null, hasPinnedLead: pinned !== null };
}
