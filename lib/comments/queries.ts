// Reading a story's comments. One query fetches every comment row of the story (bodies only of
// those the viewer may read: the SQL blanks the rest), then the thread is built in memory: top-level
// comments in the chosen order, replies oldest first under their parent, nested up to
// MAX_DEPTH levels; deeper replies are listed under their level-MAX_DEPTH ancestor with "in reply
// to <name>". A comment readers cannot see stays in the thread as a placeholder only when something
// below it is shown ("This comment was deleted."); otherwise it is left out. Names only, never emails.

import "server-only";

import { db } from "@/lib/db";
import type { CommentStatus } from "@/lib/generated/prisma/enums";
import { isUuid } from "@/lib/validation/uuid";
import { isPublishedStory, publicSection } from "@/lib/stories/visibility";

import { effectiveCommentPolicy, type EffectivePolicy } from "./policy";
import { newsroomDateStyle } from "@/lib/settings/dates";
import type { CommentSort } from "./schemas";

/** Levels of nesting shown; a reply deeper than this is shown at this level, saying whom it answers. */
export const MAX_DEPTH = 4;
export const FORMER_READER = "A former reader";

/**
 * published: readers see it. deleted: its author deleted it (placeholder). hidden: held or removed,
 * shown as a placeholder because replies below it are published. held / rejected: the viewer's own
 * comment, which only they see, with the reasons.
 */
export type ThreadCommentState = "published" | "deleted" | "hidden" | "held" | "rejected";

export interface ThreadComment {
  id: string;
  parentId: string | null;
  authorName: string;
  /** The viewer wrote it (always false in the cached, anonymous thread). */
  isOwn: boolean;
  state: ThreadCommentState;
  /** The text when state is published, held or rejected; "" otherwise. */
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  replyCount: number;
  /** 1 for top-level comments; at most MAX_DEPTH. */
  depth: number;
  /** For replies flattened at MAX_DEPTH: the name of the person answered. */
  inReplyTo: string | null;
  /** For the viewer's own held comment: hold codes; for their rejected one: the moderator's reason. */
  holdReasons: string[];
  rejectReason: string | null;
  status: CommentStatus;
  replies: ThreadComment[];
}

export interface CommentThread {
  comments: ThreadComment[];
  /** Comments readers see (published), whatever the viewer. */
  count: number;
}

interface Row {
  id: string;
  parentId: string | null;
  authorId: string | null;
  displayName: string | null;
  status: CommentStatus;
  deleted: boolean;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  replyCount: number;
  holdReasons: string[];
  rejectReason: string | null;
}

/** A comment row as buildThread takes it (the story page's own statement reads these too: lib/stories/story-page.ts). */
export type CommentRow = Row;

async function loadRows(storyId: string, viewerId: string | null): Promise<Row[]> {
  const viewer = viewerId ?? "00000000-0000-0000-0000-000000000000";
  return db.$queryRaw<Row[]>`
    SELECT c."id", c."parentId", c."authorId", u."displayName", c."status",
      (c."deletedAt" IS NOT NULL) AS "deleted",
      CASE WHEN c."deletedAt" IS NULL AND (c."status" = 'APPROVED' OR c."authorId" = ${viewer}::uuid) THEN c."body" ELSE '' END AS "body",
      c."createdAt", c."editedAt", c."replyCount",
      CASE WHEN c."authorId" = ${viewer}::uuid THEN c."holdReasons" ELSE ARRAY[]::text[] END AS "holdReasons",
      CASE WHEN c."authorId" = ${viewer}::uuid THEN c."rejectReason" ELSE NULL END AS "rejectReason"
    FROM "Comment" c
    LEFT JOIN "User" u ON u."id" = c."authorId"
    WHERE c."storyId" = ${storyId}::uuid
    ORDER BY c."createdAt", c."id"`;
}

function stateOf(row: Row, viewerId: string | null): ThreadCommentState {
  if (row.deleted) return "deleted";
  if (row.status === "APPROVED") return "published";
  if (viewerId !== null && row.authorId === viewerId) return row.status === "PENDING" ? "held" : "rejected";
  return "hidden";
}

