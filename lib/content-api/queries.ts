// What the Content API reads: only what readers may see (lib/stories/visibility.ts), in one
// statement per list (sections, bylines, tags and corrections embedded as JSON by PostgreSQL), plus
// one for the sizes of library images when the body is asked for as HTML.

import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { bylineHref } from "@/lib/feeds/build";
import { documentToHtml } from "@/lib/feeds/html";
import { getMediaSizes } from "@/lib/media/queries";
import { mediaUrl } from "@/lib/media/urls";
import { absoluteUrl } from "@/lib/site";
import { libraryImageIds, safeParseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import { publishedStorySql } from "@/lib/stories/visibility";
import { isUuid } from "@/lib/validation/uuid";

import { encodeCursor, storyCursorOf, type StoryListParams } from "./params";
import type { BylineOut, CorrectionOut, SectionOut, StoryField, StoryInclude, StoryOut, TagOut } from "./schemas";

interface EmbeddedByline {
  id: string;
  slug: string;
  name: string;
  kind: "PERSON" | "ORGANISATION";
  bio: string;
  website: string | null;
}
interface EmbeddedTag {
  id: string;
  slug: string;
  name: string;
}
interface EmbeddedCorrection {
  id: string;
  kind: "CORRECTION" | "CLARIFICATION";
  text: string;
  createdAt: string;
}

interface StoryRow {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  dateline: string;
  datelinePlace: string;
  credit: string;
  embargoUntil: Date | null;
  publishedAt: Date;
  firstPublishedAt: Date | null;
  updatedAt: Date;
  wordCount: number;
  body: unknown;
  sectionId: string;
  sectionSlug: string;
  sectionName: string;
  sectionDescription: string;
  sectionPosition: number;
  bylines: EmbeddedByline[];
  tags: EmbeddedTag[];
  corrections: EmbeddedCorrection[] | null;
  hero: { id: string; width: number; height: number; alt: string; caption: string; credit: string; version: number } | null;
}

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

function storySelect(wantBody: boolean, wantCorrections: boolean): Prisma.Sql {
  return Prisma.sql`
    SELECT s."id"::text AS "id", s."slug", s."headline", s."standfirst", s."dateline", s."datelinePlace", s."credit", s."embargoUntil", s."publishedAt", s."firstPublishedAt",
      s."updatedAt", s."wordCount", ${wantBody ? Prisma.sql`s."body"` : Prisma.sql`NULL::jsonb`} AS "body",
      sec."id"::text AS "sectionId", sec."slug" AS "sectionSlug", sec."name" AS "sectionName",
      sec."description" AS "sectionDescription", sec."position" AS "sectionPosition",
      COALESCE((SELECT json_agg(json_build_object('id', b."id", 'slug', b."slug", 'name', b."name", 'kind', b."kind", 'bio', b."bio", 'website', b."url") ORDER BY sb."position")
        FROM "StoryByline" sb JOIN "Byline" b ON b."id" = sb."bylineId" WHERE sb."storyId" = s."id"), '[]'::json) AS "bylines",
      COALESCE((SELECT json_agg(json_build_object('id', t."id", 'slug', t."slug", 'name', t."name") ORDER BY t."slug")
        FROM "StoryTag" st JOIN "Tag" t ON t."id" = st."tagId" WHERE st."storyId" = s."id"), '[]'::json) AS "tags",
      ${
        wantCorrections
          ? Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', c."id", 'kind', c."kind", 'text', c."text", 'createdAt', to_char(c."createdAt", ${Prisma.raw(UTC_ISO)})) ORDER BY c."createdAt", c."id")
              FROM "Correction" c WHERE c."storyId" = s."id"), '[]'::json)`
          : Prisma.sql`NULL::json`
      } AS "corrections",
      CASE WHEN m."id" IS NULL THEN NULL ELSE json_build_object('id', m."id", 'width', COALESCE(m."cropWidth", m."width"), 'height', COALESCE(m."cropHeight", m."height"),
        'alt', m."alt", 'caption', m."caption", 'credit', m."credit", 'version', m."version") END AS "hero"
    FROM "Story" s
    JOIN "Section" sec ON sec."id" = s."sectionId"
    LEFT JOIN "Media" m ON m."id" = s."heroImageId"`;
}

function sectionOut(row: { id: string; slug: string; name: string; description: string; position: number }): SectionOut {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, position: row.position, url: absoluteUrl(`/${row.slug}`) };
}

function bylineOut(row: EmbeddedByline): BylineOut {
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, bio: row.bio, website: row.website, url: absoluteUrl(bylineHref(row.slug)) };
}

function tagOut(row: EmbeddedTag & { storyCount?: number }): TagOut {
  return { id: row.id, slug: row.slug, name: row.name, ...(row.storyCount !== undefined ? { storyCount: Number(row.storyCount) } : {}), url: absoluteUrl(`/tag/${encodeURIComponent(row.slug)}`) };
}

type MediaVersions = ReadonlyMap<string, { version: number }>;

function storyOut(row: StoryRow, fields: readonly StoryField[], include: readonly StoryInclude[], images: MediaVersions): StoryOut {
  const want = new Set(fields);
  const out: StoryOut = {};
  const url = absoluteUrl(`/${row.sectionSlug}/${row.slug}`);
  if (want.has("id")) out.id = row.id;
  if (want.has("slug")) out.slug = row.slug;
  if (want.has("url")) out.url = url;
  if (want.has("headline")) out.headline = row.headline;
  if (want.has("standfirst")) out.standfirst = row.standfirst;
  if (want.has("dateline")) out.dateline = row.dateline;
  if (want.has("datelinePlace")) out.datelinePlace = row.datelinePlace;
  if (want.has("credit")) out.credit = row.credit;
  if (want.has("embargoUntil")) out.embargoUntil = row.embargoUntil?.toISOString() ?? null;
  if (want.has("publishedAt")) out.publishedAt = row.publishedAt.toISOString();
  if (want.has("firstPublishedAt")) out.firstPublishedAt = row.firstPublishedAt?.toISOString() ?? null;
  if (want.has("updatedAt")) out.updatedAt = row.updatedAt.toISOString();
  if (want.has("wordCount")) out.wordCount = row.wordCount;
  if (want.has("sectionId")) out.sectionId = row.sectionId;
  if (want.has("bylineIds")) out.bylineIds = row.bylines.map((byline) => byline.id);
  if (want.has("tagIds")) out.tagIds = row.tags.map((tag) => tag.id);
  if (want.has("heroImage")) {
    out.heroImage = row.hero
      ? { id: row.hero.id, url: absoluteUrl(mediaUrl(row.hero.id, 960, row.hero.version)), width: row.hero.width, height: row.hero.height, alt: row.hero.alt, caption: row.hero.caption, credit: row.hero.credit }
      : null;
  }
  // Readers' copy: notes and pending suggestions never leave the desk.
  const parsed = safeParseStoryDocument(row.body);
  const document: StoryDocument = parsed.ok ? parsed.document : { type: "doc", content: [] };
  if (want.has("body")) out.body = document as StoryOut["body"];
  if (want.has("bodyHtml")) out.bodyHtml = documentToHtml(document, { absolute: absoluteUrl, mediaVersion: (id) => images.get(id)?.version ?? 1 });
  if (include.includes("section")) {
    out.section = sectionOut({ id: row.sectionId, slug: row.sectionSlug, name: row.sectionName, description: row.sectionDescription, position: row.sectionPosition });
  }
  if (include.includes("bylines")) out.bylines = row.bylines.map(bylineOut);
  if (include.includes("tags")) out.tags = row.tags.map(tagOut);
  if (include.includes("corrections")) out.corrections = (row.corrections ?? []).map((correction) => ({ ...correction }));
  return out;
}

/** The sizes (versions) of the library images in these bodies: one query, only when HTML is asked for. */
async function imageVersions(rows: readonly StoryRow[], fields: readonly StoryField[]): Promise<MediaVersions> {
  if (!fields.includes("bodyHtml")) return new Map();
  const ids = [...new Set(rows.flatMap((row) => libraryImageIds(row.body as StoryDocument)))];
  return ids.length > 0 ? getMediaSizes(ids) : new Map();
}

function wantsBody(fields: readonly StoryField[]): boolean {
  return fields.includes("body") || fields.includes("bodyHtml");
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Published stories, newest first, after the cursor, filtered. */
export async function listApiStories(params: StoryListParams): Promise<Page<StoryOut>> {
  const conditions: Prisma.Sql[] = [publishedStorySql("s")];
  if (params.section) conditions.push(Prisma.sql`sec."slug" = ${params.section}`);
  if (params.tag) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "StoryTag" ft JOIN "Tag" t ON t."id" = ft."tagId" WHERE ft."storyId" = s."id" AND t."slug" = ${params.tag})`);
  if (params.byline) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "StoryByline" fb JOIN "Byline" b ON b."id" = fb."bylineId" WHERE fb."storyId" = s."id" AND b."slug" = ${params.byline})`);
  if (params.from) conditions.push(Prisma.sql`s."publishedAt" >= ${params.from}`);
  if (params.to) conditions.push(Prisma.sql`s."publishedAt" < ${params.to}`);
  if (params.updatedSince) conditions.push(Prisma.sql`s."updatedAt" >= ${params.updatedSince}`);
  if (params.cursor) conditions.push(Prisma.sql`(s."publishedAt", s."id") < (${params.cursor.publishedAt}, ${params.cursor.id}::uuid)`);
  const rows = await db.$queryRaw<StoryRow[]>`
    ${storySelect(wantsBody(params.fields), params.include.includes("corrections"))}
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY s."publishedAt" DESC, s."id" DESC
    LIMIT ${params.limit + 1}`;
  const page = rows.slice(0, params.limit);
  const images = await imageVersions(page, params.fields);
  const last = page.at(-1);
  return {
    data: page.map((row) => storyOut(row, params.fields, params.include, images)),
    nextCursor: rows.length > params.limit && last ? storyCursorOf(last) : null,
  };
}

/** One published story, by id or slug; null when readers cannot see it. */
export async function getApiStory(idOrSlug: string, fields: readonly StoryField[], include: readonly StoryInclude[]): Promise<StoryOut | null> {
  const match = isUuid(idOrSlug) ? Prisma.sql`s."id" = ${idOrSlug}::uuid` : Prisma.sql`s."slug" = ${idOrSlug}`;
  const rows = await db.$queryRaw<StoryRow[]>`
    ${storySelect(wantsBody(fields), include.includes("corrections"))}
    WHERE ${publishedStorySql("s")} AND ${match}`;
  const row = rows[0];
  if (!row) return null;
  return storyOut(row, fields, include, await imageVersions(rows, fields));
}

export async function listApiSections(): Promise<SectionOut[]> {
  const rows = await db.$queryRaw<Array<{ id: string; slug: string; name: string; description: string; position: number }>>`
    SELECT "id"::text AS "id", "slug", "name", "description", "position" FROM "Section" ORDER BY "position", "name"`;
  return rows.map(sectionOut);
}

/** Bylines with at least one published story, by slug. */
export async function listApiBylines(limit: number, after: string | null): Promise<Page<BylineOut>> {
  const rows = await db.$queryRaw<EmbeddedByline[]>`
    SELECT b."id"::text AS "id", b."slug", b."name", b."kind"::text AS "kind", b."bio", b."url" AS "website"
    FROM "Byline" b
    WHERE ${after === null ? Prisma.sql`true` : Prisma.sql`b."slug" > ${after}`}
      AND EXISTS (SELECT 1 FROM "StoryByline" sb JOIN "Story" s ON s."id" = sb."storyId" WHERE sb."bylineId" = b."id" AND ${publishedStorySql("s")})
    ORDER BY b."slug" LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return { data: page.map(bylineOut), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.slug]) : null };
}

