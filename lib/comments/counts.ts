// The one place that keeps the denormalised comment counts right. The rule, used everywhere:
// a comment is VISIBLE to readers when its status is APPROVED and its author has not deleted it
// (deletedAt IS NULL). Story.commentCount = its visible comments (top-level and replies alike);
// Comment.replyCount = its visible direct replies. A deleted comment that still has replies is shown
// as "This comment was deleted." to keep the thread, but it is not counted.
//
// Concurrency: every function here locks the rows it counts into (stories, then parent comments,
// each in id order) before it reads, and in READ COMMITTED each later statement takes a fresh
// snapshot, so a count never misses a change another transaction committed while we waited.
// Deadlocks are avoided by one lock order in every transaction that changes what readers see:
//   1. lockStoriesForComments(tx, storyIds)  (first, before touching any Comment row)
//   2. change the comments (insert, status, deletedAt)
//   3. adjustVisibleCounts(tx, changes)  or  recountStoryComments + recountReplies
// then refresh the story pages: after commit, invalidateComments(storyIds). Posting, the hot path,
// does all of it in one statement, the SQL function "post_comment" (its migration,
// prisma/migrations/20261127132700_post_comment_function), in the same order: the story's lock, the
// insert, the counts as adjustVisibleCounts adds them (story, then parent), and the cache stamp last,
// in the same transaction since PostgreSQL delivers its NOTIFY at commit; the local mark follows
// the commit (docs/caching.md).

import "server-only";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { commentsTag } from "@/lib/cache/tags";
import type { Tx } from "@/lib/db";
import type { CommentStatus } from "@/lib/generated/prisma/enums";

type Client = Pick<Tx, "$queryRaw" | "$executeRaw">;

/** Whether readers see a comment (and it counts). */
export function isVisibleToReaders(comment: { status: CommentStatus; deletedAt: Date | null }): boolean {
  return comment.status === "APPROVED" && comment.deletedAt === null;
}

function sortedUnique(ids: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))].sort();
}

/** Locks the stories' rows (in id order). Take it first in any transaction that changes which comments readers see. */
export async function lockStoriesForComments(tx: Client, storyIds: ReadonlyArray<string>): Promise<void> {
  const ids = sortedUnique(storyIds);
  if (ids.length === 0) return;
  // NO KEY UPDATE: the lock the count UPDATE takes anyway (so it never has to be upgraded), and it
  // still lets other transactions insert comments referencing the story.
  await tx.$queryRaw`SELECT "id" FROM "Story" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR NO KEY UPDATE`;
}

/** Sets each story's commentCount from its comments. Use after bulk changes (moderation, account deletion). */
export async function recountStoryComments(tx: Client, storyIds: ReadonlyArray<string>): Promise<void> {
  const ids = sortedUnique(storyIds);
  if (ids.length === 0) return;
  await lockStoriesForComments(tx, ids);
  // A separate statement after the lock: it sees everything committed while we waited for it.
  await tx.$executeRaw`
    UPDATE "Story" s SET "commentCount" = (
      SELECT count(*)::int FROM "Comment" c
      WHERE c."storyId" = s."id" AND c."status" = 'APPROVED' AND c."deletedAt" IS NULL
    )
    WHERE s."id" = ANY(${ids}::uuid[])`;
}

/** Sets each comment's replyCount from its direct replies. Call after recountStoryComments (lock order). */
export async function recountReplies(tx: Client, parentIds: ReadonlyArray<string | null | undefined>): Promise<void> {
  const ids = sortedUnique(parentIds);
  if (ids.length === 0) return;
  await tx.$queryRaw`SELECT "id" FROM "Comment" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR NO KEY UPDATE`;
  await tx.$executeRaw`
    UPDATE "Comment" p SET "replyCount" = (
      SELECT count(*)::int FROM "Comment" c
      WHERE c."parentId" = p."id" AND c."status" = 'APPROVED' AND c."deletedAt" IS NULL
    )
    WHERE p."id" = ANY(${ids}::uuid[])`;
}

export interface VisibilityChange {
  storyId: string;
  parentId: string | null;
  wasVisible: boolean;
  isVisible: boolean;
}

/**
 * The cheap path for single changes (posting, editing, deleting, a report hold): adds the
 * difference instead of counting. Correct under concurrency as long as the caller changed the
 * comment row with the row locked (an UPDATE … WHERE, or an INSERT), so wasVisible is the truth.
 * "post_comment" adds a new comment's +1 the same way in SQL.
 */
export async function adjustVisibleCounts(tx: Client, changes: ReadonlyArray<VisibilityChange>): Promise<void> {
  const storyDelta = new Map<string, number>();
  const parentDelta = new Map<string, number>();
  for (const change of changes) {
    const delta = (change.isVisible ? 1 : 0) - (change.wasVisible ? 1 : 0);
    if (delta === 0) continue;
    storyDelta.set(change.storyId, (storyDelta.get(change.storyId) ?? 0) + delta);
    if (change.parentId) parentDelta.set(change.parentId, (parentDelta.get(change.parentId) ?? 0) + delta);
  }
  for (const id of [...storyDelta.keys()].sort()) {
    const delta = storyDelta.get(id) ?? 0;
    if (delta !== 0) await tx.$executeRaw`UPDATE "Story" SET "commentCount" = "commentCount" + ${delta} WHERE "id" = ${id}::uuid`;
  }
  for (const id of [...parentDelta.keys()].sort()) {
    const delta = parentDelta.get(id) ?? 0;
    if (delta !== 0) await tx.$executeRaw`UPDATE "Comment" SET "replyCount" = "replyCount" + ${delta} WHERE "id" = ${id}::uuid`;
  }
}

/**
 * After commit: refreshes the cached story pages showing these stories' comments, on every
 * instance. Logged, not thrown: the change is saved and pages refresh on their revalidate time.
 */
export async function invalidateComments(storyIds: ReadonlyArray<string>): Promise<void> {
  const ids = sortedUnique(storyIds);
  if (ids.length === 0) return;
  try {
    await invalidateReaderCache(ids.map((id) => commentsTag(id)));
  } catch (error) {
    console.error(`Could not invalidate the comments of ${ids.length} stories; their pages refresh on their revalidate time`, error);
  }
}
