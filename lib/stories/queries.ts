// Reading stories: the reader site sees published stories only; the desk sees what the role allows.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { canEditContent, canViewInDesk } from "@/lib/stories/access";
import { parseDeskDocument, parseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import { isPublishedStory, publicSection, publishedStoryWhere } from "@/lib/stories/visibility";
import { availableActions, type WorkflowAction } from "@/lib/stories/workflow";
import { isUuid } from "@/lib/validation/uuid";
import { STORY_NOT_FOUND, OWN_STORIES_ONLY } from "@/lib/stories/sentences";

const bylineSelect = {
  orderBy: { position: "asc" },
  select: { byline: { select: { id: true, name: true, slug: true, kind: true } } },
} as const satisfies Prisma.Story$bylinesArgs;

/** What a teaser needs, for every list of stories readers see (turn a row into one with `toTeaser`). */
export const teaserSelect = {
  id: true,
  slug: true,
  headline: true,
  standfirst: true,
  dateline: true,
  publishedAt: true,
  commentCount: true,
  section: { select: { name: true, slug: true } },
  bylines: bylineSelect,
} as const satisfies Prisma.StorySelect;

export type TeaserRow = Prisma.StoryGetPayload<{ select: typeof teaserSelect }>;

export interface BylineRef {
  id: string;
  name: string;
  slug: string;
  kind: "PERSON" | "ORGANISATION";
}

export interface StoryTeaser {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  dateline: string;
  publishedAt: Date;
  commentCount: number;
  section: { name: string; slug: string };
  bylines: BylineRef[];
  href: string;
}

export function storyHref(sectionSlug: string, slug: string): string {
  return `/${sectionSlug}/${slug}`;
}

export function toTeaser(row: TeaserRow): StoryTeaser {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    publishedAt: row.publishedAt ?? new Date(0),
    commentCount: row.commentCount,
    section: publicSection(row.section),
    bylines: row.bylines.map((b) => b.byline),
    href: storyHref(publicSection(row.section).slug, row.slug),
  };
}


export async function listLatestStories(options: { limit?: number; sectionSlug?: string } = {}): Promise<StoryTeaser[]> {
  const rows = await db.story.findMany({
    where: { ...publishedStoryWhere, ...(options.sectionSlug ? { section: { slug: options.sectionSlug } } : {}) },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: Math.min(options.limit ?? 20, 100),
    select: teaserSelect,
  });
  return rows.map(toTeaser);
}

export interface PublishedStory extends StoryTeaser {
  /** Where the story was filed ("SEOUL"): wire style at the start of its first paragraph; "" when none. */
  datelinePlace: string;
  /** "Reporting by A; Editing by B", or an agency's credit: at the foot of the story; "" when none. */
  credit: string;
  body: StoryDocument;
  updatedAt: Date;
  corrections: Array<{ id: string; kind: "CORRECTION" | "CLARIFICATION"; text: string; createdAt: Date }>;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
}

export type StoryLookup = { kind: "found"; story: PublishedStory } | { kind: "redirect"; href: string } | { kind: "missing" };

/** A story as readers see it, found by its slug or by one of its old slugs (which redirect). */
export async function getPublishedStory(sectionSlug: string, slug: string): Promise<StoryLookup> {
  const row = await db.story.findFirst({
    where: { ...publishedStoryWhere, slug },
    select: {
      ...teaserSelect,
      datelinePlace: true,
      credit: true,
      body: true,
      updatedAt: true,
      commentPolicy: true,
      corrections: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, text: true, createdAt: true } },
    },
  });
  if (row) {
    const section = publicSection(row.section);
    if (section.slug !== sectionSlug) return { kind: "redirect", href: storyHref(section.slug, row.slug) };
    return {
      kind: "found",
      story: {
        ...toTeaser(row),
        datelinePlace: row.datelinePlace,
        credit: row.credit,
        body: parseStoryDocument(row.body),
        updatedAt: row.updatedAt,
        corrections: row.corrections,
        commentPolicy: row.commentPolicy,
      },
    };
  }
  const old = await db.storySlug.findUnique({
    where: { slug },
    select: { story: { select: { slug: true, status: true, publishedAt: true, embargoUntil: true, section: { select: { slug: true } } } } },
  });
  if (old && isPublishedStory(old.story)) return { kind: "redirect", href: storyHref(publicSection(old.story.section).slug, old.story.slug) };
  return { kind: "missing" };
}

export interface StoryForEdit {
  id: string;
  headline: string;
  standfirst: string;
  dateline: string;
  slug: string;
  /** Null for a draft not yet placed in a section. */
  sectionId: string | null;
  section: { slug: string; name: string } | null;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
  body: StoryDocument;
  status: StoryStatus;
  version: number;
  publishedAt: Date | null;
  scheduledFor: Date | null;
  seoTitle: string;
  seoDescription: string;
  socialHeadline: string;
  datelinePlace: string;
  credit: string;
  /** No reader sees the story, and it cannot go out, before this; null when there is no embargo. */
  embargoUntil: Date | null;
  /** The featured image, as the media library has it now. */
  heroImage: { id: string; alt: string; caption: string; credit: string; width: number; height: number } | null;
  updatedAt: Date;
  updatedBy: string | null;
  bylines: BylineRef[];
  tags: string[];
  canEdit: boolean;
  actions: WorkflowAction[];
}

export async function getStoryForEdit(actor: Actor | null, storyId: string): Promise<StoryForEdit> {
  const viewer = assertCan(actor, "desk.open");
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const row = await db.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      headline: true,
      standfirst: true,
      dateline: true,
      slug: true,
      sectionId: true,
      section: { select: { slug: true, name: true } },
      commentPolicy: true,
      body: true,
      status: true,
      version: true,
      publishedAt: true,
      scheduledFor: true,
      seoTitle: true,
      seoDescription: true,
      socialHeadline: true,
      datelinePlace: true,
      credit: true,
      embargoUntil: true,
      heroImage: { select: { id: true, alt: true, caption: true, credit: true, width: true, height: true } },
      updatedAt: true,
      createdById: true,
      updatedBy: { select: { displayName: true } },
      bylines: bylineSelect,
      tags: { orderBy: { tag: { name: "asc" } }, select: { tag: { select: { name: true } } } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const ownership = { status: row.status, createdById: row.createdById, bylineIds: row.bylines.map((b) => b.byline.id) };
  if (!canViewInDesk(viewer, ownership)) throw new AppError("FORBIDDEN", OWN_STORIES_ONLY);
  const canEdit = canEditContent(viewer, ownership);
  return {
    id: row.id,
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    slug: row.slug,
    sectionId: row.sectionId,
    section: row.section,
    commentPolicy: row.commentPolicy,
    body: parseDeskDocument(row.body),
    status: row.status,
    version: row.version,
    publishedAt: row.publishedAt,
    scheduledFor: row.scheduledFor,
    seoTitle: row.seoTitle,
    seoDescription: row.seoDescription,
    socialHeadline: row.socialHeadline,
    datelinePlace: row.datelinePlace,
    credit: row.credit,
    embargoUntil: row.embargoUntil,
    heroImage: row.heroImage,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy?.displayName ?? null,
    bylines: row.bylines.map((b) => b.byline),
    tags: row.tags.map((t) => t.tag.name),
    canEdit,
    actions: canEdit || viewer.role === "EDITOR" || viewer.role === "ADMIN" ? availableActions(viewer.role, row.status) : [],
  };
}