/** Tags on at least one published story, by slug, with how many published stories carry each. */
export async function listApiTags(limit: number, after: string | null): Promise<Page<TagOut>> {
  const rows = await db.$queryRaw<Array<EmbeddedTag & { storyCount: number }>>`
    SELECT t."id"::text AS "id", t."slug", t."name", counted."n"::int AS "storyCount"
    FROM "Tag" t
    CROSS JOIN LATERAL (SELECT count(*) AS "n" FROM "StoryTag" st JOIN "Story" s ON s."id" = st."storyId" WHERE st."tagId" = t."id" AND ${publishedStorySql("s")}) counted
    WHERE ${after === null ? Prisma.sql`true` : Prisma.sql`t."slug" > ${after}`} AND counted."n" > 0
    ORDER BY t."slug" LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  return { data: page.map(tagOut), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.slug]) : null };
}

/** Corrections and clarifications of published stories, newest first. */
export async function listApiCorrections(limit: number, after: { at: Date; id: string } | null): Promise<Page<CorrectionOut>> {
  const rows = await db.$queryRaw<Array<EmbeddedCorrection & { at: Date; storyId: string; storySlug: string; headline: string; sectionSlug: string }>>`
    SELECT c."id"::text AS "id", c."kind"::text AS "kind", c."text", c."createdAt" AS "at",
      s."id"::text AS "storyId", s."slug" AS "storySlug", s."headline", sec."slug" AS "sectionSlug"
    FROM "Correction" c JOIN "Story" s ON s."id" = c."storyId" JOIN "Section" sec ON sec."id" = s."sectionId"
    WHERE ${publishedStorySql("s")} AND ${after === null ? Prisma.sql`true` : Prisma.sql`(c."createdAt", c."id") < (${after.at}, ${after.id}::uuid)`}
    ORDER BY c."createdAt" DESC, c."id" DESC LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      text: row.text,
      createdAt: row.at.toISOString(),
      story: { id: row.storyId, slug: row.storySlug, headline: row.headline, url: absoluteUrl(`/${row.sectionSlug}/${row.storySlug}`) },
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
  };
}
