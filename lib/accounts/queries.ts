// What the account page reads: a person's own comments, newest first, whatever their status, so
// they can see what readers see of them and why the rest is not shown.

import { describeOwnCommentStatus } from "@/lib/accounts/comment-status";
import { assertSignedIn } from "@/lib/auth/sign-in";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { CommentStatus } from "@/lib/generated/prisma/enums";

export const OWN_COMMENTS_PAGE_SIZE = 20;

export interface OwnComment {
  id: string;
  /** Empty once the person deleted it. */
  body: string;
  status: CommentStatus;
  /** The status in plain words, as the person is told it. */
  statusText: string;
  isDeleted: boolean;
  createdAt: Date;
  editedAt: Date | null;
  story: {
    headline: string;
    /** The comment on the story's discussion page, or null when the story is not on the site. */
    href: string | null;
  };
}

export interface OwnCommentsPage {
  comments: OwnComment[];
  page: number;
  pageCount: number;
  total: number;
}

/** Reads a ?page= value: anything that is not a whole number from 1 up is page 1. */
export function parsePageParam(raw: unknown): number {
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== "string" || !/^\d{1,6}$/.test(value)) return 1;
  return Math.max(1, Number(value));
}

export async function listOwnComments(actor: Actor | null, options: { page?: number } = {}): Promise<OwnCommentsPage> {
  const person = assertSignedIn(actor);
  const where = { authorId: person.id };
  const total = await db.comment.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / OWN_COMMENTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount);
  const rows = await db.comment.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * OWN_COMMENTS_PAGE_SIZE,
    take: OWN_COMMENTS_PAGE_SIZE,
    select: {
      id: true,
      body: true,
      status: true,
      holdReasons: true,
      rejectReason: true,
      deletedAt: true,
      createdAt: true,
      editedAt: true,
      story: { select: { headline: true, slug: true, status: true, section: { select: { slug: true } } } },
    },
  });
  return {
    page,
    pageCount,
    total,
    comments: rows.map((row) => ({
      id: row.id,
      body: row.deletedAt ? "" : row.body,
      status: row.status,
      statusText: describeOwnCommentStatus(row),
      isDeleted: row.deletedAt !== null,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      story: {
        headline: row.story.headline,
        href:
          row.story.status === "PUBLISHED"
            ? `/${row.story.section.slug}/${row.story.slug}/comments#comment-${row.id}`
            : null,
      },
    })),
  };
}
