// Everything a story page shows, in one statement (issue 14, "a miss that costs little"). A story
// page that is not in the reader cache used to cost about twenty round trips: the story, its
// discovery facts again for the metadata and JSON-LD, the body's image sizes, its tags, the related
// stories and their teasers, the comment policy, count and first threads, most of them through
// Prisma's relation loading. This reads the same rows in one prepared statement on the pool under
// Prisma (lib/db.ts getPool) and builds the same values with the same functions:
//
//   story       getPublishedStory (lib/stories/queries.ts): toTeaser, parseStoryDocument
//   discovery   getDiscoveryStory (lib/feeds/queries.ts): discoveryOf
//   images      getMediaSizes (lib/media/queries.ts): toMediaSizes
//   tags        listStoryTags (lib/stories/listing.ts)
//   related     listRelatedStories (lib/stories/listing.ts): the same SQL, then toTeaser
//   comments    getStoryCommentPreview (lib/comments/queries.ts): effectiveCommentPolicy, buildThread
//
// A change to any of those is a change here too: lib/stories/story-page.integration.test.ts holds
// this to their answers, and docs/fast-paths.md ("The story page in one statement") lists what it
// repeats. A slug that finds no published story is left to getPublishedStory (old slugs redirect).

import "server-only";

import { buildThread, type CommentRow, type StoryCommentPreview } from "@/lib/comments/queries";
import { effectiveCommentPolicy } from "@/lib/comments/policy";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { getReaderPool } from "@/lib/db";
import { discoveryOf, type DiscoveryMediaRow, type DiscoveryStory } from "@/lib/feeds/queries";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CommentStatus } from "@/lib/generated/prisma/enums";
import { toMediaSizes, type MediaSizes } from "@/lib/media/queries";
import { libraryImageIds, parseStoryDocument } from "@/lib/stories/document";
import { RELATED_LIMIT } from "@/lib/stories/listing";
import { getPublishedStory, toTeaser, type BylineRef, type PublishedStory, type StoryTeaser } from "@/lib/stories/queries";
import { publishedStorySql } from "@/lib/stories/visibility";
import { isUuid } from "@/lib/validation/uuid";

/**
 * Threads shown under the story (commentsHtml, lib/reader-html/story.ts), by their opening comment
 * (with how many replies it has); the whole discussion is on its own page. Few enough that a story
 * with thousands of comments stays a light page: every comment here is in the HTML twice (markup
 * and the framework's payload).
 */
export const STORY_PAGE_THREADS = 10;

/** Everything the story page shows of a published story. */
export interface StoryPage {
  story: PublishedStory;
  discovery: DiscoveryStory;
  /** The library images the body shows, by media id (StoryBody). */
  images: Map<string, MediaSizes>;
  tags: Array<{ name: string; slug: string }>;
  related: StoryTeaser[];
  comments: StoryCommentPreview;
}

export type StoryPageLookup = { kind: "found"; page: StoryPage } | { kind: "redirect"; href: string } | { kind: "missing" };

// Times come as milliseconds since the epoch (the columns are UTC without a zone): no parsing, and
// no dependence on the app's own time zone, which node-postgres would apply to a plain timestamp.
const ms = (column: string) => Prisma.raw(`(extract(epoch from ${column}) * 1000)::float8`);

const MEDIA_JSON = Prisma.sql`json_build_object('id', m."id", 'width', m."width", 'height', m."height", 'variants', m."variants", 'alt', m."alt",
  'version', m."version", 'cropX', m."cropX", 'cropY', m."cropY", 'cropWidth', m."cropWidth", 'cropHeight', m."cropHeight",
  'focalX', m."focalX", 'focalY', m."focalY")`;

