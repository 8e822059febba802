// What readers browse: the front page, section fronts, byline and tag pages, related stories.
// Readers see PUBLISHED stories only, newest first. A page number is a whole number from 1 to
// MAX_PAGE written plainly ("2", never "02", "2.0" or "-1"); anything else, and any page after the
// last, is NOT_FOUND, so a malformed or stale link is a 404 rather than a silent page 1.

import "server-only";

import { z } from "zod";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isSafeUrl } from "@/lib/stories/document";
import { isUuid } from "@/lib/validation/uuid";
import { teaserSelect, toTeaser, type StoryTeaser } from "@/lib/stories/queries";
import { publishedStorySql, publishedStoryWhere as published } from "@/lib/stories/visibility";
import { NO_BYLINE_HERE, NO_TAG_HERE } from "@/lib/stories/sentences";
import { SECTION_NOT_FOUND } from "@/lib/sections/sentences";

export const PAGE_SIZE = 20;
export const MAX_PAGE = 10_000;
export const FRONT_PAGE_PER_SECTION = 4;
export const RELATED_LIMIT = 4;

const newestFirst = [{ publishedAt: "desc" }, { id: "desc" }] as const satisfies Prisma.StoryOrderByWithRelationInput[];

/** Teasers for the given ids, in the order of the ids. */
async function loadTeasers(ids: readonly string[]): Promise<Map<string, StoryTeaser>> {
  if (ids.length === 0) return new Map();
  const rows = await db.story.findMany({ where: { ...published, id: { in: [...ids] } }, select: teaserSelect });
  return new Map(rows.map((row) => [row.id, toTeaser(row)]));
}

// ── Page numbers and slugs from the URL ────────────────────────────────

const notFound = (what = "That page does not exist.") => new AppError("NOT_FOUND", what);

const pageSchema = z
  .union([z.number(), z.string().regex(/^[1-9][0-9]*$/).transform(Number)])
  .pipe(z.number().int().min(1).max(MAX_PAGE));

/**
 * The page number in a URL: absent means page 1; anything but a plain whole number from 1 to
 * MAX_PAGE (including a repeated ?page=) is NOT_FOUND.
 */
