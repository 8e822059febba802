// Comments and reports made straight in the database for the moderation and people tests, so
// they do not depend on how the reader-facing comment code posts them.

import "server-only";

import { createHash } from "node:crypto";

import { db } from "@/lib/db";
import type { CommentStatus, ReportReason } from "@/lib/generated/prisma/enums";
import { makeUser, unique } from "@/tests/integration/factories";

export async function makeComment(options: {
  storyId: string;
  authorId?: string | null;
  parentId?: string;
  status?: CommentStatus;
  body?: string;
  holdReasons?: string[];
  createdAt?: Date;
  deletedAt?: Date;
}) {
  const body = options.body ?? unique("A comment");
  const authorId = options.authorId === undefined ? (await makeUser("READER")).id : options.authorId;
  return db.comment.create({
    data: {
      storyId: options.storyId,
      authorId,
      parentId: options.parentId ?? null,
      body,
      bodyHash: createHash("sha256").update(body).digest("hex"),
      status: options.status ?? "PENDING",
      holdReasons: options.holdReasons ?? [],
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      ...(options.deletedAt ? { deletedAt: options.deletedAt } : {}),
    },
    select: { id: true, storyId: true, authorId: true, status: true, body: true },
  });
}

export async function makeReport(commentId: string, options: { reason?: ReportReason; text?: string; reporterId?: string } = {}) {
  const reporterId = options.reporterId ?? (await makeUser("READER")).id;
  const report = await db.commentReport.create({
    data: { commentId, reporterId, reason: options.reason ?? "ABUSE", text: options.text ?? "" },
    select: { id: true },
  });
  await db.comment.update({ where: { id: commentId }, data: { reportCount: { increment: 1 } }, select: { id: true } });
  return report;
}
