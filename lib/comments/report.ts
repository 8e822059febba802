// Reporting a comment readers can see; enough reports from different readers send it back to the
// moderators.

import "server-only";

import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ReportReason } from "@/lib/generated/prisma/enums";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

import { adjustVisibleCounts, invalidateComments, isVisibleToReaders, lockStoriesForComments } from "./counts";
import { countLimits, type RequestMeta } from "./limits";
import { notFoundComment } from "./refusals";
import { reportCommentSchema } from "./schemas";
import { REPORT_OWN_COMMENT, REPORTED_TWICE } from "./sentences";
import { cachedCommentSettings } from "./settings";
import { assertMayComment } from "./standing";

function reportedTwice(): AppError {
  return new AppError("CONFLICT", REPORTED_TWICE, { reason: "REPORTED_TWICE" });
}

export interface ReportResult {
  id: string;
  commentId: string;
  reason: ReportReason;
  /** Whether this report sent the comment back to the moderators (it left the page). */
  held: boolean;
}

/**
 * Reports a comment readers can see. One report per reader per comment; when reportsToHold
 * different readers have open reports on it, it goes back to PENDING (hold reason REPORTED).
 */
export async function reportComment(actor: Actor | null, input: unknown, meta: RequestMeta = {}): Promise<ReportResult> {
  const reporter = await assertMayComment(actor);
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (!isUuid(raw.commentId)) throw notFoundComment();
  const { commentId, reason, text } = parseInput(reportCommentSchema, input, { reasons: { reason: "REPORT_REASON_MISSING", text: "REPORT_CONTROL_CHARACTER" } });
  const settings = await cachedCommentSettings();

  // Checked before counting against the limit: reporting twice is a mistake, not abuse.
  const existing = await db.commentReport.findUnique({ where: { commentId_reporterId: { commentId, reporterId: reporter.id } }, select: { id: true } });
  if (existing) throw reportedTwice();

  const limited = await countLimits(
    [
      { name: "reportPerAccountHour", key: `comment:report:account:${reporter.id}:h` },
      ...(meta.address ? [{ name: "reportPerAddressHour" as const, key: `comment:report:address:${meta.address}:h` }] : []),
    ],
    "RATE_LIMITED_REPORTS",
  );
  if (limited) throw limited;

  const reported = await db.$transaction(async (tx) => {
    const found = await tx.comment.findUnique({ where: { id: commentId }, select: { storyId: true } });
    if (!found) throw notFoundComment();
    await lockStoriesForComments(tx, [found.storyId]);
    await tx.$queryRaw`SELECT "id" FROM "Comment" WHERE "id" = ${commentId}::uuid FOR NO KEY UPDATE`;
    const comment = await tx.comment.findUniqueOrThrow({
      where: { id: commentId },
      select: { id: true, storyId: true, parentId: true, authorId: true, status: true, deletedAt: true, holdReasons: true, story: { select: { status: true } } },
    });
    if (comment.story.status !== "PUBLISHED" || !isVisibleToReaders(comment)) throw new AppError("NOT_FOUND", "That comment is not shown any more, so there is nothing to report.", { reason: "REPORT_NOT_SHOWN" });
    if (comment.authorId === reporter.id) throw new AppError("INVALID_INPUT", REPORT_OWN_COMMENT, { reason: "REPORT_OWN_COMMENT" });
    const report = await tx.commentReport
      .create({ data: { commentId, reporterId: reporter.id, reason, text }, select: { id: true } })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "P2002") throw reportedTwice();
        throw error;
      });
    await tx.comment.update({ where: { id: commentId }, data: { reportCount: { increment: 1 } }, select: { id: true } });
    const open = await tx.commentReport.count({ where: { commentId, resolvedAt: null, reporterId: { not: null } } });
    let held = false;
    if (open >= settings.reportsToHold) {
      held = true;
      const reasons = comment.holdReasons.includes("REPORTED") ? comment.holdReasons : [...comment.holdReasons, "REPORTED"];
      await tx.comment.update({ where: { id: commentId }, data: { status: "PENDING", holdReasons: reasons }, select: { id: true } });
      await adjustVisibleCounts(tx, [{ storyId: comment.storyId, parentId: comment.parentId, wasVisible: true, isVisible: false }]);
      await recordAudit(tx, { actorId: null, action: "comment.hold", entityType: "comment", entityId: commentId, data: { reason: "REPORTED", reports: open } });
    }
    return { id: report.id, commentId, reason, held, storyId: comment.storyId };
  });
  if (reported.held) await invalidateComments([reported.storyId]);
  return { id: reported.id, commentId: reported.commentId, reason: reported.reason, held: reported.held };
}