export function parsePageNumber(raw: unknown): number {
  if (raw === undefined) return 1;
  const parsed = pageSchema.safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

// Slugs in URLs are lower-case words joined by hyphens; anything else names nothing we publish.
const urlSlugSchema = z.string().max(200).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

function parseSlug(raw: unknown, what: string): string {
  const parsed = urlSlugSchema.safeParse(raw);
  if (!parsed.success) throw notFound(what);
  return parsed.data;
}

export interface Pagination {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
}

async function paginate(
  where: Prisma.StoryWhereInput,
  page: number,
): Promise<{ stories: StoryTeaser[]; pagination: Pagination }> {
  // Offset paging is fine this deep (MAX_PAGE × PAGE_SIZE rows at worst) on the
  // (sectionId, status, publishedAt) and (status, publishedAt) indexes; the count tells the reader
  // where they are and the page after the last one is a 404.
  const [total, rows] = await Promise.all([
    db.story.count({ where }),
    db.story.findMany({ where, orderBy: newestFirst, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: teaserSelect }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pageCount) throw notFound();
  return { stories: rows.map(toTeaser), pagination: { page, pageCount, total, pageSize: PAGE_SIZE } };
}

// ── The front page ─────────────────────────────────────────────────────

export interface FrontPageSection {
  section: { id: string; name: string; slug: string };
  stories: StoryTeaser[];
}

export interface FrontPage {
  lead: StoryTeaser | null;
  sections: FrontPageSection[];
}

/**
 * The lead is the most recently pinned published story, or else the newest. Below it, each
 * section (in the desk's order) shows its newest stories other than the lead; empty sections are
 * left out. One query picks the stories, one loads them: a LATERAL per section walks the
 * (sectionId, status, publishedAt) index for a handful of rows, where a window function over
 * every published story would read them all.
 */
export async function getFrontPage(): Promise<FrontPage> {
  const picked = await db.$queryRaw<Array<{ id: string; sectionId: string; sectionName: string; sectionSlug: string; isLead: boolean }>>`
    WITH lead AS (
      SELECT COALESCE(
        (SELECT s."id" FROM "Story" s
          WHERE s."pinnedAt" IS NOT NULL AND ${publishedStorySql("s")}
          ORDER BY s."pinnedAt" DESC, s."id" DESC LIMIT 1),
        (SELECT s."id" FROM "Story" s
          WHERE ${publishedStorySql("s")}
          ORDER BY s."publishedAt" DESC, s."id" DESC LIMIT 1)
      ) AS "id"
    )
    SELECT l."id", s."sectionId", sec."name" AS "sectionName", sec."slug" AS "sectionSlug", true AS "isLead",
           -1 AS "position", '' AS "sectionOrder", s."publishedAt"
      FROM lead l JOIN "Story" s ON s."id" = l."id" JOIN "Section" sec ON sec."id" = s."sectionId"
    UNION ALL
    SELECT x."id", sec."id", sec."name", sec."slug", false, sec."position", sec."name", x."publishedAt"
      FROM "Section" sec
      CROSS JOIN LATERAL (
        SELECT s."id", s."publishedAt"
          FROM "Story" s
         WHERE s."sectionId" = sec."id" AND ${publishedStorySql("s")}
           AND s."id" IS DISTINCT FROM (SELECT "id" FROM lead)
         ORDER BY s."publishedAt" DESC, s."id" DESC
         LIMIT ${FRONT_PAGE_PER_SECTION}
      ) x
     WHERE sec."archivedAt" IS NULL -- an archived section has left the navigation and the front page
    ORDER BY "position", "sectionOrder", "sectionId", "publishedAt" DESC, "id" DESC
  `;
  const teasers = await loadTeasers(picked.map((row) => row.id));
  let lead: StoryTeaser | null = null;
  const sections: FrontPageSection[] = [];
  for (const row of picked) {
    // A story unpublished between the two queries is simply left out.
    const teaser = teasers.get(row.id);
    if (!teaser) continue;
    if (row.isLead) {
      lead = teaser;
      continue;
    }
    let group = sections.at(-1);
    if (group?.section.id !== row.sectionId) {
      group = { section: { id: row.sectionId, name: row.sectionName, slug: row.sectionSlug }, stories: [] };
      sections.push(group);
    }
    group.stories.push(teaser);
  }
  return { lead, sections };
}

// ── Section fronts, bylines, tags ──────────────────────────────────────

export interface SectionPage {
  section: { name: string; slug: string; description: string };
  stories: StoryTeaser[];
  pagination: Pagination;
}

/** A section's published stories, a page at a time. A section with no stories yet has an empty page 1. */
export async function listSectionStories(sectionSlug: string, page: unknown): Promise<SectionPage> {
  const slug = parseSlug(sectionSlug, SECTION_NOT_FOUND);
  const pageNumber = parsePageNumber(page);
  const section = await db.section.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, description: true } });
  if (!section) throw notFound(SECTION_NOT_FOUND);
  const { stories, pagination } = await paginate({ ...published, sectionId: section.id }, pageNumber);
  return { section: { name: section.name, slug: section.slug, description: section.description }, stories, pagination };
}

export interface BylinePage {
  byline: {
    name: string;
    slug: string;
    kind: "PERSON" | "ORGANISATION";
    bio: string;
    url: string | null;
    /** Its photo from the media library (issue 15). */
    photo: { id: string; alt: string; version: number } | null;
    /** Other links (social accounts), each checked like the website. */
    links: Array<{ label: string; url: string }>;
  };
  stories: StoryTeaser[];
  pagination: Pagination;
}

/**
 * A person's or organisation's page: bio and published stories. A byline with no published
 * story is NOT_FOUND, so a name created for a story still in the desk is not announced early.
 */
export async function getBylinePage(bylineSlug: string, page: unknown): Promise<BylinePage> {
  const slug = parseSlug(bylineSlug, NO_BYLINE_HERE);
  const pageNumber = parsePageNumber(page);
  const byline = await db.byline.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, kind: true, bio: true, url: true, links: true, photo: { select: { id: true, alt: true, version: true } } },
  });
  if (!byline) throw notFound(NO_BYLINE_HERE);
  const { stories, pagination } = await paginate({ ...published, bylines: { some: { bylineId: byline.id } } }, pageNumber);
  if (pagination.total === 0) throw notFound(NO_BYLINE_HERE);
  return {
    byline: {
      name: byline.name,
      slug: byline.slug,
      kind: byline.kind,
      bio: byline.bio,
      url: bylineWebsite(byline.url),
      photo: byline.photo,
      links: bylineLinks(byline.links),
    },
    stories,
    pagination,
  };
}