const BYLINES_OF = (story: string) =>
  Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', b."id", 'name', b."name", 'slug', b."slug", 'kind', b."kind") ORDER BY sb."position"), '[]'::json)
     FROM "StoryByline" sb JOIN "Byline" b ON b."id" = sb."bylineId" WHERE sb."storyId" = ${Prisma.raw(story)}."id")`;

/** $1 the slug, $2 how many related stories, $3 how many threads. Exported for EXPLAIN. */
export const STORY_PAGE_STATEMENT = Prisma.sql`
SELECT s."id", s."slug", s."headline", s."standfirst", s."dateline", s."datelinePlace", s."credit", s."body", s."commentCount", s."commentPolicy", s."status",
  ${ms(`s."publishedAt"`)} AS "publishedAt", ${ms(`s."updatedAt"`)} AS "updatedAt", ${ms(`s."commentsClosedAt"`)} AS "commentsClosedAt",
  s."seoTitle", s."seoDescription", s."socialHeadline",
  sec."name" AS "sectionName", sec."slug" AS "sectionSlug", sec."commentsCloseAfterDays",
  ${BYLINES_OF("s")} AS "bylines",
  (SELECT coalesce(json_agg(json_build_object('id', c."id", 'kind', c."kind", 'text', c."text", 'createdAt', ${ms(`c."createdAt"`)}) ORDER BY c."createdAt", c."id"), '[]'::json)
     FROM "Correction" c WHERE c."storyId" = s."id") AS "corrections",
  (SELECT coalesce(json_agg(json_build_object('name', t."name", 'slug', t."slug") ORDER BY t."name"), '[]'::json)
     FROM "StoryTag" st JOIN "Tag" t ON t."id" = st."tagId" WHERE st."storyId" = s."id") AS "tags",
  (SELECT ${MEDIA_JSON} FROM "Media" m WHERE m."id" = s."heroImageId") AS "heroImage",
  (SELECT coalesce(json_agg(${MEDIA_JSON}), '[]'::json) FROM "Media" m
    WHERE m."id" = ANY (ARRAY(
      SELECT (block -> 'attrs' ->> 'mediaId')::uuid FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s."body" -> 'content') = 'array' THEN s."body" -> 'content' ELSE '[]'::jsonb END) block
       WHERE block ->> 'type' = 'image' AND (block -> 'attrs' ->> 'mediaId') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))) AS "bodyMedia",
  (SELECT coalesce(json_agg(json_build_object('id', r."id", 'slug', r."slug", 'headline', r."headline", 'standfirst', r."standfirst", 'dateline', r."dateline",
          'publishedAt', ${ms(`r."publishedAt"`)}, 'commentCount', r."commentCount", 'sectionName', rs."name", 'sectionSlug', rs."slug", 'bylines', ${BYLINES_OF("r")})
          ORDER BY p."tier", p."publishedAt" DESC, p."id" DESC), '[]'::json)
     FROM (
       SELECT q."id", q."publishedAt", q."tier" FROM (
         SELECT DISTINCT ON ("id") "id", "publishedAt", "tier" FROM (
           (SELECT o."id", o."publishedAt", 0 AS "tier" FROM "Story" o
             WHERE ${publishedStorySql("o")} AND o."id" <> s."id"
               AND EXISTS (SELECT 1 FROM "StoryTag" any_tag WHERE any_tag."storyId" = s."id")
               AND EXISTS (SELECT 1 FROM "StoryTag" mine JOIN "StoryTag" theirs ON theirs."tagId" = mine."tagId" WHERE mine."storyId" = s."id" AND theirs."storyId" = o."id")
             ORDER BY o."publishedAt" DESC, o."id" DESC LIMIT $2)
           UNION ALL
           (SELECT o."id", o."publishedAt", 1 AS "tier" FROM "Story" o
             WHERE ${publishedStorySql("o")} AND o."sectionId" = s."sectionId" AND o."id" <> s."id"
             ORDER BY o."publishedAt" DESC, o."id" DESC LIMIT $2)
         ) u ORDER BY "id", "tier"
       ) q ORDER BY q."tier", q."publishedAt" DESC, q."id" DESC LIMIT $2
     ) p
     JOIN "Story" r ON r."id" = p."id" JOIN "Section" rs ON rs."id" = r."sectionId"
     WHERE ${publishedStorySql("r")}
  ) AS "related",
  (SELECT coalesce(json_agg(json_build_object('id', c."id", 'parentId', c."parentId", 'authorId', c."authorId", 'displayName', u."displayName",
          'status', c."status", 'body', c."body", 'createdAt', ${ms(`c."createdAt"`)}, 'editedAt', ${ms(`c."editedAt"`)}, 'replyCount', c."replyCount")
          ORDER BY c."createdAt", c."id"), '[]'::json)
     FROM (SELECT * FROM "Comment" c
            WHERE c."storyId" = s."id" AND c."status" = 'APPROVED' AND c."parentId" IS NULL AND c."deletedAt" IS NULL
            ORDER BY c."createdAt", c."id" LIMIT $3) c
     LEFT JOIN "User" u ON u."id" = c."authorId") AS "comments"
