// Changing one's own comments: editing within ten minutes of posting (the hold rules run again) and
// deleting. Each locks the story, then the comment (the lock order of lib/comments/counts.ts),
// writes in one transaction that keeps the counts, and refreshes the story's cached comments
// after commit.

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CommentStatus } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

import { adjustVisibleCounts, invalidateComments, isVisibleToReaders, lockStoriesForComments } from "./counts";
import { assertNoBannedWords, heldMessage, holdReasons, REPEAT_WINDOW_MS } from "./holds";
import { effectiveCommentPolicy, type StoryCommentRules } from "./policy";
import { newsroomDateStyle } from "@/lib/settings/dates";
import type { PostedComment } from "./post";
import { closedRefusal, notFoundComment, notFoundStory, signInToComment } from "./refusals";
import { deleteCommentSchema, EDIT_WINDOW_MS, editCommentSchema } from "./schemas";
import { COMMENT_REMOVED, EDIT_WINDOW_PASSED, NOT_OWN_COMMENT } from "./sentences";
import { cachedCommentSettings } from "./settings";
import { assertMayComment } from "./standing";
import { bodyHash, hasLinks, parseCommentBodyInput } from "./text";

export { EDIT_WINDOW_MS } from "./schemas";

/**
 * Locks the story (the lock order of counts.ts) and returns what decides whether it takes comments now, or refuses.
 * Editing uses it; "post_comment" does the same in SQL for posting.
 */
async function openStoryForComments(tx: Tx, storyId: string, now: Date) {
  // One round trip: the lock lockStoriesForComments would take, and the fields the policy needs.
  const rows = await tx.$queryRaw<Array<StoryCommentRules & { id: string }>>`
    SELECT s."id", s."status"::text AS "status", s."commentPolicy"::text AS "commentPolicy", s."commentsClosedAt", s."publishedAt",
      sec."commentsCloseAfterDays"
    FROM "Story" s JOIN "Section" sec ON sec."id" = s."sectionId"
    WHERE s."id" = ${storyId}::uuid
    FOR NO KEY UPDATE OF s`;
  const story = rows[0];
  // Readers cannot see a draft, so for them it does not exist.
  if (!story || story.status !== "PUBLISHED") throw notFoundStory();
  const effective = effectiveCommentPolicy(story, await newsroomDateStyle(), now);
  if (effective.policy === "CLOSED") throw closedRefusal(effective);
  return { story, policy: effective.policy };
}

interface AuthorFacts {
  createdAt: Date;
  hasApprovedComment: boolean;
  postedSameTextRecently: boolean;
}

/**
 * What the hold rules need to know about the author, other than the comment being edited, in one
 * round trip. Editing uses it; "post_comment" reads the same facts in SQL for posting. Run it after
 * the story's lock (a separate statement, so a fresh snapshot).
 */
async function loadAuthorFacts(tx: Tx, authorId: string, hash: string, now: Date, exceptCommentId: string): Promise<AuthorFacts> {
  const since = new Date(now.getTime() - REPEAT_WINDOW_MS);
  const rows = await tx.$queryRaw<Array<{ createdAt: Date; approved: boolean; repeated: boolean }>>`
    SELECT u."createdAt",
      EXISTS (SELECT 1 FROM "Comment" c WHERE c."authorId" = u."id" AND c."status" = 'APPROVED' AND c."id" <> ${exceptCommentId}::uuid) AS "approved",
      EXISTS (SELECT 1 FROM "Comment" c WHERE c."authorId" = u."id" AND c."bodyHash" = ${hash} AND c."createdAt" > ${since} AND c."id" <> ${exceptCommentId}::uuid) AS "repeated"
    FROM "User" u
    WHERE u."id" = ${authorId}::uuid`;
  const row = rows[0];
  if (!row) throw signInToComment();
  return { createdAt: row.createdAt, hasApprovedComment: row.approved, postedSameTextRecently: row.repeated };
}

async function lockOwnComment(tx: Tx, author: Actor, commentId: string) {
  const found = await tx.comment.findUnique({ where: { id: commentId }, select: { storyId: true } });
  if (!found) throw notFoundComment();
  await lockStoriesForComments(tx, [found.storyId]);
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Comment" WHERE "id" = ${commentId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw notFoundComment();
  const comment = await tx.comment.findUniqueOrThrow({
    where: { id: commentId },
    select: { id: true, storyId: true, parentId: true, authorId: true, status: true, holdReasons: true, deletedAt: true, createdAt: true },
  });
  if (comment.authorId !== author.id) throw new AppError("FORBIDDEN", NOT_OWN_COMMENT, { reason: "NOT_OWN_COMMENT" });
  return comment;
}

