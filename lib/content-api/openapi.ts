// The OpenAPI 3.1 document of the Content API and the Admin API, generated from the zod schemas
// the handlers answer with (lib/content-api/schemas.ts), so the two cannot drift apart. Served at
// /api/content/v1/openapi.json; the integration tests validate every answer against it.

import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

import { WORKFLOW_ACTIONS, type WorkflowAction } from "@/lib/stories/workflow";

import {
  bylinePageSchema,
  correctionPageSchema,
  errorSchema,
  pageQuerySchema,
  sectionListSchema,
  storyListQuerySchema,
  storyOneQuerySchema,
  storyOneSchema,
  storyPageSchema,
  tagPageSchema,
} from "./schemas";

export const savedStorySchema = z
  .object({ data: z.object({ id: z.uuid(), slug: z.string(), version: z.int(), status: z.enum(["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"]) }).strict() })
  .strict()
  .meta({ id: "SavedStory" });

export const uploadedMediaSchema = z
  .object({ data: z.object({ id: z.uuid(), width: z.int(), height: z.int(), alt: z.string(), caption: z.string(), credit: z.string() }).strict() })
  .strict()
  .meta({ id: "UploadedMedia" });

const STORY_STATUSES = ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"] as const;
const WORKFLOW_ACTIONS_LIST = WORKFLOW_ACTIONS as [WorkflowAction, ...WorkflowAction[]];

export const adminStorySchema = z
  .object({
    data: z
      .object({
        id: z.uuid(),
        slug: z.string(),
        version: z.int(),
        status: z.enum(STORY_STATUSES),
        headline: z.string(),
        standfirst: z.string(),
        dateline: z.string(),
        datelinePlace: z.string(),
        credit: z.string(),
        embargoUntil: z.iso.datetime().nullable(),
        sectionId: z.uuid().nullable(),
        bylineIds: z.array(z.uuid()),
        tags: z.array(z.string()),
        body: z.looseObject({ type: z.literal("doc") }),
        heroImageId: z.uuid().nullable(),
        commentPolicy: z.enum(["OPEN", "PREMODERATED", "CLOSED"]),
        seoTitle: z.string(),
        seoDescription: z.string(),
        socialHeadline: z.string(),
        publishedAt: z.iso.datetime().nullable(),
        scheduledFor: z.iso.datetime().nullable(),
        updatedAt: z.iso.datetime(),
        canEdit: z.boolean().meta({ description: "Whether this key may save the story (PUT): the desk's rule for its role." }),
        actions: z.array(z.enum(WORKFLOW_ACTIONS_LIST)).meta({ description: "The status actions this key may take on it now (POST …/status)." }),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "AdminStory" });

const storyInputSchema = z
  .looseObject({
    headline: z.string().optional(),
    standfirst: z.string().optional(),
    dateline: z.string().optional(),
    datelinePlace: z.string().optional().meta({ description: "Where the story was filed, e.g. \"SEOUL\" (at most 80 characters); left out, it stays." }),
    credit: z.string().optional().meta({ description: "The credit line (at most 300 characters); left out, it stays." }),
    embargoUntil: z.iso.datetime({ offset: true }).or(z.literal("")).nullable().optional().meta({ description: "No reader sees the story, and it cannot be published or scheduled, before this instant; \"\" or null clears it; left out, it stays." }),
    slug: z.string().optional(),
    sectionId: z.uuid().nullable().optional(),
    bylineIds: z.array(z.uuid()).optional(),
    tags: z.array(z.string()).optional(),
    body: z.looseObject({ type: z.literal("doc") }),
    heroImageId: z.uuid().nullable().optional(),
    seoTitle: z.string().optional(),
    seoDescription: z.string().optional(),
    socialHeadline: z.string().optional(),
  })
  .meta({ id: "StoryInput", description: "The desk's story fields; the same validation applies." });

const errors = (codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_DESCRIPTIONS[code] ?? "Refused", content: { "application/json": { schema: errorSchema } } }]));

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "A parameter or the input does not parse; nothing changed",
  401: "No key, an unknown key or a revoked key",
  403: "The key's role may not do this",
  404: "Not found, or not visible to readers",
  409: "The story changed since the version given (details.currentVersion), or the action does not apply",
  429: "Too many requests with this key (Retry-After)",
};


