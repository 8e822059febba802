// What the account page reads: a person's own comments, newest first, whatever their status, so
// they can see what readers see of them and why the rest is not shown. Of each comment's story it
// shows only what readers may see: a story on the site now, its headline and link; a story taken
// off the site, the headline it was last published under (never the desk's working headline, which
// may be rewritten once it is down: "EMBARGOED: …"), without a link.

import "server-only";

import { describeOwnCommentStatus } from "@/lib/accounts/comment-status";
import { assertSignedIn } from "@/lib/auth/sign-in";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { CommentStatus, StoryStatus } from "@/lib/generated/prisma/enums";
import { isPublishedStory, publicSection } from "@/lib/stories/visibility";

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
    /**
     * On the site: its headline. Off it: the headline of its last publication, or null when none
     * is on record (shown as STORY_NO_LONGER_PUBLISHED).
     */
    headline: string | null;
    /** The comment on the story's discussion page, or null when the story is not on the site. */
    href: string | null;
  };
}

/** What stands for a story that is off the site and whose published headline is not on record. */
export const STORY_NO_LONGER_PUBLISHED = "a story no longer published";

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

interface StoryRow {
  headline: string;
  slug: string;
  status: StoryStatus;
  publishedAt: Date | null;
  embargoUntil: Date | null;
  section: { slug: string } | null;
  revisions: Array<{ headline: string }>;
}

// What the reader site serves (lib/stories/visibility.ts).
function readerViewOfStory(story: StoryRow, commentId: string): OwnComment["story"] {
  if (isPublishedStory(story)) {
    return { headline: story.headline, href: `/${publicSection(story.section).slug}/${story.slug}/comments#comment-${commentId}` };
  }
  return { headline: story.revisions[0]?.headline ?? null, href: null };
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
      story: {
        select: {
          headline: true,
          slug: true,
          status: true,
          publishedAt: true,
          embargoUntil: true,
          section: { select: { slug: true } },
          // The headline as it last went out: a PUBLISH revision is written in the transaction that
          // puts the story on the site (by hand or by the scheduler), with exactly what readers got.
          revisions: { where: { kind: "PUBLISH" }, orderBy: [{ version: "desc" }, { createdAt: "desc" }], take: 1, select: { headline: true } },
        },
      },
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
      story: readerViewOfStory(row.story, row.id),
    })),
  };
}