export interface EditedComment extends PostedComment {
  editedAt: Date;
}

/** Changes the text of one's own comment within ten minutes of posting; the hold rules run again. */
export async function editComment(actor: Actor | null, input: unknown): Promise<EditedComment> {
  const author = await assertMayComment(actor);
  const { commentId, body: bodyInput } = parseInput(editCommentSchema, input ?? {});
  if (!isUuid(commentId)) throw notFoundComment();
  const body = parseCommentBodyInput(bodyInput);
  const settings = await cachedCommentSettings();
  assertNoBannedWords(body, settings.bannedWords);
  const hash = bodyHash(body);

  const edited = await db.$transaction(async (tx) => {
    const now = new Date();
    const comment = await lockOwnComment(tx, author, commentId);
    if (comment.deletedAt) throw new AppError("INVALID_TRANSITION", "You deleted this comment, so it cannot be edited.", { reason: "COMMENT_DELETED" });
    if (comment.status === "REJECTED" || comment.status === "SPAM") {
      throw new AppError("INVALID_TRANSITION", COMMENT_REMOVED, { reason: "COMMENT_REMOVED" });
    }
    if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) {
      throw new AppError("INVALID_TRANSITION", EDIT_WINDOW_PASSED, { reason: "EDIT_WINDOW_PASSED" });
    }
    const { policy } = await openStoryForComments(tx, comment.storyId, now);
    const facts = await loadAuthorFacts(tx, author.id, hash, now, comment.id);
    const reasons = holdReasons({
      body,
      hasLinks: hasLinks(body),
      policy: policy === "PREMODERATED" ? "PREMODERATED" : "OPEN",
      settings,
      author: { ...facts, canModerate: can(author.role, "comment.moderate") },
      now,
    });
    // Readers' reports stand: editing a reported comment does not put it back on the page.
    if (comment.holdReasons.includes("REPORTED") && comment.status === "PENDING") reasons.push("REPORTED");
    const status: CommentStatus = reasons.length > 0 ? "PENDING" : "APPROVED";
    await tx.comment.update({ where: { id: comment.id }, data: { body, bodyHash: hash, status, holdReasons: reasons, editedAt: now }, select: { id: true } });
    const wasVisible = isVisibleToReaders(comment);
    await adjustVisibleCounts(tx, [{ storyId: comment.storyId, parentId: comment.parentId, wasVisible, isVisible: status === "APPROVED" }]);
    return {
      result: { id: comment.id, storyId: comment.storyId, parentId: comment.parentId, status, holdReasons: reasons, heldBecause: reasons.length > 0 ? heldMessage(reasons) : null, editedAt: now },
      readersSaw: wasVisible || status === "APPROVED",
    };
  });
  if (edited.readersSaw) await invalidateComments([edited.result.storyId]);
  return edited.result;
}

/** Deletes one's own comment: the text goes, the place in the thread stays ("This comment was deleted."). */
export async function deleteComment(actor: Actor | null, input: unknown): Promise<{ id: string; storyId: string }> {
  // A suspended reader may still take their own words down.
  const author = assertCan(actor, "comment.post", "Your account cannot change comments.");
  const { commentId } = parseInput(deleteCommentSchema, input ?? {}, { fieldRefusals: { commentId: notFoundComment } });
  if (!isUuid(commentId)) throw notFoundComment();

  const deleted = await db.$transaction(async (tx) => {
    const comment = await lockOwnComment(tx, author, commentId);
    if (comment.deletedAt) return { id: comment.id, storyId: comment.storyId, wasVisible: false };
    await tx.comment.update({ where: { id: comment.id }, data: { body: "", bodyHash: "", deletedAt: new Date() }, select: { id: true } });
    const wasVisible = isVisibleToReaders(comment);
    await adjustVisibleCounts(tx, [{ storyId: comment.storyId, parentId: comment.parentId, wasVisible, isVisible: false }]);
    await recordAudit(tx, { actorId: author.id, action: "comment.delete", entityType: "comment", entityId: comment.id, data: { storyId: comment.storyId } });
    return { id: comment.id, storyId: comment.storyId, wasVisible };
  });
  if (deleted.wasVisible) await invalidateComments([deleted.storyId]);
  return { id: deleted.id, storyId: deleted.storyId };
}
