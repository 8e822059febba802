// What feeds, sitemaps and search engines are told about published stories. Readers' data only:
// nothing here needs an actor, and nothing but a published story ever comes out.

import "server-only";

import { z } from "zod";

import { db } from "@/lib/db";
import { sitemapFileCount } from "@/lib/feeds/build";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseStoredVariants, servedSize } from "@/lib/media/queries";
import { mediaUrl, pickVariant } from "@/lib/media/urls";
import { isSafeImageSrc, libraryImageIds, safeParseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import { storyHref } from "@/lib/stories/queries";
import { isUuid } from "@/lib/validation/uuid";
import { publicSection, publishedStoryWhere as published } from "@/lib/stories/visibility";

/** The protocol's own ceiling: a sitemap file holds at most 50,000 URLs. */
export const SITEMAP_MAX_URLS = 50_000;
export const FEED_DEFAULT_LIMIT = 20;
export const FEED_MAX_LIMIT = 100;
export const NEWS_SITEMAP_MAX_URLS = 1000;
export const NEWS_SITEMAP_WINDOW_MS = 48 * 60 * 60 * 1000;


export interface FeedByline {
  name: string;
  slug: string;
  kind: "PERSON" | "ORGANISATION";
}

/** A story's picture for feeds and social cards: a site path or an https URL. */
export interface FeedImage {
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
  /** Known for library images (their responsive sizes are WebP); null for an outside https image. */
  mimeType: string | null;
  bytes: number | null;
}

/** Everything search engines and social cards are told about a story. */
export interface DiscoveryStory {
  id: string;
  headline: string;
  standfirst: string;
  /** The desk ("Asia"). */
  dateline: string;
  /** Where the story was filed ("SEOUL"); "" when none. */
  datelinePlace: string;
  /** The credit line; "" when none. */
  credit: string;
  href: string;
  publishedAt: Date;
  updatedAt: Date;
  section: { name: string; slug: string };
  bylines: FeedByline[];
  tags: string[];
  image: FeedImage | null;
  /** The desk's search and social overrides; empty means the headline and standfirst serve. */
  seoTitle?: string;
  seoDescription?: string;
  socialHeadline?: string;
}

/** A feed entry: the discovery facts plus the body and how often it was corrected. */
export interface FeedStory extends DiscoveryStory {
  body: StoryDocument;
  correctionCount: number;
  /** The version of each library image in the body whose crop has changed (their URLs carry it); others are 1. */
  mediaVersions: Record<string, number>;
}

const heroImageSelect = {
  select: { id: true, width: true, height: true, variants: true, alt: true, version: true, cropX: true, cropY: true, cropWidth: true, cropHeight: true },
} as const;

const discoverySelect = {
  id: true,
  slug: true,
  headline: true,
  standfirst: true,
  dateline: true,
  publishedAt: true,
  updatedAt: true,
  body: true,
  section: { select: { name: true, slug: true } },
  bylines: { orderBy: { position: "asc" }, select: { byline: { select: { name: true, slug: true, kind: true } } } },
  tags: { orderBy: { tag: { name: "asc" } }, select: { tag: { select: { name: true } } } },
  heroImage: heroImageSelect,
  seoTitle: true,
  seoDescription: true,
  socialHeadline: true,
  datelinePlace: true,
  credit: true,
} as const satisfies Prisma.StorySelect;

type DiscoveryRow = Prisma.StoryGetPayload<{ select: typeof discoverySelect }>;
type MediaRow = NonNullable<DiscoveryRow["heroImage"]>;

function libraryImage(media: MediaRow, alt: string): FeedImage {
  // The widest responsive size we serve (at most 1600 px), with its real dimensions.
  // The served size is the crop's when there is one.
  const variant = pickVariant(parseStoredVariants(media.variants), 1600);
  const served = servedSize(media);
  const width = variant?.width ?? served.width;
  return {
    url: mediaUrl(media.id, 1600, media.version),
    alt: alt || media.alt,
    width,
    height: Math.round((served.height * width) / served.width),
    mimeType: variant ? "image/webp" : null,
    bytes: variant?.bytes ?? null,
  };
}

type ImageRef = { kind: "media"; id: string; alt: string } | { kind: "url"; url: string; alt: string };

/** The story's hero image if it has one, else the first image in its body. */
function firstImageRef(row: { heroImage: MediaRow | null }, body: StoryDocument): ImageRef | null {
  if (row.heroImage) return { kind: "media", id: row.heroImage.id, alt: row.heroImage.alt };
  for (const block of body.content) {
    if (block.type !== "image") continue;
    if (block.attrs.mediaId) return { kind: "media", id: block.attrs.mediaId, alt: block.attrs.alt };
    if (isSafeImageSrc(block.attrs.src)) return { kind: "url", url: block.attrs.src, alt: block.attrs.alt };
  }
  return null;
}

/** Resolves every story's first image with one media query for the lot. */
async function resolveImages(rows: Array<{ heroImage: MediaRow | null; body: StoryDocument }>): Promise<Array<FeedImage | null>> {
  const refs = rows.map((row) => firstImageRef(row, row.body));
  const known = new Map<string, MediaRow>();
  for (const row of rows) if (row.heroImage) known.set(row.heroImage.id, row.heroImage);
  const missing = refs.flatMap((ref) => (ref?.kind === "media" && !known.has(ref.id) && isUuid(ref.id) ? [ref.id] : []));
  if (missing.length > 0) {
    const media = await db.media.findMany({ where: { id: { in: [...new Set(missing)] } }, select: heroImageSelect.select });
    for (const row of media) known.set(row.id, row);
  }
  return refs.map((ref) => {
    if (!ref) return null;
    if (ref.kind === "url") return { url: ref.url, alt: ref.alt, width: null, height: null, mimeType: null, bytes: null };
    const media = known.get(ref.id);
    return media ? libraryImage(media, ref.alt) : null;
  });
}

function parseBody(value: unknown): StoryDocument {
  // Bodies are validated before they are stored; one that no longer parses shows as empty rather than breaking a feed.
  const parsed = safeParseStoryDocument(value);
  return parsed.ok ? parsed.document : { type: "doc", content: [] };
}

function toDiscovery(row: Omit<DiscoveryRow, "body">, image: FeedImage | null): DiscoveryStory {
  return {
    id: row.id,
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    datelinePlace: row.datelinePlace,
    credit: row.credit,
    href: storyHref(publicSection(row.section).slug, row.slug),
    publishedAt: row.publishedAt ?? new Date(0),
    updatedAt: row.updatedAt,
    section: publicSection(row.section),
    bylines: row.bylines.map((b) => b.byline),
    tags: row.tags.map((t) => t.tag.name),
    image,
    seoTitle: row.seoTitle,
    seoDescription: row.seoDescription,
    socialHeadline: row.socialHeadline,
  };
}

const slugSchema = z.string().trim().min(1).max(200);

const listFeedStoriesSchema = z.object({
  sectionSlug: slugSchema.optional(),
  limit: z.number().int().min(1).max(FEED_MAX_LIMIT).default(FEED_DEFAULT_LIMIT),
});
export type ListFeedStoriesInput = z.input<typeof listFeedStoriesSchema>;

/** The latest published stories, newest first, for the whole site or one section. */
export async function listFeedStories(input: ListFeedStoriesInput = {}): Promise<FeedStory[]> {
  const { sectionSlug, limit } = listFeedStoriesSchema.parse(input);
  const rows = await db.story.findMany({
    where: { ...published, ...(sectionSlug ? { section: { slug: sectionSlug } } : {}) },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { ...discoverySelect, _count: { select: { corrections: true } } },
  });
  const parsed = rows.map((row) => ({ ...row, body: parseBody(row.body) }));
  const [images, mediaVersions] = await Promise.all([resolveImages(parsed), bodyMediaVersions(parsed.map((row) => row.body))]);
  return parsed.map((row, index) => ({
    ...toDiscovery(row, images[index] ?? null),
    body: row.body,
    correctionCount: row._count.corrections,
    mediaVersions: Object.fromEntries(libraryImageIds(row.body).flatMap((id) => (mediaVersions.has(id) ? [[id, mediaVersions.get(id)!]] : []))),
  }));
}

/** The versions above 1 of the library images these bodies show, in one query for the lot. */
async function bodyMediaVersions(bodies: StoryDocument[]): Promise<Map<string, number>> {
  const ids = [...new Set(bodies.flatMap(libraryImageIds))].filter((id) => isUuid(id));
  if (ids.length === 0) return new Map();
  const rows = await db.media.findMany({ where: { id: { in: ids }, version: { gt: 1 } }, select: { id: true, version: true } });
  return new Map(rows.map((row) => [row.id, row.version]));
}

/** A published story's discovery row as the story page's own statement reads it (lib/stories/story-page.ts). */
export type DiscoverySource = Omit<DiscoveryRow, "body" | "heroImage"> & { heroImage: MediaRow | null };

/**
 * getDiscoveryStory's answer from rows already read: the story (body parsed) and the library images
 * its body shows (by id), so its first image resolves without another query.
 */
export function discoveryOf(row: DiscoverySource, body: StoryDocument, bodyMedia: ReadonlyMap<string, MediaRow>): DiscoveryStory {
  const ref = firstImageRef(row, body);
  let image: FeedImage | null = null;
  if (ref?.kind === "url") image = { url: ref.url, alt: ref.alt, width: null, height: null, mimeType: null, bytes: null };
  else if (ref?.kind === "media") {
    const media = row.heroImage?.id === ref.id ? row.heroImage : isUuid(ref.id) ? bodyMedia.get(ref.id) : undefined;
    image = media ? libraryImage(media, ref.alt) : null;
  }
  return toDiscovery(row, image);
}

/** The columns of an image discoveryOf reads. */
export type DiscoveryMediaRow = MediaRow;

/** The discovery facts of one published story by id (for its page's metadata and JSON-LD), or null. */
export async function getDiscoveryStory(storyId: string): Promise<DiscoveryStory | null> {
  if (!isUuid(storyId)) return null;
  const row = await db.story.findFirst({ where: { ...published, id: storyId }, select: discoverySelect });
  if (!row) return null;
  const body = parseBody(row.body);
  const [image] = await resolveImages([{ heroImage: row.heroImage, body }]);
  return toDiscovery(row, image ?? null);
}

// ── Sitemaps ───────────────────────────────────────────────────────────

export interface SitemapEntry {
  href: string;
  lastModified: Date;
}

/** The numbers of the sitemap files there are now (0, 1, …): the home page and section fronts, then every published story, at most 50,000 URLs a file. */
export async function listSitemapFileIds(): Promise<number[]> {
  const [sections, stories] = await Promise.all([db.section.count(), db.story.count({ where: published })]);
  return Array.from({ length: sitemapFileCount(1 + sections, stories, SITEMAP_MAX_URLS) }, (_, id) => id);
}

const sitemapPageSchema = z.object({
  offset: z.number().int().min(0),
  limit: z.number().int().min(0).max(SITEMAP_MAX_URLS),
});

/**
 * One slice of all published stories, oldest first: a story keeps its place (and its sitemap
 * file) as newer ones are published after it.
 */
export async function listSitemapStories(input: z.input<typeof sitemapPageSchema>): Promise<SitemapEntry[]> {
  const { offset, limit } = sitemapPageSchema.parse(input);
  if (limit === 0) return [];
  const [sections, rows] = await Promise.all([
    db.section.findMany({ select: { id: true, slug: true } }),
    // Section slugs come from the small section table rather than a join on every one of up to 50,000 rows.
    db.story.findMany({
      where: published,
      orderBy: [{ publishedAt: "asc" }, { id: "asc" }],
      skip: offset,
      take: limit,
      select: { slug: true, sectionId: true, updatedAt: true },
    }),
  ]);
  const sectionSlugs = new Map(sections.map((section) => [section.id, section.slug]));
  return rows.flatMap((row) => {
    const sectionSlug = row.sectionId ? sectionSlugs.get(row.sectionId) : undefined;
    return sectionSlug ? [{ href: storyHref(sectionSlug, row.slug), lastModified: row.updatedAt }] : [];
  });
}

/** The home page and every section front, each last modified when its newest story changed. */
export async function listSitemapPages(): Promise<SitemapEntry[]> {
  const [sections, latest] = await Promise.all([
    db.section.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, slug: true, updatedAt: true } }),
    db.story.groupBy({ by: ["sectionId"], where: published, _max: { updatedAt: true } }),
  ]);
  const latestBySection = new Map(latest.map((row) => [row.sectionId, row._max.updatedAt]));
  const fronts = sections.map((section) => {
    const newest = latestBySection.get(section.id);
    return { href: `/${section.slug}`, lastModified: newest && newest > section.updatedAt ? newest : section.updatedAt };
  });
  const home = fronts.reduce((max, front) => (front.lastModified > max ? front.lastModified : max), new Date(0));
  return [{ href: "/", lastModified: home }, ...fronts];
}

export interface NewsSitemapStory {
  href: string;
  headline: string;
  publishedAt: Date;
}

/**
 * Stories first published in the last 48 hours, newest first, at most 1000: what Google News
 * wants in a news sitemap. A story re-published after being taken down keeps its first date.
 */
export async function listNewsSitemapStories(input: { now?: Date } = {}): Promise<NewsSitemapStory[]> {
  const since = new Date((input.now ?? new Date()).getTime() - NEWS_SITEMAP_WINDOW_MS);
  const rows = await db.story.findMany({
    where: { ...published, publishedAt: { gte: since }, OR: [{ firstPublishedAt: null }, { firstPublishedAt: { gte: since } }] },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: NEWS_SITEMAP_MAX_URLS,
    select: { slug: true, headline: true, publishedAt: true, firstPublishedAt: true, section: { select: { slug: true } } },
  });
  return rows.map((row) => ({
    href: storyHref(publicSection(row.section).slug, row.slug),
    headline: row.headline,
    publishedAt: row.firstPublishedAt ?? row.publishedAt ?? since,
  }));
}