function compareTopLevel(sort: CommentSort): (a: ThreadComment, b: ThreadComment) => number {
  const oldest = (a: ThreadComment, b: ThreadComment) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);
  if (sort === "newest") return (a, b) => -oldest(a, b);
  if (sort === "replies") return (a, b) => b.replyCount - a.replyCount || oldest(a, b);
  return oldest;
}

/** Builds the thread from rows in createdAt order (pure: exported for tests). */
export function buildThread(rows: readonly Row[], options: { sort: CommentSort; viewerId: string | null }): CommentThread {
  const nodes = new Map<string, ThreadComment>();
  const childrenOf = new Map<string | null, ThreadComment[]>();
  let count = 0;
  for (const row of rows) {
    const state = stateOf(row, options.viewerId);
    if (state === "published") count++;
    const node: ThreadComment = {
      id: row.id,
      parentId: row.parentId,
      // A deleted or hidden comment is a placeholder: nobody's name is attached to it.
      authorName: state === "deleted" || state === "hidden" ? "" : (row.displayName ?? FORMER_READER),
      isOwn: options.viewerId !== null && row.authorId === options.viewerId,
      state,
      body: row.body,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      replyCount: row.replyCount,
      depth: 0,
      inReplyTo: null,
      holdReasons: row.holdReasons,
      rejectReason: row.rejectReason,
      status: row.status,
      replies: [],
    };
    nodes.set(row.id, node);
  }
  for (const node of nodes.values()) {
    // A reply whose parent is gone from the rows (should not happen: replies cascade) is top-level.
    const key = node.parentId !== null && nodes.has(node.parentId) ? node.parentId : null;
    const list = childrenOf.get(key);
    if (list) list.push(node);
    else childrenOf.set(key, [node]);
  }

  // Keeps a node if it is shown, or if anything below it is; returns the kept subtree's flat size.
  const keep = (node: ThreadComment): boolean => {
    const children = childrenOf.get(node.id) ?? [];
    const kept = children.filter(keep);
    childrenOf.set(node.id, kept);
    return node.state === "published" || node.state === "held" || node.state === "rejected" || kept.length > 0;
  };

  const place = (node: ThreadComment, depth: number, anchor: ThreadComment | null): void => {
    const children = childrenOf.get(node.id) ?? [];
    for (const child of children) {
      if (depth < MAX_DEPTH) {
        child.depth = depth + 1;
        node.replies.push(child);
        place(child, depth + 1, null);
      } else {
        // Too deep to indent further: listed under the deepest shown ancestor, in time order.
        const under = anchor ?? node;
        child.depth = MAX_DEPTH;
        child.inReplyTo = node.authorName || null;
        const list = flattened.get(under.id);
        if (list) list.push(child);
        else flattened.set(under.id, [child]);
        place(child, depth + 1, under);
      }
    }
  };
  const flattened = new Map<string, ThreadComment[]>();

  const top = (childrenOf.get(null) ?? []).filter(keep);
  for (const node of top) {
    node.depth = 1;
    place(node, 1, null);
  }
  for (const [id, list] of flattened) {
    const under = nodes.get(id)!;
    under.replies.push(...list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)));
  }
  top.sort(compareTopLevel(options.sort));
  return { comments: top, count };
}

/** A story's thread as a viewer sees it: readers' published comments, plus the viewer's own held or rejected ones. */
export async function getCommentThread(storyId: string, options: { sort?: CommentSort; viewerId?: string | null } = {}): Promise<CommentThread> {
  const viewerId = options.viewerId ?? null;
  const rows = await loadRows(storyId, viewerId);
  return buildThread(rows, { sort: options.sort ?? "oldest", viewerId });
}

export interface StoryComments {
  storyId: string;
  policy: EffectivePolicy;
  thread: CommentThread;
}

