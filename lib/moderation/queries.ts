// The moderation queues. Pending: comments held for a decision. Reported: comments with reports
// nobody has dealt with, most reported first. Recent: every comment, newest first. A page of any
// queue is a handful of queries whatever its length: the page's ids, the comments with their
// story, parent and author, the authors' history in one GROUP BY, and the open reports.

import "server-only";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CommentPolicy, CommentStatus, ReportReason, Role, StoryStatus, UserStatus } from "@/lib/generated/prisma/enums";
import { storyHref } from "@/lib/stories/queries";
import { parseInput } from "@/lib/validation/parse-input";
import { UUID_PATTERN } from "@/lib/validation/uuid";

export const MODERATION_QUEUES = ["pending", "reported", "recent"] as const;
export type ModerationQueue = (typeof MODERATION_QUEUES)[number];

export const QUEUE_LABELS: Record<ModerationQueue, string> = {
  pending: "Pending",
  reported: "Reported",
  recent: "Recent",
};

export const MODERATION_PAGE_SIZE = 25;
/** How much of a parent comment a reply shows for context. */
export const PARENT_EXCERPT_LENGTH = 200;

export interface ModerationReport {
  id: string;
  reason: ReportReason;
  text: string;
  createdAt: Date;
}

export interface AuthorHistory {
  id: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  joinedAt: Date;
  approved: number;
  rejected: number;
  spam: number;
  pending: number;
}

export interface ModerationItem {
  id: string;
  /** Empty once its author deleted it. */
  body: string;
  status: CommentStatus;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  moderatedAt: Date | null;
  holdReasons: string[];
  rejectReason: string | null;
  replyCount: number;
  story: {
    id: string;
    headline: string;
    /** The reader page when the story is published, otherwise the desk editor. */
    href: string;
    status: StoryStatus;
    commentPolicy: CommentPolicy;
    commentsClosedAt: Date | null;
  };
  parent: { id: string; excerpt: string; authorName: string | null; deleted: boolean } | null;
  /** Null when the author deleted their account and their comments were anonymised. */
  author: AuthorHistory | null;
  /** Reports nobody has dealt with yet, newest first. */
  reports: ModerationReport[];
}