FROM "Story" s LEFT JOIN "Section" sec ON sec."id" = s."sectionId"
WHERE ${publishedStorySql("s")} AND s."slug" = $1
LIMIT 1`;

interface MediaJson extends DiscoveryMediaRow {
  focalX: number;
  focalY: number;
}

interface TeaserJson {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  dateline: string;
  publishedAt: number;
  commentCount: number;
  sectionName: string;
  sectionSlug: string;
  bylines: BylineRef[];
}

interface PageRow {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  dateline: string;
  datelinePlace: string;
  credit: string;
  body: unknown;
  commentCount: number;
  commentPolicy: PublishedStory["commentPolicy"];
  status: "PUBLISHED";
  publishedAt: number;
  updatedAt: number;
  commentsClosedAt: number | null;
  seoTitle: string;
  seoDescription: string;
  socialHeadline: string;
  sectionName: string | null;
  sectionSlug: string | null;
  commentsCloseAfterDays: number | null;
  bylines: BylineRef[];
  corrections: Array<{ id: string; kind: "CORRECTION" | "CLARIFICATION"; text: string; createdAt: number }>;
  tags: Array<{ name: string; slug: string }>;
  heroImage: MediaJson | null;
  bodyMedia: MediaJson[];
  related: TeaserJson[];
  comments: Array<{ id: string; parentId: string | null; authorId: string | null; displayName: string | null; status: CommentStatus; body: string; createdAt: number; editedAt: number | null; replyCount: number }>;
}

const section = (name: string | null, slug: string | null) => (name === null || slug === null ? null : { name, slug });

/** The story page of the published story at /<sectionSlug>/<slug>: everything it shows, a redirect, or missing. */
export async function getStoryPage(sectionSlug: string, slug: string, now: Date = new Date()): Promise<StoryPageLookup> {
  // The comments' closing sentence is dated in the newsroom's style (from the reader cache: no round trip once read).
  const [result, dates] = await Promise.all([
    getReaderPool().query<PageRow>({ name: "story-page", text: STORY_PAGE_STATEMENT.text, values: [slug, RELATED_LIMIT, STORY_PAGE_THREADS] }),
    newsroomDateStyle(),
  ]);
  const row = result.rows[0];
  if (!row) {
    // Not a published story's slug: an old slug redirects, anything else is missing.
    const lookup = await getPublishedStory(sectionSlug, slug);
    return lookup.kind === "found" ? { kind: "missing" } : lookup;
  }
  const teaserRow = {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    publishedAt: new Date(row.publishedAt),
    commentCount: row.commentCount,
    section: section(row.sectionName, row.sectionSlug),
    bylines: row.bylines.map((byline) => ({ byline })),
  };
  const teaser = toTeaser(teaserRow);
  if (teaser.section.slug !== sectionSlug) return { kind: "redirect", href: teaser.href };
  const body = parseStoryDocument(row.body);
  const updatedAt = new Date(row.updatedAt);
  const story: PublishedStory = {
    ...teaser,
    datelinePlace: row.datelinePlace,
    credit: row.credit,
    body,
    updatedAt,
    corrections: row.corrections.map((correction) => ({ ...correction, createdAt: new Date(correction.createdAt) })),
    commentPolicy: row.commentPolicy,
  };

  const bodyMedia = new Map(row.bodyMedia.map((media) => [media.id, media]));
  // As getMediaSizes: the first 200 distinct well-formed ids the body names.
  const imageIds = libraryImageIds(body).filter((id) => isUuid(id)).slice(0, 200);
  const images = new Map<string, MediaSizes>();
  for (const id of imageIds) {
    const media = bodyMedia.get(id);
    if (media) images.set(id, toMediaSizes(media));
  }

  const discovery = discoveryOf(
    {
      id: row.id,
      slug: row.slug,
      headline: row.headline,
      standfirst: row.standfirst,
      dateline: row.dateline,
      datelinePlace: row.datelinePlace,
      credit: row.credit,
      publishedAt: teaserRow.publishedAt,
      updatedAt,
      section: teaserRow.section,
      bylines: row.bylines.map(({ name, slug: bylineSlug, kind }) => ({ byline: { name, slug: bylineSlug, kind } })),
      tags: row.tags.map(({ name }) => ({ tag: { name } })),
      heroImage: row.heroImage,
      seoTitle: row.seoTitle,
      seoDescription: row.seoDescription,
      socialHeadline: row.socialHeadline,
    },
    body,
    bodyMedia,
  );

  const related = row.related.map((teaserJson) =>
    toTeaser({
      id: teaserJson.id,
      slug: teaserJson.slug,
      headline: teaserJson.headline,
      standfirst: teaserJson.standfirst,
      dateline: teaserJson.dateline,
      publishedAt: new Date(teaserJson.publishedAt),
      commentCount: teaserJson.commentCount,
      section: { name: teaserJson.sectionName, slug: teaserJson.sectionSlug },
      bylines: teaserJson.bylines.map((byline) => ({ byline })),
    }),
  );

  const policy = effectiveCommentPolicy(
    {
      status: row.status,
      commentPolicy: row.commentPolicy,
      commentsClosedAt: row.commentsClosedAt === null ? null : new Date(row.commentsClosedAt),
      publishedAt: teaserRow.publishedAt,
      commentsCloseAfterDays: row.commentsCloseAfterDays,
    },
    dates,
    now,
  );
  const commentRows: CommentRow[] = row.comments.map((comment) => ({
    ...comment,
    deleted: false,
    createdAt: new Date(comment.createdAt),
    editedAt: comment.editedAt === null ? null : new Date(comment.editedAt),
    holdReasons: [],
    rejectReason: null,
  }));
  const comments: StoryCommentPreview = {
    storyId: row.id,
    policy,
    count: row.commentCount,
    comments: buildThread(commentRows, { sort: "oldest", viewerId: null }).comments,
  };

  return { kind: "found", page: { story, discovery, images, tags: row.tags, related, comments } };
}
