// Moderators' decisions. One decision on up to 100 comments is one transaction: the stories are
// locked first and then the comments (the lock order of lib/comments/counts.ts), the counts are
// recounted there, the comments' open reports are resolved, and each comment's decision gets its
// own audit record. Readers' pages are refreshed after the commit, never before.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { commentsTag, slugTag } from "@/lib/cache/tags";
import { invalidateComments, isVisibleToReaders, lockStoriesForComments, recountReplies, recountStoryComments } from "@/lib/comments/counts";
import { COMMENT_NOT_FOUND, STORY_NOT_FOUND } from "@/lib/comments/sentences";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CommentPolicy, CommentStatus } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/validation/parse-input";
import { plainText } from "@/lib/validation/text";
import { isUuid } from "@/lib/validation/uuid";
import { enqueueCommentsModerated } from "@/lib/webhooks/events";

export const MODERATION_DECISIONS = ["approve", "reject", "spam"] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];

export const MAX_BULK_DECISION = 100;
export const MAX_REJECT_REASON_LENGTH = 500;

const STATUS_FOR: Record<ModerationDecision, CommentStatus> = { approve: "APPROVED", reject: "REJECTED", spam: "SPAM" };

export const DECISION_PAST_TENSE: Record<ModerationDecision, string> = { approve: "approved", reject: "rejected", spam: "marked as spam" };

const MODERATOR_ONLY = "Only moderators, editors and admins can moderate comments.";

const CHOOSE_A_COMMENT = "Choose at least one comment.";

/** What the queue says when the pressed button names no decision. */
export const CHOOSE_DECISION = "Choose approve, reject or spam.";

export const moderateCommentsInputSchema = z
  .object({
    ids: z
      .array(z.uuid({ error: COMMENT_NOT_FOUND }), { error: CHOOSE_A_COMMENT })
      .min(1, CHOOSE_A_COMMENT)
      .max(MAX_BULK_DECISION, `Decide on at most ${MAX_BULK_DECISION} comments at once.`),
    decision: z.enum(MODERATION_DECISIONS, { error: CHOOSE_DECISION }),
    reason: plainText("The reason")
      .max(MAX_REJECT_REASON_LENGTH, `The reason can be at most ${MAX_REJECT_REASON_LENGTH} characters.`)
      .optional()
      .transform((value) => (value ? value : undefined)),
  })
  .superRefine((input, ctx) => {
    if (input.decision === "reject" && !input.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why the comment is rejected: its author will see the reason." });
    }
  });

export type ModerateCommentsInput = z.input<typeof moderateCommentsInputSchema>;

export interface ModerationResult {
  decision: ModerationDecision;
  count: number;
  /** Reports on these comments that the decision resolved. */
  resolvedReports: number;
}

interface LockedComment {
  id: string;
  storyId: string;
  parentId: string | null;
  status: CommentStatus;
  deletedAt: Date | null;
}

