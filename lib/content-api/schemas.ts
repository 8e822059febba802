// The Content API's responses and parameters as zod schemas: the handlers build their answers to
// these types, and lib/content-api/openapi.ts generates the OpenAPI 3.1 document from the same
// schemas (docs/api.md). No database here.

import { z } from "zod";

/** Story fields a client may ask for with `fields`. */
export const STORY_FIELDS = [
  "id",
  "slug",
  "url",
  "headline",
  "standfirst",
  "dateline",
  "datelinePlace",
  "credit",
  "embargoUntil",
  "publishedAt",
  "firstPublishedAt",
  "updatedAt",
  "wordCount",
  "sectionId",
  "bylineIds",
  "tagIds",
  "heroImage",
  "body",
  "bodyHtml",
] as const;
export type StoryField = (typeof STORY_FIELDS)[number];

/** Given without `fields`: everything but the body, which a client asks for by name. */
export const DEFAULT_STORY_FIELDS: readonly StoryField[] = STORY_FIELDS.filter((field) => field !== "body" && field !== "bodyHtml");

/** What `include` may embed in each story. */
export const STORY_INCLUDES = ["section", "bylines", "tags", "corrections"] as const;
export type StoryInclude = (typeof STORY_INCLUDES)[number];

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

const timestamp = z.iso.datetime().meta({ description: "An instant, ISO 8601 in UTC.", example: "2026-12-06T09:30:00.000Z" });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "What kind of refusal: INVALID_PARAMETER, UNAUTHENTICATED, KEY_REVOKED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, CONFLICT, INVALID_INPUT, INTERNAL." }),
      message: z.string(),
      fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: "Error" });

export const sectionSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    position: z.int(),
    url: z.url(),
  })
  .meta({ id: "Section" });

export const bylineSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    kind: z.enum(["PERSON", "ORGANISATION"]),
    bio: z.string(),
    website: z.string().nullable(),
    url: z.url(),
  })
  .meta({ id: "Byline" });

export const tagSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), storyCount: z.int().optional(), url: z.url() })
  .meta({ id: "Tag" });

export const correctionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(["CORRECTION", "CLARIFICATION"]),
    text: z.string(),
    createdAt: timestamp,
    story: z.object({ id: z.uuid(), slug: z.string(), headline: z.string(), url: z.url() }).optional(),
  })
  .meta({ id: "Correction" });

/** The body's node tree: the allow-list of lib/stories/document.ts, described loosely here (type + content). */
export const documentSchema = z
  .object({ type: z.literal("doc"), content: z.array(z.looseObject({ type: z.string() })) })
  .meta({ id: "StoryDocument", description: "The story body as its allow-listed Tiptap document (docs/api.md lists the node types)." });

export const imageSchema = z
  .object({ id: z.uuid(), url: z.url(), width: z.int(), height: z.int(), alt: z.string(), caption: z.string(), credit: z.string() })
  .meta({ id: "Image" });

export const storySchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    url: z.url(),
    headline: z.string(),
    standfirst: z.string(),
    dateline: z.string().meta({ description: "The desk, e.g. \"Asia\"." }),
    datelinePlace: z.string().meta({ description: "Where the story was filed, e.g. \"SEOUL\"; \"\" when none." }),
    credit: z.string().meta({ description: "The credit line, e.g. \"Reporting by A; Editing by B\"; \"\" when none." }),
    embargoUntil: timestamp.nullable().meta({ description: "The embargo the story was held under (always past: an embargoed story is not served); null when none." }),
    publishedAt: timestamp,
    firstPublishedAt: timestamp.nullable(),
    updatedAt: timestamp,
    wordCount: z.int(),
    sectionId: z.uuid(),
    bylineIds: z.array(z.uuid()),
    tagIds: z.array(z.uuid()),
    heroImage: imageSchema.nullable(),
    body: documentSchema,
    bodyHtml: z.string().meta({ description: "The body as sanitised HTML: the reader page's markup, absolute links." }),
    section: sectionSchema,
    bylines: z.array(bylineSchema),
    tags: z.array(tagSchema),
    corrections: z.array(correctionSchema),
  })
  .partial()
  .strict()
  .meta({ id: "Story", description: "A published story: the fields asked for with `fields`, and what `include` embeds." });

const pageSchema = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .strict()
    .meta({ id });

export const storyPageSchema = pageSchema(storySchema, "StoryPage");
export const storyOneSchema = z.object({ data: storySchema }).strict().meta({ id: "StoryResponse" });
export const sectionListSchema = z.object({ data: z.array(sectionSchema) }).strict().meta({ id: "SectionList" });
export const bylinePageSchema = pageSchema(bylineSchema, "BylinePage");
export const tagPageSchema = pageSchema(tagSchema, "TagPage");
export const correctionPageSchema = pageSchema(correctionSchema, "CorrectionPage");

export type StoryOut = z.infer<typeof storySchema>;
export type SectionOut = z.infer<typeof sectionSchema>;
export type BylineOut = z.infer<typeof bylineSchema>;
export type TagOut = z.infer<typeof tagSchema>;
export type CorrectionOut = z.infer<typeof correctionSchema>;

// ── Query parameters ─────────────────────────────────────────────────

const commaList = z.string().meta({ description: "Comma-separated names." });

export const pageParams = {
  limit: z.string().optional().meta({ description: `Items per page, 1 to ${PAGE_SIZE_MAX} (default ${PAGE_SIZE_DEFAULT}).`, example: "20" }),
  cursor: z.string().optional().meta({ description: "The `nextCursor` of the previous page." }),
};

export const storyListQuerySchema = z
  .object({
    section: z.string().optional().meta({ description: "A section's slug." }),
    tag: z.string().optional().meta({ description: "A tag's slug." }),
    byline: z.string().optional().meta({ description: "A byline's slug." }),
    from: z.string().optional().meta({ description: "Published at or after (ISO 8601 date or date-time)." }),
    to: z.string().optional().meta({ description: "Published before (ISO 8601 date or date-time; a date means up to its end)." }),
    updatedSince: z.string().optional().meta({ description: "Changed at or after (ISO 8601 date-time)." }),
    fields: commaList.optional().meta({ description: `Story fields to return: ${STORY_FIELDS.join(", ")}.` }),
    include: commaList.optional().meta({ description: `Related records to embed: ${STORY_INCLUDES.join(", ")}.` }),
    ...pageParams,
  })
  .strict();

export const storyOneQuerySchema = z
  .object({ fields: storyListQuerySchema.shape.fields, include: storyListQuerySchema.shape.include })
  .strict();
export const pageQuerySchema = z.object(pageParams).strict();