export interface ModerationPage {
  items: ModerationItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// Pending and Recent: the last item's time (ms) and id. Reported: its open-report count and id.
const TIME_CURSOR = new RegExp(`^t(\\d{1,15})_(${UUID_PATTERN})$`);
const COUNT_CURSOR = new RegExp(`^n(\\d{1,9})_(${UUID_PATTERN})$`);

const listInputSchema = z.object({
  queue: z.enum(MODERATION_QUEUES).default("pending"),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(MODERATION_PAGE_SIZE),
});

function badCursor(): AppError {
  return new AppError("NOT_FOUND", "That page of the queue does not exist.");
}

function decodeTimeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = TIME_CURSOR.exec(cursor);
  if (!match?.[1] || !match[2]) throw badCursor();
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

function decodeCountCursor(cursor: string): { reports: number; id: string } {
  const match = COUNT_CURSOR.exec(cursor);
  if (!match?.[1] || !match[2]) throw badCursor();
  return { reports: Number(match[1]), id: match[2] };
}

const MODERATOR_ONLY = "Only moderators, editors and admins can see the moderation queues.";

/** One page of a queue, for /desk/moderation. */
export async function listModerationQueue(actor: Actor | null, input: unknown): Promise<ModerationPage> {
  assertCan(actor, "comment.moderate", MODERATOR_ONLY);
  const { queue, cursor, limit } = parseInput(listInputSchema, input ?? {}, { message: "Ask for a known queue and between 1 and 100 comments." });

  let ids: string[];
  let nextCursor: string | null = null;
  if (queue === "reported") {
    const after = cursor ? decodeCountCursor(cursor) : null;
    // Ties in the count fall back to the id, so the order is total and the cursor exact.
    const rows = await db.$queryRaw<Array<{ id: string; reports: number }>>`
      SELECT r."commentId" AS "id", count(*)::int AS "reports"
      FROM "CommentReport" r
      JOIN "Comment" c ON c."id" = r."commentId" AND c."deletedAt" IS NULL
      WHERE r."resolvedAt" IS NULL
      GROUP BY r."commentId"
      ${after ? havingAfter(after) : Prisma.empty}
      ORDER BY "reports" DESC, r."commentId" DESC
      LIMIT ${limit + 1}`;
    ids = rows.slice(0, limit).map((row) => row.id);
    const last = rows[limit - 1];
    if (rows.length > limit && last) nextCursor = `n${last.reports}_${last.id}`;
  } else {
    const after = cursor ? decodeTimeCursor(cursor) : null;
    const rows = queue === "pending" ? await pendingPage(after, limit + 1) : await recentPage(after, limit + 1);
    ids = rows.slice(0, limit).map((row) => row.id);
    const last = rows[limit - 1];
    if (rows.length > limit && last) nextCursor = `t${last.createdAt.getTime()}_${last.id}`;
  }

  return { items: await loadModerationItems(ids), nextCursor };
}

type TimeKey = { createdAt: Date; id: string };

function beforeKey(after: TimeKey | null): Prisma.CommentWhereInput {
  return after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {};
}

async function pendingPage(after: TimeKey | null, take: number): Promise<TimeKey[]> {
  // A comment its author deleted can no longer be decided on, so it leaves the pending queue.
  return db.comment.findMany({
    where: { status: "PENDING", deletedAt: null, ...beforeKey(after) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, createdAt: true },
  });
}

const STATUSES = ["PENDING", "APPROVED", "REJECTED", "SPAM"] as const;

/**
 * Every comment, newest first. There is no index on the time alone, but there is one on (status,
 * time): so one statement reads the newest few of each status from that index and merges them,
 * rather than sorting every comment ever written.
 */
async function recentPage(after: TimeKey | null, take: number): Promise<TimeKey[]> {
  const bound = after ? Prisma.sql`AND "createdAt" <= ${after.createdAt} AND ("createdAt", "id") < (${after.createdAt}, ${after.id}::uuid)` : Prisma.empty;
  const parts = STATUSES.map(
    (status) => Prisma.sql`(SELECT "id", "createdAt" FROM "Comment" WHERE "status" = ${status}::"CommentStatus" ${bound} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${take})`,
  );
  return db.$queryRaw<TimeKey[]>`
    SELECT "id", "createdAt" FROM (${Prisma.join(parts, " UNION ALL ")}) AS newest
    ORDER BY "createdAt" DESC, "id" DESC LIMIT ${take}`;
}

function havingAfter(after: { reports: number; id: string }): Prisma.Sql {
  return Prisma.sql`HAVING (count(*)::int, r."commentId") < (${after.reports}::int, ${after.id}::uuid)`;
}

/**
 * The comments with everything a moderator needs to decide, in the order of `ids`. Not exported:
 * it checks no one, so only listModerationQueue, which has checked, calls it.
 */
async function loadModerationItems(ids: readonly string[]): Promise<ModerationItem[]> {
  if (ids.length === 0) return [];
  const [comments, reports] = await Promise.all([
    db.comment.findMany({
      where: { id: { in: [...ids] } },
      select: {
        id: true,
        body: true,
        status: true,
        createdAt: true,
        editedAt: true,
        deletedAt: true,
        moderatedAt: true,
        holdReasons: true,
        rejectReason: true,
        replyCount: true,
        authorId: true,
        story: {
          select: {
            id: true,
            headline: true,
            slug: true,
            status: true,
            commentPolicy: true,
            commentsClosedAt: true,
            section: { select: { slug: true } },
          },
        },
        parent: { select: { id: true, body: true, deletedAt: true, author: { select: { displayName: true } } } },
        author: { select: { id: true, displayName: true, role: true, status: true, suspendedUntil: true, createdAt: true } },
      },
    }),
    db.commentReport.findMany({
      where: { commentId: { in: [...ids] }, resolvedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, commentId: true, reason: true, text: true, createdAt: true },
    }),
  ]);

  const authorIds = [...new Set(comments.flatMap((c) => (c.authorId ? [c.authorId] : [])))];
  const history = authorIds.length
    ? await db.comment.groupBy({
        by: ["authorId", "status"],
        where: { authorId: { in: authorIds }, deletedAt: null },
        _count: { _all: true },
      })
    : [];
  const counts = new Map<string, Record<CommentStatus, number>>();
  for (const row of history) {
    if (!row.authorId) continue;
    const entry = counts.get(row.authorId) ?? { PENDING: 0, APPROVED: 0, REJECTED: 0, SPAM: 0 };
    entry[row.status] = row._count._all;
    counts.set(row.authorId, entry);
  }
  const reportsBy = new Map<string, ModerationReport[]>();
  for (const report of reports) {
    const list = reportsBy.get(report.commentId) ?? [];
    list.push({ id: report.id, reason: report.reason, text: report.text, createdAt: report.createdAt });
    reportsBy.set(report.commentId, list);
  }

  const byId = new Map(
    comments.map((c): [string, ModerationItem] => {
      const authorCounts = c.authorId ? counts.get(c.authorId) : undefined;
      return [
        c.id,
        {
          id: c.id,
          body: c.deletedAt ? "" : c.body,
          status: c.status,
          createdAt: c.createdAt,
          editedAt: c.editedAt,
          deletedAt: c.deletedAt,
          moderatedAt: c.moderatedAt,
          holdReasons: c.holdReasons,
          rejectReason: c.rejectReason,
          replyCount: c.replyCount,
          story: {
            id: c.story.id,
            headline: c.story.headline,
            href: c.story.status === "PUBLISHED" && c.story.section ? storyHref(c.story.section.slug, c.story.slug) : `/desk/stories/${c.story.id}`,
            status: c.story.status,
            commentPolicy: c.story.commentPolicy,
            commentsClosedAt: c.story.commentsClosedAt,
          },
          parent: c.parent
            ? {
                id: c.parent.id,
                excerpt: c.parent.deletedAt ? "" : excerpt(c.parent.body, PARENT_EXCERPT_LENGTH),
                authorName: c.parent.author?.displayName ?? null,
                deleted: c.parent.deletedAt !== null,
              }
            : null,
          author: c.author
            ? {
                id: c.author.id,
                displayName: c.author.displayName,
                role: c.author.role,
                status: c.author.status,
                suspendedUntil: c.author.suspendedUntil,
                joinedAt: c.author.createdAt,
                approved: authorCounts?.APPROVED ?? 0,
                rejected: authorCounts?.REJECTED ?? 0,
                spam: authorCounts?.SPAM ?? 0,
                pending: authorCounts?.PENDING ?? 0,
              }
            : null,
          reports: reportsBy.get(c.id) ?? [],
        },
      ];
    }),
  );
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}

/** The first `length` characters of a comment, cut at a word where one is near. */
export function excerpt(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface QueueCounts {
  pending: number;
  reported: number;
  /** Comments written in the last 24 hours. */
  recent: number;
}

/** The numbers on the queue tabs. */
export async function countModerationQueues(actor: Actor | null): Promise<QueueCounts> {
  assertCan(actor, "comment.moderate", MODERATOR_ONLY);
  const dayAgo = new Date(Date.now() - 86_400_000);
  const [pending, reported, recent] = await Promise.all([
    db.comment.count({ where: { status: "PENDING", deletedAt: null } }),
    db.$queryRaw<Array<{ n: number }>>`
      SELECT count(DISTINCT r."commentId")::int AS "n"
      FROM "CommentReport" r
      JOIN "Comment" c ON c."id" = r."commentId" AND c."deletedAt" IS NULL
      WHERE r."resolvedAt" IS NULL`,
    db.comment.count({ where: { createdAt: { gte: dayAgo } } }),
  ]);
  return { pending, reported: reported[0]?.n ?? 0, recent };
}