/** Approves, rejects (with a reason its author sees) or marks as spam 1 to 100 comments at once. */
export async function moderateComments(actor: Actor | null, input: unknown): Promise<ModerationResult> {
  const moderator = assertCan(actor, "comment.moderate", MODERATOR_ONLY);
  // An id that is not even a UUID is a comment that does not exist.
  const parsed = parseInput(moderateCommentsInputSchema, input, { fieldRefusals: { "ids.*": () => new AppError("NOT_FOUND", COMMENT_NOT_FOUND) } });
  const { decision, reason } = parsed;
  const ids = [...new Set(parsed.ids)].sort();
  const status = STATUS_FOR[decision];

  const outcome = await db.$transaction(async (tx) => {
    // A comment never changes story, so its story can be read before the locks are taken.
    const placement = await tx.comment.findMany({ where: { id: { in: ids } }, select: { storyId: true } });
    await lockStoriesForComments(tx, placement.map((row) => row.storyId));
    const rows = await tx.$queryRaw<LockedComment[]>`
      SELECT "id", "storyId", "parentId", "status"::text AS "status", "deletedAt"
      FROM "Comment" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR UPDATE`;
    if (rows.length !== ids.length) {
      throw new AppError("NOT_FOUND", ids.length === 1 ? COMMENT_NOT_FOUND : "Some of these comments do not exist any more. Reload the queue.");
    }
    const deleted = rows.filter((row) => row.deletedAt !== null);
    if (deleted.length > 0) {
      throw new AppError(
        "INVALID_TRANSITION",
        ids.length === 1
          ? "Its author deleted this comment, so there is nothing left to decide."
          : "Some of these comments were deleted by their authors. Reload the queue and choose again.",
      );
    }

    const now = new Date();
    await tx.comment.updateMany({
      where: { id: { in: ids } },
      data: { status, rejectReason: decision === "reject" ? (reason ?? null) : null, moderatedById: moderator.id, moderatedAt: now },
    });
    const resolved = await tx.commentReport.updateMany({ where: { commentId: { in: ids }, resolvedAt: null }, data: { resolvedAt: now } });

    const changed = rows.filter((row) => isVisibleToReaders(row) !== isVisibleToReaders({ status, deletedAt: row.deletedAt }));
    const changedStories = [...new Set(changed.map((row) => row.storyId))];
    await recountStoryComments(tx, changedStories);
    await recountReplies(tx, changed.map((row) => row.parentId));

    for (const row of rows) {
      await recordAudit(tx, {
        actorId: moderator.id,
        action: `comment.${decision}`,
        entityType: "comment",
        entityId: row.id,
        data: { storyId: row.storyId, before: row.status, after: status, ...(reason ? { reason } : {}) },
      });
    }
    await enqueueCommentsModerated(tx, ids);
    return { changedStories, resolvedReports: resolved.count };
  });

  await invalidateComments(outcome.changedStories);
  return { decision, count: ids.length, resolvedReports: outcome.resolvedReports };
}


export interface ClosedComments {
  storyId: string;
  commentPolicy: CommentPolicy;
  commentsClosedAt: Date;
  /** False when they were closed already: nothing changed. */
  changed: boolean;
}

/** Closes a story's comments from the queue: existing comments stay, nobody can add one. */
export async function closeStoryComments(actor: Actor | null, storyId: unknown): Promise<ClosedComments> {
  const moderator = assertCan(actor, "comment.moderate", MODERATOR_ONLY);
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);

  const result = await db.$transaction(async (tx) => {
    const [story] = await tx.$queryRaw<Array<{ id: string; status: string; commentPolicy: CommentPolicy; commentsClosedAt: Date | null; slug: string }>>`
      SELECT "id", "status"::text AS "status", "commentPolicy"::text AS "commentPolicy", "commentsClosedAt", "slug"
      FROM "Story" WHERE "id" = ${storyId}::uuid FOR UPDATE`;
    if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
    if (story.commentPolicy === "CLOSED") {
      return { changed: false, closedAt: story.commentsClosedAt ?? new Date(), status: story.status, slug: story.slug };
    }
    const closedAt = new Date();
    await tx.story.update({
      where: { id: story.id },
      // A new version, like any other change to the story: an editor who has it open and saves
      // (autosave included) gets the conflict to resolve instead of quietly reopening comments.
      data: { commentPolicy: "CLOSED", commentsClosedAt: closedAt, version: { increment: 1 }, updatedBy: { connect: { id: moderator.id } } },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: moderator.id,
      action: "story.commentsClose",
      entityType: "story",
      entityId: story.id,
      data: { before: story.commentPolicy, after: "CLOSED" },
    });
    return { changed: true, closedAt, status: story.status, slug: story.slug };
  });

  if (result.changed && result.status === "PUBLISHED") {
    // The story page says whether comments are open, and it is cached by slug (old slugs redirect).
    try {
      const oldSlugs = await db.storySlug.findMany({ where: { storyId }, select: { slug: true } });
      await invalidateReaderCache([slugTag(result.slug), ...oldSlugs.map((s) => slugTag(s.slug)), commentsTag(storyId)]);
    } catch (error) {
      console.error(`Could not invalidate the reader cache for story ${storyId}; its page refreshes on its revalidate time`, error);
    }
  }
  return { storyId, commentPolicy: "CLOSED", commentsClosedAt: result.closedAt, changed: result.changed };
}