/** The story's comment policy now, or null for a story readers cannot see. */
export async function getStoryCommentPolicy(storyId: string, now: Date = new Date()): Promise<EffectivePolicy | null> {
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: { status: true, commentPolicy: true, commentsClosedAt: true, publishedAt: true, embargoUntil: true, section: { select: { commentsCloseAfterDays: true } } },
  });
  if (!story || !isPublishedStory(story)) return null;
  return effectiveCommentPolicy({ ...story, commentsCloseAfterDays: publicSection(story.section).commentsCloseAfterDays }, await newsroomDateStyle(), now);
}

/**
 * A story's whole discussion as an anonymous reader sees it: the policy now and the published
 * thread, oldest first (what the discussion page shows before the viewer's own comments are added;
 * `npm run bench` times it on a 1,000-comment story). Null for a story readers cannot see.
 */
export async function getStoryComments(storyId: string): Promise<StoryComments | null> {
  const [policy, thread] = await Promise.all([getStoryCommentPolicy(storyId), getCommentThread(storyId, { sort: "oldest" })]);
  return policy ? { storyId, policy, thread } : null;
}

export interface StoryCommentPreview {
  storyId: string;
  policy: EffectivePolicy;
  /** The first top-level comments readers see, oldest first, without their replies (replyCount says how many). */
  comments: ThreadComment[];
  /** Comments readers see on the story, replies included. */
  count: number;
}

/**
 * What the cached story page shows under the story: its policy, its comment count and the first
 * `limit` published top-level comments (each with its reply count, not the replies), in one query
 * that reads only those rows, however long the discussion. The whole thread is on the discussion
 * page. Null for a story readers cannot see.
 */
export async function getStoryCommentPreview(storyId: string, limit: number): Promise<StoryCommentPreview | null> {
  if (!isUuid(storyId)) return null;
  const take = Math.max(0, Math.min(Math.trunc(limit), 100));
  const [policy, rows, story] = await Promise.all([
    getStoryCommentPolicy(storyId),
    // Rows as loadRows gives them to an anonymous reader, so buildThread makes the same comments.
    db.$queryRaw<Row[]>`
      SELECT c."id", c."parentId", c."authorId", u."displayName", c."status", false AS "deleted", c."body",
        c."createdAt", c."editedAt", c."replyCount", ARRAY[]::text[] AS "holdReasons", NULL AS "rejectReason"
      FROM "Comment" c
      LEFT JOIN "User" u ON u."id" = c."authorId"
      WHERE c."storyId" = ${storyId}::uuid AND c."status" = 'APPROVED' AND c."parentId" IS NULL AND c."deletedAt" IS NULL
      ORDER BY c."createdAt", c."id"
      LIMIT ${take}`,
    db.story.findUnique({ where: { id: storyId }, select: { commentCount: true } }),
  ]);
  if (!policy || !story) return null;
  return { storyId, policy, count: story.commentCount, comments: buildThread(rows, { sort: "oldest", viewerId: null }).comments };
}

/** The discussion page of a published story: /<section>/<slug>/comments. */
export function discussionHref(story: { sectionSlug: string; slug: string }): string {
  return `/${story.sectionSlug}/${story.slug}/comments`;
}

const discussionStorySelect = { id: true, slug: true, status: true, publishedAt: true, embargoUntil: true, section: { select: { slug: true } } } as const;

/** Where a story's discussion page is, by story id or by one of its comments' ids; null when readers cannot see it. */
export async function findDiscussion(target: { storyId: string } | { commentId: string }): Promise<{ storyId: string; href: string } | null> {
  const id = "storyId" in target ? target.storyId : target.commentId;
  if (!isUuid(id)) return null;
  const story =
    "storyId" in target
      ? await db.story.findUnique({ where: { id }, select: discussionStorySelect })
      : (await db.comment.findUnique({ where: { id }, select: { story: { select: discussionStorySelect } } }))?.story;
  if (!story || !isPublishedStory(story)) return null;
  return { storyId: story.id, href: discussionHref({ sectionSlug: publicSection(story.section).slug, slug: story.slug }) };
}