function build() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "Authorization: Bearer <key>" });
  registry.registerComponent("securitySchemes", "apiKey", { type: "apiKey", in: "header", name: "X-Api-Key" });
  const security: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];
  const ok = (description: string, schema: z.ZodType) => ({ description, content: { "application/json": { schema } } });
  const notModified = { "304": { description: "Not modified (If-None-Match matched the ETag)" } };

  registry.registerPath({
    method: "get",
    path: "/api/content/v1/stories",
    summary: "Published stories, newest first",
    security,
    request: { query: storyListQuerySchema },
    responses: { "200": ok("A page of stories", storyPageSchema), ...notModified, ...errors([400, 401, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/content/v1/stories/{idOrSlug}",
    summary: "One published story",
    security,
    request: { params: z.object({ idOrSlug: z.string() }), query: storyOneQuerySchema },
    responses: { "200": ok("The story", storyOneSchema), ...notModified, ...errors([400, 401, 404, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/content/v1/sections",
    summary: "The sections, in navigation order",
    security,
    responses: { "200": ok("Every section", sectionListSchema), ...notModified, ...errors([400, 401, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/content/v1/bylines",
    summary: "Bylines with published stories, by slug",
    security,
    request: { query: pageQuerySchema },
    responses: { "200": ok("A page of bylines", bylinePageSchema), ...notModified, ...errors([400, 401, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/content/v1/tags",
    summary: "Tags on published stories, by slug, with counts",
    security,
    request: { query: pageQuerySchema },
    responses: { "200": ok("A page of tags", tagPageSchema), ...notModified, ...errors([400, 401, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/content/v1/corrections",
    summary: "Corrections and clarifications of published stories, newest first",
    security,
    request: { query: pageQuerySchema },
    responses: { "200": ok("A page of corrections", correctionPageSchema), ...notModified, ...errors([400, 401, 429]) },
  });

  const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
  registry.registerPath({
    method: "post",
    path: "/api/admin/v1/stories",
    summary: "Create a draft",
    security,
    request: { body: json(storyInputSchema) },
    responses: { "201": ok("The new draft", savedStorySchema), ...errors([400, 401, 403, 429]) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/admin/v1/stories/{id}",
    summary: "A story as the desk has it, drafts included, with the version to save on",
    security,
    request: { params: z.object({ id: z.uuid() }) },
    responses: { "200": ok("The story", adminStorySchema), ...errors([401, 403, 404, 429]) },
  });
  registry.registerPath({
    method: "put",
    path: "/api/admin/v1/stories/{id}",
    summary: "Save a story, based on the version given",
    security,
    request: { params: z.object({ id: z.uuid() }), body: json(z.looseObject({ version: z.int() }).and(storyInputSchema)) },
    responses: { "200": ok("Saved", savedStorySchema), ...errors([400, 401, 403, 404, 409, 429]) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/admin/v1/stories/{id}/status",
    summary: "Move a story through the workflow",
    security,
    request: {
      params: z.object({ id: z.uuid() }),
      body: json(
        z.object({
          version: z.int(),
          action: z.enum(WORKFLOW_ACTIONS_LIST),
          scheduledFor: z.string().optional(),
          acknowledgeWarnings: z.boolean().optional(),
        }),
      ),
    },
    responses: { "200": ok("Moved", savedStorySchema), ...errors([400, 401, 403, 404, 409, 429]) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/admin/v1/media",
    summary: "Upload an image to the media library",
    security,
    request: { body: { content: { "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), alt: z.string().optional(), caption: z.string().optional(), credit: z.string().optional() }) } } } },
    responses: { "201": ok("The stored image", uploadedMediaSchema), ...errors([400, 401, 403, 409, 413, 429]) },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Newsdesk Content API and Admin API", version: "1.0.0", description: "See docs/api.md: keys, pagination, errors and rate limits." },
    servers: [{ url: "/" }],
  });
}

let document: ReturnType<typeof build> | undefined;

/** The OpenAPI 3.1 document (built once per process). */
export function openApiDocument(): ReturnType<typeof build> {
  document ??= build();
  return document;
}