/**
 * A byline's website as the page may link it: an http(s) address the story allow-list accepts, or
 * nothing. The column is filled outside any desk form (imports, the database), so it is checked where
 * it is read: a javascript:, data: or vbscript: address never reaches an href.
 */
function bylineWebsite(url: string | null): string | null {
  const trimmed = url?.trim() ?? "";
  return /^https?:\/\//i.test(trimmed) && isSafeUrl(trimmed) ? trimmed : null;
}

/** A byline's other links as the page may show them: a label and an address bylineWebsite accepts. */
function bylineLinks(value: unknown): Array<{ label: string; url: string }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) return [];
    const { label, url } = item as { label?: unknown; url?: unknown };
    const safe = typeof url === "string" ? bylineWebsite(url) : null;
    return typeof label === "string" && label.trim() !== "" && safe ? [{ label: label.trim(), url: safe }] : [];
  });
}

export interface TagPage {
  tag: { name: string; slug: string };
  stories: StoryTeaser[];
  pagination: Pagination;
}

/** A tag's published stories. A tag on unpublished stories only is NOT_FOUND, like a byline. */
export async function getTagPage(tagSlug: string, page: unknown): Promise<TagPage> {
  const slug = parseSlug(tagSlug, NO_TAG_HERE);
  const pageNumber = parsePageNumber(page);
  const tag = await db.tag.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
  if (!tag) throw notFound(NO_TAG_HERE);
  const { stories, pagination } = await paginate({ ...published, tags: { some: { tagId: tag.id } } }, pageNumber);
  if (pagination.total === 0) throw notFound(NO_TAG_HERE);
  return { tag: { name: tag.name, slug: tag.slug }, stories, pagination };
}

// ── Related stories ────────────────────────────────────────────────────

/**
 * Up to `limit` published stories for the foot of a story: those sharing a tag with it first,
 * then others from its section, newest first within each, never the story itself.
 */
export async function listRelatedStories(storyId: string, limit = RELATED_LIMIT): Promise<StoryTeaser[]> {
  if (!isUuid(storyId)) return [];
  const take = Math.max(1, Math.min(Math.trunc(limit) || RELATED_LIMIT, 12));
  const picked = await db.$queryRaw<Array<{ id: string }>>`
    WITH me AS (SELECT "id", "sectionId" FROM "Story" WHERE "id" = ${storyId}::uuid),
    by_tag AS (
      SELECT s."id", s."publishedAt", 0 AS "tier"
        FROM "Story" s
       WHERE ${publishedStorySql("s")} AND s."id" <> ${storyId}::uuid
         -- Checked once: without it, a story with no tags walks every published story looking for one sharing a tag.
         AND EXISTS (SELECT 1 FROM "StoryTag" any_tag WHERE any_tag."storyId" = ${storyId}::uuid)
         AND EXISTS (
           SELECT 1 FROM "StoryTag" mine JOIN "StoryTag" theirs ON theirs."tagId" = mine."tagId"
            WHERE mine."storyId" = ${storyId}::uuid AND theirs."storyId" = s."id"
         )
       ORDER BY s."publishedAt" DESC, s."id" DESC
       LIMIT ${take}
    ),
    by_section AS (
      SELECT s."id", s."publishedAt", 1 AS "tier"
        FROM "Story" s JOIN me ON s."sectionId" = me."sectionId"
       WHERE ${publishedStorySql("s")} AND s."id" <> ${storyId}::uuid
       ORDER BY s."publishedAt" DESC, s."id" DESC
       LIMIT ${take}
    ),
    candidates AS (
      SELECT DISTINCT ON ("id") "id", "publishedAt", "tier"
        FROM (SELECT * FROM by_tag UNION ALL SELECT * FROM by_section) u
       ORDER BY "id", "tier"
    )
    SELECT "id" FROM candidates ORDER BY "tier", "publishedAt" DESC, "id" DESC LIMIT ${take}
  `;
  const teasers = await loadTeasers(picked.map((row) => row.id));
  return picked.flatMap((row) => {
    const teaser = teasers.get(row.id);
    return teaser ? [teaser] : [];
  });
}

/** A published story's tags, by name, for the links at its foot; none for any other story. */
export async function listStoryTags(storyId: string): Promise<Array<{ name: string; slug: string }>> {
  if (!isUuid(storyId)) return [];
  const rows = await db.storyTag.findMany({
    where: { storyId, story: published },
    orderBy: { tag: { name: "asc" } },
    select: { tag: { select: { name: true, slug: true } } },
  });
  return rows.map((row) => row.tag);
}
