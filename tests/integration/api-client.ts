// Calls the Content API's and the Admin API's route handlers as a client would, and checks every
// answer against the OpenAPI document the API serves (/api/content/v1/openapi.json): the status
// must be one the document lists for that operation, and the body must match its schema. Used by
// the API's integration tests, so every response they see is checked against the contract.

import { gunzipSync } from "node:zlib";

import { Ajv2020 } from "ajv/dist/2020.js";
import { NextRequest } from "next/server";
import { expect } from "vitest";

import * as adminMedia from "@/app/api/admin/v1/media/route";
import * as adminStory from "@/app/api/admin/v1/stories/[id]/route";
import * as adminStatus from "@/app/api/admin/v1/stories/[id]/status/route";
import * as adminStories from "@/app/api/admin/v1/stories/route";
import * as bylines from "@/app/api/content/v1/bylines/route";
import * as corrections from "@/app/api/content/v1/corrections/route";
import * as openapi from "@/app/api/content/v1/openapi.json/route";
import * as sections from "@/app/api/content/v1/sections/route";
import * as story from "@/app/api/content/v1/stories/[idOrSlug]/route";
import * as stories from "@/app/api/content/v1/stories/route";
import * as tags from "@/app/api/content/v1/tags/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import type { KeyRole } from "@/lib/api-keys/schemas";
import { db } from "@/lib/db";
import { makeActor, unique } from "@/tests/integration/factories";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

interface Route {
  method: string;
  /** The OpenAPI path template. */
  template: string;
  pattern: RegExp;
  handler: Handler;
}

function route(method: string, template: string, handler: unknown): Route {
  const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`);
  return { method, template, pattern, handler: handler as Handler };
}

const ROUTES: Route[] = [
  route("get", "/api/content/v1/stories", stories.GET),
  route("get", "/api/content/v1/stories/{idOrSlug}", story.GET),
  route("get", "/api/content/v1/sections", sections.GET),
  route("get", "/api/content/v1/bylines", bylines.GET),
  route("get", "/api/content/v1/tags", tags.GET),
  route("get", "/api/content/v1/corrections", corrections.GET),
  route("post", "/api/admin/v1/stories", adminStories.POST),
  route("get", "/api/admin/v1/stories/{id}", adminStory.GET),
  route("put", "/api/admin/v1/stories/{id}", adminStory.PUT),
  route("post", "/api/admin/v1/stories/{id}/status", adminStatus.POST),
  route("post", "/api/admin/v1/media", adminMedia.POST),
];

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
}

let contract: { document: OpenApiDocument; ajv: Ajv2020 } | undefined;

async function loadContract() {
  if (contract) return contract;
  const response = await openapi.GET();
  expect(response.status).toBe(200);
  const document = (await response.json()) as OpenApiDocument & { openapi: string };
  expect(document.openapi).toBe("3.1.0");
  // The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1); their $refs point into the document.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: "openapi.json", ...document });
  contract = { document, ajv };
  return contract;
}

function pointer(...parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/** Fails the test unless this answer is one the OpenAPI document describes for the operation. */
export async function expectContract(method: string, template: string, response: Response, body: unknown): Promise<void> {
  const { document, ajv } = await loadContract();
  const operation = document.paths[template]?.[method];
  expect(operation, `${method} ${template} is in the OpenAPI document`).toBeDefined();
  const described = operation!.responses[String(response.status)];
  expect(described, `${method} ${template} lists status ${response.status}`).toBeDefined();
  if (response.status === 304) return;
  expect(described!.content?.["application/json"], `${method} ${template} ${response.status} has a JSON schema`).toBeDefined();
  const validate = ajv.getSchema(`openapi.json#/${pointer("paths", template, method, "responses", String(response.status), "content", "application/json", "schema")}`);
  expect(validate).toBeDefined();
  const valid = validate!(body);
  expect(valid ? [] : validate!.errors, `${method} ${template} ${response.status} matches its schema`).toEqual([]);
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API at `path` (with its query) as a client with `key` would; the answer is checked against the contract. */
export async function callApi<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
  path: string,
  init: { key?: string | null; keyHeader?: "bearer" | "x-api-key"; method?: string; headers?: Record<string, string>; json?: unknown; body?: BodyInit } = {},
): Promise<ApiAnswer<T>> {
  const method = (init.method ?? (init.json !== undefined || init.body !== undefined ? "POST" : "GET")).toLowerCase();
  const url = new URL(path, "http://localhost:3000");
  const match = ROUTES.map((one) => ({ one, found: one.method === method ? one.pattern.exec(url.pathname) : null })).find((candidate) => candidate.found);
  if (!match?.found) throw new Error(`No API route for ${method.toUpperCase()} ${url.pathname}`);
  const headers = new Headers(init.headers);
  if (init.key) headers.set(init.keyHeader === "x-api-key" ? "x-api-key" : "authorization", init.keyHeader === "x-api-key" ? init.key : `Bearer ${init.key}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const request = new NextRequest(url, {
    method: method.toUpperCase(),
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}),
  });
  const response = await match.one.handler(request, { params: Promise.resolve({ ...match.found.groups }) });
  const raw = response.status === 304 ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
  const text = (response.headers.get("content-encoding") === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
  const body = text === "" ? null : (JSON.parse(text) as T);
  await expectContract(method, match.one.template, response, body);
  return { status: response.status, headers: response.headers, body: body as T };
}

/** A new key of a new integration, made by a new admin; with its row's id and the integration's account. */
export async function makeKey(role: KeyRole = "READER", options: { rateLimit?: number } = {}) {
  const admin = await makeActor("ADMIN");
  const created = await createApiKey(admin, { name: unique("Integration"), role });
  if (options.rateLimit !== undefined) await db.apiKey.update({ where: { id: created.id }, data: { rateLimit: options.rateLimit } });
  const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { userId: true } });
  return { ...created, admin, userId: row.userId };
}
