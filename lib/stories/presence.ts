// Who else has a story open in the desk. The editor sends a heartbeat every few seconds; a row
// that has not been refreshed within PRESENCE_TTL_MS is someone who has left.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canViewInDesk } from "@/lib/stories/access";

import { isUuid } from "@/lib/validation/uuid";
import { STORY_NOT_FOUND, OWN_STORIES_ONLY } from "@/lib/stories/sentences";

export const PRESENCE_TTL_MS = 45_000;

export interface PresentEditor {
  userId: string;
  displayName: string;
  since: Date;
}

export interface PresenceState {
  others: PresentEditor[];
  version: number;
  savedBy: string | null;
}

/** Marks the actor as present on the story and returns who else is, and the story's current version. */
export async function touchStoryPresence(actor: Actor | null, storyId: unknown): Promise<PresenceState> {
  const viewer = assertCan(actor, "desk.open");
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: {
      status: true,
      createdById: true,
      version: true,
      updatedBy: { select: { displayName: true } },
      bylines: { select: { bylineId: true } },
    },
  });
  if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  if (!canViewInDesk(viewer, { status: story.status, createdById: story.createdById, bylineIds: story.bylines.map((b) => b.bylineId) })) {
    throw new AppError("FORBIDDEN", OWN_STORIES_ONLY);
  }
  const now = new Date();
  const [, rows] = await Promise.all([
    db.storyPresence.upsert({
      where: { storyId_userId: { storyId: storyId, userId: viewer.id } },
      create: { storyId: storyId, userId: viewer.id, lastSeenAt: now },
      update: { lastSeenAt: now },
      select: { storyId: true },
    }),
    db.storyPresence.findMany({
      where: { storyId: storyId, userId: { not: viewer.id }, lastSeenAt: { gt: new Date(now.getTime() - PRESENCE_TTL_MS) } },
      orderBy: { lastSeenAt: "desc" },
      select: { userId: true, lastSeenAt: true, user: { select: { displayName: true } } },
    }),
  ]);
  return {
    others: rows.map((row) => ({ userId: row.userId, displayName: row.user.displayName, since: row.lastSeenAt })),
    version: story.version,
    savedBy: story.updatedBy?.displayName ?? null,
  };
}

export async function leaveStoryPresence(actor: Actor | null, storyId: unknown): Promise<void> {
  const viewer = assertCan(actor, "desk.open");
  if (!isUuid(storyId)) return;
  await db.storyPresence.deleteMany({ where: { storyId: storyId, userId: viewer.id } });
}
