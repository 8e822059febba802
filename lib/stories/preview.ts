// The preview: a story's current saved state, rendered as readers would see it, for any status.
// Only people who may open the story in the desk may preview it.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { canViewInDesk } from "@/lib/stories/access";
import { parseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import { storyHref, type BylineRef } from "@/lib/stories/queries";

import { isUuid } from "@/lib/validation/uuid";
import { STORY_NOT_FOUND } from "@/lib/stories/sentences";

/** Everything the reader's article shows (StoryArticle's props). */
export interface PreviewArticle {
  headline: string;
  standfirst: string;
  dateline: string;
  datelinePlace: string;
  credit: string;
  /** Null for a draft not yet placed in a section. */
  section: { name: string; slug: string } | null;
  bylines: BylineRef[];
  publishedAt: Date;
  updatedAt: Date;
  body: StoryDocument;
  corrections: Array<{ id: string; kind: "CORRECTION" | "CLARIFICATION"; text: string; createdAt: Date }>;
}

export interface StoryPreview {
  id: string;
  status: StoryStatus;
  /** With status SCHEDULED: when it goes out. */
  scheduledFor: Date | null;
  /** No reader sees the story before this; null when there is no embargo or it has lifted. */
  embargoUntil: Date | null;
  /** Where readers find (or will find) the story; null while it has no section. */
  href: string | null;
  article: PreviewArticle;
}

export async function getStoryPreview(actor: Actor | null, storyId: string, now: Date = new Date()): Promise<StoryPreview> {
  const viewer = assertCan(actor, "desk.open");
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const row = await db.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      slug: true,
      status: true,
      scheduledFor: true,
      headline: true,
      standfirst: true,
      dateline: true,
      datelinePlace: true,
      credit: true,
      embargoUntil: true,
      body: true,
      publishedAt: true,
      updatedAt: true,
      createdById: true,
      section: { select: { name: true, slug: true } },
      bylines: { orderBy: { position: "asc" }, select: { byline: { select: { id: true, name: true, slug: true, kind: true } } } },
      corrections: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, text: true, createdAt: true } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const ownership = { status: row.status, createdById: row.createdById, bylineIds: row.bylines.map((b) => b.byline.id) };
  if (!canViewInDesk(viewer, ownership)) throw new AppError("FORBIDDEN", "You can only preview your own stories.");

  // A story that has never gone out carries the date it would get if it were published now; its
  // last save is then no later than that, so it shows no "Updated" line, as on first publication.
  const publishedAt = row.publishedAt ?? now;
  return {
    id: row.id,
    status: row.status,
    scheduledFor: row.status === "SCHEDULED" ? row.scheduledFor : null,
    embargoUntil: row.embargoUntil && row.embargoUntil > now ? row.embargoUntil : null,
    href: row.section ? storyHref(row.section.slug, row.slug) : null,
    article: {
      headline: row.headline,
      standfirst: row.standfirst,
      dateline: row.dateline,
      datelinePlace: row.datelinePlace,
      credit: row.credit,
      section: row.section,
      bylines: row.bylines.map((b) => b.byline),
      publishedAt,
      updatedAt: row.publishedAt ? row.updatedAt : publishedAt,
      body: parseStoryDocument(row.body),
      corrections: row.corrections,
    },
  };
}
